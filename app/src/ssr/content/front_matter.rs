//! The TOML header between `+++` lines: split from the body, then checked
//! key by key, so an author reads "front matter key `estimated_minutes` must
//! be a positive integer, found \"ten\"" at the key's line, not a parser's
//! internals.

use super::error::{position, ContentError};
use toml::{Table, Value};

/// A file split into its header and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub header: &'a str,
    /// The body, and the 1-based line it starts on.
    pub body: &'a str,
    pub body_line: usize,
}

pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(ContentError::new(
            file,
            1,
            1,
            "expected front matter: a first line `+++`, TOML keys, then another `+++` line",
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let header = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + header.matches('\n').count() + 1;
            return Ok(Split {
                header,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(ContentError::new(
        file,
        1,
        1,
        "the front matter is not closed: add a `+++` line after the last key",
    ))
}

/// Checks a header's keys one by one.
pub struct Header<'a> {
    file: &'a str,
    text: &'a str,
    table: Table,
    pub errors: Vec<ContentError>,
}

impl<'a> Header<'a> {
    /// Parses the TOML; a syntax error is reported at its position.
    pub fn parse(file: &'a str, text: &'a str) -> Result<Header<'a>, ContentError> {
        match text.parse::<Table>() {
            Ok(table) => Ok(Header {
                file,
                text,
                table,
                errors: Vec::new(),
            }),
            Err(e) => {
                let (line, column) = e.span().map_or((1, 1), |s| position(text, s.start));
                let message = e.message().trim().to_string();
                Err(ContentError::new(
                    file,
                    line + 1,
                    column,
                    format!("the front matter is not valid TOML: {message}"),
                ))
            }
        }
    }

    /// Where `key` is written (for messages), or the header's first line.
    fn place(&self, key: &str) -> (usize, usize) {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
            {
                let indent = line.len() - trimmed.len();
                let (l, c) = position(self.text, offset + indent);
                return (l + 1, c);
            }
            offset += line.len();
        }
        (1, 1)
    }

    /// Reports a problem with `key` found by a later check, at the key.
    pub fn error_at(&mut self, key: &str, message: String) {
        self.fail(key, message);
    }

    /// One of a fixed set of words.
    pub fn one_of(&mut self, key: &str, allowed: &[&str]) -> Option<String> {
        match self.table.remove(key) {
            Some(Value::String(s)) if allowed.contains(&s.as_str()) => Some(s),
            Some(v) => {
                let found = Self::found(&v);
                self.fail(
                    key,
                    format!(
                        "front matter key `{key}` must be one of {}, found {found}",
                        allowed
                            .iter()
                            .map(|a| format!("\"{a}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                None
            }
            None => None,
        }
    }

    fn fail(&mut self, key: &str, message: String) {
        let (line, column) = self.place(key);
        self.errors
            .push(ContentError::new(self.file, line, column, message));
    }

    fn missing(&mut self, key: &str) {
        self.errors.push(ContentError::new(
            self.file,
            1,
            1,
            format!("front matter key `{key}` is required"),
        ));
    }

    fn found(value: &Value) -> String {
        match value {
            Value::String(s) => format!("{s:?}"),
            Value::Integer(n) => n.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::Datetime(d) => d.to_string(),
            Value::Array(_) => "a list".into(),
            Value::Table(_) => "a table".into(),
        }
    }

    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.table.remove(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(v) => {
                let found = Self::found(&v);
                self.fail(
                    key,
                    format!("front matter key `{key}` must be non-empty text, found {found}"),
                );
                None
            }
            None => {
                if required {
                    self.missing(key);
                }
                None
            }
        }
    }

    pub fn positive(&mut self, key: &str, required: bool) -> Option<u32> {
        match self.table.remove(key) {
            Some(Value::Integer(n)) if n > 0 && n <= 100_000 => Some(n as u32),
            Some(v) => {
                let found = Self::found(&v);
                self.fail(
                    key,
                    format!("front matter key `{key}` must be a positive integer, found {found}"),
                );
                None
            }
            None => {
                if required {
                    self.missing(key);
                }
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.table.remove(key) {
            Some(Value::Boolean(b)) => Some(b),
            Some(v) => {
                let found = Self::found(&v);
                self.fail(
                    key,
                    format!("front matter key `{key}` must be true or false, found {found}"),
                );
                None
            }
            None => None,
        }
    }

    pub fn strings(&mut self, key: &str) -> Vec<String> {
        match self.table.remove(key) {
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        other => {
                            let found = Self::found(&other);
                            self.fail(key, format!("front matter key `{key}` must be a list of non-empty texts, found {found} in it"));
                        }
                    }
                }
                out
            }
            Some(v) => {
                let found = Self::found(&v);
                self.fail(key, format!("front matter key `{key}` must be a list like [\"a\", \"b\"], found {found}"));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Reports keys nobody asked for (usually a typo) and returns the errors.
    pub fn finish(mut self, known: &[&str]) -> Vec<ContentError> {
        let mut unknown: Vec<String> = self.table.keys().cloned().collect();
        unknown.sort();
        for key in unknown {
            self.fail(
                &key,
                format!(
                    "unknown front matter key `{key}` (expected one of: {})",
                    known.join(", ")
                ),
            );
        }
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_header_and_body_with_the_body_line() {
        let s = split("f.md", "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.header, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert!(split("f.md", "title = 1\n").is_err());
        let open = split("f.md", "+++\ntitle = \"A\"\n").unwrap_err();
        assert!(open.message.contains("not closed"));
    }

    #[test]
    fn reports_the_key_its_line_and_what_was_found() {
        let text = "title = \"Indicators\"\nestimated_minutes = \"ten\"\ncolour = 1\n";
        let mut h = Header::parse("content/c/02-indicators.md", text).unwrap();
        assert_eq!(h.string("title", true).as_deref(), Some("Indicators"));
        assert_eq!(h.positive("estimated_minutes", true), None);
        let errors = h.finish(&["title", "estimated_minutes"]);
        let shown: Vec<String> = errors
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "content/c/02-indicators.md:3:1: front matter key `estimated_minutes` must be a positive integer, found \"ten\"",
                "content/c/02-indicators.md:4:1: unknown front matter key `colour` (expected one of: title, estimated_minutes)",
            ]
        );
    }

    #[test]
    fn toml_syntax_errors_have_a_position() {
        let e = Header::parse("f.md", "title = \"A\"\nbad line\n")
            .err()
            .unwrap();
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with("the front matter is not valid TOML"));
    }

    #[test]
    fn missing_required_keys_are_named() {
        let mut h = Header::parse("f.md", "").unwrap();
        assert_eq!(h.string("title", true), None);
        let errors = h.finish(&["title"]);
        assert_eq!(errors[0].message, "front matter key `title` is required");
    }
}
