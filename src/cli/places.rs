//! `wildchain places`: where the chain runs — flows between provinces (or cities), routes of the
//! chains, the trade-chain index and the brokers between regions.

use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::Lineage;
use crate::analysis::places::{
    brokerage, brokers, region_flows, route_counts, routes, trade_chain_index,
};
use crate::case::places::{RegionLevel, regions_of, resolve};
use crate::render::Style;
use crate::render::places::{PlacesFound, PlacesReport, places_sheet, write_places};
use crate::render::summary::write_footer;

/// The level of regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    Province,
    City,
}

/// Options of `places`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Regions are provinces (a municipality is one) or prefecture-level cities.
    #[arg(long, value_enum, default_value_t = LevelArg::Province)]
    pub level: LevelArg,
    /// Only links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Most chains to route.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "places")?;
    // Only the flows and the graph are read.
    let case = load(g, style)?.without_record_flows();
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let level = match args.level {
        LevelArg::Province => RegionLevel::Province,
        LevelArg::City => RegionLevel::City,
    };
    let places = crate::timing::stage("places: resolve", || resolve(&case.data));
    let regions = regions_of(&places, &graph, level);
    let written = (graph.graph.node_indices())
        .filter(|&n| {
            let id = graph.graph[n].id as usize;
            places.get(id).is_some_and(Option::is_some)
        })
        .count();
    // The chains on this thread, the brokerage and the flows between regions beside them.
    let (found, (b, flows)) = std::thread::scope(|s| {
        let beside = s.spawn(|| {
            (
                crate::timing::stage("places: brokerage", || brokerage(&graph, &regions)),
                crate::timing::stage("places: flows", || region_flows(&graph, &regions)),
            )
        });
        let found = crate::timing::stage("places: chains", || {
            crate::analysis::species_chains(&graph, &Lineage::of_case(&case), None, args.limit)
        });
        let beside = crate::parallel::join(beside);
        (found, beside)
    });
    let route_list = routes(&found.chains, &regions);
    let f = PlacesFound {
        graph: &graph,
        level,
        regions: &regions,
        written,
        flows,
        chains: &found.chains,
        truncated: found.truncated,
        route_counts: route_counts(&route_list),
        routes: route_list,
        index: trade_chain_index(&found.chains, &regions),
        brokers: brokers(&b),
        brokerage: b,
    };
    let _t = crate::timing::Timer::new("places: write");
    emit(g, |w| {
        style.print(
            w,
            || PlacesReport::of(&f, case.data.stats),
            || places_sheet(&f),
            |w| {
                write_places(w, &f, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
