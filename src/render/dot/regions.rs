//! Regions in DOT pictures: one colour per pair of regions for the arrows that cross from one to
//! another (a colour-blind-safe palette), and each box's region for the clusters
//! (`subgraph cluster_…`) that [`super::render_regions`] draws around the parties of a region.

use super::diagram::{Boxed, Diagram};

/// The Okabe–Ito palette (Okabe & Ito 2008, *Color Universal Design*), told apart by people with
/// any common colour-vision deficiency; its yellow (too pale for a line on white) and black (the
/// arrows within one region) left out.
pub const PALETTE: [&str; 6] = [
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#009E73", // bluish green
    "#0072B2", // blue
    "#D55E00", // vermilion
    "#CC79A7", // reddish purple
];

/// The colour of the arrows from region `from` to region `to`: the same pair has the same colour
/// in every picture and on every machine (an FNV-1a hash of the two names, not their order of
/// appearance); the two directions of a pair are told apart by their arrowheads, and share it.
pub fn pair_colour(from: &str, to: &str) -> &'static str {
    let (a, b) = if from <= to { (from, to) } else { (to, from) };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0xff]).chain(b.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    PALETTE[(h % PALETTE.len() as u64) as usize]
}

/// The region of each box of a diagram: a party's, or, for a group, the one its members share
/// (`None` when they are in several or any is unknown).
pub fn box_regions<'a>(dg: &Diagram, regions: &'a [Option<String>]) -> Vec<Option<&'a str>> {
    let of = |p: petgraph::graph::NodeIndex| {
        regions
            .get(p.index())
            .and_then(|r| r.as_deref())
            .filter(|r| !r.is_empty())
    };
    dg.boxes
        .iter()
        .map(|b| match b {
            Boxed::Party(p) => of(*p),
            Boxed::Group { members, .. } => {
                let first = members.first().and_then(|&m| of(m))?;
                members
                    .iter()
                    .all(|&m| of(m) == Some(first))
                    .then_some(first)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{profiles, tests::graph};
    use crate::render::Style;
    use crate::render::dot::{Drawing, MAX_NODES, render, render_regions};
    use graphviz_rust::dot_structures::{Graph, Id, Stmt};

    /// The 辰溪 chain's shape: suppliers and collectors in 湖南 (one supplier's place unknown), a
    /// buyer in 广西.
    fn chenxi() -> (crate::graph::SupplyGraph, Vec<Option<String>>) {
        let g = graph(&[
            ("瞿某青", "朱某某"),
            ("朱某某", "丁某某"),
            ("左某某", "丁某某"),
            ("丁某某", "湖南买家"),
            ("丁某某", "广西买家"),
        ]);
        let regions = g
            .parties()
            .map(|p| match g.name(p) {
                "瞿某青" => None,
                "广西买家" => Some("广西".to_string()),
                _ => Some("湖南".to_string()),
            })
            .collect();
        (g, regions)
    }

    fn text(id: &Id) -> String {
        match id {
            Id::Escaped(s) | Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => {
                s.trim_matches('"').to_string()
            }
        }
    }

    /// (frame label, parties in it) of each frame, and the parties outside every frame.
    fn frames(dot: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
        let Graph::DiGraph { stmts, .. } = graphviz_rust::parse(dot).expect("valid DOT") else {
            panic!("not a digraph")
        };
        let mut framed = Vec::new();
        let mut outside = Vec::new();
        for s in &stmts {
            match s {
                Stmt::Node(n) => outside.push(text(&n.id.0)),
                Stmt::Subgraph(sub) if text(&sub.id).starts_with("cluster_") => {
                    let mut label = String::new();
                    let mut nodes = Vec::new();
                    for t in &sub.stmts {
                        match t {
                            Stmt::Attribute(a) if text(&a.0) == "label" => label = text(&a.1),
                            Stmt::Node(n) => nodes.push(text(&n.id.0)),
                            _ => {}
                        }
                    }
                    nodes.sort();
                    framed.push((label, nodes));
                }
                _ => {}
            }
        }
        (framed, outside)
    }

    #[test]
    fn each_party_is_framed_in_its_region_and_crossing_arrows_take_the_pair_colour() {
        let (g, regions) = chenxi();
        let profiles = profiles(&g);
        let style = Style::default();
        let d = Drawing {
            graph: &g,
            parties: g.parties().collect(),
            links: g.graph.edge_indices().collect(),
            profiles: &profiles,
            focus: None,
            title: "test".into(),
            case: "t.csv".into(),
            style: &style,
            max_nodes: MAX_NODES,
        };
        let dot = render_regions(&d, &[], &regions);
        let (framed, outside) = frames(&dot);
        assert_eq!(
            framed,
            [
                ("广西".to_string(), vec!["广西买家".to_string()]),
                (
                    "湖南".to_string(),
                    ["丁某某", "左某某", "朱某某", "湖南买家"]
                        .map(String::from)
                        .to_vec()
                ),
            ]
        );
        assert_eq!(outside, ["瞿某青"]);
        // The one arrow from 湖南 to 广西 is coloured; none within 湖南 is.
        let colour = pair_colour("湖南", "广西");
        assert_eq!(dot.matches(colour).count(), 1, "{dot}");
        let crossing = dot.lines().find(|l| l.contains(colour)).unwrap();
        assert!(
            crossing.contains("\"丁某某\" -> \"广西买家\""),
            "{crossing}"
        );
        assert!(dot.contains("frames: the parties of one region"));
        // Without regions, the picture is the one it always was: no frame, no colour.
        let plain = render(&d);
        assert!(!plain.contains("cluster_") && !plain.contains(colour));
        assert_eq!(frames(&plain).1.len(), 6);
    }

    #[test]
    fn graphviz_draws_the_frames_with_their_labels() {
        use crate::render::dot::picture::{DrawError, Picture, draw};
        let (g, regions) = chenxi();
        let profiles = profiles(&g);
        let style = Style::default();
        let d = Drawing {
            graph: &g,
            parties: g.parties().collect(),
            links: g.graph.edge_indices().collect(),
            profiles: &profiles,
            focus: None,
            title: "test".into(),
            case: "t.csv".into(),
            style: &style,
            max_nodes: MAX_NODES,
        };
        let dot = render_regions(&d, &[], &regions);
        let svg = match draw(&dot, Picture::Svg) {
            Ok(svg) => String::from_utf8(svg).unwrap(),
            Err(DrawError::NoGraphviz) => {
                crate::render::dot::skip_without_graphviz(
                    "graphviz_draws_the_frames_with_their_labels",
                );
                return;
            }
            Err(e) => panic!("{e}"),
        };
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut texts = String::new();
        let mut clusters = 0;
        loop {
            match reader.read_event().expect("well-formed SVG") {
                quick_xml::events::Event::Eof => break,
                quick_xml::events::Event::Text(t) => texts.push_str(&t.xml10_content()),
                quick_xml::events::Event::Start(e)
                    if e.try_get_attribute("class")
                        .ok()
                        .flatten()
                        .is_some_and(|a| &*a.value == "cluster") =>
                {
                    clusters += 1
                }
                _ => {}
            }
        }
        assert_eq!(clusters, 2);
        for label in ["湖南", "广西", "丁某某", "瞿某青"] {
            assert!(texts.contains(label), "{label} not in the SVG");
        }
    }

    #[test]
    fn a_pair_keeps_its_colour_and_pairs_spread_over_the_palette() {
        assert_eq!(pair_colour("湖南", "广西"), pair_colour("湖南", "广西"));
        assert_eq!(pair_colour("湖南", "广西"), pair_colour("广西", "湖南"));
        let names = [
            "湖南", "广西", "广东", "贵州", "云南", "江西", "四川", "福建",
        ];
        let mut used = std::collections::BTreeSet::new();
        for a in names {
            for b in names {
                if a != b {
                    used.insert(pair_colour(a, b));
                }
            }
        }
        assert_eq!(used.len(), PALETTE.len(), "28 pairs use every colour");
    }
}
