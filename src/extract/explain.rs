//! What the extractor saw in a claim's text, for `crosscheck explain`:
//! the lexicon terms with their meanings, and how the figure and its
//! qualifier were read. Pure functions over the text and the rules.

use crate::model::Quantity;
use crate::quantity::{scan_numbers, NumberForm};
use crate::rules::lexicon::TermRole;
use crate::rules::RuleSet;
use std::ops::Range;

/// What a lexicon term means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A term of a group.
    Group,
    /// A counted noun of a kind.
    Noun,
    /// A trigger of a kind.
    Trigger,
    /// An intro phrase of a list rule.
    ListIntro,
}

impl Role {
    /// `group term`, `noun`, `trigger`, `list intro`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Group => "group term",
            Role::Noun => "noun",
            Role::Trigger => "trigger",
            Role::ListIntro => "list intro",
        }
    }
}

/// One meaning of a term: its role and the entry (group, kind or list) it
/// belongs to, with where that entry is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    /// The role.
    pub role: Role,
    /// Id of the group, kind or list rule.
    pub id: String,
    /// Rule file of the entry.
    pub file: String,
    /// 1-based line of the entry's id (0 when unknown).
    pub line: usize,
}

/// A lexicon term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconHit {
    /// Byte range in the text scanned.
    pub span: Range<usize>,
    /// The text as written there.
    pub text: String,
    /// The term as the rules spell it (normalised).
    pub term: String,
    /// Every entry that uses the term.
    pub meanings: Vec<Meaning>,
}

/// Every lexicon term inside `range` of `text` (whole words of the whole
/// text, as extraction reads them), with its meanings. Offsets are into
/// `text`.
pub fn lexicon_hits(text: &str, range: Range<usize>, rules: &RuleSet) -> Vec<LexiconHit> {
    let mut hits = Vec::new();
    rules.lexicon.hits_in(text, range, &mut hits);
    hits.into_iter()
        .map(|h| {
            let meanings = rules.lexicon.roles(&h).iter().filter_map(|r| meaning(*r, rules)).collect();
            LexiconHit {
                text: text.get(h.start..h.end).unwrap_or("").to_string(),
                span: h.start..h.end,
                term: rules.lexicon.terms.get(h.term).map(|t| t.text.clone()).unwrap_or_default(),
                meanings,
            }
        })
        .collect()
}

fn meaning(role: TermRole, rules: &RuleSet) -> Option<Meaning> {
    let (role, id, origin) = match role {
        TermRole::Group(g) => rules.groups.get(g).map(|g| (Role::Group, &g.id, &g.origin))?,
        TermRole::Noun(k) => rules.kinds.get(k).map(|k| (Role::Noun, &k.id, &k.origin))?,
        TermRole::Trigger(k) | TermRole::TriggerBefore(k) => rules.kinds.get(k).map(|k| (Role::Trigger, &k.id, &k.origin))?,
        TermRole::ListIntro(l) => rules.lists.get(l).map(|l| (Role::ListIntro, &l.id, &l.origin))?,
    };
    Some(Meaning { role, id: id.clone(), file: origin.file.clone(), line: origin.line })
}

/// How the figure of a quote was read.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberReading {
    /// The number as written ("nine", "2,030", "2 billion-3 billion").
    pub number: String,
    /// True when written in words.
    pub in_words: bool,
    /// The qualifier phrase as written ("at least", "or more"), if any.
    pub phrase: Option<String>,
    /// The number alone, before the qualifier phrase.
    pub raw: Quantity,
    /// The figure with the qualifier applied.
    pub quantity: Quantity,
}

/// The first count in `quote` (a byte range of `text`, inside `sentence`),
/// read as the extractor reads it: number, then qualifier phrase.
pub fn number_reading(text: &str, sentence: Range<usize>, quote: Range<usize>, rules: &RuleSet) -> Option<NumberReading> {
    let part = text.get(sentence.clone())?;
    let local = quote.start.checked_sub(sentence.start)?..quote.end.checked_sub(sentence.start)?;
    scan_numbers(part)
        .into_iter()
        .filter(|m| m.form == NumberForm::Count)
        .find(|m| m.span.start >= local.start && m.span.end <= local.end)
        .map(|m| {
            let (quantity, span) = rules.qualifiers.qualify(part, &m);
            let before = part.get(span.start..m.span.start).map(str::trim).filter(|s| !s.is_empty());
            let after = part.get(m.span.end..span.end).map(str::trim).filter(|s| !s.is_empty());
            NumberReading {
                number: part.get(m.span.clone()).unwrap_or("").to_string(),
                in_words: m.in_words,
                phrase: before.or(after).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
                raw: m.quantity,
                quantity,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier;
    use crate::rules::load;

    fn rules() -> RuleSet {
        crate::rules::compile(&load::builtin_sources()).unwrap()
    }

    #[test]
    fn hits_with_meanings() {
        let rules = rules();
        let text = "He said 18 security officers had been killed.";
        let hits = lexicon_hits(text, 8..text.len() - 1, &rules);
        let found: Vec<(&str, Vec<(Role, &str)>)> =
            hits.iter().map(|h| (h.text.as_str(), h.meanings.iter().map(|m| (m.role, m.id.as_str())).collect())).collect();
        assert!(found.contains(&("security officers", vec![(Role::Group, "security_forces")])), "{found:?}");
        assert!(found.iter().any(|(t, m)| *t == "killed" && m.contains(&(Role::Trigger, "killed"))), "{found:?}");
        let officers = hits.iter().find(|h| h.text == "security officers").unwrap();
        assert_eq!(&text[officers.span.clone()], "security officers");
        assert!(officers.meanings[0].file.ends_with("groups.yaml"));
        assert!(officers.meanings[0].line > 0);
        assert!(lexicon_hits(text, 100..200, &rules).is_empty());
    }

    #[test]
    fn reads_number_and_qualifier() {
        let rules = rules();
        let text = "Police said at least 26 armed criminals died. Nine planes landed.";
        let r = number_reading(text, 0..45, 12..39, &rules).unwrap();
        assert_eq!(r.number, "26");
        assert_eq!(r.phrase.as_deref(), Some("at least"));
        assert_eq!(r.raw.qualifier, Qualifier::Exact);
        assert_eq!(r.quantity.qualifier, Qualifier::AtLeast);
        let r = number_reading(text, 46..text.len(), 46..57, &rules).unwrap();
        assert_eq!((r.number.as_str(), r.in_words, r.quantity.value), ("Nine", true, 9.0));
        assert!(r.phrase.is_none());
        assert!(number_reading(text, 0..45, 0..11, &rules).is_none());
    }
}
