//! Per-file statistics of two generated trees (`Output::files` of the old and new spec).

use serde::Serialize;
use std::collections::BTreeMap;

/// A file only one tree has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileLines {
    /// Path relative to `genesys-client/src/generated/`.
    pub path: String,
    /// Its number of lines.
    pub lines: usize,
}

/// A file both trees have, with different text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Path relative to `genesys-client/src/generated/`.
    pub path: String,
    /// Lines inserted.
    pub added: usize,
    /// Lines deleted.
    pub removed: usize,
}

/// Per-file comparison of two generated trees; every list is sorted by path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CodeDiff {
    /// Files only in the new tree.
    pub added: Vec<FileLines>,
    /// Files only in the old tree.
    pub removed: Vec<FileLines>,
    /// Files in both that differ.
    pub changed: Vec<FileChange>,
}

impl CodeDiff {
    /// Compares two `Output::files` maps.
    pub fn new(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Self {
        let mut d = Self::default();
        for (path, text) in new {
            match old.get(path) {
                None => d.added.push(FileLines {
                    path: path.clone(),
                    lines: text.lines().count(),
                }),
                Some(o) if o != text => {
                    let (mut added, mut removed) = (0, 0);
                    let lines = similar::TextDiff::from_lines(o.as_str(), text.as_str());
                    for change in lines.iter_all_changes() {
                        match change.tag() {
                            similar::ChangeTag::Insert => added += 1,
                            similar::ChangeTag::Delete => removed += 1,
                            similar::ChangeTag::Equal => {}
                        }
                    }
                    d.changed.push(FileChange {
                        path: path.clone(),
                        added,
                        removed,
                    });
                }
                Some(_) => {}
            }
        }
        for (path, text) in old {
            if !new.contains_key(path) {
                d.removed.push(FileLines {
                    path: path.clone(),
                    lines: text.lines().count(),
                });
            }
        }
        d
    }

    /// No file differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// Total lines inserted and deleted over all files.
    pub fn line_totals(&self) -> (usize, usize) {
        let plus = self.added.iter().map(|f| f.lines).sum::<usize>()
            + self.changed.iter().map(|f| f.added).sum::<usize>();
        let minus = self.removed.iter().map(|f| f.lines).sum::<usize>()
            + self.changed.iter().map(|f| f.removed).sum::<usize>();
        (plus, minus)
    }

    /// `generated code: 1 added, 0 removed, 2 changed files (+10 -3 lines)`.
    pub fn summary(&self) -> String {
        let (plus, minus) = self.line_totals();
        format!(
            "generated code: {} added, {} removed, {} changed files (+{plus} -{minus} lines)",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        )
    }
}
