//! One Aho-Corasick automaton over every term of every lexicon (group
//! terms, kind nouns and triggers, list intros), so a document is scanned
//! for all of them in a single pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// What a matched term means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRole {
    /// A term of group `n`.
    Group(usize),
    /// A counted noun of kind `n`.
    Noun(usize),
    /// A trigger of kind `n`.
    Trigger(usize),
    /// An intro phrase of list rule `n`.
    ListIntro(usize),
}

/// A term occurrence in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// Index of the term in [`Lexicon::terms`].
    pub term: usize,
}

/// A term and its meanings.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as written in the rules.
    pub text: String,
    /// True for all-capital terms (acronyms), matched case-sensitively.
    pub case_sensitive: bool,
    /// Every lexicon entry that uses it.
    pub roles: Vec<TermRole>,
}

/// The compiled lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Terms, indexed by pattern id.
    pub terms: Vec<Term>,
    automaton: AhoCorasick,
}

/// True for acronyms such as "CSTO": matched case-sensitively.
fn is_acronym(term: &str) -> bool {
    term.chars().filter(|c| c.is_alphabetic()).count() >= 2 && term.chars().all(|c| !c.is_lowercase())
}

/// Normalises a term for matching: lower case (unless an acronym),
/// single spaces, curly apostrophes straightened.
fn normalise(term: &str) -> String {
    let t = term.split_whitespace().collect::<Vec<_>>().join(" ").replace('’', "'");
    if is_acronym(&t) {
        t
    } else {
        t.to_lowercase()
    }
}

impl Lexicon {
    /// Builds the automaton from `(term, role)` pairs.
    pub fn new(entries: impl IntoIterator<Item = (String, TermRole)>) -> Result<Self, String> {
        let mut terms: Vec<Term> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (raw, role) in entries {
            let text = normalise(&raw);
            if text.is_empty() {
                continue;
            }
            let case_sensitive = is_acronym(&text);
            let key = (text.clone(), case_sensitive);
            let id = *index.entry(key).or_insert_with(|| {
                terms.push(Term { text, case_sensitive, roles: Vec::new() });
                terms.len() - 1
            });
            if let Some(term) = terms.get_mut(id) {
                if !term.roles.contains(&role) {
                    term.roles.push(role);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(terms.iter().map(|t| t.text.as_str()))
            .map_err(|e| e.to_string())?;
        Ok(Lexicon { terms, automaton })
    }

    /// Every whole-word occurrence of a term in `text`, in order.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let is_word = |c: char| c.is_alphanumeric();
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let Some(term) = self.terms.get(m.pattern().as_usize()) else { continue };
            let first_is_word = term.text.chars().next().is_some_and(is_word);
            let last_is_word = term.text.chars().next_back().is_some_and(is_word);
            let before_ok = !first_is_word || !text.get(..start).and_then(|t| t.chars().next_back()).is_some_and(is_word);
            let after_ok = !last_is_word || !text.get(end..).and_then(|t| t.chars().next()).is_some_and(is_word);
            if !(before_ok && after_ok) {
                continue;
            }
            if term.case_sensitive && text.get(start..end) != Some(term.text.as_str()) {
                continue;
            }
            out.push(Hit { start, end, term: m.pattern().as_usize() });
        }
        out
    }

    /// The roles of a hit's term.
    pub fn roles(&self, hit: &Hit) -> &[TermRole] {
        self.terms.get(hit.term).map(|t| t.roles.as_slice()).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_words_longest_first() {
        let lex = Lexicon::new([
            ("police".to_string(), TermRole::Group(0)),
            ("members of law enforcement".to_string(), TermRole::Group(0)),
            ("members".to_string(), TermRole::Noun(1)),
            ("CSTO".to_string(), TermRole::Group(2)),
        ])
        .unwrap();
        let text = "16 Members of law enforcement, policemen, 9 members of the CSTO, csto";
        let hits: Vec<_> = lex.hits(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, ["Members of law enforcement", "members", "CSTO"]);
    }
}
