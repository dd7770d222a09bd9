//! `crosscheck explain`: for one claim, the sentence with the quote marked,
//! the rule and its pattern or frame, the lexicon entries that decided kind
//! and group, how the qualifier and value were read, and why the claim is
//! in its topic (or was set apart as another event). Derived totals show
//! their parts and the sum.

use super::index::Index;
use super::{format, sanitize};
use crate::extract::explain::{lexicon_hits, number_reading, LexiconHit, Role};
use crate::model::{Analysis, Claim, Qualifier, Quantity};
use crate::rules::spec::Change;
use crate::rules::RuleSet;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Width of the label column.
const LABEL: usize = 11;

/// Bytes of a finding's note written under every claim of the finding when
/// every claim is explained; a longer note (a chain of five steps or more)
/// is written once.
const NOTE_REPEATED_MAX: usize = 400;

/// A claim id that is not in the analysis, or an empty one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", problem(.id), hint(.suggestions))]
pub struct UnknownClaim {
    /// The id asked for (empty, or only blanks, when none was given).
    pub id: String,
    /// Ids of the same document, or all ids when the document is unknown
    /// (at most 10).
    pub suggestions: Vec<String>,
}

/// What is wrong with `id`: that it is empty (with where ids are listed),
/// or that no claim has it.
fn problem(id: &str) -> String {
    if id.trim().is_empty() {
        "the claim id is empty: give one as `DOCUMENT:N`, as listed by `crosscheck claims --format csv PATH...` \
         (column `claim_id`) or the JSON report"
            .to_string()
    } else {
        format!("no claim `{id}` in these articles")
    }
}

fn hint(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (known ids include: {})", suggestions.join(", "))
    }
}

/// The explanation of one claim, as text for a terminal.
pub fn explain(analysis: &Analysis, rules: &RuleSet, claim_id: &str) -> Result<String, UnknownClaim> {
    let ix = Index::new(analysis);
    let claim = ix.claim(claim_id.trim()).ok_or_else(|| unknown(analysis, claim_id))?;
    Ok(explain_claim(&ix, &Peers::of(analysis), rules, claim, None))
}

/// The explanations of every claim, document by document. A finding's note
/// longer than [`NOTE_REPEATED_MAX`] is written in full under the first
/// claim that takes part in it, and named under the others: a topic of a
/// thousand claims has notes of a thousand steps, and writing them under
/// each claim made the listing grow with the square of the corpus (531 MB
/// for 10,000 generated articles).
pub fn explain_all(analysis: &Analysis, rules: &RuleSet) -> String {
    super::sink::to_string(|out| write_all(analysis, rules, out))
}

/// [`explain_all`], written into `out` a claim at a time.
pub fn write_all(analysis: &Analysis, rules: &RuleSet, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let ix = Index::new(analysis);
    let peers = Peers::of(analysis);
    let mut noted: HashMap<usize, &str> = HashMap::new();
    for (i, c) in analysis.claims.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(explain_claim(&ix, &peers, rules, c, Some(&mut noted)).as_bytes())?;
    }
    Ok(())
}

/// What [`placement`] asks about each claim, gathered once: how many claims
/// each topic holds, and the findings each claim takes part in (asked of
/// every claim by a scan of all claims and findings, explaining them all
/// took time growing with the square of the corpus).
struct Peers<'a> {
    /// Claims per topic: event, kind, group.
    per_topic: HashMap<(&'a str, &'a str, &'a str), usize>,
    /// Each claim's findings (their places in the analysis' findings), in
    /// order, each once.
    findings: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Peers<'a> {
    fn of(analysis: &'a Analysis) -> Self {
        let mut per_topic: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for c in &analysis.claims {
            *per_topic.entry((c.event.as_str(), c.kind.as_str(), c.group.as_str())).or_default() += 1;
        }
        let mut findings: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, f) in analysis.findings.iter().enumerate() {
            let mut ids: HashSet<&str> = HashSet::new();
            for id in f.claims.iter().filter(|id| ids.insert(id.as_str())) {
                findings.entry(id.as_str()).or_default().push(at);
            }
        }
        Peers { per_topic, findings }
    }

    /// How many other claims share `c`'s topic.
    fn others_in_topic(&self, c: &Claim) -> usize {
        self.per_topic.get(&(c.event.as_str(), c.kind.as_str(), c.group.as_str())).map_or(0, |n| n.saturating_sub(1))
    }

    /// The places of the findings `c` takes part in.
    fn findings_of(&self, c: &Claim) -> &[usize] {
        self.findings.get(c.id.as_str()).map_or(&[], Vec::as_slice)
    }
}

fn unknown(analysis: &Analysis, id: &str) -> UnknownClaim {
    let document = id.split(':').next().unwrap_or("");
    // ids hold document ids, which come from file names: a name may hold an
    // escape sequence or a bidi override, printed to a terminal with the error
    let shown = |c: &Claim| sanitize::terminal(&c.id).into_owned();
    let same_doc: Vec<String> = analysis.claims.iter().filter(|c| c.document == document).map(shown).take(10).collect();
    let suggestions = if same_doc.is_empty() { analysis.claims.iter().map(shown).take(10).collect() } else { same_doc };
    UnknownClaim { id: sanitize::terminal(id).into_owned(), suggestions }
}

/// Lines of `label  text`, continuation lines indented.
struct Out(String);

impl Out {
    fn line(&mut self, label: &str, text: &str) {
        let clean = sanitize::terminal(text);
        for (i, l) in clean.lines().enumerate() {
            let label = if i == 0 { label } else { "" };
            let _ = writeln!(self.0, "  {label:<LABEL$}{l}");
        }
    }
}

/// One claim explained. With `noted` (explaining every claim), the findings
/// whose note was written already, with the claim it was written under.
fn explain_claim<'a>(ix: &Index, peers: &Peers, rules: &RuleSet, c: &'a Claim, noted: Option<&mut HashMap<usize, &'a str>>) -> String {
    let mut out = Out(String::new());
    let _ = writeln!(out.0, "{}", sanitize::terminal(&format!("Claim {} · {}/{} · {}", c.id, c.kind, c.group, ix.figure(c))));
    document(ix, c, &mut out);
    if c.is_derived() {
        derived(ix, rules, c, &mut out);
    } else {
        read(ix, rules, c, &mut out);
    }
    placement(ix, peers, rules, c, noted, &mut out);
    out.0
}

fn document(ix: &Index, c: &Claim, out: &mut Out) {
    let Some(doc) = ix.document(&c.document) else {
        out.line("document", &format!("{} (not loaded)", c.document));
        return;
    };
    let mut parts = vec![doc.path.display().to_string(), ix.outlet(&doc.id)];
    parts.push(doc.published.map_or_else(|| "undated".to_string(), |d| d.to_string()));
    if let Some(original) = &doc.duplicate_of {
        parts.push(format!("copy of {original}"));
    }
    out.line("document", &parts.join(" · "));
    if let Some(url) = &doc.url {
        out.line("url", url);
    }
    out.line("at", &format!("line {}, column {}", c.evidence.line, c.evidence.column));
}

/// The sentence with highlighted segments in `«…»`.
fn marked_sentence(ix: &Index, c: &Claim) -> String {
    match ix.sentence(c) {
        Some(segments) => segments.iter().map(|s| if s.highlight { format!("«{}»", s.text) } else { s.text.clone() }).collect(),
        None => format!("«{}»", c.quote),
    }
}

fn read(ix: &Index, rules: &RuleSet, c: &Claim, out: &mut Out) {
    out.line("sentence", &marked_sentence(ix, c));
    out.line("quote", &format!("“{}”", c.quote));
    rule(rules, c, out);
    if !c.how.is_empty() {
        out.line("read as", &c.how);
    }
    if let Some(words) = &c.lowered {
        out.line("lowered", &format!("“{words}”: given as a lowering of an earlier figure; a lower figure so given is an update"));
    }
    if let Some(words) = &c.raised {
        out.line(
            "raised",
            &format!("“{words}”: given as a rise from an earlier figure; of two for the same day, a higher one so given is the later"),
        );
    }
    let doc = ix.document(&c.document);
    let masked = doc.map(|d| d.masked()).unwrap_or_default();
    let masked = masked.as_ref();
    let sentence_hits = lexicon_hits(masked, c.evidence.sentence.clone(), rules);
    let (inside, outside): (Vec<&LexiconHit>, Vec<&LexiconHit>) =
        sentence_hits.iter().partition(|h| h.span.start >= c.evidence.span.start && h.span.end <= c.evidence.span.end);
    let mut lines: Vec<String> = inside.iter().map(|h| hit_line(h, c, "")).collect();
    // A trigger or organisation outside the quote can still be what decided
    // (a trigger shared by coordinated figures, "the CSTO has deployed …").
    lines.extend(
        outside
            .iter()
            .filter(|h| {
                h.meanings.iter().any(|m| (m.role == Role::Trigger && m.id == c.kind) || (m.role == Role::Group && m.id == c.group))
            })
            .map(|h| hit_line(h, c, " (elsewhere in the sentence)")),
    );
    if lines.is_empty() {
        lines.push("no lexicon term in the quote".to_string());
    }
    out.line("lexicon", &lines.join("\n"));
    let decided_group = sentence_hits.iter().any(|h| h.meanings.iter().any(|m| m.role == Role::Group && m.id == c.group));
    group_reason(rules, c, decided_group, out);
    figure(masked, rules, c, out);
}

fn rule(rules: &RuleSet, c: &Claim, out: &mut Out) {
    let (kind_of_rule, id) = c.rule.split_once('/').unwrap_or((c.rule.as_str(), ""));
    let text = match kind_of_rule {
        "frame" => match rules.kind(id) {
            Some(k) => {
                let mut needs = Vec::new();
                if !k.triggers.is_empty() {
                    needs.push(format!("a trigger ({})", shorten(&k.triggers, 6)));
                }
                if !k.nouns.is_empty() {
                    needs.push(format!("a counted noun ({})", shorten(&k.nouns, 6)));
                }
                format!(
                    "{} — the number frame of kind `{}` ({}:{}): a count with {}",
                    c.rule,
                    k.id,
                    k.origin.file,
                    k.origin.line,
                    needs.join(" or ")
                )
            }
            None => format!("{} — a number frame (kind not in the current rules)", c.rule),
        },
        "idiom" => match rules.idioms.iter().find(|i| i.id == id) {
            Some(i) => {
                // a `{group}` that ends the pattern is not in the regex
                let group = if i.group_at_end.is_some() {
                    "\n`{group}` ends the pattern: the regex stands its first character, and a people term of the lexicon must start there"
                } else {
                    ""
                };
                format!(
                    "{} ({}:{}) — idiom pattern `{}`\nregex `{}`{group}",
                    c.rule,
                    i.origin.file,
                    i.origin.line,
                    i.pattern,
                    i.regex.as_str()
                )
            }
            None => format!("{} — an idiom (not in the current rules)", c.rule),
        },
        "list" => match rules.lists.iter().find(|l| l.id == id) {
            Some(l) => format!(
                "{} ({}:{}) — a list of at least {} names after an intro phrase ({})",
                c.rule,
                l.origin.file,
                l.origin.line,
                l.min_items,
                shorten(&l.intro, 6)
            ),
            None => format!("{} — a list rule (not in the current rules)", c.rule),
        },
        _ => c.rule.clone(),
    };
    out.line("rule", &text);
}

/// `"security officers" → group term of `security_forces` (rules/groups.yaml:31) ✓ group`.
fn hit_line(h: &LexiconHit, c: &Claim, suffix: &str) -> String {
    let meanings: Vec<String> = h
        .meanings
        .iter()
        .map(|m| {
            let decided = match m.role {
                Role::Group if m.id == c.group => " ✓ group",
                Role::Noun | Role::Trigger if m.id == c.kind => " ✓ kind",
                _ => "",
            };
            format!("{} of `{}` ({}:{}){decided}", m.role.as_str(), m.id, m.file, m.line)
        })
        .collect();
    format!("“{}” → {}{suffix}", h.text, meanings.join("; "))
}

fn group_reason(rules: &RuleSet, c: &Claim, decided: bool, out: &mut Out) {
    if decided {
        return;
    }
    let default = rules.kind(&c.kind).map(|k| k.default_group.as_str());
    let text = if c.how.contains("borrowed") {
        format!("`{}` borrowed from the figure before it (no group term of its own)", c.group)
    } else if default == Some(c.group.as_str()) {
        format!("`{}`: the default group of kind `{}` (no group term decided it)", c.group, c.kind)
    } else if c.rule.starts_with("idiom/") || c.rule.starts_with("list/") {
        format!("`{}`: fixed by the rule", c.group)
    } else {
        format!("`{}`", c.group)
    };
    out.line("group", &text);
}

fn figure(masked: &str, rules: &RuleSet, c: &Claim, out: &mut Out) {
    let q = &c.quantity;
    let tolerance = rules.tolerance(&c.kind);
    match number_reading(masked, c.evidence.sentence.clone(), c.evidence.span.clone(), rules) {
        Some(r) => {
            let words = if r.in_words { " (in words)" } else { "" };
            out.line("value", &format!("“{}”{words} → {}", r.number, format::figure(&r.raw)));
            let phrase = match &r.phrase {
                Some(p) => format!("“{p}” → {}", q.qualifier.as_str()),
                None if r.raw.qualifier == q.qualifier => format!("none → {}", q.qualifier.as_str()),
                None => format!("in the number itself → {}", q.qualifier.as_str()),
            };
            out.line("qualifier", &phrase);
        }
        None => {
            out.line("value", &format!("{} (the quote's number could not be re-read)", format::figure(q)));
            out.line("qualifier", q.qualifier.as_str());
        }
    }
    out.line("means", &interval(q, tolerance));
}

/// `at least 26: [26, ∞)`.
fn interval(q: &Quantity, tolerance: f64) -> String {
    let iv = q.interval(tolerance);
    let n = format::number;
    let low = if iv.low_open { "(" } else { "[" };
    let high = if iv.high_open || iv.high.is_infinite() { ")" } else { "]" };
    let words = match q.qualifier {
        Qualifier::Exact => format!("exactly {}", n(q.value)),
        Qualifier::AtLeast => format!("{} or more", n(q.value)),
        Qualifier::MoreThan => format!("more than {}", n(q.value)),
        Qualifier::About => format!("about {} (±{}%)", n(q.value), n(tolerance * 100.0)),
        Qualifier::Nearly => format!("nearly {} (up to {}% under)", n(q.value), n(tolerance * 100.0)),
        Qualifier::AtMost => format!("at most {}", n(q.value)),
        Qualifier::FewerThan => format!("fewer than {}", n(q.value)),
        Qualifier::Range => format!("between {} and {}", n(q.value), n(q.value_max.unwrap_or(q.value))),
    };
    format!("{words}: {low}{}, {}{high}", n(iv.low), n(iv.high))
}

fn derived(ix: &Index, rules: &RuleSet, c: &Claim, out: &mut Out) {
    out.line("sentence", &marked_sentence(ix, c));
    out.line("rule", &format!("{} — parts in one article add up to a figure for the whole", c.rule));
    let mut lines = Vec::new();
    let mut values = Vec::new();
    for id in &c.parts {
        match ix.claim(id) {
            Some(p) => {
                values.push(format::number(p.quantity.value));
                let part_of = rules.group(&p.group).and_then(|g| g.part_of.as_deref().map(|w| (w, &g.origin)));
                let why =
                    part_of.map(|(w, o)| format!(" (group `{}` is part_of `{w}`, {}:{})", p.group, o.file, o.line)).unwrap_or_default();
                lines.push(format!("{id}: {} {}/{} “{}”{why}", format::figure(&p.quantity), p.kind, p.group, p.quote));
            }
            None => {
                values.push("?".to_string());
                lines.push(format!("{id}: (not found)"));
            }
        }
    }
    out.line("parts", &lines.join("\n"));
    out.line("sum", &format!("{} = {}", values.join(" + "), format::number(c.quantity.value)));
    out.line(
        "means",
        &format!(
            "{}: at least the sum, since the article may not count every group; no figure for `{}` itself in the article",
            interval(&c.quantity, rules.tolerance(&c.kind)),
            c.group
        ),
    );
    if !c.how.is_empty() {
        out.line("read as", &c.how);
    }
}

fn placement<'a>(ix: &Index, peers: &Peers, rules: &RuleSet, c: &'a Claim, mut noted: Option<&mut HashMap<usize, &'a str>>, out: &mut Out) {
    let doc_event = ix.document(&c.document).map(|d| d.event.as_str());
    let event = match (&c.event_reason, doc_event) {
        (Some(reason), Some(de)) => format!(
            "`{}`, not the article's `{de}`: {reason}; excluded from `{de}` and compared only with claims of `{}`",
            c.event, c.event
        ),
        (Some(reason), None) => format!("`{}`: {reason}", c.event),
        (None, _) => format!("`{}`, the article's event (no other year or place in the sentence)", c.event),
    };
    out.line("event", &event);
    let source = ix.source(c).unwrap_or_else(|| "none named".to_string());
    let as_of = c.as_of.map_or_else(|| "the article's date".to_string(), |d| d.to_string());
    out.line("source", &format!("{source} · as of {as_of}"));
    let change = rules.kind(&c.kind).map(|k| change_words(k.change)).unwrap_or_default();
    let same_topic = peers.others_in_topic(c);
    let mut topic = format!("{}/{} in `{}`, with {} other claim(s)", c.kind, c.group, c.event, same_topic);
    if !change.is_empty() {
        topic.push_str(&format!("; `{}` figures {change}", c.kind));
    }
    out.line("topic", &topic);
    let findings: Vec<String> = peers
        .findings_of(c)
        .iter()
        .filter_map(|&at| Some((at, ix.analysis.findings.get(at)?)))
        .map(|(at, f)| {
            let verdict = f.verdict.as_str().replace('_', " ").to_uppercase();
            let long = f.note.len() > NOTE_REPEATED_MAX;
            let under = noted.as_mut().filter(|_| long).and_then(|noted| match noted.get(&at) {
                Some(first) => Some(*first),
                None => {
                    noted.insert(at, c.id.as_str());
                    None
                }
            });
            match under {
                Some(first) => format!("{verdict}: the finding under claim {first} above ({} claims)", f.claims.len()),
                None => format!("{verdict}: {}", f.note),
            }
        })
        .collect();
    out.line("findings", &if findings.is_empty() { "none".to_string() } else { findings.join("\n") });
}

/// How a kind's figure may change, in words.
fn change_words(change: Change) -> &'static str {
    match change {
        Change::Grows => "only grow (a later, lower one conflicts)",
        Change::Any => "may go up or down (a later, different one is an update)",
        Change::Fixed => "never change (any difference conflicts)",
    }
}

/// `“a”, “b”, … 12 in all`.
fn shorten(items: &[String], n: usize) -> String {
    let shown: Vec<String> = items.iter().take(n).map(|s| format!("“{s}”")).collect();
    if items.len() > n {
        format!("{}, … {} in all", shown.join(", "), items.len())
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;
    use crate::rules::load;

    fn rules() -> RuleSet {
        crate::rules::compile(&load::builtin_sources()).unwrap()
    }

    #[test]
    fn unknown_id_suggests_the_documents_ids() {
        let err = explain(&sample(), &rules(), "004_6215933f19a96aa9:99").unwrap_err();
        assert_eq!(err.suggestions.len(), 6);
        assert!(err.to_string().starts_with("no claim `004_6215933f19a96aa9:99` in these articles (known ids include: 004_"));
        let err = explain(&sample(), &rules(), "nope").unwrap_err();
        assert_eq!(err.suggestions.len(), 10);
    }

    #[test]
    fn an_empty_id_is_said_to_be_empty() {
        for id in ["", " \t"] {
            let err = explain(&sample(), &rules(), id).unwrap_err();
            assert_eq!(err.suggestions.len(), 10);
            let message = err.to_string();
            assert!(message.starts_with("the claim id is empty: "), "{message}");
            assert!(message.contains("`crosscheck claims --format csv PATH...`"), "{message}");
            assert!(message.contains("(known ids include: 000_"), "{message}");
        }
    }

    #[test]
    fn suggested_ids_are_safe_for_a_terminal() {
        let mut analysis = sample();
        for c in &mut analysis.claims {
            c.id = format!("\u{1b}[31mevil\u{202e}{}", c.id);
        }
        let err = explain(&analysis, &rules(), "nope").unwrap_err();
        let message = err.to_string();
        assert!(!message.contains('\u{1b}') && !message.contains('\u{202e}'), "{message:?}");
        assert!(message.contains("evil"), "{message}");
    }

    #[test]
    fn derived_total_shows_parts_and_sum() {
        let text = explain(&sample(), &rules(), "001_9fe7e48c4840678f:sum-1").unwrap();
        assert!(text.starts_with("Claim 001_9fe7e48c4840678f:sum-1 · killed/total · ≥44 = 26 + 18\n"), "{text}");
        assert!(text.contains("  parts      001_9fe7e48c4840678f:3: ≥26 killed/armed_criminals “at least 26”"), "{text}");
        assert!(text.contains("  sum        26 + 18 = 44\n"), "{text}");
        assert!(text.contains("44 or more: [44, ∞)"), "{text}");
    }

    #[test]
    fn other_event_is_explained() {
        let text = explain(&sample(), &rules(), "003_257f5d5333b407ac:4").unwrap();
        assert!(text.contains("`zhanaozen-2011`, not the article's `kazakhstan-2022`: \"in December 2011\" in the sentence"), "{text}");
    }

    #[test]
    fn a_lowering_and_a_rise_are_explained() {
        let mut a = sample();
        let id = a.claims[0].id.clone();
        assert!(!explain(&a, &rules(), &id).unwrap().contains("lowered"));
        a.claims[0].lowered = Some("revised down".into());
        let text = explain(&a, &rules(), &id).unwrap();
        assert!(text.contains("lowered") && text.contains("“revised down”: given as a lowering"), "{text}");
        assert!(!text.contains("raised"));
        a.claims[0].raised = Some("rose".into());
        let text = explain(&a, &rules(), &id).unwrap();
        assert!(text.contains("“rose”: given as a rise from an earlier figure"), "{text}");
    }

    #[test]
    fn intervals_in_words() {
        let q = |qualifier, value, value_max| Quantity { qualifier, value, value_max };
        assert_eq!(interval(&q(Qualifier::MoreThan, 1300.0, None), 0.1), "more than 1,300: (1,300, ∞)");
        assert_eq!(interval(&q(Qualifier::About, 500.0, None), 0.1), "about 500 (±10%): [450, 550]");
        assert_eq!(interval(&q(Qualifier::Range, 2e9, Some(3e9)), 0.1), "between 2 billion and 3 billion: [2 billion, 3 billion]");
        assert_eq!(interval(&q(Qualifier::FewerThan, 10.0, None), 0.1), "fewer than 10: [0, 10)");
    }

    #[test]
    fn explain_all_covers_every_claim() {
        let a = sample();
        let text = explain_all(&a, &rules());
        assert_eq!(text.matches("\nClaim ").count() + 1, a.claims.len());
    }

    /// Every long note once in the whole listing, under the first claim
    /// listed that takes part in it; the others name that claim. Short notes
    /// under every claim, and one claim explained alone gets every note
    /// whole.
    #[test]
    fn explain_all_writes_each_long_note_once() {
        let short = sample();
        let text = explain_all(&short, &rules());
        assert!(!text.contains("the finding under"), "{text}");
        for f in short.findings.iter().filter(|f| f.claims.len() > 1) {
            assert_eq!(text.matches(f.note.as_str()).count(), f.claims.len(), "{}", f.note);
        }
        let mut a = sample();
        for (i, f) in a.findings.iter_mut().enumerate() {
            f.note = format!("note {i}: {}", "a step → ".repeat(60));
        }
        let text = explain_all(&a, &rules());
        // how often each reference is written: findings may share one
        let mut named: HashMap<String, usize> = HashMap::new();
        for f in a.findings.iter().filter(|f| f.claims.len() > 1) {
            let first = a.claims.iter().find(|c| f.claims.contains(&c.id)).expect("a claim of the finding");
            assert_eq!(text.matches(f.note.as_str()).count(), 1, "{}", f.note);
            let verdict = f.verdict.as_str().replace('_', " ").to_uppercase();
            let reference = format!("{verdict}: the finding under claim {} above ({} claims)", first.id, f.claims.len());
            *named.entry(reference).or_default() += f.claims.len() - 1;
            for id in &f.claims {
                let alone = explain(&a, &rules(), id).expect("a known claim");
                assert!(alone.contains(f.note.as_str()) && !alone.contains("the finding under"), "{alone}");
            }
        }
        assert!(!named.is_empty());
        for (reference, times) in named {
            assert_eq!(text.matches(&reference).count(), times, "{reference}");
        }
    }
}
