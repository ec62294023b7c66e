//! A horizontal bar chart drawn as SVG on the server — readable without
//! JavaScript, no charting library — with its data as a table for screen
//! readers (and anyone who wants the numbers). Withheld figures are drawn
//! as no bar and the words "fewer than 5".

use crate::i18n::use_i18n;
use crate::model::reports::Figure;
use leptos::prelude::*;

/// One bar: its label and value.
pub type Bar = (String, Figure<f64>);

const ROW: usize = 26;
const LABEL_WIDTH: f64 = 230.0;
const BAR_WIDTH: f64 = 300.0;

#[component]
pub fn BarChart(
    /// The chart's caption (also its accessible name).
    title: String,
    /// Unique on the page (for `aria-labelledby`).
    id: &'static str,
    bars: Vec<Bar>,
    /// The value a full-length bar stands for.
    max: f64,
    /// Shown after each value (`%`, or nothing).
    unit: &'static str,
    /// The table's heading for the values.
    value_heading: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let withheld = i18n.t("reports-withheld");
    let height = (bars.len().max(1) * ROW + 6).to_string();
    let caption_id = format!("{id}-caption");
    let value_text = {
        let withheld = withheld.clone();
        move |v: &Figure<f64>| match v {
            Figure::Shown(x) => format!("{x}{unit}"),
            Figure::Withheld => withheld.clone(),
        }
    };
    let shapes = bars
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = i * ROW;
            let text_y = (y + 17).to_string();
            let width = value
                .shown()
                .map(|v| (v / max.max(f64::EPSILON)).clamp(0.0, 1.0) * BAR_WIDTH);
            let bar = width.map(|w| {
                view! {
                    <rect x=LABEL_WIDTH.to_string() y=(y + 4).to_string() width=format!("{w:.1}")
                        height="18" class="bar"/>
                }
            });
            let value_x = format!("{:.1}", LABEL_WIDTH + width.unwrap_or(0.0) + 6.0);
            let class = if width.is_some() {
                "value"
            } else {
                "value withheld"
            };
            view! {
                <text x="0" y=text_y.clone() class="label">{label.clone()}</text>
                {bar}
                <text x=value_x y=text_y class=class>{value_text(value)}</text>
            }
        })
        .collect_view();
    let rows = bars
        .iter()
        .map(|(label, value)| {
            view! { <tr><th scope="row">{label.clone()}</th><td>{value_text(value)}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption id=caption_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 640 {height}") width="100%" role="img"
                aria-labelledby=caption_id xmlns="http://www.w3.org/2000/svg">
                {shapes}
            </svg>
            <details>
                <summary>{i18n.t("reports-chart-data")}</summary>
                <table>
                    <thead><tr><th scope="col">{i18n.t("reports-group")}</th><th scope="col">{value_heading}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
