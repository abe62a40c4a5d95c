//! The non-article pages: home, section listings with pagination, tag and author
//! pages, `/about`, `/search`, print duplicates and the 404 page.
//!
//! They are deliberately short and link-heavy, the pages a crawler must follow but
//! never index as articles. The print page repeats an article's full text and points
//! at the original with `rel=canonical`, the classic duplicate.

use super::content::{Block, DemoArticle};
use super::html::{SECTIONS, escape, excerpt, long_date, name_slug, section_label, tracked};
use super::{DemoSite, SITE_NAME};
use std::fmt::Write;

/// Listing entries per section page.
///
/// Listings show short standfirsts only, so that they stay link-heavy pages.
pub const PAGE_SIZE: usize = 6;

/// Opens a page with the shared chrome; `canonical` is an absolute URL.
fn open(title: &str, canonical: &str, robots: &str) -> String {
    let mut page = String::with_capacity(8_000);
    let _ = write!(
        page,
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<link rel="canonical" href="{canonical}"><meta name="robots" content="{robots}">
<link rel="alternate" type="application/rss+xml" href="/rss.xml"><meta property="og:type" content="website">
</head><body class="listing"><header class="site-header"><a class="logo" href="/">{site}</a><nav><ul>"##,
        title = escape(title),
        site = escape(SITE_NAME),
        canonical = escape(canonical),
        robots = escape(robots),
    );
    for (slug, label) in SECTIONS {
        let _ = write!(page, "<li><a href=\"/{slug}/\">{}</a></li>", escape(label));
    }
    page.push_str("<li><a href=\"/about\">About</a></li></ul></nav><form action=\"/search\"><input name=\"q\"></form></header>\n<main>\n");
    page
}

fn close(mut page: String) -> String {
    page.push_str(concat!(
        "</main>\n<footer><a href=\"/about\">About</a> | <a href=\"/rss.xml\">RSS</a> | ",
        "<a href=\"/atom.xml\">Atom</a> | <a href=\"/sitemap.xml\">Sitemap</a></footer>\n</body></html>\n"
    ));
    page
}

fn teaser(page: &mut String, article: &DemoArticle, href: &str, words: usize) {
    let dek = if words == 0 {
        String::new()
    } else {
        format!(
            " <span class=\"dek\">{}</span>",
            escape(&excerpt(article.summary(), words))
        )
    };
    let _ = writeln!(
        page,
        "<div class=\"teaser\"><h3><a href=\"{}\">{}</a></h3><span class=\"date\">{}</span> <span class=\"kicker\"><a href=\"/{}/\">{}</a></span>{dek}</div>",
        escape(href),
        escape(&article.title),
        long_date(&article.published),
        escape(&article.section),
        escape(section_label(&article.section)),
    );
}

/// The home page: top stories, editor's picks (with tracking parameters) and sections.
pub fn home(site: &DemoSite, base: &str) -> String {
    let mut page = open(
        "Policy news from around the world",
        &format!("{base}/"),
        "index, follow",
    );
    page.push_str("<section class=\"top-stories\"><h2>Latest</h2>\n");
    for (n, article) in site.articles().iter().take(8).enumerate() {
        let dek_words = if n < 3 { 12 } else { 0 };
        teaser(&mut page, article, &article.path, dek_words);
    }
    page.push_str("</section>\n<section class=\"editors-picks\"><h2>Editor's picks</h2>\n");
    for article in site.articles().iter().skip(8).step_by(5).take(4) {
        let href = tracked(&article.path, "homepage", "editors-picks");
        teaser(&mut page, article, &href, 0);
    }
    page.push_str("</section>\n");
    for (slug, label) in SECTIONS {
        let _ = writeln!(
            page,
            "<section class=\"section-block\"><h2><a href=\"/{slug}/\">{}</a></h2>",
            escape(label)
        );
        for article in site.articles().iter().filter(|a| a.section == slug).take(3) {
            teaser(&mut page, article, &article.path, 0);
        }
        page.push_str("</section>\n");
    }
    close(page)
}

/// One page (from 1) of a section listing, or `None` past the last page.
pub fn section(site: &DemoSite, section: &str, number: usize, base: &str) -> Option<String> {
    let articles: Vec<&DemoArticle> = site
        .articles()
        .iter()
        .filter(|a| a.section == section)
        .collect();
    let pages = articles.len().div_ceil(PAGE_SIZE).max(1);
    if number == 0 || number > pages {
        return None;
    }
    let path = |n: usize| {
        if n == 1 {
            format!("/{section}/")
        } else {
            format!("/{section}/page/{n}/")
        }
    };
    let label = section_label(section);
    let title = format!("{label} – page {number}");
    let mut page = open(&title, &format!("{base}{}", path(number)), "index, follow");
    let _ = writeln!(page, "<h1 class=\"section-title\">{}</h1>", escape(label));
    for article in articles
        .iter()
        .skip((number - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
    {
        teaser(&mut page, article, &article.path, 14);
    }
    page.push_str("<nav class=\"pagination\">");
    if number > 1 {
        let _ = write!(
            page,
            "<a rel=\"prev\" href=\"{}\">&laquo; Newer</a> ",
            escape(&path(number - 1))
        );
    }
    for n in 1..=pages {
        let _ = write!(page, "<a href=\"{}\">{n}</a> ", escape(&path(n)));
    }
    if number < pages {
        let _ = write!(
            page,
            "<a rel=\"next\" href=\"{}\">Older &raquo;</a>",
            escape(&path(number + 1))
        );
    }
    page.push_str("</nav>\n");
    Some(close(page))
}

/// Which kind of archive a [`listing`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// `/tag/<tag>/`.
    Tag,
    /// `/author/<name-slug>/`.
    Author,
}

/// A listing of articles by one tag or author; `None` when it would be empty.
pub fn listing(site: &DemoSite, kind: Listing, key: &str, base: &str) -> Option<String> {
    let matches: Vec<&DemoArticle> = site
        .articles()
        .iter()
        .filter(|article| match kind {
            Listing::Tag => article.tags.iter().any(|tag| tag == key),
            Listing::Author => article.authors.iter().any(|name| name_slug(name) == key),
        })
        .collect();
    let first = matches.first()?;
    let (title, path) = match kind {
        Listing::Tag => (format!("Tag: {key}"), format!("/tag/{key}/")),
        Listing::Author => {
            let name = first.authors.iter().find(|name| name_slug(name) == key);
            let name = name.map_or(key, String::as_str);
            (format!("Articles by {name}"), format!("/author/{key}/"))
        }
    };
    let mut page = open(&title, &format!("{base}{path}"), "noindex, follow");
    let _ = writeln!(
        page,
        "<h1>{}</h1><ul class=\"archive-list\">",
        escape(&title)
    );
    for article in matches {
        let _ = writeln!(
            page,
            "<li><a href=\"{}\">{}</a> <span class=\"date\">{}</span></li>",
            escape(&article.path),
            escape(&article.title),
            long_date(&article.published)
        );
    }
    page.push_str("</ul>\n");
    Some(close(page))
}

/// The `/about` page: a short blurb and many links.
pub fn about(base: &str) -> String {
    let mut page = open("About us", &format!("{base}/about"), "index, follow");
    page.push_str(concat!(
        "<h1>About The Meridian Post</h1><p>The Meridian Post is a fictional publication bundled with gazette ",
        "as a demonstration site. Its reporters and the experts they quote are invented.</p>",
        "<ul><li><a href=\"/rss.xml\">RSS feed</a></li><li><a href=\"/atom.xml\">Atom feed</a></li>",
        "<li><a href=\"/sitemap.xml\">Sitemap</a></li><li><a href=\"/search?q=sanctions\">Search: sanctions</a></li>",
        "<li><a href=\"/tag/energy/\">Energy coverage</a></li><li><a href=\"/admin/\">Staff login</a></li></ul>\n"
    ));
    close(page)
}

/// The `/search?q=` results page (disallowed by robots.txt): titles matching a word.
pub fn search(site: &DemoSite, query: &str, base: &str) -> String {
    let canonical = format!("{base}/search");
    let mut page = open(&format!("Search: {query}"), &canonical, "noindex, nofollow");
    let _ = writeln!(
        page,
        "<h1>Results for &ldquo;{}&rdquo;</h1><ol>",
        escape(query)
    );
    let needle = query.to_lowercase();
    let hits = site
        .articles()
        .iter()
        .filter(|a| !needle.is_empty() && a.title.to_lowercase().contains(&needle));
    for article in hits {
        let _ = writeln!(
            page,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&article.path),
            escape(&article.title)
        );
    }
    page.push_str("</ol>\n");
    close(page)
}

/// The printer-friendly duplicate of an article, canonical to the original page.
pub fn print(article: &DemoArticle, base: &str) -> String {
    let original = format!("{base}{}", article.path);
    let mut page = String::with_capacity(8_000);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {site} (print)</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\"></head>\n\
         <body class=\"print\" onload=\"window.print()\"><h1>{title}</h1><p class=\"byline\">By {authors}, {date}</p>\n",
        title = escape(&article.title),
        site = escape(SITE_NAME),
        canonical = escape(&original),
        authors = escape(&article.authors.join(" and ")),
        date = long_date(&article.published),
    );
    for block in &article.blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(page, "<p>{}</p>", escape(text));
            }
            Block::Heading(text) => {
                let _ = writeln!(page, "<h2>{}</h2>", escape(text));
            }
        }
    }
    let _ = writeln!(
        page,
        "<p class=\"source\">Source: {}</p></body></html>",
        escape(&original)
    );
    page
}

/// The 404 page.
pub fn not_found(base: &str) -> String {
    let mut page = open("Page not found", &format!("{base}/"), "noindex");
    page.push_str("<h1>Page not found</h1><p>The page you requested has moved or no longer exists. Try the <a href=\"/\">home page</a>.</p>\n");
    close(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_pages_cover_every_article_once_with_pagination() {
        let site = DemoSite::new();
        let mut seen = 0;
        for (slug, _) in SECTIONS {
            let mut number = 1;
            while let Some(page) = section(&site, slug, number, "http://h") {
                let listed = |a: &&DemoArticle| page.contains(&format!("href=\"{}\"", a.path));
                seen += site.articles().iter().filter(listed).count();
                number += 1;
            }
            assert!(number > 2, "section {slug} has no second page");
        }
        assert_eq!(seen, site.articles().len());
    }

    #[test]
    fn listings_escape_and_reject_unknown_keys() {
        let site = DemoSite::new();
        assert!(listing(&site, Listing::Tag, "no-such-tag", "http://h").is_none());
        assert!(listing(&site, Listing::Tag, "energy", "http://h").is_some());
        assert!(section(&site, "world", 0, "http://h").is_none());
        let page = search(&site, "<script>", "http://h");
        assert!(page.contains("&lt;script&gt;") && !page.contains("<script>"));
        let first = &site.articles()[0];
        let print_page = print(first, "http://h");
        let canonical = format!("<link rel=\"canonical\" href=\"http://h{}\">", first.path);
        assert!(print_page.contains(&canonical));
    }
}
