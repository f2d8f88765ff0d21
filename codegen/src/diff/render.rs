//! Text, Markdown and JSON renderings of a [`Report`](super::Report).
//!
//! The JSON form is stable for CI bots (see `docs/diff-json.md`):
//! `{"schema_version": 1, "summary": {...}, "changes": [{impact, kind, location, pointer, detail}],
//! "generated_code": {added, removed, changed} | null}`.

use super::{semver_lite::Version, CodeDiff, Impact, Report};
use serde_json::json;
use std::fmt::Write;

/// Output format of `cargo xtask diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For `CHANGELOG.md`.
    Markdown,
    /// For machines.
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
                "  [{:<8}] {:<26} {}: {}",
                label(c.impact),
                format!("{:?}", c.kind),
                c.location,
                c.detail
            );
        }
        if let Some(code) = code {
            let _ = writeln!(out, "{}", code.summary());
            for (p, n) in &code.added {
                let _ = writeln!(out, "  + {p} ({n} lines)");
            }
            for (p, n) in &code.removed {
                let _ = writeln!(out, "  - {p} ({n} lines)");
            }
            for (p, plus, minus) in &code.changed {
                let _ = writeln!(out, "  ~ {p} (+{plus} −{minus})");
            }
        }
        out
    }

    fn markdown(&self, current: &Version, code: Option<&CodeDiff>) -> String {
        let (_, next) = self.bump(current);
        let mut out = String::new();
        let _ = writeln!(out, "## genesys-client {next}\n");
        let _ = writeln!(out, "{}\n", self.summary_line(current));
        for (impact, title) in [
            (Impact::Breaking, "Breaking changes"),
            (Impact::Additive, "Additions"),
            (Impact::None, "Documentation only"),
        ] {
            let items: Vec<_> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            for c in items {
                let kind = format!("{:?}", c.kind);
                let _ = writeln!(
                    out,
                    "- **{}** `{}`: {}",
                    humanize(&kind),
                    c.location.replace('`', ""),
                    c.detail
                );
            }
            out.push('\n');
        }
        if let Some(code) = code {
            let _ = writeln!(out, "### Generated code\n\n{}\n", code.summary());
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
