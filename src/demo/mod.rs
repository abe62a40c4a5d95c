//! The bundled sample news site served by `gazette demo`.
//!
//! The demo is the zero-setup tour of gazette and the fixture site of the end-to-end
//! tests, so it imitates a real, messy news site rather than a tidy test page: one
//! publication ("The Meridian Post") whose archive spans three CMS generations, each
//! with its own page template and URL scheme:
//!
//! * 2024 pages come from an old Drupal install (`/content/<slug>`, table layout,
//!   broken markup, one page in ISO-8859-1),
//! * 2025 pages mostly from WordPress (`/2025/03/03/<slug>/`, comments, sidebars),
//! * recent pages from an Arc-like platform (`/<section>/2026/01/20/<slug>/`,
//!   JSON-LD, cookie banner, paywall teaser).
//!
//! Around them are the pages a crawler must not mistake for articles (home, section
//! and tag listings, `/about`, `/search`, print duplicates with `rel=canonical`), the
//! discovery files (RSS, Atom, a sitemap index with a Google News sitemap and a gzipped
//! archive sitemap, `robots.txt`), tracking parameters on links, legacy redirects and
//! a dead link. Everything is generated from the embedded text files in `content/`,
//! so the demo needs no network and no files on disk.
//!
//! ```no_run
//! use std::sync::Arc;
//! # async fn serve() -> std::io::Result<()> {
//! let site = Arc::new(DemoSite::new());
//! println!("{} articles", site.articles().len());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! axum::serve(listener, site.router()).await
//! # }
//! ```

mod content;
mod feeds;
mod html;
mod pages;
mod router;
mod sitemaps;
mod template_arc;
mod template_drupal;
mod template_wordpress;

use std::sync::Arc;

pub use content::{DemoArticle, Template};

/// The name the demo site gives itself in feeds, sitemaps and page chrome.
pub const SITE_NAME: &str = "The Meridian Post";

/// The embedded article files, one per CMS era; see `content/README.md` for the format.
const CONTENT_FILES: [(&str, &str); 4] = [
    ("content/2024.txt", include_str!("content/2024.txt")),
    ("content/2025a.txt", include_str!("content/2025a.txt")),
    ("content/2025b.txt", include_str!("content/2025b.txt")),
    ("content/2026.txt", include_str!("content/2026.txt")),
];

/// The sample news site: its articles, parsed once, and the router that serves them.
#[derive(Debug, Clone)]
pub struct DemoSite {
    articles: Vec<DemoArticle>,
}

impl DemoSite {
    /// Parses the embedded content, newest article first.
    ///
    /// The content is compiled into the binary and checked by the unit tests, so a
    /// parse error here is a programming error; such a file is skipped with a log line
    /// rather than taking the whole demo down.
    pub fn new() -> Self {
        let mut articles = Vec::new();
        for (name, text) in CONTENT_FILES {
            match content::parse_articles(text) {
                Ok(parsed) => articles.extend(parsed),
                Err(error) => tracing::error!(file = name, %error, "demo content skipped"),
            }
        }
        Self::from_articles(articles)
    }

    /// A site made of the given articles (sorted newest first); tests use it to render
    /// hostile content.
    fn from_articles(mut articles: Vec<DemoArticle>) -> Self {
        articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
        Self { articles }
    }

    /// The axum router serving the whole site. Absolute URLs (feeds, sitemaps,
    /// robots.txt, canonical links) are built from the request's `Host` header, so the
    /// site works on whatever loopback port it is bound to.
    pub fn router(self: Arc<Self>) -> axum::Router {
        router::build(self)
    }

    /// Every article, newest first.
    pub fn articles(&self) -> &[DemoArticle] {
        &self.articles
    }

    /// The article with this slug.
    fn article(&self, slug: &str) -> Option<&DemoArticle> {
        self.articles.iter().find(|article| article.slug == slug)
    }

    /// Up to `limit` other articles sharing the most tags with `article`, then its
    /// section, nearest in time first: the "related posts" of every template.
    fn related(&self, article: &DemoArticle, limit: usize) -> Vec<&DemoArticle> {
        let mut scored: Vec<(usize, i64, &DemoArticle)> = self
            .articles
            .iter()
            .filter(|other| other.slug != article.slug)
            .map(|other| {
                let shared = other
                    .tags
                    .iter()
                    .filter(|tag| article.tags.contains(tag))
                    .count();
                let score = shared * 2 + usize::from(other.section == article.section);
                let distance = (other.published - article.published).num_days().abs();
                (score, distance, other)
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, _, other)| other)
            .collect()
    }
}

impl Default for DemoSite {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::collections::{HashMap, HashSet};

    #[test]
    fn content_has_enough_distinct_articles_in_the_past() {
        let site = DemoSite::new();
        let articles = site.articles();
        let parsed: usize = CONTENT_FILES
            .iter()
            .map(|(_, text)| content::parse_articles(text).map_or(0, |parsed| parsed.len()))
            .sum();
        assert_eq!(parsed, articles.len(), "a content file failed to parse");
        assert!(articles.len() >= 44, "only {} articles", articles.len());
        let slugs: HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs.len(), articles.len(), "duplicate slugs");
        let paths: HashSet<&str> = articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths.len(), articles.len(), "duplicate paths");
        let latest = Utc.with_ymd_and_hms(2026, 11, 25, 23, 59, 59).single();
        let earliest = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single();
        for article in articles {
            let published = Some(article.published.to_utc());
            assert!(published <= latest, "{} is in the future", article.slug);
            assert!(published >= earliest, "{} is too old", article.slug);
        }
    }

    #[test]
    fn articles_have_plausible_length_and_name_their_experts() {
        let site = DemoSite::new();
        for article in site.articles() {
            let words = article.body_text().split_whitespace().count();
            assert!(
                (250..=950).contains(&words),
                "{} has {words} words",
                article.slug
            );
            assert!(
                !article.experts.is_empty(),
                "{} quotes no expert",
                article.slug
            );
            for expert in &article.experts {
                let body = article.body_text();
                assert!(
                    body.contains(expert.as_str()),
                    "{} lacks {expert}",
                    article.slug
                );
            }
        }
    }

    #[test]
    fn several_experts_recur_and_every_template_is_used() {
        let site = DemoSite::new();
        let mut counts = HashMap::<&str, usize>::new();
        for expert in site.articles().iter().flat_map(|a| &a.experts) {
            *counts.entry(expert.as_str()).or_default() += 1;
        }
        assert!(
            counts.values().filter(|&&n| n >= 3).count() >= 5,
            "{counts:?}"
        );
        for template in [Template::WordPress, Template::Arc, Template::Drupal] {
            let used = site.articles().iter().any(|a| a.template == template);
            assert!(used, "{template:?} unused");
        }
        assert!(
            site.articles().iter().any(|a| a.latin1),
            "no ISO-8859-1 page"
        );
        assert!(
            site.articles().iter().any(|a| !a.in_feed),
            "every article is in the feed"
        );
    }

    #[test]
    fn seed_article_is_included_with_its_experts() {
        let site = DemoSite::new();
        let seed = site
            .articles()
            .iter()
            .find(|a| a.title == "Azerbaijan weighs joining a Gaza stabilization force");
        let seed = seed.map(|a| (a.experts.clone(), a.body_text().contains("Hüseyniyyun")));
        let experts = vec!["Joseph Epstein".to_string(), "Zeev Khanin".to_string()];
        assert_eq!(seed, Some((experts, true)));
    }

    #[test]
    fn related_articles_exclude_the_article_itself() {
        let site = DemoSite::new();
        let first = &site.articles()[0];
        let related = site.related(first, 4);
        assert_eq!(related.len(), 4);
        assert!(related.iter().all(|other| other.slug != first.slug));
    }
}
