//! A [`ReportDiff`] as a terminal table or as JSON.

use super::{ClaimChange, ReportDiff};
use crate::model::Verdict;
use crate::report::format;
use crate::report::model::ClaimEntry;
use crate::report::sanitize;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

/// The diff as text tables fitting `width` columns.
pub fn table(d: &ReportDiff, width: u16) -> String {
    let s = &d.summary;
    let mut out = format!(
        "Claims: {} added · {} removed · {} changed. Topics with changed verdicts: {}.\n",
        s.added, s.removed, s.changed, s.verdicts_changed
    );
    if d.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    if !(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty()) {
        let mut t = new_table(width);
        t.set_header(["change", "claim", "before", "after"]);
        for c in &d.removed {
            t.add_row(["removed".to_string(), where_(c), describe(c), "—".to_string()]);
        }
        for c in &d.added {
            t.add_row(["added".to_string(), where_(c), "—".to_string(), describe(c)]);
        }
        for c in &d.changed {
            t.add_row(changed_row(c));
        }
        out.push_str(&format!("\nClaims\n{t}\n"));
    }
    if !d.findings.is_empty() {
        let mut t = new_table(width);
        t.set_header(["topic", "event", "verdicts before", "verdicts after"]);
        for f in &d.findings {
            t.add_row([clean(&f.topic), clean(&f.event), verdicts(&f.old), verdicts(&f.new)]);
        }
        out.push_str(&format!("\nVerdicts\n{t}\n"));
    }
    out
}

/// The diff as pretty JSON with a trailing newline.
pub fn json(d: &ReportDiff) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(d).map(|s| s + "\n")
}

fn new_table(width: u16) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).force_no_tty().set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
    t
}

/// `001_…:3` and `line 17:228`.
fn where_(c: &ClaimEntry) -> String {
    clean(&format!("{}\nline {}:{}", c.id, c.line, c.column))
}

/// `killed/armed_criminals ≥26 “at least 26 …”`.
fn describe(c: &ClaimEntry) -> String {
    let q = crate::model::Quantity { qualifier: c.qualifier, value: c.value, value_max: c.value_max };
    let event = c.event_reason.as_ref().map(|_| format!(" [{}]", c.event)).unwrap_or_default();
    let lowered = c.lowered.as_ref().map(|words| format!(" ↓ {words}")).unwrap_or_default();
    clean(&format!("{}/{} {}{event}{lowered}\n“{}”", c.kind, c.group, format::figure(&q), c.quote))
}

fn changed_row(c: &ClaimChange) -> [String; 4] {
    let id = if c.old.id == c.new.id { c.old.id.clone() } else { format!("{} → {}", c.old.id, c.new.id) };
    let claim = clean(&format!("{id}\nline {}:{}\n({})", c.new.line, c.new.column, c.fields.join(", ")));
    ["changed".to_string(), claim, describe(&c.old), describe(&c.new)]
}

fn verdicts(list: &[Verdict]) -> String {
    if list.is_empty() {
        "—".to_string()
    } else {
        list.iter().map(|v| v.as_str().replace('_', " ").to_uppercase()).collect::<Vec<_>>().join(", ")
    }
}

fn clean(text: &str) -> String {
    sanitize::terminal(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::diff;
    use super::*;
    use crate::report::model::build;
    use crate::report::tests::sample;

    #[test]
    fn no_changes() {
        let r = build(&sample());
        assert_eq!(table(&diff(&r, &r), 100), "Claims: 0 added · 0 removed · 0 changed. Topics with changed verdicts: 0.\nNo changes.\n");
    }

    #[test]
    fn tables_name_claims_and_verdicts() {
        let old = build(&sample());
        let mut new = old.clone();
        if let Some(c) = new.claims.iter_mut().find(|c| c.id == "004_6215933f19a96aa9:2") {
            c.group = "total".into();
            c.quote = "\u{1b}[31mred".into();
        }
        new.findings.retain(|f| f.verdict != Verdict::Conflict);
        let text = table(&diff(&old, &new), 100);
        assert!(text.contains("changed"), "{text}");
        assert!(text.contains("004_6215933f19a96aa9:2"), "{text}");
        assert!(text.contains("(group, quote)"), "{text}");
        assert!(text.contains("CONFLICT, UPDATE"), "{text}");
        assert!(!text.contains('\u{1b}'));
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{line}");
        }
        let v: serde_json::Value = serde_json::from_str(&json(&diff(&old, &new)).unwrap()).unwrap();
        assert_eq!(v["summary"]["changed"], 1);
        assert_eq!(v["findings"][0]["old"], serde_json::json!(["conflict", "update"]));
    }
}
