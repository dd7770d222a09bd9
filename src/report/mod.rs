//! Rendering an [`crate::model::Analysis`]: the serde report model and one
//! renderer per format.
//!
//! INTERFACE (filled in by the report work item).
