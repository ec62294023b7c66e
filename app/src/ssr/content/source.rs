//! Reading a content folder: which file is what, by name.
//!
//! ```text
//! content/<course-slug>/course.md           the course (source language)
//! content/<course-slug>/course.th.md        a translation
//! content/<course-slug>/NN-<module>.md      module NN
//! content/<course-slug>/NN-<module>.th.md   its translation
//! content/<course-slug>/images/…            pictures the Markdown shows
//! ```

use super::error::ContentError;
use super::CONTENT_LANGUAGES;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One Markdown file: where it is (as the author names it) and its text.
#[derive(Clone, Debug)]
pub struct Doc {
    pub path: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct ModuleFiles {
    pub number: u32,
    pub slug: String,
    pub source: Doc,
    /// Translations by language code.
    pub translations: BTreeMap<String, Doc>,
}

/// Where a course's pictures come from: the folder beside its Markdown (an
/// import), or the pictures stored with it (authoring in the browser and
/// export), by the path the Markdown names them with.
#[derive(Clone, Debug)]
pub enum Images {
    Folder(PathBuf),
    Stored(BTreeMap<String, Vec<u8>>),
    /// Pictures already in `media`, by path: their hash and size (the
    /// editor compiles on every save; it need not read the bytes).
    InDatabase(BTreeMap<String, (String, usize)>),
}

/// A picture found at a path: its bytes, or — already stored — its hash
/// and size.
pub enum Found {
    Bytes(Vec<u8>),
    Stored { hash: String, size: usize },
}

impl Images {
    /// The picture at `relative` (already checked to stay inside the
    /// course).
    pub fn read(&self, relative: &Path) -> Option<Found> {
        match self {
            Images::Folder(dir) => std::fs::read(dir.join(relative)).ok().map(Found::Bytes),
            Images::Stored(files) => files.get(relative.to_str()?).cloned().map(Found::Bytes),
            Images::InDatabase(known) => {
                known
                    .get(relative.to_str()?)
                    .map(|(hash, size)| Found::Stored {
                        hash: hash.clone(),
                        size: *size,
                    })
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct CourseFiles {
    pub slug: String,
    pub images: Images,
    /// How the author names the folder, e.g. `content/identification`.
    pub display_dir: String,
    pub course: Doc,
    pub translations: BTreeMap<String, Doc>,
    pub modules: Vec<ModuleFiles>,
    /// `assessment.md` (the final assessment) and its translations.
    pub assessment: Option<Doc>,
    pub assessment_translations: BTreeMap<String, Doc>,
}

/// The largest Markdown file read (bytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

pub fn is_slug(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Splits `name.th.md` into (`name`, Some("th")), `name.md` into (`name`, None).
fn split_language(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('.') {
        Some((base, lang)) => (base, Some(lang)),
        None => (stem, None),
    }
}

/// What a file of a course folder is, by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    Course,
    Assessment,
    Module { number: u32, slug: String },
}

/// A course folder's file name understood: `03-first-contact.th.md` is
/// module 3, `first-contact`, in Thai; no language is the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    pub kind: FileKind,
    pub language: Option<String>,
}

impl FileName {
    /// The one reading of file names, for a folder and the browser's
    /// editor alike; the error says what a name should look like.
    pub fn parse(file_name: &str) -> Result<FileName, String> {
        let Some(stem) = file_name.strip_suffix(".md") else {
            return Err("a course's texts are Markdown files ending in `.md`".into());
        };
        let (stem, language) = split_language(stem);
        if let Some(lang) = language {
            if !CONTENT_LANGUAGES.contains(&lang) {
                return Err(format!(
                    "unknown language `{lang}` in the file name (expected one of: {})",
                    CONTENT_LANGUAGES.join(", ")
                ));
            }
        }
        let language = language.map(str::to_string);
        let kind = match stem {
            "course" => FileKind::Course,
            "assessment" => FileKind::Assessment,
            _ => {
                let parsed = stem.split_once('-').and_then(|(n, slug)| {
                    Some((
                        n.parse::<u32>()
                            .ok()
                            .filter(|_| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()))?,
                        slug,
                    ))
                });
                let Some((number, slug)) = parsed else {
                    return Err("expected `course.md`, `assessment.md` or a module named `NN-<module-slug>.md` (e.g. `01-introduction.md`)".into());
                };
                if !is_slug(slug) {
                    return Err(format!(
                        "module slug `{slug}` must be 2–64 lower-case letters, digits and hyphens"
                    ));
                }
                FileKind::Module {
                    number,
                    slug: slug.to_string(),
                }
            }
        };
        Ok(FileName { kind, language })
    }

    /// The name again: the inverse of [`FileName::parse`].
    pub fn name(&self) -> String {
        let stem = match &self.kind {
            FileKind::Course => "course".to_string(),
            FileKind::Assessment => "assessment".to_string(),
            FileKind::Module { number, slug } => format!("{number:02}-{slug}"),
        };
        match &self.language {
            Some(lang) => format!("{stem}.{lang}.md"),
            None => format!("{stem}.md"),
        }
    }
}

/// Reads every course folder under `root`. Errors name the offending file.
pub fn read_tree(root: &Path) -> Result<Vec<CourseFiles>, Vec<ContentError>> {
    let display_root = root.display().to_string();
    let mut errors = Vec::new();
    let mut courses = Vec::new();
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            return Err(vec![ContentError::new(
                &display_root,
                1,
                1,
                format!("cannot read the content folder: {e}"),
            )]);
        }
    };
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name.starts_with('.') || !dir.is_dir() {
            continue;
        }
        let display_dir = format!("{display_root}/{name}").replace("//", "/");
        if !is_slug(&name) {
            errors.push(ContentError::new(
                &display_dir,
                1,
                1,
                format!(
                "course folder `{name}` must be a slug: 2–64 lower-case letters, digits and hyphens"
            ),
            ));
            continue;
        }
        match read_course(&dir, &name, &display_dir) {
            Ok(c) => courses.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(courses)
    } else {
        Err(errors)
    }
}

fn read_course(
    dir: &Path,
    slug: &str,
    display_dir: &str,
) -> Result<CourseFiles, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut docs = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let display = format!("{display_dir}/{file_name}");
        if path.is_dir() || file_name.starts_with('.') || !file_name.ends_with(".md") {
            continue; // images and other media are read when referenced
        }
        // Checked before reading: a 50 MB "module" is refused, not loaded.
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size > MAX_FILE_BYTES {
            errors.push(ContentError::new(
                &display,
                1,
                1,
                format!(
                    "the file is {} MB; a text may be at most 1 MB (the longest module is about 40 KB): split it into modules",
                    size / 1_000_000
                ),
            ));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => docs.push((file_name, text)),
            Err(e) => errors.push(ContentError::new(
                &display,
                1,
                1,
                format!("cannot read the file as UTF-8 text: {e}"),
            )),
        }
    }
    match course_files(slug, display_dir, Images::Folder(dir.to_path_buf()), docs) {
        Ok(files) if errors.is_empty() => Ok(files),
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            Err(errors)
        }
    }
}

/// A course from its Markdown files by name (`course.md`, `01-intro.th.md`
/// …), wherever they were read from: the one place that says which file is
/// what, for an import from a folder and for the browser's editor alike.
pub fn course_files(
    slug: &str,
    display_dir: &str,
    images: Images,
    docs: Vec<(String, String)>,
) -> Result<CourseFiles, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut course = None;
    let mut translations = BTreeMap::new();
    let mut assessment = None;
    let mut assessment_translations = BTreeMap::new();
    let mut modules: BTreeMap<u32, ModuleFiles> = BTreeMap::new();
    let mut module_translations: Vec<(u32, String, String, Doc)> = Vec::new();
    for (file_name, text) in docs {
        let display = format!("{display_dir}/{file_name}");
        let doc = Doc {
            path: display.clone(),
            text,
        };
        let (kind, language) = match FileName::parse(&file_name) {
            Ok(FileName { kind, language }) => (kind, language),
            Err(message) => {
                errors.push(ContentError::new(&display, 1, 1, message));
                continue;
            }
        };
        let (number, module_slug) = match kind {
            FileKind::Course => {
                match language {
                    None => course = Some(doc),
                    Some(lang) => {
                        translations.insert(lang, doc);
                    }
                }
                continue;
            }
            FileKind::Assessment => {
                match language {
                    None => assessment = Some(doc),
                    Some(lang) => {
                        assessment_translations.insert(lang, doc);
                    }
                }
                continue;
            }
            FileKind::Module { number, slug } => (number, slug),
        };
        let module_slug = module_slug.as_str();
        match language {
            Some(lang) => {
                module_translations.push((number, module_slug.to_string(), lang, doc));
            }
            None => {
                if let Some(other) = modules.values().find(|m| m.slug == module_slug) {
                    errors.push(ContentError::new(
                        &display,
                        1,
                        1,
                        format!(
                            "duplicate module slug `{module_slug}` (also {})",
                            other.source.path
                        ),
                    ));
                } else if let Some(other) = modules.get(&number) {
                    errors.push(ContentError::new(
                        &display,
                        1,
                        1,
                        format!(
                            "duplicate module number {number:02} (also {})",
                            other.source.path
                        ),
                    ));
                } else {
                    modules.insert(
                        number,
                        ModuleFiles {
                            number,
                            slug: module_slug.to_string(),
                            source: doc,
                            translations: BTreeMap::new(),
                        },
                    );
                }
            }
        }
    }
    for (number, module_slug, lang, doc) in module_translations {
        match modules.get_mut(&number).filter(|m| m.slug == module_slug) {
            Some(m) => {
                m.translations.insert(lang, doc);
            }
            None => errors.push(ContentError::new(&doc.path, 1, 1, format!(
                "translation of a module that does not exist: expected {display_dir}/{number:02}-{module_slug}.md"
            ))),
        }
    }
    let Some(course) = course else {
        errors.push(ContentError::new(
            &format!("{display_dir}/course.md"),
            1,
            1,
            "every course folder needs a course.md",
        ));
        return Err(errors);
    };
    if modules.is_empty() {
        errors.push(ContentError::new(
            &course.path,
            1,
            1,
            "the course has no modules (`01-<module-slug>.md`…)",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CourseFiles {
        slug: slug.to_string(),
        images,
        display_dir: display_dir.to_string(),
        course,
        translations,
        modules: modules.into_values().collect(),
        assessment,
        assessment_translations,
    })
}
