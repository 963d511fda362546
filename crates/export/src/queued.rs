//! A table file written on a thread of its own, fed batch by batch through
//! a short queue. In the export stage one file, the documents' Parquet (zstd
//! over every article's text), took longer than all the others of a batch
//! together; written in turn with the rest, each batch waited for it, and
//! two cores did the work of 1.3 (docs/benchmarks.md). Queued, it runs
//! beside the next batches' tables.

use crate::{Table, TableWriter};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Batches waiting for a file beyond the one it is writing: none, the
/// hand-over waits for the writer. Each waiting batch would hold its table
/// in memory; at 200 MB one more per file raised the peak by 10–20 MB
/// without making the run faster.
const QUEUE: usize = 0;

pub struct QueuedWriter {
    name: &'static str,
    tx: Option<SyncSender<Arc<Table>>>,
    thread: Option<JoinHandle<anyhow::Result<usize>>>,
}

impl QueuedWriter {
    /// Starts writing `writer`'s file on a thread of its own.
    pub fn spawn(mut writer: TableWriter) -> QueuedWriter {
        let name = writer.name();
        let (tx, rx) = sync_channel::<Arc<Table>>(QUEUE);
        let thread = std::thread::spawn(move || {
            for table in rx {
                writer.write(&table)?;
            }
            writer.finish()
        });
        QueuedWriter {
            name,
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Queues the next batch's rows; waits while the queue is full. Fails
    /// with the writer's own error if it has stopped on one.
    pub fn write(&mut self, table: Arc<Table>) -> anyhow::Result<()> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(table).is_ok());
        if sent {
            return Ok(());
        }
        self.tx = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(anyhow::anyhow!(
                "internal error: the {} writer stopped",
                self.name
            )),
        }
    }

    /// Closes the file once every queued batch is written; the rows written.
    pub fn finish(mut self) -> anyhow::Result<usize> {
        self.tx = None;
        self.join()
    }

    fn join(&mut self) -> anyhow::Result<usize> {
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| {
                Err(anyhow::anyhow!(
                    "internal error: the {} writer panicked",
                    self.name
                ))
            }),
            None => Err(anyhow::anyhow!(
                "internal error: the {} writer stopped",
                self.name
            )),
        }
    }
}

/// A build that stops early (an error, an interrupt) drops its writers
/// before it removes the staging folder: each finishes the batch in hand
/// first, so that no thread writes there afterwards.
impl Drop for QueuedWriter {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    /// A rejects table whose paths are `rows`.
    fn table(rows: &[&str]) -> Table {
        let rejects: Vec<whosaid_model::Reject> = rows
            .iter()
            .map(|p| whosaid_model::Reject::skipped(*p, "empty", "no text"))
            .collect();
        crate::rejects_table(&rejects)
    }

    #[test]
    fn batches_are_written_in_the_order_queued() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = QueuedWriter::spawn(TableWriter::new(dir.path(), "rejects", &[Format::Csv]));
        for batch in [&["a", "b"][..], &["c"], &[], &["d"]] {
            w.write(Arc::new(table(batch))).unwrap();
        }
        assert_eq!(w.finish().unwrap(), 4);
        let csv = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
        let firsts: Vec<&str> = csv.lines().skip(1).map(|l| &l[..1]).collect();
        assert_eq!(firsts, ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_writer_that_fails_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no such folder");
        let mut w = QueuedWriter::spawn(TableWriter::new(&missing, "rejects", &[Format::Csv]));
        let first = w.write(Arc::new(table(&["a"])));
        // The failure shows on a later write or at the end, with its cause.
        let err = match first {
            Err(e) => e,
            Ok(()) => match w.write(Arc::new(table(&["b"]))) {
                Err(e) => e,
                Ok(()) => w.finish().unwrap_err(),
            },
        };
        assert!(format!("{err:#}").contains("rejects.csv"), "{err:#}");
    }
}
