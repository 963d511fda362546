//! Quotes: what was said, and who said it.
//!
//! Three readings of a text, each named by the pattern it recognizes:
//! - direct quotes between quotation marks, attributed by a cue verb and a
//!   speaker after the quote (QCVS `"…," said Kerry`, QCSV `"…," Kerry said`),
//!   before it (SVQ `Kerry said: "…"`), or inherited by a split or following
//!   quote;
//! - transcript turns (`KELEMEN: …`), one quote per turn;
//! - indirect speech: SV(that)C `Kerry said (that) …`, C,SV `…, Kerry said.`,
//!   C,VS `…, said Kerry.`, `according to X, …`.
//!
//! Quotation marks are paired per paragraph; an unbalanced mark costs only
//! its own paragraph's best reading, never the article's other quotes.

mod segments;
mod speakers;

pub use segments::{paragraphs, quoted_spans, Segments};
pub(crate) use speakers::speakers_in;
pub use speakers::Speaker;

use crate::dictionary::Dictionary;
use crate::mentions::{RawMention, Role};
use segments::*;
use speakers::*;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{words_up_to, QuoteKind, Span};

const SPEECH_VERBS: &str = include_str!("../../../../data/lexicons/speech_verbs.txt");
const INDIRECT_CUES: &str = include_str!("../../../../data/lexicons/indirect_cues.txt");
const NAMING_VERBS: &str = include_str!("../../../../data/lexicons/naming_verbs.txt");

/// A quote found in one document, its speaker still a local mention.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDraft {
    pub kind: QuoteKind,
    pub span: Span,
    /// The mention the attribution rests on (name, pronoun, label, or a
    /// description such as "officials"), and its entity when it has one.
    pub speaker: Option<(Span, Option<usize>)>,
    pub cue: Option<Span>,
    pub confidence: f32,
}

pub struct QuoteRules {
    cues: Dictionary,
    indirect: Dictionary,
    /// "called him “a spent force”": speech only around quoted words.
    naming: Dictionary,
}

/// Longest quote words that may stand without a speaker in their sentence
/// before they count as scare quotes or titles.
const SCARE_QUOTE_WORDS: usize = 4;

fn word_matcher(words: Vec<String>) -> Result<Dictionary, String> {
    Dictionary::new(&words, true)
}

/// A whole word: "called" in "so-called" is part of another word.
fn bounded(text: &str, start: usize, end: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(joins)
        && !text[end..].chars().next().is_some_and(joins)
}

impl QuoteRules {
    pub fn new(ov: &LexiconOverrides) -> Result<QuoteRules, String> {
        Ok(QuoteRules {
            cues: word_matcher(ov.entries("speech_verbs", SPEECH_VERBS))
                .map_err(|e| format!("lexicon speech_verbs: {e}"))?,
            indirect: word_matcher(ov.entries("indirect_cues", INDIRECT_CUES))
                .map_err(|e| format!("lexicon indirect_cues: {e}"))?,
            naming: word_matcher(ov.entries("naming_verbs", NAMING_VERBS))
                .map_err(|e| format!("lexicon naming_verbs: {e}"))?,
        })
    }

    fn cues_in(
        &self,
        text: &str,
        segs: &Segments,
        from: usize,
        to: usize,
        indirect: bool,
    ) -> Vec<Span> {
        let m = if indirect { &self.indirect } else { &self.cues };
        Self::matches_in(m, text, segs, from, to)
    }

    /// Cues of reported speech: the indirect cues, and naming verbs that no
    /// longer cue ("called for") covers. The flag marks a naming verb.
    fn reporting_cues_in(
        &self,
        text: &str,
        segs: &Segments,
        from: usize,
        to: usize,
    ) -> Vec<(Span, bool)> {
        let mut cues: Vec<(Span, bool)> = self
            .cues_in(text, segs, from, to, true)
            .into_iter()
            .map(|c| (c, false))
            .collect();
        for n in Self::matches_in(&self.naming, text, segs, from, to) {
            if !cues.iter().any(|(c, _)| c.start < n.end && n.start < c.end) {
                cues.push((n, true));
            }
        }
        cues.sort_by_key(|(c, _)| c.start);
        cues
    }

    /// The words of `m` in `from..to`, leftmost-longest, as a search of
    /// that stretch would find them but for words that start inside a
    /// longer word, which are never kept.
    fn matches_in(
        m: &Dictionary,
        text: &str,
        segs: &Segments,
        from: usize,
        to: usize,
    ) -> Vec<Span> {
        let starts = segs.phrase_starts_in(from, to).iter().copied();
        m.at_starts(&text[..to], starts)
            .into_iter()
            .map(|(start, _, end)| Span::new(start, end))
            .filter(|s| bounded(text, s.start, s.end))
            // A verb is written in lower case; "State" in "State Department" is no cue.
            .filter(|s| {
                let t = s.slice(text);
                t.starts_with(char::is_lowercase) || t.eq_ignore_ascii_case("according to")
            })
            // After a determiner it is a noun: "those hopes", "the report";
            // after "of" too: "secretary of state".
            .filter(|s| {
                let prev = text[..s.start].split_whitespace().next_back().unwrap_or("");
                !crate::mentions::with_lowercase(prev, |p| {
                    [
                        "the", "a", "an", "those", "these", "this", "that", "his", "her", "their",
                        "its", "our", "my", "of",
                    ]
                    .contains(&p)
                })
            })
            .collect()
    }

    /// Every quote of one document.
    pub fn find(
        &self,
        text: &str,
        mentions: &[RawMention],
        assignment: &[Option<usize>],
    ) -> Vec<QuoteDraft> {
        let speakers = speakers_of(text, mentions, assignment);
        self.find_in(text, &Segments::of(text), mentions, assignment, &speakers)
    }

    /// [`QuoteRules::find`] with the document's segments and speakers
    /// (`speakers_of` its mentions) already found.
    pub(crate) fn find_in(
        &self,
        text: &str,
        segs: &Segments,
        mentions: &[RawMention],
        assignment: &[Option<usize>],
        speakers: &[Speaker],
    ) -> Vec<QuoteDraft> {
        let mut out = Vec::new();
        let turns = transcript_turns(text, segs.paragraphs(), mentions, assignment);
        let in_turn = |pos: usize| {
            turns
                .iter()
                .any(|t| t.span.start <= pos && pos < t.span.end)
        };
        let mut directs = self.direct_quotes(text, segs, speakers);
        // Quotes inside a transcript turn are part of that turn.
        directs.retain(|q| !in_turn(q.span.start));
        let mut indirect = self.indirect_quotes(text, segs, speakers, &directs);
        fold_partial_quotes(text, &mut directs, &mut indirect);
        out.extend(turns);
        out.extend(directs);
        out.extend(indirect);
        out.sort_by_key(|q| (q.span.start, q.span.end));
        out.dedup_by_key(|q| q.span);
        out
    }

    fn direct_quotes(&self, text: &str, segs: &Segments, speakers: &[Speaker]) -> Vec<QuoteDraft> {
        let mut out: Vec<QuoteDraft> = Vec::new();
        let mut prev_para_speaker: Option<(Span, Option<usize>)> = None;
        let mut prev_para: Option<(Span, usize)> = None;
        for (k_para, &para) in segs.paragraphs().iter().enumerate() {
            let spans = segs.quoted_of(k_para);
            let sents = segs.sentences_of(k_para);
            let mut last_speaker: Option<(Span, Option<usize>)> = None;
            for (k, &(inner, outer)) in spans.iter().enumerate() {
                let content = inner.slice(text).trim();
                if content.is_empty() {
                    continue;
                }
                let sent = sentence_around(sents, para, outer);
                // A quote that ends its sentence may be attributed by the next
                // one: “… a deal.” Sen. Ann Lee said.
                let attribution_sent = if text[outer.end..sent.end].trim().is_empty() {
                    next_sentence(sents, sent).map_or(sent, |n| Span::new(sent.start, n.end))
                } else {
                    sent
                };
                let after = || {
                    self.attribute_after(
                        text,
                        segs,
                        outer,
                        attribution_sent,
                        speakers,
                        &spans[k + 1..],
                    )
                };
                let before = || {
                    self.attribute_before(
                        text,
                        segs,
                        outer,
                        sent,
                        speakers,
                        if k > 0 { Some(spans[k - 1].1) } else { None },
                    )
                };
                // "Vollan said: “We are close.” The envoy agreed.": a quote
                // introduced in its own sentence keeps that attribution over
                // the next sentence's.
                let attr = if attribution_sent != sent {
                    before().or_else(after)
                } else {
                    after().or_else(before)
                };
                let attr = attr.or_else(|| {
                    // "Kerry told reporters:" closing the paragraph before the quote.
                    let (lead_in, k_lead_in) = prev_para
                        .filter(|(p, _)| k == 0 && p.slice(text).trim_end().ends_with(':'))?;
                    let last = *segs.sentences_of(k_lead_in).last()?;
                    self.attribute_before(
                        text,
                        segs,
                        Span::new(lead_in.end, lead_in.end),
                        last,
                        speakers,
                        None,
                    )
                });
                // Compared with SCARE_QUOTE_WORDS and 8 below.
                let n_words = words_up_to(content, SCARE_QUOTE_WORDS.max(8) + 1);
                let (speaker, cue, confidence) = match attr {
                    Some((s, c)) => (Some(s), Some(c), 0.9),
                    // A split quote: "A," he said. "B."
                    None if k > 0
                        && last_speaker.is_some()
                        && !other_speaker_between(
                            self,
                            text,
                            segs,
                            speakers,
                            last_speaker,
                            spans[k - 1].1.end,
                            outer.start,
                        ) =>
                    {
                        (last_speaker, None, 0.75)
                    }
                    // A paragraph of quote after an attributed one.
                    None if k == 0
                        && prev_para_speaker.is_some()
                        && para_starts_with_quote(text, para, outer) =>
                    {
                        (prev_para_speaker, None, 0.65)
                    }
                    // A quote inside a sentence whose verb is no speech verb ("Sanders
                    // thanked its members “…”"): its subject, at low confidence.
                    None => match sentence_opening_person(text, speakers, sent, outer) {
                        Some(s) if n_words > SCARE_QUOTE_WORDS => {
                            (Some((s.span, s.entity)), None, 0.5)
                        }
                        _ => match quoting_subject(text, speakers, sent, outer) {
                            Some(s) if n_words > SCARE_QUOTE_WORDS => {
                                (Some((s.span, s.entity)), None, 0.45)
                            }
                            // A quote standing as its own sentence after one that
                            // introduces it ("Clinton touted her credentials. “…”").
                            _ => match previous_sentence(sents, sent)
                                .filter(|p| p.start >= para.start)
                                .and_then(|p| {
                                    quoting_subject(text, speakers, p, Span::new(p.end, p.end))
                                }) {
                                Some(s) if n_words > SCARE_QUOTE_WORDS => {
                                    (Some((s.span, s.entity)), None, 0.42)
                                }
                                _ => (None, None, 0.4),
                            },
                        },
                    },
                };
                if speaker.is_none() && n_words <= SCARE_QUOTE_WORDS {
                    continue;
                }
                // A title in quotation marks (“The Walking Dead”, ABC's “This Week”)
                // is a quote only when a cue attributes it.
                // The word count first: a long quote's every word would be
                // lowered to learn it is no title.
                if (attr.is_none() || names_a_work(text, outer))
                    && n_words <= 8
                    && is_title_cased(content)
                {
                    continue;
                }
                last_speaker = speaker.or(last_speaker);
                out.push(QuoteDraft {
                    kind: QuoteKind::Direct,
                    span: trim_span(text, inner),
                    speaker,
                    cue,
                    confidence,
                });
            }
            // Only a paragraph that ends in its quote hands the speaker on.
            prev_para_speaker = match spans.last() {
                Some(&(_, outer))
                    if text[outer.end..para.end].trim().len() <= 1 || last_speaker.is_some() =>
                {
                    last_speaker
                }
                _ => None,
            };
            if spans.is_empty() && !para.is_empty() {
                prev_para_speaker = None;
            }
            prev_para = Some((para, k_para));
        }
        out
    }

    /// `"…," said Kerry` / `"…," Kerry said` / `"…," he told reporters`.
    fn attribute_after(
        &self,
        text: &str,
        segs: &Segments,
        outer: Span,
        sent: Span,
        speakers: &[Speaker],
        later: &[(Span, Span)],
    ) -> Option<((Span, Option<usize>), Span)> {
        // A quote that ends its own sentence ("… deal.") is not attributed
        // by what follows, unless the next word is lower case ("… deal." he said).
        let closes_sentence = text[..outer.end]
            .trim_end_matches(['"', '”', '\'', '»'])
            .trim_end()
            .ends_with('.');
        let next_lower = text[outer.end..]
            .trim_start()
            .starts_with(char::is_lowercase);
        if closes_sentence && !next_lower {
            // Only a short attribution closes it: "… deal." Rep. Ann Lee said.
            // Not a new sentence: "… deal." Some allies suggested that …
            let rest = &text[outer.end..sent.end.max(outer.end)];
            let sentence_len = rest.find(['.', '!', '?']).map_or(rest.len(), |p| p);
            let has_cue = !self
                .cues_in(text, segs, outer.end, outer.end + sentence_len, false)
                .is_empty();
            if !has_cue || words_up_to(&rest[..sentence_len], 9) > 8 {
                return None;
            }
        }
        let stop = later
            .first()
            .map_or(sent.end, |q| q.1.start.min(sent.end))
            .max(outer.end);
        let window_end = char_window(text, outer.end, stop, 160);
        let cue = self
            .cues_in(text, segs, outer.end, window_end, false)
            .into_iter()
            .next()?;
        // Between the quote and the cue: nothing but punctuation and the speaker.
        let gap = &text[outer.end..cue.start];
        if let Some(s) = speaker_ending_at(text, speakers, cue.start, outer.end) {
            return Some(((s.span, s.entity), cue));
        }
        if !gap
            .trim_matches(|c: char| c.is_whitespace() || ",;—–-".contains(c))
            .is_empty()
        {
            // Words between the quote and the cue that are no mention: a description.
            if let Some(desc) = description_before(text, outer.end, cue.start) {
                return Some(((desc, None), cue));
            }
            // "“…” but to take the lead, says Evan Tracey": the sentence goes
            // on and ends in an inverted attribution.
            if !gap.trim_end().ends_with(',') {
                return None;
            }
            return speaker_starting_at(text, speakers, cue.end, stop)
                .map(|s| ((s.span, s.entity), cue));
        }
        if let Some(s) = speaker_starting_at(text, speakers, cue.end, stop) {
            return Some(((s.span, s.entity), cue));
        }
        let desc = description_after(text, cue.end, stop.max(window_end))?;
        Some(((desc, None), cue))
    }

    /// `Kerry said: "…"` / `Kerry said "…"` / `according to Kerry, "…"`.
    fn attribute_before(
        &self,
        text: &str,
        segs: &Segments,
        outer: Span,
        sent: Span,
        speakers: &[Speaker],
        prev_quote: Option<Span>,
    ) -> Option<((Span, Option<usize>), Span)> {
        let from = prev_quote
            .map_or(sent.start, |p| p.end.max(sent.start))
            .min(outer.start);
        let cues = self.cues_in(text, segs, from, outer.start, false);
        // The last cue whose subject is a mention; failing that, the last
        // cue with a descriptive subject.
        let introduced = text[..outer.start].trim_end().ends_with([':', ',']);
        let mut fallback = None;
        for &cue in cues.iter().rev() {
            let words = words_up_to(&text[cue.end..outer.start], 31);
            // Near the quote, or anywhere in its sentence when a colon or a
            // comma introduces it ("Amar said that …, a deal was possible: ''…''").
            // Far from the quote, only a named subject counts ("Mr. Kerry said
            // the talks, which started a decade ago, remained ''…''").
            let far = words > 6 && !introduced;
            if words > 30 {
                break;
            }
            if cue.slice(text).eq_ignore_ascii_case("according to") {
                if let Some(s) = speaker_starting_at(text, speakers, cue.end, outer.start) {
                    return Some(((s.span, s.entity), cue));
                }
                continue;
            }
            // ", saying": the sentence's subject speaks, not the word before the comma.
            let participle =
                cue.slice(text).ends_with("ing") && text[..cue.start].trim_end().ends_with(',');
            let subject = || sentence_subject(text, speakers, Span::new(from, outer.start), cue);
            let adjacent = || speaker_ending_at(text, speakers, cue.start, from);
            let found = if participle {
                subject().or_else(adjacent)
            } else {
                adjacent().or_else(subject)
            };
            if let Some(s) = found {
                return Some(((s.span, s.entity), cue));
            }
            if fallback.is_none() && !far {
                fallback = description_before(text, from, cue.start).map(|d| ((d, None), cue));
            }
        }
        fallback
    }

    fn indirect_quotes(
        &self,
        text: &str,
        segs: &Segments,
        speakers: &[Speaker],
        directs: &[QuoteDraft],
    ) -> Vec<QuoteDraft> {
        let mut out = Vec::new();
        // A sentence that is mostly direct quote has no separate indirect
        // quote; one with a partial quote keeps its reported clause.
        // Direct quotes (sorted, not overlapping) looked up by position, so a
        // long document costs a pass, not sentences × quotes.
        let covered = |s: Span| {
            let from = directs.partition_point(|q| q.span.end <= s.start);
            let quoted: usize = directs[from..]
                .iter()
                .take_while(|q| q.span.start < s.end)
                .map(|q| {
                    q.span
                        .end
                        .min(s.end)
                        .saturating_sub(q.span.start.max(s.start))
                })
                .sum();
            quoted * 2 > s.end - s.start
        };
        let according = according_to_at(text);
        for &sent in segs.sentences() {
            if covered(sent) {
                continue;
            }
            if let Some(q) = self.indirect_in(text, segs, sent, speakers, &according) {
                out.push(q);
            }
        }
        out
    }

    /// The reported speech of one sentence, if it has a speaker and a cue.
    fn indirect_in(
        &self,
        text: &str,
        segs: &Segments,
        sent: Span,
        speakers: &[Speaker],
        according: &[usize],
    ) -> Option<QuoteDraft> {
        let s_text = sent.slice(text);
        let end = sent.start
            + s_text
                .trim_end_matches(|c: char| c.is_whitespace() || ".!?\"”’".contains(c))
                .len();
        for (cue, naming) in self.reporting_cues_in(text, segs, sent.start, end) {
            // SV(that)C: "Kerry said (that) the talks would resume." / "Officials say …"
            let described = || {
                let d = description_before(text, sent.start, cue.start)?;
                // At the sentence start, after an opening phrase ("In a statement,
                // officials said"), or opening a relative clause ("…, where aid groups say").
                let lead = text[sent.start..d.start].trim();
                (lead.is_empty()
                    || lead.ends_with(',')
                    || [" where", " which"].iter().any(|r| lead.ends_with(r)))
                .then_some(Speaker {
                    span: d,
                    entity: None,
                    person: false,
                    label: false,
                    plural: false,
                })
            };
            let attributes_a_quote = |sp: &Speaker| {
                let lead = text[sent.start..sp.span.start].trim_end();
                lead.ends_with(['"', '”', '»']) || lead.ends_with("''")
            };
            // "Kerry came out saying that …": a participle speaks for the subject.
            let participle_subject = || {
                cue.slice(text)
                    .ends_with("ing")
                    .then(|| first_person_in(speakers, sent.start, cue.start))
                    .flatten()
            };
            // "Govs. Bush and Christie, who say the senator …": the relative pronoun is the source.
            let relative = || {
                let before = text[sent.start..cue.start].trim_end();
                before.ends_with(" who").then(|| {
                    let end = sent.start + before.len();
                    Speaker {
                        span: Span::new(end - 3, end),
                        entity: None,
                        person: true,
                        label: false,
                        plural: false,
                    }
                })
            };
            // "Vollan repeated his warning and said …": the sentence's subject.
            let coordinated = || sentence_subject(text, speakers, sent, cue);
            if let Some(sp) = speaker_ending_at(text, speakers, cue.start, sent.start)
                .or_else(relative)
                .or_else(coordinated)
                .or_else(participle_subject)
                .or_else(described)
                .filter(|sp| !attributes_a_quote(sp))
            {
                let mut from = cue.end;
                let rest = &text[from..end];
                // "told reporters that …": skip the addressee up to "that"; not
                // a clause ("said it was “plainly wrong” that …").
                let addressee = |p: usize| {
                    let a = &rest[..p];
                    p <= 40
                        && !a.contains(['"', '“', '”', '\''])
                        && !a.split_whitespace().any(|w| FINITE_VERBS.contains(&w))
                };
                if let Some(p) = rest.find(" that ").filter(|&p| addressee(p)) {
                    from += p + 6;
                } else if let Some(stripped) = rest.strip_prefix(" that ") {
                    from = end - stripped.len();
                }
                let content = cut_at_quoted_sentence_end(
                    text,
                    close_open_quote(text, Span::new(skip_space(text, from, end), end), sent),
                );
                // "called the count “rigged” in a post": the naming ends with its quotation.
                let content = if naming {
                    first_closing_mark(text, content)
                        .map_or(content, |e| Span::new(content.start, e))
                } else {
                    content
                };
                // "agreed to meet" reports a plan, not speech.
                let infinitive = content.slice(text).starts_with("to ");
                let quoted = || {
                    content.slice(text).contains(['"', '“', '«'])
                        || content.slice(text).contains("''")
                };
                if words_up_to(content.slice(text), 5) >= 5
                    && (!naming || quoted())
                    && !content.slice(text).starts_with([',', '.'])
                    && !infinitive
                {
                    return Some(QuoteDraft {
                        kind: QuoteKind::Indirect,
                        span: content,
                        speaker: Some((sp.span, sp.entity)),
                        cue: Some(cue),
                        confidence: 0.6,
                    });
                }
            }
            // C, SV: "The talks will resume, Kerry said."  C, VS: "…, said Kerry."
            // (", the Times said, including …": the clause after the cue is an aside.)
            if naming {
                continue;
            }
            if words_up_to(&text[cue.end..end], 5) <= 4 || text[cue.end..].starts_with(',') {
                let after_speaker = speaker_starting_at(text, speakers, cue.end, end);
                let before_speaker = speaker_ending_at(text, speakers, cue.start, sent.start);
                let speaker = before_speaker.or(after_speaker);
                let comma = text[sent.start..cue.start]
                    .rfind(',')
                    .map(|p| sent.start + p);
                if let (Some(sp), Some(comma)) = (speaker, comma) {
                    let content = Span::new(sent.start, comma);
                    // The speaker and cue follow the comma directly: ", Kerry said" / ", said Kerry".
                    let first_after_comma = sp.span.start.min(cue.start);
                    let between = text.get(comma + 1..first_after_comma).unwrap_or("");
                    let adjacent = first_after_comma > comma
                        && words_up_to(between, 6) <= 5
                        && between.split_whitespace().all(describes_a_name);
                    if adjacent
                        && sp.span.start >= comma
                        && words_up_to(content.slice(text), 3) >= 3
                    {
                        return Some(QuoteDraft {
                            kind: QuoteKind::Indirect,
                            span: trim_span(text, content),
                            speaker: Some((sp.span, sp.entity)),
                            cue: Some(cue),
                            confidence: 0.6,
                        });
                    }
                }
            }
        }
        // "According to X, C." / "C, according to X."
        if let Some(p) = first_within(according, sent.start, end).map(|a| a - sent.start) {
            let cue = Span::new(sent.start + p, sent.start + p + "according to".len());
            // A named source, or a described one: "according to a new poll by …".
            let sp = speaker_starting_at(text, speakers, cue.end, end).or_else(|| {
                let span = description_after(text, cue.end, end)?;
                Some(Speaker {
                    span,
                    entity: None,
                    person: false,
                    label: false,
                    plural: false,
                })
            })?;
            let content = if p == 0 {
                let comma = text[sp.span.end..end].find(',')? + sp.span.end;
                Span::new(skip_space(text, comma + 1, end), end)
            } else {
                let before = text[sent.start..sent.start + p]
                    .trim_end()
                    .trim_end_matches([',', ';', '—']);
                trim_span(text, Span::new(sent.start, sent.start + before.len()))
            };
            if words_up_to(content.slice(text), 3) >= 3 {
                return Some(QuoteDraft {
                    kind: QuoteKind::Indirect,
                    span: content,
                    speaker: Some((sp.span, sp.entity)),
                    cue: Some(cue),
                    confidence: 0.6,
                });
            }
        }
        None
    }
}

/// A reported clause with quoted words in it is one attribution: direct
/// when the quotation marks hold most of it (“Kerry said the talks were
/// “going well, and we will meet again””), else indirect, its quoted words
/// part of it ("Kerry said the sides planned “concrete steps” for Syria").
/// The weaker reading is dropped, so one statement is not two quotes.
fn fold_partial_quotes(text: &str, directs: &mut Vec<QuoteDraft>, indirect: &mut Vec<QuoteDraft>) {
    let solid = |s: Span| s.slice(text).chars().filter(|c| !c.is_whitespace()).count();
    // A direct quote inside the clause, or ending it with its own closing
    // period: "insists Sanders is mounting a “phony attack.”"
    // A quote with a cue of its own inside the clause ("…, describing his
    // visit “and the concrete steps …”") is an attribution of its own.
    let own_participle = |i: &QuoteDraft, q: &QuoteDraft| {
        q.cue.filter(|&c| Some(c) != i.cue).is_some_and(|c| {
            c.slice(text).ends_with("ing") && text[..c.start].trim_end().ends_with(',')
        })
    };
    let inside = |i: &QuoteDraft, q: &QuoteDraft| {
        !own_participle(i, q)
            && i.span.start <= q.span.start
            && q.span.start < i.span.end
            && text
                .get(i.span.end..q.span.end)
                .is_none_or(|tail| tail.chars().all(|c| !c.is_alphanumeric()))
    };
    let mut drop_direct = vec![false; directs.len()];
    indirect.retain(|i| {
        // Directs are in text order: only those starting inside the clause.
        let a = directs.partition_point(|q| q.span.start < i.span.start);
        let b = directs.partition_point(|q| q.span.start < i.span.end);
        let held: Vec<usize> = (a..b.max(a)).filter(|&k| inside(i, &directs[k])).collect();
        if held.is_empty() {
            return true;
        }
        let quoted: usize = held.iter().map(|&k| solid(directs[k].span)).sum();
        let mostly_quoted = quoted * 2 > solid(i.span);
        if !mostly_quoted {
            for k in held {
                drop_direct[k] = true;
            }
        }
        !mostly_quoted
    });
    let mut k = 0;
    directs.retain(|_| {
        k += 1;
        !drop_direct[k - 1]
    });
}

/// A word of the role phrase before a name (", party spokesman Piet Oranov
/// said", ", opposition leader Lena Dorsak said"): a
/// capitalized word, or a lower-case noun or adjective, not a verb form or a
/// word that opens a clause of its own.
fn describes_a_name(w: &str) -> bool {
    const OPENS_A_CLAUSE: &[&str] = &[
        "and", "or", "but", "that", "which", "who", "when", "while", "if", "as", "because",
        "after", "before", "since", "although", "though", "where", "he", "she", "they", "we", "it",
        "i", "you", "not", "to", "of", "in", "on", "at", "for", "with", "by",
    ];
    w.starts_with(char::is_uppercase)
        || (w.chars().all(|c| c.is_lowercase() || c == '-')
            && !w.ends_with("ed")
            && !w.ends_with("ing")
            && !OPENS_A_CLAUSE.contains(&w))
}

/// Verbs that make the words before "that" a clause, not an addressee.
const FINITE_VERBS: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "would", "will", "could",
    "can", "should", "may", "might", "must",
];

/// A sentence can end inside a quotation (“… “a farce.” Sen. Maria Lindqvist
/// said …”), where the sentence splitter, which never splits inside
/// quotation marks, runs on: a reported clause stops there.
fn cut_at_quoted_sentence_end(text: &str, content: Span) -> Span {
    let c = content.slice(text);
    for (i, ch) in c.char_indices() {
        if !".?!".contains(ch) {
            continue;
        }
        let rest = &c[i + ch.len_utf8()..];
        let closed = rest.trim_start_matches(['”', '»', '"', '\'', '’']);
        if closed.len() < rest.len()
            && closed.starts_with(' ')
            && closed[1..].starts_with(char::is_uppercase)
        {
            return Span::new(content.start, content.end - closed.len());
        }
    }
    content
}

/// The cue of "According to X, C." and "C, according to X.", with the
/// space after it.
const ACCORDING_TO: &str = "according to ";

/// Where [`ACCORDING_TO`] stands in `text`, ignoring ASCII case (full
/// lower-casing changes byte lengths, 'İ' → "i̇", and these are offsets
/// into `text`). Found once per document: lowering each sentence into a
/// copy to search it was 2 % of an analysis. The phrase cannot overlap
/// itself, so these are all of its places, and a sentence's first is the
/// first of them that it holds.
fn according_to_at(text: &str) -> Vec<usize> {
    let lower = text.to_ascii_lowercase();
    lower.match_indices(ACCORDING_TO).map(|(i, _)| i).collect()
}

/// The first of `according` (from [`according_to_at`]) wholly in `from..to`.
fn first_within(according: &[usize], from: usize, to: usize) -> Option<usize> {
    let first = according.partition_point(|&a| a < from);
    (according.get(first).copied()).filter(|&a| a + ACCORDING_TO.len() <= to)
}

/// The end of the first quotation in `span` (its closing mark), if any.
fn first_closing_mark(text: &str, span: Span) -> Option<usize> {
    let c = span.slice(text);
    let open = c.find(['“', '«', '"']).or_else(|| c.find("''"))?;
    let first = c[open..].chars().next()?;
    let skip = open
        + if c[open..].starts_with("''") {
            2
        } else {
            first.len_utf8()
        };
    let close = match first {
        '“' => c[skip..].find('”').map(|p| (p, '”'.len_utf8())),
        '«' => c[skip..].find('»').map(|p| (p, '»'.len_utf8())),
        '"' => c[skip..].find('"').map(|p| (p, 1)),
        _ => c[skip..].find("''").map(|p| (p, 2)),
    }?;
    Some(span.start + skip + close.0 + close.1)
}

/// A reported clause that ends inside a quotation keeps the quotation's
/// end: "insists Sanders is mounting a “phony attack.”", not "… a “phony attack".
fn close_open_quote(text: &str, content: Span, sent: Span) -> Span {
    let c = content.slice(text);
    let opens = c.matches(['“', '«']).count() + c.matches("``").count();
    let closes = c.matches(['”', '»']).count();
    let straight = c.matches('"').count() % 2 == 1 || c.matches("''").count() % 2 == 1;
    if opens > closes || straight {
        let end = sent.start + sent.slice(text).trim_end().len();
        Span::new(content.start, end.max(content.end))
    } else {
        content
    }
}

/// The mentions that can be the subject of a speech or stance verb,
/// sorted by position so look-ups search a window, not the document.
pub(crate) fn speakers_of(
    text: &str,
    mentions: &[RawMention],
    assignment: &[Option<usize>],
) -> Vec<Speaker> {
    let mut speakers: Vec<Speaker> = mentions
        .iter()
        .zip(assignment)
        .filter(|(m, _)| !matches!(m.role, Role::Vocative))
        // Only a subject pronoun speaks: not "himself", "his", "them".
        .filter(|(m, _)| {
            !matches!(m.role, Role::Pronoun(_))
                || SUBJECT_PRONOUNS.contains(&m.span.slice(text).to_lowercase().as_str())
        })
        .map(|(m, e)| Speaker {
            span: m.span,
            entity: *e,
            label: matches!(m.role, Role::Label { .. }),
            plural: plural_form(text, m),
            // A person by kind, pronoun, or the shape of an unknown name
            // ("Elaine C. Kamarck": two or three capitalized words).
            person: m.kind == Some(whosaid_model::ActorKind::Person)
                || matches!(
                    m.role,
                    Role::Pronoun(crate::lexicons::Gender::Male | crate::lexicons::Gender::Female)
                )
                || (m.kind.is_none()
                    && m.role == Role::Name
                    && (2..=4).contains(&words_up_to(m.span.slice(text), 5))),
        })
        .collect();
    // Sorted by position: speaker look-ups search a window, not the document.
    speakers.sort_by_key(|s| (s.span.start, s.span.end));
    speakers
}

/// Names ending in "s" that are one thing: "they" does not stand for them.
const SINGULAR_IN_S: &[&str] = &[
    "news", "nations", "times", "services", "politics", "affairs",
];

/// A gazetteer form that names several: a people ("the Russians") or an
/// organization's plural ("Democrats"); the spelling of an unknown name says
/// nothing ("Sanders").
fn plural_form(text: &str, m: &RawMention) -> bool {
    use crate::lexicons::FormRole;
    use whosaid_model::ActorKind;
    let last = m.span.slice(text).split_whitespace().last().unwrap_or("");
    let in_s = last.ends_with('s')
        && !last.ends_with("ss")
        && !SINGULAR_IN_S.contains(&last.to_lowercase().as_str());
    match m.role {
        Role::Known(_, FormRole::Demonym) => in_s,
        Role::Known(_, FormRole::Name) => {
            in_s && matches!(m.kind, Some(ActorKind::Organization | ActorKind::Group))
        }
        // "Syrian rebels", "Opponents (of …)".
        Role::Compound(..) => in_s,
        _ => false,
    }
}

/// Whether a person other than `current` is named between two quotes
/// ("Ryan saying he was “encouraged” and Trump calling it a “…”").
fn other_speaker_between(
    rules: &QuoteRules,
    text: &str,
    segs: &Segments,
    speakers: &[Speaker],
    current: Option<(Span, Option<usize>)>,
    from: usize,
    to: usize,
) -> bool {
    let (span, entity) = current.unwrap_or_default();
    // Another person who is the subject of a cue between the two quotes.
    rules
        .cues_in(text, segs, from, to, false)
        .iter()
        .any(|cue| {
            speaker_ending_at(text, speakers, cue.start, from).is_some_and(|s| {
                s.person && s.span != span && (entity.is_none() || s.entity != entity)
            })
        })
}

/// One transcript turn per speaker label: from after the label to the next label.
fn transcript_turns(
    text: &str,
    paras: &[Span],
    mentions: &[RawMention],
    assignment: &[Option<usize>],
) -> Vec<QuoteDraft> {
    let labels: Vec<(usize, &RawMention)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.role, Role::Label { .. }))
        .collect();
    let mut out = Vec::new();
    for (k, (mi, m)) in labels.iter().enumerate() {
        let colon = text[m.span.end..]
            .find(':')
            .map_or(m.span.end, |p| m.span.end + p + 1);
        let mut next = labels.get(k + 1).map_or(text.len(), |(_, n)| n.span.start);
        // The host's back-announcement ("That's Secretary Kerry.") ends a clip.
        let first = paras.partition_point(|p| p.start <= colon);
        for p in paras[first..].iter().take_while(|p| p.start < next) {
            let t = p.slice(text);
            if ["That's ", "That’s ", "That was ", "That is "]
                .iter()
                .any(|b| t.starts_with(b))
            {
                next = p.start;
                break;
            }
        }
        let span = trim_span(text, Span::new(colon, next));
        if span.is_empty() {
            continue;
        }
        out.push(QuoteDraft {
            kind: QuoteKind::Transcript,
            span,
            speaker: Some((m.span, assignment[*mi])),
            cue: None,
            confidence: 0.95,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coref;
    use crate::lexicons::Lexicons;
    use crate::mentions::{Recognizer, RuleRecognizer};

    proptest::proptest! {
        /// The document's places of "according to " give each stretch the
        /// first that a search of its lower-cased copy finds.
        #[test]
        fn according_to_is_found_in_a_stretch_as_its_own_search_finds_it(
            text in "(According to |according to |ACCORDING TO |accord|ing to |to |İ|é| |[a-z.,])*",
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let (from, to) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (from, to) = (from.min(to), from.max(to));
            let by_copy = text[from..to].to_ascii_lowercase().find(ACCORDING_TO).map(|p| from + p);
            proptest::prop_assert_eq!(first_within(&according_to_at(&text), from, to), by_copy);
        }
    }

    pub(super) fn quotes(text: &str) -> Vec<(QuoteKind, String, Option<String>)> {
        let lex = Lexicons::new(&LexiconOverrides::default()).unwrap();
        let m = RuleRecognizer::new(&lex).recognize(text);
        let r = coref::resolve_full(text, &m, &lex);
        let rules = QuoteRules::new(&LexiconOverrides::default()).unwrap();
        rules
            .find(text, &m, &r.assignment)
            .into_iter()
            .map(|q| {
                (
                    q.kind,
                    q.span.slice(text).to_string(),
                    q.speaker.map(|s| s.0.slice(text).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn letters_that_grow_when_lower_cased_do_not_shift_according_to() {
        // Found by the fuzz test: the cue was looked for in lower-cased text.
        let text = "Kerry\"İ“Ⱥ\"Secretary of StateSecretary of State » according to é";
        for (_, quote, speaker) in quotes(text) {
            assert!(text.contains(&quote));
            assert!(speaker.is_none_or(|s| text.contains(&s)));
        }
    }

    fn d(text: &str, speaker: &str) -> (QuoteKind, String, Option<String>) {
        (
            QuoteKind::Direct,
            text.to_string(),
            Some(speaker.to_string()),
        )
    }

    #[test]
    fn qcvs_and_qcsv() {
        assert_eq!(
            quotes("“We are close,” said Kerry."),
            [d("We are close,", "Kerry")]
        );
        assert_eq!(
            quotes("\"We are close,\" Kerry said."),
            [d("We are close,", "Kerry")]
        );
        assert_eq!(
            quotes("“We are close,” he told reporters."),
            [d("We are close,", "he")]
        );
    }

    #[test]
    fn svq_with_colon() {
        assert_eq!(
            quotes("Kerry said: “We are close to a deal.”"),
            [d("We are close to a deal.", "Kerry")]
        );
    }

    #[test]
    fn split_quote_is_two_quotes_with_one_speaker() {
        let q = quotes("“We are close,” Lavrov said. “But not there yet.”");
        assert_eq!(
            q,
            [
                d("We are close,", "Lavrov"),
                d("But not there yet.", "Lavrov")
            ]
        );
    }

    #[test]
    fn a_following_paragraph_of_quote_inherits_the_speaker() {
        let q = quotes("“We are close,” Lavrov said.\n\n“It will take days, not weeks.”");
        assert_eq!(q[1], d("It will take days, not weeks.", "Lavrov"));
    }

    #[test]
    fn partial_quote_inside_a_sentence() {
        let q = quotes("Johnson called the situation \"dire\" on Tuesday.");
        assert_eq!(q, [d("dire", "Johnson")]);
    }

    #[test]
    fn scare_quotes_and_titles_without_speaker_are_not_quotes() {
        assert!(quotes("The so-called “safe zones” are still a plan.").is_empty());
    }

    #[test]
    fn nyt_quotes_and_guillemets() {
        assert_eq!(
            quotes("''We will not yield,'' the minister said."),
            [d("We will not yield,", "the minister")]
        );
        assert_eq!(
            quotes("«Nous restons,» said Castany."),
            [d("Nous restons,", "Castany")]
        );
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let q = quotes("Sanders’ aides said the ’70s were over and rock 'n' roll was back.");
        assert!(q.iter().all(|q| q.0 == QuoteKind::Indirect), "{q:?}");
    }

    #[test]
    fn an_unbalanced_mark_costs_only_its_paragraph() {
        let q = quotes("“This never closes, Kerry said.\n\n“We are close,” Lavrov said.");
        assert!(q.contains(&d("We are close,", "Lavrov")), "{q:?}");
    }

    #[test]
    fn transcript_turns_are_quotes_of_their_label() {
        let q = quotes("MICHELE KELEMEN, BYLINE: Good morning.\n\nKELLY: How are the talks going?");
        assert_eq!(
            q[0],
            (
                QuoteKind::Transcript,
                "Good morning.".into(),
                Some("MICHELE KELEMEN".into())
            )
        );
        assert_eq!(q[1].1, "How are the talks going?");
    }

    #[test]
    fn indirect_speech_patterns() {
        let q = quotes("Kerry said that the talks would resume next week.");
        assert_eq!(
            q,
            [(
                QuoteKind::Indirect,
                "the talks would resume next week".into(),
                Some("Kerry".into())
            )]
        );
        let q = quotes("The talks will resume next week, Lavrov said.");
        assert_eq!(q[0].1, "The talks will resume next week");
        let q = quotes("According to Lavrov, the talks will resume next week.");
        assert_eq!(q[0].1, "the talks will resume next week");
        assert_eq!(q[0].2.as_deref(), Some("Lavrov"));
    }

    #[test]
    fn markup_attributes_are_not_quotes() {
        assert!(
            quotes("<tweet id=\"1234\" author=\"@someone\">Great rally tonight</tweet>").is_empty()
        );
    }

    #[test]
    fn descriptions_after_the_cue_and_subjects_of_participles() {
        let q = quotes("\"There was wrongdoing,\" said a former senior law enforcement official.");
        assert_eq!(
            q[0].2.as_deref(),
            Some("a former senior law enforcement official")
        );
        let q = quotes(
            "Jeff Weaver was not impressed on Tuesday, telling reporters, “It is not enough.”",
        );
        assert_eq!(q[0].2.as_deref(), Some("Jeff Weaver"));
        let q = quotes("''It was a long time,'' Mr. Daniloff, now 81 and retired in Cambridge, Mass., said this week.");
        assert_eq!(q[0].2.as_deref(), Some("Daniloff"));
    }

    #[test]
    fn a_lead_in_ending_with_a_colon_attributes_the_next_paragraph() {
        let q = quotes(
            "The senator told the crowd:\n\n“We will win this fight, and we will win it soon.”",
        );
        assert_eq!(q[0].2.as_deref(), Some("The senator"));
    }

    #[test]
    fn appositives_and_party_tags_between_speaker_and_cue() {
        let q = quotes("''It is a big change,'' Elaine C. Kamarck, a senior fellow at the Brookings Institution, said.");
        assert_eq!(q[0].2.as_deref(), Some("Elaine C. Kamarck"));
        let q = quotes(
            "Sen. Ted Cruz (Tex.) has said that he would \"carpet bomb them into oblivion.\"",
        );
        assert!(
            q.iter().any(|q| q.2.as_deref() == Some("Ted Cruz")),
            "{q:?}"
        );
    }

    #[test]
    fn polls_relative_pronouns_and_described_sources_in_reported_speech() {
        let q = quotes("Six in 10 say he is at least somewhat decisive on foreign policy.");
        assert_eq!(q[0].2.as_deref(), Some("Six in 10"));
        let q = quotes("He attacked Jeb Bush and Chris Christie, who say the senator lacks the experience needed.");
        assert_eq!(q[0].2.as_deref(), Some("who"));
        let q = quotes("Turnout among young voters will rise sharply this year, according to a new poll by the Harvard Institute.");
        assert_eq!(
            q[0].1,
            "Turnout among young voters will rise sharply this year"
        );
        assert_eq!(
            q[0].2.as_deref(),
            Some("a new poll by the Harvard Institute")
        );
    }

    #[test]
    fn agreements_to_act_and_nouns_are_not_reported_speech() {
        assert!(quotes("Lavrov and Kerry agreed to meet again in Geneva next week.").is_empty());
        assert!(
            quotes("At each turn, those hopes have been dashed by the fighting in the north.")
                .is_empty()
        );
    }

    #[test]
    fn titles_in_quotation_marks_are_not_quotes() {
        assert!(
            quotes("He was a regular guest on ABC's “This Week” and on “Meet the Press.”")
                .is_empty()
        );
        let q = quotes("“Absolutely Not,” Lavrov said.");
        assert_eq!(
            q.len(),
            1,
            "a title-cased quote with a cue is still a quote"
        );
    }

    #[test]
    fn descriptions_speak_too() {
        let q = quotes("“The lines are hard,” one U.S. official said.");
        assert_eq!(q[0].2.as_deref(), Some("one U.S. official"));
    }

    #[test]
    fn a_partial_quote_without_speech_verb_belongs_to_the_subject() {
        let q = quotes(
            "Standing on the steps of the statehouse, Mr. Obama expressed a deep regret for ''the rancor and suspicion between the parties.''",
        );
        assert_eq!(
            q,
            [d("the rancor and suspicion between the parties.", "Obama")]
        );
        // The object of a preposition is no subject: "in Ohio", "to Fox News".
        let q = quotes(
            "At a rally in Columbus, Clinton described the plan as \"a way to put coal miners back to work for good.\"",
        );
        assert_eq!(q[0].2.as_deref(), Some("Clinton"));
    }

    #[test]
    fn a_quote_standing_as_a_sentence_after_its_introduction() {
        let q = quotes(
            "Clinton touted her record on the legislation. \"I was proud to be an original co-sponsor of this bill.\"",
        );
        assert_eq!(
            q,
            [d(
                "I was proud to be an original co-sponsor of this bill.",
                "Clinton"
            )]
        );
    }

    #[test]
    fn an_inverted_attribution_ending_the_sentence() {
        let q = quotes(
            "\"We are not trying to win the air war,\" but to take the lead in advertising, says Evan Tracey, a media consultant.",
        );
        assert_eq!(q[0].2.as_deref(), Some("Evan Tracey"));
    }

    #[test]
    fn a_clause_mostly_in_quotation_marks_is_direct_else_indirect() {
        // Two quoted words in a long reported clause: one indirect quote.
        let q = quotes(
            "She says people may not like the answer, but insists Sanders is mounting a “phony attack.”",
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, QuoteKind::Indirect);
        assert!(q[0].1.ends_with("“phony attack.”"), "{:?}", q[0].1);
        // Most of the clause quoted: one direct quote.
        let q = quotes(
            "In it, he says Clinton has \"built a nearly insurmountable lead among both delegates and actual voters.\"",
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, QuoteKind::Direct);
    }

    #[test]
    fn the_title_of_a_work_is_no_quote_even_near_a_cue() {
        assert!(
            quotes("Speaking Sunday on ABC's “This Week,” Carson said he was sorry.")
                .iter()
                .all(|q| q.1 != "This Week,")
        );
        assert!(
            quotes("She quoted the book \"The Art of the Deal\" to reporters, she said.")
                .iter()
                .all(|q| q.0 != QuoteKind::Direct)
        );
    }

    fn ind(text: &str, speaker: &str) -> (QuoteKind, String, Option<String>) {
        (
            QuoteKind::Indirect,
            text.to_string(),
            Some(speaker.to_string()),
        )
    }

    #[test]
    fn naming_verbs_report_speech_only_around_quoted_words() {
        // The name in quotation marks, inside a longer clause: one indirect quote.
        assert_eq!(
            quotes("Senator Alvarez called the proposal a “reckless gamble” for the farmers of the valley."),
            [ind("the proposal a “reckless gamble”", "Alvarez")]
        );
        // Mostly quoted: the direct quote stands.
        assert_eq!(
            quotes("The mayor called the plan “unworkable and unfair.”"),
            [d("unworkable and unfair.", "The mayor")]
        );
        // No quotation marks: a name, not speech.
        assert!(quotes("A group called Friends of the River held a rally on Sunday.").is_empty());
    }

    #[test]
    fn a_sentence_may_end_inside_a_quotation() {
        let q = quotes(
            "Ortega called the vote “a farce.” Sen. Maria Lindqvist said the count would be reviewed by the commission next week.",
        );
        assert!(
            q.contains(&ind(
                "the count would be reviewed by the commission next week",
                "Maria Lindqvist"
            )),
            "{q:?}"
        );
        // A quote introduced in its own sentence keeps that attribution.
        assert_eq!(
            quotes("Lena Dorsak said: “We are close to a deal.” The envoy agreed."),
            [d("We are close to a deal.", "Lena Dorsak")]
        );
        // The attribution after a closed sentence still reaches the quote.
        assert_eq!(
            quotes("“We have a deal.” Ambassador Ruth Okafor said."),
            [d("We have a deal.", "Ruth Okafor")]
        );
    }

    #[test]
    fn role_words_between_the_comma_and_the_name() {
        assert_eq!(
            quotes("The ceasefire will hold through the weekend, U.N. spokesman Tomas Reyes said."),
            [ind(
                "The ceasefire will hold through the weekend",
                "Tomas Reyes"
            )]
        );
    }

    #[test]
    fn a_title_with_of_state_is_no_cue() {
        let q = quotes(
            "“We will not sign,” Ana Reyes, assistant secretary of state for refugees, said on Monday.",
        );
        assert_eq!(q, [d("We will not sign,", "Ana Reyes")]);
    }

    #[test]
    fn bare_plurals_and_described_sources_with_a_relative_clause() {
        let q = quotes("“The damage runs into the millions,” city prosecutors wrote in a filing.");
        assert_eq!(q[0].2.as_deref(), Some("city prosecutors"));
        let q = quotes(
            "One delegate, who spoke on condition of anonymity, said the message was that “the talks are over for this year and will not resume.”",
        );
        assert_eq!(q[0].2.as_deref(), Some("One delegate"), "{q:?}");
    }

    #[test]
    fn a_title_inside_prose_does_not_make_a_headline() {
        let q = quotes(
            "Kowalski said his 2012 book The Road To Nowhere showed how Anna Berg was “part of the effort to stall the reform.”",
        );
        assert_eq!(q[0].2.as_deref(), Some("Kowalski"), "{q:?}");
    }

    #[test]
    fn the_words_before_that_are_an_addressee_only_without_a_verb() {
        assert_eq!(
            quotes(
                "Novak said it was “plainly wrong” that the agency had failed to warn residents."
            ),
            [ind(
                "it was “plainly wrong” that the agency had failed to warn residents",
                "Novak"
            )]
        );
        assert_eq!(
            quotes("Novak told reporters on Monday that the agency had failed to warn residents."),
            [ind("the agency had failed to warn residents", "Novak")]
        );
    }

    #[test]
    fn a_coordinated_cue_speaks_for_the_sentence_subject() {
        let q = quotes(
            "Luis Perez met the union leaders on Monday and said the strike would end by Friday.",
        );
        assert_eq!(q, [ind("the strike would end by Friday", "Luis Perez")]);
        let q =
            quotes("The spokesman replied that the minister had “no plans” to resign this year.");
        assert_eq!(q[0].0, QuoteKind::Indirect);
    }

    #[test]
    fn objects_of_a_verb_and_relative_words_do_not_speak() {
        assert!(quotes(
            "The ministry rejected Velmoran claims that civilians were among the prisoners."
        )
        .iter()
        .all(|q| q.2.as_deref() != Some("Velmoran")),);
        let q = quotes(
            "The convoy reached Sarnow, where aid groups say the taps have been dry for nine days.",
        );
        assert_eq!(q[0].2.as_deref(), Some("aid groups"), "{q:?}");
    }
}
