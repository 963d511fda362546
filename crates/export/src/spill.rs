//! Spilled batches: a streaming build writes each batch's rows here, finished
//! but for the ids only the whole corpus settles (actors, stories), and
//! reads them back in order once it is through. The files live in the
//! staging folder, so a failed or interrupted run removes them with it.

use anyhow::Context;
use bincode::{Decode, Encode};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

fn part(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("{i:06}.bin"))
}

/// The I/O error under an encoding error, itself: bincode's own display of
/// it is a debug dump, and the caller looks for a full disk by the error's
/// kind.
fn io_of_encode(e: bincode::error::EncodeError) -> anyhow::Error {
    match e {
        bincode::error::EncodeError::Io { inner, .. } => inner.into(),
        other => anyhow::anyhow!(other),
    }
}

fn io_of_decode(e: bincode::error::DecodeError) -> anyhow::Error {
    match e {
        bincode::error::DecodeError::Io { inner, .. } => inner.into(),
        other => anyhow::anyhow!(other),
    }
}

/// Writes batches, one file each.
pub struct SpillWriter {
    dir: PathBuf,
    n: usize,
}

impl SpillWriter {
    pub fn new(dir: &Path) -> anyhow::Result<SpillWriter> {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        Ok(SpillWriter {
            dir: dir.to_path_buf(),
            n: 0,
        })
    }

    pub fn write<T: Encode>(&mut self, batch: &T) -> anyhow::Result<()> {
        let path = part(&self.dir, self.n);
        let file =
            std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        bincode::encode_into_std_write(batch, &mut w, bincode::config::standard())
            .map_err(io_of_encode)
            .with_context(|| format!("write {}", path.display()))?;
        w.flush()
            .with_context(|| format!("write {}", path.display()))?;
        self.n += 1;
        Ok(())
    }

    /// The batches written, to be read back in order.
    pub fn into_reader(self) -> SpillReader {
        SpillReader {
            dir: self.dir,
            n: self.n,
            next: 0,
        }
    }
}

/// Reads the batches back, in the order written, each file removed once read.
pub struct SpillReader {
    dir: PathBuf,
    n: usize,
    next: usize,
}

impl SpillReader {
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The next batch, or `None` after the last one (the folder is then removed).
    pub fn next_batch<T: Decode<()>>(&mut self) -> anyhow::Result<Option<T>> {
        if self.next == self.n {
            std::fs::remove_dir_all(&self.dir).ok();
            return Ok(None);
        }
        let path = part(&self.dir, self.next);
        let file =
            std::fs::File::open(&path).with_context(|| format!("open {}", path.display()))?;
        let batch: T = bincode::decode_from_std_read(
            &mut BufReader::with_capacity(1 << 20, file),
            bincode::config::standard(),
        )
        .map_err(io_of_decode)
        .with_context(|| format!("read {}", path.display()))?;
        std::fs::remove_file(&path).ok();
        self.next += 1;
        Ok(Some(batch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_come_back_in_order_and_the_folder_goes() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("parts");
        let mut w = SpillWriter::new(&dir).unwrap();
        w.write(&vec!["a".to_string(), "b".into()]).unwrap();
        w.write(&vec!["c".to_string()]).unwrap();
        let mut r = w.into_reader();
        assert_eq!(r.len(), 2);
        assert_eq!(r.next_batch::<Vec<String>>().unwrap().unwrap(), ["a", "b"]);
        assert_eq!(r.next_batch::<Vec<String>>().unwrap().unwrap(), ["c"]);
        assert!(r.next_batch::<Vec<String>>().unwrap().is_none());
        assert!(!dir.exists());
    }

    #[test]
    fn a_failed_write_is_its_io_error_not_a_debug_dump() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::StorageFull.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let e = bincode::encode_into_std_write("text", &mut Full, bincode::config::standard())
            .map_err(io_of_encode)
            .unwrap_err();
        let io = e
            .downcast_ref::<std::io::Error>()
            .expect("the I/O error itself");
        assert_eq!(io.kind(), std::io::ErrorKind::StorageFull);
        assert!(!format!("{e:#}").contains("Io {"), "{e:#}");
    }
}
