//! The ministry reports: the completion report's filters as they appear in
//! its address (`/reports?org=…&course=…`), its rows and totals. The same
//! query string drives the page and its CSV, XLSX and PDF exports, so what
//! is on screen and what is downloaded are the same rows.

use serde::{Deserialize, Serialize};

/// The completion report's filters, sort and page — every field a plain
/// query parameter, so a filtered view is a bookmarkable URL and the
/// filter form works without JavaScript. Unknown or malformed values are
/// ignored (an address never fails), empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// An organisation's slug: its trainees and those below it.
    pub org: String,
    pub province: String,
    /// A course's slug.
    pub course: String,
    pub position: String,
    /// A cohort's id: its members only.
    pub cohort: String,
    /// First and last day (`YYYY-MM-DD`, inclusive) of the date range.
    pub from: String,
    pub to: String,
    /// Which date the range applies to: `completed` (default) or `started`.
    pub dates: String,
    /// A [`RowStatus`] or [`CertificateStatus`] code.
    pub status: String,
    /// A [`SortKey`] code; `dir` is `asc` (default) or `desc`.
    pub sort: String,
    pub dir: String,
    /// 1-based; out-of-range pages show the nearest page.
    pub page: u32,
}

impl ReportQuery {
    /// The filter and sort parameters (not the page), in a fixed order, to
    /// carry from the page into its export links and pager.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("org", &self.org),
            ("province", &self.province),
            ("course", &self.course),
            ("position", &self.position),
            ("cohort", &self.cohort),
            ("from", &self.from),
            ("to", &self.to),
            ("dates", &self.dates),
            ("status", &self.status),
            ("sort", &self.sort),
            ("dir", &self.dir),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }
}

/// Where a trainee is in a course. The codes are the report's and the
/// exports' (documented in `docs/reports.md`), never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowStatus {
    InProgress,
    Completed,
}

impl RowStatus {
    pub fn code(self) -> &'static str {
        match self {
            RowStatus::InProgress => "in_progress",
            RowStatus::Completed => "completed",
        }
    }
}

/// How soon before its expiry a certificate counts as expiring.
pub const EXPIRING_SECS: i64 = 90 * 86_400;

/// A certificate's standing today: `expiring` within 90 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    Valid,
    Expiring,
    Expired,
    Revoked,
}

impl CertificateStatus {
    pub const ALL: [CertificateStatus; 4] = [
        CertificateStatus::Valid,
        CertificateStatus::Expiring,
        CertificateStatus::Expired,
        CertificateStatus::Revoked,
    ];

    /// A certificate's status on `now`: revoked, expired, expiring within
    /// [`EXPIRING_SECS`], or valid. The one rule, for the report's filter
    /// and column and the cohort dashboard.
    pub fn on(expires_at: Option<i64>, revoked_at: Option<i64>, now: i64) -> CertificateStatus {
        match (revoked_at, expires_at) {
            (Some(_), _) => CertificateStatus::Revoked,
            (None, Some(e)) if e <= now => CertificateStatus::Expired,
            (None, Some(e)) if e <= now + EXPIRING_SECS => CertificateStatus::Expiring,
            _ => CertificateStatus::Valid,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Expiring => "expiring",
            CertificateStatus::Expired => "expired",
            CertificateStatus::Revoked => "revoked",
        }
    }
}

/// The columns the report sorts by; the codes are the `sort` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    Name,
    Organisation,
    Province,
    Position,
    Course,
    Started,
    Modules,
    Pretest,
    Final,
    Completed,
}

impl SortKey {
    pub const ALL: [SortKey; 10] = [
        SortKey::Name,
        SortKey::Organisation,
        SortKey::Province,
        SortKey::Position,
        SortKey::Course,
        SortKey::Started,
        SortKey::Modules,
        SortKey::Pretest,
        SortKey::Final,
        SortKey::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Organisation => "organisation",
            SortKey::Province => "province",
            SortKey::Position => "position",
            SortKey::Course => "course",
            SortKey::Started => "started",
            SortKey::Modules => "modules",
            SortKey::Pretest => "pretest",
            SortKey::Final => "final",
            SortKey::Completed => "completed",
        }
    }

    pub fn parse(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One trainee in one course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompletionRow {
    pub user_id: i64,
    /// Empty once the account was anonymised.
    pub name: String,
    pub name_latin: Option<String>,
    pub anonymised: bool,
    /// Organisation names from the top of the tree down to the trainee's.
    pub organisation_path: Vec<String>,
    pub position: Option<String>,
    pub province: Option<String>,
    pub course_slug: String,
    pub course_title: String,
    pub started_at: i64,
    pub modules_done: i64,
    pub modules_total: i64,
    /// Percent, one decimal.
    pub pretest: Option<f64>,
    pub final_score: Option<f64>,
    /// `None` when no final was submitted.
    pub passed: Option<bool>,
    pub completed_at: Option<i64>,
    pub certificate: Option<CertificateCell>,
    /// Face-to-face session days attended (in cohorts that assigned the
    /// course).
    pub sessions_attended: i64,
}

impl CompletionRow {
    pub fn status(&self) -> RowStatus {
        if self.completed_at.is_some() {
            RowStatus::Completed
        } else {
            RowStatus::InProgress
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateCell {
    pub code: String,
    pub status: CertificateStatus,
    pub expires_at: Option<i64>,
}

/// The numbers at the top of the report, over every row of the filter
/// (not just the page shown).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportTotals {
    pub rows: i64,
    pub trainees: i64,
    pub completed: i64,
    pub passed: i64,
    /// Rows whose certificate is valid or expiring (still usable).
    pub certified: i64,
    pub mean_pretest: Option<f64>,
    pub mean_final: Option<f64>,
}

/// A course the filter can pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseChoice {
    pub slug: String,
    pub title: String,
}

/// A cohort to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortChoice {
    pub id: i64,
    pub name: String,
}

/// What the filter form offers, within the caller's scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportChoices {
    pub courses: Vec<CourseChoice>,
    pub provinces: Vec<String>,
    pub positions: Vec<String>,
    pub cohorts: Vec<CohortChoice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub rows: Vec<CompletionRow>,
    pub totals: ReportTotals,
    pub page: u32,
    pub pages: u32,
    pub choices: ReportChoices,
    /// Whether the whole filter may be downloaded directly (above the
    /// limit, exports are refused until the filter is narrowed).
    pub exportable: bool,
}

/// An aggregate figure that may be withheld: a group of fewer than
/// [`MIN_GROUP`] trainees (or one that would let a withheld group be worked
/// out by subtraction) is shown as "fewer than 5", never as its number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Figure<T> {
    Shown(T),
    Withheld,
}

impl<T> Figure<T> {
    pub fn shown(self) -> Option<T> {
        match self {
            Figure::Shown(v) => Some(v),
            Figure::Withheld => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Figure<U> {
        match self {
            Figure::Shown(v) => Figure::Shown(f(v)),
            Figure::Withheld => Figure::Withheld,
        }
    }
}

/// The smallest group whose figures are shown.
pub const MIN_GROUP: i64 = 5;

/// One group's figures on the dashboard and the gain page: its size, what
/// it completed and passed, and its knowledge gain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// What the group is (an organisation's, course's or province's name).
    pub label: String,
    /// Its slug where it has one (links into the completion report).
    pub key: String,
    pub trainees: Figure<i64>,
    pub completed: Figure<i64>,
    /// Percent of those who submitted a final who passed one.
    pub pass_rate: Figure<f64>,
    /// Trainees with both a pre-test and a final.
    pub with_both: Figure<i64>,
    pub mean_pretest: Figure<f64>,
    pub mean_final: Figure<f64>,
    /// Hake's normalised gain of the group's means, (post − pre) / (100 −
    /// pre); `Shown(None)` when the mean pre-test was already 100.
    pub gain: Figure<Option<f64>>,
}

impl GroupFigures {
    /// The normalised gain as a percentage of what there was to learn
    /// (nothing left to gain counts as 0), for charts.
    pub fn gain_percent(&self) -> Figure<f64> {
        self.gain.map(|g| (g.unwrap_or(0.0) * 100.0).round())
    }
}

/// Completions in one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthFigure {
    /// `YYYY-MM`.
    pub month: String,
    pub completions: Figure<i64>,
}

/// `/reports/dashboard`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub overall: GroupFigures,
    pub months: Vec<MonthFigure>,
    pub expiring: Figure<i64>,
    pub organisations: Vec<GroupFigures>,
    pub courses: Vec<GroupFigures>,
    pub provinces: Vec<GroupFigures>,
}

/// Knowledge gain of one module (learning objective), from the final
/// assessment's questions tagged with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleGain {
    pub course: String,
    pub module: String,
    pub with_both: Figure<i64>,
    pub mean_pretest: Figure<f64>,
    pub mean_final: Figure<f64>,
    pub gain: Figure<Option<f64>>,
}

/// `/reports/gain`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GainReport {
    pub overall: GroupFigures,
    pub courses: Vec<GroupFigures>,
    pub organisations: Vec<GroupFigures>,
    pub modules: Vec<ModuleGain>,
}

/// A report download being built in the background, or built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSummary {
    pub id: i64,
    /// `csv` or `xlsx`.
    pub format: String,
    /// The filters, as the report's query string.
    pub query: String,
    pub total: i64,
    pub done: i64,
    pub created_at: i64,
    pub state: ExportState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportState {
    Running,
    Ready,
    Failed,
}

/// One option of a choice question, with how often it was picked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionFigure {
    pub text: String,
    pub correct: bool,
    pub picks: i64,
}

/// Item analysis of one final-assessment question (by its stable id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionFigures {
    pub id: String,
    pub text: String,
    pub attempts: i64,
    /// Withheld (`None`) on fewer than [`MIN_GROUP`] attempts, like every
    /// small group; also `None` where a figure cannot be computed.
    pub facility: Option<f64>,
    pub point_biserial: Option<f64>,
    pub upper_lower: Option<f64>,
    /// Empty when withheld or for questions without options.
    pub options: Vec<OptionFigure>,
    /// Flag codes (`too-easy`, `too-hard`, `weak`, `negative`,
    /// `unused-option`), raised from [`QuestionReport::flag_after`] attempts.
    pub flags: Vec<String>,
}

/// `/reports/questions`: how a course's final-assessment questions
/// perform, within the caller's scope and filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionReport {
    /// Whether a course was chosen (the page asks for one otherwise).
    pub course_chosen: bool,
    /// Graded finals analysed.
    pub attempts: i64,
    pub questions: Vec<QuestionFigures>,
    pub flag_after: i64,
}
