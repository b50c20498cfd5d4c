#!/usr/bin/env python3
"""Write detectors/divisions/*.txt, the division names the address recognizer
is built from, from the National Bureau of Statistics' 2023 statistical
division codes (统计用区划代码, as of 2023-06-30) as published in the CSV files
of github.com/modood/Administrative-divisions-of-China (MIT licence).

    scripts/gen_divisions.py DIST_DIR

DIST_DIR holds provinces.csv, cities.csv, areas.csv and streets.csv. Only the
names are kept, one per line, sorted and without duplicates, by level:
province, prefecture, county and township (乡级: 街道, 镇, 乡, 苏木, and Beijing's
地区 offices; development zones, farms and other units with 4xx/5xx codes are
left out, they are not divisions, as are the counties' development zones and
management areas with codes xx71-xx79, and names that are only a suffix
such as 街道). Renamed and abolished divisions are in
renamed.txt, written by hand.
"""
import csv
import pathlib
import re
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "detectors" / "divisions"
# Placeholders of the statistical tables, not names.
PLACEHOLDERS = re.compile(r"^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划|.*直辖县级行政区划)$")
TOWNSHIP = re.compile(r"(街道|镇|乡|苏木|地区)$")
SUFFIX_ONLY = {"街道", "镇", "乡", "苏木", "地区", "区", "县", "市"}


def names(path, keep=lambda row: True):
    with open(path, encoding="utf-8") as f:
        return sorted({r["name"] for r in csv.DictReader(f)
                       if keep(r) and not PLACEHOLDERS.match(r["name"])
                       and r["name"] not in SUFFIX_ONLY})


def main():
    dist = pathlib.Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    provinces = names(dist / "provinces.csv") + ["台湾省", "香港特别行政区", "澳门特别行政区"]
    levels = {
        "provinces": sorted(set(provinces)),
        "prefectures": names(dist / "cities.csv"),
        "counties": names(dist / "areas.csv", lambda r: not "70" < r["code"][-2:] < "80"),
        "townships": names(dist / "streets.csv",
                           lambda r: r["code"][-3] in "0123" and TOWNSHIP.search(r["name"])),
    }
    for level, rows in levels.items():
        head = (f"# {level}: {len(rows)} names, NBS statistical division codes 2023 "
                "(scripts/gen_divisions.py)\n")
        (OUT / f"{level}.txt").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
        print(level, len(rows))


if __name__ == "__main__":
    main()
