//! Decoding raw page bytes to text, in the order browsers use.
//!
//! A byte-order mark wins; then the HTTP `Content-Type` charset; then a `<meta charset>` or
//! `http-equiv` declaration in the first 1024 bytes; then statistical detection (chardetng),
//! which also covers the common case of a page that declares nothing. Undecodable bytes
//! become U+FFFD instead of failing: a page is never lost to a bad byte.

use encoding_rs::{Encoding, UTF_8};

/// How far into the document a `<meta>` charset declaration is honoured (HTML spec: 1024).
const PRESCAN_BYTES: usize = 1024;

/// Decodes raw HTML bytes to a `String`.
///
/// ```
/// use gazette_extract::decode_html;
/// let latin1 = b"<p>caf\xe9</p>";
/// assert_eq!(decode_html(latin1, Some("text/html; charset=ISO-8859-1")), "<p>caf\u{e9}</p>");
/// assert_eq!(decode_html(b"\xEF\xBB\xBFhi", None), "hi");
/// ```
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(rest).0.into_owned();
    }
    let encoding = content_type
        .and_then(charset_from_content_type)
        .or_else(|| charset_from_meta(bytes.get(..PRESCAN_BYTES).unwrap_or(bytes)))
        .unwrap_or_else(|| detect(bytes));
    // A declared UTF-16 in an ASCII-compatible document is a lie the spec says to ignore.
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        UTF_8
    } else {
        encoding
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let start = lower.find("charset=")? + "charset=".len();
    let value = lower.get(start..)?;
    let value = value.trim_start_matches(['"', '\'']);
    let label: String = value
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'' | ' '))
        .collect();
    Encoding::for_label(label.trim().as_bytes())
}

/// Finds `charset=` inside a `<meta ...>` tag in the prescan window.
fn charset_from_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(lower.get(from..)?, b"<meta") {
        let tag_start = from + offset;
        let tag_end = find(lower.get(tag_start..)?, b">").map_or(lower.len(), |e| tag_start + e);
        let tag = lower.get(tag_start..tag_end)?;
        if let Some(pos) = find(tag, b"charset") {
            let rest = tag.get(pos + b"charset".len()..)?;
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(encoding) = rest.get(..len).and_then(Encoding::for_label) {
                    return Some(encoding);
                }
            }
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declarations() {
        let bytes = b"\xEF\xBB\xBF<meta charset=iso-8859-1>caf\xC3\xA9";
        assert_eq!(
            decode_html(bytes, Some("text/html; charset=windows-1252")),
            "<meta charset=iso-8859-1>café"
        );
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let bytes = b"<meta charset=utf-8>caf\xe9";
        assert_eq!(
            decode_html(bytes, Some("text/html; charset=\"iso-8859-1\"")),
            "<meta charset=utf-8>café"
        );
    }

    #[test]
    fn meta_charset_is_read() {
        let bytes = b"<html><head><meta charset=\"ISO-8859-1\"></head>caf\xe9";
        assert!(decode_html(bytes, None).ends_with("café"));
    }

    #[test]
    fn http_equiv_is_read() {
        let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x93q\x94";
        assert!(decode_html(bytes, None).ends_with("\u{201c}q\u{201d}"));
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let bytes = "<p>Le café était déjà fermé à côté de l'école élémentaire.</p>"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect::<Vec<u8>>();
        assert!(decode_html(&bytes, None).contains("café était déjà"));
    }

    #[test]
    fn invalid_bytes_do_not_fail() {
        assert_eq!(
            decode_html(b"<p>x\x80</p>", Some("text/html; charset=utf-8")),
            "<p>x\u{fffd}</p>"
        );
    }
}
