//! URL normalisation: one spelling per page, so each article is fetched and stored once.
//!
//! Rules: only http(s); lower-case host without a trailing dot; no default port; no
//! fragment; no tracking (`utm_*`, `fbclid`, `gclid`, ...) or session-id parameters (also
//! `;jsessionid=` path parameters); query pairs sorted. The result is idempotent
//! (`normalize(normalize(u)) == normalize(u)`), which a property test checks.

use url::Url;

/// Query parameters that identify a click or a session, never the page.
const DROPPED_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "_ga",
    "_hsenc",
    "_hsmi",
    "jsessionid",
    "phpsessid",
    "sessionid",
    "session_id",
    "sid",
    "cfid",
    "cftoken",
];

fn is_dropped_param(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_")
        || key.starts_with("aspsessionid")
        || DROPPED_PARAMS.contains(&key.as_str())
}

/// The normalised form of `url`, or `None` for schemes the crawler never fetches.
///
/// ```
/// use gazette_crawler::normalize_url;
/// let u = url::Url::parse("HTTP://Example.ORG:80/a?utm_source=x&b=2&a=1#top").unwrap();
/// assert_eq!(normalize_url(&u).unwrap().as_str(), "http://example.org/a?a=1&b=2");
/// ```
pub fn normalize_url(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut out = url.clone();
    out.set_fragment(None);
    // Credentials in a URL are never part of an article's identity.
    let _ = out.set_username("");
    let _ = out.set_password(None);
    if let Some(host) = out.host_str() {
        let trimmed = host.trim_end_matches('.').to_ascii_lowercase();
        if trimmed != host && !trimmed.is_empty() && out.set_host(Some(&trimmed)).is_err() {
            return None;
        }
    }
    let path = out.path();
    if path.to_ascii_lowercase().contains(";jsessionid=") {
        let cleaned = strip_path_session(path);
        out.set_path(&cleaned);
    }
    let mut pairs: Vec<(String, String)> = out
        .query_pairs()
        .filter(|(k, _)| !is_dropped_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        out.set_query(None);
    } else {
        pairs.sort();
        out.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Some(out)
}

/// Removes `;jsessionid=...` parameters from each path segment.
fn strip_path_session(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let lower = segment.to_ascii_lowercase();
            match lower.find(";jsessionid=") {
                Some(at) => segment.get(..at).unwrap_or(segment),
                None => segment,
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses `href` relative to `base` and normalises it.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    base.join(href).ok().and_then(|u| normalize_url(&u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn norm(s: &str) -> String {
        normalize_url(&Url::parse(s).unwrap())
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn tracking_and_session_parameters_are_dropped() {
        assert_eq!(
            norm("https://e.org/x?fbclid=1&id=7&UTM_medium=m&PHPSESSID=abc"),
            "https://e.org/x?id=7"
        );
        assert_eq!(
            norm("https://e.org/a;jsessionid=XYZ/b?q=1"),
            "https://e.org/a/b?q=1"
        );
    }

    #[test]
    fn host_port_and_fragment_are_canonical() {
        assert_eq!(norm("https://WWW.E.org.:443/a#frag"), "https://www.e.org/a");
        assert_eq!(norm("http://e.org:8080"), "http://e.org:8080/");
    }

    #[test]
    fn other_schemes_are_refused() {
        assert_eq!(norm("mailto:a@e.org"), "");
        assert_eq!(norm("ftp://e.org/file"), "");
    }

    proptest! {
        #[test]
        fn normalisation_is_idempotent(
            host in "[a-zA-Z][a-zA-Z0-9-]{0,10}(\\.[a-zA-Z]{2,5}){1,2}\\.?",
            port in proptest::option::of(1u16..65535),
            path in "(/[a-zA-Z0-9%;=._~-]{0,8}){0,4}",
            query in proptest::collection::vec(("[a-zA-Z_]{1,8}", "[a-zA-Z0-9%+ &=]{0,6}"), 0..5),
            fragment in proptest::option::of("[a-z]{0,5}"),
        ) {
            let mut s = format!("https://{host}");
            if let Some(p) = port { s.push_str(&format!(":{p}")); }
            s.push_str(&path);
            if !query.is_empty() {
                s.push('?');
                let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
                s.push_str(&q.join("&"));
            }
            if let Some(f) = fragment { s.push('#'); s.push_str(&f); }
            if let Ok(u) = Url::parse(&s)
                && let Some(once) = normalize_url(&u)
            {
                let twice = normalize_url(&once);
                prop_assert_eq!(Some(once.clone()), twice, "input {}", s);
            }
        }
    }
}
