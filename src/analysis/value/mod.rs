//! The case value of each party, as 法释〔2022〕12号 (最高人民法院 最高人民检察院《关于办理破坏野生动物资源
//! 刑事案件适用法律若干问题的解释》, in force 2022-04-09) counts it: per 第十五条 the 销赃数额 (what
//! was sold for) for 三有 and other non-key species, and for nationally key species (grade I/II)
//! the base value per animal × 10 (grade I) or × 5 (grade II) from a user-supplied table; summed
//! per 第十二条 over acts within a window (two years); and the band it reaches under 第六条
//! (危害珍贵、濒危野生动物罪) or 第七条/第八条. An aid to the investigator, not a legal finding.

mod base;
pub mod chain;

use crate::case::Case;
use crate::ingest::date::Day;

pub use base::{BaseValue, BaseValues};
pub use chain::{Basis, PartyMoney, PriceSum, SpeciesPrices, Step, party_money, value_chains};

/// The protection grade of a species, as the species table gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    /// 国家一级重点保护.
    First,
    /// 国家二级重点保护.
    Second,
    /// 有重要生态、科学、社会价值的陆生野生动物 (三有).
    Sanyou,
}

impl Grade {
    /// The grade the species table's China protection cell names; `None` for anything else
    /// (not given, or a grade the law above does not treat).
    pub fn of(cell: Option<&str>) -> Option<Grade> {
        let c = cell?.trim();
        if c.contains("一级") || c == "I" {
            Some(Grade::First)
        } else if c.contains("二级") || c == "II" {
            Some(Grade::Second)
        } else if c.contains("三有") {
            Some(Grade::Sanyou)
        } else {
            None
        }
    }

    /// The multiplier of the base value (国家林业局令第46号, 2017): × 10 for grade I, × 5 for II.
    pub fn multiplier(self) -> Option<i64> {
        match self {
            Grade::First => Some(10),
            Grade::Second => Some(5),
            Grade::Sanyou => None,
        }
    }
}

/// A threshold of a band: from this many fen up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    pub fen: i64,
    /// What reaching it means, as the article words it.
    pub zh: &'static str,
    pub en: &'static str,
}

/// An article of the interpretation and its thresholds, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    pub zh: &'static str,
    pub en: &'static str,
    pub thresholds: &'static [Threshold],
}

const WAN: i64 = 10_000 * 100;

/// 第六条: 危害珍贵、濒危野生动物罪 (grade I and II species).
pub const ARTICLE_6: Article = Article {
    zh: "法释〔2022〕12号 第六条",
    en: "法释〔2022〕12号 art. 6",
    thresholds: &[
        Threshold {
            fen: 2 * WAN,
            zh: "价值二万元以上：五年以下有期徒刑或者拘役",
            en: "2万元 or more: up to five years",
        },
        Threshold {
            fen: 20 * WAN,
            zh: "价值二十万元以上：情节严重",
            en: "20万元 or more: 情节严重 (serious)",
        },
        Threshold {
            fen: 200 * WAN,
            zh: "价值二百万元以上：情节特别严重",
            en: "200万元 or more: 情节特别严重 (especially serious)",
        },
    ],
};

/// 第七条 (非法狩猎) and 第八条 (for eating): 三有 and local-key species, 1万元.
pub const ARTICLE_8_SANYOU: Article = Article {
    zh: "法释〔2022〕12号 第七条、第八条第一项",
    en: "法释〔2022〕12号 art. 7, art. 8(1)",
    thresholds: &[Threshold {
        fen: WAN,
        zh: "价值一万元以上：情节严重（非法狩猎；以食用为目的猎捕、收购、运输、出售三有或地方重点保护动物）",
        en: "1万元 or more: 情节严重 (illegal hunting; hunting, buying, carrying or selling 三有 or local-key species for eating)",
    }],
};

/// The largest value wildchain totals, in fen (`i64::MAX / 4`): a value past it (a count of
/// animals times a base value times the multiplier, or a sum of such) is held at it, and
/// [`PartyValue::capped`] says so, rather than wrapping around.
pub const VALUE_CAP: i64 = crate::units::MAX_TOTAL;

/// `count × fen × multiplier`, exact, held at [`VALUE_CAP`].
pub fn base_value(count: i64, fen: i64, multiplier: i64) -> i64 {
    let x = i128::from(count) * i128::from(fen) * i128::from(multiplier);
    cap(x)
}

/// `x` held within `0..=VALUE_CAP`.
fn cap(x: i128) -> i64 {
    i64::try_from(x.clamp(0, i128::from(VALUE_CAP))).unwrap_or(VALUE_CAP)
}

/// `a + b`, held at [`VALUE_CAP`] (both at most it, so the sum cannot overflow first).
fn cap_add(a: i64, b: i64) -> i64 {
    cap(i128::from(a) + i128::from(b))
}

/// The value of one species that a party handled.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeciesValue {
    pub species: u32,
    pub grade: Option<Grade>,
    pub method: Method,
    /// The value of its dated acts in the party's window, and of its undated acts, in fen.
    pub in_window_fen: i64,
    pub undated_fen: i64,
    /// Rows of the side counted whose figure (amount, or count of animals) is not known: the value
    /// is at least what is shown.
    pub unknown_rows: u64,
}

/// How a value was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// 销赃数额: what the party sold it for (第十五条).
    SaleAmount,
    /// What the party paid, for a species it did not sell: the market price (第十五条).
    PurchasePrice,
    /// The base value per animal times the grade's multiplier; the index of the base value in
    /// [`BaseValues::rows`].
    BaseValue { base: usize, multiplier: i64 },
    /// No value: why.
    Unknown(Missing),
}

/// Why a species has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The species table gives no grade this law treats (or does not know the species).
    Grade,
    /// A grade I/II species with no base value in `--values`.
    BaseValue,
    /// No amount is known (三有 and other species).
    Amount,
    /// A grade I/II species whose rows give no count of animals.
    Count,
}

/// One party's case value under one article.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyValue {
    pub party: u32,
    pub article: Article,
    pub species: Vec<SpeciesValue>,
    /// The largest sum of dated acts within the window, and the window's first and last act day.
    pub in_window_fen: i64,
    pub window: Option<(Day, Day)>,
    /// Acts of unknown date (not placed in the window; shown apart).
    pub undated_fen: i64,
    /// The band reached by `in_window_fen` (the number of thresholds reached).
    pub band: usize,
}

impl PartyValue {
    /// The next threshold and how many fen it is away; `None` at the top band.
    pub fn to_next(&self) -> Option<(Threshold, i64)> {
        if !self.known() {
            return None;
        }
        let t = *self.article.thresholds.get(self.band)?;
        Some((t, t.fen - self.in_window_fen))
    }

    /// Whether any species has a value: when none has, the value is unknown (not zero).
    pub fn known(&self) -> bool {
        self.species
            .iter()
            .any(|s| !matches!(s.method, Method::Unknown(_)))
    }

    /// Whether a value was held at [`VALUE_CAP`]: the counts or base values must be wrong.
    pub fn capped(&self) -> bool {
        self.in_window_fen >= VALUE_CAP
            || self.undated_fen >= VALUE_CAP
            || self
                .species
                .iter()
                .any(|s| s.in_window_fen >= VALUE_CAP || s.undated_fen >= VALUE_CAP)
    }

    /// Whether some value is unknown (a species without a value, or rows without a figure).
    pub fn partial(&self) -> bool {
        self.species
            .iter()
            .any(|s| matches!(s.method, Method::Unknown(_)) || s.unknown_rows > 0)
    }
}

/// Per party and article, the value of what it handled, in party order (grade I/II species under
/// 第六条 first). `window_days`: acts whose days lie within this many days of each other are
/// summed (第十二条; 730 for two years).
///
/// For each species a party handled, one side is counted, so that a lot bought and resold counts
/// once: for 三有 species the sales with a known amount (销赃数额), else the purchases (the price
/// paid); for grade I/II species the side with more animals counted, times the base value.
///
/// # Complexity
/// O(D log D) for D (link, date) groups.
pub fn case_value(case: &Case, base: &BaseValues, window_days: i64) -> Vec<PartyValue> {
    let data = &case.data;
    let flows = case.flows();
    let dated = case.dated();
    let table = &data.species_table;
    // Each species' grade and its base value.
    let grades: Vec<Option<Grade>> = data
        .labels
        .iter()
        .map(|&l| Grade::of(table.taxon(l).china_protection.as_deref()))
        .collect();
    let taxon_name = |name: &str| -> String {
        table
            .resolve(name)
            .and_then(|l| table.taxon(l).taxon)
            .unwrap_or_else(|| crate::ingest::text::name_form(name))
    };
    let base_keys: Vec<String> = base.rows.iter().map(|b| taxon_name(&b.taxon)).collect();
    let base_of: Vec<Option<usize>> = data
        .labels
        .iter()
        .zip(&data.species)
        .map(|(&l, name)| {
            let key = table.taxon(l).taxon.unwrap_or_else(|| name.clone());
            // Only whole animals have a base value per animal.
            let products = table.products();
            let whole = l.product.is_none_or(|p| {
                p == products.whole() || ["活体", "冻体"].contains(&products.get(p).name.as_str())
            });
            base_keys.iter().position(|k| *k == key).filter(|_| whole)
        })
        .collect();

    // Per (party, species, side): the dated groups (side 0 bought, 1 sold).
    struct Act {
        party: u32,
        species: u32,
        side: u8,
        date: u32,
        fen: i64,
        priced: u64,
        count: i64,
        counted: u64,
        rows: u64,
    }
    let mut acts: Vec<Act> = Vec::with_capacity(dated.len() * 2);
    for d in dated {
        let f = &flows.flows[d.flow as usize];
        for (party, side) in [(f.buyer, 0u8), (f.seller, 1)] {
            acts.push(Act {
                party,
                species: f.species,
                side,
                date: d.date,
                fen: d.acc.paid.fen,
                priced: d.acc.paid.rows,
                count: d.acc.count,
                counted: d.acc.counted,
                rows: d.acc.transactions,
            });
        }
    }
    acts.sort_by_key(|a| {
        (
            a.party,
            grades[a.species as usize].is_none_or(|g| g.multiplier().is_none()),
            a.species,
            a.side,
            a.date,
        )
    });

    let mut out = Vec::new();
    for party_acts in acts.chunk_by(|a, b| a.party == b.party) {
        let key = |a: &Act| {
            grades[a.species as usize]
                .and_then(Grade::multiplier)
                .is_some()
        };
        for group in party_acts.chunk_by(|a, b| key(a) == key(b)) {
            let key_species = key(&group[0]);
            let mut species = Vec::new();
            // (day, fen) of the acts counted.
            let mut placed: Vec<(Day, i64)> = Vec::new();
            let mut undated = 0i64;
            for sp in group.chunk_by(|a, b| a.species == b.species) {
                let s = sp[0].species;
                let grade = grades[s as usize];
                let side = |k: u8| sp.iter().filter(move |a| a.side == k);
                let sum = |k: u8, f: fn(&Act) -> i64| side(k).map(f).sum::<i64>();
                let (method, chosen): (Method, Option<u8>) = match grade {
                    None => (Method::Unknown(Missing::Grade), None),
                    Some(g) => match g.multiplier() {
                        Some(m) => match base_of[s as usize] {
                            None => (Method::Unknown(Missing::BaseValue), None),
                            Some(b) => {
                                let (bought, sold) = (sum(0, |a| a.count), sum(1, |a| a.count));
                                if bought == 0 && sold == 0 {
                                    (Method::Unknown(Missing::Count), None)
                                } else {
                                    let k = u8::from(sold >= bought);
                                    (
                                        Method::BaseValue {
                                            base: b,
                                            multiplier: m,
                                        },
                                        Some(k),
                                    )
                                }
                            }
                        },
                        None => {
                            if side(1).any(|a| a.priced > 0) {
                                (Method::SaleAmount, Some(1))
                            } else if side(0).any(|a| a.priced > 0) {
                                (Method::PurchasePrice, Some(0))
                            } else {
                                (Method::Unknown(Missing::Amount), None)
                            }
                        }
                    },
                };
                let mut v = SpeciesValue {
                    species: s,
                    grade,
                    method: method.clone(),
                    in_window_fen: 0,
                    undated_fen: 0,
                    unknown_rows: 0,
                };
                if let Some(k) = chosen {
                    for a in side(k) {
                        let (fen, known) = match method {
                            Method::BaseValue {
                                base: b,
                                multiplier,
                            } => (base_value(a.count, base.rows[b].fen, multiplier), a.counted),
                            _ => (a.fen, a.priced),
                        };
                        v.unknown_rows += a.rows - known;
                        if a.date == 0 {
                            v.undated_fen = cap_add(v.undated_fen, fen);
                        } else {
                            placed.push((case.date(a.date).from, fen));
                        }
                    }
                }
                undated = cap_add(undated, v.undated_fen);
                species.push(v);
            }
            let (sum, window) = best_window(&mut placed, window_days);
            // Each species' share of the chosen window.
            if let Some((from, to)) = window {
                for v in &mut species {
                    v.in_window_fen = 0;
                }
                // Recompute per species within the window.
                for sp in group.chunk_by(|a, b| a.species == b.species) {
                    let s = sp[0].species;
                    let Some(v) = species.iter_mut().find(|v| v.species == s) else {
                        continue;
                    };
                    let k = match v.method {
                        Method::SaleAmount => 1,
                        Method::PurchasePrice => 0,
                        Method::BaseValue { .. } => {
                            let (b, so): (i64, i64) = (
                                sp.iter().filter(|a| a.side == 0).map(|a| a.count).sum(),
                                sp.iter().filter(|a| a.side == 1).map(|a| a.count).sum(),
                            );
                            u8::from(so >= b)
                        }
                        Method::Unknown(_) => continue,
                    };
                    for a in sp.iter().filter(|a| a.side == k && a.date != 0) {
                        let day = case.date(a.date).from;
                        if day >= from && day <= to {
                            let fen = match v.method {
                                Method::BaseValue {
                                    base: b,
                                    multiplier,
                                } => base_value(a.count, base.rows[b].fen, multiplier),
                                _ => a.fen,
                            };
                            v.in_window_fen = cap_add(v.in_window_fen, fen);
                        }
                    }
                }
            }
            let article = if key_species {
                ARTICLE_6
            } else {
                ARTICLE_8_SANYOU
            };
            let band = article.thresholds.iter().filter(|t| sum >= t.fen).count();
            out.push(PartyValue {
                party: party_acts[0].party,
                article,
                species,
                in_window_fen: sum,
                window,
                undated_fen: undated,
                band,
            });
        }
    }
    out
}

/// The largest sum of `(day, fen)` acts whose days lie within `window_days` of each other, and the
/// first and last day of those acts (the earliest such window on ties).
/// Sums in `i128`, so that no number of acts overflows; the best sum held at [`VALUE_CAP`].
fn best_window(acts: &mut [(Day, i64)], window_days: i64) -> (i64, Option<(Day, Day)>) {
    acts.sort_unstable();
    let (mut best, mut at) = (0i128, None);
    let (mut sum, mut start) = (0i128, 0usize);
    for end in 0..acts.len() {
        sum += i128::from(acts[end].1);
        while i64::from(acts[end].0) - i64::from(acts[start].0) >= window_days.max(1) {
            sum -= i128::from(acts[start].1);
            start += 1;
        }
        if at.is_none() || sum > best {
            best = sum;
            at = Some((acts[start].0, acts[end].0));
        }
    }
    (cap(best), at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts_within_the_window_are_summed_and_older_ones_are_not() {
        // Two years: 730 days. Acts at day 0, 100 and 800: the best window holds 100 and 800?
        // No: 800 - 100 = 700 < 730, so {100, 800} = 5 + 7 beats {0, 100} = 3 + 5.
        let mut acts = vec![(0, 3), (100, 5), (800, 7)];
        assert_eq!(best_window(&mut acts, 730), (12, Some((100, 800))));
        let mut acts = vec![(0, 30), (100, 5), (800, 7)];
        assert_eq!(best_window(&mut acts, 730), (35, Some((0, 100))));
        assert_eq!(best_window(&mut [], 730), (0, None));
    }

    #[test]
    fn base_values_past_i64_are_held_at_the_cap_not_wrapped() {
        // count × fen × multiplier wrapped to a negative value in release builds.
        assert_eq!(base_value(i64::MAX / 4, 100_000_000_000_000, 10), VALUE_CAP);
        assert_eq!(base_value(3, 2_000_000, 10), 60_000_000);
        assert_eq!(cap_add(VALUE_CAP, VALUE_CAP), VALUE_CAP);
        let mut acts = vec![
            (0, VALUE_CAP),
            (1, VALUE_CAP),
            (2, VALUE_CAP),
            (3, VALUE_CAP),
        ];
        assert_eq!(best_window(&mut acts, 730), (VALUE_CAP, Some((0, 3))));
    }

    #[test]
    fn grades_and_multipliers() {
        assert_eq!(Grade::of(Some("一级")), Some(Grade::First));
        assert_eq!(Grade::of(Some("二级")), Some(Grade::Second));
        assert_eq!(Grade::of(Some("三有")), Some(Grade::Sanyou));
        assert_eq!(Grade::of(None), None);
        assert_eq!(Grade::First.multiplier(), Some(10));
        assert_eq!(Grade::Second.multiplier(), Some(5));
        assert_eq!(Grade::Sanyou.multiplier(), None);
    }

    #[test]
    fn a_blank_row_of_a_base_value_file_is_skipped_and_the_rows_after_it_keep_their_numbers() {
        let text = "taxon,base_value_yuan,source,as_of\n\
                    黄胸鹀,500,令46号,2017\n\
                    ,,,\n\
                    \u{3000}, ,,\n\
                    眼镜蛇,1.2万元,令46号,2017\n\
                    ,5元/kg,,\n";
        let err = base::BaseValues::parse(text, "bv.csv").unwrap_err();
        // A row with a cell is data: the last one is refused by its row number, 5.
        assert!(err.to_string().starts_with("bv.csv row 5:"), "{err}");
        let good = text.rsplit_once(",5元/kg").unwrap().0;
        let b = base::BaseValues::parse(good, "bv.csv").unwrap();
        let rows: Vec<(&str, i64, u64)> = (b.rows.iter())
            .map(|r| (r.taxon.as_str(), r.fen, r.row))
            .collect();
        assert_eq!(rows, [("黄胸鹀", 50_000, 1), ("眼镜蛇", 1_200_000, 4)]);
    }

    /// A base value file that cannot be used: the place as data (file, row or line), and the
    /// words `wildchain value --values` printed when the parser returned a String.
    #[test]
    fn a_bad_base_value_file_names_its_place_in_the_words_it_had() {
        use crate::ingest::error::{At, Error};
        let head = "taxon,base_value_yuan,source,as_of\n";
        let refused = |text: &str| -> (Option<At>, String) {
            let e = BaseValues::parse(text, "bv.csv").unwrap_err();
            let Error::At(place) = &e else {
                panic!("not a place: {e:?}")
            };
            assert_eq!(place.file, "bv.csv");
            (place.at, crate::printed(&e))
        };
        assert_eq!(
            refused("taxon,value,source,as_of\n黄胸鹀,500,x,2017\n"),
            (
                None,
                "bv.csv: a base value file needs the columns taxon, base_value_yuan, source, \
                 as_of; missing: base_value_yuan (the header has: taxon, value, source, as_of)"
                    .into()
            )
        );
        assert_eq!(
            refused(&format!("{head}黄胸鹀,abc,x,2017\n")),
            (
                Some(At::Row(1)),
                "bv.csv row 1: column 'base_value_yuan': 'abc' is not a sum in 元 (expected e.g. \
                 80元/斤, 每斤80元, 5元/只, 1.2万元, 12000 or ￥3,500)"
                    .into()
            )
        );
        assert_eq!(
            refused(&format!("{head}黄胸鹀,500,x,2017\n黄胸鹀,5元/kg,x,2017\n")),
            (
                Some(At::Row(2)),
                "bv.csv row 2: column 'base_value_yuan': '5元/kg' is not a value per animal in 元"
                    .into()
            )
        );
        assert_eq!(
            refused(&format!("{head}黄胸鹀,500,,2017\n")),
            (
                Some(At::Row(1)),
                "bv.csv row 1: every base value needs its taxon and its source".into()
            )
        );
        assert_eq!(
            refused(&format!("{head}黄胸鹀,\"500,x,2017\n")).0,
            Some(At::Line(2))
        );
        let ok = BaseValues::parse(&format!("{head}黄胸鹀,500,来源,2017\n"), "bv.csv").unwrap();
        assert_eq!(ok.rows[0].fen, 50_000);
    }
}
