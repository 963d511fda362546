//! `whosaid`: news articles in, tables of who said what out.
//!
//! The binary only wires the stage crates together; see `pipeline.rs`.

mod config;
mod interrupt;
mod panics;
mod pipeline;
mod summary;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the stages allocate many small
/// strings and vectors per token from both threads, and glibc's malloc and
/// free took a seventh of the run (docs/benchmarks.md). Built with `no_thp`:
/// with transparent huge pages each batch's memory, handed back to the
/// kernel between batches, came back 2 MiB at a time, zeroed, which took a
/// tenth of a run on one host; without them runs are as fast or faster and
/// peak lower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "whosaid",
    version,
    about = "Turn a folder of news articles into tables of actors, quotes and positions.",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles, clean them, extract actors, quotes and positions, and
    /// write the dataset's tables.
    #[command(after_help = "\
Inputs: files or folders (read recursively, in name order). Formats by extension:
  .txt          one scraped article (site chrome, headline and body)
  .html .htm    one web page (main text extracted)
  .jsonl .ndjson one article per line: text from `text`/`content`/`body`,
                plus `id`, `title`, `url`, `date`, `outlet` when present
  .csv          one article per row, with a `text`/`content`/`body` column
  any of them gzipped (.gz). Unreadable, binary or empty inputs are skipped,
  and a text longer than --max-doc-mb is cut at a sentence end; each is
  listed with its reason in rejects.csv, manifest.json and the summary.
  The output folder itself is never read as input.

Output: documents, actors, mentions, quotes, positions and rejects tables
(as CSV and/or Parquet) plus manifest.json, replaced atomically: a failed or
interrupted run (Ctrl-C, SIGTERM) leaves the previous output as it was.
Documents go through in batches, so memory grows by about 1 KB per document;
until the end, the batches are kept on disk beside the output (with the
tables, up to about 3.5 times the size of a plain-text input).

Exit status: 0 when the tables were written; 1 with a one-line message when
nothing could be read or written; 130 when interrupted.

Examples:
  whosaid build data/corpus --out output
  whosaid build scrapes/ more.jsonl.gz --out /tmp/ds --threads 2 --format parquet
  whosaid build scrapes/ --out ds --config whosaid.toml")]
    Build {
        /// Files or folders to read.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Output folder. Replaced as a whole when the run succeeds.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// Worker threads (default: one per core). Output does not depend on it.
        #[arg(long, short = 'j', value_name = "N")]
        threads: Option<usize>,
        /// Table formats to write, comma-separated.
        #[arg(
            long,
            value_name = "FORMATS",
            default_value = "csv,parquet",
            value_delimiter = ','
        )]
        format: Vec<whosaid_export::Format>,
        /// A TOML file that extends or replaces the built-in lexicons, e.g.
        /// `[lexicons.chrome_lines]` with `file = "more-chrome.txt"` and
        /// `mode = "extend"` (or "replace"). Paths are relative to the file.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Replace the output folder even if it holds something other than
        /// an earlier whosaid output.
        #[arg(long)]
        force: bool,
        /// Longest text read from one document, in MB (0: no limit). A longer
        /// one is cut at a sentence or paragraph end and listed in rejects.csv.
        #[arg(long, value_name = "MB", default_value = "2", value_parser = parse_mb)]
        max_doc_mb: f64,
        /// Copies and shared passages are looked for among the last N
        /// documents (at least three quarters of N), which keeps memory flat
        /// on corpora of millions of articles; 0 compares each document with
        /// every one before it.
        #[arg(long, value_name = "N", default_value_t = whosaid_normalize::dedup::DEFAULT_WINDOW)]
        dedup_window: usize,
        /// No progress bar and no summary.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn parse_mb(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(mb) if mb.is_finite() && mb >= 0.0 => Ok(mb),
        _ => Err(format!(
            "'{s}' is not a size in MB (a number, 0 for no limit)"
        )),
    }
}

/// Said after a build stopped by a full disk: the error names the file, not
/// what the build needs. Ratios of a 50 MB benchmark build's tables to its
/// input (docs/benchmarks.md); spilled batches are consumed as the tables grow,
/// so the finished tables are the peak.
const DISK_FULL_HINT: &str = "whosaid: the disk is full; the output folder was left as it \
was. A build needs free space beside it of about 3.5 times a plain-text input's size (CSV about \
2.7 times, Parquet 0.8: `--format csv` or `--format parquet` alone needs less).";

/// Whether a full disk is anywhere down the error's chain: the export keeps
/// the I/O errors of its own files, of the spill's and of polars' writers
/// as `io::Error`s of their kind.
fn disk_full(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
    })
}

fn main() -> ExitCode {
    panics::install_hook();
    interrupt::install();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            inputs,
            out,
            threads,
            format,
            config,
            force,
            max_doc_mb,
            dedup_window,
            quiet,
        } => {
            let opts = pipeline::BuildOptions {
                inputs,
                out,
                threads,
                formats: format,
                config,
                force,
                quiet,
                max_doc_bytes: (max_doc_mb > 0.0).then_some((max_doc_mb * 1e6) as usize),
                dedup_window,
            };
            let result = panics::catch(|| pipeline::build(&opts));
            if result.as_ref().map_or(true, |r| r.is_err()) && interrupt::stopping() {
                // The signal handler is removing the output and will exit.
                loop {
                    std::thread::park();
                }
            }
            match result {
                Ok(Ok(report)) => {
                    if !quiet {
                        eprint!("{}", summary::render(&report, &opts));
                    }
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => {
                    eprintln!("whosaid: error: {e:#}");
                    if disk_full(&e) {
                        eprintln!("{DISK_FULL_HINT}");
                    }
                    ExitCode::FAILURE
                }
                Err(panic) => {
                    eprintln!("whosaid: internal error, please report it: {panic}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_full_disk_is_found_under_the_contexts_of_an_error() {
        let full = || std::io::Error::from(std::io::ErrorKind::StorageFull);
        let ours = Err::<(), _>(full())
            .context("write out/mentions.csv")
            .context("export")
            .unwrap_err();
        assert!(disk_full(&ours));
        let other = Err::<(), _>(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            .context("write out/mentions.csv")
            .unwrap_err();
        assert!(!disk_full(&other));
        assert!(!disk_full(&anyhow::anyhow!(
            "write out/mentions.csv: no space"
        )));
    }
}
