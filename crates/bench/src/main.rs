//! `whosaid-bench-corpus`: a benchmark corpus of any size, made by
//! recombining the paragraphs of real articles.
//!
//! The same sources, size and seed give the same files byte for byte. Each
//! generated article takes most paragraphs, in order, from one source
//! article and some from others, and is dressed like a scrape: an outlet's
//! site chrome above and below (which the chrome rules and the line counts
//! must find), a headline, a byline and a date. Most articles are `.txt`
//! scrapes, some web pages (`.html`) and some JSONL records, as in the
//! sample corpus; a few are reprints of an earlier article with a paragraph
//! changed, for the duplicate finder. Nothing of the sources is kept beyond
//! the run: they are read where they are (the team's shared data is never
//! copied into the project).

use anyhow::{bail, Context};
use clap::Parser;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use whosaid_model::SourceFormat;

#[derive(Parser)]
#[command(
    name = "whosaid-bench-corpus",
    about = "Write a benchmark corpus of SIZE MB recombined from source articles."
)]
struct Args {
    /// Corpus size in MB (10^6 bytes) of article files.
    #[arg(long, default_value = "500")]
    size_mb: u64,
    /// Folders (or files) of source articles, read as whosaid reads input.
    #[arg(long = "source", required = true, value_name = "DIR")]
    sources: Vec<PathBuf>,
    /// Seed of the generator: the same seed, sources and size give the same corpus.
    #[arg(long, default_value = "1")]
    seed: u64,
    /// Folder to write; replaced if it exists.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Percent of the lowercase words of five letters or more replaced by
    /// other words of the sources (0: none). Recombined paragraphs recur
    /// across articles, which real news rarely does; fresh words make most
    /// passages new, so that the duplicate finder's index grows as it would
    /// on a real corpus of that size.
    #[arg(long, default_value = "0", value_name = "PERCENT")]
    fresh_words: u64,
}

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A source article: its headline (if it has one) and its prose paragraphs.
struct Source {
    title: Option<String>,
    paragraphs: Vec<String>,
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Paragraphs of a text: blocks between blank lines, on one line each.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn load_sources(dirs: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    let found = whosaid_ingest::discover(dirs, &[])?;
    let mut out = Vec::new();
    for file in &found.files {
        for doc in whosaid_ingest::read_file(file).docs {
            let text = if doc.format == SourceFormat::Html {
                whosaid_normalize::html::extract(&doc.text).text
            } else {
                doc.text
            };
            let mut paras = paragraphs(&text);
            // A short first block without a final stop is the headline.
            let title = match paras.first() {
                Some(p) if word_count(p) <= 20 && !p.ends_with(['.', '"', '”']) => {
                    Some(paras.remove(0))
                }
                _ => doc.meta.title.clone(),
            };
            // Prose only: chrome comes from the outlets below, so that every
            // generated article has the same kinds of chrome to remove.
            paras.retain(|p| word_count(p) >= 8);
            if !paras.is_empty() {
                out.push(Source {
                    title,
                    paragraphs: paras,
                });
            }
        }
    }
    if out.is_empty() {
        bail!("no source articles with prose paragraphs found");
    }
    Ok(out)
}

const OUTLET_WORDS: (&[&str], &[&str]) = (
    &[
        "Northbridge",
        "Lakeside",
        "Harbor",
        "Valley",
        "Capital",
        "Prairie",
        "Coastal",
        "Summit",
        "Riverside",
        "Granite",
        "Eastern",
        "Western",
    ],
    &[
        "Courier", "Herald", "Tribune", "Post", "Ledger", "Gazette", "Times", "Observer",
    ],
);

struct Outlet {
    name: String,
    slug: String,
    header: Vec<String>,
    footer: Vec<String>,
}

fn outlets() -> Vec<Outlet> {
    let mut out = Vec::new();
    for (i, a) in OUTLET_WORDS.0.iter().enumerate() {
        let b = OUTLET_WORDS.1[i % OUTLET_WORDS.1.len()];
        let name = format!("The {a} {b}");
        let slug = format!("{}-{}", a.to_lowercase(), b.to_lowercase());
        out.push(Outlet {
            header: vec![
                format!("{a} {b}"),
                "Home | World | Politics | Business | Opinion".into(),
                "Skip to main content".into(),
                format!("Support {name} - Go Ad-Free!"),
            ],
            footer: vec![
                "Share this article".into(),
                format!("Sign up for the {a} {b} newsletter"),
                "Comments".into(),
                format!("© 2024 {name}. All rights reserved."),
            ],
            name,
            slug,
        });
    }
    out
}

const FIRST: &[&str] = &[
    "Dana", "Luis", "Mira", "Tomas", "Alice", "Samir", "Jonah", "Keiko",
];
const LAST: &[&str] = &[
    "Whitfield",
    "Ortega",
    "Novak",
    "Brandt",
    "Okafor",
    "Lindqvist",
];

/// What [`Args::fresh_words`] asks for.
struct Fresh {
    percent: u64,
    vocabulary: Vec<String>,
}

/// One generated article.
struct Article {
    outlet: usize,
    date: String,
    byline: String,
    title: String,
    paragraphs: Vec<String>,
}

/// The words [`Args::fresh_words`] draws from: the sources' distinct
/// lowercase words of five letters or more, in order.
fn vocabulary(sources: &[Source]) -> Vec<String> {
    let mut words: Vec<String> = sources
        .iter()
        .flat_map(|s| s.paragraphs.iter())
        .flat_map(|p| p.split(' '))
        .filter(|w| is_fresh_candidate(w))
        .map(str::to_string)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn is_fresh_candidate(w: &str) -> bool {
    w.len() >= 5 && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// `p` with `percent` of its candidate words replaced from `vocabulary`.
fn freshen(p: &str, percent: u64, vocabulary: &[String], r: &mut Rng) -> String {
    p.split(' ')
        .map(|w| {
            if is_fresh_candidate(w) && r.chance(percent) {
                vocabulary[r.below(vocabulary.len())].as_str()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Article `k` is a function of the seed and `k` alone, so a reprint of an
/// earlier article is made again from its number, without keeping it.
fn article(k: u64, seed: u64, sources: &[Source], n_outlets: usize, fresh: &Fresh) -> Article {
    let mut r = Rng(seed ^ k.wrapping_mul(0xA24B_AED4_963E_E407));
    let base = &sources[r.below(sources.len())];
    let n = base.paragraphs.len().clamp(3, 25);
    let mut paragraphs = Vec::with_capacity(n);
    for i in 0..n {
        // Mostly the base article in order; a third from elsewhere.
        let p = if i < base.paragraphs.len() && !r.chance(30) {
            &base.paragraphs[i]
        } else {
            let other = &sources[r.below(sources.len())];
            &other.paragraphs[r.below(other.paragraphs.len())]
        };
        paragraphs.push(match fresh.percent {
            0 => p.clone(),
            percent => freshen(p, percent, &fresh.vocabulary, &mut r),
        });
    }
    let title = base.title.clone().unwrap_or_else(|| {
        let first: Vec<&str> = paragraphs[0].split_whitespace().take(10).collect();
        first.join(" ")
    });
    let day = r.below(365);
    let (month, dom) = (day / 31 + 1, day % 28 + 1);
    Article {
        outlet: r.below(n_outlets),
        date: format!("2024-{:02}-{:02}", month.min(12), dom),
        byline: format!(
            "{} {}",
            FIRST[r.below(FIRST.len())],
            LAST[r.below(LAST.len())]
        ),
        title,
        paragraphs,
    }
}

fn as_text(a: &Article, o: &Outlet) -> String {
    let mut s = String::new();
    for l in &o.header {
        let _ = writeln!(s, "{l}\n");
    }
    let _ = writeln!(s, "{}\n", a.title);
    let _ = writeln!(s, "By {} | Published {}\n", a.byline, a.date);
    for p in &a.paragraphs {
        let _ = writeln!(s, "{p}\n");
    }
    for l in &o.footer {
        let _ = writeln!(s, "{l}\n");
    }
    s
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn as_html(a: &Article, o: &Outlet) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title>\
         <meta property=\"og:site_name\" content=\"{n}\">\
         <meta property=\"article:published_time\" content=\"{d}\"></head>\n<body>\n\
         <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>\
         <li><a href=\"/politics\">Politics</a></li></ul></nav>\n\
         <article>\n<h1>{t}</h1>\n<p class=\"byline\">By {b}</p>\n",
        t = escape_html(&a.title),
        n = escape_html(&o.name),
        d = a.date,
        b = escape_html(&a.byline),
    );
    for p in &a.paragraphs {
        let _ = writeln!(s, "<p>{}</p>", escape_html(p));
    }
    let _ = write!(
        s,
        "</article>\n<aside><h2>Most read</h2><ul><li><a href=\"/a\">Council weighs bridge repairs</a></li>\
         <li><a href=\"/b\">Ferry line gets new boats</a></li></ul></aside>\n\
         <footer><p>© 2024 {}. All rights reserved.</p></footer>\n</body></html>\n",
        escape_html(&o.name)
    );
    s
}

fn as_record(a: &Article, o: &Outlet, id: &str) -> String {
    let v = serde_json::json!({
        "id": id,
        "title": a.title,
        "date": a.date,
        "outlet": o.name,
        "text": a.paragraphs.join("\n\n"),
    });
    v.to_string() + "\n"
}

/// Records per JSONL file.
const RECORDS_PER_FILE: usize = 200;
/// Files per folder, so no folder grows unwieldy.
const FILES_PER_FOLDER: u64 = 1000;

fn write_file(path: &Path, content: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("write {}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sources = load_sources(&args.sources)?;
    let outlets = outlets();
    let fresh = Fresh {
        percent: args.fresh_words.min(100),
        vocabulary: match args.fresh_words {
            0 => Vec::new(),
            _ => vocabulary(&sources),
        },
    };
    if args.out.exists() {
        std::fs::remove_dir_all(&args.out)
            .with_context(|| format!("remove {}", args.out.display()))?;
    }
    let target = args.size_mb * 1_000_000;
    let mut rng = Rng(args.seed);
    let (mut written, mut k, mut files) = (0u64, 0u64, 0u64);
    let mut records = String::new();
    let mut n_records = 0usize;
    let mut feed = 0u64;
    while written < target {
        // 3 in 100 are reprints: an earlier article with one paragraph changed.
        let mut a = if k > 10 && rng.chance(3) {
            let mut a = article(
                rng.below(k as usize) as u64,
                args.seed,
                &sources,
                outlets.len(),
                &fresh,
            );
            let other = &sources[rng.below(sources.len())];
            let i = rng.below(a.paragraphs.len());
            a.paragraphs[i] = other.paragraphs[rng.below(other.paragraphs.len())].clone();
            a
        } else {
            article(k, args.seed, &sources, outlets.len(), &fresh)
        };
        a.outlet %= outlets.len();
        let o = &outlets[a.outlet];
        let folder = format!("{}/{:04}", o.slug, files / FILES_PER_FOLDER);
        let bytes = match rng.below(10) {
            // 1 in 10 a web page, 1 in 10 a JSONL record, the rest text scrapes.
            0 => {
                let html = as_html(&a, o);
                write_file(
                    &args.out.join(format!("{folder}/{k:07}.html")),
                    html.as_bytes(),
                )?;
                files += 1;
                html.len()
            }
            1 => {
                let rec = as_record(&a, o, &format!("feed-{k:07}"));
                records.push_str(&rec);
                n_records += 1;
                if n_records == RECORDS_PER_FILE {
                    let path = args.out.join(format!("feeds/{feed:05}.jsonl"));
                    write_file(&path, std::mem::take(&mut records).as_bytes())?;
                    n_records = 0;
                    feed += 1;
                }
                rec.len()
            }
            _ => {
                let text = as_text(&a, o);
                write_file(
                    &args.out.join(format!("{folder}/{k:07}.txt")),
                    text.as_bytes(),
                )?;
                files += 1;
                text.len()
            }
        };
        written += bytes as u64;
        k += 1;
    }
    if !records.is_empty() {
        write_file(
            &args.out.join(format!("feeds/{feed:05}.jsonl")),
            records.as_bytes(),
        )?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{}: {} articles, {:.1} MB, from {} source articles (seed {}, {}% fresh words)",
        args.out.display(),
        k,
        written as f64 / 1e6,
        sources.len(),
        args.seed,
        fresh.percent
    )?;
    Ok(())
}
