//! The frontier (Scrapy's scheduler): URLs waiting to be fetched, queued per host so that
//! each host sees one request at a time with a delay between requests, while different
//! hosts are fetched in parallel.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::discovery::{PageHint, UrlKind};

/// One URL to fetch for one source; persisted in the state store until done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FrontierEntry {
    pub source: String,
    /// Normalised URL.
    pub url: String,
    pub kind: UrlKind,
    /// Link hops from an entry point.
    pub depth: u32,
    #[serde(default)]
    pub hint: PageHint,
    /// URLs that redirected here, oldest first (redirect loop and hop-limit checks).
    #[serde(default)]
    pub redirected_from: Vec<String>,
    #[serde(default)]
    pub attempts: u32,
}

#[derive(Debug)]
struct HostQueue {
    waiting: VecDeque<(FrontierEntry, Option<Instant>)>,
    busy: bool,
    next_allowed: Instant,
    delay: Duration,
}

/// Per-host queues and politeness clocks.
#[derive(Debug)]
pub(crate) struct Frontier {
    hosts: HashMap<String, HostQueue>,
    default_delay: Duration,
    len: usize,
}

/// The politeness key of a URL: its host (all schemes and ports share one host's capacity).
pub(crate) fn host_key(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

impl Frontier {
    pub fn new(default_delay: Duration) -> Self {
        Frontier {
            hosts: HashMap::new(),
            default_delay,
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn push(&mut self, entry: FrontierEntry) {
        self.push_at(entry, None);
    }

    /// Queues an entry that must not start before `not_before` (retry back-off).
    pub fn push_at(&mut self, entry: FrontierEntry, not_before: Option<Instant>) {
        let now = Instant::now();
        let delay = self.default_delay;
        let host = self
            .hosts
            .entry(host_key(&entry.url))
            .or_insert_with(|| HostQueue {
                waiting: VecDeque::new(),
                busy: false,
                next_allowed: now,
                delay,
            });
        // Feeds and sitemaps go first: they are what discovers the rest.
        if entry.kind == UrlKind::Page || not_before.is_some() {
            host.waiting.push_back((entry, not_before));
        } else {
            host.waiting.push_front((entry, not_before));
        }
        self.len += 1;
    }

    /// An entry whose host is idle and due, marking the host busy until [`Self::release`].
    pub fn pop_ready(&mut self, now: Instant) -> Option<FrontierEntry> {
        for host in self.hosts.values_mut() {
            if host.busy || host.next_allowed > now {
                continue;
            }
            let due = host
                .waiting
                .iter()
                .position(|(_, nb)| nb.is_none_or(|t| t <= now));
            if let Some(entry) = due.and_then(|i| host.waiting.remove(i)).map(|(e, _)| e) {
                host.busy = true;
                self.len -= 1;
                return Some(entry);
            }
        }
        None
    }

    /// When the next entry becomes due (if any host is idle with work).
    pub fn next_due(&self) -> Option<Instant> {
        self.hosts
            .values()
            .filter(|h| !h.busy)
            .filter_map(|h| {
                let earliest = h
                    .waiting
                    .iter()
                    .map(|(_, nb)| nb.unwrap_or(h.next_allowed))
                    .min()?;
                Some(earliest.max(h.next_allowed))
            })
            .min()
    }

    /// Ends a host's request: the next one may start after the host's delay.
    pub fn release(&mut self, host: &str, now: Instant) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.busy = false;
            h.next_allowed = now + h.delay;
        }
    }

    /// Ends a host's turn without a request having been made (e.g. robots.txt said no).
    pub fn release_unused(&mut self, host: &str) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.busy = false;
        }
    }

    /// Puts an entry back at the head of its host's queue (after fetching robots.txt).
    pub fn requeue_front(&mut self, entry: FrontierEntry) {
        let key = host_key(&entry.url);
        if let Some(h) = self.hosts.get_mut(&key) {
            h.waiting.push_front((entry, None));
            self.len += 1;
        } else {
            self.push(entry);
        }
    }

    /// Raises a host's delay (robots.txt Crawl-delay); never lowers it below the default.
    pub fn set_delay(&mut self, host: &str, delay: Duration) {
        if let Some(h) = self.hosts.get_mut(host) {
            h.delay = delay.max(self.default_delay);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str) -> FrontierEntry {
        FrontierEntry {
            source: "s".into(),
            url: url.into(),
            kind: UrlKind::Page,
            depth: 0,
            hint: PageHint::default(),
            redirected_from: Vec::new(),
            attempts: 0,
        }
    }

    #[test]
    fn one_request_per_host_with_a_delay() {
        let mut f = Frontier::new(Duration::from_secs(5));
        f.push(entry("http://a.org/1"));
        f.push(entry("http://a.org/2"));
        f.push(entry("http://b.org/1"));
        let now = Instant::now();
        let first = f.pop_ready(now).unwrap();
        let second = f.pop_ready(now).unwrap();
        assert_ne!(host_key(&first.url), host_key(&second.url));
        assert!(f.pop_ready(now).is_none(), "both hosts are busy");
        f.release("a.org", now);
        assert!(f.pop_ready(now).is_none(), "a.org must wait its delay");
        assert_eq!(f.next_due(), Some(now + Duration::from_secs(5)));
        assert_eq!(
            f.pop_ready(now + Duration::from_secs(5)).unwrap().url,
            "http://a.org/2"
        );
        assert_eq!(f.len(), 0);
    }
}
