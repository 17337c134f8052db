//! The rows `normalize` writes: what the library read of each row, as CSV or JSON Lines.

use std::io::Write;
use std::rc::Rc;

use crate::ingest::error::Result;

use super::Name;
use crate::ingest::Dataset;
use crate::ingest::cell::confidence::Confidence;

/// One output row.
pub(super) struct Line<'a> {
    pub(super) file: &'a str,
    pub(super) row: u64,
    pub(super) names: &'a [Rc<Name>; 3],
    pub(super) weight_kg: Option<String>,
    pub(super) count: Option<i64>,
    pub(super) date_from: Option<String>,
    pub(super) date_to: Option<String>,
    pub(super) precision: Option<&'static str>,
    /// The order of the start (a month after its first day) and of the end (by its last day, a
    /// month before its last day), as integers that sort as wildchain sorts dates.
    pub(super) date_order: Option<(i64, i64)>,
    pub(super) approximate: bool,
    pub(super) confidence: Option<&'static str>,
    pub(super) source: Option<String>,
    pub(super) reject: Option<String>,
    /// The row's note: the state of its count, then its 备注 cell ([`Dataset::note`]).
    pub(super) note: Option<String>,
}

enum Cell {
    Text(Option<String>),
    Number(Option<String>),
    Bool(Option<bool>),
}

/// Fills `line` with what the library read of accepted record `i`.
pub(super) fn accepted(ds: &Dataset, i: usize, line: &mut Line) {
    let (r, t) = (&ds.records, &ds.tables);
    let q = t.quantities[r.quantity[i] as usize];
    line.weight_kg = q.mg.map(kg_text);
    line.count = q.count;
    line.approximate = q.approx;
    let d = r.date[i] as usize;
    if d != 0 {
        let info = t.dates[d];
        line.date_from = Some(info.start.to_string());
        line.date_to = Some(info.end.to_string());
        line.precision = Some(match (info.start.is_month(), info.end.is_month()) {
            (false, false) => "day",
            (true, true) => "month",
            _ => "mixed",
        });
        line.date_order = Some((
            i64::from(info.start.0),
            i64::from(info.to) * 2 + i64::from(!info.end.is_month()),
        ));
    }
    line.confidence = r
        .confidence
        .get(i)
        .and_then(|&c| Confidence::from_code(c))
        .map(Confidence::name);
    line.source = r
        .source
        .get(i)
        .and_then(|&s| t.sources[s as usize].first().cloned());
    line.note = ds.note(i);
}

/// Integer milligrams as exact decimal kilograms (`1250`, `0.3`, `12.000005`).
pub fn kg_text(mg: i64) -> String {
    let sign = if mg < 0 { "-" } else { "" };
    let (whole, frac) = (mg.unsigned_abs() / 1_000_000, mg.unsigned_abs() % 1_000_000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let f = format!("{frac:06}");
        format!("{sign}{whole}.{}", f.trim_end_matches('0'))
    }
}

/// Where lines go: a CSV writer, or JSON Lines.
pub(super) enum Sink<'a, W: Write> {
    Csv(Box<csv::Writer<&'a mut W>>),
    Json(&'a mut W),
}

/// Writes one output row.
pub(super) fn write_line<W: Write>(sink: &mut Sink<'_, W>, l: &Line) -> Result<()> {
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let cells: [(&str, Cell); 20] = [
        ("file", Cell::Text(Some(l.file.to_string()))),
        ("row", Cell::Number(Some(l.row.to_string()))),
        ("seller", Cell::Text(text(&l.names[0].canonical))),
        ("buyer", Cell::Text(text(&l.names[1].canonical))),
        ("species", Cell::Text(text(&l.names[2].canonical))),
        ("weight_kg", Cell::Number(l.weight_kg.clone())),
        ("count", Cell::Number(l.count.map(|c| c.to_string()))),
        ("date_from", Cell::Text(l.date_from.clone())),
        ("date_to", Cell::Text(l.date_to.clone())),
        ("precision", Cell::Text(l.precision.map(str::to_string))),
        (
            "approximate",
            Cell::Bool(l.reject.is_none().then_some(l.approximate)),
        ),
        ("confidence", Cell::Text(l.confidence.map(str::to_string))),
        ("source", Cell::Text(l.source.clone())),
        ("reject", Cell::Text(l.reject.clone())),
        ("seller_spelling", Cell::Text(text(&l.names[0].spelling))),
        ("buyer_spelling", Cell::Text(text(&l.names[1].spelling))),
        ("species_spelling", Cell::Text(text(&l.names[2].spelling))),
        (
            "date_from_order",
            Cell::Number(l.date_order.map(|o| o.0.to_string())),
        ),
        (
            "date_to_order",
            Cell::Number(l.date_order.map(|o| o.1.to_string())),
        ),
        ("note", Cell::Text(l.note.clone())),
    ];
    if let Sink::Json(out) = sink {
        let mut s = String::with_capacity(256);
        s.push('{');
        for (k, (key, cell)) in cells.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            s.push('"');
            s.push_str(key);
            s.push_str("\":");
            match cell {
                Cell::Text(Some(t)) => {
                    s.push_str(&serde_json::to_string(t).map_err(std::io::Error::from)?)
                }
                Cell::Number(Some(n)) => s.push_str(n),
                Cell::Bool(Some(b)) => s.push_str(if *b { "true" } else { "false" }),
                _ => s.push_str("null"),
            }
        }
        s.push_str("}\n");
        out.write_all(s.as_bytes())?;
    } else if let Sink::Csv(w) = sink {
        w.write_record(cells.iter().map(|(_, c)| match c {
            Cell::Text(t) | Cell::Number(t) => t.clone().unwrap_or_default(),
            Cell::Bool(b) => b.map_or(String::new(), |b| b.to_string()),
        }))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kilograms_are_written_exactly() {
        assert_eq!(kg_text(1_250_000_000), "1250");
        assert_eq!(kg_text(300_000), "0.3");
        assert_eq!(kg_text(12_000_005), "12.000005");
        assert_eq!(kg_text(-1_500_000), "-1.5");
    }
}
