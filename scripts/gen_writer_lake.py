#!/usr/bin/env python3
"""Write the same table the way real lakes are written, one layout per writer.

    ~/.cache/fenji-venv/bin/python scripts/gen_writer_lake.py OUT [--mb 55]

Each table is about --mb MB (the sampling target applies to tables of 50 MB or more), drawn
from the benchmark lake's people table (``gen_bench_lake.people_chunk``), and written by the
tool itself with that tool's own defaults, not fenji's favourite settings:

* ``pyarrow_default/people.parquet``: ``pq.write_table`` with no options (one big row
  group, no page index).
* ``pyarrow_page_index/people.parquet``: ``write_page_index=True`` and 128 Ki-row row groups.
* ``duckdb/people.parquet``: DuckDB ``COPY ... TO ... (FORMAT parquet)``.
* ``spark/people/part-0000N-<uuid>-c000.snappy.parquet`` + ``_SUCCESS``: a Spark-style
  folder of four part files (pyarrow, Spark's 128 MiB row-group limit means one row
  group per part; no page index).
* ``export/people.csv.gz``: a gzip CSV export (pyarrow's CSV writer), --mb MB compressed.
* ``export_json/people.jsonl.gz``: a gzip JSON-lines export (DuckDB ``COPY ... (FORMAT json)``).

Deterministic for the same numpy, pyarrow and duckdb versions. Prints a JSON manifest
(layout -> path, bytes) on stdout.
"""

import argparse
import gzip
import json
import sys
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_bench_lake as bench  # noqa: E402

SEED = 20261128
# pyarrow default Parquet bytes per row of the people table (measured).
PARQUET_BYTES_PER_ROW = 120.0
GZIP_CSV_BYTES_PER_ROW = 110.0
GZIP_JSON_BYTES_PER_ROW = 110.0
CHUNK = 131_072


def people(rows: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    chunks = [bench.people_chunk(rng, start, min(CHUNK, rows - start)) for start in range(0, rows, CHUNK)]
    return pa.concat_tables(chunks)


def write_all(out: Path, mb: float) -> dict:
    rows = int(mb * 1e6 / PARQUET_BYTES_PER_ROW)
    table = people(rows, SEED)
    written = {}

    def record(layout: str, path: Path) -> None:
        size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
        written[layout] = {"path": str(path.relative_to(out)), "bytes": size}

    p = out / "pyarrow_default" / "people.parquet"
    p.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, p)
    record("pyarrow_default", p)

    p = out / "pyarrow_page_index" / "people.parquet"
    p.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, p, write_page_index=True, row_group_size=128 * 1024)
    record("pyarrow_page_index", p)

    import duckdb

    p = out / "duckdb" / "people.parquet"
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.register("people_src", table)
    con.execute(f"COPY people_src TO '{p}' (FORMAT parquet)")
    con.close()
    record("duckdb", p)

    folder = out / "spark" / "people"
    folder.mkdir(parents=True, exist_ok=True)
    run = uuid.UUID(int=SEED)
    parts = 4
    per = -(-table.num_rows // parts)
    for i in range(parts):
        part = table.slice(i * per, per)
        pq.write_table(
            part, folder / f"part-{i:05d}-{run}-c000.snappy.parquet",
            compression="snappy", row_group_size=part.num_rows,
        )
    (folder / "_SUCCESS").write_bytes(b"")
    record("spark", folder)

    # The gzip export: enough rows that the compressed file is about --mb MB.
    p = out / "export" / "people.csv.gz"
    p.parent.mkdir(parents=True, exist_ok=True)
    csv_rows = int(mb * 1e6 / GZIP_CSV_BYTES_PER_ROW)
    with gzip.open(p, "wb", compresslevel=6) as raw:
        writer = None
        done = 0
        seed = SEED + 1
        while done < csv_rows:
            n = min(4 * CHUNK, csv_rows - done)
            chunk = people(n, seed)
            seed += 1
            if writer is None:
                writer = pacsv.CSVWriter(raw, chunk.schema)
            writer.write_table(chunk)
            done += n
        writer.close()
    record("gzip_csv", p)

    # A gzip JSON-lines export, as DuckDB writes one.
    p = out / "export_json" / "people.jsonl.gz"
    p.parent.mkdir(parents=True, exist_ok=True)
    json_rows = int(mb * 1e6 / GZIP_JSON_BYTES_PER_ROW)
    big = pa.concat_tables(
        [people(min(4 * CHUNK, json_rows - start), SEED + 100 + start)
         for start in range(0, json_rows, 4 * CHUNK)]
    )
    con = duckdb.connect()
    con.register("people_src", big)
    con.execute(f"COPY people_src TO '{p}' (FORMAT json, COMPRESSION gzip)")
    con.close()
    record("gzip_jsonl", p)
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=55.0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    json.dump(write_all(args.out, args.mb), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
