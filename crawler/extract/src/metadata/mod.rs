//! Article metadata: each field from its sources in order of trust.
//!
//! Structured data (JSON-LD) comes first because the publisher states it on purpose; then
//! OpenGraph and other `<meta>` conventions (article:*, Dublin Core, Parse.ly, sailthru);
//! then microdata and `<time>` markup; then what the URL and visible text reveal.

pub(crate) mod byline;
pub(crate) mod collect;
pub(crate) mod date;
pub(crate) mod jsonld;
pub(crate) mod language;
pub(crate) mod links;
pub(crate) mod title;

use chrono::{DateTime, Utc};
use gazette_article::DateSource;
use url::Url;

use collect::Collected;
pub(crate) use jsonld::LinkedData;

/// Metadata fields, before the body-dependent ones (language) are added.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub title: String,
    pub byline: Vec<String>,
    pub published: Option<(DateTime<Utc>, DateSource)>,
    pub modified: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub section: Option<String>,
    pub image: Option<String>,
    pub description: Option<String>,
    /// The declared language (html `lang`, `og:locale`, JSON-LD `inLanguage`).
    pub declared_language: Option<String>,
    /// `og:type`, lower-cased.
    pub og_type: Option<String>,
}

const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "og:published_time",
    "displaydate",
];

const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "article.updated",
    "lastmod",
];

const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "byline",
];

/// Reads every metadata field from the collected tags; `text_start` is the beginning of the
/// extracted body, searched for a written date when nothing better exists.
pub(crate) fn extract(
    collected: &Collected<'_>,
    ld: &LinkedData,
    url: Option<&Url>,
    text_start: &str,
) -> Metadata {
    let site_name = collected
        .meta(&[
            "og:site_name",
            "application-name",
            "twitter:app:name:iphone",
        ])
        .map(crate::text::collapse)
        .or_else(|| ld.publisher.clone())
        .or_else(|| ld.website.clone())
        .filter(|s| !s.is_empty() && !s.contains("://"));
    let title = title::choose(&title::TitleSources {
        og_title: collected.meta(&["og:title", "twitter:title"]),
        ld_headline: ld.headline.as_deref(),
        html_title: collected.title.as_deref(),
        h1: &collected.h1,
        site_name: site_name.as_deref(),
    });
    let canonical_url = collected
        .links
        .iter()
        .filter(|(rel, _)| rel.split_whitespace().any(|r| r == "canonical"))
        .map(|(_, href)| *href)
        .chain(collected.meta(&["og:url"]))
        .chain(ld.url.as_deref())
        .find_map(|href| links::canonical(href, url));
    let image = collected
        .meta(&[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ])
        .or(ld.image.as_deref())
        .or_else(|| {
            collected
                .links
                .iter()
                .find(|(rel, _)| rel == "image_src")
                .map(|(_, h)| *h)
        })
        .and_then(|href| links::resolve(href, url))
        .map(|u| u.to_string());
    let mut byline = authors(collected, ld);
    // A byline naming the site itself ("By Daily News Staff" reduced to the site) is no author.
    if let Some(site) = &site_name {
        byline.retain(|name| !name.eq_ignore_ascii_case(site));
    }
    Metadata {
        title,
        byline,
        published: published(collected, ld, url, text_start),
        modified: modified(collected, ld),
        site_name,
        canonical_url,
        section: ld
            .section
            .clone()
            .or_else(|| {
                collected
                    .meta(&[
                        "article:section",
                        "section",
                        "parsely-section",
                        "sailthru.section",
                        "article.section",
                    ])
                    .map(str::to_owned)
            })
            .or_else(|| collected.itemprop("articlesection").map(str::to_owned))
            .map(|s| crate::text::collapse(&s))
            .filter(|s| !s.is_empty()),
        image,
        description: collected
            .meta(&[
                "og:description",
                "description",
                "twitter:description",
                "dc.description",
            ])
            .map(str::to_owned)
            .or_else(|| ld.description.clone())
            .map(|s| crate::text::collapse(&s))
            .filter(|s| !s.is_empty()),
        declared_language: collected
            .lang
            .map(str::to_owned)
            .or_else(|| ld.language.clone())
            .or_else(|| {
                collected
                    .meta(&["og:locale", "content-language", "language", "dc.language"])
                    .map(str::to_owned)
            }),
        og_type: collected
            .meta(&["og:type"])
            .map(|t| t.trim().to_ascii_lowercase()),
    }
}

fn authors(collected: &Collected<'_>, ld: &LinkedData) -> Vec<String> {
    let from_ld = byline::first_names(ld.authors.iter().map(String::as_str));
    if !from_ld.is_empty() {
        let mut all: Vec<String> = Vec::new();
        for name in ld.authors.iter().flat_map(|a| byline::names(a)) {
            if !all.contains(&name) {
                all.push(name);
            }
        }
        return all;
    }
    let metas = AUTHOR_META.iter().filter_map(|k| collected.meta(&[k]));
    let props = collected
        .itemprops
        .iter()
        .filter(|(k, _)| k == "author" || k == "creator")
        .map(|(_, v)| v.as_str());
    let marked = collected.bylines.iter().map(String::as_str);
    byline::first_names(metas.chain(props).chain(marked))
}

fn published(
    collected: &Collected<'_>,
    ld: &LinkedData,
    url: Option<&Url>,
    text_start: &str,
) -> Option<(DateTime<Utc>, DateSource)> {
    let structured = ld
        .date_published
        .as_deref()
        .map(|d| (DateSource::JsonLd, d));
    let metas = PUBLISHED_META
        .iter()
        .filter_map(|k| collected.meta(&[k]))
        .map(|d| (DateSource::Meta, d));
    let microdata = collected
        .itemprop("datepublished")
        .map(|d| (DateSource::Microdata, d));
    let times_marked = collected
        .times
        .iter()
        .filter(|t| t.published && !t.modified)
        .map(|t| (DateSource::Time, t.value.as_str()));
    let times_any = collected
        .times
        .iter()
        .filter(|t| !t.modified)
        .map(|t| (DateSource::Time, t.value.as_str()));
    let found = date::first_plausible(
        structured
            .into_iter()
            .chain(metas)
            .chain(microdata)
            .chain(times_marked)
            .chain(times_any),
    );
    found
        .or_else(|| {
            url.and_then(|u| date::from_url(u.as_str()))
                .map(|d| (d, DateSource::Url))
        })
        .or_else(|| {
            collected
                .bylines
                .iter()
                .find_map(|b| date::from_text(b))
                .map(|d| (d, DateSource::Text))
        })
        .or_else(|| date::from_text(text_start).map(|d| (d, DateSource::Text)))
}

fn modified(collected: &Collected<'_>, ld: &LinkedData) -> Option<DateTime<Utc>> {
    let structured = ld.date_modified.as_deref();
    let metas = MODIFIED_META.iter().filter_map(|k| collected.meta(&[k]));
    let microdata = collected.itemprop("datemodified");
    let times = collected
        .times
        .iter()
        .filter(|t| t.modified)
        .map(|t| t.value.as_str());
    structured
        .into_iter()
        .chain(metas)
        .chain(microdata)
        .chain(times)
        .find_map(date::parse_plausible)
}
