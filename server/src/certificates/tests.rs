//! The PDF checked with the tools an archivist would use: `qpdf --check`
//! (well formed), `pdffonts` (fonts embedded and subset), `pdftotext`
//! (names come back exactly as entered, in Thai, Burmese and Khmer).
//! These tools come from Debian's qpdf and poppler-utils (`.ci/run`
//! installs them, and zbar-tools to read the QR code).

use super::pdf::{long_date, render};
use app::i18n::Locale;
use app::model::certificates::PublicCertificate;
use std::process::Command;

pub fn sample(name: &str, latin: &str, language: &str) -> PublicCertificate {
    PublicCertificate {
        code: "LNT-7K3F-9QX2-M4TD-HW8B-R".into(),
        holder_name: name.into(),
        holder_name_latin: Some(latin.into()),
        course_title: if language == "th" {
            "การคัดแยกผู้เสียหายจากการค้ามนุษย์โดยยึดการคุ้มครองเป็นหลัก".into()
        } else {
            "Protection-oriented identification of victims of trafficking".into()
        },
        language: language.into(),
        minutes: 150,
        issuer: "Lantern".into(),
        // 2026-11-29 and two years on.
        issued_at: 1_795_910_400,
        expires_at: Some(1_859_068_800),
        renews: None,
        renewed_by: None,
    }
}

pub const NAMES: [(&str, &str, &str); 3] = [
    ("สมหญิง น้ำใจดี", "Somying Namjaidee", "th"),
    ("အောင်ဆန်းစုကြည်", "Aung San Suu Kyi", "en"),
    ("សុខ ស្រីមុំ", "Sok Sreymom", "en"),
];

pub(crate) fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (apt-get install qpdf poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pdfs_are_valid_subset_and_give_back_every_script() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, latin, language)) in NAMES.iter().enumerate() {
        let bytes = render(
            &sample(name, latin, language),
            "https://lantern.example.org/verify/LNT-7K3F-9QX2-M4TD-HW8B-R",
        );
        assert!(
            bytes.len() < 150_000,
            "{} bytes: fonts are subset",
            bytes.len()
        );
        let path = dir.path().join(format!("c{i}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        // LANTERN_KEEP_PDFS=DIR keeps them, to look at (pdftoppm -png).
        if let Ok(keep) = std::env::var("LANTERN_KEEP_PDFS") {
            std::fs::write(format!("{keep}/certificate-{language}-{i}.pdf"), &bytes).unwrap();
        }
        let path = path.to_str().unwrap();
        tool("qpdf", &["--check", path]);
        // The document's title (UTF-16 in the Info dictionary) names it.
        let info = tool("pdfinfo", &[path]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.ends_with(" — LNT-7K3F-9QX2-M4TD-HW8B-R")),
            "{info}"
        );
        let fonts = tool("pdffonts", &[path]);
        let embedded: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!embedded.is_empty(), "{fonts}");
        for line in &embedded {
            let name = line.split_whitespace().next().unwrap();
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "subset prefix: {fonts}"
            );
            assert!(line.contains(" yes "), "embedded: {fonts}");
        }
        let text = tool("pdftotext", &[path, "-"]);
        // Every font is registered with every document; only those a page
        // prints are embedded.
        for (family, script) in [
            ("Thai", '\u{0E00}'..='\u{0E7F}'),
            ("Myanmar", '\u{1000}'..='\u{109F}'),
            ("Khmer", '\u{1780}'..='\u{17FF}'),
        ] {
            let printed = text.chars().any(|c| script.contains(&c));
            let embedded = fonts.contains(&format!("NotoSans{family}"));
            assert_eq!(printed, embedded, "{family} only when printed: {fonts}");
        }
        assert!(text.contains(name), "{name} not found in:\n{text}");
        assert!(text.contains(latin), "{text}");
        assert!(text.contains("LNT-7K3F-9QX2-M4TD-HW8B-R"), "{text}");
        // The QR code, read back from a rendering, opens the verify page.
        if i == 0 {
            let png = dir.path().join("qr");
            tool(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "150",
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
                "https://lantern.example.org/verify/LNT-7K3F-9QX2-M4TD-HW8B-R"
            );
        }
        if *language == "th" {
            assert!(
                text.contains("2569"),
                "Thai certificates date in the Buddhist Era:\n{text}"
            );
            assert!(text.contains("การคัดแยกผู้เสียหาย"), "{text}");
        } else {
            assert!(text.contains("29 November 2026"), "{text}");
        }
    }
}

#[test]
fn dates_read_naturally_in_each_language() {
    assert_eq!(long_date(1_795_910_400, Locale::En), "29 November 2026");
    assert_eq!(long_date(1_795_910_400, Locale::Th), "29 พฤศจิกายน 2569");
}

/// Noto Sans is shipped cut down to Latin scripts (server/fonts/OFL.txt):
/// Vietnamese names, with their stacked diacritics, must still come back.
#[test]
fn vietnamese_names_survive_the_latin_subset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vi.pdf");
    let name = "Nguyễn Thị Hương";
    std::fs::write(
        &path,
        render(
            &sample(name, "Nguyen Thi Huong", "en"),
            "https://lantern.example.org/verify/LNT-7K3F-9QX2-M4TD-HW8B-R",
        ),
    )
    .unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains(name), "{text}");
}
