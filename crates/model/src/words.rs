//! Words as the `n_words` column counts them: runs of non-whitespace, as
//! `str::split_whitespace` finds them.
//!
//! Counted over bytes, 16 at a time, when every white space in the text is
//! ASCII, as it nearly always is after clean-up: decoding each character
//! cost about one percent of a build. A text with other white space is counted by
//! `split_whitespace` itself.

/// The words of `text`.
pub fn count_words(text: &str) -> u32 {
    let n = ascii_runs(text.as_bytes()).unwrap_or_else(|| text.split_whitespace().count());
    n.min(u32::MAX as usize) as u32
}

/// The words of `text`, counted no further than `cap`: enough to compare
/// with any number below `cap`. The rules ask whether a quote or a gap has
/// three, five or eight words, and counting them to the end read every byte
/// of a long quote.
pub fn words_up_to(text: &str, cap: usize) -> usize {
    text.split_whitespace().take(cap).count()
}

/// ASCII white space as `char::is_whitespace` has it (`u8::is_ascii_whitespace`
/// leaves out the vertical tab).
#[inline]
pub fn is_ascii_space(x: u8) -> bool {
    x == b' ' || (b'\t'..=b'\r').contains(&x)
}

/// The first bytes of every white space beyond ASCII: U+0085 and U+00A0
/// (C2), U+1680 (E1), U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (E2),
/// U+3000 (E3).
fn may_lead_wide_space(x: u8) -> bool {
    x == 0xC2 || (0xE1..=0xE3).contains(&x)
}

/// Whether a white space beyond ASCII starts at byte `i` of `b`.
fn wide_space_at(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match at(0) {
        0xC2 => matches!(at(1), 0x85 | 0xA0),
        0xE1 => at(1) == 0x9A && at(2) == 0x80,
        0xE2 => match at(1) {
            0x80 => matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(2) == 0x9F,
            _ => false,
        },
        0xE3 => at(1) == 0x80 && at(2) == 0x80,
        _ => false,
    }
}

/// The masks of one 16-byte block: its ASCII white-space bytes, and the
/// bytes that may lead a wider white space, a bit per byte.
#[cfg(target_arch = "x86_64")]
fn block_masks(block: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 CPU; the load reads exactly the
    // block's 16 bytes, with no alignment asked.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let splat = |x: u8| _mm_set1_epi8(x as i8);
        // x - lo ≤ span, unsigned: the minimum leaves it unchanged.
        let within = |lo: u8, span: u8| {
            let d = _mm_sub_epi8(v, splat(lo));
            _mm_cmpeq_epi8(_mm_min_epu8(d, splat(span)), d)
        };
        let space = _mm_or_si128(_mm_cmpeq_epi8(v, splat(b' ')), within(b'\t', 4));
        let lead = _mm_or_si128(_mm_cmpeq_epi8(v, splat(0xC2)), within(0xE1, 2));
        (
            _mm_movemask_epi8(space) as u32,
            _mm_movemask_epi8(lead) as u32,
        )
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn block_masks(block: &[u8; 16]) -> (u32, u32) {
    let mut masks = (0, 0);
    for (j, &x) in block.iter().enumerate() {
        masks.0 |= u32::from(is_ascii_space(x)) << j;
        masks.1 |= u32::from(may_lead_wide_space(x)) << j;
    }
    masks
}

/// The runs of bytes that are not ASCII white space, or `None` if the
/// text has wider white space. Counted as the run starts: the bytes that
/// are not white space after one that is (or at the start).
fn ascii_runs(b: &[u8]) -> Option<usize> {
    let mut n = 0;
    let mut after_space = true;
    let blocks = b.chunks_exact(16);
    let rest_at = b.len() - blocks.remainder().len();
    for (k, block) in blocks.enumerate() {
        let (space, mut lead) = block_masks(block.try_into().expect("16 bytes"));
        while lead != 0 {
            if wide_space_at(b, k * 16 + lead.trailing_zeros() as usize) {
                return None;
            }
            lead &= lead - 1;
        }
        let starts = !space & ((space << 1) | u32::from(after_space)) & 0xFFFF;
        n += starts.count_ones() as usize;
        after_space = space & 0x8000 != 0;
    }
    for (i, &x) in b.iter().enumerate().skip(rest_at) {
        if may_lead_wide_space(x) && wide_space_at(b, i) {
            return None;
        }
        let space = is_ascii_space(x);
        n += usize::from(after_space && !space);
        after_space = space;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_up_to_the_cap_and_no_further() {
        let quote = "We will not  sign\u{a0}a deal\tthat —  leaves us out";
        assert_eq!(words_up_to(quote, 100), quote.split_whitespace().count());
        assert_eq!(words_up_to(quote, 5), 5);
        assert_eq!(words_up_to(quote, 0), 0);
        assert_eq!(words_up_to("  ", 3), 0);
        // Below the cap the comparisons are those of the full count.
        for k in 0..12 {
            assert_eq!(
                words_up_to(quote, k + 1) > k,
                quote.split_whitespace().count() > k
            );
        }
    }

    #[test]
    fn words_are_whitespace_runs() {
        assert_eq!(count_words("  Kerry said: \"We are\u{a0}close.\"\n"), 5);
        assert_eq!(count_words("“Kerry” said\tso\r\n"), 3);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words(" "), 0);
        assert_eq!(count_words("x"), 1);
    }

    #[test]
    fn every_white_space_character_is_known() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            if c.is_ascii() {
                assert_eq!(is_ascii_space(b[0]), c.is_whitespace(), "{c:?}");
            } else {
                assert_eq!(wide_space_at(b, 0), c.is_whitespace(), "{c:?}");
                if c.is_whitespace() {
                    assert!(may_lead_wide_space(b[0]), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn blocks_mark_their_bytes() {
        let block: [u8; 16] = *b"a b\tc\x0bd\x0ce\rf\x1cg\xc2\xe1\xe3";
        let (space, lead) = block_masks(&block);
        let expect = |f: fn(u8) -> bool| (0..16).fold(0, |m, j| m | (u32::from(f(block[j])) << j));
        assert_eq!(space, expect(is_ascii_space));
        assert_eq!(lead, expect(may_lead_wide_space));
    }

    proptest::proptest! {
        // Words with curly quotes, dashes and accents between ASCII white
        // space, as in clean text, long enough for whole blocks: the byte
        // count's path.
        #[test]
        fn the_byte_count_is_the_split_count(
            text in r"([a-z .,\t\n\r\x0b\x0c\x1c]|“|’|é|\u{2013}|日){0,80}"
        ) {
            proptest::prop_assert!(ascii_runs(text.as_bytes()).is_some());
            let split = text.split_whitespace().count() as u32;
            proptest::prop_assert_eq!(count_words(&text), split);
        }

        #[test]
        fn wide_spaces_are_counted_as_split_counts_them(
            text in r"([a-z .\n]|“|\u{a0}|\u{2009}|\u{202f}|\u{3000}|\u{85}|\PC){0,80}"
        ) {
            let split = text.split_whitespace().count() as u32;
            proptest::prop_assert_eq!(count_words(&text), split);
        }
    }
}
