//! Text, Markdown and JSON renderings of a [`Report`](super::Report).
//!
//! # JSON (`schema_version` 1)
//!
//! Stable for CI bots; `docs/diff-json.md` holds the same description with an example. Within a
//! `schema_version`, fields may be added but never renamed, retyped or removed.
//!
//! ```text
//! {
//!   "schema_version": 1,                        integer, always 1 for this layout
//!   "summary": {
//!     "total": u64, "breaking": u64, "additive": u64, "none": u64,   counts of `changes`
//!     "bump": "none" | "patch" | "minor" | "major",   rule already applied
//!     "rule": string,                           the bump rule, in words
//!     "current_version": string,                genesys-client/Cargo.toml `version`
//!     "next_version": string
//!   },
//!   "changes": [ {                              sorted: impact, kind, location, pointer, detail
//!     "impact": "breaking" | "additive" | "none",
//!     "kind": string,                           a `ChangeKind` in snake_case
//!     "location": string,                       `GET /path`, `Schema.prop`, `Schema`…
//!     "pointer": string,                        JSON pointer, `#/…`, into the new document
//!                                               (the old one for removals)
//!     "detail": string,                         for humans; its wording is not stable
//!     "wire_impact": "breaking" | "additive" | "none"   only for items not generated
//!   } ],
//!   "generated_code": null | {                  null when the code was not regenerated
//!     "added":   [ { "path": string, "lines": u64 } ],
//!     "removed": [ { "path": string, "lines": u64 } ],
//!     "changed": [ { "path": string, "added": u64, "removed": u64 } ]
//!   }
//! }
//! ```

use super::{semver_lite::Version, CodeDiff, Impact, Report};
use serde_json::json;
use std::fmt::Write;

/// Output format of `cargo xtask diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// A section to paste under `## Unreleased` in `CHANGELOG.md`.
    Markdown,
    /// For machines (layout above).
    Json,
}

fn label(i: Impact) -> &'static str {
    match i {
        Impact::Breaking => "breaking",
        Impact::Additive => "additive",
        Impact::None => "docs",
    }
}

impl Report {
    /// Renders the report (and the generated-code comparison, when given).
    pub fn render(&self, format: Format, current: &Version, code: Option<&CodeDiff>) -> String {
        match format {
            Format::Text => self.text(current, code),
            Format::Markdown => self.markdown(current, code),
            Format::Json => self.json(current, code),
        }
    }

    fn text(&self, current: &Version, code: Option<&CodeDiff>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.summary_line(current));
        for c in &self.changes {
            let _ = writeln!(
                out,
                "  [{:<8}] {:<26} {}: {}{}",
                label(c.impact),
                format!("{:?}", c.kind),
                c.location,
                c.detail,
                wire(c)
            );
        }
        if let Some(code) = code {
            let _ = writeln!(out, "{}", code.summary());
            for f in &code.added {
                let _ = writeln!(out, "  + {} ({} lines)", f.path, f.lines);
            }
            for f in &code.removed {
                let _ = writeln!(out, "  - {} ({} lines)", f.path, f.lines);
            }
            for f in &code.changed {
                let _ = writeln!(out, "  ~ {} (+{} -{})", f.path, f.added, f.removed);
            }
        }
        out
    }

    fn markdown(&self, current: &Version, code: Option<&CodeDiff>) -> String {
        let (_, next) = self.bump(current);
        let mut out = String::new();
        let _ = writeln!(out, "### API changes (genesys-client {current} → {next})\n");
        let _ = writeln!(out, "{}\n", self.summary_line(current));
        for (impact, title) in [
            (Impact::Breaking, "Breaking"),
            (Impact::Additive, "Additive"),
            (Impact::None, "Documentation only"),
        ] {
            let items: Vec<_> = self
                .changes
                .iter()
                .filter(|c| c.impact == impact && c.wire_impact.is_none())
                .collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "#### {title}\n");
            for c in items {
                let _ = writeln!(
                    out,
                    "- {} `{}`: {}",
                    humanize(&format!("{:?}", c.kind)),
                    c.location.replace('`', ""),
                    c.detail
                );
            }
            out.push('\n');
        }
        let skipped: Vec<_> = self
            .changes
            .iter()
            .filter(|c| c.wire_impact.is_some())
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "#### Not generated (API changes with no Rust code)\n");
            for c in skipped {
                let _ = writeln!(
                    out,
                    "- {} `{}`: {}{}",
                    humanize(&format!("{:?}", c.kind)),
                    c.location.replace('`', ""),
                    c.detail,
                    wire(c)
                );
            }
            out.push('\n');
        }
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            let _ = writeln!(out, "#### Generated code\n");
            let _ = writeln!(out, "<details><summary>{}</summary>\n", code.summary());
            for f in &code.added {
                let _ = writeln!(out, "- added `{}` ({} lines)", f.path, f.lines);
            }
            for f in &code.removed {
                let _ = writeln!(out, "- removed `{}` ({} lines)", f.path, f.lines);
            }
            for f in &code.changed {
                let _ = writeln!(out, "- changed `{}` (+{} -{})", f.path, f.added, f.removed);
            }
            let _ = writeln!(out, "\n</details>\n");
        }
        out
    }

    fn json(&self, current: &Version, code: Option<&CodeDiff>) -> String {
        let (bump, next) = self.bump(current);
        let v = json!({
            "schema_version": 1,
            "summary": {
                "total": self.changes.len(),
                "breaking": self.count(Impact::Breaking),
                "additive": self.count(Impact::Additive),
                "none": self.count(Impact::None),
                "bump": bump,
                "rule": Report::bump_rule(current),
                "current_version": current.to_string(),
                "next_version": next.to_string(),
            },
            "changes": self.changes,
            "generated_code": code,
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// ` (wire: breaking)` for a change of an item the generator skips.
fn wire(c: &super::Change) -> String {
    c.wire_impact
        .map(|w| {
            let word = match w {
                Impact::Breaking => "breaking",
                Impact::Additive => "additive",
                Impact::None => "none",
            };
            format!(" (wire: {word})")
        })
        .unwrap_or_default()
}

/// `OperationAdded` → `Operation added`.
fn humanize(kind: &str) -> String {
    let mut out = String::new();
    for (i, ch) in kind.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}
