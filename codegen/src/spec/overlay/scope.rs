//! What an overlay action is about: one operation, one path, one component, or the document.
//!
//! An import of some tags keeps only their operations, so an action about an operation outside
//! the slice has nothing to do there: it is *not applicable*, not stale. Only when the
//! operation (or component) is in the imported document and the target selects nothing inside
//! it has the overlay gone stale. The scope is read off the target's leading name selectors
//! (`$.paths['/x'].get…`, `$.components.schemas.A…`); an action can name its operation
//! instead with `x-operation: "POST /path"` (a schema fact that exists for one operation).
//! A target whose leading selectors say neither is about the whole document: always
//! applicable, so a target selecting nothing there stays an error.

use serde_json::Value;
use std::fmt;

/// The part of the document an action is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// Anything: the action always applies.
    Document,
    /// A path item, by its path.
    Path(String),
    /// One operation: lowercase method and path.
    Operation { method: String, path: String },
    /// `components/<kind>/<name>`.
    Component { kind: String, name: String },
}

impl Scope {
    /// The scope a target's leading name selectors state.
    pub(super) fn of_target(target: &str) -> Self {
        let names = leading_names(target);
        match names.as_slice() {
            [p, path, method, ..]
                if p == "paths" && super::super::METHODS.contains(&method.as_str()) =>
            {
                Scope::Operation {
                    method: method.clone(),
                    path: path.clone(),
                }
            }
            [p, path, ..] if p == "paths" => Scope::Path(path.clone()),
            [c, kind, name, ..] if c == "components" => Scope::Component {
                kind: kind.clone(),
                name: name.clone(),
            },
            _ => Scope::Document,
        }
    }

    /// An `x-operation` value: `METHOD /path` (method in any case).
    pub(super) fn of_operation(s: &str) -> Option<Self> {
        let (method, path) = s.trim().split_once(' ')?;
        let method = method.to_ascii_lowercase();
        let path = path.trim();
        (super::super::METHODS.contains(&method.as_str()) && path.starts_with('/')).then(|| {
            Scope::Operation {
                method,
                path: path.to_owned(),
            }
        })
    }

    /// Whether the document holds what the action is about.
    pub(super) fn is_in(&self, doc: &Value) -> bool {
        let path_item = |p: &str| doc.get("paths").and_then(|ps| ps.get(p));
        match self {
            Scope::Document => true,
            Scope::Path(p) => path_item(p).is_some(),
            Scope::Operation { method, path } => {
                path_item(path).and_then(|i| i.get(method)).is_some()
            }
            Scope::Component { kind, name } => doc
                .get("components")
                .and_then(|c| c.get(kind))
                .and_then(|k| k.get(name))
                .is_some(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Document => f.write_str("the document"),
            Scope::Path(p) => write!(f, "path {p}"),
            Scope::Operation { method, path } => {
                write!(f, "operation {} {path}", method.to_ascii_uppercase())
            }
            Scope::Component { kind, name } => write!(f, "components/{kind}/{name}"),
        }
    }
}

/// The member names a JSONPath (RFC 9535) selects one after the other from its root, up to the
/// first selector that is not a single name (a wildcard, filter, index, union or descendant
/// segment). `$.paths['/a/{b}'].get.parameters[?…]` → `paths`, `/a/{b}`, `get`, `parameters`.
fn leading_names(target: &str) -> Vec<String> {
    let mut names = Vec::new();
    let Some(mut rest) = target.trim().strip_prefix('$') else {
        return names;
    };
    loop {
        if rest.starts_with("..") {
            break;
        }
        if let Some(r) = rest.strip_prefix('.') {
            // member-name-shorthand: a letter, `_` or non-ASCII, then those or digits.
            let end = r
                .char_indices()
                .find(|&(i, c)| {
                    !(c == '_'
                        || !c.is_ascii()
                        || c.is_ascii_alphabetic()
                        || (i > 0 && c.is_ascii_digit()))
                })
                .map_or(r.len(), |(i, _)| i);
            if end == 0 {
                break;
            }
            names.push(r[..end].to_owned());
            rest = &r[end..];
            continue;
        }
        let Some(r) = rest.strip_prefix('[') else {
            break;
        };
        let Some((name, r)) = string_literal(r.trim_start()) else {
            break;
        };
        let Some(r) = r.trim_start().strip_prefix(']') else {
            break;
        };
        names.push(name);
        rest = r;
    }
    names
}

/// A quoted name at the start of `s` and what follows it; `None` when `s` does not start with
/// one this reader understands (then the scope falls back to the whole document: stricter).
fn string_literal(s: &str) -> Option<(String, &str)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut out = String::new();
    let mut chars = s[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, e) = chars.next()?;
                out.push(match e {
                    '\\' | '/' | '\'' | '"' => e,
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => return None,
                });
            }
            c if c == quote => return Some((out, &s[1 + i + 1..])),
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scope_is_read_off_the_leading_name_selectors() {
        let op = |m: &str, p: &str| Scope::Operation {
            method: m.into(),
            path: p.into(),
        };
        let cases = [
            (
                "$.paths['/api/v2/users/presences/{sourceId}/bulk'].get.parameters[?@.in == 'query'].schema",
                op("get", "/api/v2/users/presences/{sourceId}/bulk"),
            ),
            ("$['paths'][\"/a\"]['post']", op("post", "/a")),
            ("$.paths[ '/it\\'s' ].delete", op("delete", "/it's")),
            ("$.paths['/a'].parameters", Scope::Path("/a".into())),
            ("$.paths['/a']", Scope::Path("/a".into())),
            (
                "$.components.schemas.Batch.properties[?@.type == 'array']",
                Scope::Component {
                    kind: "schemas".into(),
                    name: "Batch".into(),
                },
            ),
            ("$.components.schemas.*", Scope::Document),
            ("$.paths[*].get", Scope::Document),
            ("$..parameters", Scope::Document),
            ("$.paths['/a','/b'].get", Scope::Document),
            ("$.info", Scope::Document),
            ("$", Scope::Document),
            ("$.paths['/\\u0041'].get", Scope::Document),
        ];
        for (target, expected) in cases {
            assert_eq!(Scope::of_target(target), expected, "{target}");
            // Every case is a JSONPath the overlay reader accepts.
            assert!(serde_json_path::JsonPath::parse(target).is_ok(), "{target}");
        }
    }

    #[test]
    fn x_operation_names_method_and_path() {
        assert_eq!(
            Scope::of_operation("POST /api/v2/events/users/presence"),
            Some(Scope::Operation {
                method: "post".into(),
                path: "/api/v2/events/users/presence".into()
            })
        );
        for bad in ["POST", "FETCH /a", "GET a", ""] {
            assert_eq!(Scope::of_operation(bad), None, "{bad}");
        }
    }

    #[test]
    fn membership() {
        let doc = json!({"paths": {"/a": {"get": {}}}, "components": {"schemas": {"A": {}}}});
        assert!(Scope::of_target("$.paths['/a'].get").is_in(&doc));
        assert!(!Scope::of_target("$.paths['/a'].put").is_in(&doc));
        assert!(Scope::of_target("$.paths['/a'].parameters").is_in(&doc));
        assert!(!Scope::of_target("$.paths['/b']").is_in(&doc));
        assert!(Scope::of_target("$.components.schemas.A.properties").is_in(&doc));
        assert!(!Scope::of_target("$.components.schemas.B").is_in(&doc));
        assert!(Scope::Document.is_in(&json!({})));
        assert_eq!(
            Scope::of_operation("put /a").unwrap().to_string(),
            "operation PUT /a"
        );
    }
}
