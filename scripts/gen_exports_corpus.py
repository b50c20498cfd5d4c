#!/usr/bin/env python3
"""Build the "real exports" part of fenji's test lake and its ground-truth labels.

    ~/.cache/fenji-venv/bin/python scripts/gen_exports_corpus.py

Deletes and rewrites ``corpus/lake/exports/`` (nothing else under ``corpus/lake``) and
writes ``corpus/exports_labels.json``, whose keys are relative to ``corpus/lake`` and so
start with ``exports/``. The cases are the shapes data really arrives in from export jobs:

* ``compressed/``: gzip / zstd / bzip2 CSV and TSV, a gzip of a GBK-encoded CSV, and a
  ``.csv.gz`` that is not gzip at all (expected error).
* ``dialects/``: ``;`` (with decimal commas in a plain column), ``|`` and tab delimiters,
  UTF-8 BOM + CRLF, fully quoted fields with delimiters, doubled quotes and newlines
  inside quotes, and a file without a header row (columns ``column_1``, ``column_2``, ...).
* ``spark/``: a Spark output folder (``_SUCCESS``, ``.crc`` side files, ``_committed_*`` /
  ``_started_*`` markers, a ``_temporary/`` attempt holding garbage that must be ignored,
  two part files whose schemas merge), a Hive-partitioned table with ``_SUCCESS`` per
  partition, and a folder holding two unrelated plain files (two datasets).
* ``names/``: Chinese folder and file names, spaces, a Chinese Hive partition key, and
  ``#`` / ``%`` in a file name.
* ``jsonl/``: nested JSON lines (columns are dotted paths), gzip NDJSON, and a string field
  holding a JSON document (labelled with the types embedded in it).
* ``messy/``: padded and lowercase-``x`` resident IDs, mobiles in every common spelling
  (``+86`` groups, ``86-`` prefix, dashes, full-width digits) and a 证件号码 column mixing
  resident IDs, passports and Hong Kong/Macau permits.
* ``odd/``: an empty and a truncated Parquet file (errors), a binary ``.xlsx`` and an
  English ``readme.txt`` (skipped), and a ``.txt`` that is really CSV (scanned as csv).

Uses only the standard library and pyarrow; ``.zst`` is written with the ``zstandard``
module when it is importable, else with the ``zstd`` command-line tool, else skipped (and
left out of the labels). Every value comes from a ``random.Random`` seeded with a fixed
integer, gzip members carry ``mtime=0`` and no file name, and Parquet files use fixed
row-group sizes, so two runs produce byte-identical files (for the same pyarrow and zstd
versions). The identifier generators and validators are copied from
``scripts/gen_corpus.py`` (written from the standards, independently of the Rust engine);
every labelled value is re-validated after writing and every plain column is checked to
hold nothing an identifier detector could take. Every value is synthetic.
"""

import bz2
import csv
import datetime as dt
import gzip
import io
import ipaddress
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import uuid
from pathlib import Path
from random import Random

import pyarrow as pa
import pyarrow.parquet as pq

# Value generators and validators shared with the engine corpus (scripts/gen_corpus.py).
from gen_corpus import (  # noqa: E402
    ADDRESS_MARKERS,
    AREA_CODES,
    BRAND_WORDS,
    CHECKPOINTS,
    COMPANY_SUFFIXES,
    COMPOUND_SURNAMES,
    COOP_CROPS,
    CORPUS,
    DATE_MAX,
    DATE_MIN,
    DIRECTIONS,
    EMAIL_DOMAINS,
    ESTATE_SUFFIXES,
    ESTATE_WORDS,
    ETHNIC_GROUPS,
    F64,
    FIRM_KINDS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    I64,
    ID_CHECK,
    ID_WEIGHTS,
    INDUSTRIES,
    LAKE,
    MOBILE_PREFIXES,
    MOBILE_WEIGHTS,
    ORG_SUFFIX_MARKERS,
    ORG_WEIGHTS,
    PINYIN,
    PLACE_PREFIXES,
    PLATE_LETTERS,
    PLATE_PROVINCES,
    PROVINCE_CODES,
    Person,
    REGIONS,
    ROOT,
    S,
    SCOPE_TAIL,
    STREET_SUFFIXES,
    STREET_WORDS,
    SURNAMES,
    SURNAME_WEIGHTS,
    TOWN_WORDS,
    USCC_CHARSET,
    USCC_WEIGHTS,
    VILLAGE_WORDS,
    bank_card_ok,
    business_scope,
    ean13_check_digit,
    format_mobile,
    label,
    luhn_check_digit,
    luhn_ok,
    make_address,
    make_bank_card,
    make_email,
    make_ipv4,
    make_ipv6,
    make_landline,
    make_mobile,
    make_name,
    make_org_code,
    make_person,
    make_plate,
    make_resident_id,
    make_street_address,
    make_uscc,
    make_village_address,
    mobile_ok,
    org_char_value,
    org_check_char,
    org_code_ok,
    random_datetime,
    region_prefix,
    resident_id_check_char,
    resident_id_checksum_ok,
    resident_id_plausible,
    self_check,
    table,
    uscc_check_char,
    uscc_checksum_ok,
    uscc_ok,
)


EXPORTS = LAKE / "exports"
LABELS = CORPUS / "exports_labels.json"
MAX_BYTES = 1_500_000

# ---------------------------------------------------------------------------
# Validators and check-character generators (independent implementations)
# ---------------------------------------------------------------------------


# Province-level codes that can open a resident ID (GB/T 2260 plus 71 Taiwan, 81 HK, 82 Macao).


# ---------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------

# (code, province, prefecture, county). Municipalities leave the prefecture empty.

# The most common surnames carry more weight, roughly as in the population.


# Allocated mobile blocks (a subset of libphonenumber's CN mobile metadata). Never 140-144
# (13-digit IoT), 154, 163, 179, 194 (not mobile ranges).
# Heavier weights on the old, dense 13x/15x/18x blocks.


# (area code with trunk 0, subscriber digits). Lengths follow libphonenumber's CN
# fixed-line metadata; subscriber numbers start with 2-7, valid for every code listed.


# Street-address vocabulary. Nothing here is a real street address of a person.

# Place word opening a company name -> the region-code prefix its registrar would use.
# (industry word in the name, 行业类型, business-scope phrases)

# Markers an address detector keys on; text meant to be "no detection" must avoid them.

# Checkpoint names: no address markers, no organization suffix, never 2-4 Han characters.


# ---------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Byte-level writers (compression, encodings, dialects)
# ---------------------------------------------------------------------------

def csv_text(header, rows, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
    if header is not None:
        w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    # mtime=0 and an empty file name: the member header never depends on the clock or path.
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def gunzip_bytes(data: bytes) -> bytes:
    return gzip.decompress(data)


def _zstandard():
    try:
        import zstandard  # noqa: PLC0415 - optional, not installed on purpose
    except ImportError:
        return None
    return zstandard


def zstd_available() -> str:
    """'module', 'cli' or '' (no way to write .zst: the case is skipped)."""
    if _zstandard() is not None:
        return "module"
    return "cli" if shutil.which("zstd") else ""


def zstd_bytes(data: bytes) -> bytes:
    how = zstd_available()
    if how == "module":
        return _zstandard().ZstdCompressor(level=19, write_content_size=True).compress(data)
    # Single-threaded, fixed level, pledged size (so the frame header carries it).
    out = subprocess.run(
        ["zstd", "-q", "-19", "--single-thread", "-c", f"--stream-size={len(data)}"],
        input=data, stdout=subprocess.PIPE, check=True)
    return out.stdout


def unzstd_bytes(data: bytes) -> bytes:
    if _zstandard() is not None:
        return _zstandard().ZstdDecompressor().decompressobj().decompress(data)
    return subprocess.run(["zstd", "-q", "-d", "-c"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def put(rel: str, data: bytes) -> None:
    path = EXPORTS / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def put_parquet(rel: str, tbl: pa.Table, row_group_size: int = 100) -> None:
    buf = io.BytesIO()
    pq.write_table(tbl, buf, row_group_size=row_group_size, compression="snappy")
    put(rel, buf.getvalue())


def key(rel: str) -> str:
    return "exports/" + rel


# ---------------------------------------------------------------------------
# More value generators for this corpus
# ---------------------------------------------------------------------------

T2024 = dt.datetime(2024, 1, 1)
YEAR_SECONDS = 366 * 86400


def ts2024(rng: Random, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return random_datetime(rng, T2024, YEAR_SECONDS).strftime(fmt)


def date2024(rng: Random) -> str:
    return (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))).isoformat()


def make_company(rng: Random, seen: set):
    """(name, uscc, industry, scope, code_prefix) as in gen_corpus.gen_enterprise."""
    while True:
        r = rng.random()
        if r < 0.88:
            word, industry, phrases = rng.choice(INDUSTRIES)
            place, code_prefix = rng.choice(PLACE_PREFIXES)
            name = place + rng.choice(BRAND_WORDS) + word + rng.choice(COMPANY_SUFFIXES)
            kind = "91"
        elif r < 0.95:
            region = rng.choice([x for x in REGIONS if x[2]])
            name = region[2] + region[3] + rng.choice(BRAND_WORDS) + rng.choice(COOP_CROPS) + "专业合作社"
            code_prefix = region[0]
            industry = "农、林、牧、渔业"
            phrases = ("组织收购、销售成员种植的农产品", "为本社成员提供农业生产资料购买",
                       "农业技术培训", "农产品初加工", "农业机械服务")
            kind = "93"
        else:
            firm, kind = rng.choice(FIRM_KINDS)
            place, code_prefix = rng.choice(PLACE_PREFIXES)
            name = place + rng.choice(BRAND_WORDS) + firm
            industry = "租赁和商务服务业"
            phrases = ("审计服务", "代理记账", "税务咨询", "法律咨询", "企业管理咨询")
        if name in seen:
            continue
        seen.add(name)
        return name, make_uscc(rng, kind, code_prefix), industry, business_scope(rng, phrases), code_prefix


def company_address(rng: Random, code_prefix: str) -> str:
    region = rng.choice([r for r in REGIONS if r[0].startswith(code_prefix)])
    addr = make_street_address(rng, region, apartment=False)
    r = rng.random()
    if r < 0.4:
        addr += f"{rng.choice(BRAND_WORDS)}大厦{rng.randint(2, 28)}层{rng.randint(1, 20):02d}室"
    elif r < 0.6:
        addr += f"{rng.randint(1, 12)}栋"
    return addr


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def messy_mobile(rng: Random, m: str) -> str:
    r = rng.random()
    if r < 0.3:
        return m
    if r < 0.48:
        return f"+86 {m[:3]} {m[3:7]} {m[7:]}"
    if r < 0.64:
        return f"86-{m}"
    if r < 0.82:
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    return fullwidth(m)


def resident_id_with_x(rng: Random) -> str:
    while True:
        v, *_ = make_resident_id(rng)
        if v.endswith("X"):
            return v


def pad(rng: Random, v: str) -> str:
    r = rng.random()
    if r < 0.2:
        return " " * rng.randint(1, 3) + v
    if r < 0.4:
        return v + " " * rng.randint(1, 4)
    if r < 0.5:
        return f"  {v}  "
    return v


def make_passport(rng: Random) -> str:
    return "E" + f"{rng.randrange(10**8):08d}"


def make_hk_macau_permit(rng: Random) -> str:
    return rng.choice("HM") + f"{rng.randrange(10**8):08d}"


def make_username(rng: Random) -> str:
    return rng.choice(PINYIN) + rng.choice(PINYIN) + rng.choice(("", "", str(rng.randint(1, 999))))


def decoy_order_no(rng: Random) -> str:
    while True:
        v = "".join(rng.choice("0123456789") for _ in range(18))
        if not (resident_id_plausible(v) or bank_card_ok(v) or uscc_ok(v)):
            return v


# Plain Han values used below; the plain-column check verifies none reads as an identifier.
REMARKS = ("", "", "", "户主", "暂住", "已核实", "外出务工", "新迁入", "无")
ACCOUNT_STATES = ("正常", "正常", "正常", "冻结", "注销")
PAY_CHANNELS = ("微信", "支付宝", "柜台", "银行代扣", "掌上营业厅")
HEFEI_CHECKPOINTS = ("合肥北收费站", "合肥南收费站", "肥西收费站", "长丰收费站", "蜀山卡口",
                     "包河卡口", "G40沪陕高速合肥段卡口")
HUAINAN_CHECKPOINTS = tuple(
    c for c in CHECKPOINTS
    if "淮南" in c or c[:2] in ("潘集", "凤台", "毛集", "田家", "大通", "八公", "谢家"))
PLANS = ("畅享58元套餐", "畅享88元套餐", "畅享128元套餐", "流量王19元", "亲情融合199元")
QUOTED_REMARKS = (
    "已核实",
    "已核实,无异常",
    '家属称"已搬离"',
    '本人确认"信息无误",已签字',
    "第一次走访未遇\n第二次走访已核实",
    '走访记录:\n"本人在家",情况正常',
    "无",
    "",
)


def person_row(rng: Random, region=None):
    p = make_person(rng, region)
    return p, make_mobile(rng)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def gen_compressed(labels, errors, notes):
    # renkou.csv.gz: a population extract, gzip, UTF-8.
    rng = Random(2001)
    eth_weights = [900] + [10] * 10 + [1] * 45
    rows = []
    for _ in range(320):
        p, m = person_row(rng)
        rows.append((p.name, p.sex, rng.choices(ETHNIC_GROUPS, weights=eth_weights)[0],
                     p.resident_id, m,
                     make_address(rng, p.region, village_share=0.2, apartment_share=0.7),
                     date2024(rng)))
    header = ("xm", "xb", "mz", "sfzh", "sjhm", "jtzz", "djrq")
    put("compressed/renkou.csv.gz", gzip_bytes(csv_text(header, rows).encode("utf-8")))
    labels[key("compressed/renkou.csv.gz")] = label("csv", "L3", "personal", len(rows), {
        "xm": ["cn_person_name"], "xb": [], "mz": ["cn_ethnicity"], "sfzh": ["cn_resident_id"],
        "sjhm": ["cn_mobile"], "jtzz": ["cn_address"], "djrq": [],
    })

    # qiye.csv.zst: an enterprise register (no address, no contact: L2), zstd.
    rng = Random(2002)
    seen, rows = set(), []
    for _ in range(260):
        name, code, industry, scope, _ = make_company(rng, seen)
        legal_rep, _ = make_name(rng, rng.choice("男男女"))
        founded = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(30 * 365))
        rows.append((name, code, legal_rep, industry, scope, founded.isoformat()))
    rows[-1] = rows[-1][:5] + (date2024(rng),)  # newest date is recent: no `historical` proposal
    header = ("qymc", "tyshxydm", "fddbr", "hylx", "jyfw", "clrq")
    if zstd_available():
        put("compressed/qiye.csv.zst", zstd_bytes(csv_text(header, rows).encode("utf-8")))
        labels[key("compressed/qiye.csv.zst")] = label("csv", "L2", "organization", len(rows), {
            "qymc": ["company_name"], "tyshxydm": ["cn_uscc"], "fddbr": ["cn_person_name"],
            "hylx": [], "jyfw": [], "clrq": [],
        })
        notes.append(f"qiye.csv.zst written with zstd ({zstd_available()})")
    else:
        notes.append("SKIPPED compressed/qiye.csv.zst: no zstandard module and no zstd CLI")

    # jiaofei.tsv.bz2: utility payments, tab separated, bzip2.
    rng = Random(2003)
    payers = []
    for _ in range(120):
        name, _ = make_name(rng, rng.choice("男女"))
        payers.append((f"3404{rng.randrange(10**6):06d}", name, make_mobile(rng)))
    rows = []
    for _ in range(240):
        hh, name, m = rng.choice(payers)
        rows.append((hh, name, m, f"{rng.uniform(20, 600):.2f}", ts2024(rng), rng.choice(PAY_CHANNELS)))
    rows.sort(key=lambda r: r[4])
    header = ("hh", "xm", "sjhm", "jfje", "jfsj", "jfqd")
    put("compressed/jiaofei.tsv.bz2",
        bz2.compress(csv_text(header, rows, delimiter="\t").encode("utf-8"), 9))
    labels[key("compressed/jiaofei.tsv.bz2")] = label("csv", "L3", "personal", len(rows), {
        "hh": [], "xm": ["cn_person_name"], "sjhm": ["cn_mobile"], "jfje": [], "jfsj": [],
        "jfqd": [],
    })

    # gbk_renkou.csv.gz: gzip of a GBK CSV with a Chinese header.
    rng = Random(2004)
    local = [r for r in REGIONS if r[0].startswith("3404")]
    rows = []
    for _ in range(210):
        p, m = person_row(rng, rng.choice(local) if rng.random() < 0.8 else None)
        rows.append((p.name, p.sex, rng.choices(ETHNIC_GROUPS, weights=eth_weights)[0],
                     p.resident_id, m,
                     make_address(rng, p.region, village_share=0.4, apartment_share=0.4),
                     date2024(rng)))
    header = ("姓名", "性别", "民族", "身份证号码", "手机号码", "户籍地址", "登记日期")
    text = csv_text(header, rows)
    data = text.encode("gbk")
    try:
        data.decode("utf-8")
        raise AssertionError("GBK export must not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    put("compressed/gbk_renkou.csv.gz", gzip_bytes(data))
    labels[key("compressed/gbk_renkou.csv.gz")] = label("csv", "L3", "personal", len(rows), {
        "姓名": ["cn_person_name"], "性别": [], "民族": ["cn_ethnicity"],
        "身份证号码": ["cn_resident_id"], "手机号码": ["cn_mobile"], "户籍地址": ["cn_address"],
        "登记日期": [],
    })

    # fake.csv.gz: plain CSV text behind a .gz name: must be an error, not a silent guess.
    rng = Random(2005)
    text = csv_text(("id", "amount", "note"),
                    [(i, f"{rng.uniform(1, 99):.2f}", rng.choice(("ok", "pending", "done")))
                     for i in range(1, 201)])
    assert not text.encode()[:2] == b"\x1f\x8b"
    put("compressed/fake.csv.gz", text.encode("utf-8"))
    errors.append(key("compressed/fake.csv.gz"))


def gen_dialects(labels):
    # semicolon.csv: ';' delimited, amounts with a decimal comma (one ',' on every line).
    rng = Random(2011)
    rows = []
    for _ in range(230):
        p, m = person_row(rng)
        amount = f"{rng.uniform(10, 9000):.2f}".replace(".", ",")
        rows.append((p.name, p.resident_id, m,
                     make_address(rng, p.region, village_share=0.1, apartment_share=0.8),
                     amount, rng.choice(ACCOUNT_STATES)))
    header = ("xm", "sfzh", "sjhm", "jtzz", "je", "zt")
    put("dialects/semicolon.csv", csv_text(header, rows, delimiter=";").encode("utf-8"))
    labels[key("dialects/semicolon.csv")] = label("csv", "L3", "personal", len(rows), {
        "xm": ["cn_person_name"], "sfzh": ["cn_resident_id"], "sjhm": ["cn_mobile"],
        "jtzz": ["cn_address"], "je": [], "zt": [],
    })

    # pipe.csv: '|' delimited enterprise contacts: office landlines only, so L2.
    rng = Random(2012)
    seen, rows = set(), []
    for i in range(190):
        name, code, _, _, _ = make_company(rng, seen)
        legal_rep, _ = make_name(rng, rng.choice("男男女"))
        founded = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(24 * 365))
        if i == 0:
            founded = dt.date(2024, 6, 18)
        rows.append((name, code, legal_rep, make_landline(rng), founded.isoformat(),
                     f"{rng.choice((50, 100, 200, 500, 1000, 3000, 5000))}万元"))
    header = ("qymc", "tyshxydm", "fddbr", "bgdh", "clrq", "zczb")
    put("dialects/pipe.csv", csv_text(header, rows, delimiter="|").encode("utf-8"))
    labels[key("dialects/pipe.csv")] = label("csv", "L2", "organization", len(rows), {
        "qymc": ["company_name"], "tyshxydm": ["cn_uscc"], "fddbr": ["cn_person_name"],
        "bgdh": ["cn_landline"], "clrq": [], "zczb": [],
    })

    # tabs.tsv: account log-ins, tab separated.
    rng = Random(2013)
    rows = []
    for _ in range(280):
        ip = make_ipv6(rng) if rng.random() < 0.1 else make_ipv4(rng)
        rows.append((make_username(rng), make_email(rng), ip, make_mobile(rng), ts2024(rng),
                     rng.choice(("success", "success", "success", "failed"))))
    header = ("yhm", "dzyx", "ip", "sjhm", "dlsj", "zt")
    put("dialects/tabs.tsv", csv_text(header, rows, delimiter="\t").encode("utf-8"))
    labels[key("dialects/tabs.tsv")] = label("csv", "L3", "personal", len(rows), {
        "yhm": [], "dzyx": ["email"], "ip": ["ip_address"], "sjhm": ["cn_mobile"], "dlsj": [],
        "zt": [],
    })

    # bom_crlf.csv: a Windows export: UTF-8 BOM and CRLF line ends.
    rng = Random(2014)
    rows = []
    for _ in range(200):
        p, m = person_row(rng)
        rows.append((p.resident_id, p.name, p.sex,
                     make_address(rng, p.region, village_share=0.3, apartment_share=0.3),
                     m, ts2024(rng)))
    header = ("sfzh", "xm", "xb", "hjdz", "lxdh", "djsj")
    put("dialects/bom_crlf.csv",
        b"\xef\xbb\xbf" + csv_text(header, rows, lineterminator="\r\n").encode("utf-8"))
    labels[key("dialects/bom_crlf.csv")] = label("csv", "L3", "personal", len(rows), {
        "sfzh": ["cn_resident_id"], "xm": ["cn_person_name"], "xb": [], "hjdz": ["cn_address"],
        "lxdh": ["cn_mobile"], "djsj": [],
    })

    # quoted.csv: every field quoted; addresses with commas; remarks with doubled quotes,
    # commas and newlines inside the quotes.
    rng = Random(2015)
    rows = []
    for i in range(170):
        p, m = person_row(rng)
        addr = make_street_address(rng, p.region, apartment=True)
        if rng.random() < 0.4:
            addr = addr.replace("号", "号,", 1)
        remark = QUOTED_REMARKS[i % len(QUOTED_REMARKS)] if i < 16 else rng.choice(QUOTED_REMARKS)
        rows.append((p.name, p.resident_id, format_mobile(rng, m), addr, remark))
    header = ("xm", "sfzh", "lxdh", "jtzz", "bz")
    text = csv_text(header, rows, quoting=csv.QUOTE_ALL)
    assert '""' in text and "\n第二次" in text and '号,' in text
    put("dialects/quoted.csv", text.encode("utf-8"))
    labels[key("dialects/quoted.csv")] = label("csv", "L3", "personal", len(rows), {
        "xm": ["cn_person_name"], "sfzh": ["cn_resident_id"], "lxdh": ["cn_mobile"],
        "jtzz": ["cn_address"], "bz": [],
    })

    # noheader.csv: the first line is data; no column has a name to hint with.
    rng = Random(2016)
    rows = []
    for _ in range(260):
        p, m = person_row(rng)
        rows.append((p.resident_id, m,
                     make_address(rng, p.region, village_share=0.2, apartment_share=0.6),
                     f"{rng.uniform(1, 3000):.2f}", rng.choice((0, 1, 1, 1, 2))))
    put("dialects/noheader.csv", csv_text(None, rows).encode("utf-8"))
    labels[key("dialects/noheader.csv")] = label("csv", "L3", "personal", len(rows), {
        "column_1": ["cn_resident_id"], "column_2": ["cn_mobile"], "column_3": ["cn_address"],
        "column_4": [], "column_5": [],
    })


def gen_spark(labels):
    # ods_user/: a Spark job's output folder; part-00001 carries one extra column.
    rng = Random(2021)
    job = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    parts = []
    uid = 100000
    for part, n, extra in ((0, 180, False), (1, 170, True)):
        cols = {k: [] for k in ("user_id", "xm", "sfzh", "sjhm", "zcsj")}
        if extra:
            cols["dzyx"] = []
        for _ in range(n):
            uid += rng.randint(1, 7)
            p, m = person_row(rng)
            cols["user_id"].append(uid)
            cols["xm"].append(p.name)
            cols["sfzh"].append(p.resident_id)
            cols["sjhm"].append(m)
            cols["zcsj"].append(random_datetime(rng, T2024, YEAR_SECONDS))
            if extra:
                cols["dzyx"].append(make_email(rng))
        types = dict(user_id=I64, xm=S, sfzh=S, sjhm=S, zcsj=pa.timestamp("ms"), dzyx=S)
        name = f"part-{part:05d}-{job}-c000.snappy.parquet"
        put_parquet(f"spark/ods_user/{name}", table(cols, types), 100)
        crc = b"crc\x00\x00\x00\x02\x00" + rng.randbytes(8 * ((n // 8) + 1))
        put(f"spark/ods_user/.{name}.crc", crc)
        parts.append(name)
    put("spark/ods_user/_SUCCESS", b"")
    put("spark/ods_user/_started_123", b"")
    put("spark/ods_user/_committed_123",
        json.dumps({"added": parts, "removed": []}, separators=(",", ":")).encode())
    put("spark/ods_user/_temporary/0/part-00009.parquet", rng.randbytes(777))
    labels[key("spark/ods_user/")] = label("parquet", "L3", "personal", 350, {
        "user_id": [], "xm": ["cn_person_name"], "sfzh": ["cn_resident_id"],
        "sjhm": ["cn_mobile"], "zcsj": [], "dzyx": ["email"],
    })

    # dwd_trade/: Hive partitions by day, a _SUCCESS marker in each.
    rng = Random(2022)
    total = 0
    oid = 7_000_000
    for day, n in (("2024-05-01", 160), ("2024-05-02", 175)):
        cols = {k: [] for k in ("order_id", "yhkh", "sjhm", "je", "zfsj", "zt")}
        start = dt.datetime.fromisoformat(day)
        for _ in range(n):
            oid += rng.randint(1, 40)
            cols["order_id"].append(oid)
            cols["yhkh"].append(make_bank_card(rng))
            cols["sjhm"].append(int(make_mobile(rng)))
            cols["je"].append(round(rng.uniform(1, 3000), 2))
            cols["zfsj"].append(random_datetime(rng, start, 86400).strftime("%Y-%m-%d %H:%M:%S"))
            cols["zt"].append(rng.choice(("paid", "paid", "paid", "refunded", "closed")))
        types = dict(order_id=I64, yhkh=S, sjhm=I64, je=F64, zfsj=S, zt=S)
        put_parquet(f"spark/dwd_trade/dt={day}/part-00000.parquet", table(cols, types), 100)
        put(f"spark/dwd_trade/dt={day}/_SUCCESS", b"")
        total += n
    labels[key("spark/dwd_trade/")] = label("parquet", "L3", "personal", total, {
        "order_id": [], "yhkh": ["bank_card"], "sjhm": ["cn_mobile"], "je": [], "zfsj": [],
        "zt": [],
    }, partitions=["dt"])

    # mixed/: two unrelated tables side by side: two datasets, not one.
    rng = Random(2023)
    cols = {k: [] for k in ("uid", "xm", "sjhm", "dzyx", "zcsj", "vip")}
    for i in range(220):
        name, _ = make_name(rng, rng.choice("男女"))
        cols["uid"].append(5000 + i)
        cols["xm"].append(name)
        cols["sjhm"].append(make_mobile(rng))
        cols["dzyx"].append(make_email(rng))
        cols["zcsj"].append(ts2024(rng))
        cols["vip"].append(rng.random() < 0.2)
    types = dict(uid=I64, xm=S, sjhm=S, dzyx=S, zcsj=S, vip=pa.bool_())
    put_parquet("spark/mixed/users.parquet", table(cols, types), 110)
    labels[key("spark/mixed/users.parquet")] = label("parquet", "L3", "personal", 220, {
        "uid": [], "xm": ["cn_person_name"], "sjhm": ["cn_mobile"], "dzyx": ["email"],
        "zcsj": [], "vip": [],
    })
    rows = []
    for _ in range(300):
        rows.append((decoy_order_no(rng), f"SKU-{rng.randrange(10**6):06d}", rng.randint(1, 5),
                     f"{rng.uniform(5, 800):.2f}", ts2024(rng),
                     rng.choice(("created", "paid", "shipped", "done", "cancelled"))))
    header = ("order_no", "sku", "qty", "amount", "created_at", "status")
    put("spark/mixed/orders.csv", csv_text(header, rows).encode("utf-8"))
    labels[key("spark/mixed/orders.csv")] = label("csv", "L1", "other", len(rows),
                                                 {c: [] for c in header})


def gen_names(labels):
    # 人口库/常住人口 2024.csv: Chinese folder, space in the file name, Chinese header.
    rng = Random(2031)
    local = [r for r in REGIONS if r[0].startswith("3404")]
    rows = []
    for _ in range(280):
        p, m = person_row(rng, rng.choice(local) if rng.random() < 0.75 else None)
        rows.append((p.name, p.resident_id, m,
                     make_address(rng, p.region, village_share=0.25, apartment_share=0.6),
                     rng.choice(REMARKS)))
    header = ("姓名", "公民身份号码", "联系电话", "家庭住址", "备注")
    put("names/人口库/常住人口 2024.csv", csv_text(header, rows).encode("utf-8"))
    labels[key("names/人口库/常住人口 2024.csv")] = label("csv", "L3", "personal", len(rows), {
        "姓名": ["cn_person_name"], "公民身份号码": ["cn_resident_id"], "联系电话": ["cn_mobile"],
        "家庭住址": ["cn_address"], "备注": [],
    })

    # 企业 名录/统一社会信用代码清单.parquet: an enterprise list. The registered address and
    # the legal representative are the organization's own registry attributes, L2 in a
    # dataset about organizations (seed 001 appendix A, example 2): L2 organization.
    rng = Random(2032)
    seen = set()
    cols = {k: [] for k in ("企业名称", "统一社会信用代码", "注册地址", "法定代表人")}
    for _ in range(240):
        name, code, _, _, prefix = make_company(rng, seen)
        legal_rep, _ = make_name(rng, rng.choice("男男女"))
        cols["企业名称"].append(name)
        cols["统一社会信用代码"].append(code)
        cols["注册地址"].append(company_address(rng, prefix))
        cols["法定代表人"].append(legal_rep)
    put_parquet("names/企业 名录/统一社会信用代码清单.parquet", table(cols, {k: S for k in cols}), 120)
    labels[key("names/企业 名录/统一社会信用代码清单.parquet")] = label(
        "parquet", "L2", "organization", 240, {
            "企业名称": ["company_name"], "统一社会信用代码": ["cn_uscc"],
            "注册地址": ["cn_address"], "法定代表人": ["cn_person_name"],
        })

    # 通行记录/地区=淮南|合肥/part-0.parquet: a Chinese Hive partition key and values.
    rng = Random(2033)
    total = 0
    for area, n, checkpoints, regions in (
            ("淮南", 170, HUAINAN_CHECKPOINTS, [r for r in REGIONS if r[0].startswith("3404")]),
            ("合肥", 150, HEFEI_CHECKPOINTS, [r for r in REGIONS if r[0].startswith("34")])):
        cols = {k: [] for k in ("hphm", "sfzh", "kkmc", "gcsj", "cs")}
        for _ in range(n):
            p = make_person(rng, rng.choice(regions) if rng.random() < 0.7 else None)
            cols["hphm"].append(make_plate(rng))
            cols["sfzh"].append(p.resident_id)
            cols["kkmc"].append(rng.choice(checkpoints))
            cols["gcsj"].append(random_datetime(rng, dt.datetime(2024, 5, 1), 2 * 86400)
                                .strftime("%Y-%m-%d %H:%M:%S"))
            cols["cs"].append(rng.randint(30, 130))
        types = dict(hphm=S, sfzh=S, kkmc=S, gcsj=S, cs=pa.int32())
        put_parquet(f"names/通行记录/地区={area}/part-0.parquet", table(cols, types), 100)
        total += n
    labels[key("names/通行记录/")] = label("parquet", "L3", "personal", total, {
        "hphm": ["cn_license_plate"], "sfzh": ["cn_resident_id"], "kkmc": [], "gcsj": [],
        "cs": [],
    }, partitions=["地区"])

    # odd#1%.csv: '#' and '%' in the name (URL fragment and escape characters).
    rng = Random(2034)
    rows = []
    for i in range(160):
        name, _ = make_name(rng, rng.choice("男女"))
        rows.append((i + 1, name, make_mobile(rng), ts2024(rng)))
    put("names/odd#1%.csv", csv_text(("bh", "xm", "sjhm", "cjsj"), rows).encode("utf-8"))
    labels[key("names/odd#1%.csv")] = label("csv", "L3", "personal", len(rows), {
        "bh": [], "xm": ["cn_person_name"], "sjhm": ["cn_mobile"], "cjsj": [],
    })


def make_request_id(rng: Random) -> str:
    # A UUID, but never one whose first group reads as an old-style passport (d1234567).
    while True:
        v = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if plain_problem(v) is None:
            return v


def jsonl(objs) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs).encode("utf-8")


def gen_jsonl(labels):
    # events.jsonl: nested objects; columns are dotted paths.
    rng = Random(2041)
    objs = []
    for i in range(300):
        p, m = person_row(rng)
        objs.append({
            "event": rng.choice(("login", "logout", "view", "pay", "search")),
            "ts": random_datetime(rng, T2024, YEAR_SECONDS).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "ip": make_ipv6(rng) if rng.random() < 0.1 else make_ipv4(rng),
            "user": {
                "uid": 200000 + i,
                "name": p.name,
                "id_card": p.resident_id,
                "contact": {"mobile": m, "email": make_email(rng) if rng.random() < 0.9 else None},
            },
        })
    put("jsonl/events.jsonl", jsonl(objs))
    labels[key("jsonl/events.jsonl")] = label("json", "L3", "personal", len(objs), {
        "event": [], "ts": [], "ip": ["ip_address"], "user.uid": [],
        "user.name": ["cn_person_name"], "user.id_card": ["cn_resident_id"],
        "user.contact.mobile": ["cn_mobile"], "user.contact.email": ["email"],
    })

    # logs.ndjson.gz: gzip JSON lines from an SMS gateway.
    rng = Random(2042)
    objs = []
    msgs = ("verification code sent", "verification code sent", "code verified",
            "rate limited", "carrier timeout, retried")
    for _ in range(350):
        objs.append({
            "time": random_datetime(rng, T2024, YEAR_SECONDS).strftime("%Y-%m-%dT%H:%M:%S.")
            + f"{rng.randrange(1000):03d}+08:00",
            "level": rng.choice(("INFO", "INFO", "INFO", "WARN", "ERROR")),
            "service": "sms-gateway",
            "msg": rng.choice(msgs),
            "phone": make_mobile(rng),
            "client_ip": make_ipv4(rng),
            "latency_ms": rng.randint(3, 900),
        })
    put("jsonl/logs.ndjson.gz", gzip_bytes(jsonl(objs)))
    labels[key("jsonl/logs.ndjson.gz")] = label("json", "L3", "personal", len(objs), {
        "time": [], "level": [], "service": [], "msg": [], "phone": ["cn_mobile"],
        "client_ip": ["ip_address"], "latency_ms": [],
    })

    # api.jsonl: `payload` is a JSON document stored as a string.
    rng = Random(2043)
    objs = []
    for _ in range(200):
        if rng.random() < 0.75:
            p, m = person_row(rng)
            path = "/api/v1/identity/verify"
            inner = {"sfzh": p.resident_id, "phone": m, "channel": rng.choice(("app", "web"))}
        else:
            path = "/api/v1/orders/search"
            inner = {"page": rng.randint(1, 20), "size": 20, "sort": "created_at"}
        objs.append({
            "request_id": make_request_id(rng),
            "method": "POST",
            "path": path,
            "status": rng.choice((200, 200, 200, 400, 500)),
            "ts": random_datetime(rng, T2024, YEAR_SECONDS).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "payload": json.dumps(inner, ensure_ascii=False),
        })
    put("jsonl/api.jsonl", jsonl(objs))
    labels[key("jsonl/api.jsonl")] = label("json", "L3", "personal", len(objs), {
        "request_id": [], "method": [], "path": [], "status": [], "ts": [],
        "payload": ["cn_resident_id", "cn_mobile"],
    })


def gen_messy(labels):
    rng = Random(2051)
    rows = []
    n = 360
    for i in range(n):
        p, m = person_row(rng)
        rid = resident_id_with_x(rng) if rng.random() < 0.15 else p.resident_id
        if rid.endswith("X") and rng.random() < 0.6:
            rid = rid[:-1] + "x"
        r = rng.random()
        if r < 0.7:
            cert, _, _, _ = make_resident_id(rng)
        elif r < 0.9:
            cert = make_passport(rng)
        else:
            cert = make_hk_macau_permit(rng)
        rows.append((i + 1, p.name, pad(rng, rid), messy_mobile(rng, m), cert, ts2024(rng)))
    header = ("xh", "xm", "sfzh", "sjhm", "证件号码", "rzsj")
    put("messy/messy.csv", csv_text(header, rows).encode("utf-8"))
    labels[key("messy/messy.csv")] = label("csv", "L3", "personal", n, {
        "xh": [], "xm": ["cn_person_name"], "sfzh": ["cn_resident_id"], "sjhm": ["cn_mobile"],
        "证件号码": ["cn_resident_id", "cn_passport", "cn_hk_macau_permit"], "rzsj": [],
    })


README_TEXT = """\
Monthly billing exports

This folder receives the files that the billing system drops at the end of every month.
The job that writes them runs at night and usually finishes before six in the morning.
Please do not edit the files by hand. If something looks wrong, open a ticket with the
data platform team and attach the name of the file and the time you downloaded it.

Older exports are moved to cold storage after ninety days and can be restored on request.
The spreadsheet in this folder is a summary for the finance department; it is produced by
a different tool and is not part of the automated pipeline.
"""


def gen_odd(labels, errors, skipped):
    rng = Random(2061)
    put("odd/empty.parquet", b"")
    errors.append(key("odd/empty.parquet"))

    cols = {"id": list(range(1, 201)),
            "xm": [make_name(rng, rng.choice("男女"))[0] for _ in range(200)],
            "amount": [round(rng.uniform(1, 100), 2) for _ in range(200)]}
    buf = io.BytesIO()
    pq.write_table(table(cols, dict(id=I64, xm=S, amount=F64)), buf, row_group_size=100,
                   compression="snappy")
    data = buf.getvalue()
    assert data[-4:] == b"PAR1" and len(data) > 500
    put("odd/cut_footer.parquet", data[:-50])
    errors.append(key("odd/cut_footer.parquet"))

    # Random bytes named as a workbook: a corrupt workbook, an error.
    put("odd/report.xlsx", rng.randbytes(3000))
    errors.append(key("odd/report.xlsx"))
    put("odd/readme.txt", README_TEXT.encode("utf-8"))
    skipped.append(key("odd/readme.txt"))

    rows = []
    for i in range(190):
        rows.append((i + 1, f"KH{rng.randrange(10**8):08d}", make_mobile(rng), rng.choice(PLANS),
                     f"{rng.uniform(19, 199):.2f}"))
    header = ("序号", "客户编号", "手机号码", "套餐", "月费")
    put("odd/export.txt", csv_text(header, rows).encode("utf-8"))
    labels[key("odd/export.txt")] = label("csv", "L3", "personal", len(rows), {
        "序号": [], "客户编号": [], "手机号码": ["cn_mobile"], "套餐": [], "月费": [],
    })


# ---------------------------------------------------------------------------
# Read everything back and check it against the labels
# ---------------------------------------------------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")
PLATE_RE = re.compile(
    "[" + PLATE_PROVINCES + "][A-Z][·\\- ]?[A-Z0-9]{5,6}")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
LANDLINE_RE = re.compile(r"\(?(0\d{2,3})\)?-?([2-8]\d{6,7})(-\d{1,4})?")
PASSPORT_RE = re.compile(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]\d{7,8}")
PERMIT_RE = re.compile(r"[HM]\d{8}(\d{2})?")
HK_TW_SHAPE = re.compile(r"[A-Z]{1,2}\d{6}[0-9A]|[A-Z][12]\d{8}")
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1\d{2})[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
IPV4_IN_TEXT = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")


def norm(v: str) -> str:
    return unicodedata.normalize("NFKC", v).strip()


def mobile_value_ok(v: str) -> bool:
    s = norm(v)
    s = re.sub(r"^(\+86|0086|86)[- ]?", "", s) if len(re.sub(r"\D", "", s)) > 11 else s
    s = re.sub(r"[- ]", "", s)
    return mobile_ok(s)


def name_like(v: str) -> bool:
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", v):
        return False
    return v[0] in SURNAMES or v[:2] in COMPOUND_SURNAMES


def ip_ok(v: str) -> bool:
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


TYPE_OK = {
    "cn_resident_id": lambda v: resident_id_plausible(norm(v).upper()),
    "cn_mobile": mobile_value_ok,
    "cn_uscc": uscc_ok,
    "cn_landline": lambda v: bool(LANDLINE_RE.fullmatch(v)),
    "bank_card": bank_card_ok,
    "email": lambda v: bool(EMAIL_RE.fullmatch(v)),
    "ip_address": ip_ok,
    "cn_person_name": name_like,
    "cn_address": lambda v: (any(m in v for m in "省市区县") and
                             any(m in v for m in ("路", "街", "号", "村", "组", "栋", "单元", "室"))),
    "company_name": lambda v: v.endswith(("有限公司", "有限责任公司", "合作社", "事务所")),
    "cn_ethnicity": lambda v: v in ETHNIC_GROUPS,
    "cn_license_plate": lambda v: bool(PLATE_RE.fullmatch(v)),
    "cn_passport": lambda v: bool(PASSPORT_RE.fullmatch(v)),
    "cn_hk_macau_permit": lambda v: bool(PERMIT_RE.fullmatch(v)),
}


def plain_problem(v: str):
    """Why a value in a column labelled [] could be taken for an identifier, or None."""
    s = unicodedata.normalize("NFKC", v)
    for tok in re.findall(r"[0-9A-Za-z]+", s):
        t = tok.upper()
        if len(t) == 18 and (resident_id_plausible(t) or uscc_ok(t)):
            return "id/uscc"
        if t.isdigit() and 16 <= len(t) <= 19 and bank_card_ok(t):
            return "bank card"
        if PASSPORT_RE.fullmatch(t) or PERMIT_RE.fullmatch(t):
            return "passport/permit"
        if HK_TW_SHAPE.fullmatch(t):
            return "hk/tw id shape"
        if t.isdigit() and len(t) == 15 and luhn_ok(t):
            return "imei"
    for m in MOBILE_IN_TEXT.finditer(s):
        if mobile_ok("".join(m.groups())):
            return "mobile"
    if "@" in s:
        return "email"
    if any(all(int(x) <= 255 for x in m.groups()) for m in IPV4_IN_TEXT.finditer(s)):
        return "ipv4"
    if HAN.search(s):
        if any(m in s for m in ADDRESS_MARKERS + ORG_SUFFIX_MARKERS):
            return "address/org marker"
        if s in ETHNIC_GROUPS or name_like(s) or PLATE_RE.search(s):
            return "name/ethnicity/plate"
    return None


def flatten(obj, prefix=""):
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def read_dataset(k: str, lab: dict):
    """-> {column: [str or None]} and the row count, read independently of how it was written."""
    path = LAKE / k
    if k.endswith("/"):
        files = sorted(f for f in path.rglob("*.parquet")
                       if not any(part.startswith(("_", ".")) for part in f.relative_to(path).parts))
        cols, rows = {}, 0
        for f in files:
            rel = f.relative_to(path).parts
            assert [part.split("=")[0] for part in rel[:-1]] == lab["partitions"], rel
            d = pq.read_table(f, partitioning=None).to_pydict()
            n = len(next(iter(d.values())))
            for c in cols:
                cols[c].extend(d.get(c, [None] * n))
            for c, v in d.items():
                if c not in cols:
                    cols[c] = [None] * rows + list(v)
            rows += n
        return cols, rows
    if lab["format"] == "parquet":
        d = pq.read_table(path).to_pydict()
        return d, len(next(iter(d.values())))
    data = path.read_bytes()
    if k.endswith(".gz"):
        data = gunzip_bytes(data)
    elif k.endswith(".bz2"):
        data = bz2.decompress(data)
    elif k.endswith(".zst"):
        data = unzstd_bytes(data)
    if lab["format"] == "json":
        objs = [flatten(json.loads(line)) for line in data.decode("utf-8").splitlines()]
        names = list(objs[0])
        assert all(list(o) == names for o in objs), k
        return {c: [o[c] for o in objs] for c in names}, len(objs)
    if "gbk_" in k:
        text = data.decode("gbk")
    else:
        text = data.decode("utf-8")
        if k.endswith("bom_crlf.csv"):
            assert text.startswith("\ufeff") and text.count("\n") == text.count("\r\n")
            text = text[1:]
        assert not text.startswith("\ufeff")
    delim = "\t" if ".tsv" in k else ";" if "semicolon" in k else "|" if "pipe" in k else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    if k.endswith("noheader.csv"):
        header = [f"column_{i + 1}" for i in range(len(records[0]))]
    else:
        header, records = records[0], records[1:]
    assert all(len(r) == len(header) for r in records), k
    return {c: [r[i] for r in records] for i, c in enumerate(header)}, len(records)


def verify(labels, errors, skipped):
    for k, lab in labels.items():
        cols, rows = read_dataset(k, lab)
        assert 150 <= rows <= 400, (k, rows)
        assert rows == lab["rows"], (k, rows, lab["rows"])
        assert sorted(cols) == sorted(lab["columns"]), (k, sorted(cols))
        for c, types in lab["columns"].items():
            values = [v for v in cols[c] if v is not None and v != ""]
            if isinstance(values[0], dt.datetime):
                values = [v.isoformat() for v in values]
            values = [v if isinstance(v, str) else str(v) for v in values]
            if not types:
                for v in values:
                    why = plain_problem(v)
                    assert why is None, (k, c, why)  # never print the value itself
            elif c == "payload":
                docs = [json.loads(v) for v in values]
                with_ids = [d for d in docs if "sfzh" in d]
                assert 0.5 < len(with_ids) / len(docs) < 0.95, k
                assert all(TYPE_OK["cn_resident_id"](d["sfzh"]) and mobile_value_ok(d["phone"])
                           for d in with_ids), k
                assert all(plain_problem(json.dumps(d)) is None for d in docs if "sfzh" not in d)
            else:
                for v in values:
                    assert any(TYPE_OK[t](v) for t in types), (k, c, types)
                for t in types:  # every listed type is really present
                    share = sum(TYPE_OK[t](v) for v in values) / len(values)
                    assert share >= 0.05, (k, c, t, share)
    # Per-case properties.
    messy, _ = read_dataset("exports/messy/messy.csv", labels["exports/messy/messy.csv"])
    sfzh = messy["sfzh"]
    assert sum(v != v.strip() for v in sfzh) > 50
    assert sum(v.strip().endswith("x") for v in sfzh) > 10
    phones = messy["sjhm"]
    assert sum(v.startswith("+86 ") for v in phones) > 20
    assert sum(v.startswith("86-") for v in phones) > 20
    assert sum(bool(re.fullmatch(r"\d{3}-\d{4}-\d{4}", v)) for v in phones) > 20
    assert sum(bool(re.fullmatch("[\uff10-\uff19]{11}", v)) for v in phones) > 20
    certs = messy["证件号码"]
    shares = [sum(TYPE_OK[t](v) for v in certs) / len(certs)
              for t in ("cn_resident_id", "cn_passport", "cn_hk_macau_permit")]
    assert 0.6 < shares[0] < 0.8 and 0.12 < shares[1] < 0.28 and 0.05 < shares[2] < 0.15, shares
    orders, _ = read_dataset("exports/spark/mixed/orders.csv",
                             labels["exports/spark/mixed/orders.csv"])
    assert not any(resident_id_plausible(v) or uscc_ok(v) or bank_card_ok(v)
                   for v in orders["order_no"])
    assert sum(resident_id_checksum_ok(v) for v in orders["order_no"]) >= 10  # decoys bite
    # The Spark schema merge: part-00001 has exactly one column more.
    parts = sorted((EXPORTS / "spark/ods_user").glob("part-*.parquet"))
    s0, s1 = (pq.read_schema(p).names for p in parts)
    assert len(parts) == 2 and set(s1) - set(s0) == {"dzyx"} and set(s0) < set(s1)
    assert parts[0].name[len("part-00000"):] == parts[1].name[len("part-00001"):]
    # Errors really fail, skipped files are really not data.
    for k in errors:
        data = (LAKE / k).read_bytes()
        if k.endswith(".gz"):
            try:
                gzip.decompress(data)
                raise AssertionError(k)
            except gzip.BadGzipFile:
                pass
        else:
            try:
                pq.read_table(LAKE / k)
                raise AssertionError(k)
            except (pa.ArrowInvalid, OSError):
                pass
    for k in skipped:
        assert (LAKE / k).is_file()
    readme = (LAKE / "exports/odd/readme.txt").read_text()
    assert plain_problem(readme) is None
    assert len({line.count(",") for line in readme.splitlines() if line}) > 1  # not tabular
    assert len(set(labels) | set(errors) | set(skipped)) == len(labels) + len(errors) + len(skipped)


def main() -> int:
    self_check()
    assert resident_id_plausible(" 11010519491231002x ".strip().upper())
    assert not resident_id_plausible("110105194912310021")
    assert mobile_value_ok("+86 138 1234 5678") and mobile_value_ok("86-13812345678")
    assert mobile_value_ok("138-1234-5678") and mobile_value_ok(fullwidth("13812345678"))
    assert not mobile_value_ok("154-1234-5678")
    assert TYPE_OK["cn_passport"]("E12345678") and not TYPE_OK["cn_passport"]("H12345678")
    assert TYPE_OK["cn_hk_macau_permit"]("H12345678") and not TYPE_OK["cn_hk_macau_permit"]("E12345678")

    if EXPORTS.exists():
        shutil.rmtree(EXPORTS)
    EXPORTS.mkdir(parents=True)
    labels, errors, skipped, notes = {}, [], [], []
    gen_compressed(labels, errors, notes)
    gen_dialects(labels)
    gen_spark(labels)
    gen_names(labels)
    gen_jsonl(labels)
    gen_messy(labels)
    gen_odd(labels, errors, skipped)
    verify(labels, errors, skipped)

    out = {"datasets": labels, "errors": sorted(errors), "skipped": sorted(skipped)}
    LABELS.write_text(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                      encoding="utf-8")

    total = 0
    for f in sorted(p for p in EXPORTS.rglob("*") if p.is_file()):
        size = f.stat().st_size
        total += size
        print(f"{size:>10}  {f.relative_to(LAKE)}")
    print(f"{total:>10}  total ({total / 1e6:.3f} MB)")
    assert total < MAX_BYTES, total
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
