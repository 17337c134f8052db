//! Leads in words: the one-line reason of each lead (facts from [`crate::analysis::leads`]) with
//! the case's names and weights in the unit the reader asked for, as JSON and as the table of
//! `analyze`.

use std::fmt::{self, Display, Formatter};
use std::sync::LazyLock;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::lang::Lang;
use super::{Cell, Col, Names, Sheet, Style, human_number};
use crate::analysis::leads::{Amount, Facts, Lead, LeadKind};
use crate::case::Case;
use crate::units::{MassUnit, mg_to_kg};

/// The unit in brackets after a weight: 斤 after kg (`625 kg (1,250 斤)`), kg after any other
/// unit (`1,250 斤 (625 kg)`, `12,500 两 (625 kg)`).
pub fn bracket_unit(unit: MassUnit) -> MassUnit {
    // 斤 as the units table defines it, looked up once.
    static JIN: LazyLock<MassUnit> = LazyLock::new(|| "斤".parse().unwrap_or(MassUnit::KG));
    if unit == MassUnit::KG {
        *JIN
    } else {
        MassUnit::KG
    }
}

/// A weight for a sentence: in the reader's unit with thousands separators, then in brackets in
/// [`bracket_unit`]: `625 kg (1,250 斤)`.
#[derive(Debug, Clone, Copy)]
pub struct Weight {
    pub mg: i64,
    pub unit: MassUnit,
}

impl Display for Weight {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kg = mg_to_kg(self.mg);
        let other = bracket_unit(self.unit);
        write!(
            f,
            "{} {} ({} {})",
            grouped(self.unit.from_kg(kg)),
            self.unit.name(),
            grouped(other.from_kg(kg)),
            other.name()
        )
    }
}

/// A number with thousands separators: `1,250`, `0.5`.
fn grouped(x: f64) -> String {
    let s = human_number(x);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(s.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Whether a row (source index, 1-based row) has a problem: a lead resting on such a row says so.
pub type RowProblem<'a> = &'a dyn Fn(u32, u32) -> bool;

/// The rows of the case that have a problem, as the leads see them: a row with a cell that
/// could not be read ([`Case::problems_at`]). THE ONE PLACE where the marks of problem cells are
/// wired into the leads.
///
/// # Complexity
/// O(log P) a row for P cell problems.
pub fn row_problems(case: &Case) -> impl Fn(u32, u32) -> bool + '_ {
    move |file, row| !case.problems_at((file, u64::from(row))).is_empty()
}

/// The reason of a lead, in one line, in the style's language, weights in its unit; when a row
/// it rests on has a problem (`problem`), it says so at the end.
#[derive(Clone, Copy)]
pub struct Sentence<'a> {
    pub case: &'a Case,
    pub lead: &'a Lead,
    pub style: &'a Style,
    pub problem: RowProblem<'a>,
}

impl Sentence<'_> {
    /// `(rests on FILE row N, which has a problem)`, for the first row of evidence with one.
    fn fmt_problem(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Some(&(file, row)) = self
            .lead
            .evidence
            .iter()
            .find(|&&(file, row)| (self.problem)(file, row))
        else {
            return Ok(());
        };
        let name = self
            .case
            .data
            .sources
            .get(file as usize)
            .map_or("?", |s| s.name.as_str());
        if self.style.zh() {
            write!(f, "（所依据的 {name} 第 {row} 行有问题）")
        } else {
            write!(f, " (rests on {name} row {row}, which has a problem)")
        }
    }

    /// The sentence without the note on problem rows.
    fn fmt_facts(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.style.zh() {
            self.fmt_zh(f)
        } else {
            self.fmt_en(f)
        }
    }
}

/// Names joined with `, ` (`、` in Chinese); past [`LIST_NAMES`] names, the first of them and
/// how many more.
struct List<'a>(&'a [String], &'a [u32], Lang);

/// Most names a sentence lists.
const LIST_NAMES: usize = 8;

impl Display for List<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let n = self.1.len();
        let shown = if n > LIST_NAMES { LIST_NAMES - 2 } else { n };
        for (i, &id) in self.1.iter().take(shown).enumerate() {
            if i > 0 {
                f.write_str(self.2.pick(", ", "、"))?;
            }
            f.write_str(&self.0[id as usize])?;
        }
        if shown < n {
            match self.2 {
                Lang::Zh => write!(f, "等 {n} 个")?,
                _ => write!(f, " and {} more", n - shown)?,
            }
        }
        Ok(())
    }
}

/// Province names (by GB/T 2260 code) joined with `, ` (`、` in Chinese); past
/// [`PROVINCES_NAMED`], the first of them and how many more.
struct Provinces<'a>(&'a [u32], Lang);

/// Most provinces a sentence names.
const PROVINCES_NAMED: usize = 4;

impl Display for Provinces<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        let shown = if n > PROVINCES_NAMED {
            PROVINCES_NAMED - 1
        } else {
            n
        };
        for (i, &code) in self.0.iter().take(shown).enumerate() {
            if i > 0 {
                f.write_str(self.1.pick(", ", "、"))?;
            }
            f.write_str(&crate::case::places::region_name(Some(code)))?;
        }
        if shown < n {
            match self.1 {
                Lang::Zh => write!(f, "等 {n} 个省份")?,
                _ => write!(f, " and {} more provinces", n - shown)?,
            }
        }
        Ok(())
    }
}

/// What a party bought from (or sold into) other provinces: the known weight and its rows, those
/// of unknown weight apart (`625 kg (1,250 斤) in 4 rows, 1 of unknown weight`; `an unknown weight
/// in 1 row`).
struct Carried<'a>(&'a crate::analysis::places::Weighed, MassUnit, Lang);

impl Display for Carried<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Carried(w, unit, lang) = *self;
        let rows = grouped(w.transactions as f64);
        let unknown = grouped(w.unknown_weight as f64);
        match (w.known_mg, lang) {
            (Some(mg), Lang::Zh) => write!(f, " {}，共 {rows} 行", Weight { mg, unit })?,
            (None, Lang::Zh) => write!(f, "重量不明，共 {rows} 行")?,
            (Some(mg), _) => {
                let s = if w.transactions == 1 { "" } else { "s" };
                write!(f, "{} in {rows} row{s}", Weight { mg, unit })?
            }
            (None, _) => {
                let s = if w.transactions == 1 { "" } else { "s" };
                write!(f, "an unknown weight in {rows} row{s}")?
            }
        }
        if w.known_mg.is_some() && w.unknown_weight > 0 {
            match lang {
                Lang::Zh => write!(f, "（其中 {unknown} 行重量不明）")?,
                _ => write!(f, ", {unknown} of unknown weight")?,
            }
        }
        Ok(())
    }
}

/// A Gould–Fernandez role in words.
fn role_word(r: crate::analysis::places::BrokerRole, lang: Lang) -> &'static str {
    use crate::analysis::places::BrokerRole::*;
    match r {
        Coordinator => lang.pick("coordinator", "协调者"),
        Itinerant => lang.pick("itinerant", "流动者"),
        Gatekeeper => lang.pick("gatekeeper", "守门人"),
        Representative => lang.pick("representative", "代表者"),
        Liaison => lang.pick("liaison", "联络者"),
        Unknown => lang.pick("of unknown region", "地区不明"),
    }
}

impl Display for Sentence<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.fmt_facts(f)?;
        self.fmt_problem(f)
    }
}

impl Sentence<'_> {
    /// The sentence in English.
    fn fmt_en(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Sentence {
            case, lead, style, ..
        } = *self;
        let (unit, lang) = (style.unit, style.lang);
        let (parties, species) = (&case.data.parties, &case.data.species);
        let p = lead.parties.first().map_or("", |&id| &parties[id as usize]);
        let s = lead.species.first().map_or("", |&id| &species[id as usize]);
        let weight = |mg: Option<i64>| -> String {
            mg.map_or("an unknown weight".to_string(), |mg| {
                Weight { mg, unit }.to_string()
            })
        };
        // The difference a balance lead is about; an unknown one reads as 0.
        let difference = || Weight {
            mg: lead.weight_mg.unwrap_or(0),
            unit,
        };
        match &lead.facts {
            Facts::Origin {
                never_buys: true,
                unknown_weight,
            } => {
                let what = match (lead.weight_mg, unknown_weight) {
                    (Some(mg), false) => Weight { mg, unit }.to_string(),
                    (Some(mg), true) => {
                        format!(
                            "at least {} and more of unknown weight",
                            Weight { mg, unit }
                        )
                    }
                    (None, _) => "an unknown weight".to_string(),
                };
                write!(f, "{p} sold {what} of ")?;
                if lead.species.len() == 1 {
                    f.write_str(s)?;
                } else {
                    let n = lead.species.len();
                    write!(f, "{n} species ({})", List(species, &lead.species, lang))?;
                }
                write!(f, " with no recorded supplier: where did it come from?")
            }
            Facts::Origin { .. } => write!(
                f,
                "{p} sold {} of {s} but never bought {s}: where did it come from?",
                weight(lead.weight_mg)
            ),
            Facts::UnexplainedSupply {
                amount: Amount::Weight { sold_mg, bought_mg },
            } => write!(
                f,
                "{p} sold {} of {s} but bought {}: {} has no recorded supplier",
                weight(*sold_mg),
                weight(*bought_mg),
                difference()
            ),
            Facts::UnexplainedSupply {
                amount: Amount::Animals { sold, bought },
            } => write!(
                f,
                "{p} sold {} animals of {s} but bought {}: {} have no recorded supplier",
                grouped(*sold as f64),
                grouped(*bought as f64),
                grouped((sold - bought) as f64)
            ),
            Facts::UnsoldStock {
                amount: Amount::Weight { sold_mg, bought_mg },
            } => write!(
                f,
                "{p} bought {} of {s} but sold {}: {} unaccounted for (stock, losses or buyers not in the case)",
                weight(*bought_mg),
                weight(*sold_mg),
                difference()
            ),
            Facts::UnsoldStock {
                amount: Amount::Animals { sold, bought },
            } => write!(
                f,
                "{p} bought {} animals of {s} but sold {}: {} unaccounted for (stock, losses or buyers not in the case)",
                grouped(*bought as f64),
                grouped(*sold as f64),
                grouped((bought - sold) as f64)
            ),
            Facts::NegativeStock { date } => write!(
                f,
                "{p} sold {s} on {date} before it had bought enough: its stock went below zero"
            ),
            Facts::Indeterminate {
                unknown_rows,
                first_unknown,
                blocked,
                generic,
                mixed,
                others,
            } => {
                write!(f, "the balance of {p} cannot be judged: ")?;
                // Every reason there is, joined; never a sentence that stops at its colon.
                let mut said = false;
                let mut next = |f: &mut Formatter<'_>| -> fmt::Result {
                    if std::mem::replace(&mut said, true) {
                        f.write_str("; ")?;
                    }
                    Ok(())
                };
                if *unknown_rows > 0 {
                    next(f)?;
                    let verb = if *unknown_rows == 1 { "has" } else { "have" };
                    write!(f, "{unknown_rows} of its rows {verb} no known weight")?;
                    if let Some(row) = first_unknown {
                        write!(f, " (first: {})", case.locate(*row))?;
                    }
                }
                if !blocked.is_empty() && !generic.is_empty() {
                    next(f)?;
                    write!(
                        f,
                        "its rows labelled {} (species not given) may include its {}",
                        List(species, generic, lang),
                        List(species, blocked, lang)
                    )?;
                }
                if *mixed {
                    next(f)?;
                    write!(
                        f,
                        "its {} is given in animals in some rows and in weight in others, which do not compare",
                        List(species, &lead.species, lang)
                    )?;
                }
                if !others.is_empty() {
                    next(f)?;
                    write!(
                        f,
                        "its rows of {} may hold (or be held by) its {}",
                        List(species, others, lang),
                        List(species, &lead.species, lang)
                    )?;
                }
                if !said {
                    write!(
                        f,
                        "what it bought and sold of {} is not known in one measure",
                        List(species, &lead.species, lang)
                    )?;
                }
                Ok(())
            }
            Facts::KeyParty {
                chain_share,
                labels,
                handled_mg,
                total_mg,
            } => {
                f.write_str(p)?;
                if !labels.is_empty() {
                    let words: Vec<&str> = labels
                        .iter()
                        .map(|&l| crate::render::lang::label(l, crate::render::lang::Lang::En))
                        .collect();
                    write!(f, " ({})", words.join(", "))?;
                }
                // "Cannot work without it" only when it is on every chain: a claim the share holds.
                if on_every_chain(*chain_share) {
                    f.write_str(
                        " lies on every source-to-sink chain: the network cannot work without it",
                    )
                } else {
                    let pct = human_number(chain_share * 100.0);
                    write!(f, " lies on {pct}% of the source-to-sink chains")?;
                    if let Some(h) = handled_mg {
                        write!(
                            f,
                            " and handled {} of the case's {}",
                            Weight { mg: *h, unit },
                            Weight {
                                mg: *total_mg,
                                unit
                            }
                        )?;
                    }
                    f.write_str(": the party most chains pass through")
                }
            }
            Facts::PriceJump {
                basis,
                bought,
                sold,
            } => write!(
                f,
                "{p} buys {s} at {} and sells it at {}: the price is {} times as high after this party",
                super::value::Price(*bought, *basis, unit, lang),
                super::value::Price(*sold, *basis, unit, lang),
                human_number(super::value::ratio(bought, sold, *basis))
            ),
            Facts::Processing { bought, sold } => write!(
                f,
                "{p} bought {} ({}) and sold {}: a processing step (whole animals in, parts \
                 out)? The balance compares them only with a stated factor (--conversions)",
                List(species, bought, lang),
                weight(lead.weight_mg),
                List(species, sold, lang)
            ),
            Facts::Cycle => write!(
                f,
                "{} sell to each other in a cycle: goods going round, or an error in the data",
                List(parties, &lead.parties, lang)
            ),
            Facts::CrossBorder(b) => {
                let (from, to) = (Provinces(&b.from, lang), Provinces(&b.to, lang));
                write!(
                    f,
                    "{p} sends what it buys in {from} on to {to}: from {from} it bought {}; into {to} it sold {} ({} in {}: {} of its supplier → customer paths cross a border)",
                    Carried(&b.bought, unit, lang),
                    Carried(&b.sold, unit, lang),
                    role_word(b.role, lang),
                    Provinces(&[b.region], lang),
                    grouped(b.two_paths as f64)
                )
            }
            Facts::QuietSources {
                sources,
                unknown,
                below,
                floor_mg,
                border,
            } => {
                if *sources > 0 {
                    let s = if *sources == 1 { "" } else { "s" };
                    write!(
                        f,
                        "{} source{s} with no recorded supplier",
                        grouped(*sources as f64)
                    )?;
                    if !lead.parties.is_empty() {
                        write!(f, " ({})", List(parties, &lead.parties, lang))?;
                    }
                    match lead.weight_mg {
                        Some(mg) => write!(f, ", {}", Weight { mg, unit })?,
                        None => f.write_str(", of unknown weight")?,
                    }
                    if *unknown > 0 && lead.weight_mg.is_some() {
                        write!(f, " and {} of unknown weight", grouped(*unknown as f64))?;
                    }
                    f.write_str(", each below the floor")?;
                }
                if *below > 0 {
                    if *sources > 0 {
                        f.write_str("; ")?;
                    }
                    let s = if *below == 1 { "" } else { "s" };
                    write!(f, "{} smaller finding{s}", grouped(*below as f64))?;
                }
                if *sources + *below > 0 {
                    write!(
                        f,
                        ": not listed one by one (floor: {}, --min-share)",
                        Weight {
                            mg: *floor_mg,
                            unit
                        }
                    )?;
                }
                if *border > 0 {
                    if *sources + *below > 0 {
                        f.write_str("; ")?;
                    }
                    let who = if *border == 1 { "party" } else { "parties" };
                    write!(
                        f,
                        "{} more {who} carrying goods across a province border, past the first {}: not listed one by one (wildchain places lists them all)",
                        grouped(*border as f64),
                        crate::analysis::leads::BORDER_LISTED
                    )?;
                }
                Ok(())
            }
        }
    }
}

use crate::analysis::leads::on_every_chain;

impl Sentence<'_> {
    /// The sentence in Chinese, in the words of case files (收购/出售, 上家/下家, 源头).
    fn fmt_zh(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Sentence {
            case, lead, style, ..
        } = *self;
        let (unit, lang) = (style.unit, style.lang);
        let (parties, species) = (&case.data.parties, &case.data.species);
        let p = lead.parties.first().map_or("", |&id| &parties[id as usize]);
        let s = lead.species.first().map_or("", |&id| &species[id as usize]);
        let weight = |mg: Option<i64>| -> String {
            mg.map_or("重量不明".to_string(), |mg| {
                Weight { mg, unit }.to_string()
            })
        };
        let difference = || Weight {
            mg: lead.weight_mg.unwrap_or(0),
            unit,
        };
        match &lead.facts {
            Facts::Origin {
                never_buys: true,
                unknown_weight,
            } => {
                write!(f, "{p} 出售")?;
                if lead.species.len() == 1 {
                    f.write_str(s)?;
                } else {
                    let n = lead.species.len();
                    write!(f, " {n} 个物种（{}）", List(species, &lead.species, lang))?;
                }
                match (lead.weight_mg, unknown_weight) {
                    (Some(mg), false) => write!(f, "共 {}", Weight { mg, unit })?,
                    (Some(mg), true) => {
                        write!(f, "至少 {}（另有重量不明的部分）", Weight { mg, unit })?
                    }
                    (None, _) => f.write_str("，重量不明")?,
                }
                f.write_str("，没有记录的上家：货源从何而来？")
            }
            Facts::Origin { .. } => write!(
                f,
                "{p} 出售{s} {}，却从未收购过{s}：货源从何而来？",
                weight(lead.weight_mg)
            ),
            Facts::UnexplainedSupply {
                amount: Amount::Weight { sold_mg, bought_mg },
            } => write!(
                f,
                "{p} 出售{s} {}，但只收购了 {}：其中 {} 没有记录的上家",
                weight(*sold_mg),
                weight(*bought_mg),
                difference()
            ),
            Facts::UnexplainedSupply {
                amount: Amount::Animals { sold, bought },
            } => write!(
                f,
                "{p} 出售{s} {} 条/只，但只收购了 {} 条/只：其中 {} 条/只没有记录的上家",
                grouped(*sold as f64),
                grouped(*bought as f64),
                grouped((sold - bought) as f64)
            ),
            Facts::UnsoldStock {
                amount: Amount::Weight { sold_mg, bought_mg },
            } => write!(
                f,
                "{p} 收购{s} {}，但只出售了 {}：{} 去向不明（库存、损耗或案外买家）",
                weight(*bought_mg),
                weight(*sold_mg),
                difference()
            ),
            Facts::UnsoldStock {
                amount: Amount::Animals { sold, bought },
            } => write!(
                f,
                "{p} 收购{s} {} 条/只，但只出售了 {} 条/只：{} 条/只去向不明（库存、损耗或案外买家）",
                grouped(*bought as f64),
                grouped(*sold as f64),
                grouped((bought - sold) as f64)
            ),
            Facts::NegativeStock { date } => {
                write!(f, "{p} 于 {date} 出售{s}时尚未收购足够数量：库存低于零")
            }
            Facts::Indeterminate {
                unknown_rows,
                first_unknown,
                blocked,
                generic,
                mixed,
                others,
            } => {
                write!(f, "{p} 的收购与出售无法核对：")?;
                let mut said = false;
                let mut next = |f: &mut Formatter<'_>| -> fmt::Result {
                    if std::mem::replace(&mut said, true) {
                        f.write_str("；")?;
                    }
                    Ok(())
                };
                if *unknown_rows > 0 {
                    next(f)?;
                    write!(f, "其 {unknown_rows} 行没有已知重量")?;
                    if let Some(row) = first_unknown {
                        write!(
                            f,
                            "（首行：{}）",
                            crate::render::lang::locate(case, *row, Lang::Zh)
                        )?;
                    }
                }
                if !blocked.is_empty() && !generic.is_empty() {
                    next(f)?;
                    write!(
                        f,
                        "其标为{}（未写明物种）的行可能包括其{}",
                        List(species, generic, lang),
                        List(species, blocked, lang)
                    )?;
                }
                if *mixed {
                    next(f)?;
                    write!(
                        f,
                        "其{}有的行记只数、有的行记重量，无法相比",
                        List(species, &lead.species, lang)
                    )?;
                }
                if !others.is_empty() {
                    next(f)?;
                    write!(
                        f,
                        "其{}的行可能包含（或被包含于）其{}",
                        List(species, others, lang),
                        List(species, &lead.species, lang)
                    )?;
                }
                if !said {
                    write!(
                        f,
                        "其{}的收购与出售没有同一计量可比",
                        List(species, &lead.species, lang)
                    )?;
                }
                Ok(())
            }
            Facts::KeyParty {
                chain_share,
                labels,
                handled_mg,
                total_mg,
            } => {
                f.write_str(p)?;
                if !labels.is_empty() {
                    let words: Vec<&str> = labels
                        .iter()
                        .map(|&l| crate::render::lang::label(l, crate::render::lang::Lang::Zh))
                        .collect();
                    write!(f, "（{}）", words.join("、"))?;
                }
                if on_every_chain(*chain_share) {
                    f.write_str("位于每一条从源头到终端买家的供应链上：网络离不开此人")
                } else {
                    let pct = human_number(chain_share * 100.0);
                    write!(f, "位于 {pct}% 的从源头到终端买家的供应链上")?;
                    if let Some(h) = handled_mg {
                        write!(
                            f,
                            "，经手 {}（全案共 {}）",
                            Weight { mg: *h, unit },
                            Weight {
                                mg: *total_mg,
                                unit
                            }
                        )?;
                    }
                    f.write_str("：经其手的供应链最多")
                }
            }
            Facts::PriceJump {
                basis,
                bought,
                sold,
            } => write!(
                f,
                "{p} 以 {} 收购{s}，以 {} 出售：价格经其手涨至 {} 倍",
                super::value::Price(*bought, *basis, unit, lang),
                super::value::Price(*sold, *basis, unit, lang),
                human_number(super::value::ratio(bought, sold, *basis))
            ),
            Facts::Processing { bought, sold } => write!(
                f,
                "{p}收购{}（{}），出售{}：疑为加工环节（整体购入、部分售出）；须有注明出处的\
                 换算系数（--conversions）才能比较",
                List(species, bought, lang),
                weight(lead.weight_mg),
                List(species, sold, lang)
            ),
            Facts::Cycle => write!(
                f,
                "{} 相互买卖形成循环：货物转圈，或数据有误",
                List(parties, &lead.parties, lang)
            ),
            Facts::CrossBorder(b) => {
                let (from, to) = (Provinces(&b.from, lang), Provinces(&b.to, lang));
                write!(
                    f,
                    "{p} 将在{from}收购的货物转卖到{to}：从{from}收购{}，售往{to}{}（{}，所在地{}：其 {} 条上家 → 下家路径跨越省界）",
                    Carried(&b.bought, unit, lang),
                    Carried(&b.sold, unit, lang),
                    role_word(b.role, lang),
                    Provinces(&[b.region], lang),
                    grouped(b.two_paths as f64)
                )
            }
            Facts::QuietSources {
                sources,
                unknown,
                below,
                floor_mg,
                border,
            } => {
                if *sources > 0 {
                    write!(f, "另有 {} 个没有记录上家的源头", grouped(*sources as f64))?;
                    if !lead.parties.is_empty() {
                        write!(f, "（{}）", List(parties, &lead.parties, lang))?;
                    }
                    match lead.weight_mg {
                        Some(mg) => write!(f, "，共 {}", Weight { mg, unit })?,
                        None => f.write_str("，重量不明")?,
                    }
                    if *unknown > 0 && lead.weight_mg.is_some() {
                        write!(f, "，其中 {} 个重量不明", grouped(*unknown as f64))?;
                    }
                    f.write_str("，各自低于门槛")?;
                }
                if *below > 0 {
                    if *sources > 0 {
                        f.write_str("；")?;
                    }
                    write!(f, "另有 {} 条较小的发现", grouped(*below as f64))?;
                }
                if *sources + *below > 0 {
                    write!(
                        f,
                        "：不逐条列出（门槛：{}，--min-share）",
                        Weight {
                            mg: *floor_mg,
                            unit
                        }
                    )?;
                }
                if *border > 0 {
                    if *sources + *below > 0 {
                        f.write_str("；")?;
                    }
                    write!(
                        f,
                        "另有 {} 个跨省转运的当事人（前 {} 个之后）：不逐条列出（wildchain places 列出全部）",
                        grouped(*border as f64),
                        crate::analysis::leads::BORDER_LISTED
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for Sentence<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The weight of a lead in kg, as JSON gives it (null when it is about animals or unknown).
fn weight_kg(lead: &Lead) -> Option<f64> {
    lead.weight_mg.map(mg_to_kg)
}

/// Leads as JSON: a list of objects with the lead's number (`lead`: a party's findings share
/// it), the kind, the names of the parties and species, the weight in kg, the sentence in the
/// style's language and unit, the score and share of the case, and the rows it rests on (the
/// first [`crate::analysis::leads::EVIDENCE_KEPT`], with `evidence_rows` counting them all) and
/// those of them with a cell problem (`problem_rows`). Every lead is there, whatever a table
/// shows.
pub struct LeadViews<'a> {
    pub case: &'a Case,
    pub leads: &'a [Lead],
    pub style: &'a Style,
}

impl Serialize for LeadViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &self.case.data;
        let problems = row_problems(self.case);
        s.collect_seq(self.leads.iter().map(|lead| One {
            lead,
            kind: lead.kind().name(),
            parties: Names(&d.parties, &lead.parties),
            species: Names(&d.species, &lead.species),
            weight_kg: weight_kg(lead),
            detail: Sentence {
                case: self.case,
                lead,
                style: self.style,
                problem: &problems,
            },
            case: self.case,
        }))
    }
}

struct One<'a> {
    lead: &'a Lead,
    kind: &'static str,
    parties: Names<'a, String>,
    species: Names<'a, String>,
    weight_kg: Option<f64>,
    detail: Sentence<'a>,
    case: &'a Case,
}

/// A row of evidence as JSON: `FILE row N`, as every other row reference reads.
struct Row<'a>(&'a Case, (u32, u32));

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (file, row) = self.1;
        s.collect_str(&self.0.locate((file, u64::from(row))))
    }
}

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Lead", 11)?;
        m.serialize_field("lead", &self.lead.group)?;
        m.serialize_field("kind", self.kind)?;
        m.serialize_field("parties", &self.parties)?;
        m.serialize_field("species", &self.species)?;
        m.serialize_field("weight_kg", &self.weight_kg)?;
        m.serialize_field("detail", &self.detail)?;
        m.serialize_field("score", &self.lead.score)?;
        m.serialize_field("share", &self.lead.share)?;
        let rows: Vec<Row> = self
            .lead
            .evidence
            .iter()
            .map(|&r| Row(self.case, r))
            .collect();
        m.serialize_field("evidence", &rows)?;
        m.serialize_field("evidence_rows", &self.lead.evidence_rows)?;
        let problem_rows: Vec<Row> = (self.lead.evidence.iter())
            .filter(|&&(file, row)| (self.detail.problem)(file, row))
            .map(|&r| Row(self.case, r))
            .collect();
        m.serialize_field("problem_rows", &problem_rows)?;
        if let Facts::CrossBorder(b) = &self.lead.facts {
            m.serialize_field("border", &BorderJson::of(b))?;
        }
        m.end()
    }
}

/// A border lead's facts in JSON: provinces by name, the role's key, weights in kg (`null`:
/// none known).
#[derive(Serialize)]
struct BorderJson {
    province: String,
    role: crate::analysis::places::BrokerRole,
    from: Vec<String>,
    to: Vec<String>,
    two_paths: u64,
    bought: CarriedJson,
    sold: CarriedJson,
}

#[derive(Serialize)]
struct CarriedJson {
    known_kg: Option<f64>,
    links: u64,
    transactions: u64,
    unknown_weight_transactions: u64,
}

impl BorderJson {
    fn of(b: &crate::analysis::leads::Border) -> BorderJson {
        let names = |v: &[u32]| -> Vec<String> {
            v.iter()
                .map(|&c| crate::case::places::region_name(Some(c)))
                .collect()
        };
        let carried = |w: &crate::analysis::places::Weighed| CarriedJson {
            known_kg: w.known_kg(),
            links: w.links,
            transactions: w.transactions,
            unknown_weight_transactions: w.unknown_weight,
        };
        BorderJson {
            province: crate::case::places::region_name(Some(b.region)),
            role: b.role,
            from: names(&b.from),
            to: names(&b.to),
            two_paths: b.two_paths,
            bought: carried(&b.bought),
            sold: carried(&b.sold),
        }
    }
}

/// How many of `leads` a table showing `shown` of them leaves out: the line of quiet sources at
/// the end is always shown, so it is never among them.
pub fn leads_left_out(leads: &[Lead], shown: usize) -> usize {
    let listed = leads
        .iter()
        .filter(|l| l.kind() != LeadKind::QuietSources)
        .count();
    listed.saturating_sub(shown)
}

/// "… and N more (--format json lists them all)", or nothing when none is left out.
pub fn more_leads_line(leads: &[Lead], shown: usize, style: &Style) -> Option<String> {
    let n = leads_left_out(leads, shown);
    (n > 0).then(|| {
        style
            .pick(
                "… and {} more (--format json lists them all)",
                "…… 另有 {} 条（--format json 列出全部）",
            )
            .replace("{}", &grouped(n as f64))
    })
}

/// The first `shown` leads as a sheet: number, kind and sentence (in the style's language and
/// unit), and the line of quiet sources when there is one, even past `shown`. A party's further
/// findings follow its first with no number of their own.
pub fn leads_sheet(case: &Case, leads: &[Lead], shown: usize, style: &Style) -> Sheet {
    let problems = row_problems(case);
    leads_sheet_with(case, leads, shown, style, &problems)
}

/// [`leads_sheet`], with the rows that have a problem given by `problem`.
pub fn leads_sheet_with(
    case: &Case,
    leads: &[Lead],
    shown: usize,
    style: &Style,
    problem: RowProblem<'_>,
) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("n", "#"),
        Col::new("kind", "kind"),
        Col::new("detail", "what to look at"),
    ]);
    let listed = leads
        .iter()
        .filter(|l| l.kind() != LeadKind::QuietSources)
        .take(shown);
    let quiet = leads.iter().filter(|l| l.kind() == LeadKind::QuietSources);
    let mut last = None;
    for lead in listed.chain(quiet) {
        let first = last != Some(lead.group);
        last = Some(lead.group);
        let sentence = Sentence {
            case,
            lead,
            style,
            problem,
        }
        .to_string();
        s.push(vec![
            if lead.kind() == LeadKind::QuietSources || !first {
                Cell::text("")
            } else {
                Cell::Int(u64::from(lead.group))
            },
            Cell::text(lead.kind().name()),
            Cell::text(if first {
                sentence
            } else {
                format!("└ {sentence}")
            }),
        ]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded case's findings.
    fn chenxi() -> Case {
        Case::load(&crate::case::Options::embedded().unwrap()).unwrap()
    }

    #[test]
    fn a_lead_resting_on_a_row_with_a_problem_says_so_and_names_the_row() {
        let case = chenxi();
        let f = crate::analysis::findings(&case, 100, 0.1);
        let lead = f.leads.iter().find(|l| l.evidence.len() > 1).unwrap();
        let (file, row) = lead.evidence[1];
        let style = Style::default();
        let marked = |f: u32, r: u32| (f, r) == (file, row);
        let none = |_: u32, _: u32| false;
        let say = |problem: RowProblem<'_>, style: &Style| {
            Sentence {
                case: &case,
                lead,
                style,
                problem,
            }
            .to_string()
        };
        let plain = say(&none, &style);
        let name = &case.data.sources[file as usize].name;
        assert_eq!(
            say(&marked, &style),
            format!("{plain} (rests on {name} row {row}, which has a problem)")
        );
        let zh = Style {
            lang: Lang::Zh,
            ..Style::default()
        };
        assert!(say(&marked, &zh).ends_with(&format!("（所依据的 {name} 第 {row} 行有问题）")));
        // The embedded case has no cell problem: the hook of the leads marks none of its rows.
        assert!(case.data.problems.is_empty());
        assert!(!(row_problems(&case))(file, row));
        // The table takes the same hook.
        let sheet = leads_sheet_with(&case, &f.leads, 25, &style, &marked);
        assert!(format!("{:?}", sheet.rows).contains("which has a problem"));
    }

    #[test]
    fn a_long_list_of_names_is_cut_with_how_many_more() {
        let names: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
        let ids: Vec<u32> = (0..12).collect();
        assert_eq!(
            List(&names, &ids, Lang::En).to_string(),
            "s0, s1, s2, s3, s4, s5 and 6 more"
        );
        assert_eq!(
            List(&names, &ids, Lang::Zh).to_string(),
            "s0、s1、s2、s3、s4、s5等 12 个"
        );
        assert_eq!(
            List(&names, &ids[..8], Lang::En).to_string(),
            "s0, s1, s2, s3, s4, s5, s6, s7"
        );
    }

    fn w(kg: f64, unit: &str) -> String {
        Weight {
            mg: crate::units::kg_to_mg(kg),
            unit: unit.parse().unwrap(),
        }
        .to_string()
    }

    #[test]
    fn weights_read_in_kg_and_jin() {
        assert_eq!(w(625.0, "kg"), "625 kg (1,250 斤)");
        assert_eq!(w(1234567.5, "kg"), "1,234,567.5 kg (2,469,135 斤)");
        assert_eq!(w(0.25, "kg"), "0.25 kg (0.5 斤)");
        assert_eq!(w(0.0, "kg"), "0 kg (0 斤)");
    }

    #[test]
    fn weights_in_another_unit_give_kg_in_brackets() {
        assert_eq!(w(625.0, "斤"), "1,250 斤 (625 kg)");
        assert_eq!(w(625.0, "两"), "12,500 两 (625 kg)");
        assert_eq!(w(1500.0, "t"), "1.5 t (1,500 kg)");
    }

    #[test]
    fn negative_numbers_keep_their_sign_before_the_separators() {
        assert_eq!(grouped(-1234.5), "-1,234.5");
        assert_eq!(grouped(-0.0), "0");
        assert_eq!(grouped(999.0), "999");
    }
}
