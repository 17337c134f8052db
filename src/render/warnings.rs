//! What loading found wrong with the data, in words for stderr: one line per [`Warning`], in
//! English or Chinese.

use std::io::{self, Write};

use crate::case::{Hint, Warning};
use crate::ingest::Reasons;
use crate::ingest::text::{clip, shown_lines};
use crate::render::lang::Lang;

/// Writes one warning as a line in `lang`. `rejects_file` says whether `--rejects` was given
/// (then the rejected rows are all in it). The reasons a row was rejected stay as ingest words
/// them (English).
///
/// Control characters from the data (in a file name, a name or a cell) are [`crate::ingest::text::shown`] escaped
/// (`\u{1b}`): a case file cannot erase or recolour lines of the terminal.
///
/// # Errors
/// The writer fails.
pub fn write_warning(
    w: &mut dyn Write,
    warning: &Warning,
    rejects_file: bool,
    lang: Lang,
) -> io::Result<()> {
    let mut line = Vec::new();
    write_words(&mut line, warning, rejects_file, lang)?;
    w.write_all(shown_lines(&String::from_utf8_lossy(&line)).as_bytes())
}

fn write_words(
    w: &mut dyn Write,
    warning: &Warning,
    rejects_file: bool,
    lang: Lang,
) -> io::Result<()> {
    let zh = lang == Lang::Zh;
    let head = lang.pick("wildchain: warning: ", "wildchain: 警告：");
    match warning {
        Warning::Rejected {
            rejected,
            rows,
            first,
        } => {
            let tail = rejects_tail(rejects_file, lang);
            let why = Reasons(&first.reasons);
            if zh {
                writeln!(
                    w,
                    "{head}{rows} 行中有 {rejected} 行被拒绝并排除（第一行：{}：{}）；{tail}",
                    crate::render::lang::place(&first.file, first.row, lang),
                    crate::render::reason::reasons(&first.reasons, lang)
                )?
            } else {
                writeln!(
                    w,
                    "{head}{rejected} of {rows} rows rejected and left out (first: {} row {}: \
                     {why}); {tail}",
                    first.file, first.row
                )?
            }
        }
        Warning::UnknownSpecies { names } => {
            let list: Vec<String> = (names.iter().take(10))
                .map(|(name, hint)| {
                    let name = clip(name);
                    match (hint, zh) {
                        (Hint::Ambiguous(m), false) => format!("'{name}' (ambiguous: {m})"),
                        (Hint::Ambiguous(m), true) => format!("'{name}'（含义不明：{m}）"),
                        (Hint::Closest(c), false) => {
                            format!("'{name}' (closest: {})", c.join(", "))
                        }
                        (Hint::Closest(c), true) => format!("'{name}'（最接近：{}）", c.join("、")),
                        (Hint::None, _) => format!("'{name}'"),
                    }
                })
                .collect();
            let more = names.len() > 10;
            if zh {
                writeln!(
                    w,
                    "{head}{} 个物种名称不在物种表中，按原样保留：{}{}；--species-table FILE 可补充",
                    names.len(),
                    list.join("、"),
                    if more { "……" } else { "" }
                )?
            } else {
                writeln!(
                    w,
                    "{head}{} species name{} not in the species table, kept as written: {}{}; \
                     --species-table FILE adds them",
                    names.len(),
                    if names.len() == 1 { " is" } else { "s are" },
                    list.join(", "),
                    if more { ", …" } else { "" }
                )?
            }
        }
        Warning::SpellingVariants { groups } => {
            let shown: Vec<String> = groups.iter().take(5).map(|g| g.join(" / ")).collect();
            if zh {
                writeln!(
                    w,
                    "{head}{} 组当事人名称只在大小写、空格或标点上不同，未合并：{}；--aliases FILE \
                     可合并，`wildchain validate` 列出所有可能重复的名称",
                    groups.len(),
                    shown.join("；")
                )?
            } else {
                writeln!(
                    w,
                    "{head}{} group{} of party names differ only by case, spacing or punctuation \
                     and were not merged: {}; --aliases FILE merges them, `wildchain validate` \
                     lists all likely duplicates",
                    groups.len(),
                    if groups.len() == 1 { "" } else { "s" },
                    shown.join("; ")
                )?
            }
        }
        Warning::AmountMismatch {
            rows,
            file,
            row,
            written_fen,
            computed_fen,
        } => {
            let yuan = |fen: i64| super::value::fen_text(i128::from(fen));
            let (written, computed) = (yuan(*written_fen), yuan(*computed_fen));
            if zh {
                writeln!(
                    w,
                    "{head}{rows} 行的金额与单价乘以重量或数量不符（第一行：{}：记为 \
                     {written} 元，按单价应为 {computed} 元）；保留记录的金额",
                    crate::render::lang::place(file, *row, lang)
                )?
            } else {
                writeln!(
                    w,
                    "{head}{rows} row{} an amount that the unit price times the weight or count \
                     contradicts (first: {file} row {row}: {written} 元 written, the price gives \
                     {computed} 元); the written amount is kept",
                    if *rows == 1 { " gives" } else { "s give" },
                )?
            }
        }
        Warning::CellProblems { cells, rows, first } => {
            let tail = rejects_tail(rejects_file, lang);
            let why = Reasons(&first.reasons);
            if zh {
                writeln!(
                    w,
                    "{head}{rows} 行中有 {cells} 个单元格无法读取，按不明处理（不按 0 计），这些行仍保留（第一处：{}：{}）；{tail}",
                    crate::render::lang::place(&first.file, first.row, lang),
                    crate::render::reason::reasons(&first.reasons, lang)
                )?
            } else {
                writeln!(
                    w,
                    "{head}{cells} cell{} unknown in {rows} row{}: the row{} kept, the cell{} unknown, not 0 (first: {} row {}: {why}); {tail}",
                    if *cells == 1 { "" } else { "s" },
                    if *rows == 1 { "" } else { "s" },
                    if *rows == 1 { " is" } else { "s are" },
                    if *cells == 1 { " is" } else { "s are" },
                    first.file,
                    first.row
                )?
            }
        }
        Warning::NoDates { column } => match (zh, column) {
            (false, false) => writeln!(
                w,
                "{head}the case has no dates (no file has a date column): time-ordered chains, \
                 --from/--to, monthly totals, timelines and value windows have nothing to go on"
            )?,
            (false, true) => writeln!(
                w,
                "{head}the case has no dates (no date cell could be read): time-ordered chains, \
                 --from/--to, monthly totals, timelines and value windows have nothing to go on"
            )?,
            (true, false) => writeln!(
                w,
                "{head}案件没有日期（没有文件有日期列）：按时间排序的供应链、--from/--to、按月汇总、\
                 时间轴和价值时间窗口均无从计算"
            )?,
            (true, true) => writeln!(
                w,
                "{head}案件没有日期（没有能读取的日期单元格）：按时间排序的供应链、--from/--to、\
                 按月汇总、时间轴和价值时间窗口均无从计算"
            )?,
        },
        Warning::BareWeights {
            file,
            column,
            cells,
            rows,
            mixed,
        } => {
            let more = *cells > rows.len() as u64;
            let list: Vec<String> = rows.iter().map(u64::to_string).collect();
            if zh {
                let other = if *mixed {
                    "，而该列其他单元格写了单位，请核对"
                } else {
                    ""
                };
                writeln!(
                    w,
                    "{head}{file} 的 {column} 列：{cells} 个没有单位的数字按 kg 读取（第 {}{} 行）{other}；\
                     如果是斤，请用 `--default-unit 斤`",
                    list.join("、"),
                    if more { "……" } else { "" }
                )?
            } else {
                let other = if *mixed {
                    " while the other cells of the column give a unit: check them"
                } else {
                    ""
                };
                writeln!(
                    w,
                    "{head}column {column} of {file}: {cells} bare number{} read as kg (row{} \
                     {}{}){other}; `--default-unit 斤` if they are jin",
                    if *cells == 1 { "" } else { "s" },
                    if rows.len() == 1 { "" } else { "s" },
                    list.join(", "),
                    if more { ", …" } else { "" }
                )?
            }
        }
        Warning::PlaceColumnUnread {
            file,
            column,
            header,
        } => {
            if zh {
                writeln!(
                    w,
                    "{head}{file} 的第 {column} 列“{header}”未读取：看不出是出售方还是收购方的所在地；\
                     请把表头改为“卖方所在地”或“买方所在地”（或用 --map seller_place={header}），\
                     或用 --parties FILE 给出当事人所在地"
                )?
            } else {
                writeln!(
                    w,
                    "{head}column {column} ('{header}') of {file} is not read: it does not say \
                     whose place it is, the seller's or the buyer's; name it 卖方所在地 or \
                     买方所在地 (seller_place, buyer_place, or --map seller_place={header}), or \
                     give the places in a parties file (--parties FILE)"
                )?
            }
        }
        Warning::PlaceConflicts {
            count,
            shown,
            from_file,
        } => {
            let at = |p: &crate::case::ShownPlace| -> String {
                use crate::ingest::Side;
                match (p.side, zh) {
                    (None, false) => format!("'{}' ({} line {})", p.written, p.file, p.row),
                    (None, true) => format!("“{}”（{} 第 {} 行）", p.written, p.file, p.row),
                    (Some(side), false) => format!(
                        "'{}' ({} row {}, {})",
                        p.written,
                        p.file,
                        p.row,
                        match side {
                            Side::Seller => "seller's place",
                            Side::Buyer => "buyer's place",
                        }
                    ),
                    (Some(side), true) => format!(
                        "“{}”（{}，{}）",
                        p.written,
                        crate::render::lang::place(&p.file, p.row, lang),
                        match side {
                            Side::Seller => "卖方所在地",
                            Side::Buyer => "买方所在地",
                        }
                    ),
                }
            };
            let list: Vec<String> = (shown.iter())
                .map(|c| match (zh, from_file) {
                    (false, false) => format!(
                        "{}: {} kept, {} differs",
                        c.party,
                        at(&c.kept),
                        at(&c.other)
                    ),
                    (false, true) => {
                        format!("{}: {} kept over {}", c.party, at(&c.kept), at(&c.other))
                    }
                    (true, false) => {
                        format!("{}：保留{}，另有{}", c.party, at(&c.kept), at(&c.other))
                    }
                    (true, true) => {
                        format!("{}：采用{}，不用{}", c.party, at(&c.kept), at(&c.other))
                    }
                })
                .collect();
            let more = *count > shown.len() as u64;
            match (zh, from_file) {
                (false, false) => writeln!(
                    w,
                    "{head}{count} place{} of a party disagree{} with the place kept for it (the \
                     place most rows support, counting a place said more or less precisely as one; \
                     then the most precise; then the first in row order): {}{}",
                    if *count == 1 { "" } else { "s" },
                    if *count == 1 { "s" } else { "" },
                    list.join("; "),
                    if more { "; …" } else { "" }
                )?,
                (false, true) => writeln!(
                    w,
                    "{head}the parties file wins over {count} place{} written in rows: {}{}",
                    if *count == 1 { "" } else { "s" },
                    list.join("; "),
                    if more { "; …" } else { "" }
                )?,
                (true, false) => writeln!(
                    w,
                    "{head}{count} 处当事人所在地与为其保留的所在地不一致（保留得到最多行支持的所在地，详略不同的同一地点算作一处；支持相同时取最精确的，再按行序取第一个）：{}{}",
                    list.join("；"),
                    if more { "……" } else { "" }
                )?,
                (true, true) => writeln!(
                    w,
                    "{head}当事人文件优先于行中所写的 {count} 处所在地：{}{}",
                    list.join("；"),
                    if more { "……" } else { "" }
                )?,
            }
        }
        Warning::PartiesNotInRows { file, names } => {
            let list: Vec<String> = (names.iter().take(10))
                .map(|(n, line)| match zh {
                    false => format!("'{}' (line {line})", clip(n)),
                    true => format!("“{}”（第 {line} 行）", clip(n)),
                })
                .collect();
            let more = names.len() > 10;
            if zh {
                writeln!(
                    w,
                    "{head}{file} 中有 {} 个名字在案件的行中没有出现（是否写错？）：{}{}",
                    names.len(),
                    list.join("、"),
                    if more { "……" } else { "" }
                )?
            } else {
                writeln!(
                    w,
                    "{head}{} name{} of {file} {} in no row of the case (a typo?): {}{}",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    if names.len() == 1 { "is" } else { "are" },
                    list.join(", "),
                    if more { ", …" } else { "" }
                )?
            }
        }
    }
    Ok(())
}

/// What the warnings of refused rows and unknown cells end with: where the rows are listed.
fn rejects_tail(rejects_file: bool, lang: Lang) -> &'static str {
    match rejects_file {
        true => lang.pick("all are in the --rejects file", "全部列在 --rejects 文件中"),
        false => lang.pick(
            "--rejects FILE lists them, --strict stops on them",
            "--rejects FILE 可列出全部，--strict 遇到即停止",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::RejectedRow;

    fn line(warning: &Warning, lang: Lang) -> String {
        let mut out = Vec::new();
        write_warning(&mut out, warning, false, lang).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_warning_is_worded_from_its_facts_in_either_language() {
        let w = Warning::AmountMismatch {
            rows: 2,
            file: "case.csv".into(),
            row: 7,
            written_fen: 450_000,
            computed_fen: 45_000,
        };
        assert_eq!(
            line(&w, Lang::En),
            "wildchain: warning: 2 rows give an amount that the unit price times the weight or \
             count contradicts (first: case.csv row 7: 4500 元 written, the price gives 450 元); \
             the written amount is kept\n"
        );
        let zh = line(&w, Lang::Zh);
        assert!(
            zh.contains("case.csv 第 7 行：记为 4500 元，按单价应为 450 元"),
            "{zh}"
        );
        assert!(!zh.contains("row"), "{zh}");
        let r = Warning::Rejected {
            rejected: 1,
            rows: 3,
            first: RejectedRow {
                file: "a.csv".into(),
                row: 2,
                reasons: Vec::new(),
                kept: false,
            },
        };
        assert!(
            line(&r, Lang::En).contains("1 of 3 rows rejected and left out (first: a.csv row 2: )")
        );
        assert!(line(&r, Lang::Zh).contains("3 行中有 1 行被拒绝并排除（第一行：a.csv 第 2 行："));
    }
}
