//! The rule language as written in `rules/*.yaml`: plain serde types with
//! `deny_unknown_fields`, so that a typo is an error, never ignored.
//! [`super::compile`](fn@super::compile) turns these into checked types.

use crate::model::Qualifier;
use serde::{Deserialize, Deserializer, Serialize};

/// One YAML rule file. Every section is optional; files are merged in load
/// order and later definitions override earlier ones with the same id.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Global knobs (windows, thresholds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsSpec>,
    /// Qualifier phrases ("at least", "over", "or more").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifiers: Vec<QualifierSpec>,
    /// What can be counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindSpec>,
    /// Whose count: noun lexicons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSpec>,
    /// Explicit regex patterns for idioms the frames miss.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idioms: Vec<IdiomSpec>,
    /// Enumerations counted as a number ("an alliance of A, B and C").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<ListSpec>,
    /// How a figure is tied to another event than its article's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<EventSpec>,
    /// How the source of a figure is found ("X said", "according to X").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<AttributionSpec>,
    /// Known outlets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlets: Vec<OutletSpec>,
    /// Patterns that name the outlet in the text ("© Provided by X").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlet_patterns: Vec<PatternSpec>,
    /// Page furniture to strip before extraction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boilerplate: Vec<PatternSpec>,
}

/// Global settings; every field optional, defaults in code.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsSpec {
    /// Containment of shared shingles at or above which two documents are
    /// copies of one story (0..1).
    pub near_duplicate_threshold: Option<f64>,
    /// How many non-empty lines at the top of an article are its header.
    pub header_lines: Option<usize>,
    /// Words before a number searched for a trigger.
    pub window_before: Option<usize>,
    /// Words after a number searched for a trigger.
    pub window_after: Option<usize>,
    /// Words after a number in which the counted noun must start.
    pub noun_window: Option<usize>,
    /// Default relative tolerance for approximate figures ("about 500").
    pub tolerance: Option<f64>,
    /// Words that end with a dot without ending a sentence ("Jan", "Mr").
    #[serde(default, deserialize_with = "optional_words")]
    pub abbreviations: Option<Vec<String>>,
    /// Words that end a counted noun phrase ("were", "with").
    #[serde(default, deserialize_with = "optional_words")]
    pub noun_stops: Option<Vec<String>>,
    /// Words after a number that count no people, in either number: units
    /// of time and measure ("killed 3 *days*", "one *week* later"), "more".
    #[serde(default, deserialize_with = "optional_words")]
    pub not_counted: Option<Vec<String>>,
    /// Words allowed between a trigger before a number and the number.
    #[serde(default, deserialize_with = "optional_words")]
    pub before_links: Option<Vec<String>>,
    /// Words allowed between the counted noun (or the number) and a
    /// trigger after it ("were", "had been").
    #[serde(default, deserialize_with = "optional_words")]
    pub after_links: Option<Vec<String>>,
    /// First words of comma-delimited asides skipped between a noun and
    /// its trigger (", including foreigners,").
    #[serde(default, deserialize_with = "optional_words")]
    pub aside_words: Option<Vec<String>>,
    /// Prepositions of a place phrase skipped between a counted noun and
    /// its trigger after it, when the phrase's number counts nobody ("10,000
    /// people [from seven villages] were evacuated").
    #[serde(default, deserialize_with = "optional_words")]
    pub place_words: Option<Vec<String>>,
    /// Words that introduce a part of the figure before ("including 19
    /// police officers").
    #[serde(default, deserialize_with = "optional_words")]
    pub part_words: Option<Vec<String>>,
    /// Phrases that say a count is not complete ("still searching"): an
    /// exact figure of a kind that only grows, with one of them in its part
    /// of the sentence, is at least that many.
    #[serde(default, deserialize_with = "optional_words")]
    pub incomplete_phrases: Option<Vec<String>>,
    /// Words that say a count changed ("rose", "down from"): with one of
    /// them earlier in the sentence, a `change_causes` phrase opens what
    /// the count changed by.
    #[serde(default, deserialize_with = "optional_words")]
    pub change_words: Option<Vec<String>>,
    /// Phrases that, after a `change_words` word, open the cause of the
    /// change ("rose to 17 after two guests died"): the figures after them
    /// are what the count changed by, not counts.
    #[serde(default, deserialize_with = "optional_words")]
    pub change_causes: Option<Vec<String>>,
    /// Verbs that, before a `count_nouns` noun and "to" right before a
    /// figure, give it as risen ("bringing the number of people in custody
    /// to six").
    #[serde(default, deserialize_with = "optional_words")]
    pub raise_verbs: Option<Vec<String>>,
    /// Nouns of a count, for `raise_verbs` ("number", "total", "tally").
    #[serde(default, deserialize_with = "optional_words")]
    pub count_nouns: Option<Vec<String>>,
    /// Phrases that give the one figure of their sentence as lowered ("8
    /// were still missing, revising down its earlier figure").
    #[serde(default, deserialize_with = "optional_words")]
    pub lowering_phrases: Option<Vec<String>>,
    /// Phrases that, right after a figure's quote, make it a rate, not a
    /// count ("carrying 23 million passengers *a day*").
    #[serde(default, deserialize_with = "optional_words")]
    pub rate_phrases: Option<Vec<String>>,
    /// Phrases that give a figure as an earlier one ("earlier",
    /// "initially"): within one article, a figure so given and another
    /// source's different one are a revision, not a conflict.
    #[serde(default, deserialize_with = "optional_words")]
    pub earlier_words: Option<Vec<String>>,
    /// Phrases that, after a figure, name the higher earlier one it fell
    /// from: the figure before them is given as lowered ("38 remain in
    /// hospital, *down from* 41").
    #[serde(default, deserialize_with = "optional_words")]
    pub lowered_from: Option<Vec<String>>,
    /// Phrases that, after a figure, name the lower earlier one it rose
    /// from: the figure before them is given as risen ("11 injured, *up
    /// from* seven").
    #[serde(default, deserialize_with = "optional_words")]
    pub raised_from: Option<Vec<String>>,
    /// Verbs that, right before a trigger of a people kind, count the
    /// people named with "a"/"an" before them, one each ("A 41-year-old man
    /// *has been* arrested"; "A police officer and a guard *were* killed").
    #[serde(default, deserialize_with = "optional_words")]
    pub implicit_count_verbs: Option<Vec<String>>,
    /// Singular nouns of one person no group lists, which such a count may
    /// name ("man", "woman", "journalist"); a group's terms may always.
    #[serde(default, deserialize_with = "optional_words")]
    pub people_nouns: Option<Vec<String>>,
    /// Verbs that count the people named after them, each with a
    /// determiner ("Police arrested *the* ferry's captain, *his* deputy and
    /// *the* ticket clerk": 3); each must be a trigger of a people kind.
    #[serde(default, deserialize_with = "optional_words")]
    pub object_count_verbs: Option<Vec<String>>,
    /// Phrases that, right before a figure no rule reads, give it as the
    /// figure just given again, by another source or later ("the MP told
    /// GBN *the figure was* more than 60"): it takes the kind and group of
    /// the article's claim just before it.
    #[serde(default, deserialize_with = "optional_words")]
    pub restating_phrases: Option<Vec<String>>,
}

/// Phrases that set one qualifier.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierSpec {
    /// The qualifier these phrases set.
    pub id: Qualifier,
    /// Phrases written before the number ("at least").
    #[serde(default, deserialize_with = "words")]
    pub before: Vec<String>,
    /// Phrases written after the number ("or more").
    #[serde(default, deserialize_with = "words")]
    pub after: Vec<String>,
}

/// What a kind counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counts {
    /// People: the counted noun is a group term (police, people, …).
    People,
    /// Things named by the kind's own `nouns`.
    Things,
}

/// How a figure may change over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only grows (tolls): a later lower figure is a conflict.
    Grows,
    /// May go either way: a later different figure is an update.
    Any,
    /// Never changes: any difference is a conflict.
    Fixed,
}

/// A claim kind.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    /// Identifier (`killed`).
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    /// One line for humans.
    #[serde(default)]
    pub description: Option<String>,
    /// People (noun from the group lexicons) or things (noun from `nouns`).
    pub counts: Counts,
    /// Nouns that name what is counted, for `counts: things`.
    #[serde(default, deserialize_with = "words")]
    pub nouns: Vec<String>,
    /// Words near the number that decide the kind ("killed", "death toll").
    #[serde(default, deserialize_with = "words")]
    pub triggers: Vec<String>,
    /// Triggers that count only a figure after them: the bare verbs of
    /// headlines ("Gunmen *kill* 12", "Troops *rescue* 38"), which after a
    /// figure are no verb of it ("two *rescue* ships").
    #[serde(default, deserialize_with = "words")]
    pub triggers_before: Vec<String>,
    /// How the figure may change over time.
    pub change: Change,
    /// Relative tolerance for approximate figures (overrides the setting).
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Unit shown in reports (people, aircraft, USD).
    #[serde(default)]
    pub unit: Option<String>,
    /// For things: the group is an organisation named in the sentence.
    /// For people: the group named by the counted noun.
    #[serde(default)]
    pub default_group: Option<String>,
    /// For things: read the figure only when an organisation group is
    /// named in the same sentence ("six states" of what?).
    #[serde(default)]
    pub needs_organisation: bool,
    /// For people: a share of another count ("seven of them", after "31
    /// people were injured") read by this kind's trigger after it is a
    /// figure of this kind ("seven of them remain in critical condition").
    #[serde(default)]
    pub from_shares: bool,
    /// Self-tests.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}

/// The role of a group lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupRole {
    /// Counted people ("18 security officers").
    People,
    /// An organisation named in the sentence ("the CSTO has deployed").
    Organisation,
}

/// A group: whose count.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Identifier (`security_forces`).
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    /// One line for humans.
    #[serde(default)]
    pub description: Option<String>,
    /// People counted, or an organisation named.
    pub role: GroupRole,
    /// Synonyms; all-capital terms (acronyms) match case-sensitively.
    #[serde(default, deserialize_with = "words")]
    pub terms: Vec<String>,
    /// The group this one's figures add up into (`total`).
    #[serde(default)]
    pub part_of: Option<String>,
}

/// An explicit pattern.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IdiomSpec {
    /// Identifier.
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    /// The kind it produces.
    pub kind: String,
    /// The group it produces; else `{group}` in the pattern, else the
    /// kind's default.
    #[serde(default)]
    pub group: Option<String>,
    /// Regex (case-insensitive) with placeholders `{quantity}` (required:
    /// the figure with its qualifier) and `{group}` (any people term).
    pub pattern: String,
    /// Self-tests.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}

/// An enumeration of names counted as a number.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListSpec {
    /// Identifier.
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    /// The kind it produces.
    pub kind: String,
    /// Phrases that introduce a complete enumeration ("alliance of").
    #[serde(deserialize_with = "words")]
    pub intro: Vec<String>,
    /// Fewest items that make a list.
    #[serde(default)]
    pub min_items: Option<usize>,
    /// Self-tests.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}

/// Event scoping.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// Words that date a figure to a year when they stand before it,
    /// optionally with a month between ("in December 2011").
    #[serde(default, deserialize_with = "words")]
    pub year_markers: Vec<String>,
    /// Words that, after a year and a comma, start a clause about that year
    /// ("the worst since 2009, when 96 people drowned").
    #[serde(default, deserialize_with = "words")]
    pub year_clauses: Vec<String>,
    /// Words that, starting a sentence right before a year and a word, make
    /// the year that of what the sentence tells ("The 2019 fire killed 85
    /// people").
    #[serde(default, deserialize_with = "words")]
    pub year_subjects: Vec<String>,
    /// Words that start a relative clause after a subject word, a year and
    /// up to six words, anywhere in the sentence, making the year that of
    /// what the clause tells ("since a 2019 shooting in Easton that killed
    /// 12 people", "the 2011 crash, which killed 43").
    #[serde(default, deserialize_with = "words")]
    pub year_relatives: Vec<String>,
    /// Words that name a past event by its year right before a relative
    /// clause ("the MV Nyerere disaster *of* 2018, in which 228 people
    /// died"): the year is that of what the clause tells.
    #[serde(default, deserialize_with = "words")]
    pub year_of: Vec<String>,
    /// Words that, after a comma, open a clause that a subject word, a year
    /// and a word then date, as at a sentence's start ("…, and a 2011 blaze
    /// at a hospital killed 89"): only the figures after the year move to it.
    #[serde(default, deserialize_with = "words")]
    pub year_joins: Vec<String>,
    /// Words that, before a year, start a period that runs to now ("have
    /// killed thousands since 2011"): a running total of another event,
    /// unless a `year_comparisons` word stands before them in the sentence.
    #[serde(default, deserialize_with = "words")]
    pub year_periods: Vec<String>,
    /// Words that make a `year_periods` year a comparison ("the deadliest
    /// since 2011"), which dates nothing.
    #[serde(default, deserialize_with = "words")]
    pub year_comparisons: Vec<String>,
    /// Phrases that date a sentence to the year before its article's
    /// publication ("More than 2,000 people died crossing the sea last
    /// year").
    #[serde(default, deserialize_with = "words")]
    pub last_year: Vec<String>,
    /// Words after a count of years or decades that count them back from
    /// the article's publication ("Seven years ago, 52 people died": the
    /// year seven before publication).
    #[serde(default, deserialize_with = "words")]
    pub years_ago: Vec<String>,
    /// Words after a count of years or decades that count them back from
    /// the article's publication for the figures after them only ("six
    /// years after a dam burst, killing 270").
    #[serde(default, deserialize_with = "words")]
    pub years_after: Vec<String>,
    /// Regexes with a named group `place` that name where another event
    /// happened; the first that matches the sentence names the event.
    #[serde(default)]
    pub place_patterns: Vec<String>,
}

/// Attribution cues.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionSpec {
    /// Reporting verbs after the source ("said", "told").
    #[serde(default, deserialize_with = "words")]
    pub verbs: Vec<String>,
    /// Phrases before the source ("according to").
    #[serde(default, deserialize_with = "words")]
    pub before: Vec<String>,
    /// Verbs of the form "cited X as saying".
    #[serde(default, deserialize_with = "words")]
    pub cited: Vec<String>,
    /// Titles that, followed by a name, let "the Kazakh president" stand
    /// for that name later in the article.
    #[serde(default, deserialize_with = "words")]
    pub titles: Vec<String>,
}

/// A known outlet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutletSpec {
    /// Display name; also the id for overriding.
    #[serde(deserialize_with = "null_as_empty")]
    pub name: String,
    /// Domains without `www.`.
    #[serde(default, deserialize_with = "words")]
    pub domains: Vec<String>,
    /// Literal dateline markers ("(Xinhua)").
    #[serde(default, deserialize_with = "words")]
    pub datelines: Vec<String>,
}

/// An identified regex.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// Identifier.
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    /// Regex.
    pub pattern: String,
}

/// A rule's self-test: a text and the claims it must give.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// The text to read.
    pub text: String,
    /// The claims it must give; empty means it must give none.
    #[serde(default)]
    pub expect: Vec<ExpectedClaim>,
}

/// One expected claim of an example.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedClaim {
    /// Kind id.
    pub kind: String,
    /// Group id.
    pub group: String,
    /// Qualifier (default exact).
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    /// The stated value.
    pub value: f64,
    /// High end of a range.
    #[serde(default)]
    pub value_max: Option<f64>,
    /// Whether the figure is given as a lowering of an earlier one (an
    /// idiom's `lowered` group took part); not checked when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowered: Option<bool>,
    /// Whether the figure is given as a rise from an earlier one (an
    /// idiom's `raised` group took part); not checked when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised: Option<bool>,
}

/// A list of words in which a YAML null (`~`, a bare `null`, or nothing
/// after `-`) is kept as an empty word, which the compiler reports at its
/// place as it does `''`. Read as a string, as serde_yaml reads a plain
/// scalar, `~` would have been the word "~" and `null` the word "null".
/// A string that may be written as YAML's null (`~`, `null`, nothing): an
/// empty string then, which the rule compiler reports as a blank id, where
/// serde would read `~` as the id "~".
fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// [`words`] for a list that may be left out: a YAML null in it (`~`,
/// `null`) is an empty word, which the rule compiler reports.
fn optional_words<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let words: Option<Vec<Option<String>>> = Option::deserialize(d)?;
    Ok(words.map(|w| w.into_iter().map(Option::unwrap_or_default).collect()))
}

fn words<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let words: Vec<Option<String>> = Vec::deserialize(d)?;
    Ok(words.into_iter().map(Option::unwrap_or_default).collect())
}
