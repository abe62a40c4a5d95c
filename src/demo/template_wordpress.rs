//! The WordPress-like article page: a classic blog theme with header menu,
//! breadcrumbs, share buttons, related posts, newsletter box, comments and a sidebar
//! with ads and a "Most read" list. Metadata comes as OpenGraph and
//! `article:published_time` meta tags, as Yoast-style plugins emit them.

use super::content::{Block, DemoArticle};
use super::html::{
    SECTIONS, comments_for, escape, excerpt, long_date, most_read, name_slug, post_id,
    section_label, tracked,
};
use super::{DemoSite, SITE_NAME};
use std::fmt::Write;

/// Renders one article page; `base` is the absolute origin, e.g. `http://127.0.0.1:8081`.
pub fn render(site: &DemoSite, article: &DemoArticle, base: &str) -> String {
    let id = post_id(article);
    let title = escape(&article.title);
    let url = escape(&format!("{base}{}", article.path));
    let section = escape(section_label(&article.section));
    let mut page = String::with_capacity(24_000);
    let _ = write!(
        page,
        r##"<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &#8211; {site}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{url}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{section}">
<meta name="author" content="{authors}">
<link rel="alternate" type="application/rss+xml" title="{site} &raquo; Feed" href="{base}/rss.xml">
<link rel="shortlink" href="{base}/?p={id}">
<link rel="stylesheet" id="meridian-style-css" href="/wp-content/themes/meridian/style.css?ver=6.4.3" media="all">
<script>window._wpemojiSettings = {{"baseUrl":"https:\/\/s.w.org\/images\/core\/emoji\/14.0.0\/72x72\/"}};</script>
</head>
<body class="post-template-default single single-post postid-{id} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
"##,
        site = escape(SITE_NAME),
        description = escape(&excerpt(article.summary(), 40)),
        published = article.published.to_rfc3339(),
        authors = escape(&article.authors.join(", ")),
        base = escape(base),
    );
    write_masthead(&mut page);
    let _ = write!(
        page,
        r##"<div id="content" class="site-content">
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> &raquo; <a href="/{section_slug}/">{section}</a> &raquo; <span class="breadcrumb_last">{title}</span></nav>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{id}" class="post-{id} post type-post status-publish format-standard hentry category-{section_slug}">
<header class="entry-header">
<h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">By {byline}</span> | <span class="posted-on"><time class="entry-date published" datetime="{published}">{date}</time></span></div>
</header>
"##,
        section_slug = escape(&article.section),
        byline = author_links(&article.authors),
        published = article.published.to_rfc3339(),
        date = long_date(&article.published),
    );
    write_share_buttons(&mut page, &url, &title);
    page.push_str("<div class=\"entry-content\">\n");
    if let Some((caption, credit)) = &article.image {
        let _ = writeln!(
            page,
            r##"<figure class="wp-block-image size-large"><img src="/wp-content/uploads/{month}/{slug}-1024x683.jpg" alt="{caption}" width="1024" height="683"><figcaption>{caption} Photo: {credit}</figcaption></figure>"##,
            month = article.published.format("%Y/%m"),
            slug = escape(&article.slug),
            caption = escape(caption),
            credit = escape(credit),
        );
    }
    for block in &article.blocks {
        match block {
            Block::Paragraph(text) => {
                let _ = writeln!(page, "<p>{}</p>", escape(text));
            }
            Block::Heading(text) => {
                let _ = writeln!(page, "<h2 class=\"wp-block-heading\">{}</h2>", escape(text));
            }
        }
    }
    page.push_str(
        "</div><!-- .entry-content -->\n<footer class=\"entry-footer\"><span class=\"tags-links\">Tagged ",
    );
    for tag in &article.tags {
        let _ = write!(
            page,
            "<a href=\"/tag/{tag}/\" rel=\"tag\">{tag}</a> ",
            tag = escape(tag)
        );
    }
    let _ = writeln!(
        page,
        "</span> <a class=\"print-link\" href=\"/print/{}\" rel=\"nofollow\">Print</a></footer>\n</article><!-- #post-{id} -->",
        escape(&article.slug)
    );
    page.push_str(
        "<section class=\"related-posts\"><h3 class=\"related-title\">Related posts</h3><ul>\n",
    );
    for other in site.related(article, 4) {
        let _ = writeln!(
            page,
            "<li><a href=\"{}\" rel=\"bookmark\">{}</a> <span class=\"related-date\">{}</span></li>",
            escape(&other.path),
            escape(&other.title),
            long_date(&other.published)
        );
    }
    page.push_str("</ul></section>\n");
    page.push_str(concat!(
        "<div class=\"newsletter-box\"><h3>Get the Morning Brief</h3>",
        "<p>The day's essential policy news from our correspondents, in your inbox at 7am.</p>",
        "<form action=\"/newsletter/subscribe\" method=\"post\"><input type=\"email\" name=\"email\" ",
        "placeholder=\"Your email address\"><button type=\"submit\">Sign up</button></form>",
        "<p class=\"small\">You can unsubscribe at any time. See our privacy policy.</p></div>\n"
    ));
    write_comments(&mut page, article, &title);
    page.push_str("</main></div><!-- #primary -->\n");
    write_sidebar(&mut page, site);
    page.push_str(concat!(
        "</div><!-- #content -->\n<footer id=\"colophon\" class=\"site-footer\"><div class=\"site-info\">",
        "&copy; 2026 The Meridian Post. All rights reserved. <a href=\"/about\">About us</a> | ",
        "<a href=\"/rss.xml\">RSS</a> | <a href=\"/privacy-policy/\">Privacy policy</a> | ",
        "Proudly powered by WordPress</div></footer>\n</div><!-- #page -->\n",
        "<script src=\"/wp-includes/js/wp-embed.min.js?ver=6.4.3\"></script>\n</body>\n</html>\n"
    ));
    page
}

fn write_masthead(page: &mut String) {
    page.push_str(concat!(
        "<header id=\"masthead\" class=\"site-header\">\n<div class=\"site-branding\">",
        "<p class=\"site-title\"><a href=\"/\" rel=\"home\">The Meridian Post</a></p>",
        "<p class=\"site-description\">Independent reporting on diplomacy, security and the global economy</p></div>\n",
        "<nav id=\"site-navigation\" class=\"main-navigation\"><ul id=\"primary-menu\" class=\"menu\">",
        "<li class=\"menu-item\"><a href=\"/\">Home</a></li>"
    ));
    for (slug, label) in SECTIONS {
        let _ = write!(
            page,
            "<li class=\"menu-item\"><a href=\"/{slug}/\">{}</a></li>",
            escape(label)
        );
    }
    page.push_str(concat!(
        "<li class=\"menu-item\"><a href=\"/about\">About</a></li></ul></nav>\n",
        "<form role=\"search\" method=\"get\" class=\"search-form\" action=\"/search\">",
        "<input type=\"search\" class=\"search-field\" name=\"q\" placeholder=\"Search &hellip;\">",
        "<input type=\"submit\" class=\"search-submit\" value=\"Search\"></form>\n</header>\n"
    ));
}

fn author_links(authors: &[String]) -> String {
    let links: Vec<String> = authors
        .iter()
        .map(|name| {
            format!(
                "<span class=\"author vcard\"><a class=\"url fn n\" href=\"/author/{}/\" rel=\"author\">{}</a></span>",
                escape(&name_slug(name)),
                escape(name)
            )
        })
        .collect();
    links.join(" and ")
}

fn write_share_buttons(page: &mut String, url: &str, title: &str) {
    let _ = writeln!(
        page,
        concat!(
            "<div class=\"share-buttons\"><span>Share:</span> ",
            "<a class=\"share-facebook\" href=\"https://www.facebook.com/sharer/sharer.php?u={url}\" target=\"_blank\">Facebook</a> ",
            "<a class=\"share-x\" href=\"https://x.com/intent/tweet?url={url}&amp;text={title}\" target=\"_blank\">X</a> ",
            "<a class=\"share-linkedin\" href=\"https://www.linkedin.com/sharing/share-offsite/?url={url}\" target=\"_blank\">LinkedIn</a> ",
            "<a class=\"share-email\" href=\"mailto:?subject={title}&amp;body={url}\">Email</a></div>"
        ),
        url = url,
        title = title
    );
}

fn write_comments(page: &mut String, article: &DemoArticle, title: &str) {
    let comments = comments_for(article);
    let _ = writeln!(
        page,
        "<div id=\"comments\" class=\"comments-area\"><h2 class=\"comments-title\">{} thoughts on &ldquo;{title}&rdquo;</h2><ol class=\"comment-list\">",
        comments.len()
    );
    for (n, comment) in comments.iter().enumerate() {
        let _ = writeln!(
            page,
            concat!(
                "<li id=\"comment-{n}\" class=\"comment even thread-even depth-1\"><article class=\"comment-body\">",
                "<footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b class=\"fn\">{author}</b> <span class=\"says\">says:</span></div>",
                "<div class=\"comment-metadata\"><time datetime=\"{time}\">{date} at {clock}</time></div></footer>",
                "<div class=\"comment-content\"><p>{text}</p></div>",
                "<div class=\"reply\"><a rel=\"nofollow\" class=\"comment-reply-link\" href=\"#respond\">Reply</a></div></article></li>"
            ),
            n = n + 1,
            author = escape(comment.author),
            time = comment.posted.to_rfc3339(),
            date = long_date(&comment.posted),
            clock = comment.posted.format("%-I:%M %p"),
            text = escape(comment.text),
        );
    }
    page.push_str(concat!(
        "</ol><div id=\"respond\" class=\"comment-respond\"><h3 id=\"reply-title\">Leave a Reply</h3>",
        "<form action=\"/wp-comments-post.php\" method=\"post\" id=\"commentform\"><p class=\"comment-notes\">",
        "Your email address will not be published.</p><textarea id=\"comment\" name=\"comment\"></textarea>",
        "<input name=\"author\" type=\"text\"><input name=\"email\" type=\"email\">",
        "<input name=\"submit\" type=\"submit\" value=\"Post Comment\"></form></div></div><!-- #comments -->\n"
    ));
}

fn write_sidebar(page: &mut String, site: &DemoSite) {
    page.push_str(concat!(
        "<aside id=\"secondary\" class=\"widget-area\">\n<section class=\"widget widget_ad\">",
        "<div class=\"ad-slot ad-300x250\"><span class=\"ad-label\">Advertisement</span>",
        "<a href=\"https://ads.example.net/click?campaign=meridian-sidebar\" rel=\"sponsored\">",
        "Executive MPA in International Security &ndash; apply now</a></div></section>\n",
        "<section class=\"widget widget_most_read\"><h2 class=\"widget-title\">Most read</h2><ol>"
    ));
    for other in most_read(site, 5) {
        let _ = write!(
            page,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&tracked(&other.path, "sidebar", "most-read")),
            escape(&other.title)
        );
    }
    page.push_str(concat!(
        "</ol></section>\n<section class=\"widget widget_ad\"><div class=\"ad-slot ad-300x600\">",
        "<span class=\"ad-label\">Advertisement</span><p>Risk intelligence for global supply chains. ",
        "Book a demo today.</p></div></section>\n</aside><!-- #secondary -->\n"
    ));
}

#[cfg(test)]
mod tests {
    use super::super::content::parse_articles;
    use super::*;

    #[test]
    fn renders_metadata_and_escapes_hostile_text() {
        let text = "+++\nslug: x\ntitle: <script>alert(1)</script> & co\nsection: world\nauthors: Jane Doe\n\
            published: 2025-03-03T10:00:00+01:00\ntemplate: wordpress\ntags: iran\n+++\nBody <b>bold</b> text.\n";
        let article = parse_articles(text).unwrap_or_default().remove(0);
        let site = DemoSite::from_articles(vec![article.clone()]);
        let page = render(&site, &article, "http://127.0.0.1:9");
        assert!(!page.contains("<script>alert(1)"));
        assert!(page.contains(
            "<h1 class=\"entry-title\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>"
        ));
        assert!(page.contains("<p>Body &lt;b&gt;bold&lt;/b&gt; text.</p>"));
        assert!(page.contains("By <span class=\"author vcard\"><a class=\"url fn n\" href=\"/author/jane-doe/\" rel=\"author\">Jane Doe</a></span></span> | "));
        assert!(page.contains(">March 3, 2025</time>"));
        assert!(page.contains(
            "<meta property=\"article:published_time\" content=\"2025-03-03T10:00:00+01:00\">"
        ));
        assert!(
            page.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:9/2025/03/03/x/\">")
        );
        assert!(page.contains("class=\"comment-list\""));
    }
}
