//! Tokens and sentences with byte offsets into the document text.

use std::sync::LazyLock;

/// One token: a word, a number, an abbreviation or one punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// The first word token of its sentence (after any opening quote).
    pub sentence_start: bool,
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Sen", "Rep", "Gov",
    "Pres", "Rev", "St", "Mt", "Ft", "Jr", "Sr", "Prof", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept",
    "Sep", "Oct", "Nov", "Dec", "No", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "a.m", "p.m", "i.e",
    "e.g",
];

/// The token pattern the scanner below implements, kept as the reference
/// its tests compare against:
///
/// ```text
///   (?:\p{L}\.){2,}                       # U.S. U.N. a.m. i.e.
/// | [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*  # words, al-Assad, don't, Sanders’
/// | \S                                    # any other mark
/// ```
///
/// (leftmost-first: the first alternative that matches wins). A hand-written
/// scan costs a fraction of the regex's forward-and-reverse DFA search per
/// token, which was a tenth of all extraction.
#[cfg(test)]
pub(crate) const TOKEN_PATTERN: &str = r"(?x)
        (?:\p{L}\.){2,}
      | [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*
      | \S
    ";

/// Unicode classes as the regex crate defines them (its own tables, so the
/// scan agrees with the pattern on every character, whatever Unicode version
/// `char`'s methods follow).
struct Classes {
    letter: Vec<(char, char)>,
    alnum: Vec<(char, char)>,
    space: Vec<(char, char)>,
    /// Per byte: an ASCII character's classes (bit 0 letter, bit 1 letter
    /// or number, bit 2 white space), or [`WIDE`] for a byte of a longer
    /// character, whose classes are its decoded character's. One load
    /// answers for the ASCII that most text is, with no test for it first.
    bytes: [u8; 256],
}

const LETTER: u8 = 1;
const ALNUM: u8 = 2;
const SPACE: u8 = 4;
const WIDE: u8 = 8;

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `w` (eight, little-endian) that are ASCII letters or
/// digits, as the high bit of each: the [`ALNUM`] bytes of ASCII. Each range
/// test adds to the low seven bits of every byte at once, where no sum
/// carries into the next byte.
#[inline]
fn ascii_alnum_bits(w: u64) -> u64 {
    let x = w & !HIGH_BITS;
    let digit = within(x, b'0', b'9');
    let letter = within(x | each_byte(0x20), b'a', b'z');
    (digit | letter) & !w & HIGH_BITS
}

/// The bytes of `w` that are ASCII capitals, as the high bit of each.
#[inline]
fn ascii_capital_bits(w: u64) -> u64 {
    within(w & !HIGH_BITS, b'A', b'Z') & !w & HIGH_BITS
}

#[inline]
fn each_byte(b: u8) -> u64 {
    u64::from(b) * 0x0101_0101_0101_0101
}

/// For bytes below 0x80: the high bit of each byte within `lo..=hi`, and
/// stray bits below it. Both sums stay within each byte.
#[inline]
fn within(x: u64, lo: u8, hi: u8) -> u64 {
    (x + each_byte(0x80 - lo)) & !(x + each_byte(0x7f - hi))
}

/// The first ASCII capital in `b` at or after `from`, eight bytes at a time.
pub(crate) fn next_ascii_capital(b: &[u8], mut from: usize) -> Option<usize> {
    while let Some(chunk) = b.get(from..from + 8) {
        let bits = ascii_capital_bits(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if bits != 0 {
            return Some(from + bits.trailing_zeros() as usize / 8);
        }
        from += 8;
    }
    (from..b.len()).find(|&i| b[i].is_ascii_uppercase())
}

fn ranges(pattern: &str) -> Vec<(char, char)> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .expect("a class pattern");
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => unreachable!("{pattern} is a Unicode class"),
    }
}

fn in_ranges(r: &[(char, char)], c: char) -> bool {
    r.binary_search_by(|&(lo, hi)| {
        if hi < c {
            std::cmp::Ordering::Less
        } else if lo > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    let letter = ranges(r"\p{L}");
    let alnum = ranges(r"[\p{L}\p{N}]");
    let space = ranges(r"\s");
    let mut bytes = [WIDE; 256];
    for (b, flags) in bytes.iter_mut().enumerate().take(128) {
        let c = b as u8 as char;
        let flag = |r: &[(char, char)], f: u8| if in_ranges(r, c) { f } else { 0 };
        *flags = flag(&letter, LETTER) | flag(&alnum, ALNUM) | flag(&space, SPACE);
    }
    Classes {
        letter,
        alnum,
        space,
        bytes,
    }
});

impl Classes {
    #[inline]
    fn has(&self, c: char, flag: u8) -> bool {
        if c.is_ascii() {
            return self.bytes[c as usize] & flag != 0;
        }
        let r = match flag {
            LETTER => &self.letter,
            ALNUM => &self.alnum,
            _ => &self.space,
        };
        in_ranges(r, c)
    }

    /// The character at byte `i` of `text` and its length, if any.
    #[inline]
    fn at(text: &str, i: usize) -> Option<(char, usize)> {
        let b = *text.as_bytes().get(i)?;
        if b < 0x80 {
            return Some((b as char, 1));
        }
        let c = text[i..].chars().next()?;
        Some((c, c.len_utf8()))
    }

    /// The end of the maximal run of letters and numbers from `i`: ASCII
    /// eight bytes at a time while eight are left, then a byte at a time,
    /// other characters decoded.
    #[inline]
    fn alnum_run(&self, text: &str, mut i: usize) -> usize {
        let b = text.as_bytes();
        loop {
            // A word's end found in one step rather than a loop per byte,
            // which stopped at a place the CPU could not guess.
            while let Some(chunk) = b.get(i..i + 8) {
                let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                let stop = !ascii_alnum_bits(w) & HIGH_BITS;
                if stop != 0 {
                    i += stop.trailing_zeros() as usize / 8;
                    break;
                }
                i += 8;
            }
            while let Some(&x) = b.get(i) {
                if self.bytes[x as usize] & ALNUM == 0 {
                    break;
                }
                i += 1;
            }
            match Self::at(text, i) {
                Some((c, n)) if !c.is_ascii() && self.has(c, ALNUM) => i += n,
                _ => return i,
            }
        }
    }

    /// The token that starts at `s` (a character that is not white space),
    /// by the pattern's alternatives in order.
    #[inline]
    fn token_end(&self, text: &str, s: usize) -> Scanned {
        let b = text.as_bytes();
        let f = self.bytes[b[s] as usize];
        if f & WIDE != 0 {
            return self.wide_token_end(text, s);
        }
        // An ASCII start: initials only if a period follows its letter,
        // else a word, else one mark.
        if f & LETTER != 0 && b.get(s + 1) == Some(&b'.') {
            if let Some(end) = self.initials_end(text, s) {
                return Scanned::plain(end);
            }
        }
        if f & ALNUM == 0 {
            return Scanned::plain(s + 1);
        }
        self.word_end(text, s + 1)
    }

    /// `(?:\p{L}\.){2,}` from `s`, if it matches.
    fn initials_end(&self, text: &str, s: usize) -> Option<usize> {
        let b = text.as_bytes();
        let (mut i, mut pairs) = (s, 0);
        while let Some((c, n)) = Self::at(text, i) {
            if self.has(c, LETTER) && b.get(i + n) == Some(&b'.') {
                i += n + 1;
                pairs += 1;
            } else {
                break;
            }
        }
        (pairs >= 2).then_some(i)
    }

    /// `[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*` from a token start, given
    /// the end of its first character (a letter or number).
    #[inline]
    fn word_end(&self, text: &str, after_first: usize) -> Scanned {
        let mut end = self.alnum_run(text, after_first);
        let mut apostrophe = false;
        loop {
            let (sep, is_apostrophe) = match Self::at(text, end) {
                Some(('-', n)) => (n, false),
                Some(('\'' | '’', n)) => (n, true),
                _ => return Scanned { end, apostrophe },
            };
            match Self::at(text, end + sep) {
                Some((c, _)) if self.has(c, ALNUM) => {
                    end = self.alnum_run(text, end + sep);
                    apostrophe |= is_apostrophe;
                }
                _ => return Scanned { end, apostrophe },
            }
        }
    }

    /// [`Classes::token_end`] for a start beyond ASCII.
    fn wide_token_end(&self, text: &str, s: usize) -> Scanned {
        if let Some(end) = self.initials_end(text, s) {
            return Scanned::plain(end);
        }
        let (c, n) = Self::at(text, s).expect("a character at a token start");
        if !self.has(c, ALNUM) {
            // \S
            return Scanned::plain(s + n);
        }
        self.word_end(text, s + n)
    }
}

/// Where a token the scan found ends, and whether an apostrophe joins two
/// of its parts (only then can it end in a clitic).
struct Scanned {
    end: usize,
    apostrophe: bool,
}

impl Scanned {
    fn plain(end: usize) -> Scanned {
        Scanned {
            end,
            apostrophe: false,
        }
    }
}

/// One match of the token pattern, with what the scan saw on its way:
/// whether the white space before it (since the last match) holds a line
/// break, and whether an apostrophe joins its parts.
struct RawToken {
    start: usize,
    end: usize,
    newline_before: bool,
    apostrophe: bool,
}

/// The pattern's matches in `text`, as `find_iter` would give them, each
/// with what the scan saw on its way ([`RawToken`]).
fn raw_tokens(text: &str) -> impl Iterator<Item = RawToken> + '_ {
    let classes = &*CLASSES;
    let mut i = 0;
    let b = text.as_bytes();
    std::iter::from_fn(move || {
        let mut newline_before = false;
        while let Some(&x) = b.get(i) {
            let f = classes.bytes[x as usize];
            if f & SPACE != 0 {
                newline_before |= x == b'\n';
                i += 1;
                continue;
            }
            if f & WIDE != 0 {
                let (c, n) = Classes::at(text, i).expect("a character");
                if classes.has(c, SPACE) {
                    i += n;
                    continue;
                }
            }
            let start = i;
            let Scanned { end, apostrophe } = classes.token_end(text, i);
            i = end;
            return Some(RawToken {
                start,
                end,
                newline_before,
                apostrophe,
            });
        }
        None
    })
}

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// Endings split off a word as tokens of their own.
const CLITICS: &[&str] = &["'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll"];

/// Whether the token at `start` begins a word: its first character is a
/// letter or a number (`char::is_alphanumeric`), read from the byte when
/// it is ASCII.
#[inline(always)]
fn starts_word(text: &str, start: usize) -> bool {
    match text.as_bytes()[start] {
        x if x.is_ascii() => x.is_ascii_alphanumeric(),
        _ => is_word(&text[start..]),
    }
}

/// The clitic a word ends in, when it is split off as a token of its own:
/// a possessive ("Kerry's" → "Kerry" "'s") or a contracted auxiliary, for
/// the pronoun before it to be read ("they're" → "they" "'re").
fn clitic_of(word: &str) -> Option<&'static str> {
    CLITICS
        .iter()
        .copied()
        .find(|c| word.ends_with(c) && word.len() > c.len() + 1)
}

/// Whether a word followed by a period keeps it: an abbreviation or an
/// initial.
fn keeps_period(word: &str) -> bool {
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&word)
}

/// Splits `text` into tokens, marking where sentences start.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // News text has a token per five or six bytes: room for them all at
    // once, instead of the vector doubling its way up in every document.
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 4);
    let mut at_start = true;
    let mut prev_end = 0;
    for raw in raw_tokens(text) {
        let (m_start, m_end) = (raw.start, raw.end);
        if m_start < prev_end {
            // The period an abbreviation already took (nothing between
            // them, so no line break is lost).
            continue;
        }
        let (mut start, mut end) = (m_start, m_end);
        let s = &text[m_start..m_end];
        // Its first character decides: asked once, for the token as found.
        let s_is_word = starts_word(text, m_start);
        if raw.newline_before {
            at_start = true;
        }
        // Only a word whose parts an apostrophe joins can end in a clitic.
        let clitic = if s_is_word && raw.apostrophe {
            clitic_of(s)
        } else {
            None
        };
        if let Some(c) = clitic {
            let cut = end - c.len();
            out.push(Token {
                start,
                end: cut,
                sentence_start: at_start,
            });
            at_start = false;
            start = cut;
        }
        if s_is_word && bytes.get(end) == Some(&b'.') && keeps_period(s) {
            end += 1;
        }
        // A token with the period kept starts where it did; one after a
        // clitic was cut off starts with the clitic.
        let word = if start == m_start {
            s_is_word
        } else {
            starts_word(text, start)
        };
        out.push(Token {
            start,
            end,
            sentence_start: at_start && word,
        });
        if word {
            at_start = false;
        }
        let tok = &bytes[start..end];
        if matches!(tok, b"." | b"?" | b"!") || tok == "…".as_bytes() {
            at_start = true;
        }
        prev_end = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_regex(text: &str) -> Vec<(usize, usize)> {
        let re = regex::Regex::new(TOKEN_PATTERN).unwrap();
        re.find_iter(text).map(|m| (m.start(), m.end())).collect()
    }

    fn by_scan(text: &str) -> Vec<(usize, usize)> {
        raw_tokens(text).map(|t| (t.start, t.end)).collect()
    }

    /// The tokens by their definition, in two readings of their own: the
    /// spans from the pattern's matches (clitics split off, periods kept
    /// by abbreviations and initials), then the sentence starts over those
    /// spans. [`tokenize`] must give the same tokens.
    fn tokenize_by_reference(text: &str) -> Vec<Token> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (m_start, m_end) in by_regex(text) {
            // A period an abbreviation has taken is no token of its own.
            if spans.last().is_some_and(|&(_, e)| m_start < e) {
                continue;
            }
            let s = &text[m_start..m_end];
            let word = is_word(s);
            let clitic = CLITICS
                .iter()
                .filter(|_| word)
                .find(|c| s.ends_with(**c) && s.len() > c.len() + 1);
            match clitic {
                Some(c) => spans.extend([(m_start, m_end - c.len()), (m_end - c.len(), m_end)]),
                None => spans.push((m_start, m_end)),
            }
            let initial = s.chars().count() == 1 && s.chars().all(char::is_uppercase);
            if word && text[m_end..].starts_with('.') && (initial || ABBREVIATIONS.contains(&s)) {
                spans.last_mut().expect("a span").1 += 1;
            }
        }
        let mut at_start = true;
        let mut prev_end = 0;
        spans
            .into_iter()
            .map(|(start, end)| {
                if text[prev_end..start].contains('\n') {
                    at_start = true;
                }
                let tok = &text[start..end];
                let word = is_word(tok);
                let sentence_start = at_start && word;
                if word {
                    at_start = false;
                }
                if matches!(tok, "." | "?" | "!" | "…") {
                    at_start = true;
                }
                prev_end = end;
                Token {
                    start,
                    end,
                    sentence_start,
                }
            })
            .collect()
    }

    #[test]
    fn the_scan_finds_what_the_pattern_finds() {
        for text in [
            "",
            "   ",
            "U.S.A. a.m. i.e, e.g. A.B",
            "al-Assad's don't Sanders’ rock-'n'-roll -x- x-- 'a' ’’ x’y’z",
            "Ünïcödé Straße naïve ΟΔΟΣ Ⅻ ² ٣ 日本語 e\u{301}x",
            "tab\there\u{a0}nbsp\u{2003}em\u{85}nel\u{2028}ls",
            "“Quoted,” he said — 3.5% of $1,000… (AP) #tag @who",
        ] {
            assert_eq!(by_scan(text), by_regex(text), "{text:?}");
        }
        // Every text of the sample corpus.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
        let mut stack = vec![root];
        let mut files = 0;
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    assert_eq!(by_scan(&text), by_regex(&text), "{}", path.display());
                    let reference = tokenize_by_reference(&text);
                    assert!(tokenize(&text) == reference, "{}", path.display());
                    files += 1;
                }
            }
        }
        assert!(files > 0);
    }

    /// [`ascii_alnum_bits`] of eight bytes, one byte at a time by the table.
    fn alnum_bits_by_table(w: [u8; 8]) -> u64 {
        (0..8)
            .filter(|&k| w[k] < 0x80 && CLASSES.bytes[w[k] as usize] & ALNUM != 0)
            .map(|k| 0x80u64 << (8 * k))
            .sum()
    }

    #[test]
    fn every_byte_in_every_place_is_told_as_the_table_tells_it() {
        for b in 0..=255u8 {
            for k in 0..8 {
                for filler in [b'a', b'.', 0xff, b'9'] {
                    let mut w = [filler; 8];
                    w[k] = b;
                    assert_eq!(
                        ascii_alnum_bits(u64::from_le_bytes(w)),
                        alnum_bits_by_table(w),
                        "{w:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_next_capital_is_the_first_one_a_byte_scan_finds(
            b in proptest::collection::vec(any::<u8>(), 0..40),
            from in 0usize..45,
        ) {
            let by_bytes = (from..b.len()).find(|&i| b[i].is_ascii_uppercase());
            prop_assert_eq!(next_ascii_capital(&b, from), by_bytes);
        }

        #[test]
        fn any_eight_bytes_are_told_as_the_table_tells_them(w in any::<[u8; 8]>()) {
            prop_assert_eq!(ascii_alnum_bits(u64::from_le_bytes(w)), alnum_bits_by_table(w));
        }

        #[test]
        fn long_words_end_where_the_pattern_ends_them(
            text in r"([a-zA-Z0-9]{6,20}|[ .,'’\-]|é|\p{L}|\p{N}){0,12}"
        ) {
            prop_assert_eq!(by_scan(&text), by_regex(&text));
        }

        #[test]
        fn tokens_are_those_of_the_reference_reading(
            text in r"([a-zA-Z0-9 .?!…'’\-\n\t]|Mr|Dr|U\.S\.|\PC|\p{L}|\p{N}|\s|'s|’re){0,60}"
        ) {
            prop_assert_eq!(tokenize(&text), tokenize_by_reference(&text));
        }

        #[test]
        fn a_word_starts_as_its_first_character_says(text in r"\PC{1,4}") {
            prop_assert_eq!(starts_word(&text, 0), is_word(&text));
        }

        #[test]
        fn the_scan_agrees_with_the_pattern_on_any_text(
            text in r"([a-zA-Z0-9 .'’\-\n\t]|\PC|\p{L}|\p{N}|\s){0,40}"
        ) {
            prop_assert_eq!(by_scan(&text), by_regex(&text));
        }
    }

    fn words(text: &str) -> Vec<(&str, bool)> {
        tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.sentence_start))
            .collect()
    }

    #[test]
    fn abbreviations_keep_their_period_and_do_not_end_sentences() {
        let w = words("Gen. Lee met U.S. envoys at 3 p.m. Then he left.");
        assert_eq!(w[0], ("Gen.", true));
        assert_eq!(w[1], ("Lee", false));
        assert!(w.contains(&("U.S.", false)));
        assert!(w.contains(&("Then", false)) || w.contains(&("Then", true)));
    }

    #[test]
    fn possessives_are_split_and_particles_kept() {
        let w = words("Kerry’s talks with Bashar al-Assad’s envoy.");
        assert_eq!(w[0].0, "Kerry");
        assert_eq!(w[1].0, "’s");
        assert!(w.iter().any(|x| x.0 == "al-Assad"));
        // Contracted auxiliaries too, so the pronoun is a word of its own.
        let w = words("They're sure we’ve won, and they'll say so.");
        let t: Vec<&str> = w.iter().map(|x| x.0).collect();
        assert!(
            t.starts_with(&["They", "'re", "sure", "we", "’ve"]),
            "{t:?}"
        );
        assert!(t.contains(&"they") && t.contains(&"'ll"), "{t:?}");
    }

    #[test]
    fn sentences_start_after_final_marks_and_quotes() {
        let w = words("He left. “We will return,” she said.");
        let starts: Vec<&str> = w.iter().filter(|x| x.1).map(|x| x.0).collect();
        assert_eq!(starts, ["He", "We"]);
    }
}
