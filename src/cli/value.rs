//! `wildchain value`: the case value per party under 法释〔2022〕12号 — an aid, not a finding.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::{GlobalArgs, emit_apart, load_reading, no_dot, read_small_text};
use crate::analysis::value::{BaseValues, case_value};
use crate::render::Style;
use crate::render::value::{NOT_A_FINDING, ValueReport, value_sheet};

/// Options of `value`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base values per animal of grade I/II species (CSV: taxon, base_value_yuan, source,
    /// as_of), from 《野生动物及其制品价值评估方法》 (国家林业局令第46号) or the aquatic list
    /// (农业农村部令2019年第5号); none are embedded.
    #[arg(long, value_name = "FILE")]
    pub values: Option<std::path::PathBuf>,
    /// Acts within this span are summed (第十二条): `2y`, `18m`, `365d`.
    #[arg(long, default_value = "2y", value_name = "SPAN")]
    pub window: String,
}

/// Days in a span written `2y`, `18m` or `365d`.
fn window_days(s: &str) -> Result<i64> {
    let s = s.trim();
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| window_error(s))?;
    Ok(match unit {
        "y" | "年" => n * 365 + n / 4,
        "m" | "月" => n * 30 + n * 5 / 12,
        "d" | "天" | "日" => n,
        // A bare number once read as days, though the law's window is counted in years.
        "" => {
            return Err(super::Usage::error(
                format!(
                    "--window {s}: a span needs its unit: write {s}y (years), {s}m (months) or \
                     {s}d (days), e.g. 2y, 24m or 730d"
                ),
                format!(
                    "--window {s}：时间跨度需要单位：写成 {s}y（年）、{s}m（月）或 {s}d（天），\
                     如 2y、24m 或 730d"
                ),
            ));
        }
        _ => return Err(window_error(s)),
    })
}

/// A `--window` that is no span.
fn window_error(s: &str) -> anyhow::Error {
    super::Usage::error(
        format!("--window {s}: expected e.g. 2y, 18m or 730d"),
        format!("--window {s}：应如 2y、18m 或 730d"),
    )
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "value")?;
    let days = window_days(&args.window)?;
    let base = match &args.values {
        None => BaseValues::default(),
        Some(p) => {
            let name = p.display().to_string();
            BaseValues::parse(&read_small_text(p)?, &name)?
        }
    };
    // The base values are read like the other side tables: no output goes onto them.
    let read: Vec<&std::path::Path> = args.values.iter().map(|p| p.as_path()).collect();
    let case = load_reading(g, style, &read)?;
    if let Some(p) = &args.values {
        base.check(&case.data.species_table, &p.display().to_string())?;
    }
    let rows = case_value(&case, &base, days);
    let sheet = || value_sheet(&case, &rows, &base, style.lang);
    emit_apart(g, &[], &read, |w| {
        style.print(
            w,
            || ValueReport {
                case: &case,
                rows: &rows,
                base: &base,
                window_days: days,
                lang: style.lang,
            },
            sheet,
            |w| {
                sheet().write_table(w, style)?;
                writeln!(w, "\n{}", style.pick(NOT_A_FINDING.0, NOT_A_FINDING.1))?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows_in_years_months_and_days() {
        assert_eq!(super::window_days("2y").unwrap(), 730);
        assert_eq!(super::window_days("365d").unwrap(), 365);
        assert_eq!(super::window_days("12m").unwrap(), 365);
        assert!(super::window_days("2x").is_err());
        assert!(super::window_days("0y").is_err());
        assert_eq!(super::window_days("2年").unwrap(), 730);
        assert_eq!(super::window_days("10天").unwrap(), 10);
    }

    #[test]
    fn bare_window_number_was_read_as_days() {
        let err = super::window_days("2").unwrap_err().to_string();
        assert!(
            err.contains("write 2y (years), 2m (months) or 2d (days)"),
            "{err}"
        );
    }
}
