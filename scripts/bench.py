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


def generate(out, gb, csv_mb):
    subprocess.run(
        [PY, str(ROOT / "scripts" / "gen_bench_lake.py"), "--out", str(out), "--gb", str(gb),
         "--csv-mb", str(csv_mb)],
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
    """Run cmd; returns (wall seconds, peak RSS in MiB, stdout text)."""
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
    return wall, usage.ru_maxrss / 1024, text


def best_of(n, cmd):
    """Best wall time of n runs, with the peak RSS and output of that run."""
    runs = [run(cmd) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def fenji(binary, lake, threads, repeat, full):
    cmd = [str(binary), "scan", str(lake), "--format", "json", "--threads", str(threads)]
    if full:
        cmd.append("--full")
    wall, rss, text = best_of(repeat, cmd)
    report = json.loads(text)
    io = report["scan"]["io"]
    return {
        "wall_s": wall,
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


def main():
    ap = argparse.ArgumentParser(description="fenji performance comparison")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool, best wall time kept")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--gb", type=float, default=1.0, help="size of the Parquet part of the lake")
    ap.add_argument("--csv-mb", type=int, default=200)
    ap.add_argument("--rss", action="store_true", help="also scan a 4x lake and compare peak RSS")
    args = ap.parse_args()

    fenji_bin, bare_bin = build()
    lake = CACHE / f"lake-{args.gb:g}g"
    manifest = generate(lake, args.gb, args.csv_mb)
    warm(lake)
    log(f"lake {lake}: {sum(f['bytes'] for f in manifest['files']) / 2**20:.0f} MiB, "
        f"{len(manifest['files'])} files; {args.threads} threads, best of {args.repeat}")

    log("fenji scan (sampled)")
    sampled = fenji(fenji_bin, lake, args.threads, args.repeat, full=False)
    log("fenji scan --full")
    full = fenji(fenji_bin, lake, args.threads, args.repeat, full=True)
    log("bare DataFusion scan")
    bare_wall, bare_rss, bare_text = best_of(
        args.repeat, [str(bare_bin), str(lake), "--threads", str(args.threads)])
    bare = json.loads(bare_text)
    log("DuckDB")
    duck = json.loads(subprocess.run(
        [PY, str(ROOT / "scripts" / "bench_duckdb.py"), str(lake), "--threads", str(args.threads),
         "--repeat", str(args.repeat)],
        check=True, capture_output=True, text=True).stdout)
    big = None
    if args.rss:
        big_lake = CACHE / f"lake-{4 * args.gb:g}g"
        generate(big_lake, 4 * args.gb, 4 * args.csv_mb)
        warm(big_lake)
        log("fenji scan --full on the 4x lake")
        big = fenji(fenji_bin, big_lake, args.threads, 1, full=True)

    duck_decode = duck["decode_s"]["total"]
    duck_regexp = duck["regexp_s"]["total"]
    share = sampled["bytes_read"] / sampled["bytes_total"]
    lines = [
        f"fenji benchmark: {lake} ({sampled['bytes_total'] / 2**20:.0f} MiB, "
        f"{len(manifest['files'])} files), {args.threads} threads, best of {args.repeat}",
        "",
        "wall times (s)",
        row("fenji scan (sampled)", f"{sampled['wall_s']:.2f}"),
        row("fenji scan --full", f"{full['wall_s']:.2f}"),
        row("bare DataFusion scan of the same columns (process wall)", f"{bare_wall:.2f}"),
        row("  of which queries", f"{bare['total_s']:.2f}"),
        row(f"DuckDB {duck['duckdb_version']} bare decode (queries)", f"{duck_decode:.2f}"),
        row("DuckDB regexp_matches x3 patterns (queries)", f"{duck_regexp:.2f}"),
        "",
        "ratios",
        row("a. sampled bytes_read / bytes_total", f"{share:.4f}", "<= 0.02", share <= 0.02),
        row("   --full bytes_read / bytes_total", f"{full['bytes_read'] / full['bytes_total']:.3f}"),
        row("   --full wall / sampled wall", f"{full['wall_s'] / sampled['wall_s']:.1f}x",
            ">= 20x", full["wall_s"] / sampled["wall_s"] >= 20),
        row("b. --full wall / bare DataFusion wall", f"{full['wall_s'] / bare_wall:.2f}x",
            "<= 1.3x", full["wall_s"] / bare_wall <= 1.3),
        row("c. DuckDB regexp / fenji --full wall", f"{duck_regexp / full['wall_s']:.2f}x",
            ">= 3x", duck_regexp / full["wall_s"] >= 3),
        row("   DuckDB regexp / DuckDB bare decode", f"{duck_regexp / duck_decode:.2f}x"),
        row("   fenji --full / DuckDB bare decode", f"{full['wall_s'] / duck_decode:.2f}x"),
        row("   bare DataFusion / DuckDB bare decode", f"{bare_wall / duck_decode:.2f}x"),
        "",
        "rows and memory",
        row("rows read: sampled / full", f"{sampled['rows_read']} / {full['rows_read']}"),
        row("peak RSS MiB: sampled / full / bare DataFusion",
            f"{sampled['rss_mib']:.0f} / {full['rss_mib']:.0f} / {bare_rss:.0f}"),
        row("levels (sampled)", json.dumps(sampled["levels"], ensure_ascii=False)),
        row("levels (full)", json.dumps(full["levels"], ensure_ascii=False)),
    ]
    if big:
        ratio = big["rss_mib"] / full["rss_mib"]
        lines.append(row(f"d. peak RSS --full 4x lake / 1x lake ({big['rss_mib']:.0f} MiB)",
                         f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5))
        lines.append(row("   4x lake --full wall / 1x lake --full wall",
                         f"{big['wall_s'] / full['wall_s']:.2f}x"))
    print("\n".join(lines))
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps({
        "args": vars(args), "sampled": sampled, "full": full, "bare": bare,
        "bare_wall_s": bare_wall, "bare_rss_mib": bare_rss, "duckdb": duck, "big": big,
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
