//! A PDF file of [`Page`]s, written with lopdf: each font a page shows as a
//! Type 0 font (`/Identity-H`, glyph ids as codes) over a `/CIDFontType2`
//! whose program is the font subset to the glyphs the document shows
//! ([`super::sfnt`]), with `/W` widths and a `/ToUnicode` map taken from
//! what [`super::fonts`] read once per process; and every stream deflated
//! at zlib's fastest level.
//!
//! Lantern once wrote its PDFs through printpdf, whose pipeline copied,
//! re-subset and re-parsed every font and translated every glyph into
//! operator objects for each document: 81 % of a certificate's time
//! (docs/benchmarks.md, issue 17). Pages here are already content streams
//! and fonts are already read, so a document only subsets and writes.

use super::canvas::{utf16be, Page};
use super::fonts::{Font, FONTS};
use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeSet;
use std::io::Write;

pub struct Document {
    title: String,
    pages: Vec<Page>,
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document {
            title: title.to_string(),
            pages: Vec::new(),
        }
    }

    pub fn add(&mut self, page: Page) {
        self.pages.push(page);
    }

    /// The pages, to draw on each once all are laid out (page numbers).
    pub fn pages_mut(&mut self) -> &mut [Page] {
        &mut self.pages
    }

    /// The PDF's bytes.
    pub fn save(self) -> Vec<u8> {
        let mut pdf = lopdf::Document::with_version("1.7");
        let mut zlib = flate2::Compress::new(flate2::Compression::fast(), true);
        let mut fonts = Dictionary::new();
        for (number, (_, _, font)) in FONTS.all().into_iter().enumerate() {
            let used: BTreeSet<u16> = self
                .pages
                .iter()
                .flat_map(|p| p.used[number].iter().copied())
                .collect();
            if !used.is_empty() {
                let id = embed(&mut pdf, &mut zlib, number, font, &used);
                fonts.set(format!("F{number}"), id);
            }
        }
        let resources = pdf.add_object(dictionary! { "Font" => fonts });
        let pages_id = pdf.new_object_id();
        let mut kids = Vec::with_capacity(self.pages.len());
        for page in self.pages {
            let contents = pdf.add_object(stream(&mut zlib, Dictionary::new(), page.content));
            let annots: Vec<Object> = page
                .links
                .iter()
                .map(|link| {
                    let [x, y, w, h] = link.rect;
                    pdf.add_object(dictionary! {
                        "Type" => "Annot",
                        "Subtype" => "Link",
                        "Rect" => vec![x.into(), y.into(), (x + w).into(), (y + h).into()],
                        "Border" => vec![0.into(), 0.into(), 0.into()],
                        "A" => dictionary! {
                            "S" => "URI",
                            "URI" => Object::string_literal(link.url.as_bytes()),
                        },
                    })
                    .into()
                })
                .collect();
            let mut dict = dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), page.width.into(), page.height.into()],
                "Resources" => resources,
                "Contents" => contents,
            };
            if !annots.is_empty() {
                dict.set("Annots", annots);
            }
            kids.push(pdf.add_object(dict).into());
        }
        let count = kids.len() as i64;
        pdf.objects.insert(
            pages_id,
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }.into(),
        );
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let info = pdf.add_object(dictionary! {
            "Title" => Object::String(utf16be(&self.title).collect(), StringFormat::Hexadecimal),
            "Producer" => Object::string_literal("Lantern"),
        });
        pdf.trailer.set("Root", catalog);
        pdf.trailer.set("Info", info);
        let mut out = Vec::new();
        let _ = pdf.save_to(&mut out);
        out
    }
}

/// Six capital letters naming the subset (PDF 32000-1 §9.6.4), the same
/// for the same font and glyphs.
fn subset_tag(number: usize, used: &BTreeSet<u16>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ number as u64;
    for gid in used {
        hash = (hash ^ u64::from(*gid)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

/// Writes font `number` subset to `used` and returns its Type 0 font.
fn embed(
    pdf: &mut lopdf::Document,
    zlib: &mut flate2::Compress,
    number: usize,
    font: &Font,
    used: &BTreeSet<u16>,
) -> ObjectId {
    let name = format!("{}+{}", subset_tag(number, used), font.name);
    let program = font.sfnt.subset(used);
    let length = program.len() as i64;
    let program = pdf.add_object(stream(zlib, dictionary! { "Length1" => length }, program));
    let descriptor = pdf.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => name.as_str(),
        "Flags" => 4,
        "FontBBox" => font.bbox.iter().map(|&v| v.into()).collect::<Vec<Object>>(),
        "ItalicAngle" => font.italic_angle,
        "Ascent" => font.ascent,
        "Descent" => font.descent,
        "CapHeight" => font.cap_height,
        "StemV" => 80,
        "FontFile2" => program,
    });
    let cid_font = pdf.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => name.as_str(),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 0,
        "W" => widths(font, used),
        "CIDToGIDMap" => "Identity",
    });
    let to_unicode = pdf.add_object(stream(zlib, Dictionary::new(), to_unicode(font, used)));
    pdf.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => name.as_str(),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()],
        "ToUnicode" => to_unicode,
    })
}

/// `/W`: the widths of the glyphs used, consecutive ids grouped.
fn widths(font: &Font, used: &BTreeSet<u16>) -> Vec<Object> {
    let mut w: Vec<Object> = Vec::new();
    let mut group: Vec<Object> = Vec::new();
    let mut next = None;
    for &gid in used {
        if next != Some(gid) && !group.is_empty() {
            w.push(Object::Array(std::mem::take(&mut group)));
        }
        if group.is_empty() {
            w.push(i64::from(gid).into());
        }
        group.push(i64::from(font.width(gid)).into());
        next = gid.checked_add(1);
    }
    if !group.is_empty() {
        w.push(Object::Array(group));
    }
    w
}

/// The `/ToUnicode` CMap: each glyph used that is a character's own glyph,
/// mapped to that character.
fn to_unicode(font: &Font, used: &BTreeSet<u16>) -> Vec<u8> {
    let pairs: Vec<(u16, char)> = used
        .iter()
        .filter_map(|&g| Some((g, (*font.chars.get(g as usize)?)?)))
        .collect();
    let mut out = Vec::with_capacity(400 + 24 * pairs.len());
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (gid, c) in chunk {
            let _ = write!(out, "<{gid:04X}> ");
            let mut units = [0u16; 2];
            let hex = c.encode_utf16(&mut units);
            out.push(b'<');
            for unit in hex {
                let _ = write!(out, "{unit:04X}");
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// A stream of `content`, deflated when that makes it smaller.
fn stream(zlib: &mut flate2::Compress, mut dict: Dictionary, content: Vec<u8>) -> Stream {
    match deflate(zlib, &content) {
        Some(compressed) if compressed.len() + 19 < content.len() => {
            dict.set("Filter", "FlateDecode");
            Stream::new(dict, compressed)
        }
        _ => Stream::new(dict, content),
    }
}

/// `data` as one zlib stream at the fastest level — 10 % larger files
/// than the best level for a third less time per certificate
/// (docs/benchmarks.md). One compressor serves every stream of a document:
/// making one allocates and clears zlib's tables, which cost as much as
/// compressing a certificate's small streams.
fn deflate(zlib: &mut flate2::Compress, data: &[u8]) -> Option<Vec<u8>> {
    zlib.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let read = usize::try_from(zlib.total_in()).ok()?;
        match zlib
            .compress_vec(&data[read..], &mut out, flate2::FlushCompress::Finish)
            .ok()?
        {
            flate2::Status::StreamEnd => return Some(out),
            flate2::Status::Ok | flate2::Status::BufError => out.reserve(out.capacity().max(64)),
        }
    }
}
