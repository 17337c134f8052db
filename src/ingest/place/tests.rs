//! The resolver against places as case files write them, and the table's integrity.

use super::{Level, Resolution, divisions};

fn r(text: &str) -> Resolution {
    divisions().resolve(text)
}

/// (province, city, county) of a resolution.
fn pcc(text: &str) -> (Option<u32>, Option<u32>, Option<u32>) {
    let res = r(text);
    (res.province, res.city, res.county)
}

const HUNAN: u32 = 430000;
const HUAIHUA: u32 = 431200;
const CHENXI: u32 = 431223;
const GUANGXI: u32 = 450000;

#[test]
fn the_chenxi_places_resolve() {
    let chenxi = (Some(HUNAN), Some(HUAIHUA), Some(CHENXI));
    for text in [
        "辰溪",
        "辰溪县",
        "怀化市辰溪县",
        "怀化辰溪",
        "湖南辰溪",
        "湖南省辰溪县",
        "湖南省怀化市辰溪县",
        "湖南 怀化 辰溪",
        "湖南省　怀化市　辰溪县",
        "中国湖南省怀化市辰溪县",
        "湖南-怀化-辰溪",
        "湖南（怀化）辰溪",
        "湖南省 / 怀化市 / 辰溪县 ",
        "Hunan 怀化 辰溪",
    ] {
        assert_eq!(pcc(text), chenxi, "{text}");
        assert_eq!(r(text).level(), Some(Level::County), "{text}");
        assert!(r(text).candidates.is_empty(), "{text}");
        assert_eq!(r(text).rest, "", "{text}");
    }
    let res = r("湖南省怀化市辰溪县某镇某村");
    assert_eq!(res.code(), Some(CHENXI));
    assert_eq!(res.rest, "某镇某村");
    // With nothing before it, a county's short name followed by an address is still the county.
    assert_eq!(r("辰溪某镇某村").code(), Some(CHENXI));
}

#[test]
fn a_province_alone_is_a_province() {
    for (text, code) in [
        ("湖南", HUNAN),
        ("湖南省", HUNAN),
        ("广西", GUANGXI),
        ("广西壮族自治区", GUANGXI),
        ("广西自治区", GUANGXI),
        ("内蒙古", 150000),
        ("内蒙古自治区", 150000),
        ("新疆维吾尔自治区", 650000),
        ("香港特别行政区", 810000),
        ("Hunan", HUNAN),
        ("hunan province", HUNAN),
        ("GUANGXI", GUANGXI),
        ("Guangxi Zhuang Autonomous Region", GUANGXI),
        ("Ｈｕｎａｎ", HUNAN),
        ("Shaanxi", 610000),
        ("Shanxi", 140000),
        ("Inner Mongolia", 150000),
        ("Tibet", 540000),
        ("Hong Kong", 810000),
        ("China, Hunan", HUNAN),
        ("Guangxi Nanning", GUANGXI),
        ("ＧＵＡＮＧＸＩ Nanning", GUANGXI),
    ] {
        let res = r(text);
        assert_eq!(
            (res.province, res.city, res.county),
            (Some(code), None, None),
            "{text}"
        );
        assert_eq!(res.level(), Some(Level::Province), "{text}");
    }
    // A province's name is not guessed down to the city that shares it.
    assert_eq!(pcc("吉林"), (Some(220000), None, None));
    assert_eq!(pcc("吉林市"), (Some(220000), Some(220200), None));
    assert_eq!(pcc("吉林省吉林市"), (Some(220000), Some(220200), None));
    assert_eq!(pcc("海南"), (Some(460000), None, None));
}

#[test]
fn cities_resolve_with_their_province() {
    for text in ["怀化", "怀化市", "湖南怀化", "湖南省怀化市", "怀化地区"] {
        assert_eq!(pcc(text), (Some(HUNAN), Some(HUAIHUA), None), "{text}");
        assert_eq!(r(text).level(), Some(Level::City), "{text}");
    }
    for text in ["湘西", "湘西州", "湘西土家族苗族自治州", "湖南湘西"] {
        assert_eq!(pcc(text), (Some(HUNAN), Some(433100), None), "{text}");
    }
    assert_eq!(pcc("锡林郭勒盟"), (Some(150000), Some(152500), None));
    assert_eq!(pcc("西安"), (Some(610000), Some(610100), None));
    assert_eq!(pcc("东莞市"), (Some(440000), Some(441900), None));
}

#[test]
fn municipalities_are_provinces_that_are_their_own_city() {
    let d = divisions();
    assert_eq!(pcc("北京"), (Some(110000), Some(110000), None));
    assert_eq!(r("北京").level(), Some(Level::Province));
    assert_eq!(
        pcc("北京市朝阳区"),
        (Some(110000), Some(110000), Some(110105))
    );
    assert_eq!(pcc("北京朝阳"), (Some(110000), Some(110000), Some(110105)));
    assert_eq!(pcc("上海浦东"), (Some(310000), Some(310000), Some(310115)));
    assert_eq!(
        pcc("重庆市城口县"),
        (Some(500000), Some(500000), Some(500229))
    );
    assert_eq!(d.city_of(110105), Some(110000));
    assert!(d.is_municipality(500000));
    // A county-level city directly under its province stands for its own city.
    assert_eq!(pcc("仙桃市"), (Some(420000), Some(429004), Some(429004)));
}

#[test]
fn ambiguous_names_stay_at_the_certain_level_with_candidates() {
    let res = r("朝阳区");
    assert_eq!(res.code(), None);
    assert_eq!(res.candidates, vec![110105, 220104]);
    assert!(res.is_ambiguous() && !res.is_resolved());

    let res = r("新华区");
    assert_eq!(res.code(), None);
    assert_eq!(res.candidates, vec![130105, 130902, 410402]);

    let res = r("城关区某街道");
    assert_eq!(res.candidates, vec![540102, 620102]);
    assert_eq!(res.rest, "某街道");

    // A province written before keeps the province and narrows the candidates.
    let res = r("辽宁省铁西区");
    assert_eq!(
        (res.province, res.city, res.county),
        (Some(210000), None, None)
    );
    assert_eq!(res.candidates, vec![210106, 210303]);
    // A province or city written before that holds only one of them decides.
    assert_eq!(
        pcc("吉林省朝阳区"),
        (Some(220000), Some(220100), Some(220104))
    );
    assert_eq!(
        pcc("长春市朝阳区"),
        (Some(220000), Some(220100), Some(220104))
    );
    assert_eq!(
        pcc("沈阳铁西区"),
        (Some(210000), Some(210100), Some(210106))
    );
    // Readings that all lie in one city leave that city certain.
    let res = r("本溪");
    assert_eq!(res.city, Some(210500));
}

#[test]
fn retired_and_renamed_divisions_resolve_to_their_successors() {
    let res = r("襄樊市");
    assert_eq!(res.city, Some(420600));
    assert_eq!(res.former.map(|f| f.name), Some("襄樊市"));
    assert_eq!(res.former.map(|f| f.year), Some(2010));
    assert_eq!(
        pcc("湖北省襄樊市樊城区"),
        (Some(420000), Some(420600), Some(420606))
    );
    assert_eq!(pcc("思茅市"), (Some(530000), Some(530800), None));
    assert_eq!(pcc("大庸市"), (Some(HUNAN), Some(430800), None));
    assert_eq!(pcc("北京市宣武区").2, Some(110102));
    assert_eq!(r("北京市宣武区").former.and_then(|f| f.code), Some(110104));
    assert_eq!(pcc("闸北区").2, Some(310106));
    assert_eq!(pcc("吴淞区").2, Some(310113));
    // The abolished prefecture 巢湖市 keeps its code; its name now reads as the county-level city.
    let d = divisions();
    assert_eq!(d.name(341400), Some("巢湖市"));
    assert_eq!(
        d.get(341400).and_then(|x| x.retired).map(|f| f.successor),
        Some(340181)
    );
    assert_eq!(
        pcc("安徽省巢湖市"),
        (Some(340000), Some(340100), Some(340181))
    );
    assert_eq!(pcc("341400"), (Some(340000), Some(340100), Some(340181)));
}

#[test]
fn what_is_not_a_place_is_kept_as_written() {
    for text in [
        "",
        "某地",
        "不详",
        "?",
        "？",
        "湖",
        "未知",
        "  ",
        "湖南路",
        "中山路12号",
        "城关镇",
        "朝阳路",
        "东方明珠",
        "Hunanese",
        "123456",
        "N/A",
        "在辰溪收购",
        "辰阳镇",
        "中山大学",
    ] {
        let res = r(text);
        assert!(!res.is_resolved() && !res.is_ambiguous(), "{text}: {res:?}");
        let written: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(res.rest, written, "{text}");
    }
}

#[test]
fn a_place_name_inside_a_word_does_not_match() {
    // A province followed by a street is not the province's street... but a province with a
    // county after it is that county.
    assert_eq!(pcc("湖南道县"), (Some(HUNAN), Some(431100), Some(431124)));
    assert_eq!(pcc("湖南江华"), (Some(HUNAN), Some(431100), Some(431129)));
    // A short county name that runs into a word is not read, but the city before it stays.
    let res = r("湖南怀化辰溪路");
    assert_eq!(res.code(), Some(HUAIHUA));
    assert_eq!(res.rest, "辰溪路");
    // With nothing before it, a city's short name must stand alone or lead to a division or an
    // address: 中山大学 is in 广州, not in 中山市.
    assert!(!r("中山大学").is_resolved());
    assert!(!r("怀化辰溪路").is_resolved());
    assert_eq!(r("中山").city, Some(442000));
    // Full-width letters read as ASCII, and the rest keeps them as written.
    let res = r("湖南省怀化市辰溪县ＡＢ村");
    assert_eq!(res.code(), Some(CHENXI));
    assert_eq!(res.rest, "ＡＢ村");
}

#[test]
fn codes_of_the_table_read_as_their_division() {
    assert_eq!(pcc("431223"), (Some(HUNAN), Some(HUAIHUA), Some(CHENXI)));
    assert_eq!(pcc("430000"), (Some(HUNAN), None, None));
}

#[test]
fn accessors_give_names_and_parents() {
    let d = divisions();
    assert_eq!(d.name(HUNAN), Some("湖南省"));
    assert_eq!(d.short(HUNAN), Some("湖南"));
    assert_eq!(d.short(GUANGXI), Some("广西"));
    assert_eq!(d.name(GUANGXI), Some("广西壮族自治区"));
    assert_eq!(d.short(150000), Some("内蒙古"));
    assert_eq!(d.short(HUAIHUA), Some("怀化"));
    assert_eq!(d.short(CHENXI), Some("辰溪"));
    assert_eq!(d.short(431124), Some("道县"));
    assert_eq!(d.short(150724), Some("鄂温克"));
    assert_eq!(d.province_of(CHENXI), Some(HUNAN));
    assert_eq!(d.city_of(CHENXI), Some(HUAIHUA));
    assert_eq!(d.city_of(HUNAN), None);
    assert_eq!(d.level(HUNAN), Some(Level::Province));
    assert_eq!(d.level(HUAIHUA), Some(Level::City));
    assert_eq!(d.level(CHENXI), Some(Level::County));
    assert_eq!(d.get(999999), None);
}

#[test]
fn every_parent_is_in_the_table_one_level_up() {
    let d = divisions();
    assert!(d.all().len() > 3000, "{}", d.all().len());
    let provinces = d
        .all()
        .iter()
        .filter(|x| x.level == Level::Province)
        .count();
    assert_eq!(provinces, 34);
    for x in d.all() {
        assert!((100000..=999999).contains(&x.code), "{x:?}");
        assert!(!x.name.is_empty() && !x.short.is_empty(), "{x:?}");
        assert!(x.name.starts_with(x.short), "{x:?}");
        let Some(p) = x.parent else {
            assert_eq!(x.level, Level::Province, "{x:?}");
            assert_eq!(x.code % 10000, 0, "{x:?}");
            continue;
        };
        let parent = d.get(p).unwrap_or_else(|| panic!("{x:?}: parent missing"));
        assert!(parent.level < x.level, "{x:?} under {parent:?}");
        assert!(parent.retired.is_none(), "{x:?} under a retired division");
        // The code begins with its parent's: 2 digits under a province, 4 under a city.
        let digits = if parent.level == Level::Province {
            10000
        } else {
            100
        };
        assert_eq!(x.code / digits, p / digits, "{x:?}");
        assert_eq!(d.province_of(x.code), Some(x.code / 10000 * 10000), "{x:?}");
    }
    let mut codes: Vec<u32> = d.all().iter().map(|x| x.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), d.all().len(), "codes are unique and sorted");
    for f in d.former() {
        let s = d
            .get(f.successor)
            .unwrap_or_else(|| panic!("{f:?}: successor missing"));
        assert!(s.retired.is_none(), "{f:?}: successor retired");
    }
}

#[test]
fn every_full_name_resolves_to_its_division_or_lists_it() {
    let d = divisions();
    for x in d.all().iter().filter(|x| x.retired.is_none()) {
        let res = d.resolve(x.name);
        // 620201 嘉峪关市 (a county) shares its name with its city 620200: the city is read.
        let same_as_city =
            d.get(x.code).and_then(|c| c.parent).and_then(|p| d.name(p)) == Some(x.name);
        assert!(
            res.code() == Some(x.code) || res.candidates.contains(&x.code) || same_as_city,
            "{} {}: {res:?}",
            x.code,
            x.name
        );
        assert_eq!(res.rest, "", "{}", x.name);
        // Written after its province and city, it is certain.
        let mut full = String::new();
        for c in [d.province_of(x.code), d.city_of(x.code)]
            .into_iter()
            .flatten()
        {
            if c != x.code && !full.contains(d.name(c).unwrap_or("")) {
                full.push_str(d.name(c).unwrap_or(""));
            }
        }
        full.push_str(x.name);
        assert_eq!(d.resolve(&full).code(), Some(x.code), "{full}");
    }
}

#[test]
fn the_table_is_small_and_quick_to_build() {
    let t = std::time::Instant::now();
    let d = super::Divisions::embedded();
    let built = t.elapsed();
    let heap = d.heap_bytes();
    // The time of one resolution, over the forms of the documentation.
    let texts = [
        "湖南省怀化市辰溪县某镇某村",
        "辰溪",
        "广西",
        "朝阳区",
        "北京市朝阳区",
        "Hunan Province",
        "不详",
        "中山路12号",
    ];
    let n = 20_000;
    let t = std::time::Instant::now();
    let resolved: usize = (0..n)
        .map(|i| d.resolve(texts[i % texts.len()]).code().is_some() as usize)
        .sum();
    let per = t.elapsed() / n as u32;
    eprintln!(
        "divisions: {} rows, {} name keys, heap {} KB, built in {:?}; {:?} per resolution",
        d.all().len(),
        d.name_keys(),
        heap / 1024,
        built,
        per
    );
    assert_eq!(resolved, n / texts.len() * 5);
    assert!(heap < 2 << 20, "{heap} bytes");
    // Generous for a debug build on a busy machine; the release build takes a few ms.
    assert!(built.as_secs() < 5, "{built:?}");
}

/// The leading code of a cell of the examples table (`430000 湖南省`), or None for `—`.
fn cell_code(cell: &str) -> Option<u32> {
    let digits: String = cell.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
fn the_documented_examples_hold() {
    let page = include_str!("../../../docs/places.md");
    let examples = page
        .split("## Examples")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("");
    let mut checked = 0;
    for line in examples.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [written, province, city, county, candidates, rest] = cells[..] else {
            panic!("docs/places.md: bad example row {line}");
        };
        let written = written.trim_matches('`');
        let res = r(written);
        assert_eq!(res.province, cell_code(province), "{written}: {res:?}");
        assert_eq!(res.city, cell_code(city), "{written}: {res:?}");
        assert_eq!(res.county, cell_code(county), "{written}: {res:?}");
        let listed: Vec<u32> = candidates.split(", ").filter_map(cell_code).collect();
        assert_eq!(res.candidates, listed, "{written}");
        let rest = if rest == "—" {
            ""
        } else {
            rest.trim_matches('`')
        };
        assert_eq!(res.rest, rest, "{written}");
        // The names the page gives are the table's.
        for (cell, code) in [
            (province, res.province),
            (city, res.city),
            (county, res.county),
        ] {
            if let (Some(code), Some(name)) = (code, cell.split(' ').nth(1)) {
                assert_eq!(divisions().name(code), Some(name), "{written}");
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} examples found in docs/places.md"
    );
}

mod properties {
    use proptest::prelude::*;

    use super::super::{Level, divisions};

    /// Pieces place text is made of: names of the table, separators, address words, noise.
    fn piece() -> impl Strategy<Value = String> {
        let d = divisions();
        let n = d.all().len();
        prop_oneof![
            (0..n).prop_map(move |i| divisions().all()[i].name.to_string()),
            (0..n).prop_map(move |i| divisions().all()[i].short.to_string()),
            prop::sample::select(vec![
                " ", "　", "-", "/", "（", "）", "某镇", "村", "路", "号", "Hunan", "ＡＢ", "?",
                "湖", "中国", "省", "市", "县",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever is written: no panic; the rest is the end of the text as written (spaces
        /// dropped); the certain levels agree with each other; candidates mean no certain county.
        #[test]
        fn any_text_resolves_consistently(pieces in prop::collection::vec(piece(), 0..6)) {
            let text: String = pieces.concat();
            let d = divisions();
            let res = d.resolve(&text);
            let written: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert!(written.ends_with(&res.rest), "{text:?}: {res:?}");
            if let Some(county) = res.county {
                prop_assert_eq!(d.level(county), Some(Level::County));
                prop_assert_eq!(res.city, d.city_of(county));
            }
            if let Some(city) = res.city {
                prop_assert_eq!(res.province, d.province_of(city));
            }
            if res.is_ambiguous() {
                prop_assert!(res.county.is_none());
                prop_assert!(res.candidates.len() > 1);
                for &c in &res.candidates {
                    prop_assert!(d.get(c).is_some());
                    if let Some(p) = res.province {
                        prop_assert_eq!(d.province_of(c), Some(p));
                    }
                }
            }
            if !res.is_resolved() && !res.is_ambiguous() {
                prop_assert_eq!(&res.rest, &written);
            }
        }

        /// Province, city and county written in full, then any address: the county, whatever
        /// follows.
        #[test]
        fn a_full_address_reads_as_its_county(i in 0..3400usize, tail in "[某镇乡村路号0-9a-z]{0,8}") {
            let d = divisions();
            let all = d.all();
            let x = all[i % all.len()];
            prop_assume!(x.level == Level::County && x.retired.is_none());
            let mut text = String::new();
            for c in [d.province_of(x.code), d.city_of(x.code)].into_iter().flatten() {
                let name = d.name(c).unwrap_or("");
                if c != x.code && !text.ends_with(name) {
                    text.push_str(name);
                }
            }
            text.push_str(x.name);
            text.push_str(&tail);
            let res = d.resolve(&text);
            prop_assert_eq!(res.county, Some(x.code), "{}: {:?}", text, res);
        }
    }
}

/// One place per cell: a cell naming two divisions never picks one (issue 23).
#[test]
fn a_cell_naming_several_places_keeps_what_they_share() {
    for text in [
        "湖南/广西",
        "湖南、广西",
        "湖南或广西",
        "湖南,广西",
        "湖南，广西",
        "湖南 广西",
        "湖南广西",
        "湖南省和广西壮族自治区",
        "Hunan or Guangxi",
        "湖南省怀化市辰溪县/广西",
    ] {
        let res = r(text);
        assert!(res.several, "{text}: {res:?}");
        assert_eq!(res.province, None, "{text}: {res:?}");
        assert_eq!(res.code(), None, "{text}");
        assert_eq!(res.candidates.len(), 2, "{text}: {res:?}");
        assert!(
            res.candidates.contains(&GUANGXI)
                && (res.candidates.contains(&HUNAN) || res.candidates.contains(&CHENXI)),
            "{text}: {res:?}"
        );
    }
    // Two cities of one province: the province, both cities listed.
    for text in [
        "怀化市/长沙市",
        "怀化、长沙",
        "怀化或长沙",
        "湖南省怀化市；湖南省长沙市",
    ] {
        let res = r(text);
        assert!(res.several, "{text}: {res:?}");
        assert_eq!(pcc(text), (Some(HUNAN), None, None), "{text}");
        assert_eq!(res.candidates, [430100, HUAIHUA], "{text}");
        assert_eq!(res.level(), Some(Level::Province));
    }
    // Three places; two counties of one city.
    let res = r("湖南/广西/贵州");
    assert_eq!((res.candidates.len(), res.province), (3, None));
    assert_eq!(pcc("辰溪县、溆浦县"), (Some(HUNAN), Some(HUAIHUA), None));
    // A place written beside one it lies in is one place, not two.
    for text in ["辰溪县、湖南", "湖南/辰溪", "怀化市辰溪县,怀化"] {
        let res = r(text);
        assert!(!res.several && res.candidates.is_empty(), "{text}: {res:?}");
        assert_eq!(res.county, Some(CHENXI), "{text}");
    }
    // An address is still one place; a street named after a province is no second place.
    for text in [
        "湖南省怀化市辰溪县某镇某村",
        "湖南省怀化市辰溪县, 湖南路12号",
        "辰溪县 湖南商会",
        "湖南省怀化市辰溪县（某镇）",
    ] {
        let res = r(text);
        assert!(!res.several, "{text}: {res:?}");
        assert_eq!(res.county, Some(CHENXI), "{text}: {res:?}");
    }
}

/// A cell listing thousands of places neither overflows the stack nor takes long: at most 16
/// are read, and they still share no province.
#[test]
fn a_cell_listing_thousands_of_places_is_read_quickly() {
    let text = "湖南/广西/".repeat(20_000);
    let t = std::time::Instant::now();
    let res = std::thread::spawn(move || divisions().resolve(&text))
        .join()
        .expect("no stack overflow on a small stack");
    assert!(
        res.several && res.province.is_none(),
        "{:?}",
        res.candidates
    );
    assert_eq!(res.candidates, [HUNAN, GUANGXI]);
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
}
