//! `wildchain chains`: every source-to-sink chain, optionally through one party or of one species.

use anyhow::Result;
use serde::Serialize;

use super::{GlobalArgs, emit, graph as case_graph, load};
use crate::analysis::{InTime, chains, chains_in_time, profiles};
use crate::ingest::InputStats;
use crate::render::dot::{Drawing, render};
use crate::render::view::{ChainView, chains_sheet};
use crate::render::{Format, csv::write_csv, json::write_json};

/// Options of `chains`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep only chains through this party (including those that start or end there).
    #[arg(long, value_name = "PARTY")]
    pub through: Option<String>,
    /// Use only links of this species (sources and sinks are then those of its own links).
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
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
}

#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    chains: Vec<ChainView>,
    truncated: bool,
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    let case = load(g)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let through = match &args.through {
        Some(p) => Some(graph.party(&case, p)?),
        None => None,
    };
    let found = if args.temporal {
        let dates = crate::analysis::LinkDates::of_case(&case, &graph, args.species.as_deref());
        let time = InTime {
            dates: &dates,
            max_lag: args.max_lag.map(i64::from),
        };
        chains_in_time(&graph, through, args.limit, time)
    } else {
        chains(&graph, through, args.limit)
    };
    let report = Report {
        input: case.data.stats,
        chains: found
            .chains
            .iter()
            .map(|c| ChainView::new(&graph, c))
            .collect(),
        truncated: found.truncated,
    };
    emit(g, |w| match g.format {
        Format::Json => write_json(&report, w),
        Format::Csv => write_csv(&chains_sheet(&report.chains), w),
        Format::Dot => {
            let profiles = profiles(&graph);
            let roles: Vec<_> = profiles.iter().map(|p| p.role).collect();
            let tiers: Vec<_> = profiles.iter().map(|p| p.tier).collect();
            let mut title = format!("{} chains", report.chains.len());
            if let Some(p) = &args.through {
                title.push_str(&format!(" through {p}"));
            }
            let text = render(&Drawing {
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
                roles: &roles,
                tiers: &tiers,
                focus: through,
                title,
                unit: g.unit,
            });
            Ok(w.write_all(text.as_bytes())?)
        }
        Format::Table => {
            let more = if report.truncated {
                " (more exist; raise --limit)"
            } else {
                ""
            };
            writeln!(w, "{} chains{more}", report.chains.len())?;
            chains_sheet(&report.chains).write_table(w, g.unit)
        }
    })
}
