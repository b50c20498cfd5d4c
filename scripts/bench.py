"""Driver of scripts/bench: one side-by-side run of fenji, bare DataFusion and DuckDB.

Run through scripts/bench (it sets up the venv); see that file for the usage.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path.home() / ".cache" / "fenji-bench"
PY = sys.executable


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def build():
    """Release fenji and the bare DataFusion bench binary; returns their paths."""
    log("building release binaries (cargo build --release, cargo bench --no-run)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "fenji"], cwd=ROOT, check=True)
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--no-run", "--bench", "bare_scan", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    bare = None
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "bare_scan":
            bare = msg.get("executable") or bare
    if not bare:
        sys.exit("bench: cargo did not report the bare_scan executable")
    target = Path(os.environ["CARGO_TARGET_DIR"])
    return target / "release" / "fenji", Path(bare)


def generate(out, gb, csv_mb, shape="people"):
    subprocess.run(
        [PY, str(ROOT / "scripts" / "gen_bench_lake.py"), "--out", str(out), "--gb", str(gb),
         "--csv-mb", str(csv_mb), "--shape", shape],
        check=True, stdout=sys.stderr,
    )
    return json.loads((out / "_MANIFEST.json").read_text())


def warm(lake):
    """Read every file once: all runs then start from the same warm page cache."""
    for path in sorted(lake.rglob("*")):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass


def run(cmd):
    """Run cmd; returns (wall seconds, peak RSS in MiB, stdout text, CPU seconds)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(map(str, cmd))} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def best_of(n, cmd):
    """Best wall time of n runs, with the peak RSS and output of that run."""
    runs = [run(cmd) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def fenji(binary, lake, threads, repeat, full):
    cmd = [str(binary), "scan", str(lake), "--format", "json", "--threads", str(threads)]
    if full:
        cmd.append("--full")
    wall, rss, text, cpu = best_of(repeat, cmd)
    report = json.loads(text)
    io = report["scan"]["io"]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "report": report,
        "rss_mib": rss,
        "bytes_read": io["bytes_read"],
        "bytes_total": io["bytes_total"],
        "rows_read": report["scan"]["throughput"]["rows_read"],
        "levels": {d["uri"].rsplit("/", 2)[-2] or d["uri"]: d["level"] for d in report["datasets"]},
        "errors": len(report["errors"]),
    }


def row(label, value, target=None, ok=None):
    mark = "" if ok is None else ("  met" if ok else "  NOT met")
    tgt = f"  (target {target})" if target else ""
    return f"  {label:<58} {value:>12}{tgt}{mark}"


def writers_section(fenji_bin, threads):
    """Sampled bytes per writer layout (tests/writers.rs asserts the same): one sampled and
    one --full scan of tables written by pyarrow (default, page index), DuckDB, a Spark-style
    folder and a gzip CSV export."""
    lake = CACHE / "writers"
    stamp = lake / "_GENERATED"
    script = ROOT / "scripts" / "gen_writer_lake.py"
    key = f"{script.stat().st_size}:{(ROOT / 'scripts' / 'gen_bench_lake.py').stat().st_size}"
    if not stamp.is_file() or stamp.read_text() != key:
        log("generating the writer-layout lake")
        subprocess.run([PY, str(script), str(lake)], check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(key)
    warm(lake)
    log("fenji scan (sampled) and --full on the writer layouts")
    sampled = fenji(fenji_bin, lake, threads, 1, full=False)
    full = fenji(fenji_bin, lake, threads, 1, full=True)

    def types(d):
        return {c["name"]: c["types"] for c in d["columns"] if c["types"]}

    full_by_uri = {d["uri"]: d for d in full["report"]["datasets"]}
    lines = ["sampled bytes per writer layout (tables of 50 MB or more; target <= 2 %)",
             f"  {'layout':<22}{'bytes read':>12}{'of':>13}{'share':>9}{'rows':>8}  reader"
             f"              types = --full"]
    worst = 0.0
    for d in sorted(sampled["report"]["datasets"], key=lambda d: d["uri"]):
        s = d["sample"]
        share = s["bytes_read"] / s["bytes_total"]
        worst = max(worst, share)
        layout = d["uri"].split("/writers/")[1].split("/")[0]
        same = types(d) == types(full_by_uri[d["uri"]])
        lines.append(f"  {layout:<22}{s['bytes_read']:>12,}{s['bytes_total']:>13,}"
                     f"{share * 100:>8.2f}%{s['rows_read']:>8}  "
                     f"{s.get('reader', s.get('compression', '-')):<20}{'yes' if same else 'NO'}")
    lines.append(row("worst sampled share", f"{worst * 100:.2f}%", "<= 2 %", worst <= 0.02))
    return lines, {"sampled": strip(sampled), "full": strip(full)}


def strip(result):
    return {k: v for k, v in result.items() if k != "report"}


def criterion_section():
    """Criterion MiB/s per core for the ID, mobile, name and free-text columns."""
    log("criterion: cargo bench --bench detect (whole set per column)")
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "detect", "--",
         "^all/(resident_id|mobile|name|remark_3pct_phones)$",
         "--warm-up-time", "1", "--measurement-time", "3"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout
    rates = {}
    name = None
    for line in out.splitlines():
        if line and not line.startswith(" ") and "/" in line.split()[0]:
            name = line.split()[0]
        # The first thrpt line after a name is the measurement; a later one
        # (under "change:") holds percentages against the previous run.
        if "thrpt:" in line and name and name not in rates:
            parts = line.split("[")[1].split("]")[0].split()
            if len(parts) >= 4 and parts[3].endswith("/s"):
                rates[name] = f"{parts[2]} {parts[3]}"
    lines = ["criterion, whole detector set, per core (MiB/s = median)"]
    for n, r in rates.items():
        lines.append(row(n, r))
    return lines, rates


def lake_section(title, lake, manifest, fenji_bin, bare_bin, threads, repeat, targets):
    log(f"{title}: fenji scan (sampled)")
    sampled = fenji(fenji_bin, lake, threads, repeat, full=False)
    log(f"{title}: fenji scan --full")
    full = fenji(fenji_bin, lake, threads, repeat, full=True)
    log(f"{title}: bare DataFusion scan")
    bare_wall, bare_rss, bare_text, bare_cpu = best_of(
        repeat, [str(bare_bin), str(lake), "--threads", str(threads)])
    bare = json.loads(bare_text)
    log(f"{title}: DuckDB")
    duck = json.loads(subprocess.run(
        [PY, str(ROOT / "scripts" / "bench_duckdb.py"), str(lake), "--threads", str(threads),
         "--repeat", str(repeat)],
        check=True, capture_output=True, text=True).stdout)
    duck_decode = duck["decode_s"]["total"]
    duck_regexp = duck["regexp_s"]["total"]
    share = sampled["bytes_read"] / sampled["bytes_total"]
    full_vs_duck = full["wall_s"] / duck_regexp
    full_vs_bare = full["wall_s"] / bare_wall
    lines = [
        f"{title}: {lake} ({sampled['bytes_total'] / 2**20:.0f} MiB, "
        f"{len(manifest['files'])} files), {threads} threads, best of {repeat}",
        f"  {'':<58} {'wall s':>12} {'CPU s':>8}",
        row("fenji scan (sampled)", f"{sampled['wall_s']:.2f}") + f" {sampled['cpu_s']:>8.1f}",
        row("fenji scan --full", f"{full['wall_s']:.2f}") + f" {full['cpu_s']:>8.1f}",
        row("bare DataFusion scan of the same columns (process)", f"{bare_wall:.2f}")
        + f" {bare_cpu:>8.1f}",
        row(f"DuckDB {duck['duckdb_version']} bare decode (queries)", f"{duck_decode:.2f}")
        + f" {duck['decode_cpu_s']['total']:>8.1f}",
        row("DuckDB regexp_matches x3 patterns (queries)", f"{duck_regexp:.2f}")
        + f" {duck['regexp_cpu_s']['total']:>8.1f}",
        "  ratios",
        row("sampled bytes_read / bytes_total", f"{share:.4f}", "<= 0.02", share <= 0.02),
        row("--full wall / sampled wall", f"{full['wall_s'] / sampled['wall_s']:.1f}x"),
        row("--full wall / DuckDB regexp", f"{full_vs_duck:.2f}x",
            *targets.get("duck", (None, None))),
        row("--full wall / bare DataFusion wall", f"{full_vs_bare:.2f}x",
            *targets.get("bare", (None, None))),
        row("--full CPU / wall (cores busy)", f"{full['cpu_s'] / full['wall_s']:.2f}"),
        row("DuckDB regexp / DuckDB bare decode", f"{duck_regexp / duck_decode:.2f}x"),
        row("rows read: sampled / full", f"{sampled['rows_read']} / {full['rows_read']}"),
        row("peak RSS MiB: sampled / full / bare DataFusion",
            f"{sampled['rss_mib']:.0f} / {full['rss_mib']:.0f} / {bare_rss:.0f}"),
        row("levels sampled = full", str(sampled["levels"] == full["levels"])),
    ]
    return lines, {"sampled": strip(sampled), "full": strip(full), "bare": bare,
                   "bare_wall_s": bare_wall, "bare_cpu_s": bare_cpu, "bare_rss_mib": bare_rss,
                   "duckdb": duck}


def main():
    ap = argparse.ArgumentParser(description="fenji performance comparison")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool, best wall time kept")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--gb", type=float, default=1.0, help="size of the Parquet part of the lake")
    ap.add_argument("--csv-mb", type=int, default=200)
    ap.add_argument("--rss", action="store_true", help="also scan a 4x lake and compare peak RSS")
    ap.add_argument("--only", choices=["writers", "complaints", "people", "criterion"],
                    action="append", help="run only these sections (default: all)")
    args = ap.parse_args()
    only = set(args.only or ["writers", "complaints", "people", "criterion"])

    fenji_bin, bare_bin = build()
    out, results = [], {"args": vars(args)}
    if "writers" in only:
        lines, results["writers"] = writers_section(fenji_bin, args.threads)
        out += lines + [""]
    if "complaints" in only:
        lake = CACHE / f"complaints-{args.gb:g}g"
        manifest = generate(lake, args.gb, args.csv_mb, shape="complaints")
        warm(lake)
        lines, results["complaints"] = lake_section(
            "complaints lake (issue 16: 10 pyarrow files, 5 string columns)", lake, manifest,
            fenji_bin, bare_bin, args.threads, args.repeat,
            {"duck": ("<= 1.0x must, <= 0.33x target", None), "bare": ("<= 2x", None)})
        r = results["complaints"]
        must = r["full"]["wall_s"] / r["duckdb"]["regexp_s"]["total"]
        lines.append(row("MUST: --full <= 1.0x DuckDB regexp", f"{must:.2f}x", None, must <= 1.0))
        out += lines + [""]
    if "people" in only:
        lake = CACHE / f"lake-{args.gb:g}g"
        manifest = generate(lake, args.gb, args.csv_mb)
        warm(lake)
        lines, results["people"] = lake_section(
            "people lake (13 columns, page index, plus a CSV)", lake, manifest, fenji_bin,
            bare_bin, args.threads, args.repeat, {})
        out += lines
        if args.rss:
            big_lake = CACHE / f"lake-{4 * args.gb:g}g"
            generate(big_lake, 4 * args.gb, 4 * args.csv_mb)
            warm(big_lake)
            log("fenji scan --full on the 4x lake")
            big = fenji(fenji_bin, big_lake, args.threads, 1, full=True)
            full = results["people"]["full"]
            ratio = big["rss_mib"] / full["rss_mib"]
            out.append(row(f"peak RSS --full 4x lake / 1x lake ({big['rss_mib']:.0f} MiB)",
                           f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5))
            out.append(row("4x lake --full wall / 1x lake --full wall",
                           f"{big['wall_s'] / full['wall_s']:.2f}x"))
            results["big"] = strip(big)
        out.append("")
    if "criterion" in only:
        lines, results["criterion"] = criterion_section()
        out += lines
    print("\n".join(out))
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
