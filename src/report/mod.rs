//! Rendering an [`crate::model::Analysis`]: the serde report model and one
//! renderer per format.
//!
//! - [`model`]: the [`model::Report`] JSON contract and [`model::build`].
//! - [`json`]: pretty JSON.
//! - [`table`]: a terminal table, one row per topic, most severe first.
//! - [`format`](mod@format): figure formatting (`≥26`, `>1,300`, `2–3 billion`).

pub mod format;
