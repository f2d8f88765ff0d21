//! Two copies of the workspace, one target directory: each `cargo xtask` works on the copy it
//! runs in.
//!
//! This is the situation of a global `CARGO_TARGET_DIR`, git worktrees or a CI cache: cargo
//! builds xtask once and runs that binary in every checkout. The copies keep the files'
//! modification times, so cargo finds the build of this checkout fresh and reuses it for both:
//! no compile beyond what `cargo xtask` already needed here (CI runs `cargo xtask codegen
//! --check` before the tests), and the test exercises exactly a binary built for another
//! checkout. (Should the root ever be fixed at compile time again, the commands run in copy B
//! write into this checkout: the test then fails saying so, and git restores it.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a copy needs for `cargo xtask`: the workspace manifests, its members and `spec/`.
const PARTS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "README.md",
    ".cargo",
    "codegen",
    "genesys-client",
    "spec",
    "xtask",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Copies `from` to `to`, keeping modification times, without `target/` directories.
fn copy_tree(from: &Path, to: &Path) {
    let meta = std::fs::metadata(from).unwrap();
    if meta.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name() == "target" {
                continue;
            }
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        let file = std::fs::File::options().write(true).open(to).unwrap();
        file.set_modified(meta.modified().unwrap()).unwrap();
    }
}

/// Every file below `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// What `cargo xtask` writes in a checkout, file by file: `spec/`, the generated tree and the
/// client's manifest (its generated features block).
fn state(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for dir in ["spec", "genesys-client/src/generated"] {
        for (rel, bytes) in snapshot(&root.join(dir)) {
            out.insert(Path::new(dir).join(rel), bytes);
        }
    }
    let manifest = "genesys-client/Cargo.toml";
    out.insert(manifest.into(), std::fs::read(root.join(manifest)).unwrap());
    out
}

/// The files that differ between two states (changed, added or removed).
fn changed(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// `cargo xtask <args>` run in `dir` against the shared `target`, as a maintainer's shell would
/// (none of the variables cargo sets for this test).
fn xtask(dir: &Path, target: &Path, args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("xtask").args(args).current_dir(dir);
    // What cargo sets for a test process (a user's configuration, `CARGO_HOME`,
    // `CARGO_BUILD_*`…, is kept so the build is the one `cargo xtask` already made).
    let set_by_cargo = |key: &str| {
        key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_BIN_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
            ]
            .contains(&key)
    };
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if set_by_cargo(&key) {
            cmd.env_remove(&key);
        }
    }
    let out = cmd
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("running cargo xtask");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "cargo xtask {args:?} in {} failed:\n{text}",
        dir.display()
    );
    text
}

#[test]
fn each_checkout_regenerates_itself_only() {
    // The target directory of this test run is the shared one: xtask is already built there.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("two-checkouts");
    let _ = std::fs::remove_dir_all(&scratch);
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    for copy in [&a, &b] {
        for part in PARTS {
            copy_tree(&workspace().join(part), &copy.join(part));
        }
    }
    let original = state(&workspace());
    let before = state(&a);
    assert!(changed(&before, &state(&b)).is_empty());

    // Copy A uses the shared build first.
    xtask(&a, target, &["codegen", "--check"]);

    // Copy B imports another document and regenerates, from subdirectories of its own.
    let doc = b.join("codegen/tests/fixtures/operations.json");
    let imported = xtask(
        &b.join("genesys-client"),
        target,
        // The project's overlays name Genesys operations, outside this slice: listed as not
        // applicable, not an error (a maintainer's other tag selection works the same way).
        &["spec", "import", doc.to_str().unwrap()],
    );
    assert!(imported.contains("not applicable: action"), "{imported}");
    let said = xtask(&b.join("xtask/src"), target, &["codegen"]);
    assert!(said.contains("generated "), "{said}");

    let in_b = changed(&before, &state(&b));
    for expected in [
        "spec/platform-api.json",
        "spec/source.json",
        "genesys-client/src/generated/operations/mod.rs",
        // The fixture's tag, in place of Events and Presence.
        "genesys-client/src/generated/operations/things.rs",
        "genesys-client/src/generated/operations/presence.rs",
        // Its features block: the fixture's tag is a feature now.
        "genesys-client/Cargo.toml",
    ] {
        assert!(
            in_b.contains(&PathBuf::from(expected)),
            "{expected} unchanged in copy B; changed: {in_b:?}"
        );
    }
    let manifest = std::fs::read_to_string(b.join("genesys-client/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nthings = []\n"), "{manifest}");
    // The committed defaults name tags this selection lacks: left out, and said so.
    assert!(said.contains("default feature `presence`"), "{said}");
    xtask(&b, target, &["codegen", "--check"]);

    let in_a = changed(&before, &state(&a));
    assert!(
        in_a.is_empty(),
        "commands run in copy B changed copy A: {in_a:?}"
    );
    let here = changed(&original, &state(&workspace()));
    assert!(
        here.is_empty(),
        "commands run in copy B changed this checkout (restore it with git): {here:?}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}
