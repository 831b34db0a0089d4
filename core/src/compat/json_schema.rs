//! JSON Schema compatibility as Confluent's Schema Registry decides it.

use serde_json::Value;

use super::{PairCheck, canonical_json, check_nesting};
use crate::{Error, Result};

/// Confluent's `Difference.Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    TypeChanged,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TypeChanged => "TYPE_CHANGED",
        }
    }
}

/// A parsed JSON Schema with its normal form.
#[derive(Debug)]
pub struct JsonSchema {
    root: Value,
    canonical: String,
}

impl JsonSchema {
    pub fn parse(text: &str) -> Result<JsonSchema> {
        check_nesting(text)?;
        let root: Value = serde_json::from_str(text)
            .map_err(|error| Error::malformed(format!("not a valid JSON Schema: {error}")))?;
        let canonical = canonical_json(&root);
        Ok(JsonSchema { root, canonical })
    }

    pub fn canonical(&self) -> &str {
        &self.canonical
    }
}

pub fn can_read(reader: &JsonSchema, writer: &JsonSchema) -> Result<PairCheck> {
    let _ = (&reader.root, &writer.root);
    Err(Error::unsupported(
        "JSON Schema compatibility checking is not implemented yet",
    ))
}
