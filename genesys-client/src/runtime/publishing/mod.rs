//! Publishing into Genesys: what makes a type publishable (`batch`: [`BatchEvent`](batch::BatchEvent),
//! [`Draft`](batch::Draft)), the batch [`publish`]er with its exact account, and the
//! long-running [`sink`]. Re-exported as `runtime::{events, publish, sink}`.

pub mod batch;
pub mod publish;
pub mod sink;
