#!/usr/bin/env python3
"""Write the proposal rules' fixtures: for each rule a dataset it fires on and
a near-miss twin it stays silent on, plus seed 001's appendix L4 example and
the catalogue and local profile the tests scan them with.

    ~/.cache/fenji-venv/bin/python scripts/gen_rule_fixtures.py

Rewrites ``corpus/rules/`` (pyarrow and openpyxl; values from a seeded
``random.Random``, times fixed relative to ``AS_OF`` so that a scan with
``--as-of 2026-07-01T00:00:00Z`` grades them the same on any day). Values come
from ``gen_corpus``'s independent generators; every one is synthetic.
"""

import csv
import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from random import Random

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import (  # noqa: E402
    REGIONS,
    make_bank_card,
    make_mobile,
    make_name,
    make_person,
    make_plate,
    make_street_address,
    make_uscc,
    resident_id_check_char,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "rules"
# The catalogue and the local profile the rules' tests scan with (not data).
POLICY = ROOT / "corpus" / "policy"
AS_OF = dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)


def write(table: pa.Table, rel: str, row_group_size: int = 1000) -> None:
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=row_group_size, compression="snappy")


def write_csv(rel: str, header, rows) -> None:
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def child_id(rng: Random, born_from: int, born_to: int) -> str:
    """A resident ID (GB 11643) of someone born between the two years."""
    region = rng.choice(REGIONS)
    start = dt.date(born_from, 1, 1).toordinal()
    end = dt.date(born_to, 12, 31).toordinal()
    birth = dt.date.fromordinal(rng.randint(start, end))
    body = f"{region[0]}{birth:%Y%m%d}{rng.randrange(1, 1000):03d}"
    return body + resident_id_check_char(body)


def people(rng: Random, n: int):
    return [make_person(rng) for _ in range(n)]


def timestamps(rng: Random, newest: dt.datetime, n: int, span_days: float):
    """`n` times at most `span_days` before `newest`, the newest among them."""
    out = [newest - dt.timedelta(seconds=rng.randrange(int(span_days * 86400))) for _ in range(n - 1)]
    out.append(newest)
    rng.shuffle(out)
    return out


def historical(rng: Random) -> None:
    """Registrations that ended in 2012 (fires: more than 10 years before the
    scan), and the same table with one row from last month (silent)."""
    ps = people(rng, 300)
    days = [dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(2900)) for _ in ps]
    base = {
        "xm": [p.name for p in ps],
        "sfzh": [p.resident_id for p in ps],
        "djrq": days,
    }
    write(pa.table(base), "historical/fires/lishi.parquet")
    recent = dict(base)
    recent["djrq"] = days[:-1] + [dt.date(2026, 6, 3)]
    write(pa.table(recent), "historical/near_miss/lishi_yitiao_xin.parquet")


def realtime(rng: Random) -> None:
    """Plate-gate passages up to an hour before the scan (fires), and the same
    table three days behind (silent)."""
    n = 400
    plates = [make_plate(rng) for _ in range(n)]
    mobiles = [make_mobile(rng) for _ in range(n)]
    live = timestamps(rng, AS_OF - dt.timedelta(hours=1), n, 2)
    ts = pa.timestamp("us", tz="UTC")
    write(pa.table({"sjhm": mobiles, "cph": plates, "tgsj": pa.array(live, ts)}),
          "realtime/fires/shishi.parquet")
    lagging = [t - dt.timedelta(days=3) for t in live]
    write(pa.table({"sjhm": mobiles, "cph": plates, "tgsj": pa.array(lagging, ts)}),
          "realtime/near_miss/zhihou.parquet")


def granularity(rng: Random) -> None:
    """Vehicle tracks: plates with coordinates of 6 decimals and timestamps
    (fires); the same with coordinates rounded to 2 decimals (silent)."""
    n = 600
    plates = [make_plate(rng) for _ in range(60)]
    rows = []
    for _ in range(n):
        lng = 116.2 + rng.random() * 0.4
        lat = 39.7 + rng.random() * 0.4
        t = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randrange(86400 * 30))
        rows.append((rng.choice(plates), lng, lat, t))
    ts = pa.timestamp("ms", tz="UTC")

    def table(digits):
        return pa.table({
            "cph": [r[0] for r in rows],
            "jd": [round(r[1], digits) for r in rows],
            "wd": [round(r[2], digits) for r in rows],
            "dwsj": pa.array([r[3] for r in rows], ts),
        })

    write(table(6), "granularity/fires/guiji.parquet")
    write(table(2), "granularity/near_miss/guiji_cu.parquet")


DIAGNOSES = [
    ("J18.900", "社区获得性肺炎"), ("J20.900", "急性支气管炎"), ("J45.900", "支气管哮喘"),
    ("K29.700", "慢性胃炎"), ("D50.900", "缺铁性贫血"), ("B01.900", "水痘"),
    ("H66.900", "中耳炎"), ("E10.900", "1型糖尿病"), ("J10.100", "流行性感冒"),
    ("S52.500", "桡骨远端骨折"),
]


def sensitive_personal(rng: Random) -> None:
    """A children's clinic: IDs of children born 2015-2019, diagnoses and
    ICD-10 codes, guardians' mobiles, religion of the family (fires); an
    adults' registration table with the same shape but no health, religion
    or minors (silent: still L3, no proposal)."""
    n = 500
    rows = [rng.choice(DIAGNOSES) for _ in range(n)]
    kids = {
        "hzxm": [make_name(rng, rng.choice("男女"))[0] for _ in range(n)],
        "sfzh": [child_id(rng, 2015, 2019) for _ in range(n)],
        "jhrdh": [make_mobile(rng) for _ in range(n)],
        "zdmc": [r[1] for r in rows],
        "jbdm": [r[0] for r in rows],
        "zjxy": [rng.choice(("无宗教信仰", "佛教", "基督教", "伊斯兰教", "道教")) for _ in range(n)],
    }
    write(pa.table(kids), "sensitive_personal/fires/ertong_jiuzhen.parquet")
    ps = people(rng, n)
    adults = {
        "xm": [p.name for p in ps],
        "sfzh": [p.resident_id for p in ps],
        "lxdh": [make_mobile(rng) for _ in range(n)],
        "bz": [rng.choice(("已登记", "待复核", "已办结")) for _ in range(n)],
    }
    write(pa.table(adults), "sensitive_personal/near_miss/chengren_dengji.parquet")
    # One category each, for the column flags.
    write_csv("sensitive_personal/fires/yinhangka.csv", ("khxm", "yhkh"),
              [(make_name(rng, rng.choice("男女"))[0], make_bank_card(rng)) for _ in range(200)])


def key_entity(rng: Random) -> dict:
    """Enterprise registers: one holds the USCC of a key enterprise on the
    local profile's list (fires), its twin does not (silent)."""
    def register(n):
        return [(f"淮南{rng.choice(('宏达', '瑞丰', '金泰', '华信', '恒远'))}{i}号商贸有限公司",
                 make_uscc(rng, "91"), make_name(rng, rng.choice("男女"))[0]) for i in range(n)]
    header = ("qymc", "tyshxydm", "fddbr")
    with_key = register(120)
    key_uscc = with_key[37][1]
    write_csv("key_entity/fires/zhongdian_qiye.csv", header, with_key)
    write_csv("key_entity/near_miss/putong_qiye.csv", header, register(120))
    return {"usccs": [key_uscc]}


def volume(rng: Random) -> None:
    """An enterprise register of 1 000 000 rows (fires: organization data in
    volume), dictionary-encoded and sorted so the file stays small."""
    usccs = sorted(make_uscc(rng, "91") for _ in range(2000))
    n = 1_000_000
    idx = pa.array([i * len(usccs) // n for i in range(n)], pa.int32())
    col = pa.DictionaryArray.from_arrays(idx, pa.array(usccs))
    names = pa.array([f"企业{i:04d}有限公司" for i in range(len(usccs))])
    write(pa.table({"tyshxydm": col, "qymc": pa.DictionaryArray.from_arrays(idx, names)}),
          "aggregation_volume/fires/qiye_quanliang.parquet", row_group_size=250_000)


def appendix_l4(rng: Random) -> None:
    """Seed 001 appendix A, example 4: a quarterly spreadsheet about objects
    (客体类, 主题类), not shared (不予共享): L4 with the catalogue."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "监测"
    ws.append(["设备编号", "监测点", "季度", "水位", "流量"])
    for i in range(200):
        ws.append([f"SB{i:05d}", f"监测点{i % 17}", f"2025Q{i % 4 + 1}",
                   round(rng.uniform(10, 30), 2), round(rng.uniform(100, 900), 1)])
    path = OUT / "catalog" / "fires" / "shuili_jiance.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    rng = Random(9100)
    historical(rng)
    realtime(rng)
    granularity(rng)
    sensitive_personal(rng)
    key = key_entity(rng)
    volume(rng)
    appendix_l4(rng)
    # A local profile: the default one with a key-entity list.
    POLICY.mkdir(parents=True, exist_ok=True)
    (POLICY / "local-profile.toml").write_text(
        "# The default profile with a key-entity list (the key_entity rule's fixture).\n"
        'extends = "huainan-2023"\n'
        'id = "huainan-2023-local"\n\n'
        "[rules.key_entity]\n"
        f"usccs = {json.dumps(key['usccs'])}\n",
        encoding="utf-8",
    )
    with open(POLICY / "catalog.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("资源路径", "资源名称", "共享类型", "开放类型", "提供部门", "更新周期", "资源属性", "重点企业"))
        w.writerow(("catalog/fires/shuili_jiance.xlsx", "水利设施监测季报", "不予共享", "", "市水利局", "每季度", "主题类", "否"))
        w.writerow(("sensitive_personal/near_miss/chengren_dengji.parquet", "成人登记", "有条件共享", "", "市民政局", "每周", "基础类", "否"))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
