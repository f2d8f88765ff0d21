//! Typed async client for the Genesys Cloud Platform API v2.
#![forbid(unsafe_code)]
