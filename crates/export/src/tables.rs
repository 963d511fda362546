//! The contract's tables as columns.

use crate::LIST_SEPARATOR;
use polars::prelude::*;
use std::collections::HashMap;
use whosaid_model::{Actor, CharIndex, Document, Mention, Position, Quote, Reject, Span};

/// One column's values.
pub enum Values {
    /// Strings, made a column at once: copied from the rows only once.
    Strings(Series),
    U32(Vec<u32>),
    OptU32(Vec<Option<u32>>),
    Bool(Vec<bool>),
    F32(Vec<f32>),
    List(Vec<Vec<String>>),
}

/// A named table of columns, in contract order.
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<(&'static str, Values)>,
}

impl Table {
    pub fn len(&self) -> usize {
        match self.columns.first().map(|c| &c.1) {
            Some(Values::Strings(v)) => v.len(),
            Some(Values::U32(v)) => v.len(),
            Some(Values::OptU32(v)) => v.len(),
            Some(Values::Bool(v)) => v.len(),
            Some(Values::F32(v)) => v.len(),
            Some(Values::List(v)) => v.len(),
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A polars frame of the table; for CSV, lists are joined into one cell.
    pub fn to_frame(&self, for_csv: bool) -> PolarsResult<DataFrame> {
        let cols = self
            .columns
            .iter()
            .map(|(name, values)| {
                let name: PlSmallStr = (*name).into();
                let series = match values {
                    Values::Strings(v) => v.clone().with_name(name),
                    Values::U32(v) => Series::new(name, v),
                    Values::OptU32(v) => Series::new(name, v),
                    Values::Bool(v) => Series::new(name, v),
                    Values::F32(v) => Series::new(name, v),
                    Values::List(v) if for_csv => {
                        let joined: Vec<String> =
                            v.iter().map(|l| l.join(LIST_SEPARATOR)).collect();
                        Series::new(name, joined)
                    }
                    Values::List(v) => {
                        let mut b = ListStringChunkedBuilder::new(name, v.len(), v.len() * 2);
                        for list in v {
                            b.append_values_iter(list.iter().map(String::as_str));
                        }
                        b.finish().into_series()
                    }
                };
                Column::from(series)
            })
            .collect();
        DataFrame::new(self.len(), cols)
    }
}

/// Everything a run writes, borrowed from the records.
pub struct Tables<'a> {
    pub documents: &'a [Document],
    pub actors: &'a [Actor],
    pub mentions: &'a [Mention<'a>],
    pub quotes: &'a [Quote<'a>],
    pub positions: &'a [Position],
    pub rejects: &'a [Reject],
}

/// Byte → code-point conversion for every document, built once.
struct Offsets<'a> {
    by_doc: HashMap<&'a str, CharIndex<'a>>,
}

impl<'a> Offsets<'a> {
    fn new(docs: &'a [Document]) -> Self {
        Offsets {
            by_doc: docs
                .iter()
                .map(|d| (d.doc_id.as_str(), CharIndex::new(&d.text)))
                .collect(),
        }
    }

    /// A converter for one table's rows, which come document by document.
    fn cursor(&self) -> Cursor<'_, 'a> {
        Cursor {
            off: self,
            last: None,
        }
    }
}

/// [`Offsets`] remembering the last document asked for: a table's rows are
/// grouped by document, and hashing the document id twice per row cost
/// more than the conversion.
struct Cursor<'o, 'a> {
    off: &'o Offsets<'a>,
    last: Option<(&'o str, Option<&'o CharIndex<'a>>)>,
}

impl<'o> Cursor<'o, '_> {
    fn span(&mut self, doc: &'o str, s: Span) -> (u32, u32) {
        let ix = match self.last {
            Some((d, ix)) if d == doc => ix,
            _ => {
                let ix = self.off.by_doc.get(doc);
                self.last = Some((doc, ix));
                ix
            }
        };
        let conv = |byte: usize| {
            let c = ix.map_or(byte, |ix| ix.char_offset(byte));
            u32::try_from(c).unwrap_or(u32::MAX)
        };
        (conv(s.start), conv(s.end))
    }
}

/// Builds every contract table (plus `rejects`) from the run's records.
pub fn build_tables(t: &Tables) -> Vec<Table> {
    let [documents, mentions, quotes, positions] =
        batch_tables(t.documents, t.mentions, t.quotes, t.positions);
    let mut topics = ActorTopic::default();
    topics.add(t.positions);
    vec![
        documents,
        actors(t.actors),
        mentions,
        quotes,
        positions,
        topics.table(),
        rejects(t.rejects),
    ]
}

/// The per-document tables of one batch of documents: their rows, with
/// offsets made code points against these documents' texts (each row's
/// document must be among them).
pub fn batch_tables(
    docs: &[Document],
    mentions_: &[Mention<'_>],
    quotes_: &[Quote<'_>],
    positions_: &[Position],
) -> [Table; 4] {
    // The tables of a batch are independent: built side by side, since the
    // export stage has the machine to itself.
    let (off, documents) = rayon::join(|| Offsets::new(docs), || documents(docs));
    let ((mentions, quotes), positions) = rayon::join(
        || rayon::join(|| mentions(mentions_, &off), || quotes(quotes_, &off)),
        || positions(positions_, &off),
    );
    [documents, mentions, quotes, positions]
}

/// The `actors` table.
pub fn actors_table(a: &[Actor]) -> Table {
    actors(a)
}

/// The `rejects` table.
pub fn rejects_table(r: &[Reject]) -> Table {
    rejects(r)
}

fn strs<T>(rows: &[T], f: impl Fn(&T) -> &str) -> Values {
    let v: Vec<&str> = rows.iter().map(f).collect();
    Values::Strings(Series::new(PlSmallStr::EMPTY, v))
}

fn opt_strs<T>(rows: &[T], f: impl Fn(&T) -> Option<&str>) -> Values {
    let v: Vec<Option<&str>> = rows.iter().map(f).collect();
    Values::Strings(Series::new(PlSmallStr::EMPTY, v))
}

fn documents(d: &[Document]) -> Table {
    Table {
        name: "documents",
        columns: vec![
            ("doc_id", strs(d, |r| &r.doc_id)),
            ("source_path", strs(d, |r| &r.source_path)),
            ("outlet", opt_strs(d, |r| r.outlet.as_deref())),
            ("title", opt_strs(d, |r| r.title.as_deref())),
            ("published", opt_strs(d, |r| r.published.as_deref())),
            ("text", strs(d, |r| &r.text)),
            (
                "n_words",
                Values::U32(d.iter().map(|r| r.n_words).collect()),
            ),
            ("content_hash", strs(d, |r| &r.content_hash)),
            ("duplicate_of", opt_strs(d, |r| r.duplicate_of.as_deref())),
            ("story_id", strs(d, |r| &r.story_id)),
            (
                "n_removed_lines",
                Values::U32(d.iter().map(|r| r.n_removed_lines).collect()),
            ),
        ],
    }
}

fn actors(a: &[Actor]) -> Table {
    Table {
        name: "actors",
        columns: vec![
            ("actor_id", strs(a, |r| &r.actor_id)),
            ("name", strs(a, |r| &r.name)),
            ("kind", strs(a, |r| r.kind.as_str())),
            ("title", opt_strs(a, |r| r.title.as_deref())),
            ("affiliation", opt_strs(a, |r| r.affiliation.as_deref())),
            (
                "is_journalist",
                Values::Bool(a.iter().map(|r| r.is_journalist).collect()),
            ),
            (
                "aliases",
                Values::List(a.iter().map(|r| r.aliases.clone()).collect()),
            ),
            (
                "n_mentions",
                Values::U32(a.iter().map(|r| r.n_mentions).collect()),
            ),
            (
                "n_documents",
                Values::U32(a.iter().map(|r| r.n_documents).collect()),
            ),
            (
                "n_quotes",
                Values::U32(a.iter().map(|r| r.n_quotes).collect()),
            ),
        ],
    }
}

fn mentions(m: &[Mention<'_>], off: &Offsets) -> Table {
    let mut off = off.cursor();
    let spans: Vec<(u32, u32)> = m.iter().map(|r| off.span(&r.doc_id, r.span)).collect();
    Table {
        name: "mentions",
        columns: vec![
            ("doc_id", strs(m, |r| &r.doc_id)),
            ("actor_id", strs(m, |r| &r.actor_id)),
            ("text", strs(m, |r| &r.text)),
            ("start", Values::U32(spans.iter().map(|s| s.0).collect())),
            ("end", Values::U32(spans.iter().map(|s| s.1).collect())),
            ("how", strs(m, |r| r.how.as_str())),
        ],
    }
}

fn quotes(q: &[Quote<'_>], off: &Offsets) -> Table {
    let mut off = off.cursor();
    let span: Vec<(u32, u32)> = q.iter().map(|r| off.span(&r.doc_id, r.span)).collect();
    let speaker: Vec<Option<(u32, u32)>> = q
        .iter()
        .map(|r| r.speaker_span.map(|s| off.span(&r.doc_id, s)))
        .collect();
    let cue: Vec<Option<(u32, u32)>> = q
        .iter()
        .map(|r| r.cue_span.map(|s| off.span(&r.doc_id, s)))
        .collect();
    Table {
        name: "quotes",
        columns: vec![
            ("quote_id", strs(q, |r| &r.quote_id)),
            ("doc_id", strs(q, |r| &r.doc_id)),
            ("kind", strs(q, |r| r.kind.as_str())),
            ("text", strs(q, |r| &r.text)),
            ("start", Values::U32(span.iter().map(|s| s.0).collect())),
            ("end", Values::U32(span.iter().map(|s| s.1).collect())),
            (
                "speaker_actor_id",
                opt_strs(q, |r| r.speaker_actor_id.as_deref()),
            ),
            ("speaker_name", opt_strs(q, |r| r.speaker_name.as_deref())),
            ("speaker_text", opt_strs(q, |r| r.speaker_text.as_deref())),
            (
                "speaker_start",
                Values::OptU32(speaker.iter().map(|s| s.map(|s| s.0)).collect()),
            ),
            (
                "speaker_end",
                Values::OptU32(speaker.iter().map(|s| s.map(|s| s.1)).collect()),
            ),
            ("cue", opt_strs(q, |r| r.cue.as_deref())),
            (
                "cue_start",
                Values::OptU32(cue.iter().map(|s| s.map(|s| s.0)).collect()),
            ),
            (
                "cue_end",
                Values::OptU32(cue.iter().map(|s| s.map(|s| s.1)).collect()),
            ),
            (
                "confidence",
                Values::F32(q.iter().map(|r| r.confidence).collect()),
            ),
            ("duplicate_of", opt_strs(q, |r| r.duplicate_of.as_deref())),
        ],
    }
}

fn positions(p: &[Position], off: &Offsets) -> Table {
    let mut off = off.cursor();
    let span: Vec<(u32, u32)> = p.iter().map(|r| off.span(&r.doc_id, r.span)).collect();
    Table {
        name: "positions",
        columns: vec![
            ("position_id", strs(p, |r| &r.position_id)),
            ("doc_id", strs(p, |r| &r.doc_id)),
            ("actor_id", strs(p, |r| &r.actor_id)),
            ("actor_name", strs(p, |r| &r.actor_name)),
            ("stance", strs(p, |r| r.stance.as_str())),
            ("predicate", strs(p, |r| &r.predicate)),
            ("topic", strs(p, |r| &r.topic)),
            ("topic_text", strs(p, |r| &r.topic_text)),
            (
                "target_actor_id",
                opt_strs(p, |r| r.target_actor_id.as_deref()),
            ),
            ("evidence", strs(p, |r| &r.evidence)),
            ("start", Values::U32(span.iter().map(|s| s.0).collect())),
            ("end", Values::U32(span.iter().map(|s| s.1).collect())),
            ("quote_id", opt_strs(p, |r| r.quote_id.as_deref())),
            (
                "confidence",
                Values::F32(p.iter().map(|r| r.confidence).collect()),
            ),
        ],
    }
}

/// One row per (actor, topic): how often the actor supports and opposes
/// it, the analyst's first view of the positions (DNA's two-mode network).
/// Positions are added in batches, in corpus order.
#[derive(Default)]
pub struct ActorTopic {
    rows: std::collections::BTreeMap<(String, String), TopicRow>,
}

struct TopicRow {
    actor_name: String,
    support: u32,
    oppose: u32,
    docs: u32,
    /// The last document counted: positions come in document order, so a
    /// document is new to the row when it differs from the last one.
    last_doc: String,
}

impl ActorTopic {
    pub fn add(&mut self, p: &[Position]) {
        for r in p {
            let row = self
                .rows
                .entry((r.actor_id.clone(), r.topic.clone()))
                .or_insert_with(|| TopicRow {
                    actor_name: r.actor_name.clone(),
                    support: 0,
                    oppose: 0,
                    docs: 0,
                    last_doc: String::new(),
                });
            match r.stance {
                whosaid_model::Stance::Support => row.support += 1,
                whosaid_model::Stance::Oppose => row.oppose += 1,
            }
            if row.docs == 0 || row.last_doc != r.doc_id {
                row.docs += 1;
                row.last_doc.clone_from(&r.doc_id);
            }
        }
    }

    pub fn table(&self) -> Table {
        // Most discussed first; ties in actor and topic order, so the file is stable.
        let mut rows: Vec<(&(String, String), &TopicRow)> = self.rows.iter().collect();
        rows.sort_by(|(ka, a), (kb, b)| {
            (b.support + b.oppose)
                .cmp(&(a.support + a.oppose))
                .then(a.actor_name.cmp(&b.actor_name))
                .then(ka.0.cmp(&kb.0))
                .then(ka.1.cmp(&kb.1))
        });
        Table {
            name: "actor_topic",
            columns: vec![
                ("actor_id", strs(&rows, |r| &r.0 .0)),
                ("actor_name", strs(&rows, |r| &r.1.actor_name)),
                ("topic", strs(&rows, |r| &r.0 .1)),
                (
                    "n_support",
                    Values::U32(rows.iter().map(|r| r.1.support).collect()),
                ),
                (
                    "n_oppose",
                    Values::U32(rows.iter().map(|r| r.1.oppose).collect()),
                ),
                (
                    "n_documents",
                    Values::U32(rows.iter().map(|r| r.1.docs).collect()),
                ),
            ],
        }
    }
}

fn rejects(r: &[Reject]) -> Table {
    Table {
        name: "rejects",
        columns: vec![
            ("path", strs(r, |x| &x.path)),
            (
                "line",
                Values::OptU32(
                    r.iter()
                        .map(|x| x.line.map(|l| l.min(u32::MAX as u64) as u32))
                        .collect(),
                ),
            ),
            ("action", strs(r, |x| x.action.as_str())),
            ("category", strs(r, |x| &x.category)),
            ("reason", strs(r, |x| &x.reason)),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_model::QuoteKind;

    fn doc(text: &str) -> Document {
        Document {
            doc_id: "d1".into(),
            source_path: "d1.txt".into(),
            outlet: None,
            title: Some("T".into()),
            published: None,
            text: text.into(),
            n_words: 3,
            content_hash: "0".into(),
            duplicate_of: None,
            story_id: "d1".into(),
            n_removed_lines: 0,
        }
    }

    #[test]
    fn empty_tables_keep_their_full_schema() {
        let docs = [doc("x")];
        let t = build_tables(&Tables {
            documents: &docs,
            actors: &[],
            mentions: &[],
            quotes: &[],
            positions: &[],
            rejects: &[],
        });
        let q = t.iter().find(|t| t.name == "quotes").unwrap();
        let df = q.to_frame(true).unwrap();
        assert_eq!(df.height(), 0);
        assert!(df
            .get_column_names()
            .iter()
            .any(|c| c.as_str() == "speaker_actor_id"));
        let a = t
            .iter()
            .find(|t| t.name == "actors")
            .unwrap()
            .to_frame(false)
            .unwrap();
        assert_eq!(a.width(), 10);
    }

    #[test]
    fn quote_offsets_become_code_points() {
        let text = "“Now,” Lavrov said.";
        let docs = [doc(text)];
        let start = text.find("Now").unwrap();
        let q = Quote {
            quote_id: "q1".into(),
            doc_id: "d1".into(),
            kind: QuoteKind::Direct,
            text: "Now".into(),
            span: Span::new(start, start + 3),
            speaker_actor_id: None,
            speaker_name: None,
            speaker_text: None,
            speaker_span: None,
            cue: None,
            cue_span: None,
            confidence: 1.0,
            duplicate_of: None,
        };
        let t = build_tables(&Tables {
            documents: &docs,
            actors: &[],
            mentions: &[],
            quotes: std::slice::from_ref(&q),
            positions: &[],
            rejects: &[],
        });
        let df = t
            .iter()
            .find(|t| t.name == "quotes")
            .unwrap()
            .to_frame(true)
            .unwrap();
        let starts = df.column("start").unwrap().u32().unwrap().get(0);
        assert_eq!(starts, Some(1));
    }
}
