//! The rows `generate --places` plants: cross-province brokers with their Gould–Fernandez role
//! (the province as the group), and a short chain whose place cells disagree with the parties'
//! homes or name no division; each with its truth.

use super::places::{
    COLUMNS, Cell, Disagreement, Form, PlantedBroker, UNRESOLVABLE, Unresolvable, Who, division,
    elsewhere, province_of,
};

/// Rows [`plant`] writes: three planted brokers of five rows each, and a chain of three rows
/// carrying the disagreements and unreadable cells.
pub const PLACES_ROWS: u64 = 18;

/// A planted broker: its name and county, its suppliers' and buyers' (a buyer of the cast is
/// given by its market index).
struct Broker {
    role: &'static str,
    party: (&'static str, u32),
    species: &'static str,
    suppliers: [(&'static str, u32, f64); 3],
    /// The market of the cast (by index) and a planted buyer, each buying half.
    market: usize,
    buyer: (&'static str, u32),
}

const BROKERS: [Broker; 3] = [
    // Like 丁某某: buys in Hunan, sells into Guangxi.
    Broker {
        role: "representative",
        party: ("蒋某中转站9101", 431202),
        species: "滑鼠蛇",
        suppliers: [
            ("舒某9102", 431223, 20.0),
            ("向某9103", 431224, 25.0),
            ("米某9104", 431222, 15.0),
        ],
        market: 1, // 广西市场1
        buyer: ("南宁某酒楼9105", 450126),
    },
    // Brings Yunnan goods into Guangdong, selling them there.
    Broker {
        role: "gatekeeper",
        party: ("陈某冻库9111", 440881),
        species: "眼镜蛇",
        suppliers: [
            ("岩某9112", 532801, 30.0),
            ("刀某9113", 532823, 20.0),
            ("玉某9114", 532822, 10.0),
        ],
        market: 2, // 广东市场2
        buyer: ("广州某餐馆9115", 440111),
    },
    // Buys in Sichuan and sells into Hunan and Guangxi, neither its own province (Guizhou).
    Broker {
        role: "liaison",
        party: ("吴某货运部9121", 522601),
        species: "乌梢蛇",
        suppliers: [
            ("阿某9122", 513401, 12.0),
            ("沙某9123", 513401, 18.0),
            ("罗某9124", 510107, 30.0),
        ],
        market: 0, // 湖南市场0
        buyer: ("玉林某酒楼9125", 450923),
    },
];

/// A link of the chain of disagreements: which link, which end's place disagrees with its home,
/// which end's place is unreadable, and with what.
type Plan = (usize, Option<usize>, Option<(usize, &'static str)>);

/// Writes the planted rows of `--places` ([`PLACES_ROWS`] of them) and notes their truth:
/// three cross-province brokers (each buying 60 kg from three suppliers and selling 30 kg to each
/// of two buyers, so that it balances and no other lead points at it), and a chain harvester →
/// collector → dealer → market of 5 kg whose cells carry three disagreements (a place in another
/// province than the party's home) and two unreadable places.
///
/// # Errors
/// The writer fails.
pub(super) fn plant(w: &mut super::Writer, c: &super::Cast) -> std::io::Result<()> {
    let day = super::START + 800;
    let name = |d: u32| {
        let name = division(d).map_or("", |d| d.short);
        name.to_string()
    };
    for (k, b) in BROKERS.iter().enumerate() {
        let at = day + 20 * k as i32;
        let v = w.places.plant(b.party.0, b.party.1, Form::Full);
        let mut suppliers = Vec::new();
        for (n, (s, county, kg)) in b.suppliers.iter().enumerate() {
            let form = [Form::Full, Form::County, Form::ProvinceCity][n];
            let who = w.places.plant(s, *county, form);
            w.exact_placed(
                [who, v],
                [Cell::Always, Cell::Always],
                s,
                b.party.0,
                b.species,
                *kg,
                at + n as i32,
            )?;
            suppliers.push((s.to_string(), province_of(*county)));
        }
        let market = b.market % c.markets.len();
        let market_home = w.places.home(Who::Market(market)).map(|h| h.county);
        let planted = w.places.plant(b.buyer.0, b.buyer.1, Form::City);
        let buyers = [
            (Who::Market(market), c.markets[market].clone(), market_home),
            (planted, b.buyer.0.to_string(), Some(b.buyer.1)),
        ];
        for (n, (who, buyer, _)) in buyers.iter().enumerate() {
            w.exact_placed(
                [v, *who],
                [Cell::Always, Cell::Always],
                b.party.0,
                buyer,
                b.species,
                30.0,
                at + 10 + n as i32,
            )?;
        }
        let province = province_of(b.party.1);
        let mut bought_in: Vec<u32> = suppliers.iter().map(|s| s.1).collect();
        bought_in.dedup();
        let mut sold_into: Vec<u32> = buyers.iter().filter_map(|b| b.2.map(province_of)).collect();
        sold_into.dedup();
        let mut route = bought_in.clone();
        route.push(province);
        route.extend(&sold_into);
        w.places.truth.brokers.push(PlantedBroker {
            party: b.party.0.to_string(),
            role: b.role.to_string(),
            province,
            province_name: name(province),
            two_paths: suppliers.len() * buyers.len(),
            suppliers: suppliers.into_iter().map(|s| s.0).collect(),
            buyers: buyers.iter().map(|b| b.1.clone()).collect(),
            route_names: route.iter().map(|&p| name(p)).collect(),
            bought_in,
            sold_into,
            route,
        });
    }
    // The chain of disagreements: harvester 2 → its collector → dealer 1 → market 3.
    let hi = 2 % c.harvesters.len();
    let ci = (hi * 7) % c.collectors.len();
    let di = 1 % c.dealers.len();
    let mi = 3 % c.markets.len();
    let chain = [
        (Who::Harvester(hi), &c.harvesters[hi]),
        (Who::Collector(ci), &c.collectors[ci]),
        (Who::Dealer(di), &c.dealers[di]),
        (Who::Market(mi), &c.markets[mi]),
    ];
    // (link, which end disagrees, which end is unreadable)
    let plan: [Plan; 3] = [
        (0, Some(0), Some((1, "见笔录"))),
        (1, Some(0), Some((1, UNRESOLVABLE[0]))),
        (2, Some(1), None),
    ];
    for (link, disagrees, unreadable) in plan {
        let ends = [chain[link], chain[link + 1]];
        let mut texts: [Option<String>; 2] = [None, None];
        let row = w.rows + 2;
        if let Some(e) = disagrees {
            let home = w
                .places
                .home(ends[e].0)
                .expect("a party of the cast")
                .county;
            let other = elsewhere(home);
            let written = Form::Full.write(other);
            w.places.truth.disagreements.push(Disagreement {
                party: ends[e].1.clone(),
                column: COLUMNS[e].to_string(),
                row,
                home: Form::Full.write(home),
                written: written.clone(),
                written_province: province_of(other),
            });
            texts[e] = Some(written);
        }
        if let Some((e, text)) = unreadable {
            w.places.truth.unresolvable.push(Unresolvable {
                party: ends[e].1.clone(),
                column: COLUMNS[e].to_string(),
                row,
                written: text.to_string(),
            });
            w.places.count_text(ends[e].0, false);
            texts[e] = Some(text.to_string());
        }
        let what = [0, 1].map(|e| match &texts[e] {
            Some(t) => Cell::Text(t.as_str()),
            None => Cell::Always,
        });
        w.exact_placed(
            [ends[0].0, ends[1].0],
            what,
            ends[0].1,
            ends[1].1,
            "乌梢蛇",
            5.0,
            day + 100 + link as i32,
        )?;
    }
    Ok(())
}
