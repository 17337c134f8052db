#!/usr/bin/env bash
# bench/same.sh — two wildchain binaries on the same inputs: is every output the same, byte for byte?
#
# Usage: bench/same.sh OLD NEW [ROWS]      (ROWS: the generated case, default 100000; 0 leaves it out)
#
# For a change that must not change what users see (a refactoring, a speed-up): every command, in
# every output format and both languages, on the embedded case, every case file of tests/fixtures/
# and a generated case of ROWS rows (bench/data/gen_ROWS.csv, made with OLD's `generate --seed 1`
# when missing). What is compared: standard output, standard error, the exit code, and the files a
# command writes (-o, --rejects). Each binary runs in a fresh directory of its own. Prints one line
# per difference (the command and the first differing line) and a count; exits 1 when any differ.
#
# Environment:
#   SAME_KEEP=DIR   keep both sides' outputs in DIR (for a closer look with diff -r)
set -euo pipefail

die() { echo "bench/same.sh: error: $*" >&2; exit 2; }
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -ge 2 ] || die "give two binaries: OLD NEW"
OLD=$(realpath "$1"); NEW=$(realpath "$2")
ROWS=${3:-100000}
[ -x "$OLD" ] || die "$OLD is not an executable"
[ -x "$NEW" ] || die "$NEW is not an executable"

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
FIX="$ROOT/tests/fixtures"
OUT=${SAME_KEEP:-$(mktemp -d)}
[ -n "${SAME_KEEP:-}" ] || trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT/old" "$OUT/new" "$OUT/bin/old" "$OUT/bin/new"
# Both run as `wildchain` (clap prints the program's name in --help and usage errors).
ln -sfn "$OLD" "$OUT/bin/old/wildchain"; ln -sfn "$NEW" "$OUT/bin/new/wildchain"
OLD="$OUT/bin/old/wildchain"; NEW="$OUT/bin/new/wildchain"

# Timings, progress and backtraces would differ from run to run.
unset WILDCHAIN_TIMINGS
export RUST_BACKTRACE=0 LC_ALL=C.UTF-8 LANG=C.UTF-8

inputs=("embedded")
for f in "$FIX"/*.csv "$FIX"/*.xls; do
  case "$(basename "$f")" in
    bad_conversions.csv | base_values.csv | conversions.csv | products.csv | unclosed_quote_species.csv) ;;
    *) inputs+=("$f") ;;
  esac
done
if [ "$ROWS" != 0 ]; then
  gen="$BENCH/data/gen_$ROWS.csv"
  mkdir -p "$BENCH/data"
  [ -f "$gen" ] || "$OLD" generate --rows "$ROWS" --seed 1 -o "$gen" >/dev/null
  inputs+=("$gen")
fi

# The busiest seller of an input: the party upstream/downstream/dot trace.
party_of() {
  local args=("$@")
  "$OLD" "${args[@]}" totals --by seller --format csv 2>/dev/null |
    python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(r[1][0] if len(r) > 1 else "x")' || true
}

n=0; differ=0
# One command line on both binaries; compares everything it printed and wrote.
same() {
  local id=$1; shift
  n=$((n + 1))
  for side in old new; do
    local bin=$OLD; [ $side = new ] && bin=$NEW
    local dir="$OUT/$side/$id"
    mkdir -p "$dir/work"
    (cd "$dir/work" && set +e; "$bin" "$@" >"$dir/stdout" 2>"$dir/stderr"; echo $? >"$dir/code")
  done
  if ! diff -rq "$OUT/old/$id" "$OUT/new/$id" >/dev/null; then
    differ=$((differ + 1))
    echo "DIFFERS: wildchain $*"
    diff -r "$OUT/old/$id" "$OUT/new/$id" | sed -n '1,6p' | sed 's/^/    /' || true
  fi
  [ -n "${SAME_KEEP:-}" ] || rm -rf "$OUT/old/$id" "$OUT/new/$id"
}

k=0
for input in "${inputs[@]}"; do
  k=$((k + 1))
  if [ "$input" = embedded ]; then in=(); else in=(-i "$input"); fi
  big=0; [ "$input" = "${gen:-}" ] && big=1
  p=$(party_of "${in[@]}")
  if [ $big = 1 ]; then langs=(en); else langs=(en zh); fi
  for lang in "${langs[@]}"; do
    g=("${in[@]}" --lang "$lang")
    for fmt in table json csv; do
      for cmd in analyze chains balance players networks value validate links \
        "totals --by species" "totals --by seller" "totals --by buyer" "totals --by month" \
        "totals --by link"; do
        read -r -a c <<<"$cmd"
        same "$k-$lang-$fmt-${cmd// /_}" "${g[@]}" --format "$fmt" "${c[@]}"
      done
      same "$k-$lang-$fmt-up" "${g[@]}" --format "$fmt" upstream "$p"
      same "$k-$lang-$fmt-down" "${g[@]}" --format "$fmt" downstream "$p"
      same "$k-$lang-$fmt-rejects" "${g[@]}" --format "$fmt" --rejects rejects.csv -o out totals
    done
    same "$k-$lang-csv-raw" "${g[@]}" --format csv --raw-csv totals --by link
    same "$k-$lang-dot" "${g[@]}" dot
    same "$k-$lang-dot-party" "${g[@]}" dot --party "$p"
    same "$k-$lang-chains-dot" "${g[@]}" --format dot chains
    same "$k-$lang-up-dot" "${g[@]}" --format dot upstream "$p"
    same "$k-$lang-strict" "${g[@]}" --strict totals
    same "$k-$lang-report" "${g[@]}" report -o report.html
    for to in graphml gexf i2 json; do
      same "$k-$lang-export-$to" "${g[@]}" export --to "$to" -o "export.$to"
    done
    if [ $big = 0 ]; then
      same "$k-$lang-normalize" "${g[@]}" normalize "${in[@]:1}"
    fi
  done
done
for lang in en zh; do
  for fmt in table json csv; do
    same "species-$lang-$fmt" --lang "$lang" --format "$fmt" species
    same "species-name-$lang-$fmt" --lang "$lang" --format "$fmt" species 眼镜蛇 穿山甲
    same "species-products-$lang-$fmt" --lang "$lang" --format "$fmt" species --products
  done
  same "help-$lang" --lang "$lang" --help
  same "help-analyze-$lang" --lang "$lang" analyze --help
  same "value-base-$lang" --lang "$lang" -i "$FIX/money.csv" value --values "$FIX/base_values.csv"
  same "conv-$lang" --lang "$lang" -i "$FIX/product_column.csv" --conversions "$FIX/conversions.csv" balance
  same "badconv-$lang" --lang "$lang" --conversions "$FIX/bad_conversions.csv" totals
  same "badspecies-$lang" --lang "$lang" --species-table "$FIX/unclosed_quote_species.csv" totals
  same "links-mixed-$lang" --lang "$lang" -i "$FIX/diamond.csv" --links "$FIX/diamond.csv" analyze
  same "no-network-$lang" --lang "$lang" --network 9 analyze
  same "no-file-$lang" --lang "$lang" -i /nonexistent.csv analyze
done
same "generate" generate --rows 2000 --seed 7 -o gen.csv --truth truth.json

echo "$n command lines, $differ differ (old: $(readlink "$OLD"), new: $(readlink "$NEW"))"
[ "$differ" = 0 ]
