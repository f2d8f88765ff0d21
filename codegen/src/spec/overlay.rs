//! OpenAPI Overlay 1.0 documents: reviewed facts we add to the upstream description.
//!
//! Genesys states some facts only in prose ("Limit 50." in the SDK docs), and some we have to
//! assume (how many events one batch request may carry). Such facts are written down as schema
//! keywords (`maxItems`) in an overlay under `spec/`, each action saying where the fact comes
//! from, and `spec import` applies the overlays after slicing, so `spec/platform-api.json` —
//! and through it the generated client — carries them. The upstream document is never edited.
//!
//! Format: [OpenAPI Overlay 1.0.0](https://spec.openapis.org/overlay/v1.0.0.html), as JSON
//! (like everything in `spec/`): `overlay`, `info {title, version}`, optional `extends`, and
//! `actions`, each a `target` (a JSONPath, RFC 9535, evaluated by `serde_json_path`), an optional
//! `description`, and an `update` (merged into every node the target selects: objects member by
//! member, recursively; an array target gets the update appended) or `remove: true`. `x-`
//! extensions are allowed where the standard allows them (this project's actions carry
//! `x-source`); any other unknown field is an error, so a typo is not silently ignored.
//!
//! Overlays are scoped to the slice: an action about an operation (or component) the import
//! does not keep is *not applicable*, reported in [`Applied`] and recorded in
//! `spec/source.json`, so one overlay serves every tag selection. An action may name its
//! operation with `x-operation: "METHOD /path"` (see [`scope`]).
//!
//! Stricter than the standard on purpose: **an action whose target selects nothing inside an
//! operation the import keeps is an error** naming the action. An overlay that no longer
//! matches the upstream document (a parameter renamed or moved) must fail the import, not
//! quietly drop the fact it records.

mod scope;

use serde::Deserialize;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use sha2::{Digest, Sha256};
use std::fmt;

use crate::Error;
use scope::Scope;

/// A parsed overlay document, ready to apply.
#[derive(Clone, Debug)]
pub struct Overlay {
    /// Where it was read from, as recorded in `spec/source.json` (`spec/limits.overlay.json`).
    pub name: String,
    /// sha256 of its bytes (hex), recorded with the name.
    pub sha256: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    actions: Vec<Action>,
}

/// One action: where it applies and what it does.
#[derive(Clone, Debug)]
struct Action {
    target: String,
    path: JsonPath,
    description: Option<String>,
    /// What the action is about: it applies only when the imported document holds that.
    scope: Scope,
    edit: Edit,
}

/// What applying an overlay did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Number of actions applied.
    pub applied: usize,
    /// Actions about an operation or component the imported document does not hold.
    pub not_applicable: Vec<NotApplicable>,
}

/// An action left out because what it is about is not in the imported slice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplicable {
    /// Its number, from 1.
    pub action: usize,
    /// Its description, else its target.
    pub name: String,
    /// Why: `operation POST /… is not in the imported slice`.
    pub reason: String,
}

#[derive(Clone, Debug)]
enum Edit {
    Update(Value),
    Remove,
}

/// The document as written; checked into [`Overlay`] by [`Overlay::parse`]. Unknown fields
/// land in `extensions` (`deny_unknown_fields` does not combine with `flatten`) and are refused
/// there unless they are `x-` extensions.
#[derive(Deserialize)]
struct RawOverlay {
    overlay: String,
    info: RawInfo,
    #[serde(default)]
    extends: Option<String>,
    actions: Vec<RawAction>,
    #[serde(flatten)]
    extensions: Map<String, Value>,
}

#[derive(Deserialize)]
struct RawInfo {
    title: String,
    version: String,
    #[serde(flatten)]
    extensions: Map<String, Value>,
}

#[derive(Deserialize)]
struct RawAction {
    target: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
    #[serde(flatten)]
    extensions: Map<String, Value>,
}

/// `x-` extensions are allowed; `#[serde(flatten)]` collects every other unknown field too, so
/// they are refused here.
fn only_extensions(ext: &Map<String, Value>, what: &str) -> Result<(), String> {
    match ext.keys().find(|k| !k.starts_with("x-")) {
        Some(k) => Err(format!(
            "unknown field '{k}' in {what} (only `x-` extensions may be added)"
        )),
        None => Ok(()),
    }
}

impl Overlay {
    /// Reads an overlay document. `name` is how errors and `spec/source.json` refer to it.
    pub fn parse(name: impl Into<String>, bytes: &[u8]) -> Result<Self, Error> {
        let name = name.into();
        let fail = |action: Option<usize>, message: String| Error::Overlay {
            file: name.clone(),
            action: action.map(|i| i + 1),
            message,
        };
        let value = super::depth::parse(bytes)
            .map_err(|e| fail(None, format!("not a JSON document: {e}")))?;
        let raw: RawOverlay = serde_json::from_value(value)
            .map_err(|e| fail(None, format!("not an OpenAPI Overlay 1.0 document: {e}")))?;
        let version_ok = raw
            .overlay
            .strip_prefix("1.0.")
            .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()));
        if !version_ok {
            return Err(fail(
                None,
                format!(
                    "unsupported overlay version {:?}: only 1.0.x is supported",
                    raw.overlay
                ),
            ));
        }
        only_extensions(&raw.extensions, "the overlay").map_err(|m| fail(None, m))?;
        only_extensions(&raw.info.extensions, "info").map_err(|m| fail(None, m))?;
        let _ = raw.extends; // informative only: the import says which document it applies to
        if raw.actions.is_empty() {
            return Err(fail(None, "an overlay needs at least one action".into()));
        }
        let mut actions = Vec::with_capacity(raw.actions.len());
        for (i, a) in raw.actions.into_iter().enumerate() {
            only_extensions(&a.extensions, "the action").map_err(|m| fail(Some(i), m))?;
            let path = JsonPath::parse(&a.target).map_err(|e| {
                fail(
                    Some(i),
                    format!("target {:?} is not a JSONPath (RFC 9535): {e}", a.target),
                )
            })?;
            let scope = match a.extensions.get("x-operation") {
                None => Scope::of_target(&a.target),
                Some(v) => v.as_str().and_then(Scope::of_operation).ok_or_else(|| {
                    fail(
                        Some(i),
                        format!("`x-operation` {v} is not \"METHOD /path\""),
                    )
                })?,
            };
            let edit = match (a.update, a.remove) {
                (_, true) => Edit::Remove,
                (Some(update), false) => Edit::Update(update),
                (None, false) => {
                    return Err(fail(
                        Some(i),
                        "the action has neither `update` nor `remove: true`".into(),
                    ))
                }
            };
            actions.push(Action {
                target: a.target,
                path,
                description: a.description,
                scope,
                edit,
            });
        }
        let sha = Sha256::digest(bytes);
        Ok(Self {
            sha256: sha.iter().map(|b| format!("{b:02x}")).collect(),
            name,
            title: raw.info.title,
            version: raw.info.version,
            actions,
        })
    }

    /// How many actions it has.
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    /// Applies every action in order to `doc` (the imported slice), leaving out those about an
    /// operation or component it does not hold. Fails, naming the action, when a target
    /// selects nothing in what the slice holds, or an update does not fit the node it selects;
    /// `doc` may then be partly updated.
    pub fn apply(&self, doc: &mut Value) -> Result<Applied, Error> {
        let mut out = Applied::default();
        for (i, action) in self.actions.iter().enumerate() {
            if action.scope.is_in(doc) {
                self.apply_action(i, action, doc)?;
                out.applied += 1;
            } else {
                out.not_applicable.push(NotApplicable {
                    action: i + 1,
                    name: ActionName(action).to_string(),
                    reason: format!("{} is not in the imported slice", action.scope),
                });
            }
        }
        Ok(out)
    }

    fn apply_action(&self, i: usize, action: &Action, doc: &mut Value) -> Result<(), Error> {
        let fail = |message: String| Error::Overlay {
            file: self.name.clone(),
            action: Some(i + 1),
            message: format!("{}: {message}", ActionName(action)),
        };
        let mut pointers: Vec<String> = action
            .path
            .query_located(doc)
            .dedup()
            .locations()
            .map(|p| p.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            let inside = match action.scope {
                Scope::Document => String::new(),
                ref s => format!(" inside {s}, which the import keeps"),
            };
            return Err(fail(format!(
                "its target selects nothing{inside} (the overlay is stale: fix the target, \
                 or drop the action if the fact no longer applies)"
            )));
        }
        match &action.edit {
            Edit::Update(update) => {
                for pointer in &pointers {
                    // The pointer was just produced from this document.
                    let Some(node) = doc.pointer_mut(pointer) else {
                        continue;
                    };
                    merge_into(node, update).map_err(|m| fail(format!("at #{pointer}: {m}")))?;
                }
            }
            Edit::Remove => {
                // Deepest and last first, so removing one node never moves another selected one.
                pointers.sort_by(|a, b| compare_pointers(b, a));
                for pointer in &pointers {
                    if pointer.is_empty() {
                        return Err(fail("cannot remove the whole document".into()));
                    }
                    remove_at(doc, pointer);
                }
            }
        }
        Ok(())
    }

    /// What `spec/source.json` records about this overlay, and the actions of it that were
    /// not applicable (`not_applicable`, only when there are any).
    pub fn provenance(&self, applied: &Applied) -> Value {
        let mut p = serde_json::json!({
            "file": self.name,
            "sha256": self.sha256,
            "title": self.title,
            "version": self.version,
            "actions": self.actions.len(),
        });
        if !applied.not_applicable.is_empty() {
            p["not_applicable"] = applied
                .not_applicable
                .iter()
                .map(
                    |n| serde_json::json!({"action": n.action, "name": n.name, "reason": n.reason}),
                )
                .collect();
        }
        p
    }
}

/// An action as errors name it: its description, else its target.
struct ActionName<'a>(&'a Action);

impl fmt::Display for ActionName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.description {
            Some(d) => write!(f, "{d:?} (target {})", self.0.target),
            None => write!(f, "target {}", self.0.target),
        }
    }
}

/// Overlay 1.0 update semantics: an object update merges into an object member by member
/// (recursively for object members, replacing anything else); an array node gets the update
/// appended (each element of an array update). A primitive node cannot be updated.
fn merge_into(node: &mut Value, update: &Value) -> Result<(), String> {
    match (node, update) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update);
            Ok(())
        }
        (Value::Array(target), Value::Array(items)) => {
            target.extend(items.iter().cloned());
            Ok(())
        }
        (Value::Array(target), item) => {
            target.push(item.clone());
            Ok(())
        }
        (Value::Object(_), _) => Err("an object can only be updated with an object".into()),
        (other, _) => Err(format!(
            "the target selects a {}, which cannot be updated (only objects and arrays can)",
            kind(other)
        )),
    }
}

fn merge_objects(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (k, v) in update {
        match (target.get_mut(k), v) {
            (Some(Value::Object(t)), Value::Object(u)) => merge_objects(t, u),
            _ => {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// RFC 6901 segments of a pointer produced by `serde_json_path` (never empty here).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Orders pointers segment by segment, array indices numerically.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (segments(a), segments(b));
    for (x, y) in a.iter().zip(&b) {
        let ord = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if ord.is_ne() {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

fn remove_at(doc: &mut Value, pointer: &str) {
    let mut segs = segments(pointer);
    let Some(last) = segs.pop() else {
        return;
    };
    let parent_pointer: String = segs
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    match doc.pointer_mut(&parent_pointer) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
