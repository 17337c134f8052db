//! The language of the words wildchain prints for people (table headers, roles, lead sentences,
//! diagram legends, the report): English or Chinese, picked once by `--lang` or from the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`: `zh_CN.UTF-8` → Chinese) and handed to renderers in a
//! [`Style`](super::Style). JSON and CSV keys stay English, for scripts.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language a locale string asks for (`zh_CN.UTF-8`, `zh_TW`, `zh` → Chinese; anything
    /// else → English).
    pub fn of_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the environment: the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` (as
    /// POSIX orders them); English when none is set.
    pub fn from_env() -> Lang {
        Lang::asked_by_env().unwrap_or(Lang::En)
    }

    /// The language the environment asks for, if it asks: the first set of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`, unless that is the neutral `C` or `POSIX` locale (`C.UTF-8`, the
    /// default of containers and servers, names no language).
    pub fn asked_by_env() -> Option<Lang> {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())?;
        let base = locale.split(['.', '@']).next().unwrap_or("");
        if base == "C" || base == "POSIX" {
            None
        } else {
            Some(Lang::of_locale(&locale))
        }
    }

    /// The language of a case's party names: Chinese when more than half of them hold a Chinese
    /// character, else English. O(total length of the names).
    pub fn of_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Lang {
        let (mut chinese, mut all) = (0usize, 0usize);
        for name in names {
            all += 1;
            if name.chars().any(is_han) {
                chinese += 1;
            }
        }
        if chinese * 2 > all {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The English or the Chinese word, as this language says.
    pub fn pick(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The `lang` attribute of an HTML page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// A Chinese character: CJK Unified Ideographs and their extensions, compatibility ideographs.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Chinese column titles, by CSV key (a key's English title may vary with the table).
const TITLES_ZH: &[(&str, &str)] = &[
    ("aliases_zh", "别名"),
    ("approx_rows", "约数行"),
    ("betweenness", "中介中心性"),
    ("bottleneck_kg", "瓶颈重量"),
    ("bought_count", "收购数量"),
    ("bought_kg", "收购"),
    ("buyer", "收购方"),
    ("chain_share", "链占比"),
    ("china_protection", "国家保护级别"),
    ("cites_appendix", "CITES"),
    ("count", "数量（条/只）"),
    ("customers", "下家数"),
    ("dates", "日期"),
    ("detail", "线索"),
    ("difference_kg", "出售 − 收购"),
    ("distance", "距离"),
    ("english_name", "英文名"),
    ("example", "首例"),
    ("first_date", "最早"),
    ("hops", "环节"),
    ("kind", "类型"),
    ("labels", "标签"),
    ("last_date", "最晚"),
    ("links", "交易关系"),
    ("month", "月份"),
    ("n", "#"),
    ("name", "当事人"),
    ("name_zh", "物种"),
    ("negative_stock_date", "库存为负日期"),
    ("network", "网络"),
    ("note", "说明"),
    ("origin", "来源"),
    ("parties", "当事人"),
    ("party", "当事人"),
    ("path", "供应链"),
    ("product", "产品"),
    ("rank", "分类等级"),
    ("reason", "原因"),
    ("role", "角色"),
    ("rows", "出处（文件与行）"),
    ("scientific_name", "学名"),
    ("seller", "出售方"),
    ("sold_count", "出售数量"),
    ("sold_kg", "出售"),
    ("source", "来源"),
    ("species", "物种"),
    ("status", "结论"),
    ("subject", "对象"),
    ("suppliers", "上家数"),
    ("taxon", "分类单元"),
    ("taxon_group", "类群"),
    ("throughput_kg", "吞吐量"),
    ("tier", "层级"),
    ("transactions", "交易笔数"),
    ("unknown_weight", "重量不明笔数"),
    ("unknown_weight_rows", "无重量行"),
    ("verified", "已核实"),
    ("weight_kg", "重量"),
    ("unsold_at_cost_yuan", "未售存货（按收购价，元）"),
];

/// Chinese words for the English terms the analyses name things by (roles, statuses, lead kinds;
/// player labels are worded by [`label`]).
const WORDS_ZH: &[(&str, &str)] = &[
    ("balanced", "平衡"),
    ("cycle", "循环"),
    ("end_buyer", "终端买家"),
    ("indeterminate", "无法判断"),
    ("intermediary", "中间商"),
    ("key_party", "关键人物"),
    ("negative_stock", "库存为负"),
    ("origin", "源头"),
    ("processing", "加工环节"),
    ("sink", "终端买家"),
    ("source", "源头"),
    ("transformed", "形态转变"),
    ("unexplained_supply", "来源不明的货量"),
    ("unknown", "不明"),
    ("unsold_stock", "未售出存货"),
    ("quiet_sources", "其余源头"),
];

/// A player label in `lang`: the English word is also its key in JSON and CSV.
pub fn label(l: crate::analysis::Label, lang: Lang) -> &'static str {
    use crate::analysis::Label::*;
    let (en, zh) = match l {
        Collector => ("collector", "收购商"),
        Distributor => ("distributor", "分销商"),
        Broker => ("broker", "中间人"),
        Hub => ("hub", "枢纽"),
    };
    lang.pick(en, zh)
}

impl Lang {
    /// The title of a table column in this language: its own (English) title, or the Chinese one
    /// by its CSV key.
    pub fn title(self, c: &crate::render::Col) -> &'static str {
        if self == Lang::Zh
            && let Some((_, t)) = TITLES_ZH.iter().find(|(k, _)| *k == c.key)
        {
            return t;
        }
        c.title
    }

    /// An analysis term (`source`, `indeterminate`, `hub`) in this language; unknown terms as
    /// given.
    pub fn word(self, en: &str) -> &str {
        if self == Lang::Zh {
            if let Some((_, w)) = WORDS_ZH.iter().find(|(k, _)| *k == en) {
                return w;
            }
            // The key of a player label, from a table's text cell.
            if let Some(&l) = crate::analysis::Label::ALL
                .iter()
                .find(|&&l| label(l, Lang::En) == en)
            {
                return label(l, Lang::Zh);
            }
        }
        en
    }

    /// Several space-separated terms (`collector broker hub`) in this language.
    pub fn words(self, en: &str) -> String {
        let w: Vec<&str> = en.split_whitespace().map(|t| self.word(t)).collect();
        w.join(self.pick(" ", "、"))
    }
}

/// The Chinese summary of wildchain itself, for `--help` (first line, then the long text).
pub const ABOUT_ZH: (&str, &str) = (
    "把野生动物非法交易案件的交易记录整理成供应链。",
    "把野生动物非法交易案件的交易记录整理成供应链。\n\n\
     从案件文件（UTF-8、UTF-16 或 GBK 的 CSV/TSV/TXT，Excel 与 OpenDocument 工作簿，Parquet）读取交易\
     （出售方、收购方、物种、重量、日期），不给 --input 时使用内置的辰溪蛇类案，显示谁供货给谁、从源头\
     到市场的供应链、每个当事人的角色与层级，以及每个物种流转了多少。",
);

/// The Chinese `--help` summaries of the subcommands, by name.
const COMMANDS_ZH: &[(&str, &str)] = &[
    (
        "analyze",
        "案件报告：概况、线索、当事人（角色与层级）、供应链和物种汇总",
    ),
    (
        "balance",
        "每个当事人每个物种的收支平衡：收购、出售、差额与结论",
    ),
    (
        "chains",
        "每条从源头（只卖不买）到终端买家（只买不卖）的供应链",
    ),
    (
        "dot",
        "整个网络或某个当事人周边的 Graphviz DOT 图（--render 直接画成图片）",
    ),
    (
        "downstream",
        "从 PARTY 出发可达的每个当事人（下家、下家的下家……）及其环节数",
    ),
    (
        "export",
        "导出给其他工具：GraphML、带时间轴的 GEXF、i2 Analyst's Notebook 的 CSV、node-link JSON（见 docs/export.md）",
    ),
    (
        "generate",
        "生成含预设犯罪模式的合成交易数据（同一种子结果相同）",
    ),
    (
        "links",
        "输出按（出售方、收购方、物种）汇总的交易关系，即 --links 读取的格式",
    ),
    ("networks", "数据中相互独立的交易网络（团伙）及循环"),
    (
        "normalize",
        "交易行 → 规范行（姓名、公斤、日期、拒绝原因），以有限内存流式处理：集群在每个分区上运行的就是它（见 scale/）",
    ),
    (
        "players",
        "关键人物：链条占比、中介中心性、经手量和模式标签",
    ),
    (
        "report",
        "把案件报告写成一个独立的 HTML 页面（网络图、图表、表格）：-o 案件.html",
    ),
    (
        "species",
        "物种表：名称、别名、学名、CITES 附录、国家保护级别",
    ),
    ("totals", "按物种、出售方、收购方、月份或交易关系汇总"),
    (
        "upstream",
        "有路径通向 PARTY 的每个当事人（上家、上家的上家……）及其环节数",
    ),
    (
        "validate",
        "不做分析，只显示对案件文件的理解：格式、编码、各列，接受、约数和被拒绝的行，物种和当事人姓名。有行被拒绝时退出码为 1",
    ),
    (
        "value",
        "按法释〔2022〕12号计算各当事人的涉案价值、计算方法和量刑档次（辅助参考，非法律认定）",
    ),
];

/// The Chinese `--help` texts of the global options (and of the drawing options every drawing
/// command shares), by argument id.
const OPTIONS_ZH: &[(&str, &str)] = &[
    (
        "aliases",
        "当事人别名（CSV 行：alias,canonical）：同一当事人的不同写法读作一个名字",
    ),
    (
        "conversions",
        "同一分类单元不同产品之间的换算系数（CSV：taxon、from_product、to_product、factor、source），用于收购一种产品、出售另一种产品的当事人的收支平衡",
    ),
    (
        "default_unit",
        "行中没有单位、表头也未注明时，重量列中纯数字的单位（kg、斤、条……）[默认：kg；“数量”列的每个单元格须带单位，除非给出此项]",
    ),
    (
        "delimiter",
        "文本文件的分隔符：`,`、`;`、`tab` 或任意一个字符 [默认：在逗号、制表符和分号中自动识别]",
    ),
    (
        "encoding",
        "文本编码（utf-8、utf-16le、utf-16be、gbk、gb18030、big5……任何 WHATWG 标签）[默认：自动识别：UTF-8、带 BOM 的 UTF-16，否则 GB18030/GBK]",
    ),
    ("format", "输出格式"),
    (
        "input",
        "交易记录的案件文件（.csv/.tsv/.txt、.xlsx/.xls/.ods、.parquet）；可重复给出多个文件（合为一个数据集）；`-` 为标准输入。不给时使用内置的辰溪案",
    ),
    (
        "lang",
        "表格、句子、图和报告的语言（JSON 和 CSV 的字段名保持英文）[默认：取自 LC_ALL/LC_MESSAGES/LANG：zh_CN.UTF-8 为 zh，否则 en]",
    ),
    (
        "links",
        "已按（出售方、收购方、物种）汇总的交易关系文件，格式同 `wildchain links` 的输出（如数据太大、单机无法处理时由 Spark 生成）；可重复",
    ),
    (
        "map",
        "指定哪个表头是哪一列，优先于自动识别：`seller=出售人,buyer=收购人`（列：seller、buyer、species、weight、date、unit、source、confidence）；可重复",
    ),
    (
        "max_nodes",
        "最多画多少个当事人：超过时，交易量最小的当事人合并成组（“某某的 12 个上家”），平行的交易关系画成一条箭头；0 表示全部画出",
    ),
    (
        "network",
        "只分析第 K 个独立网络（见 `wildchain networks`；1 为最大的）",
    ),
    ("output", "输出写入此文件，而非标准输出"),
    (
        "raw_csv",
        "CSV 输出保持数据原样：以 = + - @ 开头的单元格前不加 `'`（否则电子表格会把它们当作公式执行）",
    ),
    (
        "rejects",
        "把每条被拒绝的行连同文件、行号和原因写入此 CSV 文件",
    ),
    (
        "render",
        "用 Graphviz 把图画成图片（需安装 `dot`），而不是输出 DOT 文本；与 -o 文件 一起使用",
    ),
    ("sheet", "要读取的工作表 [默认：第一个]"),
    (
        "species_table",
        "物种表（CSV：name_zh、aliases_zh、scientific_name、cites_appendix、china_protection……），其行补充或替换内置表中的行",
    ),
    ("strict", "有任何行被拒绝时报错退出（退出码 1）"),
    (
        "unit",
        "表格、图和线索句子中的重量单位（kg、斤、两、g、t、lb……）；JSON 和 CSV 始终为 kg",
    ),
];

/// The Chinese `--help` summary of a subcommand, when it has one.
pub fn command_zh(name: &str) -> Option<&'static str> {
    COMMANDS_ZH
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| *v)
}

/// The Chinese `--help` text of an option (by its argument id), when it has one.
pub fn option_zh(id: &str) -> Option<&'static str> {
    OPTIONS_ZH.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_locales_give_chinese() {
        assert_eq!(Lang::of_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::of_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::of_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::of_locale("C"), Lang::En);
        assert_eq!(Lang::of_locale("C.UTF-8"), Lang::En);
    }

    #[test]
    fn names_mostly_chinese_give_chinese() {
        assert_eq!(Lang::of_names(["瞿某青", "朱某某", "Acme Ltd"]), Lang::Zh);
        assert_eq!(Lang::of_names(["瞿某青", "Acme Ltd"]), Lang::En);
        assert_eq!(Lang::of_names(["a", "b", "𠀀x"]), Lang::En);
        assert_eq!(Lang::of_names(["a", "𠀀x", "廣西"]), Lang::Zh);
        assert_eq!(Lang::of_names(["Ивanov", "Ōta", "김"]), Lang::En);
        assert_eq!(Lang::of_names([]), Lang::En);
    }
}
