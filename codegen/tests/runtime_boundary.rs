//! The dependency direction between the hand-written runtime and generated code:
//!
//! - no file of the runtime (`genesys-client/src/runtime/`) names a generated module, so the
//!   runtime compiles beside code generated from ANY tag selection;
//! - every inherent method of the runtime's `Client` is public and listed in
//!   [`codegen::runtime_surface::CLIENT_METHODS`], the one list the generator reserves so a tag
//!   accessor never collides with a runtime method.

use std::path::{Path, PathBuf};

fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../genesys-client/src/runtime")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn runtime_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&runtime_dir(), &mut files);
    files.sort();
    assert!(files.len() >= 5, "runtime sources not found: {files:?}");
    files
}

/// Paths that reach generated code from inside the crate.
const GENERATED_PATHS: &[&str] = &[
    "crate::models",
    "crate::operations",
    "crate::generated",
    "crate::events",
    "crate :: models",
    "crate :: operations",
    "crate :: generated",
    "crate :: events",
];

#[test]
fn the_runtime_names_nothing_generated() {
    let mut offences = Vec::new();
    for file in runtime_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        // Token text too, so `use crate::{models::X}` and macros are caught.
        let tokens: String = text
            .parse::<proc_macro2::TokenStream>()
            .map(|t| t.to_string())
            .unwrap_or_default();
        for needle in GENERATED_PATHS {
            if text.contains(needle) || tokens.contains(needle) {
                offences.push(format!("{} names `{needle}`", file.display()));
            }
        }
        let braced = tokens.replace(' ', "");
        for module in ["models", "operations", "generated", "events"] {
            if braced.contains("usecrate::{")
                && braced
                    .split("usecrate::{")
                    .skip(1)
                    .any(|rest| rest.split('}').next().unwrap_or("").contains(module))
            {
                offences.push(format!("{} imports `crate::{{{module}…}}`", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the hand-written runtime must not depend on generated code:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_boundary_check_catches_a_generated_import() {
    let sample = "use crate::{runtime::Client, models::User};";
    let braced = sample
        .parse::<proc_macro2::TokenStream>()
        .unwrap()
        .to_string()
        .replace(' ', "");
    assert!(braced.contains("usecrate::{"));
    assert!(braced
        .split("usecrate::{")
        .nth(1)
        .unwrap()
        .contains("models"));
}

/// Inherent methods of `Client` in `items` (inline modules included): `(name, is_pub)`.
fn client_methods(items: &[syn::Item], out: &mut Vec<(String, bool)>) {
    for item in items {
        match item {
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let is_client = matches!(&*i.self_ty, syn::Type::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
                if !is_client {
                    continue;
                }
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        let public = matches!(f.vis, syn::Visibility::Public(_));
                        out.push((f.sig.ident.to_string(), public));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    client_methods(items, out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn client_methods_are_public_and_listed_in_one_place() {
    let mut found = Vec::new();
    for file in runtime_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        client_methods(&ast.items, &mut found);
    }
    let private: Vec<&str> = found
        .iter()
        .filter(|(_, public)| !public)
        .map(|(n, _)| n.as_str())
        .collect();
    assert!(
        private.is_empty(),
        "private inherent methods on `Client` could collide with a generated tag accessor; \
         move them to another type: {private:?}"
    );
    let mut names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names,
        codegen::runtime_surface::CLIENT_METHODS,
        "update codegen/src/runtime_surface.rs to match `Client`'s methods"
    );
}
