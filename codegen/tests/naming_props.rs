//! Property tests of the identifier mapping: whatever the wire name, the result is a valid,
//! non-keyword Rust identifier, and names claimed in one scope never collide.

use codegen::ir::naming::{is_keyword, pascal, pascal_concat, snake, Scope};
use proptest::prelude::*;

fn valid_ident(s: &str) -> bool {
    !is_keyword(s) && syn::parse_str::<syn::Ident>(s).is_ok() && s.is_ascii()
}

/// rustc's `non_camel_case_types` rule: no `__`, no cased character next to an underscore
/// (leading and trailing underscores aside).
fn camel_case(s: &str) -> bool {
    let s = s.trim_matches('_');
    let chars: Vec<char> = s.chars().collect();
    !s.starts_with(|c: char| c.is_lowercase())
        && !s.contains("__")
        && !chars
            .windows(2)
            .any(|w| (w[0].is_alphabetic() && w[1] == '_') || (w[1].is_alphabetic() && w[0] == '_'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn pascal_is_always_a_valid_identifier(name in any::<String>()) {
        let id = pascal(&name, "Fallback");
        prop_assert!(valid_ident(&id), "{name:?} → {id:?}");
    }

    /// Type names built from other names (`{Tag}Api`, `{Parent}{Field}`) stay valid and camel case.
    #[test]
    fn concatenated_pascal_names_are_valid_camel_case(a in any::<String>(), b in any::<String>()) {
        let pa = pascal(&a, "A");
        let id = pascal_concat(&[&pa, &pascal(&b, "B")]);
        prop_assert!(valid_ident(&id) && camel_case(&id), "{a:?} + {b:?} → {id:?}");
        prop_assert!(camel_case(&pa), "{a:?} → {pa:?}");
    }

    #[test]
    fn snake_is_always_a_valid_identifier(name in any::<String>()) {
        let id = snake(&name, "fallback");
        prop_assert!(valid_ident(&id), "{name:?} → {id:?}");
        // rustc's `non_snake_case`: no upper case, no `__`.
        prop_assert!(
            !id.chars().any(char::is_uppercase) && !id.trim_matches('_').contains("__"),
            "{name:?} → {id:?}"
        );
    }

    #[test]
    fn names_in_one_scope_are_distinct(names in proptest::collection::vec(any::<String>(), 1..40)) {
        let mut fields = Scope::new();
        let mut types = Scope::new();
        let mut files = Scope::case_insensitive();
        let mut seen_fields = std::collections::BTreeSet::new();
        let mut seen_types = std::collections::BTreeSet::new();
        let mut seen_files = std::collections::BTreeSet::new();
        for n in &names {
            let f = fields.claim(&snake(n, "field"));
            let t = types.claim(&pascal(n, "Type"));
            let file = files.claim(&snake(n, "model"));
            prop_assert!(valid_ident(&f) && valid_ident(&t) && valid_ident(&file), "{n:?} → {f:?} {t:?} {file:?}");
            prop_assert!(seen_fields.insert(f.clone()), "field {f:?} claimed twice");
            prop_assert!(seen_types.insert(t.clone()), "type {t:?} claimed twice");
            prop_assert!(seen_files.insert(file.to_lowercase()), "file {file:?} claimed twice");
        }
    }

    /// Names that differ only in case or punctuation (`user_id`/`userId`, `Type`/`type`) are the
    /// collisions Genesys documents actually have.
    #[test]
    fn case_and_punctuation_variants_stay_distinct(base in "[a-z]{1,8}(_[a-z]{1,8}){0,2}") {
        let camel = heck::ToLowerCamelCase::to_lower_camel_case(base.as_str());
        let upper = base.to_uppercase();
        let mut scope = Scope::new();
        let a = scope.claim(&snake(&base, "f"));
        let b = scope.claim(&snake(&camel, "f"));
        let c = scope.claim(&snake(&upper, "f"));
        prop_assert!(a != b && b != c && a != c);
    }
}
