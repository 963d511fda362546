//! The cap on one document's text.
//!
//! A news article is tens of kilobytes. A file of many megabytes with no line
//! breaks is a dump, a log or a crawl gone wrong, and cleaning and extraction
//! grow with its length: one such file would hold up the whole run. Past the
//! cap a document is cut at a paragraph or sentence end, the part kept goes
//! through the pipeline as usual, and the cut is recorded as a reject, so
//! nothing is dropped without a word and the user can raise the cap.

/// The default cap, in bytes of UTF-8 text: about a hundred times the
/// longest news article, and cleaned and analysed in seconds.
pub const DEFAULT_MAX_DOC_BYTES: usize = 2_000_000;

/// A document cut at the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, bincode::Encode, bincode::Decode)]
pub struct Cut {
    /// Bytes of text kept.
    pub kept: usize,
    /// Bytes of text the input had.
    pub total: usize,
    /// The cap in force.
    pub max: usize,
}

impl Cut {
    /// The reason written to rejects.csv.
    pub fn reason(&self) -> String {
        let mb = |b: usize| b as f64 / 1e6;
        format!(
            "text is {:.1} MB, over the {:.1} MB per-document limit: the first {:.1} MB (up to a sentence or paragraph end) were read, the rest was not; raise --max-doc-mb to read it all",
            mb(self.total),
            mb(self.max),
            mb(self.kept)
        )
    }
}

/// Cuts `text` to at most `max` bytes; `None` when it fits.
pub fn cap(text: &mut String, max: usize) -> Option<Cut> {
    let at = cut_point(text, max)?;
    let total = text.len();
    text.truncate(at);
    Some(Cut {
        kept: at,
        total,
        max,
    })
}

/// Where to cut `text` so that at most `max` bytes remain: after the last
/// line break in the final tenth of the allowed text, else after the last
/// sentence end there, else at the last space, else at a character boundary.
pub fn cut_point(text: &str, max: usize) -> Option<usize> {
    if text.len() <= max {
        return None;
    }
    let end = floor_char_boundary(text, max);
    let from = floor_char_boundary(text, end - end / 10);
    let window = &text[from..end];
    if let Some(i) = window.rfind('\n') {
        return Some(from + i);
    }
    let mut prev_space = None;
    let mut last_space = None;
    for (i, c) in window.char_indices().rev() {
        if c.is_whitespace() {
            last_space.get_or_insert(from + i);
            prev_space = Some(from + i);
            continue;
        }
        if let Some(space) = prev_space.take() {
            if ends_sentence(&window[..i + c.len_utf8()]) {
                return Some(space);
            }
        }
    }
    Some(last_space.unwrap_or(end))
}

/// Whether `s` ends with `.`, `!` or `?`, maybe followed by closing marks.
fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end_matches(['”', '’', '"', '\'', '»', ')', ']']);
    trimmed.ends_with(['.', '!', '?'])
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_not_cut() {
        let mut t = "Kerry said no.".to_string();
        assert_eq!(cap(&mut t, 14), None);
        assert_eq!(t, "Kerry said no.");
    }

    #[test]
    fn a_long_line_is_cut_after_a_sentence_end() {
        let text = "The envoy said no. “Never,” he added! Then talks went on and on";
        // The last tenth of the allowed 45 bytes holds the cut.
        let at = cut_point(text, 45).unwrap();
        assert_eq!(&text[..at], "The envoy said no. “Never,” he added!");
    }

    #[test]
    fn a_line_break_comes_before_a_sentence_end() {
        let text = format!("{}\nSecond one. Third one. And more", "x".repeat(40));
        let at = cut_point(&text, 44).unwrap();
        assert_eq!(at, 40);
    }

    #[test]
    fn without_sentences_the_cut_is_at_a_space_or_a_char() {
        let at = cut_point("aaaa bbbb cccc dddd", 10).unwrap();
        assert_eq!(at, 9);
        // No space at all: a character boundary, never inside a code point.
        let text = "é".repeat(10);
        let at = cut_point(&text, 7).unwrap();
        assert_eq!(at, 6);
        assert!(text.is_char_boundary(at));
    }

    #[test]
    fn the_cut_is_measured_and_explained() {
        let mut t = "One. ".repeat(1000);
        let cut = cap(&mut t, 1000).unwrap();
        assert!(t.len() <= 1000 && t.len() >= 900, "{}", t.len());
        assert!(t.ends_with("One."));
        assert_eq!((cut.kept, cut.total, cut.max), (t.len(), 5000, 1000));
        assert!(cut.reason().contains("--max-doc-mb"));
    }
}
