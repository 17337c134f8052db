//! `wildchain normalize`: transaction rows in, canonical rows out (one per row, rejected rows kept
//! with their reason), streamed in bounded memory: the filter a cluster runs on every partition
//! (see `scale/`), so that its parsing is wildchain's own.

use std::io::{BufRead, Write};

use anyhow::{Context as _, Result};

use super::{GlobalArgs, UsageError, emit_apart, ingest_options};
use crate::ingest::stream::{Normalizer, StreamOptions, StreamStats};
use crate::render::lang::Lang;
use crate::render::{Format, Style};

/// Options of `normalize`. Output: CSV (default) or, with `--format json`, JSON Lines, with the
/// columns file, row, seller, buyer, species, weight_kg, count, date_from, date_to, precision,
/// approximate, confidence, source, reject (the reason a row is rejected; empty when accepted),
/// seller_spelling, buyer_spelling, species_spelling (the row's spelling, which votes for the name
/// a party is shown by), date_from_order, date_to_order (integers that sort dates as wildchain
/// does), note (the row's 备注 cell, after the state its count was written with: 死体).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Delimited UTF-8 text files of transaction rows; `-` or none: standard input (or the
    /// --input files).
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// The header line of input that carries none (a partition of a larger file), in the
    /// input's delimiter.
    #[arg(long, value_name = "LINE")]
    pub header: Option<String>,
    /// A column holding each row's number in the original file, reported instead of counting
    /// rows (a partition does not know where it starts).
    #[arg(long, value_name = "COLUMN")]
    pub row_column: Option<String>,
    /// The name rows are reported under (the `file` column) [default: the file's path, or
    /// <stdin>].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Rows read at a time: memory grows with this, never with the input.
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub piece_rows: usize,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let json = match style.format {
        Format::Json => true,
        Format::Csv | Format::Table => false,
        Format::Dot => {
            return Err(super::Usage::error(
                "normalize writes CSV or JSON Lines (--format json), not dot",
                "normalize 输出 CSV 或逐行 JSON（--format json），不输出 dot",
            ));
        }
    };
    // Refused rather than written: normalize's own output already keeps every rejected row with
    // its reason, so a rejects file would be a second copy (and a second output to keep apart
    // from the inputs); accepted and ignored, it promised a file that never came.
    if let Some(r) = &g.rejects {
        return Err(super::Usage::error(
            format!(
                "--rejects {}: normalize writes no rejects file; its output keeps every rejected \
                 row, with the reason in the reject column (empty when the row is accepted)",
                r.display()
            ),
            format!(
                "--rejects {}：normalize 不写被拒绝行文件；其输出保留每一条被拒绝的行，原因在 \
                 `reject` 列（接受的行该列为空）",
                r.display()
            ),
        ));
    }
    let ingest = ingest_options(g)?;
    let mut files = if args.files.is_empty() {
        g.input.clone()
    } else {
        args.files.clone()
    };
    if files.is_empty() {
        files.push("-".into());
    }
    if args.name.is_some() && files.len() > 1 {
        return Err(UsageError("--name is for one input".into()).into());
    }
    let mut total = StreamStats::default();
    // Its own FILE arguments are inputs too: `-o` is none of them.
    emit_apart(g, &files, &[], |w: &mut dyn Write| {
        let mut n = Normalizer::new(w, json);
        for f in &files {
            let opts = StreamOptions {
                name: args.name.clone().unwrap_or_else(|| {
                    if f == "-" {
                        "<stdin>".into()
                    } else {
                        f.clone()
                    }
                }),
                header: args.header.clone(),
                row_column: args.row_column.clone(),
                piece_rows: args.piece_rows,
            };
            let s = if f == "-" {
                let mut input = std::io::stdin().lock();
                not_a_container(&opts.name, &mut input)?;
                n.input(input, &opts, &ingest)?
            } else {
                let file = std::fs::File::open(f).with_context(|| format!("cannot open {f}"))?;
                let mut input = std::io::BufReader::new(file);
                not_a_container(&opts.name, &mut input)?;
                n.input(input, &opts, &ingest)?
            };
            total.rows += s.rows;
            total.accepted += s.accepted;
            total.rejected += s.rejected;
            total.blank += s.blank;
        }
        n.finish()?;
        anyhow::Ok(())
    })?;
    crate::timing::clear_line();
    match style.lang {
        Lang::En => eprintln!(
            "normalize: {} rows read, {} accepted, {} rejected",
            total.rows, total.accepted, total.rejected
        ),
        Lang::Zh => eprintln!(
            "normalize：读取 {} 行，接受 {} 行，拒绝 {} 行",
            total.rows, total.accepted, total.rejected
        ),
    }
    if g.strict && total.rejected > 0 {
        return Err(super::Usage::failure(
            format!("{} rows rejected (--strict)", total.rejected),
            format!("{} 行被拒绝（--strict）", total.rejected),
        ));
    }
    Ok(())
}

/// Refuses a workbook or a Parquet file by its first bytes, read without consuming them, with
/// advice that fits it: such files were taken for text in another encoding and sent to `iconv`.
fn not_a_container(name: &str, input: &mut dyn BufRead) -> Result<()> {
    let head = input
        .fill_buf()
        .with_context(|| format!("cannot read {name}"))?;
    let what = if head.starts_with(b"PK\x03\x04") {
        "a workbook (.xlsx, .xlsb or .ods)"
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "a workbook (.xls)"
    } else if head.starts_with(b"PAR1") {
        "a Parquet file"
    } else {
        return Ok(());
    };
    anyhow::bail!(
        "{name} is {what}, not text: normalize streams delimited UTF-8 text. Save the sheet as \
         CSV (UTF-8) first, or use the other commands (validate, analyze, totals, …), which read \
         workbooks and Parquet files as they are"
    )
}
