//! Near names ([`crate::case::near`]) where conclusions are drawn: a short block under the summary
//! of `analyze` and of the report page, the `near_names` array of `analyze --format json`, and
//! the aliases file `validate --write-aliases` drafts, every suggestion marked unconfirmed.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeSeq;

use super::Style;
use super::lang::Lang;
use super::validate::likeness;
use crate::analysis::Findings;
use crate::case::Case;
use crate::case::near::{NearKind, NearName, leads_touching, near_names};
use crate::ingest::party::UNCONFIRMED;
use crate::ingest::text::shown;

/// Near names shown in the text block; JSON has them all.
pub const SHOWN: usize = 10;

/// The near names of a case and, for each, the leads that name its parties or species, by the
/// numbers the leads tables show (a party's findings share one, see
/// [`crate::analysis::leads::Lead::group`]), in order, each once.
pub struct Near<'a> {
    pub case: &'a Case,
    pub names: Vec<NearName>,
    pub leads: Vec<Vec<usize>>,
}

impl<'a> Near<'a> {
    /// The near names of the findings' case, with the leads of the findings they touch.
    pub fn of(f: &'a Findings) -> Near<'a> {
        let names = near_names(&f.case.data);
        // The line of quiet sources has no number in the tables: it is not pointed to.
        let listed: Vec<&crate::analysis::leads::Lead> = (f.leads.iter())
            .filter(|l| l.kind() != crate::analysis::leads::LeadKind::QuietSources)
            .collect();
        let leads = leads_touching(
            &names,
            (listed.iter()).map(|l| (l.parties.as_slice(), l.species.as_slice())),
        )
        .into_iter()
        .map(|ranks| {
            let mut numbers: Vec<usize> = (ranks.into_iter())
                .map(|r| listed[r].group as usize)
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            numbers
        })
        .collect();
        Near {
            case: f.case,
            names,
            leads,
        }
    }
}

/// One near name as JSON: `kind`, `why`, `alias`, `canonical`, the rows of each and together,
/// the `parties` it touches (names) and the `leads` that name it (their numbers, as `lead` in the
/// leads' JSON).
struct NearView<'a> {
    case: &'a Case,
    near: &'a NearName,
    leads: &'a [usize],
}

impl Serialize for NearView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let n = self.near;
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry("kind", &n.kind)?;
        m.serialize_entry("why", &n.why)?;
        m.serialize_entry("alias", &n.alias)?;
        m.serialize_entry("canonical", &n.canonical)?;
        m.serialize_entry("alias_rows", &n.alias_rows)?;
        m.serialize_entry("canonical_rows", &n.canonical_rows)?;
        m.serialize_entry("rows", &(n.alias_rows + n.canonical_rows))?;
        let parties: Vec<&str> = (n.parties.iter())
            .map(|&p| self.case.data.parties[p as usize].as_str())
            .collect();
        m.serialize_entry("parties", &parties)?;
        m.serialize_entry("leads", self.leads)?;
        m.end()
    }
}

impl Serialize for Near<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.names.len()))?;
        for (near, leads) in self.names.iter().zip(&self.leads) {
            seq.serialize_element(&NearView {
                case: self.case,
                near,
                leads,
            })?;
        }
        seq.end()
    }
}

impl Near<'_> {
    /// The heading and one line per near name (at most [`SHOWN`], then how many more), and a line
    /// on aliases read but not applied; empty when there is nothing to say.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let unconfirmed = self.case.data.aliases.unconfirmed();
        if self.names.is_empty() && unconfirmed.is_empty() {
            return Vec::new();
        }
        let zh = lang == Lang::Zh;
        let mut out = Vec::new();
        if !self.names.is_empty() {
            out.push(
                lang.pick(
                    "Probable duplicates, not merged (confirm them in an --aliases file; validate --write-aliases FILE drafts one):",
                    "可能重复的名称，未合并（在 --aliases 别名文件中确认后合并；wildchain validate --write-aliases 文件 可起草该文件）：",
                )
                .to_string(),
            );
        }
        for (n, leads) in self.names.iter().zip(&self.leads).take(SHOWN) {
            let kind = match n.kind {
                NearKind::Party => lang.pick("party", "当事人"),
                NearKind::Species => lang.pick("species", "物种"),
            };
            let rows = n.alias_rows + n.canonical_rows;
            let ranks: Vec<String> = leads.iter().map(|r| format!("#{r}")).collect();
            let (alias, canonical) = (shown(&n.alias), shown(&n.canonical));
            let why = likeness(n.why, lang);
            out.push(if zh {
                let leads = match leads.len() {
                    0 => "无线索".to_string(),
                    k => format!("{k} 条线索（{}）", ranks.join("、")),
                };
                format!(
                    "  {kind} {alias} ~ {canonical}（{why}）：涉及 {rows} 行（{} + {}），{} 个交易对象，{leads}",
                    n.alias_rows,
                    n.canonical_rows,
                    n.parties.len()
                )
            } else {
                let leads = match leads.len() {
                    0 => "no lead".to_string(),
                    1 => format!("1 lead ({})", ranks.join(", ")),
                    k => format!("{k} leads ({})", ranks.join(", ")),
                };
                let parties = match n.parties.len() {
                    1 => "1 party".to_string(),
                    k => format!("{k} parties"),
                };
                format!(
                    "  {kind} {alias} ~ {canonical} ({why}): touches {rows} {} ({} + {}), {parties}, {leads}",
                    if rows == 1 { "row" } else { "rows" },
                    n.alias_rows,
                    n.canonical_rows,
                )
            });
        }
        if self.names.len() > SHOWN {
            let more = self.names.len() - SHOWN;
            out.push(match zh {
                true => format!("  ……另有 {more} 项（--format json 列出全部）"),
                false => format!("  … and {more} more (--format json lists them all)"),
            });
        }
        if !unconfirmed.is_empty() {
            let rows: Vec<String> = unconfirmed.iter().map(|(r, _, _)| r.to_string()).collect();
            let k = unconfirmed.len();
            out.push(match zh {
                true => format!(
                    "别名文件中有 {k} 条标为 unconfirmed（未确认）的建议，未予采用（第 {} 行）：删去该标记即可采用。",
                    rows.join("、")
                ),
                false => format!(
                    "The aliases file has {k} suggestion{} marked unconfirmed, not applied (row{} {}): delete the mark to apply {}.",
                    if k == 1 { "" } else { "s" },
                    if k == 1 { "" } else { "s" },
                    rows.join(", "),
                    if k == 1 { "it" } else { "one" }
                ),
            });
        }
        out
    }

    /// The text block under the summary: a blank line, then [`Near::lines`]; nothing when empty.
    ///
    /// # Errors
    /// The writer fails.
    pub fn write(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let lines = self.lines(style.lang);
        if !lines.is_empty() {
            writeln!(w)?;
        }
        for l in lines {
            writeln!(w, "{l}")?;
        }
        Ok(())
    }

    /// The block as HTML for the report page's summary (a paragraph and a list, every name
    /// escaped); empty when there is nothing to say.
    pub fn html(&self, style: &Style) -> String {
        let lines = self.lines(style.lang);
        let Some((head, rest)) = lines.split_first() else {
            return String::new();
        };
        let esc = super::html::esc;
        let mut h = format!("<div class=\"near\"><p>{}</p><ul>", esc(head));
        for l in rest {
            let _ = write!(h, "<li>{}</li>", esc(l.trim_start()));
        }
        h.push_str("</ul></div>");
        h
    }
}

/// `1 row`, `2 rows`.
fn rows(n: u64) -> String {
    format!("{n} {}", if n == 1 { "row" } else { "rows" })
}

/// A name as a cell of the aliases file: quoted when it holds a comma, a quote or a line break,
/// or starts with `#` (which would make the line a comment).
fn cell(name: &str) -> String {
    if name.contains([',', '"', '\n', '\r']) || name.starts_with('#') {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name.to_string()
    }
}

/// Writes the aliases file `validate --write-aliases` drafts: comment lines (`#`) saying how to
/// confirm, the header `alias,canonical,status`, and for each party near name a comment with its
/// rows and why, then `alias,canonical,unconfirmed`: read and not applied by `--aliases` until
/// the analyst deletes the mark. Species near names are comments only: `--aliases` is for
/// parties (a species name is added to the `aliases_zh` of its row in a `--species-table` file).
///
/// # Errors
/// The writer fails.
pub fn write_aliases_draft(
    w: &mut dyn Write,
    near: &[NearName],
    sources: &[&str],
    lang: Lang,
) -> io::Result<()> {
    let files = shown(&sources.join(", ")).into_owned();
    let zh = lang == Lang::Zh;
    if zh {
        writeln!(
            w,
            "# wildchain validate --write-aliases 起草的别名文件，依据：{files}"
        )?;
        writeln!(
            w,
            "# 每条建议都标为 {UNCONFIRMED}（未确认）：--aliases 读取时不采用。确认一条，删去行末的 \",{UNCONFIRMED}\"；不同意，删去该行。"
        )?;
        writeln!(
            w,
            "# 然后用 --aliases 本文件 重新运行。以 # 开头的行是注释。"
        )?;
    } else {
        writeln!(
            w,
            "# Aliases drafted by wildchain validate --write-aliases from: {files}"
        )?;
        writeln!(
            w,
            "# Every suggestion is marked {UNCONFIRMED}: --aliases reads it and does not apply it. To confirm one, delete \",{UNCONFIRMED}\" at the end of its line; to refuse it, delete the line."
        )?;
        writeln!(
            w,
            "# Then run again with --aliases THIS_FILE. Lines starting with # are comments."
        )?;
    }
    writeln!(w, "alias,canonical,status")?;
    for n in near.iter().filter(|n| n.kind == NearKind::Party) {
        let why = likeness(n.why, lang);
        let (a, c) = (shown(&n.alias), shown(&n.canonical));
        match zh {
            true => writeln!(
                w,
                "# {a}（{} 行）~ {c}（{} 行）：{why}",
                n.alias_rows, n.canonical_rows
            )?,
            false => writeln!(
                w,
                "# {a} ({}) ~ {c} ({}): {why}",
                rows(n.alias_rows),
                rows(n.canonical_rows)
            )?,
        }
        writeln!(w, "{},{},{UNCONFIRMED}", cell(&n.alias), cell(&n.canonical))?;
    }
    let species: Vec<&NearName> = near
        .iter()
        .filter(|n| n.kind == NearKind::Species)
        .collect();
    if !species.is_empty() {
        writeln!(w, "#")?;
        match zh {
            true => writeln!(
                w,
                "# 物种（--aliases 只用于当事人：要把某个名称读作表中的物种，请在 --species-table 文件中该物种一行的 aliases_zh 里加上它）："
            )?,
            false => writeln!(
                w,
                "# Species (--aliases is for parties: to read a name as a species of the table, add it to the aliases_zh of that species' row in a --species-table file):"
            )?,
        }
    }
    for n in species {
        let (a, c) = (shown(&n.alias), shown(&n.canonical));
        match zh {
            true => writeln!(
                w,
                "# {UNCONFIRMED} 物种：{a}（{} 行，不在物种表中）~ {c}（{} 行）",
                n.alias_rows, n.canonical_rows
            )?,
            false => writeln!(
                w,
                "# {UNCONFIRMED} species: {a} ({}, not in the species table) ~ {c} ({})",
                rows(n.alias_rows),
                rows(n.canonical_rows)
            )?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::party::{Likeness, PartyAliases};

    fn party(alias: &str, canonical: &str) -> NearName {
        NearName {
            kind: NearKind::Party,
            why: Likeness::OneCharacter,
            alias: alias.into(),
            canonical: canonical.into(),
            alias_id: Some(0),
            canonical_id: Some(1),
            alias_rows: 1,
            canonical_rows: 5,
            parties: vec![],
        }
    }

    /// The draft read back applies nothing until a mark is deleted, then exactly that line.
    #[test]
    fn a_draft_applies_only_what_the_analyst_confirmed() {
        for lang in [Lang::En, Lang::Zh] {
            let near = [party("陈老版", "陈老板"), party("#x,\"y\"", "#x,\"z\"")];
            let mut out = Vec::new();
            write_aliases_draft(&mut out, &near, &["a.csv"], lang).unwrap();
            let text = String::from_utf8(out).unwrap();
            let a = PartyAliases::parse(&text, "draft.csv").unwrap();
            assert!(a.is_empty(), "{text}");
            assert_eq!(a.unconfirmed().len(), 2);
            assert_eq!(a.resolve("陈老版"), "陈老版");
            let confirmed = text.replace("陈老版,陈老板,unconfirmed", "陈老版,陈老板");
            let a = PartyAliases::parse(&confirmed, "draft.csv").unwrap();
            assert_eq!(a.resolve("陈老版"), "陈老板");
            assert_eq!(a.resolve("#x,\"y\""), "#x,\"y\"");
            assert_eq!(a.unconfirmed().len(), 1);
        }
    }
}
