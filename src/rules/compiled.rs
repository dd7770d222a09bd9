//! The checked rule set the extractor and comparator run on.

use super::idiom_regex::IdiomRegex;
use super::lexicon::Lexicon;
use super::prefilter::Prefilter;
use super::spec::{Change, Counts, ExampleSpec, GroupRole};
use crate::corpus::CorpusConfig;
use crate::quantity::QualifierLexicon;
use regex::Regex;
use std::sync::OnceLock;

/// Where a rule was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File as shown to users.
    pub file: String,
    /// 1-based line of the rule's id (0 when unknown).
    pub line: usize,
}

/// Global knobs with defaults filled in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Near-duplicate containment threshold.
    pub near_duplicate_threshold: f64,
    /// Header lines.
    pub header_lines: usize,
    /// Words before a number searched for a trigger.
    pub window_before: usize,
    /// Words after a number searched for a trigger.
    pub window_after: usize,
    /// Words after a number in which the counted noun must start.
    pub noun_window: usize,
    /// Default tolerance for approximate figures.
    pub tolerance: f64,
    /// Lower-case words that end with a dot without ending a sentence.
    pub abbreviations: Vec<String>,
    /// Lower-case words that end a counted noun phrase.
    pub noun_stops: Vec<String>,
    /// Lower-case words after a number that count no people, in the
    /// singular ([`crate::nouns::singular`]) that a noun is compared in.
    pub not_counted: Vec<String>,
    /// Lower-case words allowed between a trigger before a number and it.
    pub before_links: Vec<String>,
    /// Lower-case words allowed between the counted noun and a trigger
    /// after it.
    pub after_links: Vec<String>,
    /// Lower-case first words of skippable asides.
    pub aside_words: Vec<String>,
    /// Lower-case prepositions of a place phrase ("from seven villages")
    /// skipped between a counted noun and its trigger after it.
    pub place_words: Vec<String>,
    /// Lower-case words introducing a part of the figure before.
    pub part_words: Vec<String>,
    /// Lower-case phrases, single-spaced, that say a count is not complete:
    /// an exact figure of a kind that only grows is at least that many
    /// ([`crate::extract::context::in_incomplete_count`]).
    pub incomplete_phrases: Vec<String>,
    /// Lower-case phrases, single-spaced, that say a count changed
    /// ([`crate::extract::context::in_cause_of_change`]).
    pub change_words: Vec<String>,
    /// Lower-case phrases, single-spaced, that open the cause of a change:
    /// the figures after them are increments, not counts.
    pub change_causes: Vec<String>,
    /// Matches, at the end of the text before a figure, a raise verb, a
    /// count noun and "to" (group `verb`): the figure is given as risen
    /// ([`crate::extract::context::given_as_risen`]).
    pub risen_before: Option<regex::Regex>,
    /// The raise verbs `risen_before` was built from.
    pub raise_verbs: Vec<String>,
    /// The count nouns `risen_before` was built from.
    pub count_nouns: Vec<String>,
    /// Lower-case phrases, single-spaced, that give the one figure of their
    /// sentence as lowered.
    pub lowering_phrases: Vec<String>,
    /// Lower-case phrases, single-spaced, that make the figure before them
    /// a rate, not a count ("23 million passengers *a day*").
    pub rate_phrases: Vec<String>,
    /// Lower-case phrases, single-spaced, that give a figure as an earlier
    /// one ("*earlier* the ministry had put the toll at 21"): two sources of
    /// one article that differ so are no conflict ([`crate::align`]).
    pub earlier_words: Vec<String>,
    /// Lower-case phrases, single-spaced, after which the figure before is
    /// given as lowered ("down from").
    pub lowered_from: Vec<String>,
    /// Lower-case phrases, single-spaced, after which the figure before is
    /// given as risen ("up from").
    pub raised_from: Vec<String>,
    /// Lower-case phrases, single-spaced: verbs that, right before a
    /// trigger of a people kind, count the people named with "a"/"an"
    /// before them ([`crate::extract::implicit`]).
    pub implicit_count_verbs: Vec<String>,
    /// Lower-case singular nouns of one person no group lists.
    pub people_nouns: Vec<String>,
    /// Lower-case verbs that count the people named after them, each with
    /// a determiner ([`crate::extract::implicit`]).
    pub object_count_verbs: Vec<String>,
    /// Lower-case phrases, single-spaced, that right before a figure no
    /// rule reads give it as the figure just given ("the figure was").
    pub restating_phrases: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            near_duplicate_threshold: 0.7,
            header_lines: 8,
            window_before: 6,
            window_after: 3,
            noun_window: 4,
            tolerance: 0.1,
            abbreviations: Vec::new(),
            noun_stops: Vec::new(),
            not_counted: Vec::new(),
            before_links: Vec::new(),
            after_links: Vec::new(),
            aside_words: Vec::new(),
            place_words: Vec::new(),
            part_words: Vec::new(),
            incomplete_phrases: Vec::new(),
            change_words: Vec::new(),
            change_causes: Vec::new(),
            risen_before: None,
            raise_verbs: Vec::new(),
            count_nouns: Vec::new(),
            lowering_phrases: Vec::new(),
            rate_phrases: Vec::new(),
            earlier_words: Vec::new(),
            lowered_from: Vec::new(),
            raised_from: Vec::new(),
            implicit_count_verbs: Vec::new(),
            people_nouns: Vec::new(),
            object_count_verbs: Vec::new(),
            restating_phrases: Vec::new(),
        }
    }
}

/// A checked claim kind.
#[derive(Debug, Clone)]
pub struct Kind {
    /// Id.
    pub id: String,
    /// Description.
    pub description: Option<String>,
    /// People or things.
    pub counts: Counts,
    /// Nouns for things.
    pub nouns: Vec<String>,
    /// Triggers.
    pub triggers: Vec<String>,
    /// Triggers before the figure only.
    pub triggers_before: Vec<String>,
    /// How the figure may change.
    pub change: Change,
    /// Tolerance for approximate figures.
    pub tolerance: f64,
    /// Unit.
    pub unit: Option<String>,
    /// Group when none is found.
    pub default_group: String,
    /// Only read when an organisation is named in the sentence.
    pub needs_organisation: bool,
    /// A share of another count read by this kind's trigger after it is a
    /// figure of this kind.
    pub from_shares: bool,
    /// Self-tests.
    pub examples: Vec<ExampleSpec>,
    /// Where defined.
    pub origin: Origin,
}

/// A checked group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Id.
    pub id: String,
    /// Description.
    pub description: Option<String>,
    /// People or organisation.
    pub role: GroupRole,
    /// Terms.
    pub terms: Vec<String>,
    /// The group this one adds up into.
    pub part_of: Option<String>,
    /// Where defined.
    pub origin: Origin,
}

/// A compiled idiom.
#[derive(Debug, Clone)]
pub struct Idiom {
    /// Id.
    pub id: String,
    /// Kind produced.
    pub kind: String,
    /// Fixed group, if any.
    pub group: Option<String>,
    /// The pattern as written.
    pub pattern: String,
    /// The expanded regex (named groups `quantity`, optional `group`).
    pub regex: IdiomRegex,
    /// Set when the pattern ends with `{group}`, which `regex` then stands
    /// as one character that can start a people term: a match holds only
    /// where a people term of the lexicon starts at the `group` capture,
    /// and runs to that term's end (checked by the extraction, which has
    /// the sentence's lexicon hits). `None` where `{group}` stands
    /// elsewhere (its terms are inlined in `regex`) or not at all.
    pub group_at_end: Option<GroupAtEnd>,
    /// The names of the pattern's groups that start with `lowered`
    /// (`lowered`, `lowered_from`…): when one takes part in a match, the
    /// figure is given as a lowering of an earlier one ("was revised down
    /// to 20", "225, down from 230"). A regex cannot name two groups alike,
    /// so a pattern with two places for such words names them apart.
    pub lowered_groups: Vec<String>,
    /// The names of the pattern's groups that start with `raised`: when one
    /// takes part in a match, the figure is given as a rise from an earlier
    /// one ("the toll rose to 17", "bringing the death toll to four").
    pub raised_groups: Vec<String>,
    /// A cheap superset of `regex`, asked once per document: most documents
    /// hold none of an idiom's words, and its `\b` makes the regex engine's
    /// fast DFA give up at a curly quote in each sentence it is run on.
    pub prefilter: Prefilter,
    /// Self-tests.
    pub examples: Vec<ExampleSpec>,
    /// Where defined.
    pub origin: Origin,
}

/// How an idiom whose pattern ends with `{group}` finds, from the start of
/// a match whose `group` holds no people term, the other places the
/// pattern can end at one ("lost 5 of their own soldiers", where the
/// figure's trailing `of` first puts `{group}` at "their").
#[derive(Debug, Clone)]
pub struct GroupAtEnd {
    /// The idiom's regex anchored at the end of the text (`(?:…)\z`).
    ending_pattern: String,
    /// Its regex, built the first time a match needs it: few do, and
    /// building it costs as much as the idiom's regex. `None` inside when
    /// it does not compile (it does wherever the idiom's regex does).
    ending: OnceLock<Option<IdiomRegex>>,
}

impl GroupAtEnd {
    /// For an idiom whose expanded regex is `expanded`.
    pub fn new(expanded: &str) -> Self {
        GroupAtEnd { ending_pattern: format!(r"(?:{expanded})\z"), ending: OnceLock::new() }
    }

    /// The idiom's regex anchored at the end of the text, built as the
    /// idiom's regex is (case-insensitive, multi-line); `None` when it
    /// does not compile.
    pub fn ending(&self) -> Option<&IdiomRegex> {
        self.ending.get_or_init(|| IdiomRegex::new(&self.ending_pattern, super::compile::REGEX_SIZE_LIMIT).ok()).as_ref()
    }
}

/// A list rule.
#[derive(Debug, Clone)]
pub struct ListRule {
    /// Id.
    pub id: String,
    /// Kind produced.
    pub kind: String,
    /// Intro phrases.
    pub intro: Vec<String>,
    /// Fewest items.
    pub min_items: usize,
    /// Self-tests.
    pub examples: Vec<ExampleSpec>,
    /// Where defined.
    pub origin: Origin,
}

/// Event scoping, compiled.
#[derive(Debug, Clone)]
pub struct EventScoping {
    /// Matches a marker, an optional month and a year (group `year`); a
    /// year, a comma and a clause word (group `clause_year`); a subject
    /// word, a year and a word at the start of a sentence (group
    /// `subject_year`); a subject word, a year, up to six words and a
    /// relative word (group `relative_year`); or a comma, a join word, a
    /// subject word, a year and a word (group `joined_year`).
    pub year_regex: Option<Regex>,
    /// Words that make a period's year (group `period_year`: "since 2011")
    /// a comparison when one stands before it in the sentence ("the
    /// deadliest since 2011").
    pub comparisons: Option<Regex>,
    /// Matches a phrase of `events.last_year` ("last year").
    pub last_year: Option<Regex>,
    /// Matches a count of years or decades before a word of
    /// `events.years_ago` ("seven years ago"): groups `count` and `unit`.
    pub years_ago: Option<Regex>,
    /// Matches a count of years or decades before a word of
    /// `events.years_after` ("six years after"): groups `count` and `unit`.
    pub years_after: Option<Regex>,
    /// Matches a `year_periods` word before a name of one to three
    /// capitalised words and a lower-case word ("since the Chibok
    /// abduction"): groups `name` and `noun`. A period from a named past
    /// event to now, with no year.
    pub named_period: Option<Regex>,
    /// Every `year_periods` word holds "since", so a sentence without it
    /// names no period and is not searched.
    pub periods_need_since: bool,
    /// Place patterns with group `place`.
    pub place_patterns: Vec<Regex>,
}

/// Attribution cues, compiled.
/// A pattern that names a source after a phrase (`according to X`, `cited
/// X as saying`): group `source`, two to eighty characters, as few as the
/// rest of the pattern allows.
#[derive(Debug, Clone)]
pub struct SourceRegex {
    /// The pattern with its source bounded by a counted repetition
    /// (`{2,80}?`): what is matched.
    pub exact: Regex,
    /// The same with the source unbounded (`{2,}?`), searched first: the
    /// eighty copies of a Unicode class in `exact` made its every search
    /// slow. `None` when it did not build.
    unbounded: Option<Regex>,
}

impl SourceRegex {
    /// The regex pair for `exact` and its `unbounded` form.
    pub(crate) fn new(exact: Regex, unbounded: Option<Regex>) -> Self {
        SourceRegex { exact, unbounded }
    }

    /// The `source` groups of `exact`'s matches in `s`, in order, as its
    /// `captures_iter` gives them.
    ///
    /// Each is found by the unbounded regex first. A match of it whose
    /// source has at most eighty characters is `exact`'s next match: the
    /// two try the same choices in the same order, the bounded one only
    /// giving up the longer sources, and every match of `exact` is one of
    /// the unbounded. Where the source is longer, `exact` itself is asked
    /// from the same place: with less of the white space before the source
    /// (which the source may then begin with), a shorter one may fit.
    pub fn sources<'s>(&self, s: &'s str) -> Vec<regex::Match<'s>> {
        let Some(unbounded) = &self.unbounded else {
            return self.exact.captures_iter(s).filter_map(|c| c.name("source")).collect();
        };
        let mut sources = Vec::new();
        let mut from = 0;
        while from <= s.len() {
            let Some(mut caps) = unbounded.captures_at(s, from) else { break };
            if caps.name("source").is_none_or(|source| source.as_str().chars().count() > SOURCE_MAX_CHARS) {
                let Some(exact) = self.exact.captures_at(s, from) else { break };
                caps = exact;
            }
            let (Some(whole), Some(source)) = (caps.get(0), caps.name("source")) else { break };
            sources.push(source);
            // the matches are never empty: the next one starts at the end
            from = whole.end().max(whole.start() + 1);
        }
        sources
    }
}

/// The most characters a [`SourceRegex`]'s source may have.
pub const SOURCE_MAX_CHARS: usize = 80;

#[derive(Debug, Clone)]
pub struct Attribution {
    /// `according to X` and friends; group `source`.
    pub before: Option<SourceRegex>,
    /// `cited X as saying`; group `source`.
    pub cited: Option<SourceRegex>,
    /// `X said`: a match is the verb, the source precedes it.
    pub verbs: Option<super::words::WordsRegex>,
    /// `<Title> <Name>`: the regex (groups `title`, `name`) and the
    /// matcher that finds its matches without running it where it can.
    pub titles: Option<super::titles::TitlesRegex>,
    /// A title at the end of a source (normalised, lower case): only such a
    /// source can be a key of the document's title map. `None` with
    /// `titles` set means any source may be.
    pub title_end: Option<Regex>,
}

impl Attribution {
    /// False when `source` (normalised, lower case) cannot be a key of any
    /// title map, so the map need not be built to look it up.
    pub fn may_be_title(&self, source: &str) -> bool {
        match (&self.titles, &self.title_end) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(end)) => end.is_match(source),
        }
    }
}

/// The whole checked rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Settings.
    pub settings: Settings,
    /// Qualifier phrases.
    pub qualifiers: QualifierLexicon,
    /// Kinds in declaration order.
    pub kinds: Vec<Kind>,
    /// Groups in declaration order.
    pub groups: Vec<Group>,
    /// Idioms.
    pub idioms: Vec<Idiom>,
    /// The idioms' prefilters in one pass, in the order of `idioms`.
    pub idiom_gate: crate::rules::prefilter::PrefilterSet,
    /// Lists.
    pub lists: Vec<ListRule>,
    /// The verb phrases of counts without a number ("a man *has been
    /// arrested*"), searched over each whole document.
    pub implicit_gate: Option<crate::extract::implicit::ImplicitGate>,
    /// Event scoping.
    pub events: EventScoping,
    /// Attribution.
    pub attribution: Attribution,
    /// What the corpus loader needs.
    pub corpus: CorpusConfig,
    /// All terms in one automaton.
    pub lexicon: Lexicon,
    /// Files the set was loaded from, in order.
    pub files: Vec<String>,
    /// What the files say, as one value ([`crate::rules::fingerprint`]):
    /// the same for the same rules wherever they were loaded from.
    pub fingerprint: String,
}

impl RuleSet {
    /// The kind with this id.
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Tolerance for a kind (the default when unknown).
    pub fn tolerance(&self, kind: &str) -> f64 {
        self.kind(kind).map(|k| k.tolerance).unwrap_or(self.settings.tolerance)
    }
}
