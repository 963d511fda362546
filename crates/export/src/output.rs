//! The output folder, replaced atomically: tables are written into a
//! temporary sibling folder that takes the output's place only once every
//! file is complete, so an interrupted run leaves the previous output whole.
//!
//! A signal ends the process without running destructors, so the staging
//! folders of this process are also listed in one registry, which a signal
//! handler empties with [`abandon_staging`]; publishing holds the registry's
//! lock, so a signal never lands between moving the old output aside and
//! moving the new one in.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The unpublished staging folders of this process, and whether the process
/// is being stopped (then nothing more may be published).
#[derive(Default)]
struct Registry {
    staging: Vec<PathBuf>,
    abandoned: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    staging: Vec::new(),
    abandoned: false,
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic while holding the lock leaves the list itself intact.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every staging folder not yet published and stops any later
/// publication: for a signal handler, just before the process exits. Waits
/// for a publication under way to finish. Returns the output folders that
/// were left as they were.
pub fn abandon_staging() -> Vec<PathBuf> {
    let mut reg = registry();
    reg.abandoned = true;
    let mut kept = Vec::new();
    for staging in reg.staging.drain(..) {
        remove_dir_retrying(&staging);
        if let Some(target) = target_of(&staging) {
            kept.push(target);
        }
    }
    kept
}

/// Worker threads may still be creating files in the folder while it is
/// removed; a few tries outlast them.
fn remove_dir_retrying(dir: &Path) {
    for _ in 0..20 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            _ => return,
        }
    }
}

/// `parent/.name.partial-PID` → `parent/name`.
fn target_of(staging: &Path) -> Option<PathBuf> {
    let name = staging.file_name()?.to_str()?;
    let stem = name.strip_prefix('.')?.rsplit_once(".partial-")?.0;
    Some(staging.with_file_name(stem))
}

/// Files whose presence marks a folder as an earlier whosaid output.
const OUTPUT_MARKERS: &[&str] = &["manifest.json", "documents.csv", "documents.parquet"];

/// A temporary folder being filled, and the output folder it will replace.
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    published: bool,
}

/// Checks that `out` may be written and creates the staging folder beside it.
///
/// A non-empty folder that is not an earlier whosaid output is only replaced
/// with `force`: the user may have named the wrong folder.
pub fn prepare_output(out: &Path, force: bool) -> anyhow::Result<OutputDir> {
    if out.exists() {
        if !out.is_dir() {
            bail!("output {} exists and is not a folder", out.display());
        }
        let mut entries = std::fs::read_dir(out)
            .with_context(|| format!("cannot read output folder {}", out.display()))?;
        let non_empty = entries.next().is_some();
        let ours = OUTPUT_MARKERS.iter().any(|m| out.join(m).exists());
        if non_empty && !ours && !force {
            bail!(
                "output folder {} is not empty and holds no earlier whosaid output; pass --force to replace it",
                out.display()
            );
        }
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let mut reg = registry();
    if reg.abandoned {
        bail!("interrupted");
    }
    if staging.exists() {
        std::fs::remove_dir_all(&staging).ok();
    }
    std::fs::create_dir(&staging)
        .with_context(|| format!("output folder {} is not writable", parent.display()))?;
    reg.staging.push(staging.clone());
    Ok(OutputDir {
        target: out.to_path_buf(),
        staging,
        published: false,
    })
}

impl OutputDir {
    /// Where the tables are written until [`OutputDir::publish`].
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the staging folder in the output's place.
    pub fn publish(mut self) -> anyhow::Result<()> {
        let mut reg = registry();
        if reg.abandoned {
            bail!("interrupted");
        }
        reg.staging.retain(|s| *s != self.staging);
        let old = self.staging.with_extension("old");
        if self.target.exists() {
            std::fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the previous {} aside", self.target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if old.exists() {
                std::fs::rename(&old, &self.target).ok();
            }
            return Err(e).with_context(|| {
                format!("cannot move the new output into {}", self.target.display())
            });
        }
        self.published = true;
        if old.exists() {
            std::fs::remove_dir_all(&old).ok();
        }
        Ok(())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.published {
            let mut reg = registry();
            reg.staging.retain(|s| *s != self.staging);
            std::fs::remove_dir_all(&self.staging).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_non_empty_folder_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.docx"), "x").unwrap();
        assert!(prepare_output(dir.path(), false).is_err());
        assert!(prepare_output(dir.path(), true).is_ok());
    }

    #[test]
    fn publishing_replaces_the_previous_output_and_dropping_keeps_it() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("documents.csv"), "old").unwrap();

        let unfinished = prepare_output(&out, false).unwrap();
        std::fs::write(unfinished.staging().join("documents.csv"), "half").unwrap();
        drop(unfinished);
        assert_eq!(
            std::fs::read_to_string(out.join("documents.csv")).unwrap(),
            "old"
        );

        let next = prepare_output(&out, false).unwrap();
        std::fs::write(next.staging().join("documents.csv"), "new").unwrap();
        next.publish().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("documents.csv")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_target_is_read_back_from_the_staging_name() {
        let staging = Path::new("/data/.my.out.partial-42");
        assert_eq!(target_of(staging), Some(PathBuf::from("/data/my.out")));
    }
}
