//! Setting text in PDFs, shared by certificates and report summaries:
//! the fonts shipped in `server/fonts/` (`fonts.rs`), shaping by script
//! with rustybuzz (`shaping.rs` — printpdf does not shape Thai, Burmese or
//! Khmer), and a page to draw shaped text, rules and boxes on
//! (`canvas.rs`), each run of text carrying its original string as
//! `/ActualText` so it can be copied and extracted.

pub mod canvas;
pub mod fonts;
pub mod shaping;
