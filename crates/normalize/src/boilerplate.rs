//! Separating an article's body from the site chrome around it.
//!
//! A scrape is read as zones: chrome before the headline, the headline, the
//! body, and a tail of trailers, bios, appeals and related-story lists. Each
//! signal below is a small, separately tested rule; [`Rules::split`] combines
//! them. The rule of thumb when signals disagree: losing a body line is worse
//! than leaking a chrome line, so signals that could hit a sentence of the
//! article (repetition across documents, short lines) are only trusted in the
//! zones where chrome lives.

use crate::fastset::{FastRegex, FastSet};
use crate::LineStats;
use aho_corasick::AhoCorasick;
use regex::Regex;
use whosaid_model::lexicon::LexiconOverrides;

const CHROME_LINES: &str = include_str!("../../../data/lexicons/chrome_lines.txt");
const TRAILER_PHRASES: &str = include_str!("../../../data/lexicons/trailer_phrases.txt");
const LIST_HEADINGS: &str = include_str!("../../../data/lexicons/list_headings.txt");
const BIO_WORDS: &str = include_str!("../../../data/lexicons/bio_words.txt");

/// How far into a scrape the headline is looked for, in non-empty lines.
const HEADLINE_WINDOW: usize = 40;
/// The fewest related-story items that make a list rather than a subheaded article.
const MIN_TEASER_ITEMS: usize = 3;

/// The compiled boilerplate rules.
pub struct Rules {
    chrome: FastSet,
    trailers: Vec<Regex>,
    headings: FastSet,
    bio_words: AhoCorasick,
    label: Regex,
    photo_credit: FastRegex,
    html_tag: Regex,
    caption_tag: Regex,
}

/// A scrape split into its parts.
#[derive(Debug, Default, PartialEq)]
pub struct Split {
    pub title: Option<String>,
    pub body: Vec<String>,
    /// Lines judged chrome, in order (outlet and date are looked for here).
    pub chrome: Vec<String>,
}

/// What the splitter knows about the document beforehand.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// A headline given by the input's metadata (JSONL/CSV field, HTML `<title>`).
    pub title: Option<&'a str>,
    /// Whether to look for a headline and chrome zones at all (text scrapes);
    /// records and extracted HTML only get line-level clean-up.
    pub find_zones: bool,
}

fn compile_set(name: &str, entries: &[String]) -> Result<FastSet, String> {
    let pats: Vec<String> = entries.iter().map(|p| format!("(?i){p}")).collect();
    FastSet::new(&pats).map_err(|e| format!("lexicon {name}: {e}"))
}

impl Rules {
    pub fn new(ov: &LexiconOverrides) -> Result<Rules, String> {
        let trailers = ov
            .entries("trailer_phrases", TRAILER_PHRASES)
            .iter()
            .map(|p| {
                Regex::new(&format!("(?i){p}")).map_err(|e| format!("lexicon trailer_phrases: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let bio = ov.entries("bio_words", BIO_WORDS);
        Ok(Rules {
            chrome: compile_set("chrome_lines", &ov.entries("chrome_lines", CHROME_LINES))?,
            trailers,
            headings: compile_set("list_headings", &ov.entries("list_headings", LIST_HEADINGS))?,
            bio_words: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(bio.iter().map(|w| format!(" {w}")))
                .map_err(|e| format!("lexicon bio_words: {e}"))?,
            label: Regex::new(r"^[A-Z][A-Z.'’\- ]{1,40}(, [A-Z][A-Z ]{1,20})?: \S").unwrap(),
            photo_credit: FastRegex::new(
                r"(?i)\((?:[^()]*/[^()]*|[^()]*\b(?:photo|photos|file|courtesy|getty|images|ap|reuters|afp)\b[^()]*)\)\.?$",
            )
            .unwrap(),
            // Only real tag names: "<The Palace: Tale of Jang Noksu>" is a title in angle brackets.
            html_tag: Regex::new(
                r"(?i)</?(?:a|abbr|b|blockquote|br|caption|cite|div|em|figcaption|figure|h[1-6]|hr|i|img|li|ol|p|picture|small|source|span|strong|sub|sup|table|td|th|tr|u|ul)(?:\s[^<>]*)?/?>",
            )
            .unwrap(),
            caption_tag: Regex::new(r"(?i)^<(figcaption|caption)\b").unwrap(),
        })
    }

    /// A line of site chrome by the lexicon, wherever it stands.
    pub fn is_chrome(&self, line: &str) -> bool {
        self.chrome.is_match(line)
    }

    /// A heading that opens a related-story list or a contact block.
    pub fn is_list_heading(&self, line: &str) -> bool {
        !has_words(line, 9) && self.headings.is_match(line)
    }

    /// A transcript turn: `KELEMEN: …`, `MICHELE KELEMEN, BYLINE: …`.
    pub fn is_speaker_turn(&self, line: &str) -> bool {
        self.label.is_match(line)
    }

    /// A photo caption that ends with its credit: `… (Jane Roe / The Courier)`.
    pub fn is_captioned(&self, line: &str) -> bool {
        self.photo_credit.is_match(line)
    }

    /// An author bio: it opens with a two-or-three-word name and speaks of a
    /// journalism career ("Jane Roe has been with NPR for two decades…").
    pub fn is_bio(&self, line: &str) -> bool {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 6 {
            return false;
        }
        let name_len = words
            .iter()
            .take(4)
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        let verb = words.get(name_len).copied().unwrap_or("");
        (2..=3).contains(&name_len)
            && matches!(
                verb,
                "is" | "has" | "was" | "joined" | "covers" | "reports" | "writes"
            )
            && self.bio_words.is_match(line)
    }

    /// The byte offset where a trailer phrase starts in `line`, if any.
    pub fn trailer_start(&self, line: &str) -> Option<usize> {
        self.trailers
            .iter()
            .filter_map(|r| r.find(line))
            .map(|m| m.start())
            .min()
    }

    /// Splits the lines of one document into headline, body and chrome.
    /// Each line moves into the body or the chrome, not copied there.
    pub fn split(&self, mut lines: Vec<String>, stats: &LineStats, hints: Hints) -> Split {
        let mut kind: Vec<Kind> = lines.iter().map(|l| self.line_kind(l)).collect();
        if hints.find_zones {
            self.strip_markup(&mut lines, &mut kind);
        }
        // The line a trailer phrase cuts: what is kept of it, for the body.
        let mut kept_of_cut: Option<String> = None;
        let nonempty = |i: usize, kind: &[Kind]| kind[i] == Kind::Text;

        // The headline, and the header chrome above it.
        let mut title = None;
        let mut body_start = 0;
        let given = hints.title.map(crate::meta::compact);
        // A known headline marks the end of header chrome only in a scrape;
        // in extracted or record text it is dropped only as the first line,
        // since the same words may recur as a caption or a teaser further on.
        let window = if hints.find_zones { HEADLINE_WINDOW } else { 1 };
        let found = match &given {
            Some(t) => (0..lines.len())
                .filter(|&i| nonempty(i, &kind))
                .take(window)
                .find(|&i| crate::meta::compact(&lines[i]).eq_ignore_ascii_case(t)),
            None if hints.find_zones => self.find_headline(&lines, &kind, stats),
            None => None,
        };
        if let Some(t) = found {
            title = Some(lines[t].clone());
            for k in kind.iter_mut().take(t) {
                if *k == Kind::Text {
                    *k = Kind::Chrome;
                }
            }
            kind[t] = Kind::Title;
            body_start = t + 1;
        }

        // The end of the article: a trailer phrase, then a list heading.
        let mut end = lines.len();
        let mut seen_paragraph = false;
        for i in body_start..lines.len() {
            if kind[i] != Kind::Text {
                continue;
            }
            if let Some(at) = self.trailer_start(&lines[i]) {
                let kept = lines[i][..at].trim_end().to_string();
                if kept.is_empty() {
                    kind[i] = Kind::Chrome;
                } else {
                    kept_of_cut = Some(kept);
                    kind[i] = Kind::Mixed;
                }
                end = i + 1;
                break;
            }
            if seen_paragraph && self.is_list_heading(&lines[i]) {
                end = i;
                break;
            }
            seen_paragraph |= is_sentence(&lines[i]);
        }
        for k in kind.iter_mut().skip(end) {
            if *k == Kind::Text {
                *k = Kind::Chrome;
            }
        }

        if hints.find_zones {
            // A related-story list without a heading, then chrome at the tail.
            if let Some(list_start) = self.teaser_list_start(&lines, &kind, body_start, end) {
                for k in kind.iter_mut().take(end).skip(list_start) {
                    if *k == Kind::Text {
                        *k = Kind::Chrome;
                    }
                }
                end = list_start;
            }
            for i in (body_start..end).rev() {
                match kind[i] {
                    Kind::Text if self.is_tail_chrome(&lines[i], stats) => kind[i] = Kind::Chrome,
                    Kind::Text | Kind::Mixed => break,
                    _ => {}
                }
            }
        }

        let mut split = Split {
            title,
            ..Split::default()
        };
        for (line, k) in lines.into_iter().zip(kind) {
            match k {
                Kind::Text => split.body.push(line),
                Kind::Chrome => split.chrome.push(line),
                Kind::Mixed => {
                    let kept = kept_of_cut.take().expect("the cut line's kept text");
                    split.chrome.push(line[kept.len()..].trim().to_string());
                    split.body.push(kept);
                }
                Kind::Title | Kind::Blank => {}
            }
        }
        split
    }

    fn line_kind(&self, line: &str) -> Kind {
        if line.is_empty() {
            Kind::Blank
        } else if self.is_chrome(line) {
            Kind::Chrome
        } else {
            Kind::Text
        }
    }

    /// Drops HTML left in a text scrape: a caption element is chrome, and so
    /// is a neighbouring line that repeats the caption as plain text; other
    /// tags are removed and the text between them kept.
    fn strip_markup(&self, lines: &mut [String], kind: &mut [Kind]) {
        // Replaced once every line is read: a neighbour is compared as it
        // came, tags and all.
        let mut stripped: Vec<(usize, String)> = Vec::new();
        for i in 0..lines.len() {
            if kind[i] != Kind::Text || !self.html_tag.is_match(&lines[i]) {
                continue;
            }
            let plain = decode_entities(self.html_tag.replace_all(&lines[i], " ").trim());
            let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
            if self.caption_tag.is_match(&lines[i]) {
                kind[i] = Kind::Chrome;
                for j in [i.wrapping_sub(1), i + 1] {
                    if j < lines.len() && kind[j] == Kind::Text && lines[j] == plain {
                        kind[j] = Kind::Chrome;
                    }
                }
            } else if plain.is_empty() {
                kind[i] = Kind::Chrome;
            } else {
                stripped.push((i, plain));
            }
        }
        for (i, plain) in stripped {
            lines[i] = plain;
        }
    }

    /// The first headline-shaped line that a paragraph follows, looked for
    /// only while the lines before it could be chrome: once a line of prose
    /// has passed, the article has begun and nothing above it may be cut.
    fn find_headline(&self, lines: &[String], kind: &[Kind], stats: &LineStats) -> Option<usize> {
        let text_lines: Vec<usize> = (0..lines.len())
            .filter(|&i| kind[i] == Kind::Text)
            .collect();
        for (n, &i) in text_lines.iter().enumerate().take(HEADLINE_WINDOW) {
            let line = &lines[i];
            let followed_by_paragraph = text_lines
                .get(n + 1)
                .is_some_and(|&next| is_paragraph(&lines[next]));
            if followed_by_paragraph && self.is_headline_shaped(line, n == 0) {
                return Some(i);
            }
            let chrome_like = (!has_words(line, 9) && !is_sentence(line)) || stats.count(line) >= 2;
            if !chrome_like {
                return None;
            }
        }
        None
    }

    fn is_headline_shaped(&self, line: &str, first: bool) -> bool {
        let n = word_count(line);
        if !(2..=25).contains(&n)
            || self.is_speaker_turn(line)
            || !line.chars().any(char::is_alphabetic)
        {
            return false;
        }
        if line.ends_with([':', ';', ',']) {
            return false;
        }
        // A line that ends like a sentence is a headline only as the first
        // line of text and short ("Clinton camp: Trump's plan threatens
        // security."); further down it is the article's own first sentence.
        !is_sentence_end(line) || (first && (n <= 20 || title_cased(line)))
    }

    /// Where a run of at least [`MIN_TEASER_ITEMS`] related-story items
    /// (an optional captioned photo line, a headline, a one-paragraph teaser)
    /// reaching the end of the body begins.
    fn teaser_list_start(
        &self,
        lines: &[String],
        kind: &[Kind],
        from: usize,
        end: usize,
    ) -> Option<usize> {
        let idx: Vec<usize> = (from..end).filter(|&i| kind[i] == Kind::Text).collect();
        let mut j = idx.len();
        let mut items = 0;
        let mut start = None;
        // Walk items backwards: teaser, headline, then an optional caption.
        while j >= 2 {
            let teaser = &lines[idx[j - 1]];
            let head = &lines[idx[j - 2]];
            if !(is_sentence(teaser) && !has_words(teaser, 61) && is_short_heading(head)) {
                break;
            }
            j -= 2;
            if j >= 1 && self.is_captioned(&lines[idx[j - 1]]) {
                j -= 1;
            }
            items += 1;
            start = Some(idx[j]);
        }
        (items >= MIN_TEASER_ITEMS).then_some(start).flatten()
    }

    /// Chrome that is only recognisable at the end of a page: bios, link
    /// bullets, photo captions, short non-sentences, lines seen elsewhere.
    fn is_tail_chrome(&self, line: &str, stats: &LineStats) -> bool {
        if self.is_speaker_turn(line) {
            return false;
        }
        let bullet = line.starts_with(['>', '•', '»', '·', '|']);
        let short = !has_words(line, 9) && !is_sentence_end(line);
        bullet
            || short
            || self.is_bio(line)
            || self.is_captioned(line)
            || (!is_sentence(line) && stats.count(line) >= 2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    Chrome,
    Title,
    /// Body text followed by a trailer on the same line.
    Mixed,
}

pub(crate) fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Ends like a sentence: `.`, `?`, `!` or `…`, perhaps inside closing quotes or brackets.
fn is_sentence_end(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    trimmed.ends_with(['.', '?', '!', '…'])
}

/// `line` has at least `n` words: counted only as far as needed,
/// since these tests run on every line and article lines are long.
fn has_words(line: &str, n: usize) -> bool {
    whosaid_model::words_up_to(line, n) >= n
}

/// A full sentence of prose (not a heading or a label).
fn is_sentence(line: &str) -> bool {
    is_sentence_end(line) && has_words(line, 5)
}

/// Long enough to be an article paragraph.
fn is_paragraph(line: &str) -> bool {
    has_words(line, 12) || (is_sentence_end(line) && has_words(line, 6))
}

/// A story headline in a list: short, and not a sentence.
fn is_short_heading(line: &str) -> bool {
    !line.ends_with(['.', ',', ';', ':']) && has_words(line, 2) && !has_words(line, 17)
}

/// Most longer words capitalized, as in "Trump Must Decide If He Wants a Ticket".
fn title_cased(line: &str) -> bool {
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    let caps = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    !long.is_empty() && caps * 4 >= long.len() * 3
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::new(&LexiconOverrides::default()).unwrap()
    }

    fn split(text: &str) -> Split {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        rules().split(
            lines,
            &LineStats::default(),
            Hints {
                title: None,
                find_zones: true,
            },
        )
    }

    const PARA: &str = "The foreign minister arrived in Vienna on Monday for talks that diplomats described as the last chance for a truce.";

    #[test]
    fn player_and_station_lines_are_chrome() {
        let r = rules();
        for line in [
            "Play Live Radio",
            "Next Up:",
            "0:00 0:00",
            "Available On Air Stations",
            "© 2025 Lakeside University Board of Trustees",
        ] {
            assert!(r.is_chrome(line), "{line}");
        }
        assert!(!r.is_chrome("The station said the minister would not play a role."));
    }

    #[test]
    fn ad_and_donation_lines_are_chrome() {
        let r = rules();
        assert!(r.is_chrome("Support The Valley Courier - Go Ad-Free!"));
        assert!(r.is_chrome(
            "Journalism at this station is made possible by donors who value local reporting."
        ));
        assert!(r.is_chrome(
            "If you value local news, make a gift now to support the journalism you trust."
        ));
        assert!(r.is_chrome("Our commenting rules: be civil, stay on topic."));
        assert!(!r.is_chrome("The donors said they would give more to the relief fund."));
    }

    #[test]
    fn headline_is_found_after_chrome_and_kept_out_of_the_body() {
        let s = split(&format!(
            "Play Live Radio\nNext Up:\n\nMinisters Meet In Vienna\n\n\n{PARA}\n"
        ));
        assert_eq!(s.title.as_deref(), Some("Ministers Meet In Vienna"));
        assert_eq!(s.body, [PARA]);
        assert_eq!(s.chrome, ["Play Live Radio", "Next Up:"]);
    }

    #[test]
    fn a_long_notice_before_the_headline_is_header_chrome() {
        let s = split(&format!(
            "KXYZ is off the air in Hill Grove due to a power failure. We are working to restore coverage as soon as possible.\n\nTruce Talks Resume\n\n{PARA}"
        ));
        assert_eq!(s.title.as_deref(), Some("Truce Talks Resume"));
        assert_eq!(s.body, [PARA]);
    }

    #[test]
    fn a_transcript_trailer_is_cut_from_the_last_turn() {
        let s = split(&format!("Truce Talks Resume\n\n{PARA}\n\nORTEGA: Thank you. Transcript provided by NPR, Copyright NPR.\n"));
        assert_eq!(s.body.last().unwrap(), "ORTEGA: Thank you.");
        assert_eq!(s.chrome, ["Transcript provided by NPR, Copyright NPR."]);
    }

    #[test]
    fn a_production_note_starts_a_trailer_where_it_starts() {
        let r = rules();
        let line = "Thank you. This transcript was created on a rush deadline.";
        assert_eq!(r.trailer_start(line), Some(11));
        // The note goes on after its verb; "was created." is a sentence.
        assert_eq!(r.trailer_start("This transcript was created."), None);
    }

    #[test]
    fn author_bio_after_the_article_is_chrome() {
        let r = rules();
        assert!(r.is_bio("Dana Whitfield has been with the network for a decade, covering diplomacy as a correspondent."));
        assert!(!r.is_bio("Foreign Minister Anna Lindqvist has been clear that the deal is off."));
        let s = split(&format!("Truce Talks Resume\n\n{PARA}\n\nDana Whitfield has been with the network for a decade, covering diplomacy as a correspondent.\n"));
        assert_eq!(s.body, [PARA]);
    }

    #[test]
    fn a_related_story_list_under_a_heading_is_cut() {
        let s = split(&format!(
            "Truce Talks Resume\n\n{PARA}\n\nTalk to us\n\n> Send us a letter to the editor.\n\nMore in Local News\n\nCouncil weighs bridge repairs\n\nThe city council met on Tuesday to discuss the bridge.\n"
        ));
        assert_eq!(s.body, [PARA]);
        assert!(s.chrome.contains(&"More in Local News".to_string()));
    }

    #[test]
    fn a_teaser_list_without_a_heading_is_cut() {
        let mut text = format!("Truce Talks Resume\n\n{PARA}\n");
        for i in 0..3 {
            text.push_str(&format!(
                "\nA crowd waits at the ferry dock on Friday. (Jane Roe / The Courier)\nFerry line {i} gets new boats\nThe state will buy two new boats for the route, officials said.\n"
            ));
        }
        let s = split(&text);
        assert_eq!(s.body, [PARA]);
    }

    #[test]
    fn a_caption_remnant_and_its_plain_copy_are_chrome() {
        let s = split(&format!(
            "Truce Talks Resume\n\n{PARA}\n<figcaption>The ministers shake hands in Vienna. (Reuters)</figcaption>\nThe ministers shake hands in Vienna. (Reuters)\n{PARA}\n"
        ));
        assert_eq!(s.body, [PARA, PARA]);
    }

    #[test]
    fn body_lines_seen_in_other_documents_stay_in_the_middle() {
        let mut stats = LineStats::default();
        stats.add_lines(&[PARA.to_string()]);
        stats.add_lines(&[PARA.to_string()]);
        let lines: Vec<String> = [
            "Truce Talks Resume",
            "",
            PARA,
            "",
            "“We will see,” he said at the end of the day.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let s = rules().split(
            lines,
            &stats,
            Hints {
                title: None,
                find_zones: true,
            },
        );
        assert_eq!(s.body.len(), 2);
    }

    #[test]
    fn angle_bracketed_titles_are_not_markup() {
        let s = split(&format!("Truce Talks Resume\n\n{PARA}\n\nThe play <The Palace> opens <b>tonight</b> in the capital.\n"));
        assert_eq!(
            s.body[1],
            "The play <The Palace> opens tonight in the capital."
        );
    }

    #[test]
    fn a_known_title_deep_in_extracted_text_removes_nothing_before_it() {
        let lines: Vec<String> = [PARA, "", "Envoy urges truce", "", PARA]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let hints = Hints {
            title: Some("Envoy urges truce"),
            find_zones: false,
        };
        let s = rules().split(lines, &LineStats::default(), hints);
        assert_eq!(s.body.len(), 3);
        let lines: Vec<String> = ["Envoy urges truce", "", PARA]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            rules().split(lines, &LineStats::default(), hints).body,
            [PARA]
        );
    }

    #[test]
    fn transcript_turns_are_never_tail_chrome() {
        let s = split(&format!("Truce Talks Resume\n\n{PARA}\n\nORTEGA: OK.\n"));
        assert_eq!(s.body.last().unwrap(), "ORTEGA: OK.");
    }

    #[test]
    fn a_short_first_line_with_a_period_is_a_headline() {
        let s = split(&format!("Minister says talks will go on.\n\n{PARA}"));
        assert_eq!(s.title.as_deref(), Some("Minister says talks will go on."));
    }

    #[test]
    fn no_headline_is_looked_for_below_the_first_paragraph() {
        let text = format!(
            "{PARA}\n\nThe envoy said the talks would go on, “whatever it takes”\n\n{PARA}\n"
        );
        let s = split(&text);
        assert_eq!(s.title, None);
        assert_eq!(s.body.len(), 3);
    }
}
