//! Paragraphs, sentences and quotation marks: where quotes can stand.

use whosaid_model::Span;

/// Paragraph spans (text between blank lines or line breaks).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    // A newline byte is a newline character in UTF-8: a byte search finds them.
    for (i, _) in text.match_indices('\n') {
        if i > start {
            out.push(Span::new(start, i));
        }
        start = i + 1;
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// A document's paragraphs and their sentences, split once for every layer
/// that reads them (direct and indirect quotes, positions): each split them
/// again, which cost a fortieth of a build.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    paras: Vec<Span>,
    sents: Vec<Span>,
    /// Per paragraph, its first sentence's index; one more at the end.
    first_sent: Vec<usize>,
    /// Every paragraph's [`quoted_spans`], in text order: coreference and
    /// direct quotes both read them.
    quoted: Vec<(Span, Span)>,
    /// Per paragraph, its first quoted span's index; one more at the end.
    first_quoted: Vec<usize>,
    /// `phrase_starts`: the cue and stance-predicate lexicons are looked
    /// up there, in many overlapping ranges.
    phrase_starts: Vec<usize>,
    /// The same as bits, bit `i % 64` of word `i / 64` for byte `i`, and
    /// per word the starts before it: a range's starts are then found by
    /// counting bits. Halving the list for each end of each cue scan's
    /// range, loads that wait on each other, showed as an eighth of the
    /// quote scan in a profile; counting took 2–3 % off its time.
    start_bits: Vec<u64>,
    starts_before_word: Vec<u32>,
}

impl Segments {
    pub fn of(text: &str) -> Segments {
        let paras = paragraphs(text);
        let mut sents = Vec::with_capacity(paras.len() * 2);
        let mut first_sent = Vec::with_capacity(paras.len() + 1);
        let mut quoted = Vec::new();
        let mut first_quoted = Vec::with_capacity(paras.len() + 1);
        for &p in &paras {
            first_sent.push(sents.len());
            sents.extend(sentences(text, p));
            first_quoted.push(quoted.len());
            quoted.extend(quoted_spans(text, p));
        }
        first_sent.push(sents.len());
        first_quoted.push(quoted.len());
        let phrase_starts = phrase_starts(text);
        let mut start_bits = vec![0u64; text.len() / 64 + 1];
        for &s in &phrase_starts {
            start_bits[s / 64] |= 1 << (s % 64);
        }
        let mut before = 0;
        let starts_before_word = (start_bits.iter())
            .map(|w| {
                let n = before;
                before += w.count_ones();
                n
            })
            .collect();
        Segments {
            paras,
            sents,
            first_sent,
            quoted,
            first_quoted,
            phrase_starts,
            start_bits,
            starts_before_word,
        }
    }

    /// Where a whole-word phrase can start (`phrase_starts`), in `from..to`.
    pub fn phrase_starts_in(&self, from: usize, to: usize) -> &[usize] {
        let (a, b) = (self.starts_before(from), self.starts_before(to));
        &self.phrase_starts[a..b]
    }

    /// How many phrase starts lie before byte `at`.
    fn starts_before(&self, at: usize) -> usize {
        match self.start_bits.get(at / 64) {
            Some(&bits) => {
                let below = bits & ((1u64 << (at % 64)) - 1);
                self.starts_before_word[at / 64] as usize + below.count_ones() as usize
            }
            None => self.phrase_starts.len(),
        }
    }

    /// The quotation-mark pairs of paragraph `k`, as [`quoted_spans`].
    pub fn quoted_of(&self, k: usize) -> &[(Span, Span)] {
        &self.quoted[self.first_quoted[k]..self.first_quoted[k + 1]]
    }

    /// The quotation-mark pairs of every paragraph, in text order.
    pub fn quoted(&self) -> &[(Span, Span)] {
        &self.quoted
    }

    pub fn paragraphs(&self) -> &[Span] {
        &self.paras
    }

    /// Every sentence, in text order.
    pub fn sentences(&self) -> &[Span] {
        &self.sents
    }

    /// The sentences of paragraph `k`.
    pub fn sentences_of(&self, k: usize) -> &[Span] {
        &self.sents[self.first_sent[k]..self.first_sent[k + 1]]
    }
}

/// Joins a word: a phrase whose neighbour is one of these is part of a
/// longer word ("called" in "so-called").
pub(crate) fn joins(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Where a whole-word phrase can start: every character that follows no
/// [`joins`] character (the first one too). A phrase found anywhere else
/// is part of a longer word and is never kept.
pub fn phrase_starts(text: &str) -> Vec<usize> {
    // Sixteen bytes at a time where they are all ASCII, as nearly all of a
    // news text is: by characters this cost a percent of a build.
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut after_joining = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + 16) {
            let block: &[u8; 16] = block.try_into().expect("16 bytes");
            if let Some(joining) = ascii_joining_mask(block) {
                let mut starts = !(joining << 1 | u32::from(after_joining)) & 0xFFFF;
                while starts != 0 {
                    out.push(i + starts.trailing_zeros() as usize);
                    starts &= starts - 1;
                }
                after_joining = joining & 0x8000 != 0;
                i += 16;
                continue;
            }
        }
        // A block with a character beyond ASCII, or the last few bytes:
        // through to the end of the block, a character at a time.
        let end = (i + 16).min(bytes.len());
        while i < end {
            if !after_joining {
                out.push(i);
            }
            let c = text[i..].chars().next().expect("a character");
            after_joining = joins(c);
            i += c.len_utf8();
        }
    }
    out
}

/// A bit per byte of `block` that is an ASCII letter, digit or hyphen, or
/// `None` when a byte is beyond ASCII.
#[cfg(target_arch = "x86_64")]
fn ascii_joining_mask(block: &[u8; 16]) -> Option<u32> {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 CPU; the load reads exactly the
    // block's 16 bytes, with no alignment asked.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        if _mm_movemask_epi8(v) != 0 {
            return None;
        }
        let splat = |x: u8| _mm_set1_epi8(x as i8);
        // x - lo ≤ span, unsigned: the minimum leaves it unchanged.
        let within = |lo: u8, span: u8| {
            let d = _mm_sub_epi8(v, splat(lo));
            _mm_cmpeq_epi8(_mm_min_epu8(d, splat(span)), d)
        };
        let joining = _mm_or_si128(
            _mm_or_si128(within(b'0', 9), within(b'A', 25)),
            _mm_or_si128(within(b'a', 25), _mm_cmpeq_epi8(v, splat(b'-'))),
        );
        Some(_mm_movemask_epi8(joining) as u32)
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn ascii_joining_mask(block: &[u8; 16]) -> Option<u32> {
    let mut mask = 0;
    for (j, &x) in block.iter().enumerate() {
        if !x.is_ascii() {
            return None;
        }
        mask |= u32::from(x.is_ascii_alphanumeric() || x == b'-') << j;
    }
    Some(mask)
}

/// Sentences of a paragraph, split at final marks followed by a space and
/// a capital or an opening quote, not inside quotation marks.
///
/// The characters around a mark are decoded where they are needed: a
/// vector of the paragraph's characters, and the word before each period
/// as a string, cost more than the rest of the scan.
pub(crate) fn sentences(text: &str, para: Span) -> Vec<Span> {
    let p = para.slice(text);
    let bytes = p.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    // The two characters after the one at `i` (of length `len`).
    let next_two = |i: usize, len: usize| {
        let mut after = p[i + len..].chars();
        (after.next(), after.next())
    };
    // Only final marks and quotation marks change anything: the scan goes
    // byte by byte to the next byte that can begin one (decoding every
    // character cost a percent of a build). Those bytes are ASCII or lead
    // bytes, so `i` is always a character boundary.
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&b| SENTENCE_MARK[usize::from(b)])
    {
        i += k;
        let c = p[i..].chars().next().expect("a character");
        let len = c.len_utf8();
        // A sentence can end inside a quotation: “… a deal.” Sen. Lee said.
        let closing = matches!(c, '”' | '»') || (c == '"' && in_quote);
        if closing
            && p[..i]
                .chars()
                .next_back()
                .is_some_and(|b| ".?!".contains(b))
        {
            let (next, after) = next_two(i, len);
            if next == Some(' ') && after.is_some_and(char::is_uppercase) {
                out.push(Span::new(para.start + start, para.start + i + len));
                start = i + len + 1;
                in_quote = false;
                i += len;
                continue;
            }
        }
        match c {
            '“' | '«' => in_quote = true,
            '”' | '»' => in_quote = false,
            '"' => in_quote = !in_quote,
            '.' | '?' | '!' if !in_quote => {
                let (next, after) = next_two(i, 1);
                // The word before the mark: at most three characters, the
                // first of them a capital ("Mr.", "Sen.", "U.S.").
                let (mut n, mut first) = (0, None);
                for w in p[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .take(4)
                {
                    n += 1;
                    first = Some(w);
                }
                let abbreviation = n <= 3 && first.is_some_and(char::is_uppercase) && c == '.';
                if next == Some(' ')
                    && after.is_some_and(|a| a.is_uppercase() || "“\"‘'".contains(a))
                    && !abbreviation
                {
                    out.push(Span::new(para.start + start, para.start + i + 1));
                    start = i + 2;
                }
            }
            _ => {}
        }
        i += len;
    }
    if start < p.len() {
        out.push(Span::new(para.start + start, para.end));
    }
    out
}

/// Bytes that can begin a final mark (`.`, `?`, `!`) or a quotation mark
/// the sentence split reads: `"`, and the lead bytes of “ ” (E2) and « »
/// (C2).
const SENTENCE_MARK: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b'"' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t
};

/// The sentence (of a paragraph's `sents`) that holds `quote`, stretched
/// over the quote. `sents` are computed once per paragraph: a paragraph can
/// be a whole 20 MB document.
pub(crate) fn sentence_around(sents: &[Span], para: Span, quote: Span) -> Span {
    let k = sents.partition_point(|s| s.start <= quote.start);
    let start = if k > 0 {
        sents[k - 1].start
    } else {
        para.start
    };
    let e = sents.partition_point(|s| s.end < quote.end);
    let end = sents.get(e).map_or(para.end, |s| s.end);
    Span::new(start.min(quote.start), end.max(quote.end))
}

/// The sentence after `sent`, if `sents` holds one.
pub(crate) fn next_sentence(sents: &[Span], sent: Span) -> Option<Span> {
    let k = sents.partition_point(|s| s.start < sent.end);
    sents.get(k).copied()
}

/// The sentence before `sent`, if `sents` holds one.
pub(crate) fn previous_sentence(sents: &[Span], sent: Span) -> Option<Span> {
    let k = sents.partition_point(|s| s.end <= sent.start);
    k.checked_sub(1).map(|k| sents[k])
}

/// Quotation-mark pairs of one paragraph: (inner content, with the marks).
/// Curly “…”, straight "…", NYT ''…'' and guillemets «…». A mark left open
/// runs to the paragraph's end; a close without an open starts at the
/// paragraph's start (the rest of a quote begun in an earlier paragraph).
pub fn quoted_spans(text: &str, para: Span) -> Vec<(Span, Span)> {
    let p = para.slice(text);
    let bytes = p.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (mark start, content start), absolute
    let mut first_mark = true;
    let mut in_attribute = false;
    let mut i = 0;
    // Byte by byte to the next byte that can start a mark (decoding every
    // character took 2 % of a build); those bytes are ASCII or lead bytes,
    // so `i` is always a character boundary.
    while let Some(k) = bytes[i..].iter().position(|&b| MARK_START[usize::from(b)]) {
        i += k;
        let Some(c) = p[i..].chars().next() else {
            break;
        };
        let abs = para.start + i;
        let mut next = i + c.len_utf8();
        // `author="@name"`: markup attributes are not speech, nor is their closing mark.
        if c == '"' && (p[..i].ends_with('=') || in_attribute) {
            in_attribute = !in_attribute;
            i = next;
            continue;
        }
        let (is_open, is_close, width) = match c {
            '“' | '«' | '„' => (true, false, c.len_utf8()),
            '”' | '»' => (false, true, c.len_utf8()),
            '"' => (open.is_none(), open.is_some(), 1),
            '\'' if p[i..].starts_with("''") => {
                next = i + 2;
                (open.is_none(), open.is_some(), 2)
            }
            _ => {
                i = next;
                continue;
            }
        };
        if is_open {
            if open.is_none() {
                open = Some((abs, abs + width));
            }
        } else if is_close {
            match open.take() {
                Some((mark, content)) => {
                    out.push((Span::new(content, abs), Span::new(mark, abs + width)))
                }
                None if first_mark => out.push((
                    Span::new(para.start, abs),
                    Span::new(para.start, abs + width),
                )),
                None => {}
            }
        }
        first_mark = false;
        i = next;
    }
    if let Some((mark, content)) = open {
        out.push((Span::new(content, para.end), Span::new(mark, para.end)));
    }
    out
}

/// Bytes that can begin a quotation mark: `"`, `'`, and the lead bytes of
/// “ ” „ (E2) and « » (C2).
const MARK_START: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t
};

pub(crate) fn para_starts_with_quote(text: &str, para: Span, outer: Span) -> bool {
    text[para.start..outer.start].trim().is_empty()
}

pub(crate) fn trim_span(text: &str, s: Span) -> Span {
    let t = s.slice(text);
    let start = s.start + (t.len() - t.trim_start().len());
    let end = s.end - (t.len() - t.trim_end().len());
    Span::new(start, end.max(start))
}

pub(crate) fn skip_space(text: &str, from: usize, end: usize) -> usize {
    from + text[from..end].len() - text[from..end].trim_start().len()
}

/// `to`, or the char boundary `max` bytes after `from` if that is sooner.
pub(crate) fn char_window(text: &str, from: usize, to: usize, max: usize) -> usize {
    let mut end = (from + max).min(to);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Most words capitalized, as in a show's or a book's title.
/// Whether the words before a quotation name a work, so the quotation is
/// its title: ABC's “This Week”, the book “Backfire”, a video titled “…”.
pub(crate) fn names_a_work(text: &str, outer: Span) -> bool {
    let Some(prev) = text[..outer.start].split_whitespace().next_back() else {
        return false;
    };
    let prev = prev.to_lowercase();
    prev.ends_with("'s")
        || prev.ends_with("’s")
        || prev.ends_with("s'")
        || WORK_NOUNS.contains(&prev.trim_end_matches([',', ':']))
}

/// Nouns and participles that announce a title.
const WORK_NOUNS: &[&str] = &[
    "book",
    "books",
    "show",
    "shows",
    "film",
    "films",
    "movie",
    "program",
    "programme",
    "song",
    "songs",
    "album",
    "article",
    "column",
    "op-ed",
    "essay",
    "editorial",
    "titled",
    "entitled",
    "headlined",
    "dubbed",
    "series",
    "episode",
    "documentary",
    "play",
    "musical",
    "novel",
    "memoir",
    "report",
    "video",
    "ad",
    "podcast",
    "newsletter",
    "magazine",
    "channel",
];

pub(crate) fn is_title_cased(s: &str) -> bool {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let small = [
        "a", "an", "the", "of", "in", "on", "to", "for", "and", "with", "is", "at", "by",
    ];
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !small.contains(&w.to_lowercase().as_str()))
        .collect();
    let caps = content
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    !content.is_empty() && caps == content.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The scans as first written, which the faster ones must match.
    mod reference {
        use whosaid_model::Span;

        /// Quotation-mark pairs, decoding every character.
        pub(super) fn quoted_spans(text: &str, para: Span) -> Vec<(Span, Span)> {
            let p = para.slice(text);
            let mut out = Vec::new();
            let mut open: Option<(usize, usize)> = None; // (mark start, content start), absolute
            let mut iter = p.char_indices().peekable();
            let mut first_mark = true;
            let mut in_attribute = false;
            while let Some((i, c)) = iter.next() {
                let abs = para.start + i;
                // `author="@name"`: markup attributes are not speech, nor is their closing mark.
                if c == '"' && (p[..i].ends_with('=') || in_attribute) {
                    in_attribute = !in_attribute;
                    continue;
                }
                let (is_open, is_close, width) = match c {
                    '“' | '«' | '„' => (true, false, c.len_utf8()),
                    '”' | '»' => (false, true, c.len_utf8()),
                    '"' => (open.is_none(), open.is_some(), 1),
                    '\'' if p[i..].starts_with("''") => {
                        iter.next();
                        (open.is_none(), open.is_some(), 2)
                    }
                    _ => continue,
                };
                if is_open {
                    if open.is_none() {
                        open = Some((abs, abs + width));
                    }
                } else if is_close {
                    match open.take() {
                        Some((mark, content)) => {
                            out.push((Span::new(content, abs), Span::new(mark, abs + width)))
                        }
                        None if first_mark => out.push((
                            Span::new(para.start, abs),
                            Span::new(para.start, abs + width),
                        )),
                        None => {}
                    }
                }
                first_mark = false;
            }
            if let Some((mark, content)) = open {
                out.push((Span::new(content, para.end), Span::new(mark, para.end)));
            }
            out
        }

        /// Paragraph spans (text between blank lines or line breaks).
        pub(super) fn paragraphs(text: &str) -> Vec<Span> {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if c == '\n' {
                    if i > start {
                        out.push(Span::new(start, i));
                    }
                    start = i + 1;
                }
            }
            if start < text.len() {
                out.push(Span::new(start, text.len()));
            }
            out
        }

        /// Sentences of a paragraph, split at final marks followed by a space and
        /// a capital or an opening quote, not inside quotation marks.
        pub(super) fn sentences(text: &str, para: Span) -> Vec<Span> {
            let p = para.slice(text);
            let mut out = Vec::new();
            let mut start = 0;
            let mut in_quote = false;
            let chars: Vec<(usize, char)> = p.char_indices().collect();
            for (k, &(i, c)) in chars.iter().enumerate() {
                // A sentence can end inside a quotation: “… a deal.” Sen. Lee said.
                let closing = matches!(c, '”' | '»') || (c == '"' && in_quote);
                if closing && k > 0 && ".?!".contains(chars[k - 1].1) {
                    let next = chars.get(k + 1).map(|x| x.1);
                    let after = chars.get(k + 2).map(|x| x.1);
                    if next == Some(' ') && after.is_some_and(char::is_uppercase) {
                        out.push(Span::new(para.start + start, para.start + i + c.len_utf8()));
                        start = i + c.len_utf8() + 1;
                        in_quote = false;
                        continue;
                    }
                }
                match c {
                    '“' | '«' => in_quote = true,
                    '”' | '»' => in_quote = false,
                    '"' => in_quote = !in_quote,
                    '.' | '?' | '!' if !in_quote => {
                        let next = chars.get(k + 1).map(|x| x.1);
                        let after = chars.get(k + 2).map(|x| x.1);
                        let prev_word: String = p[..i]
                            .chars()
                            .rev()
                            .take_while(|c| c.is_alphanumeric())
                            .collect();
                        let abbreviation = prev_word.chars().count() <= 3
                            && prev_word
                                .chars()
                                .next_back()
                                .is_some_and(char::is_uppercase)
                            && c == '.';
                        if next == Some(' ')
                            && after.is_some_and(|a| a.is_uppercase() || "“\"‘'".contains(a))
                            && !abbreviation
                        {
                            out.push(Span::new(para.start + start, para.start + i + 1));
                            start = i + 2;
                        }
                    }
                    _ => {}
                }
            }
            if start < p.len() {
                out.push(Span::new(para.start + start, para.end));
            }
            out
        }
    }

    /// Every character that follows none that joins a word, by characters.
    fn phrase_starts_by_chars(text: &str) -> Vec<usize> {
        let mut prev = None;
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            if !prev.is_some_and(joins) {
                out.push(i);
            }
            prev = Some(c);
        }
        out
    }

    #[test]
    fn phrases_start_after_what_does_not_join_a_word() {
        let text = "so-called “talks” in Zürich, 2016";
        let starts: Vec<&str> = phrase_starts(text).iter().map(|&i| &text[i..]).collect();
        assert_eq!(
            starts,
            vec![
                text,
                "“talks” in Zürich, 2016",
                "talks” in Zürich, 2016",
                " in Zürich, 2016",
                "in Zürich, 2016",
                "Zürich, 2016",
                " 2016",
                "2016",
            ]
        );
        // A long stretch of ASCII, read sixteen bytes at a time.
        let long = "the minister said on Tuesday that talks-to-be would wait";
        assert_eq!(phrase_starts(long), phrase_starts_by_chars(long));
    }

    proptest! {
        #[test]
        fn phrase_starts_are_those_found_by_characters(
            text in r"([a-zA-Z0-9 ,.\-\n]|é|’|\PC){0,90}"
        ) {
            prop_assert_eq!(phrase_starts(&text), phrase_starts_by_chars(&text));
        }

        /// Counting bits finds the starts that halving the list finds.
        #[test]
        fn a_range_has_the_phrase_starts_the_list_has_between_its_ends(
            text in r"([a-zA-Z0-9 ,.\-\n]|é|’|\PC){0,200}",
            from in 0usize..220,
            len in 0usize..220,
        ) {
            let segs = Segments::of(&text);
            let to = from + len;
            let a = segs.phrase_starts.partition_point(|&s| s < from);
            let b = segs.phrase_starts.partition_point(|&s| s < to);
            prop_assert_eq!(segs.phrase_starts_in(from, to), &segs.phrase_starts[a..b]);
        }

        #[test]
        fn paragraphs_and_sentences_are_those_of_the_reference_scans(
            text in r#"([a-zA-Z .?!\n]|[“”«»"‘'’]| [A-Z]|Mr\.|U\.S\.|é|\PC){0,80}"#
        ) {
            let paras = paragraphs(&text);
            prop_assert_eq!(&paras, &reference::paragraphs(&text));
            let segs = Segments::of(&text);
            prop_assert_eq!(segs.paragraphs(), &paras[..]);
            let mut all = Vec::new();
            for (k, &p) in paras.iter().enumerate() {
                let sents = reference::sentences(&text, p);
                prop_assert_eq!(sentences(&text, p), sents.clone());
                prop_assert_eq!(segs.sentences_of(k), &sents[..]);
                all.extend(sents);
            }
            prop_assert_eq!(segs.sentences(), &all[..]);
        }

        #[test]
        fn quoted_spans_are_those_of_the_reference_scan(
            text in r#"([a-z =\n]|[“”„«»"'’]|''|=\"|é|\PC){0,60}"#
        ) {
            let segs = Segments::of(&text);
            let mut all = Vec::new();
            for (k, p) in paragraphs(&text).into_iter().enumerate() {
                let spans = reference::quoted_spans(&text, p);
                prop_assert_eq!(quoted_spans(&text, p), spans.clone());
                prop_assert_eq!(segs.quoted_of(k), &spans[..]);
                all.extend(spans);
            }
            prop_assert_eq!(segs.quoted(), &all[..]);
        }
    }
}
