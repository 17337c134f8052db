//! `wildchain upstream` and `wildchain downstream`: who is behind or after a party.

use anyhow::Result;
use serde::Serialize;

use super::{GlobalArgs, emit, graph as case_graph, load};
use crate::analysis::{Direction, Traced, links_among, profiles, trace, trace_in_time};
use crate::ingest::InputStats;
use crate::render::dot::{Drawing, render};
use crate::render::view::LinkView;
use crate::render::{Cell, Col, Format, Sheet, csv::write_csv, json::write_json};

/// Options of `upstream` and `downstream`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The party to trace from (exact name, case-sensitive).
    pub party: String,
    /// Keep parties at most N hops away.
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Trace only along links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Trace only along time-ordered paths: downstream, each sale no earlier than the purchase
    /// before it; upstream, each purchase no later than the sale after it. The distance is then
    /// the fewest hops of such a path.
    #[arg(long)]
    pub temporal: bool,
}

#[derive(Debug, Serialize)]
struct Reached {
    name: String,
    distance: usize,
}

#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    party: String,
    direction: &'static str,
    parties: Vec<Reached>,
    edges: Vec<LinkView>,
}

pub fn run(args: &Args, g: &GlobalArgs, dir: Direction) -> Result<()> {
    let case = load(g)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let party = graph.party(&case, &args.party)?;
    // The name the data knows the party by (`朱 某某` and aliases are 朱某某).
    let shown = graph.name(party).to_string();
    let t = if args.temporal {
        let dates = crate::analysis::LinkDates::of_case(&case, &graph, args.species.as_deref());
        let reached = trace_in_time(
            &graph,
            &dates,
            party,
            dir == Direction::Downstream,
            args.depth,
        );
        let mut members: Vec<_> = reached.iter().map(|&(p, _)| p).collect();
        members.push(party);
        Traced {
            party,
            links: links_among(&graph, &members),
            reached,
        }
    } else {
        trace(&graph, party, dir, args.depth)
    };
    let report = Report {
        input: case.data.stats,
        party: shown.clone(),
        direction: dir.name(),
        parties: t
            .reached
            .iter()
            .map(|&(p, d)| Reached {
                name: graph.name(p).to_string(),
                distance: d,
            })
            .collect(),
        edges: t.links.iter().map(|&e| LinkView::new(&graph, e)).collect(),
    };
    emit(g, |w| match g.format {
        Format::Json => write_json(&report, w),
        Format::Dot => {
            let profiles = profiles(&graph);
            let roles: Vec<_> = profiles.iter().map(|p| p.role).collect();
            let tiers: Vec<_> = profiles.iter().map(|p| p.tier).collect();
            let mut parties: Vec<_> = t.reached.iter().map(|&(p, _)| p).collect();
            parties.push(party);
            let text = render(&Drawing {
                graph: &graph,
                parties,
                links: t.links.clone(),
                roles: &roles,
                tiers: &tiers,
                focus: Some(party),
                title: format!("{} of {}", dir.name(), shown),
                unit: g.unit,
            });
            Ok(w.write_all(text.as_bytes())?)
        }
        format => {
            let mut s = Sheet::new(&[Col::new("name", "party"), Col::new("distance", "distance")]);
            for r in &report.parties {
                s.push(vec![Cell::text(&r.name), Cell::Int(r.distance as u64)]);
            }
            if format == Format::Csv {
                write_csv(&s, w)
            } else {
                writeln!(
                    w,
                    "{} of {}: {} parties",
                    dir.name(),
                    shown,
                    report.parties.len()
                )?;
                s.write_table(w, g.unit)
            }
        }
    })
}
