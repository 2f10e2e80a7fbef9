//! Local reports: a resident reports an issue in a place (a category, where
//! — a point or a place within it — what, and perhaps a photo); others
//! confirm it ("me too"); stewards move it from open to acknowledged to
//! resolved. Whoever reported it is never shown: the record is the
//! community's, and "a resident" is all anyone else reads.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};

pub const DESCRIPTION_MAX: usize = 4000;
pub const NOTE_MAX: usize = 1000;
/// The largest photo accepted, in bytes.
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Photos are scaled down to fit this many pixels on their longer side.
pub const PHOTO_MAX_SIDE: u32 = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    StreetLighting,
    FlyTipping,
    PotholesPavements,
    HousingRepairs,
    AntisocialBehaviour,
    GreenSpaces,
    Accessibility,
    Other,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::StreetLighting,
        Category::FlyTipping,
        Category::PotholesPavements,
        Category::HousingRepairs,
        Category::AntisocialBehaviour,
        Category::GreenSpaces,
        Category::Accessibility,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::StreetLighting => "street_lighting",
            Category::FlyTipping => "fly_tipping",
            Category::PotholesPavements => "potholes_pavements",
            Category::HousingRepairs => "housing_repairs",
            Category::AntisocialBehaviour => "antisocial_behaviour",
            Category::GreenSpaces => "green_spaces",
            Category::Accessibility => "accessibility",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Acknowledged,
    Resolved,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Acknowledged, Status::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Acknowledged => "acknowledged",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub category: String,
    pub description: String,
    /// Decimal degrees; both blank, or both given.
    pub lat: String,
    pub lon: String,
    /// The slug of a place within the report's place, or blank.
    pub area: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub category: Category,
    pub description: String,
    /// (latitude, longitude)
    pub point: Option<(f64, f64)>,
    pub area: String,
}

fn coordinate(field: &'static str, s: &str, limit: f64) -> Result<f64, FieldError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        _ => Err(FieldError::new(field, "local-report-coordinate-invalid")),
    }
}

/// Check every field, reporting every problem at once.
pub fn check(input: &ReportInput) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let category = Category::parse(&input.category);
    if category.is_none() {
        errors.push("category", "local-report-category-invalid");
    }
    let description = input.description.trim().replace("\r\n", "\n");
    if description.is_empty() {
        errors.push("description", "local-report-description-required");
    } else if description.chars().count() > DESCRIPTION_MAX {
        errors.push("description", "local-report-text-too-long");
    }
    let point = match (input.lat.trim(), input.lon.trim()) {
        ("", "") => None,
        ("", _) => {
            errors.push("lat", "local-report-coordinate-missing");
            None
        }
        (_, "") => {
            errors.push("lon", "local-report-coordinate-missing");
            None
        }
        (lat, lon) => {
            let lat = errors.check(coordinate("lat", lat, 90.0));
            let lon = errors.check(coordinate("lon", lon, 180.0));
            lat.zip(lon)
        }
    };
    match category {
        Some(category) if errors.is_empty() => {
            Ok(Checked { category, description, point, area: input.area.trim().to_string() })
        }
        _ => Err(errors),
    }
}

/// A steward's note on a status change: optional, bounded.
pub fn check_note(note: &str) -> Result<String, FieldError> {
    let note = note.trim().replace("\r\n", "\n");
    if note.chars().count() > NOTE_MAX {
        return Err(FieldError::new("note", "local-report-text-too-long"));
    }
    Ok(note)
}

/// What an uploaded photo is, by its first bytes (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}

pub fn sniff(bytes: &[u8]) -> Option<PhotoKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoKind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoKind::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        Some(PhotoKind::Webp)
    } else {
        None
    }
}

/// Refuse a photo before decoding it: too large, or not a JPEG, PNG or WebP.
pub fn check_photo(bytes: &[u8]) -> Result<PhotoKind, FieldError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(FieldError::new("photo", "local-report-photo-too-large"));
    }
    sniff(bytes).ok_or(FieldError::new("photo", "local-report-photo-type"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ReportInput {
        ReportInput {
            category: "fly_tipping".into(),
            description: "Mattresses dumped by the garages again".into(),
            lat: "51.4613".into(),
            lon: "-0.1156".into(),
            area: String::new(),
        }
    }

    #[test]
    fn a_report_needs_a_known_category_a_description_and_a_real_point() {
        let ok = check(&input()).unwrap();
        assert_eq!((ok.category, ok.point), (Category::FlyTipping, Some((51.4613, -0.1156))));
        assert_eq!(check(&ReportInput { lat: "".into(), lon: " ".into(), ..input() }).unwrap().point, None);
        let codes = |i: ReportInput| -> Vec<(&str, &str)> {
            check(&i).unwrap_err().0.iter().map(|e| (e.field, e.code)).collect()
        };
        assert_eq!(
            codes(ReportInput {
                category: "graffiti".into(),
                description: " ".into(),
                lat: "91".into(),
                lon: "NaN".into(),
                ..input()
            }),
            [
                ("category", "local-report-category-invalid"),
                ("description", "local-report-description-required"),
                ("lat", "local-report-coordinate-invalid"),
                ("lon", "local-report-coordinate-invalid")
            ]
        );
        assert_eq!(codes(ReportInput { lon: "".into(), ..input() }), [("lon", "local-report-coordinate-missing")]);
        assert_eq!(codes(ReportInput { lat: "inf".into(), ..input() }), [("lat", "local-report-coordinate-invalid")]);
    }

    #[test]
    fn photos_are_known_by_their_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(PhotoKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(PhotoKind::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(PhotoKind::Webp));
        assert_eq!(check_photo(b"GIF89a").unwrap_err().code, "local-report-photo-type");
        assert_eq!(check_photo(b"<svg xmlns=").unwrap_err().code, "local-report-photo-type");
        let big = vec![0xFF; PHOTO_MAX_BYTES + 1];
        assert_eq!(check_photo(&big).unwrap_err().code, "local-report-photo-too-large");
    }

    #[test]
    fn every_category_and_status_reads_back() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
