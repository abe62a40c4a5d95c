//! `GET /api/search.atom`: the newest matches of a search as an Atom 1.0 feed, so a
//! journalist can subscribe to a saved search in any feed reader.
//!
//! The feed is built with `atom_syndication`, which escapes markup; characters XML 1.0
//! cannot carry at all (most control characters) are removed first, because crawled
//! text may contain them and a single one makes the whole feed unreadable.

use super::error::ApiError;
use super::params::{QueryParams, percent_encode};
use super::requests::{self, SEARCH_PARAMS};
use super::search::search_request;
use super::state::AppState;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use gazette_index::{Hit, SearchRequest, SortOrder};

/// Entries in a feed when `per_page` is not given.
const DEFAULT_ENTRIES: usize = 20;

/// `GET /api/search.atom`: the search's newest matches, newest first.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: QueryParams,
) -> Result<impl IntoResponse, ApiError> {
    params.expect_only(&[&SEARCH_PARAMS[..], &["per_page"]].concat())?;
    let paging = requests::paging(&params, &state.settings.limits, DEFAULT_ENTRIES)?;
    let request = SearchRequest {
        sort: SortOrder::Newest,
        page: 1,
        per_page: paging.per_page,
        ..search_request(&params, &state)?
    };
    let query = request.q.clone();
    let results = state
        .read_index(move |index| index.search(&request))
        .await?;
    let base = base_url(&headers, &state);
    let self_url = format!("{base}/api/search.atom{}", raw_query_suffix(&params));
    let feed = build_feed(&query, &self_url, &base, &results.hits);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    ))
}

/// `scheme://host` of this server as the client addressed it, for absolute links.
/// The Host header is client input: only a plausible host[:port] is used. Behind a
/// TLS-terminating proxy, `X-Forwarded-Proto: https` makes the links https.
fn base_url(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| state.settings.bind.to_string());
    let behind_tls = headers
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
    let scheme = if behind_tls { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The request's parameters re-encoded, so the feed's self link names the same search.
fn raw_query_suffix(params: &QueryParams) -> String {
    let encoded = params.encode();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{encoded}")
    }
}

fn build_feed(query: &str, self_url: &str, base: &str, hits: &[Hit]) -> Feed {
    let entries: Vec<Entry> = hits.iter().map(|hit| entry(hit, base)).collect();
    let updated = entries
        .iter()
        .map(|entry| *entry.updated())
        .max()
        .unwrap_or_else(|| Utc::now().fixed_offset());
    let title = if query.is_empty() {
        "gazette: newest articles".to_owned()
    } else {
        format!("gazette: {query}")
    };
    let mut self_link = Link::default();
    self_link.set_href(xml_safe(self_url));
    self_link.set_rel("self");
    self_link.set_mime_type(Some("application/atom+xml".to_owned()));
    let mut generator = Generator::default();
    generator.set_value("gazette");
    let mut feed = Feed::default();
    feed.set_title(Text::plain(xml_safe(&title)));
    feed.set_id(xml_safe(self_url));
    feed.set_updated(updated);
    feed.set_links(vec![self_link]);
    feed.set_generator(Some(generator));
    feed.set_authors(vec![person("gazette")]);
    feed.set_entries(entries);
    feed
}

fn entry(hit: &Hit, base: &str) -> Entry {
    let api_url = format!("{base}/api/articles/{}", percent_encode(&hit.id));
    let mut links = Vec::new();
    if let Some(url) = hit.url.as_deref() {
        let mut original = Link::default();
        original.set_href(xml_safe(url));
        original.set_rel("alternate");
        links.push(original);
    }
    let mut record = Link::default();
    record.set_href(xml_safe(&api_url));
    record.set_rel("related");
    record.set_mime_type(Some("application/json".to_owned()));
    links.push(record);
    let categories = hit
        .topics
        .iter()
        .map(|topic| category(&topic.code, &topic.label, "iptc-media-topic"));
    let countries = hit
        .countries
        .iter()
        .map(|country| category(&country.code, &country.name, "iso-3166-1"));
    let updated: FixedDateTime = hit
        .published
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .fixed_offset();
    let mut entry = Entry::default();
    entry.set_id(format!("urn:gazette:article:{}", percent_encode(&hit.id)));
    entry.set_title(Text::plain(xml_safe(&hit.title)));
    entry.set_updated(updated);
    entry.set_published(hit.published.map(|published| published.fixed_offset()));
    entry.set_links(links);
    entry.set_summary(Some(Text::html(xml_safe(&hit.snippet))));
    entry.set_categories(categories.chain(countries).collect::<Vec<_>>());
    let authors: Vec<Person> = hit.byline.iter().map(|name| person(name)).collect();
    entry.set_authors(if authors.is_empty() {
        vec![person(hit.source.as_deref().unwrap_or("unknown"))]
    } else {
        authors
    });
    entry
}

fn person(name: &str) -> Person {
    let mut person = Person::default();
    person.set_name(xml_safe(name));
    person
}

fn category(term: &str, label: &str, scheme: &str) -> Category {
    let mut category = Category::default();
    category.set_term(xml_safe(term));
    category.set_label(Some(xml_safe(label)));
    category.set_scheme(Some(format!("urn:gazette:{scheme}")));
    category
}

/// Removes the characters XML 1.0 cannot represent even escaped.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_carry_are_removed() {
        assert_eq!(xml_safe("a\u{0}b\u{1b}c\td\u{FFFF}é"), "abc\tdé");
    }
}
