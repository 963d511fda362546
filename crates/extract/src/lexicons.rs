//! The extract stage's lexicons, compiled once per run.

use crate::dictionary::Dictionary;
use crate::fasthash::HashMap;
use whosaid_model::lexicon::LexiconOverrides;
use whosaid_model::ActorKind;

const COUNTRIES: &str = include_str!("../../../data/lexicons/countries.tsv");
const ORGANIZATIONS: &str = include_str!("../../../data/lexicons/organizations.tsv");
const TITLES: &str = include_str!("../../../data/lexicons/titles.txt");
const ORG_SUFFIXES: &str = include_str!("../../../data/lexicons/org_suffixes.txt");
const NOT_NAMES: &str = include_str!("../../../data/lexicons/not_names.txt");
const PLACES: &str = include_str!("../../../data/lexicons/places.txt");
const FIRST_NAMES: &str = include_str!("../../../data/lexicons/first_names.tsv");
const MEDIA: &str = include_str!("../../../data/lexicons/media.txt");
const PRONOUNS: &str = include_str!("../../../data/lexicons/pronouns.tsv");
const SPEECH_VERBS: &str = include_str!("../../../data/lexicons/speech_verbs.txt");

/// A gender or number a pronoun or first name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
    Plural,
    /// "it": an organization or country, never a person.
    Neuter,
}

/// How a lexicon form names its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRole {
    /// The name itself ("Russia", "U.N.").
    Name,
    /// An adjective or people noun ("Russian", "Russians").
    Demonym,
    /// The capital standing for the government ("Moscow said").
    Capital,
}

/// One known actor of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entry {
    pub canonical: String,
    pub kind: ActorKind,
    pub affiliation: Option<String>,
    /// The adjective used to name its government ("Syrian government").
    pub demonym: Option<String>,
}

pub struct Lexicons {
    pub entries: Vec<Entry>,
    /// Surface forms of entries (case-sensitive), leftmost-longest.
    pub forms: Dictionary,
    pub form_target: Vec<(usize, FormRole)>,
    /// Titles (case-insensitive), leftmost-longest.
    pub titles: Dictionary,
    pub title_names: Vec<String>,
    pub org_suffixes: crate::fasthash::HashSet<String>,
    pub not_names: crate::fasthash::HashSet<String>,
    /// Places that are no actors by themselves ("Ohio", "Los Angeles").
    pub places: crate::fasthash::HashSet<String>,
    pub first_names: HashMap<String, Gender>,
    pub media: Vec<String>,
    pub pronouns: HashMap<String, Gender>,
    /// [`Self::pronouns`] summarized: asked of nearly every token.
    pub pronoun_filter: crate::wordfilter::WordFilter,
    /// One-word speech verbs ("said", "told"), lower case.
    pub speech_verbs: crate::fasthash::HashSet<String>,
}

fn tsv(lines: &[String]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
        .collect()
}

fn list(field: Option<&String>) -> Vec<String> {
    field
        .map(|f| {
            f.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn gender(code: &str) -> Gender {
    match code {
        "m" => Gender::Male,
        "f" => Gender::Female,
        "p" => Gender::Plural,
        "n" => Gender::Neuter,
        _ => Gender::Unknown,
    }
}

impl Lexicons {
    pub fn new(ov: &LexiconOverrides) -> Result<Lexicons, String> {
        let mut entries = Vec::new();
        let mut forms: Vec<String> = Vec::new();
        let mut form_target = Vec::new();
        let mut add = |form: &str, idx: usize, role: FormRole, forms: &mut Vec<String>| {
            forms.push(form.to_string());
            form_target.push((idx, role));
        };
        for row in tsv(&ov.entries("countries", COUNTRIES)) {
            let idx = entries.len();
            let demonyms = list(row.get(2));
            entries.push(Entry {
                canonical: row[0].clone(),
                kind: ActorKind::Country,
                affiliation: None,
                demonym: demonyms.first().cloned(),
            });
            add(&row[0], idx, FormRole::Name, &mut forms);
            for f in list(row.get(1)) {
                add(&f, idx, FormRole::Name, &mut forms);
            }
            for f in demonyms {
                add(&f, idx, FormRole::Demonym, &mut forms);
            }
            for f in list(row.get(3)) {
                add(&f, idx, FormRole::Capital, &mut forms);
            }
        }
        for row in tsv(&ov.entries("organizations", ORGANIZATIONS)) {
            let idx = entries.len();
            let kind = match row.get(1).map(String::as_str) {
                Some("group") => ActorKind::Group,
                Some("country") => ActorKind::Country,
                Some("person") => ActorKind::Person,
                _ => ActorKind::Organization,
            };
            entries.push(Entry {
                canonical: row[0].clone(),
                kind,
                affiliation: row.get(3).filter(|s| !s.is_empty()).cloned(),
                demonym: None,
            });
            add(&row[0], idx, FormRole::Name, &mut forms);
            for f in list(row.get(2)) {
                // "the X" forms are matched through "X"; the article is not the name.
                let f = f.strip_prefix("the ").unwrap_or(&f).to_string();
                add(&f, idx, FormRole::Name, &mut forms);
            }
        }
        let forms_ac = Dictionary::new(&forms, false)
            .map_err(|e| format!("lexicons countries/organizations: {e}"))?;
        let title_names = ov.entries("titles", TITLES);
        let titles =
            Dictionary::new(&title_names, true).map_err(|e| format!("lexicon titles: {e}"))?;
        let first_names = tsv(&ov.entries("first_names", FIRST_NAMES))
            .into_iter()
            .map(|r| (r[0].clone(), gender(r.get(1).map_or("u", String::as_str))))
            .collect();
        let pronouns: HashMap<String, Gender> = tsv(&ov.entries("pronouns", PRONOUNS))
            .into_iter()
            .map(|r| {
                (
                    r[0].to_lowercase(),
                    gender(r.get(1).map_or("u", String::as_str)),
                )
            })
            .collect();
        let pronoun_filter = crate::wordfilter::WordFilter::of(pronouns.keys().map(String::as_str));
        Ok(Lexicons {
            entries,
            forms: forms_ac,
            form_target,
            titles,
            title_names,
            org_suffixes: ov
                .entries("org_suffixes", ORG_SUFFIXES)
                .into_iter()
                .collect(),
            not_names: ov.entries("not_names", NOT_NAMES).into_iter().collect(),
            places: ov.entries("places", PLACES).into_iter().collect(),
            first_names,
            media: ov.entries("media", MEDIA),
            pronouns,
            pronoun_filter,
            speech_verbs: ov
                .entries("speech_verbs", SPEECH_VERBS)
                .into_iter()
                .filter(|v| !v.contains(' '))
                .map(|v| v.to_lowercase())
                .collect(),
        })
    }

    pub fn is_org_suffix(&self, word: &str) -> bool {
        self.org_suffixes.contains(word)
    }

    /// Words that never start a name, contractions of them included ("We're", "It’s").
    pub fn is_not_name(&self, word: &str) -> bool {
        let base = word
            .rsplit_once(['\'', '’'])
            .filter(|(_, tail)| ["re", "ve", "ll", "d", "s", "t", "m"].contains(tail))
            .map_or(word, |(b, _)| b);
        self.not_names.contains(word) || self.not_names.contains(base)
    }

    /// The gender or number of a pronoun, in any case ("He", "they").
    /// Asked of nearly every token: the filter turns most away unhashed.
    #[inline]
    pub fn pronoun(&self, word: &str) -> Option<Gender> {
        if !self.pronoun_filter.may_contain_lowered(word) {
            return None;
        }
        crate::mentions::with_lowercase(word, |l| self.pronouns.get(l).copied())
    }

    pub fn first_name(&self, word: &str) -> Option<Gender> {
        self.first_names.get(word).copied()
    }

    pub fn is_media(&self, name: &str) -> bool {
        self.media
            .iter()
            .any(|m| m == name || m.strip_prefix("The ") == Some(name))
    }
}
