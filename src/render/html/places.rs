//! The report's "Places / 地域" section: the province flow picture, the flows between provinces,
//! the routes of the chains, the brokers between provinces and what cutting the best party does.

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::{esc, figure, table};
use crate::analysis::Chain;
use crate::analysis::disrupt::best_k;
use crate::analysis::places::{brokers, region_flows, route_counts, routes};
use crate::graph::SupplyGraph;
use crate::render::dot::picture::DrawError;
use crate::render::{Cell, Col, Sheet, Style, group_figures};

/// What the section shows: the graph, its chains, the province of each party (by node), the
/// picture, and the name of a province code.
pub struct Places<'a> {
    pub graph: &'a SupplyGraph,
    pub chains: &'a [Chain],
    pub regions: &'a [Option<u32>],
    /// The brokerage of every party between provinces (the findings').
    pub brokerage: &'a [crate::analysis::places::Brokerage],
    pub picture: std::result::Result<String, DrawError>,
    pub name: &'a dyn Fn(u32) -> String,
}

/// The body of the section.
pub fn places_html(p: &Places, style: &Style) -> String {
    let g = p.graph;
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let unknown = pick("unknown", "不明");
    let region = |r: Option<u32>| r.map_or(unknown.to_string(), |c| (p.name)(c));
    let mut h = figure(&p.picture, "diagram", style.lang);

    let flows = region_flows(g, p.regions);
    let mut s = Sheet::new(&[
        Col::new("from", "from"),
        Col::new("to", "to"),
        Col::new("links", "links"),
        Col::new("weight_kg", "known weight"),
        Col::new("unknown_weight_rows", "rows of unknown weight"),
    ]);
    for c in &flows.cells {
        s.push(vec![
            Cell::text(region(c.from)),
            Cell::text(region(c.to)),
            Cell::Int(c.weighed.links),
            Cell::Kg(c.weighed.known_kg()),
            Cell::Int(c.weighed.unknown_weight),
        ]);
    }
    let _ = write!(
        h,
        "<h3>{}</h3>{}",
        esc(pick("Flows between provinces", "省际流向")),
        table(&s, style)
    );

    let counts = route_counts(&routes(p.chains, p.regions));
    let mut s = Sheet::new(&[Col::new("route", "route"), Col::new("chains", "chains")]);
    for r in &counts {
        let names: Vec<String> = r.regions.iter().map(|&x| region(x)).collect();
        s.push(vec![Cell::text(names.join(" → ")), Cell::Int(r.chains)]);
    }
    let _ = write!(
        h,
        "<h3>{}</h3>{}",
        esc(pick("Routes of the chains", "链条路线")),
        table(&s, style)
    );

    let b = p.brokerage;
    let list = brokers(b);
    let _ = write!(
        h,
        "<h3>{}</h3>",
        esc(pick("Brokers between provinces", "跨省中间人"))
    );
    if list.is_empty() {
        let _ = write!(h, "<p>{}</p>", esc(pick("none", "无")));
    } else {
        h.push_str("<ul>");
        for &v in list.iter().take(super::TABLE_ROWS) {
            let x = &b[v as usize];
            let _ = write!(
                h,
                "<li>{}</li>",
                esc(&match style.zh() {
                    false => format!(
                        "{} ({}): {} two-paths across provinces",
                        g.name(NodeIndex::new(v as usize)),
                        region(x.region),
                        x.roles.across()
                    ),
                    true => format!(
                        "{}（{}）：跨省的二步路径 {} 条",
                        g.name(NodeIndex::new(v as usize)),
                        region(x.region),
                        x.roles.across()
                    ),
                })
            );
        }
        h.push_str("</ul>");
    }

    let best = best_k(g, 1);
    let _ = write!(
        h,
        "<h3>{}</h3>",
        esc(pick("What cutting one party does", "打掉一个当事人的效果"))
    );
    let text = match best.steps.first() {
        None => pick(
            "No party's removal disconnects a source from a sink.",
            "移除任何一个当事人都不会断开源头与终端。",
        )
        .to_string(),
        Some(st) => {
            let name = g.name(NodeIndex::new(st.party as usize));
            // The words of `disrupt`: "none known" where no weight is, the rows of unknown
            // weight apart.
            let lost = crate::render::disrupt::Lost::text(&st.lost, None, style);
            match style.zh() {
                false => format!(
                    "Removing {name} disconnects {} of {} source–sink pairs; known weight no longer reaching a sink: {lost} (wildchain disrupt --best K).",
                    st.pairs_disconnected, best.pairs_before
                ),
                true => format!(
                    "移除{name}断开 {} 对源头—终端中的 {} 对；不再到达终端的已知重量：{lost}（wildchain disrupt --best K）。",
                    best.pairs_before, st.pairs_disconnected
                ),
            }
        }
    };
    let _ = write!(h, "<p>{}</p>", esc(&group_figures(&text)));
    h
}
