//! `wildchain players`: the parties the network cannot work without.

use anyhow::Result;
use serde::Serialize;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{Player, players};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use crate::render::{Cell, Col, Format, Sheet, csv::write_csv, json::write_json};

/// Options of `players`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the first N.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Only links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
}

/// A player as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct PlayerView {
    pub name: String,
    pub betweenness: f64,
    pub throughput_kg: Option<f64>,
    pub chain_share: f64,
    pub labels: Vec<&'static str>,
}

impl PlayerView {
    pub fn new(g: &SupplyGraph, p: &Player) -> PlayerView {
        PlayerView {
            name: g.name(p.party).to_string(),
            betweenness: p.betweenness,
            throughput_kg: p.throughput_kg,
            chain_share: p.chain_share,
            labels: p.labels.clone(),
        }
    }
}

/// Players as a sheet.
pub fn players_sheet(rows: &[PlayerView]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("name", "party"),
        Col::new("chain_share", "chain share"),
        Col::new("betweenness", "betweenness"),
        Col::new("throughput_kg", "throughput"),
        Col::new("labels", "labels"),
    ]);
    for p in rows {
        s.push(vec![
            Cell::text(&p.name),
            Cell::Num(Some(p.chain_share)),
            Cell::Num(Some(p.betweenness)),
            Cell::Kg(p.throughput_kg),
            Cell::text(p.labels.join(" ")),
        ]);
    }
    s
}

#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    players: Vec<PlayerView>,
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "players")?;
    let case = load(g)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let mut list: Vec<PlayerView> = players(&graph)
        .iter()
        .map(|p| PlayerView::new(&graph, p))
        .collect();
    if let Some(n) = args.top {
        list.truncate(n);
    }
    let report = Report {
        input: case.data.stats,
        players: list,
    };
    emit(g, |w| match g.format {
        Format::Json => write_json(&report, w),
        Format::Csv => write_csv(&players_sheet(&report.players), w),
        _ => players_sheet(&report.players).write_table(w, g.unit),
    })
}
