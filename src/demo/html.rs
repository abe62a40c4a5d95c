//! Helpers shared by the page templates: escaping, encodings, dates, and the
//! deterministic "random" page furniture (post ids, comments, most-read lists).
//!
//! Every piece of content that reaches a page goes through [`escape`] (or
//! [`json_for_script`] inside `<script>`), so hostile titles render as text.

use super::{DemoArticle, DemoSite};
use chrono::{DateTime, Duration, FixedOffset};

/// The site's sections: URL slug and menu label.
pub const SECTIONS: [(&str, &str); 5] = [
    ("world", "World"),
    ("politics", "Politics"),
    ("economy", "Economy"),
    ("security", "Security"),
    ("rights", "Rights & Migration"),
];

/// The menu label of a section slug (the slug itself when unknown).
pub fn section_label(section: &str) -> &str {
    SECTIONS
        .iter()
        .find(|(slug, _)| *slug == section)
        .map_or(section, |(_, label)| label)
}

/// Escapes text for HTML (and XML) element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Serialises JSON so that it cannot close the `<script>` element it sits in.
pub fn json_for_script(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Encodes a page as ISO-8859-1; characters outside Latin-1 become numeric character
/// references, which is what an old CMS emitting Latin-1 does with them.
pub fn encode_latin1(html: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    for c in html.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(byte) => out.push(byte),
            Err(_) => out.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes()),
        }
    }
    out
}

/// "March 3, 2025", the US style of WordPress and Arc bylines.
pub fn long_date(date: &DateTime<FixedOffset>) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// A slug for a person's name, for `/author/<slug>/` pages.
pub fn name_slug(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    slug
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`), so pages look the same on every run.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The CMS's numeric id of an article (WordPress post id, Drupal node id).
pub fn post_id(article: &DemoArticle) -> u64 {
    10_000 + stable_hash(&article.slug) % 90_000
}

/// The first `words` words of a text, with an ellipsis when cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut parts = text.split_whitespace();
    let head: Vec<&str> = parts.by_ref().take(words).collect();
    let mut out = head.join(" ");
    if parts.next().is_some() {
        out.push_str(" …");
    }
    out
}

/// A reader comment under an article.
pub struct Comment {
    /// Display name.
    pub author: &'static str,
    /// When it was posted.
    pub posted: DateTime<FixedOffset>,
    /// The comment text.
    pub text: &'static str,
}

const COMMENTERS: [&str; 10] = [
    "Marek P.",
    "sandra_k",
    "Old Diplomat",
    "Ibrahim Yusuf",
    "Chloe R.",
    "pragmatist77",
    "Hugo Lefèvre",
    "A. Nwosu",
    "Rustam",
    "Jenny from Leeds",
];

const COMMENT_TEXTS: [&str; 12] = [
    "Good overview, but the piece underplays how much domestic politics drives all of this.",
    "I have followed this region for twenty years and I have heard \"a breakthrough is close\" many times before.",
    "Who pays for all of it in the end? Taxpayers, as usual.",
    "Thank you for quoting people who actually know the region instead of the usual pundits.",
    "The map in the print edition was clearer than the online version.",
    "Sanctions never work the way their designers promise. History is clear on this.",
    "Interesting that nobody mentions the role of the Gulf states here.",
    "This is the first article I have read that explains the energy angle properly.",
    "Will you follow up on this after the summit? Would love an update.",
    "Disagree with the analysts quoted. The situation on the ground is far worse.",
    "Shared this with my students; a useful summary of a complicated file.",
    "Typo in the fourth paragraph, otherwise excellent.",
];

/// Two or three comments, chosen and timed deterministically from the slug.
pub fn comments_for(article: &DemoArticle) -> Vec<Comment> {
    let seed = stable_hash(&article.slug);
    let count = 2 + usize::try_from(seed % 2).unwrap_or_default();
    (0..count)
        .map(|i| {
            let pick = usize::try_from(seed >> (8 * i)).unwrap_or_default();
            let hours = 3 + 7 * i64::try_from(i).unwrap_or_default();
            Comment {
                author: COMMENTERS[pick % COMMENTERS.len()],
                posted: article.published + Duration::hours(hours),
                text: COMMENT_TEXTS[(pick / 7 + i) % COMMENT_TEXTS.len()],
            }
        })
        .collect()
}

/// A stable pseudo "most read" list (the site has no readers to count).
pub fn most_read(site: &DemoSite, limit: usize) -> Vec<&DemoArticle> {
    let mut ranked: Vec<&DemoArticle> = site.articles().iter().collect();
    ranked.sort_by_key(|article| stable_hash(&format!("read:{}", article.slug)));
    ranked.truncate(limit);
    ranked
}

/// Adds campaign-tracking parameters to a site path, as newsletters and widgets do.
pub fn tracked(path: &str, source: &str, medium: &str) -> String {
    format!("{path}?utm_source={source}&utm_medium={medium}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn json_for_script_cannot_close_the_script() {
        let value = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let out = json_for_script(&value);
        assert!(!out.contains("</script>"));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn latin1_encoding_keeps_latin1_and_references_the_rest() {
        assert_eq!(
            encode_latin1("Müller “x”"),
            b"M\xfcller &#8220;x&#8221;".to_vec()
        );
    }

    #[test]
    fn name_slugs_and_excerpts() {
        assert_eq!(name_slug("Ana Beatriz Costa"), "ana-beatriz-costa");
        assert_eq!(name_slug("Selin Aydın"), "selin-aydın");
        assert_eq!(excerpt("a b c d", 2), "a b …");
        assert_eq!(excerpt("a b", 2), "a b");
    }

    #[test]
    fn post_ids_are_distinct_across_the_demo() {
        let site = DemoSite::new();
        let ids: std::collections::HashSet<u64> = site.articles().iter().map(post_id).collect();
        assert_eq!(ids.len(), site.articles().len());
    }
}
