//! Regions in DOT pictures: one colour per pair of regions for the arrows that cross from one to
//! another (a colour-blind-safe palette), and each box's region for the clusters
//! (`subgraph cluster_…`) that [`super::render_regions`] draws around the parties of a region.

use super::diagram::{Boxed, Diagram};

/// The Okabe–Ito palette (Okabe & Ito 2008, *Color Universal Design*), told apart by people with
/// any common colour-vision deficiency; its yellow (too pale for a line on white) and black (the
/// arrows within one region) left out.
pub const PALETTE: [&str; 6] = [
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#009E73", // bluish green
    "#0072B2", // blue
    "#D55E00", // vermilion
    "#CC79A7", // reddish purple
];

/// The colour of the arrows from region `from` to region `to`: the same pair has the same colour
/// in every picture and on every machine (an FNV-1a hash of the two names, not their order of
/// appearance); the two directions of a pair are told apart by their arrowheads, and share it.
pub fn pair_colour(from: &str, to: &str) -> &'static str {
    let (a, b) = if from <= to { (from, to) } else { (to, from) };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0xff]).chain(b.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    PALETTE[(h % PALETTE.len() as u64) as usize]
}

/// The region of each box of a diagram: a party's, or, for a group, the one its members share
/// (`None` when they are in several or any is unknown).
pub fn box_regions<'a>(dg: &Diagram, regions: &'a [Option<String>]) -> Vec<Option<&'a str>> {
    let of = |p: petgraph::graph::NodeIndex| {
        regions
            .get(p.index())
            .and_then(|r| r.as_deref())
            .filter(|r| !r.is_empty())
    };
    dg.boxes
        .iter()
        .map(|b| match b {
            Boxed::Party(p) => of(*p),
            Boxed::Group { members, .. } => {
                let first = members.first().and_then(|&m| of(m))?;
                members
                    .iter()
                    .all(|&m| of(m) == Some(first))
                    .then_some(first)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_keeps_its_colour_and_pairs_spread_over_the_palette() {
        assert_eq!(pair_colour("湖南", "广西"), pair_colour("湖南", "广西"));
        assert_eq!(pair_colour("湖南", "广西"), pair_colour("广西", "湖南"));
        let names = [
            "湖南", "广西", "广东", "贵州", "云南", "江西", "四川", "福建",
        ];
        let mut used = std::collections::BTreeSet::new();
        for a in names {
            for b in names {
                if a != b {
                    used.insert(pair_colour(a, b));
                }
            }
        }
        assert_eq!(used.len(), PALETTE.len(), "28 pairs use every colour");
    }
}
