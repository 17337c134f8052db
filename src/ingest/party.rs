//! Party names: the normal form they are compared in (NFKC, spaces), the analyst's alias file
//! (`--aliases`: alias,canonical) and the likely duplicates that were *not* merged.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::ingest::cell::text::{is_cjk, loose_key, name_form, tidy};
use crate::ingest::error::{At, Place, Result};
use crate::ingest::open::small_csv;

/// Aliases of parties: each typing of a name mapped to the one name the analyst chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyAliases {
    /// [`name_form`] of an alias → [`name_form`] of the canonical name at the end of its chain.
    map: HashMap<String, String>,
    /// [`name_form`] of a canonical name → the name as the file writes it ([`tidy`]).
    shown: HashMap<String, String>,
    /// Rows marked [`UNCONFIRMED`] (drafted by `validate --write-aliases`, not yet confirmed):
    /// read, not applied. (row, alias, canonical) as the file writes them.
    unconfirmed: Vec<(u64, String, String)>,
}

/// The mark, in the third column of an aliases row, of a suggestion the analyst has not
/// confirmed: the row is read and not applied (`陈老版,陈老板,unconfirmed`). Deleting the mark
/// confirms it.
pub const UNCONFIRMED: &str = "unconfirmed";

/// The words a third column may hold: the row is applied (`confirmed`, `确认`, empty) or not
/// (`unconfirmed`, `未确认`).
fn status(cell: &str) -> Option<bool> {
    match name_form(cell).to_lowercase().as_str() {
        "" | "confirmed" | "确认" | "已确认" => Some(true),
        UNCONFIRMED | "未确认" => Some(false),
        _ => None,
    }
}

/// `text` with every comment line (its first visible character `#`) emptied to `,`: a row of
/// empty cells, skipped, so the rows after it keep their numbers.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('#')
        {
            out.push(',');
            out.push_str(if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            });
        } else {
            out.push_str(line);
        }
    }
    out
}

impl PartyAliases {
    /// Reads an alias file: CSV rows `alias,canonical` (an optional header row `alias,canonical`
    /// or `别名,标准名` is skipped), an optional third column `status` whose `unconfirmed` (未确认)
    /// keeps the row from being applied (see [`PartyAliases::unconfirmed`]), and comment lines
    /// starting with `#`. Names are compared in [`name_form`]; chains (a→b, b→c) are followed to
    /// their end.
    ///
    /// # Errors
    /// A row without two names or with a third, an alias given two different canonical names, or a cycle; the message
    /// names the file and row.
    pub fn parse(text: &str, origin: &str) -> Result<PartyAliases> {
        let mut map: HashMap<String, String> = HashMap::new();
        // The row each alias was given on, to name the rows of a circle.
        let mut rows: HashMap<String, u64> = HashMap::new();
        let mut shown: HashMap<String, String> = HashMap::new();
        let mut unconfirmed = Vec::new();
        let mut first = true;
        let text = without_comments(text);
        for rec in small_csv::read(&text, origin, false)? {
            let (row, rec) = rec?;
            let cells: Vec<String> = rec.iter().map(name_form).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            if std::mem::take(&mut first) {
                let h: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
                if matches!(h.first().map(String::as_str), Some("alias" | "别名")) {
                    continue;
                }
            }
            let (alias, canonical) = match cells.as_slice() {
                [a, c, ..] if !a.is_empty() && !c.is_empty() => (a.clone(), c.clone()),
                _ => {
                    let why = crate::ingest::error::Why::NotTwoNames;
                    return Err(Place::at(origin, At::Row(row), why).into());
                }
            };
            let applied = match rec.get(2).map(status) {
                None | Some(Some(true)) => true,
                Some(Some(false)) => false,
                Some(None) => {
                    let why = crate::ingest::error::Why::ThirdName { mark: true };
                    return Err(Place::cell(origin, row, "3", &rec[2], why).into());
                }
            };
            // A further name would be dropped without a word: each alias has its own row.
            if let Some((k, extra)) = rec
                .iter()
                .enumerate()
                .skip(3)
                .find(|(_, c)| !name_form(c).is_empty())
            {
                let column = format!("{}", k + 1);
                let why = crate::ingest::error::Why::ThirdName { mark: false };
                return Err(Place::cell(origin, row, &column, extra, why).into());
            }
            if !applied {
                unconfirmed.push((row, tidy(&rec[0]), tidy(&rec[1])));
                continue;
            }
            if let Some(c) = rec.get(1) {
                shown.entry(name_form(c)).or_insert_with(|| tidy(c));
            }
            if alias == canonical {
                continue;
            }
            if let Some(old) = map.get(&alias)
                && *old != canonical
            {
                let why = crate::ingest::error::Why::AliasTwice {
                    alias: alias.clone(),
                    old: old.clone(),
                    canonical: canonical.clone(),
                };
                return Err(Place::at(origin, At::Row(row), why).into());
            }
            rows.entry(alias.clone()).or_insert(row);
            map.insert(alias, canonical);
        }
        let map = ends_of_chains(map).map_err(|(start, circle)| {
            let circle: Vec<(String, u64)> = circle
                .into_iter()
                .map(|a| {
                    let row = rows.get(&a).copied().unwrap_or_default();
                    (a, row)
                })
                .collect();
            let first = circle.iter().map(|(_, r)| *r).min().unwrap_or_default();
            let why = crate::ingest::error::Why::AliasCircle { start, circle };
            Place::at(origin, At::Row(first), why)
        })?;
        Ok(PartyAliases {
            map,
            shown,
            unconfirmed,
        })
    }

    /// The rows marked unconfirmed, read and not applied: (row, alias, canonical).
    pub fn unconfirmed(&self) -> &[(u64, String, String)] {
        &self.unconfirmed
    }

    /// The name a party is known by: [`name_form`] of `raw`, then the end of its alias chain.
    ///
    /// # Complexity
    /// One hash lookup: chains were followed to their end once, when the file was read.
    pub fn resolve(&self, raw: &str) -> String {
        let name = name_form(raw);
        match self.map.get(&name) {
            Some(end) => end.clone(),
            None => name,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// A canonical name as the alias file writes it, if the file names it.
    pub fn shown(&self, key: &str) -> Option<&str> {
        self.shown.get(key).map(String::as_str)
    }
}

/// Each alias mapped to the end of its chain (a→b, b→c gives a→c, b→c), or the first alias in
/// name order whose chain goes round in a circle, and the aliases of the circle in the order
/// they lead to each other.
///
/// # Complexity
/// O(A log A) for A aliases: the starts are sorted, so that the circle named is the same on every
/// run, and each alias is walked once; an alias met again takes the end found for it. (Each start
/// was walked to its end with a set of the names passed: a chain a0→…→a20000 took 23 s.)
fn ends_of_chains(
    map: HashMap<String, String>,
) -> std::result::Result<HashMap<String, String>, (String, Vec<String>)> {
    let mut starts: Vec<&String> = map.keys().collect();
    starts.sort_unstable();
    // The end of each alias whose chain has been followed.
    let mut ends: HashMap<&str, &str> = HashMap::with_capacity(map.len());
    // The aliases on the walk under way.
    let mut walk: Vec<&str> = Vec::new();
    let mut on_walk: HashSet<&str> = HashSet::new();
    for start in starts {
        if ends.contains_key(start.as_str()) {
            continue;
        }
        let mut at = start.as_str();
        let end = loop {
            if let Some(&end) = ends.get(at) {
                break end;
            }
            let Some(next) = map.get(at) else {
                break at;
            };
            if !on_walk.insert(at) {
                let from = walk.iter().position(|&w| w == at).unwrap_or(0);
                let circle = walk[from..].iter().map(|a| a.to_string()).collect();
                return Err((start.clone(), circle));
            }
            walk.push(at);
            at = next;
        };
        on_walk.clear();
        for a in walk.drain(..) {
            ends.insert(a, end);
        }
    }
    Ok(ends
        .into_iter()
        .map(|(a, e)| (a.to_string(), e.to_string()))
        .collect())
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
    /// A species name the table does not know, one character from a name it knows: `眼睛蛇` /
    /// `眼镜蛇`.
    SpeciesTable,
}

impl Likeness {
    pub fn describe(self) -> &'static str {
        match self {
            Likeness::Spelling => "the same but for case, spacing, width or punctuation",
            Likeness::OneCharacter => "one character apart, same surname",
            Likeness::SpeciesTable => "not in the species table, one character from a name in it",
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
/// O(C log C) for C characters in all names (see [`one_edit_pairs`]): no pairwise comparison and
/// no table of edits, so two 100,000-character names are compared in a few milliseconds.
pub fn likely_duplicates<'a>(
    names: impl IntoIterator<Item = &'a str>,
    one_character: bool,
) -> Vec<LikelyDuplicate> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    // Sorted keys, not a map of them: a few words a name at millions of parties.
    let mut loose: Vec<(String, &str)> = names.iter().map(|n| (loose_key(n), *n)).collect();
    loose.sort_unstable();
    for group in loose.chunk_by(|x, y| x.0 == y.0).filter(|g| g.len() > 1) {
        out.push(LikelyDuplicate {
            why: Likeness::Spelling,
            names: group.iter().map(|(_, s)| s.to_string()).collect(),
        });
    }
    drop(loose);
    if one_character {
        let min = |n: &str| match n.chars().next() {
            Some(f) if is_cjk(f) => 2,
            _ => 6,
        };
        let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
        // Numbered names (`P000123` / `P000124`) are dropped as they are found, not held.
        let numbered = |a: &[char], b: &[char], at: usize, edit: Edit| match edit {
            Edit::Replaced => a[at].is_ascii_digit() && b[at].is_ascii_digit(),
            Edit::Inserted => {
                b.len() < b.first().map_or(6, |&f| if is_cjk(f) { 2 } else { 6 })
                    || a[at].is_ascii_digit()
            }
        };
        let pair = |a: &[char], b: &[char], at, edit| !numbered(a, b, at, edit);
        for e in one_edit_pairs_where(&names, 1, |n, len| len >= min(n), pair) {
            let (a, b) = (names[e.a as usize], names[e.b as usize]);
            let at = |n: &str| n.chars().nth(e.at).unwrap_or_default();
            let numbered = match e.edit {
                Edit::Replaced => at(a).is_ascii_digit() && at(b).is_ascii_digit(),
                // The shorter name is long enough in its own right, and a digit more is a number.
                Edit::Inserted => b.chars().count() < min(b) || at(a).is_ascii_digit(),
            };
            if !numbered && loose_key(a) != loose_key(b) {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
        out.extend(pairs.into_iter().map(|(a, b)| LikelyDuplicate {
            why: Likeness::OneCharacter,
            names: vec![a.to_string(), b.to_string()],
        }));
    }
    out.sort();
    out
}

/// How two names one edit apart differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The character at `at` is another (the names are as long).
    Replaced,
    /// `a` is `b` with one character more, at `at`.
    Inserted,
}

/// Two names one edit apart: indices into the names given, and where they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OneEdit {
    pub a: u32,
    pub b: u32,
    /// The position (in characters) of the character replaced, or inserted into `b` to give `a`.
    pub at: usize,
    pub edit: Edit,
}

/// More names than this sharing every character but one (`张某1` … `张某9`, `A店` … `Z店`) are
/// a pattern of naming, not typings of one name: such a group gives no pair.
pub const FAMILY: usize = 64;

/// Every pair of names (distinct, as given) that one character replaced, inserted or deleted at
/// a position `from` or after makes the same, among the names `keep` accepts (given the name and
/// its length in characters; both of a pair). Each pair once (a replaced character; for an
/// insertion `a` is the longer), sorted. Groups of more than [`FAMILY`] names alike but at one
/// position give none.
///
/// Position by position, each name is hashed with its character there masked (a replacement)
/// and deleted (an insertion into the other), in O(1) from a running prefix hash; names whose
/// hashes meet are then compared character by character ([`bounded_distance`] with a bound of 1).
///
/// # Complexity
/// O(C log N) time for C characters in N names, plus O(L) per pair found; O(N) memory besides
/// the names (a few words a name), never the product of two lengths.
pub fn one_edit_pairs(
    names: &[&str],
    from: usize,
    keep: impl Fn(&str, usize) -> bool,
) -> Vec<OneEdit> {
    one_edit_pairs_where(names, from, keep, |_, _, _, _| true)
}

/// [`one_edit_pairs`], keeping only the pairs `pair` accepts (given the characters of `a` and of
/// `b`, the position and the edit, as in the [`OneEdit`] it would be), tested as each is found:
/// the pairs a caller would drop are never held (1.9 M numbered names, `b123456` / `b123457`,
/// gave some 50 M pairs, over a GB, all dropped afterwards).
pub fn one_edit_pairs_where(
    names: &[&str],
    from: usize,
    keep: impl Fn(&str, usize) -> bool,
    pair: impl Fn(&[char], &[char], usize, Edit) -> bool,
) -> Vec<OneEdit> {
    const B: u64 = 0x9E37_79B9_7F4A_7C15 | 1;
    /// A name being walked: its id, length, whole hash, the hash of the characters before `at`,
    /// the byte where `at` starts, and the character before it.
    struct Walk {
        id: u32,
        len: usize,
        whole: u64,
        prefix: u64,
        byte: usize,
        before: Option<char>,
    }
    let v = |c: char| u64::from(c) + 1;
    let tag = |len: usize| (len as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let mut walks: Vec<Walk> = Vec::new();
    for (id, n) in names.iter().enumerate() {
        let len = n.chars().count();
        if !keep(n, len) {
            continue;
        }
        let whole = n
            .chars()
            .fold(0u64, |h, c| h.wrapping_mul(B).wrapping_add(v(c)));
        walks.push(Walk {
            id: id as u32,
            len,
            whole,
            prefix: 0,
            byte: 0,
            before: None,
        });
    }
    // Longest first: the names still walked at a position are a prefix of the list.
    walks.sort_by_key(|w| (std::cmp::Reverse(w.len), w.id));
    let longest = walks.first().map_or(0, |w| w.len);
    let mut pow = Vec::with_capacity(longest + 1);
    let mut p = 1u64;
    for _ in 0..=longest {
        pow.push(p);
        p = p.wrapping_mul(B);
    }
    let mut whole: Vec<(u64, u32)> = (walks.iter())
        .map(|w| (w.whole ^ tag(w.len), w.id))
        .collect();
    whole.sort_unstable();
    let chars = |id: u32| -> Vec<char> { names[id as usize].chars().collect() };
    let mut out: Vec<OneEdit> = Vec::new();
    let mut masked: Vec<(u64, u32)> = Vec::new();
    let mut deleted: Vec<(u64, u32)> = Vec::new();
    for at in 0..longest {
        let active = walks.partition_point(|w| w.len > at);
        masked.clear();
        deleted.clear();
        for w in &mut walks[..active] {
            let name = names[w.id as usize];
            let Some(c) = name[w.byte..].chars().next() else {
                continue;
            };
            let next = w.prefix.wrapping_mul(B).wrapping_add(v(c));
            if at >= from {
                let tail = pow[w.len - 1 - at];
                let m = w.whole.wrapping_sub(v(c).wrapping_mul(tail));
                masked.push((m ^ tag(w.len), w.id));
                // A run of one character gives one deletion: the first of the run.
                if at == from || w.before != Some(c) {
                    let suffix = w.whole.wrapping_sub(next.wrapping_mul(tail));
                    let d = w.prefix.wrapping_mul(tail).wrapping_add(suffix) ^ tag(w.len - 1);
                    deleted.push((d, w.id));
                }
            }
            w.prefix = next;
            w.byte += c.len_utf8();
            w.before = Some(c);
        }
        // The names without their character at `at` against the whole names, both sorted: one
        // walk (a binary search per name missed the cache at every step).
        deleted.sort_unstable();
        let mut k = 0;
        for run in deleted.chunk_by(|x, y| x.0 == y.0) {
            let d = run[0].0;
            while whole.get(k).is_some_and(|x| x.0 < d) {
                k += 1;
            }
            let mut hits = (whole[k..].iter().copied())
                .take_while(|x| x.0 == d)
                .take(FAMILY);
            let Some(first) = hits.next() else {
                continue;
            };
            // Each name's characters once, not once a pair (a group of 64 is 4,096 pairs).
            let longer: Vec<(u32, Vec<char>)> = (run.iter().take(FAMILY))
                .map(|&(_, a)| (a, chars(a)))
                .collect();
            for (_, b) in std::iter::once(first).chain(hits) {
                let y = chars(b);
                for (a, x) in &longer {
                    let a = *a;
                    if y.len() + 1 == x.len()
                        && x[..at] == y[..at]
                        && x[at + 1..] == y[at..]
                        && pair(x, &y, at, Edit::Inserted)
                    {
                        out.push(OneEdit {
                            a,
                            b,
                            at,
                            edit: Edit::Inserted,
                        });
                    }
                }
            }
        }
        masked.sort_unstable();
        for run in masked.chunk_by(|x, y| x.0 == y.0) {
            if run.len() < 2 || run.len() > FAMILY {
                continue;
            }
            let named: Vec<(u32, Vec<char>)> = run.iter().map(|&(_, a)| (a, chars(a))).collect();
            for (k, (a, x)) in named.iter().enumerate() {
                for (b, y) in &named[k + 1..] {
                    let (a, b) = (*a, *b);
                    if replaced_at(x, y) == Some(at) && pair(x, y, at, Edit::Replaced) {
                        out.push(OneEdit {
                            a: a.min(b),
                            b: a.max(b),
                            at,
                            edit: Edit::Replaced,
                        });
                    }
                }
            }
        }
    }
    out.sort_unstable_by_key(|e| (e.a, e.b, e.at));
    out.dedup_by_key(|e| (e.a, e.b));
    out
}

/// The one position at which `a` and `b`, as long as each other, differ; `None` when they do not
/// differ in exactly one.
fn replaced_at(a: &[char], b: &[char]) -> Option<usize> {
    if a.len() != b.len() || bounded_distance(a, b, 1) != Some(1) {
        return None;
    }
    let at = a.iter().zip(b).position(|(x, y)| x != y)?;
    (a[at + 1..] == b[at + 1..]).then_some(at)
}

/// The edit distance (characters replaced, inserted or deleted) between `a` and `b` when it is at
/// most `k`, else `None`: Ukkonen's band of the table of edits, 2k+1 cells wide, stopped as soon
/// as no cell of a row is within `k`. Names whose lengths differ by more than `k` are not compared.
///
/// # Complexity
/// O((|a| + |b|)·k) time at most, O(k) memory: two 100,000-character names are compared with
/// a band of 3 cells, where a whole table would take 10^10 cells.
pub fn bounded_distance<T: PartialEq>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    // Strip the common prefix and suffix: most names compared share most of their characters.
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = (a.iter().rev().zip(b.iter().rev()))
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return Some(n.max(m)).filter(|&d| d <= k);
    }
    // Row i holds the cells j in i-k ..= i+k, at index j - i + k; beyond the band, k+1.
    let far = k + 1;
    let width = 2 * k + 1;
    let mut prev = vec![far; width];
    let mut cur = vec![far; width];
    for (d, cell) in prev.iter_mut().enumerate() {
        // Row 0: j = d - k.
        if let Some(j) = d.checked_sub(k)
            && j <= m
        {
            *cell = j.min(far);
        }
    }
    for i in 1..=n {
        let mut best = far;
        for d in 0..width {
            let Some(j) = (i + d).checked_sub(k) else {
                cur[d] = far;
                continue;
            };
            if j > m {
                cur[d] = far;
                continue;
            }
            let mut c = if j == 0 { i } else { far };
            if j > 0 {
                // Diagonal: (i-1, j-1) is index d in the row before.
                c = c.min(prev[d] + usize::from(a[i - 1] != b[j - 1]));
                // Left: (i, j-1) is index d-1 of this row.
                if d > 0 {
                    c = c.min(cur[d - 1] + 1);
                }
            }
            // Up: (i-1, j) is index d+1 in the row before.
            if d + 1 < width {
                c = c.min(prev[d + 1] + 1);
            }
            cur[d] = c.min(far);
            best = best.min(cur[d]);
        }
        if best > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m + k - n];
    (d <= k).then_some(d)
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
                "x.csv row 1: the aliases of 'a' go round in a circle: 'a' (row 2) → 'b' \
                 (row 1) → 'a'; remove or correct one of these rows"
            );
        }
    }

    #[test]
    fn an_alias_cycle_named_the_file_not_its_rows() {
        // As an officer keeps the file: a header, a comment, full-width spaces, the circle
        // closed three rows apart among rows that are fine.
        let text =
            "别名,标准名\n# 2022 年核对\n张 三,张三丰\n老王,王五\n张三丰,张三\n李四,李四光\n";
        let e = PartyAliases::parse(text, "别名表.csv")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("别名表.csv row "), "{e}");
        // Both rows of the circle named.
        assert!(e.contains("'张三' (row "), "{e}");
        assert!(e.contains("'张三丰' (row "), "{e}");
        let bad = PartyAliases::parse("别名,标准名\n# 2022 年核对\n张三,\n", "别名表.csv")
            .unwrap_err()
            .to_string();
        // The rows of the circle are counted as a row without two names is.
        let row = bad
            .split(" row ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .unwrap();
        assert!(e.contains(&format!("'张三' (row {row})")), "{e} / {bad}");
        let next: u64 = row.parse::<u64>().unwrap() + 2;
        assert!(e.contains(&format!("'张三丰' (row {next})")), "{e}");
    }

    /// `a0,a1` … `a{n-1},a{n}`: a chain of `n` aliases, one a row.
    fn chain(n: usize) -> String {
        (0..n).map(|i| format!("a{i},a{}\n", i + 1)).collect()
    }

    #[test]
    fn an_alias_chain_40000_long_took_minutes_to_read() {
        // Each alias was walked to the end of its chain with a set of the names passed (and again
        // at each name resolved): a0→…→a20000 took 23 s, 40,000 over a minute. Now each is
        // walked once; a regression shows as a test that hangs.
        let a = PartyAliases::parse(&chain(40_000), "long.csv").unwrap();
        assert_eq!(a.resolve("a0"), "a40000");
        assert_eq!(a.resolve("a39999"), "a40000");
        assert_eq!(a.resolve(" ａ20000 "), "a40000");
        assert_eq!(a.resolve("a40000"), "a40000");
        assert_eq!(a.resolve("b"), "b");
        // Every name of the chain is resolved, each in one step.
        for i in (0..40_000).step_by(997) {
            assert_eq!(a.resolve(&format!("a{i}")), "a40000", "a{i}");
        }
    }

    #[test]
    fn an_alias_chain_40000_long_closed_in_a_circle_is_refused_by_name() {
        let text = format!("{}a40000,a0\n", chain(40_000));
        let e = PartyAliases::parse(&text, "long.csv").unwrap_err();
        // The first eight steps and the rest counted, not 40,001 rows in one message.
        assert_eq!(
            e.to_string(),
            "long.csv row 1: the aliases of 'a0' go round in a circle: 'a0' (row 1) → 'a1' \
             (row 2) → 'a2' (row 3) → 'a3' (row 4) → 'a4' (row 5) → 'a5' (row 6) → 'a6' \
             (row 7) → 'a7' (row 8) → … (39993 more rows) → 'a0'; remove or correct one of \
             these rows"
        );
        // A chain that runs into a circle: named by the first alias in name order that leads
        // into it, as before, and by the rows of the circle (not the row leading into it).
        let e = PartyAliases::parse("x,c\nc,d\nd,c\n", "y.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "y.csv row 2: the aliases of 'c' go round in a circle: 'c' (row 2) → 'd' (row 3) \
             → 'c'; remove or correct one of these rows"
        );
        let e = PartyAliases::parse("a,c\nc,d\nd,c\n", "y.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "y.csv row 2: the aliases of 'a' go round in a circle: 'c' (row 2) → 'd' (row 3) \
             → 'c'; remove or correct one of these rows"
        );
    }

    #[test]
    fn chains_that_meet_end_at_the_same_name() {
        // Two chains joining: the second walk stops where the first one passed.
        let a = PartyAliases::parse("b,c\nc,e\nd,c\na,d\n", "j.csv").unwrap();
        for n in ["a", "b", "c", "d", "e"] {
            assert_eq!(a.resolve(n), "e", "{n}");
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

    #[test]
    fn bounded_distance_agrees_with_the_whole_table_within_its_bound() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(ca != cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "xabc",
            "abcx",
            "陈老板",
            "陈老版",
            "眼镜蛇",
            "眼睛蛇",
            "kitten",
            "sitting",
            "flaw",
            "lawn",
            "aaaa",
            "aaab",
            "baaa",
        ];
        for x in words {
            for y in words {
                let (a, b): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
                let d = full(&a, &b);
                for k in 0..4 {
                    let want = (d <= k).then_some(d);
                    assert_eq!(bounded_distance(&a, &b, k), want, "{x:?} {y:?} k={k}");
                }
            }
        }
    }

    #[test]
    fn two_long_names_one_character_apart_are_found_without_a_table_of_edits() {
        // A whole table of edits for two 100,000-character names took 10^10 cells (validate
        // aborted, out of memory); masks of hashes take a few per character.
        let a: String = (0..100_000u32)
            .map(|i| char::from_u32(0x4E00 + i % 2000).unwrap_or('某'))
            .collect();
        let mut b: Vec<char> = a.chars().collect();
        b[50_000] = '乙';
        let b: String = b.into_iter().collect();
        let started = std::time::Instant::now();
        let d = likely_duplicates([a.as_str(), b.as_str()], true);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].why, Likeness::OneCharacter);
        let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        assert_eq!(bounded_distance(&x, &y, 1), Some(1));
        let mut z = y.clone();
        z[10] = '丙';
        assert_eq!(bounded_distance(&x, &z, 1), None);
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn one_edit_pairs_find_replacements_and_insertions_from_a_position() {
        let names = [
            "陈老板",
            "陈老版",
            "李某",
            "李某某",
            "眼镜蛇",
            "眼睛蛇",
            "张三",
        ];
        let got: Vec<(u32, u32, usize, Edit)> = one_edit_pairs(&names, 1, |_, _| true)
            .into_iter()
            .map(|e| (e.a, e.b, e.at, e.edit))
            .collect();
        assert_eq!(
            got,
            [
                (0, 1, 2, Edit::Replaced),
                (3, 2, 1, Edit::Inserted),
                (4, 5, 1, Edit::Replaced)
            ]
        );
        // From position 2, 眼镜蛇/眼睛蛇 (at 1) is not a pair.
        assert_eq!(one_edit_pairs(&names, 2, |_, _| true).len(), 2);
        // A family of names alike but at one position is a pattern, not a typo.
        let family: Vec<String> = (0..=FAMILY as u32)
            .map(|i| format!("店{}号", char::from_u32(0x4E00 + i).unwrap_or('某')))
            .collect();
        let family: Vec<&str> = family.iter().map(String::as_str).collect();
        assert!(one_edit_pairs(&family, 1, |_, _| true).is_empty());
    }
}
