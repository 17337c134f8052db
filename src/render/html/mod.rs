//! The case report as one self-contained HTML page (`wildchain report`): the case in figures, the
//! ranked leads, the network diagram and the charts as inline SVG, the parties, chains, balance and
//! players tables (sortable), and the rows each link comes from. No network access, no external
//! script or font; every name is HTML-escaped; prints on A4.

mod charts;
mod provenance;

use std::fmt::Write as _;
use std::io::{self, Write};

use super::balance::balance_sheet;
use super::chains::chains_sheet;
use super::dot::picture::DrawError;
use super::lang::Lang;
use super::leads::leads_sheet;
use super::parties::parties_sheet;
use super::players::players_sheet;
use super::summary::Summary;
use super::totals::totals_sheet;
use super::{Cell, Sheet, Style};
use crate::analysis::{Findings, TotalRow};

/// Rows shown at most in each table of the page (the command line and JSON have them all).
pub const TABLE_ROWS: usize = 500;

/// What the page shows beyond the findings.
pub struct Page<'a> {
    pub findings: &'a Findings<'a>,
    /// The language of the page and the unit of its weights.
    pub style: &'a Style,
    /// The network diagram as SVG, or why there is none.
    pub diagram: std::result::Result<String, DrawError>,
    /// Totals per month of the species charted (the heaviest few), by species name.
    pub monthly: Vec<(String, Vec<TotalRow>)>,
}

/// Text escaped for HTML content and attribute values: the exports' XML escaping, which also
/// turns control characters into visible symbols.
pub fn esc(s: &str) -> String {
    crate::render::export::xml::escape(s).into_owned()
}

/// Why the page has no diagram, as HTML in the page's language: that it needs Graphviz and how
/// to install it, or what Graphviz said when it failed.
fn no_diagram(why: &DrawError, lang: Lang) -> String {
    match why {
        DrawError::NoGraphviz => lang.pick(
            "The network diagram needs Graphviz, whose <code>dot</code> program was not found when \
             this page was made: install Graphviz (Debian/Ubuntu: <code>apt-get install graphviz \
             fonts-wqy-microhei</code>; macOS: <code>brew install graphviz</code>; Windows: \
             <code>winget install graphviz</code>) and run <code>wildchain report</code> again. \
             Without it, <code>wildchain dot</code> writes the network as DOT text.",
            "交易网络图需要 Graphviz，生成本报告时没有找到它的 <code>dot</code> 程序：请安装 Graphviz\
             （Debian/Ubuntu：<code>apt-get install graphviz fonts-wqy-microhei</code>；macOS：\
             <code>brew install graphviz</code>；Windows：<code>winget install graphviz</code>），\
             再运行一次 <code>wildchain report</code>。未安装时，<code>wildchain dot</code> 可输出 \
             DOT 文本格式的交易网络。",
        )
        .to_string(),
        DrawError::Failed(said) => format!(
            "{}{}",
            lang.pick("Graphviz `dot` failed: ", "Graphviz 的 dot 程序绘图失败："),
            esc(said)
        ),
    }
}

/// A sheet as a sortable HTML table of at most [`TABLE_ROWS`] rows, in the style's language,
/// weights in its unit.
fn table(s: &Sheet, style: &Style) -> String {
    let unit = style.unit;
    let mut h = String::from("<table class=\"sortable\"><thead><tr>");
    for c in &s.columns {
        let t = style.lang.title(c);
        if c.key.ends_with("_kg") {
            let _ = write!(h, "<th>{} ({})</th>", esc(t), esc(unit.name()));
        } else {
            let _ = write!(h, "<th>{}</th>", esc(t));
        }
    }
    h.push_str("</tr></thead><tbody>");
    // A column is numeric when any of its cells is a number; its `-` and `unknown` align right too.
    let numeric: Vec<bool> = (0..s.columns.len())
        .map(|i| {
            s.rows
                .iter()
                .any(|r| matches!(r.get(i), Some(Cell::Kg(_) | Cell::Int(_) | Cell::Num(_))))
        })
        .collect();
    // Terms the analyses name things by (roles, kinds, statuses, labels) read in the language.
    let terms: Vec<bool> = s
        .columns
        .iter()
        .map(|c| matches!(c.key, "role" | "kind" | "status" | "labels"))
        .collect();
    for row in s.rows.iter().take(TABLE_ROWS) {
        h.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let numeric = numeric.get(i).copied().unwrap_or(false);
            let text = match c {
                Cell::Text(t) if terms.get(i) == Some(&true) => esc(&style.lang.words(t)),
                c => esc(&human_cell(c, style)),
            };
            if numeric {
                let _ = write!(
                    h,
                    "<td class=\"num\" data-sort=\"{}\">{text}</td>",
                    esc(&c.raw())
                );
            } else {
                let _ = write!(h, "<td>{text}</td>");
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    if s.rows.len() > TABLE_ROWS {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(&match style.zh() {
                false => format!(
                    "… and {} more rows (the command line lists them all)",
                    s.rows.len() - TABLE_ROWS
                ),
                true => format!(
                    "……另有 {} 行（命令行可列出全部）",
                    s.rows.len() - TABLE_ROWS
                ),
            })
        );
    }
    h
}

/// A cell for people, `unknown` in the style's language.
fn human_cell(c: &Cell, style: &Style) -> String {
    match c {
        Cell::Unknown | Cell::Kg(None) => style.pick("unknown", "不明").to_string(),
        c => c.human(style),
    }
}

fn section(h: &mut String, id: &str, heading: &str, body: &str) {
    let _ = write!(
        h,
        "<section id=\"{id}\"><h2>{}</h2>{body}</section>",
        esc(heading)
    );
}

/// Writes the page.
///
/// # Errors
/// The writer fails.
pub fn write_page(w: &mut dyn Write, p: &Page) -> io::Result<()> {
    let f = p.findings;
    let (case, g, style) = (f.case, &f.graph, p.style);
    let lang = style.lang;
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let files: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
    let files = crate::render::lang::file_name(&files.join(", "), style.lang).into_owned();
    let heading = pick("Case report", "案件分析报告");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · {}</title><style>{}</style></head><body>",
        lang.html(),
        esc(heading),
        esc(&files),
        include_str!("page.css")
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>",
        esc(heading),
        esc(&files)
    );
    // The case in figures, worded as the text report of `analyze` words them.
    let facts = Summary::of(f).lines(style);
    let mut dl = String::from("<dl class=\"facts\">");
    for (k, v) in facts {
        let _ = write!(dl, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    dl.push_str("</dl>");
    dl.push_str(&super::near::Near::of(f).html(style));
    section(&mut h, "summary", pick("Summary", "概况"), &dl);

    let leads = if f.leads.is_empty() {
        format!("<p>{}</p>", pick("none", "无"))
    } else {
        table(&leads_sheet(case, &f.leads, TABLE_ROWS, style), style)
    };
    section(&mut h, "leads", pick("Leads", "线索"), &leads);

    let diagram = match &p.diagram {
        Ok(svg) => format!("<figure class=\"diagram\">{svg}</figure>"),
        Err(why) => format!("<p class=\"note\">{}</p>", no_diagram(why, lang)),
    };
    section(&mut h, "network", pick("Network", "交易网络"), &diagram);

    let mut species = format!(
        "<div class=\"chart\">{}</div>",
        charts::species_bars(&f.species, style)
    );
    species.push_str(&table(&totals_sheet(&f.species, "species"), style));
    if !p.monthly.is_empty() {
        let _ = write!(
            species,
            "<h3>{}</h3><div class=\"charts\">",
            esc(pick("Known weight per month", "每月已知重量"))
        );
        for (name, rows) in &p.monthly {
            let _ = write!(
                species,
                "<figure class=\"chart\"><figcaption>{}</figcaption>{}</figure>",
                esc(name),
                charts::monthly_columns(rows, style.unit)
            );
        }
        species.push_str("</div>");
    }
    section(&mut h, "species", pick("Species", "物种"), &species);

    let mut parties = parties_sheet(g, &f.parties);
    for row in &mut parties.rows {
        if let Some(Cell::Text(role)) = row.get_mut(1) {
            *role = lang.word(role).to_string();
        }
    }
    section(
        &mut h,
        "parties",
        pick("Parties (upstream first)", "当事人（上游在前）"),
        &table(&parties, style),
    );
    let chains = match style.zh() {
        false => format!("Chains: {}", f.chains.chains.len()),
        true => format!("供应链：{} 条", f.chains.chains.len()),
    };
    section(
        &mut h,
        "chains",
        &chains,
        &table(&chains_sheet(g, &f.chains.chains), style),
    );
    section(
        &mut h,
        "balance",
        pick("Mass balance", "收购与出售平衡"),
        &table(&balance_sheet(case, &f.balance, lang), style),
    );
    section(
        &mut h,
        "players",
        pick("Key players", "关键人物"),
        &table(&players_sheet(g, &f.players), style),
    );
    section(
        &mut h,
        "provenance",
        pick("Where each link comes from", "每条交易关系的出处"),
        &table(&provenance::sheet(case, lang), style),
    );
    let _ = writeln!(
        h,
        "<footer>{} wildchain {}</footer><script>{}</script></body></html>",
        esc(pick("Written by", "生成工具：")),
        env!("CARGO_PKG_VERSION"),
        include_str!("sort.js")
    );
    w.write_all(h.as_bytes())?;
    Ok(())
}
