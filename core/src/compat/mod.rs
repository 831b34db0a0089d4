//! Schema Registry compatibility: may a new schema version be registered after the earlier ones?
//!
//! Each format has one primitive, "can a reader with schema R decode everything written with schema W"
//! ([`avro::can_read`], [`json_schema::can_read`]), which returns what stands in the way as data
//! ([`Incompatibility`]): a reviewer needs every reason with its place in the schema, not a boolean (the
//! first complaint about every registry). [`check`] derives the eight Glue modes from that primitive.
//! Only a schema text that does not parse, or is too large or too deep to check safely, is an [`Error`].

/// Declares a checker's difference kinds, each with Confluent's name and whether Confluent accepts the
/// change under BACKWARD: one table per format, read like the upstream lists it mirrors.
macro_rules! difference_kinds {
    (doc: $doc:literal; $($variant:ident => $name:literal, $compatible:literal;)*) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($variant,)*
        }

        impl Kind {
            /// Every kind, for reading one back from its name.
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];

            /// Confluent's name of the kind.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }

            /// Whether the change keeps new readers able to read old data.
            pub fn is_compatible(self) -> bool {
                match self {
                    $(Kind::$variant => $compatible,)*
                }
            }
        }

        impl std::fmt::Display for Kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod avro;
pub mod json_schema;
pub mod protobuf;
pub mod table_evolution;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::registry::{self, Compatibility, DataFormat};
use crate::{Error, Result};

/// The deepest nesting of JSON arrays and objects a schema text may have. Far beyond real schemas (an
/// Avro record nested in a record costs three levels), and below serde_json's own limit of 128, so a
/// hostile schema is refused here, with its position, before any recursive code sees it.
pub const MAX_NESTING: usize = 100;

/// The most incompatibilities kept for one reader/writer pair. A schema that reuses a named type in
/// many places repeats that type's incompatibilities at each use (Java does the same), which can grow
/// exponentially with nesting; past this count the list is cut and [`PairCheck::truncated`] says so.
pub const MAX_INCOMPATIBILITIES: usize = 1000;

/// What kind of obstacle a finding is: Avro Java's `SchemaIncompatibilityType`, or Confluent's JSON
/// Schema or Protobuf `Difference.Type`, under their own names so a reviewer can look them up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Avro(avro::Kind),
    JsonSchema(json_schema::Kind),
    Protobuf(protobuf::Kind),
}

impl Kind {
    /// The upstream name, e.g. `READER_FIELD_MISSING_DEFAULT_VALUE` or `PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Avro(kind) => kind.as_str(),
            Kind::JsonSchema(kind) => kind.as_str(),
            Kind::Protobuf(kind) => kind.as_str(),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Kind {
    /// The kind whose upstream name is `name`. The names of the three formats never collide (a test
    /// says so), so a finding read back is the one written, format included.
    pub fn from_name(name: &str) -> Option<Kind> {
        let avro = avro::Kind::ALL.iter().map(|&k| Kind::Avro(k));
        let json = json_schema::Kind::ALL.iter().map(|&k| Kind::JsonSchema(k));
        let protobuf = protobuf::Kind::ALL.iter().map(|&k| Kind::Protobuf(k));
        avro.chain(json)
            .chain(protobuf)
            .find(|k| k.as_str() == name)
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A kind by its upstream name: findings cross from the page's Schema Registry module to the page as
/// JSON (`glueprint-app`'s `registry_engine`).
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Kind, D::Error> {
        let name = String::deserialize(deserializer)?;
        Kind::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding kind {name}")))
    }
}

/// One reason a reader cannot decode what a writer wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incompatibility {
    pub kind: Kind,
    /// Where, as a JSON-pointer-style path: into the reader schema for Avro (`/fields/3/type/fields/1`,
    /// as Java reports it), into the schemas' shared shape for JSON Schema (`#/properties/a/maxLength`,
    /// as Confluent reports it).
    pub location: String,
    /// The upstream message text (`expected: Enum2`, `[B, D]`, ...).
    pub message: String,
}

/// Everything that stands between one reader and one writer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PairCheck {
    pub incompatibilities: Vec<Incompatibility>,
    /// More than [`MAX_INCOMPATIBILITIES`] were found and the rest left out.
    pub truncated: bool,
}

impl PairCheck {
    pub fn is_compatible(&self) -> bool {
        self.incompatibilities.is_empty()
    }

    /// Appends `more`, keeping at most [`MAX_INCOMPATIBILITIES`].
    fn extend(&mut self, more: PairCheck) {
        self.truncated |= more.truncated;
        for incompatibility in more.incompatibilities {
            self.push(incompatibility);
        }
    }

    fn push(&mut self, incompatibility: Incompatibility) {
        if self.incompatibilities.len() < MAX_INCOMPATIBILITIES {
            self.incompatibilities.push(incompatibility);
        } else {
            self.truncated = true;
        }
    }
}

/// An incompatibility between the proposed version and one earlier version, naming which one reads and
/// which one writes (the proposed version carries the number it would get).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: Kind,
    pub location: String,
    pub message: String,
    pub reader_version: u32,
    pub writer_version: u32,
}

/// What registering the proposed version would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "outcome",
    content = "version",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum Outcome {
    /// Registered as a new version.
    Accepted,
    /// The same schema after normalisation as this earlier version: Glue returns that version instead of
    /// registering a new one, whatever the mode.
    Identical(u32),
    /// At least one check failed (see the findings); Glue would record the version with status FAILURE.
    Rejected,
    /// The mode is DISABLED and a first version exists: no further version may be added.
    Disabled,
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub outcome: Outcome,
    /// The number the proposed version gets: one past the latest earlier version (1 for a first
    /// version), or the identical earlier version's number.
    pub version: u32,
    /// The earlier versions that were compared with, newest first.
    pub checked: Vec<u32>,
    /// Every incompatibility with every checked version (Confluent stops at the first failing version;
    /// a reviewer wants them all).
    pub findings: Vec<Finding>,
    /// Some pair had more than [`MAX_INCOMPATIBILITIES`] and was cut.
    pub truncated: bool,
}

impl Report {
    /// Whether registering succeeds (a new version, or the identical one returned).
    pub fn is_accepted(&self) -> bool {
        matches!(self.outcome, Outcome::Accepted | Outcome::Identical(_))
    }
}

/// A schema text parsed for checking, in one of the formats.
#[derive(Debug)]
enum Parsed {
    Avro(avro::AvroSchema),
    Json(json_schema::JsonSchema),
    Protobuf(protobuf::ProtoSchema),
}

impl Parsed {
    fn parse(format: DataFormat, text: &str) -> Result<Parsed> {
        match format {
            DataFormat::Avro => avro::AvroSchema::parse(text).map(Parsed::Avro),
            DataFormat::Json => json_schema::JsonSchema::parse(text).map(Parsed::Json),
            DataFormat::Protobuf => protobuf::ProtoSchema::parse(text).map(Parsed::Protobuf),
        }
    }

    fn canonical(&self) -> &str {
        match self {
            Parsed::Avro(schema) => schema.canonical(),
            Parsed::Json(schema) => schema.canonical(),
            Parsed::Protobuf(schema) => schema.canonical(),
        }
    }

    fn can_read(
        reader: &Parsed,
        writer: &Parsed,
        policy: json_schema::Policy,
    ) -> Result<PairCheck> {
        match (reader, writer) {
            (Parsed::Avro(reader), Parsed::Avro(writer)) => avro::can_read(reader, writer),
            (Parsed::Json(reader), Parsed::Json(writer)) => {
                json_schema::can_read(reader, writer, policy)
            }
            (Parsed::Protobuf(reader), Parsed::Protobuf(writer)) => {
                protobuf::can_read(reader, writer)
            }
            // Both sides are always parsed with the same format by `check`.
            _ => Err(Error::invalid(
                "a reader and a writer schema of different formats cannot be compared",
            )),
        }
    }
}

/// Decides whether `new_definition` may be registered after the `earlier` versions (`(number,
/// definition)`, in any order; pass the versions Glue would compare with, i.e. those not FAILED) under
/// `mode`, as the Glue Schema Registry decides it:
///
/// * a definition identical to an earlier one after normalisation (whitespace, key order, and for Avro
///   `{"type":"string"}` vs `"string"` or a full name vs name + namespace) is that version;
/// * NONE accepts everything; DISABLED accepts only a first version;
/// * BACKWARD: the new version reads data of the latest one; FORWARD: the latest reads the new; FULL:
///   both; the `_ALL` modes do the same with every earlier version, not only the latest.
///
/// Errors only when a definition does not parse (naming the version), exceeds Glue's length limit, or
/// is too deeply nested to check. JSON Schema is judged under Confluent's default STRICT policy.
pub fn check(
    format: DataFormat,
    mode: Compatibility,
    new_definition: &str,
    earlier: &[(u32, &str)],
) -> Result<Report> {
    check_under(
        format,
        mode,
        json_schema::Policy::Strict,
        new_definition,
        earlier,
    )
}

/// As [`check`], judging JSON Schema under `policy` (STRICT or LENIENT; the other formats have one
/// rule set).
pub fn check_under(
    format: DataFormat,
    mode: Compatibility,
    policy: json_schema::Policy,
    new_definition: &str,
    earlier: &[(u32, &str)],
) -> Result<Report> {
    let latest = earlier.iter().map(|&(number, _)| number).max().unwrap_or(0);
    check_numbered(
        format,
        mode,
        policy,
        new_definition,
        earlier,
        latest.saturating_add(1),
    )
}

/// As [`check`], with the number the proposed version would get chosen by the caller: a registry that
/// keeps FAILURE versions numbers past them although they are not compared with, and the findings must
/// name the number the version will really have.
pub fn check_as(
    format: DataFormat,
    mode: Compatibility,
    new_definition: &str,
    earlier: &[(u32, &str)],
    next: u32,
) -> Result<Report> {
    check_numbered(
        format,
        mode,
        json_schema::Policy::Strict,
        new_definition,
        earlier,
        next,
    )
}

fn check_numbered(
    format: DataFormat,
    mode: Compatibility,
    policy: json_schema::Policy,
    new_definition: &str,
    earlier: &[(u32, &str)],
    next: u32,
) -> Result<Report> {
    registry::check_definition(new_definition)?;
    let proposed = Parsed::parse(format, new_definition)?;
    let mut previous = earlier
        .iter()
        .map(|&(number, text)| {
            Parsed::parse(format, text)
                .map(|parsed| (number, parsed))
                .map_err(|error| {
                    Error::new(
                        error.kind(),
                        format!("version {number}: {}", error.message()),
                    )
                })
        })
        .collect::<Result<Vec<_>>>()?;
    previous.sort_by_key(|(number, _)| std::cmp::Reverse(*number));
    let mut report = Report {
        outcome: Outcome::Accepted,
        version: next,
        checked: Vec::new(),
        findings: Vec::new(),
        truncated: false,
    };

    if let Some((number, _)) = previous
        .iter()
        .find(|(_, parsed)| parsed.canonical() == proposed.canonical())
    {
        report.outcome = Outcome::Identical(*number);
        report.version = *number;
        return Ok(report);
    }
    let (backward, forward, all) = match mode {
        Compatibility::None => return Ok(report),
        Compatibility::Disabled => {
            if !previous.is_empty() {
                report.outcome = Outcome::Disabled;
            }
            return Ok(report);
        }
        Compatibility::Backward => (true, false, false),
        Compatibility::BackwardAll => (true, false, true),
        Compatibility::Forward => (false, true, false),
        Compatibility::ForwardAll => (false, true, true),
        Compatibility::Full => (true, true, false),
        Compatibility::FullAll => (true, true, true),
    };
    let compared = if all { previous.len() } else { 1 };
    for (number, old) in previous.iter().take(compared) {
        report.checked.push(*number);
        // Confluent's order for FULL: "old reads new" first, then "new reads old".
        if forward {
            record(
                &mut report,
                Parsed::can_read(old, &proposed, policy)?,
                *number,
                next,
            );
        }
        if backward {
            record(
                &mut report,
                Parsed::can_read(&proposed, old, policy)?,
                next,
                *number,
            );
        }
    }
    if !report.findings.is_empty() {
        report.outcome = Outcome::Rejected;
    }
    Ok(report)
}

/// The normalised text of one schema: what [`check`] compares to recognise an identical version (for
/// Avro and JSON Schema compact JSON with sorted keys, for Protobuf the parsed declarations). Shown to a
/// reviewer so "identical" can be seen, and used to validate a lone definition (a first version, a file
/// given to the CLI) with an error that names it; errors as [`check`] does.
pub fn canonical(format: DataFormat, definition: &str) -> Result<String> {
    registry::check_definition(definition)?;
    Parsed::parse(format, definition).map(|parsed| parsed.canonical().to_owned())
}

fn record(report: &mut Report, pair: PairCheck, reader_version: u32, writer_version: u32) {
    report.truncated |= pair.truncated;
    report
        .findings
        .extend(pair.incompatibilities.into_iter().map(|found| Finding {
            kind: found.kind,
            location: found.location,
            message: found.message,
            reader_version,
            writer_version,
        }));
}

/// Refuses a JSON text nested deeper than [`MAX_NESTING`] levels, saying where, without recursing:
/// every parser and checker after it may then recurse freely.
fn check_nesting(text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let (mut line, mut column) = (1usize, 0usize);
    for byte in text.bytes() {
        column += 1;
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'\n' => (line, column) = (line + 1, 0),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::too_large(format!(
                        "the schema is nested deeper than {MAX_NESTING} levels at line {line}, column {column}"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// `value` as compact JSON with every object's keys sorted: the same schema whatever its whitespace and
/// key order. Recursion is bounded by [`check_nesting`], which every caller's text has passed.
fn canonical_json(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(key, value)| (key.clone(), sorted(value)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

/// Escapes one JSON-pointer token (`~` → `~0`, `/` → `~1`).
fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of every format reads back from its name as itself: no name is shared between formats
    /// and none is missing from its format's `ALL`.
    #[test]
    fn every_kind_reads_back_from_its_name() {
        let kinds = avro::Kind::ALL
            .iter()
            .map(|&k| Kind::Avro(k))
            .chain(json_schema::Kind::ALL.iter().map(|&k| Kind::JsonSchema(k)))
            .chain(protobuf::Kind::ALL.iter().map(|&k| Kind::Protobuf(k)));
        let mut names = std::collections::HashSet::new();
        for kind in kinds {
            assert!(names.insert(kind.as_str()), "{kind} is named twice");
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
        }
        assert_eq!(names.len(), 7 + 100 + 26);
        assert!(serde_json::from_str::<Kind>("\"NO_SUCH_KIND\"").is_err());
    }
}
