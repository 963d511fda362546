//! Duplicates and stories across the corpus.
//!
//! Each document gets a fingerprint: the hash of its text (exact copies),
//! and sampled hashes of its word shingles (near copies and shared
//! passages). Keeping only shingle hashes divisible by [`SAMPLE`] is
//! Broder's mod-sampling: the share of common sampled shingles estimates the
//! share of common shingles, at a quarter of the memory. Comparisons run
//! through an inverted index from shingle to documents, so only documents
//! that share a passage are ever compared.
//!
//! - `duplicate_of`: identical text, or resemblance (Jaccard over 5-word
//!   shingles) ≥ [`NEAR_DUPLICATE`]: a reprint or re-crawl with small edits.
//! - `story_id`: documents linked (transitively) by sharing long passages:
//!   at least [`STORY_MIN_SHARED`] sampled 8-word shingles that make up at
//!   least [`STORY_CONTAINMENT`] of the smaller document. Re-cuts and updates
//!   of one story keep intros, clips and quotes word for word even when
//!   their overall resemblance is low; unrelated articles on one topic share
//!   names and phrases, but rarely eight words in a row, many times.

use crate::Prehashed;
use std::collections::HashMap;
use whosaid_model::Document;
use xxhash_rust::xxh3::xxh3_64;

pub const SAMPLE: u64 = 4;
pub const NEAR_DUPLICATE: f64 = 0.8;
pub const STORY_MIN_SHARED: usize = 4;
pub const STORY_CONTAINMENT: f64 = 0.1;
/// A shingle found in more documents than this is a stock phrase, not a
/// shared passage, and links nothing.
const MAX_POSTING: usize = 64;

/// A document's hashes for finding copies and shared passages.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    pub exact: u64,
    /// The top half of each sampled 5-word shingle's hash: the shingles
    /// are kept for a window of documents, and a 32-bit value tells a
    /// document's couple of hundred shingles apart as well as 64 bits.
    near: Vec<u32>,
    /// The same of its 8-word shingles. Across the window's millions of
    /// them, one lookup in ~500 meets another passage's value, but a link
    /// needs several shared shingles with one document.
    story: Vec<u32>,
}

/// ASCII letters and digits, by byte: one load instead of the range tests
/// of `is_ascii_alphanumeric`, on every byte of every text.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Multiplies in the word and shingle hashes: odd (invertible modulo 2^64,
/// so no product loses a word), its bits mixed (the golden ratio's).
const ODD: u64 = 0x9e37_79b9_7f4a_7c15;

/// The finalizer of MurmurHash3, a bijection in which every output bit
/// depends on every input bit: products modulo 2^64 carry only upward, and
/// the sample is chosen by the low bits.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

#[inline]
fn hash_step(h: u64, eight: u64) -> u64 {
    (h.rotate_left(23) ^ eight).wrapping_mul(ODD)
}

/// A word's hash, from its bytes in lower case, eight at a time (the last
/// few padded with zeros, which no word holds).
fn word_hash(lowered: &[u8]) -> u64 {
    let mut h = lowered.len() as u64;
    let mut chunks = lowered.chunks_exact(8);
    for c in &mut chunks {
        h = hash_step(h, u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut pad = [0u8; 8];
        pad[..rest.len()].copy_from_slice(rest);
        h = hash_step(h, u64::from_le_bytes(pad));
    }
    mix(h)
}

/// The `n` (1 to 7) bytes of `b` from `at`, zero-padded to eight, read as
/// one load where eight bytes can be read around them: a copy into a padded
/// buffer, read back at once, stalled the word hash on every word.
#[inline]
fn padded(b: &[u8], at: usize, n: usize) -> u64 {
    if let Some(eight) = b.get(at..at + 8) {
        let present = u64::MAX >> (64 - 8 * n);
        u64::from_le_bytes(eight.try_into().expect("eight bytes")) & present
    } else if at + n >= 8 {
        let eight = &b[at + n - 8..at + n];
        u64::from_le_bytes(eight.try_into().expect("eight bytes")) >> (64 - 8 * n)
    } else {
        b[at..at + n]
            .iter()
            .rev()
            .fold(0, |v, &x| (v << 8) | u64::from(x))
    }
}

/// [`word_hash`] of the ASCII word `b[start..end]` of letters and digits,
/// lowered as it is read: setting bit 5 of a letter or digit gives its
/// lower case.
fn ascii_word_hash(b: &[u8], start: usize, end: usize) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut h = (end - start) as u64;
    let mut at = start;
    while at + 8 <= end {
        let eight = u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
        h = hash_step(h, eight | LOWER);
        at += 8;
    }
    if at < end {
        let n = end - at;
        let present = u64::MAX >> (64 - 8 * n);
        h = hash_step(h, padded(b, at, n) | (LOWER & present));
    }
    mix(h)
}

/// The hashes of the text's words (runs of letters and digits) in lower
/// case, in order: what the shingles are made of. Each word is hashed
/// once; a shingle's hash is then a polynomial in its words' hashes
/// ([`sampled_shingles`]), where hashing each shingle's bytes read every
/// word thirteen times.
fn words(text: &str) -> Vec<u64> {
    // About one word per six bytes of news text.
    let mut hashes = Vec::with_capacity(text.len() / 6);
    // Words are runs of alphanumeric characters, scanned a byte at a time
    // where the text is ASCII (a character iterator over every text cost
    // more than hashing the shingles), a word's bytes in a loop of their
    // own rather than each asked whether a word had begun.
    let b = text.as_bytes();
    // A character beyond ASCII at byte `i`: whether it is part of a word,
    // and its length. General punctuation (U+2000 to U+203F: curly quotes,
    // dashes, ellipses), the most common of them in news, is told by its
    // first two bytes, without decoding.
    let wide_at = |i: usize| {
        if b[i] == 0xe2 && b.get(i + 1) == Some(&0x80) {
            return (false, 3);
        }
        let c = text[i..].chars().next().expect("a character");
        (c.is_alphanumeric(), c.len_utf8())
    };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            if !ASCII_ALNUM[usize::from(b[i])] {
                i += 1;
                continue;
            }
        } else if let (false, n) = wide_at(i) {
            i += n;
            continue;
        }
        let start = i;
        let mut ascii = true;
        loop {
            while i < b.len() && ASCII_ALNUM[usize::from(b[i])] {
                i += 1;
            }
            match (i < b.len() && !b[i].is_ascii()).then(|| wide_at(i)) {
                Some((true, n)) => {
                    ascii = false;
                    i += n;
                }
                _ => break,
            }
        }
        hashes.push(if ascii {
            ascii_word_hash(b, start, i)
        } else {
            // A whole word at a time: Σ lowers by its place in the word.
            word_hash(text[start..i].to_lowercase().as_bytes())
        });
    }
    hashes
}

/// The sampled `k`-word shingles, as the top halves of their hashes (the
/// low bits choose the sample), sorted and distinct.
///
/// A shingle's hash is the polynomial in its words' hashes (the first word
/// the highest power of [`ODD`]), mixed; the polynomial is rolled from one
/// shingle to the next, a word out and a word in.
fn sampled_shingles(words: &[u64], k: usize) -> Vec<u32> {
    let Some(first) = words.get(..k) else {
        return Vec::new();
    };
    // The weight of the word that leaves the window: ODD^(k-1).
    let leaving = (1..k).fold(1u64, |w, _| w.wrapping_mul(ODD));
    let mut h = first
        .iter()
        .fold(0u64, |h, &w| h.wrapping_mul(ODD).wrapping_add(w));
    let mut out = Vec::with_capacity(words.len() / SAMPLE as usize + 8);
    let mut sample = |h: u64| {
        let m = mix(h);
        if m.is_multiple_of(SAMPLE) {
            out.push((m >> 32) as u32);
        }
    };
    sample(h);
    for (&old, &new) in words.iter().zip(&words[k..]) {
        h = h
            .wrapping_sub(old.wrapping_mul(leaving))
            .wrapping_mul(ODD)
            .wrapping_add(new);
        sample(h);
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let words = words(text);
        Fingerprint {
            exact: xxh3_64(text.as_bytes()),
            near: sampled_shingles(&words, 5),
            story: sampled_shingles(&words, 8),
        }
    }
}

/// The content hash written to `documents.content_hash`.
pub fn content_hash(text: &str) -> String {
    format!("{:016x}", xxh3_64(text.as_bytes()))
}

/// The number of values two sorted sets share, or `None` as soon as it is
/// sure to stay below `at_least - 1`: most pairs that share a passage are
/// far from copies, and that shows within their first few shingles.
fn shared_reaching(a: &[u32], b: &[u32], at_least: f64) -> Option<usize> {
    // For a whole number m, m < x exactly when m < ⌈x⌉: the bound is tested
    // in integers inside the loop, the in-order stage's hottest. The steps
    // are counted without branching on the comparison, which the CPU cannot
    // guess: a shared value moves both sides on, any other the smaller one.
    // The bound is tested after every step (a shared value leaves it as it
    // was).
    let at_least = at_least.ceil().max(0.0) as usize;
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
        let most = n + (a.len() - i).min(b.len() - j);
        if most + 1 < at_least {
            return None;
        }
    }
    Some(n)
}

/// Asks for the cache line at `p` ahead of its use: a hint, which changes
/// nothing but when memory is read.
#[inline]
#[cfg(target_arch = "x86_64")]
fn prefetch<T>(p: *const T) {
    // SAFETY: a prefetch cannot fault and reads nothing into the program,
    // whatever the address.
    unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast()) }
}

#[inline]
#[cfg(not(target_arch = "x86_64"))]
fn prefetch<T>(_: *const T) {}

/// Documents a document is compared with, by default: in news, reprints and
/// re-cuts follow their original within days, which is tens of thousands
/// of articles even for a country's whole online press.
pub const DEFAULT_WINDOW: usize = 50_000;
/// Generations of the index kept: a window of `w` documents keeps the last
/// four generations of `w / 4`, so a document is compared with at least the
/// `3w / 4` before it and at most the `w` before it.
const GENERATIONS: usize = 4;
/// Marks a posting that points into [`Postings::lists`] rather than at
/// one document.
const LIST: u32 = 1 << 31;

/// Duplicates and stories found one document at a time, in corpus order,
/// keeping of each earlier document only what later ones are compared with:
/// its sampled 5-word shingles (the near-duplicate test), the number of its
/// 8-word ones, the posting lists of shingle → documents, and the
/// union-find of stories. That state is what a streaming build holds across
/// batches; the texts themselves are not kept.
///
/// The shingles and posting lists are kept for a window of recent documents
/// only, in generations dropped whole as newer ones fill (and the dropped
/// documents taken out of the postings then): in news, reprints and re-cuts
/// follow their original within days, and without a window this index
/// would grow by kilobytes per document for the whole corpus. What is
/// kept for every document (its story link, its copy link, its text's hash)
/// is a few words.
#[derive(Debug)]
pub struct Deduper {
    /// Documents per generation (`usize::MAX`: one generation, no window).
    per_generation: usize,
    generations: std::collections::VecDeque<Generation>,
    /// The window's documents under each of their sampled 8-word shingles,
    /// all generations in one index: a look-up per shingle, where one per
    /// generation made four cache misses of each on a full window.
    postings: Postings,
    story_len: Vec<u32>,
    parent: Vec<u32>,
    original: Vec<Option<u32>>,
    first_by_hash: HashMap<u64, u32, Prehashed>,
    /// Scratch: per earlier document of the window (by its index less the
    /// first of the oldest generation), the sampled 8-word shingles it
    /// shares with the one being added, but for those found in more than
    /// [`MAX_POSTING`] documents: counted in place, where a list of every
    /// document met under every shingle ran to thousands of entries per
    /// document on corpora whose documents share many passages.
    shared: Vec<u32>,
    /// Scratch: the documents with a count in `shared`.
    touched: Vec<u32>,
    /// Scratch: the shingles the document being added is posted under.
    to_post: Vec<u32>,
}

/// The shingles of consecutive documents, from `first` on.
#[derive(Debug, Default)]
struct Generation {
    first: usize,
    /// Every document's sampled 5-word shingles, one after another.
    near: Vec<u32>,
    /// Where each document's shingles end in `near`.
    near_end: Vec<u32>,
}

impl Generation {
    fn near_of(&self, i: usize) -> &[u32] {
        let k = i - self.first;
        let start = if k == 0 {
            0
        } else {
            self.near_end[k - 1] as usize
        };
        &self.near[start..self.near_end[k] as usize]
    }
}

/// Shingle → the documents posted under it, in the order posted.
#[derive(Debug, Default)]
struct Postings {
    /// The one document that has the shingle, or (with [`LIST`] set) the
    /// index of its documents in `lists`: most shingles of real news occur
    /// once, and a bare number costs a quarter of a list.
    map: HashMap<u32, u32, Prehashed>,
    lists: Vec<Vec<u32>>,
}

impl Postings {
    #[cfg(test)]
    fn documents(&self, h: u32) -> &[u32] {
        self.map.get(&h).map_or(&[], |p| self.posted(p))
    }

    /// The documents of a posting (a value of `map`).
    fn posted<'p>(&'p self, p: &'p u32) -> &'p [u32] {
        if p & LIST != 0 {
            &self.lists[(p & !LIST) as usize]
        } else {
            std::slice::from_ref(p)
        }
    }

    fn post(&mut self, h: u32, doc: u32) {
        let lists = &mut self.lists;
        self.map
            .entry(h)
            .and_modify(|p| {
                if *p & LIST != 0 {
                    lists[(*p & !LIST) as usize].push(doc);
                } else {
                    lists.push(vec![*p, doc]);
                    *p = (lists.len() - 1) as u32 | LIST;
                }
            })
            .or_insert(doc);
    }

    /// Forgets the documents before `first`, and the shingles left with
    /// none. Documents are posted in order, so each list loses a prefix;
    /// the lists left are packed anew, so that none is kept empty.
    fn forget_before(&mut self, first: u32) {
        let mut old = std::mem::take(&mut self.lists);
        let lists = &mut self.lists;
        self.map.retain(|_, p| {
            if *p & LIST == 0 {
                return *p >= first;
            }
            let mut list = std::mem::take(&mut old[(*p & !LIST) as usize]);
            list.drain(..list.partition_point(|&j| j < first));
            match list[..] {
                [] => false,
                [one] => {
                    *p = one;
                    true
                }
                _ => {
                    lists.push(list);
                    *p = (lists.len() - 1) as u32 | LIST;
                    true
                }
            }
        });
    }
}

impl Default for Deduper {
    fn default() -> Deduper {
        Deduper::with_window(DEFAULT_WINDOW)
    }
}

impl Deduper {
    pub fn new() -> Deduper {
        Deduper::default()
    }

    /// Compares each document with the (about) `window` documents before
    /// it; 0 compares it with every document before it.
    pub fn with_window(window: usize) -> Deduper {
        let per_generation = match window {
            0 => usize::MAX,
            w => w.div_ceil(GENERATIONS).max(1),
        };
        Deduper {
            per_generation,
            generations: Default::default(),
            postings: Postings::default(),
            story_len: Vec::new(),
            parent: Vec::new(),
            original: Vec::new(),
            first_by_hash: HashMap::default(),
            shared: Vec::new(),
            touched: Vec::new(),
            to_post: Vec::new(),
        }
    }

    fn generation_of(&self, i: usize) -> &Generation {
        let oldest = self.generations[0].first;
        &self.generations[(i - oldest) / self.per_generation]
    }

    fn near_of(&self, i: usize) -> &[u32] {
        self.generation_of(i).near_of(i)
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] as usize != i {
            self.parent[i] = self.parent[self.parent[i] as usize];
            i = self.parent[i] as usize;
        }
        i
    }

    fn union(&mut self, i: usize, j: usize) {
        let (a, b) = (self.find(i), self.find(j));
        self.parent[a.max(b)] = a.min(b) as u32;
    }

    /// The generation document `i` goes into, started (and the oldest
    /// dropped) when the newest is full.
    fn newest_for(&mut self, i: usize) -> &mut Generation {
        let full = self
            .generations
            .back()
            .is_none_or(|g| i - g.first >= self.per_generation);
        if full {
            if self.generations.len() == GENERATIONS {
                self.generations.pop_front();
                let first = self.generations[0].first;
                self.postings.forget_before(first as u32);
            }
            self.generations.push_back(Generation {
                first: i,
                ..Generation::default()
            });
        }
        self.generations.back_mut().expect("a generation")
    }

    /// Enters the next document: its index, its shingles in the newest
    /// generation and its exact hash (an earlier text with that hash is its
    /// original). An empty document is compared with nothing: `None`.
    fn admit(&mut self, fp: &Fingerprint, empty: bool) -> Option<usize> {
        let i = self.parent.len();
        self.parent.push(i as u32);
        self.original.push(None);
        self.story_len.push(fp.story.len() as u32);
        let newest = self.newest_for(i);
        if !empty {
            newest.near.extend_from_slice(&fp.near);
        }
        newest.near_end.push(newest.near.len() as u32);
        if empty {
            return None;
        }
        if let Some(&j) = self.first_by_hash.get(&fp.exact) {
            self.original[i] = Some(j);
        } else {
            self.first_by_hash.insert(fp.exact, i as u32);
        }
        Some(i)
    }

    /// Compares document `i` with an earlier one, `j`, with which it shares
    /// `k` sampled 8-word shingles: the same story if they make up enough
    /// of the smaller document, and `j` (or `j`'s original) `i`'s original
    /// if `i` has none yet and they are near copies.
    fn compare(&mut self, i: usize, fp: &Fingerprint, j: usize, k: usize) {
        let smaller = fp.story.len().min(self.story_len[j] as usize).max(1);
        if k >= STORY_MIN_SHARED && k as f64 / smaller as f64 >= STORY_CONTAINMENT {
            self.union(i, j);
        }
        // Resemblance is at most the smaller set over the larger (and a
        // rounded division keeps that order): most candidates are ruled
        // out without comparing their shingles.
        let (a, b) = (fp.near.len(), self.near_of(j).len());
        let possible = a.min(b) as f64 / a.max(b) as f64 >= NEAR_DUPLICATE;
        if self.original[i].is_some() || !possible {
            return;
        }
        let other = self.near_of(j);
        // Resemblance ≥ t needs shared ≥ t (a + b) / (1 + t); a margin of
        // one shingle keeps the rounded test below the judge.
        let t = NEAR_DUPLICATE;
        let needed = t * (a + b) as f64 / (1.0 + t);
        let Some(inter) = shared_reaching(&fp.near, other, needed) else {
            return;
        };
        let union = fp.near.len() + other.len() - inter;
        if union > 0 && inter as f64 / union as f64 >= NEAR_DUPLICATE {
            self.original[i] = Some(self.original[j].unwrap_or(j as u32));
            self.union(i, j);
        }
    }

    /// Adds the next document (its fingerprint, and whether its text is
    /// empty) and returns the index of the document it duplicates, if any:
    /// final as soon as it is known, unlike its story (see [`Deduper::stories`]).
    pub fn add(&mut self, fp: &Fingerprint, empty: bool) -> Option<usize> {
        let i = self.admit(fp, empty)?;
        // The story shingles are distinct (sorted and deduplicated), so the
        // postings can wait until every list is read, below.
        debug_assert!(fp.story.windows(2).all(|w| w[0] < w[1]));
        debug_assert!(self.generations.len() <= GENERATIONS);
        let base = self.generations[0].first;
        let mut shared = std::mem::take(&mut self.shared);
        if shared.len() < i - base {
            shared.resize(i - base, 0);
        }
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        // Every posting first, in a loop of lookups that do not wait on
        // each other: the index is far larger than the caches, and in the
        // loop that also counted and posted, each lookup waited for memory.
        let postings = &self.postings;
        let found: Vec<Option<&u32>> = fp.story.iter().map(|h| postings.map.get(h)).collect();
        // And the start of each list of several documents, asked for before
        // it is read (a single document is in the entry just read).
        for p in found.iter().flatten() {
            if *p & LIST != 0 {
                prefetch(postings.posted(p).as_ptr());
            }
        }
        let mut to_post = std::mem::take(&mut self.to_post);
        to_post.clear();
        for (&h, p) in fp.story.iter().zip(&found) {
            let list = p.map_or(&[][..], |p| postings.posted(p));
            if list.len() > MAX_POSTING {
                continue;
            }
            for &j in list {
                let n = &mut shared[j as usize - base];
                if *n == 0 {
                    touched.push(j);
                }
                *n += 1;
            }
            to_post.push(h);
        }
        // Posted once every list is read: the shingles are distinct and a
        // shingle's posting is its own key, so no lookup above depended on
        // these.
        for &h in &to_post {
            self.postings.post(h, i as u32);
        }
        self.to_post = to_post;
        // Each earlier document, in order, with the number of shingles shared.
        touched.sort_unstable();
        // The shingles of those that may be copies, asked for before the
        // comparisons below read them, which otherwise wait for memory.
        for &j in &touched {
            let other = self.near_of(j as usize);
            let (a, b) = (fp.near.len(), other.len());
            if a.min(b) as f64 / a.max(b) as f64 >= NEAR_DUPLICATE {
                prefetch(other.as_ptr());
            }
        }
        let candidates = touched
            .iter()
            .map(|&j| (j, shared[j as usize - base] as usize));
        for (j, k) in candidates {
            self.compare(i, fp, j as usize, k);
        }
        for &j in &touched {
            shared[j as usize - base] = 0;
        }
        self.shared = shared;
        self.touched = touched;
        self.original[i].map(|j| j as usize)
    }

    /// Each document's story: the index of the first document of its story.
    /// Known only once every document is in, since a later document can
    /// join two earlier stories.
    pub fn stories(&mut self) -> Vec<usize> {
        (0..self.parent.len()).map(|i| self.find(i)).collect()
    }
}

/// Sets `duplicate_of` and `story_id` on `docs` (in corpus order; the
/// earlier document is the original) from their fingerprints.
pub fn assign(docs: &mut [Document], prints: &[Fingerprint]) {
    let mut d = Deduper::new();
    let original: Vec<Option<usize>> = docs
        .iter()
        .zip(prints)
        .map(|(doc, fp)| d.add(fp, doc.text.is_empty()))
        .collect();
    let stories = d.stories();
    for i in 0..docs.len() {
        docs[i].duplicate_of = original[i].map(|j| docs[j].doc_id.clone());
        docs[i].story_id = docs[stories[i]].doc_id.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The words' hashes as `str::split` gives the words, character by
    /// character, each lowered as a whole.
    fn words_by_split(text: &str) -> Vec<u64> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| word_hash(w.to_lowercase().as_bytes()))
            .collect()
    }

    /// Each shingle's polynomial computed whole: what rolling must give.
    fn shingles_by_window(words: &[u64], k: usize) -> Vec<u32> {
        let mut out: Vec<u32> = words
            .windows(k)
            .map(|w| {
                mix(w
                    .iter()
                    .fold(0u64, |h, &x| h.wrapping_mul(ODD).wrapping_add(x)))
            })
            .filter(|m| m.is_multiple_of(SAMPLE))
            .map(|m| (m >> 32) as u32)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn general_punctuation_is_never_part_of_a_word() {
        for c in '\u{2000}'..='\u{203f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
            let mut buf = [0u8; 4];
            assert_eq!(c.encode_utf8(&mut buf).as_bytes()[..2], [0xe2, 0x80]);
        }
        assert_eq!(words("a\u{2019}b\u{201c}c\u{2014}"), words("a b c"));
    }

    #[test]
    fn shingles_are_hashed_by_their_words_not_their_spacing_or_case() {
        let a = Fingerprint::of("The minister said talks would resume in Vienna on Monday.");
        let b = Fingerprint::of("the  MINISTER said, talks would resume in\nVienna on monday");
        assert_eq!((a.near.clone(), a.story.clone()), (b.near, b.story));
        let c = Fingerprint::of("The minister said talks would resume in Geneva on Monday.");
        assert_ne!((a.near, a.story), (c.near, c.story));
    }

    proptest! {
        #[test]
        fn the_byte_scan_finds_the_words_of_the_character_split(
            text in r"([a-zA-Z0-9 .,'\n-]|’|“|—|é|Σ|ΟΔΟΣ|İ|\u{301}|\u{2070}|\PC){0,60}"
        ) {
            prop_assert_eq!(words(&text), words_by_split(&text));
        }

        #[test]
        fn an_ascii_word_is_hashed_as_its_lower_case(
            before in "[ a-z]{0,9}", word in "[a-zA-Z0-9]{1,40}", after in "[ a-z]{0,9}",
        ) {
            let text = format!("{before}{word}{after}");
            let (start, end) = (before.len(), before.len() + word.len());
            prop_assert_eq!(
                ascii_word_hash(text.as_bytes(), start, end),
                word_hash(word.to_ascii_lowercase().as_bytes())
            );
        }

        #[test]
        fn rolled_shingles_are_the_windows_hashed_whole(
            words in proptest::collection::vec(any::<u64>(), 0..60), k in 1usize..10,
        ) {
            prop_assert_eq!(sampled_shingles(&words, k), shingles_by_window(&words, k));
        }
    }

    /// `Deduper::add` as first written: every posting of every shingle
    /// gathered, sorted and counted in runs, each posted as it is read. The
    /// reference of the in-place count, with postings of its own that keep
    /// every document and are read only from the window's oldest on.
    fn add_by_sorting(
        d: &mut Deduper,
        posted: &mut HashMap<u32, Vec<u32>>,
        fp: &Fingerprint,
        empty: bool,
    ) -> Option<usize> {
        let i = d.admit(fp, empty)?;
        let oldest = d.generations[0].first as u32;
        let mut sharing: Vec<u32> = Vec::new();
        for &h in &fp.story {
            let before = sharing.len();
            let all = posted.get(&h).map_or(&[][..], |l| &l[..]);
            sharing.extend(all.iter().filter(|&&j| j >= oldest).copied());
            if sharing.len() - before <= MAX_POSTING {
                posted.entry(h).or_default().push(i as u32);
            } else {
                sharing.truncate(before);
            }
        }
        sharing.sort_unstable();
        for run in sharing.chunk_by(|a, b| a == b) {
            d.compare(i, fp, run[0] as usize, run.len());
        }
        d.original[i].map(|j| j as usize)
    }

    /// Fingerprints drawn from small sets of values, so that documents
    /// share many shingles (lists pass [`MAX_POSTING`]), some are copies
    /// (exact, or of an earlier document's shingles with a few changed) and
    /// some are empty.
    fn crowded(seed: u64, n: usize) -> Vec<(Fingerprint, bool)> {
        let mut r = seed | 1;
        let mut next = move |m: u64| {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            r % m
        };
        let mut out: Vec<(Fingerprint, bool)> = Vec::new();
        for _ in 0..n {
            let set = |next: &mut dyn FnMut(u64) -> u64, len: u64, of: u64| {
                let mut v: Vec<u32> = (0..len).map(|_| next(of) as u32).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (exact, near_len, story_len) = (next(40), 1 + next(30), next(40));
            let near = set(&mut next, near_len, 120);
            let story = set(&mut next, story_len, 50);
            let mut fp = Fingerprint { exact, near, story };
            if !out.is_empty() && next(3) == 0 {
                let k = next(out.len() as u64) as usize;
                fp.near = out[k].0.near.clone();
                fp.story = out[k].0.story.clone();
                if let Some(x) = fp.near.first_mut() {
                    *x += next(2) as u32;
                }
                fp.near.dedup();
            }
            out.push((fp, next(15) == 0));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn counting_in_place_finds_what_sorting_found(
            seed in any::<u64>(),
            window in prop::sample::select(vec![0usize, 4, 9, 30, 200, 1000]),
        ) {
            let (mut a, mut b) = (Deduper::with_window(window), Deduper::with_window(window));
            let mut posted = HashMap::new();
            for (fp, empty) in crowded(seed, 400) {
                prop_assert_eq!(a.add(&fp, empty), add_by_sorting(&mut b, &mut posted, &fp, empty));
            }
            prop_assert_eq!(a.stories(), b.stories());
        }
    }

    fn doc(id: &str, text: &str) -> Document {
        Document {
            doc_id: id.into(),
            source_path: id.into(),
            outlet: None,
            title: None,
            published: None,
            text: text.into(),
            n_words: 0,
            content_hash: String::new(),
            duplicate_of: None,
            story_id: String::new(),
            n_removed_lines: 0,
        }
    }

    fn run(docs: &mut [Document]) {
        let prints: Vec<_> = docs.iter().map(|d| Fingerprint::of(&d.text)).collect();
        assign(docs, &prints);
    }

    fn story(seed: usize) -> String {
        (0..200)
            .map(|i| format!("w{}x{}", seed, i * 7 % 13 + i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_shared_count_gives_up_only_when_it_cannot_reach() {
        let mut r = 7u64;
        let mut next = || {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            r % 64
        };
        for _ in 0..500 {
            let mut a: Vec<u32> = (0..20).map(|_| next() as u32).collect();
            let mut b: Vec<u32> = (0..20).map(|_| next() as u32).collect();
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            let exact = a.iter().filter(|x| b.contains(x)).count();
            for need in [0.0, 3.5, 8.0, 12.0, 30.0] {
                match shared_reaching(&a, &b, need) {
                    Some(n) => assert_eq!(n, exact),
                    None => assert!(((exact + 1) as f64) < need),
                }
            }
        }
    }

    #[test]
    fn identical_texts_are_duplicates() {
        let mut d = vec![
            doc("a", &story(1)),
            doc("b", &story(1)),
            doc("c", &story(2)),
        ];
        run(&mut d);
        assert_eq!(d[1].duplicate_of.as_deref(), Some("a"));
        assert_eq!(d[1].story_id, "a");
        assert_eq!(d[2].duplicate_of, None);
        assert_eq!(d[2].story_id, "c");
    }

    #[test]
    fn a_reprint_with_a_new_first_sentence_is_a_near_duplicate() {
        let orig = format!("{} {}", story(1), story(5));
        let reprint = format!(
            "A new opening sentence was written here by the copy desk. {}",
            &orig[40..]
        );
        let mut d = vec![doc("a", &orig), doc("b", &reprint)];
        run(&mut d);
        assert_eq!(d[1].duplicate_of.as_deref(), Some("a"));
    }

    #[test]
    fn a_recut_sharing_a_third_of_its_text_is_the_same_story_not_a_copy() {
        let shared_part = story(1)[..700].to_string();
        let a = format!("{} {}", shared_part, story(2));
        let b = format!("{} {}", shared_part, story(3));
        let mut d = vec![doc("a", &a), doc("b", &b), doc("c", &story(4))];
        run(&mut d);
        assert_eq!(d[1].duplicate_of, None);
        assert_eq!(d[1].story_id, "a");
        assert_eq!(d[2].story_id, "c");
    }

    /// `n` stories unrelated to each other and to `story(1)`.
    fn others(n: usize) -> Vec<Fingerprint> {
        (0..n).map(|k| Fingerprint::of(&story(100 + k))).collect()
    }

    #[test]
    fn a_copy_is_found_within_the_window_but_not_beyond_it() {
        let original = Fingerprint::of(&story(1));
        for (between, found) in [(2, true), (20, false)] {
            let mut d = Deduper::with_window(8);
            assert_eq!(d.add(&original, false), None);
            for fp in others(between) {
                d.add(&fp, false);
            }
            let near_copy = Fingerprint::of(&format!("Updated. {}", story(1)));
            assert_eq!(
                d.add(&near_copy, false).is_some(),
                found,
                "{between} between"
            );
            let stories = d.stories();
            assert_eq!(stories[between + 1] == 0, found);
        }
    }

    #[test]
    fn exact_copies_are_found_across_the_whole_corpus() {
        let mut d = Deduper::with_window(4);
        let original = Fingerprint::of(&story(1));
        d.add(&original, false);
        for fp in others(50) {
            d.add(&fp, false);
        }
        assert_eq!(d.add(&original, false), Some(0));
    }

    #[test]
    fn the_window_holds_a_bounded_number_of_generations() {
        let mut d = Deduper::with_window(8);
        for fp in others(40) {
            d.add(&fp, false);
        }
        assert_eq!(d.generations.len(), GENERATIONS);
        assert_eq!(d.generations[0].first, 32);
        // Without a window, one generation holds every document.
        let mut all = Deduper::with_window(0);
        for fp in others(40) {
            all.add(&fp, false);
        }
        assert_eq!(all.generations.len(), 1);
    }

    #[test]
    fn shingles_shared_once_or_many_times_are_both_found() {
        let mut p = Postings::default();
        p.post(7, 0);
        assert_eq!(p.documents(7), &[0]);
        p.post(7, 3);
        p.post(7, 5);
        p.post(9, 4);
        assert_eq!(p.documents(7), &[0, 3, 5]);
        assert_eq!(p.documents(9), &[4]);
        assert_eq!(p.documents(8), &[] as &[u32]);
    }

    #[test]
    fn documents_before_the_window_are_forgotten_and_their_lists_packed() {
        let mut p = Postings::default();
        for (h, doc) in [
            (1, 0),
            (1, 2),
            (2, 1),
            (3, 1),
            (3, 4),
            (3, 6),
            (4, 3),
            (4, 5),
        ] {
            p.post(h, doc);
        }
        p.forget_before(3);
        assert_eq!(p.documents(1), &[] as &[u32]);
        assert_eq!(p.documents(2), &[] as &[u32]);
        assert_eq!(p.documents(3), &[4, 6]);
        assert_eq!(p.documents(4), &[3, 5]);
        assert_eq!(p.map.len(), 2);
        assert_eq!(p.lists.len(), 2);
        // A list left with one document is a bare posting again.
        p.forget_before(5);
        assert_eq!(p.documents(3), &[6]);
        assert_eq!(p.documents(4), &[5]);
        assert!(p.lists.is_empty());
        p.post(4, 7);
        assert_eq!(p.documents(4), &[5, 7]);
    }
}
