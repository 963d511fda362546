//! Extract: actors, mentions, quotes and positions from normalized documents.
//!
//! The stage's interface is in place; its recognizers arrive with the
//! actors, quotes and positions issues. Until then it yields empty tables,
//! which export still writes with their full schema.

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
pub struct Extractor {}

impl Extractor {
    pub fn new(_lexicons: &LexiconOverrides) -> Result<Extractor, String> {
        Ok(Extractor {})
    }

    /// Extracts from `docs` (in corpus order; results follow that order).
    pub fn run(&self, _docs: &[Document]) -> Extraction {
        Extraction::default()
    }
}
