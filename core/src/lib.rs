//! `glueprint-core`: the Glue Data Catalog model, schema inference and Glue API exports.
//!
//! Pure and deterministic: no browser types, no network, no clock. Bytes come in through
//! [`source::ByteSource`], which the app implements over `File.slice()` (and later HTTP Range requests)
//! and the CLI over native files.

pub mod aws;
mod calendar;
pub mod catalog;
pub mod compat;
pub mod crawl;
pub mod diff;
pub mod error;
pub mod export;
pub mod infer;
pub mod limits;
pub mod location;
pub mod names;
pub mod pii;
pub mod register;
pub mod registry;
pub mod registry_diff;
pub mod schema_span;
pub mod search;
pub mod source;
pub mod stats;
pub mod store;
pub mod table_avro;
pub mod types;

pub use error::{Error, ErrorKind, Result};
