//! Sign-in sheets as a PDF (A4 portrait, six slips a page, to cut apart):
//! each slip has the trainee's name (shaped Thai, Burmese or Khmer, as on
//! certificates), what they sign in with, their one-time set-password link
//! as a QR code and as text, and until when it works. Labels are in the
//! printer's language.

use crate::typeset::canvas::{Align, Page, INK};
use crate::typeset::document::Document;
use crate::typeset::fonts::Weight;
use app::i18n::{message, message_with, Locale};
use app::ssr::cohorts::sheets::Sheets;

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 24.0;
const COLUMNS: usize = 2;
const ROWS: usize = 3;
const MUTED: (f32, f32, f32) = (0.33, 0.37, 0.42);
const RULE: (f32, f32, f32) = (0.70, 0.70, 0.68);

/// The PDF of `sheets`; links are `base_url` + `/reset/` + token; `until`
/// is the links' expiry as the reader writes it.
pub fn render(sheets: &Sheets, base_url: &str, until: &str, locale: Locale) -> Vec<u8> {
    let t = |key: &str| message(locale, key);
    let title = message_with(locale, "sheet-title", &[("cohort", &sheets.cohort)]);
    let mut doc = Document::new(&title);
    let labels = [
        t("sheet-step-1"),
        t("sheet-step-2"),
        t("sheet-step-3"),
        t("sheet-valid"),
    ];
    let slip_w = (WIDTH - 2.0 * MARGIN) / COLUMNS as f32;
    let slip_h = (HEIGHT - 2.0 * MARGIN) / ROWS as f32;
    let per_page = COLUMNS * ROWS;
    for (p, chunk) in sheets.slips.chunks(per_page).enumerate() {
        let mut page = Page::new(WIDTH, HEIGHT);
        // Cut lines between slips.
        page.stroke_colour(RULE);
        for c in 1..COLUMNS {
            let x = MARGIN + c as f32 * slip_w;
            page.line(x, MARGIN, x, HEIGHT - MARGIN);
        }
        for r in 1..ROWS {
            let y = MARGIN + r as f32 * slip_h;
            page.line(MARGIN, y, WIDTH - MARGIN, y);
        }
        for (i, slip) in chunk.iter().enumerate() {
            let x = MARGIN + (i % COLUMNS) as f32 * slip_w + 14.0;
            let top = HEIGHT - MARGIN - (i / COLUMNS) as f32 * slip_h - 14.0;
            let inner = slip_w - 28.0;
            let url = format!("{base_url}{}", app::paths::reset(&slip.token));
            let mut y = top - 9.0;
            page.text(
                &sheets.cohort,
                Weight::Regular,
                8.0,
                x,
                y,
                Align::Left,
                inner,
                MUTED,
            );
            y -= 22.0;
            page.text(
                &slip.name,
                Weight::Bold,
                16.0,
                x,
                y,
                Align::Left,
                inner,
                INK,
            );
            if let Some(latin) = &slip.name_latin {
                // Room for Burmese and Khmer marks below the line.
                y -= 17.0;
                page.text(latin, Weight::Regular, 10.0, x, y, Align::Left, inner, INK);
            }
            y -= 18.0;
            let sign_in = message_with(locale, "sheet-sign-in-with", &[("login", &slip.login)]);
            page.text(&sign_in, Weight::Bold, 10.0, x, y, Align::Left, inner, INK);
            let qr = 96.0;
            y -= qr + 8.0;
            page.qr(&url, x, y, qr);
            page.link(&url, x, y, qr, qr);
            for label in &labels[..3] {
                y -= 12.0;
                page.text(label, Weight::Regular, 8.5, x, y, Align::Left, inner, INK);
            }
            y -= 12.0;
            page.text(&url, Weight::Regular, 6.5, x, y, Align::Left, inner, INK);
            y -= 12.0;
            let valid = message_with(locale, "sheet-valid", &[("until", until)]);
            page.text(
                &valid,
                Weight::Regular,
                8.0,
                x,
                y,
                Align::Left,
                inner,
                MUTED,
            );
        }
        let foot = message_with(
            locale,
            "sheet-page",
            &[
                ("page", &(p + 1).to_string()),
                ("pages", &sheets.slips.len().div_ceil(per_page).to_string()),
            ],
        );
        page.text(
            &foot,
            Weight::Regular,
            7.0,
            WIDTH - MARGIN,
            MARGIN / 2.0,
            Align::Right,
            200.0,
            MUTED,
        );
        doc.add(page);
    }
    doc.save()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::tests::{tool, NAMES};
    use app::ssr::cohorts::sheets::Slip;

    #[test]
    fn slips_give_back_names_in_every_script_and_a_working_qr_code() {
        let slips: Vec<Slip> = (0..7)
            .map(|i| {
                let (name, latin, _) = NAMES[i % NAMES.len()];
                Slip {
                    name: name.to_string(),
                    name_latin: Some(latin.to_string()),
                    login: format!("trainee.{i}"),
                    token: format!("{i:064x}"),
                }
            })
            .collect();
        let sheets = Sheets {
            cohort: "เชียงใหม่ มีนาคม 2570".into(),
            expires_at: 0,
            slips,
        };
        let bytes = render(
            &sheets,
            "https://lantern.example.org",
            "6 Dec 2026",
            Locale::En,
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheets.pdf");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(keep) = std::env::var("LANTERN_KEEP_PDFS") {
            std::fs::write(format!("{keep}/sign-in-sheets.pdf"), &bytes).unwrap();
        }
        let path = path.to_str().unwrap();
        tool("qpdf", &["--check", path]);
        let info = tool("pdfinfo", &[path]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
            "six slips a page: {info}"
        );
        let text = tool("pdftotext", &[path, "-"]);
        for (name, latin, _) in NAMES {
            assert!(text.contains(name), "{name} in:\n{text}");
            assert!(text.contains(latin), "{text}");
        }
        assert!(text.contains("Sign in with: trainee.6"), "{text}");
        assert!(text.contains("เชียงใหม่ มีนาคม 2570"), "{text}");
        // The first slip's QR code, read back from a rendering, is its link.
        let png = dir.path().join("p");
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-x",
                "0",
                "-y",
                "0",
                "-W",
                "620",
                "-H",
                "580",
                "-singlefile",
                path,
                png.to_str().unwrap(),
            ],
        );
        let decoded = tool(
            "zbarimg",
            &["-q", "--raw", &format!("{}.png", png.display())],
        );
        assert_eq!(
            decoded.trim(),
            format!("https://lantern.example.org/reset/{:064x}", 0)
        );
    }
}
