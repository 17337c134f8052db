//! `generate --places` held against its own truth: the other cells are those of `generate`, each
//! party's place cells are forms of its one home (or empty, unreadable, or a planted
//! disagreement), the levels the truth states are those written, and each planted broker's open
//! two-paths are all of its planted Gould–Fernandez role.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::places::{Form, Level, PartyPlace, UNRESOLVABLE, province_of};
use super::{Shape, Truth, generate, generate_with_places};
use crate::generate::MIN_ROWS;
use crate::generate::brokers::PLACES_ROWS;

fn shape(rows: u64, seed: u64) -> Shape {
    Shape {
        rows,
        seed,
        parties: None,
    }
}

fn with_places(rows: u64, seed: u64) -> (String, Truth) {
    let mut out = Vec::new();
    let truth = generate_with_places(shape(rows, seed), &mut out).unwrap();
    (String::from_utf8(out).unwrap(), truth)
}

fn plain(rows: u64, seed: u64) -> String {
    let mut out = Vec::new();
    generate(shape(rows, seed), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// (row number, cells) of each data row; no cell the generator writes holds a comma or a quote.
fn rows(text: &str) -> Vec<(u64, Vec<&str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i as u64 + 1, l.split(',').collect()))
        .collect()
}

#[test]
fn places_add_two_columns_and_leave_every_other_cell_as_generate_writes_it() {
    for seed in [1, 9] {
        let (p, truth) = with_places(3000, seed);
        let d = plain(3000, seed);
        let (pl, dl): (Vec<&str>, Vec<&str>) = (p.lines().collect(), d.lines().collect());
        assert_eq!(pl.len(), dl.len());
        assert_eq!(pl[0], format!("{},seller_place,buyer_place", dl[0]));
        let strip = |l: &str| l.rsplitn(3, ',').nth(2).unwrap().to_string();
        let typologies = MIN_ROWS as usize;
        let planted = PLACES_ROWS as usize;
        for i in 1..=typologies {
            assert_eq!(strip(pl[i]), dl[i], "row {}", i + 1);
        }
        for i in typologies + 1 + planted..pl.len() {
            assert_eq!(strip(pl[i]), dl[i - planted], "row {}", i + 1);
        }
        assert!(pl.iter().all(|l| l.split(',').count() == 8));
        assert_eq!(truth.rows, 3000);
        // Without --places the truth says nothing of places.
        assert!(truth.places.is_some());
    }
}

#[test]
fn same_seed_same_places_other_seed_other_places() {
    let (a, ta) = with_places(2000, 5);
    let (b, tb) = with_places(2000, 5);
    let (c, _) = with_places(2000, 6);
    assert_eq!(a, b);
    assert_eq!(ta.places, tb.places);
    assert_ne!(a, c);
}

/// The level `text` states when it is a form of `county`, `None` when it is no form of it.
fn level_of(text: &str, county: u32) -> Option<Level> {
    Form::ALL
        .iter()
        .filter(|f| f.write(county) == text)
        .map(|f| f.level())
        .max()
}

#[test]
fn each_party_keeps_one_home_and_the_truth_states_the_level_its_rows_give() {
    let (text, truth) = with_places(20_000, 3);
    let places = truth.places.unwrap();
    let home: HashMap<&str, &PartyPlace> = places
        .parties
        .iter()
        .map(|p| (p.party.as_str(), p))
        .collect();
    let planted: HashMap<(u64, &str), &str> = places
        .disagreements
        .iter()
        .map(|d| ((d.row, d.column.as_str()), d.written.as_str()))
        .chain(
            places
                .unresolvable
                .iter()
                .map(|u| ((u.row, u.column.as_str()), u.written.as_str())),
        )
        .collect();
    let mut level: BTreeMap<&str, Level> = BTreeMap::new();
    let (mut empty, mut unreadable, mut forms) = (0u64, 0u64, 0u64);
    let mut seen = BTreeSet::new();
    for (row, cells) in rows(&text) {
        for (side, column) in [(0, "seller_place"), (1, "buyer_place")] {
            let (party, place) = (cells[side], cells[6 + side]);
            if party.is_empty() {
                assert_eq!(place, "", "row {row}: a place for no party");
                continue;
            }
            seen.insert(party);
            let p = home
                .get(party)
                .unwrap_or_else(|| panic!("{party} not in the truth"));
            let l = level.entry(party).or_insert(Level::Unknown);
            if let Some(&written) = planted.get(&(row, column)) {
                assert_eq!(place, written, "row {row} {column}");
                continue;
            }
            if place.is_empty() {
                empty += 1;
            } else if UNRESOLVABLE.contains(&place) {
                unreadable += 1;
            } else {
                let got = level_of(place, p.county)
                    .unwrap_or_else(|| panic!("row {row}: {place} is no form of {}", p.home));
                *l = (*l).max(got);
                forms += 1;
            }
        }
    }
    let listed: BTreeSet<&str> = home.keys().copied().collect();
    assert_eq!(
        seen, listed,
        "the truth lists exactly the parties of the rows"
    );
    for p in &places.parties {
        assert_eq!(level[p.party.as_str()], p.written_level, "{}", p.party);
        assert_eq!(province_of(p.county), p.province);
    }
    // Every kind of cell is there, in a realistic mix.
    assert_eq!(empty, places.empty_cells);
    assert_eq!(unreadable + 2, places.unresolvable_cells);
    assert!(
        forms > 30_000 && empty > 1_000 && unreadable > 50,
        "{forms} {empty} {unreadable}"
    );
    for l in [Level::Province, Level::City, Level::County] {
        assert!(places.parties.iter().any(|p| p.written_level == l), "{l:?}");
    }
    // Three planted disagreements, each in another province than the party's home.
    assert_eq!(places.disagreements.len(), 3);
    for d in &places.disagreements {
        assert_ne!(d.written_province, home[d.party.as_str()].province, "{d:?}");
    }
}

#[test]
fn every_planted_broker_has_only_open_two_paths_of_its_role() {
    for seed in [1, 2] {
        let (text, truth) = with_places(5000, seed);
        let places = truth.places.unwrap();
        let province: HashMap<&str, u32> = places
            .parties
            .iter()
            .map(|p| (p.party.as_str(), p.province))
            .collect();
        let links: BTreeSet<(&str, &str)> = rows(&text)
            .into_iter()
            .filter(|(_, c)| !c[0].is_empty())
            .map(|(_, c)| (c[0], c[1]))
            .collect();
        assert_eq!(places.brokers.len(), 3);
        let mut roles_planted = BTreeSet::new();
        for b in &places.brokers {
            let v = b.party.as_str();
            let ins: BTreeSet<&str> = links.iter().filter(|l| l.1 == v).map(|l| l.0).collect();
            let outs: BTreeSet<&str> = links.iter().filter(|l| l.0 == v).map(|l| l.1).collect();
            // Gould–Fernandez, counted by hand: a → v → b, a ≠ b, no link a → b.
            let mut roles: BTreeMap<&str, usize> = BTreeMap::new();
            for &a in &ins {
                for &c in &outs {
                    if a == c || links.contains(&(a, c)) {
                        continue;
                    }
                    let (pa, pv, pc) = (province[a], province[v], province[c]);
                    let role = match (pa == pv, pv == pc, pa == pc) {
                        (true, true, _) => "coordinator",
                        (false, true, _) => "gatekeeper",
                        (true, false, _) => "representative",
                        (false, false, true) => "itinerant",
                        (false, false, false) => "liaison",
                    };
                    *roles.entry(role).or_default() += 1;
                }
            }
            assert_eq!(
                roles,
                BTreeMap::from([(b.role.as_str(), b.two_paths)]),
                "{b:?}"
            );
            assert_eq!(b.province, province[v]);
            let bought: BTreeSet<u32> = ins.iter().map(|a| province[a]).collect();
            let sold: BTreeSet<u32> = outs.iter().map(|c| province[c]).collect();
            assert_eq!(bought, b.bought_in.iter().copied().collect());
            assert_eq!(sold, b.sold_into.iter().copied().collect());
            assert!(b.route.contains(&b.province) && b.route.len() >= 3);
            assert_eq!(b.route.len(), b.route_names.len());
            roles_planted.insert(b.role.as_str());
        }
        assert_eq!(
            roles_planted,
            BTreeSet::from(["gatekeeper", "liaison", "representative"])
        );
    }
}

#[test]
fn the_representative_carries_hunan_goods_into_guangxi_as_in_the_chenxi_case() {
    let (_, truth) = with_places(MIN_ROWS + PLACES_ROWS, 1);
    let places = truth.places.unwrap();
    let r = places
        .brokers
        .iter()
        .find(|b| b.role == "representative")
        .unwrap();
    assert_eq!(r.route_names, ["湖南", "湖南", "广西"]);
    assert_eq!(truth.rows, MIN_ROWS + PLACES_ROWS);
}

#[test]
fn the_chenxi_parties_file_gives_the_places_the_report_states_and_no_other() {
    use crate::ingest::{EMBEDDED_CASE, EMBEDDED_PARTIES};
    let read = |text: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect()
    };
    let parties = read(EMBEDDED_PARTIES);
    let mut named: BTreeSet<String> = BTreeSet::new();
    for r in read(EMBEDDED_CASE) {
        named.insert(r[0].to_string());
        named.insert(r[1].to_string());
    }
    let listed: BTreeSet<String> = parties.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(listed, named, "one line per party of the embedded case");
    let place: BTreeMap<&str, &str> = parties.iter().map(|r| (&r[0], &r[1])).collect();
    // The report: 辰溪朱某某、左某某; 湖南外市买家丁某某 (no city); 销往湖南、广西.
    assert_eq!(place["朱某某"], Form::Full.write(431223));
    assert_eq!(place["左某某"], Form::Full.write(431223));
    assert_eq!(place["丁某某"], Form::Province.write(430000));
    assert_eq!(place["湖南买家（未具名）"], Form::Province.write(430000));
    assert_eq!(place["广西买家（未具名）"], Form::Province.write(450000));
    // Not stated: unknown, not guessed.
    assert_eq!(place["瞿某青"], "");
    assert_eq!(place["瞿某海"], "");
    // Every note quotes the report (通报, /work/shared/case/chenxi.md) it rests on, in
    // Chinese as an officer's notes are; those without a place say it is not stated.
    for r in &parties {
        assert!(r[2].starts_with("通报") && r[2].contains('「'), "{r:?}");
        assert_eq!(r[1].is_empty(), r[2].contains("未写其所在地"), "{r:?}");
        assert!(!r[2].chars().any(|c| c.is_ascii_alphabetic()), "{r:?}");
    }
}
