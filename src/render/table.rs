//! Aligned text tables (CJK characters count as two columns) and the sheet model shared with CSV.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Style, human_number, human_weight};
use crate::ingest::text::shown;

/// A column: its CSV header and its title in tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
    /// The CSV header (and JSON key): `weight_kg`.
    pub key: &'static str,
    /// The table title: `weight`; weight columns get their unit appended.
    pub title: &'static str,
}

impl Col {
    pub const fn new(key: &'static str, title: &'static str) -> Col {
        Col { key, title }
    }
}

/// A cell, typed so that tables and CSV can each write it their way.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A weight in kg: tables show it in `--unit` (or `unknown`), CSV in kg unrounded (or empty).
    Kg(Option<f64>),
    Int(u64),
    /// A plain number (e.g. an animal count): empty in CSV and `-` in tables when absent.
    Num(Option<f64>),
    /// A sum of money in 元 (to the fen): `unknown` in tables and empty in CSV when absent.
    Yuan(Option<f64>),
    /// An absent value: empty in CSV and `-` in tables.
    Empty,
    /// A value the data does not give: empty in CSV and `unknown` in tables.
    Unknown,
    /// A sum of money in integer fen, shown in 元 exactly at any size (`900000000000010`, no
    /// `f64` on the way): `unknown` in tables and empty in CSV when absent.
    Fen(Option<i64>),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Kg(_) | Cell::Int(_) | Cell::Num(_) | Cell::Yuan(_) | Cell::Fen(_)
        )
    }

    /// The cell for people: weights in the style's unit, `unknown` in its language.
    pub fn human(&self, style: &Style) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Kg(None) | Cell::Yuan(None) | Cell::Fen(None) | Cell::Unknown => {
                style.pick("unknown", "不明").to_string()
            }
            Cell::Fen(Some(fen)) => super::value::fen_text(i128::from(*fen)),
            Cell::Kg(kg) => human_weight(*kg, style.unit),
            Cell::Int(n) => n.to_string(),
            Cell::Yuan(Some(x)) => super::human_yuan(*x),
            Cell::Num(Some(x)) => human_number(*x),
            Cell::Num(None) | Cell::Empty => "-".to_string(),
        }
    }

    /// The cell for scripts: full precision, kg, empty when absent.
    pub fn raw(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Kg(Some(x)) | Cell::Num(Some(x)) | Cell::Yuan(Some(x)) => x.to_string(),
            Cell::Int(n) => n.to_string(),
            Cell::Fen(Some(fen)) => super::value::fen_text(i128::from(*fen)),
            Cell::Kg(None)
            | Cell::Num(None)
            | Cell::Yuan(None)
            | Cell::Fen(None)
            | Cell::Empty
            | Cell::Unknown => String::new(),
        }
    }
}

/// Rows under named columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(columns: &[Col]) -> Sheet {
        Sheet {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// Writes the sheet as aligned columns: text left, numbers right, weights in the style's
    /// unit, titles and terms in its language.
    pub fn write_table(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        write_rows(w, style, &self.columns, || self.rows.iter())
    }
}

/// Writes the rows `rows()` gives under `columns` as [`Sheet::write_table`] writes a sheet,
/// without keeping them: `rows` is called twice (for the widths, then for the lines), so a table
/// of millions of rows is never held whole (a sheet of two million parties took about 900 MB).
pub fn write_rows<R: AsRef<[Cell]>, I: Iterator<Item = R>>(
    w: &mut dyn Write,
    style: &Style,
    columns: &[Col],
    rows: impl Fn() -> I,
) -> io::Result<()> {
    let titles: Vec<String> = columns
        .iter()
        .map(|c| {
            // Weight columns (keys ending in `_kg`) show their unit in the title.
            let title = style.lang.title(c);
            if c.key.ends_with("_kg") {
                format!("{title} ({})", style.unit.name())
            } else {
                title.to_string()
            }
        })
        .collect();
    // Terms the analyses name things by (roles, kinds, statuses, labels) read in the language.
    let terms: Vec<bool> = columns
        .iter()
        .map(|c| matches!(c.key, "role" | "kind" | "status" | "labels" | "rank"))
        .collect();
    // Each cell is formatted twice, for the widths and then for its line, rather than kept:
    // a table of two million parties held as strings took about 900 MB.
    let text = |i: usize, c: &Cell| match c {
        Cell::Text(t) if terms.get(i) == Some(&true) => style.lang.words(t),
        // Names from the file: no control character reaches the terminal raw, and the
        // width is that of what is shown.
        Cell::Text(t) => shown(t).into_owned(),
        c => c.human(style),
    };
    let mut numeric: Vec<bool> = vec![false; columns.len()];
    let mut widths: Vec<usize> = titles.iter().map(|t| t.width()).collect();
    for row in rows() {
        for (i, c) in row.as_ref().iter().enumerate() {
            widths[i] = widths[i].max(text(i, c).width());
            if let Some(n) = numeric.get_mut(i) {
                *n |= c.is_numeric();
            }
        }
    }
    write_row(w, &titles, &widths, &numeric)?;
    let mut line: Vec<String> = Vec::new();
    for row in rows() {
        line.clear();
        line.extend(row.as_ref().iter().enumerate().map(|(i, c)| text(i, c)));
        write_row(w, &line, &widths, &numeric)?;
    }
    Ok(())
}

fn write_row(
    w: &mut dyn Write,
    cells: &[String],
    widths: &[usize],
    right: &[bool],
) -> io::Result<()> {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        let pad = widths[i].saturating_sub(c.width());
        let last = i + 1 == cells.len();
        if right[i] {
            line.push_str(&" ".repeat(pad));
            line.push_str(c);
        } else {
            line.push_str(c);
            if !last {
                line.push_str(&" ".repeat(pad));
            }
        }
        if !last {
            line.push_str("  ");
        }
    }
    writeln!(w, "{}", line.trim_end())?;
    Ok(())
}

/// Writes `key: value` lines with the values aligned.
pub fn write_pairs(w: &mut dyn Write, pairs: &[(&str, String)]) -> io::Result<()> {
    let width = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in pairs {
        let v = shown(v);
        writeln!(w, "{k}:{}{v}", " ".repeat(width - k.width() + 1))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_text_is_aligned_by_display_width() {
        let mut s = Sheet::new(&[Col::new("name", "name"), Col::new("weight_kg", "weight")]);
        s.push(vec![Cell::text("王锦蛇"), Cell::Kg(Some(365.0))]);
        s.push(vec![Cell::text("cobra"), Cell::Kg(None)]);
        let mut out = Vec::new();
        let style = Style {
            unit: "斤".parse().unwrap(),
            ..Style::default()
        };
        s.write_table(&mut out, &style).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "name    weight (斤)\n王锦蛇          730\ncobra       unknown\n"
        );
    }

    /// The language travels in the style, not in a process-wide static: a Chinese table and an
    /// English one written one after the other (or at once, by two threads) each keep their own
    /// words, whatever was written before.
    #[test]
    fn two_languages_in_one_process_each_keep_their_words() {
        let mut s = Sheet::new(&[Col::new("role", "role"), Col::new("weight_kg", "weight")]);
        s.push(vec![Cell::text("source"), Cell::Kg(None)]);
        let write = |lang| {
            let mut out = Vec::new();
            let style = Style {
                lang,
                ..Style::default()
            };
            s.write_table(&mut out, &style).unwrap();
            String::from_utf8(out).unwrap()
        };
        let (zh, en) = std::thread::scope(|t| {
            let zh = t.spawn(|| write(crate::render::lang::Lang::Zh));
            let en = t.spawn(|| write(crate::render::lang::Lang::En));
            (zh.join().unwrap(), en.join().unwrap())
        });
        assert_eq!(zh, "角色  重量 (kg)\n源头       不明\n");
        assert_eq!(en, "role    weight (kg)\nsource      unknown\n");
        assert_eq!(write(crate::render::lang::Lang::En), en);
    }
}
