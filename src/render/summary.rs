//! The case in figures: one summary as data ([`Summary`], the `summary` of `analyze --format json`)
//! and its one wording per language ([`Summary::lines`]), which the text report of `analyze` and
//! the page of `report` both print.

use serde::Serialize;

use super::{Style, human_weight};
use crate::analysis::Findings;
use crate::case::Tally;
use crate::ingest::InputStats;
use crate::ingest::date::DateKey;
use crate::render::lang::Lang;

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
    /// Rows read, accepted and rejected (the JSON gives them as `input`).
    #[serde(skip)]
    pub input: InputStats,
    /// Separate networks and cycles (the JSON lists them whole).
    #[serde(skip)]
    pub networks: usize,
    #[serde(skip)]
    pub cycles: usize,
}

impl Summary {
    /// The figures of what was found.
    pub fn of(f: &Findings) -> Summary {
        let mut all = Tally::default();
        for s in &f.species {
            all.merge(&s.tally);
        }
        Summary {
            parties: f.graph.node_count(),
            links: f.graph.edge_count(),
            species: f.species.len(),
            transactions: all.transactions,
            first_date: all.first_date,
            last_date: all.last_date,
            weight_kg: all.weight_kg(),
            unknown_weight: all.unknown_weight,
            chains_truncated: f.chains.truncated,
            input: f.case.data.stats,
            networks: f.networks.len(),
            cycles: f.cycles.len(),
        }
    }

    /// The figures as labelled lines (rows, network, dates, known weight) in the style's language,
    /// weights in its unit.
    pub fn lines(&self, style: &Style) -> Vec<(&'static str, String)> {
        let unit = style.unit;
        let dates = match (self.first_date, self.last_date) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a} {} {b}", style.pick("to", "至")),
            _ => style.pick("unknown", "不明").to_string(),
        };
        let weight = match self.weight_kg {
            Some(_) => format!("{} {}", human_weight(self.weight_kg, unit), unit.name()),
            None => style.pick("none", "无").to_string(),
        };
        let input = &self.input;
        let unknown = match input.unknown_cells {
            0 => String::new(),
            _ => unknown_cells(input, style.lang),
        };
        if style.zh() {
            let cycles = match self.cycles {
                0 => "无循环".to_string(),
                n => format!("{n} 个循环"),
            };
            vec![
                (
                    "数据行",
                    format!(
                        "读取 {} 行，接受 {} 行，拒绝 {} 行{unknown}",
                        input.rows, input.accepted, input.rejected
                    ),
                ),
                (
                    "网络",
                    format!(
                        "{} 个当事人，{} 条交易关系，{} 个物种，{} 个独立网络，{cycles}",
                        self.parties, self.links, self.species, self.networks
                    ),
                ),
                ("日期", dates),
                (
                    "已知重量",
                    format!(
                        "{weight}；{} 笔交易中有 {} 笔重量不明（不按 0 计）",
                        self.transactions, self.unknown_weight
                    ),
                ),
            ]
        } else {
            let cycles = match self.cycles {
                0 => "no cycles".to_string(),
                n => plural(n, "cycle", "cycles"),
            };
            vec![
                (
                    "rows",
                    format!(
                        "{} read, {} accepted, {} rejected{unknown}",
                        input.rows, input.accepted, input.rejected
                    ),
                ),
                (
                    "network",
                    format!(
                        "{}, {}, {}, {}, {cycles}",
                        plural(self.parties, "party", "parties"),
                        plural(self.links, "link", "links"),
                        plural(self.species, "species", "species"),
                        plural(self.networks, "separate network", "separate networks"),
                    ),
                ),
                ("dates", dates),
                (
                    "known weight",
                    format!(
                        "{weight}; {} of {} transactions have no known weight (not counted as 0)",
                        self.unknown_weight, self.transactions
                    ),
                ),
            ]
        }
    }
}

/// `; 5 cells unknown in 4 rows` (`；4 行中有 5 个单元格不明`): what the rows line adds when
/// cells of kept rows could not be read.
pub fn unknown_cells(input: &InputStats, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "；{} 行中有 {} 个单元格不明",
            input.rows_with_unknown, input.unknown_cells
        ),
        Lang::En => format!(
            "; {} unknown in {}",
            plural(input.unknown_cells as usize, "cell", "cells"),
            plural(input.rows_with_unknown as usize, "row", "rows")
        ),
    }
}

/// What the tables of a command stand on, when some rows were refused or some cells are
/// unknown: `Based on 18 of 20 rows (2 refused); 7 cells unknown in 6 rows (wildchain validate
/// lists them)`. `None` when every row was read whole.
pub fn footer(input: &InputStats, lang: Lang) -> Option<String> {
    if input.rejected == 0 && input.unknown_cells == 0 {
        return None;
    }
    let unknown = match input.unknown_cells {
        0 => String::new(),
        _ => unknown_cells(input, lang),
    };
    Some(match lang {
        Lang::En => format!(
            "Based on {} of {} rows ({} refused){unknown} (wildchain validate lists them)",
            input.accepted, input.rows, input.rejected
        ),
        Lang::Zh => format!(
            "依据 {} 行中的 {} 行（拒绝 {} 行）{unknown}（wildchain validate 可列出）",
            input.rows, input.accepted, input.rejected
        ),
    })
}

/// Writes [`footer`] after a table, with a blank line before it, when there is one.
///
/// # Errors
/// The writer fails.
pub fn write_footer(
    w: &mut dyn std::io::Write,
    input: &InputStats,
    lang: Lang,
) -> std::io::Result<()> {
    match footer(input, lang) {
        Some(f) => writeln!(w, "\n{f}"),
        None => Ok(()),
    }
}

/// `1 party`, `2 parties`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(parties: usize, cycles: usize) -> Summary {
        Summary {
            parties,
            links: 1,
            species: 2,
            transactions: 3,
            first_date: None,
            last_date: None,
            weight_kg: None,
            unknown_weight: 3,
            chains_truncated: false,
            input: InputStats {
                rows: 4,
                accepted: 3,
                rejected: 1,
                ..InputStats::default()
            },
            networks: 1,
            cycles,
        }
    }

    /// The text report and the page once worded the network line apart (`1 parties`, `0 cycles`
    /// on the page): both now print these lines.
    #[test]
    fn the_network_line_counts_in_words() {
        let en = Style::default();
        let zh = Style {
            lang: Lang::Zh,
            ..Style::default()
        };
        assert_eq!(
            summary(1, 0).lines(&en)[1].1,
            "1 party, 1 link, 2 species, 1 separate network, no cycles"
        );
        assert_eq!(
            summary(2, 3).lines(&en)[1].1,
            "2 parties, 1 link, 2 species, 1 separate network, 3 cycles"
        );
        assert_eq!(
            summary(1, 0).lines(&zh)[1].1,
            "1 个当事人，1 条交易关系，2 个物种，1 个独立网络，无循环"
        );
        assert_eq!(
            summary(2, 3).lines(&zh)[1].1,
            "2 个当事人，1 条交易关系，2 个物种，1 个独立网络，3 个循环"
        );
        let lines = summary(1, 0).lines(&en);
        assert_eq!(lines[0], ("rows", "4 read, 3 accepted, 1 rejected".into()));
        assert_eq!(lines[2], ("dates", "unknown".into()));
        assert_eq!(
            lines[3].1,
            "none; 3 of 3 transactions have no known weight (not counted as 0)"
        );
    }
}
