//! Roles written around a name: "US President X", "former special envoy to Ukraine X",
//! "Iran's president, X,", "X, director of Y,", "X of Y".

use super::names::is_title;
use crate::lexicon::{List, has};

/// Whether a lower-case word is a role noun ("minister", "envoy").
pub fn is_role_noun(lower: &str) -> bool {
    has(List::RoleNouns, lower)
}
use super::tokens::Token;

fn is_role(core: &str) -> bool {
    is_title(core) || is_role_noun(&core.to_lowercase())
}

fn fits_role_phrase(t: &Token<'_>) -> bool {
    let lower = t.core.to_lowercase();
    if has(List::NotRoleWords, t.core) {
        return false;
    }
    t.possessive
        || t.core.chars().next().is_some_and(char::is_uppercase)
        || is_role(t.core)
        || has(List::Modifiers, &lower)
        || has(List::Connectors, t.core)
        || t.core.contains('-') && t.core.chars().next().is_some_and(char::is_alphabetic)
}

fn render(tokens: &[Token<'_>]) -> String {
    tokens
        .iter()
        .map(|t| {
            if t.possessive {
                format!("{}'s", t.core)
            } else {
                t.core.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Trims leading articles and connectors; the phrase must hold a role word.
fn role_phrase(window: &[Token<'_>]) -> Option<String> {
    let mut window = window;
    while let Some((first, rest)) = window.split_first() {
        if has(List::Articles, first.core) || has(List::Connectors, first.core) {
            window = rest;
        } else {
            break;
        }
    }
    while let Some((last, rest)) = window.split_last() {
        if has(List::Connectors, last.core) {
            window = rest;
        } else {
            break;
        }
    }
    (window.iter().any(|t| is_role(t.core)) && window.len() <= 9).then(|| render(window))
}

/// The role phrase written directly before the name starting at token `name_start`:
/// "US President", "former special envoy to Ukraine", "Hong Kong's new police commissioner".
pub fn role_before(toks: &[Token<'_>], name_start: usize) -> Option<String> {
    let mut name_start = name_start;
    // Courtesy titles between the role and the name are dropped ("Archbishop of Canterbury Dr X").
    while name_start > 0
        && toks
            .get(name_start - 1)
            .is_some_and(|t| has(List::NotRoleWords, t.core) && t.core.starts_with(['M', 'D', 'S']))
    {
        name_start -= 1;
    }
    let mut start = name_start;
    while start > 0 && name_start - start < 9 {
        let Some(t) = toks.get(start - 1) else { break };
        if !fits_role_phrase(t) || (t.punctuated && !t.possessive) {
            break;
        }
        start -= 1;
    }
    let window = toks.get(start..name_start)?;
    role_phrase(window).or_else(|| possessive_organisation(window))
}

/// "Bar-Ilan University's Zeev Khanin": the capitalised possessor right before a name.
fn possessive_organisation(window: &[Token<'_>]) -> Option<String> {
    let (last, _) = window.split_last()?;
    if !last.possessive {
        return None;
    }
    let words: Vec<&str> = window
        .iter()
        .rev()
        .skip(1)
        .take_while(|t| {
            !t.closes() && t.core.starts_with(char::is_uppercase) && !has(List::Articles, t.core)
        })
        .map(|t| t.core)
        .collect();
    let mut phrase: Vec<&str> = words.into_iter().rev().collect();
    phrase.push(last.core);
    Some(phrase.join(" "))
}

/// The role written before a name set off by commas: "Iran's president, Mohammad Khatami,".
pub fn role_before_comma(toks: &[Token<'_>], name_start: usize) -> Option<String> {
    let comma = name_start.checked_sub(1)?;
    let before = toks.get(comma)?;
    if !before.punctuated || before.possessive {
        return None;
    }
    let mut start = comma;
    while start > 0 && comma - start < 9 {
        let Some(t) = toks.get(start - 1) else { break };
        if t.punctuated && !t.possessive {
            break;
        }
        start -= 1;
    }
    role_phrase(toks.get(start..=comma)?)
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokens;
    use super::*;

    fn before(text: &str, name: &str) -> Option<String> {
        let toks = tokens(text, 0);
        let index = toks.iter().position(|t| t.core == name)?;
        role_before(&toks, index).or_else(|| role_before_comma(&toks, index))
    }

    #[test]
    fn reads_roles_before_names() {
        assert_eq!(
            before("Yesterday US President Donald Trump spoke", "Donald").as_deref(),
            Some("US President")
        );
        assert_eq!(
            before(
                "Another diplomat, former special envoy to Ukraine Kurt Volker, said",
                "Kurt"
            )
            .as_deref(),
            Some("former special envoy to Ukraine")
        );
        assert_eq!(
            before(
                "Then Hong Kong's new police commissioner Chris Tang said",
                "Chris"
            )
            .as_deref(),
            Some("Hong Kong's new police commissioner")
        );
        assert_eq!(
            before(
                "Iran's president, Mohammad Khatami, has unveiled",
                "Mohammad"
            )
            .as_deref(),
            Some("Iran's president")
        );
        assert_eq!(before("The minister met Anna Smith today", "Anna"), None);
        assert_eq!(
            before("Yesterday Bar-Ilan University's Zeev Khanin said", "Zeev").as_deref(),
            Some("Bar-Ilan University")
        );
    }
}
