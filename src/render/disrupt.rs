//! What `wildchain disrupt` prints: what a removal costs, the greedy key players and the minimum
//! cut of known kg, as text (in the style's language and unit), JSON (names, kg) and CSV (one row
//! per finding).

use std::io::{self, Write};

use serde::Serialize;

use super::{Cell, Col, Sheet, Style};
use crate::analysis::disrupt::{Disruption, KeyPlayers, MinCut};
use crate::analysis::places::Weighed;
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use petgraph::graph::{EdgeIndex, NodeIndex};

/// What was removed, as the user named it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Removed {
    pub parties: Vec<String>,
    pub provinces: Vec<String>,
    /// Links as `seller->buyer`.
    pub links: Vec<String>,
}

/// Everything `disrupt` found, with the graph to name parties and links.
pub struct Findings<'a> {
    pub graph: &'a SupplyGraph,
    pub removed: Option<(Removed, Disruption)>,
    /// Whether the list of chains was cut short (more chains exist than counted).
    pub chains_truncated: bool,
    /// Most chains counted (`--limit`): when `chains_truncated`, the count is of the first this
    /// many.
    pub chain_limit: usize,
    pub best: Option<KeyPlayers>,
    pub cut: MinCut,
}

/// Known kg and rows of unknown weight, as JSON; [`Lost::text`] in words.
#[derive(Serialize)]
pub struct Lost {
    known_kg: Option<f64>,
    links: u64,
    transactions: u64,
    unknown_weight_transactions: u64,
}

fn lost(w: &Weighed) -> Lost {
    Lost {
        known_kg: w.known_kg(),
        links: w.links,
        transactions: w.transactions,
        unknown_weight_transactions: w.unknown_weight,
    }
}

#[derive(Serialize)]
struct RemovalJson<'a> {
    removed: &'a Removed,
    chains: u64,
    chains_truncated: bool,
    chains_cut: usize,
    pairs: u64,
    pairs_disconnected: u64,
    reaching_sinks: Lost,
    no_longer_reaching: Lost,
}

#[derive(Serialize)]
struct StepJson<'a> {
    step: usize,
    party: &'a str,
    pairs_disconnected: u64,
    pairs_left: u64,
    no_longer_reaching: Lost,
}

#[derive(Serialize)]
struct BestJson<'a> {
    pairs: u64,
    steps: Vec<StepJson<'a>>,
    stopped_early: bool,
}

#[derive(Serialize)]
struct CutLink<'a> {
    seller: &'a str,
    buyer: &'a str,
    known_kg: Option<f64>,
    unknown_weight_transactions: u64,
}

#[derive(Serialize)]
struct CutJson<'a> {
    known_kg: f64,
    links: Vec<CutLink<'a>>,
    unknown_weight_links: u64,
    unknown_weight_transactions: u64,
}

/// The JSON of `wildchain disrupt`.
#[derive(Serialize)]
pub struct DisruptReport<'a> {
    input: InputStats,
    #[serde(skip_serializing_if = "Option::is_none")]
    removal: Option<RemovalJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best: Option<BestJson<'a>>,
    min_cut: CutJson<'a>,
}

impl<'a> Findings<'a> {
    /// The JSON report.
    pub fn json(&'a self, input: InputStats) -> DisruptReport<'a> {
        let g = self.graph;
        DisruptReport {
            input,
            removal: self.removed.as_ref().map(|(r, d)| RemovalJson {
                removed: r,
                chains: d.chains_before,
                chains_truncated: self.chains_truncated,
                chains_cut: d.chains_cut.len(),
                pairs: d.pairs_before,
                pairs_disconnected: d.pairs_disconnected(),
                reaching_sinks: lost(&d.reaching_before),
                no_longer_reaching: lost(&d.lost),
            }),
            best: self.best.as_ref().map(|b| BestJson {
                pairs: b.pairs_before,
                steps: (b.steps.iter().enumerate())
                    .map(|(i, s)| StepJson {
                        step: i + 1,
                        party: g.name(NodeIndex::new(s.party as usize)),
                        pairs_disconnected: s.pairs_disconnected,
                        pairs_left: s.pairs_left,
                        no_longer_reaching: lost(&s.lost),
                    })
                    .collect(),
                stopped_early: b.stopped_early,
            }),
            min_cut: CutJson {
                known_kg: crate::units::mg_to_kg(self.cut.known_mg),
                links: self.cut_links(),
                unknown_weight_links: self.cut.unknown_links,
                unknown_weight_transactions: self.cut.unknown_rows,
            },
        }
    }

    fn cut_links(&self) -> Vec<CutLink<'_>> {
        let g = self.graph;
        (self.cut.links.iter())
            .map(|&e| {
                let e = EdgeIndex::new(e as usize);
                let (a, b) = g.ends(e);
                let mut w = Weighed::default();
                for f in g.flows_of(e) {
                    w.add_rows(&f.tally);
                }
                CutLink {
                    seller: g.name(a),
                    buyer: g.name(b),
                    known_kg: w.known_kg(),
                    unknown_weight_transactions: w.unknown_weight,
                }
            })
            .collect()
    }

    /// One row per finding: the removal, each key player, each link of the minimum cut.
    pub fn sheet(&self) -> Sheet {
        let mut s = Sheet::new(&[
            Col::new("finding", "finding"),
            Col::new("step", "step"),
            Col::new("removed", "removed"),
            Col::new("chains_cut", "chains cut"),
            Col::new("pairs_disconnected", "pairs disconnected"),
            Col::new("pairs_left", "pairs left"),
            Col::new("lost_kg", "known weight no longer reaching a sink"),
            Col::new("unknown_weight_rows", "rows of unknown weight"),
        ]);
        if let Some((r, d)) = &self.removed {
            let names: Vec<&str> = (r.parties.iter().chain(&r.provinces).chain(&r.links))
                .map(String::as_str)
                .collect();
            s.push(vec![
                Cell::text("removal"),
                Cell::Empty,
                Cell::text(names.join(" ")),
                Cell::Int(d.chains_cut.len() as u64),
                Cell::Int(d.pairs_disconnected()),
                Cell::Int(d.pairs_after),
                Cell::Kg(d.lost.known_kg()),
                Cell::Int(d.lost.unknown_weight),
            ]);
        }
        if let Some(b) = &self.best {
            for (i, st) in b.steps.iter().enumerate() {
                s.push(vec![
                    Cell::text("key_player"),
                    Cell::Int(i as u64 + 1),
                    Cell::text(self.graph.name(NodeIndex::new(st.party as usize))),
                    Cell::Empty,
                    Cell::Int(st.pairs_disconnected),
                    Cell::Int(st.pairs_left),
                    Cell::Kg(st.lost.known_kg()),
                    Cell::Int(st.lost.unknown_weight),
                ]);
            }
        }
        for l in self.cut_links() {
            s.push(vec![
                Cell::text("min_cut"),
                Cell::Empty,
                Cell::text(format!("{}->{}", l.seller, l.buyer)),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Kg(l.known_kg),
                Cell::Int(l.unknown_weight_transactions),
            ]);
        }
        s
    }

    /// The text of `wildchain disrupt`.
    pub fn write_text(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let zh = style.zh();
        let g = self.graph;
        if let Some((r, d)) = &self.removed {
            let mut names: Vec<String> = r.parties.clone();
            names.extend(r.provinces.iter().map(|p| match zh {
                true => format!("{p}（全省）"),
                false => format!("{p} (whole province)"),
            }));
            names.extend(r.links.iter().cloned());
            writeln!(
                w,
                "{}{}",
                style.pick("Removed: ", "移除："),
                names.join(style.pick(", ", "、"))
            )?;
            let (cut, of) = (d.chains_cut.len(), d.chains_before);
            let lost = Lost::text(&d.lost, Some(&d.reaching_before), style);
            match zh {
                false => {
                    if self.chains_truncated {
                        writeln!(
                            w,
                            "  chains cut: {cut} of the first {of} found (the case has more chains than the {} counted: --limit N counts up to N)",
                            self.chain_limit
                        )?;
                    } else {
                        writeln!(w, "  chains cut: {cut} of {of}")?;
                    }
                    writeln!(
                        w,
                        "  source–sink pairs disconnected: {} of {}",
                        d.pairs_disconnected(),
                        d.pairs_before
                    )?;
                    writeln!(w, "  known weight no longer reaching a sink: {lost}")?;
                }
                true => {
                    if self.chains_truncated {
                        writeln!(
                            w,
                            "  被切断的链条：在找到的前 {of} 条中有 {cut} 条（案件的链条多于所计的 {} 条：--limit N 可计至 N 条）",
                            self.chain_limit
                        )?;
                    } else {
                        writeln!(w, "  被切断的链条：{cut} 条（共 {of} 条）")?;
                    }
                    writeln!(
                        w,
                        "  断开的源头—终端对：{} 对（共 {} 对）",
                        d.pairs_disconnected(),
                        d.pairs_before
                    )?;
                    writeln!(w, "  不再到达终端的已知重量：{lost}")?;
                }
            }
            writeln!(w)?;
        }
        if let Some(b) = &self.best {
            writeln!(
                w,
                "{}{}{} {}{}",
                style.pick(
                    "Key players (greedy: each step removes the party that disconnects the most source–sink pairs still connected)",
                    "关键人物（贪心：每一步移除断开最多仍相连源头—终端对的当事人）"
                ),
                style.pick(" (", "（"),
                b.pairs_before,
                style.pick("source–sink pairs connected before", "对源头—终端相连"),
                style.pick(")", "）")
            )?;
            for (i, st) in b.steps.iter().enumerate() {
                let name = g.name(NodeIndex::new(st.party as usize));
                let lost = Lost::text(&st.lost, None, style);
                match zh {
                    false => writeln!(
                        w,
                        "  {}. {name}: disconnects {} pair{}, {} left; known weight no longer reaching a sink so far: {lost}",
                        i + 1,
                        st.pairs_disconnected,
                        plural(st.pairs_disconnected),
                        st.pairs_left,
                    )?,
                    true => writeln!(
                        w,
                        "  {}. {name}：断开 {} 对，余 {} 对；至此不再到达终端的已知重量：{lost}",
                        i + 1,
                        st.pairs_disconnected,
                        st.pairs_left,
                    )?,
                }
            }
            if b.stopped_early {
                writeln!(
                    w,
                    "  {}",
                    style.pick(
                        "(stopped early: no further party disconnects a pair)",
                        "（提前停止：再无当事人能断开任何一对）"
                    )
                )?;
            }
            writeln!(w)?;
        }
        let links = self.cut_links();
        write!(
            w,
            "{}",
            style.pick(
                "Smallest cut of known weight between sources and sinks: ",
                "源头与终端之间已知重量的最小割："
            ),
        )?;
        let (n, unknown) = (links.len() as u64, self.cut.unknown_links);
        let rows = self.cut.unknown_rows;
        match (n, zh) {
            (0, false) => writeln!(w, "none: no source reaches a sink")?,
            (0, true) => writeln!(w, "无：没有源头到达终端")?,
            // Every link of the cut has rows of unknown weight and none a known one: its known
            // weight is none, not "0 kg" read as nothing.
            _ if self.cut.known_mg == 0 && links.iter().all(|l| l.known_kg.is_none()) => match zh {
                false => writeln!(
                    w,
                    "{n} link{}, none of known weight ({rows} row{} of unknown weight: the cut may carry much more than it shows)",
                    plural(n),
                    plural(rows)
                )?,
                true => writeln!(
                    w,
                    "{n} 条关系，均无已知重量（{rows} 行重量不明：割上实际流量可能远多于所示）"
                )?,
            },
            (_, false) => {
                writeln!(
                    w,
                    "{} over {n} link{}",
                    kg(Some(self.cut.known_mg), style),
                    plural(n)
                )?;
                if unknown > 0 {
                    let which = match unknown == n {
                        true => format!("all {n} of its links have"),
                        false if unknown == 1 => format!("1 of its {n} links has"),
                        false => format!("{unknown} of its {n} links have"),
                    };
                    writeln!(
                        w,
                        "  NOTE: {which} rows of unknown weight ({rows} row{}): the cut may carry more than its known weight",
                        plural(rows)
                    )?;
                }
            }
            (_, true) => {
                writeln!(w, "{}，共 {n} 条关系", kg(Some(self.cut.known_mg), style))?;
                if unknown > 0 {
                    let which = match unknown == n {
                        true => format!("其 {n} 条关系全部"),
                        false => format!("其 {n} 条关系中有 {unknown} 条"),
                    };
                    writeln!(
                        w,
                        "  注意：{which}含重量不明的记录（{rows} 行）：割上实际流量可能多于已知重量"
                    )?;
                }
            }
        }
        for l in links.iter().take(CUT_SHOWN) {
            let u = l.unknown_weight_transactions;
            let weight = match (l.known_kg, u, zh) {
                (Some(k), 0, _) => kg_of(Some(k), style),
                (Some(k), u, false) => format!(
                    "{} and {u} row{} of unknown weight",
                    kg_of(Some(k), style),
                    plural(u)
                ),
                (Some(k), u, true) => format!("{}，另 {u} 行重量不明", kg_of(Some(k), style)),
                (None, u, false) => format!("weight unknown ({u} row{})", plural(u)),
                (None, u, true) => format!("重量不明（{u} 行）"),
            };
            writeln!(
                w,
                "  {} -> {}{}{weight}",
                l.seller,
                l.buyer,
                style.pick(": ", "："),
            )?;
        }
        if links.len() > CUT_SHOWN {
            writeln!(
                w,
                "  {}",
                super::lang::more(links.len() - CUT_SHOWN, style.lang)
            )?;
        }
        Ok(())
    }
}

/// Links of the minimum cut the text lists (JSON and CSV list them all).
const CUT_SHOWN: usize = 20;

/// `s` after a count other than 1.
fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A weight in the style's unit with its name and thousands separators (`625 kg`), or `unknown`
/// in the style's language.
fn kg_of(x: Option<f64>, style: &Style) -> String {
    match x {
        Some(_) => super::group_figures(&format!(
            "{} {}",
            Cell::Kg(x).human(style),
            style.unit.name()
        )),
        None => Cell::Kg(x).human(style),
    }
}

/// [`kg_of`] of a weight in mg.
fn kg(mg: Option<i64>, style: &Style) -> String {
    kg_of(mg.map(crate::units::mg_to_kg), style)
}

impl Lost {
    /// What no longer reaches a sink, in words: the known weight (of what reached one before,
    /// when `before` is given), then the rows of unknown weight apart. No weight known is
    /// "none known", never "unknown of unknown"; all known weight still arriving is said so.
    pub fn text(lost: &Weighed, before: Option<&Weighed>, style: &Style) -> String {
        let zh = style.zh();
        let known = match (lost.known_mg, before.map(|b| b.known_mg), zh) {
            (Some(l), Some(Some(b)), false) => {
                format!("{} of {}", kg(Some(l), style), kg(Some(b), style))
            }
            (Some(l), Some(Some(b)), true) => format!(
                "{}（此前共 {} 到达终端）",
                kg(Some(l), style),
                kg(Some(b), style)
            ),
            (Some(l), _, _) => kg(Some(l), style),
            (None, Some(Some(b)), false) => format!(
                "none (all {} known to reach a sink still does)",
                kg(Some(b), style)
            ),
            (None, Some(Some(b)), true) => format!(
                "无（此前到达终端的已知重量 {} 仍全部到达）",
                kg(Some(b), style)
            ),
            (None, Some(None), false) => {
                "none known (no weight reaching a sink is known)".to_string()
            }
            (None, Some(None), true) => "无已知重量（到达终端的重量均不明）".to_string(),
            (None, None, false) => "none known".to_string(),
            (None, None, true) => "无已知重量".to_string(),
        };
        match (lost.unknown_weight, zh) {
            (0, _) => known,
            (n, false) => format!(
                "{known}; {n} row{} of unknown weight no longer reach{} one",
                plural(n),
                if n == 1 { "es" } else { "" }
            ),
            (n, true) => format!("{known}；另有 {n} 行重量不明的记录不再到达终端"),
        }
    }
}
