//! Numbers as case files write them: digits with `,` thousands separators, and whole numbers in
//! Chinese numerals (`五十`, `一百二十`, `三千五`, `一点五`).

/// Splits `"1,250.5 斤"` into `("1250.5", " 斤")`: an optional sign, digits (with `,` thousands
/// separators, each followed by exactly three digits) and at most one point. The number is empty
/// when there is no digit.
pub(crate) fn split_number(s: &str) -> (String, &str) {
    let bytes = s.as_bytes();
    let mut number = String::new();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        number.push(bytes[i] as char);
        i += 1;
    }
    let mut seen_point = false;
    let mut seen_digit = false;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => seen_digit = true,
            b'.' if !seen_point => seen_point = true,
            b',' if seen_digit && !seen_point && thousands_group(&bytes[i + 1..]) => {
                i += 1;
                continue;
            }
            _ => break,
        }
        number.push(bytes[i] as char);
        i += 1;
    }
    if !seen_digit {
        if number.is_empty()
            && let Some((n, used)) = chinese_number(s)
        {
            return (n, &s[used..]);
        }
        return (String::new(), s);
    }
    (number, &s[i..])
}

/// A whole number written in Chinese numerals at the start of `s` (`五十`, `一百二十`, `两千`,
/// `三千五` = 3500, `一万两千`), and the bytes it takes. `两` is two first or before 十/百/千/万
/// (`两斤`, `两百`, `一万两千`), else the unit (`三两` is three 两); `千克` is the unit, not a
/// thousand. `None` when `s` does not start with a numeral.
fn chinese_number(s: &str) -> Option<(String, usize)> {
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let (mut total, mut section) = (0u64, 0u64);
    let mut pending: Option<u64> = None;
    // The unit just written, for the colloquial `三千五` (= 3500) and `一百五` (= 150).
    let mut last_unit: Option<u64> = None;
    let mut used = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        if let Some(d) = digit(c) {
            let two_as_unit =
                c == '两' && used > 0 && !matches!(next, Some('十' | '百' | '千' | '万'));
            if pending.is_some_and(|p| p != 0) || two_as_unit {
                break;
            }
            if d == 0 {
                last_unit = None;
            }
            pending = Some(d);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' if next != Some('克') => 1000,
                '万' => 10_000,
                _ => break,
            };
            if unit == 10_000 {
                section += pending.take().unwrap_or(0);
                total += section.max(1) * 10_000;
                section = 0;
            } else {
                section += pending.take().unwrap_or(1) * unit;
            }
            last_unit = Some(unit);
        }
        used = at + c.len_utf8();
    }
    if used == 0 {
        return None;
    }
    if let Some(d) = pending {
        section += match last_unit {
            Some(u) if u >= 100 => d * u / 10,
            _ => d,
        };
    }
    let whole = total + section;
    // `一点五` = 1.5: digits after 点 are decimals.
    let rest = &s[used..];
    if let Some(after) = rest.strip_prefix('点') {
        let decimals: String = after
            .chars()
            .map_while(|c| digit(c).filter(|_| c != '两'))
            .map(|d| char::from(b'0' + d as u8))
            .collect();
        if !decimals.is_empty() {
            let used = used + '点'.len_utf8() + decimals.len() * '五'.len_utf8();
            return Some((format!("{whole}.{decimals}"), used));
        }
    }
    Some((whole.to_string(), used))
}

/// True when `rest` starts with exactly three digits (what follows a thousands separator).
fn thousands_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && rest.get(3).is_none_or(|b| !b.is_ascii_digit())
}
