//! Writing and checking generated files.
