//! The build: ingest → normalize → extract → export, wired together, in
//! streaming passes so that memory holds a batch or two of documents plus
//! the state that crosses documents, whatever the size of the corpus.
//!
//! 1. **Line counts.** Every file is read and its lines cleaned, in batches;
//!    of the lines only the count of documents per line is kept in memory
//!    ([`LineStats`]): chrome removal needs it for every document before it
//!    can finish any. Each batch's cleaned lines are spilled to disk while
//!    the next batch is read, so two batches of lines are held meanwhile.
//! 2. **Documents.** The spilled batches are read back in input order, and
//!    each is normalized and extracted in parallel (rayon inside the
//!    batch). In document order, each document is then checked
//!    against the earlier ones for copies and shared passages
//!    ([`dedup::Deduper`]), its entities are added to the actor index and
//!    its quotes to the quotes seen ([`Corpus`]). The batch's rows, finished
//!    but for actor ids and story ids, are spilled to the staging folder.
//! 3. **Tables.** Once every document is in, actors and stories are settled;
//!    the spilled batches are read back in order, completed, and appended to
//!    the tables ([`TableWriter`]).
//!
//! The in-order step of pass 2 (the [`Sequencer`]) runs on a thread of its
//! own when there are two threads or more, one batch behind the parallel
//! step; with `--threads 1` it runs in turn, so one thread means one core.
//!
//! What stays in memory between batches: the line counts, each document's
//! id, sampled shingles and story link, the actor index, and a hash per
//! distinct quote. A batch is [`BATCH_BYTES`] of input (or one larger file).

use anyhow::{anyhow, bail, Context};
use bincode::{Decode, Encode};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use whosaid_export::{
    actors_table, batch_tables, prepare_output, rejects_table, ActorTopic, Format, QueuedWriter,
    SpillReader, SpillWriter, Table, TableWriter,
};
use whosaid_extract::{Corpus, DocAnalysis, DocDraft, DocRows, Extractor};
use whosaid_ingest::SourceFile;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Document, Reject};
use whosaid_normalize::{dedup, LineStats, Normalizer, Prepared};

use crate::panics::{self, catch as guarded};

/// Input bytes per batch: large enough that a batch keeps both cores busy
/// and its fixed costs are small, small enough that a batch (its texts, the
/// cleaned lines, the extraction's intermediate structures, its rows) stays
/// a few hundred MB. The in-order step runs one batch behind, so the last
/// batch's turn is time the other threads wait: at 50 MB, 8 MB batches ran
/// 7 % faster on two threads than 16 MB ones and peaked a fifth lower; 4 MB
/// ones cost more per batch than they saved (docs/benchmarks.md).
pub const BATCH_BYTES: u64 = 8 << 20;

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
    /// Documents looked back over for copies and shared passages (0: all).
    pub dedup_window: usize,
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
    /// Seconds per stage, in the order they ran.
    pub timings: Vec<(&'static str, f64)>,
    /// The most memory the process held (resident set), in bytes, when known.
    pub peak_rss: Option<u64>,
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

/// Wall-clock seconds per stage, summed over the batches.
#[derive(Default)]
struct Timings(Vec<(&'static str, f64)>);

impl Timings {
    /// Adds another set of stage times (kept on another thread) to these.
    fn add(&mut self, other: Timings) {
        for (stage, s) in other.0 {
            match self.0.iter_mut().find(|(n, _)| *n == stage) {
                Some((_, total)) => *total += s,
                None => self.0.push((stage, s)),
            }
        }
    }

    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let r = f();
        let s = t.elapsed().as_secs_f64();
        match self.0.iter_mut().find(|(n, _)| *n == stage) {
            Some((_, total)) => *total += s,
            None => self.0.push((stage, s)),
        }
        r
    }
}

/// Consecutive runs of files of about [`BATCH_BYTES`], in input order.
fn batches(files: &[SourceFile]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, f) in files.iter().enumerate() {
        bytes += std::fs::metadata(&f.path).map_or(0, |m| m.len());
        if bytes >= BATCH_BYTES {
            out.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < files.len() {
        out.push(start..files.len());
    }
    out
}

/// Reads one file and cleans its documents' lines (pass 1 of normalize).
/// A panic costs the file: `None`, with the reason.
fn read_and_prepare(
    file: &SourceFile,
    normalizer: &Normalizer,
) -> Result<(Vec<Prepared>, Vec<Reject>, u64), String> {
    guarded(|| {
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
    })
}

/// A document of a batch, normalized and extracted.
struct Analyzed {
    doc: Document,
    print: dedup::Fingerprint,
    analysis: DocAnalysis,
    /// The document's rows, but for what depends on the documents before.
    draft: DocDraft,
}

/// One spilled batch: its documents (without story ids) and their rows.
#[derive(Encode, Decode)]
struct Spilled {
    docs: Vec<Document>,
    rows: Vec<DocRows>,
}

/// What crosses documents in pass 2, added to in document order.
struct CrossDoc {
    ids_seen: HashMap<String, u32>,
    doc_ids: Vec<String>,
    dedup: dedup::Deduper,
    corpus: Corpus,
    duplicates: usize,
}

impl CrossDoc {
    /// Two inputs can yield one id (`a.txt` and `a.html`, or two JSONL
    /// records with the same `id`); ids must stay unique for the tables to join.
    fn unique_id(&mut self, d: &mut Document, rejects: &mut Vec<Reject>) {
        let n = self.ids_seen.entry(d.doc_id.clone()).or_insert(0);
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

/// The in-order half of pass 2: takes each analyzed batch, adds it to the
/// cross-document state and spills its rows. On two or more threads it runs
/// on a thread of its own, one batch behind the parallel half, so that its
/// sequential work overlaps the next batch's.
struct Sequencer {
    cross: CrossDoc,
    spill: SpillWriter,
    rejects: Vec<Reject>,
    timings: Timings,
    /// Frees a batch's analyses and spilled rows on the thread pool rather
    /// than here: on two threads this step sets the pace on corpora whose
    /// documents share many passages, and freeing a batch's small strings
    /// is work any thread can do.
    free_aside: bool,
}

impl Sequencer {
    fn take(&mut self, batch: Vec<Analyzed>) -> anyhow::Result<()> {
        let Sequencer {
            cross,
            spill,
            rejects,
            timings,
            free_aside,
        } = self;
        let (spilled, analyses) = timings.time("corpus", || {
            let mut out = Spilled {
                docs: Vec::with_capacity(batch.len()),
                rows: Vec::with_capacity(batch.len()),
            };
            let mut analyses = Vec::with_capacity(batch.len());
            for mut a in batch {
                cross.unique_id(&mut a.doc, rejects);
                let original = cross.dedup.add(&a.print, a.doc.text.is_empty());
                a.doc.duplicate_of = original.map(|j| cross.doc_ids[j].clone());
                cross.duplicates += usize::from(original.is_some());
                cross.doc_ids.push(a.doc.doc_id.clone());
                out.rows
                    .push(cross.corpus.add_draft(&a.doc, &a.analysis, a.draft));
                out.docs.push(a.doc);
                analyses.push(a.analysis);
            }
            (out, analyses)
        });
        let written = timings.time("spill", || spill.write(&spilled));
        if *free_aside {
            rayon::spawn(move || drop((spilled, analyses)));
        }
        written
    }
}

/// The batch-by-batch tables of pass 3 (documents, mentions, quotes,
/// positions), each file written in batch order. On two threads or more
/// each file (one table in one format) is a [`QueuedWriter`] on a thread
/// of its own, so that the longest, the documents' Parquet, runs beside
/// the next batches instead of holding each one up; on one thread, in turn.
enum TableFiles {
    InTurn(Vec<TableWriter>),
    /// Per table, one writer per format.
    Queued(Vec<Vec<QueuedWriter>>),
}

impl TableFiles {
    fn new(
        dir: &std::path::Path,
        names: [&'static str; 4],
        formats: &[Format],
        queued: bool,
    ) -> TableFiles {
        if !queued {
            return TableFiles::InTurn(
                names
                    .into_iter()
                    .map(|n| TableWriter::new(dir, n, formats))
                    .collect(),
            );
        }
        TableFiles::Queued(
            names
                .into_iter()
                .map(|n| {
                    formats
                        .iter()
                        .map(|f| QueuedWriter::spawn(TableWriter::new(dir, n, &[*f])))
                        .collect()
                })
                .collect(),
        )
    }

    fn write(&mut self, tables: [Table; 4]) -> anyhow::Result<()> {
        match self {
            TableFiles::InTurn(writers) => writers
                .par_iter_mut()
                .zip(tables.par_iter())
                .try_for_each(|(w, t)| w.write(t)),
            TableFiles::Queued(files) => {
                for (per_format, table) in files.iter_mut().zip(tables) {
                    let table = Arc::new(table);
                    for w in per_format {
                        w.write(Arc::clone(&table))?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Closes the files: (table, rows written), in the order given.
    fn finish(self) -> anyhow::Result<Vec<(&'static str, usize)>> {
        match self {
            TableFiles::InTurn(writers) => writers
                .into_par_iter()
                .map(|w| {
                    let name = w.name();
                    w.finish().map(|n| (name, n))
                })
                .collect(),
            TableFiles::Queued(files) => files
                .into_iter()
                .map(|per_format| {
                    let mut rows = None;
                    for w in per_format {
                        let name = w.name();
                        let n = w.finish()?;
                        rows.get_or_insert((name, n));
                    }
                    rows.ok_or_else(|| anyhow!("internal error: a table without a format"))
                })
                .collect(),
        }
    }
}

/// Spilled batches, read back in order: on two or more threads one batch
/// ahead on a thread of its own, since decoding a batch is sequential work
/// the other threads would otherwise wait for; on one, in turn.
enum ReadAhead<T> {
    InTurn(SpillReader),
    Ahead(std::sync::mpsc::Receiver<anyhow::Result<T>>),
}

impl<T: Decode<()> + Send + 'static> ReadAhead<T> {
    fn new(mut reader: SpillReader, ahead: bool) -> ReadAhead<T> {
        if !ahead {
            return ReadAhead::InTurn(reader);
        }
        // One batch waiting beside the one being worked on.
        let (tx, rx) = std::sync::mpsc::sync_channel(0);
        std::thread::spawn(move || loop {
            let next = reader.next_batch::<T>().transpose();
            // Stops at the end, on an error (passed on), or when the build
            // stops taking batches.
            let Some(next) = next else { break };
            let failed = next.is_err();
            if tx.send(next).is_err() || failed {
                break;
            }
        });
        ReadAhead::Ahead(rx)
    }

    fn next(&mut self) -> anyhow::Result<Option<T>> {
        match self {
            ReadAhead::InTurn(reader) => reader.next_batch(),
            // A closed channel is the end: the thread has read every batch.
            ReadAhead::Ahead(rx) => rx.recv().ok().transpose(),
        }
    }
}

pub fn build(opts: &BuildOptions) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut t = Timings::default();

    if let Some(n) = opts.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| anyhow!("cannot start {n} threads: {e}"))?;
        // Polars keeps a thread pool of its own for writing the tables.
        if std::env::var_os("POLARS_MAX_THREADS").is_none() {
            std::env::set_var("POLARS_MAX_THREADS", n.max(1).to_string());
        }
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
    let batches = batches(&found.files);

    // Pass 1: line counts. Reading rejects are recorded here, once, and the
    // cleaned lines are spilled for pass 2 (reading and extracting web pages
    // again would cost more than reading the spill back).
    let bar = progress(found.files.len(), opts.quiet, "reading");
    let mut stats = LineStats::default();
    let mut bytes = 0;
    let mut prepared_spill = SpillWriter::new(&output.staging().join(".prepared"))?;
    t.time("read", || -> anyhow::Result<()> {
        // Each batch is spilled while the next is read: written in turn, the
        // spill left the second core idle for a sixth of this pass.
        let mut unspilled: Option<Vec<Prepared>> = None;
        for range in &batches {
            let (spilled, per_file) = rayon::join(
                || {
                    unspilled
                        .take()
                        .map_or(Ok(()), |b| prepared_spill.write(&b))
                },
                || -> Vec<(Vec<Prepared>, Vec<Reject>, u64)> {
                    found.files[range.clone()]
                        .par_iter()
                        .map(|file| {
                            let r = read_and_prepare(file, &normalizer);
                            bar.inc(1);
                            r.unwrap_or_else(|panic| {
                                let reason = format!("internal error while reading: {panic}");
                                let path = file.display_path();
                                let reject = Reject::skipped(path, "internal-error", reason);
                                (Vec::new(), vec![reject], 0)
                            })
                        })
                        .collect()
                },
            );
            spilled?;
            let mut batch = Vec::new();
            for (docs, rej, b) in per_file {
                batch.extend(docs);
                rejects.extend(rej);
                bytes += b;
            }
            let counts = batch
                .par_iter()
                .fold(LineStats::default, |mut s, p| {
                    s.add_lines(&p.lines);
                    s
                })
                .reduce(LineStats::default, LineStats::merge);
            stats = std::mem::take(&mut stats).merge(counts);
            unspilled = Some(batch);
        }
        unspilled.map_or(Ok(()), |b| prepared_spill.write(&b))
    })?;
    bar.finish_and_clear();

    // Pass 2: documents, batch by batch.
    let prepared_spill = prepared_spill.into_reader();
    let n_prepared = prepared_spill.len();
    let overlap = rayon::current_num_threads() > 1;
    let mut prepared_batches = ReadAhead::<Vec<Prepared>>::new(prepared_spill, overlap);
    let mut sequencer = Some(Sequencer {
        cross: CrossDoc {
            ids_seen: HashMap::new(),
            doc_ids: Vec::new(),
            dedup: dedup::Deduper::with_window(opts.dedup_window),
            corpus: Corpus::default(),
            duplicates: 0,
        },
        spill: SpillWriter::new(&output.staging().join(".batches"))?,
        rejects: Vec::new(),
        timings: Timings::default(),
        free_aside: overlap,
    });
    let bar = progress(n_prepared, opts.quiet, "building");
    let (to_sequencer, batches_in) = std::sync::mpsc::sync_channel::<Vec<Analyzed>>(0);
    let sequencer_thread = overlap.then(|| {
        let mut sequencer = sequencer.take().expect("the sequencer");
        std::thread::spawn(move || -> anyhow::Result<Sequencer> {
            for batch in batches_in {
                sequencer.take(batch)?;
            }
            Ok(sequencer)
        })
    });
    while let Some(prepared) = t.time("read", || prepared_batches.next())? {
        let finished: Vec<Result<Document, Reject>> = t.time("normalize", || {
            prepared
                .into_par_iter()
                .map(|p| {
                    let path = p.source_path.clone();
                    guarded(|| {
                        panics::injected("clean", &p.doc_id);
                        normalizer.finish(p, &stats)
                    })
                    .map_err(|panic| {
                        Reject::skipped(
                            path,
                            "internal-error",
                            format!("internal error while cleaning: {panic}"),
                        )
                    })
                })
                .collect()
        });
        let mut docs = Vec::with_capacity(finished.len());
        for r in finished {
            match r {
                // No letter or digit: nothing to read (an HTML extractor can
                // return a stray "<<" for a page without a body).
                Ok(d) if !d.text.chars().any(char::is_alphanumeric) => {
                    rejects.push(Reject::skipped(
                        d.source_path,
                        "no-text",
                        "no article text left after boilerplate removal",
                    ))
                }
                Ok(d) => docs.push(d),
                Err(rej) => rejects.push(rej),
            }
        }
        let prints: Vec<dedup::Fingerprint> = t.time("dedup", || {
            docs.par_iter()
                .map(|d| dedup::Fingerprint::of(&d.text))
                .collect()
        });
        // The rows are drafted here, in parallel, so that the in-order step
        // (on its own thread, and the critical path on two) does only what
        // needs the documents before.
        let analyses: Vec<(DocAnalysis, DocDraft, Option<Reject>)> = t.time("extract", || {
            docs.par_iter()
                .map(|d| {
                    let (analysis, reject) = guarded(|| {
                        panics::injected("extract", &d.doc_id);
                        extractor.analyze(d)
                    })
                    .map_or_else(
                        |panic| {
                            let reason = format!("internal error while extracting (the document is kept, without actors or quotes): {panic}");
                            let reject = Reject::partial(&d.source_path, "internal-error", reason);
                            (DocAnalysis::default(), Some(reject))
                        },
                        |a| (a, None),
                    );
                    let draft = DocDraft::of(d, &analysis);
                    (analysis, draft, reject)
                })
                .collect()
        });
        bar.inc(1);
        let batch: Vec<Analyzed> = docs
            .into_iter()
            .zip(prints)
            .zip(analyses)
            .map(|((doc, print), (analysis, draft, reject))| {
                rejects.extend(reject);
                Analyzed {
                    doc,
                    print,
                    analysis,
                    draft,
                }
            })
            .collect();
        // In document order: what depends on the documents before.
        match sequencer.as_mut() {
            Some(sequencer) => sequencer.take(batch)?,
            // A closed channel: the sequencer stopped on an error, which
            // joining it tells.
            None if to_sequencer.send(batch).is_err() => break,
            None => {}
        }
    }
    drop(to_sequencer);
    let sequencer = match sequencer_thread {
        Some(thread) => thread
            .join()
            .map_err(|_| anyhow!("internal error: the document sequencer stopped"))??,
        None => sequencer.expect("the sequencer"),
    };
    bar.finish_and_clear();
    let Sequencer {
        mut cross,
        spill,
        rejects: sequenced_rejects,
        timings,
        ..
    } = sequencer;
    rejects.extend(sequenced_rejects);
    t.add(timings);
    drop(stats);
    if cross.doc_ids.is_empty() {
        bail!(
            "no documents could be read ({} inputs skipped; nothing written)",
            rejects.len()
        );
    }

    // Pass 3: settle actors and stories, then write the tables.
    let (stories, resolution) = t.time("resolve", || {
        (cross.dedup.stories(), extractor.resolve(&cross.corpus))
    });
    // Neither is needed for the tables.
    drop((cross.corpus, cross.dedup, cross.ids_seen));
    let spilled = spill.into_reader();
    let bar = progress(spilled.len(), opts.quiet, "writing");
    // Decoding a batch is sequential: on two threads it ran alone on the
    // main thread, one core idle, for a seventh of this stage.
    let mut spilled = ReadAhead::<Spilled>::new(spilled, overlap);
    let dir = output.staging();
    let mut writers = TableFiles::new(
        dir,
        ["documents", "mentions", "quotes", "positions"],
        &opts.formats,
        overlap,
    );
    let mut topics = ActorTopic::default();
    let mut next_doc = 0;
    t.time("export", || -> anyhow::Result<()> {
        // Each batch is read back while the one before is written.
        let mut next: Option<Spilled> = spilled.next()?;
        while let Some(Spilled { mut docs, rows }) = next.take() {
            // Rows per document in parallel (collected in order): done in
            // turn they left the second core idle for a tenth of this stage.
            for (k, d) in docs.iter_mut().enumerate() {
                d.story_id.clone_from(&cross.doc_ids[stories[next_doc + k]]);
            }
            next_doc += docs.len();
            // The rows borrow their documents' ids and text.
            let per_doc: Vec<_> = docs
                .par_iter()
                .zip(rows)
                .map(|(d, rows)| resolution.rows(d, rows))
                .collect();
            let (mut mentions, mut quotes, mut positions) = (Vec::new(), Vec::new(), Vec::new());
            for (m, q, p) in per_doc {
                mentions.extend(m);
                quotes.extend(q);
                positions.extend(p);
            }
            topics.add(&positions);
            let tables = batch_tables(&docs, &mentions, &quotes, &positions);
            drop((mentions, quotes, positions));
            let (read, written) = rayon::join(|| spilled.next(), || writers.write(tables));
            written?;
            next = read?;
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    rejects.sort();
    let mut rows: Vec<(&'static str, usize)> = Vec::new();
    t.time("export", || -> anyhow::Result<()> {
        // The tables are independent files: closed and written side by side.
        let mut written = writers.finish()?.into_iter();
        rows.push(written.next().expect("documents"));
        let whole = [
            actors_table(&resolution.actors),
            topics.table(),
            rejects_table(&rejects),
        ]
        .into_par_iter()
        .map(|table| {
            let mut w = TableWriter::new(dir, table.name, &opts.formats);
            w.write(&table)?;
            w.finish()?;
            Ok((table.name, table.len()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
        rows.extend(whole);
        // The contract's order: documents, actors, mentions, quotes, positions, …
        rows.splice(2..2, written);
        Ok(())
    })?;

    let stories = stories.iter().collect::<HashSet<_>>().len();
    let seconds = started.elapsed().as_secs_f64();
    let report = Report {
        n_files: found.files.len(),
        bytes,
        rejects,
        rows,
        duplicates: cross.duplicates,
        stories,
        seconds,
        timings: t.0,
        peak_rss: peak_rss(),
    };
    let manifest = manifest(opts, &report, batches.len());
    let path = output.staging().join("manifest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)? + "\n")
        .with_context(|| format!("write {}", path.display()))?;
    output.publish()?;
    Ok(report)
}

/// The process's peak resident set size so far (Linux: `VmHWM`).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
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

fn manifest(opts: &BuildOptions, report: &Report, n_batches: usize) -> serde_json::Value {
    let mb = report.bytes as f64 / 1e6;
    let rows = |name: &str| {
        report
            .rows
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |x| x.1)
    };
    let per_s = |x: f64| {
        if report.seconds > 0.0 {
            x / report.seconds
        } else {
            0.0
        }
    };
    json!({
        "whosaid_version": env!("CARGO_PKG_VERSION"),
        "inputs": opts.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "formats": opts.formats.iter().map(|f| format!("{f:?}").to_lowercase()).collect::<Vec<_>>(),
        "threads": rayon::current_num_threads(),
        "dedup_window": opts.dedup_window,
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
        "timings_s": report.timings.iter().map(|(n, s)| (n.to_string(), json!(s))).collect::<serde_json::Map<_, _>>(),
        "seconds": report.seconds,
        "mb_per_s": per_s(mb),
        "documents_per_s": per_s(rows("documents") as f64),
        "batches": n_batches,
        "peak_rss_bytes": report.peak_rss,
    })
}
