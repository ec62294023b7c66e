//! Content errors point at the place to fix: `file:line:column: message`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    /// The path as the author knows it, e.g. `content/identification/02-indicators.md`.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl ContentError {
    pub fn new(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        ContentError {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every error found in one pass, so an author fixes them all at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// Line and column (1-based) of a byte offset in `text`.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nไทย x";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 3), (2, 1));
        assert_eq!(position(text, text.find('x').unwrap()), (2, 5));
        let e = ContentError::new("content/a/01-b.md", 14, 3, "oops");
        assert_eq!(e.to_string(), "content/a/01-b.md:14:3: oops");
    }
}
