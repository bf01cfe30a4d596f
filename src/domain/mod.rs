//! Pure rules of the procedure: no actix, no diesel, no clock. Time enters as an argument.

pub mod access;
pub mod authority;
pub mod bounds;
pub mod call;
pub mod call_stage;
pub mod challenge;
pub mod communication;
pub mod contract;
pub mod cpv;
pub mod criteria;
pub mod declaration;
pub mod dialogue;
pub mod evaluation;
pub mod evaluation_steps;
pub mod file_content;
pub mod fiscal;
pub mod lang;
pub mod money;
pub mod notification;
pub mod organisation;
pub mod phase;
pub mod redirect;
pub mod submission;
pub mod time;
pub mod violation;

pub use violation::{Violation, ViolationKind};
