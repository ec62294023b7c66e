//! A PDF page to draw on: shaped text placed glyph by glyph, each run in
//! a marked-content span whose `/ActualText` is its original string (so
//! copying and `pdftotext` give back what was written), rectangles, rules,
//! QR codes and links; and the stream compression every Lantern PDF uses.

use super::fonts::{Script, Weight, FONTS};
use super::shaping::{shape, width, Run};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, DictItem, FontId, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfDocument, PdfFontHandle, PdfFontMap, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

pub const INK: (f32, f32, f32) = (0.11, 0.16, 0.22);

/// Every font, registered once per thread and handed from document to
/// document: printpdf copies a parsed font — with its shaping tables — into
/// each document it is added to, which was the largest single cost of a
/// certificate. `fonts` is `None` while a document has them; a document
/// made meanwhile on the same thread gets a new set (and the old set is
/// not taken back). PDFs are made on the blocking pool, so there is one
/// set per pool thread that has made one; an idle pool thread ends after
/// ten seconds, and its set with it.
struct Registered {
    ids: HashMap<(Script, Weight), FontId>,
    fonts: Option<PdfFontMap>,
}

impl Registered {
    fn new() -> Registered {
        let mut all = PdfDocument::new("");
        let ids = FONTS
            .all()
            .into_iter()
            .map(|(script, weight, font)| ((script, weight), all.add_font(&font.parsed)))
            .collect();
        Registered {
            ids,
            fonts: Some(std::mem::take(&mut all.resources.fonts)),
        }
    }
}

thread_local! {
    static REGISTERED: RefCell<Option<Registered>> = const { RefCell::new(None) };
}

/// Gives `doc` every font and returns their ids. A PDF still embeds only
/// the fonts its pages use, each subset to the glyphs used: printpdf writes
/// no font that no page shows.
pub fn register_fonts(doc: &mut PdfDocument) -> HashMap<(Script, Weight), FontId> {
    REGISTERED.with(|slot| {
        let mut slot = slot.borrow_mut();
        let registered = slot.get_or_insert_with(Registered::new);
        let fonts = registered.fonts.take().unwrap_or_else(|| {
            *registered = Registered::new();
            registered.fonts.take().unwrap_or_default()
        });
        doc.resources.fonts = fonts;
        registered.ids.clone()
    })
}

/// Takes back the fonts of a saved document, if they are this thread's set.
fn return_fonts(fonts: PdfFontMap) {
    REGISTERED.with(|slot| {
        if let Some(registered) = slot.borrow_mut().as_mut() {
            let same = fonts.map.len() == registered.ids.len()
                && registered.ids.values().all(|id| fonts.map.contains_key(id));
            if same && registered.fonts.is_none() {
                registered.fonts = Some(fonts);
            }
        }
    });
}

pub fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A PDF text string: UTF-16BE with its byte-order mark.
pub fn pdf_text(text: &str) -> DictItem {
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
pub enum Align {
    Left,
    Centre,
    Right,
}

pub struct Page {
    pub ops: Vec<Op>,
    pub fonts: HashMap<(Script, Weight), FontId>,
}

impl Page {
    pub fn font(&self, run: &Run, weight: Weight) -> FontId {
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

    pub fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
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

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
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
    pub fn qr(&mut self, url: &str, x: f32, y: f32, size: f32) {
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

    pub fn link(&mut self, url: &str, x: f32, y: f32, w: f32, h: f32) {
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

/// The PDF of certificate `c`, whose verification page is `verify_url`.
/// The bytes of `doc`, as every Lantern PDF is saved: fonts subset to the
/// glyphs used, and streams compressed by [`compress`] rather than by
/// printpdf (whose zlib level 9 took a third of a certificate's time).
pub fn save(mut doc: PdfDocument) -> Vec<u8> {
    let mut warnings = Vec::new();
    let options = printpdf::PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        ..Default::default()
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    // The fonts go back for the next document made on this thread.
    return_fonts(std::mem::take(&mut doc.resources.fonts));
    compress(&mut pdf);
    let mut out = Vec::new();
    let _ = pdf.save_to(&mut out);
    out
}

/// Deflates every stream that may be compressed at zlib's fastest level:
/// 10 % larger files than its best level (44 KB instead of 40 KB) for a
/// third less time per certificate (docs/benchmarks.md). One compressor
/// serves every stream of the document: making one allocates and clears
/// zlib's tables, which cost as much as compressing a certificate's small
/// streams.
pub fn compress(pdf: &mut lopdf::Document) {
    let mut zlib = flate2::Compress::new(flate2::Compression::fast(), true);
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(compressed) = deflate(&mut zlib, &stream.content) {
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}

/// `data` as one zlib stream, with `zlib` reset first.
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
