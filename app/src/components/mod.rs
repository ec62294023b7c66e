//! Building blocks shared by pages.

pub mod account_fields;
pub mod account_menu;
pub mod attempt_form;
pub mod bar_chart;
pub mod language_switch;
pub mod layout;
pub mod live_editor;
pub mod menu;
pub mod module_body;
pub mod new_password;
pub mod notice;
pub mod org_select;
pub mod question_fields;
pub mod question_results;
pub mod role_names;
