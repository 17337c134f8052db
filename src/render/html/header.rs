//! The report's header for the case file: the case's name and number, the analyst, when the page
//! was made, the wildchain version, and the SHA-256 of every input file, so that a reader can show
//! which data the report was made from.

use std::fmt::Write as _;

use super::esc;
use crate::render::Style;

/// One input the report was made from and its SHA-256 (lower-case hex), or `None` when it could
/// not be hashed (standard input, read once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputHash {
    pub name: String,
    pub sha256: Option<String>,
}

/// What the header says beyond the case's files.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The case's name and number (`--case`).
    pub case: Option<String>,
    /// Who made the report (`--analyst`).
    pub analyst: Option<String>,
    /// When the page was made, in seconds since 1970-01-01 UTC (`SOURCE_DATE_EPOCH` when set).
    pub generated: i64,
    /// Every input file, in the order given.
    pub inputs: Vec<InputHash>,
}

/// Seconds since 1970-01-01 as `YYYY-MM-DD HH:MM:SS UTC` (the proleptic Gregorian calendar).
pub fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The header as HTML: a heading, then a definition list of the case, analyst, time, version and
/// inputs with their hashes.
pub fn header_html(h: &Header, style: &Style) -> String {
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    let mut s = format!(
        "<header><h1>{}</h1><dl class=\"meta\">",
        esc(pick("Case report", "案件分析报告"))
    );
    let none = pick("not given", "未填写");
    let mut row = |k: &str, v: &str| {
        let _ = write!(s, "<dt>{}</dt><dd>{v}</dd>", esc(k));
    };
    row(
        pick("Case", "案件"),
        &esc(h.case.as_deref().unwrap_or(none)),
    );
    row(
        pick("Analyst", "分析人"),
        &esc(h.analyst.as_deref().unwrap_or(none)),
    );
    let time = utc(h.generated);
    let time = match style.zh() {
        true => time.replace(" UTC", "（协调世界时）"),
        false => time,
    };
    row(pick("Generated", "生成时间"), &esc(&time));
    row(
        pick("Tool", "分析工具"),
        &format!("wildchain {}", esc(env!("CARGO_PKG_VERSION"))),
    );
    let mut files = String::from("<ul class=\"inputs\">");
    for i in &h.inputs {
        let hash = match &i.sha256 {
            Some(x) => format!("SHA-256 <code class=\"hash\">{}</code>", esc(x)),
            None => esc(pick(
                "not hashed (read from standard input)",
                "未计算哈希（从标准输入读取）",
            )),
        };
        let name = crate::render::lang::file_name(&i.name, style.lang);
        let _ = write!(files, "<li>{} · {hash}</li>", esc(&name));
    }
    files.push_str("</ul>");
    row(pick("Input files", "输入文件"), &files);
    s.push_str("</dl></header>");
    s
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_times_follow_the_calendar() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }
}
