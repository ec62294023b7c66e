//! The report files the server writes: the completion report as an Excel
//! workbook, and the summary as a PDF (the CSV is text, written by
//! `app::ssr::reports::export`).

pub mod jobs;
pub mod pdf;
pub mod xlsx;

#[cfg(test)]
mod tests;
