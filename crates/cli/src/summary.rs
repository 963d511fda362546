//! The one screen printed at the end of a build.

use crate::pipeline::{rejects_by_category, BuildOptions, Report};
use std::fmt::Write;

/// Rejects listed by path and reason on the screen; the rest are in rejects.csv.
const SHOWN_REJECTS: usize = 10;

pub fn render(r: &Report, opts: &BuildOptions) -> String {
    let mut s = String::new();
    let rows = |name: &str| r.rows.iter().find(|(n, _)| *n == name).map_or(0, |x| x.1);
    let mb = r.bytes as f64 / 1e6;
    let rate = if r.seconds > 0.0 { mb / r.seconds } else { 0.0 };
    let _ = writeln!(
        s,
        "whosaid: {} documents from {} files ({:.1} MB) in {:.2} s, {:.1} MB/s",
        rows("documents"),
        r.n_files,
        mb,
        r.seconds,
        rate
    );
    let by = rejects_by_category(&r.rejects);
    let skipped: usize = by.values().map(|v| v.0).sum();
    let partial: usize = by.values().map(|v| v.1).sum();
    if skipped + partial > 0 {
        let detail: Vec<String> = by
            .iter()
            .map(|(k, (s, p))| match (s, p) {
                (s, 0) => format!("{k} {s}"),
                (0, p) => format!("{k} {p} partial"),
                (s, p) => format!("{k} {s} + {p} partial"),
            })
            .collect();
        let _ = writeln!(
            s,
            "  skipped: {skipped}, read in part: {partial} ({})",
            detail.join(", ")
        );
        for r in r.rejects.iter().take(SHOWN_REJECTS) {
            let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "    {:<7} {}{line}: {}",
                r.action.as_str(),
                r.path,
                r.reason
            );
        }
        match r.rejects.len().saturating_sub(SHOWN_REJECTS) {
            0 => {
                let _ = writeln!(s, "  see rejects.csv");
            }
            more => {
                let _ = writeln!(s, "    … and {more} more: see rejects.csv");
            }
        }
    } else {
        let _ = writeln!(s, "  skipped: 0");
    }
    let _ = writeln!(s, "  duplicates: {}   stories: {}", r.duplicates, r.stories);
    let _ = writeln!(
        s,
        "  rows: actors {}, mentions {}, quotes {}, positions {}",
        rows("actors"),
        rows("mentions"),
        rows("quotes"),
        rows("positions")
    );
    let stages: Vec<String> = r
        .timings
        .iter()
        .map(|(n, t)| format!("{n} {t:.2}"))
        .collect();
    let memory = r
        .peak_rss
        .map(|b| format!(", peak memory {} MB", b >> 20))
        .unwrap_or_default();
    let _ = writeln!(s, "  seconds: {}{memory}", stages.join(", "));
    let formats: Vec<String> = opts
        .formats
        .iter()
        .map(|f| format!("{f:?}").to_lowercase())
        .collect();
    let _ = writeln!(
        s,
        "  written to {} ({})",
        opts.out.display(),
        formats.join(", ")
    );
    s
}
