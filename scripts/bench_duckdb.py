#!/usr/bin/env python3
"""Time DuckDB decoding and regex-matching the string columns of a benchmark lake.

    ~/.cache/fenji-venv/bin/python scripts/bench_duckdb.py LAKE_DIR [--threads 2] [--repeat 1]

LAKE_DIR is a lake written by scripts/gen_bench_lake.py; its _MANIFEST.json names the
files of each table and their string columns. For every table this runs two queries over
exactly those files, in an in-memory DuckDB connection with ``PRAGMA threads=N``:

* decode: ``SELECT count(c1), count(c2), ... FROM read_parquet([...])`` (CSV through
  ``read_csv([...], header=true, all_varchar=true)``), DuckDB's bare cost of reading
  and decoding the string columns;
* regexp: ``sum(regexp_matches(c, P)::int)`` for every (string column, pattern) pair, with
  the resident ID, mobile and USCC patterns below.

Each query runs --repeat times; the output reports the first run (cold-ish: the OS page
cache is whatever the previous process left) and the best run, in wall seconds
(time.perf_counter). Prints one JSON object on stdout (timings, non-null counts from the
decode queries, match counts from the regexp queries) and a one-line summary on stderr.
"""

import argparse
import fnmatch
import json
import sys
import time
from pathlib import Path

import duckdb

PATTERNS = {
    "resident_id": r"^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$",
    "mobile": r"^1[3-9]\d{9}$",
    "uscc": r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
}


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def source_sql(lake: Path, table: dict, files: list[str]) -> str:
    paths = "[" + ", ".join(quote_literal(str(lake / f)) for f in files) + "]"
    if table["format"] == "parquet":
        return f"read_parquet({paths})"
    if table["format"] == "csv":
        return f"read_csv({paths}, header=true, all_varchar=true)"
    raise ValueError(f"unsupported format {table['format']!r}")


def decode_sql(source: str, columns: list[str]) -> str:
    return f"SELECT {', '.join(f'count({quote_ident(c)})' for c in columns)} FROM {source}"


def regexp_sql(source: str, columns: list[str]) -> str:
    sums = [
        f"sum(regexp_matches({quote_ident(c)}, {quote_literal(p)})::int)"
        for c in columns
        for p in PATTERNS.values()
    ]
    return f"SELECT {', '.join(sums)} FROM {source}"


CPU = {"decode": {}, "regexp": {}}


def timed(con: duckdb.DuckDBPyConnection, sql: str, repeat: int) -> tuple[float, float, tuple, float]:
    """(first run, best run, result row, CPU seconds of the best run) of a single-row query
    run `repeat` times. CPU is the process's (all DuckDB threads), user + system."""
    times = []
    row = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        row = con.execute(sql).fetchone()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    best = min(times)
    return times[0][0], best[0], row, best[1]


def with_total(per_table: dict[str, float]) -> dict[str, float]:
    rounded = {name: round(s, 3) for name, s in per_table.items()}
    return {**rounded, "total": round(sum(per_table.values()), 3)}


def bench(lake: Path, threads: int, repeat: int) -> dict:
    manifest = json.loads((lake / "_MANIFEST.json").read_text(encoding="utf-8"))
    con = duckdb.connect(":memory:")
    con.execute(f"PRAGMA threads={threads}")
    timings = {"decode_first": {}, "decode": {}, "regexp_first": {}, "regexp": {}}
    non_null, matches = {}, {}
    for name, table in manifest["tables"].items():
        files = [f["path"] for f in manifest["files"] if fnmatch.fnmatch(f["path"], table["glob"])]
        columns = table["string_columns"]
        source = source_sql(lake, table, files)

        first, best, row, cpu = timed(con, decode_sql(source, columns), repeat)
        timings["decode_first"][name], timings["decode"][name] = first, best
        CPU["decode"][name] = cpu
        non_null[name] = dict(zip(columns, row))

        first, best, row, cpu = timed(con, regexp_sql(source, columns), repeat)
        timings["regexp_first"][name], timings["regexp"][name] = first, best
        CPU["regexp"][name] = cpu
        counts = iter(row)
        matches[name] = {c: {p: next(counts) for p in PATTERNS} for c in columns}
    return {
        "duckdb_version": duckdb.__version__,
        "lake": str(lake),
        "lake_bytes": sum(f["bytes"] for f in manifest["files"]),
        "threads": threads,
        "repeat": repeat,
        "decode_s": with_total(timings["decode"]),
        "decode_first_s": with_total(timings["decode_first"]),
        "regexp_s": with_total(timings["regexp"]),
        "regexp_first_s": with_total(timings["regexp_first"]),
        "decode_cpu_s": with_total(CPU["decode"]),
        "regexp_cpu_s": with_total(CPU["regexp"]),
        "non_null": non_null,
        "matches": matches,
        "patterns": PATTERNS,
    }


def summary(result: dict) -> str:
    def part(key: str) -> str:
        per = result[key]
        tables = ", ".join(f"{t} {s:.2f}" for t, s in per.items() if t != "total")
        return f"{per['total']:.2f} s ({tables})"

    return (
        f"duckdb {result['duckdb_version']} threads={result['threads']} repeat={result['repeat']} "
        f"on {result['lake_bytes'] / 1e9:.2f} GB: decode best {part('decode_s')}, "
        f"first {part('decode_first_s')}; regexp best {part('regexp_s')}, "
        f"first {part('regexp_first_s')}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lake", type=Path, help="lake directory containing _MANIFEST.json")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per query (default 1)")
    args = parser.parse_args()
    if args.threads < 1 or args.repeat < 1:
        parser.error("--threads and --repeat must be at least 1")
    result = bench(args.lake.expanduser().resolve(), args.threads, args.repeat)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(summary(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
