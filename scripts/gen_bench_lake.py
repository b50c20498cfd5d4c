#!/usr/bin/env python3
"""Generate fenji's deterministic benchmark lake (kept outside git).

    ~/.cache/fenji-venv/bin/python scripts/gen_bench_lake.py [--out DIR] [--gb 1.0] [--csv-mb 200]

Writes into DIR (default ``~/.cache/fenji-bench/lake-1g``):

* ``people/part-NNNNN.parquet``: a government-style "people" table, about --gb GB in
  files of ~103 MB (3 row groups of 262 144 rows each, Snappy, statistics and page index,
  pyarrow's default dictionary encoding). Columns: record_id, name, resident_id (GB 11643),
  mobile, employer_uscc (GB 32100 with its embedded GB 11714 organization code), address,
  remark (free text, ~3 % of rows embedding a mobile or resident ID), amount, visit_date,
  status_code, channel, and two decoys without identifiers (device_hash, note_en).
* ``orders/orders.csv``: about --csv-mb MB of UTF-8 CSV with a header, written by
  ``pyarrow.csv`` (which quotes every string field).
* ``_MANIFEST.json``: the parameters, the generator and library versions, every file with
  its format, bytes, rows and string columns, each table's glob and string columns, and a
  map from identifier type to the columns holding it.

Idempotent: when _MANIFEST.json records the same parameters and versions and every file it
lists is present with its recorded size, the script prints "up to date" and exits.
Otherwise it deletes the files it writes (nothing else) and regenerates them.

Deterministic: every file draws from ``numpy.random.default_rng(seed + file_index)``
(the CSV from ``seed + CSV_SEED_OFFSET``), nothing depends on the clock or environment,
and writer options are fixed, so the same parameters give byte-identical files for the
same numpy and pyarrow versions (both recorded in the manifest).

Generation is vectorized (numpy ASCII matrices turned straight into Arrow string arrays,
pyarrow.compute for concatenation) and streams one row group / CSV chunk at a time, so
memory stays well under 1 GB. All values are synthetic.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

GENERATOR_VERSION = 1
DEFAULT_OUT = Path.home() / ".cache" / "fenji-bench" / "lake-1g"
DEFAULT_SEED = 20240601
CSV_SEED_OFFSET = 1_000_000

ROW_GROUP_ROWS = 262_144
ROWS_PER_FILE = 3 * ROW_GROUP_ROWS
# Measured on-disk sizes, used to turn --gb / --csv-mb into row counts.
PARQUET_BYTES_PER_ROW = 132.0
CSV_BYTES_PER_ROW = 270.0
CSV_CHUNK_ROWS = 131_072

PARQUET_OPTIONS = dict(
    compression="snappy",
    use_dictionary=True,
    write_statistics=True,
    write_page_index=True,
    version="2.6",
    data_page_version="1.0",
)

# ---------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------

# (GB/T 2260 county code, province, prefecture, county). Municipalities have no prefecture.
REGIONS = (
    ("110101", "北京市", "", "东城区"), ("110102", "北京市", "", "西城区"),
    ("110105", "北京市", "", "朝阳区"), ("110108", "北京市", "", "海淀区"),
    ("120101", "天津市", "", "和平区"), ("120103", "天津市", "", "河西区"),
    ("120104", "天津市", "", "南开区"), ("130102", "河北省", "石家庄市", "长安区"),
    ("130104", "河北省", "石家庄市", "桥西区"), ("130105", "河北省", "石家庄市", "新华区"),
    ("140105", "山西省", "太原市", "小店区"), ("150102", "内蒙古自治区", "呼和浩特市", "新城区"),
    ("210203", "辽宁省", "大连市", "西岗区"), ("220102", "吉林省", "长春市", "南关区"),
    ("230102", "黑龙江省", "哈尔滨市", "道里区"), ("310101", "上海市", "", "黄浦区"),
    ("310104", "上海市", "", "徐汇区"), ("310106", "上海市", "", "静安区"),
    ("310115", "上海市", "", "浦东新区"), ("320102", "江苏省", "南京市", "玄武区"),
    ("320106", "江苏省", "南京市", "鼓楼区"), ("320505", "江苏省", "苏州市", "虎丘区"),
    ("320583", "江苏省", "苏州市", "昆山市"), ("330102", "浙江省", "杭州市", "上城区"),
    ("330106", "浙江省", "杭州市", "西湖区"), ("330110", "浙江省", "杭州市", "余杭区"),
    ("330203", "浙江省", "宁波市", "海曙区"), ("330212", "浙江省", "宁波市", "鄞州区"),
    ("340104", "安徽省", "合肥市", "蜀山区"), ("340402", "安徽省", "淮南市", "大通区"),
    ("340403", "安徽省", "淮南市", "田家庵区"), ("340404", "安徽省", "淮南市", "谢家集区"),
    ("340405", "安徽省", "淮南市", "八公山区"), ("340406", "安徽省", "淮南市", "潘集区"),
    ("340421", "安徽省", "淮南市", "凤台县"), ("340422", "安徽省", "淮南市", "寿县"),
    ("350102", "福建省", "福州市", "鼓楼区"), ("350203", "福建省", "厦门市", "思明区"),
    ("360102", "江西省", "南昌市", "东湖区"), ("370102", "山东省", "济南市", "历下区"),
    ("370202", "山东省", "青岛市", "市南区"), ("410105", "河南省", "郑州市", "金水区"),
    ("410602", "河南省", "鹤壁市", "鹤山区"), ("410611", "河南省", "鹤壁市", "淇滨区"),
    ("420106", "湖北省", "武汉市", "武昌区"), ("430104", "湖南省", "长沙市", "岳麓区"),
    ("440104", "广东省", "广州市", "越秀区"), ("440106", "广东省", "广州市", "天河区"),
    ("440303", "广东省", "深圳市", "罗湖区"), ("440304", "广东省", "深圳市", "福田区"),
    ("440305", "广东省", "深圳市", "南山区"), ("440306", "广东省", "深圳市", "宝安区"),
    ("440307", "广东省", "深圳市", "龙岗区"), ("450103", "广西壮族自治区", "南宁市", "青秀区"),
    ("460106", "海南省", "海口市", "龙华区"), ("500103", "重庆市", "", "渝中区"),
    ("500106", "重庆市", "", "沙坪坝区"), ("510104", "四川省", "成都市", "锦江区"),
    ("510107", "四川省", "成都市", "武侯区"), ("520102", "贵州省", "贵阳市", "南明区"),
    ("530102", "云南省", "昆明市", "五华区"), ("610103", "陕西省", "西安市", "碑林区"),
    ("610113", "陕西省", "西安市", "雁塔区"), ("620102", "甘肃省", "兰州市", "城关区"),
    ("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
)

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
) + ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容"]

GIVEN_NAME_CHARS = list(dict.fromkeys(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环"
    "雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓"
    "仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹"
    "霭凝晓欢霄枫芸菲寒伊亚宜可舒影斌宇浩凯健俊帆帅旭龙林阳建飞鹏辉国文武新利清彬富顺信子昌成"
    "康星光天达安岩中茂进有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆民友裕河哲江亮政谦"
    "亨奇固之轮翰朗伯宏言若鸣朋梁栋维启克伦翔泽晨辰士以家致树炎德行时泰盛雄琛钧冠策腾楠榕风航"
    "弘永志海金小卫东红兵军力德方世铁伟秀梓涵睿轩子墨一诺欣怡雨桐思彤语嫣浩然宇航俊杰皓月"
))

MOBILE_PREFIXES = (
    [str(p) for p in range(130, 140)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159", "166"]
    + ["170", "171", "173", "175", "176", "177", "178"]
    + [str(p) for p in range(180, 190)]
    + ["191", "198", "199"]
)
# The old, dense 13x/15x/18x blocks are more common than 16x/17x/19x.
MOBILE_WEIGHTS = np.array([1 if p[1] in "679" else 4 for p in MOBILE_PREFIXES], float)

STREET_WORDS = (
    "人民 解放 中山 建设 和平 胜利 文化 新华 朝阳 光明 友谊 长江 黄河 淮河 青年 育才 幸福 振兴 "
    "迎宾 洞山 国庆 学府 科技 工业 滨湖 东风 建国 民主 团结 复兴 锦绣 春申 望江 龙湖"
).split()
STREET_DIRECTIONS = ["", "", "", "东", "西", "南", "北", "中"]
STREET_SUFFIXES = ["路", "路", "路", "街", "大道"]
ESTATE_WORDS = (
    "阳光 幸福 金色 锦绣 翠苑 碧水 华府 御景 书香 和谐 绿地 春天 丽景 铭城 紫荆 康乐 怡和 学苑 世纪 明珠"
).split()
ESTATE_SUFFIXES = ["小区", "花园", "家园", "新村", "公寓"]

# Free-text remarks; a few carry ASCII commas so that CSV quoting matters.
REMARK_PHRASES = [
    "客户来电咨询办理进度。", "已电话回访。", "材料齐全，予以受理。", "需补充身份证明材料。",
    "申请人本人到场办理。", "委托代理人办理，已核对委托书。", "系统自动审核通过。", "待窗口人工复核。",
    "信息已核验无误。", "地址变更,需重新登记。", "已短信通知申请人。", "逾期未补正,按撤回处理。",
    "业务办结归档。", "复印件已留存。", "首次申请。", "续期办理。", "跨区通办业务。", "线上预审通过。",
    "窗口退件,资料不全。", "已转交街道办处理。", "诉求已受理，三个工作日内答复。", "群众满意度：满意。",
    "群众满意度：基本满意。", "企业开办一件事。", "社保关系转移接续。", "公积金提取申请。",
    "不动产登记咨询。", "户籍迁入审核中。", "居住证签注。", "营业执照变更登记。", "备注：无。",
    "请于工作日来办理。", "原件已核对并退还。", "电子证照已推送。", "需法定代表人签字确认。",
    "已预约下周二上午。", "老年人优待证办理。", "医保异地备案。", "低保年审材料已收。", "退休待遇资格认证。",
]
MOBILE_LABELS = ["联系电话", "手机", "联系人电话：", "回拨号码", "本人手机号"]
RESIDENT_ID_LABELS = ["身份证号", "证件号码：", "身份证", "申请人身份证号码"]
LABEL_SUFFIXES = ["", "，", "请回电。", "。", "（已核实）"]

NOTE_WORDS = (
    "ok pending review batch sync retry export import legacy migrated checked manual auto queue "
    "archived draft final update cache token session region default primary backup temp node shard "
    "merged split flagged cleared verified skipped partial full daily weekly hotfix rollback"
).split()

CHANNELS = ["线上", "窗口", "自助机", "电话", "移动端", "微信小程序", "邮寄", "上门服务"]
CHANNEL_WEIGHTS = np.array([30, 25, 10, 10, 12, 8, 3, 2], float)

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], np.int64)
ID_CHECK = np.frombuffer(b"10X98765432", np.uint8)
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], np.int64)
USCC_CHARSET = b"0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_ASCII = np.frombuffer(USCC_CHARSET, np.uint8)
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], np.int64)
HEX_ASCII = np.frombuffer(b"0123456789abcdef", np.uint8)

BIRTH_FIRST = np.datetime64("1950-01-01", "D").astype(np.int64)
BIRTH_LAST = np.datetime64("2010-12-31", "D").astype(np.int64)
VISIT_FIRST = np.datetime64("2015-01-01", "D").astype(np.int64)
VISIT_LAST = np.datetime64("2025-12-31", "D").astype(np.int64)
SECONDS_PER_DAY = 86_400

AREA_DIGITS = np.array([[int(c) for c in code] for code, *_ in REGIONS], np.uint8)
PREFIX_DIGITS = np.array([[int(c) for c in p] for p in MOBILE_PREFIXES], np.uint8)


def pool(values) -> pa.Array:
    return pa.array(values, pa.string())


PROVINCES = pool([r[1] for r in REGIONS])
PREFECTURES = pool([r[2] for r in REGIONS])
COUNTIES = pool([r[3] for r in REGIONS])
SURNAME_POOL = pool(SURNAMES)
GIVEN_POOL = pool(GIVEN_NAME_CHARS)
# Zipf-like surname frequencies; the compound surnames are rare.
SURNAME_WEIGHTS = np.array(
    [1.0 / (rank + 8) for rank in range(len(SURNAMES) - 8)] + [0.002] * 8
)

PEOPLE_STRING_COLUMNS = [
    "name", "resident_id", "mobile", "employer_uscc", "address", "remark",
    "channel", "device_hash", "note_en",
]
ORDERS_STRING_COLUMNS = [
    "order_no", "customer_name", "customer_phone", "customer_id_card",
    "ship_address", "merchant_uscc", "remark",
]
PATTERNS = {
    "resident_id": ["people.resident_id", "orders.customer_id_card"],
    "mobile": ["people.mobile", "orders.customer_phone"],
    "uscc": ["people.employer_uscc", "orders.merchant_uscc"],
    "person_name": ["people.name", "orders.customer_name"],
    "address": ["people.address", "orders.ship_address"],
    "embedded_resident_id_or_mobile": ["people.remark", "orders.remark"],
    "decoy": ["people.device_hash", "people.note_en", "orders.order_no"],
}

# ---------------------------------------------------------------------------
# Vectorized building blocks
# ---------------------------------------------------------------------------


def weights_p(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()


def ascii_strings(chars: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """An (n, width) uint8 ASCII matrix as a string array; rows where valid is False are null."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    validity = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    data = pa.py_buffer(np.ascontiguousarray(chars, dtype=np.uint8))
    return pa.Array.from_buffers(pa.string(), n, [validity, pa.py_buffer(offsets), data])


def take(values: pa.Array, indices: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    mask = None if valid is None else ~valid
    return pc.take(values, pa.array(indices, mask=mask))


def join(*parts) -> pa.Array:
    """Concatenate string arrays/scalars element-wise, skipping null parts."""
    return pc.binary_join_element_wise(*parts, "", null_handling="skip")


def int_digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits (0-9, not ASCII) of non-negative ints, shape (n, width)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values.astype(np.int64)[:, None] // powers % 10).astype(np.uint8)


def random_digits(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    return rng.integers(0, 10, (n, width), dtype=np.uint8)


def days_between(rng: np.random.Generator, n: int, first: int, last: int) -> np.ndarray:
    """Uniform dates in [first, last] (days since 1970-01-01) as datetime64[D]."""
    return rng.integers(first, last + 1, n).astype("datetime64[D]")


def present(rng: np.random.Generator, n: int, null_rate: float) -> np.ndarray:
    return rng.random(n) >= null_rate


def as_int_strings(values: np.ndarray) -> pa.Array:
    return pa.array(values).cast(pa.string())


# ---------------------------------------------------------------------------
# Identifier generators (each returns an (n, width) ASCII matrix)
# ---------------------------------------------------------------------------


def resident_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """GB 11643 18-character IDs: area code, birth date 1950-2010, sequence, check char."""
    area = AREA_DIGITS[rng.integers(0, len(REGIONS), n)]
    born = days_between(rng, n, BIRTH_FIRST, BIRTH_LAST)
    month_start = born.astype("datetime64[M]")
    year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    month = month_start.astype(np.int64) % 12 + 1
    day = (born - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    sequence = rng.integers(1, 1000, n)
    date = [int_digits(year, 4), int_digits(month, 2), int_digits(day, 2)]
    body = np.concatenate([area, *date, int_digits(sequence, 3)], axis=1)
    check = ID_CHECK[(body.astype(np.int64) @ ID_WEIGHTS) % 11]
    return np.concatenate([body + ord("0"), check[:, None]], axis=1)


def mobiles(rng: np.random.Generator, n: int) -> np.ndarray:
    prefix = PREFIX_DIGITS[rng.choice(len(MOBILE_PREFIXES), n, p=weights_p(MOBILE_WEIGHTS))]
    return np.concatenate([prefix, random_digits(rng, n, 8)], axis=1) + ord("0")


def usccs(rng: np.random.Generator, n: int) -> np.ndarray:
    """GB 32100 codes; positions 9-17 are a GB 11714 organization code over the USCC charset.

    Works on charset indices (0-30): a digit's index is its value, letters follow A=10.
    """
    dept = np.array([9, 1, 5], np.int64)[rng.choice(3, n, p=[0.9, 0.05, 0.05])]
    kind = rng.integers(1, 4, n)
    area = AREA_DIGITS[rng.integers(0, len(REGIONS), n)].astype(np.int64)
    # Older codes have all-digit organization codes; newer ones start with "MA".
    org = rng.integers(0, 10, (n, 8))
    newer = rng.random(n) < 0.4
    org[newer, 0] = USCC_CHARSET.index(b"M")
    org[newer, 1] = USCC_CHARSET.index(b"A")
    org[newer, 2:] = rng.integers(0, len(USCC_CHARSET), (int(newer.sum()), 6))
    # GB 11714 values: digits 0-9, letters A=10 ... Z=35 (by ASCII, not by charset index).
    org_ascii = USCC_ASCII[org].astype(np.int64)
    org_values = np.where(org_ascii <= ord("9"), org_ascii - ord("0"), org_ascii - ord("A") + 10)
    c = 11 - (org_values @ ORG_WEIGHTS) % 11
    org_check = np.where(c == 10, USCC_CHARSET.index(b"X"), np.where(c == 11, 0, c))
    body = np.concatenate([dept[:, None], kind[:, None], area, org, org_check[:, None]], axis=1)
    check = (31 - (body @ USCC_WEIGHTS) % 31) % 31
    return USCC_ASCII[np.concatenate([body, check[:, None]], axis=1)]


def names(rng: np.random.Generator, n: int) -> pa.Array:
    surname = take(SURNAME_POOL, rng.choice(len(SURNAMES), n, p=weights_p(SURNAME_WEIGHTS)))
    first = take(GIVEN_POOL, rng.integers(0, len(GIVEN_NAME_CHARS), n))
    second = take(GIVEN_POOL, rng.integers(0, len(GIVEN_NAME_CHARS), n), rng.random(n) < 0.7)
    return join(surname, first, second)


def addresses(rng: np.random.Generator, n: int) -> pa.Array:
    """省市区 + street + number, and for most rows ' 小区N栋N单元NNN室'."""
    region = rng.integers(0, len(REGIONS), n)
    street = join(
        take(pool(STREET_WORDS), rng.integers(0, len(STREET_WORDS), n)),
        take(pool(STREET_DIRECTIONS), rng.integers(0, len(STREET_DIRECTIONS), n)),
        take(pool(STREET_SUFFIXES), rng.integers(0, len(STREET_SUFFIXES), n)),
    )
    number = as_int_strings(rng.integers(1, 1000, n))
    has_unit = rng.random(n) < 0.75
    room = rng.integers(1, 33, n) * 100 + rng.integers(1, 9, n)
    unit = pc.binary_join_element_wise(
        " ",
        take(pool(ESTATE_WORDS), rng.integers(0, len(ESTATE_WORDS), n), has_unit),
        take(pool(ESTATE_SUFFIXES), rng.integers(0, len(ESTATE_SUFFIXES), n)),
        as_int_strings(rng.integers(1, 40, n)), "栋",
        as_int_strings(rng.integers(1, 7, n)), "单元",
        as_int_strings(room), "室",
        "",
    )  # null (emit_null) where has_unit is False, then skipped by join()
    return join(
        take(PROVINCES, region), take(PREFECTURES, region), take(COUNTIES, region),
        street, number, "号", unit,
    )


def remarks(rng: np.random.Generator, n: int, mobile: pa.Array, resident_id: pa.Array) -> pa.Array:
    """2-4 phrases; ~2 % of rows embed the row's mobile and ~1 % its resident ID."""
    phrases = pool(REMARK_PHRASES)
    count = rng.integers(2, 5, n)

    def phrase(k: int) -> pa.Array:
        return take(phrases, rng.integers(0, len(REMARK_PHRASES), n), count > k)

    kind = rng.random(n)
    label_mobile = take(pool(MOBILE_LABELS), rng.integers(0, len(MOBILE_LABELS), n), kind < 0.02)
    label_id = take(
        pool(RESIDENT_ID_LABELS), rng.integers(0, len(RESIDENT_ID_LABELS), n),
        (kind >= 0.02) & (kind < 0.03),
    )
    suffix = take(pool(LABEL_SUFFIXES), rng.integers(0, len(LABEL_SUFFIXES), n))
    # Each embedded piece is null (and skipped) unless its label is set and the value is present.
    embedded_mobile = pc.binary_join_element_wise(label_mobile, mobile, suffix, "")
    embedded_id = pc.binary_join_element_wise(label_id, resident_id, suffix, "")
    return join(phrase(0), embedded_mobile, phrase(1), embedded_id, phrase(2), phrase(3))


def device_hashes(rng: np.random.Generator, n: int) -> pa.Array:
    return ascii_strings(HEX_ASCII[rng.integers(0, 16, (n, 32), dtype=np.uint8)])


def english_notes(rng: np.random.Generator, n: int) -> pa.Array:
    words = pool(NOTE_WORDS)
    count = rng.integers(1, 5, n)
    parts = [take(words, rng.integers(0, len(NOTE_WORDS), n), count > k) for k in range(4)]
    return pc.binary_join_element_wise(*parts, " ", null_handling="skip")


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def people_chunk(rng: np.random.Generator, first_id: int, n: int) -> pa.Table:
    resident_id = ascii_strings(resident_ids(rng, n), present(rng, n, 0.02))
    mobile = ascii_strings(mobiles(rng, n), present(rng, n, 0.03))
    return pa.table({
        "record_id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        "name": names(rng, n),
        "resident_id": resident_id,
        "mobile": mobile,
        "employer_uscc": ascii_strings(usccs(rng, n), present(rng, n, 0.20)),
        "address": addresses(rng, n),
        "remark": remarks(rng, n, mobile, resident_id),
        "amount": pa.array(np.round(rng.lognormal(5.0, 1.2, n), 2)),
        "visit_date": pa.array(days_between(rng, n, VISIT_FIRST, VISIT_LAST)),
        "status_code": pa.array(rng.integers(0, 10, n, dtype=np.int32)),
        "channel": take(pool(CHANNELS), rng.choice(len(CHANNELS), n, p=weights_p(CHANNEL_WEIGHTS))),
        "device_hash": device_hashes(rng, n),
        "note_en": english_notes(rng, n),
    })


def complaints_chunk(rng: np.random.Generator, n: int) -> pa.Table:
    """The complaints table of --shape complaints: five mostly distinct string columns."""
    resident_id = ascii_strings(resident_ids(rng, n))
    mobile = ascii_strings(mobiles(rng, n))
    day = days_between(rng, n, VISIT_FIRST, VISIT_LAST)
    year = int_digits(day.astype("datetime64[Y]").astype(np.int64) + 1970, 4)
    order_no = np.concatenate([year, random_digits(rng, n, 14)], axis=1) + ord("0")
    return pa.table({
        "resident_id": resident_id,
        "name": names(rng, n),
        "mobile": mobile,
        "order_no": ascii_strings(order_no),
        "complaint": remarks(rng, n, mobile, resident_id),
    })


def orders_chunk(rng: np.random.Generator, n: int) -> pa.Table:
    created_day = days_between(rng, n, VISIT_FIRST, VISIT_LAST)
    created = created_day.astype(np.int64) * SECONDS_PER_DAY + rng.integers(0, SECONDS_PER_DAY, n)
    # Order numbers start with the order's year, then 16 random digits.
    order_year = int_digits(created_day.astype("datetime64[Y]").astype(np.int64) + 1970, 4)
    order_no = np.concatenate([order_year, random_digits(rng, n, 16)], axis=1) + ord("0")
    cents = np.round(rng.lognormal(4.5, 1.0, n) * 100).astype(np.int64)
    amount_type = pa.decimal128(12, 2)  # written with exactly two decimals
    decimal_words = np.zeros((n, 2), np.int64)  # little-endian 128-bit, non-negative
    decimal_words[:, 0] = cents
    resident_id = ascii_strings(resident_ids(rng, n))
    mobile = ascii_strings(mobiles(rng, n))
    return pa.table({
        "order_no": ascii_strings(order_no),
        "customer_name": names(rng, n),
        "customer_phone": mobile,
        "customer_id_card": resident_id,
        "ship_address": addresses(rng, n),
        "merchant_uscc": ascii_strings(usccs(rng, n)),
        "amount": pa.Array.from_buffers(amount_type, n, [None, pa.py_buffer(decimal_words)]),
        "created_at": pa.array(created, pa.timestamp("s")),
        "remark": remarks(rng, n, mobile, resident_id),
    })


# ---------------------------------------------------------------------------
# Files and manifest
# ---------------------------------------------------------------------------


def plan(gb: float, csv_mb: float) -> tuple[int, int, int]:
    """(parquet files, rows per parquet file, csv rows) for the requested sizes."""
    total_rows = max(1, round(gb * 1e9 / PARQUET_BYTES_PER_ROW))
    files = max(1, round(total_rows / ROWS_PER_FILE))
    return files, min(ROWS_PER_FILE, total_rows), max(1, round(csv_mb * 1e6 / CSV_BYTES_PER_ROW))


def write_people_file(path: Path, seed: int, index: int, rows: int) -> None:
    rng = np.random.default_rng(seed + index)
    first_id = index * ROWS_PER_FILE
    writer = None
    for start in range(0, rows, ROW_GROUP_ROWS):
        table = people_chunk(rng, first_id + start, min(ROW_GROUP_ROWS, rows - start))
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, **PARQUET_OPTIONS)
        writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
    writer.close()


COMPLAINTS_STRING_COLUMNS = ["resident_id", "name", "mobile", "order_no", "complaint"]
# pyarrow's default Parquet bytes per complaints row (dictionary fallback, Snappy).
COMPLAINTS_BYTES_PER_ROW = 59.0
COMPLAINTS_FILES = 10


def write_manifest(out: Path, params: dict, entries: list, tables: dict, patterns: dict) -> None:
    """_MANIFEST.json: parameters, versions, every file, each table and the identifier map."""
    manifest = {"params": params, "versions": versions(), "files": entries, "tables": tables,
                "patterns": patterns}
    (out / "_MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_chunked(path: Path, rows: int, chunk_rows: int, make_chunk, open_writer,
                  **write_options) -> None:
    """Write `rows` rows made `chunk_rows` at a time by make_chunk(n), streaming."""
    writer = None
    for start in range(0, rows, chunk_rows):
        table = make_chunk(min(chunk_rows, rows - start))
        if writer is None:
            writer = open_writer(path, table.schema)
        writer.write_table(table, **write_options)
    writer.close()


def write_complaints_file(path: Path, seed: int, index: int, rows: int) -> None:
    """pyarrow's defaults (no page index), 256 Ki-row row groups."""
    rng = np.random.default_rng(seed + index)
    write_chunked(path, rows, ROW_GROUP_ROWS, lambda n: complaints_chunk(rng, n),
                  pq.ParquetWriter, row_group_size=ROW_GROUP_ROWS)


def generate_complaints(out: Path, params: dict) -> None:
    rows = max(1, round(params["gb"] * 1e9 / COMPLAINTS_BYTES_PER_ROW / COMPLAINTS_FILES))
    (out / "_MANIFEST.json").unlink(missing_ok=True)
    for path in sorted(out.glob("complaints/part-*.parquet")):
        path.unlink()
    (out / "complaints").mkdir(parents=True, exist_ok=True)
    entries = []
    for index in range(COMPLAINTS_FILES):
        rel = f"complaints/part-{index:05d}.parquet"
        t0 = time.perf_counter()
        write_complaints_file(out / rel, params["seed"], index, rows)
        size = (out / rel).stat().st_size
        entries.append({"path": rel, "format": "parquet", "bytes": size, "rows": rows,
                        "string_columns": COMPLAINTS_STRING_COLUMNS})
        print(f"{rel}: {rows:,} rows, {size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s",
              flush=True)
    write_manifest(out, params, entries, {
        "complaints": {"glob": "complaints/*.parquet", "format": "parquet",
                       "string_columns": COMPLAINTS_STRING_COLUMNS},
    }, {
        "resident_id": ["complaints.resident_id"], "mobile": ["complaints.mobile"],
        "person_name": ["complaints.name"],
        "embedded_resident_id_or_mobile": ["complaints.complaint"],
        "decoy": ["complaints.order_no"],
    })


def write_orders_file(path: Path, seed: int, rows: int) -> None:
    rng = np.random.default_rng(seed + CSV_SEED_OFFSET)
    write_chunked(path, rows, CSV_CHUNK_ROWS, lambda n: orders_chunk(rng, n), pacsv.CSVWriter)


def versions() -> dict:
    return {"generator": GENERATOR_VERSION, "numpy": np.__version__, "pyarrow": pa.__version__}


def up_to_date(out: Path, params: dict) -> bool:
    manifest_path = out / "_MANIFEST.json"
    if not manifest_path.is_file():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("params") != params or manifest.get("versions") != versions():
        return False
    for entry in manifest["files"]:
        path = out / entry["path"]
        if not path.is_file() or path.stat().st_size != entry["bytes"]:
            return False
    return True


def remove_generated(out: Path) -> None:
    (out / "_MANIFEST.json").unlink(missing_ok=True)
    for path in sorted(out.glob("people/part-*.parquet")):
        path.unlink()
    (out / "orders" / "orders.csv").unlink(missing_ok=True)


def generate(out: Path, params: dict) -> None:
    files, rows_per_file, csv_rows = plan(params["gb"], params["csv_mb"])
    seed = params["seed"]
    remove_generated(out)
    (out / "people").mkdir(parents=True, exist_ok=True)
    (out / "orders").mkdir(parents=True, exist_ok=True)
    entries = []
    started = time.perf_counter()

    def record(rel: str, fmt: str, rows: int, string_columns: list[str], t0: float) -> None:
        size = (out / rel).stat().st_size
        entries.append({"path": rel, "format": fmt, "bytes": size, "rows": rows,
                        "string_columns": string_columns})
        print(f"{rel}: {rows:,} rows, {size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s "
              f"(total {time.perf_counter() - started:.0f} s)", flush=True)

    for index in range(files):
        rel = f"people/part-{index:05d}.parquet"
        t0 = time.perf_counter()
        write_people_file(out / rel, seed, index, rows_per_file)
        record(rel, "parquet", rows_per_file, PEOPLE_STRING_COLUMNS, t0)

    rel = "orders/orders.csv"
    t0 = time.perf_counter()
    write_orders_file(out / rel, seed, csv_rows)
    record(rel, "csv", csv_rows, ORDERS_STRING_COLUMNS, t0)

    write_manifest(out, params, entries, {
        "people": {"glob": "people/*.parquet", "format": "parquet",
                   "string_columns": PEOPLE_STRING_COLUMNS},
        "orders": {"glob": "orders/*.csv", "format": "csv",
                   "string_columns": ORDERS_STRING_COLUMNS},
    }, PATTERNS)
    parquet_bytes = sum(e["bytes"] for e in entries if e["format"] == "parquet")
    csv_bytes = entries[-1]["bytes"]
    print(f"done in {time.perf_counter() - started:.1f} s: {files} Parquet files, "
          f"{parquet_bytes / 1e9:.3f} GB Parquet + {csv_bytes / 1e6:.1f} MB CSV in {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"lake directory (default {DEFAULT_OUT})")
    parser.add_argument("--gb", type=float, default=1.0,
                        help="approximate total Parquet size in GB (1e9 bytes)")
    parser.add_argument("--csv-mb", type=float, default=200.0,
                        help="approximate CSV size in MB (1e6 bytes)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="base seed; Parquet file i uses seed + i")
    parser.add_argument("--shape", choices=["people", "complaints"], default="people",
                        help="people: the people Parquet table and the orders CSV; complaints: "
                             "10 pyarrow-default files of resident IDs, names, mobiles, 18-digit "
                             "order numbers and complaint texts")
    args = parser.parse_args()
    if args.gb <= 0 or args.csv_mb <= 0:
        parser.error("--gb and --csv-mb must be positive")
    out = args.out.expanduser().resolve()
    params = {"gb": args.gb, "csv_mb": args.csv_mb, "seed": args.seed}
    if args.shape != "people":
        params = {"gb": args.gb, "seed": args.seed, "shape": args.shape}
    if up_to_date(out, params):
        print(f"{out}: up to date")
        return 0
    if args.shape == "complaints":
        generate_complaints(out, params)
    else:
        generate(out, params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
