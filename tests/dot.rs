//! `dot` and `--format dot`: valid DOT that Graphviz renders, drawing exactly what was listed.

use std::process::Command;

use graphviz_rust::dot_structures::{Graph, Stmt};

use crate::util::{Tool, fixture, golden, needs, ok};

/// (node ids, edge count) of a DOT text, parsed back with graphviz-rust.
fn parse(dot: &str) -> (Vec<String>, usize) {
    let g = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("invalid DOT: {e}\n{dot}"));
    let Graph::DiGraph { stmts, .. } = g else {
        panic!("not a digraph")
    };
    let mut nodes: Vec<String> = stmts
        .iter()
        .filter_map(|s| {
            if let Stmt::Node(n) = s {
                Some(n.id.0.to_string())
            } else {
                None
            }
        })
        .collect();
    nodes.sort();
    let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
    (nodes, edges)
}

#[test]
fn whole_case_diagram_has_every_party_and_link() {
    let dot = ok(&["dot"]);
    let (nodes, edges) = parse(&dot);
    assert_eq!(nodes.len(), 7);
    assert_eq!(edges, 6);
    assert!(dot.contains("王锦蛇 365 kg"), "{dot}");
    golden("chenxi.dot", &dot);
}

#[test]
fn chains_through_ding_draw_exactly_those_chains() {
    let dot = ok(&["chains", "--through", "朱某某", "--format", "dot"]);
    let (nodes, edges) = parse(&dot);
    // 瞿某青, 瞿某海 → 朱某某 → 丁某某 → the two buyers; 左某某 is on no chain through 朱某某.
    assert_eq!(nodes.len(), 6);
    assert!(!nodes.iter().any(|n| n.contains("左某某")));
    assert_eq!(edges, 5);
}

#[test]
fn party_neighbourhood_by_direction() {
    let (nodes, edges) = parse(&ok(&["dot", "--party", "朱某某", "--direction", "up"]));
    assert_eq!((nodes.len(), edges), (3, 2));
    let (nodes, edges) = parse(&ok(&["dot", "--party", "朱某某", "--direction", "down"]));
    assert_eq!((nodes.len(), edges), (4, 3));
    // Both ways shows every link among the parties shown, 左某某 → 丁某某 excluded as 左某某 is not shown.
    let (nodes, edges) = parse(&ok(&["dot", "--party", "朱某某"]));
    assert_eq!((nodes.len(), edges), (6, 5));
    let (nodes, _) = parse(&ok(&["dot", "--party", "朱某某", "--depth", "1"]));
    assert_eq!(nodes.len(), 4);
    let (nodes, edges) = parse(&ok(&["upstream", "丁某某", "--format", "dot"]));
    assert_eq!((nodes.len(), edges), (5, 4));
}

#[test]
fn hostile_names_are_escaped() {
    let dot = ok(&["-i", &fixture("hostile_names.csv"), "dot"]);
    let (nodes, edges) = parse(&dot);
    assert_eq!(nodes.len(), 3, "{dot}");
    assert_eq!(edges, 2);
    assert!(dot.contains(r#""a \"quoted\" \\\\ name""#), "{dot}");
}

#[test]
fn graphviz_renders_the_diagrams() {
    let Some(graphviz) = needs(Tool::Graphviz) else {
        return;
    };
    for args in [
        vec!["dot"],
        vec![
            "dot",
            "--party",
            "丁某某",
            "--direction",
            "both",
            "--unit",
            "斤",
        ],
        vec!["chains", "--through", "丁某某", "--format", "dot"],
        vec!["-i", &fixture("hostile_names.csv"), "dot"],
    ] {
        let dot = ok(&args);
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("g.dot");
        std::fs::write(&src, &dot).unwrap();
        let out = Command::new(graphviz)
            .arg("-Tsvg")
            .arg(&src)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "dot -Tsvg failed on {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg"), "{svg}");
        if args == ["dot"] {
            assert!(svg.contains("丁某某"), "Chinese names survive into SVG");
        }
    }
}
