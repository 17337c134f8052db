//! Text encodings: which one a source is in (UTF-8 with or without BOM, UTF-16 with or without
//! BOM, GB18030/GBK, or the one given), and its text as UTF-8. Valid UTF-8 files stay on disk.

use std::io::Read;
use std::sync::Arc;

use crate::ingest::cell::reason::Kind;
use crate::ingest::error::{Error, Result, Why};
use encoding_rs::Encoding;

use super::bytes::{Bytes, PIECE};

/// UTF-8 bytes of the source and the name of the encoding they were decoded from. Valid UTF-8 is
/// kept as it is (a file stays on disk); anything else is decoded into memory.
///
/// # Errors
/// Bytes that cannot be read, or are not text in the encoding given, nor (none given) in any
/// encoding tried; the message says what was tried.
pub(super) fn decode(
    bytes: Bytes,
    forced: Option<&'static Encoding>,
) -> Result<(Bytes, String, Vec<Foreign>)> {
    let mut foreign = Vec::new();
    let (bytes, name) = decode_into(bytes, forced, &mut foreign)?;
    Ok((bytes, name, foreign))
}

/// [`decode`], the lines in another encoding than the file's put in `foreign`.
fn decode_into(
    bytes: Bytes,
    forced: Option<&'static Encoding>,
    foreign: &mut Vec<Foreign>,
) -> Result<(Bytes, String)> {
    let head = bytes.head(4096)?;
    if let Some(enc) = forced {
        if enc == encoding_rs::UTF_8 {
            if let Err(at) = utf8_check(&bytes)? {
                return Err(Error::input(Why::NotInEncoding {
                    encoding: "UTF-8".into(),
                    given: "utf-8".into(),
                    offset: Some(at),
                }));
            }
            return Ok((bytes, "UTF-8".into()));
        }
        let all = bytes.read_all()?;
        let (bom_enc, bom_len) = Encoding::for_bom(&all).unwrap_or((enc, 0));
        let body = if bom_enc == enc {
            &all[bom_len..]
        } else {
            &all[..]
        };
        let text = enc
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| {
                Error::input(Why::NotInEncoding {
                    encoding: enc.name().into(),
                    given: enc.name().into(),
                    offset: None,
                })
            })?;
        return Ok((
            Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
            enc.name().into(),
        ));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(&head)
        && enc != encoding_rs::UTF_8
    {
        let all = bytes.read_all()?;
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&all[bom_len..])
            .ok_or_else(|| {
                Error::input(Why::NotAsItsMark {
                    encoding: enc.name().into(),
                })
            })?;
        return Ok((
            Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
            format!("{} (with BOM)", enc.name()),
        ));
    }
    if head.contains(&0) {
        // UTF-16 without a byte-order mark puts a zero byte next to every ASCII character.
        let even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        let enc = if odd * 3 > half && even * 10 < half {
            Some(encoding_rs::UTF_16LE)
        } else if even * 3 > half && odd * 10 < half {
            Some(encoding_rs::UTF_16BE)
        } else {
            None
        };
        let Some(enc) = enc else {
            return Err(Error::input(Why::ZeroBytes));
        };
        let all = bytes.read_all()?;
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(&all) {
            return Ok((
                Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
                format!("{} (no BOM)", enc.name()),
            ));
        }
        return Err(Error::input(Why::NotUtf16));
    }
    match utf8_status(&bytes)? {
        Ok(bom) => Ok((bytes, if bom { "UTF-8 (with BOM)" } else { "UTF-8" }.into())),
        Err(at) => {
            let all = bytes.read_all()?;
            if let Some(mixed) = one_encoding(&all, foreign) {
                return Ok(mixed);
            }
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&all) {
                Some(text) if !text.contains('\0') => Ok((
                    Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
                    "GB18030 (GBK)".into(),
                )),
                _ => Err(Error::input(Why::UnknownEncoding {
                    byte: all.get(at as usize).copied().unwrap_or(0),
                    offset: at,
                })),
            }
        }
    }
}

/// Decodes a whole small text file (a species table, an alias file): UTF-8 (a BOM is dropped),
/// UTF-16 with a BOM, else GB18030/GBK.
///
/// # Errors
/// Text in none of these.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    let (text, _, foreign) = decode(Bytes::Memory(Arc::new(bytes.to_vec())), None)?;
    refuse_foreign(&foreign)?;
    let all = text.read_all()?;
    let s = String::from_utf8_lossy(&all);
    Ok(s.trim_start_matches('\u{feff}').to_string())
}

/// A line in another encoding than the rest of its file, taken out of the text (left an empty
/// line, so that the lines after it keep their numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Foreign {
    /// The line, from 1.
    pub(crate) line: u64,
    /// The byte offset in the file of its first byte not in the file's encoding.
    pub(crate) offset: u64,
    pub(crate) byte: u8,
    /// The file's encoding, which the line is not in.
    pub(crate) encoding: &'static str,
    /// The line read in the other encoding, when it reads.
    pub(crate) other: Option<String>,
}

impl Foreign {
    /// Why the line is rejected.
    pub(crate) fn kind(&self) -> Kind {
        Kind::LineNotInEncoding {
            line: self.line,
            offset: self.offset,
            byte: self.byte,
            encoding: self.encoding.to_string(),
            other: self.other.clone(),
        }
    }
}

/// Refuses text with a line in another encoding where no row can be rejected (a side table, a
/// links file), naming the first such line.
///
/// # Errors
/// `foreign` is not empty.
pub(super) fn refuse_foreign(foreign: &[Foreign]) -> Result<()> {
    match foreign.first() {
        Some(f) => Err(Error::input(Why::Foreign(f.kind()))),
        None => Ok(()),
    }
}

/// How a line's non-ASCII bytes read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineText {
    /// ASCII only: any encoding.
    Ascii,
    /// Valid UTF-8 with non-ASCII characters.
    Utf8,
    /// Shaped like UTF-8 (lead bytes followed by the right number of continuation bytes) but
    /// not valid: CESU-8 surrogates, overlong forms, code points past U+10FFFF. The invalid
    /// byte's index.
    BrokenUtf8(usize),
    /// Not UTF-8 in shape: another encoding (GBK). The first invalid byte's index.
    Other(usize),
}

fn line_text(line: &[u8]) -> LineText {
    let Err(e) = std::str::from_utf8(line) else {
        return if line.is_ascii() {
            LineText::Ascii
        } else {
            LineText::Utf8
        };
    };
    let bad = e.valid_up_to();
    // UTF-8 in shape: every byte from `bad` on is ASCII, or a lead byte C0–F7 followed by as many
    // continuation bytes (80–BF) as it announces.
    let mut i = bad;
    while i < line.len() {
        let b = line[i];
        let n = match b {
            0x00..=0x7F => 0,
            0xC0..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF7 => 3,
            _ => return LineText::Other(bad),
        };
        let tail = line.get(i + 1..i + 1 + n);
        if tail.is_none_or(|t| !t.iter().all(|c| (0x80..=0xBF).contains(c))) {
            return LineText::Other(bad);
        }
        i += 1 + n;
    }
    LineText::BrokenUtf8(bad)
}

/// One encoding for a text that is not UTF-8 throughout, decided on the whole text: its lines
/// that have non-ASCII characters are counted as UTF-8 (valid, or UTF-8 in shape but invalid:
/// CESU-8, overlong forms) or not. When some are UTF-8 and at least as many as the others, the
/// text is UTF-8 and each other line goes into `foreign`, emptied; when fewer, it is GB18030 and
/// the UTF-8 lines go into `foreign`. `None` when no line is UTF-8 (a GBK file: decoded whole by
/// the caller).
///
/// # Complexity
/// One pass over the lines, and a copy of the text.
fn one_encoding(all: &[u8], foreign: &mut Vec<Foreign>) -> Option<(Bytes, String)> {
    // Lines end in LF; text with none (old Mac CSV) is split at CR.
    let end = if all.contains(&b'\n') { b'\n' } else { b'\r' };
    let mut lines = Vec::new();
    let (mut utf8, mut other) = (0usize, 0usize);
    let mut at = 0usize;
    for line in all.split(|&c| c == end) {
        let kind = line_text(line);
        match kind {
            LineText::Ascii => {}
            LineText::Utf8 | LineText::BrokenUtf8(_) => utf8 += 1,
            LineText::Other(_) => other += 1,
        }
        lines.push((at, line, kind));
        at += line.len() + 1;
    }
    if utf8 == 0 {
        return None;
    }
    let is_utf8 = utf8 >= other;
    let mut text = Vec::with_capacity(all.len());
    for (n, &(start, line, kind)) in lines.iter().enumerate() {
        let odd = match kind {
            LineText::Ascii => None,
            LineText::Utf8 if is_utf8 => None,
            LineText::Utf8 => Some((
                line.iter().position(|b| !b.is_ascii()).unwrap_or(0),
                "GB18030 (GBK)",
            )),
            LineText::BrokenUtf8(i) => Some((i, "UTF-8")),
            LineText::Other(i) if is_utf8 => Some((i, "UTF-8")),
            LineText::Other(_) => None,
        };
        if let Some((i, encoding)) = odd {
            let other = if encoding == "UTF-8" {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(line)
                    .filter(|t| !t.contains('\0'))
                    .map(|t| t.trim_end_matches('\r').to_string())
            } else {
                std::str::from_utf8(line)
                    .ok()
                    .map(|t| t.trim_end_matches('\r').to_string())
            };
            foreign.push(Foreign {
                line: n as u64 + 1,
                offset: (start + i) as u64,
                byte: line.get(i).copied().unwrap_or(0),
                encoding,
                other,
            });
        } else {
            text.extend_from_slice(line);
        }
        if start + line.len() < all.len() {
            text.push(end);
        }
    }
    if is_utf8 {
        return Some((Bytes::Memory(Arc::new(text)), "UTF-8".into()));
    }
    let Some(decoded) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&text)
        .filter(|t| !t.contains('\0'))
    else {
        foreign.clear();
        return None;
    };
    Some((
        Bytes::Memory(Arc::new(decoded.into_owned().into_bytes())),
        "GB18030 (GBK)".into(),
    ))
}

/// Whether the source is UTF-8 (`Ok(has_bom)`) or not (the offset of the first invalid byte),
/// decided on the whole of it at any size: a file over 8 MB was once judged by 32 samples, so one
/// GBK row between them made the whole file an error instead of one rejected line. Checking all
/// of it costs one streaming pass at memory speed (SIMD, `simdutf8`).
///
/// # Complexity
/// One pass over the bytes, in [`PIECE`]s.
fn utf8_status(bytes: &Bytes) -> Result<std::result::Result<bool, u64>> {
    utf8_check(bytes)
}

/// Checks that the whole source is UTF-8, streaming: `Ok(has_bom)`, or the offset of the first
/// invalid byte.
///
/// # Complexity
/// One pass over the bytes, in [`PIECE`]s.
fn utf8_check(bytes: &Bytes) -> Result<std::result::Result<bool, u64>> {
    let mut r = bytes.open()?;
    let mut buf = vec![0u8; PIECE];
    let mut carry = 0usize;
    let mut offset = 0u64;
    let mut bom = None;
    loop {
        let n = r.read(&mut buf[carry..])?;
        let len = carry + n;
        if bom.is_none() && len >= 3 {
            bom = Some(buf.starts_with(b"\xEF\xBB\xBF"));
        }
        match simdutf8::compat::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                // A character cut at the end of the piece: keep its bytes for the next read.
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
                offset += valid as u64;
                continue;
            }
            Err(e) => return Ok(Err(offset + e.valid_up_to() as u64)),
        }
        offset += len as u64;
        if n == 0 {
            return Ok(Ok(bom.unwrap_or(false)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_across_piece_boundaries() {
        // A 3-byte character straddling the 1 MiB boundary is valid.
        let mut v = vec![b'a'; (1 << 20) - 1];
        v.extend("斤".as_bytes());
        assert_eq!(
            utf8_check(&Bytes::Memory(Arc::new(v.clone()))).unwrap(),
            Ok(false)
        );
        v.push(0xFF);
        assert_eq!(
            utf8_check(&Bytes::Memory(Arc::new(v))).unwrap(),
            Err((1 << 20) + 2)
        );
    }
}
