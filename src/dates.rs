//! Dates in article text: publication datelines ("8 Jan, 2022",
//! "18:51, January 11, 2022", "Jan. 11"), ISO dates, and weekday names
//! resolved against a reference date.
//!
//! INTERFACE (filled in by the corpus work item):

use chrono::NaiveDate;
use std::ops::Range;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The date (year filled from the reference year when absent).
    pub date: NaiveDate,
    /// True when the text gave the year.
    pub has_year: bool,
}
