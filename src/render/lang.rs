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
