//! The report's data-quality section: the rows refused (by reason), the cells left unknown, the
//! party names that may be one party, and the species names the species table does not know, so
//! that a reader sees what the findings do not rest on.

use std::fmt::Write as _;

use super::{esc, table};
use crate::case::validate::Findings as Checked;
use crate::ingest::party::Likeness;
use crate::render::{Cell, Col, Sheet, Style, group_figures};

/// The section's body, in the style's language.
///
/// `unknown_weight` and `transactions`: the transactions whose weight is not known, of all.
pub fn quality_html(q: &Checked, unknown_weight: u64, transactions: u64, style: &Style) -> String {
    let zh = style.zh();
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let mut h = String::new();

    // Rows refused.
    let i = &q.input;
    let _ = write!(
        h,
        "<h3 id=\"rows-refused\">{}</h3><p>{}</p>",
        esc(pick("Rows refused", "被拒绝的行")),
        esc(&group_figures(&if zh {
            format!(
                "读取 {} 行，接受 {} 行，拒绝 {} 行（未计入任何分析）",
                i.rows, i.accepted, i.rejected
            )
        } else {
            format!(
                "{} rows read, {} accepted, {} refused (left out of every finding)",
                i.rows, i.accepted, i.rejected
            )
        }))
    );
    if !q.rejected.is_empty() {
        let s = crate::render::validate::reason_groups(
            &q.rejected,
            &q.rejected_typed,
            ["rejected_rows", "rejected_reason", "rejected_example"],
            pick("rows", "行数"),
            style.lang,
        );
        h.push_str(&table(&s, style));
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(pick(
                "wildchain --rejects FILE writes every refused row with its reasons.",
                "wildchain --rejects FILE 可写出每一个被拒绝的行及其原因。",
            ))
        );
    }

    // Cells left unknown: the cells of kept rows that could not be read (by reason, with the
    // first), then the weights not given and the approximate figures.
    let _ = write!(
        h,
        "<h3 id=\"cells-unknown\">{}</h3><ul class=\"cells-unknown\">",
        esc(pick("Cells left unknown", "不明的单元格"))
    );
    let lines = if zh {
        vec![
            format!(
                "{transactions} 笔交易中有 {unknown_weight} 笔重量不明（不按 0 计，相关数字为已知部分之和）"
            ),
            format!("{} 行的重量或数量为约数", q.approx_rows),
            format!("{} 个空行已跳过", q.blank_rows),
        ]
    } else {
        vec![
            format!(
                "{unknown_weight} of {transactions} transactions have no known weight (not counted as 0: figures are sums of what is known)"
            ),
            format!("{} rows give an approximate weight or count", q.approx_rows),
            format!("{} blank rows skipped", q.blank_rows),
        ]
    };
    for l in lines {
        let _ = write!(h, "<li>{}</li>", esc(&group_figures(&l)));
    }
    h.push_str("</ul>");
    if !q.unknown_cells.is_empty() {
        let s = crate::render::validate::reason_groups(
            &q.unknown_cells,
            &q.unknown_cells_typed,
            [
                "unknown_cell_rows",
                "unknown_cell_reason",
                "unknown_cell_example",
            ],
            pick("cells", "单元格数"),
            style.lang,
        );
        h.push_str(&table(&s, style));
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(pick(
                "Each such row is kept, the cell unknown (never 0); wildchain --rejects FILE lists every one.",
                "这些行都保留，该单元格按不明处理（不按 0 计）；wildchain --rejects FILE 可列出每一处。",
            ))
        );
    }

    // Names that may be one party.
    let _ = write!(
        h,
        "<h3 id=\"duplicates\">{}</h3>",
        esc(pick("Probable duplicate names", "可能重复的名称"))
    );
    let p = &q.parties;
    if p.merged.is_empty() && p.likely_duplicates.is_empty() {
        let _ = write!(h, "<p>{}</p>", esc(pick("none found", "未发现")));
    } else {
        let mut s = Sheet::new(&[
            Col::new("dup_names", pick("names", "名称")),
            Col::new("dup_status", pick("read as", "处理")),
        ]);
        for m in &p.merged {
            s.push(vec![
                Cell::text(m.names.join(pick(", ", "、"))),
                Cell::text(match zh {
                    false => format!("merged: read as {}", m.name),
                    true => format!("已合并，读作 {}", m.name),
                }),
            ]);
        }
        for d in &p.likely_duplicates {
            let why = match d.why {
                Likeness::Spelling => pick(
                    "not merged: the same but for case, spacing, width or punctuation",
                    "未合并：只在大小写、空格、全半角或标点上不同",
                ),
                Likeness::OneCharacter => pick(
                    "not merged: one character apart, same surname (--aliases merges them)",
                    "未合并：相差一个字，姓氏相同（可用 --aliases 合并）",
                ),
                Likeness::SpeciesTable => pick(
                    "not merged: one character from a name the species table knows",
                    "未合并：与物种表中的一个名称相差一个字",
                ),
            };
            s.push(vec![Cell::text(d.names.join(" / ")), Cell::text(why)]);
        }
        h.push_str(&table(&s, style));
    }

    // Species names the table does not know.
    let _ = write!(
        h,
        "<h3 id=\"species-unknown\">{}</h3>",
        esc(pick(
            "Species not in the species table",
            "不在物种表中的物种"
        ))
    );
    let sp = &q.species;
    if sp.unknown.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(pick(
                "every species name is in the table",
                "所有物种名称均在物种表中"
            ))
        );
    } else {
        let mut s = Sheet::new(&[
            Col::new("species", "species"),
            Col::new("unknown_species_rows", pick("rows", "行数")),
            Col::new("closest", pick("closest in the table", "表中最接近的名称")),
        ]);
        for u in &sp.unknown {
            s.push(vec![
                Cell::text(&u.name),
                Cell::Int(u.rows),
                Cell::text(u.closest.join(pick(", ", "、"))),
            ]);
        }
        h.push_str(&table(&s, style));
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(pick(
                "Such species have no protection level or base value: --species-table FILE adds them.",
                "这些物种没有保护级别和基准价值：可用 --species-table FILE 补充。",
            ))
        );
    }
    h
}
