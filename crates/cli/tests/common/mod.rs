//! Running `whosaid build` and reading its tables back, for the CLI tests.
#![allow(dead_code)] // Each test file uses its own part of this module.

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn whosaid() -> Command {
    Command::cargo_bin("whosaid").unwrap()
}

pub type Row = HashMap<String, String>;

/// Every table a build writes.
pub const TABLES: [&str; 6] = [
    "documents",
    "actors",
    "mentions",
    "quotes",
    "positions",
    "rejects",
];

pub fn read_table(dir: &Path, name: &str) -> (Vec<String>, Vec<Row>) {
    let mut r = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

pub fn build(inputs: &[&Path], out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = whosaid();
    cmd.arg("build");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("--out").arg(out).args(extra).assert()
}
