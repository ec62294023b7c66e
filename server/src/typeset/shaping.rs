//! Text set as glyphs: split into runs by script, each run shaped with
//! rustybuzz (so Thai tone marks stack, and Burmese and Khmer reorder),
//! measured in points. The canvas then places the glyphs one by one.

use super::fonts::{Script, Weight, FONTS};
use std::sync::{Arc, Mutex, PoisonError};

/// One glyph, in points relative to the run's pen position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

/// A run of one script: the text it stands for (what copying it gives)
/// and its glyphs.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub script: Script,
    pub text: String,
    pub glyphs: Vec<Glyph>,
}

impl Run {
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// Splits `text` into runs of one script; characters of no script (spaces,
/// digits, punctuation) join the run they are in — or, when that run's
/// font has no glyph for them (Noto Sans Thai has no Latin digits), a
/// Latin run of their own.
pub fn runs_of(text: &str) -> Vec<(Script, String)> {
    let covers = |script: Script, c: char| {
        script == Script::Latin
            || FONTS
                .get(script, Weight::Regular)
                .face
                .glyph_index(c)
                .is_some()
    };
    let mut runs: Vec<(Script, String)> = Vec::new();
    let mut pending = String::new();
    for c in text.chars() {
        match (Script::of(c), runs.last_mut()) {
            (None, Some((last, run))) if covers(*last, c) => run.push(c),
            (None, Some(_)) => runs.push((Script::Latin, c.to_string())),
            (None, None) => pending.push(c),
            (Some(s), Some((last, run))) if *last == s => run.push(c),
            (Some(s), _) => {
                let mut run = std::mem::take(&mut pending);
                run.push(c);
                runs.push((s, run));
            }
        }
    }
    if !pending.is_empty() {
        runs.push((Script::Latin, pending));
    }
    runs
}

/// What a shaping plan is made for: a face (script and weight) and the
/// buffer's direction and script as rustybuzz guessed them.
type PlanKey = (Script, Weight, rustybuzz::Direction, rustybuzz::Script);

/// Shaping plans, made once per process for each face and script: making
/// one (which of the font's features apply, in which order) took a tenth of
/// a certificate's time when `rustybuzz::shape` made it on every call. A
/// handful at most, so a list.
static PLANS: Mutex<Vec<(PlanKey, Arc<rustybuzz::ShapePlan>)>> = Mutex::new(Vec::new());

fn plan(
    script: Script,
    weight: Weight,
    face: &rustybuzz::Face<'static>,
    buffer: &rustybuzz::UnicodeBuffer,
) -> Arc<rustybuzz::ShapePlan> {
    let key = (script, weight, buffer.direction(), buffer.script());
    let mut plans = PLANS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, plan)) = plans.iter().find(|(k, _)| *k == key) {
        return Arc::clone(plan);
    }
    let plan = Arc::new(rustybuzz::ShapePlan::new(
        face,
        key.2,
        Some(key.3),
        buffer.language().as_ref(),
        &[],
    ));
    plans.push((key, Arc::clone(&plan)));
    plan
}

/// Shapes `text` at `size` points.
pub fn shape(text: &str, weight: Weight, size: f32) -> Vec<Run> {
    runs_of(text)
        .into_iter()
        .map(|(script, text)| {
            let face = &FONTS.get(script, weight).face;
            let scale = size / face.units_per_em() as f32;
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(&text);
            buffer.guess_segment_properties();
            let plan = plan(script, weight, face, &buffer);
            let shaped = rustybuzz::shape_with_plan(face, &plan, buffer);
            let glyphs = shaped
                .glyph_infos()
                .iter()
                .zip(shaped.glyph_positions())
                .map(|(info, pos)| Glyph {
                    id: info.glyph_id as u16,
                    advance: pos.x_advance as f32 * scale,
                    x_offset: pos.x_offset as f32 * scale,
                    y_offset: pos.y_offset as f32 * scale,
                })
                .collect();
            Run {
                script,
                text,
                glyphs,
            }
        })
        .collect()
}

pub fn width(runs: &[Run]) -> f32 {
    runs.iter().map(Run::width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_follow_the_script_and_spaces_stay_inside() {
        assert_eq!(
            runs_of("สมชาย ใจดี Somchai"),
            vec![
                (Script::Thai, "สมชาย ใจดี ".to_string()),
                (Script::Latin, "Somchai".to_string())
            ]
        );
        // Noto Sans Thai has no Latin digits: they are set in Latin.
        assert_eq!(
            runs_of("ปี 2569"),
            vec![
                (Script::Thai, "ปี ".to_string()),
                (Script::Latin, "2569".to_string())
            ]
        );
        assert_eq!(runs_of("2026"), vec![(Script::Latin, "2026".to_string())]);
        assert_eq!(runs_of("ေအာင်ဆန်း").len(), 1);
    }

    #[test]
    fn thai_marks_are_positioned_and_burmese_is_reordered() {
        // น้ำ: the tone mark sits on the consonant (zero advance).
        let thai = shape("น้ำ", Weight::Regular, 20.0);
        assert_eq!(thai.len(), 1);
        assert!(
            thai[0].glyphs.iter().any(|g| g.advance == 0.0),
            "{:?}",
            thai[0].glyphs
        );
        // The Burmese vowel sign E is typed after its consonant but drawn
        // before it: shaping moves its glyph to the front.
        let plain = rustybuzz::Face::from_slice(
            include_bytes!("../../fonts/NotoSansMyanmar-Regular.ttf"),
            0,
        )
        .unwrap();
        let e_sign = plain.glyph_index('\u{1031}').unwrap().0;
        let burmese = shape("မေ", Weight::Regular, 20.0);
        assert_eq!(burmese[0].glyphs[0].id, e_sign, "{:?}", burmese[0].glyphs);
        assert!(
            width(&shape("Somchai", Weight::Bold, 20.0))
                > width(&shape("Somchai", Weight::Regular, 10.0))
        );
    }
}
