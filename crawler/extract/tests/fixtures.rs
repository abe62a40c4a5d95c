//! Field-by-field checks over hand-written pages in the shapes common CMSs produce.

use gazette_article::DateSource;
use gazette_extract::{ArticleExtractor, ExtractedPage, decode_html};

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"))
}

fn extract(name: &str, url: &str) -> ExtractedPage {
    let html = decode_html(&fixture_bytes(name), None);
    let url = url::Url::parse(url).ok();
    ArticleExtractor::new().extract(&html, url.as_ref())
}

fn rfc3339(page: &ExtractedPage) -> Option<String> {
    page.published.map(|d| d.to_rfc3339())
}

#[test]
fn wordpress_article() {
    let page = extract(
        "wordpress.html",
        "https://riverside-ledger.example/2023/04/11/council-approves-water-plan/?utm_source=x",
    );
    assert_eq!(page.title, "Council approves new water plan");
    assert_eq!(page.byline, ["Maria Lopez"]);
    assert_eq!(rfc3339(&page).as_deref(), Some("2023-04-11T12:15:00+00:00"));
    assert_eq!(page.published_source, Some(DateSource::Meta));
    assert_eq!(
        page.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2023-04-12T14:00:00+00:00")
    );
    assert_eq!(page.site_name.as_deref(), Some("Riverside Ledger"));
    assert_eq!(page.section.as_deref(), Some("Local Government"));
    assert_eq!(
        page.image.as_deref(),
        Some("https://riverside-ledger.example/wp-content/uploads/2023/04/dam.jpg")
    );
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://riverside-ledger.example/2023/04/11/council-approves-water-plan/")
    );
    assert_eq!(page.language.as_deref(), Some("en"));
    assert!(page.text.starts_with("The city council voted seven to two"));
    assert!(
        page.text.contains("\n\nWhat happens next\n\n"),
        "subheadings are kept: {}",
        page.text
    );
    assert!(
        page.text.ends_with("for years to come."),
        "body ends with the last paragraph: {}",
        page.text
    );
    for furniture in [
        "Share this",
        "Twitter",
        "Related",
        "Pipe bursts",
        "terrible idea",
        "Most read",
        "Tagged",
        "All rights",
    ] {
        assert!(
            !page.text.contains(furniture),
            "{furniture:?} leaked into the body: {}",
            page.text
        );
    }
    assert!(page.looks_like_article());
}

#[test]
fn arc_article_with_json_ld() {
    let page = extract(
        "arc.html",
        "https://www.capitalpost.example/politics/2022/12/20/senate-budget-deal/",
    );
    assert_eq!(
        page.title,
        "Senate passes budget deal after all-night session"
    );
    assert_eq!(page.byline, ["Jane Doe", "Samuel Okafor"]);
    assert_eq!(rfc3339(&page).as_deref(), Some("2022-12-20T05:30:00+00:00"));
    assert_eq!(page.published_source, Some(DateSource::JsonLd));
    assert_eq!(page.section.as_deref(), Some("Politics"));
    assert_eq!(page.site_name.as_deref(), Some("The Capital Post"));
    assert_eq!(
        page.image.as_deref(),
        Some("https://www.capitalpost.example/resizer/senate.jpg")
    );
    assert!(page.text.starts_with("The Senate approved"));
    assert!(
        page.text.contains("This is not a perfect bill"),
        "block quotes are kept"
    );
    assert!(page.text.ends_with("before Friday."));
    for furniture in [
        "Advertisement",
        "Story continues",
        "By Jane Doe",
        "December 20, 2022",
        "newsletter",
        "Politics World",
    ] {
        assert!(
            !page.text.contains(furniture),
            "{furniture:?} leaked into the body: {}",
            page.text
        );
    }
}

#[test]
fn drupal_article_with_dublin_core() {
    let page = extract(
        "drupal.html",
        "https://rundschau.example/aktuelles/neue-bruecke-ueber-die-elbe?page=1",
    );
    assert_eq!(page.title, "Neue Brücke über die Elbe eröffnet");
    assert_eq!(page.byline, ["Klaus Becker"]);
    assert_eq!(rfc3339(&page).as_deref(), Some("2021-09-03T12:20:00+00:00"));
    assert_eq!(
        page.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2021-09-04T07:00:00+00:00")
    );
    assert_eq!(page.language.as_deref(), Some("de"));
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://rundschau.example/aktuelles/neue-bruecke-ueber-die-elbe")
    );
    assert!(page.text.starts_with("Nach vier Jahren Bauzeit"));
    assert!(page.text.ends_with("ursprünglichen Planung."));
    assert_eq!(
        page.text.matches("\n\n").count(),
        2,
        "three paragraphs: {}",
        page.text
    );
    assert!(!page.text.contains("Schlagworte"));
}

#[test]
fn json_ld_graph_prefers_the_article_node() {
    let page = extract(
        "jsonld_graph.html",
        "https://coastal.example/2020/02/harbour-floods/",
    );
    assert_eq!(page.title, "Why the harbour still floods");
    assert_eq!(page.byline, ["Priya Nair"], "shouted names are title-cased");
    // 23:30 at +05:30 is 18:00 UTC; the WebPage's 2019 date must not win.
    assert_eq!(rfc3339(&page).as_deref(), Some("2020-02-14T18:00:00+00:00"));
    assert_eq!(page.published_source, Some(DateSource::JsonLd));
    assert_eq!(page.section.as_deref(), Some("Environment"));
    assert_eq!(
        page.site_name.as_deref(),
        Some("Coastal Review"),
        "from the graph's WebSite node"
    );
    assert!(page.text.starts_with("Every spring tide"));
    assert!(!page.text.contains("Home"));
}

#[test]
fn amp_page() {
    let page = extract(
        "amp.html",
        "https://www.quotidien.example/amp/societe/greve-transports-trafic-perturbe_123.html",
    );
    assert_eq!(
        page.title,
        "Grève dans les transports : le trafic reste perturbé"
    );
    assert_eq!(page.byline, ["Camille Martin"]);
    assert_eq!(rfc3339(&page).as_deref(), Some("2019-12-09T06:45:00+00:00"));
    assert_eq!(page.site_name.as_deref(), Some("Le Quotidien"));
    assert_eq!(
        page.image.as_deref(),
        Some("https://img.quotidien.example/greve.jpg")
    );
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://www.quotidien.example/societe/greve-transports-trafic-perturbe_123.html")
    );
    assert_eq!(page.language.as_deref(), Some("fr"));
    assert!(page.text.starts_with("Le trafic restait très perturbé"));
    assert!(page.text.ends_with("détails de son projet."));
    assert!(!page.text.contains("Politique"));
}

#[test]
fn microdata_article() {
    let page = extract("microdata.html", "https://farm.example/news/123");
    assert_eq!(page.title, "Farmers brace for a dry summer");
    assert_eq!(page.byline, ["Tomás Ferreira"]);
    assert_eq!(rfc3339(&page).as_deref(), Some("2018-06-02T06:00:00+00:00"));
    assert_eq!(page.published_source, Some(DateSource::Meta));
    assert_eq!(
        page.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2018-06-03T09:30:00+00:00")
    );
    assert_eq!(page.section.as_deref(), Some("Agriculture"));
    assert!(page.text.starts_with("With reservoirs at their lowest"));
    assert!(page.text.ends_with("too late for many of their members."));
    assert!(!page.text.contains("Front page"));
}

#[test]
fn opengraph_only_page() {
    let page = extract(
        "opengraph_only.html",
        "https://harbourtimes.example/news/port-strike-ends?ref=home",
    );
    assert_eq!(page.title, "Port strike ends after three weeks");
    assert_eq!(page.site_name.as_deref(), Some("Harbour Times"));
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://harbourtimes.example/news/port-strike-ends")
    );
    assert_eq!(
        page.image.as_deref(),
        Some("https://harbourtimes.example/img/port.jpg")
    );
    assert_eq!(
        page.description.as_deref(),
        Some("Dock workers accepted a new pay offer.")
    );
    assert_eq!(page.language.as_deref(), Some("en"));
    assert!(
        page.published.is_none(),
        "no date anywhere: {:?}",
        page.published
    );
    assert!(page.byline.is_empty());
    assert!(page.text.starts_with("Dock workers voted"));
    assert!(page.text.ends_with("automated cranes."));
}

#[test]
fn live_blog_keeps_every_entry() {
    let page = extract("liveblog.html", "https://wire.example/live/election");
    assert_eq!(page.title, "Election night live: results as they come in");
    assert_eq!(rfc3339(&page).as_deref(), Some("2024-07-04T20:00:00+00:00"));
    for entry in [
        "First result declared",
        "turnout looks lower",
        "Polling stations across the country",
    ] {
        assert!(
            page.text.contains(entry),
            "missing live entry {entry:?}: {}",
            page.text
        );
    }
}

#[test]
fn gallery_is_not_an_article() {
    let page = extract("gallery.html", "https://daily.example/pictures/week");
    assert!(
        !page.looks_like_article(),
        "a photo gallery is not an article: {:?}",
        page.text
    );
    assert!(
        !page.text.contains("Photo: A. Smith"),
        "image credits are dropped"
    );
}

#[test]
fn short_brief_is_extracted() {
    let page = extract("brief.html", "https://valley.example/local/bridge-closed");
    assert_eq!(page.title, "Bridge closed after crash");
    assert_eq!(
        page.text,
        "The Mill Street bridge was closed on Sunday morning after a lorry hit the railings. Nobody was hurt, police said."
    );
    assert_eq!(rfc3339(&page).as_deref(), Some("2017-03-05T10:15:00+00:00"));
    assert!(
        page.looks_like_article(),
        "a brief that says it is an article is one"
    );
}

#[test]
fn section_front_with_several_teasers_is_not_an_article() {
    let page = extract("several_articles.html", "https://times.example/world");
    assert!(!page.looks_like_article());
}

#[test]
fn paywall_teaser_keeps_the_teaser_and_drops_the_prompt() {
    let page = extract(
        "paywall.html",
        "https://ledger.example/2021/05/17/port-fight",
    );
    assert!(page.text.starts_with("For three years"));
    assert!(page.text.ends_with("whatever the ministry decides."));
    assert!(!page.text.contains("Subscribe"), "{}", page.text);
}

#[test]
fn broken_markup_still_yields_the_article() {
    let page = extract("broken.html", "https://storm.example/news/damage");
    assert!(page.text.starts_with("Residents of the coastal villages"));
    assert!(page.text.contains("at the earliest"));
    assert!(page.text.contains("Schools in the worst-hit areas"));
    assert!(!page.text.contains("Other news"));
    assert_eq!(page.text.matches("\n\n").count(), 2, "{}", page.text);
}

#[test]
fn iso_8859_1_bytes_are_decoded_from_http_equiv() {
    let page = extract("latin1.html", "https://cafe.example/news/1");
    assert_eq!(page.title, "Café culture returns");
    assert!(
        page.text
            .contains("première fois depuis le début de l'hiver"),
        "{}",
        page.text
    );
    assert_eq!(page.language.as_deref(), Some("fr"));
}

#[test]
fn utf8_bom_overrides_declared_charset() {
    let page = extract("utf8_bom.html", "https://bom.example/news/1");
    assert!(page.text.contains("naïve café résumé"), "{}", page.text);
}

#[test]
fn url_date_is_the_last_resort_before_text() {
    let html = "<html><body><div><p>A long enough paragraph of plain prose that says nothing about when it was written, \
                which is exactly the point of this particular test case.</p></div></body></html>";
    let url = url::Url::parse("https://e.example/2016/08/09/story").ok();
    let page = ArticleExtractor::new().extract(html, url.as_ref());
    assert_eq!(rfc3339(&page).as_deref(), Some("2016-08-09T00:00:00+00:00"));
    assert_eq!(page.published_source, Some(DateSource::Url));
}

#[test]
fn future_and_ancient_dates_are_rejected() {
    let html = r#"<html><head><meta property="article:published_time" content="2999-01-01T00:00:00Z">
        <meta name="date" content="1980-05-05"></head><body><p>Body text.</p></body></html>"#;
    let page = ArticleExtractor::new().extract(html, None);
    assert!(page.published.is_none(), "{:?}", page.published);
}

#[test]
fn canonical_to_home_page_or_other_site_is_ignored() {
    let html = r#"<html><head><link rel="canonical" href="https://e.example/"></head><body><p>x</p></body></html>"#;
    let url = url::Url::parse("https://e.example/news/1").ok();
    assert!(
        ArticleExtractor::new()
            .extract(html, url.as_ref())
            .canonical_url
            .is_none()
    );
    let html = r#"<html><head><link rel="canonical" href="https://other.example/news/1"></head><body></body></html>"#;
    assert!(
        ArticleExtractor::new()
            .extract(html, url.as_ref())
            .canonical_url
            .is_none()
    );
}

#[test]
fn endless_scroll_keeps_only_the_first_article() {
    let page = extract(
        "endless_scroll.html",
        "https://citywire.example/news/housing-plan",
    );
    assert!(page.text.starts_with("The mayor on Wednesday"));
    assert!(page.text.ends_with("runs for six weeks."), "{}", page.text);
    assert!(!page.text.contains("Rail strike"));
}

#[test]
fn headline_repeated_in_the_body_and_reading_time_are_dropped() {
    let html = r#"<html><head><title>Dam repairs begin | Valley News</title></head><body>
        <div class="story"><h2>Dam repairs begin</h2><p>4 min read</p>
        <p>Repairs to the old dam above the town began on Monday, two years after engineers first
        warned that cracks in its wall were spreading faster than expected.</p>
        <p>The work is expected to last until the end of the summer, the water board said.</p></div></body></html>"#;
    let page = ArticleExtractor::new().extract(html, None);
    assert_eq!(page.title, "Dam repairs begin");
    assert!(
        page.text.starts_with("Repairs to the old dam"),
        "{}",
        page.text
    );
    assert_eq!(page.paragraphs, 2);
}
