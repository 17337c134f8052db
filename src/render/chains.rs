//! Chains for people and scripts: [`Chain`]s (node and link ids, from
//! [`crate::analysis::chains`]) with the graph's names, serialised without copying them.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::lang::Lang;
use super::{Cell, Col, Nodes, Sheet, Style};
use crate::analysis::{Chain, Chains};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;

/// Chains as JSON: a list of objects with the path by party names, the hops, the bottleneck and,
/// for time-ordered chains, the dates.
pub struct ChainViews<'a> {
    pub graph: &'a SupplyGraph,
    pub chains: &'a [Chain],
}

impl Serialize for ChainViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.chains.iter().map(|c| One(self.graph, c)))
    }
}

struct One<'a>(&'a SupplyGraph, &'a Chain);

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let One(g, c) = *self;
        let mut m = s.serialize_struct("Chain", 5)?;
        m.serialize_field("path", &Nodes(g, &c.path))?;
        // The species label the chain follows (absent when read as a network only).
        match c.species {
            Some(k) => m.serialize_field("species", g.species_name(k))?,
            None => m.skip_field("species")?,
        }
        m.serialize_field("hops", &c.hops())?;
        m.serialize_field("bottleneck_kg", &c.bottleneck_kg())?;
        // Time-ordered chains only: one witnessing date per link (null where it is unknown).
        match &c.dates {
            Some(dates) => m.serialize_field("dates", dates)?,
            None => m.skip_field("dates")?,
        }
        m.end()
    }
}

/// The JSON of `wildchain chains`.
#[derive(Serialize)]
pub struct ChainsReport<'a> {
    pub input: InputStats,
    pub chains: ChainViews<'a>,
    pub truncated: bool,
    /// The search stopped after its work budget: more chains may exist.
    pub cut: bool,
}

/// The chains as a sheet (the path joined with ` > `), with the species each follows unless they
/// were read as a network only.
pub fn chains_sheet(g: &SupplyGraph, chains: &[Chain]) -> Sheet {
    let by_species = chains.iter().any(|c| c.species.is_some());
    let mut s = Sheet::new(&[Col::new("path", "chain")]);
    if by_species {
        s.columns.push(Col::new("species", "species"));
    }
    s.columns.push(Col::new("hops", "hops"));
    s.columns.push(Col::new("bottleneck_kg", "bottleneck"));
    let timed = chains.iter().any(|c| c.dates.is_some());
    if timed {
        s.columns.push(Col::new("dates", "dates"));
    }
    for c in chains {
        let mut row = vec![Cell::text(Nodes(g, &c.path).join(" > "))];
        if by_species {
            row.push(match c.species {
                Some(k) => Cell::text(g.species_name(k)),
                None => Cell::Empty,
            });
        }
        row.push(Cell::Int(c.hops() as u64));
        row.push(Cell::Kg(c.bottleneck_kg()));
        if let Some(dates) = &c.dates {
            let d: Vec<String> = dates
                .iter()
                .map(|d| d.map_or("?".to_string(), |d| d.to_string()))
                .collect();
            row.push(Cell::text(d.join(" > ")));
        } else if timed {
            row.push(Cell::Empty);
        }
        s.push(row);
    }
    s
}

/// ` (more exist; raise --limit)` when the chains were cut at the limit, or what to do when the
/// search was cut after its work budget.
pub fn more_exist(found: &Chains, lang: Lang) -> &'static str {
    if found.cut {
        lang.pick(
            " (search cut after its work budget: more may exist; narrow it with --species or --network)",
            "（搜索达到工作量上限而中止：可能还有更多；可用 --species 或 --network 缩小范围）",
        )
    } else if found.truncated {
        lang.pick(
            " (more exist; raise --limit)",
            "（还有更多；可增大 --limit）",
        )
    } else {
        ""
    }
}

/// Writes the table of `wildchain chains`: how many, then the chains.
pub fn write_chains(
    w: &mut dyn Write,
    g: &SupplyGraph,
    found: &Chains,
    style: &Style,
) -> io::Result<()> {
    let n = found.chains.len();
    let more = more_exist(found, style.lang);
    if style.zh() {
        writeln!(w, "{n} 条链条{more}")?;
    } else {
        writeln!(w, "{n} chains{more}")?;
    }
    chains_sheet(g, &found.chains).write_table(w, style)
}

/// Chains the text report of `analyze` shows (the heaviest first); JSON and `wildchain chains` have
/// them all.
pub const CHAINS_SHOWN: usize = 25;

/// The chains section of a text report: the title with how many were found, the first `shown`,
/// then how many more were found and where they are, when some were left out.
pub fn write_chains_section(
    w: &mut dyn Write,
    g: &SupplyGraph,
    found: &Chains,
    shown: usize,
    style: &Style,
) -> io::Result<()> {
    let n = found.chains.len();
    writeln!(
        w,
        "{}{n}{}",
        style.lang.pick("Chains: ", "供应链："),
        more_exist(found, style.lang)
    )?;
    let cut = shown.min(n);
    chains_sheet(g, &found.chains[..cut]).write_table(w, style)?;
    if cut < n {
        writeln!(w, "{}", more_chains(n - cut, style.lang))?;
    }
    Ok(())
}

/// `… N more chains (every one in `wildchain chains` and the JSON)`, in `lang`.
pub fn more_chains(more: usize, lang: Lang) -> String {
    let n = more;
    match lang {
        Lang::Zh => format!("… 另有 {n} 条供应链（全部见 wildchain chains 及 JSON 输出）"),
        Lang::En => format!("… {n} more chains (every one in wildchain chains and the JSON)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::chains;
    use crate::analysis::tests::{graph_of, ladder};

    fn section(found: &Chains, g: &SupplyGraph, shown: usize, lang: Lang) -> String {
        let style = Style {
            lang,
            ..Style::default()
        };
        let mut out = Vec::new();
        write_chains_section(&mut out, g, found, shown, &style).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_report_shows_the_first_chains_and_says_how_many_more() {
        // 3 layers of 3, each party linked to all of the next: 27 chains.
        let g = graph_of(&ladder(3, 3));
        let found = chains(&g, None, 100);
        assert_eq!(found.chains.len(), 27);
        let en = section(&found, &g, 4, Lang::En);
        let lines: Vec<&str> = en.lines().collect();
        // Title, header, 4 chains, the note.
        assert_eq!(lines.len(), 7, "{en}");
        assert_eq!(lines[0], "Chains: 27");
        assert!(lines[6].contains("23 more chains"), "{en}");
        let zh = section(&found, &g, 4, Lang::Zh);
        assert!(zh.starts_with("供应链：27"), "{zh}");
        assert!(
            zh.lines().last().unwrap().contains("另有 23 条供应链"),
            "{zh}"
        );
        // All shown: no note.
        let all = section(&found, &g, 30, Lang::En);
        assert_eq!(all.lines().count(), 29, "{all}");
        assert!(!all.contains("more"), "{all}");
    }
}
