#!/usr/bin/env bash
# bench/complete_digraph.sh — a rows file whose parties all trade with each other: a complete
# digraph of N parties (N·(N−1) links), plus a source `src` selling to `p0` and a sink `dst`
# buying from `p<N−1>`, so that chains exist (the `chains --temporal` case of issue 24).
#
# Usage: bench/complete_digraph.sh N [FILE]     (FILE defaults to standard output)
#
# Link p<i> → p<j> is dated 2022-01-01 plus (i·7 + j·13) mod 365 days; deterministic.
set -euo pipefail
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
n=$1
out=${2:-/dev/stdout}
awk -v n="$n" 'function day(k,   m, d, len) {
    split("31 28 31 30 31 30 31 31 30 31 30 31", len, " ");
    for (m = 1; k >= len[m]; m++) k -= len[m];
    return sprintf("2022-%02d-%02d", m, k + 1);
  }
  BEGIN {
  print "seller,buyer,species,weight,date";
  print "src,p0,穿山甲,10kg,2022-01-01";
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (i != j) printf "p%d,p%d,穿山甲,%dkg,%s\n", i, j, (i + j) % 50 + 1, day((i * 7 + j * 13) % 365);
  printf "p%d,dst,穿山甲,10kg,2022-12-31\n", n - 1;
}' > "$out"
