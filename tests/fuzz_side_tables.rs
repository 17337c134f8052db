//! The side tables (aliases, species table, conversions, base values, parties file, product
//! vocabulary) on random cells and random bytes (issue 24): never a panic, and every error names
//! the file (and its row, line or column when it is about one); and the cells a table would have
//! dropped without a word (past the header, under a header named twice), each refused by name.

use wildchain::analysis::value::BaseValues;
use wildchain::ingest::parties::PartiesFile;
use wildchain::ingest::species::{Conversions, Products, parse_table};
use wildchain::ingest::{PartyAliases, SpeciesTable, decode_text};

use crate::fuzz_rng::{Rng, no_panic};
use crate::util::{fails, file};

/// Cells a side table may hold: names, words of the vocabularies, numbers, dates, and the cells
/// that broke readers before (quotes, control characters, huge numbers, empty cells).
const CELLS: &[&str] = &[
    "穿山甲",
    "中华穿山甲",
    "眼镜蛇",
    "Manis pentadactyla",
    "穿山甲属",
    "甲",
    "乙",
    "丙",
    "a",
    "b",
    "c",
    "张三",
    "张老三",
    "species",
    "genus",
    "order",
    "I",
    "II",
    "IV",
    "I/II",
    "一级",
    "五级",
    "三有",
    "整体",
    "鳞片",
    "活体",
    "0.5",
    "1e308",
    "NaN",
    "-1",
    "0",
    "90000",
    "1.2万元",
    "80元/斤",
    "2017",
    "2017-13",
    "soon",
    "",
    " ",
    "\"",
    "\"\"",
    "\u{1b}[2K",
    "\u{200b}",
    "#",
    "unconfirmed",
    "未确认",
    "湖南",
    "广西",
    "x=鳞片",
    "甲片=鳞片",
    ";",
    "；",
];

/// Headers of each table, and words that may stand in a header.
const HEADERS: &[&str] = &[
    "name_zh",
    "aliases_zh",
    "rank",
    "parent",
    "cites_appendix",
    "china_protection",
    "product_names",
    "scientific_name",
    "taxon",
    "from_product",
    "to_product",
    "factor",
    "source",
    "base_value_yuan",
    "as_of",
    "name",
    "place",
    "notes",
    "姓名",
    "所在地",
    "product",
    "synonyms",
    "whole",
    "prefix",
    "alias",
    "canonical",
    "",
];

/// A random CSV-ish text: a header of table words, then rows of cells, with a random delimiter,
/// quoting and line end now and then.
fn table_text(rng: &mut Rng) -> String {
    let width = 1 + rng.below(7);
    let mut text = String::new();
    let sep = if rng.one_in(10) { "\t" } else { "," };
    let end = *rng.pick(&["\n", "\r\n", "\n", "\r"]);
    if !rng.one_in(6) {
        let header: Vec<&str> = (0..width).map(|_| *rng.pick(HEADERS)).collect();
        text.push_str(&header.join(sep));
        text.push_str(end);
    }
    for _ in 0..rng.below(12) {
        let w = if rng.one_in(5) { rng.below(9) } else { width };
        let row: Vec<String> = (0..w)
            .map(|_| {
                let c = *rng.pick(CELLS);
                if rng.one_in(8) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect();
        text.push_str(&row.join(sep));
        text.push_str(end);
    }
    text
}

/// Random bytes, or a random table with a few bytes changed.
fn side_bytes(rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(4) {
        let n = rng.below(200);
        return rng.bytes(n);
    }
    let mut b = table_text(rng).into_bytes();
    if !b.is_empty() && rng.one_in(4) {
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(b.len());
            b[at] = rng.next() as u8;
        }
    }
    b
}

/// Checks an error's text: it names the file, and a row or line it names is in the file.
fn named(what: &str, e: &str, lines: usize) {
    assert!(
        e.starts_with("side.csv"),
        "{what}: an error that does not name the file: {e}"
    );
    for word in ["row ", "line "] {
        if let Some(at) = e.find(word) {
            let n: String = e[at + word.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = n.parse::<usize>() {
                assert!(n <= lines + 1, "{what}: {word}{n} of {lines} lines: {e}");
            }
        }
    }
}

#[test]
fn side_tables_of_random_cells_and_bytes_never_panic_and_errors_name_the_file() {
    const SEED: u64 = 12;
    const CASES: usize = 1500;
    let mut rng = Rng::new(SEED);
    let table = SpeciesTable::embedded().unwrap();
    let mut refused = 0;
    for case in 0..CASES {
        let bytes = side_bytes(&mut rng);
        let what = format!(
            "seed {SEED}, case {case}: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
        let kind = case % 6;
        let got: Result<Result<(), String>, String> = no_panic(|| {
            if kind == 4 {
                return PartiesFile::from_bytes(&bytes, "side.csv")
                    .map(|_| ())
                    .map_err(|e| e.to_string());
            }
            let text = match decode_text(&bytes) {
                Ok(t) => t,
                // Not text: refused before any table reads it (the command names the file).
                Err(_) => return Ok(()),
            };
            let r = match kind {
                0 => PartyAliases::parse(&text, "side.csv").map(|_| ()),
                1 => parse_table(&text, "side.csv")
                    .and_then(|rows| table.clone().with_rows(rows, "side.csv"))
                    .map(|_| ()),
                2 => Conversions::parse(&text, "side.csv", &table).map(|_| ()),
                3 => BaseValues::parse(&text, "side.csv")
                    .and_then(|v| v.check(&table, "side.csv"))
                    .map(|_| ()),
                _ => Products::parse(&text, "side.csv").map(|_| ()),
            };
            r.map_err(|e| e.to_string())
        });
        match got {
            Err(p) => panic!("{what}: panicked: {p}"),
            Ok(Err(e)) => {
                named(&what, &e, lines);
                refused += 1;
            }
            Ok(Ok(())) => {}
        }
    }
    assert!(refused > CASES / 4, "{refused} of {CASES} refused");
}

#[test]
fn a_side_table_cell_past_the_header_was_dropped_without_a_word() {
    for (option, text, command, column) in [
        (
            "--species-table",
            "name_zh,rank\n甲,species,穿山甲属\n",
            "analyze",
            "row 1, column 3: '穿山甲属' is in no column of the header (it names 2)",
        ),
        (
            "--conversions",
            "taxon,from_product,to_product,factor,source\n穿山甲,整体,鳞片,0.5,x,0.6\n",
            "balance",
            "row 1, column 6: '0.6' is in no column of the header (it names 5)",
        ),
        (
            "--parties",
            "name,place,\n丁某某,湖南,怀化\n",
            "analyze",
            "row 1, column 3: '怀化' is in no column of the header (it names 2)",
        ),
    ] {
        let (_d, path) = file("side.csv", text);
        let err = fails(&[option, &path, command], 1);
        assert!(
            err.contains(&format!("side.csv {column}")),
            "{option}: {err}"
        );
    }
    let (_d, path) = file(
        "side.csv",
        "taxon,base_value_yuan,source,as_of\n中华穿山甲,90000,a,2017,2019\n",
    );
    let err = fails(&["value", "--values", &path], 1);
    assert!(
        err.contains("side.csv row 1, column 5: '2019' is in no column of the header (it names 4)"),
        "{err}"
    );
    // An empty cell past the header (a trailing comma) is no cell.
    let (_d, path) = file("side.csv", "name_zh,rank\n甲,species,\n");
    crate::util::ok(&["--species-table", &path, "analyze"]);
}

#[test]
fn a_side_table_header_naming_a_column_twice_read_only_the_first() {
    let (_d, path) = file("side.csv", "name,place,place\n丁某某,湖南,广西\n");
    let err = fails(&["--parties", &path, "analyze"], 1);
    assert!(
        err.contains("side.csv, line 1, column 3: 'place' is also the name of column 2"),
        "{err}"
    );
    let (_d, path) = file("side.csv", "name_zh,Name_ZH\n甲,乙\n");
    let err = fails(&["--species-table", &path, "analyze", "--lang", "zh"], 1);
    assert!(err.contains("也是第 1 列的名称"), "{err}");
}
