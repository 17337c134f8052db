//! Places in a generated case (`generate --places`): every party has one home county, drawn from a
//! small built-in list of real divisions with their GB/T 2260 codes (28 counties in 8 provinces),
//! and the seller's and the buyer's place are written in the forms officers write
//! (`湖南省怀化市辰溪县`, `湖南`, `怀化市`, `辰溪县`, an address beginning with the divisions), some
//! empty, a few unreadable (`不详`), a few planted disagreements. Cross-province brokers are planted
//! with their Gould–Fernandez role (representative, gatekeeper, liaison) and listed in the truth.
//!
//! This list is the generator's own (it does not depend on the resolver's division table), so
//! that a test can hold the resolver's answer against it.

use serde::Serialize;

use super::Rng;

/// A division of the built-in list: its GB/T 2260 code, full name and short name.
#[derive(Debug, Clone, Copy)]
pub struct Division {
    pub code: u32,
    pub name: &'static str,
    pub short: &'static str,
}

const fn d(code: u32, name: &'static str, short: &'static str) -> Division {
    Division { code, name, short }
}

/// Provinces, cities (prefectures) and counties of the list, by code. Codes are those in force
/// (GB/T 2260, as the Ministry of Civil Affairs publishes them); names whose short form would
/// also name another division (长沙 is a city and a county, 吉安 too) are left out, so that each
/// form the generator writes has one answer.
pub const DIVISIONS: &[Division] = &[
    d(430000, "湖南省", "湖南"),
    d(431200, "怀化市", "怀化"),
    d(431202, "鹤城区", "鹤城"),
    d(431222, "沅陵县", "沅陵"),
    d(431223, "辰溪县", "辰溪"),
    d(431224, "溆浦县", "溆浦"),
    d(431100, "永州市", "永州"),
    d(431125, "江永县", "江永"),
    d(433100, "湘西土家族苗族自治州", "湘西"),
    d(433123, "凤凰县", "凤凰"),
    d(450000, "广西壮族自治区", "广西"),
    d(450100, "南宁市", "南宁"),
    d(450126, "宾阳县", "宾阳"),
    d(450300, "桂林市", "桂林"),
    d(450321, "阳朔县", "阳朔"),
    d(450324, "全州县", "全州"),
    d(450900, "玉林市", "玉林"),
    d(450921, "容县", "容县"),
    d(450923, "博白县", "博白"),
    d(440000, "广东省", "广东"),
    d(440100, "广州市", "广州"),
    d(440111, "白云区", "白云"),
    d(440200, "韶关市", "韶关"),
    d(440232, "乳源瑶族自治县", "乳源"),
    d(440800, "湛江市", "湛江"),
    d(440881, "廉江市", "廉江"),
    d(441800, "清远市", "清远"),
    d(441882, "连州市", "连州"),
    d(520000, "贵州省", "贵州"),
    d(522600, "黔东南苗族侗族自治州", "黔东南"),
    d(522601, "凯里市", "凯里"),
    d(522631, "黎平县", "黎平"),
    d(522700, "黔南布依族苗族自治州", "黔南"),
    d(522732, "三都水族自治县", "三都"),
    d(530000, "云南省", "云南"),
    d(532800, "西双版纳傣族自治州", "西双版纳"),
    d(532801, "景洪市", "景洪"),
    d(532822, "勐海县", "勐海"),
    d(532823, "勐腊县", "勐腊"),
    d(360000, "江西省", "江西"),
    d(360700, "赣州市", "赣州"),
    d(360726, "安远县", "安远"),
    d(360734, "寻乌县", "寻乌"),
    d(360781, "瑞金市", "瑞金"),
    d(510000, "四川省", "四川"),
    d(510100, "成都市", "成都"),
    d(510107, "武侯区", "武侯"),
    d(513400, "凉山彝族自治州", "凉山"),
    d(513401, "西昌市", "西昌"),
    d(350000, "福建省", "福建"),
    d(350600, "漳州市", "漳州"),
    d(350624, "诏安县", "诏安"),
    d(350800, "龙岩市", "龙岩"),
    d(350823, "上杭县", "上杭"),
];

/// The division of `code` in the list.
pub fn division(code: u32) -> Option<&'static Division> {
    DIVISIONS.iter().find(|d| d.code == code)
}

/// The province of a code (`431223` → `430000`).
pub fn province_of(code: u32) -> u32 {
    code / 10_000 * 10_000
}

/// The city (prefecture) of a code (`431223` → `431200`).
pub fn city_of(code: u32) -> u32 {
    code / 100 * 100
}

/// The counties of the list (codes not ending in `00`), in list order.
fn counties() -> impl Iterator<Item = &'static Division> {
    DIVISIONS.iter().filter(|d| d.code % 100 != 0)
}

/// The counties of a province, in list order.
fn counties_in(province: u32) -> Vec<u32> {
    counties()
        .filter(|d| province_of(d.code) == province)
        .map(|d| d.code)
        .collect()
}

/// The province whose short name begins `name` (`广西市场1` → 广西), if any.
pub fn province_named(name: &str) -> Option<u32> {
    DIVISIONS
        .iter()
        .find(|d| d.code % 10_000 == 0 && name.starts_with(d.short))
        .map(|d| d.code)
}

fn name_of(code: u32) -> &'static str {
    division(code).map_or("", |d| d.name)
}

fn short_of(code: u32) -> &'static str {
    division(code).map_or("", |d| d.short)
}

/// How precisely a written place names its division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// No row states it (every cell of the party empty, unreadable or a planted disagreement).
    Unknown,
    Province,
    City,
    County,
}

/// The forms a place is written in, each party keeping one (an officer copies a party's place the
/// same way), with a province alone now and then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `湖南省怀化市辰溪县`
    Full,
    /// `湖南省怀化市辰溪县某镇`: an address that begins with the divisions.
    Address,
    /// `湖南怀化`
    ProvinceCity,
    /// `怀化市`
    City,
    /// `怀化市辰溪县`
    CityCounty,
    /// `辰溪县` (a district, `区`, is written with its city: 白云区 names two)
    County,
    /// `湖南`
    Province,
    /// `湖南省`, `广西壮族自治区`
    ProvinceFull,
}

impl Form {
    fn pick(u: u64) -> Form {
        match u % 100 {
            0..25 => Form::Full,
            25..33 => Form::Address,
            33..43 => Form::ProvinceCity,
            43..55 => Form::City,
            55..65 => Form::CityCounty,
            65..75 => Form::County,
            75..90 => Form::Province,
            _ => Form::ProvinceFull,
        }
    }

    /// Every form.
    pub const ALL: [Form; 8] = [
        Form::Full,
        Form::Address,
        Form::ProvinceCity,
        Form::City,
        Form::CityCounty,
        Form::County,
        Form::Province,
        Form::ProvinceFull,
    ];

    /// The level this form states.
    pub fn level(self) -> Level {
        match self {
            Form::Full | Form::Address | Form::CityCounty | Form::County => Level::County,
            Form::ProvinceCity | Form::City => Level::City,
            Form::Province | Form::ProvinceFull => Level::Province,
        }
    }

    /// `county` written in this form.
    pub fn write(self, county: u32) -> String {
        let (p, c) = (province_of(county), city_of(county));
        match self {
            Form::Full => format!("{}{}{}", name_of(p), name_of(c), name_of(county)),
            Form::Address => format!("{}{}{}某镇", name_of(p), name_of(c), name_of(county)),
            Form::ProvinceCity => format!("{}{}", short_of(p), short_of(c)),
            Form::City => name_of(c).to_string(),
            Form::County if name_of(county).ends_with('区') => {
                format!("{}{}", name_of(c), name_of(county))
            }
            Form::CityCounty => format!("{}{}", name_of(c), name_of(county)),
            Form::County => name_of(county).to_string(),
            Form::Province => short_of(p).to_string(),
            Form::ProvinceFull => name_of(p).to_string(),
        }
    }
}

/// The place columns, seller's then buyer's.
pub const COLUMNS: [&str; 2] = ["seller_place", "buyer_place"];

/// A county in another province than `county`'s: the first of the next province in the list.
pub fn elsewhere(county: u32) -> u32 {
    let provinces: Vec<u32> = DIVISIONS
        .iter()
        .filter(|d| d.code % 10_000 == 0)
        .map(|d| d.code)
        .collect();
    let at = provinces
        .iter()
        .position(|&p| p == province_of(county))
        .unwrap_or(0);
    counties_in(provinces[(at + 1) % provinces.len()])[0]
}

/// Texts an officer writes when the place is not known: none names a division.
pub const UNRESOLVABLE: &[&str] = &["不详", "未知", "外省", "网上联系，地址不详"];

/// A party's home: its county and the form its place is written in.
#[derive(Debug, Clone, Copy)]
pub struct Home {
    pub county: u32,
    pub form: Form,
}

/// A number drawn from (seed, kind, index) alone, so that a party's home needs no state.
fn draw(seed: u64, kind: u64, i: usize) -> u64 {
    let mut r = Rng::new(
        seed ^ kind.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ (i as u64).wrapping_mul(0x9e37_79b9),
    );
    r.next_u64();
    r.next_u64()
}

/// A county of `province` drawn by `u`.
fn county_in(province: u32, u: u64) -> u32 {
    let cs = counties_in(province);
    cs[(u % cs.len() as u64) as usize]
}

/// The home of a party of the cast whose name begins with its province (collectors, dealers,
/// markets), or, for a harvester, beside the collector it sells to most (`near`): in its county
/// six times in ten, else elsewhere in its province.
pub fn cast_home(seed: u64, kind: u64, i: usize, province: u32, near: Option<u32>) -> Home {
    let u = draw(seed, kind, i);
    let county = match near {
        Some(c) if u % 10 < 6 => c,
        Some(c) => county_in(province_of(c), u / 10),
        None => county_in(province, u / 10),
    };
    Home {
        county,
        form: Form::pick(u >> 20),
    }
}

/// The party of a row, for its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Harvester(usize),
    Collector(usize),
    Dealer(usize),
    Market(usize),
    /// A party of the planted typologies, by its index among them.
    Planted(usize),
    /// No party (an empty seller): an empty place.
    Nobody,
}

/// A place truth: where a party is, and how precisely its rows say so.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartyPlace {
    pub party: String,
    pub province: u32,
    pub city: u32,
    pub county: u32,
    /// Its home in full: `湖南省怀化市辰溪县`.
    pub home: String,
    /// The most precise level its rows state (`unknown` when none states it).
    pub written_level: Level,
}

/// A planted cross-province broker: a party that buys in one province and sells into another.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlantedBroker {
    pub party: String,
    /// Its Gould–Fernandez role with the province as the group: `representative` (buys in its own
    /// province, sells out of it), `gatekeeper` (buys from outside, sells within), `liaison`
    /// (buys from one province and sells into another, neither its own).
    pub role: String,
    pub province: u32,
    pub province_name: String,
    /// Its open two-paths supplier → it → buyer, every one of them of its role.
    pub two_paths: usize,
    pub suppliers: Vec<String>,
    pub buyers: Vec<String>,
    /// The provinces its suppliers are in, and its buyers.
    pub bought_in: Vec<u32>,
    pub sold_into: Vec<u32>,
    /// The provinces the planted route crosses, in route order (origin, the broker's, market).
    pub route: Vec<u32>,
    pub route_names: Vec<String>,
}

/// A planted cell naming another place than the party's home.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Disagreement {
    pub party: String,
    /// `seller_place` or `buyer_place`.
    pub column: String,
    /// The row number as wildchain names it (the line; the header is line 1).
    pub row: u64,
    pub home: String,
    pub written: String,
    pub written_province: u32,
}

/// A planted cell that names no division.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Unresolvable {
    pub party: String,
    pub column: String,
    pub row: u64,
    pub written: String,
}

/// What `--places` planted.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct PlacesTruth {
    /// Every party that appears in a row, in name order, with its home.
    pub parties: Vec<PartyPlace>,
    pub brokers: Vec<PlantedBroker>,
    pub disagreements: Vec<Disagreement>,
    /// The planted unreadable cells (the bulk has others, counted in `unresolvable_cells`).
    pub unresolvable: Vec<Unresolvable>,
    /// Place cells left empty, and cells naming no division, in all.
    pub empty_cells: u64,
    pub unresolvable_cells: u64,
}

/// The place columns' state while rows are written: each party's home and the most precise level
/// written for it so far.
pub struct Places {
    seed: u64,
    rng: Rng,
    /// Parties of the cast per tier: (harvesters, collectors, dealers, markets).
    sizes: [usize; 4],
    /// The planted typologies' parties: name and home.
    pub planted: Vec<(String, Home)>,
    /// Most precise level written, per party (cast then planted), `None` when never seen.
    levels: Vec<Option<Level>>,
    /// Each party's home and its place written in its form, once drawn (per slot, as `levels`).
    written: Vec<Option<(Home, String)>>,
    pub truth: PlacesTruth,
}

/// What to write in a place cell.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// The party's home, in its form; empty or unreadable now and then.
    Home,
    /// The party's home in its form, always.
    Always,
    /// This text (a planted disagreement or unreadable cell).
    Text(&'a str),
}

impl Places {
    pub fn new(seed: u64, sizes: [usize; 4]) -> Places {
        let n = sizes.iter().sum();
        Places {
            seed,
            rng: Rng::new(seed ^ 0x7a1a_ce5e_ed00_0023),
            sizes,
            planted: Vec::new(),
            levels: vec![None; n],
            written: vec![None; n],
            truth: PlacesTruth::default(),
        }
    }

    fn slot(&self, who: Who) -> Option<usize> {
        let [h, c, d, _] = self.sizes;
        match who {
            Who::Harvester(i) => Some(i),
            Who::Collector(i) => Some(h + i),
            Who::Dealer(i) => Some(h + c + i),
            Who::Market(i) => Some(h + c + d + i),
            Who::Planted(i) => Some(self.sizes.iter().sum::<usize>() + i),
            Who::Nobody => None,
        }
    }

    /// Names of the collectors and dealers etc. begin with their province (see `cast`).
    pub fn home(&self, who: Who) -> Option<Home> {
        let [_, c, _, _] = self.sizes;
        let collector = |i: usize| {
            let p = super::PROVINCES[i % 4];
            cast_home(self.seed, 2, i, province_named(p).unwrap_or(430000), None)
        };
        let named = |kind: u64, i: usize| {
            let p = super::PROVINCES[i % super::PROVINCES.len()];
            cast_home(
                self.seed,
                kind,
                i,
                province_named(p).unwrap_or(430000),
                None,
            )
        };
        Some(match who {
            Who::Harvester(i) => {
                let near = collector((i * 7) % c).county;
                cast_home(self.seed, 1, i, province_of(near), Some(near))
            }
            Who::Collector(i) => collector(i),
            Who::Dealer(i) => named(3, i),
            Who::Market(i) => named(4, i),
            Who::Planted(k) => self.planted[k].1,
            Who::Nobody => return None,
        })
    }

    /// Registers a planted party at `county`, in `form`.
    pub fn plant(&mut self, name: &str, county: u32, form: Form) -> Who {
        self.planted.push((name.to_string(), Home { county, form }));
        self.levels.push(None);
        self.written.push(None);
        Who::Planted(self.planted.len() - 1)
    }

    /// The text of a place cell of `who`, and notes what it states.
    pub fn cell(&mut self, who: Who, what: Cell) -> String {
        let Some(slot) = self.slot(who) else {
            return String::new();
        };
        if self.written[slot].is_none() {
            let home = self.home(who).expect("a party has a home");
            self.written[slot] = Some((home, home.form.write(home.county)));
        }
        let home = self.written[slot].as_ref().expect("drawn above").0;
        self.levels[slot].get_or_insert(Level::Unknown);
        let form = match what {
            Cell::Text(t) => return t.to_string(),
            Cell::Always => home.form,
            Cell::Home => {
                let u = self.rng.below(1000);
                if u < 50 {
                    self.truth.empty_cells += 1;
                    return String::new();
                }
                if u < 54 {
                    self.truth.unresolvable_cells += 1;
                    return UNRESOLVABLE[u % UNRESOLVABLE.len()].to_string();
                }
                if u < 154 { Form::Province } else { home.form }
            }
        };
        let seen = &mut self.levels[slot];
        *seen = (*seen).max(Some(form.level()));
        match form == home.form {
            true => self.written[slot].as_ref().expect("drawn above").1.clone(),
            false => form.write(home.county),
        }
    }

    /// Notes a planted text cell (counted as the bulk's are).
    pub fn count_text(&mut self, who: Who, empty: bool) {
        if let Some(slot) = self.slot(who) {
            self.levels[slot].get_or_insert(Level::Unknown);
        }
        match empty {
            true => self.truth.empty_cells += 1,
            false => self.truth.unresolvable_cells += 1,
        }
    }

    /// The truth's party list, given every party's name (cast then planted, as the slots).
    pub fn finish(mut self, names: impl Iterator<Item = (Who, String)>) -> PlacesTruth {
        let mut parties = Vec::new();
        for (who, name) in names {
            let Some(slot) = self.slot(who) else { continue };
            let Some(level) = self.levels[slot] else {
                continue;
            };
            let home = self.home(who).expect("a party has a home");
            parties.push(PartyPlace {
                party: name,
                province: province_of(home.county),
                city: city_of(home.county),
                county: home.county,
                home: Form::Full.write(home.county),
                written_level: level,
            });
        }
        parties.sort_by(|a, b| a.party.cmp(&b.party));
        parties.dedup_by(|a, b| a.party == b.party);
        self.truth.parties = parties;
        self.truth
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_county_has_its_city_and_province_in_the_list() {
        let n = counties().count();
        assert!((20..=40).contains(&n), "{n} counties");
        for c in counties() {
            assert!(division(city_of(c.code)).is_some(), "{}", c.name);
            assert!(division(province_of(c.code)).is_some(), "{}", c.name);
        }
        let provinces = DIVISIONS.iter().filter(|d| d.code % 10_000 == 0).count();
        assert_eq!(provinces, 8);
        // Every province of the cast's names is in the list.
        for p in super::super::PROVINCES {
            assert!(province_named(p).is_some(), "{p}");
        }
    }

    #[test]
    fn forms_write_the_divisions_as_officers_do() {
        assert_eq!(Form::Full.write(431223), "湖南省怀化市辰溪县");
        assert_eq!(Form::Address.write(431223), "湖南省怀化市辰溪县某镇");
        assert_eq!(Form::ProvinceCity.write(431223), "湖南怀化");
        assert_eq!(Form::City.write(450126), "南宁市");
        assert_eq!(Form::County.write(431223), "辰溪县");
        // A district is written with its city: 白云区 alone names two.
        assert_eq!(Form::County.write(440111), "广州市白云区");
        assert_eq!(Form::Province.write(450126), "广西");
        assert_eq!(Form::ProvinceFull.write(450126), "广西壮族自治区");
        assert_eq!(Form::Province.level(), Level::Province);
        assert_eq!(Form::City.level(), Level::City);
    }

    #[test]
    fn short_names_are_unique_in_the_list() {
        let mut shorts: Vec<&str> = DIVISIONS.iter().map(|d| d.short).collect();
        shorts.sort_unstable();
        let n = shorts.len();
        shorts.dedup();
        assert_eq!(shorts.len(), n);
    }
}
