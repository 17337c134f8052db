#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a set time at the lowest priority (the machine is shared).
#   fuzz/run.sh [SECONDS per target, default 600] [TARGET …]      (targets: weight date header ingest)
#   JOBS=2 fuzz/run.sh 600     # two targets at a time
#
# libFuzzer (from the libfuzzer-sys crate) on the stable toolchain, without cargo-fuzz: the
# RUSTC_WRAPPER fuzz/rustc-cov adds coverage counters (sancov) to wildchain and the targets only,
# and every other crate is the project's ordinary release build. So the build reuses a copy of the
# project's warm target/ (FUZZ_TARGET_DIR, default fuzz/target) and compiles only wildchain and the
# targets: 16 minutes at nice 19 on 2 busy cores, against 30 minutes or more for cargo-fuzz, which
# instruments polars too (its counters would not help: the targets aim at wildchain's own code). No
# AddressSanitizer: the code under test is safe Rust; a panic, an abort, a timeout or memory past
# the limit is what a run finds. Crashes land in fuzz/artifacts/TARGET/; the inputs worth keeping
# go to fuzz/seeds/TARGET/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(weight date header ingest)
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"
if [ ! -d "$CARGO_TARGET_DIR/release" ] && [ -d ../target/release ]; then
  echo "fuzz: copying the project's release build to $CARGO_TARGET_DIR (its dependencies are reused)"
  mkdir -p "$CARGO_TARGET_DIR"
  cp -a ../target/release "$CARGO_TARGET_DIR/"
fi
[ -f Cargo.lock ] || cp ../Cargo.lock Cargo.lock   # the project's versions, so nothing else rebuilds
RUSTC_WRAPPER="$PWD/rustc-cov" nice -n 19 cargo build --release --bins
run() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "fuzz: $t for ${secs}s"
  nice -n 19 "$CARGO_TARGET_DIR/release/$t" "corpus/$t" "seeds/$t" -max_total_time="$secs" \
    -max_len=4096 -rss_limit_mb=4096 -timeout=20 -artifact_prefix="artifacts/$t/" \
    -print_final_stats=1 2>&1 | grep -E "^(INFO: Loaded|Done|stat::|==|SUMMARY|artifact_prefix|Test unit)|panicked" || true
}
jobs=${JOBS:-1}
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run "$t" &
done
wait
if find artifacts -type f | grep -q .; then
  echo "fuzz: FOUND inputs that fail, in fuzz/artifacts/:"; find artifacts -type f
  exit 1
fi
echo "fuzz: every target ran ${secs}s clean"
