//! Where each of an article's topics sits in the IPTC tree, for the hierarchical facet.
//!
//! The topic facet stores a path per topic, root first:
//! `/topic/medtop:11000000/medtop:20000xxx`. An article's topic list already
//! names each code together with its ancestors; what it does not say is which
//! listed code is whose parent. Two ways to know:
//!
//! - a [`TopicParentFn`] given in [`crate::IndexOptions`] (the taxonomy's own
//!   parent relation), which handles any depth;
//! - without one, a convention on the list order: IPTC top-level codes have the
//!   form `medtop:NN000000` (NN from 01 to 17); every other code is placed under
//!   the nearest top-level code listed before it (a two-level tree). A code with
//!   no top-level code before it becomes a root of its own.

use std::sync::Arc;

use gazette_article::TopicTag;

/// The taxonomy's parent relation: `parent_of("medtop:20000xxx") == Some("medtop:11000000")`.
pub type TopicParentFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Deeper than any IPTC branch; guards against a cyclic parent function.
const MAX_DEPTH: usize = 8;

/// True for an IPTC Media Topic top-level code (`medtop:01000000` … `medtop:17000000`).
pub fn is_top_level(code: &str) -> bool {
    let Some(digits) = code.strip_prefix("medtop:") else {
        return false;
    };
    digits.len() == 8
        && digits.ends_with("000000")
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with("20")
}

/// One path (root first, ending with the code itself) per distinct topic code.
pub fn topic_paths(topics: &[TopicTag], parent_of: Option<&TopicParentFn>) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut last_root: Option<&str> = None;
    for topic in topics {
        let code = topic.code.trim();
        if code.is_empty()
            || paths
                .iter()
                .any(|p| p.last().map(String::as_str) == Some(code))
        {
            continue;
        }
        let path = match parent_of {
            Some(parent_of) => path_from_parents(code, parent_of),
            None if is_top_level(code) => {
                last_root = Some(code);
                vec![code.to_string()]
            }
            None => match last_root {
                Some(root) => vec![root.to_string(), code.to_string()],
                None => vec![code.to_string()],
            },
        };
        paths.push(path);
    }
    paths
}

fn path_from_parents(code: &str, parent_of: &TopicParentFn) -> Vec<String> {
    let mut path = vec![code.to_string()];
    while path.len() < MAX_DEPTH {
        let Some(parent) = path.last().and_then(|c| parent_of(c)) else {
            break;
        };
        if path.contains(&parent) {
            break;
        }
        path.push(parent);
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(code: &str) -> TopicTag {
        TopicTag {
            code: code.into(),
            label: String::new(),
            evidence: Vec::new(),
            score: None,
        }
    }

    #[test]
    fn second_level_codes_nest_under_the_preceding_root() {
        let topics = [
            tag("medtop:11000000"),
            tag("medtop:20000621"),
            tag("medtop:16000000"),
        ];
        let paths = topic_paths(&topics, None);
        assert_eq!(paths[1], ["medtop:11000000", "medtop:20000621"]);
        assert_eq!(paths[2], ["medtop:16000000"]);
    }

    #[test]
    fn a_parent_function_builds_deep_paths_and_survives_cycles() {
        let parent_of: TopicParentFn = Arc::new(|c: &str| match c {
            "c" => Some("b".to_string()),
            "b" => Some("a".to_string()),
            "x" => Some("y".to_string()),
            "y" => Some("x".to_string()),
            _ => None,
        });
        assert_eq!(
            topic_paths(&[tag("c")], Some(&parent_of))[0],
            ["a", "b", "c"]
        );
        assert_eq!(topic_paths(&[tag("x")], Some(&parent_of))[0], ["y", "x"]);
    }

    #[test]
    fn top_level_detection_excludes_the_20_series() {
        assert!(is_top_level("medtop:17000000"));
        assert!(!is_top_level("medtop:20000000"));
        assert!(!is_top_level("medtop:20000621"));
    }
}
