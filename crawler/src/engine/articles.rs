//! The article stage: build the [`Article`] from an extracted page, decide whether it is
//! new, updated, unchanged or a duplicate of one already stored, and queue it for the
//! sink (articles are handed over at the next checkpoint, so repeated updates of one
//! article inside a checkpoint reach the sink once).

use gazette_article::{Article, DateSource, id_from_url};
use url::Url;

use super::Run;
use crate::analysis::{ArticleRule, PageAnalysis};
use crate::dedup::{MIN_WORDS_FOR_NEAR_DUP, content_hash, hamming, simhash, word_count};
use crate::error::CrawlError;
use crate::fetch::Fetched;
use crate::frontier::FrontierEntry;
use crate::normalize::normalize_url;

/// What became of an article candidate.
enum Verdict {
    New,
    Updated,
    Unchanged,
    /// The same article (or a near-identical copy) is stored under this id.
    DuplicateOf(String),
}

impl Run<'_> {
    /// Turns an analysed page into an article if it is one; returns the id it is stored under.
    pub(crate) fn accept_article(
        &mut self,
        entry: &FrontierEntry,
        fetched: &Fetched,
        record_id: &str,
        page: PageAnalysis,
        rule: ArticleRule,
    ) -> Result<Option<String>, CrawlError> {
        let Some(job) = self.jobs.get(&entry.source) else {
            return Ok(None);
        };
        let url = entry.url.as_str();
        let is_article = page.is_article(rule);
        if !is_article {
            return Ok(None);
        }
        let mut article = build_article(
            &fetched.url,
            page,
            entry,
            &job.spec.name,
            record_id,
            fetched,
        );
        if let Some(canonical) = &article.canonical_url
            && job.spec.deny.iter().any(|r| r.is_match(canonical))
        {
            return Ok(None);
        }
        let fingerprint = simhash(&article.text);
        let verdict = self.judge(&article, fingerprint)?;
        let inner = self.inner;
        let state = &inner.state;
        let Some(job) = self.jobs.get_mut(&entry.source) else {
            return Ok(None);
        };
        let id = match verdict {
            Verdict::New | Verdict::Updated => {
                let is_new = matches!(verdict, Verdict::New);
                if let Some(previous) = state.article(&self.batch, &article.id)? {
                    merge_urls(
                        &mut article.duplicate_urls,
                        &previous.duplicate_urls,
                        article.url.as_deref(),
                    );
                }
                if is_new {
                    job.stats.articles_new += 1;
                    crate::report::record_counter("gazette_crawler_articles_new_total");
                } else {
                    job.stats.articles_updated += 1;
                    crate::report::record_counter("gazette_crawler_articles_updated_total");
                }
                self.observer.article(&article, is_new);
                if let Some(hash) = &article.content_hash {
                    self.batch
                        .content_hashes
                        .insert(hash.clone(), article.id.clone());
                }
                if word_count(&article.text) >= MIN_WORDS_FOR_NEAR_DUP {
                    self.batch.simhashes.insert(article.id.clone(), fingerprint);
                }
                let id = article.id.clone();
                self.batch.articles.insert(id.clone(), article);
                id
            }
            Verdict::Unchanged => {
                job.stats.articles_unchanged += 1;
                article.id
            }
            Verdict::DuplicateOf(original_id) => {
                job.stats.dedup_hits += 1;
                crate::report::record_counter("gazette_crawler_dedup_hits_total");
                if let Some(mut original) = state.article(&self.batch, &original_id)? {
                    let mut aliases = vec![url.to_string()];
                    // The canonical page itself, met after a copy of it, becomes the
                    // article's URL and the copy's URL becomes the alias.
                    if original.id == article.id
                        && article.canonical_url.as_deref() == Some(url)
                        && let Some(previous) = original.url.replace(url.to_string())
                    {
                        aliases = vec![previous];
                    }
                    aliases.extend(entry.redirected_from.iter().cloned());
                    let before = (original.url.clone(), original.duplicate_urls.len());
                    let own = original.url.clone();
                    original.duplicate_urls.retain(|u| Some(u) != own.as_ref());
                    merge_urls(&mut original.duplicate_urls, &aliases, own.as_deref());
                    if (original.url.clone(), original.duplicate_urls.len()) != before {
                        self.batch.articles.insert(original_id.clone(), original);
                    }
                }
                original_id
            }
        };
        Ok(Some(id))
    }

    /// Same id (same canonical URL) -> new/updated/unchanged by content; otherwise an
    /// exact or near-duplicate of another article is a duplicate.
    fn judge(&self, article: &Article, fingerprint: u64) -> Result<Verdict, CrawlError> {
        let state = &self.inner.state;
        let hash = article.content_hash.clone().unwrap_or_default();
        if let Some(existing) = state.article(&self.batch, &article.id)? {
            if existing.content_hash.as_deref() == Some(hash.as_str()) {
                let seen_here = existing.url == article.url
                    || existing
                        .duplicate_urls
                        .iter()
                        .any(|u| Some(u) == article.url.as_ref());
                // The same article under a second URL (canonical duplicate) is a dedup hit.
                return Ok(if seen_here {
                    Verdict::Unchanged
                } else {
                    Verdict::DuplicateOf(existing.id)
                });
            }
            return Ok(Verdict::Updated);
        }
        if let Some(id) = state.article_by_hash(&self.batch, &hash)?
            && id != article.id
        {
            return Ok(Verdict::DuplicateOf(id));
        }
        if word_count(&article.text) >= MIN_WORDS_FOR_NEAR_DUP {
            let threshold = self.inner.settings.near_duplicate_distance;
            let near = state
                .simhash_candidates(&self.batch, fingerprint)?
                .into_iter()
                .filter(|(id, h)| *id != article.id && hamming(*h, fingerprint) <= threshold)
                .min_by_key(|(_, h)| hamming(*h, fingerprint));
            if let Some((id, _)) = near {
                return Ok(Verdict::DuplicateOf(id));
            }
        }
        Ok(Verdict::New)
    }
}

/// Adds `extra` URLs to `urls`, skipping the article's own URL and ones already listed.
fn merge_urls(urls: &mut Vec<String>, extra: &[String], own: Option<&str>) {
    for u in extra {
        if Some(u.as_str()) != own && !urls.contains(u) {
            urls.push(u.clone());
        }
    }
}

/// The publisher's canonical URL, accepted only on the page's own host and off the home page
/// (sites often point every page's canonical at the home page, or at a partner site).
fn accepted_canonical(page_url: &Url, canonical: Option<&str>) -> Option<Url> {
    let canonical = page_url.join(canonical?.trim()).ok()?;
    let canonical = normalize_url(&canonical)?;
    let same_host = canonical.host_str().map(str::to_ascii_lowercase)
        == page_url.host_str().map(str::to_ascii_lowercase);
    (same_host && canonical.path() != "/").then_some(canonical)
}

fn build_article(
    page_url: &Url,
    page: PageAnalysis,
    entry: &FrontierEntry,
    source: &str,
    record_id: &str,
    fetched: &Fetched,
) -> Article {
    let canonical = accepted_canonical(page_url, page.canonical_url.as_deref());
    let identity = canonical.as_ref().map_or(entry.url.clone(), Url::to_string);
    let title = if page.title.trim().is_empty() {
        entry.hint.title.clone().unwrap_or_default()
    } else {
        page.title
    };
    let mut article = Article::new(title, page.text);
    article.id = id_from_url(&identity);
    article.url = Some(entry.url.clone());
    article.canonical_url = canonical.map(|c| c.to_string());
    match (page.published, entry.hint.published) {
        (Some(date), _) => {
            article.published = Some(date);
            article.published_source = page.published_source;
        }
        (None, Some(date)) => {
            article.published = Some(date);
            article.published_source = Some(if entry.hint.date_from_sitemap {
                DateSource::Sitemap
            } else {
                DateSource::Feed
            });
        }
        (None, None) => {}
    }
    article.modified = page.modified;
    article.byline = page.byline;
    article.site_name = page.site_name;
    article.source = Some(source.to_string());
    article.section = page.section;
    article.language = page.language;
    article.image = page.image;
    article.countries = page.countries;
    article.topics = page.topics;
    article.quotes = page.quotes;
    article.fetched = Some(fetched.fetched_at);
    article.content_hash = Some(content_hash(&article.text));
    article.warc_record = Some(record_id.to_string());
    let own = article.url.clone();
    merge_urls(
        &mut article.duplicate_urls,
        &entry.redirected_from,
        own.as_deref(),
    );
    article
}
