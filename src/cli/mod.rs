//! The command line: global options, the one list of subcommands, and the loading every command shares.

mod analyze;
mod balance;
mod chains;
mod disrupt;
mod dot;
mod export;
mod generate;
mod links;
mod networks;
mod normalize;
mod places;
mod players;
mod report;
mod shared;
mod species;
mod totals;
mod trace;
mod validate;
mod value;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};

use crate::case::{Case, Inputs, Options, RejectsOut, RowsGiven};
use crate::graph::SupplyGraph;
use crate::ingest::species::{Conversions, parse_table};
use crate::ingest::{self, ExplicitMap, IngestOptions, PartyAliases, Source};
use crate::render::lang::Lang;
use crate::render::{Format, Style};
use crate::units::{MassUnit, Unit};

/// Turn the transaction records of a wildlife-trafficking case into its supply chain.
///
/// Reads transactions (seller, buyer, species, weight, date) from case files (CSV/TSV/TXT in
/// UTF-8, UTF-16 or GBK, Excel and OpenDocument workbooks, Parquet), or the embedded 辰溪 (Chenxi)
/// snake case when no --input is given, and shows who supplied whom, the chains from origins to
/// markets, each party's role and tier, and how much of each species moved.
#[derive(Debug, Parser)]
#[command(name = "wildchain", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub globals: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes, before or after its name.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// A case file of transactions (.csv/.tsv/.txt, .xlsx/.xls/.ods, .parquet); repeat for several
    /// files (read as one data set); `-` is stdin. Without it, the embedded 辰溪 case is used.
    #[arg(short, long = "input", value_name = "PATH", global = true)]
    pub input: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = shared::FormatArg::Table, global = true)]
    pub format: shared::FormatArg,
    /// Unit of weights in tables, diagrams and lead sentences (kg, 斤, 两, g, t, lb …); JSON and CSV
    /// figures are always kg.
    #[arg(long, default_value = "kg", value_name = "UNIT", global = true)]
    pub unit: MassUnit,
    /// Unit of a bare number in the weight column when the row has no unit cell and the header
    /// names none (kg, 斤, 条 …) [default: kg; a 数量 column needs a unit in each cell unless given].
    #[arg(long, value_name = "UNIT", global = true)]
    pub default_unit: Option<Unit>,
    /// Which header is which column, winning over guessing: `seller=出售人,buyer=收购人` (columns:
    /// seller, buyer, species, weight, date, unit, source, confidence); repeatable.
    #[arg(long, value_name = "FIELD=HEADER,…", global = true)]
    pub map: Vec<ExplicitMap>,
    /// The sheet of a workbook to read [default: the first].
    #[arg(long, value_name = "NAME", global = true)]
    pub sheet: Option<String>,
    /// The delimiter of text files: `,`, `;`, `tab` or any one character [default: detected
    /// among comma, tab and semicolon].
    #[arg(long, value_name = "D", value_parser = parse_delimiter, global = true)]
    pub delimiter: Option<u8>,
    /// The text encoding (utf-8, utf-16le, utf-16be, gbk, gb18030, big5 … any WHATWG label)
    /// [default: detected: UTF-8, UTF-16 with BOM, else GB18030/GBK].
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding, global = true)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// A species table (CSV: name_zh, aliases_zh, scientific_name, cites_appendix,
    /// china_protection …) whose rows add to or replace those of the built-in table.
    #[arg(long, value_name = "FILE", global = true)]
    pub species_table: Option<PathBuf>,
    /// Conversion factors between products of a taxon (CSV: taxon, from_product, to_product,
    /// factor, source), for the balance of a party that bought one product and sold another.
    #[arg(long, global = true, value_name = "FILE")]
    pub conversions: Option<PathBuf>,
    /// Party aliases (CSV rows: alias,canonical): typings of one party read as one name.
    #[arg(long, value_name = "FILE", global = true)]
    pub aliases: Option<PathBuf>,
    /// Stop with an error (exit 1) when any row is rejected.
    #[arg(long, global = true)]
    pub strict: bool,
    /// Write every rejected row to this CSV file, with its file, row number and reason.
    #[arg(long, value_name = "FILE", global = true)]
    pub rejects: Option<PathBuf>,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// A file of links already aggregated by (seller, buyer, species), as `wildchain links` writes
    /// it (e.g. from Spark or DataFusion for data too large for one machine); repeatable.
    #[arg(long = "links", value_name = "FILE", global = true)]
    pub links: Vec<String>,
    /// Restrict the command to network K (see `wildchain networks`; 1 is the largest).
    #[arg(long, value_name = "K", global = true)]
    pub network: Option<usize>,
    /// Language of tables, sentences, diagrams and the report (JSON and CSV keys stay English)
    /// [default: from LC_ALL/LC_MESSAGES/LANG: zh_CN.UTF-8 gives zh, else en].
    #[arg(long, value_enum, value_name = "LANG", global = true)]
    pub lang: Option<shared::LangArg>,
    /// CSV output as the data has it: no leading `'` on cells that start with = + - @ (which
    /// spreadsheets would otherwise run as formulas).
    #[arg(long, global = true)]
    pub raw_csv: bool,
    #[command(flatten)]
    pub read: shared::ReadArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The case report: summary, parties with roles and tiers, chains and species totals.
    Analyze(analyze::Args),
    /// Every party with a path *to* PARTY (its suppliers, theirs, …), with the hop distance.
    Upstream(trace::Args),
    /// Every party with a path *from* PARTY (its customers, theirs, …), with the hop distance.
    Downstream(trace::Args),
    /// Every chain from a source (never buys) to a sink (never sells).
    Chains(chains::Args),
    /// Totals per species, seller, buyer, month or link.
    Totals(totals::Args),
    /// A Graphviz DOT diagram of the whole network or of one party's neighbourhood.
    Dot(dot::Args),
    /// Mass balance per party and species: bought, sold, the difference and a verdict.
    Balance(balance::Args),
    /// Key players: chain share, betweenness, throughput and pattern labels.
    Players(players::Args),
    /// The separate networks (rings) in the data, and the cycles.
    Networks(networks::Args),
    /// The case report as one self-contained HTML page (diagram, charts, tables): -o case.html.
    Report(report::Args),
    /// The network for other tools: GraphML, GEXF with a timeline, the CSV of i2 Analyst's
    /// Notebook, node-link JSON (see docs/export.md).
    Export(export::Args),
    /// Write a synthetic trafficking data set (deterministic for a seed) with planted typologies.
    Generate(generate::Args),
    /// Write the rows aggregated to links (seller, buyer, species), the format --links reads.
    Links(links::Args),
    /// What wildchain understands of case files, without analysing them: format, encoding,
    /// columns, accepted, approximate and rejected rows, species and party names. Exit 1 when a
    /// row is rejected.
    Validate(validate::Args),
    /// Transaction rows → canonical rows (names, kg, dates, reject reasons), streamed in
    /// bounded memory: what a cluster runs on each partition (see scale/).
    Normalize(normalize::Args),
    /// The species table: names, aliases, scientific names, CITES appendix, China protection.
    Species(species::Args),
    /// Case value per party under 法释〔2022〕12号, method and band: an aid, not a legal finding.
    Value(value::Args),
    /// What to cut: the chains, source–sink pairs and known kg a removal of parties, a province
    /// or links costs; greedy key players; the smallest cut of known kg.
    Disrupt(disrupt::Args),
    /// Where the chain runs: flows between provinces (or cities), chain routes, the trade-chain
    /// index and the brokers between regions, from the parties' places.
    Places(places::Args),
}

/// Parses a command line (the program name first), with `--help` in the language `--lang` asks
/// for, else the locale's: in Chinese, the summary of wildchain and of each subcommand and the
/// texts of the global and drawing options (clap's own words, `Usage`, `Options`, stay English).
///
/// # Errors
/// A usage error, or the help or version text (`clap::Error::print` shows either).
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let lang = lang_of_args(&args).unwrap_or_else(Lang::from_env);
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        cmd = in_chinese(cmd);
    }
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// The language a `--lang X` or `--lang=X` among the arguments asks for (before any `--`).
fn lang_of_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    use clap::ValueEnum;
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let mut value = None;
    for (i, a) in args.iter().enumerate() {
        if *a == "--" {
            break;
        } else if *a == "--lang" {
            value = args.get(i + 1).copied();
        } else if let Some(v) = a.strip_prefix("--lang=") {
            value = Some(v);
        }
    }
    value.and_then(|v| shared::LangArg::from_str(v, true).ok().map(Lang::from))
}

/// The command line with its summaries and option texts in Chinese (from `render::lang`).
fn in_chinese(cmd: clap::Command) -> clap::Command {
    use crate::render::lang::{ABOUT_ZH, command_zh, option_zh_in};
    // The Chinese text of an option names its values itself: clap's list of them, with their
    // English help, is hidden.
    fn option(sub: &str, a: clap::Arg) -> clap::Arg {
        match option_zh_in(sub, a.get_id().as_str()) {
            Some(text) => {
                let listed = !a.get_possible_values().is_empty();
                a.help(wrap_chinese(text, HELP_COLUMNS))
                    .long_help(None::<&str>)
                    .hide_possible_values(listed)
                    .hide_default_value(listed)
            }
            None => a,
        }
    }
    cmd.about(ABOUT_ZH.0)
        .long_about(wrap_chinese(ABOUT_ZH.1, 78))
        .mut_args(|a| option("", a))
        .mut_subcommands(|s| {
            let name = s.get_name().to_string();
            let s = match command_zh(&name) {
                Some(text) => s
                    .about(wrap_chinese(text, HELP_COLUMNS))
                    .long_about(None::<&str>),
                None => s,
            };
            s.mut_args(|a| option(&name, a))
        })
}

/// The width, in terminal columns, of a line of Chinese help: what is left beside clap's indent
/// (30 columns in `-h`, where clap adds `[default: …]` after it) on a 100-column line.
const HELP_COLUMNS: usize = 56;

/// Chinese text broken into lines of at most `columns` terminal columns (a Chinese character
/// takes two). clap wraps only at ASCII spaces and counts a Chinese character as one column, so
/// an unbroken Chinese sentence would run off the terminal. A line may break between any two
/// Chinese characters, never inside an ASCII word nor before closing punctuation. O(length).
fn wrap_chinese(text: &str, columns: usize) -> String {
    let wide = |c: char| c as u32 >= 0x2E80;
    // Tokens: a backquoted span (code to type, never broken), an ASCII word, a space, or one
    // wide character.
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if c == '`' {
            quoted = !quoted;
        }
        let word_char = quoted || c == '`' || (c.is_ascii() && c != ' ' && c != '\n');
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        if !word_char {
            tokens.push(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    let mut out = String::with_capacity(text.len() + text.len() / columns.max(1));
    let mut width = 0;
    for token in tokens {
        if token == "\n" {
            out.push('\n');
            width = 0;
            continue;
        }
        let w: usize = token.chars().map(|c| if wide(c) { 2 } else { 1 }).sum();
        let closing = token
            .chars()
            .next()
            .is_some_and(|c| "，。、；：）」』”！？".contains(c));
        if width > 0 && width + w > columns && !closing {
            out.push('\n');
            width = 0;
            if token == " " {
                continue;
            }
        }
        out.push_str(token);
        width += w;
    }
    out
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "'{s}' is not one ASCII character (or tab, comma, semicolon)"
        )),
    }
}

fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding '{s}' (e.g. utf-8, utf-16le, utf-16be, gbk, gb18030, big5)")
    })
}

/// A mistake in how the command was called (exit code 2), as opposed to a failure (exit code 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A mistake in how the command was called (exit code 2), or with `usage` false a failure
/// (exit code 1), in English and Chinese: the command line's own messages, worded where the
/// options are.
#[derive(Debug)]
pub struct Usage {
    pub en: String,
    pub zh: String,
    pub usage: bool,
}

impl Usage {
    /// A usage error (exit code 2), worded in both languages.
    pub fn error(en: impl Into<String>, zh: impl Into<String>) -> anyhow::Error {
        Usage {
            en: en.into(),
            zh: zh.into(),
            usage: true,
        }
        .into()
    }

    /// A failure (exit code 1), worded in both languages.
    pub fn failure(en: impl Into<String>, zh: impl Into<String>) -> anyhow::Error {
        Usage {
            en: en.into(),
            zh: zh.into(),
            usage: false,
        }
        .into()
    }
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Usage {}

/// Whether an error is a mistake in how the command was called (exit code 2) rather than a
/// failure (exit code 1).
pub fn is_usage(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<UsageError>()
            || c.downcast_ref::<Usage>().is_some_and(|u| u.usage)
            || c.downcast_ref::<crate::case::Error>()
                .is_some_and(crate::case::Error::is_usage)
    })
}

/// The text of an error as `main` prints it after `wildchain: `, in `lang`: each link of its
/// chain, `: ` (`：`) between. In Chinese each typed error is worded by
/// [`crate::render::errors::word`]; the text a context adds, and errors of other types, stay as
/// they are.
pub fn message(e: &anyhow::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{e:#}");
    }
    let parts: Vec<String> = e
        .chain()
        .map(|c| match c.downcast_ref::<Usage>() {
            Some(u) => u.zh.clone(),
            None => crate::render::errors::word(c, lang).unwrap_or_else(|| c.to_string()),
        })
        .collect();
    crate::render::lang::file_name(&parts.join("："), lang).into_owned()
}

/// How the global options say to print: `--format`, `--lang` (else the locale's language),
/// `--unit`, `--raw-csv`. Built once by [`run`] and handed to the command.
pub fn style(g: &GlobalArgs) -> Style {
    Style {
        format: g.format.into(),
        lang: g.lang.map_or_else(Lang::from_env, Lang::from),
        unit: g.unit,
        raw_csv: g.raw_csv,
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.globals;
    let style = &style(g);
    match &cli.command {
        Command::Analyze(a) => analyze::run(a, g, style),
        Command::Upstream(a) => trace::run(a, g, style, crate::analysis::Direction::Upstream),
        Command::Downstream(a) => trace::run(a, g, style, crate::analysis::Direction::Downstream),
        Command::Chains(a) => chains::run(a, g, style),
        Command::Totals(a) => totals::run(a, g, style),
        Command::Dot(a) => dot::run(a, g, style),
        Command::Balance(a) => balance::run(a, g, style),
        Command::Players(a) => players::run(a, g, style),
        Command::Networks(a) => networks::run(a, g, style),
        Command::Report(a) => report::run(a, g, style),
        Command::Export(a) => export::run(a, g, style),
        Command::Generate(a) => generate::run(a, g),
        Command::Links(a) => links::run(a, g, style),
        Command::Validate(a) => validate::run(a, g, style),
        Command::Normalize(a) => normalize::run(a, g, style),
        Command::Species(a) => species::run(a, g, style),
        Command::Value(a) => value::run(a, g, style),
        Command::Disrupt(a) => disrupt::run(a, g, style),
        Command::Places(a) => places::run(a, g, style),
    }
}

/// A file given on the command line, whole; one that cannot be read is ingest's typed error, so
/// that it is said in the user's language.
fn read_given(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|error| {
        ingest::Error::File {
            doing: "read",
            path: path.to_path_buf(),
            error,
        }
        .into()
    })
}

/// A small text file given on the command line (species table, aliases), decoded like case files.
fn read_small_text(path: &Path) -> Result<String> {
    let bytes = read_given(path)?;
    ingest::decode_text(&bytes).with_context(|| path.display().to_string())
}

/// The ingest options the global options say: detection overrides, the species table (built-in
/// plus `--species-table`) and the party aliases.
pub fn ingest_options(g: &GlobalArgs) -> Result<IngestOptions> {
    let mut opts = IngestOptions::new().map_err(anyhow::Error::msg)?;
    opts.default_unit = g.default_unit;
    opts.encoding = g.encoding;
    opts.delimiter = g.delimiter;
    opts.sheet = g.sheet.clone();
    opts.year = g.read.year;
    opts.map = ExplicitMap::merge(&g.map).map_err(|e| {
        let zh = crate::render::errors::word(&e, Lang::Zh).unwrap_or_else(|| e.to_string());
        Usage::error(e.to_string(), zh)
    })?;
    if let Some(path) = &g.species_table {
        let origin = path.display().to_string();
        let rows = parse_table(&read_small_text(path)?, &origin)?;
        let table = (*opts.species).clone();
        opts.species = Arc::new(table.with_rows(rows, &origin)?);
    }
    if let Some(path) = &g.conversions {
        let table = (*opts.species).clone();
        let c = Conversions::parse(&read_small_text(path)?, &path.display().to_string(), &table)?;
        opts.species = Arc::new(table.with_conversions(c));
    }
    if let Some(path) = &g.aliases {
        let origin = path.display().to_string();
        opts.aliases = Arc::new(PartyAliases::parse(&read_small_text(path)?, &origin)?);
    }
    if let Some(path) = &g.read.parties {
        let origin = path.display().to_string();
        let bytes = read_given(path)?;
        opts.parties = Some(Arc::new(
            ingest::parties::PartiesFile::from_bytes(&bytes, &origin)
                .map_err(anyhow::Error::msg)?,
        ));
    }
    Ok(opts)
}

/// The case options the global options say.
///
/// # Errors
/// `--links` with `--input` (a usage error), or a species table or alias file that cannot be read.
pub fn case_options(g: &GlobalArgs) -> Result<Options> {
    options_reading(g, &g.input, RowsGiven::Input)
}

/// The case options the global options say, reading `rows` as the case files.
fn options_reading(g: &GlobalArgs, rows: &[String], given: RowsGiven) -> Result<Options> {
    let sources = |v: &[String]| v.iter().map(|s| Source::from_arg(s)).collect();
    let inputs = Inputs::new(sources(rows), sources(&g.links), given).map_err(case_error)?;
    Ok(Options {
        inputs,
        ingest: ingest_options(g)?,
        strict: g.strict,
        network: g.network,
    })
}

/// A case error for the command line, kept typed: [`is_usage`] tells a usage error (exit 2).
fn case_error(e: crate::case::Error) -> anyhow::Error {
    e.into()
}

/// Loads the case as the options say, writing the `--rejects` file (never onto a file read, nor
/// `-o`; `also` are files read besides the global options'), without printing the warnings.
fn read_case(
    g: &GlobalArgs,
    style: &Style,
    opts: &Options,
    also: &[String],
    more: &[&Path],
) -> Result<Case> {
    let mut rejects = match &g.rejects {
        Some(path) => {
            // Without -o the result goes to standard output: the rejected rows go elsewhere.
            let table = g.output.as_deref().unwrap_or(Path::new("-"));
            Some(crate::render::output_apart(
                Some(path),
                &read_paths(g, also, more),
                &[table],
            )?)
        }
        None => None,
    };
    let loaded = Case::load_with(
        opts,
        rejects.as_mut().map(|o| RejectsOut {
            out: o as &mut dyn Write,
            raw_csv: style.raw_csv,
        }),
    );
    if let Some(out) = rejects
        && loaded.as_ref().map_or_else(|e| e.after_rejects(), |_| true)
    {
        out.finish()?;
    }
    loaded.map_err(case_error)
}

/// Loads the case as the global options say: writes the `--rejects` file, prints the warnings.
///
/// # Errors
/// As [`Case::load_with`]; rows mixed with links and a `--network` the data does not have are
/// usage errors.
pub fn load(g: &GlobalArgs, style: &Style) -> Result<Case> {
    load_reading(g, style, &[])
}

/// [`load`] for a command that reads files `more` besides those of the global options (never
/// written onto by `--rejects`).
///
/// # Errors
/// As [`load`].
pub fn load_reading(g: &GlobalArgs, style: &Style, more: &[&Path]) -> Result<Case> {
    let case = read_case(g, style, &case_options(g)?, &[], more)?;
    if !case.warnings.is_empty() {
        crate::timing::clear_line();
        let mut err = std::io::stderr().lock();
        for w in &case.warnings {
            crate::render::warnings::write_warning(&mut err, w, g.rejects.is_some(), style.lang)?;
        }
    }
    Ok(case)
}

/// Loads the case of `validate`: its FILE arguments (else `--input`, `--links` or the embedded
/// case), every row read whatever `--strict` and `--network` say; writes the `--rejects` file,
/// prints no warning (validate's findings say it all).
fn load_for_validate(g: &GlobalArgs, style: &Style, files: &[String]) -> Result<Case> {
    let mut opts = match files.is_empty() {
        true => case_options(g)?,
        false => options_reading(g, files, RowsGiven::Files)?,
    };
    opts.strict = false;
    opts.network = None;
    read_case(g, style, &opts, files, &[])
}

/// The graph of a case (of one species' flows when given).
pub fn graph(case: &Case, species: Option<&str>) -> SupplyGraph {
    SupplyGraph::of_case(case, species)
}

/// Refuses `--format dot` for commands that draw nothing.
pub fn no_dot(style: &Style, command: &str) -> Result<()> {
    if style.format == Format::Dot {
        return Err(Usage::error(
            format!("--format dot is for upstream, downstream, chains and dot, not {command}"),
            format!(
                "--format dot 只用于 `upstream`、`downstream`、`chains` 和 `dot`，不用于 `{command}`"
            ),
        ));
    }
    Ok(())
}

/// Opens the output (stdout or `-o`, never one of the inputs), lets `write` fill it, and
/// finishes it (a file is renamed into place only when complete).
/// `write` is a renderer's (an [`std::io::Result`]) or a command's own (an [`anyhow::Result`]).
pub fn emit<E: Into<anyhow::Error>>(
    g: &GlobalArgs,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> Result<()> {
    emit_apart(g, &[], &[], write)
}

/// [`emit`] for a command that reads files `also` besides those of the global options.
fn emit_reading<E: Into<anyhow::Error>>(
    g: &GlobalArgs,
    also: &[String],
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> Result<()> {
    emit_apart(g, also, &[], write)
}

/// [`emit`] for a command that reads files `also` (arguments) and `more` (paths) besides those
/// of the global options: `-o` is none of them, nor the `--rejects` file.
pub fn emit_apart<E: Into<anyhow::Error>>(
    g: &GlobalArgs,
    also: &[String],
    more: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> Result<()> {
    let others: Vec<&Path> = g.rejects.iter().map(PathBuf::as_path).collect();
    let mut out =
        crate::render::output_apart(g.output.as_deref(), &read_paths(g, also, more), &others)?;
    write(&mut out).map_err(Into::into)?;
    out.finish()?;
    Ok(())
}

/// Every file the command reads: inputs, links files, the species table, the conversions, the
/// aliases, `also` (arguments, `-` left out) and `more`.
pub fn read_paths<'a>(g: &'a GlobalArgs, also: &'a [String], more: &[&'a Path]) -> Vec<&'a Path> {
    let mut v: Vec<&Path> = (g.input.iter().chain(&g.links).chain(also))
        .filter(|s| s.as_str() != "-")
        .map(Path::new)
        .collect();
    v.extend(g.species_table.as_deref());
    v.extend(g.conversions.as_deref());
    v.extend(g.aliases.as_deref());
    v.extend(g.read.parties.as_deref());
    v.extend(more);
    v
}

#[cfg(test)]
mod tests {
    use super::wrap_chinese;

    #[test]
    fn chinese_help_lines_fit_and_keep_every_character() {
        let text = "交易记录的案件文件（.csv/.tsv/.txt、.xlsx/.xls/.ods、.parquet）；可重复给出多个文件（合为一个数据集）；`-` 为标准输入。";
        let wrapped = wrap_chinese(text, 20);
        for line in wrapped.lines() {
            let w: usize = line
                .chars()
                .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
                .sum();
            // Closing marks may hang over (here at most two: `）；`).
            assert!(w <= 24, "{line:?} is {w} columns");
            assert!(!line.starts_with(['，', '）', '；', '。', ' ']), "{line:?}");
        }
        assert!(wrapped.lines().count() > 3);
        assert!(
            wrapped.contains(".xlsx/.xls/.ods"),
            "an ASCII word was cut: {wrapped}"
        );
        assert_eq!(wrapped.replace(['\n', ' '], ""), text.replace(' ', ""));
    }
}
