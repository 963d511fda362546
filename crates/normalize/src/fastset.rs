//! Regex sets that stay fast on non-ASCII text.
//!
//! The regex crate's DFAs handle a Unicode word boundary (`\b`) only on ASCII
//! text: on a line with a curly quote or a dash they give up, and the search
//! falls back to the PikeVM, a hundred times slower (on the PolNeAR texts the
//! chrome-line set alone took half of the run). Dropping every Unicode word
//! boundary from a pattern can only widen what it matches, so a set without
//! them, which a DFA runs on any text, rules out the lines that match
//! nothing; only the few lines it lets through meet the exact set. The answer
//! is always the exact set's.

use regex::{Regex, RegexSet};
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};

/// A [`RegexSet`] answering `is_match` exactly, with a DFA-friendly filter first.
#[derive(Debug, Clone)]
pub struct FastSet {
    exact: RegexSet,
    /// The patterns without Unicode word boundaries; `None` when none had one.
    relaxed: Option<RegexSet>,
}

impl FastSet {
    pub fn new(patterns: &[String]) -> Result<FastSet, regex::Error> {
        let exact = RegexSet::new(patterns)?;
        let relaxed = relax_all(patterns).map(RegexSet::new).transpose()?;
        Ok(FastSet { exact, relaxed })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match &self.relaxed {
            Some(r) if !r.is_match(haystack) => false,
            _ => self.exact.is_match(haystack),
        }
    }
}

/// A [`Regex`] whose searches are first ruled in or out the same way.
#[derive(Debug, Clone)]
pub struct FastRegex {
    pub exact: Regex,
    relaxed: Option<Regex>,
}

impl FastRegex {
    pub fn new(pattern: &str) -> Result<FastRegex, regex::Error> {
        let exact = Regex::new(pattern)?;
        let relaxed = relax_all(&[pattern.to_string()])
            .map(|p| Regex::new(&p[0]))
            .transpose()?;
        Ok(FastRegex { exact, relaxed })
    }

    fn may_match(&self, haystack: &str) -> bool {
        self.relaxed.as_ref().is_none_or(|r| r.is_match(haystack))
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.may_match(haystack) && self.exact.is_match(haystack)
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<regex::Captures<'h>> {
        if self.may_match(haystack) {
            self.exact.captures(haystack)
        } else {
            None
        }
    }
}

/// The patterns with their Unicode word boundaries dropped, or `None` when
/// none has one (or one cannot be parsed: the exact set then reports it).
fn relax_all(patterns: &[String]) -> Option<Vec<String>> {
    let mut changed = false;
    let mut out = Vec::with_capacity(patterns.len());
    for p in patterns {
        let hir = regex_syntax::parse(p).ok()?;
        let (relaxed, dropped) = relax(hir);
        changed |= dropped;
        out.push(relaxed.to_string());
    }
    changed.then_some(out)
}

fn is_unicode_word_look(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

/// `hir` without Unicode word-boundary assertions, and whether it had any.
fn relax(hir: Hir) -> (Hir, bool) {
    match hir.into_kind() {
        HirKind::Look(l) if is_unicode_word_look(l) => (Hir::empty(), true),
        HirKind::Look(l) => (Hir::look(l), false),
        HirKind::Empty => (Hir::empty(), false),
        HirKind::Literal(l) => (Hir::literal(l.0), false),
        HirKind::Class(c) => (Hir::class(c), false),
        HirKind::Repetition(r) => {
            let (sub, d) = relax(*r.sub);
            let sub = Box::new(sub);
            (Hir::repetition(Repetition { sub, ..r }), d)
        }
        HirKind::Capture(c) => {
            let (sub, d) = relax(*c.sub);
            let sub = Box::new(sub);
            (Hir::capture(Capture { sub, ..c }), d)
        }
        HirKind::Concat(subs) => {
            let (subs, d) = relax_many(subs);
            (Hir::concat(subs), d)
        }
        HirKind::Alternation(subs) => {
            let (subs, d) = relax_many(subs);
            (Hir::alternation(subs), d)
        }
    }
}

fn relax_many(subs: Vec<Hir>) -> (Vec<Hir>, bool) {
    let mut any = false;
    let subs = subs
        .into_iter()
        .map(|h| {
            let (h, d) = relax(h);
            any |= d;
            h
        })
        .collect();
    (subs, any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(p: &[&str]) -> FastSet {
        FastSet::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn word_boundaries_still_decide_on_non_ascii_lines() {
        let s = set(&[
            r"(?i)^copyright\b",
            r"\bis off the air in .{1,60} (due to|while)\b",
        ]);
        assert!(s.relaxed.is_some());
        assert!(s.is_match("Copyright — 2024"));
        assert!(!s.is_match("Copyrightéd “text”"));
        assert!(s.is_match("KXYZ is off the air in Café Town due to a fire"));
        assert!(!s.is_match("KXYZ is off the air in Café Town due toé"));
        assert!(!s.is_match("“Nothing” here"));
    }

    #[test]
    fn sets_without_word_boundaries_are_left_alone() {
        assert!(set(&["^play live radio$"]).relaxed.is_none());
        let r = FastRegex::new(r"\b(\d{4})-(\d{2})\b").unwrap();
        assert_eq!(&r.captures("on 2024-05 — ok").unwrap()[1], "2024");
        assert!(r.captures("x2024-05").is_none());
    }
}
