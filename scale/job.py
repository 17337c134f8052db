"""wildchain beyond one machine: wildchain's own parsing on every Spark partition, links out.

    python scale/job.py FILE... --out links.parquet [--rejects rejects.csv] [--wildchain PATH]

Each input file (delimited UTF-8 text, its header on the first line) is read as lines; every
partition is piped through `wildchain normalize` (RDD.pipe), so weights (`50多斤`, `三斤二两`),
dates (`2022年4月至5月`), species aliases, party normal forms and rejections are wildchain's
rules, run on the executors, never rewritten in SQL. Each line goes in after its line number, so
that rejected rows keep the row numbers of the original file. A quoted cell may not hold a line
break here (Spark splits text files into lines).

The canonical rows are aggregated to the links table (one row per seller, buyer, species) with the
SQL below and written as one Parquet file, which `wildchain --links FILE analyze` reads. Parties
are shown by their most frequent spelling over the whole input (rejected rows included; the first
in byte order on a tie), as wildchain shows them when it reads the rows itself.
"""

import argparse
import glob
import json
import os
import shlex
import shutil
import sys
import tempfile
import time

# The links table: the README's SQL, on wildchain's canonical rows. Weights are summed as exact
# decimals (milligrams), so the sum does not depend on the partitioning.
LINKS_SQL = """
SELECT seller, buyer, species,
       CAST(SUM(CAST(weight_kg AS DECIMAL(38, 6))) AS DOUBLE) AS weight_kg,  -- NULL when none is known
       COUNT(*)                                         AS transactions,
       COUNT(*) - COUNT(weight_kg)                      AS unknown_weight,
       SUM(`count`)                                     AS `count`,
       COUNT(`count`)                                   AS counted,
       MIN_BY(date_from, date_from_order)               AS first_date,
       MAX_BY(date_to, date_to_order)                   AS last_date,
       SUM(CASE WHEN approximate THEN 1 ELSE 0 END)     AS approx_rows,
       CASE MAX(CASE confidence WHEN 'confirmed' THEN 3 WHEN 'probable' THEN 2
                                WHEN 'unconfirmed' THEN 1 END)
            WHEN 3 THEN 'confirmed' WHEN 2 THEN 'probable' WHEN 1 THEN 'unconfirmed' END
                                                        AS confidence,
       COUNT(confidence)                                AS confidence_rows,
       CASE WHEN COUNT(source) > 0
            THEN TO_JSON(SORT_ARRAY(COLLECT_SET(source))) END AS sources
FROM accepted
GROUP BY seller, buyer, species
ORDER BY seller, buyer, species
"""

# The name each canonical name is shown by: its most frequent spelling, the first on a tie.
SHOWN_SQL = """
SELECT kind, name, spelling AS shown FROM (
  SELECT kind, name, spelling,
         ROW_NUMBER() OVER (PARTITION BY kind, name ORDER BY n DESC, spelling ASC) AS rank
  FROM (SELECT kind, name, spelling, COUNT(*) AS n FROM votes GROUP BY kind, name, spelling))
WHERE rank = 1
"""

SCHEMA = (
    "file STRING, row BIGINT, seller STRING, buyer STRING, species STRING, "
    "weight_kg DECIMAL(38, 6), count BIGINT, date_from STRING, date_to STRING, "
    "precision STRING, approximate BOOLEAN, confidence STRING, source STRING, reject STRING, "
    "seller_spelling STRING, buyer_spelling STRING, species_spelling STRING, "
    "date_from_order BIGINT, date_to_order BIGINT"
)


def tree_cpu_seconds():
    """CPU seconds of this process and every process under it (the JVM, its Python workers, the
    wildchain processes it ran and waited for), from /proc; None where there is no /proc."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        stats = {}
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    stats[int(pid)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
                except OSError:
                    pass
        tree, todo = set(), [os.getpid()]
        while todo:
            p = todo.pop()
            tree.add(p)
            todo.extend(c for c, (ppid, _) in stats.items() if ppid == p and c not in tree)
        return round(sum(stats[p][1] for p in tree if p in stats) / tick, 1)
    except (OSError, ValueError):
        return None


def first_line(path):
    with open(path, "rb") as f:
        line = f.readline().decode("utf-8-sig")
    return line.rstrip("\r\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="delimited UTF-8 files, header on the first line")
    p.add_argument("--out", required=True, help="the links Parquet file to write")
    p.add_argument("--rejects", help="write the rejected rows here (CSV: file,row,reason)")
    p.add_argument("--wildchain", default=shutil.which("wildchain") or "wildchain")
    p.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    p.add_argument("--partitions", type=int, default=0, help="minimum partitions per file")
    p.add_argument("--shuffle-partitions", type=int, default=8,
                   help="partitions of the aggregation (Spark's default of 200 suits clusters)")
    p.add_argument("--delimiter", default=",", help="the files' delimiter (default ,)")
    p.add_argument("--report", help="write the counts and timings as JSON here")
    args = p.parse_args()

    from pyspark.sql import SparkSession

    started = time.time()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("wildchain-links")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    wildchain = os.path.abspath(args.wildchain) if os.path.exists(args.wildchain) else args.wildchain
    d = args.delimiter

    parts = []
    for path in args.inputs:
        header = first_line(path)
        command = " ".join(
            shlex.quote(a)
            for a in [
                wildchain, "normalize", "--format", "json",
                "--header", f"__row{d}{header}", "--row-column", "__row",
                "--delimiter", d, "--name", path,
            ]
        )
        lines = sc.textFile(path, args.partitions or None)
        numbered = (
            lines.zipWithIndex()
            .filter(lambda li: li[1] > 0)
            .map(lambda li, d=d: f"{li[1]}{d}{li[0]}")
        )
        parts.append(numbered.pipe(command, checkCode=True))
    canonical = (
        spark.read.schema(SCHEMA).option("mode", "FAILFAST").json(sc.union(parts)).cache()
    )
    canonical.createOrReplaceTempView("canonical")

    spark.sql("""
        SELECT 0 AS kind, seller AS name, seller_spelling AS spelling FROM canonical
        UNION ALL SELECT 0, buyer, buyer_spelling FROM canonical
        UNION ALL SELECT 1, species, species_spelling FROM canonical
    """).where("spelling IS NOT NULL").createOrReplaceTempView("votes")
    spark.sql(SHOWN_SQL).cache().createOrReplaceTempView("shown")
    spark.sql("""
        SELECT COALESCE(s.shown, c.seller) AS seller, COALESCE(b.shown, c.buyer) AS buyer,
               COALESCE(p.shown, c.species) AS species,
               weight_kg, `count`, date_from, date_to, date_from_order, date_to_order,
               approximate, confidence, source
        FROM canonical c
        LEFT JOIN shown s ON s.kind = 0 AND s.name = c.seller
        LEFT JOIN shown b ON b.kind = 0 AND b.name = c.buyer
        LEFT JOIN shown p ON p.kind = 1 AND p.name = c.species
        WHERE c.reject IS NULL
    """).createOrReplaceTempView("accepted")

    links = spark.sql(LINKS_SQL)
    tmp = tempfile.mkdtemp(prefix="wildchain-links-")
    links.coalesce(1).write.mode("overwrite").parquet(os.path.join(tmp, "links"))
    written = glob.glob(os.path.join(tmp, "links", "part-*.parquet"))
    if len(written) != 1:
        sys.exit(f"job: expected one Parquet part file, found {len(written)}")
    shutil.move(written[0], args.out)
    shutil.rmtree(tmp, ignore_errors=True)

    counts = canonical.selectExpr(
        "COUNT(*) AS rows", "COUNT(reject) AS rejected"
    ).collect()[0]
    link_count = spark.read.parquet(args.out).count()
    if args.rejects:
        rejected = (
            canonical.where("reject IS NOT NULL")
            .select("file", "row", "reject")
            .orderBy("file", "row")
            .collect()
        )
        import csv

        with open(args.rejects, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["file", "row", "reason"])
            for r in rejected:
                w.writerow([r["file"], r["row"], r["reject"]])
    report = {
        "rows": counts["rows"],
        "accepted": counts["rows"] - counts["rejected"],
        "rejected": counts["rejected"],
        "links": link_count,
        "seconds": round(time.time() - started, 1),
        "cpu_seconds": tree_cpu_seconds(),
        "master": args.master,
    }
    print(
        f"job: {report['rows']} rows read, {report['accepted']} accepted, "
        f"{report['rejected']} rejected; {report['links']} links written to {args.out} "
        f"in {report['seconds']} s ({report['cpu_seconds']} s of CPU)",
        file=sys.stderr,
    )
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f)
    spark.stop()


if __name__ == "__main__":
    main()
