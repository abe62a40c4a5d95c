//! SQL fragments both baselines share: the filter flags and the disjunctive
//! facet condition over the normalised facet tables.
//!
//! Tables (same shape in both engines):
//!
//! ```sql
//! facet_value(id, kind, value)           -- dictionary, UNIQUE (kind, value)
//! article_facet(article, kind, value_id) -- PRIMARY KEY (article, kind, value_id),
//!                                        -- INDEX (value_id, article)
//! ```
//!
//! A request is answered in one statement over the match set materialised once
//! (`hits`). Each filter becomes a boolean column `f<i>` of `hits` (an index-only
//! probe of `article_facet`'s primary key); the total and the first page use the
//! rows with every flag set, and the facet counts use one `GROUP BY` over
//! `hits ⋈ article_facet` whose condition depends on the row's facet: a facet
//! with a filter is counted over the rows that pass the *other* filters
//! (disjunctive, as gazette's API counts), the rest over the rows that pass all.
//! One scan of the match set thus yields every count a multi-statement version
//! would need one match-set evaluation per filtered facet for.

use crate::baselines::answer::{FACET_LIMIT, facet_code};
use crate::workload::FacetKind;

/// How a dialect writes the n-th (1-based) bound parameter.
#[derive(Debug, Clone, Copy)]
pub enum Placeholder {
    /// `?1`
    Question,
    /// `$1`
    Dollar,
}

impl Placeholder {
    fn nth(self, n: usize) -> String {
        match self {
            Placeholder::Question => format!("?{n}"),
            Placeholder::Dollar => format!("${n}"),
        }
    }
}

/// The filter-dependent parts of a search statement.
#[derive(Debug, Clone)]
pub struct FilterSql {
    /// Select-list entries `, EXISTS (...) AS f0, ...` (empty without filters).
    pub flag_columns: String,
    /// The flags themselves (`EXISTS (...) AND ...`) for use outside `hits`
    /// (`TRUE` without filters).
    pub inline_all: String,
    /// Every filter holds, over `hits` columns: `f0 AND f1` (`TRUE` without filters).
    pub all: String,
    /// Rows of `hits` that can count for some facet: with two or more filters,
    /// those failing at most one (`TRUE` otherwise). It prunes the join before
    /// the per-facet condition is tested.
    pub candidates: String,
    /// The disjunctive condition for a row of `article_facet af` joined to `hits`.
    pub disjunctive: String,
}

/// Builds the filter parts for `filters` (one value per facet, as in the mix);
/// the filter values are bound as parameters `first_param`, `first_param + 1`, …
/// and `row_id` is the expression for the matching article's id inside `hits`.
pub fn filter_sql(
    filters: &[(FacetKind, String)],
    row_id: &str,
    placeholder: Placeholder,
    first_param: usize,
) -> FilterSql {
    let probes: Vec<String> = filters
        .iter()
        .enumerate()
        .map(|(i, (kind, _))| {
            let code = facet_code(*kind);
            let value = placeholder.nth(first_param + i);
            format!(
                "EXISTS (SELECT 1 FROM article_facet x WHERE x.article = {row_id} \
                 AND x.kind = {code} AND x.value_id = \
                 (SELECT id FROM facet_value WHERE kind = {code} AND value = {value}))"
            )
        })
        .collect();
    let flag_columns: String = probes
        .iter()
        .enumerate()
        .map(|(i, probe)| format!(", {probe} AS f{i}"))
        .collect();
    let flags_except = |skip: Option<usize>| {
        let kept: Vec<String> = (0..filters.len())
            .filter(|i| Some(*i) != skip)
            .map(|i| format!("f{i}"))
            .collect();
        conjunction(&kept)
    };
    let all = flags_except(None);
    let disjunctive = if filters.is_empty() {
        "TRUE".to_string()
    } else {
        let arms: String = filters
            .iter()
            .enumerate()
            .map(|(i, (kind, _))| {
                format!(" WHEN {} THEN {}", facet_code(*kind), flags_except(Some(i)))
            })
            .collect();
        format!("(CASE af.kind{arms} ELSE {all} END)")
    };
    let candidates = if filters.len() < 2 {
        "TRUE".to_string()
    } else {
        let passed: Vec<String> = (0..filters.len())
            .map(|i| format!("(CASE WHEN f{i} THEN 1 ELSE 0 END)"))
            .collect();
        format!("({} >= {})", passed.join(" + "), filters.len() - 1)
    };
    FilterSql {
        flag_columns,
        inline_all: conjunction(&probes),
        all,
        candidates,
        disjunctive,
    }
}

fn conjunction(terms: &[String]) -> String {
    if terms.is_empty() {
        "TRUE".to_string()
    } else {
        terms.join(" AND ")
    }
}

/// The common tail of a search statement: the `counts` and `ranked` CTEs
/// (to follow `hits`), the top [`FACET_LIMIT`] values of each facet.
///
/// Counts are grouped by `value_id` alone (ids are unique across facets): a
/// one-integer key sorts (SQLite) or hashes (PostgreSQL) faster than
/// `(kind, value_id)`, and the facet comes from the dictionary afterwards.
pub fn facet_ctes(filter: &FilterSql) -> String {
    format!(
        "counts AS (SELECT af.value_id AS value_id, count(*) AS n \
           FROM hits h JOIN article_facet af ON af.article = h.id \
           WHERE {candidates} AND {disjunctive} GROUP BY af.value_id), \
         ranked AS (SELECT fv.kind AS kind, fv.value AS value, c.n AS n, \
           row_number() OVER (PARTITION BY fv.kind ORDER BY c.n DESC, c.value_id) AS r \
           FROM counts c JOIN facet_value fv ON fv.id = c.value_id)",
        candidates = filter.candidates,
        disjunctive = filter.disjunctive
    )
}

/// The facet branch of the final `UNION ALL`: `(2, kind, count, value, NULL, NULL)`.
pub fn facet_rows(int8: &str, text: &str) -> String {
    format!(
        "SELECT 2, CAST(kind AS {int8}), CAST(n AS {int8}), value, CAST(NULL AS {text}), \
           CAST(NULL AS {text}) FROM ranked WHERE r <= {FACET_LIMIT}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filtered_facet_is_counted_without_its_own_filter() {
        let filters = vec![
            (FacetKind::Country, "FR".to_string()),
            (FacetKind::Source, "Daily".to_string()),
        ];
        let sql = filter_sql(&filters, "a.id", Placeholder::Dollar, 2);
        assert_eq!(sql.all, "f0 AND f1");
        assert_eq!(
            sql.disjunctive,
            format!(
                "(CASE af.kind WHEN {} THEN f1 WHEN {} THEN f0 ELSE f0 AND f1 END)",
                facet_code(FacetKind::Country),
                facet_code(FacetKind::Source)
            )
        );
        assert_eq!(
            sql.candidates,
            "((CASE WHEN f0 THEN 1 ELSE 0 END) + (CASE WHEN f1 THEN 1 ELSE 0 END) >= 1)"
        );
        assert!(sql.flag_columns.contains("value = $2"));
        assert!(sql.flag_columns.contains("value = $3"));
    }

    #[test]
    fn no_filters_means_every_row_counts() {
        let sql = filter_sql(&[], "f.rowid", Placeholder::Question, 2);
        assert_eq!(sql.all, "TRUE");
        assert_eq!(sql.disjunctive, "TRUE");
        assert_eq!(sql.candidates, "TRUE");
        assert!(sql.flag_columns.is_empty());
    }
}
