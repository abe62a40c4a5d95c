//! The syndication feeds: RSS 2.0 (`/rss.xml`, the newest 20 feed articles) and Atom
//! (`/atom.xml`, the newest 10). Articles marked `feed: no` are left out, so the
//! crawler has to find them by following links or reading the sitemaps.

use super::content::DemoArticle;
use super::html::{escape, excerpt, post_id, section_label, tracked};
use super::{DemoSite, SITE_NAME};
use std::fmt::Write;

/// How many items the RSS feed carries.
pub const RSS_ITEMS: usize = 20;
/// How many entries the Atom feed carries.
pub const ATOM_ENTRIES: usize = 10;

fn feed_articles(site: &DemoSite, limit: usize) -> impl Iterator<Item = &DemoArticle> {
    site.articles()
        .iter()
        .filter(|article| article.in_feed)
        .take(limit)
}

/// The RSS 2.0 feed. Every third link carries campaign parameters, as feeds
/// produced by marketing plugins do.
pub fn rss(site: &DemoSite, base: &str) -> String {
    let mut xml = String::with_capacity(32_000);
    let newest = feed_articles(site, 1)
        .next()
        .map(|a| a.published.to_rfc2822());
    let _ = write!(
        xml,
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n",
            "<channel>\n<title>{site}</title>\n<link>{base}/</link>\n",
            "<atom:link href=\"{base}/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
            "<description>Independent reporting on diplomacy, security and the global economy</description>\n",
            "<language>en-us</language>\n<lastBuildDate>{newest}</lastBuildDate>\n<ttl>30</ttl>\n"
        ),
        site = escape(SITE_NAME),
        base = escape(base),
        newest = newest.unwrap_or_default(),
    );
    for (n, article) in feed_articles(site, RSS_ITEMS).enumerate() {
        let link = if n % 3 == 2 {
            tracked(&article.path, "rss", "feed")
        } else {
            article.path.clone()
        };
        let _ = writeln!(
            xml,
            concat!(
                "<item>\n<title>{title}</title>\n<link>{base}{link}</link>\n",
                "<guid isPermaLink=\"false\">meridian-{id}</guid>\n<pubDate>{date}</pubDate>\n",
                "<dc:creator>{authors}</dc:creator>\n<category>{section}</category>\n",
                "<description>{description}</description>\n</item>"
            ),
            title = escape(&article.title),
            base = escape(base),
            link = escape(&link),
            id = post_id(article),
            date = article.published.to_rfc2822(),
            authors = escape(&article.authors.join(", ")),
            section = escape(section_label(&article.section)),
            description = escape(&excerpt(article.summary(), 45)),
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// The Atom 1.0 feed of the newest entries.
pub fn atom(site: &DemoSite, base: &str) -> String {
    let mut xml = String::with_capacity(16_000);
    let updated = feed_articles(site, 1)
        .next()
        .map(|a| a.published.to_rfc3339());
    let _ = write!(
        xml,
        concat!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
            "<title>{site}</title>\n<id>{base}/</id>\n<updated>{updated}</updated>\n",
            "<link rel=\"self\" href=\"{base}/atom.xml\"/>\n<link rel=\"alternate\" href=\"{base}/\"/>\n"
        ),
        site = escape(SITE_NAME),
        base = escape(base),
        updated = updated.unwrap_or_default(),
    );
    for article in feed_articles(site, ATOM_ENTRIES) {
        let _ = write!(
            xml,
            concat!(
                "<entry>\n<title type=\"text\">{title}</title>\n<id>urn:meridian:post:{id}</id>\n",
                "<link rel=\"alternate\" type=\"text/html\" href=\"{base}{path}\"/>\n",
                "<published>{date}</published>\n<updated>{date}</updated>\n"
            ),
            title = escape(&article.title),
            id = post_id(article),
            base = escape(base),
            path = escape(&article.path),
            date = article.published.to_rfc3339(),
        );
        for author in &article.authors {
            let _ = writeln!(xml, "<author><name>{}</name></author>", escape(author));
        }
        let _ = write!(
            xml,
            "<category term=\"{}\"/>\n<summary type=\"text\">{}</summary>\n</entry>\n",
            escape(&article.section),
            escape(&excerpt(article.summary(), 45))
        );
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(xml: &str) -> Vec<feed_rs::model::Entry> {
        feed_rs::parser::parse(xml.as_bytes())
            .map(|feed| feed.entries)
            .unwrap_or_default()
    }

    fn title(entry: &feed_rs::model::Entry) -> &str {
        entry
            .title
            .as_ref()
            .map(|t| t.content.as_str())
            .unwrap_or_default()
    }

    #[test]
    fn rss_parses_with_the_newest_feed_articles() {
        let site = DemoSite::new();
        let entries = entries(&rss(&site, "http://127.0.0.1:9"));
        assert_eq!(entries.len(), RSS_ITEMS);
        let expected = site.articles().iter().filter(|a| a.in_feed).take(RSS_ITEMS);
        for (entry, article) in entries.iter().zip(expected) {
            assert_eq!(title(entry), article.title);
            let link = entry
                .links
                .first()
                .map(|l| l.href.as_str())
                .unwrap_or_default();
            assert!(
                link.starts_with(&format!("http://127.0.0.1:9{}", article.path)),
                "{link}"
            );
            let published = entry.published.map(|d| d.timestamp());
            assert_eq!(published, Some(article.published.timestamp()));
        }
        let tracked_links = entries.iter().flat_map(|e| &e.links);
        assert!(
            tracked_links
                .filter(|l| l.href.contains("utm_source=rss"))
                .count()
                > 0
        );
    }

    #[test]
    fn atom_parses_and_leaves_out_unfed_articles() {
        let site = DemoSite::new();
        let entries = entries(&atom(&site, "http://h"));
        assert_eq!(entries.len(), ATOM_ENTRIES);
        let unfed: Vec<&str> = site
            .articles()
            .iter()
            .filter(|a| !a.in_feed)
            .map(|a| a.title.as_str())
            .collect();
        for entry in &entries {
            assert!(!title(entry).is_empty() && !unfed.contains(&title(entry)));
            assert!(!entry.authors.is_empty());
        }
    }

    #[test]
    fn hostile_titles_stay_well_formed() {
        let text = "+++\nslug: q\ntitle: Tom & Jerry <script>\nsection: world\nauthors: A\n\
            published: 2025-01-01T00:00:00Z\ntemplate: arc\n+++\nBody.\n";
        let articles = super::super::content::parse_articles(text).unwrap_or_default();
        let site = DemoSite::from_articles(articles);
        let entries = entries(&rss(&site, "http://h"));
        let titles: Vec<&str> = entries.iter().map(title).collect();
        assert_eq!(titles, ["Tom & Jerry <script>"]);
    }
}
