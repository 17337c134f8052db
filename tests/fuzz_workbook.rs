//! Workbooks of random cells (issue 24): .xlsx written by rust_xlsxwriter (text, numbers from
//! 5e-324 to 1e300, booleans, dates, formulas, blanks, under random headers) and .ods written by
//! hand (every `office:value-type`, values that are not what their type says, repeated rows and
//! cells, now and then a byte of the XML changed). Each is read with every row accepted or
//! rejected, or refused with an error naming the file; never a panic.

use std::io::Write as _;
use std::path::Path;

use wildchain::case::{Case, Options};
use wildchain::ingest::Source;

use crate::fuzz_rng::{Loaded, Rng, no_panic};

/// Headers: the fields in English and Chinese, and others.
const HEADERS: &[&str] = &[
    "出售人",
    "收购人",
    "物种",
    "重量",
    "交易时间",
    "seller",
    "buyer",
    "species",
    "weight",
    "date",
    "备注",
    "单价",
    "",
];
/// Text cells, as an officer types them and as spreadsheets leave them.
const TEXTS: &[&str] = &[
    "张三",
    "李四",
    "王五",
    "穿山甲",
    "眼镜蛇",
    "50斤",
    "2.5kg",
    "1,5kg",
    "2022-04-01",
    "2022年4月",
    "#N/A",
    "#REF!",
    "=A1",
    "",
    " ",
    "\u{1b}[2K",
    "\u{200b}",
    "<&>",
    "1e308",
    "½斤",
];

/// Loads `path`: its (rows, accepted, rejected, rejects) or its error, or the panic.
fn load(path: &Path) -> Loaded {
    no_panic(|| {
        let opts = Options::embedded()
            .expect("options")
            .with_inputs(vec![Source::Path(path.to_path_buf())]);
        match Case::load(&opts) {
            Ok(case) => {
                let s = case.data.stats;
                Ok((s.rows, s.accepted, s.rejected, case.data.rejects.len()))
            }
            Err(e) => Err(e.to_string()),
        }
    })
}

/// Checks one workbook's outcome; whether it was read with rows.
fn judge(what: &str, name: &str, got: Loaded) -> bool {
    match got {
        Err(p) => panic!("{what}: panicked: {p}"),
        Ok(Ok((rows, accepted, rejected, rejects))) => {
            assert_eq!(accepted + rejected, rows, "{what}");
            assert_eq!(rejects as u64, rejected, "{what}");
            rows > 0
        }
        Ok(Err(e)) => {
            assert!(e.contains(name), "{what}: an error not naming {name}: {e}");
            if std::env::var_os("FUZZ_SHOW").is_some() {
                eprintln!("{name}: {e}");
            }
            false
        }
    }
}

fn header(rng: &mut Rng) -> Vec<&'static str> {
    let mut h: Vec<&str> = if rng.one_in(5) {
        (0..1 + rng.below(6)).map(|_| *rng.pick(HEADERS)).collect()
    } else {
        vec!["出售人", "收购人", "物种", "重量", "交易时间"]
    };
    if rng.one_in(3) {
        h.push(*rng.pick(HEADERS));
    }
    rng.shuffle(&mut h);
    h
}

#[test]
fn xlsx_of_random_cells_is_read_or_refused_never_a_panic() {
    const SEED: u64 = 6;
    const FILES: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(SEED);
    let mut read = 0;
    for case in 0..FILES {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let head = header(&mut rng);
        for (c, h) in head.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let rows = rng.below(25) as u32;
        for r in 1..=rows {
            for c in 0..head.len() as u16 + rng.below(2) as u16 {
                match rng.below(8) {
                    0..=2 => {
                        sheet.write_string(r, c, *rng.pick(TEXTS)).unwrap();
                    }
                    3 => {
                        let n = *rng.pick(&[
                            50.0,
                            2.5,
                            -1.0,
                            0.0,
                            1e300,
                            5e-324,
                            123456789.123,
                            44652.0,
                            3e6,
                            f64::MAX,
                        ]);
                        sheet.write_number(r, c, n).unwrap();
                    }
                    4 => {
                        sheet.write_boolean(r, c, rng.one_in(2)).unwrap();
                    }
                    5 => {
                        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            1900 + rng.below(8100) as u16,
                            1 + rng.below(12) as u8,
                            1 + rng.below(28) as u8,
                        )
                        .unwrap();
                        let f = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                        sheet.write_datetime_with_format(r, c, &d, &f).unwrap();
                    }
                    6 => {
                        sheet.write_formula(r, c, "=1/0").unwrap();
                    }
                    _ => {}
                }
            }
        }
        let name = format!("book{case}.xlsx");
        let path = dir.path().join(&name);
        book.save(&path).unwrap();
        read += usize::from(judge(
            &format!("seed {SEED}, file {case}"),
            &name,
            load(&path),
        ));
    }
    assert!(read > FILES / 4, "{read} of {FILES} read with rows");
}

/// An .ods cell of a random value type, holding a value that may not be of its type.
fn ods_cell(rng: &mut Rng) -> String {
    let text = *rng.pick(TEXTS);
    let text = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let repeat = if rng.one_in(10) {
        format!(
            r#" table:number-columns-repeated="{}""#,
            if rng.one_in(20) {
                rng.pick(&["-1", "x"])
            } else {
                rng.pick(&["2", "3", "0", "1000"])
            }
        )
    } else {
        String::new()
    };
    match rng.below(9) {
        0..=2 => format!(
            r#"<table:table-cell office:value-type="string"{repeat}><text:p>{text}</text:p></table:table-cell>"#
        ),
        3 => format!(
            r#"<table:table-cell office:value-type="float" office:value="{}"{repeat}><text:p>{text}</text:p></table:table-cell>"#,
            if rng.one_in(20) {
                rng.pick(&["abc", "", "NaN", "1e999"])
            } else {
                rng.pick(&["50", "2.5", "1e300", "5e-324", "-0"])
            }
        ),
        4 => format!(
            r#"<table:table-cell office:value-type="date" office:date-value="{}"{repeat}><text:p>{text}</text:p></table:table-cell>"#,
            rng.pick(&[
                "2022-04-01",
                "2022-04-01T10:00:00",
                "2022-13-45",
                "99999-01-01",
                "",
                "x"
            ])
        ),
        5 => format!(
            r#"<table:table-cell office:value-type="boolean" office:boolean-value="{}"{repeat}/>"#,
            rng.pick(&["true", "false", "maybe"])
        ),
        6 => format!(
            r#"<table:table-cell office:value-type="{}" office:value="{}"{repeat}/>"#,
            rng.pick(&["currency", "percentage", "time", "void"]),
            if rng.one_in(20) {
                "x"
            } else {
                rng.pick(&["12", "0.5", "PT10H"])
            }
        ),
        7 => format!(r#"<table:table-cell table:formula="of:=[.A1]"{repeat}/>"#),
        _ => format!(r#"<table:table-cell{repeat}/>"#),
    }
}

/// Writes an .ods of `content` (the XML of `content.xml`).
fn ods(path: &Path, content: &[u8]) {
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
    z.write_all(content).unwrap();
    z.finish().unwrap();
}

#[test]
fn ods_of_random_cells_is_read_or_refused_never_a_panic() {
    const SEED: u64 = 7;
    const FILES: usize = 150;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(SEED);
    let mut read = 0;
    for case in 0..FILES {
        let head: String = header(&mut rng)
            .iter()
            .map(|h| {
                format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>"#
                )
            })
            .collect();
        let mut rows = format!("<table:table-row>{head}</table:table-row>");
        for _ in 0..rng.below(20) {
            let cells: String = (0..1 + rng.below(7)).map(|_| ods_cell(&mut rng)).collect();
            let repeat = if rng.one_in(8) {
                format!(
                    r#" table:number-rows-repeated="{}""#,
                    if rng.one_in(20) {
                        rng.pick(&["-3", "y"])
                    } else {
                        rng.pick(&["2", "50", "0", "100000"])
                    }
                )
            } else {
                String::new()
            };
            rows.push_str(&format!(
                "<table:table-row{repeat}>{cells}</table:table-row>"
            ));
        }
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="交易明细">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let mut content = content.into_bytes();
        if rng.one_in(12) {
            let at = rng.below(content.len());
            content[at] = rng.next() as u8;
        }
        let name = format!("sheet{case}.ods");
        let path = dir.path().join(&name);
        ods(&path, &content);
        read += usize::from(judge(
            &format!(
                "seed {SEED}, file {case}: {}",
                String::from_utf8_lossy(&content)
            ),
            &name,
            load(&path),
        ));
    }
    // Most are refused (a bad value or repeat, a header whose fields clash); enough are read.
    assert!(read > FILES / 15, "{read} of {FILES} read with rows");
}
