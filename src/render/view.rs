//! What each result looks like to a script (JSON, via serde) and to a person or spreadsheet (a
//! [`Sheet`]); both views are built from the same analysis results, so they always agree.

use petgraph::graph::EdgeIndex;
use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Cell, Col, Sheet};
use crate::analysis::{Chain, PartyProfile, Role, TotalKey, TotalRow};
use crate::graph::SupplyGraph;
use crate::ingest::date::{DateKey, DateLabel};
use crate::ingest::provenance::Confidence;

/// A party in `analyze`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyView {
    pub name: String,
    pub role: Role,
    pub tier: usize,
    pub bought_kg: Option<f64>,
    pub sold_kg: Option<f64>,
    pub suppliers: usize,
    pub customers: usize,
}

impl PartyView {
    pub fn new(g: &SupplyGraph, p: &PartyProfile) -> PartyView {
        PartyView {
            name: g.name(p.party).to_string(),
            role: p.role,
            tier: p.tier,
            bought_kg: p.bought_kg,
            sold_kg: p.sold_kg,
            suppliers: p.suppliers,
            customers: p.customers,
        }
    }
}

/// The parties as a sheet.
pub fn parties_sheet(parties: &[PartyView]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("name", "party"),
        Col::new("role", "role"),
        Col::new("tier", "tier"),
        Col::new("bought_kg", "bought"),
        Col::new("sold_kg", "sold"),
        Col::new("suppliers", "suppliers"),
        Col::new("customers", "customers"),
    ]);
    for p in parties {
        s.push(vec![
            Cell::text(&p.name),
            Cell::text(p.role.name()),
            Cell::Int(p.tier as u64),
            // A party with no supplier bought nothing on record: "-", not "unknown".
            if p.suppliers == 0 {
                Cell::Empty
            } else {
                Cell::Kg(p.bought_kg)
            },
            if p.customers == 0 {
                Cell::Empty
            } else {
                Cell::Kg(p.sold_kg)
            },
            Cell::Int(p.suppliers as u64),
            Cell::Int(p.customers as u64),
        ]);
    }
    s
}

/// A chain, by party names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainView {
    pub path: Vec<String>,
    pub hops: usize,
    pub bottleneck_kg: Option<f64>,
    /// Time-ordered chains only: one witnessing date per link (null where the row's date is unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<Vec<Option<DateLabel>>>,
}

impl ChainView {
    pub fn new(g: &SupplyGraph, c: &Chain) -> ChainView {
        ChainView {
            path: c.path.iter().map(|&p| g.name(p).to_string()).collect(),
            hops: c.hops(),
            bottleneck_kg: c.bottleneck_kg(g),
            dates: c.dates.clone(),
        }
    }
}

/// The chains as a sheet (the path joined with ` > `).
pub fn chains_sheet(chains: &[ChainView]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("path", "chain"),
        Col::new("hops", "hops"),
        Col::new("bottleneck_kg", "bottleneck"),
    ]);
    let timed = chains.iter().any(|c| c.dates.is_some());
    if timed {
        s.columns.push(Col::new("dates", "dates"));
    }
    for c in chains {
        let mut row = vec![
            Cell::text(c.path.join(" > ")),
            Cell::Int(c.hops as u64),
            Cell::Kg(c.bottleneck_kg),
        ];
        if let Some(dates) = &c.dates {
            let d: Vec<String> = dates
                .iter()
                .map(|d| d.map_or("?".to_string(), |d| d.to_string()))
                .collect();
            row.push(Cell::text(d.join(" > ")));
        } else if timed {
            row.push(Cell::Empty);
        }
        s.push(row);
    }
    s
}

/// A link between two listed parties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    pub seller: String,
    pub buyer: String,
    pub species: Vec<String>,
    pub weight_kg: Option<f64>,
    pub transactions: u64,
    pub unknown_weight: u64,
    /// Transactions whose figure is approximate (`约50斤`, `50多斤`, `40-50斤`).
    pub approx_rows: u64,
    /// The surest confidence of its transactions; null when none gives one.
    pub confidence: Option<Confidence>,
    /// Where the case file documents it: the distinct `source` cells of its transactions, sorted.
    pub sources: Vec<String>,
}

impl LinkView {
    pub fn new(g: &SupplyGraph, e: EdgeIndex) -> LinkView {
        let (s, b) = g.ends(e);
        let link = &g.graph[e];
        LinkView {
            seller: g.name(s).to_string(),
            buyer: g.name(b).to_string(),
            species: g
                .flows_of(e)
                .iter()
                .map(|f| g.species_name(f.species).to_string())
                .collect(),
            weight_kg: link.tally.weight_kg(),
            transactions: link.tally.transactions,
            unknown_weight: link.tally.unknown_weight,
            approx_rows: link.tally.approx_rows,
            confidence: link.tally.confidence(),
            sources: link_sources(g, e),
        }
    }
}

/// The distinct sources of a link's flows, sorted.
pub fn link_sources(g: &SupplyGraph, e: EdgeIndex) -> Vec<String> {
    let mut v: Vec<String> = g
        .flows_of(e)
        .iter()
        .flat_map(|f| g.flows.sources_of(f).iter().cloned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A total row in JSON: its group key(s) first, then the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalView(pub TotalRow);

impl Serialize for TotalView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match &self.0.key {
            TotalKey::Species(k) => m.serialize_entry("species", k)?,
            TotalKey::Seller(k) => m.serialize_entry("seller", k)?,
            TotalKey::Buyer(k) => m.serialize_entry("buyer", k)?,
            TotalKey::Month(k) => m.serialize_entry("month", k)?,
            TotalKey::Link { seller, buyer } => {
                m.serialize_entry("seller", seller)?;
                m.serialize_entry("buyer", buyer)?;
            }
        }
        let t = &self.0.tally;
        m.serialize_entry("weight_kg", &t.weight_kg())?;
        m.serialize_entry("transactions", &t.transactions)?;
        m.serialize_entry("unknown_weight", &t.unknown_weight)?;
        m.serialize_entry("count", &t.animals())?;
        m.serialize_entry("first_date", &t.first_date)?;
        m.serialize_entry("last_date", &t.last_date)?;
        m.serialize_entry("approx_rows", &t.approx_rows)?;
        if let Some(taxon) = &self.0.taxon {
            m.serialize_entry("scientific_name", &taxon.scientific_name)?;
            m.serialize_entry("cites_appendix", &taxon.cites_appendix)?;
            m.serialize_entry("china_protection", &taxon.china_protection)?;
        }
        m.end()
    }
}

fn date_cell(d: Option<DateKey>) -> Cell {
    Cell::opt_text(d.map(|d| d.to_string()))
}

/// Total rows as a sheet; the key columns depend on the rows' kind. An `approx` column (rows whose
/// figure is approximate) is added when any row has one, so that exact data keeps its old shape.
pub fn totals_sheet(rows: &[TotalView], by: &'static str) -> Sheet {
    let approx = rows.iter().any(|TotalView(r)| r.tally.approx_rows > 0);
    let mut cols = match by {
        "link" => vec![Col::new("seller", "seller"), Col::new("buyer", "buyer")],
        "species" => vec![Col::new("species", "species")],
        "seller" => vec![Col::new("seller", "seller")],
        "buyer" => vec![Col::new("buyer", "buyer")],
        _ => vec![Col::new("month", "month")],
    };
    cols.extend([
        Col::new("weight_kg", "weight"),
        Col::new("transactions", "transactions"),
        Col::new("unknown_weight", "unknown weight"),
        Col::new("count", "animals"),
        Col::new("first_date", "first"),
        Col::new("last_date", "last"),
    ]);
    if approx {
        cols.push(Col::new("approx_rows", "approx"));
    }
    let mut s = Sheet::new(&cols);
    for TotalView(r) in rows {
        let mut row = match &r.key {
            TotalKey::Species(k) | TotalKey::Seller(k) | TotalKey::Buyer(k) => vec![Cell::text(k)],
            TotalKey::Month(m) => vec![m.as_ref().map_or(Cell::Unknown, Cell::text)],
            TotalKey::Link { seller, buyer } => vec![Cell::text(seller), Cell::text(buyer)],
        };
        let t = &r.tally;
        row.extend([
            Cell::Kg(t.weight_kg()),
            Cell::Int(t.transactions),
            Cell::Int(t.unknown_weight),
            Cell::Num(t.animals()),
            date_cell(t.first_date),
            date_cell(t.last_date),
        ]);
        if approx {
            row.push(Cell::Int(t.approx_rows));
        }
        s.push(row);
    }
    s
}
