//! A lexicon's phrases looked up where tokens start, rather than searched
//! for through the whole text.
//!
//! The recognizer keeps only phrases that begin and end on token
//! boundaries, and it has every token already. An unanchored automaton
//! read every byte of every document twice (the gazetteer's forms, then the
//! titles) to find them: a fifth of recognition. Asked instead at each token
//! whose first byte can begin a phrase, the automaton reads a few bytes per
//! token that could start one and none for the others.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// Phrases matched leftmost-longest at a given start.
pub struct Dictionary {
    automaton: DFA,
    /// Bit `256 * a + b` is set when a phrase can begin with bytes `a b`
    /// (in either case when case is ignored): most tokens begin with a
    /// pair no phrase does, and are not walked at all.
    pairs: Box<[u64; 1024]>,
    /// Bytes that are whole phrases, which no second byte follows.
    singles: [bool; 256],
}

impl Dictionary {
    pub fn new<P: AsRef<[u8]>>(
        phrases: &[P],
        ascii_case_insensitive: bool,
    ) -> Result<Self, String> {
        let cases = |b: u8| {
            if ascii_case_insensitive {
                [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                [b, b]
            }
        };
        let mut pairs = Box::new([0u64; 1024]);
        let mut singles = [false; 256];
        for p in phrases {
            match *p.as_ref() {
                [] => {}
                [a] => cases(a)
                    .into_iter()
                    .for_each(|a| singles[a as usize] = true),
                [a, b, ..] => {
                    for a in cases(a) {
                        for b in cases(b) {
                            let bit = (a as usize) << 8 | b as usize;
                            pairs[bit / 64] |= 1 << (bit % 64);
                        }
                    }
                }
            }
        }
        let automaton = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(phrases)
            .map_err(|e| e.to_string())?;
        Ok(Dictionary {
            automaton,
            pairs,
            singles,
        })
    }

    #[inline(always)]
    fn may_start(&self, bytes: &[u8]) -> bool {
        match *bytes {
            [] => false,
            [a] => self.singles[a as usize],
            [a, b, ..] => {
                let bit = (a as usize) << 8 | b as usize;
                self.singles[a as usize] || self.pairs[bit / 64] & (1 << (bit % 64)) != 0
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
        let dfa = &self.automaton;
        let mut sid = dfa.start_state(Anchored::Yes).ok()?;
        let mut found = None;
        for (k, &b) in bytes.iter().enumerate() {
            sid = dfa.next_state(Anchored::Yes, sid, b);
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    break;
                }
                if dfa.is_match(sid) {
                    // A match state may carry a phrase that starts later
                    // (the automaton's failure links); only one starting
                    // here counts.
                    let pattern = dfa.match_pattern(sid, 0);
                    if dfa.pattern_len(pattern) == k + 1 {
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
            .start_kind(StartKind::Anchored)
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
