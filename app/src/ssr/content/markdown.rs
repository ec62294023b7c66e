//! Markdown to safe HTML, once, at import. pulldown-cmark's options live in
//! [`options`]; everything it produces passes through ammonia
//! ([`sanitise`]), even from a trusted author's file.
//!
//! On the way, headings get stable anchors (and h2/h3 a table of contents),
//! `> [!NOTE]`-style blockquotes become callout asides, images are checked
//! for alt text and resolved to the course's media, footnotes get ids that
//! cannot clash with the page's, and `quiz` blocks are parsed and taken out
//! of the prose.

use super::error::{position, ContentError};
use super::quiz::{self, Question};
use crate::i18n::{message, Locale};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The Markdown dialect: CommonMark with tables, footnotes and
/// strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub quiz: Vec<Question>,
}

/// What rendering needs besides the text.
pub struct Context<'a> {
    pub file: &'a str,
    /// The file line the body starts on (after the front matter).
    pub body_line: usize,
    /// The content's language, for the callout titles.
    pub language: &'a str,
    /// Maps an image path as written to its URL, or explains why not.
    pub image: &'a mut dyn FnMut(&str) -> Result<String, String>,
    /// Quiz ids seen so far in the course.
    pub quiz_ids: &'a mut HashSet<String>,
    /// The course's module slugs, which an `assessment.md` question may be
    /// tagged with (`@ slug`); `None` elsewhere.
    pub modules: Option<&'a HashSet<String>>,
}

const CALLOUTS: [(&str, &str); 4] = [
    ("NOTE", "callout-note"),
    ("WARNING", "callout-warning"),
    ("CASE", "callout-case"),
    ("PRACTICE", "callout-practice"),
];

pub fn render(cx: &mut Context<'_>, body: &str) -> Result<Rendered, Vec<ContentError>> {
    let mut errors = Vec::new();
    let at = |offset: usize| {
        let (line, column) = position(body, offset);
        (line + cx.body_line - 1, column)
    };
    let mut events: Vec<(Event, Range<usize>)> = Vec::new();
    let mut toc = Vec::new();
    let mut quiz = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    let mut image: Option<(CowStr, CowStr, Range<usize>, String)> = None;
    let mut quiz_block: Option<(Range<usize>, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, text)) = quiz_block.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let Some((start, text)) = quiz_block.take() else {
                        continue;
                    };
                    let (line, _) = at(start.start);
                    match quiz::parse(cx.file, &text, line + 1, cx.quiz_ids, cx.modules) {
                        Ok(mut qs) => quiz.append(&mut qs),
                        Err(mut e) => errors.append(&mut e),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, _, _, alt)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let Some((dest, title, start, alt)) = image.take() else {
                        continue;
                    };
                    let (line, column) = at(start.start);
                    if alt.trim().is_empty() {
                        errors.push(ContentError::new(cx.file, line, column, format!(
                            "image `{dest}` needs alt text describing it: ![what the picture shows]({dest})"
                        )));
                        continue;
                    }
                    match (cx.image)(&dest) {
                        Ok(url) => {
                            events.push((
                                Event::Start(Tag::Image {
                                    link_type: pulldown_cmark::LinkType::Inline,
                                    dest_url: url.into(),
                                    title,
                                    id: "".into(),
                                }),
                                start.clone(),
                            ));
                            events.push((Event::Text(alt.into()), start.clone()));
                            events.push((Event::End(TagEnd::Image), start));
                        }
                        Err(why) => errors.push(ContentError::new(cx.file, line, column, why)),
                    }
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref lang)))
                if lang.trim() == "quiz" =>
            {
                quiz_block = Some((range, String::new()));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some((dest_url, title, range, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, events.len(), String::new()));
                events.push((event, range));
            }
            Event::Text(ref t) | Event::Code(ref t) if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(t);
                }
                events.push((event, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, index, text)) = heading.take() {
                    let base = format!("h-{}", slug(&text));
                    let n = ids.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let id = if *n == 1 { base } else { format!("{base}-{n}") };
                    events[index].0 = Event::Start(Tag::Heading {
                        level,
                        id: Some(id.clone().into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        toc.push(TocEntry {
                            level: if level == HeadingLevel::H2 { 2 } else { 3 },
                            id,
                            text: text.trim().to_string(),
                        });
                    }
                }
                events.push((event, range));
            }
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = slug(&label);
                events.push((
                    Event::Html(format!(
                        "<sup class=\"footnote-reference\"><a href=\"#fn-{id}\" id=\"fnref-{id}\">{n}</a></sup>"
                    ).into()),
                    range,
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = slug(&label);
                events.push((
                    Event::Html(format!(
                        "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                    ).into()),
                    range,
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push((Event::Html("</div>".into()), range));
            }
            // A wide table scrolls inside its box on a phone instead of
            // widening the whole page; the box takes focus so keyboard
            // users can scroll it too.
            Event::Start(Tag::Table(_)) => {
                events.push((
                    Event::Html("<div class=\"table-wrap\" tabindex=\"0\">".into()),
                    range.clone(),
                ));
                events.push((event, range));
            }
            Event::End(TagEnd::Table) => {
                events.push((event, range.clone()));
                events.push((Event::Html("</div>\n".into()), range));
            }
            other => events.push((other, range)),
        }
    }

    callouts(cx, &mut events, &at, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    Ok(Rendered {
        html: sanitise(&html),
        toc,
        quiz,
    })
}

/// Turns `> [!KIND]` blockquotes into `<aside class="callout …">` with a
/// translated title; an unknown kind is an error.
fn callouts(
    cx: &Context<'_>,
    events: &mut Vec<(Event, Range<usize>)>,
    at: &dyn Fn(usize) -> (usize, usize),
    errors: &mut Vec<ContentError>,
) {
    let locale = Locale::from_code(cx.language).unwrap_or_default();
    let mut i = 0;
    while i < events.len() {
        let is_quote = matches!(events[i].0, Event::Start(Tag::BlockQuote(_)));
        if !is_quote
            || !matches!(
                events.get(i + 1).map(|e| &e.0),
                Some(Event::Start(Tag::Paragraph))
            )
        {
            i += 1;
            continue;
        }
        // The first line of the first paragraph.
        let mut marker = String::new();
        let mut j = i + 2;
        while let Some((Event::Text(t), _)) = events.get(j) {
            marker.push_str(t);
            j += 1;
        }
        let marker = marker.trim();
        let Some(kind) = marker.strip_prefix("[!").and_then(|m| m.strip_suffix(']')) else {
            i += 1;
            continue;
        };
        let Some((_, class)) = CALLOUTS.iter().find(|(k, _)| *k == kind) else {
            let (line, column) = at(events[i].1.start);
            errors.push(ContentError::new(
                cx.file,
                line,
                column,
                format!("unknown callout `[!{kind}]` (expected NOTE, WARNING, CASE or PRACTICE)"),
            ));
            i += 1;
            continue;
        };
        let title = message(locale, &format!("callout-{}", kind.to_lowercase()));
        // Find the matching end of the blockquote.
        let mut depth = 0;
        let mut end = i;
        for (k, (e, _)) in events.iter().enumerate().skip(i) {
            match e {
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => {
                    depth -= 1;
                    if depth == 0 {
                        end = k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let range = events[i].1.clone();
        events[end].0 = Event::Html("</aside>\n".into());
        // Drop the marker (and the line break after it, or the paragraph if
        // the marker was all of it).
        let after = match events.get(j).map(|e| &e.0) {
            Some(Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)) => j + 1,
            _ => j,
        };
        let keep_paragraph = !matches!(
            events.get(j).map(|e| &e.0),
            Some(Event::End(TagEnd::Paragraph))
        );
        let mut replacement = vec![(
            Event::Html(format!(
                "<aside class=\"callout {class}\" role=\"note\"><p class=\"callout-title\">{}</p>\n",
                escape(&title)
            ).into()),
            range.clone(),
        )];
        if keep_paragraph {
            replacement.push((Event::Start(Tag::Paragraph), range));
        }
        events.splice(i..after, replacement);
        i += 1;
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A URL-safe anchor from heading text. Letters of every script are kept
/// (Thai, Burmese and Khmer marks too); ASCII punctuation goes; spaces
/// become hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        } else if !c.is_ascii_punctuation() && !c.is_control() {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// The one sanitiser: what HTML may reach a trainee's browser from content.
pub fn sanitise(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags(["aside"]);
            b.add_generic_attributes(["id"]);
            b.add_tag_attributes("aside", ["role"]);
            b.add_allowed_classes(
                "aside",
                [
                    "callout",
                    "callout-note",
                    "callout-warning",
                    "callout-case",
                    "callout-practice",
                ],
            );
            b.add_allowed_classes("p", ["callout-title"]);
            b.add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"]);
            b.add_allowed_classes("div", ["footnote-definition", "table-wrap"]);
            b.add_tag_attributes("div", ["tabindex"]);
            // Only the ids Lantern generates: an author's id cannot take
            // over one of the page's own (`main`, `site-menu`…).
            b.attribute_filter(|_, attribute, value| {
                let foreign_id = attribute == "id"
                    && !(value.starts_with("h-")
                        || value.starts_with("fn-")
                        || value.starts_with("fnref-"));
                if (attribute == "tabindex" && value != "0") || foreign_id {
                    None
                } else {
                    Some(value.into())
                }
            });
            b
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(body: &str) -> Result<Rendered, Vec<ContentError>> {
        let mut image = |src: &str| {
            if src.starts_with("images/") {
                Ok(crate::paths::media(src.trim_start_matches("images/")))
            } else {
                Err(format!("image `{src}` is not in the course folder"))
            }
        };
        let mut ids = HashSet::new();
        let mut cx = Context {
            file: "content/c/01-m.md",
            body_line: 5,
            language: "en",
            image: &mut image,
            quiz_ids: &mut ids,
            modules: None,
        };
        render(&mut cx, body)
    }

    #[test]
    fn headings_get_stable_unique_anchors_and_a_toc() {
        let r = go("# Title\n\n## Signs of control\n\n### ตัวบ่งชี้\n\n## Signs of control\n").unwrap();
        assert!(
            r.html.contains(r#"<h2 id="h-signs-of-control">"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="h-signs-of-control-2">"#));
        assert!(r.html.contains(r#"<h3 id="h-ตัวบ่งชี้">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(
            ids,
            [
                (2, "h-signs-of-control"),
                (3, "h-ตัวบ่งชี้"),
                (2, "h-signs-of-control-2")
            ]
        );
    }

    #[test]
    fn callouts_become_labelled_asides() {
        let r = go("> [!CASE]\n> A woman arrives at the border.\n\n> [!NOTE] \n>\n> Spaced.\n\n> Just a quote.\n").unwrap();
        assert!(r.html.contains(r#"<aside class="callout callout-case" role="note"><p class="callout-title">Case study</p>"#), "{}", r.html);
        assert!(
            r.html
                .contains("<p>A woman arrives at the border.</p>\n</aside>"),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<aside class="callout callout-note""#));
        assert!(r
            .html
            .contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"));
        let e = go("text\n\n> [!DANGER]\n> x\n").unwrap_err();
        assert_eq!(e[0].to_string(), "content/c/01-m.md:7:1: unknown callout `[!DANGER]` (expected NOTE, WARNING, CASE or PRACTICE)");
    }

    #[test]
    fn tables_footnotes_and_strikethrough() {
        let r = go("| a | b |\n|---|---|\n| 1 | 2 |\n\nText~~gone~~ and a note.[^src]\n\n[^src]: ILO, 2024.\n").unwrap();
        assert!(
            r.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\"><table>")
                && r.html.contains("</table>\n</div>")
                && r.html.contains("<del>gone</del>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r##"<a href="#fn-src" id="fnref-src""##),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<div class="footnote-definition" id="fn-src">"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_need_alt_text_and_a_local_file() {
        let r = go("![A shelter's front door](images/door.jpg)\n").unwrap();
        assert!(
            r.html
                .contains(r#"<img src="/media/door.jpg" alt="A shelter's front door">"#),
            "{}",
            r.html
        );
        let e = go("Intro\n\n![](images/door.jpg)\n").unwrap_err();
        assert_eq!(e[0].to_string(), "content/c/01-m.md:7:1: image `images/door.jpg` needs alt text describing it: ![what the picture shows](images/door.jpg)");
        let e = go("![x](https://tracker.example/p.gif)\n").unwrap_err();
        assert!(e[0].message.contains("not in the course folder"));
    }

    #[test]
    fn script_handlers_and_javascript_urls_are_removed() {
        let r = go(concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=alert(1)>\n\n",
            "[click](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"x()\">b</a>\n\n",
            "<div id=\"main\" style=\"color:red\">clobber</div>\n\n",
            "<div tabindex=\"7\">steal focus</div>\n\n",
            "<iframe src=\"https://evil.example\"></iframe>\n",
        ))
        .unwrap();
        let h = r.html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "id=\"main\"",
            "style=",
            "<iframe",
            "tabindex=\"7\"",
        ] {
            assert!(!h.contains(bad), "{bad} survived: {}", r.html);
        }
        assert!(h.contains("clobber"));
    }

    #[test]
    fn quiz_blocks_are_parsed_and_taken_out_of_the_prose() {
        let r = go(
            "Read this.\n\n```quiz\n? [q1] Who decides?\n(x) The person\n( ) The officer\n```\n",
        )
        .unwrap();
        assert_eq!(r.quiz.len(), 1);
        assert!(
            !r.html.contains("Who decides"),
            "the key stays on the server: {}",
            r.html
        );
        let e = go("Read.\n\n```quiz\n? [q1] Who?\n( ) A\n( ) B\n```\n").unwrap_err();
        assert_eq!(e[0].line, 8, "{e:?}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("  What is *trafficking*?  "), "what-is-trafficking");
        assert_eq!(slug("!!!"), "section");
        assert_eq!(slug("การคัดแยก ผู้เสียหาย"), "การคัดแยก-ผู้เสียหาย");
    }
}
