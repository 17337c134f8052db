//! `wildchain generate`: a synthetic data set in the input format, for tests and benchmarks.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{GlobalArgs, UsageError, emit, read_paths};
use crate::generate::brokers::PLACES_ROWS;
use crate::generate::{MIN_PARTIES, MIN_ROWS, Shape, generate, generate_with_places};
use crate::render::json::write_json;

/// Options of `generate`. The data goes to `-o FILE` (or standard output).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of rows to write (the planted typologies included).
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub rows: u64,
    /// Seed: the same seed gives byte-identical data.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Number of parties (default: one per 200 rows, at least 40). Not `--parties`, which
    /// names a parties file (places of parties) for every command that reads a case.
    #[arg(long = "party-count", id = "party_count", value_name = "N")]
    pub parties: Option<usize>,
    /// Write the ground truth of the planted typologies to this JSON file.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
    /// Add the columns `seller_place` and `buyer_place` (home places of the parties, in the
    /// forms officers write), and plant cross-province brokers, listed in --truth.
    #[arg(long)]
    pub places: bool,
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    // Fewer than the planted typologies need was once silently exceeded: refused, with the least.
    let least = MIN_ROWS + if args.places { PLACES_ROWS } else { 0 };
    if args.rows < least {
        return Err(UsageError(format!(
            "--rows {}: the planted typologies alone take {least} rows; ask for at least {least}",
            args.rows
        ))
        .into());
    }
    if let Some(p) = args.parties
        && p < MIN_PARTIES
    {
        return Err(super::Usage::error(
            format!(
                "--party-count {p}: the generator needs at least {MIN_PARTIES} (10 harvesters, 4 \
                 collectors, 2 dealers, 4 markets), and its planted typologies add 13 more"
            ),
            format!(
                "--party-count {p}：生成器至少需要 {MIN_PARTIES} 个当事人（10 个捕捉者、4 个收购商、\
                 2 个批发商、4 个市场），预设的犯罪模式另加 13 个"
            ),
        ));
    }
    let shape = Shape {
        rows: args.rows,
        seed: args.seed,
        parties: args.parties,
    };
    // Like every output: a temporary file renamed into place when complete. Opened first, so
    // that one onto `-o` (or onto a file read) is refused before anything is written.
    let table = g.output.as_deref().unwrap_or(Path::new("-"));
    let truth_out = match &args.truth {
        Some(path) => Some(crate::render::output_apart(
            Some(path),
            &read_paths(g, &[], &[]),
            &[table],
        )?),
        None => None,
    };
    let mut truth = None;
    emit(g, |w: &mut dyn Write| {
        truth = Some(match args.places {
            false => generate(shape, w)?,
            true => generate_with_places(shape, w)?,
        });
        anyhow::Ok(())
    })?;
    if let (Some(mut f), Some(t)) = (truth_out, truth) {
        write_json(&t, &mut f)?;
        f.finish()?;
    }
    Ok(())
}
