//! Rendered-image regression test: `pdftotext` and `qpdf` pass on wrongly
//! shaped text (a Thai tone mark on the wrong consonant, Burmese or Khmer
//! vowels not reordered), so the holder's name is rendered with `pdftoppm`
//! and compared with a reviewed reference. References are text — the name
//! as `#`/`.` pixel art at 72 dpi, readable in a diff — so the repository
//! holds no binary besides the fonts.
//!
//! After a deliberate change to the certificate's layout or fonts, run the
//! tests with `LANTERN_UPDATE_REFERENCES=1`, then look at the new files
//! (and at `pdftoppm -png` renders of the certificates) before committing.

use super::pdf::render;
use super::tests::{sample, NAMES};
use std::path::PathBuf;
use std::process::Command;

/// The box around the holder's name, in points from the top left at 72 dpi
/// (the name is set at 32 pt on the 400 pt baseline of an A4 landscape page).
const NAME_BOX: (u32, u32, u32, u32) = (121, 155, 600, 65);
/// Pixels allowed to differ, as a share of the reference's ink: room for a
/// different poppler's anti-aliasing, far below a misplaced mark.
const TOLERANCE: f64 = 0.04;

/// A 1-bit image: rows of ink (`true`) and paper.
#[derive(Debug, PartialEq)]
struct Bitmap(Vec<Vec<bool>>);

impl Bitmap {
    /// Parses `pdftoppm -gray` output (binary PGM) and keeps the ink's
    /// bounding box, so a shift of the whole name does not count.
    fn from_pgm(bytes: &[u8]) -> Bitmap {
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
        }
        assert_eq!(fields[0], "P5", "pdftoppm -gray writes binary PGM");
        let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = &bytes[at + 1..];
        let rows: Vec<Vec<bool>> = (0..h)
            .map(|y| (0..w).map(|x| pixels[y * w + x] < 128).collect())
            .collect();
        Bitmap(rows).trimmed()
    }

    fn from_text(text: &str) -> Bitmap {
        Bitmap(
            text.lines()
                .filter(|l| !l.starts_with("//"))
                .map(|l| l.chars().map(|c| c == '#').collect())
                .collect(),
        )
    }

    fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&i| if i { '#' } else { '.' })
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    fn trimmed(self) -> Bitmap {
        let rows = &self.0;
        let inked = |y: usize| rows[y].iter().any(|&i| i);
        let Some(top) = (0..rows.len()).find(|&y| inked(y)) else {
            return Bitmap(Vec::new());
        };
        let bottom = (0..rows.len()).rev().find(|&y| inked(y)).unwrap();
        let width = rows[0].len();
        let column = |x: usize| rows.iter().any(|r| r[x]);
        let left = (0..width).find(|&x| column(x)).unwrap();
        let right = (0..width).rev().find(|&x| column(x)).unwrap();
        Bitmap(
            rows[top..=bottom]
                .iter()
                .map(|r| r[left..=right].to_vec())
                .collect(),
        )
    }

    fn ink(&self) -> usize {
        self.0.iter().flatten().filter(|&&i| i).count()
    }

    /// Pixels that differ, the two images aligned at the top left (a size
    /// difference counts all the ink outside the common part).
    fn difference(&self, other: &Bitmap) -> usize {
        let height = self.0.len().max(other.0.len());
        let pixel = |b: &Bitmap, x: usize, y: usize| {
            b.0.get(y).and_then(|r| r.get(x)).copied().unwrap_or(false)
        };
        let width = self
            .0
            .iter()
            .chain(&other.0)
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .filter(|&(x, y)| pixel(self, x, y) != pixel(other, x, y))
            .count()
    }
}

fn name_bitmap(name: &str, latin: &str, language: &str) -> Bitmap {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("c.pdf");
    std::fs::write(
        &pdf,
        render(
            &sample(name, latin, language),
            "https://lantern.example.org/verify/LNT-7K3F-9QX2-M4TD-HW8B-R",
        ),
    )
    .unwrap();
    let out = dir.path().join("name");
    let (x, y, w, h) = NAME_BOX;
    let status = Command::new("pdftoppm")
        .args(["-r", "72", "-gray", "-singlefile"])
        .args(["-x", &x.to_string(), "-y", &y.to_string()])
        .args(["-W", &w.to_string(), "-H", &h.to_string()])
        .arg(&pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm is needed (apt-get install poppler-utils)");
    assert!(status.success());
    Bitmap::from_pgm(&std::fs::read(out.with_extension("pgm")).unwrap())
}

fn reference(script: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/certificates/reference")
        .join(format!("name-{script}.txt"))
}

#[test]
fn names_render_as_reviewed() {
    let scripts = ["thai", "burmese", "khmer"];
    let mut failures = Vec::new();
    for ((name, latin, language), script) in NAMES.iter().zip(scripts) {
        let rendered = name_bitmap(name, latin, language);
        assert!(rendered.ink() > 200, "{script}: the name is on the page");
        let path = reference(script);
        if std::env::var_os("LANTERN_UPDATE_REFERENCES").is_some() {
            let header = format!(
                "// {name} — pdftoppm -r 72 -gray, ink bounding box, threshold 50%.\n// Reviewed by eye: marks stacked and vowels reordered as the script requires.\n"
            );
            std::fs::write(&path, header + &rendered.to_text()).unwrap();
            continue;
        }
        let expected = Bitmap::from_text(&std::fs::read_to_string(&path).unwrap());
        let differ = rendered.difference(&expected);
        if differ as f64 > TOLERANCE * expected.ink() as f64 {
            failures.push(format!(
                "{script}: {differ} pixels differ from {} (ink {}); rendered now:\n{}",
                path.display(),
                expected.ink(),
                rendered.to_text()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The comparison notices what shaping gets wrong: the same Thai name with
/// its tone marks and upper vowels left out differs by more than the
/// tolerance.
#[test]
fn a_missing_or_misplaced_mark_exceeds_the_tolerance() {
    let (name, latin, language) = NAMES[0];
    let right = name_bitmap(name, latin, language);
    let stripped: String = name
        .chars()
        .filter(|c| !matches!(c, '\u{0E48}'..='\u{0E4B}' | '\u{0E34}'..='\u{0E37}'))
        .collect();
    let wrong = name_bitmap(&stripped, latin, language).difference(&right);
    assert!(
        wrong as f64 > TOLERANCE * right.ink() as f64,
        "{wrong} pixels differ: the test could not tell"
    );
}
