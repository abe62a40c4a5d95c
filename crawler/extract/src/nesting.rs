//! A guard against pathological nesting, applied to the markup before parsing.
//!
//! The HTML tree builder checks element scopes by scanning its stack of open elements, so
//! each new element costs time proportional to the nesting depth: 20,000 nested `<div>`s take
//! seconds, 200,000 take minutes. Browsers cap the depth for the same reason (Chromium at
//! 512). This pass counts open elements with a cheap linear scan and, only once the depth
//! passes [`MAX_DEPTH`], drops the deeper start tags and their matching end tags: the text is
//! kept, only the excess structure goes. Real pages never come near the limit and are
//! returned untouched, without a copy.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest element nesting kept; deeper start tags are dropped.
pub(crate) const MAX_DEPTH: usize = 512;

/// Returns `html` with nesting beyond [`MAX_DEPTH`] flattened (borrowed when within bounds).
pub(crate) fn limit_depth(html: &str) -> Cow<'_, str> {
    if max_depth_estimate(html) <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut depth: usize = 0;
    let mut opened: HashMap<String, usize> = HashMap::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (start, tag) in tags(html) {
        let name = tag.name.to_ascii_lowercase();
        if tag.closing {
            if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                cuts.push((start, tag.end));
            } else if let Some(n) = opened.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                depth = depth.saturating_sub(1);
            }
        } else if depth >= MAX_DEPTH {
            *dropped.entry(name).or_insert(0) += 1;
            cuts.push((start, tag.end));
        } else {
            depth += 1;
            *opened.entry(name).or_insert(0) += 1;
        }
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (cut_start, cut_end) in cuts {
        out.push_str(html.get(copied..cut_start).unwrap_or_default());
        copied = cut_end;
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// A quick estimate of the nesting depth over raw bytes (SIMD search for `<`, no tag
/// parsing beyond the name): every counted start tag goes one deeper, every end tag one
/// shallower; script-like content is skipped. Only when this passes the limit does the
/// exact pass run.
fn max_depth_estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut pos = 0;
    while let Some(offset) = bytes.get(pos..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = pos + offset + 1;
        pos = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let rest = bytes.get(name_start..).unwrap_or_default();
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut buf = [0u8; 10];
        let name_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let Some(name) = lower_name(rest.get(..name_len).unwrap_or_default(), &mut buf) else {
            // Longer than any tag that matters: a custom element, which can nest.
            depth += usize::from(!closing);
            max = max.max(depth);
            continue;
        };
        if !closing && RAW_TEXT.contains(&name) {
            pos = raw_text_end_bytes(bytes, name_start + name_len, name);
            continue;
        }
        if !counts_lower(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// `name` lower-cased into `buf`, or `None` when it is longer than the buffer.
fn lower_name<'b>(name: &[u8], buf: &'b mut [u8; 10]) -> Option<&'b str> {
    let slot = buf.get_mut(..name.len())?;
    slot.copy_from_slice(name);
    slot.make_ascii_lowercase();
    std::str::from_utf8(slot).ok()
}

/// For a script-like start tag whose (lower-case) name ends at `from`, the offset of its end
/// tag, or the end of input when it is never closed.
fn raw_text_end_bytes(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| memchr::memmem::find(rest, b"</"))
    {
        let close = at + offset + 2;
        if bytes
            .get(close..close + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return close;
        }
        at = close;
    }
    bytes.len()
}

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// The start and end tags of elements that can stack up, with their offsets, skipping
/// comments and the content of script-like elements.
fn tags(html: &str) -> impl Iterator<Item = (usize, Tag<'_>)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = html.get(pos..).and_then(|rest| rest.find('<')) {
            let start = pos + offset;
            let Some(tag) = read_tag(html, start) else {
                pos = start + 1;
                continue;
            };
            pos = raw_text_end(html, &tag).unwrap_or(tag.end);
            if !tag.name.is_empty() && counts(tag.name) {
                return Some((start, tag));
            }
        }
        None
    })
}

struct Tag<'a> {
    name: &'a str,
    closing: bool,
    /// Byte offset just past the tag's `>` (or the end of input).
    end: usize,
}

/// Reads the tag starting at `start` (which holds `<`); `None` when it is not a tag.
fn read_tag(html: &str, start: usize) -> Option<Tag<'_>> {
    let rest = html.get(start + 1..)?;
    if rest.starts_with("!--") {
        let end = rest.find("-->").map_or(html.len(), |e| start + 1 + e + 3);
        return Some(Tag {
            name: "",
            closing: false,
            end,
        });
    }
    let (closing, name_part) = match rest.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let name_len = name_part
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_part.len());
    let name = name_part.get(..name_len)?;
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = start + 1 + usize::from(closing) + name_len;
    let end = html
        .get(after_name..)?
        .find('>')
        .map_or(html.len(), |e| after_name + e + 1);
    Some(Tag { name, closing, end })
}

/// For `<script>`-like elements whose content is not markup, the offset past their end tag.
fn raw_text_end(html: &str, tag: &Tag<'_>) -> Option<usize> {
    if tag.closing || !RAW_TEXT.iter().any(|r| tag.name.eq_ignore_ascii_case(r)) {
        return None;
    }
    let mut from = tag.end;
    while let Some(offset) = html.get(from..).and_then(|rest| rest.find("</")) {
        let at = from + offset;
        let name_start = at + 2;
        if html
            .get(name_start..name_start + tag.name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(tag.name))
        {
            return Some(at);
        }
        from = name_start;
    }
    Some(html.len())
}

/// Elements that can nest without limit in the tree builder's stack: not void, and not
/// implicitly closed by a sibling of the same kind (`p`, `li`, `td`, ... never stack up).
fn counts(name: &str) -> bool {
    let mut buf = [0u8; 10];
    lower_name(name.as_bytes(), &mut buf).is_none_or(counts_lower)
}

/// [`counts`] for a name already in lower case.
fn counts_lower(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
            | "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "noscript"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_pages_are_borrowed_untouched() {
        let html = "<html><body><div><p>a<p>b<li>c</div><script>if (a<b) {}</script></body></html>";
        assert!(matches!(limit_depth(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_but_text_kept() {
        let depth = MAX_DEPTH + 100;
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let limited = limit_depth(&html);
        assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains("deep text"));
    }

    #[test]
    fn markup_inside_scripts_is_not_counted() {
        let html = format!(
            "<script>{}</script><div>x</div>",
            "<div>".repeat(MAX_DEPTH * 2)
        );
        assert!(matches!(limit_depth(&html), Cow::Borrowed(_)));
    }
}
