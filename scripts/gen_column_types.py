#!/usr/bin/env python3
"""Parquet files whose identifiers sit in columns that are not plain strings,
written by pyarrow as the tools that make real lakes write them (tests/writers.rs):

  binary.parquet   BYTE_ARRAY without the UTF8 annotation (Sqoop, Impala and old
                   Hive exports): resident IDs as ASCII bytes, names and addresses
                   encoded as GB18030, and a column of opaque bytes (not text)
  nested.parquet   list<string> of mobiles, large_list<int64> of mobiles,
                   fixed_size_list<string>[2] of resident IDs, map<string, string>
                   whose values are mobiles, large_string resident IDs
  views.parquet    string_view and binary_view columns (pyarrow >= 16)

usage: gen_column_types.py OUT_DIR [ROWS]

Values come from scripts/gen_corpus.py's generators (check digits per the
standards). Deterministic.
"""

import random
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Value generators and check-digit tables shared with the engine corpus.
from gen_corpus import make_address, make_mobile, make_person  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261129)
    people = [make_person(rng) for _ in range(rows)]
    ids = [p.resident_id for p in people]
    binary = pa.table({
        "sfzh": pa.array([i.encode() for i in ids], pa.binary()),
        "xm": pa.array([p.name.encode("gb18030") for p in people], pa.binary()),
        "dz": pa.array([make_address(rng, p.region, 0.3, 0.5).encode("gb18030") for p in people],
                       pa.binary()),
        "blob": pa.array([bytes(rng.randrange(256) for _ in range(16)) for _ in range(rows)],
                         pa.binary()),
    })
    pq.write_table(binary, out / "binary.parquet")
    nested = pa.table({
        "phones": pa.array([[make_mobile(rng) for _ in range(rng.randrange(1, 4))] for _ in range(rows)],
                           pa.list_(pa.string())),
        "phone_numbers": pa.array([[int(make_mobile(rng))] for _ in range(rows)],
                                  pa.large_list(pa.int64())),
        "id_pair": pa.array([[make_person(rng).resident_id, p.resident_id] for p in people],
                            pa.list_(pa.string(), 2)),
        "contacts": pa.array([[("home", make_mobile(rng))] for _ in range(rows)],
                             pa.map_(pa.string(), pa.string())),
        "id_large": pa.array(ids, pa.large_string()),
    })
    pq.write_table(nested, out / "nested.parquet")
    if hasattr(pa, "string_view"):
        views = pa.table({
            "id_view": pa.array(ids, pa.string_view()),
            "mobile_view": pa.array([make_mobile(rng).encode() for _ in range(rows)], pa.binary_view()),
        })
        pq.write_table(views, out / "views.parquet")


if __name__ == "__main__":
    main()
