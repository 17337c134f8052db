//! Party names: the normal form they are compared in (NFKC, spaces), the analyst's alias file
//! (`--aliases`: alias,canonical) and the likely duplicates that were *not* merged.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::ingest::cell::text::{is_cjk, loose_key, name_form, tidy};
use crate::ingest::error::{At, Place, Result};
use crate::ingest::open::small_csv;

/// Aliases of parties: each typing of a name mapped to the one name the analyst chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyAliases {
    /// [`name_form`] of an alias → [`name_form`] of its canonical name.
    map: HashMap<String, String>,
    /// [`name_form`] of a canonical name → the name as the file writes it ([`tidy`]).
    shown: HashMap<String, String>,
}

impl PartyAliases {
    /// Reads an alias file: CSV rows `alias,canonical` (an optional header row `alias,canonical`
    /// or `别名,标准名` is skipped). Names are compared in [`name_form`]; chains (a→b, b→c) are
    /// followed to their end.
    ///
    /// # Errors
    /// A row without two names or with a third, an alias given two different canonical names, or a cycle; the message
    /// names the file and row.
    pub fn parse(text: &str, origin: &str) -> Result<PartyAliases> {
        let mut map: HashMap<String, String> = HashMap::new();
        let mut shown: HashMap<String, String> = HashMap::new();
        for rec in small_csv::read(text, origin, false)? {
            let (row, rec) = rec?;
            let cells: Vec<String> = rec.iter().map(name_form).collect();
            if let Some(c) = rec.get(1) {
                shown.entry(name_form(c)).or_insert_with(|| tidy(c));
            }
            if cells.iter().all(String::is_empty) {
                continue;
            }
            if row == 1 {
                let h: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
                if matches!(h.first().map(String::as_str), Some("alias" | "别名")) {
                    continue;
                }
            }
            let (alias, canonical) = match cells.as_slice() {
                [a, c, ..] if !a.is_empty() && !c.is_empty() => (a.clone(), c.clone()),
                _ => {
                    let why = "expected two names, alias,canonical";
                    return Err(Place::at(origin, At::Row(row), why).into());
                }
            };
            // A third name would be dropped without a word: each alias has its own row.
            if let Some((k, extra)) = rec
                .iter()
                .enumerate()
                .skip(2)
                .find(|(_, c)| !name_form(c).is_empty())
            {
                let column = format!("{}", k + 1);
                let why = "is a third name: a row holds two names, alias,canonical; give each \
                           alias its own row";
                return Err(Place::cell(origin, row, &column, extra, why).into());
            }
            if alias == canonical {
                continue;
            }
            if let Some(old) = map.get(&alias)
                && *old != canonical
            {
                let why = format!("'{alias}' is already an alias of '{old}', not '{canonical}'");
                return Err(Place::at(origin, At::Row(row), why).into());
            }
            map.insert(alias, canonical);
        }
        let aliases = PartyAliases { map, shown };
        // In name order, so that the circle named is the same on every run.
        let mut starts: Vec<&String> = aliases.map.keys().collect();
        starts.sort();
        for start in starts {
            let mut seen = HashSet::new();
            let mut at = start.as_str();
            while let Some(next) = aliases.map.get(at) {
                if !seen.insert(at) {
                    let why = format!("the aliases of '{start}' go round in a circle");
                    return Err(Place::file(origin, why).into());
                }
                at = next;
            }
        }
        Ok(aliases)
    }

    /// The name a party is known by: [`name_form`] of `raw`, then its alias chain.
    pub fn resolve(&self, raw: &str) -> String {
        let mut name = name_form(raw);
        let mut steps = 0;
        while let Some(next) = self.map.get(&name) {
            name = next.clone();
            steps += 1;
            if steps > self.map.len() {
                break;
            }
        }
        name
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// A canonical name as the alias file writes it, if the file names it.
    pub fn shown(&self, key: &str) -> Option<&str> {
        self.shown.get(key).map(String::as_str)
    }
}

/// The name a group of spellings is shown by: the most frequent spelling (the first in order on a
/// tie), or `None` for no spelling.
pub fn most_common<'a>(spellings: impl IntoIterator<Item = (&'a str, u64)>) -> Option<&'a str> {
    spellings
        .into_iter()
        .fold(None, |best: Option<(&str, u64)>, (s, n)| match best {
            Some((b, m)) if m > n || (m == n && b <= s) => Some((b, m)),
            _ => Some((s, n)),
        })
        .map(|(s, _)| s)
}

/// Why two or more names may be one party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likeness {
    /// The same but for case, spacing, width or punctuation (`ACME Ltd` / `Acme Ltd.`).
    Spelling,
    /// One character apart, with the same first character (the surname): `瞿某青` / `瞿某清`.
    OneCharacter,
}

impl Likeness {
    pub fn describe(self) -> &'static str {
        match self {
            Likeness::Spelling => "the same but for case, spacing, width or punctuation",
            Likeness::OneCharacter => "one character apart, same surname",
        }
    }
}

/// Names that may be one party, left unmerged for the analyst to decide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LikelyDuplicate {
    pub why: Likeness,
    /// Two or more names, sorted.
    pub names: Vec<String>,
}

/// The likely duplicates among distinct party names (as merged): groups that share a
/// [`loose_key`], and with `one_character`, pairs one character apart with the same first
/// character (names of at least 2 characters starting with a CJK character, or at least 6
/// characters otherwise), unless the characters that differ are both digits (`Shop 12` and
/// `Shop 13`, `P000123` and `P000124` are numbered, not mistyped). Sorted by kind, then names.
///
/// # Complexity
/// O(N·L) hash operations for N names of length L (no pairwise comparison).
pub fn likely_duplicates<'a>(
    names: impl IntoIterator<Item = &'a str>,
    one_character: bool,
) -> Vec<LikelyDuplicate> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let mut out = Vec::new();
    let mut loose: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for n in &names {
        loose.entry(loose_key(n)).or_default().push(n);
    }
    let mut same_loose: HashSet<(&str, &str)> = HashSet::new();
    for group in loose.values().filter(|g| g.len() > 1) {
        for a in group {
            for b in group {
                same_loose.insert((a, b));
            }
        }
        out.push(LikelyDuplicate {
            why: Likeness::Spelling,
            names: group.iter().map(|s| s.to_string()).collect(),
        });
    }
    let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut by_mask: HashMap<(usize, String), Vec<(&str, char)>> = HashMap::new();
    for n in names.iter().filter(|_| one_character) {
        let chars: Vec<char> = n.chars().collect();
        let Some(&first) = chars.first() else {
            continue;
        };
        let min = if is_cjk(first) { 2 } else { 6 };
        if chars.len() < min {
            continue;
        }
        for i in 1..chars.len() {
            // Substitution at i: every name equal to n except at i shares this mask.
            let mut masked = chars.clone();
            masked[i] = '\u{0}';
            by_mask
                .entry((i, masked.into_iter().collect()))
                .or_default()
                .push((n, chars[i]));
            // Deletion at i: a shorter name that is n without one character.
            if chars.len() > min && !chars[i].is_ascii_digit() {
                let mut shorter = chars.clone();
                shorter.remove(i);
                let shorter: String = shorter.into_iter().collect();
                if let Some(s) = names.get(shorter.as_str()) {
                    pairs.insert((*s.min(n), *s.max(n)));
                }
            }
        }
    }
    for group in by_mask.values().filter(|g| g.len() > 1) {
        for (k, (a, ca)) in group.iter().enumerate() {
            for (b, cb) in &group[k + 1..] {
                if !(ca.is_ascii_digit() && cb.is_ascii_digit()) {
                    pairs.insert((*a.min(b), *a.max(b)));
                }
            }
        }
    }
    for (a, b) in pairs {
        if !same_loose.contains(&(a, b)) {
            out.push(LikelyDuplicate {
                why: Likeness::OneCharacter,
                names: vec![a.to_string(), b.to_string()],
            });
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_through_chains_and_normal_forms() {
        let a = PartyAliases::parse(
            "alias,canonical\n朱 某 某,朱某某\n小朱,朱 某某\nＺＨＵ,小朱\n\n",
            "a.csv",
        )
        .unwrap();
        assert_eq!(a.resolve("小朱"), "朱某某");
        assert_eq!(a.resolve("ZHU"), "朱某某");
        assert_eq!(a.resolve(" 朱　某某 "), "朱某某");
        assert_eq!(a.resolve("丁某某"), "丁某某");
    }

    #[test]
    fn bad_alias_files_are_errors_naming_the_row() {
        let e = PartyAliases::parse("a,b\na,c\n", "x.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("x.csv row 2") && e.contains("already an alias"),
            "{e}"
        );
        let e = PartyAliases::parse("a\n", "x.csv").unwrap_err().to_string();
        assert!(e.contains("x.csv row 1"), "{e}");
        let e = PartyAliases::parse("a,b\nb,a\n", "x.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("circle"), "{e}");
    }

    #[test]
    fn a_circle_of_aliases_is_named_the_same_on_every_run() {
        // The names were looked at in hash order: the circle was named by a or by b at random.
        for _ in 0..20 {
            let e = PartyAliases::parse("b,a\na,b\n", "x.csv").unwrap_err();
            assert_eq!(
                e.to_string(),
                "x.csv: the aliases of 'a' go round in a circle"
            );
        }
    }

    #[test]
    fn likely_duplicates_by_spelling_and_by_one_character() {
        let d = likely_duplicates(
            [
                "瞿某青",
                "瞿某清",
                "瞿某海",
                "朱某某",
                "左某某",
                "Acme Ltd",
                "ACME LTD.",
                "acme ltd",
                "丁某",
                "丁某某",
                "a",
                "b",
                "Shop 12",
                "Shop 13",
                "P000123",
                "P000124",
                "P00012",
            ],
            true,
        );
        let got: Vec<(Likeness, Vec<&str>)> = d
            .iter()
            .map(|x| (x.why, x.names.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Likeness::Spelling,
                    vec!["ACME LTD.", "Acme Ltd", "acme ltd"]
                ),
                (Likeness::OneCharacter, vec!["丁某", "丁某某"]),
                (Likeness::OneCharacter, vec!["瞿某海", "瞿某清"]),
                (Likeness::OneCharacter, vec!["瞿某海", "瞿某青"]),
                (Likeness::OneCharacter, vec!["瞿某清", "瞿某青"]),
            ]
        );
        // Different surnames are different people; short Latin names are left alone; numbered
        // names differing in a digit are numbered, not mistyped.
        assert!(likely_duplicates(["朱某某", "左某某", "ab", "ac"], true).is_empty());
        // Without one_character, only the spelling groups (every command warns about those).
        let spelling = likely_duplicates(["瞿某青", "瞿某清", "Acme Ltd", "acme ltd"], false);
        assert_eq!(spelling.len(), 1);
        assert_eq!(spelling[0].why, Likeness::Spelling);
    }
}
