//! Key players for people and scripts: [`Player`]s (node ids and figures, from
//! [`crate::analysis::players`]) with the graph's names, serialised without copying them.

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Cell, Col, Sheet};
use crate::analysis::places::Brokerage;
use crate::analysis::{Label, Player};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use crate::render::lang::{Lang, label};

/// Players as JSON: a list of objects naming the party.
pub struct PlayerViews<'a> {
    pub graph: &'a SupplyGraph,
    pub players: &'a [Player],
    /// Each node's Gould–Fernandez brokerage between regions (by node index), when some party's
    /// region is known: each player then gets a `brokerage` object.
    pub brokerage: Option<&'a [Brokerage]>,
}

impl Serialize for PlayerViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.players.iter().map(|p| {
            let b = (self.brokerage).and_then(|b| b.get(p.party.index()));
            One(self.graph, p, b)
        }))
    }
}

/// A player's brokerage between regions in JSON.
#[derive(Serialize)]
struct BrokerageJson {
    /// The party's region (province or city code), `null` when unknown.
    region: Option<u32>,
    region_name: Option<String>,
    roles: crate::analysis::places::RoleCounts,
    /// Two-paths whose ends are not both in its region.
    across: u64,
    /// Known kg sold into another known region (`null`: none known).
    sold_across_kg: Option<f64>,
    bought_across_kg: Option<f64>,
}

/// The JSON of `wildchain players`.
#[derive(Serialize)]
pub struct PlayersReport<'a> {
    pub input: InputStats,
    pub players: PlayerViews<'a>,
}

struct One<'a>(&'a SupplyGraph, &'a Player, Option<&'a Brokerage>);

/// Labels as a JSON list of their keys (`["collector", "hub"]`).
struct Keys<'a>(&'a [Label]);

impl Serialize for Keys<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&l| label(l, Lang::En)))
    }
}

/// Labels as their keys, space-separated (`collector broker hub`): the text of a CSV cell, which
/// a table puts into words.
pub fn label_keys(labels: &[Label]) -> String {
    let keys: Vec<&str> = labels.iter().map(|&l| label(l, Lang::En)).collect();
    keys.join(" ")
}

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let One(g, p, b) = self;
        let mut m = s.serialize_struct("Player", 6)?;
        m.serialize_field("name", g.name(p.party))?;
        m.serialize_field("betweenness", &p.betweenness)?;
        m.serialize_field("throughput_kg", &p.throughput_kg)?;
        m.serialize_field("chain_share", &p.chain_share)?;
        m.serialize_field("labels", &Keys(&p.labels))?;
        if let Some(b) = b {
            m.serialize_field(
                "brokerage",
                &BrokerageJson {
                    region: b.region,
                    region_name: b.region.map(|c| crate::case::places::region_name(Some(c))),
                    roles: b.roles,
                    across: b.roles.across(),
                    sold_across_kg: b.sold_across.known_kg(),
                    bought_across_kg: b.bought_across.known_kg(),
                },
            )?;
        }
        m.end()
    }
}

/// Players as a sheet.
pub fn players_sheet(g: &SupplyGraph, players: &[Player]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("name", "party"),
        Col::new("chain_share", "chain share"),
        Col::new("betweenness", "betweenness"),
        Col::new("throughput_kg", "throughput"),
        Col::new("labels", "labels"),
    ]);
    for p in players {
        s.push(vec![
            Cell::text(g.name(p.party)),
            Cell::Num(Some(p.chain_share)),
            Cell::Num(Some(p.betweenness)),
            Cell::Kg(p.throughput_kg),
            Cell::text(label_keys(&p.labels)),
        ]);
    }
    s
}
