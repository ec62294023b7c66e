//! Parts of a page rendered once and kept as HTML.
//!
//! A module page is mostly things that never change for a module version:
//! its objectives, contents and text, and its knowledge check in each of a
//! few fixed orders of options. Rendering them is some hundred elements of
//! view per reading — about half the page's time in the profile
//! (docs/benchmarks.md). The page renders each such part once per content
//! key (which names the database, the version and its content hash, so
//! one version's HTML is never shown for another), UI language and part,
//! and inserts the kept HTML on every later reading.
//!
//! Only parts that depend on nothing but the key belong here: nothing
//! about the reader, the request or the time.

use crate::i18n::Locale;
use std::sync::Arc;

/// Which part of the page: the module's text, or its check in one order
/// (the order's seed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    ModuleText,
    Check(i64),
}

/// The HTML of `part` for content `key` in `locale`: rendered by `render`
/// the first time, kept after.
#[cfg(feature = "ssr")]
pub fn rendered(
    key: &str,
    locale: Locale,
    part: Part,
    render: impl FnOnce() -> String,
) -> Arc<str> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, RwLock};

    type Kept = HashMap<(String, Locale, Part), Arc<str>>;
    /// Kept fragments at most; past it the store starts over (as the
    /// process's other caches do: a miss costs one render).
    const CAPACITY: usize = 4_096;
    static KEPT: LazyLock<RwLock<Kept>> = LazyLock::new(Default::default);

    let id = (key.to_string(), locale, part);
    if let Some(html) = KEPT
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&id)
    {
        return Arc::clone(html);
    }
    let html: Arc<str> = Arc::from(render());
    let mut kept = KEPT
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.len() >= CAPACITY {
        kept.clear();
    }
    kept.insert(id, Arc::clone(&html));
    html
}

/// In the browser nothing is kept (pages render on the server).
#[cfg(not(feature = "ssr"))]
pub fn rendered(
    _key: &str,
    _locale: Locale,
    _part: Part,
    render: impl FnOnce() -> String,
) -> Arc<str> {
    Arc::from(render())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_part_renders_once_per_key_language_and_part() {
        let calls = Cell::new(0);
        let render = |html: &'static str| {
            calls.set(calls.get() + 1);
            html.to_string()
        };
        let key = "test-fragments/1/abc";
        let first = rendered(key, Locale::En, Part::ModuleText, || render("<p>one</p>"));
        let again = rendered(key, Locale::En, Part::ModuleText, || render("<p>two</p>"));
        assert_eq!(
            (&*first, &*again, calls.get()),
            ("<p>one</p>", "<p>one</p>", 1)
        );
        // Another language, another order, another version: rendered anew.
        rendered(key, Locale::Th, Part::ModuleText, || render("<p>th</p>"));
        rendered(key, Locale::En, Part::Check(7), || render("<p>check</p>"));
        let other = rendered("test-fragments/2/abd", Locale::En, Part::ModuleText, || {
            render("<p>other</p>")
        });
        assert_eq!((&*other, calls.get()), ("<p>other</p>", 4));
    }
}
