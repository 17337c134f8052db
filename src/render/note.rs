//! What `validate` notes on a source ([`Note`]), in words of a language: English is the note's own
//! `Display` (kept in JSON); Chinese is worded here from the facts.

use crate::ingest::SourceNote as Note;
use crate::render::lang::Lang;

/// The note in `lang`.
pub fn note(n: &Note, lang: Lang) -> String {
    if lang == Lang::En {
        return n.to_string();
    }
    match n {
        Note::LinksFile { columns } => {
            let c: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
            format!(
                "交易关系文件（每个出售方、收购方、物种一行）；读取的列：{}",
                c.join("、")
            )
        }
        Note::NamedButText { ext } => {
            format!("文件名为 .{ext}，内容却是分隔文本，已按文本读取")
        }
        Note::HeaderUnit { unit } => {
            format!("重量列中的纯数字按 {unit} 计（表头中的单位）")
        }
        Note::QuantityColumn => {
            "重量列的表头是“数量”：每个单元格须写明单位（斤、kg、条 …）".to_string()
        }
        Note::DecimalComma => "数字以逗号作小数点（1,5kg 即 1.5 kg）：逗号后恰有三位数字的数（1,500kg）有歧义，记为未知"
            .to_string(),
        Note::LoneCr => "行以单独的回车符结尾（旧式 Mac 的 CSV）：已按换行读取".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_file_note_is_worded_in_chinese_and_english_stays_its_text() {
        let n = Note::LinksFile {
            columns: vec!["seller".into(), "weight_kg".into()],
        };
        assert_eq!(
            note(&n, Lang::En),
            "a links file (one row per seller, buyer, species); columns read: seller, weight_kg"
        );
        assert_eq!(
            note(&n, Lang::Zh),
            "交易关系文件（每个出售方、收购方、物种一行）；读取的列：`seller`、`weight_kg`"
        );
        // JSON keeps the English text.
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            "\"a links file (one row per seller, buyer, species); columns read: seller, weight_kg\""
        );
    }
}
