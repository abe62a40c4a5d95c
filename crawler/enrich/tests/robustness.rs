//! Arbitrary, very long and malformed input: the enricher never panics and stays linear.

use gazette_enrich::Enricher;
use proptest::prelude::*;
use std::sync::LazyLock;

static ENRICHER: LazyLock<Enricher> = LazyLock::new(Enricher::new);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text_never_panics(title in "\\PC{0,80}", text in "\\PC{0,2000}") {
        let tags = ENRICHER.enrich(&title, &text);
        prop_assert!(tags.topics.iter().filter(|t| ENRICHER.taxonomy().parent(&t.code).is_none()).count() <= 3);
    }

    #[test]
    fn quote_soup_never_panics(parts in prop::collection::vec(prop_oneof![
        Just("\u{201C}"), Just("\u{201D}"), Just("\""), Just("\u{2019}\u{2019}"), Just(" said "), Just("Mr "),
        Just("Anna Berg"), Just(", director of the Fund,"), Just(". "), Just("\n\n"), Just("he"), Just(" \u{2014} "),
        Just("according to "), Just("Gaza"), Just("US"), Just("'s "), Just("Professor "), Just("of "),
    ], 0..300)) {
        let text: String = parts.concat();
        let tags = ENRICHER.enrich("", &text);
        for quote in &tags.quotes {
            prop_assert!(!quote.speaker.is_empty());
        }
    }
}

#[test]
fn very_long_paragraphs_and_unbalanced_quotes_complete() {
    let sentence = "\u{201C}Unclosed quote from Anna Berg, director of the Baltic Fund, said in Riga that Latvia and Estonia ";
    let text = sentence.repeat(1500);
    let tags = ENRICHER.enrich("Long", &text);
    assert!(tags.countries.iter().any(|c| c.code == "LV"));
    let no_punctuation = "Capitalised Words Without Any Punctuation At All ".repeat(8_000);
    let tags = ENRICHER.enrich("", &no_punctuation);
    assert!(tags.quotes.is_empty());
}
