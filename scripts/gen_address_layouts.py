#!/usr/bin/env python3
"""Addresses and free text as real exports lay them out (tests/writers.rs):

  split_address.parquet  pyarrow: a split address, 省 / 市 / 区 / 详细地址 each
                         in a column of its own (opaque names c1..c6), the detail
                         column a quarter blank or 不详, beside an ID and a date
  short_places.parquet   DuckDB: addresses written with short place names and no
                         division marker (广州天河体育西路100号), opaque name
  complaints.parquet     DuckDB: complaint texts where a fifth of the rows carry
                         an address and a mobile after whatever cue word, or none

usage: gen_address_layouts.py OUT_DIR [ROWS]

Values come from scripts/gen_corpus.py's generators and tables. Deterministic.
"""

import random
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import (  # noqa: E402
    ESTATE_SUFFIXES, ESTATE_WORDS, REGIONS, STREET_SUFFIXES, STREET_WORDS, make_mobile,
    make_person,
)

# Short place names as people write them, prefecture then district.
SHORT_PLACES = ["广州天河", "深圳南山", "杭州西湖", "南京鼓楼", "成都武侯", "武汉洪山",
                "西安雁塔", "合肥蜀山", "北京海淀", "上海徐汇", "淮南田家庵", "呼和浩特赛罕"]
CUES = ["电话", "手机", "请回电", "联系电话", "联系方式", "", "号码", "回拨"]


def detail(rng: random.Random) -> str:
    road = rng.choice(STREET_WORDS) + rng.choice(STREET_SUFFIXES)
    out = f"{road}{rng.randint(1, 300)}号"
    if rng.random() < 0.6:
        out += f"{rng.choice(ESTATE_WORDS)}{rng.choice(ESTATE_SUFFIXES)}{rng.randint(1, 30)}栋"
        out += f"{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
    return out


def main() -> None:
    out = Path(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261129)
    people = [make_person(rng) for _ in range(rows)]
    regions = [p.region for p in people]
    split = pa.table({
        "c1": [p.resident_id for p in people],
        "c2": [r[1] for r in regions],
        "c3": [r[2] or r[1] for r in regions],
        "c4": [r[3] for r in regions],
        "c5": [detail(rng) if rng.random() < 0.75 else rng.choice(["", "不详"]) for _ in people],
        "c6": [f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}" for _ in people],
    })
    pq.write_table(split, out / "split_address.parquet")

    con = duckdb.connect()
    short = [f"{rng.choice(SHORT_PLACES)}{detail(rng)}" for _ in range(rows)]
    con.execute("CREATE TABLE t (k INTEGER, col_a VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(short)))
    con.execute(f"COPY t TO '{out / 'short_places.parquet'}' (FORMAT parquet)")

    texts = []
    for i in range(rows):
        if i % 5 == 0:
            place = rng.choice(REGIONS)
            where = f"{place[1]}{place[2]}{place[3]}{detail(rng)}"
            texts.append(f"市民来电反映：家住{where}，{rng.choice(CUES)}{make_mobile(rng)}，"
                         "楼下夜间施工噪音扰民，请尽快处理")
        else:
            texts.append("市民来电反映小区夜间施工噪音扰民，已转交属地街道办理")
    con.execute("CREATE TABLE c (k INTEGER, nr VARCHAR)")
    con.executemany("INSERT INTO c VALUES (?, ?)", list(enumerate(texts)))
    con.execute(f"COPY c TO '{out / 'complaints.parquet'}' (FORMAT parquet)")


if __name__ == "__main__":
    main()
