//! Reading a place as written: the divisions it begins with, walked level by level.
//!
//! # Rules
//! - Spaces (full-width too) are dropped; full-width letters and digits read as ASCII; case is
//!   ignored for pinyin. A leading 中国 / 中华人民共和国 / China is skipped, and so are separators
//!   between divisions (`-`, `/`, `,`, `，`, `、`, `·`, brackets …).
//! - At each step the longest name from the start of the text wins: a province (湖南省, 湖南,
//!   广西壮族自治区, Hunan), then a city of that province (怀化市, 怀化) or directly a county of it
//!   (湖南省辰溪县), then a county of that city. Text that does not begin with a province may begin
//!   with a city or county anywhere in the country.
//! - Among readings of the same name, a full name (with its suffix: 省/市/县/区/自治区/自治州/地区/
//!   盟/旗/特别行政区) beats a short one, and the higher level beats the lower (吉林 is the province,
//!   吉林市 the city; 西安 is 西安市, not 西安区 in 辽源).
//! - A short name may be followed by its level's suffix in another form (湘西州, 怀化地区, 广西自治区).
//!   It must not run on into a longer word: with nothing written before it, a city's or county's
//!   short name must stand alone, or be followed by a separator, a suffix, a division under it or
//!   an address (某镇某村); any short name followed directly by 路, 街, 镇, 村, 山, 河 … that is not
//!   a division (湖南路, 中山路, 城关镇) is not read as a place.
//! - A name several divisions share (朝阳区 in 北京 and 长春) leaves the result at the level all its
//!   readings share (nothing, or the province or city written before it) and lists the candidates;
//!   a division written after it may choose among them (长春市朝阳区 needs no choice; 朝阳双塔区
//!   picks 朝阳市's).
//! - A province alone is a province: nothing below it is guessed.
//! - One place per cell. A cell naming several places (`湖南/广西`, `湖南、广西`, `湖南或广西`,
//!   `怀化市,长沙市`: a list separator `/ 、 , ; | -` or word `或 和 及 与 or and` between them, or
//!   nothing between when the rest is divisions and nothing else, `湖南广西`) never picks one: it
//!   keeps the level all of them share (怀化市/长沙市 → 湖南省; 湖南/广西 → no province) and lists
//!   them as candidates, with `several` set. A place written beside one it lies in is one place
//!   (辰溪县、湖南 → 辰溪县).
//! - A 6-digit code of the table reads as that division.
//!
//! # Complexity
//! Each step looks up the prefixes of the remaining text no longer than the longest name (45
//! bytes) in one hash map, and filters the few readings of a name found; checking that a short
//! name is followed by a division looks one level further. A resolution is O(L) hash lookups for
//! a text of L characters (at most three levels, each a bounded number of lookups), never a scan
//! of the table.

use serde::Serialize;

use super::table::{Key, Kind};
use super::{Divisions, Former, Level};

/// What a place as written resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Resolution {
    /// The province, when certain.
    pub province: Option<u32>,
    /// The city (prefecture level), when certain; see `Divisions::city_of` for municipalities.
    pub city: Option<u32>,
    /// The county, when certain.
    pub county: Option<u32>,
    /// When the next name is ambiguous: the divisions it could be, sorted by code (empty otherwise).
    pub candidates: Vec<u32>,
    /// The text after the divisions read (某镇某村), spaces removed; all of it when nothing resolved.
    pub rest: String,
    /// The former name read, when the place was written by a retired or old name (襄樊市).
    pub former: Option<Former>,
    /// Whether the cell names several places (`湖南/广西`, `怀化市、长沙市`): then `candidates`
    /// are the places named, and the certain part is what they all share.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub several: bool,
}

impl Resolution {
    /// The most precise certain division: the county, else the city, else the province.
    pub fn code(&self) -> Option<u32> {
        self.county.or(self.city).or(self.province)
    }

    /// The level of [`Resolution::code`]. A municipality alone (北京) is a province.
    pub fn level(&self) -> Option<Level> {
        if self.county.is_some() {
            Some(Level::County)
        } else if self.city.is_some() && self.city != self.province {
            Some(Level::City)
        } else if self.province.is_some() {
            Some(Level::Province)
        } else {
            None
        }
    }

    /// Whether some division is certain.
    pub fn is_resolved(&self) -> bool {
        self.code().is_some()
    }

    /// Whether a name was read that several divisions share.
    pub fn is_ambiguous(&self) -> bool {
        !self.candidates.is_empty()
    }
}

/// Where the next name is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Anywhere: the start of the text.
    Any,
    /// A city or county of this province.
    Province(u32),
    /// A county of this city.
    City(u32),
}

/// One name read: the divisions it can be and how many bytes it took (suffix and separators too).
#[derive(Debug)]
struct Step {
    codes: Vec<u32>,
    len: usize,
    former: Option<u16>,
}

/// Characters that, directly after a short name, make it part of a longer word that is not a
/// division (湖南路, 城关镇, 凤凰山), unless a division under it follows.
const STOP: &[char] = &[
    '路', '街', '巷', '道', '镇', '乡', '村', '桥', '庄', '屯', '寨', '坝', '坪', '河', '湖', '山',
    '江', '岛', '港', '站', '场', '楼', '号', '组', '里', '湾', '院', '门', '口', '塘', '沟', '岭',
    '园', '店', '厂', '校', '馆',
];
/// Words that mark the text after a short name as an address (辰溪某镇某村).
const ADDRESS: &[&str] = &["镇", "乡", "村", "街道", "社区", "组", "号"];
/// Separators skipped between divisions and before the rest.
const SEPARATORS: &[char] = &[
    '-', '–', '—', '/', '\\', '·', '・', ',', '，', '、', ';', '；', ':', '：', '|', '.', '。',
    '(', ')', '（', '）', '[', ']', '【', '】',
];
/// Separators that, between two places neither of which lies in the other, make a list of places
/// (`湖南/广西`, `湖南、广西`, `怀化市,长沙市`); brackets, dots and colons do not.
const LIST: &[char] = &['-', '–', '—', '/', '\\', ',', '，', '、', ';', '；', '|'];
/// The most places one cell is read as: the rest of a longer list is left as its rest.
const MAX_PLACES: usize = 16;
/// Words between two places that make a list of them (`湖南或广西`).
const LIST_WORDS: &[&str] = &[
    "或者", "以及", "或", "和", "及", "与", "跟", "&", "+", "→", "~", "～", "or", "and",
];
/// What may follow a short name in place of its own suffix, by level.
const PROVINCE_SUFFIX: &[&str] = &["特别行政区", "自治区", "省", "市"];
const CITY_SUFFIX: &[&str] = &["自治州", "地区", "盟", "州", "市"];
const COUNTY_SUFFIX: &[&str] = &["自治县", "自治旗", "县", "区", "市", "旗"];
const PINYIN_SUFFIX: &[&str] = &[
    "specialadministrativeregion",
    "zhuangautonomousregion",
    "uygurautonomousregion",
    "uyghurautonomousregion",
    "huiautonomousregion",
    "autonomousregion",
    "municipality",
    "province",
    "sheng",
    "city",
    "shi",
    "sar",
];
/// Country names skipped at the start.
const COUNTRY: &[&str] = &["中华人民共和国", "中国", "prchina", "china", "prc"];

/// The text compared: full-width ASCII folded to ASCII, ASCII in lower case. One character for
/// one, so the n-th character of the compared text is the n-th of the written one.
fn normalize(written: &str) -> String {
    written
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where the written text had spaces, as byte offsets into the compared text (which has none), so
/// that `Guangxi Nanning` ends a word where `Guangxinanning` would not.
struct Gaps {
    /// The length of the compared text.
    end: usize,
    /// Offsets before which spaces were dropped, ascending.
    at: Vec<usize>,
}

impl Gaps {
    fn of(text: &str, end: usize) -> Gaps {
        let mut at = Vec::new();
        let mut offset = 0;
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                at.push(offset);
                space = false;
            }
            // normalize() folds full-width ASCII to one byte.
            offset += match c {
                '\u{FF01}'..='\u{FF5E}' => 1,
                _ => c.len_utf8(),
            };
        }
        Gaps { end, at }
    }

    /// Whether spaces were written right before `rest`, a suffix of the compared text.
    fn before(&self, rest: &str) -> bool {
        self.at.binary_search(&(self.end - rest.len())).is_ok()
    }
}

fn skip_separators(s: &str) -> &str {
    s.trim_start_matches(SEPARATORS)
}

impl Divisions {
    /// Reads a place as written: the divisions it begins with, the candidates when a name is
    /// ambiguous or when the cell names several places, and the rest of the text (see the
    /// module documentation for the rules).
    ///
    /// # Complexity
    /// O(L) hash lookups for a text of L characters per place the cell names; no scan of the
    /// table.
    pub fn resolve(&self, text: &str) -> Resolution {
        self.resolve_list(text, 1)
    }

    /// [`Divisions::resolve`] of the `n`-th place of a cell: at most [`MAX_PLACES`] are read,
    /// so that a cell of thousands of names costs no more than a few readings of it.
    fn resolve_list(&self, text: &str, n: usize) -> Resolution {
        let (first, listed) = self.resolve_one(text);
        if !(first.is_resolved() || first.is_ambiguous())
            || first.rest.is_empty()
            || n >= MAX_PLACES
        {
            return first;
        }
        // Another place after a list word (或, 和 …) or separator (/, 、, ,), or, with nothing
        // between, a rest that is divisions and nothing else (湖南广西).
        let word = LIST_WORDS.iter().find(|w| {
            let rest = &first.rest;
            rest.len() > w.len()
                && rest.is_char_boundary(w.len())
                && rest[..w.len()].eq_ignore_ascii_case(w)
        });
        let next = match word {
            Some(w) => Some(self.resolve_list(&first.rest[w.len()..], n + 1)),
            None => None,
        }
        .filter(|n| n.is_resolved() || n.is_ambiguous())
        .or_else(|| {
            let n = self.resolve_list(&first.rest, n + 1);
            let place = n.is_resolved() || n.is_ambiguous();
            (place && (listed || n.rest.is_empty())).then_some(n)
        });
        match next {
            Some(next) => self.join(first, next),
            None => first,
        }
    }

    /// One resolution for the places a cell names: the divisions named (an ambiguous name's
    /// candidates among them), without those another lies in (辰溪县、湖南 is 辰溪县); one left is
    /// certain, several keep what they all share and are listed.
    fn join(&self, first: Resolution, next: Resolution) -> Resolution {
        let named = |r: &Resolution| -> Vec<u32> {
            if r.candidates.is_empty() {
                r.code().into_iter().collect()
            } else {
                r.candidates.clone()
            }
        };
        let mut codes = named(&first);
        codes.extend(named(&next));
        codes.sort_unstable();
        codes.dedup();
        let inside = |inner: u32, outer: u32| {
            let mut at = self.get(inner).and_then(|d| d.parent);
            while let Some(c) = at {
                if c == outer {
                    return true;
                }
                at = self.get(c).and_then(|d| d.parent);
            }
            false
        };
        let kept: Vec<u32> = (codes.iter().copied())
            .filter(|&c| !codes.iter().any(|&o| inside(o, c)))
            .collect();
        let mut res = Resolution {
            rest: next.rest,
            former: first.former.or(next.former),
            ..Resolution::default()
        };
        match kept[..] {
            [code] => self.fill(&mut res, code),
            _ => {
                self.fill_common(&mut res, &kept);
                res.candidates = kept;
                res.several = first.several || next.several || res.candidates.len() > 1;
                // Readings of one ambiguous name that one place written beside it chose
                // among stay an ambiguous name, not several places.
                if !first.several
                    && !next.several
                    && (first.candidates.is_empty() || next.candidates.is_empty())
                    && res
                        .candidates
                        .iter()
                        .all(|c| first.candidates.contains(c) || next.candidates.contains(c))
                {
                    res.several = false;
                }
            }
        }
        res
    }

    /// [`Divisions::resolve`] for one place: the resolution, and whether a list separator (`/`,
    /// `、`, `,` …) was passed right before the rest.
    fn resolve_one(&self, text: &str) -> (Resolution, bool) {
        let written: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let lower = normalize(&written);
        let gaps = Gaps::of(text, lower.len());
        let mut at = 0;
        for c in COUNTRY {
            if lower.starts_with(c) {
                at = c.len();
                break;
            }
        }
        at = lower.len() - skip_separators(&lower[at..]).len();

        let mut res = Resolution::default();
        if let Some(r) = self.by_code(&lower[at..]) {
            return (r, false);
        }
        let mut scope = Scope::Any;
        while let Some(step) = self.step(&lower[at..], scope, &gaps) {
            at += step.len;
            if let Some(i) = step.former {
                res.former = self.former.get(i as usize).copied();
            }
            if let [code] = step.codes[..] {
                self.fill(&mut res, code);
                scope = match self.level(code) {
                    Some(Level::Province) => Scope::Province(code),
                    Some(Level::City) => Scope::City(code),
                    _ => break,
                };
            } else {
                self.fill_common(&mut res, &step.codes);
                res.candidates = step.codes;
                break;
            }
        }
        res.rest = if res.is_resolved() || res.is_ambiguous() {
            // The same characters of the text as written (folding changed their widths).
            let n = lower[..at].chars().count();
            written.chars().skip(n).collect()
        } else {
            written
        };
        let listed = (lower[..at].chars().rev())
            .take_while(|c| SEPARATORS.contains(c))
            .any(|c| LIST.contains(&c));
        (res, listed)
    }

    /// A text that is exactly a 6-digit code of the table (a retired code reads as its successor).
    fn by_code(&self, s: &str) -> Option<Resolution> {
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d = self.get(s.parse().ok()?)?;
        let mut res = Resolution {
            former: d.retired,
            ..Resolution::default()
        };
        self.fill(&mut res, d.retired.map_or(d.code, |f| f.successor));
        Some(res)
    }

    /// Sets the province, city and county a certain division gives.
    fn fill(&self, res: &mut Resolution, code: u32) {
        res.province = self.province_of(code);
        res.city = self.city_of(code);
        res.county = (self.level(code) == Some(Level::County)).then_some(code);
    }

    /// Sets what all the candidates share: their province, and their city when they share one.
    fn fill_common(&self, res: &mut Resolution, codes: &[u32]) {
        let same = |f: &dyn Fn(u32) -> Option<u32>| {
            let first = f(*codes.first()?)?;
            codes.iter().all(|&c| f(c) == Some(first)).then_some(first)
        };
        if let Some(p) = same(&|c| self.province_of(c)) {
            res.province = Some(p);
        }
        if let Some(c) = same(&|c| self.city_of(c)) {
            res.city = Some(c);
        }
    }

    /// The longest name at the start of `s` that has a reading in `scope` and is accepted there.
    fn step(&self, s: &str, scope: Scope, gaps: &Gaps) -> Option<Step> {
        let ends = s
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take_while(|&e| e <= self.longest_key());
        let ends: Vec<usize> = ends.collect();
        for &end in ends.iter().rev() {
            let Some(readings) = self.readings(&s[..end]) else {
                continue;
            };
            let mut keys: Vec<Key> = readings
                .iter()
                .filter(|k| in_scope(k, scope))
                .copied()
                .collect();
            if keys.is_empty() {
                continue;
            }
            if keys.iter().any(|k| k.kind.is_full()) {
                keys.retain(|k| k.kind.is_full());
            }
            let top = keys.iter().map(|k| k.level).min()?;
            keys.retain(|k| k.level == top);
            let short = !keys[0].kind.is_full();
            let pinyin = keys.iter().all(|k| k.kind == Kind::Pinyin);
            let mut len = end;
            let mut suffixed = false;
            if short {
                let suffixes = match (pinyin, top) {
                    (true, _) => PINYIN_SUFFIX,
                    (false, Level::Province) => PROVINCE_SUFFIX,
                    (false, Level::City) => CITY_SUFFIX,
                    (false, Level::County) => COUNTY_SUFFIX,
                };
                if let Some(suf) = suffixes.iter().find(|x| s[len..].starts_with(*x)) {
                    len += suf.len();
                    suffixed = true;
                }
            }
            let after = &s[len..];
            let rest = skip_separators(after);
            let mut codes: Vec<u32> = keys.iter().map(|k| k.code).collect();
            codes.sort_unstable();
            codes.dedup();
            // A pinyin name ends where a word does (Hunan, Hunan Province, not Hunanese).
            let stands = || {
                if pinyin {
                    rest.len() != after.len()
                        || !rest.starts_with(|c: char| c.is_ascii_alphanumeric())
                        || gaps.before(rest)
                } else {
                    self.short_stands(after, rest, &codes, top, scope, gaps)
                }
            };
            if short && !suffixed && !stands() {
                continue;
            }
            // A division written next may choose among the readings.
            if codes.len() > 1 {
                let chosen: Vec<u32> = codes
                    .iter()
                    .copied()
                    .filter(|&c| self.step(rest, below(c, top), gaps).is_some())
                    .collect();
                if !chosen.is_empty() {
                    codes = chosen;
                }
            }
            let former = keys
                .iter()
                .find(|k| codes.contains(&k.code))
                .and_then(Key::former);
            return Some(Step {
                codes,
                len: s.len() - rest.len(),
                former,
            });
        }
        None
    }

    /// Whether a short name read at the start is a place and not the start of a longer word
    /// (`after`: the text right after it; `rest`: the same without separators).
    fn short_stands(
        &self,
        after: &str,
        rest: &str,
        codes: &[u32],
        level: Level,
        scope: Scope,
        gaps: &Gaps,
    ) -> bool {
        if rest.is_empty() || rest.len() != after.len() {
            return true;
        }
        if level != Level::County
            && codes
                .iter()
                .any(|&c| self.step(rest, below(c, level), gaps).is_some())
        {
            return true;
        }
        if rest.starts_with(STOP) {
            return false;
        }
        // The first of a list of places (怀化或长沙).
        if let Some(w) = LIST_WORDS.iter().find(|w| rest.starts_with(*w))
            && self.step(&rest[w.len()..], Scope::Any, gaps).is_some()
        {
            return true;
        }
        level == Level::Province || scope != Scope::Any || ADDRESS.iter().any(|w| rest.contains(w))
    }
}

/// Where the divisions under `code` (of `level`) are looked for.
fn below(code: u32, level: Level) -> Scope {
    match level {
        Level::Province => Scope::Province(code),
        Level::City => Scope::City(code),
        // Nothing is below a county: a scope no key is in.
        Level::County => Scope::City(0),
    }
}

fn in_scope(k: &Key, scope: Scope) -> bool {
    match scope {
        Scope::Any => true,
        Scope::Province(p) => k.level != Level::Province && k.province == p,
        Scope::City(c) => k.level == Level::County && k.parent == Some(c),
    }
}
