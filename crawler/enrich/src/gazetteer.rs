//! The gazetteer: every way the text can name a country, loaded once from the embedded data files.
//!
//! `data/countries.tsv` holds one line per ISO 3166-1 code (names, abbreviations, demonyms);
//! `data/places_manual.tsv` the hand-written capitals, regions, government seats and blocking
//! phrases; `data/places.tsv` the cities and regions generated from GeoNames and ISO 3166-2.
//! When two files name the same place, the earlier file wins (hand-written before generated).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::fold::fold;

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const MANUAL_PLACES: &str = include_str!("../data/places_manual.tsv");
const GENERATED_PLACES: &str = include_str!("../data/places.tsv");

/// What sort of name a gazetteer entry is; the tagger treats some kinds more carefully.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// Short, official, former or alternate name of the country itself.
    Name,
    /// Written in capitals or with dots ("US", "U.S."): must appear exactly as written.
    Abbreviation,
    /// Demonym or adjective ("Azerbaijani", "Armenians").
    Demonym,
    /// A city (capitals included).
    City,
    /// A first-level region, constituent country or well-known territory.
    Region,
    /// A government-seat metonym from the guideline's closed list ("Kremlin").
    Seat,
    /// A phrase that contains a country word without mentioning the country ("South China Sea").
    Block,
}

/// How a name can mean something other than its country.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ambiguity {
    /// Also a personal name: neighbouring capitalised words decide ("Michael Jordan").
    pub person: bool,
    /// Also a common noun ("turkey" the bird), decided by the sentence's words.
    pub thing: bool,
    /// Means this other country when the sentence carries its cues (Georgia, the US state).
    pub context_alternative: Option<usize>,
    /// Means this other country when the article names it and not the primary one (Congo).
    pub deferred_alternative: Option<usize>,
}

/// One pattern of the matcher.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the country list; `None` for blocking phrases.
    pub country: Option<usize>,
    pub kind: PlaceKind,
    /// The name as written in the data (its capitals are checked against the text).
    pub name: String,
    pub ambiguity: Ambiguity,
}

#[derive(Debug, Clone)]
struct Country {
    code: String,
    name: String,
}

/// Countries, their names and the compiled multi-pattern matcher.
///
/// ```
/// let enricher = gazette_enrich::Enricher::new();
/// let gazetteer = enricher.gazetteer();
/// assert_eq!(gazetteer.resolve("Ivory Coast"), Some(("CI", "Côte d'Ivoire")));
/// assert_eq!(gazetteer.resolve("az"), Some(("AZ", "Azerbaijan")));
/// assert_eq!(gazetteer.name("XK"), Some("Kosovo"));
/// ```
#[derive(Debug)]
pub struct Gazetteer {
    countries: Vec<Country>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    entries: Vec<Entry>,
    by_pattern: FxHashMap<String, usize>,
    matcher: Option<AhoCorasick>,
}

impl Gazetteer {
    /// Loads the embedded data files and compiles the matcher.
    pub fn load() -> Self {
        let mut builder = Builder::default();
        builder.load_countries(COUNTRIES);
        builder.load_places(MANUAL_PLACES);
        builder.load_places(GENERATED_PLACES);
        builder.build()
    }

    /// ISO alpha-2 code or English name (case-insensitive; official, common and former names,
    /// abbreviations) to `(code, English short name)`.
    pub fn resolve(&self, code_or_name: &str) -> Option<(&str, &str)> {
        let trimmed = code_or_name.trim();
        let index = self
            .by_code
            .get(&trimmed.to_ascii_uppercase())
            .or_else(|| self.by_name.get(&fold(trimmed)))?;
        self.countries
            .get(*index)
            .map(|c| (c.code.as_str(), c.name.as_str()))
    }

    /// The English short name of an ISO alpha-2 code (case-insensitive).
    pub fn name(&self, code: &str) -> Option<&str> {
        let index = self.by_code.get(&code.trim().to_ascii_uppercase())?;
        self.countries.get(*index).map(|c| c.name.as_str())
    }

    /// The code of a country index.
    pub(crate) fn code_of(&self, country: usize) -> Option<&str> {
        self.countries.get(country).map(|c| c.code.as_str())
    }

    /// Whether a whole string is a place name, demonym or blocking phrase of the gazetteer.
    pub(crate) fn is_place_name(&self, name: &str) -> bool {
        self.by_pattern.contains_key(&fold(name.trim()))
    }

    /// Whether a word names a country itself (name, abbreviation or demonym), not a city.
    pub(crate) fn is_country_word(&self, word: &str) -> bool {
        self.by_pattern
            .get(&fold(word.trim()))
            .and_then(|i| self.entries.get(*i))
            .is_some_and(|e| {
                matches!(
                    e.kind,
                    PlaceKind::Name | PlaceKind::Abbreviation | PlaceKind::Demonym
                )
            })
    }

    pub(crate) fn entry(&self, pattern: usize) -> Option<&Entry> {
        self.entries.get(pattern)
    }

    /// The compiled matcher over the folded names (`None` only if the embedded data were unusable).
    pub(crate) fn matcher(&self) -> Option<&AhoCorasick> {
        self.matcher.as_ref()
    }

    /// How many countries and territories the gazetteer knows.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// Whether the gazetteer is empty (never, with the embedded data).
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }
}

#[derive(Default)]
struct Builder {
    countries: Vec<Country>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    entries: Vec<Entry>,
    seen_patterns: FxHashMap<String, usize>,
}

impl Builder {
    fn load_countries(&mut self, data: &str) {
        let rows: Vec<Vec<&str>> = data_rows(data).collect();
        for row in &rows {
            let (Some(code), Some(name)) = (row.first(), row.get(1)) else {
                continue;
            };
            let index = self.countries.len();
            self.countries.push(Country {
                code: (*code).to_string(),
                name: (*name).to_string(),
            });
            self.by_code.insert((*code).to_string(), index);
        }
        for row in &rows {
            let Some(index) = row.first().and_then(|c| self.by_code.get(*c).copied()) else {
                continue;
            };
            let flags = self.parse_flags(row.get(4).copied().unwrap_or(""));
            let names = row.get(1).into_iter().copied().chain(list(row.get(2)));
            for name in names {
                let kind = if is_abbreviation(name) {
                    PlaceKind::Abbreviation
                } else {
                    PlaceKind::Name
                };
                self.by_name.entry(fold(name)).or_insert(index);
                let ambiguity = flags.get(name).copied().unwrap_or_default();
                self.add(Some(index), kind, name, ambiguity);
            }
            for demonym in list(row.get(3)) {
                let ambiguity = flags.get(demonym).copied().unwrap_or_default();
                self.add(Some(index), PlaceKind::Demonym, demonym, ambiguity);
                if let Some(plural) = plural_of(demonym) {
                    self.add(Some(index), PlaceKind::Demonym, &plural, ambiguity);
                }
            }
        }
    }

    fn parse_flags(&self, field: &str) -> HashMap<String, Ambiguity> {
        let mut out = HashMap::new();
        for item in field.split(';').filter(|s| !s.is_empty()) {
            let Some((name, flags)) = item.split_once('=') else {
                continue;
            };
            let mut ambiguity = Ambiguity::default();
            for flag in flags.split(',') {
                match flag.split_once(':') {
                    Some(("ctx", code)) => {
                        ambiguity.context_alternative = self.by_code.get(code).copied()
                    }
                    Some(("defer", code)) => {
                        ambiguity.deferred_alternative = self.by_code.get(code).copied()
                    }
                    _ if flag == "person" => ambiguity.person = true,
                    _ if flag == "thing" => ambiguity.thing = true,
                    _ => {}
                }
            }
            out.insert(name.to_string(), ambiguity);
        }
        out
    }

    fn load_places(&mut self, data: &str) {
        for row in data_rows(data) {
            let (Some(code), Some(kind), Some(name)) = (row.first(), row.get(1), row.get(2)) else {
                continue;
            };
            let kind = match *kind {
                "capital" | "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                "seat" => PlaceKind::Seat,
                "block" => PlaceKind::Block,
                _ => continue,
            };
            let country = self.by_code.get(*code).copied();
            if country.is_none() && kind != PlaceKind::Block {
                continue;
            }
            let person = row
                .get(3)
                .is_some_and(|f| f.split(',').any(|f| f.trim() == "person"));
            let ambiguity = Ambiguity {
                person,
                ..Ambiguity::default()
            };
            self.add(country, kind, name, ambiguity);
        }
    }

    fn add(&mut self, country: Option<usize>, kind: PlaceKind, name: &str, ambiguity: Ambiguity) {
        let key = fold(name);
        if key.trim().is_empty() || self.seen_patterns.contains_key(&key) {
            return;
        }
        self.seen_patterns.insert(key, self.entries.len());
        self.entries.push(Entry {
            country,
            kind,
            name: name.to_string(),
            ambiguity,
        });
    }

    fn build(self) -> Gazetteer {
        let patterns: Vec<String> = self.entries.iter().map(|e| fold(&e.name)).collect();
        // Standard semantics so that overlapping matches are all reported; the tagger picks the
        // leftmost-longest among those that pass its word-boundary and capitalisation checks.
        // A DFA: built once per process, searched for every article (several times faster
        // to search than the default NFA).
        let matcher = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        Gazetteer {
            countries: self.countries,
            by_code: self.by_code,
            by_name: self.by_name,
            entries: self.entries,
            by_pattern: self.seen_patterns,
            matcher,
        }
    }
}

/// Non-comment, non-header rows of a TSV file, split on tabs.
fn data_rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("code\t"))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn list<'a>(field: Option<&&'a str>) -> impl Iterator<Item = &'a str> {
    field
        .copied()
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// "US", "U.S.", "UAE", "DRC": written in capitals (dots allowed), at least two letters.
fn is_abbreviation(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && name.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// The plural noun of a demonym, where English forms one by adding "s" ("Armenians", "Israelis").
fn plural_of(demonym: &str) -> Option<String> {
    let lower = demonym.to_lowercase();
    if demonym.contains(' ') && !demonym.starts_with("South ") && !demonym.starts_with("North ") {
        return None;
    }
    if let Some(stem) = demonym.strip_suffix("man") {
        return Some(format!("{stem}men"));
    }
    let invariant = [
        "ese",
        "sh",
        "ch",
        "s",
        "x",
        "men",
        "i-kiribati",
        "ni-vanuatu",
    ];
    if invariant.iter().any(|suffix| lower.ends_with(suffix)) || lower.ends_with("ic") {
        return None;
    }
    Some(format!("{demonym}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_names_and_variants() {
        let g = Gazetteer::load();
        assert_eq!(g.resolve("gb"), Some(("GB", "United Kingdom")));
        assert_eq!(g.resolve("Burma"), Some(("MM", "Myanmar")));
        assert_eq!(g.resolve("TÜRKIYE"), Some(("TR", "Turkey")));
        assert_eq!(g.resolve("the netherlands"), Some(("NL", "Netherlands")));
        assert_eq!(g.resolve("Swaziland"), Some(("SZ", "Eswatini")));
        assert_eq!(g.resolve("Atlantis"), None);
    }

    #[test]
    fn covers_every_iso_code_and_kosovo() {
        let g = Gazetteer::load();
        assert!(g.len() >= 250, "only {} countries", g.len());
        assert_eq!(g.name("xk"), Some("Kosovo"));
    }

    #[test]
    fn derives_plural_demonyms() {
        assert_eq!(plural_of("Armenian").as_deref(), Some("Armenians"));
        assert_eq!(plural_of("Israeli").as_deref(), Some("Israelis"));
        assert_eq!(plural_of("Frenchman").as_deref(), Some("Frenchmen"));
        assert_eq!(plural_of("Spanish"), None);
        assert_eq!(plural_of("Chinese"), None);
    }

    #[test]
    fn tells_abbreviations_from_names() {
        assert!(is_abbreviation("U.S."));
        assert!(is_abbreviation("UAE"));
        assert!(!is_abbreviation("Chad"));
    }
}
