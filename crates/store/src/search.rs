//! Search across services, events, opportunities and groups.
//!
//! The index (`search_documents`, plus FTS5 on SQLite or a tsvector on
//! PostgreSQL) is kept in step by triggers in migration 0006. A search runs
//! one indexed query that applies every filter SQL can answer (words, place
//! set, bounding box, kind, free, access, language, taxonomy term, a coarse
//! date window) and returns at most [`CANDIDATES`] rows by relevance; the
//! exact distance and recurrence checks, ordering and paging then happen here,
//! and only the page's hits get excerpts.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use plural_kernel::search::{self as rules, Kind, Need, Point};
use sqlx::Row;

use crate::{dialect, Db, StoreError};

/// The most rows one search considers. Enough for any page a person reads;
/// past it, results are the best-scoring ones and `capped` says so.
pub const CANDIDATES: i64 = 1000;

/// What to look for. Every part is optional; all given parts must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Plain words (see [`rules::words`]); empty: no word filter.
    pub words: Vec<String>,
    /// Only in these places (a place and the places within it); empty: anywhere.
    pub place_ids: Vec<String>,
    /// Distance is measured from here, and results are ordered by it.
    pub point: Option<Point>,
    /// With `point`: only within this many kilometres.
    pub within_km: Option<f64>,
    /// Only events with an occurrence in `[from, to)` (unix seconds).
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub term_id: Option<String>,
    pub free_only: bool,
    pub needs: Vec<Need>,
    /// An ISO 639-1 code.
    pub language: Option<String>,
    /// Empty: every kind.
    pub kinds: Vec<Kind>,
    /// "Now", unix seconds: past events and closed opportunities are left out.
    pub now: i64,
    pub limit: usize,
    pub offset: usize,
}

/// One piece of an excerpt: matched words are marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub matched: bool,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub place_id: String,
    /// Higher is more relevant; 0 without words.
    pub score: f64,
    /// From the query's point, exact (haversine); `None` when either end has no point.
    pub distance_km: Option<f64>,
    /// True when the distance is to the thing's place (it has no point of its own).
    pub distance_to_place: bool,
    /// Events: the next occurrence's start (in the date range, if one was given).
    pub next_start: Option<i64>,
    /// The title with matched words marked.
    pub title_fragments: Vec<Fragment>,
    /// An excerpt of the description, matched words marked.
    pub excerpt: Vec<Fragment>,
}

impl Hit {
    /// The distinct words that matched, as written in the text.
    pub fn matched_words(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self.title_fragments.iter().chain(&self.excerpt).filter(|f| f.matched) {
            let w = f.text.to_lowercase();
            if !out.contains(&w) {
                out.push(w);
            }
        }
        out
    }

    /// Which fields had matched words: `title`, `description`.
    pub fn matched_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.title_fragments.iter().any(|f| f.matched) {
            out.push("title");
        }
        if self.excerpt.iter().any(|f| f.matched) {
            out.push("description");
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub hits: Vec<Hit>,
    /// How many matched in all (of the candidates considered).
    pub total: usize,
    /// True when more than [`CANDIDATES`] matched the indexed filters.
    pub capped: bool,
}

enum Bind {
    Text(String),
    Real(f64),
    Int(i64),
}

struct Sql {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Sql {
    fn next(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }
    fn list(&mut self, items: impl IntoIterator<Item = String>) -> String {
        items.into_iter().map(|i| self.next(Bind::Text(i))).collect::<Vec<_>>().join(", ")
    }
}

fn centres(places: &[crate::places::Place]) -> HashMap<String, Point> {
    places.iter().filter_map(|p| Some((p.id.to_string(), p.footprint.as_ref()?.centre()?))).collect()
}

struct Candidate {
    hit: Hit,
    updated_at: i64,
}

/// Run a search over every place `places` (their centres place the things
/// that have no point of their own). See the module documentation for how.
pub async fn search(db: &Db, q: &Query, places: &[crate::places::Place]) -> Result<Page, StoreError> {
    let engine = db.engine();
    let text = dialect::text_search(engine);
    let mut sql = Sql { clauses: vec!["d.visible = 1".into()], binds: Vec::new() };
    // Near a point, the search asks only for the grid cells around it (see
    // migration 0011), and in a date range only for its weeks (migration
    // 0035): the index, not the rows, leaves out what is far away in space or time.
    let near = q.point.zip(q.within_km).and_then(|(point, km)| rules::cells_near(point, km));
    let weeks = q.from.zip(q.to).and_then(|(from, to)| rules::weeks_between(from, to));
    let (from, score) = if q.words.is_empty() {
        ("search_documents d".to_string(), "CAST(0 AS DOUBLE PRECISION)".to_string())
    } else {
        // `$1`: the words, as the engine's matcher takes them.
        match (&near, engine) {
            (Some(rows), crate::Engine::Sqlite) => {
                sql.next(Bind::Text(dialect::sqlite_near_query(&q.words, None, weeks.as_deref())));
                let title = sql.next(Bind::Text(dialect::sqlite_near_query(&q.words, Some("title"), weeks.as_deref())));
                (dialect::sqlite_near_matches(rows, &title), "n.score".to_string())
            }
            _ => {
                sql.next(Bind::Text(dialect::text_query(engine, &q.words)));
                // PostgreSQL asks for the words in the one tsquery below.
                if engine == crate::Engine::Sqlite {
                    sql.clauses.push(text.matches.into());
                }
                (text.from.to_string(), text.score.to_string())
            }
        }
    };
    match engine {
        crate::Engine::Sqlite => {
            if let (Some(rows), true) = (&near, q.words.is_empty()) {
                sql.clauses.push(dialect::sqlite_near_keys(rows));
            }
        }
        crate::Engine::Postgres => {
            // One tsquery, so GIN intersects the words, cells and weeks in a
            // single scan: as separate conditions the scan took twice as long
            // (7.3 → 3.7 ms for a common word near a point at 1M records).
            // Near a point in a date range, cell-and-week lexemes (0035).
            let mut parts = Vec::new();
            if !q.words.is_empty() {
                parts.push("plainto_tsquery('english', $1)".to_string());
            }
            let cell_weeks =
                near.as_deref().zip(weeks.as_deref()).and_then(|(r, w)| dialect::postgres_cell_weeks(r, w));
            let lexemes: Vec<String> = match cell_weeks {
                Some(cell_weeks) => vec![cell_weeks],
                None => near
                    .as_deref()
                    .map(dialect::postgres_cells)
                    .into_iter()
                    .chain(weeks.map(|w| w.join(" | ")))
                    .collect(),
            };
            for any in lexemes {
                parts.push(format!("to_tsquery('simple', {})", sql.next(Bind::Text(any))));
            }
            if !parts.is_empty() {
                sql.clauses.push(format!("d.words @@ ({})", parts.join(" && ")));
            }
        }
    }
    // Past events (unless a date range asks) and closed opportunities are not found.
    let yesterday = q.now - 86400;
    let p = sql.next(Bind::Int(yesterday));
    sql.clauses.push(format!("(d.closes_at IS NULL OR d.closes_at >= {p})"));
    if q.from.is_none() && q.to.is_none() {
        let p = sql.next(Bind::Int(yesterday));
        sql.clauses.push(format!("(d.kind <> 'event' OR d.last_starts_at IS NULL OR d.last_starts_at >= {p})"));
    }
    if !q.kinds.is_empty() {
        let list = sql.list(q.kinds.iter().map(|k| k.as_str().to_string()));
        sql.clauses.push(format!("d.kind IN ({list})"));
    }
    if !q.place_ids.is_empty() {
        let list = sql.list(q.place_ids.iter().cloned());
        sql.clauses.push(format!("d.place_id IN ({list})"));
    }
    let centres = centres(places);
    if let (Some(point), Some(km)) = (q.point, q.within_km) {
        let (lat0, lat1, lon0, lon1) = rules::bounding_box(point, km);
        let (a, b, c, d) = (
            sql.next(Bind::Real(lat0)),
            sql.next(Bind::Real(lat1)),
            sql.next(Bind::Real(lon0)),
            sql.next(Bind::Real(lon1)),
        );
        let in_box = format!("(d.lat BETWEEN {a} AND {b} AND d.lon BETWEEN {c} AND {d})");
        // Things with no point of their own are as far as their place's centre.
        let near_places: Vec<String> =
            centres.iter().filter(|(_, c)| rules::distance_km(point, **c) <= km).map(|(id, _)| id.clone()).collect();
        if near_places.is_empty() {
            sql.clauses.push(in_box);
        } else {
            let list = sql.list(near_places);
            sql.clauses.push(format!("({in_box} OR (d.lat IS NULL AND d.place_id IN ({list})))"));
        }
    }
    if q.from.is_some() || q.to.is_some() {
        sql.clauses.push("d.kind = 'event'".into());
        if let Some(to) = q.to {
            let p = sql.next(Bind::Int(to));
            sql.clauses.push(format!("d.starts_at < {p}"));
        }
        if let Some(from) = q.from {
            let p = sql.next(Bind::Int(from));
            sql.clauses
                .push(format!("(d.last_starts_at IS NULL OR d.last_starts_at + (e.ends_at - e.starts_at) > {p})"));
        }
    }
    if let Some(term) = &q.term_id {
        let p = sql.next(Bind::Text(term.clone()));
        sql.clauses.push(format!(
            "(d.kind = 'service' AND EXISTS (SELECT 1 FROM directory_service_terms st WHERE st.service_id = d.id AND st.term_id = {p}))"
        ));
    }
    if q.free_only {
        sql.clauses.push(
            "(d.is_free = 1 OR d.kind = 'opportunity' OR (d.kind = 'service' AND EXISTS \
             (SELECT 1 FROM directory_cost_options c WHERE c.service_id = d.id AND c.free = 1)))"
                .into(),
        );
    }
    for need in &q.needs {
        let mut own = Vec::new();
        let mut located = Vec::new();
        for phrase in need.phrases() {
            let p = sql.next(Bind::Text(format!("%{phrase}%")));
            own.push(format!("d.accessibility LIKE {p}"));
            let p = sql.next(Bind::Text(format!("%{phrase}%")));
            located.push(format!("LOWER(l.accessibility) LIKE {p}"));
        }
        sql.clauses.push(format!(
            "({} OR (d.kind = 'service' AND EXISTS (SELECT 1 FROM directory_service_at_location x \
             JOIN directory_locations l ON l.id = x.location_id WHERE x.service_id = d.id AND ({}))))",
            own.join(" OR "),
            located.join(" OR ")
        ));
    }
    if let Some(code) = &q.language {
        let p = sql.next(Bind::Text(code.clone()));
        let service =
            format!("EXISTS (SELECT 1 FROM directory_languages dl WHERE dl.service_id = d.id AND dl.code = {p})");
        let clause = match rules::language_name(code) {
            Some(name) => {
                let n = sql.next(Bind::Text(format!("%{name}%")));
                format!("((d.kind = 'service' AND {service}) OR (d.kind = 'event' AND d.languages LIKE {n}))")
            }
            None => format!("(d.kind = 'service' AND {service})"),
        };
        sql.clauses.push(clause);
    }
    // Before the cap: the best scores with words; otherwise the nearest (a flat-earth
    // approximation is exact enough to order), or the most recently changed.
    let order = if !q.words.is_empty() {
        "score DESC, d.id".to_string()
    } else if let Some(point) = q.point {
        let (a, b, c) = (
            sql.next(Bind::Real(point.lat)),
            sql.next(Bind::Real(point.lon)),
            sql.next(Bind::Real(point.lat.to_radians().cos())),
        );
        format!("COALESCE((d.lat - {a}) * (d.lat - {a}) + (d.lon - {b}) * (d.lon - {b}) * {c} * {c}, 100000.0), d.id")
    } else {
        "d.updated_at DESC, d.id".to_string()
    };
    let cap = sql.next(Bind::Int(CANDIDATES + 1));
    let query_sql = format!(
        "SELECT d.kind, d.id, d.title, d.place_id, d.lat, d.lon, d.starts_at, d.updated_at, e.ends_at, e.time_zone,
                e.rrule, {score} AS score
         FROM {from} LEFT JOIN events e ON d.kind = 'event' AND e.id = d.id
         WHERE {} ORDER BY {order} LIMIT {cap}",
        sql.clauses.join(" AND ")
    );
    let mut query = sqlx::query(&query_sql);
    for b in sql.binds {
        query = match b {
            Bind::Text(s) => query.bind(s),
            Bind::Real(f) => query.bind(f),
            Bind::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(db.reader()).await?;
    let capped = rows.len() as i64 > CANDIDATES;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows.iter().take(CANDIDATES as usize) {
        if let Some(c) = candidate(row, q, &centres)? {
            found.push(c);
        }
    }
    found.sort_by(|a, b| {
        let (a, ua, b, ub) = (&a.hit, a.updated_at, &b.hit, b.updated_at);
        // Relevance in steps of a tenth, so near-equal scores fall back to distance, then date.
        let step = |s: f64| (s * 10.0).round() as i64;
        step(b.score)
            .cmp(&step(a.score))
            .then(a.distance_km.unwrap_or(f64::MAX).total_cmp(&b.distance_km.unwrap_or(f64::MAX)))
            .then(a.next_start.unwrap_or(i64::MAX).cmp(&b.next_start.unwrap_or(i64::MAX)))
            .then(ub.cmp(&ua))
            .then(a.id.cmp(&b.id))
    });
    let total = found.len();
    let mut hits: Vec<Hit> = found.into_iter().skip(q.offset).take(q.limit).map(|c| c.hit).collect();
    excerpts(db, q, &mut hits).await?;
    Ok(Page { hits, total, capped })
}

/// A row made into a hit, or `None` when the exact distance or date check fails.
fn candidate(
    row: &sqlx::any::AnyRow,
    q: &Query,
    centres: &HashMap<String, Point>,
) -> Result<Option<Candidate>, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("search document {what}"));
    let kind: String = row.try_get("kind")?;
    let kind = Kind::parse("kind", &kind).map_err(|_| corrupt("kind"))?;
    let place_id: String = row.try_get("place_id")?;
    let own = match (row.try_get::<Option<f64>, _>("lat")?, row.try_get::<Option<f64>, _>("lon")?) {
        (Some(lat), Some(lon)) => Point::new(lat, lon),
        _ => None,
    };
    let at = own.or_else(|| centres.get(&place_id).copied());
    let distance_km = q.point.zip(at).map(|(a, b)| rules::distance_km(a, b));
    if let Some(km) = q.within_km {
        if q.point.is_some() && !distance_km.is_some_and(|d| d <= km) {
            return Ok(None);
        }
    }
    let mut next_start = None;
    if kind == Kind::Event {
        let starts_at: Option<i64> = row.try_get("starts_at")?;
        let ends_at: Option<i64> = row.try_get("ends_at")?;
        let zone: Option<String> = row.try_get("time_zone")?;
        let rrule: Option<String> = row.try_get("rrule")?;
        let (Some(starts_at), Some(ends_at), Some(zone)) = (starts_at, ends_at, zone) else {
            return Err(corrupt("event"));
        };
        let zone: Tz = zone.parse().map_err(|_| corrupt("time zone"))?;
        let length = ends_at - starts_at;
        // Occurrences that are still on (or overlap the range), checked exactly.
        let from = q.from.unwrap_or(q.now);
        let to = q.to.unwrap_or(from + plural_kernel::events::MAX_HORIZON_DAYS * 86400);
        next_start = plural_kernel::events::expand(starts_at, zone, rrule.as_deref(), from - length, to, 4)
            .into_iter()
            .find(|t| t + length > from && *t < to);
        if next_start.is_none() && (q.from.is_some() || q.to.is_some()) {
            return Ok(None);
        }
    }
    let title: String = row.try_get("title")?;
    Ok(Some(Candidate {
        updated_at: row.try_get("updated_at")?,
        hit: Hit {
            kind,
            id: row.try_get("id")?,
            title_fragments: vec![Fragment { text: title.clone(), matched: false }],
            title,
            place_id,
            score: row.try_get("score")?,
            distance_km,
            distance_to_place: own.is_none() && distance_km.is_some(),
            next_start,
            excerpt: Vec::new(),
        },
    }))
}

/// How many words an excerpt of a description shows at most.
const EXCERPT_WORDS: usize = 24;

/// The stems of the searched words, as the index files them: the
/// Snowball English stemmer, which is PostgreSQL's `english` configuration
/// (SQLite's porter tokenizer stems nearly all words the same way).
fn stems(words: &[String]) -> HashSet<String> {
    let english = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    words.iter().map(|w| english.stem(&w.to_lowercase()).into_owned()).collect()
}

/// The words of a text (byte ranges), each with whether its stem is searched for.
fn marked_words(text: &str, stems: &HashSet<String>) -> Vec<(std::ops::Range<usize>, bool)> {
    let english = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = text[s..i].to_lowercase();
                out.push((s..i, stems.contains(english.stem(&word).as_ref())));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `text[from..to]` as fragments, the searched words marked.
fn mark(text: &str, words: &[(std::ops::Range<usize>, bool)], from: usize, to: usize) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut push = |piece: &str, matched: bool| match out.last_mut() {
        _ if piece.is_empty() => {}
        Some(last) if !matched && !last.matched => last.text.push_str(piece),
        _ => out.push(Fragment { text: piece.to_string(), matched }),
    };
    let mut at = from;
    for (range, _) in words.iter().filter(|(r, m)| *m && r.start >= from && r.end <= to) {
        push(&text[at..range.start], false);
        push(&text[range.clone()], true);
        at = range.end;
    }
    push(&text[at..to], false);
    out
}

/// A title with every searched word marked.
fn marked_title(title: &str, stems: &HashSet<String>) -> Vec<Fragment> {
    mark(title, &marked_words(title, stems), 0, title.len())
}

/// The stretch of a description of at most [`EXCERPT_WORDS`] words that holds
/// the most searched words (the first such), marked, with "…" where cut.
fn excerpt(body: &str, stems: &HashSet<String>) -> Vec<Fragment> {
    let words = marked_words(body, stems);
    if words.len() <= EXCERPT_WORDS {
        return mark(body, &words, 0, body.len());
    }
    let hits = |first: usize| words[first..first + EXCERPT_WORDS].iter().filter(|(_, m)| *m).count();
    let mut first = 0;
    for start in 1..=words.len() - EXCERPT_WORDS {
        if hits(start) > hits(first) {
            first = start;
        }
    }
    // Lead in with a few words before the first match rather than end on it.
    if let Some(m) = (first..first + EXCERPT_WORDS).find(|&i| words[i].1) {
        let lead_in = m.saturating_sub(3).clamp(first, words.len() - EXCERPT_WORDS);
        if hits(lead_in) >= hits(first) {
            first = lead_in;
        }
    }
    let last = first + EXCERPT_WORDS - 1;
    let from = if first == 0 { 0 } else { words[first].0.start };
    let to = if last + 1 == words.len() { body.len() } else { words[last].0.end };
    let mut out = mark(body, &words, from, to);
    if first > 0 {
        out.insert(0, Fragment { text: "…".into(), matched: false });
    }
    if to < body.len() {
        out.push(Fragment { text: "…".into(), matched: false });
    }
    out
}

/// The first words of a description, for a hit found without words.
fn opening(body: &str, words: usize) -> String {
    let mut out: Vec<&str> = body.split_whitespace().take(words + 1).collect();
    let more = out.len() > words;
    out.truncate(words);
    let mut s = out.join(" ");
    if more {
        s.push('…');
    }
    s
}

/// Titles and excerpts for the page's hits, made here from their text:
/// reading it costs less than the engines' own highlighters (`ts_headline`
/// took 1.4 ms a page at 1M records), and both engines mark words alike.
async fn excerpts(db: &Db, q: &Query, hits: &mut [Hit]) -> Result<(), StoreError> {
    if hits.is_empty() {
        return Ok(());
    }
    let stems = match db.engine() {
        _ if q.words.is_empty() => HashSet::new(),
        // The server's own lexemes: what it searched for, its stop words left out.
        crate::Engine::Postgres => {
            let lexemes: String =
                sqlx::query_scalar("SELECT array_to_string(tsvector_to_array(to_tsvector('english', $1)), ' ')")
                    .bind(q.words.join(" "))
                    .fetch_one(db.reader())
                    .await?;
            lexemes.split(' ').map(str::to_string).collect()
        }
        crate::Engine::Sqlite => stems(&q.words),
    };
    let ids = crate::placeholders(1, hits.len());
    let sql = format!("SELECT d.id, d.title, d.body FROM search_documents d WHERE d.id IN ({ids})");
    let mut query = sqlx::query(&sql);
    for h in hits.iter() {
        query = query.bind(h.id.clone());
    }
    for row in query.fetch_all(db.reader()).await? {
        let id: String = row.try_get("id")?;
        let (title, body): (String, String) = (row.try_get("title")?, row.try_get("body")?);
        for h in hits.iter_mut().filter(|h| h.id == id) {
            if q.words.is_empty() {
                h.excerpt = vec![Fragment { text: opening(&body, 30), matched: false }];
            } else {
                h.title_fragments = marked_title(&title, &stems);
                h.excerpt = excerpt(&body, &stems);
            }
        }
    }
    Ok(())
}

/// The centre of a UK postcode district (`SE11`), worked out from the points
/// of this node's own located services and events in it; `None` when the node
/// has none there. (No openly licensed set of district centroids ships in a
/// package we could find, so we do not invent one.)
pub async fn district_centre(db: &Db, district: &str) -> Result<Option<Point>, StoreError> {
    let row = sqlx::query(
        "SELECT AVG(lat) AS lat, AVG(lon) AS lon FROM (
             SELECT latitude AS lat, longitude AS lon FROM directory_locations
             WHERE latitude IS NOT NULL AND (UPPER(postcode) = $1 OR UPPER(postcode) LIKE $2)
             UNION ALL
             SELECT lat, lon FROM events
             WHERE lat IS NOT NULL AND status <> 'draft' AND (UPPER(postcode) = $3 OR UPPER(postcode) LIKE $4)
         ) p",
    )
    .bind(district.to_string())
    .bind(format!("{district} %"))
    .bind(district.to_string())
    .bind(format!("{district} %"))
    .fetch_one(db.reader())
    .await?;
    let lat: Option<f64> = row.try_get("lat")?;
    let lon: Option<f64> = row.try_get("lon")?;
    Ok(lat.zip(lon).and_then(|(lat, lon)| Point::new(lat, lon)))
}

/// The ids of the most recently added visible things of a kind in these places, newest first.
pub async fn newest(db: &Db, kind: Kind, place_ids: &[String], limit: i64) -> Result<Vec<String>, StoreError> {
    let list = (0..place_ids.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT id FROM search_documents WHERE kind = $1 AND visible = 1 AND place_id IN ({list})
         ORDER BY created_at DESC, id LIMIT ${}",
        place_ids.len() + 2
    );
    if place_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = sqlx::query_scalar::<_, String>(&sql).bind(kind.as_str());
    for p in place_ids {
        query = query.bind(p.clone());
    }
    Ok(query.bind(limit).fetch_all(db.reader()).await?)
}

/// Rebuild the whole index from the source tables, in one transaction: after
/// bulk loads, or to repair. Touching each source row runs the same trigger
/// that keeps the index in step day to day, so there is one definition of
/// what is indexed.
pub async fn rebuild(db: &Db) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    for statement in [
        "DELETE FROM search_documents",
        "UPDATE groups SET name = name",
        "UPDATE directory_services SET name = name",
        "UPDATE events SET title = title",
        "UPDATE opportunities SET title = title",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(fragments: &[Fragment]) -> String {
        fragments.iter().map(|f| if f.matched { format!("[{}]", f.text) } else { f.text.clone() }).collect()
    }

    #[test]
    fn titles_mark_every_word_with_a_searched_stem() {
        let stems = stems(&["Gardening".into(), "party".into()]);
        assert_eq!(
            shown(&marked_title("Garden party — gardens for all", &stems)),
            "[Garden] [party] — [gardens] for all"
        );
        assert_eq!(shown(&marked_title("Café", &stems)), "Café");
        assert!(marked_title("", &stems).is_empty());
    }

    #[test]
    fn excerpts_show_the_stretch_with_most_matches() {
        let stems = stems(&["food".into()]);
        let short = "Fresh food, no referral needed.";
        assert_eq!(shown(&excerpt(short, &stems)), "Fresh [food], no referral needed.");
        let long = format!("{} food and more food here. {}", "word ".repeat(40), "tail ".repeat(40));
        let text = shown(&excerpt(&long, &stems));
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("[food] and more [food] here."), "{text}");
        assert_eq!(text.split_whitespace().filter(|w| *w != "…").count(), EXCERPT_WORDS, "{text}");
        // No match: the opening words.
        let none = shown(&excerpt(&long, &HashSet::new()));
        assert!(none.starts_with("word word") && none.ends_with('…'), "{none}");
    }
}
