//! Export: the records of a run → the contract's tables, as CSV and Parquet.
//!
//! Spans are byte offsets inside the pipeline; here, at one boundary, they
//! become the contract's code-point offsets. Every table is written with its
//! full schema even when it has no rows, so an analyst's script never meets
//! a missing column.

mod file;
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

use file::{write_error, TableFile, Watched};
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
        let (file, mut writer) = TableFile::create(dir.join(format!("{}.{ext}", table.name)))?;
        match format {
            Format::Csv => CsvWriter::new(&mut writer)
                .include_header(true)
                .finish(&mut df)
                .map_err(|e| file.error(e))?,
            Format::Parquet => {
                ParquetWriter::new(&mut writer)
                    .with_compression(parquet_compression())
                    .finish(&mut df)
                    .map_err(|e| file.error(e))?;
            }
        }
        file.sync()?;
    }
    Ok(())
}

/// A table written in batches, one file per format: a streaming build
/// appends each batch's rows as they are finished, so no table is ever
/// whole in memory. The CSV is the same, byte for byte, as writing all the
/// rows at once; the Parquet file holds one row group per batch.
pub struct TableWriter {
    name: &'static str,
    path_stem: std::path::PathBuf,
    formats: Vec<Format>,
    csv: Option<(polars::io::csv::write::BatchedWriter<Watched>, TableFile)>,
    parquet: Option<(
        polars::io::parquet::write::BatchedWriter<Watched>,
        TableFile,
    )>,
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
        if let Some((mut w, file)) = self.csv {
            w.finish().map_err(|e| file.error(e))?;
            file.sync()?;
        }
        if let Some((w, file)) = self.parquet {
            w.finish().map_err(|e| file.error(e))?;
            file.sync()?;
        }
        Ok(self.rows)
    }
}

fn write_csv(
    w: &mut Option<(polars::io::csv::write::BatchedWriter<Watched>, TableFile)>,
    path_stem: &Path,
    table: &Table,
) -> anyhow::Result<()> {
    let df = table
        .to_frame(true)
        .map_err(|e| write_error(&path_stem.with_extension("csv"), e, None))?;
    if w.is_none() {
        let (file, writer) = TableFile::create(path_stem.with_extension("csv"))?;
        let writer = CsvWriter::new(writer)
            .include_header(true)
            .batched(df.schema())
            .map_err(|e| file.error(e))?;
        *w = Some((writer, file));
    }
    let (writer, file) = w.as_mut().expect("created above");
    if df.height() > 0 {
        writer.write_batch(&df).map_err(|e| file.error(e))?;
    }
    Ok(())
}

fn write_parquet(
    w: &mut Option<(
        polars::io::parquet::write::BatchedWriter<Watched>,
        TableFile,
    )>,
    path_stem: &Path,
    table: &Table,
) -> anyhow::Result<()> {
    let mut df = table
        .to_frame(false)
        .map_err(|e| write_error(&path_stem.with_extension("parquet"), e, None))?;
    if w.is_none() {
        let (file, writer) = TableFile::create(path_stem.with_extension("parquet"))?;
        let writer = ParquetWriter::new(writer)
            .with_compression(parquet_compression())
            .batched(df.schema())
            .map_err(|e| file.error(e))?;
        *w = Some((writer, file));
    }
    let (writer, file) = w.as_mut().expect("created above");
    if df.height() > 0 {
        df.align_chunks();
        writer.write_batch(&df).map_err(|e| file.error(e))?;
    }
    Ok(())
}
