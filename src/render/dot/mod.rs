//! DOT diagrams through graphviz-rust: parties shaped and coloured by role, one rank per tier left
//! to right, arrows as wide as the log of their known weight (dashed when unknown, dotted grey when
//! unconfirmed), a legend and a title naming the case and its dates; large drawings collapsed (see
//! [`diagram`]). Every id and label goes through [`quote`] or [`html`], since graphviz-rust's
//! printer escapes nothing.

pub mod diagram;
pub mod picture;
pub mod provinces;
pub mod regions;

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::{EdgeIndex, NodeIndex};

use super::export::xml::picture;
use super::lang::Lang;
use super::trace::link_sources;
use super::{Style, human_number, human_weight};
use crate::analysis::{PartyProfile, Role};
use crate::case::Tally;
use crate::graph::SupplyGraph;
use crate::ingest::provenance::Confidence;
use diagram::{Arrow, Boxed, Diagram};

/// Most boxes a drawing shows before it collapses (`--max-nodes`): about what an A4 page or a
/// screen shows readably (300 drew the 1 M-row case as a 1,587 × 11,380 px strip).
pub const MAX_NODES: usize = 40;

/// The outline of a party a lead is about (drawn on its own, never in a group).
const LEAD_OUTLINE: &str = "#c0392b";

/// Arrows beyond which arrows carry no label (their figures stay in the tooltip): labels are
/// what makes Graphviz slow.
const LABELLED_ARROWS: usize = 60;

/// What to draw.
pub struct Drawing<'a> {
    pub graph: &'a SupplyGraph,
    /// The parties drawn (any order; drawn in name order).
    pub parties: Vec<NodeIndex>,
    /// The links drawn; both ends must be among `parties`.
    pub links: Vec<EdgeIndex>,
    /// Role and tier of every party of `graph`, indexed by node (as [`crate::analysis::profiles`] gives them).
    pub profiles: &'a [PartyProfile],
    /// A party to outline (the one traced from).
    pub focus: Option<NodeIndex>,
    /// What is drawn (the first line of the title).
    pub title: String,
    /// The case: its files (the title's second line, with the dates of the links drawn).
    pub case: String,
    /// The language of the words and the unit of the weights.
    pub style: &'a Style,
    /// Most parties drawn before the least important are collapsed into groups (0: never).
    pub max_nodes: usize,
}

/// A DOT string literal: quoted, with `"` and `\` escaped, line breaks as `\n` and other control
/// characters as visible pictures (`␛`, see [`picture`]): Graphviz copies them into SVG, which
/// XML 1.0 then refuses.
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => q.push(picture(c)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn id(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), id(v))
}

fn node_id(name: &str) -> NodeId {
    NodeId(id(name), None)
}

fn role_style(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Source => ("box", "#c6dbef"),
        Role::Intermediary => ("ellipse", "#fdd0a2"),
        Role::Sink => ("doubleoctagon", "#c7e9c0"),
    }
}

/// Writes the drawing as DOT text.
///
/// # Errors
/// The writer fails.
pub fn write_dot(d: &Drawing, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(render(d).as_bytes())?;
    Ok(())
}

/// Text for an HTML-like Graphviz label: `&`, `<`, `>`, `"` escaped, line breaks as `<br/>`,
/// other control characters as visible pictures ([`picture`]).
pub fn html(s: &str) -> String {
    let mut h = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => h.push_str("&amp;"),
            '<' => h.push_str("&lt;"),
            '>' => h.push_str("&gt;"),
            '"' => h.push_str("&quot;"),
            '\n' => h.push_str("<br/>"),
            '\r' => {}
            c if c.is_control() && c != '\t' => h.push(picture(c)),
            c => h.push(c),
        }
    }
    h
}

/// A role's name in `lang`.
pub fn role_word(role: Role, lang: Lang) -> &'static str {
    let pick = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    match role {
        Role::Source => pick("source", "源头"),
        Role::Intermediary => pick("intermediary", "中间商"),
        Role::Sink => pick("sink", "终端买家"),
    }
}

/// A role's English name for several parties (`intermediaries`, not `intermediarys`).
fn role_plural(role: Role) -> &'static str {
    match role {
        Role::Source => "sources",
        Role::Intermediary => "intermediaries",
        Role::Sink => "sinks",
    }
}

fn role_legend(role: Role, lang: Lang) -> &'static str {
    let pick = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    match role {
        Role::Source => pick("source (sells, never buys)", "源头（只出售，不收购）"),
        Role::Intermediary => pick("intermediary (buys and sells)", "中间商（既收购又出售）"),
        Role::Sink => pick("sink (buys, never sells)", "终端买家（只收购，不出售）"),
    }
}

/// The label of a group of parties drawn as one.
fn group_label(
    g: &SupplyGraph,
    role: Role,
    anchor: Option<NodeIndex>,
    n: usize,
    lang: Lang,
) -> String {
    match (anchor.map(|a| g.name(a)), lang == Lang::Zh) {
        (Some(a), false) => match role {
            Role::Source => format!("{n} suppliers\nof {a}"),
            Role::Sink => format!("{n} buyers\nof {a}"),
            Role::Intermediary => format!("{n} intermediaries\ntrading with {a}"),
        },
        (Some(a), true) => match role {
            Role::Source => format!("{a}\n的 {n} 个上家"),
            Role::Sink => format!("{a}\n的 {n} 个下家"),
            Role::Intermediary => format!("与 {a} 交易的\n{n} 个中间商"),
        },
        (None, false) => format!("{n} other {}", role_plural(role)),
        (None, true) => format!("其他 {n} 个{}", role_word(role, lang)),
    }
}

/// One species' figures on an arrow: `王锦蛇 365 kg`, `野生蛇 weight unknown`.
fn flow_line(species: &str, t: &Tally, style: &Style) -> String {
    let unit = style.unit;
    let mut l = match t.weight_kg() {
        Some(_) => format!(
            "{species} {} {}",
            human_weight(t.weight_kg(), unit),
            unit.name()
        ),
        None => format!("{species} {}", style.pick("weight unknown", "重量不明")),
    };
    if let Some(c) = t.animals() {
        l.push_str(&match style.zh() {
            false => format!(" ({} animals)", human_number(c)),
            true => format!("（{} 条/只）", human_number(c)),
        });
    }
    l
}

/// The dates of the links drawn: `2022-04`, `2022-04 to 2023-01`, or `None`.
fn dates(arrows: &[Arrow], lang: Lang) -> Option<String> {
    let mut all = Tally::default();
    for a in arrows {
        all.merge(&a.tally);
    }
    match (all.first_date, all.last_date) {
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a} {} {b}", lang.pick("to", "至"))),
        _ => None,
    }
}

/// The title and legend, as an HTML-like table label; `outlined`: some box is a lead's party;
/// `clustered`: parties are drawn in their regions.
fn legend(d: &Drawing, dg: &Diagram, outlined: bool, clustered: bool) -> String {
    let lang = d.style.lang;
    let unconfirmed = dg
        .arrows
        .iter()
        .any(|a| a.tally.confidence() == Some(Confidence::Unconfirmed));
    let mut case = crate::render::lang::file_name(&d.case, lang).into_owned();
    if let Some(dates) = dates(&dg.arrows, lang) {
        case.push_str(" · ");
        case.push_str(&dates);
    }
    let mut rows = vec![
        format!(
            "<tr><td colspan=\"3\" align=\"left\"><b>{}</b></td></tr>",
            html(&d.title)
        ),
        format!(
            "<tr><td colspan=\"3\" align=\"left\">{}</td></tr>",
            html(&case)
        ),
    ];
    let mut roles = String::from("<tr>");
    for role in [Role::Source, Role::Intermediary, Role::Sink] {
        roles.push_str(&format!(
            "<td bgcolor=\"{}\" border=\"1\">{}</td>",
            role_style(role).1,
            html(role_legend(role, lang))
        ));
    }
    roles.push_str("</tr>");
    rows.push(roles);
    let mut lines = match d.style.zh() {
        false => format!(
            "line width: known weight (square-root scale), weights in {} · dashed: weight unknown",
            d.style.unit.name()
        ),
        true => format!(
            "线宽：已知重量（平方根刻度），单位 {} · 虚线：重量不明",
            d.style.unit.name()
        ),
    };
    if unconfirmed {
        lines.push_str(lang.pick(" · dotted grey: unconfirmed", " · 灰色点线：未经证实"));
    }
    if outlined {
        lines.push_str(lang.pick(
            " · red outline: a party of the top leads",
            " · 红色边框：主要线索涉及的当事人",
        ));
    }
    if clustered {
        lines.push_str(lang.pick(
            " · frames: the parties of one region · coloured arrows: links from one region to another, one colour per pair",
            " · 方框：同一地区的当事人 · 彩色箭头：跨地区的交易关系，每对地区一种颜色",
        ));
    }
    rows.push(format!(
        "<tr><td colspan=\"3\" align=\"left\">{}</td></tr>",
        html(&lines)
    ));
    if let Some(c) = dg.collapsed {
        let text = match d.style.zh() {
            false => format!(
                "{} parties and {} links, too many to draw: {} drawn on their own (those that trade most{}), \
                 {} others in {} (bold outline); the links between two boxes are one arrow",
                c.parties,
                c.links,
                c.kept,
                if outlined {
                    " and those of the top leads"
                } else {
                    ""
                },
                c.grouped,
                if c.groups == 1 {
                    "1 group".to_string()
                } else {
                    format!("{} groups", c.groups)
                }
            ),
            true => format!(
                "共 {} 个当事人、{} 条交易关系，无法全部画出：单独显示 {} 个（交易量最大的{}），其余 {} 个合并为 {} 组（粗边框）；两框之间的多条关系画为一个箭头",
                c.parties,
                c.links,
                c.kept,
                if outlined {
                    "及主要线索涉及的"
                } else {
                    ""
                },
                c.grouped,
                c.groups
            ),
        };
        rows.push(format!(
            "<tr><td colspan=\"3\" align=\"left\">{}</td></tr>",
            html(&text)
        ));
    }
    format!(
        "<<table border=\"0\" cellborder=\"0\" cellspacing=\"4\" cellpadding=\"3\">{}</table>>",
        rows.concat()
    )
}

/// The DOT id of each box: a party's name, or a name no party has for a group.
fn box_ids(d: &Drawing, dg: &Diagram) -> Vec<String> {
    let g = d.graph;
    let mut n = 0;
    dg.boxes
        .iter()
        .map(|b| match b {
            Boxed::Party(p) => g.name(*p).to_string(),
            Boxed::Group { .. } => {
                n += 1;
                let mut id = format!("wildchain:group:{n}");
                while g.find(&id).is_some() {
                    id.push('\'');
                }
                id
            }
        })
        .collect()
}

/// Renders the drawing as DOT text (ends with a newline).
pub fn render(d: &Drawing) -> String {
    render_keeping(d, &[])
}

/// Renders the drawing as DOT text, the parties of `leads` (those of the top leads) drawn on their
/// own whatever `max_nodes` says, and outlined in red.
pub fn render_keeping(d: &Drawing, leads: &[NodeIndex]) -> String {
    render_inner(d, leads, None)
}

/// [`render_keeping`], each party drawn inside a frame (`subgraph cluster_…`) labelled with its
/// region (`regions`, indexed by node of `d.graph`: a province's name, or `None` when unknown:
/// drawn outside every frame), and the arrows from one region to another coloured by the pair
/// ([`regions::pair_colour`]). A group of collapsed parties is framed when its members share a
/// region. Tiers still read left to right within each frame.
pub fn render_regions(d: &Drawing, leads: &[NodeIndex], regions: &[Option<String>]) -> String {
    render_inner(d, leads, Some(regions))
}

fn render_inner(d: &Drawing, leads: &[NodeIndex], regions: Option<&[Option<String>]>) -> String {
    let g = d.graph;
    let dg = diagram::diagram_keeping(d, leads);
    let mut is_lead = vec![false; g.node_count()];
    for &p in leads {
        is_lead[p.index()] = true;
    }
    let outlined = dg
        .boxes
        .iter()
        .any(|b| matches!(b, Boxed::Party(p) if is_lead[p.index()]));
    let font = picture::FONT;
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            Attribute(
                Id::Plain("label".into()),
                Id::Html(legend(d, &dg, outlined, regions.is_some())),
            ),
            attr("labelloc", "t"),
            attr("labeljust", "l"),
            attr("fontname", font),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", font),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            attr("fontsize", "10"),
        ])),
    ];
    let ids = box_ids(d, &dg);
    let region_of: Vec<Option<&str>> = match regions {
        Some(r) => regions::box_regions(&dg, r),
        None => vec![None; dg.boxes.len()],
    };
    // The node statements of each region's frame, by region name (`None`: outside every frame).
    let mut framed: std::collections::BTreeMap<&str, Vec<Stmt>> = Default::default();
    let mut tiers: Vec<(usize, usize)> = Vec::with_capacity(dg.boxes.len());
    for (i, b) in dg.boxes.iter().enumerate() {
        let mut lead = false;
        let (role, tier, label, tooltip, bold) = match b {
            Boxed::Party(p) => {
                let prof = &d.profiles[p.index()];
                lead = is_lead[p.index()];
                let tip = format!(
                    "{} · {} · {} {}",
                    g.name(*p),
                    role_word(prof.role, d.style.lang),
                    d.style.pick("tier", "层级"),
                    prof.tier
                );
                (
                    prof.role,
                    prof.tier,
                    g.name(*p).to_string(),
                    tip,
                    d.focus == Some(*p),
                )
            }
            Boxed::Group {
                role,
                anchor,
                members,
                tier,
            } => {
                let mut names: Vec<&str> = members.iter().take(30).map(|&m| g.name(m)).collect();
                if members.len() > names.len() {
                    names.push("…");
                }
                let label = group_label(g, *role, *anchor, members.len(), d.style.lang);
                (*role, *tier, label, names.join("\n"), true)
            }
        };
        tiers.push((tier, i));
        let (shape, colour) = role_style(role);
        let mut attributes = vec![
            attr("label", &label),
            attr("shape", shape),
            attr("fillcolor", colour),
            attr("tooltip", &tooltip),
        ];
        if bold || lead {
            attributes.push(attr("penwidth", "3"));
        }
        if lead {
            attributes.push(attr("color", LEAD_OUTLINE));
        }
        let node = Stmt::Node(Node::new(node_id(&ids[i]), attributes));
        match region_of[i] {
            Some(r) => framed.entry(r).or_default().push(node),
            None => stmts.push(node),
        }
    }
    // One rank per tier, so that tiers read left to right: within each frame when framed.
    tiers.sort_unstable();
    let rank = |chunk: &[(usize, usize)], name: String| {
        let mut sub = vec![Stmt::Attribute(attr("rank", "same"))];
        sub.extend(
            chunk
                .iter()
                .map(|&(_, i)| Stmt::Node(Node::new(node_id(&ids[i]), vec![]))),
        );
        Stmt::Subgraph(Subgraph {
            id: Id::Plain(name),
            stmts: sub,
        })
    };
    let mut in_frame: std::collections::BTreeMap<&str, Vec<(usize, usize)>> = Default::default();
    let mut outside = Vec::new();
    for &(tier, i) in &tiers {
        match region_of[i] {
            Some(r) => in_frame.entry(r).or_default().push((tier, i)),
            None => outside.push((tier, i)),
        }
    }
    for chunk in outside.chunk_by(|a, b| a.0 == b.0) {
        stmts.push(rank(chunk, format!("tier{}", chunk[0].0)));
    }
    for (n, (region, mut nodes)) in framed.into_iter().enumerate() {
        nodes.insert(0, Stmt::Attribute(attr("label", region)));
        nodes.insert(1, Stmt::Attribute(attr("style", "rounded")));
        nodes.insert(2, Stmt::Attribute(attr("color", "#969696")));
        for chunk in in_frame[region].chunk_by(|a, b| a.0 == b.0) {
            nodes.push(rank(chunk, format!("tier{}_{n}", chunk[0].0)));
        }
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_{n}")),
            stmts: nodes,
        }));
    }
    let heaviest = dg
        .arrows
        .iter()
        .filter_map(|a| a.tally.weight_kg())
        .fold(0.0f64, f64::max);
    let labelled = dg.arrows.len() <= LABELLED_ARROWS;
    for a in &dg.arrows {
        let mut edge = arrow(d, a, &ids, heaviest, labelled);
        if let (Some(from), Some(to)) = (region_of[a.from], region_of[a.to])
            && from != to
            && a.tally.confidence() != Some(Confidence::Unconfirmed)
        {
            edge.attributes
                .push(attr("color", regions::pair_colour(from, to)));
        }
        stmts.push(Stmt::Edge(edge));
    }
    let graph = Graph::DiGraph {
        id: id("wildchain"),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The width of an arrow carrying `kg` where the heaviest arrow carries `heaviest`: from 0.6 to 8
/// points, as the square root of the share, so that the area a line covers follows its weight.
/// The log scale it replaces drew a 50 kg and a 6,000 kg link as 2.7 and 4.8 points beside a
/// 100 t one; this draws them 0.8 and 2.4 points (1.3 and 8 when 6,000 kg is the heaviest).
pub fn line_width(kg: f64, heaviest: f64) -> f64 {
    if heaviest <= 0.0 || !kg.is_finite() || kg <= 0.0 {
        return 0.6;
    }
    (0.6 + 7.4 * (kg / heaviest).sqrt()).clamp(0.6, 8.0)
}

/// The DOT edge of an arrow.
fn arrow(d: &Drawing, a: &Arrow, ids: &[String], heaviest: f64, labelled: bool) -> Edge {
    let g = d.graph;
    let lines: Vec<String> = a
        .flows
        .iter()
        .map(|(s, t)| flow_line(g.species_name(*s), t, d.style))
        .collect();
    let mut attributes = Vec::new();
    if labelled {
        let label = if lines.len() > 4 {
            let total = flow_line("", &a.tally, d.style);
            match d.style.zh() {
                false => format!("{} species,{total}", lines.len()),
                true => format!("{} 个物种，{}", lines.len(), total.trim_start()),
            }
        } else {
            lines.join("\n")
        };
        attributes.push(attr("label", &label));
    }
    match a.tally.weight_kg() {
        Some(kg) if heaviest > 0.0 => {
            attributes.push(attr(
                "penwidth",
                &format!("{:.2}", line_width(kg, heaviest)),
            ));
        }
        _ => {}
    }
    if a.tally.confidence() == Some(Confidence::Unconfirmed) {
        attributes.push(attr("style", "dotted"));
        attributes.push(attr("color", "#888888"));
    } else if a.tally.weight_mg.is_none() {
        attributes.push(attr("style", "dashed"));
    }
    // Figures and provenance as a tooltip: species by species, confidence, sources.
    let (from, to) = (&ids[a.from], &ids[a.to]);
    let mut tip = if a.links.len() == 1 {
        let (s, b) = g.ends(a.links[0]);
        format!("{} → {}", g.name(s), g.name(b))
    } else {
        match d.style.zh() {
            false => format!("{} links", a.links.len()),
            true => format!("{} 条交易关系", a.links.len()),
        }
    };
    if let Some(c) = a.tally.confidence() {
        tip.push_str(&format!("\n{c}"));
    }
    if a.links.len() == 1 {
        for src in link_sources(g, a.links[0]) {
            tip.push_str(&format!("\n{} {src}", d.style.pick("source:", "来源：")));
        }
    }
    // Species by species, when the label does not show them.
    if !labelled || a.links.len() > 1 || lines.len() > 4 {
        for l in &lines {
            tip.push('\n');
            tip.push_str(l);
        }
    }
    attributes.push(attr("tooltip", &tip));
    Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
        attributes,
    }
}

/// For a unit test that draws with Graphviz and finds none: one `skipped:` line on stderr (past the
/// harness's capture), and a failure under `CI=1`, where CI installs Graphviz — as `needs` in
/// tests/util.rs does for the integration tests.
#[cfg(test)]
pub(crate) fn skip_without_graphviz(test: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(
        !ci,
        "{test} needs Graphviz, which is missing on this CI machine: apt-get install graphviz"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test} needs Graphviz, not found here (install: apt-get install graphviz; CI=1 \
         makes this a failure)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("张 三"), "\"张 三\"");
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("a\nb"), r#""a\nb""#);
        assert_eq!(quote("a\u{1b}[2K\u{7}"), "\"a\u{241b}[2K\u{2407}\"");
        assert_eq!(html("a\u{1}<"), "a\u{2401}&lt;");
    }

    #[test]
    fn group_words_are_plural_in_english_and_counted_in_chinese() {
        use crate::analysis::tests::graph;
        let g = graph(&[("a", "b")]);
        let words = |role, lang| group_label(&g, role, None, 3, lang);
        assert_eq!(
            words(Role::Intermediary, Lang::En),
            "3 other intermediaries"
        );
        assert_eq!(words(Role::Source, Lang::En), "3 other sources");
        assert_eq!(words(Role::Sink, Lang::En), "3 other sinks");
        assert_eq!(words(Role::Intermediary, Lang::Zh), "其他 3 个中间商");
        assert_eq!(words(Role::Sink, Lang::Zh), "其他 3 个终端买家");
    }

    #[test]
    fn line_width_tells_50_kg_from_6000_kg() {
        let (thin, thick) = (line_width(50.0, 6000.0), line_width(6000.0, 6000.0));
        assert!(thick >= 5.0 * thin, "{thin} {thick}");
        assert!(line_width(50.0, 138_000.0) < line_width(6000.0, 138_000.0) / 2.5);
        assert_eq!(line_width(0.0, 10.0), 0.6);
        assert_eq!(line_width(1e12, 1.0), 8.0);
    }

    #[test]
    fn hostile_names_parse_back_as_one_node_each() {
        use crate::analysis::{profiles, tests::graph};
        let g = graph(&[("a\"; b -> c", "x\\y"), ("x\\y", "{z}")]);
        let profiles = profiles(&g);
        let dot = render(&Drawing {
            graph: &g,
            parties: g.parties().collect(),
            links: g.graph.edge_indices().collect(),
            profiles: &profiles,
            focus: None,
            title: "test".into(),
            case: "t.csv".into(),
            style: &Style::default(),
            max_nodes: MAX_NODES,
        });
        let parsed = graphviz_rust::parse(&dot).expect("valid DOT");
        let Graph::DiGraph { stmts, .. } = parsed else {
            panic!("not a digraph")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
        assert_eq!((nodes, edges), (3, 2));
    }
}
