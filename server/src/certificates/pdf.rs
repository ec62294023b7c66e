//! The certificate as a PDF: A4 landscape, a double border, the holder's
//! name large (in their own script, and in Latin script beneath), the
//! course, the hours, the dates, the issuer over a signature line, the
//! identifier, and a QR code (vector squares) that opens the verification
//! page, with the same link printed and clickable. Thai certificates date
//! in the Buddhist Era.
//!
//! Text is shaped by [`super::shaping`] and placed glyph by glyph; each run
//! is wrapped in a marked-content span whose `/ActualText` is the original
//! string, so copying or `pdftotext` gives back exactly what was entered.

use super::fonts::{Script, Weight, FONTS};
use super::shaping::{shape, width, Run};
use app::i18n::{message, message_with, Locale};
use app::model::certificates::PublicCertificate;
use printpdf::{
    Actions, BorderArray, Codepoint, Color, DictItem, FontId, Line, LinePoint, LinkAnnotation, Mm,
    Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb,
    TextItem, TextMatrix,
};
use std::collections::{BTreeMap, HashMap};

const WIDTH: f32 = 841.89;
const HEIGHT: f32 = 595.28;
const INK: (f32, f32, f32) = (0.11, 0.16, 0.22);
const ACCENT: (f32, f32, f32) = (0.05, 0.35, 0.40);
const MUTED: (f32, f32, f32) = (0.33, 0.37, 0.42);

fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A PDF text string: UTF-16BE with its byte-order mark.
fn pdf_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        data.extend_from_slice(&unit.to_be_bytes());
    }
    DictItem::String {
        data,
        literal: false,
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
    Right,
}

struct Page {
    ops: Vec<Op>,
    fonts: HashMap<(Script, Weight), FontId>,
}

impl Page {
    fn font(&self, run: &Run, weight: Weight) -> FontId {
        // Myanmar and Khmer come in one weight (see `Fonts::get`).
        self.fonts
            .get(&(run.script, weight))
            .or_else(|| self.fonts.get(&(run.script, Weight::Regular)))
            .cloned()
            .expect("every script's font is registered")
    }

    /// Sets `text` with its left edge (or centre) at `x`, baseline `y`;
    /// shrinks it to fit `max_width`. Returns the width used.
    #[expect(clippy::too_many_arguments)]
    fn text(
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
        self.ops.push(Op::SetFillColor { col: colour(ink) });
        for run in &runs {
            let font = self.font(run, weight);
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".into(),
                properties: DictItem::Dict {
                    map: BTreeMap::from([("ActualText".to_string(), pdf_text(&run.text))]),
                },
            });
            self.ops.push(Op::StartTextSection);
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            });
            for g in &run.glyphs {
                self.ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(pen + g.x_offset), Pt(y + g.y_offset)),
                });
                self.ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![Codepoint::new(g.id, 0.0)])],
                });
                pen += g.advance;
            }
            self.ops.push(Op::EndTextSection);
            self.ops.push(Op::EndMarkedContent);
        }
        total
    }

    fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let point = |x, y| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }

    /// The QR code of `url` as filled squares, `size` points wide, lower
    /// left corner at (x, y); dark modules of a row are merged into bars.
    fn qr(&mut self, url: &str, x: f32, y: f32, size: f32) {
        let Some((n, colors)) = qr_modules(url) else {
            return;
        };
        let module = size / n as f32;
        self.ops.push(Op::SetFillColor { col: colour(INK) });
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    let top = y + size - row as f32 * module;
                    self.rectangle(
                        x + start as f32 * module,
                        top - module,
                        (col - start) as f32 * module,
                        module,
                        PaintMode::Fill,
                    );
                } else {
                    col += 1;
                }
            }
        }
    }

    fn link(&mut self, url: &str, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h)),
                Actions::Uri(url.to_string()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                None,
                None,
            ),
        });
    }
}

/// "29 November 2026", or in Thai "29 พฤศจิกายน 2569" (Buddhist Era) —
/// the day in the deployment's time zone.
pub fn long_date(unix: i64, locale: Locale) -> String {
    let iso = app::dates::format_date(app::ssr::zone::current().local(unix));
    let mut parts = iso.split('-').map(|p| p.parse::<i64>().unwrap_or(0));
    let (y, m, d) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let months = message(locale, "certificate-months");
    let month = months.split(',').nth((m - 1) as usize).unwrap_or("").trim();
    let year = match locale {
        Locale::Th => app::dates::buddhist_year(y),
        _ => y,
    };
    format!("{d} {month} {year}")
}

fn hours(minutes: i64) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The modules of `url`'s QR code (error correction M) and its width.
/// The mask is fixed rather than chosen by trying all eight: every mask
/// decodes (the code records which it uses), and scoring them took a tenth
/// of a certificate's rendering time. The QR test reads it back.
fn qr_modules(url: &str) -> Option<(usize, Vec<qrcode::Color>)> {
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

/// The PDF of certificate `c`, whose verification page is `verify_url`.
pub fn render(c: &PublicCertificate, verify_url: &str) -> Vec<u8> {
    let locale = Locale::from_code(&c.language).unwrap_or_default();
    let t = |key: &str| message(locale, key);
    let mut doc = PdfDocument::new(&format!("{} — {}", t("certificate-title"), c.code));

    // Register only the fonts this certificate uses (each is subset).
    let mut used = vec![
        (Script::Latin, Weight::Regular),
        (Script::Latin, Weight::Bold),
    ];
    let title = t("certificate-title");
    let texts = [
        Some(c.holder_name.as_str()),
        c.holder_name_latin.as_deref(),
        Some(c.course_title.as_str()),
        Some(c.issuer.as_str()),
        Some(title.as_str()),
    ];
    for text in texts.into_iter().flatten() {
        for ch in text.chars() {
            if let Some(s) = Script::of(ch) {
                for w in [Weight::Regular, Weight::Bold] {
                    if !used.contains(&(s, w)) {
                        used.push((s, w));
                    }
                }
            }
        }
    }
    let mut fonts = HashMap::new();
    for (script, weight, font) in FONTS.all() {
        if used.contains(&(script, weight)) {
            fonts.insert((script, weight), doc.add_font(&font.parsed));
        }
    }
    let mut page = Page {
        ops: Vec::new(),
        fonts,
    };

    // The frame.
    page.ops.push(Op::SetOutlineColor {
        col: colour(ACCENT),
    });
    page.ops.push(Op::SetOutlineThickness { pt: Pt(3.0) });
    page.rectangle(22.0, 22.0, WIDTH - 44.0, HEIGHT - 44.0, PaintMode::Stroke);
    page.ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
    page.rectangle(32.0, 32.0, WIDTH - 64.0, HEIGHT - 64.0, PaintMode::Stroke);

    let centre = WIDTH / 2.0;
    let wide = WIDTH - 160.0;
    page.text(
        &title,
        Weight::Bold,
        30.0,
        centre,
        490.0,
        Align::Centre,
        wide,
        ACCENT,
    );
    page.text(
        &t("certificate-certifies"),
        Weight::Regular,
        13.0,
        centre,
        448.0,
        Align::Centre,
        wide,
        MUTED,
    );
    page.text(
        &c.holder_name,
        Weight::Bold,
        32.0,
        centre,
        400.0,
        Align::Centre,
        wide,
        INK,
    );
    let latin = c
        .holder_name_latin
        .as_deref()
        .filter(|l| !l.trim().is_empty() && *l != c.holder_name);
    if let Some(latin) = latin {
        // Low enough for Burmese and Khmer descenders above it.
        page.text(
            latin,
            Weight::Regular,
            16.0,
            centre,
            360.0,
            Align::Centre,
            wide,
            INK,
        );
    }
    page.text(
        &t("certificate-completed"),
        Weight::Regular,
        13.0,
        centre,
        328.0,
        Align::Centre,
        wide,
        MUTED,
    );
    page.text(
        &c.course_title,
        Weight::Bold,
        21.0,
        centre,
        298.0,
        Align::Centre,
        wide,
        INK,
    );
    let mut facts = vec![
        message_with(
            locale,
            "certificate-hours",
            &[("hours", hours(c.minutes).as_str())],
        ),
        message_with(
            locale,
            "certificate-issued",
            &[("date", long_date(c.issued_at, locale).as_str())],
        ),
    ];
    if let Some(expires) = c.expires_at {
        facts.push(message_with(
            locale,
            "certificate-valid-until",
            &[("date", long_date(expires, locale).as_str())],
        ));
    }
    page.text(
        &facts.join("   ·   "),
        Weight::Regular,
        12.0,
        centre,
        264.0,
        Align::Centre,
        wide,
        INK,
    );

    // The issuer over a signature line, lower left.
    page.ops.push(Op::SetOutlineColor { col: colour(INK) });
    page.ops.push(Op::SetOutlineThickness { pt: Pt(0.7) });
    page.line(80.0, 140.0, 330.0, 140.0);
    page.text(
        &c.issuer,
        Weight::Bold,
        12.0,
        80.0,
        122.0,
        Align::Left,
        250.0,
        INK,
    );
    page.text(
        &t("certificate-issued-by"),
        Weight::Regular,
        10.0,
        80.0,
        106.0,
        Align::Left,
        250.0,
        MUTED,
    );

    // Identifier, link and QR code, lower right.
    let qr_size = 96.0;
    let (qr_x, qr_y) = (WIDTH - 80.0 - qr_size, 70.0);
    page.qr(verify_url, qr_x, qr_y, qr_size);
    page.link(verify_url, qr_x, qr_y, qr_size, qr_size);
    let right = qr_x - 16.0;
    let label = format!("{} {}", t("certificate-id"), c.code);
    page.text(
        &label,
        Weight::Bold,
        11.0,
        right,
        140.0,
        Align::Right,
        420.0,
        INK,
    );
    page.text(
        &t("certificate-verify"),
        Weight::Regular,
        9.0,
        right,
        122.0,
        Align::Right,
        420.0,
        MUTED,
    );
    let url_width = page.text(
        verify_url,
        Weight::Regular,
        9.0,
        right,
        108.0,
        Align::Right,
        420.0,
        ACCENT,
    );
    page.link(verify_url, right - url_width, 104.0, url_width, 13.0);

    doc.with_pages(vec![PdfPage::new(Mm(297.0), Mm(210.0), page.ops)]);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        subset_fonts: true,
        // Compressed below, at a faster level than printpdf's.
        optimize: false,
        ..Default::default()
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    compress(&mut pdf);
    let mut out = Vec::new();
    let _ = pdf.save_to(&mut out);
    out
}

/// Deflates every stream that may be compressed at zlib's fastest level:
/// 10 % larger files than its best level (44 KB instead of 40 KB) for a
/// third less time per certificate (docs/benchmarks.md).
fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish() {
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}
