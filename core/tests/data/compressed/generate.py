#!/usr/bin/env python3
"""Regenerates the compressed fixtures of core/tests/sample.rs (deterministic).

Needs: pip install zstandard lz4 python-snappy. gzip, bz2 and zlib are stdlib.
"""
import bz2
import gzip
import random
import struct
import zlib

import lz4.block
import lz4.frame
import snappy
import zstandard

rows = ["id,name,amount,day"]
for i in range(6000):
    rows.append(f"{i},name {i % 97},{i * 7 % 1000}.{i % 100:02d},2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
text = ("\n".join(rows) + "\n").encode()
open("rows.csv", "wb").write(text)
half = len(text) // 2

# gzip: two members back to back (as `cat a.gz b.gz` makes), with a file name in the first header.
with open("rows.csv.gz", "wb") as f:
    with gzip.GzipFile(filename="rows.csv", mode="wb", fileobj=f, mtime=0) as g:
        g.write(text[:half])
    f.write(gzip.compress(text[half:], mtime=0))
open("rows.csv.bz2", "wb").write(bz2.compress(text[:half]) + bz2.compress(text[half:]))
# zstd: two frames with a skippable frame between them, checksums on.
cctx = zstandard.ZstdCompressor(write_checksum=True)
skippable = struct.pack("<II", 0x184D2A50, 5) + b"hello"
open("rows.csv.zst", "wb").write(cctx.compress(text[:half]) + skippable + cctx.compress(text[half:]))
open("rows.csv.lz4", "wb").write(lz4.frame.compress(text, content_checksum=True, block_size=lz4.frame.BLOCKSIZE_MAX64KB))
# snappy framing format (what `python -m snappy -c` and snzip write); magic ff 06 00 00 sNaPpY.
open("rows_framed.csv.snappy", "wb").write(snappy.StreamCompressor().add_chunk(text))
# Hadoop block snappy: blocks of 64 KiB, each split into 16 KiB raw-snappy chunks.
out = bytearray()
for b in range(0, len(text), 65536):
    block = text[b:b + 65536]
    out += struct.pack(">I", len(block))
    for c in range(0, len(block), 16384):
        chunk = snappy.compress(block[c:c + 16384])
        out += struct.pack(">I", len(chunk)) + chunk
open("rows_hadoop.csv.snappy", "wb").write(bytes(out))
# Hadoop block LZ4 (Spark's `.lz4`): the same framing with raw LZ4 blocks.
out = bytearray()
for b in range(0, len(text), 65536):
    block = text[b:b + 65536]
    out += struct.pack(">I", len(block))
    for c in range(0, len(block), 16384):
        chunk = lz4.block.compress(block[c:c + 16384], store_size=False)
        out += struct.pack(">I", len(chunk)) + chunk
open("rows_hadoop.csv.lz4", "wb").write(bytes(out))
open("rows.csv.deflate", "wb").write(zlib.compress(text, 9))
raw = zlib.compressobj(9, zlib.DEFLATED, -15)
open("rows_raw.csv.deflate", "wb").write(raw.compress(text) + raw.flush())

# Incompressible content: compressed files larger than a sample budget of the content's size, so reading
# them takes more than one read.
rng = random.Random(7)
noise = bytes(rng.getrandbits(8) for _ in range(60_000))
open("noise.bin", "wb").write(noise)
open("noise.bin.gz", "wb").write(gzip.compress(noise, mtime=0))
open("noise.bin.bz2", "wb").write(bz2.compress(noise))
open("noise.bin.zst", "wb").write(zstandard.ZstdCompressor().compress(noise))
