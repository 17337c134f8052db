"""The pandas + networkx baseline: what an analyst scripts today to get wildchain's answers.

Usage: python pandas_nx.py FILE WORK [PARTY] [--parse rows|apply|unique]

WORK is one of the work items of the benchmark, each doing the same job as the wildchain command:

  totals      `wildchain totals --by species`: per species the known kg, transactions, rows of
              unknown weight, animals counted, first and last date
  analyze     `wildchain analyze`: the species totals, the link graph (one nx.DiGraph edge per
              (seller, buyer) pair, aggregated), each party's role (in/out degree), tier (longest
              path in nx.condensation), kg bought and sold, suppliers and customers, the separate
              networks (weakly connected components), the cycles, and the first 1000 chains
  upstream    `wildchain upstream PARTY`: nx.ancestors of PARTY with hop distances, and the links
              among them
  downstream  `wildchain downstream PARTY`: the same with nx.descendants
  chains      `wildchain chains --limit 1000`: nx.all_simple_paths from every source (no supplier)
              to the sinks (no customer), stopping at 1000, each with its bottleneck weight
  dot         `wildchain dot --party PARTY --depth 1`: nx.ego_graph of PARTY (radius 1, both
              directions) written as Graphviz DOT by hand (no pydot)

Every work item first does the same loading that wildchain does for every command: read the CSV
as strings, trim names, parse each weight with its unit (斤, kg, 公斤, 千克, 两, g, 克, 吨, t, lb; 条/只/头
are counts of animals; empty is unknown, never 0) and each date (2022-04-01, 2022/4/1, 2022.4.1,
2022年4月1日, 20220401, and the months 2022-04, 2022/4, 2022年4月), and drop (and count) the rows that
fail: an empty name, a seller equal to its buyer, a bad or negative weight, an unknown unit, a bad
date.

How the cells are parsed (--parse):
  rows (default)  one Python call per row: `[parse_weight(w, u) for w, u in zip(df.weight,
                  df.unit)]` for the weights, `df.date.map(parse_date)` for the dates; the per-row
                  parsing an analyst writes, in its faster form
  apply           the same function through `df.apply(lambda r: ..., axis=1)`, the most common
                  way it is written; its parsing is about 3-4x slower than `rows` (pandas builds
                  a Series per row: ~20 s per million rows here), so it is not the default: the
                  baseline should not look worse than it has to
  unique          each distinct (weight, unit) pair and each distinct date parsed once and joined
                  back (the trick wildchain uses); not the default: it measures how much of the
                  gap is that trick

The result goes to stdout (JSON, or DOT for `dot`); the stage timings go to stderr.
"""

import argparse
import datetime
import itertools
import json
import math
import re
import sys
import time

import networkx as nx
import pandas as pd

KG_PER_UNIT = {
    "kg": 1.0,
    "公斤": 1.0,
    "千克": 1.0,
    "斤": 0.5,
    "两": 0.05,
    "g": 0.001,
    "克": 0.001,
    "t": 1000.0,
    "吨": 1000.0,
    "lb": 0.45359237,
}
COUNT_UNITS = {"条", "只", "头"}
DEFAULT_UNIT = "kg"
NAN = float("nan")

WEIGHT_RE = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*(\S*)$")
DAY_RES = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
MONTH_RES = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月$"),
]
BAD_DATE = "bad"

T0 = time.perf_counter()


def stage(name):
    print(f"pandas_nx: {name} at {time.perf_counter() - T0:.2f} s", file=sys.stderr)


def parse_weight(weight, unit):
    """(kg, animals, ok) of a weight cell and the row's unit cell; kg NaN = unknown."""
    weight = weight.strip()
    unit = unit.strip()
    if not weight:
        return NAN, NAN, True
    m = WEIGHT_RE.match(weight)
    if m is None:
        return NAN, NAN, False
    value = float(m.group(1))
    u = m.group(2) or unit or DEFAULT_UNIT
    if u in COUNT_UNITS:
        return (NAN, value, True) if value.is_integer() else (NAN, NAN, False)
    factor = KG_PER_UNIT.get(u.lower())
    if factor is None:
        return NAN, NAN, False
    return value * factor, NAN, True


def parse_date(text):
    """'YYYY-MM-DD', 'YYYY-MM' (month only), None (empty: unknown) or BAD_DATE."""
    text = text.strip()
    if not text:
        return None
    for r in DAY_RES:
        m = r.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                return BAD_DATE
    for r in MONTH_RES:
        m = r.match(text)
        if m:
            month = int(m[2])
            return f"{int(m[1]):04d}-{month:02d}" if 1 <= month <= 12 else BAD_DATE
    return BAD_DATE


def load(path, parse):
    """The validated rows: seller, buyer, species, kg, animals, date; and the number rejected."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    stage("read_csv")
    for c in ("seller", "buyer", "species"):
        df[c] = df[c].str.strip()
    if parse == "rows":
        parsed = [parse_weight(w, u) for w, u in zip(df["weight"], df["unit"])]
        df[["kg", "animals", "weight_ok"]] = pd.DataFrame(parsed, index=df.index)
        df["day"] = df["date"].map(parse_date)
    elif parse == "apply":
        parsed = df.apply(lambda r: parse_weight(r["weight"], r["unit"]), axis=1)
        df[["kg", "animals", "weight_ok"]] = pd.DataFrame(parsed.tolist(), index=df.index)
        df["day"] = df["date"].map(parse_date)
    else:
        keys = df[["weight", "unit"]].drop_duplicates()
        keys[["kg", "animals", "weight_ok"]] = pd.DataFrame(
            [parse_weight(w, u) for w, u in zip(keys["weight"], keys["unit"])], index=keys.index
        )
        df = df.merge(keys, on=["weight", "unit"], how="left")
        days = {d: parse_date(d) for d in df["date"].unique()}
        df["day"] = df["date"].map(days)
    stage("parsed weights and dates")
    ok = (
        df["weight_ok"].astype(bool)
        & (df["day"] != BAD_DATE)
        & (df["seller"] != "")
        & (df["buyer"] != "")
        & (df["species"] != "")
        & (df["seller"] != df["buyer"])
    )
    rejected = int((~ok).sum())
    if rejected:
        print(f"pandas_nx: {rejected} of {len(df)} rows rejected", file=sys.stderr)
    df = df.loc[ok, ["seller", "buyer", "species", "kg", "animals", "day"]]
    stage("validated")
    return df, rejected


def species_totals(df):
    """Rows of `totals --by species`, sorted by weight descending (unknown last), then species."""
    t = df.groupby("species").agg(
        weight_kg=("kg", "sum"),
        known=("kg", "count"),
        transactions=("kg", "size"),
        count=("animals", "sum"),
        counted=("animals", "count"),
        first_date=("day", "min"),
        last_date=("day", "max"),
    )
    t.loc[t["known"] == 0, "weight_kg"] = NAN
    t.loc[t["counted"] == 0, "count"] = NAN
    t["unknown_weight"] = t["transactions"] - t["known"]
    t = t.reset_index().sort_values(
        ["weight_kg", "species"], ascending=[False, True], na_position="last"
    )
    cols = ["species", "weight_kg", "transactions", "unknown_weight", "count", "first_date", "last_date"]
    return json.loads(t[cols].to_json(orient="records", force_ascii=False))


def link_graph(df):
    """An nx.DiGraph with one edge per (seller, buyer): known kg (NaN if none) and transactions."""
    links = (
        df.groupby(["seller", "buyer"])
        .agg(weight_kg=("kg", "sum"), known=("kg", "count"), transactions=("kg", "size"))
        .reset_index()
    )
    links.loc[links["known"] == 0, "weight_kg"] = NAN
    g = nx.from_pandas_edgelist(
        links, "seller", "buyer", edge_attr=["weight_kg", "transactions"], create_using=nx.DiGraph
    )
    stage(f"graph built ({g.number_of_nodes()} parties, {g.number_of_edges()} links)")
    return g


def role(g, n):
    if g.in_degree(n) == 0:
        return "source"
    if g.out_degree(n) == 0:
        return "sink"
    return "intermediary"


def tiers(g):
    """Tier of each party: the longest path from a source in the condensation."""
    c = nx.condensation(g)
    tier = {}
    for comp in nx.topological_sort(c):
        tier[comp] = max((tier[p] + 1 for p in c.predecessors(comp)), default=0)
    cycles = [sorted(c.nodes[comp]["members"]) for comp in c if len(c.nodes[comp]["members"]) > 1]
    return {n: tier[comp] for n, comp in c.graph["mapping"].items()}, cycles


def nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def chains(g, limit):
    """The first `limit` simple paths from a source to a sink, and whether there are more."""
    sources = sorted(n for n in g if g.in_degree(n) == 0)
    sinks = {n for n in g if g.out_degree(n) == 0}
    paths = (p for s in sources for p in nx.all_simple_paths(g, s, sinks))
    out = []
    for path in itertools.islice(paths, limit):
        weights = [g.edges[a, b]["weight_kg"] for a, b in zip(path, path[1:])]
        bottleneck = None if any(math.isnan(w) for w in weights) else min(weights)
        out.append({"path": path, "hops": len(path) - 1, "bottleneck_kg": bottleneck})
    truncated = next(paths, None) is not None
    return out, truncated


def analyze(df):
    species = species_totals(df)
    g = link_graph(df)
    sold = df.groupby("seller")["kg"].sum(min_count=1)
    bought = df.groupby("buyer")["kg"].sum(min_count=1)
    tier, cycles = tiers(g)
    parties = [
        {
            "name": n,
            "role": role(g, n),
            "tier": tier[n],
            "bought_kg": nan_to_none(bought.get(n)),
            "sold_kg": nan_to_none(sold.get(n)),
            "suppliers": g.in_degree(n),
            "customers": g.out_degree(n),
        }
        for n in g
    ]
    parties.sort(key=lambda p: (p["tier"], p["name"]))
    networks = sorted(nx.weakly_connected_components(g), key=len, reverse=True)
    found, truncated = chains(g, 1000)
    known = df["kg"].notna()
    summary = {
        "parties": g.number_of_nodes(),
        "links": g.number_of_edges(),
        "species": len(species),
        "transactions": len(df),
        "first_date": df["day"].min(),
        "last_date": df["day"].max(),
        "weight_kg": float(df["kg"].sum()) if known.any() else None,
        "unknown_weight": int((~known).sum()),
        "chains_truncated": truncated,
    }
    return {
        "summary": summary,
        "parties": parties,
        "chains": found,
        "species": species,
        "networks": [{"parties": len(c)} for c in networks],
        "cycles": cycles,
    }


def trace(df, party, direction):
    g = link_graph(df)
    if party not in g:
        sys.exit(f"pandas_nx: no party named {party!r}")
    if direction == "upstream":
        found = nx.ancestors(g, party)
        distance = nx.shortest_path_length(g, target=party)
    else:
        found = nx.descendants(g, party)
        distance = nx.shortest_path_length(g, source=party)
    sub = g.subgraph(found | {party})
    return {
        "party": party,
        "direction": direction,
        "parties": sorted(({"name": n, "distance": distance[n]} for n in found),
                          key=lambda p: (p["distance"], p["name"])),
        "edges": [
            {"seller": a, "buyer": b, "weight_kg": nan_to_none(d["weight_kg"]),
             "transactions": d["transactions"]}
            for a, b, d in sorted(sub.edges(data=True))
        ],
    }


def quote(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


SHAPES = {"source": "box", "intermediary": "ellipse", "sink": "octagon"}


def dot(df, party, out):
    g = link_graph(df)
    if party not in g:
        sys.exit(f"pandas_nx: no party named {party!r}")
    ego = nx.ego_graph(g, party, radius=1, undirected=True)
    out.write(f"digraph {quote('wildchain')} {{\n  graph[rankdir=\"LR\"]\n")
    for n in sorted(ego):
        extra = ' penwidth="3"' if n == party else ""
        out.write(f"  {quote(n)}[label={quote(n)} shape=\"{SHAPES[role(g, n)]}\"{extra}]\n")
    for a, b, d in sorted(ego.edges(data=True)):
        w = d["weight_kg"]
        label = "weight unknown" if math.isnan(w) else f"{w:g} kg"
        style = ' style="dashed"' if math.isnan(w) else ""
        out.write(f"  {quote(a)} -> {quote(b)} [label={quote(label)}{style}]\n")
    out.write("}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("work", choices=["totals", "analyze", "upstream", "downstream", "chains", "dot"])
    ap.add_argument("party", nargs="?")
    ap.add_argument("--parse", choices=["rows", "apply", "unique"], default="rows")
    args = ap.parse_args()
    if args.work in ("upstream", "downstream", "dot") and not args.party:
        ap.error(f"{args.work} needs PARTY")
    df, rejected = load(args.file, args.parse)
    head = {"input": {"rows": len(df) + rejected, "accepted": len(df), "rejected": rejected}}
    if args.work == "totals":
        result = {**head, "by": "species", "rows": species_totals(df)}
    elif args.work == "analyze":
        result = {**head, **analyze(df)}
    elif args.work in ("upstream", "downstream"):
        result = {**head, **trace(df, args.party, args.work)}
    elif args.work == "chains":
        found, truncated = chains(link_graph(df), 1000)
        result = {**head, "chains": found, "truncated": truncated}
    else:
        dot(df, args.party, sys.stdout)
        stage("done")
        return
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    stage("done")


if __name__ == "__main__":
    main()
