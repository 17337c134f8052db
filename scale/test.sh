#!/usr/bin/env bash
# The Spark job for real: Spark in local mode (local[2]) on a generated case, checked against
# wildchain reading the rows itself. Installs what it needs (a Java runtime from Debian, PySpark
# from PyPI into scale/.venv). Rows: WILDCHAIN_SPARK_ROWS (default 1000000).
#
#   bash scale/test.sh        # the job: about 140 CPU seconds for 1 M rows, once installed
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${WILDCHAIN_SPARK_ROWS:-1000000}"

if ! command -v java >/dev/null 2>&1; then
  echo "scale: installing a Java runtime (Spark runs on the JVM)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq default-jre-headless >/dev/null
fi
if [ ! -x scale/.venv/bin/python ]; then
  echo "scale: installing PySpark into scale/.venv"
  if ! python3 -m venv scale/.venv >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv scale/.venv
  fi
fi
scale/.venv/bin/pip install -q -r scale/requirements.txt
PY=scale/.venv/bin/python

cargo build --release -q
WC="$PWD/target/release/wildchain"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "scale: generating $ROWS rows"
"$WC" generate --rows "$ROWS" --seed 1 -o "$WORK/case.csv"

echo "scale: wildchain on the rows"
"$WC" -i "$WORK/case.csv" --rejects "$WORK/rejects.rows.csv" analyze --format json \
  > "$WORK/rows.json" 2>/dev/null

"$WC" -i "$WORK/case.csv" links -o "$WORK/onemachine.links.csv" 2>/dev/null
"$WC" --links "$WORK/onemachine.links.csv" analyze --format json > "$WORK/onemachine.json"

echo "scale: the Spark job (local[2])"
"$PY" scale/job.py "$WORK/case.csv" --wildchain "$WC" --master "local[2]" \
  --out "$WORK/links.parquet" --rejects "$WORK/rejects.spark.csv" --report "$WORK/job.json"

echo "scale: wildchain on the Spark links"
"$WC" --links "$WORK/links.parquet" analyze --format json > "$WORK/links.json" 2>/dev/null

"$PY" scale/compare.py "$WORK/rows.json" "$WORK/links.json" "$WORK/onemachine.json" \
  "$WORK/job.json" "$WORK/rejects.rows.csv" "$WORK/rejects.spark.csv"
# The links tables themselves, each read back and written by wildchain (same order, same format).
"$WC" --links "$WORK/links.parquet" links -o "$WORK/spark.links.csv"
"$WC" --links "$WORK/onemachine.links.csv" links -o "$WORK/onemachine.links2.csv"
if ! cmp -s "$WORK/spark.links.csv" "$WORK/onemachine.links2.csv"; then
  echo "scale: FAIL: the Spark links table differs from wildchain links:"
  diff "$WORK/onemachine.links2.csv" "$WORK/spark.links.csv" | head -20
  exit 1
fi
echo "scale: the Spark links table equals wildchain links ($(($(wc -l < "$WORK/spark.links.csv") - 1)) links)"
