//! The languages the node speaks.

use serde::{Deserialize, Serialize};

/// A supported interface language. Adding one means adding its Fluent files
/// in `crates/web/locales/<code>/` and a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ar,
    Pl,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Ar, Language::Pl];

    pub fn parse(s: &str) -> Option<Language> {
        // Accept region subtags ("pl-PL", "ar_EG") by their primary language.
        let primary = s.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "ar" => Some(Language::Ar),
            "pl" => Some(Language::Pl),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ar => "ar",
            Language::Pl => "pl",
        }
    }

    /// The language's own name for itself, for the language switcher.
    pub fn autonym(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ar => "العربية",
            Language::Pl => "Polski",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Language::Ar)
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// Pick the best supported language from an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut best: Option<(f32, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            if let Some(lang) = Language::parse(tag) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(Language::from_accept_language("fr;q=1, pl;q=0.8, en;q=0.5"), Some(Language::Pl));
        assert_eq!(Language::from_accept_language("ar-EG"), Some(Language::Ar));
        assert_eq!(Language::from_accept_language("fr, de"), None);
    }

    #[test]
    fn arabic_is_right_to_left() {
        assert_eq!(Language::Ar.dir(), "rtl");
        assert_eq!(Language::Pl.dir(), "ltr");
    }
}
