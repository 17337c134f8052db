//! The report's small charts, as inline SVG: known weight per species (bars) and known weight per
//! month of each species. Species or months of unknown weight get no bar: unknown is not zero.

use std::fmt::Write as _;

use super::esc;
use crate::analysis::{TotalKey, TotalRow};
use crate::render::{Style, human_weight};
use crate::units::MassUnit;

const BAR: &str = "#4a6fa5";

/// Horizontal bars of the known weight of each row (species totals), in the style's unit; rows
/// whose weight is unknown are named with "unknown" (in the style's language) and no bar.
pub fn species_bars(rows: &[TotalRow], style: &Style) -> String {
    let unit = style.unit;
    let label_w = 130.0;
    let bar_w = 420.0;
    let row_h = 22.0;
    let max = rows
        .iter()
        .filter_map(|r| r.tally.weight_kg())
        .fold(0.0f64, f64::max);
    let h = row_h * rows.len() as f64 + 8.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" font-size="12">"#,
        w = label_w + bar_w + 120.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let name = match &r.key {
            TotalKey::Species(n) => n.as_str(),
            _ => "",
        };
        let _ = write!(
            s,
            r#"<text x="{x}" y="{ty}" text-anchor="end">{}</text>"#,
            esc(name),
            x = label_w - 6.0,
            ty = y + 15.0
        );
        let figure = human_weight(r.tally.weight_kg(), unit);
        match r.tally.weight_kg() {
            Some(kg) if max > 0.0 => {
                let w = (kg / max * bar_w).max(1.0);
                let _ = write!(
                    s,
                    r##"<rect x="{label_w}" y="{y}" width="{w:.1}" height="{bh}" fill="{BAR}"><title>{} {figure} {}</title></rect><text x="{tx:.1}" y="{ty}">{figure} {}</text>"##,
                    esc(name),
                    unit.name(),
                    unit.name(),
                    bh = row_h - 6.0,
                    tx = label_w + w + 4.0,
                    ty = y + 15.0
                );
            }
            _ => {
                let _ = write!(
                    s,
                    r##"<text x="{label_w}" y="{ty}" fill="#888">{}</text>"##,
                    style.pick("weight unknown", "重量不明"),
                    ty = y + 15.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Columns of the known weight per month (rows of `totals --by month`, months in order; the
/// month of unknown date left out), in `unit`.
pub fn monthly_columns(rows: &[TotalRow], unit: MassUnit) -> String {
    let mut months: Vec<(&str, Option<f64>)> = rows
        .iter()
        .filter_map(|r| match &r.key {
            TotalKey::Month(Some(m)) => Some((m.as_str(), r.tally.weight_kg())),
            _ => None,
        })
        .collect();
    months.sort_by(|a, b| a.0.cmp(b.0));
    let (w, h, top, bottom) = (300.0, 120.0, 14.0, 20.0);
    let max = months.iter().filter_map(|m| m.1).fold(0.0f64, f64::max);
    let n = months.len().max(1) as f64;
    let step = w / n;
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" font-size="10"><line x1="0" y1="{base}" x2="{w}" y2="{base}" stroke="#999"/>"##,
        base = h - bottom
    );
    for (i, (month, kg)) in months.iter().enumerate() {
        let x = step * i as f64;
        if let Some(kg) = kg.filter(|_| max > 0.0) {
            let bh = (kg / max * (h - top - bottom)).max(1.0);
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{BAR}"><title>{month}: {} {}</title></rect>"#,
                human_weight(Some(kg), unit),
                unit.name(),
                y = h - bottom - bh,
                bw = (step * 0.8).clamp(1.0, 40.0)
            );
        }
        // Label the first and last months, and every month when there are few.
        if months.len() <= 6 || i == 0 || i + 1 == months.len() {
            let _ = write!(s, r#"<text x="{x:.1}" y="{y}">{month}</text>"#, y = h - 6.0);
        }
    }
    if max > 0.0 {
        let _ = write!(
            s,
            r#"<text x="0" y="10">{} {}</text>"#,
            human_weight(Some(max), unit),
            unit.name()
        );
    }
    s.push_str("</svg>");
    s
}
