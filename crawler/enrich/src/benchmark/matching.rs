//! How predicted speakers and affiliations are matched to the gold ones (see the parent
//! module's documentation for the rules).

use std::collections::HashSet;

use crate::expert_key;
use crate::fold::fold;

/// Whether two speaker names denote the same person (see the module documentation).
pub fn same_speaker(a: &str, b: &str) -> bool {
    let (ka, kb) = (expert_key(a), expert_key(b));
    if ka == kb {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (ka.split(' ').collect(), kb.split(' ').collect());
    if wa.last() != wb.last() {
        return false;
    }
    if wa.len() == 1 || wb.len() == 1 {
        return true;
    }
    match (wa.first(), wb.first()) {
        (Some(x), Some(y)) => {
            x == y || (x.len() == 1 && y.starts_with(x)) || (y.len() == 1 && x.starts_with(y))
        }
        _ => false,
    }
}

const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "of", "in", "for", "at", "and", "to", "with", "on", "s",
];

fn content_words(text: &str) -> HashSet<String> {
    let folded: String = fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// Whether a predicted affiliation matches the gold one (see the module documentation).
pub fn affiliations_match(predicted: &str, gold: &str) -> bool {
    let (p, g) = (content_words(predicted), content_words(gold));
    if p.is_empty() || g.is_empty() {
        return p.is_empty() && g.is_empty();
    }
    let shared = p.intersection(&g).count();
    shared * 2 >= p.len().min(g.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_match_on_full_name_or_surname() {
        assert!(same_speaker("Zeev Khanin", "Prof. Zeev Khanin"));
        assert!(same_speaker("Bush", "George W Bush"));
        assert!(same_speaker("G. Bush", "George Bush"));
        assert!(!same_speaker("Ian Blair", "Tony Blair"));
    }

    #[test]
    fn affiliations_match_by_shared_content_words() {
        assert!(affiliations_match(
            "director of the Turan Research Center",
            "director of the Turan Research Center in Washington"
        ));
        assert!(affiliations_match("", ""));
        assert!(!affiliations_match("", "Home Secretary"));
        assert!(!affiliations_match(
            "Home Secretary",
            "chairman of Migration Watch"
        ));
    }
}
