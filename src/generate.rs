//! A deterministic corpus generator for benchmarks and scale tests.
//!
//! From the sentences of the bundled articles it composes any number of
//! realistic documents: sentences recombined, figures varied (×0.5–2,
//! keeping their written form), qualifiers swapped ("at least" ↔ "more
//! than" ↔ "about"…), outlets, dates and events varied (other countries,
//! cities, leaders and years, so alignment has many topics), and about one
//! document in 25 a trimmed copy of a recent one (so near-duplicate
//! detection has work). The same seed gives byte-identical documents on
//! every machine; nothing reads the clock or the environment.
//!
//! [`Generator`] is an iterator, so a caller can write a million documents
//! in constant memory.

// Indices are drawn below the length of the constant, non-empty tables and
// pools they pick from (`Rng::below(len)`).
#![allow(clippy::indexing_slicing)]

use crate::extract::text::sentences;
use crate::quantity::{scan_numbers, NumberForm};
use chrono::{Days, NaiveDate};

/// The bundled articles the sentences come from.
const SOURCES: [&str; 5] = [
    include_str!("../corpus/kazakhstan-2022/000_bfbfe2e5bbf9f5fe.txt"),
    include_str!("../corpus/kazakhstan-2022/001_9fe7e48c4840678f.txt"),
    include_str!("../corpus/kazakhstan-2022/002_540bc40392fe7a63.txt"),
    include_str!("../corpus/kazakhstan-2022/003_257f5d5333b407ac.txt"),
    include_str!("../corpus/kazakhstan-2022/004_6215933f19a96aa9.txt"),
];

/// (country, demonym, city, leader) for the places events happen in.
const PLACES: [(&str, &str, &str, &str); 16] = [
    ("Kazakhstan", "Kazakh", "Almaty", "Tokayev"),
    ("Kyrgyzstan", "Kyrgyz", "Bishkek", "Japarov"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Mirziyoyev"),
    ("Tajikistan", "Tajik", "Dushanbe", "Rahmon"),
    ("Armenia", "Armenian", "Yerevan", "Pashinyan"),
    ("Georgia", "Georgian", "Tbilisi", "Garibashvili"),
    ("Belarus", "Belarusian", "Minsk", "Lukashenko"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Aliyev"),
    ("Mongolia", "Mongolian", "Ulaanbaatar", "Khurelsukh"),
    ("Moldova", "Moldovan", "Chisinau", "Sandu"),
    ("Turkmenistan", "Turkmen", "Ashgabat", "Berdimuhamedov"),
    ("Serbia", "Serbian", "Belgrade", "Vucic"),
    ("Bolivia", "Bolivian", "La Paz", "Arce"),
    ("Peru", "Peruvian", "Lima", "Castillo"),
    ("Sri Lanka", "Sri Lankan", "Colombo", "Rajapaksa"),
    ("Ecuador", "Ecuadorian", "Quito", "Lasso"),
];

/// Years events happen in.
const YEARS: [i32; 6] = [2018, 2019, 2020, 2021, 2022, 2023];

/// (outlet, domain); the first nine are in the built-in outlet rules.
const OUTLETS: [(&str, &str); 24] = [
    ("South China Morning Post", "scmp.com"),
    ("Xinhua", "english.news.cn"),
    ("The Guardian", "theguardian.com"),
    ("The Jerusalem Post", "jpost.com"),
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("BBC", "bbc.com"),
    ("Al Jazeera", "aljazeera.com"),
    ("Eurasianet", "eurasianet.org"),
    ("The Daily Ledger", "dailyledger.example"),
    ("Morning Courier", "morningcourier.example"),
    ("Global Wire", "globalwire.example"),
    ("The Evening Post", "eveningpost.example"),
    ("Steppe Times", "steppetimes.example"),
    ("Capital Herald", "capitalherald.example"),
    ("World Dispatch", "worlddispatch.example"),
    ("The Observer Today", "observertoday.example"),
    ("Regional Monitor", "regionalmonitor.example"),
    ("News Network One", "nn1.example"),
    ("The Independent Voice", "independentvoice.example"),
    ("Frontier Report", "frontierreport.example"),
    ("City Gazette", "citygazette.example"),
    ("Daily Chronicle", "dailychronicle.example"),
    ("The Review", "thereview.example"),
];

/// Qualifier phrases swapped for one another.
const QUALIFIERS: [&str; 6] = ["at least", "more than", "about", "nearly", "over", "up to"];

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// SplitMix64: a small, fast, well-mixed deterministic generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// One generated article with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedDoc {
    /// Unique id (`g0000042`), also the file stem.
    pub id: String,
    /// Outlet name.
    pub outlet: String,
    /// Article URL.
    pub url: String,
    /// Publication date.
    pub published: NaiveDate,
    /// Event id (`kyrgyzstan-2021`).
    pub event: String,
    /// True when the metadata is in front matter; false when the text
    /// carries it in a URL line and a date line, as scraped pages do.
    pub front_matter: bool,
    /// The article body.
    pub body: String,
}

impl GeneratedDoc {
    /// The article as a file: front matter (always with the event) and
    /// either the rest of the metadata in it or a scraped-page header.
    pub fn file_text(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 256);
        out.push_str("---\nevent: ");
        out.push_str(&self.event);
        out.push('\n');
        if self.front_matter {
            out.push_str(&format!("outlet: {}\nurl: {}\npublished: {}\n---\n", self.outlet, self.url, self.published));
        } else {
            out.push_str("---\n");
            out.push_str(&self.header());
        }
        out.push_str(&self.body);
        out
    }

    /// The article as one JSON Lines record (with its trailing newline).
    pub fn jsonl(&self) -> String {
        let mut record = serde_json::Map::new();
        record.insert("id".into(), self.id.clone().into());
        record.insert("event".into(), self.event.clone().into());
        if self.front_matter {
            record.insert("outlet".into(), self.outlet.clone().into());
            record.insert("url".into(), self.url.clone().into());
            record.insert("published".into(), self.published.to_string().into());
            record.insert("text".into(), self.body.clone().into());
        } else {
            record.insert("text".into(), format!("{}{}", self.header(), self.body).into());
        }
        let mut line = serde_json::Value::Object(record).to_string();
        line.push('\n');
        line
    }

    fn header(&self) -> String {
        use chrono::Datelike;
        let month = MONTHS.get(self.published.month0() as usize).copied().unwrap_or("Jan");
        format!("{}\n{} {}, {}\n", self.url, self.published.day(), month, self.published.year())
    }
}

/// An event: where and when.
#[derive(Debug, Clone)]
struct Event {
    id: String,
    place: usize,
    year: i32,
    start: NaiveDate,
}

/// Generates documents; see the module docs.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    pool: Vec<String>,
    events: Vec<Event>,
    recent: Vec<GeneratedDoc>,
    next: usize,
    total: usize,
}

/// How many recent documents copies are drawn from.
const RECENT: usize = 64;

impl Generator {
    /// A generator of `docs` documents from `seed`.
    pub fn new(docs: usize, seed: u64) -> Self {
        let mut pool = Vec::new();
        for src in SOURCES {
            for line in src.lines() {
                let trimmed = line.trim();
                if trimmed.starts_with("http") || trimmed.split_whitespace().count() < 6 {
                    continue;
                }
                for s in sentences(trimmed, &[]) {
                    if let Some(sentence) = trimmed.get(s) {
                        if sentence.split_whitespace().count() >= 5 {
                            pool.push(sentence.to_string());
                        }
                    }
                }
            }
        }
        let mut rng = Rng::new(seed);
        let mut events = Vec::new();
        for (place, _) in PLACES.iter().enumerate() {
            for &year in &YEARS {
                let start = NaiveDate::from_ymd_opt(year, 1 + (rng.below(12) as u32), 1 + rng.below(20) as u32).unwrap_or(NaiveDate::MIN);
                let slug = PLACES[place].0.to_lowercase().replace(' ', "-");
                events.push(Event { id: format!("{slug}-{year}"), place, year, start });
            }
        }
        Generator { rng, pool, events, recent: Vec::with_capacity(RECENT), next: 0, total: docs }
    }

    fn compose(&mut self, id: String) -> GeneratedDoc {
        // A third of the documents are about the bundled event, the rest
        // spread over the others.
        let event = if self.rng.chance(0.3) {
            self.events.iter().find(|e| e.id == "kazakhstan-2022").cloned().unwrap_or_else(|| self.events[0].clone())
        } else {
            self.events[self.rng.below(self.events.len())].clone()
        };
        let (outlet, domain) = OUTLETS[self.rng.below(OUTLETS.len())];
        let published = event.start.checked_add_days(Days::new(self.rng.below(8) as u64)).unwrap_or(event.start);
        let n = 14 + self.rng.below(24);
        let mut body = String::with_capacity(n * 180);
        let mut paragraph = 0;
        for _ in 0..n {
            let s = self.pool[self.rng.below(self.pool.len())].clone();
            let s = self.vary(&s, &event);
            body.push_str(&s);
            paragraph += 1;
            if paragraph > self.rng.below(3) {
                body.push('\n');
                paragraph = 0;
            } else {
                body.push(' ');
            }
        }
        if !body.ends_with('\n') {
            body.push('\n');
        }
        let url = format!("https://www.{domain}/news/{}/{id}", published.format("%Y/%m/%d"));
        GeneratedDoc { id, outlet: outlet.to_string(), url, published, event: event.id, front_matter: self.rng.chance(0.6), body }
    }

    /// A sentence moved to `event`, with figures and qualifiers varied.
    fn vary(&mut self, sentence: &str, event: &Event) -> String {
        let (country, demonym, city, leader) = PLACES[event.place];
        let mut s = sentence.to_string();
        if event.place != 0 {
            s = s.replace("Kazakhstan", country).replace("Kazakh", demonym).replace("Almaty", city).replace("Tokayev", leader);
        }
        if event.year != 2022 {
            s = s.replace("2022", &event.year.to_string());
        }
        for q in QUALIFIERS {
            let Some(at) = find_word(&s, q) else { continue };
            if self.rng.chance(0.5) {
                let with = QUALIFIERS[self.rng.below(QUALIFIERS.len())];
                s.replace_range(at..at + q.len(), with);
            }
            break;
        }
        // Figures written in digits are scaled by 0.5–2, keeping their form.
        let mut out = String::with_capacity(s.len() + 8);
        let mut last = 0;
        for m in scan_numbers(&s) {
            if m.form != NumberForm::Count || m.in_words || m.currency_sign || m.quantity.value_max.is_some() {
                continue;
            }
            let Some(raw) = s.get(m.span.clone()) else { continue };
            let digits: String = raw.chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
            if digits.is_empty() || digits.contains(",,") {
                continue;
            }
            let value = m.quantity.value;
            if value >= 1e6 || value.fract() != 0.0 {
                continue;
            }
            let factor = 0.5 + self.rng.below(151) as f64 / 100.0;
            let new = ((value * factor).round() as u64).max(1);
            out.push_str(s.get(last..m.span.start).unwrap_or(""));
            out.push_str(&if digits.contains(',') { with_commas(new) } else { new.to_string() });
            last = m.span.start + digits.len();
        }
        out.push_str(s.get(last..).unwrap_or(""));
        out
    }

    /// A trimmed copy of `original` under another outlet: a syndicated story.
    fn copy_of(&mut self, original: &GeneratedDoc, id: String) -> GeneratedDoc {
        let lines: Vec<&str> = original.body.lines().collect();
        let drop = self.rng.below(lines.len().max(1));
        let body: String = lines.iter().enumerate().filter(|(i, _)| *i != drop || lines.len() < 4).map(|(_, l)| format!("{l}\n")).collect();
        let (outlet, domain) = OUTLETS[self.rng.below(OUTLETS.len())];
        let published = original.published.checked_add_days(Days::new(self.rng.below(2) as u64)).unwrap_or(original.published);
        GeneratedDoc {
            url: format!("https://www.{domain}/news/{}/{id}", published.format("%Y/%m/%d")),
            id,
            outlet: outlet.to_string(),
            published,
            event: original.event.clone(),
            front_matter: self.rng.chance(0.6),
            body,
        }
    }
}

/// Byte offset of the first whole-word occurrence of `word` in `s`.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    s.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = i.checked_sub(1).and_then(|b| bytes.get(b)).is_none_or(|b| !b.is_ascii_alphanumeric());
        let after = bytes.get(i + word.len()).is_none_or(|b| !b.is_ascii_alphanumeric());
        before && after
    })
}

/// `1234567` → `1,234,567`.
fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Iterator for Generator {
    type Item = GeneratedDoc;

    fn next(&mut self) -> Option<GeneratedDoc> {
        if self.next >= self.total {
            return None;
        }
        let id = format!("g{:07}", self.next);
        self.next += 1;
        let doc = if !self.recent.is_empty() && self.rng.chance(0.04) {
            let original = self.recent[self.rng.below(self.recent.len())].clone();
            self.copy_of(&original, id)
        } else {
            self.compose(id)
        };
        if self.recent.len() < RECENT {
            self.recent.push(doc.clone());
        } else {
            let slot = self.rng.below(RECENT);
            self.recent[slot] = doc.clone();
        }
        Some(doc)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.total - self.next;
        (left, Some(left))
    }
}

/// Where [`Generator::new`]'s documents go on disk: `DIR/dNNN/ID.txt`, a
/// thousand documents per folder.
pub fn file_path(dir: &std::path::Path, index: usize, id: &str) -> std::path::PathBuf {
    dir.join(format!("d{:03}", index / 1000)).join(format!("{id}.txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let a: Vec<GeneratedDoc> = Generator::new(300, 7).collect();
        let b: Vec<GeneratedDoc> = Generator::new(300, 7).collect();
        assert_eq!(a, b);
        let c: Vec<GeneratedDoc> = Generator::new(300, 8).collect();
        assert_ne!(a, c);
        let events: std::collections::BTreeSet<&str> = a.iter().map(|d| d.event.as_str()).collect();
        assert!(events.len() > 20, "{events:?}");
        let outlets: std::collections::BTreeSet<&str> = a.iter().map(|d| d.outlet.as_str()).collect();
        assert!(outlets.len() > 15);
        let mean = a.iter().map(|d| d.body.len()).sum::<usize>() / a.len();
        assert!((2000..8000).contains(&mean), "mean body {mean} bytes");
        assert!(a[0].file_text().starts_with("---\nevent: "));
        let v: serde_json::Value = serde_json::from_str(&a[1].jsonl()).unwrap();
        assert_eq!(v["id"], "g0000001");
    }

    #[test]
    fn commas() {
        assert_eq!(with_commas(1234567), "1,234,567");
        assert_eq!(with_commas(999), "999");
        assert_eq!(with_commas(1000), "1,000");
        assert_eq!(find_word("the government said over 5", "over"), Some(20));
    }
}
