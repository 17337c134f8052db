#!/usr/bin/env bash
# bench/compare.sh — two wildchain binaries on the same generated files, interleaved: did a change
# make wildchain slower or larger?
#
# Usage: bench/compare.sh OLD NEW [SIZE ...]     (default size: 1000000 rows)
#
# OLD and NEW are wildchain binaries (copy the old one aside before rebuilding, e.g.
# `cp target/release/wildchain /tmp/wildchain-old`). The data are bench/data/gen_SIZE.csv, made
# with NEW's `generate --seed 1` when missing (the same files bench/run.sh uses). Each work item
# runs RUNS times per binary, alternating OLD and NEW; the medians of wall time and peak RSS and
# the ratio NEW ÷ OLD are printed as a Markdown table.
#
# Environment:
#   RUNS=3                      runs per binary, work item and size
#   WORKS="totals analyze upstream"   the work items (as in bench/run.sh)
set -euo pipefail

die() { echo "bench/compare.sh: error: $*" >&2; exit 1; }
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -ge 2 ] || die "give two binaries: OLD NEW"
OLD=$(realpath "$1"); NEW=$(realpath "$2"); shift 2
[ -x "$OLD" ] || die "$OLD is not an executable"
[ -x "$NEW" ] || die "$NEW is not an executable"
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000000); fi
RUNS=${RUNS:-3}
read -r -a WORKS <<< "${WORKS:-totals analyze upstream}"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$BENCH/data"
mkdir -p "$DATA"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# One timed run of a work item (the same commands as bench/run.sh): prints "seconds kib".
timed() {
  local bin=$1 file=$2 work=$3 party=$4 cmd
  case "$work" in
    totals | analyze | dot) cmd=("$work") ;;
    upstream | downstream) cmd=("$work" "$party") ;;
    chains) cmd=(chains --limit 1000) ;;
    *) die "unknown work item '$work'" ;;
  esac
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$bin" -i "$file" --format json "${cmd[@]}" \
    > /dev/null 2> "$TMP/stderr" || { cat "$TMP/stderr" >&2; die "$bin ${cmd[*]} failed on $file"; }
  tail -n 1 "$TMP/time"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "| rows | work | old s | new s | new ÷ old (time) | old MiB | new MiB | new ÷ old (RSS) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  file="$DATA/gen_$n.csv"
  if [ ! -f "$file" ]; then
    echo "bench: generating $file" >&2
    "$NEW" generate --rows "$n" --seed 1 -o "$file" --truth "$DATA/gen_$n.truth.json"
  fi
  party=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["busiest_dealer"])' \
    "$DATA/gen_$n.truth.json")
  for work in "${WORKS[@]}"; do
    ot=(); om=(); nt=(); nm=()
    for _ in $(seq "$RUNS"); do
      read -r t m < <(timed "$OLD" "$file" "$work" "$party"); ot+=("$t"); om+=("$m")
      read -r t m < <(timed "$NEW" "$file" "$work" "$party"); nt+=("$t"); nm+=("$m")
    done
    o=$(printf '%s\n' "${ot[@]}" | median); nn=$(printf '%s\n' "${nt[@]}" | median)
    omb=$(printf '%s\n' "${om[@]}" | median); nmb=$(printf '%s\n' "${nm[@]}" | median)
    awk -v n="$n" -v w="$work" -v o="$o" -v nn="$nn" -v om="$omb" -v nm="$nmb" 'BEGIN {
      printf "| %s | %s | %.2f | %.2f | %.2f× | %.0f | %.0f | %.2f× |\n", n, w, o, nn, nn / o, om / 1024, nm / 1024, nm / om
    }'
  done
done
