//! Character-level clean-up: NFC, line endings, invisible characters, spaces.
//!
//! Quotation marks and apostrophes are left exactly as written: quote
//! extraction reads them.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that carry no text: zero-width spaces and joiners, the BOM,
/// soft hyphens, and bidirectional formatting marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Cleans `raw` into lines: NFC, `\r\n`/`\r` → `\n`, invisible and control
/// characters dropped, every run of spaces (NBSP and tabs too) made one
/// space, lines trimmed. Empty lines are kept: they separate paragraphs.
pub fn clean_lines(raw: &str) -> Vec<String> {
    // Invisible characters go before composing: one between a letter and its
    // accent would otherwise block NFC and leave the pair uncomposed.
    // Nearly every text is in NFC already; the quick check spares composing
    // it again, which would give the same text.
    if visible_is_nfc(raw) {
        lines_of_composed(raw)
    } else {
        lines_of(raw.len(), raw.chars().filter(|&c| is_visible(c)).nfc())
    }
}

/// Neither an invisible mark nor a control character (line breaks and tabs
/// are white space, and stay).
fn is_visible(c: char) -> bool {
    !(is_invisible(c) || (c.is_control() && !c.is_whitespace()))
}

/// Whether the quick check finds the visible characters of `raw` in NFC.
/// A visible ASCII character is a starter that resets the check, so only
/// the runs between them are checked, each on its own, with the same
/// answer: checking every character of a text, through a filter, cost 2 %
/// of a build, when an English text has a few non-ASCII ones.
fn visible_is_nfc(raw: &str) -> bool {
    let visible_ascii = |x: u8| x.is_ascii() && is_visible(x as char);
    let b = raw.as_bytes();
    let mut i = 0;
    while let Some(n) = b[i..].iter().position(|&x| !visible_ascii(x)) {
        let start = i + n;
        // Runs end at ASCII bytes, which are character boundaries.
        let end = b[start..]
            .iter()
            .position(|&x| visible_ascii(x))
            .map_or(b.len(), |n| start + n);
        let run = raw[start..end].chars().filter(|&c| is_visible(c));
        if is_nfc_quick(run) != IsNormalized::Yes {
            return false;
        }
        i = end;
    }
    true
}

/// Lines being built a character (or a run of plain characters) at a time:
/// line breaks end a line (`\r\n` once), runs of white space become one
/// space, and no line starts or ends with one.
struct Lines {
    lines: Vec<String>,
    line: String,
    pending_space: bool,
    prev_cr: bool,
}

impl Lines {
    fn new(len: usize) -> Lines {
        Lines {
            lines: Vec::with_capacity(len / 64 + 1),
            line: String::new(),
            pending_space: false,
            prev_cr: false,
        }
    }

    /// Before text that is neither white space nor a line break.
    fn space_before_text(&mut self) {
        self.prev_cr = false;
        if self.pending_space {
            self.line.push(' ');
            self.pending_space = false;
        }
    }

    /// A run of characters that are neither white space nor line breaks.
    #[inline]
    fn push_run(&mut self, run: &str) {
        self.space_before_text();
        self.line.push_str(run);
    }

    #[inline]
    fn push(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            if !(c == '\n' && self.prev_cr) {
                self.lines.push(std::mem::take(&mut self.line));
            }
            self.pending_space = false;
            self.prev_cr = c == '\r';
        } else if c.is_whitespace() {
            self.prev_cr = false;
            self.pending_space = !self.line.is_empty();
        } else {
            self.space_before_text();
            self.line.push(c);
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.lines.push(self.line);
        self.lines
    }
}

/// [`lines_of`] of the visible characters of a text already in NFC, a byte
/// at a time where it is ASCII (most of any English text): the same lines,
/// without the per-character iterator chain, which cost as much as the
/// rest of reading a file.
fn lines_of_composed(raw: &str) -> Vec<String> {
    let b = raw.as_bytes();
    let mut lines = Lines::new(raw.len());
    let mut i = 0;
    // Printable ASCII other than the space: kept as it is, a run at a time.
    let plain = |x: u8| (0x21..0x7f).contains(&x);
    while i < b.len() {
        if plain(b[i]) {
            // A single space between plain characters stays as it is, so a
            // run is most of a line, copied at once, not a word at a time.
            let mut end = i;
            loop {
                end = b[end..]
                    .iter()
                    .position(|&x| !plain(x))
                    .map_or(b.len(), |n| end + n);
                if end + 1 < b.len() && b[end] == b' ' && plain(b[end + 1]) {
                    end += 1;
                } else {
                    break;
                }
            }
            lines.push_run(&raw[i..end]);
            i = end;
            continue;
        }
        let (c, n) = if b[i] < 0x80 {
            (b[i] as char, 1)
        } else {
            let c = raw[i..].chars().next().expect("a character");
            (c, c.len_utf8())
        };
        i += n;
        if is_visible(c) {
            lines.push(c);
        }
    }
    lines.finish()
}

fn lines_of(len: usize, chars: impl Iterator<Item = char>) -> Vec<String> {
    let mut lines = Lines::new(len);
    for c in chars {
        lines.push(c);
    }
    lines.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_byte_scan_gives_the_lines_of_the_character_scan(
            raw in r"([a-zA-Z .\r\n\t\x00-\x1f\x7f]|\u{a0}|\u{85}|\u{200B}|\u{202C}|\u{2028}|’|é|\PC){0,60}"
        ) {
            let visible = raw
                .chars()
                .filter(|&c| is_visible(c));
            prop_assert_eq!(lines_of_composed(&raw), lines_of(raw.len(), visible));
        }

        #[test]
        fn the_quick_check_by_runs_is_the_quick_check_of_the_whole(
            raw in r"([a-z .\n\t\x00-\x1f\x7f]|\u{200B}|\u{301}|\u{300}|\u{323}|\u{2000}|’|é|e|\PC){0,40}"
        ) {
            let whole = is_nfc_quick(raw.chars().filter(|&c| is_visible(c))) == IsNormalized::Yes;
            prop_assert_eq!(visible_is_nfc(&raw), whole);
        }
    }

    #[test]
    fn windows_line_endings_and_nbsp_are_normalized() {
        let lines = clean_lines("Kerry\u{a0}said:\r\n\r\n  “We are\tclose.”  \r\n");
        assert_eq!(lines, ["Kerry said:", "", "“We are close.”", ""]);
    }

    #[test]
    fn invisible_marks_go_but_quotes_and_apostrophes_stay() {
        let lines = clean_lines("Lavrov\u{200B}’s ''deal'' «now»\u{200F}");
        assert_eq!(lines, ["Lavrov’s ''deal'' «now»"]);
    }

    #[test]
    fn an_invisible_character_does_not_keep_an_accent_from_its_letter() {
        assert_eq!(clean_lines("Jose\u{200B}\u{301} said")[0], "José said");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(
            clean_lines("Mogherini said: ‘De\u{301}ja\u{300} vu’")[0],
            "Mogherini said: ‘Déjà vu’"
        );
    }
}
