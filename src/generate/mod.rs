//! A synthetic trafficking data set in wildchain's input format, deterministic for a seed and
//! streamed row by row, shaped like real networks: harvesters fan in to collectors, collectors sell
//! to regional dealers, dealers fan out to markets in several provinces. Typologies are planted
//! with their ground truth, so that every analysis can be checked against it.

pub mod brokers;
pub mod places;
#[cfg(test)]
mod places_tests;

use std::io::{Result, Write};

use serde::Serialize;

use places::{Cell, Form, Places, PlacesTruth, Who};

/// A small, fast, deterministic generator (SplitMix64): the same seed gives the same data on
/// every machine and every version of every dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余",
];
const PROVINCES: &[&str] = &[
    "湖南", "广西", "广东", "贵州", "云南", "江西", "四川", "福建",
];
/// Species of the reference table, most traded first.
const SPECIES: &[&str] = &[
    "王锦蛇",
    "黑眉锦蛇",
    "眼镜蛇",
    "乌梢蛇",
    "滑鼠蛇",
    "灰鼠蛇",
    "银环蛇",
    "尖吻蝮",
    "赤链蛇",
    "短尾蝮",
    "金环蛇",
    "眼镜王蛇",
    "蟒蛇",
    "原矛头蝮",
    "福建竹叶青蛇",
    "黑网乌梢蛇",
    "黄喉拟水龟",
    "乌龟",
    "花龟",
    "平胸龟",
    "三线闭壳龟",
    "中华穿山甲",
    "画眉",
    "八哥",
    "鹩哥",
    "红嘴相思鸟",
    "暗绿绣眼鸟",
    "豹猫",
    "果子狸",
    "小麂",
    "赤麂",
    "虎纹蛙",
    "大壁虎",
    "野生蛇",
    "蛇类",
    "龟类",
];

/// What was planted, and where: the answers the analyses must find.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Truth {
    pub rows: u64,
    pub seed: u64,
    /// Rows written on purpose with a bad cell (negative weight, impossible date, empty seller).
    pub bad_rows: u64,
    pub harvesters: usize,
    pub collectors: usize,
    pub dealers: usize,
    pub markets: usize,
    pub species: usize,
    /// A collector that sells far more than it buys: `unexplained_supply`.
    pub missing_supplier: Planted,
    /// A farm that sells far more than its breeding stock could give: `unexplained_supply`.
    pub laundering_farm: Planted,
    /// A chain whose second link is dated before the first: dropped by `chains --temporal`.
    pub broken_chain: Vec<String>,
    /// Parties that sell to each other round a loop: a cycle.
    pub cycle: Vec<String>,
    /// A separate network (ring) unconnected to the rest.
    pub separate_ring: Vec<String>,
    /// The party every market's supply goes through the most: the busiest dealer.
    pub busiest_dealer: String,
    /// What a good analysis must put first, most important first: the laundering farm, the
    /// missing supplier, the cycle and the busiest dealer, each with the kind of lead `analyze`
    /// gives it and its parties. (The broken chain is a matter of dates, for `chains --temporal`;
    /// the separate ring of 12 kg is a network of its own, for `networks`: neither is expected
    /// among the first leads.)
    pub first: Vec<Expected>,
    /// With `--places`: every party's home, the planted cross-province brokers, disagreements
    /// and unreadable places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<PlacesTruth>,
}

/// One finding a good analysis must put among its first leads.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Expected {
    /// The planted typology (`laundering_farm`, `missing_supplier`, `cycle`, `busiest_dealer`).
    pub typology: String,
    /// The kind of lead that finds it (`unexplained_supply`, `cycle`, `key_party`).
    pub kind: String,
    /// Its parties, in name order.
    pub parties: Vec<String>,
}

/// A planted party and its figures.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Planted {
    pub party: String,
    pub species: String,
    pub bought_kg: f64,
    pub sold_kg: f64,
}

/// Rows the planted typologies take: the least the generator writes, whatever `Shape::rows` says.
pub const MIN_ROWS: u64 = 29;
/// Parties of the cast the planted typologies and the bulk need (10 harvesters, 4 collectors,
/// 2 dealers, 4 markets): the least `Shape::parties` can be. The planted typologies add 13 more.
pub const MIN_PARTIES: usize = 20;

/// Options of the generator.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub rows: u64,
    pub seed: u64,
    /// Number of parties; one per 200 rows when `None`.
    pub parties: Option<usize>,
}

struct Cast {
    harvesters: Vec<String>,
    collectors: Vec<String>,
    dealers: Vec<String>,
    markets: Vec<String>,
}

fn cast(shape: Shape) -> Cast {
    let total = shape
        .parties
        .unwrap_or(((shape.rows / 200) as usize).clamp(40, 2_000_000));
    let harvesters = (total * 70 / 100).max(10);
    let collectors = (total * 20 / 100).max(4);
    let dealers = (total * 3 / 100).max(2);
    let markets = total
        .saturating_sub(harvesters + collectors + dealers)
        .max(4);
    let name = |i: usize, kind: &str| {
        let s = SURNAMES[i % SURNAMES.len()];
        match kind {
            "h" => format!("{s}某{i}"),
            "c" => format!("{}{s}某收购点{i}", PROVINCES[i % 4]),
            "d" => format!("{}{s}老板{i}", PROVINCES[i % PROVINCES.len()]),
            _ => format!("{}市场{i}", PROVINCES[i % PROVINCES.len()]),
        }
    };
    Cast {
        harvesters: (0..harvesters).map(|i| name(i, "h")).collect(),
        collectors: (0..collectors).map(|i| name(i, "c")).collect(),
        dealers: (0..dealers).map(|i| name(i, "d")).collect(),
        markets: (0..markets).map(|i| name(i, "m")).collect(),
    }
}

/// Day number (from 1970-01-01) of 2021-01-01; the data spans three years from it.
const START: i32 = 18628;
const SPAN: i32 = 3 * 365;

fn write_date(w: &mut dyn Write, rng: &mut Rng, day: i32) -> std::io::Result<()> {
    let (y, m, d) = crate::ingest::date::civil_from_days(day);
    match rng.below(20) {
        0..=9 => write!(w, "{y}-{m:02}-{d:02}"),
        10..=12 => write!(w, "{y}/{m}/{d}"),
        13..=14 => write!(w, "{y}年{m}月{d}日"),
        15 => write!(w, "{y}{m:02}{d:02}"),
        16..=17 => write!(w, "{y}-{m:02}"),
        18 => write!(w, "{y}年{m}月"),
        _ => Ok(()), // unknown date
    }
}

/// Writes a weight of `kg` in a realistic mix of units, or a count, or nothing (unknown).
fn write_weight(w: &mut dyn Write, rng: &mut Rng, kg: f64) -> std::io::Result<&'static str> {
    match rng.below(40) {
        0..=17 => write!(w, "{}斤", (kg * 2.0).round()).map(|_| ""),
        18..=27 => write!(w, "{:.1}kg", kg).map(|_| ""),
        28..=29 => write!(w, "{} kg", kg.round()).map(|_| ""),
        30 => write!(w, "{}两", (kg * 20.0).round()).map(|_| ""),
        31..=32 => write!(w, "{}条", (kg / 1.5).round().max(1.0)).map(|_| ""),
        33..=34 => write!(w, "{}", (kg * 2.0).round()).map(|_| "斤"),
        35 => write!(w, "{:.3}吨", kg / 1000.0).map(|_| ""),
        _ => Ok(""), // unknown weight
    }
}

struct Writer<'a> {
    out: &'a mut dyn Write,
    rows: u64,
    /// Whether the place columns are written.
    on: bool,
    places: Places,
}

impl Writer<'_> {
    /// The place cells of a row (`,seller_place,buyer_place`) when places are written, then the
    /// line end.
    fn end(&mut self, who: [Who; 2], what: [Cell; 2]) -> Result<()> {
        if self.on {
            let s = self.places.cell(who[0], what[0]);
            let b = self.places.cell(who[1], what[1]);
            write!(self.out, ",{s},{b}")?;
        }
        self.out.write_all(b"\n")
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        rng: &mut Rng,
        who: [Who; 2],
        seller: &str,
        buyer: &str,
        species: &str,
        kg: Option<f64>,
        day: Option<i32>,
    ) -> Result<()> {
        write!(self.out, "{seller},{buyer},{species},")?;
        let unit = match kg {
            Some(kg) => write_weight(self.out, rng, kg)?,
            None => "",
        };
        write!(self.out, ",{unit},")?;
        if let Some(day) = day {
            write_date(self.out, rng, day)?;
        }
        self.end(who, [Cell::Home, Cell::Home])?;
        self.rows += 1;
        Ok(())
    }

    /// A row with a plain day date and a kg weight, for planted typologies (never scrambled).
    fn exact(
        &mut self,
        who: [Who; 2],
        seller: &str,
        buyer: &str,
        species: &str,
        kg: f64,
        day: i32,
    ) -> Result<()> {
        self.exact_placed(
            who,
            [Cell::Home, Cell::Home],
            seller,
            buyer,
            species,
            kg,
            day,
        )
    }

    /// [`Writer::exact`], with what the place cells hold.
    #[allow(clippy::too_many_arguments)]
    fn exact_placed(
        &mut self,
        who: [Who; 2],
        what: [Cell; 2],
        seller: &str,
        buyer: &str,
        species: &str,
        kg: f64,
        day: i32,
    ) -> Result<()> {
        let (y, m, d) = crate::ingest::date::civil_from_days(day);
        write!(
            self.out,
            "{seller},{buyer},{species},{kg}kg,,{y}-{m:02}-{d:02}"
        )?;
        self.end(who, what)?;
        self.rows += 1;
        Ok(())
    }
}

/// Writes `shape.rows` rows (header not counted) to `out` and returns the ground truth.
///
/// # Complexity
/// O(rows) time; memory grows with the number of parties, not with rows.
pub fn generate(shape: Shape, out: &mut dyn Write) -> Result<Truth> {
    generate_with(shape, false, out)
}

/// [`generate`] with two more columns, `seller_place` and `buyer_place` (see [`places`]), and
/// [`brokers::PLACES_ROWS`] more planted rows (cross-province brokers, disagreements, unreadable
/// places) in place of as many rows of the bulk: the other rows are those [`generate`] writes,
/// cell for cell. The truth gains `places`.
///
/// # Complexity
/// As [`generate`].
pub fn generate_with_places(shape: Shape, out: &mut dyn Write) -> Result<Truth> {
    generate_with(shape, true, out)
}

fn generate_with(shape: Shape, on: bool, out: &mut dyn Write) -> Result<Truth> {
    let mut rng = Rng::new(shape.seed);
    let c = cast(shape);
    let species = SPECIES
        .len()
        .min(8 + (shape.rows as f64).log10().max(1.0) as usize * 4);
    match on {
        false => writeln!(out, "seller,buyer,species,weight,unit,date")?,
        true => writeln!(
            out,
            "seller,buyer,species,weight,unit,date,seller_place,buyer_place"
        )?,
    }
    let sizes = [
        c.harvesters.len(),
        c.collectors.len(),
        c.dealers.len(),
        c.markets.len(),
    ];
    let mut w = Writer {
        out,
        rows: 0,
        on,
        places: Places::new(shape.seed, sizes),
    };
    let (h, cl, dl) = (Who::Harvester, Who::Collector, Who::Dealer);
    let mut truth = Truth {
        rows: shape.rows,
        seed: shape.seed,
        harvesters: c.harvesters.len(),
        collectors: c.collectors.len(),
        dealers: c.dealers.len(),
        markets: c.markets.len(),
        species,
        ..Truth::default()
    };

    // Planted typologies first (a fixed, small number of rows).
    let miss = Planted {
        party: "邓某收购点9001".into(),
        species: "眼镜蛇".into(),
        bought_kg: 100.0,
        sold_kg: 1500.0,
    };
    let miss_at = w.places.plant(&miss.party, 431224, Form::Full);
    w.exact(
        [h(0), miss_at],
        &c.harvesters[0],
        &miss.party,
        &miss.species,
        100.0,
        START + 30,
    )?;
    for k in 0..5 {
        w.exact(
            [miss_at, dl(k % c.dealers.len())],
            &miss.party,
            &c.dealers[k % c.dealers.len()],
            &miss.species,
            300.0,
            START + 40 + k as i32,
        )?;
    }
    let farm = Planted {
        party: "广西某养殖场9002".into(),
        species: "王锦蛇".into(),
        bought_kg: 50.0,
        sold_kg: 6000.0,
    };
    let farm_at = w.places.plant(&farm.party, 450923, Form::City);
    w.exact(
        [h(1), farm_at],
        &c.harvesters[1],
        &farm.party,
        &farm.species,
        50.0,
        START + 10,
    )?;
    for k in 0..12 {
        w.exact(
            [farm_at, dl(k % c.dealers.len())],
            &farm.party,
            &c.dealers[k % c.dealers.len()],
            &farm.species,
            500.0,
            START + 60 + 30 * k as i32,
        )?;
    }
    let broken = vec![
        "贵州某9003".to_string(),
        "贵州某收购点9004".to_string(),
        "贵州市场9005".to_string(),
    ];
    let b: Vec<Who> = [
        (522631, Form::County),
        (522601, Form::Full),
        (522732, Form::Province),
    ]
    .iter()
    .zip(&broken)
    .map(|(&(county, form), name)| w.places.plant(name, county, form))
    .collect();
    w.exact(
        [b[0], b[1]],
        &broken[0],
        &broken[1],
        "乌梢蛇",
        40.0,
        START + 400,
    )?;
    w.exact(
        [b[1], b[2]],
        &broken[1],
        &broken[2],
        "乌梢蛇",
        40.0,
        START + 200,
    )?;
    let cycle = vec![
        "循环甲9006".to_string(),
        "循环乙9007".to_string(),
        "循环丙9008".to_string(),
    ];
    let cy: Vec<Who> = [
        (440881, Form::Full),
        (441882, Form::ProvinceCity),
        (440232, Form::County),
    ]
    .iter()
    .zip(&cycle)
    .map(|(&(county, form), name)| w.places.plant(name, county, form))
    .collect();
    for k in 0..3 {
        w.exact(
            [cy[k], cy[(k + 1) % 3]],
            &cycle[k],
            &cycle[(k + 1) % 3],
            "滑鼠蛇",
            25.0,
            START + 500 + k as i32,
        )?;
    }
    w.exact(
        [cl(0), cy[0]],
        &c.collectors[0],
        &cycle[0],
        "滑鼠蛇",
        25.0,
        START + 499,
    )?;
    let ring: Vec<String> = (0..5).map(|k| format!("独立团伙{k}号9010")).collect();
    let forms = [
        Form::Full,
        Form::City,
        Form::County,
        Form::Address,
        Form::Province,
    ];
    let rg: Vec<Who> = [532801, 532822, 532823, 532801, 532822]
        .iter()
        .zip(&ring)
        .zip(forms)
        .map(|((&county, name), form)| w.places.plant(name, county, form))
        .collect();
    for k in 0..4 {
        w.exact(
            [rg[k], rg[k + 1]],
            &ring[k],
            &ring[k + 1],
            "中华穿山甲",
            3.0,
            START + 700 + k as i32,
        )?;
    }
    if on {
        brokers::plant(&mut w, &c)?;
    }
    truth.missing_supplier = miss;
    truth.laundering_farm = farm;
    truth.broken_chain = broken;
    truth.cycle = cycle;
    truth.separate_ring = ring;

    // The bulk: harvesters → collectors → dealers → markets, each party tied to a few partners.
    // The busiest dealer is dealer 0: collectors favour it.
    truth.busiest_dealer = c.dealers[0].clone();
    let expected = |typology: &str, kind: &str, parties: &[String]| {
        let mut parties = parties.to_vec();
        parties.sort();
        Expected {
            typology: typology.into(),
            kind: kind.into(),
            parties,
        }
    };
    truth.first = vec![
        expected(
            "laundering_farm",
            "unexplained_supply",
            std::slice::from_ref(&truth.laundering_farm.party),
        ),
        expected(
            "missing_supplier",
            "unexplained_supply",
            std::slice::from_ref(&truth.missing_supplier.party),
        ),
        expected("cycle", "cycle", &truth.cycle),
        expected(
            "busiest_dealer",
            "key_party",
            std::slice::from_ref(&truth.busiest_dealer),
        ),
    ];
    while w.rows < shape.rows {
        let day = START + rng.below(SPAN as usize) as i32;
        if rng.chance(0.001) {
            // A bad row, on purpose.
            let hi = rng.below(c.harvesters.len());
            let hn = &c.harvesters[hi];
            let mut seller = h(hi);
            match rng.below(3) {
                0 => write!(w.out, "{hn},{},王锦蛇,-5kg,,2022-03-01", c.collectors[0])?,
                1 => write!(w.out, "{hn},{},王锦蛇,3kg,,2022-13-40", c.collectors[0])?,
                _ => {
                    seller = Who::Nobody;
                    write!(w.out, ",{},王锦蛇,3kg,,2022-03-01", c.collectors[0])?
                }
            }
            w.end([seller, cl(0)], [Cell::Home, Cell::Home])?;
            w.rows += 1;
            truth.bad_rows += 1;
            continue;
        }
        // Per-row weights are scaled by tier so that mass is conserved on average: half of the
        // rows carry 1.2 units, 30% carry 2, 20% carry 3 (0.5·1.2 = 0.3·2 = 0.2·3).
        let kg = 2.0 + 40.0 * rng.unit() * rng.unit();
        // Each party deals mostly in a portfolio of three species, as real traders do.
        let tier = rng.below(100);
        let seller = match tier {
            0..50 => rng.below(c.harvesters.len()),
            50..80 => 1_000_003 + rng.below(c.collectors.len()),
            _ => 2_000_003 + rng.below(c.dealers.len()),
        };
        // Each collector deals in a portfolio of three species, as real traders do, and its
        // harvesters catch what it buys: a collector sells what it bought, so the bulk balances
        // species by species and the planted gaps stand out. Dealers, who gather from many
        // collectors, trade the whole mix.
        let hi = seller % 1_000_003;
        let col = (hi * 7 + rng.below(3)) % c.collectors.len();
        let portfolio = |rng: &mut Rng, collector: usize| {
            let mut h = Rng::new((1_000_003 + collector) as u64 * 3 + rng.below(3) as u64);
            let u = h.unit();
            SPECIES[((u * u * species as f64) as usize).min(species - 1)]
        };
        if tier < 50 {
            let sp = portfolio(&mut rng, col);
            let (hn, cn) = (&c.harvesters[hi], &c.collectors[col]);
            w.row(
                &mut rng,
                [h(hi), cl(col)],
                hn,
                cn,
                sp,
                Some(kg * 1.2),
                Some(day),
            )?;
        } else if tier < 80 {
            let sp = portfolio(&mut rng, seller - 1_000_003);
            let ci = seller - 1_000_003;
            let d = if rng.chance(0.3) {
                0
            } else {
                (ci * 3 + rng.below(4)) % c.dealers.len()
            };
            w.row(
                &mut rng,
                [cl(ci), dl(d)],
                &c.collectors[ci],
                &c.dealers[d],
                sp,
                Some(kg * 2.0),
                Some(day + 3),
            )?;
        } else {
            // Dealer 0 sells as large a share as it buys (30% of the collectors' sales, and its
            // part of the rest), so that its balance, like the others', holds.
            let di = if rng.chance(0.3) {
                0
            } else {
                seller - 2_000_003
            };
            // It sells what one of its collectors sold it: a collector that may sell to it.
            let dealers = c.dealers.len();
            let supplies = |ci: usize| di == 0 || (0..4).any(|k| (ci * 3 + k) % dealers == di);
            let mut ci = rng.below(c.collectors.len());
            for _ in 0..64 {
                if supplies(ci) {
                    break;
                }
                ci = rng.below(c.collectors.len());
            }
            let sp = portfolio(&mut rng, ci);
            let m = (di * 11 + rng.below(12)) % c.markets.len();
            w.row(
                &mut rng,
                [dl(di), Who::Market(m)],
                &c.dealers[di],
                &c.markets[m],
                sp,
                Some(kg * 3.0),
                Some(day + 10),
            )?;
        }
    }
    w.out.flush()?;
    truth.rows = w.rows;
    if on {
        let names = (c.harvesters.iter().enumerate().map(|(i, n)| (h(i), n)))
            .chain(c.collectors.iter().enumerate().map(|(i, n)| (cl(i), n)))
            .chain(c.dealers.iter().enumerate().map(|(i, n)| (dl(i), n)))
            .chain(
                c.markets
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (Who::Market(i), n)),
            )
            .map(|(who, n)| (who, n.clone()));
        let planted: Vec<(Who, String)> = (w.places.planted.iter().enumerate())
            .map(|(k, (n, _))| (Who::Planted(k), n.clone()))
            .collect();
        let t = std::mem::replace(&mut w.places, Places::new(0, [0; 4]));
        truth.places = Some(t.finish(names.chain(planted)));
    }
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let shape = Shape {
            rows: 2000,
            seed: 7,
            parties: None,
        };
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        generate(shape, &mut a).unwrap();
        generate(shape, &mut b).unwrap();
        generate(Shape { seed: 8, ..shape }, &mut c).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 2001);
    }

    #[test]
    fn below_is_in_range_and_spread() {
        let mut r = Rng::new(1);
        let mut seen = [0usize; 10];
        for _ in 0..10_000 {
            seen[r.below(10)] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
    }
}
