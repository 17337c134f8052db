"""The polars-python floor: the least work any tool must do to total a transactions CSV by species.

Usage: python polars_floor.py FILE

It reads FILE with `pl.read_csv(FILE, infer_schema_length=0)` (every column as a string: no type
inference, no unit or date parsing, no validation, no rejects), then groups by the raw `species`
cell and computes per species the number of rows and the summed byte length of the `weight` cell
(a stand-in for "sum something": the weights are strings like `120斤`, which this floor does not
parse). Names are not trimmed and bad rows are not dropped. The result (one small table) goes to
stdout, so the work cannot be skipped.

This is a floor, not a competitor: wildchain's `totals` does all of this plus unit and date parsing,
validation and reject counting, so it can approach this time but should not be expected to beat it.
"""

import sys

import polars as pl


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: polars_floor.py FILE")
    df = pl.read_csv(sys.argv[1], infer_schema_length=0)
    out = (
        df.group_by("species")
        .agg(
            pl.len().alias("transactions"),
            pl.col("weight").str.len_bytes().sum().alias("weight_bytes"),
        )
        .sort("species")
    )
    out.write_csv(sys.stdout)


if __name__ == "__main__":
    main()
