"""Checks the Spark job against wildchain on one machine:

- `analyze` from the Spark links equals `analyze` from the links wildchain makes of the rows
  (`wildchain links`), in everything but what names rows of the input;
- and equals `analyze` from the rows themselves (parties, links, weights, chains, balances,
  leads) but for the running stock (`negative_stock_date` and its leads): that walk needs each
  row's date, and a links table has one interval per link, whoever makes it;
- the job read and rejected the same rows, with the same row numbers and reasons.

    python scale/compare.py rows.json links.json onemachine.json job.json \
        rejects.rows.csv rejects.spark.csv
"""

import csv
import json
import re
import sys


def without_row_references(v):
    """Drops what names rows of the input (it differs between rows and links by design)."""
    if isinstance(v, dict):
        return {
            k: (re.sub(r" \(first: .*? row \d+\)", "", x) if k == "detail" and isinstance(x, str)
                else without_row_references(x))
            for k, x in v.items()
            if k not in ("input", "first_unknown_row")
        }
    if isinstance(v, list):
        return [without_row_references(x) for x in v]
    return v


def without_running_stock(v):
    """Drops the running-stock walk, which needs each row's date (links have an interval)."""
    v = without_row_references(v)
    for r in v.get("balance", []):
        r.pop("negative_stock_date", None)
    v["leads"] = [x for x in v.get("leads", []) if x["kind"] != "negative_stock"]
    return v


def rejects(path):
    with open(path, newline="", encoding="utf-8") as f:
        # wildchain's rejects file also lists unknown cells of kept rows (problem=unknown_cell);
        # the job's lists refused rows only.
        return [
            (r["file"], int(r["row"]), r["reason"])
            for r in csv.DictReader(f)
            if r.get("problem", "refused") != "unknown_cell"
        ]


def main():
    rows_path, links_path, one_path, job_path, rej_rows, rej_spark = sys.argv[1:7]
    rows, links, one, job = (
        json.load(open(p, encoding="utf-8")) for p in (rows_path, links_path, one_path, job_path)
    )
    failures = []
    checks = [
        ("links of one machine", without_row_references(one), without_row_references(links)),
        ("rows", without_running_stock(rows), without_running_stock(links)),
    ]
    for what, a, b in checks:
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                failures.append(f"analyze from the Spark links and from the {what} differ in '{key}'")
    if rows["input"]["rejected"] != job["rejected"]:
        failures.append(f"rejected: rows {rows['input']['rejected']}, Spark {job['rejected']}")
    if rows["input"]["rows"] != job["rows"]:
        failures.append(f"rows read: rows {rows['input']['rows']}, Spark {job['rows']}")
    if rejects(rej_rows) != rejects(rej_spark):
        failures.append("the rejected rows (file, row, reason) differ")
    s = rows["summary"]
    print(
        f"compare: {job['rows']} rows, {job['rejected']} rejected, {s['parties']} parties, "
        f"{s['links']} links, {s['weight_kg']} kg"
    )
    if failures:
        for f in failures:
            print("compare: FAIL:", f)
        sys.exit(1)
    print(
        "compare: analyze from the Spark links equals analyze from wildchain's own links, and "
        "from the rows but for the running stock"
    )


if __name__ == "__main__":
    main()
