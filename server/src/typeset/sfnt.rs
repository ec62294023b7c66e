//! TrueType subsetting that keeps glyph ids: the subset is the font's
//! outline tables with every glyph a document does not show left empty.
//! Keeping the ids means the glyph ids rustybuzz gives are written into the
//! content stream as they are (`/CIDToGIDMap /Identity`), and the `/W`
//! widths come from a table made once per process. The few tables a PDF
//! reader needs for a `/CIDFontType2` font are kept (PDF 32000-1 §9.9);
//! the shaping tables are not, since the PDF places every glyph itself.
//! The shipped fonts have no hinting tables (docs/benchmarks.md).

use std::collections::BTreeSet;

/// The tables copied into a subset as they are; `glyf`, `loca` and `head`
/// are rebuilt, `hmtx` is copied (small, and readers take widths from
/// `/W`).
const KEPT: [&[u8; 4]; 7] = [
    b"OS/2", b"cvt ", b"fpgm", b"hhea", b"hmtx", b"maxp", b"prep",
];

/// A TrueType font's tables, read once per process.
pub struct Sfnt {
    bytes: &'static [u8],
    /// (tag, offset, length) of each table.
    tables: Vec<([u8; 4], usize, usize)>,
    /// Where each glyph's outline starts and ends in `glyf` (one more
    /// entry than there are glyphs).
    loca: Vec<usize>,
}

/// A font that is not the TrueType this module reads.
#[derive(Debug, thiserror::Error)]
#[error("not a TrueType font with glyf outlines: {0}")]
pub struct SfntError(&'static str);

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Sfnt {
    pub fn parse(bytes: &'static [u8]) -> Result<Sfnt, SfntError> {
        let count = u16_at(bytes, 4).ok_or(SfntError("no table directory"))?;
        let mut tables = Vec::with_capacity(count as usize);
        for i in 0..count as usize {
            let at = 12 + 16 * i;
            let tag: [u8; 4] = bytes
                .get(at..at + 4)
                .and_then(|t| t.try_into().ok())
                .ok_or(SfntError("short table directory"))?;
            let offset = u32_at(bytes, at + 8).ok_or(SfntError("short table directory"))?;
            let length = u32_at(bytes, at + 12).ok_or(SfntError("short table directory"))?;
            let (offset, length) = (offset as usize, length as usize);
            if bytes.len() < offset + length {
                return Err(SfntError("a table runs past the end"));
            }
            tables.push((tag, offset, length));
        }
        let mut font = Sfnt {
            bytes,
            tables,
            loca: Vec::new(),
        };
        let head = font.table(b"head").ok_or(SfntError("no head"))?;
        let maxp = font.table(b"maxp").ok_or(SfntError("no maxp"))?;
        let loca = font.table(b"loca").ok_or(SfntError("no loca"))?;
        let glyf = font.table(b"glyf").ok_or(SfntError("no glyf"))?;
        let glyphs = u16_at(maxp, 4).ok_or(SfntError("short maxp"))? as usize;
        let long = u16_at(head, 50).ok_or(SfntError("short head"))? == 1;
        font.loca = (0..=glyphs)
            .map(|i| match long {
                true => u32_at(loca, 4 * i).map(|o| o as usize),
                false => u16_at(loca, 2 * i).map(|o| 2 * o as usize),
            })
            .collect::<Option<Vec<usize>>>()
            .ok_or(SfntError("short loca"))?;
        if font.loca.windows(2).any(|w| w[0] > w[1]) || font.loca[glyphs] > glyf.len() {
            return Err(SfntError("loca out of order"));
        }
        Ok(font)
    }

    pub fn table(&self, tag: &[u8; 4]) -> Option<&'static [u8]> {
        let bytes = self.bytes;
        self.tables
            .iter()
            .find(|(t, _, _)| t == tag)
            .map(|&(_, offset, length)| &bytes[offset..offset + length])
    }

    pub fn glyph_count(&self) -> usize {
        self.loca.len() - 1
    }

    fn outline(&self, gid: u16) -> &'static [u8] {
        let glyf = self.table(b"glyf").unwrap_or_default();
        let i = gid as usize;
        match (self.loca.get(i), self.loca.get(i + 1)) {
            (Some(&start), Some(&end)) => &glyf[start..end],
            _ => &[],
        }
    }

    /// The glyphs a composite glyph is built from.
    fn components(outline: &[u8]) -> Vec<u16> {
        let mut parts = Vec::new();
        if outline.len() < 10 || (outline[0] as i8) >= 0 {
            return parts;
        }
        let mut at = 10;
        while let (Some(flags), Some(gid)) = (u16_at(outline, at), u16_at(outline, at + 2)) {
            parts.push(gid);
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += match flags {
                f if f & 0x0008 != 0 => 2,
                f if f & 0x0040 != 0 => 4,
                f if f & 0x0080 != 0 => 8,
                _ => 0,
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
        parts
    }

    /// The font with only `used` glyphs (and .notdef, and the parts of
    /// composite glyphs) keeping their outlines, every glyph keeping its id.
    pub fn subset(&self, used: &BTreeSet<u16>) -> Vec<u8> {
        let mut keep: BTreeSet<u16> = BTreeSet::new();
        let mut todo: Vec<u16> = used.iter().copied().chain([0]).collect();
        while let Some(gid) = todo.pop() {
            if (gid as usize) < self.glyph_count() && keep.insert(gid) {
                todo.extend(Self::components(self.outline(gid)));
            }
        }
        let mut glyf = Vec::new();
        let mut starts = Vec::with_capacity(self.glyph_count() + 1);
        for gid in 0..self.glyph_count() {
            starts.push(glyf.len());
            if keep.contains(&(gid as u16)) {
                glyf.extend_from_slice(self.outline(gid as u16));
                glyf.resize(glyf.len().next_multiple_of(4), 0);
            }
        }
        starts.push(glyf.len());
        // Offsets are even (outlines padded to 4 bytes), so the short form
        // (offset / 2) serves any subset under 128 KB: half the size.
        let short = glyf.len() / 2 <= usize::from(u16::MAX);
        let loca: Vec<u8> = match short {
            true => starts
                .iter()
                .flat_map(|&o| ((o / 2) as u16).to_be_bytes())
                .collect(),
            false => starts
                .iter()
                .flat_map(|&o| (o as u32).to_be_bytes())
                .collect(),
        };
        let mut head = self.table(b"head").unwrap_or_default().to_vec();
        head[8..12].fill(0);
        head[50..52].copy_from_slice(&u16::from(!short).to_be_bytes());

        let mut tables: Vec<([u8; 4], Vec<u8>)> = KEPT
            .iter()
            .filter_map(|tag| Some((**tag, self.table(tag)?.to_vec())))
            .collect();
        // Metrics of glyphs not shown are zeroed: readers take widths from
        // `/W`, and runs of zeros compress to almost nothing.
        if let Some((_, hmtx)) = tables.iter_mut().find(|(tag, _)| tag == b"hmtx") {
            let long = self
                .table(b"hhea")
                .and_then(|hhea| u16_at(hhea, 34))
                .map_or(0, usize::from);
            for gid in (0..self.glyph_count()).filter(|g| !keep.contains(&(*g as u16))) {
                let entry = match gid < long {
                    true => 4 * gid..4 * gid + 4,
                    false => 4 * long + 2 * (gid - long)..4 * long + 2 * (gid - long) + 2,
                };
                if let Some(bytes) = hmtx.get_mut(entry) {
                    bytes.fill(0);
                }
            }
        }
        tables.push((*b"glyf", glyf));
        tables.push((*b"head", head));
        tables.push((*b"loca", loca));
        tables.sort_by_key(|t| t.0);
        assemble(tables)
    }
}

/// The sum of `data` as big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A font file of `tables` (sorted by tag), with its checksums.
fn assemble(tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let count = tables.len() as u16;
    let selector = 15 - count.leading_zeros() as u16;
    let range = 16u16 << selector;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for value in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATIN: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
    const THAI: &[u8] = include_bytes!("../../fonts/NotoSansThai-Regular.ttf");

    fn bbox(font: &[u8], gid: u16) -> Option<rustybuzz::ttf_parser::Rect> {
        rustybuzz::ttf_parser::Face::parse(font, 0)
            .unwrap()
            .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid))
    }

    fn gid(font: &[u8], c: char) -> u16 {
        rustybuzz::ttf_parser::Face::parse(font, 0)
            .unwrap()
            .glyph_index(c)
            .unwrap()
            .0
    }

    #[test]
    fn a_subset_keeps_the_ids_and_outlines_of_what_it_shows_and_nothing_else() {
        let font = Sfnt::parse(THAI).unwrap();
        let (ko, no) = (gid(THAI, 'ก'), gid(THAI, 'น'));
        let subset = font.subset(&BTreeSet::from([ko]));
        let face = rustybuzz::ttf_parser::Face::parse(&subset, 0).expect("the subset is a font");
        assert_eq!(face.number_of_glyphs() as usize, font.glyph_count());
        assert_eq!(bbox(&subset, ko), bbox(THAI, ko));
        assert!(bbox(THAI, no).is_some() && bbox(&subset, no).is_none());
        assert!(subset.len() < THAI.len() / 2, "{} bytes", subset.len());
        // Widths of what is shown are kept; the rest are zero.
        let original = rustybuzz::ttf_parser::Face::parse(THAI, 0).unwrap();
        let advance = |face: &rustybuzz::ttf_parser::Face, g| {
            face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g))
        };
        assert_eq!(advance(&face, ko), advance(&original, ko));
        assert!(advance(&original, no) > Some(0));
        assert_eq!(advance(&face, no), Some(0));
        // A subset is itself a font this module reads (short offsets).
        let again = Sfnt::parse(Box::leak(subset.clone().into_boxed_slice())).unwrap();
        assert_eq!(again.glyph_count(), font.glyph_count());
        assert!(again.outline(ko).starts_with(font.outline(ko)));
        assert!(again.outline(no).is_empty());
        // The file's checksum adjustment makes the whole file sum to the
        // magic number, as the format asks.
        assert_eq!(checksum(&subset), 0xB1B0_AFBA);
    }

    #[test]
    fn composite_glyphs_bring_their_parts() {
        let font = Sfnt::parse(LATIN).unwrap();
        let composite = "éÅŠốḍ"
            .chars()
            .map(|c| gid(LATIN, c))
            .find(|&g| !Sfnt::components(font.outline(g)).is_empty())
            .expect("an accented letter made of parts");
        let subset = font.subset(&BTreeSet::from([composite]));
        assert!(bbox(&subset, composite).is_some());
        assert_eq!(bbox(&subset, composite), bbox(LATIN, composite));
        for part in Sfnt::components(font.outline(composite)) {
            assert_eq!(bbox(&subset, part), bbox(LATIN, part), "part {part}");
        }
    }

    #[test]
    fn what_is_not_a_truetype_font_is_refused() {
        assert!(Sfnt::parse(b"not a font").is_err());
        assert!(Sfnt::parse(&LATIN[..200]).is_err());
    }
}
