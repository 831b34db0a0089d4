//! JSON Schema compatibility as Confluent's Schema Registry decides it, under its STRICT (default) or
//! LENIENT [`Policy`].
//!
//! Glue's own JSON rules are not published; Confluent's `json-schema-provider` is the de-facto
//! standard, so its model is followed: walk the original (old, writer) and the update (new, reader)
//! side by side, name every [`Difference`] with Confluent's `Difference.Type`, and call the update able
//! to read the original when every difference is in Confluent's compatible set. The rule users trip on
//! most is the content model: an object that allows additional properties ("open") may already carry a
//! property under any name, so adding a property to it is not compatible; a closed one
//! (`additionalProperties: false`) is.
//!
//! Covered: `$ref` within the document, `true`/`false`/`{}`, types (widening `integer` → `number`,
//! type arrays as unions), metadata, string, number, object (content models, properties,
//! `required`, `additionalProperties`, counts), array (`items` as one schema or a tuple, counts,
//! `uniqueItems`), `enum`/`const`, `allOf`/`anyOf`/`oneOf` (subschemas paired by a maximum matching, as
//! Confluent does), and `not`. A partially open model (`patternProperties`, `additionalProperties` with
//! a schema) covers an unlisted property with the first pattern that matches its name anywhere (Java's
//! `Matcher.find`), else the `additionalProperties` schema. `unevaluatedProperties` is compared as
//! `additionalProperties` is. Not covered: `dependencies`, `contains`, `unevaluatedItems`.

use std::collections::HashSet;

use serde_json::Value;

use super::{Incompatibility, PairCheck, canonical_json, check_nesting};
use crate::{Error, Result};

/// How deep the comparison may recurse through `$ref`s (nesting itself is bounded by
/// [`super::MAX_NESTING`]).
pub const MAX_CHECK_DEPTH: usize = 256;
/// How many schema pairs one comparison may visit: recursive `$ref`s and combined schemas are compared
/// pairwise, which a hostile document can make explode.
pub const MAX_CHECK_WORK: usize = 200_000;
/// How many `$ref`s may be followed in a row before the target is a schema.
const MAX_REF_CHAIN: usize = 64;

/// Confluent's `compatibilityPolicy` for JSON Schema. STRICT reads an open content model literally (an
/// old instance may already carry any property name with any value); LENIENT, added for the users that
/// rule surprised, assumes producers only write the properties their schema lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Policy {
    #[default]
    Strict,
    Lenient,
}

impl Policy {
    pub const ALL: [Policy; 2] = [Policy::Strict, Policy::Lenient];

    /// Confluent's name: `STRICT` or `LENIENT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Strict => "STRICT",
            Policy::Lenient => "LENIENT",
        }
    }
}

impl std::fmt::Display for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Policy {
    type Err = Error;

    fn from_str(name: &str) -> Result<Policy> {
        Policy::ALL
            .into_iter()
            .find(|policy| policy.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::invalid(format!("{name:?} is not a policy (STRICT or LENIENT)")))
    }
}

/// The kinds Confluent's LENIENT policy accepts on top of STRICT's (`COMPATIBLE_CHANGES_LENIENT`):
/// content-model changes of objects that matter only if producers write properties their schema does
/// not list (array items stay as STRICT has them).
const LENIENT_ONLY: [Kind; 9] = [
    Kind::AdditionalPropertiesNarrowed,
    Kind::AdditionalPropertiesRemoved,
    Kind::UnevaluatedPropertiesNarrowed,
    Kind::UnevaluatedPropertiesRemoved,
    Kind::RequiredPropertyWithDefaultAddedToOpenContentModel,
    Kind::OptionalPropertyAddedToOpenContentModel,
    Kind::PropertyRemovedFromClosedContentModel,
    Kind::PropertyAddedNotCoveredByPartiallyOpenContentModel,
    Kind::PropertyRemovedNotCoveredByPartiallyOpenContentModel,
];

impl Kind {
    /// Whether `policy` accepts the change under BACKWARD (new reads old).
    pub fn is_compatible_under(self, policy: Policy) -> bool {
        self.is_compatible() || (policy == Policy::Lenient && LENIENT_ONLY.contains(&self))
    }
}

difference_kinds! {
    doc: "Confluent's `Difference.Type` (the ones this checker can find); `is_compatible`: whether Confluent's STRICT policy accepts the change under BACKWARD (new reads old).";
    IdChanged => "ID_CHANGED", true;
    TitleChanged => "TITLE_CHANGED", true;
    DescriptionChanged => "DESCRIPTION_CHANGED", true;
    DefaultChanged => "DEFAULT_CHANGED", true;
    SchemaAdded => "SCHEMA_ADDED", false;
    SchemaRemoved => "SCHEMA_REMOVED", true;
    TypeExtended => "TYPE_EXTENDED", true;
    TypeNarrowed => "TYPE_NARROWED", false;
    TypeChanged => "TYPE_CHANGED", false;
    MaxLengthAdded => "MAX_LENGTH_ADDED", false;
    MaxLengthRemoved => "MAX_LENGTH_REMOVED", true;
    MaxLengthIncreased => "MAX_LENGTH_INCREASED", true;
    MaxLengthDecreased => "MAX_LENGTH_DECREASED", false;
    MinLengthAdded => "MIN_LENGTH_ADDED", false;
    MinLengthRemoved => "MIN_LENGTH_REMOVED", true;
    MinLengthIncreased => "MIN_LENGTH_INCREASED", false;
    MinLengthDecreased => "MIN_LENGTH_DECREASED", true;
    PatternAdded => "PATTERN_ADDED", false;
    PatternRemoved => "PATTERN_REMOVED", true;
    PatternChanged => "PATTERN_CHANGED", false;
    MaximumAdded => "MAXIMUM_ADDED", false;
    MaximumRemoved => "MAXIMUM_REMOVED", true;
    MaximumIncreased => "MAXIMUM_INCREASED", true;
    MaximumDecreased => "MAXIMUM_DECREASED", false;
    MinimumAdded => "MINIMUM_ADDED", false;
    MinimumRemoved => "MINIMUM_REMOVED", true;
    MinimumIncreased => "MINIMUM_INCREASED", false;
    MinimumDecreased => "MINIMUM_DECREASED", true;
    ExclusiveMaximumAdded => "EXCLUSIVE_MAXIMUM_ADDED", false;
    ExclusiveMaximumRemoved => "EXCLUSIVE_MAXIMUM_REMOVED", true;
    ExclusiveMaximumIncreased => "EXCLUSIVE_MAXIMUM_INCREASED", true;
    ExclusiveMaximumDecreased => "EXCLUSIVE_MAXIMUM_DECREASED", false;
    ExclusiveMinimumAdded => "EXCLUSIVE_MINIMUM_ADDED", false;
    ExclusiveMinimumRemoved => "EXCLUSIVE_MINIMUM_REMOVED", true;
    ExclusiveMinimumIncreased => "EXCLUSIVE_MINIMUM_INCREASED", false;
    ExclusiveMinimumDecreased => "EXCLUSIVE_MINIMUM_DECREASED", true;
    MultipleOfAdded => "MULTIPLE_OF_ADDED", false;
    MultipleOfRemoved => "MULTIPLE_OF_REMOVED", true;
    MultipleOfReduced => "MULTIPLE_OF_REDUCED", true;
    MultipleOfExpanded => "MULTIPLE_OF_EXPANDED", false;
    MultipleOfChanged => "MULTIPLE_OF_CHANGED", false;
    RequiredAttributeAdded => "REQUIRED_ATTRIBUTE_ADDED", false;
    RequiredAttributeWithDefaultAdded => "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", true;
    RequiredAttributeRemoved => "REQUIRED_ATTRIBUTE_REMOVED", true;
    MaxPropertiesAdded => "MAX_PROPERTIES_ADDED", false;
    MaxPropertiesRemoved => "MAX_PROPERTIES_REMOVED", true;
    MaxPropertiesIncreased => "MAX_PROPERTIES_INCREASED", true;
    MaxPropertiesDecreased => "MAX_PROPERTIES_DECREASED", false;
    MinPropertiesAdded => "MIN_PROPERTIES_ADDED", false;
    MinPropertiesRemoved => "MIN_PROPERTIES_REMOVED", true;
    MinPropertiesIncreased => "MIN_PROPERTIES_INCREASED", false;
    MinPropertiesDecreased => "MIN_PROPERTIES_DECREASED", true;
    AdditionalPropertiesAdded => "ADDITIONAL_PROPERTIES_ADDED", true;
    AdditionalPropertiesRemoved => "ADDITIONAL_PROPERTIES_REMOVED", false;
    AdditionalPropertiesExtended => "ADDITIONAL_PROPERTIES_EXTENDED", true;
    AdditionalPropertiesNarrowed => "ADDITIONAL_PROPERTIES_NARROWED", false;
    UnevaluatedPropertiesAdded => "UNEVALUATED_PROPERTIES_ADDED", true;
    UnevaluatedPropertiesRemoved => "UNEVALUATED_PROPERTIES_REMOVED", false;
    UnevaluatedPropertiesExtended => "UNEVALUATED_PROPERTIES_EXTENDED", true;
    UnevaluatedPropertiesNarrowed => "UNEVALUATED_PROPERTIES_NARROWED", false;
    PropertyWithEmptySchemaAddedToOpenContentModel => "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", true;
    RequiredPropertyAddedToOpenContentModel => "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", false;
    RequiredPropertyWithDefaultAddedToOpenContentModel => "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", false;
    OptionalPropertyAddedToOpenContentModel => "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", false;
    RequiredPropertyAddedToUnopenContentModel => "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", false;
    RequiredPropertyWithDefaultAddedToUnopenContentModel => "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", true;
    OptionalPropertyAddedToUnopenContentModel => "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", true;
    PropertyRemovedFromOpenContentModel => "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", true;
    PropertyRemovedFromClosedContentModel => "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", false;
    PropertyWithFalseRemovedFromClosedContentModel => "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", true;
    PropertyAddedIsCoveredByPartiallyOpenContentModel => "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", true;
    PropertyAddedNotCoveredByPartiallyOpenContentModel => "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", false;
    PropertyRemovedIsCoveredByPartiallyOpenContentModel => "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", true;
    PropertyRemovedNotCoveredByPartiallyOpenContentModel => "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", false;
    MaxItemsAdded => "MAX_ITEMS_ADDED", false;
    MaxItemsRemoved => "MAX_ITEMS_REMOVED", true;
    MaxItemsIncreased => "MAX_ITEMS_INCREASED", true;
    MaxItemsDecreased => "MAX_ITEMS_DECREASED", false;
    MinItemsAdded => "MIN_ITEMS_ADDED", false;
    MinItemsRemoved => "MIN_ITEMS_REMOVED", true;
    MinItemsIncreased => "MIN_ITEMS_INCREASED", false;
    MinItemsDecreased => "MIN_ITEMS_DECREASED", true;
    UniqueItemsAdded => "UNIQUE_ITEMS_ADDED", false;
    UniqueItemsRemoved => "UNIQUE_ITEMS_REMOVED", true;
    ItemAddedToOpenContentModel => "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", false;
    ItemAddedToClosedContentModel => "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", true;
    ItemRemovedFromOpenContentModel => "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", true;
    ItemRemovedFromClosedContentModel => "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", false;
    EnumArrayExtended => "ENUM_ARRAY_EXTENDED", true;
    EnumArrayNarrowed => "ENUM_ARRAY_NARROWED", false;
    EnumArrayChanged => "ENUM_ARRAY_CHANGED", false;
    CombinedTypeExtended => "COMBINED_TYPE_EXTENDED", true;
    CombinedTypeChanged => "COMBINED_TYPE_CHANGED", false;
    CombinedTypeSubschemasChanged => "COMBINED_TYPE_SUBSCHEMAS_CHANGED", false;
    ProductTypeExtended => "PRODUCT_TYPE_EXTENDED", false;
    ProductTypeNarrowed => "PRODUCT_TYPE_NARROWED", true;
    SumTypeExtended => "SUM_TYPE_EXTENDED", true;
    SumTypeNarrowed => "SUM_TYPE_NARROWED", false;
    NotTypeExtended => "NOT_TYPE_EXTENDED", false;
    NotTypeNarrowed => "NOT_TYPE_NARROWED", true;
}

/// One change between the original and the update, compatible or not, at a Confluent-style path
/// (`#/properties/a/maxLength`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    pub path: String,
}

/// A parsed JSON Schema whose local `$ref`s all resolve.
#[derive(Debug)]
pub struct JsonSchema {
    root: Value,
    canonical: String,
}

impl JsonSchema {
    /// Parses a JSON Schema, refusing nesting beyond [`super::MAX_NESTING`] and `$ref`s that do not
    /// point into the document.
    pub fn parse(text: &str) -> Result<JsonSchema> {
        check_nesting(text)?;
        let root: Value = serde_json::from_str(text)
            .map_err(|error| Error::malformed(format!("not valid JSON: {error}")))?;
        if !matches!(root, Value::Object(_) | Value::Bool(_)) {
            return Err(Error::malformed("a JSON Schema is an object or a boolean"));
        }
        check_refs(&root, &root)?;
        check_patterns(&root)?;
        let canonical = canonical_json(&root);
        Ok(JsonSchema { root, canonical })
    }

    /// Compact JSON with sorted keys: equal for schemas that differ only in whitespace or key order.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
}

/// Every difference between `original` (old) and `update` (new), in walk order. The policy matters
/// where a subschema's compatibility decides what is reported (combined schemas, partially open
/// models).
pub fn diff(original: &JsonSchema, update: &JsonSchema, policy: Policy) -> Result<Vec<Difference>> {
    let mut differ = Differ {
        policy,
        original_root: &original.root,
        update_root: &update.root,
        found: Vec::new(),
        path: Vec::new(),
        in_progress: HashSet::new(),
        depth: 0,
        work: 0,
    };
    differ.compare(&original.root, &update.root)?;
    Ok(differ.found)
}

/// Whether `reader` (the update) accepts every instance `writer` (the original) accepts: the
/// differences Confluent's `policy` does not allow.
pub fn can_read(reader: &JsonSchema, writer: &JsonSchema, policy: Policy) -> Result<PairCheck> {
    let mut check = PairCheck::default();
    for difference in diff(writer, reader, policy)? {
        if !difference.kind.is_compatible_under(policy) {
            check.push(Incompatibility {
                kind: super::Kind::JsonSchema(difference.kind),
                message: describe(difference.kind, &difference.path),
                location: difference.path,
            });
        }
    }
    Ok(check)
}

/// A sentence for the reviewer, in the words of Confluent's messages.
fn describe(kind: Kind, path: &str) -> String {
    use Kind::*;
    match kind {
        RequiredPropertyAddedToOpenContentModel
        | RequiredPropertyWithDefaultAddedToOpenContentModel
        | OptionalPropertyAddedToOpenContentModel => format!(
            "The old schema has an open content model (additional properties allowed), so data \
             written with it may already have a property at path '{path}' of another type; close \
             the old model (additionalProperties: false) to add properties"
        ),
        PropertyRemovedFromClosedContentModel
        | PropertyRemovedNotCoveredByPartiallyOpenContentModel => {
            format!(
                "The new schema does not allow the property at path '{path}' that old data may have"
            )
        }
        RequiredAttributeAdded | RequiredPropertyAddedToUnopenContentModel => format!(
            "The property at path '{path}' is required in the new schema, has no default, and old data may lack it"
        ),
        _ => format!("{} at path '{path}'", kind.as_str()),
    }
}

/// Validates that each local `$ref` resolves, so the comparison never meets a dangling one.
fn check_refs(root: &Value, value: &Value) -> Result<()> {
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                deref(root, value)?;
            }
            map.values().try_for_each(|inner| check_refs(root, inner))
        }
        Value::Array(items) => items.iter().try_for_each(|inner| check_refs(root, inner)),
        _ => Ok(()),
    }
}

/// Follows `$ref`s (`#`, `#/definitions/x`, `#/$defs/x`, any JSON pointer into the document) to a
/// schema that is not one.
fn deref<'a>(root: &'a Value, mut value: &'a Value) -> Result<&'a Value> {
    for _ in 0..MAX_REF_CHAIN {
        let Some(reference) = value.get("$ref") else {
            return Ok(value);
        };
        let reference = reference
            .as_str()
            .ok_or_else(|| Error::malformed("a $ref must be a string"))?;
        let pointer = reference.strip_prefix('#').ok_or_else(|| {
            Error::unsupported(format!(
                "$ref {reference:?} points outside the document; only local references are checked"
            ))
        })?;
        value = root.pointer(pointer).ok_or_else(|| {
            Error::malformed(format!(
                "$ref {reference:?} points at nothing in the document"
            ))
        })?;
    }
    Err(Error::too_large(format!(
        "more than {MAX_REF_CHAIN} $refs in a row (or a $ref cycle)"
    )))
}

/// How an object treats properties it does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentModel {
    Open,
    Closed,
    Partial,
}

fn content_model(schema: &Value) -> ContentModel {
    let has_patterns = schema
        .get("patternProperties")
        .and_then(Value::as_object)
        .is_some_and(|patterns| !patterns.is_empty());
    match schema.get("additionalProperties") {
        Some(Value::Bool(false)) => ContentModel::Closed,
        Some(Value::Object(map)) if !map.is_empty() => ContentModel::Partial,
        _ if has_patterns => ContentModel::Partial,
        None => match schema.get("unevaluatedProperties") {
            Some(Value::Bool(false)) => ContentModel::Closed,
            Some(Value::Object(map)) if !map.is_empty() => ContentModel::Partial,
            _ => ContentModel::Open,
        },
        _ => ContentModel::Open,
    }
}

/// The schema an unlisted property `name` must satisfy in a model that is not open, as Confluent's
/// `schemaFromPartiallyOpenContentModel` picks it: the first `patternProperties` entry whose pattern
/// matches somewhere in the name, else the `additionalProperties` (or `unevaluatedProperties`) schema;
/// none when neither applies (the name is then treated as in a closed model).
fn partial_schema<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    let by_pattern = keyword(schema, "patternProperties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .find(|(pattern, _)| {
            regex_lite::Regex::new(pattern).is_ok_and(|regex| regex.is_match(name))
        })
        .map(|(_, sub)| sub);
    by_pattern.or_else(|| match keyword(schema, "additionalProperties") {
        Some(additional @ Value::Object(_)) => Some(additional),
        Some(_) => None,
        None => keyword(schema, "unevaluatedProperties").filter(|s| s.is_object()),
    })
}

/// Refuses a `patternProperties` pattern the regex engine cannot compile, naming it: a pattern that
/// silently matched nothing would misjudge which properties a partially open model covers.
fn check_patterns(value: &Value) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(patterns)) = map.get("patternProperties") {
                for pattern in patterns.keys() {
                    regex_lite::Regex::new(pattern).map_err(|error| {
                        Error::unsupported(format!(
                            "patternProperties pattern {pattern:?} is not supported: {error}"
                        ))
                    })?;
                }
            }
            map.values().try_for_each(check_patterns)
        }
        Value::Array(items) => items.iter().try_for_each(check_patterns),
        _ => Ok(()),
    }
}

/// `true`, `{}`, or an object of annotations only: accepts everything.
fn accepts_everything(schema: &Value) -> bool {
    match schema {
        Value::Bool(accepts) => *accepts,
        Value::Object(map) => map.keys().all(|key| {
            matches!(
                key.as_str(),
                "$schema"
                    | "$id"
                    | "id"
                    | "title"
                    | "description"
                    | "default"
                    | "examples"
                    | "$comment"
                    | "definitions"
                    | "$defs"
            )
        }),
        _ => false,
    }
}

fn keyword<'a>(schema: &'a Value, key: &str) -> Option<&'a Value> {
    schema.as_object().and_then(|map| map.get(key))
}

/// The `allOf`/`anyOf`/`oneOf` of a schema (the first present), with its subschemas.
fn combined(schema: &Value) -> Option<(&'static str, &[Value])> {
    ["allOf", "anyOf", "oneOf"]
        .into_iter()
        .find_map(|criterion| {
            keyword(schema, criterion)?
                .as_array()
                .map(|subs| (criterion, subs.as_slice()))
        })
}

/// The instance types a schema declares (`type`, or what its keywords imply), `integer` kept apart from
/// `number`; empty when it constrains no type.
fn types(schema: &Value) -> Vec<&str> {
    let mut types: Vec<&str> = match keyword(schema, "type") {
        Some(Value::String(single)) => vec![single.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => {
            let implied = [
                (
                    "object",
                    &[
                        "properties",
                        "required",
                        "additionalProperties",
                        "maxProperties",
                        "minProperties",
                    ][..],
                ),
                (
                    "array",
                    &["items", "maxItems", "minItems", "uniqueItems"][..],
                ),
                ("string", &["maxLength", "minLength", "pattern"][..]),
                (
                    "number",
                    &[
                        "maximum",
                        "minimum",
                        "exclusiveMaximum",
                        "exclusiveMinimum",
                        "multipleOf",
                    ][..],
                ),
            ];
            implied
                .into_iter()
                .filter(|(_, keys)| keys.iter().any(|key| keyword(schema, key).is_some()))
                .map(|(name, _)| name)
                .collect()
        }
    };
    types.sort_unstable();
    types.dedup();
    types
}

/// Whether data of type `old` is valid for type `new`.
fn type_covers(new: &str, old: &str) -> bool {
    new == old || (new == "number" && old == "integer")
}

struct Differ<'a> {
    policy: Policy,
    original_root: &'a Value,
    update_root: &'a Value,
    found: Vec<Difference>,
    path: Vec<String>,
    /// Pairs being compared further up: met again, they count as compatible (recursive `$ref`s).
    in_progress: HashSet<(usize, usize)>,
    depth: usize,
    work: usize,
}

impl<'a> Differ<'a> {
    fn emit(&mut self, kind: Kind) {
        let path = format!("#/{}", self.path.join("/"));
        self.found.push(Difference { kind, path });
    }

    fn emit_at(&mut self, token: &str, kind: Kind) {
        self.path.push(token.to_owned());
        self.emit(kind);
        self.path.pop();
    }

    /// Compares two subschemas under `token` and says whether every difference found is compatible.
    fn compare_at(&mut self, token: &str, original: &'a Value, update: &'a Value) -> Result<bool> {
        self.path.push(token.to_owned());
        let result = self.compare(original, update);
        self.path.pop();
        result
    }

    /// Compares without reporting: whether `update` accepts everything `original` accepts.
    fn probe(&mut self, original: &'a Value, update: &'a Value) -> Result<bool> {
        let mark = self.found.len();
        let result = self.compare(original, update);
        self.found.truncate(mark);
        result
    }

    fn compare(&mut self, original: &'a Value, update: &'a Value) -> Result<bool> {
        self.work += 1;
        if self.work > MAX_CHECK_WORK || self.depth >= MAX_CHECK_DEPTH {
            return Err(Error::too_large(
                "the JSON Schemas are too deeply recursive or too complex to compare",
            ));
        }
        let original = deref(self.original_root, original)?;
        let update = deref(self.update_root, update)?;
        let key = (
            std::ptr::from_ref(original) as usize,
            std::ptr::from_ref(update) as usize,
        );
        if !self.in_progress.insert(key) {
            return Ok(true);
        }
        let mark = self.found.len();
        self.depth += 1;
        let result = self.compare_resolved(original, update);
        self.depth -= 1;
        self.in_progress.remove(&key);
        result?;
        let policy = self.policy;
        Ok(self
            .found
            .iter()
            .skip(mark)
            .all(|d| d.kind.is_compatible_under(policy)))
    }

    fn compare_resolved(&mut self, original: &'a Value, update: &'a Value) -> Result<()> {
        for (keys, kind) in [
            (&["$id", "id"][..], Kind::IdChanged),
            (&["title"][..], Kind::TitleChanged),
            (&["description"][..], Kind::DescriptionChanged),
            (&["default"][..], Kind::DefaultChanged),
        ] {
            let pick = |schema: &'a Value| keys.iter().find_map(|key| keyword(schema, key));
            if pick(original) != pick(update) {
                self.emit(kind);
            }
        }
        if original == &Value::Bool(false) || accepts_everything(update) {
            return Ok(());
        }
        if accepts_everything(original) || update == &Value::Bool(false) {
            self.emit(Kind::TypeChanged);
            return Ok(());
        }
        match (combined(original), combined(update)) {
            (Some(original_combined), Some(update_combined)) => {
                self.compare_combined(original_combined, update_combined)
            }
            // A single subschema is that subschema.
            (None, Some((criterion, [only]))) => self
                .compare_at(&format!("{criterion}/0"), original, only)
                .map(drop),
            (Some((criterion, [only])), None) => self
                .compare_at(&format!("{criterion}/0"), only, update)
                .map(drop),
            (None, Some((criterion, subs))) => {
                // A union update reads the original if one of its branches does.
                match self.first_compatible(subs, |sub| (original, sub))? {
                    Some((index, sub)) if criterion != "allOf" => {
                        self.emit(Kind::SumTypeExtended);
                        self.compare_at(&format!("{criterion}/{index}"), original, sub)
                            .map(drop)
                    }
                    _ => {
                        self.emit(Kind::TypeChanged);
                        Ok(())
                    }
                }
            }
            (Some((criterion, subs)), None) => {
                // An intersection original is read by an update that reads one of its parts.
                match self.first_compatible(subs, |sub| (sub, update))? {
                    Some((index, sub)) if criterion == "allOf" => {
                        self.emit(Kind::ProductTypeNarrowed);
                        self.compare_at(&format!("{criterion}/{index}"), sub, update)
                            .map(drop)
                    }
                    _ => {
                        self.emit(Kind::TypeChanged);
                        Ok(())
                    }
                }
            }
            (None, None) => self.compare_typed(original, update),
        }
    }

    fn first_compatible(
        &mut self,
        subs: &'a [Value],
        pair: impl Fn(&'a Value) -> (&'a Value, &'a Value),
    ) -> Result<Option<(usize, &'a Value)>> {
        for (index, sub) in subs.iter().enumerate() {
            let (original, update) = pair(sub);
            if self.probe(original, update)? {
                return Ok(Some((index, sub)));
            }
        }
        Ok(None)
    }

    /// Confluent's combined-schema rule: criterion change, then a maximum matching of pairwise
    /// compatible subschemas that must cover the smaller side (matched pairs are reported under the
    /// original's index, as Confluent does), then the size change.
    fn compare_combined(
        &mut self,
        (original_criterion, original_subs): (&'static str, &'a [Value]),
        (update_criterion, update_subs): (&'static str, &'a [Value]),
    ) -> Result<()> {
        if original_criterion != update_criterion {
            if update_criterion == "anyOf" || original_subs.len() == 1 {
                self.emit(Kind::CombinedTypeExtended);
            } else {
                self.emit(Kind::CombinedTypeChanged);
            }
        }
        let mut compatible = Vec::with_capacity(original_subs.len());
        for original in original_subs {
            let mut row = Vec::with_capacity(update_subs.len());
            for update in update_subs {
                row.push(self.probe(original, update)?);
            }
            compatible.push(row);
        }
        let matching = maximum_matching(&compatible);
        if matching.len() < original_subs.len().min(update_subs.len()) {
            self.emit(Kind::CombinedTypeSubschemasChanged);
        }
        for (i, j) in matching {
            if let (Some(original), Some(update)) = (original_subs.get(i), update_subs.get(j)) {
                self.compare_at(&format!("{original_criterion}/{i}"), original, update)?;
            }
        }
        let sum = update_criterion != "allOf";
        if update_subs.len() > original_subs.len() {
            self.emit(if sum {
                Kind::SumTypeExtended
            } else {
                Kind::ProductTypeExtended
            });
        } else if update_subs.len() < original_subs.len() {
            self.emit(if sum {
                Kind::SumTypeNarrowed
            } else {
                Kind::ProductTypeNarrowed
            });
        }
        Ok(())
    }

    fn compare_typed(&mut self, original: &'a Value, update: &'a Value) -> Result<()> {
        let old = types(original);
        let new = types(update);
        if !old.is_empty() && !new.is_empty() && old != new {
            let widened = old.iter().all(|o| new.iter().any(|n| type_covers(n, o)));
            let narrowed = new.iter().all(|n| old.iter().any(|o| type_covers(o, n)));
            let single = old.len() == 1 && new.len() == 1;
            let kind = match (widened, narrowed, single) {
                (true, _, true) => Kind::TypeExtended,
                (true, _, false) => Kind::SumTypeExtended,
                (false, true, true) => Kind::TypeNarrowed,
                (false, true, false) => Kind::SumTypeNarrowed,
                (false, false, _) => {
                    self.emit(Kind::TypeChanged);
                    return Ok(());
                }
            };
            self.emit(kind);
        }
        let both = |name: &str| {
            let has = |types: &[&str]| {
                types.is_empty()
                    || types
                        .iter()
                        .any(|t| *t == name || (name == "number" && *t == "integer"))
            };
            has(&old) && has(&new)
        };
        if both("string") {
            self.bound(
                "maxLength",
                [
                    Kind::MaxLengthAdded,
                    Kind::MaxLengthRemoved,
                    Kind::MaxLengthIncreased,
                    Kind::MaxLengthDecreased,
                ],
                original,
                update,
            );
            self.bound(
                "minLength",
                [
                    Kind::MinLengthAdded,
                    Kind::MinLengthRemoved,
                    Kind::MinLengthIncreased,
                    Kind::MinLengthDecreased,
                ],
                original,
                update,
            );
            match (keyword(original, "pattern"), keyword(update, "pattern")) {
                (Some(_), None) => self.emit_at("pattern", Kind::PatternRemoved),
                (None, Some(_)) => self.emit_at("pattern", Kind::PatternAdded),
                (Some(a), Some(b)) if a != b => self.emit_at("pattern", Kind::PatternChanged),
                _ => {}
            }
        }
        if both("number") {
            self.bound(
                "maximum",
                [
                    Kind::MaximumAdded,
                    Kind::MaximumRemoved,
                    Kind::MaximumIncreased,
                    Kind::MaximumDecreased,
                ],
                original,
                update,
            );
            self.bound(
                "minimum",
                [
                    Kind::MinimumAdded,
                    Kind::MinimumRemoved,
                    Kind::MinimumIncreased,
                    Kind::MinimumDecreased,
                ],
                original,
                update,
            );
            self.bound(
                "exclusiveMaximum",
                [
                    Kind::ExclusiveMaximumAdded,
                    Kind::ExclusiveMaximumRemoved,
                    Kind::ExclusiveMaximumIncreased,
                    Kind::ExclusiveMaximumDecreased,
                ],
                original,
                update,
            );
            self.bound(
                "exclusiveMinimum",
                [
                    Kind::ExclusiveMinimumAdded,
                    Kind::ExclusiveMinimumRemoved,
                    Kind::ExclusiveMinimumIncreased,
                    Kind::ExclusiveMinimumDecreased,
                ],
                original,
                update,
            );
            self.multiple_of(original, update);
        }
        if both("object") {
            self.compare_object(original, update)?;
        }
        if both("array") {
            self.compare_array(original, update)?;
        }
        self.compare_enum(original, update);
        match (keyword(original, "not"), keyword(update, "not")) {
            (Some(_), None) => self.emit_at("not", Kind::NotTypeNarrowed),
            (None, Some(_)) => self.emit_at("not", Kind::NotTypeExtended),
            (Some(old_not), Some(new_not)) => {
                // The update excludes less if its `not` accepts only what the original's accepted.
                let narrowed = self.probe(new_not, old_not)?;
                self.emit_at(
                    "not",
                    if narrowed {
                        Kind::NotTypeNarrowed
                    } else {
                        Kind::NotTypeExtended
                    },
                );
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// A numeric keyword: `[added, removed, increased, decreased]`.
    fn bound(&mut self, key: &str, kinds: [Kind; 4], original: &Value, update: &Value) {
        let number = |schema: &Value| keyword(schema, key).and_then(Value::as_f64);
        let [added, removed, increased, decreased] = kinds;
        let kind = match (number(original), number(update)) {
            (Some(_), None) => removed,
            (None, Some(_)) => added,
            (Some(old), Some(new)) if new > old => increased,
            (Some(old), Some(new)) if new < old => decreased,
            _ => return,
        };
        self.emit_at(key, kind);
    }

    /// `multipleOf`: a divisor of the old one accepts more (REDUCED), a multiple accepts less.
    fn multiple_of(&mut self, original: &Value, update: &Value) {
        let number = |schema: &Value| keyword(schema, "multipleOf").and_then(Value::as_f64);
        let divides = |divisor: f64, value: f64| {
            let ratio = value / divisor;
            divisor != 0.0 && (ratio - ratio.round()).abs() < 1e-9
        };
        let kind = match (number(original), number(update)) {
            (Some(_), None) => Kind::MultipleOfRemoved,
            (None, Some(_)) => Kind::MultipleOfAdded,
            (Some(old), Some(new)) if old == new => return,
            (Some(old), Some(new)) if divides(new, old) => Kind::MultipleOfReduced,
            (Some(old), Some(new)) if divides(old, new) => Kind::MultipleOfExpanded,
            (Some(_), Some(_)) => Kind::MultipleOfChanged,
            (None, None) => return,
        };
        self.emit_at("multipleOf", kind);
    }

    fn compare_object(&mut self, original: &'a Value, update: &'a Value) -> Result<()> {
        self.unlisted_properties(
            "additionalProperties",
            [
                Kind::AdditionalPropertiesAdded,
                Kind::AdditionalPropertiesRemoved,
                Kind::AdditionalPropertiesExtended,
                Kind::AdditionalPropertiesNarrowed,
            ],
            original,
            update,
        )?;
        self.unlisted_properties(
            "unevaluatedProperties",
            [
                Kind::UnevaluatedPropertiesAdded,
                Kind::UnevaluatedPropertiesRemoved,
                Kind::UnevaluatedPropertiesExtended,
                Kind::UnevaluatedPropertiesNarrowed,
            ],
            original,
            update,
        )?;
        let properties =
            |schema: &'a Value| keyword(schema, "properties").and_then(Value::as_object);
        let old_properties = properties(original);
        let new_properties = properties(update);
        let required = |schema: &'a Value| -> Vec<&'a str> {
            keyword(schema, "required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        };
        let old_required = required(original);
        let new_required = required(update);
        for name in &old_required {
            if !new_required.contains(name) {
                self.emit_at(&format!("required/{name}"), Kind::RequiredAttributeRemoved);
            }
        }
        for name in &new_required {
            if !old_required.contains(name) && old_properties.is_some_and(|p| p.contains_key(*name))
            {
                let has_default = new_properties
                    .and_then(|p| p.get(*name))
                    .is_some_and(|p| keyword(p, "default").is_some());
                self.emit_at(
                    &format!("required/{name}"),
                    if has_default {
                        Kind::RequiredAttributeWithDefaultAdded
                    } else {
                        Kind::RequiredAttributeAdded
                    },
                );
            }
        }
        for (name, old_property) in old_properties.into_iter().flatten() {
            let token = format!("properties/{name}");
            if let Some(new_property) = new_properties.and_then(|p| p.get(name)) {
                self.compare_at(&token, old_property, new_property)?;
                continue;
            }
            let kind = match (content_model(update), partial_schema(update, name)) {
                (ContentModel::Open, _) => Kind::PropertyRemovedFromOpenContentModel,
                // Confluent reports what the covering schema lacks as well as the verdict.
                (_, Some(covering)) => {
                    if self.compare_at(&token, old_property, covering)? {
                        Kind::PropertyRemovedIsCoveredByPartiallyOpenContentModel
                    } else {
                        Kind::PropertyRemovedNotCoveredByPartiallyOpenContentModel
                    }
                }
                (_, None) if old_property == &Value::Bool(false) => {
                    Kind::PropertyWithFalseRemovedFromClosedContentModel
                }
                (_, None) => Kind::PropertyRemovedFromClosedContentModel,
            };
            self.emit_at(&token, kind);
        }
        for (name, new_property) in new_properties.into_iter().flatten() {
            if old_properties.is_some_and(|p| p.contains_key(name)) {
                continue;
            }
            let required = new_required.contains(&name.as_str());
            let has_default = keyword(new_property, "default").is_some();
            let token = format!("properties/{name}");
            let unopen = match (required, has_default) {
                (true, true) => Kind::RequiredPropertyWithDefaultAddedToUnopenContentModel,
                (true, false) => Kind::RequiredPropertyAddedToUnopenContentModel,
                (false, _) => Kind::OptionalPropertyAddedToUnopenContentModel,
            };
            let kind = match content_model(original) {
                ContentModel::Open if accepts_everything(new_property) => {
                    Kind::PropertyWithEmptySchemaAddedToOpenContentModel
                }
                ContentModel::Open if required && has_default => {
                    Kind::RequiredPropertyWithDefaultAddedToOpenContentModel
                }
                ContentModel::Open if required => Kind::RequiredPropertyAddedToOpenContentModel,
                ContentModel::Open => Kind::OptionalPropertyAddedToOpenContentModel,
                // Confluent reports whether the unlisted-property schema covers the new one (with
                // what it lacks), then the closed-model verdict on its required-ness.
                ContentModel::Partial | ContentModel::Closed => {
                    if let Some(covering) = partial_schema(original, name) {
                        let covered = self.compare_at(&token, covering, new_property)?;
                        self.emit_at(
                            &token,
                            if covered {
                                Kind::PropertyAddedIsCoveredByPartiallyOpenContentModel
                            } else {
                                Kind::PropertyAddedNotCoveredByPartiallyOpenContentModel
                            },
                        );
                    }
                    unopen
                }
            };
            self.emit_at(&token, kind);
        }
        self.bound(
            "maxProperties",
            [
                Kind::MaxPropertiesAdded,
                Kind::MaxPropertiesRemoved,
                Kind::MaxPropertiesIncreased,
                Kind::MaxPropertiesDecreased,
            ],
            original,
            update,
        );
        self.bound(
            "minProperties",
            [
                Kind::MinPropertiesAdded,
                Kind::MinPropertiesRemoved,
                Kind::MinPropertiesIncreased,
                Kind::MinPropertiesDecreased,
            ],
            original,
            update,
        );
        Ok(())
    }

    /// `additionalProperties` or `unevaluatedProperties` (`key`): whether unlisted properties are
    /// allowed, and under which schema; `[added, removed, extended, narrowed]`.
    fn unlisted_properties(
        &mut self,
        key: &str,
        [added, removed, extended, narrowed]: [Kind; 4],
        original: &'a Value,
        update: &'a Value,
    ) -> Result<()> {
        let permits = |schema: &Value| keyword(schema, key) != Some(&Value::Bool(false));
        let schema_of = |schema: &'a Value| keyword(schema, key).filter(|s| s.is_object());
        match (permits(original), permits(update)) {
            (true, false) => self.emit_at(key, removed),
            (false, true) => self.emit_at(key, added),
            (false, false) => {}
            (true, true) => match (schema_of(original), schema_of(update)) {
                (None, Some(_)) => self.emit_at(key, narrowed),
                (Some(_), None) => self.emit_at(key, extended),
                (Some(old), Some(new)) => {
                    self.compare_at(key, old, new)?;
                }
                (None, None) => {}
            },
        }
        Ok(())
    }

    fn compare_array(&mut self, original: &'a Value, update: &'a Value) -> Result<()> {
        match (keyword(original, "items"), keyword(update, "items")) {
            (Some(Value::Array(old)), Some(Value::Array(new))) => {
                for (index, (old_item, new_item)) in old.iter().zip(new).enumerate() {
                    self.compare_at(&format!("items/{index}"), old_item, new_item)?;
                }
                let closed = |schema: &Value| {
                    keyword(schema, "additionalItems") == Some(&Value::Bool(false))
                };
                for index in old.len()..new.len() {
                    let kind = if closed(original) {
                        Kind::ItemAddedToClosedContentModel
                    } else {
                        Kind::ItemAddedToOpenContentModel
                    };
                    self.emit_at(&format!("items/{index}"), kind);
                }
                for index in new.len()..old.len() {
                    let kind = if closed(update) {
                        Kind::ItemRemovedFromClosedContentModel
                    } else {
                        Kind::ItemRemovedFromOpenContentModel
                    };
                    self.emit_at(&format!("items/{index}"), kind);
                }
            }
            (Some(old), Some(new)) => {
                self.compare_at("items", old, new)?;
            }
            (None, Some(_)) => self.emit_at("items", Kind::SchemaAdded),
            (Some(_), None) => self.emit_at("items", Kind::SchemaRemoved),
            (None, None) => {}
        }
        self.bound(
            "maxItems",
            [
                Kind::MaxItemsAdded,
                Kind::MaxItemsRemoved,
                Kind::MaxItemsIncreased,
                Kind::MaxItemsDecreased,
            ],
            original,
            update,
        );
        self.bound(
            "minItems",
            [
                Kind::MinItemsAdded,
                Kind::MinItemsRemoved,
                Kind::MinItemsIncreased,
                Kind::MinItemsDecreased,
            ],
            original,
            update,
        );
        let unique = |schema: &Value| keyword(schema, "uniqueItems") == Some(&Value::Bool(true));
        match (unique(original), unique(update)) {
            (false, true) => self.emit_at("uniqueItems", Kind::UniqueItemsAdded),
            (true, false) => self.emit_at("uniqueItems", Kind::UniqueItemsRemoved),
            _ => {}
        }
        Ok(())
    }

    /// `enum` and `const` as one set of allowed values: a superset is EXTENDED, a subset NARROWED.
    fn compare_enum(&mut self, original: &Value, update: &Value) {
        let values = |schema: &Value| -> Option<(&'static str, Vec<Value>)> {
            if let Some(Value::Array(values)) = keyword(schema, "enum") {
                return Some(("enum", values.clone()));
            }
            keyword(schema, "const").map(|value| ("const", vec![value.clone()]))
        };
        let kind = match (values(original), values(update)) {
            (None, None) => return,
            // everit reads `{"type": ..., "enum": [...]}` as allOf(type, enum): dropping the enum
            // drops a conjunct, which Confluent reports on the schema itself.
            (Some(_), None) if keyword(original, "type").is_some() => {
                self.emit(Kind::ProductTypeNarrowed);
                return;
            }
            (Some((token, _)), None) => (token, Kind::EnumArrayExtended),
            (None, Some((token, _))) => (token, Kind::EnumArrayNarrowed),
            (Some((_, old)), Some((token, new))) => {
                // As sets of serialised values: linear in the enum's size, not quadratic.
                let set = |values: &[Value]| -> HashSet<String> {
                    values.iter().map(Value::to_string).collect()
                };
                let (old, new) = (set(&old), set(&new));
                let superset = old.is_subset(&new);
                let subset = new.is_subset(&old);
                let const_change = token == "const" || keyword(original, "const").is_some();
                match (superset, subset) {
                    (true, true) => return,
                    _ if const_change => (token, Kind::EnumArrayChanged),
                    (true, false) => (token, Kind::EnumArrayExtended),
                    (false, true) => (token, Kind::EnumArrayNarrowed),
                    (false, false) => (token, Kind::EnumArrayChanged),
                }
            }
        };
        self.emit_at(kind.0, kind.1);
    }
}

/// A maximum bipartite matching (augmenting paths) of `compatible[i][j]`, as `(i, j)` pairs.
fn maximum_matching(compatible: &[Vec<bool>]) -> Vec<(usize, usize)> {
    let columns = compatible.first().map_or(0, Vec::len);
    let mut owner: Vec<Option<usize>> = vec![None; columns];
    fn augment(
        row: usize,
        compatible: &[Vec<bool>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        let Some(cells) = compatible.get(row) else {
            return false;
        };
        for (column, &ok) in cells.iter().enumerate() {
            if !ok || seen.get(column).copied().unwrap_or(true) {
                continue;
            }
            if let Some(flag) = seen.get_mut(column) {
                *flag = true;
            }
            let current = owner.get(column).copied().flatten();
            let free = match current {
                None => true,
                Some(other) => augment(other, compatible, seen, owner),
            };
            if free {
                if let Some(slot) = owner.get_mut(column) {
                    *slot = Some(row);
                }
                return true;
            }
        }
        false
    }
    for row in 0..compatible.len() {
        let mut seen = vec![false; columns];
        augment(row, compatible, &mut seen, &mut owner);
    }
    let mut pairs: Vec<(usize, usize)> = owner
        .iter()
        .enumerate()
        .filter_map(|(column, row)| row.map(|row| (row, column)))
        .collect();
    pairs.sort_unstable();
    pairs
}
