/// Converts byte offsets of one text to the code-point offsets of the
/// dataset contract (what Python's `str` slicing and Arrow use).
///
/// A checkpoint every `STRIDE` bytes keeps each lookup short without holding
/// a number per byte: a 20 MB single-line document stays cheap.
pub struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 64;

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            // A block at a time, counted eight bytes to a word
            // (`starts_of_chars`), rather than a byte at a time.
            checkpoints.reserve(text.len().div_ceil(STRIDE));
            let mut chars = 0usize;
            for block in text.as_bytes().chunks(STRIDE) {
                checkpoints.push(chars);
                chars += starts_of_chars(block);
            }
        }
        CharIndex {
            text,
            ascii,
            checkpoints,
        }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        if self.ascii {
            return byte;
        }
        let block = byte / STRIDE;
        let from = block * STRIDE;
        let base = self.checkpoints.get(block).copied().unwrap_or_else(|| {
            // `byte == text.len()` on a block boundary: one past the last checkpoint.
            self.text.chars().count()
        });
        if from >= self.text.len() {
            return base;
        }
        base + starts_of_chars(&self.text.as_bytes()[from..byte])
    }
}

/// The characters that start in `bytes`: every byte that does not continue
/// a UTF-8 sequence (`0b10xx_xxxx`) starts one. Eight bytes at a time: a
/// continuation byte has its top bit set and the next one clear, which one
/// mask of the word and of the word shifted by a bit finds in all eight;
/// the marks are summed per byte and the eight sums added once per run of
/// words (a multiply adds them into the top byte).
#[inline]
fn starts_of_chars(bytes: &[u8]) -> usize {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut continuing = 0;
    // Added up while their total fits in the top byte: 31 words, 248 marks.
    for run in bytes.chunks(8 * 31) {
        let mut words = run.chunks_exact(8);
        let mut sums = 0u64;
        for w in &mut words {
            let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
            sums += (w & !(w << 1) & TOP) >> 7;
        }
        continuing += (sums.wrapping_mul(ONES) >> 56) as usize;
        continuing += (words.remainder().iter())
            .filter(|&&b| (b as i8) < -0x40)
            .count();
    }
    bytes.len() - continuing
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_offset_is_the_count_of_chars_before_it(
            text in r"([a-z .]|é|—|“|”|日本|\u{1F600}|\PC){0,300}"
        ) {
            let ix = CharIndex::new(&text);
            for byte in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
                prop_assert_eq!(ix.char_offset(byte), text[..byte].chars().count());
            }
        }

        #[test]
        fn the_word_count_is_the_byte_count(bytes in proptest::collection::vec(any::<u8>(), 0..5000)) {
            let by_byte = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
            prop_assert_eq!(starts_of_chars(&bytes), by_byte);
        }
    }

    /// Runs of nothing but continuation bytes put the most marks in every
    /// lane: the sums must be added up before the top byte overflows
    /// (random bytes never come near it).
    #[test]
    fn long_runs_of_continuation_bytes_are_counted_without_overflow() {
        for n in [0, 7, 8, 247, 248, 249, 255, 256, 257, 2000, 5000] {
            for filler in [0x80u8, 0xBF] {
                let mut bytes = vec![filler; n];
                assert_eq!(starts_of_chars(&bytes), 0, "{n} × {filler:#x}");
                bytes.push(b'a');
                assert_eq!(starts_of_chars(&bytes), 1, "{n} × {filler:#x}, a");
            }
        }
    }

    #[test]
    fn ascii_offsets_are_bytes() {
        let ix = CharIndex::new("Kerry said");
        assert_eq!(ix.char_offset(6), 6);
    }

    #[test]
    fn curly_quotes_count_as_one_char() {
        let text = "“We are close,” Lavrov said.";
        let ix = CharIndex::new(text);
        let byte = text.find("Lavrov").unwrap();
        assert_eq!(ix.char_offset(byte), 16);
        assert_eq!(ix.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn long_texts_agree_with_a_plain_count() {
        let text = "é—x “y” ".repeat(300);
        let ix = CharIndex::new(&text);
        for (byte, _) in text.char_indices().step_by(7) {
            assert_eq!(ix.char_offset(byte), text[..byte].chars().count());
        }
        assert_eq!(ix.char_offset(text.len()), text.chars().count());
    }
}
