//! Rejected rows for people: the rejects file (every rejected row with its reasons and original
//! cells) and the reasons grouped by kind, as `validate` reports them.

use std::collections::HashMap;

use crate::ingest::error::Result;
use serde::Serialize;

use polars::prelude::*;

use super::read::ROW_INDEX;
use crate::ingest::cell::reason::{Column as Field, Kind, Reason};
use crate::ingest::open::numbered::past_header;
use crate::ingest::open::{Origin, scan_parquet};
use crate::ingest::{CellProblem, Dataset, Kept, Reject, SourceInfo};

/// What a line of the rejects file is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    Refused(&'a Reject),
    Cell(&'a CellProblem),
}

impl Line<'_> {
    fn at(&self) -> (usize, u64) {
        match self {
            Line::Refused(r) => (r.source, r.row),
            Line::Cell(p) => (p.source, p.row),
        }
    }

    /// The `problem` column: `refused`, `total_line` (a refused row that is a total line), or
    /// `unknown_cell` (the row is kept, this cell is unknown).
    fn problem(&self) -> &'static str {
        match self {
            Line::Refused(r)
                if r.reasons.len() == 1 && matches!(r.reasons[0].kind, Kind::TotalLine { .. }) =>
            {
                "total_line"
            }
            Line::Refused(_) => "refused",
            Line::Cell(_) => "unknown_cell",
        }
    }

    fn reason(&self) -> String {
        match self {
            Line::Refused(r) => r.reason().to_string(),
            Line::Cell(p) => match p.kept {
                Kept::Month(m) => format!("{} (kept: the month {m})", p.reason),
                Kept::UnknownSpecies => {
                    format!("{} (kept as {})", p.reason, crate::ingest::UNKNOWN_SPECIES)
                }
                Kept::Unknown => p.reason.to_string(),
            },
        }
    }
}

/// Writes every refused row and every cell problem as CSV: `file,row,problem,reason` followed by
/// the row's original cells (the header of the first source names them), each cell guarded
/// against formulas unless `raw_csv`. `problem` is `refused` or `total_line` for a row left out,
/// `unknown_cell` for a cell of a kept row that could not be read (one line per cell, its reason
/// naming the column and the value). Lines are in (file, row) order.
///
/// # Complexity
/// Re-reads only sources that have such rows, streaming, once each.
pub fn write_rejects(ds: &Dataset, out: impl std::io::Write, raw_csv: bool) -> Result<()> {
    let cell = |c: &str| -> String {
        if raw_csv {
            c.to_string()
        } else {
            crate::ingest::cell::text::formula_safe(c).into_owned()
        }
    };
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let mut header = vec![
        "file".to_string(),
        "row".to_string(),
        "problem".to_string(),
        "reason".to_string(),
    ];
    header.extend(
        ds.sources
            .first()
            .map(|s| s.header.clone())
            .unwrap_or_default(),
    );
    w.write_record(header.iter().map(|c| cell(c)))?;
    // Both lists are in (source, row) order: merged, a refused row before a kept one (a row is
    // never both).
    let mut lines: Vec<Line> = Vec::with_capacity(ds.rejects.len() + ds.problems.len());
    let (mut a, mut b) = (ds.rejects.iter().peekable(), ds.problems.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(r), Some(p)) if (r.source, r.row) <= (p.source, p.row) => {
                a.next().map(Line::Refused)
            }
            (_, Some(_)) => b.next().map(Line::Cell),
            (Some(_), None) => a.next().map(Line::Refused),
            (None, None) => None,
        };
        match next {
            Some(l) => lines.push(l),
            None => break,
        }
    }
    let mut i = 0;
    while i < lines.len() {
        let source = lines[i].at().0;
        let info = &ds.sources[source];
        let end = lines[i..]
            .iter()
            .position(|l| l.at().0 != source)
            .map_or(lines.len(), |k| i + k);
        let mut rows: Vec<u64> = lines[i..end].iter().map(|l| l.at().1).collect();
        rows.dedup();
        let found = original_cells(info, &rows)?;
        let mut k = 0;
        for l in &lines[i..end] {
            let row = l.at().1;
            let mut record = vec![
                info.name.clone(),
                row.to_string(),
                l.problem().to_string(),
                l.reason(),
            ];
            while found.get(k).is_some_and(|(r, _)| *r < row) {
                k += 1;
            }
            if let Some((r, c)) = found.get(k)
                && *r == row
            {
                record.extend(c.iter().cloned());
            }
            w.write_record(record.iter().map(|c| cell(c)))?;
        }
        i = end;
    }
    w.flush()?;
    Ok(())
}

/// The rows among `blank` (blank in every column read: (source, row), in order) that have text in a
/// column not read, as rejected rows: a row whose only text is a note is not a transaction, but
/// dropping it unseen would lose what may be a transaction typed into the wrong column (or a
/// subtotal, or a remark the analyst should read), so it is counted, listed in the rejects file
/// with its cells, and stops `--strict`. Its reasons are those of any row without names: the
/// seller, buyer and species are empty.
///
/// # Complexity
/// Nothing unless a source has blank rows and columns not read; then streams that source once,
/// up to its last blank row.
pub(super) fn text_not_read(sources: &[SourceInfo], blank: &[(usize, u64)]) -> Result<Vec<Reject>> {
    let mut out = Vec::new();
    for (k, info) in sources.iter().enumerate() {
        let read = info.format.columns.len();
        if info.header.len() <= read {
            continue;
        }
        let rows: Vec<u64> = blank
            .iter()
            .filter(|(s, _)| *s == k)
            .map(|&(_, r)| r)
            .collect();
        if rows.is_empty() {
            continue;
        }
        for (row, cells) in original_cells(info, &rows)? {
            if cells.iter().any(|c| !c.trim().is_empty()) {
                out.push(Reject {
                    source: k,
                    row,
                    reasons: [Field::Seller, Field::Buyer, Field::Species]
                        .map(|c| Reason::new(c, Kind::Empty))
                        .to_vec(),
                });
            }
        }
    }
    Ok(out)
}

/// The cells of some rows of a source, as text, for the rejects file: `(row, cells)` for each of
/// `rows` (sorted) that the source has.
///
/// # Complexity
/// Streams the source once.
fn original_cells(info: &SourceInfo, rows: &[u64]) -> Result<Vec<(u64, Vec<String>)>> {
    let mut out = Vec::with_capacity(rows.len());
    match &info.origin {
        Origin::Csv {
            bytes,
            delimiter,
            skip,
        } => {
            let mut reader = past_header(bytes.open()?, *delimiter, *skip)?;
            let mut record = csv::ByteRecord::new();
            let mut wanted = rows.iter().copied().peekable();
            let mut k = 0u64;
            while wanted.peek().is_some() {
                if !matches!(reader.read_byte_record(&mut record), Ok(true)) {
                    break;
                }
                let row = info.rows.row(k);
                k += 1;
                while wanted.next_if(|&w| w < row).is_some() {}
                if wanted.next_if_eq(&row).is_some() {
                    out.push((
                        row,
                        record
                            .iter()
                            .map(|c| String::from_utf8_lossy(c).into_owned())
                            .collect(),
                    ));
                }
            }
        }
        Origin::Parquet(bytes) => {
            let wanted = DataFrame::new_infer_height(vec![Column::new(
                ROW_INDEX.into(),
                rows.iter().map(|&r| r as IdxSize).collect::<Vec<_>>(),
            )])?;
            let lf = scan_parquet(
                bytes,
                Some(RowIndex {
                    name: ROW_INDEX.into(),
                    offset: info.rows.first as IdxSize,
                }),
            )?;
            let df = lf
                .join(
                    wanted.lazy(),
                    [col(ROW_INDEX)],
                    [col(ROW_INDEX)],
                    JoinArgs::new(JoinType::Inner),
                )
                .sort([ROW_INDEX], SortMultipleOptions::default())
                .collect()?;
            let index = df.column(ROW_INDEX)?.cast(&DataType::UInt64)?;
            let index = index.u64()?;
            let texts: Vec<Column> = df
                .columns()
                .iter()
                .filter(|c| c.name().as_str() != ROW_INDEX)
                // A column that is no text (a list, binary) shows empty rather than refusing
                // the rest.
                .map(|c| {
                    c.cast(&DataType::String).unwrap_or_else(|_| {
                        Column::full_null(c.name().clone(), c.len(), &DataType::String)
                    })
                })
                .collect();
            for i in 0..df.height() {
                let cells = texts
                    .iter()
                    .map(|c| {
                        c.str()
                            .ok()
                            .and_then(|s| s.get(i))
                            .unwrap_or("")
                            .to_string()
                    })
                    .collect();
                out.push((index.get(i).unwrap_or_default(), cells));
            }
        }
    }
    Ok(out)
}

/// Rejections of one kind: the reason with its values left out, how many rows, and the first few
/// rows as examples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonGroup {
    /// The reason with each value left out (`…`): [`crate::ingest::Reason::kind_text`].
    pub reason: String,
    /// The kind of reason ([`crate::ingest::reason::Kind::name`]).
    pub kind: &'static str,
    /// The column the reasons are about.
    pub column: crate::ingest::cell::reason::Column,
    pub rows: u64,
    /// `file row N: full reason` for the first few rows.
    pub examples: Vec<String>,
}

/// How many examples each [`ReasonGroup`] keeps.
pub const EXAMPLES: usize = 3;

/// The rejected rows grouped by column and kind of reason, whatever the values ([`crate::ingest::Reason::group`];
/// a row with several reasons counts in each), most frequent first, then by reason.
///
/// # Complexity
/// One pass over the reasons, then a sort of the groups.
pub fn group_reasons(ds: &Dataset) -> Vec<ReasonGroup> {
    group(
        ds.rejects
            .iter()
            .flat_map(|r| r.reasons.iter().map(move |why| (r.source, r.row, why))),
        ds,
    )
}

/// The cell problems of kept rows grouped as [`group_reasons`] groups refused rows: by column and
/// kind of reason, most frequent first (each counts cells, one per row and column).
///
/// # Complexity
/// One pass over the cell problems, then a sort of the groups.
pub fn group_problems(ds: &Dataset) -> Vec<ReasonGroup> {
    group(ds.problems.iter().map(|p| (p.source, p.row, &p.reason)), ds)
}

fn group<'a>(
    reasons: impl Iterator<Item = (usize, u64, &'a Reason)>,
    ds: &Dataset,
) -> Vec<ReasonGroup> {
    let mut groups = HashMap::new();
    for (source, row, why) in reasons {
        let g = groups.entry(why.group()).or_insert_with(|| ReasonGroup {
            reason: why.kind_text(),
            kind: why.kind.name(),
            column: why.column,
            rows: 0,
            examples: Vec::new(),
        });
        g.rows += 1;
        if g.examples.len() < EXAMPLES {
            g.examples
                .push(format!("{} row {row}: {why}", ds.sources[source].name));
        }
    }
    let mut out: Vec<ReasonGroup> = groups.into_values().collect();
    out.sort_by(|a, b| {
        (b.rows, &a.reason, a.column, a.kind).cmp(&(a.rows, &b.reason, b.column, b.kind))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Source, load};

    fn groups(csv: &str) -> Vec<(String, &'static str, &'static str, u64)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.csv");
        std::fs::write(&path, csv).unwrap();
        let ds = load(&[Source::Path(path)], &IngestOptions::new().unwrap()).unwrap();
        // Every row names seller and buyer: none is refused, each bad cell is unknown.
        assert!(group_reasons(&ds).is_empty());
        group_problems(&ds)
            .into_iter()
            .map(|g| (g.reason, g.kind, g.column.name(), g.rows))
            .collect()
    }

    #[test]
    fn reasons_group_by_kind_and_column_whatever_the_values() {
        let g = groups(
            "seller,buyer,species,weight,unit,date\n\
             a,b,眼镜蛇,12箱,,2022-04-01\n\
             a,b,眼镜蛇,3x,,2022-04-01\n\
             a,b,眼镜蛇,12,箱,2022-04-01\n\
             a,b,眼镜蛇,1.5条,,2022-04-01\n\
             a,b,眼镜蛇,2.5只,,2022-04-01\n\
             a,b,眼镜蛇,1kg,,2022-13-01\n\
             a,b,眼镜蛇,1kg,,2022-14-01\n\
             a,b,眼镜蛇,-1kg,,2022-04-01\n",
        );
        let want = |reason: &str, kind, column, rows| (reason.to_string(), kind, column, rows);
        assert_eq!(
            g,
            [
                want(
                    "column 'date': date '…' is not a date (month … does not exist)",
                    "no_such_month",
                    "date",
                    2
                ),
                want(
                    "column 'weight': '…': a count of animals (…) must be a whole number",
                    "count_not_whole",
                    "weight",
                    2
                ),
                want(
                    "column 'weight': unknown unit '…' in weight '…'",
                    "unknown_unit",
                    "weight",
                    2
                ),
                want("column 'unit': unknown unit '…'", "unknown_unit", "unit", 1),
                want(
                    "column 'weight': weight '…' is negative",
                    "negative",
                    "weight",
                    1
                ),
            ]
        );
    }
}
