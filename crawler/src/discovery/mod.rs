//! Discovery (the "spider"): turning fetched feeds, sitemaps and pages into new URLs,
//! with whatever each source tells about the article (title, date) as hints.

pub(crate) mod feeds;
pub(crate) mod links;
pub(crate) mod sitemaps;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

/// What a URL is expected to be, which decides how its response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UrlKind {
    Feed,
    Sitemap,
    Page,
}

/// What a feed or sitemap says about a page before it is fetched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageHint {
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// `Feed` or `Sitemap`: where `published` came from.
    pub date_from_sitemap: bool,
}

/// A URL found by discovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Discovered {
    pub url: Url,
    pub kind: UrlKind,
    #[serde(default)]
    pub hint: PageHint,
}

impl Discovered {
    pub fn page(url: Url) -> Self {
        Discovered {
            url,
            kind: UrlKind::Page,
            hint: PageHint::default(),
        }
    }
}
