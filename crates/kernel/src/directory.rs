//! The directory of services: the values a service is made of, parsed once
//! at the edge.

use crate::errors::FieldError;

/// Whether a service can be used (HSDS `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceStatus {
    Active,
    Inactive,
    Defunct,
    TemporarilyClosed,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 4] =
        [ServiceStatus::Active, ServiceStatus::TemporarilyClosed, ServiceStatus::Inactive, ServiceStatus::Defunct];

    /// As HSDS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Active => "active",
            ServiceStatus::Inactive => "inactive",
            ServiceStatus::Defunct => "defunct",
            ServiceStatus::TemporarilyClosed => "temporarily closed",
        }
    }

    /// A form- and message-id-friendly spelling.
    pub fn code(self) -> &'static str {
        match self {
            ServiceStatus::TemporarilyClosed => "temporarily-closed",
            other => other.as_str(),
        }
    }

    /// Accepts the HSDS spelling or the code.
    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        ServiceStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.code() == s)
            .ok_or(FieldError::new(field, "directory-status-invalid"))
    }

    /// Closed for now or for good: residents must be told before anything else.
    pub fn is_closed(self) -> bool {
        !matches!(self, ServiceStatus::Active)
    }
}

/// RFC 5545 weekday codes, Monday first.
pub const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// A time of day as `HH:MM` (24-hour).
pub fn parse_time_of_day(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    let err = FieldError::new(field, "directory-time-invalid");
    let (h, m) = s.split_once(':').ok_or(err.clone())?;
    let h: u8 = h.parse().map_err(|_| err.clone())?;
    let m: u8 = m.get(..2).unwrap_or("x").parse().map_err(|_| err.clone())?;
    if h > 23 || m > 59 || s.len() > 8 {
        return Err(err);
    }
    Ok(format!("{h:02}:{m:02}"))
}

/// A price in pounds and pence ("2", "2.50", "£2.50") as pence.
pub fn parse_money_minor(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let err = FieldError::new(field, "directory-amount-invalid");
    let s = s.trim().trim_start_matches('£').trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || whole.len() > 7 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err);
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err);
    }
    let whole: i64 = whole.parse().map_err(|_| err.clone())?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| err.clone())? };
    let minor = whole * 100 + frac;
    if minor <= 0 {
        return Err(err);
    }
    Ok(minor)
}

/// An ISO 639-1 language code (two lowercase letters).
pub fn parse_language_code(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim().to_ascii_lowercase();
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(s)
    } else {
        Err(FieldError::new(field, "directory-language-invalid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for s in ServiceStatus::ALL {
            assert_eq!(ServiceStatus::parse("status", s.as_str()), Ok(s));
            assert_eq!(ServiceStatus::parse("status", s.code()), Ok(s));
        }
        assert!(ServiceStatus::parse("status", "open").is_err());
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day("t", "9:30"), Ok("09:30".into()));
        assert_eq!(parse_time_of_day("t", "23:59"), Ok("23:59".into()));
        assert!(parse_time_of_day("t", "24:00").is_err());
        assert!(parse_time_of_day("t", "noon").is_err());
        assert!(parse_time_of_day("t", "").is_err());
    }

    #[test]
    fn money_is_in_pence() {
        assert_eq!(parse_money_minor("a", "2"), Ok(200));
        assert_eq!(parse_money_minor("a", "£2.5"), Ok(250));
        assert_eq!(parse_money_minor("a", "0.99"), Ok(99));
        for bad in ["", "-1", "0", "2.555", "abc", "1e3", "99999999"] {
            assert!(parse_money_minor("a", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn language_codes() {
        assert_eq!(parse_language_code("l", " EN "), Ok("en".into()));
        assert!(parse_language_code("l", "eng").is_err());
    }
}
