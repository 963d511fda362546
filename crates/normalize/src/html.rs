//! Web pages: the main article text and metadata, by rs-trafilatura.
//!
//! Chosen over `trafilatura` (the go-trafilatura port) by measuring both on
//! the article-extraction benchmark pages: see `docs/quality.md`.

/// What a web page yields.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HtmlArticle {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
}

pub fn extract(html: &str) -> HtmlArticle {
    let options = rs_trafilatura::Options {
        // The extractor cuts its text at 1,000,000 bytes, mid-sentence and
        // without a word to us (and `String::truncate` panics inside a
        // character). The length cap is ours to apply, at a sentence end and
        // with a reject: see `limit`.
        max_extracted_len: usize::MAX,
        // Inputs are news pages: the page-type classifier (URL rules, HTML
        // signals and a model, a third of the extractor's time) would only
        // pick another extraction profile for forum, product or listing
        // pages. On the aeb-dev pages F1 went from 0.967 to 0.968 without it.
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..rs_trafilatura::Options::default()
    };
    let Ok(r) = rs_trafilatura::extract_with_options(html, &options) else {
        return HtmlArticle::default();
    };
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let title = nonempty(r.metadata.title);
    let mut text = r.content_text;
    // On a page without a body the extractor falls back to the <head> text,
    // which is the title repeated: that is no article.
    if let Some(t) = &title {
        if text.replace(t.as_str(), "").trim().is_empty() {
            text.clear();
        }
    }
    HtmlArticle {
        text,
        title,
        published: r.metadata.date.map(|d| d.format("%Y-%m-%d").to_string()),
        site: nonempty(r.metadata.sitename),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_and_metadata_come_out_of_a_page() {
        let page = r#"<html><head><title>Envoy urges truce | The Courier</title>
            <meta property="og:site_name" content="The Courier">
            <meta property="article:published_time" content="2025-05-02T08:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Envoy urges truce</h1>
            <p>The United Nations envoy urged both sides on Friday to accept a truce before the harvest season begins in the valley.</p>
            <p>"We have very little time," the envoy told reporters in Geneva after a long day of meetings with both delegations.</p>
            </article><footer>Copyright 2025 The Courier</footer></body></html>"#;
        let a = extract(page);
        assert!(a.text.contains("We have very little time"), "{}", a.text);
        assert!(!a.text.contains("Copyright 2025"));
        assert_eq!(a.published.as_deref(), Some("2025-05-02"));
        assert_eq!(a.site.as_deref(), Some("The Courier"));
    }

    #[test]
    fn a_long_page_is_extracted_whole() {
        let p = "<p>L’envoyé a déclaré que les négociations reprendraient lundi.</p>\n";
        let page = format!(
            "<html><head><title>Long</title></head><body><article>{}</article></body></html>",
            p.repeat(20_000)
        );
        let a = extract(&page);
        assert!(a.text.len() > 1_200_000, "{}", a.text.len());
        assert!(a.text.trim_end().ends_with("reprendraient lundi."));
    }

    #[test]
    fn a_page_without_a_body_gives_no_text_and_no_panic() {
        let a = extract("<html><head><title>Envoy urges truce</title></head></html>");
        assert!(a.text.trim().is_empty());
    }
}
