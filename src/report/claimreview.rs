//! schema.org `ClaimReview` drafts (JSON-LD), one per conflicting topic:
//! the claim as the outlets reported it, each outlet's appearance with URL
//! and date, and the rating text "Conflicting reports". Fields only the
//! publishing fact-checker can fill (`url`, `author`, `datePublished`) are
//! `null`; JSON-LD processors ignore nulls, and a reviewer sees what is left
//! to do.

use super::index::{Index, TopicView};
use super::{format, sanitize};
use crate::model::{Analysis, Claim, Finding, Verdict};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;

/// The rating every draft carries.
pub const RATING: &str = "Conflicting reports";

/// The JSON-LD document: a `@graph` of drafts.
#[derive(Debug, Serialize)]
pub struct Drafts {
    /// Always `https://schema.org`.
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// One `ClaimReview` per conflicting topic.
    #[serde(rename = "@graph")]
    pub graph: Vec<ClaimReview>,
}

/// One draft review.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReview {
    /// `ClaimReview`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The fact-checker's page for this review: to fill.
    pub url: Option<String>,
    /// The fact-checking organisation: to fill.
    pub author: Option<String>,
    /// When the review is published: to fill.
    pub date_published: Option<String>,
    /// What is checked, in words, with each outlet's figure.
    pub claim_reviewed: String,
    /// The arithmetic behind the verdict.
    pub review_body: String,
    /// The rating.
    pub review_rating: Rating,
    /// The claim and where it appeared.
    pub item_reviewed: ItemReviewed,
}

/// `Rating` with a textual verdict only (no numeric scale).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    /// `Rating`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The verdict in words ("Conflicting reports").
    pub alternate_name: &'static str,
    /// Why: the finding notes.
    pub rating_explanation: String,
}

/// The `Claim` reviewed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemReviewed {
    /// `Claim`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Topic label and event (`killed/security_forces · kazakhstan-2022`).
    pub name: String,
    /// The earliest appearance.
    pub first_appearance: Option<Appearance>,
    /// Every outlet's appearance, earliest first.
    pub appearance: Vec<Appearance>,
}

/// One article carrying a figure.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Appearance {
    /// `NewsArticle`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Article URL, if known.
    pub url: Option<String>,
    /// The date the figure holds for (the article's date).
    pub date_published: Option<String>,
    /// Article title, if known.
    pub headline: Option<String>,
    /// The outlet.
    pub publisher: Organization,
    /// The quoted text, with the figure and who gave it.
    pub text: String,
    /// crosscheck's claim id, to find the evidence again.
    pub identifier: String,
}

/// A named organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    /// `Organization`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Its name.
    pub name: String,
}

/// The drafts for every topic with a conflict finding.
pub fn drafts(analysis: &Analysis) -> Drafts {
    let ix = Index::new(analysis);
    let graph = ix.topics().iter().filter(|t| t.findings.iter().any(|f| f.verdict == Verdict::Conflict)).map(|t| review(&ix, t)).collect();
    Drafts { context: "https://schema.org", graph }
}

/// Pretty JSON-LD with a trailing newline, safe to paste into an HTML
/// page's `<script type="application/ld+json">`: each `<` is written as
/// `\u003c`, so no quote or outlet name can end the element.
pub fn render(analysis: &Analysis) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    write(analysis, &mut bytes)?;
    Ok(super::sink::utf8(bytes))
}

/// [`render`], written into `to` as it is serialised. Its only error is the
/// writer's (serde_json hands it back as it was, so that a closed pipe is
/// still recognised as one).
pub fn write(analysis: &Analysis, to: &mut dyn Write) -> std::io::Result<()> {
    let mut safe = ScriptSafe(to);
    serde_json::to_writer_pretty(&mut safe, &drafts(analysis)).map_err(std::io::Error::from)?;
    safe.0.write_all(b"\n")
}

/// A writer of JSON text that writes each `<` as `\u003c`: the same JSON
/// values, but a quote or outlet name holding `</script>` or `<!--` cannot
/// end or break the `<script>` element the drafts are published in (its
/// text is raw: only `<` can start what ends it; `&` and `>` mean nothing
/// there). `<` never stands outside a string in JSON, so each one is inside
/// a string, where the escape is valid.
struct ScriptSafe<'a>(&'a mut dyn Write);

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut pieces = buf.split(|&b| b == b'<');
        if let Some(first) = pieces.next() {
            self.0.write_all(first)?;
        }
        for piece in pieces {
            self.0.write_all(b"\\u003c")?;
            self.0.write_all(piece)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn review(ix: &Index, t: &TopicView) -> ClaimReview {
    let conflicts: Vec<&Finding> = t.findings.iter().copied().filter(|f| f.verdict == Verdict::Conflict).collect();
    // The claims in conflict, in time order, each once (a set of ids: a
    // topic can hold thousands of claims in conflict)
    let in_conflict: HashSet<&str> = conflicts.iter().flat_map(|f| f.claims.iter().map(String::as_str)).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let claims: Vec<&Claim> =
        t.claims.iter().copied().filter(|c| in_conflict.contains(c.id.as_str()) && seen.insert(c.id.as_str())).collect();
    let appearance: Vec<Appearance> = claims.iter().map(|c| appearance(ix, c)).collect();
    let reports: Vec<String> = claims
        .iter()
        .map(|c| {
            let date = ix.date(c).map(|d| format!(", {d}")).unwrap_or_default();
            format!("{} ({}{date})", ix.figure(c), clean(&ix.origin(&c.document)))
        })
        .collect();
    let notes: Vec<String> = conflicts.iter().map(|f| clean(&f.note).trim_end_matches('.').to_string()).collect();
    let explanation = notes.join("; ");
    let what = t.topic.group.replace('_', " ");
    ClaimReview {
        kind: "ClaimReview",
        url: None,
        author: None,
        date_published: None,
        claim_reviewed: format!("{} ({what}) in {}: {}", t.topic.kind.replace('_', " "), t.topic.event, reports.join("; ")),
        review_body: format!(
            "Outlets report figures that cannot all be true: {explanation}. Verify with the original sources before publishing."
        ),
        review_rating: Rating { kind: "Rating", alternate_name: RATING, rating_explanation: format!("{explanation}.") },
        item_reviewed: ItemReviewed {
            kind: "Claim",
            name: format!("{} · {}", t.topic.label(), t.topic.event),
            first_appearance: appearance.first().cloned(),
            appearance,
        },
    }
}

fn appearance(ix: &Index, c: &Claim) -> Appearance {
    let doc = ix.document(&c.document);
    let source = ix.source(c).map(|s| format!(" (according to {})", clean(&s))).unwrap_or_default();
    Appearance {
        kind: "NewsArticle",
        url: doc.and_then(|d| d.url.clone()).filter(|u| super::html::is_web_url(u)),
        date_published: ix.date(c).map(|d| d.to_string()),
        headline: doc.and_then(|d| d.title.as_deref()).map(clean),
        publisher: Organization { kind: "Organization", name: clean(&ix.outlet(&c.document)) },
        text: format!("{}: “{}”{source}", format::figure(&c.quantity), clean(&c.quote)),
        identifier: c.id.clone(),
    }
}

/// Control characters removed, whitespace collapsed.
fn clean(text: &str) -> String {
    sanitize::terminal(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;
    use serde_json::Value;

    #[test]
    fn one_draft_per_conflicting_topic() {
        let v: Value = serde_json::from_str(&render(&sample()).unwrap()).unwrap();
        assert_eq!(v["@context"], "https://schema.org");
        let graph = v["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 1);
        let r = &graph[0];
        assert_eq!(r["@type"], "ClaimReview");
        assert_eq!(r["reviewRating"]["alternateName"], "Conflicting reports");
        assert!(r["url"].is_null() && r["author"].is_null() && r["datePublished"].is_null());
        assert_eq!(
            r["claimReviewed"],
            "killed (security forces) in kazakhstan-2022: 18 (South China Morning Post, 2022-01-08); 16 (Xinhua, 2022-01-11)"
        );
        let apps = r["itemReviewed"]["appearance"].as_array().unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0]["url"], "https://www.scmp.com/news/china/article/3162664");
        assert_eq!(apps[0]["datePublished"], "2022-01-08");
        assert_eq!(apps[0]["publisher"]["name"], "South China Morning Post");
        assert_eq!(apps[1]["publisher"]["name"], "Xinhua");
        assert!(apps[1]["url"].is_null());
        assert_eq!(r["itemReviewed"]["firstAppearance"], apps[0]);
        assert!(apps[0]["text"].as_str().unwrap().contains("“18 security officers had been killed” (according to interior ministry)"));
    }

    /// One topic with 20,000 claims in conflict: each claim is looked up
    /// in a set, not in every finding's list and the drafted list (tens of
    /// seconds before).
    #[test]
    fn a_topic_with_thousands_of_conflicting_claims_is_drafted_in_linear_time() {
        let mut a = sample();
        let template = a.claims.iter().find(|c| c.kind == "killed" && c.group == "security_forces").cloned().unwrap();
        a.claims = (0..20_000).map(|i| Claim { id: format!("{}:{i}", template.document), ..template.clone() }).collect();
        let ids: Vec<String> = a.claims.iter().map(|c| c.id.clone()).collect();
        let conflict = a.findings.iter().find(|f| f.verdict == Verdict::Conflict).cloned().unwrap();
        a.findings = ids.chunks(2).map(|pair| Finding { claims: pair.to_vec(), ..conflict.clone() }).collect();
        let start = std::time::Instant::now();
        let d = drafts(&a);
        let took = start.elapsed().as_secs_f64();
        assert_eq!(d.graph.len(), 1);
        assert_eq!(d.graph[0].item_reviewed.appearance.len(), 20_000);
        assert!(took < 5.0, "20,000 conflicting claims took {took:.1}s");
    }

    #[test]
    fn text_from_articles_cannot_end_the_script_element() {
        let mut a = sample();
        a.documents[1].outlet = Some("</script><script>alert(1)</script>".into());
        a.claims.iter_mut().for_each(|c| c.quote = "<!-- & -->".into());
        let text = render(&a).unwrap();
        assert!(!text.contains('<'), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let first = &v["@graph"][0]["itemReviewed"]["appearance"][0];
        assert_eq!(first["publisher"]["name"], "</script><script>alert(1)</script>");
        assert!(first["text"].as_str().unwrap().contains("“<!-- & -->”"), "{first}");
    }

    #[test]
    fn no_conflict_no_drafts() {
        let mut a = sample();
        a.findings.retain(|f| f.verdict != Verdict::Conflict);
        let v: Value = serde_json::from_str(&render(&a).unwrap()).unwrap();
        assert_eq!(v["@graph"], Value::Array(vec![]));
    }
}
