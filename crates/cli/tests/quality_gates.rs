//! Quality gates on the shared annotated sets. They need `../shared` beside
//! the repository (the team's machines and CI have it; a fresh clone of a
//! user does not) and skip, saying why, when it is absent.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("tools").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} is absent, so the shared quality sets cannot be scored",
            p.display()
        );
        None
    }
}

fn python_json(args: &[&Path]) -> serde_json::Value {
    let out = std::process::Command::new("python3")
        .args(args)
        .arg("--json")
        .output()
        .expect("python3 runs the shared scorers");
    assert!(
        out.status.success(),
        "scorer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("scorer prints JSON")
}

/// The seed checker's report on a build of the seeds, made once for all the seed gates.
fn seeds_report(shared: &Path) -> &'static serde_json::Value {
    static REPORT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build(&shared.join("seeds"), out.path());
        python_json(&[
            &shared.join("tools/check_seeds.py"),
            Path::new("--gold"),
            &shared.join("fixtures/seeds-gold.json"),
            Path::new("--out"),
            out.path(),
        ])
    })
}

fn build(input: &Path, out: &Path) {
    Command::cargo_bin("whosaid")
        .unwrap()
        .args(["build", "-q", "--format", "csv"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn seeds_documents_meet_the_gate() {
    let Some(shared) = shared() else { return };
    let r = seeds_report(&shared);
    let d = &r["documents"]["summary"];
    assert_eq!(d["body_lost"], 0, "body lines lost: {d}");
    assert!(d["body_present_share"].as_f64().unwrap() >= 1.0, "{d}");
    assert!(
        d["boilerplate_removed_share"].as_f64().unwrap() >= 0.95,
        "{d}"
    );
    assert_eq!(d["title_found"], 5, "{d}");
    let s = &r["near_duplicates"]["summary"];
    assert_eq!(s["found"], s["required_pairs"], "{s}");
    assert_eq!(s["false_pairs"], 0, "{s}");
}

#[test]
fn seeds_actors_meet_the_gate() {
    let Some(shared) = shared() else { return };
    let r = seeds_report(&shared);
    let a = &r["actors"]["summary"];
    let agree = |field: &str| {
        let v = a[field].as_str().unwrap();
        let (ok, n) = v.split_once('/').unwrap();
        (ok.parse::<u32>().unwrap(), n.parse::<u32>().unwrap())
    };
    assert!(
        a["recall_core"].as_f64().unwrap() >= 1.0,
        "every core actor: {a}"
    );
    assert!(a["recall_all"].as_f64().unwrap() >= 0.95, "{a}");
    assert!(a["spurious_share"].as_f64().unwrap() <= 0.05, "{a}");
    assert_eq!(a["fragmentation"], 0, "{a}");
    let (kind_ok, kind_n) = agree("kind_agreement");
    assert_eq!(kind_ok, kind_n, "kinds: {a}");
    let (j_ok, j_n) = agree("is_journalist_agreement");
    assert_eq!(j_ok, j_n, "journalists: {a}");
}

#[test]
fn html_extraction_meets_the_gate() {
    let Some(shared) = shared() else { return };
    let out = tempfile::tempdir().unwrap();
    build(&shared.join("data/aeb-dev/html"), out.path());
    let r = python_json(&[
        &shared.join("tools/score_aeb.py"),
        Path::new("--gold"),
        &shared.join("data/aeb-dev/ground-truth.json"),
        Path::new("--pred"),
        out.path(),
    ]);
    assert_eq!(r["missing"], 0, "{r}");
    assert!(r["f1"].as_f64().unwrap() >= 0.95, "{r}");
}

/// Issue 5's bar: 0.80 core recall; precision is held above it (see
/// docs/quality.md).
#[test]
fn seeds_positions_meet_the_gate() {
    let Some(shared) = shared() else { return };
    let r = seeds_report(&shared);
    let p = &r["positions"]["summary"];
    assert!(p["precision"].as_f64().unwrap() >= 0.90, "{p}");
    assert!(p["recall_core"].as_f64().unwrap() >= 0.80, "{p}");
}

#[test]
fn seeds_quotes_meet_the_gate() {
    let Some(shared) = shared() else { return };
    let r = seeds_report(&shared);
    let overall = &r["quotes"]["summary"]["overall"];
    assert!(overall["f1"].as_f64().unwrap() >= 0.91, "{overall}");
    assert!(
        overall["speaker_accuracy"].as_f64().unwrap() >= 0.95,
        "{overall}"
    );
    assert_eq!(
        r["quotes"]["summary"]["not_quotes_emitted"], 0,
        "{}",
        r["quotes"]["summary"]
    );
}

/// The PolNeAR gate: thresholds sit just under the figures measured when
/// they were last raised (docs/quality.md); raise them as quality improves.
#[test]
fn polnear_quotes_meet_the_gate() {
    let Some(shared) = shared() else { return };
    let out = tempfile::tempdir().unwrap();
    build(&shared.join("data/polnear-train/texts"), out.path());
    let r = python_json(&[
        &shared.join("tools/score_quotes.py"),
        Path::new("--gold"),
        &shared.join("data/polnear-train/gold.jsonl"),
        Path::new("--pred"),
        out.path(),
    ]);
    let f1 = |m: &str| {
        r[m]["f1"]
            .as_f64()
            .unwrap_or_else(|| panic!("no {m} in {r}"))
    };
    assert!(f1("direct_m2o_e2e") >= 0.85, "{}", r["direct_m2o_e2e"]);
    assert!(f1("all_m2o_e2e") >= 0.57, "{}", r["all_m2o_e2e"]);
    let speaker = r["speaker_acc"]["accuracy"].as_f64().unwrap();
    assert!(speaker >= 0.92, "{}", r["speaker_acc"]);
}
