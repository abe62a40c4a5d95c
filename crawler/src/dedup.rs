//! Content fingerprints for duplicate detection: an exact hash of the normalised text
//! and a 64-bit simhash over word 3-shingles for near-duplicates (syndicated copies with
//! a changed headline, a different footer, a typo fixed).

use sha2::{Digest, Sha256};

/// Lower-cased alphanumeric words: the text as both fingerprints see it.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Hex SHA-256 of the text with case, punctuation and whitespace normalised away.
pub(crate) fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for word in words(text) {
        hasher.update(word.as_bytes());
        hasher.update(b" ");
    }
    hex::encode(hasher.finalize())
}

/// FNV-1a 64: stable across releases, unlike `std`'s hasher, so stored simhashes stay comparable.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.as_bytes().iter().chain(b" ") {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    // FNV's low bits mix poorly for short inputs; a final avalanche (splitmix64) fixes that.
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Charikar's simhash over word 3-shingles.
pub(crate) fn simhash(text: &str) -> u64 {
    let tokens: Vec<String> = words(text).collect();
    let mut weights = [0i64; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    if tokens.len() < 3 {
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        add(fnv1a(&refs));
    } else {
        for shingle in tokens.windows(3) {
            if let [a, b, c] = shingle {
                add(fnv1a(&[a.as_str(), b.as_str(), c.as_str()]));
            }
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, w)| if *w > 0 { acc | (1 << bit) } else { acc },
    )
}

pub(crate) fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Texts this short say too little for a near-duplicate verdict.
pub(crate) const MIN_WORDS_FOR_NEAR_DUP: usize = 50;

pub(crate) fn word_count(text: &str) -> usize {
    words(text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday to discuss \
        a draft peace treaty, the first such meeting since the ceasefire. Officials said the talks covered \
        border delimitation, the return of prisoners and the reopening of transport links across the region. \
        Diplomats described the atmosphere as constructive but cautioned that major differences remained \
        over the wording of several key clauses in the document. A spokesman for the Swiss foreign ministry \
        said the hosts had offered logistical support only and would not take part in the substance of the \
        negotiations. Analysts in Yerevan said the government was under pressure from opposition parties, \
        which accuse it of conceding too much, while commentators in Baku argued that time was on their side. \
        The European Union and the United States both welcomed the meeting and urged the two sides to agree \
        on a timetable for signing. Russia, which brokered the original ceasefire, was not represented. \
        Humanitarian groups said thousands of displaced families were still waiting to learn whether they \
        could return to their villages before winter, and called on both governments to publish the maps \
        under discussion so that people could plan their lives.";

    #[test]
    fn exact_hash_ignores_case_and_spacing() {
        assert_eq!(content_hash("Hello,  World"), content_hash("hello world"));
        assert_ne!(content_hash("hello world"), content_hash("hello there"));
    }

    #[test]
    fn syndicated_copy_is_near_and_other_story_is_far() {
        let copy = format!("{STORY} This article was first published by Example Wire.");
        let other = "Parliament approved the budget after a long debate about pensions, taxes on fuel, \
            the salaries of teachers and doctors, and the cost of building new roads in the northern \
            provinces, which the opposition called wasteful and the government called long overdue.";
        let near = hamming(simhash(STORY), simhash(&copy));
        let far = hamming(simhash(STORY), simhash(other));
        assert!(
            near <= crate::CrawlerSettings::default().near_duplicate_distance,
            "near {near}"
        );
        assert!(far > 12, "far {far}");
    }
}
