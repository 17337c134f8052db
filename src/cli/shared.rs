//! What several subcommands share: the options of the findings (`analyze`, `report`), and the
//! clap faces of library values (`--format`, `--lang`, `--render`, `--to`, `--by`), each turned
//! into its library type with `From`, so that the library knows nothing of clap.

use crate::analysis::By;
use crate::render::Format;
use crate::render::dot::picture::Picture;
use crate::render::export::ExportFormat;
use crate::render::lang::Lang;

/// The options of the findings, shared by `analyze` and `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct FindingsArgs {
    /// Most chains to list.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
    /// Relative tolerance of the mass balance (see `wildchain balance`).
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub tolerance: f64,
    /// Materiality floor of the leads, as a share of the case's known weight (0.001 = 0.1%): a
    /// smaller gap is no lead, and sources that sold less are one line. Default: the tolerance
    /// over the number of parties (the tolerance of an average party's trade).
    #[arg(long, value_name = "FRACTION", value_parser = share_arg)]
    pub min_share: Option<f64>,
}

impl FindingsArgs {
    /// The library's options of the findings.
    pub fn options(&self) -> crate::analysis::FindingsOptions {
        crate::analysis::FindingsOptions {
            limit: self.limit,
            tolerance: self.tolerance,
            min_share: self.min_share,
        }
    }
}

/// A share between 0 and 1 (`--min-share`).
fn share_arg(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number; give a share such as 0.001"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{s} is not a share between 0 and 1"))
    }
}

/// How a command prints its result (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for people, weights in `--unit`.
    Table,
    /// JSON for scripts, weights in kg, unrounded.
    Json,
    /// CSV for spreadsheets and scripts, weights in kg, unrounded.
    Csv,
    /// A Graphviz DOT diagram (upstream, downstream, chains and dot).
    Dot,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Dot => Format::Dot,
        }
    }
}

/// A language of the interface (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// The picture formats `--render` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PictureArg {
    Svg,
    Png,
    Pdf,
}

impl From<PictureArg> for Picture {
    fn from(p: PictureArg) -> Picture {
        match p {
            PictureArg::Svg => Picture::Svg,
            PictureArg::Png => Picture::Png,
            PictureArg::Pdf => Picture::Pdf,
        }
    }
}

/// The formats `wildchain export` writes (`--to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportArg {
    /// GraphML with typed keys (yEd, Cytoscape, networkx, igraph).
    Graphml,
    /// GEXF 1.3, dynamic: each link lives from its first to its last date (Gephi's timeline).
    Gexf,
    /// CSV for the import wizard of i2 Analyst's Notebook: one row per link.
    I2,
    /// Node-link JSON (D3, networkx `node_link_graph(data, edges="links")`).
    Json,
}

impl From<ExportArg> for ExportFormat {
    fn from(e: ExportArg) -> ExportFormat {
        match e {
            ExportArg::Graphml => ExportFormat::Graphml,
            ExportArg::Gexf => ExportFormat::Gexf,
            ExportArg::I2 => ExportFormat::I2,
            ExportArg::Json => ExportFormat::Json,
        }
    }
}

/// What `totals` groups by (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Species,
    Seller,
    Buyer,
    Month,
    Link,
}

impl From<ByArg> for By {
    fn from(b: ByArg) -> By {
        match b {
            ByArg::Species => By::Species,
            ByArg::Seller => By::Seller,
            ByArg::Buyer => By::Buyer,
            ByArg::Month => By::Month,
            ByArg::Link => By::Link,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    /// Each clap value turns into the library value of its name (two crossed in a `From` fail
    /// here; a variant added to a library type and not to its clap face fails to compile).
    #[test]
    fn every_value_turns_into_its_namesake() {
        for &f in FormatArg::value_variants() {
            let name = f.to_possible_value().map(|p| p.get_name().to_string());
            assert_eq!(Some(format!("{:?}", Format::from(f)).to_lowercase()), name);
        }
        for &b in ByArg::value_variants() {
            assert_eq!(
                Some(By::from(b).name()),
                b.to_possible_value().as_ref().map(|p| p.get_name())
            );
        }
        for &l in LangArg::value_variants() {
            let name = l.to_possible_value().map(|p| p.get_name().to_string());
            assert_eq!(Some(format!("{:?}", Lang::from(l)).to_lowercase()), name);
        }
        for &p in PictureArg::value_variants() {
            let name = p.to_possible_value().map(|p| p.get_name().to_string());
            assert_eq!(Some(format!("{:?}", Picture::from(p)).to_lowercase()), name);
        }
        for &e in ExportArg::value_variants() {
            let name = e.to_possible_value().map(|p| p.get_name().to_string());
            assert_eq!(
                Some(format!("{:?}", ExportFormat::from(e)).to_lowercase()),
                name
            );
        }
    }
}

/// How every command that reads a case reads what its cells leave out (flattened into the
/// global options).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadArgs {
    /// The year of dates written without one (4月20日, 04-20, 4.20, 4月下旬) [default: none:
    /// such a date is unknown, and named with its reason].
    #[arg(long, value_name = "YYYY", global = true,
          value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub year: Option<i32>,
    /// A parties file (CSV or TSV: name, place, notes; further columns kept): where each party
    /// is, winning over the place cells of rows (卖方所在地, 买方所在地).
    #[arg(long, value_name = "FILE", global = true)]
    pub parties: Option<std::path::PathBuf>,
}
