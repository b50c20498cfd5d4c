#!/usr/bin/env python3
"""Write Delta Lake tables with the python `deltalake` package, for tests/writers.rs.

OUT/renkou_delta/   version 0: names and resident IDs; version 1: names and
                    notes appended; version 2: a delete of every row with an ID,
                    which removes version 0's file from the snapshot (it stays on
                    disk: nothing is vacuumed). The live table holds no IDs.
OUT/jiaotong_delta/ partitioned by `dt`, plates and resident IDs: L3.
"""

import os
import sys
from random import Random

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import make_person, make_plate  # noqa: E402


def main() -> int:
    out = sys.argv[1]
    rng = Random(11)
    people = [make_person(rng) for _ in range(400)]
    t = os.path.join(out, "renkou_delta")
    write_deltalake(t, pa.table({
        "xm": [p.name for p in people],
        "sfzh": [p.resident_id for p in people],
        "bz": ["已登记"] * len(people),
    }))
    write_deltalake(t, pa.table({
        "xm": pa.array([None] * 300, pa.string()),
        "sfzh": pa.array([None] * 300, pa.string()),
        "bz": [f"办件{i}已办结" for i in range(300)],
    }), mode="append")
    DeltaTable(t).delete("sfzh IS NOT NULL")

    j = os.path.join(out, "jiaotong_delta")
    write_deltalake(j, pa.table({
        "hphm": [make_plate(rng) for _ in range(600)],
        "sfzh": [p.resident_id for p in people[:300]] * 2,
        "dt": ["2024-06-01"] * 300 + ["2024-06-02"] * 300,
    }), partition_by=["dt"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
