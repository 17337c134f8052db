//! `wildchain totals`: how much moved, per species, seller, buyer, month or link.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::shared::ByArg;
use super::{GlobalArgs, UsageError, emit, graph as case_graph, load, no_dot};
use crate::analysis::{By, Filter, totals};
use crate::ingest::date::parse_bound;
use crate::render::Style;
use crate::render::totals::{TotalViews, TotalsReport, totals_sheet_with_taxa};

/// Options of `totals`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to group by.
    #[arg(long, value_enum, default_value_t = ByArg::Species)]
    pub by: ByArg,
    /// Count only rows of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Count only rows where this party sells or buys.
    #[arg(long, value_name = "P")]
    pub party: Option<String>,
    /// Count only rows whose date reaches this day or later (a month means its first day; a row's
    /// month or range counts when it overlaps); rows of unknown date are then left out.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Count only rows whose date starts on or before this day (a month means its last day; a
    /// row's month or range counts when it overlaps); rows of unknown date are then left out.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "totals")?;
    let by_key = By::from(args.by);
    let bound = |s: &Option<String>, end: bool, flag: &str| -> Result<_> {
        s.as_deref()
            .map(|s| parse_bound(s, end).map_err(|e| UsageError(format!("--{flag}: {e}")).into()))
            .transpose()
    };
    let (from, to) = (
        bound(&args.from, false, "from")?,
        bound(&args.to, true, "to")?,
    );
    // A span that ends before it starts holds no row: said, not answered with an empty table.
    if let (Some(f), Some(t), Some(fs), Some(ts)) = (from, to, &args.from, &args.to)
        && f > t
    {
        return Err(UsageError(format!(
            "--from {fs} is after --to {ts}: no row can be in between"
        ))
        .into());
    }
    let mut filter = Filter {
        species: args.species.clone(),
        party: args.party.clone(),
        from,
        to,
    };
    let case = load(g, style)?;
    // Any name of the species table or alias of a party selects the name the data has.
    if let Some(s) = &args.species {
        filter.species = Some(case.species(s)?);
    }
    if let Some(p) = &args.party {
        let name = case.party_name(p);
        if case.data.party_id(&name).is_none() {
            // Not in the data: the graph says so, with the closest names.
            case_graph(&case, None).party(&case, p)?;
        }
        filter.party = Some(name);
    }
    let rows = crate::timing::stage("totals", || totals(&case, by_key, &filter));
    let by = by_key.name();
    let sheet = || totals_sheet_with_taxa(&rows, by);
    emit(g, |w| {
        style.print(
            w,
            || TotalsReport {
                input: case.data.stats,
                by,
                rows: TotalViews(&rows),
            },
            sheet,
            |w| {
                sheet().write_table(w, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
