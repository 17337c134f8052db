//! The embedded division table: parsing `data/divisions/*.csv` and building the name index.

use super::{Division, Divisions, Former, Level};

/// code,name,short,parent — one row per province, city and county (see data/divisions/SOURCE.md).
const DIVISIONS_CSV: &str = include_str!("../../../data/divisions/divisions.csv");
/// code,name,short,parent,successor,year,change — retired and renamed divisions, hand-made.
const RETIRED_CSV: &str = include_str!("../../../data/divisions/retired.csv");

/// Province names in pinyin and English, lower case without spaces, as the text is compared.
const PINYIN: &[(u32, &[&str])] = &[
    (110000, &["beijing", "peking"]),
    (120000, &["tianjin"]),
    (130000, &["hebei"]),
    (140000, &["shanxi"]),
    (150000, &["neimenggu", "innermongolia", "neimongol"]),
    (210000, &["liaoning"]),
    (220000, &["jilin"]),
    (230000, &["heilongjiang"]),
    (310000, &["shanghai"]),
    (320000, &["jiangsu"]),
    (330000, &["zhejiang"]),
    (340000, &["anhui"]),
    (350000, &["fujian"]),
    (360000, &["jiangxi"]),
    (370000, &["shandong"]),
    (410000, &["henan"]),
    (420000, &["hubei"]),
    (430000, &["hunan"]),
    (440000, &["guangdong"]),
    (450000, &["guangxi"]),
    (460000, &["hainan"]),
    (500000, &["chongqing"]),
    (510000, &["sichuan"]),
    (520000, &["guizhou"]),
    (530000, &["yunnan"]),
    (540000, &["xizang", "tibet"]),
    (610000, &["shaanxi"]),
    (620000, &["gansu"]),
    (630000, &["qinghai"]),
    (640000, &["ningxia"]),
    (650000, &["xinjiang"]),
    (710000, &["taiwan"]),
    (810000, &["xianggang", "hongkong"]),
    (820000, &["aomen", "macau", "macao"]),
];

/// How a name key names its division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The full name (湖南省).
    Full,
    /// The short name (湖南).
    Short,
    /// A former full name (襄樊市), index into `Divisions::former`.
    Former(u16),
    /// A former short name (襄樊).
    FormerShort(u16),
    /// A province in pinyin or English (hunan).
    Pinyin,
}

impl Kind {
    /// Whether the key is a name with its level suffix (full or former full name).
    pub(super) fn is_full(self) -> bool {
        matches!(self, Kind::Full | Kind::Former(_))
    }
}

/// One reading of a name key: the division it names, with what the resolver filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key {
    pub code: u32,
    pub parent: Option<u32>,
    pub province: u32,
    pub level: Level,
    pub kind: Kind,
}

impl Key {
    pub(super) fn former(&self) -> Option<u16> {
        match self.kind {
            Kind::Former(i) | Kind::FormerShort(i) => Some(i),
            _ => None,
        }
    }
}

/// The data rows of a small embedded CSV (no quotes: names hold no commas), header skipped.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').collect())
}

fn code(field: &str) -> Option<u32> {
    field.trim().parse().ok()
}

impl Divisions {
    /// Parses the embedded table and builds its indexes. `divisions()` does this once; tests call
    /// it to time it.
    ///
    /// # Panics
    /// When the embedded table is malformed (a build error, caught by the tests; no user input
    /// reaches this).
    pub fn embedded() -> Divisions {
        let mut all: Vec<Division> = Vec::with_capacity(3400);
        for f in rows(DIVISIONS_CSV) {
            let (Some(code), [_, name, short, parent]) = (code(f[0]), f.as_slice()) else {
                panic!("data/divisions/divisions.csv: bad row {f:?}");
            };
            all.push(Division {
                code,
                name,
                short: if short.is_empty() { name } else { short },
                level: Level::County, // set below, once parents are known
                parent: code_opt(parent),
                retired: None,
            });
        }
        let mut former = Vec::new();
        let mut former_short = Vec::new();
        for f in rows(RETIRED_CSV) {
            let [old, name, short, parent, successor, year, change] = f.as_slice() else {
                panic!("data/divisions/retired.csv: bad row {f:?}");
            };
            let (Some(successor), Ok(year)) = (code(successor), year.trim().parse()) else {
                panic!("data/divisions/retired.csv: bad row {f:?}");
            };
            let fm = Former {
                code: code_opt(old),
                name,
                successor,
                year,
                change,
            };
            // A renamed division keeps its code: the current row stands; an abolished one is
            // added with its old parent so that its code still resolves.
            if let Some(old) = fm.code
                && !all.iter().any(|d| d.code == old)
            {
                all.push(Division {
                    code: old,
                    name,
                    short: if short.is_empty() { name } else { short },
                    level: Level::County,
                    parent: code_opt(parent),
                    retired: Some(fm),
                });
            }
            former.push(fm);
            former_short.push(*short);
        }
        all.sort_by_key(|d| d.code);
        set_levels(&mut all);

        let mut table = Divisions {
            all,
            former,
            names: foldhash::HashMap::default(),
            longest_key: 0,
        };
        table.index(&former_short);
        table
    }

    /// Fills the name index from the divisions, the former names and the pinyin table.
    fn index(&mut self, former_short: &[&'static str]) {
        let mut names: foldhash::HashMap<&'static str, Vec<Key>> = foldhash::HashMap::default();
        names.reserve(2 * self.all.len() + 100);
        let mut add = |name: &'static str, key: Key| {
            let list = names.entry(name).or_default();
            if !list.contains(&key) {
                list.push(key);
            }
        };
        for d in self.all.iter().filter(|d| d.retired.is_none()) {
            let key = |kind| Key {
                code: d.code,
                parent: d.parent,
                province: d.code / 10000 * 10000,
                level: d.level,
                kind,
            };
            add(d.name, key(Kind::Full));
            if d.short != d.name {
                add(d.short, key(Kind::Short));
            }
        }
        for (i, (fm, short)) in self.former.iter().zip(former_short).enumerate() {
            let Some(s) = self.get(fm.successor) else {
                panic!(
                    "data/divisions/retired.csv: successor {} unknown",
                    fm.successor
                );
            };
            let key = |kind| Key {
                code: s.code,
                parent: s.parent,
                province: s.code / 10000 * 10000,
                level: s.level,
                kind,
            };
            let i = i as u16;
            add(fm.name, key(Kind::Former(i)));
            if !short.is_empty() && *short != fm.name {
                add(short, key(Kind::FormerShort(i)));
            }
        }
        for &(code, spellings) in PINYIN {
            for &p in spellings {
                add(
                    p,
                    Key {
                        code,
                        parent: None,
                        province: code,
                        level: Level::Province,
                        kind: Kind::Pinyin,
                    },
                );
            }
        }
        for list in names.values_mut() {
            list.sort_by_key(|k| (k.code, k.level));
            list.shrink_to_fit();
        }
        self.longest_key = names.keys().map(|k| k.len()).max().unwrap_or(0);
        self.names = names;
    }

    /// The readings of a name key, if any.
    pub(super) fn readings(&self, key: &str) -> Option<&[Key]> {
        self.names.get(key).map(Vec::as_slice)
    }

    /// The longest name key in bytes.
    pub(super) fn longest_key(&self) -> usize {
        self.longest_key
    }

    /// How many name keys the index holds.
    pub fn name_keys(&self) -> usize {
        self.names.len()
    }

    /// The heap the table's indexes hold, in bytes (capacities, not the embedded text): the
    /// division list, the hash map's buckets and its per-name lists.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let list = self.all.capacity() * size_of::<Division>();
        let former = self.former.capacity() * size_of::<Former>();
        // hashbrown: one control byte per bucket plus the (key, value) pair.
        let buckets = self.names.capacity().next_power_of_two().max(1) * 8 / 7;
        let map = buckets * (1 + size_of::<(&str, Vec<Key>)>());
        let lists: usize = self
            .names
            .values()
            .map(|v| v.capacity() * size_of::<Key>())
            .sum();
        list + former + map + lists
    }
}

fn code_opt(field: &str) -> Option<u32> {
    if field.trim().is_empty() {
        None
    } else {
        code(field)
    }
}

/// A division with no parent is a province; one whose parent is a province and whose code ends
/// in 00 is a city (441900 东莞市); the rest are counties (110105 under 北京, 429004 under 湖北).
fn set_levels(all: &mut [Division]) {
    let province: std::collections::HashSet<u32> = all
        .iter()
        .filter(|d| d.parent.is_none())
        .map(|d| d.code)
        .collect();
    for d in all.iter_mut() {
        d.level = match d.parent {
            None => Level::Province,
            Some(p) if province.contains(&p) && d.code % 100 == 0 => Level::City,
            Some(_) => Level::County,
        };
    }
}
