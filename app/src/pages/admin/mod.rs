//! The administration screens: people, organisations, the audit log.

pub mod audit;
pub mod new_person;
pub mod organisations;
pub mod people;
pub mod person;
