//! Stances stated without a stance verb, each a frame of its own:
//! - regard: "Kolvenia sees Vollan as an ally" (support the actor);
//! - must go: "the opposition says the prime minister has to go"
//!   (oppose the leader staying in power);
//! - in power: "the blockade will not end as long as Reveny is in power";
//! - blame: "Dravia says it was the shelling near Brenik that derailed …";
//! - essential: "providing the aid they need is essential", in a speaker's
//!   own words (support what is called essential; oppose what it would halt).
//!
//! The words are data (`stance_frames.tsv`). Every frame needs an actor
//! holder: the subject before the verb of seeing, or the speaker of the
//! quote the words stand in; a frame with neither is left alone.

use super::{
    bounded, flip, head_phrase, object_phrase, target_after, verb_holder, word_offsets,
    PositionDraft, PositionRules, HALTING, NEGATIONS,
};
use crate::quotes::{speakers_in, QuoteDraft, Speaker};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{Span, Stance};

const FRAMES: &str = include_str!("../../../../data/lexicons/stance_frames.tsv");

/// Which frame a trigger word opens.
#[derive(Clone, Copy, PartialEq)]
enum Frame {
    Regard,
    MustGo,
    InPower,
    Blame,
    Essential,
}

#[derive(Default)]
pub(super) struct Frames {
    /// One scan of a sentence tells which frames can apply at all.
    triggers: Option<AhoCorasick>,
    trigger_frames: Vec<Frame>,
    regard: Vec<String>,
    regard_as: Vec<(String, Stance)>,
    must_go: Vec<String>,
    in_power: Vec<String>,
    blame: Vec<String>,
    essential: Vec<String>,
}

impl Frames {
    pub(super) fn new(ov: &LexiconOverrides) -> Result<Frames, String> {
        let mut f = Frames::default();
        for line in ov.entries("stance_frames", FRAMES) {
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [frame, stance, words] = fields[..] else {
                return Err(format!(
                    "lexicon stance_frames: expected 3 fields in {line:?}"
                ));
            };
            let words = words
                .split('|')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty());
            let stance = match stance {
                "support" => Some(Stance::Support),
                "oppose" => Some(Stance::Oppose),
                "-" => None,
                s => return Err(format!("lexicon stance_frames: unknown stance {s:?}")),
            };
            match (frame, stance) {
                ("regard", _) => f.regard.extend(words),
                ("regard_as", Some(s)) => f.regard_as.extend(words.map(|w| (w, s))),
                ("must_go", _) => f.must_go.extend(words),
                ("in_power", _) => f.in_power.extend(words),
                ("blame", _) => f.blame.extend(words),
                ("essential", _) => f.essential.extend(words),
                (other, _) => {
                    return Err(format!("lexicon stance_frames: unknown frame {other:?}"))
                }
            }
        }
        let mut words: Vec<String> = Vec::new();
        let mut add = |list: &[String], frame: Frame, f: &mut Vec<Frame>| {
            for w in list {
                words.push(w.clone());
                f.push(frame);
            }
        };
        let mut frames = Vec::new();
        add(&f.regard, Frame::Regard, &mut frames);
        add(&f.must_go, Frame::MustGo, &mut frames);
        add(&["as long as".to_string()], Frame::InPower, &mut frames);
        add(
            &["it was".to_string(), "it is".to_string()],
            Frame::Blame,
            &mut frames,
        );
        add(&f.essential, Frame::Essential, &mut frames);
        f.triggers = Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&words)
                .map_err(|e| format!("lexicon stance_frames: {e}"))?,
        );
        f.trigger_frames = frames;
        Ok(f)
    }

    /// The frames' positions in one sentence.
    pub(super) fn find(
        &self,
        rules: &PositionRules,
        text: &str,
        sent: Span,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let Some(triggers) = &self.triggers else {
            return out;
        };
        let mut seen = [false; 5];
        for m in triggers.find_overlapping_iter(sent.slice(text)) {
            seen[self.trigger_frames[m.pattern().as_usize()] as usize] = true;
        }
        if seen[Frame::Regard as usize] {
            out.extend(self.regard_frame(text, sent, speakers));
        }
        if seen[Frame::MustGo as usize] {
            out.extend(self.must_go_frame(text, sent, speakers, quotes));
        }
        if seen[Frame::InPower as usize] {
            out.extend(self.in_power_frame(text, sent, speakers, quotes));
        }
        if seen[Frame::Essential as usize] {
            out.extend(self.essential_frame(rules, text, sent, quotes));
        }
        if seen[Frame::Blame as usize] {
            out.extend(self.blame_frame(rules, text, sent, quotes));
        }
        out
    }

    /// "Dravia says it was the shelling near Brenik that derailed the
    /// talks": the speaker opposes what the cleft names.
    fn blame_frame(
        &self,
        rules: &PositionRules,
        text: &str,
        sent: Span,
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let lower = sent.slice(text).to_ascii_lowercase();
        let Some(p) = lower.find("it was ").or_else(|| lower.find("it is ")) else {
            return out;
        };
        let np_start = p + lower[p..].find(' ').unwrap_or(0) + 1;
        let np_start = np_start + lower[np_start..].find(' ').unwrap_or(0) + 1;
        let Some(that) = lower[np_start..].find(" that ") else {
            return out;
        };
        let after = &lower[np_start + that + " that ".len()..];
        if !self
            .blame
            .iter()
            .any(|b| after.starts_with(&format!("{b} ")) || after.starts_with(&format!("{b},")))
        {
            return out;
        }
        let np = Span::new(sent.start + np_start, sent.start + np_start + that);
        if np.slice(text).split_whitespace().count() > 8 {
            return out;
        }
        let Some((qi, holder)) = speaker_at(quotes, np.start) else {
            return out;
        };
        let keys = rules.codebook_keys(np.slice(text));
        let topics = if keys.is_empty() {
            head_phrase(np.slice(text), 0).into_iter().collect()
        } else {
            keys
        };
        for topic in topics {
            out.push(PositionDraft {
                holder,
                target: None,
                stance: Stance::Oppose,
                predicate: "blame".into(),
                topic,
                topic_text: np,
                evidence: sent,
                quote: Some(qi),
                confidence: 0.6,
            });
        }
        out
    }

    /// "Kolvenia clearly sees Vollan as a partner it can trust."
    fn regard_frame(&self, text: &str, sent: Span, speakers: &[Speaker]) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let s = sent.slice(text);
        for (i, w) in word_offsets(s) {
            if !self.regard.iter().any(|r| r.eq_ignore_ascii_case(w)) {
                continue;
            }
            let verb = Span::new(sent.start + i, sent.start + i + w.len());
            // The actor seen, after at most a title ("sees President Daniel Ortega").
            let Some(target) = target_after(text, speakers, verb.end, sent.end).or_else(|| {
                speakers_in(speakers, verb.end + 1, sent.end)
                    .iter()
                    .find(|x| x.span.end <= sent.end)
                    .filter(|x| {
                        let gap: Vec<&str> =
                            text[verb.end..x.span.start].split_whitespace().collect();
                        gap.len() <= 2 && gap.iter().all(|w| w.starts_with(char::is_uppercase))
                    })
                    .copied()
            }) else {
                continue;
            };
            // "sees Vollan in Velmora as an ally": a short phrase may
            // stand between the actor and "as".
            let rest = &text[target.span.end..sent.end];
            let Some(as_at) = rest.find(" as ").filter(|&k| {
                let between = &rest[..k];
                !between.contains([',', ';', '"', '“', '”'])
                    && between.split_whitespace().count() <= 3
            }) else {
                continue;
            };
            let after_as = &rest[as_at + 4..];
            // "as an ally", "as a key partner", "as a threat": within three words.
            let seen_as = after_as.split_whitespace().take(3).find_map(|x| {
                let x = x
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                self.regard_as.iter().find(|(w, _)| *w == x)
            });
            let Some((_, stance)) = seen_as else { continue };
            let Some((holder, gap)) = verb_holder(text, speakers, sent, verb) else {
                continue;
            };
            if holder.entity.is_none() || holder.entity == target.entity {
                continue;
            }
            let negated = gap
                .split_whitespace()
                .any(|g| NEGATIONS.contains(&g.to_lowercase().as_str()))
                || gap.contains("n't");
            out.push(PositionDraft {
                holder: (holder.span, holder.entity),
                target: Some((target.span, target.entity)),
                stance: if negated { flip(*stance) } else { *stance },
                predicate: "regard as".into(),
                topic: target.span.slice(text).to_lowercase(),
                topic_text: target.span,
                evidence: sent,
                quote: None,
                confidence: 0.6,
            });
        }
        out
    }

    /// "… says the prime minister has to go": the speaker of the quote
    /// or reported clause opposes the leader's staying in power.
    fn must_go_frame(
        &self,
        text: &str,
        sent: Span,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let lower = sent.slice(text).to_ascii_lowercase();
        for phrase in &self.must_go {
            let mut from = 0;
            while let Some(p) = lower[from..].find(&format!(" {phrase}")) {
                let at = sent.start + from + p + 1;
                from += p + 1;
                if !bounded(text, at, at + phrase.len()) {
                    continue;
                }
                // The leader: the mention or the noun phrase just before.
                let Some(leader) = leader_before(text, speakers, sent.start, at) else {
                    continue;
                };
                let Some((qi, holder)) = speaker_at(quotes, at) else {
                    continue;
                };
                if leader.1.is_some() && leader.1 == holder.1 {
                    continue;
                }
                out.push(in_power_position(
                    text,
                    holder,
                    leader,
                    sent,
                    Some(qi),
                    "demand departure",
                ));
            }
        }
        out
    }

    /// "The blockade will never end as long as Reveny is in power": a
    /// negated clause before "as long as" opposes that leader's rule.
    fn in_power_frame(
        &self,
        text: &str,
        sent: Span,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let s = sent.slice(text);
        let lower = s.to_ascii_lowercase();
        let Some(p) = lower.find("as long as ") else {
            return out;
        };
        let clause = &lower[..p];
        let negated = clause
            .split_whitespace()
            .any(|w| NEGATIONS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
            || clause.contains("n't")
            || clause.contains("n’t");
        let after = &lower[p + "as long as ".len()..];
        let in_power = self.in_power.iter().any(|w| {
            after
                .find(w.as_str())
                .is_some_and(|k| after[..k].split_whitespace().count() <= 5)
        });
        if !negated || !in_power {
            return out;
        }
        let at = sent.start + p + "as long as ".len();
        let Some(leader) = speakers_in(speakers, at, at + 3)
            .iter()
            .find(|x| x.entity.is_some())
        else {
            return out;
        };
        // The speaker of the clause, or the nearest actor before it.
        let quote = speaker_at(quotes, at);
        let holder = quote.map(|(_, h)| h).or_else(|| {
            speakers_in(speakers, sent.start, sent.start + p)
                .iter()
                .rev()
                .find(|x| {
                    x.span.start >= sent.start
                        && x.span.end <= sent.start + p
                        && x.entity.is_some()
                        && x.entity != leader.entity
                        && !x.label
                })
                .map(|x| (x.span, x.entity))
        });
        if let Some(holder) = holder.filter(|h| h.1 != leader.entity) {
            out.push(in_power_position(
                text,
                holder,
                (leader.span, leader.entity),
                sent,
                quote.map(|(i, _)| i),
                "oppose rule",
            ));
        }
        out
    }

    /// "Ending the shelling is essential, as is getting food into the
    /// valley": in a speaker's words, the
    /// codebook issues named in the sentence are supported, and what a
    /// halting verb ("to halt its attacks") aims at is opposed.
    fn essential_frame(
        &self,
        rules: &PositionRules,
        text: &str,
        sent: Span,
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let s = sent.slice(text);
        let lower = s.to_ascii_lowercase();
        let evaluated = word_offsets(&lower).any(|(i, w)| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            self.essential.iter().any(|e| e == w) && copula_before(&lower[..i])
        });
        if !evaluated {
            return out;
        }
        let Some((qi, q)) = quote_at(quotes, sent.start).or_else(|| {
            let mid = sent.start + s.len() / 2;
            quote_at(quotes, mid)
        }) else {
            return out;
        };
        let Some(holder) = q.speaker.filter(|h| h.1.is_some()) else {
            return out;
        };
        // Only the part of the sentence that is the speaker's words.
        let part = Span::new(sent.start.max(q.span.start), sent.end.min(q.span.end));
        if part.is_empty() {
            return out;
        }
        let mut push = |stance: Stance, topic: String, topic_text: Span| {
            if !out
                .iter()
                .any(|o: &PositionDraft| o.topic == topic && o.stance == stance)
            {
                out.push(PositionDraft {
                    holder,
                    target: None,
                    stance,
                    predicate: "call essential".into(),
                    topic,
                    topic_text,
                    evidence: sent,
                    quote: Some(qi),
                    confidence: 0.6,
                });
            }
        };
        // What a halting verb aims at: "to halt its attacks on civilians".
        let mut halted: Vec<Span> = Vec::new();
        for (i, w) in word_offsets(part.slice(text)) {
            let bare = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if !HALTING.contains(&bare.as_str()) {
                continue;
            }
            let from = part.start + i + w.len();
            let Some((phrase, _)) = object_phrase(text, from, part.end) else {
                continue;
            };
            halted.push(phrase);
            let keys = rules.codebook_keys(phrase.slice(text));
            if keys.is_empty() {
                if let Some(h) = head_phrase(phrase.slice(text), 0) {
                    push(Stance::Oppose, h, phrase);
                }
            }
            for k in keys {
                push(Stance::Oppose, k, phrase);
            }
        }
        // Codebook issues elsewhere in the speaker's words are endorsed.
        for (key, span) in rules.codebook_spans(text, part) {
            if !halted
                .iter()
                .any(|h| h.start <= span.start && span.end <= h.end)
            {
                push(Stance::Support, key, span);
            }
        }
        out
    }
}

/// "is (obviously) essential", "was absolutely vital", "it is vital".
fn copula_before(lead: &str) -> bool {
    lead.split_whitespace()
        .rev()
        .find(|w| !w.ends_with("ly") && *w != "so" && *w != "very")
        .is_some_and(|w| ["is", "was", "are", "were", "be", "remains", "'s", "it's"].contains(&w))
}

/// The innermost quote holding `at`, with its speaker when that is an actor.
fn speaker_at(quotes: &[QuoteDraft], at: usize) -> Option<(usize, (Span, Option<usize>))> {
    let (qi, q) = quote_at(quotes, at)?;
    q.speaker.filter(|h| h.1.is_some()).map(|h| (qi, h))
}

/// The innermost quote (index, draft) that holds position `at`: the
/// reported clause inside a reporter's transcript turn, not the turn.
/// Quotes are sorted by start, so the innermost one starts last: a look
/// back over the nearest quotes, not the document's.
fn quote_at(quotes: &[QuoteDraft], at: usize) -> Option<(usize, &QuoteDraft)> {
    let k = quotes.partition_point(|q| q.span.start <= at);
    (k.saturating_sub(64)..k)
        .rev()
        .map(|i| (i, &quotes[i]))
        .find(|(_, q)| at < q.span.end)
}

/// The leader before "has to go": a mention ending there, or a short noun
/// phrase ("the prime minister").
fn leader_before(
    text: &str,
    speakers: &[Speaker],
    floor: usize,
    at: usize,
) -> Option<(Span, Option<usize>)> {
    let lead = text[floor..at].trim_end();
    let end = floor + lead.len();
    if let Some(m) = speakers_in(speakers, floor, end)
        .iter()
        .find(|s| s.span.end == end)
    {
        return Some((m.span, m.entity));
    }
    // "the prime minister", "the president": determiner, then up to three words.
    let words: Vec<(usize, &str)> = word_offsets(lead).collect();
    let k = words.len().checked_sub(1)?;
    let start_k = (k.saturating_sub(3)..=k)
        .find(|&j| ["the", "his", "their", "its"].contains(&words[j].1.to_lowercase().as_str()))?;
    let start = floor + words[start_k].0;
    let last = words[k].1;
    (last.chars().all(|c| c.is_lowercase()) && last.len() > 3)
        .then(|| (Span::new(start, end), None))
}

fn in_power_position(
    text: &str,
    holder: (Span, Option<usize>),
    leader: (Span, Option<usize>),
    sent: Span,
    quote: Option<usize>,
    predicate: &str,
) -> PositionDraft {
    let name = leader.0.slice(text).to_lowercase();
    let name = name.strip_prefix("the ").unwrap_or(&name);
    PositionDraft {
        holder,
        target: leader.1.map(|_| leader),
        stance: Stance::Oppose,
        predicate: predicate.into(),
        topic: format!("{name} in power"),
        topic_text: leader.0,
        evidence: sent,
        quote,
        confidence: 0.6,
    }
}
