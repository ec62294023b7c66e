//! The cells every export writes (CSV here; XLSX, typed, on the server),
//! and CSV cells that a spreadsheet will not run: a cell beginning with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
//! LibreOffice, so it is prefixed with `'` (OWASP's advice); every cell is
//! quoted, with quotes doubled.

/// UTF-8's byte-order mark, first in every CSV Lantern writes: without it,
/// Excel on a Thai Windows machine reads the file as Windows-874 and shows
/// Thai as mojibake.
pub const BOM: &str = "\u{feff}";

pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// One CSV line (RFC 4180: CRLF ends it).
pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// What a cell holds, so each format can write it as its own type.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A percentage, one decimal.
    Number(f64),
    /// A day: local seconds (in the deployment's time zone) of any moment
    /// in it.
    Date(i64),
    Empty,
}

/// One CSV line (RFC 4180): text quoted and defused against formulas,
/// numbers bare so a spreadsheet sums them, dates ISO 8601.
pub fn csv_line(cells: &[Cell]) -> String {
    let mut out = cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) => cell(t),
            Cell::Int(i) => i.to_string(),
            Cell::Number(n) => format!("{n:.1}"),
            Cell::Date(d) => crate::dates::format_date(*d),
            Cell::Empty => String::new(),
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        assert_eq!(cell("สมชาย"), "\"สมชาย\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(line(["a", "b,c"]), "\"a\",\"b,c\"\r\n");
    }
}
