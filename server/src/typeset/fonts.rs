//! The certificate fonts, shipped in `server/fonts/` (Noto, SIL OFL 1.1)
//! and read once per process: for shaping (rustybuzz) and for embedding
//! (what every PDF's font objects need — name, metrics, the `/W` width of
//! each glyph, the character each glyph stands for — so a document only
//! subsets and writes). A PDF has no font fallback, so each run of text
//! picks its font by script.

use super::sfnt::Sfnt;
use rustybuzz::ttf_parser;
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
    pub sfnt: Sfnt,
    /// The PostScript name, for `/BaseFont`.
    pub name: String,
    /// Each glyph's advance in thousandths of the font size, as `/W` and
    /// the content stream's positions count it.
    pub widths: Vec<u16>,
    /// The character each glyph is the default glyph of, for
    /// `/ToUnicode` (glyphs shaping makes — marks moved, ligatures — have
    /// none; their runs' `/ActualText` gives them back).
    pub chars: Vec<Option<char>>,
    /// `/FontDescriptor`'s numbers, in thousandths: ascent, descent, cap
    /// height, italic angle and bounding box.
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
    pub italic_angle: f32,
    pub bbox: [i32; 4],
}

impl Font {
    fn load(bytes: &'static [u8]) -> Font {
        let face = rustybuzz::Face::from_slice(bytes, 0).expect("a shipped font parses");
        let sfnt = Sfnt::parse(bytes).expect("a shipped font is TrueType");
        let em = face.units_per_em() as f32;
        let thousandths = |units: f32| (units * 1000.0 / em).round() as i32;
        let glyphs = sfnt.glyph_count();
        let widths = (0..glyphs)
            .map(|g| {
                let advance = face.glyph_hor_advance(ttf_parser::GlyphId(g as u16));
                thousandths(f32::from(advance.unwrap_or(0))) as u16
            })
            .collect();
        let mut chars = vec![None; glyphs];
        if let Some(cmap) = face.tables().cmap {
            for table in cmap
                .subtables
                .into_iter()
                .filter(ttf_parser::cmap::Subtable::is_unicode)
            {
                table.codepoints(|code| {
                    let c = char::from_u32(code);
                    if let (Some(c), Some(g)) = (c, table.glyph_index(code)) {
                        if let Some(slot @ None) = chars.get_mut(g.0 as usize) {
                            *slot = Some(c);
                        }
                    }
                });
            }
        }
        let name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .filter(|n| n.bytes().all(|b| b.is_ascii_graphic()))
            .expect("a shipped font has a PostScript name");
        let b = face.global_bounding_box();
        Font {
            name,
            widths,
            chars,
            ascent: thousandths(f32::from(face.ascender())),
            descent: thousandths(f32::from(face.descender())),
            cap_height: thousandths(f32::from(face.capital_height().unwrap_or(face.ascender()))),
            italic_angle: face.italic_angle(),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| thousandths(f32::from(v))),
            face,
            sfnt,
        }
    }

    /// `gid`'s width in thousandths of the font size.
    pub fn width(&self, gid: u16) -> u16 {
        self.widths.get(gid as usize).copied().unwrap_or(0)
    }
}

/// How many fonts there are ([`Fonts::all`]), so a page can keep the
/// glyphs it shows of each in an array.
pub const FONT_COUNT: usize = 6;

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

    /// Every font, in a fixed order: a font's place in it is its number in
    /// a document.
    pub fn all(&self) -> [(Script, Weight, &Font); FONT_COUNT] {
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
