//! The Schema Registry model: registries → schemas → versions, with the Glue API's names, modes and limits.
//!
//! Kept apart from the Data Catalog model because Glue keeps them apart (a schema is not a table), and
//! stored in its own spaces of the catalog store so a backup carries both. Whether a new version may be
//! registered is decided by the compatibility checkers; this module only names what is decided and
//! validates what the Glue API itself would refuse.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The longest schema definition the Glue API accepts (`SchemaDefinitionString`).
pub const MAX_DEFINITION_CHARS: usize = 170_000;
/// The longest registry or schema name (`SchemaRegistryNameString`).
pub const MAX_NAME_CHARS: usize = 255;
/// The longest registry or schema description (`DescriptionString`).
pub const MAX_DESCRIPTION_CHARS: usize = 2048;

/// The language a schema is written in (`DataFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DataFormat {
    Avro,
    Json,
    Protobuf,
}

/// Which earlier versions a new version is checked against, and how (`Compatibility`). Non-`_ALL` modes
/// compare with the latest version only, `_ALL` modes with every earlier one; DISABLED accepts no new
/// version at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compatibility {
    None,
    Disabled,
    Backward,
    BackwardAll,
    Forward,
    ForwardAll,
    Full,
    FullAll,
}

impl Compatibility {
    pub const ALL: [Compatibility; 8] = [
        Compatibility::None,
        Compatibility::Disabled,
        Compatibility::Backward,
        Compatibility::BackwardAll,
        Compatibility::Forward,
        Compatibility::ForwardAll,
        Compatibility::Full,
        Compatibility::FullAll,
    ];

    /// The Glue API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Compatibility::None => "NONE",
            Compatibility::Disabled => "DISABLED",
            Compatibility::Backward => "BACKWARD",
            Compatibility::BackwardAll => "BACKWARD_ALL",
            Compatibility::Forward => "FORWARD",
            Compatibility::ForwardAll => "FORWARD_ALL",
            Compatibility::Full => "FULL",
            Compatibility::FullAll => "FULL_ALL",
        }
    }
}

impl fmt::Display for Compatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Compatibility {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Compatibility::ALL
            .into_iter()
            .find(|mode| mode.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{text:?} is not a compatibility mode; Glue knows {}",
                    Compatibility::ALL.map(Compatibility::as_str).join(", ")
                ))
            })
    }
}

impl DataFormat {
    /// The Glue API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DataFormat::Avro => "AVRO",
            DataFormat::Json => "JSON",
            DataFormat::Protobuf => "PROTOBUF",
        }
    }
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DataFormat {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        [DataFormat::Avro, DataFormat::Json, DataFormat::Protobuf]
            .into_iter()
            .find(|format| format.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{text:?} is not a schema data format; Glue knows AVRO, JSON and PROTOBUF"
                ))
            })
    }
}

/// A registry: a named group of schemas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A schema's identity and rules; its versions live beside it in [`SchemaVersion`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub registry: String,
    pub name: String,
    pub data_format: DataFormat,
    pub compatibility: Compatibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What became of a registered version (`SchemaVersionStatus`). A version that failed its check is kept
/// only when the reviewer chooses to record it, as Glue records it: with status FAILURE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VersionStatus {
    Available,
    Failure,
}

/// One version of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaVersion {
    /// 1, 2, 3, ... in order of registration; never reused.
    pub number: u32,
    pub status: VersionStatus,
    /// Milliseconds since the Unix epoch, from the caller's clock.
    pub created_ms: i64,
    /// The schema text as registered.
    pub definition: String,
    /// Metadata key/values (`PutSchemaVersionMetadata`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// Checks a registry or schema name as the Glue API model does: 1 to 255 characters of
/// `[a-zA-Z0-9-_$#.]`.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME_CHARS {
        return Err(Error::invalid(format!(
            "a {what} name must have 1 to {MAX_NAME_CHARS} characters; {name:?} has {length}"
        )));
    }
    if let Some((at, bad)) = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-_$#.".contains(*c)))
    {
        return Err(Error::invalid(format!(
            "a {what} name may use only letters, digits and - _ $ # .; {name:?} has {bad:?} at byte {at}"
        )));
    }
    Ok(())
}

/// Checks a schema definition against the Glue API's limits: 1 to 170,000 characters, not all blank.
pub fn check_definition(definition: &str) -> Result<()> {
    let length = definition.chars().count();
    if length == 0 || length > MAX_DEFINITION_CHARS {
        return Err(Error::invalid(format!(
            "a schema definition must have 1 to {MAX_DEFINITION_CHARS} characters; this one has {length}"
        )));
    }
    if definition.trim().is_empty() {
        return Err(Error::invalid("a schema definition cannot be blank"));
    }
    Ok(())
}

/// Checks a registry or schema description as the Glue API model does (`DescriptionString`): at most
/// 2,048 characters, none of them a control character other than tab, line feed and carriage return.
pub fn check_description(description: &str) -> Result<()> {
    let length = description.chars().count();
    if length > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(format!(
            "a description has at most {MAX_DESCRIPTION_CHARS} characters; this one has {length}"
        )));
    }
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
    };
    if let Some(bad) = description.chars().find(|&c| !allowed(c)) {
        return Err(Error::invalid(format!(
            "a description may not contain the control character {bad:?}"
        )));
    }
    Ok(())
}

/// A schema file's bytes as a definition: UTF-8 text (a byte-order mark dropped) within the Glue API's
/// [`MAX_DEFINITION_CHARS`], so a dropped or pasted file is refused with a reason rather than mangled.
pub fn definition_from_bytes(name: &str, bytes: &[u8]) -> Result<String> {
    check_definition_file_size(name, bytes.len() as u64)?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::malformed(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let length = text.chars().count();
    if length > MAX_DEFINITION_CHARS {
        return Err(too_long(name, length, "characters"));
    }
    Ok(text.to_owned())
}

/// Refuses a schema file of `size` bytes that cannot be within [`MAX_DEFINITION_CHARS`] whatever it
/// holds (a character takes at most 4 bytes), so such a file need not even be read.
pub fn check_definition_file_size(name: &str, size: u64) -> Result<()> {
    if size > MAX_DEFINITION_CHARS as u64 * 4 {
        return Err(too_long(name, size, "bytes"));
    }
    Ok(())
}

fn too_long(name: &str, size: impl fmt::Display, unit: &str) -> Error {
    Error::too_large(format!(
        "{name} has {size} {unit}; a schema definition has at most {MAX_DEFINITION_CHARS} characters"
    ))
}

/// The most metadata key/values one version may carry (`PutSchemaVersionMetadata`).
pub const MAX_METADATA_PAIRS: usize = 10;

/// Checks a metadata key and value as the Glue API model does: key 1 to 128, value 1 to 256 characters
/// of `[a-zA-Z0-9+-=._./@]`, where `+-=` is a range (`+ , - . / 0-9 : ; < =`), as the model's regex reads.
pub fn check_metadata(key: &str, value: &str) -> Result<()> {
    for (what, text, max) in [("key", key, 128), ("value", value, 256)] {
        let length = text.chars().count();
        if length == 0 || length > max {
            return Err(Error::invalid(format!(
                "a metadata {what} must have 1 to {max} characters; {text:?} has {length}"
            )));
        }
        if let Some(bad) = text.chars().find(|&c| {
            !(c.is_ascii_alphanumeric() || ('+'..='=').contains(&c) || "._/@".contains(c))
        }) {
            return Err(Error::invalid(format!(
                "a metadata {what} may use only letters, digits and + , - . / : ; < = _ @; {text:?} has {bad:?}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn descriptions_keep_glues_length_and_characters() {
        assert!(check_description("").is_ok());
        assert!(check_description("Orders, as placed.\n\tÉté ✓").is_ok());
        assert!(check_description(&"x".repeat(MAX_DESCRIPTION_CHARS)).is_ok());
        let long = check_description(&"é".repeat(MAX_DESCRIPTION_CHARS + 1)).unwrap_err();
        assert!(long.message().contains("2049"), "{long}");
        assert!(check_description("bell \u{7}").is_err());
        assert!(check_description("\u{ffff}").is_err());
    }

    #[test]
    fn definition_files_must_be_utf8_within_the_limit() {
        assert_eq!(
            definition_from_bytes("a.avsc", "\u{feff}{\"type\":\"int\"}".as_bytes()).unwrap(),
            "{\"type\":\"int\"}"
        );
        let latin1 = definition_from_bytes("a.avsc", b"{\"doc\":\"caf\xe9\"}").unwrap_err();
        assert_eq!(latin1.kind(), ErrorKind::Malformed);
        assert!(latin1.message().contains("offset 11"), "{latin1}");
        // 170,000 two-byte characters are within the limit, one more is not.
        let at_limit = "é".repeat(MAX_DEFINITION_CHARS);
        assert!(definition_from_bytes("a.json", at_limit.as_bytes()).is_ok());
        let over = definition_from_bytes("a.json", format!("{at_limit}x").as_bytes()).unwrap_err();
        assert_eq!(over.kind(), ErrorKind::TooLarge);
        assert!(over.message().contains("170001 characters"), "{over}");
        let huge = vec![b'x'; MAX_DEFINITION_CHARS * 4 + 1];
        assert_eq!(
            definition_from_bytes("a.json", &huge).unwrap_err().kind(),
            ErrorKind::TooLarge
        );
    }
}
