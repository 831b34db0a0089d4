//! Value sampling of Parquet files: every built-in codec yields the same values, missing codecs are
//! findings, row and byte budgets hold, nested columns are sampled by their leaves, and damaged files
//! never panic. Values are compared through their statistics, since samples do not leave core. Fixtures
//! are compiled in, so these tests also run on wasm32.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use glueprint_core::Result;
use glueprint_core::infer::values::{FileSample, SampleOptions, sample_file};
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

#[wasm_bindgen_test(unsupported = test)]
fn avro_and_orc_give_their_schema_and_a_finding() {
    let avro = include_bytes!("../../../shared/data/avro/orders_null.avro");
    let file = sample_with(
        &MemorySource::new(avro.as_slice()),
        "orders.avro",
        &SampleOptions::default(),
    )
    .unwrap();
    assert!(file.columns.is_empty());
    assert!(!file.table.columns.is_empty());
    assert!(
        file.findings[0].contains("not sampled from avro files"),
        "{:?}",
        file.findings
    );
}
