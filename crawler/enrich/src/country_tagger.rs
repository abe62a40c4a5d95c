//! Country tagging: gazetteer matches, filtered by word boundaries, capitals and context.
//!
//! All patterns are found in one pass over the folded text (aho-corasick, overlapping), then
//! only those that sit on word boundaries and are written as the data writes them survive;
//! among overlapping survivors the leftmost-longest wins, so "New Mexico" beats "Mexico" and
//! "South China Sea" (a blocking phrase) swallows "China". Context tests (`place_context`)
//! then drop organisation names, personal names, languages and other readings.

use std::collections::HashMap;

use gazette_article::CountryTag;

use crate::fold::FoldedText;
use crate::gazetteer::{Entry, Gazetteer, PlaceKind};
use crate::place_context::{
    after_honorific, follows_a_name, has_common_noun_cues, has_us_state_cues,
    inside_organisation_name, used_as_language, used_as_personal_name,
};
use crate::words::sentence_around;

/// One accepted mention: which country, how it was named, where.
#[derive(Debug, Clone, Copy)]
struct Mention {
    country: usize,
    /// Set for short forms that defer to a more specific mention elsewhere (Congo).
    deferred_alternative: Option<usize>,
    position: usize,
}

/// Finds the countries a text mentions, with mention counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct CountryTagger;

impl CountryTagger {
    /// Tags the title and body: one [`CountryTag`] per country, most mentioned first.
    pub fn tag(&self, gazetteer: &Gazetteer, title: &str, text: &str) -> Vec<CountryTag> {
        let mut mentions = Vec::new();
        let mut offset = 0;
        for part in [title, text] {
            for mut mention in self.mentions(gazetteer, part) {
                mention.position += offset;
                mentions.push(mention);
            }
            offset += part.len() + 1;
        }
        resolve_deferred(&mut mentions);
        let mut counts: HashMap<usize, (u32, usize)> = HashMap::new();
        for m in &mentions {
            let slot = counts.entry(m.country).or_insert((0, m.position));
            slot.0 += 1;
        }
        let mut ranked: Vec<(usize, u32, usize)> = counts
            .into_iter()
            .map(|(c, (n, first))| (c, n, first))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        ranked
            .into_iter()
            .filter_map(|(country, mentions, _)| {
                let code = gazetteer.code_of(country)?;
                let name = gazetteer.name(code)?;
                Some(CountryTag {
                    code: code.to_string(),
                    name: name.to_string(),
                    mentions,
                })
            })
            .collect()
    }

    fn mentions(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Mention> {
        let Some(matcher) = gazetteer.matcher() else {
            return Vec::new();
        };
        let folded = FoldedText::new(text);
        // Candidates that pass the boundary and spelling checks, as (start, end, pattern).
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for m in matcher.find_overlapping_iter(&folded.folded) {
            let Some(entry) = gazetteer.entry(m.pattern().as_usize()) else {
                continue;
            };
            if !on_word_boundaries(&folded, m.start(), m.end()) {
                continue;
            }
            let start = folded.original_offset(m.start());
            let end = folded.original_offset(m.end());
            let Some(original) = text.get(start..end) else {
                continue;
            };
            if written_as_in_data(entry, original) {
                candidates.push((start, end, m.pattern().as_usize()));
            }
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut mentions = Vec::new();
        let mut covered_until = 0;
        for (start, end, pattern) in candidates {
            if start < covered_until {
                continue;
            }
            covered_until = end;
            let Some(entry) = gazetteer.entry(pattern) else {
                continue;
            };
            if let Some(mention) = judge(gazetteer, entry, text, start, end) {
                mentions.push(mention);
            }
        }
        mentions
    }
}

fn on_word_boundaries(folded: &FoldedText, start: usize, end: usize) -> bool {
    let before_ok = folded
        .char_before(start)
        .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = folded.char_at(end).is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// Abbreviations must match exactly ("US", not "us"); other names need the capitals the data
/// gives them on each word ("the States" needs "States", "Jordan" needs "J").
fn written_as_in_data(entry: &Entry, original: &str) -> bool {
    if entry.kind == PlaceKind::Abbreviation {
        return original == entry.name;
    }
    if entry.kind == PlaceKind::Block {
        // A blocking phrase swallows its country word however it is written ("Korean peninsula").
        return true;
    }
    let data_words = entry.name.split([' ', '-']);
    let text_words = original.split([' ', '-']);
    data_words.zip(text_words).all(|(d, t)| {
        let wants_capital = d.chars().next().is_some_and(char::is_uppercase);
        !wants_capital || t.chars().next().is_some_and(char::is_uppercase)
    })
}

/// Applies the context tests to one surviving match; `None` when it does not mention a country.
fn judge(
    gazetteer: &Gazetteer,
    entry: &Entry,
    text: &str,
    start: usize,
    end: usize,
) -> Option<Mention> {
    let mut country = entry.country?;
    if entry.kind == PlaceKind::Seat {
        return Some(Mention {
            country,
            deferred_alternative: None,
            position: start,
        });
    }
    if after_honorific(text, start) || inside_organisation_name(text, start, end) {
        return None;
    }
    if entry.kind == PlaceKind::Demonym
        && (used_as_language(text, start, end)
            || follows_a_name(text, start, |w| gazetteer.is_place_name(w)))
    {
        return None;
    }
    let ambiguity = entry.ambiguity;
    if ambiguity.person
        && used_as_personal_name(text, start, end, |w| gazetteer.resolve(w).is_some())
    {
        return None;
    }
    if ambiguity.thing && has_common_noun_cues(sentence_around(text, start, end)) {
        return None;
    }
    if let Some(alternative) = ambiguity.context_alternative
        && has_us_state_cues(sentence_around(text, start, end))
    {
        country = alternative;
    }
    Some(Mention {
        country,
        deferred_alternative: ambiguity.deferred_alternative,
        position: start,
    })
}

/// A short form such as "Congo" means its alternative (Republic of the Congo) when the article
/// names the alternative specifically and never names the primary country specifically.
fn resolve_deferred(mentions: &mut [Mention]) {
    let specific: Vec<usize> = mentions
        .iter()
        .filter(|m| m.deferred_alternative.is_none())
        .map(|m| m.country)
        .collect();
    for m in mentions.iter_mut() {
        if let Some(alternative) = m.deferred_alternative
            && specific.contains(&alternative)
            && !specific.contains(&m.country)
        {
            m.country = alternative;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        let gazetteer = Gazetteer::load();
        let mut codes: Vec<String> = CountryTagger
            .tag(&gazetteer, "", text)
            .into_iter()
            .map(|t| t.code)
            .collect();
        codes.sort();
        codes
    }

    #[test]
    fn names_abbreviations_demonyms_and_cities() {
        assert_eq!(
            codes("Officials in Baku met Israeli and U.S. envoys."),
            ["AZ", "IL", "US"]
        );
        assert_eq!(codes("The UK and the UAE signed a deal."), ["AE", "GB"]);
        assert_eq!(
            codes("Armenians marched; the Spanish abstained."),
            ["AM", "ES"]
        );
        assert_eq!(
            codes("Flights from Nairobi to Amman were cancelled."),
            ["JO", "KE"]
        );
    }

    #[test]
    fn former_and_alternate_names() {
        assert_eq!(
            codes("Exports from Ivory Coast, Burma and Swaziland rose."),
            ["CI", "MM", "SZ"]
        );
        assert_eq!(
            codes("Czechia and Türkiye joined; so did East Timor."),
            ["CZ", "TL", "TR"]
        );
    }

    #[test]
    fn lowercase_words_and_pronouns_are_not_places() {
        assert!(codes("Let us talk about the china in the cupboard.").is_empty());
    }

    #[test]
    fn territories_regions_and_seats() {
        assert_eq!(codes("Aid reached Gaza and the West Bank."), ["PS"]);
        assert_eq!(
            codes("Voters in Scotland and Texas went to the polls."),
            ["GB", "US"]
        );
        assert_eq!(
            codes("The Kremlin denied it; Downing Street said nothing."),
            ["GB", "RU"]
        );
        assert_eq!(
            codes("Fighting resumed in Karabakh and Crimea."),
            ["AZ", "UA"]
        );
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(codes("He retired to New Mexico."), ["US"]);
        assert_eq!(
            codes("Ships crossed the South China Sea and the Persian Gulf."),
            Vec::<String>::new()
        );
        assert_eq!(
            codes("Guinea-Bissau and Equatorial Guinea sent observers."),
            ["GQ", "GW"]
        );
        assert_eq!(codes("Papua New Guinea voted."), ["PG"]);
    }

    #[test]
    fn niger_is_not_nigeria() {
        assert_eq!(codes("Niger borders Nigeria."), ["NE", "NG"]);
        assert_eq!(codes("Troops left Niger on Monday."), ["NE"]);
    }

    #[test]
    fn historical_states_give_no_code() {
        assert!(codes("The Soviet Union collapsed in 1991.").is_empty());
    }

    #[test]
    fn georgia_the_state_and_the_country() {
        assert_eq!(codes("The governor of Georgia spoke in Atlanta."), ["US"]);
        assert_eq!(
            codes("Georgia accused Russia of shelling its villages."),
            ["GE", "RU"]
        );
    }

    #[test]
    fn congo_follows_the_specific_mention() {
        assert_eq!(codes("Congo's army advanced near Kinshasa."), ["CD"]);
        assert_eq!(codes("In Brazzaville, Congo's president spoke."), ["CG"]);
    }

    #[test]
    fn turkey_the_bird() {
        assert!(codes("Turkey with stuffing was served at the Christmas dinner.").is_empty());
        assert_eq!(codes("Turkey closed its border."), ["TR"]);
    }

    #[test]
    fn chad_and_jordan_as_names() {
        assert!(codes("The striker Chad Thompson scored twice.").is_empty());
        assert_eq!(codes("Refugees fled from Sudan into Chad."), ["SD", "TD"]);
        assert!(codes("She interviewed Michael Jordan.").is_empty());
    }

    #[test]
    fn organisation_names_and_blocking_phrases() {
        assert!(codes("The Washington Post and the New York Times covered it.").is_empty());
        assert!(codes("Fans filled Manchester United's stadium.").is_empty());
        assert!(codes("Tension rose on the Korean peninsula.").is_empty());
        assert_eq!(
            codes("Korea's exports fell while Kosovo grew."),
            ["KR", "XK"]
        );
    }

    #[test]
    fn surnames_that_are_demonyms() {
        assert!(
            codes("The gadgets sold out, said Oliver Irish. Mr Irish was not surprised.")
                .is_empty()
        );
        assert_eq!(
            codes("Bosnian Serb leaders met Irish diplomats."),
            ["BA", "IE", "RS"]
        );
    }

    #[test]
    fn counts_mentions() {
        let gazetteer = Gazetteer::load();
        let tags = CountryTagger.tag(
            &gazetteer,
            "Azerbaijan talks",
            "Azerbaijan and its capital Baku. Azerbaijani officials.",
        );
        assert_eq!(
            tags.first().map(|t| (t.code.as_str(), t.mentions)),
            Some(("AZ", 4))
        );
    }
}
