//! Setting text in PDFs, shared by certificates, report summaries and
//! sign-in sheets: the fonts shipped in `server/fonts/` (`fonts.rs`),
//! shaping by script with rustybuzz (`shaping.rs`), a page to draw shaped
//! text, rules and boxes on (`canvas.rs`), each run of text carrying its
//! original string as `/ActualText` so it can be copied and extracted,
//! fonts subset keeping their glyph ids (`sfnt.rs`), and the file written
//! with lopdf (`document.rs`).

pub mod canvas;
pub mod document;
pub mod fonts;
pub mod sfnt;
pub mod shaping;
