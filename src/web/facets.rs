//! The filter sidebar: one box of checkboxes per facet, and the chips of what is selected.
//!
//! The checkboxes belong to the search form (`form="search"`), so ticking a few and
//! pressing "Apply filters" works without JavaScript; the script only submits on change.
//! Counts are the index's disjunctive counts: a facet's numbers ignore its own selection,
//! so ticking a second country widens the results as the numbers promise. A selected
//! value the index did not list (cut by the facet limit, or no longer matching) is
//! still shown, checked, so that submitting the form never drops a filter silently.

use std::collections::HashMap;

use gazette_index::{FacetValue, Facets};

use super::form::{FacetField, SearchForm, facet_title};

/// Values shown before the "Show more" disclosure.
const SHOWN_BEFORE_MORE: usize = 8;
/// From this many values on, a box gets a type-to-filter input (when JS is on).
const FILTER_BOX_FROM: usize = 10;
/// Deepest indentation the stylesheet has a class for.
const MAX_DEPTH: usize = 3;

/// One facet's box in the sidebar.
#[derive(Debug, Clone)]
pub struct FacetBox {
    pub param: &'static str,
    pub title: &'static str,
    /// The values shown at once.
    pub top: Vec<FacetItem>,
    /// The rest, behind "Show more".
    pub more: Vec<FacetItem>,
    /// Whether "Show more" starts open (a selected value is hidden in it).
    pub open_more: bool,
    pub filterable: bool,
}

/// One checkbox.
#[derive(Debug, Clone)]
pub struct FacetItem {
    /// Unique element id, for the `<label for>`.
    pub id: String,
    pub value: String,
    pub label: String,
    pub count: u64,
    pub checked: bool,
    /// Nesting level in the topic tree (0 for flat facets).
    pub depth: usize,
}

/// A selected filter shown above the results; following the link removes it.
#[derive(Debug, Clone)]
pub struct SelectedChip {
    pub label: String,
    pub href: String,
}

fn values_of(facets: &Facets, field: FacetField) -> &[FacetValue] {
    match field {
        FacetField::Country => &facets.country,
        FacetField::Topic => &facets.topic,
        FacetField::Expert => &facets.expert,
        FacetField::Source => &facets.source,
    }
}

/// The four facet boxes for a search response.
pub fn facet_boxes(facets: &Facets, form: &SearchForm) -> Vec<FacetBox> {
    FacetField::ALL
        .into_iter()
        .map(|field| facet_box(field, values_of(facets, field), form.filters(field)))
        .collect()
}

fn facet_box(field: FacetField, values: &[FacetValue], selected: &[String]) -> FacetBox {
    let ordered = if field == FacetField::Topic {
        tree_order(values)
    } else {
        values.iter().map(|v| (v, 0)).collect()
    };
    let mut items: Vec<FacetItem> = ordered
        .into_iter()
        .map(|(value, depth)| FacetItem {
            id: String::new(),
            value: value.value.clone(),
            label: if value.label.is_empty() {
                value.value.clone()
            } else {
                value.label.clone()
            },
            count: value.count,
            checked: selected.iter().any(|s| same_value(field, s, value)),
            depth: depth.min(MAX_DEPTH),
        })
        .collect();
    let unlisted = selected
        .iter()
        .filter(|s| !values.iter().any(|v| same_value(field, s, v)));
    for missing in unlisted {
        items.insert(
            0,
            FacetItem {
                id: String::new(),
                value: missing.clone(),
                label: missing.clone(),
                count: 0,
                checked: true,
                depth: 0,
            },
        );
    }
    for (n, item) in items.iter_mut().enumerate() {
        item.id = format!("f-{}-{n}", field.name());
    }
    let filterable = items.len() >= FILTER_BOX_FROM;
    let more = items.split_off(SHOWN_BEFORE_MORE.min(items.len()));
    FacetBox {
        param: field.name(),
        title: facet_title(field),
        open_more: more.iter().any(|i| i.checked),
        filterable,
        top: items,
        more,
    }
}

/// A selected value matches a listed one by code or, as typed in a URL, by label.
fn same_value(field: FacetField, selected: &str, value: &FacetValue) -> bool {
    same_text(selected, &value.value)
        || (field != FacetField::Expert && same_text(selected, &value.label))
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Orders topics depth-first, each child after its parent; a value whose parent is not
/// in the list is a root. Siblings keep the index's order (by count).
fn tree_order(values: &[FacetValue]) -> Vec<(&FacetValue, usize)> {
    let listed: HashMap<&str, usize> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.value.as_str(), i))
        .collect();
    let parent_of = |v: &FacetValue| -> Option<usize> {
        let parent = v.parent.as_deref()?;
        (parent != v.value).then(|| listed.get(parent).copied())?
    };
    let mut out = Vec::with_capacity(values.len());
    let mut placed = vec![false; values.len()];
    let mut stack: Vec<(usize, usize)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| parent_of(v).is_none())
        .map(|(i, _)| (i, 0))
        .rev()
        .collect();
    while let Some((i, depth)) = stack.pop() {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        out.push((&values[i], depth));
        let children = values
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, v)| parent_of(v) == Some(i));
        for (child, _) in children {
            stack.push((child, depth + 1));
        }
    }
    // Values caught in a parent cycle are never reached from a root: list them flat.
    out.extend(
        values
            .iter()
            .zip(placed)
            .filter(|(_, placed)| !placed)
            .map(|(v, _)| (v, 0)),
    );
    out
}

/// The chips for every selected facet value and the date range, each linking to the
/// same search without it. Labels come from the facet lists when the value is there.
pub fn selected_chips(facets: &Facets, form: &SearchForm) -> Vec<SelectedChip> {
    let mut chips = Vec::new();
    for field in FacetField::ALL {
        let values = values_of(facets, field);
        for selected in form.filters(field) {
            let label = values
                .iter()
                .find(|v| same_value(field, selected, v) && !v.label.is_empty())
                .map_or(selected.as_str(), |v| v.label.as_str());
            chips.push(SelectedChip {
                label: format!("{}: {label}", facet_title(field)),
                href: form.toggled(field, selected).href(),
            });
        }
    }
    if form.from.is_some() || form.to.is_some() {
        let from = form.from.map_or_else(|| "…".to_owned(), |d| d.to_string());
        let to = form.to.map_or_else(|| "…".to_owned(), |d| d.to_string());
        chips.push(SelectedChip {
            label: format!("Date: {from} – {to}"),
            href: form.with_dates(None, None).href(),
        });
    }
    chips
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(code: &str, parent: Option<&str>, count: u64) -> FacetValue {
        FacetValue {
            value: code.into(),
            label: format!("label {code}"),
            count,
            parent: parent.map(Into::into),
        }
    }

    #[test]
    fn topics_nest_children_under_their_parents() {
        let values = [
            value("b1", Some("b"), 9),
            value("a", None, 8),
            value("b", None, 7),
            value("a1", Some("a"), 5),
            value("orphan", Some("missing"), 1),
        ];
        let order: Vec<(&str, usize)> = tree_order(&values)
            .into_iter()
            .map(|(v, d)| (v.value.as_str(), d))
            .collect();
        assert_eq!(
            order,
            [("a", 0), ("a1", 1), ("b", 0), ("b1", 1), ("orphan", 0)]
        );
    }

    #[test]
    fn parent_cycles_do_not_lose_values() {
        let values = [value("x", Some("y"), 1), value("y", Some("x"), 1)];
        assert_eq!(tree_order(&values).len(), 2);
    }

    #[test]
    fn selected_values_are_checked_and_kept_when_unlisted() {
        let form = SearchForm::parse("country=az&country=FR").form;
        let listed = [value("AZ", None, 3)];
        let facet = facet_box(
            FacetField::Country,
            &listed,
            form.filters(FacetField::Country),
        );
        assert_eq!(facet.top.len(), 2);
        assert!(facet.top.iter().all(|i| i.checked));
        assert_eq!(facet.top[0].value, "FR");
        assert_eq!(facet.top[0].count, 0);
    }

    #[test]
    fn long_lists_get_more_and_a_filter_box() {
        let values: Vec<FacetValue> = (0..12)
            .map(|i| value(&format!("v{i}"), None, 12 - i))
            .collect();
        let form = SearchForm::parse("source=v11").form;
        let facet = facet_box(
            FacetField::Source,
            &values,
            form.filters(FacetField::Source),
        );
        assert_eq!(facet.top.len(), SHOWN_BEFORE_MORE);
        assert_eq!(facet.more.len(), 4);
        assert!(facet.filterable);
        assert!(facet.open_more);
    }

    #[test]
    fn chips_remove_their_own_filter() {
        let form = SearchForm::parse("q=x&country=AZ&from=2024-01-01").form;
        let facets = Facets {
            country: vec![value("AZ", None, 1)],
            ..Facets::default()
        };
        let chips = selected_chips(&facets, &form);
        assert_eq!(chips.len(), 2);
        assert_eq!(chips[0].label, "Country: label AZ");
        assert_eq!(chips[0].href, "/?q=x&from=2024-01-01");
        assert_eq!(chips[1].href, "/?q=x&country=AZ");
    }
}
