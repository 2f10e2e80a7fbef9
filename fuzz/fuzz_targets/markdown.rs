//! Markdown people write (descriptions) rendered to the HTML put in pages:
//! never a script, an event handler, an image or a javascript: link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_web::rich_text::{markdown_to_html, RawHtml};

/// An `on…` attribute inside a tag. Text outside tags is escaped, so only
/// tags matter; values are skipped, so a title that mentions `onclick=` is
/// not mistaken for one.
fn has_event_handler(html: &str) -> bool {
    let is_handler = |name: &str| name.len() > 2 && name.to_ascii_lowercase().starts_with("on");
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        // Skip the tag's name.
        while chars.peek().is_some_and(|c| !c.is_whitespace() && *c != '>') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(c) = chars.next() {
            match c {
                '>' => break,
                '=' => {
                    if is_handler(&name) {
                        return true;
                    }
                    name.clear();
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                    match chars.peek().copied() {
                        Some(q @ ('"' | '\'')) => {
                            chars.next();
                            for v in chars.by_ref() {
                                if v == q {
                                    break;
                                }
                            }
                        }
                        _ => {
                            while chars.peek().is_some_and(|c| !c.is_whitespace() && *c != '>') {
                                chars.next();
                            }
                        }
                    }
                }
                c if c.is_whitespace() || c == '/' => {
                    if is_handler(&name) {
                        return true;
                    }
                    name.clear();
                }
                c => name.push(c),
            }
        }
        if is_handler(&name) {
            return true;
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    for raw in [RawHtml::AsText, RawHtml::Strip] {
        let html = markdown_to_html(source, raw);
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "a script survived: {html}");
        assert!(!lower.contains("<img"), "an image survived: {html}");
        assert!(!lower.contains("<iframe") && !lower.contains("<style"), "{html}");
        assert!(!lower.contains("href=\"javascript:"), "a javascript: link survived: {html}");
        assert!(!has_event_handler(&html), "an event handler survived: {html}");
    }
});
