//! Hostile input: arbitrary bytes, arbitrary markup soup and pathological nesting must never
//! panic, overflow the stack, or take time that grows faster than the input.

use std::time::{Duration, Instant};

use gazette_extract::{ArticleExtractor, decode_html};
use proptest::prelude::*;

fn nested(tag: &str, depth: usize, inner: &str) -> String {
    let mut html = String::with_capacity(depth * (tag.len() * 2 + 5) + inner.len());
    for _ in 0..depth {
        html.push('<');
        html.push_str(tag);
        html.push('>');
    }
    html.push_str(inner);
    for _ in 0..depth {
        html.push_str("</");
        html.push_str(tag);
        html.push('>');
    }
    html
}

const PROSE: &str = "<p>This paragraph, deep inside the nesting, is the only prose on the page and it is long \
                     enough to be kept as the article body by the extractor.</p>";

#[test]
fn ten_thousand_nested_divs_do_not_overflow_the_stack() {
    let page = ArticleExtractor::new().extract(&nested("div", 10_000, PROSE), None);
    assert!(
        page.text.contains("the only prose on the page"),
        "{}",
        page.text
    );
}

#[test]
fn deep_inline_and_table_nesting_is_survived() {
    let extractor = ArticleExtractor::new();
    for tag in ["span", "b", "table", "li", "blockquote", "a"] {
        let page = extractor.extract(&nested(tag, 5_000, PROSE), None);
        assert!(page.title.is_empty(), "no title on {tag} soup");
    }
}

fn fastest_of_three(html: &str) -> Duration {
    let extractor = ArticleExtractor::new();
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let page = extractor.extract(html, None);
            let elapsed = started.elapsed();
            assert!(!page.text.is_empty());
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Ten times the nesting must cost well under a hundred times the time (what quadratic work
/// would give); the bound is loose so that a busy machine cannot make it fail.
#[test]
fn nesting_cost_grows_linearly() {
    let small = fastest_of_three(&nested("div", 2_000, PROSE));
    let large = fastest_of_three(&nested("div", 20_000, PROSE));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < 40.0,
        "10x deeper nesting took {ratio:.1}x longer ({small:?} -> {large:?})"
    );
}

/// The same for many siblings: ten times the paragraphs, far less than a hundred times the time.
#[test]
fn sibling_count_cost_grows_linearly() {
    let small = fastest_of_three(&format!("<div>{}</div>", PROSE.repeat(500)));
    let large = fastest_of_three(&format!("<div>{}</div>", PROSE.repeat(5_000)));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < 40.0,
        "10x more paragraphs took {ratio:.1}x longer ({small:?} -> {large:?})"
    );
}

fn markup_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<a href='/x'>".to_owned()),
        Just("</a>".to_owned()),
        Just("<br>".to_owned()),
        Just("<h1>".to_owned()),
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("<div class='share related article-body'>".to_owned()),
        Just("<meta property='article:published_time' content='2020-01-01'>".to_owned()),
        Just(
            "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":"
                .to_owned()
        ),
        Just("<time datetime='2019-13-45T99:99'>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        "[a-zA-Z ,.]{0,40}",
        "\\PC{0,20}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   header in proptest::option::of("[ -~]{0,60}")) {
        let html = decode_html(&bytes, header.as_deref());
        let page = ArticleExtractor::new().extract(&html, None);
        prop_assert!(page.published.is_none_or(|d| d.timestamp() > 0));
    }

    #[test]
    fn arbitrary_markup_never_panics(html in markup_soup()) {
        let url = url::Url::parse("https://e.example/2020/01/02/x").ok();
        let page = ArticleExtractor::new().extract(&html, url.as_ref());
        prop_assert!(!page.text.starts_with(char::is_whitespace));
        prop_assert!(!page.text.contains("\n\n\n"));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let page = ArticleExtractor::new().extract(&text, None);
        prop_assert!(page.text.len() <= text.len() * 2 + 16);
    }
}
