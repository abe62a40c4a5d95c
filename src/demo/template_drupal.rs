//! The Drupal-like article page of the site's oldest CMS: XHTML doctype, table
//! layout, the date only in a `<time datetime>` element, the byline in a
//! `<span class="submitted">`, comments with a reply form, and the small markup
//! faults such sites really have (an unclosed `<p>`, a stray `</div>`). Some of these
//! pages are served in ISO-8859-1; the `<meta http-equiv>` says so as well.

use super::content::{Block, DemoArticle};
use super::html::{SECTIONS, comments_for, escape, most_read, name_slug, post_id, section_label};
use super::{DemoSite, SITE_NAME};
use std::fmt::Write;

/// A link in the sidebar that the site never fixed: it answers 404.
pub const DEAD_LINK: &str = "/content/ministers-meet-again-2023";

/// Renders one article page; the caller encodes it as Latin-1 when `article.latin1`.
pub fn render(site: &DemoSite, article: &DemoArticle, base: &str) -> String {
    let nid = post_id(article);
    let title = escape(&article.title);
    let charset = if article.latin1 {
        "iso-8859-1"
    } else {
        "utf-8"
    };
    let mut page = String::with_capacity(20_000);
    let _ = write!(
        page,
        r##"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en" dir="ltr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title} | {site}</title>
<link rel="shortcut icon" href="/misc/favicon.ico" type="image/vnd.microsoft.icon" />
<meta name="Generator" content="Drupal 7 (http://drupal.org)" />
<link rel="canonical" href="{canonical}" />
<link rel="shortlink" href="/node/{nid}" />
<style type="text/css" media="all">@import url("/modules/system/system.base.css?m1x9ab");</style>
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-first page-node page-node- page-node-{nid} node-type-article">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">Skip to main content</a></div>
<table id="layout" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td colspan="2" id="header"><h1 id="site-name"><a href="/" title="Home" rel="home">{site}</a></h1>
<ul class="links primary-links">"##,
        site = escape(SITE_NAME),
        canonical = escape(&format!("{base}{}", article.path)),
    );
    for (slug, label) in SECTIONS {
        let _ = write!(page, "<li><a href=\"/{slug}/\">{}</a></li>", escape(label));
    }
    page.push_str("<li class=\"last\"><a href=\"/about\">About</a></li></ul></td></tr>\n<tr>\n");
    write_sidebar(&mut page, site, article);
    let _ = write!(
        page,
        r##"<td id="main" valign="top"><a id="main-content"></a>
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{section_slug}/">{section}</a></div>
<h1 class="title" id="page-title">{title}</h1>
<div id="node-{nid}" class="node node-article node-promoted clearfix" about="/content/{slug}" typeof="sioc:Item foaf:Document">
<span class="submitted">Submitted by {byline} on <time datetime="{published}">{shown}</time></span>
<div class="content">
<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded"><div class="field-body">
"##,
        section_slug = escape(&article.section),
        section = escape(section_label(&article.section)),
        slug = escape(&article.slug),
        byline = author_links(&article.authors),
        published = article.published.to_rfc3339(),
        shown = article.published.format("%a, %d/%m/%Y - %H:%M"),
    );
    for (n, block) in article.blocks.iter().enumerate() {
        match block {
            // The old WYSIWYG editor left the first paragraph unclosed.
            Block::Paragraph(text) if n == 0 => {
                let _ = writeln!(page, "<p>{}", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(page, "<p>{}</p>", escape(text));
            }
            Block::Heading(text) => {
                let _ = writeln!(page, "<h3><strong>{}</strong></h3>", escape(text));
            }
        }
    }
    page.push_str("</div></div></div></div>\n</div>\n</div>\n");
    page.push_str(
        "<div class=\"field field-name-field-tags field-type-taxonomy-term-reference field-label-inline clearfix\"><div class=\"field-label\">Tags:&nbsp;</div><ul class=\"field-items\">",
    );
    for tag in &article.tags {
        let _ = write!(
            page,
            "<li class=\"field-item\"><a href=\"/tag/{tag}/\" typeof=\"skos:Concept\">{tag}</a></li>",
            tag = escape(tag)
        );
    }
    let _ = writeln!(
        page,
        "</ul></div>\n<ul class=\"links inline\"><li class=\"print_html first\"><a href=\"/print/{}\" title=\"Display a printer-friendly version of this page.\" rel=\"nofollow\">Printer-friendly version</a></li><li class=\"comment-add last\"><a href=\"#comment-form\">Add new comment</a></li></ul>",
        escape(&article.slug)
    );
    write_comments(&mut page, article, nid);
    page.push_str(concat!(
        "</td></tr>\n<tr><td colspan=\"2\" id=\"footer\"><p>&copy; 2004-2024 The Meridian Post | ",
        "<a href=\"/rss.xml\">RSS</a> | <a href=\"/about\">Contact</a></p></td></tr>\n</table>\n</body>\n</html>\n"
    ));
    page
}

fn author_links(authors: &[String]) -> String {
    let links: Vec<String> = authors
        .iter()
        .map(|name| {
            format!(
                "<a href=\"/author/{}/\" title=\"View user profile.\" class=\"username\">{}</a>",
                escape(&name_slug(name)),
                escape(name)
            )
        })
        .collect();
    links.join(", ")
}

fn write_sidebar(page: &mut String, site: &DemoSite, article: &DemoArticle) {
    page.push_str(concat!(
        "<td id=\"sidebar-first\" valign=\"top\" width=\"210\">\n<div class=\"block block-search\">",
        "<form action=\"/search\" method=\"get\" id=\"search-block-form\"><div><input type=\"text\" name=\"q\" size=\"15\" />",
        "<input type=\"submit\" value=\"Search\" /></div></form></div>\n",
        "<div class=\"block block-popular\"><h2>Popular content</h2><div class=\"content\"><ul>"
    ));
    for other in most_read(site, 4) {
        let _ = write!(
            page,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&other.path),
            escape(&other.title)
        );
    }
    let _ = write!(
        page,
        "<li><a href=\"{DEAD_LINK}\">Foreign ministers meet again</a></li></ul></div></div>\n<div class=\"block block-tags\"><h2>Browse</h2><div class=\"content\">"
    );
    for tag in &article.tags {
        let _ = write!(
            page,
            "<a href=\"/search?q={tag}\">{tag}</a> ",
            tag = escape(tag)
        );
    }
    page.push_str("</div></div>\n</td>\n");
}

fn write_comments(page: &mut String, article: &DemoArticle, nid: u64) {
    page.push_str(
        "<div id=\"comments\" class=\"comment-wrapper\"><h2 class=\"title\">Comments</h2>\n",
    );
    for (n, comment) in comments_for(article).iter().enumerate() {
        let _ = writeln!(
            page,
            concat!(
                "<a id=\"comment-{cid}\"></a><div class=\"comment comment-by-anonymous clearfix\">",
                "<div class=\"attribution\"><span class=\"username\">{author} (not verified)</span>",
                "<div class=\"comment-time\">{shown}</div></div><div class=\"comment-text\"><div class=\"content\">",
                "<div class=\"field-item even\"><p>{text}</p></div></div>",
                "<ul class=\"links inline\"><li class=\"comment-reply\"><a href=\"/comment/reply/{nid}/{cid}\">reply</a></li></ul></div></div>"
            ),
            cid = nid * 10 + u64::try_from(n).unwrap_or_default(),
            author = escape(comment.author),
            shown = comment.posted.format("%a, %d/%m/%Y - %H:%M"),
            text = escape(comment.text),
            nid = nid,
        );
    }
    let _ = writeln!(
        page,
        concat!(
            "<h2 class=\"title comment-form\">Add new comment</h2>",
            "<form class=\"comment-form\" action=\"/comment/reply/{nid}\" method=\"post\" id=\"comment-form\"><div>",
            "<label for=\"edit-name\">Your name</label><input type=\"text\" id=\"edit-name\" name=\"name\" size=\"30\" />",
            "<label for=\"edit-subject\">Subject</label><input type=\"text\" id=\"edit-subject\" name=\"subject\" />",
            "<label for=\"edit-comment-body\">Comment <span class=\"form-required\">*</span></label>",
            "<textarea id=\"edit-comment-body\" name=\"comment_body\" cols=\"60\" rows=\"5\"></textarea>",
            "<input type=\"submit\" id=\"edit-submit\" name=\"op\" value=\"Save\" /></div></form></div>",
            "</div><!-- stray close left by an old theme override -->"
        ),
        nid = nid
    );
}

#[cfg(test)]
mod tests {
    use super::super::content::parse_articles;
    use super::super::html::encode_latin1;
    use super::*;

    #[test]
    fn renders_old_markup_and_escapes_hostile_text() {
        let text = "+++\nslug: z\ntitle: Müller <script>x</script>\nsection: economy\nauthors: Rui Gülen\n\
            published: 2024-03-28T11:00:00+01:00\ntemplate: drupal\ncharset: iso-8859-1\n+++\nSão Paulo said \"no\".\n\nSecond.\n";
        let article = parse_articles(text).unwrap_or_default().remove(0);
        let site = DemoSite::from_articles(vec![article.clone()]);
        let page = render(&site, &article, "http://127.0.0.1:9");
        assert!(!page.contains("<script>"));
        assert!(page.contains(
            "<h1 class=\"title\" id=\"page-title\">Müller &lt;script&gt;x&lt;/script&gt;</h1>"
        ));
        assert!(page.contains(
            "<time datetime=\"2024-03-28T11:00:00+01:00\">Thu, 28/03/2024 - 11:00</time>"
        ));
        assert!(page.contains("<span class=\"submitted\">Submitted by"));
        assert!(page.contains("<p>São Paulo said &quot;no&quot;.\n<p>Second.</p>"));
        assert!(page.contains("charset=iso-8859-1"));
        assert!(!page.contains("article:published_time") && !page.contains("ld+json"));
        let bytes = encode_latin1(&page);
        assert!(bytes.windows(3).any(|w| w == b"M\xfcl"));
    }
}
