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
            let bytes = text.as_bytes();
            let mut chars = 0usize;
            for (i, &b) in bytes.iter().enumerate() {
                if i % STRIDE == 0 {
                    checkpoints.push(chars);
                }
                // Every byte that does not continue a UTF-8 sequence starts a char.
                if (b as i8) >= -0x40 {
                    chars += 1;
                }
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
        base + self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
