//! A cohort roster file, as a ministry's HR export or a trainer's
//! spreadsheet gives it: CSV with the columns [`COLUMNS`], one trainee a
//! row. Read whole and checked whole — every bad row is reported with its
//! row number (the header is row 1, as a spreadsheet numbers them) and
//! column — before anything is written. Files saved by Excel on Thai
//! Windows (Windows-874, no byte-order mark) and UTF-8 with or without a
//! byte-order mark are read; anything else is refused, never stored as
//! mojibake. Plain Rust: matching rows against existing accounts and
//! writing them belong to the import.

use crate::ssr::limits;
use crate::ssr::users::{normalise_email, normalise_username};
use std::collections::HashMap;

/// The roster's columns, by header name (any order, any case; `name_latin`,
/// `email` or `username`, `position`, `province` and `language` may be
/// left out or empty).
pub const COLUMNS: [&str; 8] = [
    "name",
    "name_latin",
    "email",
    "username",
    "organisation",
    "position",
    "province",
    "language",
];

/// More rows than a workshop batch or a provincial HR export holds.
pub const MAX_ROWS: usize = 10_000;

/// The encoding a roster was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8WithBom,
    /// Thai Windows (TIS-620 with a few punctuation marks).
    Windows874,
}

/// Why a whole file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(
        "the file is neither UTF-8 nor Thai Windows (Windows-874) text; save it as \
         \"CSV UTF-8\" and try again"
    )]
    Encoding,
    #[error("the file is empty")]
    Empty,
    #[error("row {row}: a quoted value is not closed")]
    UnclosedQuote { row: usize },
    #[error("the header row has no `{0}` column")]
    MissingColumn(&'static str),
    #[error("the header row has an unknown column `{0}` (expected: {list})", list = COLUMNS.join(", "))]
    UnknownColumn(String),
    #[error("the header row names `{0}` twice")]
    RepeatedColumn(String),
    #[error("more than {MAX_ROWS} rows")]
    TooManyRows,
}

/// What is wrong with one value. `Display` is the English the command
/// line prints; a page shows `key()` through Fluent with `args()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong(usize),
    HiddenCharacters,
    BadEmail(String),
    BadUsername(String),
    /// Neither an e-mail address nor a username.
    NoLogin,
    /// The same address or username as an earlier row.
    SameAsRow(usize),
    UnknownOrganisation(String),
    BadLanguage(String),
    /// The address or username is another person's account (another
    /// name), or an account the importer may not enrol.
    TakenByOther,
    /// The address and the username belong to two different accounts.
    TwoAccounts,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Required => write!(f, "required"),
            Problem::TooLong(max) => write!(f, "longer than {max} characters"),
            Problem::HiddenCharacters => write!(f, "holds control or text-direction characters"),
            Problem::BadEmail(e) => write!(f, "`{e}` is not an e-mail address"),
            Problem::BadUsername(u) => write!(
                f,
                "`{u}`: 3 to 64 letters, digits, dots, hyphens or underscores"
            ),
            Problem::NoLogin => write!(f, "an e-mail address or a username is required"),
            Problem::SameAsRow(row) => write!(f, "the same as row {row}"),
            Problem::UnknownOrganisation(o) => {
                write!(f, "no organisation `{o}` you may enrol into")
            }
            Problem::BadLanguage(l) => write!(f, "`{l}`: en or th"),
            Problem::TakenByOther => write!(
                f,
                "already used by another person's account, or one you may not enrol"
            ),
            Problem::TwoAccounts => write!(
                f,
                "the e-mail address and the username belong to two different accounts"
            ),
        }
    }
}

impl Problem {
    /// Its Fluent message.
    pub fn key(&self) -> &'static str {
        match self {
            Problem::Required => "roster-problem-required",
            Problem::TooLong(_) => "roster-problem-too-long",
            Problem::HiddenCharacters => "roster-problem-hidden",
            Problem::BadEmail(_) => "roster-problem-bad-email",
            Problem::BadUsername(_) => "roster-problem-bad-username",
            Problem::NoLogin => "roster-problem-no-login",
            Problem::SameAsRow(_) => "roster-problem-same-as-row",
            Problem::UnknownOrganisation(_) => "roster-problem-organisation",
            Problem::BadLanguage(_) => "roster-problem-language",
            Problem::TakenByOther => "roster-problem-taken",
            Problem::TwoAccounts => "roster-problem-two-accounts",
        }
    }

    /// Its message's one argument, `value`, if it has one.
    pub fn value(&self) -> Option<String> {
        match self {
            Problem::TooLong(n) | Problem::SameAsRow(n) => Some(n.to_string()),
            Problem::BadEmail(v)
            | Problem::BadUsername(v)
            | Problem::UnknownOrganisation(v)
            | Problem::BadLanguage(v) => Some(v.clone()),
            _ => None,
        }
    }
}

impl FileError {
    /// Its Fluent message and the message's `value` argument.
    pub fn key(&self) -> (&'static str, Option<String>) {
        match self {
            FileError::Encoding => ("roster-file-encoding", None),
            FileError::Empty => ("roster-file-empty", None),
            FileError::UnclosedQuote { row } => ("roster-file-quote", Some(row.to_string())),
            FileError::MissingColumn(c) => ("roster-file-missing-column", Some(c.to_string())),
            FileError::UnknownColumn(c) => ("roster-file-unknown-column", Some(c.clone())),
            FileError::RepeatedColumn(c) => ("roster-file-repeated-column", Some(c.clone())),
            FileError::TooManyRows => ("roster-file-too-many-rows", Some(MAX_ROWS.to_string())),
        }
    }
}

impl Encoding {
    /// How the preview names it.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8WithBom => "utf-8-bom",
            Encoding::Windows874 => "windows-874",
        }
    }
}

/// One bad value: its row (the header is row 1) and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: &'static str,
    pub reason: Problem,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column {}: {}",
            self.row, self.column, self.reason
        )
    }
}

/// A trainee as a checked row gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub row: usize,
    pub name: String,
    pub name_latin: Option<String>,
    /// Normalised (lower case).
    pub email: Option<String>,
    /// Lower case.
    pub username: Option<String>,
    /// An organisation's slug.
    pub organisation: String,
    pub position: Option<String>,
    pub province: Option<String>,
    /// `en` or `th`.
    pub language: String,
}

impl Entry {
    /// What the person signs in with: the address, else the username.
    pub fn login(&self) -> String {
        self.email
            .clone()
            .or_else(|| self.username.clone())
            .unwrap_or_default()
    }
}

/// A file read and checked: its entries, or why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    Clean {
        encoding: Encoding,
        entries: Vec<Entry>,
    },
    /// The file as a whole cannot be read.
    Unreadable(FileError),
    /// Every bad value, row by row.
    Rejected(Vec<RowError>),
}

/// Thai characters that are written over or under a consonant: one that
/// follows anything but a Thai letter was not Thai in the file either.
fn combining_thai(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

fn thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E40}'..='\u{0E46}')
}

/// The text of a roster file. UTF-8 (a byte-order mark is dropped) first;
/// otherwise Windows-874, accepted only when every byte maps and the Thai
/// it gives is well formed (a mark never follows a Latin letter) — a
/// Latin-1 "José" would otherwise become "Jos" and a Thai tone mark.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), Encoding::Utf8WithBom))
            .map_err(|_| FileError::Encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(FileError::Encoding);
    }
    let mut previous = ' ';
    for c in text.chars() {
        if combining_thai(c) && !(thai_letter(previous) || combining_thai(previous)) {
            return Err(FileError::Encoding);
        }
        previous = c;
    }
    Ok((text.into_owned(), Encoding::Windows874))
}

/// RFC 4180 records with the row each starts on (quoted values may hold
/// commas, doubled quotes and line breaks; CRLF or LF; a final line break
/// and blank lines are not rows).
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, FileError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut row = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    row += 1;
                    field.push('\n');
                }
                '\r' => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' => {}
            '\n' => {
                if any || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push((start, std::mem::take(&mut fields)));
                }
                any = false;
                row += 1;
                start = row;
            }
            c => {
                field.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(FileError::UnclosedQuote { row: start });
    }
    if any || !field.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

/// Characters a name must not hold: controls, and the direction overrides
/// and isolates that make a name print in another order than it reads.
fn hidden_characters(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    })
}

/// Reads and checks a roster. `may_enrol_into` says whether a slug names
/// an organisation the importer may enrol into.
pub fn check(bytes: &[u8], may_enrol_into: &dyn Fn(&str) -> bool) -> Checked {
    let (text, encoding) = match decode(bytes) {
        Ok(t) => t,
        Err(e) => return Checked::Unreadable(e),
    };
    let mut rows = match records(&text) {
        Ok(r) => r.into_iter(),
        Err(e) => return Checked::Unreadable(e),
    };
    let Some((_, header)) = rows.next() else {
        return Checked::Unreadable(FileError::Empty);
    };
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        let Some(column) = COLUMNS.iter().find(|c| **c == name) else {
            return Checked::Unreadable(FileError::UnknownColumn(name));
        };
        if index.insert(column, i).is_some() {
            return Checked::Unreadable(FileError::RepeatedColumn(name));
        }
    }
    for required in ["name", "organisation"] {
        if !index.contains_key(required) {
            return Checked::Unreadable(FileError::MissingColumn(required));
        }
    }
    if !index.contains_key("email") && !index.contains_key("username") {
        return Checked::Unreadable(FileError::MissingColumn("email"));
    }
    let rows: Vec<(usize, Vec<String>)> = rows.collect();
    if rows.len() > MAX_ROWS {
        return Checked::Unreadable(FileError::TooManyRows);
    }

    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut seen_email: HashMap<String, usize> = HashMap::new();
    let mut seen_username: HashMap<String, usize> = HashMap::new();
    for (row, fields) in rows {
        let get = |column: &str| -> String {
            index
                .get(column)
                .and_then(|i| fields.get(*i))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let mut fail = |column: &'static str, reason: Problem| {
            errors.push(RowError {
                row,
                column,
                reason,
            });
        };
        let mut text = |column: &'static str, max: usize, required: bool| -> Option<String> {
            let value = get(column);
            if value.is_empty() {
                if required {
                    fail(column, Problem::Required);
                }
                return None;
            }
            if value.chars().count() > max {
                fail(column, Problem::TooLong(max));
                return None;
            }
            if hidden_characters(&value) {
                fail(column, Problem::HiddenCharacters);
                return None;
            }
            Some(value)
        };
        let name = text("name", limits::NAME, true);
        let name_latin = text("name_latin", limits::NAME, false);
        let position = text("position", limits::POSITION, false);
        let province = text("province", limits::PROVINCE, false);
        let organisation = text("organisation", 64, true);
        let email = match get("email") {
            e if e.is_empty() => None,
            e => {
                if let Ok(e) = normalise_email(&e) {
                    Some(e)
                } else {
                    fail("email", Problem::BadEmail(e));
                    None
                }
            }
        };
        let username = match get("username").to_lowercase() {
            u if u.is_empty() => None,
            u if normalise_username(&u).is_ok() => Some(u),
            u => {
                fail("username", Problem::BadUsername(u));
                None
            }
        };
        if get("email").is_empty() && get("username").is_empty() {
            fail("email", Problem::NoLogin);
        }
        if let Some(e) = &email {
            if let Some(first) = seen_email.insert(e.clone(), row) {
                fail("email", Problem::SameAsRow(first));
            }
        }
        if let Some(u) = &username {
            if let Some(first) = seen_username.insert(u.clone(), row) {
                fail("username", Problem::SameAsRow(first));
            }
        }
        if let Some(org) = &organisation {
            if !may_enrol_into(org) {
                fail("organisation", Problem::UnknownOrganisation(org.clone()));
            }
        }
        let language = match get("language").to_lowercase().as_str() {
            "" | "en" => "en".to_string(),
            "th" => "th".to_string(),
            other => {
                fail("language", Problem::BadLanguage(other.to_string()));
                String::new()
            }
        };
        if let (Some(name), Some(organisation)) = (name, organisation) {
            entries.push(Entry {
                row,
                name,
                name_latin,
                email,
                username,
                organisation,
                position,
                province,
                language,
            });
        }
    }
    if errors.is_empty() {
        Checked::Clean { encoding, entries }
    } else {
        Checked::Rejected(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "name,name_latin,email,username,organisation,position,province,language\n";

    fn known(slug: &str) -> bool {
        matches!(slug, "police" | "dsdw-cm")
    }

    fn rows(text: &str) -> Checked {
        check(format!("{HEADER}{text}").as_bytes(), &known)
    }

    #[test]
    fn utf8_with_and_without_a_byte_order_mark() {
        let body = "สมชาย ใจดี,Somchai Jaidee,somchai@police.go.th,,police,Officer,เชียงใหม่,th\n";
        for (bytes, encoding) in [
            (format!("{HEADER}{body}").into_bytes(), Encoding::Utf8),
            (
                [
                    b"\xEF\xBB\xBF".as_slice(),
                    format!("{HEADER}{body}").as_bytes(),
                ]
                .concat(),
                Encoding::Utf8WithBom,
            ),
        ] {
            let Checked::Clean {
                encoding: e,
                entries,
            } = check(&bytes, &known)
            else {
                panic!("{:?}", check(&bytes, &known));
            };
            assert_eq!(e, encoding);
            assert_eq!(entries[0].name, "สมชาย ใจดี");
            assert_eq!(entries[0].province.as_deref(), Some("เชียงใหม่"));
        }
    }

    #[test]
    fn thai_windows_files_are_read_as_thai() {
        let text = format!("{HEADER}สมศรี มีสุข,,,somsri.m,dsdw-cm,นักสังคมสงเคราะห์,ลำพูน,\n");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(&text);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8 any more");
        let Checked::Clean { encoding, entries } = check(&bytes, &known) else {
            panic!("{:?}", check(&bytes, &known));
        };
        assert_eq!(encoding, Encoding::Windows874);
        assert_eq!(entries[0].name, "สมศรี มีสุข");
        assert_eq!(entries[0].username.as_deref(), Some("somsri.m"));
        assert_eq!(entries[0].position.as_deref(), Some("นักสังคมสงเคราะห์"));
    }

    #[test]
    fn other_encodings_are_refused_not_garbled() {
        // Latin-1 "José": é would read as a Thai tone mark after a Latin s.
        let latin1 = b"name,email,organisation\nJos\xE9,j@x.org,police\n";
        assert_eq!(
            check(latin1, &known),
            Checked::Unreadable(FileError::Encoding)
        );
        // UTF-16 with its byte-order mark.
        let utf16: Vec<u8> = "\u{FEFF}name\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            check(&utf16, &known),
            Checked::Unreadable(FileError::Encoding)
        );
        // A byte-order mark followed by bytes that are not UTF-8.
        assert_eq!(
            check(b"\xEF\xBB\xBFname\n\xE0\x80", &known),
            Checked::Unreadable(FileError::Encoding)
        );
    }

    #[test]
    fn quoted_values_hold_commas_quotes_and_line_breaks() {
        let r = records("a,\"b, \"\"c\"\"\",d\r\n\"multi\nline\",x\n\n,\n").unwrap();
        assert_eq!(
            r,
            [
                (1, vec!["a".to_string(), "b, \"c\"".into(), "d".into()]),
                (2, vec!["multi\nline".to_string(), "x".into()]),
                (5, vec![String::new(), String::new()]),
            ]
        );
        assert_eq!(
            records("a\n\"open,b\n"),
            Err(FileError::UnclosedQuote { row: 2 })
        );
    }

    #[test]
    fn the_header_names_known_columns() {
        let c = |t: &str| check(t.as_bytes(), &known);
        assert_eq!(c(""), Checked::Unreadable(FileError::Empty));
        assert_eq!(
            c("name,email,organisation,age\n"),
            Checked::Unreadable(FileError::UnknownColumn("age".into()))
        );
        assert_eq!(
            c("name,email\n"),
            Checked::Unreadable(FileError::MissingColumn("organisation"))
        );
        assert_eq!(
            c("name,organisation\n"),
            Checked::Unreadable(FileError::MissingColumn("email"))
        );
        assert_eq!(
            c("Name,E-mail,Organisation\n"),
            Checked::Unreadable(FileError::UnknownColumn("e-mail".into()))
        );
        // Any order and case; only the columns needed.
        assert!(matches!(
            c("ORGANISATION,Username,Name\npolice,pim,Pim\n"),
            Checked::Clean { .. }
        ));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_column() {
        let long = "x".repeat(201);
        let text = [
            "Anong,,anong@x.org,,police,,,\n",           // row 2: good
            ",,nobody@x.org,,police,,,\n",               // 3: no name
            "Pim,,,,police,,,\n",                        // 4: neither address nor username
            "Dara,,not-an-address,,nowhere,,,fr\n",      // 5: three problems
            "Again,,ANONG@x.org,,police,,,\n",           // 6: duplicate of row 2
            &format!("{long},,l@x.org,,police,,,\n"),    // 7: too long
            "Evil\u{202E}gpj.exe,,e@x.org,,police,,,\n", // 8: a direction override
            "Usr,,,ab,police,,,\n",                      // 9: username too short
            "\"Kha, Somsak\",,,somsak,police,,,\n",      // 10: good (quoted comma)
        ]
        .concat();
        let Checked::Rejected(errors) = rows(&text) else {
            panic!("{:?}", rows(&text));
        };
        let brief: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(
            brief,
            [
                (3, "name"),
                (4, "email"),
                (5, "email"),
                (5, "organisation"),
                (5, "language"),
                (6, "email"),
                (7, "name"),
                (8, "name"),
                (9, "username"),
            ]
        );
        assert_eq!(errors[5].reason, Problem::SameAsRow(2));
        assert_eq!(errors[0].to_string(), "row 3, column name: required");
        // Fixed, the same file is clean, its rows in order.
        let clean = "Anong,,anong@x.org,,police,,,th\n\"Kha, Somsak\",,,Somsak,dsdw-cm,,,\n";
        let Checked::Clean { entries, .. } = rows(clean) else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].name, "Kha, Somsak");
        assert_eq!(entries[1].username.as_deref(), Some("somsak"));
        assert_eq!(
            (entries[0].language.as_str(), entries[1].language.as_str()),
            ("th", "en")
        );
    }

    mod generated {
        use super::super::*;
        use proptest::prelude::*;

        /// A CSV file of `rows` as a spreadsheet writes it: every value
        /// quoted, quotes doubled, CRLF.
        fn write(rows: &[Vec<String>]) -> String {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|v| format!("\"{}\"", v.replace('"', "\"\"")))
                        .collect::<Vec<_>>()
                        .join(",")
                        + "\r\n"
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(crate::ssr::testing::proptest_cases(256)))]

            /// Whatever the values — commas, quotes, line breaks, Thai —
            /// reading a written file gives them back, row by row.
            #[test]
            fn records_read_back_what_was_written(
                rows in prop::collection::vec(
                    prop::collection::vec("[a-z,\"\\nก-ฮ ]{0,8}", 1..5), 1..8)
            ) {
                let read: Vec<Vec<String>> = records(&write(&rows))
                    .unwrap()
                    .into_iter()
                    .map(|(_, fields)| fields)
                    .collect();
                prop_assert_eq!(read, rows);
            }

            /// No bytes make the reader panic: a file is clean, rejected
            /// row by row (rows it has), or unreadable.
            #[test]
            fn no_file_makes_the_reader_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
                let mut file = b"name,email,organisation\n".to_vec();
                file.extend(bytes);
                if let Checked::Rejected(errors) = check(&file, &|_| true) {
                    let lines = file.iter().filter(|b| **b == b'\n').count() + 1;
                    prop_assert!(errors.iter().all(|e| e.row >= 2 && e.row <= lines));
                }
            }
        }
    }
}
