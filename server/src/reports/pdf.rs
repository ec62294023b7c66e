//! The report summary as a PDF (A4 portrait), to file or forward: what was
//! asked (filters, by whom, when), the headline figures, completions per
//! month and pass rate and knowledge gain per organisation as bar charts,
//! and a table per organisation unit and per course. The figures are the
//! dashboard's, so small groups read "fewer than 5" here too. Text is
//! shaped (Thai, Burmese, Khmer) and extractable, as on certificates.

use crate::typeset::canvas::{Align, Page, Paint, INK};
use crate::typeset::document::Document;
use crate::typeset::fonts::Weight;
use app::i18n::{message, message_with, Locale};
use app::model::reports::{Figure, GroupFigures};
use app::ssr::reports::summary::Summary;

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
const MUTED: (f32, f32, f32) = (0.33, 0.37, 0.42);
const BAR: (f32, f32, f32) = (0.11, 0.31, 0.57);
const RULE: (f32, f32, f32) = (0.80, 0.80, 0.78);

/// Pages being written, top to bottom; a new page starts when the next
/// block would not fit.
struct Writer {
    doc: Document,
    page: Page,
    y: f32,
    locale: Locale,
}

impl Writer {
    fn t(&self, key: &str) -> String {
        message(self.locale, key)
    }

    /// Room for `height` points below the cursor, or a new page.
    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN {
            let page = std::mem::replace(&mut self.page, Page::new(WIDTH, HEIGHT));
            self.doc.add(page);
            self.y = HEIGHT - MARGIN;
        }
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y -= 22.0;
        self.page.text(
            text,
            Weight::Bold,
            13.0,
            MARGIN,
            self.y,
            Align::Left,
            WIDTH - 2.0 * MARGIN,
            INK,
        );
        self.y -= 8.0;
    }

    fn line_of_text(&mut self, text: &str, size: f32, ink: (f32, f32, f32)) {
        self.need(size + 6.0);
        self.y -= size + 5.0;
        self.page.text(
            text,
            Weight::Regular,
            size,
            MARGIN,
            self.y,
            Align::Left,
            WIDTH - 2.0 * MARGIN,
            ink,
        );
    }

    /// Horizontal bars: a label, a bar in proportion to `max`, the value
    /// (or "fewer than 5" and no bar).
    fn bars(&mut self, bars: &[(String, Figure<f64>)], max: f64, unit: &str) {
        let withheld = self.t("reports-withheld");
        let label_width = 190.0;
        let bar_width = WIDTH - 2.0 * MARGIN - label_width - 70.0;
        for (label, value) in bars {
            self.need(16.0);
            self.y -= 15.0;
            self.page.text(
                label,
                Weight::Regular,
                9.0,
                MARGIN,
                self.y + 2.0,
                Align::Left,
                label_width - 8.0,
                INK,
            );
            let x = MARGIN + label_width;
            let text = match value {
                Figure::Shown(v) => {
                    let w = (v / max.max(f64::EPSILON)).clamp(0.0, 1.0) as f32 * bar_width;
                    self.page.fill_colour(BAR);
                    self.page.rectangle(x, self.y, w, 10.0, Paint::Fill);
                    self.page.text(
                        &format!("{v}{unit}"),
                        Weight::Regular,
                        9.0,
                        x + w + 4.0,
                        self.y + 2.0,
                        Align::Left,
                        70.0,
                        INK,
                    );
                    continue;
                }
                Figure::Withheld => withheld.clone(),
            };
            self.page.text(
                &text,
                Weight::Regular,
                9.0,
                x,
                self.y + 2.0,
                Align::Left,
                bar_width,
                MUTED,
            );
        }
        self.y -= 6.0;
    }

    /// A table of groups' figures, its header repeated on each new page.
    fn table(&mut self, label: &str, groups: &[GroupFigures]) {
        let withheld = self.t("reports-withheld");
        let headings = [
            label.to_string(),
            self.t("dashboard-trainees"),
            self.t("dashboard-completed"),
            self.t("dashboard-pass-rate"),
            self.t("gain-with-both"),
            self.t("gain-mean-pretest"),
            self.t("gain-mean-final"),
            self.t("gain-normalised"),
        ];
        let widths = [170.0, 44.0, 48.0, 44.0, 52.0, 44.0, 44.0, 50.0];
        let text = |f: &Figure<f64>, unit: &str| match f {
            Figure::Shown(v) => format!("{v}{unit}"),
            Figure::Withheld => withheld.clone(),
        };
        let count = |f: &Figure<i64>| f.map(|n| n as f64);
        let rows: Vec<[String; 8]> = groups
            .iter()
            .map(|g| {
                [
                    if g.label.is_empty() {
                        "—".into()
                    } else {
                        g.label.clone()
                    },
                    text(&count(&g.trainees), ""),
                    text(&count(&g.completed), ""),
                    text(&g.pass_rate, "%"),
                    text(&count(&g.with_both), ""),
                    text(&g.mean_pretest, "%"),
                    text(&g.mean_final, "%"),
                    match g.gain {
                        Figure::Shown(Some(v)) => format!("{v:.2}"),
                        Figure::Shown(None) => "—".into(),
                        Figure::Withheld => withheld.clone(),
                    },
                ]
            })
            .collect();
        let mut header = true;
        let mut i = 0;
        while i < rows.len() || header {
            if header {
                self.need(30.0);
                self.row(&headings, &widths, Weight::Bold);
                header = false;
                continue;
            }
            if self.y - 14.0 < MARGIN {
                self.need(HEIGHT);
                header = true;
                continue;
            }
            self.row(&rows[i], &widths, Weight::Regular);
            i += 1;
        }
        self.y -= 6.0;
    }

    fn row(&mut self, cells: &[String; 8], widths: &[f32; 8], weight: Weight) {
        self.y -= 14.0;
        let mut x = MARGIN;
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let (align, at) = if i == 0 {
                (Align::Left, x)
            } else {
                (Align::Right, x + w - 2.0)
            };
            self.page
                .text(cell, weight, 8.0, at, self.y, align, w - 4.0, INK);
            x += w;
        }
        self.page.stroke_colour(RULE);
        self.page.line_width(0.4);
        self.page.line(
            MARGIN,
            self.y - 3.0,
            MARGIN + widths.iter().sum::<f32>(),
            self.y - 3.0,
        );
    }
}

pub fn render(s: &Summary, generated_at: &str) -> Vec<u8> {
    let t = |key: &str| message(s.locale, key);
    let mut w = Writer {
        doc: Document::new(&t("pdf-summary-title")),
        page: Page::new(WIDTH, HEIGHT),
        y: HEIGHT - MARGIN,
        locale: s.locale,
    };
    let d = &s.dashboard;
    let withheld = t("reports-withheld");

    w.y -= 20.0;
    w.page.text(
        &t("pdf-summary-title"),
        Weight::Bold,
        20.0,
        MARGIN,
        w.y,
        Align::Left,
        WIDTH - 2.0 * MARGIN,
        INK,
    );
    w.line_of_text(
        &message_with(
            s.locale,
            "pdf-summary-generated",
            &[("when", generated_at), ("who", &s.generated_by)],
        ),
        9.0,
        MUTED,
    );
    if s.filters.is_empty() {
        w.line_of_text(&t("pdf-summary-no-filters"), 9.0, MUTED);
    } else {
        let filters = s
            .filters
            .iter()
            .map(|(key, value)| format!("{}: {value}", t(key)))
            .collect::<Vec<_>>()
            .join(" · ");
        w.line_of_text(
            &message_with(s.locale, "pdf-summary-filters", &[("filters", &filters)]),
            9.0,
            MUTED,
        );
    }
    w.line_of_text(&t("pdf-summary-privacy"), 8.0, MUTED);

    w.heading(&t("reports-totals"));
    let o = &d.overall;
    let figure = |f: Figure<f64>, unit: &str| match f {
        Figure::Shown(v) => format!("{v}{unit}"),
        Figure::Withheld => withheld.clone(),
    };
    let lines = [
        (
            "dashboard-trainees",
            figure(o.trainees.map(|n| n as f64), ""),
        ),
        (
            "dashboard-completed",
            figure(o.completed.map(|n| n as f64), ""),
        ),
        ("dashboard-pass-rate", figure(o.pass_rate, "%")),
        ("gain-mean-pretest", figure(o.mean_pretest, "%")),
        ("gain-mean-final", figure(o.mean_final, "%")),
        ("dashboard-gain", figure(o.gain_percent(), "%")),
        (
            "dashboard-expiring",
            figure(d.expiring.map(|n| n as f64), ""),
        ),
    ];
    for (key, value) in lines {
        w.line_of_text(&format!("{}: {value}", t(key)), 10.0, INK);
    }

    w.heading(&t("dashboard-months"));
    let months: Vec<(String, Figure<f64>)> = d
        .months
        .iter()
        .map(|m| (m.month.clone(), m.completions.map(|n| n as f64)))
        .collect();
    let max = months
        .iter()
        .filter_map(|(_, v)| v.shown())
        .fold(1.0, f64::max);
    w.bars(&months, max, "");

    w.heading(&t("dashboard-pass-rate-by-organisation"));
    let pass: Vec<(String, Figure<f64>)> = d
        .organisations
        .iter()
        .map(|g| (g.label.clone(), g.pass_rate))
        .collect();
    w.bars(&pass, 100.0, "%");

    w.heading(&t("dashboard-gain-by-organisation"));
    let gain: Vec<(String, Figure<f64>)> = d
        .organisations
        .iter()
        .map(|g| (g.label.clone(), g.gain_percent()))
        .collect();
    w.bars(&gain, 100.0, "%");

    w.heading(&t("dashboard-organisations"));
    w.table(&t("reports-col-organisation"), &d.organisations);
    w.heading(&t("dashboard-courses"));
    w.table(&t("reports-col-course"), &d.courses);
    w.heading(&t("dashboard-provinces"));
    w.table(&t("reports-col-province"), &d.provinces);

    let Writer { mut doc, page, .. } = w;
    doc.add(page);
    let count = doc.pages_mut().len();
    for (i, page) in doc.pages_mut().iter_mut().enumerate() {
        // "Page n of m" at the foot of each page.
        page.text(
            &message_with(
                s.locale,
                "pdf-summary-page",
                &[
                    ("page", &(i + 1).to_string()),
                    ("pages", &count.to_string()),
                ],
            ),
            Weight::Regular,
            8.0,
            WIDTH - MARGIN,
            MARGIN / 2.0,
            Align::Right,
            200.0,
            MUTED,
        );
    }
    doc.save()
}
