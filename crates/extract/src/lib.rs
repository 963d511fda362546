//! Extract: actors, mentions, quotes and positions from normalized documents.
//!
//! Layers, each a function of the document and the lexicons:
//! [`mentions`] finds mentions in a text, [`coref`] groups one document's
//! mentions into entities, [`quotes`] finds what was said and by which
//! mention, [`positions`] who supports or opposes what, and [`actors`]
//! merges entities across the corpus.

pub mod actors;
pub mod coref;
pub mod corpus;
pub mod dictionary;
pub mod fasthash;
pub mod lexicons;
pub mod mentions;
pub mod positions;
pub mod quotes;
pub mod tokens;
pub mod wordfilter;

pub use corpus::{Corpus, DocDraft, DocRows, Resolution};
use lexicons::Lexicons;
use mentions::{Recognizer, RuleRecognizer};
use positions::{PositionDraft, PositionRules};
use quotes::{QuoteDraft, QuoteRules};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Actor, Document, Mention, Position, Quote, Span};
use xxhash_rust::xxh3::Xxh3;

/// What extraction found over the corpus.
#[derive(Debug, Default)]
pub struct Extraction {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention<'static>>,
    pub quotes: Vec<Quote<'static>>,
    pub positions: Vec<Position>,
}

/// What one document yields before the corpus-wide merge.
#[derive(Debug, Default)]
pub struct DocAnalysis {
    pub entities: Vec<coref::DocEntity>,
    pub quotes: Vec<QuoteDraft>,
    pub positions: Vec<PositionDraft>,
}

/// The extract stage, with its compiled lexicons.
pub struct Extractor {
    lex: Lexicons,
    quote_rules: QuoteRules,
    position_rules: PositionRules,
}

/// Quotes shorter than this (in words) are not linked as duplicates: short
/// phrases recur by chance.
const MIN_DUPLICATE_WORDS: usize = 5;

impl Extractor {
    pub fn new(lexicons: &LexiconOverrides) -> Result<Extractor, String> {
        Ok(Extractor {
            lex: Lexicons::new(lexicons)?,
            quote_rules: QuoteRules::new(lexicons)?,
            position_rules: PositionRules::new(lexicons)?,
        })
    }

    /// One document's entities and quotes: the per-document work, safe to
    /// run in parallel.
    pub fn analyze(&self, doc: &Document) -> DocAnalysis {
        let found = RuleRecognizer::new(&self.lex).recognize(&doc.text);
        let segs = quotes::Segments::of(&doc.text);
        let r = coref::resolve_in(&doc.text, &segs, &found, &self.lex);
        let speakers = quotes::speakers_of(&doc.text, &found, &r.assignment);
        let quotes = self
            .quote_rules
            .find_in(&doc.text, &segs, &found, &r.assignment, &speakers);
        let mut entities = r.entities;
        // Whoever speaks is an actor: an unknown name that is quoted is a person.
        for q in &quotes {
            if let Some((_, Some(e))) = q.speaker {
                if entities[e].kind == whosaid_model::ActorKind::Other {
                    entities[e].kind = whosaid_model::ActorKind::Person;
                }
            }
        }
        let mut positions = self
            .position_rules
            .find_in(&doc.text, &segs, &speakers, &quotes);
        // A reporter narrating ("they agreed to …") holds no position.
        positions.retain(|p| p.holder.1.is_none_or(|e| !entities[e].journalist));
        DocAnalysis {
            entities,
            quotes,
            positions,
        }
    }

    /// Merges the per-document results (in corpus order) into the tables:
    /// the streaming steps of [`Corpus`], over the whole corpus at once.
    pub fn finish(&self, docs: &[Document], analyses: &[DocAnalysis]) -> Extraction {
        let mut corpus = Corpus::new();
        let rows: Vec<DocRows> = docs
            .iter()
            .zip(analyses)
            .map(|(d, a)| corpus.add(d, a))
            .collect();
        let r = self.resolve(&corpus);
        let mut x = Extraction::default();
        for (doc, rows) in docs.iter().zip(rows) {
            let (m, q, p) = r.rows(doc, rows);
            x.mentions.extend(m.into_iter().map(Mention::into_owned));
            x.quotes.extend(q.into_iter().map(Quote::into_owned));
            x.positions.extend(p);
        }
        x.actors = r.actors;
        x
    }

    /// The actors of a corpus whose documents are all in.
    pub fn resolve(&self, corpus: &Corpus) -> Resolution {
        corpus.resolve(&self.lex)
    }
}

/// An id that stays the same across runs and thread counts: a hash of the
/// document, the span and what distinguishes rows on one span.
///
/// The key (`doc_id`, NUL, start, NUL, end, and NUL and `extra` when there
/// is one) is hashed as it is read, not first formatted into a string: a
/// row id per quote and position cost two `format!` calls.
fn stable_id(prefix: char, doc_id: &str, span: Span, extra: &str) -> String {
    let mut h = Xxh3::new();
    let mut digits = [0u8; 20];
    h.update(doc_id.as_bytes());
    h.update(b"\0");
    h.update(decimal(span.start, &mut digits));
    h.update(b"\0");
    h.update(decimal(span.end, &mut digits));
    if !extra.is_empty() {
        h.update(b"\0");
        h.update(extra.as_bytes());
    }
    let mut id = String::with_capacity(13);
    id.push(prefix);
    let v = h.digest() >> 16;
    for k in (0..12).rev() {
        id.push(char::from(
            b"0123456789abcdef"[(v >> (4 * k)) as usize & 0xf],
        ));
    }
    id
}

/// `n` in decimal, as `Display` writes it, in `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

#[cfg(test)]
mod stable_id_tests {
    use super::*;
    use proptest::prelude::*;
    use xxhash_rust::xxh3::xxh3_64;

    /// The key formatted, then hashed: what [`stable_id`] must equal.
    fn by_format(prefix: char, doc_id: &str, span: Span, extra: &str) -> String {
        let key = if extra.is_empty() {
            format!("{doc_id}\u{0}{}\u{0}{}", span.start, span.end)
        } else {
            format!("{doc_id}\u{0}{}\u{0}{}\u{0}{extra}", span.start, span.end)
        };
        format!("{prefix}{:012x}", xxh3_64(key.as_bytes()) >> 16)
    }

    proptest! {
        #[test]
        fn the_streamed_id_is_the_formatted_one(
            doc_id in "\\PC{0,300}",
            start in any::<usize>(),
            len in 0usize..1 << 20,
            extra in "(\\PC{0,300})?",
            prefix in prop_oneof![Just('Q'), Just('P'), Just('M')],
        ) {
            let span = Span::new(start.saturating_sub(len), start);
            prop_assert_eq!(stable_id(prefix, &doc_id, span, &extra), by_format(prefix, &doc_id, span, &extra));
        }
    }

    #[test]
    fn ids_have_a_letter_and_twelve_hex_digits() {
        let id = stable_id('Q', "npr/2016-01-01-a", Span::new(0, 120), "");
        assert_eq!(id.len(), 13);
        assert!(id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(decimal(0, &mut [0; 20]), b"0");
        assert_eq!(
            decimal(usize::MAX, &mut [0; 20]),
            usize::MAX.to_string().as_bytes()
        );
    }
}

/// Quote text compared across documents: lower case, letters and digits only
/// (as Quotebank compares quotations), words one space apart. One pass, no
/// intermediate strings, ASCII a byte at a time; Σ, whose lower case
/// depends on its place in the word, takes the slow road through
/// `str::to_lowercase`.
fn normalized(text: &str) -> String {
    if text.contains('Σ') {
        return normalized_by_chars(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let word = |out: &mut String, space: &mut bool| {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
    };
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            let c = b[i];
            i += 1;
            if c.is_ascii_alphanumeric() {
                word(&mut out, &mut space);
                out.push(c.to_ascii_lowercase() as char);
            } else if matches!(c, b'\t'..=b'\r' | b' ') {
                // `char::is_whitespace` in ASCII (with the vertical tab,
                // which `u8::is_ascii_whitespace` leaves out).
                space = true;
            }
            continue;
        }
        let c = text[i..].chars().next().expect("a character");
        i += c.len_utf8();
        if c.is_whitespace() {
            space = true;
        } else if c.is_alphanumeric() {
            word(&mut out, &mut space);
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// [`normalized`] a character at a time: the reference its byte scan is
/// tested against, and the whole of it for text with a Σ.
fn normalized_by_chars(text: &str) -> String {
    let kept = |c: &char| c.is_alphanumeric() || c.is_whitespace();
    text.chars()
        .filter(kept)
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod normalized_tests {
    use super::normalized;

    #[test]
    fn quotes_compare_in_lower_case_without_punctuation_one_space_apart() {
        assert_eq!(normalized("  “We  are, close.”\n Now "), "we are close now");
        assert_eq!(normalized("İstanbul ΟΔΟΣ"), "i̇stanbul οδος");
        assert_eq!(normalized("..."), "");
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_agrees_with_the_character_filter(
            text in "[\\x00-\\x7f\u{85}\u{a0}\u{2003}\u{2028}“”’é\u{130}Éßς0-9]{0,40}",
        ) {
            let by_chars = super::normalized_by_chars(&text);
            proptest::prop_assert_eq!(normalized(&text), by_chars);
        }
    }
}
