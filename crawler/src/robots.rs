//! robots.txt per RFC 9309, parsed by `texting_robots`, with the status-code rules the
//! parser leaves to the caller: 4xx means no restrictions, 5xx or an unreachable server
//! means "disallow everything for now" (this job).

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// The robots.txt verdict for one origin.
pub(crate) enum RobotsPolicy {
    AllowAll,
    DisallowAll,
    Rules(Box<Robot>),
}

impl std::fmt::Debug for RobotsPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RobotsPolicy::AllowAll => f.write_str("AllowAll"),
            RobotsPolicy::DisallowAll => f.write_str("DisallowAll"),
            RobotsPolicy::Rules(r) => write!(f, "Rules({r:?})"),
        }
    }
}

impl RobotsPolicy {
    /// Builds the policy from the outcome of fetching `/robots.txt`: `None` when the
    /// server could not be reached.
    pub fn from_response(status: Option<u16>, body: &[u8], user_agent: &str) -> Self {
        match status {
            Some(200..=299) => match Robot::new(&product_token(user_agent), body) {
                Ok(robot) => RobotsPolicy::Rules(Box::new(robot)),
                Err(_) => RobotsPolicy::AllowAll,
            },
            // 429 asks us to slow down: like a server error, it allows nothing for now.
            Some(429) => RobotsPolicy::DisallowAll,
            Some(400..=499) => RobotsPolicy::AllowAll,
            _ => RobotsPolicy::DisallowAll,
        }
    }

    pub fn allowed(&self, url: &Url) -> bool {
        match self {
            RobotsPolicy::AllowAll => true,
            RobotsPolicy::DisallowAll => false,
            RobotsPolicy::Rules(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The Crawl-delay of our user-agent group, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsPolicy::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(600.0))),
            _ => None,
        }
    }

    /// `Sitemap:` lines, which apply to every crawler.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            RobotsPolicy::Rules(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

/// Page-level robots directives (`<meta name="robots">`, `X-Robots-Tag`): `noindex` keeps
/// a page out of the archive, `nofollow` keeps its links out of the frontier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RobotsDirectives {
    pub noindex: bool,
    pub nofollow: bool,
}

impl RobotsDirectives {
    /// Adds the directives of one comma-separated list (`"noindex, nofollow"`, `"none"`).
    pub fn add(&mut self, list: &str) {
        for directive in list.split(',').map(|d| d.trim().to_ascii_lowercase()) {
            match directive.as_str() {
                "noindex" => self.noindex = true,
                "nofollow" => self.nofollow = true,
                "none" => (self.noindex, self.nofollow) = (true, true),
                _ => {}
            }
        }
    }

    /// Adds an `X-Robots-Tag` value; one addressed to another crawler (`otherbot: noindex`)
    /// is ignored.
    pub fn add_header(&mut self, value: &str, token: &str) {
        match value.split_once(':') {
            Some((agent, list)) if !agent.contains(',') && !agent.trim().contains(' ') => {
                // `unavailable_after: <date>` also has this shape; it names no agent of ours.
                if agent.trim().eq_ignore_ascii_case(token) {
                    self.add(list);
                }
            }
            _ => self.add(value),
        }
    }
}

/// The robots.txt product token of a User-Agent header: `gazette/0.1 (+...)` -> `gazette`.
pub(crate) fn product_token(user_agent: &str) -> String {
    user_agent
        .split(|c: char| c == '/' || c.is_whitespace())
        .next()
        .unwrap_or(user_agent)
        .to_ascii_lowercase()
}

/// The robots.txt URL of a page's origin.
pub(crate) fn robots_url(url: &Url) -> Option<Url> {
    let mut robots = url.join("/robots.txt").ok()?;
    robots.set_query(None);
    robots.set_fragment(None);
    Some(robots)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &[u8] = b"User-agent: *\nDisallow: /\n\nUser-agent: gazette\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://e.org/s.xml\n";

    #[test]
    fn our_group_applies_with_its_crawl_delay() {
        let p = RobotsPolicy::from_response(Some(200), TXT, "gazette/0.1 (+http://x)");
        assert!(p.allowed(&Url::parse("http://e.org/news/1").unwrap()));
        assert!(!p.allowed(&Url::parse("http://e.org/private/1").unwrap()));
        assert_eq!(p.crawl_delay(), Some(Duration::from_secs(2)));
        assert_eq!(p.sitemaps(), ["http://e.org/s.xml"]);
    }

    #[test]
    fn page_directives_apply_to_everyone_or_to_us() {
        let mut d = RobotsDirectives::default();
        d.add_header("otherbot: noindex", "gazette");
        assert_eq!(d, RobotsDirectives::default());
        d.add_header("gazette: nofollow", "gazette");
        assert!(d.nofollow && !d.noindex);
        d.add_header("NONE", "gazette");
        assert!(d.noindex);
    }

    #[test]
    fn status_codes_follow_rfc_9309() {
        let u = Url::parse("http://e.org/a").unwrap();
        assert!(RobotsPolicy::from_response(Some(404), b"", "g").allowed(&u));
        assert!(!RobotsPolicy::from_response(Some(503), b"", "g").allowed(&u));
        assert!(!RobotsPolicy::from_response(Some(429), b"", "g").allowed(&u));
        assert!(!RobotsPolicy::from_response(None, b"", "g").allowed(&u));
    }
}
