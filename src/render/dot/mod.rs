//! DOT diagrams through graphviz-rust: parties coloured and shaped by role, tiers left to right,
//! one edge per link labelled with its species and weights. Every id and label goes through
//! [`quote`], since graphviz-rust's printer escapes nothing.

pub mod picture;

use std::io::Write;

use anyhow::Result;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::{EdgeIndex, NodeIndex};

use super::human_weight;
use super::trace::link_sources;
use crate::analysis::{PartyProfile, Role};
use crate::graph::SupplyGraph;
use crate::ingest::provenance::Confidence;
use crate::units::MassUnit;

/// What to draw.
pub struct Drawing<'a> {
    pub graph: &'a SupplyGraph,
    /// The parties drawn (any order; drawn in name order).
    pub parties: Vec<NodeIndex>,
    /// The links drawn; both ends must be among `parties`.
    pub links: Vec<EdgeIndex>,
    /// Role and tier of every party of `graph`, indexed by node (as [`crate::analysis::profiles`] gives them).
    pub profiles: &'a [PartyProfile],
    /// A party to outline (the one traced from).
    pub focus: Option<NodeIndex>,
    /// First line of the legend.
    pub title: String,
    pub unit: MassUnit,
}

/// A DOT string literal: quoted, with `"` and `\` escaped and line breaks as `\n`.
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => {}
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn id(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), id(v))
}

fn node_id(name: &str) -> NodeId {
    NodeId(id(name), None)
}

fn role_style(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Source => ("box", "#c6dbef"),
        Role::Intermediary => ("ellipse", "#fdd0a2"),
        Role::Sink => ("doubleoctagon", "#c7e9c0"),
    }
}

/// Writes the drawing as DOT text.
///
/// # Errors
/// The writer fails.
pub fn write_dot(d: &Drawing, w: &mut dyn Write) -> Result<()> {
    w.write_all(render(d).as_bytes())?;
    Ok(())
}

/// Renders the drawing as DOT text (ends with a newline).
pub fn render(d: &Drawing) -> String {
    let g = d.graph;
    let mut parties = d.parties.clone();
    parties.sort_unstable();
    parties.dedup();
    let mut links = d.links.clone();
    links.sort_unstable();
    links.dedup();
    let font = picture::FONT;
    let unconfirmed = |e: EdgeIndex| g.graph[e].tally.confidence() == Some(Confidence::Unconfirmed);
    let mut legend = format!(
        "{}\nbox: source (sells, never buys) · ellipse: intermediary · octagon: sink (buys, never sells)\nweights in {}; links of unknown weight are dashed",
        d.title,
        d.unit.name()
    );
    if links.iter().any(|&e| unconfirmed(e)) {
        legend.push_str("; unconfirmed links are dotted and grey");
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("label", &legend),
            attr("labelloc", "b"),
            attr("fontname", font),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", font),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            attr("fontsize", "10"),
        ])),
    ];
    for &p in &parties {
        let role = d.profiles[p.index()].role;
        let (shape, colour) = role_style(role);
        let mut attributes = vec![
            attr("label", g.name(p)),
            attr("shape", shape),
            attr("fillcolor", colour),
            attr(
                "tooltip",
                &format!(
                    "{} · {} · tier {}",
                    g.name(p),
                    role.name(),
                    d.profiles[p.index()].tier
                ),
            ),
        ];
        if d.focus == Some(p) {
            attributes.push(attr("penwidth", "3"));
        }
        stmts.push(Stmt::Node(Node::new(node_id(g.name(p)), attributes)));
    }
    // One rank per tier, so that tiers read left to right.
    let mut by_tier: Vec<(usize, NodeIndex)> = parties
        .iter()
        .map(|&p| (d.profiles[p.index()].tier, p))
        .collect();
    by_tier.sort_unstable();
    for chunk in by_tier.chunk_by(|a, b| a.0 == b.0) {
        let mut sub = vec![Stmt::Attribute(attr("rank", "same"))];
        sub.extend(
            chunk
                .iter()
                .map(|&(_, p)| Stmt::Node(Node::new(node_id(g.name(p)), vec![]))),
        );
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("tier{}", chunk[0].0)),
            stmts: sub,
        }));
    }
    for &e in &links {
        let (s, b) = g.ends(e);
        let link = &g.graph[e];
        let label: Vec<String> = g
            .flows_of(e)
            .iter()
            .map(|f| {
                let species = g.species_name(f.species);
                let mut l = match f.tally.weight_kg() {
                    Some(_) => format!(
                        "{} {} {}",
                        species,
                        human_weight(f.tally.weight_kg(), d.unit),
                        d.unit.name()
                    ),
                    None => format!("{species} weight unknown"),
                };
                if let Some(c) = f.tally.animals() {
                    l.push_str(&format!(" ({} animals)", super::human_number(c)));
                }
                l
            })
            .collect();
        let mut attributes = vec![attr("label", &label.join("\n"))];
        if unconfirmed(e) {
            attributes.push(attr("style", "dotted"));
            attributes.push(attr("color", "#888888"));
        } else if link.tally.weight_mg.is_none() {
            attributes.push(attr("style", "dashed"));
        }
        // Provenance as a tooltip: the link's confidence and its sources, when the data gives them.
        let sources = link_sources(g, e);
        let confidence = link.tally.confidence();
        if !sources.is_empty() || confidence.is_some() {
            let mut tip = format!("{} → {}", g.name(s), g.name(b));
            if let Some(c) = confidence {
                tip.push_str(&format!("\n{c}"));
            }
            for src in &sources {
                tip.push_str(&format!("\nsource: {src}"));
            }
            attributes.push(attr("tooltip", &tip));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(g.name(s))), Vertex::N(node_id(g.name(b)))),
            attributes,
        }));
    }
    let graph = Graph::DiGraph {
        id: id("wildchain"),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("张 三"), "\"张 三\"");
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("a\nb"), r#""a\nb""#);
    }

    #[test]
    fn hostile_names_parse_back_as_one_node_each() {
        use crate::analysis::{profiles, tests::graph};
        let g = graph(&[("a\"; b -> c", "x\\y"), ("x\\y", "{z}")]);
        let profiles = profiles(&g);
        let dot = render(&Drawing {
            graph: &g,
            parties: g.parties().collect(),
            links: g.graph.edge_indices().collect(),
            profiles: &profiles,
            focus: None,
            title: "test".into(),
            unit: MassUnit::KG,
        });
        let parsed = graphviz_rust::parse(&dot).expect("valid DOT");
        let Graph::DiGraph { stmts, .. } = parsed else {
            panic!("not a digraph")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
        assert_eq!((nodes, edges), (3, 2));
    }
}
