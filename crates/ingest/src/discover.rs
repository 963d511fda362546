//! Finding input files: recursive, in a deterministic order, loop-safe.

use std::path::{Path, PathBuf};
use whosaid_model::Reject;

/// How a file's content is laid out, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`: one scraped article.
    Text,
    /// `.html` / `.htm`: one web page.
    Html,
    /// `.jsonl` / `.ndjson`: one article per line.
    Jsonl,
    /// `.csv`: one article per row.
    Csv,
}

impl FileKind {
    fn from_extension(ext: &str) -> Option<FileKind> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(FileKind::Text),
            "html" | "htm" | "xhtml" => Some(FileKind::Html),
            "jsonl" | "ndjson" => Some(FileKind::Jsonl),
            "csv" => Some(FileKind::Csv),
            _ => None,
        }
    }
}

/// One input file and where it sits under its input root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated.
    pub rel: String,
    pub kind: FileKind,
    pub gz: bool,
}

impl SourceFile {
    /// The path shown to the user and written as `source_path`.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// `rel` without its format and compression extensions: the contract's `doc_id`.
    pub fn doc_id_stem(&self) -> String {
        let mut s = self.rel.as_str();
        if self.gz {
            s = &s[..s.len() - 3];
        }
        match s.rfind('.') {
            Some(dot) if !s[dot..].contains('/') => s[..dot].to_string(),
            _ => s.to_string(),
        }
    }
}

/// The files found under the inputs, and the paths that could not be used.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<SourceFile>,
    pub rejects: Vec<Reject>,
}

/// Lists the readable input files under `inputs` (files or folders).
///
/// Fails only when an input path itself does not exist: that is a mistake in
/// the command, not bad data. Everything below a folder that cannot be used
/// (unsupported extension, symlink loop, unreadable folder) becomes a reject.
/// Folders in `exclude` are not walked into: the run's own output folder,
/// inside an input folder, must not become input of the next run.
pub fn discover(inputs: &[PathBuf], exclude: &[PathBuf]) -> anyhow::Result<Discovery> {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut out = Discovery::default();
    for input in inputs {
        let meta = std::fs::metadata(input)
            .map_err(|e| anyhow::anyhow!("input {}: {e}", input.display()))?;
        if meta.is_file() {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            classify(input.to_path_buf(), name, &mut out);
        } else if meta.is_dir() {
            walk(input, &exclude, &mut out);
        } else {
            out.rejects.push(not_a_file(input, &meta.file_type()));
        }
    }
    Ok(out)
}

fn walk(root: &Path, exclude: &[PathBuf], out: &mut Discovery) {
    let excluded = |e: &walkdir::DirEntry| {
        !exclude.is_empty()
            && e.file_type().is_dir()
            && e.path().canonicalize().is_ok_and(|p| exclude.contains(&p))
    };
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(is_hidden(e.file_name()) || excluded(e)));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                classify(e.path().to_path_buf(), rel, out);
            }
            Ok(e) if e.file_type().is_dir() => {}
            // A pipe, socket or device named like an article: reading it
            // could block the run forever, and skipping it unsaid loses it.
            Ok(e) => out.rejects.push(not_a_file(e.path(), &e.file_type())),
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|| root.to_string_lossy().into_owned());
                let (category, reason) = if err.loop_ancestor().is_some() {
                    (
                        "symlink-loop",
                        "symbolic link loop: not followed".to_string(),
                    )
                } else {
                    // The path is the row's own column; the reason is the OS's word.
                    let why = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    ("unreadable", format!("cannot read: {why}"))
                };
                out.rejects.push(Reject::skipped(path, category, reason));
            }
        }
    }
}

/// The reject of an input that is neither a file nor a folder.
fn not_a_file(path: &Path, file_type: &std::fs::FileType) -> Reject {
    Reject::skipped(
        path.to_string_lossy().replace('\\', "/"),
        "unreadable",
        format!("not a regular file ({}): not read", special_kind(file_type)),
    )
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "an unknown kind of file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "an unknown kind of file"
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn classify(path: PathBuf, rel: String, out: &mut Discovery) {
    let lower = rel.to_ascii_lowercase();
    let gz = lower.ends_with(".gz");
    let stem = if gz {
        &lower[..lower.len() - 3]
    } else {
        &lower[..]
    };
    let ext = Path::new(stem)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match FileKind::from_extension(&ext) {
        Some(kind) => out.files.push(SourceFile { path, rel, kind, gz }),
        None => out.rejects.push(Reject::skipped(
            path.to_string_lossy().replace('\\', "/"),
            "unsupported",
            format!(
                "unsupported file type '{}': expected .txt, .html, .htm, .jsonl, .ndjson or .csv (optionally .gz)",
                if ext.is_empty() { "(none)" } else { &ext }
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str) -> SourceFile {
        let mut d = Discovery::default();
        classify(PathBuf::from(rel), rel.to_string(), &mut d);
        d.files.pop().expect("supported")
    }

    #[test]
    fn doc_id_drops_format_and_compression_extensions() {
        assert_eq!(file("npr/2016/kerry.txt").doc_id_stem(), "npr/2016/kerry");
        assert_eq!(file("pages/a.b.html.gz").doc_id_stem(), "pages/a.b");
        assert_eq!(file("feed.JSONL").kind, FileKind::Jsonl);
    }

    #[test]
    fn unknown_extensions_are_reported() {
        let mut d = Discovery::default();
        classify(PathBuf::from("x/notes.pdf"), "notes.pdf".into(), &mut d);
        assert!(d.files.is_empty());
        assert_eq!(d.rejects[0].category, "unsupported");
    }

    #[test]
    fn folders_are_walked_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a/z.txt", "a/c.html", ".hidden/x.txt"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let d = discover(&[dir.path().to_path_buf()], &[]).unwrap();
        let rels: Vec<_> = d.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/c.html", "a/z.txt", "b.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_broken_links_are_rejected_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("good.txt"), "x").unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        std::os::unix::fs::symlink("/no/such/target.txt", dir.path().join("gone.txt")).unwrap();

        let d = discover(&[dir.path().to_path_buf()], &[]).unwrap();
        assert_eq!(d.files.len(), 1);
        let mut got: Vec<(String, &str)> = d
            .rejects
            .iter()
            .map(|r| {
                (
                    r.path.rsplit('/').next().unwrap().to_string(),
                    r.reason.as_str(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got[0].0, "gone.txt");
        assert!(
            got[0].1.starts_with("cannot read: No such file"),
            "{}",
            got[0].1
        );
        assert_eq!(got[1].0, "pipe.txt");
        assert_eq!(got[1].1, "not a regular file (a named pipe): not read");

        // Named on the command line, it is a reject too, not a folder to walk.
        let d = discover(&[fifo], &[]).unwrap();
        assert!(d.files.is_empty());
        assert_eq!(d.rejects[0].category, "unreadable");
    }

    #[test]
    fn the_excluded_folder_is_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "out/documents.csv", "outer/b.txt"] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let root = dir.path().to_path_buf();
        // Named another way than the input (relative, with `..`), it is the same folder.
        let out = dir.path().join("outer/../out");
        let d = discover(&[root], &[out]).unwrap();
        let rels: Vec<_> = d.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "outer/b.txt"]);
    }

    #[test]
    fn a_missing_input_is_an_error() {
        assert!(discover(&[PathBuf::from("/no/such/folder")], &[]).is_err());
    }
}
