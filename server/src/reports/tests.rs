//! The summary PDF checked with an archivist's tools: `qpdf --check` (well
//! formed), `pdffonts` (fonts embedded and subset), `pdftotext` (Thai,
//! Burmese and Khmer come back as written; withheld figures say so), over
//! several pages.

use super::pdf::render;
use app::dates::Zone;
use app::i18n::Locale;
use app::model::reports::{Dashboard, Figure, GroupFigures, MonthFigure};
use app::ssr::reports::summary::Summary;
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
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

fn group(label: &str, trainees: Figure<i64>) -> GroupFigures {
    GroupFigures {
        label: label.into(),
        key: label.into(),
        trainees,
        completed: trainees,
        pass_rate: trainees.map(|_| 80.0),
        with_both: trainees,
        mean_pretest: trainees.map(|_| 40.0),
        mean_final: trainees.map(|_| 85.0),
        gain: trainees.map(|_| Some(0.75)),
    }
}

fn summary(locale: Locale) -> Summary {
    let mut organisations = vec![
        group("กรมพัฒนาสังคมและสวัสดิการ", Figure::Shown(120)),
        group("မြန်မာ ရဲတပ်ဖွဲ့", Figure::Withheld),
        group("ក្រសួងសង្គមកិច្ច", Figure::Withheld),
    ];
    // Enough provincial units to need more than one page.
    for i in 0..70 {
        organisations.push(group(
            &format!("Provincial unit {i:02}"),
            Figure::Shown(10 + i),
        ));
    }
    Summary {
        dashboard: Dashboard {
            overall: group("", Figure::Shown(900)),
            months: vec![
                MonthFigure {
                    month: "2026-10".into(),
                    completions: Figure::Withheld,
                },
                MonthFigure {
                    month: "2026-11".into(),
                    completions: Figure::Shown(42),
                },
            ],
            expiring: Figure::Shown(7),
            organisations,
            courses: vec![group("การคัดแยกผู้เสียหาย", Figure::Shown(300))],
            provinces: vec![group("เชียงใหม่", Figure::Shown(55))],
        },
        filters: vec![("reports-col-province", "เชียงใหม่".into())],
        generated_at: 1_795_913_160,
        generated_by: "สมศรี มีสุข".into(),
        locale,
    }
}

#[test]
fn the_summary_is_valid_shaped_extractable_and_paged() {
    let dir = tempfile::tempdir().unwrap();
    for locale in [Locale::En, Locale::Th] {
        let s = summary(locale);
        let when = app::i18n::date_time_in(
            locale,
            &Zone::fixed("Asia/Bangkok", 7 * 3600),
            s.generated_at,
        );
        let bytes = render(&s, &when);
        assert!(bytes.starts_with(b"%PDF"));
        let path = dir.path().join(format!("summary-{}.pdf", locale.code()));
        std::fs::write(&path, &bytes).unwrap();
        let file = path.to_str().unwrap();
        if let Ok(keep) = std::env::var("LANTERN_KEEP_PDF") {
            std::fs::copy(&path, format!("{keep}-{}.pdf", locale.code())).unwrap();
        }
        tool("qpdf", &["--check", file]);
        let fonts = tool("pdffonts", &[file]);
        for family in [
            "NotoSans-",
            "NotoSansThai",
            "NotoSansMyanmar",
            "NotoSansKhmer",
        ] {
            assert!(fonts.contains(family), "{family} embedded:\n{fonts}");
        }
        assert!(
            fonts.lines().skip(2).all(|l| l.contains("yes yes")),
            "embedded and subset:\n{fonts}"
        );
        let text = tool("pdftotext", &["-layout", file, "-"]);
        for written in [
            "กรมพัฒนาสังคมและสวัสดิการ",
            "မြန်မာ ရဲတပ်ဖွဲ့",
            "ក្រសួងសង្គមកិច្ច",
            "สมศรี มีสุข",
            "เชียงใหม่",
        ] {
            assert!(text.contains(written), "{written} extracted:\n{text}");
        }
        let (withheld, page_two, generated) = match locale {
            Locale::Th => ("น้อยกว่า 5", "หน้า 2 จาก", "29 พ.ย. 2569 07:46 น."),
            _ => ("fewer than 5", "Page 2 of", "29 Nov 2026, 07:46"),
        };
        assert!(text.contains(withheld), "{text}");
        assert!(text.contains(page_two), "more than one page:\n{text}");
        assert!(text.contains(generated), "{text}");
        assert!(
            text.contains("Provincial unit 69"),
            "the table goes on over pages"
        );
    }
}
