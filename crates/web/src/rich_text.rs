//! Text people write (descriptions) is Markdown, rendered to HTML that is
//! safe to put in a page: through the sanitiser, links marked `nofollow
//! noopener noreferrer`, and images dropped — a picture from another site
//! would tell that site who reads the page (and the CSP would block it).

use pulldown_cmark::{Event, Options, Parser};

/// What happens to HTML typed into the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Shown as the text that was typed ("<3" stays "<3").
    AsText,
    /// Removed by the sanitiser.
    Strip,
}

pub fn markdown_to_html(source: &str, raw: RawHtml) -> String {
    let parser = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) if raw == RawHtml::AsText => Event::Text(h),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default().rm_tags(["img"]).link_rel(Some("nofollow noopener noreferrer")).clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_images_and_bad_links_never_survive() {
        let src = "**Bold** <script>alert(1)</script> ![x](https://tracker.example/p.gif) [a](javascript:alert(1))";
        for raw in [RawHtml::AsText, RawHtml::Strip] {
            let html = markdown_to_html(src, raw);
            assert!(html.contains("<strong>Bold</strong>"));
            assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:"), "{html}");
        }
        assert!(markdown_to_html("a <b>c</b>", RawHtml::AsText).contains("&lt;b&gt;"));
        assert!(markdown_to_html("[n](https://example.org)", RawHtml::Strip)
            .contains("rel=\"nofollow noopener noreferrer\""));
    }
}
