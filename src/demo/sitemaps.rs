//! Discovery files: `/robots.txt`, the sitemap index `/sitemap.xml`, the Google News
//! sitemap of the newest articles `/sitemaps/news.xml`, and the gzipped archive
//! sitemap of all older ones `/sitemaps/archive.xml.gz`. Together the two sitemaps
//! list every article exactly once.

use super::html::escape;
use super::{DemoSite, SITE_NAME};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::fmt::Write as _;
use std::io::Write as _;

/// How many of the newest articles the news sitemap lists; the rest are archived.
pub const NEWS_ENTRIES: usize = 15;

/// robots.txt: search and admin are off limits; a rude bot is banned outright.
pub fn robots(base: &str) -> String {
    format!(
        "# robots.txt for {SITE_NAME}\nUser-agent: *\nDisallow: /search\nDisallow: /admin/\nAllow: /\n\n\
         User-agent: BadBot\nDisallow: /\n\nSitemap: {base}/sitemap.xml\n"
    )
}

/// The sitemap index pointing at the news and archive sitemaps.
pub fn index(site: &DemoSite, base: &str) -> String {
    let lastmod = site
        .articles()
        .first()
        .map(|a| a.published.to_rfc3339())
        .unwrap_or_default();
    let base = escape(base);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
         <sitemap><loc>{base}/sitemaps/news.xml</loc><lastmod>{lastmod}</lastmod></sitemap>\n\
         <sitemap><loc>{base}/sitemaps/archive.xml.gz</loc><lastmod>{lastmod}</lastmod></sitemap>\n\
         </sitemapindex>\n"
    )
}

/// The Google News sitemap: newest articles with `news:publication_date` and `news:title`.
pub fn news(site: &DemoSite, base: &str) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
    ));
    for article in site.articles().iter().take(NEWS_ENTRIES) {
        let _ = writeln!(
            xml,
            concat!(
                "<url><loc>{base}{path}</loc><news:news><news:publication>",
                "<news:name>{site}</news:name><news:language>en</news:language></news:publication>",
                "<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>",
                "</news:news></url>"
            ),
            base = escape(base),
            path = escape(&article.path),
            site = escape(SITE_NAME),
            date = article.published.to_rfc3339(),
            title = escape(&article.title),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The archive sitemap (plain XML) of every article older than the news sitemap's.
pub fn archive(site: &DemoSite, base: &str) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    for article in site.articles().iter().skip(NEWS_ENTRIES) {
        let _ = writeln!(
            xml,
            "<url><loc>{}{}</loc><lastmod>{}</lastmod><changefreq>yearly</changefreq><priority>0.4</priority></url>",
            escape(base),
            escape(&article.path),
            article.published.format("%Y-%m-%d"),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Gzips a document for the `.xml.gz` sitemap.
pub fn gzip(text: &str) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes())?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use regex::Regex;
    use std::io::Read;

    fn locs(xml: &str) -> Vec<String> {
        let pattern = Regex::new("<loc>([^<]+)</loc>").ok();
        let captures = |p: Regex| p.captures_iter(xml).map(|c| c[1].to_string()).collect();
        pattern.map_or_else(Vec::new, captures)
    }

    #[test]
    fn every_article_is_in_exactly_one_sitemap() {
        let site = DemoSite::new();
        let base = "http://127.0.0.1:9";
        let zipped = gzip(&archive(&site, base)).unwrap_or_default();
        let mut unzipped = String::new();
        let read = GzDecoder::new(zipped.as_slice()).read_to_string(&mut unzipped);
        assert!(read.is_ok());
        let mut listed = locs(&news(&site, base));
        assert_eq!(listed.len(), NEWS_ENTRIES);
        listed.extend(locs(&unzipped));
        assert_eq!(listed.len(), site.articles().len());
        for article in site.articles() {
            let url = format!("{base}{}", article.path);
            assert!(listed.contains(&url), "{} missing", article.slug);
        }
        let expected = [
            format!("{base}/sitemaps/news.xml"),
            format!("{base}/sitemaps/archive.xml.gz"),
        ];
        assert_eq!(locs(&index(&site, base)), expected);
    }

    #[test]
    fn news_sitemap_has_publication_dates_and_titles() {
        let site = DemoSite::new();
        let xml = news(&site, "http://h");
        let newest = site.articles().first().map(|a| a.published.to_rfc3339());
        let newest = newest.unwrap_or_default();
        let date = format!("<news:publication_date>{newest}</news:publication_date>");
        assert!(xml.contains(&date));
        assert_eq!(xml.matches("<news:title>").count(), NEWS_ENTRIES);
    }

    #[test]
    fn robots_names_the_absolute_sitemap() {
        let text = robots("http://127.0.0.1:4000");
        assert!(text.contains("User-agent: *\nDisallow: /search\nDisallow: /admin/\n"));
        assert!(
            text.lines()
                .any(|line| line == "Sitemap: http://127.0.0.1:4000/sitemap.xml")
        );
    }
}
