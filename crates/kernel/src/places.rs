//! Places: wards, estates, towns, boroughs — arranged in a hierarchy.

use crate::errors::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// A URL-safe, unique name for a place or group: lower-case letters, digits
/// and single hyphens, 2–60 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(field: &'static str, input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "slug-required"));
        }
        let ok = (2..=60).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if !ok {
            return Err(FieldError::new(field, "slug-invalid"));
        }
        Ok(Slug(s.to_string()))
    }

    /// Make a slug from a free-text name ("St John's Estate" → "st-johns-estate").
    pub fn from_name(name: &str) -> Option<Slug> {
        let mut out = String::new();
        for c in name.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let trimmed: String = out.trim_end_matches('-').chars().take(60).collect();
        Slug::parse("slug", trimmed.trim_end_matches('-')).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short, human title (place or group name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(field: &'static str, input: &str, max_chars: usize) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "name-required"));
        }
        if s.chars().count() > max_chars {
            return Err(FieldError::new(field, "name-too-long"));
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(FieldError::new(field, "name-invalid"));
        }
        Ok(Title(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text such as a description: trimmed, bounded.
pub fn parse_description(field: &'static str, input: &str, max_chars: usize) -> Result<String, FieldError> {
    let s = input.trim();
    if s.chars().count() > max_chars {
        return Err(FieldError::new(field, "description-too-long"));
    }
    Ok(s.replace("\r\n", "\n"))
}

/// Where a place is: a circle around a centre point, or a GeoJSON polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Footprint {
    Circle {
        latitude: f64,
        longitude: f64,
        radius_m: f64,
    },
    /// A GeoJSON `Polygon` or `MultiPolygon` geometry, kept as text.
    Polygon {
        geojson: String,
    },
}

impl Footprint {
    /// The point distances are measured from: the circle's centre, or the
    /// mean of a polygon's outer ring (good enough for a neighbourhood).
    pub fn centre(&self) -> Option<crate::search::Point> {
        match self {
            Footprint::Circle { latitude, longitude, .. } => crate::search::Point::new(*latitude, *longitude),
            Footprint::Polygon { geojson } => {
                let v: serde_json::Value = serde_json::from_str(geojson).ok()?;
                let coords = &v["coordinates"];
                // Polygon: [ring, …]; MultiPolygon: [[ring, …], …].
                let ring = if v["type"] == "MultiPolygon" { &coords[0][0] } else { &coords[0] };
                let points: Vec<(f64, f64)> =
                    ring.as_array()?.iter().filter_map(|p| Some((p[1].as_f64()?, p[0].as_f64()?))).collect();
                if points.is_empty() {
                    return None;
                }
                let n = points.len() as f64;
                let (lat, lon) = points.iter().fold((0.0, 0.0), |(a, b), (la, lo)| (a + la, b + lo));
                crate::search::Point::new(lat / n, lon / n)
            }
        }
    }

    /// Parse the footprint fields of a form or API body. Empty inputs mean
    /// "no footprint". A polygon wins over a circle when both are given.
    pub fn parse(
        lat: Option<&str>,
        lon: Option<&str>,
        radius_m: Option<&str>,
        geojson: Option<&str>,
        errors: &mut FieldErrors,
    ) -> Option<Footprint> {
        if let Some(g) = blank(geojson) {
            return match g.parse::<geojson::Geometry>() {
                Ok(geom) if matches!(geom.value, geojson::Value::Polygon(_) | geojson::Value::MultiPolygon(_)) => {
                    Some(Footprint::Polygon { geojson: geom.to_string() })
                }
                _ => {
                    errors.push("geojson", "geojson-invalid");
                    None
                }
            };
        }
        let (lat, lon, radius) = (blank(lat), blank(lon), blank(radius_m));
        if lat.is_none() && lon.is_none() && radius.is_none() {
            return None;
        }
        let latitude = errors.check(parse_bounded("latitude", lat, -90.0, 90.0));
        let longitude = errors.check(parse_bounded("longitude", lon, -180.0, 180.0));
        let radius_m = errors.check(parse_bounded("radius_m", radius, 1.0, 500_000.0));
        Some(Footprint::Circle { latitude: latitude?, longitude: longitude?, radius_m: radius_m? })
    }
}

fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn parse_bounded(field: &'static str, input: Option<&str>, min: f64, max: f64) -> Result<f64, FieldError> {
    let s = input.ok_or(FieldError::new(field, "number-required"))?;
    let v: f64 = s.parse().map_err(|_| FieldError::new(field, "number-invalid"))?;
    if !v.is_finite() || v < min || v > max {
        return Err(FieldError::new(field, "number-out-of-range"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("s", "coldharbour").is_ok());
        assert!(Slug::parse("s", "st-johns-2").is_ok());
        for bad in ["", "a", "Caps", "-x", "x-", "a--b", "spa ce", "ü"] {
            assert!(Slug::parse("s", bad).is_err(), "{bad}");
        }
        assert_eq!(Slug::from_name("St John's Estate").map(|s| s.as_str().to_string()), Some("st-johns-estate".into()));
    }

    #[test]
    fn footprints() {
        let mut e = FieldErrors::new();
        assert_eq!(
            Footprint::parse(Some("51.46"), Some("-0.11"), Some("800"), None, &mut e),
            Some(Footprint::Circle { latitude: 51.46, longitude: -0.11, radius_m: 800.0 })
        );
        assert!(e.is_empty());
        assert_eq!(Footprint::parse(Some("95"), Some("0"), Some("10"), None, &mut e), None);
        assert_eq!(e.0[0].field, "latitude");
        let mut e = FieldErrors::new();
        let poly = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
        assert!(matches!(Footprint::parse(None, None, None, Some(poly), &mut e), Some(Footprint::Polygon { .. })));
        assert!(Footprint::parse(None, None, None, Some(r#"{"type":"Point","coordinates":[0,0]}"#), &mut e).is_none());
        assert_eq!(e.0[0].code, "geojson-invalid");
    }
}
