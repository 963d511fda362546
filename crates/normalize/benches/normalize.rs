//! Micro-benchmarks of normalization, on the sample corpus's scrapes:
//! `cargo bench -p whosaid-normalize`. Throughput is in bytes of input.

use divan::counter::BytesCount;
use divan::Bencher;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{RawDocument, RawMeta, SourceFormat};
use whosaid_normalize::{text, Fingerprint, LineStats, Normalizer};

/// Every text scrape of the sample corpus, one after another.
fn corpus() -> String {
    let mut s = String::new();
    for name in [
        "radio/geneva_talks_early_cut.txt",
        "radio/selen_river_talks.txt",
        "web/vollan_first_step.txt",
        "wire/eu_sanctions_kolvenia.txt",
        "wire/un_council_monitors.txt",
    ] {
        let path = format!("{}/../../data/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        s.push_str(&std::fs::read_to_string(path).unwrap());
        s.push('\n');
    }
    s
}

fn raw(text: &str) -> RawDocument {
    RawDocument {
        doc_id: "d".into(),
        source_path: "d.txt".into(),
        format: SourceFormat::Text,
        text: text.to_string(),
        meta: RawMeta::default(),
        bytes: text.len() as u64,
    }
}

fn main() {
    divan::main();
}

/// Character clean-up and lines (NFC, spaces, invisible characters).
#[divan::bench]
fn clean_lines(b: Bencher) {
    let text = corpus();
    b.counter(BytesCount::of_str(&text))
        .bench(|| text::clean_lines(divan::black_box(&text)));
}

/// Headline, body and chrome (both passes of one document).
#[divan::bench]
fn prepare_and_finish(b: Bencher) {
    let text = corpus();
    let n = Normalizer::new(&LexiconOverrides::default()).unwrap();
    let stats = LineStats::default();
    b.counter(BytesCount::of_str(&text))
        .bench(|| n.finish(n.prepare(raw(divan::black_box(&text))), &stats));
}

/// Duplicate fingerprints (sampled word shingles).
#[divan::bench]
fn fingerprint(b: Bencher) {
    let text = corpus();
    b.counter(BytesCount::of_str(&text))
        .bench(|| Fingerprint::of(divan::black_box(&text)));
}
