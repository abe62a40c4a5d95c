//! The documents the API publishes: the Atom feed parses as a feed with the right
//! entries, and the OpenAPI description matches what the server really answers.

use super::TestServer;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atom_feed_is_valid_and_escapes_markup() {
    let server = TestServer::start(|_| {}).await;
    let response = server
        .client
        .get(server.url("/api/search.atom?q=israel"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = response.bytes().await.unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(
        titles,
        [
            "Azerbaijan and Israel deepen energy ties",
            "Ceasefire talks resume over Gaza"
        ],
        "newest first"
    );
    let first = &feed.entries[0];
    assert!(
        first
            .links
            .iter()
            .any(|link| link.href == "https://wire.example/az-israel-gas")
    );
    let record_link = format!("{}/api/articles/az-israel-gas", server.base);
    assert!(
        first.links.iter().any(|link| link.href == record_link),
        "{:?}",
        first.links
    );
    assert!(first.published.is_some());

    let xml = server
        .client
        .get(server.url("/api/search.atom?q=tariffs"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid feed");
    let title = feed.entries[0].title.as_ref().map(|t| t.content.clone());
    assert_eq!(
        title.as_deref(),
        Some("EU trade ministers & tariffs: \"a <b>bold</b> step\""),
        "markup is text, not tags"
    );
    assert!(
        !String::from_utf8_lossy(&xml).contains("<b>bold"),
        "raw markup never reaches the XML"
    );

    let behind_proxy = server
        .client
        .get(server.url("/api/search.atom?q=tariffs"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let feed = feed_rs::parser::parse(&behind_proxy[..]).expect("a valid feed");
    let self_link = feed
        .links
        .iter()
        .find(|link| link.rel.as_deref() == Some("self"));
    assert!(
        self_link.is_some_and(|link| link.href.starts_with("https://")),
        "{:?}",
        feed.links
    );
}

/// Follows `#/components/...` references (and merges `allOf`) into one schema object.
fn resolve(document: &Value, schema: &Value) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let pointer = reference.trim_start_matches('#');
        return resolve(document, document.pointer(pointer).unwrap_or(&Value::Null));
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = serde_json::json!({"type": "object", "required": [], "properties": {}});
        for part in parts {
            let part = resolve(document, part);
            for name in part["required"].as_array().into_iter().flatten() {
                merged["required"]
                    .as_array_mut()
                    .unwrap()
                    .push(name.clone());
            }
            for (name, property) in part["properties"].as_object().into_iter().flatten() {
                merged["properties"][name] = property.clone();
            }
        }
        return merged;
    }
    schema.clone()
}

/// Checks a real JSON value against a documented schema: every required field is
/// present, no undocumented field appears, and nested objects and array items agree.
fn check(document: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(document, schema);
    if value.is_null() {
        return;
    }
    match schema["type"].as_str() {
        Some("object") => {
            let Some(object) = value.as_object() else {
                return problems.push(format!("{at}: expected an object, got {value}"));
            };
            let Some(properties) = schema["properties"].as_object() else {
                return;
            };
            for name in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(name) {
                    problems.push(format!("{at}: documented field '{name}' is missing"));
                }
            }
            for (name, field) in object {
                match properties.get(name) {
                    Some(property) => {
                        check(document, property, field, &format!("{at}.{name}"), problems)
                    }
                    None => problems.push(format!("{at}: field '{name}' is not documented")),
                }
            }
        }
        Some("array") => match value.as_array() {
            Some(items) => {
                for (position, item) in items.iter().enumerate().take(3) {
                    check(
                        document,
                        &schema["items"],
                        item,
                        &format!("{at}[{position}]"),
                        problems,
                    );
                }
            }
            None => problems.push(format!("{at}: expected an array, got {value}")),
        },
        Some("string") if !value.is_string() => {
            problems.push(format!("{at}: expected a string, got {value}"))
        }
        Some("integer") if !value.is_u64() && !value.is_i64() => {
            problems.push(format!("{at}: expected an integer"))
        }
        Some("number") if !value.is_number() => problems.push(format!("{at}: expected a number")),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_matches_real_responses() {
    let server = TestServer::start(|_| {}).await;
    let (status, document) = server.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        document["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.")
    );
    assert_eq!(document["info"]["x-limits"]["max_per_page"], 100);
    let paths = document["paths"].as_object().expect("paths");
    let mut problems = Vec::new();
    for (template, operations) in paths {
        let path = template
            .replace("{id}", "az-israel-gas")
            .replace("{field}", "country");
        let query = if path == "/api/search" || path == "/api/quotes" {
            "?q=israel"
        } else {
            ""
        };
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = server
                .client
                .request(method.clone(), server.url(&format!("{path}{query}")))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16().to_string();
            let documented = &operation["responses"][&status];
            if documented.is_null() {
                problems.push(format!(
                    "{method} {template}: status {status} is not documented"
                ));
                continue;
            }
            let documented = resolve(&document, documented);
            let Some(schema) = documented.pointer("/content/application~1json/schema") else {
                continue;
            };
            let body: Value = response.json().await.unwrap_or(Value::Null);
            check(
                &document,
                schema,
                &body,
                &format!("{method} {template}"),
                &mut problems,
            );
        }
    }
    assert!(paths.len() >= 14, "every endpoint is described");
    assert!(
        problems.is_empty(),
        "the document disagrees with the server:\n{}",
        problems.join("\n")
    );
}
