//! The certificate fonts, shipped in `server/fonts/` (Noto, SIL OFL 1.1)
//! and parsed once per process: for shaping (rustybuzz) and for embedding
//! (printpdf subsets each PDF to the glyphs it uses). printpdf has no font
//! fallback, so each run of text picks its font by script.

use printpdf::ParsedFont;
use std::sync::LazyLock;

/// A script a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Thai,
    Myanmar,
    Khmer,
}

impl Script {
    /// The script of `c`, or `None` for characters any font has (spaces,
    /// digits, punctuation), which join the run around them.
    pub fn of(c: char) -> Option<Script> {
        match c as u32 {
            0x0E00..=0x0E7F => Some(Script::Thai),
            0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Some(Script::Myanmar),
            0x1780..=0x17FF | 0x19E0..=0x19FF => Some(Script::Khmer),
            // Zero-width joiners belong to the complex scripts' runs.
            0x200B..=0x200D => None,
            _ if c.is_alphabetic() => Some(Script::Latin),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

pub struct Font {
    pub face: rustybuzz::Face<'static>,
    pub parsed: ParsedFont,
}

impl Font {
    fn load(bytes: &'static [u8]) -> Font {
        let mut warnings = Vec::new();
        Font {
            face: rustybuzz::Face::from_slice(bytes, 0).expect("a shipped font parses"),
            parsed: ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("a shipped font parses"),
        }
    }
}

pub struct Fonts {
    latin: Font,
    latin_bold: Font,
    thai: Font,
    thai_bold: Font,
    myanmar: Font,
    khmer: Font,
}

impl Fonts {
    pub fn get(&self, script: Script, weight: Weight) -> &Font {
        match (script, weight) {
            (Script::Latin, Weight::Regular) => &self.latin,
            (Script::Latin, Weight::Bold) => &self.latin_bold,
            (Script::Thai, Weight::Regular) => &self.thai,
            (Script::Thai, Weight::Bold) => &self.thai_bold,
            // Noto ships these two in one weight; the name's size carries it.
            (Script::Myanmar, _) => &self.myanmar,
            (Script::Khmer, _) => &self.khmer,
        }
    }

    /// Every font, in a fixed order (for registering with a document).
    pub fn all(&self) -> [(Script, Weight, &Font); 6] {
        [
            (Script::Latin, Weight::Regular, &self.latin),
            (Script::Latin, Weight::Bold, &self.latin_bold),
            (Script::Thai, Weight::Regular, &self.thai),
            (Script::Thai, Weight::Bold, &self.thai_bold),
            (Script::Myanmar, Weight::Regular, &self.myanmar),
            (Script::Khmer, Weight::Regular, &self.khmer),
        ]
    }
}

pub static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    latin: Font::load(include_bytes!("../../fonts/NotoSans-Regular.ttf")),
    latin_bold: Font::load(include_bytes!("../../fonts/NotoSans-Bold.ttf")),
    thai: Font::load(include_bytes!("../../fonts/NotoSansThai-Regular.ttf")),
    thai_bold: Font::load(include_bytes!("../../fonts/NotoSansThai-Bold.ttf")),
    myanmar: Font::load(include_bytes!("../../fonts/NotoSansMyanmar-Regular.ttf")),
    khmer: Font::load(include_bytes!("../../fonts/NotoSansKhmer-Regular.ttf")),
});
