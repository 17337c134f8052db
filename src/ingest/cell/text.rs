//! Text normalisation shared by every parser: Unicode NFKC (full-width digits, letters and
//! punctuation become ASCII, U+3000 becomes a space) and space handling.

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalises and trims `s`.
///
/// `１２０斤` becomes `120斤`, `ｋｇ` becomes `kg`, `～` becomes `~`, the ideographic space U+3000
/// becomes a plain space (and is trimmed like one).
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        return s.trim().to_string();
    }
    if s.chars().any(is_invisible) {
        let visible: String = s.chars().filter(|&c| !is_invisible(c)).collect();
        return nfkc(&visible);
    }
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        // Most names are already in normal form: checking is far cheaper than normalising.
        return s.trim().to_string();
    }
    let n: String = s.nfkc().collect();
    n.trim().to_string()
}

/// Characters that show as nothing (Unicode's default-ignorable code points): zero-width space,
/// non-joiner and joiner, word joiner, the byte-order mark U+FEFF (a zero-width no-break space
/// inside text), soft hyphen, Mongolian vowel separator, the direction marks and overrides,
/// variation selectors, Hangul fillers, tags. Around or inside a name they make two parties that
/// look the same, so names, weights and dates are read without them.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF
        // The blank Braille pattern: shows as a space, is no letter (a name of it was a party).
        | 0x2800
    )
}

/// True when `s` names nothing: it holds only white space and [`is_invisible`] characters, so
/// its [`name_form`] is empty (`\u{200b}`, a soft hyphen, a byte-order mark). Stops at the first
/// visible character: one step for almost every name.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// True for the characters of Chinese, Japanese and Korean writing (CJK ideographs and the
/// punctuation and letters used with them).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3134F  // extensions B-G
    )
}

/// The form under which a name is compared: NFKC ([`nfkc`]) of its [`tidy`] form.
pub fn name_form(s: &str) -> String {
    tidy(&nfkc(s))
}

/// A name with its spaces put in order, and nothing else changed (the form names are shown in):
/// without [`is_invisible`] characters, trimmed, runs of white space (U+3000 included) squeezed to one space, and no space at all next
/// to a CJK character (`朱 某某` is `朱某某`, `John  Smith` is `John Smith`).
pub fn tidy(n: &str) -> String {
    let n = n.trim();
    let mut out = String::with_capacity(n.len());
    let mut pending_space = false;
    for c in n.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !out.is_empty() && !prev_cjk && !is_cjk(c) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// A looser key for spotting names that differ only by case, spacing, width or punctuation:
/// [`name_form`], lower-cased, with every space and punctuation mark removed.
pub fn loose_key(s: &str) -> String {
    name_form(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !is_cjk_punctuation(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0x2010..=0x2027 | 0x00B7)
}

/// Up to `n` candidates closest to `wanted` by edit distance (in characters), then by name; only those
/// within half the length of `wanted` (at least 2 edits), or that contain it or are contained in it.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let w: Vec<char> = wanted.chars().collect();
    let limit = (w.len() / 2).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let chars = c.chars().count();
            let diff = chars.abs_diff(w.len());
            let related = !wanted.is_empty() && (c.contains(wanted) || wanted.contains(c));
            // One name inside the other: the distance is their difference in length, exactly.
            // Otherwise the distance is at least that difference, and names longer than
            // EDIT_CHARS are not typos of each other (a 200,000-character name against 1 MB
            // names ran for minutes): no table of edits for them.
            let d = if related {
                diff
            } else if diff > limit || w.len() > EDIT_CHARS || chars > EDIT_CHARS {
                return None;
            } else {
                edit_distance(&w, &c.chars().collect::<Vec<_>>())
            };
            (d <= limit || related).then_some((d, c))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// The longest name, in characters, that [`closest`] compares edit by edit.
const EDIT_CHARS: usize = 256;

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// True for a character that a terminal acts on or that shows as nothing: the control
/// characters (C0, DEL and C1: `ESC[1A` moves the cursor, `ESC[2K` erases a line) and the
/// [`is_invisible`] ones.
pub fn is_unseen(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// `s` with every [`is_unseen`] character written as its Rust escape (`\u{1b}`, `\u{200b}`),
/// for text meant for a terminal: a name from a case file cannot move the cursor, erase or
/// recolour lines, and a name of invisible characters shows what it holds. Line breaks and tabs
/// are escaped too (a table cell is one line). Text without such characters is borrowed.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    escape_unseen(s, false)
}

/// [`shown`] for a whole message of one or more lines: tabs and line breaks are kept.
pub fn shown_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escape_unseen(s, true)
}

fn escape_unseen(s: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| is_unseen(c) && !(keep_lines && matches!(c, '\n' | '\t'));
    if !s.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters of a cell that a message quotes; a longer cell is cut there.
pub const QUOTED_CHARS: usize = 60;

/// A cell as a message quotes it: whole when short, else its first [`QUOTED_CHARS`] characters,
/// `…` and its length (`abc… (104857600 characters)`), so that a 100 MB cell never becomes a
/// 100 MB message; control and invisible characters [`shown`] escaped (`\u{1b}`).
pub fn clip(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.char_indices().nth(QUOTED_CHARS) {
        None => shown(cell),
        Some((at, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            shown(&cell[..at]),
            cell.chars().count()
        )),
    }
}

/// True when a cell would run as a formula in Excel or LibreOffice: after any leading `'`, it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain number. (Counting the quotes makes the
/// guard reversible: see [`formula_unguarded`].)
/// A plain signed decimal (`-2.0`, `+5`) is a number to a spreadsheet, not a formula, and stays
/// as it is (a rejected negative weight must show as written).
fn needs_guard(cell: &str) -> bool {
    let cell = cell.trim_start_matches('\'');
    match cell.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number(&cell[1..]),
        _ => false,
    }
}

/// Digits with at most one decimal point and a digit on each side of it.
fn is_plain_number(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "1"));
    [int, frac]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A text cell made safe to open in a spreadsheet (OWASP "CSV Injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice, so
/// it gets a leading `'`, which they show as text. A cell that already starts with quotes before
/// such a character gets one more, so that [`formula_unguarded`] gives every cell back exactly.
/// Other cells are returned as they are.
///
/// Only for text that comes from the data (names, species, sources): numbers written by the tool
/// (a negative difference, `-5.2`) must stay numbers.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell [`formula_safe`] guarded: the leading `'` it added taken off (`formula_unguarded(
/// formula_safe(x)) == x` for every `x`); any other cell as it is. `--links` reads names through
/// this, so that `links` output read back gives the same case.
pub fn formula_unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_long_names_by_containment_without_a_table_of_edits() {
        // A 100,000-character name against names as long: a table of edits would take 10^10
        // steps (minutes); one name inside the other is found at once, at its exact distance.
        let wanted = "张".repeat(100_000);
        let inside = format!("{wanted}某");
        let other = "李".repeat(100_000);
        assert_eq!(
            closest(&wanted, [other.as_str(), inside.as_str()], 3),
            vec![inside.as_str()]
        );
        // Short names keep their suggestions by edit distance, ranked by it.
        assert_eq!(
            closest("朱某某", ["朱某谋", "丁某某x", "王五六七八"], 3),
            vec!["朱某谋", "丁某某x"]
        );
    }

    #[test]
    fn control_and_invisible_characters_are_shown_escaped() {
        assert_eq!(shown("a\u{1b}[1A\u{1b}[2Kb"), "a\\u{1b}[1A\\u{1b}[2Kb");
        assert_eq!(
            shown("\u{7f}\u{9b}\u{200b}\t\n"),
            r"\u{7f}\u{9b}\u{200b}\u{9}\u{a}"
        );
        assert_eq!(shown_lines("a\tb\nc\u{7}"), "a\tb\nc\\u{7}");
        assert!(matches!(
            shown("王锦蛇 365 kg"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(clip("x\u{1b}"), "x\\u{1b}");
    }

    #[test]
    fn a_name_of_invisible_characters_is_blank_and_has_an_empty_form() {
        for s in [
            "",
            " ",
            "\u{200b}",
            "\u{ad}\u{2060}",
            " \u{feff}\u{3000}",
            "\u{202e}\u{fe0f}",
        ] {
            assert!(is_blank(s), "{s:?}");
            assert_eq!(name_form(s), "", "{s:?}");
        }
        for s in ["a", "\u{200b}张三", "\u{1}", "\u{ad}-"] {
            assert!(!is_blank(s), "{s:?}");
            assert_ne!(name_form(s), "", "{s:?}");
        }
        assert_eq!(name_form("张\u{200e}三\u{fe0f}"), "张三");
    }

    #[test]
    fn full_width_becomes_ascii() {
        assert_eq!(nfkc("１２０斤"), "120斤");
        assert_eq!(nfkc("　ｋｇ　"), "kg");
        assert_eq!(nfkc("２０２２－０４～０５"), "2022-04~05");
        assert_eq!(nfkc("1，250斤"), "1,250斤");
    }

    #[test]
    fn tidy_keeps_the_characters_as_written() {
        assert_eq!(tidy(" 湖南买家（未具名）　"), "湖南买家（未具名）");
        assert_eq!(tidy("朱 某某"), "朱某某");
        assert_eq!(tidy("ＡＢＣ"), "ＡＢＣ");
        assert_eq!(name_form("湖南买家（未具名）"), "湖南买家(未具名)");
    }

    #[test]
    fn names_lose_only_meaningless_spaces() {
        assert_eq!(name_form(" 朱 某某　"), "朱某某");
        assert_eq!(name_form("ＡＢＣ 公司"), "ABC公司");
        assert_eq!(name_form("John   Smith"), "John Smith");
        assert_eq!(name_form("John\u{3000}Smith"), "John Smith");
        assert_eq!(name_form("瞿某青"), "瞿某青");
    }

    #[test]
    fn loose_keys_ignore_case_spacing_width_and_punctuation() {
        assert_eq!(loose_key("Acme Ltd."), loose_key("ACME  LTD"));
        assert_eq!(loose_key("ａｃｍｅ ltd"), loose_key("Acme Ltd"));
        assert_eq!(loose_key("张三（店）"), loose_key("张三(店)"));
        assert_ne!(loose_key("瞿某青"), loose_key("瞿某海"));
    }
}

#[cfg(test)]
mod closest_tests {
    use super::*;

    #[test]
    fn suggests_one_character_typos_first() {
        let names = ["丁某某", "朱某某", "左某某", "瞿某青", "湖南买家"];
        assert_eq!(closest("丁某", names, 3), ["丁某某", "左某某", "朱某某"]);
        assert_eq!(closest("瞿某清", names, 1), ["瞿某青"]);
        assert!(closest("zzzzzzzzzz", names, 3).is_empty());
    }
}
