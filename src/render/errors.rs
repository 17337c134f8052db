//! Errors in words of a language. Each error type's `Display` is its English text (for logs and
//! tests); here the typed errors the command line meets are worded in Chinese from their facts:
//! the case's refusals ([`crate::case::Error`]), ingest's ([`crate::ingest::Error`]: files,
//! places, headers), the outputs' ([`super::OutputError`]) and the system's ([`std::io::Error`]).
//! An error not known here keeps its English text.

use std::error::Error as StdError;
use std::io;

use crate::case::{Error as CaseError, NoSuchNetwork, NoSuchSpecies, RowsGiven, Sameness, Strict};
use crate::ingest::Error as IngestError;
use crate::ingest::error::{At, Place, Unread, Why};
use crate::ingest::header::HeaderError;
use crate::render::OutputError;
use crate::render::lang::{Lang, more, place};
use crate::render::reason::reasons;

/// One link of an error chain in `lang` (without its sources, as `Display` goes), or `None`
/// when the link is of a type not worded here.
pub fn word(e: &(dyn StdError + 'static), lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return Some(e.to_string());
    }
    if let Some(e) = e.downcast_ref::<CaseError>() {
        return Some(case_zh(e));
    }
    if let Some(e) = e.downcast_ref::<Strict>() {
        return Some(strict_zh(e));
    }
    if let Some(e) = e.downcast_ref::<NoSuchNetwork>() {
        return Some(network_zh(e));
    }
    if let Some(e) = e.downcast_ref::<NoSuchSpecies>() {
        return Some(species_zh(e));
    }
    if let Some(e) = e.downcast_ref::<crate::graph::PartyError>() {
        return Some(party_zh(e));
    }
    if let Some(e) = e.downcast_ref::<IngestError>() {
        return Some(ingest_zh(e));
    }
    if let Some(e) = e.downcast_ref::<HeaderError>() {
        return Some(header_zh(e));
    }
    if let Some(e) = e.downcast_ref::<OutputError>() {
        return Some(output_zh(e));
    }
    if let Some(e) = e.downcast_ref::<io::Error>() {
        return Some(io_zh(e));
    }
    None
}

fn case_zh(e: &CaseError) -> String {
    match e {
        CaseError::Mixed(RowsGiven::Input) => {
            "--links 与 --input 不能同时使用：请先汇总交易行（wildchain links）".into()
        }
        CaseError::Mixed(RowsGiven::Files) => {
            "validate FILE… 读取的是案件文件：交易关系文件只能用 --links FILE 给出".into()
        }
        CaseError::Duplicate { first, second, how } => {
            let what = match how {
                Sameness::Path => format!("{second} 给出了两次"),
                Sameness::File => format!("{second} 与 {first} 是同一个文件（链接或别名）"),
                Sameness::Content => format!("{second} 与 {first} 内容逐字节相同"),
            };
            format!("{what}：每一行都会被算两次；每个文件只给一次")
        }
        CaseError::Read(e) | CaseError::Rejects(e) => ingest_zh(e),
        CaseError::Strict(s) => strict_zh(s),
        CaseError::NoSuchNetwork(n) => network_zh(n),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn strict_zh(s: &Strict) -> String {
    let mut t = format!("{} 行中有 {} 行被拒绝（--strict）：", s.rows, s.rejected);
    for r in &s.first {
        t.push_str(&format!(
            "\n  {}：{}",
            place(&r.file, r.row, Lang::Zh),
            reasons(&r.reasons, Lang::Zh)
        ));
    }
    let shown = s.first.len() as u64;
    if s.rejected > shown {
        t.push_str(&format!(
            "\n  {}（--rejects FILE 可列出全部）",
            more((s.rejected - shown) as usize, Lang::Zh)
        ));
    }
    t
}

fn network_zh(n: &NoSuchNetwork) -> String {
    format!(
        "--network {}：数据中只有 {} 个网络，从 1 开始编号",
        n.asked, n.networks
    )
}

fn species_zh(s: &NoSuchSpecies) -> String {
    if s.closest.is_empty() {
        format!(
            "数据中没有物种“{}”（数据中有：{}）",
            s.name,
            s.species.join("、")
        )
    } else {
        let c: Vec<String> = s.closest.iter().map(|c| format!("“{c}”")).collect();
        format!("数据中没有物种“{}”；是否指 {}？", s.name, c.join(" 或 "))
    }
}

fn party_zh(e: &crate::graph::PartyError) -> String {
    use crate::graph::PartyError;
    match e {
        PartyError::NoLink { name } => format!("当事人“{name}”没有所选物种的交易关系"),
        PartyError::NotFound { name, closest } if closest.is_empty() => {
            format!("数据中没有名为“{name}”的当事人")
        }
        PartyError::NotFound { name, closest } => {
            let c: Vec<String> = closest.iter().map(|c| format!("“{c}”")).collect();
            format!(
                "数据中没有名为“{name}”的当事人；是否指 {}？",
                c.join(" 或 ")
            )
        }
    }
}

/// The verb of [`IngestError::File`] (`read`, `open` …) in Chinese.
fn doing_zh(doing: &str) -> &str {
    match doing {
        "read" => "读取",
        "open" => "打开",
        "create" => "创建",
        "write" => "写入",
        "decode" => "解码",
        other => other,
    }
}

fn ingest_zh(e: &IngestError) -> String {
    match e {
        IngestError::File {
            doing: "hash",
            path,
            error,
        } => format!(
            "无法读取 {} 以计算其哈希值：{}",
            path.display(),
            io_zh(error)
        ),
        IngestError::File { doing, path, error } => format!(
            "无法{} {}：{}",
            doing_zh(doing),
            path.display(),
            io_zh(error)
        ),
        IngestError::At(p) => place_zh(p),
        IngestError::Header(h) => header_zh(h),
        IngestError::Io(e) => io_zh(e),
        IngestError::Context { context, inner } => format!("{context}：{}", ingest_zh(inner)),
        IngestError::Input { why } => why_zh(why),
        other => other.to_string(),
    }
}

/// A place in a file, in Chinese; a column named in ASCII (a key such as `to_product`) in
/// backquotes.
fn place_zh(p: &Place) -> String {
    let mut t = String::new();
    match p.at {
        Some(At::Line(n)) => t.push_str(&format!("{} 第 {n} 行", p.file)),
        Some(At::Row(n)) => t.push_str(&place(&p.file, n, Lang::Zh)),
        Some(At::Record(n)) => t.push_str(&format!("{} 第 {n} 条记录", p.file)),
        None => t.push_str(&p.file),
    }
    match &p.column {
        Some(c) if c.is_ascii() => t.push_str(&format!("，`{c}` 列")),
        Some(c) => t.push_str(&format!("，{c} 列")),
        None => {}
    }
    t.push('：');
    if let Some(v) = &p.value {
        t.push_str(&format!("“{v}” "));
    }
    t.push_str(&why_zh(&p.why));
    t
}

/// What is wrong with a source or at a place, in Chinese, from its facts; words not typed yet
/// ([`Why::Text`]) are matched against [`known_zh`], else kept.
fn why_zh(why: &Why) -> String {
    use crate::ingest::species::conversions::{MAX_FACTOR, MIN_FACTOR};
    let quoted = |v: &[String]| {
        v.iter()
            .map(|h| format!("“{h}”"))
            .collect::<Vec<_>>()
            .join("、")
    };
    match why {
        Why::Text(t) => known_zh(t).map_or_else(|| t.clone(), str::to_string),
        Why::NotInEncoding {
            encoding,
            given,
            offset,
        } => {
            let mut t = format!("不是有效的 {encoding} 文本（--encoding {given}）");
            if let Some(at) = offset {
                t.push_str(&format!("：偏移量 {at} 处的字节无效"));
            }
            t
        }
        Why::NotAsItsMark { encoding } => {
            format!("以 {encoding} 的字节顺序标记（BOM）开头，却不是有效的 {encoding} 文本")
        }
        Why::ZeroBytes => "不是文本：其中有零字节，也不是工作簿（.xlsx/.xls/.ods）或 Parquet 文件；已试过 UTF-8、UTF-16 和 GB18030".into(),
        Why::NotUtf16 => {
            "不是文本：看似没有字节顺序标记（BOM）的 UTF-16，却不能按它解码".into()
        }
        Why::UnknownEncoding { byte, offset } => format!(
            "无法判断文本编码：不是 UTF-8（偏移量 {offset} 处有无效字节 0x{byte:02X}），没有 UTF-16 的字节顺序标记（BOM），也不是 GB18030/GBK；请用 --encoding 给出编码（如 `big5`、`shift_jis`、`windows-1252`），或把文件另存为 UTF-8 CSV"
        ),
        Why::StreamNotUtf8 { encoding } => format!(
            "wildchain normalize 逐段读取 UTF-8 文本；请先转换编码（`iconv -f {encoding} -t UTF-8`）"
        ),
        Why::StreamInvalidByte { offset } => format!(
            "不是 UTF-8 文本（偏移量 {offset} 处的字节无效）；wildchain normalize 逐段读取 UTF-8 文本：请先转换编码（`iconv -f GBK -t UTF-8`）"
        ),
        Why::StreamNotText { kind } => {
            format!("wildchain normalize 逐段读取分隔文本，而这是 {kind} 文件")
        }
        Why::NoRowColumn { column, header } => format!(
            "没有作行号的“{column}”列（表头为：{}）",
            quoted(header)
        ),
        Why::RowColumnIsAField { column } => {
            format!("行号列“{column}”同时被读作一个字段")
        }
        Why::NotInSpeciesTable => "不在物种表中".into(),
        Why::NotAProduct => "不是产品词表中的产品".into(),
        Why::SameProduct => "与 `from_product` 是同一产品".into(),
        Why::NotPositive => "不是正数".into(),
        Why::FactorOutOfRange => format!(
            "不是 {MIN_FACTOR} 到 {MAX_FACTOR} 之间的系数（每千克 `from_product` 折合的 `to_product` 千克数）：按它换算出的不再是重量"
        ),
        Why::NoSource => "为空：系数须注明出处".into(),
        Why::ConversionTwice => "此换算给出了两次".into(),
        Why::BaseValueColumns { missing, header } => format!(
            "基准价值文件需要 `taxon`（物种）、`base_value_yuan`（基准价值）、`source`（来源）、`as_of`（日期）列；缺少 `{missing}`（表头为：{}）",
            quoted(header)
        ),
        Why::NoColumn { column, header } => {
            format!("没有 `{column}` 列（表头为：{}）", quoted(header))
        }
        Why::LinksColumns {
            required,
            missing,
            header,
        } => {
            let keys = |v: &mut dyn Iterator<Item = &str>| {
                v.map(|k| format!("`{k}`")).collect::<Vec<_>>().join("、")
            };
            format!(
                "交易关系文件需要 {} 列；缺少 {}（表头为：{}）",
                keys(&mut required.iter().copied()),
                keys(&mut missing.iter().map(String::as_str)),
                quoted(header)
            )
        }
        Why::NotPerAnimal { value } => {
            format!("`base_value_yuan`（基准价值）列：“{value}”不是以元计的每只价值")
        }
        Why::NeedsTaxonAndSource => "每个基准价值都须写明物种及其出处".into(),
        Why::NotAsOf => "不是日期（年、月或日：2017、2017-06、2017-06-01）".into(),
        Why::TaxonNotInTable => {
            "不在物种表中：请在物种表中为它加一行（--species-table），或用表中已有的名称".into()
        }
        Why::TaxonTwice { name, first } => {
            format!("又是分类单元 {name}（第 {first} 行已给出它的基准价值）：只保留一行")
        }
        // A line in another encoding: said as a rows file's rejected line is (the kind names
        // no column).
        Why::Foreign(kind) => {
            let r = crate::ingest::cell::reason::Reason::new(
                crate::ingest::cell::reason::Column::Seller,
                kind.clone(),
            );
            crate::render::reason::reason(&r, Lang::Zh)
        }
        Why::NotARank { ranks } => {
            let ranks: Vec<String> = ranks.iter().map(|r| format!("`{r}`")).collect();
            format!("不是以下分类等级之一：{}", ranks.join("、"))
        }
        Why::NotCites => {
            "不是 CITES 附录：请写 I、II 或 III（一个分类单元分属两个附录时写 I/II）".into()
        }
        Why::NotChinaGrade { grades } => {
            format!("不是国家保护级别：请写以下之一：{}", grades.join("、"))
        }
        Why::NotYesNo => "不是 `yes` 或 `no`".into(),
        Why::NotTwoNames => "应有两个名称：别名,正式名称（`alias,canonical`）".into(),
        Why::ThirdName { mark: true } => "是第三个名称：每行只写两个名称（别名,正式名称，可再标注 `unconfirmed`）；每个别名请各占一行".into(),
        Why::ThirdName { mark: false } => {
            "是第三个名称：每行只写两个名称（别名,正式名称）；每个别名请各占一行".into()
        }
        Why::AliasTwice {
            alias,
            old,
            canonical,
        } => format!("“{alias}”已是“{old}”的别名，不能再作“{canonical}”的别名"),
        Why::AliasCircle { start, circle } => format!(
            "“{start}”的别名绕成了一个圈：{}；请删除或改正其中一行",
            circle_steps_zh(circle)
        ),
        Why::NotAWorkbook { error } => {
            format!("无法读取工作簿（已试过 .xls、.xlsx、.xlsb、.ods）：{error}")
        }
        Why::NoSuchSheet { sheet, sheets } => {
            format!("没有名为“{sheet}”的工作表；工作簿中有：{}", quoted(sheets))
        }
        Why::NoSheet => "工作簿中没有工作表".into(),
        Why::SheetEmpty { sheet } => {
            format!("工作表“{sheet}”为空：应有一行表头（出售方、收购方、物种、重量、日期）")
        }
        Why::SheetHeader {
            sheet,
            error,
            other: None,
        } => format!("工作表“{sheet}”：{}", header_zh(error)),
        Why::SheetHeader {
            sheet,
            error,
            other: Some(o),
        } => format!(
            "工作表“{sheet}”：{}；工作表“{o}”有这些列：请用 --sheet '{o}'",
            header_zh(error)
        ),
        Why::CannotConvertSheet { error } => format!("无法转换该工作表：{error}"),
        Why::PastHeader { columns } => format!(
            "不在表头的任何一列中（表头共 {columns} 列）：请在表头中为该列命名，或把该单元格移到它的列中"
        ),
        Why::HeaderTwice { first } => {
            format!("也是第 {first} 列的名称：只会读取其中一列；请改名其中一列")
        }
        Why::ParquetUnread { column, stored } => format!(
            "列 {} 是{}，wildchain 不读取这种类型：{}",
            column.escape_debug(),
            unread_zh(stored),
            match stored {
                Unread::ZonedDatetime { .. } => {
                    "请把它存为不带时区的本地时间（在 Spark 或 pyarrow 中转换为 timestamp without time zone）或文本后重新写出文件"
                }
                Unread::Duration | Unread::Interval => {
                    "请把它存为文本或秒数后重新写出文件"
                }
                _ => "请把它存为文本（在 Spark 或 pyarrow 中转换为 string，可保留每一位数字）后重新写出文件",
            }
        ),
        Why::ParquetOutOfSpec {
            column,
            stored,
            words,
        } => format!(
            "列 {} 的类型是 {stored}，不符合 Parquet 规范（{words}）：写出该文件的程序把类型写错了；请把该列存为文本（或存为其物理类型能容纳的 DECIMAL）后重新写出文件",
            column.escape_debug()
        ),
    }
}

/// A Parquet column type wildchain does not read, in Chinese.
fn unread_zh(u: &Unread) -> String {
    match u {
        Unread::Decimal { precision, scale } => format!(" DECIMAL({precision},{scale})"),
        Unread::ZonedDatetime { zone } => format!("带时区（{zone}）的日期时间"),
        Unread::Duration => "时长".into(),
        Unread::Interval => "时间间隔".into(),
        Unread::Int128 => " 128 位整数".into(),
        Unread::SmallUnsigned => " 8 位或 16 位无符号整数".into(),
        Unread::Float16 => " 16 位浮点数".into(),
        Unread::ListOf(inner) => format!("由{}组成的列表", unread_zh(inner).trim()),
        Unread::FixedSizeList => "定长列表".into(),
        Unread::Struct => "结构体（struct）".into(),
        Unread::Map => "映射（map）".into(),
        Unread::Dictionary => "字典（分类）类型".into(),
        Unread::Other(t) => format!(" {t} 类型"),
    }
}

/// The steps of a circle of aliases, each with its row, in Chinese (see the English in
/// `ingest::error`).
fn circle_steps_zh(circle: &[(String, u64)]) -> String {
    let shown = crate::ingest::error::CIRCLE_SHOWN;
    let mut steps: Vec<String> = (circle.iter().take(shown))
        .map(|(name, row)| format!("“{name}”（第 {row} 行）"))
        .collect();
    if circle.len() > shown {
        steps.push(format!("……（另有 {} 行）", circle.len() - shown));
    }
    if let Some((first, _)) = circle.first() {
        steps.push(format!("“{first}”"));
    }
    steps.join(" → ")
}

/// The Chinese of ingest's most frequent untyped messages, matched whole (a stopgap until ingest
/// types them: [`IngestError::Input`] holds text).
fn known_zh(why: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        ("no such file", "没有这个文件"),
        (
            "the file is empty: expected a header row (seller, buyer, species, weight, date)",
            "文件为空：应有一行表头（出售方、收购方、物种、重量、日期）",
        ),
    ];
    KNOWN.iter().find(|(en, _)| *en == why).map(|(_, zh)| *zh)
}

fn header_zh(h: &HeaderError) -> String {
    match h {
        HeaderError::NotAPair { pair } => {
            format!("“{pair}”不是 COLUMN=HEADER 的形式（如 `seller=出售人`）")
        }
        HeaderError::NoHeader { pair, field } => format!("“{pair}”没有给出 `{field}` 的表头"),
        HeaderError::MappedTwice { field } => format!("--map 两次给出了 `{field}`"),
        HeaderError::NoSuchColumn {
            field,
            header,
            shown,
        } => format!("--map {field}={header}：文件中没有“{header}”列；表头为：{shown}"),
        HeaderError::TwoColumns {
            field,
            first,
            second,
        } => format!(
            "第 {} 列（“{}”）和第 {} 列（“{}”）都表示 `{field}`；请用 --map {field}=HEADER 选定一列",
            first.0, first.1, second.0, second.1
        ),
        HeaderError::Missing { fields, shown } => {
            let missing: Vec<String> = fields
                .iter()
                .map(|f| {
                    let mut names: Vec<&str> = f.synonyms()[1..].to_vec();
                    names.extend(f.weak_synonyms());
                    format!("`{f}`（或 `{}`）", names.join("/"))
                })
                .collect();
            format!(
                "缺少必需的列 {}；表头为：{shown}；可用 --map FIELD=HEADER 指定",
                missing.join("、")
            )
        }
        other => other.to_string(),
    }
}

fn output_zh(e: &OutputError) -> String {
    match e {
        OutputError::OntoOutput { output, other } => format!(
            "拒绝写入 {}：它也是输出 {}；每个输出请用各自的文件",
            output.display(),
            other.display()
        ),
        OutputError::OntoInput { output, input } => format!(
            "拒绝写入 {}：它是输入文件 {}；请写到另一个文件",
            output.display(),
            input.display()
        ),
        OutputError::Create { path, .. } => format!("无法创建 {}", path.display()),
        OutputError::Write { path, .. } => format!("无法写入 {}", path.display()),
        OutputError::Flush(e) => io_zh(e),
    }
}

/// A system error in Chinese by its kind; an error of another kind keeps the system's text.
fn io_zh(e: &io::Error) -> String {
    use io::ErrorKind::*;
    let t = match e.kind() {
        NotFound => "没有这个文件或目录",
        PermissionDenied => "没有权限",
        AlreadyExists => "文件已存在",
        IsADirectory => "这是一个目录",
        NotADirectory => "不是目录",
        StorageFull => "磁盘已满",
        InvalidData => "数据无效（不是所说的格式或编码）",
        UnexpectedEof => "文件意外结束",
        BrokenPipe => "管道已关闭",
        _ => return e.to_string(),
    };
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_report_cannot_hash_was_said_in_english_under_lang_zh() {
        let e = IngestError::File {
            doing: "hash",
            path: "案件.csv".into(),
            error: io::Error::new(io::ErrorKind::NotFound, "x"),
        };
        assert_eq!(e.to_string(), "cannot read 案件.csv to hash it: x");
        assert_eq!(
            word(&e, Lang::Zh).unwrap(),
            "无法读取 案件.csv 以计算其哈希值：没有这个文件或目录"
        );
    }

    #[test]
    fn case_refusals_are_worded_in_chinese_and_english_stays_display() {
        let n = CaseError::NoSuchNetwork(NoSuchNetwork {
            asked: 9,
            networks: 2,
        });
        assert_eq!(word(&n, Lang::En).unwrap(), n.to_string());
        assert_eq!(
            word(&n, Lang::Zh).unwrap(),
            "--network 9：数据中只有 2 个网络，从 1 开始编号"
        );
        let io = io::Error::new(io::ErrorKind::NotFound, "x");
        assert_eq!(word(&io, Lang::Zh).unwrap(), "没有这个文件或目录");
    }

    #[test]
    fn an_ingest_reason_is_worded_from_its_facts_and_untyped_words_stay() {
        let e = IngestError::from(Place::cell(
            "c.csv",
            2,
            "to_product",
            "翅",
            Why::NotAProduct,
        ));
        assert_eq!(
            word(&e, Lang::Zh).unwrap(),
            "c.csv 第 2 行，`to_product` 列：“翅” 不是产品词表中的产品"
        );
        assert_eq!(
            word(&e, Lang::En).unwrap(),
            "c.csv row 2, column to_product: '翅' is not a product of the vocabulary"
        );
        let gbk = IngestError::input(Why::NotInEncoding {
            encoding: "GBK".into(),
            given: "GBK".into(),
            offset: None,
        })
        .context("a.csv");
        assert_eq!(
            word(&gbk, Lang::Zh).unwrap(),
            "a.csv：不是有效的 GBK 文本（--encoding GBK）"
        );
        assert_eq!(gbk.to_string(), "a.csv: not valid GBK (--encoding GBK)");
        // Words not typed yet: known ones in Chinese, others as written.
        assert_eq!(
            word(&IngestError::input("no such file"), Lang::Zh).unwrap(),
            "没有这个文件"
        );
        assert_eq!(word(&IngestError::input("odd"), Lang::Zh).unwrap(), "odd");
    }
}
