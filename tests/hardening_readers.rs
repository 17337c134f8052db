//! The readers (issue 24, items 2, 4, 5, 6, 7): what a file held that polars, calamine or the
//! decoder turned into something else without a word. Each test is named for what broke before
//! it was fixed, on files typed as an officer types them (Chinese headers, 斤).

use std::io::Write;
use std::path::Path;

use crate::util::{fails, file, json, ok};

const HEADER: &str = "出售人,收购人,物种,重量,交易时间\n";

/// Sellers and what they sold (kg) in `totals --by seller`, and the input counts.
fn sellers(args: &[&str]) -> (Vec<(String, f64)>, (u64, u64)) {
    let mut a = args.to_vec();
    a.extend(["totals", "--by", "seller"]);
    let v = json(&a);
    let rows = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["seller"].as_str().unwrap().to_string(),
                r["weight_kg"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    let input = (
        v["input"]["accepted"].as_u64().unwrap(),
        v["input"]["rejected"].as_u64().unwrap(),
    );
    (rows, input)
}

/// The rejects file of `path`: `(row, problem, reason)` for each refused row and each unknown
/// cell.
fn rejects(dir: &Path, path: &str, extra: &[&str]) -> Vec<(String, String, String)> {
    let out = dir.join("rejects.csv");
    let mut args = vec!["-i", path];
    args.extend(extra);
    args.extend(["--rejects", out.to_str().unwrap(), "totals"]);
    ok(&args);
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&out)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[2].to_string(), r[3].to_string())
        })
        .collect()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[test]
fn a_utf8_file_with_one_gbk_row_was_decoded_whole_as_gbk() {
    // Every name became garbage (寮犱笁 for 张三), exit 0.
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend("张三,李四,穿山甲,5斤,2022-04-01\n".as_bytes());
    let at = bytes.len() as u64;
    bytes.extend(gbk("王五,赵六,穿山甲,4斤,2022-04-02\n"));
    bytes.extend("李四,王五,穿山甲,3斤,2022-04-03\n".as_bytes());
    let (d, path) = file("mixed.csv", &bytes);
    let (rows, input) = sellers(&["-i", &path]);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["张三", "李四"], "the UTF-8 rows keep their names");
    assert_eq!(input, (2, 1));
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "3", "the GBK line is line 3 (the header is line 1)");
    assert_eq!(
        r[0].1, "refused",
        "a line in another encoding is refused whole"
    );
    assert!(
        r[0].2.contains("line 3 is not UTF-8") && r[0].2.contains(&format!("offset {at}")),
        "{}",
        r[0].2
    );
    assert!(
        r[0].2.contains("王五,赵六"),
        "shown in the other encoding: {}",
        r[0].2
    );
    // A wholly GBK file still reads as GBK.
    let mut all = gbk(HEADER);
    all.extend(gbk(
        "张三,李四,穿山甲,5斤,2022-04-01\n王五,赵六,穿山甲,4斤,2022-04-02\n",
    ));
    let (_d, gb) = file("gbk.csv", &all);
    let (rows, input) = sellers(&["-i", &gb]);
    assert_eq!(rows[0].0, "张三");
    assert_eq!(input, (2, 0));
}

#[test]
fn cesu8_surrogates_and_overlong_utf8_were_decoded_as_gbk() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend("张三,李四,穿山甲,5斤,2022-04-01\n".as_bytes());
    // 𝕏 (U+1D54F) as CESU-8: two 3-byte surrogates, where UTF-8 has one 4-byte sequence.
    let cesu = bytes.len() as u64 + 1;
    bytes.extend(b"a\xED\xA0\xB5\xED\xB5\x8F,b,x,1,2022-04-02\n");
    // `/` as an overlong 2-byte form.
    let overlong = bytes.len() as u64 + 1;
    bytes.extend(b"c\xC0\xAF,d,x,1,2022-04-03\n");
    let (d, path) = file("cesu.csv", &bytes);
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[1].0.as_str()), ("3", "4"));
    assert!(r.iter().all(|l| l.1 == "refused"), "{r:?}");
    assert!(r[0].2.contains("line 3 is not UTF-8"), "{}", r[0].2);
    assert!(
        r[0].2.contains(&format!("0xED at byte offset {cesu}")),
        "{}",
        r[0].2
    );
    assert!(
        r[1].2.contains(&format!("0xC0 at byte offset {overlong}")),
        "{}",
        r[1].2
    );
    let (rows, _) = sellers(&["-i", &path]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "张三");
    // Alone in their file, such lines are not GBK either.
    let mut only = HEADER.as_bytes().to_vec();
    only.extend(b"a\xC0\xAF,b,x,1,2022-04-02\nc,d,x,1,2022-04-03\n");
    let (d, path) = file("overlong.csv", &only);
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1.as_str()), ("2", "refused"));
    assert!(r[0].2.contains("line 2 is not UTF-8"), "{}", r[0].2);
}

/// Writes an .ods whose first sheet `交易明细` has the header row and then `rows` (XML of
/// `table:table-row` elements).
fn ods(path: &Path, rows: &str) {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let header: String = ["出售人", "收购人", "物种", "重量", "交易时间"]
        .iter()
        .map(|h| cell(h))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="交易明细"><table:table-row>{header}</table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// An .ods row of the cells given as text, repeated `n` times.
fn ods_row(cells: &[&str], n: u64) -> String {
    let cells: String = cells
        .iter()
        .map(|t| {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#)
        })
        .collect();
    format!(r#"<table:table-row table:number-rows-repeated="{n}">{cells}</table:table-row>"#)
}

#[test]
fn ods_of_900_bytes_whose_rows_repeat_100_cells_aborted_on_1_6_gb() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.ods");
    let row = r#"<table:table-row table:number-rows-repeated="500000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>穿山甲</text:p></table:table-cell></table:table-row>"#;
    ods(&path, row);
    assert!(std::fs::metadata(&path).unwrap().len() < 2000);
    let start = std::time::Instant::now();
    let err = fails(&["-i", path.to_str().unwrap(), "analyze"], 1);
    assert!(err.contains("sheet '交易明细', row 2"), "{err}");
    assert!(err.contains("more than 20000000"), "{err}");
    assert!(start.elapsed().as_secs() < 20, "refused before expanding");
}

#[test]
fn ods_rows_repeated_20_million_times_gave_1048575_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeat.ods");
    let rows = ods_row(&["张三", "李四", "穿山甲", "5斤", "2022-04-01"], 1)
        + &ods_row(&["李四", "王五", "穿山甲", "1斤", "2022-04-02"], 20_000_000);
    ods(&path, &rows);
    let err = fails(&["-i", path.to_str().unwrap(), "analyze"], 1);
    assert!(err.contains("sheet '交易明细', row 3"), "{err}");
    assert!(err.contains("repeats 20000000 times"), "{err}");
    // Trailing empty repeats, as LibreOffice writes them to the sheet's end, cost nothing.
    let rows = ods_row(&["张三", "李四", "穿山甲", "5斤", "2022-04-01"], 3)
        + r#"<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    ods(&path, &rows);
    let (sold, input) = sellers(&["-i", path.to_str().unwrap()]);
    assert_eq!(input, (3, 0));
    assert_eq!(sold, [("张三".to_string(), 7.5)]);
}

/// Writes an .xlsx by hand whose sheet holds the header `出售人…交易时间` and `rows`, each the
/// XML of its cells (`<c r="A2" t="e"><v>#N/A</v></c>`); style 1 is a date.
fn xlsx(path: &Path, rows: &[&str]) {
    xlsx_with(
        path,
        &["出售人", "收购人", "物种", "重量", "交易时间"],
        rows,
    );
}

/// [`xlsx`] with the header cells given (columns A, B, …).
fn xlsx_with(path: &Path, header: &[&str], rows: &[&str]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="交易明细" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
        ),
        (
            "xl/styles.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">"#,
    );
    for (c, h) in header.iter().enumerate() {
        let col = (b'A' + c as u8) as char;
        sheet.push_str(&format!(
            r#"<c r="{col}1" t="inlineStr"><is><t>{h}</t></is></c>"#
        ));
    }
    sheet.push_str("</row>");
    for (i, r) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">{r}</row>"#, i + 2));
    }
    sheet.push_str("</sheetData></worksheet>");
    z.write_all(sheet.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// The XML of a text cell.
fn t(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

#[test]
fn spreadsheet_error_cells_and_formulas_without_a_value_became_facts() {
    // `#N/A` became a seller and `#REF!` a species; a formula with no saved value an unknown
    // weight without a word.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let good = |r: u32| {
        format!(
            "{}{}{}{}{}",
            t(&format!("A{r}"), "张三"),
            t(&format!("B{r}"), "李四"),
            t(&format!("C{r}"), "穿山甲"),
            t(&format!("D{r}"), "5斤"),
            t(&format!("E{r}"), "2022-04-01")
        )
    };
    let rows = [
        good(2),
        format!(
            r#"<c r="A3" t="e"><v>#N/A</v></c>{}{}{}{}"#,
            t("B3", "李四"),
            t("C3", "穿山甲"),
            t("D3", "5斤"),
            t("E3", "2022-04-01")
        ),
        format!(
            r#"{}{}<c r="C4" t="e"><f>VLOOKUP(X1,Y:Z,2,0)</f><v>#REF!</v></c>{}{}"#,
            t("A4", "王五"),
            t("B4", "李四"),
            t("D4", "5斤"),
            t("E4", "2022-04-01")
        ),
        format!(
            r#"{}{}{}<c r="D5"><f>SUM(F5:G5)</f></c>{}"#,
            t("A5", "王五"),
            t("B5", "李四"),
            t("C5", "穿山甲"),
            t("E5", "2022-04-01")
        ),
        good(6),
        // Nothing but an error: not a blank row dropped, a row refused naming the error.
        r#"<c r="D7" t="e"><v>#N/A</v></c>"#.to_string(),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    xlsx(&path, &rows);
    let p = path.to_str().unwrap();
    // The row whose seller is #N/A cannot say who traded: refused. The others say who traded
    // with whom: kept, the #REF! species and the formula's weight unknown, each named.
    let (sold, input) = sellers(&["-i", p]);
    assert_eq!(input, (4, 2));
    assert_eq!(
        sold,
        [("张三".to_string(), 5.0), ("王五".to_string(), 2.5)],
        "no party named #N/A; 王五's unknown weight is not 0 and not a number read"
    );
    let v = json(&["-i", p, "totals", "--by", "species"]);
    let species: Vec<&str> = (v["rows"].as_array().unwrap().iter())
        .map(|r| r["species"].as_str().unwrap())
        .collect();
    assert!(
        species.contains(&"未知物种") && !species.iter().any(|s| s.contains('#')),
        "no species named #REF!: {species:?}"
    );
    let r = rejects(dir.path(), p, &[]);
    let r: Vec<(&str, &str, &str)> = (r.iter())
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!((r[0].0, r[0].1), ("3", "refused"));
    assert!(
        r[0].2
            .contains("spreadsheet error #N/A in 出售人: fix the formula in the workbook"),
        "{}",
        r[0].2
    );
    assert_eq!((r[1].0, r[1].1), ("4", "unknown_cell"));
    assert!(
        r[1].2.contains("spreadsheet error #REF! in 物种") && r[1].2.contains("kept as 未知物种"),
        "{}",
        r[1].2
    );
    assert_eq!((r[2].0, r[2].1), ("5", "unknown_cell"));
    assert!(
        r[2].2
            .contains("formula without a saved value (=SUM(F5:G5)) in 重量")
            && r[2].2.contains("open and save the file in Excel/WPS"),
        "{}",
        r[2].2
    );
    assert_eq!((r[3].0, r[3].1), ("7", "refused"));
    assert!(
        r[3].2.contains("column 'seller' is empty") && r[3].2.contains("#N/A in 重量"),
        "{}",
        r[3].2
    );
    // --strict stops on them.
    let err = fails(&["-i", p, "--strict", "totals"], 1);
    assert!(err.contains("#N/A"), "{err}");
}

#[test]
fn a_date_serial_past_9999_12_31_was_read_as_9999_12_31() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.xlsx");
    let row = |r: u32, serial: &str| {
        format!(
            r#"{}{}{}{}<c r="E{r}" s="1"><v>{serial}</v></c>"#,
            t(&format!("A{r}"), "张三"),
            t(&format!("B{r}"), "李四"),
            t(&format!("C{r}"), "穿山甲"),
            t(&format!("D{r}"), "5斤"),
        )
    };
    let rows = [row(2, "44652"), row(3, "3000000")];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    xlsx(&path, &rows);
    let p = path.to_str().unwrap();
    // The row is kept, its date unknown (not 9999-12-31), the serial named.
    let r = rejects(dir.path(), p, &[]);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1.as_str()), ("3", "unknown_cell"));
    assert!(
        r[0].2
            .contains("column 'date': date serial 3000000 lies outside"),
        "{}",
        r[0].2
    );
    let v = json(&["-i", p, "totals"]);
    assert_eq!(v["rows"][0]["last_date"], "2022-04-01");
    assert_eq!(v["rows"][0]["weight_kg"], 5.0, "both rows kept");
    assert_eq!(
        (&v["input"]["accepted"], &v["input"]["rejected"]),
        (&serde_json::json!(2), &serde_json::json!(0))
    );
    // --strict stops on the unknown date.
    let err = fails(&["-i", p, "--strict", "totals"], 1);
    assert!(err.contains("date serial 3000000"), "{err}");
}

#[test]
fn numeric_names_printed_through_binary_floats() {
    // 123456789.123 → 123456789.12299998, 1e300 → inf, 5e-324 → 0.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.xlsx");
    let row = |r: u32, seller: &str| {
        format!(
            r#"<c r="A{r}"><v>{seller}</v></c>{}{}{}{}"#,
            t(&format!("B{r}"), "李四"),
            t(&format!("C{r}"), "穿山甲"),
            t(&format!("D{r}"), "5斤"),
            t(&format!("E{r}"), "2022-04-01")
        )
    };
    let rows = [
        row(2, "123456789.123"),
        row(3, "1E+300"),
        row(4, "4.9406564584124654E-324"),
        row(5, "120"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    xlsx(&path, &rows);
    let (sold, _) = sellers(&["-i", path.to_str().unwrap()]);
    let mut names: Vec<&str> = sold.iter().map(|s| s.0.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["120", "123456789.123", "1e300", "5e-324"]);
}

#[test]
fn a_line_break_inside_an_unquoted_cell_gave_two_bogus_rows() {
    // `眼镜⏎蛇` gave a weightless 眼镜 row and 蛇 selling to a party named 50斤 a species
    // 2022-04-01, even under --strict; short rows were accepted without a word.
    let text = format!(
        "{HEADER}张三,李四,穿山甲,5斤,2022-04-01\n张三,李四,眼镜\n蛇,50斤,2022-04-01\n\
         王五,李四,穿山甲\n李四,赵六,穿山甲,3斤,2022-04-03\n"
    );
    let (d, path) = file("broken.csv", &text);
    let (sold, input) = sellers(&["-i", &path]);
    assert_eq!(input, (2, 3));
    let names: Vec<&str> = sold.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["张三", "李四"], "no seller 蛇");
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 3, "{r:?}");
    // Rows are numbered by their lines (the header is line 1); broken lines are refused whole.
    assert_eq!(
        (r[0].0.as_str(), r[1].0.as_str(), r[2].0.as_str()),
        ("3", "4", "5")
    );
    assert!(r.iter().all(|l| l.1 == "refused"), "{r:?}");
    for (_, _, why) in &r[..2] {
        assert!(
            why.contains("a line break inside a cell? lines 3–4")
                && why.contains("张三,李四,眼镜⏎蛇,50斤,2022-04-01"),
            "{why}"
        );
    }
    assert!(
        r[0].2.contains("line 3 has 3 fields, the header has 5"),
        "{}",
        r[0].2
    );
    assert!(
        r[2].2
            .contains("short row: line 5 has 3 fields, the header has 5")
            && !r[2].2.contains("line break"),
        "{}",
        r[2].2
    );
    let err = fails(&["-i", &path, "--strict", "totals"], 1);
    assert!(err.contains("short row: line 3"), "{err}");
}

#[test]
fn decimal_comma_file_read_1_500kg_as_1500_kg() {
    // A semicolon file whose weights write decimals with a comma: `1,5kg` was refused and
    // `1,500kg` read as 1,500 kg, a thousand times what its other rows say the comma means.
    let text = "出售人;收购人;物种;重量;交易时间\n\
                张三;李四;穿山甲;1,5kg;2022-04-01\n\
                张三;李四;穿山甲;0,25kg;2022-04-02\n\
                李四;王五;穿山甲;1,500kg;2022-04-03\n\
                李四;王五;穿山甲;2kg;2022-04-04\n";
    let (d, path) = file("komma.csv", text);
    // The ambiguous weight is unknown (neither 1.5 nor 1500 kg); its row is kept.
    let (mut sold, input) = sellers(&["-i", &path]);
    assert_eq!(input, (4, 0));
    sold.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        sold,
        [("张三".to_string(), 1.75), ("李四".to_string(), 2.0)]
    );
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1.as_str()), ("4", "unknown_cell"));
    assert!(
        r[0].2
            .contains("column 'weight': '1,500kg': this file writes decimals with a comma"),
        "{}",
        r[0].2
    );
    // With a thousands separator elsewhere in the file, commas keep their meaning.
    let text = "出售人;收购人;物种;重量;交易时间\n\
                张三;李四;穿山甲;1,500.5kg;2022-04-01\n\
                李四;王五;穿山甲;1,500kg;2022-04-03\n";
    let (_d, path) = file("thousands.csv", text);
    let (sold, input) = sellers(&["-i", &path]);
    assert_eq!(input, (2, 0));
    assert!(sold.contains(&("李四".to_string(), 1500.0)), "{sold:?}");
}

#[test]
fn a_spreadsheet_error_in_the_unit_or_product_column_left_a_bare_weight_or_a_species_standing() {
    // Emptying only the bad cell must not read `30` without its unit as 30 kg, nor the species
    // without its product as the whole animal: the weight, or the species, is unknown.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("units.xlsx");
    let header = [
        "出售人",
        "收购人",
        "物种",
        "产品",
        "重量",
        "单位",
        "交易时间",
    ];
    let row = |r: u32, product: &str, weight: &str, unit: &str| {
        let cell = |c: char, v: &str| match v.strip_prefix('!') {
            Some(e) => format!(r#"<c r="{c}{r}" t="e"><v>{e}</v></c>"#),
            None => t(&format!("{c}{r}"), v),
        };
        [
            cell('A', "张三"),
            cell('B', "李四"),
            cell('C', "穿山甲"),
            cell('D', product),
            cell('E', weight),
            cell('F', unit),
            cell('G', "2022-04-01"),
        ]
        .concat()
    };
    let rows = [
        row(2, "鳞片", "30", "斤"),
        row(3, "鳞片", "30", "!#N/A"),
        row(4, "!#VALUE!", "30", "斤"),
        // Two errors for one weight: both named.
        row(5, "鳞片", "!#DIV/0!", "!#NAME?"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    xlsx_with(&path, &header, &rows);
    let p = path.to_str().unwrap();
    let (sold, input) = sellers(&["-i", p]);
    assert_eq!(input, (4, 0), "every row names seller and buyer");
    assert_eq!(
        sold,
        [("张三".to_string(), 30.0)],
        "15 kg of row 2 and 15 kg of row 4; row 3's weight unknown, not 30 kg"
    );
    let r = rejects(dir.path(), p, &[]);
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1.as_str()), ("3", "unknown_cell"));
    assert!(
        r[0].2.contains("spreadsheet error #N/A in 单位"),
        "{}",
        r[0].2
    );
    assert_eq!((r[1].0.as_str(), r[1].1.as_str()), ("4", "unknown_cell"));
    assert!(
        r[1].2.contains("spreadsheet error #VALUE! in 产品") && r[1].2.contains("kept as 未知物种"),
        "{}",
        r[1].2
    );
    assert!(r[2..].iter().all(|l| l.0 == "5" && l.1 == "unknown_cell"));
    assert!(r[2].2.contains("#DIV/0! in 重量"), "{}", r[2].2);
    assert!(r[3].2.contains("#NAME? in 单位"), "{}", r[3].2);
    let v = json(&["-i", p, "totals", "--by", "species"]);
    let species: Vec<&str> = (v["rows"].as_array().unwrap().iter())
        .map(|r| r["species"].as_str().unwrap())
        .collect();
    assert!(species.contains(&"未知物种"), "{species:?}");
}

#[test]
fn spreadsheet_error_texts_in_a_csv_became_parties_and_species() {
    // A CSV saved from a workbook keeps `#N/A`, `#REF!`, `#NAME?` as text: they became parties
    // (`#N/A` with 2.5 kg sold) and species (`#NAME?`, not in the species table), exit 0.
    let (dir, path) = file(
        "excel_export.csv",
        format!(
            "{HEADER}张三,李四,穿山甲,50斤,2022-04-01\n#N/A,李四,穿山甲,5斤,2022-04-02\n\
             张三,＃REF!,穿山甲,5斤,2022-04-03\n张三,李四,#NAME?,5斤,2022-04-04\n\
             王五,李四, #value! ,3斤,2022-04-05\n"
        ),
    );
    let (sold, input) = sellers(&["-i", &path]);
    assert_eq!(input, (3, 2));
    assert_eq!(
        sold,
        [("张三".to_string(), 27.5), ("王五".to_string(), 1.5)],
        "no party named #N/A or #REF!"
    );
    let v = json(&["-i", &path, "totals", "--by", "species"]);
    let species: Vec<&str> = (v["rows"].as_array().unwrap().iter())
        .map(|r| r["species"].as_str().unwrap())
        .collect();
    assert!(
        species.contains(&"未知物种") && !species.iter().any(|s| s.contains('#')),
        "no species named #NAME? or #VALUE!: {species:?}"
    );
    let r = rejects(dir.path(), &path, &[]);
    let r: Vec<(&str, &str, &str)> = (r.iter())
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(r.len(), 4, "{r:?}");
    let says = |(row, problem, column, error): (&str, &str, &str, &str)| {
        let hit = r
            .iter()
            .find(|x| x.0 == row)
            .unwrap_or_else(|| panic!("{r:?}"));
        assert_eq!(hit.1, problem, "{hit:?}");
        assert!(
            hit.2.contains(&format!(
                "column '{column}': '{error}' is a spreadsheet error (a formula that failed, \
                 saved as text), not a name: fix the formula in the workbook"
            )),
            "{hit:?}"
        );
    };
    says(("3", "refused", "seller", "#N/A"));
    says(("4", "refused", "buyer", "＃REF!"));
    says(("5", "unknown_cell", "species", "#NAME?"));
    says(("6", "unknown_cell", "species", "#value!"));
    // In Chinese, and fatal under --strict.
    let out = crate::util::run(&["-i", &path, "--lang", "zh", "validate"]);
    let zh = String::from_utf8_lossy(&out.stdout);
    assert!(
        zh.contains("出售方列：“#N/A”是表格的错误值（公式计算失败，存成了文字），不是名称"),
        "{zh}"
    );
    let err = fails(&["-i", &path, "--strict", "totals"], 1);
    assert!(err.contains("#N/A"), "{err}");
}

#[test]
fn a_utf8_file_over_8_mb_with_one_gbk_row_between_the_samples_was_refused_whole() {
    // Files over 8 MB were checked for UTF-8 by 32 samples: one GBK row between them passed,
    // and the reader then refused the whole file ("not UTF-8 throughout although the parts
    // sampled were"). The whole file decides: UTF-8, that one line rejected by line and byte.
    let mut bytes = HEADER.as_bytes().to_vec();
    let mut rows = 0u64;
    while bytes.len() < 9 << 20 {
        let i = rows;
        bytes.extend(
            format!(
                "张三{},李四{},穿山甲,{}斤,2022-04-{:02}\n",
                i % 50,
                i % 70,
                1 + i % 9,
                1 + i % 28
            )
            .as_bytes(),
        );
        rows += 1;
    }
    // Between two of the samples (64 KB every 1/32 of the file, 295 KB apart): mid-file plus
    // 150 KB, at the start of the next line.
    let from = bytes.len() / 2 + 150_000;
    let cut = from + bytes[from..].iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
    let at = cut as u64;
    let line = bytes[..cut].iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!(bytes[cut - 1], b'\n', "the GBK line starts a line");
    let mut mixed = bytes[..cut].to_vec();
    mixed.extend(gbk("王五,赵六,穿山甲,4斤,2022-04-02\n"));
    mixed.extend(&bytes[cut..]);
    let (d, path) = file("big_mixed.csv", &mixed);
    let (sold, input) = sellers(&["-i", &path]);
    assert_eq!(input, (rows, 1));
    assert!(
        sold.iter().all(|(s, _)| s.starts_with("张三")),
        "UTF-8 names kept, no garbled name: {:?}",
        &sold[..3]
    );
    let r = rejects(d.path(), &path, &[]);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, line.to_string());
    assert!(
        r[0].2.contains(&format!("line {line} is not UTF-8"))
            && r[0].2.contains(&format!("offset {at}"))
            && r[0].2.contains("王五,赵六"),
        "{}",
        r[0].2
    );
}
