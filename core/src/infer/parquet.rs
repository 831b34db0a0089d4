//! Parquet: the schema, record count and size of a file from its footer alone.
//!
//! A Parquet file ends with `metadata | metadata length (u32 LE) | "PAR1"`. We read one tail of
//! [`FOOTER_GUESS`] bytes; when the metadata fits (almost always) that is the only read, otherwise one
//! more read fetches exactly the metadata. Data pages are never touched, so a 2 GB file costs what its
//! footer costs. The metadata is decoded by the `parquet` crate; the mapping of Parquet types to Hive types
//! is ours and follows glue.md §3.4:
//!
//! * signed integers by width (`tinyint`, `smallint`, `int`, `bigint`); unsigned ones widen to the next
//!   signed type that holds every value (`uint8` → `smallint`, ..., `uint64` → `decimal(20,0)`);
//! * `DECIMAL(p,s)` → `decimal(p,s)`, or `string` when p > 38 (Athena's maximum);
//! * `DATE` → `date`; `TIMESTAMP` in millis or micros and legacy `INT96` → `timestamp`; nanosecond
//!   timestamps → `bigint`, as real crawlers write them; `TIME` millis → `int`, micros/nanos → `bigint`;
//! * `STRING`/`ENUM`/`JSON` → `string`; un-annotated `BYTE_ARRAY`, `UUID`, `BSON` and geometry → `binary`;
//! * names are only lower-cased and made unique, never otherwise rewritten: engines read Parquet columns
//!   by name, and a renamed column would read as NULL;
//! * groups → `struct<...>`, `LIST` → `array<...>` (with the spec's backward-compatibility rules for
//!   two-level lists), `MAP` → `map<k,v>` (`array<struct<key,value>>` when the key is not primitive, since
//!   Hive map keys must be), and a bare repeated field → `array<...>`.

use parquet::basic::{ConvertedType, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::errors::ParquetError;
use parquet::file::metadata::{
    ParquetMetaData, ParquetMetaDataOptions, ParquetMetaDataReader, ParquetStatisticsPolicy,
};
use parquet::schema::types::Type;

use super::{InferredTable, crawler_parameters, parquet_rows};
use crate::catalog::{Column, StorageFormat};
use crate::error::{Error, Result};
use crate::names;
use crate::source::ByteSource;
use crate::types::{HiveType, StructField};

/// Bytes read from the end of the file on the first request. 64 KiB holds the footer of all but very wide
/// or very long files, and is what one HTTP Range request costs about as much as 8 bytes would.
pub const FOOTER_GUESS: u64 = 64 * 1024;
/// Largest footer we decode. Real footers of 2,000-column files with hundreds of row groups stay far below;
/// a larger claim is a corrupt or hostile file and must not make us allocate it.
pub const MAX_METADATA_LEN: u64 = 64 * 1024 * 1024;
/// Deepest nesting of groups we follow.
pub const MAX_DEPTH: usize = 100;

const TAIL_LEN: u64 = 8;
const MAGIC: &[u8] = b"PAR1";
const MAGIC_ENCRYPTED_FOOTER: &[u8] = b"PARE";
/// What a Parquet file starts with: `PAR1`, or `PARE` when its footer is encrypted.
pub const MAGICS: [&[u8]; 2] = [MAGIC, MAGIC_ENCRYPTED_FOOTER];

/// Infers the table for one Parquet file.
pub async fn infer(source: &impl ByteSource) -> Result<InferredTable> {
    let len = source.len().await?;
    let footer = read_footer(source, len).await?;
    infer_footer(&footer, len)
}

/// The table of a Parquet file of `len` bytes whose footer metadata is `footer`: its schema and the
/// footer's row count, read without decoding the row groups ([`parquet_rows`]), which a schema does not
/// need and which are most of a wide footer's bytes.
pub(crate) fn infer_footer(footer: &[u8], len: u64) -> Result<InferredTable> {
    let schema = ParquetMetaDataReader::decode_schema(footer).map_err(decode_error)?;
    let rows = parquet_rows::num_rows(footer)?;
    let rows = u64::try_from(rows)
        .map_err(|_| Error::malformed(format!("the footer gives a negative row count ({rows})")))?;
    let mut notes = Vec::new();
    let columns = columns(schema.root_schema(), &mut notes)?;
    Ok(InferredTable {
        columns,
        format: StorageFormat::parquet(),
        parameters: crawler_parameters("parquet", Some(rows), len),
        notes,
    })
}

/// The footer's metadata bytes, in one read when they fit [`FOOTER_GUESS`] and two otherwise.
pub(crate) async fn read_footer(source: &impl ByteSource, len: u64) -> Result<Vec<u8>> {
    let minimum = MAGIC.len() as u64 + TAIL_LEN;
    if len < minimum {
        return Err(Error::malformed(format!(
            "the file is {len} bytes long; a Parquet file has at least {minimum} (magic and footer)"
        )));
    }
    let tail_start = len.saturating_sub(FOOTER_GUESS);
    let tail = source.read(tail_start..len).await?;
    let (before_tail, trailer) = tail
        .split_last_chunk::<8>()
        .ok_or_else(|| Error::io("the byte source returned fewer bytes than asked for"))?;
    let (length_bytes, magic) = trailer.split_at(4);
    if magic == MAGIC_ENCRYPTED_FOOTER {
        return Err(Error::unsupported(
            "the footer is encrypted (Parquet modular encryption, magic \"PARE\"); its schema cannot be read without the key",
        ));
    }
    if magic != MAGIC {
        return Err(Error::malformed(format!(
            "not a Parquet file: it does not end with the magic \"PAR1\" (last 4 bytes: {}), so it is \
             truncated or in another format",
            hex(magic)
        )));
    }
    let metadata_len = u64::from(u32::from_le_bytes(
        length_bytes
            .try_into()
            .map_err(|_| Error::malformed("short footer length"))?,
    ));
    if metadata_len > len - minimum {
        return Err(Error::malformed(format!(
            "the footer claims {metadata_len} bytes of metadata but the file has only {len} bytes"
        )));
    }
    if metadata_len > MAX_METADATA_LEN {
        return Err(Error::too_large(format!(
            "the footer claims {metadata_len} bytes of metadata; Glueprint reads at most {MAX_METADATA_LEN}"
        )));
    }
    let metadata_start = len - TAIL_LEN - metadata_len;
    let in_tail = metadata_start
        .checked_sub(tail_start)
        .and_then(|offset| usize::try_from(offset).ok())
        .and_then(|offset| before_tail.get(offset..));
    match in_tail {
        Some(footer) => Ok(footer.to_vec()),
        None => source.read(metadata_start..len - TAIL_LEN).await,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes the whole footer with its column statistics, for value sampling and statistics. Encoding and
/// size statistics are skipped: nothing uses them, and skipping them makes wide footers cheaper.
pub(crate) fn decode(bytes: &[u8]) -> Result<ParquetMetaData> {
    let options = ParquetMetaDataOptions::new()
        .with_encoding_stats_policy(ParquetStatisticsPolicy::SkipAll)
        .with_size_stats_policy(ParquetStatisticsPolicy::SkipAll);
    ParquetMetaDataReader::decode_metadata_with_options(bytes, Some(&options)).map_err(decode_error)
}

fn decode_error(e: ParquetError) -> Error {
    match e {
        ParquetError::NYI(what) => Error::unsupported(format!(
            "the footer uses a feature the reader lacks: {what}"
        )),
        other => Error::malformed(format!("the footer metadata is corrupt: {other}")),
    }
}

/// The top-level columns, with a note for each name Athena can only use quoted.
fn columns(root: &Type, notes: &mut Vec<String>) -> Result<Vec<Column>> {
    let fields = group_fields(root)?;
    let names = names::by_name_column_names(fields.iter().map(|f| f.name()));
    for name in &names {
        if !names::is_athena_safe(name) {
            notes.push(format!(
                "Column \"{name}\" keeps characters other than a-z, 0-9 and _: Athena reads Parquet columns by name, \
                 so renaming it would read NULLs; quote it in queries."
            ));
        }
    }
    let mut columns = names
        .into_iter()
        .zip(fields)
        .map(|(name, field)| Ok(Column::new(name, field_type(field, 1)?)))
        .collect::<Result<Vec<_>>>()?;
    super::keep_original_names(&mut columns, fields.iter().map(|f| f.name()), notes);
    Ok(columns)
}

fn group_fields(group: &Type) -> Result<&[std::sync::Arc<Type>]> {
    match group {
        Type::GroupType { fields, .. } => Ok(fields),
        Type::PrimitiveType { .. } => Err(Error::malformed(format!(
            "`{}` should be a group but is a primitive field",
            group.name()
        ))),
    }
}

fn repetition(t: &Type) -> Option<Repetition> {
    let info = t.get_basic_info();
    info.has_repetition().then(|| info.repetition())
}

/// The Hive type of a field in a group, honouring its repetition.
fn field_type(t: &Type, depth: usize) -> Result<HiveType> {
    if repetition(t) == Some(Repetition::REPEATED) && !is_repeated_map_entry(t) {
        Ok(HiveType::Array(Box::new(value_type(t, depth)?)))
    } else {
        value_type(t, depth)
    }
}

/// The Hive type of a field's values, ignoring its repetition.
fn value_type(t: &Type, depth: usize) -> Result<HiveType> {
    if depth > MAX_DEPTH {
        return Err(Error::too_large(format!(
            "field `{}` is nested deeper than {MAX_DEPTH} levels",
            t.name()
        )));
    }
    let info = t.get_basic_info();
    match t {
        Type::PrimitiveType {
            physical_type,
            precision,
            scale,
            ..
        } => primitive_type(
            info.logical_type_ref(),
            info.converted_type(),
            *physical_type,
            *precision,
            *scale,
        ),
        Type::GroupType { .. } if is_repeated_map_entry(t) => map_from_entries(t, depth),
        Type::GroupType { .. } => match (info.logical_type_ref(), info.converted_type()) {
            (Some(LogicalType::List), _) | (_, ConvertedType::LIST) => list_type(t, depth),
            (Some(LogicalType::Map), _)
            | (_, ConvertedType::MAP | ConvertedType::MAP_KEY_VALUE) => map_type(t, depth),
            _ => struct_type(t, depth),
        },
    }
}

/// A repeated `MAP_KEY_VALUE` group without an outer `MAP` group: a legacy map written by old Hive.
fn is_repeated_map_entry(t: &Type) -> bool {
    !t.is_primitive()
        && repetition(t) == Some(Repetition::REPEATED)
        && t.get_basic_info().converted_type() == ConvertedType::MAP_KEY_VALUE
}

fn struct_type(group: &Type, depth: usize) -> Result<HiveType> {
    let fields = group_fields(group)?;
    if fields.is_empty() {
        return Err(Error::unsupported(format!(
            "group `{}` has no fields, and Hive has no empty struct type",
            group.name()
        )));
    }
    let names = names::by_name_column_names(fields.iter().map(|f| f.name()));
    let fields = names
        .into_iter()
        .zip(fields)
        .map(|(name, field)| Ok(StructField::new(name, field_type(field, depth + 1)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(HiveType::Struct(fields))
}

/// The only child of a LIST or MAP group, which the spec requires to be repeated.
fn single_repeated_child<'a>(group: &'a Type, annotation: &str) -> Result<&'a Type> {
    match group_fields(group)? {
        [child] if repetition(child) == Some(Repetition::REPEATED) => Ok(child),
        _ => Err(Error::malformed(format!(
            "{annotation} group `{}` must hold exactly one repeated field",
            group.name()
        ))),
    }
}

/// `LIST` groups, with the backward-compatibility rules of the Parquet spec (LogicalTypes.md, "Lists").
fn list_type(group: &Type, depth: usize) -> Result<HiveType> {
    let repeated = single_repeated_child(group, "LIST")?;
    let element = match repeated {
        // Two-level list of primitives: the repeated field is the element.
        Type::PrimitiveType { .. } => value_type(repeated, depth + 1)?,
        Type::GroupType { fields, .. } => {
            let legacy_name =
                repeated.name() == "array" || repeated.name() == format!("{}_tuple", group.name());
            match fields.as_slice() {
                // Standard three-level list: repeated group `list` { element }.
                [element] if !legacy_name => field_type(element, depth + 2)?,
                // Two-level list whose repeated group is itself the element struct.
                _ => struct_type(repeated, depth + 1)?,
            }
        }
    };
    Ok(HiveType::Array(Box::new(element)))
}

fn map_type(group: &Type, depth: usize) -> Result<HiveType> {
    map_from_entries(single_repeated_child(group, "MAP")?, depth + 1)
}

/// A map from its repeated `key_value` group (key first, optional value second).
fn map_from_entries(entries: &Type, depth: usize) -> Result<HiveType> {
    let malformed = || {
        Error::malformed(format!(
            "map entries `{}` must be a group of a key and at most one value",
            entries.name()
        ))
    };
    let (key, value) = match group_fields(entries).map_err(|_| malformed())? {
        [key] => (key, None),
        [key, value] => (key, Some(value)),
        _ => return Err(malformed()),
    };
    let key_type = value_type(key, depth + 1)?;
    let Some(value) = value else {
        // A key-only map is a set of keys.
        return Ok(HiveType::Array(Box::new(key_type)));
    };
    let value_type = field_type(value, depth + 1)?;
    if key_type.is_primitive() {
        Ok(HiveType::Map(Box::new(key_type), Box::new(value_type)))
    } else {
        Ok(HiveType::Array(Box::new(HiveType::Struct(vec![
            StructField::new("key", key_type),
            StructField::new("value", value_type),
        ]))))
    }
}

fn primitive_type(
    logical: Option<&LogicalType>,
    converted: ConvertedType,
    physical: Physical,
    precision: i32,
    scale: i32,
) -> Result<HiveType> {
    use HiveType as H;
    let from_logical = match logical {
        Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => Some(H::String),
        Some(LogicalType::Decimal(d)) => Some(decimal(d.precision, d.scale)?),
        Some(LogicalType::Date) => Some(H::Date),
        Some(LogicalType::Time(t)) => Some(if t.unit == TimeUnit::MILLIS {
            H::Int
        } else {
            H::BigInt
        }),
        Some(LogicalType::Timestamp(t)) => Some(if t.unit == TimeUnit::NANOS {
            H::BigInt
        } else {
            H::Timestamp
        }),
        Some(LogicalType::Integer(i)) => Some(integer(i.bit_width, i.is_signed)),
        Some(LogicalType::Float16) => Some(H::Float),
        Some(
            LogicalType::Uuid
            | LogicalType::Bson
            | LogicalType::Geometry(_)
            | LogicalType::Geography(_)
            | LogicalType::Variant(_),
        ) => Some(H::Binary),
        _ => None,
    };
    if let Some(t) = from_logical {
        return Ok(t);
    }
    let from_converted = match converted {
        ConvertedType::UTF8 | ConvertedType::ENUM | ConvertedType::JSON => Some(H::String),
        ConvertedType::DECIMAL => Some(decimal(precision, scale)?),
        ConvertedType::DATE => Some(H::Date),
        ConvertedType::TIME_MILLIS => Some(H::Int),
        ConvertedType::TIME_MICROS => Some(H::BigInt),
        ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS => Some(H::Timestamp),
        ConvertedType::INT_8 => Some(integer(8, true)),
        ConvertedType::INT_16 => Some(integer(16, true)),
        ConvertedType::INT_32 => Some(integer(32, true)),
        ConvertedType::INT_64 => Some(integer(64, true)),
        ConvertedType::UINT_8 => Some(integer(8, false)),
        ConvertedType::UINT_16 => Some(integer(16, false)),
        ConvertedType::UINT_32 => Some(integer(32, false)),
        ConvertedType::UINT_64 => Some(integer(64, false)),
        ConvertedType::BSON | ConvertedType::INTERVAL => Some(H::Binary),
        _ => None,
    };
    Ok(from_converted.unwrap_or(match physical {
        Physical::BOOLEAN => H::Boolean,
        Physical::INT32 => H::Int,
        Physical::INT64 => H::BigInt,
        Physical::INT96 => H::Timestamp,
        Physical::FLOAT => H::Float,
        Physical::DOUBLE => H::Double,
        Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY => H::Binary,
    }))
}

fn decimal(precision: i32, scale: i32) -> Result<HiveType> {
    HiveType::decimal_or_string(precision.into(), scale.into()).ok_or_else(|| {
        Error::malformed(format!(
            "invalid decimal precision {precision} and scale {scale}"
        ))
    })
}

fn integer(bit_width: i8, signed: bool) -> HiveType {
    match (bit_width, signed) {
        (8, true) => HiveType::TinyInt,
        (16, true) | (8, false) => HiveType::SmallInt,
        (32, true) | (16, false) => HiveType::Int,
        (64, false) => HiveType::Decimal {
            precision: 20,
            scale: 0,
        },
        _ => HiveType::BigInt,
    }
}
