//! Within one document: mentions → entities. Short forms join the full name
//! ("Kerry" → "John Kerry", `KELEMEN:` → "Michele Kelemen"), pronouns and
//! titles join the most recent compatible person, and a first name used to
//! address a transcript host completes the host's label ("Mary Louise" +
//! `KELLY:` → "Mary Louise Kelly").

use crate::fasthash::HashMap;
use crate::lexicons::{Gender, Lexicons};
use crate::mentions::{title_case, RawMention, Role};
use whosaid_model::{ActorKind, MentionHow, Span};

/// What an entity is anchored to, for merging across documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anchor {
    /// A gazetteer entry (by canonical name).
    Known(String),
    /// Anything else, by its name.
    Named,
}

/// An actor as one document knows it.
#[derive(Debug, Clone)]
pub struct DocEntity {
    pub anchor: Anchor,
    pub kind: ActorKind,
    /// The fullest name seen (tokens).
    pub name: Vec<String>,
    pub titles: Vec<String>,
    pub affiliations: Vec<String>,
    pub journalist: bool,
    pub gender: Gender,
    /// Surface forms as written (names, labels, addresses; not pronouns).
    pub forms: Vec<String>,
    pub mentions: Vec<(Span, MentionHow)>,
    /// Transcript turns, and turns with a question, by this entity's label.
    turns: u32,
    questions: u32,
    /// A first name the entity was addressed by, for label-only entities.
    first_name: Option<String>,
}

impl DocEntity {
    fn new(anchor: Anchor, kind: ActorKind, name: Vec<String>) -> Self {
        DocEntity {
            anchor,
            kind,
            name,
            titles: Vec::new(),
            affiliations: Vec::new(),
            journalist: false,
            gender: Gender::Unknown,
            forms: Vec::new(),
            mentions: Vec::new(),
            turns: 0,
            questions: 0,
            first_name: None,
        }
    }

    pub fn display_name(&self) -> String {
        self.name.join(" ")
    }

    fn surname(&self) -> &str {
        self.name.last().map_or("", String::as_str)
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn eq_ci(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| word_eq_ci(x, y))
}

/// One word equal to another ignoring case, without allocating: this runs
/// for every (mention, entity) pair of a document.
fn word_eq_ci(x: &str, y: &str) -> bool {
    if x.is_ascii() && y.is_ascii() {
        x.eq_ignore_ascii_case(y)
    } else {
        x.chars()
            .flat_map(char::to_lowercase)
            .eq(y.chars().flat_map(char::to_lowercase))
    }
}

/// `short` is the end of `full` ("Kerry" of "John Kerry"), ignoring case.
fn is_suffix_ci(short: &[String], full: &[String]) -> bool {
    short.len() <= full.len() && eq_ci(short, &full[full.len() - short.len()..])
}

/// `short` is the start of `full` ("Mary Louise" of "Mary Louise Kelly").
fn is_prefix_ci(short: &[String], full: &[String]) -> bool {
    short.len() < full.len() && eq_ci(short, &full[..short.len()])
}

fn gender_fits(pronoun: Gender, entity: Gender) -> bool {
    match pronoun {
        Gender::Male | Gender::Female => entity == pronoun || entity == Gender::Unknown,
        _ => true,
    }
}

/// One document's entities, and the entity of each mention (by index).
pub struct Resolution {
    pub entities: Vec<DocEntity>,
    pub assignment: Vec<Option<usize>>,
}

/// Groups one document's mentions into entities.
pub fn resolve(text: &str, mentions: &[RawMention], lex: &Lexicons) -> Vec<DocEntity> {
    resolve_full(text, mentions, lex).entities
}

/// Groups one document's mentions into entities, keeping which mention went where.
pub fn resolve_full(text: &str, mentions: &[RawMention], lex: &Lexicons) -> Resolution {
    resolve_in(text, &crate::quotes::Segments::of(text), mentions, lex)
}

/// [`resolve_full`] with the document's segments already found.
pub fn resolve_in(
    text: &str,
    segs: &crate::quotes::Segments,
    mentions: &[RawMention],
    lex: &Lexicons,
) -> Resolution {
    let mut assignment = vec![None; mentions.len()];
    // (inner content, with the marks), in text order.
    let quoted = segs.quoted();
    let mut ents: Vec<DocEntity> = Vec::new();
    let mut names = NameIndex::default();
    let mut by_known: HashMap<String, usize> = HashMap::default();
    // The most recent mention of each entity, for pronouns and titles.
    let mut last_seen: Vec<(usize, usize)> = Vec::new(); // (mention index, entity)
    let mut speaker: Option<usize> = None;
    let mut prev_speaker: Option<usize> = None;
    let mut addressed: Vec<(String, usize)> = Vec::new();
    let mut pending: Vec<(String, Option<usize>)> = Vec::new();

    for (mi, m) in mentions.iter().enumerate() {
        let surface = m.span.slice(text);
        let found: Option<(usize, MentionHow)> = match &m.role {
            Role::Known(entry, role) => {
                let e = &lex.entries[*entry];
                // Looked up before inserting: a key string per mention of
                // a country or organization was a noticeable cost.
                let idx = match by_known.get(&e.canonical) {
                    Some(&idx) => idx,
                    None => {
                        let mut ent = DocEntity::new(
                            Anchor::Known(e.canonical.clone()),
                            e.kind,
                            words(&e.canonical),
                        );
                        ent.affiliations.extend(e.affiliation.clone());
                        ents.push(ent);
                        by_known.insert(e.canonical.clone(), ents.len() - 1);
                        ents.len() - 1
                    }
                };
                let how = match role {
                    crate::lexicons::FormRole::Name => MentionHow::Name,
                    crate::lexicons::FormRole::Demonym => MentionHow::Demonym,
                    crate::lexicons::FormRole::Capital => MentionHow::Capital,
                };
                Some((idx, how))
            }
            Role::Compound(canonical, kind, country) => {
                let idx = *by_known.entry(canonical.clone()).or_insert_with(|| {
                    let mut ent =
                        DocEntity::new(Anchor::Known(canonical.clone()), *kind, words(canonical));
                    ent.affiliations.push(country.clone());
                    ents.push(ent);
                    ents.len() - 1
                });
                Some((idx, MentionHow::Name))
            }
            Role::Label { byline } => {
                let name = words(&title_case(surface));
                let idx = find_person(&ents, &names, &name).unwrap_or_else(|| {
                    ents.push(DocEntity::new(
                        Anchor::Named,
                        ActorKind::Person,
                        name.clone(),
                    ));
                    ents.len() - 1
                });
                if name.len() > ents[idx].name.len() {
                    ents[idx].name = name;
                }
                ents[idx].journalist |= *byline;
                ents[idx].turns += 1;
                if turn_text(text, m.span.end).contains('?') {
                    ents[idx].questions += 1;
                }
                if speaker != Some(idx) {
                    prev_speaker = speaker;
                    speaker = Some(idx);
                    // A name said before this speaker's first turn ("Good
                    // morning, Mary Louise." answering the intro) addresses them.
                    if ents[idx].name.len() == 1 {
                        for (first, _) in pending.drain(..) {
                            addressed.push((first, idx));
                        }
                    }
                }
                Some((idx, MentionHow::SpeakerLabel))
            }
            Role::Vocative => {
                let name = words(surface);
                if let Some(idx) = find_person(&ents, &names, &name) {
                    Some((idx, MentionHow::Address))
                } else {
                    // Addressing the host of the previous turn; the last such
                    // address in the document wins.
                    match prev_speaker.filter(|&p| Some(p) != speaker && ents[p].name.len() == 1) {
                        Some(p) => addressed.push((surface.to_string(), p)),
                        None => pending.push((surface.to_string(), speaker)),
                    }
                    None
                }
            }
            Role::Pronoun(g) => {
                let g = *g;
                last_seen
                    .iter()
                    .rev()
                    .take(12)
                    .map(|&(_, e)| e)
                    .find(|&e| match g {
                        Gender::Plural | Gender::Neuter => ents[e].kind != ActorKind::Person,
                        _ => ents[e].kind == ActorKind::Person && gender_fits(g, ents[e].gender),
                    })
                    .map(|e| {
                        if ents[e].gender == Gender::Unknown
                            && matches!(g, Gender::Male | Gender::Female)
                        {
                            ents[e].gender = g;
                        }
                        (e, MentionHow::Pronoun)
                    })
            }
            Role::Nominal(noun) if m.kind == Some(ActorKind::Organization) => last_seen
                .iter()
                .rev()
                .map(|&(_, e)| e)
                .find(|&e| {
                    ents[e].kind != ActorKind::Person
                        && ents[e].name.len() > 1
                        && ents[e]
                            .name
                            .last()
                            .is_some_and(|w| w.eq_ignore_ascii_case(noun))
                })
                .map(|e| (e, MentionHow::Nominal)),
            Role::Nominal(title) => last_seen
                .iter()
                .rev()
                .map(|&(_, e)| e)
                .find(|&e| {
                    ents[e].kind == ActorKind::Person
                        && ents[e]
                            .titles
                            .iter()
                            .any(|t| t.to_lowercase().contains(title.as_str()))
                })
                .map(|e| (e, MentionHow::Title)),
            Role::Name => {
                let name = words(surface);
                let person_like = m.kind == Some(ActorKind::Person) || m.kind.is_none();
                let existing = if person_like {
                    find_person(&ents, &names, &name)
                } else {
                    names
                        .candidates(&name)
                        .into_iter()
                        .find(|&i| ents[i].anchor == Anchor::Named && eq_ci(&ents[i].name, &name))
                };
                let idx = match existing {
                    Some(idx) => {
                        if name.len() > ents[idx].name.len() && is_suffix_ci(&ents[idx].name, &name)
                        {
                            ents[idx].name = name;
                        } else if name.len() == 1
                            && ents[idx].name.len() >= 2
                            && ents[idx].kind == ActorKind::Other
                            && is_suffix_ci(&name, &ents[idx].name)
                        {
                            // Full name first, surname after: the news style for people.
                            ents[idx].kind = ActorKind::Person;
                        }
                        if ents[idx].kind == ActorKind::Other {
                            if let Some(k) = m.kind {
                                ents[idx].kind = k;
                            }
                        }
                        idx
                    }
                    None => {
                        ents.push(DocEntity::new(
                            Anchor::Named,
                            m.kind.unwrap_or(ActorKind::Other),
                            name,
                        ));
                        ents.len() - 1
                    }
                };
                Some((idx, MentionHow::Name))
            }
        };
        let Some((idx, how)) = found else { continue };
        names.note(idx, &ents[idx].name);
        assignment[mi] = Some(idx);
        let e = &mut ents[idx];
        e.titles.extend(m.title.clone());
        e.affiliations.extend(
            m.affiliation
                .clone()
                .filter(|_| matches!(e.kind, ActorKind::Person | ActorKind::Organization)),
        );
        e.journalist |= m.journalist;
        if e.gender == Gender::Unknown && matches!(m.gender, Gender::Male | Gender::Female) {
            e.gender = m.gender;
        }
        // Forms are a set downstream: a country named forty times is one
        // string, not forty.
        if how != MentionHow::Pronoun
            && how != MentionHow::Title
            && !e.forms.iter().any(|f| f == surface)
        {
            e.forms.push(surface.to_string());
        }
        e.mentions.push((m.span, how));
        // Names inside a quotation are what the speaker talks about; a
        // pronoun after the quote ("…," he said) points past them.
        let k = quoted.partition_point(|(_, q)| q.start <= m.span.start);
        let inside = k > 0 && m.span.end <= quoted[k - 1].1.end;
        if !inside {
            last_seen.push((mi, idx));
        }
    }

    // One name addresses one person: where a name was used for several
    // hosts (transcripts mislabel turns), the last address wins.
    let mut last_by_name: Vec<(String, usize)> = Vec::new();
    for (first, idx) in addressed {
        last_by_name.retain(|(f, _)| *f != first);
        last_by_name.push((first, idx));
    }
    for (first, idx) in last_by_name {
        ents[idx].first_name = Some(first);
    }
    for e in &mut ents {
        if let Some(first) = e.first_name.take() {
            e.forms.push(first.clone());
            let mut name = words(&first);
            name.extend(e.name.iter().cloned());
            e.name = name;
        }
        // A host asks: most of a labelled speaker's turns hold a question.
        if e.turns >= 2 && e.questions * 2 >= e.turns {
            e.journalist = true;
        }
    }
    Resolution {
        entities: ents,
        assignment,
    }
}

/// The person entity a name refers to: same name, or the name is its
/// surname, or its first name(s) when only one entity has them.
/// The entities each name word (first or last, lower case) has belonged
/// to. Every match `find_person` makes shares the first or the last word, so
/// a long document's many names are compared with a few entities, not all.
/// Entries are never removed: a candidate is checked against its current name.
#[derive(Default)]
struct NameIndex {
    by_word: HashMap<String, Vec<usize>>,
}

impl NameIndex {
    fn key(w: &str) -> String {
        // An ASCII word (nearly every one) lowered as bytes: a character
        // iterator through `char::to_lowercase` pushed one at a time.
        if w.is_ascii() {
            return w.to_ascii_lowercase();
        }
        w.chars().flat_map(char::to_lowercase).collect()
    }

    /// `f` of the key of `w`: an ASCII word (nearly every one) is lowered
    /// on the stack, since a key string per look-up, twice per mention,
    /// was most of this index's cost.
    fn with_key<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
        if w.is_ascii() {
            crate::mentions::with_lowercase(w, f)
        } else {
            f(&Self::key(w))
        }
    }

    fn note(&mut self, idx: usize, name: &[String]) {
        for w in [name.first(), name.last()].into_iter().flatten() {
            let noted = Self::with_key(w, |k| match self.by_word.get_mut(k) {
                Some(list) => {
                    if !list.contains(&idx) {
                        list.push(idx);
                    }
                    true
                }
                None => false,
            });
            if !noted {
                self.by_word.insert(Self::key(w), vec![idx]);
            }
        }
    }

    /// Entity indices sharing the first or last word of `name`, ascending.
    fn candidates(&self, name: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = [name.first(), name.last()]
            .into_iter()
            .flatten()
            .filter_map(|w| Self::with_key(w, |k| self.by_word.get(k)))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn find_person(ents: &[DocEntity], names: &NameIndex, name: &[String]) -> Option<usize> {
    let candidates = names.candidates(name);
    let persons = || {
        candidates
            .iter()
            .map(|&i| (i, &ents[i]))
            .filter(|(_, e)| e.anchor == Anchor::Named && e.kind != ActorKind::Organization)
    };
    if let Some((i, _)) = persons().find(|(_, e)| eq_ci(&e.name, name)) {
        return Some(i);
    }
    let suffix: Vec<usize> = persons()
        .filter(|(_, e)| is_suffix_ci(name, &e.name) || is_suffix_ci(&e.name, name))
        .map(|(i, _)| i)
        .collect();
    if suffix.len() == 1 {
        return Some(suffix[0]);
    }
    if !suffix.is_empty() {
        // The longest (most specific) of several: "Kerry" after "John Kerry" and "Kerry".
        return suffix
            .into_iter()
            .max_by_key(|&i| (ents[i].name.len(), std::cmp::Reverse(i)));
    }
    // First names only address people: "Trump" is no prefix of "Trump International Golf Club".
    let prefix: Vec<usize> = persons()
        .filter(|(_, e)| e.kind == ActorKind::Person && is_prefix_ci(name, &e.name))
        .map(|(i, _)| i)
        .collect();
    if prefix.len() == 1 && !ents[prefix[0]].surname().is_empty() {
        return Some(prefix[0]);
    }
    None
}

/// The text of a transcript turn: from after its label to the next line break.
fn turn_text(text: &str, from: usize) -> &str {
    let rest = &text[from..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::{Recognizer, RuleRecognizer};
    use whosaid_model::lexicon::LexiconOverrides;

    proptest::proptest! {
        /// The byte road for ASCII words gives the character road's key.
        #[test]
        fn name_keys_are_the_words_lowered_character_by_character(
            w in "[A-Za-z0-9'.-]{0,12}|[A-Za-zÉéÖİΣσ'-]{0,8}"
        ) {
            let by_chars: String = w.chars().flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(NameIndex::key(&w), by_chars);
        }
    }

    fn entities(text: &str) -> Vec<DocEntity> {
        let lex = Lexicons::new(&LexiconOverrides::default()).unwrap();
        let m = RuleRecognizer::new(&lex).recognize(text);
        resolve(text, &m, &lex)
    }

    fn find<'a>(ents: &'a [DocEntity], name: &str) -> &'a DocEntity {
        ents.iter()
            .find(|e| e.display_name() == name)
            .unwrap_or_else(|| {
                panic!(
                    "no {name} in {:?}",
                    ents.iter().map(|e| e.display_name()).collect::<Vec<_>>()
                )
            })
    }

    #[test]
    fn a_surname_joins_the_full_name() {
        let ents = entities(
            "Secretary of State John Kerry arrived. Kerry said little, and Secretary Kerry left.",
        );
        let kerry = find(&ents, "John Kerry");
        assert_eq!(kerry.mentions.len(), 3);
        assert_eq!(kerry.titles[0], "Secretary of State");
    }

    #[test]
    fn a_label_joins_the_person_it_names() {
        let ents = entities("NPR's Michele Kelemen joins us.\n\nKELEMEN: Thank you.");
        let k = find(&ents, "Michele Kelemen");
        assert!(k.forms.contains(&"KELEMEN".to_string()));
        assert!(k.journalist);
    }

    #[test]
    fn pronouns_go_to_the_last_person_of_their_gender() {
        let ents = entities("Federica Mogherini met Sergey Lavrov. She said he agreed.");
        let f = find(&ents, "Federica Mogherini");
        assert!(f
            .mentions
            .iter()
            .any(|(_, how)| *how == MentionHow::Pronoun));
        let l = find(&ents, "Sergey Lavrov");
        assert_eq!(l.gender, Gender::Male);
    }

    #[test]
    fn an_addressed_first_name_completes_a_host_label() {
        let text = "Good evening.\n\nDANA WHITFIELD, BYLINE: Good morning.\n\nORTEGA: What happened?\n\nWHITFIELD: Well, Ruth, it was long.\n\nORTEGA: And then?";
        let ents = entities(text);
        let host = find(&ents, "Ruth Ortega");
        let first = entities(
            "WHITFIELD, BYLINE: Good morning, Ruth.\n\nORTEGA: What now?\n\nWHITFIELD: Talks.",
        );
        assert!(
            first.iter().any(|e| e.display_name() == "Ruth Ortega"),
            "an address before the host's first turn"
        );
        assert!(host.journalist, "a host who asks questions is a journalist");
        assert!(host.forms.contains(&"Ruth".to_string()));
    }

    #[test]
    fn the_title_refers_back_to_its_holder() {
        let ents = entities("Secretary of State John Kerry spoke. Later the secretary left.");
        let k = find(&ents, "John Kerry");
        assert!(k.mentions.iter().any(|(_, how)| *how == MentionHow::Title));
    }
}
