//! Like with like: which species labels of one party may hold the same goods (a generic label and
//! a species, a genus and its species), which are different products of one taxon (whole animals
//! and scales: `transformed`), and which stated factor converts one product into another.

use crate::case::Case;
use crate::ingest::species::{Conversion, Label, SpeciesTable};

/// What the balance needs to know of each species label (by species id).
pub(super) struct Kinds<'a> {
    table: &'a SpeciesTable,
    labels: &'a [Label],
    /// A generic label of the species table (野生蛇, 龟类): it names no one species.
    generic: Vec<bool>,
    /// Its product is a form of the whole animal (alive, frozen, dried), or unknown.
    whole: Vec<bool>,
    /// The taxa above its taxon, nearest first.
    above: Vec<Vec<u32>>,
}

impl<'a> Kinds<'a> {
    pub(super) fn of(case: &'a Case) -> Kinds<'a> {
        let table = &*case.data.species_table;
        let labels = &case.data.labels[..];
        let products = table.products();
        Kinds {
            table,
            labels,
            generic: labels
                .iter()
                .map(|l| l.taxon.is_some_and(|t| table.row(t).is_generic()))
                .collect(),
            whole: labels
                .iter()
                .map(|l| l.product.is_none_or(|p| products.get(p).whole))
                .collect(),
            above: labels
                .iter()
                .map(|l| l.taxon.map(|t| table.ancestors(t)).unwrap_or_default())
                .collect(),
        }
    }

    pub(super) fn generic(&self, s: u32) -> bool {
        self.generic[s as usize]
    }

    /// Whether the rows of two labels may hold the same animals: one of them is generic, or both
    /// name one taxon, or one's taxon is above the other's; unless they are two different parts
    /// (paws are not made from bile).
    pub(super) fn related(&self, a: u32, b: u32) -> bool {
        let (la, lb) = (self.labels[a as usize], self.labels[b as usize]);
        if la.product != lb.product && !self.whole[a as usize] && !self.whole[b as usize] {
            return false;
        }
        if self.generic(a) || self.generic(b) {
            return true;
        }
        match (la.taxon, lb.taxon) {
            (Some(x), Some(y)) => {
                x == y || self.above[a as usize].contains(&y) || self.above[b as usize].contains(&x)
            }
            _ => false,
        }
    }

    /// Whether two related labels are different products that cannot be weighed against each
    /// other without a factor: forms of the whole animal of one taxon (live and frozen), or the
    /// whole animal against a part.
    pub(super) fn transformed(&self, a: u32, b: u32) -> bool {
        let (la, lb) = (self.labels[a as usize], self.labels[b as usize]);
        self.related(a, b)
            && la.product != lb.product
            && (la.taxon == lb.taxon || !(self.whole[a as usize] && self.whole[b as usize]))
    }

    /// The stated factor converting label `from`'s product into label `to`'s, when both name one
    /// taxon (the factor may be given for a taxon above it).
    pub(super) fn conversion(&self, from: u32, to: u32) -> Option<&'a Conversion> {
        let (lf, lt) = (self.labels[from as usize], self.labels[to as usize]);
        let taxon = lf.taxon.filter(|&t| Some(t) == lt.taxon)?;
        let (pf, pt) = (lf.product?, lt.product?);
        if pf == pt {
            return None;
        }
        self.table
            .conversions()
            .find(self.table, taxon, pf, pt)
            .map(|(_, c)| c)
    }
}
