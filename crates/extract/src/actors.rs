//! Across documents: entities → actors, one row per real-world actor.
//!
//! People merge on surname plus first initial, so spelling variants of a
//! first name (Sergei/Sergey) and particles (Bashar al-Assad/Bashar Assad)
//! meet, while two people who share a surname stay apart. A surname seen
//! alone joins the one person of that surname, if there is exactly one.

use crate::coref::{Anchor, DocEntity};
use crate::fasthash::HashMap;
use crate::lexicons::Lexicons;
use std::collections::{BTreeMap, BTreeSet};
use whosaid_model::{Actor, ActorKind, Document, Mention};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// The key a person's name merges on: (surname, first initial if known).
fn person_key(name: &[String]) -> (String, Option<char>) {
    let surname = name.last().map_or(String::new(), |s| normalize_word(s));
    let initial = (name.len() >= 2)
        .then(|| name[0].chars().next().map(|c| c.to_ascii_lowercase()))
        .flatten();
    (surname, initial)
}

/// The Arabic article particles a name may start with, hyphen included.
const ARTICLE_PREFIXES: &[&str] = &["al-", "el-", "ad-", "as-", "an-", "ar-"];

/// Lower case, with Arabic article particles and hyphens dropped: "al-Assad" → "assad".
fn normalize_word(w: &str) -> String {
    // Most names are ASCII: lowered, cut and filtered in one copy rather
    // than three strings.
    if w.is_ascii() {
        let b = w.as_bytes();
        let bare = ARTICLE_PREFIXES
            .iter()
            .find(|p| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
            .map_or(b, |p| &b[p.len()..]);
        return bare
            .iter()
            .filter(|&&b| b != b'-' && b != b'.')
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    normalize_word_by_chars(w)
}

/// [`normalize_word`] for any text: the reference its ASCII shortcut is
/// tested against.
fn normalize_word_by_chars(w: &str) -> String {
    let lower = w.to_lowercase().replace('’', "'");
    let bare = ARTICLE_PREFIXES
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    bare.replace(['-', '.'], "")
}

fn org_key(name: &[String]) -> String {
    let joined = name.join(" ").to_lowercase().replace('.', "");
    joined.strip_prefix("the ").unwrap_or(&joined).to_string()
}

fn entity_key(e: &DocEntity) -> String {
    match &e.anchor {
        Anchor::Known(c) => format!("known:{c}"),
        Anchor::Named
            if e.kind == ActorKind::Person || e.kind == ActorKind::Other && e.name.len() <= 3 =>
        {
            let (s, i) = person_key(&e.name);
            match i {
                Some(i) => format!("person:{s}:{i}"),
                None => format!("person:{s}:?"),
            }
        }
        Anchor::Named => format!("org:{}", org_key(&e.name)),
    }
}

/// The actor index: what the corpus so far says about each entity key,
/// added one document at a time, in corpus order. It keeps counts and sets,
/// not the entities, so a streaming build holds it across batches; the
/// actors and each key's actor id come out of [`ActorIndex::resolve`] once
/// every document is in, since a later document can still change them (a
/// surname seen alone joins the one full name of that surname, and "Assad
/// regime" the country most often given for Assad).
#[derive(Debug, Default)]
pub struct ActorIndex {
    /// Key number by the raw key's digest ([`RawKey::digest`]): the index
    /// is asked once per entity on the in-order step, and a 16-byte key is
    /// compared in its bucket, where a [`RawKey`] sent the look-up to its
    /// strings' heap memory, cold on a large corpus.
    keys: HashMap<u128, u32>,
    /// Each key number's raw key.
    raws: Vec<RawKey>,
    accs: Vec<Acc>,
    /// Person surname → how often each affiliation was given for it.
    affiliation_by_surname: HashMap<String, HashMap<String, u32>>,
    /// Entities added so far (the order of "the last one seen").
    seen: u64,
}

/// An entity's key before the corpus is known: its own key, and for a
/// leader's government ("Assad regime") the leader's surname, whose most
/// frequent affiliation may make it that country's government.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawKey {
    own: String,
    leader: Option<String>,
}

impl RawKey {
    /// A 128-bit hash of the key, to stand for it in the index. Its bytes
    /// (`own`, 0xFF, then 0 or 1 and `leader`) tell any two keys apart, as
    /// no UTF-8 string holds 0xFF; two of a corpus's keys sharing a digest
    /// is a chance of about n² / 2¹²⁹ (10⁻²⁷ for a million keys).
    fn digest(&self) -> u128 {
        let mut bytes =
            Vec::with_capacity(self.own.len() + 2 + self.leader.as_ref().map_or(0, String::len));
        bytes.extend_from_slice(self.own.as_bytes());
        bytes.push(0xFF);
        match &self.leader {
            Some(l) => {
                bytes.push(1);
                bytes.extend_from_slice(l.as_bytes());
            }
            None => bytes.push(0),
        }
        xxh3_128(&bytes)
    }
}

/// A 128-bit hash of a name's words (each followed by 0xFF, which no UTF-8
/// string holds, so that ["Da", "Silva"] and ["DaSilva"] differ),
/// to stand for the name in an actor's counts, as [`RawKey::digest`] does
/// for the key.
fn name_digest(name: &[String]) -> u128 {
    let mut bytes = Vec::with_capacity(name.iter().map(|w| w.len() + 1).sum());
    for w in name {
        bytes.extend_from_slice(w.as_bytes());
        bytes.push(0xFF);
    }
    xxh3_128(&bytes)
}

/// What [`ActorIndex`] files an entity under, worked out from the entity
/// alone: its raw key, and the normalized surname of a named person with
/// affiliations (whose affiliations are counted by surname).
#[derive(Debug, Clone)]
pub struct EntityKey {
    raw: RawKey,
    surname: Option<String>,
    /// [`RawKey::digest`] and [`name_digest`], worked out here, where
    /// documents run in parallel, rather than on the in-order step.
    digest: u128,
    name_digest: u128,
}

impl EntityKey {
    pub fn of(e: &DocEntity) -> EntityKey {
        let surname = (e.kind == ActorKind::Person
            && e.anchor == Anchor::Named
            && !e.affiliations.is_empty())
        .then(|| e.name.last().map(|s| normalize_word(s)))
        .flatten();
        let leader = match e.name.split_last() {
            Some((noun, leader))
                if e.anchor == Anchor::Named
                    && crate::mentions::LEADER_GOVERNMENT_NOUNS.contains(&noun.as_str()) =>
            {
                leader.last().map(|l| normalize_word(l))
            }
            _ => None,
        };
        let raw = RawKey {
            own: entity_key(e),
            leader,
        };
        EntityKey {
            digest: raw.digest(),
            name_digest: name_digest(&e.name),
            raw,
            surname,
        }
    }
}

/// What the entities of one key have said, as counts.
#[derive(Debug, Default)]
struct Acc {
    /// Each name (tokens), and how many entities had it, by
    /// [`name_digest`].
    names: HashMap<u128, (Vec<String>, u32)>,
    /// Per [`ActorKind`]: entities of that kind, and the last one's number.
    kinds: [(u32, u64); 5],
    titles: HashMap<String, u32>,
    affiliations: HashMap<String, u32>,
    journalist: bool,
    forms: BTreeSet<String>,
    n_mentions: u32,
    /// Entities (an entity is one document's view of the actor).
    docs: u32,
    known: bool,
    n_quotes: u32,
}

impl Acc {
    fn absorb(&mut self, o: &Acc) {
        for (&digest, (n, c)) in &o.names {
            self.names.entry(digest).or_insert_with(|| (n.clone(), 0)).1 += c;
        }
        for (k, (c, last)) in self.kinds.iter_mut().zip(o.kinds) {
            k.0 += c;
            k.1 = k.1.max(last);
        }
        add_counts(&mut self.titles, &o.titles);
        add_counts(&mut self.affiliations, &o.affiliations);
        self.journalist |= o.journalist;
        self.forms.extend(o.forms.iter().cloned());
        self.n_mentions += o.n_mentions;
        self.docs += o.docs;
        self.known |= o.known;
        self.n_quotes += o.n_quotes;
    }
}

fn count(counts: &mut HashMap<String, u32>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

fn add_counts(into: &mut HashMap<String, u32>, from: &HashMap<String, u32>) {
    for (k, c) in from {
        *into.entry(k.clone()).or_default() += c;
    }
}

const KINDS: [ActorKind; 5] = [
    ActorKind::Person,
    ActorKind::Organization,
    ActorKind::Country,
    ActorKind::Group,
    ActorKind::Other,
];

fn kind_slot(k: ActorKind) -> usize {
    KINDS.iter().position(|x| *x == k).unwrap_or(4)
}

/// The value counted most often; ties go to the first in alphabetical
/// order, the same every run.
fn most_frequent_count(count: &HashMap<String, u32>) -> Option<String> {
    count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v.clone())
}

/// The title most supported by the contexts, where a short form supports
/// the longer one it is part of ("Secretary" supports "Secretary of State");
/// then the longest, then the first in alphabetical order.
fn best_title_count(titles: &HashMap<String, u32>) -> Option<String> {
    let lower: Vec<(String, u32)> = titles.iter().map(|(t, c)| (t.to_lowercase(), *c)).collect();
    titles
        .keys()
        .map(|t| {
            let lt = t.to_lowercase();
            let support: u32 = lower
                .iter()
                .filter(|(x, _)| lt.contains(x.as_str()))
                .map(|(_, c)| c)
                .sum();
            (support, t.len(), t)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(a.2)))
        .map(|x| x.2.clone())
}

/// The actors, and for each key (in the order [`ActorIndex::add`] numbered
/// them) its actor id, none for keys too weak to become actors.
pub struct Resolved {
    pub actors: Vec<Actor>,
    pub ids: Vec<Option<String>>,
}

impl ActorIndex {
    pub fn new() -> ActorIndex {
        ActorIndex::default()
    }

    /// Adds one document's entities; returns each entity's key number.
    pub fn add(&mut self, entities: &[DocEntity]) -> Vec<u32> {
        let keys = entities.iter().map(EntityKey::of).collect();
        self.add_keyed(entities, keys)
    }

    /// [`ActorIndex::add`] with the entities' keys already worked out
    /// ([`EntityKey::of`], which needs no corpus and so can run in parallel).
    pub fn add_keyed(&mut self, entities: &[DocEntity], keys: Vec<EntityKey>) -> Vec<u32> {
        entities
            .iter()
            .zip(keys)
            .map(|(e, k)| self.add_entity(e, k))
            .collect()
    }

    fn add_entity(&mut self, e: &DocEntity, key: EntityKey) -> u32 {
        let EntityKey {
            raw,
            surname,
            digest,
            name_digest,
        } = key;
        if let Some(s) = surname {
            let counts = self.affiliation_by_surname.entry(s).or_default();
            for a in &e.affiliations {
                count(counts, a);
            }
        }
        let next = self.accs.len() as u32;
        let id = *self.keys.entry(digest).or_insert(next);
        if id == next {
            self.accs.push(Acc::default());
            self.raws.push(raw);
        }
        let a = &mut self.accs[id as usize];
        // Counted without copying what is already there: most entities
        // repeat a name, a title, a form seen before.
        match a.names.get_mut(&name_digest) {
            Some((_, n)) => *n += 1,
            None => {
                a.names.insert(name_digest, (e.name.clone(), 1));
            }
        }
        let slot = &mut a.kinds[kind_slot(e.kind)];
        slot.0 += 1;
        slot.1 = self.seen;
        self.seen += 1;
        for t in &e.titles {
            count(&mut a.titles, t);
        }
        for t in &e.affiliations {
            count(&mut a.affiliations, t);
        }
        a.journalist |= e.journalist;
        for f in &e.forms {
            if !a.forms.contains(f) {
                a.forms.insert(f.clone());
            }
        }
        a.n_mentions += e.mentions.len() as u32;
        a.docs += 1;
        a.known |= matches!(e.anchor, Anchor::Known(_));
        id
    }

    /// Counts a quote attributed to the entity of key number `key`.
    pub fn add_quote(&mut self, key: u32) {
        self.accs[key as usize].n_quotes += 1;
    }

    /// The keys the corpus settles on, per key number.
    fn final_keys(&self, lex: &Lexicons) -> Vec<String> {
        // "Assad regime": the government of the country its leader speaks for.
        let leader_government = |surname: &str| -> Option<String> {
            let country = most_frequent_count(self.affiliation_by_surname.get(surname)?)?;
            let demonym = lex
                .entries
                .iter()
                .find(|x| x.canonical == country && x.kind == ActorKind::Country)?
                .demonym
                .clone()?;
            Some(format!("known:{demonym} government"))
        };
        let mut keys: Vec<String> = self
            .raws
            .iter()
            .map(|r| {
                r.leader
                    .as_deref()
                    .and_then(leader_government)
                    .unwrap_or_else(|| r.own.clone())
            })
            .collect();
        // Surname-only keys join the single fuller key of that surname.
        let mut by_surname: HashMap<String, BTreeSet<String>> = HashMap::default();
        for k in &keys {
            if let Some(rest) = k.strip_prefix("person:") {
                if !rest.ends_with(":?") {
                    let surname = rest.rsplit_once(':').unwrap().0.to_string();
                    by_surname.entry(surname).or_default().insert(k.clone());
                }
            }
        }
        for k in keys.iter_mut() {
            if let Some(surname) = k.strip_prefix("person:").and_then(|r| r.strip_suffix(":?")) {
                if let Some(set) = by_surname.get(surname).filter(|s| s.len() == 1) {
                    *k = set.iter().next().unwrap().clone();
                }
            }
        }
        keys
    }

    /// The actors of the corpus and each key number's actor id.
    pub fn resolve(&self, lex: &Lexicons) -> Resolved {
        let keys = self.final_keys(lex);
        let mut groups: BTreeMap<&str, Acc> = BTreeMap::new();
        for (k, acc) in keys.iter().zip(&self.accs) {
            groups.entry(k.as_str()).or_default().absorb(acc);
        }
        let mut id_of: HashMap<&str, String> = HashMap::default();
        let mut actors = Vec::new();
        for (key, a) in &groups {
            // A name seen once, of no recognisable kind, is more likely a
            // place or a thing than an actor. Ties between kinds go to the
            // kind seen last.
            let kind = a
                .kinds
                .iter()
                .zip(KINDS)
                .filter(|(c, k)| *k != ActorKind::Other && c.0 > 0)
                .max_by_key(|(c, _)| (c.0, c.1))
                .map_or(ActorKind::Other, |(_, k)| k);
            if kind == ActorKind::Other && a.n_mentions < 2 {
                continue;
            }
            let name = if a.known {
                key.trim_start_matches("known:").to_string()
            } else {
                let longest = a.names.values().map(|(n, _)| n.len()).max().unwrap_or(0);
                let mut full: HashMap<String, u32> = HashMap::default();
                for (n, c) in a.names.values().filter(|(n, _)| n.len() == longest) {
                    *full.entry(n.join(" ")).or_default() += c;
                }
                most_frequent_count(&full).unwrap_or_default()
            };
            let id = format!("A{:012x}", xxh3_64(key.as_bytes()) >> 16);
            id_of.insert(key, id.clone());
            actors.push(Actor {
                actor_id: id,
                name,
                kind,
                title: best_title_count(&a.titles),
                affiliation: most_frequent_count(&a.affiliations),
                is_journalist: a.journalist && kind == ActorKind::Person,
                aliases: a.forms.iter().cloned().collect(),
                n_mentions: a.n_mentions,
                n_documents: a.docs,
                n_quotes: a.n_quotes,
            });
        }
        actors.sort_by(|x, y| {
            y.n_mentions
                .cmp(&x.n_mentions)
                .then(x.name.cmp(&y.name))
                .then(x.actor_id.cmp(&y.actor_id))
        });
        let ids = keys
            .iter()
            .map(|k| id_of.get(k.as_str()).cloned())
            .collect();
        Resolved { actors, ids }
    }
}

/// Actors, mention rows, and for each document's entities its actor id
/// (none for entities too weak to become actors).
pub struct Merged {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention<'static>>,
    pub ids: Vec<Vec<Option<String>>>,
}

/// One document's mentions with their entity's key number, in text order.
pub fn mention_rows(ents: &[DocEntity], keys: &[u32]) -> Vec<KeyedMention> {
    let mut rows: Vec<KeyedMention> = Vec::new();
    for (ent, &key) in ents.iter().zip(keys) {
        for (span, how) in &ent.mentions {
            rows.push(KeyedMention {
                key,
                span: *span,
                how: *how,
            });
        }
    }
    // Stable: mentions of one span keep their entity order.
    rows.sort_by_key(|m| (m.span.start, m.span.end));
    rows
}

/// A mention row before actor ids are known; its text is its document's
/// at `span`.
#[derive(Debug, Clone, PartialEq, bincode::Encode, bincode::Decode)]
pub struct KeyedMention {
    pub key: u32,
    pub span: whosaid_model::Span,
    pub how: whosaid_model::MentionHow,
}

/// Merges every document's entities into actors and mention rows (the
/// whole corpus at once; [`ActorIndex`] is the same, a document at a time).
pub fn merge(docs: &[Document], entities: &[&[DocEntity]], lex: &Lexicons) -> Merged {
    let mut index = ActorIndex::new();
    let keys: Vec<Vec<u32>> = entities.iter().map(|e| index.add(e)).collect();
    let resolved = index.resolve(lex);
    let mut mentions = Vec::new();
    for ((doc, ents), ks) in docs.iter().zip(entities).zip(&keys) {
        for m in mention_rows(ents, ks) {
            if let Some(id) = &resolved.ids[m.key as usize] {
                mentions.push(Mention {
                    doc_id: doc.doc_id.clone().into(),
                    actor_id: id.clone().into(),
                    text: m.span.slice(&doc.text).to_string().into(),
                    span: m.span,
                    how: m.how,
                });
            }
        }
    }
    let ids = keys
        .iter()
        .map(|ks| {
            ks.iter()
                .map(|&k| resolved.ids[k as usize].clone())
                .collect()
        })
        .collect();
    Merged {
        actors: resolved.actors,
        mentions,
        ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_normalizes_as_the_character_reading(
            w in "(al-|AL-|El-|ad-|as-|An-|ar-|aL-|ax-)?[a-zA-Z.’'-]{0,12}"
        ) {
            proptest::prop_assert_eq!(normalize_word(&w), normalize_word_by_chars(&w));
        }

        /// The digests stand for the keys and names in the index, so two
        /// that differ must not share one; words and leaders are drawn
        /// from a few letters and spaces so that near misses are common.
        #[test]
        fn digests_differ_where_keys_and_names_do(
            a in proptest::collection::vec("[ab ]{0,3}", 0..4),
            b in proptest::collection::vec("[ab ]{0,3}", 0..4),
            la in proptest::option::of("[ab ]{0,2}"),
            lb in proptest::option::of("[ab ]{0,2}"),
        ) {
            proptest::prop_assert_eq!(name_digest(&a) == name_digest(&b), a == b);
            let ka = RawKey { own: a.concat(), leader: la };
            let kb = RawKey { own: b.concat(), leader: lb };
            proptest::prop_assert_eq!(ka.digest() == kb.digest(), ka == kb);
        }
    }

    #[test]
    fn a_name_split_differently_is_another_name() {
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        // Their letters run together the same way.
        assert_ne!(
            name_digest(&words(&["Da", "Silva"])),
            name_digest(&words(&["DaSilva"]))
        );
        let key = |own: &str, leader: Option<&str>| RawKey {
            own: own.into(),
            leader: leader.map(Into::into),
        };
        assert_ne!(
            key("org:assad regime", None).digest(),
            key("org:assad regime", Some("")).digest()
        );
        assert_ne!(
            key("org:ab", Some("c")).digest(),
            key("org:a", Some("bc")).digest()
        );
    }

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn spelling_variants_share_a_key_and_namesakes_do_not() {
        assert_eq!(
            person_key(&w("Sergey Lavrov")),
            person_key(&w("Sergei Lavrov"))
        );
        assert_eq!(
            person_key(&w("Bashar al-Assad")),
            person_key(&w("Bashar Assad"))
        );
        assert_ne!(
            person_key(&w("Boris Johnson")),
            person_key(&w("Lyndon Johnson"))
        );
    }
}
