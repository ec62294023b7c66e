//! Unix times as readers see them. Lantern stores UTC seconds and shows
//! them in one deployment time zone ([`Zone`], `LANTERN_TIME_ZONE`,
//! default `Asia/Bangkok`): pages through `I18n::date` / `I18n::date_time`
//! (Thai month names and Buddhist Era years on Thai pages), exports as ISO
//! 8601 local dates. The functions below work on *local* seconds — an
//! instant moved by its zone's offset — so they need no time-zone data and
//! compile for the browser too.

use std::fmt;
use std::sync::Arc;

/// A time zone: its name and its UTC offset at any instant. Built on the
/// server from the IANA database (`ssr::zone`); [`Zone::utc`] elsewhere.
#[derive(Clone)]
pub struct Zone {
    name: Arc<str>,
    offset: Arc<dyn Fn(i64) -> i64 + Send + Sync>,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::fixed("UTC", 0)
    }

    /// A zone that is always `offset` seconds ahead of UTC.
    pub fn fixed(name: &str, offset: i64) -> Zone {
        Zone::new(name, move |_| offset)
    }

    /// A zone whose offset at an instant `offset` says.
    pub fn new(name: &str, offset: impl Fn(i64) -> i64 + Send + Sync + 'static) -> Zone {
        Zone {
            name: name.into(),
            offset: Arc::new(offset),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds ahead of UTC at the instant `unix`.
    pub fn offset_at(&self, unix: i64) -> i64 {
        (self.offset)(unix)
    }

    /// The local wall-clock time of an instant, as seconds (what the
    /// formatting functions below take).
    pub fn local(&self, unix: i64) -> i64 {
        unix + self.offset_at(unix)
    }

    /// The instant a local wall-clock time (local seconds) names.
    pub fn instant(&self, local: i64) -> i64 {
        let guess = local - self.offset_at(local);
        local - self.offset_at(guess)
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

/// "29 Nov 2026" — or with Thai month names and the Buddhist Era year
/// ("29 พ.ย. 2569") — of local seconds; `months` are the twelve month
/// names in the reader's language.
pub fn format_day(local: i64, months: &[&str], buddhist_era: bool) -> String {
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let month = months.get((m - 1) as usize).copied().unwrap_or("");
    let year = if buddhist_era { buddhist_year(y) } else { y };
    format!("{d} {month} {year}")
}

/// `HH:MM` of local seconds.
pub fn format_clock(local: i64) -> String {
    let secs = local.rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn format_utc(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, as signed credentials carry dates).
pub fn format_rfc3339(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `YYYY-MM-DD`.
pub fn format_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `unix` moved on by `months` calendar months, at the same time of day;
/// a day past the new month's end becomes its last day (31 Jan + 1 month
/// is 28 or 29 Feb) — how certificate validity is counted.
pub fn add_months(unix: i64, months: u32) -> i64 {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let index = y * 12 + i64::from(m - 1) + i64::from(months);
    let (ny, nm) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let last = (28..=31)
        .rev()
        .find(|day| civil_from_days(days_from_civil(ny, nm, *day)) == (ny, nm, *day))
        .unwrap_or(28);
    days_from_civil(ny, nm, d.min(last)) * 86_400 + unix.rem_euclid(86_400)
}

/// The start (00:00 UTC) of a `YYYY-MM-DD` date, if it is one.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // 31 April is not a date: it would come back as 1 May.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400)
}

/// The first moment (00:00 UTC) of the calendar month `unix` is in.
pub fn month_start(unix: i64) -> i64 {
    let (y, m, _) = civil_from_days(unix.div_euclid(86_400));
    days_from_civil(y, m, 1) * 86_400
}

/// The `n` calendar months up to and including the one `unix` is in,
/// oldest first, as (`YYYY-MM`, first moment); and the moment the last
/// one ends.
pub fn recent_months(unix: i64, n: u32) -> (Vec<(String, i64)>, i64) {
    let (y, m, _) = civil_from_days(unix.div_euclid(86_400));
    let index = y * 12 + i64::from(m - 1);
    let at = |i: i64| {
        let (yy, mm) = (i.div_euclid(12), i.rem_euclid(12) as u32 + 1);
        (
            format!("{yy:04}-{mm:02}"),
            days_from_civil(yy, mm, 1) * 86_400,
        )
    };
    let months = (0..i64::from(n))
        .rev()
        .map(|back| at(index - back))
        .collect();
    (months, at(index + 1).1)
}

/// The inverse of [`civil_from_days`] (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Buddhist Era year of a Gregorian year (Thai dates).
pub fn buddhist_year(gregorian: i64) -> i64 {
    gregorian + 543
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_on_the_calendar() {
        // 2026-01-31 12:00 UTC.
        let jan31 = 1_769_860_800;
        assert_eq!(format_utc(jan31), "2026-01-31 12:00 UTC");
        assert_eq!(format_utc(add_months(jan31, 1)), "2026-02-28 12:00 UTC");
        assert_eq!(format_utc(add_months(jan31, 13)), "2027-02-28 12:00 UTC");
        assert_eq!(format_utc(add_months(jan31, 24)), "2028-01-31 12:00 UTC");
        assert_eq!(
            format_utc(add_months(jan31 - 86_400 * 30, 1)),
            "2026-02-01 12:00 UTC"
        );
        assert_eq!(buddhist_year(2026), 2569);
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_rfc3339(1_769_860_805), "2026-01-31T12:00:05Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_795_913_160), "2026-11-29 00:46 UTC");
        assert_eq!(format_date(-86_400), "1969-12-31");
    }

    #[test]
    fn zones_move_instants_to_local_time_and_back() {
        let bangkok = Zone::fixed("Asia/Bangkok", 7 * 3600);
        // 2026-11-29 20:30 UTC is 03:30 the next day in Bangkok.
        let at = parse_date("2026-11-29").unwrap() + 20 * 3600 + 30 * 60;
        assert_eq!(format_date(bangkok.local(at)), "2026-11-30");
        assert_eq!(format_clock(bangkok.local(at)), "03:30");
        let midnight = bangkok.instant(parse_date("2026-11-30").unwrap());
        assert_eq!(format_utc(midnight), "2026-11-29 17:00 UTC");
        let th = [
            "ม.ค.",
            "ก.พ.",
            "มี.ค.",
            "เม.ย.",
            "พ.ค.",
            "มิ.ย.",
            "ก.ค.",
            "ส.ค.",
            "ก.ย.",
            "ต.ค.",
            "พ.ย.",
            "ธ.ค.",
        ];
        assert_eq!(format_day(bangkok.local(at), &th, true), "30 พ.ย. 2569");
        assert_eq!(
            Zone::utc(),
            Zone::fixed("UTC", 3600),
            "zones are compared by name"
        );
    }

    #[test]
    fn recent_months_cross_the_year() {
        let (months, end) = recent_months(1_795_913_160, 3);
        let labels: Vec<&str> = months.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["2026-09", "2026-10", "2026-11"]);
        assert_eq!(format_utc(months[0].1), "2026-09-01 00:00 UTC");
        assert_eq!(format_utc(end), "2026-12-01 00:00 UTC");
        let (months, _) = recent_months(parse_date("2026-01-15").unwrap(), 2);
        assert_eq!(months[0].0, "2025-12");
        assert_eq!(
            format_utc(month_start(1_795_913_160)),
            "2026-11-01 00:00 UTC"
        );
    }

    #[test]
    fn dates_parse_back_and_impossible_ones_do_not() {
        assert_eq!(parse_date("2026-11-29"), Some(1_795_910_400));
        assert_eq!(
            parse_date("2026-11-29").map(format_date).as_deref(),
            Some("2026-11-29")
        );
        assert_eq!(
            parse_date("2024-02-29").map(format_date).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2026-02-29",
            "2026-04-31",
            "2026-13-01",
            "26-1",
            "",
            "x-y-z",
            "2026-11-29x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
