#!/usr/bin/env python3
"""Generate the independent held-out corpus for fenji.

Writes corpus/holdout/lake/** (about 37 government / enterprise style exports in
Parquet, CSV, TSV, GBK CSV, ...) and corpus/holdout/labels.json.

Deterministic: every dataset draws from its own random.Random seeded from its
path, no clock, no hash-order iteration.  Re-running yields byte-identical files.

Run: ~/.cache/fenji-venv/bin/python scripts/gen_holdout_corpus.py

The validators below are written from docs/detectors.md only; the generator
self-checks that every positive validates, that every decoy fails every
validator, and that the labelling rules (>= ~20 % per labelled type, <= 15 %
placeholders, 30-70 % of free-text rows embedding identifiers, 3-6 % in sparse
columns) hold.  Any violation aborts the run.
"""

import csv
import datetime as dt
import io
import ipaddress
import json
import re
import shutil
import sys
import unicodedata
import uuid
import zlib
from collections import OrderedDict
from pathlib import Path

import random

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent / "corpus" / "holdout"
LAKE = ROOT / "lake"
TODAY = dt.date(2025, 6, 30)  # fixed "today" so validation never depends on the clock

# --------------------------------------------------------------------------------------
# Reference tables
# --------------------------------------------------------------------------------------

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
             45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]

# (province, city, county, code, lon, lat)
REGIONS = [
    ("江苏省", "南京市", "玄武区", "320102", 118.80, 32.05),
    ("江苏省", "南京市", "鼓楼区", "320106", 118.77, 32.07),
    ("江苏省", "南京市", "江宁区", "320115", 118.84, 31.95),
    ("江苏省", "苏州市", "姑苏区", "320508", 120.62, 31.31),
    ("江苏省", "苏州市", "昆山市", "320583", 120.98, 31.39),
    ("江苏省", "无锡市", "梁溪区", "320213", 120.30, 31.57),
    ("江苏省", "徐州市", "铜山区", "320312", 117.18, 34.18),
    ("浙江省", "杭州市", "西湖区", "330106", 120.13, 30.26),
    ("浙江省", "杭州市", "余杭区", "330110", 119.98, 30.42),
    ("浙江省", "宁波市", "鄞州区", "330212", 121.55, 29.82),
    ("浙江省", "温州市", "鹿城区", "330302", 120.65, 28.02),
    ("浙江省", "金华市", "义乌市", "330782", 120.07, 29.31),
    ("安徽省", "合肥市", "蜀山区", "340104", 117.26, 31.85),
    ("安徽省", "阜阳市", "颍州区", "341202", 115.81, 32.89),
    ("福建省", "福州市", "鼓楼区", "350102", 119.30, 26.08),
    ("福建省", "厦门市", "思明区", "350203", 118.08, 24.45),
    ("福建省", "泉州市", "晋江市", "350582", 118.55, 24.78),
    ("江西省", "南昌市", "东湖区", "360102", 115.90, 28.68),
    ("江西省", "赣州市", "于都县", "360731", 115.41, 25.95),
    ("山东省", "济南市", "历下区", "370102", 117.08, 36.67),
    ("山东省", "青岛市", "黄岛区", "370211", 120.20, 35.96),
    ("山东省", "临沂市", "沂南县", "371321", 118.47, 35.55),
    ("河南省", "郑州市", "金水区", "410105", 113.66, 34.80),
    ("河南省", "周口市", "商水县", "411623", 114.61, 33.54),
    ("湖北省", "武汉市", "武昌区", "420106", 114.32, 30.55),
    ("湖北省", "黄冈市", "麻城市", "421181", 115.01, 31.17),
    ("湖南省", "长沙市", "岳麓区", "430104", 112.93, 28.23),
    ("湖南省", "衡阳市", "衡南县", "430422", 112.68, 26.74),
    ("广东省", "广州市", "天河区", "440106", 113.36, 23.12),
    ("广东省", "深圳市", "南山区", "440305", 113.93, 22.53),
    ("广东省", "佛山市", "南海区", "440605", 113.14, 23.03),
    ("广西壮族自治区", "南宁市", "青秀区", "450103", 108.49, 22.79),
    ("海南省", "海口市", "龙华区", "460106", 110.30, 20.03),
    ("四川省", "成都市", "武侯区", "510107", 104.04, 30.64),
    ("四川省", "南充市", "阆中市", "511381", 106.00, 31.56),
    ("贵州省", "贵阳市", "南明区", "520102", 106.71, 26.57),
    ("云南省", "昆明市", "五华区", "530102", 102.70, 25.04),
    ("陕西省", "西安市", "雁塔区", "610113", 108.95, 34.22),
    ("甘肃省", "兰州市", "城关区", "620102", 103.83, 36.06),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "650102", 87.63, 43.79),
    ("内蒙古自治区", "呼和浩特市", "新城区", "150102", 111.66, 40.83),
    ("黑龙江省", "哈尔滨市", "南岗区", "230103", 126.65, 45.76),
    ("吉林省", "长春市", "朝阳区", "220104", 125.29, 43.83),
    ("辽宁省", "沈阳市", "和平区", "210102", 123.40, 41.79),
    ("河北省", "石家庄市", "长安区", "130102", 114.54, 38.05),
    ("山西省", "太原市", "小店区", "140105", 112.56, 37.74),
    ("", "北京市", "朝阳区", "110105", 116.48, 39.92),
    ("", "北京市", "海淀区", "110108", 116.30, 39.96),
    ("", "上海市", "徐汇区", "310104", 121.44, 31.19),
    ("", "上海市", "浦东新区", "310115", 121.54, 31.22),
    ("", "天津市", "南开区", "120104", 117.15, 39.14),
    ("", "重庆市", "渝中区", "500103", 106.57, 29.55),
    ("", "重庆市", "万州区", "500101", 108.41, 30.81),
]
# county codes abolished since (江宁县, 崇文区, 宣武区, 卢湾区): still on older people's IDs
HISTORIC_CODES = ["320121", "110103", "110104", "310103"]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
            "毛郝龚邵万钱严覃武戴莫孔向汤柏滕楚聂鲁葛房裴喻翟詹甘牛焦车匡")
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯"]
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国文斌宇浩凯晨欣怡梓涵子轩博思"
         "雨佳嘉琪琳瑶婷雪慧颖倩晓春海林峰波宁亮东俊志家永荣德福生金兰凤珍秋菊梅莉燕云铭昊睿泽宸一诺"
         "可馨若曦沐安逸景航天皓然远舟立新根水长茂淑翠月昕妍彤璐薇蕾冰洁卫忠清河山川泉岚峥嵘铁柱")

ETHNIC_56 = ["汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
             "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
             "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
             "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
             "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族",
             "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"]
assert len(ETHNIC_56) == 56 and len(set(ETHNIC_56)) == 56
ETHNIC_MINOR = ["回族", "满族", "壮族", "苗族", "土家族", "彝族", "蒙古族", "维吾尔族", "藏族", "侗族",
                "布依族", "瑶族", "朝鲜族", "白族", "畲族", "哈尼族", "黎族", "傣族"]

ADDRESS_MARKERS = ["省", "市", "区", "县", "镇", "乡", "街道", "路", "街", "号", "村", "室", "栋", "单元"]
COMPANY_SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团", "合作社", "事务所", "公司"]

ROADS = ["凤凰路", "望江路", "梧桐路", "丹桂路", "银杏大道", "云栖路", "临湖路", "学府路", "滨河路", "兴业路",
         "振华路", "光明路", "朝阳路", "青石街", "百花街", "秀水街", "东风路", "团结路", "沿江大道", "文昌路",
         "紫金路", "清风街", "育才路", "枫林一路", "枫林二路", "龙井路", "桃源路", "华山路", "汇景路", "广场东路"]
SUBDISTRICTS = ["新街口", "湖南路", "东湖", "五马", "桂城", "望月湖", "玉林", "城关", "华侨路", "南苑",
                "东山", "北湖", "滨江", "长江", "白云"]
COMMUNITIES = ["锦绣花园", "翠湖苑", "阳光新城", "紫薇小区", "碧水湾", "金色家园", "怡景苑", "香樟园", "御景湾",
               "春江花月", "明珠公寓", "和美家园", "东方名城", "书香门第", "梧桐雅居", "枫丹白鹭", "滨湖世纪城"]
TOWNS = ["城关镇", "新集镇", "三河镇", "桥头镇", "长安镇", "界湖街道", "贡江镇", "柏桥镇", "白马镇", "青山镇"]
VILLAGES = ["前进村", "东庄村", "柳树湾村", "高家村", "杨桥村", "新民村", "石门村", "大塘村", "红星村", "双河村"]

ZIHAO = ["恒瑞达", "华信", "金诚", "鼎盛", "博远", "宏达", "海纳", "天成", "瑞丰", "嘉禾", "鑫源", "中拓",
         "腾跃", "佳和", "汇通", "云图", "星河", "明德", "正泰和", "润泽", "同创", "远航", "锐思", "奇点",
         "绿源", "新禾", "兴邦", "永信", "宝丰", "盛世", "凯瑞", "卓越", "蓝海", "晨光", "九鼎", "金桥"]
INDUSTRY = ["信息科技", "建筑工程", "商贸", "物流", "食品", "机械制造", "环保科技", "医药", "文化传媒",
            "电子商务", "餐饮管理", "物业管理", "新能源科技", "供应链管理", "建材", "服饰", "电子", "农业发展"]
CROPS = ["蔬菜种植", "水稻种植", "茶叶", "生猪养殖", "果蔬", "中药材种植", "水产养殖", "葡萄种植", "食用菌", "农机服务"]

PLATE_PROVS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
VIN_WMI = ["LSV", "LFV", "LGB", "LHG", "LVS", "LBV", "LSG", "LDC", "LGX", "LRW", "LNB", "LVG", "LGW", "LZW"]

MOBILE_PREFIXES = (
    [("13%d" % d, 10) for d in range(10)]
    + [("145", 1), ("147", 2)]
    + [("15%d" % d, 8) for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + [("166", 2), ("170", 1), ("171", 1), ("172", 1), ("173", 2), ("175", 1), ("176", 2),
       ("177", 2), ("178", 2)]
    + [("18%d" % d, 9) for d in range(10)]
    + [("191", 1), ("193", 1), ("195", 1), ("196", 1), ("197", 1), ("198", 2), ("199", 3)]
)
MOBILE_SET = [p for p, _ in MOBILE_PREFIXES]
for bad in ("140", "141", "142", "143", "144", "154", "163", "179", "194"):
    assert bad not in MOBILE_SET

# fixed-line area codes by subscriber length (libphonenumber CN fixed-line metadata)
AREA8 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0371",
         "0379", "0411", "0431", "0451", "0510", "0511", "0512", "0513", "0516", "0519", "0531",
         "0532", "0571", "0574", "0577", "0579", "0591", "0595", "0731", "0755", "0757", "0769",
         "0791", "0898"]
AREA7 = ["0335", "0351", "0356", "0412", "0471", "0476", "0538", "0558", "0563", "0592", "0635",
         "0662", "0715", "0734", "0746", "0768", "0771", "0797", "0813", "0833", "0855", "0891",
         "0912", "0931", "0937", "0951", "0971", "0991"]

BANK_BINS = [("622202", 19), ("621700", 19), ("622848", 19), ("621661", 19), ("622588", 16),
             ("622260", 19), ("623668", 19), ("621226", 19), ("622908", 19), ("436742", 16),
             ("524047", 16), ("622150", 19), ("621799", 19), ("625965", 16)]

PLACEHOLDERS = ["无", "-", "NULL", "未知"]
OPAQUE_RE = re.compile(r"^(c\d+|col\d+|field_\d+)$")

# --------------------------------------------------------------------------------------
# Validators (from docs/detectors.md)
# --------------------------------------------------------------------------------------

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def date_ok(y, m, d):
    try:
        x = dt.date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y and x <= TODAY


def id_check(s17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(s17, ID_W)) % 11]


def v_resident_id(s):
    s = nfkc(s).strip().upper()
    if re.fullmatch(r"\d{17}[\dX]", s):
        return (int(s[:2]) in PROVINCES and date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14]))
                and id_check(s[:17]) == s[17])
    if re.fullmatch(r"\d{15}", s):
        return int(s[:2]) in PROVINCES and date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


USCC_CS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body8):
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_W))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def v_org_code(s):
    s = nfkc(s).strip().upper()
    if len(s) == 10 and s[8] == "-":
        s = s[:8] + s[9]
    return bool(re.fullmatch(r"[0-9A-Z]{8}[0-9X]", s)) and org_check(s[:8]) == s[8]


def uscc_check(s17):
    return USCC_CS[(31 - sum(USCC_CS.index(c) * w for c, w in zip(s17, USCC_W)) % 31) % 31]


def v_uscc(s):
    s = nfkc(s).strip().upper()
    return (len(s) == 18 and all(c in USCC_CS for c in s) and uscc_check(s[:17]) == s[17]
            and v_org_code(s[8:17]))


def luhn_ok(d):
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def v_bank_card(s):
    s = nfkc(s).strip()
    if not re.fullmatch(r"\d{16,19}", s) or not luhn_ok(s):
        return False
    return (s.startswith("62") or s[0] == "4" or 51 <= int(s[:2]) <= 55
            or 2221 <= int(s[:4]) <= 2720 or s[:2] in ("35", "34", "37"))


def v_imei(s):
    s = nfkc(s).strip()
    return bool(re.fullmatch(r"\d{15}", s)) and luhn_ok(s)


def hk_check(letters, digits):
    vals = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(c) for c in digits]
    total = sum(v * w for v, w in zip(vals, [9, 8, 7, 6, 5, 4, 3, 2]))
    c = (11 - total % 11) % 11
    return "A" if c == 10 else str(c)


def v_hk_id(s):
    s = nfkc(s).strip().upper()
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})(?:\(([0-9A])\)|([0-9A]))", s)
    if not m:
        return False
    return hk_check(m.group(1), m.group(2)) == (m.group(3) or m.group(4))


TW_MAP = dict(A=10, B=11, C=12, D=13, E=14, F=15, G=16, H=17, I=34, J=18, K=19, L=20, M=21, N=22,
              O=35, P=23, Q=24, R=25, S=26, T=27, U=28, V=29, W=32, X=30, Y=31, Z=33)


def tw_sum(s):
    n = TW_MAP[s[0]]
    digits = [n // 10, n % 10] + [int(c) for c in s[1:]]
    return sum(d * w for d, w in zip(digits, [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]))


def v_tw_id(s):
    s = nfkc(s).strip().upper()
    return bool(re.fullmatch(r"[A-Z][12]\d{8}", s)) and tw_sum(s) % 10 == 0


VIN_T = dict(A=1, B=2, C=3, D=4, E=5, F=6, G=7, H=8, J=1, K=2, L=3, M=4, N=5, P=7, R=9, S=2, T=3,
             U=4, V=5, W=6, X=7, Y=8, Z=9)
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_check(v):
    total = sum((int(c) if c.isdigit() else VIN_T[c]) * w for c, w in zip(v, VIN_W))
    r = total % 11
    return "X" if r == 10 else str(r)


def v_vin(s):
    s = nfkc(s).strip().upper()
    return bool(re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", s)) and vin_check(s) == s[8]


def mod11_10(digits):
    check = 5
    for n in digits:
        check = (((check or 10) * 2) % 11 + int(n)) % 10
    return check


def mod11_10_alt(digits):
    # textbook ISO 7064 MOD 11,10 formulation, used to cross-check the one above
    p = 10
    for n in digits[:-1]:
        s = (p + int(n)) % 10
        s = 10 if s == 0 else s
        p = (s * 2) % 11
    return (p + int(digits[-1])) % 10 == 1


def v_business_reg_no(s):
    s = nfkc(s).strip()
    return bool(re.fullmatch(r"\d{15}", s)) and int(s[:2]) in PROVINCES and mod11_10(s) == 1


def phone_digits(s):
    t = nfkc(s).strip()
    t = re.sub(r"[\s\-()]", "", t)
    for p in ("+86", "0086", "86"):
        if t.startswith(p) and len(t) - len(p) == 11:
            t = t[len(p):]
            break
    return t


def v_mobile_shape(s):
    return bool(re.fullmatch(r"1[3-9]\d{9}", phone_digits(s)))


def v_mobile(s):
    t = phone_digits(s)
    return bool(re.fullmatch(r"1[3-9]\d{9}", t)) and t[:3] in MOBILE_SET


def v_landline_shape(s):
    t = re.sub(r"[\s()]", "", nfkc(s).strip())
    return bool(re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,5})?", t))


def v_landline(s):
    t = nfkc(s).strip()
    m = re.fullmatch(r"(\(?0\d{2,3}\)?[\s-]?\d{3,4}[\s-]?\d{3,4})(?:(?:-|转)\d{1,5})?", t)
    if not m:
        return False
    d = re.sub(r"\D", "", m.group(1))
    for area in AREA8 + AREA7:
        if d.startswith(area):
            sub = d[len(area):]
            need = 8 if area in AREA8 else 7
            return len(sub) == need and sub[0] in "2345678"
    return False


def v_email(s):
    return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
                             nfkc(s).strip()))


def v_ip(s):
    t = nfkc(s).strip()
    if not re.fullmatch(r"[0-9.]+|[0-9A-Fa-f:.]+", t) or ("." not in t and ":" not in t):
        return False
    try:
        ipaddress.ip_address(t)
        return True
    except ValueError:
        return False


def v_mac(s):
    return bool(re.fullmatch(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}", nfkc(s).strip()))


def v_passport(s):
    return bool(re.fullmatch(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]\d{7,8}", nfkc(s).strip().upper()))


def v_hk_macau(s):
    return bool(re.fullmatch(r"[HM]\d{8}(\d{2})?", nfkc(s).strip().upper()))


def v_plate(s):
    return bool(re.fullmatch("[%s][A-Z][·\\- ]?[A-Z0-9]{5,6}" % PLATE_PROVS, nfkc(s).strip()))


NAME_RE = re.compile("^(?:%s|[%s])[\u4e00-\u9fff]{1,3}$" % ("|".join(COMPOUND_SURNAMES), SURNAMES))


def v_name(s):
    return bool(NAME_RE.match(s)) and 2 <= len(s) <= 4


def n_markers(s):
    return sum(s.count(m) for m in ADDRESS_MARKERS)


def v_address(s):
    return len(s) >= 8 and n_markers(s) >= 2


def v_company(s):
    s = re.sub(r"[（(][^（）()]*[）)]$", "", s)  # 会计师事务所（特殊普通合伙）
    return len(s) >= 6 and any(s.endswith(x) for x in COMPANY_SUFFIXES)


def v_ethnicity(s):
    return s.strip() in ETHNIC_56


# strict validators used for positives
STRICT = OrderedDict([
    ("cn_resident_id", v_resident_id), ("cn_uscc", v_uscc), ("cn_org_code", v_org_code),
    ("cn_business_reg_no", v_business_reg_no), ("bank_card", v_bank_card), ("imei", v_imei),
    ("hk_id", v_hk_id), ("tw_id", v_tw_id), ("vin", v_vin), ("cn_mobile", v_mobile),
    ("cn_landline", v_landline), ("email", v_email), ("ip_address", v_ip),
    ("mac_address", v_mac), ("cn_passport", v_passport), ("cn_hk_macau_permit", v_hk_macau),
    ("cn_license_plate", v_plate), ("cn_person_name", v_name), ("cn_address", v_address),
    ("company_name", v_company), ("cn_ethnicity", v_ethnicity),
])
# lenient (shape-level) versions used to prove decoys and plain columns clean
LENIENT = OrderedDict(STRICT)
LENIENT["cn_mobile"] = v_mobile_shape
LENIENT["cn_landline"] = v_landline_shape
CODE_TYPES = ["cn_resident_id", "cn_uscc", "cn_org_code", "cn_business_reg_no", "bank_card", "imei",
              "hk_id", "tw_id", "vin", "cn_mobile", "cn_landline", "email", "ip_address",
              "mac_address", "cn_passport", "cn_hk_macau_permit", "cn_license_plate", "cn_ethnicity"]


def code_types(v):
    """Every identifier type (lenient, whole value) that v satisfies."""
    s = str(v)
    return [t for t in CODE_TYPES if LENIENT[t](s)]


EMBED_PATTERNS = [
    ("cn_resident_id", r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),
    ("cn_mobile", r"(?<![0-9])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![0-9])"),
    ("cn_landline", r"(?<![0-9])\(?0\d{2,3}\)?[\s-]?\d{7,8}(?![0-9])"),
    ("bank_card", r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])"),
    ("imei", r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),
    ("cn_business_reg_no", r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),
    ("cn_uscc", r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])"),
    ("cn_org_code", r"(?<![0-9A-Z])[0-9A-Z]{8}-?[0-9X](?![0-9A-Z])"),
    ("cn_license_plate", "[%s][A-Z][·\\- ]?[A-Z0-9]{5,6}" % PLATE_PROVS),
    ("email", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    ("ip_address", r"(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9.])"),
    ("mac_address", r"(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}"),
    ("cn_passport", r"(?<![0-9A-Z])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]\d{7,8})(?![0-9])"),
    ("cn_hk_macau_permit", r"(?<![0-9A-Z])[HM]\d{8}(?:\d{2})?(?![0-9])"),
    ("hk_id", r"(?<![0-9A-Z])[A-Z]{1,2}\d{6}\(?[0-9A]\)?"),
    ("tw_id", r"(?<![0-9A-Z])[A-Z][12]\d{8}(?![0-9])"),
    ("vin", r"(?<![0-9A-Z])[A-HJ-NPR-Z0-9]{17}(?![0-9A-Z])"),
]


def embedded_types(text):
    t = nfkc(text)
    found = []
    for typ, pat in EMBED_PATTERNS:
        for m in re.finditer(pat, t):
            if STRICT[typ](m.group(0)) or (typ in ("cn_mobile", "cn_landline") and LENIENT[typ](m.group(0))):
                if typ not in found:
                    found.append(typ)
                break
    for e in ETHNIC_56:
        if e in t and "cn_ethnicity" not in found:
            found.append("cn_ethnicity")
    return found


# --------------------------------------------------------------------------------------
# Random helpers and value generators
# --------------------------------------------------------------------------------------


def wpick(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


def assign(rng, n, spec, default):
    """Exact-count category assignment: spec = [(key, fraction), ...]."""
    out = []
    for key, frac in spec:
        out += [key] * int(round(n * frac))
    assert len(out) <= n
    out += [default] * (n - len(out))
    rng.shuffle(out)
    return out


FW = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(s):
    return s.translate(FW)


def ws(rng, s):
    return rng.choice([" %s", "%s ", "  %s", "%s  ", " %s "]) % s


def rdate(rng, y0, y1):
    start = dt.date(y0, 1, 1).toordinal()
    end = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def rdatetime(rng, y0, y1):
    d = rdate(rng, y0, y1)
    return dt.datetime(d.year, d.month, d.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def region(rng, local=None, local_weight=0.6):
    if local and rng.random() < local_weight:
        pool = [r for r in REGIONS if r[3].startswith(local)]
        return rng.choice(pool)
    return rng.choice(REGIONS)


def person_name(rng):
    if rng.random() < 0.025:
        sur = rng.choice(COMPOUND_SURNAMES)
        n = rng.choice([1, 2])
    else:
        i = int(rng.random() ** 2.2 * len(SURNAMES))  # skew to the common surnames
        sur = SURNAMES[i]
        n = 1 if rng.random() < 0.28 else 2
    return sur + "".join(rng.choice(GIVEN) for _ in range(n))


def mask_name(name):
    sur = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return sur + "*" * max(1, len(name) - len(sur))


def gen_rid_raw(rng, y0=1950, y1=2003, code=None, local=None):
    if code is None:
        if y1 < 1985 and rng.random() < 0.08:
            code = rng.choice(HISTORIC_CODES)
        else:
            code = region(rng, local)[3]
    b = rdate(rng, y0, y1)
    body = code + b.strftime("%Y%m%d") + "%03d" % rng.randint(1, 999)
    return body + id_check(body)


def gen_rid15(rng, y0=1935, y1=1970, local=None):
    code = region(rng, local)[3]
    b = rdate(rng, y0, y1)
    return code + b.strftime("%y%m%d") + "%03d" % rng.randint(1, 999)


def clean(gen, want):
    """Regenerate until the value validates as `want` and as no other identifier type."""
    for _ in range(1000):
        v = gen()
        if not STRICT[want](v):
            continue
        other = [t for t in code_types(v) if t != want]
        if not other:
            return v
    raise AssertionError("cannot generate clean %s" % want)


def rid(rng, y0=1950, y1=2003, code=None, local=None, lower_x=0.0):
    v = clean(lambda: gen_rid_raw(rng, y0, y1, code, local), "cn_resident_id")
    if v.endswith("X") and rng.random() < lower_x:
        v = v[:-1] + "x"
    return v


def rid15(rng, **kw):
    return clean(lambda: gen_rid15(rng, **kw), "cn_resident_id")


def mobile(rng):
    return clean(lambda: wpick(rng, MOBILE_PREFIXES) + "%08d" % rng.randint(0, 99999999), "cn_mobile")


def fmt_mobile(rng, m, style):
    if style == "plain":
        return m
    if style == "dash":
        return "%s-%s-%s" % (m[:3], m[3:7], m[7:])
    if style == "space":
        return "%s %s %s" % (m[:3], m[3:7], m[7:])
    if style == "p86dash":
        return "+86 %s-%s-%s" % (m[:3], m[3:7], m[7:])
    if style == "0086":
        return "0086 " + m
    if style == "paren86":
        return "(+86)" + m
    if style == "p86":
        return "+86" + m
    raise ValueError(style)


def mask_mobile(m):
    return m[:3] + "****" + m[7:]


def landline(rng, style="dash", area=None):
    if area is None:
        area = rng.choice(AREA8) if rng.random() < 0.65 else rng.choice(AREA7)
    n = 8 if area in AREA8 else 7
    sub = str(rng.randint(2, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    if style == "dash":
        v = "%s-%s" % (area, sub)
    elif style == "plain":
        v = area + sub
    elif style == "paren":
        v = "(%s)%s" % (area, sub)
    elif style == "spaced":
        v = "%s %s %s" % (area, sub[:-4], sub[-4:])
    elif style == "ext":
        v = "%s-%s-%d" % (area, sub, rng.randint(100, 8999))
    else:
        raise ValueError(style)
    assert v_landline(v), v
    return v


def area_for(code):
    table = {"3201": "025", "3205": "0512", "3202": "0510", "3203": "0516", "3301": "0571",
             "3302": "0574", "3303": "0577", "3307": "0579", "1101": "010", "3101": "021",
             "4401": "020", "4403": "0755", "4406": "0757", "5101": "028", "4201": "027",
             "3701": "0531", "3702": "0532", "3501": "0591", "3502": "0592", "4301": "0731",
             "4304": "0734"}
    return table.get(code[:4])


def address(rng, reg=None, style=None, local=None):
    prov, city, county, code, _, _ = reg or region(rng, local)
    style = style or rng.choice(["estate", "subdistrict", "noprov", "rural", "lane", "short"])
    road = rng.choice(ROADS)
    n = rng.randint(1, 399)
    if style == "estate":
        s = "%s%s%s%s%d号%s%d栋%d单元%d%02d室" % (prov, city, county, road, n, rng.choice(COMMUNITIES),
                                            rng.randint(1, 32), rng.randint(1, 4), rng.randint(1, 28), rng.randint(1, 6))
    elif style == "subdistrict":
        s = "%s%s%s%s街道%s%d号" % (prov, city, county, rng.choice(SUBDISTRICTS), road, n)
    elif style == "noprov":
        s = "%s%s%s%d号%s%d幢%d室" % (city, county, road, n, rng.choice(COMMUNITIES), rng.randint(1, 30),
                                   rng.randint(101, 2806))
    elif style == "rural":
        s = "%s%s%s%s%s%d组%d号" % (prov, city, county, rng.choice(TOWNS), rng.choice(VILLAGES),
                                  rng.randint(1, 12), rng.randint(1, 88))
    elif style == "lane":
        s = "%s%s%s%s%d弄%d号%d室" % (prov, city, county, road, rng.randint(10, 999), rng.randint(1, 60),
                                   rng.randint(101, 1804))
    elif style == "short":
        s = "%s%s%s%d-%d-%d" % (city, county, rng.choice(COMMUNITIES), rng.randint(1, 30), rng.randint(1, 4),
                                rng.randint(101, 2602))
    else:
        raise ValueError(style)
    assert v_address(s), s
    return s


def mask_address(a):
    m = re.match(r"^(.*?省)?(.*?市)", a)
    keep = m.group(0) if m else a[:6]
    return keep + "******"


def city_short(city):
    return city[:-1] if city.endswith("市") else city


def company_name(rng, reg=None, kind="firm"):
    prov, city, county, code, _, _ = reg or region(rng)
    zh = rng.choice(ZIHAO)
    if kind == "coop":
        name = "%s%s%s%s专业合作社" % (county or city, rng.choice(TOWNS)[:-1] if rng.random() < 0.5 else "",
                                 zh[:2], rng.choice(CROPS))
    elif kind == "law":
        name = "%s%s律师事务所" % (prov[:2] if prov else city_short(city), zh)
    elif kind == "cpa":
        name = "%s%s会计师事务所（特殊普通合伙）" % (prov[:2] if prov else city_short(city), zh)
        name = name.replace("（特殊普通合伙）", "") if rng.random() < 0.5 else name
    elif kind == "tw":
        name = "%s%s股份有限公司" % (zh, rng.choice(INDUSTRY))
    else:
        pre = wpick(rng, [(city_short(city), 5), (city, 2), (prov[:2] if prov else city_short(city), 2), ("", 1)])
        suf = wpick(rng, [("有限公司", 60), ("有限责任公司", 14), ("股份有限公司", 12), ("集团有限公司", 6),
                          ("集团", 3)])
        name = "%s%s%s%s" % (pre, zh, rng.choice(INDUSTRY), suf)
    assert v_company(name), name
    return name


def org_body(rng, new=True):
    if new:
        chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return "MA" + "".join(rng.choice(chars) for _ in range(6))
    return "%08d" % rng.randint(10000000, 79999999)


def gen_uscc(rng, code, auth="9", etype="1", new=True):
    def g():
        while True:
            body = org_body(rng, new)
            oc = body + org_check(body)
            if all(c in USCC_CS for c in oc):
                break
        s17 = auth + etype + code + oc
        return s17 + uscc_check(s17)
    return clean(g, "cn_uscc")


def gen_bizreg(rng, code):
    def g():
        d14 = code + "%08d" % rng.randint(0, 99999999)
        for c in "0123456789":
            if mod11_10(d14 + c) == 1:
                return d14 + c
    return clean(g, "cn_business_reg_no")


def bank_card(rng):
    def g():
        b, n = rng.choice(BANK_BINS)
        body = b + "".join(str(rng.randint(0, 9)) for _ in range(n - len(b) - 1))
        return luhn_complete(body)
    return clean(g, "bank_card")


def imei(rng):
    def g():
        tac = rng.choice(["86", "35", "86", "01"]) + "%06d" % rng.randint(0, 999999)
        return luhn_complete(tac + "%06d" % rng.randint(0, 999999))
    return clean(g, "imei")


def hk_id(rng, style=None):
    def g():
        letters = rng.choice(PLATE_LETTERS.replace("Q", "") + "AKRYZ")
        if rng.random() < 0.1:
            letters = rng.choice("WXC") + letters
        digits = "%06d" % rng.randint(0, 999999)
        c = hk_check(letters, digits)
        st = style or wpick(rng, [("br", 7), ("plain", 3)])
        return "%s%s(%s)" % (letters, digits, c) if st == "br" else letters + digits + c
    return clean(g, "hk_id")


def tw_id(rng):
    def g():
        letter = rng.choice("ABCDEFGHJKLMNPQTUVWXZ")
        head = letter + rng.choice("12") + "%07d" % rng.randint(0, 9999999)
        for c in "0123456789":
            if tw_sum(head + c) % 10 == 0:
                return head + c
    return clean(g, "tw_id")


def vin(rng):
    def g():
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        wmi = rng.choice(VIN_WMI)
        vds = "".join(rng.choice(chars) for _ in range(5))
        year = rng.choice("DEFGHJKLMNPR")
        plant = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        serial = "%06d" % rng.randint(0, 999999)
        v = wmi + vds + "0" + year + plant + serial
        return v[:8] + vin_check(v) + v[9:]
    return clean(g, "vin")


def plate(rng, sep="", prov=None, city_letters="ABCDEFGH"):
    def g():
        p = prov or rng.choice(PLATE_PROVS)
        letter = rng.choice(city_letters)
        if rng.random() < 0.18:  # new-energy: D/F + 5
            body = rng.choice("DF") + rng.choice("ABCDEFGHJK0123456789") + "%04d" % rng.randint(0, 9999)
        else:
            chars = [str(rng.randint(0, 9)) for _ in range(5)]
            for _ in range(rng.choice([0, 1, 1, 2])):
                chars[rng.randrange(5)] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
            body = "".join(chars)
        return p + letter + sep + body
    return clean(g, "cn_license_plate")


def passport(rng):
    def g():
        k = wpick(rng, [("E8", 65), ("EL", 25), ("G", 10)])
        if k == "E8":
            return "E%08d" % rng.randint(0, 99999999)
        if k == "EL":
            return "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "%07d" % rng.randint(0, 9999999)
        return "G%08d" % rng.randint(0, 99999999)
    return clean(g, "cn_passport")


def hk_macau_permit(rng, hk=True):
    def g():
        v = ("H" if hk else "M") + "%08d" % rng.randint(0, 99999999)
        if rng.random() < 0.2:
            v += "%02d" % rng.randint(1, 9)
        return v
    return clean(g, "cn_hk_macau_permit")


PINYIN = ["zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
          "ma", "zhu", "hu", "guo", "lin", "luo", "xiao", "tang", "han", "feng", "deng", "cao", "peng",
          "wei", "jing", "ming", "hua", "ling", "xin", "yu", "tian", "hao", "jun", "lei", "ting", "fang"]


def email(rng, corp_domain=None):
    def g():
        k = wpick(rng, [("qq", 30), ("163", 20), ("126", 8), ("sina", 4), ("fox", 5), ("corp", 25), ("gmail", 3)])
        if k == "qq":
            return "%d@qq.com" % rng.randint(10000000, 3999999999)
        local = rng.choice(PINYIN) + rng.choice(["", ".", "_"]) + rng.choice(PINYIN)
        if rng.random() < 0.6:
            local += str(rng.randint(1, 2005))
        dom = {"163": "163.com", "126": "126.com", "sina": "sina.com", "fox": "foxmail.com",
               "gmail": "gmail.com"}.get(k) or corp_domain or rng.choice(
            ["hengruida.com.cn", "huaxin-tech.cn", "jincheng.net", "yuntu.com.cn", "lanhai-group.com"])
        return local + "@" + dom
    return clean(g, "email")


def ipv4(rng, private=None):
    def g():
        p = private if private is not None else rng.random() < 0.5
        if p:
            k = rng.choice(["10", "192", "172"])
            if k == "10":
                return "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
            if k == "192":
                return "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))
            return "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254))
        return "%d.%d.%d.%d" % (rng.choice([36, 58, 61, 101, 112, 114, 117, 120, 121, 180, 183, 218, 222, 223]),
                                rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    return clean(g, "ip_address")


def ipv6(rng):
    def g():
        pre = rng.choice(["2409:8a1e", "240e:3b7", "2408:8207", "2001:da8"])
        groups = ["%x" % rng.randint(0, 0xffff) for _ in range(4)]
        if rng.random() < 0.5:
            return pre + "::" + ":".join(groups)
        return pre + ":" + ":".join(["%x" % rng.randint(0, 0xffff) for _ in range(2)] + groups)
    return clean(g, "ip_address")


def mac(rng, style=None):
    def g():
        octets = [rng.choice([0x00, 0x28, 0x3c, 0x44, 0x70, 0x8c, 0xa4, 0xb0, 0xd8, 0xf4]),
                  rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255),
                  rng.randint(0, 255)]
        st = style or rng.choice(["U:", "l:", "U-", "l-"])
        h = ["%02X" % o if st[0] == "U" else "%02x" % o for o in octets]
        return st[1].join(h)
    return clean(g, "mac_address")


def ethnicity(rng, minority=0.12):
    return rng.choice(ETHNIC_MINOR) if rng.random() < minority else "汉族"


# ---------------------------------------------------------------- decoys


def decoy(gen):
    for _ in range(1000):
        v = gen()
        if not code_types(v):
            return v
    raise AssertionError("cannot generate decoy")


def order_no(rng, lo=18, hi=20):
    return decoy(lambda: str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(lo, hi) - 1)))


def ms_ts(rng, y0=2023, y1=2024):
    t = rdatetime(rng, y0, y1)
    epoch = dt.datetime(1970, 1, 1)
    return int((t - epoch).total_seconds()) * 1000 + rng.randint(0, 999) - 8 * 3600 * 1000


def ymdhms(rng, y0=2023, y1=2024):
    return decoy(lambda: rdatetime(rng, y0, y1).strftime("%Y%m%d%H%M%S"))


def ean13(rng):
    def g():
        body = "69" + "".join(str(rng.randint(0, 9)) for _ in range(10))
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
        return body + str((10 - s % 10) % 10)
    return decoy(g)


def uuid4(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def invoice_code(rng):
    # 12-digit 普通发票代码: 1 + region(4) + year(2) + batch(1) + 4 digits
    return decoy(lambda: "1%s%s%02d%d%04d" % (rng.choice(["32", "33", "44", "11", "31", "37"]),
                                             rng.choice(["00", "01", "02"]), rng.randint(18, 24),
                                             rng.randint(0, 9), rng.randint(0, 9999))[:12])


def code9_bad(rng):
    chars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return decoy(lambda: "".join(rng.choice(chars) for _ in range(9)))


def code18_bad(rng):
    def g():
        return rng.choice("9153") + rng.choice("123") + "".join(rng.choice(USCC_CS) for _ in range(16))
    return decoy(g)


def sku(rng):
    k = rng.choice(["a", "b", "c"])
    if k == "a":
        return decoy(lambda: "SKU-%s%05d-%s" % (rng.choice(["HW", "BJ", "SP", "FZ", "JD"]), rng.randint(0, 99999),
                                                rng.choice(["BLK", "WHT", "RED", "L", "XL", "M"])))
    if k == "b":
        return decoy(lambda: "%s-%d%s%02d" % (rng.choice(["DS", "TL", "HC", "XM"]), rng.randint(2, 9),
                                              rng.choice(["CD", "WR", "SG", "K"]), rng.randint(10, 99)))
    return decoy(lambda: "P%07d%s" % (rng.randint(0, 9999999), rng.choice(["A", "B", "C"])))


DESCRIPTIONS = ["纯棉短袖T恤 夏季透气款 白色", "不锈钢保温杯 500ml 大容量", "蓝牙耳机 降噪 长续航 黑色",
                "有机五常大米 5kg 真空包装", "儿童益智积木 300粒", "无线鼠标 静音 办公家用",
                "家用电饭煲 4升 智能预约", "运动跑鞋 减震 透气网面", "办公椅 人体工学 可升降",
                "洗衣凝珠 52颗 持久留香", "LED护眼台灯 三档调光", "速干毛巾 三条装", "手机壳 防摔 透明",
                "乳胶枕 护颈 成人款", "坚果礼盒 每日坚果 30袋", "空气炸锅 大容量 无油", "保鲜盒 玻璃 套装",
                "电动牙刷 声波 充电款", "羽绒服 轻薄款 冬季", "笔记本电脑支架 铝合金 可折叠"]
DEVICE_NAMES = ["网络摄像机", "核心交换机", "接入交换机", "下一代防火墙", "无线接入点", "4G执法记录仪",
                "机架式服务器", "存储阵列", "门禁控制器", "环境监测终端", "边界网关", "视频存储服务器",
                "人脸识别闸机", "智能电表采集器", "UPS电源"]
BIZ_SCOPE = ["软件开发；信息技术咨询服务；数据处理和存储支持服务", "日用百货、五金交电销售",
             "餐饮服务；食品销售", "建设工程施工；建筑材料销售", "货物进出口；技术进出口",
             "普通货物仓储服务；装卸搬运", "医疗器械销售；药品零售", "广告设计、制作、代理",
             "物业管理；家政服务", "新能源汽车充电设施运营；电动汽车充电基础设施运营",
             "服装制造；服装服饰批发", "农产品初加工；蔬菜种植"]
CITY_NAMES = sorted(set(r[1] for r in REGIONS))
DISTRICT_NAMES = sorted(set(r[2] for r in REGIONS if r[2].endswith("区")))


def masked_rid(v):
    return v[:4] + "*" * 10 + v[-4:]


# --------------------------------------------------------------------------------------
# Column model
# --------------------------------------------------------------------------------------


class Col:
    """kind: id | text | masked | sparse | plain | free | geo | num"""

    def __init__(self, name, values, labels=(), kind=None, arrow="str", other_ok=False, markers_ok=False,
                 org_ok=False):
        self.name = name
        self.values = values
        self.labels = list(labels)
        self.kind = kind or ("id" if labels else "plain")
        self.arrow = arrow
        self.other_ok = other_ok
        self.markers_ok = markers_ok
        self.org_ok = org_ok  # legal-form vocabulary (有限责任公司(法人独资)): not a name, labelled []


def with_placeholders(rng, values, frac, choices=None):
    choices = choices or (PLACEHOLDERS + ["", None])
    slots = assign(rng, len(values), [("ph", frac)], "v")
    return [rng.choice(choices) if s == "ph" else v for s, v in zip(slots, values)]


def sparse_column(rng, n, gen, frac_valid=0.045, empty_frac=0.25,
                  junk=("同上", "无", "/", "见户主", "暂无", "-", "本人", "未提供")):
    slots = assign(rng, n, [("e", empty_frac)], "x")
    nonempty = [i for i, s in enumerate(slots) if s == "x"]
    k = max(2, int(round(len(nonempty) * frac_valid)))
    valid = set(rng.sample(nonempty, k))
    out = []
    for i, s in enumerate(slots):
        if s == "e":
            out.append(rng.choice(["", None]))
        elif i in valid:
            out.append(gen())
        else:
            out.append(rng.choice(junk))
    return out


# --------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------

DATASETS = []


def dataset(path, fmt, **opts):
    def deco(fn):
        DATASETS.append((path, fmt, opts, fn))
        return fn
    return deco


def rng_for(path):
    return random.Random(zlib.crc32(("fenji-holdout:" + path).encode()))


@dataset("renkou/rkjcxx_2023.parquet", "parquet", dictionary=True, compression="snappy")
def ds_rkjcxx(rng):
    n = 600
    regs = [region(rng, "32", 0.7) for _ in range(n)]
    births = [rdate(rng, 1938, 2006) for _ in range(n)]
    ids = []
    for r, b in zip(regs, births):
        ids.append(rid(rng, b.year, b.year, code=r[3] if rng.random() < 0.8 else None, lower_x=0.6))
    ids = with_placeholders(rng, ids, 0.03)
    return [
        Col("rkbh", list(range(3201230001, 3201230001 + n)), arrow="int64"),
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("xb", [rng.choice(["男", "女"]) for _ in range(n)]),
        Col("mz", [ethnicity(rng, 0.08) for _ in range(n)], ["cn_ethnicity"]),
        Col("csrq", [b.strftime("%Y%m%d") for b in births]),
        Col("gmsfhm", ids, ["cn_resident_id"]),
        Col("hjdz", [address(rng, r, rng.choice(["estate", "subdistrict", "rural"])) for r in regs], ["cn_address"]),
        Col("jzdz", [address(rng, region(rng, "3201", 0.8), rng.choice(["estate", "short", "noprov"]))
                     for _ in range(n)], ["cn_address"]),
        Col("lxdh", with_placeholders(rng, [mobile(rng) for _ in range(n)], 0.04, ["", None]), ["cn_mobile"]),
        Col("bylxdh", sparse_column(rng, n, lambda: mobile(rng)), ["cn_mobile"], kind="sparse"),
        Col("whcd", [rng.choice(["本科", "大专", "高中", "初中", "小学", "研究生"]) for _ in range(n)]),
        Col("hyzk", [rng.choice(["已婚", "未婚", "离婚", "丧偶"]) for _ in range(n)]),
        Col("djrq", [rdate(rng, 2023, 2023).isoformat() for _ in range(n)]),
    ]


def firm(rng, reg=None, kind="firm", old_frac=0.55):
    reg = reg or region(rng)
    old = rng.random() < old_frac
    if kind == "coop":
        auth, et = "9", "3"
    elif kind == "indiv":
        auth, et = "9", "2"
    elif kind == "law":
        auth, et = "3", "1"
    else:
        auth, et = "9", "1"
    u = gen_uscc(rng, reg[3], auth, et, new=not old)
    return dict(name=company_name(rng, reg, kind if kind in ("coop", "law", "cpa", "tw") else "firm"),
                uscc=u, org=u[8:17], old=old, reg=reg,
                bizreg=gen_bizreg(rng, reg[3]) if old else None,
                founded=rdate(rng, 1998, 2015) if old else rdate(rng, 2016, 2024))


@dataset("qiye/qydj_jbxx.csv", "csv", quote_all=True)
def ds_qydj(rng):
    n = 400
    fs = [firm(rng, region(rng, "32", 0.5), old_frac=0.88) for _ in range(n)]
    phone_kind = assign(rng, n, [("L", 0.55)], "M")
    phones = []
    for k, f in zip(phone_kind, fs):
        if k == "L":
            phones.append(landline(rng, rng.choice(["dash", "dash", "plain", "paren"]), area_for(f["reg"][3])))
        else:
            phones.append(mobile(rng))
    bizreg = [f["bizreg"] or "" for f in fs]  # firms registered after 2015 never had one
    return [
        Col("企业名称", [f["name"] for f in fs], ["company_name"]),
        Col("统一社会信用代码", [f["uscc"] for f in fs], ["cn_uscc"]),
        Col("注册号", bizreg, ["cn_business_reg_no"]),
        Col("组织机构代码", [f["org"][:8] + "-" + f["org"][8] for f in fs], ["cn_org_code"]),
        Col("法定代表人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("企业类型", [rng.choice(["有限责任公司(自然人投资或控股)", "股份有限公司(非上市)", "有限责任公司(法人独资)",
                                 "个人独资企业", "合伙企业"]) for _ in range(n)], org_ok=True),
        Col("注册资本(万元)", ["%.2f" % rng.choice([10, 50, 100, 200, 500, 1000, 3000, 5000]) for _ in range(n)]),
        Col("成立日期", [f["founded"].isoformat() for f in fs]),
        Col("住所", [address(rng, f["reg"], rng.choice(["estate", "subdistrict", "noprov"])) for f in fs], ["cn_address"]),
        Col("经营范围", [rng.choice(BIZ_SCOPE) for _ in range(n)], kind="free"),
        Col("联系电话", phones, ["cn_landline", "cn_mobile"]),
        Col("企业邮箱", with_placeholders(rng, [email(rng) for _ in range(n)], 0.08, ["", ""]), ["email"]),
        Col("档案编号", [code18_bad(rng) for _ in range(n)]),
    ]


@dataset("shebao/sbjf_202401.parquet", "parquet", dictionary=True, row_group_size=150, compression="snappy")
def ds_sbjf(rng):
    n = 700
    employers = [firm(rng, region(rng, "3201", 0.9), old_frac=0.7) for _ in range(45)]
    emp = [rng.choice(employers) for _ in range(n)]
    base = [round(rng.uniform(4494, 24042), 2) for _ in range(n)]
    return [
        Col("jflsh", [order_no(rng, 20, 20) for _ in range(n)]),
        Col("shbzh", [rid(rng, 1960, 2004) for _ in range(n)], ["cn_resident_id"]),
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("dwmc", [e["name"] for e in emp], ["company_name"]),
        Col("dwzzjgdm", [e["org"] for e in emp], ["cn_org_code"]),
        Col("jfjs", base, arrow="double", kind="num"),
        Col("grjf", [round(b * 0.08, 2) for b in base], arrow="double", kind="num"),
        Col("dwjf", [round(b * 0.16, 2) for b in base], arrow="double", kind="num"),
        Col("xzmc", [rng.choice(["企业职工基本养老保险", "失业保险", "工伤保险", "职工基本医疗保险"]) for _ in range(n)]),
        Col("jfny", ["202401"] * n),
        Col("c11", with_placeholders(rng, [bank_card(rng) for _ in range(n)], 0.05, [None]), ["bank_card"]),
    ]


def bdc_unit(rng, code):
    return "%s%03d%03dGB%05dF%08d" % (code, rng.randint(1, 20), rng.randint(1, 30), rng.randint(1, 99999),
                                       rng.randint(10001, 99999999))


@dataset("budongchan/bdcdj_djb.csv", "csv", encoding="gbk")
def ds_bdcdj(rng):
    n = 350
    regs = [region(rng, "3205", 0.85) for _ in range(n)]
    ids = []
    for _ in range(n):
        if rng.random() < 0.06:
            ids.append(rid15(rng, y0=1940, y1=1975))
        else:
            ids.append(rid(rng, 1945, 2000, lower_x=0.5))
    return [
        Col("不动产单元号", [decoy(lambda: bdc_unit(rng, r[3])) for r in regs]),
        Col("权利人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("证件种类", ["居民身份证"] * n),
        Col("证件号码", ids, ["cn_resident_id"]),
        Col("共有情况", [rng.choice(["单独所有", "共同共有", "按份共有"]) for _ in range(n)]),
        Col("坐落", [address(rng, r, rng.choice(["estate", "noprov", "lane"])) for r in regs], ["cn_address"]),
        Col("建筑面积", ["%.2f" % rng.uniform(35, 260) for _ in range(n)], kind="num"),
        Col("规划用途", [rng.choice(["住宅", "成套住宅", "商业", "车位"]) for _ in range(n)]),
        Col("登记时间", [rdate(rng, 2016, 2024).isoformat() for _ in range(n)]),
        Col("登簿人", [rng.choice(["张晓燕", "陆文斌", "顾婷", "沈建国"]) for _ in range(n)], ["cn_person_name"]),
        Col("c11", with_placeholders(rng, [mobile(rng) for _ in range(n)], 0.05, ["", "无"]), ["cn_mobile"]),
    ]


@dataset("yibao/ybjs_mx_202403.csv", "csv", delimiter=";")
def ds_ybjs(rng):
    n = 500
    total = [round(rng.uniform(20, 18000), 2) for _ in range(n)]
    pool = [round(t * rng.uniform(0.4, 0.8), 2) for t in total]
    acct = [round(min(t - p, rng.uniform(0, 300)), 2) for t, p in zip(total, pool)]
    return [
        Col("结算ID", [uuid4(rng) for _ in range(n)]),
        Col("结算时间", [ymdhms(rng, 2024, 2024) for _ in range(n)]),
        Col("参保人姓名", [mask_name(person_name(rng)) for _ in range(n)], ["cn_person_name"], kind="masked"),
        Col("证件号码", [masked_rid(rid(rng, 1940, 2015, local="32")) for _ in range(n)], ["cn_resident_id"],
            kind="masked"),
        Col("手机号码", [mask_mobile(mobile(rng)) for _ in range(n)], ["cn_mobile"], kind="masked"),
        Col("医疗类别", [rng.choice(["普通门诊", "住院", "门诊慢特病", "药店购药"]) for _ in range(n)]),
        Col("医疗总费用", ["%.2f" % t for t in total], kind="num"),
        Col("统筹基金支付", ["%.2f" % p for p in pool], kind="num"),
        Col("个人账户支付", ["%.2f" % a for a in acct], kind="num"),
        Col("现金支付", ["%.2f" % (t - p - a) for t, p, a in zip(total, pool, acct)], kind="num"),
        Col("发票代码", [invoice_code(rng) for _ in range(n)]),
        Col("退费银行卡号", with_placeholders(rng, [bank_card(rng) for _ in range(n)], 0.08, [""]), ["bank_card"]),
    ]


XCQK_PLATE = ["巡查发现{p}占用消防通道，已联系车主挪车", "发现{p}长时间停放在绿化带旁，疑似僵尸车",
              "{p}在出入口违停，已贴告知单", "夜间巡查发现{p}未熄火停放，已提醒"]
XCQK_MOBILE = ["商户占道经营，已劝导整改，店主电话{m}", "居民反映噪音扰民，联系人手机{m}，已协调",
               "电动车楼道充电，已劝离并登记，车主电话{m}", "发现外墙广告牌松动，业主联系方式{m}"]
XCQK_NONE = ["井盖缺失存在隐患，已上报处置", "垃圾桶满溢，通知环卫清运", "消防设施完好，未见异常",
             "绿化带内有建筑垃圾堆放", "共享单车乱停放，已整理", "独居老人走访，身体状况良好",
             "河道水面有漂浮物，已通知保洁", "施工围挡破损，已督促修复", "未发现安全隐患"]
CLQK = ["已处置", "已上报上级部门", "现场整改完毕", "持续跟踪", "已转交执法部门", "待复查", "已办结"]


@dataset("wangge/wgxc_2024q1.parquet", "parquet", dictionary=False, compression="zstd")
def ds_wgxc(rng):
    n = 450
    staff = [(person_name(rng), int(mobile(rng))) for _ in range(24)]
    who = [rng.choice(staff) for _ in range(n)]
    kinds = assign(rng, n, [("p", 0.30), ("m", 0.25)], "x")
    text = []
    for k in kinds:
        if k == "p":
            text.append(rng.choice(XCQK_PLATE).format(p=plate(rng, rng.choice(["", "·"]), prov="苏")))
        elif k == "m":
            text.append(rng.choice(XCQK_MOBILE).format(m=fmt_mobile(rng, mobile(rng), rng.choice(["plain", "dash"]))))
        else:
            text.append(rng.choice(XCQK_NONE))
    base = [r for r in REGIONS if r[3].startswith("3201")]
    pts = [rng.choice(base) for _ in range(n)]
    phones = [w[1] for w in who]
    phones = [None if i in set(rng.sample(range(n), 12)) else p for i, p in enumerate(phones)]
    return [
        Col("sjbh", list(range(1, n + 1)), arrow="int64"),
        Col("wgy", [w[0] for w in who], ["cn_person_name"]),
        Col("wgydh", phones, ["cn_mobile"], arrow="int64"),
        Col("ssqx", [p[2] for p in pts]),
        Col("wgbh", ["WG%s%03d" % (p[3], rng.randint(1, 60)) for p in pts]),
        Col("xcqk", text, ["cn_license_plate", "cn_mobile"], kind="text"),
        Col("clqk", [rng.choice(CLQK) for _ in range(n)], kind="free"),
        Col("jd", [round(p[4] + rng.uniform(-0.08, 0.08), 6) for p in pts], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("wd", [round(p[5] + rng.uniform(-0.06, 0.06), 6) for p in pts], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("sbsj", [ms_ts(rng, 2024, 2024) for _ in range(n)], arrow="int64"),
    ]


@dataset("jiaotong/cltx_kakou_0315.parquet", "parquet", dictionary=True, row_group_size=200, compression="snappy")
def ds_cltx(rng):
    n = 800
    base = [r for r in REGIONS if r[3].startswith("3301")]
    gates = [(rng.choice(base), "%s%06d" % (rng.choice(base)[3], rng.randint(100000, 999999))) for _ in range(30)]
    g = [rng.choice(gates) for _ in range(n)]
    vins = with_placeholders(rng, [vin(rng) for _ in range(n)], 0.06, [None])
    return [
        Col("gcxh", [order_no(rng, 19, 19) for _ in range(n)]),
        Col("hphm", [plate(rng, "", prov="浙" if rng.random() < 0.7 else None) for _ in range(n)], ["cn_license_plate"]),
        Col("hpzl", [rng.choice(["02", "02", "01", "52"]) for _ in range(n)]),
        Col("c5", vins, ["vin"]),
        Col("kkbh", [x[1] for x in g]),
        Col("gcsj", sorted(ms_ts(rng, 2024, 2024) for _ in range(n)), arrow="int64"),
        Col("clsd", [round(rng.uniform(12, 118), 1) for _ in range(n)], arrow="double", kind="num"),
        Col("lng", [round(x[0][4] + rng.uniform(-0.1, 0.1), 6) for x in g], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("lat", [round(x[0][5] + rng.uniform(-0.1, 0.1), 6) for x in g], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("fxmc", [rng.choice(["由东向西", "由西向东", "由南向北", "由北向南"]) for _ in range(n)]),
    ]


XF_RID = ["来访人称其身份证{r}被他人冒用办理贷款，请求核查", "为其母亲（身份证{r}）申请养老待遇认定",
          "反映其证件{r}名下被登记了不知情的企业", "要求更正户籍信息，身份证{r}出生日期有误"]
XF_MOB = ["反映拖欠工资问题，涉及工人十余名，联系电话{m}", "反映邻居违建遮挡采光，请求处理，回访电话{m}",
          "投诉夜间施工扰民，请回电{m}", "反映培训机构拒不退费，联系方式{m}"]
XF_NONE = ["投诉物业收费不合理，要求公开账目", "反映供暖温度不达标", "要求加快老旧小户型改造进度",
           "反映学校周边交通拥堵，建议增设红绿灯", "咨询失业保险金申领条件", "反映公交班次调整后出行不便"]
XF_YJ = ["已转交属地部门办理，限期答复", "经核实，诉求部分属实，已督促整改", "已电话回访，来访人表示满意",
         "不属于本机关职权范围，已告知向有权机关反映", "已召集相关单位协调，达成一致意见", "正在调查核实中"]


@dataset("xinfang/xfts_2023.csv", "csv", delimiter="|")
def ds_xfts(rng):
    n = 300
    ids = [rid(rng, 1940, 2000) for _ in range(n)]
    ids = [ws(rng, v) if rng.random() < 0.3 else v for v in ids]
    styles = assign(rng, n, [("p86dash", 0.15), ("0086", 0.12), ("paren86", 0.12), ("dash", 0.1)], "plain")
    kinds = assign(rng, n, [("r", 0.25), ("m", 0.30)], "x")
    text = []
    for k in kinds:
        if k == "r":
            text.append(rng.choice(XF_RID).format(r=rid(rng, 1935, 1990)))
        elif k == "m":
            text.append(rng.choice(XF_MOB).format(m=mobile(rng)))
        else:
            text.append(rng.choice(XF_NONE))
    offices = [landline(rng, rng.choice(["dash", "paren", "spaced"])) for _ in range(12)]
    return [
        Col("信访件编号", ["XF2023%06d" % (i + 1) for i in range(n)]),
        Col("信访人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("证件号码", ids, ["cn_resident_id"]),
        Col("联系方式", [fmt_mobile(rng, mobile(rng), s) for s in styles], ["cn_mobile"]),
        Col("所在城市", [rng.choice(CITY_NAMES) for _ in range(n)], markers_ok=True),
        Col("反映问题", text, ["cn_resident_id", "cn_mobile"], kind="text"),
        Col("处理意见", [rng.choice(XF_YJ) for _ in range(n)], kind="free"),
        Col("承办单位电话", [rng.choice(offices) for _ in range(n)], ["cn_landline"]),
        Col("登记日期", [rdate(rng, 2023, 2023).isoformat() for _ in range(n)]),
    ]


SB_NOTE = ["运行正常", "已过保修期", "待报废", "备用设备", "固件已升级", "需更换电源模块", "", "巡检无异常"]


@dataset("shebei/sbtz_it_2024.tsv", "csv", delimiter="\t")
def ds_sbtz(rng):
    n = 250
    imeis = with_placeholders(rng, [imei(rng) for _ in range(n)], 0.12, ["-", "无", ""])
    return [
        Col("资产编码", [code9_bad(rng) for _ in range(n)]),
        Col("设备名称", [rng.choice(DEVICE_NAMES) for _ in range(n)], kind="free"),
        Col("设备型号", [sku(rng) for _ in range(n)]),
        Col("MAC地址", [mac(rng) for _ in range(n)], ["mac_address"]),
        Col("IP地址", [ipv4(rng, private=True) for _ in range(n)], ["ip_address"]),
        Col("IMEI", imeis, ["imei"]),
        Col("安装位置", [address(rng, region(rng, "3201", 0.9), rng.choice(["subdistrict", "noprov"])) for _ in range(n)],
            ["cn_address"]),
        Col("责任人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("责任人电话", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("出厂序列号", [code18_bad(rng) for _ in range(n)]),
        Col("采购金额", ["%.2f" % rng.uniform(300, 98000) for _ in range(n)], kind="num"),
        Col("商品条码", [ean13(rng) for _ in range(n)]),
        Col("备注", [rng.choice(SB_NOTE) for _ in range(n)], kind="free"),
    ]


@dataset("zhusu/jdzs_djxx_202404.csv", "csv", bom=True, crlf=True)
def ds_jdzs(rng):
    n = 500
    kinds = assign(rng, n, [("P", 0.22), ("HM", 0.22)], "R")
    docs, types, eth = [], [], []
    for k in kinds:
        if k == "R":
            docs.append(rid(rng, 1955, 2005, lower_x=0.3))
            types.append("居民身份证")
            eth.append(ethnicity(rng, 0.12))
        elif k == "P":
            docs.append(passport(rng))
            types.append("中国护照")
            eth.append(ethnicity(rng, 0.08))
        else:
            docs.append(hk_macau_permit(rng, rng.random() < 0.75))
            types.append("港澳居民来往内地通行证")
            eth.append("汉族")
    phones = [mobile(rng) for _ in range(n)]
    phones = [fullwidth(p) if rng.random() < 0.25 else p for p in phones]
    plates = with_placeholders(rng, [plate(rng, rng.choice(["", "", "·"])) for _ in range(n)], 0.12, ["无", "", ""])
    ins = [rdatetime(rng, 2024, 2024) for _ in range(n)]
    return [
        Col("旅客姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("性别", [rng.choice(["男", "女"]) for _ in range(n)]),
        Col("民族", eth, ["cn_ethnicity"]),
        Col("证件类型", types),
        Col("证件号码", docs, ["cn_resident_id", "cn_passport", "cn_hk_macau_permit"]),
        Col("入住时间", [t.strftime("%Y-%m-%d %H:%M") for t in ins]),
        Col("退房时间", [(t + dt.timedelta(hours=rng.randint(10, 80))).strftime("%Y-%m-%d %H:%M") for t in ins]),
        Col("房号", ["%d%02d" % (rng.randint(2, 18), rng.randint(1, 40)) for _ in range(n)]),
        Col("手机号", phones, ["cn_mobile"]),
        Col("车牌号", plates, ["cn_license_plate"]),
        Col("户籍地址", [address(rng) for _ in range(n)], ["cn_address"]),
    ]


KD_NOTE_M = ["放门卫，电话{m}", "请提前联系收件人{m}", "送货前致电{m}", "本人不在请联系家属{m}"]
KD_NOTE_X = ["易碎品轻放", "工作日派送", "放快递柜", "", "周末不收件", "生鲜请尽快派送"]


@dataset("kuaidi/kdmd_202405.csv", "csv", crlf=True)
def ds_kdmd(rng):
    n = 600
    kinds = assign(rng, n, [("m", 0.40)], "x")
    note = [rng.choice(KD_NOTE_M).format(m=mobile(rng)) if k == "m" else rng.choice(KD_NOTE_X) for k in kinds]
    return [
        Col("运单号", [decoy(lambda: rng.choice(["SF", "YT", "JT", "ZTO"]) + "%013d" % rng.randint(0, 10 ** 13 - 1))
                    for _ in range(n)]),
        Col("寄件人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("寄件人电话", [mask_mobile(mobile(rng)) for _ in range(n)], ["cn_mobile"], kind="masked"),
        Col("寄件城市", [rng.choice(CITY_NAMES) for _ in range(n)], markers_ok=True),
        Col("收件人", [mask_name(person_name(rng)) for _ in range(n)], ["cn_person_name"], kind="masked"),
        Col("field_06", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("收件地址", [mask_address(address(rng)) for _ in range(n)], ["cn_address"], kind="masked"),
        Col("商品SKU", [sku(rng) for _ in range(n)]),
        Col("商品条码", [ean13(rng) for _ in range(n)]),
        Col("重量kg", ["%.2f" % rng.uniform(0.1, 25) for _ in range(n)], kind="num"),
        Col("运费", ["%.1f" % rng.choice([8, 10, 12, 15, 18, 23, 30]) for _ in range(n)], kind="num"),
        Col("备注", note, ["cn_mobile"], kind="text"),
    ]


@dataset("jiaoyu/xjxx_2024.parquet", "parquet", dictionary=True, compression="snappy")
def ds_xjxx(rng):
    n = 400
    births = [rdate(rng, 2008, 2017) for _ in range(n)]
    regs = [region(rng, "3301", 0.75) for _ in range(n)]
    ids = [rid(rng, b.year, b.year, code=r[3], lower_x=0.7) for b, r in zip(births, regs)]
    phones = with_placeholders(rng, [int(mobile(rng)) for _ in range(n)], 0.03, [None])
    return [
        Col("xh", list(range(20240001, 20240001 + n)), arrow="int64"),
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("xb", [rng.choice(["1", "2"]) for _ in range(n)]),
        Col("mz", [ethnicity(rng, 0.1) for _ in range(n)], ["cn_ethnicity"]),
        Col("sfzjh", ids, ["cn_resident_id"]),
        Col("csrq", [b.isoformat() for b in births]),
        Col("xxdm", ["31%s%02d" % (r[3][:4] + r[3][4:], rng.randint(1, 99)) for r in regs]),
        Col("col08", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("jhrlxdh", phones, ["cn_mobile"], arrow="int64"),
        Col("jtzz", [address(rng, r, rng.choice(["estate", "short", "rural"])) for r in regs], ["cn_address"]),
        Col("rxnf", [str(rng.choice([2021, 2022, 2023, 2024])) for _ in range(n)]),
        Col("qmcj", [round(rng.uniform(55, 100), 1) for _ in range(n)], arrow="double", kind="num"),
    ]


@dataset("gangaotai/gat_jmxx.parquet", "parquet", dictionary=False, compression="snappy")
def ds_gat(rng):
    n = 200
    kinds = assign(rng, n, [("TW", 0.45)], "HK")
    ident, permit, cat = [], [], []
    for k in kinds:
        if k == "HK":
            ident.append(hk_id(rng))
            permit.append(hk_macau_permit(rng, True))
            cat.append("香港居民")
        else:
            ident.append(tw_id(rng))
            permit.append(decoy(lambda: "%08d" % rng.randint(0, 99999999)))  # 台胞证: no labelled type
            cat.append("台湾居民")
    phones = [mobile(rng) for _ in range(n)]
    phones = [fullwidth(p) if rng.random() < 0.3 else p for p in phones]
    return [
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("xb", [rng.choice(["男", "女"]) for _ in range(n)]),
        Col("jmlb", cat),
        Col("jwsfzjhm", ident, ["hk_id", "tw_id"]),
        Col("lwndtxzhm", permit, ["cn_hk_macau_permit"], other_ok=True),
        Col("ndlxdh", phones, ["cn_mobile"]),
        Col("dzyx", with_placeholders(rng, [email(rng) for _ in range(n)], 0.05, [None]), ["email"]),
        Col("col8", [address(rng, region(rng, "44", 0.6)) for _ in range(n)], ["cn_address"]),
    ]


@dataset("churujing/crj_jl_2024.csv", "csv", delimiter=";", quote_all=True)
def ds_crj(rng):
    n = 450
    kinds = assign(rng, n, [("HM", 0.38)], "P")
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("性别", [rng.choice(["男", "女"]) for _ in range(n)]),
        Col("出生日期", [rdate(rng, 1950, 2015).isoformat() for _ in range(n)]),
        Col("证件类别", ["港澳居民来往内地通行证" if k == "HM" else "普通护照" for k in kinds]),
        Col("证件号码", [hk_macau_permit(rng, rng.random() < 0.7) if k == "HM" else passport(rng) for k in kinds],
            ["cn_passport", "cn_hk_macau_permit"]),
        Col("出入境标识", [rng.choice(["出境", "入境"]) for _ in range(n)]),
        Col("出入境时间", [ymdhms(rng, 2024, 2024) for _ in range(n)]),
        Col("口岸", [rng.choice(["上海浦东机场", "深圳罗湖", "珠海拱北", "广州白云机场", "北京首都机场"]) for _ in range(n)]),
        Col("航班号", [rng.choice(["MU", "CA", "CZ", "HO", "CX"]) + str(rng.randint(100, 9999)) for _ in range(n)]),
        Col("前往地", [rng.choice(["日本", "泰国", "新加坡", "香港", "澳门", "韩国", "马来西亚"]) for _ in range(n)]),
    ]


@dataset("cheliang/jdcdj_jbxx.parquet", "parquet", dictionary=False, compression="gzip")
def ds_jdcdj(rng):
    n = 500
    regs = [region(rng, "32", 0.8) for _ in range(n)]
    phones = [fmt_mobile(rng, mobile(rng), rng.choice(["plain"] * 8 + ["p86", "dash"])) for _ in range(n)]
    return [
        Col("hphm", [plate(rng, "", prov="苏" if r[3].startswith("32") else None) for r in regs], ["cn_license_plate"]),
        Col("hpzl", [rng.choice(["02", "52", "01"]) for _ in range(n)]),
        Col("clsbdh", [vin(rng) for _ in range(n)], ["vin"]),
        Col("fdjh", [decoy(lambda: rng.choice(["G4FC", "DLB", "EA211", "JL4G15", "BYD476"]) +
                           "%07d" % rng.randint(0, 9999999)) for _ in range(n)]),
        Col("syr", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("sfzmhm", [rid(rng, 1950, 2004, code=r[3]) for r in regs], ["cn_resident_id"]),
        Col("c7", [address(rng, r) for r in regs], ["cn_address"]),
        Col("sjhm", phones, ["cn_mobile"]),
        Col("ccdjrq", [rdate(rng, 2008, 2024).isoformat() for _ in range(n)]),
        Col("clpp", [rng.choice(["大众", "丰田", "本田", "比亚迪", "吉利", "特斯拉", "别克", "日产"]) for _ in range(n)]),
        Col("csys", [rng.choice(["白", "黑", "灰", "银", "蓝", "红"]) for _ in range(n)]),
    ]


@dataset("jinrong/yhkh_khxx.csv", "csv", encoding="gbk")
def ds_yhkh(rng):
    n = 300
    cards = [bank_card(rng) for _ in range(n)]
    cards = [ws(rng, c) if rng.random() < 0.25 else c for c in cards]
    return [
        Col("客户姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("证件类型", ["身份证"] * n),
        Col("证件号码", [rid(rng, 1950, 2006) for _ in range(n)], ["cn_resident_id"]),
        Col("银行卡号", cards, ["bank_card"]),
        Col("卡种", [rng.choice(["借记卡", "信用卡", "社保卡"]) for _ in range(n)]),
        Col("开户网点", [rng.choice(["城南支行", "鼓楼支行", "高新支行", "营业部", "江北支行"]) for _ in range(n)]),
        Col("手机号码", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("电子邮箱", with_placeholders(rng, [email(rng) for _ in range(n)], 0.10, [""]), ["email"]),
        Col("开户日期", [rdate(rng, 2005, 2024).strftime("%Y/%m/%d") for _ in range(n)]),
        Col("账户余额", ["%.2f" % rng.uniform(0, 250000) for _ in range(n)], kind="num"),
    ]


@dataset("wangluo/wlrz_20240601.parquet", "parquet", dictionary=False, row_group_size=250, compression="snappy")
def ds_wlrz(rng):
    n = 800
    users = [(ipv4(rng, True), mac(rng, "l:"), imei(rng), email(rng)) for _ in range(60)]
    u = [rng.choice(users) for _ in range(n)]
    imeis = with_placeholders(rng, [x[2] for x in u], 0.10, [None])
    return [
        Col("ts", sorted(ms_ts(rng, 2024, 2024) for _ in range(n)), arrow="int64"),
        Col("session_id", [uuid4(rng) for _ in range(n)]),
        Col("src_ip", [x[0] for x in u], ["ip_address"]),
        Col("dst_ip", [ipv6(rng) if rng.random() < 0.3 else ipv4(rng, False) for _ in range(n)], ["ip_address"]),
        Col("src_mac", [x[1] for x in u], ["mac_address"]),
        Col("imei", imeis, ["imei"]),
        Col("col7", [x[3] for x in u], ["email"]),
        Col("bytes_sent", [rng.randint(40, 9000000) for _ in range(n)], arrow="int64"),
        Col("protocol", [rng.choice(["HTTPS", "HTTP", "DNS", "QUIC", "SMTP"]) for _ in range(n)]),
    ]


@dataset("yidong/ydzd_rwdj.csv", "csv", delimiter="|")
def ds_ydzd(rng):
    n = 250
    styles = assign(rng, n, [("0086", 0.2), ("paren86", 0.15), ("p86dash", 0.15), ("space", 0.1)], "plain")
    return [
        Col("用户姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("手机号码", [fmt_mobile(rng, mobile(rng), s) for s in styles], ["cn_mobile"]),
        Col("终端IMEI", [imei(rng) for _ in range(n)], ["imei"]),
        Col("终端MAC", [mac(rng) for _ in range(n)], ["mac_address"]),
        Col("终端型号", [sku(rng) for _ in range(n)]),
        Col("入网时间", [ymdhms(rng, 2021, 2024) for _ in range(n)]),
        Col("套餐名称", [rng.choice(["畅享套餐", "5G智享", "校园卡", "流量王", "亲情融合"]) for _ in range(n)]),
        Col("c7", [rid(rng, 1955, 2006) for _ in range(n)], ["cn_resident_id"]),
    ]


@dataset("taibao/tbfw_djxx.tsv", "csv", delimiter="\t")
def ds_tbfw(rng):
    n = 150
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("c2", [tw_id(rng) for _ in range(n)], ["tw_id"]),
        Col("台胞证号", [decoy(lambda: "%08d" % rng.randint(0, 99999999)) for _ in range(n)]),
        Col("大陆手机号", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("居住地址", [address(rng, region(rng, "35", 0.7)) for _ in range(n)], ["cn_address"]),
        Col("服务事项", [rng.choice(["就业创业咨询", "子女入学", "社保办理", "居住证申领", "税务咨询"]) for _ in range(n)]),
        Col("登记日期", [rdate(rng, 2023, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("jiuye/xgjy_ba.csv", "csv", quote_all=True)
def ds_xgjy(rng):
    n = 200
    firms = [firm(rng, region(rng, "44", 0.8), old_frac=0.3) for _ in range(40)]
    f = [rng.choice(firms) for _ in range(n)]
    styles = assign(rng, n, [("p86dash", 0.25), ("0086", 0.15), ("paren86", 0.15)], "plain")
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("香港身份证号码", [hk_id(rng) for _ in range(n)], ["hk_id"]),
        Col("用人单位", [x["name"] for x in f], ["company_name"]),
        Col("单位统一社会信用代码", [x["uscc"] for x in f], ["cn_uscc"]),
        Col("岗位", [rng.choice(["工程师", "财务经理", "销售总监", "设计师", "教师"]) for _ in range(n)]),
        Col("月薪", ["%.2f" % rng.uniform(8000, 60000) for _ in range(n)], kind="num"),
        Col("联系电话", [fmt_mobile(rng, mobile(rng), s) for s in styles], ["cn_mobile"]),
        Col("field_08", [email(rng) for _ in range(n)], ["email"]),
        Col("备案日期", [rdate(rng, 2022, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("geti/gtgsh_djxx.parquet", "parquet", dictionary=True, compression="snappy")
def ds_gtgsh(rng):
    n = 400
    regs = [region(rng, "3302", 0.8) for _ in range(n)]
    ffs = [firm(rng, r, kind="indiv", old_frac=0.5) for r in regs]
    return [
        Col("jyzxm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("jyzsfzh", [rid(rng, 1955, 2002) for _ in range(n)], ["cn_resident_id"]),
        Col("mz", [ethnicity(rng, 0.06) for _ in range(n)], ["cn_ethnicity"]),
        Col("zch", [f["bizreg"] or gen_bizreg(rng, f["reg"][3]) for f in ffs], ["cn_business_reg_no"]),
        Col("field_05", [f["uscc"] for f in ffs], ["cn_uscc"]),
        Col("jycs", [address(rng, r, rng.choice(["subdistrict", "rural", "noprov"])) for r in regs], ["cn_address"]),
        Col("zcrq", [f["founded"].isoformat() for f in ffs]),
        Col("fpdm", [invoice_code(rng) for _ in range(n)]),
        Col("nse", [round(rng.uniform(0, 3600), 2) for _ in range(n)], arrow="double", kind="num"),
        Col("lxdh", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("wtdlrsfzh", sparse_column(rng, n, lambda: rid(rng, 1960, 2000), 0.04, 0.2,
                                       ("本人办理", "无", "-", "本人", "同经营者")), ["cn_resident_id"], kind="sparse"),
    ]


@dataset("shuiwu/swdj_nsrxx.csv", "csv", delimiter=";")
def ds_swdj(rng):
    n = 300
    fs = [firm(rng, region(rng, "37", 0.7), old_frac=0.9) for _ in range(n)]
    return [
        Col("纳税人名称", [f["name"] for f in fs], ["company_name"]),
        Col("纳税人识别号", [f["uscc"] for f in fs], ["cn_uscc"]),
        Col("c3", [f["org"][:8] + "-" + f["org"][8] for f in fs], ["cn_org_code"]),
        Col("原工商注册号", [f["bizreg"] or "" for f in fs], ["cn_business_reg_no"]),
        Col("登记日期", [f["founded"].isoformat() for f in fs]),
        Col("应纳税额", ["%.2f" % rng.uniform(0, 480000) for _ in range(n)], kind="num"),
        Col("发票代码", [invoice_code(rng) for _ in range(n)]),
        Col("内部编码", [code9_bad(rng) for _ in range(n)]),
        Col("财务负责人", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("办税人电话", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
    ]


@dataset("hezuoshe/nmhzs_ml.csv", "csv", bom=True)
def ds_nmhzs(rng):
    n = 180
    regs = [region(rng, "37", 0.5) for _ in range(n)]
    regs = [r if r[2].endswith(("县", "市")) or rng.random() < 0.3 else rng.choice(
        [x for x in REGIONS if x[2].endswith("县")]) for r in regs]
    fs = [firm(rng, r, kind="coop", old_frac=0.9) for r in regs]
    kinds = assign(rng, n, [("L", 0.4)], "M")
    return [
        Col("合作社名称", [f["name"] for f in fs], ["company_name"]),
        Col("统一社会信用代码", [f["uscc"] for f in fs], ["cn_uscc"]),
        Col("原注册号", [f["bizreg"] or "" for f in fs], ["cn_business_reg_no"]),
        Col("理事长", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("联系电话", [landline(rng, rng.choice(["dash", "plain"]), rng.choice(AREA7)) if k == "L" else mobile(rng)
                     for k in kinds], ["cn_landline", "cn_mobile"]),
        Col("住所", [address(rng, r, "rural") for r in regs], ["cn_address"]),
        Col("成员数", [str(rng.randint(5, 320)) for _ in range(n)]),
        Col("出资总额", ["%.2f" % rng.uniform(3, 800) for _ in range(n)], kind="num"),
        Col("证照编号", [code18_bad(rng) for _ in range(n)]),
    ]


@dataset("shehui/zyfwjg_dj.parquet", "parquet", dictionary=False, compression="snappy")
def ds_shzz(rng):
    n = 150
    fs = []
    for _ in range(n):
        kind = "law" if rng.random() < 0.6 else "cpa"
        f = firm(rng, region(rng, "33", 0.6), kind=kind, old_frac=0.5)
        fs.append(f)
    styles = assign(rng, n, [("paren", 0.25), ("spaced", 0.2), ("ext", 0.15)], "dash")
    return [
        Col("jgmc", [f["name"] for f in fs], ["company_name"]),
        Col("tyshxydm", [f["uscc"] for f in fs], ["cn_uscc"]),
        Col("zzjgdm", [f["org"] for f in fs], ["cn_org_code"]),
        Col("fzr", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("bgdh", [landline(rng, s, area_for(f["reg"][3])) for s, f in zip(styles, fs)], ["cn_landline"]),
        Col("bgdz", [address(rng, f["reg"], rng.choice(["estate", "subdistrict"])) for f in fs], ["cn_address"]),
        Col("nbbh", [code9_bad(rng) for _ in range(n)]),
        Col("clrq", [f["founded"].isoformat() for f in fs]),
        Col("col12", [email(rng, "lawfirm.cn") for _ in range(n)], ["email"]),
    ]


@dataset("wulianwang/cdz_sbtz.parquet", "parquet", dictionary=True, compression="zstd")
def ds_wlwsb(rng):
    n = 300
    base = [r for r in REGIONS if r[3].startswith("44")]
    pts = [rng.choice(base) for _ in range(n)]
    ops = [company_name(rng, region(rng, "44", 0.8)) for _ in range(8)]
    return [
        Col("sbbh", ["CDZ-%06d" % (i + 1) for i in range(n)]),
        Col("c2", [imei(rng) for _ in range(n)], ["imei"]),
        Col("ip", [ipv6(rng) if rng.random() < 0.4 else ipv4(rng) for _ in range(n)], ["ip_address"]),
        Col("mac", [mac(rng, "U-") for _ in range(n)], ["mac_address"]),
        Col("x_coord", [round(p[4] + rng.uniform(-0.1, 0.1), 6) for p in pts], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("y_coord", [round(p[5] + rng.uniform(-0.1, 0.1), 6) for p in pts], ["geo_coordinate"], arrow="double", kind="geo"),
        Col("yydw", [rng.choice(ops) for _ in range(n)], ["company_name"]),
        Col("temperature", [round(rng.uniform(18, 47), 1) for _ in range(n)], arrow="double", kind="num"),
        Col("power_kw", [round(rng.choice([7.0, 60.0, 120.0]) * rng.uniform(0, 1), 2) for _ in range(n)],
            arrow="double", kind="num"),
        Col("zxzt", [rng.choice(["在线", "离线", "故障"]) for _ in range(n)]),
    ]


TC_NOTE = ["月卡用户", "临时停车", "免费时段内离场", "手动抬杆放行", "无牌车扫码入场", "", "", "识别失败人工录入"]


@dataset("tingche/tccr_jl_202405.csv", "csv", crlf=True, quote_all=True)
def ds_tccr(rng):
    n = 500
    ins = [rdatetime(rng, 2024, 2024) for _ in range(n)]
    mins = [rng.randint(5, 900) for _ in range(n)]
    return [
        Col("车牌号码", [plate(rng, rng.choice(["", "·", "-", " "])) for _ in range(n)], ["cn_license_plate"]),
        Col("入场时间", [t.strftime("%Y-%m-%d %H:%M:%S") for t in ins]),
        Col("出场时间", [(t + dt.timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S") for t, m in zip(ins, mins)]),
        Col("停车时长(分钟)", [str(m) for m in mins]),
        Col("应收金额", ["%.2f" % (max(0, m - 15) // 60 * 3.0) for m in mins], kind="num"),
        Col("支付订单号", [order_no(rng, 18, 20) for _ in range(n)]),
        Col("车场所在区", [rng.choice(DISTRICT_NAMES) for _ in range(n)], markers_ok=True),
        Col("备注", [rng.choice(TC_NOTE) for _ in range(n)], kind="free"),
    ]


@dataset("dianshang/dsdd_202406.parquet", "parquet", dictionary=False, row_group_size=175, compression="snappy")
def ds_dsdd(rng):
    n = 700
    price = [round(rng.uniform(9.9, 3999), 2) for _ in range(n)]
    return [
        Col("order_id", [order_no(rng, 19, 19) for _ in range(n)]),
        Col("consignee", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("consignee_phone", [int(mobile(rng)) for _ in range(n)], ["cn_mobile"], arrow="int64"),
        Col("field_04", [address(rng) for _ in range(n)], ["cn_address"]),
        Col("ean13", [ean13(rng) for _ in range(n)]),
        Col("sku", [sku(rng) for _ in range(n)]),
        Col("goods_desc", [rng.choice(DESCRIPTIONS) for _ in range(n)], kind="free"),
        Col("price", price, arrow="double", kind="num"),
        Col("tax_amount", [round(p / 1.13 * 0.13, 2) for p in price], arrow="double", kind="num"),
        Col("order_time", [ms_ts(rng, 2024, 2024) for _ in range(n)], arrow="int64"),
        Col("client_ip", [ipv4(rng, False) for _ in range(n)], ["ip_address"]),
    ]


LD_R = ["同住人身份证{r}，已登记", "承租人配偶，证件{r}", "随迁老人，身份证{r}，已核验", "其子女身份证{r}，随父母居住"]
LD_X = ["出租屋整租", "务工人员", "随迁子女就读", "已签治安责任书", "合租", "短期借住", "个体经营"]


@dataset("liudong/ldrk_djxx.csv", "csv", encoding="gbk")
def ds_ldrk(rng):
    n = 400
    ids = [rid(rng, 1960, 2006, lower_x=0.6) for _ in range(n)]
    ids = [fullwidth(v) if rng.random() < 0.05 else v for v in ids]
    ids = with_placeholders(rng, ids, 0.04, ["未知", ""])
    kinds = assign(rng, n, [("r", 0.35)], "x")
    note = []
    for k in kinds:
        if k == "r":
            i = rng.randrange(len(LD_R))
            y0, y1 = [(1955, 2005), (1955, 2005), (1935, 1962), (2006, 2020)][i]
            note.append(LD_R[i].format(r=rid(rng, y0, y1)))
        else:
            note.append(rng.choice(LD_X))
    landlords = [(person_name(rng), mobile(rng)) for _ in range(90)]
    ll = [rng.choice(landlords) for _ in range(n)]
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("公民身份号码", ids, ["cn_resident_id"]),
        Col("民族", [ethnicity(rng, 0.15) for _ in range(n)], ["cn_ethnicity"]),
        Col("户籍地址", [address(rng, style=rng.choice(["rural", "subdistrict", "estate"])) for _ in range(n)],
            ["cn_address"]),
        Col("现居住地址", [address(rng, region(rng, "3201", 0.9), rng.choice(["estate", "short", "noprov"]))
                      for _ in range(n)], ["cn_address"]),
        Col("联系电话", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("房东姓名", [x[0] for x in ll], ["cn_person_name"]),
        Col("房东电话", [x[1] for x in ll], ["cn_mobile"]),
        Col("备用联系电话", sparse_column(rng, n, lambda: mobile(rng), 0.05, 0.3), ["cn_mobile"], kind="sparse"),
        Col("备注", note, ["cn_resident_id"], kind="text"),
        Col("登记日期", [rdate(rng, 2023, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("renshi/ygmc_export.csv", "csv")
def ds_ygmc(rng):
    n = 300
    styles = assign(rng, n, [("p86dash", 0.2), ("0086", 0.1), ("paren86", 0.1), ("dash", 0.1)], "plain")
    return [
        Col("col1", ["E%05d" % (i + 1) for i in range(n)]),
        Col("col2", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("col3", [rid(rng, 1965, 2003) for _ in range(n)], ["cn_resident_id"]),
        Col("col4", [fmt_mobile(rng, mobile(rng), s) for s in styles], ["cn_mobile"]),
        Col("col5", [email(rng, "jincheng.net") for _ in range(n)], ["email"]),
        Col("col6", [bank_card(rng) for _ in range(n)], ["bank_card"]),
        Col("col7", [rng.choice(["研发中心", "财务部", "人力资源部", "销售部", "行政部"]) for _ in range(n)]),
        Col("col8", [rdate(rng, 2010, 2024).isoformat() for _ in range(n)]),
        Col("col9", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("col10", with_placeholders(rng, [mobile(rng) for _ in range(n)], 0.06), ["cn_mobile"]),
        Col("col11", ["%.2f" % rng.uniform(5000, 45000) for _ in range(n)], kind="num"),
    ]


@dataset("yanglao/yljff_202405.parquet", "parquet", dictionary=True, compression="snappy")
def ds_ylj(rng):
    n = 500
    regs = [region(rng, "4201", 0.7) for _ in range(n)]
    return [
        Col("field_01", list(range(1, n + 1)), arrow="int64"),
        Col("field_02", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("field_03", [rid(rng, 1930, 1964, code=r[3] if rng.random() < 0.7 else None) for r in regs],
            ["cn_resident_id"]),
        Col("field_04", [bank_card(rng) for _ in range(n)], ["bank_card"]),
        Col("field_05", [round(rng.uniform(1200, 6800), 2) for _ in range(n)], arrow="double", kind="num"),
        Col("field_06", ["202405"] * n),
        Col("field_07", with_placeholders(rng, [mobile(rng) for _ in range(n)], 0.08, ["无", "-", None]), ["cn_mobile"]),
        Col("field_08", [address(rng, r, rng.choice(["estate", "subdistrict", "rural"])) for r in regs], ["cn_address"]),
    ]


@dataset("zhengwu/zwfw_hcp.csv", "csv")
def ds_zwfw(rng):
    n = 350
    return [
        Col("评价编号", [uuid4(rng) for _ in range(n)]),
        Col("事项名称", [rng.choice(["居住证签注", "不动产登记", "社保卡补办", "营业执照变更", "公积金提取"]) for _ in range(n)]),
        Col("办事人", [mask_name(person_name(rng)) for _ in range(n)], ["cn_person_name"], kind="masked"),
        Col("证件号码", [masked_rid(rid(rng, 1950, 2005)) for _ in range(n)], ["cn_resident_id"], kind="masked"),
        Col("联系电话", [mask_mobile(mobile(rng)) for _ in range(n)], ["cn_mobile"], kind="masked"),
        Col("办事人住址", [mask_address(address(rng, region(rng, "32", 0.8))) for _ in range(n)], ["cn_address"],
            kind="masked"),
        Col("评价等级", [rng.choice(["非常满意", "满意", "基本满意", "不满意"]) for _ in range(n)]),
        Col("评价时间", [rdatetime(rng, 2024, 2024).strftime("%Y-%m-%d %H:%M:%S") for _ in range(n)]),
        Col("满意度评分", ["%.1f" % rng.uniform(60, 100) for _ in range(n)], kind="num"),
    ]


@dataset("renshi/cgzj_ba.parquet", "parquet", dictionary=True, compression="snappy")
def ds_zjba(rng):
    n = 160
    employers = [company_name(rng, region(rng, "11", 0.5)) for _ in range(20)]
    return [
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("sfzh", [rid(rng, 1960, 1998) for _ in range(n)], ["cn_resident_id"]),
        Col("hzhm", [passport(rng) for _ in range(n)], ["cn_passport"]),
        Col("gzdw", [rng.choice(employers) for _ in range(n)], ["company_name"]),
        Col("zw", [rng.choice(["部门经理", "副总经理", "总监", "高级工程师"]) for _ in range(n)]),
        Col("barq", [rdate(rng, 2022, 2024).isoformat() for _ in range(n)]),
        Col("c1", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
    ]


@dataset("gangaotai/gat_jzz_sl.parquet", "parquet", dictionary=False, compression="zstd")
def ds_gajzz(rng):
    n = 200
    kinds = assign(rng, n, [("MO", 0.3)], "HK")
    ids, permits, hk = [], [], []
    for k in kinds:
        if k == "HK":
            ids.append(rid(rng, 1950, 2004, code="810000"))
            permits.append(hk_macau_permit(rng, True))
            hk.append(hk_id(rng))
        else:
            ids.append(rid(rng, 1950, 2004, code="820000"))
            permits.append(hk_macau_permit(rng, False))
            hk.append(decoy(lambda: "%s%06d(%d)" % (rng.choice("157"), rng.randint(0, 999999), rng.randint(0, 9))))
    return [
        Col("xm", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("jzzhm", ids, ["cn_resident_id"]),
        Col("field_07", permits, ["cn_hk_macau_permit"]),
        Col("jwsfzh", hk, ["hk_id"], other_ok=True),
        Col("lxdh", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("ndzz", [address(rng, region(rng, "4403", 0.7)) for _ in range(n)], ["cn_address"]),
        Col("sqrq", [rdate(rng, 2019, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("gangaotai/kjsw_ry.csv", "csv")
def ds_kjsw(rng):
    n = 150
    kinds = assign(rng, n, [("HK", 0.35), ("TW", 0.35)], "CN")
    docs = [hk_id(rng) if k == "HK" else tw_id(rng) if k == "TW" else passport(rng) for k in kinds]
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("来源地", [{"HK": "香港", "TW": "台湾", "CN": "内地"}[k] for k in kinds]),
        Col("证件号码", docs, ["hk_id", "tw_id", "cn_passport"]),
        Col("所属机构", [company_name(rng, kind="tw") if k == "TW" else company_name(rng) for k in kinds],
            ["company_name"]),
        Col("联系电话", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("来访事由", [rng.choice(["商务洽谈", "展会", "技术交流", "投资考察"]) for _ in range(n)]),
        Col("来访日期", [rdate(rng, 2024, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("gangaotai/dtjl_bm.csv", "csv", crlf=True)
def ds_dtjl(rng):
    n = 120
    return [
        Col("姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("台湾身份证号", [tw_id(rng) for _ in range(n)], ["tw_id"]),
        Col("大陆手机号", with_placeholders(rng, [mobile(rng) for _ in range(n)], 0.1, ["", "无"]), ["cn_mobile"]),
        Col("电子邮箱", [email(rng) for _ in range(n)], ["email"]),
        Col("所属机构", [company_name(rng, kind="tw") for _ in range(n)], ["company_name"]),
        Col("报名日期", [rdate(rng, 2024, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("cheliang/escjy_2024.csv", "csv")
def ds_escjy(rng):
    n = 200
    vins = [vin(rng) for _ in range(n)]
    vins = [ws(rng, v) if rng.random() < 0.15 else v for v in vins]
    return [
        Col("车辆识别代号", vins, ["vin"]),
        Col("号牌号码", [plate(rng, "", prov="川") for _ in range(n)], ["cn_license_plate"]),
        Col("卖方姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("卖方证件号码", [rid(rng, 1960, 2000, local="51") for _ in range(n)], ["cn_resident_id"]),
        Col("买方姓名", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("买方证件号码", [rid(rng, 1965, 2004, local="51") for _ in range(n)], ["cn_resident_id"]),
        Col("col7", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("成交价", ["%.2f" % rng.uniform(15000, 380000) for _ in range(n)], kind="num"),
        Col("交易日期", [rdate(rng, 2024, 2024).isoformat() for _ in range(n)]),
    ]


@dataset("jinrong/clbx_bd.parquet", "parquet", dictionary=True, compression="snappy")
def ds_clbx(rng):
    n = 250
    prem = [round(rng.uniform(950, 9800), 2) for _ in range(n)]
    return [
        Col("policy_no", [decoy(lambda: "PDAA2024%s%011d" % (rng.choice(["3201", "3301", "4403"]),
                                                             rng.randint(0, 10 ** 11 - 1))) for _ in range(n)]),
        Col("vin", [vin(rng) for _ in range(n)], ["vin"]),
        Col("plate_no", [plate(rng, rng.choice(["", "-"])) for _ in range(n)], ["cn_license_plate"]),
        Col("insured", [person_name(rng) for _ in range(n)], ["cn_person_name"]),
        Col("col5", [rid(rng, 1955, 2004) for _ in range(n)], ["cn_resident_id"]),
        Col("phone", [mobile(rng) for _ in range(n)], ["cn_mobile"]),
        Col("premium", prem, arrow="double", kind="num"),
        Col("sum_insured", [round(p * rng.uniform(40, 120), 2) for p in prem], arrow="double", kind="num"),
        Col("start_date", [rdate(rng, 2024, 2024).isoformat() for _ in range(n)]),
    ]


# --------------------------------------------------------------------------------------
# Self-checks
# --------------------------------------------------------------------------------------


def is_empty(v):
    return v is None or (isinstance(v, str) and v.strip() == "")


def fail(path, col, msg):
    raise SystemExit("self-check failed: %s [%s]: %s" % (path, col.name, msg))


def check_column(path, col, n):
    vals = col.values
    if len(vals) != n:
        fail(path, col, "length %d != %d" % (len(vals), n))
    nonempty = [v for v in vals if not is_empty(v)]
    if col.kind == "geo":
        for v in vals:
            if not (isinstance(v, float) and (18 <= v <= 54 or 73 <= v <= 136)):
                fail(path, col, "bad coordinate %r" % v)
        return
    if col.kind == "num":
        return
    if col.kind == "id":
        ph = [v for v in vals if is_empty(v) or str(v).strip() in PLACEHOLDERS]
        if len(ph) > 0.15 * n:
            fail(path, col, "placeholders %d > 15%%" % len(ph))
        counts = {t: 0 for t in col.labels}
        real = [v for v in nonempty if str(v).strip() not in PLACEHOLDERS]
        for v in real:
            s = str(v)
            ok = [t for t in col.labels if STRICT[t](s.strip() if t in ("cn_person_name", "cn_address",
                                                                        "company_name") else s)]
            if not ok and not (col.other_ok and not code_types(s)):
                fail(path, col, "value does not validate as %s" % col.labels)
            stray = [t for t in code_types(s) if t not in col.labels]
            if stray:
                fail(path, col, "value also validates as %s" % stray)
            for t in ok:
                counts[t] += 1
        for t, c in counts.items():
            if c < 0.2 * len(nonempty):
                fail(path, col, "%s only %d/%d" % (t, c, len(nonempty)))
        return
    if col.kind == "masked":
        for v in nonempty:
            if "*" not in v or code_types(v):
                fail(path, col, "masked value not masked")
        return
    if col.kind == "sparse":
        valid = [v for v in nonempty if any(STRICT[t](v) for t in col.labels)]
        junk = [v for v in nonempty if not any(STRICT[t](v) for t in col.labels)]
        r = len(valid) / len(nonempty)
        if not 0.03 <= r <= 0.06:
            fail(path, col, "sparse ratio %.3f" % r)
        for v in junk:
            if code_types(v):
                fail(path, col, "junk validates")
        return
    if col.kind == "text":
        per = {t: 0 for t in col.labels}
        hit = 0
        for v in nonempty:
            if n_markers(v):
                fail(path, col, "address marker in free text")
            found = embedded_types(v)
            stray = [t for t in found if t not in col.labels]
            if stray:
                fail(path, col, "unlabelled embedded %s" % stray)
            for t in found:
                per[t] += 1
            hit += bool(found)
        r = hit / len(nonempty)
        if not 0.30 <= r <= 0.70:
            fail(path, col, "embedded ratio %.2f" % r)
        for t, c in per.items():
            if c < 0.2 * len(nonempty):
                fail(path, col, "%s embedded only %d/%d" % (t, c, len(nonempty)))
        return
    # plain / free: decoys and non-identifier columns
    for v in nonempty:
        s = str(v)
        if code_types(s):
            fail(path, col, "decoy validates as %s" % code_types(s))
        if isinstance(v, str):
            if col.kind == "free" and (n_markers(s) or embedded_types(s)):
                fail(path, col, "free text carries markers/identifiers")
            if (v_company(s) and not col.org_ok) or (not col.markers_ok and v_address(s)):
                fail(path, col, "plain text looks like an organisation/address")


def self_test_validators():
    assert v_resident_id("11010519491231002X") and not v_resident_id("110105194912310021")
    assert not v_resident_id("440524188001010014")
    assert v_uscc("91350100M000100Y43") and v_uscc("91110000600037341L") and not v_uscc("91350100M000100Y44")
    assert v_org_code("M000100Y4") and not v_org_code("M000100Y5")
    assert v_bank_card("6222021234567890128") and v_bank_card("4111111111111111")
    assert not v_bank_card("6222021234567890127")
    assert v_imei("490154203237518") and not v_imei("490154203237519")
    assert v_hk_id("A123456(3)") and not v_hk_id("A123456(4)")
    assert v_tw_id("A123456789") and not v_tw_id("A123456788")
    assert v_vin("1M8GDM9AXKP042788") and not v_vin("1M8GDM9A1KP042788")
    r = random.Random(7)
    for _ in range(2000):
        d = "".join(str(r.randint(0, 9)) for _ in range(15))
        assert (mod11_10(d) == 1) == mod11_10_alt(d)
    assert v_mobile("+86 139-1234-5678") and v_mobile("0086 13912345678") and v_mobile("(+86)13912345678")
    assert v_mobile("１３９１２３４５６７８") and not v_mobile("14012345678") and not v_mobile("15412345678")
    assert v_landline("0734 535 2270") and v_landline("(0571)87654321") and not v_landline("025-1234567")


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------


def csv_cell(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_csv(path, cols, delimiter=",", quote_all=False, crlf=False, bom=False, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                   lineterminator="\r\n" if crlf else "\n")
    w.writerow([c.name for c in cols])
    for i in range(len(cols[0].values)):
        w.writerow([csv_cell(c.values[i]) for c in cols])
    data = buf.getvalue().encode(encoding)  # strict: GBK must encode every character
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


ARROW = {"str": pa.string(), "int64": pa.int64(), "double": pa.float64()}


def write_parquet(path, cols, dictionary=True, row_group_size=None, compression="snappy"):
    arrays, fields = [], []
    for c in cols:
        typ = ARROW[c.arrow]
        vals = [None if (c.arrow != "str" and v == "") else v for v in c.values]
        arrays.append(pa.array(vals, type=typ))
        fields.append(pa.field(c.name, typ))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    pq.write_table(table, str(path), use_dictionary=dictionary, compression=compression,
                   row_group_size=row_group_size or len(cols[0].values))


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main():
    self_test_validators()
    if LAKE.exists():
        shutil.rmtree(LAKE)
    LAKE.mkdir(parents=True)
    labels = {"datasets": {}}
    per_type = {}
    opaque_ids = ident_cols = 0
    for path, fmt, opts, fn in DATASETS:
        rng = rng_for(path)
        cols = fn(rng)
        n = len(cols[0].values)
        assert 100 <= n <= 800, path
        names = [c.name for c in cols]
        assert len(set(names)) == len(names), path
        for c in cols:
            check_column(path, c, n)
        out = LAKE / path
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            write_parquet(out, cols, **opts)
            md = pq.ParquetFile(str(out)).metadata
            assert md.num_rows == n
            if opts.get("row_group_size"):
                assert md.num_row_groups > 1, path
        else:
            write_csv(out, cols, **opts)
        labels["datasets"][path] = {
            "format": fmt,
            "rows": n,
            "columns": {c.name: sorted(c.labels) for c in cols},
            "masked_columns": sorted(c.name for c in cols if c.kind == "masked"),
        }
        for c in cols:
            for t in c.labels:
                per_type[t] = per_type.get(t, 0) + 1
            if c.labels:
                ident_cols += 1
                opaque_ids += bool(OPAQUE_RE.match(c.name))
    text = json.dumps(labels, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (ROOT / "labels.json").write_text(text, encoding="utf-8")

    missing = [t for t in STRICT if per_type.get(t, 0) < 4] + \
              (["geo_coordinate"] if per_type.get("geo_coordinate", 0) < 4 else [])
    if missing:
        raise SystemExit("types with fewer than 4 columns: %s" % missing)

    files = sorted(p for p in LAKE.rglob("*") if p.is_file())
    lake_bytes = sum(p.stat().st_size for p in files)
    total = lake_bytes + (ROOT / "labels.json").stat().st_size
    print("%-22s %s" % ("type", "columns"))
    for t in sorted(per_type):
        print("%-22s %d" % (t, per_type[t]))
    print("datasets: %d   identifier columns: %d   opaque-named: %d (%.0f%%)"
          % (len(DATASETS), ident_cols, opaque_ids, 100.0 * opaque_ids / ident_cols))
    print("lake: %d bytes in %d files; with labels.json: %d bytes (%.2f MB)"
          % (lake_bytes, len(files), total, total / 1e6))
    if total > 2_000_000:
        raise SystemExit("corpus exceeds 2 MB")


if __name__ == "__main__":
    sys.exit(main())
