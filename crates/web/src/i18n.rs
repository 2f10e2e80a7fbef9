//! Localisation with Project Fluent. Every user-facing string lives in
//! `crates/web/locales/<language>/*.ftl`; English is the fallback.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use plural_kernel::language::Language;
use unic_langid::langid;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Pages set `dir` on their own elements; Unicode isolation marks
        // around every argument would only add invisible characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Language) -> LanguageIdentifier {
    match lang {
        Language::En => langid!("en"),
        Language::Ar => langid!("ar"),
        Language::Pl => langid!("pl"),
    }
}

/// The text of message `id` in `lang`.
pub fn t(lang: Language, id: &str) -> String {
    LOCALES.lookup(&langid(lang), id)
}

/// The text of message `id` in `lang`, with named arguments. Arguments
/// that are whole numbers are passed as numbers, so plural rules apply.
pub fn t_args(lang: Language, id: &str, args: &[(&'static str, String)]) -> String {
    lookup_with(lang, id, args, |v| match v.parse::<i64>() {
        Ok(n) => FluentValue::from(n),
        Err(_) => FluentValue::from(v.to_string()),
    })
}

/// The text of message `id` in `lang`, with arguments passed as text just
/// as given: ids and a parser's words quoted in a message must not be
/// reformatted as numbers (`007` would become `7`).
pub fn t_text_args(lang: Language, id: &str, args: &[(&'static str, String)]) -> String {
    lookup_with(lang, id, args, |v| FluentValue::from(v.to_string()))
}

fn lookup_with(
    lang: Language,
    id: &str,
    args: &[(&'static str, String)],
    value: impl Fn(&str) -> FluentValue<'static>,
) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), value(v))).collect();
    LOCALES.lookup_with_args(&langid(lang), id, &map)
}
