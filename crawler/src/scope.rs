//! Which URLs a source may fetch and index: its origins, its allow/deny rules, the
//! crawler-trap limits and the SSRF guard.

use std::collections::HashSet;
use std::net::IpAddr;

use url::{Host, Url};

use crate::settings::{CrawlerSettings, SourceSpec};

/// Scheme, host and port: the unit of a source's scope and of politeness.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl Origin {
    pub fn of(url: &Url) -> Option<Origin> {
        Some(Origin {
            scheme: url.scheme().to_string(),
            host: url.host_str()?.to_ascii_lowercase(),
            port: url.port_or_known_default()?,
        })
    }

    /// The key that per-host politeness and robots.txt caching share.
    pub fn authority(&self) -> String {
        format!("{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Why a URL is not fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    OffScope,
    Trap,
    PrivateAddress,
}

/// A source's compiled scope.
#[derive(Debug)]
pub(crate) struct SourceScope {
    origins: HashSet<Origin>,
    /// True when the operator configured a loopback or private origin for this source,
    /// which is the only case in which such addresses may be contacted.
    pub private_network_allowed: bool,
    max_url_length: usize,
    max_segment_repeats: usize,
    max_path_depth: usize,
}

impl SourceScope {
    pub fn new(spec: &SourceSpec, settings: &CrawlerSettings) -> Self {
        let origins: HashSet<Origin> = spec.entry_points().filter_map(Origin::of).collect();
        let private_network_allowed = spec.entry_points().any(is_private_host);
        SourceScope {
            origins,
            private_network_allowed,
            max_url_length: settings.max_url_length,
            max_segment_repeats: settings.max_path_segment_repeats,
            max_path_depth: settings.max_path_depth,
        }
    }

    /// Checks a URL before it enters the frontier or is fetched (also every redirect hop).
    pub fn check(&self, url: &Url) -> Result<(), Refusal> {
        if !self.in_scope(url) {
            return Err(Refusal::OffScope);
        }
        if is_private_host(url) && !self.private_network_allowed {
            return Err(Refusal::PrivateAddress);
        }
        if self.is_trap(url) {
            return Err(Refusal::Trap);
        }
        Ok(())
    }

    /// On one of the source's origins, or the https upgrade of an http origin.
    pub fn in_scope(&self, url: &Url) -> bool {
        let Some(origin) = Origin::of(url) else {
            return false;
        };
        if self.origins.contains(&origin) {
            return true;
        }
        origin.scheme == "https"
            && origin.port == 443
            && self.origins.contains(&Origin {
                scheme: "http".into(),
                host: origin.host,
                port: 80,
            })
    }

    /// Infinite calendars, session ids and ever-growing paths give away traps by their shape.
    fn is_trap(&self, url: &Url) -> bool {
        if url.as_str().len() > self.max_url_length {
            return true;
        }
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        if segments.len() > self.max_path_depth {
            return true;
        }
        segments
            .iter()
            .any(|s| segments.iter().filter(|t| *t == s).count() > self.max_segment_repeats)
    }
}

/// Loopback, private, link-local or unspecified addresses and `localhost` names.
pub(crate) fn is_private_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => is_private_ip(&IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => is_private_ip(&IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// Addresses a public web page must never make the crawler contact.
pub(crate) fn is_private_ip(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 0
                || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(mapped) = v6.to_ipv4_mapped() {
                return is_private_ip(&IpAddr::V4(mapped));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(urls: &[&str]) -> SourceScope {
        let mut spec = SourceSpec::new("t");
        spec.start_urls = urls.iter().map(|u| Url::parse(u).unwrap()).collect();
        SourceScope::new(&spec, &CrawlerSettings::default())
    }

    #[test]
    fn only_configured_origins_are_in_scope() {
        let s = scope(&["http://news.example/"]);
        assert!(
            s.check(&Url::parse("http://news.example/a").unwrap())
                .is_ok()
        );
        assert!(
            s.check(&Url::parse("https://news.example/a").unwrap())
                .is_ok()
        );
        assert_eq!(
            s.check(&Url::parse("http://other.example/a").unwrap()),
            Err(Refusal::OffScope)
        );
        assert_eq!(
            s.check(&Url::parse("http://news.example:81/a").unwrap()),
            Err(Refusal::OffScope)
        );
    }

    #[test]
    fn repeated_segments_and_long_urls_are_traps() {
        let s = scope(&["http://news.example/"]);
        let looped = Url::parse("http://news.example/a/b/a/b/a/c").unwrap();
        assert_eq!(s.check(&looped), Err(Refusal::Trap));
        let long = Url::parse(&format!("http://news.example/{}", "x".repeat(3000))).unwrap();
        assert_eq!(s.check(&long), Err(Refusal::Trap));
    }

    #[test]
    fn private_addresses_need_a_private_origin() {
        assert!(scope(&["http://127.0.0.1:8080/"]).private_network_allowed);
        assert!(!scope(&["http://news.example/"]).private_network_allowed);
        assert!(is_private_ip(&"10.1.2.3".parse().unwrap()));
        assert!(is_private_ip(&"::ffff:192.168.0.1".parse().unwrap()));
        assert!(!is_private_ip(&"93.184.216.34".parse().unwrap()));
    }
}
