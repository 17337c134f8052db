//! A fuzz target over generated Parquet schemas (issue 24, item 1): files with columns of every
//! type, in random order and under random names (some of them seller, buyer, species, weight and
//! date), read through the library. Each must be read exactly (every row accepted or rejected,
//! none lost) or refused with an error naming the file, and, when a column has a type wildchain
//! does not read, naming that column; never a panic (a DECIMAL column made polars panic, exit
//! 101).
//!
//! Two generators: files written by polars with rows (the types polars writes: integers of every
//! width it has, floats, strings, booleans, dates, datetimes (a time zone polars as built here
//! drops), durations, times, nulls, lists, structs, categoricals), and schema-only files whose footer is
//! written here in Thrift's compact protocol (as `tests/fixtures/parquet_types/make.py` does), for
//! the types polars as built here cannot write: DECIMAL over every physical type, INT96, UTC
//! timestamps, FLOAT16, UUID, INTERVAL, fixed-length binary, lists and structs of them.
//! Seeded: the same files on every run; a failure names the seed and the schema.

use std::path::Path;

use polars::prelude::*;
use wildchain::case::{Case, Options};
use wildchain::ingest::Source;

use crate::fuzz_rng::{Loaded, Rng, no_panic};

/// The fields wildchain maps, each under two of its names (English and Chinese): seller, buyer,
/// species and weight are needed, date is not.
const FIELDS: [[&str; 2]; 5] = [
    ["seller", "出售人"],
    ["buyer", "收购人"],
    ["species", "物种"],
    ["weight", "重量"],
    ["date", "交易时间"],
];
/// Column names that map to no field.
const OTHERS: &[&str] = &["price", "备注", "x", "place", "编号", "col"];

/// `count` distinct column names (at least the fields chosen), in random order; and whether the
/// four needed fields are among them.
fn column_names(rng: &mut Rng, count: usize) -> (Vec<String>, bool) {
    let mut names: Vec<String> = Vec::new();
    // Most files name the fields the header needs, so that the types are what is judged.
    let all = !rng.one_in(5);
    for (k, field) in FIELDS.iter().enumerate() {
        if (all && k < 4) || rng.one_in(2) {
            names.push(rng.pick(field).to_string());
        }
    }
    let needed = FIELDS[..4]
        .iter()
        .all(|f| names.iter().any(|n| f.contains(&n.as_str())));
    while names.len() < count {
        let n = rng.pick(OTHERS).to_string();
        let n = if names.contains(&n) {
            format!("{n}{}", names.len())
        } else {
            n
        };
        names.push(n);
    }
    rng.shuffle(&mut names);
    (names, needed)
}

/// The error of a case that did not load, with every cause below it.
fn error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut at = e.source();
    while let Some(s) = at {
        text.push_str(" | ");
        text.push_str(&s.to_string());
        at = s.source();
    }
    text
}

/// Loads `path` as the only case file; the case's (rows, accepted, rejected, rejects) or the error.
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
            Err(e) => Err(error_text(&e)),
        }
    })
}

/// A column type polars writes here.
#[derive(Debug, Clone)]
enum Kind {
    I8,
    I16,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    Text,
    Bool,
    Date,
    Datetime(TimeUnit),
    Duration(TimeUnit),
    Time,
    Null,
    List(Box<Kind>),
    Struct(Vec<Kind>),
    Categorical,
}

impl Kind {
    fn random(rng: &mut Rng, depth: usize) -> Kind {
        let units = [
            TimeUnit::Milliseconds,
            TimeUnit::Microseconds,
            TimeUnit::Nanoseconds,
        ];
        let top = if depth == 0 { 19 } else { 17 };
        match rng.below(top) {
            0 => Kind::I8,
            1 => Kind::I16,
            2 => Kind::I32,
            3 => Kind::I64,
            4 => Kind::U32,
            5 => Kind::U64,
            6 => Kind::F32,
            7 => Kind::F64,
            8 | 9 => Kind::Text,
            10 => Kind::Bool,
            11 => Kind::Date,
            12 => Kind::Datetime(*rng.pick(&units)),
            // A time zone is dropped by polars as built here (no `timezones` feature): the
            // schema-only files below hold UTC timestamps.
            13 => Kind::Datetime(*rng.pick(&units)),
            14 => Kind::Duration(*rng.pick(&units)),
            15 => Kind::Time,
            16 => Kind::Null,
            17 => Kind::List(Box::new(Kind::random(rng, depth + 1))),
            _ => Kind::Struct(
                (0..1 + rng.below(3))
                    .map(|_| Kind::random(rng, depth + 1))
                    .collect(),
            ),
        }
        .or_categorical(rng, depth)
    }

    fn or_categorical(self, rng: &mut Rng, depth: usize) -> Kind {
        if depth == 0 && rng.one_in(25) {
            Kind::Categorical
        } else {
            self
        }
    }

    /// Whether wildchain reads a column of this type (else it refuses the file naming it).
    fn read(&self) -> bool {
        match self {
            Kind::Duration(_) | Kind::Struct(_) | Kind::Categorical => false,
            Kind::List(k) => k.read(),
            _ => true,
        }
    }

    /// A series of `n` values of this type, some null, named `name`.
    fn series(&self, rng: &mut Rng, name: &str, n: usize) -> Series {
        let name: PlSmallStr = name.into();
        let ints: Vec<Option<i64>> = (0..n)
            .map(|_| {
                (!rng.one_in(6)).then(|| match rng.below(4) {
                    0 => rng.below(100) as i64,
                    1 => -(rng.below(1000) as i64),
                    2 => rng.next() as i64,
                    _ => 19_000 + rng.below(1000) as i64,
                })
            })
            .collect();
        let cast =
            |s: Series, to: &DataType| s.strict_cast(to).unwrap_or_else(|_| s.cast(to).unwrap());
        let small = |rng: &mut Rng, m: i64| -> Series {
            let v: Vec<Option<i64>> = (0..n)
                .map(|_| (!rng.one_in(6)).then(|| (rng.next() % (2 * m as u64)) as i64 - m))
                .collect();
            Series::new(name.clone(), v)
        };
        match self {
            Kind::I8 => cast(small(rng, 100), &DataType::Int8),
            Kind::I16 => cast(small(rng, 30_000), &DataType::Int16),
            Kind::I32 => cast(small(rng, 2_000_000_000), &DataType::Int32),
            Kind::I64 => Series::new(name, ints),
            Kind::U32 => {
                let v: Vec<Option<u32>> = ints.iter().map(|x| x.map(|x| x as u32)).collect();
                Series::new(name, v)
            }
            Kind::U64 => {
                let v: Vec<Option<u64>> = ints.iter().map(|x| x.map(|x| x as u64)).collect();
                Series::new(name, v)
            }
            Kind::F32 | Kind::F64 => {
                let v: Vec<Option<f64>> = (0..n)
                    .map(|_| {
                        (!rng.one_in(6)).then(|| {
                            *rng.pick(&[
                                0.5,
                                -1.0,
                                1e300,
                                f64::NAN,
                                f64::INFINITY,
                                5e-324,
                                123456789.123,
                                12.0,
                            ])
                        })
                    })
                    .collect();
                let s = Series::new(name, v);
                if matches!(self, Kind::F32) {
                    cast(s, &DataType::Float32)
                } else {
                    s
                }
            }
            Kind::Text => {
                let cells = [
                    "张三",
                    "李四",
                    "穿山甲",
                    "眼镜蛇",
                    "50斤",
                    "2.5kg",
                    "2022-04-01",
                    "",
                    " ",
                    "#N/A",
                    "1e308",
                    "王五\n",
                    "\u{1b}[2K",
                    "\u{200b}",
                    "=1+1",
                    "12",
                ];
                let v: Vec<Option<&str>> = (0..n)
                    .map(|_| (!rng.one_in(8)).then(|| *rng.pick(&cells)))
                    .collect();
                Series::new(name, v)
            }
            Kind::Bool => {
                let v: Vec<Option<bool>> = (0..n)
                    .map(|_| (!rng.one_in(6)).then(|| rng.one_in(2)))
                    .collect();
                Series::new(name, v)
            }
            Kind::Date => {
                let m = if rng.one_in(4) { 2_000_000_000 } else { 40_000 };
                cast(small(rng, m), &DataType::Date)
            }
            Kind::Datetime(u) => cast(Series::new(name, ints), &DataType::Datetime(*u, None)),
            Kind::Duration(u) => cast(Series::new(name, ints), &DataType::Duration(*u)),
            Kind::Time => {
                let v: Vec<Option<i64>> = (0..n)
                    .map(|_| (!rng.one_in(6)).then(|| (rng.next() % 86_400_000_000_000) as i64))
                    .collect();
                cast(Series::new(name, v), &DataType::Time)
            }
            Kind::Null => Series::full_null(name, n, &DataType::Null),
            Kind::List(k) => {
                let items: Vec<Option<Series>> = (0..n)
                    .map(|_| {
                        let len = rng.below(3);
                        (!rng.one_in(6)).then(|| k.series(rng, "", len))
                    })
                    .collect();
                let inner = k.series(rng, "", 0).dtype().clone();
                let mut s = Series::new(name, items.to_vec());
                if s.dtype() != &DataType::List(Box::new(inner.clone())) {
                    s = s.cast(&DataType::List(Box::new(inner))).unwrap_or(s);
                }
                s
            }
            Kind::Struct(fields) => {
                let parts: Vec<Series> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, k)| k.series(rng, &format!("f{i}"), n))
                    .collect();
                StructChunked::from_series(name, n, parts.iter())
                    .unwrap()
                    .into_series()
            }
            Kind::Categorical => {
                let s = Kind::Text.series(rng, name.as_str(), n);
                cast(s, &DataType::from_categories(Categories::global()))
            }
        }
    }
}

/// Whether a date or datetime column holds a value more than 95,000,000 days from 1970.
fn past_the_calendar(s: &Series) -> bool {
    let per_day: i64 = match s.dtype() {
        DataType::Date => 1,
        DataType::Datetime(TimeUnit::Milliseconds, _) => 86_400_000,
        DataType::Datetime(TimeUnit::Microseconds, _) => 86_400_000_000,
        _ => return false,
    };
    let n = s.cast(&DataType::Int64).unwrap();
    let n = n.i64().unwrap();
    (0..n.len())
        .filter_map(|i| n.get(i))
        .any(|v| (v / per_day).abs() > 95_000_000)
}

#[test]
fn parquet_files_of_generated_schemas_are_read_exactly_or_refused_naming_the_column() {
    const SEED: u64 = 24;
    const FILES: usize = 150;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(SEED);
    let (mut read, mut refused) = (0, 0);
    for case in 0..FILES {
        let count = 1 + rng.below(10);
        let (names, needed) = column_names(&mut rng, count);
        let count = names.len();
        let kinds: Vec<Kind> = (0..count).map(|_| Kind::random(&mut rng, 0)).collect();
        // Most name columns are text, so that rows are read.
        let kinds: Vec<Kind> = kinds
            .into_iter()
            .zip(&names)
            .map(|(k, n)| {
                let name_column = ["seller", "buyer", "species", "出售人", "收购人", "物种"]
                    .contains(&n.as_str());
                if name_column && !rng.one_in(4) {
                    Kind::Text
                } else {
                    k
                }
            })
            .collect();
        let rows = rng.below(30);
        let series: Vec<Series> = kinds
            .iter()
            .zip(&names)
            .map(|(k, n)| k.series(&mut rng, n, rows))
            .collect();
        // A date or datetime past any calendar (a random 64-bit number of milliseconds) made
        // polars panic; it is refused naming the column, after the types.
        let past: Vec<bool> = series.iter().map(past_the_calendar).collect();
        let columns: Vec<Column> = series.into_iter().map(Series::into_column).collect();
        let what = format!(
            "seed {SEED}, file {case}: {:?}",
            names.iter().zip(&kinds).collect::<Vec<_>>()
        );
        let mut df = DataFrame::new(rows, columns).unwrap_or_else(|e| panic!("{what}: {e}"));
        let path = dir.path().join(format!("case{case}.parquet"));
        let mut f = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(&mut f)
            .finish(&mut df)
            .unwrap_or_else(|e| panic!("{what}: polars cannot write it: {e}"));
        drop(f);
        let got = load(&path).unwrap_or_else(|p| panic!("{what}: panicked: {p}"));
        // The columns one of which the refusal must name: the first of a type wildchain does not
        // read; else the first date past the calendar; else, once the header maps, any list read
        // as a field.
        let field = |n: &str| FIELDS.iter().any(|f| f.contains(&n));
        let first = |ok: &dyn Fn(usize) -> bool| (0..count).find(|&k| ok(k)).into_iter().collect();
        let mut unread: Vec<usize> = first(&|k| !kinds[k].read());
        if unread.is_empty() {
            unread = first(&|k| past[k]);
        }
        if unread.is_empty() && needed {
            unread = (0..count)
                .filter(|&k| matches!(kinds[k], Kind::List(_)) && field(&names[k]))
                .collect();
        }
        match (got, unread.is_empty()) {
            (Ok(_), false) => panic!("{what}: read a column it must refuse ({unread:?})"),
            (Err(e), false) => {
                let named = (unread.iter()).any(|&k| e.contains(&format!("column {} ", names[k])));
                assert!(
                    e.contains(&format!("case{case}.parquet")) && named,
                    "{what}: refused without naming the file and a column of {unread:?}: {e}"
                );
                refused += 1;
            }
            (Ok((total, accepted, rejected, rejects)), true) => {
                assert_eq!(accepted + rejected, total, "{what}");
                assert_eq!(rejects as u64, rejected, "{what}");
                assert!(total <= rows as u64, "{what}: {total} rows of {rows}");
                read += 1;
            }
            (Err(e), true) => {
                assert!(
                    e.contains(&format!("case{case}.parquet")),
                    "{what}: refused without naming the file: {e}"
                );
                assert!(!needed || rows == 0, "{what}: refused a file it reads: {e}");
                refused += 1;
            }
        }
    }
    // The generator reaches both sides.
    assert!(
        read > FILES / 5 && refused > FILES / 5,
        "{read} read, {refused} refused"
    );
}

/// Thrift's compact protocol, as much of it as a Parquet footer needs.
mod thrift {
    pub const TRUE: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const BYTE: u8 = 3;
    pub const I32: u8 = 5;
    pub const I64: u8 = 6;
    pub const BINARY: u8 = 8;
    pub const LIST: u8 = 9;
    pub const STRUCT: u8 = 12;

    pub fn varint(mut n: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let b = (n & 0x7F) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    pub fn int(n: i64) -> Vec<u8> {
        varint(((n << 1) ^ (n >> 63)) as u64)
    }

    pub fn binary(s: &str) -> Vec<u8> {
        let mut out = varint(s.len() as u64);
        out.extend_from_slice(s.as_bytes());
        out
    }

    /// A struct of (field id, type, encoded value), ids increasing, its stop byte included.
    pub fn structure(fields: &[(u8, u8, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut last = 0;
        for (id, ty, value) in fields {
            let delta = id - last;
            if (1..=15).contains(&delta) {
                out.push((delta << 4) | ty);
            } else {
                out.push(*ty);
                out.extend(int(i64::from(*id)));
            }
            out.extend_from_slice(value);
            last = *id;
        }
        out.push(0);
        out
    }

    pub fn list(elem: u8, items: &[Vec<u8>]) -> Vec<u8> {
        let mut out = if items.len() < 15 {
            vec![((items.len() as u8) << 4) | elem]
        } else {
            let mut o = vec![0xF0 | elem];
            o.extend(varint(items.len() as u64));
            o
        };
        for i in items {
            out.extend_from_slice(i);
        }
        out
    }

    pub fn empty() -> Vec<u8> {
        structure(&[])
    }
}

/// A leaf column of a schema-only file: its Parquet physical type, converted type, logical type
/// (encoded), type length, scale and precision; and whether wildchain must read it (`Some(true)`),
/// must refuse it naming it (`Some(false)`), or may do either (`None`), never panicking.
#[derive(Debug, Clone)]
struct Leaf {
    /// What the column is, in words, for the failure messages (through `Debug`).
    #[allow(dead_code)]
    what: String,
    physical: i64,
    converted: Option<i64>,
    logical: Option<Vec<u8>>,
    length: Option<i64>,
    scale_precision: Option<(i64, i64)>,
    read: Option<bool>,
}

/// A column of a schema-only file: a leaf, a list of one, or a struct of leaves.
#[derive(Debug, Clone)]
enum Shape {
    Leaf(Leaf),
    List(Leaf),
    Struct(Vec<Leaf>),
}

impl Leaf {
    /// Whether the leaf is a DECIMAL outside the Parquet specification: a precision below 1 or
    /// past what its physical type holds (INT32 9, INT64 18, 16 bytes 38), a scale above it.
    fn out_of_spec(&self) -> bool {
        let Some((scale, precision)) = self.scale_precision else {
            return false;
        };
        let max = match (self.physical, self.length) {
            (1, _) => 9,
            (2, _) => 18,
            (7, Some(16)) => 38,
            (6, _) => i64::MAX,
            _ => 0,
        };
        precision < 1 || scale > precision || scale < 0 || precision > max
    }
}

impl Shape {
    fn out_of_spec(&self) -> bool {
        match self {
            Shape::Leaf(l) | Shape::List(l) => l.out_of_spec(),
            Shape::Struct(ls) => ls.iter().any(Leaf::out_of_spec),
        }
    }

    fn read(&self) -> Option<bool> {
        match self {
            Shape::Leaf(l) | Shape::List(l) => l.read,
            Shape::Struct(_) => Some(false),
        }
    }
}

fn leaf(rng: &mut Rng) -> Leaf {
    use thrift::*;
    let (boolean, int32, int64, int96, float, double, bytes, fixed) = (0, 1, 2, 3, 4, 5, 6, 7);
    let unit = |rng: &mut Rng| {
        let k = 1 + rng.below(3) as u8;
        (k, structure(&[(k, STRUCT, empty())]))
    };
    let plain = |what: &str, physical, read| Leaf {
        what: what.to_string(),
        physical,
        converted: None,
        logical: None,
        length: None,
        scale_precision: None,
        read,
    };
    match rng.below(17) {
        0 | 1 => Leaf {
            converted: Some(0),
            logical: Some(structure(&[(1, STRUCT, empty())])),
            ..plain("string", bytes, Some(true))
        },
        2 => plain("binary", bytes, Some(true)),
        3 => plain("int32", int32, Some(true)),
        4 => plain("int64", int64, Some(true)),
        5 => plain("boolean", boolean, Some(true)),
        6 => plain("float", float, Some(true)),
        7 => plain("double", double, Some(true)),
        8 => Leaf {
            converted: Some(6),
            logical: Some(structure(&[(6, STRUCT, empty())])),
            ..plain("date", int32, Some(true))
        },
        9 => {
            // Integers of every width, signed or not.
            let (bits, signed) = (*rng.pick(&[8i64, 16, 32, 64]), rng.one_in(2));
            let converted = match (bits, signed) {
                (8, false) => 11,
                (16, false) => 12,
                (32, false) => 13,
                (64, false) => 14,
                (8, true) => 15,
                (16, true) => 16,
                (32, true) => 17,
                _ => 18,
            };
            let int = structure(&[
                (1, BYTE, vec![bits as u8]),
                (2, if signed { TRUE } else { FALSE }, vec![]),
            ]);
            Leaf {
                converted: Some(converted),
                logical: Some(structure(&[(10, STRUCT, int)])),
                ..plain(
                    &format!("INT({bits},{signed})"),
                    if bits == 64 { int64 } else { int32 },
                    None,
                )
            }
        }
        10 | 11 => {
            // A timestamp, in UTC or local, of any unit.
            let utc = rng.one_in(2);
            let (k, u) = unit(rng);
            let ts = structure(&[(1, if utc { TRUE } else { FALSE }, vec![]), (2, STRUCT, u)]);
            Leaf {
                converted: (k < 3).then_some(if k == 1 { 9 } else { 10 }),
                logical: Some(structure(&[(8, STRUCT, ts)])),
                ..plain(
                    &format!("TIMESTAMP(utc={utc}, unit {k})"),
                    int64,
                    Some(!utc),
                )
            }
        }
        12 => {
            let (k, u) = unit(rng);
            let t = structure(&[(1, FALSE, vec![]), (2, STRUCT, u)]);
            Leaf {
                logical: Some(structure(&[(7, STRUCT, t)])),
                ..plain(
                    &format!("TIME(unit {k})"),
                    if k == 1 { int32 } else { int64 },
                    None,
                )
            }
        }
        13 | 14 => {
            // DECIMAL over every physical type, sometimes with a precision or scale out of range.
            let (physical, max) = *rng.pick(&[(int32, 9), (int64, 18), (fixed, 38), (bytes, 76)]);
            let precision = if rng.one_in(8) {
                rng.below(100) as i64
            } else {
                1 + rng.below(max) as i64
            };
            let scale = if rng.one_in(8) {
                precision + 1
            } else {
                rng.below(precision as usize + 1) as i64
            };
            let d = structure(&[(1, I32, int(scale)), (2, I32, int(precision))]);
            // A DECIMAL out of the specification is refused too, naming the column: wildchain
            // reads the footer itself when polars refuses it.
            Leaf {
                converted: Some(5),
                logical: Some(structure(&[(5, STRUCT, d)])),
                length: (physical == fixed).then_some(16),
                scale_precision: Some((scale, precision)),
                ..plain(
                    &format!("DECIMAL({precision},{scale}) over {physical}"),
                    physical,
                    Some(false),
                )
            }
        }
        15 => {
            // Fixed-length binary: plain, FLOAT16, UUID, INTERVAL.
            let (what, len, converted, logical) = *rng.pick(&[
                ("fixed", 5i64, None, None),
                ("FLOAT16", 2, None, Some(15u8)),
                ("UUID", 16, None, Some(14)),
                ("INTERVAL", 12, Some(21i64), None),
            ]);
            Leaf {
                converted,
                logical: logical.map(|l| structure(&[(l, STRUCT, empty())])),
                length: Some(len),
                ..plain(what, fixed, None)
            }
        }
        _ => {
            // INT96, JSON, BSON, ENUM.
            let (what, physical, converted, logical) = *rng.pick(&[
                ("INT96", int96, None, None),
                ("JSON", bytes, Some(19i64), Some(12u8)),
                ("BSON", bytes, Some(20), Some(13)),
                ("ENUM", bytes, Some(4), Some(4)),
            ]);
            Leaf {
                converted,
                logical: logical.map(|l| structure(&[(l, STRUCT, empty())])),
                length: (physical == int96).then_some(12),
                ..plain(what, physical, None)
            }
        }
    }
}

/// The schema element of a leaf; repetition 1 (optional) or 2 (repeated).
fn leaf_element(name: &str, l: &Leaf, repetition: i64) -> Vec<u8> {
    use thrift::*;
    let mut f = vec![(1, I32, int(l.physical))];
    if let Some(n) = l.length {
        f.push((2, I32, int(n)));
    }
    f.push((3, I32, int(repetition)));
    f.push((4, BINARY, binary(name)));
    if let Some(c) = l.converted {
        f.push((6, I32, int(c)));
    }
    if let Some((s, p)) = l.scale_precision {
        f.push((7, I32, int(s)));
        f.push((8, I32, int(p)));
    }
    if let Some(lt) = &l.logical {
        f.push((10, STRUCT, lt.clone()));
    }
    structure(&f)
}

/// A group's schema element: its name, children, and converted and logical type (a list).
fn group_element(name: &str, repetition: i64, children: usize, is_list: bool) -> Vec<u8> {
    use thrift::*;
    let mut f = vec![
        (3, I32, int(repetition)),
        (4, BINARY, binary(name)),
        (5, I32, int(children as i64)),
    ];
    if is_list {
        f.push((6, I32, int(3)));
        f.push((10, STRUCT, structure(&[(3, STRUCT, empty())])));
    }
    structure(&f)
}

/// The bytes of a Parquet file with these columns and no rows.
fn schema_only(columns: &[(String, Shape)]) -> Vec<u8> {
    use thrift::*;
    let mut elements = vec![structure(&[
        (4, BINARY, binary("schema")),
        (5, I32, int(columns.len() as i64)),
    ])];
    for (name, shape) in columns {
        match shape {
            Shape::Leaf(l) => elements.push(leaf_element(name, l, 1)),
            Shape::List(l) => {
                elements.push(group_element(name, 1, 1, true));
                elements.push(group_element("list", 2, 1, false));
                elements.push(leaf_element("element", l, 1));
            }
            Shape::Struct(fields) => {
                elements.push(group_element(name, 1, fields.len(), false));
                for (i, l) in fields.iter().enumerate() {
                    elements.push(leaf_element(&format!("f{i}"), l, 1));
                }
            }
        }
    }
    let meta = structure(&[
        (1, I32, int(1)),
        (2, LIST, list(STRUCT, &elements)),
        (3, I64, int(0)),
        (4, LIST, list(STRUCT, &[])),
    ]);
    let mut out = b"PAR1".to_vec();
    out.extend_from_slice(&meta);
    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
    out.extend_from_slice(b"PAR1");
    out
}

#[test]
fn parquet_schemas_polars_cannot_write_are_read_or_refused_naming_the_column() {
    const SEED: u64 = 2024;
    const FILES: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(SEED);
    let (mut refused_by_name, mut read) = (0, 0);
    for case in 0..FILES {
        let count = 1 + rng.below(10);
        let (mut names, _) = column_names(&mut rng, count);
        if rng.one_in(10) {
            // A name a terminal would act on: quoted escaped.
            let k = rng.below(names.len());
            names[k] = format!("{}\u{1b}[2K", names[k]);
        }
        let columns: Vec<(String, Shape)> = names
            .iter()
            .map(|n| {
                let shape = match rng.below(10) {
                    0 => Shape::List(leaf(&mut rng)),
                    1 => Shape::Struct((0..1 + rng.below(3)).map(|_| leaf(&mut rng)).collect()),
                    // The name columns are mostly text, so that the other types are judged.
                    _ if ["seller", "buyer", "species", "出售人", "收购人", "物种"]
                        .contains(&n.as_str())
                        && !rng.one_in(4) =>
                    {
                        Shape::Leaf(Leaf {
                            what: "string".into(),
                            physical: 6,
                            converted: Some(0),
                            logical: Some(thrift::structure(&[(
                                1,
                                thrift::STRUCT,
                                thrift::empty(),
                            )])),
                            length: None,
                            scale_precision: None,
                            read: Some(true),
                        })
                    }
                    _ => Shape::Leaf(leaf(&mut rng)),
                };
                (n.clone(), shape)
            })
            .collect();
        let mut bytes = schema_only(&columns);
        // Now and then a footer with a byte changed: refused naming the file, or read.
        let damaged = rng.one_in(8);
        if damaged {
            let at = 4 + rng.below(bytes.len() - 12);
            bytes[at] ^= 1 << rng.below(8);
        }
        let what = format!(
            "seed {SEED}, file {case}{}: {:?}",
            if damaged { " (damaged)" } else { "" },
            columns
                .iter()
                .map(|(n, s)| (n.as_str(), s))
                .collect::<Vec<_>>()
        );
        let path = dir.path().join(format!("schema{case}.parquet"));
        std::fs::write(&path, &bytes).unwrap();
        let got = load(&path).unwrap_or_else(|p| panic!("{what}: panicked: {p}"));
        match got {
            Ok((rows, accepted, rejected, rejects)) => {
                assert_eq!((rows, accepted, rejected, rejects), (0, 0, 0, 0), "{what}");
                assert!(
                    damaged || columns.iter().all(|(_, s)| s.read() != Some(false)),
                    "{what}: read a column it must refuse"
                );
                read += 1;
            }
            Err(e) => {
                assert!(
                    e.contains(&format!("schema{case}.parquet")),
                    "{what}: refused without naming the file: {e}"
                );
                if damaged {
                    continue;
                }
                // The columns up to the first that must be refused, that may be refused.
                let first = columns.iter().position(|(_, s)| s.read() == Some(false));
                if let Some(first) = first {
                    // A DECIMAL outside the specification is refused first, wherever it is:
                    // polars refuses the footer before the types are judged.
                    let named = columns[..=first]
                        .iter()
                        .filter(|(_, s)| s.read() != Some(true))
                        .chain(columns.iter().filter(|(_, s)| s.out_of_spec()))
                        .any(|(n, _)| e.contains(&format!("column {} is", n.escape_debug())));
                    assert!(named, "{what}: refused without naming the column: {e}");
                    refused_by_name += 1;
                }
            }
        }
    }
    assert!(
        refused_by_name > FILES / 5 && read > FILES / 20,
        "{refused_by_name} refused naming the column, {read} read"
    );
}

/// A text column of a schema-only file.
fn text_leaf() -> Leaf {
    Leaf {
        what: "string".into(),
        physical: 6,
        converted: Some(0),
        logical: Some(thrift::structure(&[(1, thrift::STRUCT, thrift::empty())])),
        length: None,
        scale_precision: None,
        read: Some(true),
    }
}

/// A DECIMAL(precision, scale) leaf over a physical type (1 INT32, 2 INT64, 7 fixed of `length`).
fn decimal_leaf(physical: i64, length: Option<i64>, precision: i64, scale: i64) -> Leaf {
    use thrift::*;
    let d = structure(&[(1, I32, int(scale)), (2, I32, int(precision))]);
    Leaf {
        what: format!("DECIMAL({precision},{scale})"),
        physical,
        converted: Some(5),
        logical: Some(structure(&[(5, STRUCT, d)])),
        length,
        scale_precision: Some((scale, precision)),
        read: Some(false),
    }
}

#[test]
fn a_decimal_outside_the_parquet_specification_was_refused_naming_only_the_file() {
    // As an officer's export from a misconfigured Spark job: Chinese headers, the weight or the
    // price a DECIMAL no Parquet reader may accept.
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "重量",
            decimal_leaf(7, Some(16), 40, 6),
            "DECIMAL(40,6) over FIXED_LEN_BYTE_ARRAY(16)",
        ),
        (
            "价格",
            decimal_leaf(7, Some(16), 5, 7),
            "DECIMAL(5,7) over FIXED_LEN_BYTE_ARRAY(16)",
        ),
        (
            "金额",
            decimal_leaf(1, None, 12, 2),
            "DECIMAL(12,2) over INT32",
        ),
        (
            "金额",
            decimal_leaf(2, None, 30, 2),
            "DECIMAL(30,2) over INT64",
        ),
        (
            "金额",
            decimal_leaf(0, None, 5, 2),
            "DECIMAL(5,2) over BOOLEAN",
        ),
        (
            "金额",
            decimal_leaf(1, None, 0, 0),
            "DECIMAL(0,0) over INT32",
        ),
    ];
    for (k, (name, leaf, stored)) in cases.into_iter().enumerate() {
        let mut columns: Vec<(String, Shape)> = ["出售人", "收购人", "物种", "备注"]
            .iter()
            .map(|n| (n.to_string(), Shape::Leaf(text_leaf())))
            .collect();
        if name != "重量" {
            columns.push(("重量".into(), Shape::Leaf(text_leaf())));
        }
        // The bad column in the middle, so that a column after it is not named instead.
        columns.insert(2, (name.to_string(), Shape::Leaf(leaf)));
        let path = dir.path().join(format!("交易{k}.parquet"));
        std::fs::write(&path, schema_only(&columns)).unwrap();
        let e = load(&path)
            .expect("no panic")
            .expect_err("a DECIMAL outside the specification is refused");
        for part in [
            format!("交易{k}.parquet"),
            format!("column {name} is {stored}"),
            "outside the Parquet specification".to_string(),
        ] {
            assert!(e.contains(&part), "{stored}: {part:?} not in: {e}");
        }
    }
}
