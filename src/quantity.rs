//! Number mentions: digits, number words, scale words, ranges and
//! qualifiers, read into [`Quantity`] intervals. Also classifies numbers
//! that are not counts (years, dates, times, ages, ordinals, identifiers)
//! so the extractor can skip them.
//!
//! INTERFACE (filled in by the quantity work item):

use crate::model::{Quantity, Qualifier};
use std::ops::Range;

/// What a number mention is, beyond its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberForm {
    /// A plain count or amount: the only form that can become a claim.
    Count,
    /// A calendar year ("in 2011", "since 2019").
    Year,
    /// Part of a date ("Jan. 11", "8 Jan, 2022", "January 11, 2022").
    Date,
    /// A time of day ("18:51", "10 am").
    Time,
    /// An age ("81-year-old", "aged 55").
    Age,
    /// An ordinal ("1st", "second", "third").
    Ordinal,
    /// A percentage ("12%", "12 percent").
    Percent,
    /// Glued to letters or a code ("F-16", "COVID-19", "Channel 7", "G7").
    Identifier,
}

/// One number found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// Byte range of the whole mention, including a range's second number
    /// and a glued suffix such as `+`, but NOT a qualifier phrase.
    pub span: Range<usize>,
    /// The value(s) read; qualifier is `Exact`, `Range`, or `AtLeast` for
    /// a glued `+` suffix ("7,900+").
    pub quantity: Quantity,
    /// What kind of number this is.
    pub form: NumberForm,
    /// True when written in words ("eight", "twenty-one").
    pub in_words: bool,
    /// True when directly preceded by a currency sign ("$2bn").
    pub currency_sign: bool,
}

/// A phrase that qualifies a number, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifierPhrase {
    /// Lower-case phrase, e.g. "at least", "or more".
    pub phrase: String,
    /// The qualifier it sets.
    pub qualifier: Qualifier,
    /// True for phrases after the number ("or more", "or so").
    pub after: bool,
}
