//! The deployment's time zone (`LANTERN_TIME_ZONE`, an IANA name, default
//! `Asia/Bangkok`): every date and time on pages and in exports is shown
//! in it. Resolved from the IANA database compiled into the binary
//! (jiff), installed once at start-up, read by the domain (report date
//! filters, month buckets, exported dates, certificate dates) and handed
//! to pages by the shell.

use crate::dates::Zone;
use std::sync::OnceLock;

pub const DEFAULT: &str = "Asia/Bangkok";

static CURRENT: OnceLock<Zone> = OnceLock::new();

/// The zone named `name` (`Asia/Yangon`, `UTC`…), if there is one.
pub fn by_name(name: &str) -> Option<Zone> {
    let tz = jiff::tz::TimeZone::get(name.trim()).ok()?;
    Some(Zone::new(name.trim(), move |unix| {
        jiff::Timestamp::from_second(unix).map_or(0, |t| i64::from(tz.to_offset(t).seconds()))
    }))
}

/// Makes `zone` the deployment's (the first installed wins: one per process).
pub fn install(zone: Zone) {
    let _ = CURRENT.set(zone);
}

/// The deployment's zone ([`DEFAULT`] until one is installed).
pub fn current() -> Zone {
    CURRENT
        .get_or_init(|| by_name(DEFAULT).unwrap_or_else(|| Zone::fixed(DEFAULT, 7 * 3600)))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{format_clock, format_date, parse_date};

    #[test]
    fn zones_come_from_the_iana_database() {
        let yangon = by_name("Asia/Yangon").unwrap();
        assert_eq!(yangon.offset_at(1_795_913_160), 6 * 3600 + 1800);
        // Daylight saving time where there is some: London in July.
        let london = by_name("Europe/London").unwrap();
        let july = parse_date("2026-07-01").unwrap() + 12 * 3600;
        assert_eq!(format_clock(london.local(july)), "13:00");
        assert_eq!(
            format_date(by_name("Asia/Bangkok").unwrap().local(july + 12 * 3600)),
            "2026-07-02"
        );
        assert!(by_name("Mars/Olympus_Mons").is_none());
        assert_eq!(current().name(), "Asia/Bangkok");
    }
}
