#!/usr/bin/env python3
"""Build fenji's column-level accuracy corpus and its ground-truth labels.

    ~/.cache/fenji-venv/bin/python scripts/gen_accuracy_corpus.py

Deletes and rewrites ``corpus/accuracy/lake/`` and writes ``corpus/accuracy/labels.json``.

The corpus measures per-type precision and recall at the COLUMN level: a column either
carries a type or it does not. About fifty small datasets (Parquet, UTF-8 CSV, GBK CSV,
TSV) each get a seeded random mix of columns drawn from independent value generators:
plain identifier columns in many formats, hard cases (free text with embedded
identifiers, sparse columns, mixed certificate columns, masked copies) and decoys that
look like identifiers but fail every validator. Column names mix pinyin hints, Chinese,
English and opaque names (c3, col_5, f07).

Only the standard library and pyarrow are used. Every random choice comes from a
``random.Random`` seeded with a fixed integer, nothing depends on the clock or on set
iteration order, and Parquet files are written with fixed settings, so two runs produce
byte-identical output (for the same pyarrow version, recorded in each Parquet footer).

The validators below are written from the standards and docs/detectors.md, independently
of the Rust engine. They check themselves against the public test vectors before any file
is written; every positive value must pass its own type's validator, every decoy must fail
all validators (in their most lenient form), and the written files are read back and
checked again. All values are synthetic.

Labels are per column: the types a column carries (free text: every type embedded in at
least 20% of its rows; certificate columns: resident ID, passport and HK/Macau permit;
sparse columns: the 3-5% type). Values in plain columns are not filtered for accidental
agreement with another type's validator (a resident ID that is also Luhn-valid, a passport
that reads as a GB 11714 code, a bracket-less HK ID starting with D/P/S that matches the
old passport shape, a 15-digit number that is both an IMEI and a registration number):
real data has these, and a column-level detector must not be fooled by them. The run prints
how many such values each type carries. Identifiers embedded in free text are chosen so
that they match only their own type.
"""

import csv
import datetime as dt
import io
import ipaddress
import json
import re
import shutil
import sys
import uuid
from pathlib import Path
from random import Random

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
ACC = ROOT / "corpus" / "accuracy"
LAKE = ACC / "lake"
LABELS = ACC / "labels.json"

SEED = 20240611
TODAY = dt.date(2024, 6, 30)  # fixed "today": nothing depends on the clock
N_DATASETS = 50
MAX_BYTES = 3_000_000

TYPES = (
    "bank_card", "cn_address", "cn_business_reg_no", "cn_ethnicity", "cn_hk_macau_permit",
    "cn_landline", "cn_license_plate", "cn_mobile", "cn_org_code", "cn_passport",
    "cn_person_name", "cn_resident_id", "cn_uscc", "company_name", "email",
    "geo_coordinate", "hk_id", "imei", "ip_address", "mac_address", "tw_id", "vin",
)
# Types whose content alone cannot be told apart reliably: they always get hinted names.
HINT_ONLY_TYPES = ("cn_person_name", "cn_ethnicity", "geo_coordinate")

# ---------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------

# Province-level codes that can open a resident ID (GB/T 2260 plus 71, 81, 82).
PROVINCE_CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82"
).split()

# Current county-level divisions: (code, province, prefecture, county).
# Municipalities leave the prefecture empty.
REGIONS = (
    ("110101", "北京市", "", "东城区"), ("110102", "北京市", "", "西城区"),
    ("110105", "北京市", "", "朝阳区"), ("110106", "北京市", "", "丰台区"),
    ("110107", "北京市", "", "石景山区"), ("110108", "北京市", "", "海淀区"),
    ("110111", "北京市", "", "房山区"), ("110112", "北京市", "", "通州区"),
    ("110114", "北京市", "", "昌平区"),
    ("120101", "天津市", "", "和平区"), ("120102", "天津市", "", "河东区"),
    ("120103", "天津市", "", "河西区"), ("120104", "天津市", "", "南开区"),
    ("120105", "天津市", "", "河北区"), ("120116", "天津市", "", "滨海新区"),
    ("130102", "河北省", "石家庄市", "长安区"), ("130104", "河北省", "石家庄市", "桥西区"),
    ("140105", "山西省", "太原市", "小店区"), ("140106", "山西省", "太原市", "迎泽区"),
    ("150102", "内蒙古自治区", "呼和浩特市", "新城区"),
    ("150103", "内蒙古自治区", "呼和浩特市", "回民区"),
    ("210102", "辽宁省", "沈阳市", "和平区"), ("210103", "辽宁省", "沈阳市", "沈河区"),
    ("210202", "辽宁省", "大连市", "中山区"), ("210203", "辽宁省", "大连市", "西岗区"),
    ("220102", "吉林省", "长春市", "南关区"), ("220104", "吉林省", "长春市", "朝阳区"),
    ("230102", "黑龙江省", "哈尔滨市", "道里区"), ("230103", "黑龙江省", "哈尔滨市", "南岗区"),
    ("310101", "上海市", "", "黄浦区"), ("310104", "上海市", "", "徐汇区"),
    ("310105", "上海市", "", "长宁区"), ("310106", "上海市", "", "静安区"),
    ("310107", "上海市", "", "普陀区"), ("310109", "上海市", "", "虹口区"),
    ("310110", "上海市", "", "杨浦区"), ("310112", "上海市", "", "闵行区"),
    ("310115", "上海市", "", "浦东新区"),
    ("320102", "江苏省", "南京市", "玄武区"), ("320104", "江苏省", "南京市", "秦淮区"),
    ("320105", "江苏省", "南京市", "建邺区"), ("320106", "江苏省", "南京市", "鼓楼区"),
    ("320111", "江苏省", "南京市", "浦口区"), ("320506", "江苏省", "苏州市", "吴中区"),
    ("320508", "江苏省", "苏州市", "姑苏区"), ("320583", "江苏省", "苏州市", "昆山市"),
    ("330102", "浙江省", "杭州市", "上城区"), ("330105", "浙江省", "杭州市", "拱墅区"),
    ("330106", "浙江省", "杭州市", "西湖区"), ("330108", "浙江省", "杭州市", "滨江区"),
    ("330110", "浙江省", "杭州市", "余杭区"), ("330203", "浙江省", "宁波市", "海曙区"),
    ("340102", "安徽省", "合肥市", "瑶海区"), ("340103", "安徽省", "合肥市", "庐阳区"),
    ("340104", "安徽省", "合肥市", "蜀山区"), ("340111", "安徽省", "合肥市", "包河区"),
    ("340402", "安徽省", "淮南市", "大通区"), ("340403", "安徽省", "淮南市", "田家庵区"),
    ("340404", "安徽省", "淮南市", "谢家集区"), ("340405", "安徽省", "淮南市", "八公山区"),
    ("340406", "安徽省", "淮南市", "潘集区"), ("340421", "安徽省", "淮南市", "凤台县"),
    ("340422", "安徽省", "淮南市", "寿县"),
    ("350102", "福建省", "福州市", "鼓楼区"), ("350104", "福建省", "福州市", "仓山区"),
    ("350203", "福建省", "厦门市", "思明区"), ("350206", "福建省", "厦门市", "湖里区"),
    ("360102", "江西省", "南昌市", "东湖区"), ("360103", "江西省", "南昌市", "西湖区"),
    ("370102", "山东省", "济南市", "历下区"), ("370103", "山东省", "济南市", "市中区"),
    ("370202", "山东省", "青岛市", "市南区"), ("370203", "山东省", "青岛市", "市北区"),
    ("410102", "河南省", "郑州市", "中原区"), ("410103", "河南省", "郑州市", "二七区"),
    ("410105", "河南省", "郑州市", "金水区"), ("410602", "河南省", "鹤壁市", "鹤山区"),
    ("420102", "湖北省", "武汉市", "江岸区"), ("420103", "湖北省", "武汉市", "江汉区"),
    ("420106", "湖北省", "武汉市", "武昌区"), ("420111", "湖北省", "武汉市", "洪山区"),
    ("430102", "湖南省", "长沙市", "芙蓉区"), ("430103", "湖南省", "长沙市", "天心区"),
    ("430104", "湖南省", "长沙市", "岳麓区"),
    ("440103", "广东省", "广州市", "荔湾区"), ("440104", "广东省", "广州市", "越秀区"),
    ("440105", "广东省", "广州市", "海珠区"), ("440106", "广东省", "广州市", "天河区"),
    ("440111", "广东省", "广州市", "白云区"), ("440303", "广东省", "深圳市", "罗湖区"),
    ("440304", "广东省", "深圳市", "福田区"), ("440305", "广东省", "深圳市", "南山区"),
    ("440306", "广东省", "深圳市", "宝安区"), ("440307", "广东省", "深圳市", "龙岗区"),
    ("450102", "广西壮族自治区", "南宁市", "兴宁区"), ("450103", "广西壮族自治区", "南宁市", "青秀区"),
    ("460105", "海南省", "海口市", "秀英区"), ("460106", "海南省", "海口市", "龙华区"),
    ("500103", "重庆市", "", "渝中区"), ("500106", "重庆市", "", "沙坪坝区"),
    ("500112", "重庆市", "", "渝北区"),
    ("510104", "四川省", "成都市", "锦江区"), ("510105", "四川省", "成都市", "青羊区"),
    ("510106", "四川省", "成都市", "金牛区"), ("510107", "四川省", "成都市", "武侯区"),
    ("520102", "贵州省", "贵阳市", "南明区"), ("520103", "贵州省", "贵阳市", "云岩区"),
    ("530102", "云南省", "昆明市", "五华区"), ("530111", "云南省", "昆明市", "官渡区"),
    ("540102", "西藏自治区", "拉萨市", "城关区"),
    ("610102", "陕西省", "西安市", "新城区"), ("610104", "陕西省", "西安市", "莲湖区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
    ("620102", "甘肃省", "兰州市", "城关区"), ("620103", "甘肃省", "兰州市", "七里河区"),
    ("630102", "青海省", "西宁市", "城东区"),
    ("640104", "宁夏回族自治区", "银川市", "兴庆区"),
    ("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
    ("650103", "新疆维吾尔自治区", "乌鲁木齐市", "沙依巴克区"),
)

# County-level codes abolished since the 1990s: (code, name, year abolished). IDs issued
# there stay valid for life, so they turn up among older people (births up to that year).
HISTORICAL_REGIONS = (
    ("110103", "北京市崇文区", 2010), ("110104", "北京市宣武区", 2010),
    ("120107", "天津市塘沽区", 2009), ("120108", "天津市汉沽区", 2009),
    ("120109", "天津市大港区", 2009),
    ("310102", "上海市南市区", 2000), ("310103", "上海市卢湾区", 2011),
    ("310108", "上海市闸北区", 2015),
    ("320103", "南京市白下区", 2013), ("320107", "南京市下关区", 2013),
    ("330103", "杭州市下城区", 2021), ("330104", "杭州市江干区", 2021),
    ("341521", "六安市寿县", 2015),
    ("440102", "广州市东山区", 2005), ("440107", "广州市芳村区", 2005),
)

ID_REGION_CODES = tuple(sorted({r[0] for r in REGIONS} | {h[0] for h in HISTORICAL_REGIONS}))
# Registration-authority codes for business numbers and USCCs: county, prefecture, province.
AUTHORITY_CODES = tuple(sorted(
    {r[0] for r in REGIONS} | {r[0][:4] + "00" for r in REGIONS if r[2]}
    | {r[0][:2] + "0000" for r in REGIONS}))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [12 if i < 5 else 5 if i < 20 else 2 if i < 50 else 1 for i in range(len(SURNAMES))]
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫", "尉迟",
                     "公孙", "司徒", "夏侯", "宇文", "长孙")
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文东海峰成亮晨博然轩睿泽子豪永春"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰燕萍红梅琳雪婷慧颖倩洁佳欣怡悦涵雨思梦晓月琴云丹露蕾薇"

ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()

# Allocated mobile blocks (all inside libphonenumber's CN mobile pattern).
MOBILE_PREFIXES = tuple(
    [str(p) for p in range(130, 140)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["166", "170", "171", "173", "175", "176", "177", "178"]
    + [str(p) for p in range(180, 190)]
    + ["191", "193", "195", "196", "197", "198", "199"]
)
MOBILE_WEIGHTS = [1 if p[:2] in ("16", "17", "19") else 4 for p in MOBILE_PREFIXES]

# Area code (with trunk 0) -> subscriber lengths, per libphonenumber's CN fixed-line metadata.
AREA_CODES = {
    "010": (8,), "020": (8,), "021": (8,), "022": (8,), "023": (8,), "024": (8,),
    "025": (8,), "027": (8,), "028": (8,), "029": (8,),
    "0311": (8,), "0371": (8,), "0379": (8,), "0411": (8,), "0431": (8,), "0451": (8,),
    "0510": (8,), "0512": (8,), "0531": (8,), "0532": (8,), "0551": (8,), "0571": (8,),
    "0574": (8,), "0577": (8,), "0591": (8,), "0731": (8,), "0755": (8,), "0757": (8,),
    "0769": (8,), "0791": (8,), "0871": (8,), "0898": (8,),
    "0351": (7,), "0392": (7,), "0471": (7,), "0535": (7,), "0552": (7,), "0554": (7,),
    "0556": (7,), "0558": (7,), "0564": (7,), "0592": (7,), "0668": (7,), "0750": (7,),
    "0931": (7,), "0951": (7,), "0971": (7,), "0991": (7,),
    "0754": (7, 8), "0851": (7, 8),
}
AREA_LIST = tuple(sorted(AREA_CODES))

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registering authority + entity type (GB 32100 code tables).
USCC_KINDS = ("11", "12", "13", "19", "31", "51", "52", "53", "91", "92", "93", "Y1")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

TW_LETTERS = dict(A=10, B=11, C=12, D=13, E=14, F=15, G=16, H=17, I=34, J=18, K=19, L=20,
                  M=21, N=22, O=35, P=23, Q=24, R=25, S=26, T=27, U=28, V=29, W=32, X=30,
                  Y=31, Z=33)
TW_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)

VIN_TRANSLIT = dict(A=1, B=2, C=3, D=4, E=5, F=6, G=7, H=8, J=1, K=2, L=3, M=4, N=5, P=7,
                    R=9, S=2, T=3, U=4, V=5, W=6, X=7, Y=8, Z=9)
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
HALFWIDTH = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")

# ---------------------------------------------------------------------------
# Validators (independent implementations; strict = what positives must pass,
# lenient = the widest reading, which every decoy must fail)
# ---------------------------------------------------------------------------


def id_check_char(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def real_date(y: int, m: int, d: int):
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resident_id_ok(s: str, strict: bool = True) -> bool:
    """GB 11643: 18 chars with check, or the 15-digit pre-1999 form (YYMMDD, no check).
    Strict: county code from the table (current + historical), birth 1900..today.
    Lenient: any province code."""
    if len(s) == 18:
        if not re.fullmatch(r"\d{17}[\dXx]", s) or id_check_char(s[:17]) != s[17].upper():
            return False
        born = real_date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    elif len(s) == 15:
        if not s.isdigit():
            return False
        born = real_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    else:
        return False
    region_ok = s[:6] in ID_REGION_CODES if strict else s[:2] in PROVINCE_CODES
    return region_ok and born is not None and 1900 <= born.year and born <= TODAY


def org_char_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def org_check_char(body8: str) -> str:
    c = 11 - sum(org_char_value(ch) * w for ch, w in zip(body8, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def org_code_ok(s: str) -> bool:
    """GB 11714: 8 body chars + check, optionally XXXXXXXX-X."""
    if len(s) == 10 and s[8] == "-":
        s = s[:8] + s[9]
    return bool(re.fullmatch(r"[0-9A-Z]{8}[0-9X]", s)) and org_check_char(s[:8]) == s[8]


def uscc_check_char(body17: str) -> str:
    s = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - s % 31) % 31]


def uscc_ok(s: str, strict: bool = True) -> bool:
    """GB 32100. Lenient: charset + mod-31 check only. Strict: also a known
    authority/type pair, a province code and a valid embedded org code."""
    if len(s) != 18 or any(c not in USCC_CHARSET for c in s):
        return False
    if uscc_check_char(s[:17]) != s[17]:
        return False
    if not strict:
        return True
    return s[:2] in USCC_KINDS and s[2:4] in PROVINCE_CODES and org_code_ok(s[8:17])


def mod11_10_check(body14: str) -> str:
    """ISO 7064 MOD 11,10 check digit."""
    p = 10
    for ch in body14:
        s = (p + int(ch)) % 10 or 10
        p = (2 * s) % 11
    for c in range(10):
        if (p + c) % 10 == 1:
            return str(c)
    raise AssertionError("unreachable")


def business_reg_no_ok(s: str, strict: bool = True) -> bool:
    if len(s) != 15 or not s.isdigit() or mod11_10_check(s[:14]) != s[14]:
        return False
    return s[:6] in AUTHORITY_CODES if strict else True


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError("unreachable")


def bank_card_ok(s: str, strict: bool = True) -> bool:
    """16-19 digits (optionally grouped by 4 with spaces), Luhn, known issuer prefix.
    Lenient: any 16-19 digit Luhn-valid number."""
    if re.fullmatch(r"\d{4}( \d{4}){3}( \d{1,4})?", s):
        s = s.replace(" ", "")
    if not (s.isdigit() and 16 <= len(s) <= 19 and luhn_ok(s)):
        return False
    if not strict:
        return True
    p2, p4 = int(s[:2]), int(s[:4])
    return s.startswith(("62", "4", "35", "34", "37")) or 51 <= p2 <= 55 or 2221 <= p4 <= 2720


def imei_ok(s: str) -> bool:
    return len(s) == 15 and s.isdigit() and luhn_ok(s)


def hk_id_check(prefix: str, digits6: str) -> str:
    letters = prefix if len(prefix) == 2 else " " + prefix
    vals = [36 if c == " " else ord(c) - ord("A") + 10 for c in letters]
    s = vals[0] * 9 + vals[1] * 8 + sum(int(d) * w for d, w in zip(digits6, (7, 6, 5, 4, 3, 2)))
    c = (11 - s % 11) % 11
    return "A" if c == 10 else str(c)


def hk_id_ok(s: str) -> bool:
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})(?:\(([0-9A])\)|([0-9A]))", s)
    if not m:
        return False
    return hk_id_check(m.group(1), m.group(2)) == (m.group(3) or m.group(4))


def tw_id_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z][12]\d{8}", s):
        return False
    n = TW_LETTERS[s[0]]
    digits = [n // 10, n % 10] + [int(c) for c in s[1:]]
    return sum(d * w for d, w in zip(digits, TW_WEIGHTS)) % 10 == 0


def vin_check_char(vin17: str) -> str:
    s = sum((int(c) if c.isdigit() else VIN_TRANSLIT[c]) * w for c, w in zip(vin17, VIN_WEIGHTS))
    r = s % 11
    return "X" if r == 10 else str(r)


def vin_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", s)) and vin_check_char(s) == s[8]


def normalize_mobile(s: str):
    t = s.translate(HALFWIDTH).strip()
    if not re.fullmatch(r"\+?[\d][\d \-]*", t):
        return None
    t = t.replace(" ", "").replace("-", "")
    if t.startswith("+86"):
        t = t[3:]
    elif t.startswith("0086"):
        t = t[4:]
    elif t.startswith("86") and len(t) == 13:
        t = t[2:]
    elif t.startswith("+"):
        return None
    return t


def mobile_ok(s: str, strict: bool = True) -> bool:
    t = normalize_mobile(s)
    if t is None or len(t) != 11 or not t.isdigit():
        return False
    return t[:3] in MOBILE_PREFIXES if strict else bool(re.fullmatch(r"1[3-9]\d{9}", t))


LANDLINE_FORMS = (
    re.compile(r"\((0\d{2,3})\)(\d{7,8})"),
    re.compile(r"(0\d{2,3})-(\d{7,8})(?:-\d{1,5})?"),
    re.compile(r"(0\d{2,3}) (\d{3,4}) ?(\d{4})"),
)


def landline_ok(s: str, strict: bool = True) -> bool:
    cands = []
    for rx in LANDLINE_FORMS:
        m = rx.fullmatch(s)
        if m:
            cands.append((m.group(1), "".join(m.groups()[1:])))
    if re.fullmatch(r"0\d{9,11}", s):
        cands += [(s[:3], s[3:]), (s[:4], s[4:])]
    for area, sub in cands:
        if not strict:
            if len(sub) in (7, 8):
                return True
        elif (len(sub) in AREA_CODES.get(area, ()) and sub[0] in "2345678"
              and not sub.startswith("800")):
            return True
    return False


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def email_ok(s: str) -> bool:
    return bool(EMAIL_RE.fullmatch(s))


def ip_ok(s: str) -> bool:
    if not re.fullmatch(r"[0-9A-Fa-f:.]+", s) or ("." not in s and ":" not in s):
        return False
    try:
        ipaddress.ip_address(s)
    except ValueError:
        return False
    return True


def mac_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", s))


def passport_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]\d{7,8}", s))


def permit_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[HM]\d{8}(\d{2})?", s))


def plate_ok(s: str, strict: bool = True) -> bool:
    m = re.fullmatch(r"([%s])([A-HJ-NP-Z])[·\- ]?([A-HJ-NP-Z0-9]{5,6})" % PLATE_PROVINCES, s)
    if not m:
        return False
    if not strict:
        return True
    tail = m.group(3)
    if len(tail) == 5:
        return sum(c.isalpha() for c in tail) <= 2
    # new-energy: D/F (+ alnum) + 4 digits for small cars, 5 digits + D/F for large ones
    return bool(re.fullmatch(r"[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]", tail))


HAN = r"[\u4e00-\u9fff]"
_SURNAME_RE = "(?:%s|[%s])" % ("|".join(COMPOUND_SURNAMES), SURNAMES)
NAME_RE = re.compile(r"%s%s{1,3}" % (_SURNAME_RE, HAN))
MASKED_NAME_RE = re.compile(r"%s(?:\*{1,3}|\*%s)" % (_SURNAME_RE, HAN))
# A person's name does not end in an administrative, organizational or ethnic marker.
NOT_NAME_ENDINGS = tuple("市省区县镇乡村路街族司社所厂店") + ("集团",)


def person_name_ok(s: str) -> bool:
    return 2 <= len(s) <= 4 and bool(NAME_RE.fullmatch(s)) and not s.endswith(NOT_NAME_ENDINGS)


ADDR_ADMIN = re.compile(r"省|自治区|市|区|县|旗")
ADDR_STREET = re.compile(r"路|街|大道|巷|弄|号|村|组|室|栋|单元|镇|乡")


def address_ok(s: str) -> bool:
    if len(s) < 8 or not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z\-（）()]+", s):
        return False
    a, b = ADDR_ADMIN.search(s), ADDR_STREET.search(s)
    return bool(a and b and a.start() < b.start()
                and sum("\u4e00" <= c <= "\u9fff" for c in s) >= 6)


ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "公司", "集团",
                "合作社", "事务所")


def company_ok(s: str) -> bool:
    if not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z（）()]+", s):
        return False
    for suf in ORG_SUFFIXES:
        if s.endswith(suf):
            head = s[: -len(suf)]
            return sum("\u4e00" <= c <= "\u9fff" for c in head) >= 2
    return False


def ethnicity_ok(s: str) -> bool:
    return s in ETHNIC_GROUPS


def geo_ok(v) -> bool:
    """Within China's latitude (18..53) or longitude (73..135) range. Floats, or text with a
    decimal point; integers never count."""
    if isinstance(v, bool) or isinstance(v, int):
        return False
    if isinstance(v, str):
        if not re.fullmatch(r"-?\d{1,3}\.\d+", v):
            return False
        v = float(v)
    return 18.0 <= v <= 53.0 or 73.0 <= v <= 135.0


# Masked forms (keep first and last few characters, '*'/'#' run in the middle).

def masked_id_ok(s: str) -> bool:
    m = re.fullmatch(r"(\d{1,6})[*#]{4,14}(\d{0,3}[\dXx])", s)
    return bool(m) and len(s) in (15, 18) and (len(m.group(1)) < 2 or s[:2] in PROVINCE_CODES)


def masked_mobile_ok(s: str, strict: bool = True) -> bool:
    m = re.fullmatch(r"(1\d\d)\*{4}\d{4}", s)
    return bool(m) and (m.group(1) in MOBILE_PREFIXES if strict else m.group(1)[1] in "3456789")


def masked_name_ok(s: str) -> bool:
    return bool(MASKED_NAME_RE.fullmatch(s))


def masked_address_ok(s: str) -> bool:
    m = re.fullmatch(r"([\u4e00-\u9fff0-9]{3,})\*{3,}", s)
    return bool(m) and bool(ADDR_ADMIN.search(m.group(1)))


def value_types(v, strict: bool = True) -> list:
    """Every type whose validator accepts the whole cell value (sorted type ids).
    strict=False applies the most lenient reading (used to prove decoys are clean)."""
    if v is None:
        return []
    if isinstance(v, float):
        return ["geo_coordinate"] if geo_ok(v) else []
    s = str(v)
    st = s.strip()
    if not st:
        return []
    out = []
    if resident_id_ok(st, strict) or masked_id_ok(st):
        out.append("cn_resident_id")
    if uscc_ok(st, strict):
        out.append("cn_uscc")
    if org_code_ok(st):
        out.append("cn_org_code")
    if business_reg_no_ok(st, strict):
        out.append("cn_business_reg_no")
    if mobile_ok(s, strict) or masked_mobile_ok(st, strict):
        out.append("cn_mobile")
    if landline_ok(st, strict):
        out.append("cn_landline")
    if bank_card_ok(st, strict):
        out.append("bank_card")
    if email_ok(st):
        out.append("email")
    if ip_ok(st):
        out.append("ip_address")
    if mac_ok(st):
        out.append("mac_address")
    if imei_ok(st):
        out.append("imei")
    if passport_ok(st):
        out.append("cn_passport")
    if permit_ok(st):
        out.append("cn_hk_macau_permit")
    if hk_id_ok(st):
        out.append("hk_id")
    if tw_id_ok(st):
        out.append("tw_id")
    if vin_ok(st):
        out.append("vin")
    if plate_ok(st, strict):
        out.append("cn_license_plate")
    if person_name_ok(st) or masked_name_ok(st):
        out.append("cn_person_name")
    if address_ok(st) or masked_address_ok(st):
        out.append("cn_address")
    if ethnicity_ok(st):
        out.append("cn_ethnicity")
    if company_ok(st):
        out.append("company_name")
    if geo_ok(st):
        out.append("geo_coordinate")
    return sorted(out)


# Types that can be found as a token inside free text (checked when scanning notes).
TOKEN_TYPES = ("bank_card", "cn_business_reg_no", "cn_hk_macau_permit", "cn_landline",
               "cn_mobile", "cn_org_code", "cn_passport", "cn_resident_id", "cn_uscc",
               "email", "hk_id", "imei", "ip_address", "mac_address", "tw_id", "vin")
TOKEN_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z@._+\-]*")
PLATE_IN_TEXT = re.compile(r"[%s][A-HJ-NP-Z]·?[A-HJ-NP-Z0-9]{5,6}" % PLATE_PROVINCES)


def text_token_types(text: str) -> list:
    found = []
    for tok in TOKEN_RE.findall(text):
        tok = tok.rstrip(".-_")
        for t in value_types(tok, strict=False):
            if t in TOKEN_TYPES and t not in found:
                found.append(t)
    if PLATE_IN_TEXT.search(text):
        found.append("cn_license_plate")
    return sorted(found)


def self_check() -> None:
    """Public test vectors from docs/detectors.md plus generator/validator agreement."""
    assert resident_id_ok("11010519491231002X")
    assert not resident_id_ok("110105194912310021")
    assert id_check_char("44052418800101001") == "4"  # checksum ok ...
    assert not resident_id_ok("440524188001010014", strict=False)  # ... but year 1880
    assert resident_id_ok("11010519491231002x") and not resident_id_ok("11010519491231002Y")
    assert uscc_ok("91350100M000100Y43") and uscc_ok("91110000600037341L")
    assert not uscc_ok("91350100M000100Y44", strict=False)
    assert org_code_ok("M000100Y4") and not org_code_ok("M000100Y5")
    assert org_code_ok("M000100Y-4") and not org_code_ok("M000100Y-5")
    assert bank_card_ok("6222021234567890128") and bank_card_ok("4111111111111111")
    assert not bank_card_ok("6222021234567890127", strict=False)
    assert bank_card_ok("6222 0212 3456 7890 128")
    assert imei_ok("490154203237518") and not imei_ok("490154203237519")
    assert hk_id_ok("A123456(3)") and hk_id_ok("A1234563") and not hk_id_ok("A123456(4)")
    assert tw_id_ok("A123456789") and not tw_id_ok("A123456788")
    assert vin_ok("1M8GDM9AXKP042788") and not vin_ok("1M8GDM9A1KP042788")
    assert mobile_ok("13812345678") and mobile_ok("+86 138 1234 5678")
    assert mobile_ok("+8613812345678") and mobile_ok("138-1234-5678")
    assert mobile_ok("008613812345678") and mobile_ok("１３８１２３４５６７８")
    assert mobile_ok("86 13812345678") and mobile_ok("+86-13812345678")
    for bad in ("14012345678", "15412345678", "12345678901", "1381234567", "16312345678",
                "17912345678", "19412345678"):
        assert not mobile_ok(bad), bad
    assert masked_mobile_ok("138****5678") and masked_id_ok("110105********002X")
    assert landline_ok("010-62345678") and landline_ok("(0571)87654321")
    assert landline_ok("0571 8765 4321") and landline_ok("0554-6661234")
    assert not landline_ok("0554-66612345") and not landline_ok("010-6234567")
    assert passport_ok("E12345678") and passport_ok("EA1234567") and passport_ok("G12345678")
    assert not passport_ok("EI1234567") and not passport_ok("EO1234567")
    assert permit_ok("H12345678") and permit_ok("M1234567801") and not permit_ok("C12345678")
    assert plate_ok("粤BD12345") and plate_ok("京A·12345") and plate_ok("皖A12345")
    assert not plate_ok("粤BI2345")
    assert person_name_ok("张伟") and person_name_ok("欧阳娜娜") and masked_name_ok("张*")
    assert masked_name_ok("欧阳**") and not person_name_ok("北京市") and not person_name_ok("白族")
    assert address_ok("北京市朝阳区建国路88号") and not address_ok("北京市")
    assert masked_address_ok("北京市朝阳区****")
    assert company_ok("北京华信科技有限公司") and not company_ok("有限公司")
    assert ethnicity_ok("汉族") and len(ETHNIC_GROUPS) == 56 and len(set(ETHNIC_GROUPS)) == 56
    assert ip_ok("192.168.1.1") and ip_ok("2408:8000::1") and not ip_ok("256.1.1.1")
    assert mac_ok("00:1A:2B:3C:4D:5E") and mac_ok("00-1a-2b-3c-4d-5e")
    assert not mac_ok("00:1A-2B:3C:4D:5E")
    assert geo_ok(39.9) and geo_ok(116.4) and not geo_ok(60.0) and not geo_ok(12)
    # Generators agree with the validators.
    assert id_check_char("11010519491231002") == "X"
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert org_check_char("M000100Y") == "4"
    assert luhn_check_digit("622202123456789012") == "8"
    assert hk_id_check("A", "123456") == "3"
    assert vin_check_char("1M8GDM9A0KP042788") == "X"
    # MOD 11,10 catches every single-digit substitution.
    body = "34040400012345"
    good = body + mod11_10_check(body)
    assert business_reg_no_ok(good)
    for i in range(15):
        for d in "0123456789":
            if d != good[i]:
                assert not business_reg_no_ok(good[:i] + d + good[i + 1:], strict=False)
    # Every area code in the table is one libphonenumber knows with these lengths
    # (checked against PhoneNumberMetadata.xml when the table was written).
    assert all(a.startswith("0") and 3 <= len(a) <= 4 for a in AREA_CODES)


# ---------------------------------------------------------------------------
# Word lists for names, addresses, companies, text
# ---------------------------------------------------------------------------

STREET_WORDS = (
    "人民 解放 中山 建设 和平 胜利 文化 新华 朝阳 光明 友谊 长江 黄河 淮河 青年 育才 幸福 振兴 "
    "迎宾 洞山 国庆 学府 科技 工业 滨湖 东风 建国 民主 团结 复兴 锦绣 春申 望江 龙湖"
).split()
STREET_SUFFIXES = ("路", "路", "路", "街", "大道")
DIRECTIONS = ("", "", "", "东", "西", "南", "北", "中")
ESTATE_WORDS = ("阳光 幸福 金色 锦绣 翠苑 碧水 华府 御景 书香 和谐 绿地 春天 丽景 铭城 紫荆 康乐 "
                "怡和 学苑 世纪 明珠").split()
ESTATE_SUFFIXES = ("小区", "小区", "小区", "花园", "家园", "新村")
TOWN_WORDS = "城关 新集 杨庙 刘集 古沟 钱庙 马店 桂集 尚塘 朱巷 岳张集 丁集 永幸河 李冲".split()
VILLAGE_WORDS = "王庄 李集 张湾 新庄 高塘 杨柳 前进 红星 大李 孙岗 周圩 陈楼 黄营 双庙 东岗 小湖".split()

BRAND_WORDS = ("华信 腾达 瑞丰 中科 恒通 金鹏 鼎盛 宏远 海纳 博源 新元 汇丰 天成 远航 联创 正泰 "
               "德润 嘉禾 云帆 星河 安泰 永鑫 九州 同创 信达 长盈 佳禾 易联 东升 明珠 启明 蓝海 "
               "中润 华晟 睿智 领航 万象 泰和").split()
PLACE_WORDS = ("北京", "上海", "深圳市", "杭州", "淮南市", "合肥", "安徽", "广州", "南京", "武汉市",
               "成都", "苏州", "郑州", "西安", "厦门", "鹤壁市", "石家庄", "宁波", "重庆", "", "")
INDUSTRY_WORDS = ("科技", "信息技术", "电子", "机械制造", "贸易", "商贸", "建筑工程", "物流", "餐饮管理",
                  "生物医药", "新能源", "房地产开发", "文化传媒", "环保科技", "商务咨询", "网络科技",
                  "供应链管理", "医疗器械", "教育咨询", "智能装备")
COMPANY_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
COOP_CROPS = ("蔬菜种植", "水稻种植", "生猪养殖", "家禽养殖", "水产养殖", "茶叶种植", "农机服务", "中药材种植")
FIRM_KINDS = ("会计师事务所", "律师事务所", "税务师事务所", "资产评估事务所")

PINYIN = ("wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo "
          "wei qiang lei jun yong jie tao ming chao gang ping hui peng hua fei xin bo bin yu hao "
          "fang na min jing yan juan xia xiu ying ling lan hong mei xue ting").split()
EMAIL_DOMAINS = ("163.com", "163.com", "126.com", "qq.com", "qq.com", "sina.com", "sohu.com",
                 "foxmail.com", "gmail.com", "outlook.com", "hotmail.com", "aliyun.com", "yeah.net",
                 "139.com", "vip.qq.com")
CORP_DOMAINS = ("huaxin-tech.com.cn", "tengda.cn", "ruifeng.com", "zkht.com.cn", "hengtong.net",
                "hnbank.example.cn", "cityhall.example.gov.cn")
EN_WORDS = ("admin", "service", "hr", "info", "sales", "support", "finance", "office", "contact")

HK_PREFIXES_1 = "ABCDEGHKMPRVYZ"
HK_PREFIXES_2 = ("XA", "XB", "XC", "XD", "XE", "XG", "WX")
VIN_WMI_CN = ("LSV", "LFV", "LGB", "LVS", "LSG", "LBV", "LHG", "LVH", "LFM", "LRW", "LZW",
              "LDC", "LGW", "LNB", "LGX")
VIN_WMI_OTHER = ("WVW", "WBA", "JTD", "1HG", "5YJ", "KMH", "VF1", "WDD")
VIN_YEARS = "123456789ABCDEFGHJKLMNPR"  # model years 2001..2024

CITY_CENTERS = ((39.90, 116.40), (31.23, 121.47), (23.13, 113.26), (31.82, 117.23),
                (32.63, 117.00), (30.66, 104.07), (43.83, 87.62), (45.80, 126.53),
                (25.04, 102.71), (18.40, 109.50), (29.65, 91.10), (39.47, 75.99),
                (22.54, 114.06), (36.07, 120.38), (34.34, 108.94), (47.35, 130.30))

STATUS_WORDS = ("已完成", "待审核", "处理中", "已关闭", "待支付", "已退款", "未处理", "已签收",
                "审核通过", "已驳回", "正常", "已注销", "待发货", "已取消")
STATUS_EN = ("pending", "done", "closed", "active", "cancelled", "refunded", "failed")
CITY_NAMES = ("北京市", "上海市", "广州市", "深圳市", "杭州市", "合肥市", "淮南市", "成都市", "武汉市",
              "西安市", "南京市", "重庆市", "天津市", "苏州市", "郑州市", "长沙市", "青岛市", "厦门市",
              "黄山市", "金华市", "马鞍山市", "石家庄市", "温州市")
PRODUCT_ADJ = ("纯棉", "加厚", "不锈钢", "陶瓷", "实木", "真皮", "防水", "便携式", "无线", "智能",
               "有机", "进口", "手工", "轻薄", "大容量")
PRODUCT_ITEM = ("保温杯", "短袖T恤", "双肩包", "蓝牙耳机", "电饭煲", "收纳盒", "运动鞋", "台灯",
                "茶叶礼盒", "坚果礼包", "洗衣液", "充电宝", "毛巾", "雨伞", "机械键盘", "床上四件套")
PRODUCT_SPEC = ("500ml", "白色 XL码", "黑色", "2L", "10000mAh", "礼盒装", "三件套", "家庭装 2kg",
                "蓝色 均码", "升级款", "经典款", "加大码", "350g")
SPARSE_FILLERS = ("", "", "", "无", "不详", "暂无", "待补充", "同上", "见附件", "已核实", "未提供",
                  "-", "本人", "家属代办", "N/A")

# Free-text building blocks. No full names (only 张先生-style salutations), no addresses
# and no numbers that read as identifiers unless deliberately embedded.
FT_OPENERS = ("市民{sal}来电反映", "{sal}通过网上平台留言", "{date}接到{sal}来电", "{sal}到窗口反映",
              "{date}{sal}致电热线", "接群众{sal}投诉")
FT_ISSUES = ("小区夜间施工噪音扰民", "物业收费标准不透明", "医保异地报销进度缓慢", "网购商品存在质量问题要求退货",
             "楼上住户漏水影响正常生活", "快递包裹长时间未送达", "出租车司机绕行多收费", "子女入学政策咨询",
             "路灯损坏影响夜间出行", "菜市场周边占道经营", "公积金提取手续繁琐", "培训机构拒绝退费",
             "供暖温度不达标", "餐馆卫生状况差", "充电桩长期故障", "车辆被违停车辆堵住无法驶出",
             "信用卡被盗刷要求冻结", "购买的理财产品无法赎回")
FT_ACTIONS = ("已转交相关部门处理", "已电话回访", "要求尽快核实处理", "已告知办理流程", "工单已办结",
              "已派单至属地", "待进一步核实", "已联系当事人协调")
FT_CLEAN_EXTRA = ("服务态度很好，办理效率高", "等待时间较长，希望改进", "工作人员解释耐心细致",
                  "系统经常卡顿，影响使用", "整体满意", "希望延长周末办公时间", "流程清晰，材料一次说清")
FT_PIECES = {
    "cn_mobile": ("联系电话{}", "手机号{}", "回电号码：{}", "电话{}", "手机{}"),
    "cn_resident_id": ("身份证号{}", "身份证号码：{}", "公民身份号码{}", "证件号{}"),
    "cn_license_plate": ("车牌号{}", "涉事车辆{}", "号牌{}"),
    "bank_card": ("银行卡号{}", "退款账户{}", "卡号：{}"),
    "email": ("邮箱{}", "电子邮箱：{}", "请将材料发送至{} ", "联系邮箱 {} "),
    "cn_address": ("家住{}", "地址：{}", "事发地点{}"),
}
FT_EN_EMAIL = ("Customer asked for an invoice, send to {} please", "Please contact {} for the refund",
               "Forwarded to {} for follow-up", "Reply to {} within 3 days")

# ---------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------


def rdate(rng: Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


def make_resident_id(rng: Random, form: str = "18") -> str:
    """form: '18', '15' (pre-1999 form, births up to 1984)."""
    if rng.random() < 0.12:
        code, _, until = rng.choice(HISTORICAL_REGIONS)
        hi = min(until, 2008)
    else:
        code, hi = rng.choice(REGIONS)[0], 2008
    if form == "15":
        hi = min(hi, 1984)
    birth = rdate(rng, dt.date(1930, 1, 1), dt.date(hi, 12, 31))
    seq = rng.randint(1, 999)
    if form == "15":
        value = f"{code}{birth:%y%m%d}{seq:03d}"
    else:
        body = f"{code}{birth:%Y%m%d}{seq:03d}"
        value = body + id_check_char(body)
    assert resident_id_ok(value), value
    return value


def make_name(rng: Random) -> str:
    if rng.random() < 0.04:
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE
    n = 1 if (rng.random() < 0.35) else 2
    value = surname + "".join(rng.choice(pool) for _ in range(n))
    assert person_name_ok(value), value
    return value


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]


def make_mobile(rng: Random) -> str:
    value = rng.choices(MOBILE_PREFIXES, weights=MOBILE_WEIGHTS)[0] + f"{rng.randrange(10**8):08d}"
    assert mobile_ok(value)
    return value


MOBILE_FORMS = ("plain", "intl_space", "intl_dash", "cc_space", "dash", "space", "fullwidth",
                "padded", "intl_compact")
MOBILE_STYLES = {
    "plain": {"plain": 1},
    "mixed": {f: 1 for f in MOBILE_FORMS},
    "intl": {"intl_space": 4, "intl_dash": 3, "cc_space": 2, "intl_compact": 1, "plain": 2},
    "grouped": {"dash": 5, "space": 4, "plain": 2},
    "fullwidth": {"fullwidth": 4, "plain": 6},
    "padded": {"padded": 3, "plain": 7},
}


def format_mobile(rng: Random, m: str, form: str) -> str:
    if form == "plain":
        return m
    if form == "intl_space":
        return f"+86 {m[:3]} {m[3:7]} {m[7:]}"
    if form == "intl_dash":
        return f"+86-{m}"
    if form == "intl_compact":
        return f"+86{m}"
    if form == "cc_space":
        return f"86 {m}"
    if form == "dash":
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    if form == "space":
        return f"{m[:3]} {m[3:7]} {m[7:]}"
    if form == "fullwidth":
        return m.translate(FULLWIDTH)
    if form == "padded":
        return rng.choice((" " + m, m + " ", "  " + m + " ", m + "  "))
    raise ValueError(form)


def make_landline(rng: Random, areas, form: str) -> str:
    area = rng.choice(areas)
    n = rng.choice(AREA_CODES[area])
    while True:
        sub = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(n - 1))
        if not sub.startswith("800"):
            break
    if form == "mixed":
        form = rng.choice(("dash", "dash", "paren", "spaced", "plain", "ext"))
    if form == "dash":
        v = f"{area}-{sub}"
    elif form == "paren":
        v = f"({area}){sub}"
    elif form == "spaced":
        v = f"{area} {sub[:-4]} {sub[-4:]}"
    elif form == "plain":
        v = f"{area}{sub}"
    else:
        v = f"{area}-{sub}-{rng.randint(100, 9999)}"
    assert landline_ok(v), v
    return v


def region_prefix(region, with_province=True) -> str:
    _, province, prefecture, county = region
    return (province if with_province or not prefecture else "") + prefecture + county


def make_address(rng: Random, style: str) -> str:
    region = rng.choice(REGIONS)
    head = region_prefix(region, with_province=(style != "short" or rng.random() < 0.3))
    village = style == "village" and rng.random() < 0.65 or style == "mixed" and rng.random() < 0.2
    if village and region[2]:
        town = rng.choice(TOWN_WORDS) + rng.choice(("镇", "镇", "乡"))
        v = f"{head}{town}{rng.choice(VILLAGE_WORDS)}村{rng.randint(1, 12)}组"
    else:
        street = rng.choice(STREET_WORDS) + rng.choice(DIRECTIONS) + rng.choice(STREET_SUFFIXES)
        v = f"{head}{street}{rng.randint(1, 999)}号"
        if rng.random() < 0.6:
            v += f"{rng.choice(ESTATE_WORDS)}{rng.choice(ESTATE_SUFFIXES)}{rng.randint(1, 40)}栋"
            if rng.random() < 0.7:
                v += f"{rng.randint(1, 6)}单元"
            v += f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
    assert address_ok(v), v
    return v


def make_company(rng: Random) -> str:
    r = rng.random()
    if r < 0.84:
        v = (rng.choice(PLACE_WORDS) + rng.choice(BRAND_WORDS) + rng.choice(INDUSTRY_WORDS)
             + rng.choice(COMPANY_SUFFIXES))
    elif r < 0.93:
        region = rng.choice([x for x in REGIONS if x[2]])
        v = region[2] + region[3] + rng.choice(BRAND_WORDS) + rng.choice(COOP_CROPS) + "专业合作社"
    else:
        v = rng.choice(PLACE_WORDS) + rng.choice(BRAND_WORDS) + rng.choice(FIRM_KINDS)
    if not company_ok(v):  # a bare brand + firm kind can be too short
        v = "安徽" + v
    assert company_ok(v), v
    return v


def make_org_code(rng: Random, charset: str = USCC_CHARSET[:10] + "ABCDEFGHJKLMNPQRTUWXY") -> str:
    r = rng.random()
    if r < 0.55:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    elif r < 0.8:
        body = "MA" + "".join(rng.choice(charset) for _ in range(6))
    else:
        body = "".join(rng.choice(charset) for _ in range(8))
    value = body + org_check_char(body)
    assert org_code_ok(value)
    return value


def make_uscc(rng: Random) -> str:
    kind = rng.choices(USCC_KINDS, weights=(3, 4, 1, 1, 2, 3, 2, 1, 30, 8, 3, 1))[0]
    while True:
        org = make_org_code(rng)
        if all(c in USCC_CHARSET for c in org):
            break
    body = kind + rng.choice(AUTHORITY_CODES) + org
    value = body + uscc_check_char(body)
    assert uscc_ok(value), value
    return value


def make_business_reg_no(rng: Random) -> str:
    kind = rng.choices("0123456789", weights=(30, 10, 5, 3, 4, 2, 8, 4, 2, 2))[0]
    body = rng.choice(AUTHORITY_CODES) + kind + "".join(rng.choice("0123456789") for _ in range(7))
    value = body + mod11_10_check(body)
    assert business_reg_no_ok(value)
    return value


def make_email(rng: Random) -> str:
    r = rng.random()
    if r < 0.22:
        local, domain = str(rng.randint(10**5, 10**10 - 1)), rng.choice(("qq.com", "vip.qq.com"))
    elif r < 0.35:
        local = rng.choice(EN_WORDS) + rng.choice(("", str(rng.randint(1, 9))))
        domain = rng.choice(CORP_DOMAINS)
    else:
        a, b = rng.choice(PINYIN), rng.choice(PINYIN)
        sep = rng.choice(("", "", ".", "_"))
        tail = rng.choice(("", "", str(rng.randint(1, 99)), str(rng.randint(1960, 2005))))
        local, domain = a + sep + b + tail, rng.choice(EMAIL_DOMAINS)
        if rng.random() < 0.08:
            local = local.capitalize()
    v = f"{local}@{domain}"
    assert email_ok(v), v
    return v


def make_ipv4(rng: Random) -> str:
    r = rng.random()
    if r < 0.15:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if r < 0.25:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if r < 0.3:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    while True:
        first = rng.randint(1, 223)
        if first not in (10, 127):
            break
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def make_ipv6(rng: Random) -> str:
    if rng.random() < 0.1:
        return "fe80::" + ":".join(f"{rng.getrandbits(16):x}" for _ in range(4))
    prefix = rng.choice((0x2408, 0x240E, 0x2409, 0x2001, 0x2402))
    value = (prefix << 112) | rng.getrandbits(112)
    if rng.random() < 0.5:
        value &= ~(((1 << 48) - 1) << 16)
    a = ipaddress.IPv6Address(value)
    return a.exploded if rng.random() < 0.1 else a.compressed


def make_mac(rng: Random, form: str) -> str:
    b = [rng.getrandbits(8) for _ in range(6)]
    b[0] &= 0xFC
    if form == "mixed":
        form = rng.choice(("colon_upper", "dash_lower", "colon_lower"))
    if form == "colon_upper":
        return ":".join(f"{x:02X}" for x in b)
    if form == "colon_lower":
        return ":".join(f"{x:02x}" for x in b)
    return "-".join(f"{x:02x}" for x in b)


def make_imei(rng: Random) -> str:
    tac = rng.choice(("35", "35", "86", "86", "01")) + "".join(rng.choice("0123456789") for _ in range(6))
    partial = tac + "".join(rng.choice("0123456789") for _ in range(6))
    value = partial + luhn_check_digit(partial)
    assert imei_ok(value)
    return value


BANK_BINS = (("622202", 19), ("621700", 19), ("622848", 19), ("623058", 19), ("621226", 19),
             ("621661", 19), ("622588", 16), ("622609", 16), ("625911", 16))
VISA_MC_BINS = (("427020", 16), ("438088", 16), ("455952", 16), ("404119", 16),
                ("512315", 16), ("524047", 16), ("552599", 16), ("558868", 16), ("536171", 16))


def make_bank_card(rng: Random, family: str, form: str) -> str:
    if family == "unionpay" or (family == "mixed" and rng.random() < 0.7):
        prefix, length = rng.choice(BANK_BINS)
    else:
        prefix, length = rng.choice(VISA_MC_BINS)
    partial = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    value = partial + luhn_check_digit(partial)
    assert bank_card_ok(value)
    if form == "grouped" or (form == "mixed" and rng.random() < 0.4):
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
        assert bank_card_ok(value)
    return value


def make_passport(rng: Random) -> str:
    r = rng.random()
    if r < 0.4:
        v = "E" + f"{rng.randrange(10**8):08d}"
    elif r < 0.75:
        v = "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{rng.randrange(10**7):07d}"
    else:
        v = "G" + f"{rng.randrange(10**8):08d}"
    assert passport_ok(v)
    return v


def make_permit(rng: Random, long_share: float) -> str:
    v = rng.choice("HHM") + f"{rng.randrange(10**8):08d}"
    if rng.random() < long_share:
        v += f"{rng.randrange(100):02d}"
    assert permit_ok(v)
    return v


def make_hk_id(rng: Random, form: str) -> str:
    prefix = rng.choice(HK_PREFIXES_2) if rng.random() < 0.08 else rng.choice(HK_PREFIXES_1)
    digits = f"{rng.randrange(10**6):06d}"
    check = hk_id_check(prefix, digits)
    bracket = form == "bracket" or (form == "mixed" and rng.random() < 0.5)
    v = f"{prefix}{digits}({check})" if bracket else f"{prefix}{digits}{check}"
    assert hk_id_ok(v)
    return v


def make_tw_id(rng: Random) -> str:
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    body = letter + rng.choice("12") + "".join(rng.choice("0123456789") for _ in range(7))
    n = TW_LETTERS[letter]
    digits = [n // 10, n % 10] + [int(c) for c in body[1:]]
    partial = sum(d * w for d, w in zip(digits, TW_WEIGHTS))
    v = body + str((10 - partial % 10) % 10)
    assert tw_id_ok(v)
    return v


def make_vin(rng: Random, cn_share: float) -> str:
    wmi = rng.choice(VIN_WMI_CN) if rng.random() < cn_share else rng.choice(VIN_WMI_OTHER)
    vds = "".join(rng.choice(VIN_CHARS) for _ in range(5))
    tail = rng.choice(VIN_YEARS) + rng.choice(VIN_CHARS)
    serial = "".join(rng.choice("0123456789") for _ in range(6))
    if rng.random() < 0.2:
        serial = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + serial[1:]
    v17 = wmi + vds + "0" + tail + serial
    v = v17[:8] + vin_check_char(v17) + v17[9:]
    assert vin_ok(v), v
    return v


def make_plate(rng: Random, sep: str, nev_share: float) -> str:
    province = rng.choice(PLATE_PROVINCES)
    letter = rng.choice("ABCDEFGHJKLMN")
    if rng.random() < nev_share:
        if rng.random() < 0.8:
            tail = rng.choice("DF") + rng.choice("ABCDEFGHJK0123456789") + f"{rng.randrange(10**4):04d}"
        else:
            tail = f"{rng.randrange(10**5):05d}" + rng.choice("DF")
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            chars[rng.randrange(5)] = rng.choice(PLATE_LETTERS)
        tail = "".join(chars)
    if sep == "mixed":
        sep = "·" if rng.random() < 0.4 else ""
    v = province + letter + sep + tail
    assert plate_ok(v), v
    return v


def make_ethnicity(rng: Random, profile: str) -> str:
    if profile == "han":
        weights = [900] + [10] * 10 + [1] * 45
    elif profile == "xinjiang":
        weights = [400] + [1] * 55
        for name, w in (("维吾尔族", 450), ("哈萨克族", 80), ("回族", 50), ("柯尔克孜族", 20),
                        ("蒙古族", 10), ("锡伯族", 5), ("塔吉克族", 5), ("乌孜别克族", 3)):
            weights[ETHNIC_GROUPS.index(name)] = w
    else:  # southwest
        weights = [500] + [1] * 55
        for name, w in (("彝族", 120), ("白族", 60), ("哈尼族", 60), ("傣族", 50), ("壮族", 40),
                        ("苗族", 40), ("傈僳族", 30), ("纳西族", 20), ("瑶族", 15), ("藏族", 15)):
            weights[ETHNIC_GROUPS.index(name)] = w
    return rng.choices(ETHNIC_GROUPS, weights=weights)[0]


def make_geo_pair(rng: Random, center):
    while True:
        if center is None:
            lat, lng = rng.uniform(20.0, 50.0), rng.uniform(76.0, 133.0)
        else:
            lat = center[0] + rng.gauss(0, 0.35)
            lng = center[1] + rng.gauss(0, 0.45)
        lat, lng = round(lat, 6), round(lng, 6)
        if 18.0 <= lat <= 53.0 and 73.0 <= lng <= 135.0:
            return lat, lng


def mask_middle(value: str, head: int, tail: int, ch: str = "*") -> str:
    return value[:head] + ch * (len(value) - head - tail) + value[-tail:]


def out_of_geo_range(rng: Random, lo: float, hi: float, ndigits: int) -> float:
    while True:
        v = round(rng.uniform(lo, hi), ndigits)
        if not geo_ok(v):
            return v


# ---------------------------------------------------------------------------
# Column generators: gen(rng, n, opts) -> list of python values (None = null)
# ---------------------------------------------------------------------------

def with_nulls(rng: Random, values: list, rate: float, empty=None) -> list:
    if rate <= 0:
        return values
    holes = set(rng.sample(range(len(values)), round(len(values) * rate)))
    return [empty if i in holes else v for i, v in enumerate(values)]


def gen_positive(rng: Random, t: str, n: int, o: dict) -> list:
    if t == "cn_resident_id":
        out = []
        for _ in range(n):
            form = "15" if o["id"] == "15" or (o["id"] == "mix15" and rng.random() < 0.3) else "18"
            v = make_resident_id(rng, form)
            out.append(v.lower() if o["id"] == "18x" else v)
        return out
    if t == "cn_uscc":
        return [make_uscc(rng) for _ in range(n)]
    if t == "cn_org_code":
        out = []
        for _ in range(n):
            v = make_org_code(rng, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            dash = o["org"] == "dash" or (o["org"] == "mixed" and rng.random() < 0.5)
            out.append(v[:8] + "-" + v[8] if dash else v)
        return out
    if t == "cn_business_reg_no":
        return [make_business_reg_no(rng) for _ in range(n)]
    if t == "cn_mobile":
        if o["mobile"] == "int":
            return [int(make_mobile(rng)) for _ in range(n)]
        forms = MOBILE_STYLES[o["mobile"]]
        keys = list(forms)
        return [format_mobile(rng, make_mobile(rng), rng.choices(keys, weights=[forms[k] for k in keys])[0])
                for _ in range(n)]
    if t == "cn_landline":
        return [make_landline(rng, o["areas"], o["landline"]) for _ in range(n)]
    if t == "bank_card":
        return [make_bank_card(rng, o["family"], o["card"]) for _ in range(n)]
    if t == "email":
        return [make_email(rng) for _ in range(n)]
    if t == "ip_address":
        return [make_ipv6(rng) if rng.random() < o["v6"] else make_ipv4(rng) for _ in range(n)]
    if t == "mac_address":
        return [make_mac(rng, o["mac"]) for _ in range(n)]
    if t == "imei":
        return [make_imei(rng) for _ in range(n)]
    if t == "cn_passport":
        return [make_passport(rng) for _ in range(n)]
    if t == "cn_hk_macau_permit":
        return [make_permit(rng, o["long"]) for _ in range(n)]
    if t == "hk_id":
        return [make_hk_id(rng, o["hk"]) for _ in range(n)]
    if t == "tw_id":
        return [make_tw_id(rng) for _ in range(n)]
    if t == "vin":
        return [make_vin(rng, o["cn"]) for _ in range(n)]
    if t == "cn_license_plate":
        return [make_plate(rng, o["sep"], o["nev"]) for _ in range(n)]
    if t == "cn_person_name":
        return [make_name(rng) for _ in range(n)]
    if t == "cn_address":
        return [make_address(rng, o["addr"]) for _ in range(n)]
    if t == "cn_ethnicity":
        return [make_ethnicity(rng, o["eth"]) for _ in range(n)]
    if t == "company_name":
        return [make_company(rng) for _ in range(n)]
    raise ValueError(t)


# Per-type format styles. Plain columns of a type walk a shuffled deck of these, so every
# style shows up at least once before any repeats.
STYLE_DECKS = {
    "cn_resident_id": ("id", ("18", "18", "18", "18x", "18x", "mix15", "mix15", "15")),
    "cn_org_code": ("org", ("dash", "nodash", "mixed")),
    "cn_mobile": ("mobile", ("plain", "mixed", "intl", "grouped", "fullwidth", "padded", "plain")),
    "cn_landline": ("landline", ("dash", "paren", "spaced", "mixed", "mixed")),
    "bank_card": ("card", ("plain", "plain", "grouped", "mixed")),
    "ip_address": ("v6", (0.0, 0.15, 0.3, 0.5, 1.0)),
    "mac_address": ("mac", ("colon_upper", "dash_lower", "mixed")),
    "cn_hk_macau_permit": ("long", (0.0, 0.2, 0.5)),
    "hk_id": ("hk", ("bracket", "plain", "mixed")),
    "vin": ("cn", (0.6, 0.85, 1.0)),
    "cn_license_plate": ("sep", ("", "", "·", "mixed")),
    "cn_address": ("addr", ("street", "village", "short", "mixed", "street")),
    "cn_ethnicity": ("eth", ("han", "han", "han", "xinjiang", "southwest")),
}


def positive_opts(rng: Random, t: str, k: int, decks: dict) -> dict:
    o = {}
    if t in STYLE_DECKS:
        key, options = STYLE_DECKS[t]
        if t not in decks:
            decks[t] = list(options)
            rng.shuffle(decks[t])
        o[key] = decks[t][k % len(decks[t])]
    if t == "cn_landline":
        o["areas"] = (rng.sample(AREA_LIST, rng.randint(1, 3)) if rng.random() < 0.5
                      else list(AREA_LIST))
    elif t == "bank_card":
        o["family"] = rng.choice(("unionpay", "unionpay", "mixed", "visa_mc"))
    elif t == "cn_license_plate":
        o["nev"] = rng.choice((0.0, 0.1, 0.3))
    return o


def gen_masked(rng: Random, kind: str, n: int, o: dict) -> list:
    out = []
    for _ in range(n):
        if kind == "masked_id":
            v = make_resident_id(rng, "18")
            head = o["head"]
            out.append(mask_middle(v, head, 4, o["ch"]))
        elif kind == "masked_mobile":
            out.append(mask_middle(make_mobile(rng), 3, 4))
        elif kind == "masked_name":
            name = make_name(rng)
            sur = surname_of(name)
            if o["style"] == "middle" and len(name) == 3 and len(sur) == 1:
                out.append(name[0] + "*" + name[2])
            else:
                out.append(sur + "*" * (len(name) - len(sur)))
        elif kind == "masked_addr":
            region = rng.choice(REGIONS)
            head = region_prefix(region)
            if o["style"] == "street":
                head += rng.choice(STREET_WORDS) + rng.choice(STREET_SUFFIXES)
            out.append(head + "*" * rng.choice((4, 4, 6)))
        else:
            raise ValueError(kind)
    return out


def embedded_value(rng: Random, t: str) -> str:
    """A value to embed in free text: valid for its type and for no other type even under
    the lenient validators, so the column label (types in >= 20% of rows) is complete."""
    while True:
        if t == "cn_mobile":
            m = make_mobile(rng)
            val = m if rng.random() < 0.75 else format_mobile(rng, m, "dash")
        elif t == "cn_resident_id":
            val = make_resident_id(rng, "18")
        elif t == "cn_license_plate":
            val = make_plate(rng, "", 0.1)
        elif t == "bank_card":
            val = make_bank_card(rng, "unionpay", "plain")
        elif t == "email":
            val = make_email(rng)
        else:
            val = make_address(rng, "street")
        if value_types(val, strict=False) == [t] and t in value_types(val):
            return val


def gen_freetext(rng: Random, n: int, o: dict):
    """Sentences where ~60% of rows embed identifiers. Returns values and, per embedded
    type, the number of rows carrying it."""
    types = o["types"]
    counts = {t: 0 for t in types}
    out = []
    for _ in range(n):
        sal = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0] + rng.choice(("先生", "女士", "师傅"))
        date = f"{rng.randint(2021, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        pieces = []
        if types and rng.random() < o["id_rate"]:
            chosen = [t for t in types if rng.random() < o["p"][t]]
            if not chosen:
                chosen = [rng.choice(types)]
            for t in chosen:
                counts[t] += 1
                val = embedded_value(rng, t)
                if t == "email" and o.get("english") and rng.random() < 0.4:
                    pieces.append(("en", rng.choice(FT_EN_EMAIL).format(val)))
                else:
                    pieces.append(("zh", rng.choice(FT_PIECES[t]).format(val)))
        if pieces and pieces[0][0] == "en":
            text = pieces[0][1]
            rest = [p for _, p in pieces[1:]]
            if rest:
                text += "；" + "，".join(rest) + "。"
        else:
            text = rng.choice(FT_OPENERS).format(sal=sal, date=date) + "，" + rng.choice(FT_ISSUES)
            if pieces:
                text += "，" + "，".join(p for _, p in pieces)
            text += "，" + rng.choice(FT_ACTIONS) + "。"
            if not types and rng.random() < 0.5:
                text = rng.choice(FT_CLEAN_EXTRA) + "。" + text
        out.append(text)
    return out, counts


def gen_sparse(rng: Random, n: int, o: dict) -> list:
    k = round(n * o["rate"])
    hits = set(rng.sample(range(n), k))
    out = []
    for i in range(n):
        if i in hits:
            if o["type"] == "cn_resident_id":
                out.append(make_resident_id(rng, "18"))
            else:
                out.append(make_mobile(rng))
        else:
            out.append(rng.choice(SPARSE_FILLERS))
    return out


def gen_cert(rng: Random, n: int, o: dict) -> list:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.7:
            out.append(make_resident_id(rng, "18"))
        elif r < 0.9:
            out.append(make_passport(rng))
        else:
            out.append(make_permit(rng, 0.2))
    return out


def gen_decoy(rng: Random, kind: str, n: int, o: dict) -> list:
    digits = "0123456789"
    out = []
    tz = dt.timezone(dt.timedelta(hours=8))
    t0 = int(dt.datetime(2019, 1, 1, tzinfo=tz).timestamp() * 1000)
    t1 = int(dt.datetime(2024, 6, 30, tzinfo=tz).timestamp() * 1000)
    if kind == "d_seq":
        start = rng.choice((1, 1, 1001, rng.randint(10000, 900000)))
        return [start + i for i in range(n)]
    for i in range(n):
        if kind == "d_num18":
            v = rng.choice("123456789") + "".join(rng.choice(digits) for _ in range(17))
        elif kind in ("d_ts13", "d_ts13_int"):
            v = rng.randint(t0, t1)
            v = v if kind == "d_ts13_int" else str(v)
        elif kind == "d_dt14":
            when = dt.datetime(2020, 1, 1) + dt.timedelta(seconds=rng.randrange(4 * 365 * 86400))
            v = when.strftime("%Y%m%d%H%M%S")
        elif kind == "d_ean13":
            body = "69" + rng.choice(digits) + "".join(rng.choice(digits) for _ in range(9))
            s = sum(int(c) * (3 if j % 2 else 1) for j, c in enumerate(body))
            v = body + str((10 - s % 10) % 10)
        elif kind == "d_uuid":
            v = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            v = v.upper() if o.get("upper") else v
        elif kind == "d_fake_uscc":
            v = "".join(rng.choice(USCC_CHARSET) for _ in range(18))
            if o.get("uscc_like"):  # plausible head: known kind + province digits
                v = rng.choice(USCC_KINDS) + rng.choice(PROVINCE_CODES) + v[4:]
        elif kind == "d_alnum9":
            v = "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
        elif kind == "d_num16":
            v = rng.choice("3456") + "".join(rng.choice(digits) for _ in range(15))
        elif kind == "d_num11":
            v = rng.choice(("10", "11", "12")) + "".join(rng.choice(digits) for _ in range(9))
        elif kind == "d_price":
            v = f"{out_of_geo_range(rng, 0.5, 9999, 2):.2f}"
        elif kind == "d_float":
            lo, hi = o["range"]
            v = out_of_geo_range(rng, lo, hi, 2)
        elif kind == "d_sku":
            v = o["sku"].format(rng.randint(1, 99999999))
        elif kind == "d_date":
            d = rdate(rng, dt.date(1950, 1, 1), dt.date(2024, 6, 30))
            v = d.strftime(o["date"])
        elif kind == "d_status":
            v = rng.choice(STATUS_EN if o.get("en") else STATUS_WORDS)
        elif kind == "d_product":
            v = rng.choice(PRODUCT_ADJ) + rng.choice(PRODUCT_ITEM) + " " + rng.choice(PRODUCT_SPEC)
        elif kind == "d_city":
            v = rng.choice(CITY_NAMES)
        elif kind == "d_gender":
            v = rng.choice(("男", "女", "男", "女", "未知"))
        else:
            raise ValueError(kind)
        if value_types(v, strict=False):
            continue  # regenerate anything that passes any validator
        out.append(v)
    while len(out) < n:  # top up the few regenerated rows
        out.extend(gen_decoy(rng, kind, n - len(out), o))
    return out[:n]


def decoy_opts(rng: Random, kind: str) -> dict:
    if kind == "d_float":
        return {"range": rng.choice(((0.0, 10.0), (0.5, 17.0), (150.0, 99999.0), (0.0, 1.0)))}
    if kind == "d_sku":
        return {"sku": rng.choice(("SKU-{:08d}", "SP{:08d}", "P-{:06d}"))}
    if kind == "d_date":
        return {"date": rng.choice(("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d"))}
    if kind == "d_uuid":
        return {"upper": rng.random() < 0.3}
    if kind == "d_fake_uscc":
        return {"uscc_like": rng.random() < 0.6}
    if kind == "d_status":
        return {"en": rng.random() < 0.3}
    return {}


# ---------------------------------------------------------------------------
# Column names
# ---------------------------------------------------------------------------

NAMES = {
    "cn_resident_id": (["sfzh", "sfzhm", "gmsfhm", "sfz", "zjhm", "shbzh"],
                       ["身份证号", "公民身份号码", "身份证号码", "证件号码", "身份证"],
                       ["id_card", "id_no", "idcard", "citizen_id", "id_number"]),
    "cn_uscc": (["tyshxydm", "shxydm", "xydm"], ["统一社会信用代码", "社会信用代码", "信用代码"],
                ["uscc", "credit_code", "social_credit_code"]),
    "cn_org_code": (["zzjgdm", "jgdm", "zzjg"], ["组织机构代码", "机构代码"],
                    ["org_code", "organization_code", "org_id"]),
    "cn_business_reg_no": (["zch", "yyzzh", "gszch", "zczh"], ["注册号", "工商注册号", "营业执照号", "营业执照注册号"],
                           ["reg_no", "business_license_no", "registration_no", "license_no"]),
    "cn_mobile": (["sjhm", "lxdh", "sjh", "dh", "yddh"], ["手机号", "手机号码", "联系电话", "联系方式", "移动电话"],
                  ["phone", "mobile", "cellphone", "tel", "phone_no"]),
    "cn_landline": (["gddh", "bgdh", "dwdh", "zjdh", "lxdh"], ["固定电话", "办公电话", "单位电话", "座机", "联系电话"],
                    ["landline", "office_phone", "telephone", "fax", "work_phone"]),
    "bank_card": (["yhkh", "kh", "yhzh", "skzh"], ["银行卡号", "银行账号", "卡号", "收款账号"],
                  ["bank_card", "card_no", "account_no", "card_number"]),
    "email": (["dzyx", "yx", "yxdz"], ["电子邮箱", "邮箱", "电子邮件"], ["email", "mail", "e_mail", "contact_email"]),
    "ip_address": (["ipdz", "dlip", "fwip"], ["IP地址", "登录IP", "访问IP"], ["ip", "client_ip", "src_ip", "remote_addr"]),
    "mac_address": (["macdz", "wkdz", "sbmac"], ["MAC地址", "网卡地址", "物理地址"], ["mac", "mac_addr", "device_mac"]),
    "imei": (["imei", "sbch", "sjch"], ["设备串号", "手机串号", "IMEI号"], ["imei", "device_imei", "imei_no"]),
    "cn_passport": (["hzhm", "hzh"], ["护照号码", "护照号"], ["passport", "passport_no"]),
    "cn_hk_macau_permit": (["gatxz", "txzhm", "wlgatxz"], ["港澳通行证号", "通行证号码", "往来港澳通行证"],
                           ["hk_macau_permit", "permit_no", "eep_no"]),
    "hk_id": (["xgsfz", "xgsfzh"], ["香港身份证号", "香港身份证"], ["hkid", "hk_id_no", "hk_id_card"]),
    "tw_id": (["twsfz", "tbsfz"], ["台湾身份证号", "台湾居民身份证号"], ["tw_id", "twid", "roc_id"]),
    "vin": (["clsbdm", "cjh", "clsbh"], ["车辆识别代号", "车架号", "车辆识别码"], ["vin", "vin_code", "chassis_no"]),
    "cn_license_plate": (["cphm", "hphm", "cph"], ["车牌号码", "号牌号码", "车牌号"], ["plate", "plate_no", "license_plate"]),
    "cn_person_name": (["xm", "xingming", "fddbr", "lxr", "khxm"], ["姓名", "联系人", "法定代表人", "客户姓名"],
                       ["name", "full_name", "contact_name", "customer_name"]),
    "cn_address": (["jtzz", "hjdz", "zz", "dz", "zcdz", "xzz"], ["家庭住址", "户籍地址", "注册地址", "现住址", "通讯地址"],
                   ["address", "home_address", "reg_address", "addr"]),
    "cn_ethnicity": (["mz"], ["民族"], ["ethnicity", "nation", "ethnic_group"]),
    "company_name": (["qymc", "dwmc", "gsmc", "gzdw"], ["企业名称", "单位名称", "公司名称", "工作单位"],
                     ["company", "company_name", "employer", "org_name"]),
    "freetext": (["bz", "nr", "clqk", "tsnr"], ["投诉内容", "备注", "情况说明", "处理意见"],
                 ["remark", "notes", "comment", "memo"]),
    "freetext_clean": (["pjnr", "fkyj"], ["评价内容", "反馈意见"], ["feedback", "review"]),
    "sparse_id": (["qtzjhm", "bcxx"], ["其他证件", "补充信息"], ["extra_id", "other_info"]),
    "sparse_mobile": (["bylxdh", "qtlxfs"], ["备用电话", "其他联系方式"], ["alt_phone", "other_contact"]),
    "cert": (["zjhm", "zjh"], ["证件号码", "证件号"], ["cert_no", "document_no", "id_doc"]),
    "d_seq": (["id", "xh", "bh"], ["编号", "序号"], ["id", "row_id", "seq_no"]),
    "d_num18": (["ddh", "lsh", "ywlsh"], ["订单号", "流水号", "业务编号"], ["order_no", "txn_id", "trade_no"]),
    "d_ts13": (["sjc", "cjsjc"], ["时间戳", "创建时间戳"], ["ts", "create_ts", "event_time_ms"]),
    "d_ts13_int": (["sjc", "gxsjc"], ["时间戳", "更新时间戳"], ["ts", "update_ts", "event_ms"]),
    "d_dt14": (["cjsj", "gxsj", "jysj"], ["创建时间", "更新时间", "交易时间"], ["created_at", "update_time", "txn_time"]),
    "d_ean13": (["txm", "sptm"], ["条形码", "商品条码"], ["barcode", "ean", "gtin"]),
    "d_uuid": (["wybs", "qqbh"], ["唯一标识", "请求编号"], ["uuid", "request_id", "trace_id"]),
    "d_fake_uscc": (["dm", "bm", "sbm"], ["代码", "编码", "识别码"], ["code", "ref_code", "token"]),
    "d_alnum9": (["sbbh", "pch"], ["设备编号", "批次号"], ["serial", "batch_no", "lot"]),
    "d_num16": (["kh", "pjh"], ["卡号", "票据号"], ["ticket_no", "voucher_no", "card_ref"]),
    "d_num11": (["hm", "hybh"], ["号码", "会员编号"], ["number", "acct_id", "member_no"]),
    "d_price": (["dj", "je"], ["单价", "金额"], ["price", "amount"]),
    "d_float": (["pf", "je", "bl"], ["评分", "金额", "比例"], ["amount", "score", "ratio"]),
    "d_sku": (["spdm", "hh"], ["商品编码", "货号"], ["sku", "product_code"]),
    "d_date": (["rq", "csrq", "djrq"], ["日期", "出生日期", "登记日期"], ["date", "birth_date", "reg_date"]),
    "d_status": (["zt", "clzt"], ["状态", "处理状态"], ["status", "state"]),
    "d_product": (["spms", "spmc"], ["商品描述", "商品名称"], ["description", "product_name", "item"]),
    "d_city": (["cs", "szcs", "szd"], ["城市", "所在城市", "所在地"], ["city", "region"]),
    "d_gender": (["xb"], ["性别"], ["gender", "sex"]),
}
for _k in ("masked_id", "masked_mobile", "masked_name", "masked_addr"):
    NAMES[_k] = NAMES[{"masked_id": "cn_resident_id", "masked_mobile": "cn_mobile",
                       "masked_name": "cn_person_name", "masked_addr": "cn_address"}[_k]]
GEO_NAMES = {"py": [("jd", "wd")], "zh": [("经度", "纬度")],
             "en": [("lng", "lat"), ("longitude", "latitude"), ("lon", "lat")]}
OPAQUE_PATTERNS = ("c{}", "col_{}", "f{:02d}", "x{}", "field{}", "v{}")
CATS = ("py", "zh", "en")
CAT_WEIGHTS = (0.51, 0.22, 0.27)  # of the non-opaque names; GBK datasets push zh up

DECOY_COUNTS = {
    "d_num18": 4, "d_ts13": 3, "d_ts13_int": 2, "d_dt14": 3, "d_ean13": 3, "d_uuid": 3,
    "d_fake_uscc": 4, "d_seq": 4, "d_alnum9": 3, "d_num16": 3, "d_num11": 3, "d_price": 3,
    "d_float": 4, "d_sku": 3, "d_date": 4, "d_status": 3, "d_product": 3, "d_city": 3,
    "d_gender": 3,
}
DECOY_DTYPES = {"d_seq": "int", "d_ts13_int": "int", "d_float": "float"}

FREETEXT_CONFIGS = (
    (["cn_mobile", "cn_resident_id"], False),
    (["cn_license_plate", "cn_mobile"], False),
    (["email"], True),
    (["bank_card", "cn_mobile", "cn_resident_id"], False),
    (["cn_address", "cn_mobile"], False),
    (["cn_mobile", "email"], True),
)

# ---------------------------------------------------------------------------
# Column specs and their allocation to datasets
# ---------------------------------------------------------------------------


def build_specs(rng: Random) -> list:
    """Every column the corpus will hold, before it is placed in a dataset."""
    specs = []

    def add(kind, labels, opaque=False, dtype="str", opts=None, masked=False, pair=None,
            parquet_only=False, null_rate=0.0):
        specs.append(dict(kind=kind, labels=sorted(labels), opaque=opaque, dtype=dtype,
                          opts=opts or {}, masked=masked, pair=pair, parquet_only=parquet_only,
                          null_rate=null_rate))

    decks = {}
    for t in TYPES:
        if t == "geo_coordinate":
            continue
        n_plain = rng.choice((8, 9, 9))
        n_opaque = 0 if t in HINT_ONLY_TYPES else 2
        for k in range(n_plain):
            dtype = "str"
            parquet_only = False
            if t == "cn_mobile" and k < 2:  # two integer-typed mobile columns
                opts, dtype, parquet_only = {"mobile": "int"}, "int", True
            else:
                opts = positive_opts(rng, t, k, decks)
            null_rate = rng.choice((0.0, 0.0, 0.0, 0.02, 0.06))
            add(t, [t], opaque=k >= n_plain - n_opaque, dtype=dtype, opts=opts,
                parquet_only=parquet_only, null_rate=null_rate)
    for i in range(5):
        center = None if i == 0 else rng.choice(CITY_CENTERS)
        add("geo", ["geo_coordinate"], dtype="float", opts={"center": center}, pair=i)
    for i, (types, english) in enumerate(FREETEXT_CONFIGS):
        p = {t: rng.uniform(0.55, 0.85) for t in types}
        add("freetext", types, opaque=i == 3,
            opts={"types": types, "english": english, "id_rate": rng.uniform(0.55, 0.65), "p": p})
    for i in range(2):
        add("freetext_clean", [], opts={"types": [], "english": False, "id_rate": 0.0, "p": {}})
    for i, t in enumerate(("cn_resident_id", "cn_resident_id", "cn_mobile", "cn_mobile")):
        add("sparse_id" if t == "cn_resident_id" else "sparse_mobile", [t], opaque=i == 1,
            opts={"type": t, "rate": rng.choice((0.03, 0.04, 0.05))})
    for i in range(4):
        add("cert", ["cn_hk_macau_permit", "cn_passport", "cn_resident_id"], opaque=i == 3)
    for kind, t in (("masked_id", "cn_resident_id"), ("masked_mobile", "cn_mobile"),
                    ("masked_name", "cn_person_name"), ("masked_addr", "cn_address")):
        for i in range(2):
            opts = {"head": rng.choice((6, 6, 4, 3)), "ch": "*" if i == 0 else rng.choice("*#"),
                    "style": "plain" if i == 0 else "middle" if kind == "masked_name" else "street"}
            add(kind, [t], opts=opts, masked=True)
    decoys = []
    for kind, count in DECOY_COUNTS.items():
        for _ in range(count):
            dtype = DECOY_DTYPES.get(kind, "str")
            add(kind, [], dtype=dtype, opts=decoy_opts(rng, kind), parquet_only=kind == "d_ts13_int")
            decoys.append(specs[-1])
    for s in rng.sample(decoys, 2):  # a few decoys with hint-free opaque names
        s["opaque"] = True
    # Name style for the rest, in fixed proportions (pinyin / Chinese / English).
    named = [s for s in specs if not s["opaque"]]
    quota = [round(len(named) * w) for w in CAT_WEIGHTS]
    cats = [c for c, q in zip(CATS, quota) for _ in range(q)]
    cats += [CATS[0]] * (len(named) - len(cats))
    rng.shuffle(cats)
    for s, c in zip(named, cats):
        s["cat"] = c
    return specs


def allocate(rng: Random, specs: list) -> list:
    """Place specs into datasets of 3-10 columns. Geo columns travel as pairs."""
    formats = (["parquet"] * 23 + ["csv"] * 17 + ["gbk"] * 4 + ["tsv"] * 6)
    assert len(formats) == N_DATASETS
    rng.shuffle(formats)
    units, by_pair = [], {}
    for s in specs:
        if s["pair"] is None:
            units.append([s])
        else:
            by_pair.setdefault(s["pair"], []).append(s)
    # geo: each pair unit holds two columns (latitude and longitude)
    geo_units = []
    for key in sorted(by_pair):
        (s,) = by_pair[key]
        lat = dict(s, axis="lat")
        lng = dict(s, axis="lng")
        geo_units.append([lat, lng])
    total = sum(len(u) for u in units) + sum(len(u) for u in geo_units)
    sizes = [3] * N_DATASETS
    remaining = total - 3 * N_DATASETS
    assert 0 <= remaining <= 7 * N_DATASETS
    while remaining:
        i = rng.randrange(N_DATASETS)
        if sizes[i] < 10:
            sizes[i] += 1
            remaining -= 1
    slots = [[] for _ in range(N_DATASETS)]

    def place(unit, ok):
        cands = [i for i in range(N_DATASETS)
                 if sizes[i] - sum(len(u) for u in slots[i]) >= len(unit) and ok(i)]
        assert cands, "allocation dead end"
        slots[rng.choice(cands)].append(unit)

    for u in geo_units:
        place(u, lambda i: not any(x[0]["kind"] == "geo" for x in slots[i]))
    rng.shuffle(units)
    first = [u for u in units if u[0]["parquet_only"]]
    second = [u for u in units if u[0]["opaque"] and not u[0]["parquet_only"]]
    rest = [u for u in units if not u[0]["parquet_only"] and not u[0]["opaque"]]
    for u in first:
        place(u, lambda i: formats[i] == "parquet")
    for u in second:
        place(u, lambda i: formats[i] != "gbk")
    for u in rest:
        place(u, lambda i: True)
    for i in range(N_DATASETS):
        assert sum(len(u) for u in slots[i]) == sizes[i]
    return [(formats[i], slots[i]) for i in range(N_DATASETS)]


def name_columns(rng: Random, fmt: str, units: list):
    """Give every column of one dataset a unique name."""
    opaque_pattern = rng.choice(OPAQUE_PATTERNS)
    opaque_numbers = rng.sample(range(1, 21), 10)
    used = []
    named = []

    def pick_cat(spec):
        return "zh" if fmt == "gbk" else spec["cat"]

    def unique(name, cat):
        if name not in used:
            return name
        for k in range(2, 10):
            cand = f"{name}{k}" if cat != "en" else f"{name}_{k}"
            if cand not in used:
                return cand
        raise AssertionError(name)

    for unit in units:
        s = unit[0]
        if s["kind"] == "geo":
            cat = pick_cat(s)
            lng_name, lat_name = rng.choice(GEO_NAMES[cat])
            for col in unit:
                nm = unique(lat_name if col["axis"] == "lat" else lng_name, cat)
                used.append(nm)
                named.append((nm, cat, col))
            continue
        if s["opaque"] and fmt != "gbk":
            nm, cat = opaque_pattern.format(opaque_numbers.pop()), "op"
        else:
            cat = pick_cat(s)
            pool = NAMES[s["kind"]][CATS.index(cat)]
            free = [p for p in pool if p not in used]
            nm = unique(rng.choice(free or pool), cat)
        used.append(nm)
        named.append((nm, cat, s))
    return named


# ---------------------------------------------------------------------------
# Column values and checks
# ---------------------------------------------------------------------------


def column_values(rng: Random, spec: dict, n: int, geo_cache: dict):
    kind = spec["kind"]
    info = {}
    if kind in TYPES:
        vals = with_nulls(rng, gen_positive(rng, kind, n, spec["opts"]), spec["null_rate"])
    elif kind == "geo":
        key = id(spec["opts"])
        if key not in geo_cache:
            geo_cache[key] = [make_geo_pair(rng, spec["opts"]["center"]) for _ in range(n)]
        vals = [p[0] if spec["axis"] == "lat" else p[1] for p in geo_cache[key]]
    elif kind in ("freetext", "freetext_clean"):
        vals, counts = gen_freetext(rng, n, spec["opts"])
        info["counts"] = counts
    elif kind.startswith("sparse_"):
        vals = gen_sparse(rng, n, spec["opts"])
    elif kind == "cert":
        vals = gen_cert(rng, n, spec["opts"])
    elif kind.startswith("masked_"):
        vals = gen_masked(rng, kind, n, spec["opts"])
    else:
        vals = gen_decoy(rng, kind, n, spec["opts"])
    return vals, info


def check_column(spec: dict, vals: list, where: str) -> dict:
    """Assert the column carries exactly what its label says. Returns collision stats."""
    kind, labels = spec["kind"], spec["labels"]
    n = len(vals)
    present = [v for v in vals if v is not None and str(v).strip() != ""]
    stats = {}
    if kind in TYPES or kind == "geo":
        t = labels[0]
        for v in present:
            vt = value_types(v)
            assert t in vt, (where, t, "positive value fails its validator")
            for other in vt:
                if other != t:
                    stats[other] = stats.get(other, 0) + 1
        assert len(present) >= 0.9 * n, (where, len(present), n, spec.get("null_rate"))
    elif kind.startswith("masked_"):
        t = labels[0]
        masked_check = {"masked_id": masked_id_ok, "masked_mobile": masked_mobile_ok,
                        "masked_name": masked_name_ok, "masked_addr": masked_address_ok}[kind]
        for v in present:
            assert masked_check(v) and t in value_types(v), (where, "masked value")
    elif kind == "cert":
        seen = {t: 0 for t in labels}
        for v in present:
            vt = [t for t in value_types(v) if t in labels]
            assert vt, (where, "certificate value matches none of its types")
            for t in vt:
                seen[t] += 1
        assert all(c >= 0.05 * n for c in seen.values()), (where, seen)
    elif kind.startswith("sparse_"):
        t = labels[0]
        hits = 0
        for v in present:
            vt = value_types(v, strict=False)
            if vt:
                assert t in value_types(v), (where, "sparse hit")
                hits += 1
        assert 0.03 * n - 1 <= hits <= 0.05 * n + 1, (where, hits, n)
    elif kind in ("freetext", "freetext_clean"):
        found = {}
        for v in vals:
            assert not value_types(v, strict=False) or kind == "freetext", where
            for t in text_token_types(v):
                found[t] = found.get(t, 0) + 1
        for t in found:
            assert t in labels, (where, "unlabelled identifier type in free text", t)
        for t in labels:
            if t in TOKEN_TYPES or t == "cn_license_plate":
                assert found.get(t, 0) >= 0.2 * n, (where, t, found.get(t, 0), n)
    else:  # decoy
        if kind == "d_num18":  # the decoys bite: ~1 in 11 passes the bare ID checksum
            bare = sum(v is not None and id_check_char(str(v)[:17]) == str(v)[17] for v in vals)
            assert bare >= 0.03 * n, (where, bare)
        for v in vals:
            assert not value_types(v, strict=False), (where, "decoy passes a validator", kind)
            if isinstance(v, str) and kind not in ("d_product", "d_status", "d_city", "d_gender",
                                                   "d_date"):
                assert not text_token_types(v), (where, "decoy token")
    return stats


# ---------------------------------------------------------------------------
# Writers and read-back
# ---------------------------------------------------------------------------

PA_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}


def render(v, spec) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6f}" if spec["kind"] == "geo" else f"{v:.2f}"
    return str(v)


def write_dataset(path: Path, fmt: str, columns: list) -> None:
    """columns: [(name, spec, values)]"""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        table = pa.table({nm: pa.array(vals, type=PA_TYPES[spec["dtype"]]) for nm, spec, vals in columns})
        pq.write_table(table, path, row_group_size=256, compression="snappy")
        return
    delimiter = "\t" if fmt == "tsv" else ","
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow([nm for nm, _, _ in columns])
    n = len(columns[0][2])
    for i in range(n):
        w.writerow([render(vals[i], spec) for _, spec, vals in columns])
    text = buf.getvalue()
    assert "\t" not in "".join(render(v, s) for _, s, vals in columns for v in vals)
    path.write_bytes(text.encode("gbk" if fmt == "gbk" else "utf-8"))


def read_back(path: Path, fmt: str):
    if fmt == "parquet":
        t = pq.read_table(path)
        return t.column_names, t.to_pydict(), t.num_rows
    enc = "gbk" if fmt == "gbk" else "utf-8"
    with open(path, encoding=enc, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t" if fmt == "tsv" else ","))
    names = rows[0]
    assert all(len(r) == len(names) for r in rows)
    data = {nm: [r[i] if r[i] != "" else None for r in rows[1:]] for i, nm in enumerate(names)}
    return names, data, len(rows) - 1


STEMS = ("rkxx", "qyxx", "ajxx", "tsjb", "clxx", "sbxx", "jyls", "khxx", "ddxx", "yhxx", "dlrz",
         "fwjl", "xfjl", "hyxx", "zfxx", "jzxx", "wlxx", "kqjl", "sqxx", "gdxx")
FOLDERS = ("gov", "crm", "ops", "fin", "hr", "iot", "misc")


def main() -> int:
    self_check()
    specs = build_specs(Random(SEED + 1))
    layout = allocate(Random(SEED + 2), specs)
    if LAKE.exists():
        shutil.rmtree(LAKE)
    LAKE.mkdir(parents=True)

    rng = Random(SEED + 3)
    datasets = {}
    written = []  # (rel, fmt, [(name, spec)])
    collisions = {}
    for di, (fmt, units) in enumerate(layout):
        rng.shuffle(units)
        named = name_columns(rng, fmt, units)
        n = rng.randint(200, 600)
        folder = "legacy" if fmt == "gbk" else rng.choice(FOLDERS)
        ext = {"parquet": "parquet", "csv": "csv", "gbk": "csv", "tsv": "tsv"}[fmt]
        rel = f"{folder}/{rng.choice(STEMS)}_{di + 1:02d}.{ext}"
        geo_cache = {}
        columns = []
        for ci, (nm, cat, spec) in enumerate(named):
            crng = Random(SEED * 1000 + di * 100 + ci)
            vals, info = column_values(crng, spec, n, geo_cache)
            spec = dict(spec, name=nm, cat=cat, info=info)
            if spec["kind"] == "freetext":
                for t in spec["labels"]:
                    assert info["counts"][t] >= 0.2 * n, (rel, nm, t)
            for t, c in check_column(spec, vals, f"{rel}:{nm}").items():
                key = (spec["labels"][0], t)
                collisions[key] = collisions.get(key, 0) + c
            columns.append((nm, spec, vals))
        write_dataset(LAKE / rel, fmt, columns)
        written.append((rel, fmt, [(nm, spec) for nm, spec, _ in columns]))
        datasets[rel] = {
            "format": "parquet" if fmt == "parquet" else "csv",
            "encoding": "gbk" if fmt == "gbk" else "utf-8",
            "rows": n,
            "columns": {nm: list(spec["labels"]) for nm, spec, _ in columns},
            "masked_columns": sorted(nm for nm, spec, _ in columns if spec["masked"]),
        }

    # Read every file back and check it again, as a scanner would see it.
    for rel, fmt, cols in written:
        names, data, rows = read_back(LAKE / rel, fmt)
        assert names == [nm for nm, _ in cols], rel
        assert rows == datasets[rel]["rows"], rel
        for nm, spec in cols:
            check_column(spec, data[nm], f"readback {rel}:{nm}")
            if fmt == "parquet" and spec["dtype"] != "str":
                assert all(v is None or not isinstance(v, str) for v in data[nm])

    used_types = sorted({t for d in datasets.values() for ls in d["columns"].values() for t in ls})
    assert used_types == sorted(TYPES), used_types
    out = {"datasets": datasets, "types": used_types}
    LABELS.write_text(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    summarize(written, datasets, collisions)
    return 0


def summarize(written, datasets, collisions) -> None:
    per_type = {t: [0, 0, 0] for t in TYPES}  # columns, opaque-named, hard-case
    cats = {"py": 0, "zh": 0, "en": 0, "op": 0}
    decoys = {}
    for rel, fmt, cols in written:
        for nm, spec in cols:
            cats[spec["cat"]] += 1
            for t in spec["labels"]:
                per_type[t][0] += 1
                per_type[t][1] += spec["cat"] == "op"
                per_type[t][2] += spec["kind"] not in TYPES and spec["kind"] != "geo"
            if not spec["labels"]:
                decoys[spec["kind"]] = decoys.get(spec["kind"], 0) + 1
    print(f"{'type':<22}{'columns':>8}{'opaque':>8}{'hard':>6}")
    for t in TYPES:
        c, o, h = per_type[t]
        need_opaque = 0 if t in HINT_ONLY_TYPES else 2
        assert c >= 8 and o >= need_opaque, (t, c, o)
        print(f"{t:<22}{c:>8}{o:>8}{h:>6}")
    total_cols = sum(cats.values())
    print(f"\n{len(datasets)} datasets, {total_cols} columns; names: "
          + ", ".join(f"{k} {v} ({100 * v / total_cols:.0f}%)" for k, v in cats.items()))
    kinds = {}
    for rel, fmt, _ in written:
        kinds[fmt] = kinds.get(fmt, 0) + 1
    print("formats: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)))
    print("unlabelled columns by kind: " + ", ".join(f"{k} {decoys[k]}" for k in sorted(decoys)))
    for k, v in decoys.items():
        assert v >= 3 or k in ("d_ts13_int", "freetext_clean"), k
    assert decoys["d_ts13"] + decoys["d_ts13_int"] >= 3
    if collisions:
        print("positive values also passing another type's validator (type -> other: values):")
        for (t, o), c in sorted(collisions.items()):
            print(f"  {t} -> {o}: {c}")
    total = sum(p.stat().st_size for p in ACC.rglob("*") if p.is_file())
    print(f"\ntotal size of corpus/accuracy: {total} bytes ({total / 1e6:.2f} MB)")
    assert total <= MAX_BYTES, total


if __name__ == "__main__":
    sys.exit(main())
