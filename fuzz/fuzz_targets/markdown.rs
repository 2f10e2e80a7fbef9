//! Markdown people write (descriptions) rendered to the HTML put in pages:
//! never a script, an event handler, an image or a javascript: link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_web::rich_text::{markdown_to_html, RawHtml};

/// An `on…=` attribute inside a tag (text outside tags is escaped, so only tags matter).
fn has_event_handler(html: &str) -> bool {
    html.split('<').skip(1).filter_map(|t| t.split('>').next()).any(|tag| {
        tag.split(|c: char| c.is_whitespace() || c == '/').skip(1).any(|attr| {
            let name = attr.split('=').next().unwrap_or_default().to_ascii_lowercase();
            name.starts_with("on") && attr.contains('=')
        })
    })
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
