//! Hostile input, one test each: the run finishes, every good document is in
//! the tables, and the bad input is skipped or read as far as it can be, with
//! its reason in rejects.csv, manifest.json and the end summary. Plus the
//! runs that must fail (with one line), panics, signals and determinism.
//!
//! Every input is made here, in a temporary folder, beside one good article.

mod common;

use common::{build, read_table, whosaid, Row, TABLES};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const GOOD: &str = "Ministers Meet In Vienna\n\nThe foreign minister, Gerrit Vollan, said on Monday that the talks would resume next week in Vienna.\n\n“We are close to a deal,” Vollan told reporters.\n";

/// A corpus folder holding the good article as `good.txt`.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    dir
}

/// What one successful build wrote and printed.
struct Run {
    stderr: String,
    docs: Vec<Row>,
    rejects: Vec<Row>,
    manifest: serde_json::Value,
    out: tempfile::TempDir,
}

impl Run {
    fn dir(&self) -> PathBuf {
        self.out.path().join("ds")
    }

    fn doc(&self, doc_id: &str) -> &Row {
        self.docs
            .iter()
            .find(|d| d["doc_id"] == doc_id)
            .unwrap_or_else(|| panic!("no document {doc_id} in {:?}", self.ids()))
    }

    fn ids(&self) -> Vec<&str> {
        self.docs.iter().map(|d| d["doc_id"].as_str()).collect()
    }

    /// The good article came through whole.
    fn has_good(&self) {
        let good = self.doc("good");
        assert!(good["text"].contains("the talks would resume next week"));
        assert!(
            self.quotes_of("good").iter().any(|q| q["kind"] == "direct"),
            "the good article lost its quote"
        );
    }

    fn quotes_of(&self, doc_id: &str) -> Vec<Row> {
        let (_, quotes) = read_table(&self.dir(), "quotes");
        quotes
            .into_iter()
            .filter(|q| q["doc_id"] == doc_id)
            .collect()
    }

    /// The one reject of the input whose path ends with `path`: the same in
    /// rejects.csv, manifest.json and the summary. Returns its reason.
    fn reject(&self, path: &str, line: Option<u64>, action: &str, category: &str) -> String {
        let line_cell = line.map(|l| l.to_string()).unwrap_or_default();
        let rows: Vec<&Row> = self
            .rejects
            .iter()
            .filter(|r| r["path"].ends_with(path) && r["line"] == line_cell)
            .collect();
        assert_eq!(
            rows.len(),
            1,
            "rejects of {path}:{line_cell}: {:?}",
            self.rejects
        );
        let r = rows[0];
        assert_eq!(
            (r["action"].as_str(), r["category"].as_str()),
            (action, category),
            "{r:?}"
        );
        let in_manifest = self.manifest["rejects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| {
                m["path"] == r["path"].as_str()
                    && m["line"] == line.map_or(serde_json::Value::Null, |l| l.into())
                    && m["category"] == category
                    && m["action"] == action
                    && m["reason"] == r["reason"].as_str()
            });
        assert!(in_manifest, "{r:?} not in manifest.json");
        let counts = &self.manifest["rejects_by_category"][category];
        let key = if action == "skipped" {
            "skipped"
        } else {
            "partial"
        };
        assert!(counts[key].as_u64().unwrap_or(0) >= 1, "{counts}");
        let line_suffix = line.map(|l| format!(":{l}")).unwrap_or_default();
        let shown = format!("{}{line_suffix}: {}", r["path"], r["reason"]);
        assert!(
            self.stderr.contains(&shown),
            "summary lacks {shown:?}:\n{}",
            self.stderr
        );
        r["reason"].clone()
    }

    fn no_rejects(&self) {
        assert!(self.rejects.is_empty(), "{:?}", self.rejects);
        assert!(self.stderr.contains("skipped: 0"), "{}", self.stderr);
    }
}

/// Builds `inputs` and checks the run succeeded with consistent counts.
fn run(inputs: &[&Path], extra: &[&str]) -> Run {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("ds");
    let a = build(inputs, &dir, extra).success();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    let (_, docs) = read_table(&dir, "documents");
    let (_, rejects) = read_table(&dir, "rejects");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["documents"], docs.len());
    assert_eq!(manifest["counts"]["rejects"], rejects.len());
    assert_eq!(manifest["rejects"].as_array().unwrap().len(), rejects.len());
    assert!(
        stderr.contains(&format!("whosaid: {} documents", docs.len())),
        "{stderr}"
    );
    Run {
        stderr,
        docs,
        rejects,
        manifest,
        out,
    }
}

/// A failed build: non-zero exit and one line on stderr. Returns that line.
fn fails(inputs: &[&Path], out: &Path, extra: &[&str]) -> String {
    let a = build(inputs, out, extra).failure();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("whosaid: "), "{stderr}");
    stderr.trim_end().to_string()
}

/// Every span in quotes.csv and mentions.csv of `doc_id` is its text, by
/// code points, as the contract says.
fn spans_are_exact(r: &Run, doc_id: &str) {
    let text: Vec<char> = r.doc(doc_id)["text"].chars().collect();
    let (_, mentions) = read_table(&r.dir(), "mentions");
    let rows = r
        .quotes_of(doc_id)
        .into_iter()
        .chain(mentions.into_iter().filter(|m| m["doc_id"] == doc_id));
    let mut n = 0;
    for row in rows {
        let (s, e): (usize, usize) = (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        assert!(s <= e && e <= text.len(), "{row:?}");
        let span: String = text[s..e].iter().collect();
        assert_eq!(span, row["text"], "offsets {s}..{e}");
        n += 1;
    }
    assert!(n > 0, "no spans in {doc_id}");
}

// ---- Empty, blank, binary ----

#[test]
fn an_empty_file_is_skipped() {
    let c = corpus();
    std::fs::write(c.path().join("empty.txt"), "").unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("empty.txt", None, "skipped", "empty");
    assert_eq!(why, "no text: the file is empty or only whitespace");
    assert_eq!(r.docs.len(), 1);
}

#[test]
fn a_whitespace_only_file_is_skipped() {
    let c = corpus();
    std::fs::write(c.path().join("blank.txt"), " \t\r\n\n\u{a0}\u{2003}\r\n   ").unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.reject("blank.txt", None, "skipped", "empty");
}

#[test]
fn binary_files_named_txt_are_skipped() {
    let c = corpus();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    std::fs::write(c.path().join("photo.txt"), png).unwrap();
    std::fs::write(
        c.path().join("nuls.txt"),
        b"The talks\0\0\0 resume\0\x01\x02",
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("photo.txt", None, "skipped", "binary");
    assert_eq!(why, "binary file (PNG image)");
    let why = r.reject("nuls.txt", None, "skipped", "binary");
    assert!(why.contains("NUL bytes"), "{why}");
    assert_eq!(r.ids(), ["good"]);
}

// ---- Encodings ----

#[test]
fn invalid_utf8_mid_file_is_read_with_replacement_characters() {
    let c = corpus();
    let mut bytes = "Talks Resume\n\n“We are close,” the envoy said — and "
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xc3\x28 \xff\xfe \xe2\x82");
    bytes.extend_from_slice(" then the délégués went home, officials said.\n".as_bytes());
    std::fs::write(c.path().join("broken.txt"), bytes).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("broken.txt", None, "partial", "encoding");
    assert!(
        why.contains("invalid UTF-8 sequence(s) replaced with U+FFFD"),
        "{why}"
    );
    let text = &r.doc("broken")["text"];
    assert!(text.contains('\u{FFFD}'), "{text}");
    assert!(text.starts_with("“We are close,” the envoy said"), "{text}");
    assert!(
        text.ends_with("the délégués went home, officials said."),
        "{text}"
    );
}

#[test]
fn latin1_is_decoded() {
    let c = corpus();
    std::fs::write(
        c.path().join("latin1.txt"),
        b"Le ministre des Affaires \xe9trang\xe8res a d\xe9clar\xe9 lundi que la tr\xeave tiendra jusqu'\xe0 No\xebl.\n",
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("latin1.txt", None, "partial", "encoding");
    assert!(
        why.starts_with("not UTF-8; decoded as windows-1252"),
        "{why}"
    );
    assert!(r.doc("latin1")["text"]
        .contains("étrangères a déclaré lundi que la trêve tiendra jusqu'à Noël"));
}

#[test]
fn utf16_with_a_bom_is_decoded_without_complaint() {
    let c = corpus();
    let text = "Talks Resume\n\n“We are close,” the envoy Anna Berg said in Genève.\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    std::fs::write(c.path().join("utf16le.txt"), le).unwrap();
    std::fs::write(c.path().join("utf16be.txt"), be).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    for id in ["utf16le", "utf16be"] {
        assert_eq!(
            r.doc(id)["text"],
            "“We are close,” the envoy Anna Berg said in Genève."
        );
        spans_are_exact(&r, id);
    }
}

// ---- Size and number ----

#[test]
fn a_20_mb_single_line_is_read_up_to_the_cap_and_says_so() {
    let c = corpus();
    let sentence =
        "The envoy said the talks in Vienna would resume on Monday, officials told reporters. ";
    let line = sentence.repeat(20_000_000 / sentence.len() + 1);
    std::fs::write(c.path().join("dump.txt"), &line).unwrap();
    let started = Instant::now();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("dump.txt", None, "partial", "too-long");
    assert!(
        why.starts_with("text is 20.0 MB, over the 2.0 MB per-document limit"),
        "{why}"
    );
    assert!(why.contains("--max-doc-mb"), "{why}");
    let text = &r.doc("dump")["text"];
    assert!(
        text.len() <= 2_000_000 && text.len() > 1_800_000,
        "{}",
        text.len()
    );
    assert!(
        text.ends_with("officials told reporters."),
        "cut mid-sentence"
    );
    eprintln!("20 MB line: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn a_long_web_page_is_capped_like_any_text_not_cut_by_the_html_extractor() {
    let c = corpus();
    let p = "<p>L’envoyé a déclaré que les négociations reprendraient à Vienne lundi.</p>\n";
    let page = format!(
        "<html><head><title>Long</title></head><body><article>{}</article></body></html>",
        p.repeat(28_000)
    );
    std::fs::write(c.path().join("long.html"), page).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("long.html", None, "partial", "too-long");
    assert!(why.starts_with("text is 2.2 MB, over the 2.0 MB"), "{why}");
    let text = &r.doc("long")["text"];
    assert!(
        text.len() > 1_800_000 && text.len() <= 2_000_000,
        "{}",
        text.len()
    );
    assert!(
        text.ends_with("reprendraient à Vienne lundi."),
        "cut mid-sentence"
    );
}

#[test]
fn the_length_cap_can_be_raised_or_lifted() {
    let c = corpus();
    let sentence = "The envoy said the talks would resume. ";
    std::fs::write(c.path().join("long.txt"), sentence.repeat(6_000)).unwrap(); // 234 KB
    let capped = run(&[c.path()], &["--max-doc-mb", "0.1"]);
    let why = capped.reject("long.txt", None, "partial", "too-long");
    assert!(why.contains("over the 0.1 MB per-document limit"), "{why}");
    assert!(capped.doc("long")["text"].len() <= 100_000);
    let whole = run(&[c.path()], &["--max-doc-mb", "0"]);
    whole.no_rejects();
    assert_eq!(whole.doc("long")["text"], sentence.repeat(6_000).trim_end());
    let bad = whosaid()
        .args(["build", "x", "--out", "y", "--max-doc-mb=-1"])
        .assert()
        .failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("not a size in MB"));
}

#[test]
fn ten_thousand_tiny_files_are_all_read() {
    let c = corpus();
    for i in 0..10_000 {
        let dir = c.path().join(format!("wire/{:02}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        std::fs::write(
            dir.join(format!("n{i:05}.txt")),
            format!(
                "Brief {i}\n\nDelegate number {i} said the vote on item {} would wait.\n",
                i * 7
            ),
        )
        .unwrap();
    }
    let r = run(&[c.path()], &["--format", "csv"]);
    r.has_good();
    r.no_rejects();
    assert_eq!(r.docs.len(), 10_001);
    assert_eq!(r.manifest["files"], 10_001);
    assert!(r.doc("wire/42/n04242")["text"].contains("Delegate number 4242 said"));
}

// ---- Folders ----

#[test]
fn deep_folders_are_walked() {
    let c = corpus();
    let rel: PathBuf = (0..100).map(|i| format!("d{i}")).collect();
    std::fs::create_dir_all(c.path().join(&rel)).unwrap();
    std::fs::write(
        c.path().join(&rel).join("deep.txt"),
        GOOD.replace("Vienna", "Oslo"),
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    let id = format!("{}/deep", rel.to_string_lossy());
    assert!(r.doc(&id)["text"].contains("Oslo"));
}

#[cfg(unix)]
#[test]
fn a_folder_too_deep_to_name_is_skipped() {
    let c = corpus();
    // Built in two halves: the whole path is longer than the OS accepts
    // (4,096 bytes on Linux), each half is not.
    let half: PathBuf = (0..200).map(|i| format!("level{i:03}-abcdef")).collect();
    std::fs::create_dir_all(c.path().join(&half)).unwrap();
    let made = std::process::Command::new("sh")
        .args([
            "-c",
            "mkdir -p \"$1\" && printf 'Deep\\n\\nThe envoy said so.\\n' > \"$1/deep.txt\"",
            "sh",
        ])
        .arg(&half)
        .current_dir(c.path().join(&half))
        .status()
        .unwrap();
    assert!(made.success());
    let r = run(&[c.path()], &[]);
    r.has_good();
    let rows: Vec<&Row> = r
        .rejects
        .iter()
        .filter(|x| x["path"].contains("level000-abcdef/"))
        .collect();
    assert_eq!(rows.len(), 1, "{:?}", r.rejects);
    assert_eq!(rows[0]["category"], "unreadable");
    assert!(
        rows[0]["reason"].contains("File name too long"),
        "{:?}",
        rows[0]
    );
    r.reject(
        &rows[0]["path"][rows[0]["path"].len() - 40..],
        None,
        "skipped",
        "unreadable",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let c = corpus();
    std::os::unix::fs::symlink(".", c.path().join("self")).unwrap();
    std::fs::create_dir(c.path().join("a")).unwrap();
    std::os::unix::fs::symlink("..", c.path().join("a/up")).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    assert_eq!(
        r.ids(),
        ["good"],
        "a document was read twice through a loop"
    );
    for link in ["/self", "a/up"] {
        let why = r.reject(link, None, "skipped", "symlink-loop");
        assert_eq!(why, "symbolic link loop: not followed");
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let c = corpus();
    let p = c.path();
    let fifo = p.join("pipe.txt");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(p.join("moved-away.txt"), p.join("dangling.txt")).unwrap();
    let locked = p.join("locked.txt");
    std::fs::write(&locked, GOOD.replace("Vienna", "Riga")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (as in CI containers) reads a file whatever its mode: then the
    // locked file is a good one, and must be read.
    let privileged = std::fs::File::open(&locked).is_ok();

    let r = run(&[p], &[]);
    r.has_good();
    let why = r.reject("pipe.txt", None, "skipped", "unreadable");
    assert_eq!(why, "not a regular file (a named pipe): not read");
    let why = r.reject("dangling.txt", None, "skipped", "unreadable");
    assert!(
        why.starts_with("cannot read: No such file or directory"),
        "{why}"
    );
    if privileged {
        eprintln!("running with root privileges: a mode-000 file is readable, and is read");
        assert!(r.doc("locked")["text"].contains("Riga"));
    } else {
        let why = r.reject("locked.txt", None, "skipped", "unreadable");
        assert!(why.contains("Permission denied"), "{why}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

// ---- Records ----

#[test]
fn jsonl_keeps_good_lines_and_lists_bad_ones_by_line() {
    let c = corpus();
    let lines = [
        r#"{"id": "j1", "title": "Truce", "text": "The envoy said the truce would hold through the weekend."}"#,
        r#"{"id": "j2", "text": "Kerry said: \"We are close.\"", "date": "2016-02-11"#, // cut short
        r#"not json at all"#,
        r#"{"id": "j4", "title": "no text field"}"#,
        r#"{"id": "j5", "text": "   "}"#,
        r#"["an", "array"]"#,
        "",
        r#"{"id": "j8", "content": "Lavrov told reporters the talks were over."}"#,
        r#"{"id": "j9", "body": "Vollan said the vote would wait until March.", "text": null}"#,
        r#"{"id": "j10", "text": "The last line has no newline and is cut"#,
    ];
    std::fs::write(c.path().join("feed.jsonl"), lines.join("\r\n")).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    for id in ["j1", "j8", "j9"] {
        r.doc(id);
    }
    assert_eq!(r.docs.len(), 4, "{:?}", r.ids());
    for line in [2, 3, 10] {
        let why = r.reject("feed.jsonl", Some(line), "skipped", "malformed-json");
        assert!(why.starts_with("not valid JSON"), "{why}");
    }
    let why = r.reject("feed.jsonl", Some(6), "skipped", "malformed-json");
    assert_eq!(why, "the line is JSON but not an object");
    for line in [4, 5] {
        let why = r.reject("feed.jsonl", Some(line), "skipped", "no-text");
        assert_eq!(why, "no non-empty text, content or body field");
    }
    assert_eq!(
        r.rejects.len(),
        6,
        "the blank line 7 is no reject: {:?}",
        r.rejects
    );
}

#[test]
fn a_csv_without_a_text_column_is_skipped_and_empty_rows_are_listed() {
    let c = corpus();
    std::fs::write(
        c.path().join("headlines.csv"),
        "id,headline\n1,Talks resume\n2,Truce holds\n",
    )
    .unwrap();
    std::fs::write(
        c.path().join("briefs.csv"),
        "id,Body\nb1,\"The envoy said, \"\"not yet.\"\"\"\nb2,\nb3,Vollan said the talks would resume.\n",
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("headlines.csv", None, "skipped", "no-text-column");
    assert_eq!(
        why,
        "no text column (looked for text, content, body); header is: id, headline"
    );
    let why = r.reject("briefs.csv", Some(2), "skipped", "no-text");
    assert_eq!(why, "the text column is empty in this row");
    assert_eq!(r.doc("b1")["text"], "The envoy said, \"not yet.\"");
    r.doc("b3");
}

// ---- Compression and markup ----

#[test]
fn a_truncated_gz_is_read_as_far_as_it_goes() {
    let c = corpus();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Talks Resume\n\nThe envoy said the talks would resume on Monday.\n")
        .unwrap();
    for i in 0..2000 {
        writeln!(
            gz,
            "\nParagraph {i}: delegates from {} countries met for {} hours.",
            i * 7 % 31,
            i % 13
        )
        .unwrap();
    }
    let bytes = gz.finish().unwrap();
    std::fs::write(c.path().join("cut.txt.gz"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(c.path().join("fake.txt.gz"), b"this was never gzip").unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    let why = r.reject("cut.txt.gz", None, "partial", "truncated-gzip");
    assert!(
        why.starts_with("gzip stream broken after ") && why.ends_with("kept what was read"),
        "{why}"
    );
    let text = &r.doc("cut")["text"];
    assert!(text.starts_with("The envoy said the talks would resume on Monday."));
    assert!(text.contains("Paragraph 100:") && !text.contains("Paragraph 1999:"));
    let why = r.reject("fake.txt.gz", None, "skipped", "bad-gzip");
    assert!(why.starts_with("not a readable gzip file"), "{why}");
}

#[test]
fn html_without_a_body_is_skipped() {
    let c = corpus();
    std::fs::write(
        c.path().join("head-only.html"),
        "<html><head><title>Envoy urges truce</title><meta charset=utf-8></head></html>",
    )
    .unwrap();
    std::fs::write(
        c.path().join("empty-body.html"),
        "<!doctype html><html><head><title>x</title></head><body>  </body></html>",
    )
    .unwrap();
    std::fs::write(c.path().join("bare.html"), "<").unwrap();
    std::fs::write(
        c.path().join("chrome-only.html"),
        "<html><body><script>var x=1;</script><nav><a href=\"/\">Home</a></nav></body></html>",
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    for page in [
        "head-only.html",
        "empty-body.html",
        "bare.html",
        "chrome-only.html",
    ] {
        let why = r.reject(page, None, "skipped", "no-text");
        assert_eq!(why, "no article text left after boilerplate removal");
    }
}

// ---- Text the extractors find hard ----

#[test]
fn unbalanced_and_never_closing_quotes_are_read() {
    let c = corpus();
    let filler = "the talks would resume next week in Vienna and ".repeat(60);
    std::fs::write(
        c.path().join("quotes.txt"),
        format!(
            "Envoy Speaks\n\nThe envoy, Anna Berg, said: “We will not stop until {filler}\n\n”Closing first,“ Kerry said. ” ” “ ‘ ’ ’ '' » « \n\nLavrov said \"nothing was agreed, and went home.\n\n« Never closed, said Vollan.\n"
        ),
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    assert!(r.doc("quotes")["text"].contains("Closing first"));
    spans_are_exact(&r, "quotes");
}

#[test]
fn a_5000_word_quote_is_one_quote() {
    let c = corpus();
    let words: Vec<String> = (0..5000)
        .map(|i| {
            let w = ["talks", "resume", "in", "Vienna", "soon"][i % 5];
            if i % 17 == 16 {
                format!("{w},")
            } else {
                w.to_string()
            }
        })
        .collect();
    let words = words.join(" ");
    // The cue before the quote, and after it.
    std::fs::write(
        c.path().join("before.txt"),
        format!("Minister Speaks\n\nThe foreign minister, Gerrit Vollan, said: “{words}.”\n\nThe talks continue.\n"),
    )
    .unwrap();
    std::fs::write(
        c.path().join("after.txt"),
        format!("Minister Speaks\n\n“{words},” Foreign Minister Gerrit Vollan told reporters.\n"),
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    for id in ["before", "after"] {
        let quotes = r.quotes_of(id);
        let long: Vec<&Row> = quotes
            .iter()
            .filter(|q| q["text"].split_whitespace().count() >= 5000)
            .collect();
        assert_eq!(long.len(), 1, "{id}: {quotes:?}");
        assert_eq!(long[0]["kind"], "direct");
        assert_eq!(long[0]["speaker_name"], "Gerrit Vollan", "{id}");
        spans_are_exact(&r, id);
    }
}

#[test]
fn rtl_marks_emoji_nbsp_and_zero_width_characters_are_cleaned_and_offsets_stay_exact() {
    let c = corpus();
    std::fs::write(
        c.path().join("unicode.txt"),
        "Talks Resume\n\nForeign\u{a0}Minister Gerrit\u{200b} Vollan said: \u{200f}“We are close 😀👍🏽 to a deal.”\u{200e} The envoy שלום עליכם agreed 🇺🇦.\n\n\u{feff}Anna\u{202f}Berg, who leads the talks, said the deal was “near\u{2060}ly done 👨‍👩‍👧”.\n",
    )
    .unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    let text = &r.doc("unicode")["text"];
    assert!(
        !text.contains(['\u{200b}', '\u{200f}', '\u{200e}', '\u{feff}', '\u{2060}', '\u{a0}']),
        "{text:?}"
    );
    assert!(
        text.contains("Foreign Minister Gerrit Vollan said: “We are close 😀👍🏽 to a deal.”"),
        "{text}"
    );
    assert!(text.contains("שלום עליכם") && text.contains("👨‍👩‍👧"));
    spans_are_exact(&r, "unicode");
    assert!(r
        .quotes_of("unicode")
        .iter()
        .any(|q| q["speaker_name"] == "Gerrit Vollan"));
}

#[test]
fn windows_line_endings_read_like_unix_ones() {
    let c = corpus();
    let unix = "Talks Resume\n\nThe envoy said the talks would resume.\n\nKERRY: We are close.\n\nLAVROV: We are not.\n";
    std::fs::write(c.path().join("unix.txt"), unix).unwrap();
    std::fs::write(c.path().join("windows.txt"), unix.replace('\n', "\r\n")).unwrap();
    std::fs::write(c.path().join("mac.txt"), unix.replace('\n', "\r")).unwrap();
    let r = run(&[c.path()], &[]);
    r.has_good();
    r.no_rejects();
    let expected = &r.doc("unix")["text"];
    assert!(!expected.contains('\r'));
    for id in ["windows", "mac"] {
        assert_eq!(&r.doc(id)["text"], expected, "{id}");
        assert_eq!(r.doc(id)["title"], "Talks Resume");
        let kinds: Vec<String> = r.quotes_of(id).iter().map(|q| q["kind"].clone()).collect();
        let unix_kinds: Vec<String> = r
            .quotes_of("unix")
            .iter()
            .map(|q| q["kind"].clone())
            .collect();
        assert_eq!(kinds, unix_kinds, "{id}");
    }
}

// ---- Runs that must fail, with one line ----

#[test]
fn a_missing_input_path_fails_with_one_line() {
    let out = tempfile::tempdir().unwrap();
    let c = corpus();
    let msg = fails(
        &[c.path(), Path::new("/no/such/corpus")],
        &out.path().join("ds"),
        &[],
    );
    assert_eq!(
        msg,
        "whosaid: error: input /no/such/corpus: No such file or directory (os error 2)"
    );
    assert!(!out.path().join("ds").exists());
}

#[test]
fn nothing_readable_fails_with_one_line() {
    let c = tempfile::tempdir().unwrap();
    std::fs::write(c.path().join("empty.txt"), "").unwrap();
    std::fs::write(c.path().join("photo.txt"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let msg = fails(&[c.path()], &out.path().join("ds"), &[]);
    assert!(
        msg.contains("no documents could be read (2 inputs skipped; nothing written)"),
        "{msg}"
    );
    let empty = tempfile::tempdir().unwrap();
    let msg = fails(&[empty.path()], &out.path().join("ds"), &[]);
    assert!(msg.contains("no readable input files"), "{msg}");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "debris left"
    );
}

#[test]
fn an_unwritable_output_folder_fails_with_one_line() {
    let c = corpus();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let msg = fails(&[c.path()], &file.join("ds"), &[]);
    assert!(msg.starts_with("whosaid: error: cannot create "), "{msg}");
    let msg = fails(&[c.path()], &file, &[]);
    assert!(msg.ends_with("exists and is not a folder"), "{msg}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = out.path().join("read-only");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if tempfile::tempdir_in(&ro).is_ok() {
            eprintln!("running with root privileges: a mode-555 folder is writable; not tested");
        } else {
            let msg = fails(&[c.path()], &ro.join("ds"), &[]);
            assert!(msg.contains("is not writable"), "{msg}");
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// ---- Panics ----

#[test]
fn a_panic_in_any_stage_costs_one_document_not_the_run() {
    let c = corpus();
    std::fs::write(c.path().join("other.txt"), GOOD.replace("Vienna", "Oslo")).unwrap();
    for (stage, action, kept) in [
        ("read", "skipped", false),
        ("clean", "skipped", false),
        ("extract", "partial", true),
    ] {
        let out = tempfile::tempdir().unwrap();
        let a = whosaid()
            .env("WHOSAID_INJECT_PANIC", format!("{stage}:other"))
            .arg("build")
            .arg(c.path())
            .arg("--out")
            .arg(out.path().join("ds"))
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(
            !stderr.contains("panicked"),
            "a panic reached the user: {stderr}"
        );
        let (_, docs) = read_table(&out.path().join("ds"), "documents");
        let (_, rejects) = read_table(&out.path().join("ds"), "rejects");
        assert!(docs.iter().any(|d| d["doc_id"] == "good"), "{stage}");
        assert_eq!(docs.iter().any(|d| d["doc_id"] == "other"), kept, "{stage}");
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!(
            (
                rejects[0]["action"].as_str(),
                rejects[0]["category"].as_str()
            ),
            (action, "internal-error")
        );
        assert!(
            rejects[0]["reason"].contains("injected panic"),
            "{:?}",
            rejects[0]
        );
        assert!(
            rejects[0]["reason"].contains("(at crates/cli/src/pipeline.rs:"),
            "{:?}",
            rejects[0]
        );
        assert!(stderr.contains("internal error while"), "{stderr}");
    }
}

// ---- Signals ----

/// Starts a build of a corpus that takes seconds, waits until it is writing
/// its staging folder, and sends `signal`: the previous output stays as it
/// was and nothing is left behind.
#[cfg(unix)]
fn interrupted_run_keeps_the_previous_output(signal: &str) {
    let c = corpus();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("ds");
    build(&[c.path()], &out, &["-q"]).success();
    let before: Vec<(PathBuf, Vec<u8>)> = snapshot(&out);

    // Enough to read for the run to be well under way, and far from done,
    // when the signal comes 200 ms after it starts: with one sentence per
    // file a faster build had finished by then.
    for i in 0..3000 {
        let body: String = (0..12)
            .map(|k| format!("Delegate {i} said the vote on item {k} would wait.\n"))
            .collect();
        std::fs::write(
            c.path().join(format!("n{i:04}.txt")),
            format!("Brief {i}\n\n{body}"),
        )
        .unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    let mut child = std::process::Command::new(bin)
        .args(["build", "--threads", "1", "-q"])
        .arg(c.path())
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = parent.path().join(format!(".ds.partial-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !staging.exists() {
        assert!(
            Instant::now() < deadline,
            "the run never started its staging folder"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before the signal"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before the signal"
    );
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).to_string();
    assert_eq!(done.status.code(), Some(130), "{signal}: {stderr}");
    assert_eq!(
        stderr,
        format!("whosaid: interrupted; {} left as it was\n", out.display())
    );
    assert_eq!(
        snapshot(&out),
        before,
        "{signal} changed the previous output"
    );
    let left: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["ds"], "{signal} left debris");
}

#[cfg(unix)]
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn sigint_leaves_the_previous_output_intact() {
    interrupted_run_keeps_the_previous_output("INT");
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_the_previous_output_intact() {
    interrupted_run_keeps_the_previous_output("TERM");
}

// ---- Output folders ----

#[test]
fn a_previous_output_is_replaced_and_a_foreign_folder_needs_force() {
    let c = corpus();
    let out = tempfile::tempdir().unwrap();
    let ds = out.path().join("ds");
    std::fs::create_dir(&ds).unwrap();
    build(&[c.path()], &ds, &["-q"]).success(); // empty folder: fine
    std::fs::write(c.path().join("more.txt"), GOOD.replace("Vienna", "Oslo")).unwrap();
    build(&[c.path()], &ds, &["-q"]).success(); // earlier output: replaced
    assert_eq!(read_table(&ds, "documents").1.len(), 2);

    let mine = out.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.md"), "my notes").unwrap();
    let msg = fails(&[c.path()], &mine, &["-q"]);
    assert!(msg.contains("pass --force to replace it"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.md")).unwrap(),
        "my notes"
    );
    build(&[c.path()], &mine, &["-q", "--force"]).success();
    assert!(!mine.join("notes.md").exists());
}

#[test]
fn an_output_folder_inside_the_input_is_not_read_back() {
    let c = corpus();
    let out = c.path().join("tables");
    build(&[c.path()], &out, &["-q", "--format", "csv"]).success();
    let first = std::fs::read(out.join("documents.csv")).unwrap();
    build(&[c.path()], &out, &["-q", "--format", "csv"]).success();
    assert_eq!(std::fs::read(out.join("documents.csv")).unwrap(), first);
    assert!(read_table(&out, "rejects").1.is_empty());
}

// ---- Determinism ----

/// A corpus with a bit of everything above, for the determinism checks.
fn mixed_corpus() -> tempfile::TempDir {
    let c = corpus();
    let p = c.path();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    std::fs::write(p.join("photo.txt"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(
        p.join("latin1.txt"),
        b"Le ministre a d\xe9clar\xe9 que la tr\xeave tiendra.\n",
    )
    .unwrap();
    std::fs::write(
        p.join("windows.txt"),
        GOOD.replace("Vienna", "Oslo").replace('\n', "\r\n"),
    )
    .unwrap();
    std::fs::write(p.join("copy.txt"), GOOD).unwrap();
    std::fs::write(
        p.join("feed.jsonl"),
        "{\"id\": \"j1\", \"text\": \"Kerry said: “We are close.” Lavrov said no.\"}\n{broken\n{\"text\": \"Anna Berg told reporters the truce held.\"}\n",
    )
    .unwrap();
    for i in 0..40 {
        std::fs::create_dir_all(p.join(format!("wire/{}", i % 4))).unwrap();
        std::fs::write(
            p.join(format!("wire/{}/s{i}.txt", i % 4)),
            format!("Story {i}\n\nForeign Minister Gerrit Vollan said on day {i} that “talks {} resume”, and Kerry agreed.\n", i % 3),
        )
        .unwrap();
    }
    c
}

fn csvs(dir: &Path) -> Vec<Vec<u8>> {
    TABLES
        .iter()
        .map(|t| std::fs::read(dir.join(format!("{t}.csv"))).unwrap())
        .collect()
}

#[test]
fn csvs_are_byte_identical_across_runs_and_thread_counts() {
    let c = mixed_corpus();
    let out = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for (i, threads) in ["1", "2", "2", "4"].iter().enumerate() {
        let dir = out.path().join(format!("run{i}"));
        build(
            &[c.path()],
            &dir,
            &["-q", "--format", "csv", "--threads", threads],
        )
        .success();
        runs.push(csvs(&dir));
    }
    assert!(
        runs[0][0].len() > 1000 && runs[0][5].len() > 100,
        "the corpus yielded too little"
    );
    for (i, r) in runs.iter().enumerate().skip(1) {
        for (t, table) in TABLES.iter().enumerate() {
            assert!(
                r[t] == runs[0][t],
                "{table}.csv of run {i} differs from run 0"
            );
        }
    }
}

#[test]
fn ids_do_not_depend_on_where_the_corpus_lies_or_what_else_it_holds() {
    let a = mixed_corpus();
    let b = mixed_corpus();
    // New documents, with actors of their own (an actor's id is its merged
    // identity: a new "John Kerry" would rightly take in "Kerry").
    std::fs::write(
        b.path().join("aaa-extra.txt"),
        "Extra\n\nThe prime minister, Maria Olsen, said: “One more.”\n",
    )
    .unwrap();
    std::fs::write(
        b.path().join("wire/0/zzz.txt"),
        "Late\n\nThe spokesman Tomas Ruud said the talks were over.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let ids = |corpus: &Path, name: &str| {
        let dir = out.path().join(name);
        build(&[corpus], &dir, &["-q", "--format", "csv"]).success();
        let (_, docs) = read_table(&dir, "documents");
        let (_, quotes) = read_table(&dir, "quotes");
        let (_, actors) = read_table(&dir, "actors");
        let docs: Vec<String> = docs.iter().map(|d| d["doc_id"].clone()).collect();
        let quotes: Vec<(String, String)> = quotes
            .iter()
            .map(|q| (q["doc_id"].clone(), q["quote_id"].clone()))
            .collect();
        let actors: Vec<(String, String)> = actors
            .iter()
            .map(|x| (x["name"].clone(), x["actor_id"].clone()))
            .collect();
        (docs, quotes, actors)
    };
    let (docs_a, quotes_a, actors_a) = ids(a.path(), "a");
    let (docs_b, quotes_b, actors_b) = ids(b.path(), "b");
    assert!(docs_a.iter().all(|d| docs_b.contains(d)), "doc_ids moved");
    assert!(
        quotes_a.iter().all(|q| quotes_b.contains(q)),
        "quote_ids moved"
    );
    assert!(!quotes_a.is_empty() && !actors_a.is_empty());
    for (name, id) in &actors_a {
        assert!(
            actors_b.contains(&(name.clone(), id.clone())),
            "actor {name} changed id: {actors_a:?} {actors_b:?}"
        );
    }
}
