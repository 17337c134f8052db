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
    ("rows", "行数"),
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
    ("problem_rows", "依据的问题行"),
    ("amount_rows", "有金额行数"),
    ("amount_yuan", "金额（元）"),
    ("article", "条款"),
    ("band", "量刑档次"),
    ("by_tier", "各层级出售方的价格"),
    ("converted_kg", "换算收购"),
    ("jump", "最大涨幅"),
    ("margin_species", "差价物种"),
    ("margin_yuan", "所售货物的差价（元）"),
    ("markup", "加价倍数"),
    ("method", "物种：计算方法"),
    ("price_per_animal_yuan", "元/只"),
    ("price_per_kg_yuan", "元/kg"),
    ("received_rows", "笔数"),
    ("received_yuan", "收入（元）"),
    ("sink_price", "终端买家买入价"),
    ("source_price", "源头卖出价"),
    ("spent_rows", "笔数"),
    ("spent_yuan", "支出（元）"),
    ("to_next_yuan", "距下一档（元）"),
    ("undated_yuan", "日期不明部分（元）"),
    ("unknown_amount_rows", "金额不明行数"),
    ("value_yuan", "价值（元）"),
    ("window", "时间窗（第十二条）"),
    ("synonyms", "同义词"),
    ("whole", "整只"),
    ("prefix", "可在名称前"),
    ("product_names", "产品名"),
    ("parent", "上级分类"),
    ("unsold_at_cost_yuan", "未售存货（按收购价，元）"),
    ("finding", "结果"),
    ("step", "步"),
    ("removed", "移除"),
    ("chains_cut", "被切断链条"),
    ("pairs_disconnected", "断开的源头—终端对"),
    ("pairs_left", "余下相连对"),
    ("lost_kg", "不再到达终端的已知重量"),
    ("from", "从"),
    ("to", "到"),
    ("route", "路线"),
    ("chains", "链条数"),
    ("from_region", "起点地区"),
    ("to_region", "终点地区"),
    ("region", "地区"),
    ("sellers", "卖方数"),
    ("buyers", "买方数"),
    ("crosses", "跨界"),
    ("crossings", "跨界交易关系"),
    ("index", "贸易链指数"),
    ("kg_index", "按已知重量的指数"),
    ("at_source", "在源头"),
    ("between", "在中间"),
    ("at_sink", "在末端"),
    ("coordinator", "协调者"),
    ("itinerant", "流动者"),
    ("gatekeeper", "守门人"),
    ("representative", "代表者"),
    ("liaison", "联络者"),
    ("unknown_role", "地区不明"),
    ("bought_across_kg", "跨界收购"),
    ("sold_across_kg", "跨界售出"),
    ("broker_role", "中间人角色"),
    ("two_paths", "开放二步路径"),
];

/// Chinese column titles for a key whose English title tells two columns apart: (key, English
/// title, Chinese title).
const TITLES_ZH_EXACT: &[(&str, &str, &str)] = &[("rows", "file and row", "出处（文件与行）")];

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
    ("price_jump", "价格跳升"),
    // Taxonomic ranks (the `rank` column).
    ("species", "种"),
    ("genus", "属"),
    ("family", "科"),
    ("order", "目"),
    ("confirmed", "已证实"),
    ("probable", "很可能"),
    ("unconfirmed", "未证实"),
    ("quiet_sources", "其余源头"),
    ("cross_border", "跨省转运"),
    ("coordinator", "协调者"),
    ("itinerant", "流动者"),
    ("gatekeeper", "守门人"),
    ("representative", "代表者"),
    ("liaison", "联络者"),
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
        if self == Lang::Zh {
            if let Some((_, _, t)) = TITLES_ZH_EXACT
                .iter()
                .find(|(k, en, _)| *k == c.key && *en == c.title)
            {
                return t;
            }
            if let Some((_, t)) = TITLES_ZH.iter().find(|(k, _)| *k == c.key) {
                return t;
            }
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

/// A taxon group of the species table (`snake`, `bird`) in `lang`; a group not known as written.
pub fn taxon_group(group: &str, lang: Lang) -> &str {
    const ZH: &[(&str, &str)] = &[
        ("amphibian", "两栖类"),
        ("bird", "鸟类"),
        ("coral", "珊瑚"),
        ("fish", "鱼类"),
        ("insect", "昆虫"),
        ("lizard", "蜥蜴"),
        ("mammal", "兽类"),
        ("mixed", "混合"),
        ("mollusc", "软体动物"),
        ("pangolin", "穿山甲"),
        ("reptile", "爬行类"),
        ("snake", "蛇类"),
        ("turtle", "龟鳖类"),
    ];
    match lang {
        Lang::Zh => ZH
            .iter()
            .find(|(k, _)| *k == group)
            .map_or(group, |(_, v)| v),
        Lang::En => group,
    }
}

/// The name of a case file (or a list of them) as shown in `lang`: the embedded case is
/// `chenxi_case.csv (embedded)` in English, `chenxi_case.csv（内置）` in Chinese; any other file
/// as named.
pub fn file_name(name: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    let embedded = crate::ingest::EMBEDDED_NAME;
    match lang {
        Lang::Zh if name.contains(embedded) || name.contains("<stdin>") => std::borrow::Cow::Owned(
            name.replace(embedded, "chenxi_case.csv（内置）")
                .replace("<stdin>", "<标准输入>"),
        ),
        Lang::Zh if name.contains(crate::ingest::EMBEDDED_PARTIES_NAME) => {
            std::borrow::Cow::Owned(name.replace(
                crate::ingest::EMBEDDED_PARTIES_NAME,
                "chenxi_parties.csv（内置）",
            ))
        }
        _ => std::borrow::Cow::Borrowed(name),
    }
}

/// A row of a file in `lang`: `case.csv row 7`, `case.csv 第 7 行`.
pub fn place(file: &str, row: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{file} row {row}"),
        Lang::Zh => format!("{} 第 {row} 行", file_name(file, lang)),
    }
}

/// A row of a case in `lang`, by its (file index, row) reference.
pub fn locate(case: &crate::case::Case, (file, row): (u32, u64), lang: Lang) -> String {
    let name = (case.data.sources.get(file as usize)).map_or("?", |s| s.name.as_str());
    place(name, row, lang)
}

/// What a clipped list leaves out, in `lang`: `… and 3 more`, `……等，另有 3 项`.
pub fn more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("… and {n} more"),
        Lang::Zh => format!("……另有 {n} 项"),
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
        "导出给其他工具：GraphML、带时间轴的 GEXF、i2 Analyst's Notebook 的 CSV、`node-link` JSON（见 `docs/export.md`）",
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
    (
        "disrupt",
        "打击什么：移除当事人、省份或关系后被切断的链条、断开的源头—终端对和不再到达终端的已知重量；贪心关键人物；已知重量的最小割",
    ),
    (
        "places",
        "供应链经过哪里：省（或市）之间的流向、各供应链的路线、贸易链指数和地区间中间人，依据当事人的所在地",
    ),
];

/// The Chinese `--help` texts of the global options (and of the drawing options every drawing
/// command shares), by argument id.
const OPTIONS_ZH: &[(&str, &str)] = &[
    (
        "aliases",
        "当事人别名（CSV 行：`alias,canonical`）：同一当事人的不同写法读作一个名字",
    ),
    (
        "conversions",
        "同一分类单元不同产品之间的换算系数（CSV 列：`taxon,from_product,to_product,factor,source`），用于收购一种产品、出售另一种产品的当事人的收支平衡",
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
        "文本编码（`utf-8`、`utf-16le`、`utf-16be`、`gbk`、`gb18030`、`big5`……任何编码标签）[默认：自动识别：UTF-8、带 BOM 的 UTF-16，否则 GB18030/GBK]",
    ),
    (
        "format",
        "输出格式：`table`（对齐的表格，供人阅读，重量按 --unit）、`json`（供脚本使用，重量以 kg 计，不取整）、`csv`（供电子表格和脚本使用，重量以 kg 计，不取整）、`dot`（Graphviz DOT 图：`upstream`、`downstream`、`chains` 和 `dot`）[默认：`table`]",
    ),
    (
        "input",
        "交易记录的案件文件（.csv/.tsv/.txt、.xlsx/.xls/.ods、.parquet）；可重复给出多个文件（合为一个数据集）；`-` 为标准输入。不给时使用内置的辰溪案",
    ),
    (
        "lang",
        "表格、句子、图和报告的语言：`en` 或 `zh`（JSON 和 CSV 的字段名保持英文）[默认：取自 `LC_ALL`、`LC_MESSAGES`、`LANG`：`zh_CN.UTF-8` 为 `zh`，否则 `en`]",
    ),
    (
        "links",
        "已按（出售方、收购方、物种）汇总的交易关系文件，格式同 `wildchain links` 的输出（如数据太大、单机无法处理时由集群生成）；可重复",
    ),
    (
        "map",
        "指定哪个表头是哪一列，优先于自动识别：`seller=出售人,buyer=收购人`（列：`seller`、`buyer`、`species`、`weight`、`date`、`unit`、`source`、`confidence`）；可重复",
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
        "用 Graphviz 把图画成图片（`svg`、`png` 或 `pdf`；需安装 `dot`），而不是输出 DOT 文本；与 -o 文件 一起使用",
    ),
    ("sheet", "要读取的工作表 [默认：第一个]"),
    (
        "species_table",
        "物种表（CSV 列：`name_zh,aliases_zh,scientific_name,cites_appendix,china_protection`……），其行补充或替换内置表中的行",
    ),
    ("strict", "有任何行被拒绝时报错退出（退出码 1）"),
    (
        "unit",
        "表格、图和线索句子中的重量单位（kg、斤、两、g、t、lb……）；JSON 和 CSV 始终为 kg",
    ),
    (
        "write_aliases",
        "起草一个别名文件（--aliases 读取的格式），列出可能是同一当事人的名称：每条一行，标为 `unconfirmed`（未确认），--aliases 读取但不采用，删去该标记才采用。可能相同的物种名称以注释列出",
    ),
    (
        "year",
        "没写年份的日期（4月20日、04-20、4.20、4月下旬）所属的年份 [默认：无：这样的日期为未知，并注明原因]",
    ),
    (
        "min_share",
        "线索的重要性门槛，为案件已知重量的比例（0.001 = 0.1%）：更小的缺口不列为线索，出售量更少的源头合为一行 [默认：容差除以当事人数（一个普通当事人交易量的容差）]",
    ),
    (
        "parties",
        "当事人文件（CSV 或 TSV 列：`name,place,notes`，即姓名、所在地、备注；其他列原样保留）：各当事人的所在地，优先于行中的所在地（卖方所在地、买方所在地）",
    ),
    (
        "any_species",
        "只按网络读供应链：从源头到终端买家的每条路径，不论各交易关系运的是什么物种，瓶颈为各环节任何货物重量中的最小者。不给此项时，供应链是同一物种标签沿之流动的路径（见 `docs/analyses.md`）",
    ),
];

/// The Chinese `--help` texts of the options of one subcommand, by (subcommand, argument id):
/// they win over [`OPTIONS_ZH`], where an id means different things in different subcommands.
const SUB_OPTIONS_ZH: &[(&str, &str, &str)] = &[
    ("analyze", "limit", "最多列出多少条供应链"),
    ("report", "limit", "报告中最多列出多少条供应链"),
    (
        "report",
        "case",
        "报告页眉中的案件名称与编号（如“辰溪县森林公安局 2022-017”）",
    ),
    ("report", "analyst", "报告页眉中的分析人"),
    (
        "report",
        "values",
        "每只的基准价值（与 wildchain value --values 相同）：报告增加各当事人的案值",
    ),
    (
        "chains",
        "limit",
        "最多列出多少条供应链；JSON 中的 `truncated` 表示还有更多",
    ),
    (
        "analyze",
        "tolerance",
        "收支平衡的相对容差（见 `wildchain balance`）",
    ),
    (
        "report",
        "tolerance",
        "收支平衡的相对容差（见 `wildchain balance`）",
    ),
    (
        "balance",
        "tolerance",
        "相对容差：出售与收购之差不超过两者中较大者的这一比例时视为平衡",
    ),
    (
        "upstream",
        "party",
        "从此当事人出发追溯（完整名称，区分大小写）",
    ),
    (
        "downstream",
        "party",
        "从此当事人出发追溯（完整名称，区分大小写）",
    ),
    ("upstream", "depth", "只保留最多 N 个环节以内的当事人"),
    ("downstream", "depth", "只保留最多 N 个环节以内的当事人"),
    ("upstream", "species", "只沿此物种的交易关系追溯"),
    ("downstream", "species", "只沿此物种的交易关系追溯"),
    (
        "upstream",
        "temporal",
        "只沿时间顺序的路径追溯：下游每次出售不早于其前的收购，上游每次收购不晚于其后的出售；距离为此类路径的最少环节数",
    ),
    (
        "downstream",
        "temporal",
        "只沿时间顺序的路径追溯：下游每次出售不早于其前的收购，上游每次收购不晚于其后的出售；距离为此类路径的最少环节数",
    ),
    (
        "chains",
        "through",
        "只保留经过此当事人的供应链（包括以其开始或结束的）",
    ),
    (
        "chains",
        "species",
        "只使用此物种的交易关系（源头和终端买家也按此物种的交易关系确定）",
    ),
    (
        "chains",
        "temporal",
        "只保留各环节能按日期顺序由交易行印证的供应链（日期不明的行可放在任何位置；只有月份的日期按整月计）；每条供应链给出其日期",
    ),
    (
        "chains",
        "max_lag",
        "与 --temporal 一起：相邻环节的交易行之间最多相隔 DAYS 天",
    ),
    (
        "totals",
        "by",
        "按什么汇总：`species`（物种）、`seller`（出售方）、`buyer`（收购方）、`month`（月份）或 `link`（交易关系）",
    ),
    ("totals", "species", "只统计此物种的行"),
    ("totals", "party", "只统计此当事人出售或收购的行"),
    (
        "totals",
        "from",
        "只统计日期在此日或之后的行（只写月份表示该月第一天；行的月份或日期范围有重叠即计入）；日期不明的行不计入",
    ),
    (
        "totals",
        "to",
        "只统计日期在此日或之前开始的行（只写月份表示该月最后一天；行的月份或日期范围有重叠即计入）；日期不明的行不计入",
    ),
    ("dot", "party", "只画此当事人及其追溯到的当事人"),
    (
        "dot",
        "direction",
        "与 --party 一起：画其上家（`up`）、下家（`down`）或两者（`both`）[默认：`both`]",
    ),
    ("dot", "depth", "与 --party 一起：最多 N 个环节"),
    ("dot", "species", "只画此物种的交易关系"),
    ("balance", "species", "只看此物种"),
    ("players", "species", "只看此物种的交易关系"),
    ("players", "top", "只列出前 N 名"),
    (
        "export",
        "to",
        "导出格式：`graphml`（yEd、Cytoscape）、`gexf`（Gephi，带时间轴）、`i2`（i2 Analyst's Notebook 导入向导用的 CSV，每条交易关系一行）或 `json`（`node-link` JSON）",
    ),
    ("export", "species", "只导出此物种的交易关系"),
    (
        "export",
        "from",
        "只导出日期在此日或之后的行（只写月份表示该月第一天）",
    ),
    (
        "export",
        "until",
        "只导出日期在此日或之前开始的行（只写月份表示该月最后一天）",
    ),
    ("generate", "rows", "要写出的行数（含预设的犯罪模式）"),
    ("generate", "seed", "随机种子：同一种子生成逐字节相同的数据"),
    (
        "generate",
        "party_count",
        "当事人数（默认：每 200 行一个，至少 40 个）",
    ),
    (
        "generate",
        "truth",
        "把预设犯罪模式的真实答案写入此 JSON 文件",
    ),
    (
        "validate",
        "files",
        "要检查的文件（同 --input；`-` 为标准输入）。不给时检查 --input 的文件、--links 的文件或内置案件",
    ),
    ("normalize", "files", "要规范化的文件（`-` 为标准输入）"),
    (
        "normalize",
        "header",
        "输入本身没有表头时（一个大文件的一个分区）使用的表头行，分隔符同输入",
    ),
    (
        "normalize",
        "row_column",
        "一列保存每行在原文件中的行号，报告时用它而不是自己数行",
    ),
    (
        "normalize",
        "name",
        "报告行时使用的名称（`file` 列）[默认：文件路径，标准输入为 `-`]",
    ),
    (
        "normalize",
        "piece_rows",
        "每次读取的行数：内存随此增长，不随输入增长",
    ),
    (
        "species",
        "names",
        "只显示这些名称的行（任何名称、别名、学名或英文名，可带或不带产品词：穿山甲鳞片 显示 穿山甲属）",
    ),
    (
        "species",
        "products",
        "改为列出产品词表（鳞片、掌、冻体……及其同义词）",
    ),
    (
        "value",
        "values",
        "重点保护（一级、二级）物种每只的基准价值（CSV 列：`taxon,base_value_yuan,source,as_of`），取自《野生动物及其制品价值评估方法》（国家林业局令第46号）或水生名录（农业农村部令2019年第5号）；均未内置",
    ),
    (
        "value",
        "window",
        "此时间跨度内的行为累计计算（第十二条）：`2y`、`18m`、`365d` [默认：`2y`]",
    ),
    (
        "generate",
        "places",
        "加上 `seller_place`、`buyer_place` 两列（当事人所在地，按办案人员的各种写法），并预设跨省中间人，写入 --truth",
    ),
    (
        "disrupt",
        "remove",
        "移除一个当事人（`丁某某`）或一条关系（`朱某某->丁某某`，也可用 `→`）；可重复，一并移除",
    ),
    (
        "disrupt",
        "remove_province",
        "移除所在地在此省份的全部当事人（`湖南`、`湖南省`、`广西`）；可重复。所在地不明的当事人不移除",
    ),
    (
        "disrupt",
        "best",
        "找出 K 个关键人物：贪心地每次移除断开最多仍相连源头—终端对的当事人，共 K 次",
    ),
    (
        "dot",
        "cluster",
        "按当事人所在地的省份（province）或地市（city）分框，跨地区的箭头按地区对着色（所在地不明的当事人不入框）",
    ),
    (
        "dot",
        "provinces",
        "改画省际流向示意图：各省为按大致方位排列的方块（不画边界），箭头按已知重量",
    ),
    ("places", "level", "地区为省（直辖市算一个省）或地级市"),
    ("places", "species", "只用该物种的交易关系"),
    ("places", "limit", "最多计算路线的供应链条数"),
    (
        "disrupt",
        "limit",
        "配合 `--remove` 计算“被切断的链条”时最多计数的链条数：超过时只计找到的前 N 条，并注明",
    ),
];

/// The Chinese `--help` text of an option of subcommand `sub` (by its argument id), when it has
/// one: the subcommand's own, else the shared one.
pub fn option_zh_in(sub: &str, id: &str) -> Option<&'static str> {
    SUB_OPTIONS_ZH
        .iter()
        .find(|(s, k, _)| *s == sub && *k == id)
        .map(|(_, _, v)| *v)
        .or_else(|| option_zh(id))
}

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
