//! Text made safe for XML 1.0, shared by the GraphML and GEXF writers.
//!
//! XML 1.0 cannot carry the C0 control characters other than tab, line feed and carriage return,
//! not even as character references, nor U+FFFE and U+FFFF. A name from a case file may hold
//! them (a stray byte in a spreadsheet cell); rather than write a file no reader opens, each is
//! written as its visible Unicode control picture (U+0001 as `␁`, U+2401; DEL as `␡`), and the C1
//! controls and U+FFFE/U+FFFF as the replacement character `�`, so the name stays recognisable
//! and the file stays valid.

use std::borrow::Cow;

/// `s` as XML character data or an attribute value (double- or single-quoted): `&`, `<`, `>`,
/// `"` and `'` as entities; tab, line feed and carriage return as character references (an XML
/// parser would otherwise turn them into spaces inside an attribute); the characters XML 1.0
/// forbids replaced as the module says. Text that needs none of this is borrowed.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c.is_control() => out.push(picture(c)),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}') || c.is_control()
}

/// A control character as a visible one: a C0 character as its Unicode control picture (U+001B
/// as `␛`, U+2400 + its code), DEL as `␡`, a C1 character (which XML 1.0 allows but HTML and
/// most readers refuse) as the replacement character `�`. For the XML writers, HTML and DOT.
pub fn picture(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7f => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_become_entities() {
        assert_eq!(
            escape(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(escape("]]>"), "]]&gt;");
    }

    #[test]
    fn whitespace_controls_survive_attribute_normalisation() {
        assert_eq!(escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
    }

    #[test]
    fn characters_xml_forbids_become_visible_pictures() {
        assert_eq!(escape("a\u{1}b\u{0}c\u{1f}"), "a\u{2401}b\u{2400}c\u{241f}");
        assert_eq!(escape("x\u{FFFE}"), "x\u{FFFD}");
        assert_eq!(
            escape("\u{1b}[2K\u{7f}\u{9b}"),
            "\u{241b}[2K\u{2421}\u{FFFD}"
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            escape("王锦蛇 365 kg"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
