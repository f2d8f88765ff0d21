//! Lowering cost grows linearly with the document, proven by counting (not timing) the work
//! for graphs of N = 50, 100, 200, 400 schemas whose uses fan out through `allOf` wrappers,
//! merges, arrays and maps (`tests/support/graphs.rs`). Wrapped references were once lowered
//! again at every use: 2^N work for the issue's `S0 … S(N-1)` chain, whose output is small.

#[path = "support/graphs.rs"]
mod graphs;

use codegen::parse::Work;

const SIZES: [usize; 4] = [50, 100, 200, 400];

/// N, the work counted, input bytes, output bytes.
type Row = (usize, Work, usize, usize);

fn measure(doc: &serde_json::Value) -> (Work, usize, usize) {
    let input = serde_json::to_vec(doc).unwrap().len();
    let api = codegen::openapi_from_value(doc).unwrap();
    let (ir, work) = codegen::parse::lower_counted(&api);
    let ir = ir.unwrap_or_else(|e| panic!("{e}"));
    let files = codegen::emit::emit(&ir).unwrap_or_else(|e| panic!("{e}"));
    let output = files.files.values().map(String::len).sum();
    (work, input, output)
}

/// `count(n)` stays within 10 % (plus a constant) of `count(50)` scaled linearly to `n`.
fn assert_linear(family: &str, what: &str, counts: &[(usize, u64)]) {
    let (n0, c0) = counts[0];
    for &(n, c) in counts {
        let bound = c0 as f64 * (n as f64 / n0 as f64) * 1.1 + 64.0;
        assert!(
            c as f64 <= bound,
            "{family}: {what} grows faster than N: {counts:?} (N = {n}: {c} > {bound:.0})"
        );
    }
}

#[test]
fn lowering_work_grows_linearly() {
    for (family, build) in graphs::families() {
        let rows: Vec<Row> = SIZES
            .iter()
            .map(|&n| {
                let (work, input, output) = measure(&build(n));
                (n, work, input, output)
            })
            .collect();
        for (n, w, input, output) in &rows {
            eprintln!(
                "{family:>14} N={n:<4} schemas={:<6} allOf parts={:<6} IR nodes={:<6} graph steps={:<6} total={:<7} input={input} B output={output} B",
                w.schemas, w.all_of_parts, w.ir_nodes, w.graph_steps, w.total()
            );
        }
        let column = |f: &dyn Fn(&Row) -> u64| -> Vec<(usize, u64)> {
            rows.iter().map(|r| (r.0, f(r))).collect()
        };
        assert_linear(family, "schemas lowered", &column(&|r| r.1.schemas));
        assert_linear(
            family,
            "allOf parts visited",
            &column(&|r| r.1.all_of_parts),
        );
        assert_linear(family, "IR nodes built", &column(&|r| r.1.ir_nodes));
        assert_linear(family, "graph pass steps", &column(&|r| r.1.graph_steps));
        assert_linear(family, "total work", &column(&|r| r.1.total()));
        assert_linear(family, "input size", &column(&|r| r.2 as u64));
        assert_linear(family, "output size", &column(&|r| r.3 as u64));
        // The work is really counted: a document of N schemas lowers at least N of them.
        for (n, w, _, _) in &rows {
            assert!(
                w.schemas >= *n as u64 && w.ir_nodes >= *n as u64,
                "{family}: {w:?}"
            );
        }
    }
}

/// The 400-byte document: two schemas that refer to each other through wrappers.
#[test]
fn wrapped_mutual_recursion_generates() {
    let doc = serde_json::json!({"openapi":"3.0.0","info":{"title":"t","version":"1"},
    "paths":{"/t":{"get":{"operationId":"getT","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/ColumnInfo"}}}}}}}},
    "components":{"schemas":{
     "Type":{"type":"object","properties":{"ArrayColumnInfo":{"allOf":[{"$ref":"#/components/schemas/ColumnInfo"},{"description":"array"}]}}},
     "ColumnInfo":{"type":"object","required":["Type"],"properties":{"Type":{"allOf":[{"$ref":"#/components/schemas/Type"},{"description":"the column type"}]}}}
    }}});
    let api = codegen::openapi_from_value(&doc).unwrap();
    let ir = codegen::parse::lower(&api).unwrap();
    // The wrappers are the referenced types (no inline copies), described by their annotation.
    let names: Vec<&str> = ir.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["ColumnInfo", "Type"]);
    let codegen::ir::TypeKind::Struct(column) = &ir.types["ColumnInfo"].kind else {
        panic!("ColumnInfo is a struct");
    };
    let field = &column.fields[0];
    assert_eq!(field.ty, codegen::ir::TypeRef::Named("Type".into()));
    assert_eq!(field.docs.text.as_deref(), Some("the column type"));
    // ColumnInfo → Type → ColumnInfo by value: exactly one field of the cycle is boxed.
    let codegen::ir::TypeKind::Struct(ty) = &ir.types["Type"].kind else {
        panic!("Type is a struct");
    };
    assert_eq!(
        u8::from(field.boxed) + u8::from(ty.fields[0].boxed),
        1,
        "{column:?} {ty:?}"
    );
    codegen::emit::emit(&ir).unwrap();
}

/// An inline merge is lowered after the component declaring it, yet a defect in it still
/// leaves that component out (with whatever contains it), not the document.
#[test]
fn a_defective_inline_merge_skips_its_component() {
    let doc = serde_json::json!({"openapi":"3.0.0","info":{"title":"t","version":"1"},
    "paths":{"/z":{"get":{"operationId":"getZ","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Z"}}}}}}}},
    "components":{"schemas":{
     "A":{"type":"object","properties":{"x":{"type":"string"}}},
     "B":{"type":"integer"},
     "X":{"type":"object","properties":{"p":{"allOf":[{"$ref":"#/components/schemas/A"},{"$ref":"#/components/schemas/B"}]}}},
     "Y":{"type":"object","properties":{"q":{"$ref":"#/components/schemas/X"}}},
     "Z":{"type":"object","properties":{"ok":{"type":"string"}}}
    }}});
    let api = codegen::openapi_from_value(&doc).unwrap();
    let ir = codegen::parse::lower(&api).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = ir.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["A", "B", "Z"]);
    let skipped: Vec<String> = ir.skipped.iter().map(ToString::to_string).collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("'X'") && s.contains("allOf part is not an object schema"))
            && skipped
                .iter()
                .any(|s| s.contains("'Y'") && s.contains("contains schema 'X'")),
        "{skipped:#?}"
    );
}
