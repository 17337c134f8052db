//! `validate`'s findings ([`crate::case::validate::Findings`]) in words: the table for people in
//! English or Chinese, and every finding as one CSV row (`kind,subject,detail,rows`, English for
//! scripts).

use std::io::{self, Write};

use super::species::rank;
use super::table::write_pairs;
use super::{Cell, Col, Sheet};
use crate::case::validate::Findings;
use crate::ingest::SourceFormat;
use crate::ingest::party::Likeness;
use crate::render::Style;
use crate::render::lang::Lang;

/// How many merges or likely duplicates the table shows (JSON and CSV list them all).
const SHOWN: usize = 50;

/// `1 row`, `2 rows`; `2 行`.
fn count(n: u64, en: &str, zh: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} {zh}"),
        Lang::En if n == 1 => format!("1 {en}"),
        Lang::En => format!("{n} {en}s"),
    }
}

fn or_dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_string())
}

/// A field a column is read as, in the language (`seller`, `出售方`).
fn field(name: &str, lang: Lang) -> &str {
    const ZH: &[(&str, &str)] = &[
        ("seller", "出售方"),
        ("buyer", "收购方"),
        ("species", "物种"),
        ("weight", "重量"),
        ("date", "日期"),
        ("unit", "单位"),
        ("source", "来源"),
        ("confidence", "可信度"),
        ("price", "单价"),
        ("amount", "金额"),
        ("product", "产品"),
        ("note", "备注"),
        ("seller_place", "卖方所在地"),
        ("buyer_place", "买方所在地"),
    ];
    match lang {
        Lang::Zh => ZH.iter().find(|(k, _)| *k == name).map_or(name, |(_, v)| v),
        Lang::En => name,
    }
}

/// Why names may be one party, in the language.
pub fn likeness(why: Likeness, lang: Lang) -> &'static str {
    match why {
        Likeness::Spelling => lang.pick(
            "the same but for case, spacing, width or punctuation",
            "只在大小写、空格、全半角或标点上不同",
        ),
        Likeness::OneCharacter => {
            lang.pick("one character apart, same surname", "相差一个字，姓氏相同")
        }
        Likeness::SpeciesTable => lang.pick(
            "not in the species table, one character from a name in it",
            "不在物种表中，与表中一个名称相差一个字",
        ),
    }
}

/// `seller ← 出售人, buyer ← 收购人`.
fn columns_line(f: &SourceFormat, lang: Lang) -> String {
    (f.columns.iter())
        .map(|c| format!("{} ← {}", field(c.field.name(), lang), c.header))
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "，"))
}

/// The format of a source: kind, sheet or encoding and delimiter, header row.
fn format_line(f: &SourceFormat, lang: Lang) -> String {
    match (&f.sheet, &f.delimiter, lang) {
        (Some(sheet), _, Lang::En) => format!(
            "{}, sheet '{sheet}' (of: {}), header on row {}",
            f.kind,
            f.sheets.join(", "),
            f.header_row
        ),
        (Some(sheet), _, Lang::Zh) => format!(
            "{}，工作表 '{sheet}'（共有：{}），表头在第 {} 行",
            f.kind,
            f.sheets.join("、"),
            f.header_row
        ),
        (None, Some(d), Lang::En) => format!(
            "{} ({}), delimiter '{d}', header on line {}",
            f.kind,
            or_dash(&f.encoding),
            f.header_row
        ),
        (None, Some(d), Lang::Zh) => format!(
            "{}（{}），分隔符 '{d}'，表头在第 {} 行",
            f.kind,
            or_dash(&f.encoding),
            f.header_row
        ),
        (None, None, _) => f.kind.to_string(),
    }
}

/// Writes the findings as text for people, in `lang`.
///
/// Control characters of the names and cells quoted are shown escaped (`\u{1b}`, see
/// [`crate::ingest::text::shown`]): a case file cannot act on the terminal.
///
/// # Errors
/// The writer fails.
pub fn write_findings(r: &Findings, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let mut text = Vec::new();
    write_words(r, &mut text, lang)?;
    let text = String::from_utf8_lossy(&text);
    w.write_all(crate::ingest::text::shown_lines(&text).as_bytes())
}

fn write_words(r: &Findings, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let zh = lang == Lang::Zh;
    let rows = |n| count(n, "row", "行", lang);
    for s in &r.sources {
        writeln!(w, "{}", crate::render::lang::file_name(&s.name, lang))?;
        let mut pairs = vec![(
            lang.pick("  format", "  格式"),
            format_line(&s.format, lang),
        )];
        if !s.format.columns.is_empty() {
            pairs.push((
                lang.pick("  columns", "  列"),
                columns_line(&s.format, lang),
            ));
        }
        if s.format.sheet.is_some() && s.format.first_row != 1 {
            pairs.push((
                lang.pick("  rows", "  行号"),
                match lang {
                    Lang::En => format!("numbered as in the sheet, from {}", s.format.first_row),
                    Lang::Zh => format!("与工作表中的行号相同，从 {} 起", s.format.first_row),
                },
            ));
        }
        for n in &s.format.notes {
            pairs.push((
                lang.pick("  note", "  说明"),
                crate::render::note::note(n, lang),
            ));
        }
        write_pairs(w, &pairs)?;
    }
    let i = &r.input;
    let mut line = match lang {
        Lang::En => format!(
            "{} read, {} accepted ({} approximate), {} rejected",
            i.rows, i.accepted, r.approx_rows, i.rejected
        ),
        Lang::Zh => format!(
            "读取 {} 行，接受 {} 行（其中约数 {} 行），拒绝 {} 行",
            i.rows, i.accepted, r.approx_rows, i.rejected
        ),
    };
    if r.blank_rows > 0 {
        line.push_str(&match lang {
            Lang::En => format!("; {} skipped", count(r.blank_rows, "blank row", "", lang)),
            Lang::Zh => format!("；跳过空行 {} 行", r.blank_rows),
        });
    }
    if i.unknown_cells > 0 {
        line.push_str(&super::summary::unknown_cells(i, lang));
    }
    writeln!(w)?;
    write_pairs(w, &[(lang.pick("rows", "行"), line)])?;
    if !r.rejected.is_empty() {
        writeln!(
            w,
            "\n{}",
            lang.pick("Rejected rows, by reason", "被拒绝的行，按原因")
        )?;
        // Table only: the keys are not CSV headers, and are chosen outside the shared Chinese
        // titles (there `rows` is a column of provenance).
        let s = reason_groups(
            &r.rejected,
            &r.rejected_typed,
            ["rejected_rows", "rejected_reason", "rejected_example"],
            lang.pick("rows", "行数"),
            lang,
        );
        s.write_table(w, &Style::in_kg(lang))?;
    }
    write_unknown_cells(r, w, lang)?;
    let sp = &r.species;
    match lang {
        Lang::En => writeln!(
            w,
            "\nSpecies: {} of species in the table, {} not in it",
            rows(sp.known_rows),
            count(sp.unknown.len() as u64, "name", "", lang)
        )?,
        Lang::Zh => writeln!(
            w,
            "\n物种：{} 行的物种在物种表中，{} 个名称不在表中",
            sp.known_rows,
            sp.unknown.len()
        )?,
    }
    for k in &sp.known {
        let rank = k.rank.as_deref().map(|r| rank(r, lang));
        let sci = k.scientific_name.as_deref();
        match lang {
            Lang::En => writeln!(
                w,
                "  {}: {} {}, parent {}, product {}{} ({})",
                k.name,
                rank.unwrap_or("no rank"),
                k.taxon,
                k.parent.as_deref().unwrap_or("-"),
                k.product.as_deref().unwrap_or("-"),
                sci.map(|n| format!(", {n}")).unwrap_or_default(),
                rows(k.rows)
            )?,
            Lang::Zh => writeln!(
                w,
                "  {}：{} {}，上级 {}，产品 {}{}（{}）",
                k.name,
                rank.unwrap_or("无分类等级"),
                k.taxon,
                k.parent.as_deref().unwrap_or("-"),
                k.product.as_deref().unwrap_or("-"),
                sci.map(|n| format!("，{n}")).unwrap_or_default(),
                rows(k.rows)
            )?,
        }
    }
    for u in &sp.unknown {
        let hint = match (u.ambiguous, u.closest.is_empty(), lang) {
            (Some(m), _, Lang::En) => {
                format!("; ambiguous, needs a species-level identification: {m}")
            }
            (Some(m), _, Lang::Zh) => format!("；名称含义不明，需鉴定到种：{m}"),
            (None, true, _) => String::new(),
            (None, false, Lang::En) => format!("; closest in the table: {}", u.closest.join(", ")),
            (None, false, Lang::Zh) => format!("；表中最接近：{}", u.closest.join("、")),
        };
        match lang {
            Lang::En => writeln!(w, "  not in the table: {} ({}){hint}", u.name, rows(u.rows))?,
            Lang::Zh => writeln!(w, "  不在表中：{}（{}）{hint}", u.name, rows(u.rows))?,
        }
    }
    for m in &sp.merged {
        let n = rows(m.rows.unwrap_or(0));
        match lang {
            Lang::En => writeln!(w, "  read as {}: {} ({n})", m.name, m.names.join(", "))?,
            Lang::Zh => writeln!(w, "  读作 {}：{}（{n}）", m.name, m.names.join("、"))?,
        }
    }
    let p = &r.parties;
    let merged = p.merged.iter().map(|m| m.names.len() as u64).sum::<u64>();
    let alike = p.likely_duplicates.len() as u64;
    match lang {
        Lang::En => writeln!(
            w,
            "\nParties: {} merged, {} not merged",
            count(merged, "name", "", lang),
            count(alike, "likely duplicate", "", lang)
        )?,
        Lang::Zh => writeln!(
            w,
            "\n当事人：合并了 {merged} 个名称，{alike} 组可能重复的名称未合并"
        )?,
    }
    for m in p.merged.iter().take(SHOWN) {
        match lang {
            Lang::En => writeln!(w, "  read as {}: {}", m.name, m.names.join(", "))?,
            Lang::Zh => writeln!(w, "  读作 {}：{}", m.name, m.names.join("、"))?,
        }
    }
    more(w, p.merged.len(), lang)?;
    for d in p.likely_duplicates.iter().take(SHOWN) {
        let (names, why) = (d.names.join(" / "), likeness(d.why, lang));
        if zh {
            writeln!(w, "  可能是同一当事人：{names}（{why}）")?;
        } else {
            writeln!(w, "  maybe one party: {names} ({why})")?;
        }
    }
    more(w, p.likely_duplicates.len(), lang)?;
    write_places(r, w, lang)?;
    Ok(())
}

/// Each party's place as written and where it was read (resolution into divisions comes
/// later): `  丁某某: 湖南省怀化市 (parties.csv line 2)`.
fn write_places(r: &Findings, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    if r.places.is_empty() {
        return Ok(());
    }
    let n = r.places.len() as u64;
    match lang {
        Lang::En => writeln!(
            w,
            "\nPlaces: {n} part{} with a place (as written; the place most rows support, or \
             the parties file's)",
            if n == 1 { "y" } else { "ies" }
        )?,
        Lang::Zh => writeln!(
            w,
            "\n所在地：{n} 个当事人有所在地（按原文；取多数行所支持的，或当事人文件中的）"
        )?,
    }
    // A workbook's lines are the rows of its sheet.
    let sheet = r.parties_file.as_ref().is_some_and(|f| f.sheet);
    for p in r.places.iter().take(SHOWN) {
        let at = match (p.column.as_deref(), lang) {
            (Some(c), Lang::En) => format!("{} row {}, {c}", p.file, p.row),
            (Some(c), Lang::Zh) => {
                format!("{}，{c}", crate::render::lang::place(&p.file, p.row, lang))
            }
            (None, Lang::En) if sheet => format!("{} row {}, parties file", p.file, p.row),
            (None, Lang::En) => format!("{} line {}, parties file", p.file, p.row),
            (None, Lang::Zh) => format!(
                "当事人文件 {} 第 {} 行",
                crate::render::lang::file_name(&p.file, lang),
                p.row
            ),
        };
        let others = match (p.others.is_empty(), lang) {
            (true, _) => String::new(),
            (false, Lang::En) => format!("; also written: {}", p.others.join(", ")),
            (false, Lang::Zh) => format!("；另写作：{}", p.others.join("、")),
        };
        let became = became(p, lang);
        match lang {
            Lang::En => writeln!(w, "  {}: {} ({at}){others} → {became}", p.party, p.place)?,
            Lang::Zh => writeln!(w, "  {}：{}（{at}）{others} → {became}", p.party, p.place)?,
        }
        if !p.spellings.is_empty() {
            writeln!(w, "    {}", spellings(p, lang))?;
        }
    }
    more(w, r.places.len(), lang)?;
    write_parties_file(r, w, lang)
}

/// How many spellings of one place a line lists (JSON and CSV list them all).
const SPELLINGS_SHOWN: usize = 8;

/// A party's ways of writing its place: `written 2 ways: 辰溪 (3 rows) → 辰溪县 431223;
/// 湖南省怀化市辰溪县 (2 rows) → 辰溪县 431223`.
fn spellings(p: &crate::case::validate::PlaceView, lang: Lang) -> String {
    let n = p.spellings.len();
    let mut parts: Vec<String> = (p.spellings.iter().take(SPELLINGS_SHOWN))
        .map(|s| {
            let rows = count(s.rows, "row", "行", lang);
            let to = match (s.division, s.code) {
                (Some(d), Some(c)) => format!("{d} {c}"),
                _ => lang.pick("not resolved", "未能识别").to_string(),
            };
            let differs = match (s.agrees, lang) {
                (true, _) => "",
                (false, Lang::En) => ", disagrees with the place kept",
                (false, Lang::Zh) => "，与所取所在地不符",
            };
            match lang {
                Lang::En => format!("{} ({rows}) → {to}{differs}", s.place),
                Lang::Zh => format!("{}（{rows}）→ {to}{differs}", s.place),
            }
        })
        .collect();
    if n > SPELLINGS_SHOWN {
        parts.push(match lang {
            Lang::En => format!("… and {} more", n - SPELLINGS_SHOWN),
            Lang::Zh => format!("……另有 {} 种", n - SPELLINGS_SHOWN),
        });
    }
    match lang {
        Lang::En => format!("written {n} ways in its rows: {}", parts.join("; ")),
        Lang::Zh => format!("其各行有 {n} 种写法：{}", parts.join("；")),
    }
}

/// The parties file line by line: the party each names, its place, notes and further columns.
fn write_parties_file(r: &Findings, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let Some(f) = &r.parties_file else {
        return Ok(());
    };
    let file = crate::render::lang::file_name(&f.file, lang);
    let n = f.lines.len() as u64;
    let matched = f.lines.iter().filter(|l| l.party.is_some()).count() as u64;
    match lang {
        Lang::En => writeln!(
            w,
            "\nParties file {file}: {}, {matched} naming a party of the rows",
            count(n, "line", "行", lang)
        )?,
        Lang::Zh => writeln!(
            w,
            "\n当事人文件 {file}：{n} 行，其中 {matched} 行是案件各行中的当事人"
        )?,
    }
    for l in f.lines.iter().take(SHOWN) {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &l.place {
            parts.push(format!("{}{p}", lang.pick("place: ", "所在地：")));
        }
        if let Some(x) = &l.notes {
            parts.push(format!("{}{x}", lang.pick("notes: ", "备注：")));
        }
        for (c, v) in &l.attributes {
            parts.push(format!("{c}{}{v}", lang.pick(": ", "：")));
        }
        let who = match (&l.party, lang) {
            (Some(p), _) if *p == l.name => p.clone(),
            (Some(p), Lang::En) => format!("{} (= {p})", l.name),
            (Some(p), Lang::Zh) => format!("{}（即 {p}）", l.name),
            (None, Lang::En) => format!("{} (no party of the rows)", l.name),
            (None, Lang::Zh) => format!("{}（案件各行中无此当事人）", l.name),
        };
        let rest = parts.join(lang.pick("; ", "；"));
        match lang {
            Lang::En if f.sheet => writeln!(w, "  row {} {who}: {rest}", l.line)?,
            Lang::En => writeln!(w, "  line {} {who}: {rest}", l.line)?,
            Lang::Zh => writeln!(w, "  第 {} 行 {who}：{rest}", l.line)?,
        }
    }
    more(w, f.lines.len(), lang)
}

/// `  … and N more` under a list cut at [`SHOWN`].
fn more(w: &mut dyn Write, n: usize, lang: Lang) -> io::Result<()> {
    if n > SHOWN {
        match lang {
            Lang::En => writeln!(
                w,
                "  … and {} more (--format json or csv lists them all)",
                n - SHOWN
            )?,
            Lang::Zh => writeln!(
                w,
                "  ……另有 {} 项（--format json 或 csv 列出全部）",
                n - SHOWN
            )?,
        }
    }
    Ok(())
}

/// Every finding as one CSV row: `kind,subject,detail,rows` (English, for scripts).
pub fn findings_sheet(r: &Findings) -> Sheet {
    let en = Lang::En;
    let mut s = Sheet::new(&[
        Col::new("kind", "kind"),
        Col::new("subject", "subject"),
        Col::new("detail", "detail"),
        Col::new("rows", "rows"),
    ]);
    let mut add = |kind: &str, subject: String, detail: String, rows: Option<u64>| {
        s.push(vec![
            Cell::text(kind),
            Cell::text(subject),
            Cell::text(detail),
            rows.map_or(Cell::Empty, Cell::Int),
        ]);
    };
    for src in &r.sources {
        add(
            "source",
            src.name.clone(),
            format_line(&src.format, en),
            None,
        );
        add(
            "columns",
            src.name.clone(),
            columns_line(&src.format, en),
            None,
        );
        for n in &src.format.notes {
            add("note", src.name.clone(), n.to_string(), None);
        }
    }
    let i = &r.input;
    add("rows", "read".into(), String::new(), Some(i.rows));
    add("rows", "accepted".into(), String::new(), Some(i.accepted));
    add(
        "rows",
        "approximate".into(),
        String::new(),
        Some(r.approx_rows),
    );
    add("rows", "rejected".into(), String::new(), Some(i.rejected));
    add("rows", "blank".into(), String::new(), Some(r.blank_rows));
    add(
        "rows",
        "unknown_cells".into(),
        String::new(),
        Some(i.unknown_cells),
    );
    add(
        "rows",
        "rows_with_unknown".into(),
        String::new(),
        Some(i.rows_with_unknown),
    );
    for p in &r.cell_problems {
        add(
            "unknown_cell",
            format!("{} row {}", p.file, p.row),
            p.reason.clone(),
            None,
        );
    }
    for g in &r.rejected {
        add(
            "rejected",
            g.reason.clone(),
            g.examples.join(" | "),
            Some(g.rows),
        );
    }
    for k in &r.species.known {
        let detail = format!(
            "rank {}; taxon {}; parent {}; product {}",
            k.rank.as_deref().unwrap_or("-"),
            k.taxon,
            k.parent.as_deref().unwrap_or("-"),
            k.product.as_deref().unwrap_or("-")
        );
        add("species", k.name.clone(), detail, Some(k.rows));
    }
    for u in &r.species.unknown {
        let detail = match u.ambiguous {
            Some(m) => format!("ambiguous: {m}"),
            None => u.closest.join(", "),
        };
        add("unknown_species", u.name.clone(), detail, Some(u.rows));
    }
    for m in &r.species.merged {
        add("merged_species", m.name.clone(), m.names.join(", "), m.rows);
    }
    for m in &r.parties.merged {
        add("merged_party", m.name.clone(), m.names.join(", "), None);
    }
    for d in &r.parties.likely_duplicates {
        add(
            "likely_duplicate",
            d.names.join(" / "),
            likeness(d.why, en).to_string(),
            None,
        );
    }
    for p in &r.places {
        let at = match &p.column {
            Some(c) => format!("{} row {}, {c}", p.file, p.row),
            None => format!("{} line {}, parties file", p.file, p.row),
        };
        add(
            "place",
            p.party.clone(),
            format!("{} ({at}) → {}", p.place, became(p, Lang::En)),
            None,
        );
        for sp in &p.spellings {
            let to = match (sp.division, sp.code) {
                (Some(d), Some(c)) => format!("{d} {c}"),
                _ => "not resolved".to_string(),
            };
            let differs = if sp.agrees {
                ""
            } else {
                "; disagrees with the place kept"
            };
            add(
                "place_spelling",
                p.party.clone(),
                format!("{} → {to}{differs}", sp.place),
                Some(sp.rows),
            );
        }
    }
    if let Some(f) = &r.parties_file {
        for l in &f.lines {
            let mut parts = vec![format!("{} line {}", f.file, l.line)];
            if let Some(p) = &l.place {
                parts.push(format!("place: {p}"));
            }
            if let Some(x) = &l.notes {
                parts.push(format!("notes: {x}"));
            }
            for (c, v) in &l.attributes {
                parts.push(format!("{c}: {v}"));
            }
            if l.party.is_none() {
                parts.push("no party of the rows".to_string());
            }
            add("parties_file", l.name.clone(), parts.join("; "), None);
        }
    }
    s
}

/// The cells of kept rows that could not be read, grouped by column and kind of reason as the
/// rejected rows are, with the first example of each (`--rejects FILE` lists every one).
fn write_unknown_cells(r: &Findings, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    if r.unknown_cells.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "\n{}",
        lang.pick(
            "Unknown cells, by reason (the rows are kept, each cell unknown, not 0)",
            "无法读取的单元格，按原因（行仍保留，该单元格按不明处理，不按 0 计）"
        )
    )?;
    let s = reason_groups(
        &r.unknown_cells,
        &r.unknown_cells_typed,
        ["unknown_cells", "unknown_reason", "unknown_example"],
        lang.pick("cells", "单元格数"),
        lang,
    );
    s.write_table(w, &Style::in_kg(lang))
}

/// Groups of reasons as a table: how many (titled `count`), the reason and the first example,
/// under the column keys `keys`; in Chinese worded from the typed reasons, else as ingest words
/// them. The table of `validate` and of the report's data-quality section.
pub fn reason_groups(
    groups: &[crate::ingest::rejects::ReasonGroup],
    typed: &[Option<crate::case::validate::TypedGroup>],
    keys: [&'static str; 3],
    count: &'static str,
    lang: Lang,
) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new(keys[0], count),
        Col::new(keys[1], lang.pick("reason", "原因")),
        Col::new(keys[2], lang.pick("first example", "首例")),
    ]);
    for (i, g) in groups.iter().enumerate() {
        let (reason, example) = match typed.get(i).and_then(Option::as_ref) {
            Some(t) if lang == Lang::Zh => (
                crate::render::reason::reason_kind(&t.first, lang),
                t.examples.first().map(|(file, row, why)| {
                    format!(
                        "{}：{}",
                        crate::render::lang::place(file, *row, lang),
                        crate::render::reason::reason(why, lang)
                    )
                }),
            ),
            _ => (g.reason.clone(), g.examples.first().cloned()),
        };
        s.push(vec![
            Cell::Int(g.rows),
            Cell::text(reason),
            Cell::opt_text(example),
        ]);
    }
    s
}

/// What a place became: `辰溪县 431223, county`, `not resolved (kept as written)`, or the certain
/// part and the candidates of an ambiguous name.
fn became(p: &crate::case::validate::PlaceView, lang: Lang) -> String {
    use crate::ingest::place::Level;
    let level = |l: Option<Level>| match (l, lang) {
        (Some(Level::Province), Lang::En) => "province",
        (Some(Level::City), Lang::En) => "city",
        (Some(Level::County), Lang::En) => "county",
        (Some(Level::Province), Lang::Zh) => "省级",
        (Some(Level::City), Lang::Zh) => "地级",
        (Some(Level::County), Lang::Zh) => "县级",
        (None, _) => "",
    };
    let known = match (p.division, p.code) {
        (Some(d), Some(c)) => Some(match lang {
            Lang::En => format!("{d} {c}, {}", level(p.level)),
            Lang::Zh => format!("{d} {c}，{}", level(p.level)),
        }),
        _ => None,
    };
    let cands: Vec<String> = (p.candidates.iter())
        .map(|c| format!("{} {}", c.name, c.code))
        .collect();
    if p.status == "several_places" {
        return match (known, lang) {
            (Some(k), Lang::En) => format!(
                "several places in one cell ({}): kept at what they share, {k}",
                cands.join(", ")
            ),
            (Some(k), Lang::Zh) => {
                format!("一格写了多个地点（{}）：取其共同上级 {k}", cands.join("、"))
            }
            (None, Lang::En) => format!(
                "several places in one cell ({}): they share no province, so the place is unknown",
                cands.join(", ")
            ),
            (None, Lang::Zh) => format!(
                "一格写了多个地点（{}）：不在同一省，所在地按不明处理",
                cands.join("、")
            ),
        };
    }
    match (known, cands.is_empty(), lang) {
        (Some(k), true, _) => k,
        (k, false, Lang::En) => format!(
            "{}ambiguous: {}",
            k.map_or(String::new(), |k| format!("{k}; then ")),
            cands.join(" or ")
        ),
        (k, false, Lang::Zh) => format!(
            "{}有歧义：{}",
            k.map_or(String::new(), |k| format!("{k}；其下")),
            cands.join(" 或 ")
        ),
        (None, true, Lang::En) => "not resolved (kept as written)".to_string(),
        (None, true, Lang::Zh) => "未能识别（按原文保留）".to_string(),
    }
}
