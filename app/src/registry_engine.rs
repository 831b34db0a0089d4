//! The Schema Registry's parsers and checkers as a wasm module of their own, loaded by the page the first
//! time the registry workbench needs them instead of with the page.
//!
//! Why: checking schemas needs protox-parse, apache-avro, regex-lite, num-bigint and core's checkers, a
//! seventh of the page's code that most visits never run. Trunk builds them into `registry_engine.js` /
//! `registry_engine_bg.wasm` (`src/bin/registry_engine.rs`, index.html); the page imports that module on
//! first use and then calls it synchronously, so the components stay as simple as direct calls.
//!
//! The two sides share this file: [`serve`] runs in the module, the rest in the page. A call crosses as
//! one JSON [`Request`] and comes back as JSON of `Result<T, Error>`, core's own types on both sides. A
//! panic in the module (which core's checkers do not do on any input) throws in the page instead of
//! killing it: the call returns an error.

use std::cell::RefCell;
use std::ops::Range;

use glueprint_core::catalog::Table;
use glueprint_core::compat::{self, Report};
use glueprint_core::registry::{DataFormat, Schema, VersionStatus};
use glueprint_core::registry_diff::{self, Difference};
use glueprint_core::store::SchemaRecord;
use glueprint_core::{Error, Result, register, schema_span, table_avro};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::io::js_error;

/// One call into the module: the core function of the same name, with its arguments.
#[derive(Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "camelCase")]
enum Request {
    NewSchema {
        schema: Schema,
        definition: String,
        now_ms: i64,
    },
    Check {
        record: SchemaRecord,
        definition: String,
    },
    Register {
        record: SchemaRecord,
        definition: String,
        status: VersionStatus,
        now_ms: i64,
    },
    Canonical {
        format: DataFormat,
        definition: String,
    },
    Diff {
        format: DataFormat,
        left: String,
        right: String,
    },
    Locate {
        format: DataFormat,
        text: String,
        location: String,
    },
    AvroSchema {
        table: Box<Table>,
    },
}

/// The module's side: answers `request` (JSON of a [`Request`]) with JSON of the core function's
/// `Result`.
pub fn serve(request: &str) -> String {
    fn answer<T: Serialize>(result: Result<T>) -> String {
        serde_json::to_string(&result).unwrap_or_else(|e| {
            let failed: Result<()> = Err(Error::invalid(format!("cannot encode the answer: {e}")));
            serde_json::to_string(&failed).unwrap_or_default()
        })
    }
    let request = match serde_json::from_str::<Request>(request) {
        Ok(request) => request,
        Err(e) => return answer::<()>(Err(Error::invalid(format!("unreadable request: {e}")))),
    };
    match request {
        Request::NewSchema {
            schema,
            definition,
            now_ms,
        } => answer(register::new_schema(schema, &definition, now_ms)),
        Request::Check { record, definition } => answer(register::check(&record, &definition)),
        Request::Register {
            record,
            definition,
            status,
            now_ms,
        } => answer(register::register(&record, &definition, status, now_ms)),
        Request::Canonical { format, definition } => answer(compat::canonical(format, &definition)),
        Request::Diff {
            format,
            left,
            right,
        } => answer(registry_diff::diff(format, &left, &right)),
        Request::Locate {
            format,
            text,
            location,
        } => answer(Ok(schema_span::locate(format, &text, &location))),
        Request::AvroSchema { table } => answer(table_avro::avro_schema(&table)),
    }
}

#[wasm_bindgen(inline_js = "export function importModule(url) { return import(url); }")]
extern "C" {
    /// `import(url)`: a Rust binary cannot write a dynamic import itself.
    #[wasm_bindgen(js_name = importModule)]
    fn import_module(url: &str) -> js_sys::Promise;
}

thread_local! {
    /// The module's `call` export, once loaded.
    static CALL: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Whether the module is loaded, so calls can be made.
pub fn is_loaded() -> bool {
    CALL.with(|call| call.borrow().is_some())
}

/// Loads the module (once; later calls return at once). Loading it twice at the same time is harmless:
/// the browser imports a module once and its init runs once.
pub async fn load() -> Result<()> {
    if is_loaded() {
        return Ok(());
    }
    let failed = |e: JsValue| {
        js_error(
            "cannot load the Schema Registry checkers (offline before they were ever loaded?)",
            &e,
        )
    };
    // Relative to the page, like the page's own files: the app may live under any sub-path.
    let base = leptos::prelude::document().base_uri().map_err(failed)?;
    let url = web_sys::Url::new_with_base("registry_engine.js", &base.unwrap_or_default())
        .map_err(failed)?
        .href();
    let module = JsFuture::from(import_module(&url)).await.map_err(failed)?;
    let init: js_sys::Function = js_sys::Reflect::get(&module, &"default".into())
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let started = init.call0(&JsValue::UNDEFINED).map_err(failed)?;
    JsFuture::from(js_sys::Promise::resolve(&started))
        .await
        .map_err(failed)?;
    let call: js_sys::Function = js_sys::Reflect::get(&module, &"call".into())
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    CALL.with(|slot| *slot.borrow_mut() = Some(call));
    Ok(())
}

/// Sends `request` to the module and reads its answer.
fn call<T: DeserializeOwned>(request: &Request) -> Result<T> {
    let Some(function) = CALL.with(|call| call.borrow().clone()) else {
        return Err(Error::io(
            "the Schema Registry checkers are not loaded yet: try again in a moment",
        ));
    };
    let json = serde_json::to_string(request)
        .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
    let answer = function
        .call1(&JsValue::UNDEFINED, &json.into())
        .map_err(|e| {
            js_error(
                "the Schema Registry checker failed (reload the page to start it again)",
                &e,
            )
        })?;
    decode(&answer.as_string().unwrap_or_default())
}

/// The module's answer as the core function's `Result`.
fn decode<T: DeserializeOwned>(answer: &str) -> Result<T> {
    serde_json::from_str::<Result<T>>(answer)
        .map_err(|e| Error::io(format!("unreadable answer from the checker: {e}")))?
}

/// [`register::new_schema`] in the module.
pub fn new_schema(schema: Schema, definition: &str, now_ms: i64) -> Result<SchemaRecord> {
    call(&Request::NewSchema {
        schema,
        definition: definition.to_owned(),
        now_ms,
    })
}

/// [`register::check`] in the module.
pub fn check(record: &SchemaRecord, definition: &str) -> Result<Report> {
    call(&Request::Check {
        record: record.clone(),
        definition: definition.to_owned(),
    })
}

/// [`register::register`] in the module.
pub fn register(
    record: &SchemaRecord,
    definition: &str,
    status: VersionStatus,
    now_ms: i64,
) -> Result<SchemaRecord> {
    call(&Request::Register {
        record: record.clone(),
        definition: definition.to_owned(),
        status,
        now_ms,
    })
}

/// [`compat::canonical`] in the module.
pub fn canonical(format: DataFormat, definition: &str) -> Result<String> {
    call(&Request::Canonical {
        format,
        definition: definition.to_owned(),
    })
}

/// [`registry_diff::diff`] in the module.
pub fn diff(format: DataFormat, left: &str, right: &str) -> Result<Vec<Difference>> {
    call(&Request::Diff {
        format,
        left: left.to_owned(),
        right: right.to_owned(),
    })
}

/// [`schema_span::locate`] in the module (`None` too when the module cannot answer: nothing is marked).
pub fn locate(format: DataFormat, text: &str, location: &str) -> Option<Range<usize>> {
    call::<Option<Range<usize>>>(&Request::Locate {
        format,
        text: text.to_owned(),
        location: location.to_owned(),
    })
    .ok()
    .flatten()
}

/// [`table_avro::avro_schema`] in the module.
pub fn avro_schema(table: &Table) -> Result<String> {
    call(&Request::AvroSchema {
        table: Box::new(table.clone()),
    })
}

#[cfg(test)]
mod tests {
    use glueprint_core::registry::Compatibility;

    use super::*;

    const V1: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}"#;
    const V2: &str = r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"amount","type":"double"}]}"#;

    /// What the page gets for `request`: the module's answer decoded as the page decodes it.
    fn through_module<T: DeserializeOwned>(request: &Request) -> Result<T> {
        decode(&serve(&serde_json::to_string(request).unwrap()))
    }

    fn record() -> SchemaRecord {
        let schema = Schema {
            registry: "governance".into(),
            name: "orders".into(),
            data_format: DataFormat::Avro,
            compatibility: Compatibility::Backward,
            description: None,
        };
        let created: SchemaRecord = through_module(&Request::NewSchema {
            schema: schema.clone(),
            definition: V1.into(),
            now_ms: 1,
        })
        .unwrap();
        assert_eq!(created, register::new_schema(schema, V1, 1).unwrap());
        created
    }

    #[test]
    fn a_check_crosses_the_module_unchanged() {
        let record = record();
        let request = Request::Check {
            record: record.clone(),
            definition: V2.into(),
        };
        let report: Report = through_module(&request).unwrap();
        assert_eq!(report, register::check(&record, V2).unwrap());
        assert_eq!(report.findings.len(), 1, "{report:?}");
        assert_eq!(
            report.findings[0].kind.as_str(),
            "READER_FIELD_MISSING_DEFAULT_VALUE"
        );
    }

    #[test]
    fn errors_keep_their_kind_and_sentence() {
        let request = Request::Canonical {
            format: DataFormat::Protobuf,
            definition: "message {".into(),
        };
        let err = through_module::<String>(&request).unwrap_err();
        let direct = compat::canonical(DataFormat::Protobuf, "message {").unwrap_err();
        assert_eq!(err, direct);
        let unreadable = decode::<String>(&serve("{\"call\":\"nothing\"}")).unwrap_err();
        assert!(
            unreadable.message().starts_with("unreadable request"),
            "{unreadable}"
        );
    }

    #[test]
    fn registering_diffing_and_locating_cross_the_module() {
        let record = record();
        // V2 adds a field without a default: rejected under BACKWARD, kept as FAILURE on request.
        let registered: SchemaRecord = through_module(&Request::Register {
            record: record.clone(),
            definition: V2.into(),
            status: VersionStatus::Failure,
            now_ms: 2,
        })
        .unwrap();
        assert_eq!(
            registered,
            register::register(&record, V2, VersionStatus::Failure, 2).unwrap()
        );
        assert_eq!(registered.latest_number(), 2);
        let differences: Vec<Difference> = through_module(&Request::Diff {
            format: DataFormat::Avro,
            left: V1.into(),
            right: V2.into(),
        })
        .unwrap();
        assert_eq!(
            differences,
            registry_diff::diff(DataFormat::Avro, V1, V2).unwrap()
        );
        let span: Option<Range<usize>> = through_module(&Request::Locate {
            format: DataFormat::Avro,
            text: V2.into(),
            location: "/fields/1".into(),
        })
        .unwrap();
        assert_eq!(
            span.map(|r| &V2[r]),
            Some(r#"{"name":"amount","type":"double"}"#)
        );
    }
}
