//! Across documents, one document at a time: the state a build carries from
//! one document to the next (the [`ActorIndex`] and the quotes seen so far),
//! and each document's rows with entity key numbers where the actor ids will
//! go. Actor ids are known only once every document is in
//! ([`Corpus::resolve`]); [`Resolution::rows`] then completes the rows.
//! A streaming build keeps only `Corpus` between batches and spills the
//! [`DocRows`]; an in-memory one ([`crate::Extractor::finish`]) runs the
//! same steps over a slice.

use crate::actors::{mention_rows, ActorIndex, KeyedMention};
use crate::fasthash::HashMap;
use crate::lexicons::Lexicons;
use crate::{normalized, stable_id, DocAnalysis, MIN_DUPLICATE_WORDS};
use bincode::{Decode, Encode};
use whosaid_model::{Actor, Document, Mention, Position, Quote};
use xxhash_rust::xxh3::xxh3_128;

/// Cross-document state of extraction.
#[derive(Debug, Default)]
pub struct Corpus {
    index: ActorIndex,
    /// Normalized quote text (its 128-bit hash) → the document it was first
    /// seen in and that quote's id number: what `quotes.duplicate_of` needs
    /// of the earlier documents.
    first_quote: HashMap<u128, (u32, u64)>,
    n_docs: u32,
}

/// One document's rows before actor ids are known.
#[derive(Debug, Clone, Encode, Decode)]
pub struct DocRows {
    pub mentions: Vec<KeyedMention>,
    /// Each quote (no speaker actor yet) with its speaker's key number.
    pub quotes: Vec<(Quote, Option<u32>)>,
    /// Each position (no actor yet) with its holder's and target's key numbers.
    pub positions: Vec<(Position, u32, Option<u32>)>,
}

/// The actors, and what each key number stands for.
pub struct Resolution {
    pub actors: Vec<Actor>,
    /// Per key number: actor id and name, when the key became an actor.
    actor_of: Vec<Option<(String, String)>>,
}

fn quote_number(id: &str) -> u64 {
    u64::from_str_radix(&id[1..], 16).unwrap_or(0)
}

impl Corpus {
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds the next document in corpus order and returns its rows.
    pub fn add(&mut self, doc: &Document, a: &DocAnalysis) -> DocRows {
        let d = self.n_docs;
        self.n_docs += 1;
        let keys = self.index.add(&a.entities);
        let key_of = |e: Option<usize>| e.and_then(|e| keys.get(e).copied());
        let quote_ids: Vec<String> = a
            .quotes
            .iter()
            .map(|q| stable_id('Q', &doc.doc_id, q.span, ""))
            .collect();
        let mut positions = Vec::new();
        for p in &a.positions {
            let Some(holder) = key_of(p.holder.1) else {
                continue;
            };
            let row = Position {
                position_id: stable_id(
                    'P',
                    &doc.doc_id,
                    p.topic_text,
                    &format!("{}\u{0}{}", p.predicate, p.topic),
                ),
                doc_id: doc.doc_id.clone(),
                actor_id: String::new(),
                actor_name: String::new(),
                stance: p.stance,
                predicate: p.predicate.clone(),
                topic: p.topic.clone(),
                topic_text: p.topic_text.slice(&doc.text).to_string(),
                target_actor_id: None,
                evidence: p.evidence.slice(&doc.text).to_string(),
                span: p.evidence,
                quote_id: p.quote.map(|k| quote_ids[k].clone()),
                confidence: p.confidence,
            };
            positions.push((row, holder, p.target.and_then(|t| key_of(t.1))));
        }
        let mut quotes = Vec::new();
        for (q, quote_id) in a.quotes.iter().zip(quote_ids) {
            let text = q.span.slice(&doc.text).to_string();
            let speaker = key_of(q.speaker.and_then(|(_, e)| e));
            if let Some(k) = speaker {
                self.index.add_quote(k);
            }
            let duplicate_of = if text.split_whitespace().count() >= MIN_DUPLICATE_WORDS {
                let key = xxh3_128(normalized(&text).as_bytes());
                match self.first_quote.get(&key) {
                    Some(&(other, n)) if other != d => Some(format!("Q{n:012x}")),
                    Some(_) => None,
                    None => {
                        self.first_quote.insert(key, (d, quote_number(&quote_id)));
                        None
                    }
                }
            } else {
                None
            };
            let row = Quote {
                quote_id,
                doc_id: doc.doc_id.clone(),
                kind: q.kind,
                speaker_name: None,
                speaker_actor_id: None,
                speaker_text: q.speaker.map(|(s, _)| s.slice(&doc.text).to_string()),
                speaker_span: q.speaker.map(|(s, _)| s),
                cue: q.cue.map(|c| c.slice(&doc.text).to_string()),
                cue_span: q.cue,
                confidence: q.confidence,
                duplicate_of,
                span: q.span,
                text,
            };
            quotes.push((row, speaker));
        }
        DocRows {
            mentions: mention_rows(doc, &a.entities, &keys),
            quotes,
            positions,
        }
    }

    /// The actors of the corpus; call once every document is in.
    pub fn resolve(&self, lex: &Lexicons) -> Resolution {
        let r = self.index.resolve(lex);
        let name_of: HashMap<&str, &str> = r
            .actors
            .iter()
            .map(|a| (a.actor_id.as_str(), a.name.as_str()))
            .collect();
        let actor_of = r
            .ids
            .iter()
            .map(|id| {
                id.as_ref().map(|id| {
                    let name = name_of.get(id.as_str()).map_or("", |n| n).to_string();
                    (id.clone(), name)
                })
            })
            .collect();
        Resolution {
            actors: r.actors,
            actor_of,
        }
    }
}

impl Resolution {
    fn actor(&self, key: Option<u32>) -> Option<&(String, String)> {
        key.and_then(|k| self.actor_of.get(k as usize)?.as_ref())
    }

    /// One document's finished rows: mentions and positions of keys that
    /// became no actor are dropped, quotes keep an empty speaker actor.
    pub fn rows(&self, doc_id: &str, rows: DocRows) -> (Vec<Mention>, Vec<Quote>, Vec<Position>) {
        let mentions = rows
            .mentions
            .into_iter()
            .filter_map(|m| {
                let (id, _) = self.actor(Some(m.key))?;
                Some(Mention {
                    doc_id: doc_id.to_string(),
                    actor_id: id.clone(),
                    text: m.text,
                    span: m.span,
                    how: m.how,
                })
            })
            .collect();
        let quotes = rows
            .quotes
            .into_iter()
            .map(|(mut q, key)| {
                if let Some((id, name)) = self.actor(key) {
                    q.speaker_actor_id = Some(id.clone());
                    q.speaker_name = Some(name.clone());
                }
                q
            })
            .collect();
        let positions = rows
            .positions
            .into_iter()
            .filter_map(|(mut p, holder, target)| {
                let (id, name) = self.actor(Some(holder))?;
                p.actor_id = id.clone();
                p.actor_name = name.clone();
                p.target_actor_id = self.actor(target).map(|(id, _)| id.clone());
                Some(p)
            })
            .collect();
        (mentions, quotes, positions)
    }
}
