//! Loading articles: files and folders, YAML front matter, `manifest.yaml`,
//! metadata read from the text, boilerplate masking and near-duplicate
//! detection.
//!
//! Metadata comes from three places, highest priority first:
//! 1. YAML front matter at the top of the file (`front_matter.rs`);
//! 2. the `manifest.yaml` of the file's folder (`manifest.rs`);
//! 3. the text itself (`header.rs`): a URL line, a dateline marker, a date
//!    line, an "© Provided by …" credit, the first line as title.
//!
//! Nothing here fails as a whole: unusable files become [`Skipped`], odd
//! metadata becomes a warning, and the rest is still loaded.

mod duplicates;
mod front_matter;
mod header;
mod load;
mod manifest;
mod mask;

pub use duplicates::mark_near_duplicates;

use chrono::NaiveDate;
use regex::Regex;
use std::path::PathBuf;

/// What the corpus loader needs from the rules.
#[derive(Debug, Clone)]
pub struct CorpusConfig {
    /// Boilerplate patterns (id, regex). Every match is masked out.
    pub boilerplate: Vec<(String, Regex)>,
    /// Known outlets by domain and dateline marker.
    pub outlets: Vec<OutletRule>,
    /// Patterns whose named group `outlet` names the outlet
    /// ("© Provided by The Guardian").
    pub outlet_patterns: Vec<Regex>,
    /// Containment (shared shingles / shingles of the smaller document)
    /// at or above which two documents are copies of one story.
    pub near_duplicate_threshold: f64,
    /// How many non-empty lines at the top count as the header, where a
    /// URL line or a dateline gives metadata.
    pub header_lines: usize,
}

/// A known outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletRule {
    /// Display name ("South China Morning Post").
    pub name: String,
    /// Domains, without `www.` ("scmp.com").
    pub domains: Vec<String>,
    /// Literal dateline markers ("(Xinhua)").
    pub datelines: Vec<String>,
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The path as given.
    pub path: PathBuf,
    /// Why it was skipped (one line).
    pub reason: String,
}

/// Metadata from one source (front matter, a manifest entry, the
/// manifest's folder-wide keys).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Meta {
    /// Outlet name.
    pub outlet: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Title.
    pub title: Option<String>,
    /// Event id.
    pub event: Option<String>,
    /// Explicit event year.
    pub event_year: Option<i32>,
}
