//! Bounded, decompressed samples of text files (`infer::sample`): every whole-file compression Glue names
//! decodes to exactly the uncompressed sibling's bytes, a gzip bomb costs one bounded read, and damaged or
//! cut streams are malformed, never a panic. Fixtures are compiled in, so these tests also run on wasm32.
//! The fixtures under `data/compressed/` come from `data/compressed/generate.py` (Python's encoders).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::ops::Range;

use glueprint_core::infer::sample::{Compression, DEFAULT_SAMPLE_BYTES, Sample, read_sample};
use glueprint_core::source::{MemorySource, complete_now};
use glueprint_core::{ErrorKind, Result};
use wasm_bindgen_test::wasm_bindgen_test;

mod support;
use support::Recording;

macro_rules! shared {
    ($path:literal) => {
        include_bytes!(concat!("../../../shared/data/", $path)).as_slice()
    };
}

macro_rules! compressed {
    ($name:literal) => {
        include_bytes!(concat!("data/compressed/", $name)).as_slice()
    };
}

fn sample_of(bytes: &[u8], name: &str, max_bytes: usize) -> Result<Sample> {
    complete_now(read_sample(&MemorySource::new(bytes), name, max_bytes)).unwrap()
}

/// Decodes `bytes` with the default budget and checks the whole content came out.
fn assert_decodes(bytes: &[u8], name: &str, compression: Compression, expected: &[u8]) {
    let sample = sample_of(bytes, name, DEFAULT_SAMPLE_BYTES).unwrap();
    assert_eq!(sample.compression, compression, "{name}");
    assert_eq!(sample.bytes.len(), expected.len(), "{name}");
    assert!(sample.bytes == expected, "{name}: content differs");
    assert!(!sample.truncated, "{name}");
    assert_eq!(sample.stored_len, bytes.len() as u64, "{name}");
}

#[wasm_bindgen_test(unsupported = test)]
fn shared_fixtures_decode_to_their_siblings() {
    let csv = shared!("csv/header_comma.csv");
    assert_decodes(
        shared!("csv/header_comma.csv.gz"),
        "header_comma.csv.gz",
        Compression::Gzip,
        csv,
    );
    assert_decodes(
        shared!("csv/header_comma.csv.bz2"),
        "header_comma.csv.bz2",
        Compression::Bzip2,
        csv,
    );
    assert_decodes(
        shared!("json/records.jsonl.gz"),
        "records.jsonl.gz",
        Compression::Gzip,
        shared!("json/records.jsonl"),
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn every_codec_decodes_to_the_original() {
    let rows = compressed!("rows.csv");
    let cases: [(&[u8], &str, Compression); 10] = [
        (compressed!("rows.csv.gz"), "rows.csv.gz", Compression::Gzip),
        (
            compressed!("rows.csv.bz2"),
            "rows.csv.bz2",
            Compression::Bzip2,
        ),
        (
            compressed!("rows.csv.zst"),
            "rows.csv.zst",
            Compression::Zstd,
        ),
        (
            compressed!("rows.csv.lz4"),
            "rows.csv.lz4",
            Compression::Lz4,
        ),
        (
            compressed!("rows_framed.csv.snappy"),
            "rows_framed.csv.snappy",
            Compression::Snappy,
        ),
        (
            compressed!("rows_hadoop.csv.snappy"),
            "rows_hadoop.csv.snappy",
            Compression::Snappy,
        ),
        (
            compressed!("rows_hadoop.csv.lz4"),
            "rows_hadoop.csv.lz4",
            Compression::Lz4,
        ),
        (
            compressed!("rows.csv.deflate"),
            "rows.csv.deflate",
            Compression::Deflate,
        ),
        (
            compressed!("rows_raw.csv.deflate"),
            "rows_raw.csv.deflate",
            Compression::Deflate,
        ),
        (rows, "rows.csv", Compression::None),
    ];
    for (bytes, name, compression) in cases {
        assert_decodes(bytes, name, compression, rows);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn magic_bytes_win_over_the_name() {
    // Compressed content under a plain name is still found by its magic number.
    let rows = compressed!("rows.csv");
    for (bytes, compression) in [
        (compressed!("rows.csv.gz"), Compression::Gzip),
        (compressed!("rows.csv.bz2"), Compression::Bzip2),
        (compressed!("rows.csv.zst"), Compression::Zstd),
        (compressed!("rows.csv.lz4"), Compression::Lz4),
        (compressed!("rows_framed.csv.snappy"), Compression::Snappy),
    ] {
        assert_decodes(bytes, "part-00000", compression, rows);
    }
    // A zlib header alone is too ambiguous: without a deflate name the bytes are taken as they are.
    let deflate = compressed!("rows.csv.deflate");
    let sample = sample_of(deflate, "rows.csv", DEFAULT_SAMPLE_BYTES).unwrap();
    assert_eq!(sample.compression, Compression::None);
    assert_eq!(sample.bytes, deflate);
    assert_decodes(deflate, "ROWS.ZZ", Compression::Deflate, rows);
    assert_eq!(
        Compression::detect(b"x\x9c", "a.zlib"),
        Compression::Deflate
    );
    assert_eq!(Compression::detect(b"x\x9d", "a.txt"), Compression::None);
    assert_eq!(Compression::detect(b"", "a.gz"), Compression::Gzip);
    assert_eq!(Compression::detect(b"id,name", "a.csv"), Compression::None);
}

#[wasm_bindgen_test(unsupported = test)]
fn gzip_bomb_gives_a_bounded_sample_from_one_small_read() {
    let bomb = shared!("bad/bomb.csv.gz");
    let source = Recording::new(bomb);
    let sample = complete_now(read_sample(&source, "bomb.csv.gz", DEFAULT_SAMPLE_BYTES))
        .unwrap()
        .unwrap();
    assert_eq!(sample.compression, Compression::Gzip);
    assert_eq!(sample.bytes.len(), DEFAULT_SAMPLE_BYTES);
    assert!(sample.truncated);
    assert_eq!(sample.stored_len, bomb.len() as u64);
    let reads = source.reads.borrow();
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert!(
        source.bytes_read() <= DEFAULT_SAMPLE_BYTES as u64,
        "{reads:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn budget_smaller_than_content_truncates_to_exactly_the_budget() {
    let rows = compressed!("rows.csv");
    for (bytes, name) in [
        (rows, "rows.csv"),
        (compressed!("rows.csv.gz"), "rows.csv.gz"),
        (compressed!("rows.csv.bz2"), "rows.csv.bz2"),
        (compressed!("rows.csv.zst"), "rows.csv.zst"),
        (compressed!("rows.csv.lz4"), "rows.csv.lz4"),
        (compressed!("rows_framed.csv.snappy"), "x.snappy"),
        (compressed!("rows_hadoop.csv.snappy"), "y.snappy"),
        (compressed!("rows_hadoop.csv.lz4"), "z.lz4"),
        (compressed!("rows.csv.deflate"), "rows.csv.deflate"),
        (compressed!("rows_raw.csv.deflate"), "rows_raw.csv.deflate"),
    ] {
        for max in [0, 1, 1000, 100_000, rows.len() - 1] {
            let sample = sample_of(bytes, name, max).unwrap();
            assert!(sample.truncated, "{name} {max}");
            assert_eq!(sample.bytes, rows[..max], "{name} {max}");
        }
        // A budget of exactly the content is met without truncation.
        let sample = sample_of(bytes, name, rows.len()).unwrap();
        assert!(!sample.truncated, "{name}");
        assert_eq!(sample.bytes, rows, "{name}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn uncompressed_files_take_one_read_of_the_budget() {
    let rows = compressed!("rows.csv");
    let source = Recording::new(rows);
    let sample = complete_now(read_sample(&source, "rows.csv", 4096))
        .unwrap()
        .unwrap();
    assert_eq!(sample.bytes, rows[..4096]);
    assert!(sample.truncated);
    assert_eq!(
        source.reads.borrow().as_slice(),
        &[Range {
            start: 0,
            end: 4096
        }]
    );

    let empty = sample_of(b"", "empty.csv", DEFAULT_SAMPLE_BYTES).unwrap();
    assert_eq!(empty.bytes, b"");
    assert!(!empty.truncated);
    assert_eq!(empty.compression, Compression::None);
}

#[wasm_bindgen_test(unsupported = test)]
fn compressed_input_is_read_on_as_the_decoder_needs_it() {
    // Incompressible content: the first read (the budget's size) holds less than the whole stream, so
    // the reader reads on instead of calling the cut prefix malformed.
    let noise = compressed!("noise.bin");
    for (bytes, name) in [
        (compressed!("noise.bin.gz"), "noise.bin.gz"),
        (compressed!("noise.bin.bz2"), "noise.bin.bz2"),
        (compressed!("noise.bin.zst"), "noise.bin.zst"),
    ] {
        let source = Recording::new(bytes);
        let sample = complete_now(read_sample(&source, name, noise.len()))
            .unwrap()
            .unwrap();
        assert!(!sample.truncated, "{name}");
        assert!(sample.bytes == noise, "{name}");
        let reads = source.reads.borrow();
        assert!(reads.len() >= 2, "{name}: {reads:?}");
        // Reads are contiguous and never overlap: no byte is fetched twice.
        assert_eq!(source.bytes_read(), bytes.len() as u64, "{name}: {reads:?}");
        drop(reads);

        let sample = sample_of(bytes, name, noise.len() - 1).unwrap();
        assert!(sample.truncated, "{name}");
        assert_eq!(sample.bytes, noise[..noise.len() - 1], "{name}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn cut_streams_are_malformed() {
    for (bytes, name) in [
        (compressed!("rows.csv.gz"), "rows.csv.gz"),
        (compressed!("rows.csv.bz2"), "rows.csv.bz2"),
        (compressed!("rows.csv.zst"), "rows.csv.zst"),
        (compressed!("rows.csv.lz4"), "rows.csv.lz4"),
        (compressed!("rows_hadoop.csv.snappy"), "rows.csv.snappy"),
        (compressed!("rows_hadoop.csv.lz4"), "rows.csv.lz4"),
        (compressed!("rows.csv.deflate"), "rows.csv.deflate"),
        (shared!("csv/header_comma.csv.gz"), "header_comma.csv.gz"),
        (shared!("csv/header_comma.csv.bz2"), "header_comma.csv.bz2"),
    ] {
        for cut in [3, 10, 20, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            let err = sample_of(&bytes[..cut], name, DEFAULT_SAMPLE_BYTES).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::Malformed,
                "{name} cut at {cut}: {err}"
            );
        }
        let cut = bytes.len() - 1;
        let err = sample_of(&bytes[..cut], name, DEFAULT_SAMPLE_BYTES).unwrap_err();
        assert!(
            err.message()
                .contains(&format!("compressed stream ends early at byte {cut}")),
            "{name}: {err}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_cut_stream_still_samples_when_the_budget_is_met_first() {
    // Only what the sample needs is decoded: damage past the budget is never seen.
    let gz = compressed!("rows.csv.gz");
    let sample = sample_of(&gz[..gz.len() / 2], "rows.csv.gz", 1000).unwrap();
    assert!(sample.truncated);
    assert_eq!(sample.bytes, compressed!("rows.csv")[..1000]);
}

#[wasm_bindgen_test(unsupported = test)]
fn garbage_after_a_magic_number_is_malformed() {
    let mut garbage = vec![0x1f, 0x8b];
    garbage.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let err = sample_of(&garbage, "data.csv", DEFAULT_SAMPLE_BYTES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");

    for (magic, name) in [
        (b"BZh9".as_slice(), "x.bz2"),
        (&[0x28, 0xb5, 0x2f, 0xfd], "x.zst"),
        (&[0x04, 0x22, 0x4d, 0x18], "x.lz4"),
        (
            &[0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59],
            "x.snappy",
        ),
        (b"", "x.gz"),
        (b"", "x.snappy"),
        (b"", "x.lz4"),
        (b"x\x9c", "x.deflate"),
    ] {
        let mut bytes = magic.to_vec();
        bytes.extend_from_slice(&garbage[2..]);
        let err = sample_of(&bytes, name, DEFAULT_SAMPLE_BYTES).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed, "{name}: {err}");
    }

    // A plain `.gz` name over bytes that are not gzip at all.
    let err = sample_of(b"id,name\n1,a\n", "plain.csv.gz", DEFAULT_SAMPLE_BYTES).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
}

#[wasm_bindgen_test(unsupported = test)]
fn glue_names() {
    assert_eq!(Compression::Gzip.glue_name(), "gzip");
    assert_eq!(Compression::None.glue_name(), "none");
}
