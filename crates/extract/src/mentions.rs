//! Mentions: the places in a text that name, describe or point at an actor.
//!
//! [`Recognizer`] is the seam where a trained model can replace or join the
//! rules; [`RuleRecognizer`] reads names the way a careful human coder does:
//! capitalized sequences, titles before them, gazetteer forms, transcript
//! labels and pronouns.

use crate::fasthash::{HashMap, HashSet};
use crate::lexicons::{FormRole, Gender, Lexicons};
use crate::tokens::{tokenize, Token};
use crate::wordfilter::WordFilter;
use regex::Regex;
use std::sync::LazyLock;
use whosaid_model::{is_ascii_space, ActorKind, Span};

/// Nouns that, after "the", stand for an organization named before with
/// them: "the Obama administration … the administration".
const ORG_NOMINALS: &[&str] = &["administration", "government", "campaign"];

/// What a mention is, which decides how it is linked to an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A name ("John Kerry", "Kerry", "Civic Union").
    Name,
    /// A gazetteer entry by one of its forms; `usize` is the entry.
    Known(usize, FormRole),
    /// A country's government or opposition named by its adjective
    /// ("Syrian government", "Syrian opposition"): canonical name and kind.
    Compound(String, ActorKind, String),
    /// A transcript speaker label (`KELEMEN:`).
    Label { byline: bool },
    /// A first name used to address someone (", Ari,").
    Vocative,
    /// A personal pronoun.
    Pronoun(Gender),
    /// A title standing for a person ("the secretary").
    Nominal(String),
}

/// One mention, before it is tied to an actor.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMention {
    pub span: Span,
    pub role: Role,
    pub kind: Option<ActorKind>,
    pub title: Option<String>,
    /// Canonical name of the country or organization the actor speaks for.
    pub affiliation: Option<String>,
    pub journalist: bool,
    pub gender: Gender,
}

/// Finds mentions in a document's text.
pub trait Recognizer: Send + Sync {
    fn recognize(&self, text: &str) -> Vec<RawMention>;
}

/// The rule-based recognizer.
pub struct RuleRecognizer<'a> {
    lex: &'a Lexicons,
}

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([A-Z][A-Z.'’\- ]{1,40}?)(, BYLINE)?: ").unwrap());

const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "de", "da", "del", "der", "van", "von", "du", "la", "le", "di",
];
const ARTICLES: &[&str] = &["The", "A", "An"];
const LOCATIVES: &[&str] = &[
    "in", "at", "from", "to", "near", "outside", "inside", "across", "around", "into", "through",
    "toward", "towards", "via", "of", "visit", "visited", "visiting",
];
/// Prepositions after which one capitalized word is a place, never a
/// person ("a rally in Salem"); "to" and "from" also take people.
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "outside", "inside", "across", "around", "into", "through", "via",
];
const JOURNALIST_TITLES: &[&str] = &["host", "correspondent", "reporter", "anchor"];
/// Nouns that make a leader's name their government: "Assad regime", "Obama administration".
pub(crate) const LEADER_GOVERNMENT_NOUNS: &[&str] = &["government", "regime", "administration"];
const GOVERNMENT_NOUNS: &[&str] = &[
    "government",
    "regime",
    "administration",
    "military",
    "army",
    "forces",
    "authorities",
];
const OPPOSITION_NOUNS: &[&str] = &["opposition", "rebels", "rebel", "opponents"];

/// The shortest and longest of [`PARTICLES`], in bytes.
const MIN_PARTICLE: usize = 2;
const MAX_PARTICLE: usize = 3;

fn is_capitalized(s: &str) -> bool {
    // Asked of nearly every token: most start with an ASCII letter, and a
    // lowercase one can only start "al-Assad" if its first hyphen ends a
    // particle, at one of two places.
    let b = s.as_bytes();
    match b.first() {
        Some(x) if x.is_ascii_uppercase() => return true,
        Some(x)
            if x.is_ascii() && !(MIN_PARTICLE..=MAX_PARTICLE).any(|k| b.get(k) == Some(&b'-')) =>
        {
            return false
        }
        _ => {}
    }
    let mut c = s.chars();
    match c.next() {
        Some(ch) if ch.is_uppercase() => true,
        // al-Assad, el-Sisi: a lowercase particle joined to a capitalized name.
        Some(_) => s.split_once('-').is_some_and(|(p, rest)| {
            PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase)
        }),
        None => false,
    }
}

/// Whether `w` is its own lower case for certain: ASCII without a capital,
/// as most words are.
#[inline]
fn is_lower_ascii(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// `f` of `w` in lower case. Most words are short and ASCII, whose lower
/// case is their ASCII lower case: those are lowered on the stack, since a
/// `to_lowercase` string per token was a noticeable share of recognition.
pub(crate) fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 32;
    // Most words are lower case already: they are their own lower case
    // (and checking the copy's UTF-8 cost more than the copy).
    if is_lower_ascii(w) {
        return f(w);
    }
    if w.len() <= SHORT && w.is_ascii() {
        let mut buf = [0u8; SHORT];
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).expect("ASCII"))
    } else {
        f(&w.to_lowercase())
    }
}

/// `w` in lower case (`str::to_lowercase`), borrowed when it already is:
/// for a lower-case word kept beyond one call, which [`with_lowercase`]
/// cannot hand out. A string per word asked about was most of what some
/// position rules allocated.
pub(crate) fn lowercase(w: &str) -> std::borrow::Cow<'_, str> {
    if is_lower_ascii(w) {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    }
}

fn is_all_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// Title-cases a speaker label: "SALEM AL-MUSLET" → "Salem Al-Muslet",
/// "MCEVERS" → "McEvers".
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'' && c != '’';
        // Gaelic Mc: the letter after it is a capital.
        if out.ends_with("Mc")
            && (out.len() == 2 || !out[..out.len() - 2].ends_with(char::is_alphabetic))
        {
            start = true;
        }
    }
    out
}

struct Ctx<'t> {
    text: &'t str,
    toks: Vec<Token>,
    /// Per token: the gazetteer form starting there, as (end token index
    /// exclusive, entry, role). Indexed, not hashed: asked of every token,
    /// several times.
    known: Vec<Option<(usize, usize, FormRole)>>,
    /// Per token: the title starting there, as (end token index exclusive,
    /// title as the lexicon writes it).
    titles: Vec<Option<(usize, &'t str)>>,
    /// The same spans by their end token (matches never overlap), as (start
    /// token, title) and entry, so the title or gazetteer form before a name
    /// is one look-up. Hashed: they are few, and a vector per token to be
    /// zeroed for each cost more than the look-ups (whole-corpus documents
    /// in the micro-benchmark faulted pages in for them).
    title_by_end: HashMap<usize, (usize, &'t str)>,
    known_by_end: HashMap<usize, usize>,
    /// Sentence-initial words that the text also writes in lower case
    /// (there a common word, not a name), as written in lower case.
    lower_words: HashSet<&'t str>,
    mid_caps: HashSet<&'t str>,
    /// Per token: its line is headline-cased (computed once per line, so a
    /// document that is one 20 MB line costs one pass, not one per token).
    headline: Vec<bool>,
    /// Per token: [`is_capitalized`], asked of most tokens two or three
    /// times.
    caps: Vec<bool>,
}

/// Small words that prose writes in lower case and headlines capitalize.
const HEADLINE_SMALL_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "the", "a", "an", "in", "on", "of", "for", "to", "with",
    "at", "by", "from", "and", "or", "but", "as", "how", "why", "what", "no", "not", "his", "her",
    "its", "their", "after", "over", "about", "into", "up", "out", "says", "said", "will", "can",
    "has", "have",
];

/// The longest of [`HEADLINE_SMALL_WORDS`], in bytes.
const LONGEST_SMALL_WORD: usize = {
    let (mut i, mut n) = (0, 0);
    while i < HEADLINE_SMALL_WORDS.len() {
        if HEADLINE_SMALL_WORDS[i].len() > n {
            n = HEADLINE_SMALL_WORDS[i].len();
        }
        i += 1;
    }
    n
};

/// A headline or title line: small words capitalized in mid-line
/// ("Why There Is No Deal In Sight For Talks").
fn is_headline_cased(line: &str) -> bool {
    let (mut words, mut capitalized, mut capitalized_small) = (0, 0, 0);
    // Counted only mid-sentence: "… on the ground. For one, …" starts a sentence.
    let mut sentence_start = true;
    for w in line.split_whitespace() {
        words += 1;
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalized += 1;
            if !sentence_start && with_lowercase(w, |l| HEADLINE_SMALL_WORDS.contains(&l)) {
                capitalized_small += 1;
            }
        }
        sentence_start = w.ends_with(['.', '?', '!', ':', '"', '”']);
    }
    // A title inside prose ("his book The Road To Nowhere") has capitalized
    // small words too, but a headline capitalizes most of its words.
    capitalized_small >= 2 && capitalized * 2 >= words
}

/// Whether `line` has two words that might be small words capitalized in
/// mid-sentence, read from its bytes: true of every line
/// [`is_headline_cased`] accepts (it may also be true of others), so most
/// prose lines are spared that function's decoding of every character.
///
/// A small word is ASCII, so a counted word starts with an ASCII capital
/// after white space (its last byte is ASCII or, for other white space,
/// above 0x7F); it ends at the next such byte. Only a sentence start known
/// for sure (ASCII white space back to `.`, `?`, `!`, `:`, `"`, `”` or the
/// line's start) leaves a word uncounted.
fn may_be_headline_cased(line: &str) -> bool {
    let b = line.as_bytes();
    let mut counted = 0;
    // From capital to capital, found eight bytes at a time: prose has one
    // in thirty bytes or so, and this runs over every line.
    let mut next = 1;
    while let Some(i) = crate::tokens::next_ascii_capital(b, next) {
        next = i + 1;
        if !(is_ascii_space(b[i - 1]) || b[i - 1] >= 0x80) {
            continue;
        }
        // Read no further than a small word can run: most capitalized
        // words are names, longer than any, and some run long.
        let end = (b[i..].iter().take(LONGEST_SMALL_WORD + 1))
            .position(|&x| is_ascii_space(x) || x >= 0x80)
            .map_or((i + LONGEST_SMALL_WORD + 1).min(b.len()), |k| i + k);
        if end - i > LONGEST_SMALL_WORD {
            continue;
        }
        if !with_lowercase(&line[i..end], |l| HEADLINE_SMALL_WORDS.contains(&l)) {
            continue;
        }
        let mut k = i;
        while k > 0 && is_ascii_space(b[k - 1]) {
            k -= 1;
        }
        let sentence_start = k == 0
            || matches!(b[k - 1], b'.' | b'?' | b'!' | b':' | b'"')
            || b[..k].ends_with("”".as_bytes());
        if !sentence_start {
            counted += 1;
            if counted >= 2 {
                return true;
            }
        }
    }
    false
}

impl<'t> Ctx<'t> {
    fn headline_cased(&self, i: usize) -> bool {
        self.headline[i]
    }

    /// Token `i` is capitalized (false past the last token).
    fn capitalized(&self, i: usize) -> bool {
        self.caps.get(i).copied().unwrap_or(false)
    }

    fn known(&self, i: usize) -> Option<&(usize, usize, FormRole)> {
        self.known.get(i).and_then(Option::as_ref)
    }

    fn title(&self, i: usize) -> Option<&(usize, &'t str)> {
        self.titles.get(i).and_then(Option::as_ref)
    }

    /// Tokens `from..to` one space apart: the text itself when they are
    /// (nearly always), so looking a run up costs no new string.
    fn words_joined(&self, from: usize, to: usize) -> std::borrow::Cow<'t, str> {
        let spaced =
            (from + 1..to).all(|k| &self.text[self.toks[k - 1].end..self.toks[k].start] == " ");
        if spaced {
            return std::borrow::Cow::Borrowed(
                &self.text[self.toks[from].start..self.toks[to - 1].end],
            );
        }
        let words: Vec<&str> = (from..to).map(|k| self.tok(k)).collect();
        std::borrow::Cow::Owned(words.join(" "))
    }

    fn tok(&self, i: usize) -> &'t str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    fn get(&self, i: usize) -> Option<&'t str> {
        (i < self.toks.len()).then(|| self.tok(i))
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.toks[from].start, self.toks[to - 1].end)
    }

    /// Token range of a byte range, when it falls on token boundaries.
    /// Tokens never overlap, so their starts and their ends both ascend.
    fn align(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let a = self.toks.binary_search_by_key(&start, |t| t.start).ok()?;
        let b = self.toks.binary_search_by_key(&end, |t| t.end).ok()?;
        Some((a, b + 1))
    }
}

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl<'a> RuleRecognizer<'a> {
    pub fn new(lex: &'a Lexicons) -> Self {
        RuleRecognizer { lex }
    }

    /// The lexicon's titles are borrowed for as long as the text.
    fn context<'t>(&'t self, text: &'t str) -> Ctx<'t> {
        let mut toks = tokenize(text);
        // A transcript turn starts a sentence after its label's colon.
        // The first token after it, found by halving (tokens are in text
        // order): a scan from the first token per label made a long
        // transcript quadratic.
        for c in LABEL.captures_iter(text) {
            let after = c.get(0).unwrap().end();
            let k = toks.partition_point(|t| t.start < after);
            if let Some(t) = toks.get_mut(k) {
                t.sentence_start = true;
            }
        }
        let n_toks = toks.len();
        let caps = toks
            .iter()
            .map(|t| is_capitalized(&text[t.start..t.end]))
            .collect();
        let mut ctx = Ctx {
            text,
            toks,
            known: vec![None; n_toks],
            titles: vec![None; n_toks],
            title_by_end: HashMap::default(),
            known_by_end: HashMap::default(),
            lower_words: HashSet::default(),
            mid_caps: HashSet::default(),
            headline: Vec::new(),
            caps,
        };
        let mut line_start = 0;
        let mut line_flags: Vec<(usize, bool)> = Vec::new(); // (line end, headline-cased)
        for line in text.split('\n') {
            let headline = may_be_headline_cased(line) && is_headline_cased(line);
            line_flags.push((line_start + line.len(), headline));
            line_start += line.len() + 1;
        }
        let mut li = 0;
        ctx.headline = ctx
            .toks
            .iter()
            .map(|t| {
                while li + 1 < line_flags.len() && t.start > line_flags[li].0 {
                    li += 1;
                }
                line_flags[li].1
            })
            .collect();
        // Phrases start where tokens do; the recognizer keeps only those
        // that also end where a token does.
        let starts = || ctx.toks.iter().map(|t| t.start);
        let forms = self.lex.forms.at_starts(text, starts());
        let titles = self.lex.titles.at_starts(text, starts());
        for (start, pattern, end) in forms {
            if !word_bounded(text, start, end) {
                continue;
            }
            if let Some((a, b)) = ctx.align(start, end) {
                let (entry, role) = self.lex.form_target[pattern];
                ctx.known[a] = Some((b, entry, role));
            }
        }
        for (start, pattern, end) in titles {
            if !word_bounded(text, start, end) {
                continue;
            }
            if let Some((a, b)) = ctx.align(start, end) {
                let title = self.lex.title_names[pattern].as_str();
                ctx.titles[a] = Some((b, title));
                ctx.title_by_end.insert(b, (a, title));
            }
        }
        ctx.known_by_end = (ctx.known.iter().flatten())
            .map(|&(b, entry, _)| (b, entry))
            .collect();
        // Only a sentence's first word is asked about, so only those are
        // looked for: a set of every lower-case word of the text cost 2 %
        // of a build.
        // Lowered into one buffer, not a string each.
        let mut lowered = String::new();
        let mut ends = Vec::new();
        for t in ctx.toks.iter().filter(|t| t.sentence_start) {
            let w = &text[t.start..t.end];
            if w.is_ascii() {
                lowered.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lowered.push_str(&w.to_lowercase());
            }
            ends.push(lowered.len());
        }
        let mut start = 0;
        // Each with the word as the text writes it in lower case, once
        // found: one look-up per lower-case word, where asking this set and
        // then adding to `lower_words` made two.
        let mut sentence_starts: HashMap<&str, Option<&'t str>> = (ends.iter())
            .map(|&end| {
                let w = &lowered[start..end];
                start = end;
                (w, None)
            })
            .collect();
        let starts_filter = WordFilter::of(sentence_starts.keys().copied());
        let mut mid_caps = Vec::new();
        for (i, t) in ctx.toks.iter().enumerate() {
            let w = &text[t.start..t.end];
            if w.chars().next().is_some_and(char::is_lowercase) {
                if starts_filter.may_contain(w) {
                    if let Some(found) = sentence_starts.get_mut(w) {
                        found.get_or_insert(w);
                    }
                }
            } else if !t.sentence_start
                && ctx.caps[i]
                && !(i > 0 && text[..t.start].ends_with("\n"))
            {
                mid_caps.push((i, w));
            }
        }
        ctx.lower_words = sentence_starts.into_values().flatten().collect();
        for (i, w) in mid_caps {
            if !ctx.headline_cased(i) {
                ctx.mid_caps.insert(w);
            }
        }
        ctx
    }

    /// The title (and what it implies) that ends right before token `i`.
    fn title_before<'t>(&self, ctx: &Ctx<'t>, i: usize) -> Option<(usize, &'t str)> {
        ctx.title_by_end.get(&i).copied()
    }

    /// The affiliation named right before token `i` (a title's start):
    /// "Russian", "U.N.", "Britain's", "State Department".
    fn affiliation_before(&self, ctx: &Ctx, mut i: usize) -> Option<String> {
        if i >= 1 && matches!(ctx.tok(i - 1), "'s" | "’s") {
            i -= 1;
        }
        // A government body speaks for its country ("State Department" →
        // United States); anything else for itself.
        ctx.known_by_end.get(&i).map(|&entry| {
            let e = &self.lex.entries[entry];
            match (&e.affiliation, e.kind) {
                (Some(a), ActorKind::Organization) => a.clone(),
                _ => e.canonical.clone(),
            }
        })
    }
}

impl Recognizer for RuleRecognizer<'_> {
    fn recognize(&self, text: &str) -> Vec<RawMention> {
        let ctx = self.context(text);
        let mut out = Vec::new();
        // In text order, as (start, end, byline), met by a cursor as the
        // tokens go by rather than looked up for each token.
        let labels: Vec<(usize, usize, bool)> = LABEL
            .captures_iter(text)
            .map(|c| {
                let m = c.get(1).unwrap();
                (m.start(), m.end(), c.get(2).is_some())
            })
            .collect();
        let mut next_label = 0;
        let n = ctx.toks.len();
        let mut i = 0;
        while i < n {
            let t = ctx.toks[i];
            let w = ctx.tok(i);

            // Transcript labels.
            while labels.get(next_label).is_some_and(|l| l.0 < t.start) {
                next_label += 1;
            }
            let label = labels.get(next_label).filter(|l| l.0 == t.start);
            if let Some(&(_, end, byline)) = label {
                out.push(RawMention {
                    span: Span::new(t.start, end),
                    role: Role::Label { byline },
                    kind: Some(ActorKind::Person),
                    title: None,
                    affiliation: None,
                    journalist: byline,
                    gender: Gender::Unknown,
                });
                // Past the name, ", BYLINE" and the colon.
                while i < n && ctx.toks[i].start < end {
                    i += 1;
                }
                while i < n && ctx.tok(i) != ":" && ctx.toks[i].start < end + 9 {
                    i += 1;
                }
                i += 1;
                continue;
            }

            // A name that runs through a gazetteer form and ends like an
            // organization is that organization: "The Washington Post",
            // "International Syria Support Group".
            if let Some(end) = self.org_run_end(&ctx, i) {
                if let Some(m) = self.name_mention(&ctx, i, end) {
                    out.push(m);
                }
                i = end;
                continue;
            }

            // "Opponents of Syrian President …": that country's opposition.
            if w.eq_ignore_ascii_case("opponents") && ctx.get(i + 1) == Some("of") {
                if let Some(&(_, entry, FormRole::Demonym)) = ctx.known(i + 2) {
                    let e = &self.lex.entries[entry];
                    if e.kind == ActorKind::Country {
                        let demonym = e
                            .demonym
                            .clone()
                            .unwrap_or_else(|| ctx.tok(i + 2).to_string());
                        out.push(compound(
                            ctx.span(i, i + 1),
                            format!("{demonym} opposition"),
                            ActorKind::Group,
                            &e.canonical,
                        ));
                        i += 1;
                        continue;
                    }
                }
            }

            // Gazetteer forms.
            if let Some(&(end, entry, role)) = ctx.known(i) {
                let e = &self.lex.entries[entry];
                let next = ctx.get(end).unwrap_or("");
                // "Syrian regime" → Syrian government; "Syrian rebels" → Syrian opposition.
                let compound_of = [
                    (GOVERNMENT_NOUNS, "government", ActorKind::Organization),
                    (OPPOSITION_NOUNS, "opposition", ActorKind::Group),
                ]
                .into_iter()
                .find(|(nouns, _, _)| nouns.contains(&next));
                if let (FormRole::Demonym, ActorKind::Country, Some((_, head, kind))) =
                    (role, e.kind, compound_of)
                {
                    let demonym = e.demonym.clone().unwrap_or_else(|| ctx.tok(i).to_string());
                    out.push(compound(
                        ctx.span(i, end + 1),
                        format!("{demonym} {head}"),
                        kind,
                        &e.canonical,
                    ));
                    i = end + 1;
                    continue;
                }
                // A capital after "in" or "to" is the city, not the government.
                let place = role == FormRole::Capital
                    && i > 0
                    && with_lowercase(ctx.tok(i - 1), |prev| LOCATIVES.contains(&prev));
                if !place {
                    out.push(RawMention {
                        span: ctx.span(i, end),
                        role: Role::Known(entry, role),
                        kind: Some(e.kind),
                        title: None,
                        affiliation: e.affiliation.clone(),
                        journalist: false,
                        gender: Gender::Plural,
                    });
                }
                i = end;
                continue;
            }

            // Pronouns.
            if let Some(g) = self.lex.pronoun(w) {
                // "it" is an actor only as a source: "it said".
                let actor_it = g != Gender::Neuter
                    || ctx
                        .get(i + 1)
                        .is_some_and(|n| with_lowercase(n, |l| self.lex.speech_verbs.contains(l)));
                // A capitalized pronoun opens a sentence, also after an
                // abbreviation the tokenizer kept ("… by the U.S. They want").
                let after_period = i > 0 && ctx.tok(i - 1).ends_with('.');
                if actor_it
                    && (w.chars().next().is_some_and(char::is_lowercase)
                        || t.sentence_start
                        || after_period)
                {
                    out.push(RawMention {
                        span: Span::new(t.start, t.end),
                        role: Role::Pronoun(g),
                        kind: None,
                        title: None,
                        affiliation: None,
                        journalist: false,
                        gender: g,
                    });
                }
                i += 1;
                continue;
            }

            // "the administration", "the campaign": standing for the last
            // organization so named ("the Obama administration").
            // Compared in place: a lower-case copy of every token was a
            // noticeable share of recognition.
            let nominal = ORG_NOMINALS.iter().find(|n| w.eq_ignore_ascii_case(n));
            if let Some(lw) = nominal.filter(|_| {
                i > 0
                    && ctx.tok(i - 1).eq_ignore_ascii_case("the")
                    && w.starts_with(char::is_lowercase)
            }) {
                out.push(RawMention {
                    span: ctx.span(i - 1, i + 1),
                    role: Role::Nominal(lw.to_string()),
                    kind: Some(ActorKind::Organization),
                    title: None,
                    affiliation: None,
                    journalist: false,
                    gender: Gender::Neuter,
                });
                i += 1;
                continue;
            }

            // "the secretary", "the minister": a title standing for a person.
            if let Some((end, title)) = ctx.title(i) {
                let next_is_name = ctx.capitalized(*end) && ctx.known(*end).is_none();
                let prev_the = i > 0 && ctx.tok(i - 1).eq_ignore_ascii_case("the");
                if !next_is_name && prev_the && w.chars().next().is_some_and(char::is_lowercase) {
                    out.push(RawMention {
                        span: ctx.span(i - 1, *end),
                        role: Role::Nominal(title.to_lowercase()),
                        kind: Some(ActorKind::Person),
                        title: None,
                        affiliation: None,
                        journalist: false,
                        gender: Gender::Unknown,
                    });
                    i = *end;
                    continue;
                }
                if next_is_name {
                    i = *end;
                    continue;
                }
            }

            // Capitalized names; a headline-cased paragraph says nothing
            // about which words are names.
            if ctx.headline_cased(i) {
                i += 1;
                continue;
            }
            let starts_name = ctx.capitalized(i)
                || (PARTICLES.contains(&w) && ctx.capitalized(i + 1) && !t.sentence_start);
            if !starts_name {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n && ctx.known(j).is_none() {
                let x = ctx.tok(j);
                let joined = ctx.toks[j].start == ctx.toks[j - 1].end
                    || ctx.text[ctx.toks[j - 1].end..ctx.toks[j].start] == *" ";
                if !joined {
                    break;
                }
                let name_word = ctx.capitalized(j) && ctx.title(j).is_none();
                let particle = PARTICLES.contains(&x) && ctx.capitalized(j + 1);
                if !(name_word || particle) {
                    break;
                }
                j += 1;
            }
            if let Some(m) = self.name_mention(&ctx, i, j) {
                out.push(m);
            }
            i = j;
        }
        out
    }
}

fn compound(span: Span, canonical: String, kind: ActorKind, country: &str) -> RawMention {
    RawMention {
        span,
        role: Role::Compound(canonical, kind, country.to_string()),
        kind: Some(kind),
        title: None,
        affiliation: Some(country.to_string()),
        journalist: false,
        gender: Gender::Plural,
    }
}

impl RuleRecognizer<'_> {
    /// The end of an organization's name starting at `from` that takes in a
    /// gazetteer form, if the capitalized run from there ends in an
    /// organization word ("Post", "Group", "Ministry").
    fn org_run_end(&self, ctx: &Ctx, from: usize) -> Option<usize> {
        // The run's words, gazetteer forms stepped over whole: `f` is
        // called on each other word; returns whether the run took in a form.
        let walk = |f: &mut dyn FnMut(usize)| {
            let mut k = from;
            let mut has_known = false;
            while k < ctx.toks.len() {
                if k > from && ctx.text[ctx.toks[k - 1].end..ctx.toks[k].start] != *" " {
                    break;
                }
                if let Some(&(end, _, _)) = ctx.known(k) {
                    has_known = true;
                    k = end;
                    continue;
                }
                if !ctx.capitalized(k) || ctx.title(k).is_some() {
                    break;
                }
                f(k);
                k += 1;
            }
            has_known
        };
        // Most runs take in no form: their words are not looked up.
        if !walk(&mut |_| {}) {
            return None;
        }
        let mut last_suffix = None;
        walk(&mut |k| {
            if self.lex.is_org_suffix(ctx.tok(k)) {
                last_suffix = Some(k + 1);
            }
        });
        let end = last_suffix?;
        (end - from >= 2).then_some(end)
    }

    /// Judges the capitalized run `from..to`: trims what is not part of a
    /// name, and decides whether it names an actor at all.
    fn name_mention(&self, ctx: &Ctx, mut from: usize, to: usize) -> Option<RawMention> {
        let sentence_start = ctx.toks[from].sentence_start;
        // A place is where something happens, not who acts: "in Columbus,
        // Ohio", "New Hampshire voters".
        if self.lex.places.contains(&*ctx.words_joined(from, to)) {
            return None;
        }
        // Articles and sentence-initial common words are not part of a name:
        // a capitalized word also seen in lower case is a common word.
        while from < to {
            let w = ctx.tok(from);
            let common =
                ctx.toks[from].sentence_start && with_lowercase(w, |l| ctx.lower_words.contains(l));
            if ARTICLES.contains(&w) || self.lex.is_not_name(w) || common {
                from += 1;
            } else {
                break;
            }
        }
        if from >= to {
            return None;
        }
        // "Pence Thursday": a weekday or month ends the name.
        let to = (from + 1..to)
            .find(|&k| self.lex.is_not_name(ctx.tok(k)))
            .unwrap_or(to);
        // "Article 5", "Chapter 11": a capitalized word before a number is a heading.
        if to == from + 1
            && ctx
                .get(to)
                .is_some_and(|x| x.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let words: Vec<&str> = (from..to).map(|k| ctx.tok(k)).collect();
        // "The Ohio governor", "Berea, Ohio Tuesday": a place once trimmed.
        if self.lex.places.contains(&*ctx.words_joined(from, to)) {
            return None;
        }
        // A party-and-state tag: "(R-Calif.)", "(D-Texas)".
        let party_tag = |w: &str| {
            w.len() > 2
                && ["R-", "D-", "I-"].iter().any(|p| w.starts_with(p))
                && w[2..].starts_with(char::is_uppercase)
        };
        if words.len() == 1 && party_tag(words[0]) {
            return None;
        }
        let first = words[0];
        let last = *words.last().unwrap();
        // A dateline ("GENEVA —", "BRUSSELS (AP) —") or a shouted phrase is not a name.
        let paragraph_start = from == 0 || ctx.text[..ctx.toks[from].start].ends_with('\n');
        let dateline = paragraph_start && matches!(ctx.get(to), Some("—" | "–" | "(" | ","));
        if words.iter().all(|w| is_all_caps(w)) && (words.len() > 1 || dateline) {
            return None;
        }
        let title = self.title_before(ctx, from);
        let affiliation = title
            .as_ref()
            .and_then(|(start, _)| self.affiliation_before(ctx, *start))
            .or_else(|| {
                // "The EU's foreign policy chief, Federica Mogherini"
                (from >= 2 && ctx.tok(from - 1) == ",")
                    .then(|| self.title_before(ctx, from - 1))
                    .flatten()
                    .and_then(|(start, _)| self.affiliation_before(ctx, start))
            });
        let apposed_title = (from >= 2 && ctx.tok(from - 1) == ",")
            .then(|| self.title_before(ctx, from - 1))
            .flatten();
        let title = title.or(apposed_title).map(|t| t.1);
        let media_possessive = from >= 2
            && matches!(ctx.tok(from - 1), "'s" | "’s")
            && self.lex.is_media(ctx.tok(from - 2));
        let journalist = media_possessive
            || title
                .as_ref()
                .is_some_and(|t| with_lowercase(t, |l| JOURNALIST_TITLES.contains(&l)));
        let first_gender = self.lex.first_name(first);
        let honorific_gender = title.and_then(|t| match t {
            "Mr." => Some(Gender::Male),
            "Mrs." | "Ms." => Some(Gender::Female),
            _ => None,
        });
        let next = ctx.get(to).unwrap_or("");
        let prev = if from > 0 { ctx.tok(from - 1) } else { "" };
        let according_to =
            prev == "to" && from >= 2 && ctx.tok(from - 2).eq_ignore_ascii_case("according");
        // "a rally in Salem": one word after a locative is a place, even
        // when it is also a first name.
        if words.len() == 1 && title.is_none() && PLACE_PREPOSITIONS.contains(&prev) {
            return None;
        }
        let kind = if LEADER_GOVERNMENT_NOUNS.contains(&next) {
            // "Assad regime", "Obama administration": the leader's government.
            return Some(RawMention {
                span: Span::new(ctx.toks[from].start, ctx.toks[to].end),
                role: Role::Name,
                kind: Some(ActorKind::Organization),
                title: None,
                affiliation: None,
                journalist: false,
                gender: Gender::Plural,
            });
        } else if title.is_some() || first_gender.is_some() || journalist {
            Some(ActorKind::Person)
        } else if self.lex.is_org_suffix(last)
            || (words.len() == 1 && is_all_caps(first) && (3..=6).contains(&first.len()))
        {
            Some(ActorKind::Organization)
        } else {
            None
        };
        if kind.is_none() {
            // Unknown sentence-initial words that never recur mid-sentence, and
            // places after "in"/"to", are not actors.
            // ("Kerry said …" keeps its subject: a speech verb follows.)
            let speaks = with_lowercase(next, |l| self.lex.speech_verbs.contains(l));
            if sentence_start && from == to - 1 && !ctx.mid_caps.contains(first) && !speaks {
                return None;
            }
            if LOCATIVES.contains(&prev) && !according_to {
                return None;
            }
        }
        let vocative = words.iter().all(|w| self.lex.first_name(w).is_some())
            && from > 0
            && matches!(ctx.tok(from - 1), "," | "." | "?")
            && matches!(next, "," | "." | "?" | "!");
        // "Russian Foreign Ministry": an organization named after its country speaks for it.
        let affiliation = affiliation.or_else(|| {
            let &(_, entry, _) = ctx
                .known(from)
                .filter(|_| kind == Some(ActorKind::Organization))?;
            let e = &self.lex.entries[entry];
            (e.kind == ActorKind::Country).then(|| e.canonical.clone())
        });
        Some(RawMention {
            span: ctx.span(from, to),
            role: if vocative { Role::Vocative } else { Role::Name },
            kind,
            title: title.map(str::to_string),
            affiliation,
            journalist,
            gender: honorific_gender.or(first_gender).unwrap_or(Gender::Unknown),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use whosaid_model::lexicon::LexiconOverrides;

    #[test]
    fn a_headline_passes_the_byte_test_and_prose_does_not() {
        let headline = "Why There Is No Deal In Sight For Talks";
        assert!(may_be_headline_cased(headline) && is_headline_cased(headline));
        let prose = "The minister said on Tuesday. The talks would go on, she said.";
        assert!(!may_be_headline_cased(prose));
        // Sentence starts after a closing quote are no headline casing.
        assert!(!may_be_headline_cased(
            "“We won.” The crowd cheered. “Go.” In time."
        ));
    }

    /// [`is_capitalized`] a character at a time, without its byte tests.
    fn capitalized_by_chars(s: &str) -> bool {
        match s.chars().next() {
            Some(ch) if ch.is_uppercase() => true,
            Some(_) => s.split_once('-').is_some_and(|(p, rest)| {
                PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase)
            }),
            None => false,
        }
    }

    proptest! {
        #[test]
        fn capitals_are_told_as_the_character_test_tells_them(
            w in r"((al|el|bin|de|van|a|abcd|x)-)?([a-zA-Z-]|É|é){0,6}",
        ) {
            prop_assert_eq!(is_capitalized(&w), capitalized_by_chars(&w));
        }

        #[test]
        fn a_word_lowers_as_to_lowercase_lowers_it(w in r"([a-z'-]|[A-Z]|É|Σ|İ|ß|\PC){0,12}") {
            let (ours, std) = (lowercase(&w), w.to_lowercase());
            prop_assert_eq!(ours.as_ref(), std.as_str());
        }

        /// The byte test never rules out a line the full test accepts.
        #[test]
        fn the_byte_test_keeps_every_headline(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("The"), Just("In"), Just("Is"), Just("For"), Just("And"), Just("Said"),
                    Just("the"), Just("talks"), Just("Deal"), Just("Élan"), Just("İn"),
                    Just("no."), Just("Sight:"), Just("“Why"), Just("Is”"), Just("\"Of\""),
                    Just("Their"), Just("About”"), Just("Theirs"), Just("Negotiators"),
                ],
                0..12,
            ),
            gaps in proptest::collection::vec(
                prop_oneof![Just(" "), Just("  "), Just("\u{a0}"), Just("\t"), Just(" \u{2009}"), Just("\u{b}")],
                12,
            ),
        ) {
            let mut line = String::new();
            for (w, g) in words.iter().zip(&gaps) {
                line.push_str(w);
                line.push_str(g);
            }
            if is_headline_cased(&line) {
                prop_assert!(may_be_headline_cased(&line), "{line:?}");
            }
            let trimmed = line.trim_start();
            if is_headline_cased(trimmed) {
                prop_assert!(may_be_headline_cased(trimmed), "{trimmed:?}");
            }
        }
    }

    fn lex() -> Lexicons {
        Lexicons::new(&LexiconOverrides::default()).unwrap()
    }

    fn mentions(text: &str) -> Vec<(String, RawMention)> {
        let l = lex();
        let r = RuleRecognizer::new(&l);
        r.recognize(text)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        mentions(text)
            .into_iter()
            .filter(|(_, m)| !matches!(m.role, Role::Pronoun(_) | Role::Nominal(_)))
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn a_title_before_a_name_gives_title_and_affiliation() {
        let m = mentions("Russian Foreign Minister Sergey Lavrov arrived.");
        let (s, lavrov) = &m[1];
        assert_eq!(s, "Sergey Lavrov");
        assert_eq!(lavrov.title.as_deref(), Some("Foreign Minister"));
        assert_eq!(lavrov.affiliation.as_deref(), Some("Russia"));
        assert_eq!(lavrov.kind, Some(ActorKind::Person));
        assert_eq!(m[0].0, "Russian");
    }

    #[test]
    fn particles_are_short_and_joined_ones_capitalize() {
        assert!(PARTICLES
            .iter()
            .all(|p| (MIN_PARTICLE..=MAX_PARTICLE).contains(&p.len())));
        for (w, cap) in [
            ("al-Assad", true),
            ("ibn-Saud", true),
            ("Kerry", true),
            ("Émile", true),
            ("émile", false),
            ("al-qaeda", false),
            ("anti-Assad", false),
            ("well-known", false),
            ("-", false),
            ("", false),
        ] {
            assert_eq!(is_capitalized(w), cap, "{w}");
        }
    }

    #[test]
    fn particles_stay_inside_names() {
        assert_eq!(
            names("He met U.N. envoy Staffan de Mistura and Bashar al-Assad."),
            ["U.N.", "Staffan de Mistura", "Bashar al-Assad"]
        );
    }

    #[test]
    fn possessive_country_before_a_title_is_the_affiliation() {
        let m = mentions("Then Britain's Foreign Secretary Boris Johnson spoke.");
        let johnson = m.iter().find(|(s, _)| s == "Boris Johnson").unwrap();
        assert_eq!(johnson.1.affiliation.as_deref(), Some("United Kingdom"));
    }

    #[test]
    fn apposition_gives_title_and_affiliation() {
        let m = mentions("The EU's foreign policy chief, Federica Mogherini, is in Munich.");
        let f = m.iter().find(|(s, _)| s == "Federica Mogherini").unwrap();
        assert_eq!(f.1.title.as_deref(), Some("Foreign Policy Chief"));
        assert_eq!(f.1.affiliation.as_deref(), Some("European Union"));
    }

    #[test]
    fn sentence_initial_common_words_and_places_are_not_names() {
        assert_eq!(
            names("Putting an end to it is essential, the envoy said in Munich."),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Tens of thousands fled. But tens more stayed."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn months_and_articles_are_trimmed() {
        assert_eq!(
            names("The talks start on March 1 in the city."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn demonyms_name_their_country_and_its_government() {
        let m = mentions("Russian warplanes hit rebel areas in support of the Syrian regime.");
        let forms: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(forms, ["Russian", "Syrian regime"]);
        assert!(
            matches!(&m[1].1.role, Role::Compound(name, ActorKind::Organization, c) if name == "Syrian government" && c == "Syria")
        );
    }

    #[test]
    fn a_capital_is_the_government_unless_it_is_a_place() {
        let m = names("Moscow rejected the plan before talks in Geneva and a visit to Moscow.");
        assert_eq!(m, ["Moscow"]);
    }

    #[test]
    fn transcript_labels_and_bylines() {
        let m = mentions("MICHELE KELEMEN, BYLINE: Good morning.\n\nKELLY: Hello, Michele.");
        assert_eq!(m[0].0, "MICHELE KELEMEN");
        assert!(matches!(m[0].1.role, Role::Label { byline: true }));
        assert!(m[0].1.journalist);
        assert_eq!(m[1].0, "KELLY");
        let michele = m.iter().find(|(s, _)| s == "Michele").unwrap();
        assert_eq!(michele.1.role, Role::Vocative);
    }

    #[test]
    fn headline_cased_lines_give_no_unknown_names() {
        assert_eq!(
            names("Why There Is No Deal In Sight For Ortega Team\n\nThe talks stalled."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn sentences_starting_with_small_words_are_no_headline() {
        let text = "Well, Secretary Kerry came out early. For one, they agreed. And by the way, Lavrov left.";
        assert!(
            names(text).contains(&"Kerry".to_string()),
            "{:?}",
            names(text)
        );
    }

    #[test]
    fn an_organization_named_after_its_country_speaks_for_it() {
        let m = mentions("The Russian Foreign Ministry said the talks went well.");
        let (_, ministry) = m
            .iter()
            .find(|(s, _)| s == "Russian Foreign Ministry")
            .unwrap();
        assert_eq!(ministry.kind, Some(ActorKind::Organization));
        assert_eq!(ministry.affiliation.as_deref(), Some("Russia"));
    }

    #[test]
    fn datelines_are_not_names() {
        assert_eq!(names("GENEVA — The talks resumed."), Vec::<String>::new());
        assert_eq!(title_case("MCEVERS"), "McEvers");
        assert_eq!(title_case("SALEM AL-MUSLET"), "Salem Al-Muslet");
    }

    #[test]
    fn media_possessive_marks_a_journalist() {
        let m = mentions("That's NPR's Michele Kelemen in Munich.");
        let k = m.iter().find(|(s, _)| s == "Michele Kelemen").unwrap();
        assert!(k.1.journalist);
    }

    #[test]
    fn organizations_by_suffix_and_acronym() {
        let m = mentions("The Civic Union and the KLF met.");
        let kinds: Vec<_> = m.iter().map(|(s, m)| (s.as_str(), m.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("Civic Union", Some(ActorKind::Organization)),
                ("KLF", Some(ActorKind::Organization))
            ]
        );
    }

    #[test]
    fn nominal_titles_and_pronouns() {
        let m = mentions("The secretary said he would return.");
        assert!(m
            .iter()
            .any(|(s, m)| s == "The secretary" && m.role == Role::Nominal("secretary".into())));
        assert!(m
            .iter()
            .any(|(s, m)| s == "he" && m.role == Role::Pronoun(Gender::Male)));
    }

    #[test]
    fn places_are_not_actors() {
        assert_eq!(
            names(
                "Hillary Clinton spoke at a town hall in Columbus, Ohio, and in Salem on Monday."
            ),
            ["Hillary Clinton"]
        );
        assert_eq!(
            names("New Hampshire voters like Ohio Gov. John Kasich."),
            ["John Kasich"]
        );
        assert_eq!(
            names("Rep. Dana Whitlow (R-Calif.) met voters in Tampa, Fla., where the Ohio senator spoke."),
            ["Dana Whitlow"]
        );
    }
}
