//! Positions: who supports or opposes what, and whom they press.
//!
//! One stance predicate at a time, in its sentence: a verb ("Russia has
//! long opposed regime change"), a verb aimed at an actor ("Johnson called
//! on Russia to use its influence") or a nominalization ("Russia's
//! opposition to regime change"). Its holder is the subject mention before
//! it ("they" only for a plural actor nearby); inside a quote whose
//! subject is "I" or "we" or missing, the quote's speaker. Its topic is the object phrase, mapped to a codebook key when
//! one of the key's words is in it, else reduced to its head phrase.
//! Predicates and codebook are data: `stance_predicates.tsv`, `topics.tsv`.

mod frames;

use crate::dictionary::Dictionary;
use crate::mentions::lowercase;
use crate::quotes::{speakers_in, QuoteDraft, Segments, Speaker};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::{QuoteKind, Span, Stance};

const PREDICATES: &str = include_str!("../../../../data/lexicons/stance_predicates.tsv");
const TOPICS: &str = include_str!("../../../../data/lexicons/topics.tsv");

/// How a predicate takes its issue.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// "X opposes Y".
    Verb,
    /// "X urges Z to Y": Z is the target actor.
    Target,
    /// "X's opposition to Y".
    Noun,
}

#[derive(Debug, Clone)]
struct Predicate {
    name: String,
    stance: Stance,
    role: Role,
    /// A loose word ("offer", "seek"): a position only on a codebook topic.
    codebook_only: bool,
    /// The only codebook keys a loose word may take ("fight" is a stance
    /// on terrorism, not on a health law); empty: any key.
    keys: Vec<String>,
}

/// A position found in one document, its actors still local mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionDraft {
    pub holder: (Span, Option<usize>),
    pub target: Option<(Span, Option<usize>)>,
    pub stance: Stance,
    pub predicate: String,
    /// Codebook key, or the normalized head phrase.
    pub topic: String,
    /// The issue as written.
    pub topic_text: Span,
    /// The sentence the position rests on.
    pub evidence: Span,
    /// The quote (index into the document's quotes) it was read from.
    pub quote: Option<usize>,
    pub confidence: f32,
}

/// Where a predicate stands: its sentence, how far back "they" may look,
/// and the holder of the position read before it in the sentence.
struct Site {
    sent: Span,
    window: usize,
    earlier: Option<(Span, Option<usize>)>,
}

pub struct PositionRules {
    /// Looked up where whole words can start, as cues are.
    predicates: Dictionary,
    /// The predicates of each form: "support" is a verb and a noun.
    entries: Vec<Vec<Predicate>>,
    topics: AhoCorasick,
    /// Codebook key of each topic pattern.
    topic_keys: Vec<String>,
    /// Patterns that count only as a noun: no lower-case word after them.
    noun_only: Vec<bool>,
    /// Patterns that name what their key is against ("terrorism" for the
    /// fight against terrorism).
    enemy: Vec<bool>,
    frames: frames::Frames,
}

/// Words that may stand between a holder and its predicate: auxiliaries,
/// modals, adverbs and the verbs of trying ("Kerry has been trying to push for").
const GLUE: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "also",
    "long",
    "not",
    "never",
    "repeatedly",
    "again",
    "still",
    "now",
    "reportedly",
    "clearly",
    "strongly",
    "publicly",
    "already",
    "even",
    "just",
    "only",
    "both",
    "all",
    "firmly",
    "openly",
    "quickly",
    "no",
    "longer",
    "always",
    "often",
    "once",
    "then",
    "later",
    "initially",
    "vehemently",
    "loudly",
    "sharply",
    "fiercely",
    "cannot",
    "can't",
    "won't",
    "wouldn't",
    "doesn't",
    "don't",
    "didn't",
    "hasn't",
    "haven't",
    "isn't",
    "aren't",
    "wasn't",
    // Contracted auxiliaries after a pronoun ("they're", "he's been").
    "'re",
    "’re",
    "'ve",
    "’ve",
    // "they're there fighting …".
    "there",
];

/// Verbs of trying and wanting that take "to" before the predicate.
const TRYING: &[&str] = &[
    "trying",
    "tried",
    "try",
    "tries",
    "wants",
    "want",
    "wanted",
    "continue",
    "continues",
    "continued",
    "sought",
    "seeks",
    "seeking",
    "appears",
    "appeared",
    "seems",
    "seemed",
    "hopes",
    "hoped",
    "plans",
    "planned",
    "refused",
    "vowed",
    "pledged",
    "promised",
];

/// Words in that gap that turn the stance around.
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "cannot", "can't", "won't", "wouldn't", "doesn't", "don't", "didn't",
    "hasn't", "haven't", "isn't", "aren't", "wasn't",
];

/// Words that make a position less certain.
const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "reportedly",
    "appears",
    "appeared",
    "seems",
    "seemed",
];

/// Verbs that put an end to their object: supporting "an end to the sieges"
/// or urging Russia "to stop its bombardments" opposes the sieges and bombing.
const HALTING: &[&str] = &[
    "stop",
    "end",
    "halt",
    "lift",
    "cease",
    "abandon",
    "drop",
    "ending",
    "stopping",
    "halting",
    "lifting",
    "limit",
    "limiting",
    "restrict",
    "restricting",
    "reduce",
    "reducing",
    "curb",
    "curbing",
    "ban",
    "banning",
    "repeal",
    "repealing",
    "freeze",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
    "your", "any", "some", "all", "such", "every", "each", "new", "further", "more",
];

const PREPOSITIONS: &[&str] = &[
    "of", "for", "to", "in", "on", "with", "against", "by", "from", "at", "over", "about", "into",
    "toward", "towards",
];

/// Words that end an object phrase: a new clause or an aside begins.
const PHRASE_ENDS: &[&str] = &[
    "but", "that", "because", "while", "which", "who", "after", "before", "when", "as", "if", "so",
    "although", "though", "saying", "said", "says", "since", "until", "unless", "whereas", "where",
];

/// Words after "back" or "push" that make it an adverb or a phrasal verb.
const PARTICLES: &[&str] = &[
    "to", "in", "from", "home", "down", "off", "out", "up", "on", "into", "aside", "away",
    "through", "ahead", "forward", "past", "nearly", "almost", "about", "around", "then",
];

/// Number words: "back three years later" is an adverb of time.
const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
];

/// Verbs that make "back" their particle ("getting back the money").
const PHRASAL_BACK: &[&str] = &[
    "get", "gets", "getting", "got", "bring", "brings", "bringing", "brought", "take", "takes",
    "taking", "took", "come", "comes", "coming", "came", "go", "goes", "going", "went", "give",
    "gives", "giving", "gave", "pay", "paid", "send", "sent", "win", "won", "hold", "held", "turn",
    "turned", "fight", "fought", "look", "looked", "step", "stepped", "roll", "rolled", "scale",
    "scaled", "hit", "fire", "fired", "push", "pushed", "be", "was", "is", "are", "were", "been",
];

/// Nouns that a predicate word modifies as a noun itself ("press secretary").
const NOUN_HEADS: &[&str] = &[
    "secretary",
    "conference",
    "conferences",
    "release",
    "releases",
    "office",
    "briefing",
    "corps",
    "room",
    "officer",
    "aide",
    "freedom",
    "coverage",
    "group",
    "groups",
    "team",
];

/// Words that name no issue on their own.
const NOT_ISSUES: &[&str] = &[
    "again",
    "second",
    "first",
    "this",
    "that",
    "them",
    "him",
    "her",
    "it",
    "there",
    "here",
    "what",
    "which",
    "such",
    "plan",
    "idea",
    "move",
    "effort",
    "efforts",
    "step",
    "steps",
    "way",
    "thing",
    "things",
    "something",
    "anything",
    "everything",
    "one",
    "others",
    "other",
    "today",
    "tomorrow",
    "yesterday",
    "week",
    "month",
    "year",
    "day",
    "ago",
    "time",
    "is",
    "was",
    "be",
    "been",
    "or",
    "will",
    "would",
    "just",
    "rest",
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "nobody",
    "notion",
    "suggestion",
    // Claims, not issues: "rejected rumors that …", "denied the allegations".
    "rumor",
    "rumors",
    "report",
    "reports",
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "speculation",
    "characterization",
    "implication",
    "premise",
    "assertion",
    "criticism",
    "suggestions",
    // Words that point elsewhere for the issue: "defended his position of
    // …", "would support the former", "its support for the group".
    "position",
    "positions",
    "stance",
    "former",
    "latter",
    "group",
    "groups",
    "organization",
];

/// Nouns a codebook word may modify, making the stance one on that text:
/// "the immigration bill", "an immigration reform".
const DOCUMENT_NOUNS: &[&str] = &[
    "bill",
    "bills",
    "law",
    "laws",
    "measure",
    "measures",
    "legislation",
    "act",
    "amendment",
    "package",
    "reform",
    "reforms",
    "overhaul",
    "provision",
    "provisions",
    "order",
    "ruling",
];

/// Halting verbs that are nouns too: "a ban on", "an end to", "a halt to".
const HALTING_NOUNS: &[&str] = &["ban", "end", "halt", "freeze", "repeal", "limit", "curb"];

/// Words that name the fight itself, before an enemy's name.
const FIGHTING: &[&str] = &[
    "fight",
    "fighting",
    "war",
    "campaign",
    "battle",
    "defeat",
    "defeating",
    "destroy",
    "destroying",
    "combat",
    "combating",
    "against",
    "focus",
    "strikes",
    "airstrikes",
    "bombing",
    "bomb",
    "hit",
    "eliminate",
    "eliminating",
    "besiege",
];

/// Predicates of plain attitude: on an enemy's name they turn around.
const ATTITUDES: &[&str] = &[
    "support",
    "back",
    "endorse",
    "defend",
    "welcome",
    "favor",
    "advocate",
    "oppose",
    "reject",
    "condemn",
    "denounce",
    "criticize",
    "resist",
];

/// Days and months, skipped in a head phrase.
const WHEN: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Longest object phrase, in words.
const MAX_TOPIC_WORDS: usize = 12;

fn bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
        && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
}

/// The codebook's topics, read only in short topic phrases and possibly
/// many: the builder's choice of automaton, which is smaller than a DFA.
fn matcher(patterns: &[String]) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(patterns)
        .map_err(|e| e.to_string())
}

impl PositionRules {
    pub fn new(ov: &LexiconOverrides) -> Result<PositionRules, String> {
        let mut forms = Vec::new();
        let mut entries: Vec<Vec<Predicate>> = Vec::new();
        for line in ov.entries("stance_predicates", PREDICATES) {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let (name, stance, role, words, flags) = match f[..] {
                [n, s, r, w] => (n, s, r, w, ""),
                [n, s, r, w, fl] => (n, s, r, w, fl),
                _ => {
                    return Err(format!(
                        "lexicon stance_predicates: expected 4 or 5 fields in {line:?}"
                    ))
                }
            };
            let stance = match stance {
                "support" => Stance::Support,
                "oppose" => Stance::Oppose,
                s => return Err(format!("lexicon stance_predicates: unknown stance {s:?}")),
            };
            let role = match role {
                "verb" => Role::Verb,
                "target" => Role::Target,
                "noun" => Role::Noun,
                r => return Err(format!("lexicon stance_predicates: unknown role {r:?}")),
            };
            for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                let keys: Vec<String> = flags
                    .strip_prefix("codebook:")
                    .map(|k| k.split(',').map(|k| k.trim().to_string()).collect())
                    .unwrap_or_default();
                let pred = Predicate {
                    name: name.to_string(),
                    stance,
                    role,
                    codebook_only: flags == "codebook" || !keys.is_empty(),
                    keys,
                };
                match forms
                    .iter()
                    .position(|f: &String| f.eq_ignore_ascii_case(w))
                {
                    Some(k) => entries[k].push(pred),
                    None => {
                        forms.push(w.to_string());
                        entries.push(vec![pred]);
                    }
                }
            }
        }
        let mut synonyms = Vec::new();
        let mut topic_keys = Vec::new();
        let mut noun_only = Vec::new();
        let mut enemy = Vec::new();
        for line in ov.entries("topics", TOPICS) {
            let Some((key, words)) = line.split_once('\t') else {
                return Err(format!(
                    "lexicon topics: expected key<TAB>synonyms in {line:?}"
                ));
            };
            for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                // "offensive!": a word that is also an adjective names the
                // issue only as a noun ("the offensive on Brenik", not
                // "offensive speech").
                let (w, noun) = w.strip_suffix('!').map_or((w, false), |w| (w, true));
                // "-terrorism": what the key fights; a stance on it is the
                // opposite stance on the key.
                let (w, foe) = w.strip_prefix('-').map_or((w, false), |w| (w, true));
                // "cease-fire" and "cease fire" are one word as often as two.
                for variant in [w.to_string(), w.replace('-', " "), w.replace('-', "")] {
                    if !synonyms.contains(&variant) {
                        synonyms.push(variant);
                        topic_keys.push(key.trim().to_string());
                        noun_only.push(noun);
                        enemy.push(foe);
                    }
                }
            }
        }
        Ok(PositionRules {
            predicates: Dictionary::new(&forms, true)
                .map_err(|e| format!("lexicon stance_predicates: {e}"))?,
            entries,
            topics: matcher(&synonyms).map_err(|e| format!("lexicon topics: {e}"))?,
            topic_keys,
            noun_only,
            enemy,
            frames: frames::Frames::new(ov)?,
        })
    }

    /// Every position of one document. `speakers` are its mentions that can
    /// be subjects, sorted by start; `quotes` its quotes, sorted by start.
    pub fn find(
        &self,
        text: &str,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        self.find_in(text, &Segments::of(text), speakers, quotes)
    }

    /// [`PositionRules::find`] with the document's segments already found.
    pub(crate) fn find_in(
        &self,
        text: &str,
        segs: &Segments,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let sents = segs.sentences();
        let mut out: Vec<PositionDraft> = Vec::new();
        let starts = segs.phrase_starts_in(0, text.len()).iter().copied();
        for (start, pattern, end) in self.predicates.at_starts(text, starts) {
            if !bounded(text, start, end) {
                continue;
            }
            let k = sents.partition_point(|s| s.end <= start);
            let Some(&sent) = sents.get(k).filter(|s| s.start <= start) else {
                continue;
            };
            let at = Span::new(start, end);
            let site = Site {
                sent,
                // "they" looks back over its sentence and the two before.
                window: sents[k.saturating_sub(2)].start,
                // "… fight back against al Qaeda, as well as fight back
                // against ISIL": a coordinated verb shares the subject.
                earlier: out
                    .iter()
                    .rev()
                    .find(|o| o.evidence == sent && o.topic_text.end <= start)
                    .map(|o| o.holder),
            };
            let read: Vec<PositionDraft> = self.entries[pattern]
                .iter()
                .flat_map(|pred| self.read(text, &site, at, pred, speakers, quotes))
                .collect();
            for p in read {
                let dup = out.iter().any(|o| {
                    o.evidence == p.evidence
                        && o.holder.1 == p.holder.1
                        && o.stance == p.stance
                        && o.topic == p.topic
                });
                if !dup {
                    out.push(p);
                }
            }
        }
        for (k, &sent) in sents.iter().enumerate() {
            let window = sents[k.saturating_sub(2)].start;
            for p in self.frames.find(self, text, sent, window, speakers, quotes) {
                let dup = out.iter().any(|o| {
                    o.evidence == p.evidence && o.holder.1 == p.holder.1 && o.topic == p.topic
                });
                if !dup {
                    out.push(p);
                }
            }
        }
        out.sort_by_key(|p| (p.evidence.start, p.topic_text.start));
        out
    }

    /// The positions one predicate occurrence states, one per topic.
    fn read(
        &self,
        text: &str,
        site: &Site,
        at: Span,
        pred: &Predicate,
        speakers: &[Speaker],
        quotes: &[QuoteDraft],
    ) -> Vec<PositionDraft> {
        let (sent, window) = (site.sent, site.window);
        let word = at.slice(text);
        let lead = text[sent.start..at.start].trim_end();
        let prev = lead
            .split_whitespace()
            .next_back()
            .map(lowercase)
            .unwrap_or_default();
        let prev: &str = &prev;
        // A verb is written in lower case; after a determiner it is a noun.
        let lower = word.starts_with(char::is_lowercase);
        let after_determiner = DETERMINERS.contains(&prev);
        let next_word = lowercase(text[at.end..].split_whitespace().next().unwrap_or(""));
        let next_word: &str = &next_word;
        match pred.role {
            Role::Verb | Role::Target if !lower || after_determiner => return Vec::new(),
            // "get back to the table", "pushed aside", "back three years
            // later": an adverb, not the verb.
            Role::Verb | Role::Target
                if ["back", "push"].contains(&pred.name.as_str())
                    && (PARTICLES
                        .contains(&next_word.trim_matches(|c: char| !c.is_alphanumeric()))
                        || NUMBERS.contains(&next_word)
                        || next_word.starts_with(|c: char| c.is_ascii_digit())) =>
            {
                return Vec::new()
            }
            // "getting back the money", "take back territory": a phrasal verb.
            Role::Verb if pred.name == "back" && PHRASAL_BACK.contains(&prev) => return Vec::new(),
            // "Clinton press secretary Brian Fallon": a noun.
            Role::Verb | Role::Target if NOUN_HEADS.contains(&next_word) => return Vec::new(),
            Role::Noun if !["for", "to", "of"].contains(&next_word) => return Vec::new(),
            // "placed calls to Bernie": telephone calls, not a call for
            // (or a "call to abandon" him).
            Role::Noun
                if pred.name == "call for"
                    && next_word != "for"
                    && !(next_word == "to"
                        && text[at.end..]
                            .split_whitespace()
                            .nth(1)
                            .is_some_and(|w| w.starts_with(char::is_lowercase))) =>
            {
                return Vec::new()
            }
            _ => {}
        }

        let quote = quotes
            .iter()
            .position(|q| q.span.start <= at.start && at.end <= q.span.end);
        let (holder, gap) = match pred.role {
            Role::Noun => (noun_holder(text, speakers, sent, at), String::new()),
            _ => match verb_holder(text, speakers, sent, at) {
                Some((h, gap)) => (Some(h), gap),
                // "I would absolutely not support …", "not ready to back":
                // the words before the verb still negate it.
                None => (None, trailing_glue(&text[sent.start..at.start])),
            },
        };
        let gap_words: Vec<String> = gap
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                    .to_lowercase()
            })
            .collect();
        let negated =
            gap_words.iter().any(|w| NEGATIONS.contains(&w.as_str())) || gap.contains("n't");
        let hedged = gap_words.iter().any(|w| HEDGES.contains(&w.as_str()));
        let mut confidence: f32 = if pred.role == Role::Noun { 0.7 } else { 0.8 };
        if hedged {
            confidence *= 0.8;
        }
        // Inside a quote, "I" and "we" are its speaker, and so is a missing subject.
        let first_person =
            |s: &Speaker| ["i", "we"].contains(&s.span.slice(text).to_lowercase().as_str());
        let holder = match (holder, quote.map(|q| &quotes[q])) {
            (Some(h), Some(q)) if first_person(&h) => q.speaker.map(|s| (s, 0.9)),
            // "“It's fair to say he supports their policies,” Cruz said": a
            // claim about someone else, not that person's statement.
            (Some(h), Some(q))
                if q.kind == QuoteKind::Direct
                    && ["he", "she"].contains(&h.span.slice(text).to_lowercase().as_str()) =>
            {
                None
            }
            (Some(h), Some(q)) if q.kind != QuoteKind::Indirect => {
                // A stance the speaker reports of someone else.
                Some(((h.span, h.entity), 0.8))
            }
            (Some(h), _) => Some(((h.span, h.entity), 1.0)),
            // "We support …" in a quote: "I" and "we" are no mentions.
            (None, Some(q)) if first_person_before(lead) => q.speaker.map(|s| (s, 0.9)),
            // "“… that there would be a reinforcement of the truce,” Vollan
            // said": what the speaker says there should be.
            (None, Some(q))
                if pred.role == Role::Noun
                    && q.kind != QuoteKind::Indirect
                    && modal_existential(lead) =>
            {
                q.speaker.map(|s| (s, 0.8))
            }
            // "we will keep at it in order to bolster …": the
            // clause's subject is "we", with no other mention after it.
            (None, Some(q)) if first_person_subject(text, speakers, sent.start, at.start) => {
                q.speaker.map(|s| (s, 0.8))
            }
            // "Scrambling to save the truce, the ministry has …": the subject
            // after the opening participle.
            (None, _) if participle_opener(text, sent, at) => {
                subject_after_opener(text, speakers, sent).map(|h| ((h.span, h.entity), 0.8))
            }
            // "What he has been trying to do is get the parties to push
            // toward a settlement": the subject of the cleft; "… and opposes
            // …": the subject of the verb before. No subject found is no
            // licence to guess one.
            (None, _) => cleft_subject(text, speakers, sent, at)
                .map(|h| ((h.span, h.entity), 0.8))
                .or_else(|| {
                    let lower = lead.to_ascii_lowercase();
                    [" as well as", " and"]
                        .iter()
                        .any(|c| lower.ends_with(c))
                        .then_some(site.earlier)
                        .flatten()
                        .map(|h| (h, 0.8))
                }),
        };
        let Some((mut holder, mut factor)) = holder else {
            return Vec::new();
        };
        // Coreference gives "they" to any recent organization; a position
        // takes it only from a plural actor nearby ("The Russians brush
        // off the criticism. They say …"), or as the quote's speaker.
        let pronoun = holder.0.slice(text).to_lowercase();
        let speaks = quote.is_some_and(|q| quotes[q].speaker == Some(holder));
        if pronoun == "we" && !speaks {
            return Vec::new();
        }
        if pronoun == "they" && !speaks {
            match plural_antecedent(text, speakers, sent, window, holder.0.start) {
                Some(a) => {
                    holder = (holder.0, a.entity);
                    factor *= 0.8;
                }
                None => return Vec::new(),
            }
        }
        if holder.1.is_none() {
            return Vec::new();
        }
        // "whether she would back the nominee", "if the party announced it
        // would not back …": no stance taken.
        let conditional = lead
            .split_whitespace()
            .rev()
            .take(8)
            .any(|w| ["whether", "if", "unless"].contains(&w.to_lowercase().as_str()));
        if conditional {
            return Vec::new();
        }
        // "Reagan was criticized for …", "was backed by": the holder is the
        // one acted on. "is opposed to", "is committed to" are stances.
        let passive = pred.role != Role::Noun
            && word
                .split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with("ed"))
            && gap_words.iter().any(|w| {
                [
                    "was", "were", "been", "being", "is", "are", "be", "get", "got",
                ]
                .contains(&w.as_str())
            })
            && !["oppose", "commit"].contains(&pred.name.as_str());
        if passive {
            return Vec::new();
        }
        // "Americans overwhelmingly oppose …, a new poll finds": the public
        // a poll speaks for is no actor taking a stance.
        let plural_holder = pronoun == "they"
            || speakers
                .iter()
                .find(|s| s.span == holder.0)
                .is_some_and(|s| s.plural);
        let poll = || {
            sent.slice(text).split_whitespace().any(|w| {
                let w = w.to_ascii_lowercase();
                let bare = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                [
                    "poll",
                    "polls",
                    "survey",
                    "surveys",
                    "percent",
                    "respondents",
                ]
                .contains(&bare)
                    || w.contains('%')
            })
        };
        if plural_holder && poll() {
            return Vec::new();
        }
        // "France must reject …": the speaker demands it; it is no stance
        // of the subject's own.
        let demanded = gap_words
            .iter()
            .any(|w| ["must", "should", "ought"].contains(&w.as_str()));
        let by_speaker = quote.is_some_and(|q| quotes[q].speaker.is_some_and(|s| s.1 == holder.1));
        if demanded && quote.is_some() && (factor < 0.9 || !by_speaker) {
            return Vec::new();
        }
        // "asked Trump how he would handle …": a question, no request.
        if pred.name == "ask" {
            let next = text[at.end..sent.end]
                .split_whitespace()
                .take(4)
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .any(|w| {
                    [
                        "how", "whether", "if", "what", "why", "when", "who", "where", "about",
                    ]
                    .contains(&w.as_str())
                });
            if next {
                return Vec::new();
            }
        }
        // "did not criticize the minister" is no support of him, nor is
        // "did not rule out searches" support of them.
        if negated && pred.stance == Stance::Oppose {
            return Vec::new();
        }
        confidence *= factor;

        // The target of "urge Russia to …", and where the issue starts.
        let mut from = at.end;
        let mut target = None;
        // "has sought numerous times for Moscow to use its influence",
        // "called for Dravia to withdraw": a call on that actor.
        let mut pressed = false;
        // Not an expectation ("looking for the firm to post gains") or a
        // passive ("calling for Vollan to be banned").
        let expects = ["look for", "want"].contains(&pred.name.as_str());
        if pred.role == Role::Verb && !expects {
            if let Some(t) = for_actor_to(text, speakers, word, at.end, sent.end) {
                let passive = text[t.span.end..sent.end]
                    .trim_start()
                    .starts_with("to be ");
                if t.entity.is_some() && t.entity != holder.1 && !passive {
                    target = Some((t.span, t.entity));
                    from = t.span.end;
                    pressed = true;
                }
            }
        }
        if pred.role == Role::Target {
            // "urged both parliaments to act before …": an addressee that is
            // no actor; the issue is what it is urged to do.
            let addressee_then_to = || {
                let rest = &text[at.end..sent.end];
                word_offsets(rest)
                    .take(5)
                    .find(|(_, w)| *w == "to")
                    .filter(|&(i, _)| !rest[..i].contains([',', ';', '"', '“', '”']))
                    .map(|(i, _)| at.end + i)
            };
            if pred.stance == Stance::Support
                && target_after(text, speakers, at.end, sent.end).is_none()
            {
                if let Some(to) = addressee_then_to() {
                    from = to;
                }
            }
            if let Some(t) = target_after(text, speakers, at.end, sent.end) {
                target = Some((t.span, t.entity));
                from = t.span.end;
                let rest = &text[from..sent.end];
                let skip = rest
                    .split_whitespace()
                    .take(3)
                    .position(|w| ["to", "for", "over", "on", "of"].contains(&w))
                    .map(|n| {
                        let mut pos = 0;
                        for w in rest.split_whitespace().take(n + 1) {
                            pos = rest[pos..].find(w).map_or(pos, |p| pos + p + w.len());
                        }
                        pos
                    });
                match skip {
                    Some(p) => from += p,
                    // "criticized Obama.": the issue is the target itself.
                    None => from = t.span.start,
                }
            }
            if target.is_some_and(|t| t.1.is_some() && t.1 == holder.1) {
                return Vec::new();
            }
        }
        let Some((phrase, to_before)) = object_phrase(text, from, sent.end) else {
            return Vec::new();
        };
        // "agreed to expand", "committed to helping": a verb after "to".
        let first_word = phrase.slice(text).split_whitespace().next().unwrap_or("");
        let infinitive = (to_before || word.ends_with(" to"))
            && first_word.starts_with(char::is_lowercase)
            && !DETERMINERS.contains(&first_word);
        let mut stance = if negated {
            flip(pred.stance)
        } else {
            pred.stance
        };
        // "urged Russia to stop its bombardments": against the bombing.
        // "a temporary ban on Muslim immigration", "an end to the sieges":
        // a halting noun, within the first words, before its preposition.
        let opening: Vec<String> = phrase
            .slice(text)
            .split_whitespace()
            .take(4)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        let halt_at = opening
            .iter()
            .position(|w| HALTING.contains(&w.as_str()))
            .filter(|&k| {
                k == 0
                    || HALTING_NOUNS.contains(&opening[k].as_str())
                        && opening
                            .get(k + 1)
                            .is_some_and(|p| ["on", "of", "to"].contains(&p.as_str()))
                        && !opening[..k]
                            .iter()
                            .any(|w| PREPOSITIONS.contains(&w.as_str()))
            });
        let halting = halt_at.is_some();
        if halting {
            stance = flip(stance);
        }
        let matches = self.codebook_matches(phrase.slice(text));
        let foes: Vec<String> = matches
            .iter()
            .filter(|(_, foe)| *foe)
            .map(|(k, _)| k.clone())
            .collect();
        let mut keys: Vec<String> = matches.into_iter().map(|(k, _)| k).collect();
        // "he might back Vollan", with "he" resolved to Vollan: the holder
        // named as the issue.
        let names_holder = speakers_in(speakers, phrase.start, phrase.end)
            .iter()
            .filter(|s| s.span.end <= phrase.end)
            .any(|s| s.entity.is_some() && s.entity == holder.1)
            || phrase
                .slice(text)
                .eq_ignore_ascii_case(holder.0.slice(text));
        if names_holder {
            return Vec::new();
        }
        // "blamed the outage on hackers": the blamed are after "on"; the
        // outage is no issue taken.
        if pred.name == "blame"
            && target.is_none()
            && phrase.slice(text).split_whitespace().any(|w| w == "on")
        {
            return Vec::new();
        }
        // "urged the caucus to make it clear …": a light verb and a pronoun.
        let second_word = phrase
            .slice(text)
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_lowercase();
        if [
            "make", "do", "get", "have", "be", "go", "come", "keep", "take",
        ]
        .contains(&first_word.to_lowercase().as_str())
            && ["it", "this", "that", "them", "him", "her", "sure", "so"]
                .contains(&second_word.as_str())
        {
            return Vec::new();
        }
        // "refused to call the attack terrorism": naming is no stance on the name.
        if infinitive
            && ["call", "label", "describe", "term", "dub", "brand", "name"]
                .contains(&first_word.to_lowercase().as_str())
        {
            return Vec::new();
        }
        // "wanted to punish the families of militants": wanting an action is
        // no stance on the codebook word inside it.
        // Nor is wanting someone to act ("don't want terrorists to have a
        // haven") a stance on that someone.
        let object_then_to = phrase
            .slice(text)
            .split_whitespace()
            .take(4)
            .skip(1)
            .any(|w| w == "to");
        if pred.name == "want" && (infinitive || object_then_to) {
            return Vec::new();
        }
        // "urged reforms": neither whom it urges nor an action is named.
        if pred.role == Role::Target
            && pred.stance == Stance::Support
            && target.is_none()
            && from == at.end
            && keys.is_empty()
        {
            return Vec::new();
        }
        // "could not resist making jokes", "hard to resist a bargain": idioms
        // of liking; "endorsed him": the issue is a pronoun this rule does
        // not resolve.
        let first_lower = first_word.to_lowercase();
        let hard_to = ["hard to", "difficult to", "impossible to"]
            .iter()
            .any(|h| lead.to_lowercase().ends_with(h));
        if keys.is_empty()
            && (pred.name == "resist" && (first_lower.ends_with("ing") || hard_to)
                || [
                    "him",
                    "her",
                    "them",
                    "it",
                    "me",
                    "us",
                    "you",
                    "himself",
                    "herself",
                    "themselves",
                    "itself",
                    "myself",
                    "ourselves",
                    "yourself",
                ]
                .contains(&first_lower.as_str()))
        {
            return Vec::new();
        }
        // "agreed to expand …": an action, not an issue, unless the codebook
        // names one in it or an actor is pressed to take it.
        if !pred.keys.is_empty() {
            keys.retain(|k| pred.keys.contains(k));
        }
        if keys.is_empty()
            && !pressed
            && (pred.codebook_only || infinitive && pred.role != Role::Target && !halting)
        {
            return Vec::new();
        }
        if keys.is_empty() {
            // Past the halting word and its preposition: "ban on imports" → "import".
            let skip_first = match halt_at {
                Some(0) => 1,
                Some(k) => k + 2,
                None => 0,
            };
            match head_phrase(phrase.slice(text), skip_first) {
                // "called on Vollan to join her", "urged them to act": a bare
                // verb names no issue.
                Some(h) if infinitive && !halting && !h.contains(' ') => return Vec::new(),
                Some(h) => keys.push(h),
                None => return Vec::new(),
            }
        }
        // A phrase that names only a key's enemy ("supports terrorism",
        // "cut emissions"): a plain attitude turns around, halting or
        // fighting it ("stop ISIS", "the war on terrorism") is for the key,
        // other verbs ("proposed a ban that makes him ISIS' best recruiter")
        // say nothing about it.
        let base = if negated {
            flip(pred.stance)
        } else {
            pred.stance
        };
        let lower_phrase = phrase.slice(text).to_lowercase();
        // Halting the enemy is fighting it, unless the halt is on another
        // issue the phrase names ("a ban on immigration that helps ISIS").
        let names_fight = pred.name == "fight"
            || halting && keys.len() == 1
            || lower_phrase
                .split_whitespace()
                .any(|w| FIGHTING.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
        let attitude = ATTITUDES.contains(&pred.name.as_str());
        keys.into_iter()
            .filter_map(|topic| {
                if !foes.contains(&topic) {
                    return Some((topic, stance));
                }
                if names_fight {
                    Some((topic, base))
                } else if attitude {
                    Some((topic, flip(base)))
                } else {
                    None
                }
            })
            .map(|(topic, stance)| PositionDraft {
                holder,
                target,
                stance,
                predicate: pred.name.clone(),
                topic,
                topic_text: phrase,
                evidence: sent,
                quote,
                confidence,
            })
            .collect()
    }
}

impl PositionRules {
    /// Where the codebook's words stand in `span`, with their keys.
    fn codebook_spans(&self, text: &str, span: Span) -> Vec<(String, Span)> {
        self.topics
            .find_iter(span.slice(text))
            .map(|m| (m, Span::new(span.start + m.start(), span.start + m.end())))
            .filter(|(m, s)| bounded(text, s.start, s.end) && self.as_noun(text, m, s.end))
            .map(|(m, s)| (self.topic_keys[m.pattern().as_usize()].clone(), s))
            .collect()
    }

    /// Whether a match stands as a noun, when its pattern must: the word
    /// after it, if any, is a preposition or conjunction, not the noun it
    /// would modify.
    fn as_noun(&self, text: &str, m: &aho_corasick::Match, end: usize) -> bool {
        if !self.noun_only[m.pattern().as_usize()] {
            return true;
        }
        let rest = &text[end..];
        if rest.starts_with(|c: char| !c.is_whitespace()) {
            return true;
        }
        rest.split_whitespace().next().is_none_or(|w| {
            !w.starts_with(char::is_lowercase)
                || PREPOSITIONS.contains(&w)
                || PHRASE_ENDS.contains(&w)
                || [
                    "and", "or", "around", "near", "is", "was", "has", "had", "will",
                ]
                .contains(&w)
        })
    }

    /// The codebook keys named in a phrase, in order; "cease-fire",
    /// "cease fire" and "ceasefire" are one word.
    fn codebook_keys(&self, phrase: &str) -> Vec<String> {
        self.codebook_matches(phrase)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// The codebook keys named in a phrase, each with whether only its
    /// enemies are named ("supports terrorism").
    fn codebook_matches(&self, phrase: &str) -> Vec<(String, bool)> {
        let mut keys: Vec<(String, bool)> = Vec::new();
        // "reducing the violence" names what "reducing violence" does.
        let no_articles = phrase
            .split_whitespace()
            .filter(|w| !["the", "a", "an"].contains(&w.to_ascii_lowercase().as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        for variant in [
            phrase.to_string(),
            phrase.replace('-', ""),
            phrase.replace('-', " "),
            no_articles,
        ] {
            for m in self.topics.find_iter(&variant) {
                let key = &self.topic_keys[m.pattern().as_usize()];
                // "the 2007 immigration bill": a stance on that bill, not on
                // immigration.
                let modifies = variant[m.end()..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| {
                        DOCUMENT_NOUNS.contains(
                            &w.trim_matches(|c: char| !c.is_alphanumeric())
                                .to_lowercase()
                                .as_str(),
                        )
                    });
                if bounded(&variant, m.start(), m.end())
                    && self.as_noun(&variant, &m, m.end())
                    && !modifies
                {
                    let foe = self.enemy[m.pattern().as_usize()];
                    match keys.iter_mut().find(|(k, _)| k == key) {
                        Some(entry) => entry.1 &= foe,
                        None => keys.push((key.clone(), foe)),
                    }
                }
            }
        }
        keys
    }
}

/// Whether the subject right before a predicate is "I" or "we", with only
/// auxiliaries and adverbs between ("we have long supported").
fn first_person_before(lead: &str) -> bool {
    lead.split_whitespace()
        .rev()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .to_lowercase()
        })
        .find(|w| !GLUE.contains(&w.as_str()) && !w.ends_with("ly"))
        .is_some_and(|w| w == "i" || w == "we")
}

/// A sentence opened by a participle phrase ("Scrambling to …,") that holds
/// the predicate at `at`.
fn participle_opener(text: &str, sent: Span, at: Span) -> bool {
    let s = sent.slice(text);
    // After a wire dateline: "GENEVA — Scrambling to …".
    let s = s
        .split_once(" — ")
        .filter(|(d, _)| !d.chars().any(char::is_lowercase))
        .map_or(s, |(_, rest)| rest);
    let first = s.split_whitespace().next().unwrap_or("");
    let comma = sent.slice(text).find(',').map(|c| sent.start + c);
    first.len() > 4
        && first.ends_with("ing")
        && first.starts_with(char::is_uppercase)
        && comma.is_some_and(|c| at.end <= c)
}

/// The mention opening the main clause after a participle phrase's comma.
fn subject_after_opener(text: &str, speakers: &[Speaker], sent: Span) -> Option<Speaker> {
    let comma = sent.start + sent.slice(text).find(',')?;
    speakers_in(speakers, comma + 1, sent.end)
        .iter()
        .find(|s| s.span.end <= sent.end)
        .filter(|s| {
            let gap = text[comma + 1..s.span.start].trim().to_lowercase();
            (gap.is_empty() || gap == "the") && s.entity.is_some() && !s.label
        })
        .copied()
}

/// Whether "I" or "we" is the last subject before `to` in the sentence: it
/// comes after every mention there, and no clause break (";", a full stop
/// inside the quote) stands between.
fn first_person_subject(text: &str, speakers: &[Speaker], from: usize, to: usize) -> bool {
    let last_mention = speakers_in(speakers, from, to)
        .iter()
        .filter(|s| s.span.end <= to)
        .map(|s| s.span.end)
        .max()
        .unwrap_or(from);
    let lead = &text[last_mention..to];
    let pronoun_at = lead
        .split_whitespace()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w == "we" || w == "i"
        });
    // Not across a clause: "I know people who back him", "I think, overall, most …".
    pronoun_at.is_some_and(|k| {
        let after: Vec<&str> = lead.split_whitespace().skip(k + 1).collect();
        after.len() <= 30
            && !after.iter().any(|w| {
                let w = w.to_lowercase();
                w.contains([';', '.', '?', '!', ','])
                    || ["who", "whom", "which", "that's"].contains(&w.as_str())
                    // "we think they will favor …": another subject ("it" and
                    // "you" are as often objects: "we will keep at it").
                    || ["they", "they're", "they’re", "he", "he's", "she", "she's", "it's"]
                        .contains(&w.as_str())
            })
            // "remove any content that praises or supports …": a relative
            // clause with a verb of its own.
            && !after.windows(2).any(|p| {
                p[0].eq_ignore_ascii_case("that")
                    && p[1].starts_with(char::is_lowercase)
                    && p[1].ends_with('s')
                    && !["is", "was", "has", "as", "us"].contains(&p[1])
            })
    })
}

/// Whether a mention names several: a people or a plural name ("the
/// Russians", "Democrats"), or a group with a plural verb after it ("the
/// opposition feel").
pub(super) fn plural_mention(text: &str, s: &Speaker) -> bool {
    if s.person || s.label || s.entity.is_none() {
        return false;
    }
    let verb = text[s.span.end..]
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .to_lowercase()
        })
        .find(|w| {
            !w.ends_with("ly") && !["just", "also", "all", "both", "now"].contains(&w.as_str())
        })
        .unwrap_or_default();
    s.plural
        || ["are", "were", "feel", "fear", "believe", "insist", "argue"].contains(&verb.as_str())
}

/// Words before a plural name that make it a part of the actor, not the
/// actor: "some Republicans", "most of the Senate Republicans".
const QUANTIFIERS: &[&str] = &[
    "some",
    "other",
    "many",
    "most",
    "few",
    "several",
    "numerous",
    "two",
    "three",
    "four",
    "five",
    "those",
    "these",
    "percent",
    "half",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
];

/// Whether a plural mention stands for the whole actor as a subject: no
/// object of a preposition ("47 percent of Cuban Americans", "members of
/// the GOP") and no part of it ("some Republicans"). `from` bounds the
/// look at the words before it.
fn whole_subject(text: &str, from: usize, s: &Speaker) -> bool {
    // The words before the name, past its capitalized modifiers ("Cuban").
    let before: Vec<String> = text[from.min(s.span.start)..s.span.start]
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .skip_while(|w| {
            w.starts_with(char::is_uppercase) && !QUANTIFIERS.contains(&w.to_lowercase().as_str())
        })
        .take(4)
        .map(str::to_lowercase)
        .collect();
    let object = before.first().is_some_and(|w| {
        PREPOSITIONS.contains(&w.as_str()) || ["including", "among", "like"].contains(&w.as_str())
    }) || before.first().is_some_and(|w| w == "the")
        && before.get(1).is_some_and(|w| w == "of");
    let part = before.iter().any(|w| {
        QUANTIFIERS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
    });
    !object && !part
}

/// The plural actor "they" at `at` stands for. A "they" inside its
/// sentence ("The Saudis said they would …") stands for a subject before it
/// there, or for nothing: "Some 22 percent said they", "delegates said they"
/// have their own subjects, which are no actors. A "they" opening its
/// sentence looks back to `window` (the two sentences before). Either way
/// the antecedent is the nearest plural mention that is no object of a
/// preposition ("47 percent of Cuban Americans") and no part of a whole
/// ("some Republicans"); an earlier "they" in the sentence passes the
/// question on.
pub(super) fn plural_antecedent(
    text: &str,
    speakers: &[Speaker],
    sent: Span,
    window: usize,
    at: usize,
) -> Option<Speaker> {
    let lead: Vec<String> = text[sent.start..at]
        .split_whitespace()
        // A transcript label ("KELEMEN:") is no word of the sentence.
        .skip_while(|w| w.ends_with(':') && !w.chars().any(char::is_lowercase))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let opens = lead.iter().all(|w| {
        [
            "and", "but", "so", "well", "now", "still", "yet", "then", "what",
        ]
        .contains(&w.as_str())
    });
    let from = if opens { window } else { sent.start };
    let a = speakers.partition_point(|s| s.span.start < from);
    let b = speakers.partition_point(|s| s.span.start < at);
    for s in speakers[a..b.max(a)]
        .iter()
        .rev()
        .filter(|s| s.span.end <= at)
    {
        if !opens && s.span.slice(text).eq_ignore_ascii_case("they") {
            return plural_antecedent(text, speakers, sent, window, s.span.start);
        }
        if plural_mention(text, s) {
            // The nearest plural decides, even when it is no actor's name.
            return whole_subject(text, from, s).then_some(*s);
        }
    }
    None
}

fn flip(s: Stance) -> Stance {
    match s {
        Stance::Support => Stance::Oppose,
        Stance::Oppose => Stance::Support,
    }
}

/// The subject of a stance verb: the nearest mention before it with only
/// auxiliaries, adverbs or a relative pronoun between ("Russia has long
/// opposed", "Russia, which backs Assad,"). Returns it with that gap.
fn verb_holder(
    text: &str,
    speakers: &[Speaker],
    sent: Span,
    at: Span,
) -> Option<(Speaker, String)> {
    let a = speakers.partition_point(|s| s.span.start < sent.start);
    let b = speakers.partition_point(|s| s.span.start < at.start);
    speakers[a..b.max(a)]
        .iter()
        .rev()
        .filter(|s| s.span.end <= at.start && !s.label)
        .take(3)
        // "a letter to Mayor Osei criticizing …": an object, not the subject.
        .filter(|s| {
            !text[..s.span.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| PREPOSITIONS.contains(&&*lowercase(w)))
        })
        .find_map(|s| {
            let gap = &text[s.span.end..at.start];
            let relative = gap
                .trim_start()
                .strip_prefix(',')
                .map(str::trim_start)
                .and_then(|g| g.strip_prefix("which ").or_else(|| g.strip_prefix("who ")));
            // "Dravia, for its part, is asking": an aside between commas.
            let aside = gap
                .trim_start()
                .strip_prefix(',')
                .and_then(|g| g.split_once(','))
                .filter(|(inside, _)| {
                    let w: Vec<&str> = inside.split_whitespace().collect();
                    (1..=5).contains(&w.len())
                        && w.iter().all(|w| w.starts_with(char::is_lowercase))
                        && !inside.contains(['"', '“', '”'])
                })
                .map(|(_, after)| after);
            let words = relative.or(aside).unwrap_or(gap);
            // "Kerry has been trying to push for": the verbs of trying, with their "to".
            let mut plain: Vec<std::borrow::Cow<str>> = Vec::new();
            for w in words.split_whitespace() {
                let w = lowercase(w);
                if w == "to" && plain.last().is_some_and(|p| TRYING.contains(&&**p)) {
                    plain.pop();
                    continue;
                }
                plain.push(w);
            }
            let glue = plain
                .iter()
                .all(|w| GLUE.contains(&&**w) || w.ends_with("ly"));
            (glue && !words.contains([',', ';', ':', '"', '“', '”']))
                .then(|| (*s, words.to_string()))
        })
}

/// The holder of a nominalization: the mention right before it, possessive
/// or not ("Russia's opposition to", "the U.S. demand for").
fn noun_holder(text: &str, speakers: &[Speaker], sent: Span, at: Span) -> Option<Speaker> {
    let a = speakers.partition_point(|s| s.span.start < sent.start);
    let b = speakers.partition_point(|s| s.span.start < at.start);
    let before = &speakers[a..b.max(a)];
    let s = before
        .iter()
        .rev()
        .find(|s| s.span.end <= at.start && !s.label)?;
    let gap = text[s.span.end..at.start].trim();
    if ["", "'s", "’s", "'", "’"].contains(&gap) {
        return Some(*s);
    }
    // "Russia keeping, and even raising, its support for the rebels": "its"
    // and "their" stand for the nearest organization or country before them.
    let possessive = text[..at.start]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.eq_ignore_ascii_case("its") || w.eq_ignore_ascii_case("their"));
    if possessive {
        // "their" stands for several: "the attendees expressed their support"
        // is no organization's.
        let their = text[..at.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.eq_ignore_ascii_case("their"));
        return before
            .iter()
            .rev()
            .find(|s| s.span.end <= at.start && !s.label && !s.person && s.entity.is_some())
            .filter(|s| !their || plural_mention(text, s) && whole_subject(text, sent.start, s))
            .copied();
    }
    // "Vollan flew to Geneva with a proposal for …": the subject of the
    // clause, the nearest mention followed by its verb.
    let lead = text[sent.start..at.start].to_ascii_lowercase();
    if [" with a", " with an", " with the"]
        .iter()
        .any(|w| lead.trim_end().ends_with(w))
    {
        return before
            .iter()
            .rev()
            .take_while(|s| !text[s.span.end..at.start].contains([',', ';', ':', '"', '“', '”']))
            .find(|s| {
                let next = text[s.span.end..].split_whitespace().next().unwrap_or("");
                !s.label
                    && s.entity.is_some()
                    && next.starts_with(char::is_lowercase)
                    && !PREPOSITIONS.contains(&next)
                    && !["and", "or", "with", "as"].contains(&next)
            })
            .copied();
    }
    None
}

/// The auxiliaries, adverbs and verbs of readiness right before a
/// predicate whose subject is no mention ("I would absolutely not").
fn trailing_glue(lead: &str) -> String {
    let words: Vec<&str> = lead.split_whitespace().collect();
    let n = words
        .iter()
        .rev()
        .take_while(|w| {
            let w = w.to_lowercase();
            GLUE.contains(&w.as_str())
                || TRYING.contains(&w.as_str())
                || w.ends_with("ly")
                || w.ends_with("n't")
                || w.ends_with("n’t")
                || ["to", "ready", "willing", "prepared", "able", "going"].contains(&w.as_str())
        })
        .count();
    words[words.len() - n..].join(" ")
}

/// The subject of a pseudo-cleft before `at`: "What <subject> (has been
/// trying to do | wants | hopes to do) is …".
fn cleft_subject(text: &str, speakers: &[Speaker], sent: Span, at: Span) -> Option<Speaker> {
    let lead = &text[sent.start..at.start];
    let lower = lead.to_ascii_lowercase();
    let what = lower.find("what ")?;
    let is = what + lower[what..].find(" is ")?;
    let s = speakers_in(speakers, sent.start + what, sent.start + is)
        .iter()
        .find(|s| s.span.end <= sent.start + is && !s.label)?;
    let between = &lower[s.span.end - sent.start..is];
    let glue = between.split_whitespace().all(|w| {
        GLUE.contains(&w)
            || TRYING.contains(&w)
            || ["to", "do", "wants", "want", "hope", "hopes", "'s", "’s"].contains(&w)
    });
    (glue && s.entity.is_some() && !lower[is..].contains(['.', ';'])).then_some(*s)
}

/// "there would be", "there should be a": a speaker's proposal, before a noun.
fn modal_existential(lead: &str) -> bool {
    let words: Vec<String> = lead
        .split_whitespace()
        .rev()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| ["a", "an", "the"].contains(w))
        .collect();
    matches!(
        words[..],
        [
            "be",
            "would" | "will" | "should" | "must" | "could",
            "there",
            ..
        ]
    )
}

/// The actor of "for <actor> to …" right after a verb (adverbs may stand
/// between: "sought numerous times for Moscow to").
fn for_actor_to(
    text: &str,
    speakers: &[Speaker],
    word: &str,
    from: usize,
    to: usize,
) -> Option<Speaker> {
    let rest = &text[from..to];
    let after_for = if word.to_ascii_lowercase().ends_with(" for") {
        from
    } else {
        let (i, _) = word_offsets(rest).take(4).find(|(_, w)| *w == "for")?;
        if rest[..i].contains([',', ';', '"', '“', '”']) {
            return None;
        }
        from + i + "for".len()
    };
    let t = target_after(text, speakers, after_for, to)?;
    text[t.span.end..to]
        .trim_start()
        .starts_with("to ")
        .then_some(t)
}

/// The actor a target verb is aimed at: the mention right after it.
fn target_after(text: &str, speakers: &[Speaker], from: usize, to: usize) -> Option<Speaker> {
    let a = speakers.partition_point(|s| s.span.start < from);
    let s = speakers.get(a).filter(|s| s.span.end <= to)?;
    let gap = text[from..s.span.start].trim().to_lowercase();
    // "appealed once more to Kolvenia", "called again on Dravia".
    let words: Vec<&str> = gap.split_whitespace().collect();
    let between = words.len() <= 4
        && words.iter().enumerate().all(|(i, w)| {
            [
                "once",
                "more",
                "again",
                "directly",
                "personally",
                "publicly",
            ]
            .contains(w)
                || w.ends_with("ly")
                || i + 1 == words.len() && ["to", "on", "the"].contains(w)
                || i + 2 == words.len() && ["to", "on"].contains(w) && words[i + 1] == "the"
        });
    (gap.is_empty() || gap == "the" || between && !gap.contains([',', ';'])).then_some(*s)
}

/// The issue after a predicate, up to the end of its phrase, and whether
/// it is an infinitive ("agreed to expand …").
fn object_phrase(text: &str, from: usize, to: usize) -> Option<(Span, bool)> {
    let rest = &text[from..to];
    let mut end = 0;
    let mut start = None;
    let mut words = 0;
    let mut infinitive = false;
    for (i, w) in word_offsets(rest) {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if start.is_none() {
            // "agree to a cease-fire", "call for the ouster": not part of the issue.
            if ["to", "the", "a", "an", "for", "on"].contains(&bare.as_str()) {
                infinitive = bare == "to";
                continue;
            }
            start = Some(i);
        } else if PHRASE_ENDS.contains(&bare.as_str()) || bare == "and" && and_verb(rest, i) {
            break;
        }
        let cut = w.find([',', '.', ';', ':', '!', '?', '(', ')', '—']);
        end = i + cut.unwrap_or(w.len());
        words += 1;
        if cut.is_some() || words >= MAX_TOPIC_WORDS {
            break;
        }
    }
    let start = start?;
    let span = Span::new(from + start, from + end);
    let inner = span
        .slice(text)
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
    if inner.is_empty() {
        return None;
    }
    let s = from + start + span.slice(text).find(inner)?;
    Some((Span::new(s, s + inner.len()), infinitive))
}

/// "favors right-to-work laws and opposes …": a second verb after "and"
/// starts a clause of its own (a word in -s or -ed after "and").
fn and_verb(rest: &str, and_at: usize) -> bool {
    rest[and_at..].split_whitespace().nth(1).is_some_and(|w| {
        w.starts_with(char::is_lowercase)
            && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss"))
            && !w.ends_with("ness")
    })
}

fn word_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// A topic outside the codebook: its head phrase, lower case, without
/// determiners, cut before its first preposition, the last word singular
/// ("the new sanctions on Iran" → "sanction").
fn head_phrase(phrase: &str, skip: usize) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut last_is_name = false;
    for w in phrase.split_whitespace().skip(skip) {
        let name = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .starts_with(char::is_uppercase);
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase();
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(&w)
            .to_string();
        if w.is_empty() || DETERMINERS.contains(&w.as_str()) || w == "to" && words.is_empty() {
            continue;
        }
        // "vote Tuesday", "a deal in May": a date is no part of the issue.
        if name && WHEN.contains(&w.as_str()) {
            continue;
        }
        if PREPOSITIONS.contains(&w.as_str()) || w == "and" || w == "or" {
            break;
        }
        words.push(w);
        last_is_name = name;
        if words.len() == 4 {
            break;
        }
    }
    // "opposition to this has been reported": a verb, no issue.
    if words.first().is_some_and(|w| {
        ["has", "have", "had", "is", "was", "are", "were", "will"].contains(&w.as_str())
    }) {
        return None;
    }
    // "push off", "backed a second": no issue named.
    // "many ways", "two months ago": plural or singular, no issue.
    if words.iter().all(|w| {
        w.len() <= 3
            || NOT_ISSUES.contains(&w.as_str())
            || w.strip_suffix('s')
                .is_some_and(|st| NOT_ISSUES.contains(&st))
    }) {
        return None;
    }
    let last = words.pop()?;
    let singular = match last.strip_suffix('s') {
        // A name keeps its "s": "Chris", "Paris".
        Some(stem)
            if last.len() > 3
                && !last.ends_with("ss")
                && !last.ends_with("us")
                && !last_is_name =>
        {
            stem.to_string()
        }
        _ => last,
    };
    words.push(singular);
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coref;
    use crate::lexicons::Lexicons;
    use crate::mentions::{Recognizer, RuleRecognizer};
    use crate::quotes::{speakers_of, QuoteRules};

    #[test]
    fn articles_in_any_case_and_hyphens_do_not_hide_a_topic() {
        let r = PositionRules::new(&LexiconOverrides::default()).unwrap();
        assert_eq!(
            r.codebook_keys("the delivery of THE aid"),
            ["humanitarian access"]
        );
        assert_eq!(r.codebook_keys("a cease-fire"), ["ceasefire"]);
        assert_eq!(r.codebook_keys("peace-talks"), ["peace talks"]);
    }

    /// (holder, stance, topic, target) of each position in `text`.
    fn positions_with(
        text: &str,
        ov: &LexiconOverrides,
    ) -> Vec<(String, &'static str, String, Option<String>)> {
        let lex = Lexicons::new(ov).unwrap();
        let m = RuleRecognizer::new(&lex).recognize(text);
        let r = coref::resolve_full(text, &m, &lex);
        let quotes = QuoteRules::new(ov).unwrap().find(text, &m, &r.assignment);
        let speakers = speakers_of(text, &m, &r.assignment);
        PositionRules::new(ov)
            .unwrap()
            .find(text, &speakers, &quotes)
            .into_iter()
            .map(|p| {
                (
                    p.holder.0.slice(text).to_string(),
                    p.stance.as_str(),
                    p.topic,
                    p.target.map(|t| t.0.slice(text).to_string()),
                )
            })
            .collect()
    }

    fn positions(text: &str) -> Vec<(String, &'static str, String, Option<String>)> {
        positions_with(text, &LexiconOverrides::default())
    }

    /// (holder's actor, stance, topic) of each position: for pronoun holders.
    fn held(text: &str) -> Vec<(String, &'static str, String)> {
        let ov = LexiconOverrides::default();
        let lex = Lexicons::new(&ov).unwrap();
        let m = RuleRecognizer::new(&lex).recognize(text);
        let r = coref::resolve_full(text, &m, &lex);
        let quotes = QuoteRules::new(&ov).unwrap().find(text, &m, &r.assignment);
        let speakers = speakers_of(text, &m, &r.assignment);
        PositionRules::new(&ov)
            .unwrap()
            .find(text, &speakers, &quotes)
            .into_iter()
            .map(|p| {
                let who = p.holder.1.map_or_else(
                    || p.holder.0.slice(text).to_string(),
                    |e| r.entities[e].display_name(),
                );
                (who, p.stance.as_str(), p.topic)
            })
            .collect()
    }

    fn h(who: &str, s: &'static str, t: &str) -> (String, &'static str, String) {
        (who.into(), s, t.into())
    }

    fn p(h: &str, s: &'static str, t: &str) -> (String, &'static str, String, Option<String>) {
        (h.into(), s, t.into(), None)
    }

    #[test]
    fn they_stands_for_a_plural_actor_nearby_or_for_nothing() {
        assert_eq!(
            held("The Iranians dismissed the report. They insist they are only fighting terrorists in Yemen."),
            [h("Iran", "support", "fight against terrorism")]
        );
        assert_eq!(
            held(
                "The Saudis have said for years that they would support the release of the files."
            ),
            [h("Saudi Arabia", "support", "release")]
        );
        // Its own subject, no actor: a share of a people, delegates, a part.
        assert!(held("Some 40 percent of Canadians said they would back the treaty.").is_empty());
        assert!(held("The Canadians met. Delegates said they welcomed the truce.").is_empty());
        assert!(held("Some Republicans say they support the border wall.").is_empty());
        // "Opponents of Venezuelan President …" name that country's opposition.
        assert_eq!(
            held("Opponents of Venezuelan President Nicolas Maduro gathered in Bogota. They are appealing for an immediate truce."),
            [h("Venezuelan opposition", "support", "ceasefire")]
        );
    }

    #[test]
    fn a_fight_against_key_names_the_enemy() {
        assert_eq!(
            held("Lena Dorsak condemned terrorism in all its forms."),
            [h("Lena Dorsak", "support", "fight against terrorism")]
        );
        assert_eq!(
            held("Lena Dorsak backed the campaign against the Islamic State."),
            [h("Lena Dorsak", "support", "fight against isis")]
        );
        // Cutting what climate policy is against is for it.
        assert_eq!(
            held("Lena Dorsak called for reducing emissions from coal plants."),
            [h("Lena Dorsak", "support", "climate policy")]
        );
        // A halting noun within the first words: "a temporary ban on".
        assert_eq!(
            held("Gerrit Vollan called for a temporary ban on immigration."),
            [h("Gerrit Vollan", "oppose", "immigration")]
        );
        assert_eq!(
            held("Gerrit Vollan would not support mass deportation."),
            [h("Gerrit Vollan", "oppose", "deportation")]
        );
        // A proposal that mentions the enemy says nothing about the fight.
        assert!(
            held("Lena Dorsak proposed a ban that critics say helps the Islamic State.").is_empty()
        );
        // "we remove content that supports terrorism": the content supports it.
        assert!(held(
            "“We remove any content that praises or supports terrorism,” said Lena Dorsak."
        )
        .is_empty());
    }

    #[test]
    fn the_subject_of_a_cleft_holds_what_it_is() {
        assert_eq!(
            held("Maria Esteban arrived on Monday. What she has been trying to do is get the neighbors to push their allies toward a political settlement."),
            [h("Maria Esteban", "support", "peace talks")]
        );
    }

    #[test]
    fn a_coordinated_verb_shares_the_subject() {
        assert!(
            held("Senator Ola Brandt favors tariffs and opposes the minimum wage.").contains(&h(
                "Ola Brandt",
                "oppose",
                "minimum wage"
            ))
        );
        assert!(held(
            "Ola Brandt wants to fight back against al-Qaeda, which is strong there, as well as fight back against ISIL."
        )
        .contains(&h("Ola Brandt", "support", "fight against isis")));
    }

    #[test]
    fn frames_of_restoring_irreplaceable_leaders_and_doing_more() {
        assert_eq!(
            held("The Iranians have been clear that they do not see anyone who could replace Nicolas Maduro."),
            [h("Iran", "support", "nicolas maduro in power")]
        );
        assert_eq!(
            held("Foreign Minister Ana Brolin said she had reached an understanding on the steps needed to get the peace process back on track."),
            [h("Ana Brolin", "support", "peace talks")]
        );
        // "They" after an abbreviation still opens its sentence.
        assert_eq!(
            held("The Ukrainians feel abandoned by the U.S. They want to see Germany do much more to stop the bombing."),
            [h("Ukraine", "oppose", "military action")]
        );
    }

    #[test]
    fn what_another_actor_should_do_is_the_speakers_demand() {
        let q = positions("“Canada should open its borders to refugees now,” said Maria Esteban.");
        assert_eq!(
            q,
            [(
                "Maria Esteban".into(),
                "support",
                "refugees".into(),
                Some("Canada".into())
            )]
        );
        assert!(
            held("“Canada should stop the airstrikes,” said Maria Esteban.").contains(&h(
                "Maria Esteban",
                "oppose",
                "military action"
            ))
        );
        // Looking, thinking and denials demand nothing.
        assert!(held("“Canada should look for ways to help,” said Maria Esteban.").is_empty());
        assert!(
            held("Maria Esteban said she never suggested that Canada should use a registry.")
                .is_empty()
        );
    }

    #[test]
    fn a_cited_resolution_and_a_proposed_noun_are_the_speakers() {
        let q = held("“We hope for progress, but the Security Council resolution calls for a nationwide cessation and for humanitarian aid to reach every town,” said Ana Brolin.");
        assert!(
            q.contains(&h("Ana Brolin", "support", "ceasefire")),
            "{q:?}"
        );
        assert!(
            q.contains(&h("Ana Brolin", "support", "humanitarian access")),
            "{q:?}"
        );
        assert_eq!(
            held("“There would be a reinforcement of the truce in these areas,” spokesman Leo Marsh said."),
            [h("Leo Marsh", "support", "ceasefire")]
        );
    }

    #[test]
    fn calls_on_an_actor_for_and_to() {
        assert_eq!(
            positions(
                "Ana Brolin appealed once more to Germany for help in reducing the violence."
            ),
            [(
                "Ana Brolin".into(),
                "support",
                "de-escalation".into(),
                Some("Germany".into())
            )]
        );
        let q = held("The Obama administration met on Monday. The administration has sought numerous times for Moscow to use its influence with Damascus.");
        assert_eq!(q, [h("Obama administration", "support", "use influence")]);
        // An expectation is no call, nor is a passive.
        assert!(
            held("Wall Street is looking for Germany to post a 17 percent increase.").is_empty()
        );
    }

    #[test]
    fn support_and_oppose_verbs() {
        assert_eq!(
            positions("Russia has long opposed the idea of regime change in Syria."),
            [p("Russia", "oppose", "regime change")]
        );
        assert_eq!(
            positions("The European Union welcomed the truce on Sunday."),
            [p("European Union", "support", "ceasefire")]
        );
        assert_eq!(
            positions("Germany rejected new sanctions against the company."),
            [p("Germany", "oppose", "sanctions")]
        );
    }

    #[test]
    fn negation_flips_the_stance() {
        assert_eq!(
            positions("France does not support a no-fly zone over the region."),
            [p("France", "oppose", "no-fly zone")]
        );
        // Not opposing is no support.
        assert!(positions("France has not ruled out new sanctions.").is_empty());
        // The words before a verb negate it when the subject is "I".
        assert_eq!(
            held("“I would absolutely not support Gerrit Vollan,” Lena Dorsak said."),
            [h("Lena Dorsak", "oppose", "gerrit vollan")]
        );
        // A codebook word that modifies a bill is no stance on its issue.
        assert_eq!(
            held("Lena Dorsak opposed the 2007 immigration bill."),
            [h("Lena Dorsak", "oppose", "2007 immigration bill")]
        );
        // A date is no part of the issue; "back a" is the verb.
        assert_eq!(
            positions("Lena Dorsak endorsed Gerrit Vollan Wednesday and backed a carbon tax.")
                .iter()
                .map(|p| p.2.as_str())
                .collect::<Vec<_>>(),
            ["gerrit vollan", "climate policy"]
        );
    }

    #[test]
    fn nominalizations_count() {
        assert_eq!(
            positions("Russia's opposition to regime change is well known."),
            [p("Russia", "oppose", "regime change")]
        );
    }

    #[test]
    fn targets_of_urge_and_criticize() {
        assert_eq!(
            positions("Britain's Foreign Secretary Boris Johnson called on Russia to end the bombing of Aleppo."),
            [(
                "Boris Johnson".into(),
                "oppose",
                "military action".into(),
                Some("Russia".into())
            )]
        );
        let q = positions("Germany criticized Turkey for its treatment of journalists.");
        assert_eq!(q[0].3.as_deref(), Some("Turkey"));
        assert_eq!(q[0].1, "oppose");
        assert_eq!(q[0].2, "treatment");
    }

    #[test]
    fn inside_a_quote_we_is_the_speaker() {
        let q = positions("\"We support a cease-fire that starts this week,\" John Kerry said.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, "John Kerry");
        assert_eq!(q[0].2, "ceasefire");
    }

    #[test]
    fn synonyms_merge_into_one_topic() {
        for s in [
            "Jordan backed the cease-fire.",
            "Jordan backed the ceasefire.",
            "Jordan backed a truce.",
            "Jordan backed the cessation of hostilities.",
        ] {
            assert_eq!(positions(s)[0].2, "ceasefire", "{s}");
        }
        // Negotiations on a budget are no peace talks.
        assert_ne!(
            positions("Jordan pushed for new negotiations on the budget.")[0].2,
            "peace talks"
        );
        // "offensive!" is a noun only: the adjective names no military action.
        assert_eq!(
            positions("Jordan condemned the offensive on Brenik.")[0].2,
            "military action"
        );
        assert_eq!(
            positions("Jordan condemned the offensive speech laws.")[0].2,
            "offensive speech law"
        );
    }

    #[test]
    fn a_user_codebook_replaces_the_default() {
        let mut ov = LexiconOverrides::default();
        ov.insert(
            "topics",
            whosaid_model::lexicon::OverrideMode::Replace,
            "pause in fighting\tceasefire|truce\n".into(),
        );
        assert_eq!(
            positions_with("Jordan backed the cease-fire.", &ov)[0].2,
            "pause in fighting"
        );
        // Outside the codebook, the head phrase.
        assert_eq!(
            positions_with("Jordan backed the new sanctions on Iran.", &ov)[0].2,
            "sanction"
        );
    }

    #[test]
    fn adverbs_and_nouns_are_no_predicates() {
        assert!(
            positions("Everyone agreed to get back to the negotiating table.")
                .iter()
                .all(|p| p.2 != "negotiating table")
        );
        assert!(positions("The offer was withdrawn by Germany on Friday.").is_empty());
    }

    #[test]
    fn loose_verbs_count_on_codebook_issues() {
        assert_eq!(
            positions("What the European Union wants is for both armies to agree on a truce."),
            [p("European Union", "support", "ceasefire")]
        );
        // Wanting an action is no stance on the codebook word inside it.
        assert!(positions("Germany wanted to punish the families of terrorists.").is_empty());
        let q = positions(
            "“We will keep at it in order to strengthen the truce and to fight back against the Islamic State,” Lena Dorsak said.",
        );
        assert!(
            q.contains(&p("Lena Dorsak", "support", "ceasefire")),
            "{q:?}"
        );
        assert!(
            q.contains(&p("Lena Dorsak", "support", "fight against isis")),
            "{q:?}"
        );
        // "fight" is a stance only on the fight against terrorism: fighting
        // a law is no support of it.
        assert_eq!(
            positions("Senator Vane Ostrow fought the health care law for years."),
            []
        );
        assert_eq!(
            positions("Senator Vane Ostrow said Dravia is fighting terrorists in the north."),
            [p("Dravia", "support", "fight against terrorism")]
        );
    }

    #[test]
    fn a_form_that_is_verb_and_noun_reads_as_the_noun_after_a_possessive() {
        assert_eq!(
            positions("Month after month, Russia kept raising its support for the truce."),
            [p("Russia", "support", "ceasefire")]
        );
        assert_eq!(
            positions("Lena Dorsak flew to Vienna with a proposal for intelligence sharing."),
            [p("Lena Dorsak", "support", "intelligence sharing")]
        );
    }

    #[test]
    fn the_subject_after_an_opening_participle_holds_it() {
        assert_eq!(
            positions(
                "BRUSSELS — Rushing to salvage the truce, the European Union turned to Turkey."
            ),
            [p("European Union", "support", "ceasefire")]
        );
    }

    #[test]
    fn frames_without_a_stance_verb() {
        let q = positions("Russia plainly sees President Daniel Ortega as a partner it can trust.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!((q[0].0.as_str(), q[0].1), ("Russia", "support"));
        assert_eq!(q[0].3.as_deref(), Some("Daniel Ortega"));
        let q = positions("Germany believes the prime minister has to go.");
        assert_eq!(q, [p("Germany", "oppose", "prime minister in power")]);
        let q = positions(
            "France has always said that the blockade will never end as long as Daniel Ortega is in power.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            (q[0].1, q[0].2.as_str()),
            ("oppose", "daniel ortega in power")
        );
        let q = positions(
            "Germany says it was the army's offensive near the border that derailed the talks.",
        );
        assert_eq!(q, [p("Germany", "oppose", "military action")]);
    }

    #[test]
    fn what_a_speaker_calls_essential_is_supported_and_what_it_halts_opposed() {
        let q = positions(
            "“Ending the bombardment is essential, as is getting humanitarian aid into the valley,” Lena Dorsak said.",
        );
        assert!(
            q.contains(&p("Lena Dorsak", "oppose", "military action")),
            "{q:?}"
        );
        assert!(
            q.contains(&p("Lena Dorsak", "support", "humanitarian access")),
            "{q:?}"
        );
    }

    #[test]
    fn no_stance_in_conditionals_idioms_and_negated_criticism() {
        for s in [
            "Nobody knows whether Lena Dorsak would support the new coalition in the fall.",
            "Lena Dorsak did not directly criticize Gerrit Vollan on Monday.",
            "Gerrit Vollan could not resist making jokes about the delay.",
            "“I find it hard to resist a bargain,” Gerrit Vollan wrote.",
            "“We are getting back the territory we lost,” Lena Dorsak said.",
            // Words that point elsewhere for the issue, and rejected claims.
            "Gerrit Vollan defended his position on the levy.",
            "In a race between the two, Lena Dorsak would support the former.",
            "Gerrit Vollan rejected rumors that he would resign.",
            // A passive's subject is acted on; a poll's public takes no stance.
            "Gerrit Vollan was criticized for raising the levy.",
            "Canadians overwhelmingly oppose the levy, a new poll finds.",
            // "their" is several, not one organization; a bare verb is no issue;
            // going to jail is no departure from power.
            "At the Civic Union gala, the guests expressed their support for Vollan.",
            "Some Republicans reaffirmed their opposition to the levy.",
            "Lena Dorsak called on Gerrit Vollan to act.",
            "“Gerrit Vollan should go to jail,” Lena Dorsak said.",
            // A question is no request; naming is no stance on the name; a
            // claim about someone else in a quote is not theirs; "back"
            // before a span of time is an adverb.
            "Lena Dorsak asked Gerrit Vollan how he would handle the sanctions.",
            "Gerrit Vollan refused to call the attack terrorism.",
            "“It is fair to say he supports the levy,” Lena Dorsak said of Gerrit Vollan.",
            "Lena Dorsak said that if Vollan wanted a deal, he should have insisted on sanctions.",
            "Bringing the festival back three years later pleased Lena Dorsak.",
            // Telephone calls; wanting someone to act; blaming an outcome on
            // others; a light verb with a pronoun; a reflexive.
            "Lena Dorsak placed a couple of calls to Gerrit Vollan.",
            "“We don't want terrorists to have a haven online,” Lena Dorsak said.",
            "Gerrit Vollan blamed the outage on hackers.",
            "Lena Dorsak urged Gerrit Vollan to make it clear that the bill will fail.",
            "Gerrit Vollan defended himself on Saturday.",
            "“France must reject this shameful offer,” Lena Dorsak said.",
        ] {
            assert!(positions(s).is_empty(), "{s}: {:?}", positions(s));
        }
    }
}
