//! Normalize: raw documents → clean [`Document`]s.
//!
//! Runs in two passes because one of its signals is corpus-wide: a line
//! repeated across many pages is likely site chrome.
//! 1. [`Normalizer::prepare`] (per document, in parallel): HTML extraction,
//!    the length cap ([`limit`]), character clean-up, lines.
//! 2. [`LineStats`] counts every line over the corpus.
//! 3. [`Normalizer::finish`] (per document, in parallel): headline, body and
//!    chrome, outlet and date.
//! 4. [`dedup::assign`] (once, in corpus order): duplicates and stories.

pub mod boilerplate;
pub mod dedup;
pub mod fastset;
pub mod html;
pub mod limit;
pub mod meta;
pub mod text;

use std::collections::HashSet;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{count_words, Document, RawDocument, RawMeta, SourceFormat};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

pub use dedup::Fingerprint;

/// Hashing for keys that are hashes already (xxh3 of shingles and texts):
/// SipHash would only cost time. Folding the high half in keeps the low
/// bits, where the table looks first, well mixed even though sampled
/// shingle hashes all end in zero bits.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Prehashed;

#[derive(Debug, Default)]
pub(crate) struct PrehashedHasher(u64);

impl std::hash::Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    // A 32-bit key leaves the high bits, which the table tags its slots
    // with, empty: a multiply spreads it over all 64.
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl std::hash::BuildHasher for Prehashed {
    type Hasher = PrehashedHasher;
    fn build_hasher(&self) -> PrehashedHasher {
        PrehashedHasher(0)
    }
}

/// A document after pass 1: cleaned lines and what its input said about it.
#[derive(Debug, Clone, bincode::Encode, bincode::Decode)]
pub struct Prepared {
    pub doc_id: String,
    pub source_path: String,
    pub format: SourceFormat,
    pub meta: RawMeta,
    pub lines: Vec<String>,
    /// Set when the text was over the length cap and only its start was kept.
    pub cut: Option<limit::Cut>,
}

/// Which lines occur in more than one document of the corpus: the only
/// thing pass 1 keeps of the documents. Chrome removal asks only whether a
/// line recurs, so a line hash is kept in one of two sets (seen once, seen
/// more often) rather than with a count: most lines of real news occur
/// once, and a bare hash takes half the room of a hash with its count.
#[derive(Debug, Default, Clone)]
pub struct LineStats {
    once: HashSet<u64, Prehashed>,
    more: HashSet<u64, Prehashed>,
}

/// The hash of `line` in lower case (`str::to_lowercase`), computed without
/// building the lower-case copy.
fn line_key(line: &str) -> u64 {
    // Σ lowers by its position in the word; only str::to_lowercase knows how.
    if line.contains('Σ') {
        return xxh3_64(line.to_lowercase().as_bytes());
    }
    let mut h = Xxh3::new();
    let mut buf = [0u8; 256];
    // ASCII lowers byte by byte; the hash is the same however its input is
    // split. An all-ASCII line is told by `is_ascii`, a word at a time,
    // where the loop below finds its runs a byte at a time.
    if line.is_ascii() {
        for chunk in line.as_bytes().chunks(buf.len()) {
            let b = &mut buf[..chunk.len()];
            b.copy_from_slice(chunk);
            b.make_ascii_lowercase();
            h.update(b);
        }
        return h.digest();
    }
    // A line with a curly quote or an accent is still mostly ASCII: its
    // ASCII runs are lowered as bytes, a buffer's worth at a time, the
    // other characters one by one.
    let bytes = line.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i < bytes.len() {
        let run_end = bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |k| i + k);
        while i < run_end {
            if n == buf.len() {
                h.update(&buf[..n]);
                n = 0;
            }
            let take = (run_end - i).min(buf.len() - n);
            let b = &mut buf[n..n + take];
            b.copy_from_slice(&bytes[i..i + take]);
            b.make_ascii_lowercase();
            n += take;
            i += take;
        }
        if i == bytes.len() {
            break;
        }
        let c = line[i..].chars().next().expect("a character");
        i += c.len_utf8();
        for l in c.to_lowercase() {
            if n + 4 > buf.len() {
                h.update(&buf[..n]);
                n = 0;
            }
            n += l.encode_utf8(&mut buf[n..]).len();
        }
    }
    h.update(&buf[..n]);
    h.digest()
}

impl LineStats {
    /// Counts the distinct lines of one document.
    pub fn add_lines(&mut self, lines: &[String]) {
        let mut distinct: Vec<u64> = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| line_key(l))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        for k in distinct {
            self.add_key(k, false);
        }
    }

    /// Adds a line key seen in one more document, or (`recurs`) in several.
    fn add_key(&mut self, k: u64, recurs: bool) {
        if self.more.contains(&k) {
            return;
        }
        if self.once.remove(&k) || recurs {
            self.more.insert(k);
        } else {
            self.once.insert(k);
        }
    }

    pub fn merge(mut self, mut other: LineStats) -> LineStats {
        if other.once.len() + other.more.len() > self.once.len() + self.more.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for k in other.more {
            self.add_key(k, true);
        }
        for k in other.once {
            self.add_key(k, false);
        }
        self
    }

    /// The number of documents that contain `line`, up to 2.
    pub fn count(&self, line: &str) -> u32 {
        let k = line_key(line);
        if self.more.contains(&k) {
            2
        } else {
            u32::from(self.once.contains(&k))
        }
    }
}

/// The normalize stage, with its compiled rules.
pub struct Normalizer {
    rules: boilerplate::Rules,
    max_doc_bytes: Option<usize>,
}

impl Normalizer {
    pub fn new(lexicons: &LexiconOverrides) -> Result<Normalizer, String> {
        Ok(Normalizer {
            rules: boilerplate::Rules::new(lexicons)?,
            max_doc_bytes: Some(limit::DEFAULT_MAX_DOC_BYTES),
        })
    }

    /// Sets the per-document cap on text length (`None`: no cap).
    pub fn with_max_doc_bytes(mut self, max: Option<usize>) -> Normalizer {
        self.max_doc_bytes = max;
        self
    }

    /// Pass 1: extracts web pages and cleans characters.
    pub fn prepare(&self, raw: RawDocument) -> Prepared {
        let mut meta = raw.meta;
        let mut body = if raw.format == SourceFormat::Html {
            let page = html::extract(&raw.text);
            meta.title = meta.title.or(page.title);
            meta.date = meta.date.or(page.published);
            meta.outlet = meta.outlet.or(page.site);
            page.text
        } else {
            raw.text
        };
        let cut = self
            .max_doc_bytes
            .and_then(|max| limit::cap(&mut body, max));
        Prepared {
            doc_id: raw.doc_id,
            source_path: raw.source_path,
            format: raw.format,
            meta,
            lines: text::clean_lines(&body),
            cut,
        }
    }

    /// Pass 2: separates headline, body and chrome; reads outlet and date.
    pub fn finish(&self, p: Prepared, stats: &LineStats) -> Document {
        let hints = boilerplate::Hints {
            title: p.meta.title.as_deref(),
            find_zones: p.format == SourceFormat::Text,
        };
        let split = self.rules.split(p.lines, stats, hints);
        let text = split.body.join("\n\n");
        let outlet = p
            .meta
            .outlet
            .map(|o| meta::compact(&o))
            .or_else(|| meta::outlet_from_chrome(&split.chrome));
        let published = p
            .meta
            .date
            .as_deref()
            .and_then(meta::parse_date)
            .or_else(|| meta::date_from_lines(&split.chrome));
        let title = p
            .meta
            .title
            .map(|t| meta::compact(&t))
            .or(split.title)
            .filter(|t| !t.is_empty());
        Document {
            doc_id: p.doc_id,
            source_path: p.source_path,
            outlet,
            title,
            published,
            n_words: count_words(&text),
            content_hash: dedup::content_hash(&text),
            text,
            duplicate_of: None,
            story_id: String::new(),
            n_removed_lines: split.chrome.len() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_line_keys_are_the_keys_of_the_lower_case_line() {
        let long = "Read MORE: ".repeat(40);
        for line in [
            "",
            "Share This Story",
            "ALL RIGHTS RESERVED.",
            long.as_str(),
        ] {
            assert_eq!(line_key(line), xxh3_64(line.to_lowercase().as_bytes()));
        }
        // Non-ASCII lines take the character-by-character road.
        assert_eq!(line_key("Ünïcödé ÀB"), xxh3_64("ünïcödé àb".as_bytes()));
    }
    fn lines(ls: &[&str]) -> Vec<String> {
        ls.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_line_counts_once_per_document_up_to_two() {
        let mut s = LineStats::default();
        s.add_lines(&lines(&[
            "Share this story",
            "Share this story",
            "The mayor spoke.",
        ]));
        assert_eq!(s.count("share this story"), 1);
        s.add_lines(&lines(&["SHARE THIS STORY"]));
        s.add_lines(&lines(&["Share this story"]));
        assert_eq!(s.count("Share this story"), 2);
        assert_eq!(s.count("The mayor spoke."), 1);
        assert_eq!(s.count("Never seen"), 0);
    }

    #[test]
    fn merged_counts_are_the_counts_of_all_the_documents() {
        let (mut a, mut b, mut c) = (
            LineStats::default(),
            LineStats::default(),
            LineStats::default(),
        );
        a.add_lines(&lines(&["Related stories", "Only in a"]));
        b.add_lines(&lines(&["Related stories", "Only in b"]));
        c.add_lines(&lines(&["Comments"]));
        c.add_lines(&lines(&["Comments"]));
        let all = a.merge(b).merge(c);
        assert_eq!(all.count("Related stories"), 2);
        assert_eq!(all.count("Comments"), 2);
        assert_eq!(all.count("Only in a"), 1);
        assert_eq!(all.count("Only in b"), 1);
        // A line seen often on one side and once on the other is kept once.
        assert!(all.once.iter().all(|k| !all.more.contains(k)));
    }

    #[test]
    fn a_document_over_the_cap_is_cut_and_says_so() {
        let raw = |text: String| RawDocument {
            doc_id: "d".into(),
            source_path: "d.txt".into(),
            format: SourceFormat::Text,
            text,
            meta: RawMeta::default(),
            bytes: 0,
        };
        let long = "The envoy said the talks would go on. ".repeat(100);
        let n = Normalizer::new(&LexiconOverrides::default())
            .unwrap()
            .with_max_doc_bytes(Some(1000));
        let p = n.prepare(raw(long.clone()));
        let cut = p.cut.expect("cut");
        assert_eq!(cut.total, long.len());
        assert!(p.lines.concat().ends_with("go on."));
        assert!(p.lines.concat().len() <= 1000);

        let uncapped = n.with_max_doc_bytes(None).prepare(raw(long.clone()));
        assert!(uncapped.cut.is_none());
        assert_eq!(uncapped.lines.concat(), long.trim_end());
    }
}

#[cfg(test)]
mod line_key_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_line_key_is_the_hash_of_its_lower_case(
            line in r"([a-zA-Z .]{0,300}|“|”|É|İ|Σ|ß|\PC){0,40}"
        ) {
            prop_assert_eq!(line_key(&line), xxh3_64(line.to_lowercase().as_bytes()));
        }
    }

    #[test]
    fn the_line_key_is_the_hash_of_the_lower_case_line() {
        for line in [
            "Share This Article",
            "“Quoted” — ÉTÉ İstanbul",
            "ΟΔΥΣΣΕΥΣ",
            &"Long line ".repeat(100),
            // Past the buffer, with multi-byte lower cases at its edge.
            &"İ “Quoted” Ünïcödé ÀB ".repeat(40),
            "",
        ] {
            assert_eq!(
                line_key(line),
                xxh3_64(line.to_lowercase().as_bytes()),
                "{line}"
            );
        }
    }
}
