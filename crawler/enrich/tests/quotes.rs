//! Quote and expert extraction on hand-written sentences, one pattern per test.

use gazette_enrich::{Enricher, expert_key};

fn quotes(text: &str) -> Vec<(String, String, String)> {
    Enricher::new()
        .enrich("", text)
        .quotes
        .into_iter()
        .map(|q| (q.speaker, q.affiliation, q.text))
        .collect()
}

fn speakers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (speaker, _, _) in quotes(text) {
        if !out.contains(&speaker) {
            out.push(speaker);
        }
    }
    out
}

#[test]
fn direct_quote_then_said_name() {
    let q = quotes(
        "\u{201C}The harbour will reopen next week,\u{201D} said Maria Lindqvist, a port authority engineer.",
    );
    assert_eq!(q.len(), 1);
    let (speaker, affiliation, text) = &q[0];
    assert_eq!(speaker, "Maria Lindqvist");
    assert_eq!(affiliation, "a port authority engineer");
    assert_eq!(text, "The harbour will reopen next week,");
}

#[test]
fn name_said_colon_quote_with_straight_quotes() {
    let q = quotes("Tomas Varga said: \"We have no plans to raise the levy.\"");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.2.as_str())),
        Some(("Tomas Varga", "We have no plans to raise the levy."))
    );
}

#[test]
fn dash_attribution() {
    assert_eq!(
        speakers("\u{201C}Nobody expected the dam to hold.\u{201D} \u{2014} Ruth Okafor"),
        ["Ruth Okafor"]
    );
}

#[test]
fn according_to() {
    let q = quotes("According to Helen Marsh, the budget will be cut by a tenth next year.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.2.as_str())),
        Some(("Helen Marsh", "the budget will be cut by a tenth next year"))
    );
}

#[test]
fn multi_paragraph_quote_belongs_to_one_speaker() {
    let text = "Ines Duarte, who chairs the water board, said: \u{201C}The reservoir is at a record low.\n\n\u{201C}We will ration supply from Monday.\u{201D}";
    let q = quotes(text);
    assert_eq!(q.len(), 2);
    assert!(q.iter().all(|(s, _, _)| s == "Ines Duarte"));
}

#[test]
fn indirect_speech_with_that_clause() {
    let q = quotes("Farid Haddad warned that the ceasefire could collapse within days.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.2.as_str())),
        Some(("Farid Haddad", "the ceasefire could collapse within days"))
    );
}

#[test]
fn indirect_speech_with_sentence_final_verb() {
    let q = quotes("Exports will recover by the spring, Lena Novak said on Tuesday.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.2.as_str())),
        Some(("Lena Novak", "Exports will recover by the spring"))
    );
}

#[test]
fn surname_back_reference_gets_the_full_name() {
    let text = "The study was led by Oren Talmi of Haifa University.\n\nTalmi noted that the sample was small.";
    let q = quotes(text);
    assert_eq!(q.first().map(|q| q.0.as_str()), Some("Oren Talmi"));
}

#[test]
fn pronoun_goes_to_the_last_named_speaker() {
    let text = "\u{201C}Prices are too high,\u{201D} Paul Brennan told reporters.\n\n\u{201C}Something has to give,\u{201D} he said.";
    let q = quotes(text);
    assert_eq!(q.len(), 2);
    assert!(q.iter().all(|(s, _, _)| s == "Paul Brennan"));
}

#[test]
fn appositive_affiliation() {
    let q = quotes("Sofia Reyes, director of the Andean Policy Institute, said the vote was fair.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.1.as_str())),
        Some(("Sofia Reyes", "director of the Andean Policy Institute"))
    );
}

#[test]
fn professor_of_organisation() {
    let q = quotes(
        "Professor Anan Chaisiri of Mahidol University argued that the rules were outdated.",
    );
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.1.as_str())),
        Some(("Anan Chaisiri", "Professor; Mahidol University"))
    );
}

#[test]
fn possessive_organisation() {
    let q = quotes("Greenfield Bank's Maya Olsen said rates would stay on hold until summer.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.1.as_str())),
        Some(("Maya Olsen", "Greenfield Bank"))
    );
}

#[test]
fn honorifics_leave_the_name_and_titles_go_to_the_role() {
    let q = quotes(
        "Mr Dalgaard said the harbour was safe.\n\nLt. Col. Ana Ruiz said troops would leave by May.",
    );
    assert_eq!(q.first().map(|q| q.0.as_str()), Some("Dalgaard"));
    assert_eq!(
        q.get(1).map(|q| (q.0.as_str(), q.1.as_str())),
        Some(("Ana Ruiz", "Lt. Col."))
    );
}

#[test]
fn role_before_name() {
    let q = quotes("Former trade minister Kwame Mensah told the BBC the deal was unbalanced.");
    assert_eq!(
        q.first().map(|q| (q.0.as_str(), q.1.as_str())),
        Some(("Kwame Mensah", "Former trade minister"))
    );
}

#[test]
fn unnamed_sources_are_not_experts() {
    let text = "Analysts said the currency would fall. A spokesman said the talks had stalled. \
                Officials told reporters that nothing was agreed. Mr Blair's official spokesman said there was no comment.";
    assert!(speakers(text).is_empty(), "{:?}", speakers(text));
}

#[test]
fn organisations_and_places_are_not_speakers() {
    let text = "The ministry said the figures were wrong. Amnesty International said prisoners were mistreated. \
                Downing Street said the plan stood. Washington said it would respond.";
    assert!(speakers(text).is_empty(), "{:?}", speakers(text));
}

#[test]
fn quote_only_verbs_need_quoted_words() {
    assert!(speakers("Carla Mendes criticised the policy on Monday.").is_empty());
    assert_eq!(
        speakers("Carla Mendes criticised the policy as a \u{201C}shambles\u{201D}."),
        ["Carla Mendes"]
    );
}

#[test]
fn one_speaker_many_quotes_in_order() {
    let text = "\u{201C}First,\u{201D} said Jonas Berg. \u{201C}Second,\u{201D} Berg added.";
    let q = quotes(text);
    let texts: Vec<&str> = q.iter().map(|q| q.2.as_str()).collect();
    assert_eq!(texts, ["First,", "Second,"]);
    assert!(q.iter().all(|(s, _, _)| s == "Jonas Berg"));
}

#[test]
fn names_with_particles() {
    let text = "Cleric Moqtada al-Sadr told followers the vote was a sham.\n\nAl-Sadr added that protests would continue.";
    assert_eq!(speakers(text), ["Moqtada al-Sadr"]);
}

#[test]
fn expert_keys_merge_spellings() {
    assert_eq!(expert_key("Dr. Ana  Ruiz"), expert_key("ANA RUIZ"));
    assert_ne!(expert_key("Ana Ruiz"), expert_key("Ana Ruis"));
}
