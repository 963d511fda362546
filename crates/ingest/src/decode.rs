//! Bytes → `String`: BOMs, UTF-8, legacy encodings, and binary detection.

use encoding_rs::Encoding;

/// The result of decoding a file's bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Text, with a note when the bytes were not clean UTF-8.
    Text { text: String, note: Option<String> },
    /// Not text; the reason says why.
    Binary(String),
}

/// Magic numbers of formats that sometimes arrive with a `.txt` or `.html` name.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip data without a .gz name"),
    (b"\x7fELF", "executable"),
];

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let note = had_errors.then(|| format!("invalid {} sequences replaced", enc.name()));
        return Decoded::Text {
            text: text.into_owned(),
            note,
        };
    }
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Decoded::Binary(format!("binary file ({what})"));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr_nul(head) {
        return Decoded::Binary("binary file (NUL bytes in the first 8 KB)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text {
            text: s.to_string(),
            note: None,
        },
        Err(_) => decode_damaged(bytes),
    }
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Bytes that are not valid UTF-8: either UTF-8 with a few broken sequences
/// (keep it, replacing them) or text in a legacy 8-bit encoding (guess it).
///
/// Legacy text almost never holds a valid multi-byte UTF-8 sequence (it
/// takes a lead byte such as 'Ã' followed by a C1 control or symbol), so as
/// long as valid sequences are at least as many as broken ones, the file is
/// UTF-8 that was damaged, and reading it as Windows-1252 would garble every
/// quotation mark and accent that is still fine.
fn decode_damaged(bytes: &[u8]) -> Decoded {
    let (invalid, multibyte) = utf8_profile(bytes);
    if multibyte > 0 && invalid <= multibyte {
        return Decoded::Text {
            text: String::from_utf8_lossy(bytes).into_owned(),
            note: Some(format!(
                "{invalid} invalid UTF-8 sequence(s) replaced with U+FFFD"
            )),
        };
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, _) = enc.decode(bytes);
    Decoded::Text {
        text: text.into_owned(),
        note: Some(format!("not UTF-8; decoded as {}", enc.name())),
    }
}

/// (invalid sequences, valid multi-byte sequences) in `bytes`.
fn utf8_profile(mut bytes: &[u8]) -> (usize, usize) {
    let (mut invalid, mut multibyte) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                return (invalid, multibyte);
            }
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // SAFETY-free: `valid_up_to` marks a valid UTF-8 prefix.
                multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[e.valid_up_to() + skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> (String, Option<String>) {
        match d {
            Decoded::Text { text, note } => (text, note),
            Decoded::Binary(why) => panic!("unexpected binary: {why}"),
        }
    }

    #[test]
    fn clean_utf8_passes_untouched() {
        let (t, note) = text(decode("“We are close,” Lavrov said.".as_bytes()));
        assert_eq!(t, "“We are close,” Lavrov said.");
        assert_eq!(note, None);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Kerry said".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(text(decode(&bytes)).0, "Kerry said");
    }

    #[test]
    fn latin1_is_recognised() {
        let bytes = b"Le ministre a d\xe9clar\xe9 que la tr\xeave tiendra jusqu'\xe0 lundi.";
        let (t, note) = text(decode(bytes));
        assert!(t.contains("déclaré"), "{t}");
        assert!(note.unwrap().contains("decoded as"));
    }

    #[test]
    fn a_broken_byte_in_utf8_is_replaced_not_reinterpreted() {
        let mut bytes = "Lavrov’s “envoy” said — ".as_bytes().to_vec();
        bytes.push(0xC3);
        bytes.extend_from_slice(" and the talks went on.".as_bytes());
        let (t, note) = text(decode(&bytes));
        assert!(t.starts_with("Lavrov’s “envoy”"));
        assert!(t.contains('\u{FFFD}'));
        assert!(note.unwrap().contains("1 invalid"));
    }

    #[test]
    fn several_broken_sequences_in_short_utf8_are_still_utf8() {
        let mut bytes = "“We are close,” the envoy said — and ".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xc3\x28 \xff\xfe \xe2\x82");
        bytes.extend_from_slice(" the délégués went home.".as_bytes());
        let (t, note) = text(decode(&bytes));
        assert!(t.starts_with("“We are close,” the envoy said — and"), "{t}");
        assert!(t.ends_with("the délégués went home."), "{t}");
        assert!(note.unwrap().contains("invalid UTF-8"));
    }

    #[test]
    fn png_with_txt_name_is_binary() {
        let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(decode(bytes), Decoded::Binary(_)));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(decode(b"abc\0def"), Decoded::Binary(_)));
    }
}
