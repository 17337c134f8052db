//! A schematic picture of the flows between provinces, as DOT: China's 34 province-level divisions
//! as labelled tiles on a fixed grid in their rough positions (as tile-grid maps draw them), and
//! one arrow per pair of provinces, as wide as its known weight, labelled with it and with the
//! rows whose weight is unknown.
//!
//! Deliberately no borders and no outline: a published map of China showing borders needs the
//! approval of the Ministry of Natural Resources (a map review number, 审图号, under the 地图管理
//! 条例), which a generated picture cannot have. A grid of tiles is a diagram, not a map.
//!
//! Positions are pinned (`pos="x,y!"` with `layout=neato`), so `dot -Tsvg` and `neato -n` keep
//! them.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::regions::pair_colour;
use super::{attr, html, id, line_width, node_id, picture};
use crate::render::{Style, human_number, human_weight};

/// The tile of each province-level division: (GB/T 2260 code, column from the west, row from
/// the north), on a grid of 8 columns and 8 rows. Neighbours on the grid are neighbours on the
/// ground wherever a grid allows (湖南 has 重庆 above it, 广西 to its left, 江西 to its right and
/// 广东 below).
pub const TILES: [(u32, u8, u8); 34] = [
    (230000, 7, 0), // 黑龙江
    (150000, 4, 1), // 内蒙古
    (110000, 5, 1), // 北京
    (210000, 6, 1), // 辽宁
    (220000, 7, 1), // 吉林
    (650000, 0, 2), // 新疆
    (630000, 1, 2), // 青海
    (620000, 2, 2), // 甘肃
    (640000, 3, 2), // 宁夏
    (140000, 4, 2), // 山西
    (130000, 5, 2), // 河北
    (120000, 6, 2), // 天津
    (540000, 1, 3), // 西藏
    (510000, 2, 3), // 四川
    (610000, 3, 3), // 陕西
    (410000, 4, 3), // 河南
    (370000, 5, 3), // 山东
    (320000, 6, 3), // 江苏
    (310000, 7, 3), // 上海
    (530000, 1, 4), // 云南
    (520000, 2, 4), // 贵州
    (500000, 3, 4), // 重庆
    (420000, 4, 4), // 湖北
    (340000, 5, 4), // 安徽
    (330000, 6, 4), // 浙江
    (450000, 2, 5), // 广西
    (430000, 3, 5), // 湖南
    (360000, 4, 5), // 江西
    (350000, 5, 5), // 福建
    (710000, 6, 5), // 台湾
    (440000, 3, 6), // 广东
    (460000, 2, 7), // 海南
    (820000, 3, 7), // 澳门
    (810000, 4, 7), // 香港
];

/// The tile (column, row) of the province of `code` (a province's, city's or county's code).
pub fn tile(code: u32) -> Option<(u8, u8)> {
    let province = code / 10_000 * 10_000;
    TILES
        .iter()
        .find(|t| t.0 == province)
        .map(|&(_, c, r)| (c, r))
}

/// The goods that went from one province to another (or within one, `from == to`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProvinceFlow {
    /// GB/T 2260 codes of the provinces (a city's or county's code stands for its province).
    pub from: u32,
    pub to: u32,
    /// The known weight, in kg (the rows of unknown weight add nothing to it: they are counted).
    pub known_kg: f64,
    /// Rows in all, and those of them whose weight is unknown.
    pub rows: u64,
    pub unknown_rows: u64,
}

/// What to draw.
pub struct ProvincePicture<'a> {
    pub flows: &'a [ProvinceFlow],
    /// The name shown for a province code (`430000` → `湖南`): the caller's division table.
    pub name: &'a dyn Fn(u32) -> String,
    /// What is drawn (the first line of the title), and the case (the second).
    pub title: String,
    pub case: String,
    /// Rows left out because the seller's or the buyer's province is unknown.
    pub unplaced_rows: u64,
    pub style: &'a Style,
}

/// Inches between the centres of two tiles, across and down.
const ACROSS: f64 = 2.1;
const DOWN: f64 = 1.5;

/// Colours of a tile a flow touches, and of one none does.
const TILE_USED: &str = "#fdd0a2";
const TILE_IDLE: &str = "#f0f0f0";

/// One pair's figures summed: (known kg, rows, unknown rows).
type Sums = (f64, u64, u64);

/// The words for a flow's figures: `625 kg`, `625 kg + 2 rows of unknown weight`,
/// `3 rows, weight unknown`; `sep` between the known weight and the unknown rows.
fn figures((kg, rows, unknown): Sums, style: &Style, sep: &str) -> String {
    let unit = style.unit.name();
    if unknown >= rows {
        return match style.zh() {
            false => format!(
                "{rows} {}, weight unknown",
                if rows == 1 { "row" } else { "rows" }
            ),
            true => format!("{rows} 行，重量不明"),
        };
    }
    let known = format!("{} {unit}", human_weight(Some(kg), style.unit));
    match (unknown, style.zh()) {
        (0, _) => known,
        (n, false) => format!(
            "{known}{sep}+ {n} {} of unknown weight",
            if n == 1 { "row" } else { "rows" }
        ),
        (n, true) => format!("{known}，{sep}另 {n} 行重量不明"),
    }
}

/// The title and legend, as an HTML-like label.
fn legend(p: &ProvincePicture) -> String {
    let style = p.style;
    let mut lines = vec![
        format!("<b>{}</b>", html(&p.title)),
        html(&crate::render::lang::file_name(&p.case, style.lang)),
        html(&match style.zh() {
            false => format!(
                "Schematic: provinces as tiles in their rough positions, not a map (no borders) · \
                 line width: known weight (square-root scale), weights in {} · dashed: weight unknown",
                style.unit.name()
            ),
            true => format!(
                "示意图：各省为大致方位的方块，不是地图（不画边界）· 线宽：已知重量（平方根刻度），单位 {} · 虚线：重量不明",
                style.unit.name()
            ),
        }),
    ];
    if p.unplaced_rows > 0 {
        lines.push(html(&match style.zh() {
            false => format!(
                "{} {} with a party of unknown province not drawn",
                human_number(p.unplaced_rows as f64),
                if p.unplaced_rows == 1 { "row" } else { "rows" }
            ),
            true => format!("{} 行的当事人省份不明，未画出", p.unplaced_rows),
        }));
    }
    let rows: String = lines
        .iter()
        .map(|l| format!("<tr><td align=\"left\">{l}</td></tr>"))
        .collect();
    format!("<<table border=\"0\" cellborder=\"0\" cellspacing=\"2\">{rows}</table>>")
}

/// The DOT id of a province's tile.
fn tile_id(code: u32) -> String {
    format!("p{code}")
}

/// Renders the picture as DOT text (ends with a newline). Flows of the same pair are summed;
/// a flow within a province is written in its tile; a flow with a code outside the 34 divisions
/// is counted with the unplaced rows.
///
/// # Complexity
/// O(F log F) for F flows.
pub fn render_provinces(p: &ProvincePicture) -> String {
    let style = p.style;
    let font = picture::FONT;
    let mut pairs: std::collections::BTreeMap<(u32, u32), Sums> = Default::default();
    let mut unplaced = p.unplaced_rows;
    for f in p.flows {
        if tile(f.from).is_none() || tile(f.to).is_none() {
            unplaced += f.rows;
            continue;
        }
        let key = (f.from / 10_000 * 10_000, f.to / 10_000 * 10_000);
        let s = pairs.entry(key).or_default();
        s.0 += if f.known_kg.is_finite() {
            f.known_kg
        } else {
            0.0
        };
        s.1 += f.rows;
        s.2 += f.unknown_rows;
    }
    let shown = ProvincePicture {
        unplaced_rows: unplaced,
        flows: p.flows,
        name: p.name,
        title: p.title.clone(),
        case: p.case.clone(),
        style,
    };
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("layout", "neato"),
            attr("splines", "true"),
            attr("overlap", "true"),
            Attribute(Id::Plain("label".into()), Id::Html(legend(&shown))),
            attr("labelloc", "t"),
            attr("labeljust", "l"),
            attr("fontname", font),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "box"),
            attr("style", "filled,rounded"),
            attr("width", "1.1"),
            attr("height", "0.7"),
            attr("fontname", font),
            attr("fontsize", "11"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            attr("fontsize", "9"),
        ])),
    ];
    let used: std::collections::BTreeSet<u32> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    for &(code, col, row) in &TILES {
        let name = (p.name)(code);
        let mut label = name.clone();
        if let Some(&within) = pairs.get(&(code, code)) {
            label.push('\n');
            label.push_str(style.pick("within: ", "省内："));
            label.push_str(&figures(within, style, "\n"));
        }
        let on = used.contains(&code);
        let mut attributes = vec![
            attr("label", &label),
            attr(
                "pos",
                &format!(
                    "{:.2},{:.2}!",
                    f64::from(col) * ACROSS,
                    f64::from(7 - row) * DOWN
                ),
            ),
            attr("fillcolor", if on { TILE_USED } else { TILE_IDLE }),
            attr("tooltip", &format!("{name} ({code})")),
        ];
        if !on {
            attributes.push(attr("color", "#bdbdbd"));
            attributes.push(attr("fontcolor", "#969696"));
        }
        stmts.push(Stmt::Node(Node::new(node_id(&tile_id(code)), attributes)));
    }
    let heaviest = pairs
        .iter()
        .filter(|((a, b), _)| a != b)
        .map(|(_, s)| s.0)
        .fold(0.0f64, f64::max);
    for (&(from, to), &sums) in pairs.iter().filter(|((a, b), _)| a != b) {
        let (a, b) = ((p.name)(from), (p.name)(to));
        let text = figures(sums, style, " ");
        let mut attributes = vec![
            attr("label", &text),
            attr("tooltip", &format!("{a} → {b}: {text}")),
            attr("color", pair_colour(&a, &b)),
            attr("fontcolor", "#252525"),
        ];
        if sums.2 >= sums.1 {
            attributes.push(attr("style", "dashed"));
            attributes.push(attr("penwidth", "1.5"));
        } else {
            attributes.push(attr(
                "penwidth",
                &format!("{:.2}", line_width(sums.0, heaviest)),
            ));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&tile_id(from))),
                Vertex::N(node_id(&tile_id(to))),
            ),
            attributes,
        }));
    }
    let graph = Graph::DiGraph {
        id: id("provinces"),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::dot::picture::{DrawError, Picture, draw};
    use crate::render::lang::Lang;

    /// Short names of the provinces the tests use (the caller's table in real use).
    fn short(code: u32) -> String {
        match code {
            430000 => "湖南",
            450000 => "广西",
            440000 => "广东",
            530000 => "云南",
            _ => "省",
        }
        .to_string()
    }

    /// The 辰溪 case's flows: within Hunan 625 kg known over 4 rows (3 unknown besides), and
    /// 丁某某's sales into Guangxi of unknown weight.
    fn chenxi() -> Vec<ProvinceFlow> {
        vec![
            ProvinceFlow {
                from: 431223,
                to: 430000,
                known_kg: 625.0,
                rows: 4,
                unknown_rows: 1,
            },
            ProvinceFlow {
                from: 430000,
                to: 430000,
                known_kg: 0.0,
                rows: 1,
                unknown_rows: 1,
            },
            ProvinceFlow {
                from: 430000,
                to: 450000,
                known_kg: 0.0,
                rows: 1,
                unknown_rows: 1,
            },
            ProvinceFlow {
                from: 530000,
                to: 440000,
                known_kg: 60.0,
                rows: 3,
                unknown_rows: 0,
            },
        ]
    }

    fn picture(flows: &[ProvinceFlow], style: &Style) -> String {
        render_provinces(&ProvincePicture {
            flows,
            name: &short,
            title: "Flows between provinces".into(),
            case: "chenxi_case.csv (embedded)".into(),
            unplaced_rows: 2,
            style,
        })
    }

    #[test]
    fn every_province_has_one_tile_and_no_two_share_one() {
        let mut seen = std::collections::BTreeSet::new();
        for &(code, col, row) in &TILES {
            assert_eq!(code % 10_000, 0);
            assert!(col < 8 && row < 8);
            assert!(seen.insert((col, row)), "{code} shares its tile");
        }
        let codes: std::collections::BTreeSet<u32> = TILES.iter().map(|t| t.0).collect();
        assert_eq!(codes.len(), 34);
        assert_eq!(tile(431223), tile(430000));
        assert_eq!(tile(999999), None);
        // 湖南 lies south of 湖北 and west of 江西; 广东 south of 湖南.
        let (hn, hb, jx, gd) = (
            tile(430000).unwrap(),
            tile(420000).unwrap(),
            tile(360000).unwrap(),
            tile(440000).unwrap(),
        );
        assert!(hn.1 > hb.1 && hn.0 < jx.0 && gd.1 > hn.1);
    }

    #[test]
    fn arrows_carry_known_kg_and_count_unknown_rows_and_tiles_hold_their_place() {
        let style = Style::default();
        let dot = picture(&chenxi(), &style);
        let parsed = graphviz_rust::parse(&dot).expect("valid DOT");
        let Graph::DiGraph { stmts, .. } = parsed else {
            panic!("not a digraph")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
        // Every tile, and one arrow per pair of two provinces (within Hunan is in its tile).
        assert_eq!((nodes, edges), (34, 2));
        assert!(dot.contains("\"p430000\" -> \"p450000\""), "{dot}");
        assert!(dot.contains("1 row, weight unknown"), "{dot}");
        assert!(dot.contains("style=\"dashed\""), "{dot}");
        assert!(
            dot.contains("within: 625 kg\\n+ 2 rows of unknown weight"),
            "{dot}"
        );
        assert!(dot.contains("label=\"60 kg\""), "{dot}");
        // 湖南's tile is pinned where the grid puts it (column 3, row 5).
        assert!(dot.contains("pos=\"6.30,3.00!\""), "{dot}");
        assert!(dot.contains("2 rows with a party of unknown province not drawn"));
        assert!(!dot.contains("\n\""), "no label breaks a line of DOT");
        assert_eq!(dot, picture(&chenxi(), &style), "deterministic");
        let zh = Style {
            lang: Lang::Zh,
            ..Style::default()
        };
        let dot = picture(&chenxi(), &zh);
        assert!(dot.contains("1 行，重量不明"), "{dot}");
        assert!(dot.contains("省内：625 kg，\\n另 2 行重量不明"), "{dot}");
        assert!(dot.contains("不画边界"));
    }

    #[test]
    fn graphviz_draws_the_tiles_and_their_labels() {
        let dot = picture(&chenxi(), &Style::default());
        let svg = match draw(&dot, Picture::Svg) {
            Ok(svg) => String::from_utf8(svg).unwrap(),
            Err(DrawError::NoGraphviz) => {
                crate::render::dot::skip_without_graphviz(
                    "graphviz_draws_the_tiles_and_their_labels",
                );
                return;
            }
            Err(e) => panic!("{e}"),
        };
        // Well-formed XML holding the labels.
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut texts = Vec::new();
        loop {
            match reader.read_event().expect("well-formed SVG") {
                quick_xml::events::Event::Eof => break,
                quick_xml::events::Event::Text(t) => texts.push(t.xml10_content().into_owned()),
                _ => {}
            }
        }
        let all = texts.concat();
        for label in ["湖南", "广西", "1 row, weight unknown", "60 kg"] {
            assert!(all.contains(label), "{label} not in the SVG");
        }
    }
}
