//! The Arc-like article page of a modern news platform: JSON-LD `NewsArticle`, a
//! cookie banner, a sticky top menu, a lead image with credit, inline "Read more:"
//! links between paragraphs, a paywall teaser and a related-stories rail.

use super::content::{Block, DemoArticle};
use super::html::{
    SECTIONS, escape, excerpt, json_for_script, long_date, name_slug, section_label, tracked,
};
use super::{DemoSite, SITE_NAME};
use serde_json::json;
use std::fmt::Write;

/// After how many paragraphs an inline "Read more:" link is inserted.
const READ_MORE_EVERY: usize = 3;

/// Renders one article page; `base` is the absolute origin, e.g. `http://127.0.0.1:8081`.
pub fn render(site: &DemoSite, article: &DemoArticle, base: &str) -> String {
    let url = format!("{base}{}", article.path);
    let image = format!(
        "{base}/resizer/v2/{}.jpg?auth=3f9a&width=1200",
        article.slug
    );
    let title = escape(&article.title);
    let related = site.related(article, 6);
    let fusion =
        json!({"_id": article.slug, "type": "story", "headlines": {"basic": article.title}});
    let mut page = String::with_capacity(24_000);
    let _ = write!(
        page,
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {site}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{json_ld}</script>
<script type="application/ld+json">{breadcrumbs}</script>
<script>window.Fusion=window.Fusion||{{}};Fusion.arcSite="meridian";Fusion.globalContent={fusion};</script>
</head>
<body class="article-page">
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>We use cookies and similar technologies to personalise content and ads and to analyse our traffic. By clicking &ldquo;Accept all&rdquo; you agree to this.</p>
<button class="cookie-accept">Accept all</button> <button class="cookie-manage">Manage preferences</button>
</div>
<header class="masthead sticky-top" style="position:sticky;top:0;z-index:100">
<a class="masthead-logo" href="/">{site}</a>
<nav class="site-menu"><ul>"##,
        site = escape(SITE_NAME),
        description = escape(&excerpt(article.summary(), 35)),
        url = escape(&url),
        image = escape(&image),
        json_ld = json_for_script(&news_article_json(article, &url, &image, base)),
        breadcrumbs = json_for_script(&breadcrumb_json(article, &url, base)),
        fusion = json_for_script(&fusion),
    );
    for (slug, label) in SECTIONS {
        let _ = write!(page, "<li><a href=\"/{slug}/\">{}</a></li>", escape(label));
    }
    let _ = write!(
        page,
        r##"</ul></nav>
<a class="subscribe-button" href="{subscribe}">Subscribe</a> <a class="search-button" href="/search?q=">Search</a>
</header>
<main id="main" class="article-layout">
<article class="article">
<div class="overline"><a href="/{section_slug}/">{section}</a></div>
<h1 class="headline" data-testid="headline">{title}</h1>
<div class="byline-block"><span class="byline">By {byline}</span>
<span class="timestamp"><time datetime="{published}">Published {date} at {clock}</time></span></div>
"##,
        subscribe = escape(&tracked("/subscribe", "nav", "button")),
        section_slug = escape(&article.section),
        section = escape(section_label(&article.section)),
        byline = author_links(&article.authors),
        published = article.published.to_rfc3339(),
        date = long_date(&article.published),
        clock = article.published.format("%-I:%M %p (UTC%:z)"),
    );
    if let Some((caption, credit)) = &article.image {
        let _ = writeln!(
            page,
            r##"<figure class="lead-art"><img src="{image}" alt="{caption}" width="1200" height="800" loading="eager"><figcaption><span class="caption">{caption}</span> <span class="credit">({credit})</span></figcaption></figure>"##,
            image = escape(&image),
            caption = escape(caption),
            credit = escape(credit),
        );
    }
    page.push_str("<div class=\"article-body\">\n");
    let mut read_more = related.iter().take(2);
    let mut paragraphs = 0;
    for block in &article.blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(
                    page,
                    "<p class=\"article-paragraph\" data-el=\"text\">{}</p>",
                    escape(text)
                );
                paragraphs += 1;
                if paragraphs % READ_MORE_EVERY == 0
                    && let Some(other) = read_more.next()
                {
                    let _ = writeln!(
                        page,
                        "<p class=\"read-more\"><strong>Read more:</strong> <a href=\"{}\">{}</a></p>",
                        escape(&other.path),
                        escape(&other.title)
                    );
                }
            }
            Block::Heading(text) => {
                let _ = writeln!(page, "<h2 class=\"article-subhead\">{}</h2>", escape(text));
            }
        }
    }
    let _ = write!(
        page,
        r##"</div>
<div class="paywall-teaser" data-paywall="metered"><h3>You have read 3 of 5 free articles this month</h3>
<p>Subscribe for unlimited access to our reporting on diplomacy, security and the global economy.</p>
<a class="paywall-cta" href="{paywall}">Subscribe for $1 a week</a> <a href="/login">Already a subscriber? Sign in</a></div>
</article>
<aside class="related-rail"><h2>Related stories</h2><ul>
"##,
        paywall = escape(&tracked("/subscribe", "paywall", "article")),
    );
    for other in related.iter().skip(2) {
        let _ = writeln!(
            page,
            "<li class=\"rail-item\"><a href=\"{}\"><span class=\"rail-headline\">{}</span></a><time datetime=\"{}\">{}</time></li>",
            escape(&other.path),
            escape(&other.title),
            other.published.to_rfc3339(),
            long_date(&other.published)
        );
    }
    let _ = write!(
        page,
        r##"</ul></aside>
</main>
<footer class="site-footer"><nav><a href="/about">About {site}</a> <a href="/rss.xml">RSS</a> <a href="/print/{slug}" rel="nofollow">Print this story</a> <a href="/terms">Terms of use</a></nav>
<p>&copy; 2026 {site}</p></footer>
</body>
</html>
"##,
        site = escape(SITE_NAME),
        slug = escape(&article.slug),
    );
    page
}

fn author_links(authors: &[String]) -> String {
    let links: Vec<String> = authors
        .iter()
        .map(|name| {
            format!(
                "<a href=\"/author/{}/\" rel=\"author\">{}</a>",
                escape(&name_slug(name)),
                escape(name)
            )
        })
        .collect();
    links.join(" and ")
}

fn news_article_json(
    article: &DemoArticle,
    url: &str,
    image: &str,
    base: &str,
) -> serde_json::Value {
    let authors: Vec<serde_json::Value> = article
        .authors
        .iter()
        .map(|name| {
            let profile = format!("{base}/author/{}/", name_slug(name));
            json!({"@type": "Person", "name": name, "url": profile})
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": excerpt(article.summary(), 35),
        "image": [image],
        "datePublished": article.published.to_rfc3339(),
        "dateModified": (article.published + chrono::Duration::minutes(42)).to_rfc3339(),
        "author": authors,
        "articleSection": section_label(&article.section),
        "wordCount": article.body_text().split_whitespace().count(),
        "keywords": article.tags,
        "isAccessibleForFree": false,
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": format!("{base}/pf/resources/logo.png")}
        }
    })
}

fn breadcrumb_json(article: &DemoArticle, url: &str, base: &str) -> serde_json::Value {
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": format!("{base}/")},
            {"@type": "ListItem", "position": 2, "name": section_label(&article.section),
             "item": format!("{base}/{}/", article.section)},
            {"@type": "ListItem", "position": 3, "name": article.title, "item": url}
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::super::content::parse_articles;
    use super::*;

    #[test]
    fn renders_json_ld_and_escapes_hostile_text() {
        let text = "+++\nslug: y\ntitle: </script><script>alert(1)</script>\nsection: world\n\
            authors: Ann Lee; Bo Ma\npublished: 2026-01-20T09:30:00+02:00\ntemplate: arc\n\
            image: A <i>caption</i> | Photo agency\n+++\nOne.\n\nTwo.\n\nThree.\n\nFour.\n";
        let article = parse_articles(text).unwrap_or_default().remove(0);
        let site = DemoSite::from_articles(vec![article.clone()]);
        let page = render(&site, &article, "http://127.0.0.1:9");
        assert!(!page.contains("<script>alert(1)"));
        assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
        assert!(page.contains("A &lt;i&gt;caption&lt;/i&gt;"));
        let marker = "<script type=\"application/ld+json\">";
        let start = page
            .find(marker)
            .map(|i| i + marker.len())
            .unwrap_or_default();
        let end = page[start..]
            .find("</script>")
            .map(|i| start + i)
            .unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap_or_default();
        assert_eq!(json["@type"], "NewsArticle");
        assert_eq!(json["headline"], article.title);
        assert_eq!(json["datePublished"], "2026-01-20T09:30:00+02:00");
        assert_eq!(json["author"][1]["name"], "Bo Ma");
        assert_eq!(json["publisher"]["name"], SITE_NAME);
        assert!(page.contains("cookie-banner") && page.contains("paywall-teaser"));
    }
}
