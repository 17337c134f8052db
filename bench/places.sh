#!/usr/bin/env bash
# bench/places.sh — what two place columns cost (issue 23): `analyze` on a generated case with
# the seller's and the buyer's place against the same rows without them, and `places` against
# `totals` on the case with places. One binary; runs interleaved; medians of wall time, CPU
# time (user + sys), each of its parts and peak RSS. On a virtual machine the system part (the
# kernel handing out fresh pages) varies two-fold between identical runs; the user part is the
# program's own work and varies little, so its ratio is printed too.
#
# Usage: bench/places.sh BINARY [ROWS]      (default: 10000000 rows)
#
# The data are bench/data/places_ROWS/with/case.csv (`generate --places --seed 1`),
# bench/data/places_ROWS/without/case.csv (its first six columns) and
# bench/data/places_ROWS/padded/case.csv (the same bytes as `with`, but the two place columns
# named so that nothing reads them: what carrying their bytes costs, before any place is read);
# one file name, so that the evidence rows the outputs print are as long in all.
#
# Environment: RUNS=5 runs per work item.
set -euo pipefail
die() { echo "bench/places.sh: error: $*" >&2; exit 1; }
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
BIN=$(realpath "$1"); ROWS=${2:-10000000}; RUNS=${RUNS:-5}
[ -x "$BIN" ] || die "$BIN is not an executable"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR="$BENCH/data/places_$ROWS"
mkdir -p "$DIR/with" "$DIR/without" "$DIR/padded"
if [ ! -f "$DIR/with/case.csv" ]; then
  echo "bench: generating $DIR/with/case.csv" >&2
  "$BIN" generate --rows "$ROWS" --seed 1 --places -o "$DIR/with/case.csv" 2>/dev/null
  cut -d, -f1-6 "$DIR/with/case.csv" > "$DIR/without/case.csv"
fi
if [ ! -f "$DIR/padded/case.csv" ]; then
  { head -1 "$DIR/with/case.csv" | sed 's/seller_place,buyer_place$/extra_a,extra_b/'
    tail -n +2 "$DIR/with/case.csv"; } > "$DIR/padded/case.csv"
fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# One run: prints "wall cpu kib user system".
timed() {
  (cd "$DIR/$1" && /usr/bin/time -f '%e %U %S %M' -o "$TMP/t" "$BIN" -i case.csv --format json "$2" \
    > /dev/null 2> "$TMP/err") || { cat "$TMP/err" >&2; die "$2 on $1 failed"; }
  awk '{printf "%s %.2f %s %s %s\n", $1, $2 + $3, $4, $2, $3}' "$TMP/t"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for k in $(seq "$RUNS"); do
  for item in "without analyze" "padded analyze" "with analyze" "with totals" "with places"; do
    set -- $item
    echo "$1-$2 $(timed "$1" "$2")" >> "$TMP/all"
  done
done
col() { grep "^$1 " "$TMP/all" | awk -v c="$2" '{print $c}' | median; }
echo "rows: $ROWS, runs: $RUNS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| work | wall s | cpu s | user s | system s | MiB |"
echo "|---|---:|---:|---:|---:|---:|"
for w in without-analyze padded-analyze with-analyze with-totals with-places; do
  echo "| $w | $(col $w 2) | $(col $w 3) | $(col $w 5) | $(col $w 6) | $(( $(col $w 4) / 1024 )) |"
done
ratio() { awk -v a="$(col "$1" "$3")" -v b="$(col "$2" "$3")" 'BEGIN {printf "%.3f", a / b}'; }
echo
echo "analyze with places ÷ without: wall $(ratio with-analyze without-analyze 2), cpu $(ratio with-analyze without-analyze 3), user $(ratio with-analyze without-analyze 5)"
echo "analyze on the same bytes unread ÷ without: wall $(ratio padded-analyze without-analyze 2), cpu $(ratio padded-analyze without-analyze 3), user $(ratio padded-analyze without-analyze 5)"
echo "places ÷ totals (with places): wall $(ratio with-places with-totals 2), cpu $(ratio with-places with-totals 3), user $(ratio with-places with-totals 5)"
