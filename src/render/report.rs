//! The case report of `analyze`, for people (a text report) and scripts (one JSON document): what
//! each analysis found, as facts, turned into names and words while it is written.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::balance::BalanceViews;
use super::chains::ChainViews;
use super::leads::{LeadViews, leads_sheet};
use super::networks::{CycleViews, NETWORK_COLUMNS, NetworkViews, network_row, write_cycles};
use super::parties::{PARTY_COLUMNS, PartyViews, party_row};
use super::players::PlayerViews;
use super::summary::Summary;
use super::table::{write_pairs, write_rows};
use super::totals::{TotalViews, totals_sheet};
use super::{Cell, Col, Style};
use crate::analysis::{Findings, Player};

/// Leads shown in the text report; JSON has them all.
pub const LEADS_SHOWN: usize = 15;

/// The whole report as JSON; lead sentences read in the style's language and unit, figures are
/// in kg.
pub struct Report<'a> {
    pub findings: &'a Findings<'a>,
    pub style: &'a Style,
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.findings;
        let (case, graph) = (f.case, &f.graph);
        let mut m = s.serialize_struct("Report", 10)?;
        m.serialize_field("input", &case.data.stats)?;
        m.serialize_field("summary", &Summary::of(f))?;
        // The parties file's notes and further columns only when there is one, so that other
        // reports keep their shape.
        let views = PartyViews {
            graph,
            parties: &f.parties,
        };
        if case.data.parties_file.is_some() {
            let facts = super::export::PartyFacts::of(&case.data, graph);
            m.serialize_field(
                "parties",
                &super::parties::PartyViewsWith {
                    views,
                    facts: &facts,
                },
            )?;
        } else {
            m.serialize_field("parties", &views)?;
        }
        m.serialize_field(
            "chains",
            &ChainViews {
                graph,
                chains: &f.chains.chains,
            },
        )?;
        m.serialize_field("species", &TotalViews(&f.species))?;
        m.serialize_field(
            "networks",
            &NetworkViews {
                graph,
                networks: &f.networks,
            },
        )?;
        m.serialize_field(
            "cycles",
            &CycleViews {
                graph,
                cycles: &f.cycles,
            },
        )?;
        m.serialize_field(
            "players",
            &PlayerViews {
                graph,
                players: &f.players,
                brokerage: None,
            },
        )?;
        m.serialize_field(
            "balance",
            &BalanceViews {
                case,
                rows: &f.balance,
                lang: self.style.lang,
            },
        )?;
        m.serialize_field(
            "leads",
            &LeadViews {
                case,
                leads: &f.leads,
                style: self.style,
            },
        )?;
        // Money only when the case says what was paid, so that other reports keep their shape.
        if !f.money.is_empty() {
            m.serialize_field("money", &super::value::MoneyViews(case, &f.money))?;
        }
        if !f.prices.is_empty() {
            m.serialize_field("value_chain", &super::value::PricesViews(case, &f.prices))?;
        }
        // Near names only when there are some, so that other reports keep their shape.
        let near = super::near::Near::of(f);
        if !near.names.is_empty() {
            m.serialize_field("near_names", &near)?;
        }
        // Places only when some party's province is known, so that other reports keep their shape.
        if let Some(p) = super::places::AnalyzePlaces::of(f) {
            m.serialize_field("places", &p)?;
        }
        m.end()
    }
}

/// Writes the text report: the case in figures, the first [`LEADS_SHOWN`] leads, the parties
/// upstream first, the chains, the species, and the networks and cycles when there are any;
/// in the style's language and unit.
///
/// # Errors
/// The writer fails.
pub fn write_report(w: &mut dyn Write, f: &Findings, style: &Style) -> io::Result<()> {
    let case = f.case;
    let g = &f.graph;
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let names: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
    let names = crate::render::lang::file_name(&names.join(", "), style.lang).into_owned();
    let names = crate::ingest::text::shown(&names).into_owned();
    writeln!(w, "{}{names}", pick("Case: ", "案件："))?;
    write_pairs(w, &Summary::of(f).lines(style))?;
    super::near::Near::of(f).write(w, style)?;

    writeln!(w, "\n{}", pick("Leads", "线索"))?;
    if f.leads.is_empty() {
        writeln!(w, "  {}", pick("none", "无"))?;
    } else {
        leads_sheet(case, &f.leads, LEADS_SHOWN, style).write_table(w, style)?;
    }
    if let Some(more) = super::leads::more_leads_line(&f.leads, LEADS_SHOWN, style) {
        writeln!(w, "{more}")?;
    }

    writeln!(
        w,
        "\n{}",
        pick("Parties (upstream first)", "当事人（上游在前）")
    )?;
    let mut columns = PARTY_COLUMNS.to_vec();
    columns.push(Col::new("chain_share", "chain share"));
    columns.push(Col::new("labels", "labels"));
    let mut player_of: Vec<Option<&Player>> = vec![None; g.node_count()];
    for q in &f.players {
        player_of[q.party.index()] = Some(q);
    }
    // Row by row, never the whole sheet (two million parties: about 900 MB).
    let party_rows = || {
        f.parties.iter().map(|p| {
            let mut row = party_row(g, p);
            let player = player_of[p.party.index()];
            row.push(Cell::text(
                player.map_or(String::new(), |q| super::percent(q.chain_share)),
            ));
            row.push(Cell::text(player.map_or(String::new(), |q| {
                crate::render::players::label_keys(&q.labels)
            })));
            row
        })
    };
    write_rows(w, style, &columns, party_rows)?;
    drop(player_of);
    if !f.money.is_empty() {
        writeln!(
            w,
            "\n{}",
            pick(
                "Money (what each party spent and received; margin = what the goods it sold brought in − what those goods cost at its buying price; unsold stock at cost apart)",
                "资金（各当事人支出与收入；差价 = 已售货物的收入 − 这些货物按其收购价的成本；未售存货按成本另列）"
            )
        )?;
        super::value::money_sheet(case, &f.money, style.lang).write_table(w, style)?;
    }
    if !f.prices.is_empty() {
        writeln!(w, "\n{}", pick("Value chain", "价值链"))?;
        super::value::prices_sheet(case, &f.prices, style).write_table(w, style)?;
    }

    writeln!(w)?;
    super::chains::write_chains_section(w, g, &f.chains, super::chains::CHAINS_SHOWN, style)?;

    writeln!(w, "\n{}", pick("Species", "物种"))?;
    totals_sheet(&f.species, "species").write_table(w, style)?;
    if let Some(p) = super::places::AnalyzePlaces::of(f) {
        p.write(w, style)?;
    }

    if f.networks.len() > 1 {
        writeln!(
            w,
            "\n{}",
            pick(
                "Networks (--network K restricts any command to one)",
                "网络（--network K 把任何命令限于其一）"
            )
        )?;
        // Row by row, never the whole sheet (900,000 networks: about 300 MB).
        let rows = || (f.networks.iter().enumerate()).map(|(k, n)| network_row(g, k, n));
        write_rows(w, style, &NETWORK_COLUMNS, rows)?;
    }
    if !f.cycles.is_empty() {
        writeln!(w, "\n{}", pick("Cycles", "循环"))?;
        write_cycles(w, g, &f.cycles)?;
    }
    writeln!(
        w,
        "\n{}",
        pick(
            "More: wildchain balance · players · networks · chains --temporal · report -o case.html · dot --render svg -o case.svg",
            "更多：wildchain balance · players · networks · chains --temporal · report -o case.html · dot --render svg -o case.svg",
        )
    )?;
    Ok(())
}
