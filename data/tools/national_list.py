#!/usr/bin/env python3
"""Adds every taxon of 国家重点保护野生动物名录 (2021) to data/species.csv.

Python standard library only. Re-runnable: rows this script wrote before (their `source` starts
with MARK) are dropped and written again; every other row is a hand-checked row and wins.

Inputs (see data/species.md, "The national list (script)"):
  --national FILE  lanyuechen/zoo-world data/protection/national-key-wildlife-2021.json
                   (commit 8911f357; compiled from zh.wikipedia, CC BY-SA 4.0)
  --cites FILE     the Species+ "Index of CITES Species" CSV export of 2017-04-21
                   (naturalis/HTS-barcode-checker, resources/Index_of_CITES_Species_2017-04-21
                   17-27.csv.gz; .gz is read as is)
  --table FILE     the species table to merge into (default data/species.csv), rewritten in place

What a row says, and how far it is checked:
  - china_protection: the grade the transcription gives (一级/二级), its notes (仅限野外种群,
    原名 …) in `source`; a 原名 becomes an alias unless another row has that name.
  - cites_appendix: only when Species+ names the species itself (its accepted name or one of its
    synonyms); then `verified=yes`. Otherwise the cell stays empty and `verified=no`, and `source`
    says what Species+ does say (the genus or family listing, or nothing): no appendix is inferred
    from a higher taxon, because the 2017 index cannot tell a whole-genus listing from one that
    lists some species of the genus.
  - taxon_group, english_name: from Species+ (the class and order of the genus; the first English
    name), empty when Species+ does not know the genus.
  - parent: the row of the genus (`<Genus> spp.`) or of the family/order (from Species+) when the
    table has one.
A hand-checked row (any row without MARK) is kept as it is, except that an empty `parent` is
filled as above and a row marked "CITES: not checked" gets the appendix when Species+ names it.
"""

import argparse
import csv
import gzip
import io
import json
import re
import sys
import unicodedata

MARK = "national_list.py:"
CN_KEY = "CN2021名录 (zoo-world transcription of zh.wikipedia, commit 8911f357)"
CITES_KEY = "Species+ Index 2017-04-21"
NOT_CHECKED = "CITES: not checked in this task"

# Spelling errors of the transcription. A correction is applied only when Species+ knows the
# corrected name (printed at the end), so none of them rests on memory alone.
SPELLING = {
    "Baleanoptera": "Balaenoptera",
    "Lutrongale": "Lutrogale",
    "Eumetonpias": "Eumetopias",
    "Nyctereutes procyonides": "Nyctereutes procyonoides",
    "Bhutanitis yulongensisn": "Bhutanitis yulongensis",
    "Ixbrychus": "Ixobrychus",
    "Lophtriorchis": "Lophotriorchis",
    "Icthyophaga": "Ichthyophaga",
    "Parnassius appollo": "Parnassius apollo",
    "Teinopalpus imperialism": "Teinopalpus imperialis",
    "Ketupa Zeylonensis": "Ketupa zeylonensis",
    "Indopacetus pecificus": "Indopacetus pacificus",
}
# Names shifted by one row in the zh.wikipedia copy (documented in data/species.md): 红隼 is
# Falco tinnunculus, 黄爪隼 is Falco naumanni. Applied only when Species+ knows the name.
SHIFTED = {"红隼": "Falco tinnunculus", "黄爪隼": "Falco naumanni"}

GRADE = {"Ⅰ": "一级", "Ⅱ": "二级", "I": "一级", "II": "二级"}
RULE_RANK = {"genus": "genus", "family": "family", "order": "order"}

GROUP_BY_ORDER = {
    "Serpentes": "snake",
    "Testudines": "turtle",
    "Sauria": "lizard",
    "Crocodylia": "reptile",
    "Pholidota": "pangolin",
}
GROUP_BY_CLASS = {
    "Aves": "bird",
    "Mammalia": "mammal",
    "Amphibia": "amphibian",
    "Reptilia": "reptile",
    "Bivalvia": "mollusc",
    "Gastropoda": "mollusc",
    "Cephalopoda": "mollusc",
    "Actinopteri": "fish",
    "Elasmobranchii": "fish",
    "Sarcopterygii": "fish",
    "Insecta": "insect",
    "Arachnida": "arachnid",
    "Anthozoa": "coral",
    "Hydrozoa": "coral",
}


def key(s):
    """How the loader compares names: NFKC, spaces squeezed, lower-cased."""
    return " ".join(unicodedata.normalize("NFKC", s).split()).lower()


def norm_sci(s):
    s = " ".join(s.split())
    parts = s.split(" ")
    if len(parts) > 1:
        parts[1:] = [p.lower() for p in parts[1:]]
    return " ".join(parts)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8-sig")


class Cites:
    """The Species+ index: names and synonyms of listed taxa, and the classification of genera."""

    PARTICLES = {"von", "van", "de", "da", "du", "la", "le", "del", "der", "den", "d"}

    def __init__(self, path):
        self.by_name = {}  # key(name) -> (row, via synonym?)
        self.higher = {}  # genus/family/order name -> listing
        self.genus = {}  # genus -> (class, order, family)
        for r in csv.DictReader(io.StringIO(read_text(path))):
            rank = r["RankName"]
            name = r["FullName"].strip()
            if rank in ("GENUS", "FAMILY", "ORDER", "SUBFAMILY"):
                self.higher[name] = r["CurrentListing"]
            if r["Genus"]:
                self.genus.setdefault(r["Genus"], (r["Class"], r["Order"], r["Family"]))
            if rank in ("SPECIES", "SUBSPECIES"):
                self.by_name.setdefault(key(name), (r, False))
        # Synonyms second: an accepted name always wins over another taxon's synonym.
        for r in list(v[0] for v in self.by_name.values() if not v[1]):
            for syn in self.synonyms(r["SynonymsWithAuthors"]):
                self.by_name.setdefault(key(syn), (r, True))

    @classmethod
    def synonyms(cls, text):
        out = []
        for piece in text.split(","):
            words = piece.strip().split()
            if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z]+", words[0]):
                continue
            if not re.fullmatch(r"[a-z][a-z-]+", words[1]) or words[1] in cls.PARTICLES:
                continue
            name = words[:2]
            if len(words) > 2 and re.fullmatch(r"[a-z][a-z-]+", words[2]):
                if words[2] not in cls.PARTICLES:
                    name.append(words[2])
            out.append(" ".join(name))
        return out

    def find(self, sci):
        return self.by_name.get(key(sci))

    def knows(self, sci):
        return self.find(sci) is not None


def listing(value):
    """A Species+ listing without its NC parts, and whether some were dropped."""
    parts = [p for p in value.split("/") if p]
    kept = [p for p in parts if p != "NC"]
    return "/".join(kept), len(kept) != len(parts)


def group_of(info):
    if info is None:
        return ""
    cls, order, _ = info
    return GROUP_BY_ORDER.get(order) or GROUP_BY_CLASS.get(cls, "")


def cn_notes(entry):
    note = (entry.get("note") or "").strip().rstrip("。")
    aliases = re.findall(r"原名[“\"]([^”\"]+)[”\"]", note)
    return note, aliases


def species_rows(national, cites):
    rows = []
    fixes = []
    for e in national["species"]:
        name = e["chineseName"].strip()
        given = norm_sci(e["scientificName"])
        sci = given
        if name in SHIFTED and cites.knows(SHIFTED[name]):
            sci = SHIFTED[name]
        for wrong, right in SPELLING.items():
            if sci == wrong or sci.startswith(wrong + " "):
                fixed = right + sci[len(wrong):]
                if cites.knows(fixed):
                    sci = fixed
        if sci != given:
            fixes.append((name, given, sci))
        note, aliases = cn_notes(e)
        genus = sci.split(" ")[0]
        info = cites.genus.get(genus)
        hit = cites.find(sci)
        english = ""
        cn_part = f"CN: {CN_KEY} {GRADE[e['level']]}" + (f" ({note})" if note else "")
        if sci != given:
            cn_part += f"; the transcription gives {given}"
        if hit:
            r, via_syn = hit
            app, nc = listing(r["CurrentListing"])
            if not via_syn:
                english = r["EnglishNames"].split(",")[0].strip()
            c = f"CITES: {CITES_KEY} ({app}"
            if via_syn:
                c += f", as {r['FullName']}"
            if "/" in app:
                c += "; split listing by population, see Species+"
            if nc:
                c += "; some populations not listed"
            c += ")"
            # A split listing (I/II …) depends on the population: which one applies in China
            # is not in the index, so the row is not verified.
            verified = "yes" if app and "/" not in app else "no"
            info = info or (r["Class"], r["Order"], r["Family"])
        else:
            app = ""
            verified = "no"
            known = [
                f"{t} {cites.higher[t]}"
                for t in ([genus] + list((info or ("", "", ""))[1:][::-1]))
                if t and cites.higher.get(t)
            ]
            if known:
                c = (f"CITES: not determined (the species is not named in {CITES_KEY}; "
                     f"listed there: {', '.join(known)})")
            else:
                c = f"CITES: not determined (neither the species nor its genus is in {CITES_KEY})"
        rows.append({
            "name_zh": name,
            "aliases_zh": ";".join(aliases),
            "scientific_name": sci,
            "english_name": english,
            "taxon_group": group_of(info),
            "rank": "species" if len(sci.split(" ")) == 2 else "",
            "parent": "",
            "product_names": "",
            "cites_appendix": app,
            "china_protection": GRADE[e["level"]],
            "source": f"{MARK} {cn_part}; {c}",
            "verified": verified,
            "_family": (info or ("", "", ""))[2],
            "_order": (info or ("", "", ""))[1],
        })
    return rows, fixes


def rule_rows(national, cites):
    rows = []
    for rule in national.get("taxonRules", []):
        rank = RULE_RANK[rule["match"]]
        taxon = rule.get("genus") or rule.get("taxon")
        note, aliases = cn_notes(rule)
        app, nc = listing(cites.higher.get(taxon, ""))
        if app:
            c = f"CITES: {CITES_KEY} ({taxon}: {app}" + ("; some taxa not listed" if nc else "") + ")"
        else:
            c = f"CITES: not determined ({taxon} is not in {CITES_KEY})"
        cn_part = f"CN: {CN_KEY} {GRADE[rule['level']]}, every species of the {rank}"
        cn_part += f" ({note})" if note else ""
        info = cites.genus.get(taxon) if rank == "genus" else None
        group = group_of(info)
        if not group and rank != "genus":
            group = "coral" if taxon in ("Antipatharia", "Scleractinia", "Helioporidae",
                                         "Coralliidae") else ""
        rows.append({
            "name_zh": rule["chineseName"].strip(),
            "aliases_zh": ";".join(aliases),
            "scientific_name": f"{taxon} spp." if rank == "genus" else taxon,
            "english_name": "",
            "taxon_group": group,
            "rank": rank,
            "parent": "",
            "product_names": "",
            "cites_appendix": app,
            "china_protection": GRADE[rule["level"]],
            "source": f"{MARK} {cn_part}; {c}",
            "verified": "yes" if app and not nc and "/" not in app else "no",
            "_family": "",
            "_order": "",
        })
    return rows


class Names:
    """Every name the loader indexes (name, aliases, scientific and English name) -> row name."""

    def __init__(self):
        self.owner = {}

    def names(self, row):
        yield row["name_zh"]
        yield from (a for a in row["aliases_zh"].split(";") if a.strip())
        for c in ("scientific_name", "english_name"):
            if row[c].strip():
                yield row[c]

    def add(self, row):
        for n in self.names(row):
            self.owner.setdefault(key(n), row["name_zh"])

    def taken(self, name, by):
        o = self.owner.get(key(name))
        return o is not None and o != by


def merge(table_rows, new_rows, log):
    hand = [r for r in table_rows if not r["source"].startswith(MARK)]
    by_sci = {key(r["scientific_name"]): r for r in hand if r["scientific_name"]}
    names = Names()
    for r in hand:
        names.add(r)
    added = []
    for r in new_rows:
        same = by_sci.get(key(r["scientific_name"]))
        if same is None and names.owner.get(key(r["name_zh"])):
            owner = names.owner[key(r["name_zh"])]
            same = next(x for x in hand + added if x["name_zh"] == owner)
        if same is not None:
            if key(same["scientific_name"]) != key(r["scientific_name"]):
                log.append(f"{r['name_zh']} ({r['scientific_name']}): the name is the hand row "
                           f"{same['name_zh']} ({same['scientific_name']}): kept the hand row")
            fill_checked(same, r, log)
            continue
        # A name another row already has is dropped from this row (the other row keeps it).
        for col in ("english_name", "scientific_name"):
            if r[col] and names.taken(r[col], r["name_zh"]):
                log.append(f"{r['name_zh']}: {col} '{r[col]}' is another row's name: left out")
                r[col] = ""
        aliases = []
        for a in (x for x in r["aliases_zh"].split(";") if x):
            if names.taken(a, r["name_zh"]):
                log.append(f"{r['name_zh']}: former name '{a}' is another row's name: left out")
            else:
                aliases.append(a)
        r["aliases_zh"] = ";".join(aliases)
        names.add(r)
        added.append(r)
    everything = hand + added
    genus_rows = {}
    higher_rows = {}
    for r in everything:
        sci = r["scientific_name"]
        if r["rank"] == "genus" and sci.endswith(" spp."):
            genus_rows[sci[: -len(" spp.")]] = r["name_zh"]
        elif r["rank"] in ("family", "order") and sci and " " not in sci:
            higher_rows[sci] = r["name_zh"]
    for r in everything:
        if r["parent"] or r["rank"] != "species":
            continue
        genus = r["scientific_name"].split(" ")[0]
        parent = genus_rows.get(genus) or higher_rows.get(r.get("_family", "")) or higher_rows.get(
            r.get("_order", ""))
        if parent and parent != r["name_zh"]:
            r["parent"] = parent
    return hand, added


def fill_checked(row, new, log):
    """A hand row keeps its cells; only a CITES cell marked "not checked" is filled, from Species+."""
    if NOT_CHECKED not in row["source"] or row["cites_appendix"]:
        return
    if new["verified"] != "yes" or not new["cites_appendix"]:
        return
    cites_part = new["source"].split("; CITES: ", 1)[1]
    row["source"] = row["source"].replace(NOT_CHECKED, "CITES: " + cites_part)
    row["cites_appendix"] = new["cites_appendix"]
    if row["china_protection"]:
        row["verified"] = "yes"
    if not row["english_name"] and new["english_name"]:
        row["english_name"] = new["english_name"]
    log.append(f"{row['name_zh']}: CITES {row['cites_appendix']} from Species+ (hand row)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--national", required=True)
    ap.add_argument("--cites", required=True)
    ap.add_argument("--table", default="data/species.csv")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    national = json.loads(read_text(args.national))
    cites = Cites(args.cites)
    text = read_text(args.table)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames
    table_rows = list(reader)

    species, fixes = species_rows(national, cites)
    log = [f"{n}: scientific name {a} -> {b} (Species+ knows {b})" for n, a, b in fixes]
    hand, added = merge(table_rows, rule_rows(national, cites) + species, log)

    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(hand + added)
    with open(args.table, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())

    if not args.quiet:
        for line in log:
            print(line, file=sys.stderr)
    verified = sum(1 for r in added if r["verified"] == "yes")
    print(f"{len(national['species'])} species and {len(national.get('taxonRules', []))} "
          f"higher taxa in the list; {len(added)} rows written ({verified} verified), "
          f"{len(hand)} hand rows kept", file=sys.stderr)


if __name__ == "__main__":
    main()
