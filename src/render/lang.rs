//! The language of the words wildchain prints for people (table headers, roles, lead sentences,
//! diagram legends, the report): English or Chinese, picked once by `--lang` or from the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`: `zh_CN.UTF-8` → Chinese). JSON and CSV keys stay English,
//! for scripts.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

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
    /// POSIX orders them).
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::of_locale(&v))
    }

    /// The `lang` attribute of an HTML page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// Sets the language of everything printed from now on (the command line does this once).
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language set by [`set`] (English until then).
pub fn current() -> Lang {
    if CURRENT.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The English or the Chinese word, as the current language says.
pub fn pick(en: &'static str, zh: &'static str) -> &'static str {
    match current() {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// Whether the current language is Chinese.
pub fn zh() -> bool {
    current() == Lang::Zh
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
];

/// Chinese words for the English terms the analyses name things by (roles, statuses, lead kinds,
/// player labels).
const WORDS_ZH: &[(&str, &str)] = &[
    ("balanced", "平衡"),
    ("broker", "中间人"),
    ("collector", "收购商"),
    ("cycle", "循环"),
    ("distributor", "分销商"),
    ("end_buyer", "终端买家"),
    ("hub", "枢纽"),
    ("indeterminate", "无法判断"),
    ("intermediary", "中间商"),
    ("key_party", "关键人物"),
    ("negative_stock", "库存为负"),
    ("origin", "源头"),
    ("sink", "终端买家"),
    ("source", "源头"),
    ("unexplained_supply", "来源不明的货量"),
    ("unknown", "不明"),
    ("unsold_stock", "未售出存货"),
];

/// The title of a table column in the current language: its own (English) title, or the Chinese
/// one by its CSV key.
pub fn title(c: &crate::render::Col) -> &'static str {
    if zh()
        && let Some((_, t)) = TITLES_ZH.iter().find(|(k, _)| *k == c.key)
    {
        return t;
    }
    c.title
}

/// An analysis term (`source`, `indeterminate`, `hub`) in the current language; unknown terms
/// as given.
pub fn word(en: &str) -> &str {
    if zh()
        && let Some((_, w)) = WORDS_ZH.iter().find(|(k, _)| *k == en)
    {
        return w;
    }
    en
}

/// Several space-separated terms (`collector broker hub`) in the current language.
pub fn words(en: &str) -> String {
    let w: Vec<&str> = en.split_whitespace().map(word).collect();
    w.join(if zh() { "、" } else { " " })
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
}
