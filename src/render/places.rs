//! Where the chain runs, for people and scripts: flows between regions, totals by region of
//! origin and of destination, each chain's route, the trade-chain index and the brokers between
//! regions ([`crate::analysis::places`]), with regions named by their short division names.

use std::io::{self, Write};

use serde::Serialize;

use super::{Cell, Col, Sheet, Style};
use crate::analysis::Chain;
use crate::analysis::places::{
    Brokerage, ChainIndex, RegionFlows, RegionTotal, Route, RouteCount, Weighed,
};
use crate::case::places::{RegionLevel, region_name};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use crate::render::lang::Lang;
use petgraph::graph::NodeIndex;

/// Everything `wildchain places` shows.
pub struct PlacesFound<'a> {
    pub graph: &'a SupplyGraph,
    pub level: RegionLevel,
    /// The region of each node.
    pub regions: &'a [Option<u32>],
    /// Parties with a place written (whether it resolved or not).
    pub written: usize,
    pub flows: RegionFlows,
    pub chains: &'a [Chain],
    pub truncated: bool,
    pub routes: Vec<Route>,
    pub route_counts: Vec<RouteCount>,
    pub index: Vec<ChainIndex>,
    pub brokerage: Vec<Brokerage>,
    /// Node indices of the brokers between regions, first the most.
    pub brokers: Vec<u32>,
}

impl PlacesFound<'_> {
    /// Parties whose region is known.
    pub fn known(&self) -> usize {
        self.regions.iter().filter(|r| r.is_some()).count()
    }
}

/// A region in JSON: its code and short name (`null`s when unknown).
#[derive(Serialize)]
struct RegionJson {
    code: Option<u32>,
    name: Option<String>,
}

fn region_json(r: Option<u32>) -> RegionJson {
    RegionJson {
        code: r,
        name: r.map(|c| region_name(Some(c))),
    }
}

#[derive(Serialize)]
struct WeighedJson {
    known_kg: Option<f64>,
    links: u64,
    transactions: u64,
    unknown_weight_rows: u64,
}

fn weighed(w: &Weighed) -> WeighedJson {
    WeighedJson {
        known_kg: w.known_kg(),
        links: w.links,
        transactions: w.transactions,
        unknown_weight_rows: w.unknown_weight,
    }
}

#[derive(Serialize)]
struct FlowJson {
    from: RegionJson,
    to: RegionJson,
    crosses: bool,
    #[serde(flatten)]
    weighed: WeighedJson,
    sellers: u64,
    buyers: u64,
}

#[derive(Serialize)]
struct TotalJson {
    region: RegionJson,
    parties: u64,
    #[serde(flatten)]
    weighed: WeighedJson,
}

#[derive(Serialize)]
struct RouteJson {
    chain: u32,
    path: Vec<String>,
    route: Vec<RegionJson>,
    /// Positions (0 = first link) of the links that cross a border.
    crossings: Vec<u32>,
}

#[derive(Serialize)]
struct RouteCountJson {
    route: Vec<RegionJson>,
    chains: u64,
}

#[derive(Serialize)]
struct IndexJson {
    region: RegionJson,
    index: f64,
    occurrences: u64,
    at_source: u64,
    between: u64,
    at_sink: u64,
    kg_index: Option<f64>,
}

#[derive(Serialize)]
struct BrokerJson {
    name: String,
    region: RegionJson,
    roles: crate::analysis::places::RoleCounts,
    across: u64,
    bought_across: WeighedJson,
    sold_across: WeighedJson,
}

/// The JSON of `wildchain places`.
#[derive(Serialize)]
pub struct PlacesReport {
    input: InputStats,
    level: RegionLevel,
    parties: usize,
    parties_with_place: usize,
    parties_with_region: usize,
    flows: Vec<FlowJson>,
    origins: Vec<TotalJson>,
    destinations: Vec<TotalJson>,
    routes: Vec<RouteJson>,
    routes_truncated: bool,
    route_counts: Vec<RouteCountJson>,
    trade_chain_index: Vec<IndexJson>,
    brokers: Vec<BrokerJson>,
}

fn totals(t: &[RegionTotal]) -> Vec<TotalJson> {
    t.iter()
        .map(|t| TotalJson {
            region: region_json(t.region),
            parties: t.parties,
            weighed: weighed(&t.weighed),
        })
        .collect()
}

fn path_names(g: &SupplyGraph, c: &Chain) -> Vec<String> {
    c.path.iter().map(|&n| g.name(n).to_string()).collect()
}

/// The brokers in order, as JSON (or for tables).
fn broker_list<'b>(f: &'b PlacesFound<'_>) -> impl Iterator<Item = &'b Brokerage> + 'b {
    f.brokers.iter().map(|&p| &f.brokerage[p as usize])
}

impl PlacesReport {
    pub fn of(f: &PlacesFound<'_>, input: InputStats) -> PlacesReport {
        let g = f.graph;
        PlacesReport {
            input,
            level: f.level,
            parties: g.node_count(),
            parties_with_place: f.written,
            parties_with_region: f.known(),
            flows: (f.flows.cells.iter())
                .map(|c| FlowJson {
                    from: region_json(c.from),
                    to: region_json(c.to),
                    crosses: c.crosses,
                    weighed: weighed(&c.weighed),
                    sellers: c.sellers,
                    buyers: c.buyers,
                })
                .collect(),
            origins: totals(&f.flows.origins),
            destinations: totals(&f.flows.destinations),
            routes: (f.routes.iter())
                .map(|r| RouteJson {
                    chain: r.chain + 1,
                    path: path_names(g, &f.chains[r.chain as usize]),
                    route: r.regions.iter().map(|&x| region_json(x)).collect(),
                    crossings: r.crossings.clone(),
                })
                .collect(),
            routes_truncated: f.truncated,
            route_counts: (f.route_counts.iter())
                .map(|r| RouteCountJson {
                    route: r.regions.iter().map(|&x| region_json(x)).collect(),
                    chains: r.chains,
                })
                .collect(),
            trade_chain_index: (f.index.iter())
                .map(|i| IndexJson {
                    region: region_json(i.region),
                    index: i.index,
                    occurrences: i.occurrences,
                    at_source: i.at_source,
                    between: i.between,
                    at_sink: i.at_sink,
                    kg_index: i.kg_index,
                })
                .collect(),
            brokers: broker_list(f)
                .map(|b| BrokerJson {
                    name: g.name(NodeIndex::new(b.party as usize)).to_string(),
                    region: region_json(b.region),
                    roles: b.roles,
                    across: b.roles.across(),
                    bought_across: weighed(&b.bought_across),
                    sold_across: weighed(&b.sold_across),
                })
                .collect(),
        }
    }
}

/// The route of a chain as shown: `湖南 → 湖南 → 广西`, `?` where unknown.
pub fn route_text(regions: &[Option<u32>]) -> String {
    let names: Vec<String> = regions.iter().map(|&r| region_name(r)).collect();
    names.join(" → ")
}

fn flows_sheet(f: &PlacesFound<'_>, lang: Lang) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("from_region", "from"),
        Col::new("to_region", "to"),
        Col::new("weight_kg", "known weight"),
        Col::new("transactions", "rows"),
        Col::new("unknown_weight_rows", "rows of unknown weight"),
        Col::new("links", "links"),
        Col::new("sellers", "sellers"),
        Col::new("buyers", "buyers"),
        Col::new("crosses", "crosses a border"),
    ]);
    for c in &f.flows.cells {
        s.push(vec![
            Cell::text(region_label(c.from, lang)),
            Cell::text(region_label(c.to, lang)),
            Cell::Kg(c.weighed.known_kg()),
            Cell::Int(c.weighed.transactions),
            Cell::Int(c.weighed.unknown_weight),
            Cell::Int(c.weighed.links),
            Cell::Int(c.sellers),
            Cell::Int(c.buyers),
            Cell::text(yes_no(c.crosses, lang)),
        ]);
    }
    s
}

/// The CSV of `wildchain places`: the flows between regions.
pub fn places_sheet(f: &PlacesFound<'_>) -> Sheet {
    flows_sheet(f, Lang::En)
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
    }
}

/// A region in a table: its short name, or "unknown place".
fn region_label(r: Option<u32>, lang: Lang) -> String {
    match r {
        Some(_) => region_name(r),
        None => lang.pick("unknown place", "地点不明").to_string(),
    }
}

fn totals_sheet(t: &[RegionTotal], lang: Lang) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("region", "region"),
        Col::new("parties", "parties"),
        Col::new("weight_kg", "known weight"),
        Col::new("transactions", "rows"),
        Col::new("unknown_weight_rows", "rows of unknown weight"),
    ]);
    for t in t {
        s.push(vec![
            Cell::text(region_label(t.region, lang)),
            Cell::Int(t.parties),
            Cell::Kg(t.weighed.known_kg()),
            Cell::Int(t.weighed.transactions),
            Cell::Int(t.weighed.unknown_weight),
        ]);
    }
    s
}

fn level_word(level: RegionLevel, lang: Lang) -> &'static str {
    match level {
        RegionLevel::Province => lang.pick("province", "省"),
        RegionLevel::City => lang.pick("city", "市"),
    }
}

/// The text of `wildchain places`.
pub fn write_places(w: &mut dyn Write, f: &PlacesFound<'_>, style: &Style) -> io::Result<()> {
    let lang = style.lang;
    let g = f.graph;
    let lv = level_word(f.level, lang);
    let (n, known) = (g.node_count(), f.known());
    if known == 0 {
        return match lang {
            Lang::En => writeln!(
                w,
                "No party's place is known at {lv} level ({} of {n} parties have a place \
                 written). Give places in the seller's and buyer's place columns (卖方所在地, \
                 买方所在地, seller_place, buyer_place) or in a parties file (--parties FILE with \
                 columns name,place,notes); `wildchain validate` shows what each place became.",
                f.written
            ),
            Lang::Zh => writeln!(
                w,
                "没有当事人的所在地可定位到{lv}级（{n} 个当事人中 {} 个写有所在地）。请在卖方所在地、\
                 买方所在地列中填写，或用当事人文件（--parties 文件，列为 姓名、所在地、备注）给出；\
                 `wildchain validate` 显示每个地点的识别结果。",
                f.written
            ),
        };
    }
    match lang {
        Lang::En => writeln!(
            w,
            "Regions at {lv} level: {known} of {n} parties placed, {} unknown (not guessed).",
            n - known
        )?,
        Lang::Zh => writeln!(
            w,
            "按{lv}级地区：{n} 个当事人中 {known} 个地点已知，{} 个不明（不推测）。",
            n - known
        )?,
    }
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "Flows between regions (every link in one row; an unknown place is its own row, \
             rows of unknown weight are counted apart, not as zero)",
            "地区间流向（每条交易关系计入一行；地点不明单列；重量不明的行单独计数，不计为零）"
        )
    )?;
    flows_sheet(f, lang).write_table(w, style)?;
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "By region of origin (sources: parties that buy from no one)",
            "按来源地区（源头：不从他人收购的当事人）"
        )
    )?;
    totals_sheet(&f.flows.origins, lang).write_table(w, style)?;
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "By region of destination (sinks: parties that sell to no one)",
            "按去向地区（末端：不向他人出售的当事人）"
        )
    )?;
    totals_sheet(&f.flows.destinations, lang).write_table(w, style)?;
    write_routes(w, f, style)?;
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "Trade-chain index (where a region sits on the chains: 0 origin … 1 market)",
            "贸易链指数（地区在供应链上的位置：0 为源头 … 1 为市场）"
        )
    )?;
    let mut s = Sheet::new(&[
        Col::new("region", "region"),
        Col::new("index", "index"),
        Col::new("kg_index", "index by known kg"),
        Col::new("at_source", "at source"),
        Col::new("between", "between"),
        Col::new("at_sink", "at sink"),
    ]);
    for i in &f.index {
        s.push(vec![
            Cell::text(region_label(i.region, lang)),
            Cell::Num(Some(i.index)),
            Cell::Num(i.kg_index),
            Cell::Int(i.at_source),
            Cell::Int(i.between),
            Cell::Int(i.at_sink),
        ]);
    }
    s.write_table(w, style)?;
    write_brokers(w, f, style)
}

fn write_routes(w: &mut dyn Write, f: &PlacesFound<'_>, style: &Style) -> io::Result<()> {
    let (lang, g) = (style.lang, f.graph);
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "Routes of the chains (? where a place is unknown; crossing: a link between two known, different regions)",
            "供应链路线（? 为地点不明；跨界：两端地区已知且不同的交易关系）"
        )
    )?;
    let mut s = Sheet::new(&[
        Col::new("n", "#"),
        Col::new("route", "route"),
        Col::new("crossings", "crossing links"),
        Col::new("path", "chain"),
    ]);
    for r in &f.routes {
        let c = &f.chains[r.chain as usize];
        let crossing: Vec<String> = (r.crossings.iter())
            .map(|&k| {
                let (a, b) = (c.path[k as usize], c.path[k as usize + 1]);
                format!("{} → {}", g.name(a), g.name(b))
            })
            .collect();
        s.push(vec![
            Cell::Int(u64::from(r.chain) + 1),
            Cell::text(route_text(&r.regions)),
            Cell::text(crossing.join(lang.pick("; ", "；"))),
            Cell::text(path_names(g, c).join(" → ")),
        ]);
    }
    s.write_table(w, style)?;
    if f.truncated {
        writeln!(
            w,
            "{}",
            lang.pick(
                "(more chains exist than listed: raise --limit)",
                "（供应链多于所列：可加大 --limit）"
            )
        )?;
    }
    Ok(())
}

fn write_brokers(w: &mut dyn Write, f: &PlacesFound<'_>, style: &Style) -> io::Result<()> {
    let (lang, g) = (style.lang, f.graph);
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "Brokers between regions (Gould–Fernandez roles: open two-paths supplier → party → customer by region)",
            "地区间中间人（古尔德—费尔南德斯角色：按地区统计 上家 → 当事人 → 下家 的开放二步路径）"
        )
    )?;
    if f.brokers.is_empty() {
        return writeln!(
            w,
            "{}",
            lang.pick(
                "  none: no party passes goods between two known regions",
                "  无：没有当事人在两个已知地区之间转运"
            )
        );
    }
    let mut s = Sheet::new(&[
        Col::new("name", "party"),
        Col::new("region", "region"),
        Col::new("coordinator", "coordinator"),
        Col::new("itinerant", "itinerant"),
        Col::new("gatekeeper", "gatekeeper"),
        Col::new("representative", "representative"),
        Col::new("liaison", "liaison"),
        Col::new("unknown_role", "unknown region"),
        Col::new("bought_across_kg", "bought across"),
        Col::new("sold_across_kg", "sold across"),
    ]);
    for b in broker_list(f) {
        let r = &b.roles;
        s.push(vec![
            Cell::text(g.name(NodeIndex::new(b.party as usize))),
            Cell::text(region_label(b.region, lang)),
            Cell::Int(r.coordinator),
            Cell::Int(r.itinerant),
            Cell::Int(r.gatekeeper),
            Cell::Int(r.representative),
            Cell::Int(r.liaison),
            Cell::Int(r.unknown),
            across_kg(&b.bought_across),
            across_kg(&b.sold_across),
        ]);
    }
    s.write_table(w, style)
}

/// Known kg carried across a border: empty when no link crosses, unknown when none is weighed.
fn across_kg(w: &Weighed) -> Cell {
    if w.links == 0 {
        Cell::Empty
    } else {
        Cell::Kg(w.known_kg())
    }
}

/// The places section of `analyze`: routes by how many chains follow them, and the brokers
/// between provinces; `None` when no party's province is known.
#[derive(Serialize)]
pub struct AnalyzePlaces {
    level: RegionLevel,
    parties_with_region: usize,
    route_counts: Vec<RouteCountJson>,
    /// The first [`ANALYZE_BROKERS`] brokers (most two-paths across first); `wildchain places`
    /// lists them all.
    brokers: Vec<BrokerJson>,
    /// How many parties broker across a border in all.
    brokers_total: usize,
}

/// The brokers `analyze` shows: a summary, where a big case has thousands.
const ANALYZE_BROKERS: usize = 10;

/// The routes `analyze`'s text shows (its JSON has them all).
const ANALYZE_ROUTES: usize = 10;

impl AnalyzePlaces {
    /// The section of the findings ([`crate::analysis::places::PlaceSummary`]), worded;
    /// `None` when no party's province is known.
    pub fn of(f: &crate::analysis::Findings) -> Option<AnalyzePlaces> {
        let sum = crate::analysis::places::PlaceSummary::of(f)?;
        let g = &f.graph;
        let b = &f.places.as_ref()?.brokerage;
        Some(AnalyzePlaces {
            level: RegionLevel::Province,
            parties_with_region: sum.parties_with_region,
            route_counts: (sum.route_counts.iter())
                .map(|r| RouteCountJson {
                    route: r.regions.iter().map(|&x| region_json(x)).collect(),
                    chains: r.chains,
                })
                .collect(),
            brokers_total: sum.brokers.len(),
            brokers: (sum.brokers.iter().take(ANALYZE_BROKERS))
                .map(|&p| &b[p as usize])
                .map(|b| BrokerJson {
                    name: g.name(NodeIndex::new(b.party as usize)).to_string(),
                    region: region_json(b.region),
                    roles: b.roles,
                    across: b.roles.across(),
                    bought_across: weighed(&b.bought_across),
                    sold_across: weighed(&b.sold_across),
                })
                .collect(),
        })
    }

    /// The text: `Places (provinces)`, the routes with their chain counts, the brokers.
    pub fn write(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let lang = style.lang;
        writeln!(
            w,
            "\n{}",
            lang.pick(
                "Places (provinces; ? unknown; wildchain places shows flows and the index)",
                "地点（按省；? 为不明；wildchain places 显示流向和指数）"
            )
        )?;
        let mut s = Sheet::new(&[Col::new("route", "route"), Col::new("chains", "chains")]);
        for r in self.route_counts.iter().take(ANALYZE_ROUTES) {
            let names: Vec<&str> = (r.route.iter())
                .map(|x| x.name.as_deref().unwrap_or("?"))
                .collect();
            s.push(vec![Cell::text(names.join(" → ")), Cell::Int(r.chains)]);
        }
        s.write_table(w, style)?;
        let routes = self.route_counts.len().saturating_sub(ANALYZE_ROUTES);
        if routes > 0 {
            match lang {
                Lang::En => writeln!(
                    w,
                    "  … and {routes} more route{}: wildchain places lists them all",
                    if routes == 1 { "" } else { "s" }
                )?,
                Lang::Zh => writeln!(w, "  ……另有 {routes} 条路线：wildchain places 列出全部")?,
            }
        }
        for b in &self.brokers {
            let roles: Vec<String> = [
                ("itinerant", "流动者", b.roles.itinerant),
                ("gatekeeper", "守门人", b.roles.gatekeeper),
                ("representative", "代表者", b.roles.representative),
                ("liaison", "联络者", b.roles.liaison),
            ]
            .iter()
            .filter(|r| r.2 > 0)
            .map(|&(en, zh, n)| format!("{} {n}", lang.pick(en, zh)))
            .collect();
            let region = b.region.name.as_deref().unwrap_or("?");
            match lang {
                Lang::En => writeln!(
                    w,
                    "  broker between provinces: {} ({region}): {}",
                    b.name,
                    roles.join(", ")
                )?,
                Lang::Zh => writeln!(
                    w,
                    "  跨省中间人：{}（{region}）：{}",
                    b.name,
                    roles.join("、")
                )?,
            }
        }
        let more = self.brokers_total - self.brokers.len();
        if more > 0 {
            match lang {
                Lang::En => writeln!(
                    w,
                    "  … and {more} more broker{} between provinces: wildchain places lists them all",
                    if more == 1 { "" } else { "s" }
                )?,
                Lang::Zh => writeln!(w, "  ……另有 {more} 个跨省中间人：wildchain places 列出全部")?,
            }
        }
        Ok(())
    }
}
