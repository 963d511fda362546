//! Stances stated without a stance verb, each a frame of its own:
//! - regard: "Kolvenia sees Vollan as an ally" (support the actor);
//! - must go: "the opposition says the prime minister has to go"
//!   (oppose the leader staying in power);
//! - in power: "the blockade will not end as long as Reveny is in power";
//! - blame: "Dravia says it was the shelling near Brenik that derailed …";
//! - essential: "providing the aid they need is essential", in a speaker's
//!   own words (support what is called essential; oppose what it would halt);
//! - irreplaceable: "does not see anyone who could replace Vollan";
//! - back on track: "the steps needed to get the talks back on track";
//! - do more: "want to see Kolvenia do more to stop the shelling" (oppose
//!   the shelling, pressing Kolvenia);
//! - demand: "“Dravia should open the crossings,” Vollan said" (the
//!   speaker's demand on Dravia);
//! - document: a speaker citing what "the resolution calls for".
//!
//! The words are data (`stance_frames.tsv`). Every frame needs an actor
//! holder: the subject before the verb of seeing, or the speaker of the
//! quote the words stand in; a frame with neither is left alone.

use super::{
    bounded, flip, head_phrase, object_phrase, plural_antecedent, target_after, verb_holder,
    word_offsets, PositionDraft, PositionRules, HALTING, NEGATIONS,
};
use crate::quotes::{speakers_in, QuoteDraft, Speaker};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{words_up_to, Span, Stance};

const FRAMES: &str = include_str!("../../../../data/lexicons/stance_frames.tsv");

/// Which frame a trigger word opens.
#[derive(Clone, Copy, PartialEq)]
enum Frame {
    Regard,
    MustGo,
    InPower,
    Blame,
    Essential,
    Irreplaceable,
    BackOnTrack,
    DoMore,
    Demand,
    Document,
}

#[derive(Default)]
pub(super) struct Frames {
    /// One scan of a sentence tells which frames can apply at all. A DFA,
    /// not the builder's choice (an NFA for a set this size): the scan reads
    /// every byte of every sentence, and a DFA takes one look-up a byte
    /// (analyze micro-benchmark −1.5 %).
    triggers: Option<AhoCorasick>,
    trigger_frames: Vec<Frame>,
    regard: Vec<String>,
    regard_as: Vec<(String, Stance)>,
    must_go: Vec<String>,
    in_power: Vec<String>,
    blame: Vec<String>,
    essential: Vec<String>,
    irreplaceable: Vec<String>,
    back_on_track: Vec<String>,
    do_more: Vec<String>,
    demand: Vec<String>,
    document: Vec<String>,
    document_calls: Vec<String>,
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
                ("irreplaceable", _) => f.irreplaceable.extend(words),
                ("back_on_track", _) => f.back_on_track.extend(words),
                ("do_more", _) => f.do_more.extend(words),
                ("demand", _) => f.demand.extend(words),
                ("document", _) => f.document.extend(words),
                ("document_calls", _) => f.document_calls.extend(words),
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
        add(&f.irreplaceable, Frame::Irreplaceable, &mut frames);
        add(&f.back_on_track, Frame::BackOnTrack, &mut frames);
        add(&f.do_more, Frame::DoMore, &mut frames);
        add(&f.demand, Frame::Demand, &mut frames);
        add(&f.document_calls, Frame::Document, &mut frames);
        f.triggers = Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
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
        window: usize,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        let Some(triggers) = &self.triggers else {
            return out;
        };
        let mut seen = [false; 10];
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
        let clause = Clause {
            text,
            sent,
            window,
            speakers,
            quotes,
        };
        if seen[Frame::Irreplaceable as usize] {
            out.extend(self.irreplaceable_frame(&clause));
        }
        if seen[Frame::BackOnTrack as usize] {
            out.extend(self.back_on_track_frame(rules, &clause));
        }
        if seen[Frame::DoMore as usize] {
            out.extend(self.do_more_frame(rules, &clause));
        }
        if seen[Frame::Demand as usize] {
            out.extend(self.demand_frame(rules, &clause));
        }
        if seen[Frame::Document as usize] {
            out.extend(self.document_frame(rules, &clause));
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
        if words_up_to(np.slice(text), 9) > 8 {
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
                !between.contains([',', ';', '"', '“', '”']) && words_up_to(between, 4) <= 3
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
                // "should go to jail" is no departure from power.
                let next = text[at + phrase.len()..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if !bounded(text, at, at + phrase.len())
                    || [
                        "to", "into", "back", "through", "for", "on", "ahead", "after",
                    ]
                    .contains(&bare(next).as_str())
                {
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
                .is_some_and(|k| words_up_to(&after[..k], 6) <= 5)
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

/// One sentence and what a frame reads it with.
struct Clause<'a> {
    text: &'a str,
    sent: Span,
    /// How far back "they" may look.
    window: usize,
    speakers: &'a [Speaker],
    quotes: &'a [QuoteDraft],
}

impl Clause<'_> {
    /// The actor a subject mention stands for: a name as it is, "they" as
    /// its plural antecedent.
    fn actor(&self, s: &Speaker) -> Option<(Span, Option<usize>)> {
        if s.span.slice(self.text).eq_ignore_ascii_case("they") {
            return plural_antecedent(
                self.text,
                self.speakers,
                self.sent,
                self.window,
                s.span.start,
            )
            .map(|a| (s.span, a.entity));
        }
        s.entity.map(|_| (s.span, s.entity))
    }

    /// The subject before the word at `at` (auxiliaries and adverbs
    /// between), as an actor.
    fn subject(&self, at: Span) -> Option<(Span, Option<usize>)> {
        verb_holder(self.text, self.speakers, self.sent, at).and_then(|(h, _)| self.actor(&h))
    }

    /// Where each of `words` stands in the sentence as a whole phrase.
    fn find_all<'w>(&self, words: &'w [String]) -> Vec<(Span, &'w str)> {
        let lower = self.sent.slice(self.text).to_ascii_lowercase();
        let mut out = Vec::new();
        for w in words {
            let mut from = 0;
            while let Some(p) = lower[from..].find(w.as_str()) {
                let at = self.sent.start + from + p;
                from += p + w.len().max(1);
                if bounded(self.text, at, at + w.len()) {
                    out.push((Span::new(at, at + w.len()), w.as_str()));
                }
            }
        }
        out.sort_by_key(|(s, _)| s.start);
        out
    }

    fn draft(
        &self,
        holder: (Span, Option<usize>),
        target: Option<(Span, Option<usize>)>,
        stance: Stance,
        predicate: &str,
        topic: String,
        topic_text: Span,
    ) -> PositionDraft {
        PositionDraft {
            holder,
            target,
            stance,
            predicate: predicate.into(),
            topic,
            topic_text,
            evidence: self.sent,
            quote: quote_at(self.quotes, topic_text.start).map(|(i, _)| i),
            confidence: 0.6,
        }
    }
}

/// The topics a phrase names: its codebook keys, else (unless only the
/// codebook counts) its head phrase.
fn topics_of(rules: &PositionRules, text: &str, phrase: Span, codebook_only: bool) -> Vec<String> {
    let keys = rules.codebook_keys(phrase.slice(text));
    if !keys.is_empty() || codebook_only {
        return keys;
    }
    head_phrase(phrase.slice(text), 0).into_iter().collect()
}

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .to_lowercase()
}

fn negation(w: &str) -> bool {
    let w = bare(w);
    NEGATIONS.contains(&w.as_str())
        || w.ends_with("n't")
        || w.ends_with("n’t")
        || ["nobody", "none", "neither"].contains(&w.as_str())
}

/// Adverbs between a modal and its verb ("should just", "must also").
const ADVERBS: &[&str] = &[
    "just", "also", "finally", "probably", "really", "now", "then", "still", "first", "instead",
    "either", "simply",
];

/// Verbs after "should" that demand no policy: thinking, looking,
/// talking ("should look for ways", "should worry", "should sound an alarm").
const NOT_DEMANDS: &[&str] = &[
    "be",
    "not",
    "never",
    "go",
    "step",
    "resign",
    "leave",
    "have",
    "get",
    "know",
    "understand",
    "think",
    "realize",
    "ask",
    "look",
    "worry",
    "consider",
    "sound",
    "listen",
    "heed",
    "learn",
    "remember",
    "try",
    "come",
    "do",
    "make",
    "feel",
    "see",
    "say",
    "tell",
    "expect",
    "give",
];

/// Verbs of refusal: what an actor should reject is what the speaker opposes.
const REFUSING: &[&str] = &[
    "reject", "oppose", "refuse", "condemn", "renounce", "abandon",
];

/// Verbs that put an issue "back on track".
const RESTORING: &[&str] = &[
    "get", "gets", "getting", "got", "put", "puts", "putting", "bring", "brings", "bringing",
    "brought", "set", "sets", "setting",
];

/// Words between the one who wants and the one who should do more:
/// "want to see Kolvenia do more", "urged Kolvenia to do more".
const WANTING: &[&str] = &[
    "want", "wants", "wanted", "to", "see", "expect", "expects", "expected", "would", "like",
    "urge", "urges", "urged", "urging", "need", "needs", "needed", "asked", "asks", "ask",
    "called", "calls", "call", "on", "pressed", "presses", "press", "pressing",
];

impl Frames {
    /// "Dravia does not see anyone who could replace Vollan", "there is no
    /// alternative to Vollan": support for the leader's staying.
    fn irreplaceable_frame(&self, c: &Clause) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        for (at, _) in c.find_all(&self.irreplaceable) {
            let Some(leader) =
                target_after(c.text, c.speakers, at.end, c.sent.end).filter(|l| l.entity.is_some())
            else {
                continue;
            };
            // A negation earlier in the clause: "does not see anyone", "no one can".
            let lead = &c.text[c.sent.start..at.start];
            let clause_from = lead.rfind([';', ':']).map_or(0, |k| k + 1);
            let Some((neg, w)) = word_offsets(&lead[clause_from..])
                .filter(|(_, w)| negation(w) || bare(w) == "no")
                .last()
            else {
                continue;
            };
            let neg_at = c.sent.start + clause_from + neg;
            let holder = c
                .subject(Span::new(neg_at, neg_at + w.len()))
                .or_else(|| speaker_at(c.quotes, at.start).map(|(_, h)| h));
            let Some(holder) = holder.filter(|h| h.1.is_some() && h.1 != leader.entity) else {
                continue;
            };
            out.push(in_power_position(
                c.text,
                holder,
                (leader.span, leader.entity),
                c.sent,
                quote_at(c.quotes, at.start).map(|(i, _)| i),
                "call irreplaceable",
            ));
            if let Some(p) = out.last_mut() {
                p.stance = Stance::Support;
            }
        }
        out
    }

    /// "… the steps needed to get the peace process back on track":
    /// support for what is to be restored.
    fn back_on_track_frame(&self, rules: &PositionRules, c: &Clause) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        for (at, _) in c.find_all(&self.back_on_track) {
            let lead = &c.text[c.sent.start..at.start];
            let words: Vec<(usize, &str)> = word_offsets(lead).collect();
            let Some(&(v, verb)) = words
                .iter()
                .rev()
                .take(8)
                .take_while(|(_, w)| !w.contains([',', ';', '"', '“', '”']))
                .find(|(_, w)| RESTORING.contains(&bare(w).as_str()))
            else {
                continue;
            };
            let verb = Span::new(c.sent.start + v, c.sent.start + v + verb.len());
            let issue = Span::new(verb.end, at.start);
            let issue = trim_span(c.text, issue);
            if issue.is_empty() {
                continue;
            }
            let holder = c
                .subject(verb)
                .or_else(|| speaker_at(c.quotes, at.start).map(|(_, h)| h));
            let Some(holder) = holder.filter(|h| h.1.is_some()) else {
                continue;
            };
            for topic in topics_of(rules, c.text, issue, false) {
                out.push(c.draft(holder, None, Stance::Support, "restore", topic, issue));
            }
        }
        out
    }

    /// "They want to see Kolvenia do much more to stop the shelling": the
    /// wanter opposes what the actor should halt (or supports a codebook
    /// issue it should advance), and presses that actor.
    fn do_more_frame(&self, rules: &PositionRules, c: &Clause) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        for (at, _) in c.find_all(&self.do_more) {
            let lead = c.text[c.sent.start..at.start].trim_end();
            let lead = lead.strip_suffix(" to").unwrap_or(lead).trim_end();
            let end = c.sent.start + lead.len();
            let Some(target) = speakers_in(c.speakers, c.sent.start, end)
                .iter()
                .find(|s| s.span.end == end && s.entity.is_some() && !s.label)
                .copied()
            else {
                continue;
            };
            // The one who wants it: the subject before the verbs of wanting.
            let before = speakers_in(c.speakers, c.sent.start, target.span.start);
            let holder = before
                .iter()
                .rev()
                .filter(|s| s.span.end <= target.span.start && !s.label)
                .find(|s| {
                    c.text[s.span.end..target.span.start]
                        .split_whitespace()
                        .all(|w| WANTING.contains(&bare(w).as_str()) || bare(w).ends_with("ly"))
                });
            // A subject that is no actor ("they" without an antecedent) is
            // no licence to give it to the speaker.
            let holder = match holder {
                Some(s) => c.actor(s),
                None => speaker_at(c.quotes, at.start).map(|(_, h)| h),
            };
            let Some(holder) = holder.filter(|h| h.1.is_some() && h.1 != target.entity) else {
                continue;
            };
            let Some((vp, _)) = object_phrase(c.text, at.end, c.sent.end) else {
                continue;
            };
            let Some((stance, topics)) = action_stance(rules, c, vp, true) else {
                continue;
            };
            let target = Some((target.span, target.entity));
            for topic in topics {
                out.push(c.draft(holder, target, stance, "urge", topic, vp));
            }
        }
        out
    }

    /// "“Dravia should open the border crossings now,” Vollan said": in a
    /// speaker's words, what another actor should do is the speaker's
    /// demand (and what it should stop, the speaker's opposition).
    fn demand_frame(&self, rules: &PositionRules, c: &Clause) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        for (at, _) in c.find_all(&self.demand) {
            let Some((_, speaker)) = speaker_at(c.quotes, at.start) else {
                continue;
            };
            // Not "never suggested the U.S. should …", "whether Britain should …".
            let lead = c.text[c.sent.start..at.start].trim_end();
            if lead.split_whitespace().any(|w| {
                negation(w) || ["if", "whether", "unless", "never"].contains(&bare(w).as_str())
            }) {
                continue;
            }
            // The actor named right before the modal, an adverb at most
            // between, opening its clause: not "attempts to discredit Vollan should".
            let Some(subject) = speakers_in(c.speakers, c.sent.start, at.start)
                .iter()
                .rev()
                .find(|s| s.span.end <= at.start)
                .filter(|s| {
                    let gap: Vec<&str> = c.text[s.span.end..at.start].split_whitespace().collect();
                    gap.len() <= 1 && gap.iter().all(|w| bare(w).ends_with("ly"))
                })
                .filter(|s| {
                    let before = c.text[c.sent.start..s.span.start].trim_end();
                    let prev = before.split_whitespace().next_back().unwrap_or("");
                    before.is_empty()
                        || before.ends_with([',', ':', '“', '"'])
                        || ["that", "said", "says", "and", "but", "the"]
                            .contains(&bare(prev).as_str())
                })
                .copied()
            else {
                continue;
            };
            let name = subject.span.slice(c.text);
            if subject.label
                || subject.entity.is_none()
                || subject.entity == speaker.1
                || !name.starts_with(char::is_uppercase)
                || ["he", "she", "they", "it", "we", "i"].contains(&name.to_lowercase().as_str())
            {
                continue;
            }
            let Some((vp, _)) = object_phrase(c.text, at.end, c.sent.end) else {
                continue;
            };
            // Past adverbs to the verb; a verb with its object.
            let words: Vec<(usize, &str)> = word_offsets(vp.slice(c.text))
                .skip_while(|(_, w)| bare(w).ends_with("ly") || ADVERBS.contains(&bare(w).as_str()))
                .collect();
            let Some(&(v, verb)) = words.first() else {
                continue;
            };
            let verb = bare(verb);
            let object = words.get(1).map(|(_, w)| bare(w)).unwrap_or_default();
            if NOT_DEMANDS.contains(&verb.as_str())
                || object.is_empty()
                || [
                    "it", "them", "him", "her", "this", "that", "us", "me", "you", "whatever",
                ]
                .contains(&object.as_str())
            {
                continue;
            }
            let vp = Span::new(vp.start + v, vp.end);
            let Some((stance, topics)) = action_stance(rules, c, vp, false) else {
                continue;
            };
            let target = Some((subject.span, subject.entity));
            for topic in topics {
                out.push(c.draft(speaker, target, stance, "demand", topic, vp));
            }
        }
        out
    }

    /// "“… but the resolution calls for a countrywide cessation,” Vollan
    /// said": a speaker who cites what a resolution or treaty calls for
    /// supports the codebook issues it names.
    fn document_frame(&self, rules: &PositionRules, c: &Clause) -> Vec<PositionDraft> {
        let mut out = Vec::new();
        for (at, _) in c.find_all(&self.document_calls) {
            let Some((qi, speaker)) = speaker_at(c.quotes, at.start) else {
                continue;
            };
            let before = c.text[c.sent.start..at.start]
                .split_whitespace()
                .next_back()
                .map(bare)
                .unwrap_or_default();
            let singular = before.strip_suffix('s').unwrap_or(&before);
            if !self.document.iter().any(|d| *d == before || d == singular) {
                continue;
            }
            let end = c.sent.end.min(c.quotes[qi].span.end);
            if end <= at.end {
                continue;
            }
            for (key, span) in rules.codebook_spans(c.text, Span::new(at.end, end)) {
                if !out.iter().any(|o: &PositionDraft| o.topic == key) {
                    out.push(c.draft(speaker, None, Stance::Support, "cite", key, span));
                }
            }
        }
        out
    }
}

/// The stance an actor takes in pressing for an action `vp`: against
/// what a halting or refusing verb aims at ("stop the shelling", "reject
/// the plan"), else for the action's issue (only a codebook issue when
/// `codebook_only`; a verb alone, "lead by example", names none).
fn action_stance(
    rules: &PositionRules,
    c: &Clause,
    vp: Span,
    codebook_only: bool,
) -> Option<(Stance, Vec<String>)> {
    let first = vp.slice(c.text).split_whitespace().next().unwrap_or("");
    let verb = bare(first);
    if HALTING.contains(&verb.as_str()) || REFUSING.contains(&verb.as_str()) {
        let (obj, _) = object_phrase(c.text, vp.start + first.len(), c.sent.end)?;
        return Some((Stance::Oppose, topics_of(rules, c.text, obj, false)));
    }
    let topics = topics_of(rules, c.text, vp, codebook_only)
        .into_iter()
        .filter(|t| t.contains(' ') || rules.codebook_keys(t).contains(t))
        .collect();
    Some((Stance::Support, topics))
}

/// A span without the spaces and punctuation at its ends.
fn trim_span(text: &str, s: Span) -> Span {
    let inner = s.slice(text);
    let t = inner.trim_matches(|c: char| !c.is_alphanumeric());
    match inner.find(t) {
        Some(k) if !t.is_empty() => Span::new(s.start + k, s.start + k + t.len()),
        _ => Span::new(s.start, s.start),
    }
}
