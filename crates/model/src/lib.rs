//! Domain types shared by every stage of whosaid.
//!
//! Stages pass these records along: `ingest` yields [`RawDocument`]s and
//! [`Reject`]s, `normalize` turns raw documents into [`Document`]s, `extract`
//! adds [`Mention`]s, [`Actor`]s, [`Quote`]s and [`Position`]s, and `export`
//! writes them as the tables of the dataset contract.
//!
//! Spans inside the pipeline are **byte** offsets into `Document::text`
//! (cheap to slice in Rust); `export` converts them to the contract's
//! code-point offsets at one boundary, with [`CharIndex`].

use bincode::{Decode, Encode};
use std::borrow::Cow;

pub mod lexicon;
mod offsets;
mod words;

pub use offsets::CharIndex;
pub use words::{count_words, is_ascii_space, words_up_to};

/// The input format a document was read from; decides how it is normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Encode, Decode)]
pub enum SourceFormat {
    /// A plain-text scrape: lines of body mixed with site chrome.
    Text,
    /// A web page: the main text is extracted from the markup.
    Html,
    /// A record of a JSONL or CSV file: its text field is taken as the body.
    Record,
}

/// Metadata that came with the input (JSONL/CSV fields), before normalization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
pub struct RawMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
}

/// A document as read from disk: decoded text, not yet cleaned.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub doc_id: String,
    pub source_path: String,
    pub format: SourceFormat,
    pub text: String,
    pub meta: RawMeta,
    /// Bytes read from disk for this document (for throughput figures).
    pub bytes: u64,
}

/// What happened to an input that could not be read in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectAction {
    /// Nothing of it reached the tables.
    Skipped,
    /// Read as far as it could be; what was read is in the tables.
    Partial,
}

impl RejectAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectAction::Skipped => "skipped",
            RejectAction::Partial => "partial",
        }
    }
}

/// An input (file, or one line of a JSONL/CSV file) that was skipped or cut.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reject {
    pub path: String,
    /// 1-based line (JSONL) or record (CSV) number, when it applies.
    pub line: Option<u64>,
    pub action: RejectAction,
    /// A short, stable category (`binary`, `empty`, `malformed-json`, …) for counting.
    pub category: String,
    /// The human-readable reason.
    pub reason: String,
}

impl Reject {
    pub fn skipped(path: impl Into<String>, category: &str, reason: impl Into<String>) -> Self {
        Reject {
            path: path.into(),
            line: None,
            action: RejectAction::Skipped,
            category: category.to_string(),
            reason: reason.into(),
        }
    }

    pub fn partial(path: impl Into<String>, category: &str, reason: impl Into<String>) -> Self {
        Reject {
            action: RejectAction::Partial,
            ..Reject::skipped(path, category, reason)
        }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

/// A normalized article: the row of the `documents` table.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct Document {
    pub doc_id: String,
    pub source_path: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`), when the input states one.
    pub published: Option<String>,
    pub text: String,
    pub n_words: u32,
    pub content_hash: String,
    pub duplicate_of: Option<String>,
    pub story_id: String,
    /// Lines of boilerplate removed from the input (an added column: lets an
    /// analyst see how much was cut).
    pub n_removed_lines: u32,
}

/// A byte span into `Document::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Encode, Decode)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// What kind of thing an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    Person,
    Organization,
    Country,
    Group,
    Other,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Country => "country",
            ActorKind::Group => "group",
            ActorKind::Other => "other",
        }
    }
}

/// One actor, merged over the corpus: the row of the `actors` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub actor_id: String,
    pub name: String,
    pub kind: ActorKind,
    pub title: Option<String>,
    pub affiliation: Option<String>,
    pub is_journalist: bool,
    pub aliases: Vec<String>,
    pub n_mentions: u32,
    pub n_documents: u32,
    pub n_quotes: u32,
}

/// One occurrence of an actor in a document: the row of the `mentions` table.
///
/// The ids and the text are borrowed where a build streams rows out (from
/// the batch's documents and the actor table, which outlive the rows): a
/// build has a mention per 60 bytes of text, and copying all three into each
/// one, and the text through the spill, was a per-row cost of every stage
/// after extraction. [`Mention::into_owned`] detaches a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention<'a> {
    pub doc_id: Cow<'a, str>,
    pub actor_id: Cow<'a, str>,
    pub text: Cow<'a, str>,
    pub span: Span,
    pub how: MentionHow,
}

impl Mention<'_> {
    pub fn into_owned(self) -> Mention<'static> {
        Mention {
            doc_id: Cow::Owned(self.doc_id.into_owned()),
            actor_id: Cow::Owned(self.actor_id.into_owned()),
            text: Cow::Owned(self.text.into_owned()),
            span: self.span,
            how: self.how,
        }
    }
}

/// How a mention was tied to its actor: the `mentions.how` column. A value,
/// not a string: a build has a mention per 60 bytes of text, and each
/// carried its label as a string of its own through the spill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Encode, Decode)]
pub enum MentionHow {
    /// The actor's name, or a gazetteer form of it.
    Name,
    /// A country's adjective or people noun ("Russian", "Russians").
    Demonym,
    /// A capital standing for its government ("Moscow said").
    Capital,
    Pronoun,
    /// "the administration", "the minister".
    Nominal,
    /// A title standing for its holder ("the secretary").
    Title,
    /// A transcript turn's label (`KELEMEN:`).
    SpeakerLabel,
    /// A name the speaker addresses ("Thank you, Mary Louise").
    Address,
}

impl MentionHow {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionHow::Name => "name",
            MentionHow::Demonym => "demonym",
            MentionHow::Capital => "capital",
            MentionHow::Pronoun => "pronoun",
            MentionHow::Nominal => "nominal",
            MentionHow::Title => "title",
            MentionHow::SpeakerLabel => "speaker_label",
            MentionHow::Address => "address",
        }
    }
}

/// How a quote was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Encode, Decode)]
pub enum QuoteKind {
    Direct,
    Transcript,
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Transcript => "transcript",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Something an actor is reported to have said: the row of the `quotes` table.
///
/// Like [`Mention`], the texts and ids are borrowed where a build streams
/// rows out (the quote, speaker and cue texts from the document, the
/// speaker's id and name from the actor table): copying each quote's text
/// through the spill cost as much as writing it. [`Quote::into_owned`]
/// detaches a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote<'a> {
    pub quote_id: String,
    pub doc_id: Cow<'a, str>,
    pub kind: QuoteKind,
    pub text: Cow<'a, str>,
    pub span: Span,
    pub speaker_actor_id: Option<Cow<'a, str>>,
    pub speaker_name: Option<Cow<'a, str>>,
    pub speaker_text: Option<Cow<'a, str>>,
    pub speaker_span: Option<Span>,
    pub cue: Option<Cow<'a, str>>,
    pub cue_span: Option<Span>,
    pub confidence: f32,
    pub duplicate_of: Option<String>,
}

impl Quote<'_> {
    pub fn into_owned(self) -> Quote<'static> {
        let owned = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Quote {
            quote_id: self.quote_id,
            doc_id: owned(self.doc_id),
            kind: self.kind,
            text: owned(self.text),
            span: self.span,
            speaker_actor_id: self.speaker_actor_id.map(owned),
            speaker_name: self.speaker_name.map(owned),
            speaker_text: self.speaker_text.map(owned),
            speaker_span: self.speaker_span,
            cue: self.cue.map(owned),
            cue_span: self.cue_span,
            confidence: self.confidence,
            duplicate_of: self.duplicate_of,
        }
    }
}

/// Support for, or opposition to, an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Encode, Decode)]
pub enum Stance {
    Support,
    Oppose,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Support => "support",
            Stance::Oppose => "oppose",
        }
    }
}

/// Where an actor stands on an issue: the row of the `positions` table.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct Position {
    pub position_id: String,
    pub doc_id: String,
    pub actor_id: String,
    pub actor_name: String,
    pub stance: Stance,
    pub predicate: String,
    pub topic: String,
    pub topic_text: String,
    pub target_actor_id: Option<String>,
    pub evidence: String,
    pub span: Span,
    pub quote_id: Option<String>,
    pub confidence: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slices_its_text() {
        let text = "Lavrov said no.";
        assert_eq!(Span::new(0, 6).slice(text), "Lavrov");
    }
}
