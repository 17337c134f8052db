//! Suggestions for names that do not exist: the closest existing names, for error messages.

/// Up to `n` candidates closest to `wanted` by edit distance (in characters), then by name; only those
/// within half the length of `wanted` (at least 2 edits), or that contain it or are contained in it.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let w: Vec<char> = wanted.chars().collect();
    let limit = (w.len() / 2).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = edit_distance(&w, &c.chars().collect::<Vec<_>>());
            let related = !wanted.is_empty() && (c.contains(wanted) || wanted.contains(c));
            (d <= limit || related).then_some((d, c))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_one_character_typos_first() {
        let names = ["丁某某", "朱某某", "左某某", "瞿某青", "湖南买家"];
        assert_eq!(closest("丁某", names, 3), ["丁某某", "左某某", "朱某某"]);
        assert_eq!(closest("瞿某清", names, 1), ["瞿某青"]);
        assert!(closest("zzzzzzzzzz", names, 3).is_empty());
    }
}
