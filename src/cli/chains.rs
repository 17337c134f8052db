//! `wildchain chains`: every source-to-sink chain, optionally through one party or of one species.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::dot::{DrawArgs, write_drawing};
use super::{GlobalArgs, emit, graph as case_graph, load};
use crate::analysis::{
    InTime, Lineage, chains, chains_in_time, profiles, species_chains, species_chains_in_time,
};
use crate::render::Style;
use crate::render::chains::{ChainViews, ChainsReport, chains_sheet, write_chains};
use crate::render::dot::Drawing;

/// Options of `chains`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep only chains through this party (including those that start or end there).
    #[arg(long, value_name = "PARTY")]
    pub through: Option<String>,
    /// Use only links of this species (sources and sinks are then those of its own links).
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Read the chains as a network only: every path from a source to a sink, whatever species
    /// each link carries, its bottleneck the smallest weight of any goods on a link. Without it, a
    /// chain is a path along which one species label moves (see docs/analyses.md).
    #[arg(long)]
    pub any_species: bool,
    /// Most chains to list; `truncated` tells when more exist.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
    /// Keep only chains whose links can be witnessed by rows in date order (a row of unknown date
    /// fits anywhere; a month-only date counts as the whole month); each chain gets its dates.
    #[arg(long)]
    pub temporal: bool,
    /// With --temporal: at most DAYS between a link's row and the next link's row.
    #[arg(long, value_name = "DAYS", requires = "temporal")]
    pub max_lag: Option<u32>,
    #[command(flatten)]
    pub draw: DrawArgs,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    // Only the flows and the graph are read, but for the dates of the links in time.
    let case = match args.temporal {
        true => load(g, style)?,
        false => load(g, style)?.without_record_flows(),
    };
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let through = match &args.through {
        Some(p) => Some(graph.party(&case, p)?),
        None => None,
    };
    let lineage = (!args.any_species).then(|| Lineage::of_case(&case));
    let found = if args.temporal {
        let dates = crate::analysis::LinkDates::of_case(&case, &graph, args.species.as_deref());
        let time = InTime {
            dates: &dates,
            max_lag: args.max_lag.map(i64::from),
        };
        match &lineage {
            Some(l) => species_chains_in_time(&graph, l, through, args.limit, time),
            None => chains_in_time(&graph, through, args.limit, time),
        }
    } else {
        match &lineage {
            Some(l) => species_chains(&graph, l, through, args.limit),
            None => chains(&graph, through, args.limit),
        }
    };
    if args.draw.draws(style) {
        let n = found.chains.len();
        let title = match (&args.through, style.zh()) {
            (None, false) => format!("{n} chains"),
            (None, true) => format!("{n} 条供应链"),
            (Some(p), false) => format!("{n} chains through {p}"),
            (Some(p), true) => format!("经过 {p} 的 {n} 条供应链"),
        };
        let drawing = Drawing {
            graph: &graph,
            parties: found
                .chains
                .iter()
                .flat_map(|c| c.path.iter().copied())
                .collect(),
            links: found
                .chains
                .iter()
                .flat_map(|c| c.links.iter().copied())
                .collect(),
            profiles: &profiles(&graph),
            focus: through,
            title,
            case: case.name(),
            style,
            max_nodes: args.draw.max_nodes,
        };
        return write_drawing(&drawing, &args.draw, g);
    }
    emit(g, |w| {
        style.print(
            w,
            || ChainsReport {
                input: case.data.stats,
                chains: ChainViews {
                    graph: &graph,
                    chains: &found.chains,
                },
                truncated: found.truncated,
                cut: found.cut,
            },
            || chains_sheet(&graph, &found.chains),
            |w| {
                write_chains(w, &graph, &found, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
