//! One module per page.

pub mod account;
pub mod account_password;
pub mod admin;
pub mod author;
pub mod certificate_batches;
pub mod certificates;
pub mod cohort_progress;
pub mod cohort_roster;
pub mod cohorts;
pub mod courses;
pub mod fragments;
pub mod home;
pub mod join;
pub mod login;
pub mod not_found;
pub mod page_data;
pub mod reports;
pub mod reset_password;
pub mod second_factor;
pub mod verify;
