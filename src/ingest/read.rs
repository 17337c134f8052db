//! Reading sources and validating them into integer-coded [`Records`]: polars reads the cells as
//! text, [`Dict`] codes every column, and each *distinct* cell is trimmed, named, parsed (weights,
//! dates, confidence) and judged once; one pass over the rows then gathers the parsed values by
//! code and splits accepted from rejected rows.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use polars::prelude::*;

use super::canonical::{canonical_parties, canonical_species};
use super::date::parse_date;
use super::encode::{Dict, counts};
use super::open::{Bytes, Opened, Origin, open, scan_parquet};
use super::provenance::parse_confidence;
use super::records::{DateInfo, Holds, Quantity, Records, Tables};
use super::weight::{Bare, parse_weight};
use super::{
    Dataset, IngestOptions, InputStats, NameMerge, Reject, Source, SourceInfo, SpeciesSeen,
};
use crate::units::{MAX_COUNT, MAX_KG, Unit, kg_to_mg};

/// The columns read, in this order.
const SELLER: usize = 0;
const BUYER: usize = 1;
const SPECIES: usize = 2;
const WEIGHT: usize = 3;
const UNIT: usize = 4;
const DATE: usize = 5;
const SOURCE: usize = 6;
const CONFIDENCE: usize = 7;
const COLUMNS: usize = 8;

/// The name of the row index column of a scan (not `row`, which a file may have).
pub(super) const ROW_INDEX: &str = "__wildchain_row";

/// Reads every source into one validated [`Dataset`].
///
/// # Errors
/// A source that cannot be opened, is empty, is in no known format or encoding, or lacks a required
/// column; the message names the file. Bad *rows* are not errors: they are counted in
/// [`Dataset::rejects`].
///
/// # Complexity
/// One polars read of the columns used, one hash lookup per cell, one parse per distinct weight
/// (with its unit), date, confidence, party and species name, and one pass over the rows.
pub fn load(sources: &[Source], opts: &IngestOptions) -> Result<Dataset> {
    let mut opened = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        let o = crate::timing::stage("open (format, encoding, header)", || open(source, opts));
        opened.push((name.clone(), o.with_context(|| name)?));
    }
    let mut cells = Cells::new();
    let mut infos = Vec::with_capacity(sources.len());
    for (name, o) in opened {
        cells
            .add(&o)
            .with_context(|| format!("cannot read {name}"))
            .map_err(|e| {
                // Large files are checked for UTF-8 by samples; the reader checks every byte.
                if format!("{e:#}").to_lowercase().contains("utf") {
                    e.context(
                        "a file is not UTF-8 throughout although the parts sampled were: give \
                         its encoding with --encoding",
                    )
                } else {
                    e
                }
            })?;
        infos.push(SourceInfo {
            name,
            header: o.header,
            format: o.format,
            origin: o.origin,
        });
    }
    crate::timing::stage("validate", || cells.validate(opts, infos))
}

/// Every source's cells, coded: per column a dictionary shared by all sources and the codes of
/// every row (empty when no source has the column).
struct Cells {
    dicts: Vec<Dict>,
    codes: Vec<Vec<u32>>,
    /// Per source: rows, the number of its first row, how its bare weights are read.
    parts: Vec<Part>,
    rows: usize,
}

struct Part {
    rows: usize,
    first_row: u64,
    bare: &'static str,
}

/// How a source's bare weights are read: the unit in its weight header, refused for a `数量`
/// column, or the default (`""`).
fn bare_unit(o: &Opened) -> &'static str {
    match (o.map.weight_unit, o.map.weight_needs_unit) {
        (Some(u), _) => u.name(),
        (None, true) => "!",
        (None, false) => "",
    }
}

impl Cells {
    fn new() -> Cells {
        Cells {
            dicts: (0..COLUMNS).map(|_| Dict::new()).collect(),
            codes: vec![Vec::new(); COLUMNS],
            parts: Vec::new(),
            rows: 0,
        }
    }

    /// Reads one source and codes its columns (each column on its own thread).
    fn add(&mut self, o: &Opened) -> Result<()> {
        let m = &o.map;
        let positions = [
            Some(m.seller),
            Some(m.buyer),
            Some(m.species),
            Some(m.weight),
            m.unit,
            Some(m.date),
            m.source,
            m.confidence,
        ];
        let (columns, height) =
            crate::timing::stage("polars read", || read_columns(&o.origin, &positions))?;
        let _t = crate::timing::Timer::new("code cells");
        let before = self.rows;
        std::thread::scope(|s| {
            for (k, ((dict, codes), column)) in self
                .dicts
                .iter_mut()
                .zip(&mut self.codes)
                .zip(&columns)
                .enumerate()
            {
                s.spawn(move || match column {
                    Some(c) => {
                        if codes.len() < before {
                            codes.resize(before, 0);
                        }
                        crate::timing::cpu_stage(&format!("code column {k}"), || {
                            dict.encode(c, codes)
                        });
                    }
                    None if !codes.is_empty() => codes.resize(before + height, 0),
                    None => {}
                });
            }
        });
        self.rows += height;
        self.parts.push(Part {
            rows: height,
            first_row: o.format.first_row,
            bare: bare_unit(o),
        });
        Ok(())
    }

    /// The code of row `i` in column `c` (0, the empty cell, when no source has the column).
    #[inline]
    fn code(&self, c: usize, i: usize) -> u32 {
        self.codes[c].get(i).copied().unwrap_or(0)
    }

    /// Trims, names and parses every distinct cell, then splits the rows into accepted records
    /// and rejects.
    fn validate(self, opts: &IngestOptions, sources: Vec<SourceInfo>) -> Result<Dataset> {
        let trimmed: Vec<Vec<&str>> = self
            .dicts
            .iter()
            .map(|d| d.values.iter().map(|v| v.trim()).collect())
            .collect();

        let t0 = crate::timing::Timer::new("validate: names");
        let names = Names::of(
            [
                (&trimmed[SELLER], &self.codes[SELLER]),
                (&trimmed[BUYER], &self.codes[BUYER]),
                (&trimmed[SPECIES], &self.codes[SPECIES]),
            ],
            opts,
        );
        let (seller_id, buyer_id, species_id) = (&names.ids[0], &names.ids[1], &names.ids[2]);

        drop(t0);
        let t1 = crate::timing::Timer::new("validate: dates, weights");
        // Dates, confidence and sources: one parse per distinct cell.
        let mut errors: Vec<String> = Vec::new();
        let mut error = |e: String| -> u32 {
            errors.push(e);
            ERROR | (errors.len() as u32 - 1)
        };
        let mut infos: Vec<DateInfo> = Vec::new();
        let date_raw: Vec<u32> = trimmed[DATE]
            .iter()
            .map(|t| match parse_date(t) {
                Ok(None) => 0,
                Ok(Some(span)) => {
                    infos.push(DateInfo {
                        start: span.start,
                        from: span.from,
                        to: span.to,
                        end: span.end,
                        time: span.time,
                    });
                    infos.len() as u32
                }
                Err(e) => error(format!("column 'date': {e}")),
            })
            .collect();
        let confidence: Vec<u32> = trimmed[CONFIDENCE]
            .iter()
            .map(|t| match parse_confidence(t) {
                Ok(m) => m.map_or(0, |m| u32::from(m.code())),
                Err(e) => error(format!("column 'confidence': {e}")),
            })
            .collect();
        let mut source_lists: Vec<Vec<String>> = vec![Vec::new()];
        let mut source_ids: HashMap<&str, u32> = HashMap::new();
        let source_id: Vec<u32> = trimmed[SOURCE]
            .iter()
            .map(|t| {
                if t.is_empty() {
                    return 0;
                }
                *source_ids.entry(t).or_insert_with(|| {
                    source_lists.push(vec![t.to_string()]);
                    source_lists.len() as u32 - 1
                })
            })
            .collect();
        let (mut tables, date_code) = Tables::with_dates(Vec::new(), infos, source_lists);
        let date_id: Vec<u32> = date_raw
            .iter()
            .map(|&d| match d {
                0 => 0,
                d if d & ERROR != 0 => d,
                d => date_code[d as usize - 1],
            })
            .collect();

        // Weights: one parse per distinct (weight, unit, bare unit), found as the rows come.
        let bares: Vec<&'static str> = {
            let mut b: Vec<&'static str> = self.parts.iter().map(|p| p.bare).collect();
            b.sort_unstable();
            b.dedup();
            b
        };
        let mut weights = WeightTable::new(
            self.dicts[WEIGHT].len(),
            self.dicts[UNIT].len(),
            bares.len(),
        );
        let kilo = Unit::lookup("kg").unwrap_or(Unit::Mass {
            kg: 1.0,
            name: "kg",
        });
        let default = Bare::Unit(opts.default_unit.unwrap_or(kilo));
        let bare_of: Vec<Bare> = bares
            .iter()
            .map(|b| match *b {
                "" => default,
                "!" => opts.default_unit.map_or(Bare::Refused, Bare::Unit),
                name => Unit::lookup(name).map_or(default, Bare::Unit),
            })
            .collect();
        let mut parser = WeightParser {
            weights: &trimmed[WEIGHT],
            units: &trimmed[UNIT],
            bares: &bare_of,
            quantities: Vec::new(),
            ids: HashMap::new(),
        };

        // Every (weight, unit, bare unit) of the rows, parsed once, before the rows are split.
        let mut start = 0usize;
        for part in &self.parts {
            let b = bares.binary_search(&part.bare).unwrap_or(0);
            for i in start..start + part.rows {
                weights.get(
                    self.code(WEIGHT, i),
                    self.code(UNIT, i),
                    b,
                    &mut parser,
                    &mut errors,
                );
            }
            start += part.rows;
        }

        drop(t1);
        let t2 = crate::timing::Timer::new("validate: gather rows");
        // The rows, in as many pieces as there are cores, each gathered on its own thread.
        let has_source = tables.sources.len() > 1;
        let has_confidence = confidence.iter().any(|&c| c != 0 && c & ERROR == 0);
        let nonempty: Vec<Vec<bool>> = trimmed
            .iter()
            .map(|col| col.iter().map(|t| !t.is_empty()).collect())
            .collect();
        let mut part_start = Vec::with_capacity(self.parts.len());
        let mut at = 0;
        for p in &self.parts {
            part_start.push(at);
            at += p.rows;
        }
        let g = Gather {
            cells: &self,
            part_start: &part_start,
            bare_of_part: self
                .parts
                .iter()
                .map(|p| bares.binary_search(&p.bare).unwrap_or(0))
                .collect(),
            nonempty: &nonempty,
            trimmed: &trimmed,
            ids: [seller_id, buyer_id, species_id],
            weights: &weights,
            quantities: &parser.quantities,
            date_id: &date_id,
            confidence: &confidence,
            source_id: &source_id,
            errors: &errors,
            has_source,
            has_confidence,
        };
        let pieces = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(self.rows / 100_000 + 1);
        let bounds: Vec<usize> = (0..=pieces).map(|k| self.rows * k / pieces).collect();
        let mut outs: Vec<Gathered> = std::thread::scope(|sc| {
            let handles: Vec<_> = bounds
                .windows(2)
                .skip(1)
                .map(|w| {
                    let (a, b) = (w[0], w[1]);
                    let g = &g;
                    sc.spawn(move || g.run(a..b))
                })
                .collect();
            let mut outs = vec![g.run(bounds[0]..bounds[1])];
            for h in handles {
                outs.push(h.join().unwrap_or_default());
            }
            outs
        });
        drop(t2);
        let _t3 = crate::timing::Timer::new("validate: join pieces");
        let mut first = outs.remove(0);
        for o in outs {
            first.append(o);
        }
        if let Some(file) = first.too_many_rows {
            bail!("{} has more than {} rows", sources[file].name, u32::MAX);
        }
        let Gathered {
            records: rec,
            rejects,
            blank: blank_rows,
            approx: approx_rows,
            ..
        } = first;
        tables.quantities = parser.quantities;
        super::records::check_totals(&rec, &tables)?;
        let accepted = rec.len() as u64;
        Ok(Dataset {
            holds: Holds::Rows,
            records: rec,
            tables,
            parties: names.parties,
            species: names.species,
            stats: InputStats {
                rows: accepted + rejects.len() as u64,
                accepted,
                rejected: rejects.len() as u64,
            },
            rejects,
            sources,
            blank_rows,
            approx_rows,
            party_merges: names.party_merges,
            species_seen: names.species_seen,
            species_table: opts.species.clone(),
            aliases: opts.aliases.clone(),
            party_names: names.party_names,
            species_names: names.species_names,
        })
    }
}

/// Everything the row pass reads: the codes of the cells and what each code means.
struct Gather<'a> {
    cells: &'a Cells,
    part_start: &'a [usize],
    bare_of_part: Vec<usize>,
    nonempty: &'a [Vec<bool>],
    trimmed: &'a [Vec<&'a str>],
    ids: [&'a [u32]; 3],
    weights: &'a WeightTable,
    quantities: &'a [Quantity],
    date_id: &'a [u32],
    confidence: &'a [u32],
    source_id: &'a [u32],
    errors: &'a [String],
    has_source: bool,
    has_confidence: bool,
}

/// What the row pass gives for a range of rows.
#[derive(Default)]
struct Gathered {
    records: Records,
    rejects: Vec<Reject>,
    blank: u64,
    approx: u64,
    /// A source whose row numbers do not fit 32 bits.
    too_many_rows: Option<usize>,
}

impl Gathered {
    /// Appends the rows of the next range.
    fn append(&mut self, o: Gathered) {
        let (r, s) = (&mut self.records, o.records);
        r.file.extend_from_slice(&s.file);
        r.row.extend_from_slice(&s.row);
        r.seller.extend_from_slice(&s.seller);
        r.buyer.extend_from_slice(&s.buyer);
        r.species.extend_from_slice(&s.species);
        r.quantity.extend_from_slice(&s.quantity);
        r.date.extend_from_slice(&s.date);
        r.source.extend_from_slice(&s.source);
        r.confidence.extend_from_slice(&s.confidence);
        self.rejects.extend(o.rejects);
        self.blank += o.blank;
        self.approx += o.approx;
        self.too_many_rows = self.too_many_rows.or(o.too_many_rows);
    }
}

impl Gather<'_> {
    /// Judges the rows of `range`: blank, rejected (with every reason) or accepted (gathered).
    fn run(&self, range: std::ops::Range<usize>) -> Gathered {
        let c = self.cells;
        let mut out = Gathered::default();
        let n = range.len();
        let r = &mut out.records;
        for v in [
            &mut r.file,
            &mut r.row,
            &mut r.seller,
            &mut r.buyer,
            &mut r.species,
            &mut r.quantity,
            &mut r.date,
        ] {
            v.reserve(n);
        }
        let col = |k: usize| -> Option<&[u32]> {
            let v = &c.codes[k];
            (!v.is_empty()).then_some(v.as_slice())
        };
        let [sel, buy, spe, wei, uni, dat, sou, con] =
            [SELLER, BUYER, SPECIES, WEIGHT, UNIT, DATE, SOURCE, CONFIDENCE].map(col);
        let at = |v: Option<&[u32]>, i: usize| v.map_or(0, |v| v[i]);
        let mut file = self.part_start.partition_point(|&s| s <= range.start) - 1;
        let mut file_end = self.part_start.get(file + 1).copied().unwrap_or(usize::MAX);
        for i in range {
            while i >= file_end {
                file += 1;
                file_end = self.part_start.get(file + 1).copied().unwrap_or(usize::MAX);
            }
            let (sc, bc, pc) = (at(sel, i), at(buy, i), at(spe, i));
            let (s, by, sp) = (
                self.ids[0][sc as usize],
                self.ids[1][bc as usize],
                self.ids[2][pc as usize],
            );
            let (wc, uc, dc) = (at(wei, i), at(uni, i), at(dat, i));
            let (oc, cc) = (at(sou, i), at(con, i));
            if s == NONE {
                let ne = |k: usize, code: u32| self.nonempty[k][code as usize];
                if !(ne(BUYER, bc)
                    || ne(SPECIES, pc)
                    || ne(WEIGHT, wc)
                    || ne(UNIT, uc)
                    || ne(DATE, dc)
                    || ne(SOURCE, oc)
                    || ne(CONFIDENCE, cc))
                {
                    out.blank += 1;
                    continue;
                }
            }
            let q = self.weights.lookup(wc, uc, self.bare_of_part[file]);
            let (d, conf) = (self.date_id[dc as usize], self.confidence[cc as usize]);
            let row = c.parts[file].first_row + (i - self.part_start[file]) as u64;
            if s == NONE || by == NONE || sp == NONE || s == by || (q | d | conf) & ERROR != 0 {
                let mut why = Vec::new();
                for (id, name) in [(s, "seller"), (by, "buyer"), (sp, "species")] {
                    if id == NONE {
                        why.push(format!("column '{name}' is empty"));
                    }
                }
                if s != NONE && s == by {
                    why.push(format!(
                        "seller and buyer are the same party '{}'",
                        self.trimmed[SELLER][sc as usize]
                    ));
                }
                for e in [q, d, conf] {
                    if e & ERROR != 0 {
                        why.push(self.errors[(e & !ERROR) as usize].clone());
                    }
                }
                out.rejects.push(Reject {
                    source: file,
                    row,
                    reason: why.join("; "),
                    reasons: why,
                });
                continue;
            }
            let Ok(row) = u32::try_from(row) else {
                out.too_many_rows = Some(file);
                break;
            };
            out.approx += u64::from(self.quantities[q as usize].approx);
            let r = &mut out.records;
            r.file.push(file as u32);
            r.row.push(row);
            r.seller.push(s);
            r.buyer.push(by);
            r.species.push(sp);
            r.quantity.push(q);
            r.date.push(d);
            if self.has_source {
                r.source.push(self.source_id[oc as usize]);
            }
            if self.has_confidence {
                r.confidence.push(conf as u8);
            }
        }
        out
    }
}

/// Party and species ids for coded name columns.
pub(super) struct Names {
    pub parties: Vec<String>,
    pub species: Vec<String>,
    /// For the seller, buyer and species columns: the id of each code ([`NONE`] when empty).
    pub ids: [Vec<u32>; 3],
    pub party_merges: Vec<NameMerge>,
    pub party_names: HashMap<String, String>,
    pub species_seen: SpeciesSeen,
    pub species_names: HashMap<String, String>,
}

impl Names {
    /// Names the distinct (trimmed) values of the seller, buyer and species columns, given with
    /// the codes of their rows: parties through their normal form and the aliases, species
    /// through the species table.
    pub(super) fn of(columns: [(&[&str], &[u32]); 3], opts: &IngestOptions) -> Names {
        let spellings = |cols: &[(&[&str], &[u32])]| -> Vec<(String, u64)> {
            let mut rows: HashMap<&str, u64> = HashMap::new();
            for (trimmed, codes) in cols {
                for (code, n) in counts(codes, trimmed.len()).into_iter().enumerate() {
                    let t = trimmed[code];
                    if n > 0 && !t.is_empty() {
                        *rows.entry(t).or_default() += n;
                    }
                }
            }
            let mut v: Vec<(String, u64)> =
                rows.into_iter().map(|(s, n)| (s.to_string(), n)).collect();
            v.sort();
            v
        };
        let [seller, buyer, species] = columns;
        let party_spellings = spellings(&[seller, buyer]);
        let (shown, party_merges, party_names) = canonical_parties(&party_spellings, opts);
        let (parties, party_of) = name_ids(&party_spellings, shown);
        let species_spellings = spellings(&[species]);
        let (canon, species_seen, species_names) = canonical_species(&species_spellings, opts);
        let (species_list, species_of) = name_ids(&species_spellings, canon);
        let id = |trimmed: &[&str], of: &HashMap<String, u32>| -> Vec<u32> {
            trimmed
                .iter()
                .map(|t| of.get(*t).copied().unwrap_or(NONE))
                .collect()
        };
        Names {
            ids: [
                id(seller.0, &party_of),
                id(buyer.0, &party_of),
                id(species.0, &species_of),
            ],
            parties,
            species: species_list,
            party_merges,
            party_names,
            species_seen,
            species_names,
        }
    }
}

/// No party or species (an empty cell).
pub(super) const NONE: u32 = u32::MAX;
/// Marks a code that is an index into the errors of distinct cells.
const ERROR: u32 = 1 << 31;

/// The ids of the names shown (sorted, distinct), and the id of each spelling.
pub(super) fn name_ids(
    spellings: &[(String, u64)],
    shown: Vec<String>,
) -> (Vec<String>, HashMap<String, u32>) {
    let mut names = shown.clone();
    names.sort_unstable();
    names.dedup();
    let of: HashMap<String, u32> = spellings
        .iter()
        .zip(&shown)
        .map(|((s, _), name)| {
            let id = names.binary_search(name).unwrap_or(0) as u32;
            (s.clone(), id)
        })
        .collect();
    (names, of)
}

/// A parsed weight as a [`Quantity`], refusing figures too large to be true (and to sum exactly).
fn quantity(cell: &str, r: super::weight::Reading) -> std::result::Result<Quantity, String> {
    use super::weight::Quantity as Q;
    let approx = r.approx.is_some();
    match r.quantity {
        Q::Unknown => Ok(Quantity::default()),
        Q::Kg(kg) if kg.is_finite() && kg <= MAX_KG => Ok(Quantity {
            mg: Some(kg_to_mg(kg)),
            count: None,
            approx,
        }),
        Q::Count(n) if n.is_finite() && n <= MAX_COUNT => Ok(Quantity {
            mg: None,
            count: Some(n as i64),
            approx,
        }),
        Q::Kg(_) => Err(format!(
            "column 'weight': weight '{cell}' is too large (over {} t)",
            MAX_KG / 1000.0
        )),
        Q::Count(_) => Err(format!(
            "column 'weight': count '{cell}' is too large (over {MAX_COUNT})"
        )),
    }
}

/// The parsed (weight, unit, bare unit) triples, found as the rows come: a dense table when the
/// codes allow, else a hash map.
struct WeightTable {
    units: usize,
    bares: usize,
    dense: Vec<u32>,
    sparse: HashMap<(u32, u32, usize), u32>,
}

const UNSET: u32 = u32::MAX;

impl WeightTable {
    fn new(weights: usize, units: usize, bares: usize) -> WeightTable {
        let size = weights.saturating_mul(units).saturating_mul(bares);
        WeightTable {
            units,
            bares,
            dense: if size <= 1 << 24 {
                vec![UNSET; size]
            } else {
                Vec::new()
            },
            sparse: HashMap::new(),
        }
    }

    #[inline]
    fn get(
        &mut self,
        w: u32,
        u: u32,
        b: usize,
        parser: &mut WeightParser,
        errors: &mut Vec<String>,
    ) -> u32 {
        if self.dense.is_empty() {
            return *self
                .sparse
                .entry((w, u, b))
                .or_insert_with(|| parser.parse(w, u, b, errors));
        }
        let at = (w as usize * self.units + u as usize) * self.bares + b;
        let v = self.dense[at];
        if v != UNSET {
            return v;
        }
        let v = parser.parse(w, u, b, errors);
        self.dense[at] = v;
        v
    }
}

impl WeightTable {
    /// The code of a triple already parsed (by [`WeightTable::get`]).
    #[inline]
    fn lookup(&self, w: u32, u: u32, b: usize) -> u32 {
        if self.dense.is_empty() {
            return self.sparse.get(&(w, u, b)).copied().unwrap_or(UNSET);
        }
        self.dense[(w as usize * self.units + u as usize) * self.bares + b]
    }
}

/// Parses distinct (weight, unit, bare unit) cells into the quantity table.
struct WeightParser<'a> {
    weights: &'a [&'a str],
    units: &'a [&'a str],
    bares: &'a [Bare],
    quantities: Vec<Quantity>,
    ids: HashMap<Quantity, u32>,
}

impl WeightParser<'_> {
    /// The quantity code of a triple, or [`ERROR`] with the index of its reason in `errors`.
    fn parse(&mut self, w: u32, u: u32, b: usize, errors: &mut Vec<String>) -> u32 {
        let cell = self.weights[w as usize];
        match parse_weight(cell, self.units[u as usize], self.bares[b])
            .map_err(|(field, msg)| format!("column '{}': {msg}", field.name()))
            .and_then(|r| quantity(cell, r))
        {
            Ok(q) => {
                let next = self.quantities.len() as u32;
                let id = *self.ids.entry(q).or_insert(next);
                if id == next {
                    self.quantities.push(q);
                }
                id
            }
            Err(e) => {
                errors.push(e);
                ERROR | (errors.len() as u32 - 1)
            }
        }
    }
}

/// The cells of the columns at `positions` (`None`: the source has no such column) as text, and
/// the number of rows.
pub(super) fn read_columns(
    origin: &Origin,
    positions: &[Option<usize>],
) -> Result<(Vec<Option<StringChunked>>, usize)> {
    let mut wanted: Vec<usize> = positions.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let df = match origin {
        Origin::Csv {
            bytes,
            delimiter,
            skip,
        } => {
            let options = CsvReadOptions::default()
                .with_has_header(true)
                .with_skip_rows(*skip)
                .with_infer_schema_length(Some(0))
                .with_projection(Some(Arc::new(wanted.clone())))
                .with_parse_options(
                    CsvParseOptions::default()
                        .with_separator(*delimiter)
                        .with_missing_is_null(true),
                );
            match bytes {
                Bytes::File(p) => options
                    .try_into_reader_with_file_path(Some(p.clone()))?
                    .finish()?,
                Bytes::Memory(b) => options
                    .into_reader_with_file_handle(Cursor::new(b.as_slice()))
                    .finish()?,
            }
        }
        Origin::Parquet(bytes) => {
            let mut lf = scan_parquet(bytes, None)?;
            let names: Vec<PlSmallStr> = lf.collect_schema()?.iter_names().cloned().collect();
            lf.select(
                wanted
                    .iter()
                    .map(|&p| col(names[p].clone()).cast(DataType::String))
                    .collect::<Vec<_>>(),
            )
            .collect()?
        }
    };
    if df.width() != wanted.len() {
        bail!(
            "expected {} columns, but the reader found {}",
            wanted.len(),
            df.width()
        );
    }
    let height = df.height();
    let columns = df.columns();
    let mut out = Vec::with_capacity(positions.len());
    for p in positions {
        out.push(match p {
            Some(p) => {
                let at = wanted.binary_search(p).unwrap_or(0);
                Some(columns[at].cast(&DataType::String)?.str()?.clone())
            }
            None => None,
        });
    }
    Ok((out, height))
}
