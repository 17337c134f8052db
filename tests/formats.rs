//! File formats and encodings: the same case as CSV, TSV, GBK CSV, UTF-16 text, XLSX, ODS and Parquet
//! gives the same report; workbooks, delimiters and encodings that cannot be read say what was tried.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{fails, json, ok, run};

/// The header and rows of a messy case written the way Chinese case files are: Chinese headers,
/// approximate weights, full-width digits, a thousands separator, date ranges, a time of day, a
/// species under three names, a party typed with a space, sources and confidence.
#[rustfmt::skip]
pub const HEADER: [&str; 8] = ["出售人", "收购人", "品种", "重量", "单位", "日期", "来源", "可信度"];
#[rustfmt::skip]
pub const ROWS: [[&str; 8]; 9] = [
    ["瞿某青", "朱某某", "野生蛇", "", "", "2022年4月至5月", "笔录 p.3", "已查实"],
    ["瞿某海", "朱某某", "野生蛇", "约50斤", "", "2022-04-01 10:30", "笔录 p.4", "probable"],
    ["朱某某", "丁某某", "蛇", "50多斤", "", "2022-04", "", "unconfirmed"],
    ["左某某", "丁某某", "眼镜蛇", "１２０斤", "", "2022-04-03", "判决书 p.12", "confirmed"],
    ["左某某", "丁某某", "舟山眼镜蛇", "40-50斤", "", "2022-04-01~2022-05-15", "判决书 p.12", ""],
    ["左某某", "丁某某", "王锦蛇", "1,250斤", "", "2022-04/2022-09", "判决书 p.13", "confirmed"],
    ["朱 某某", "丁某某", "Naja atra", "60", "kg", "2022-04-03", "", "未证实"],
    ["丁某某", "湖南买家（未具名）", "野生蛇", "3条左右", "", "2022-05-01 08:00:00", "", ""],
    ["丁某某", "广西买家（未具名）", "黑眉锦蛇", "400斤", "", "2022年5月", "", ""],
];

/// The case as delimited text.
pub fn delimited(delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(HEADER).unwrap();
    for r in ROWS {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The case as an Excel workbook: the data sheet first (read by default) with an optional title row
/// above the header, then a notes sheet; row 7's weight is a real number, rows 4 and 7 have real
/// dates and row 8 a real date-time.
pub fn write_xlsx(path: &Path, title_row: bool) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("交易明细").unwrap();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let top = u32::from(title_row);
    if title_row {
        ws.write_string(0, 0, "辰溪县野生动物收售案 交易明细")
            .unwrap();
    }
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(top, c as u16, *h).unwrap();
    }
    for (i, r) in ROWS.iter().enumerate() {
        let row = top + 1 + i as u32;
        for (c, cell) in r.iter().enumerate() {
            let c16 = c as u16;
            match (i, c) {
                (3 | 6, 5) => {
                    let d = ExcelDateTime::from_ymd(2022, 4, 3).unwrap();
                    ws.write_datetime_with_format(row, c16, d, &day).unwrap();
                }
                (7, 5) => {
                    let d = ExcelDateTime::from_ymd(2022, 5, 1)
                        .unwrap()
                        .and_hms(8, 0, 0)
                        .unwrap();
                    ws.write_datetime_with_format(row, c16, d, &stamp).unwrap();
                }
                (6, 3) => {
                    ws.write_number(row, c16, 60.0).unwrap();
                }
                _ if cell.is_empty() => {}
                _ => {
                    ws.write_string(row, c16, *cell).unwrap();
                }
            }
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由专案组整理").unwrap();
    wb.save(path).unwrap();
}

/// The case as Parquet, every column text (empty cells null).
pub fn write_parquet(path: &Path) {
    use polars::prelude::*;
    let columns: Vec<Column> = HEADER
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cells: Vec<Option<&str>> = ROWS
                .iter()
                .map(|r| (!r[i].is_empty()).then_some(r[i]))
                .collect();
            Column::new((*h).into(), cells)
        })
        .collect();
    let mut df = DataFrame::new_infer_height(columns).unwrap();
    let file = std::fs::File::create(path).unwrap();
    ParquetWriter::new(file).finish(&mut df).unwrap();
}

/// UTF-16LE with a byte-order mark: what Excel saves as "Unicode text" (tab-separated).
pub fn utf16(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        v.extend(u.to_le_bytes());
    }
    v
}

/// GBK bytes, as Chinese Windows Excel saves "CSV".
pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad, "the case is GBK-encodable");
    bytes.into_owned()
}

/// The case as an OpenDocument spreadsheet (LibreOffice, WPS): typed cells like the workbook's
/// (real dates in rows 4, 7 and 8, a real number in row 7), written as the XML it is.
pub fn write_ods(path: &Path) {
    use std::io::Write;
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let text = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            esc(t)
        )
    };
    let mut rows = String::new();
    let header: String = HEADER.iter().map(|h| text(h)).collect();
    rows.push_str(&format!("<table:table-row>{header}</table:table-row>"));
    for (i, r) in ROWS.iter().enumerate() {
        rows.push_str("<table:table-row>");
        for (c, cell) in r.iter().enumerate() {
            rows.push_str(&match (i, c) {
                (3 | 6, 5) => r#"<table:table-cell office:value-type="date" office:date-value="2022-04-03"><text:p>2022/4/3</text:p></table:table-cell>"#.to_string(),
                (7, 5) => r#"<table:table-cell office:value-type="date" office:date-value="2022-05-01T08:00:00"><text:p>2022/5/1 8:00</text:p></table:table-cell>"#.to_string(),
                (6, 3) => r#"<table:table-cell office:value-type="float" office:value="60"><text:p>60</text:p></table:table-cell>"#.to_string(),
                _ if cell.is_empty() => "<table:table-cell/>".to_string(),
                _ => text(cell),
            });
        }
        rows.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="交易明细">{rows}</table:table><table:table table:name="说明"><table:table-row>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        text("本表由专案组整理")
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", deflated).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.start_file("content.xml", deflated).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// Writes the case in every format into `dir`; returns the paths.
pub fn every_format(dir: &Path) -> Vec<PathBuf> {
    let csv = delimited(b',');
    let tsv = delimited(b'\t');
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("case.csv", csv.clone().into_bytes()),
        (
            "case_bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat(),
        ),
        ("case.tsv", tsv.clone().into_bytes()),
        ("case_semicolon.txt", delimited(b';').into_bytes()),
        ("case_gbk.csv", gbk(&csv)),
        ("case_utf16.txt", utf16(&tsv)),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let x = dir.join("case.xlsx");
    write_xlsx(&x, true);
    paths.push(x);
    let pq = dir.join("case.parquet");
    write_parquet(&pq);
    paths.push(pq);
    let ods = dir.join("case.ods");
    write_ods(&ods);
    paths.push(ods);
    // A real BIFF8 .xls (no Rust crate writes one): written by xlwt, the library many Chinese
    // case-management systems export with, with the same typed cells and title row as case.xlsx.
    let xls = dir.join("case.xls");
    std::fs::copy(crate::util::fixture("case.xls"), &xls).unwrap();
    paths.push(xls);
    paths
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_same_case_in_every_format_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let paths = every_format(dir.path());
    // Row references name the file, and a workbook's rows by their sheet row numbers (what Excel
    // shows): compare them with the file's name and the number taken out.
    let report = |p: &Path| {
        let v = json(&["-i", s(p), "--strict", "analyze"]);
        let text = v.to_string().replace(s(p), "FILE");
        let mut parts = text.split("FILE row ");
        let mut out = parts.next().unwrap().to_string();
        for part in parts {
            out.push_str("FILE row N");
            out.push_str(part.trim_start_matches(|c: char| c.is_ascii_digit()));
        }
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let reference = report(&paths[0]);
    assert_eq!(reference["input"]["rejected"], 0, "{reference}");
    assert_eq!(reference["input"]["accepted"], 9);
    assert!(
        reference.to_string().contains("FILE row N"),
        "the report refers to rows: {reference}"
    );
    for p in &paths[1..] {
        assert_eq!(report(p), reference, "{} differs from the CSV", p.display());
    }
    // Each was read as what it is.
    let kinds: Vec<String> = paths
        .iter()
        .map(|p| json(&["validate", s(p)])["sources"][0]["kind"].to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            r#""csv""#,
            r#""csv""#,
            r#""csv""#,
            r#""csv""#,
            r#""csv""#,
            r#""csv""#,
            r#""xlsx""#,
            r#""parquet""#,
            r#""ods""#,
            r#""xls""#
        ]
    );
    // And every other output agrees too: totals with provenance and upstream links.
    let reference = ok(&[
        "-i",
        s(&paths[0]),
        "totals",
        "--by",
        "link",
        "--format",
        "json",
    ]);
    for p in &paths[1..] {
        let out = ok(&["-i", s(p), "totals", "--by", "link", "--format", "json"]);
        assert_eq!(out, reference, "{}", p.display());
    }
}

#[test]
fn what_the_messy_case_adds_up_to() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("case.xlsx");
    write_xlsx(&x, true);
    let v = json(&["-i", s(&x), "totals"]);
    let row = |name: &str| -> Value {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["species"] == name)
            .unwrap_or_else(|| panic!("no {name} in {v}"))
            .clone()
    };
    // 眼镜蛇, 舟山眼镜蛇 and Naja atra are one species: 120斤 + 40斤 (of 40-50斤) + 60 kg.
    let cobra = row("眼镜蛇");
    assert_eq!(cobra["weight_kg"], 140.0);
    assert_eq!(cobra["transactions"], 3);
    assert_eq!(cobra["approx_rows"], 1);
    assert_eq!(cobra["scientific_name"], "Naja atra");
    assert_eq!(cobra["cites_appendix"], "II");
    assert_eq!(cobra["china_protection"], "三有");
    assert_eq!(cobra["first_date"], "2022-04-01");
    assert_eq!(cobra["last_date"], "2022-05-15");
    // 1,250斤 = 625 kg; a range of months ends in its last month.
    let king = row("王锦蛇");
    assert_eq!(king["weight_kg"], 625.0);
    assert_eq!(king["cites_appendix"], Value::Null, "empty stays empty");
    assert_eq!(king["last_date"], "2022-09");
    // 野生蛇 and 蛇 are one generic label: 约50斤 + 50多斤 known, one empty, one a count.
    let wild = row("野生蛇");
    assert_eq!(wild["weight_kg"], 50.0);
    assert_eq!(wild["transactions"], 4);
    assert_eq!(wild["unknown_weight"], 2);
    assert_eq!(wild["approx_rows"], 3);
    assert_eq!(wild["count"], 3.0);
    assert_eq!(wild["scientific_name"], Value::Null);
    assert_eq!(v["rows"].as_array().unwrap().len(), 4);
    // 朱 某某 is 朱某某.
    let up = json(&["-i", s(&x), "upstream", "丁某某"]);
    let names: Vec<&str> = up["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["左某某", "朱某某", "瞿某海", "瞿某青"]);
}

#[test]
fn workbook_rows_are_numbered_as_in_the_sheet_in_the_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("bad.xlsx");
    {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "案卷 交易表").unwrap();
        for (c, h) in ["卖家", "买家", "品种", "重量", "日期"].iter().enumerate() {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        let good = ["a", "b", "眼镜蛇", "1kg", "2022-04-01"];
        let bad = ["a", "b", "眼镜蛇", "12箱", "2022-04-01"];
        for (r, row) in [(3, good), (5, bad)] {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r, c as u16, *v).unwrap();
            }
        }
        wb.save(&x).unwrap();
    }
    let rejects = dir.path().join("rejects.csv");
    let out = run(&[
        "-i",
        s(&x),
        "--rejects",
        s(&rejects),
        "totals",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The blank sheet row 5 between the two is skipped, not rejected; the bad weight is an
    // unknown cell of a kept row.
    assert_eq!(
        v["input"],
        serde_json::json!({"rows": 2, "accepted": 2, "rejected": 0, "unknown_cells": 1, "rows_with_unknown": 1})
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rec: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rec.len(), 1, "{text}");
    assert_eq!(rec[0][1], "6", "Excel shows the bad row as row 6");
    assert_eq!(rec[0][2], "unknown_cell", "{text}");
    assert!(rec[0][3].contains("unknown unit '箱'"), "{text}");
    assert_eq!(rec[0][4..], ["a", "b", "眼镜蛇", "12箱", "2022-04-01"]);
}

#[test]
fn parquet_rejects_show_the_original_cells() {
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("bad.parquet");
    {
        use polars::prelude::*;
        let mut df = DataFrame::new_infer_height(vec![
            Column::new("seller".into(), ["a", "a"]),
            Column::new("buyer".into(), ["b", "b"]),
            Column::new("species".into(), ["x", "x"]),
            Column::new("weight".into(), [1.5f64, -2.0]),
            Column::new("date".into(), ["2022-04-01", "2022-04-02"]),
        ])
        .unwrap();
        ParquetWriter::new(std::fs::File::create(&pq).unwrap())
            .finish(&mut df)
            .unwrap();
    }
    let rejects = dir.path().join("r.csv");
    let v = json(&["-i", s(&pq), "--rejects", s(&rejects), "totals"]);
    assert_eq!(v["rows"][0]["weight_kg"], 1.5, "a numeric column is read");
    let text = std::fs::read_to_string(&rejects).unwrap();
    let line = text.lines().nth(1).unwrap();
    assert!(line.contains(",2,") && line.contains("negative"), "{text}");
    assert!(line.ends_with("a,b,x,-2.0,2022-04-02"), "{text}");
}

#[test]
fn sheet_and_delimiter_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("case.xlsx");
    write_xlsx(&x, false);
    let v = json(&["-i", s(&x), "--sheet", "交易明细", "totals"]);
    assert_eq!(v["input"]["accepted"], 9);
    let e = fails(&["-i", s(&x), "--sheet", "明细", "totals"], 1);
    assert!(
        e.contains("no sheet named '明细'") && e.contains("交易明细, 说明"),
        "{e}"
    );
    // The notes sheet has no header: the error names the sheet and the columns it lacks.
    let e = fails(&["-i", s(&x), "--sheet", "说明", "totals"], 1);
    assert!(
        e.contains("sheet '说明'") && e.contains("missing required column"),
        "{e}"
    );

    let p = dir.path().join("pipes.txt");
    std::fs::write(&p, delimited(b'|')).unwrap();
    let v = json(&["-i", s(&p), "--delimiter", "|", "totals"]);
    assert_eq!(v["input"]["accepted"], 9);
    let e = fails(&["-i", s(&p), "totals"], 1);
    assert!(e.contains("missing required column"), "{e}");
    fails(&["-i", s(&p), "--delimiter", "ab", "totals"], 2);
}

#[test]
fn a_file_in_no_known_encoding_says_what_was_tried() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("garbage.csv");
    // Invalid as UTF-8 and as GB18030 (0xFF never starts a GB18030 character).
    std::fs::write(&p, b"seller,buyer\n\xFF\xFE\xFF,\x80\x80\n").unwrap();
    let e = fails(&["-i", s(&p), "analyze"], 1);
    assert!(e.contains(s(&p)), "{e}");
    assert!(
        e.contains("not UTF-8") && e.contains("GB18030") && e.contains("--encoding"),
        "{e}"
    );
    let bin = dir.path().join("image.csv");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).unwrap();
    let e = fails(&["-i", s(&bin), "analyze"], 1);
    assert!(e.contains("not text"), "{e}");
    fails(&["-i", s(&p), "--encoding", "klingon", "analyze"], 2);
}

#[test]
fn encoding_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    // Big5 is never guessed; --encoding reads it.
    let (bytes, _, bad) =
        encoding_rs::BIG5.encode("賣家,買家,物種,重量,日期\n甲,乙,眼鏡蛇,1kg,2022-04-01\n");
    assert!(!bad);
    let p = dir.path().join("big5.csv");
    std::fs::write(&p, &bytes).unwrap();
    let v = json(&[
        "-i",
        s(&p),
        "--encoding",
        "big5",
        "--map",
        "seller=賣家,buyer=買家,species=物種",
        "totals",
        "--by",
        "seller",
    ]);
    assert_eq!(v["rows"][0]["seller"], "甲");
    // A GBK file read as UTF-8 on request is an error, not mojibake.
    let g = dir.path().join("gbk.csv");
    std::fs::write(&g, gbk(&delimited(b','))).unwrap();
    let e = fails(&["-i", s(&g), "--encoding", "utf-8", "totals"], 1);
    assert!(e.contains("not valid UTF-8"), "{e}");
    // UTF-16 without a byte-order mark is recognised by its zero bytes.
    let u = dir.path().join("u16.txt");
    std::fs::write(&u, &utf16(&delimited(b'\t'))[2..]).unwrap();
    assert_eq!(json(&["-i", s(&u), "totals"])["input"]["accepted"], 9);
}

#[test]
fn a_renamed_file_is_read_by_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    // A ".xls" that is really tab-separated text, as some systems export.
    let p = dir.path().join("export.xls");
    std::fs::write(&p, delimited(b'\t')).unwrap();
    assert_eq!(json(&["-i", s(&p), "totals"])["input"]["accepted"], 9);
    // A workbook without its extension.
    let x = dir.path().join("case.data");
    write_xlsx(&x, false);
    assert_eq!(json(&["-i", s(&x), "totals"])["input"]["accepted"], 9);
    // A workbook on standard input.
    let bytes = std::fs::read(&x).unwrap();
    let out = crate::util::run_with_stdin(&["-i", "-", "totals", "--format", "json"], &bytes);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_links_file_reads_in_any_encoding_and_delimiter_and_as_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.csv");
    std::fs::write(&case, delimited(b',')).unwrap();
    let links = ok(&["-i", s(&case), "links"]);
    let plain = dir.path().join("links.csv");
    std::fs::write(&plain, &links).unwrap();
    let cmd = ["upstream", "广西买家（未具名）"];
    let reference = json(&[&["--links", s(&plain)][..], &cmd].concat());
    assert!(reference.to_string().contains("判决书 p.12"), "{reference}");

    // Semicolon-separated GBK, as Excel on a Chinese Windows machine saves it.
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for rec in csv::Reader::from_reader(links.as_bytes()).records() {
        w.write_record(&rec.unwrap()).unwrap();
    }
    let body = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let header = links.lines().next().unwrap().replace(',', ";");
    let gbk_file = dir.path().join("links_gbk.csv");
    std::fs::write(&gbk_file, gbk(&format!("{header}\n{body}"))).unwrap();

    // Parquet, as Spark writes it: the columns with their own types.
    let pq = dir.path().join("links.parquet");
    {
        use polars::prelude::*;
        let mut df = CsvReadOptions::default()
            .with_has_header(true)
            .try_into_reader_with_file_path(Some(plain.clone()))
            .unwrap()
            .finish()
            .unwrap();
        ParquetWriter::new(std::fs::File::create(&pq).unwrap())
            .finish(&mut df)
            .unwrap();
    }
    for p in [&gbk_file, &pq] {
        let mut v = json(&[&["--links", s(p)][..], &cmd].concat());
        v["input"] = reference["input"].clone();
        assert_eq!(v, reference, "{}", p.display());
    }
}

#[test]
fn a_large_file_checked_by_samples_still_never_reads_garbled_text() {
    // Files over 8 MiB were checked for UTF-8 by samples; now the whole file is checked, so an
    // invalid byte between where the samples looked is found at open, named by its offset.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.csv");
    let mut text = String::from("seller,buyer,species,weight,date\n");
    while text.len() < 9 << 20 {
        text.push_str("a,b,x,1kg,2022-01-01\n");
    }
    let mut bytes = text.into_bytes();
    // Between the first sample (the first 64 KiB) and the second (at 1/32 of the file).
    let at = 150_000;
    let line = bytes[at..].iter().position(|b| *b == b'\n').unwrap() + at + 1;
    bytes[line] = 0xFF;
    std::fs::write(&p, &bytes).unwrap();
    let e = fails(&["-i", s(&p), "totals"], 1);
    assert!(
        e.contains(&format!("invalid byte 0xFF at offset {line}")),
        "{e}"
    );
}
