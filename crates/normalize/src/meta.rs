//! Document metadata read from the text: outlet and publication date.

use regex::Regex;
use std::sync::LazyLock;

/// Whitespace collapsed and trimmed: how titles and lines are compared.
pub fn compact(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Publisher statements in chrome lines, strongest first. Each captures the
/// outlet's name, of at most the given number of characters.
///
/// The length is checked on the capture, not written as a bounded repeat
/// (`[\w .&'-]{1,40}?`): a bounded repeat of a Unicode class compiles to a
/// copy of the class per repeat, 40 ms of every run's start-up for these
/// five. Each pattern is anchored, has one place where the name can start,
/// and ends the name lazily or at the line's end, so the unbounded name is
/// the bounded one whenever that one matches, and longer than the bound
/// when it does not (checked on 1.6 million random lines).
static OUTLET_PATTERNS: LazyLock<Vec<(Regex, usize)>> = LazyLock::new(|| {
    [
        (r"(?i)^transcript provided by ([A-Z][\w .&'-]+?),", 41),
        (r"(?i)^support ([A-Z][\w .&'-]+?) [-–—] go ad-free", 41),
        (
            r"(?i)journalism you (?:get|read|rely on) (?:in|from|at) ((?:the )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,4})",
            usize::MAX,
        ),
        (
            r"(?i)^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?([A-Z][\w .&'-]+?)(?:\s+board of (?:trustees|regents)|[.,]|\s+all rights reserved|$)",
            61,
        ),
        (r"(?i)^public media from ([A-Z][\w .&'-]+)$", 61),
    ]
    .iter()
    .map(|&(p, max)| (Regex::new(p).unwrap(), max))
    .collect()
});

/// A photo credit naming its publication: `(Jane Roe / The Courier)`.
static PHOTO_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()/]{2,60}/\s*([A-Z][^()/]{1,60}?)\s*\)\.?$").unwrap());

/// The outlet named by the page's own chrome, if any: a publisher statement,
/// else the publication most credited in the page's photo captions (a
/// related-story list credits the site's own photographers).
pub fn outlet_from_chrome(chrome: &[String]) -> Option<String> {
    for (pat, max_chars) in OUTLET_PATTERNS.iter() {
        for line in chrome {
            if let Some(c) = pat
                .captures(line)
                .filter(|c| c[1].chars().count() <= *max_chars)
            {
                let name = c[1].trim().trim_end_matches('.').to_string();
                if !name.is_empty() && !name.chars().all(|c| c.is_ascii_digit()) {
                    return Some(name);
                }
            }
        }
    }
    let mut credits: Vec<(String, usize)> = Vec::new();
    for c in chrome.iter().filter_map(|l| PHOTO_CREDIT.captures(l)) {
        let name = c[1].trim().to_string();
        match credits.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => *k += 1,
            None => credits.push((name, 1)),
        }
    }
    // The first of the most frequent, so ties resolve the same way every run.
    let best = credits.iter().map(|c| c.1).max()?;
    credits
        .into_iter()
        .find(|c| c.1 == best && best >= 2)
        .map(|c| c.0)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:\b|T)").unwrap());
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? (\d{1,2}),? (\d{4})\b",
    )
    .unwrap()
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? (\d{4})\b",
    )
    .unwrap()
});
/// A line that states the publication date and nothing else of substance.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:first )?(?:published|posted|updated|dated)(?: on)?:?\s+|by [^|]{2,60}\|\s*)?[\w ,.:-]{6,40}$")
        .unwrap()
});

/// Parses a date in a common news format into `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<String> {
    let ymd = |y: &str, m: u32, d: &str| -> Option<String> {
        let (y, d): (u32, u32) = (y.parse().ok()?, d.parse().ok()?);
        ((1800..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let month = |m: &str| {
        MONTHS
            .iter()
            .position(|x| m.to_ascii_lowercase().starts_with(x))
            .map(|i| i as u32 + 1)
    };
    if let Some(c) = ISO.captures(s) {
        return ymd(&c[1], c[2].parse().ok()?, &c[3]);
    }
    if let Some(c) = MDY.captures(s) {
        return ymd(&c[3], month(&c[1])?, &c[2]);
    }
    if let Some(c) = DMY.captures(s) {
        return ymd(&c[3], month(&c[2])?, &c[1]);
    }
    None
}

/// A publication date stated on a line of its own ("Published March 3, 2025",
/// "By Jane Roe | March 3, 2025", "2025-03-03"). Dates inside sentences and
/// captions are not publication dates.
pub fn date_from_lines<'a>(lines: impl IntoIterator<Item = &'a String>) -> Option<String> {
    lines
        .into_iter()
        .filter(|l| DATE_LINE.is_match(l))
        .find_map(|l| parse_date(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_outlet_name_is_at_most_as_long_as_its_pattern_allows() {
        // "Transcript provided by" names up to 41 characters, "public media
        // from" up to 61; a longer run is a sentence, not a name.
        let name = |n: usize| format!("N{}", "x".repeat(n - 1));
        let line = |n: usize| format!("Transcript provided by {}, and more.", name(n));
        assert_eq!(outlet_from_chrome(&v(&[&line(41)])), Some(name(41)));
        assert_eq!(outlet_from_chrome(&v(&[&line(42)])), None);
        let line = |n: usize| format!("Public media from {}", name(n));
        assert_eq!(outlet_from_chrome(&v(&[&line(61)])), Some(name(61)));
        assert_eq!(outlet_from_chrome(&v(&[&line(62)])), None);
    }

    #[test]
    fn outlet_from_a_transcript_trailer_beats_the_copyright_line() {
        let chrome = v(&[
            "© 2025 Lakeside University Board of Trustees",
            "Transcript provided by NPR, Copyright NPR.",
        ]);
        assert_eq!(outlet_from_chrome(&chrome).as_deref(), Some("NPR"));
    }

    #[test]
    fn outlet_from_copyright_and_ad_lines() {
        assert_eq!(
            outlet_from_chrome(&v(&["© 2025 Lakeside University Board of Trustees"])).as_deref(),
            Some("Lakeside University")
        );
        assert_eq!(
            outlet_from_chrome(&v(&["Support Border Monitor - Go Ad-Free!"])).as_deref(),
            Some("Border Monitor")
        );
        assert_eq!(
            outlet_from_chrome(&v(&["If you value local news, make a gift now to support the trusted journalism you get in The Valley Courier. Thanks."]))
                .as_deref(),
            Some("The Valley Courier")
        );
    }

    #[test]
    fn outlet_from_photo_credits_in_a_related_list() {
        let chrome = v(&[
            "More in Local News",
            "A crowd waits at the dock on Friday. (Jane Roe / The Courier)",
            "Ferry line gets new boats",
            "The council met on Tuesday. (Ann Lee / The Courier)",
        ]);
        assert_eq!(outlet_from_chrome(&chrome).as_deref(), Some("The Courier"));
        assert_eq!(outlet_from_chrome(&chrome[..2]), None);
    }

    #[test]
    fn dates_in_common_formats() {
        assert_eq!(
            parse_date("2025-03-04T10:00:00Z").as_deref(),
            Some("2025-03-04")
        );
        assert_eq!(parse_date("Sept. 9, 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(
            parse_date("9 September 2025").as_deref(),
            Some("2025-09-09")
        );
        assert_eq!(parse_date("on Friday"), None);
    }

    #[test]
    fn only_date_lines_give_a_publication_date() {
        assert_eq!(
            date_from_lines(&v(&["Published March 3, 2025"])).as_deref(),
            Some("2025-03-03")
        );
        assert_eq!(
            date_from_lines(&v(&["Snohomish City Hall on Friday, April 12, 2024 in Snohomish, Washington. (Olivia Vanni / The Herald)"])),
            None
        );
        assert_eq!(
            date_from_lines(&v(&["© 2024 Lakeside University Board of Trustees"])),
            None
        );
    }
}
