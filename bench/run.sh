#!/usr/bin/env bash
# bench/run.sh — wildchain against pandas + networkx and the polars-python floor, side by side.
#
# Usage: bench/run.sh [SIZE ...]        (default sizes: 100000 1000000 10000000 rows)
#
# Builds wildchain (cargo build --release), generates the data sets with `wildchain generate`
# (bench/data/, kept between runs), installs the pinned Python baselines into bench/.venv, times
# every side on every work item RUNS times with /usr/bin/time, prints the table of medians and
# writes it with the machine to bench/RESULTS.md. Works from any directory; safe to rerun.
#
# Environment:
#   RUNS=3            timed runs per side, work item and size (all kept; the median is reported)
#   SLOW_ROWS=5000000 pandas + networkx at this many rows or more is "slow" (minutes per run) …
#   SLOW_RUNS=1       … and runs only this many times there
#   SKIP_SLOW=0       1: skip pandas + networkx entirely at SLOW_ROWS and more
#   PANDAS_PARSE=rows how pandas_nx.py parses cells: rows (default), apply or unique (see README)
#   NO_BUILD=0        1: benchmark target/release/wildchain as it is, without cargo build
#   WILDCHAIN=PATH    benchmark this wildchain binary (no build)
#   PYTHON=python3    the Python (>= 3.11) that creates bench/.venv
set -euo pipefail

die() { echo "bench/run.sh: error: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

case "${1:-}" in
  -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
cd "$ROOT"
[ -f Cargo.toml ] || die "no Cargo.toml in $ROOT: run.sh must stay in the bench/ folder of the wildchain repository"

# ---- settings ---------------------------------------------------------------------------------
given=""  # the settings the user gave, to repeat them in RESULTS.md
for v in RUNS SLOW_ROWS SLOW_RUNS SKIP_SLOW PANDAS_PARSE NO_BUILD; do
  if [ -n "${!v+x}" ]; then given+="$v=${!v} "; fi
done
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100000 1000000 10000000); fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "size '$n' is not a positive whole number of rows (e.g. 100000)"
done
RUNS=${RUNS:-3}
SLOW_ROWS=${SLOW_ROWS:-5000000}
SLOW_RUNS=${SLOW_RUNS:-1}
SKIP_SLOW=${SKIP_SLOW:-0}
PANDAS_PARSE=${PANDAS_PARSE:-rows}
NO_BUILD=${NO_BUILD:-0}
PYTHON=${PYTHON:-python3}
for v in RUNS SLOW_ROWS SLOW_RUNS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' must be a positive whole number"
done
[[ $SKIP_SLOW =~ ^[01]$ ]] || die "SKIP_SLOW='$SKIP_SLOW' must be 0 or 1"
[[ $NO_BUILD =~ ^[01]$ ]] || die "NO_BUILD='$NO_BUILD' must be 0 or 1"
[[ $PANDAS_PARSE =~ ^(rows|apply|unique)$ ]] || die "PANDAS_PARSE='$PANDAS_PARSE' must be rows, apply or unique"
WORKS=(totals analyze upstream downstream chains dot)

# ---- tools ------------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  say "/usr/bin/time is missing: installing the Debian package 'time'"
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get update -qq && apt-get install -y -qq time > /dev/null || die "apt-get install time failed"
  else
    die "/usr/bin/time is missing: install GNU time (e.g. 'sudo apt-get install time') and rerun"
  fi
fi
command -v "$PYTHON" > /dev/null || die "'$PYTHON' not found: install Python 3.11 or later, or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "$PYTHON is $("$PYTHON" --version 2>&1); the pinned pandas needs Python 3.11 or later (set PYTHON=...)"

# ---- 1. build ---------------------------------------------------------------------------------
WC="$ROOT/target/release/wildchain"
if [ -n "${WILDCHAIN:-}" ]; then
  # A copy of the binary keeps the run stable while target/ is rebuilt.
  WC="$WILDCHAIN"
  say "WILDCHAIN=$WC: benchmarking that binary as it is"
elif [ "$NO_BUILD" = 1 ]; then
  say "NO_BUILD=1: benchmarking $WC as it is"
else
  command -v cargo > /dev/null || die "cargo not found: install Rust (https://rustup.rs) or set NO_BUILD=1"
  say "cargo build --release (a cold build of polars takes about 20 minutes on 2 cores)"
  cargo build --release || die "cargo build --release failed"
fi
[ -x "$WC" ] || die "$WC does not exist: run cargo build --release"

# ---- 2. Python baselines ----------------------------------------------------------------------
VENV="$BENCH/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed (on Debian: apt-get install python3-venv)"
fi
want=$(sha256sum "$BENCH/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha256" 2> /dev/null || true)" != "$want" ] \
  || ! "$PY" -c 'import pandas, networkx, polars' 2> /dev/null; then
  say "installing bench/requirements.txt into bench/.venv"
  "$PY" -m pip install --disable-pip-version-check -q -r "$BENCH/requirements.txt" \
    || die "pip install -r bench/requirements.txt failed"
  echo "$want" > "$VENV/.requirements.sha256"
fi
"$PY" -c 'import pandas, networkx, polars' || die "bench/.venv cannot import pandas, networkx, polars: delete bench/.venv and rerun"

# ---- 3. data ----------------------------------------------------------------------------------
DATA="$BENCH/data"
LOGS="$DATA/logs"
mkdir -p "$DATA" "$LOGS"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for n in "${SIZES[@]}"; do
  csv="$DATA/gen_$n.csv" truth="$DATA/gen_$n.truth.json"
  if [ -s "$csv" ] && [ -s "$truth" ]; then continue; fi
  say "generating $n rows: bench/data/gen_$n.csv"
  "$WC" generate --rows "$n" --seed 1 -o "$csv.part" --truth "$truth.part" \
    || die "wildchain generate --rows $n failed"
  mv "$truth.part" "$truth"
  mv "$csv.part" "$csv"
done

# ---- 4. runs ----------------------------------------------------------------------------------
stamp=$(date +%Y%m%d-%H%M%S)
RAW="$DATA/raw-$stamp.tsv"
printf 'size\tside\twork\trun\tseconds\trss_kib\n' > "$RAW"

# measure SIZE SIDE WORK RUN COMMAND...: time one run, append it to $RAW, stop on failure.
measure() {
  local size=$1 side=$2 work=$3 run=$4 runs=$5
  shift 5
  local log="$LOGS/${size}_${side}_${work}.stderr"
  if ! /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" > /dev/null 2> "$log"; then
    echo "bench/run.sh: error: $side $work failed on $size rows: $*" >&2
    echo "--- last lines of $log:" >&2
    tail -n 15 "$log" >&2
    echo "--- the runs timed so far are in $RAW" >&2
    exit 1
  fi
  local secs kib
  read -r secs kib < <(tail -n 1 "$TMP/time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$side" "$work" "$run" "$secs" "$kib" >> "$RAW"
  say "$(printf '%9s rows  run %d/%d  %-12s %-16s %8.2f s %7.0f MiB' \
    "$size" "$run" "$runs" "$side" "$work" "$secs" "$((kib / 1024))")"
}

# Warm up once: the binary and the Python imports come from the page cache in every timed run.
"$WC" --version > /dev/null
"$PY" -c 'import pandas, networkx, polars'

for n in "${SIZES[@]}"; do
  csv="$DATA/gen_$n.csv"
  party=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["busiest_dealer"])' \
    "$DATA/gen_$n.truth.json") || die "no busiest_dealer in bench/data/gen_$n.truth.json: delete it and rerun"
  cat "$csv" > /dev/null # the page cache: no run pays for the first read from disk
  pd_runs=$RUNS
  if [ "$n" -ge "$SLOW_ROWS" ]; then
    if [ "$SKIP_SLOW" = 1 ]; then
      pd_runs=0
      say "$n rows: pandas + networkx skipped (SKIP_SLOW=1)"
      for w in "${WORKS[@]}"; do printf '%s\tpandas_nx\t%s\t0\tskipped\tskipped\n' "$n" "$w" >> "$RAW"; done
    elif [ "$SLOW_RUNS" -lt "$RUNS" ]; then
      pd_runs=$SLOW_RUNS
      say "$n rows: pandas + networkx runs $pd_runs time(s) per work item (SLOW_RUNS=$SLOW_RUNS, minutes per run)"
    fi
  fi
  say "$n rows: busiest dealer (from the truth file) is $party"
  for ((r = 1; r <= RUNS; r++)); do
    measure "$n" polars_floor read+group_by "$r" "$RUNS" "$PY" "$BENCH/polars_floor.py" "$csv"
    for w in "${WORKS[@]}"; do
      case $w in
        totals) cmd=(totals --by species --format json) ;;
        analyze) cmd=(analyze --format json) ;;
        upstream | downstream) cmd=("$w" "$party" --format json) ;;
        chains) cmd=(chains --limit 1000 --format json) ;;
        dot) cmd=(dot --party "$party" --depth 1) ;;
      esac
      measure "$n" wildchain "$w" "$r" "$RUNS" "$WC" -i "$csv" "${cmd[@]}"
      if [ "$r" -le "$pd_runs" ]; then
        measure "$n" pandas_nx "$w" "$r" "$pd_runs" "$PY" "$BENCH/pandas_nx.py" "$csv" "$w" "$party" --parse "$PANDAS_PARSE"
      fi
    done
  done
done
cp "$RAW" "$DATA/last-run.tsv"

# ---- 5. report --------------------------------------------------------------------------------
export BENCH_COMMAND="${given}bench/run.sh${*:+ $*}" BENCH_RUNS=$RUNS BENCH_SLOW_ROWS=$SLOW_ROWS \
  BENCH_SLOW_RUNS=$SLOW_RUNS BENCH_SKIP_SLOW=$SKIP_SLOW BENCH_PANDAS_PARSE=$PANDAS_PARSE \
  BENCH_ELAPSED="$((SECONDS / 60)) min $((SECONDS % 60)) s"
"$PY" "$BENCH/report.py" "$RAW" "$BENCH/RESULTS.md"
say "raw timings: ${RAW#"$ROOT"/}; stderr of the last run of each item: ${LOGS#"$ROOT"/}/"
say "done in $BENCH_ELAPSED"
