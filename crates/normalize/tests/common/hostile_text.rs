//! A proptest generator of news-like hostile text, shared by the fuzz tests
//! of normalize and extract (extract includes this file by path).
//!
//! Uniformly random strings almost never contain what the rules look for,
//! so the pieces are biased toward it: quotation marks of every kind, often
//! unbalanced; colons and speaker labels; capitalized names and titles;
//! speech verbs; line breaks of every system; and the characters real crawls
//! carry: NBSP, zero-width and bidi marks, combining accents, emoji with
//! modifiers and joiners, right-to-left letters, controls.

use proptest::prelude::*;

/// Pieces the text is assembled from.
const PIECES: &[&str] = &[
    // Quotation marks, straight and typographic, opening and closing.
    "\"",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "''",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "« ",
    " »",
    // Names, titles, labels, pronouns.
    "Kerry",
    "John Kerry",
    "Lavrov",
    "Sergei Lavrov",
    "Gerrit Vollan",
    "Mr. Vollan",
    "Ms. Berg",
    "Foreign Minister",
    "the minister",
    "Secretary of State",
    "President",
    "Russia",
    "the EU",
    "United Nations",
    "KERRY: ",
    "VOLLAN:",
    "ANNA BERG, BYLINE: ",
    "He",
    "she",
    "they",
    "officials",
    "a spokesman",
    "O'Neil",
    "Jean-Luc",
    "AL-ASSAD",
    "von der Leyen",
    // Speech verbs and cues.
    " said",
    " says",
    " told reporters",
    " added",
    " according to ",
    " warned",
    " asked",
    " insisted that ",
    " said that ",
    ", he said.",
    ", said Kerry.",
    " said: ",
    // Plain words and sentence punctuation.
    " the",
    " talks",
    " would",
    " resume",
    " in",
    " Geneva",
    " on Monday",
    " truce",
    " and",
    " we",
    " not",
    " 2016",
    " 3.5",
    ". ",
    "? ",
    "! ",
    ", ",
    ": ",
    ":",
    "; ",
    " — ",
    "...",
    "…",
    " (",
    ")",
    "[",
    "]",
    " ",
    "  ",
    "\t",
    // Line breaks of every system, and paragraph breaks.
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "\u{2028}",
    "\u{85}",
    // Invisible and formatting characters.
    "\u{a0}",
    "\u{202f}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2060}",
    "\u{feff}",
    "\u{ad}",
    "\u{200e}",
    "\u{200f}",
    "\u{202b}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    // Combining marks, alone and after letters; precomposed forms.
    "e\u{301}",
    "\u{301}",
    "\u{308}",
    "n\u{303}",
    "é",
    "ß",
    "İ",
    "ﬁ",
    // Emoji: plain, with a skin tone, joined, a flag, a keycap.
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇺🇦",
    "1\u{fe0f}\u{20e3}",
    // Right-to-left and other scripts.
    "שלום",
    "مرحبا",
    " بوتين قال ",
    "Путин сказал",
    "習近平",
    "\u{fdfd}",
    // Controls and replacement characters from bad decoding.
    "\u{0}",
    "\u{7}",
    "\u{1b}[0m",
    "\u{7f}",
    "\u{fffd}",
    // Markup fragments.
    "<p>",
    "</p>",
    "<br>",
    "&nbsp;",
    "&amp;",
    "<script>x</script>",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[A-Z][a-z]{1,8}",
    ]
}

/// A text of up to `max_pieces` pieces.
pub fn hostile_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|v| v.concat())
}
