//! Lexicons: word lists and patterns kept as data files under
//! `data/lexicons/`, embedded at build time and extendable by the user.

use std::collections::BTreeMap;

/// How a user's lexicon file combines with the embedded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideMode {
    /// The user's entries are added to the embedded ones.
    Extend,
    /// The user's entries are used instead of the embedded ones.
    Replace,
}

/// User-supplied lexicon contents by lexicon name (the file stem, e.g. `chrome_lines`).
#[derive(Debug, Clone, Default)]
pub struct LexiconOverrides {
    entries: BTreeMap<String, (OverrideMode, String)>,
}

impl LexiconOverrides {
    pub fn insert(&mut self, name: &str, mode: OverrideMode, text: String) {
        self.entries.insert(name.to_string(), (mode, text));
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The entries of lexicon `name`: the embedded file, extended or replaced
    /// by the user's.
    pub fn entries(&self, name: &str, embedded: &str) -> Vec<String> {
        match self.entries.get(name) {
            None => parse(embedded),
            Some((OverrideMode::Replace, text)) => parse(text),
            Some((OverrideMode::Extend, text)) => {
                let mut all = parse(embedded);
                all.extend(parse(text));
                all
            }
        }
    }
}

/// One entry per line; `#` starts a comment line; blank lines are ignored.
pub fn parse(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blanks_are_not_entries() {
        assert_eq!(parse("# speech verbs\nsaid\n\n  told \n"), ["said", "told"]);
    }

    #[test]
    fn user_files_extend_or_replace() {
        let mut ov = LexiconOverrides::default();
        ov.insert("titles", OverrideMode::Extend, "Chancellor\n".into());
        ov.insert("verbs", OverrideMode::Replace, "stated\n".into());
        assert_eq!(
            ov.entries("titles", "President\n"),
            ["President", "Chancellor"]
        );
        assert_eq!(ov.entries("verbs", "said\n"), ["stated"]);
        assert_eq!(ov.entries("other", "x\n"), ["x"]);
    }
}
