//! The report files the server writes: the completion report as an Excel
//! workbook (the CSV is text, written by `app::ssr::reports::export`).

pub mod xlsx;
