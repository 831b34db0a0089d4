//! ORC's run-length encodings, for value sampling ([`super::values`]): byte RLE, boolean RLE (byte RLE
//! of bit-packed bytes), and the integer encodings RLE v1 and v2 (all four v2 sub-encodings:
//! SHORT_REPEAT, DIRECT, PATCHED_BASE, DELTA), as the ORC v1 specification defines them.
//!
//! Written by hand rather than taken from a crate: the decoders pull bytes one at a time from a
//! [`Bytes`] source (the sampler's lazily decompressed streams), so a run is decoded only when a value
//! of it is wanted, and nothing is allocated from what the file claims. A run holds at most 512 values
//! (v2), 130 (v1 and byte RLE) or 31 patches: the buffers are bounded by the format, never by a length
//! read from the file. Every malformed run (a width no encoding defines, a varint past 64 bits, bytes
//! ending inside a run) is an error message, never a panic.

/// Why a run could not be decoded. Carries no value of the file, only what was wrong.
pub(crate) type RleResult<T> = std::result::Result<T, String>;

/// Where the decoders take their bytes from.
pub(crate) trait Bytes {
    /// The next byte, or an error when the stream has ended (or could not be read).
    fn byte(&mut self) -> RleResult<u8>;
}

/// A plain byte slice as a [`Bytes`] source.
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct Slice<'a>(pub &'a [u8]);

#[cfg(test)]
impl Bytes for Slice<'_> {
    fn byte(&mut self) -> RleResult<u8> {
        let (&first, rest) = self
            .0
            .split_first()
            .ok_or_else(|| "the stream ends inside a run".to_owned())?;
        self.0 = rest;
        Ok(first)
    }
}

/// An unsigned base-128 varint of at most 64 bits.
pub(crate) fn varint_u64(bytes: &mut impl Bytes) -> RleResult<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = bytes.byte()?;
        let low = u64::from(byte & 0x7f);
        if shift == 63 && low > 1 {
            break;
        }
        value |= low << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("a varint is longer than 64 bits".to_owned())
}

/// A zigzag-encoded signed varint of at most 64 bits.
pub(crate) fn varint_i64(bytes: &mut impl Bytes) -> RleResult<i64> {
    Ok(unzigzag(varint_u64(bytes)?))
}

/// A zigzag-encoded signed varint of at most 128 bits (ORC's decimal values).
pub(crate) fn varint_i128(bytes: &mut impl Bytes) -> RleResult<i128> {
    let mut value = 0u128;
    for shift in (0..128).step_by(7) {
        let byte = bytes.byte()?;
        let low = u128::from(byte & 0x7f);
        if shift == 126 && low > 3 {
            break;
        }
        value |= low << shift;
        if byte & 0x80 == 0 {
            let magnitude = i128::from_ne_bytes((value >> 1).to_ne_bytes());
            return Ok(if value & 1 == 1 {
                -magnitude - 1
            } else {
                magnitude
            });
        }
    }
    Err("a decimal varint is longer than 128 bits".to_owned())
}

fn unzigzag(value: u64) -> i64 {
    let magnitude = i64::from_ne_bytes((value >> 1).to_ne_bytes());
    if value & 1 == 1 {
        -magnitude - 1
    } else {
        magnitude
    }
}

fn as_i64(value: u64) -> i64 {
    i64::from_ne_bytes(value.to_ne_bytes())
}

/// Byte RLE: a control byte `0..=127` is a run of `control + 3` copies of the next byte, `-128..=-1`
/// (as a signed byte) is that many literal bytes.
#[derive(Debug, Default)]
pub(crate) struct ByteRle {
    /// The current run's literals (or its repeated byte once).
    run: Vec<u8>,
    repeat: bool,
    left: usize,
    at: usize,
}

impl ByteRle {
    pub(crate) fn next(&mut self, bytes: &mut impl Bytes) -> RleResult<u8> {
        if self.left == 0 {
            let control = bytes.byte()?;
            self.run.clear();
            self.at = 0;
            if control < 0x80 {
                self.repeat = true;
                self.left = usize::from(control) + 3;
                self.run.push(bytes.byte()?);
            } else {
                self.repeat = false;
                self.left = 256 - usize::from(control);
                for _ in 0..self.left {
                    self.run.push(bytes.byte()?);
                }
            }
        }
        let value = if self.repeat {
            self.run.first()
        } else {
            self.run.get(self.at)
        }
        .copied()
        .ok_or_else(|| "a byte run is empty".to_owned())?;
        self.at += 1;
        self.left -= 1;
        Ok(value)
    }
}

/// Boolean RLE: byte RLE of bytes whose bits, most significant first, are the values.
#[derive(Debug, Default)]
pub(crate) struct BoolRle {
    bytes: ByteRle,
    current: u8,
    bits_left: u8,
}

impl BoolRle {
    pub(crate) fn next(&mut self, bytes: &mut impl Bytes) -> RleResult<bool> {
        if self.bits_left == 0 {
            self.current = self.bytes.next(bytes)?;
            self.bits_left = 8;
        }
        self.bits_left -= 1;
        Ok(self.current >> self.bits_left & 1 == 1)
    }
}

/// Which integer RLE a stream uses: v1 for the `DIRECT` and `DICTIONARY` column encodings, v2 for
/// `DIRECT_V2` and `DICTIONARY_V2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntVersion {
    V1,
    V2,
}

/// Integer RLE v1 or v2 of a signed (zigzag) or unsigned stream. Values come out as `i64`; an unsigned
/// value above `i64::MAX` comes out as its bit pattern (callers reading lengths refuse negatives).
#[derive(Debug)]
pub(crate) struct IntRle {
    version: IntVersion,
    signed: bool,
    /// The current run, at most 512 values.
    run: Vec<i64>,
    at: usize,
}

/// The bit widths of RLE v2's 5-bit width codes.
fn decode_width(code: u8) -> u32 {
    match code {
        0..=23 => u32::from(code) + 1,
        24 => 26,
        25 => 28,
        26 => 30,
        27 => 32,
        28 => 40,
        29 => 48,
        30 => 56,
        _ => 64,
    }
}

/// The smallest width RLE v2 can encode that holds `bits` bits (the patch list's entry width).
fn closest_fixed_bits(bits: u32) -> u32 {
    match bits {
        0 => 1,
        1..=24 => bits,
        25..=26 => 26,
        27..=28 => 28,
        29..=30 => 30,
        31..=32 => 32,
        33..=40 => 40,
        41..=48 => 48,
        49..=56 => 56,
        _ => 64,
    }
}

/// Reads big-endian bit-packed values of up to 64 bits, most significant bit first.
struct BitReader {
    current: u8,
    bits_left: u32,
}

impl BitReader {
    fn new() -> Self {
        Self {
            current: 0,
            bits_left: 0,
        }
    }

    fn read(&mut self, bytes: &mut impl Bytes, width: u32) -> RleResult<u64> {
        let mut value = 0u64;
        let mut need = width;
        while need > 0 {
            if self.bits_left == 0 {
                self.current = bytes.byte()?;
                self.bits_left = 8;
            }
            let take = need.min(self.bits_left);
            let shifted = u64::from(self.current) >> (self.bits_left - take);
            // `take` is at most 8 (one byte's bits) and `width` at most 64: no shift overflows.
            value = value << take | shifted & ((1u64 << take) - 1);
            self.bits_left -= take;
            need -= take;
        }
        Ok(value)
    }
}

impl IntRle {
    pub(crate) fn new(version: IntVersion, signed: bool) -> Self {
        Self {
            version,
            signed,
            run: Vec::new(),
            at: 0,
        }
    }

    pub(crate) fn next(&mut self, bytes: &mut impl Bytes) -> RleResult<i64> {
        if self.at >= self.run.len() {
            self.run.clear();
            self.at = 0;
            match self.version {
                IntVersion::V1 => self.run_v1(bytes)?,
                IntVersion::V2 => self.run_v2(bytes)?,
            }
        }
        let value = self
            .run
            .get(self.at)
            .copied()
            .ok_or_else(|| "an integer run is empty".to_owned())?;
        self.at += 1;
        Ok(value)
    }

    fn base_varint(&self, bytes: &mut impl Bytes) -> RleResult<i64> {
        if self.signed {
            varint_i64(bytes)
        } else {
            varint_u64(bytes).map(as_i64)
        }
    }

    fn decoded(&self, raw: u64) -> i64 {
        if self.signed {
            unzigzag(raw)
        } else {
            as_i64(raw)
        }
    }

    /// RLE v1: a control byte `0..=127` is a run of `control + 3` values from a base with a signed
    /// byte delta; `-128..=-1` (as a signed byte) is that many literal varints.
    fn run_v1(&mut self, bytes: &mut impl Bytes) -> RleResult<()> {
        let control = bytes.byte()?;
        if control < 0x80 {
            let count = usize::from(control) + 3;
            let delta = i64::from(i8::from_ne_bytes([bytes.byte()?]));
            let mut value = self.base_varint(bytes)?;
            for _ in 0..count {
                self.run.push(value);
                value = value.wrapping_add(delta);
            }
        } else {
            for _ in 0..256 - usize::from(control) {
                let value = self.base_varint(bytes)?;
                self.run.push(value);
            }
        }
        Ok(())
    }

    fn run_v2(&mut self, bytes: &mut impl Bytes) -> RleResult<()> {
        let first = bytes.byte()?;
        match first >> 6 {
            0 => self.short_repeat(bytes, first),
            1 => self.direct(bytes, first),
            2 => self.patched_base(bytes, first),
            _ => self.delta(bytes, first),
        }
    }

    /// SHORT_REPEAT: 3 to 10 copies of one value of 1 to 8 big-endian bytes.
    fn short_repeat(&mut self, bytes: &mut impl Bytes, first: u8) -> RleResult<()> {
        let width = usize::from(first >> 3 & 0x07) + 1;
        let count = usize::from(first & 0x07) + 3;
        let mut raw = 0u64;
        for _ in 0..width {
            raw = raw << 8 | u64::from(bytes.byte()?);
        }
        let value = self.decoded(raw);
        self.run.extend(std::iter::repeat_n(value, count));
        Ok(())
    }

    /// The 9-bit run length of DIRECT, PATCHED_BASE and DELTA headers, plus one.
    fn length(first: u8, bytes: &mut impl Bytes) -> RleResult<usize> {
        Ok((usize::from(first & 0x01) << 8 | usize::from(bytes.byte()?)) + 1)
    }

    /// DIRECT: 1 to 512 bit-packed values of one width.
    fn direct(&mut self, bytes: &mut impl Bytes, first: u8) -> RleResult<()> {
        let width = decode_width(first >> 1 & 0x1f);
        let count = Self::length(first, bytes)?;
        let mut bits = BitReader::new();
        for _ in 0..count {
            let raw = bits.read(bytes, width)?;
            self.run.push(self.decoded(raw));
        }
        Ok(())
    }

    /// PATCHED_BASE: a base (sign-magnitude, 1 to 8 bytes), values of a narrow width added to it, and a
    /// patch list that puts the high bits back into the few values that did not fit.
    fn patched_base(&mut self, bytes: &mut impl Bytes, first: u8) -> RleResult<()> {
        let width = decode_width(first >> 1 & 0x1f);
        let count = Self::length(first, bytes)?;
        let third = bytes.byte()?;
        let base_bytes = u32::from(third >> 5 & 0x07) + 1;
        let patch_width = decode_width(third & 0x1f);
        let fourth = bytes.byte()?;
        let gap_width = u32::from(fourth >> 5 & 0x07) + 1;
        let patches = usize::from(fourth & 0x1f);
        let mut base = 0u64;
        for _ in 0..base_bytes {
            base = base << 8 | u64::from(bytes.byte()?);
        }
        let sign = 1u64 << (base_bytes * 8 - 1);
        let base = if base & sign == 0 {
            as_i64(base)
        } else {
            -as_i64(base & !sign)
        };
        let mut bits = BitReader::new();
        let mut unpacked = Vec::with_capacity(count);
        for _ in 0..count {
            unpacked.push(bits.read(bytes, width)?);
        }
        if patch_width + gap_width > 64 {
            return Err(format!(
                "a patched run's patches are {} bits wide, more than 64",
                patch_width + gap_width
            ));
        }
        let entry_width = closest_fixed_bits(patch_width + gap_width);
        let mut bits = BitReader::new();
        let mut list = Vec::with_capacity(patches);
        for _ in 0..patches {
            list.push(bits.read(bytes, entry_width)?);
        }
        let patch_mask = if patch_width >= 64 {
            u64::MAX
        } else {
            (1u64 << patch_width) - 1
        };
        let split = |entry: u64| -> (u64, u64) {
            let gap = if patch_width >= 64 {
                0
            } else {
                entry >> patch_width
            };
            (gap, entry & patch_mask)
        };
        // Each patch sits `gap` values after the previous one; a gap of 255 with an empty patch only
        // moves on, for gaps wider than the gap width allows.
        let mut entries = list.into_iter().map(split);
        let mut next_patch = |from: usize| -> RleResult<Option<(usize, u64)>> {
            let mut position = from as u64;
            loop {
                let Some((gap, patch)) = entries.next() else {
                    return Ok(None);
                };
                position = position.saturating_add(gap);
                if gap == 255 && patch == 0 {
                    continue;
                }
                return Ok(Some((
                    usize::try_from(position).unwrap_or(usize::MAX),
                    patch,
                )));
            }
        };
        let mut patch = next_patch(0)?;
        for (i, value) in unpacked.into_iter().enumerate() {
            let value = match patch {
                Some((at, high)) if at == i => {
                    patch = next_patch(i)?;
                    let high = if width >= 64 {
                        0
                    } else {
                        high.checked_shl(width).unwrap_or(0)
                    };
                    value | high
                }
                _ => value,
            };
            self.run.push(base.wrapping_add(as_i64(value)));
        }
        Ok(())
    }

    /// DELTA: a base value, a signed delta base, then (for a non-zero width) bit-packed delta
    /// magnitudes whose sign is the delta base's.
    fn delta(&mut self, bytes: &mut impl Bytes, first: u8) -> RleResult<()> {
        let code = first >> 1 & 0x1f;
        let width = if code == 0 { 0 } else { decode_width(code) };
        let count = Self::length(first, bytes)?;
        let base = self.base_varint(bytes)?;
        let delta_base = varint_i64(bytes)?;
        self.run.push(base);
        if width == 0 {
            let mut value = base;
            for _ in 1..count {
                value = value.wrapping_add(delta_base);
                self.run.push(value);
            }
            return Ok(());
        }
        let mut value = base.wrapping_add(delta_base);
        if count > 1 {
            self.run.push(value);
        }
        let mut bits = BitReader::new();
        for _ in 2..count {
            let delta = as_i64(bits.read(bytes, width)?);
            value = if delta_base < 0 {
                value.wrapping_sub(delta)
            } else {
                value.wrapping_add(delta)
            };
            self.run.push(value);
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ints(version: IntVersion, signed: bool, bytes: &[u8], count: usize) -> Vec<i64> {
        let mut source = Slice(bytes);
        let mut rle = IntRle::new(version, signed);
        let values = (0..count).map(|_| rle.next(&mut source).unwrap()).collect();
        assert!(source.0.is_empty(), "bytes left over");
        values
    }

    // The examples of the ORC v1 specification, "Run Length Encoding".

    #[test]
    fn v2_short_repeat() {
        assert_eq!(
            ints(IntVersion::V2, false, &[0x0a, 0x27, 0x10], 5),
            [10000; 5]
        );
    }

    #[test]
    fn v2_direct() {
        let bytes = [0x5e, 0x03, 0x5c, 0xa1, 0xab, 0x1e, 0xde, 0xad, 0xbe, 0xef];
        assert_eq!(
            ints(IntVersion::V2, false, &bytes, 4),
            [23713, 43806, 57005, 48879]
        );
    }

    #[test]
    fn v2_patched_base() {
        let bytes = [
            0x8e, 0x13, 0x2b, 0x21, 0x07, 0xd0, 0x1e, 0x00, 0x14, 0x70, 0x28, 0x32, 0x3c, 0x46,
            0x50, 0x5a, 0x64, 0x6e, 0x78, 0x82, 0x8c, 0x96, 0xa0, 0xaa, 0xb4, 0xbe, 0xfc, 0xe8,
        ];
        assert_eq!(
            ints(IntVersion::V2, false, &bytes, 20),
            [
                2030, 2000, 2020, 1000000, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110, 2120,
                2130, 2140, 2150, 2160, 2170, 2180, 2190
            ]
        );
    }

    #[test]
    fn v2_delta() {
        let bytes = [0xc6, 0x09, 0x02, 0x02, 0x22, 0x42, 0x42, 0x46];
        assert_eq!(
            ints(IntVersion::V2, false, &bytes, 10),
            [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
        );
    }

    #[test]
    fn v2_delta_with_a_fixed_step_and_signed_values() {
        // Width 0: the delta base is every delta. Base -3 (zigzag 5), step -2 (zigzag 3), 4 values.
        assert_eq!(
            ints(IntVersion::V2, true, &[0xc0, 0x03, 0x05, 0x03], 4),
            [-3, -5, -7, -9]
        );
    }

    #[test]
    fn v1_runs_and_literals() {
        // The specification's examples: a run of 100 sevens, and 10 values counting up by 2 from 2.
        assert_eq!(
            ints(IntVersion::V1, false, &[0x61, 0x00, 0x07], 100),
            [7; 100]
        );
        assert_eq!(
            ints(IntVersion::V1, false, &[0x61, 0xff, 0x64], 100),
            (1..=100).rev().collect::<Vec<_>>()
        );
        assert_eq!(
            ints(IntVersion::V1, false, &[0x07, 0x02, 0x02], 10),
            [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
        );
        assert_eq!(
            ints(
                IntVersion::V1,
                false,
                &[0xfb, 0x02, 0x03, 0x06, 0x07, 0x0b],
                5
            ),
            [2, 3, 6, 7, 11]
        );
        // Signed literals are zigzag: 1 → -1, 2 → 1.
        assert_eq!(ints(IntVersion::V1, true, &[0xfe, 0x01, 0x02], 2), [-1, 1]);
    }

    #[test]
    fn byte_and_boolean_rle() {
        // The specification's examples: 100 zeros; then 0x44, 0x45 as literals.
        let mut source = Slice(&[0x61, 0x00]);
        let mut rle = ByteRle::default();
        assert!((0..100).all(|_| rle.next(&mut source).unwrap() == 0));
        let mut source = Slice(&[0xfe, 0x44, 0x45]);
        let mut rle = ByteRle::default();
        assert_eq!(rle.next(&mut source).unwrap(), 0x44);
        assert_eq!(rle.next(&mut source).unwrap(), 0x45);
        // [0xff, 0x80]: one literal byte 0x80, so true then seven falses.
        let mut source = Slice(&[0xff, 0x80]);
        let mut bools = BoolRle::default();
        let got: Vec<bool> = (0..8).map(|_| bools.next(&mut source).unwrap()).collect();
        assert_eq!(got, [true, false, false, false, false, false, false, false]);
    }

    #[test]
    fn malformed_runs_are_errors() {
        // A run that ends early, a varint that never ends.
        let mut rle = IntRle::new(IntVersion::V2, false);
        assert!(rle.next(&mut Slice(&[0x5e, 0x03, 0x5c])).is_err());
        assert!(varint_u64(&mut Slice(&[0xff; 11])).is_err());
        assert!(varint_i128(&mut Slice(&[0xff; 20])).is_err());
        let mut rle = ByteRle::default();
        assert!(rle.next(&mut Slice(&[0x80, 1, 2])).is_err());
        // Every two-byte prefix of every header byte: an error or values, never a panic.
        for first in 0..=255u8 {
            for second in [0u8, 1, 0x7f, 0xff] {
                let bytes = [first, second, 0xff, 0xff, 0x80, 0x01, 0x00, 0xfe];
                let mut rle = IntRle::new(IntVersion::V2, true);
                let _ = rle.next(&mut Slice(&bytes));
                let mut rle = IntRle::new(IntVersion::V1, false);
                let _ = rle.next(&mut Slice(&bytes));
            }
        }
    }

    #[test]
    fn decimal_varints_are_zigzag_128_bits() {
        assert_eq!(varint_i128(&mut Slice(&[0x03])).unwrap(), -2);
        assert_eq!(varint_i128(&mut Slice(&[0x80, 0x01])).unwrap(), 64);
        // i128::MIN is zigzag u128::MAX: 18 bytes of 0xff and a final 0x03.
        let mut bytes = vec![0xffu8; 18];
        bytes.push(0x03);
        assert_eq!(varint_i128(&mut Slice(&bytes)).unwrap(), i128::MIN);
    }
}
