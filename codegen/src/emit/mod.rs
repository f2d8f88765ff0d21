//! IR → Rust files.
use crate::{ir, Error, Output};

/// Emits every file of the `generated/` tree.
pub fn emit(_api: &ir::Api) -> Result<Output, Error> {
    Ok(Output::default())
}
