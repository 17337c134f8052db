//! Money in words and sheets: what parties spent and received ([`PartyMoney`]), the price along
//! each species' chains ([`SpeciesPrices`]), and the case value per party ([`PartyValue`]), with
//! the articles of 法释〔2022〕12号 and the plain statement that this is an aid, not a finding.

use std::fmt::{self, Display, Formatter};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

use super::lang::Lang;
use super::totals::paid_fen;
use super::{Cell, Col, Sheet, Style, human_number};
use crate::analysis::value::{
    BaseValues, Basis, Method, Missing, PartyMoney, PartyValue, PriceSum, SpeciesPrices, VALUE_CAP,
};
use crate::case::Case;
use crate::case::tally::{Paid, fen_to_yuan};
use crate::units::MassUnit;

/// An amount in fen as 元 for people, exactly from the integer (no `f64` on the way): to the
/// fen, without trailing zeros (`4500`, `12.5`, `0.35`, `900000000000010`).
pub fn fen_text(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let (yuan, cents) = (fen.unsigned_abs() / 100, fen.unsigned_abs() % 100);
    match (cents, cents % 10) {
        (0, _) => format!("{sign}{yuan}"),
        (c, 0) => format!("{sign}{yuan}.{}", c / 10),
        (c, _) => format!("{sign}{yuan}.{c:02}"),
    }
}

/// What the value table and the report say of themselves.
pub const NOT_A_FINDING: (&str, &str) = (
    "An aid to the investigator, not a legal finding: values follow 法释〔2022〕12号 (第十二条, \
     第十五条) on the figures in the case files and the base values given with --values; the \
     court decides.",
    "本表仅为辅助侦查的参考，不构成法律认定：价值依《最高人民法院 最高人民检察院关于办理破坏野生动物\
     资源刑事案件适用法律若干问题的解释》（法释〔2022〕12号）第十二条、第十五条，按案卷所载数额及 \
     --values 提供的基准价值计算，以法院认定为准。",
);

/// A unit price for a sentence: `5 元/只`, `60 元/斤` (per kg in the reader's unit), in a
/// language.
pub struct Price(pub PriceSum, pub Basis, pub MassUnit, pub Lang);

impl Display for Price {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Price(p, basis, unit, lang) = self;
        // Exact in integers, rounded to the fen: fen per animal, or fen × the unit's nanograms
        // over the milligrams weighed × 10⁶ (1 kg = 10¹² ng holds 斤, 两, lb and oz exactly).
        let (fen, q) = (i128::from(p.fen), i128::from(p.quantity.max(1)));
        match basis {
            Basis::Animal => {
                let y = fen_text(div_round(fen, q));
                write!(f, "{y}元/{}", lang.pick("animal", "只"))
            }
            Basis::Kg => {
                let unit_ng = (1e12 / unit.from_kg(1.0)).round() as i128;
                let y = fen_text(div_round(fen * unit_ng, q * 1_000_000));
                write!(f, "{y}元/{}", unit.name())
            }
        }
    }
}

/// `num / den` rounded to the nearest integer, halves away from zero (`den` > 0).
fn div_round(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

/// Sale price over purchase price.
pub fn ratio(bought: &PriceSum, sold: &PriceSum, basis: Basis) -> f64 {
    match (bought.yuan_per_unit(basis), sold.yuan_per_unit(basis)) {
        (Some(b), Some(s)) if b > 0.0 => s / b,
        _ => 0.0,
    }
}

/// Spent, received and margin per party as a sheet (species joined as `lang` joins words).
pub fn money_sheet(case: &Case, rows: &[PartyMoney], lang: Lang) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("party", "party"),
        Col::new("spent_yuan", "spent (元)"),
        Col::new("spent_rows", "rows"),
        Col::new("received_yuan", "received (元)"),
        Col::new("received_rows", "rows"),
        Col::new("margin_yuan", "margin on goods sold (元)"),
        Col::new("margin_species", "margin on"),
        Col::new("unknown_amount_rows", "rows of unknown amount"),
        Col::new("unsold_at_cost_yuan", "unsold stock at cost (元)"),
    ]);
    let names = |ids: &[u32]| -> String {
        ids.iter()
            .map(|&i| case.data.species[i as usize].as_str())
            .collect::<Vec<_>>()
            .join(lang.pick(", ", "、"))
    };
    for r in rows {
        s.push(vec![
            Cell::text(&case.data.parties[r.party as usize]),
            // Nothing bought (or sold) on record: "-", not "unknown".
            if r.bought_rows == 0 {
                Cell::Empty
            } else {
                Cell::Fen(paid_fen(&r.spent))
            },
            Cell::Int(r.spent.rows),
            if r.sold_rows == 0 {
                Cell::Empty
            } else {
                Cell::Fen(paid_fen(&r.received))
            },
            Cell::Int(r.received.rows),
            r.margin_fen.map_or(Cell::Empty, |m| Cell::Fen(Some(m))),
            Cell::text(names(&r.margin_species)),
            Cell::Int(r.unknown_rows),
            r.unsold_fen.map_or(Cell::Empty, |m| Cell::Fen(Some(m))),
        ]);
    }
    s
}

/// The money of the parties as JSON.
pub struct MoneyViews<'a>(pub &'a Case, pub &'a [PartyMoney]);

impl Serialize for MoneyViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let paid = |p: &Paid| (p.yuan(), p.rows);
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for r in self.1 {
            let species: Vec<&str> = r
                .margin_species
                .iter()
                .map(|&i| self.0.data.species[i as usize].as_str())
                .collect();
            seq.serialize_element(&serde_json::json!({
                "party": self.0.data.parties[r.party as usize],
                "spent_yuan": paid(&r.spent).0,
                "spent_rows": paid(&r.spent).1,
                "spent_fen": paid_fen(&r.spent),
                "received_yuan": paid(&r.received).0,
                "received_rows": paid(&r.received).1,
                "received_fen": paid_fen(&r.received),
                "margin_yuan": r.margin_fen.map(fen_to_yuan),
                "margin_fen": r.margin_fen,
                "margin_species": species,
                "unknown_amount_rows": r.unknown_rows,
                "unsold_at_cost_yuan": r.unsold_fen.map(fen_to_yuan),
                "unsold_at_cost_fen": r.unsold_fen,
            }))?;
        }
        seq.end()
    }
}

/// The value chain as a sheet: one row per species, prices per animal or per the style's unit.
pub fn prices_sheet(case: &Case, rows: &[SpeciesPrices], style: &Style) -> Sheet {
    let (unit, lang) = (style.unit, style.lang);
    let mut s = Sheet::new(&[
        Col::new("species", "species"),
        Col::new("by_tier", "price by tier of the seller"),
        Col::new("source_price", "sources sell at"),
        Col::new("sink_price", "sinks buy at"),
        Col::new("markup", "mark-up"),
        Col::new("jump", "largest jump"),
    ]);
    for r in rows {
        let price = |p: PriceSum| {
            if p.quantity > 0 {
                Cell::text(Price(p, r.basis, unit, lang).to_string())
            } else {
                Cell::Unknown
            }
        };
        let tiers: Vec<String> = r
            .tiers
            .iter()
            .map(|(t, p)| format!("{t}: {}", Price(*p, r.basis, unit, lang)))
            .collect();
        let jump = r.jump().map_or(String::new(), |st| {
            format!(
                "{} ({} → {})",
                case.data.parties[st.party as usize],
                Price(st.bought, r.basis, unit, lang),
                Price(st.sold, r.basis, unit, lang)
            )
        });
        s.push(vec![
            Cell::text(&case.data.species[r.species as usize]),
            Cell::text(tiers.join("; ")),
            price(r.source),
            price(r.sink),
            r.markup().map_or(Cell::Unknown, |m| {
                Cell::text(format!("×{}", human_number(m)))
            }),
            Cell::text(jump),
        ]);
    }
    s
}

/// The value chain as JSON: prices in 元 per kg or per animal.
pub struct PricesViews<'a>(pub &'a Case, pub &'a [SpeciesPrices]);

impl Serialize for PricesViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for r in self.1 {
            let b = r.basis;
            let per = |p: &PriceSum| p.yuan_per_unit(b);
            let tiers: Vec<_> = r
                .tiers
                .iter()
                .map(|(t, p)| serde_json::json!({"tier": t, "price_yuan": per(p)}))
                .collect();
            let steps: Vec<_> = r
                .steps
                .iter()
                .map(|st| {
                    serde_json::json!({
                        "party": self.0.data.parties[st.party as usize],
                        "bought_yuan": per(&st.bought),
                        "sold_yuan": per(&st.sold),
                    })
                })
                .collect();
            seq.serialize_element(&serde_json::json!({
                "species": self.0.data.species[r.species as usize],
                "per": match b { Basis::Kg => "kg", Basis::Animal => "animal" },
                "tiers": tiers,
                "source_price_yuan": per(&r.source),
                "sink_price_yuan": per(&r.sink),
                "markup": r.markup(),
                "jump": r.jump().map(|st| self.0.data.parties[st.party as usize].clone()),
                "steps": steps,
            }))?;
        }
        seq.end()
    }
}

fn method_text(m: &Method, base: &BaseValues, lang: Lang) -> String {
    let pick = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    match m {
        Method::SaleAmount => {
            pick("销赃数额 (sale amounts, 第十五条)", "销赃数额（第十五条）").into()
        }
        Method::PurchasePrice => pick(
            "price paid (market price, 第十五条)",
            "收购价格（市场价格，第十五条）",
        )
        .into(),
        Method::BaseValue {
            base: b,
            multiplier,
        } => {
            let v = &base.rows[*b];
            format!(
                "{} {}元/{} × {multiplier} ({}, {}; 第十五条)",
                pick("base value", "基准价值"),
                fen_text(i128::from(v.fen)),
                pick("animal", "只"),
                v.source,
                v.as_of
            )
        }
        Method::Unknown(why) => match why {
            Missing::Grade => pick(
                "unknown: no protection grade in the species table",
                "不明：物种表无保护级别",
            ),
            Missing::BaseValue => pick(
                "unknown: grade I/II species with no base value in --values",
                "不明：重点保护物种，--values 未提供基准价值",
            ),
            Missing::Amount => pick("unknown: no amount known", "不明：无已知数额"),
            Missing::Count => pick(
                "unknown: no count of animals for the base value",
                "不明：无只数，无法按基准价值计算",
            ),
        }
        .into(),
    }
}

/// The case value per party and article as a sheet, its words in `lang`.
pub fn value_sheet(case: &Case, rows: &[PartyValue], base: &BaseValues, lang: Lang) -> Sheet {
    let pick = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut s = Sheet::new(&[
        Col::new("party", "party"),
        Col::new("value_yuan", "value (元)"),
        Col::new("window", "window (第十二条)"),
        Col::new("undated_yuan", "undated (元)"),
        Col::new("band", "band"),
        Col::new("article", "article"),
        Col::new("to_next_yuan", "to next band (元)"),
        Col::new("method", "species: method"),
    ]);
    for r in rows {
        let zh = lang == Lang::Zh;
        let band = if !r.known() {
            pick("unknown", "不明").to_string()
        } else if r.band == 0 {
            pick("below the first threshold", "未达起点").to_string()
        } else {
            let t = r.article.thresholds[r.band - 1];
            (if zh { t.zh } else { t.en }).to_string()
        };
        let methods: Vec<String> = r
            .species
            .iter()
            .map(|v| {
                let mut m = format!(
                    "{}: {}",
                    case.data.species[v.species as usize],
                    method_text(&v.method, base, lang)
                );
                if v.unknown_rows > 0 {
                    let n = v.unknown_rows;
                    m.push_str(&if zh {
                        format!(" （另有{n}行数额不明：至少）")
                    } else {
                        format!(" (+{n} rows of unknown figure: at least)")
                    });
                }
                m
            })
            .collect();
        let mut methods = methods.join("; ");
        if r.capped() {
            let at = fen_text(i128::from(VALUE_CAP));
            methods.push_str(&if zh {
                format!(" （数额超过 {at}元，按 {at}元 计：只数或基准价值必有误）")
            } else {
                format!(
                    " (held at {at}元, the most wildchain totals: the counts or base values must \
                     be wrong)"
                )
            });
        }
        s.push(vec![
            Cell::text(&case.data.parties[r.party as usize]),
            Cell::Fen(r.known().then_some(r.in_window_fen)),
            Cell::text(r.window.map_or(String::new(), |(a, b)| {
                format!("{} – {}", day_text(a), day_text(b))
            })),
            if r.undated_fen > 0 {
                Cell::Fen(Some(r.undated_fen))
            } else {
                Cell::Empty
            },
            Cell::text(band),
            Cell::text(if zh { r.article.zh } else { r.article.en }),
            r.to_next().map_or(Cell::Empty, |(_, d)| Cell::Fen(Some(d))),
            Cell::text(methods),
        ]);
    }
    s
}

fn day_text(d: crate::ingest::date::Day) -> String {
    crate::ingest::date::DateKey::day(d).to_string()
}

/// The case value as JSON, with the statement that it is an aid; the methods in `lang`.
pub struct ValueReport<'a> {
    pub case: &'a Case,
    pub rows: &'a [PartyValue],
    pub base: &'a BaseValues,
    pub window_days: i64,
    pub lang: Lang,
}

impl Serialize for ValueReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("note", NOT_A_FINDING.0)?;
        m.serialize_entry("window_days", &self.window_days)?;
        let rows: Vec<_> = self
            .rows
            .iter()
            .map(|r| {
                let species: Vec<_> = r
                    .species
                    .iter()
                    .map(|v| {
                        serde_json::json!({
                            "species": self.case.data.species[v.species as usize],
                            "method": method_key(&v.method),
                            "method_text": method_text(&v.method, self.base, self.lang),
                            "value_in_window_yuan": fen_to_yuan(v.in_window_fen),
                            "value_in_window_fen": v.in_window_fen,
                            "undated_yuan": fen_to_yuan(v.undated_fen),
                            "undated_fen": v.undated_fen,
                            "unknown_rows": v.unknown_rows,
                        })
                    })
                    .collect();
                let next = r.to_next();
                let mut row = serde_json::json!({
                    "party": self.case.data.parties[r.party as usize],
                    "article": r.article.zh,
                    "value_yuan": r.known().then(|| fen_to_yuan(r.in_window_fen)),
                    "value_fen": r.known().then_some(r.in_window_fen),
                    "window": r.window.map(|(a, b)| [day_text(a), day_text(b)]),
                    "undated_yuan": fen_to_yuan(r.undated_fen),
                    "undated_fen": r.undated_fen,
                    "band": r.known().then_some(r.band),
                    "band_text": r.band.checked_sub(1).filter(|_| r.known()).map(|b| r.article.thresholds[b].zh),
                    "next_band_yuan": next.map(|(t, _)| fen_to_yuan(t.fen)),
                    "to_next_band_yuan": next.map(|(_, d)| fen_to_yuan(d)),
                    "next_band_fen": next.map(|(t, _)| t.fen),
                    "to_next_band_fen": next.map(|(_, d)| d),
                    "partial": r.partial(),
                    "species": species,
                });
                if r.capped() {
                    row["capped_at_yuan"] = serde_json::json!(fen_to_yuan(VALUE_CAP));
                    row["capped_at_fen"] = serde_json::json!(VALUE_CAP);
                }
                row
            })
            .collect();
        m.serialize_entry("parties", &rows)?;
        m.end()
    }
}

fn method_key(m: &Method) -> &'static str {
    match m {
        Method::SaleAmount => "sale_amount",
        Method::PurchasePrice => "purchase_price",
        Method::BaseValue { .. } => "base_value",
        Method::Unknown(_) => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_past_2_53_fen_is_shown_to_the_fen_not_through_a_double() {
        let kg: MassUnit = "kg".parse().expect("kg");
        let jin: MassUnit = "斤".parse().expect("斤");
        let sum = |fen, quantity| PriceSum { fen, quantity };
        let show = |p, b, u| Price(p, b, u, Lang::En).to_string();
        // 900000000000010.01 元 for one animal: a double gives 900000000000010.
        let p = sum(90_000_000_000_001_001, 1);
        assert_eq!(show(p, Basis::Animal, kg), "900000000000010.01元/animal");
        // The same sum over 2 kg: per kg, and per 斤 (half a kg) exactly.
        let p = sum(90_000_000_000_001_002, 2_000_000);
        assert_eq!(show(p, Basis::Kg, kg), "450000000000005.01元/kg");
        assert_eq!(show(p, Basis::Kg, jin), "225000000000002.51元/斤");
        // Small prices as before: 80 元/斤 is 160 元/kg.
        assert_eq!(show(sum(16_000, 1_000_000), Basis::Kg, jin), "80元/斤");
        assert_eq!(show(sum(500, 1), Basis::Animal, kg), "5元/animal");
    }
}
