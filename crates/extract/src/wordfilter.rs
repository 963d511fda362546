//! A summary of a small word set by (first letter, last letter, length): one bit test
//! rules out most words before the set itself is hashed. The recognizer
//! asks a handful of small sets (pronouns, a document's sentence-initial
//! words) about nearly every token, and hashing every token for them cost
//! more than the rest of the question.

/// Lengths from this one up share a bit.
const LONG: usize = 15;

/// Which (first byte, last byte, length) triples a set of words has. It can
/// say "maybe" of a word the set lacks, never "no" of one it holds. The last
/// byte counts since first letter and length alone let the commonest
/// words through ("in" and "is" for "it", "that" and "this" for "they").
#[derive(Debug, Clone, Default)]
pub struct WordFilter {
    /// By length, then first byte: a bit per last byte.
    bits: [[u32; 32]; LONG + 1],
}

/// The first and last bytes in ASCII lower case, folded to 5 bits
/// (collisions only cost a look-up), and the length capped at [`LONG`].
#[inline]
fn key(w: &str) -> Option<(usize, usize, u32)> {
    let b = w.as_bytes();
    let (first, last) = (*b.first()?, *b.last()?);
    Some((
        w.len().min(LONG),
        usize::from(first.to_ascii_lowercase() & 31),
        u32::from(last.to_ascii_lowercase() & 31),
    ))
}

impl WordFilter {
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> WordFilter {
        let mut f = WordFilter::default();
        for w in words {
            f.insert(w);
        }
        f
    }

    pub fn insert(&mut self, w: &str) {
        if let Some((len, first, last)) = key(w) {
            self.bits[len][first] |= 1 << last;
        }
    }

    /// `w` may be in the set (false: it is not).
    #[inline]
    pub fn may_contain(&self, w: &str) -> bool {
        key(w).is_some_and(|(len, first, last)| self.bits[len][first] & (1 << last) != 0)
    }

    /// `w` in lower case may be in the set, for a set of lower-case words.
    /// Lowering an ASCII word keeps its length and lowers its first byte,
    /// which the key already does; any other word is a "maybe".
    #[inline]
    pub fn may_contain_lowered(&self, w: &str) -> bool {
        !w.is_ascii() || self.may_contain(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rules_out_the_commonest_words_for_pronouns() {
        let f = WordFilter::of(["he", "him", "his", "she", "her", "they", "them", "it"]);
        for w in [
            "the", "of", "and", "a", "to", "said", "was", "in", "is", "that", "this",
        ] {
            assert!(!f.may_contain_lowered(w), "{w}");
        }
        for w in ["he", "She", "THEY", "It", "his"] {
            assert!(f.may_contain_lowered(w), "{w}");
        }
    }

    #[test]
    fn an_empty_word_and_an_empty_set_hold_nothing() {
        assert!(!WordFilter::default().may_contain("he"));
        assert!(!WordFilter::of(["he"]).may_contain(""));
    }

    proptest! {
        /// Never a false "no": every word of the set, and (for a
        /// lower-case set) every casing of one, passes.
        #[test]
        fn never_rules_out_a_member(
            words in proptest::collection::vec("[a-zA-Zéİ'’-]{1,20}", 0..20),
            probe in "[a-zA-Zéİ'’-]{0,20}",
        ) {
            let f = WordFilter::of(words.iter().map(String::as_str));
            for w in &words {
                prop_assert!(f.may_contain(w));
            }
            let lowered: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let g = WordFilter::of(lowered.iter().map(String::as_str));
            if lowered.contains(&probe.to_lowercase()) {
                prop_assert!(g.may_contain_lowered(&probe));
            }
            for w in &words {
                prop_assert!(g.may_contain_lowered(w));
            }
        }
    }
}
