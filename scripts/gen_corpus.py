#!/usr/bin/env python3
"""Build fenji's synthetic test lake and its ground-truth labels.

    ~/.cache/fenji-venv/bin/python scripts/gen_corpus.py

Deletes and rewrites ``corpus/lake/`` and writes ``corpus/labels.json``.
Uses only the standard library and pyarrow. Every value comes from a
``random.Random`` seeded with a fixed integer, nothing depends on the clock,
and Parquet files are written with fixed row-group and page sizes, so two runs
produce byte-identical files (for the same pyarrow version, which is recorded
in each Parquet footer's ``created_by``).

The identifier generators here are written independently of the Rust engine,
from the standards (GB 11643, GB 32100, GB 11714, ISO/IEC 7812) and the CN
number metadata, and check themselves against the public test vectors in
``docs/detectors.md`` before writing anything. Every value is synthetic.
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
CORPUS = ROOT / "corpus"
LAKE = CORPUS / "lake"
LABELS = CORPUS / "labels.json"

# Fixed "today" for the masked table's ages, so the output never depends on the clock.
REFERENCE_DATE = dt.date(2024, 1, 1)

# ---------------------------------------------------------------------------
# Validators and check-character generators (independent implementations)
# ---------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Province-level codes that can open a resident ID (GB/T 2260 plus 71 Taiwan, 81 HK, 82 Macao).
PROVINCE_CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82"
).split()


def resident_id_check_char(body17: str) -> str:
    s = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS))
    return ID_CHECK[s % 11]


def resident_id_checksum_ok(value: str) -> bool:
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return resident_id_check_char(value[:17]) == value[17].upper()


def resident_id_plausible(value: str) -> bool:
    """The most lenient reading of 'a valid resident ID': checksum, a province code
    and any real calendar date from 1900 on (deliberately wider than "up to today").
    Decoys must fail this, so they fail any stricter engine too."""
    if not resident_id_checksum_ok(value):
        return False
    if value[:2] not in PROVINCE_CODES:
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return born.year >= 1900


def org_char_value(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    raise ValueError(c)


def org_check_char(body8: str) -> str:
    s = sum(org_char_value(c) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - s % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def org_code_ok(value: str) -> bool:
    v = value.replace("-", "") if len(value) == 10 and value[8] == "-" else value
    if len(v) != 9 or not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", v):
        return False
    return org_check_char(v[:8]) == v[8]


def uscc_check_char(body17: str) -> str:
    s = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - s % 31) % 31]


def uscc_checksum_ok(value: str) -> bool:
    if len(value) != 18 or any(c not in USCC_CHARSET for c in value):
        return False
    return uscc_check_char(value[:17]) == value[17]


def uscc_ok(value: str) -> bool:
    return uscc_checksum_ok(value) and org_code_ok(value[8:17])


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError("unreachable")


def bank_card_ok(digits: str) -> bool:
    """16-19 digits, Luhn, and a known issuer prefix (as in detectors.md)."""
    if not (digits.isdigit() and 16 <= len(digits) <= 19 and luhn_ok(digits)):
        return False
    p2, p4 = int(digits[:2]), int(digits[:4])
    return (
        digits.startswith(("62", "4", "35", "34", "37"))
        or 51 <= p2 <= 55
        or 2221 <= p4 <= 2720
    )


def ean13_check_digit(body12: str) -> str:
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return str((10 - s % 10) % 10)


def self_check() -> None:
    # Test vectors from docs/detectors.md.
    assert resident_id_checksum_ok("11010519491231002X")
    assert resident_id_plausible("11010519491231002X")
    assert not resident_id_checksum_ok("110105194912310021")
    assert uscc_ok("91350100M000100Y43")
    assert uscc_ok("91110000600037341L")
    assert not uscc_checksum_ok("91350100M000100Y44")
    assert org_code_ok("M000100Y4")
    assert not org_code_ok("M000100Y5")
    assert org_code_ok("M000100Y-4") and not org_code_ok("M000100Y-5")
    assert luhn_ok("6222021234567890128")
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("6222021234567890127")
    assert bank_card_ok("6222021234567890128") and bank_card_ok("4111111111111111")
    # Generators agree with the validators.
    assert resident_id_check_char("11010519491231002") == "X"
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert org_check_char("M000100Y") == "4"
    assert luhn_check_digit("622202123456789012") == "8"
    assert ean13_check_digit("690123456789") == "2"  # 6901234567892 is a valid EAN-13
    assert mobile_ok("13812345678") and not mobile_ok("14012345678")
    assert not mobile_ok("15412345678") and not mobile_ok("16312345678")
    assert not mobile_ok("17912345678") and not mobile_ok("19412345678")
    assert len(ETHNIC_GROUPS) == 56 and len(set(ETHNIC_GROUPS)) == 56


# ---------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------

# (code, province, prefecture, county). Municipalities leave the prefecture empty.
REGIONS = (
    ("110101", "北京市", "", "东城区"),
    ("110105", "北京市", "", "朝阳区"),
    ("110108", "北京市", "", "海淀区"),
    ("120101", "天津市", "", "和平区"),
    ("120104", "天津市", "", "南开区"),
    ("130102", "河北省", "石家庄市", "长安区"),
    ("130104", "河北省", "石家庄市", "桥西区"),
    ("140105", "山西省", "太原市", "小店区"),
    ("150102", "内蒙古自治区", "呼和浩特市", "新城区"),
    ("210203", "辽宁省", "大连市", "西岗区"),
    ("220102", "吉林省", "长春市", "南关区"),
    ("230102", "黑龙江省", "哈尔滨市", "道里区"),
    ("310101", "上海市", "", "黄浦区"),
    ("310104", "上海市", "", "徐汇区"),
    ("310115", "上海市", "", "浦东新区"),
    ("320102", "江苏省", "南京市", "玄武区"),
    ("320106", "江苏省", "南京市", "鼓楼区"),
    ("320583", "江苏省", "苏州市", "昆山市"),
    ("330102", "浙江省", "杭州市", "上城区"),
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("330203", "浙江省", "宁波市", "海曙区"),
    ("340104", "安徽省", "合肥市", "蜀山区"),
    ("340402", "安徽省", "淮南市", "大通区"),
    ("340403", "安徽省", "淮南市", "田家庵区"),
    ("340404", "安徽省", "淮南市", "谢家集区"),
    ("340405", "安徽省", "淮南市", "八公山区"),
    ("340406", "安徽省", "淮南市", "潘集区"),
    ("340421", "安徽省", "淮南市", "凤台县"),
    ("340422", "安徽省", "淮南市", "寿县"),
    ("350102", "福建省", "福州市", "鼓楼区"),
    ("350203", "福建省", "厦门市", "思明区"),
    ("360102", "江西省", "南昌市", "东湖区"),
    ("370202", "山东省", "青岛市", "市南区"),
    ("410105", "河南省", "郑州市", "金水区"),
    ("410602", "河南省", "鹤壁市", "鹤山区"),
    ("420106", "湖北省", "武汉市", "武昌区"),
    ("430104", "湖南省", "长沙市", "岳麓区"),
    ("440104", "广东省", "广州市", "越秀区"),
    ("440106", "广东省", "广州市", "天河区"),
    ("440303", "广东省", "深圳市", "罗湖区"),
    ("440304", "广东省", "深圳市", "福田区"),
    ("440305", "广东省", "深圳市", "南山区"),
    ("450103", "广西壮族自治区", "南宁市", "青秀区"),
    ("460106", "海南省", "海口市", "龙华区"),
    ("500103", "重庆市", "", "渝中区"),
    ("510107", "四川省", "成都市", "武侯区"),
    ("520102", "贵州省", "贵阳市", "南明区"),
    ("530102", "云南省", "昆明市", "五华区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
    ("620102", "甘肃省", "兰州市", "城关区"),
    ("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
# The most common surnames carry more weight, roughly as in the population.
SURNAME_WEIGHTS = [12 if i < 5 else 5 if i < 20 else 2 if i < 50 else 1 for i in range(len(SURNAMES))]

GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文东海峰成亮晨博然轩睿泽子豪永春"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰燕萍红梅琳雪婷慧颖倩洁佳欣怡悦涵雨思梦晓月琴云丹露蕾薇"

ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()

# Allocated mobile blocks (a subset of libphonenumber's CN mobile metadata). Never 140-144
# (13-digit IoT), 154, 163, 179, 194 (not mobile ranges).
MOBILE_PREFIXES = tuple(
    [str(p) for p in range(130, 140)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["166", "170", "171", "173", "175", "176", "177", "178"]
    + [str(p) for p in range(180, 190)]
    + ["191", "193", "195", "196", "197", "198", "199"]
)
# Heavier weights on the old, dense 13x/15x/18x blocks.
MOBILE_WEIGHTS = [1 if p[:2] in ("16", "17", "19") else 4 for p in MOBILE_PREFIXES]


def mobile_ok(value: str) -> bool:
    return len(value) == 11 and value.isdigit() and value[:3] in MOBILE_PREFIXES


# (area code with trunk 0, subscriber digits). Lengths follow libphonenumber's CN
# fixed-line metadata; subscriber numbers start with 2-7, valid for every code listed.
AREA_CODES = (
    ("010", 8), ("020", 8), ("021", 8), ("022", 8), ("023", 8), ("025", 8), ("027", 8),
    ("028", 8), ("029", 8), ("0571", 8), ("0755", 8), ("0551", 8), ("0512", 8),
    ("0532", 8), ("0574", 8), ("0731", 8), ("0371", 8), ("0311", 8), ("0591", 8),
    ("0554", 7), ("0392", 7),
)

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O

# Street-address vocabulary. Nothing here is a real street address of a person.
STREET_WORDS = (
    "人民 解放 中山 建设 和平 胜利 文化 新华 朝阳 光明 友谊 长江 黄河 淮河 青年 育才 幸福 振兴 "
    "迎宾 洞山 国庆 学府 科技 工业 滨湖 东风 建国 民主 团结 复兴 锦绣 春申 望江 龙湖"
).split()
STREET_SUFFIXES = ("路", "路", "路", "街", "大道")
DIRECTIONS = ("", "", "", "东", "西", "南", "北", "中")
ESTATE_WORDS = (
    "阳光 幸福 金色 锦绣 翠苑 碧水 华府 御景 书香 和谐 绿地 春天 丽景 铭城 紫荆 康乐 "
    "怡和 学苑 世纪 明珠"
).split()
ESTATE_SUFFIXES = ("小区", "小区", "小区", "花园", "家园", "新村")
TOWN_WORDS = "城关 新集 杨庙 刘集 古沟 钱庙 马店 桂集 尚塘 朱巷 岳张集 丁集 永幸河 李冲".split()
VILLAGE_WORDS = "王庄 李集 张湾 新庄 高塘 杨柳 前进 红星 大李 孙岗 周圩 陈楼 黄营 双庙 东岗 小湖".split()

BRAND_WORDS = (
    "华信 腾达 瑞丰 中科 恒通 金鹏 鼎盛 宏远 海纳 博源 新元 汇丰 天成 远航 联创 正泰 "
    "德润 嘉禾 云帆 星河 安泰 永鑫 九州 同创 信达 长盈 佳禾 易联 东升 明珠"
).split()
# Place word opening a company name -> the region-code prefix its registrar would use.
PLACE_PREFIXES = (
    ("北京", "11"), ("上海", "31"), ("深圳市", "4403"), ("杭州", "3301"), ("淮南市", "3404"),
    ("合肥", "3401"), ("安徽", "34"), ("广州", "4401"), ("南京", "3201"), ("武汉市", "4201"),
    ("成都", "5101"), ("苏州", "3205"), ("郑州", "4101"), ("西安", "6101"), ("厦门", "3502"),
    ("鹤壁市", "4106"), ("石家庄", "1301"), ("宁波", "3302"), ("重庆", "50"), ("", ""),
)
# (industry word in the name, 行业类型, business-scope phrases)
INDUSTRIES = (
    ("科技", "信息传输、软件和信息技术服务业",
     ("技术开发", "技术咨询", "技术服务", "软件开发", "信息系统集成服务", "数据处理和存储支持服务")),
    ("信息技术", "信息传输、软件和信息技术服务业",
     ("软件开发", "网络技术服务", "信息技术咨询服务", "计算机系统服务", "销售计算机软硬件")),
    ("电子", "制造业",
     ("电子元器件制造", "电子产品销售", "芯片设计服务", "技术进出口", "货物进出口")),
    ("机械制造", "制造业",
     ("通用设备制造", "机械零件加工", "金属制品销售", "机械设备租赁", "技术进出口")),
    ("贸易", "批发和零售业",
     ("销售电子产品", "日用百货销售", "五金产品批发", "服装服饰零售", "食品销售", "货物进出口")),
    ("商贸", "批发和零售业",
     ("日用百货销售", "办公用品销售", "建筑材料销售", "家用电器销售", "农副产品销售")),
    ("建筑工程", "建筑业",
     ("建设工程施工", "建筑劳务分包", "土石方工程施工", "园林绿化工程施工", "建筑装饰材料销售")),
    ("物流", "交通运输、仓储和邮政业",
     ("普通货物仓储服务", "国内货物运输代理", "装卸搬运", "供应链管理服务", "包装服务")),
    ("餐饮管理", "住宿和餐饮业",
     ("餐饮服务", "餐饮管理", "食品销售", "外卖递送服务", "酒店管理")),
    ("生物医药", "科学研究和技术服务业",
     ("医学研究和试验发展", "生物化工产品技术研发", "第一类医疗器械销售", "技术转让")),
    ("新能源", "电力、热力、燃气及水生产和供应业",
     ("太阳能发电技术服务", "储能技术服务", "新能源原动设备销售", "合同能源管理")),
    ("房地产开发", "房地产业",
     ("房地产开发经营", "物业管理", "住房租赁", "房地产经纪", "非居住房地产租赁")),
    ("文化传媒", "文化、体育和娱乐业",
     ("组织文化艺术交流活动", "广告设计、代理", "会议及展览服务", "影视节目制作")),
    ("环保科技", "水利、环境和公共设施管理业",
     ("环境保护专用设备销售", "水污染治理", "固体废物治理", "环保咨询服务")),
    ("商务咨询", "租赁和商务服务业",
     ("企业管理咨询", "信息咨询服务", "商务代理代办服务", "人力资源服务", "办公设备租赁")),
)
SCOPE_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
COMPANY_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
COOP_CROPS = ("蔬菜种植", "水稻种植", "生猪养殖", "家禽养殖", "水产养殖", "茶叶种植", "农机服务")
FIRM_KINDS = (("会计师事务所", "91"), ("律师事务所", "31"), ("税务师事务所", "91"))

# Markers an address detector keys on; text meant to be "no detection" must avoid them.
ADDRESS_MARKERS = tuple("省市区县镇乡街路号村室栋") + ("单元",)
ORG_SUFFIX_MARKERS = ("公司", "合作社", "事务所", "集团")

# Checkpoint names: no address markers, no organization suffix, never 2-4 Han characters.
CHECKPOINTS = (
    "淮南东收费站", "淮南西收费站", "淮南南收费站", "潘集收费站", "凤台收费站", "毛集收费站",
    "田家庵卡口", "大通卡口", "八公山卡口", "谢家集卡口", "合肥北收费站", "蚌埠南收费站",
    "G3京台高速淮南段卡口", "S12滁新高速凤台段卡口", "G36宁洛高速毛集段卡口",
)

# Plain browser user agents; every dotted version has a component > 255 or fewer than four
# parts, so nothing in them reads as an IPv4 address.
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.130 Safari/537.36 Edg/120.0.2210.91",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.6045.193 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0",
)

PINYIN = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo "
    "wei qiang lei jun yong jie tao ming chao gang ping hui peng hua fei xin bo bin yu hao "
    "fang na min jing li yan juan xia xiu ying ling lan yan ping hong mei lin xue ting"
).split()
EMAIL_DOMAINS = (
    "163.com", "163.com", "126.com", "qq.com", "qq.com", "sina.com", "sohu.com", "foxmail.com",
    "gmail.com", "outlook.com", "hotmail.com", "aliyun.com", "yeah.net",
)

# Cities for the statistics table: bare names, none starting with a common surname except
# two real Anhui cities (黄山市, 马鞍山市) that a statistics table would carry anyway.
STAT_CITIES = (
    "合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市", "黄山市",
    "滁州市", "阜阳市", "宿州市", "六安市", "亳州市", "宣城市", "池州市",
    "北京市", "天津市", "上海市", "重庆市", "太原市", "长春市", "哈尔滨市", "南京市", "杭州市",
    "福州市", "南昌市", "济南市", "长沙市", "广州市", "南宁市", "海口市", "成都市", "贵阳市",
)

# ---------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------

DATE_MIN = dt.date(1940, 1, 1).toordinal()
DATE_MAX = dt.date(2005, 12, 31).toordinal()


class Person:
    __slots__ = ("name", "surname", "sex", "resident_id", "birth", "region")


def region_prefix(region) -> str:
    _, province, prefecture, county = region
    return province + prefecture + county


def make_resident_id(rng: Random, region=None, sex=None):
    region = region or rng.choice(REGIONS)
    birth = dt.date.fromordinal(rng.randint(DATE_MIN, DATE_MAX))
    sex = sex or rng.choice("男女")
    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
    if seq == 0:
        seq = 2  # sequence 000 is not issued
    body = f"{region[0]}{birth:%Y%m%d}{seq:03d}"
    value = body + resident_id_check_char(body)
    assert resident_id_plausible(value)
    return value, birth, sex, region


def make_name(rng: Random, sex: str):
    if rng.random() < 0.012:
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
    n = 1 if (rng.random() < 0.35 or len(surname) == 2) else 2
    return surname + "".join(rng.choice(pool) for _ in range(n)), surname


def make_person(rng: Random, region=None) -> Person:
    p = Person()
    p.resident_id, p.birth, p.sex, p.region = make_resident_id(rng, region)
    p.name, p.surname = make_name(rng, p.sex)
    return p


def make_mobile(rng: Random, blocks=None) -> str:
    """An 11-digit mobile. With ``blocks`` (7-digit H-code prefixes, as operators allocate
    them per city) only the last four digits are free."""
    if blocks:
        value = rng.choice(blocks) + f"{rng.randrange(10**4):04d}"
    else:
        prefix = rng.choices(MOBILE_PREFIXES, weights=MOBILE_WEIGHTS)[0]
        value = prefix + f"{rng.randrange(10**8):08d}"
    assert mobile_ok(value)
    return value


def format_mobile(rng: Random, m: str) -> str:
    r = rng.random()
    if r < 0.6:
        return m
    if r < 0.8:
        return f"+86 {m[:3]} {m[3:7]} {m[7:]}"
    return f"{m[:3]}-{m[3:7]}-{m[7:]}"


def make_landline(rng: Random) -> str:
    area, n = rng.choice(AREA_CODES)
    sub = rng.choice("234567") + "".join(rng.choice("0123456789") for _ in range(n - 1))
    r = rng.random()
    if r < 0.6:
        return f"{area}-{sub}"
    if r < 0.8:
        return f"({area}){sub}"
    if r < 0.9:
        return f"{area}{sub}"
    return f"{area}-{sub}-{rng.randint(100, 9999)}"  # with extension


def make_street_address(rng: Random, region, apartment: bool) -> str:
    street = rng.choice(STREET_WORDS) + rng.choice(DIRECTIONS) + rng.choice(STREET_SUFFIXES)
    addr = f"{region_prefix(region)}{street}{rng.randint(1, 999)}号"
    if apartment:
        estate = rng.choice(ESTATE_WORDS) + rng.choice(ESTATE_SUFFIXES)
        addr += f"{estate}{rng.randint(1, 40)}栋"
        if rng.random() < 0.7:
            addr += f"{rng.randint(1, 6)}单元"
        addr += f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
    return addr


def make_village_address(rng: Random, region) -> str:
    town = rng.choice(TOWN_WORDS) + rng.choice(("镇", "镇", "乡"))
    village = rng.choice(VILLAGE_WORDS) + "村"
    return f"{region_prefix(region)}{town}{village}{rng.randint(1, 12)}组"


def make_address(rng: Random, region, village_share: float, apartment_share: float) -> str:
    if rng.random() < village_share:
        return make_village_address(rng, region)
    return make_street_address(rng, region, rng.random() < apartment_share)


def make_org_code(rng: Random, charset: str = "0123456789ABCDEFGHJKLMNPQRTUWXY") -> str:
    """A valid GB 11714 code (9 chars, no dash). Older codes are all digits; newer ones
    ('MA' codes inside a USCC) mix letters."""
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


def make_uscc(rng: Random, kind: str, code_prefix: str = "") -> str:
    """A valid USCC registered in a region whose code starts with ``code_prefix``: at the
    county, prefecture or province level."""
    region = rng.choice([r for r in REGIONS if r[0].startswith(code_prefix)])[0]
    province = region[:2] + "0000"
    municipality = region[:2] in ("11", "12", "31", "50")
    r = rng.random()
    if r < 0.6:
        area = region
    elif r < 0.85:
        area = province if municipality else region[:4] + "00"
    else:
        area = province
    if len(code_prefix) == 4 and area == province and not municipality:
        area = region[:4] + "00"  # a city-named company is not registered at province level
    body = kind + area + make_org_code(rng)
    value = body + uscc_check_char(body)
    assert uscc_ok(value)
    return value


def make_email(rng: Random) -> str:
    r = rng.random()
    if r < 0.25:
        local = str(rng.randint(10**5, 10**10 - 1))  # QQ numbers, never 11 digits
        domain = "qq.com"
    else:
        a, b = rng.choice(PINYIN), rng.choice(PINYIN)
        sep = rng.choice(("", "", ".", "_"))
        tail = rng.choice(("", "", str(rng.randint(1, 99)), str(rng.randint(1960, 2005))))
        local = a + sep + b + tail
        domain = rng.choice(EMAIL_DOMAINS)
    return f"{local}@{domain}"


def make_bank_card(rng: Random) -> str:
    prefix, length = rng.choice((
        ("622202", 19), ("621700", 19), ("622848", 19), ("621226", 19), ("621661", 19),
        ("622588", 16), ("622588", 16), ("427020", 16), ("438088", 16), ("455952", 16),
    ))
    partial = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    value = partial + luhn_check_digit(partial)
    assert bank_card_ok(value)
    return value


def make_plate(rng: Random) -> str:
    province = "皖" if rng.random() < 0.6 else rng.choice(PLATE_PROVINCES)
    letter = rng.choice("ABCDEFGHJKLMN") if province == "皖" else rng.choice("ABCDEFGH")
    if rng.random() < 0.12:  # new-energy: D/F + alnum + 4 digits
        tail = rng.choice("DF") + rng.choice(PLATE_LETTERS[:10] + "0123456789") + "".join(
            rng.choice("0123456789") for _ in range(4))
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            chars[rng.randrange(5)] = rng.choice(PLATE_LETTERS)
        tail = "".join(chars)
    r = rng.random()
    sep = "·" if r < 0.08 else " " if r < 0.12 else ""
    return province + letter + sep + tail


def make_ipv4(rng: Random) -> str:
    r = rng.random()
    if r < 0.15:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if r < 0.25:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    while True:
        first = rng.randint(1, 223)
        if first not in (10, 127):
            break
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def make_ipv6(rng: Random) -> str:
    prefix = rng.choice((0x2408, 0x240E, 0x2409, 0x2001))
    value = (prefix << 112) | rng.getrandbits(112)
    if rng.random() < 0.5:  # typical SLAAC-less server address: zero run in the middle
        value &= ~(((1 << 48) - 1) << 16)
    return ipaddress.IPv6Address(value).compressed


def business_scope(rng: Random, phrases) -> str:
    k = rng.randint(2, min(4, len(phrases)))
    picks = rng.sample(phrases, k)
    if rng.random() < 0.5:
        text = "、".join(picks[:-1]) + "；" + picks[-1]
    else:
        text = "；".join(picks)
    if rng.random() < 0.4:
        text = "一般项目：" + text + "。" + SCOPE_TAIL
    return text


def random_datetime(rng: Random, start: dt.datetime, seconds: int) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(seconds))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def mask_middle(value: str, keep_head: int, keep_tail: int) -> str:
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

def write_parquet(table: pa.Table, path: Path, row_group_size: int, **kw) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=row_group_size, compression="snappy", **kw)


def write_csv(path: Path, header, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def table(columns: dict, types: dict) -> pa.Table:
    return pa.table({k: pa.array(v, type=types[k]) for k, v in columns.items()})


S = pa.string()
I64 = pa.int64()
F64 = pa.float64()


# Types that are sensitive personal information (PIPL art.28, GB/T 45574-2025): a
# dataset holding one unmasked gets the sensitive_personal rule's upgrade proposal.
SENSITIVE_TYPES = {"bank_card", "cn_ethnicity", "cn_religion", "cn_diagnosis", "icd10_code"}
LEVEL_UP = {"L1": "L2", "L2": "L3", "L3": "L4"}


def rule_proposals(level, columns, proposals=(), masked=()):
    """The proposals a dataset's label expects: the generator's own, plus the
    sensitive_personal rule's, which follows from the column types alone."""
    out = [dict(p) for p in proposals]
    sensitive = any(t in SENSITIVE_TYPES for c, ts in columns.items() if c not in masked for t in ts)
    if sensitive and level in LEVEL_UP and not any(p["rule"] == "sensitive_personal" for p in out):
        out.append({"action": "upgrade", "rule": "sensitive_personal", "from": level, "to": LEVEL_UP[level]})
    return out


def label(fmt, level, category, rows, columns, proposals=(), partitions=(), masked=()):
    return {
        "format": fmt, "level": level, "category": category, "rows": rows,
        "partitions": list(partitions), "proposals": rule_proposals(level, columns, proposals, masked),
        "columns": {k: list(v) for k, v in columns.items()},
        "masked_columns": sorted(masked),
    }


# ---------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------

def gen_people(labels):
    rng = Random(1001)
    cols = {k: [] for k in ("xm", "xb", "mz", "sfzh", "csrq", "hjdz", "jtzz", "lxdh", "zzjgdm", "dzyx")}
    employers = []
    for _ in range(400):
        code = make_org_code(rng, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        employers.append(code[:8] + "-" + code[8] if rng.random() < 0.5 else code)
    eth_weights = [900] + [10] * 10 + [1] * 45  # 汉族 mostly
    for _ in range(3000):
        p = make_person(rng)
        cols["xm"].append(p.name)
        cols["xb"].append(p.sex)
        cols["mz"].append(rng.choices(ETHNIC_GROUPS, weights=eth_weights)[0])
        cols["sfzh"].append(p.resident_id)
        cols["csrq"].append(p.birth.isoformat())
        cols["hjdz"].append(make_address(rng, p.region, village_share=0.3, apartment_share=0.3))
        home = p.region if rng.random() < 0.7 else rng.choice(REGIONS)
        cols["jtzz"].append(make_address(rng, home, village_share=0.1, apartment_share=0.85))
        cols["lxdh"].append(int(make_mobile(rng)))
        cols["zzjgdm"].append(rng.choice(employers))
        cols["dzyx"].append(make_email(rng))
    types = dict(xm=S, xb=S, mz=S, sfzh=S, csrq=S, hjdz=S, jtzz=S, lxdh=I64, zzjgdm=S, dzyx=S)
    write_parquet(table(cols, types), LAKE / "people/renkou_jbxx.parquet", 500)
    labels["people/renkou_jbxx.parquet"] = label("parquet", "L3", "personal", 3000, {
        "xm": ["cn_person_name"], "xb": [], "mz": ["cn_ethnicity"], "sfzh": ["cn_resident_id"],
        "csrq": [], "hjdz": ["cn_address"], "jtzz": ["cn_address"], "lxdh": ["cn_mobile"],
        "zzjgdm": ["cn_org_code"], "dzyx": ["email"],
    })


def gen_enterprise(labels):
    rng = Random(1002)
    rows, seen = [], set()
    while len(rows) < 1500:
        r = rng.random()
        if r < 0.88:
            word, industry, phrases = rng.choice(INDUSTRIES)
            place, code_prefix = rng.choice(PLACE_PREFIXES)
            name = place + rng.choice(BRAND_WORDS) + word + rng.choice(COMPANY_SUFFIXES)
            kind = "91"
        elif r < 0.95:
            region = rng.choice([x for x in REGIONS if x[2]])
            crop = rng.choice(COOP_CROPS)
            name = region[2] + region[3] + rng.choice(BRAND_WORDS) + crop + "专业合作社"
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
        scope = business_scope(rng, phrases)
        for text in (scope, industry):
            assert not any(m in text for m in ADDRESS_MARKERS + ORG_SUFFIX_MARKERS), text
        legal_rep, _ = make_name(rng, rng.choice("男男女"))
        rows.append((name, make_uscc(rng, kind, code_prefix), scope, industry, legal_rep))
    header = ("企业名称", "统一社会信用代码", "经营范围", "行业类型", "法定代表人姓名")
    write_csv(LAKE / "enterprise/qiye_djxx.csv", header, rows)
    labels["enterprise/qiye_djxx.csv"] = label("csv", "L2", "organization", 1500, {
        "企业名称": ["company_name"], "统一社会信用代码": ["cn_uscc"], "经营范围": [],
        "行业类型": [], "法定代表人姓名": ["cn_person_name"],
    })


def gen_stats(labels):
    rng = Random(1003)
    rows = []
    for city in STAT_CITIES:
        gdp = rng.uniform(600, 30000)
        pop = rng.randint(1_200_000, 25_000_000)
        for year in range(2015, 2024):
            growth = rng.uniform(-2.5, 9.5) if year == 2020 else rng.uniform(2.0, 9.0)
            gdp *= 1 + growth / 100
            pop = int(pop * (1 + rng.uniform(-0.004, 0.012)))
            rows.append((city, year, f"{gdp:.2f}", pop, f"{growth:.1f}"))
    for row in rows:
        assert not re.search(r"1[3-9]\d{9}", str(row[3]))
    write_csv(LAKE / "stats/tongji_gdp.csv", ("地区", "年份", "地区生产总值", "常住人口", "增长率"), rows)
    labels["stats/tongji_gdp.csv"] = label("csv", "L1", "other", len(rows), {
        "地区": [], "年份": [], "地区生产总值": [], "常住人口": [], "增长率": [],
    })


def gen_masked(labels):
    rng = Random(1004)
    cols = {k: [] for k in ("xm", "xb", "sfzh", "lxdh", "jtzz", "nl")}
    for _ in range(1000):
        p = make_person(rng)
        cols["xm"].append(p.surname + "*" * (len(p.name) - len(p.surname)))
        cols["xb"].append(p.sex)
        cols["sfzh"].append(mask_middle(p.resident_id, 6, 4))
        cols["lxdh"].append(mask_middle(make_mobile(rng), 3, 4))
        cols["jtzz"].append(region_prefix(p.region) + "****")
        cols["nl"].append(age_on(p.birth, REFERENCE_DATE))
    types = dict(xm=S, xb=S, sfzh=S, lxdh=S, jtzz=S, nl=I64)
    write_parquet(table(cols, types), LAKE / "masked/renkou_jbxx_masked.parquet", 250)
    labels["masked/renkou_jbxx_masked.parquet"] = label(
        "parquet", "L3", "personal", 1000,
        {"xm": ["cn_person_name"], "xb": [], "sfzh": ["cn_resident_id"], "lxdh": ["cn_mobile"],
         "jtzz": ["cn_address"], "nl": []},
        proposals=[{"action": "downgrade", "rule": "desensitized", "from": "L3", "to": "L2"}],
        masked=("xm", "sfzh", "lxdh", "jtzz"),
    )


def gen_decoys(labels):
    rng = Random(1005)
    n = 2000
    digits = "0123456789"
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    weak_id_shapes = re.compile(
        r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]\d{7,8}|[HM]\d{8}|[A-Z]{1,2}\d{6}[0-9A]")
    tz = dt.timezone(dt.timedelta(hours=8))
    t0 = int(dt.datetime(2023, 1, 1, tzinfo=tz).timestamp() * 1000)
    t1 = int(dt.datetime(2024, 12, 31, tzinfo=tz).timestamp() * 1000)
    cols = {k: [] for k in ("order_no", "ts_ms", "ts_ms_int", "ts_str", "ean13", "uuid",
                            "fake_uscc", "id", "amount", "serial9", "card_like")}
    for i in range(n):
        while True:
            v = "".join(rng.choice(digits) for _ in range(18))
            # ~1 in 11 pass the bare ID checksum; none may pass it with a real date and
            # province code, nor read as a card number or an all-digit USCC.
            if not (resident_id_plausible(v) or bank_card_ok(v) or uscc_ok(v)):
                break
        cols["order_no"].append(v)
        ms = rng.randint(t0, t1)
        cols["ts_ms"].append(str(ms))
        cols["ts_ms_int"].append(ms)
        when = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=ms)
        cols["ts_str"].append(when.astimezone(tz).strftime("%Y%m%d%H%M%S"))
        body = "69" + rng.choice(digits) + "".join(rng.choice(digits) for _ in range(9))
        cols["ean13"].append(body + ean13_check_digit(body))
        cols["uuid"].append(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        while True:
            v = "".join(rng.choice(USCC_CHARSET) for _ in range(18))
            if not uscc_checksum_ok(v) and not resident_id_plausible(v):
                break
        cols["fake_uscc"].append(v)
        cols["id"].append(i + 1)
        cols["amount"].append(round(rng.uniform(1, 5000), 2))
        while True:
            v = "".join(rng.choice(alnum) for _ in range(9))
            if not org_code_ok(v) and not weak_id_shapes.fullmatch(v):
                break
        cols["serial9"].append(v)
        while True:
            v = "".join(rng.choice(digits) for _ in range(16))
            if not luhn_ok(v):
                break
        cols["card_like"].append(v)
    types = dict(order_no=S, ts_ms=S, ts_ms_int=I64, ts_str=S, ean13=S, uuid=S, fake_uscc=S,
                 id=I64, amount=F64, serial9=S, card_like=S)
    write_parquet(table(cols, types), LAKE / "decoys/dingdan.parquet", 1000)
    labels["decoys/dingdan.parquet"] = label("parquet", "L1", "other", n, {k: [] for k in cols})


def gen_partitioned(labels):
    rng = Random(1006)
    fleet = []
    for _ in range(1500):
        p = make_person(rng)
        fleet.append((make_plate(rng), p.resident_id, make_mobile(rng)))
    for day in (1, 2, 3):
        date = dt.date(2024, 1, day)
        start = dt.datetime(2024, 1, day)
        passes = sorted(
            (random_datetime(rng, start, 86400), rng.choice(fleet), rng.choice(CHECKPOINTS))
            for _ in range(800))
        cols = {"hphm": [], "sfzh": [], "sjhm": [], "kkmc": [], "gcsj": []}
        for when, (plate, rid, mobile), kkmc in passes:
            cols["hphm"].append(plate)
            cols["sfzh"].append(rid)
            cols["sjhm"].append(format_mobile(rng, mobile))
            cols["kkmc"].append(kkmc)
            cols["gcsj"].append(when.strftime("%Y-%m-%d %H:%M:%S"))
        path = LAKE / f"partitioned/jiaotong_pass/dt={date.isoformat()}/part-00000.parquet"
        write_parquet(table(cols, {k: S for k in cols}), path, 800)
    labels["partitioned/jiaotong_pass/"] = label(
        "parquet", "L3", "personal", 2400,
        {"hphm": ["cn_license_plate"], "sfzh": ["cn_resident_id"], "sjhm": ["cn_mobile"],
         "kkmc": [], "gcsj": []},
        partitions=["dt"],
    )


def gen_big(labels):
    """A city's population register (Huainan): most residents were born there, their
    mobiles come from the city's H-code blocks, and names repeat the way real ones do
    (a few thousand distinct names, Zipf-like). That locality also keeps the file small."""
    rng = Random(1007)
    n = 120_000
    local = [r for r in REGIONS if r[0].startswith("3404")]
    blocks = sorted({make_mobile(rng)[:7] for _ in range(400)})
    pools = {sex: [make_name(rng, sex)[0] for _ in range(2500)] for sex in "男女"}
    zipf = [1 / (rank + 20) for rank in range(2500)]
    cols = {"sfzh": [], "sjhm": [], "xm": [], "seq": []}
    for i in range(n):
        p = make_person(rng, rng.choice(local) if rng.random() < 0.85 else None)
        cols["sfzh"].append(p.resident_id)
        cols["sjhm"].append(make_mobile(rng, blocks))
        cols["xm"].append(rng.choices(pools[p.sex], weights=zipf)[0])
        cols["seq"].append(i + 1)
    types = dict(sfzh=S, sjhm=S, xm=S, seq=I64)
    write_parquet(table(cols, types), LAKE / "big/renkou_big.parquet", 2000,
                  write_page_index=True, data_page_size=8192,
                  # plain-encoded identifiers span several 8 KiB pages per row group, so the
                  # page index has something to select; names stay dictionary-encoded
                  use_dictionary=["xm"],
                  column_encoding={"seq": "DELTA_BINARY_PACKED"})
    labels["big/renkou_big.parquet"] = label(
        "parquet", "L3", "personal", n,
        {"sfzh": ["cn_resident_id"], "sjhm": ["cn_mobile"], "xm": ["cn_person_name"], "seq": []},
        proposals=[{"action": "upgrade", "rule": "aggregation_volume", "from": "L3", "to": "L4"}],
    )


def gen_finance(labels):
    rng = Random(1008)
    holders = []
    for _ in range(400):
        name, _ = make_name(rng, rng.choice("男女"))
        holders.append((make_bank_card(rng), name))
    start = dt.datetime(2024, 3, 1)
    rows = []
    for _ in range(1000):
        card, name = rng.choice(holders)
        amount = rng.choice((rng.uniform(1, 200), rng.uniform(200, 5000), rng.uniform(5000, 50000)))
        rows.append((card, name, f"{amount:.2f}",
                     random_datetime(rng, start, 31 * 86400).strftime("%Y-%m-%d %H:%M:%S")))
    rows.sort(key=lambda r: r[3])
    write_csv(LAKE / "finance/yhk_jy.csv", ("yhkh", "xm", "jyje", "jysj"), rows)
    labels["finance/yhk_jy.csv"] = label("csv", "L3", "personal", 1000, {
        "yhkh": ["bank_card"], "xm": ["cn_person_name"], "jyje": [], "jysj": [],
    })


def gen_network(labels):
    rng = Random(1009)
    quad = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
    for ua in USER_AGENTS:
        assert not any(all(int(x) <= 255 for x in m.groups()) for m in quad.finditer(ua)), ua
    rows = []
    for _ in range(1000):
        ip = make_ipv6(rng) if rng.random() < 0.15 else make_ipv4(rng)
        rows.append((ip, make_email(rng), make_landline(rng), rng.choice(USER_AGENTS),
                     200 if rng.random() < 0.85 else 404))
    write_csv(LAKE / "network/access_log.csv",
              ("client_ip", "email", "office_phone", "user_agent", "status"), rows)
    labels["network/access_log.csv"] = label("csv", "L3", "personal", 1000, {
        "client_ip": ["ip_address"], "email": ["email"], "office_phone": ["cn_landline"],
        "user_agent": [], "status": [],
    })


def gen_broken(errors):
    rng = Random(1010)
    small = table({"id": list(range(1, 201)),
                   "amount": [round(rng.uniform(1, 100), 2) for _ in range(200)],
                   "note": [rng.choice(("ok", "pending", "done")) for _ in range(200)]},
                  {"id": I64, "amount": F64, "note": S})
    buf = io.BytesIO()
    pq.write_table(small, buf, row_group_size=100, compression="snappy")
    data = buf.getvalue()
    assert len(data) > 1000
    (LAKE / "broken").mkdir(parents=True, exist_ok=True)
    (LAKE / "broken/truncated.parquet").write_bytes(data[:-100])
    (LAKE / "broken/not_parquet.parquet").write_bytes(b"this is not parquet\n" * 10)
    (LAKE / "broken/empty.csv").write_bytes(b"")
    errors.extend(["broken/truncated.parquet", "broken/not_parquet.parquet", "broken/empty.csv"])


# ---------------------------------------------------------------------------
# Consistency checks on what was written
# ---------------------------------------------------------------------------

def verify(labels):
    for key, lab in labels.items():
        path = LAKE / key
        if key.endswith("/"):
            files = sorted(path.rglob("*.parquet"))
            tables = [pq.read_table(f, partitioning=None) for f in files]
            names = tables[0].column_names
            rows = sum(t.num_rows for t in tables)
            for f in files:
                rel = f.relative_to(path).parts
                assert [part.split("=")[0] for part in rel[:-1]] == lab["partitions"], rel
        elif lab["format"] == "parquet":
            t = pq.read_table(path)
            names, rows = t.column_names, t.num_rows
        else:
            with open(path, encoding="utf-8", newline="") as f:
                data = list(csv.reader(f))
            names, rows = data[0], len(data) - 1
            assert all(len(r) == len(names) for r in data)
        assert sorted(names) == sorted(lab["columns"]), (key, names)
        assert rows == lab["rows"], (key, rows)
        assert set(lab["masked_columns"]) <= {c for c, t in lab["columns"].items() if t}
    big = pq.ParquetFile(LAKE / "big/renkou_big.parquet")
    assert big.metadata.num_row_groups == 60
    people = pq.read_table(LAKE / "people/renkou_jbxx.parquet").to_pydict()
    for rid, born, sex in zip(people["sfzh"], people["csrq"], people["xb"]):
        assert resident_id_plausible(rid) and rid[6:14] == born.replace("-", "")
        assert (int(rid[16]) % 2 == 1) == (sex == "男")
    assert all(org_code_ok(c) for c in people["zzjgdm"])
    assert all(mobile_ok(str(m)) for m in people["lxdh"])
    with open(LAKE / "enterprise/qiye_djxx.csv", encoding="utf-8", newline="") as f:
        assert all(uscc_ok(r[1]) for r in list(csv.reader(f))[1:])
    decoys = pq.read_table(LAKE / "decoys/dingdan.parquet").to_pydict()
    assert not any(resident_id_plausible(v) or uscc_ok(v) or bank_card_ok(v)
                   for v in decoys["order_no"])
    assert sum(resident_id_checksum_ok(v) for v in decoys["order_no"]) > 100  # decoys bite
    assert not any(uscc_checksum_ok(v) for v in decoys["fake_uscc"])
    assert not any(org_code_ok(v) for v in decoys["serial9"])
    assert not any(luhn_ok(v) for v in decoys["card_like"])
    assert all(v[:2] == "69" and ean13_check_digit(v[:12]) == v[12] for v in decoys["ean13"])


def main() -> int:
    self_check()
    if LAKE.exists():
        shutil.rmtree(LAKE)
    LAKE.mkdir(parents=True)
    labels, errors = {}, []
    gen_people(labels)
    gen_enterprise(labels)
    gen_stats(labels)
    gen_masked(labels)
    gen_decoys(labels)
    gen_partitioned(labels)
    gen_big(labels)
    gen_finance(labels)
    gen_network(labels)
    gen_broken(errors)
    verify(labels)
    out = {"datasets": labels, "errors": sorted(errors)}
    LABELS.write_text(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                      encoding="utf-8")

    total = 0
    for f in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        size = f.stat().st_size
        total += size
        print(f"{size:>10}  {f.relative_to(CORPUS)}")
    print(f"{total:>10}  total ({total / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
