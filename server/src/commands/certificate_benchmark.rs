//! `lantern certificate-benchmark`: renders COUNT certificates with
//! generated Thai names and reports the time and size per PDF
//! (docs/benchmarks.md). Fonts are parsed once, before the clock starts for
//! the certificates, and that one-off cost is reported separately.

use super::CommandError;
use crate::certificates::pdf;
use crate::typeset::fonts::FONTS;
use app::model::certificates::PublicCertificate;
use std::path::Path;
use std::time::Instant;

const GIVEN: [&str; 8] = [
    "สมหญิง",
    "ประเสริฐ",
    "วรรณา",
    "ณัฐพล",
    "กัลยาณี",
    "ธีรวัฒน์",
    "น้ำฝน",
    "ศุภชัย",
];
const FAMILY: [&str; 8] = [
    "น้ำใจดี",
    "ศรีสุข",
    "วงศ์ใหญ่",
    "ทองคำ",
    "แก้วมณี",
    "บุญประเสริฐ",
    "จันทร์เพ็ญ",
    "สุขเกษม",
];

pub fn run(count: usize, out: Option<&Path>) -> Result<(), CommandError> {
    let started = Instant::now();
    std::sync::LazyLock::force(&FONTS);
    let fonts_ms = started.elapsed().as_secs_f64() * 1000.0;

    let started = Instant::now();
    let mut bytes = 0usize;
    let mut last = Vec::new();
    for i in 0..count {
        let certificate = PublicCertificate {
            code: app::ssr::certificates::code::generate(rand::random()),
            holder_name: format!("{} {}", GIVEN[i % 8], FAMILY[(i / 8) % 8]),
            holder_name_latin: Some(format!("Trainee {i}")),
            course_title: "การคัดแยกผู้เสียหายจากการค้ามนุษย์โดยยึดการคุ้มครองเป็นหลัก".into(),
            language: "th".into(),
            minutes: 420,
            issuer: "Lantern".into(),
            issued_at: 1_795_910_400,
            expires_at: Some(1_859_068_800),
            renews: None,
            renewed_by: None,
        };
        let url = format!("https://lantern.example.org/verify/{}", certificate.code);
        last = pdf::render(&certificate, &url);
        bytes += last.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(out) = out {
        std::fs::write(out, &last)
            .map_err(|e| CommandError::Input(format!("{}: {e}", out.display())))?;
    }
    println!("fonts parsed once: {fonts_ms:.1} ms");
    println!(
        "{count} certificates in {elapsed:.2} s: {:.2} ms per certificate, {:.0} bytes per PDF on average",
        elapsed * 1000.0 / count.max(1) as f64,
        bytes as f64 / count.max(1) as f64
    );
    Ok(())
}
