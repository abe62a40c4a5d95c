//! `gazette search QUERY [filters]`: the API's search from the terminal.

use std::io::Write;

use chrono::NaiveDate;
use gazette_enrich::Enricher;
use gazette_index::{QueryMode, SearchRequest, SortOrder};

use super::{Env, UsageError};
use crate::cli::{SearchArgs, SortArg};

pub fn run(env: &Env, args: &SearchArgs) -> anyhow::Result<()> {
    let request = request(args)?;
    let index = env.open_index()?;
    let results = index.search(&request).map_err(|e| {
        if e.is_caller_error() {
            anyhow::Error::new(UsageError(e.to_string()))
        } else {
            anyhow::Error::new(e)
        }
    })?;
    match print(&results, args.json) {
        // `gazette search ... | head` closing the pipe early is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn print(results: &gazette_index::SearchResults, json: bool) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, results)?;
        writeln!(out)?;
        return out.flush();
    }
    writeln!(out, "{} matches ({} ms)", results.total, results.took_ms)?;
    for hit in &results.hits {
        let date = hit
            .published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "----------".into());
        let source = hit.source.as_deref().unwrap_or("");
        writeln!(out, "{date}  {:<60}  {source}  [{}]", hit.title, hit.id)?;
    }
    out.flush()
}

/// Turns the command line into an index request, resolving country names and
/// topic labels to codes as the API does.
fn request(args: &SearchArgs) -> Result<SearchRequest, UsageError> {
    let enricher = Enricher::new();
    let mut request = SearchRequest::new(args.query.clone());
    request.mode = if args.simple {
        QueryMode::Simple
    } else {
        QueryMode::Query
    };
    request.sort = match args.sort {
        SortArg::Relevance => SortOrder::Relevance,
        SortArg::Newest => SortOrder::Newest,
        SortArg::Oldest => SortOrder::Oldest,
        SortArg::Hybrid => SortOrder::Hybrid,
    };
    request.page = args.page.max(1);
    request.per_page = args.per_page.clamp(1, 100);
    let filters = &mut request.filters;
    for value in &args.country {
        let (code, _) = enricher.gazetteer().resolve(value).ok_or_else(|| {
            UsageError(format!("--country {value:?} is not a country code or name"))
        })?;
        filters.countries.push(code.to_owned());
    }
    for value in &args.topic {
        let code = enricher.taxonomy().resolve(value).ok_or_else(|| {
            UsageError(format!(
                "--topic {value:?} is not an IPTC Media Topic code or label"
            ))
        })?;
        filters.topics.push(code.to_owned());
    }
    filters.experts = args.expert.clone();
    filters.sources = args.source.clone();
    filters.from = args.from.as_deref().map(|d| day("--from", d)).transpose()?;
    filters.to = args.to.as_deref().map(|d| day("--to", d)).transpose()?;
    Ok(request)
}

fn day(flag: &str, value: &str) -> Result<NaiveDate, UsageError> {
    let prefix = value.get(..10).unwrap_or(value);
    NaiveDate::parse_from_str(prefix, "%Y-%m-%d")
        .map_err(|_| UsageError(format!("{flag} {value:?} is not a date (YYYY-MM-DD)")))
}
