//! `wildchain report`: the case report as one self-contained HTML page to open, print or file.

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use sha2::{Digest, Sha256};

use super::shared::FindingsArgs;
use super::{GlobalArgs, emit, load_reading, read_small_text};
use crate::analysis::report::{TOP_LEADS, lead_parties, nodes_of};
use crate::analysis::value::{BaseValues, case_value};
use crate::analysis::{
    By, Direction, Filter, TotalKey, findings_with, links_among, profiles, totals, trace,
};
use crate::render::Style;
use crate::render::dot::picture::{DrawError, Picture, draw};
use crate::render::dot::{Drawing, MAX_NODES, render_keeping};
use crate::render::html::header::{Header, InputHash};
use crate::render::html::{Page, write_page};
use crate::render::lang::Lang;
use crate::timing::stage;

/// Species charted month by month at most (the heaviest).
const MONTHLY_SPECIES: usize = 6;

/// Boxes at most in the small picture around a lead's party.
const AROUND_NODES: usize = 15;

/// Days summed together for `--values` (the 2 years of 法释〔2022〕12号 第十二条, as `value`).
const VALUE_WINDOW_DAYS: i64 = 730;

/// Options of `report`. The output is always HTML, whatever `--format` says; write it with -o.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub findings: FindingsArgs,
    /// Most boxes in the network overview before the least trading parties are grouped (the
    /// parties of the top leads are always drawn on their own).
    #[arg(long, default_value_t = MAX_NODES, value_name = "N")]
    pub max_nodes: usize,
    /// The case's name and number, for the header (e.g. "辰溪县森林公安局 2022-017").
    #[arg(long, value_name = "TEXT")]
    pub case: Option<String>,
    /// Who made the report, for the header.
    #[arg(long, value_name = "NAME")]
    pub analyst: Option<String>,
    /// Base values per animal (as `wildchain value --values`): adds the case value per party.
    #[arg(long, value_name = "FILE")]
    pub values: Option<std::path::PathBuf>,
}

/// The SHA-256 of a file as lower-case hex.
/// A file the report cannot read to hash: ingest's typed file error, so that it is said in the
/// report's language (`无法读取 … 以计算其哈希值`).
fn hash_error(path: &Path, error: std::io::Error) -> crate::ingest::Error {
    crate::ingest::Error::File {
        doing: "hash",
        path: path.to_path_buf(),
        error,
    }
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every input of the report with its SHA-256: the case files (the embedded case hashed from its
/// bytes), the links files, the side tables and the base values, in that order. Standard input,
/// read once, is named unhashed.
fn input_hashes(g: &GlobalArgs, values: Option<&Path>) -> Result<Vec<InputHash>> {
    let mut out = Vec::new();
    if g.input.is_empty() && g.links.is_empty() {
        out.push(InputHash {
            name: crate::ingest::EMBEDDED_NAME.to_string(),
            sha256: Some(hex(&Sha256::digest(
                crate::ingest::EMBEDDED_CASE.as_bytes(),
            ))),
        });
    }
    let files = g.input.iter().chain(&g.links).map(|s| s.as_str());
    let side = [&g.species_table, &g.conversions, &g.aliases]
        .into_iter()
        .flatten()
        .map(|p| p.to_str().unwrap_or_default());
    for name in files.chain(side) {
        out.push(if name == "-" {
            InputHash {
                name: "-".to_string(),
                sha256: None,
            }
        } else {
            InputHash {
                name: name.to_string(),
                sha256: Some(
                    sha256_file(Path::new(name))
                        .map_err(|error| hash_error(Path::new(name), error))?,
                ),
            }
        });
    }
    if let Some(p) = values {
        out.push(InputHash {
            name: p.display().to_string(),
            sha256: Some(sha256_file(p).map_err(|error| hash_error(p, error))?),
        });
    }
    Ok(out)
}

/// When the page is made, in seconds since 1970: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds' convention, so that the same inputs give the same page), else now.
fn generated_at() -> Result<i64> {
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH") {
        return s.trim().parse::<i64>().map_err(|_| {
            super::UsageError(format!(
                "SOURCE_DATE_EPOCH={s}: expected whole seconds since 1970-01-01"
            ))
            .into()
        });
    }
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64))
}

/// A DOT drawing as inline SVG (from its `<svg` element on), or why there is none.
fn svg(dot: &str) -> std::result::Result<String, DrawError> {
    draw(dot, Picture::Svg).map(|svg| {
        let svg = String::from_utf8_lossy(&svg).into_owned();
        // Inline SVG starts at its element: no XML declaration or DOCTYPE inside HTML.
        svg.find("<svg")
            .map_or(svg.clone(), |at| svg[at..].to_string())
    })
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let generated = generated_at()?;
    let read: Vec<&Path> = args.values.iter().map(|p| p.as_path()).collect();
    // The inputs are hashed while the case loads.
    let (case, inputs) = std::thread::scope(|s| {
        let hashing = s.spawn(|| {
            stage("report: hash inputs", || {
                input_hashes(g, args.values.as_deref())
            })
        });
        let case = load_reading(g, style, &read);
        let inputs = hashing
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("hashing the inputs failed")));
        (case, inputs)
    });
    let (case, inputs) = (case?, inputs?);
    let values = match &args.values {
        None => None,
        Some(p) => {
            let name = p.display().to_string();
            let base = BaseValues::parse(&read_small_text(p)?, &name)?;
            base.check(&case.data.species_table, &name)?;
            Some((case_value(&case, &base, VALUE_WINDOW_DAYS), base))
        }
    };
    let f = findings_with(&case, &args.findings.options());
    // A page for the case file: unless --lang or the locale asks, it reads in the language of
    // the case's names (a case of Chinese parties gets a Chinese page). Tables on a terminal keep
    // following the locale: they are read by whoever sits at it.
    let mut style = *style;
    if g.lang.is_none() && Lang::asked_by_env().is_none() {
        style.lang = Lang::of_names(f.graph.parties().map(|p| f.graph.name(p)));
    }
    let style = &style;
    let profiles = profiles(&f.graph);
    let leads = nodes_of(&f.graph, &lead_parties(&f.leads, TOP_LEADS));
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
    let diagram = stage("report: overview", || {
        svg(&render_keeping(&drawing, &leads))
    });
    if let Err(e) = &diagram {
        eprintln!("wildchain: warning: the report has no diagram: {e}");
    }
    // A small picture around each party of the top leads: its suppliers and customers.
    let lead_pictures = stage("report: around the leads", || {
        leads
            .iter()
            .map(|&p| {
                let mut parties = vec![p];
                for dir in [Direction::Upstream, Direction::Downstream] {
                    parties.extend(
                        trace(&f.graph, p, dir, Some(1))
                            .reached
                            .iter()
                            .map(|&(q, _)| q),
                    );
                }
                parties.sort_unstable();
                parties.dedup();
                let links = links_among(&f.graph, &parties);
                let name = f.graph.name(p).to_string();
                let around = Drawing {
                    graph: &f.graph,
                    parties,
                    links,
                    profiles: &profiles,
                    focus: Some(p),
                    title: match style.zh() {
                        false => format!("{name}: suppliers and customers"),
                        true => format!("{name}的上家与下家"),
                    },
                    case: case.name(),
                    style,
                    max_nodes: AROUND_NODES,
                };
                let picture = match &diagram {
                    // No Graphviz: say so once, in the overview.
                    Err(DrawError::NoGraphviz) => Err(DrawError::NoGraphviz),
                    _ => svg(&render_keeping(&around, &[p])),
                };
                (name, picture)
            })
            .collect()
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
    let places = stage("report: places", || places_section(&case, &f, style));
    let page = Page {
        findings: &f,
        style,
        header: Header {
            case: args.case.clone(),
            analyst: args.analyst.clone(),
            generated,
            inputs,
        },
        diagram,
        lead_pictures,
        quality: stage("report: data quality", || {
            crate::case::validate::findings(&case.data)
        }),
        values,
        monthly,
        places,
    };
    stage("report: page", || emit(g, |w| write_page(w, &page)))
}

/// The body of the report's "Places" section, when some party's province is known.
fn places_section(
    case: &crate::case::Case,
    f: &crate::analysis::Findings,
    style: &Style,
) -> Option<String> {
    let places = f.places.as_ref()?;
    let regions = &places.regions;
    let (flows, unplaced_rows) = super::dot::province_flows(&f.graph, regions);
    let d = crate::ingest::place::divisions();
    let name = |c: u32| {
        d.short(c)
            .or_else(|| d.name(c))
            .map_or_else(|| c.to_string(), str::to_string)
    };
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
    let svg = svg(&crate::render::dot::provinces::render_provinces(&picture));
    Some(crate::render::html::places::places_html(
        &crate::render::html::places::Places {
            graph: &f.graph,
            chains: &f.chains.chains,
            regions,
            brokerage: &places.brokerage,
            picture: svg,
            name: &name,
        },
        style,
    ))
}
