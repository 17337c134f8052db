//! The row pass: every row judged blank, rejected (with all its reasons) or accepted, its codes
//! turned into the ids and table codes of its record; in one piece per core.

use super::distinct::{ERROR, MoneyCells, NONE, TOTAL, WeightTable};
use super::read::{
    AMOUNT, BUYER, BUYER_PLACE, CONFIDENCE, Cells, DATE, NOTE, PRICE, SELLER, SELLER_PLACE, SOURCE,
    SPECIES, UNIT, WEIGHT,
};
use super::records::{Quantity, Records};
use crate::ingest::cell::reason::{Column, Kind, Reason, is_total};
use crate::ingest::{CellProblem, Kept, Reject};

/// Everything the row pass reads: the codes of the cells and what each code means.
pub(super) struct Gather<'a> {
    pub(super) cells: &'a Cells,
    pub(super) part_start: &'a [usize],
    pub(super) bare_of_part: Vec<usize>,
    pub(super) nonempty: &'a [Vec<bool>],
    pub(super) trimmed: &'a [Vec<&'a str>],
    pub(super) ids: [&'a [u32]; 3],
    pub(super) weights: &'a WeightTable,
    pub(super) quantities: &'a [Quantity],
    pub(super) date_id: &'a [u32],
    /// For a date cell that cannot be read, the date code its row keeps (0, or its month).
    pub(super) date_kept: &'a [u32],
    /// The date table the date codes point into.
    pub(super) dates: &'a [super::records::DateInfo],
    /// The quantity code of an unknown weight.
    pub(super) unknown_quantity: u32,
    pub(super) confidence: &'a [u32],
    pub(super) source_id: &'a [u32],
    /// Why each distinct bad cell is refused (by the index in an [`ERROR`] code).
    pub(super) errors: &'a [Reason],
    pub(super) has_source: bool,
    pub(super) has_confidence: bool,
    pub(super) money: &'a MoneyCells,
    /// Some row has a note (备注): records keep the code of their note cell.
    pub(super) has_note: bool,
    /// Cells found unreadable while opening, read as empty: (row index, [`ERROR`] code of the
    /// reason, whose column names the cell), in row order.
    pub(super) open_cells: &'a [(usize, u32)],
    /// The place cells (seller's, buyer's), judged once per distinct cell.
    pub(super) places: &'a super::places::PlaceCells,
    /// The number of parties (what the places the rows give are noted by).
    pub(super) parties: usize,
}

/// What the row pass gives for a range of rows.
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) records: Records,
    pub(super) rejects: Vec<Reject>,
    /// Cells of accepted rows that could not be read, in row order.
    pub(super) problems: Vec<CellProblem>,
    pub(super) blank: u64,
    /// Where the blank rows are: (source, row). A blank row may have text in a column not read
    /// ([`super::rejects::text_not_read`]).
    pub(super) blank_at: Vec<(usize, u64)>,
    pub(super) approx: u64,
    /// A source whose row numbers do not fit 32 bits.
    pub(super) too_many_rows: Option<usize>,
    /// Per accepted record when the sources have money columns: its price id (high 32 bits) and
    /// amount id ([`MoneyCells`]).
    pub(super) money: Vec<u64>,
    /// The places the records give their parties, noted as they pass (no array of a place per
    /// record is kept: only what each party is said to be).
    pub(super) places: super::places::Notes,
}

impl Gathered {
    /// Appends the rows of the next range.
    pub(super) fn append(&mut self, o: Gathered) {
        let (r, s) = (&mut self.records, o.records);
        self.places.append(o.places, r.len() as u64);
        r.file.extend_from_slice(&s.file);
        r.row.extend_from_slice(&s.row);
        r.seller.extend_from_slice(&s.seller);
        r.buyer.extend_from_slice(&s.buyer);
        r.species.extend_from_slice(&s.species);
        r.quantity.extend_from_slice(&s.quantity);
        r.date.extend_from_slice(&s.date);
        r.source.extend_from_slice(&s.source);
        r.confidence.extend_from_slice(&s.confidence);
        r.note.extend_from_slice(&s.note);
        self.money.extend_from_slice(&o.money);
        self.rejects.extend(o.rejects);
        self.problems.extend(o.problems);
        self.blank += o.blank;
        self.blank_at.extend(o.blank_at);
        self.approx += o.approx;
        self.too_many_rows = self.too_many_rows.or(o.too_many_rows);
    }
}

impl Gather<'_> {
    /// Judges the rows of `range`: blank, rejected (with every reason) or accepted (gathered).
    pub(super) fn run(&self, range: std::ops::Range<usize>) -> Gathered {
        let c = self.cells;
        let mut out = Gathered::default();
        let [has_seller_place, has_buyer_place] = self.places.present;
        if has_seller_place || has_buyer_place {
            out.places = super::places::Notes::new(self.parties);
        }
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
        let [sel, buy, spe, wei, uni, dat, sou, con, pri, amo, not] = [
            SELLER, BUYER, SPECIES, WEIGHT, UNIT, DATE, SOURCE, CONFIDENCE, PRICE, AMOUNT, NOTE,
        ]
        .map(col);
        let (spl, bpl) = (col(SELLER_PLACE), col(BUYER_PLACE));
        let [seller_places, buyer_places] = &self.places.ids;
        let keys = &self.places.keys;
        let money = self.money.present;
        let at = |v: Option<&[u32]>, i: usize| v.map_or(0, |v| v[i]);
        let mut next_open = self.open_cells.partition_point(|o| o.0 < range.start);
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
            let (rc, ac) = (at(pri, i), at(amo, i));
            let nc = at(not, i);
            let (slc, blc) = (at(spl, i), at(bpl, i));
            let row = c.parts[file]
                .numbers
                .row((i - self.part_start[file]) as u64);
            // The cells of this row found unreadable while opening.
            let opened = {
                let from = next_open;
                while self.open_cells.get(next_open).is_some_and(|o| o.0 == i) {
                    next_open += 1;
                }
                &self.open_cells[from..next_open]
            };
            if s == NONE && opened.is_empty() {
                let ne = |k: usize, code: u32| self.nonempty[k][code as usize];
                if !(ne(BUYER, bc)
                    || ne(SPECIES, pc)
                    || ne(WEIGHT, wc)
                    || ne(UNIT, uc)
                    || ne(DATE, dc)
                    || ne(SOURCE, oc)
                    || ne(CONFIDENCE, cc)
                    || ne(NOTE, nc)
                    || ne(SELLER_PLACE, slc)
                    || ne(BUYER_PLACE, blc)
                    || (money && (ne(PRICE, rc) || ne(AMOUNT, ac))))
                {
                    out.blank += 1;
                    out.blank_at.push((file, row));
                    continue;
                }
            }
            let mut q = self.weights.lookup(wc, uc, self.bare_of_part[file]);
            let (mut d, mut conf) = (self.date_id[dc as usize], self.confidence[cc as usize]);
            let (mut p, mut a) = if money {
                let m = self.money;
                (
                    m.price_ids[m.unit_of_part[file]][rc as usize],
                    m.amount_ids[ac as usize],
                )
            } else {
                (0, 0)
            };
            let (mut sl, mut bl) = (seller_places[slc as usize], buyer_places[blc as usize]);
            let mut sp = sp;
            // A cell found unreadable while opening was read as empty: its reason stands for
            // it. A unit that is no value leaves the weight unknown; a species or product, the
            // species (its cell was emptied too, so that `sp` is the unknown species).
            // Two such cells for one value (weight and unit, species and product): the first
            // stands for it, the others are named beside it.
            let (mut species_why, mut also) = (None, Vec::new());
            if !opened.is_empty() {
                let mut taken = [false; 5];
                for &(_, e) in opened {
                    let value = match self.errors[(e & !ERROR) as usize].column {
                        Column::Weight | Column::Unit => Some((0, &mut q)),
                        Column::Date => Some((1, &mut d)),
                        Column::Confidence => Some((2, &mut conf)),
                        Column::Price => Some((3, &mut p)),
                        Column::Amount => Some((4, &mut a)),
                        _ => None,
                    };
                    match value {
                        Some((slot, v)) if !taken[slot] => {
                            taken[slot] = true;
                            *v = e;
                        }
                        None if species_why.is_none() => species_why = Some(e),
                        _ => also.push(e),
                    }
                }
            }
            // NONE and TOTAL have the ERROR bit, as has an unknown species: one test for all.
            if (s | by | sp | q | d | conf | p | a | sl | bl) & ERROR != 0 || s == by {
                let cell = |k: usize, code: u32| self.trimmed[k][code as usize];
                // A total line is set apart whatever else it holds.
                let total = [
                    (s == TOTAL, Column::Seller, cell(SELLER, sc)),
                    (by == TOTAL, Column::Buyer, cell(BUYER, bc)),
                    (sp == TOTAL, Column::Species, cell(SPECIES, pc)),
                    (d & ERROR != 0, Column::Date, cell(DATE, dc)),
                    (q & ERROR != 0, Column::Weight, cell(WEIGHT, wc)),
                ]
                .into_iter()
                .find(|(bad, _, c)| *bad && is_total(c));
                if let Some((_, column, c)) = total {
                    out.rejects.push(Reject {
                        source: file,
                        row,
                        reasons: vec![Reason::new(
                            column,
                            Kind::TotalLine {
                                cell: c.to_string(),
                            },
                        )],
                    });
                    continue;
                }
                let mut why = Vec::new();
                for (id, column, k, code) in [
                    (s, Column::Seller, SELLER, sc),
                    (by, Column::Buyer, BUYER, bc),
                    (sp, Column::Species, SPECIES, pc),
                ] {
                    if id == NONE {
                        why.push(Reason::new(column, Kind::no_name(cell(k, code))));
                    }
                }
                if s != NONE && s == by {
                    why.push(Reason::new(
                        Column::Seller,
                        Kind::SameParty {
                            party: cell(SELLER, sc).to_string(),
                        },
                    ));
                }
                if !why.is_empty() {
                    // Who traded with whom is not said: the row is refused, with every reason.
                    if let Some(e) = species_why {
                        why.push(self.errors[(e & !ERROR) as usize].clone());
                    } else if sp != NONE && sp & ERROR != 0 {
                        why.push(Reason::new(
                            Column::Species,
                            Kind::no_name(cell(SPECIES, pc)),
                        ));
                    }
                    for e in [q, d, conf, p, a, sl, bl] {
                        if e & ERROR != 0 {
                            why.push(self.errors[(e & !ERROR) as usize].clone());
                        }
                    }
                    why.extend(
                        also.iter()
                            .map(|&e| self.errors[(e & !ERROR) as usize].clone()),
                    );
                    out.rejects.push(Reject {
                        source: file,
                        row,
                        reasons: why,
                    });
                    continue;
                }
                // The row says who traded with whom: each cell it cannot read is unknown.
                let mut note = |reason: Reason, kept: Kept| {
                    out.problems.push(CellProblem {
                        source: file,
                        row,
                        reason,
                        kept,
                    })
                };
                let error = |e: u32| self.errors[(e & !ERROR) as usize].clone();
                if sp & ERROR != 0 {
                    note(
                        species_why.map_or_else(
                            || Reason::new(Column::Species, Kind::no_name(cell(SPECIES, pc))),
                            error,
                        ),
                        Kept::UnknownSpecies,
                    );
                    sp &= !ERROR;
                }
                if q & ERROR != 0 {
                    note(error(q), Kept::Unknown);
                    q = self.unknown_quantity;
                }
                if d & ERROR != 0 {
                    let kept = self.date_kept[dc as usize];
                    note(
                        error(d),
                        match kept {
                            0 => Kept::Unknown,
                            k => Kept::Month(self.dates[k as usize].start),
                        },
                    );
                    d = kept;
                }
                for (e, v) in [
                    (conf, &mut conf),
                    (p, &mut p),
                    (a, &mut a),
                    (sl, &mut sl),
                    (bl, &mut bl),
                ] {
                    if e & ERROR != 0 {
                        note(error(e), Kept::Unknown);
                        *v = 0;
                    }
                }
                for &e in &also {
                    let kept = match self.errors[(e & !ERROR) as usize].column {
                        Column::Species => Kept::UnknownSpecies,
                        _ => Kept::Unknown,
                    };
                    note(error(e), kept);
                }
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
            if self.has_note {
                r.note.push(nc);
            }
            let at = (r.len() as u64 - 1) << 1;
            if sl != 0 {
                out.places.note(s, at, sl, keys[sl as usize]);
            }
            if bl != 0 {
                out.places.note(by, at | 1, bl, keys[bl as usize]);
            }
            if money {
                out.money.push((u64::from(p) << 32) | u64::from(a));
            }
        }
        out
    }
}
