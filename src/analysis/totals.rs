//! Totals: what moved per species, seller, buyer, month or link, summed over the case's records (not
//! over the graph), so that every figure is an exact sum of rows.

use crate::case::{Acc, Case, Tally};
use crate::ingest::Tables;
use crate::ingest::date::{Day, format_month};
use crate::ingest::species::Taxon;

/// What to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Species,
    Seller,
    Buyer,
    Month,
    Link,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Species => "species",
            By::Seller => "seller",
            By::Buyer => "buyer",
            By::Month => "month",
            By::Link => "link",
        }
    }
}

/// Which rows to count. Every set field must hold for a row to count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Rows of this species (its name in the data).
    pub species: Option<String>,
    /// Rows where this party (its name in the data) sells or buys.
    pub party: Option<String>,
    /// Rows whose date interval reaches this day or later (rows of unknown date are left out).
    pub from: Option<Day>,
    /// Rows whose date interval starts on or before this day (rows of unknown date are left out).
    pub to: Option<Day>,
}

/// The group a total row belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TotalKey {
    Species(String),
    Seller(String),
    Buyer(String),
    /// `YYYY-MM`, or `None` for rows of unknown date.
    Month(Option<String>),
    Link {
        seller: String,
        buyer: String,
    },
}

/// One group and its tally.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    pub key: TotalKey,
    pub tally: Tally,
    /// For a species group: what the species table says of it (`None` for other groups).
    pub taxon: Option<Taxon>,
}

/// Totals of the records passing `filter`, grouped `by`, sorted by known weight descending
/// (groups with no known weight last), then by name. A row's date is an interval (a day, a whole
/// month, or a range such as `2022年4月至5月`): it passes a date filter when the interval overlaps
/// `[from, to]`.
///
/// # Complexity
/// One pass over the records into a dense table of groups (links: over the case's flows when no
/// date filter is set), then O(G log G) for G groups.
pub fn totals(case: &Case, by: By, filter: &Filter) -> Vec<TotalRow> {
    let data = &case.data;
    let r = &data.records;
    let t = &data.tables;
    let species = filter
        .species
        .as_deref()
        .map(|s| data.species_id(s).unwrap_or(u32::MAX));
    let party = filter
        .party
        .as_deref()
        .map(|p| data.party_id(p).unwrap_or(u32::MAX));
    let dated = filter.from.is_some() || filter.to.is_some();
    // Whether each date code passes the date filter (unknown dates never do).
    let date_ok: Vec<bool> = t
        .dates
        .iter()
        .enumerate()
        .map(|(code, d)| {
            !dated
                || (code != 0
                    && filter.from.is_none_or(|f| d.to >= f)
                    && filter.to.is_none_or(|to| d.from <= to))
        })
        .collect();
    let keep = |i: usize| {
        species.is_none_or(|s| r.species[i] == s)
            && party.is_none_or(|p| r.seller[i] == p || r.buyer[i] == p)
            && date_ok[r.date[i] as usize]
    };
    let name = |v: &[String], id: usize| v[id].clone();
    let mut out: Vec<TotalRow> = match by {
        By::Species | By::Seller | By::Buyer | By::Month => {
            let (groups, key): (usize, Box<dyn Fn(usize) -> usize>) = match by {
                By::Species => (data.species.len(), Box::new(|i| r.species[i] as usize)),
                By::Seller => (data.parties.len(), Box::new(|i| r.seller[i] as usize)),
                By::Buyer => (data.parties.len(), Box::new(|i| r.buyer[i] as usize)),
                _ => {
                    let (months, of) = month_index(t);
                    let n = months.len();
                    let key_of = move |i: usize| of[r.date[i] as usize];
                    let accs = accumulate(case, n, &key_of, &keep);
                    return sorted(
                        accs.into_iter()
                            .zip(months)
                            .filter(|(a, _)| a.transactions > 0)
                            .map(|(a, m)| TotalRow {
                                key: TotalKey::Month(m),
                                tally: a.tally(&t.dates),
                                taxon: None,
                            })
                            .collect(),
                    );
                }
            };
            let accs = accumulate(case, groups, &*key, &keep);
            accs.into_iter()
                .enumerate()
                .filter(|(_, a)| a.transactions > 0)
                .map(|(id, a)| {
                    let tally = a.tally(&t.dates);
                    match by {
                        By::Species => {
                            let k = name(&data.species, id);
                            // Species are labels: the table says what it knows of them.
                            let taxon = data.species_table.taxon(data.labels[id]);
                            TotalRow {
                                key: TotalKey::Species(k),
                                tally,
                                taxon: Some(taxon),
                            }
                        }
                        By::Seller => TotalRow {
                            key: TotalKey::Seller(name(&data.parties, id)),
                            tally,
                            taxon: None,
                        },
                        _ => TotalRow {
                            key: TotalKey::Buyer(name(&data.parties, id)),
                            tally,
                            taxon: None,
                        },
                    }
                })
                .collect()
        }
        By::Link => {
            let agg = case.aggregated();
            let flows = &agg.flows.flows;
            // Per flow, then per (seller, buyer): flows are sorted by it.
            let tallies: Vec<Tally> = if dated {
                let of = agg.flow_of();
                accumulate(case, flows.len(), &|i| of[i] as usize, &keep)
                    .iter()
                    .map(|a| a.tally(&t.dates))
                    .collect()
            } else {
                flows
                    .iter()
                    .map(|f| {
                        let pass = species.is_none_or(|s| f.species == s)
                            && party.is_none_or(|p| f.seller == p || f.buyer == p);
                        if pass { f.tally } else { Tally::default() }
                    })
                    .collect()
            };
            let mut rows = Vec::new();
            let mut i = 0;
            while i < flows.len() {
                let (s, b) = (flows[i].seller, flows[i].buyer);
                let mut tally = Tally::default();
                while i < flows.len() && (flows[i].seller, flows[i].buyer) == (s, b) {
                    tally.merge(&tallies[i]);
                    i += 1;
                }
                if tally.transactions > 0 {
                    rows.push(TotalRow {
                        key: TotalKey::Link {
                            seller: name(&data.parties, s as usize),
                            buyer: name(&data.parties, b as usize),
                        },
                        tally,
                        taxon: None,
                    });
                }
            }
            rows
        }
    };
    out = sorted(out);
    out
}

/// Sorted by known weight descending (groups with no known weight last), then by key.
fn sorted(mut rows: Vec<TotalRow>) -> Vec<TotalRow> {
    rows.sort_by(|a, b| {
        match (a.tally.weight_mg, b.tally.weight_mg) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

/// The records for which `keep` holds, accumulated into `groups` dense groups by `key`.
///
/// # Complexity
/// O(R) for R records.
fn accumulate(
    case: &Case,
    groups: usize,
    key: &dyn Fn(usize) -> usize,
    keep: &dyn Fn(usize) -> bool,
) -> Vec<Acc> {
    let r = &case.data.records;
    let t = &case.data.tables;
    let mut accs = vec![Acc::default(); groups];
    for i in 0..r.len() {
        if keep(i) {
            accs[key(i)].add(r, t, i);
        }
    }
    accs
}

/// The months of the date table (`YYYY-MM` of each date's first day, `None` for unknown dates),
/// sorted, and the month index of each date code.
fn month_index(t: &Tables) -> (Vec<Option<String>>, Vec<usize>) {
    let label = |code: usize| (code != 0).then(|| format_month(t.dates[code].from));
    let mut months: Vec<Option<String>> = (0..t.dates.len()).map(label).collect();
    months.sort();
    months.dedup();
    let of = (0..t.dates.len())
        .map(|c| months.binary_search(&label(c)).unwrap_or(0))
        .collect();
    (months, of)
}
