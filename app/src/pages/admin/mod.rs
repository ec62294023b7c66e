//! The administration screens: people, organisations, certificates, the
//! audit log.

pub mod audit;
pub mod certificates;
pub mod new_person;
pub mod organisations;
pub mod people;
pub mod person;
pub mod security;
