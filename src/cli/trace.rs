//! `wildchain upstream` and `wildchain downstream`: who is behind or after a party.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::dot::{DrawArgs, write_drawing};
use super::{GlobalArgs, emit, graph as case_graph, load};
use crate::analysis::{Direction, Traced, links_among, profiles, trace, trace_in_time};
use crate::render::Style;
use crate::render::dot::Drawing;
use crate::render::trace::{TraceReport, trace_sheet, write_trace};

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
    #[command(flatten)]
    pub draw: DrawArgs,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style, dir: Direction) -> Result<()> {
    // Only the flows and the graph are read, but for the dates of the links in time.
    let case = match args.temporal {
        true => load(g, style)?,
        false => load(g, style)?.without_record_flows(),
    };
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let party = graph.party(&case, &args.party)?;
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
    if args.draw.draws(style) {
        let mut parties: Vec<_> = t.reached.iter().map(|&(p, _)| p).collect();
        parties.push(party);
        let drawing = Drawing {
            graph: &graph,
            parties,
            links: t.links.clone(),
            profiles: &profiles(&graph),
            focus: Some(party),
            // The name the data knows the party by (`朱 某某` and aliases are 朱某某).
            title: match (style.zh(), dir) {
                (false, _) => format!("{} of {}", dir.name(), graph.name(party)),
                (true, Direction::Upstream) => format!("{}的上游", graph.name(party)),
                (true, Direction::Downstream) => format!("{}的下游", graph.name(party)),
            },
            case: case.name(),
            style,
            max_nodes: args.draw.max_nodes,
        };
        return write_drawing(&drawing, &args.draw, g);
    }
    emit(g, |w| {
        style.print(
            w,
            || TraceReport {
                input: case.data.stats,
                graph: &graph,
                traced: &t,
                direction: dir,
            },
            || trace_sheet(&graph, &t),
            |w| {
                write_trace(w, &graph, &t, dir, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
