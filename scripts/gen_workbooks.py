#!/usr/bin/env python3
"""Write workbooks the way government offices hand data around, with the tools
that write them: openpyxl (.xlsx), xlwt (.xls), odfpy (.ods), msoffcrypto-tool
(a password-protected .xlsx).

usage: gen_workbooks.py LAKE_DIR LABELS_JSON   (the corpus: corpus/lake corpus/sheets_labels.json)

OUT_DIR/sheets/低保花名册.xlsx   a title row, a blank row, a unit/date line, a
    two-row merged header (联系方式 over 手机/固话), IDs as text, a totals row and
    a footnote (sheet 花名册); a notes sheet (说明); a hidden sheet whose IDs and
    mobiles are stored as numbers (核对); an empty sheet (空表).
OUT_DIR/sheets/低保花名册.xls    the roster as Excel 97 writes it.
OUT_DIR/sheets/企业名录.ods      an enterprise register in OpenDocument.
OUT_DIR/sheets/统计汇总.xlsx     figures only.
OUT_DIR/broken/encrypted.xlsx   password-protected (an OLE container, not a zip).
OUT_DIR/broken/corrupt.xlsx     a zip cut short.
OUT_DIR/broken/empty.xlsx       zero bytes.
LABELS_JSON                     the ground truth of every sheet, workbook and error.

Deterministic values (seeded); the files carry the writers' own timestamps.
"""

import io
import json
import os
import sys
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import make_landline, make_mobile, make_person, make_uscc  # noqa: E402

ROWS = 60


def people(seed: int, n: int):
    rng = Random(seed)
    out = []
    for _ in range(n):
        p = make_person(rng)
        out.append((p.name, p.resident_id, make_mobile(rng), make_landline(rng)))
    return out


def roster_xlsx(path: str, rows, hidden_rows, values):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["XX市2024年低保对象花名册"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["填报单位：XX区民政局", None, None, None, "填报日期：2024-06-30"])
    ws.append(["序号", "姓名", "身份证号", "联系方式", None, "家庭住址"])
    ws.append([None, None, None, "手机", "固话", None])
    for c in ("A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:F5"):
        ws.merge_cells(c)
    for i, (name, rid, mobile, landline) in enumerate(rows, 1):
        address = f"安徽省淮南市田家庵区舜耕镇{i}号"
        ws.append([i, name, rid, mobile, landline, address])
        values.extend([name, rid, mobile, landline])
    ws.append(["合计", f"{len(rows)}户", None, None, None, None])
    ws.append([])
    ws.append(["注：本表信息仅供低保审核使用，不得外传。"])

    notes = wb.create_sheet("说明")
    notes.append(["填表说明"])
    notes.append(["1. 身份证号按18位填写。"])
    notes.append(["2. 联系方式填写本人手机。"])

    check = wb.create_sheet("核对")
    check.sheet_state = "hidden"
    check.append(["姓名", "身份证号", "手机号码"])
    for name, rid, mobile, _ in hidden_rows:
        digits = rid[:-1] + ("0" if rid[-1] == "X" else rid[-1])
        # As Excel keeps an ID typed without a leading apostrophe: a number.
        check.append([name, int(digits), int(mobile)])
        values.extend([name, rid, mobile])

    wb.create_sheet("空表")
    wb.save(path)


def roster_xls(path: str, rows, values):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    ws.write_merge(0, 0, 0, 4, "XX县2024年特困人员名册")
    for j, h in enumerate(["序号", "姓名", "公民身份号码", "联系电话", "住址"]):
        ws.write(2, j, h)
    for i, (name, rid, mobile, _) in enumerate(rows, 1):
        for j, v in enumerate([i, name, rid, mobile, f"安徽省淮南市潘集区泥河镇{i}号"]):
            ws.write(2 + i, j, v)
        values.extend([name, rid, mobile])
    ws.write(3 + len(rows), 0, "总计")
    wb.save(path)


def register_ods(path: str, n: int, values):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    rng = Random(7)
    doc = OpenDocumentSpreadsheet()
    table = Table(name="企业名录")

    def row(cells):
        tr = TableRow()
        for v in cells:
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=str(v)))
            tr.addElement(tc)
        table.addElement(tr)

    row(["企业名称", "统一社会信用代码", "法定代表人"])
    for i in range(n):
        uscc = make_uscc(rng, "91")
        p = make_person(rng)
        row([f"淮南市{['华信', '恒通', '瑞丰', '金诚', '永安'][i % 5]}{i}贸易有限公司", uscc, p.name])
        values.extend([uscc])
    doc.spreadsheet.addElement(table)
    doc.save(path)


def figures_xlsx(path: str):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "GDP"
    ws.append(["年份", "地区生产总值（亿元）", "增长率（%）"])
    for y in range(2015, 2025):
        ws.append([y, round(1000 + 87.5 * (y - 2015), 1), 5.5])
    wb.save(path)


def encrypted_xlsx(path: str):
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("fenji-secret", out)
    with open(path, "wb") as f:
        f.write(out.getvalue())
    _ = msoffcrypto


def column_labels(names_types):
    return {n: ([t] if t else []) for n, t in names_types}


def dataset(fmt, level, category, rows, columns):
    return {
        "category": category,
        "columns": columns,
        "format": fmt,
        "level": level,
        "masked_columns": [],
        "partitions": [],
        "proposals": [],
        "rows": rows,
    }


def labels():
    roster = column_labels([
        ("序号", None), ("姓名", "cn_person_name"), ("身份证号", "cn_resident_id"),
        ("联系方式/手机", "cn_mobile"), ("联系方式/固话", "cn_landline"), ("家庭住址", "cn_address"),
    ])
    # The hidden sheet's IDs lost their last digits as numbers: not validated.
    check = column_labels([("姓名", "cn_person_name"), ("身份证号", None), ("手机号码", "cn_mobile")])
    xls = column_labels([
        ("序号", None), ("姓名", "cn_person_name"), ("公民身份号码", "cn_resident_id"),
        ("联系电话", "cn_mobile"), ("住址", "cn_address"),
    ])
    ods = column_labels([("企业名称", "company_name"), ("统一社会信用代码", "cn_uscc"), ("法定代表人", "cn_person_name")])
    gdp = column_labels([("年份", None), ("地区生产总值（亿元）", None), ("增长率（%）", None)])
    return {
        "datasets": {
            "sheets/低保花名册.xlsx": dataset("xlsx", "L3", "personal", ROWS + 2 + 40, {}),
            "sheets/低保花名册.xlsx#花名册": dataset("xlsx", "L3", "personal", ROWS, roster),
            "sheets/低保花名册.xlsx#说明": dataset("xlsx", "L1", "other", 2, {"填表说明": []}),
            "sheets/低保花名册.xlsx#核对": dataset("xlsx", "L3", "personal", 40, check),
            "sheets/低保花名册.xls": dataset("xls", "L3", "personal", 50, {}),
            "sheets/低保花名册.xls#花名册": dataset("xls", "L3", "personal", 50, xls),
            "sheets/企业名录.ods": dataset("ods", "L2", "organization", 40, {}),
            "sheets/企业名录.ods#企业名录": dataset("ods", "L2", "organization", 40, ods),
            "sheets/统计汇总.xlsx": dataset("xlsx", "L1", "other", 10, {}),
            "sheets/统计汇总.xlsx#GDP": dataset("xlsx", "L1", "other", 10, gdp),
        },
        "errors": ["broken/corrupt.xlsx", "broken/empty.xlsx", "broken/encrypted.xlsx"],
        "skipped": ["sheets/低保花名册.xlsx#空表"],
    }


def main() -> int:
    out, labels_path = sys.argv[1], sys.argv[2]
    sheets = os.path.join(out, "sheets")
    broken = os.path.join(out, "broken")
    os.makedirs(sheets, exist_ok=True)
    os.makedirs(broken, exist_ok=True)
    values: list = []
    roster_xlsx(os.path.join(sheets, "低保花名册.xlsx"), people(20240630, ROWS), people(1, 40), values)
    roster_xls(os.path.join(sheets, "低保花名册.xls"), people(20240701, 50), values)
    register_ods(os.path.join(sheets, "企业名录.ods"), 40, values)
    figures_xlsx(os.path.join(sheets, "统计汇总.xlsx"))
    encrypted_xlsx(os.path.join(broken, "encrypted.xlsx"))
    with open(os.path.join(sheets, "统计汇总.xlsx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(broken, "corrupt.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    open(os.path.join(broken, "empty.xlsx"), "wb").close()
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels(), f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
