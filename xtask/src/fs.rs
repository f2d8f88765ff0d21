//! Writing a generated tree, or checking that the committed one is fresh.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How the files on disk differ from what the generator produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files the generator produces that are not on disk.
    pub missing: Vec<String>,
    /// Files on disk the generator no longer produces.
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Every file below `dir`, as `/`-separated paths relative to it.
fn list(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(out)
}

/// Compares `files` with `dir` without touching it.
pub fn compare(dir: &Path, files: &BTreeMap<String, String>) -> std::io::Result<Staleness> {
    let on_disk = list(dir)?;
    let mut s = Staleness::default();
    for (rel, want) in files {
        if on_disk.contains(rel) {
            let have = std::fs::read_to_string(dir.join(rel))?;
            if &have != want {
                s.changed.push(rel.clone());
            }
        } else {
            s.missing.push(rel.clone());
        }
    }
    s.extra = on_disk
        .into_iter()
        .filter(|f| !files.contains_key(f))
        .collect();
    Ok(s)
}

/// Makes `dir` hold exactly `files`: writes changed and missing ones, deletes extra ones.
pub fn write(dir: &Path, files: &BTreeMap<String, String>) -> std::io::Result<Staleness> {
    let s = compare(dir, files)?;
    for rel in s.changed.iter().chain(&s.missing) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &files[rel])?;
    }
    for rel in &s.extra {
        std::fs::remove_file(dir.join(rel))?;
    }
    Ok(s)
}

/// A unified diff of one file (committed → generated), for `--check -v`.
pub fn unified_diff(rel: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_and_write_round_trip() {
        let dir = std::env::temp_dir().join(format!("xtask-fs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("models")).unwrap();
        std::fs::write(dir.join("models/old.rs"), "old").unwrap();
        std::fs::write(dir.join("mod.rs"), "stale").unwrap();
        let files: BTreeMap<String, String> = [("mod.rs", "fresh"), ("models/new.rs", "new")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        let s = compare(&dir, &files).unwrap();
        assert_eq!(s.changed, ["mod.rs"]);
        assert_eq!(s.missing, ["models/new.rs"]);
        assert_eq!(s.extra, ["models/old.rs"]);
        write(&dir, &files).unwrap();
        assert!(compare(&dir, &files).unwrap().is_fresh());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
