//! A table's file as polars writes it: its I/O errors kept, handed to the
//! disk as it is written, and synced at the end.
//!
//! Polars' CSV writer returns an I/O error as one, but its Parquet writer
//! turns it into a message of its own ("underlying IO error: …"), in which a
//! full disk can no longer be told apart from a bug. The file handed to
//! polars therefore notes the last I/O error it met, and a failed write is
//! reported as that error, of its kind, under the file's name.

use anyhow::Context;
use polars::prelude::PolarsError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The last I/O error of a file, as its kind and message (an `io::Error`
/// cannot be copied out).
type Seen = Arc<Mutex<Option<(std::io::ErrorKind, String)>>>;

/// The writer given to polars.
pub(crate) struct Watched {
    file: std::fs::File,
    seen: Seen,
    /// Bytes written so far (polars writes a table's file front to back),
    /// and how many of them have been handed to the disk.
    written: u64,
    handed: u64,
}

/// Bytes written between two requests to start writing them to disk.
const HAND_OVER: u64 = 16 << 20;

impl Watched {
    fn note<T>(&self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            *seen = Some((e.kind(), e.to_string()));
        }
        r
    }

    fn wrote(&mut self, n: usize) {
        self.written += n as u64;
        if self.written - self.handed >= HAND_OVER {
            start_write_back(&self.file, self.handed, self.written - self.handed);
            self.handed = self.written;
        }
    }
}

/// Asks the kernel to start writing bytes `from..from + len` of `file` to
/// disk, without waiting for the writes (the call can still wait when the
/// disk's queue is full). The tables are synced when finished, and with
/// gigabytes of them in the page cache that sync held the end of a build
/// for seconds, a core idle (docs/benchmarks.md, session 18); written back
/// as they come, they are mostly on disk by then. A hint: its failure
/// changes nothing, and the sync at the end reports what matters.
#[cfg(target_os = "linux")]
fn start_write_back(file: &std::fs::File, from: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(from), Ok(len)) = (i64::try_from(from), i64::try_from(len)) else {
        return;
    };
    // SAFETY: the descriptor is open (owned by `file`), and the call only
    // reads its arguments.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), from, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_write_back(_: &std::fs::File, _: u64, _: u64) {}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.file.write(buf);
        if let Ok(n) = r {
            self.wrote(n);
        }
        self.note(r)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let r = self.file.write_all(buf);
        if r.is_ok() {
            self.wrote(buf.len());
        }
        self.note(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.file.flush();
        self.note(r)
    }
}

/// The other end: the file's name, a handle to sync it by, and what its
/// writer saw.
pub(crate) struct TableFile {
    path: PathBuf,
    handle: std::fs::File,
    seen: Seen,
}

impl TableFile {
    /// Creates the file at `path` (replacing one there): the record of it,
    /// and the writer to hand to polars.
    pub(crate) fn create(path: PathBuf) -> anyhow::Result<(TableFile, Watched)> {
        let file =
            std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))?;
        // The same open file, with write access, which syncing needs on
        // some systems.
        let handle = file
            .try_clone()
            .with_context(|| format!("create {}", path.display()))?;
        let seen = Seen::default();
        let writer = Watched {
            file,
            seen: Arc::clone(&seen),
            written: 0,
            handed: 0,
        };
        Ok((TableFile { path, handle, seen }, writer))
    }

    /// The error of a failed polars write to this file.
    pub(crate) fn error(&self, e: PolarsError) -> anyhow::Error {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
        write_error(&self.path, e, seen)
    }

    /// Flushes the finished file to disk. Its errors count: on a file system
    /// that allocates at write-back, a full disk shows first here, and a
    /// table cut short must not pass for a whole one. A file system that
    /// cannot sync (EINVAL) has nothing to report.
    pub(crate) fn sync(&self) -> anyhow::Result<()> {
        match self.handle.sync_all() {
            Err(e) if e.kind() != std::io::ErrorKind::InvalidInput => {
                Err(e).with_context(|| format!("write {}", self.path.display()))
            }
            _ => Ok(()),
        }
    }
}

/// A polars error while writing `path`, as the I/O error under it when
/// there is one: the error polars returns, or else the last one the file
/// met.
pub(crate) fn write_error(
    path: &Path,
    e: PolarsError,
    seen: Option<(std::io::ErrorKind, String)>,
) -> anyhow::Error {
    let e = match (e, seen) {
        (PolarsError::IO { error, msg }, _) => {
            let message = match msg {
                Some(m) => format!("{m}: {error}"),
                None => error.to_string(),
            };
            anyhow::Error::new(std::io::Error::new(error.kind(), message))
        }
        (_, Some((kind, message))) => anyhow::Error::new(std::io::Error::new(kind, message)),
        (other, None) => anyhow::Error::new(other),
    };
    e.context(format!("write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_under(e: &anyhow::Error) -> Option<std::io::ErrorKind> {
        e.root_cause()
            .downcast_ref::<std::io::Error>()
            .map(|io| io.kind())
    }

    #[test]
    fn a_polars_io_error_stays_an_io_error_of_its_kind_under_the_file() {
        let full = PolarsError::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let e = write_error(Path::new("out/mentions.csv"), full, None);
        assert_eq!(kind_under(&e), Some(std::io::ErrorKind::StorageFull));
        let shown = format!("{e:#}");
        assert!(shown.starts_with("write out/mentions.csv: "), "{shown}");
        let other = write_error(
            Path::new("out/x.csv"),
            PolarsError::NoData("empty".into()),
            None,
        );
        assert_eq!(kind_under(&other), None);
        assert!(format!("{other:#}").contains("empty"));
    }

    #[test]
    fn a_long_file_is_handed_to_the_disk_as_it_is_written_and_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mentions.csv");
        let (file, mut w) = TableFile::create(path.clone()).unwrap();
        let line: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        for _ in 0..40 {
            w.write_all(&line).unwrap();
        }
        w.flush().unwrap();
        // Handed over in whole steps, the last few megabytes left to the sync.
        assert_eq!((w.written, w.handed), (40 << 20, 32 << 20));
        file.sync().unwrap();
        let back = std::fs::read(&path).unwrap();
        assert_eq!(back.len(), 40 << 20);
        assert!(back.chunks(1 << 20).all(|c| c == &line[..]));
    }

    #[test]
    fn a_parquet_write_that_meets_a_full_disk_says_so() {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        let dev_full = Path::new("/dev/full");
        if !dev_full.exists() {
            eprintln!("skipped: no /dev/full on this system");
            return;
        }
        let (file, writer) = TableFile::create(dev_full.to_path_buf()).unwrap();
        let mut df = polars::df!("text" => ["a quote ".repeat(1000)]).unwrap();
        let e = polars::prelude::ParquetWriter::new(writer)
            .finish(&mut df)
            .map_err(|e| file.error(e))
            .unwrap_err();
        assert_eq!(
            kind_under(&e),
            Some(std::io::ErrorKind::StorageFull),
            "{e:#}"
        );
        assert!(format!("{e:#}").starts_with("write /dev/full: "), "{e:#}");
    }
}
