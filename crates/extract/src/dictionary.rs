//! A lexicon's phrases looked up where they can start, rather than searched
//! for through the whole text.
//!
//! The recognizer keeps only phrases that begin and end on token
//! boundaries, and quotes and positions only whole words; the starts are
//! known (tokens, [`crate::quotes::Segments::phrase_starts_in`]). An
//! unanchored automaton read every byte of every document, once per
//! lexicon and again for each overlapping range of the cue scans. Asked
//! instead at each start whose first bytes can begin a phrase, the
//! automaton walks a few bytes at a few starts and none at the others.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// Phrases matched leftmost-longest at a given start.
pub struct Dictionary {
    /// A contiguous NFA rather than a DFA: a walk is a few steps, and the
    /// NFA's smaller tables missed the cache a third less often (the walks'
    /// share of a one-thread 50 MB build, by perf: 1.7 % with a DFA, 1.15 %).
    automaton: NFA,
    /// Each byte as the automaton compares it: ASCII letters lowered when
    /// case is ignored, every byte itself otherwise.
    fold: [u8; 256],
    /// Bytes that are whole phrases.
    singles: [bool; 256],
    /// Bit `256 * a + b` is set when a phrase of two or three bytes begins
    /// with the (folded) bytes `a b`.
    short: Box<[u64; 1024]>,
    /// A one-hash Bloom filter of the first four (folded) bytes of the
    /// longer phrases: most tokens begin as no phrase does and are not
    /// walked at all, and a walk's first steps miss the cache.
    long: Box<[u64; 1024]>,
}

/// The bit of [`Dictionary::long`] for four folded bytes.
fn quad_bit(q: [u8; 4]) -> usize {
    (u32::from_le_bytes(q).wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn set(bits: &mut [u64; 1024], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn get(bits: &[u64; 1024], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

impl Dictionary {
    pub fn new<P: AsRef<[u8]>>(
        phrases: &[P],
        ascii_case_insensitive: bool,
    ) -> Result<Self, String> {
        let mut fold = [0u8; 256];
        for (b, f) in fold.iter_mut().enumerate() {
            let b = b as u8;
            *f = if ascii_case_insensitive {
                b.to_ascii_lowercase()
            } else {
                b
            };
        }
        let mut singles = [false; 256];
        let mut short = Box::new([0u64; 1024]);
        let mut long = Box::new([0u64; 1024]);
        for p in phrases {
            let f: Vec<u8> = p.as_ref().iter().map(|&b| fold[b as usize]).collect();
            match f[..] {
                [] => {}
                [a] => singles[a as usize] = true,
                [a, b] | [a, b, _] => set(&mut short, (a as usize) << 8 | b as usize),
                [a, b, c, d, ..] => set(&mut long, quad_bit([a, b, c, d])),
            }
        }
        let automaton = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(phrases)
            .map_err(|e| e.to_string())?;
        Ok(Dictionary {
            automaton,
            fold,
            singles,
            short,
            long,
        })
    }

    /// Whether a phrase may begin `bytes`; false only when none does.
    #[inline(always)]
    fn may_start(&self, bytes: &[u8]) -> bool {
        let f = |i: usize| self.fold[bytes[i] as usize];
        match bytes.len() {
            0 => false,
            1 => self.singles[f(0) as usize],
            n => {
                let (a, b) = (f(0), f(1));
                self.singles[a as usize]
                    || get(&self.short, (a as usize) << 8 | b as usize)
                    || (n >= 4 && get(&self.long, quad_bit([a, b, f(2), f(3)])))
            }
        }
    }

    /// The longest phrase that starts at byte `at` of `text`: its index
    /// among the phrases and the byte where it ends.
    #[inline]
    pub fn longest_at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes().get(at..)?;
        if !self.may_start(bytes) {
            return None;
        }
        self.walk(bytes, at)
    }

    #[inline(never)]
    fn walk(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        // The automaton walked by hand: a search through the crate's API
        // costs a hundred instructions before its first byte, and most
        // walks here end within three.
        let nfa = &self.automaton;
        let mut sid = nfa.start_state(Anchored::Yes).ok()?;
        let mut found = None;
        for (k, &b) in bytes.iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    break;
                }
                if nfa.is_match(sid) {
                    // A match state may carry a phrase that starts later
                    // (the automaton's failure links); only one starting
                    // here counts.
                    let pattern = nfa.match_pattern(sid, 0);
                    if nfa.pattern_len(pattern) == k + 1 {
                        found = Some((pattern.as_usize(), at + k + 1));
                    }
                }
            }
        }
        found
    }

    /// Non-overlapping phrases starting at the given byte offsets (in
    /// ascending order), leftmost-longest: a start inside the phrase before
    /// is passed over, as a search through the text would. Each as
    /// (start, phrase index, end).
    pub fn at_starts(
        &self,
        text: &str,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut covered = 0;
        for s in starts {
            if s < covered {
                continue;
            }
            if let Some((p, end)) = self.longest_at(text, s) {
                out.push((s, p, end));
                covered = end;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The crate's own anchored search, which the hand walk must agree with.
    fn by_search(
        phrases: &[String],
        nocase: bool,
        text: &str,
        at: usize,
    ) -> Option<(usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .ascii_case_insensitive(nocase)
            .build(phrases)
            .unwrap();
        let input = aho_corasick::Input::new(text)
            .range(at..)
            .anchored(Anchored::Yes);
        ac.find(input).map(|m| (m.pattern().as_usize(), m.end()))
    }

    proptest! {
        #[test]
        fn the_walk_agrees_with_an_anchored_search(
            phrases in prop::collection::vec("[aAbB .é]{1,6}", 1..12),
            text in "[aAbB .é]{0,40}",
            nocase in any::<bool>(),
        ) {
            let d = Dictionary::new(&phrases, nocase).unwrap();
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                prop_assert_eq!(d.longest_at(&text, at), by_search(&phrases, nocase, &text, at));
            }
        }
    }

    #[test]
    fn longest_phrase_at_a_start() {
        let d = Dictionary::new(&["United States", "United", "State Department"], false).unwrap();
        let text = "the United States and the State Department";
        assert_eq!(d.longest_at(text, 4), Some((0, 17)));
        assert_eq!(d.longest_at(text, 0), None);
        // Not a start of any phrase: no search at all.
        assert_eq!(d.longest_at(text, 1), None);
        assert_eq!(d.longest_at(text, 26), Some((2, 42)));
        assert_eq!(d.longest_at(text, 99), None);
    }

    #[test]
    fn case_is_ignored_when_asked() {
        let d = Dictionary::new(&["prime minister"], true).unwrap();
        assert_eq!(d.longest_at("Prime Minister May", 0), Some((0, 14)));
        let d = Dictionary::new(&["prime minister"], false).unwrap();
        assert_eq!(d.longest_at("Prime Minister May", 0), None);
    }

    #[test]
    fn starts_inside_a_phrase_are_passed_over() {
        let d = Dictionary::new(&["New York Times", "York"], false).unwrap();
        let text = "The New York Times and York";
        let starts = [0, 4, 8, 13, 19, 23];
        assert_eq!(d.at_starts(text, starts), vec![(4, 0, 18), (23, 1, 27)]);
    }

    #[test]
    fn an_empty_dictionary_matches_nothing() {
        let d = Dictionary::new::<&str>(&[], true).unwrap();
        assert_eq!(d.longest_at("anything", 0), None);
    }
}
