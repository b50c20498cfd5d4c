#!/usr/bin/env python3
"""Write tables the way engines name their files, for tests/writers.rs:

OUT/duckdb_t/           DuckDB COPY ... (FILE_SIZE_BYTES): data_0.parquet, data_1.parquet, ..., one table
OUT/numbered/           0.parquet 1.parquet 2.parquet 3.parquet (pyarrow), one table
OUT/spark_t/            part-00000-<uuid>-c000.snappy.parquet ... (pyarrow), one table
OUT/uuids/              <uuid>.parquet x3, one table
OUT/hive_text/t_person/ 000000_0, 000001_0: Hive text, fields split by \\x01, no header, no extension
OUT/hive_parquet/       000000_0, 000001_0: Parquet without an extension
OUT/mixed/              people.parquet and orders.parquet: two schemas, two datasets
OUT/mixed/notes         prose without an extension: skipped with a reason
"""

import os
import sys
import uuid
from random import Random

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import make_mobile, make_person  # noqa: E402


def people(seed, n):
    rng = Random(seed)
    rows = [(make_person(rng), make_mobile(rng)) for _ in range(n)]
    return pa.table({
        "xm": [p.name for p, _ in rows],
        "sfzh": [p.resident_id for p, _ in rows],
        "sjhm": [m for _, m in rows],
    })


def main() -> int:
    out = sys.argv[1]
    for d in ["duckdb_t", "numbered", "spark_t", "uuids", "hive_text/t_person", "hive_parquet", "mixed"]:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    for i in range(4):
        pq.write_table(people(i, 300), os.path.join(out, "numbered", f"{i}.parquet"))
    for i in range(3):
        name = f"part-{i:05d}-{uuid.UUID(int=i + 1)}-c000.snappy.parquet"
        pq.write_table(people(10 + i, 300), os.path.join(out, "spark_t", name))
        pq.write_table(people(20 + i, 300), os.path.join(out, "uuids", f"{uuid.UUID(int=100 + i)}.parquet"))
    for i in range(2):
        t = people(30 + i, 300)
        with open(os.path.join(out, "hive_text/t_person", f"{i:06d}_0"), "w", encoding="utf-8") as f:
            for r in range(t.num_rows):
                f.write("\x01".join(str(t.column(c)[r]) for c in range(t.num_columns)) + "\n")
        pq.write_table(people(40 + i, 300), os.path.join(out, "hive_parquet", f"{i:06d}_0"))
    pq.write_table(people(50, 300), os.path.join(out, "mixed", "people.parquet"))
    pq.write_table(pa.table({"order_no": [f"DD{i:08d}" for i in range(300)], "amount": [i * 1.5 for i in range(300)]}),
                   os.path.join(out, "mixed", "orders.parquet"))
    with open(os.path.join(out, "mixed", "notes"), "w", encoding="utf-8") as f:
        f.write("这是一段说明文字，没有任何分隔的数据。\n数据由各部门报送。\n")
    import duckdb

    con = duckdb.connect()
    con.register("people", people(60, 4000))
    target = os.path.join(out, "duckdb_t").replace("'", "''")
    con.execute("SET threads = 2")
    con.execute(f"COPY people TO '{target}' (FORMAT parquet, FILE_SIZE_BYTES 20000, ROW_GROUP_SIZE 1000, OVERWRITE_OR_IGNORE true)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
