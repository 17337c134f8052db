#!/usr/bin/env bash
# Runs each fuzz target for a set time, one at a time, at the lowest priority (the machine is shared).
#   fuzz/run.sh [SECONDS per target, default 600] [TARGET …]
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain, or stable with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). The first build compiles polars with coverage
# instrumentation: 30 minutes or more on 2 cores. Crashes land in fuzz/artifacts/TARGET/; copy the
# ones that matter into fuzz/seeds/TARGET/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(weight date header ingest)
toolchain=+nightly
rustup toolchain list | grep -q nightly || { toolchain=; export RUSTC_BOOTSTRAP=1; }
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  echo "fuzz: $t for ${secs}s"
  nice -n 19 cargo $toolchain fuzz run --release "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$secs" -max_len=4096 -rss_limit_mb=4096 -timeout=20
done
