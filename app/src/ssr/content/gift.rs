//! Moodle's GIFT question format to Lantern quiz blocks, so trainers can
//! bring their question banks (`lantern import-gift FILE.gift --out DIR`).
//!
//! Converted: multiple choice (`=right ~wrong`), multiple answer with
//! weights (`~%50%a ~%-100%b`), true/false (`{T}`, `{FALSE}`), short answer
//! (`=a =b`), matching (`=left -> right`), `$CATEGORY:`, `//` comments,
//! `::titles::`, general feedback (`####`) and per-answer feedback (`#`) as
//! explanations, and the escapes `\~ \= \# \{ \} \:`. Essay, numerical and
//! cloze (missing-word) questions and descriptions are listed with their
//! line and skipped — never half-converted.

use crate::ssr::content::markdown::slug;
use std::collections::HashSet;

/// A question GIFT has but Lantern does not, and where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub kind: &'static str,
    pub text: String,
}

/// The result: Markdown quiz blocks per category, and what was skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// `(category, quiz block lines)`, in the order categories appear.
    pub categories: Vec<(String, Vec<String>)>,
    pub questions: usize,
    pub skipped: Vec<Skipped>,
}

/// Replaces GIFT escapes with the characters they stand for.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('~' | '=' | '#' | '{' | '}' | ':')) => out.push(n),
                Some('n') => out.push(' '),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits at `sep` characters that are not escaped.
fn split_unescaped(text: &str, is_sep: impl Fn(char) -> bool) -> Vec<(char, &str)> {
    let mut parts = Vec::new();
    let mut start = None;
    let mut marker = ' ';
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            continue;
        }
        if is_sep(c) {
            if let Some(s) = start {
                parts.push((marker, &text[s..i]));
            }
            marker = c;
            start = Some(i + c.len_utf8());
        }
    }
    if let Some(s) = start {
        parts.push((marker, &text[s..]));
    }
    parts
}

/// Finds an unescaped `needle` in `text`.
fn find_unescaped(text: &str, needle: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == needle {
            return Some(i);
        }
    }
    None
}

/// Strips a leading `[html]`, `[markdown]`, `[plain]` or `[moodle]` marker.
fn strip_format(text: &str) -> &str {
    for f in ["[html]", "[markdown]", "[plain]", "[moodle]"] {
        if let Some(rest) = text.trim_start().strip_prefix(f) {
            return rest;
        }
    }
    text
}

/// An answer's text and its feedback (`text#feedback`).
fn with_feedback(raw: &str) -> (String, Option<String>) {
    match find_unescaped(raw, '#') {
        Some(i) => (
            unescape(&raw[..i]),
            Some(unescape(&raw[i + 1..])).filter(|f| !f.is_empty()),
        ),
        None => (unescape(raw), None),
    }
}

pub fn convert(source: &str) -> Converted {
    let mut out = Converted::default();
    let mut category = "questions".to_string();
    let mut ids = HashSet::new();
    // Questions are separated by blank lines; comments are dropped first.
    let mut block: Vec<(usize, String)> = Vec::new();
    let mut blocks: Vec<Vec<(usize, String)>> = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
        } else {
            block.push((i + 1, line.to_string()));
        }
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    for block in blocks {
        let line = block[0].0;
        let text: String = block
            .iter()
            .map(|(_, l)| l.trim())
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(name) = text.strip_prefix("$CATEGORY:") {
            category = name
                .trim()
                .rsplit('/')
                .next()
                .unwrap_or("questions")
                .trim()
                .to_string();
            continue;
        }
        match question(&text, line, &mut ids) {
            Ok(lines) => {
                out.questions += 1;
                match out.categories.iter_mut().find(|(c, _)| *c == category) {
                    Some((_, qs)) => {
                        qs.push(String::new());
                        qs.extend(lines);
                    }
                    None => out.categories.push((category.clone(), lines)),
                }
            }
            Err(skip) => out.skipped.push(skip),
        }
    }
    out
}

/// One GIFT question as quiz-block lines, or why it was skipped.
fn question(text: &str, line: usize, ids: &mut HashSet<String>) -> Result<Vec<String>, Skipped> {
    let skip = |kind: &'static str| Skipped {
        line,
        kind,
        text: text.lines().next().unwrap_or("").chars().take(60).collect(),
    };
    // `::title::` names the question; it becomes the id.
    let (title, body) = match text.strip_prefix("::").and_then(|r| r.split_once("::")) {
        Some((t, rest)) => (Some(t.trim().to_string()), rest),
        None => (None, text),
    };
    let Some(open) = find_unescaped(body, '{') else {
        return Err(skip("description (no answers)"));
    };
    let close = find_unescaped(&body[open..], '}')
        .map(|i| open + i)
        .ok_or_else(|| skip("malformed (no closing brace)"))?;
    let stem = unescape(strip_format(&body[..open]));
    let after = body[close + 1..].trim();
    let answers = body[open + 1..close].trim();
    if !after.is_empty() && !stem.is_empty() {
        return Err(skip("cloze / missing word"));
    }
    let id = {
        let base = title
            .as_deref()
            .map(slug)
            .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or_else(|| "q".into());
        let base = base.chars().take(40).collect::<String>();
        let mut id = base.clone();
        let mut n = 1;
        while !ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    };
    let mut out = vec![format!("? [{id}] {stem}")];
    // General feedback (`####`) is the explanation.
    let (answers, general) = match answers.find("####") {
        Some(i) => (&answers[..i], Some(unescape(&answers[i + 4..]))),
        None => (answers, None),
    };
    let mut explanations: Vec<String> = general.into_iter().filter(|g| !g.is_empty()).collect();
    let upper = answers.trim().to_uppercase();
    if answers.trim().is_empty() {
        return Err(skip("essay"));
    }
    if answers.trim_start().starts_with('#') {
        return Err(skip("numerical"));
    }
    if let Some(tf) = ["T", "TRUE", "F", "FALSE"]
        .iter()
        .find(|t| upper.split('#').next().unwrap_or("").trim() == **t)
    {
        let truth = tf.starts_with('T');
        out.push(format!("({}) True", if truth { "x" } else { " " }));
        out.push(format!("({}) False", if truth { " " } else { "x" }));
        for fb in split_unescaped(answers, |c| c == '#')
            .iter()
            .map(|(_, f)| unescape(f))
        {
            if !fb.is_empty() {
                explanations.push(fb);
            }
        }
    } else {
        let parts = split_unescaped(answers, |c| c == '=' || c == '~');
        let matching = parts.iter().all(|(m, a)| *m == '=' && a.contains("->"));
        let has_wrong = parts.iter().any(|(m, _)| *m == '~');
        let weighted = parts
            .iter()
            .any(|(m, a)| *m == '~' && a.trim_start().starts_with('%'));
        if matching && parts.len() >= 2 {
            for (_, a) in &parts {
                let (pair, fb) = with_feedback(a);
                let (l, r) = pair.split_once("->").unwrap_or((&pair, ""));
                out.push(format!("- {} -> {}", l.trim(), r.trim()));
                explanations.extend(fb);
            }
        } else if weighted {
            for (_, a) in &parts {
                let a = a.trim_start();
                let (weight, rest) = match a.strip_prefix('%').and_then(|r| r.split_once('%')) {
                    Some((w, rest)) => (w.trim().parse::<f64>().unwrap_or(0.0), rest),
                    None => (0.0, a),
                };
                let (text, fb) = with_feedback(rest);
                out.push(format!("[{}] {text}", if weight > 0.0 { "x" } else { " " }));
                explanations.extend(fb.map(|f| format!("{text}: {f}")));
            }
        } else if has_wrong {
            let correct = parts.iter().filter(|(m, _)| *m == '=').count();
            if correct != 1 {
                return Err(skip("multiple choice without exactly one right answer"));
            }
            for (m, a) in &parts {
                let (text, fb) = with_feedback(a);
                out.push(format!("({}) {text}", if *m == '=' { "x" } else { " " }));
                explanations.extend(fb.map(|f| format!("{text}: {f}")));
            }
        } else if !parts.is_empty() {
            for (_, a) in &parts {
                let (text, fb) = with_feedback(a);
                // `=%100%answer`: a weight on an accepted answer.
                let text = match text.strip_prefix('%').and_then(|r| r.split_once('%')) {
                    Some((_, rest)) => rest.trim().to_string(),
                    None => text,
                };
                out.push(format!("= {text}"));
                explanations.extend(fb);
            }
        } else {
            return Err(skip("unrecognised answers"));
        }
    }
    out.extend(explanations.into_iter().map(|e| format!("> {e}")));
    Ok(out)
}

/// The Markdown file for one category: a heading and one quiz block.
pub fn markdown(category: &str, lines: &[String]) -> String {
    format!(
        "<!-- Converted from GIFT by `lantern import-gift`. Move the block into a module or assessment.md. -->\n\n# {category}\n\n```quiz\n{}\n```\n",
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::content::quiz;

    const SAMPLE: &str = r#"// A varied bank, written from Moodle's GIFT documentation.
$CATEGORY: $course$/Identification/Indicators

::held-papers::[html]An employer keeps a worker's passport. This is{
  =an indicator of control#Right: it calls for a private talk.
  ~proof of trafficking#No: one indicator is not proof.
  ~normal practice
  ####Documents held by others are a common indicator.}

::elements::Which are elements of trafficking?{
  ~%50%An act
  ~%50%A means
  ~%-100%A court ruling
}

::consent::A victim's consent to exploitation makes it legal.{FALSE#Consent is irrelevant once the means are used.}

::hotline::Which number is Thailand's hotline?{=1300 =1 300}

::terms::Match the terms{
  =VoT -> victim of trafficking
  =TIP -> trafficking in persons
}

::escapes::Which symbol is written \{ in GIFT\}?{=a brace \{ ~an equals sign \= ~a colon \:}

$CATEGORY: Care

::essay::Describe your first contact with a survivor.{}

::number::How many days of reflection?{#30:5}

::cloze::The {=Palermo ~Geneva} Protocol defines trafficking.

Just a description, no question.

::good-care::Who decides what happens next?{=The survivor ~The officer}
"#;

    #[test]
    fn converts_every_supported_kind() {
        let c = convert(SAMPLE);
        assert_eq!(c.questions, 7);
        assert_eq!(c.categories.len(), 2);
        let (name, lines) = &c.categories[0];
        assert_eq!(name, "Indicators");
        let text = lines.join("\n");
        for expected in [
            "? [held-papers] An employer keeps a worker's passport. This is",
            "(x) an indicator of control",
            "( ) proof of trafficking",
            "> Documents held by others are a common indicator.",
            "> an indicator of control: Right: it calls for a private talk.",
            "[x] An act",
            "[ ] A court ruling",
            "? [consent] A victim's consent to exploitation makes it legal.",
            "( ) True",
            "(x) False",
            "> Consent is irrelevant once the means are used.",
            "= 1300",
            "= 1 300",
            "- VoT -> victim of trafficking",
            "? [escapes] Which symbol is written { in GIFT}?",
            "(x) a brace {",
            "( ) an equals sign =",
            "( ) a colon :",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        // Everything produced parses as Lantern quiz blocks.
        for (_, lines) in &c.categories {
            let block = lines.join("\n");
            quiz::parse("converted.md", &block, 1, &mut HashSet::new(), None).unwrap();
        }
    }

    #[test]
    fn unsupported_kinds_are_listed_with_their_line() {
        let c = convert(SAMPLE);
        let skipped: Vec<(usize, &str)> = c.skipped.iter().map(|s| (s.line, s.kind)).collect();
        assert_eq!(
            skipped,
            [
                (29, "essay"),
                (31, "numerical"),
                (33, "cloze / missing word"),
                (35, "description (no answers)"),
            ]
        );
        assert_eq!(c.categories[1].0, "Care");
        assert!(c.categories[1].1.join("\n").contains("(x) The survivor"));
    }
}
