//! Extract: actors, mentions, quotes and positions from normalized documents.
//!
//! Layers, each a function of the document and the lexicons:
//! [`mentions`] finds mentions in a text, [`coref`] groups one document's
//! mentions into entities, and [`actors`] merges entities across the
//! corpus. Quotes and positions arrive with their issues; until then their
//! tables are empty but keep their full schema.

pub mod actors;
pub mod coref;
pub mod lexicons;
pub mod mentions;
pub mod tokens;

use lexicons::Lexicons;
use mentions::{Recognizer, RuleRecognizer};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Actor, Document, Mention, Position, Quote};

/// What extraction found over the corpus.
#[derive(Debug, Default)]
pub struct Extraction {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub positions: Vec<Position>,
}

/// The extract stage, with its compiled lexicons.
pub struct Extractor {
    lex: Lexicons,
}

impl Extractor {
    pub fn new(lexicons: &LexiconOverrides) -> Result<Extractor, String> {
        Ok(Extractor {
            lex: Lexicons::new(lexicons)?,
        })
    }

    /// One document's entities: the per-document work, safe to run in parallel.
    pub fn entities(&self, doc: &Document) -> Vec<coref::DocEntity> {
        let found = RuleRecognizer::new(&self.lex).recognize(&doc.text);
        coref::resolve(&doc.text, &found, &self.lex)
    }

    /// Merges the per-document entities (in corpus order) into the tables.
    pub fn finish(&self, docs: &[Document], entities: &[Vec<coref::DocEntity>]) -> Extraction {
        let (actors, mentions) = actors::merge(docs, entities, &self.lex);
        Extraction {
            actors,
            mentions,
            quotes: Vec::new(),
            positions: Vec::new(),
        }
    }
}
