//! From files to a checked, rendered course, ready to import. Nothing here
//! touches the database, so every error in every file is found before
//! anything is written.

use super::error::{ContentError, ContentErrors};
use super::front_matter::{split, Header};
use super::markdown::{self, Context, TocEntry};
use super::quiz::Question;
use super::source::{read_tree, CourseFiles, Doc, Found, Images};
use super::{content_hash, CONTENT_LANGUAGES};
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path};

#[derive(Clone, Debug, PartialEq)]
pub struct CourseText {
    pub language: String,
    pub hash: String,
    /// The Markdown file as written: what an export writes back and the
    /// browser's editor starts from.
    pub source: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub languages: Vec<String>,
    pub estimated_minutes: u32,
    pub certificate: bool,
    pub certificate_validity_months: Option<u32>,
    /// Face-to-face session days a trainee must attend (in a cohort that
    /// assigned the course) before the course is complete.
    pub attendance_sessions: Option<u32>,
    pub content_warning: Option<String>,
    pub intro_html: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModuleText {
    pub language: String,
    pub hash: String,
    /// The Markdown file as written: what an export writes back and the
    /// browser's editor starts from.
    pub source: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub estimated_minutes: u32,
    pub objectives: Vec<String>,
    pub content_warning: Option<String>,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub quiz: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompiledModule {
    pub slug: String,
    pub position: u32,
    /// The source first, then translations.
    pub texts: Vec<ModuleText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    pub hash: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompiledCourse {
    pub slug: String,
    pub source_language: String,
    /// The source first, then translations.
    pub texts: Vec<CourseText>,
    pub modules: Vec<CompiledModule>,
    /// The final assessment (source first, then translations), if any.
    pub assessment: Vec<AssessmentText>,
    pub media: Vec<Media>,
    /// The pictures by the path the Markdown names them with → their hash
    /// (kept so an export writes them back where they were).
    pub images: BTreeMap<String, String>,
}

const COURSE_KEYS: &[&str] = &[
    "title",
    "summary",
    "audience",
    "languages",
    "estimated_minutes",
    "certificate",
    "certificate_validity_months",
    "attendance_sessions",
    "content_warning",
];
const COURSE_TRANSLATION_KEYS: &[&str] = &["title", "summary", "content_warning", "translation_of"];
const MODULE_KEYS: &[&str] = &[
    "title",
    "estimated_minutes",
    "objectives",
    "content_warning",
];
const MODULE_TRANSLATION_KEYS: &[&str] =
    &["title", "objectives", "content_warning", "translation_of"];
/// Largest picture accepted: pages must stay light on a slow phone.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// Reads and compiles every course under `root`; all errors at once.
pub fn compile_tree(root: &Path) -> Result<Vec<CompiledCourse>, ContentErrors> {
    let files = read_tree(root).map_err(ContentErrors)?;
    let mut errors = Vec::new();
    let mut courses = Vec::new();
    for course in &files {
        match compile_course(course) {
            Ok(c) => courses.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(courses)
    } else {
        Err(ContentErrors(errors))
    }
}

/// A picture file's bytes must be the picture its extension names, of a
/// size a phone can show.
fn check_picture(src: &str, ext: &str, bytes: &[u8]) -> Result<(), String> {
    use super::pictures::{inspect, named_rightly, PictureError, MAX_SIDE};
    match inspect(bytes) {
        Ok(p) if named_rightly(&p, ext) => Ok(()),
        Ok(p) => Err(format!(
            "image `{src}` is a {} picture named `.{ext}`; rename it `.{}`",
            p.ext.to_uppercase(),
            p.ext
        )),
        Err(PictureError::NotAPicture) => Err(format!(
            "image `{src}` is not a PNG, JPEG, GIF or WebP picture (its bytes say otherwise)"
        )),
        Err(PictureError::TooManyPixels { width, height }) => Err(format!(
            "image `{src}` is {width} × {height} pixels; at most 4096 × 4096 and {MAX_SIDE} on a side, or phones cannot open it"
        )),
    }
}

/// Collects pictures as the Markdown refers to them.
pub(super) struct MediaCollector<'a> {
    images: &'a Images,
    found: BTreeMap<String, Media>,
    /// Each picture's path as the Markdown names it, and its hash.
    paths: BTreeMap<String, String>,
}

impl MediaCollector<'_> {
    fn resolve(&mut self, src: &str) -> Result<String, String> {
        let relative = Path::new(src);
        let inside = !src.contains(':')
            && !src.starts_with('/')
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(format!(
                "image `{src}` is not in the course folder: put the file next to the Markdown (e.g. `images/picture.jpg`) and refer to it by that path"
            ));
        }
        let ext = relative
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        let content_type = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            _ => return Err(format!("image `{src}` must be PNG, JPEG, GIF or WebP")),
        };
        let found = self
            .images
            .read(relative)
            .ok_or_else(|| format!("image `{src}` does not exist in the course folder"))?;
        let (hash, size, bytes) = match found {
            Found::Bytes(bytes) => {
                // Stored pictures were checked when uploaded.
                check_picture(src, &ext, &bytes)?;
                (super::content_hash_bytes(&bytes), bytes.len(), Some(bytes))
            }
            Found::Stored { hash, size } => (hash, size, None),
        };
        if size > MAX_IMAGE_BYTES {
            return Err(format!(
                "image `{src}` is larger than 2 MB; make it smaller for slow connections"
            ));
        }
        let url = crate::paths::media(&format!("{hash}.{ext}"));
        self.paths.insert(src.to_string(), hash.clone());
        // Pictures already stored are not written again.
        if let Some(bytes) = bytes {
            self.found.insert(
                hash.clone(),
                Media {
                    hash,
                    content_type: content_type.into(),
                    bytes,
                },
            );
        }
        Ok(url)
    }
}

fn check_hash(file: &str, value: &Option<String>, errors: &mut Vec<ContentError>) {
    if let Some(h) = value {
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push(ContentError::new(file, 1, 1, format!(
                "`translation_of` must be the 64-character content hash of the source file (`lantern import` prints it), found {h:?}"
            )));
        }
    }
}

pub fn compile_course(files: &CourseFiles) -> Result<CompiledCourse, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut media = MediaCollector {
        images: &files.images,
        found: BTreeMap::new(),
        paths: BTreeMap::new(),
    };
    let mut quiz_ids = HashSet::new();

    // The course itself.
    let source = course_text(&files.course, None, &mut media, &mut quiz_ids, &mut errors);
    let source_language = source
        .as_ref()
        .and_then(|s| s.languages.first().cloned())
        .unwrap_or_else(|| "en".into());
    let mut texts: Vec<CourseText> = source.iter().cloned().collect();
    // Translations are checked against a source that compiled; if it did
    // not, its errors come first and alone.
    for (lang, doc) in files.translations.iter().filter(|_| source.is_some()) {
        if let Some(t) = course_text(
            doc,
            source.as_ref().map(|s| (s, lang.as_str())),
            &mut media,
            &mut quiz_ids,
            &mut errors,
        ) {
            texts.push(t);
        }
    }

    // Modules, each with its translations.
    let mut modules = Vec::new();
    for m in &files.modules {
        let mut module_texts = Vec::new();
        let source = module_text(
            &m.source,
            &source_language,
            None,
            &mut media,
            &mut quiz_ids,
            &mut errors,
        );
        let Some(source) = source else {
            continue;
        };
        module_texts.push(source.clone());
        let source = Some(source);
        // A translation reuses the source's question ids (the id ties the
        // translations of one question together), so it gets its own set.
        for (lang, doc) in &m.translations {
            let mut ids = HashSet::new();
            if let Some(t) = module_text(
                doc,
                lang,
                source.as_ref(),
                &mut media,
                &mut ids,
                &mut errors,
            ) {
                module_texts.push(t);
            }
        }
        modules.push(CompiledModule {
            slug: m.slug.clone(),
            position: m.number,
            texts: module_texts,
        });
    }

    // The final assessment and its translations.
    let mut assessment = Vec::new();
    let module_slugs: HashSet<String> = files.modules.iter().map(|m| m.slug.clone()).collect();
    if let Some(doc) = &files.assessment {
        if let Some(source) = assessment_text(
            doc,
            &source_language,
            None,
            &mut media,
            &mut quiz_ids,
            &module_slugs,
            &mut errors,
        ) {
            for (lang, doc) in &files.assessment_translations {
                let mut ids = HashSet::new();
                if let Some(t) = assessment_text(
                    doc,
                    lang,
                    Some(&source),
                    &mut media,
                    &mut ids,
                    &module_slugs,
                    &mut errors,
                ) {
                    assessment.push(t);
                }
            }
            assessment.insert(0, source);
        }
    } else if let Some(doc) = files.assessment_translations.values().next() {
        errors.push(ContentError::new(
            &doc.path,
            1,
            1,
            format!(
                "translation of an assessment that does not exist: expected {}/assessment.md",
                files.display_dir
            ),
        ));
    }

    // Every translation's language must be one the course offers.
    if let Some(s) = &source {
        let offered: Vec<&str> = s.languages.iter().map(String::as_str).collect();
        let docs = files
            .translations
            .iter()
            .chain(files.modules.iter().flat_map(|m| m.translations.iter()));
        for (lang, doc) in docs {
            if !offered.contains(&lang.as_str()) {
                errors.push(ContentError::new(&doc.path, 1, 1, format!(
                    "this is a `{lang}` translation, but the course's `languages` does not list `{lang}` ({})",
                    files.course.path
                )));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CompiledCourse {
        slug: files.slug.clone(),
        source_language,
        texts,
        modules,
        assessment,
        media: media.found.into_values().collect(),
        images: media.paths,
    })
}

/// A file's front matter and body, or its first error.
fn open<'a>(
    doc: &'a Doc,
    errors: &mut Vec<ContentError>,
) -> Option<(super::front_matter::Split<'a>, Header<'a>)> {
    let parts = split(&doc.path, &doc.text)
        .map_err(|e| errors.push(e))
        .ok()?;
    let header = Header::parse(&doc.path, parts.header)
        .map_err(|e| errors.push(e))
        .ok()?;
    Some((parts, header))
}

fn course_text(
    doc: &Doc,
    translating: Option<(&CourseText, &str)>,
    media: &mut MediaCollector<'_>,
    quiz_ids: &mut HashSet<String>,
    errors: &mut Vec<ContentError>,
) -> Option<CourseText> {
    let (parts, mut h) = open(doc, errors)?;
    let title = h.string("title", true);
    let summary = h.string("summary", true);
    let content_warning = h.string("content_warning", false);
    let attendance;
    let (language, translation_of, audience, languages, minutes, certificate, validity, known) =
        if let Some((source, lang)) = translating {
            attendance = source.attendance_sessions;
            let of = h.string("translation_of", true);
            (
                lang.to_string(),
                of,
                source.audience.clone(),
                source.languages.clone(),
                Some(source.estimated_minutes),
                source.certificate,
                source.certificate_validity_months,
                COURSE_TRANSLATION_KEYS,
            )
        } else {
            let audience = h.strings("audience");
            let mut languages = h.strings("languages");
            if languages.is_empty() {
                languages.push("en".into());
            }
            let minutes = h.positive("estimated_minutes", true);
            let certificate = h.boolean("certificate").unwrap_or(false);
            let validity = h.positive("certificate_validity_months", false);
            attendance = h.positive("attendance_sessions", false);
            (
                languages[0].clone(),
                None,
                audience,
                languages,
                minutes,
                certificate,
                validity,
                COURSE_KEYS,
            )
        };
    let mut header_errors = h.finish(known);
    check_hash(&doc.path, &translation_of, &mut header_errors);
    for lang in &languages {
        if translating.is_none() && !CONTENT_LANGUAGES.contains(&lang.as_str()) {
            header_errors.push(ContentError::new(
                &doc.path,
                1,
                1,
                format!(
                    "unknown language `{lang}` in `languages` (expected some of: {})",
                    CONTENT_LANGUAGES.join(", ")
                ),
            ));
        }
    }
    let rendered = render(doc, &parts, &language, media, quiz_ids, None, errors);
    let failed = !header_errors.is_empty();
    errors.append(&mut header_errors);
    if failed {
        return None;
    }
    let rendered = rendered?;
    if !rendered.quiz.is_empty() {
        errors.push(ContentError::new(
            &doc.path,
            1,
            1,
            "quiz blocks belong in modules or assessment.md, not in course.md",
        ));
    }
    Some(CourseText {
        language,
        hash: content_hash(&doc.text),
        source: doc.text.clone(),
        translation_of,
        title: title?,
        summary: summary?,
        audience,
        languages,
        estimated_minutes: minutes?,
        certificate,
        certificate_validity_months: validity,
        attendance_sessions: attendance,
        content_warning,
        intro_html: rendered.html,
    })
}

fn module_text(
    doc: &Doc,
    language: &str,
    source: Option<&ModuleText>,
    media: &mut MediaCollector<'_>,
    quiz_ids: &mut HashSet<String>,
    errors: &mut Vec<ContentError>,
) -> Option<ModuleText> {
    let (parts, mut h) = open(doc, errors)?;
    let title = h.string("title", true);
    let objectives = h.strings("objectives");
    let content_warning = h.string("content_warning", false);
    let (translation_of, minutes, known) = match source {
        Some(s) => (
            h.string("translation_of", true),
            Some(s.estimated_minutes),
            MODULE_TRANSLATION_KEYS,
        ),
        None => (None, h.positive("estimated_minutes", true), MODULE_KEYS),
    };
    let mut header_errors = h.finish(known);
    check_hash(&doc.path, &translation_of, &mut header_errors);
    let rendered = render(doc, &parts, language, media, quiz_ids, None, errors);
    let failed = !header_errors.is_empty();
    errors.append(&mut header_errors);
    if failed {
        return None;
    }
    let rendered = rendered?;
    Some(ModuleText {
        language: language.to_string(),
        hash: content_hash(&doc.text),
        source: doc.text.clone(),
        translation_of,
        title: title?,
        estimated_minutes: minutes?,
        objectives,
        content_warning,
        html: rendered.html,
        toc: rendered.toc,
        quiz: rendered.quiz,
    })
}

fn render(
    doc: &Doc,
    parts: &super::front_matter::Split<'_>,
    language: &str,
    media: &mut MediaCollector<'_>,
    quiz_ids: &mut HashSet<String>,
    modules: Option<&HashSet<String>>,
    errors: &mut Vec<ContentError>,
) -> Option<markdown::Rendered> {
    let mut image = |src: &str| media.resolve(src);
    let mut cx = Context {
        file: &doc.path,
        body_line: parts.body_line,
        language,
        image: &mut image,
        quiz_ids,
        modules,
    };
    match markdown::render(&mut cx, parts.body) {
        Ok(r) => Some(r),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    }
}

pub use crate::ssr::quiz::settings::{AssessmentSettings, Review};

#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentText {
    pub language: String,
    pub hash: String,
    /// The Markdown file as written: what an export writes back and the
    /// browser's editor starts from.
    pub source: String,
    pub translation_of: Option<String>,
    pub title: String,
    pub settings: AssessmentSettings,
    pub intro_html: String,
    pub pool: Vec<Question>,
}

const ASSESSMENT_KEYS: &[&str] = &[
    "title",
    "pass_mark",
    "draw",
    "max_attempts",
    "time_limit_minutes",
    "review",
    "pretest",
    "partial",
];
const ASSESSMENT_TRANSLATION_KEYS: &[&str] = &["title", "translation_of"];

/// Compiles `assessment.md` (`source` is `None`) or a translation of it.
/// `modules` are the course's module slugs its questions may be tagged
/// with; a translation's questions take their source's tags.
pub(super) fn assessment_text(
    doc: &Doc,
    language: &str,
    source: Option<&AssessmentText>,
    media: &mut MediaCollector<'_>,
    quiz_ids: &mut HashSet<String>,
    modules: &HashSet<String>,
    errors: &mut Vec<ContentError>,
) -> Option<AssessmentText> {
    let (parts, mut h) = open(doc, errors)?;
    let title = h.string("title", false);
    let (settings, translation_of) = if let Some(s) = source {
        (Some(s.settings.clone()), h.string("translation_of", true))
    } else {
        let pass_mark = h.positive("pass_mark", true);
        if pass_mark.is_some_and(|p| p > 100) {
            h.error_at(
                "pass_mark",
                "front matter key `pass_mark` is a percentage: at most 100".into(),
            );
        }
        let draw = h.positive("draw", false);
        let max_attempts = h.positive("max_attempts", false);
        let time_limit_minutes = h.positive("time_limit_minutes", false);
        let review = match h
            .one_of("review", &["after_submit", "after_pass", "never"])
            .as_deref()
        {
            Some("after_submit") => Review::AfterSubmit,
            Some("never") => Review::Never,
            // The safe default: the key only once the trainee has passed.
            _ => Review::AfterPass,
        };
        let pretest = h.boolean("pretest").unwrap_or(false);
        let partial = h.boolean("partial").unwrap_or(false);
        (
            pass_mark.map(|pass_mark| AssessmentSettings {
                pass_mark,
                draw,
                max_attempts,
                time_limit_minutes,
                review,
                pretest,
                partial,
            }),
            None,
        )
    };
    let rendered = render(
        doc,
        &parts,
        language,
        media,
        quiz_ids,
        Some(modules),
        errors,
    );
    if let (Some(r), None) = (&rendered, source) {
        if r.quiz.is_empty() {
            h.error_at(
                "pass_mark",
                "the assessment has no questions: add a ```quiz block with its pool".into(),
            );
        }
        if let Some(draw) = settings.as_ref().and_then(|s| s.draw) {
            if draw as usize > r.quiz.len() {
                h.error_at(
                    "draw",
                    format!(
                        "front matter key `draw` is {draw}, but the pool has only {} questions",
                        r.quiz.len()
                    ),
                );
            }
        }
    }
    if let (Some(r), Some(s)) = (&rendered, source) {
        for q in &r.quiz {
            if !s.pool.iter().any(|p| p.id == q.id) {
                errors.push(ContentError::new(&doc.path, 1, 1, format!(
                    "question `{}` is not in the source assessment; a translation translates the source's questions, with the same ids",
                    q.id
                )));
            }
        }
    }
    let known = if source.is_some() {
        ASSESSMENT_TRANSLATION_KEYS
    } else {
        ASSESSMENT_KEYS
    };
    let mut header_errors = h.finish(known);
    check_hash(&doc.path, &translation_of, &mut header_errors);
    let failed = !header_errors.is_empty();
    errors.append(&mut header_errors);
    if failed {
        return None;
    }
    let mut rendered = rendered?;
    // A translation's question tests what its source question tests.
    if let Some(s) = source {
        for q in &mut rendered.quiz {
            q.module = s
                .pool
                .iter()
                .find(|p| p.id == q.id)
                .and_then(|p| p.module.clone());
        }
    }
    Some(AssessmentText {
        language: language.to_string(),
        hash: content_hash(&doc.text),
        source: doc.text.clone(),
        translation_of,
        title: title
            .or_else(|| source.map(|s| s.title.clone()))
            .unwrap_or_else(|| {
                crate::i18n::message(
                    crate::i18n::Locale::from_code(language).unwrap_or_default(),
                    "assessment-default-title",
                )
            }),
        settings: settings?,
        intro_html: rendered.html,
        pool: rendered.quiz,
    })
}
