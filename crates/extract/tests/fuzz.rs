//! Fuzzing extraction with hostile text: it never panics, and every span it
//! emits lies inside its document and gives back its own text, in bytes and
//! in the contract's code points.
//!
//! Texts are fed raw (extraction must survive any `Document`) and after
//! normalize (what the pipeline feeds it). `tests/fuzz-corpus/` holds tricky
//! inputs, replayed on every run; add a file there for any input that once
//! broke extraction.

#[path = "../../normalize/tests/common/hostile_text.rs"]
mod hostile_text;

use hostile_text::hostile_text;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::path::Path;
use std::sync::LazyLock;
use whosaid_extract::Extractor;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{CharIndex, Document, RawDocument, RawMeta, SourceFormat, Span};
use whosaid_normalize::{LineStats, Normalizer};

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(&LexiconOverrides::default()).unwrap());
static NORMALIZER: LazyLock<Normalizer> =
    LazyLock::new(|| Normalizer::new(&LexiconOverrides::default()).unwrap());

/// `cases` per test in `just test`; `PROPTEST_CASES=N` runs more.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/fuzz.txt",
        ))),
        ..ProptestConfig::default()
    }
}

fn document(i: usize, text: String) -> Document {
    Document {
        doc_id: format!("d{i}"),
        source_path: format!("d{i}.txt"),
        outlet: None,
        title: None,
        published: None,
        n_words: whosaid_model::count_words(&text),
        content_hash: String::new(),
        duplicate_of: None,
        story_id: format!("d{i}"),
        n_removed_lines: 0,
        text,
    }
}

fn normalized(i: usize, text: String) -> Document {
    let raw = RawDocument {
        doc_id: format!("d{i}"),
        source_path: format!("d{i}.txt"),
        format: SourceFormat::Text,
        text,
        meta: RawMeta::default(),
        bytes: 0,
    };
    let p = NORMALIZER.prepare(raw);
    let mut stats = LineStats::default();
    stats.add_lines(&p.lines);
    NORMALIZER.finish(p, &stats)
}

/// `span` lies in `text`, on character boundaries, and `said` is its text
/// both by bytes and by the code-point offsets written to the tables.
fn check_span(text: &str, span: Span, said: &str, what: &str) -> Result<(), String> {
    let Span { start, end } = span;
    if !(start <= end && end <= text.len()) {
        return Err(format!(
            "{what} {start}..{end} outside a text of {} bytes",
            text.len()
        ));
    }
    if !(text.is_char_boundary(start) && text.is_char_boundary(end)) {
        return Err(format!("{what} {start}..{end} cuts a character"));
    }
    if &text[start..end] != said {
        return Err(format!(
            "{what} text {said:?} is not text[{start}..{end}] {:?}",
            &text[start..end]
        ));
    }
    let ix = CharIndex::new(text);
    let (s, e) = (ix.char_offset(start), ix.char_offset(end));
    let by_chars: String = text.chars().skip(s).take(e - s).collect();
    if by_chars != said {
        return Err(format!(
            "{what} code points {s}..{e} give {by_chars:?}, not {said:?}"
        ));
    }
    Ok(())
}

/// Runs extraction over `docs` (as one corpus) and checks every span.
fn extract_and_check(docs: &[Document]) -> Result<(), String> {
    let analyses: Vec<_> = docs.iter().map(|d| EXTRACTOR.analyze(d)).collect();
    let x = EXTRACTOR.finish(docs, &analyses);
    let text_of = |id: &str| {
        docs.iter()
            .find(|d| d.doc_id == id)
            .map(|d| d.text.as_str())
            .ok_or_else(|| format!("unknown doc_id {id}"))
    };
    for m in &x.mentions {
        check_span(text_of(&m.doc_id)?, m.span, &m.text, "mention")?;
        if !x.actors.iter().any(|a| a.actor_id == m.actor_id) {
            return Err(format!("mention of unknown actor {}", m.actor_id));
        }
    }
    for q in &x.quotes {
        let text = text_of(&q.doc_id)?;
        check_span(text, q.span, &q.text, "quote")?;
        match (q.speaker_span, &q.speaker_text) {
            (Some(s), Some(t)) => check_span(text, s, t, "speaker")?,
            (None, None) => {}
            _ => return Err("speaker span and text disagree".into()),
        }
        match (q.cue_span, &q.cue) {
            (Some(s), Some(t)) => check_span(text, s, t, "cue")?,
            (None, None) => {}
            _ => return Err("cue span and text disagree".into()),
        }
        if !(0.0..=1.0).contains(&q.confidence) {
            return Err(format!("confidence {}", q.confidence));
        }
    }
    for p in &x.positions {
        check_span(text_of(&p.doc_id)?, p.span, &p.evidence, "position")?;
        if let Some(id) = &p.quote_id {
            if !x.quotes.iter().any(|q| &q.quote_id == id) {
                return Err(format!("position from unknown quote {id}"));
            }
        }
        if !x.actors.iter().any(|a| a.actor_id == p.actor_id) {
            return Err(format!("position of unknown actor {}", p.actor_id));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn raw_text_yields_valid_spans(texts in prop::collection::vec(hostile_text(80), 1..3)) {
        let docs: Vec<_> = texts.into_iter().enumerate().map(|(i, t)| document(i, t)).collect();
        extract_and_check(&docs).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn normalized_text_yields_valid_spans(texts in prop::collection::vec(hostile_text(120), 1..3)) {
        let docs: Vec<_> = texts.into_iter().enumerate().map(|(i, t)| normalized(i, t)).collect();
        extract_and_check(&docs).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn the_fuzz_corpus_yields_valid_spans() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "the corpus is gone from {}",
        dir.display()
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for docs in [vec![document(0, text.clone())], vec![normalized(0, text)]] {
            if let Err(e) = extract_and_check(&docs) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}
