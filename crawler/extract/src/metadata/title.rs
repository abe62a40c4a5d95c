//! The headline: the page's `<h1>` when the head metadata confirms it, else `og:title`, the
//! JSON-LD headline or `<title>`, with the site name cut off ("Headline | The Daily").

/// Separators sites put between a headline and their own name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ", " / ",
];

/// Inputs to the headline choice, most specific first.
pub(crate) struct TitleSources<'a> {
    pub og_title: Option<&'a str>,
    pub ld_headline: Option<&'a str>,
    pub html_title: Option<&'a str>,
    pub h1: &'a [String],
    pub site_name: Option<&'a str>,
}

/// Picks the headline.
pub(crate) fn choose(sources: &TitleSources<'_>) -> String {
    let head_titles: Vec<&str> = [sources.og_title, sources.ld_headline, sources.html_title]
        .into_iter()
        .flatten()
        .collect();
    let confirmed_h1 = sources.h1.iter().find(|h1| {
        let h1 = normalise(h1);
        !h1.is_empty()
            && head_titles.iter().any(|t| {
                let t = normalise(t);
                t.contains(&h1) && h1.len() * 2 >= t.len()
            })
    });
    if let Some(h1) = confirmed_h1 {
        return crate::text::collapse(h1);
    }
    for title in head_titles {
        let stripped = strip_site(&crate::text::collapse(title), sources.site_name);
        if !stripped.is_empty() {
            return stripped;
        }
    }
    sources
        .h1
        .iter()
        .map(|h| crate::text::collapse(h))
        .find(|h| !h.is_empty())
        .unwrap_or_default()
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes a leading or trailing site name segment.
pub(crate) fn strip_site(title: &str, site_name: Option<&str>) -> String {
    let site = site_name.map(normalise).unwrap_or_default();
    for sep in SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let tail_norm = normalise(tail);
        if (!site.is_empty() && (tail_norm == site || site.contains(&tail_norm)))
            || (crate::text::word_count(tail) <= 4
                && crate::text::word_count(head) > crate::text::word_count(tail))
        {
            return head.trim().to_owned();
        }
        if let Some((first, rest)) = title.split_once(sep)
            && !site.is_empty()
            && normalise(first) == site
        {
            return rest.trim().to_owned();
        }
    }
    title.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmed_h1_wins() {
        let h1 = vec!["Baku weighs a Gaza role".to_owned()];
        let sources = TitleSources {
            og_title: Some("Baku weighs a Gaza role | The Daily"),
            ld_headline: None,
            html_title: None,
            h1: &h1,
            site_name: Some("The Daily"),
        };
        assert_eq!(choose(&sources), "Baku weighs a Gaza role");
    }

    #[test]
    fn site_suffix_is_cut_from_title_tag() {
        let sources = TitleSources {
            og_title: None,
            ld_headline: None,
            html_title: Some("Minister resigns over leak - World News - The Daily Planet"),
            h1: &[],
            site_name: Some("The Daily Planet"),
        };
        assert_eq!(choose(&sources), "Minister resigns over leak - World News");
    }

    #[test]
    fn logo_h1_is_not_the_title() {
        let h1 = vec!["The Daily".to_owned()];
        let sources = TitleSources {
            og_title: Some("Talks collapse in Geneva"),
            ld_headline: None,
            html_title: None,
            h1: &h1,
            site_name: None,
        };
        assert_eq!(choose(&sources), "Talks collapse in Geneva");
    }
}
