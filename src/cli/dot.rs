//! `wildchain dot`: a Graphviz diagram of the whole network or of one party's neighbourhood.

use std::io::IsTerminal;

use anyhow::Result;

use super::shared::PictureArg;
use super::{GlobalArgs, UsageError, emit, graph as case_graph, load};
use crate::analysis::report::{TOP_LEADS, nodes_of, top_lead_parties};
use crate::analysis::{Direction, links_among, profiles, trace};
use crate::render::dot::picture::{Picture, draw};
use crate::render::dot::{Drawing, MAX_NODES, render_keeping};
use crate::render::{Format, Style};
use petgraph::graph::NodeIndex;

/// How a diagram is written: DOT text, or a picture drawn by Graphviz. Shared by every command
/// that draws (`dot`, `upstream`, `downstream`, `chains`).
#[derive(Debug, Clone, clap::Args)]
pub struct DrawArgs {
    /// Draw the diagram as a picture with Graphviz (needs `dot` installed) instead of writing DOT
    /// text; use with -o FILE.
    #[arg(long, value_enum, value_name = "KIND")]
    pub render: Option<PictureArg>,
    /// Most parties to draw: above it, the parties that trade least are drawn in groups ("12
    /// suppliers of X") and parallel links as one arrow; 0 draws every party.
    #[arg(long, default_value_t = MAX_NODES, value_name = "N")]
    pub max_nodes: usize,
}

impl DrawArgs {
    /// Whether the command should draw rather than list: `--render` or `--format dot`.
    pub fn draws(&self, style: &Style) -> bool {
        self.render.is_some() || style.format == Format::Dot
    }
}

/// Writes a drawing as DOT text, or as the picture `--render` asks for, to stdout or `-o`.
///
/// # Errors
/// A binary picture to a terminal (a usage error), Graphviz missing or failing, the output failing.
pub fn write_drawing(d: &Drawing, how: &DrawArgs, g: &GlobalArgs) -> Result<()> {
    write_drawing_keeping(d, &[], how, g)
}

/// [`write_drawing`], the parties `keep` drawn on their own and outlined (see
/// [`crate::render::dot::render_keeping`]).
///
/// # Errors
/// As [`write_drawing`].
pub fn write_drawing_keeping(
    d: &Drawing,
    keep: &[NodeIndex],
    how: &DrawArgs,
    g: &GlobalArgs,
) -> Result<()> {
    let Some(kind) = how.render.map(Picture::from) else {
        return emit(g, |w| w.write_all(render_keeping(d, keep).as_bytes()));
    };
    if !kind.is_text() && g.output.is_none() && std::io::stdout().is_terminal() {
        return Err(UsageError(format!(
            "--render {} writes a binary picture: give -o FILE",
            format!("{kind:?}").to_lowercase()
        ))
        .into());
    }
    let picture = draw(&render_keeping(d, keep), kind)?;
    emit(g, |w| w.write_all(&picture))
}

/// Which way to draw from `--party`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Way {
    Up,
    Down,
    Both,
}

/// Options of `dot`. The output is always DOT, whatever `--format` says.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Draw only this party and what it traces to.
    #[arg(long, value_name = "P")]
    pub party: Option<String>,
    /// With --party: its suppliers (up), its customers (down) or both.
    #[arg(long, value_enum, default_value_t = Way::Both)]
    pub direction: Way,
    /// With --party: at most N hops away.
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Draw only links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    #[command(flatten)]
    pub draw: DrawArgs,
    /// Frame the parties by the province (or city) of their place, and colour the arrows that
    /// cross from one to another by the pair (parties of unknown place stay outside every frame).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub cluster: Option<ClusterBy>,
    /// Draw the schematic province-flow picture instead: provinces as tiles in their rough
    /// positions (no borders), arrows by known kg between them.
    #[arg(long, conflicts_with_all = ["party", "cluster"])]
    pub provinces: bool,
}

/// What `--cluster` frames parties by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterBy {
    Province,
    City,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    if args.provinces {
        return run_provinces(args, g, style);
    }
    if args.party.is_none() && args.depth.is_some() {
        return Err(super::Usage::error(
            "--depth needs --party",
            "--depth 需要与 --party 一起使用",
        ));
    }
    let case = load(g, style)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let profiles = profiles(&graph);
    let (parties, links, focus, title) = match &args.party {
        None => (
            graph.parties().collect(),
            graph.graph.edge_indices().collect(),
            None,
            style.pick("the whole network", "整个网络").to_string(),
        ),
        Some(name) => {
            let p = graph.party(&case, name)?;
            let mut parties = vec![p];
            for (way, dir) in [
                (Way::Up, Direction::Upstream),
                (Way::Down, Direction::Downstream),
            ] {
                if args.direction == way || args.direction == Way::Both {
                    parties.extend(
                        trace(&graph, p, dir, args.depth)
                            .reached
                            .iter()
                            .map(|&(q, _)| q),
                    );
                }
            }
            parties.sort_unstable();
            parties.dedup();
            let links = links_among(&graph, &parties);
            let way = match args.direction {
                Way::Up => style.pick("upstream", "上游"),
                Way::Down => style.pick("downstream", "下游"),
                Way::Both => style.pick("upstream and downstream", "上下游"),
            };
            let title = match style.zh() {
                false => format!("{}, {way}", graph.name(p)),
                true => format!("{}的{way}", graph.name(p)),
            };
            (parties, links, Some(p), title)
        }
    };
    // The whole network, too large to draw whole: the parties of the top leads stay in sight.
    let keep = if args.party.is_none()
        && args.draw.max_nodes > 0
        && graph.node_count() > args.draw.max_nodes
    {
        nodes_of(&graph, &top_lead_parties(&case, LEAD_TOLERANCE, TOP_LEADS))
    } else {
        Vec::new()
    };
    let drawing = Drawing {
        graph: &graph,
        parties,
        links,
        profiles: &profiles,
        focus,
        title,
        case: case.name(),
        style,
        max_nodes: args.draw.max_nodes,
    };
    let Some(by) = args.cluster else {
        return write_drawing_keeping(&drawing, &keep, &args.draw, g);
    };
    let d = crate::ingest::place::divisions();
    let regions: Vec<Option<String>> =
        super::disrupt::regions_at(&case, &graph, by == ClusterBy::City)
            .into_iter()
            .map(|r| r.and_then(|c| region_name(d, c, by)))
            .collect();
    write_dot_text(
        &crate::render::dot::render_regions(&drawing, &keep, &regions),
        &args.draw,
        g,
    )
}

/// The name a frame or tile shows for a region code: a province's short name (`湖南`), a city's
/// full one (`怀化市`).
fn region_name(d: &crate::ingest::place::Divisions, code: u32, by: ClusterBy) -> Option<String> {
    match by {
        ClusterBy::Province => d.short(code).or_else(|| d.name(code)),
        ClusterBy::City => d.name(code),
    }
    .map(str::to_string)
}

/// Writes DOT text, or the picture `--render` asks for, to stdout or `-o`.
fn write_dot_text(text: &str, how: &DrawArgs, g: &GlobalArgs) -> Result<()> {
    let Some(kind) = how.render.map(Picture::from) else {
        return emit(g, |w| w.write_all(text.as_bytes()));
    };
    if !kind.is_text() && g.output.is_none() && std::io::stdout().is_terminal() {
        return Err(UsageError(format!(
            "--render {} writes a binary picture: give -o FILE",
            format!("{kind:?}").to_lowercase()
        ))
        .into());
    }
    let picture = draw(text, kind)?;
    emit(g, |w| w.write_all(&picture))
}

/// The province flows of a case, as the schematic picture draws them, and the rows whose seller's
/// or buyer's province is unknown.
pub(crate) fn province_flows(
    graph: &crate::graph::SupplyGraph,
    regions: &[Option<u32>],
) -> (Vec<crate::render::dot::provinces::ProvinceFlow>, u64) {
    let flows = crate::analysis::places::region_flows(graph, regions);
    let mut out = Vec::new();
    let mut unplaced = 0;
    for c in &flows.cells {
        match (c.from, c.to) {
            (Some(from), Some(to)) => out.push(crate::render::dot::provinces::ProvinceFlow {
                from,
                to,
                known_kg: c.weighed.known_kg().unwrap_or(0.0),
                rows: c.weighed.transactions,
                unknown_rows: c.weighed.unknown_weight,
            }),
            _ => unplaced += c.weighed.transactions,
        }
    }
    (out, unplaced)
}

/// `dot --provinces`: the schematic province-flow picture.
fn run_provinces(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let case = load(g, style)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let regions = super::disrupt::provinces(&case, &graph);
    let (flows, unplaced_rows) = province_flows(&graph, &regions);
    let d = crate::ingest::place::divisions();
    let name = |c: u32| region_name(d, c, ClusterBy::Province).unwrap_or_else(|| c.to_string());
    let picture = crate::render::dot::provinces::ProvincePicture {
        flows: &flows,
        name: &name,
        title: style
            .pick("goods between provinces", "省际货物流向")
            .to_string(),
        case: case.name(),
        unplaced_rows,
        style,
    };
    write_dot_text(
        &crate::render::dot::provinces::render_provinces(&picture),
        &args.draw,
        g,
    )
}

/// The mass-balance tolerance of the leads `dot` keeps in sight: that of `analyze` and `report`
/// by default.
const LEAD_TOLERANCE: f64 = 0.1;
