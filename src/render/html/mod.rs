//! The case report as one self-contained HTML page (`wildchain report`), a document for the case
//! file: a header (case, analyst, time, version, the SHA-256 of every input), the case in figures,
//! the overview picture and the top leads on the first screen, a picture around each top lead's
//! party, then data quality, money, value, networks and cycles, parties, chains, species,
//! balance, players and the rows and sources each link comes from. No network access, no external
//! script or font; every name is HTML-escaped; prints on A4. Figures follow one rule
//! ([`group_figures`]: thousands separators from four digits on, as the lead sentences) and shares one ([`percent`]).

mod charts;
pub mod header;
pub mod places;
mod provenance;
mod quality;

use std::fmt::Write as _;
use std::io::{self, Write};

use super::balance::balance_sheet;
use super::chains::chains_sheet;
use super::dot::picture::DrawError;
use super::lang::Lang;
use super::leads::leads_sheet;
use super::networks::networks_sheet;
use super::parties::parties_sheet;
use super::players::players_sheet;
use super::summary::Summary;
use super::totals::totals_sheet;
use super::{Cell, Nodes, Sheet, Style, group_figures, percent};
use crate::analysis::value::{BaseValues, PartyValue};
use crate::analysis::{Findings, TotalRow};
use header::{Header, header_html};

/// Rows shown at most in each table of the page (the command line and JSON have them all).
pub const TABLE_ROWS: usize = 500;

/// Leads shown on the first screen; a note says how many more there are.
pub const LEADS_SHOWN: usize = 10;

/// What the page shows beyond the findings.
pub struct Page<'a> {
    pub findings: &'a Findings<'a>,
    /// The language of the page and the unit of its weights.
    pub style: &'a Style,
    /// Case, analyst, time and the hashes of the inputs.
    pub header: Header,
    /// The network diagram as SVG, or why there is none.
    pub diagram: std::result::Result<String, DrawError>,
    /// A small picture around each party of the top leads: its name and the SVG, or why there is
    /// none.
    pub lead_pictures: Vec<(String, std::result::Result<String, DrawError>)>,
    /// What checking the data found (refused rows, unknown species, names alike).
    pub quality: crate::case::validate::Findings,
    /// The case value per party under 法释〔2022〕12号, with the base values (`--values`).
    pub values: Option<(Vec<PartyValue>, BaseValues)>,
    /// Totals per month of the species charted (the heaviest few), by species name.
    pub monthly: Vec<(String, Vec<TotalRow>)>,
    /// The body of the "Places" section (see [`places::places_html`]), when some place is known.
    pub places: Option<String>,
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
    // A column is numeric when any of its cells is a number (a sum of money too); its `-` and
    // `unknown` align right too.
    let numeric: Vec<bool> = (0..s.columns.len())
        .map(|i| {
            s.rows.iter().any(|r| {
                matches!(
                    r.get(i),
                    Some(Cell::Kg(_) | Cell::Int(_) | Cell::Num(_) | Cell::Yuan(_) | Cell::Fen(_))
                )
            })
        })
        .collect();
    // Terms the analyses name things by (roles, kinds, statuses, labels) read in the language.
    let terms: Vec<bool> = s
        .columns
        .iter()
        .map(|c| matches!(c.key, "role" | "kind" | "status" | "labels"))
        .collect();
    // Shares read as percentages, as everywhere in the report.
    let shares: Vec<bool> = s.columns.iter().map(|c| c.key.ends_with("share")).collect();
    for row in s.rows.iter().take(TABLE_ROWS) {
        h.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let numeric = numeric.get(i).copied().unwrap_or(false);
            let text = match c {
                Cell::Text(t) if terms.get(i) == Some(&true) => esc(&style.lang.words(t)),
                Cell::Num(Some(x)) if shares.get(i) == Some(&true) => esc(&percent(*x)),
                c if numeric => esc(&group_figures(&human_cell(c, style))),
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
                false => group_figures(&format!(
                    "… and {} more rows (the command line lists them all)",
                    s.rows.len() - TABLE_ROWS
                )),
                true => group_figures(&format!(
                    "……另有 {} 行（命令行可列出全部）",
                    s.rows.len() - TABLE_ROWS
                )),
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

/// An SVG drawn by Graphviz as inline HTML, or why there is none.
fn figure(svg: &std::result::Result<String, DrawError>, class: &str, lang: Lang) -> String {
    match svg {
        Ok(svg) => format!("<figure class=\"{class}\">{svg}</figure>"),
        Err(why) => format!("<p class=\"note\">{}</p>", no_diagram(why, lang)),
    }
}

/// Writes the page.
///
/// # Errors
/// The writer fails.
pub fn write_page(w: &mut dyn Write, p: &Page) -> io::Result<()> {
    let f = p.findings;
    let (case, g, style) = (f.case, &f.graph, p.style);
    let lang = style.lang;
    let zh = style.zh();
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let files: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
    let files = crate::render::lang::file_name(&files.join(", "), style.lang).into_owned();
    let heading = pick("Case report", "案件分析报告");
    let title = p.header.case.as_deref().unwrap_or(&files);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · {}</title><style>{}</style></head><body>",
        lang.html(),
        esc(heading),
        esc(title),
        include_str!("page.css")
    );
    h.push_str(&header_html(&p.header, style));

    // The first screen: the case in figures and the top leads beside the overview.
    h.push_str("<div class=\"first\"><div class=\"first-text\">");
    let summary = Summary::of(f);
    let mut dl = String::from("<dl class=\"facts\">");
    for (k, v) in summary.lines(style) {
        let _ = write!(
            dl,
            "<dt>{}</dt><dd>{}</dd>",
            esc(k),
            esc(&group_figures(&v))
        );
    }
    dl.push_str("</dl>");
    dl.push_str(&super::near::Near::of(f).html(style));
    section(&mut h, "summary", pick("Summary", "概况"), &dl);
    let mut leads = if f.leads.is_empty() {
        format!("<p>{}</p>", pick("none", "无"))
    } else {
        table(&leads_sheet(case, &f.leads, LEADS_SHOWN, style), style)
    };
    // The quiet sources' line is shown, not left out.
    let more = super::leads::leads_left_out(&f.leads, LEADS_SHOWN);
    if more > 0 {
        let _ = write!(
            leads,
            "<p class=\"note more\">{}</p>",
            esc(&group_figures(&match zh {
                false => format!(
                    "… and {more} more leads (wildchain analyze --format json lists them all)"
                ),
                true => format!("……另有 {more} 条线索（wildchain analyze --format json 列出全部）"),
            }))
        );
    }
    section(&mut h, "leads", pick("Top leads", "主要线索"), &leads);
    h.push_str("</div><div class=\"first-picture\">");
    section(
        &mut h,
        "network",
        pick("Network overview", "交易网络概览"),
        &figure(&p.diagram, "diagram", lang),
    );
    h.push_str("</div></div>");

    if !p.lead_pictures.is_empty() {
        let mut pics = String::from("<div class=\"around\">");
        for (name, svg) in &p.lead_pictures {
            let _ = write!(
                pics,
                "<div class=\"around-one\"><h3>{}</h3>{}</div>",
                esc(&match zh {
                    false => format!("{name}: suppliers and customers"),
                    true => format!("{name}的上家与下家"),
                }),
                figure(svg, "diagram small", lang)
            );
        }
        pics.push_str("</div>");
        section(
            &mut h,
            "around-leads",
            pick(
                "Around the parties of the top leads",
                "主要线索当事人的上下家",
            ),
            &pics,
        );
    }

    if let Some(body) = &p.places {
        section(&mut h, "places", pick("Places", "地域"), body);
    }

    section(
        &mut h,
        "data-quality",
        pick("Data quality", "数据质量"),
        &quality::quality_html(
            &p.quality,
            summary.unknown_weight,
            summary.transactions,
            style,
        ),
    );

    let money = if f.money.is_empty() {
        format!(
            "<p>{}</p>",
            esc(pick(
                "The case records no prices or sums paid.",
                "本案数据没有记录价格或金额。"
            ))
        )
    } else {
        let mut m = table(&super::value::money_sheet(case, &f.money, lang), style);
        if !f.prices.is_empty() {
            let _ = write!(
                m,
                "<h3>{}</h3>{}",
                esc(pick("Value chain", "价值链")),
                table(&super::value::prices_sheet(case, &f.prices, style), style)
            );
        }
        m
    };
    section(
        &mut h,
        "money",
        pick("Money and the value chain", "资金与价值链"),
        &money,
    );

    if let Some((rows, base)) = &p.values {
        let mut v = table(&super::value::value_sheet(case, rows, base, lang), style);
        let (en, zh_text) = super::value::NOT_A_FINDING;
        let _ = write!(v, "<p class=\"note\">{}</p>", esc(pick(en, zh_text)));
        section(
            &mut h,
            "value",
            pick("Case value (法释〔2022〕12号)", "案值（法释〔2022〕12号）"),
            &v,
        );
    }

    let mut nets = String::new();
    let _ = write!(
        nets,
        "<p>{}</p>",
        esc(&group_figures(&match zh {
            false => format!(
                "{} separate network(s); wildchain --network K restricts any command to one.",
                f.networks.len()
            ),
            true => format!(
                "{} 个独立网络；wildchain --network K 可将任一命令限于其中一个。",
                f.networks.len()
            ),
        }))
    );
    nets.push_str(&table(&networks_sheet(g, &f.networks), style));
    let _ = write!(
        nets,
        "<h3 id=\"cycles\">{}</h3>",
        esc(pick("Cycles", "循环"))
    );
    if f.cycles.is_empty() {
        let _ = write!(nets, "<p>{}</p>", esc(pick("none", "无")));
    } else {
        nets.push_str("<ol class=\"cycles\">");
        for c in &f.cycles {
            let mut names = Nodes(g, c).join(" → ");
            if let Some(&first) = c.first() {
                names.push_str(" → ");
                names.push_str(g.name(first));
            }
            let _ = write!(nets, "<li>{}</li>", esc(&names));
        }
        nets.push_str("</ol>");
    }
    section(
        &mut h,
        "networks",
        pick("Networks and cycles", "独立网络与循环"),
        &nets,
    );

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
    let chains = match zh {
        false => format!("Chains: {}", f.chains.chains.len()),
        true => format!("供应链：{} 条", f.chains.chains.len()),
    };
    section(
        &mut h,
        "chains",
        &group_figures(&chains),
        &table(&chains_sheet(g, &f.chains.chains), style),
    );

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
        pick(
            "Where each link comes from (rows and sources)",
            "每条交易关系的出处（行号与来源）",
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::table::Col;

    #[test]
    fn money_columns_sort_as_numbers_and_align_right() {
        let mut s = Sheet::new(&[
            Col::new("party", "party"),
            Col::new("paid_yuan", "paid"),
            Col::new("value_yuan", "value"),
        ]);
        s.push(vec![
            Cell::text("丁某某"),
            Cell::Fen(Some(1_200_000_000)),
            Cell::Yuan(Some(80.5)),
        ]);
        s.push(vec![
            Cell::text("朱某某"),
            Cell::Fen(None),
            Cell::Yuan(None),
        ]);
        let h = table(&s, &Style::default());
        // Sorted by the exact figure, not by the text shown (`12,000,000`).
        assert!(
            h.contains(&format!(
                "<td class=\"num\" data-sort=\"{}\">",
                Cell::Fen(Some(1_200_000_000)).raw()
            )),
            "{h}"
        );
        assert!(h.contains("<td class=\"num\" data-sort=\"80.5\">"), "{h}");
        // Unknown sums align right and sort apart from the figures.
        assert_eq!(
            h.matches("<td class=\"num\" data-sort=\"\">").count(),
            2,
            "{h}"
        );
        assert!(h.contains("<td>丁某某</td>"), "{h}");
    }
}
