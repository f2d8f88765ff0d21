//! The hand-written mock server's methods are exactly
//! [`codegen::runtime_surface::MOCK_SERVER_METHODS`], the names tag accessors never take (the
//! generated mock adds `mock.<tag>()` to the same type), and its sources name nothing generated
//! (`runtime_boundary.rs` covers them too, as part of the runtime).

use std::path::Path;

#[test]
fn mock_server_methods_are_the_reserved_list() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../genesys-client/src/runtime/mock/server.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let impl_start = text
        .find("impl MockServer {")
        .expect("server.rs has `impl MockServer`");
    let body = &text[impl_start..];
    let impl_end = body.find("\n}\n").expect("the impl block ends");
    let mut methods: Vec<&str> = body[..impl_end]
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l
                .strip_prefix("pub fn ")
                .or_else(|| l.strip_prefix("pub async fn "))
                .or_else(|| l.strip_prefix("pub(crate) fn "))
                .or_else(|| l.strip_prefix("pub(crate) async fn "))
                .or_else(|| l.strip_prefix("fn "))
                .or_else(|| l.strip_prefix("async fn "))?;
            rest.split(['(', '<']).next()
        })
        .collect();
    methods.sort_unstable();
    assert!(
        methods.len() >= 5,
        "methods not found in {}",
        path.display()
    );
    assert_eq!(methods, codegen::runtime_surface::MOCK_SERVER_METHODS);
}
