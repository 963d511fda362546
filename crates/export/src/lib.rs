//! Export: the records of a run → the contract's tables, as CSV and Parquet.
//!
//! Spans are byte offsets inside the pipeline; here, at one boundary, they
//! become the contract's code-point offsets. Every table is written with its
//! full schema even when it has no rows, so an analyst's script never meets
//! a missing column.

mod output;
mod spill;
mod tables;

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
                .map_err(|e| anyhow::anyhow!("write {}: {e}", path.display()))?,
            Format::Parquet => {
                ParquetWriter::new(&mut file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .finish(&mut df)
                    .map_err(|e| anyhow::anyhow!("write {}: {e}", path.display()))?;
            }
        }
        file.sync_all().ok();
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

    fn create(&self, ext: &str) -> anyhow::Result<(std::path::PathBuf, std::fs::File)> {
        let path = self.path_stem.with_extension(ext);
        let file =
            std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))?;
        Ok((path, file))
    }

    /// Appends `table`'s rows. Every batch of one table has the same columns;
    /// the first one, even empty, fixes the header and schema.
    pub fn write(&mut self, table: &Table) -> anyhow::Result<()> {
        let err = |e: PolarsError| anyhow::anyhow!("write {}: {e}", self.path_stem.display());
        for format in self.formats.clone() {
            match format {
                Format::Csv => {
                    let df = table.to_frame(true).map_err(err)?;
                    if self.csv.is_none() {
                        let (_, file) = self.create("csv")?;
                        let w = CsvWriter::new(file)
                            .include_header(true)
                            .batched(df.schema())
                            .map_err(err)?;
                        self.csv = Some(w);
                    }
                    if df.height() > 0 {
                        self.csv.as_mut().unwrap().write_batch(&df).map_err(err)?;
                    }
                }
                Format::Parquet => {
                    let mut df = table.to_frame(false).map_err(err)?;
                    if self.parquet.is_none() {
                        let (_, file) = self.create("parquet")?;
                        let w = ParquetWriter::new(file)
                            .with_compression(ParquetCompression::Zstd(None))
                            .batched(df.schema())
                            .map_err(err)?;
                        self.parquet = Some(w);
                    }
                    if df.height() > 0 {
                        df.align_chunks();
                        self.parquet
                            .as_mut()
                            .unwrap()
                            .write_batch(&df)
                            .map_err(err)?;
                    }
                }
            }
        }
        self.rows += table.len();
        Ok(())
    }

    /// Closes the files; returns the number of rows written.
    pub fn finish(self) -> anyhow::Result<usize> {
        let err = |e: PolarsError| anyhow::anyhow!("write {}: {e}", self.path_stem.display());
        if let Some(mut w) = self.csv {
            w.finish().map_err(err)?;
        }
        if let Some(w) = self.parquet {
            w.finish().map_err(err)?;
        }
        for ext in ["csv", "parquet"] {
            if let Ok(f) = std::fs::File::open(self.path_stem.with_extension(ext)) {
                f.sync_all().ok();
            }
        }
        Ok(self.rows)
    }
}
