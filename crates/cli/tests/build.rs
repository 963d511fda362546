//! The CLI end to end: runs `whosaid build` on folders and reads the tables back.

mod common;

use common::{build, read_table, whosaid, workspace, Row, TABLES};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

const CONTRACT: &[(&str, &[&str])] = &[
    (
        "documents",
        &[
            "doc_id",
            "source_path",
            "outlet",
            "title",
            "published",
            "text",
            "n_words",
            "content_hash",
            "duplicate_of",
            "story_id",
        ],
    ),
    (
        "actors",
        &[
            "actor_id",
            "name",
            "kind",
            "title",
            "affiliation",
            "is_journalist",
            "aliases",
            "n_mentions",
            "n_documents",
            "n_quotes",
        ],
    ),
    (
        "mentions",
        &["doc_id", "actor_id", "text", "start", "end", "how"],
    ),
    (
        "quotes",
        &[
            "quote_id",
            "doc_id",
            "kind",
            "text",
            "start",
            "end",
            "speaker_actor_id",
            "speaker_name",
            "speaker_text",
            "speaker_start",
            "speaker_end",
            "cue",
            "cue_start",
            "cue_end",
            "confidence",
            "duplicate_of",
        ],
    ),
    (
        "positions",
        &[
            "position_id",
            "doc_id",
            "actor_id",
            "actor_name",
            "stance",
            "predicate",
            "topic",
            "topic_text",
            "target_actor_id",
            "evidence",
            "start",
            "end",
            "quote_id",
            "confidence",
        ],
    ),
];

#[test]
fn the_sample_corpus_becomes_every_contract_table() {
    let out = tempfile::tempdir().unwrap();
    let corpus = workspace().join("data/corpus");
    build(&[&corpus], out.path(), &["-q"]).success();

    for (table, columns) in CONTRACT {
        let (header, _) = read_table(out.path(), table);
        for c in *columns {
            assert!(
                header.iter().any(|h| h == c),
                "{table}.csv lacks contract column {c}"
            );
        }
        assert!(
            out.path().join(format!("{table}.parquet")).exists(),
            "{table}.parquet missing"
        );
    }
    let (_, docs) = read_table(out.path(), "documents");
    assert!(docs.len() >= 10, "only {} documents", docs.len());
    let by_id: HashMap<&str, &Row> = docs.iter().map(|d| (d["doc_id"].as_str(), d)).collect();

    // Chrome is gone, the body and its speaker labels are kept, the headline is metadata.
    let early = by_id["radio/geneva_talks_early_cut"];
    for chrome in [
        "Play Live Radio",
        "Available On Air Stations",
        "Transcript provided by",
        "made possible by donors",
    ] {
        assert!(
            !early["text"].contains(chrome),
            "chrome left in text: {chrome}"
        );
    }
    assert!(early["text"].contains("PETTIGREW: Thank you"));
    assert!(!early["title"].is_empty());
    assert!(!early["text"].contains(early["title"].as_str()));
    assert_eq!(early["outlet"], "NPR");

    // The re-cut pair is one story; the JSONL reprint is a copy of the wire story.
    assert_eq!(
        early["story_id"],
        by_id["radio/geneva_talks_late_cut"]["story_id"]
    );
    assert_ne!(
        early["story_id"],
        by_id["radio/selen_river_talks"]["story_id"]
    );
    let wire = by_id["wire/eu_sanctions_kolvenia"];
    assert!(!wire["text"].contains("More in Local News"));
    assert!(
        !wire["duplicate_of"].is_empty(),
        "the reprint pair was not linked"
    );

    // The web page's metadata comes from its markup.
    let page = by_id["html/brenik_convoy"];
    assert_eq!(page["published"], "2025-03-13");
    assert!(!page["text"].contains("Newsletter"));

    // Actors: one row per person across documents, with labels, titles and journalists.
    let (_, actors) = read_table(out.path(), "actors");
    let actor = |name: &str| {
        actors
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("no actor {name}"))
    };
    let vollan = actor("Gerrit Vollan");
    assert_eq!(vollan["kind"], "person");
    assert_eq!(vollan["title"], "Foreign Minister");
    assert!(
        vollan["aliases"].split(" | ").any(|a| a == "GERRIT VOLLAN"),
        "the speaker label is an alias"
    );
    assert!(vollan["n_documents"].parse::<u32>().unwrap() >= 3);
    assert_eq!(actor("Jonah Pettigrew")["is_journalist"], "true");
    assert_eq!(actor("Russia")["kind"], "country");
    assert_eq!(
        actors
            .iter()
            .filter(|a| a["name"].contains("Vollan"))
            .count(),
        1,
        "one row per actor"
    );
    let (_, mentions) = read_table(out.path(), "mentions");
    for m in mentions.iter().take(200) {
        let text = &by_id[m["doc_id"].as_str()]["text"];
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        let span: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(
            span, m["text"],
            "mention offsets are code points into documents.text"
        );
    }

    // Quotes: transcript turns, direct quotes with their speakers, exact spans.
    let (_, quotes) = read_table(out.path(), "quotes");
    for q in &quotes {
        let text = &by_id[q["doc_id"].as_str()]["text"];
        let (s, e): (usize, usize) = (q["start"].parse().unwrap(), q["end"].parse().unwrap());
        let span: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(
            span, q["text"],
            "quote offsets are code points into documents.text"
        );
    }
    let turn = quotes
        .iter()
        .find(|q| {
            q["kind"] == "transcript"
                && q["doc_id"] == "radio/geneva_talks_early_cut"
                && q["speaker_text"] == "GERRIT VOLLAN"
        })
        .expect("the minister's clip is a transcript quote");
    assert_eq!(turn["speaker_name"], "Gerrit Vollan");
    assert!(quotes
        .iter()
        .any(|q| q["kind"] == "direct" && q["speaker_name"] == "Gerrit Vollan"));
    assert!(quotes.iter().any(|q| q["kind"] == "indirect"));
    for doc in by_id
        .keys()
        .filter(|d| d.starts_with("wire/") || d.starts_with("web/"))
    {
        assert!(
            quotes.iter().any(|q| q["doc_id"] == *doc),
            "no quote in {doc}"
        );
    }
    assert!(vollan["n_quotes"].parse::<u32>().unwrap() >= 2);

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["counts"]["documents"], docs.len());
}

#[test]
fn bad_inputs_are_skipped_with_reasons_and_good_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let good = "Ministers Meet In Vienna\n\nThe foreign minister said on Monday that the talks would resume next week in Vienna.\n";
    std::fs::write(p.join("good.txt"), good).unwrap();
    std::fs::write(p.join("empty.txt"), "  \n\n").unwrap();
    std::fs::write(p.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(p.join("notes.pdf"), "x").unwrap();
    std::fs::write(
        p.join("feed.jsonl"),
        "{\"id\": \"ok1\", \"text\": \"The envoy said the truce would hold through the weekend, officials said.\"}\n{broken\n{\"title\": \"no text\"}\n",
    )
    .unwrap();
    std::fs::write(p.join("table.csv"), "id,headline\n1,x\n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(good.as_bytes()).unwrap();
    for i in 0..400 {
        writeln!(
            gz,
            "\nParagraph {i}: delegates from {} countries met for {} hours.",
            i * 7 % 31,
            i % 13
        )
        .unwrap();
    }
    let bytes = gz.finish().unwrap();
    std::fs::write(p.join("cut.txt.gz"), &bytes[..bytes.len() / 2]).unwrap();

    let out = tempfile::tempdir().unwrap();
    let assert = build(&[p], &out.path().join("ds"), &[]).success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("skipped:"), "{stderr}");

    let (_, docs) = read_table(&out.path().join("ds"), "documents");
    let ids: Vec<&str> = docs.iter().map(|d| d["doc_id"].as_str()).collect();
    assert!(
        ids.contains(&"good") && ids.contains(&"ok1") && ids.contains(&"cut"),
        "{ids:?}"
    );
    let (_, rejects) = read_table(&out.path().join("ds"), "rejects");
    let cats: Vec<(&str, &str, &str)> = rejects
        .iter()
        .map(|r| {
            (
                r["category"].as_str(),
                r["line"].as_str(),
                r["action"].as_str(),
            )
        })
        .collect();
    for expected in [
        ("empty", "", "skipped"),
        ("binary", "", "skipped"),
        ("unsupported", "", "skipped"),
        ("malformed-json", "2", "skipped"),
        ("no-text", "3", "skipped"),
        ("no-text-column", "", "skipped"),
        ("truncated-gzip", "", "partial"),
    ] {
        assert!(
            cats.contains(&expected),
            "missing reject {expected:?} in {cats:?}"
        );
    }
}

#[test]
fn a_run_with_nothing_readable_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = tempfile::tempdir().unwrap();
    let a = build(&[dir.path()], &out.path().join("ds"), &[]).failure();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no documents"), "{stderr}");
    assert!(!out.path().join("ds").exists());
}

#[test]
fn a_missing_input_fails() {
    let out = tempfile::tempdir().unwrap();
    build(&[Path::new("/no/such/corpus")], out.path(), &[]).failure();
}

#[test]
fn a_foreign_output_folder_is_only_replaced_with_force() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("thesis.docx"), "mine").unwrap();
    let corpus = workspace().join("data/corpus/web");
    build(&[&corpus], out.path(), &["-q"]).failure();
    assert!(out.path().join("thesis.docx").exists());
    build(&[&corpus], out.path(), &["-q", "--force"]).success();
    assert!(out.path().join("documents.csv").exists());
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let corpus = workspace().join("data/corpus");
    let out = tempfile::tempdir().unwrap();
    let (one, two) = (out.path().join("one"), out.path().join("two"));
    build(
        &[&corpus],
        &one,
        &["-q", "--threads", "1", "--format", "csv"],
    )
    .success();
    build(
        &[&corpus],
        &two,
        &["-q", "--threads", "2", "--format", "csv"],
    )
    .success();
    for table in TABLES {
        let a = std::fs::read(one.join(format!("{table}.csv"))).unwrap();
        let b = std::fs::read(two.join(format!("{table}.csv"))).unwrap();
        assert!(a == b, "{table}.csv differs between 1 and 2 threads");
    }
    assert!(!one.join("documents.parquet").exists());
}

#[test]
fn help_explains_every_option_with_an_example() {
    let out = whosaid().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for opt in [
        "--out",
        "--threads",
        "--format",
        "--config",
        "--max-doc-mb",
        "--force",
        "Examples:",
        "Exit status:",
    ] {
        assert!(help.contains(opt), "build --help lacks {opt}");
    }
}

/// CI's regeneration check: the committed `output/` CSVs are what the sample
/// corpus builds to, byte for byte.
#[test]
fn the_committed_sample_dataset_is_up_to_date() {
    let root = workspace();
    let out = tempfile::tempdir().unwrap();
    whosaid()
        .current_dir(&root)
        .args([
            "build",
            "data/corpus",
            "--quiet",
            "--format",
            "csv",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    for table in TABLES {
        let fresh = std::fs::read(out.path().join(format!("{table}.csv"))).unwrap();
        let committed = std::fs::read(root.join(format!("output/{table}.csv"))).unwrap_or_default();
        assert!(
            fresh == committed,
            "output/{table}.csv is stale: run `just build-dataset` and commit output/"
        );
    }
}

/// A reprint is found when its original is within `--dedup-window`
/// documents, and not when more documents than that came between; an
/// exact copy is found whatever came between.
#[test]
fn the_dedup_window_bounds_how_far_back_copies_are_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let article = |topic: usize| {
        (0..12)
            .map(|s| format!("The council of district {topic} met on item {s} and voted {} to {} after a long debate about budget line {topic}{s}.", s + 3, topic % 5))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let original = article(0);
    std::fs::write(dir.path().join("a000.txt"), &original).unwrap();
    for k in 1..=20 {
        std::fs::write(dir.path().join(format!("a{k:03}.txt")), article(k)).unwrap();
    }
    // In name order the reprint, then the copy, come after the twenty others
    // (the copy after the reprint, which would otherwise find it in the window).
    let reprint = format!("Updated at noon. {original}");
    std::fs::write(dir.path().join("b1_reprint.txt"), &reprint).unwrap();
    std::fs::write(dir.path().join("b2_copy.txt"), &original).unwrap();
    let duplicate_of = |window: &str| {
        let out = tempfile::tempdir().unwrap();
        build(
            &[dir.path()],
            out.path(),
            &["--quiet", "--dedup-window", window],
        )
        .success();
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join("manifest.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(manifest["dedup_window"].to_string(), window);
        let (_, docs) = read_table(out.path(), "documents");
        let of = |id: &str| {
            docs.iter()
                .find(|d| d["doc_id"] == id)
                .map(|d| d["duplicate_of"].clone())
                .unwrap()
        };
        (of("b1_reprint"), of("b2_copy"))
    };
    assert_eq!(duplicate_of("0"), ("a000".into(), "a000".into()));
    assert_eq!(duplicate_of("100"), ("a000".into(), "a000".into()));
    assert_eq!(duplicate_of("8"), (String::new(), "a000".into()));
}
