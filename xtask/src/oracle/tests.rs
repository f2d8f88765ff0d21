//! The pairs, their recording, and the agreement of `cargo xtask diff` with the recorded
//! findings of cargo-semver-checks.

use super::*;
use crate::project_root;
use codegen::diff::{Change, ChangeKind, Impact};
use codegen::ir::{Api, TypeRef};
use std::collections::BTreeSet;
use std::path::PathBuf;

const JAVA: &str = "history/presence-era-java.swagger.json";
const RUBY: &str = "history/presence-era-ruby.swagger.json";
const NOW: &str = "genesys-platform-api-2025-events-presence.swagger.json";
const P2017: &str = "genesys-platform-api-2017-09.swagger.json";

/// The ten mutations `codegen/tests/diff_history.rs` applies to the 2017 document (same
/// order, same values).
const MUTATIONS_2017: [&str; 10] = [
    "DELETE /api/v2/presencedefinitions/{presenceId} removed",
    "GET /api/v2/presence/zz added",
    "GET /api/v2/presencedefinitions/{presenceId} deprecated",
    "PUT /api/v2/presencedefinitions/{presenceId} permissions ALL of [presence:presenceDefinition:edit]",
    "GET /api/v2/presencedefinitions gains optional query parameter zz",
    "UserPresence.message removed",
    "User.state gains enum value suspended",
    "schema ZzNew added",
    "User.version int32 → int64",
    "User.name readOnly",
];

/// Mutations of `codegen/tests/fixtures/diff/base.json` (as in `diff_mutations.rs`, several
/// at once on distinct items): needs no `../shared`, so CI always checks this pair.
const MUTATIONS_FIXTURE: [&str; 7] = [
    "GET /api/v2/things/{thingId}/state removed",
    "GET /api/v2/things/{thingId} gains required query parameter divisionId",
    "GET /api/v2/things deprecated",
    "Thing.size readOnly (Thing is the PUT body)",
    "schema Other removed",
    "Thing.state loses enum value inactive",
    "ThingListing gains required field pageCount",
];

fn mutate_fixture(old: &Value) -> Value {
    let mut new = old.clone();
    let things = "/paths/~1api~1v2~1things";
    if let Some(p) = new["paths"].as_object_mut() {
        p.remove("/api/v2/things/{thingId}/state");
    }
    if let Some(a) = new
        .pointer_mut(&format!("{things}~1{{thingId}}/get/parameters"))
        .and_then(Value::as_array_mut)
    {
        a.push(json!({ "name": "divisionId", "in": "query", "required": true, "schema": { "type": "string" } }));
    }
    if let Some(v) = new.pointer_mut(&format!("{things}/get")) {
        v["deprecated"] = json!(true);
    }
    let thing = "/components/schemas/Thing/properties";
    if let Some(v) = new.pointer_mut(&format!("{thing}/size")) {
        v["readOnly"] = json!(true);
    }
    if let Some(o) = new["components"]["schemas"].as_object_mut() {
        o.remove("Other");
    }
    if let Some(v) = new.pointer_mut(&format!("{thing}/state")) {
        v["enum"] = json!(["active"]);
    }
    let listing = &mut new["components"]["schemas"]["ThingListing"];
    listing["properties"]["pageCount"] = json!({ "type": "integer" });
    listing["required"] = json!(["pageCount"]);
    new
}

fn mutate_2017(old: &Value) -> Value {
    let mut new = old.clone();
    let op = |m: &str| format!("/paths/~1api~1v2~1presencedefinitions~1{{presenceId}}/{m}");
    let user = "/components/schemas/User/properties";
    if let Some(item) = new
        .pointer_mut("/paths/~1api~1v2~1presencedefinitions~1{presenceId}")
        .and_then(Value::as_object_mut)
    {
        item.remove("delete");
    }
    new["paths"]["/api/v2/presence/zz"] = json!({ "get": { "operationId": "getZz", "responses": { "204": { "description": "No Content" } } } });
    if let Some(v) = new.pointer_mut(&op("get")) {
        v["deprecated"] = json!(true);
    }
    if let Some(v) = new.pointer_mut(&op("put")) {
        v["x-inin-requires-permissions"] =
            json!({ "type": "ALL", "permissions": ["presence:presenceDefinition:edit"] });
    }
    if let Some(a) = new
        .pointer_mut("/paths/~1api~1v2~1presencedefinitions/get/parameters")
        .and_then(Value::as_array_mut)
    {
        a.push(json!({ "name": "zz", "in": "query", "schema": { "type": "string" } }));
    }
    if let Some(p) = new
        .pointer_mut("/components/schemas/UserPresence/properties")
        .and_then(Value::as_object_mut)
    {
        p.remove("message");
    }
    if let Some(a) = new
        .pointer_mut(&format!("{user}/state/enum"))
        .and_then(Value::as_array_mut)
    {
        a.push(json!("suspended"));
    }
    new["components"]["schemas"]["ZzNew"] =
        json!({ "type": "object", "properties": { "a": { "type": "string" } } });
    if let Some(v) = new.pointer_mut(&format!("{user}/version")) {
        v["format"] = json!("int64");
    }
    if let Some(v) = new.pointer_mut(&format!("{user}/name")) {
        v["readOnly"] = json!(true);
    }
    new
}

/// A reference document (loaded as `cargo xtask diff` loads it); `None` (skipped, with the
/// reason printed) when `../shared` is absent, a failure when `CI` is set.
fn shared(file: &str) -> Option<Value> {
    let path = project_root().join("../shared/reference").join(file);
    if !path.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is required when CI is set",
            path.display()
        );
        eprintln!(
            "skipped: {} not found (../shared is not beside this checkout)",
            path.display()
        );
        return None;
    }
    Some(codegen::spec::load(&std::fs::read(&path).unwrap()).unwrap())
}

/// A recorded pair: its name, the record's `old`/`new`, and both documents.
struct Pair {
    name: &'static str,
    old_name: String,
    new_name: String,
    mutations: &'static [&'static str],
    old: Value,
    new: Value,
}

/// Every recorded pair: the fixture's always, the reference documents' when `../shared` is
/// there (skipped with the reason printed otherwise, a failure when `CI` is set).
fn pairs() -> Vec<Pair> {
    let fixture = "codegen/tests/fixtures/diff/base.json";
    let base: Value =
        serde_json::from_slice(&std::fs::read(project_root().join(fixture)).unwrap()).unwrap();
    let mut out = vec![Pair {
        name: "fixture-mutations",
        old_name: fixture.to_owned(),
        new_name: fixture.to_owned(),
        mutations: &MUTATIONS_FIXTURE,
        new: mutate_fixture(&base),
        old: base,
    }];
    let (Some(java), Some(ruby), Some(now), Some(p2017)) =
        (shared(JAVA), shared(RUBY), shared(NOW), shared(P2017))
    else {
        return out;
    };
    let r = |f: &str| format!("../shared/reference/{f}");
    let mutated = mutate_2017(&p2017);
    out.extend([
        Pair {
            name: "java-to-ruby",
            old_name: r(JAVA),
            new_name: r(RUBY),
            mutations: &[],
            old: java,
            new: ruby.clone(),
        },
        Pair {
            name: "ruby-to-2025",
            old_name: r(RUBY),
            new_name: r(NOW),
            mutations: &[],
            old: ruby,
            new: now,
        },
        Pair {
            name: "2017-ten-mutations",
            old_name: r(P2017),
            new_name: r(P2017),
            mutations: &MUTATIONS_2017,
            old: p2017,
            new: mutated,
        },
    ]);
    out
}

fn data_dir() -> PathBuf {
    project_root().join("xtask/tests/data/semver_oracle")
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

/// Re-records every pair (needs cargo-semver-checks; see the module docs).
#[test]
#[ignore = "runs cargo-semver-checks (install it first); re-records xtask/tests/data/semver_oracle"]
fn record_semver_oracle() {
    let pairs = pairs();
    assert_eq!(pairs.len(), 4, "../shared is needed to record every pair");
    std::fs::create_dir_all(data_dir()).unwrap();
    for p in pairs {
        let c = crate::diff::compare(
            &crate::diff::Input::spec(bytes(&p.old)),
            &crate::diff::Input::spec(bytes(&p.new)),
        )
        .unwrap();
        let g = c.code.as_ref().unwrap();
        let run = run(g).unwrap();
        let rec = record(&p.old_name, &p.new_name, p.mutations, &run);
        let text = serde_json::to_string_pretty(&rec).unwrap() + "\n";
        std::fs::write(data_dir().join(format!("{}.json", p.name)), text).unwrap();
    }
}

/// The Rust item a finding is about, as `Type` or `Type::member`
/// (`field message of struct UserPresence` → `UserPresence::message`,
/// `genesys_platform_check::models::LocationDefinition::new takes …` →
/// `LocationDefinition::new`, `struct …::operations::presence::GetX` → `GetX`).
fn owner(item: &str) -> String {
    let head = [", previously", " takes ", " in new/", " in old/"]
        .iter()
        .fold(item, |h, cut| h.split(cut).next().unwrap_or(h));
    if let Some(rest) = head.strip_prefix("field ") {
        if let Some((field, ty)) = rest.split_once(" of struct ") {
            return format!("{}::{field}", owner(ty));
        }
    }
    let path = head.split_whitespace().last().unwrap_or_default();
    let segments: Vec<&str> = path
        .split("::")
        .skip_while(|s| !s.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    segments.join("::")
}

fn named(t: &TypeRef, out: &mut BTreeSet<String>) {
    let mut v = Vec::new();
    t.named(&mut v);
    out.extend(v);
}

/// The generated Rust items a change of ours touches, on either side, named as [`owner`]
/// names them: an operation's builder, its method on the tag API and its setters; a schema's
/// type; a field, its setter and the `new` of its struct; the types in those signatures and
/// the variants of enums among them.
fn touched(c: &Change, ir: [&Api; 2]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut types = BTreeSet::new();
    let mut words = c.location.split_whitespace();
    let first = words.next().unwrap_or_default();
    if first.chars().all(|ch| ch.is_ascii_uppercase()) {
        let path = words.next().unwrap_or_default();
        for api in ir {
            for t in &api.tags {
                for o in t
                    .operations
                    .iter()
                    .filter(|o| o.method.as_str() == first && o.path.as_str() == path)
                {
                    out.insert(o.builder.clone());
                    out.insert(format!("{}::{}", t.api_struct, o.fn_name));
                    out.insert(format!("{}::body", o.builder));
                    for p in &o.params {
                        out.insert(format!("{}::{}", o.builder, p.name));
                        named(&p.ty, &mut types);
                    }
                    if let Some(b) = &o.body {
                        named(&b.ty, &mut types);
                    }
                    if let Some(r) = &o.response.ty {
                        named(r, &mut types);
                    }
                }
            }
        }
    } else {
        let mut parts = c.location.split('.');
        let wire = parts.next().unwrap_or_default();
        let field = parts.next();
        for api in ir {
            for t in api.types.values().filter(|t| t.wire_name == wire) {
                types.insert(t.name.clone());
                let (Some(f), codegen::ir::TypeKind::Struct(s)) = (field, &t.kind) else {
                    continue;
                };
                for x in s.fields.iter().filter(|x| x.wire_name == f) {
                    out.insert(format!("{}::{}", t.name, x.name));
                    out.insert(format!("{}::with_{}", t.name, x.name.trim_end_matches('_')));
                    out.insert(format!("{}::new", t.name));
                    named(&x.ty, &mut types);
                }
            }
        }
    }
    for api in ir {
        for name in &types {
            if let Some(codegen::ir::TypeKind::Enum(e)) = api.get(name).map(|t| &t.kind) {
                out.extend(e.variants.iter().map(|v| format!("{name}::{}", v.name)));
            }
        }
    }
    out.extend(types);
    out
}

/// Breaking changes of ours that cargo-semver-checks does not report, each with the reason
/// the crate still breaks: `(pair, kind, location, why)`. The test also fails when an entry
/// is not needed any more.
const EXPLAINED: &[(&str, ChangeKind, &str, &str)] = &[
    (
        "fixture-mutations",
        ChangeKind::DerivesChanged,
        "ThingListing",
        "with a required field the struct no longer derives `Default`, so \
         `ThingListing::default()` stops compiling; cargo-semver-checks 0.51 reports the \
         `new` arity change but not the lost derive (`derive_trait_impl_removed` did not fire)",
    ),
    (
        "ruby-to-2025",
        ChangeKind::RequestBodyChanged,
        "PUT /api/v2/users/presences/bulk",
        "the body argument's type changes (`Vec<UserPresence>` → `Vec<MutableUserPresence>`): \
         cargo-semver-checks 0.51 has no lint for a changed parameter type",
    ),
    (
        "2017-ten-mutations",
        ChangeKind::PropertyTypeChanged,
        "User.version",
        "a pub field's type changes (`Option<i32>` → `Option<i64>`): no lint for changed \
         field types",
    ),
    (
        "2017-ten-mutations",
        ChangeKind::Renamed,
        "User.state",
        "the field's type changes from the shared `CreateQueueRequestState` (still there for \
         the others) to a new `UserState`: no lint for changed field types",
    ),
];

/// Every breaking change cargo-semver-checks found (recorded) is breaking in `cargo xtask
/// diff`, on the same Rust type; every breaking change of ours the tool did not find is in
/// [`EXPLAINED`]; and a minor-level finding (a deprecation) is at least reported.
#[test]
fn diff_agrees_with_cargo_semver_checks() {
    let pairs = pairs();
    let mut disagreements = Vec::new();
    let mut used = BTreeSet::new();
    for p in &pairs {
        let path = data_dir().join(format!("{}.json", p.name));
        let rec: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            rec["old"],
            json!(p.old_name),
            "{}: record of another pair",
            p.name
        );
        assert_eq!(
            rec["new"],
            json!(p.new_name),
            "{}: record of another pair",
            p.name
        );
        assert_eq!(
            rec["mutations"],
            json!(p.mutations),
            "{}: other mutations",
            p.name
        );
        let old_ir = codegen::diff::lower(&p.old).unwrap();
        let new_ir = codegen::diff::lower(&p.new).unwrap();
        let report = codegen::diff::diff_ir((&p.old, &old_ir), (&p.new, &new_ir));
        let ir = [&old_ir, &new_ir];
        let ours = |impacts: &[Impact]| -> BTreeSet<String> {
            report
                .changes
                .iter()
                .filter(|c| impacts.contains(&c.impact))
                .flat_map(|c| touched(c, ir))
                .collect()
        };
        let breaking = ours(&[Impact::Breaking]);
        let reported = ours(&[Impact::Breaking, Impact::Additive]);
        let findings = rec["findings"].as_array().unwrap();
        let mut owners = BTreeSet::new();
        for f in findings {
            let lint = f["lint"].as_str().unwrap();
            let major = f["required_update"] == "major";
            for item in f["items"].as_array().unwrap() {
                let o = owner(item.as_str().unwrap());
                let agrees = if major {
                    breaking.contains(&o)
                } else {
                    reported.contains(&o)
                };
                if !agrees {
                    disagreements.push(format!(
                        "{}: cargo-semver-checks `{lint}` ({}) on `{o}` ({item}), which `diff` \
                         does not report as {}",
                        p.name,
                        f["required_update"],
                        if major { "breaking" } else { "a change" }
                    ));
                }
                if major {
                    owners.insert(o);
                }
            }
        }
        for c in report
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
        {
            if touched(c, ir).iter().any(|t| owners.contains(t)) {
                continue;
            }
            match EXPLAINED
                .iter()
                .position(|e| e.0 == p.name && e.1 == c.kind && e.2 == c.location)
            {
                Some(i) => {
                    used.insert(i);
                }
                None => disagreements.push(format!(
                    "{}: `diff` calls {:?} at {} breaking ({}); cargo-semver-checks finds \
                     nothing on {:?}: explain it in EXPLAINED or fix the verdict",
                    p.name,
                    c.kind,
                    c.location,
                    c.detail,
                    touched(c, ir)
                )),
            }
        }
    }
    for (i, e) in EXPLAINED.iter().enumerate() {
        if !used.contains(&i) {
            disagreements.push(format!("EXPLAINED entry no longer needed: {e:?}"));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// The parser on the tool's own words (as printed by 0.51.0; its progress lines on stderr,
/// printed after, are not items).
#[test]
fn findings_are_parsed_from_the_text_output() {
    let out = "\
     Checked [   0.341s] 229 checks: 227 pass, 2 fail, 0 warn, 31 skip

--- failure inherent_method_missing: pub method removed or renamed ---

Description:
A publicly-visible method or associated fn is no longer available under its prior name.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove

Failed in:
  Location::with_floorplan_id, previously in file /s/old/src/generated/models/location.rs:49

--- warning struct_pub_field_missing: pub struct's pub field removed or renamed ---

Failed in:
  field message of struct UserPresence, previously in file /s/old/src/x.rs:3

     Summary semver requires new major version: 2 major and 0 minor checks failed
    Building genesys-platform-check v0.0.0 (current)
";
    let f = findings(out, Path::new("/s"));
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(f[0]["lint"], "inherent_method_missing");
    assert_eq!(
        f[0]["items"],
        json!(["Location::with_floorplan_id, previously in file old/src/generated/models/location.rs:49"])
    );
    assert_eq!(f[1]["lint"], "struct_pub_field_missing");
    assert_eq!(
        owner(f[0]["items"][0].as_str().unwrap()),
        "Location::with_floorplan_id"
    );
    assert_eq!(
        owner(f[1]["items"][0].as_str().unwrap()),
        "UserPresence::message"
    );
    assert_eq!(
        owner("genesys_platform_check::models::LocationDefinition::new takes 1 parameters in a"),
        "LocationDefinition::new"
    );
    assert_eq!(
        owner("struct genesys_platform_check::operations::presence::GetX, previously in file a"),
        "GetX"
    );
    assert_eq!(
        owner("method genesys_platform_check::operations::presence::PresenceApi::get_x in new/a"),
        "PresenceApi::get_x"
    );
}
