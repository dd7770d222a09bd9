//! The rule language: YAML files users edit without recompiling.
//!
//! - [`spec`]: the serde types as written;
//! - [`compile`](mod@compile): parsing, merging by id, checking, with located errors;
//! - [`compiled`]: the checked set the pipeline runs on;
//! - [`lexicon`]: all terms in one automaton;
//! - [`titles`] and [`words`]: attribution regexes, searched fast;
//! - [`load`]: where rule files come from (built-in set, folders);
//! - [`fingerprint`](mod@fingerprint): which rules a claims stream was extracted with;
//! - [`position`]: where a value is in a rule file, for errors.

pub mod compile;
pub mod compiled;
pub mod error;
pub mod fingerprint;
pub mod idiom_regex;
pub mod lexicon;
pub mod load;
pub mod position;
pub mod prefilter;
pub mod selftest;
pub mod spec;
pub mod titles;
pub mod words;

pub use compile::{compile, RuleSource};
pub use compiled::RuleSet;
pub use error::{RuleErrors, RuleProblem};
