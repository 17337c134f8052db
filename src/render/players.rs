//! Key players for people and scripts: [`Player`]s (node ids and figures, from
//! [`crate::analysis::players`]) with the graph's names, serialised without copying them.

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Cell, Col, Sheet};
use crate::analysis::places::{BrokerRole, Brokerage, RoleCounts};
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
    players_sheet_with(g, players, None)
}

/// Whether a players sheet is for a table or for CSV, and in which language (brokerage columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brokers {
    /// For a table: the role with the most open two-paths, in `Lang`, and their total.
    Table(Lang),
    /// For CSV: the role's key, the total, and the count of each role (and of two-paths with a
    /// party of unknown region).
    Csv,
}

/// [`players_sheet`] with the Gould–Fernandez brokerage of each party between provinces beside
/// its betweenness, when `brokerage` is given (by node index; the case has places): in a table
/// the role with the most open two-paths (coordinator, itinerant, gatekeeper, representative,
/// liaison; a tie goes to the last in that order; `unknown` when its only two-paths have a party
/// of unknown region; `-` when none) and all its open two-paths; in CSV also each role's count and
/// `unknown_role`, the two-paths with a party of unknown region (never guessed into a role).
pub fn players_sheet_with(
    g: &SupplyGraph,
    players: &[Player],
    brokerage: Option<(&[Brokerage], Brokers)>,
) -> Sheet {
    let mut cols = vec![
        Col::new("name", "party"),
        Col::new("chain_share", "chain share"),
        Col::new("betweenness", "betweenness"),
        Col::new("throughput_kg", "throughput"),
        Col::new("labels", "labels"),
    ];
    if let Some((_, how)) = brokerage {
        cols.push(Col::new("broker_role", "brokerage role"));
        cols.push(Col::new("two_paths", "two-paths"));
        if how == Brokers::Csv {
            cols.extend(ROLES.map(|(_, key)| Col::new(key, key)));
            cols.push(Col::new("unknown_role", "unknown region"));
        }
    }
    let mut s = Sheet::new(&cols);
    for p in players {
        let mut row = vec![
            Cell::text(g.name(p.party)),
            Cell::Num(Some(p.chain_share)),
            Cell::Num(Some(p.betweenness)),
            Cell::Kg(p.throughput_kg),
            Cell::text(label_keys(&p.labels)),
        ];
        if let Some((b, how)) = brokerage {
            let roles = b.get(p.party.index()).map(|b| b.roles).unwrap_or_default();
            let top = main_role(&roles);
            row.push(match (top, how) {
                (None, _) => Cell::Empty,
                (Some(r), Brokers::Table(lang)) => Cell::text(role_name(r, lang)),
                (Some(r), Brokers::Csv) => Cell::text(role_name(r, Lang::En)),
            });
            row.push(Cell::Int(roles.total()));
            if how == Brokers::Csv {
                row.extend(ROLES.map(|(r, _)| Cell::Int(roles.get(r))));
                row.push(Cell::Int(roles.unknown));
            }
        }
        s.push(row);
    }
    s
}

/// The five Gould–Fernandez roles and their keys, in order.
const ROLES: [(BrokerRole, &str); 5] = [
    (BrokerRole::Coordinator, "coordinator"),
    (BrokerRole::Itinerant, "itinerant"),
    (BrokerRole::Gatekeeper, "gatekeeper"),
    (BrokerRole::Representative, "representative"),
    (BrokerRole::Liaison, "liaison"),
];

/// The role with the most open two-paths; a tie goes to the role that crosses more borders (the
/// last in [`ROLES`]: liaison, representative, gatekeeper, itinerant, coordinator). Unknown when
/// its only two-paths have a party of unknown region; `None` when it is on none.
fn main_role(r: &RoleCounts) -> Option<BrokerRole> {
    let mut best: Option<(BrokerRole, u64)> = None;
    for (role, _) in ROLES.into_iter().rev() {
        let n = r.get(role);
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((role, n));
        }
    }
    // Two-paths only with a party of unknown region: the role is unknown, not none.
    best.map(|(role, _)| role)
        .or((r.unknown > 0).then_some(BrokerRole::Unknown))
}

/// A role's name in a language (its key in English).
fn role_name(r: BrokerRole, lang: Lang) -> String {
    let key = ROLES.iter().find(|x| x.0 == r).map_or("unknown", |x| x.1);
    lang.words(key)
}
