//! The network handed on to other tools: GraphML (yEd, Cytoscape), GEXF 1.3 with a timeline
//! (Gephi), the CSV i2 Analyst's Notebook imports, and node-link JSON (D3, networkx). One file
//! per format; what they all carry is defined once here ([`NODE_ATTRS`], [`LINK_ATTRS`] and the
//! values of [`Network`]), so the formats cannot drift apart.
//!
//! Parties are the nodes, in name order; links are one edge per (seller, buyer, species) flow, in
//! (seller, buyer, species) order, so the output is the same byte for byte whatever the thread
//! count. A figure that is not known (a weight no row gives, a date no row has) is left out of
//! the XML formats and is `null` in JSON, never written as 0.

pub mod gexf;
pub mod graphml;
pub mod i2;
pub mod json;
pub mod xml;

use std::borrow::Cow;
use std::io::{self, Write};

use petgraph::graph::NodeIndex;

use super::human_number;
use crate::analysis::{PartyProfile, Player};
use crate::case::FlowRow;
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use crate::ingest::date::{Day, format_day};
use crate::units::MassUnit;

/// The formats `wildchain export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GraphML with typed keys (yEd, Cytoscape, networkx, igraph).
    Graphml,
    /// GEXF 1.3, dynamic: each link lives from its first to its last date (Gephi's timeline).
    Gexf,
    /// CSV for the import wizard of i2 Analyst's Notebook: one row per link.
    I2,
    /// Node-link JSON (D3, networkx `node_link_graph(data, edges="links")`).
    Json,
}

/// Writes the network in `format`.
///
/// # Errors
/// The writer fails.
pub fn write_export(format: ExportFormat, net: &Network, w: &mut dyn Write) -> io::Result<()> {
    match format {
        ExportFormat::Graphml => graphml::write_graphml(net, w),
        ExportFormat::Gexf => gexf::write_gexf(net, w),
        ExportFormat::I2 => i2::write_i2(net, w),
        ExportFormat::Json => json::write_json_graph(net, w),
    }
}

/// The type of an attribute's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number (counts, tiers): never negative here.
    Int,
    /// A real number (kg, shares, betweenness).
    Real,
}

/// An attribute that parties or links carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    pub name: &'static str,
    pub kind: Kind,
}

const fn attr(name: &'static str, kind: Kind) -> Attr {
    Attr { name, kind }
}

/// What every party carries, in this order ([`Network::node_values`]).
pub const NODE_ATTRS: &[Attr] = &[
    attr("name", Kind::Text),
    attr("role", Kind::Text),
    attr("tier", Kind::Int),
    attr("bought_kg", Kind::Real),
    attr("sold_kg", Kind::Real),
    attr("suppliers", Kind::Int),
    attr("customers", Kind::Int),
    attr("chain_share", Kind::Real),
    attr("betweenness", Kind::Real),
    attr("labels", Kind::Text),
];

/// What a party carries besides [`NODE_ATTRS`] when places are given ([`Network::with_places`]):
/// its place as written (or as resolved: whatever the caller gives), absent when unknown.
pub const PLACE_ATTR: Attr = attr("place", Kind::Text);

/// What a party carries besides [`NODE_ATTRS`] when the parties file has notes
/// ([`Network::with_facts`]): the notes on it, absent when none.
pub const NOTES_ATTR: Attr = attr("notes", Kind::Text);

/// What the case says of each party besides the analyses, by node: its place as written, and
/// the parties file's notes and further columns (`电话`, `身份证号` …, kept as written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyFacts {
    /// The place of each party as written (`None`: unknown); `None` when no party has one.
    pub places: Option<Vec<Option<String>>>,
    /// The notes on each party; `None` when the parties file has none.
    pub notes: Option<Vec<Option<String>>>,
    /// The headers of the parties file's further columns, as written.
    pub columns: Vec<String>,
    /// By node: the further columns' cells (empty text when empty or not named in the file).
    pub values: Vec<Vec<String>>,
}

impl PartyFacts {
    /// The facts of each node of `g` from the case's data. A party named on several lines of the
    /// parties file gets their notes and cells joined with `; ` (each distinct one once).
    ///
    /// # Complexity
    /// O(N + E) for N nodes and E lines of the parties file.
    pub fn of(data: &crate::ingest::Dataset, g: &SupplyGraph) -> PartyFacts {
        let ids: Vec<usize> = (g.graph.node_indices())
            .map(|n| g.graph[n].id as usize)
            .collect();
        let places = (data.party_places.iter().any(Option::is_some)).then(|| {
            (ids.iter())
                .map(|&id| data.party_place(id as u32).map(|p| p.written.clone()))
                .collect()
        });
        let mut facts = PartyFacts {
            places,
            ..PartyFacts::default()
        };
        let Some(file) = &data.parties_file else {
            return facts;
        };
        let mut lines: Vec<Vec<usize>> = vec![Vec::new(); data.parties.len()];
        for (k, id) in file.party.iter().enumerate() {
            if let Some(slot) = id.and_then(|id| lines.get_mut(id as usize)) {
                slot.push(k);
            }
        }
        let join = |cells: &mut dyn Iterator<Item = &str>| -> String {
            let mut seen: Vec<&str> = Vec::new();
            for c in cells.filter(|c| !c.is_empty()) {
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            seen.join("; ")
        };
        let entries = &file.file.entries;
        if entries.iter().any(|e| e.notes.is_some()) {
            facts.notes = Some(
                (ids.iter())
                    .map(|&id| {
                        let of = lines.get(id)?;
                        let n = join(&mut of.iter().filter_map(|&k| entries[k].notes.as_deref()));
                        (!n.is_empty()).then_some(n)
                    })
                    .collect(),
            );
        }
        facts.columns = file.file.columns.clone();
        if !facts.columns.is_empty() {
            facts.values =
                (ids.iter())
                    .map(|&id| {
                        let of = lines.get(id).map_or(&[][..], Vec::as_slice);
                        (0..facts.columns.len())
                            .map(|c| {
                                join(&mut of.iter().filter_map(|&k| {
                                    entries[k].attributes.get(c).map(String::as_str)
                                }))
                            })
                            .collect()
                    })
                    .collect();
        }
        facts
    }
}

/// What every link carries, in this order ([`Network::link_values`]).
pub const LINK_ATTRS: &[Attr] = &[
    attr("seller", Kind::Text),
    attr("buyer", Kind::Text),
    attr("species", Kind::Text),
    attr("weight_kg", Kind::Real),
    attr("count", Kind::Int),
    attr("transactions", Kind::Int),
    attr("unknown_weight", Kind::Int),
    attr("approx_rows", Kind::Int),
    attr("first_date", Kind::Text),
    attr("last_date", Kind::Text),
    attr("confidence", Kind::Text),
    attr("sources", Kind::Text),
];

/// One attribute value; `None` in a values array is unknown (left out, or JSON `null`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Int(u64),
    Real(f64),
}

impl Value<'_> {
    /// The value as text: reals in Rust's shortest round-trip form (`365`, `0.5`), never with an
    /// exponent, so that XML's `double`, CSV readers and people all read it back exactly.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Real(x) => Cow::Owned(x.to_string()),
        }
    }
}

/// One link: a (seller, buyer, species) flow of the graph.
#[derive(Debug, Clone, Copy)]
pub struct LinkRef<'a> {
    /// Its position among the links (its id in the XML formats).
    pub index: usize,
    pub seller: NodeIndex,
    pub buyer: NodeIndex,
    pub flow: &'a FlowRow,
}

/// The network to export: the graph with the analyses each party carries.
pub struct Network<'a> {
    pub graph: &'a SupplyGraph,
    /// Role, tier and figures of every party, indexed by node.
    profiles: Vec<&'a PartyProfile>,
    /// Chain share, betweenness and labels of every party, indexed by node.
    players: Vec<&'a Player>,
    pub input: InputStats,
    /// The unit of weights in the i2 link labels (for people); figures are always kg.
    pub unit: MassUnit,
    /// The language of the i2 labels and roles (for people); keys and figures stay as they are.
    pub lang: crate::render::lang::Lang,
    /// The place of every party, indexed by node, when given ([`Network::with_places`]).
    places: Option<&'a [Option<String>]>,
    /// The parties file's notes and further columns, when given ([`Network::with_facts`]).
    facts: Option<&'a PartyFacts>,
}

impl<'a> Network<'a> {
    /// The network of `graph`, with the [`crate::analysis::profiles`] and
    /// [`crate::analysis::players`] of that graph (any order: each names its party).
    ///
    /// # Errors
    /// A party of the graph has no profile or no player entry (they are of another graph).
    pub fn new(
        graph: &'a SupplyGraph,
        profiles: &'a [PartyProfile],
        players: &'a [Player],
        input: InputStats,
        unit: MassUnit,
    ) -> Result<Network<'a>, NotOfThisGraph> {
        let n = graph.node_count();
        let mut by_node: Vec<Option<&PartyProfile>> = vec![None; n];
        for p in profiles {
            if let Some(slot) = by_node.get_mut(p.party.index()) {
                *slot = Some(p);
            }
        }
        let mut player_of: Vec<Option<&Player>> = vec![None; n];
        for p in players {
            if let Some(slot) = player_of.get_mut(p.party.index()) {
                *slot = Some(p);
            }
        }
        Ok(Network {
            graph,
            profiles: complete(by_node, Missing::Profile)?,
            players: complete(player_of, Missing::Player)?,
            input,
            unit,
            lang: crate::render::lang::Lang::En,
            places: None,
            facts: None,
        })
    }

    /// The network with a place per party (indexed by node; `None` or empty: unknown), written
    /// as the party attribute `place` (GraphML, GEXF) and the columns `entity1_place`,
    /// `entity2_place` (i2). Without it the exports are as they always were.
    pub fn with_places(mut self, places: &'a [Option<String>]) -> Network<'a> {
        self.places = Some(places);
        self
    }

    /// The network with what the case says of each party ([`PartyFacts::of`] of the same
    /// graph): its place (as [`Network::with_places`]), the parties file's notes (the party
    /// attribute `notes`; i2 `entity1_notes`, `entity2_notes`) and further columns (a party
    /// attribute named by the column's header; i2 `entity1_<header>`, `entity2_<header>`).
    /// What the case does not have is not written: without places or a parties file the exports
    /// are as they always were.
    pub fn with_facts(mut self, facts: &'a PartyFacts) -> Network<'a> {
        if let Some(p) = &facts.places {
            self.places = Some(p);
        }
        self.facts = Some(facts);
        self
    }

    /// Whether notes were given.
    pub fn has_notes(&self) -> bool {
        self.facts.is_some_and(|f| f.notes.is_some())
    }

    /// The notes on a party, when given and not empty.
    pub fn notes(&self, n: NodeIndex) -> Option<&str> {
        self.facts?.notes.as_ref()?.get(n.index())?.as_deref()
    }

    /// The names of the parties file's further columns as party attributes: each header as
    /// written, and `<header> (parties file)` where it is already the name of another attribute.
    pub fn extra_columns(&self) -> Vec<String> {
        let taken = self.node_attrs();
        (self.facts.map_or(&[][..], |f| &f.columns[..]).iter())
            .map(|c| {
                let clash = taken.iter().any(|a| a.name.eq_ignore_ascii_case(c))
                    || c.eq_ignore_ascii_case("id")
                    || c.eq_ignore_ascii_case("attributes");
                if clash {
                    format!("{c} (parties file)")
                } else {
                    c.clone()
                }
            })
            .collect()
    }

    /// The cell of further column `k` for a party, when not empty.
    pub fn extra_value(&self, n: NodeIndex, k: usize) -> Option<&str> {
        let v = self.facts?.values.get(n.index())?.get(k)?;
        (!v.is_empty()).then_some(v.as_str())
    }

    /// Whether places were given.
    pub fn has_places(&self) -> bool {
        self.places.is_some()
    }

    /// The place of a party, when places were given and its place is known.
    pub fn place(&self, n: NodeIndex) -> Option<&str> {
        self.places?
            .get(n.index())?
            .as_deref()
            .filter(|p| !p.is_empty())
    }

    /// The attributes of a party: [`NODE_ATTRS`], [`PLACE_ATTR`] when places were given and
    /// [`NOTES_ATTR`] when notes were (the further columns are [`Network::extra_columns`]).
    pub fn node_attrs(&self) -> Vec<Attr> {
        let mut a = NODE_ATTRS.to_vec();
        if self.has_places() {
            a.push(PLACE_ATTR);
        }
        if self.has_notes() {
            a.push(NOTES_ATTR);
        }
        a
    }

    /// The values of [`Network::node_attrs`] for a party.
    pub fn node_values_all(&self, n: NodeIndex) -> Vec<Option<Value<'_>>> {
        let mut v = self.node_values(n).to_vec();
        if self.has_places() {
            v.push(self.place(n).map(|p| Value::Text(Cow::Borrowed(p))));
        }
        if self.has_notes() {
            v.push(self.notes(n).map(|p| Value::Text(Cow::Borrowed(p))));
        }
        v
    }

    /// Every party, in name order.
    pub fn parties(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.parties()
    }

    /// Every link, by (seller, buyer, species).
    pub fn links(&self) -> impl Iterator<Item = LinkRef<'_>> + '_ {
        let g = self.graph;
        g.graph
            .edge_indices()
            .flat_map(move |e| {
                let (seller, buyer) = g.ends(e);
                g.flows_of(e).iter().map(move |flow| (seller, buyer, flow))
            })
            .enumerate()
            .map(|(index, (seller, buyer, flow))| LinkRef {
                index,
                seller,
                buyer,
                flow,
            })
    }

    /// How many links [`Network::links`] gives.
    pub fn link_count(&self) -> usize {
        self.graph
            .graph
            .edge_weights()
            .map(|l| (l.flows.1 - l.flows.0) as usize)
            .sum()
    }

    /// The profile of a party.
    pub fn profile(&self, n: NodeIndex) -> &PartyProfile {
        self.profiles[n.index()]
    }

    /// The values of [`NODE_ATTRS`] for a party.
    pub fn node_values(&self, n: NodeIndex) -> [Option<Value<'_>>; 10] {
        let p = self.profiles[n.index()];
        let q = self.players[n.index()];
        let text = |s: &'a str| Some(Value::Text(Cow::Borrowed(s)));
        [
            Some(Value::Text(Cow::Borrowed(self.graph.name(n)))),
            text(p.role.name()),
            Some(Value::Int(p.tier as u64)),
            p.bought_kg.map(Value::Real),
            p.sold_kg.map(Value::Real),
            Some(Value::Int(p.suppliers as u64)),
            Some(Value::Int(p.customers as u64)),
            Some(Value::Real(q.chain_share)),
            Some(Value::Real(q.betweenness)),
            Some(Value::Text(Cow::Owned(crate::render::players::label_keys(
                &q.labels,
            )))),
        ]
    }

    /// The values of [`LINK_ATTRS`] for a link.
    pub fn link_values(&self, l: &LinkRef) -> [Option<Value<'_>>; 12] {
        let g = self.graph;
        let t = &l.flow.tally;
        let sources = g.flows.sources_of(l.flow);
        [
            Some(Value::Text(Cow::Borrowed(g.name(l.seller)))),
            Some(Value::Text(Cow::Borrowed(g.name(l.buyer)))),
            Some(Value::Text(Cow::Borrowed(g.species_name(l.flow.species)))),
            t.weight_kg().map(Value::Real),
            t.count.map(|c| Value::Int(c.max(0) as u64)),
            Some(Value::Int(t.transactions)),
            Some(Value::Int(t.unknown_weight)),
            Some(Value::Int(t.approx_rows)),
            t.first_date.map(|d| Value::Text(Cow::Owned(d.to_string()))),
            t.last_date.map(|d| Value::Text(Cow::Owned(d.to_string()))),
            t.confidence().map(|c| Value::Text(Cow::Borrowed(c.name()))),
            (!sources.is_empty()).then(|| Value::Text(Cow::Owned(sources.join("; ")))),
        ]
    }

    /// The days a link spans: from the first day its first date can mean to the last day its
    /// last date can mean (a month runs to its last day); `None` when no row of it is dated.
    pub fn link_days(&self, l: &LinkRef) -> Option<(Day, Day)> {
        let t = &l.flow.tally;
        Some((t.first_date?.first_day(), t.last_date?.last_day()))
    }

    /// The days a party spans: from the first to the last day of its links, when every one of
    /// its links is dated; `None` when any is not (the party is then present throughout, so that
    /// none of its undated links is hidden).
    pub fn party_days(&self) -> Vec<Option<(Day, Day)>> {
        let mut span: Vec<Option<Option<(Day, Day)>>> = vec![None; self.graph.node_count()];
        for l in self.links() {
            let days = self.link_days(&l);
            for n in [l.seller, l.buyer] {
                let s = &mut span[n.index()];
                *s = Some(match (*s, days) {
                    (None, d) => d,
                    (Some(Some((a, b))), Some((c, d))) => Some((a.min(c), b.max(d))),
                    _ => None,
                });
            }
        }
        span.into_iter().map(Option::flatten).collect()
    }
}

/// The figures of a graph's parties were not all given to [`Network::new`]: they are of another
/// graph. Names the first party without them and what it lacks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("export: a party of the graph has no {missing}")]
pub struct NotOfThisGraph {
    /// The first party of the graph with nothing given for it.
    pub party: NodeIndex,
    pub missing: Missing,
}

/// What [`NotOfThisGraph`] found missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Its [`PartyProfile`].
    Profile,
    /// Its [`Player`] figures.
    Player,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Missing::Profile => "profile",
            Missing::Player => "player figures",
        })
    }
}

/// The value of every slot, or an error naming the first party without one.
fn complete<T>(v: Vec<Option<T>>, missing: Missing) -> Result<Vec<T>, NotOfThisGraph> {
    if let Some(i) = v.iter().position(Option::is_none) {
        return Err(NotOfThisGraph {
            party: NodeIndex::new(i),
            missing,
        });
    }
    Ok(v.into_iter().flatten().collect())
}

/// A link's label for people: its species and known weight in `unit` (`王锦蛇 365 kg`), or
/// `野生蛇 (weight unknown)`; rows of unknown weight beside a known weight are named
/// (`王锦蛇 365 kg + 2 rows of unknown weight`), and animals counted are added (`… 3 animals`).
pub fn link_label(net: &Network, l: &LinkRef) -> String {
    let t = &l.flow.tally;
    let species = net.graph.species_name(l.flow.species);
    let mut label = match t.weight_kg() {
        Some(kg) => format!(
            "{species} {} {}",
            human_number(net.unit.from_kg(kg)),
            net.unit.name()
        ),
        None if net.lang == crate::render::lang::Lang::Zh => format!("{species}（重量不明）"),
        None => format!("{species} (weight unknown)"),
    };
    let zh = net.lang == crate::render::lang::Lang::Zh;
    if t.weight_mg.is_some() && t.unknown_weight > 0 {
        if zh {
            label.push_str(&format!(" + {} 行重量不明", t.unknown_weight));
        } else {
            let rows = if t.unknown_weight == 1 { "row" } else { "rows" };
            label.push_str(&format!(" + {} {rows} of unknown weight", t.unknown_weight));
        }
    }
    if let Some(c) = t.count {
        if zh {
            label.push_str(&format!(" {c} 条/只"));
        } else {
            label.push_str(&format!(" {c} animals"));
        }
    }
    label
}

/// `YYYY-MM-DD` of a day (the date form of GEXF's `timeformat="date"`, of i2's date import).
pub fn iso_day(d: Day) -> String {
    format_day(d)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analysis::{players, profiles};
    use crate::case::{Flows, Tally};

    #[test]
    fn labels_give_the_known_weight_and_the_rows_without_one() {
        let mut partly = Tally::of_kg(365.0, 3);
        partly.unknown_weight = 2;
        let flows = Arc::new(Flows::from_named([
            ("a", "b", "王锦蛇", partly),
            ("a", "b", "野生蛇", Tally::unknown(1)),
            ("b", "c", "王锦蛇", Tally::of_kg(1.0, 1)),
        ]));
        let g = SupplyGraph::from_flows(&flows, None);
        let (pr, pl) = (profiles(&g), players(&g));
        let input = InputStats {
            rows: 5,
            accepted: 5,
            rejected: 0,
            ..InputStats::default()
        };
        let net = Network::new(&g, &pr, &pl, input, "斤".parse().unwrap()).unwrap();
        assert_eq!(net.link_count(), 3);
        let labels: Vec<String> = net.links().map(|l| link_label(&net, &l)).collect();
        assert_eq!(
            labels,
            [
                "王锦蛇 730 斤 + 2 rows of unknown weight",
                "野生蛇 (weight unknown)",
                "王锦蛇 2 斤"
            ]
        );
        // Unknown is left out, never 0: a's bought weight (it bought nothing) and the 野生蛇 link.
        let a = net.node_values(g.find("a").unwrap());
        assert_eq!(a[3], None, "bought_kg");
        assert_eq!(a[4], Some(Value::Real(365.0)), "sold_kg");
        let wild = net.links().nth(1).unwrap();
        assert_eq!(net.link_values(&wild)[3], None, "weight_kg");
    }

    #[test]
    fn places_are_a_party_attribute_in_every_format_and_absent_when_unknown_or_not_given() {
        let flows = Arc::new(Flows::from_named([
            ("瞿某青", "朱某某", "野生蛇", Tally::unknown(1)),
            ("朱某某", "丁某某", "野生蛇", Tally::unknown(1)),
            ("丁某某", "广西买家", "野生蛇", Tally::unknown(1)),
        ]));
        let g = SupplyGraph::from_flows(&flows, None);
        let (pr, pl) = (profiles(&g), players(&g));
        let places: Vec<Option<String>> = g
            .parties()
            .map(|p| match g.name(p) {
                "朱某某" => Some("湖南省怀化市辰溪县".to_string()),
                "丁某某" => Some("湖南".to_string()),
                "广西买家" => Some("广西".to_string()),
                _ => None,
            })
            .collect();
        let out = |format, places: Option<&[Option<String>]>| {
            let net = Network::new(&g, &pr, &pl, InputStats::default(), MassUnit::KG).unwrap();
            let net = match places {
                Some(p) => net.with_places(p),
                None => net,
            };
            let mut w = Vec::new();
            write_export(format, &net, &mut w).unwrap();
            String::from_utf8(w).unwrap()
        };
        for format in [ExportFormat::Graphml, ExportFormat::Gexf, ExportFormat::I2] {
            let plain = out(format, None);
            let placed = out(format, Some(&places));
            assert!(!plain.contains("place"), "{plain}");
            for p in ["湖南省怀化市辰溪县", "湖南", "广西"] {
                assert!(placed.contains(p), "{placed}");
            }
            // Three parties have a place; 瞿某青's is unknown: no value, never an empty one.
            let values = match format {
                ExportFormat::Graphml => placed.matches("<data key=\"p_place\">").count(),
                ExportFormat::Gexf => placed.matches("<attvalue for=\"p_place\"").count(),
                _ => 3,
            };
            assert_eq!(values, 3, "{placed}");
            if format == ExportFormat::I2 {
                let mut r =
                    csv::Reader::from_reader(placed.trim_start_matches('\u{feff}').as_bytes());
                let h = r.headers().unwrap().clone();
                assert_eq!(
                    h.iter().skip(16).collect::<Vec<_>>(),
                    I2_PLACE_COLS.to_vec()
                );
                let rows: Vec<(String, String, String)> = r
                    .records()
                    .map(|x| x.unwrap())
                    .map(|x| (x[0].to_string(), x[16].to_string(), x[17].to_string()))
                    .collect();
                assert!(rows.contains(&(
                    "瞿某青".to_string(),
                    String::new(),
                    "湖南省怀化市辰溪县".to_string()
                )));
                assert!(rows.contains(&(
                    "丁某某".to_string(),
                    "湖南".to_string(),
                    "广西".to_string()
                )));
            }
            // The rest of the file is what it was without places.
            let without: String = placed
                .lines()
                .filter(|l| !l.contains("place"))
                .map(|l| format!("{l}\n"))
                .collect();
            if format != ExportFormat::I2 {
                assert_eq!(without, plain);
            }
        }
    }

    const I2_PLACE_COLS: [&str; 2] = i2::I2_PLACE_COLUMNS;

    /// Figures of another graph are refused with the party they lack and the words the
    /// command line printed before the error was typed.
    #[test]
    fn figures_of_another_graph_name_the_party_without_them() {
        let small = SupplyGraph::from_flows(
            &Arc::new(Flows::from_named([(
                "a",
                "b",
                "王锦蛇",
                Tally::of_kg(1.0, 1),
            )])),
            None,
        );
        let large = SupplyGraph::from_flows(
            &Arc::new(Flows::from_named([
                ("a", "b", "王锦蛇", Tally::of_kg(1.0, 1)),
                ("b", "c", "王锦蛇", Tally::of_kg(1.0, 1)),
            ])),
            None,
        );
        let input = InputStats {
            rows: 2,
            accepted: 2,
            rejected: 0,
            ..InputStats::default()
        };
        let unit: MassUnit = "kg".parse().unwrap();
        let e = Network::new(&large, &profiles(&small), &players(&large), input, unit)
            .err()
            .unwrap();
        assert_eq!(e.missing, Missing::Profile);
        assert_eq!(large.name(e.party), "c");
        assert_eq!(e.to_string(), "export: a party of the graph has no profile");
        let e = Network::new(&large, &profiles(&large), &players(&small), input, unit)
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "export: a party of the graph has no player figures"
        );
    }
}
