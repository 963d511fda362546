//! Tokens and sentences with byte offsets into the document text.

use regex::Regex;
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

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:\p{L}\.){2,}                       # U.S. U.N. a.m. i.e.
      | [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*   # words, al-Assad, don't, Sanders’
      | \S                                    # any other mark
    ",
    )
    .unwrap()
});

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// Splits `text` into tokens, marking where sentences start.
/// Endings split off a word as tokens of their own.
const CLITICS: &[&str] = &["'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll"];

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut at_start = true;
    let mut prev_end = 0;
    for m in TOKEN.find_iter(text) {
        if m.start() < prev_end {
            // The period an abbreviation already took.
            continue;
        }
        let (mut start, mut end) = (m.start(), m.end());
        let s = m.as_str();
        if text[prev_end..start].contains('\n') {
            at_start = true;
        }
        // A possessive 's is a token of its own: "Kerry's" → "Kerry" "'s";
        // so is a contracted auxiliary, for the pronoun before it to be read
        // ("they're" → "they" "'re").
        let clitic = CLITICS
            .iter()
            .find(|c| s.ends_with(*c) && s.len() > c.len() + 1);
        if let Some(c) = clitic.filter(|_| is_word(s)) {
            let cut = end - c.len();
            out.push(Token {
                start,
                end: cut,
                sentence_start: at_start,
            });
            at_start = false;
            start = cut;
        }
        // An abbreviation or an initial keeps its period.
        if is_word(s) && text[end..].starts_with('.') {
            let single_initial = s.chars().count() == 1 && s.chars().all(char::is_uppercase);
            if single_initial || ABBREVIATIONS.contains(&s) {
                end += 1;
            }
        }
        let word = is_word(&text[start..end]);
        out.push(Token {
            start,
            end,
            sentence_start: at_start && word,
        });
        if word {
            at_start = false;
        }
        let tok = &text[start..end];
        if matches!(tok, "." | "?" | "!") || tok == "…" {
            at_start = true;
        }
        prev_end = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
