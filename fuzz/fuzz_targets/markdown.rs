//! Markdown people write (descriptions) rendered to the HTML put in pages:
//! never a script, an event handler, an image or a javascript: link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_web::rich_text::{markdown_to_html, RawHtml};

/// Every tag's name and attributes (name, value), read as a browser would.
/// Text outside tags is escaped (`&lt;`), so only real tags are read, and a
/// value that mentions `onclick=` is not mistaken for an attribute.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut tag = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '>') {
            tag.push(c.to_ascii_lowercase());
        }
        let mut attrs = Vec::new();
        let mut name = String::new();
        while let Some(c) = chars.next() {
            match c {
                '>' => break,
                '=' => {
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                    let mut value = String::new();
                    match chars.peek().copied() {
                        Some(q @ ('"' | '\'')) => {
                            chars.next();
                            for v in chars.by_ref() {
                                if v == q {
                                    break;
                                }
                                value.push(v);
                            }
                        }
                        _ => {
                            while let Some(v) = chars.next_if(|c| !c.is_whitespace() && *c != '>') {
                                value.push(v);
                            }
                        }
                    }
                    attrs.push((std::mem::take(&mut name).to_ascii_lowercase(), value));
                }
                c if c.is_whitespace() || c == '/' => {
                    if !name.is_empty() {
                        attrs.push((std::mem::take(&mut name).to_ascii_lowercase(), String::new()));
                    }
                }
                c => name.push(c),
            }
        }
        if !name.is_empty() {
            attrs.push((name.to_ascii_lowercase(), String::new()));
        }
        out.push((tag, attrs));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    for raw in [RawHtml::AsText, RawHtml::Strip] {
        let html = markdown_to_html(source, raw);
        for (tag, attrs) in tags(&html) {
            let tag = tag.trim_start_matches('/');
            assert!(
                !matches!(tag, "script" | "img" | "iframe" | "style" | "object" | "embed"),
                "<{tag}> survived: {html}"
            );
            for (name, value) in attrs {
                assert!(!(name.len() > 2 && name.starts_with("on")), "an event handler `{name}` survived: {html}");
                let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    !value.to_ascii_lowercase().starts_with("javascript:"),
                    "a javascript: value in `{name}` survived: {html}"
                );
            }
        }
    }
});
