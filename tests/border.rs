//! The lead for a party that carries goods across a province border (issue 23), brokerage beside
//! betweenness in `players`, and the words of `disrupt` where no weight is known: on the embedded
//! 辰溪 case and on a messy file typed as an officer would type it.

use serde_json::Value;

use crate::util::{file, json, ok};

/// An officer's file: Chinese headers, weights in 斤 (one not given), dates in three forms, places
/// in full, short and address forms. 王某 in 广西 buys from two sellers in 湖南 and sells into
/// 广东 (a liaison: 80 kg in, 75 kg and one row of unknown weight out); 孙某 buys and sells within
/// 云南 (a coordinator, no border crossed).
const MESSY: &str = "\
卖方,买方,物种,重量,日期,卖方所在地,买方所在地
张某,王某,穿山甲,100斤,2023-03-01,湖南省永州市,广西南宁
李某,王某,穿山甲,60斤,2023/3/5,湖南永州,广西壮族自治区南宁市
王某,陈某,穿山甲,150斤,2023年3月9日,广西南宁,广东省广州市天河区某街道
王某,周某,穿山甲,,2023-03-12,广西,广东深圳
刘某,孙某,穿山甲,40斤,2023-03-02,云南省昆明市,云南昆明
孙某,吴某,穿山甲,30斤,2023-03-04,云南昆明,云南省玉溪市
";

/// The same rows without their place columns.
const MESSY_NO_PLACES: &str = "\
卖方,买方,物种,重量,日期
张某,王某,穿山甲,100斤,2023-03-01
李某,王某,穿山甲,60斤,2023/3/5
王某,陈某,穿山甲,150斤,2023年3月9日
王某,周某,穿山甲,,2023-03-12
刘某,孙某,穿山甲,40斤,2023-03-02
孙某,吴某,穿山甲,30斤,2023-03-04
";

/// The leads of kind `cross_border`.
fn border_leads(v: &Value) -> Vec<&Value> {
    (v["leads"].as_array().expect("leads").iter())
        .filter(|l| l["kind"] == "cross_border")
        .collect()
}

fn names(v: &Value) -> Vec<&str> {
    (v.as_array().unwrap().iter())
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn ding_gets_the_border_lead_carrying_hunan_goods_into_guangxi() {
    let v = json(&["--lang", "en", "analyze"]);
    let leads = border_leads(&v);
    assert_eq!(leads.len(), 1, "{leads:?}");
    let l = leads[0];
    assert_eq!(names(&l["parties"]), ["丁某某"]);
    let b = &l["border"];
    assert_eq!(b["province"], "湖南");
    assert_eq!(b["role"], "representative");
    assert_eq!(names(&b["from"]), ["湖南"]);
    assert_eq!(names(&b["to"]), ["广西"]);
    assert_eq!(b["two_paths"], 2);
    // Bought in Hunan: 625 kg from 左某某 and one row of unknown weight from 朱某某.
    assert_eq!(b["bought"]["known_kg"], 625.0);
    assert_eq!(b["bought"]["transactions"], 4);
    assert_eq!(b["bought"]["unknown_weight_transactions"], 1);
    // Sold into Guangxi: one row, weight unknown — unknown, not 0; so is the kg carried across.
    assert!(b["sold"]["known_kg"].is_null(), "{b}");
    assert_eq!(b["sold"]["unknown_weight_transactions"], 1);
    assert!(l["weight_kg"].is_null(), "{l}");
    // Its evidence: the four rows in from Hunan and the one out to Guangxi (not the Hunan buyers').
    assert_eq!(l["evidence_rows"], 5);
    // 丁某某's findings share one number.
    let key = (v["leads"].as_array().unwrap().iter())
        .find(|x| x["kind"] == "key_party")
        .unwrap();
    assert_eq!(key["lead"], l["lead"]);

    let text = ok(&["--lang", "en", "analyze"]);
    let line = text
        .lines()
        .find(|s| s.contains("cross_border"))
        .expect("a cross_border line in the leads table");
    assert!(
        line.contains("丁某某 sends what it buys in 湖南 on to 广西: from 湖南 it bought 625 kg (1,250 斤) in 4 rows, 1 of unknown weight; into 广西 it sold an unknown weight in 1 row"),
        "{line}"
    );
    assert!(line.contains("representative in 湖南"), "{line}");

    let zh = ok(&["--lang", "zh", "analyze"]);
    let line = zh
        .lines()
        .find(|s| s.contains("跨省转运"))
        .expect("a 跨省转运 line in the leads table");
    assert!(
        line.contains("丁某某 将在湖南收购的货物转卖到广西"),
        "{line}"
    );
    assert!(line.contains("代表者"), "{line}");
    assert!(!line.contains("representative"), "{line}");
    assert!(!line.contains("unknown"), "{line}");
}

#[test]
fn an_officers_file_gives_the_party_crossing_a_border_a_lead_and_not_the_one_within_a_province() {
    let (_dir, path) = file("案件.csv", MESSY);
    let v = json(&["--lang", "en", "analyze", "-i", &path]);
    let leads = border_leads(&v);
    assert_eq!(leads.len(), 1, "{leads:?}");
    let l = leads[0];
    assert_eq!(names(&l["parties"]), ["王某"]);
    let b = &l["border"];
    assert_eq!(b["role"], "liaison");
    assert_eq!(b["province"], "广西");
    assert_eq!(names(&b["from"]), ["湖南"]);
    assert_eq!(names(&b["to"]), ["广东"]);
    // 160 斤 in (80 kg), 150 斤 out (75 kg) and a row of unknown weight: the larger known side.
    assert_eq!(b["bought"]["known_kg"], 80.0);
    assert_eq!(b["sold"]["known_kg"], 75.0);
    assert_eq!(b["sold"]["unknown_weight_transactions"], 1);
    assert_eq!(l["weight_kg"], 80.0);
    assert_eq!(l["evidence_rows"], 4);
    // 孙某 buys and sells within 云南: no border lead, whatever else it gets.
    assert!(
        !(v["leads"].as_array().unwrap().iter())
            .any(|l| l["kind"] == "cross_border" && names(&l["parties"]) == ["孙某"]),
        "{v}"
    );
    let text = ok(&["--lang", "en", "analyze", "-i", &path]);
    assert!(
        text.contains("王某 sends what it buys in 湖南 on to 广东: from 湖南 it bought 80 kg (160 斤) in 2 rows; into 广东 it sold 75 kg (150 斤) in 2 rows, 1 of unknown weight (liaison in 广西"),
        "{text}"
    );
}

#[test]
fn without_places_there_is_no_border_lead_and_no_brokerage_column() {
    let (_dir, path) = file("案件.csv", MESSY_NO_PLACES);
    let v = json(&["--lang", "en", "analyze", "-i", &path]);
    assert!(border_leads(&v).is_empty(), "{v}");
    let table = ok(&["--lang", "en", "players", "-i", &path]);
    assert!(!table.contains("brokerage role"), "{table}");
    let csv = ok(&["players", "-i", &path, "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, "name,chain_share,betweenness,throughput_kg,labels");
}

#[test]
fn players_show_brokerage_beside_betweenness_when_the_case_has_places() {
    let (_dir, path) = file("案件.csv", MESSY);
    let csv = ok(&["players", "-i", &path, "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "name",
            "chain_share",
            "betweenness",
            "throughput_kg",
            "labels",
            "broker_role",
            "two_paths",
            "coordinator",
            "itinerant",
            "gatekeeper",
            "representative",
            "liaison",
            "unknown_role"
        ]
    );
    let row = |name: &str| -> Vec<String> {
        csv.lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("{name} in {csv}"))
            .split(',')
            .map(str::to_string)
            .collect()
    };
    // 王某: 2 suppliers in 湖南 × 2 customers in 广东, all liaison.
    let wang = row("王某");
    assert_eq!(&wang[5..], ["liaison", "4", "0", "0", "0", "0", "4", "0"]);
    // 孙某: one two-path within 云南.
    let sun = row("孙某");
    assert_eq!(
        &sun[5..],
        ["coordinator", "1", "1", "0", "0", "0", "0", "0"]
    );
    // A party on no two-path: no role, none counted.
    let zhang = row("张某");
    assert_eq!(&zhang[5..], ["", "0", "0", "0", "0", "0", "0", "0"]);

    // The embedded case: 丁某某's two-paths within 湖南 and into 广西 tie; the tie goes to the role
    // crossing a border.
    let embedded = ok(&["players", "--format", "csv"]);
    let ding = embedded.lines().find(|l| l.starts_with("丁某某,")).unwrap();
    assert!(ding.ends_with(",representative,4,2,0,0,2,0,0"), "{ding}");
    // 朱某某's suppliers have no known place: its two two-paths are of unknown role, not none.
    let zhu = embedded.lines().find(|l| l.starts_with("朱某某,")).unwrap();
    assert!(zhu.ends_with(",unknown,2,0,0,0,0,0,2"), "{zhu}");

    let table = ok(&["--lang", "en", "players", "-i", &path]);
    assert!(table.contains("brokerage role"), "{table}");
    let wang = table.lines().find(|l| l.starts_with("王某")).unwrap();
    assert!(wang.contains("liaison"), "{wang}");
    let zh = ok(&["--lang", "zh", "players", "-i", &path]);
    assert!(zh.contains("中间人角色"), "{zh}");
    assert!(zh.contains("开放二步路径"), "{zh}");
    let wang = zh.lines().find(|l| l.starts_with("王某")).unwrap();
    assert!(wang.contains("联络者"), "{wang}");
    assert!(!wang.contains("liaison"), "{wang}");
}

#[test]
fn disrupt_says_none_known_where_no_weight_is_known() {
    for args in [
        &["--lang", "en", "disrupt", "--remove", "丁某某"][..],
        &["--lang", "en", "disrupt", "--best", "1"][..],
    ] {
        let text = ok(args);
        assert!(!text.contains("unknown of unknown"), "{text}");
        assert!(!text.contains("rows of unknown weight)"), "{text}");
        assert!(text.contains("none known"), "{text}");
        // The cut holds no known weight: said so, not "0 kg".
        assert!(
            text.contains(
                "Smallest cut of known weight between sources and sinks: 2 links, none of known weight (2 rows of unknown weight"
            ),
            "{text}"
        );
        assert!(
            text.contains("丁某某 -> 广西买家（未具名）: weight unknown (1 row)"),
            "{text}"
        );
    }
    let text = ok(&["--lang", "en", "disrupt", "--remove", "丁某某"]);
    assert!(
        text.contains("known weight no longer reaching a sink: none known (no weight reaching a sink is known); 2 rows of unknown weight no longer reach one"),
        "{text}"
    );
    let zh = ok(&["--lang", "zh", "disrupt", "--remove", "丁某某"]);
    assert!(!zh.contains("不明（原 不明）"), "{zh}");
    assert!(
        zh.contains("不再到达终端的已知重量：无已知重量（到达终端的重量均不明）；另有 2 行重量不明的记录不再到达终端"),
        "{zh}"
    );
    assert!(zh.contains("2 条关系，均无已知重量"), "{zh}");
    let zh = ok(&["--lang", "zh", "disrupt", "--best", "1"]);
    assert!(
        zh.contains("至此不再到达终端的已知重量：无已知重量；另有 2 行"),
        "{zh}"
    );
}

#[test]
fn disrupt_with_known_weights_gives_what_is_lost_of_what_reached_a_sink() {
    let (_dir, path) = file("案件.csv", MESSY);
    let text = ok(&["--lang", "en", "disrupt", "-i", &path, "--remove", "王某"]);
    // 150 斤 (75 kg) reached 陈某 through 王某, and 15 kg reached 吴某 past 孙某: 75 kg of 90 kg
    // lost, and the row of unknown weight to 周某.
    assert!(
        text.contains("known weight no longer reaching a sink: 75 kg of 90 kg; 1 row of unknown weight no longer reaches one"),
        "{text}"
    );
}

#[test]
fn a_cut_count_of_chains_says_it_is_of_the_first_n_and_how_to_count_more() {
    let text = ok(&[
        "--lang",
        "en",
        "disrupt",
        "--remove",
        "丁某某",
        "--limit",
        "2",
    ]);
    assert!(
        text.contains("chains cut: 2 of the first 2 found (the case has more chains than the 2 counted: --limit N counts up to N)"),
        "{text}"
    );
    assert!(!text.contains("the list of chains was cut"), "{text}");
    let zh = ok(&[
        "--lang",
        "zh",
        "disrupt",
        "--remove",
        "丁某某",
        "--limit",
        "2",
    ]);
    assert!(
        zh.contains("被切断的链条：在找到的前 2 条中有 2 条（案件的链条多于所计的 2 条：--limit N 可计至 N 条）"),
        "{zh}"
    );
    // Without the limit, all six are counted and nothing is said of a limit.
    let text = ok(&["--lang", "en", "disrupt", "--remove", "丁某某"]);
    assert!(text.contains("chains cut: 6 of 6\n"), "{text}");
}

#[test]
fn the_report_lists_the_border_lead_among_its_leads_in_both_languages() {
    let en = ok(&["--lang", "en", "report"]);
    assert!(
        en.contains("丁某某 sends what it buys in 湖南 on to 广西"),
        "no border lead in the page"
    );
    // What cutting the best party does, in the words of `disrupt`.
    assert!(
        en.contains("known weight no longer reaching a sink: none known; 2 rows of unknown weight no longer reach one"),
        "the page's places section"
    );
    assert!(!en.contains("unknown, plus"));
    let zh = ok(&["--lang", "zh", "report"]);
    assert!(zh.contains("丁某某 将在湖南收购的货物转卖到广西"));
    assert!(zh.contains("不再到达终端的已知重量：无已知重量；另有 2 行重量不明的记录不再到达终端"));
    assert!(zh.contains("跨省转运"));
}

/// On a generated case with places, most dealers trade across provinces: only the first
/// `BORDER_LISTED` (5) border leads are listed, by kg carried across, the rest counted in the last
/// line, and what the truth puts first stays among the first ten leads.
#[test]
fn border_leads_do_not_flood_a_case_where_most_dealers_cross_borders() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("gen.csv").display().to_string();
    let truth = dir.path().join("truth.json").display().to_string();
    ok(&[
        "generate", "--rows", "20000", "--places", "-o", &case, "--truth", &truth,
    ]);
    let v = json(&["--lang", "en", "analyze", "-i", &case]);
    let leads = v["leads"].as_array().unwrap();
    let border = border_leads(&v);
    assert_eq!(border.len(), 5, "{border:?}");
    let kg: Vec<f64> = border
        .iter()
        .map(|l| l["weight_kg"].as_f64().expect("known kg carried across"))
        .collect();
    assert!(kg.windows(2).all(|w| w[0] >= w[1]), "{kg:?}");
    // Each party at most once.
    let mut who: Vec<&str> = border
        .iter()
        .map(|l| l["parties"][0].as_str().unwrap())
        .collect();
    who.dedup();
    assert_eq!(who.len(), 5);
    let last = leads.last().unwrap();
    assert_eq!(last["kind"], "quiet_sources");
    let detail = last["detail"].as_str().unwrap();
    assert!(
        detail.contains("more parties carrying goods across a province border, past the first 5: not listed one by one (wildchain places lists them all)"),
        "{detail}"
    );
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    for e in truth["first"].as_array().unwrap() {
        let mut parties = names(&e["parties"]);
        parties.sort_unstable();
        let l = leads
            .iter()
            .find(|l| {
                let mut p = names(&l["parties"]);
                p.sort_unstable();
                l["kind"] == e["kind"] && p == parties
            })
            .unwrap_or_else(|| panic!("no {e} among the leads"));
        assert!(l["lead"].as_u64().unwrap() <= 10, "{l}");
    }
    let zh = json(&["--lang", "zh", "analyze", "-i", &case]);
    let last = zh["leads"].as_array().unwrap().last().unwrap();
    assert!(
        last["detail"]
            .as_str()
            .unwrap()
            .contains("个跨省转运的当事人（前 5 个之后）：不逐条列出（wildchain places 列出全部）"),
        "{last}"
    );
}
