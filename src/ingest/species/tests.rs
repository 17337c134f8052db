//! The species table: loading, names, labels (taxon, product), ranks and bad tables.

use super::*;

#[test]
fn the_embedded_table_loads_with_every_row() {
    let t = SpeciesTable::embedded().unwrap();
    let rows = csv::Reader::from_reader(EMBEDDED_SPECIES.as_bytes())
        .records()
        .count();
    assert!(rows > 1000, "{rows}");
    assert_eq!(t.rows().len(), rows);
    assert!(t.rows().iter().all(|r| r.origin == "built-in"));
}

#[test]
fn names_aliases_scientific_and_english_names_find_one_row() {
    let t = SpeciesTable::embedded().unwrap();
    for name in [
        "眼镜蛇",
        "舟山眼镜蛇",
        "中华眼镜蛇",
        "Naja atra",
        "naja  ATRA",
        "Chinese Cobra",
        "饭铲头",
    ] {
        assert_eq!(
            t.lookup(name).map(|r| r.name_zh.as_str()),
            Some("眼镜蛇"),
            "{name}"
        );
    }
    let cobra = t.lookup("眼镜蛇").unwrap();
    assert_eq!(cobra.scientific_name.as_deref(), Some("Naja atra"));
    assert_eq!(cobra.cites_appendix.as_deref(), Some("II"));
    assert_eq!(cobra.china_protection.as_deref(), Some("三有"));
    let rat = t.lookup("黑眉锦蛇").unwrap();
    assert_eq!(rat.cites_appendix, None, "empty stays empty");
    // Generic labels stay generic.
    let snake = t.lookup("蛇").unwrap();
    assert_eq!(snake.name_zh, "野生蛇");
    assert!(snake.is_generic());
    assert_eq!(snake.scientific_name, None);
    // Ambiguous names are deliberately not in the table, and say why.
    for (name, _) in AMBIGUOUS {
        assert!(t.lookup(name).is_none(), "{name}");
    }
    assert!(ambiguity("菜花蛇").unwrap().contains("王锦蛇"));
    assert_eq!(ambiguity("王锦蛇"), None);
}

#[test]
fn a_user_table_adds_and_overrides_rows() {
    let user = parse_table(
        "name_zh,aliases_zh,scientific_name,cites_appendix\n\
         菜花蛇,油菜花,Elaphe carinata,\n\
         眼镜蛇,饭铲头,Naja atra,I\n",
        "mine.csv",
    )
    .unwrap();
    let built_in = SpeciesTable::embedded().unwrap();
    let before = built_in.rows().len();
    let t = built_in.with_rows(user, "mine.csv").unwrap();
    // One row added (菜花蛇), one replaced (眼镜蛇).
    assert_eq!(t.rows().len(), before + 1);
    assert_eq!(t.lookup("菜花蛇").unwrap().origin, "mine.csv");
    // The user's alias wins over the built-in alias of 王锦蛇.
    assert_eq!(t.lookup("油菜花").unwrap().name_zh, "菜花蛇");
    let cobra = t.lookup("舟山眼镜蛇");
    assert!(
        cobra.is_none(),
        "the override replaced the whole row, aliases included"
    );
    assert_eq!(
        t.lookup("眼镜蛇").unwrap().cites_appendix.as_deref(),
        Some("I")
    );
    assert_eq!(t.rows().last().unwrap().name_zh, "菜花蛇");
    // Built-in rows first, in their order.
    assert_eq!(t.rows()[0].name_zh, "眼镜蛇");
}

#[test]
fn a_cell_reads_as_taxon_and_product_and_narrows_no_further_than_it_says() {
    let t = SpeciesTable::embedded().unwrap();
    let read = |name: &str| {
        let l = t.resolve(name)?;
        Some((
            t.row(l.taxon?).name_zh.clone(),
            t.products().get(l.product?).name.clone(),
        ))
    };
    let is = |name: &str, taxon: &str, product: &str| {
        assert_eq!(
            read(name),
            Some((taxon.to_string(), product.to_string())),
            "{name}"
        );
    };
    is("穿山甲", "穿山甲属", "整体");
    is("冻穿山甲", "穿山甲属", "冻体");
    is("穿山甲鳞片", "穿山甲属", "鳞片");
    is("甲片", "穿山甲属", "鳞片");
    is("中华穿山甲", "中华穿山甲", "整体");
    is("熊掌", "熊科", "掌");
    is("熊胆粉", "熊科", "胆");
    is("麝香", "麝属", "麝香");
    is("犀角制品", "犀牛", "制品");
    is("活蛇", "野生蛇", "活体");
    is("巨蜥", "圆鼻巨蜥", "整体");
    // A part word leads no name, and a name the table does not know stays unknown.
    assert_eq!(read("角蛙"), None);
    assert_eq!(read("麒麟皮"), None);
    let l = t.resolve("穿山甲（鳞片）").unwrap();
    assert_eq!(t.label_name(l).as_deref(), Some("穿山甲属（鳞片）"));
    let whole = t.resolve("穿山甲").unwrap();
    assert_eq!(t.label_name(whole).as_deref(), Some("穿山甲属"));
    // Ranks and parents: the species is under the genus, which carries the grade of all.
    let genus = whole.taxon.unwrap();
    let chinese = t.resolve("中华穿山甲").unwrap().taxon.unwrap();
    assert_eq!(t.ancestors(chinese), [genus]);
    assert_eq!(t.row(genus).rank.as_deref(), Some("genus"));
    assert_eq!(t.row(genus).china_protection.as_deref(), Some("一级"));
    assert_eq!(t.row(genus).cites_appendix.as_deref(), Some("I"));
    // Every parent named in the table is a row of it.
    for r in t.rows() {
        if let Some(p) = &r.parent {
            assert!(t.lookup(p).is_some(), "{}: parent {p}", r.name_zh);
        }
    }
}

#[test]
fn bad_ranks_and_product_names_are_errors_naming_the_row() {
    let e = parse_table("name_zh,rank\na,kingdom\n", "t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.csv row 1, column rank: 'kingdom'"), "{e}");
    let rows = parse_table("name_zh,product_names\na,b=翅\n", "t.csv").unwrap();
    let e = SpeciesTable::default()
        .with_rows(rows, "t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("'b=翅' is not name=product"), "{e}");
}

#[test]
fn bad_tables_are_errors_naming_the_row() {
    let e = parse_table("name_zh,aliases_zh\nx,\n ,\n,y\n", "t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.csv row 3: the species name is empty"), "{e}");
    let e = parse_table("foo,bar\n1,2\n", "t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("no 'name_zh' column"), "{e}");
    let rows = parse_table("name_zh,aliases_zh\na,x\nb,x\n", "t.csv").unwrap();
    let e = SpeciesTable::default()
        .with_rows(rows, "t.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("'x' is given for both"), "{e}");
}

#[test]
fn an_unclosed_quote_is_refused_naming_the_line() {
    // The CSV reader alone takes `"unclosed,foo` and every line after it as one species name.
    let text = "name_zh,aliases_zh\n甲,a\n\"unclosed,foo\n乙,b\n";
    let e = parse_table(text, "t.csv").unwrap_err().to_string();
    assert!(e.contains("t.csv, line 3: a quote"), "{e}");
    assert!(e.contains("'\"unclosed,foo'"), "{e}");
    // A quoted cell over two lines, and doubled quotes inside a quoted cell, are fine.
    let rows = parse_table(
        "name_zh,source\n甲,\"one\ntwo\"\n乙,\"say \"\"x\"\"\"\n",
        "t.csv",
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].source.as_deref(), Some("say \"x\""));
}

/// A table of `n` rows `t0` … `t{n-1}`, each the parent of the next (`t0` an order).
fn parent_chain(n: usize) -> String {
    let mut text = String::from("name_zh,rank,parent\nt0,order,\n");
    for i in 1..n {
        text.push_str(&format!("t{i},species,t{}\n", i - 1));
    }
    text
}

#[test]
fn a_parent_chain_40000_deep_took_minutes_to_read() {
    // Each row of a --species-table looked for the built-in row it replaces by scanning every
    // row (20,000 rows: 26 s), and each walk up the parents searched the rows it had passed.
    let n = 40_000;
    let rows = parse_table(&parent_chain(n), "deep.csv").unwrap();
    let t = SpeciesTable::embedded()
        .unwrap()
        .with_rows(rows, "deep.csv")
        .unwrap();
    let bottom = t.resolve("t39999").and_then(|l| l.taxon).unwrap();
    let above = t.ancestors(bottom);
    assert_eq!(above.len(), n - 1);
    let names: Vec<&str> = [above[0], above[1], above[n - 2]]
        .iter()
        .map(|&i| t.row(i).name_zh.as_str())
        .collect();
    assert_eq!(names, ["t39998", "t39997", "t0"]);
    let top = t.resolve("t0").and_then(|l| l.taxon).unwrap();
    assert!(t.ancestors(top).is_empty());
}

#[test]
fn a_parent_chain_40000_deep_closed_in_a_circle_is_refused_by_name() {
    let text = parent_chain(40_000).replacen("t0,order,\n", "t0,order,t39999\n", 1);
    let rows = parse_table(&text, "deep.csv").unwrap();
    let e = SpeciesTable::embedded()
        .unwrap()
        .with_rows(rows, "deep.csv")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("deep.csv row 1, column parent: 't39999' makes the parents go round: t0 → "),
        "{}",
        &e[..e.len().min(200)]
    );
    assert!(
        e.ends_with("t1 → t0"),
        "{}",
        &e[e.len().saturating_sub(200)..]
    );
}

#[test]
fn a_user_row_replaces_the_built_in_row_of_its_name() {
    // The built-in row is found by its name, not by scanning (the rows kept their order).
    let before = SpeciesTable::embedded().unwrap();
    let n = before.rows().len();
    let at = before
        .rows()
        .iter()
        .position(|r| r.name_zh == "眼镜蛇")
        .unwrap();
    let rows = parse_table("name_zh,cites_appendix\n眼镜蛇,I\n新蛇,\n", "m.csv").unwrap();
    let t = before.with_rows(rows, "m.csv").unwrap();
    assert_eq!(t.rows().len(), n + 1);
    assert_eq!(t.rows()[at].origin, "m.csv");
    assert_eq!(t.rows()[at].cites_appendix.as_deref(), Some("I"));
    assert_eq!(t.rows()[n].name_zh, "新蛇");
}

#[test]
fn a_china_grade_was_read_from_a_substring() {
    // `非一级` (not first grade) passed as 一级: the grade was any cell holding 一级.
    for bad in [
        "非一级",
        "一级/二级",
        "五级",
        "一级二级",
        "二级（仅限野外种群）",
        "国家",
        "保护",
        "一",
        "三级",
    ] {
        let text = format!("物种,保护级别\n穿山甲,一级\n眼镜蛇,{bad}\n");
        let e = parse_table(&text, "物种表.csv").unwrap_err().to_string();
        for part in [
            "物种表.csv",
            "row 2",
            "china_protection",
            bad,
            "一级, 二级, 三有, 省级",
        ] {
            assert!(e.contains(part), "{bad}: {part:?} not in {e}");
        }
    }
    // The usual spellings, in any width and case, kept as the grade they name.
    for (cell, grade) in [
        ("一级", "一级"),
        ("国家一级", "一级"),
        ("一级保护", "一级"),
        ("国家一级保护动物", "一级"),
        ("国家重点保护一级", "一级"),
        ("I", "一级"),
        ("Ⅰ级", "一级"),
        ("ｉ", "一级"),
        (" 1级 ", "一级"),
        ("国家二级", "二级"),
        ("II", "二级"),
        ("Ⅱ", "二级"),
        ("二级保护野生动物", "二级"),
        ("三有", "三有"),
        ("三有动物", "三有"),
        ("三有名录", "三有"),
        ("省级", "省级"),
        ("省级重点保护", "省级"),
    ] {
        let text = format!("物种,保护级别\n眼镜蛇,{cell}\n");
        let rows = parse_table(&text, "物种表.csv").unwrap_or_else(|e| panic!("{cell}: {e}"));
        assert_eq!(rows[0].china_protection.as_deref(), Some(grade), "{cell}");
    }
}
