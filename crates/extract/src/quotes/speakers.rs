//! Who speaks: the mention or description an attribution rests on, found
//! next to a cue verb.

use super::segments::trim_span;
use whosaid_model::{words_up_to, Span};

/// A speaker mention: its span and entity.
#[derive(Debug, Clone, Copy)]
pub struct Speaker {
    pub span: Span,
    pub entity: Option<usize>,
    /// A person by its mention (name of a person, label, personal pronoun).
    pub person: bool,
    /// A transcript label: it speaks the whole turn, it is no subject inside it.
    pub label: bool,
    /// A name of several ("the Russians", "Democrats"): what "they" may stand for.
    pub plural: bool,
}

/// The speaker mention that ends right before `pos` (an appositive
/// ", who …," may stand between), not before `floor`.
pub(crate) fn speaker_ending_at(
    text: &str,
    speakers: &[Speaker],
    pos: usize,
    floor: usize,
) -> Option<Speaker> {
    let mut before: Vec<&Speaker> = speakers_in(speakers, floor, pos)
        .iter()
        .filter(|s| s.span.end <= pos)
        .collect();
    before.sort_by_key(|s| std::cmp::Reverse(s.span.end));
    let fits = |s: &&Speaker| {
        let gap = &text[s.span.end..pos];
        // Nothing, or adverbs and auxiliaries ("Trump has repeatedly said"),
        // after a party tag ("Rep. Earl Blumenauer (D-Ore.) has said").
        let untagged = match (gap.find('('), gap.find(')')) {
            (Some(a), Some(b)) if a < b && b - a <= 30 => {
                format!("{} {}", &gap[..a], &gap[b + 1..])
            }
            _ => gap.to_string(),
        };
        let plain = untagged
            .split_whitespace()
            .all(|w| w.ends_with("ly") || AUXILIARIES.contains(&w));
        // An appositive is a phrase, not a clause with a subject of its own
        // ("ISIS, though last week he used stronger language, saying").
        let appositive = gap.trim_start().starts_with(',')
            && gap.trim_end().ends_with(',')
            && gap.len() <= 120
            && !gap.contains(['"', '“', '”'])
            && !gap.split_whitespace().any(|w| {
                APPOSITIVE_BREAKERS.contains(&w.trim_matches(',').to_lowercase().as_str())
            });
        // "Clinton's campaign said": the mention stands for its campaign, office or spokesman.
        let possessive =
            (gap.starts_with("'s ") || gap.starts_with("’s ")) && words_up_to(gap, 4) <= 3;
        // "It rejected Dravian claims that …": after a past-tense verb the
        // name is that verb's object, and its noun no cue.
        let object = text[..s.span.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.ends_with("ed") && w.starts_with(char::is_lowercase));
        (plain || appositive || possessive) && !object
    };
    // The nearest mention, or one further back whose appositive holds the
    // nearer ones ("Mr. Daniloff, now 81 and retired in Cambridge, Mass.,
    // said"); a person further back beats a nearer organization ("Elaine
    // Kamarck, a senior fellow at the Brookings Institution, said").
    let valid: Vec<&Speaker> = before.into_iter().take(4).filter(fits).collect();
    valid
        .iter()
        .find(|s| s.person)
        .or(valid.first())
        .map(|s| **s)
}

/// The subject that opens the sentence: "Weaver didn't seem impressed,
/// telling reporters …" / "Kerry met Lavrov and said …".
pub(crate) fn sentence_subject(
    text: &str,
    speakers: &[Speaker],
    sent: Span,
    cue: Span,
) -> Option<Speaker> {
    let lead = text[sent.start..cue.start].trim_end();
    let coordinated =
        lead.ends_with(',') && cue.slice(text).ends_with("ing") || lead.ends_with(" and");
    if !coordinated {
        return None;
    }
    // The main clause's subject: the mention opening the sentence ("Hayek
    // confirmed she had been and said"), else the first person named in it.
    let in_lead = speakers_in(speakers, sent.start, cue.start);
    let opening = in_lead
        .iter()
        .position(|s| s.span.end <= cue.start && subject_like(text, s))
        .filter(|&k| {
            text[sent.start..in_lead[k].span.start]
                .split_whitespace()
                .count()
                <= 3
        });
    if let Some(mut k) = opening {
        // "U.N. envoy Halima Osei-Brandt", "Kolvenian state broadcaster
        // Narodni Glas": the last name of a run of modifiers is the head.
        while let Some(next) = in_lead.get(k + 1).filter(|n| n.span.end <= cue.start) {
            let gap = &text[in_lead[k].span.end..next.span.start];
            let modifier = words_up_to(gap, 4) <= 3
                && gap.split_whitespace().all(|w| {
                    w.starts_with(char::is_uppercase)
                        || TITLE_WORDS.contains(&w.to_lowercase().as_str())
                });
            if !modifier {
                break;
            }
            k += 1;
        }
        return Some(in_lead[k]);
    }
    first_person_in(speakers, sent.start, cue.start).or_else(|| {
        speakers_in(speakers, sent.start, cue.start)
            .iter()
            .find(|s| s.span.end <= cue.start && subject_like(text, s))
            .copied()
    })
}

/// The first person named between `from` and `to`, transcript labels aside.
pub(crate) fn first_person_in(speakers: &[Speaker], from: usize, to: usize) -> Option<Speaker> {
    speakers_in(speakers, from, to)
        .iter()
        .find(|s| s.span.end <= to && s.person && !s.label)
        .copied()
}

/// The speakers whose mentions start in `from..to`; `speakers` is sorted by
/// start, so this is a binary search, not a scan of the document.
pub(crate) fn speakers_in(speakers: &[Speaker], from: usize, to: usize) -> &[Speaker] {
    let a = speakers.partition_point(|s| s.span.start < from);
    let b = speakers.partition_point(|s| s.span.start < to).max(a);
    &speakers[a..b]
}

/// The person named in the first words of a sentence that goes on to quote
/// someone mid-sentence.
pub(crate) fn sentence_opening_person(
    text: &str,
    speakers: &[Speaker],
    sent: Span,
    quote: Span,
) -> Option<Speaker> {
    let lead = &text[sent.start..quote.start];
    if lead.trim().is_empty() || lead.contains(['"', '“', '”']) {
        return None;
    }
    let first = speakers_in(speakers, sent.start, quote.start)
        .iter()
        .find(|s| s.span.end <= quote.start && !s.label)?;
    let opening = text[sent.start..first.span.start]
        .split_whitespace()
        .count()
        <= 3;
    (opening && first.person).then_some(*first)
}

/// Who quotes in a sentence without a speech verb ("Mr. Obama expressed a
/// deep regret for ''…''", "One strategist described the race as “…”"):
/// the first mention before the quote that is neither the object of a
/// preposition nor a possessive; for a quote that opens its sentence, the
/// first such mention after it ("“…” Trump wrote from his desk").
pub(crate) fn quoting_subject(
    text: &str,
    speakers: &[Speaker],
    sent: Span,
    quote: Span,
) -> Option<Speaker> {
    let subject_like = |s: &&Speaker| subject_like(text, s);
    if !text[sent.start..quote.start].trim().is_empty() {
        return speakers_in(speakers, sent.start, quote.start)
            .iter()
            .filter(|s| s.span.end <= quote.start)
            .find(subject_like)
            .copied();
    }
    speakers_in(speakers, quote.end, sent.end)
        .iter()
        .filter(|s| s.span.end <= sent.end)
        .find(subject_like)
        .copied()
}

/// A mention that can be a clause's subject: no transcript label, no
/// object of a preposition, no possessive ("Ryan's comments").
fn subject_like(text: &str, s: &Speaker) -> bool {
    let rest = &text[s.span.end..];
    let possessive = rest.starts_with("'s") || rest.starts_with("’s");
    !s.label && !prepositional_object(text, s.span) && !possessive
}

/// "in Ohio", "to Fox News", "of the National Defense Authorization Act".
fn prepositional_object(text: &str, span: Span) -> bool {
    let lead = text[..span.start].trim_end();
    // "the House Armed Services Committee": the article stands between.
    let lead = ["the", "The", "a", "an"]
        .iter()
        .find_map(|a| {
            lead.strip_suffix(a)
                .filter(|l| l.ends_with(char::is_whitespace))
        })
        .unwrap_or(lead);
    lead.split_whitespace()
        .next_back()
        .is_some_and(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
}

/// Words whose object is no subject: "in Ohio", "to Fox News", "of Trump".
const PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "to", "of", "for", "with", "on", "about", "by", "near", "into", "against",
    "over", "under", "between", "among", "like", "than", "toward", "towards", "via", "after",
    "before", "without", "inside", "outside", "across", "around", "through",
];

/// A description right after a cue: "said a former senior law enforcement official".
pub(crate) fn description_after(text: &str, cue_end: usize, stop: usize) -> Option<Span> {
    let rest = &text[cue_end..stop];
    let end = rest
        .find([',', '.', ';', ':', '"', '“', '”', '\n'])
        .unwrap_or(rest.len());
    let desc = trim_span(text, Span::new(cue_end, cue_end + end));
    let words: Vec<&str> = desc.slice(text).split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    (DETERMINERS.contains(&first.as_str()) && (2..=10).contains(&words.len())).then_some(desc)
}

/// Words that open a descriptive speaker ("a senior official", "the statement").
pub(crate) const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "one",
    "two",
    "three",
    "some",
    "several",
    "many",
    "other",
    "another",
    "his",
    "her",
    "their",
    "its",
    "officials",
    "aides",
    "advisers",
    "sources",
    "analysts",
    "experts",
    "critics",
    "supporters",
    "former",
    "senior",
];

/// The speaker mention starting right after `pos` (titles may stand between:
/// "said Secretary of State John Kerry").
pub(crate) fn speaker_starting_at(
    text: &str,
    speakers: &[Speaker],
    pos: usize,
    ceiling: usize,
) -> Option<Speaker> {
    // Of the mentions in the run of name and title words right after `pos`
    // ("State Department spokesman John Kirby"), the person, else the first.
    let in_run = |s: &&Speaker| {
        if s.span.start < pos || s.span.end > ceiling {
            return false;
        }
        let gap = text[pos..s.span.start].trim();
        words_up_to(gap, 7) <= 6
            && !gap.contains([',', ';', ':', '"', '“', '”'])
            && gap.split_whitespace().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    || TITLE_WORDS.contains(&w.to_lowercase().as_str())
                    || (w.chars().all(|c| c.is_lowercase() || c == '-')
                        && !CLAUSE_WORDS.contains(&w))
            })
    };
    let run: Vec<&Speaker> = speakers_in(speakers, pos, ceiling)
        .iter()
        .filter(in_run)
        .collect();
    run.iter().find(|s| s.person).or(run.first()).map(|s| **s)
}

/// Words that make an appositive a clause.
pub(crate) const APPOSITIVE_BREAKERS: &[&str] = &[
    "he", "she", "they", "we", "i", "you", "though", "although", "but", "because", "while", "when",
    "if", "said",
];

/// Auxiliaries and adverbs that may stand between a speaker and the cue.
pub(crate) const AUXILIARIES: &[&str] = &[
    "has",
    "had",
    "have",
    "was",
    "is",
    "were",
    "are",
    "also",
    "would",
    "will",
    "did",
    "does",
    "then",
    "later",
    "again",
    "once",
    "often",
    "still",
    "even",
    "just",
    "never",
    "had",
    "previously",
    "recently",
    "always",
    "long",
    "now",
    "already",
];

/// Words that start a clause or a verb phrase: none stands inside a speaker's
/// description ("said former Vermont governor Howard Dean" holds none).
pub(crate) const CLAUSE_WORDS: &[&str] = &[
    "and", "but", "that", "which", "as", "who", "it", "this", "what", "is", "was", "are", "were",
    "has", "have", "had", "to", "be", "been", "also", "not", "then", "when", "if", "before",
    "after", "with", "by", "in", "on", "at", "he", "she", "they", "we", "i", "you", "would",
    "will", "could", "should", "can", "may", "might", "do", "does", "did", "there", "so",
    "because", "while",
];

/// Lower-case words that may stand between a cue and its speaker's name.
pub(crate) const TITLE_WORDS: &[&str] = &[
    "of",
    "the",
    "for",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "minister",
    "secretary",
    "official",
    "leader",
    "president",
    "chief",
    "ambassador",
    "senator",
    "governor",
    "director",
    "chairman",
    "adviser",
    "aide",
    "state",
    "broadcaster",
    "newspaper",
    "agency",
    "daily",
];

/// A description as speaker: the words right before a cue back to a
/// boundary ("officials", "a senior U.S. official", "the statement").
pub(crate) fn description_before(text: &str, floor: usize, cue_start: usize) -> Option<Span> {
    let window = &text[floor..cue_start];
    let mut trimmed = window.trim_end();
    // "One delegate, who asked not to be named, said": the noun
    // phrase before a relative clause set off by commas.
    if let Some(p) = trimmed
        .strip_suffix(',')
        .and_then(|t| t.rfind(", who "))
        .filter(|&p| !trimmed[p + 2..trimmed.len() - 1].contains(['"', '“', '”']))
    {
        trimmed = &trimmed[..p];
    }
    let end = floor + trimmed.len();
    let mut start = end;
    let mut words = 0;
    // Room for a relative clause: "an official who spoke anonymously to discuss strategy".
    let max_words = if trimmed.contains(" who ") { 16 } else { 8 };
    for (i, c) in trimmed.char_indices().rev() {
        // A period ends the description only after a lower-case word: "U.S." stays.
        let sentence_end = c == '.'
            && trimmed[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_lowercase);
        if sentence_end
            || c == ','
            || c == '"'
            || c == '“'
            || c == '”'
            || c == ';'
            || c == ':'
            || c == '—'
        {
            break;
        }
        let next = i + c.len_utf8();
        if c.is_whitespace() && next < trimmed.len() && !trimmed[next..].starts_with(' ') {
            words += 1;
            if words >= max_words {
                break;
            }
        }
        start = floor + i;
    }
    // "a White House official who spoke anonymously … said": the noun
    // phrase before its relative clause.
    let end = match text[start..end].find(" who ") {
        Some(p) if p > 0 => start + p,
        _ => end,
    };
    // "where aid groups say", "which officials say": the relative word is no part of it.
    let lead = text[start..end].trim_start();
    for rel in ["which ", "where ", "who ", "that ", "when "] {
        if lead.len() > rel.len()
            && lead
                .get(..rel.len())
                .is_some_and(|l| l.eq_ignore_ascii_case(rel))
        {
            start = end - lead.len() + rel.len();
            break;
        }
    }
    let desc = text[start..end].trim();
    let words: Vec<&str> = desc.split_whitespace().collect();
    let first = words.first()?.to_lowercase();
    let last = words.last()?.to_lowercase();
    // A noun phrase: opened by a determiner, a name or a number, closed by
    // a noun, holding no verb or clause word.
    // Opened by a determiner, a name or a number ("47 percent said").
    // A bare plural needs no determiner: "critics say", "local officials wrote".
    let bare_plural = words.len() <= 3
        && last.len() > 3
        && last.ends_with('s')
        && !last.ends_with("ss")
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'));
    // A pronoun opens a clause ("It rejected Dravian claims"), not a description.
    let opens = DETERMINERS.contains(&first.as_str())
        || (words[0].starts_with(char::is_uppercase)
            && !(words.len() > 1 && SUBJECT_PRONOUNS.contains(&first.as_str())))
        || words[0].starts_with(|c: char| c.is_ascii_digit())
        || bare_plural;
    // "in" stays inside a poll share: "Six in 10 say".
    let clean = words.iter().enumerate().skip(1).all(|(k, w)| {
        let w = w.to_lowercase();
        let share = w == "in"
            && words
                .get(k + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        share || (!CLAUSE_WORDS.contains(&w.as_str()) && w != "first")
    });
    // A lone determiner ("those") describes nobody.
    if !opens
        || !clean
        || last.ends_with("ly")
        || words.len() > 8
        || (words.len() == 1 && DETERMINERS.contains(&first.as_str()))
    {
        return None;
    }
    Some(trim_span(text, Span::new(start, end)))
}

/// Pronouns that can be the subject of a speech verb.
pub(crate) const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_may_hold_wide_whitespace() {
        // U+2028 and U+0085 are whitespace of more than one byte.
        let text = "a\u{2028}senior official\u{85}here said";
        let cue = text.find(" said").unwrap();
        let d = description_before(text, 0, cue);
        assert!(d.is_none_or(|d| text.is_char_boundary(d.start)));
    }
}
