//! crosscheck: cross-verify numeric claims across news outlets.
//!
//! Pipeline: [`corpus`] loads articles → [`extract`] reads claims with the
//! [`rules`] → [`align`] groups claims by topic and judges them → [`report`]
//! renders the result.

pub mod corpus;
pub mod dates;
pub mod model;
pub mod quantity;
pub mod report;
