//! Across documents, one document at a time: the state a build carries from
//! one document to the next (the [`ActorIndex`] and the quotes seen so far),
//! and each document's rows with entity key numbers where the actor ids will
//! go. Actor ids are known only once every document is in
//! ([`Corpus::resolve`]); [`Resolution::rows`] then completes the rows.
//! A streaming build keeps only `Corpus` between batches and spills the
//! [`DocRows`]; an in-memory one ([`crate::Extractor::finish`]) runs the
//! same steps over a slice.

use crate::actors::{mention_rows, ActorIndex, EntityKey, KeyedMention};
use crate::fasthash::HashMap;
use crate::lexicons::Lexicons;
use crate::{normalized, stable_id, DocAnalysis, MIN_DUPLICATE_WORDS};
use bincode::{Decode, Encode};
use std::borrow::Cow;
use whosaid_model::{words_up_to, Actor, Document, Mention, Position, Quote, QuoteKind, Span};
use xxhash_rust::xxh3::xxh3_64;

/// Cross-document state of extraction.
#[derive(Debug, Default)]
pub struct Corpus {
    index: ActorIndex,
    /// Normalized quote text (its 64-bit hash) → the id number of the quote
    /// it was first seen as: what `quotes.duplicate_of` needs of the earlier
    /// documents. One entry per distinct quote of the corpus, so it holds
    /// no more than that (which document a quote came from is asked only of
    /// the current one, see `add_draft`).
    first_quote: HashMap<u64, u64>,
}

/// One document's rows before actor ids are known.
#[derive(Debug, Clone, Encode, Decode)]
pub struct DocRows {
    pub mentions: Vec<KeyedMention>,
    /// Each quote (no speaker actor yet) with its speaker's key number.
    pub quotes: Vec<(KeyedQuote, Option<u32>)>,
    /// Each position (no actor yet) with its holder's and target's key numbers.
    pub positions: Vec<(Position, u32, Option<u32>)>,
}

/// A quote row before actor ids are known; its texts are its document's
/// at its spans.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct KeyedQuote {
    pub quote_id: String,
    pub kind: QuoteKind,
    pub span: Span,
    pub speaker_span: Option<Span>,
    pub cue_span: Option<Span>,
    pub confidence: f32,
    pub duplicate_of: Option<String>,
}

/// The actors, and what each key number stands for.
pub struct Resolution {
    pub actors: Vec<Actor>,
    /// Per key number: actor id and name, when the key became an actor.
    actor_of: Vec<Option<(String, String)>>,
}

/// A document's rows as far as they can be made without the documents
/// before it: everything but the entities' key numbers (rows point at the
/// document's entities instead) and the quotes' `duplicate_of`. Making it
/// is most of the work of [`Corpus::add`], and it runs in parallel; what
/// is left runs in corpus order.
#[derive(Debug)]
pub struct DocDraft {
    doc_id: String,
    keys: Vec<EntityKey>,
    /// Mentions whose `key` is their entity's index in the document.
    mentions: Vec<KeyedMention>,
    /// Each quote, its speaker entity, and the hash of its normalized text
    /// when it is long enough to be compared across documents.
    quotes: Vec<(KeyedQuote, Option<usize>, Option<u64>)>,
    /// Each position with its holder entity and target entity.
    positions: Vec<(Position, usize, Option<usize>)>,
}

impl DocDraft {
    pub fn of(doc: &Document, a: &DocAnalysis) -> DocDraft {
        let n = a.entities.len();
        let entity = |e: Option<usize>| e.filter(|&e| e < n);
        let quote_ids: Vec<String> = a
            .quotes
            .iter()
            .map(|q| stable_id('Q', &doc.doc_id, q.span, ""))
            .collect();
        let mut positions = Vec::new();
        for p in &a.positions {
            let Some(holder) = entity(p.holder.1) else {
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
            positions.push((row, holder, p.target.and_then(|t| entity(t.1))));
        }
        let mut quotes = Vec::with_capacity(a.quotes.len());
        for (q, quote_id) in a.quotes.iter().zip(quote_ids) {
            let text = q.span.slice(&doc.text);
            let compared = (words_up_to(text, MIN_DUPLICATE_WORDS) >= MIN_DUPLICATE_WORDS)
                .then(|| xxh3_64(normalized(text).as_bytes()));
            let row = KeyedQuote {
                quote_id,
                kind: q.kind,
                speaker_span: q.speaker.map(|(s, _)| s),
                cue_span: q.cue,
                confidence: q.confidence,
                duplicate_of: None,
                span: q.span,
            };
            quotes.push((row, entity(q.speaker.and_then(|(_, e)| e)), compared));
        }
        let by_index: Vec<u32> = (0..n as u32).collect();
        DocDraft {
            doc_id: doc.doc_id.clone(),
            keys: a.entities.iter().map(EntityKey::of).collect(),
            mentions: mention_rows(&a.entities, &by_index),
            quotes,
            positions,
        }
    }
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
        self.add_draft(doc, a, DocDraft::of(doc, a))
    }

    /// [`Corpus::add`] from the document's draft. A draft made under
    /// another document id (the build renamed a clashing id since) is made
    /// again.
    pub fn add_draft(&mut self, doc: &Document, a: &DocAnalysis, draft: DocDraft) -> DocRows {
        let draft = if draft.doc_id == doc.doc_id {
            draft
        } else {
            DocDraft::of(doc, a)
        };
        let keys = self.index.add_keyed(&a.entities, draft.keys);
        let mut mentions = draft.mentions;
        for m in &mut mentions {
            m.key = keys[m.key as usize];
        }
        let positions = draft
            .positions
            .into_iter()
            .map(|(row, holder, target)| (row, keys[holder], target.map(|t| keys[t])))
            .collect();
        let mut quotes = Vec::with_capacity(draft.quotes.len());
        // A quote repeated within its document is no copy of another's.
        let mut first_here: Vec<u64> = Vec::new();
        for (mut row, speaker, compared) in draft.quotes {
            let speaker = speaker.map(|e| keys[e]);
            if let Some(k) = speaker {
                self.index.add_quote(k);
            }
            if let Some(key) = compared {
                row.duplicate_of = match self.first_quote.get(&key) {
                    Some(_) if first_here.contains(&key) => None,
                    Some(&n) => Some(format!("Q{n:012x}")),
                    None => {
                        self.first_quote.insert(key, quote_number(&row.quote_id));
                        first_here.push(key);
                        None
                    }
                };
            }
            quotes.push((row, speaker));
        }
        DocRows {
            mentions,
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
    pub fn rows<'a>(
        &'a self,
        doc: &'a Document,
        rows: DocRows,
    ) -> (Vec<Mention<'a>>, Vec<Quote<'a>>, Vec<Position>) {
        let doc_id = doc.doc_id.as_str();
        let mentions = rows
            .mentions
            .into_iter()
            .filter_map(|m| {
                let (id, _) = self.actor(Some(m.key))?;
                Some(Mention {
                    doc_id: Cow::Borrowed(doc_id),
                    actor_id: Cow::Borrowed(id),
                    text: Cow::Borrowed(m.span.slice(&doc.text)),
                    span: m.span,
                    how: m.how,
                })
            })
            .collect();
        let in_text = |s: Span| Cow::Borrowed(s.slice(&doc.text));
        let quotes = rows
            .quotes
            .into_iter()
            .map(|(q, key)| {
                let speaker = self.actor(key);
                Quote {
                    quote_id: q.quote_id,
                    doc_id: Cow::Borrowed(doc_id),
                    kind: q.kind,
                    text: in_text(q.span),
                    span: q.span,
                    speaker_actor_id: speaker.map(|(id, _)| Cow::Borrowed(id.as_str())),
                    speaker_name: speaker.map(|(_, name)| Cow::Borrowed(name.as_str())),
                    speaker_text: q.speaker_span.map(in_text),
                    speaker_span: q.speaker_span,
                    cue: q.cue_span.map(in_text),
                    cue_span: q.cue_span,
                    confidence: q.confidence,
                    duplicate_of: q.duplicate_of,
                }
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
