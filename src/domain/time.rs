//! Deadlines are instants stored in UTC, typed and shown in Europe/Rome (CET/CEST).

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Rome;

use super::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    Malformed,
    /// The clock jumps from 02:00 to 03:00 on the last Sunday of March.
    Nonexistent,
}

/// Reads a time typed in Rome, as an HTML `datetime-local` field sends it ("2026-03-29T12:00",
/// seconds optional) or as "2026-03-29 12:00". In the hour repeated when summer time ends,
/// the earlier instant (still CEST) is taken, as a person reading the clock would expect.
pub fn parse_rome(input: &str) -> Result<DateTime<Utc>, LocalTimeError> {
    let s = input.trim().replace(' ', "T");
    // As typed in Italy (dd/mm/yyyy hh:mm), or as a browser's date field sends it.
    let naive = [
        "%d/%m/%YT%H:%M",
        "%d/%m/%YT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
    .ok_or(LocalTimeError::Malformed)?;
    match Rome.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Nonexistent),
    }
}

/// The value of a date field, as it is typed in Italy whatever the browser: "29/03/2026 12:00".
pub fn to_rome_input(t: DateTime<Utc>) -> String {
    t.with_timezone(&Rome).format("%d/%m/%Y %H:%M").to_string()
}

/// "29/03/2026 12:00 (CEST)" in Italian, "29 Mar 2026 12:00 (CEST)" in English.
pub fn format_rome(t: DateTime<Utc>, lang: Lang) -> String {
    let local = t.with_timezone(&Rome);
    match lang {
        Lang::It => local.format("%d/%m/%Y %H:%M (%Z)").to_string(),
        Lang::En => local.format("%d %b %Y %H:%M (%Z)").to_string(),
    }
}

/// The calendar day an instant falls on in Rome: contracts are signed, start and fall due on days.
pub fn rome_date(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&Rome).date_naive()
}

/// "29/03/2026" in Italian, "29 Mar 2026" in English.
pub fn format_date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::It => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%d %b %Y").to_string(),
    }
}

/// Same, with seconds: receipts and minutes state the server time to the second.
pub fn format_rome_seconds(t: DateTime<Utc>) -> String {
    t.with_timezone(&Rome)
        .format("%d/%m/%Y %H:%M:%S (%Z)")
        .to_string()
}

/// Databases keep microseconds; truncating first makes a value survive a round trip unchanged.
pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

/// Time left before a deadline, for a countdown that is plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    Open { days: i64, hours: i64, minutes: i64 },
    Closed,
}

pub fn countdown(now: DateTime<Utc>, deadline: DateTime<Utc>) -> Countdown {
    let left = deadline - now;
    if left <= Duration::zero() {
        return Countdown::Closed;
    }
    let minutes_total = left.num_minutes();
    Countdown::Open {
        days: minutes_total / (24 * 60),
        hours: minutes_total / 60 % 24,
        minutes: minutes_total % 60,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn winter_noon_in_rome_is_eleven_utc() {
        assert_eq!(
            parse_rome("2026-12-15T12:00").unwrap(),
            utc("2026-12-15T11:00:00Z")
        );
    }

    #[test]
    fn summer_noon_in_rome_is_ten_utc() {
        assert_eq!(
            parse_rome("2026-07-15 12:00").unwrap(),
            utc("2026-07-15T10:00:00Z")
        );
    }

    #[test]
    fn deadlines_in_the_dst_change_week_land_on_the_right_instant() {
        // Summer time starts on Sunday 29 March 2026 at 02:00 CET.
        assert_eq!(
            parse_rome("2026-03-28T12:00").unwrap(),
            utc("2026-03-28T11:00:00Z")
        );
        assert_eq!(
            parse_rome("2026-03-30T12:00").unwrap(),
            utc("2026-03-30T10:00:00Z")
        );
        assert_eq!(
            parse_rome("2026-03-29T02:30"),
            Err(LocalTimeError::Nonexistent)
        );
        // It ends on Sunday 25 October 2026 at 03:00 CEST: 02:30 happens twice, the first counts.
        assert_eq!(
            parse_rome("2026-10-25T02:30").unwrap(),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn malformed_input_is_refused() {
        assert_eq!(parse_rome("15/12/2026"), Err(LocalTimeError::Malformed));
        assert_eq!(parse_rome(""), Err(LocalTimeError::Malformed));
    }

    #[test]
    fn shows_the_zone_it_is_in() {
        let t = utc("2026-07-15T10:00:00Z");
        assert_eq!(format_rome(t, Lang::It), "15/07/2026 12:00 (CEST)");
        assert_eq!(to_rome_input(t), "15/07/2026 12:00");
        assert_eq!(parse_rome(&to_rome_input(t)), Ok(t));
        assert_eq!(parse_rome("15/07/2026 12:00:00"), Ok(t));
        assert_eq!(parse_rome("2026-07-15T12:00"), Ok(t));
        assert_eq!(
            format_rome_seconds(utc("2026-12-15T10:59:07Z")),
            "15/12/2026 11:59:07 (CET)"
        );
    }

    #[test]
    fn countdown_counts_down_and_closes_at_the_deadline() {
        let deadline = utc("2026-12-15T11:00:00Z");
        assert_eq!(
            countdown(utc("2026-12-13T09:58:00Z"), deadline),
            Countdown::Open {
                days: 2,
                hours: 1,
                minutes: 2
            }
        );
        assert_eq!(countdown(deadline, deadline), Countdown::Closed);
    }
}
