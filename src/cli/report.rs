//! `wildchain report`: the case report as one self-contained HTML page to open, print or file.

use anyhow::Result;

use super::shared::FindingsArgs;
use super::{GlobalArgs, emit, load};
use crate::analysis::{By, Filter, TotalKey, findings, profiles, totals};
use crate::render::Style;
use crate::render::dot::picture::{Picture, draw};
use crate::render::dot::{Drawing, MAX_NODES, render};
use crate::render::html::{Page, write_page};
use crate::render::lang::Lang;

/// Species charted month by month at most (the heaviest).
const MONTHLY_SPECIES: usize = 6;

/// Options of `report`. The output is always HTML, whatever `--format` says; write it with -o.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub findings: FindingsArgs,
    /// Most parties in the network diagram before the least trading are grouped.
    #[arg(long, default_value_t = MAX_NODES, value_name = "N")]
    pub max_nodes: usize,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let case = load(g, style)?;
    let f = findings(&case, args.findings.limit, args.findings.tolerance);
    // A page for the case file: unless --lang or the locale asks, it reads in the language of
    // the case's names (a case of Chinese parties gets a Chinese page). Tables on a terminal keep
    // following the locale: they are read by whoever sits at it.
    let mut style = *style;
    if g.lang.is_none() && Lang::asked_by_env().is_none() {
        style.lang = Lang::of_names(f.graph.parties().map(|p| f.graph.name(p)));
    }
    let style = &style;
    let profiles = profiles(&f.graph);
    let drawing = Drawing {
        graph: &f.graph,
        parties: f.graph.parties().collect(),
        links: f.graph.graph.edge_indices().collect(),
        profiles: &profiles,
        focus: None,
        title: style.pick("the whole network", "整个网络").to_string(),
        case: case.name(),
        style,
        max_nodes: args.max_nodes,
    };
    // Without Graphviz the page is still written, saying why it has no diagram.
    let diagram = draw(&render(&drawing), Picture::Svg)
        .map(|svg| {
            let svg = String::from_utf8_lossy(&svg).into_owned();
            // Inline SVG starts at its element: no XML declaration or DOCTYPE inside HTML.
            svg.find("<svg")
                .map_or(svg.clone(), |at| svg[at..].to_string())
        })
        .map_err(|e| {
            eprintln!("wildchain: warning: the report has no diagram: {e}");
            e
        });
    let monthly = f
        .species
        .iter()
        .filter(|r| r.tally.weight_kg().is_some())
        .take(MONTHLY_SPECIES)
        .filter_map(|r| match &r.key {
            TotalKey::Species(name) => {
                let filter = Filter {
                    species: Some(name.clone()),
                    ..Filter::default()
                };
                Some((name.clone(), totals(&case, By::Month, &filter)))
            }
            _ => None,
        })
        .collect();
    let page = Page {
        findings: &f,
        style,
        diagram,
        monthly,
    };
    emit(g, |w| write_page(w, &page))
}
