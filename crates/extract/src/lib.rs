//! Extract: actors, mentions, quotes and positions from normalized documents.
//!
//! Layers, each a function of the document and the lexicons:
//! [`mentions`] finds mentions in a text, [`coref`] groups one document's
//! mentions into entities, [`quotes`] finds what was said and by which
//! mention, and [`actors`] merges entities across the corpus. Positions
//! arrive with their issue; until then their table is empty but keeps its
//! full schema.

pub mod actors;
pub mod coref;
pub mod lexicons;
pub mod mentions;
pub mod quotes;
pub mod tokens;

use lexicons::Lexicons;
use mentions::{Recognizer, RuleRecognizer};
use quotes::{QuoteDraft, QuoteRules};
use std::collections::HashMap;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Actor, Document, Mention, Position, Quote};
use xxhash_rust::xxh3::xxh3_64;

/// What extraction found over the corpus.
#[derive(Debug, Default)]
pub struct Extraction {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub positions: Vec<Position>,
}

/// What one document yields before the corpus-wide merge.
#[derive(Debug, Default)]
pub struct DocAnalysis {
    pub entities: Vec<coref::DocEntity>,
    pub quotes: Vec<QuoteDraft>,
}

/// The extract stage, with its compiled lexicons.
pub struct Extractor {
    lex: Lexicons,
    quote_rules: QuoteRules,
}

/// Quotes shorter than this (in words) are not linked as duplicates: short
/// phrases recur by chance.
const MIN_DUPLICATE_WORDS: usize = 5;

impl Extractor {
    pub fn new(lexicons: &LexiconOverrides) -> Result<Extractor, String> {
        Ok(Extractor {
            lex: Lexicons::new(lexicons)?,
            quote_rules: QuoteRules::new(lexicons)?,
        })
    }

    /// One document's entities and quotes: the per-document work, safe to
    /// run in parallel.
    pub fn analyze(&self, doc: &Document) -> DocAnalysis {
        let found = RuleRecognizer::new(&self.lex).recognize(&doc.text);
        let r = coref::resolve_full(&doc.text, &found, &self.lex);
        let quotes = self.quote_rules.find(&doc.text, &found, &r.assignment);
        let mut entities = r.entities;
        // Whoever speaks is an actor: an unknown name that is quoted is a person.
        for q in &quotes {
            if let Some((_, Some(e))) = q.speaker {
                if entities[e].kind == whosaid_model::ActorKind::Other {
                    entities[e].kind = whosaid_model::ActorKind::Person;
                }
            }
        }
        DocAnalysis { entities, quotes }
    }

    /// Merges the per-document results (in corpus order) into the tables.
    pub fn finish(&self, docs: &[Document], analyses: &[DocAnalysis]) -> Extraction {
        let entities: Vec<&[coref::DocEntity]> =
            analyses.iter().map(|a| a.entities.as_slice()).collect();
        let merged = actors::merge(docs, &entities, &self.lex);
        let name_of: HashMap<&str, &str> = merged
            .actors
            .iter()
            .map(|a| (a.actor_id.as_str(), a.name.as_str()))
            .collect();
        let mut quotes = Vec::new();
        let mut first_seen: HashMap<String, (usize, String)> = HashMap::new();
        let mut n_quotes: HashMap<String, u32> = HashMap::new();
        for (d, (doc, a)) in docs.iter().zip(analyses).enumerate() {
            for q in &a.quotes {
                let text = q.span.slice(&doc.text).to_string();
                let quote_id = format!(
                    "Q{:012x}",
                    xxh3_64(
                        format!("{}\u{0}{}\u{0}{}", doc.doc_id, q.span.start, q.span.end)
                            .as_bytes()
                    ) >> 16
                );
                let actor_id = q
                    .speaker
                    .and_then(|(_, e)| e)
                    .and_then(|e| merged.ids[d].get(e).cloned().flatten());
                if let Some(id) = &actor_id {
                    *n_quotes.entry(id.clone()).or_default() += 1;
                }
                let key = normalized(&text);
                let duplicate_of = if text.split_whitespace().count() >= MIN_DUPLICATE_WORDS {
                    match first_seen.get(&key) {
                        Some((other_doc, id)) if *other_doc != d => Some(id.clone()),
                        Some(_) => None,
                        None => {
                            first_seen.insert(key, (d, quote_id.clone()));
                            None
                        }
                    }
                } else {
                    None
                };
                quotes.push(Quote {
                    quote_id,
                    doc_id: doc.doc_id.clone(),
                    kind: q.kind,
                    speaker_name: actor_id
                        .as_deref()
                        .and_then(|id| name_of.get(id))
                        .map(|s| s.to_string()),
                    speaker_actor_id: actor_id,
                    speaker_text: q.speaker.map(|(s, _)| s.slice(&doc.text).to_string()),
                    speaker_span: q.speaker.map(|(s, _)| s),
                    cue: q.cue.map(|c| c.slice(&doc.text).to_string()),
                    cue_span: q.cue,
                    confidence: q.confidence,
                    duplicate_of,
                    span: q.span,
                    text,
                });
            }
        }
        let mut actors = merged.actors;
        for a in &mut actors {
            a.n_quotes = n_quotes.get(&a.actor_id).copied().unwrap_or(0);
        }
        Extraction {
            actors,
            mentions: merged.mentions,
            quotes,
            positions: Vec::new(),
        }
    }
}

/// Quote text compared across documents: lower case, letters and digits only
/// (as Quotebank compares quotations).
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
