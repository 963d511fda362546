//! Fuzzing normalize with hostile text: it never panics, and what it emits
//! is clean text.

#[path = "common/hostile_text.rs"]
mod hostile_text;

use hostile_text::hostile_text;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::sync::LazyLock;
use unicode_normalization::is_nfc;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{count_words, RawDocument, RawMeta, SourceFormat};
use whosaid_normalize::text::clean_lines;
use whosaid_normalize::{dedup, LineStats, Normalizer};

static NORMALIZER: LazyLock<Normalizer> =
    LazyLock::new(|| Normalizer::new(&LexiconOverrides::default()).unwrap());

/// `cases` per test in `just test`; `PROPTEST_CASES=N` runs more.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        // Failures found here are kept in the repository and replayed first.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/fuzz.txt",
        ))),
        ..ProptestConfig::default()
    }
}

/// What every line of cleaned text must be.
fn assert_clean_line(line: &str) -> Result<(), TestCaseError> {
    prop_assert!(!line.contains(['\n', '\r']), "line break in {line:?}");
    prop_assert!(line.trim() == line, "untrimmed {line:?}");
    prop_assert!(!line.contains("  "), "double space in {line:?}");
    prop_assert!(
        !line.chars().any(|c| c.is_control()
            || matches!(
                c,
                '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202e}'
            )),
        "control or invisible character left in {line:?}"
    );
    prop_assert!(is_nfc(line), "not NFC: {line:?}");
    Ok(())
}

fn raw(i: usize, text: String, format: SourceFormat) -> RawDocument {
    RawDocument {
        doc_id: format!("fuzz{i}"),
        source_path: "fuzz.txt".into(),
        format,
        text,
        meta: RawMeta::default(),
        bytes: 0,
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn cleaned_lines_are_clean_and_cleaning_again_changes_nothing(text in hostile_text(60)) {
        let lines = clean_lines(&text);
        for line in &lines {
            assert_clean_line(line)?;
        }
        prop_assert_eq!(clean_lines(&lines.join("\n")), lines);
    }

    #[test]
    fn documents_come_out_whole_from_any_text(
        texts in prop::collection::vec(hostile_text(80), 1..4),
        format in prop::sample::select(&[SourceFormat::Text, SourceFormat::Record, SourceFormat::Html][..]),
    ) {
        let prepared: Vec<_> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| NORMALIZER.prepare(raw(i, t, format)))
            .collect();
        let mut stats = LineStats::default();
        for p in &prepared {
            stats.add_lines(&p.lines);
        }
        let mut docs: Vec<_> = prepared.into_iter().map(|p| NORMALIZER.finish(p, &stats)).collect();
        for d in &docs {
            for para in d.text.split("\n\n") {
                assert_clean_line(para)?;
            }
            prop_assert_eq!(d.n_words, count_words(&d.text));
            prop_assert_eq!(&d.content_hash, &dedup::content_hash(&d.text));
            if let Some(t) = &d.title {
                prop_assert!(!t.is_empty() && !t.contains('\n'), "title {:?}", t);
            }
        }
        let prints: Vec<_> = docs.iter().map(|d| dedup::Fingerprint::of(&d.text)).collect();
        dedup::assign(&mut docs, &prints);
        for (i, d) in docs.iter().enumerate() {
            prop_assert!(!d.story_id.is_empty() || d.text.is_empty());
            if let Some(orig) = &d.duplicate_of {
                prop_assert!(docs[..i].iter().any(|o| &o.doc_id == orig));
            }
        }
    }

    #[test]
    fn the_length_cap_cuts_on_a_char_boundary_within_the_cap(
        text in hostile_text(200),
        max in 0usize..400,
    ) {
        let mut cut = text.clone();
        match whosaid_normalize::limit::cap(&mut cut, max) {
            None => prop_assert_eq!(&cut, &text),
            Some(c) => {
                prop_assert!(cut.len() <= max && text.starts_with(&cut));
                prop_assert_eq!((c.kept, c.total), (cut.len(), text.len()));
            }
        }
    }
}
