//! Turning the page's filter values into the codes the index matches.
//!
//! Checkboxes send codes (`AZ`, `medtop:11000000`), but a hand-written or older link
//! may name a country or topic instead (`country=Azerbaijan`), as the API allows. Both
//! are resolved as the API resolves them, through the tagger's gazetteer and IPTC
//! taxonomy; a value that names no country or topic is reported to the reader (a 400
//! page) rather than silently giving zero results. Experts and sources are names
//! already and pass through as they are.

use gazette_index::Filters;

use super::form::{FacetField, SearchForm};
use crate::server::AppState;

/// The index filters for a form, or `None` after adding a sentence per unknown value.
pub fn resolve_filters(
    state: &AppState,
    form: &SearchForm,
    problems: &mut Vec<String>,
) -> Option<Filters> {
    let mut filters = Filters {
        from: form.from,
        to: form.to,
        ..Filters::default()
    };
    let before = problems.len();
    for value in form.filters(FacetField::Country) {
        match state.enricher.gazetteer().resolve(value) {
            Some((code, _name)) => filters.countries.push(code.to_owned()),
            None => problems.push(format!(
                "“{value}” is not a country gazette knows; \
                 give an ISO code (AZ) or an English name (Azerbaijan)."
            )),
        }
    }
    for value in form.filters(FacetField::Topic) {
        match state.enricher.taxonomy().resolve(value) {
            Some(code) => filters.topics.push(code.to_string()),
            None => problems.push(format!(
                "“{value}” is not an IPTC topic; pick one from the Topic list, \
                 or give a code (medtop:11000000) or a label (politics)."
            )),
        }
    }
    filters.experts = form.filters(FacetField::Expert).to_vec();
    filters.sources = form.filters(FacetField::Source).to_vec();
    (problems.len() == before).then_some(filters)
}
