//! `wildchain validate FILE…`: what wildchain understands of case files, without analysing them —
//! format, encoding, delimiter, sheet, header row, column mapping, accepted, approximate and
//! rejected rows (reasons grouped), species and party names. Exit 1 when any row is rejected.

use std::io::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{GlobalArgs, emit, ingest_options, no_dot, rejects_file, sources_of};
use crate::ingest::party::LikelyDuplicate;
use crate::ingest::rejects::{ReasonGroup, group_reasons};
use crate::ingest::species::ambiguity;
use crate::ingest::text::closest;
use crate::ingest::{self, Dataset, InputStats, NameMerge, SourceFormat};
use crate::render::table::write_pairs;
use crate::render::{Cell, Col, Format, Sheet, csv::write_csv, json::write_json};

/// Options of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The files to check (as --input; `-` is stdin). Without any, the --input files, or the
    /// embedded case.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SourceReport {
    name: String,
    #[serde(flatten)]
    format: SourceFormat,
}

#[derive(Debug, Serialize)]
struct UnknownSpecies {
    name: String,
    rows: u64,
    /// For a name left out of the table on purpose: what it may mean.
    ambiguous: Option<&'static str>,
    /// The closest names of the species table.
    closest: Vec<String>,
}

/// A species of the data the table knows: its taxon with rank and parent, and the product.
#[derive(Debug, Serialize)]
struct KnownSpecies {
    name: String,
    rows: u64,
    taxon: String,
    rank: Option<String>,
    parent: Option<String>,
    product: Option<String>,
    scientific_name: Option<String>,
}

#[derive(Debug, Serialize)]
struct SpeciesReport {
    /// Rows whose species the table knows.
    known_rows: u64,
    /// Each species of the data the table knows, by name.
    known: Vec<KnownSpecies>,
    unknown: Vec<UnknownSpecies>,
    merged: Vec<NameMerge>,
}

#[derive(Debug, Serialize)]
struct PartyReport {
    merged: Vec<NameMerge>,
    likely_duplicates: Vec<LikelyDuplicate>,
}

/// What `validate` reports, as JSON.
#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    /// Accepted rows whose weight or count is approximate.
    approx_rows: u64,
    /// Rows with no cell in any column read, skipped.
    blank_rows: u64,
    sources: Vec<SourceReport>,
    rejected: Vec<ReasonGroup>,
    species: SpeciesReport,
    parties: PartyReport,
}

fn report(data: &Dataset) -> Report {
    let table: Vec<&str> = data.species_table.chinese_names().collect();
    Report {
        input: data.stats,
        approx_rows: data.approx_rows,
        blank_rows: data.blank_rows,
        sources: data
            .sources
            .iter()
            .map(|s| SourceReport {
                name: s.name.clone(),
                format: s.format.clone(),
            })
            .collect(),
        rejected: group_reasons(data),
        species: SpeciesReport {
            known_rows: data.species_seen.known,
            known: known_species(data),
            unknown: data
                .species_seen
                .unknown
                .iter()
                .map(|(name, rows)| UnknownSpecies {
                    name: name.clone(),
                    rows: *rows,
                    ambiguous: ambiguity(name),
                    closest: closest(name, table.iter().copied(), 3)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                })
                .collect(),
            merged: data.species_seen.merged.clone(),
        },
        parties: PartyReport {
            merged: data.party_merges.clone(),
            likely_duplicates: data.likely_duplicates(true),
        },
    }
}

/// The species of the data the table knows, by name, with the rows of each.
fn known_species(data: &Dataset) -> Vec<KnownSpecies> {
    // A links file's record stands for its transactions.
    let links = data.records.links.as_ref().map(|l| &l.transactions);
    let mut rows = vec![0u64; data.species.len()];
    for (i, &sp) in data.records.species.iter().enumerate() {
        if let Some(n) = rows.get_mut(sp as usize) {
            *n += links.map_or(1, |t| u64::from(t[i]));
        }
    }
    let table = &data.species_table;
    data.species
        .iter()
        .zip(&data.labels)
        .zip(rows)
        .filter_map(|((name, label), rows)| {
            let t = table.taxon(*label);
            let row = table.row(label.taxon?);
            Some(KnownSpecies {
                name: name.clone(),
                rows,
                taxon: t.taxon?,
                rank: t.rank,
                parent: row.parent.clone(),
                product: t.product,
                scientific_name: t.scientific_name,
            })
        })
        .collect()
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "validate")?;
    let data = if args.files.is_empty() {
        // The --input files, the --links files, or the embedded case.
        super::read_inputs(g)?
    } else {
        if !g.links.is_empty() {
            return Err(super::UsageError(
                "validate FILE… reads case files: give links files as --links FILE only".into(),
            )
            .into());
        }
        ingest::load(&sources_of(&args.files), &ingest_options(g)?)?
    };
    rejects_file(g, &data)?;
    let r = report(&data);
    emit(g, |w| match g.format {
        Format::Json => write_json(&r, w),
        Format::Csv => write_csv(&findings(&r), w),
        _ => write_report(&r, w),
    })?;
    if r.input.rejected > 0 {
        bail!("{} of {} rows rejected", r.input.rejected, r.input.rows);
    }
    Ok(())
}

/// `1 row`, `2 rows`.
fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn or_dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_string())
}

fn columns_line(f: &SourceFormat) -> String {
    f.columns
        .iter()
        .map(|c| format!("{} ← {}", c.field, c.header))
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_line(f: &SourceFormat) -> String {
    match (&f.sheet, &f.delimiter) {
        (Some(sheet), _) => format!(
            "{}, sheet '{sheet}' (of: {}), header on row {}",
            f.kind,
            f.sheets.join(", "),
            f.header_row
        ),
        (None, Some(d)) => format!(
            "{} ({}), delimiter '{d}', header on line {}",
            f.kind,
            or_dash(&f.encoding),
            f.header_row
        ),
        (None, None) => f.kind.to_string(),
    }
}

fn write_report(r: &Report, w: &mut dyn Write) -> Result<()> {
    for s in &r.sources {
        writeln!(w, "{}", s.name)?;
        let mut pairs = vec![("  format", format_line(&s.format))];
        if !s.format.columns.is_empty() {
            pairs.push(("  columns", columns_line(&s.format)));
        }
        if s.format.first_row != 1 {
            pairs.push((
                "  rows",
                format!("numbered as in the sheet, from {}", s.format.first_row),
            ));
        }
        for n in &s.format.notes {
            pairs.push(("  note", n.clone()));
        }
        write_pairs(w, &pairs)?;
    }
    let i = &r.input;
    let mut rows = format!(
        "{} read, {} accepted ({} approximate), {} rejected",
        i.rows, i.accepted, r.approx_rows, i.rejected
    );
    if r.blank_rows > 0 {
        rows.push_str(&format!("; {} skipped", count(r.blank_rows, "blank row")));
    }
    writeln!(w)?;
    write_pairs(w, &[("rows", rows)])?;
    if !r.rejected.is_empty() {
        writeln!(w, "\nRejected rows, by reason")?;
        let mut s = Sheet::new(&[
            Col::new("rows", "rows"),
            Col::new("reason", "reason"),
            Col::new("example", "first example"),
        ]);
        for g in &r.rejected {
            s.push(vec![
                Cell::Int(g.rows),
                Cell::text(&g.reason),
                Cell::opt_text(g.examples.first().cloned()),
            ]);
        }
        s.write_table(w, crate::units::MassUnit::KG)?;
    }
    let sp = &r.species;
    writeln!(
        w,
        "\nSpecies: {} of species in the table, {} not in it",
        count(sp.known_rows, "row"),
        count(sp.unknown.len() as u64, "name")
    )?;
    for k in &sp.known {
        writeln!(
            w,
            "  {}: {} {}, parent {}, product {}{} ({})",
            k.name,
            k.rank.as_deref().unwrap_or("no rank"),
            k.taxon,
            k.parent.as_deref().unwrap_or("-"),
            k.product.as_deref().unwrap_or("-"),
            k.scientific_name
                .as_deref()
                .map(|n| format!(", {n}"))
                .unwrap_or_default(),
            count(k.rows, "row")
        )?;
    }
    for u in &sp.unknown {
        let hint = if let Some(m) = u.ambiguous {
            format!("; ambiguous, needs a species-level identification: {m}")
        } else if u.closest.is_empty() {
            String::new()
        } else {
            format!("; closest in the table: {}", u.closest.join(", "))
        };
        writeln!(
            w,
            "  not in the table: {} ({}){hint}",
            u.name,
            count(u.rows, "row")
        )?;
    }
    for m in &sp.merged {
        writeln!(
            w,
            "  read as {}: {} ({})",
            m.name,
            m.names.join(", "),
            count(m.rows.unwrap_or(0), "row")
        )?;
    }
    let p = &r.parties;
    writeln!(
        w,
        "\nParties: {} merged, {} not merged",
        count(
            p.merged.iter().map(|m| m.names.len() as u64).sum::<u64>(),
            "name"
        ),
        count(p.likely_duplicates.len() as u64, "likely duplicate")
    )?;
    for m in p.merged.iter().take(SHOWN) {
        writeln!(w, "  read as {}: {}", m.name, m.names.join(", "))?;
    }
    more(w, p.merged.len())?;
    for d in p.likely_duplicates.iter().take(SHOWN) {
        writeln!(
            w,
            "  maybe one party: {} ({})",
            d.names.join(" / "),
            d.why.describe()
        )?;
    }
    more(w, p.likely_duplicates.len())?;
    Ok(())
}

/// How many merges or likely duplicates the table shows (JSON and CSV list them all).
const SHOWN: usize = 50;

/// `  … and N more` under a list cut at [`SHOWN`].
fn more(w: &mut dyn Write, n: usize) -> Result<()> {
    if n > SHOWN {
        writeln!(
            w,
            "  … and {} more (--format json or csv lists them all)",
            n - SHOWN
        )?;
    }
    Ok(())
}

/// Every finding as one CSV row: `kind,subject,detail,rows`.
fn findings(r: &Report) -> Sheet {
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
        add("source", src.name.clone(), format_line(&src.format), None);
        add("columns", src.name.clone(), columns_line(&src.format), None);
        for n in &src.format.notes {
            add("note", src.name.clone(), n.clone(), None);
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
            d.why.describe().to_string(),
            None,
        );
    }
    s
}
