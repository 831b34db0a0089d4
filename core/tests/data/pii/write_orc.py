"""Writes pii.orc and pii_v11.orc, the rows of ../shared/data/parquet/pii.parquet as ORC, for
core/tests/pii.rs: pii.orc as ORC 0.12 (integer RLE v2, zlib) and pii_v11.orc as ORC 0.11 (RLE v1,
uncompressed), both with dictionary-encoded strings, so the sampler's dictionary and both RLE versions
are checked against the Parquet file's values.

    python3 <this file> ../shared/data/parquet/pii.parquet <core>/tests/data/pii/
"""
import sys

import pyarrow.orc as orc
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
out = sys.argv[2].rstrip("/")
orc.write_table(table, f"{out}/pii.orc", compression="zlib", dictionary_key_size_threshold=1.0)
orc.write_table(
    table,
    f"{out}/pii_v11.orc",
    file_version="0.11",
    compression="uncompressed",
    dictionary_key_size_threshold=1.0,
)
