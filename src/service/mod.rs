//! Application services: one function per state change. Each asks the domain whether the change
//! may happen, applies it in one write transaction and appends the audit event. Pages and the
//! JSON API both call these, so they cannot drift apart.

pub mod accounts;
pub mod blobs;
pub mod calls;
pub mod challenges;
pub mod clarifications;
pub mod communications;
pub mod contracts;
pub mod declarations;
pub mod dialogue;
pub mod documents;
pub mod evaluation;
pub mod evaluation_views;
pub mod invitations;
pub mod notifications;
pub mod open_data;
pub mod proposals;
