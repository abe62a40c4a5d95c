//! The network (and extraction) half of each unit of work, run concurrently by the engine.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use url::Url;

use crate::analysis::{Analyzer, ArticleRule, PageAnalysis, PageInput, is_html};
use crate::crawler::Inner;
use crate::discovery::UrlKind;
use crate::fetch::{FetchError, Fetched, Validators};
use crate::frontier::FrontierEntry;

/// A unit of network work.
pub(crate) enum Task {
    /// Fetch robots.txt of the entry's origin, then requeue the entry.
    /// Fetch robots.txt of the entry's origin (`url`, after `hops` redirects), then requeue the entry.
    Robots {
        origin: String,
        entry: FrontierEntry,
        url: Url,
        hops: u32,
    },
    Fetch {
        entry: FrontierEntry,
        want_links: bool,
        validators: Option<Validators>,
        rule: ArticleRule,
    },
}

pub(crate) struct TaskDone {
    pub task: Task,
    pub result: Result<Fetched, FetchError>,
    pub analysis: Option<PageAnalysis>,
}

pub(super) type TaskFuture<'f> = Pin<Box<dyn Future<Output = TaskDone> + Send + 'f>>;

pub(super) fn task_source(task: &Task) -> String {
    match task {
        Task::Robots { entry, .. } | Task::Fetch { entry, .. } => entry.source.clone(),
    }
}

/// Runs one task's network (and extraction) work.
pub(super) fn start(inner: &Inner, task: Task, allow_private: bool) -> TaskFuture<'_> {
    Box::pin(async move {
        match task {
            Task::Robots {
                origin,
                entry,
                url,
                hops,
            } => {
                let result = inner.downloader.get(&url, None, allow_private).await;
                TaskDone {
                    task: Task::Robots {
                        origin,
                        entry,
                        url,
                        hops,
                    },
                    result,
                    analysis: None,
                }
            }
            Task::Fetch {
                entry,
                want_links,
                validators,
                rule,
            } => {
                let result = match Url::parse(&entry.url) {
                    Ok(url) => {
                        inner
                            .downloader
                            .get(&url, validators.as_ref(), allow_private)
                            .await
                    }
                    Err(e) => Err(FetchError::Http(e.to_string())),
                };
                let analysis = match &result {
                    Ok(f)
                        if f.status == 200
                            && entry.kind == UrlKind::Page
                            && is_html(f.content_type(), &f.body) =>
                    {
                        analyse(
                            inner.analyzer.clone(),
                            inner.robots_token.clone(),
                            f,
                            want_links,
                            rule,
                        )
                        .await
                    }
                    _ => None,
                };
                TaskDone {
                    task: Task::Fetch {
                        entry,
                        want_links,
                        validators,
                        rule,
                    },
                    result,
                    analysis,
                }
            }
        }
    })
}

async fn analyse(
    analyzer: Arc<Analyzer>,
    robots_token: String,
    fetched: &Fetched,
    want_links: bool,
    rule: ArticleRule,
) -> Option<PageAnalysis> {
    let body = fetched.body.clone();
    let content_type = fetched.content_type().map(str::to_string);
    let x_robots_tag = fetched.header("x-robots-tag").map(str::to_string);
    let url = fetched.url.clone();
    tokio::task::spawn_blocking(move || {
        analyzer.analyse(&PageInput {
            body: &body,
            content_type: content_type.as_deref(),
            x_robots_tag: x_robots_tag.as_deref(),
            url: &url,
            want_links,
            rule,
            robots_token: &robots_token,
        })
    })
    .await
    .ok()
}
