//! Extract: actors, mentions, quotes and positions from normalized documents.
//!
//! Layers, each a function of the document and the lexicons:
//! [`mentions`] finds mentions in a text, [`coref`] groups one document's
//! mentions into entities, [`quotes`] finds what was said and by which
//! mention, [`positions`] who supports or opposes what, and [`actors`]
//! merges entities across the corpus.

pub mod actors;
pub mod coref;
pub mod lexicons;
pub mod mentions;
pub mod positions;
pub mod quotes;
pub mod tokens;

use lexicons::Lexicons;
use mentions::{Recognizer, RuleRecognizer};
use positions::{PositionDraft, PositionRules};
use quotes::{QuoteDraft, QuoteRules};
use std::collections::HashMap;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Actor, Document, Mention, Position, Quote, Span};
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
        let speakers = quotes::speakers_of(&doc.text, &found, &r.assignment);
        let mut positions = self.position_rules.find(&doc.text, &speakers, &quotes);
        // A reporter narrating ("they agreed to …") holds no position.
        positions.retain(|p| p.holder.1.is_none_or(|e| !entities[e].journalist));
        DocAnalysis {
            entities,
            quotes,
            positions,
        }
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
        let mut positions = Vec::new();
        for (d, (doc, a)) in docs.iter().zip(analyses).enumerate() {
            let quote_ids: Vec<String> = a
                .quotes
                .iter()
                .map(|q| stable_id('Q', &doc.doc_id, q.span, ""))
                .collect();
            let actor_of =
                |e: Option<usize>| e.and_then(|e| merged.ids[d].get(e).cloned().flatten());
            for p in &a.positions {
                let Some(actor_id) = actor_of(p.holder.1) else {
                    continue;
                };
                positions.push(Position {
                    position_id: stable_id(
                        'P',
                        &doc.doc_id,
                        p.topic_text,
                        &format!("{}\u{0}{}", p.predicate, p.topic),
                    ),
                    doc_id: doc.doc_id.clone(),
                    actor_name: name_of
                        .get(actor_id.as_str())
                        .map_or_else(String::new, |s| s.to_string()),
                    actor_id,
                    stance: p.stance,
                    predicate: p.predicate.clone(),
                    topic: p.topic.clone(),
                    topic_text: p.topic_text.slice(&doc.text).to_string(),
                    target_actor_id: p.target.and_then(|t| actor_of(t.1)),
                    evidence: p.evidence.slice(&doc.text).to_string(),
                    span: p.evidence,
                    quote_id: p.quote.map(|k| quote_ids[k].clone()),
                    confidence: p.confidence,
                });
            }
            for (q, quote_id) in a.quotes.iter().zip(quote_ids) {
                let text = q.span.slice(&doc.text).to_string();
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
            positions,
        }
    }
}

/// An id that stays the same across runs and thread counts: a hash of the
/// document, the span and what distinguishes rows on one span.
fn stable_id(prefix: char, doc_id: &str, span: Span, extra: &str) -> String {
    let key = if extra.is_empty() {
        format!("{doc_id}\u{0}{}\u{0}{}", span.start, span.end)
    } else {
        format!("{doc_id}\u{0}{}\u{0}{}\u{0}{extra}", span.start, span.end)
    };
    format!("{prefix}{:012x}", xxh3_64(key.as_bytes()) >> 16)
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
