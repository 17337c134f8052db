//! Parties for people and scripts: [`PartyProfile`]s (node ids, roles, tiers and figures, from
//! [`crate::analysis::roles`]) with the graph's names, serialised without copying them.

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Cell, Col, Sheet};
use crate::analysis::PartyProfile;
use crate::graph::SupplyGraph;

/// Parties as JSON, in the order given: a list of objects naming the party.
pub struct PartyViews<'a> {
    pub graph: &'a SupplyGraph,
    pub parties: &'a [PartyProfile],
}

impl Serialize for PartyViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.parties.iter().map(|p| One(self.graph, p, None)))
    }
}

/// [`PartyViews`] with what the parties file says of each party: `notes` when the file has
/// notes, `attributes` (header → cell or `null`) when it has further columns; without a parties
/// file, exactly [`PartyViews`].
pub struct PartyViewsWith<'a> {
    pub views: PartyViews<'a>,
    pub facts: &'a super::export::PartyFacts,
}

impl Serialize for PartyViewsWith<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = &self.views;
        s.collect_seq(v.parties.iter().map(|p| One(v.graph, p, Some(self.facts))))
    }
}

struct One<'a>(
    &'a SupplyGraph,
    &'a PartyProfile,
    Option<&'a super::export::PartyFacts>,
);

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let One(g, p, facts) = self;
        let mut m = s.serialize_struct("Party", 7)?;
        m.serialize_field("name", g.name(p.party))?;
        m.serialize_field("role", &p.role)?;
        m.serialize_field("tier", &p.tier)?;
        m.serialize_field("bought_kg", &p.bought_kg)?;
        m.serialize_field("sold_kg", &p.sold_kg)?;
        m.serialize_field("suppliers", &p.suppliers)?;
        m.serialize_field("customers", &p.customers)?;
        if let Some(f) = facts {
            let n = p.party.index();
            if let Some(notes) = &f.notes {
                m.serialize_field("notes", &notes.get(n).cloned().flatten())?;
            }
            if !f.columns.is_empty() {
                let cells: std::collections::BTreeMap<&str, Option<&str>> = (f.columns.iter())
                    .enumerate()
                    .map(|(k, c)| {
                        let v = f.values.get(n).and_then(|v| v.get(k));
                        (c.as_str(), v.filter(|v| !v.is_empty()).map(String::as_str))
                    })
                    .collect();
                m.serialize_field("attributes", &cells)?;
            }
        }
        m.end()
    }
}

/// The columns of [`parties_sheet`].
pub const PARTY_COLUMNS: [Col; 7] = [
    Col::new("name", "party"),
    Col::new("role", "role"),
    Col::new("tier", "tier"),
    Col::new("bought_kg", "bought"),
    Col::new("sold_kg", "sold"),
    Col::new("suppliers", "suppliers"),
    Col::new("customers", "customers"),
];

/// One party's row of [`parties_sheet`].
pub fn party_row(g: &SupplyGraph, p: &PartyProfile) -> Vec<Cell> {
    vec![
        Cell::text(g.name(p.party)),
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
    ]
}

/// The parties as a sheet, in the order given.
pub fn parties_sheet(g: &SupplyGraph, parties: &[PartyProfile]) -> Sheet {
    let mut s = Sheet::new(&PARTY_COLUMNS);
    for p in parties {
        s.push(party_row(g, p));
    }
    s
}
