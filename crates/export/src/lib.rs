//! Export: the records of a run → the contract's tables, as CSV and Parquet.
//!
//! Spans are byte offsets inside the pipeline; here, at one boundary, they
//! become the contract's code-point offsets. Every table is written with its
//! full schema even when it has no rows, so an analyst's script never meets
//! a missing column.

mod output;
mod queued;
mod spill;
mod tables;

pub use queued::QueuedWriter;
pub use spill::{SpillReader, SpillWriter};

pub use output::{abandon_staging, prepare_output, OutputDir};
pub use tables::{
    actors_table, batch_tables, build_tables, rejects_table, ActorTopic, Table, Tables,
};

use anyhow::Context;
use polars::prelude::*;
use std::path::Path;

/// The file formats a table is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Parquet,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            other => Err(format!("unknown format '{other}': expected csv or parquet")),
        }
    }
}

/// Parquet's compression: zstd at level 1, not the library's 3. Level 3
/// spent a twentieth of a whole build's CPU compressing the article texts
/// and quotes; level 1 makes the Parquet files 15 % larger (docs/benchmarks.md).
fn parquet_compression() -> ParquetCompression {
    let level = polars::polars_utils::compression::ZstdLevel::try_new(1);
    ParquetCompression::Zstd(Some(level.expect("1 is a zstd level")))
}

/// The separator of list values in CSV cells (Parquet keeps real lists).
pub const LIST_SEPARATOR: &str = " | ";

/// Writes `table` into `dir` in each of `formats`.
pub fn write_table(dir: &Path, table: &Table, formats: &[Format]) -> anyhow::Result<()> {
    for format in formats {
        let (ext, mut df) = match format {
            Format::Csv => ("csv", table.to_frame(true)?),
            Format::Parquet => ("parquet", table.to_frame(false)?),
        };
        let path = dir.join(format!("{}.{ext}", table.name));
        let mut file =
            std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))?;
        match format {
            Format::Csv => CsvWriter::new(&mut file)
                .include_header(true)
                .finish(&mut df)
                .map_err(write_error(&path))?,
            Format::Parquet => {
                ParquetWriter::new(&mut file)
                    .with_compression(parquet_compression())
                    .finish(&mut df)
                    .map_err(write_error(&path))?;
            }
        }
        sync(&file).with_context(|| format!("write {}", path.display()))?;
    }
    Ok(())
}

/// A polars error as the error of the file it was writing. An I/O error
/// stays one, of its kind, so that a full disk is told apart (the
/// command's hint), where a message alone would not be.
fn write_error(path: &Path) -> impl Fn(PolarsError) -> anyhow::Error + '_ {
    move |e| {
        let e = match e {
            PolarsError::IO { error, .. } => {
                anyhow::Error::new(std::io::Error::new(error.kind(), error.to_string()))
            }
            other => anyhow::Error::new(other),
        };
        e.context(format!("write {}", path.display()))
    }
}

/// Flushes a finished file to disk. Its errors count: on a file system that
/// allocates at write-back, a full disk shows first here, and a table
/// cut short must not pass for a whole one. A file system that cannot sync
/// (EINVAL) has nothing to report.
fn sync(file: &std::fs::File) -> std::io::Result<()> {
    match file.sync_all() {
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

/// A table written in batches, one file per format: a streaming build
/// appends each batch's rows as they are finished, so no table is ever
/// whole in memory. The CSV is the same, byte for byte, as writing all the
/// rows at once; the Parquet file holds one row group per batch.
pub struct TableWriter {
    name: &'static str,
    path_stem: std::path::PathBuf,
    formats: Vec<Format>,
    csv: Option<polars::io::csv::write::BatchedWriter<std::fs::File>>,
    parquet: Option<polars::io::parquet::write::BatchedWriter<std::fs::File>>,
    rows: usize,
}

impl TableWriter {
    /// A writer of table `name` into `dir`; files are created by the first batch.
    pub fn new(dir: &Path, name: &'static str, formats: &[Format]) -> TableWriter {
        TableWriter {
            name,
            path_stem: dir.join(name),
            formats: formats.to_vec(),
            csv: None,
            parquet: None,
            rows: 0,
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Appends `table`'s rows. Every batch of one table has the same columns;
    /// the first one, even empty, fixes the header and schema. The CSV and
    /// the Parquet file are written side by side: they share nothing, and
    /// the export stage, after every document is in, otherwise keeps one
    /// core per table busy.
    pub fn write(&mut self, table: &Table) -> anyhow::Result<()> {
        let TableWriter {
            path_stem,
            formats,
            csv,
            parquet,
            ..
        } = self;
        let path_stem = &*path_stem;
        let mut write_csv = || {
            formats
                .contains(&Format::Csv)
                .then(|| write_csv(csv, path_stem, table))
        };
        let mut write_parquet = || {
            formats
                .contains(&Format::Parquet)
                .then(|| write_parquet(parquet, path_stem, table))
        };
        // One format: in this thread, which may be outside the thread pool
        // (a [`QueuedWriter`]'s), where a join would wait for a pool thread.
        let (c, p) = if formats.len() > 1 {
            rayon::join(write_csv, write_parquet)
        } else {
            (write_csv(), write_parquet())
        };
        // The error of the format asked for first, as when they ran in turn.
        let (first, second) = if formats.first() == Some(&Format::Parquet) {
            (p, c)
        } else {
            (c, p)
        };
        first.transpose()?;
        second.transpose()?;
        self.rows += table.len();
        Ok(())
    }

    /// Closes the files; returns the number of rows written.
    pub fn finish(self) -> anyhow::Result<usize> {
        let (csv, parquet) = (
            self.path_stem.with_extension("csv"),
            self.path_stem.with_extension("parquet"),
        );
        if let Some(mut w) = self.csv {
            w.finish().map_err(write_error(&csv))?;
        }
        if let Some(w) = self.parquet {
            w.finish().map_err(write_error(&parquet))?;
        }
        for path in [csv, parquet] {
            if let Ok(f) = std::fs::File::open(&path) {
                sync(&f).with_context(|| format!("write {}", path.display()))?;
            }
        }
        Ok(self.rows)
    }
}

fn create(path_stem: &Path, ext: &str) -> anyhow::Result<std::fs::File> {
    let path = path_stem.with_extension(ext);
    std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))
}

fn write_csv(
    w: &mut Option<polars::io::csv::write::BatchedWriter<std::fs::File>>,
    path_stem: &Path,
    table: &Table,
) -> anyhow::Result<()> {
    let path = path_stem.with_extension("csv");
    let err = write_error(&path);
    let df = table.to_frame(true).map_err(&err)?;
    if w.is_none() {
        let file = create(path_stem, "csv")?;
        let writer = CsvWriter::new(file)
            .include_header(true)
            .batched(df.schema())
            .map_err(&err)?;
        *w = Some(writer);
    }
    if df.height() > 0 {
        w.as_mut().unwrap().write_batch(&df).map_err(&err)?;
    }
    Ok(())
}

fn write_parquet(
    w: &mut Option<polars::io::parquet::write::BatchedWriter<std::fs::File>>,
    path_stem: &Path,
    table: &Table,
) -> anyhow::Result<()> {
    let path = path_stem.with_extension("parquet");
    let err = write_error(&path);
    let mut df = table.to_frame(false).map_err(&err)?;
    if w.is_none() {
        let file = create(path_stem, "parquet")?;
        let writer = ParquetWriter::new(file)
            .with_compression(parquet_compression())
            .batched(df.schema())
            .map_err(&err)?;
        *w = Some(writer);
    }
    if df.height() > 0 {
        df.align_chunks();
        w.as_mut().unwrap().write_batch(&df).map_err(&err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polars_io_error_stays_an_io_error_of_its_kind_under_the_file() {
        let full = PolarsError::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let e = write_error(Path::new("out/mentions.csv"))(full);
        let io = e.root_cause().downcast_ref::<std::io::Error>();
        assert_eq!(
            io.map(|io| io.kind()),
            Some(std::io::ErrorKind::StorageFull)
        );
        let shown = format!("{e:#}");
        assert!(shown.starts_with("write out/mentions.csv: "), "{shown}");
        let other = write_error(Path::new("out/x.csv"))(PolarsError::NoData("empty".into()));
        assert!(other
            .root_cause()
            .downcast_ref::<std::io::Error>()
            .is_none());
        assert!(format!("{other:#}").contains("empty"));
    }
}
