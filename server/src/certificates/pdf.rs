//! The certificate as a PDF: A4 landscape, a double border, the holder's
//! name large (in their own script, and in Latin script beneath), the
//! course, the hours, the dates, the issuer over a signature line, the
//! identifier, and a QR code (vector squares) that opens the verification
//! page, with the same link printed and clickable. Thai certificates date
//! in the Buddhist Era.
//!
//! Text is shaped by [`crate::typeset::shaping`] and placed glyph by glyph; each run
//! is wrapped in a marked-content span whose `/ActualText` is the original
//! string, so copying or `pdftotext` gives back exactly what was entered.

use crate::typeset::canvas::{Align, Page, Paint, INK};
use crate::typeset::document::Document;
use crate::typeset::fonts::Weight;
use app::i18n::{message, message_with, Locale};
use app::model::certificates::PublicCertificate;

const WIDTH: f32 = 841.89;
const HEIGHT: f32 = 595.28;
const ACCENT: (f32, f32, f32) = (0.05, 0.35, 0.40);
const MUTED: (f32, f32, f32) = (0.33, 0.37, 0.42);

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

pub fn render(c: &PublicCertificate, verify_url: &str) -> Vec<u8> {
    let locale = Locale::from_code(&c.language).unwrap_or_default();
    let t = |key: &str| message(locale, key);
    let title = t("certificate-title");
    let mut doc = Document::new(&format!("{title} — {}", c.code));
    // Only the fonts this certificate shows are embedded, each subset.
    let mut page = Page::new(WIDTH, HEIGHT);

    // The frame.
    page.stroke_colour(ACCENT);
    page.line_width(3.0);
    page.rectangle(22.0, 22.0, WIDTH - 44.0, HEIGHT - 44.0, Paint::Stroke);
    page.line_width(0.8);
    page.rectangle(32.0, 32.0, WIDTH - 64.0, HEIGHT - 64.0, Paint::Stroke);

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
    page.stroke_colour(INK);
    page.line_width(0.7);
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

    doc.add(page);
    doc.save()
}
