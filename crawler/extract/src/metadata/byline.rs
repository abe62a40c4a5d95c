//! Author names from structured data, meta tags and byline markup.
//!
//! Bylines arrive as "By JANE DOE and John Roe, Staff Writers | Updated March 3, 2021", as
//! profile URLs, or as organisation names. Only the people are kept: prefixes, roles, dates,
//! agencies and URLs are dropped, and every kept value must look like a personal name.

/// Words that mark a role, an organisation or a date rather than a person.
const NOT_NAME_WORDS: &[&str] = &[
    "staff",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "editors",
    "contributor",
    "columnist",
    "press",
    "associated",
    "news",
    "agency",
    "bureau",
    "published",
    "updated",
    "posted",
    "team",
    "desk",
    "service",
    "reuters",
    "afp",
    "times",
    "post",
    "daily",
    "magazine",
    "media",
    "online",
    "network",
    "group",
    "wire",
    "chief",
    "senior",
    "political",
    "international",
    "opinion",
    "guest",
    "photo",
    "photos",
    "video",
    "min",
    "read",
    "the",
    "comments",
    "share",
    "follow",
    "email",
    "by",
    "and",
    "more",
    "articles",
    "about",
    "author",
];

/// Lower-case particles allowed inside names ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "der", "van", "von", "bin", "al", "la", "le", "di", "du", "dos", "y",
];

/// Extracts the personal names from one raw byline value.
///
/// The result holds each name once, in title case when the byline shouted in capitals.
pub(crate) fn names(raw: &str) -> Vec<String> {
    if raw.contains("://") || raw.starts_with("www.") {
        return Vec::new();
    }
    let cut = cut_trailer(raw);
    let mut out: Vec<String> = Vec::new();
    for part in cut
        .split([',', ';', '&', '|', '/', '\n'])
        .flat_map(|p| p.split(" and "))
    {
        let candidate = strip_prefix(part.trim());
        if let Some(name) = as_name(candidate)
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// Names from the first source in `sources` that yields any.
pub(crate) fn first_names<'a>(sources: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    for source in sources {
        let found = names(source);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Cuts the byline before anything that follows the names (dates, "Updated", a bullet).
fn cut_trailer(raw: &str) -> &str {
    let mut end = raw.len();
    for marker in [
        "•",
        "·",
        "—",
        " - ",
        " – ",
        "Updated",
        "Published",
        "Posted",
        "\u{a0}|",
    ] {
        if let Some(pos) = raw.find(marker).filter(|p| *p > 0) {
            end = end.min(pos);
        }
    }
    if let Some(pos) = raw.find(|c: char| c.is_ascii_digit()) {
        end = end.min(pos);
    }
    raw.get(..end).unwrap_or(raw)
}

fn strip_prefix(part: &str) -> &str {
    // A short label before a colon ("Text: Jane Doe", "Autor: ...") in any language.
    let part = match part.split_once(':') {
        Some((label, rest)) if label.chars().count() <= 20 && !rest.trim().is_empty() => {
            rest.trim()
        }
        _ => part,
    };
    let lower = part.to_lowercase();
    for prefix in [
        "written by ",
        "words by ",
        "story by ",
        "posted by ",
        "author: ",
        "by: ",
        "by ",
        "por ",
        "von ",
        "par ",
    ] {
        if lower.starts_with(prefix) {
            return part.get(prefix.len()..).unwrap_or(part).trim();
        }
    }
    part
}

fn as_name(candidate: &str) -> Option<String> {
    let candidate = candidate.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let words: Vec<&str> = candidate.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || candidate.chars().count() > 60 {
        return None;
    }
    if candidate.chars().any(|c| c.is_ascii_digit() || c == '@') {
        return None;
    }
    let mut capitalised = 0;
    for word in &words {
        let lower = word.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.trim_matches('.')) {
            return None;
        }
        if PARTICLES.contains(&lower.as_str()) {
            continue;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else {
            return None;
        }
    }
    if capitalised < 2 {
        return None;
    }
    let shouting = candidate
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    Some(if shouting {
        title_case(&words)
    } else {
        words.join(" ")
    })
}

fn title_case(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_prefix_roles_and_dates_are_dropped() {
        assert_eq!(
            names("By Jane Doe and John Roe, Staff Writers | Updated March 3, 2021"),
            ["Jane Doe", "John Roe"]
        );
    }

    #[test]
    fn shouted_bylines_are_title_cased() {
        assert_eq!(names("BY JANE DOE"), ["Jane Doe"]);
    }

    #[test]
    fn urls_and_agencies_are_not_names() {
        assert!(names("https://www.facebook.com/janedoe").is_empty());
        assert!(names("Associated Press").is_empty());
        assert!(names("Reuters").is_empty());
    }

    #[test]
    fn labels_before_a_colon_are_dropped() {
        assert_eq!(names("Текст: Венера Ерофеева"), ["Венера Ерофеева"]);
    }

    #[test]
    fn particles_are_allowed() {
        assert_eq!(names("Ludwig van Beethoven"), ["Ludwig van Beethoven"]);
    }
}
