//! A PDF page to draw on: shaped text placed glyph by glyph, each run in
//! a marked-content span whose `/ActualText` is its original string (so
//! copying and `pdftotext` give back what was written), rectangles, rules,
//! QR codes and links. The page is its content stream, written as it is
//! drawn, and the glyphs it shows of each font; `document.rs` makes the
//! file.

use super::fonts::{Weight, FONTS, FONT_COUNT};
use super::shaping::{shape, width, Run};
use std::collections::BTreeSet;
use std::io::Write;

pub const INK: (f32, f32, f32) = (0.11, 0.16, 0.22);

#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Centre,
    Right,
}

#[derive(Clone, Copy)]
pub enum Paint {
    Fill,
    Stroke,
}

/// A link: its rectangle (x, y, width, height) and where it goes.
pub struct Link {
    pub rect: [f32; 4],
    pub url: String,
}

pub struct Page {
    pub width: f32,
    pub height: f32,
    pub(super) content: Vec<u8>,
    /// The glyphs shown, by font number.
    pub(super) used: [BTreeSet<u16>; FONT_COUNT],
    pub(super) links: Vec<Link>,
}

/// `v` as a PDF number, to the hundredth: "12", "12.5", "-0.25".
fn number(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let h = hundredths.unsigned_abs();
    let _ = write!(out, "{}", h / 100);
    match h % 100 {
        0 => {}
        f if f % 10 == 0 => {
            let _ = write!(out, ".{}", f / 10);
        }
        f => {
            let _ = write!(out, ".{f:02}");
        }
    }
}

/// `v` rounded as [`number`] writes it.
fn hundredths(v: f32) -> f32 {
    ((f64::from(v) * 100.0).round() / 100.0) as f32
}

/// The bytes of a PDF text string: UTF-16BE after its byte-order mark.
pub fn utf16be(text: &str) -> impl Iterator<Item = u8> + '_ {
    [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
}

/// `text` as a PDF text string written in hex, as in a content stream.
fn utf16_hex(out: &mut Vec<u8>, text: &str) {
    out.push(b'<');
    for byte in utf16be(text) {
        let _ = write!(out, "{byte:02X}");
    }
    out.push(b'>');
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            content: Vec::with_capacity(8 * 1024),
            used: Default::default(),
            links: Vec::new(),
        }
    }

    fn numbers(&mut self, values: &[f32], operator: &str) {
        for &v in values {
            number(&mut self.content, v);
            self.content.push(b' ');
        }
        self.content.extend_from_slice(operator.as_bytes());
        self.content.push(b'\n');
    }

    pub fn fill_colour(&mut self, (r, g, b): (f32, f32, f32)) {
        self.numbers(&[r, g, b], "rg");
    }

    pub fn stroke_colour(&mut self, (r, g, b): (f32, f32, f32)) {
        self.numbers(&[r, g, b], "RG");
    }

    pub fn line_width(&mut self, width: f32) {
        self.numbers(&[width], "w");
    }

    /// The font number of `run`'s script in `weight`. Myanmar and Khmer
    /// come in one weight (see `Fonts::get`).
    fn font(run: &Run, weight: Weight) -> usize {
        let all = FONTS.all();
        let find = |weight| {
            all.iter()
                .position(|(script, w, _)| *script == run.script && *w == weight)
        };
        find(weight)
            .or_else(|| find(Weight::Regular))
            .expect("every script has a font")
    }

    /// Sets `text` with its left edge (or centre) at `x`, baseline `y`;
    /// shrinks it to fit `max_width`. Returns the width used.
    #[expect(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        x: f32,
        y: f32,
        align: Align,
        max_width: f32,
        ink: (f32, f32, f32),
    ) -> f32 {
        let mut size = size;
        let mut runs = shape(text, weight, size);
        let natural = width(&runs);
        if natural > max_width {
            size *= max_width / natural;
            runs = shape(text, weight, size);
        }
        let total = width(&runs);
        let mut pen = match align {
            Align::Left => x,
            Align::Centre => x - total / 2.0,
            Align::Right => x - total,
        };
        self.fill_colour(ink);
        for run in &runs {
            let font = Self::font(run, weight);
            pen = self.run(run, font, size, pen, y);
        }
        total
    }

    /// One run's glyphs from `pen` on baseline `y`, in a span that gives
    /// back its text; returns the pen after it. Glyphs on one line go in
    /// one `TJ` array, each placed exactly: the gap between where the font's
    /// width leaves the pen and where shaping puts the next glyph is the
    /// number between them. A glyph shaping raises or lowers starts a new
    /// line with `Tm`.
    fn run(&mut self, run: &Run, font: usize, size: f32, mut pen: f32, y: f32) -> f32 {
        let widths = FONTS.all()[font].2;
        let size = hundredths(size);
        let out = &mut self.content;
        out.extend_from_slice(b"/Span <</ActualText ");
        utf16_hex(out, &run.text);
        let _ = write!(out, ">> BDC\nBT\n/F{font} ");
        number(out, size);
        out.extend_from_slice(b" Tf\n");
        // Where the text position is after the last glyph, the baseline of
        // the open TJ array (if one is open), and whether a hex string is
        // open in it.
        let mut at = 0.0f32;
        let mut line: Option<f32> = None;
        let mut string_open = false;
        for g in &run.glyphs {
            let (gx, gy) = (hundredths(pen + g.x_offset), hundredths(y + g.y_offset));
            let gap = ((gx - at) * 1000.0 / size).round();
            if line != Some(gy) || gap.abs() > 10_000.0 {
                if line.is_some() {
                    out.extend_from_slice(if string_open { b">] TJ\n" } else { b"] TJ\n" });
                }
                out.extend_from_slice(b"1 0 0 1 ");
                number(out, gx);
                out.push(b' ');
                number(out, gy);
                out.extend_from_slice(b" Tm [<");
                line = Some(gy);
                string_open = true;
                at = gx;
            } else if gap != 0.0 {
                if string_open {
                    out.push(b'>');
                }
                let _ = write!(out, "{}<", -gap as i32);
                string_open = true;
                at += gap * size / 1000.0;
            } else if !string_open {
                out.push(b'<');
                string_open = true;
            }
            let _ = write!(out, "{:04X}", g.id);
            at += f32::from(widths.width(g.id)) * size / 1000.0;
            self.used[font].insert(g.id);
            pen += g.advance;
        }
        if line.is_some() {
            out.extend_from_slice(if string_open { b">] TJ\n" } else { b"] TJ\n" });
        }
        out.extend_from_slice(b"ET\nEMC\n");
        pen
    }

    pub fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) {
        self.numbers(&[x, y, w, h], "re");
        self.content
            .extend_from_slice(if matches!(paint, Paint::Fill) {
                b"f\n"
            } else {
                b"S\n"
            });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.numbers(&[x1, y1], "m");
        self.numbers(&[x2, y2], "l");
        self.content.extend_from_slice(b"S\n");
    }

    /// The QR code of `url` as filled squares, `size` points wide, lower
    /// left corner at (x, y); dark modules of a row are merged into bars.
    pub fn qr(&mut self, url: &str, x: f32, y: f32, size: f32) {
        let Some((n, colors)) = qr_modules(url) else {
            return;
        };
        let module = size / n as f32;
        self.fill_colour(INK);
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    let top = y + size - row as f32 * module;
                    self.numbers(
                        &[
                            x + start as f32 * module,
                            top - module,
                            (col - start) as f32 * module,
                            module,
                        ],
                        "re",
                    );
                } else {
                    col += 1;
                }
            }
        }
        // One fill for all the bars.
        self.content.extend_from_slice(b"f\n");
    }

    pub fn link(&mut self, url: &str, x: f32, y: f32, w: f32, h: f32) {
        self.links.push(Link {
            rect: [x, y, w, h],
            url: url.to_string(),
        });
    }
}

/// The modules of `url`'s QR code (error correction M) and its width.
/// The mask is fixed rather than chosen by trying all eight: every mask
/// decodes (the code records which it uses), and scoring them took a tenth
/// of a certificate's rendering time. The QR test reads it back.
pub fn qr_modules(url: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    use qrcode::{canvas::Canvas, EcLevel};
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    Some((version.width() as usize, canvas.into_colors()))
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Font;
    use super::*;

    #[test]
    fn numbers_are_written_short_to_the_hundredth() {
        let written = |v: f32| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(written(12.0), "12");
        assert_eq!(written(12.5), "12.5");
        assert_eq!(written(-0.25), "-0.25");
        assert_eq!(written(0.004), "0");
        assert_eq!(written(841.89), "841.89");
        assert_eq!(written(3.999), "4");
    }

    /// Where a reader draws each glyph of `content` (which holds one text
    /// section): the `Tm` lines, `TJ` arrays and the font's `/W` widths.
    fn placed(content: &str, font: &Font, size: f32) -> Vec<(u16, f32, f32)> {
        let mut glyphs = Vec::new();
        for line in content.lines().filter(|l| l.ends_with(" TJ")) {
            let (tm, array) = line.split_once(" Tm [").unwrap();
            let tm: Vec<f32> = tm.split(' ').map(|v| v.parse().unwrap()).collect();
            let (mut x, y) = (tm[4], tm[5]);
            let array = array.trim_end_matches("] TJ");
            for part in array.split_inclusive(['<', '>']) {
                if let Some(hex) = part.strip_suffix('>') {
                    for code in hex.as_bytes().chunks(4) {
                        let gid = u16::from_str_radix(std::str::from_utf8(code).unwrap(), 16);
                        let gid = gid.unwrap();
                        glyphs.push((gid, x, y));
                        x += f32::from(font.width(gid)) * size / 1000.0;
                    }
                } else if let Some(adjust) = part.strip_suffix('<') {
                    if !adjust.is_empty() {
                        x -= adjust.parse::<f32>().unwrap() * size / 1000.0;
                    }
                }
            }
        }
        glyphs
    }

    #[test]
    fn every_glyph_is_drawn_where_shaping_put_it() {
        for (text, size) in [("น้ำใจ ศรีสุข", 32.0), ("Nguyễn Thị Ánh", 21.0)]
        {
            let mut page = Page::new(600.0, 400.0);
            page.text(
                text,
                Weight::Bold,
                size,
                10.0,
                100.0,
                Align::Left,
                500.0,
                INK,
            );
            let content = String::from_utf8(page.content.clone()).unwrap();
            let runs = shape(text, Weight::Bold, size);
            let font = Page::font(&runs[0], Weight::Bold);
            let drawn = placed(&content, FONTS.all()[font].2, size);
            let mut pen = 10.0;
            let mut expected = Vec::new();
            for g in &runs[0].glyphs {
                expected.push((g.id, pen + g.x_offset, 100.0 + g.y_offset));
                pen += g.advance;
            }
            assert_eq!(runs.len(), 1, "{text}");
            assert_eq!(drawn.len(), expected.len(), "{content}");
            for ((gid, x, y), (want_gid, want_x, want_y)) in drawn.iter().zip(&expected) {
                assert_eq!(gid, want_gid);
                assert!(
                    (x - want_x).abs() < 0.03,
                    "{text}: x {x} for {want_x}\n{content}"
                );
                assert!((y - want_y).abs() < 0.01, "{text}: y {y} for {want_y}");
            }
            assert!(
                content.contains("/ActualText <FEFF"),
                "the run's text comes back: {content}"
            );
            assert_eq!(
                page.used[font],
                expected.iter().map(|g| g.0).collect::<BTreeSet<u16>>()
            );
        }
    }
}
