//! Export: the records of a run → the contract's tables, as CSV and Parquet.
//!
//! Spans are byte offsets inside the pipeline; here, at one boundary, they
//! become the contract's code-point offsets. Every table is written with its
//! full schema even when it has no rows, so an analyst's script never meets
//! a missing column.

mod output;
mod tables;

pub use output::{abandon_staging, prepare_output, OutputDir};
pub use tables::{build_tables, Table, Tables};

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
