//! Registering schema versions over a stored [`SchemaRecord`], as the Glue Schema Registry does, so the
//! page only shows and commits what is decided here (and native tests cover the decisions).
//!
//! Glue numbers every version it records, FAILURE ones included, but compares a new version only with
//! the versions that passed; a definition identical after normalisation to any recorded version is that
//! version (nothing is added), and a version is kept with the status its check earned: AVAILABLE when
//! accepted, FAILURE only when rejected and the reviewer chooses to record it.

use crate::compat::{self, Outcome, Report};
use crate::registry::{self, Schema, SchemaVersion, VersionStatus};
use crate::store::SchemaRecord;
use crate::{Error, Result};

/// The highest version number Glue gives (`VersionLongNumber`).
pub const MAX_VERSION_NUMBER: u32 = 100_000;

/// A new schema with its first version, which is checked against nothing (only that it parses).
pub fn new_schema(schema: Schema, definition: &str, now_ms: i64) -> Result<SchemaRecord> {
    registry::check_name("registry", &schema.registry)?;
    registry::check_name("schema", &schema.name)?;
    compat::canonical(schema.data_format, definition)?;
    Ok(SchemaRecord {
        schema,
        versions: vec![version(1, VersionStatus::Available, definition, now_ms)],
        revision: 0,
    })
}

/// What registering `definition` as the next version of `record` would do, with every finding.
pub fn check(record: &SchemaRecord, definition: &str) -> Result<Report> {
    let format = record.schema.data_format;
    let canonical = compat::canonical(format, definition)?;
    // Identity looks at FAILURE versions too: the reviewer already recorded this very text.
    if let Some(same) = record
        .versions
        .iter()
        .find(|v| compat::canonical(format, &v.definition).is_ok_and(|theirs| theirs == canonical))
    {
        return Ok(Report {
            outcome: Outcome::Identical(same.number),
            version: same.number,
            checked: Vec::new(),
            findings: Vec::new(),
            truncated: false,
        });
    }
    let earlier: Vec<(u32, &str)> = record
        .versions
        .iter()
        .filter(|v| v.status == VersionStatus::Available)
        .map(|v| (v.number, v.definition.as_str()))
        .collect();
    compat::check_as(
        format,
        record.schema.compatibility,
        definition,
        &earlier,
        record.latest_number().saturating_add(1),
    )
}

/// `record` with `definition` added as a version of `status`, which must be the one its check earns:
/// AVAILABLE for an accepted version, FAILURE for a rejected one. The check runs again here, so what is
/// stored never disagrees with the checkers, whatever the page showed earlier.
pub fn register(
    record: &SchemaRecord,
    definition: &str,
    status: VersionStatus,
    now_ms: i64,
) -> Result<SchemaRecord> {
    let report = check(record, definition)?;
    match (report.outcome, status) {
        (Outcome::Accepted, VersionStatus::Available)
        | (Outcome::Rejected, VersionStatus::Failure) => {}
        (Outcome::Identical(number), _) => {
            return Err(Error::invalid(format!(
                "this definition is version {number} after normalisation: nothing to add"
            )));
        }
        (Outcome::Disabled, _) => return Err(disabled()),
        (Outcome::Accepted, VersionStatus::Failure) => {
            return Err(Error::invalid(
                "this version passes its check: register it as AVAILABLE",
            ));
        }
        (Outcome::Rejected, VersionStatus::Available) => {
            return Err(Error::invalid(
                "this version fails its check: it can only be recorded as FAILURE",
            ));
        }
    }
    if report.version > MAX_VERSION_NUMBER {
        return Err(Error::too_large(format!(
            "a schema has at most {MAX_VERSION_NUMBER} versions"
        )));
    }
    let mut updated = record.clone();
    updated
        .versions
        .push(version(report.version, status, definition, now_ms));
    Ok(updated)
}

/// Why a DISABLED schema takes no new version.
pub fn disabled() -> Error {
    Error::invalid(
        "the compatibility mode is DISABLED: no version may be added after the first; change the mode \
         to register one",
    )
}

/// `record` with metadata `key` = `value` on version `number` (replacing the key's value), within
/// Glue's limits: the key and value patterns and at most [`registry::MAX_METADATA_PAIRS`] keys.
pub fn put_metadata(
    record: &SchemaRecord,
    number: u32,
    key: &str,
    value: &str,
) -> Result<SchemaRecord> {
    registry::check_metadata(key, value)?;
    let mut updated = record.clone();
    let version = updated
        .versions
        .iter_mut()
        .find(|v| v.number == number)
        .ok_or_else(|| Error::conflict(format!("version {number} does not exist")))?;
    if !version.metadata.contains_key(key) && version.metadata.len() >= registry::MAX_METADATA_PAIRS
    {
        return Err(Error::invalid(format!(
            "a version carries at most {} metadata key/values",
            registry::MAX_METADATA_PAIRS
        )));
    }
    version.metadata.insert(key.to_owned(), value.to_owned());
    Ok(updated)
}

fn version(number: u32, status: VersionStatus, definition: &str, now_ms: i64) -> SchemaVersion {
    SchemaVersion {
        number,
        status,
        created_ms: now_ms,
        definition: definition.to_owned(),
        metadata: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::compat::Outcome;
    use crate::registry::{Compatibility, DataFormat};

    const V1: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}"#;
    const NO_DEFAULT: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"double"}]}"#;
    const WITH_DEFAULT: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}"#;

    fn schema(mode: Compatibility) -> SchemaRecord {
        let schema = Schema {
            registry: "reg".into(),
            name: "orders".into(),
            data_format: DataFormat::Avro,
            compatibility: mode,
            description: None,
        };
        new_schema(schema, V1, 1).unwrap()
    }

    #[test]
    fn failure_versions_are_numbered_but_not_compared_and_are_recognised() {
        let record = schema(Compatibility::Backward);
        assert!(register(&record, NO_DEFAULT, VersionStatus::Available, 2).is_err());
        let failed = register(&record, NO_DEFAULT, VersionStatus::Failure, 2).unwrap();
        assert_eq!(failed.versions[1].number, 2);
        assert_eq!(failed.versions[1].status, VersionStatus::Failure);
        // The next check names version 3 and compares with version 1 only.
        let report = check(&failed, WITH_DEFAULT).unwrap();
        assert_eq!((report.outcome, report.version), (Outcome::Accepted, 3));
        assert_eq!(report.checked, [1]);
        let spaced = NO_DEFAULT.replace(',', " ,\n ");
        assert_eq!(
            check(&failed, &spaced).unwrap().outcome,
            Outcome::Identical(2)
        );
        let error = register(&failed, &spaced, VersionStatus::Failure, 3).unwrap_err();
        assert!(error.message().contains("version 2"), "{error}");
        let error = register(&failed, WITH_DEFAULT, VersionStatus::Failure, 3).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn disabled_refuses_and_metadata_keeps_glue_limits() {
        let record = schema(Compatibility::Disabled);
        let error = register(&record, WITH_DEFAULT, VersionStatus::Available, 2).unwrap_err();
        assert!(error.message().contains("DISABLED"), "{error}");
        assert!(register(&record, WITH_DEFAULT, VersionStatus::Failure, 2).is_err());

        let mut record = put_metadata(&record, 1, "owner", "team@example.com").unwrap();
        assert_eq!(record.versions[0].metadata["owner"], "team@example.com");
        assert!(put_metadata(&record, 1, "owner", "has space").is_err());
        assert!(put_metadata(&record, 1, "", "x").is_err());
        assert!(put_metadata(&record, 9, "k", "v").is_err());
        for i in 1..10 {
            record = put_metadata(&record, 1, &format!("k{i}"), "v").unwrap();
        }
        assert!(put_metadata(&record, 1, "k10", "v").is_err());
        assert!(put_metadata(&record, 1, "owner", "other").is_ok());
    }
}
