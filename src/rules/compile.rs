//! Parsing rule files and compiling them into a checked [`RuleSet`].
//! Every problem is collected with its location; nothing is ignored.

use super::compiled::*;
use super::error::{closest, locate, RuleErrors, RuleProblem};
use super::idiom_regex::IdiomRegex;
use super::lexicon::{Lexicon, TermRole};
use super::position::{position, Step};
use super::prefilter::{Prefilter, PrefilterSet};
use super::spec::*;
use super::titles::TitlesRegex;
use super::words::WordsRegex;
use crate::corpus::{yaml_guard, CorpusConfig, OutletRule};
use crate::quantity::{QualifierLexicon, QualifierPhrase};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

/// A rule file's name (as shown to users) and its text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Display name.
    pub name: String,
    /// YAML text.
    pub text: String,
}

/// Largest compiled regex allowed, so a runaway pattern is an error, not a hang.
pub(crate) const REGEX_SIZE_LIMIT: usize = 2 << 20;

/// An item with the index of the source it came from, and its index in
/// its section of that source (to locate its values).
struct Sourced<T> {
    item: T,
    source: usize,
    index: usize,
}

struct Collector<'a> {
    sources: &'a [RuleSource],
    problems: Vec<RuleProblem>,
    /// Values still to be located by parsing their file again (each look
    /// reads the file up to the value: thousands of them would take minutes).
    lookups_left: usize,
}

/// How many values are located by [`position`] in one compile; the
/// problems after them are located at their rule's `id:` line.
const LOOKUPS: usize = 100;

impl Collector<'_> {
    fn push(&mut self, source: usize, rule: &str, field: Option<&str>, message: String, help: Option<String>) {
        let (file, text) = match self.sources.get(source) {
            Some(s) => (s.name.clone(), s.text.as_str()),
            None => (String::from("<rules>"), ""),
        };
        let (line, column) = locate(text, rule, field);
        self.problems.push(RuleProblem {
            file,
            line,
            column,
            rule: (!rule.is_empty()).then(|| rule.to_string()),
            field: field.map(str::to_string),
            message,
            help,
        });
    }

    /// The line and column of the value at `path` in source `source`, while
    /// the lookup budget lasts; after it, or when the path is not found,
    /// those of the rule's `id:` line (`rule`), else (0, 0).
    fn located(&mut self, source: usize, path: &[Step], rule: Option<&str>) -> (usize, usize) {
        let text = self.sources.get(source).map_or("", |s| s.text.as_str());
        let found = if self.lookups_left > 0 {
            self.lookups_left -= 1;
            position(text, path)
        } else {
            None
        };
        found.unwrap_or_else(|| rule.map_or((0, 0), |r| locate(text, r, None)))
    }

    /// A problem at the value found at `path` in the source (YAML as the
    /// parser sees it), e.g. `settings.tolerance` or `kinds[2].triggers[0]`;
    /// a path not found falls back to the rule's `id:` line.
    fn push_at(&mut self, source: usize, path: &[Step], rule: Option<&str>, field: &str, message: String, help: Option<String>) {
        let file = self.sources.get(source).map_or_else(|| String::from("<rules>"), |s| s.name.clone());
        let (line, column) = self.located(source, path, rule);
        self.problems.push(RuleProblem {
            file,
            line,
            column,
            rule: rule.filter(|r| !r.is_empty()).map(str::to_string),
            field: Some(field.to_string()),
            message,
            help,
        });
    }

    fn origin(&self, source: usize, id: &str) -> Origin {
        let (file, text) = match self.sources.get(source) {
            Some(s) => (s.name.clone(), s.text.as_str()),
            None => (String::new(), ""),
        };
        Origin { file, line: locate(text, id, None).0 }
    }

    /// The regex `built` for a rule's `field`, or its error reported.
    fn built_regex(&mut self, source: usize, rule: &str, field: &str, built: Result<Regex, (String, String)>) -> Option<Regex> {
        built.map_err(|(message, help)| self.push(source, rule, Some(field), message, Some(help))).ok()
    }

    /// A rule's regex ([`build_regex`]), or its error reported, for a
    /// pattern written at `path` (a user's own pattern, or one built from
    /// the words listed there), located there.
    fn regex_at(&mut self, source: usize, path: &[Step], field: &str, pattern: &str, case_insensitive: bool) -> Option<Regex> {
        build_regex(pattern, case_insensitive).map_err(|(message, help)| self.push_at(source, path, None, field, message, Some(help))).ok()
    }
}

/// A regex as rules are built (multi-line, size-limited), or the message
/// and help of why it is not one.
fn build_regex(pattern: &str, case_insensitive: bool) -> Result<Regex, (String, String)> {
    match RegexBuilder::new(pattern).case_insensitive(case_insensitive).multi_line(true).size_limit(REGEX_SIZE_LIMIT).build() {
        Ok(r) => Ok(r),
        Err(e @ regex::Error::CompiledTooBig(_)) => Err(too_big(&e)),
        Err(e) => Err(syntax_error(&e.to_string())),
    }
}

/// Message and help for a regex that does not parse, from the regex
/// crate's error text: its last line says what is wrong, the lines before
/// show the pattern with a caret under the mistake.
fn syntax_error(full: &str) -> (String, String) {
    let lines: Vec<&str> = full.lines().collect();
    let short = lines.last().copied().unwrap_or("").trim_start_matches("error: ").to_string();
    let pointer: Vec<&str> = lines.iter().skip(1).take(lines.len().saturating_sub(2)).copied().filter(|l| !l.trim().is_empty()).collect();
    (
        format!("the regex does not compile: {short}"),
        format!(
            "the regex crate points at the mistake:\n{}\n  (regex syntax: https://docs.rs/regex/latest/regex/#syntax)",
            pointer.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
        ),
    )
}

/// Message and help for a pattern over the compiled-size limit.
fn too_big(e: &regex::Error) -> (String, String) {
    let limit = match e {
        regex::Error::CompiledTooBig(limit) => *limit,
        _ => REGEX_SIZE_LIMIT,
    };
    (
        format!("the regex is too big: compiled, it exceeds the limit of {} MiB", limit >> 20),
        "a rule runs on every sentence and must stay small: use fewer or smaller repetition counts (`{200}`), \
         shorter alternations, or several rules"
            .to_string(),
    )
}

/// Every mistake of a file that does not deserialize, not only the first:
/// serde stops at the first one, so when the file is valid YAML, each item
/// of each top-level section (or each non-list section) is deserialized on
/// its own and its problems are located back in the file. A YAML syntax
/// error (or a file that cannot be split) gives the first error alone.
fn every_yaml_problem(source: &RuleSource, first: &serde_yaml::Error) -> Vec<RuleProblem> {
    if serde_yaml::from_str::<serde_yaml::Value>(&source.text).is_err() {
        return vec![yaml_problem(source, first)];
    }
    let mut problems = Vec::new();
    for block in yaml_blocks(&source.text) {
        let piece = RuleSource { name: source.name.clone(), text: block.text };
        if let Err(e) = serde_yaml::from_str::<RuleFile>(&piece.text) {
            let mut p = yaml_problem(&piece, &e);
            if p.line > 0 {
                p.line += block.line_offset;
            }
            problems.push(p);
        }
    }
    if problems.is_empty() {
        problems.push(yaml_problem(source, first));
    }
    problems
}

/// A piece of a rule file that deserializes on its own: a top-level key
/// with one list item (or the whole non-list section), and how many lines
/// before it were left out.
struct YamlBlock {
    text: String,
    line_offset: usize,
}

/// Splits a rule file into one block per list item of each top-level
/// section (a section that is not a block list stays whole).
fn yaml_blocks(text: &str) -> Vec<YamlBlock> {
    let lines: Vec<&str> = text.lines().collect();
    let is_key = |l: &str| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && l.contains(':');
    let mut starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| is_key(l)).map(|(i, _)| i).collect();
    starts.push(lines.len());
    let mut blocks = Vec::new();
    for pair in starts.windows(2) {
        let (Some(&start), Some(&end)) = (pair.first(), pair.get(1)) else { continue };
        let Some(key_line) = lines.get(start) else { continue };
        let key = key_line.split(':').next().unwrap_or("");
        let body = lines.get(start + 1..end).unwrap_or(&[]);
        let content = |l: &&&str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
        let item_indent = body.iter().find(content).filter(|l| l.trim_start().starts_with("- ")).map(|l| l.len() - l.trim_start().len());
        let whole = |from: usize, to: usize| YamlBlock { text: lines.get(from..to).unwrap_or(&[]).join("\n"), line_offset: from };
        let Some(indent) = item_indent.filter(|_| key_line.trim_end().ends_with(':')) else {
            blocks.push(whole(start, end));
            continue;
        };
        let mut item_starts: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, l)| l.len() - l.trim_start().len() == indent && l.trim_start().starts_with("- "))
            .map(|(i, _)| start + 1 + i)
            .collect();
        item_starts.push(end);
        for item in item_starts.windows(2) {
            let (Some(&from), Some(&to)) = (item.first(), item.get(1)) else { continue };
            let mut text = format!("{key}:\n");
            text.push_str(&lines.get(from..to).unwrap_or(&[]).join("\n"));
            // the key line stands in for the lines before the item
            blocks.push(YamlBlock { text, line_offset: from - 1 });
        }
    }
    blocks
}

/// Turns a serde_yaml error into a located problem, with a "did you mean"
/// for unknown fields.
fn yaml_problem(source: &RuleSource, err: &serde_yaml::Error) -> RuleProblem {
    let (line, column) = err.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
    let mut message = crate::serde_words::yaml_message(err);
    let mut help = None;
    let mut unknown_field = None;
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        unknown_field = Some(unknown.to_string());
        let expected: Vec<&str> =
            message.split("expected ").nth(1).map(|list| list.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
        help = Some(match closest(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("allowed fields here: {}", expected.join(", ")),
        });
        if help.as_deref().is_some_and(|h| h.starts_with("allowed fields")) {
            // the help lists them: the message need not as well
            if let Some(at) = message.find(", expected one of") {
                message.truncate(at);
            }
        }
    } else if message.contains("unknown variant") {
        help = Some("use one of the values listed above".to_string());
    } else if let Some(rest) = message.split("missing field `").nth(1) {
        let missing = rest.split('`').next().unwrap_or("");
        help = Some(format!("add `{missing}:` here: it is required (rules/README.md lists every field)"));
    } else if err.location().is_some() && !message.contains(':') {
        help = Some("check the YAML indentation and quoting at that position".to_string());
    }
    let (path, message) = match message.split_once(": ") {
        Some((path, msg)) if !path.contains(' ') => (Some(path.to_string()), msg.to_string()),
        _ => (None, message),
    };
    let (rule, field) = match path.as_deref().map(|p| rule_of_path(&source.text, p)) {
        Some((Some(rule), field)) => (Some(rule), field),
        _ => (None, path),
    };
    RuleProblem { file: source.name.clone(), line, column, rule, field: field.or(unknown_field), message, help }
}

/// Resolves a serde path such as `kinds[0].change` to the rule's id
/// (`killed`) and the field (`change`), reading the file as plain YAML.
fn rule_of_path(text: &str, path: &str) -> (Option<String>, Option<String>) {
    let Some((section, rest)) = path.split_once('[') else { return (None, Some(path.to_string())) };
    let Some((index, field)) = rest.split_once(']') else { return (None, Some(path.to_string())) };
    let field = field.trim_start_matches('.');
    let field = (!field.is_empty()).then(|| field.to_string());
    let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return (None, Some(path.to_string())) };
    let item = index.parse::<usize>().ok().and_then(|i| doc.get(section)?.get(i).cloned());
    let id = item.as_ref().and_then(|v| v.get("id").or_else(|| v.get("name"))).and_then(|v| v.as_str()).map(str::to_string);
    match id {
        Some(id) => (Some(id), field),
        None => (None, Some(path.to_string())),
    }
}

/// The first `{name}` in a pattern that is not a known placeholder (regex
/// repetitions such as `{2,3}` are not names).
fn unknown_placeholder(pattern: &str) -> Option<&str> {
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let escaped = rest[..open].ends_with('\\');
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        let is_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !escaped && is_name && !matches!(name, "quantity" | "number" | "group") {
            return Some(name);
        }
        rest = &after[close + 1..];
    }
    None
}

/// What the placeholders of an idiom are, for the help of their errors.
const PLACEHOLDER_HELP: &str =
    "placeholders: `{quantity}` reads the figure (required, once), `{group}` matches any people term; e.g. `death toll rose to {quantity}`";

/// The placeholders as the as-written check stands them in: `(name, stand-in)`.
const STAND_INS: [(&str, &str); 3] = [("quantity", "(?:QQQQQQ)"), ("number", "(?:NNNN)"), ("group", "(?:GGG)")];

/// A placeholder used where its expansion cannot stand, said of the
/// user's pattern: `as_written` is the pattern with each placeholder
/// replaced by its stand-in, `capture_names` the names of its groups.
fn placeholder_misuse(as_written: &str, capture_names: &[String]) -> Option<String> {
    // where each placeholder's stand-in starts
    let mut at: Vec<(usize, &str)> = Vec::new();
    for (name, stand_in) in STAND_INS {
        at.extend(as_written.match_indices(stand_in).map(|(i, _)| (i, name)));
    }
    at.sort_unstable();
    let groups = at.iter().filter(|(_, name)| *name == "group").count();
    if groups > 1 {
        let times = if groups == 2 { "twice".to_string() } else { format!("{groups} times") };
        return Some(format!("`{{group}}` appears {times} in the pattern; each placeholder may appear once"));
    }
    // a placeholder expands into a group, which is no part of a class: `[{quantity}]`
    if let Ok(ast) = regex_syntax::ast::parse::Parser::new().parse(as_written) {
        let classes = regex_syntax::ast::visit(&ast, BracketedClasses(Vec::new())).unwrap_or_default();
        if let Some((_, name)) = at.iter().find(|(i, _)| classes.iter().any(|(start, end)| start < i && i < end)) {
            return Some(format!(
                "`{{{name}}}` stands inside a character class `[…]`; a placeholder cannot stand inside a character class"
            ));
        }
    }
    // the expansion names its groups `quantity` and `group`
    let reserved = ["quantity", "group"];
    if let Some(name) = capture_names.iter().find(|n| reserved.contains(&n.as_str())) {
        return Some(format!(
            "the pattern names a capture group `{name}`, a name the placeholders give their own groups; rename the group"
        ));
    }
    None
}

/// The names of the named capture groups of `hir`, in order.
fn capture_names(hir: &regex_syntax::hir::Hir) -> Vec<String> {
    use regex_syntax::hir::HirKind;
    let mut names = Vec::new();
    let mut stack = vec![hir];
    while let Some(hir) = stack.pop() {
        match hir.kind() {
            HirKind::Capture(c) => {
                names.extend(c.name.as_deref().map(str::to_string));
                stack.push(&c.sub);
            }
            HirKind::Repetition(r) => stack.push(&r.sub),
            // reversed, so the leftmost is taken first
            HirKind::Concat(subs) | HirKind::Alternation(subs) => stack.extend(subs.iter().rev()),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    names
}

/// Whether the pattern as written (placeholders stood in) is over the size
/// limit on its own, asked only once its expansion is.
fn too_big_as_written(as_written: &str) -> bool {
    matches!(RegexBuilder::new(as_written).size_limit(REGEX_SIZE_LIMIT).build(), Err(regex::Error::CompiledTooBig(_)))
}

/// The byte spans of the bracketed classes (`[…]`) of a regex.
struct BracketedClasses(Vec<(usize, usize)>);

impl regex_syntax::ast::Visitor for BracketedClasses {
    type Output = Vec<(usize, usize)>;
    type Err = std::convert::Infallible;

    fn finish(self) -> Result<Self::Output, Self::Err> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, ast: &regex_syntax::ast::Ast) -> Result<(), Self::Err> {
        if let regex_syntax::ast::Ast::ClassBracketed(class) = ast {
            self.0.push((class.span.start.offset, class.span.end.offset));
        }
        Ok(())
    }
}

/// Whether `{group}` ends the pattern at its top level: the last item of
/// the pattern, not inside a group, an alternation or a repetition, and
/// after no top-level flag (`(?-i)`, `(?U)`…) that would change how the
/// terms there match. `as_written` is the pattern with its placeholders
/// stood in as [`STAND_INS`] does.
fn group_ends_pattern(pattern: &str, as_written: &str) -> bool {
    use regex_syntax::ast::{parse::Parser, Ast};
    let group = STAND_INS.iter().find(|(name, _)| *name == "group").map_or("", |(_, stand_in)| *stand_in);
    if !pattern.ends_with("{group}") {
        return false;
    }
    let Ok(ast) = Parser::new().parse(as_written) else { return false };
    let Ast::Concat(concat) = &ast else { return false };
    if concat.asts.iter().any(|a| matches!(a, Ast::Flags(_))) {
        return false;
    }
    concat.asts.last().is_some_and(|last| {
        let span = last.span();
        matches!(last, Ast::Group(_)) && span.end.offset == as_written.len() && as_written.get(span.start.offset..) == Some(group)
    })
}

/// What an idiom's regex stands where a `{group}` ends its pattern: one
/// character that can start a people term (as the lexicon matches them:
/// white space trimmed, `’` read as `'`), captured as `group`. The term
/// itself is looked up in the sentence's lexicon hits when the regex
/// matches (`extract::patterns`), so the regex is built without the terms,
/// which cost most of the rule compiling of such an idiom. `None` when no
/// group has a people term (the terms are then inlined, as they are where
/// `{group}` stands elsewhere).
fn group_stand_in(people_terms: &[String]) -> Option<String> {
    let mut firsts: Vec<char> = people_terms
        .iter()
        .filter_map(|t| t.trim_start().chars().next())
        .flat_map(|c| if c == '’' { vec![c, '\''] } else { vec![c] })
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    if firsts.is_empty() {
        return None;
    }
    let class: String = firsts.iter().map(|c| regex::escape(c.encode_utf8(&mut [0; 4]))).collect();
    Some(format!("[{class}]"))
}

/// The matchers compiled from one idiom's pattern.
struct IdiomMatchers {
    regex: IdiomRegex,
    group_at_end: Option<GroupAtEnd>,
    prefilter: Prefilter,
}

/// A problem with an idiom's pattern: the message, and help if there is any.
type PatternProblem = (String, Option<String>);

/// Compiles an idiom's `pattern` with its placeholders expanded
/// (`people_terms` for `{group}`), or says what is wrong with it, in the
/// user's terms: unknown placeholders first, then the pattern as written,
/// then the expansion. Needs nothing but its arguments, so idioms are
/// compiled side by side.
fn compile_idiom_pattern(pattern: &str, people_terms: &[String]) -> Result<IdiomMatchers, PatternProblem> {
    // Placeholders first: `{victims}` is a naming mistake, not a regex one.
    if let Some(name) = unknown_placeholder(pattern) {
        return Err((
            format!("unknown placeholder `{{{name}}}`"),
            Some("known placeholders: `{quantity}` (the figure), `{number}` (same), `{group}` (any people term); write `\\{` for a literal brace".to_string()),
        ));
    }
    // Check the pattern as written first, so a syntax error points into the user's text.
    let as_written = STAND_INS.iter().fold(pattern.to_string(), |p, (name, stand_in)| p.replace(&format!("{{{name}}}"), stand_in));
    // Parsed only, as the regex crate parses it (the same error text):
    // compiling it too cost 31 M instructions over the default idioms, and
    // a pattern too big as written is too big expanded (told below).
    let written = match regex_syntax::ParserBuilder::new().build().parse(&as_written) {
        Ok(hir) => hir,
        Err(e) => {
            let full = e.to_string().replace("(?:QQQQQQ)", "{quantity}").replace("(?:NNNN)", "{number}").replace("(?:GGG)", "{group}");
            let (message, help) = syntax_error(&full);
            return Err((message, Some(help)));
        }
    };
    // Placeholders used where their expansion cannot stand: said in the
    // user's terms, before the regex crate says it of the expansion.
    if let Some(message) = placeholder_misuse(&as_written, &capture_names(&written)) {
        return Err((message, Some(PLACEHOLDER_HELP.to_string())));
    }
    // a `{group}` that ends the pattern is checked against the lexicon
    // when the regex matches; elsewhere its terms are inlined
    let stand_in = if group_ends_pattern(pattern, &as_written) { group_stand_in(people_terms) } else { None };
    let expansion = match &stand_in {
        Some(stand_in) => expand_idiom_with(pattern, stand_in, QUALIFIER_WORD),
        None => expand_idiom(pattern, people_terms),
    };
    let expanded = expansion.map_err(|msg| (msg, Some(PLACEHOLDER_HELP.to_string())))?;
    let built = IdiomRegex::new(&expanded, REGEX_SIZE_LIMIT);
    // never the expansion in a message: it is kilobytes of the
    // lexicons' terms, none of them the user's
    let regex = match built {
        Ok(regex) => regex,
        // too big already as written: the user's own repetitions, not `{group}`
        Err(e @ regex::Error::CompiledTooBig(_)) if too_big_as_written(&as_written) => {
            let (message, help) = too_big(&e);
            return Err((message, Some(help)));
        }
        Err(regex::Error::CompiledTooBig(limit)) if stand_in.is_none() && pattern.contains("{group}") => {
            return Err((
                format!(
                    "the regex is too big once `{{group}}` is expanded into the {} people terms of the group lexicons \
                     (limit {} MiB)",
                    people_terms.len(),
                    limit >> 20
                ),
                Some(
                    "an idiom inlines every people term where it says `{group}`: drop `{group}` from this pattern \
                     (and set `group:`), or use fewer terms"
                        .to_string(),
                ),
            ));
        }
        Err(e @ regex::Error::CompiledTooBig(_)) => {
            let (message, help) = too_big(&e);
            return Err((message, Some(help)));
        }
        Err(e) => {
            let reason = e.to_string().lines().last().unwrap_or("").trim_start_matches("error: ").to_string();
            return Err((
                format!("the pattern compiles as written, but not once its placeholders are expanded: {reason}"),
                Some(format!("{PLACEHOLDER_HELP}; check where they stand in `{pattern}`")),
            ));
        }
    };
    // built case-insensitive, as the regex is
    let loose = expand_idiom_loosely(pattern, people_terms).unwrap_or_else(|_| expanded.clone());
    let prefilter = Prefilter::new(&format!("(?i:{loose})"));
    let group_at_end = stand_in.as_ref().map(|_| GroupAtEnd::new(&expanded));
    Ok(IdiomMatchers { regex, group_at_end, prefilter })
}

/// Expands `{quantity}`/`{number}` and `{group}` placeholders of an idiom.
fn expand_idiom(pattern: &str, people_terms: &[String]) -> Result<String, String> {
    let alts: Vec<String> = people_terms.iter().map(|t| regex::escape(t)).collect();
    expand_idiom_with(pattern, &alts.join("|"), QUALIFIER_WORD)
}

/// [`expand_idiom`] for the idiom's prefilter: `{group}` as any run of
/// characters within a line, a superset of every people term (none holds a
/// line break, or the terms are inlined as for the regex). The prefilter's
/// regexes are then built without the lexicons' terms, each letter a class
/// of two, which made each such idiom cost about 100 M instructions of
/// rule compiling; where the idiom matches, the superset matches too.
///
/// The words `{quantity}` lets stand before the number ("at least") are
/// any runs of non-space characters here, a superset of the letters and
/// hyphens of [`QUALIFIER_WORD`]: a Unicode letter class, folded for case
/// and repeated three times, cost about 12 M instructions in each idiom's
/// prefilter.
///
/// A pattern that starts with the figure (`{quantity} of the dead…`) is
/// left without it: each of its matches holds a match of what follows the
/// figure, which starts with words the regex engine searches for fast,
/// while the figure starts with any word, and its superset was run at
/// every byte of every document (a third more instructions of extraction
/// at 1k for two such idioms).
fn expand_idiom_loosely(pattern: &str, people_terms: &[String]) -> Result<String, String> {
    let inlined;
    let group = if people_terms.iter().any(|t| t.contains(['\n', '\r'])) {
        inlined = people_terms.iter().map(|t| regex::escape(t)).collect::<Vec<_>>().join("|");
        inlined.as_str()
    } else {
        r"[^\n]+?"
    };
    match ["{quantity}", "{number}"].iter().find_map(|figure| pattern.strip_prefix(figure)) {
        // `\b|\B` holds everywhere: it keeps, for the prefilter, the
        // Unicode word boundary of the figure left out (which makes the
        // idiom's regex slow, and the prefilter worth having)
        Some(after) if !after.is_empty() => {
            let (loose, _) = expand_placeholders(after, group, r"\S")?;
            Ok(format!(r"(?:\b|\B){}", most_literal_suffix(&loose)))
        }
        _ => expand_idiom_with(pattern, group, r"\S"),
    }
}

/// The part of `pattern` from the top-level item at which it must start
/// with the longest literals (the first of equals, the whole pattern when
/// none starts with any): each match of the pattern holds a match of it,
/// so it is a superset, and the regex engine searches fastest for a long
/// literal ("of the dead were": from "dead|killed|victims", not from the
/// "of " of every other sentence). The whole pattern when a flag is set at
/// its top level (`(?s)` left behind would change what the rest matches).
fn most_literal_suffix(pattern: &str) -> &str {
    use regex_syntax::ast::{parse::Parser, Ast};
    use regex_syntax::hir::literal::Extractor;
    let Ok(ast) = Parser::new().parse(pattern) else { return pattern };
    let Ast::Concat(concat) = &ast else { return pattern };
    if concat.asts.iter().any(|a| matches!(a, Ast::Flags(_))) {
        return pattern;
    }
    let literal_start = |from: usize| -> usize {
        let hir = pattern.get(from..).and_then(|rest| regex_syntax::ParserBuilder::new().multi_line(true).build().parse(rest).ok());
        let prefixes = hir.map(|hir| Extractor::new().extract(&hir));
        prefixes.filter(|p| p.is_finite()).and_then(|p| p.min_literal_len()).unwrap_or(0)
    };
    let (mut best, mut at) = (literal_start(0), 0);
    for item in concat.asts.iter().skip(1) {
        let from = item.span().start.offset;
        let length = literal_start(from);
        if length > best {
            (best, at) = (length, from);
        }
    }
    pattern.get(at..).unwrap_or(pattern)
}

/// A word `{quantity}` lets stand before the number, as a regex class:
/// "at least 44", "as many as 40". Not folded for case (`(?-i:`): every
/// letter's other cases are letters already (only U+0345, a combining mark
/// that folds to ι, is left out), and folding the class of every letter
/// took about a fifth of compiling each idiom's regex.
const QUALIFIER_WORD: &str = r"(?-i:[\p{L}-])";

/// [`expand_idiom`] with `group` (a regex) where `{group}` stands, and
/// `word` (a regex of one character) for the characters of the words
/// `{quantity}` lets stand before the number ([`QUALIFIER_WORD`]).
fn expand_idiom_with(pattern: &str, group: &str, word: &str) -> Result<String, String> {
    match expand_placeholders(pattern, group, word)? {
        (expanded, true) => Ok(expanded),
        (_, false) => Err("the pattern has no `{quantity}` placeholder, so it cannot read a value".to_string()),
    }
}

/// [`expand_idiom_with`] of a pattern that may have no `{quantity}`: the
/// expansion, and whether it has one.
fn expand_placeholders(pattern: &str, group: &str, word: &str) -> Result<(String, bool), String> {
    // A number word, so that the lazy qualifier prefix cannot stop at an
    // ordinary word ("at" in "at least 44").
    const WORD: &str = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozens?|hundreds|thousands)\b";
    let number = format!(
        r"(?:{word}+\s+){{0,3}}?(?:[$€£]\s?)?(?:\d+(?:[.,]\d+)*|{WORD}(?:[-\s]+(?:and\s+)?{WORD})*)(?:\s*(?:-|–|to)\s*(?:\d+(?:[.,]\d+)*|{WORD}))?(?:\s*(?:thousand|million|billion|bn|m)\b)?\+?(?:\s*of)?"
    );
    let mut out = String::new();
    let mut rest = pattern;
    let mut value: Option<&str> = None;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let name = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        match name {
            "quantity" | "number" => {
                match value {
                    Some(first) if first == name => return Err(format!("`{{{name}}}` appears twice; a pattern reads one figure")),
                    Some(first) => return Err(format!("`{{{first}}}` and `{{{name}}}` both read the figure; a pattern reads one figure")),
                    None => value = Some(name),
                }
                out.push_str(&format!("(?P<quantity>{number})"));
            }
            "group" => {
                out.push_str(&format!("(?P<group>{group})"));
            }
            other if other.chars().all(|c| c.is_ascii_digit() || c == ',') => {
                out.push_str(&rest[open..=close]);
            }
            other => return Err(format!("unknown placeholder `{{{other}}}`; known: {{quantity}}, {{number}}, {{group}}")),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok((out, value.is_some()))
}

/// A file's section as sourced items, each with its index in the section.
fn sourced<T>(items: Vec<T>, source: usize) -> impl Iterator<Item = Sourced<T>> {
    items.into_iter().enumerate().map(move |(index, item)| Sourced { item, source, index })
}

/// The items whose id (`key`: `id`, or `name` for outlets) is not blank;
/// a blank one is an error at its value in `section`, and the item is
/// left out.
fn drop_blank_ids<T>(
    items: Vec<Sourced<T>>,
    section: &'static str,
    key: &'static str,
    id: impl Fn(&T) -> &str,
    what: &str,
    c: &mut Collector,
) -> Vec<Sourced<T>> {
    items
        .into_iter()
        .filter(|s| {
            if !id(&s.item).trim().is_empty() {
                return true;
            }
            c.push_at(
                s.source,
                &[Step::Key(section), Step::Index(s.index), Step::Key(key)],
                None,
                key,
                format!("the {what}'s {key} is empty"),
                Some(format!("every {what} needs its own `{key}:`, which reports show and by which a later file overrides it")),
            );
            false
        })
        .collect()
}

/// An error at each blank entry of the word list `field` of the item at
/// `item` (e.g. `kinds[2]`): an empty trigger or term matches nothing
/// anyone wrote, or everywhere. A YAML null (`~`, `null`) is read as an
/// empty entry ([`super::spec`]), and said to be one here.
fn blank_words(c: &mut Collector, source: usize, item: &[Step], rule: Option<&str>, field: &'static str, words: &[String], what: &str) {
    let mut blank = words.iter().enumerate().filter(|(_, w)| w.trim().is_empty()).map(|(j, _)| j);
    // one error per list, at its first empty entry
    let Some(j) = blank.next() else { return };
    let more = match blank.count() {
        0 => String::new(),
        n => format!(" (and {n} more in this list)"),
    };
    let mut path = item.to_vec();
    path.extend([Step::Key(field), Step::Index(j)]);
    let a = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    c.push_at(
        source,
        &path,
        rule,
        field,
        format!("an empty or null {what}{more}: {a} {what} must be a word or phrase"),
        Some(format!(
            "remove it, or write the {what} it stands for (a bare `~` or `null` is YAML's null, not those characters: quote it, `'~'`, to mean them)"
        )),
    );
}

/// An error at each expected claim of the examples of the rule at `item`
/// (e.g. `kinds[2]`) whose range ends below its start: `value_max` is the
/// high end, and no figure could be read as such a range.
fn backward_ranges(c: &mut Collector, source: usize, item: &[Step], rule: &str, examples: &[ExampleSpec]) {
    for (e, example) in examples.iter().enumerate() {
        for (x, expected) in example.expect.iter().enumerate() {
            // no figure reads as NaN or infinity: such an example could never pass
            let values = [("value", Some(expected.value)), ("value_max", expected.value_max)];
            for (field, value) in values {
                let Some(v) = value.filter(|v| !v.is_finite()) else { continue };
                let mut path = item.to_vec();
                path.extend([Step::Key("examples"), Step::Index(e), Step::Key("expect"), Step::Index(x), Step::Key(field)]);
                c.push_at(source, &path, Some(rule), "examples", format!("{field} {v} is not a number a figure can have"), None);
            }
            let Some(max) = expected.value_max.filter(|max| *max < expected.value) else { continue };
            let mut path = item.to_vec();
            path.extend([Step::Key("examples"), Step::Index(e), Step::Key("expect"), Step::Index(x), Step::Key("value_max")]);
            c.push_at(
                source,
                &path,
                Some(rule),
                "examples",
                format!("value_max {max} is below value {}: value_max must be at least value", expected.value),
                Some(
                    "`value` is the low end of a range and `value_max` the high end (\"200 to 300\": value 200, value_max 300)".to_string(),
                ),
            );
        }
    }
}

/// An error at each domain or dateline marker (`field`) that an earlier
/// outlet already lists (domains compared as the corpus reads them: case,
/// `www.` and a final dot aside), naming that outlet and where it is.
fn shared_outlet_markers(
    outlets: &[Sourced<OutletSpec>],
    field: &'static str,
    markers: impl Fn(&OutletSpec) -> &Vec<String>,
    c: &mut Collector,
) {
    let normal = |m: &str| {
        if field == "domains" {
            let m = m.trim().trim_end_matches('.').to_ascii_lowercase();
            m.strip_prefix("www.").map(str::to_string).unwrap_or(m)
        } else {
            m.to_string()
        }
    };
    let mut first: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for (o, s) in outlets.iter().enumerate() {
        for (j, marker) in markers(&s.item).iter().enumerate() {
            let key = normal(marker);
            if key.trim().is_empty() {
                continue;
            }
            match first.get(&key) {
                None => {
                    first.insert(key, (o, s.source, j));
                }
                // listed twice by one outlet: not ambiguous
                Some(&(fo, _, _)) if fo == o => {}
                Some(&(fo, fsource, fj)) => {
                    let Some(earlier) = outlets.get(fo) else { continue };
                    let file = c.sources.get(fsource).map_or("<rules>", |f| f.name.as_str());
                    let at = [Step::Key("outlets"), Step::Index(earlier.index), Step::Key(field), Step::Index(fj)];
                    let (line, _) = c.located(fsource, &at, Some(&earlier.item.name));
                    let what = if field == "domains" { "domain" } else { "dateline marker" };
                    let message = format!("{what} `{marker}` is also listed for outlet `{}` ({file}:{line})", earlier.item.name);
                    c.push_at(
                        s.source,
                        &[Step::Key("outlets"), Step::Index(s.index), Step::Key(field), Step::Index(j)],
                        Some(&s.item.name),
                        field,
                        message,
                        Some(format!("an article could belong to either outlet: list each {what} under one outlet only")),
                    );
                }
            }
        }
    }
}

/// Merges items by id, later wins; duplicate ids inside one file are errors,
/// said at the second entry's id (the one to rename) with the first's line.
fn merge_by_id<T>(
    items: Vec<Sourced<T>>,
    section: &'static str,
    key_name: &'static str,
    id: impl Fn(&T) -> &str,
    what: &str,
    c: &mut Collector,
) -> Vec<Sourced<T>> {
    let mut out: Vec<Sourced<T>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for s in items {
        let key = id(&s.item).to_string();
        match index.get(&key) {
            Some(&i) => {
                let Some(earlier) = out.get_mut(i) else { continue };
                if earlier.source != s.source {
                    *earlier = s;
                    continue;
                }
                let at = [Step::Key(section), Step::Index(earlier.index), Step::Key(key_name)];
                let (first_line, _) = c.located(s.source, &at, Some(&key));
                c.push_at(
                    s.source,
                    &[Step::Key(section), Step::Index(s.index), Step::Key(key_name)],
                    Some(&key),
                    key_name,
                    format!("duplicate {what} {key_name} `{key}` in one file (first at line {first_line})"),
                    Some("rename one of them, or merge them into one rule".to_string()),
                );
            }
            None => {
                index.insert(key, out.len());
                out.push(s);
            }
        }
    }
    out
}

/// Parses and compiles rule sources in order.
pub fn compile(sources: &[RuleSource]) -> Result<RuleSet, RuleErrors> {
    let mut c = Collector { sources, problems: Vec::new(), lookups_left: LOOKUPS };
    let mut files: Vec<(usize, RuleFile)> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        if s.text.trim().is_empty() {
            continue;
        }
        if let Some((line, column)) = yaml_guard::too_deep(&s.text, yaml_guard::RULES_FLOW_DEPTH) {
            c.problems.push(RuleProblem {
                file: s.name.clone(),
                line: line + 1,
                column,
                rule: None,
                field: None,
                message: yaml_guard::too_deep_message(yaml_guard::RULES_FLOW_DEPTH),
                help: Some("the file is not read: close the brackets (YAML reads at most 128 levels)".to_string()),
            });
            continue;
        }
        match serde_yaml::from_str::<RuleFile>(&s.text) {
            Ok(f) => files.push((i, f)),
            Err(e) => c.problems.extend(every_yaml_problem(s, &e)),
        }
    }
    // A file that could not be read may declare the kinds and groups other
    // files use: their references are checked once every file reads, not
    // reported as never declared (one broken kinds.yaml gave dozens).
    let every_file_read = files.len() == sources.len();
    let fingerprint = super::fingerprint::fingerprint(files.iter().map(|(_, file)| file));

    let mut settings = Settings::default();
    let mut qualifier_specs: Vec<Sourced<QualifierSpec>> = Vec::new();
    let (mut kinds, mut groups, mut idioms, mut lists) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut outlets, mut outlet_patterns, mut boilerplate) = (Vec::new(), Vec::new(), Vec::new());
    let mut events = EventSpec::default();
    let mut place_patterns: Vec<Sourced<String>> = Vec::new();
    let mut attribution = AttributionSpec::default();
    // the last file that added to each list of words a regex is built from:
    // a regex that cannot be built is located there
    let mut word_sources = WordSources::default();
    for (source, f) in files {
        if let Some(s) = f.settings {
            apply_settings(&mut settings, s, source, &mut c);
        }
        qualifier_specs.extend(sourced(f.qualifiers, source));
        kinds.extend(sourced(f.kinds, source));
        groups.extend(sourced(f.groups, source));
        idioms.extend(sourced(f.idioms, source));
        lists.extend(sourced(f.lists, source));
        outlets.extend(sourced(f.outlets, source));
        outlet_patterns.extend(sourced(f.outlet_patterns, source));
        boilerplate.extend(sourced(f.boilerplate, source));
        if let Some(e) = f.events {
            let lists = [
                ("year_markers", e.year_markers, &mut events.year_markers, "year marker"),
                ("year_clauses", e.year_clauses, &mut events.year_clauses, "year clause word"),
                ("year_subjects", e.year_subjects, &mut events.year_subjects, "year subject word"),
                ("year_relatives", e.year_relatives, &mut events.year_relatives, "year relative word"),
                ("year_of", e.year_of, &mut events.year_of, "year-of word"),
                ("year_joins", e.year_joins, &mut events.year_joins, "year join word"),
                ("year_periods", e.year_periods, &mut events.year_periods, "year period word"),
                ("year_comparisons", e.year_comparisons, &mut events.year_comparisons, "year comparison word"),
                ("last_year", e.last_year, &mut events.last_year, "last-year phrase"),
                ("years_ago", e.years_ago, &mut events.years_ago, "years-ago word"),
                ("years_after", e.years_after, &mut events.years_after, "years-after word"),
            ];
            for (field, words, into, what) in lists {
                blank_words(&mut c, source, &[Step::Key("events")], None, field, &words, what);
                word_sources.note(field, &words, source);
                into.extend(words);
            }
            place_patterns.extend(sourced(e.place_patterns, source));
        }
        if let Some(a) = f.attribution {
            for (field, words, what) in
                [("verbs", &a.verbs, "verb"), ("before", &a.before, "phrase"), ("cited", &a.cited, "verb"), ("titles", &a.titles, "title")]
            {
                blank_words(&mut c, source, &[Step::Key("attribution")], None, field, words, what);
                word_sources.note(field, words, source);
            }
            attribution.verbs.extend(a.verbs);
            attribution.before.extend(a.before);
            attribution.cited.extend(a.cited);
            attribution.titles.extend(a.titles);
        }
    }

    // Empty ids and words: an error each, at its value; an item without
    // an id is left out (it would only be a duplicate of the next one).
    let groups = drop_blank_ids(groups, "groups", "id", |g: &GroupSpec| &g.id, "group", &mut c);
    let kinds = drop_blank_ids(kinds, "kinds", "id", |k: &KindSpec| &k.id, "kind", &mut c);
    let idioms = drop_blank_ids(idioms, "idioms", "id", |i: &IdiomSpec| &i.id, "idiom", &mut c);
    let lists = drop_blank_ids(lists, "lists", "id", |l: &ListSpec| &l.id, "list rule", &mut c);
    let outlets = drop_blank_ids(outlets, "outlets", "name", |o: &OutletSpec| &o.name, "outlet", &mut c);
    let outlet_patterns = drop_blank_ids(outlet_patterns, "outlet_patterns", "id", |p: &PatternSpec| &p.id, "outlet pattern", &mut c);
    let boilerplate = drop_blank_ids(boilerplate, "boilerplate", "id", |p: &PatternSpec| &p.id, "boilerplate pattern", &mut c);
    for s in &kinds {
        let at = [Step::Key("kinds"), Step::Index(s.index)];
        blank_words(&mut c, s.source, &at, Some(&s.item.id), "triggers", &s.item.triggers, "trigger");
        blank_words(&mut c, s.source, &at, Some(&s.item.id), "triggers_before", &s.item.triggers_before, "trigger");
        blank_words(&mut c, s.source, &at, Some(&s.item.id), "nouns", &s.item.nouns, "noun");
    }
    for s in &groups {
        blank_words(&mut c, s.source, &[Step::Key("groups"), Step::Index(s.index)], Some(&s.item.id), "terms", &s.item.terms, "term");
    }
    for s in &lists {
        blank_words(
            &mut c,
            s.source,
            &[Step::Key("lists"), Step::Index(s.index)],
            Some(&s.item.id),
            "intro",
            &s.item.intro,
            "intro phrase",
        );
    }
    for s in &outlets {
        let at = [Step::Key("outlets"), Step::Index(s.index)];
        blank_words(&mut c, s.source, &at, Some(&s.item.name), "domains", &s.item.domains, "domain");
        blank_words(&mut c, s.source, &at, Some(&s.item.name), "datelines", &s.item.datelines, "dateline marker");
    }
    for s in &qualifier_specs {
        let at = [Step::Key("qualifiers"), Step::Index(s.index)];
        blank_words(&mut c, s.source, &at, None, "before", &s.item.before, "qualifier phrase");
        blank_words(&mut c, s.source, &at, None, "after", &s.item.after, "qualifier phrase");
    }

    let groups = merge_by_id(groups, "groups", "id", |g: &GroupSpec| &g.id, "group", &mut c);
    let kinds = merge_by_id(kinds, "kinds", "id", |k: &KindSpec| &k.id, "kind", &mut c);
    let idioms = merge_by_id(idioms, "idioms", "id", |k: &IdiomSpec| &k.id, "idiom", &mut c);
    let lists = merge_by_id(lists, "lists", "id", |k: &ListSpec| &k.id, "list", &mut c);
    let outlets = merge_by_id(outlets, "outlets", "name", |o: &OutletSpec| &o.name, "outlet", &mut c);
    let outlet_patterns = merge_by_id(outlet_patterns, "outlet_patterns", "id", |p: &PatternSpec| &p.id, "outlet pattern", &mut c);
    let boilerplate = merge_by_id(boilerplate, "boilerplate", "id", |p: &PatternSpec| &p.id, "boilerplate", &mut c);
    // a domain or dateline marker of two outlets would name either
    shared_outlet_markers(&outlets, "domains", |o| &o.domains, &mut c);
    shared_outlet_markers(&outlets, "datelines", |o| &o.datelines, &mut c);

    // Qualifiers: later files replace a qualifier's phrases wholesale.
    let mut qualifier_map: HashMap<crate::model::Qualifier, QualifierSpec> = HashMap::new();
    for q in qualifier_specs {
        qualifier_map.insert(q.item.id, q.item);
    }
    let mut phrases: Vec<QualifierPhrase> = Vec::new();
    let mut qualifier_list: Vec<_> = qualifier_map.into_values().collect();
    qualifier_list.sort_by_key(|q| q.id);
    for q in qualifier_list {
        for p in q.before {
            phrases.push(QualifierPhrase { phrase: p.to_lowercase(), qualifier: q.id, after: false });
        }
        for p in q.after {
            phrases.push(QualifierPhrase { phrase: p.to_lowercase(), qualifier: q.id, after: true });
        }
    }

    let group_ids: Vec<String> = groups.iter().map(|g| g.item.id.clone()).collect();
    let check_group = |c: &mut Collector, source: usize, rule: &str, field: &str, g: &str| {
        if every_file_read && g != "unspecified" && !group_ids.iter().any(|x| x == g) {
            let help = match closest(g, group_ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? Groups are declared under `groups:`"),
                None => "declare it under `groups:` (with `role` and `terms`) or use a declared group".to_string(),
            };
            c.push(source, rule, Some(field), format!("group `{g}` is used but never declared"), Some(help));
        }
    };

    let mut checked_groups = Vec::new();
    for s in &groups {
        let g = &s.item;
        if g.terms.is_empty() && g.role == GroupRole::People && g.id != "total" {
            c.push(
                s.source,
                &g.id,
                Some("terms"),
                "a group needs at least one term".to_string(),
                Some("list the nouns that name this group, e.g. `terms: [police, police officers]`".to_string()),
            );
        }
        if let Some(p) = &g.part_of {
            check_group(&mut c, s.source, &g.id, "part_of", p);
        }
        checked_groups.push(Group {
            id: g.id.clone(),
            description: g.description.clone(),
            role: g.role,
            terms: g.terms.clone(),
            part_of: g.part_of.clone(),
            origin: c.origin(s.source, &g.id),
        });
    }

    let mut checked_kinds = Vec::new();
    for s in &kinds {
        let k = &s.item;
        if k.counts == Counts::Things && k.nouns.is_empty() {
            c.push(
                s.source,
                &k.id,
                Some("nouns"),
                "a kind that counts things needs `nouns`".to_string(),
                Some("list what is counted, e.g. `nouns: [planes, aircraft]`".to_string()),
            );
        }
        if k.counts == Counts::People && k.triggers.is_empty() {
            c.push(
                s.source,
                &k.id,
                Some("triggers"),
                "a kind that counts people needs `triggers`".to_string(),
                Some("list the words that say what happened to them, e.g. `triggers: [killed, dead]`".to_string()),
            );
        }
        let tolerance = k.tolerance.unwrap_or(settings.tolerance);
        if !(0.0..1.0).contains(&tolerance) {
            c.push(
                s.source,
                &k.id,
                Some("tolerance"),
                format!("tolerance {tolerance} is outside 0..1"),
                Some("a relative tolerance: 0.1 means ±10%".to_string()),
            );
        }
        let default_group = k.default_group.clone().unwrap_or_else(|| "unspecified".to_string());
        check_group(&mut c, s.source, &k.id, "default_group", &default_group);
        checked_kinds.push(Kind {
            id: k.id.clone(),
            description: k.description.clone(),
            counts: k.counts,
            nouns: k.nouns.clone(),
            triggers: k.triggers.clone(),
            triggers_before: k.triggers_before.clone(),
            change: k.change,
            tolerance,
            unit: k.unit.clone(),
            default_group,
            needs_organisation: k.needs_organisation,
            from_shares: k.from_shares,
            examples: k.examples.clone(),
            origin: c.origin(s.source, &k.id),
        });
    }
    let kind_ids: Vec<String> = checked_kinds.iter().map(|k| k.id.clone()).collect();
    let check_kind = |c: &mut Collector, source: usize, rule: &str, k: &str| {
        if every_file_read && !kind_ids.iter().any(|x| x == k) {
            let help = match closest(k, kind_ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? Kinds are declared under `kinds:`"),
                None => "declare it under `kinds:` or use a declared kind".to_string(),
            };
            c.push(source, rule, Some("kind"), format!("kind `{k}` is used but never declared"), Some(help));
        }
    };
    let check_examples = |c: &mut Collector, source: usize, at: &[Step], rule: &str, examples: &[ExampleSpec]| {
        backward_ranges(c, source, at, rule, examples);
        for e in examples {
            for x in &e.expect {
                if every_file_read && !kind_ids.contains(&x.kind) {
                    c.push(source, rule, Some("examples"), format!("an example expects kind `{}`, which is never declared", x.kind), None);
                }
                if every_file_read
                    && x.group != "unspecified"
                    && !group_ids.contains(&x.group)
                    && !is_counted_noun(&x.group)
                    && !is_age_band(&x.group)
                {
                    c.push(
                        source,
                        rule,
                        Some("examples"),
                        format!("an example expects group `{}`, which is never declared", x.group),
                        Some(
                            "a declared group's id, `unspecified`, a lower-case noun no group lists (`journalist`) or an age band \
                             (`aged_over_70`)"
                                .into(),
                        ),
                    );
                }
            }
        }
    };
    for k in &checked_kinds {
        let (source, index) = kinds.iter().find(|s| s.item.id == k.id).map_or((0, 0), |s| (s.source, s.index));
        check_examples(&mut c, source, &[Step::Key("kinds"), Step::Index(index)], &k.id, &k.examples);
    }

    let people_terms: Vec<String> =
        checked_groups.iter().filter(|g| g.role == GroupRole::People).flat_map(|g| g.terms.iter().cloned()).collect();
    // Each idiom's regexes are built apart from the others, on all threads:
    // they are most of rule compiling (about 4 ms an idiom, one thread).
    // Beside them, the rest of the rules' regexes and the lexicon, which
    // need nothing of the idioms. The problems are reported in order below,
    // as they would be one by one.
    let (built, side): (Vec<Result<IdiomMatchers, PatternProblem>>, _) = rayon::join(
        || idioms.par_iter().map(|s| compile_idiom_pattern(&s.item.pattern, &people_terms)).collect(),
        || {
            build_beside_idioms(
                Collector { sources, problems: Vec::new(), lookups_left: c.lookups_left },
                BesideIdioms {
                    events: (&events, &place_patterns),
                    attribution: &attribution,
                    word_sources: &word_sources,
                    boilerplate: &boilerplate,
                    outlet_patterns: &outlet_patterns,
                    lexicon: lexicon_entries(&checked_groups, &checked_kinds, &lists),
                },
            )
        },
    );
    let mut checked_idioms = Vec::new();
    for (s, matchers) in idioms.iter().zip(built) {
        let i = &s.item;
        check_kind(&mut c, s.source, &i.id, &i.kind);
        if let Some(g) = &i.group {
            check_group(&mut c, s.source, &i.id, "group", g);
        }
        check_examples(&mut c, s.source, &[Step::Key("idioms"), Step::Index(s.index)], &i.id, &i.examples);
        match matchers {
            Ok(m) => checked_idioms.push(Idiom {
                id: i.id.clone(),
                kind: i.kind.clone(),
                group: i.group.clone(),
                pattern: i.pattern.clone(),
                lowered_groups: m.regex.capture_names().flatten().filter(|n| n.starts_with("lowered")).map(str::to_string).collect(),
                raised_groups: m.regex.capture_names().flatten().filter(|n| n.starts_with("raised")).map(str::to_string).collect(),
                regex: m.regex,
                group_at_end: m.group_at_end,
                prefilter: m.prefilter,
                examples: i.examples.clone(),
                origin: c.origin(s.source, &i.id),
            }),
            Err((message, help)) => c.push(s.source, &i.id, Some("pattern"), message, help),
        }
    }

    let mut checked_lists = Vec::new();
    for s in &lists {
        let l = &s.item;
        check_kind(&mut c, s.source, &l.id, &l.kind);
        check_examples(&mut c, s.source, &[Step::Key("lists"), Step::Index(s.index)], &l.id, &l.examples);
        if l.intro.is_empty() {
            c.push(
                s.source,
                &l.id,
                Some("intro"),
                "a list rule needs at least one intro phrase".to_string(),
                Some("e.g. `intro: [alliance of, consists of]`".to_string()),
            );
        }
        checked_lists.push(ListRule {
            id: l.id.clone(),
            kind: l.kind.clone(),
            intro: l.intro.clone(),
            min_items: l.min_items.unwrap_or(3).max(2),
            examples: l.examples.clone(),
            origin: c.origin(s.source, &l.id),
        });
    }

    let BuiltBesideIdioms {
        events,
        attribution,
        problems,
        lookups_used,
        boilerplate: boilerplate_regexes,
        outlet_patterns: outlet_regexes,
        lexicon,
    } = side;
    c.problems.extend(problems);
    c.lookups_left = c.lookups_left.saturating_sub(lookups_used);

    let mut corpus_boilerplate = Vec::new();
    for (s, built) in boilerplate.iter().zip(boilerplate_regexes) {
        if let Some(r) = c.built_regex(s.source, &s.item.id, "pattern", built) {
            corpus_boilerplate.push((s.item.id.clone(), r));
        }
    }
    let mut corpus_outlet_patterns = Vec::new();
    for (s, built) in outlet_patterns.iter().zip(outlet_regexes) {
        if let Some(r) = c.built_regex(s.source, &s.item.id, "pattern", built) {
            if r.capture_names().flatten().any(|n| n == "outlet") {
                corpus_outlet_patterns.push(r);
            } else {
                c.push(
                    s.source,
                    &s.item.id,
                    Some("pattern"),
                    "an outlet pattern needs a named group `outlet`".to_string(),
                    Some("e.g. `Provided by (?P<outlet>[^\\n]+)`".to_string()),
                );
            }
        }
    }
    let corpus_outlets: Vec<OutletRule> = outlets
        .iter()
        .map(|s| OutletRule { name: s.item.name.clone(), domains: s.item.domains.clone(), datelines: s.item.datelines.clone() })
        .collect();
    let dateline_markers = crate::corpus::DatelineMarkers::new(&corpus_outlets).unwrap_or_else(|e| {
        c.problems.push(RuleProblem {
            file: "<outlets>".into(),
            line: 0,
            column: 0,
            rule: None,
            field: Some("datelines".into()),
            message: format!("the dateline markers could not be built: {e}"),
            help: None,
        });
        Default::default()
    });
    let corpus = CorpusConfig {
        boilerplate: crate::corpus::Boilerplate::new(corpus_boilerplate),
        dateline_markers,
        outlets: corpus_outlets,
        outlet_patterns: corpus_outlet_patterns,
        near_duplicate_threshold: settings.near_duplicate_threshold,
        header_lines: settings.header_lines,
    };

    let lexicon = match lexicon {
        Ok(l) => Some(l),
        Err(e) => {
            c.problems.push(RuleProblem {
                file: "<lexicon>".into(),
                line: 0,
                column: 0,
                rule: None,
                field: None,
                message: format!("the lexicon could not be built: {e}"),
                help: None,
            });
            None
        }
    };

    match lexicon {
        Some(lexicon) if c.problems.is_empty() => Ok(RuleSet {
            implicit_gate: crate::extract::implicit::ImplicitGate::new(
                &settings.implicit_count_verbs,
                &settings.object_count_verbs,
                &checked_kinds,
            ),
            settings,
            qualifiers: QualifierLexicon::new(phrases),
            kinds: checked_kinds,
            groups: checked_groups,
            idiom_gate: PrefilterSet::new(checked_idioms.iter().map(|i| &i.prefilter)),
            idioms: checked_idioms,
            lists: checked_lists,
            events,
            attribution,
            corpus,
            lexicon,
            files: sources.iter().map(|s| s.name.clone()).collect(),
            fingerprint,
        }),
        _ => Err(RuleErrors { problems: c.problems }),
    }
}

/// What [`build_beside_idioms`] builds from: the rules whose regexes
/// (and the lexicon) need nothing of the idioms.
struct BesideIdioms<'r> {
    events: (&'r EventSpec, &'r [Sourced<String>]),
    attribution: &'r AttributionSpec,
    word_sources: &'r WordSources,
    boilerplate: &'r [Sourced<PatternSpec>],
    outlet_patterns: &'r [Sourced<PatternSpec>],
    lexicon: Vec<(String, TermRole)>,
}

/// What [`build_beside_idioms`] built, with the problems it found in
/// order and how many values it located (of the compile's budget).
struct BuiltBesideIdioms {
    events: EventScoping,
    attribution: Attribution,
    problems: Vec<RuleProblem>,
    lookups_used: usize,
    boilerplate: Vec<Result<Regex, (String, String)>>,
    outlet_patterns: Vec<Result<Regex, (String, String)>>,
    lexicon: Result<Lexicon, String>,
}

/// Builds the event scoping, the attribution, the boilerplate and outlet
/// patterns' regexes and the lexicon, while the idioms are built on the
/// other threads. Event and attribution problems go to `c`, a collector
/// of their own (reported after the idioms' and lists' problems, where
/// they were when built in line); the patterns' errors and the lexicon's
/// are returned, to be reported in their place. `c` starts with the
/// budget of values to locate the compile had before the idioms, and what
/// it uses is taken from the compile's: the same places as in line for
/// the first [`LOOKUPS`] problems, and past them a few more located
/// exactly that would have been located at their rule's id.
fn build_beside_idioms(mut c: Collector, rules: BesideIdioms) -> BuiltBesideIdioms {
    let budget = c.lookups_left;
    let events = compile_events(rules.events.0, rules.events.1, rules.word_sources, &mut c);
    let attribution = compile_attribution(rules.attribution, rules.word_sources, &mut c);
    BuiltBesideIdioms {
        events,
        attribution,
        lookups_used: budget - c.lookups_left,
        problems: c.problems,
        boilerplate: rules.boilerplate.iter().map(|s| build_regex(&s.item.pattern, false)).collect(),
        outlet_patterns: rules.outlet_patterns.iter().map(|s| build_regex(&s.item.pattern, false)).collect(),
        lexicon: Lexicon::new(rules.lexicon),
    }
}

/// The lexicon's terms and their roles: the groups' terms, the kinds'
/// nouns and triggers, the list rules' intro phrases, each with the index
/// of its rule (every checked group, kind and list rule is kept, so the
/// indexes are those of the checked rules).
fn lexicon_entries(groups: &[Group], kinds: &[Kind], lists: &[Sourced<ListSpec>]) -> Vec<(String, TermRole)> {
    let mut entries: Vec<(String, TermRole)> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        entries.extend(g.terms.iter().map(|t| (t.clone(), TermRole::Group(gi))));
    }
    for (ki, k) in kinds.iter().enumerate() {
        entries.extend(k.nouns.iter().map(|t| (t.clone(), TermRole::Noun(ki))));
        entries.extend(k.triggers.iter().map(|t| (t.clone(), TermRole::Trigger(ki))));
        entries.extend(k.triggers_before.iter().map(|t| (t.clone(), TermRole::TriggerBefore(ki))));
    }
    for (li, l) in lists.iter().enumerate() {
        entries.extend(l.item.intro.iter().map(|t| (t.clone(), TermRole::ListIntro(li))));
    }
    entries
}

/// Which file last added words to each list a regex is built from
/// (`year_markers`, and the attribution lists by field name).
#[derive(Default)]
struct WordSources {
    last: HashMap<&'static str, usize>,
}

impl WordSources {
    fn note(&mut self, field: &'static str, words: &[String], source: usize) {
        if !words.is_empty() {
            self.last.insert(field, source);
        }
    }

    fn source(&self, field: &str) -> usize {
        self.last.get(field).copied().unwrap_or(0)
    }
}

/// Applies one file's settings; a value out of range is an error located
/// at it in that file, and is not applied (so it is reported once, not
/// again for every rule it would reach).
fn apply_settings(settings: &mut Settings, s: SettingsSpec, source: usize, c: &mut Collector) {
    if let Some(t) = s.near_duplicate_threshold {
        // 0 would make every two articles copies of one story (and the
        // search for them grow with the square of the corpus)
        if t > 0.0 && t <= 1.0 {
            settings.near_duplicate_threshold = t;
        } else {
            c.push_at(
                source,
                &[Step::Key("settings"), Step::Key("near_duplicate_threshold")],
                None,
                "settings.near_duplicate_threshold",
                format!("{t} is outside 0..1 (above 0, at most 1)"),
                Some("a share of shingles, e.g. 0.7".into()),
            );
        }
    }
    if let Some(t) = s.tolerance {
        // as for a kind's own tolerance: 1 would let any figure match
        if (0.0..1.0).contains(&t) {
            settings.tolerance = t;
        } else {
            c.push_at(
                source,
                &[Step::Key("settings"), Step::Key("tolerance")],
                None,
                "settings.tolerance",
                format!("{t} is outside 0..1"),
                Some("the default relative tolerance of approximate figures: 0.1 means ±10%".into()),
            );
        }
    }
    settings.header_lines = s.header_lines.unwrap_or(settings.header_lines);
    settings.window_before = s.window_before.unwrap_or(settings.window_before).min(50);
    settings.window_after = s.window_after.unwrap_or(settings.window_after).min(50);
    settings.noun_window = s.noun_window.unwrap_or(settings.noun_window).min(20);
    // the lists read with a rule of their own (below), each checked for
    // blank entries
    let special: [(&'static str, &Option<Vec<String>>, &str); 5] = [
        ("abbreviations", &s.abbreviations, "abbreviation"),
        ("noun_stops", &s.noun_stops, "noun stop"),
        ("not_counted", &s.not_counted, "measure word"),
        ("raise_verbs", &s.raise_verbs, "raise verb"),
        ("count_nouns", &s.count_nouns, "count noun"),
    ];
    for (field, words, what) in special {
        if let Some(words) = words {
            blank_words(c, source, &[Step::Key("settings")], None, field, words, what);
        }
    }
    if let Some(a) = s.abbreviations {
        settings.abbreviations = a.into_iter().map(|w| w.trim_end_matches('.').to_lowercase()).collect();
    }
    let lower = |v: Vec<String>| -> Vec<String> { v.iter().flat_map(|w| w.split_whitespace()).map(str::to_lowercase).collect() };
    let phrases =
        |v: Vec<String>| -> Vec<String> { v.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()).collect() };
    if let Some(v) = s.noun_stops {
        settings.noun_stops = lower(v);
    }
    if let Some(v) = s.not_counted {
        // compared with a noun's singular: "days" also keeps "one day" out
        settings.not_counted = lower(v).iter().map(|w| crate::nouns::singular(w).into_owned()).collect();
    }
    // the plain lists: word lists lowered word by word, phrase lists lowered
    // and single-spaced; each checked for blank entries, then replacing the
    // default
    let plain = [
        ("before_links", "link word", s.before_links, &mut settings.before_links, false),
        ("after_links", "link word", s.after_links, &mut settings.after_links, false),
        ("aside_words", "aside word", s.aside_words, &mut settings.aside_words, false),
        ("place_words", "place word", s.place_words, &mut settings.place_words, false),
        ("part_words", "part word", s.part_words, &mut settings.part_words, false),
        ("incomplete_phrases", "incomplete-count phrase", s.incomplete_phrases, &mut settings.incomplete_phrases, true),
        ("change_words", "change word", s.change_words, &mut settings.change_words, true),
        ("change_causes", "change cause phrase", s.change_causes, &mut settings.change_causes, true),
        ("lowering_phrases", "lowering phrase", s.lowering_phrases, &mut settings.lowering_phrases, true),
        ("rate_phrases", "rate phrase", s.rate_phrases, &mut settings.rate_phrases, true),
        ("earlier_words", "earlier word", s.earlier_words, &mut settings.earlier_words, true),
        ("lowered_from", "lowered-from phrase", s.lowered_from, &mut settings.lowered_from, true),
        ("raised_from", "raised-from phrase", s.raised_from, &mut settings.raised_from, true),
        ("implicit_count_verbs", "implicit-count verb", s.implicit_count_verbs, &mut settings.implicit_count_verbs, true),
        ("people_nouns", "people noun", s.people_nouns, &mut settings.people_nouns, false),
        ("object_count_verbs", "object-count verb", s.object_count_verbs, &mut settings.object_count_verbs, false),
        ("restating_phrases", "restating phrase", s.restating_phrases, &mut settings.restating_phrases, true),
    ];
    for (field, what, given, into, is_phrase) in plain {
        let Some(v) = given else { continue };
        blank_words(c, source, &[Step::Key("settings")], None, field, &v, what);
        *into = if is_phrase { phrases(v) } else { lower(v) };
    }
    // "bringing the number of people in custody to [at least] six": a
    // raise verb, a determiner, up to two words, a count noun, up to 120
    // characters with no clause break, and "to" with up to three words
    // (a qualifier) before the figure, which the text searched ends at
    // (either list may come from another file than the other)
    if let Some(v) = &s.raise_verbs {
        settings.raise_verbs = phrases(v.clone());
    }
    if let Some(v) = &s.count_nouns {
        settings.count_nouns = phrases(v.clone());
    }
    if s.raise_verbs.is_some() || s.count_nouns.is_some() {
        let (verbs, nouns) = (&settings.raise_verbs, &settings.count_nouns);
        settings.risen_before = None;
        if !verbs.is_empty() && !nouns.is_empty() {
            let pattern = format!(
                r"(?i)\b(?P<verb>{})\s+(?:the|its|their|our|his|her|an?)\s+(?:[^\s,.;:]+\s+){{0,2}}?(?:{})\b[^,.;:]{{0,120}}?\bto\s+(?:[^\s,.;:]+\s+){{0,3}}$",
                alternation(verbs),
                alternation(nouns)
            );
            let path = [Step::Key("settings"), Step::Key("raise_verbs")];
            settings.risen_before = c.regex_at(source, &path, "settings.raise_verbs", &pattern, false);
        }
    }
}

/// Whether an example's group can be the counted noun of a figure that no
/// group lists (the extractor names such a group by its noun, lower-cased:
/// in the singular: "two journalists were killed" is `journalist`, and an
/// example may still write `journalists`): a lower-case word of
/// letters, with no `_` as group ids have. A misspelt group id of that shape
/// is not caught here, but its example then fails under `rules test`.
fn is_counted_noun(group: &str) -> bool {
    group.chars().any(char::is_alphabetic)
        && group.chars().all(|c| (c.is_alphabetic() && !c.is_uppercase()) || matches!(c, '-' | '\'' | '’'))
}

/// Whether `group` is the group the frames give people of an age band:
/// `aged_over_70`, `aged_under_18`.
fn is_age_band(group: &str) -> bool {
    let bound = group.strip_prefix("aged_over_").or_else(|| group.strip_prefix("aged_under_"));
    bound.is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.iter().map(|w| regex::escape(w).replace("\\ ", r"\s+").replace(' ', r"\s+")).collect::<Vec<_>>().join("|")
}

fn compile_events(spec: &EventSpec, place_patterns: &[Sourced<String>], sources: &WordSources, c: &mut Collector) -> EventScoping {
    const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
    const YEAR: &str = r"1[89]\d\d|20\d\d";
    // a marker before the year dates it ("in December 2011"); a clause word
    // after it and a comma too ("since 2009, when"), a subject word
    // before it at the start of the sentence ("The 2019 fire killed"), and
    // a subject word before it anywhere when a relative word follows ("a
    // 2019 shooting that killed"): group `year`, `clause_year`,
    // `subject_year` or `relative_year`; a join word after a comma, a
    // subject word and a year: `joined_year`. Every year the
    // pattern reads starts with 18, 19 or 20 (the extractor's year gate
    // relies on it)
    let mut forms = Vec::new();
    if !spec.year_markers.is_empty() {
        forms.push(format!(
            r"\b(?:{})\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},?\s+)?(?P<year>{YEAR})\b",
            alternation(&spec.year_markers)
        ));
    }
    if !spec.year_clauses.is_empty() {
        forms.push(format!(r"\b(?P<clause_year>{YEAR}),\s+(?:{})\b", alternation(&spec.year_clauses)));
    }
    if !spec.year_subjects.is_empty() {
        // after the sentence's opening quotes, and before a word: "the 2019
        // fire", not "the 2019, …" nor "the 2019–2020 season"
        forms.push(format!(
            r#"^[\s"“‘']*(?:{})\s+(?:(?:{MONTHS})\.?\s+)?(?P<subject_year>{YEAR})\s+\p{{L}}"#,
            alternation(&spec.year_subjects)
        ));
        if !spec.year_relatives.is_empty() {
            // anywhere, when a relative clause follows within a few words:
            // "since a 2019 shooting in Easton that killed 12 people", "the
            // October 2022 blast at Amasra, 20 kilometres away, in which":
            // a month may come before the year, and an aside between commas
            // after the words after it
            forms.push(format!(
                r"\b(?:{})\s+(?:(?:{MONTHS})\.?\s+)?(?P<relative_year>{YEAR})\s+(?:[\p{{L}}'’-]+\s+){{0,5}}[\p{{L}}'’-]+(?:,[^,.;:]{{1,40}},)?,?\s+(?:{})\b",
                alternation(&spec.year_subjects),
                alternation(&spec.year_relatives)
            ));
        }
    }
    if !spec.year_of.is_empty() && !spec.year_relatives.is_empty() {
        // a past event named by its year, a relative clause right after it:
        // "the MV Nyerere disaster of 2018, in which 228 people died"
        forms.push(format!(
            r"\b(?:{})\s+(?:(?:{MONTHS})\.?\s+)?(?P<of_year>{YEAR}),?\s+(?:{})\b",
            alternation(&spec.year_of),
            alternation(&spec.year_relatives)
        ));
    }
    if !spec.year_subjects.is_empty() && !spec.year_joins.is_empty() {
        // a clause joined after a comma opens like a sentence: "…, and a
        // 2011 blaze at a private hospital killed 89"
        forms.push(format!(
            r",\s*(?:{})\s+(?:{})\s+(?P<joined_year>{YEAR})\s+\p{{L}}",
            alternation(&spec.year_joins),
            alternation(&spec.year_subjects)
        ));
    }
    if !spec.year_periods.is_empty() {
        // a period from a year to now: "have killed thousands since 2011"
        forms.push(format!(
            r"\b(?:{})\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:{MONTHS})\.?\s+)?(?P<period_year>{YEAR})\b",
            alternation(&spec.year_periods)
        ));
    }
    let comparisons = (!spec.year_comparisons.is_empty()).then(|| {
        let pattern = format!(r"(?i)\b(?:{})\b", alternation(&spec.year_comparisons));
        let path = [Step::Key("events"), Step::Key("year_comparisons")];
        c.regex_at(sources.source("year_comparisons"), &path, "events.year_comparisons", &pattern, false)
    });
    let year_regex = (!forms.is_empty()).then(|| {
        let pattern = format!("(?i){}", forms.join("|"));
        let field = if !spec.year_markers.is_empty() {
            "year_markers"
        } else if !spec.year_clauses.is_empty() {
            "year_clauses"
        } else {
            "year_subjects"
        };
        let path = [Step::Key("events"), Step::Key(field)];
        c.regex_at(sources.source(field), &path, &format!("events.{field}"), &pattern, false)
    });
    let mut checked = Vec::new();
    for p in place_patterns {
        let (source, pattern) = (p.source, p.item.as_str());
        let path = [Step::Key("events"), Step::Key("place_patterns"), Step::Index(p.index)];
        if let Some(r) = c.regex_at(source, &path, "events.place_patterns", pattern, false) {
            if r.capture_names().flatten().any(|n| n == "place") {
                checked.push(r);
            } else {
                c.push_at(
                    source,
                    &path,
                    None,
                    "events.place_patterns",
                    format!("the pattern `{pattern}` has no named group `place`"),
                    Some("e.g. `city of (?P<place>\\p{Lu}\\w+)`".into()),
                );
            }
        }
    }
    let last_year = (!spec.last_year.is_empty()).then(|| {
        let pattern = format!(r"(?i)\b(?:{})\b", alternation(&spec.last_year));
        let path = [Step::Key("events"), Step::Key("last_year")];
        c.regex_at(sources.source("last_year"), &path, "events.last_year", &pattern, false)
    });
    // "seven years ago", "a decade ago": a count (digits or a few words,
    // read by the number reader) and a unit before a years-ago word; ASCII
    // word boundaries, so the lazy DFA runs (a Unicode `\b` made a scan of
    // every sentence with a figure cost 95 M instructions over 1k articles)
    let years_before = |c: &mut Collector, field: &str, words: &[String]| {
        (!words.is_empty()).then(|| {
            let pattern = format!(
                r"(?i-u)\b(?P<count>\d{{1,3}}|an?|[a-z]+(?:[ -][a-z]+)?)\s+(?P<unit>years?|decades?)\s+(?:{})\b",
                alternation(words)
            );
            let path = [Step::Key("events"), Step::Key(field)];
            c.regex_at(sources.source(field), &path, &format!("events.{field}"), &pattern, false)
        })
    };
    let years_ago = years_before(c, "years_ago", &spec.years_ago);
    let years_after = years_before(c, "years_after", &spec.years_after);
    // "more than 1,680 students have been kidnapped since the Chibok
    // abduction": the words case-blind, the name capitalised (Latin-1
    // letters: the Unicode classes cost 9.7 M instructions to compile)
    let named_period = (!spec.year_periods.is_empty()).then(|| {
        let pattern = format!(
            r"\b(?i:{})\s+(?:(?i:the)\s+)?(?P<name>[A-ZÀ-ÖØ-Þ][^\s,.;:!?()\x22“”]*(?:\s+[A-ZÀ-ÖØ-Þ][^\s,.;:!?()\x22“”]*){{0,2}})\s+(?P<noun>[a-zß-öø-ÿ][a-zß-öø-ÿ-]*)",
            alternation(&spec.year_periods)
        );
        let path = [Step::Key("events"), Step::Key("year_periods")];
        c.regex_at(sources.source("year_periods"), &path, "events.year_periods", &pattern, false)
    });
    EventScoping {
        year_regex: year_regex.flatten(),
        comparisons: comparisons.flatten(),
        last_year: last_year.flatten(),
        years_ago: years_ago.flatten(),
        years_after: years_after.flatten(),
        named_period: named_period.flatten(),
        periods_need_since: spec.year_periods.iter().all(|w| w.to_ascii_lowercase().contains("since")),
        place_patterns: checked,
    }
}

fn compile_attribution(spec: &AttributionSpec, sources: &WordSources, c: &mut Collector) -> Attribution {
    // the source: two to SOURCE_MAX_CHARS characters (`{2,80}?`), and
    // its unbounded form, which `SourceRegex` searches with first
    let source = |max: &str| format!(r"(?P<source>[^,.;:“”\x22()]{{2,{max}}}?)");
    let (bounded, unbounded) = (source(&SOURCE_MAX_CHARS.to_string()), source(""));
    // a regex built from one of the lists, located at that list in the last file that added to it
    let mut build = |field: &'static str, pattern: &str| {
        let path = [Step::Key("attribution"), Step::Key(field)];
        c.regex_at(sources.source(field), &path, &format!("attribution.{field}"), pattern, false)
    };
    let before_pattern = |source: &str| format!(r"(?i)\b(?:{})\s+{source}\s*(?:[,.;:]|$)", alternation(&spec.before));
    let before = (!spec.before.is_empty())
        .then(|| build("before", &before_pattern(&bounded)))
        .flatten()
        .map(|exact| SourceRegex::new(exact, build_regex(&before_pattern(&unbounded), false).ok()));
    let cited_pattern = |source: &str| format!(r"(?i)\b(?:{})\s+{source}\s+as\s+saying", alternation(&spec.cited));
    let cited = (!spec.cited.is_empty())
        .then(|| build("cited", &cited_pattern(&bounded)))
        .flatten()
        .map(|exact| SourceRegex::new(exact, build_regex(&cited_pattern(&unbounded), false).ok()));
    let verbs = (!spec.verbs.is_empty())
        .then(|| {
            let words = alternation(&spec.verbs);
            let pattern = |boundary: &str| format!(r"(?i){boundary}(?P<verb>{words}){boundary}");
            let exact = build("verbs", &pattern(r"\b"))?;
            Some(WordsRegex::new(exact, &spec.verbs, pattern))
        })
        .flatten();
    let titles = (!spec.titles.is_empty())
        .then(|| build("titles", &titles_pattern(&spec.titles)).map(|exact| TitlesRegex::new(exact, &spec.titles)))
        .flatten();
    let title_end = titles.as_ref().and_then(|_| title_end(&spec.titles, |p| build("titles", p)));
    Attribution { before, cited, verbs, titles, title_end }
}

/// `<Title> <Name>`: up to three capitalised words, one of `titles` (case
/// ignored), an optional comma, and a name of one to three capitalised
/// words; groups `title` and `name`. [`TitlesRegex`] matches this shape by
/// hand: a change here must be made there too (its tests compare the two).
pub(crate) fn titles_pattern(titles: &[String]) -> String {
    format!(
        r"(?P<title>(?:\p{{Lu}}[\p{{L}}'’-]*\s+){{0,3}}(?i:{}))[,]?\s+(?-i:(?P<name>\p{{Lu}}[\p{{L}}-]+(?:\s+\p{{Lu}}[\p{{L}}-]+){{0,2}}))",
        alternation(titles)
    )
}

/// `(?i:…)\z` over the titles as a key of the title map ends: lower case,
/// with their trailing non-alphanumeric characters trimmed as sources are.
/// `None` when a title is nothing but such characters (no test is possible).
fn title_end(titles: &[String], build: impl FnOnce(&str) -> Option<Regex>) -> Option<Regex> {
    let ends: Vec<String> = titles.iter().map(|t| t.trim_end_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase()).collect();
    if ends.iter().any(String::is_empty) {
        return None;
    }
    build(&format!(r"(?i:{})\z", alternation(&ends)))
}

/// `rules` with every `{group}` that ends an idiom's pattern inlined as
/// the other `{group}`s are (every people term, in the order the groups
/// list them), as they all were before those were checked at match time:
/// what the tests compare that check with.
#[cfg(test)]
pub(crate) fn with_groups_inlined(rules: &RuleSet) -> RuleSet {
    let people_terms: Vec<String> =
        rules.groups.iter().filter(|g| g.role == GroupRole::People).flat_map(|g| g.terms.iter().cloned()).collect();
    let mut out = rules.clone();
    for idiom in out.idioms.iter_mut().filter(|i| i.group_at_end.is_some()) {
        let expanded = expand_idiom(&idiom.pattern, &people_terms).expect("the idiom expands");
        idiom.regex = IdiomRegex::new(&expanded, REGEX_SIZE_LIMIT).expect("the inlined regex builds");
        idiom.group_at_end = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pattern` with its placeholders stood in, as the compiler checks it.
    fn written(pattern: &str) -> String {
        STAND_INS.iter().fold(pattern.to_string(), |p, (name, stand_in)| p.replace(&format!("{{{name}}}"), stand_in))
    }

    /// The rules built beside the idioms (event scoping, boilerplate and
    /// outlet patterns) have their problems reported where they were when
    /// everything was built in line: after the idioms' and the lists', in
    /// the order of the sections.
    #[test]
    fn problems_come_in_the_order_of_the_sections() {
        let mine = r#"
outlet_patterns:
  - {id: bad-outlet, pattern: 'Provided by (?P<x>.+)'}
boilerplate:
  - {id: bad-boilerplate, pattern: 'Read more ('}
events:
  place_patterns: ['in (?P<place>\w+']
lists:
  - {id: bad-list, kind: killed, intro: []}
idioms:
  - {id: bad-idiom, kind: killed, pattern: 'toll (rose to {quantity}'}
  - {id: bad-kind, kind: slain, pattern: 'toll fell to {quantity}'}
"#;
        let mut sources = crate::rules::load::builtin_sources();
        sources.push(RuleSource { name: "mine.yaml".into(), text: mine.into() });
        let problems = compile(&sources).expect_err("the rules have errors").problems;
        let found: Vec<(Option<&str>, Option<&str>)> = problems.iter().map(|p| (p.rule.as_deref(), p.field.as_deref())).collect();
        assert_eq!(
            found,
            [
                (Some("bad-idiom"), Some("pattern")),
                (Some("bad-kind"), Some("kind")),
                (Some("bad-list"), Some("intro")),
                (None, Some("events.place_patterns")),
                (Some("bad-boilerplate"), Some("pattern")),
                (Some("bad-outlet"), Some("pattern")),
            ],
            "{problems:#?}"
        );
    }

    #[test]
    fn a_group_ends_the_pattern_only_as_its_last_top_level_item() {
        let ends = |p: &str| group_ends_pattern(p, &written(p));
        assert!(ends(r"\b(?:killed|dead),\s+{quantity}\s+(?:were|was)\s+(?:also\s+)?{group}"));
        assert!(ends(r"lost {quantity} (?:of their )?{group}"));
        // inside an optional group, an alternation or a repetition, or not last
        assert!(!ends(r"number of (?:{group}\s+)?killed at {quantity}"));
        assert!(!ends(r"{quantity} (?:were|was) (?:{group})"));
        assert!(!ends(r"{quantity} were (?:children|{group})"));
        assert!(!ends(r"toll {quantity}|were {group}"));
        assert!(!ends(r"{quantity} were {group}+"));
        assert!(!ends(r"{quantity} were {group}\b"));
        assert!(!ends(r"{quantity} were {group} "));
        // a flag set before it changes how its terms match
        assert!(!ends(r"(?-i){quantity} were {group}"));
        assert!(!ends(r"{quantity} were (?U){group}"));
        assert!(!ends(r"death toll rose to {quantity}"));
    }

    #[test]
    fn a_superset_starts_where_its_literals_are_longest() {
        let after_figure = r"\s+of\s+(?:the|those)\s+(?:dead|killed|victims)\s+(?:were|was)\s+(?P<group>[^\n]+?)";
        assert_eq!(most_literal_suffix(after_figure), r"(?:dead|killed|victims)\s+(?:were|was)\s+(?P<group>[^\n]+?)");
        // the first of equals: the whole literal
        assert_eq!(most_literal_suffix(r"death toll rose to \d+"), r"death toll rose to \d+");
        // nothing literal, or a flag that would be left behind: the whole pattern
        assert_eq!(most_literal_suffix(r"\d+\s+\w+"), r"\d+\s+\w+");
        assert_eq!(most_literal_suffix(r"(?s)a.b\s+killed"), r"(?s)a.b\s+killed");
    }

    /// The prefilter of a pattern that starts with the figure leaves it
    /// out, and starts where the rest's literals are longest.
    #[test]
    fn the_prefilter_of_a_pattern_that_starts_with_the_figure_starts_after_it() {
        let terms = ["police".to_string()];
        let loose = expand_idiom_loosely(r"{quantity}\s+of\s+the\s+(?:dead|killed)\s+were\s+{group}", &terms).expect("expands");
        assert_eq!(loose, r"(?:\b|\B)(?:dead|killed)\s+were\s+(?P<group>[^\n]+?)");
        let loose = expand_idiom_loosely(r"toll of {quantity}", &terms).expect("expands");
        assert!(loose.starts_with("toll of (?P<quantity>(?:\\S+\\s+){0,3}?"), "{loose}");
    }

    #[test]
    fn the_stand_in_of_a_group_is_a_first_character_of_a_people_term() {
        let terms = ["police", " Soldiers", "’t Hooft", "police officers", "-x"].map(String::from);
        assert_eq!(group_stand_in(&terms).as_deref(), Some(r"['\-Sp’]"));
        assert_eq!(group_stand_in(&[]), None);
        let rules = compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let at_end: Vec<&str> = rules.idioms.iter().filter(|i| i.group_at_end.is_some()).map(|i| i.id.as_str()).collect();
        assert!(at_end.contains(&"among-killed") && at_end.contains(&"lost-people"), "{at_end:?}");
        let killed = rules.idioms.iter().find(|i| i.id == "number-killed").expect("number-killed");
        assert!(killed.group_at_end.is_none() && killed.regex.as_str().contains("police officers"), "an optional {{group}} is inlined");
    }

    /// The words before the figure are any letters, whatever their case,
    /// though their class is not folded: every letter's other cases are
    /// letters.
    #[test]
    fn the_words_before_the_figure_match_in_any_case_and_script() {
        let matchers = compile_idiom_pattern(r"toll rose to {quantity}", &[]).expect("compiles");
        for text in ["toll rose to AT LEAST 50", "toll rose to Nearly 60", "toll rose to ΠΕΡΊΠΟΥ 70", "toll rose to around 80"] {
            let caps = matchers.regex.captures_at(text, 0).expect(text);
            assert_eq!(caps.text("quantity"), text.get(13..), "{text}");
        }
        assert!(matchers.regex.captures_at("toll rose to 5 7", 0).is_some_and(|c| c.text("quantity") == Some("5")), "digits are no word");
    }

    #[test]
    fn idiom_needs_a_value_placeholder() {
        assert!(expand_idiom("death toll rose", &[]).is_err());
        assert!(expand_idiom("toll rose to {quantity}", &[]).is_ok());
        assert!(expand_idiom("toll {nope} {quantity}", &[]).is_err());
    }
}
