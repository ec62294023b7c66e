//! Assessment, the parts that are plain rules: how answers compare
//! ([`normalise`]), which questions and in what order a trainee sees
//! ([`presentation`], reproducible from a stored seed), and how an attempt
//! is scored ([`grading`]); the questions with their keys
//! ([`question`]) and an assessment's rules ([`settings`]); attempts and
//! knowledge checks ([`attempt`], [`check`]) with their SQL in [`store`].
//! The server is the only judge: these run on the
//! server, and what reaches a browser is [`crate::model::quiz::PublicQuestion`],
//! which has no field for the key.

pub mod answer_form;
pub mod attempt;
#[cfg(test)]
mod attempt_tests;
pub mod check;
pub mod feedback;
pub mod gain;
pub mod grading;
pub mod item_stats;
pub mod normalise;
pub mod presentation;
pub mod question;
pub mod settings;
pub mod store;
pub mod views;
