//! Ingest: bytes on disk → decoded [`RawDocument`]s.
//!
//! Nothing after this crate sees bytes. Every input that cannot be read in
//! full becomes a [`Reject`] with a reason instead of an error, so one bad
//! file never costs the run the others.

mod decode;
mod discover;
mod records;

pub use decode::{decode, Decoded};
pub use discover::{discover, Discovery, FileKind, SourceFile};

use std::io::Read;
use whosaid_model::{RawDocument, RawMeta, Reject, SourceFormat};

/// Files larger than this are skipped rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// What one input file yielded.
#[derive(Debug, Default)]
pub struct FileRead {
    pub docs: Vec<RawDocument>,
    pub rejects: Vec<Reject>,
}

/// Reads, decompresses, decodes and splits one file into documents.
pub fn read_file(file: &SourceFile) -> FileRead {
    let mut out = FileRead::default();
    let path = file.display_path();
    let bytes = match load_bytes(file, &mut out.rejects) {
        Some(b) => b,
        None => return out,
    };
    let n_bytes = bytes.len() as u64;
    let text = match decode(&bytes) {
        Decoded::Text { text, note } => {
            if let Some(note) = note {
                out.rejects.push(Reject::partial(&path, "encoding", note));
            }
            text
        }
        Decoded::Binary(why) => {
            out.rejects.push(Reject::skipped(&path, "binary", why));
            return out;
        }
    };
    drop(bytes);
    match file.kind {
        FileKind::Text | FileKind::Html => {
            if text.trim().is_empty() {
                out.rejects.push(Reject::skipped(
                    &path,
                    "empty",
                    "no text: the file is empty or only whitespace",
                ));
                return out;
            }
            let format = if file.kind == FileKind::Html {
                SourceFormat::Html
            } else {
                SourceFormat::Text
            };
            out.docs.push(RawDocument {
                doc_id: file.doc_id_stem(),
                source_path: path,
                format,
                text,
                meta: RawMeta::default(),
                bytes: n_bytes,
            });
        }
        FileKind::Jsonl => records::read_jsonl(file, &text, &mut out),
        FileKind::Csv => records::read_csv(file, &text, &mut out),
    }
    out
}

/// The file's bytes, gunzipped when it is `.gz`; `None` (with a reject) when
/// nothing usable could be read.
fn load_bytes(file: &SourceFile, rejects: &mut Vec<Reject>) -> Option<Vec<u8>> {
    let path = file.display_path();
    let raw = match std::fs::metadata(&file.path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            rejects.push(Reject::skipped(
                &path,
                "too-large",
                format!(
                    "file is {} bytes, over the {} byte limit",
                    m.len(),
                    MAX_FILE_BYTES
                ),
            ));
            return None;
        }
        _ => match std::fs::read(&file.path) {
            Ok(b) => b,
            Err(e) => {
                rejects.push(Reject::skipped(
                    &path,
                    "unreadable",
                    format!("cannot read: {e}"),
                ));
                return None;
            }
        },
    };
    if !file.gz {
        return Some(raw);
    }
    gunzip(&raw, &path, MAX_FILE_BYTES, rejects)
}

/// Decompresses `raw`, keeping at most `limit` bytes: a gzip bomb, or a
/// stream cut short, keeps what was read and says so.
fn gunzip(raw: &[u8], path: &str, limit: u64, rejects: &mut Vec<Reject>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(raw).take(limit + 1);
    match dec.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > limit => {
            out.truncate(limit as usize);
            rejects.push(Reject::partial(
                path,
                "too-large",
                format!("decompressed data is over the {limit} byte limit; the first {limit} bytes were read"),
            ));
            Some(out)
        }
        Ok(_) => Some(out),
        Err(e) if !out.is_empty() => {
            rejects.push(Reject::partial(
                path,
                "truncated-gzip",
                format!(
                    "gzip stream broken after {} bytes ({e}); kept what was read",
                    out.len()
                ),
            ));
            Some(out)
        }
        Err(e) => {
            rejects.push(Reject::skipped(
                path,
                "bad-gzip",
                format!("not a readable gzip file: {e}"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_gzip_bomb_is_read_up_to_the_limit_and_says_so() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 10_000]).unwrap();
        let raw = gz.finish().unwrap();
        let mut rejects = Vec::new();
        let out = gunzip(&raw, "bomb.txt.gz", 4096, &mut rejects).unwrap();
        assert_eq!(out.len(), 4096);
        assert_eq!(rejects[0].category, "too-large");
        let mut rejects = Vec::new();
        assert_eq!(
            gunzip(&raw, "ok.txt.gz", 10_000, &mut rejects)
                .unwrap()
                .len(),
            10_000
        );
        assert!(rejects.is_empty());
    }
}
