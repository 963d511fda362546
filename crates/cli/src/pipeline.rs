//! The build: ingest → normalize → extract → export, wired together.

use anyhow::{anyhow, bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;
use whosaid_export::{build_tables, prepare_output, write_table, Format, Tables};
use whosaid_extract::Extractor;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Document, Reject};
use whosaid_normalize::{dedup, LineStats, Normalizer, Prepared};

use crate::panics::{self, catch as guarded};

pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub threads: Option<usize>,
    pub formats: Vec<Format>,
    pub config: Option<PathBuf>,
    pub force: bool,
    pub quiet: bool,
    /// The per-document cap on text length, in bytes (`None`: no cap).
    pub max_doc_bytes: Option<usize>,
}

/// What a build did, for the summary screen.
pub struct Report {
    pub n_files: usize,
    pub bytes: u64,
    pub rejects: Vec<Reject>,
    pub rows: Vec<(&'static str, usize)>,
    pub duplicates: usize,
    pub stories: usize,
    pub seconds: f64,
}

fn progress(len: usize, quiet: bool, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix:>10} [{bar:40}] {pos}/{len} {elapsed_precise} eta {eta}",
        )
        .unwrap()
        .progress_chars("=> "),
    );
    bar.set_prefix(what.to_string());
    bar
}

pub fn build(opts: &BuildOptions) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut timings: BTreeMap<&str, f64> = BTreeMap::new();
    let mut lap = Instant::now();
    let mut tick = |name: &'static str, timings: &mut BTreeMap<&str, f64>| {
        timings.insert(name, lap.elapsed().as_secs_f64());
        lap = Instant::now();
    };

    if let Some(n) = opts.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| anyhow!("cannot start {n} threads: {e}"))?;
    }
    let lexicons = match &opts.config {
        Some(path) => crate::config::load(path)?,
        None => LexiconOverrides::default(),
    };
    let normalizer = Normalizer::new(&lexicons)
        .map_err(|e| anyhow!(e))?
        .with_max_doc_bytes(opts.max_doc_bytes);
    let extractor = Extractor::new(&lexicons).map_err(|e| anyhow!(e))?;
    // Fail on an unusable output folder before the work, not after it.
    let output = prepare_output(&opts.out, opts.force)?;

    let found = whosaid_ingest::discover(&opts.inputs, std::slice::from_ref(&opts.out))?;
    let mut rejects = found.rejects;
    if found.files.is_empty() {
        bail!(
            "no readable input files in {} ({} skipped)",
            opts.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            rejects.len()
        );
    }

    // Ingest and pass 1 of normalize, per file.
    let bar = progress(found.files.len(), opts.quiet, "reading");
    let per_file: Vec<(Vec<Prepared>, Vec<Reject>, u64)> = found
        .files
        .par_iter()
        .map(|file| {
            let r = guarded(|| {
                panics::injected("read", &file.doc_id_stem());
                let read = whosaid_ingest::read_file(file);
                let bytes = read.docs.iter().map(|d| d.bytes).sum::<u64>();
                let mut rejects = read.rejects;
                let docs: Vec<Prepared> = read
                    .docs
                    .into_iter()
                    .map(|d| normalizer.prepare(d))
                    .inspect(|p| {
                        if let Some(cut) = p.cut {
                            rejects.push(Reject::partial(&p.source_path, "too-long", cut.reason()));
                        }
                    })
                    .collect();
                (docs, rejects, bytes)
            });
            bar.inc(1);
            r.unwrap_or_else(|panic| {
                let reason = format!("internal error while reading: {panic}");
                (
                    Vec::new(),
                    vec![Reject::skipped(
                        file.display_path(),
                        "internal-error",
                        reason,
                    )],
                    0,
                )
            })
        })
        .collect();
    bar.finish_and_clear();
    let mut bytes = 0;
    let mut prepared = Vec::new();
    for (docs, rej, b) in per_file {
        prepared.extend(docs);
        rejects.extend(rej);
        bytes += b;
    }
    tick("read", &mut timings);

    let stats = prepared
        .par_iter()
        .fold(LineStats::default, |mut s, p| {
            s.add_lines(&p.lines);
            s
        })
        .reduce(LineStats::default, LineStats::merge);

    let bar = progress(prepared.len(), opts.quiet, "cleaning");
    let finished: Vec<Result<Document, Reject>> = prepared
        .into_par_iter()
        .map(|p| {
            let path = p.source_path.clone();
            let r = guarded(|| {
                panics::injected("clean", &p.doc_id);
                normalizer.finish(p, &stats)
            });
            bar.inc(1);
            r.map_err(|panic| {
                Reject::skipped(
                    path,
                    "internal-error",
                    format!("internal error while cleaning: {panic}"),
                )
            })
        })
        .collect();
    bar.finish_and_clear();
    drop(stats);
    let mut docs = Vec::new();
    for r in finished {
        match r {
            // No letter or digit: nothing to read (an HTML extractor can
            // return a stray "<<" for a page without a body).
            Ok(d) if !d.text.chars().any(char::is_alphanumeric) => rejects.push(Reject::skipped(
                d.source_path,
                "no-text",
                "no article text left after boilerplate removal",
            )),
            Ok(d) => docs.push(d),
            Err(rej) => rejects.push(rej),
        }
    }
    make_ids_unique(&mut docs, &mut rejects);
    if docs.is_empty() {
        bail!(
            "no documents could be read ({} inputs skipped; nothing written)",
            rejects.len()
        );
    }
    let prints: Vec<_> = docs
        .par_iter()
        .map(|d| dedup::Fingerprint::of(&d.text))
        .collect();
    dedup::assign(&mut docs, &prints);
    drop(prints);
    tick("normalize", &mut timings);

    let bar = progress(docs.len(), opts.quiet, "extracting");
    let extraction_rejects = std::sync::Mutex::new(Vec::new());
    let analyses: Vec<_> = docs
        .par_iter()
        .map(|d| {
            let r = guarded(|| {
                panics::injected("extract", &d.doc_id);
                extractor.analyze(d)
            });
            bar.inc(1);
            r.unwrap_or_else(|panic| {
                let reason = format!("internal error while extracting (the document is kept, without actors or quotes): {panic}");
                let reject = Reject::partial(&d.source_path, "internal-error", reason);
                extraction_rejects.lock().unwrap().push(reject);
                Default::default()
            })
        })
        .collect();
    bar.finish_and_clear();
    rejects.extend(extraction_rejects.into_inner().unwrap());
    let extraction = extractor.finish(&docs, &analyses);
    drop(analyses);
    tick("extract", &mut timings);

    rejects.sort();
    let tables = build_tables(&Tables {
        documents: &docs,
        actors: &extraction.actors,
        mentions: &extraction.mentions,
        quotes: &extraction.quotes,
        positions: &extraction.positions,
        rejects: &rejects,
    });
    tables
        .par_iter()
        .map(|t| write_table(output.staging(), t, &opts.formats))
        .collect::<anyhow::Result<Vec<()>>>()?;
    tick("export", &mut timings);

    let rows: Vec<(&'static str, usize)> = tables.iter().map(|t| (t.name, t.len())).collect();
    let duplicates = docs.iter().filter(|d| d.duplicate_of.is_some()).count();
    let stories = docs
        .iter()
        .map(|d| d.story_id.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let seconds = started.elapsed().as_secs_f64();
    let report = Report {
        n_files: found.files.len(),
        bytes,
        rejects,
        rows,
        duplicates,
        stories,
        seconds,
    };
    let manifest = manifest(opts, &report, &timings);
    let path = output.staging().join("manifest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)? + "\n")
        .with_context(|| format!("write {}", path.display()))?;
    output.publish()?;
    Ok(report)
}

/// Two inputs can yield one id (`a.txt` and `a.html`, or two JSONL records
/// with the same `id`); ids must stay unique for the tables to join.
fn make_ids_unique(docs: &mut [Document], rejects: &mut Vec<Reject>) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for d in docs.iter_mut() {
        let n = seen.entry(d.doc_id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let new_id = format!("{}~{}", d.doc_id, n);
            rejects.push(Reject::partial(
                &d.source_path,
                "duplicate-id",
                format!(
                    "doc_id {} already used; this document is {}",
                    d.doc_id, new_id
                ),
            ));
            d.doc_id = new_id;
        }
    }
}

pub fn rejects_by_category(rejects: &[Reject]) -> BTreeMap<String, (usize, usize)> {
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in rejects {
        let e = by.entry(r.category.clone()).or_default();
        match r.action {
            whosaid_model::RejectAction::Skipped => e.0 += 1,
            whosaid_model::RejectAction::Partial => e.1 += 1,
        }
    }
    by
}

fn manifest(
    opts: &BuildOptions,
    report: &Report,
    timings: &BTreeMap<&str, f64>,
) -> serde_json::Value {
    let mb = report.bytes as f64 / 1e6;
    json!({
        "whosaid_version": env!("CARGO_PKG_VERSION"),
        "inputs": opts.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "formats": opts.formats.iter().map(|f| format!("{f:?}").to_lowercase()).collect::<Vec<_>>(),
        "threads": rayon::current_num_threads(),
        "files": report.n_files,
        "bytes_read": report.bytes,
        "counts": report.rows.iter().map(|(n, c)| (n.to_string(), json!(c))).collect::<serde_json::Map<_, _>>(),
        "duplicates": report.duplicates,
        "stories": report.stories,
        "rejects_by_category": rejects_by_category(&report.rejects)
            .into_iter()
            .map(|(k, (s, p))| (k, json!({"skipped": s, "partial": p})))
            .collect::<serde_json::Map<_, _>>(),
        "rejects": report.rejects.iter().map(|r| json!({
            "path": r.path, "line": r.line, "action": r.action.as_str(),
            "category": r.category, "reason": r.reason,
        })).collect::<Vec<_>>(),
        "timings_s": timings,
        "seconds": report.seconds,
        "mb_per_s": if report.seconds > 0.0 { mb / report.seconds } else { 0.0 },
    })
}
