//! Approximate figures: the words around a number that make it approximate (`约50斤`, `50多斤`,
//! `50斤左右`, `>50斤`), what separates the ends of a range, and how qualifications combine.

use std::fmt;

/// How an approximate figure was qualified. The figure kept is the number written (the lower bound
/// of a range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Approx {
    /// `约50斤`, `50斤左右`, `50来斤`, `~50斤`: about 50.
    About,
    /// `50多斤`, `50余斤`, `>50斤`, `50斤以上`, `40-50斤`: at least 50 (40).
    AtLeast,
}

impl Approx {
    pub fn name(self) -> &'static str {
        match self {
            Approx::About => "about",
            Approx::AtLeast => "at least",
        }
    }
}

impl fmt::Display for Approx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Words before the number that make it approximate.
pub(super) const PREFIXES: &[(&str, Approx)] = &[
    ("大约", Approx::About),
    ("大概", Approx::About),
    ("约合", Approx::About),
    ("约", Approx::About),
    ("差不多", Approx::About),
    ("将近", Approx::About),
    ("近", Approx::About),
    ("approx.", Approx::About),
    ("approx", Approx::About),
    ("about", Approx::About),
    ("ca.", Approx::About),
    ("~", Approx::About),
    ("≈", Approx::About),
    ("至少", Approx::AtLeast),
    ("不少于", Approx::AtLeast),
    ("不低于", Approx::AtLeast),
    ("超过", Approx::AtLeast),
    ("多于", Approx::AtLeast),
    ("大于", Approx::AtLeast),
    ("逾", Approx::AtLeast),
    (">=", Approx::AtLeast),
    ("≥", Approx::AtLeast),
    (">", Approx::AtLeast),
    ("over", Approx::AtLeast),
    ("at least", Approx::AtLeast),
];

/// Words after the unit that make it approximate.
pub(super) const SUFFIXES: &[(&str, Approx)] = &[
    ("左右", Approx::About),
    ("上下", Approx::About),
    ("前后", Approx::About),
    ("许", Approx::About),
    ("以上", Approx::AtLeast),
    ("多", Approx::AtLeast),
    ("余", Approx::AtLeast),
    ("+", Approx::AtLeast),
];

/// Words between the number and the unit (`50多斤`, `50余斤`, `50来斤`, `50+斤`).
pub(super) const INFIXES: &[(&str, Approx)] = &[
    ("多", Approx::AtLeast),
    ("余", Approx::AtLeast),
    ("+", Approx::AtLeast),
    ("来", Approx::About),
];

/// What separates the two ends of a range (`40-50斤`, `40~50斤`, `40至50斤`).
pub(super) const RANGE: &[&str] = &["-", "~", "至", "到", "—", "–"];

pub(super) fn strip_word<'a>(
    s: &'a str,
    words: &[(&str, Approx)],
    front: bool,
) -> Option<(&'a str, Approx)> {
    words.iter().find_map(|(w, a)| {
        let rest = if front {
            strip_prefix_ci(s, w)
        } else {
            strip_suffix_ci(s, w)
        };
        rest.map(|r| (r.trim(), *a))
    })
}

fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    head.eq_ignore_ascii_case(p).then(|| &s[p.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(p.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(p).then(|| &s[..cut])
}

/// The stronger of two qualifications: "at least" says more than "about".
pub(super) fn join(a: Option<Approx>, b: Option<Approx>) -> Option<Approx> {
    a.max(b)
}
