//! Fuzzes spec loading, the Swagger 2.0 → OpenAPI 3.0 upgrade, slicing and IR building.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codegen::fuzz_pipeline(data);
});
