//! `wildchain analyze`: the case report an investigator reads first.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::networks::{NetworkView, networks_sheet, views};
use super::players::PlayerView;
use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{
    By, Filter, Lead, TotalRow, balance, chains, leads, players, profiles, totals,
};
use crate::case::{Case, Tally};
use crate::ingest::InputStats;
use crate::ingest::date::DateKey;
use crate::render::balance::BalanceViews;
use crate::render::leads::{LeadViews, leads_sheet};
use crate::render::table::write_pairs;
use crate::render::view::{
    ChainView, PartyView, TotalView, chains_sheet, parties_sheet, totals_sheet,
};
use crate::render::{
    Cell, Col, Format, csv::write_csv, human_number, human_weight, json::write_json,
};
use crate::timing::stage;
use crate::units::MassUnit;

/// Options of `analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Most chains to list.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
    /// Relative tolerance of the mass balance (see `wildchain balance`).
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub tolerance: f64,
}

/// The case in figures.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub parties: usize,
    pub links: usize,
    pub species: usize,
    pub transactions: u64,
    pub first_date: Option<DateKey>,
    pub last_date: Option<DateKey>,
    /// Sum of the known weights, or null when no weight is known.
    pub weight_kg: Option<f64>,
    /// Transactions whose weight is not known.
    pub unknown_weight: u64,
    pub chains_truncated: bool,
}

/// The whole report, as JSON.
#[derive(Serialize)]
pub struct Report<'a> {
    pub input: InputStats,
    pub summary: Summary,
    pub parties: Vec<PartyView>,
    pub chains: Vec<ChainView>,
    pub species: Vec<TotalView>,
    pub networks: Vec<NetworkView>,
    pub cycles: Vec<Vec<String>>,
    pub players: Vec<PlayerView>,
    pub balance: BalanceViews<'a>,
    pub leads: Leads<'a>,
}

/// The leads of a report, worded when they are written.
pub struct Leads<'a> {
    pub case: &'a Case,
    pub leads: Vec<Lead>,
    pub unit: MassUnit,
}

impl Serialize for Leads<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LeadViews {
            case: self.case,
            leads: &self.leads,
            unit: self.unit,
        }
        .serialize(s)
    }
}

/// Builds the report of a loaded case; each analysis runs once and is shared by the sections
/// that need it. Lead sentences read in `unit`.
pub fn report<'a>(case: &'a Case, args: &Args, unit: MassUnit) -> Result<Report<'a>> {
    let g = case_graph(case, None);
    // Upstream first: by tier, then by name.
    let mut parties: Vec<PartyView> = profiles(&g).iter().map(|p| PartyView::new(&g, p)).collect();
    parties.sort_by(|a, b| (a.tier, &a.name).cmp(&(b.tier, &b.name)));

    let found = stage("chains", || chains(&g, None, args.limit));
    let species: Vec<TotalRow> = stage("species totals", || {
        totals(case, By::Species, &Filter::default())
    });
    let mut all = Tally::default();
    for s in &species {
        all.merge(&s.tally);
    }
    let species: Vec<TotalView> = species.into_iter().map(TotalView).collect();
    let cycle_nodes = stage("cycles", || crate::analysis::cycles(&g));
    let (networks, cycles) = stage("networks", || views(&g, &cycle_nodes));
    let ranked = stage("players", || players(&g));
    let rows = stage("balance", || balance(case, args.tolerance, None));
    let leads = stage("leads", || leads(case, &g, &rows, &ranked, &cycle_nodes));
    Ok(Report {
        input: case.data.stats,
        summary: Summary {
            parties: g.node_count(),
            links: g.edge_count(),
            species: species.len(),
            transactions: all.transactions,
            first_date: all.first_date,
            last_date: all.last_date,
            weight_kg: all.weight_kg(),
            unknown_weight: all.unknown_weight,
            chains_truncated: found.truncated,
        },
        parties,
        chains: found.chains.iter().map(|c| ChainView::new(&g, c)).collect(),
        species,
        networks,
        cycles,
        players: ranked.iter().map(|p| PlayerView::new(&g, p)).collect(),
        balance: BalanceViews { case, rows },
        leads: Leads { case, leads, unit },
    })
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "analyze")?;
    let case = load(g)?;
    let r = report(&case, args, g.unit)?;
    // Writing is a stage of its own: at millions of rows the JSON runs to hundreds of megabytes.
    stage("write", || {
        emit(g, |w| match g.format {
            Format::Json => write_json(&r, w),
            // CSV holds one table: the parties. Chains, totals, balance and players have their own commands.
            Format::Csv => write_csv(&parties_sheet(&r.parties), w),
            _ => write_report(&r, &case, g, w),
        })
    })
}

/// Leads shown in the table report; JSON has them all.
const LEADS_SHOWN: usize = 15;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn write_report(r: &Report, case: &Case, g: &GlobalArgs, w: &mut dyn Write) -> Result<()> {
    let s = &r.summary;
    let names: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
    writeln!(w, "Case: {}", names.join(", "))?;
    let dates = match (s.first_date, s.last_date) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "unknown".to_string(),
    };
    let weight = match s.weight_kg {
        Some(_) => format!("{} {}", human_weight(s.weight_kg, g.unit), g.unit.name()),
        None => "none".to_string(),
    };
    let cycles = if r.cycles.is_empty() {
        "no cycles".to_string()
    } else {
        plural(r.cycles.len(), "cycle", "cycles")
    };
    write_pairs(
        w,
        &[
            (
                "rows",
                format!(
                    "{} read, {} accepted, {} rejected",
                    r.input.rows, r.input.accepted, r.input.rejected
                ),
            ),
            (
                "network",
                format!(
                    "{}, {}, {}, {}, {}",
                    plural(s.parties, "party", "parties"),
                    plural(s.links, "link", "links"),
                    plural(s.species, "species", "species"),
                    plural(r.networks.len(), "separate network", "separate networks"),
                    cycles
                ),
            ),
            ("dates", dates),
            (
                "known weight",
                format!(
                    "{weight}; {} of {} transactions have no known weight (not counted as 0)",
                    s.unknown_weight, s.transactions
                ),
            ),
        ],
    )?;

    writeln!(w, "\nLeads")?;
    if r.leads.leads.is_empty() {
        writeln!(w, "  none")?;
    }
    if !r.leads.leads.is_empty() {
        leads_sheet(case, &r.leads.leads, LEADS_SHOWN, g.unit).write_table(w, g.unit)?;
    }
    if r.leads.leads.len() > LEADS_SHOWN {
        writeln!(
            w,
            "… and {} more (--format json lists them all)",
            r.leads.leads.len() - LEADS_SHOWN
        )?;
    }

    writeln!(w, "\nParties (upstream first)")?;
    let mut parties = parties_sheet(&r.parties);
    parties.columns.push(Col::new("chain_share", "chain share"));
    parties.columns.push(Col::new("labels", "labels"));
    let by_name: std::collections::HashMap<&str, &PlayerView> =
        r.players.iter().map(|q| (q.name.as_str(), q)).collect();
    for (row, p) in parties.rows.iter_mut().zip(&r.parties) {
        let player = by_name.get(p.name.as_str());
        row.push(Cell::text(player.map_or(String::new(), |q| {
            format!("{}%", human_number(q.chain_share * 100.0))
        })));
        row.push(Cell::text(
            player.map_or(String::new(), |q| q.labels.join(" ")),
        ));
    }
    parties.write_table(w, g.unit)?;

    let more = if s.chains_truncated {
        " (more exist; raise --limit)"
    } else {
        ""
    };
    writeln!(w, "\nChains: {}{more}", r.chains.len())?;
    chains_sheet(&r.chains).write_table(w, g.unit)?;

    writeln!(w, "\nSpecies")?;
    totals_sheet(&r.species, "species").write_table(w, g.unit)?;

    if r.networks.len() > 1 {
        writeln!(w, "\nNetworks (--network K restricts any command to one)")?;
        networks_sheet(&r.networks).write_table(w, g.unit)?;
    }
    if !r.cycles.is_empty() {
        writeln!(w, "\nCycles")?;
        for c in &r.cycles {
            writeln!(w, "  {}", c.join(", "))?;
        }
    }
    writeln!(
        w,
        "\nMore: wildchain balance · players · networks · chains --temporal · dot | dot -Tsvg"
    )?;
    Ok(())
}
