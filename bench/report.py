"""Turn the raw timings of bench/run.sh into the results table: stdout and bench/RESULTS.md.

Usage: python report.py RAW.tsv RESULTS.md   (run by bench/run.sh, from the repository root)

RAW.tsv has one line per timed run: size, side, work, run, seconds, peak RSS in KiB (`skipped`
for a side not run at that size). The table gives, per size and work item, the median wall time
and the median peak RSS of each side, and the ratios. The run settings come from the BENCH_*
environment variables that run.sh sets.
"""

import collections
import datetime
import os
import platform
import statistics
import subprocess
import sys

WORKS = ["totals", "analyze", "upstream", "downstream", "chains", "dot"]
SIDES = ["wildchain", "pandas_nx", "polars_floor"]


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    import networkx
    import pandas
    import polars

    commit = sh("git", "rev-parse", "HEAD")
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench")
    if dirty and dirty != "unknown":
        commit += " (plus uncommitted changes outside bench/)"
    return [
        ("cores (nproc)", sh("nproc")),
        ("CPU", cpu),
        ("memory", f"{mem_kib / 1024 / 1024:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("wildchain", f"{sh('target/release/wildchain', '--version')}, commit {commit}"),
        ("rustc", sh("rustc", "--version")),
        ("python", platform.python_version()),
        ("pandas", pandas.__version__),
        ("networkx", networkx.__version__),
        ("polars (python)", polars.__version__),
    ]


def rows_label(n):
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000} M"
    if n % 1_000 == 0:
        return f"{n // 1_000} k"
    return f"{n:,}"


def read(path):
    """{(size, side, work): [(seconds, rss_kib)]}, and the cells that were skipped."""
    runs = collections.defaultdict(list)
    skipped = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("size\t"):
                continue
            size, side, work, _run, seconds, rss = line.rstrip("\n").split("\t")
            key = (int(size), side, work)
            if seconds == "skipped":
                skipped.add(key)
            else:
                runs[key].append((float(seconds), int(rss)))
    return runs, skipped


def median(runs, key):
    """(median seconds, median peak RSS in MiB, number of runs), or None."""
    got = runs.get(key)
    if not got:
        return None
    return (
        statistics.median(s for s, _ in got),
        statistics.median(r for _, r in got) / 1024,
        len(got),
    )


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def table(runs, skipped, sizes, want_runs):
    head = [
        "rows", "work",
        "wildchain s", "wildchain MiB",
        "pandas+nx s", "pandas+nx MiB", "pandas+nx ÷ wildchain (time)",
        "polars floor s", "polars floor MiB", "wildchain ÷ floor (time)", "wildchain ÷ floor (RSS)",
    ]
    body, notes = [], []
    for size in sizes:
        floor = median(runs, (size, "polars_floor", "read+group_by"))
        for work in WORKS:
            wc = median(runs, (size, "wildchain", work))
            pd = median(runs, (size, "pandas_nx", work))
            cells = [rows_label(size), work]
            for m, side in ((wc, "wildchain"), (pd, "pandas_nx")):
                if m is None:
                    tag = "skipped" if (size, side, work) in skipped else "–"
                    cells += [tag, tag]
                else:
                    mark = "" if m[2] >= want_runs else f" ({m[2]} run{'s' if m[2] > 1 else ''})"
                    cells += [f"{m[0]:.2f}{mark}", f"{m[1]:.0f}"]
                if side == "pandas_nx":
                    cells.append(ratio(pd and pd[0], wc and wc[0]))
            cells += ["–", "–"] if floor is None else [f"{floor[0]:.2f}", f"{floor[1]:.0f}"]
            cells.append(ratio(wc and wc[0], floor and floor[0]))
            cells.append(ratio(wc and wc[1], floor and floor[1]))
            body.append(cells)
        pd_runs = [median(runs, (size, "pandas_nx", w)) for w in WORKS]
        if any(m and m[2] < want_runs for m in pd_runs):
            notes.append(f"pandas + networkx at {rows_label(size)} rows: fewer runs than RUNS={want_runs} "
                         "(the run count is in brackets; with 1 run the value is that run, not a median).")
        if any((size, "pandas_nx", w) in skipped for w in WORKS):
            notes.append(f"pandas + networkx at {rows_label(size)} rows: skipped (SKIP_SLOW=1).")
    return head, body, notes


def markdown(head, body, pad):
    rows = [head] + body
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))] if pad else [0] * len(head)
    right = [False, False] + [True] * (len(head) - 2)

    def line(r):
        return "| " + " | ".join(c.rjust(w) if ra else c.ljust(w) for c, w, ra in zip(r, widths, right)) + " |"

    sep = "|" + "|".join((("-" * (w + 1) + ":") if ra else ("-" * (w + 2))) if pad else ("---:" if ra else "---")
                         for w, ra in zip(widths, right)) + "|"
    return "\n".join([line(head), sep] + [line(r) for r in body])


def targets(runs, sizes):
    """The targets of issue 9 (which tightened those of issue 5), checked at each size."""
    out = []
    for size in sizes:
        floor = median(runs, (size, "polars_floor", "read+group_by"))
        wc = {w: median(runs, (size, "wildchain", w)) for w in WORKS}
        pd = {w: median(runs, (size, "pandas_nx", w)) for w in WORKS}

        def check(what, value, limit, at_most=True, pct=False):
            if value is None:
                return
            ok = value <= limit if at_most else value >= limit
            shown = f"{value * 100:+.0f}%" if pct else f"{value:.2f}×"
            bound = (f"< {limit * 100:.0f}%" if pct else f"{'≤' if at_most else '≥'} {limit:g}×")
            out.append(f"| {rows_label(size)} | {what} | {shown} | {bound} | {'met' if ok else 'missed'} |")

        if floor:
            if wc["totals"]:
                check("totals time ÷ polars floor", wc["totals"][0] / floor[0], 1.3)
                check("totals peak RSS ÷ polars floor", wc["totals"][1] / floor[1], 1.5)
            if wc["analyze"]:
                check("analyze time ÷ polars floor", wc["analyze"][0] / floor[0], 2.0)
                check("analyze peak RSS ÷ polars floor", wc["analyze"][1] / floor[1], 2.0)
        if wc["analyze"] and pd["analyze"]:
            check("pandas+nx analyze time ÷ wildchain analyze", pd["analyze"][0] / wc["analyze"][0], 10, at_most=False)
        if wc["totals"]:
            for w in ("upstream", "downstream", "chains", "dot"):
                if wc[w]:
                    check(f"{w} time over totals time (load)", wc[w][0] / wc["totals"][0] - 1, 0.10, pct=True)
    if not out:
        return ""
    return "\n".join(["| rows | target | measured | bound | |", "|---|---|---:|---|---|"] + out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RAW.tsv RESULTS.md")
    raw, results = sys.argv[1], sys.argv[2]
    runs, skipped = read(raw)
    sizes = sorted({k[0] for k in runs} | {k[0] for k in skipped})
    want = int(os.environ.get("BENCH_RUNS", "3"))
    head, body, notes = table(runs, skipped, sizes, want)

    print()
    print(markdown(head, body, pad=True))
    for n in notes:
        print(n)
    print()

    env = os.environ.get
    settings = [
        ("command", f"`{env('BENCH_COMMAND', 'bench/run.sh')}`"),
        ("runs", f"{want} per side, work item and size, interleaved (run 1 of every item, then run 2 …); "
                 "all timed, none discarded; the CSV is read once (`cat > /dev/null`) before the runs of "
                 "each size so every run finds it in the page cache"),
        ("pandas + networkx", f"`--parse {env('BENCH_PANDAS_PARSE', 'rows')}`; at {int(env('BENCH_SLOW_ROWS', '5000000')):,} "
                              f"rows and more: " + ("skipped (SKIP_SLOW=1)" if env("BENCH_SKIP_SLOW") == "1"
                                                    else f"{env('BENCH_SLOW_RUNS', '1')} run(s) (SLOW_RUNS)")),
        ("measured with", "`/usr/bin/time -f '%e %M'`: wall seconds (0.01 s resolution) and peak RSS; "
                          "output to /dev/null; process start-up (Python imports) included"),
        ("whole run took", env("BENCH_ELAPSED", "unknown")),
    ]
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tgt = targets(runs, sizes)
    md = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.sh` on {date}; see [README.md](README.md) for what each side does "
        "and how to read this. Times are medians in seconds, memory is the median peak RSS in MiB.",
        "",
        markdown(head, body, pad=False),
        "",
        *[f"- {n}" for n in notes],
        "",
        "`pandas+nx ÷ wildchain`: how many times longer pandas + networkx took for the same work. "
        "`wildchain ÷ floor`: wildchain against polars-python's bare `read_csv` + `group_by(species)` "
        "(no unit or date parsing, no validation) — the floor for the dataframe part of every command.",
        "",
    ]
    if tgt:
        md += ["## Targets of issue 9", "",
               "Meant for 10 M rows; at small sizes start-up dominates. \"Load\" for upstream, downstream, chains and dot is "
               "wildchain's own `totals` time on the same file.", "", tgt, ""]
    md += ["## Machine and settings", "", "| | |", "|---|---|"]
    md += [f"| {k} | {v} |" for k, v in machine() + settings]
    md.append("")
    with open(results, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    print(f"bench: wrote {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
