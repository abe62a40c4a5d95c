//! The body's language as an ISO 639-1 code.
//!
//! whatlang reads the body itself (the declared `lang` is often a site-wide default, wrong for
//! translated or syndicated pieces); the declaration decides when the detector is unsure or
//! the body is too short to judge.

use whatlang::Lang;

/// Characters of body text the detector reads: enough to be sure, cheap to run.
const SAMPLE_CHARS: usize = 400;

/// Detects the language of `body`, with `declared` (the `lang` attribute or metadata) as a hint.
pub(crate) fn detect(body: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.and_then(primary_subtag);
    let sample_end = body
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(body.len(), |(i, _)| i);
    let sample = body.get(..sample_end).unwrap_or(body);
    let detected = whatlang::detect(sample).and_then(|info| {
        let code = iso639_1(info.lang())?;
        Some((code, info.is_reliable()))
    });
    match (detected, declared) {
        (Some((code, true)), _) => Some(code.to_owned()),
        (_, Some(declared)) => Some(declared),
        (Some((code, false)), None) if sample.len() >= 200 => Some(code.to_owned()),
        _ => None,
    }
}

/// "en-US" → "en"; only well-formed two-letter primary subtags are accepted.
fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

fn iso639_1(lang: Lang) -> Option<&'static str> {
    let code = match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_body_is_detected_despite_wrong_declaration() {
        let body = "The government announced on Tuesday that it would raise taxes on fuel and tobacco \
                    to pay for the reconstruction of roads damaged in last winter's floods.";
        assert_eq!(detect(body, Some("de-DE")).as_deref(), Some("en"));
    }

    #[test]
    fn declaration_decides_for_tiny_bodies() {
        assert_eq!(detect("OK", Some("fr-FR")).as_deref(), Some("fr"));
    }

    #[test]
    fn nothing_known_gives_none() {
        assert_eq!(detect("", None), None);
    }
}
