//! Avro value samples: the records of the first data blocks, decoded against the writer schema.
//!
//! Inference has read the header (and, for files up to [`avro::WHOLE_FILE_LEN`], the whole file); the
//! blocks after it are read up to [`SampleOptions::parquet_page_bytes`] compressed bytes in at most one
//! more request, decompressed to at most as many bytes in all, and decoded until
//! [`SampleOptions::parquet_rows`] records. Only whole blocks within the bytes read are decoded: a block
//! cut by the budget is left out (a finding when it is the first).
//!
//! The decoder here walks the schema and the bytes together and turns values straight into text, rather
//! than using apache-avro's datum reader: that reader allocates what a length prefix claims (up to
//! 512 MB per value, a process-wide setting) before it finds the block too short, so a few damaged
//! bytes could take the memory of a browser tab. Here every length is checked against the bytes left.
//!
//! Leaves are named as inference names columns and fields (lower-cased, de-duplicated by
//! [`names::column_names`] at every level): `address.city`; array items are values of their array's
//! leaf; map keys and values are the leaves `<map>.key` and `<map>.value`; every branch of a union
//! feeds the same leaf. A damaged block, a codec this build does not decode (`xz`) or a budget reached
//! is a finding; the values decoded before it are kept, and the table stands.

use std::collections::HashMap;
use std::io::Read;

use apache_avro::Schema as S;
use apache_avro::schema::{InnerDecimalSchema, NamesRef, ResolvedSchema, UuidSchema};

use super::{ColumnSample, FileSample, SampleOptions, ValueFormat, date_from_days};
use crate::Result;
use crate::infer::avro::{self, Inferred, SYNC_LEN, Varint, read_long};
use crate::names;
use crate::source::ByteSource;

/// Most values (all leaves together) one file's sample may hold: an array of nulls costs no bytes per
/// item, so the byte budgets alone would not bound it.
const MAX_VALUES: usize = 1_000_000;

/// Infers the table of an Avro file and samples the records of its first blocks.
pub(super) async fn sample(
    source: &impl ByteSource,
    options: &SampleOptions,
) -> Result<FileSample> {
    let Inferred {
        table,
        schema,
        codec,
        sync,
        blocks_at,
        mut head,
        len,
    } = avro::infer_parts(source, true).await?;
    let mut file = FileSample::of(table);
    let plan = match Plan::new(&schema, &file.table.columns) {
        Ok(plan) => plan,
        Err(why) => {
            file.findings.push(format!(
                "No values sampled: the schema cannot be followed ({why})."
            ));
            return Ok(file);
        }
    };
    let end = len.min(blocks_at.saturating_add(options.parquet_page_bytes));
    let held = head.len() as u64;
    if held < end {
        head.extend(source.read(held.max(blocks_at)..end).await?);
    }
    // Inference may hold more than the budget (a small file whole): only the budget is decoded.
    let data = usize::try_from(blocks_at)
        .ok()
        .zip(usize::try_from(end).ok())
        .and_then(|(at, end)| head.get(at..end))
        .unwrap_or_default();
    let blocks = Blocks {
        data,
        at: blocks_at,
        cut_by_budget: end < len,
        sync,
        codec: codec.as_deref().unwrap_or("null"),
        decompressed_budget: usize::try_from(options.parquet_page_bytes).unwrap_or(usize::MAX),
        rows: options.parquet_rows,
    };
    let (columns, findings) = blocks.decode(plan);
    file.columns = columns;
    file.findings = findings;
    Ok(file)
}

/// The data blocks read, and the budgets to decode them within.
struct Blocks<'a> {
    /// The file from the first block up to the end of what was read.
    data: &'a [u8],
    /// Offset of `data` in the file.
    at: u64,
    /// The read stopped at the byte budget before the end of the file.
    cut_by_budget: bool,
    sync: [u8; SYNC_LEN],
    codec: &'a str,
    decompressed_budget: usize,
    rows: usize,
}

impl Blocks<'_> {
    fn decode(self, mut plan: Plan) -> (Vec<ColumnSample>, Vec<String>) {
        let mut findings = Vec::new();
        let mut rest = self.data;
        let mut pos = self.at;
        let mut budget = self.decompressed_budget;
        let mut records = 0usize;
        let mut blocks = 0usize;
        while !rest.is_empty() && records < self.rows {
            let block = match next_block(rest, &self.sync) {
                Ok(block) => block,
                Err(BlockError::Short) if self.cut_by_budget => {
                    if blocks == 0 {
                        findings.push(format!(
                            "No values sampled: the first data block (at byte {pos}) is larger than \
                             the {}-byte sampling budget.",
                            self.data.len()
                        ));
                    }
                    break;
                }
                Err(BlockError::Short) => {
                    findings.push(format!(
                        "The data block at byte {pos} ends past the end of the file (truncated?): \
                         only the records before it are sampled."
                    ));
                    break;
                }
                Err(BlockError::Damaged(why)) => {
                    findings.push(format!(
                        "The data block at byte {pos} is damaged ({why}): only the records before \
                         it are sampled."
                    ));
                    break;
                }
            };
            let (content, cut) = match decompress(self.codec, block.content, budget) {
                Ok(decompressed) => decompressed,
                Err(Decompress::Unsupported) => {
                    findings.push(format!(
                        "Codec {} is not supported for value sampling in this build (only null, \
                         deflate, snappy, zstandard and bzip2 are): no values sampled.",
                        self.codec
                    ));
                    break;
                }
                Err(Decompress::Corrupt(why)) => {
                    findings.push(format!(
                        "The data block at byte {pos} does not decompress ({why}): only the \
                         records before it are sampled."
                    ));
                    break;
                }
            };
            budget = budget.saturating_sub(content.len());
            let mut reader = Reader {
                bytes: &content,
                pos: 0,
            };
            let wanted = block.records.min((self.rows - records) as u64);
            for n in 0..wanted {
                match plan.record(&mut reader, records) {
                    Ok(()) => records += 1,
                    // A record cut by the decompression budget: the budget, not damage, ends the sample.
                    Err(_) if cut => break,
                    Err(why) => {
                        findings.push(format!(
                            "Record {n} of the data block at byte {pos} could not be decoded ({why}): \
                             only the records before it are sampled."
                        ));
                        return (plan.finish(records), findings);
                    }
                }
            }
            if cut || budget == 0 {
                if records == 0 {
                    findings.push(format!(
                        "No values sampled: the data block at byte {pos} decompresses to more than \
                         the {}-byte sampling budget.",
                        self.decompressed_budget
                    ));
                }
                break;
            }
            blocks += 1;
            pos += block.len as u64;
            rest = rest.get(block.len..).unwrap_or_default();
        }
        (plan.finish(records), findings)
    }
}

struct Block<'a> {
    records: u64,
    content: &'a [u8],
    /// Bytes of the block with its header and sync marker.
    len: usize,
}

enum BlockError {
    /// The block ends after the bytes held.
    Short,
    Damaged(String),
}

/// The block at the start of `bytes`: `record count | byte size | bytes | sync marker`.
fn next_block<'a>(bytes: &'a [u8], sync: &[u8; SYNC_LEN]) -> Result<Block<'a>, BlockError> {
    let varint = |at: usize, what: &str| match read_long(bytes.get(at..).unwrap_or_default()) {
        Varint::Value(v, n) => u64::try_from(v)
            .map(|v| (v, n))
            .map_err(|_| BlockError::Damaged(format!("a negative {what}"))),
        Varint::Truncated => Err(BlockError::Short),
        Varint::Overlong => Err(BlockError::Damaged(format!("the {what} is no varint"))),
    };
    let (records, n) = varint(0, "record count")?;
    let (size, m) = varint(n, "byte size")?;
    let start = n + m;
    let end = usize::try_from(size)
        .ok()
        .and_then(|size| start.checked_add(size))
        .ok_or(BlockError::Short)?;
    let content = bytes.get(start..end).ok_or(BlockError::Short)?;
    let marker = bytes.get(end..end + SYNC_LEN).ok_or(BlockError::Short)?;
    if marker != sync.as_slice() {
        return Err(BlockError::Damaged(
            "its sync marker differs from the header's".to_owned(),
        ));
    }
    Ok(Block {
        records,
        content,
        len: end + SYNC_LEN,
    })
}

enum Decompress {
    Unsupported,
    Corrupt(String),
}

/// The block's content decompressed to at most `limit` bytes, and whether the limit cut it.
fn decompress(codec: &str, bytes: &[u8], limit: usize) -> Result<(Vec<u8>, bool), Decompress> {
    let corrupt = |e: &dyn std::fmt::Display| Decompress::Corrupt(e.to_string());
    let stream = |reader: &mut dyn Read| -> Result<(Vec<u8>, bool), Decompress> {
        let mut out = Vec::new();
        let room = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
        reader
            .take(room)
            .read_to_end(&mut out)
            .map_err(|e| corrupt(&e))?;
        let cut = out.len() > limit;
        out.truncate(limit);
        Ok((out, cut))
    };
    match codec {
        "null" => {
            let cut = bytes.len() > limit;
            Ok((bytes.get(..limit).unwrap_or(bytes).to_vec(), cut))
        }
        // Raw deflate (RFC 1951), without zlib's header.
        "deflate" => stream(&mut flate2::read::DeflateDecoder::new(bytes)),
        "zstandard" => {
            let mut input = bytes;
            let mut decoder =
                ruzstd::decoding::StreamingDecoder::new(&mut input).map_err(|e| corrupt(&e))?;
            stream(&mut decoder)
        }
        "bzip2" => stream(&mut bzip2::read::BzDecoder::new(bytes)),
        // Snappy's raw format, then the CRC-32 of the uncompressed bytes, big-endian.
        "snappy" => {
            let (compressed, crc) = bytes
                .split_last_chunk::<4>()
                .ok_or_else(|| corrupt(&"shorter than its checksum"))?;
            let size = snap::raw::decompress_len(compressed).map_err(|e| corrupt(&e))?;
            if size > limit {
                // All or nothing: a snappy block cannot be decoded in part. Nothing of it fits.
                return Ok((Vec::new(), true));
            }
            let out = snap::raw::Decoder::new()
                .decompress_vec(compressed)
                .map_err(|e| corrupt(&e))?;
            if crc32fast::hash(&out) != u32::from_be_bytes(*crc) {
                return Err(corrupt(&"its CRC-32 does not match"));
            }
            Ok((out, false))
        }
        _ => Err(Decompress::Unsupported),
    }
}

/// A cursor over one decompressed block.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn long(&mut self) -> Result<i64, String> {
        match read_long(self.bytes.get(self.pos..).unwrap_or_default()) {
            Varint::Value(v, n) => {
                self.pos += n;
                Ok(v)
            }
            Varint::Truncated => Err("the block ends inside a value".to_owned()),
            Varint::Overlong => Err("a number is not a valid varint".to_owned()),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let slice = self
            .pos
            .checked_add(n)
            .and_then(|end| self.bytes.get(self.pos..end))
            .ok_or_else(|| format!("a value claims {n} bytes, more than the block has left"))?;
        self.pos += n;
        Ok(slice)
    }

    /// A length prefix, checked against the bytes left before anything is allocated for it.
    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.long()?;
        let n = usize::try_from(n).map_err(|_| format!("a negative length ({n})"))?;
        self.take(n)
    }
}

/// How a value of one schema node is read and where its text goes.
enum Node {
    Null(usize),
    Boolean(usize),
    Int(usize),
    Date(usize),
    Long(usize),
    Float(usize),
    Double(usize),
    String(usize),
    /// `bytes`, as [`ValueFormat`] writes them (hex, or a scaled decimal).
    Bytes(usize, ValueFormat),
    Fixed(usize, usize, ValueFormat),
    /// Avro's `big-decimal`: bytes holding the unscaled value's bytes and then the scale.
    BigDecimal(usize),
    Enum(usize, Vec<String>),
    Union(Vec<Node>),
    Array(Box<Node>),
    Map(usize, Box<Node>),
    Record(Vec<Node>),
}

/// The schema as [`Node`]s, and the leaves its values go to.
struct Plan {
    columns: Vec<Node>,
    leaves: Vec<ColumnSample>,
    /// Values held in `leaves`.
    values: usize,
    /// The values of the record being decoded, kept apart until it decodes whole, so a record that
    /// fails half-way leaves no value behind.
    pending: Vec<(usize, Option<String>)>,
}

impl Plan {
    /// Follows the writer schema's top-level fields, which inference made the table's columns, in order.
    fn new(schema: &S, columns: &[crate::catalog::Column]) -> Result<Plan, String> {
        let S::Record(record) = schema else {
            return Err("the top-level schema is not a record".to_owned());
        };
        let resolved = ResolvedSchema::new(schema).map_err(|e| e.to_string())?;
        let mut compiler = Compiler {
            names: resolved.get_names(),
            leaves: Vec::new(),
            index: HashMap::new(),
            nodes: 0,
        };
        let nodes = record
            .fields
            .iter()
            .zip(columns)
            .map(|(field, column)| compiler.node(&field.schema, &column.name, &mut Vec::new(), 1))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            columns: nodes,
            leaves: compiler.leaves,
            values: 0,
            pending: Vec::new(),
        })
    }

    /// Decodes record number `record` (counted from the first sampled) into the leaves.
    fn record(&mut self, reader: &mut Reader<'_>, record: usize) -> Result<(), String> {
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        let decoded = self
            .columns
            .iter()
            .try_for_each(|node| self.value(node, reader, &mut pending, 1));
        if decoded.is_ok() {
            for (leaf, value) in pending.drain(..) {
                if let Some(leaf) = self.leaves.get_mut(leaf) {
                    if leaf.values.len() < record {
                        leaf.values.resize(record, None);
                    }
                    leaf.values.push(value);
                    self.values += 1;
                }
            }
        }
        self.pending = pending;
        decoded
    }

    fn value(
        &self,
        node: &Node,
        reader: &mut Reader<'_>,
        out: &mut Vec<(usize, Option<String>)>,
        depth: usize,
    ) -> Result<(), String> {
        if self.values + out.len() >= MAX_VALUES {
            return Err(format!(
                "the sample reached {MAX_VALUES} values (arrays of very many items)"
            ));
        }
        if depth > avro::MAX_DEPTH {
            return Err(format!("values nest deeper than {}", avro::MAX_DEPTH));
        }
        let (leaf, text) = match node {
            Node::Null(leaf) => (*leaf, None),
            Node::Boolean(leaf) => (
                *leaf,
                Some(match reader.take(1)? {
                    [0] => "false".to_owned(),
                    [1] => "true".to_owned(),
                    _ => return Err("a boolean is neither 0 nor 1".to_owned()),
                }),
            ),
            Node::Int(leaf) | Node::Long(leaf) => (*leaf, Some(reader.long()?.to_string())),
            Node::Date(leaf) => (*leaf, Some(date_from_days(i128::from(reader.long()?)))),
            Node::Float(leaf) => {
                let bytes = reader.take(4)?.try_into().map_err(|_| "short float")?;
                (*leaf, Some(f32::from_le_bytes(bytes).to_string()))
            }
            Node::Double(leaf) => {
                let bytes = reader.take(8)?.try_into().map_err(|_| "short double")?;
                (*leaf, Some(f64::from_le_bytes(bytes).to_string()))
            }
            Node::String(leaf) => (
                *leaf,
                Some(String::from_utf8_lossy(reader.bytes()?).into_owned()),
            ),
            Node::Bytes(leaf, format) => (*leaf, Some(format.bytes(reader.bytes()?))),
            Node::Fixed(leaf, size, format) => (*leaf, Some(format.bytes(reader.take(*size)?))),
            Node::BigDecimal(leaf) => {
                let mut inner = Reader {
                    bytes: reader.bytes()?,
                    pos: 0,
                };
                let unscaled = inner.bytes()?;
                let scale = u32::try_from(inner.long()?).unwrap_or(0);
                (*leaf, Some(ValueFormat::Decimal(scale).bytes(unscaled)))
            }
            Node::Enum(leaf, symbols) => {
                let index = reader.long()?;
                let symbol = usize::try_from(index)
                    .ok()
                    .and_then(|i| symbols.get(i))
                    .ok_or_else(|| format!("enum index {index} is not a symbol"))?;
                (*leaf, Some(symbol.clone()))
            }
            Node::Union(branches) => {
                let index = reader.long()?;
                let branch = usize::try_from(index)
                    .ok()
                    .and_then(|i| branches.get(i))
                    .ok_or_else(|| format!("union branch {index} does not exist"))?;
                return self.value(branch, reader, out, depth + 1);
            }
            Node::Array(item) => {
                return self.items(
                    reader,
                    |reader, out| self.value(item, reader, out, depth + 1),
                    out,
                );
            }
            Node::Map(key, value) => {
                return self.items(
                    reader,
                    |reader, out| {
                        let text = String::from_utf8_lossy(reader.bytes()?).into_owned();
                        out.push((*key, Some(text)));
                        self.value(value, reader, out, depth + 1)
                    },
                    out,
                );
            }
            Node::Record(fields) => {
                return fields
                    .iter()
                    .try_for_each(|field| self.value(field, reader, out, depth + 1));
            }
        };
        out.push((leaf, text));
        Ok(())
    }

    /// The blocks of an array or map: `count | items`, ended by a count of 0; a negative count is
    /// followed by the block's byte size.
    fn items(
        &self,
        reader: &mut Reader<'_>,
        mut item: impl FnMut(&mut Reader<'_>, &mut Vec<(usize, Option<String>)>) -> Result<(), String>,
        out: &mut Vec<(usize, Option<String>)>,
    ) -> Result<(), String> {
        loop {
            let count = reader.long()?;
            if count == 0 {
                return Ok(());
            }
            if count < 0 {
                reader.long()?;
            }
            // Every item takes a byte or yields a value, so the value cap in `value` ends any count.
            for _ in 0..count.unsigned_abs() {
                item(reader, out)?;
            }
        }
    }

    /// The leaves, each with one value per record at least (a leaf absent from a record is a null).
    fn finish(mut self, records: usize) -> Vec<ColumnSample> {
        for leaf in &mut self.leaves {
            leaf.values.resize(records.max(leaf.values.len()), None);
        }
        self.leaves
    }
}

/// Turns schema nodes into [`Node`]s, giving each leaf path its [`ColumnSample`].
struct Compiler<'s> {
    names: &'s NamesRef<'s>,
    leaves: Vec<ColumnSample>,
    index: HashMap<Vec<String>, usize>,
    nodes: usize,
}

impl Compiler<'_> {
    fn leaf(&mut self, column: &str, path: &[String]) -> usize {
        let key: Vec<String> = std::iter::once(column.to_owned())
            .chain(path.iter().cloned())
            .collect();
        let leaves = &mut self.leaves;
        *self.index.entry(key).or_insert_with(|| {
            leaves.push(ColumnSample {
                column: column.to_owned(),
                path: path.to_vec(),
                values: Vec::new(),
            });
            leaves.len() - 1
        })
    }

    fn node(
        &mut self,
        schema: &S,
        column: &str,
        path: &mut Vec<String>,
        depth: usize,
    ) -> Result<Node, String> {
        // Inference has checked both bounds on the same schema; they are kept here so this code does
        // not rely on it.
        self.nodes += 1;
        if depth > avro::MAX_DEPTH || self.nodes > avro::MAX_TYPE_NODES {
            return Err("the schema is too deep or too large".to_owned());
        }
        // Only scalars are leaves: a record, array, map or union column has no values of its own.
        let leaf = |compiler: &mut Self| compiler.leaf(column, path);
        Ok(match schema {
            S::Null => Node::Null(leaf(self)),
            S::Boolean => Node::Boolean(leaf(self)),
            S::Int | S::TimeMillis => Node::Int(leaf(self)),
            S::Long
            | S::TimeMicros
            | S::TimestampMillis
            | S::TimestampMicros
            | S::TimestampNanos
            | S::LocalTimestampMillis
            | S::LocalTimestampMicros
            | S::LocalTimestampNanos => Node::Long(leaf(self)),
            S::Date => Node::Date(leaf(self)),
            S::Float => Node::Float(leaf(self)),
            S::Double => Node::Double(leaf(self)),
            S::String | S::Uuid(UuidSchema::String) => Node::String(leaf(self)),
            S::Bytes | S::Uuid(UuidSchema::Bytes) => Node::Bytes(leaf(self), ValueFormat::Plain),
            S::Fixed(fixed) | S::Uuid(UuidSchema::Fixed(fixed)) | S::Duration(fixed) => {
                Node::Fixed(leaf(self), fixed.size, ValueFormat::Plain)
            }
            S::Decimal(decimal) => {
                let format = ValueFormat::Decimal(u32::try_from(decimal.scale).unwrap_or(0));
                match &decimal.inner {
                    InnerDecimalSchema::Bytes => Node::Bytes(leaf(self), format),
                    InnerDecimalSchema::Fixed(fixed) => Node::Fixed(leaf(self), fixed.size, format),
                }
            }
            S::BigDecimal => Node::BigDecimal(leaf(self)),
            S::Enum(e) => Node::Enum(leaf(self), e.symbols.clone()),
            S::Union(union) => Node::Union(
                union
                    .variants()
                    .iter()
                    .map(|variant| self.node(variant, column, path, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            S::Array(array) => Node::Array(Box::new(self.node(
                &array.items,
                column,
                path,
                depth + 1,
            )?)),
            S::Map(map) => {
                path.push("key".to_owned());
                let key = self.leaf(column, path);
                path.pop();
                path.push("value".to_owned());
                let value = self.node(&map.types, column, path, depth + 1);
                path.pop();
                Node::Map(key, Box::new(value?))
            }
            S::Record(record) => {
                let names = names::column_names(record.fields.iter().map(|f| f.name.as_str()));
                let mut fields = Vec::with_capacity(record.fields.len());
                for (name, field) in names.into_iter().zip(&record.fields) {
                    path.push(name);
                    let node = self.node(&field.schema, column, path, depth + 1);
                    path.pop();
                    fields.push(node?);
                }
                Node::Record(fields)
            }
            S::Ref { name } => {
                let names = self.names;
                let target = names
                    .get(name)
                    .ok_or_else(|| format!("undefined type {}", name.fullname(None)))?;
                return self.node(target, column, path, depth + 1);
            }
        })
    }
}
