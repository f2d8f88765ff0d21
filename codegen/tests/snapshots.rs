//! Snapshot tests of the generator's output for small fixture specs, one concern each.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and `git diff`).

use std::path::Path;

fn check(fixture: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let json = std::fs::read_to_string(&path).unwrap();
    let out = codegen::generate_from_json(&json).unwrap();
    let stem = fixture.trim_end_matches(".json");
    for (file, text) in &out.files {
        // support.rs and the module lists are the same for every fixture but still reviewed once.
        let name = format!(
            "{stem}__{}",
            file.replace('/', "__").trim_end_matches(".rs")
        );
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, text);
        });
    }
    let skipped: Vec<String> = out.skipped.iter().map(ToString::to_string).collect();
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{stem}__skipped"), skipped.join("\n"));
    });
}

#[test]
fn models() {
    check("models.json");
}

#[test]
fn recursion() {
    check("recursion.json");
}

#[test]
fn operations() {
    check("operations.json");
}
