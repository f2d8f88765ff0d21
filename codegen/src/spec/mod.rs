//! placeholder: filled in by the spec work
