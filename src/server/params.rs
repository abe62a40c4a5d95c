//! Strict decoding of query strings into named parameters.
//!
//! axum's `Query` extractor goes through `serde_urlencoded`, which cannot collect a
//! repeated key (`country=AZ&country=GE`) and silently repairs bad percent-encoding.
//! The API needs both the repetition (filters are OR-ed) and the strictness (a client
//! sending broken bytes should hear about it, not get results for a mangled query), so
//! the query string is decoded here: `+` is a space, `%XX` must be two hex digits, the
//! result must be UTF-8 without control characters, and each endpoint names the
//! parameters it knows so a typo (`contry=AZ`) is a 400 instead of an ignored filter.

use super::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::str::FromStr;

/// The decoded `name=value` pairs of a request's query string, in order.
///
/// ```ignore
/// let params = QueryParams::parse("country=AZ&country=Georgia&page=2")?;
/// assert_eq!(params.all("country"), ["AZ", "Georgia"]);
/// assert_eq!(params.number::<u64>("page")?, Some(2));
/// ```
#[derive(Debug, Default, Clone)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Decodes a raw query string (without the `?`).
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let mut pairs = Vec::new();
        for piece in raw.split('&').filter(|piece| !piece.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode_component(name)?;
            let value = decode_component(value)
                .map_err(|err| ApiError::invalid_parameter(&printable(&name), err))?;
            pairs.push((name, value));
        }
        Ok(QueryParams { pairs })
    }

    /// Rejects any parameter not in `known`, listing the ones the endpoint accepts.
    pub fn expect_only(&self, known: &[&str]) -> Result<&Self, ApiError> {
        match self
            .pairs
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            Some((name, _)) => Err(ApiError::bad_request(format!(
                "unknown parameter '{}'; this endpoint takes: {}",
                printable(name),
                known.join(", ")
            ))),
            None => Ok(self),
        }
    }

    /// The value of a parameter that may appear at most once; empty counts as absent,
    /// as HTML forms send empty fields.
    pub fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.all(name).into_iter();
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::invalid_parameter(
                name,
                "given more than once; it takes a single value",
            ));
        }
        Ok(first)
    }

    /// Every non-empty value of a repeatable parameter, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The pairs encoded again as a query string (for links that repeat the request).
    pub fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// A single numeric parameter, with a message naming it when it is not a number.
    pub fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>, ApiError> {
        match self.single(name)? {
            None => Ok(None),
            Some(text) => text.trim().parse::<T>().map(Some).map_err(|_| {
                ApiError::invalid_parameter(
                    name,
                    format!("'{}' is not a whole number (0 or more)", printable(text)),
                )
            }),
        }
    }

    /// A single parameter that must be one of `choices` (case-insensitive).
    pub fn choice<'c>(&self, name: &str, choices: &[&'c str]) -> Result<Option<&'c str>, ApiError> {
        match self.single(name)? {
            None => Ok(None),
            Some(text) => choices
                .iter()
                .find(|choice| choice.eq_ignore_ascii_case(text.trim()))
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    ApiError::invalid_parameter(
                        name,
                        format!(
                            "'{}' is not one of: {}",
                            printable(text),
                            choices.join(", ")
                        ),
                    )
                }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        QueryParams::parse(parts.uri.query().unwrap_or(""))
    }
}

/// Why a query-string component could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum DecodeError {
    #[error("{0}")]
    Encoding(&'static str),
    #[error("contains control characters")]
    ControlCharacter,
}

impl From<DecodeError> for ApiError {
    fn from(err: DecodeError) -> Self {
        ApiError::bad_request(format!("query string: {err}"))
    }
}

/// Decodes one `application/x-www-form-urlencoded` component strictly.
fn decode_component(raw: &str) -> Result<String, DecodeError> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut position = 0;
    while let Some(&byte) = bytes.get(position) {
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(position + 1..position + 3)
                    .ok_or(DecodeError::Encoding(
                        "'%' must be followed by two hex digits (write '%25' for a literal '%')",
                    ))?;
                let value = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                    .filter(|_| hex.iter().all(u8::is_ascii_hexdigit))
                    .ok_or(DecodeError::Encoding(
                        "'%' must be followed by two hex digits (write '%25' for a literal '%')",
                    ))?;
                decoded.push(value);
                position += 2;
            }
            other => decoded.push(other),
        }
        position += 1;
    }
    let text = String::from_utf8(decoded)
        .map_err(|_| DecodeError::Encoding("percent-encoded bytes are not valid UTF-8"))?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(DecodeError::ControlCharacter);
    }
    Ok(text)
}

/// Percent-encodes every byte except RFC 3986's unreserved characters, so the result
/// is safe as a query component or as one path segment.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A value shortened and stripped of control characters, safe to echo in a message.
pub fn printable(value: &str) -> String {
    const MAX_ECHO_CHARS: usize = 60;
    let mut shown: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_ECHO_CHARS)
        .collect();
    if value.chars().count() > MAX_ECHO_CHARS {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_parameters_are_collected_in_order() {
        let params = QueryParams::parse("country=AZ&q=a+b&country=Georgia&country=").unwrap();
        assert_eq!(params.all("country"), ["AZ", "Georgia"]);
        assert_eq!(params.single("q").unwrap(), Some("a b"));
    }

    #[test]
    fn a_single_parameter_given_twice_is_rejected() {
        let params = QueryParams::parse("page=1&page=2").unwrap();
        let err = params.number::<u64>("page").unwrap_err();
        assert!(err.message.contains("more than once"), "{err}");
    }

    #[test]
    fn broken_percent_encoding_and_invalid_utf8_are_rejected() {
        for raw in [
            "q=%", "q=%4", "q=%zz", "q=%+1", "q=%C3%28", "q=%FF", "%G0=1", "q=%00",
        ] {
            let err = QueryParams::parse(raw).unwrap_err();
            assert_eq!(err.status, axum::http::StatusCode::BAD_REQUEST, "{raw}");
        }
    }

    #[test]
    fn encoding_round_trips() {
        let params = QueryParams::parse("q=%22a+b%22+%26+c&country=AZ").unwrap();
        let again = QueryParams::parse(&params.encode()).unwrap();
        assert_eq!(again.single("q").unwrap(), Some("\"a b\" & c"));
        assert_eq!(again.all("country"), ["AZ"]);
    }

    #[test]
    fn multibyte_text_decodes() {
        let params = QueryParams::parse("q=%D8%A8%D8%A7%D9%83%D9%88+%E2%80%8Bx").unwrap();
        assert_eq!(params.single("q").unwrap(), Some("باكو \u{200b}x"));
    }

    #[test]
    fn numbers_and_choices_are_checked() {
        let params = QueryParams::parse("page=-1&sort=Newest&per_page=abc").unwrap();
        assert!(params.number::<u64>("page").is_err());
        assert!(params.number::<u64>("per_page").is_err());
        assert_eq!(
            params.choice("sort", &["relevance", "newest"]).unwrap(),
            Some("newest")
        );
        assert!(
            QueryParams::parse("sort=sideways")
                .unwrap()
                .choice("sort", &["newest"])
                .is_err()
        );
    }

    #[test]
    fn unknown_parameters_are_named() {
        let params = QueryParams::parse("contry=AZ").unwrap();
        let err = params.expect_only(&["country", "q"]).unwrap_err();
        assert!(err.message.contains("'contry'"), "{err}");
    }
}
