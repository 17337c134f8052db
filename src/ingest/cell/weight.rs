//! Parsing of weight cells: `120斤`, `60 kg`, `0.5吨`, `3条`, `１２０斤`, `1,250斤`, approximate
//! figures (`约50斤`, `50多斤`, `50余斤`, `50斤左右`, `>50斤`, `40-50斤`), a bare number with a unit
//! column, or empty.

mod approx;
mod both;
mod numerals;

pub use approx::Approx;
use approx::{INFIXES, PREFIXES, RANGE, SUFFIXES, join, strip_word};
use both::both;
pub(crate) use numerals::split_number;

use super::reason::{Column, Kind, Reason};
use super::text::nfkc;
use crate::units::Unit;

/// What a weight cell says, once understood.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    /// The cell is empty: the weight is unknown (never zero).
    Unknown,
    /// A known weight in kilograms (`0 kg` is a known zero).
    Kg(f64),
    /// A number of animals (条, 只, 头): a count, and an unknown weight.
    Count(f64),
    /// A count and a weight written side by side (`30只 15斤`, `15斤(30只)`): both known.
    Both { kg: f64, count: f64 },
}

/// A weight cell understood: the quantity, and whether the figure is approximate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub quantity: Quantity,
    pub approx: Option<Approx>,
    /// The state written after the figure (`1只（死体）` → `死体`, `2只(活)` → `活`), as written:
    /// kept as a note on the row.
    pub state: Option<&'static str>,
    /// The figure is a bare number that took the unit the column gives it (`bare`), no unit
    /// being written in the cell or the row's unit cell.
    pub bare: bool,
}

impl Reading {
    fn exact(quantity: Quantity) -> Reading {
        Reading {
            quantity,
            approx: None,
            state: None,
            bare: false,
        }
    }
}

/// The words of a state written after a figure (`1只（死体）`, `2只(活)`, `3条 死`), longest first
/// where one starts another.
pub const STATES: &[&str] = &[
    "死体", "死亡", "已死", "死的", "死", "活体", "存活", "活的", "活", "冻品", "冷冻", "冰冻",
    "冻", "鲜活", "dead", "alive", "live", "frozen",
];

/// A state word at the end of a weight cell (`1只（死体）`, `2只(活)`, `3条 死`): the cell without
/// it, and the word. `None` when the cell ends in no state word, or is nothing else.
fn strip_state(s: &str) -> Option<(&str, &'static str)> {
    let t = s.trim_end();
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = t.strip_suffix(close)
            && let Some(i) = body.rfind(open)
        {
            let inner = body[i + open.len_utf8()..].trim();
            let word = STATES.iter().find(|w| w.eq_ignore_ascii_case(inner))?;
            let rest = body[..i].trim_end();
            return (!rest.is_empty()).then_some((rest, *word));
        }
    }
    let word = STATES.iter().find(|w| {
        t.len() > w.len()
            && t.is_char_boundary(t.len() - w.len())
            && t[t.len() - w.len()..].eq_ignore_ascii_case(w)
    })?;
    let before = &t[..t.len() - word.len()];
    let rest = before.trim_end_matches([' ', ',', '，', '、']);
    // `3条 死`, `3条死`, `3 kg dead`: after a unit, a number or a space, never inside a word
    // (`dead` in `deadline`).
    let apart = rest.len() < before.len() || rest.ends_with(|c: char| !c.is_ascii_alphabetic());
    (apart && !rest.is_empty()).then_some((rest, *word))
}

/// The unit a bare number (no unit in the cell) takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bare {
    /// This unit (the row's unit cell, the unit in the header, or `--default-unit`).
    Unit(Unit),
    /// None: the column may count or weigh (a `数量` column), so a bare number is refused.
    Refused,
}

/// Parses one weight cell together with the row's `unit` cell (empty when the file has none).
///
/// A unit written in the weight wins over the unit column; a bare number takes the unit column,
/// else `bare`.
///
/// # Errors
/// A [`Reason`] in the `unit` column for an unknown unit there; else in the `weight` column: an
/// unknown unit, a negative or unparseable number, a range that ends below its start, or a
/// fractional count of animals, naming the weight as typed (a unit cut from it in NFKC form).
pub fn parse_weight(weight: &str, unit_cell: &str, bare: Bare) -> Result<Reading, Reason> {
    // Read in NFKC form; quoted as typed.
    parse_normal(weight, unit_cell, bare).map_err(|r| {
        let typed = if r.column == Column::Unit {
            unit_cell
        } else {
            weight
        };
        Reason::new(r.column, r.kind.as_typed(typed))
    })
}

fn parse_normal(weight: &str, unit_cell: &str, bare: Bare) -> Result<Reading, Reason> {
    let unit_cell = nfkc(unit_cell);
    let column_unit = if unit_cell.is_empty() {
        None
    } else {
        Some(Unit::lookup(&unit_cell).ok_or_else(|| {
            Reason::new(
                Column::Unit,
                Kind::UnknownUnit {
                    unit: unit_cell.clone(),
                    weight: None,
                },
            )
        })?)
    };
    let weight = nfkc(weight);
    if weight.is_empty() {
        return Ok(Reading::exact(Quantity::Unknown));
    }
    if let Some(kind) = Kind::spreadsheet_error(&weight) {
        return Err(Reason::new(Column::Weight, kind));
    }
    let bare = match column_unit {
        Some(u) => Bare::Unit(u),
        None => bare,
    };
    let read = |w: &str| {
        parse_weight_cell(w, bare)
            .or_else(|kind| both(w).ok_or(kind))
            .map(|mut r| {
                r.bare &= column_unit.is_none();
                r
            })
    };
    read(&weight)
        .or_else(|kind| {
            // `1只（死体）`: the figure, and the state as a note.
            let (rest, state) = strip_state(&weight).ok_or(kind.clone())?;
            let mut r = read(rest).map_err(|_| kind)?;
            r.state = Some(state);
            Ok(r)
        })
        .map_err(|kind| Reason::new(Column::Weight, kind))
}

fn parse_weight_cell(weight: &str, bare: Bare) -> Result<Reading, Kind> {
    let not_a_number = || Kind::NotANumber {
        weight: weight.to_string(),
    };
    let mut s = weight;
    let mut approx = None;
    while let Some((rest, a)) = strip_word(s, PREFIXES, true) {
        s = rest;
        approx = join(approx, Some(a));
    }
    while let Some((rest, a)) = strip_word(s, SUFFIXES, false) {
        s = rest;
        approx = join(approx, Some(a));
    }
    // `半斤` is half a 斤.
    let (low, rest) = match s.strip_prefix('半') {
        Some(r) if !r.is_empty() => ("0.5".to_string(), r),
        _ => split_number(s),
    };
    if low.is_empty() {
        return Err(not_a_number());
    }
    let mut rest = rest.trim_start();
    if let Some((r, a)) = strip_word(rest, INFIXES, true) {
        rest = r;
        approx = join(approx, Some(a));
    }
    // A range: `40-50斤`, `40斤~50斤`; the lower end is kept.
    let split = RANGE
        .iter()
        .filter_map(|sep| rest.find(sep).map(|i| (i, *sep)))
        .min();
    let (unit_low, high) = match split {
        Some((i, sep)) => (rest[..i].trim(), Some(rest[i + sep.len()..].trim())),
        None => (rest.trim(), None),
    };
    let lookup = |u: &str| -> Result<Option<Unit>, Kind> {
        if u.is_empty() {
            Ok(None)
        } else if u.starts_with(',') {
            Err(Kind::CommaNotThousands {
                weight: weight.to_string(),
            })
        } else {
            Unit::lookup(u).map(Some).ok_or_else(|| Kind::UnknownUnit {
                unit: u.to_string(),
                weight: Some(weight.to_string()),
            })
        }
    };
    // `3斤半`, `三斤半`: and a half of the unit.
    let (unit_low, half) = match unit_low.strip_suffix('半') {
        Some(u) if !u.is_empty() && high.is_none() => (u.trim(), true),
        _ => (unit_low, false),
    };
    let unit_low = match lookup(unit_low) {
        Ok(u) => u,
        // `1斤2两`, `三斤二两`, `1公斤500克`: the sum of its parts.
        Err(e) => match compound(s).filter(|_| high.is_none() && !half) {
            Some(kg) => {
                return quantity(
                    kg,
                    Unit::Mass {
                        kg: 1.0,
                        name: "kg",
                    },
                    weight,
                    approx,
                );
            }
            None => return Err(e),
        },
    };
    let high = match high {
        None => None,
        Some(h) => {
            let (number, rest) = split_number(h);
            if number.is_empty() || number.starts_with(['-', '+']) {
                return Err(not_a_number());
            }
            let rest = rest.trim_start();
            let rest = strip_word(rest, INFIXES, true).map_or(rest, |(r, _)| r);
            approx = join(approx, Some(Approx::AtLeast));
            Some((number, lookup(rest.trim())?))
        }
    };
    let unit_of = |own: Option<Unit>, other: Option<Unit>| -> Result<Unit, Kind> {
        match (own.or(other), bare) {
            (Some(u), _) | (None, Bare::Unit(u)) => Ok(u),
            (None, Bare::Refused) => Err(Kind::NoUnit {
                weight: weight.to_string(),
            }),
        }
    };
    let value: f64 = low.parse::<f64>().map_err(|_| not_a_number())? + if half { 0.5 } else { 0.0 };
    let unit = unit_of(unit_low, high.as_ref().and_then(|h| h.1))?;
    let is_bare = unit_low.is_none() && high.as_ref().and_then(|h| h.1).is_none();
    if value < 0.0 || low.starts_with('-') {
        if value == 0.0 {
            // "-0" is a known zero; there is no such thing as a negative weight.
            return quantity(0.0, unit, weight, approx).map(|r| Reading { bare: is_bare, ..r });
        }
        return Err(Kind::Negative {
            weight: weight.to_string(),
        });
    }
    if let Some((number, unit_high)) = &high {
        let top: f64 = number.parse().map_err(|_| not_a_number())?;
        let unit_high = unit_of(*unit_high, unit_low)?;
        match (unit.kg(), unit_high.kg()) {
            (Some(a), Some(b)) if value * a > top * b => {
                return Err(Kind::WeightRangeBackwards {
                    weight: weight.to_string(),
                });
            }
            (None, None) if value > top => {
                return Err(Kind::CountRangeBackwards {
                    weight: weight.to_string(),
                });
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(Kind::RangeMixesWeightAndCount {
                    weight: weight.to_string(),
                });
            }
            _ => {}
        }
    }
    quantity(value, unit, weight, approx).map(|r| Reading { bare: is_bare, ..r })
}

fn quantity(value: f64, unit: Unit, weight: &str, approx: Option<Approx>) -> Result<Reading, Kind> {
    let quantity = match unit {
        Unit::Mass { kg, .. } => Quantity::Kg(value * kg),
        Unit::Count { name } => {
            if value.fract() != 0.0 {
                return Err(Kind::CountNotWhole {
                    weight: weight.to_string(),
                    unit: name,
                });
            }
            Quantity::Count(value)
        }
    };
    Ok(Reading {
        quantity,
        approx,
        state: None,
        bare: false,
    })
}

/// The kg of a weight written in parts of mass units (`1斤2两`, `三斤二两`, `1公斤500克`), two
/// parts or more; `None` for anything else.
fn compound(s: &str) -> Option<f64> {
    let mut rest = s.trim();
    let (mut kg, mut parts) = (0.0, 0);
    while !rest.is_empty() {
        let (number, r) = split_number(rest);
        if number.is_empty() || number.starts_with(['-', '+']) {
            return None;
        }
        let r = r.trim_start();
        // The longest start of what follows that is a unit of mass.
        let (per, len) = (1..=r.len())
            .rev()
            .filter(|&i| r.is_char_boundary(i))
            .find_map(|i| match Unit::lookup(&r[..i]) {
                Some(Unit::Mass { kg, .. }) => Some((kg, i)),
                _ => None,
            })?;
        kg += number.parse::<f64>().ok()? * per;
        rest = r[len..].trim_start();
        parts += 1;
    }
    (parts >= 2).then_some(kg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(u: &str) -> Bare {
        Bare::Unit(Unit::lookup(u).unwrap())
    }

    fn read(w: &str) -> Result<Reading, Kind> {
        parse_weight(w, "", unit("kg")).map_err(|r| {
            assert_eq!(r.column, Column::Weight, "{w}");
            r.kind
        })
    }

    fn kg(w: &str) -> Result<Quantity, Kind> {
        read(w).map(|r| {
            assert_eq!(r.approx, None, "{w}");
            r.quantity
        })
    }

    fn approx(w: &str) -> (Quantity, Option<Approx>) {
        let r = read(w).unwrap();
        (r.quantity, r.approx)
    }

    #[test]
    fn numbers_with_units_with_or_without_space() {
        assert_eq!(kg("120斤"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("60 kg"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("0.5吨"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("0.5t"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("0.5T"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("500g"), Ok(Quantity::Kg(0.5)));
        assert_eq!(kg("500克"), Ok(Quantity::Kg(0.5)));
        assert_eq!(kg("3两"), Ok(Quantity::Kg(3.0 * 0.05)));
        assert_eq!(kg("1.5公斤"), Ok(Quantity::Kg(1.5)));
        assert_eq!(kg("2千克"), Ok(Quantity::Kg(2.0)));
        assert_eq!(kg("10 lb"), Ok(Quantity::Kg(10.0 * 0.45359237)));
        assert_eq!(kg(" 7 KG "), Ok(Quantity::Kg(7.0)));
        assert_eq!(kg(".5kg"), Ok(Quantity::Kg(0.5)));
    }

    #[test]
    fn bare_numbers_take_the_unit_column_then_the_default() {
        let q = |w: &str, u: &str, bare: Bare| parse_weight(w, u, bare).map(|r| r.quantity);
        assert_eq!(q("120", "", unit("斤")), Ok(Quantity::Kg(60.0)));
        assert_eq!(q("120", "kg", unit("斤")), Ok(Quantity::Kg(120.0)));
        assert_eq!(q("4", " 条 ", unit("斤")), Ok(Quantity::Count(4.0)));
        assert_eq!(q("4", "条", Bare::Refused), Ok(Quantity::Count(4.0)));
        assert_eq!(q("4斤", "", Bare::Refused), Ok(Quantity::Kg(2.0)));
        assert_eq!(
            q("4", "", Bare::Refused),
            Err(Reason::new(
                Column::Weight,
                Kind::NoUnit {
                    weight: weight("4")
                }
            ))
        );
        assert_eq!(kg("120"), Ok(Quantity::Kg(120.0)));
    }

    #[test]
    fn a_unit_in_the_weight_wins_over_the_unit_column() {
        let q = |w: &str, u: &str| parse_weight(w, u, unit("kg")).map(|r| r.quantity);
        assert_eq!(q("120斤", "kg"), Ok(Quantity::Kg(60.0)));
        assert_eq!(q("3条", "斤"), Ok(Quantity::Count(3.0)));
    }

    #[test]
    fn counts_of_animals_are_not_weights() {
        assert_eq!(kg("3条"), Ok(Quantity::Count(3.0)));
        assert_eq!(kg("12只"), Ok(Quantity::Count(12.0)));
        assert_eq!(kg("1 头"), Ok(Quantity::Count(1.0)));
        assert_eq!(
            why("1.5条"),
            Kind::CountNotWhole {
                weight: weight("1.5条"),
                unit: "条"
            }
        );
    }

    #[test]
    fn a_count_and_a_weight_side_by_side_are_both_kept() {
        let both = |kg, count| Ok(Quantity::Both { kg, count });
        assert_eq!(kg("30只 15斤"), both(7.5, 30.0));
        assert_eq!(kg("15斤 30只"), both(7.5, 30.0));
        assert_eq!(kg("15斤(合30只)"), both(7.5, 30.0));
        assert_eq!(kg("15斤（30只）"), both(7.5, 30.0));
        assert_eq!(kg("30只/15斤"), both(7.5, 30.0));
        assert_eq!(kg("30只，共15斤"), both(7.5, 30.0));
        assert_eq!(kg("三十只 十五斤"), both(7.5, 30.0));
        assert_eq!(kg("2067.3斤(合139只)"), both(1033.65, 139.0));
        assert_eq!(
            approx("30只 约15斤"),
            (
                Quantity::Both {
                    kg: 7.5,
                    count: 30.0
                },
                Some(Approx::About)
            )
        );
        // Two counts, a bare number or a fractional count are no such pair (two weights are
        // a compound weight: `2 kg 300 g`).
        assert_eq!(kg("15斤 3公斤"), Ok(Quantity::Kg(10.5)));
        assert!(matches!(why("3只 4条"), Kind::UnknownUnit { .. }));
        assert!(matches!(why("30只 15"), Kind::UnknownUnit { .. }));
        assert!(matches!(why("1.5只 15斤"), Kind::UnknownUnit { .. }));
    }

    #[test]
    fn empty_is_unknown_and_zero_is_known() {
        assert_eq!(kg(""), Ok(Quantity::Unknown));
        assert_eq!(kg("   "), Ok(Quantity::Unknown));
        assert_eq!(kg("0 kg"), Ok(Quantity::Kg(0.0)));
        assert_eq!(kg("0"), Ok(Quantity::Kg(0.0)));
    }

    /// Why a weight is refused (with the kg column's unit for a bare number).
    fn why(w: &str) -> Kind {
        kg(w).unwrap_err()
    }

    fn weight(w: &str) -> String {
        w.to_string()
    }

    #[test]
    fn every_rejection_rule() {
        let negative = |w: &str| Kind::Negative { weight: weight(w) };
        let not_a_number = |w: &str| Kind::NotANumber { weight: weight(w) };
        let unknown = |u: &str, w: &str| Kind::UnknownUnit {
            unit: u.to_string(),
            weight: Some(weight(w)),
        };
        assert_eq!(why("-5kg"), negative("-5kg"));
        assert_eq!(why("-1"), negative("-1"));
        assert_eq!(why("abc"), not_a_number("abc"));
        assert_eq!(why("kg"), not_a_number("kg"));
        assert_eq!(why("12x"), unknown("x", "12x"));
        assert_eq!(why("1.2.3kg"), unknown(".3kg", "1.2.3kg"));
        assert_eq!(why("12 箱"), unknown("箱", "12 箱"));
        assert_eq!(why("."), not_a_number("."));
        let k = unit("kg");
        assert_eq!(
            parse_weight("12", " 箱 ", k),
            Err(Reason::new(
                Column::Unit,
                Kind::UnknownUnit {
                    unit: "箱".to_string(),
                    weight: None
                }
            ))
        );
        // An unknown unit column rejects the row even when the weight names its own unit or is empty.
        assert!(parse_weight("12斤", "箱", k).is_err());
        assert!(parse_weight("", "箱", k).is_err());
        assert_eq!(
            why("50-40斤"),
            Kind::WeightRangeBackwards {
                weight: weight("50-40斤")
            }
        );
        assert_eq!(
            why("5-3条"),
            Kind::CountRangeBackwards {
                weight: weight("5-3条")
            }
        );
        assert_eq!(
            why("5斤-3条"),
            Kind::RangeMixesWeightAndCount {
                weight: weight("5斤-3条")
            }
        );
        assert_eq!(why("40-abc斤"), not_a_number("40-abc斤"));
        assert_eq!(
            why("1,25斤"),
            Kind::CommaNotThousands {
                weight: weight("1,25斤")
            }
        );
        assert_eq!(why("约"), not_a_number("约"));
        assert_eq!(why("几十斤"), not_a_number("几十斤"));
    }

    #[test]
    fn chinese_numerals() {
        for (w, q) in [
            ("五十斤", Quantity::Kg(25.0)),
            ("十斤", Quantity::Kg(5.0)),
            ("十五公斤", Quantity::Kg(15.0)),
            ("一百二十斤", Quantity::Kg(60.0)),
            ("一百零五斤", Quantity::Kg(52.5)),
            ("两百斤", Quantity::Kg(100.0)),
            ("三千五百斤", Quantity::Kg(1750.0)),
            ("三千五斤", Quantity::Kg(1750.0)),
            ("一百五斤", Quantity::Kg(75.0)),
            ("一万二千斤", Quantity::Kg(6000.0)),
            ("一万两千斤", Quantity::Kg(6000.0)),
            ("两万五斤", Quantity::Kg(12500.0)),
            ("两斤", Quantity::Kg(1.0)),
            ("三两", Quantity::Kg(0.15)),
            ("二两", Quantity::Kg(0.1)),
            ("五千克", Quantity::Kg(5.0)),
            ("一千千克", Quantity::Kg(1000.0)),
            ("三条", Quantity::Count(3.0)),
            ("两只", Quantity::Count(2.0)),
            ("一点五斤", Quantity::Kg(0.75)),
            ("二点零五公斤", Quantity::Kg(2.05)),
            ("半斤", Quantity::Kg(0.25)),
            ("3斤半", Quantity::Kg(1.75)),
            ("三斤半", Quantity::Kg(1.75)),
            ("一公斤半", Quantity::Kg(1.5)),
            ("两斤半", Quantity::Kg(1.25)),
            ("1斤2两", Quantity::Kg(0.6)),
            ("三斤二两", Quantity::Kg(1.6)),
            ("1公斤500克", Quantity::Kg(1.5)),
            ("2 kg 300 g", Quantity::Kg(2.3)),
        ] {
            match kg(w) {
                Ok(Quantity::Kg(x)) => {
                    let Quantity::Kg(want) = q else {
                        panic!("{w}: a weight, expected {q:?}")
                    };
                    assert!((x - want).abs() < 1e-9, "{w}: {x} kg, expected {want}");
                }
                got => assert_eq!(got, Ok(q), "{w}"),
            }
        }
        assert_eq!(
            approx("五十多斤"),
            (Quantity::Kg(25.0), Some(Approx::AtLeast))
        );
        assert_eq!(
            approx("约五十斤"),
            (Quantity::Kg(25.0), Some(Approx::About))
        );
        assert_eq!(
            approx("四十到五十斤"),
            (Quantity::Kg(20.0), Some(Approx::AtLeast))
        );
        assert!(matches!(
            why("五十到四十斤"),
            Kind::WeightRangeBackwards { .. }
        ));
        assert_eq!(approx("约1斤2两"), (Quantity::Kg(0.6), Some(Approx::About)));
        // Parts must all be masses, each with a number.
        assert!(matches!(why("1斤2条"), Kind::UnknownUnit { .. }));
        assert!(matches!(why("1斤两"), Kind::UnknownUnit { .. }));
    }

    #[test]
    fn full_width_digits_letters_and_thousands_separators() {
        assert_eq!(kg("１２０斤"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("６０ｋｇ"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("1,250斤"), Ok(Quantity::Kg(625.0)));
        assert_eq!(kg("1，250斤"), Ok(Quantity::Kg(625.0)));
        assert_eq!(kg("1,250,000 g"), Ok(Quantity::Kg(1250.0)));
        assert_eq!(kg("1,250.5kg"), Ok(Quantity::Kg(1250.5)));
        assert_eq!(
            kg("㎏"),
            // Quoted as typed, not as its NFKC form `kg`.
            Err(Kind::NotANumber {
                weight: weight("㎏")
            })
        );
    }

    #[test]
    fn approximate_figures_keep_the_number_written() {
        let jin50 = Quantity::Kg(25.0);
        for w in [
            "约50斤",
            "大约50斤",
            "50斤左右",
            "50来斤",
            "~50斤",
            "～50斤",
            "约50斤左右",
            "50斤上下",
        ] {
            assert_eq!(approx(w), (jin50, Some(Approx::About)), "{w}");
        }
        for w in [
            "50多斤",
            "50余斤",
            ">50斤",
            "＞50斤",
            "≥50斤",
            "50斤以上",
            "超过50斤",
            "50+斤",
            "５０多斤",
        ] {
            assert_eq!(approx(w), (jin50, Some(Approx::AtLeast)), "{w}");
        }
        // A range keeps its lower bound, marked "at least"; "about a range" is still at least.
        for w in [
            "50-60斤",
            "50~60斤",
            "50至60斤",
            "50到60斤",
            "50斤-60斤",
            "50—60斤",
            "约50-60斤",
        ] {
            assert_eq!(approx(w), (jin50, Some(Approx::AtLeast)), "{w}");
        }
        assert_eq!(approx("40-50"), (Quantity::Kg(40.0), Some(Approx::AtLeast)));
        assert_eq!(
            approx("1-2吨"),
            (Quantity::Kg(1000.0), Some(Approx::AtLeast))
        );
        assert_eq!(
            approx("3条左右"),
            (Quantity::Count(3.0), Some(Approx::About))
        );
        assert_eq!(
            approx("10多条"),
            (Quantity::Count(10.0), Some(Approx::AtLeast))
        );
        // A bare approximate number takes the unit column.
        let r = parse_weight("50多", "斤", unit("kg")).unwrap();
        assert_eq!((r.quantity, r.approx), (jin50, Some(Approx::AtLeast)));
    }

    #[test]
    fn a_count_with_a_state_keeps_the_count_and_the_state() {
        for (w, q, state) in [
            ("1只（死体）", Quantity::Count(1.0), "死体"),
            ("2只(活)", Quantity::Count(2.0), "活"),
            ("3条 死", Quantity::Count(3.0), "死"),
            ("3条死", Quantity::Count(3.0), "死"),
            ("5斤【冻品】", Quantity::Kg(2.5), "冻品"),
            ("2 kg dead", Quantity::Kg(2.0), "dead"),
        ] {
            let r = read(w).unwrap_or_else(|e| panic!("{w}: {e}"));
            assert_eq!((r.quantity, r.state), (q, Some(state)), "{w}");
        }
        assert_eq!(read("3条").unwrap().state, None);
        // Not a state: still refused, naming the cell whole.
        assert_eq!(
            why("1只(病)"),
            Kind::UnknownUnit {
                unit: "只(病)".to_string(),
                weight: Some(weight("1只(病)"))
            }
        );
        assert!(read("死").is_err());
    }

    #[test]
    fn a_bare_number_says_it_took_the_columns_unit() {
        let bare = |w: &str, u: &str| parse_weight(w, u, unit("kg")).unwrap().bare;
        assert!(bare("30", ""));
        assert!(bare("约30", ""));
        assert!(!bare("30斤", ""));
        assert!(!bare("30", "斤"));
        assert!(!bare("1斤2两", ""));
        assert!(!bare("30只 15斤", ""));
        assert!(!bare("", ""));
    }
}
