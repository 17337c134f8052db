//! Standard output when it is a terminal: control characters shown escaped (`\u{1b}`).
//!
//! Tables and messages escape them where they quote a name; CSV keeps every cell exact, as the
//! tools that read it need. Written to a terminal (`links`, `normalize`, `--format csv` with no
//! `-o`), an escape sequence in a party name (`ESC[1A ESC[2K`) erased lines of the terminal: a
//! case file could hide rows from the officer reading them. On a terminal, this writer escapes
//! C0 controls but the line break and tab (and a carriage return before a line break), DEL and
//! the C1 controls; a pipe or a file gets the bytes as they are.

use std::io::{self, Write};

/// A writer that escapes control characters on their way to `inner` (see the module).
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The bytes of a character not yet complete at the end of the last write, or a carriage
    /// return that a line break may follow.
    held: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            held: Vec::new(),
        }
    }

    /// The bytes of `bytes` to write now, escaped; what may still change (an incomplete character,
    /// a last `\r`) is held.
    fn escaped(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut all = std::mem::take(&mut self.held);
        all.extend_from_slice(bytes);
        let mut out = Vec::with_capacity(all.len());
        let mut rest: &[u8] = &all;
        while !rest.is_empty() {
            let (text, after) = match std::str::from_utf8(rest) {
                Ok(t) => (t, &rest[rest.len()..]),
                Err(e) => {
                    let (t, a) = rest.split_at(e.valid_up_to());
                    (std::str::from_utf8(t).unwrap_or_default(), a)
                }
            };
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                let line_end = c == '\r' && chars.peek() == Some(&'\n');
                if c == '\r' && chars.peek().is_none() && after.is_empty() {
                    self.held.push(b'\r');
                } else if c.is_control() && !matches!(c, '\n' | '\t') && !line_end {
                    out.extend(c.escape_unicode().to_string().bytes());
                } else {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
            match after.len() {
                0 => break,
                // An incomplete character at the end: held for the next write.
                n if n < 4 && std::str::from_utf8(after).is_err() && is_start(after) => {
                    self.held.extend_from_slice(after);
                    break;
                }
                // A byte that is not UTF-8 (never from wildchain): passed on as it is.
                _ => {
                    out.push(after[0]);
                    rest = &after[1..];
                }
            }
        }
        out
    }
}

/// Whether `b` can be the start of a UTF-8 character cut short.
fn is_start(b: &[u8]) -> bool {
    let need = match b[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return false,
    };
    b.len() < need && b[1..].iter().all(|&x| (0x80..=0xBF).contains(&x))
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = self.escaped(buf);
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        // A last `\r` (escaped: no line break follows) or a cut character (as it is).
        if !self.held.is_empty() {
            let held = std::mem::take(&mut self.held);
            let held = if held == b"\r" {
                b"\\u{d}".to_vec()
            } else {
                held
            };
            let _ = self.inner.write_all(&held);
            let _ = self.inner.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writer passes on when `text` comes in the pieces cut at `cuts`.
    fn through(text: &[u8], cuts: &[usize]) -> String {
        let mut got = Vec::new();
        {
            let mut w = TerminalSafe::new(&mut got);
            let mut at = 0;
            for &c in cuts.iter().chain(std::iter::once(&text.len())) {
                w.write_all(&text[at..c]).unwrap();
                at = c;
            }
            w.flush().unwrap();
        }
        String::from_utf8(got).unwrap()
    }

    #[test]
    fn csv_on_a_terminal_let_escape_sequences_in_names_act_on_it() {
        let csv = "seller,buyer\r\n张三\u{1b}[1A\u{1b}[2K,李\u{9b}2K四\u{7}\r\n王五\r赵六,x\n";
        let want =
            "seller,buyer\r\n张三\\u{1b}[1A\\u{1b}[2K,李\\u{9b}2K四\\u{7}\r\n王五\\u{d}赵六,x\n";
        assert_eq!(through(csv.as_bytes(), &[]), want);
        // Cut anywhere (inside a character, between `\r` and `\n`), the same.
        for cut in 1..csv.len() {
            assert_eq!(through(csv.as_bytes(), &[cut]), want, "cut at {cut}");
        }
        // Text without controls passes unchanged.
        assert_eq!(
            through("出售人,重量\n张三,50斤\n".as_bytes(), &[4]),
            "出售人,重量\n张三,50斤\n"
        );
    }
}
