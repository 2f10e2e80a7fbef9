//! Search rules: what a search may ask for, parsed once at the edge, and the
//! geometry used to answer "how far away".

use crate::FieldError;

/// What a search result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Service,
    Event,
    Opportunity,
    Group,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Service, Kind::Event, Kind::Opportunity, Kind::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Event => "event",
            Kind::Opportunity => "opportunity",
            Kind::Group => "group",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Kind, FieldError> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::new(field, "search-kind-invalid"))
    }
}

/// An accessibility need. Events and locations describe their access in their
/// own words, so a need is answered by the phrases people use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    StepFree,
    HearingLoop,
    AccessibleToilet,
    SignLanguage,
}

impl Need {
    pub const ALL: [Need; 4] = [Need::StepFree, Need::HearingLoop, Need::AccessibleToilet, Need::SignLanguage];

    pub fn as_str(self) -> &'static str {
        match self {
            Need::StepFree => "step_free",
            Need::HearingLoop => "hearing_loop",
            Need::AccessibleToilet => "accessible_toilet",
            Need::SignLanguage => "sign_language",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Need, FieldError> {
        Need::ALL.into_iter().find(|n| n.as_str() == s.trim()).ok_or(FieldError::new(field, "search-access-invalid"))
    }

    /// Lower-case phrases that, found in an accessibility description, meet the need.
    pub fn phrases(self) -> &'static [&'static str] {
        match self {
            Need::StepFree => &["step-free", "step free", "wheelchair", "level access", "ramp", "lift"],
            Need::HearingLoop => &["hearing loop", "induction loop"],
            Need::AccessibleToilet => &["accessible toilet", "accessible loo", "disabled toilet"],
            Need::SignLanguage => &["bsl", "sign language"],
        }
    }
}

/// English names of the languages most spoken in UK communities, so a
/// language code also finds events that name their languages in words
/// ("English, Portuguese").
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("bn", "bengali"),
    ("cy", "welsh"),
    ("de", "german"),
    ("en", "english"),
    ("es", "spanish"),
    ("fa", "farsi"),
    ("fr", "french"),
    ("gu", "gujarati"),
    ("hi", "hindi"),
    ("it", "italian"),
    ("ku", "kurdish"),
    ("lt", "lithuanian"),
    ("pa", "punjabi"),
    ("pl", "polish"),
    ("ps", "pashto"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("so", "somali"),
    ("ta", "tamil"),
    ("ti", "tigrinya"),
    ("tr", "turkish"),
    ("uk", "ukrainian"),
    ("ur", "urdu"),
    ("yo", "yoruba"),
    ("zh", "chinese"),
];

/// The English name of an ISO 639-1 code, lower case, when we know it.
pub fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGE_NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// A UK postcode district (the outward code: `SE11`, `SW1A`, `M1`), upper case.
/// A whole postcode is accepted and cut to its district.
pub fn parse_postcode_district(field: &'static str, s: &str) -> Result<String, FieldError> {
    let err = || FieldError::new(field, "search-near-invalid");
    let upper = s.trim().to_ascii_uppercase();
    let outward = upper.split_whitespace().next().ok_or_else(err)?;
    let b = outward.as_bytes();
    // Area: one or two letters; district: a digit, then an optional digit or letter.
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &b[letters..];
    let ok = (1..=2).contains(&letters)
        && (1..=2).contains(&rest.len())
        && rest[0].is_ascii_digit()
        && rest.iter().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(outward.to_string())
    } else {
        Err(err())
    }
}

/// A point on the Earth, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    pub fn new(lat: f64, lon: f64) -> Option<Point> {
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(Point { lat, lon })
    }
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres (haversine).
pub fn distance_km(a: Point, b: Point) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// The latitude and longitude ranges that hold every point within `km` of
/// `centre` (a little more, never less), for an indexed prefilter.
pub fn bounding_box(centre: Point, km: f64) -> (f64, f64, f64, f64) {
    let dlat = (km / EARTH_RADIUS_KM).to_degrees();
    let cos = centre.lat.to_radians().cos().max(0.01);
    let dlon = (km / (EARTH_RADIUS_KM * cos)).to_degrees().min(180.0);
    (centre.lat - dlat, centre.lat + dlat, centre.lon - dlon, centre.lon + dlon)
}

/// The search grid: cells of 0.018° of latitude by 0.029° of longitude
/// (about 2 km by 2 km in Britain). Each searchable thing is filed under the
/// cell of its point (or its place's centre), and a search near a point asks
/// only for the cells its bounding box touches, so its cost follows how much
/// is nearby, not how much the whole node holds. The database triggers
/// compute the same cells with the same arithmetic (migration 0011).
pub const CELL_LAT_DEGREES: f64 = 0.018;
pub const CELL_LON_DEGREES: f64 = 0.029;
/// More than the number of columns round the globe (360 / 0.029 ≈ 12,414).
pub const CELL_COLUMNS: i64 = 12_416;
/// Past this many cells a search uses the general plan instead (a radius of
/// about 20 km); so many cells no longer narrow anything.
pub const MAX_CELLS: usize = 441;

/// The cell (row, column) a point is filed under.
pub fn cell(p: Point) -> (i64, i64) {
    (((p.lat + 90.0) / CELL_LAT_DEGREES).floor() as i64, ((p.lon + 180.0) / CELL_LON_DEGREES).floor() as i64)
}

/// The cells that hold every point within `km` of `centre`, as rows of
/// neighbouring cells: (row, first column, last column). `None` when that is
/// more than [`MAX_CELLS`] cells or the box crosses the antimeridian.
pub fn cells_near(centre: Point, km: f64) -> Option<Vec<(i64, i64, i64)>> {
    let (lat0, lat1, lon0, lon1) = bounding_box(centre, km);
    if lon0 < -180.0 || lon1 >= 180.0 {
        return None;
    }
    let (row0, col0) = cell(Point { lat: lat0.max(-90.0), lon: lon0 });
    let (row1, col1) = cell(Point { lat: lat1.min(89.999_999), lon: lon1 });
    let count = (row1 - row0 + 1) * (col1 - col0 + 1);
    if count < 1 || count as usize > MAX_CELLS {
        return None;
    }
    Some((row0..=row1).map(|row| (row, col0, col1)).collect())
}

/// Search weeks: an event is also filed under a token for every week its
/// span of occurrences touches, from its first start to its last end (`w`
/// and the number of whole weeks since 1970), or under [`LONG_SPAN`] alone
/// when that is more than [`MAX_SPAN_WEEKS`] weeks or has no end. A dated
/// search asks for the weeks of its range, or a long one, so the index leaves
/// out services and events far from the range before any row is read. The
/// database triggers compute the same tokens (migration 0035).
pub const WEEK_SECONDS: i64 = 7 * 86_400;
pub const MAX_SPAN_WEEKS: i64 = 64;
pub const LONG_SPAN: &str = "wlong";

/// The search week a unix time falls in.
pub fn week(t: i64) -> i64 {
    t.div_euclid(WEEK_SECONDS)
}

/// The week tokens any event with an occurrence in `[from, to)` is filed
/// under, at least one of them. `None` when the range spans so many weeks
/// that asking for them would narrow nothing.
pub fn weeks_between(from: i64, to: i64) -> Option<Vec<String>> {
    let (first, last) = (week(from), week(to.max(from + 1) - 1));
    if last - first >= MAX_SPAN_WEEKS {
        return None;
    }
    Some((first..=last).map(|w| format!("w{w}")).chain(std::iter::once(LONG_SPAN.to_string())).collect())
}

/// A distance as people say it: 0.35 km → 0.4, 12.34 km → 12.
pub fn round_km(km: f64) -> f64 {
    if km < 10.0 {
        (km * 10.0).round() / 10.0
    } else {
        km.round()
    }
}

/// English words too common to search by: the Snowball stop list, which
/// PostgreSQL's `english` configuration leaves out of every index and query.
/// Leaving them out here too makes both engines treat them alike (SQLite's
/// index keeps every word, so "the food bank" there wanted a "the").
pub const COMMON_WORDS: &str = "\
     i me my myself we our ours ourselves you your yours yourself yourselves he him his \
     himself she her hers herself it its itself they them their theirs themselves what which \
     who whom this that these those am is are was were be been being have has had having do \
     does did doing a an the and but if or because as until while of at by for with about \
     against between into through during before after above below to from up down in out on \
     off over under again further then once here there when where why how all any both each \
     few more most other some such no nor not only own same so than too very s t can will \
     just don should now";

/// The words of a search, without any query syntax (both engines are given
/// plain words so nobody's punctuation can make a search fail) and without
/// [`COMMON_WORDS`].
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !COMMON_WORDS.split_whitespace().any(|c| c == w))
        .take(16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_of_a_range() {
        // 1970-01-01 was a Thursday: weeks run Thursday to Wednesday.
        let day = 86_400;
        assert_eq!(weeks_between(0, day), Some(vec!["w0".into(), "wlong".into()]));
        assert_eq!(weeks_between(6 * day, 8 * day), Some(vec!["w0".into(), "w1".into(), "wlong".into()]));
        // The end is exclusive: a range ending as week 1 begins is week 0 alone.
        assert_eq!(weeks_between(day, 7 * day), Some(vec!["w0".into(), "wlong".into()]));
        assert_eq!(week(-1), -1);
        assert_eq!(weeks_between(0, MAX_SPAN_WEEKS * WEEK_SECONDS).map(|w| w.len()), Some(65));
        assert_eq!(weeks_between(0, MAX_SPAN_WEEKS * WEEK_SECONDS + 1), None);
    }

    #[test]
    fn common_words_are_left_out() {
        assert_eq!(words("The food bank, and THE larder!"), vec!["food", "bank", "larder"]);
        assert!(words("the and of").is_empty());
        // The list's lines join with a space: the last word of one and the first of the next stay apart.
        assert_eq!(COMMON_WORDS.split_whitespace().count(), 127);
        assert!(words("his himself which who").is_empty());
        assert_eq!(words("café-bar"), vec!["café", "bar"]);
    }

    #[test]
    fn districts() {
        assert_eq!(parse_postcode_district("near", " se11 "), Ok("SE11".into()));
        assert_eq!(parse_postcode_district("near", "SW2 1JF"), Ok("SW2".into()));
        assert_eq!(parse_postcode_district("near", "SW1A"), Ok("SW1A".into()));
        assert_eq!(parse_postcode_district("near", "M1"), Ok("M1".into()));
        for bad in ["", "11", "SEE11", "SE", "SE111", "S-1"] {
            assert!(parse_postcode_district("near", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn distances() {
        // Brixton to Peckham is about 3.5 km as the crow flies.
        let brixton = Point { lat: 51.4613, lon: -0.1156 };
        let peckham = Point { lat: 51.4740, lon: -0.0693 };
        let d = distance_km(brixton, peckham);
        assert!((3.4..3.6).contains(&d), "{d}");
        assert_eq!(distance_km(brixton, brixton), 0.0);
        assert_eq!(round_km(0.349), 0.3);
        assert_eq!(round_km(12.6), 13.0);
    }

    #[test]
    fn the_box_holds_the_circle() {
        let c = Point { lat: 51.5, lon: -0.1 };
        let (lat0, lat1, lon0, lon1) = bounding_box(c, 5.0);
        for bearing in 0..36 {
            let a = f64::from(bearing) * 10f64.to_radians();
            // A point just inside 5 km in every direction lies inside the box.
            let p = Point { lat: c.lat + 0.0449 * a.cos(), lon: c.lon + 0.0720 * a.sin() };
            if distance_km(c, p) <= 5.0 {
                assert!((lat0..=lat1).contains(&p.lat) && (lon0..=lon1).contains(&p.lon));
            }
        }
    }

    #[test]
    fn the_cells_hold_the_circle() {
        let c = Point { lat: 51.4613, lon: -0.1156 };
        let rows = cells_near(c, 2.0).unwrap();
        assert_eq!(rows.len(), 3, "2 km either way spans three rows of 2 km cells");
        for bearing in 0..72 {
            let a = f64::from(bearing) * 5f64.to_radians();
            for step in 1..=10 {
                let r = f64::from(step) / 10.0;
                let p = Point { lat: c.lat + 0.018 * r * a.cos(), lon: c.lon + 0.0289 * r * a.sin() };
                if distance_km(c, p) <= 2.0 {
                    let (row, col) = cell(p);
                    assert!(rows.iter().any(|&(r, c0, c1)| r == row && (c0..=c1).contains(&col)), "{p:?} missed");
                }
            }
        }
        assert!(cells_near(c, 100.0).is_none(), "too many cells: the general plan");
        assert!(cells_near(Point { lat: 10.0, lon: 179.99 }, 5.0).is_none(), "across the antimeridian");
    }

    #[test]
    fn words_drop_syntax() {
        assert_eq!(words("\"gardening\" NEAR (food*)"), vec!["gardening", "near", "food"]);
        assert!(words("!!!").is_empty());
        assert_eq!(language_name("pt"), Some("portuguese"));
    }
}
