//! The user's configuration file: lexicon overrides.

use anyhow::{bail, Context};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use whosaid_model::lexicon::{LexiconOverrides, OverrideMode};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    lexicons: BTreeMap<String, LexiconEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconEntry {
    file: String,
    #[serde(default = "extend")]
    mode: String,
}

fn extend() -> String {
    "extend".into()
}

/// Reads `path` and the lexicon files it names.
pub fn load(path: &Path) -> anyhow::Result<LexiconOverrides> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    let cfg: ConfigFile =
        toml::from_str(&text).with_context(|| format!("config {}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut ov = LexiconOverrides::default();
    for (name, entry) in cfg.lexicons {
        let mode = match entry.mode.as_str() {
            "extend" => OverrideMode::Extend,
            "replace" => OverrideMode::Replace,
            other => bail!("config {}: lexicon {name}: mode must be \"extend\" or \"replace\", not \"{other}\"", path.display()),
        };
        let file = base.join(&entry.file);
        let content = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "config {}: lexicon {name}: cannot read {}",
                path.display(),
                file.display()
            )
        })?;
        ov.insert(&name, mode, content);
    }
    Ok(ov)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_files_are_read_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "^watch live$\n").unwrap();
        let cfg = dir.path().join("whosaid.toml");
        std::fs::write(&cfg, "[lexicons.chrome_lines]\nfile = \"mine.txt\"\n").unwrap();
        let ov = load(&cfg).unwrap();
        assert!(ov
            .entries("chrome_lines", "^a$")
            .contains(&"^watch live$".to_string()));
    }

    #[test]
    fn a_bad_mode_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("whosaid.toml");
        std::fs::write(
            &cfg,
            "[lexicons.chrome_lines]\nfile = \"x.txt\"\nmode = \"merge\"\n",
        )
        .unwrap();
        let err = format!("{:#}", load(&cfg).unwrap_err());
        assert!(err.contains("mode must be"), "{err}");
    }
}
