//! Across documents: entities → actors, one row per real-world actor.
//!
//! People merge on surname plus first initial, so spelling variants of a
//! first name (Sergei/Sergey) and particles (Bashar al-Assad/Bashar Assad)
//! meet, while two people who share a surname stay apart. A surname seen
//! alone joins the one person of that surname, if there is exactly one.

use crate::coref::{Anchor, DocEntity};
use crate::lexicons::Lexicons;
use std::collections::{BTreeMap, HashMap};
use whosaid_model::{Actor, ActorKind, Document, Mention};
use xxhash_rust::xxh3::xxh3_64;

/// The key a person's name merges on: (surname, first initial if known).
fn person_key(name: &[String]) -> (String, Option<char>) {
    let surname = name.last().map_or(String::new(), |s| normalize_word(s));
    let initial = (name.len() >= 2)
        .then(|| name[0].chars().next().map(|c| c.to_ascii_lowercase()))
        .flatten();
    (surname, initial)
}

/// Lower case, with Arabic article particles and hyphens dropped: "al-Assad" → "assad".
fn normalize_word(w: &str) -> String {
    let lower = w.to_lowercase().replace('’', "'");
    let bare = ["al-", "el-", "ad-", "as-", "an-", "ar-"]
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

fn most_frequent(values: &[String]) -> Option<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *count.entry(v.as_str()).or_default() += 1;
    }
    // BTreeMap order makes ties resolve alphabetically, the same every run.
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v.to_string())
}

/// The title most supported by the contexts, where a short form supports
/// the longer one it is part of ("Secretary" supports "Secretary of State").
fn best_title(titles: &[String]) -> Option<String> {
    let mut distinct: Vec<&String> = titles.iter().collect();
    distinct.sort();
    distinct.dedup();
    distinct
        .into_iter()
        .map(|t| {
            let lt = t.to_lowercase();
            let support = titles
                .iter()
                .filter(|x| lt.contains(&x.to_lowercase()))
                .count();
            (support, t.len(), t)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(a.2)))
        .map(|x| x.2.clone())
}

/// Merges every document's entities into actors and mention rows.
/// Actors, mention rows, and for each document's entities its actor id
/// (none for entities too weak to become actors).
pub struct Merged {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention>,
    pub ids: Vec<Vec<Option<String>>>,
}

pub fn merge(docs: &[Document], entities: &[&[DocEntity]], lex: &Lexicons) -> Merged {
    // "Assad regime": the government of the country its leader speaks for.
    let mut affiliation_by_surname: HashMap<String, Vec<String>> = HashMap::new();
    for e in entities.iter().flat_map(|ents| ents.iter()) {
        if e.kind == ActorKind::Person && e.anchor == Anchor::Named {
            if let Some(s) = e.name.last() {
                affiliation_by_surname
                    .entry(normalize_word(s))
                    .or_default()
                    .extend(e.affiliations.iter().cloned());
            }
        }
    }
    let leader_government = |e: &DocEntity| -> Option<String> {
        let (noun, leader) = e.name.split_last()?;
        if e.anchor != Anchor::Named
            || !crate::mentions::LEADER_GOVERNMENT_NOUNS.contains(&noun.as_str())
        {
            return None;
        }
        let country = most_frequent(affiliation_by_surname.get(&normalize_word(leader.last()?))?)?;
        let demonym = lex
            .entries
            .iter()
            .find(|x| x.canonical == country && x.kind == ActorKind::Country)?
            .demonym
            .clone()?;
        Some(format!("known:{demonym} government"))
    };
    // Surname-only keys join the single fuller key of that surname.
    let mut keys: Vec<Vec<String>> = entities
        .iter()
        .map(|ents| {
            ents.iter()
                .map(|e| leader_government(e).unwrap_or_else(|| entity_key(e)))
                .collect()
        })
        .collect();
    let mut by_surname: HashMap<String, Vec<String>> = HashMap::new();
    for k in keys.iter().flatten() {
        if let Some(rest) = k.strip_prefix("person:") {
            if !rest.ends_with(":?") {
                let surname = rest.rsplit_once(':').unwrap().0.to_string();
                let list = by_surname.entry(surname).or_default();
                if !list.contains(k) {
                    list.push(k.clone());
                }
            }
        }
    }
    for k in keys.iter_mut().flatten() {
        if let Some(surname) = k.strip_prefix("person:").and_then(|r| r.strip_suffix(":?")) {
            if let Some([only]) = by_surname.get(surname).map(Vec::as_slice) {
                *k = only.clone();
            }
        }
    }

    struct Acc {
        names: Vec<Vec<String>>,
        kinds: Vec<ActorKind>,
        titles: Vec<String>,
        affiliations: Vec<String>,
        journalist: bool,
        forms: Vec<String>,
        n_mentions: u32,
        docs: u32,
        known: bool,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for (d, ents) in entities.iter().enumerate() {
        for (e, ent) in ents.iter().enumerate() {
            let a = acc.entry(keys[d][e].clone()).or_insert_with(|| Acc {
                names: Vec::new(),
                kinds: Vec::new(),
                titles: Vec::new(),
                affiliations: Vec::new(),
                journalist: false,
                forms: Vec::new(),
                n_mentions: 0,
                docs: 0,
                known: false,
            });
            a.names.push(ent.name.clone());
            a.kinds.push(ent.kind);
            a.titles.extend(ent.titles.iter().cloned());
            a.affiliations.extend(ent.affiliations.iter().cloned());
            a.journalist |= ent.journalist;
            a.forms.extend(ent.forms.iter().cloned());
            a.n_mentions += ent.mentions.len() as u32;
            a.docs += 1;
            a.known |= matches!(ent.anchor, Anchor::Known(_));
        }
    }

    let mut ids: HashMap<String, String> = HashMap::new();
    let mut actors = Vec::new();
    for (key, a) in &acc {
        // A name seen once, of no recognisable kind, is more likely a place
        // or a thing than an actor.
        let kind = a
            .kinds
            .iter()
            .copied()
            .filter(|k| *k != ActorKind::Other)
            .max_by_key(|k| a.kinds.iter().filter(|x| *x == k).count())
            .unwrap_or(ActorKind::Other);
        if kind == ActorKind::Other && a.n_mentions < 2 {
            continue;
        }
        let name = if a.known {
            key.trim_start_matches("known:").to_string()
        } else {
            let longest = a.names.iter().map(Vec::len).max().unwrap_or(0);
            let full: Vec<String> = a
                .names
                .iter()
                .filter(|n| n.len() == longest)
                .map(|n| n.join(" "))
                .collect();
            most_frequent(&full).unwrap_or_default()
        };
        let id = format!("A{:012x}", xxh3_64(key.as_bytes()) >> 16);
        ids.insert(key.clone(), id.clone());
        let mut aliases: Vec<String> = a.forms.clone();
        aliases.sort();
        aliases.dedup();
        actors.push(Actor {
            actor_id: id,
            name,
            kind,
            title: best_title(&a.titles),
            affiliation: most_frequent(&a.affiliations),
            is_journalist: a.journalist && kind == ActorKind::Person,
            aliases,
            n_mentions: a.n_mentions,
            n_documents: a.docs,
            n_quotes: 0,
        });
    }
    actors.sort_by(|x, y| {
        y.n_mentions
            .cmp(&x.n_mentions)
            .then(x.name.cmp(&y.name))
            .then(x.actor_id.cmp(&y.actor_id))
    });

    let mut mentions = Vec::new();
    for (d, ents) in entities.iter().enumerate() {
        let mut rows: Vec<Mention> = Vec::new();
        for (e, ent) in ents.iter().enumerate() {
            let Some(id) = ids.get(&keys[d][e]) else {
                continue;
            };
            for (span, how) in &ent.mentions {
                rows.push(Mention {
                    doc_id: docs[d].doc_id.clone(),
                    actor_id: id.clone(),
                    text: span.slice(&docs[d].text).to_string(),
                    span: *span,
                    how: how.to_string(),
                });
            }
        }
        rows.sort_by_key(|m| (m.span.start, m.span.end));
        mentions.extend(rows);
    }
    let ids = keys
        .iter()
        .map(|ks| ks.iter().map(|k| ids.get(k).cloned()).collect())
        .collect();
    Merged {
        actors,
        mentions,
        ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
