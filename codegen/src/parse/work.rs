//! Counts of the work lowering does, so tests can prove deterministically (no timers) that it
//! grows linearly with the document: wrapped references lowered again at each use once made it
//! exponential while the output stayed small.

/// What one [`lower_counted`](super::lower_counted) run did. Not a stable API.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Schemas looked at: named schemas lowered, and every schema a type was derived from.
    pub schemas: u64,
    /// `allOf` parts visited: merged, unwrapped, or walked to order the lowering.
    pub all_of_parts: u64,
    /// IR nodes built: types, fields (copies merged from other types included), enum variants.
    pub ir_nodes: u64,
    /// Steps of the whole-graph passes: recursive aliases, containment cycles, `Eq`/`Hash`.
    pub graph_steps: u64,
}

impl Work {
    /// Everything counted.
    pub fn total(&self) -> u64 {
        self.schemas + self.all_of_parts + self.ir_nodes + self.graph_steps
    }
}
