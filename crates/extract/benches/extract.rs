//! Micro-benchmarks of extraction's hot functions, on the sample corpus's
//! articles: `cargo bench -p whosaid-extract`. Throughput is in bytes of text.

use divan::counter::BytesCount;
use divan::Bencher;
use whosaid_extract::lexicons::Lexicons;
use whosaid_extract::mentions::{Recognizer, RuleRecognizer};
use whosaid_extract::quotes::{paragraphs, quoted_spans, QuoteRules};
use whosaid_extract::{coref, tokens, Extractor};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::Document;

/// The prose of the sample corpus's text articles, paragraphs apart.
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
        s.push_str("\n\n");
    }
    s
}

fn main() {
    divan::main();
}

/// Tokens and sentence starts.
#[divan::bench]
fn tokenize(b: Bencher) {
    let text = corpus();
    b.counter(BytesCount::of_str(&text))
        .bench(|| tokens::tokenize(divan::black_box(&text)));
}

/// Mention detection (names, titles, gazetteer forms, labels, pronouns).
#[divan::bench]
fn mentions(b: Bencher) {
    let text = corpus();
    let lex = Lexicons::new(&LexiconOverrides::default()).unwrap();
    let r = RuleRecognizer::new(&lex);
    b.counter(BytesCount::of_str(&text))
        .bench(|| r.recognize(divan::black_box(&text)));
}

/// The quotation-mark scan: quoted spans paired per paragraph.
#[divan::bench]
fn quote_marks(b: Bencher) {
    let text = corpus();
    b.counter(BytesCount::of_str(&text)).bench(|| {
        let text = divan::black_box(&text);
        paragraphs(text)
            .into_iter()
            .map(|p| quoted_spans(text, p).len())
            .sum::<usize>()
    });
}

/// Quotes: direct, transcript and indirect, with their speakers.
#[divan::bench]
fn quotes(b: Bencher) {
    let text = corpus();
    let ov = LexiconOverrides::default();
    let lex = Lexicons::new(&ov).unwrap();
    let rules = QuoteRules::new(&ov).unwrap();
    let found = RuleRecognizer::new(&lex).recognize(&text);
    let r = coref::resolve_full(&text, &found, &lex);
    b.counter(BytesCount::of_str(&text))
        .bench(|| rules.find(divan::black_box(&text), &found, &r.assignment));
}

/// A whole document's analysis: mentions, coreference, quotes, positions.
#[divan::bench]
fn analyze(b: Bencher) {
    let text = corpus();
    let x = Extractor::new(&LexiconOverrides::default()).unwrap();
    let doc = Document {
        doc_id: "d".into(),
        source_path: "d.txt".into(),
        outlet: None,
        title: None,
        published: None,
        text,
        n_words: 0,
        content_hash: String::new(),
        duplicate_of: None,
        story_id: String::new(),
        n_removed_lines: 0,
    };
    b.counter(BytesCount::of_str(&doc.text))
        .bench(|| x.analyze(divan::black_box(&doc)));
}
