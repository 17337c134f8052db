#!/usr/bin/env bash
# bench/many_parties.sh — a rows file in which almost every party is new: the memory case of
# issue 24 (1 M rows over about 2 M parties, where a generated case has a few thousand).
#
# Usage: bench/many_parties.sh ROWS [FILE]     (FILE defaults to standard output)
#
# Row i sells from `s<i>` to `b<i>`, both fresh, except that every tenth row's seller is the
# previous row's buyer (so short chains exist) and every hundredth row's buyer is a party seen
# 1,000 rows before (so some parties trade more than once). Species cycle through five names,
# weights through 1..97 kg, dates through 2022. Deterministic: the same ROWS give the same bytes.
set -euo pipefail
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
rows=$1
out=${2:-/dev/stdout}
awk -v rows="$rows" 'BEGIN {
  split("穿山甲 眼镜蛇 黑熊 犀牛 玳瑁", sp, " ");
  print "seller,buyer,species,weight,date";
  for (i = 1; i <= rows; i++) {
    seller = (i % 10 == 0) ? "b" (i - 1) : "s" i;
    buyer = (i % 100 == 0 && i > 1000) ? "s" (i - 1000) : "b" i;
    printf "%s,%s,%s,%dkg,2022-%02d-%02d\n", seller, buyer, sp[i % 5 + 1], i % 97 + 1, i % 12 + 1, i % 28 + 1;
  }
}' > "$out"
