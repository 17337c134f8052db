//! `wildchain disrupt`: what removing parties, a province or links costs the network, the greedy
//! key players, and the smallest cut of known kg between sources and sinks.

use anyhow::Result;

use super::{GlobalArgs, Usage, emit, graph as case_graph, load, no_dot};
use crate::analysis::disrupt::{Removal, best_k, disrupt, min_cut};
use crate::analysis::{Lineage, species_chains};
use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::render::Style;
use crate::render::disrupt::{Findings, Removed};
use crate::render::summary::write_footer;

/// Options of `disrupt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remove a party (`丁某某`) or a link (`朱某某->丁某某`, also `→`); repeatable: all are removed
    /// at once.
    #[arg(long, value_name = "PARTY")]
    pub remove: Vec<String>,
    /// Remove every party whose place lies in this province (`湖南`, `湖南省`, `广西`); repeatable.
    /// Parties of unknown place are never removed.
    #[arg(long, value_name = "PROVINCE")]
    pub remove_province: Vec<String>,
    /// Find K key players: greedily, the party whose removal disconnects the most source–sink
    /// pairs still connected, K times.
    #[arg(long, value_name = "K")]
    pub best: Option<usize>,
    /// Most chains counted for "chains cut" with `--remove`: past it, the count is of the first N
    /// chains found and says so.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub limit: usize,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "disrupt")?;
    let case = load(g, style)?;
    let graph = case_graph(&case, None);
    let removed = if args.remove.is_empty() && args.remove_province.is_empty() {
        None
    } else {
        let (removal, named) = removal(args, &case, &graph)?;
        let found = species_chains(&graph, &Lineage::of_case(&case), None, args.limit);
        let d = disrupt(&graph, &found.chains, &removal);
        Some((named, d, found.truncated))
    };
    let chains_truncated = removed.as_ref().is_some_and(|r| r.2);
    let findings = Findings {
        graph: &graph,
        removed: removed.map(|(r, d, _)| (r, d)),
        chains_truncated,
        chain_limit: args.limit,
        best: args.best.map(|k| best_k(&graph, k)),
        cut: min_cut(&graph),
    };
    emit(g, |w| {
        style.print(
            w,
            || findings.json(case.data.stats),
            || findings.sheet(),
            |w| {
                findings.write_text(w, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}

/// The removal the options name, and the names as the user will read them.
fn removal(args: &Args, case: &Case, graph: &SupplyGraph) -> Result<(Removal, Removed)> {
    let mut r = Removal::default();
    let mut named = Removed::default();
    for item in &args.remove {
        let link = item
            .split_once("->")
            .or_else(|| item.split_once('→'))
            .map(|(a, b)| (a.trim(), b.trim()));
        match link {
            Some((a, b)) => {
                let (pa, pb) = (graph.party(case, a)?, graph.party(case, b)?);
                let Some(e) = graph.graph.find_edge(pa, pb) else {
                    return Err(Usage::error(
                        format!("no link {a} -> {b} in the data (--remove {item})"),
                        format!("数据中没有 {a} -> {b} 这条关系（--remove {item}）"),
                    ));
                };
                r.links.push(e);
                named
                    .links
                    .push(format!("{}->{}", graph.name(pa), graph.name(pb)));
            }
            None => {
                let p = graph.party(case, item)?;
                r.parties.push(p);
                named.parties.push(graph.name(p).to_string());
            }
        }
    }
    if !args.remove_province.is_empty() {
        let regions = provinces(case, graph);
        let d = crate::ingest::place::divisions();
        for text in &args.remove_province {
            let code = d.resolve(text).province;
            let Some(code) = code else {
                return Err(Usage::error(
                    format!("'{text}' is not a province (--remove-province)"),
                    format!("“{text}”不是省级行政区（--remove-province）"),
                ));
            };
            r.parties
                .extend(Removal::region(graph, &regions, code).parties);
            named
                .provinces
                .push(d.name(code).unwrap_or(text).to_string());
        }
    }
    r.parties.sort_unstable();
    r.parties.dedup();
    Ok((r, named))
}

/// The province of each party of the graph (by node index), from its place as written.
pub(super) fn provinces(case: &Case, graph: &SupplyGraph) -> Vec<Option<u32>> {
    regions_at(case, graph, false)
}

/// The province (or, with `city`, the city) of each party of the graph (by node index), from
/// its place as written; `None` when unknown or not certain at that level.
pub(super) fn regions_at(case: &Case, graph: &SupplyGraph, city: bool) -> Vec<Option<u32>> {
    use crate::case::places::{RegionLevel, regions};
    let level = match city {
        false => RegionLevel::Province,
        true => RegionLevel::City,
    };
    regions(case, graph, level)
}
