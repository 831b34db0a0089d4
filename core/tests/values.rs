//! Value sampling of Parquet files: every built-in codec yields the same values, missing codecs are
//! findings, row and byte budgets hold, nested columns are sampled by their leaves, and damaged files
//! never panic. Values are compared through their statistics, since samples do not leave core. Fixtures
//! are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::Result;
use glueprint_core::infer::values::{ColumnSample, FileSample, SampleOptions, sample_file};
use glueprint_core::source::{ByteSource, MemorySource, complete_now};
use glueprint_core::stats::{self, ColumnStatistics};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::Recording;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../shared/data/parquet/", $name)).as_slice(),
        )
    };
}

fn sample_with(
    source: &impl ByteSource,
    name: &str,
    options: &SampleOptions,
) -> Result<FileSample> {
    complete_now(sample_file(source, name, options)).unwrap()
}

fn sample(name: &str, bytes: &[u8]) -> FileSample {
    sample_with(&MemorySource::new(bytes), name, &SampleOptions::default()).unwrap()
}

/// The statistics of a sample, exactness aside (the same numbers whatever the codec).
fn sampled_stats(file: &FileSample) -> Vec<ColumnStatistics> {
    stats::compute(file)
        .into_iter()
        .map(|mut s| {
            s.exact = Default::default();
            s
        })
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn every_built_in_codec_decodes_the_same_values() {
    let (_, none) = fixture!("flat_none.parquet");
    let reference = sampled_stats(&sample("flat_none.parquet", none));
    assert!(reference.iter().all(|s| s.sampled_rows == 200));
    for (name, bytes) in [
        fixture!("flat_snappy.parquet"),
        fixture!("flat_gzip.parquet"),
        fixture!("flat_lz4.parquet"),
        fixture!("flat_v1.parquet"),
    ] {
        let file = sample(name, bytes);
        assert!(file.findings.is_empty(), "{name}: {:?}", file.findings);
        // flat_v1 writes nanosecond timestamps as microseconds (a timestamp column, without
        // statistics): compare the columns both files type alike.
        let got = sampled_stats(&file);
        let mut compared = 0;
        for want in &reference {
            if let Some(got) = got
                .iter()
                .find(|g| g.column == want.column && g.column_type == want.column_type)
            {
                assert_eq!(got, want, "{name}");
                compared += 1;
            }
        }
        assert!(compared >= reference.len() - 1, "{name}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn codecs_left_out_of_the_build_are_findings_not_failures() {
    for (name, bytes, codec) in [
        ("flat_zstd.parquet", fixture!("flat_zstd.parquet").1, "ZSTD"),
        (
            "flat_brotli.parquet",
            fixture!("flat_brotli.parquet").1,
            "BROTLI",
        ),
    ] {
        let file = sample(name, bytes);
        // One note for the file, naming the codec and every column it left unsampled.
        assert_eq!(file.findings.len(), 1, "{name}: {:?}", file.findings);
        let finding = &file.findings[0];
        assert!(
            finding.starts_with(&format!(
                "Codec {codec} is not supported for value sampling"
            )),
            "{finding}"
        );
        for column in &file.table.columns {
            assert!(finding.contains(&column.name), "{name}: {finding}");
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn rows_are_read_across_row_groups_up_to_the_row_budget() {
    let (name, bytes) = fixture!("many_row_groups.parquet");
    let all = sample(name, bytes);
    assert!(all.columns.iter().all(|c| c.len() == 200));
    let options = SampleOptions {
        parquet_rows: 25,
        ..SampleOptions::default()
    };
    let source = Recording::new(bytes);
    let some = sample_with(&source, name, &options).unwrap();
    assert!(some.columns.iter().all(|c| c.len() == 25), "{some:?}");
    // 25 rows of 10-row groups: the chunks of three row groups are read, in one request after the
    // footer's, and not the other seventeen.
    assert_eq!(source.reads.borrow().len(), 2);
    let data = source.reads.borrow()[1].clone();
    assert!(
        (data.end - data.start) * 4 < bytes.len() as u64,
        "{data:?} of {}",
        bytes.len()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_file_within_the_footer_read_is_read_once() {
    let (name, bytes) = fixture!("pii.parquet");
    let source = Recording::new(bytes);
    let file = sample_with(&source, name, &SampleOptions::default()).unwrap();
    assert!(file.columns.iter().all(|c| c.len() == 200));
    // The whole file, as its footer read would be: no read of its first bytes, none per column chunk.
    assert_eq!(source.reads.borrow().len(), 1);
    assert_eq!(source.reads.borrow()[0], 0..bytes.len() as u64);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_row_group_costs_one_read_not_one_per_column() {
    let (name, bytes) = fixture!("wide_500.parquet");
    let footer_len =
        u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
    let footer_start = (bytes.len() - 8) as u64 - u64::from(footer_len);
    let source = Recording::new(bytes);
    let file = sample_with(&source, name, &SampleOptions::default()).unwrap();
    assert_eq!(file.columns.len(), 500);
    assert!(file.columns.iter().all(|c| !c.is_empty()));
    // Besides the magic and the footer: the 500 chunks of the row group in one request.
    let data_reads: Vec<_> = source
        .reads
        .borrow()
        .iter()
        .filter(|r| r.start >= 4 && r.end <= footer_start)
        .cloned()
        .collect();
    assert_eq!(data_reads.len(), 1);
    assert_eq!(data_reads[0], 4..footer_start);
}

#[wasm_bindgen_test(unsupported = test)]
fn the_byte_budget_bounds_the_page_reads() {
    let (name, bytes) = fixture!("pii.parquet");
    let source = Recording::new(bytes);
    let footer_only = {
        let probe = Recording::new(bytes);
        complete_now(glueprint_core::infer::infer_file(&probe, name))
            .unwrap()
            .unwrap();
        probe.bytes_read()
    };
    let options = SampleOptions {
        parquet_page_bytes: 3000,
        ..SampleOptions::default()
    };
    let file = sample_with(&source, name, &options).unwrap();
    assert!(source.bytes_read() <= footer_only + 3000 + 4);
    // Some chunks did not fit: their columns say how many rows they gave, none fails the file.
    assert!(!file.findings.is_empty());
    assert!(file.columns.iter().all(|c| c.len() <= 200));
}

#[wasm_bindgen_test(unsupported = test)]
fn nested_columns_are_sampled_by_their_leaves() {
    let (name, bytes) = fixture!("nested.parquet");
    let file = sample(name, bytes);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    let names: Vec<String> = file.columns.iter().map(|c| c.name()).collect();
    for leaf in ["id", "tags", "address.street", "address.geo.lat"] {
        assert!(names.iter().any(|n| n == leaf), "{leaf} not in {names:?}");
    }
    let lat = file
        .columns
        .iter()
        .find(|c| c.name() == "address.geo.lat")
        .unwrap();
    assert_eq!(lat.column(), "address");
    assert!(!lat.is_top_level());
}

/// Native only: on wasm32 a panic inside the parquet crate's page decoders aborts (see
/// `infer::values`), so this sweep cannot run there.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn damaged_parquet_files_never_fail_the_caller() {
    let (name, bytes) = fixture!("pii.parquet");
    for cut in (0..bytes.len()).step_by(97) {
        let _ = sample_with(
            &MemorySource::new(&bytes[..cut]),
            name,
            &SampleOptions::default(),
        );
    }
    for at in (4..bytes.len() - 8).step_by(13) {
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 0x5a;
        let _ = sample_with(&MemorySource::new(flipped), name, &SampleOptions::default());
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn text_files_cost_the_reads_of_inference_alone() {
    let csv = b"id,email\n1,a@example.com\n2,b@example.com\n";
    let probe = Recording::new(csv);
    complete_now(glueprint_core::infer::infer_file(&probe, "a.csv"))
        .unwrap()
        .unwrap();
    let source = Recording::new(csv);
    let file = sample_with(&source, "a.csv", &SampleOptions::default()).unwrap();
    assert_eq!(*source.reads.borrow(), *probe.reads.borrow());
    assert_eq!(file.columns.len(), 2);
    assert!(file.columns.iter().all(|c| c.len() == 2));
}

macro_rules! avro {
    ($codec:literal) => {
        (
            $codec,
            include_bytes!(concat!(
                "../../../shared/data/avro/orders_",
                $codec,
                ".avro"
            ))
            .as_slice(),
        )
    };
}

const ORDERS_NULL: &[u8] = include_bytes!("../../../shared/data/avro/orders_null.avro");

#[wasm_bindgen_test(unsupported = test)]
fn every_avro_codec_samples_the_same_values() {
    let reference = sample("orders.avro", ORDERS_NULL);
    assert!(reference.findings.is_empty(), "{:?}", reference.findings);
    let names: Vec<String> = reference.columns.iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "id",
            "customer",
            "status",
            "amount",
            "placed_at",
            "placed_on",
            "ref",
            "checksum",
            "lines.sku",
            "lines.qty",
            "lines.unit",
            "meta.key",
            "meta.value",
            "either",
            "score",
            "ok"
        ]
    );
    for name in ["id", "customer", "amount", "placed_on", "score", "ok"] {
        let column = reference.columns.iter().find(|c| c.name() == name).unwrap();
        assert_eq!(column.len(), 200, "{name}");
        assert!(column.is_top_level());
    }
    for (codec, bytes) in [
        avro!("deflate"),
        avro!("snappy"),
        avro!("zstandard"),
        avro!("bzip2"),
    ] {
        let file = sample("orders.avro", bytes);
        assert!(file.findings.is_empty(), "{codec}: {:?}", file.findings);
        // ColumnSample compares values but prints only counts.
        assert_eq!(file.columns, reference.columns, "{codec}");
    }
}

/// The values apache-avro's own reader gives for orders_null.avro, as statistics: core's sampler and
/// the crate's reader agree on numbers, decimals, dates, booleans and nulls.
#[wasm_bindgen_test(unsupported = test)]
fn avro_values_match_apache_avros_reader() {
    use apache_avro::types::Value;
    use stats::StatisticsData as D;
    let records: Vec<Vec<(String, Value)>> = apache_avro::Reader::new(ORDERS_NULL)
        .unwrap()
        .map(|r| match r.unwrap() {
            Value::Record(fields) => fields,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(records.len(), 200);
    let field = |name: &str| -> Vec<Value> {
        records
            .iter()
            .map(|r| r.iter().find(|(n, _)| n == name).unwrap().1.clone())
            .collect()
    };
    let longs: Vec<i64> = field("id")
        .into_iter()
        .map(|v| match v {
            Value::Long(n) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    let days: Vec<i32> = field("placed_on")
        .into_iter()
        .map(|v| match v {
            Value::Date(d) => d,
            other => panic!("{other:?}"),
        })
        .collect();
    let trues = field("ok")
        .iter()
        .filter(|v| matches!(v, Value::Boolean(true)))
        .count() as u64;
    let scores: Vec<f64> = field("score")
        .into_iter()
        .map(|v| match v {
            Value::Double(x) => x,
            other => panic!("{other:?}"),
        })
        .collect();
    let customers_null = field("customer")
        .iter()
        .filter(|v| matches!(v, Value::Union(_, inner) if **inner == Value::Null))
        .count() as u64;
    let amounts: Vec<i128> = field("amount")
        .into_iter()
        .map(|v| match v {
            Value::Decimal(d) => {
                let bytes: Vec<u8> = d.try_into().unwrap();
                let fill = if bytes[0] & 0x80 != 0 { 0xff } else { 0 };
                let mut word = [fill; 16];
                word[16 - bytes.len()..].copy_from_slice(&bytes);
                i128::from_be_bytes(word)
            }
            other => panic!("{other:?}"),
        })
        .collect();

    let file = sample("orders.avro", ORDERS_NULL);
    let stats = stats::compute(&file);
    let of = |name: &str| {
        stats
            .iter()
            .find(|s| s.column == name)
            .unwrap()
            .data
            .clone()
    };
    assert!(
        matches!(of("id"), D::Long { min, max, nulls: 0, distinct: 200 }
        if min == longs.iter().min().copied() && max == longs.iter().max().copied())
    );
    assert!(matches!(of("placed_on"), D::Date { min, max, nulls: 0, .. }
        if min == days.iter().min().map(|d| i64::from(*d))
            && max == days.iter().max().map(|d| i64::from(*d))));
    assert_eq!(
        of("ok"),
        D::Boolean {
            trues,
            falses: 200 - trues,
            nulls: 0
        }
    );
    assert!(matches!(of("score"), D::Double { min, max, nulls: 0, .. }
        if min == scores.iter().copied().reduce(f64::min)
            && max == scores.iter().copied().reduce(f64::max)));
    assert!(matches!(of("customer"), D::String { nulls, .. } if nulls == customers_null));
    assert!(
        matches!(of("amount"), D::Decimal { min, max, scale: 2, nulls: 0, .. }
        if min == amounts.iter().min().copied() && max == amounts.iter().max().copied())
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_xz_is_a_finding_and_the_schema_stands() {
    let (_, xz) = avro!("xz");
    let file = sample("orders.avro", xz);
    assert!(file.columns.iter().all(|c| c.is_empty()));
    assert_eq!(file.table.columns.len(), 13);
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert!(
        file.findings[0].starts_with("Codec xz is not supported for value sampling"),
        "{:?}",
        file.findings
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn avro_budgets_bound_records_and_bytes() {
    let options = SampleOptions {
        parquet_rows: 25,
        ..SampleOptions::default()
    };
    let file = sample_with(&MemorySource::new(ORDERS_NULL), "orders.avro", &options).unwrap();
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    assert!(
        file.columns
            .iter()
            .filter(|c| c.is_top_level())
            .all(|c| c.len() == 25)
    );
    // A byte budget smaller than the first block: the schema, no values, and a finding that says why.
    let options = SampleOptions {
        parquet_page_bytes: 100,
        ..SampleOptions::default()
    };
    let file = sample_with(&MemorySource::new(ORDERS_NULL), "orders.avro", &options).unwrap();
    assert!(file.columns.iter().all(|c| c.is_empty()));
    assert!(
        file.findings[0].contains("larger than the 100-byte sampling budget"),
        "{:?}",
        file.findings
    );
    // A budget that holds the compressed blocks but not what they decompress to: a streaming codec
    // gives the records that fit, snappy (all or nothing) none, and says so.
    let options = SampleOptions {
        parquet_page_bytes: 12_000,
        ..SampleOptions::default()
    };
    let (_, zstd) = avro!("zstandard");
    let file = sample_with(&MemorySource::new(zstd), "orders.avro", &options).unwrap();
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    let rows = file.columns[0].len();
    assert!(0 < rows && rows < 200, "{rows}");
    let (_, snappy) = avro!("snappy");
    let file = sample_with(&MemorySource::new(snappy), "orders.avro", &options).unwrap();
    assert!(file.columns.iter().all(|c| c.is_empty()));
    assert!(
        file.findings[0].contains("decompresses to more than the 12000-byte sampling budget"),
        "{:?}",
        file.findings
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_large_avro_file_costs_one_read_beyond_inference() {
    // 2 MiB of one block of 8-byte longs: larger than inference's whole-file read.
    let schema = r#"{"type":"record","name":"r","fields":[{"name":"n","type":"long"}]}"#;
    let records: Vec<i64> = (0..500_000).collect();
    let bytes = avro_file(schema, &records);
    assert!(bytes.len() > 1024 * 1024);
    let probe = Recording::new(&bytes);
    complete_now(glueprint_core::infer::infer_file(&probe, "big.avro"))
        .unwrap()
        .unwrap();
    let options = SampleOptions {
        parquet_page_bytes: 8 * 1024 * 1024,
        ..SampleOptions::default()
    };
    let source = Recording::new(&bytes);
    let file = sample_with(&source, "big.avro", &options).unwrap();
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    assert_eq!(file.columns[0].len(), 1000);
    assert_eq!(source.reads.borrow().len(), probe.reads.borrow().len() + 1);
}

/// A null-codec container of one long field per record, as one block (written by hand: the test must
/// not depend on the writer it checks).
fn avro_file(schema: &str, values: &[i64]) -> Vec<u8> {
    fn long(v: i64, out: &mut Vec<u8>) {
        let mut z = ((v << 1) ^ (v >> 63)) as u64;
        while z >= 0x80 {
            out.push((z as u8) | 0x80);
            z >>= 7;
        }
        out.push(z as u8);
    }
    let sync = [7u8; 16];
    let mut out = b"Obj\x01".to_vec();
    long(1, &mut out);
    long(11, &mut out);
    out.extend(b"avro.schema");
    long(schema.len() as i64, &mut out);
    out.extend(schema.as_bytes());
    long(0, &mut out);
    out.extend(sync);
    let mut block = Vec::new();
    for v in values {
        long(*v, &mut block);
    }
    long(values.len() as i64, &mut out);
    long(block.len() as i64, &mut out);
    out.extend(block);
    out.extend(sync);
    out
}

#[wasm_bindgen_test(unsupported = test)]
fn damaged_avro_blocks_are_findings() {
    // The block's content is cut short of its record count: the records before the damage are kept.
    let schema = r#"{"type":"record","name":"r","fields":[{"name":"n","type":"long"},{"name":"s","type":"string"}]}"#;
    let mut bytes = avro_file(schema, &[]);
    bytes.truncate(bytes.len() - 16 - 2); // drop the empty block
    let block: Vec<u8> = [2u8, 2, b'a', 4, 2, b'b', 6, 200].to_vec(); // 1 "a", 2 "b", 3 and a string past the end
    bytes.extend([6u8, (block.len() * 2) as u8]);
    bytes.extend(&block);
    bytes.extend([7u8; 16]);
    let file = sample("damaged.avro", &bytes);
    assert_eq!(file.table.parameters["recordCount"], "3");
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert!(
        file.findings[0].starts_with("Record 2 of the data block"),
        "{:?}",
        file.findings
    );
    assert!(file.columns.iter().all(|c| c.len() == 2));

    // A flipped byte inside a compressed block: a finding (or other values), never a failure.
    for (codec, good) in [
        avro!("deflate"),
        avro!("snappy"),
        avro!("zstandard"),
        avro!("bzip2"),
    ] {
        let header_end = good
            .windows(16)
            .position(|w| w == &good[good.len() - 16..])
            .unwrap()
            + 16;
        for at in (header_end..good.len()).step_by(7) {
            let mut flipped = good.to_vec();
            flipped[at] ^= 0x5a;
            let _ = sample_with(
                &MemorySource::new(flipped),
                "orders.avro",
                &SampleOptions::default(),
            );
        }
        let mut flipped = good.to_vec();
        flipped[header_end + 40] ^= 0xff;
        if let Ok(file) = sample_with(
            &MemorySource::new(flipped),
            "orders.avro",
            &SampleOptions::default(),
        ) {
            assert!(!file.findings.is_empty(), "{codec}");
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn truncated_avro_files_fail_as_inference_does_or_sample_what_is_whole() {
    for cut in (0..ORDERS_NULL.len()).step_by(53) {
        let bytes = &ORDERS_NULL[..cut];
        let inferred = complete_now(glueprint_core::infer::infer_file(
            &MemorySource::new(bytes),
            "orders.avro",
        ))
        .unwrap();
        let sampled = sample_with(
            &MemorySource::new(bytes),
            "orders.avro",
            &SampleOptions::default(),
        );
        match (inferred, sampled) {
            (Ok(table), Ok(file)) => assert_eq!(file.table, table),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("{cut}: inference {a:?}, sampling {b:?}"),
        }
    }
}

macro_rules! orc {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../shared/data/orc/", $name)).as_slice(),
        )
    };
}

const ORC_FLAT: [(&str, &[u8]); 5] = [
    orc!("flat_uncompressed.orc"),
    orc!("flat_zlib.orc"),
    orc!("flat_snappy.orc"),
    orc!("flat_lz4.orc"),
    orc!("flat_zstd.orc"),
];

/// pyarrow's values of flat_*.orc, as `data/values/orc_flat_pyarrow.py` (beside it) wrote them.
const ORC_FLAT_PYARROW: &str = include_str!("data/values/orc_flat_pyarrow.json");

/// The samples pyarrow's values make, formatted as core formats them: `ColumnSample`s compare their
/// values, while their `Debug` (what a failed assertion prints) shows only counts.
fn orc_flat_expected() -> Vec<(String, ColumnSample)> {
    let oracle: serde_json::Value = serde_json::from_str(ORC_FLAT_PYARROW).unwrap();
    oracle["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|column| {
            let name = column["column"].as_str().unwrap();
            let kind = column["kind"].as_str().unwrap();
            let values = column["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    Some(match (kind, v) {
                        (_, serde_json::Value::Null) => return None,
                        ("float", v) => {
                            (v.as_str().unwrap().parse::<f64>().unwrap() as f32).to_string()
                        }
                        ("double", v) => v.as_str().unwrap().parse::<f64>().unwrap().to_string(),
                        ("integer", v) => v.as_i64().unwrap().to_string(),
                        ("boolean", v) => v.as_bool().unwrap().to_string(),
                        (_, v) => v.as_str().unwrap().to_owned(),
                    })
                })
                .collect();
            (kind.to_owned(), ColumnSample::new(name, values))
        })
        .collect()
}

/// Every codec of flat_*.orc samples the values pyarrow reads, column for column; the timestamp
/// columns, which core does not decode, are one finding each.
#[wasm_bindgen_test(unsupported = test)]
fn every_orc_codec_samples_the_values_pyarrow_reads() {
    let expected = orc_flat_expected();
    let kinds: std::collections::BTreeSet<&str> =
        expected.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "binary", "boolean", "date", "decimal", "double", "float", "integer", "string"
        ]
    );
    let reference = sample("flat.orc", ORC_FLAT[0].1);
    for (name, bytes) in ORC_FLAT {
        let file = sample(name, bytes);
        assert_eq!(file.findings.len(), 2, "{name}: {:?}", file.findings);
        for (finding, column) in file.findings.iter().zip(["ts_ms", "ts_us"]) {
            assert!(
                finding.starts_with(&format!("Column {column} is not sampled: ORC timestamps")),
                "{name}: {finding}"
            );
        }
        assert_eq!(file.columns.len(), expected.len(), "{name}");
        for (kind, want) in &expected {
            let got = file
                .columns
                .iter()
                .find(|c| c.column() == want.column())
                .unwrap();
            assert_eq!(got.len(), 200, "{name} {}", want.column());
            assert_eq!(got, want, "{name}: column {} ({kind})", want.column());
        }
        assert_eq!(file.columns, reference.columns, "{name}");
    }
    // The samples feed statistics: nulls, sampled rows and string lengths of the sample.
    let stats = stats::compute(&reference);
    let maybe = stats.iter().find(|s| s.column == "maybe").unwrap();
    assert_eq!(maybe.sampled_rows, 200);
    let name = stats.iter().find(|s| s.column == "name").unwrap();
    assert!(matches!(
        name.data,
        stats::StatisticsData::String {
            max_length: 8,
            nulls: 0,
            ..
        }
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_small_orc_file_costs_the_reads_of_inference_alone() {
    let (name, bytes) = ORC_FLAT[1];
    let probe = Recording::new(bytes);
    complete_now(glueprint_core::infer::infer_file(&probe, name))
        .unwrap()
        .unwrap();
    let source = Recording::new(bytes);
    let file = sample_with(&source, name, &SampleOptions::default()).unwrap();
    assert!(!file.columns.is_empty());
    // The tail read held the whole file, first stripe included; the sampler's first-bytes probe aside.
    let probe_reads = probe.reads.borrow().clone();
    let reads = source.reads.borrow().clone();
    assert_eq!(reads[1..], probe_reads[..], "{reads:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn orc_budgets_bound_rows_and_bytes() {
    let (name, bytes) = ORC_FLAT[1];
    let options = SampleOptions {
        parquet_rows: 25,
        ..SampleOptions::default()
    };
    let file = sample_with(&MemorySource::new(bytes), name, &options).unwrap();
    assert!(!file.columns.is_empty());
    assert!(file.columns.iter().all(|c| c.len() == 25));
    // A first stripe larger than the byte budget: the schema, no values, and a finding that says why.
    let options = SampleOptions {
        parquet_page_bytes: 100,
        ..SampleOptions::default()
    };
    let file = sample_with(&MemorySource::new(bytes), name, &options).unwrap();
    assert!(file.columns.is_empty());
    assert_eq!(file.table.columns.len(), 15);
    assert!(
        file.findings[0].contains("more than the 100-byte sampling budget"),
        "{:?}",
        file.findings
    );
    // A budget that holds the compressed stripe but not all it decompresses to: the columns that fit
    // are sampled, the others are findings.
    let (name, bytes) = ORC_FLAT[1];
    let stripe = bytes.len() as u64 / 2;
    let options = SampleOptions {
        parquet_page_bytes: stripe,
        ..SampleOptions::default()
    };
    let file = sample_with(&MemorySource::new(bytes), name, &options).unwrap();
    if file.findings.len() > 2 {
        assert!(
            file.findings
                .iter()
                .any(|f| f.contains("decompresses past the sampling budget")),
            "{:?}",
            file.findings
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn nested_orc_columns_are_findings_and_flat_ones_are_sampled() {
    let (name, bytes) = orc!("nested.orc");
    let file = sample(name, bytes);
    let names: Vec<String> = file.columns.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["id"]);
    assert_eq!(file.columns[0].len(), 200);
    assert_eq!(file.findings.len(), 5, "{:?}", file.findings);
    assert!(
        file.findings
            .iter()
            .all(|f| f.ends_with("is not sampled: nested ORC columns are not sampled.")),
        "{:?}",
        file.findings
    );
}

/// Truncated and bit-flipped copies of every ORC fixture: a sample with findings, or the error
/// inference gives, never a panic.
#[wasm_bindgen_test(unsupported = test)]
fn damaged_orc_files_never_fail_the_sampler() {
    let truncated = include_bytes!("../../../shared/data/bad/truncated.orc").as_slice();
    let mut fixtures = ORC_FLAT.to_vec();
    fixtures.push(orc!("nested.orc"));
    fixtures.push(("truncated.orc", truncated));
    let mut sampled = 0;
    for (name, bytes) in fixtures {
        for cut in (0..bytes.len()).step_by(41) {
            let _ = sample_with(
                &MemorySource::new(&bytes[..cut]),
                name,
                &SampleOptions::default(),
            );
        }
        for at in (3..bytes.len()).step_by(17) {
            for mask in [0x01, 0xff] {
                let mut flipped = bytes.to_vec();
                flipped[at] ^= mask;
                if let Ok(file) =
                    sample_with(&MemorySource::new(flipped), name, &SampleOptions::default())
                {
                    sampled += usize::from(!file.columns.is_empty());
                }
            }
        }
    }
    assert!(sampled > 300, "{sampled}");
}

/// The first values of the ORC project's example files sample what pyarrow reads
/// (`data/values/orc_external_pyarrow.json`, written by the script beside it): RLE v1 and v2 written by
/// ORC Java and C++, dictionary strings, Hive 0.11 decimals, ORC 2.0's decimal64, every codec but LZO
/// (which inference refuses). Native only: the files are read from disk.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn external_orc_files_sample_the_values_pyarrow_reads() {
    let oracle: serde_json::Value =
        serde_json::from_str(include_str!("data/values/orc_external_pyarrow.json")).unwrap();
    let options = SampleOptions {
        parquet_rows: oracle["rows"].as_u64().unwrap() as usize,
        ..SampleOptions::default()
    };
    let (mut files, mut columns) = (0, 0);
    for (file, expected) in oracle["files"].as_object().unwrap() {
        let bytes =
            std::fs::read(support::shared(&format!("external/orc/examples/{file}"))).unwrap();
        let sample = match sample_with(&MemorySource::new(bytes), file, &options) {
            Ok(sample) => sample,
            Err(e) => {
                assert_eq!(file, "TestVectorOrcFile.testLzo.orc", "{e}");
                continue;
            }
        };
        files += 1;
        for column in expected.as_array().unwrap() {
            let name = column["column"].as_str().unwrap();
            let kind = column["kind"].as_str().unwrap();
            let values = column["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    let text = v.as_str()?;
                    Some(match kind {
                        "float" => (text.parse::<f64>().unwrap() as f32).to_string(),
                        "double" => text.parse::<f64>().unwrap().to_string(),
                        _ => text.to_owned(),
                    })
                })
                .collect();
            let got = sample.columns.iter().find(|c| c.column() == name);
            assert_eq!(
                got,
                Some(&ColumnSample::new(name, values)),
                "{file}: column {name} ({:?})",
                sample.findings
            );
            columns += 1;
        }
    }
    assert!(
        files >= 35 && columns >= 130,
        "{files} files, {columns} columns"
    );
}

/// The ORC project's example files (corrupt ones included): each samples, or fails as inference does,
/// without a panic. Native only: the files are read from disk.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn external_orc_files_sample_without_panic() {
    let files = support::walk(&support::shared("external/orc"));
    assert!(files.len() >= 40, "{}", files.len());
    let mut sampled = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let inferred = complete_now(glueprint_core::infer::infer_file(
            &MemorySource::new(bytes.as_slice()),
            "x.orc",
        ))
        .unwrap();
        let file = sample_with(
            &MemorySource::new(bytes.as_slice()),
            "x.orc",
            &SampleOptions::default(),
        );
        match (inferred, file) {
            (Ok(table), Ok(file)) => {
                assert_eq!(file.table, table, "{}", path.display());
                sampled += usize::from(!file.columns.is_empty());
                eprintln!(
                    "{}: {} columns sampled, findings {:?}",
                    path.display(),
                    file.columns.len(),
                    file.findings
                );
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{}", path.display()),
            (a, b) => panic!("{}: inference {a:?}, sampling {b:?}", path.display()),
        }
    }
    assert!(sampled >= 20, "{sampled}");
}
