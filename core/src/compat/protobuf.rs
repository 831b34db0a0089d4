//! Protobuf compatibility as Confluent's Schema Registry decides it (`protobuf-provider`'s diff).
//!
//! Messages are compared by full name, fields by number: what matters is the wire format. Confluent
//! calls a renamed or renumbered field, a removed field and enum changes compatible, and rejects a
//! removed message, a changed package, a field whose wire type group changes, a numeric label change,
//! required fields added or removed, and fields pulled into oneofs. Parsed with `protox-parse` (pure
//! Rust, no `protoc`); imports are not resolved, so a field whose type is not defined in the file is
//! compared by the name written.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use super::{Incompatibility, PairCheck};
use crate::{Error, Result};

difference_kinds! {
    doc: "Confluent's protobuf `Difference.Type`; `is_compatible`: whether Confluent accepts the change under BACKWARD (new reads old).";
    PackageChanged => "PACKAGE_CHANGED", false;
    MessageAdded => "MESSAGE_ADDED", true;
    MessageRemoved => "MESSAGE_REMOVED", false;
    MessageMoved => "MESSAGE_MOVED", true;
    EnumAdded => "ENUM_ADDED", true;
    EnumRemoved => "ENUM_REMOVED", true;
    EnumConstAdded => "ENUM_CONST_ADDED", true;
    EnumConstChanged => "ENUM_CONST_CHANGED", true;
    EnumConstRemoved => "ENUM_CONST_REMOVED", true;
    FieldAdded => "FIELD_ADDED", true;
    FieldRemoved => "FIELD_REMOVED", true;
    FieldNameChanged => "FIELD_NAME_CHANGED", true;
    FieldKindChanged => "FIELD_KIND_CHANGED", false;
    FieldScalarKindChanged => "FIELD_SCALAR_KIND_CHANGED", false;
    FieldNamedTypeChanged => "FIELD_NAMED_TYPE_CHANGED", false;
    FieldStringOrBytesLabelChanged => "FIELD_STRING_OR_BYTES_LABEL_CHANGED", true;
    FieldNumericLabelChanged => "FIELD_NUMERIC_LABEL_CHANGED", false;
    RequiredFieldAdded => "REQUIRED_FIELD_ADDED", false;
    RequiredFieldRemoved => "REQUIRED_FIELD_REMOVED", false;
    OneofAdded => "ONEOF_ADDED", true;
    OneofRemoved => "ONEOF_REMOVED", true;
    OneofFieldAdded => "ONEOF_FIELD_ADDED", true;
    OneofFieldRemoved => "ONEOF_FIELD_REMOVED", false;
    OneofFieldMovedToTopLevel => "ONEOF_FIELD_MOVED_TO_TOP_LEVEL", true;
    MultipleFieldsMovedToOneof => "MULTIPLE_FIELDS_MOVED_TO_ONEOF", false;
    FieldMovedToExistingOneof => "FIELD_MOVED_TO_EXISTING_ONEOF", false;
}

/// One change, at a Confluent-style path (`#/Message/3` = field 3 of `Message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    pub path: String,
}

/// The deepest nesting of braces, brackets and parentheses a `.proto` text may have; protox-parse
/// recurses per level.
const MAX_NESTING: usize = super::MAX_NESTING;

/// A parsed `.proto` file.
#[derive(Debug)]
pub struct ProtoSchema {
    /// Boxed: a descriptor is large, and schemas of all formats travel in one enum.
    file: Box<FileDescriptorProto>,
    canonical: String,
}

impl ProtoSchema {
    /// Parses a `.proto` text; an error says at which line and column.
    pub fn parse(text: &str) -> Result<ProtoSchema> {
        let mut depth = 0usize;
        for (at, byte) in text.bytes().enumerate() {
            match byte {
                b'{' | b'[' | b'(' | b'<' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let (line, column) = line_column(text, at);
                        return Err(Error::too_large(format!(
                            "the schema is nested deeper than {MAX_NESTING} levels at line {line}, column {column}"
                        )));
                    }
                }
                b'}' | b']' | b')' | b'>' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let mut file = protox_parse::parse("schema.proto", text).map_err(|error| {
            let place = error.span().map_or(String::new(), |span| {
                let (line, column) = line_column(text, span.start);
                format!(" at line {line}, column {column}")
            });
            Error::malformed(format!("not a valid Protobuf schema{place}: {error}"))
        })?;
        // The descriptor written back out, without its source positions: comments, whitespace and
        // spelling of the text do not count, declarations and their order do.
        file.source_code_info = None;
        let canonical = format!("{file:?}");
        Ok(ProtoSchema {
            file: Box::new(file),
            canonical,
        })
    }

    pub fn canonical(&self) -> &str {
        &self.canonical
    }
}

fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Whether `reader` (the new version) reads data written with `writer` (the old one).
pub fn can_read(reader: &ProtoSchema, writer: &ProtoSchema) -> Result<PairCheck> {
    let mut check = PairCheck::default();
    for difference in diff(writer, reader) {
        if !difference.kind.is_compatible() {
            check.push(Incompatibility {
                kind: super::Kind::Protobuf(difference.kind),
                message: format!("{} at {}", difference.kind, difference.path),
                location: difference.path,
            });
        }
    }
    Ok(check)
}

/// Every difference from `original` to `update`.
pub fn diff(original: &ProtoSchema, update: &ProtoSchema) -> Vec<Difference> {
    let mut found = Vec::new();
    let mut emit = |kind, path: String| found.push(Difference { kind, path });
    if original.file.package != update.file.package {
        emit(Kind::PackageChanged, "#/".into());
    }
    let old = Declarations::of(&original.file);
    let new = Declarations::of(&update.file);
    for (name, (index, message)) in &old.messages {
        let path = format!("#/{name}");
        match new.messages.get(name) {
            None => emit(Kind::MessageRemoved, path),
            Some((new_index, new_message)) => {
                if index != new_index {
                    emit(Kind::MessageMoved, path.clone());
                }
                compare_message(&path, (&old, message), (&new, new_message), &mut emit);
            }
        }
    }
    for name in new
        .messages
        .keys()
        .filter(|n| !old.messages.contains_key(*n))
    {
        emit(Kind::MessageAdded, format!("#/{name}"));
    }
    for (name, symbols) in &old.enums {
        let path = format!("#/{name}");
        let Some(new_symbols) = new.enums.get(name) else {
            emit(Kind::EnumRemoved, path);
            continue;
        };
        for (number, symbol) in symbols {
            match new_symbols.get(number) {
                None => emit(Kind::EnumConstRemoved, format!("{path}/{number}")),
                Some(new_symbol) if new_symbol != symbol => {
                    emit(Kind::EnumConstChanged, format!("{path}/{number}"))
                }
                Some(_) => {}
            }
        }
        for number in new_symbols.keys().filter(|n| !symbols.contains_key(*n)) {
            emit(Kind::EnumConstAdded, format!("{path}/{number}"));
        }
    }
    for name in new.enums.keys().filter(|n| !old.enums.contains_key(*n)) {
        emit(Kind::EnumAdded, format!("#/{name}"));
    }
    found
}

/// A file's messages (with their position among their siblings) and enums, by full name without the
/// package.
struct Declarations<'a> {
    messages: BTreeMap<String, (usize, &'a DescriptorProto)>,
    enums: BTreeMap<String, BTreeMap<i32, String>>,
}

impl<'a> Declarations<'a> {
    fn of(file: &'a FileDescriptorProto) -> Declarations<'a> {
        let mut declarations = Declarations {
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
        };
        for enumeration in &file.enum_type {
            declarations.add_enum("", enumeration);
        }
        for (index, message) in file.message_type.iter().enumerate() {
            declarations.add_message("", index, message);
        }
        declarations
    }

    fn add_enum(&mut self, scope: &str, enumeration: &prost_types::EnumDescriptorProto) {
        let symbols = enumeration
            .value
            .iter()
            .map(|value| (value.number(), value.name().to_owned()))
            .collect();
        self.enums
            .insert(format!("{scope}{}", enumeration.name()), symbols);
    }

    /// Nesting is bounded by the brace count checked in [`ProtoSchema::parse`].
    fn add_message(&mut self, scope: &str, index: usize, message: &'a DescriptorProto) {
        let name = format!("{scope}{}", message.name());
        let inner = format!("{name}.");
        for enumeration in &message.enum_type {
            self.add_enum(&inner, enumeration);
        }
        for (nested_index, nested) in message.nested_type.iter().enumerate() {
            self.add_message(&inner, nested_index, nested);
        }
        self.messages.insert(name, (index, message));
    }

    /// What a field holds, for comparing wire compatibility.
    fn field_kind(&self, field: &FieldDescriptorProto) -> FieldKind {
        match field.r#type.and_then(|t| Type::try_from(t).ok()) {
            Some(Type::Message | Type::Group) => self.named(field),
            Some(Type::Enum) => FieldKind::Scalar(Group::Varint),
            Some(scalar) => FieldKind::Scalar(Group::of(scalar)),
            // protox-parse leaves named types unresolved: look the name up here.
            None => self.named(field),
        }
    }

    fn named(&self, field: &FieldDescriptorProto) -> FieldKind {
        let written = field.type_name().trim_start_matches('.');
        let matches = |full: &String| full == written || full.ends_with(&format!(".{written}"));
        if self.enums.keys().any(matches) {
            return FieldKind::Scalar(Group::Varint);
        }
        let message = self.messages.iter().find(|(full, _)| matches(full));
        match message {
            Some((_, (_, message)))
                if message
                    .options
                    .as_ref()
                    .is_some_and(|options| options.map_entry()) =>
            {
                FieldKind::Map
            }
            _ => FieldKind::Message(written.rsplit('.').next().unwrap_or(written).to_owned()),
        }
    }
}

/// Scalar types that share a wire encoding, as Confluent groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Varint,
    ZigZag,
    StringOrBytes,
    Fixed32,
    Fixed64,
    Float,
    Double,
}

impl Group {
    fn of(scalar: Type) -> Group {
        match scalar {
            Type::Sint32 | Type::Sint64 => Group::ZigZag,
            Type::String | Type::Bytes => Group::StringOrBytes,
            Type::Fixed32 | Type::Sfixed32 => Group::Fixed32,
            Type::Fixed64 | Type::Sfixed64 => Group::Fixed64,
            Type::Float => Group::Float,
            Type::Double => Group::Double,
            _ => Group::Varint,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum FieldKind {
    Scalar(Group),
    Message(String),
    Map,
}

impl FieldKind {
    fn class(&self) -> u8 {
        match self {
            FieldKind::Scalar(_) => 0,
            FieldKind::Message(_) => 1,
            FieldKind::Map => 2,
        }
    }
}

/// The real (not proto3-`optional` synthetic) oneof a field belongs to.
fn oneof(message: &DescriptorProto, field: &FieldDescriptorProto) -> Option<String> {
    if field.proto3_optional() {
        return None;
    }
    let index = usize::try_from(field.oneof_index?).ok()?;
    message.oneof_decl.get(index).map(|o| o.name().to_owned())
}

fn compare_message(
    path: &str,
    (old_file, old): (&Declarations<'_>, &DescriptorProto),
    (new_file, new): (&Declarations<'_>, &DescriptorProto),
    emit: &mut impl FnMut(Kind, String),
) {
    let by_number = |message: &DescriptorProto| -> HashMap<i32, usize> {
        message
            .field
            .iter()
            .enumerate()
            .map(|(at, field)| (field.number(), at))
            .collect()
    };
    let new_numbers = by_number(new);
    let old_numbers = by_number(old);
    let oneofs = |message: &DescriptorProto| -> BTreeSet<String> {
        message
            .field
            .iter()
            .filter_map(|field| oneof(message, field))
            .collect()
    };
    let (old_oneofs, new_oneofs) = (oneofs(old), oneofs(new));
    let mut moved_into: BTreeMap<String, usize> = BTreeMap::new();
    for field in &old.field {
        let field_path = format!("{path}/{}", field.number());
        let required = |f: &FieldDescriptorProto| f.label() == Label::Required;
        let Some(new_field) = new_numbers
            .get(&field.number())
            .and_then(|at| new.field.get(*at))
        else {
            let kind = if required(field) {
                Kind::RequiredFieldRemoved
            } else if oneof(old, field).is_some() {
                Kind::OneofFieldRemoved
            } else {
                Kind::FieldRemoved
            };
            emit(kind, field_path);
            continue;
        };
        if field.name() != new_field.name() {
            emit(Kind::FieldNameChanged, field_path.clone());
        }
        let (old_kind, new_kind) = (old_file.field_kind(field), new_file.field_kind(new_field));
        if old_kind.class() != new_kind.class() {
            emit(Kind::FieldKindChanged, field_path.clone());
        } else {
            match (&old_kind, &new_kind) {
                (FieldKind::Scalar(a), FieldKind::Scalar(b)) if a != b => {
                    emit(Kind::FieldScalarKindChanged, field_path.clone())
                }
                (FieldKind::Message(a), FieldKind::Message(b)) if a != b => {
                    emit(Kind::FieldNamedTypeChanged, field_path.clone())
                }
                _ => {}
            }
        }
        if field.label() != new_field.label() {
            match old_kind {
                FieldKind::Scalar(Group::StringOrBytes) => {
                    emit(Kind::FieldStringOrBytesLabelChanged, field_path.clone())
                }
                FieldKind::Scalar(_) if required(field) != required(new_field) => emit(
                    if required(new_field) {
                        Kind::RequiredFieldAdded
                    } else {
                        Kind::RequiredFieldRemoved
                    },
                    field_path.clone(),
                ),
                FieldKind::Scalar(_) => emit(Kind::FieldNumericLabelChanged, field_path.clone()),
                // Confluent reports no label change on message-typed fields.
                FieldKind::Message(_) | FieldKind::Map => {}
            }
        }
        match (oneof(old, field), oneof(new, new_field)) {
            (Some(_), None) => emit(Kind::OneofFieldMovedToTopLevel, field_path),
            (None, Some(group)) => {
                if old_oneofs.contains(&group) {
                    emit(Kind::FieldMovedToExistingOneof, field_path);
                } else {
                    *moved_into.entry(group).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    for (group, moved) in moved_into {
        if moved > 1 {
            emit(Kind::MultipleFieldsMovedToOneof, format!("{path}/{group}"));
        }
    }
    for field in new
        .field
        .iter()
        .filter(|f| !old_numbers.contains_key(&f.number()))
    {
        let field_path = format!("{path}/{}", field.number());
        let kind = if field.label() == Label::Required {
            Kind::RequiredFieldAdded
        } else if oneof(new, field).is_some() {
            Kind::OneofFieldAdded
        } else {
            Kind::FieldAdded
        };
        emit(kind, field_path);
    }
    for group in old_oneofs.difference(&new_oneofs) {
        emit(Kind::OneofRemoved, format!("{path}/{group}"));
    }
    for group in new_oneofs.difference(&old_oneofs) {
        emit(Kind::OneofAdded, format!("{path}/{group}"));
    }
}
