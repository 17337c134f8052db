//! Leads in words: the one-line reason of each lead (facts from [`crate::analysis::leads`]) with
//! the case's names and weights in the unit the reader asked for, as JSON and as the table of
//! `analyze`.

use std::fmt::{self, Display, Formatter};
use std::sync::LazyLock;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::lang::Lang;
use super::{Cell, Col, Names, Sheet, Style, human_number};
use crate::analysis::leads::{Amount, Facts, Lead};
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

/// The reason of a lead, in one line, in the style's language, weights in its unit.
#[derive(Clone, Copy)]
pub struct Sentence<'a> {
    pub case: &'a Case,
    pub lead: &'a Lead,
    pub style: &'a Style,
}

/// Names joined with `, ` (`、` in Chinese).
struct List<'a>(&'a [String], &'a [u32], Lang);

impl Display for List<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, &id) in self.1.iter().enumerate() {
            if i > 0 {
                f.write_str(self.2.pick(", ", "、"))?;
            }
            f.write_str(&self.0[id as usize])?;
        }
        Ok(())
    }
}

impl Display for Sentence<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.style.zh() {
            return self.fmt_zh(f);
        }
        let Sentence { case, lead, style } = *self;
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
            } => {
                write!(f, "the balance of {p} cannot be judged: ")?;
                if *unknown_rows > 0 {
                    let verb = if *unknown_rows == 1 { "has" } else { "have" };
                    write!(f, "{unknown_rows} of its rows {verb} no known weight")?;
                    if let Some(row) = first_unknown {
                        write!(f, " (first: {})", case.locate(*row))?;
                    }
                }
                if !blocked.is_empty() && !generic.is_empty() {
                    if *unknown_rows > 0 {
                        f.write_str("; ")?;
                    }
                    write!(
                        f,
                        "its rows labelled {} (species not given) may include its {}",
                        List(species, generic, lang),
                        List(species, blocked, lang)
                    )?;
                }
                Ok(())
            }
            Facts::KeyParty {
                chain_share,
                labels,
            } => {
                f.write_str(p)?;
                if !labels.is_empty() {
                    let words: Vec<&str> = labels
                        .iter()
                        .map(|&l| crate::render::lang::label(l, crate::render::lang::Lang::En))
                        .collect();
                    write!(f, " ({})", words.join(", "))?;
                }
                if *chain_share >= 1.0 - 1e-12 {
                    f.write_str(" lies on every source-to-sink chain")?;
                } else {
                    let pct = human_number(chain_share * 100.0);
                    write!(f, " lies on {pct}% of the source-to-sink chains")?;
                }
                f.write_str(": the network cannot work without it")
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
        }
    }
}

impl Sentence<'_> {
    /// The sentence in Chinese, in the words of case files (收购/出售, 上家/下家, 源头).
    fn fmt_zh(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Sentence { case, lead, style } = *self;
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
            } => {
                write!(f, "{p} 的收购与出售无法核对：")?;
                if *unknown_rows > 0 {
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
                    if *unknown_rows > 0 {
                        f.write_str("；")?;
                    }
                    write!(
                        f,
                        "其标为{}（未写明物种）的行可能包括其{}",
                        List(species, generic, lang),
                        List(species, blocked, lang)
                    )?;
                }
                Ok(())
            }
            Facts::KeyParty {
                chain_share,
                labels,
            } => {
                f.write_str(p)?;
                if !labels.is_empty() {
                    let words: Vec<&str> = labels
                        .iter()
                        .map(|&l| crate::render::lang::label(l, crate::render::lang::Lang::Zh))
                        .collect();
                    write!(f, "（{}）", words.join("、"))?;
                }
                if *chain_share >= 1.0 - 1e-12 {
                    f.write_str("位于每一条从源头到终端买家的供应链上")?;
                } else {
                    let pct = human_number(chain_share * 100.0);
                    write!(f, "位于 {pct}% 的从源头到终端买家的供应链上")?;
                }
                f.write_str("：网络离不开此人")
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

/// Leads as JSON: a list of objects with the kind, the names of the parties and species, the
/// weight in kg and the sentence in the style's language and unit.
pub struct LeadViews<'a> {
    pub case: &'a Case,
    pub leads: &'a [Lead],
    pub style: &'a Style,
}

impl Serialize for LeadViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &self.case.data;
        s.collect_seq(self.leads.iter().map(|lead| One {
            kind: lead.kind().name(),
            parties: Names(&d.parties, &lead.parties),
            species: Names(&d.species, &lead.species),
            weight_kg: weight_kg(lead),
            detail: Sentence {
                case: self.case,
                lead,
                style: self.style,
            },
        }))
    }
}

struct One<'a> {
    kind: &'static str,
    parties: Names<'a, String>,
    species: Names<'a, String>,
    weight_kg: Option<f64>,
    detail: Sentence<'a>,
}

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Lead", 5)?;
        m.serialize_field("kind", self.kind)?;
        m.serialize_field("parties", &self.parties)?;
        m.serialize_field("species", &self.species)?;
        m.serialize_field("weight_kg", &self.weight_kg)?;
        m.serialize_field("detail", &self.detail)?;
        m.end()
    }
}

/// The first `shown` leads as a sheet: number, kind and sentence (in the style's language and
/// unit).
pub fn leads_sheet(case: &Case, leads: &[Lead], shown: usize, style: &Style) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("n", "#"),
        Col::new("kind", "kind"),
        Col::new("detail", "what to look at"),
    ]);
    for (i, lead) in leads.iter().take(shown).enumerate() {
        s.push(vec![
            Cell::Int(i as u64 + 1),
            Cell::text(lead.kind().name()),
            Cell::text(Sentence { case, lead, style }.to_string()),
        ]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
