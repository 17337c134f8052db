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
    pub best: Option<KeyPlayers>,
    pub cut: MinCut,
}

/// Known kg and rows of unknown weight, as JSON.
#[derive(Serialize)]
struct Lost {
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
        let kg = |x: Option<f64>| match x {
            Some(_) => super::group_figures(&format!(
                "{} {}",
                Cell::Kg(x).human(style),
                style.unit.name()
            )),
            None => Cell::Kg(x).human(style),
        };
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
            let more = if self.chains_truncated {
                style.pick(
                    " (at least; the list of chains was cut)",
                    "（至少；链条列表已截断）",
                )
            } else {
                ""
            };
            match zh {
                false => {
                    writeln!(
                        w,
                        "  chains cut: {} of {}{more}",
                        d.chains_cut.len(),
                        d.chains_before
                    )?;
                    writeln!(
                        w,
                        "  source–sink pairs disconnected: {} of {}",
                        d.pairs_disconnected(),
                        d.pairs_before
                    )?;
                    writeln!(
                        w,
                        "  known weight no longer reaching a sink: {} of {}{}",
                        kg(d.lost.known_kg()),
                        kg(d.reaching_before.known_kg()),
                        unknown_en(&d.lost)
                    )?;
                }
                true => {
                    writeln!(
                        w,
                        "  被切断的链条：{} 条（共 {} 条）{more}",
                        d.chains_cut.len(),
                        d.chains_before
                    )?;
                    writeln!(
                        w,
                        "  断开的源头—终端对：{} 对（共 {} 对）",
                        d.pairs_disconnected(),
                        d.pairs_before
                    )?;
                    writeln!(
                        w,
                        "  不再到达终端的已知重量：{}（原 {}）{}",
                        kg(d.lost.known_kg()),
                        kg(d.reaching_before.known_kg()),
                        unknown_zh(&d.lost)
                    )?;
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
                style.pick("pairs before", "对相连"),
                style.pick(")", "）")
            )?;
            for (i, st) in b.steps.iter().enumerate() {
                let name = g.name(NodeIndex::new(st.party as usize));
                match zh {
                    false => writeln!(
                        w,
                        "  {}. {name}: disconnects {} pairs, {} left; known weight no longer reaching a sink so far: {}{}",
                        i + 1,
                        st.pairs_disconnected,
                        st.pairs_left,
                        kg(st.lost.known_kg()),
                        unknown_en(&st.lost)
                    )?,
                    true => writeln!(
                        w,
                        "  {}. {name}：断开 {} 对，余 {} 对；至此不再到达终端的已知重量：{}{}",
                        i + 1,
                        st.pairs_disconnected,
                        st.pairs_left,
                        kg(st.lost.known_kg()),
                        unknown_zh(&st.lost)
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
        writeln!(
            w,
            "{}{}",
            style.pick(
                "Smallest cut of known weight between sources and sinks: ",
                "源头与终端之间已知重量的最小割："
            ),
            kg(Some(crate::units::mg_to_kg(self.cut.known_mg)))
        )?;
        if self.cut.unknown_links > 0 {
            match zh {
                false => writeln!(
                    w,
                    "  NOTE: {} of its {} links have rows of unknown weight ({} rows): the cut may carry more than its known weight",
                    self.cut.unknown_links,
                    links.len(),
                    self.cut.unknown_rows
                )?,
                true => writeln!(
                    w,
                    "  注意：其 {} 条关系中有 {} 条含重量不明的记录（{} 行）：割上实际流量可能多于已知重量",
                    links.len(),
                    self.cut.unknown_links,
                    self.cut.unknown_rows
                )?,
            }
        }
        for l in links.iter().take(CUT_SHOWN) {
            let unknown = match (l.unknown_weight_transactions, zh) {
                (0, _) => String::new(),
                (n, false) => format!(" (+{n} rows of unknown weight)"),
                (n, true) => format!("（另 {n} 行重量不明）"),
            };
            writeln!(
                w,
                "  {} -> {}{}{}{unknown}",
                l.seller,
                l.buyer,
                style.pick(": ", "："),
                kg(l.known_kg)
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

fn unknown_en(w: &Weighed) -> String {
    match w.unknown_weight {
        0 => String::new(),
        n => format!(", plus {n} rows of unknown weight"),
    }
}

fn unknown_zh(w: &Weighed) -> String {
    match w.unknown_weight {
        0 => String::new(),
        n => format!("，另有 {n} 行重量不明"),
    }
}
