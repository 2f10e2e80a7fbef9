//! Insight releases: the true figures counted in one `GROUP BY` pass over a
//! dataset's responses (never a response itself), each dataset's privacy
//! budget, and the published (gated, noised) tables.
//!
//! Invariant: the only statements here that read response tables select
//! counts grouped by answer (and by area and period for surveys); no
//! statement returns a response, a key or a person (a test reads this file).

use plural_kernel::insight::{Budget, Cell, Group, Source, Statistic};
use plural_kernel::local_reports::Category;
use plural_kernel::{PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};
use crate::dialect;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("insight release {what}"))
}

/// A text answer's `value` in `response_tallies`: options and scale points
/// are never negative.
pub const TEXT_ANSWER: i64 = -1;

/// What one response adds to the running counts: `(question, value)` for
/// each answer it gives (a number is an option or a point; a text counts as
/// answered, `TEXT_ANSWER`; a skipped question adds nothing).
pub fn answered(answers: &str) -> Result<Vec<(i64, i64)>, StoreError> {
    let parsed: Vec<serde_json::Value> = serde_json::from_str(answers).map_err(|_| corrupt("answers"))?;
    let mut out = Vec::new();
    for (question, answer) in (0_i64..).zip(&parsed) {
        match answer {
            serde_json::Value::Number(n) => out.push((question, n.as_i64().ok_or_else(|| corrupt("answer"))?)),
            serde_json::Value::String(_) => out.push((question, TEXT_ANSWER)),
            _ => {}
        }
    }
    Ok(out)
}

/// Add one response's answers to the running counts: called in the
/// transaction that stores the response, so the counts never drift from
/// the responses. `area` and `period` are '' for a consultation.
pub(crate) async fn tally(
    conn: &mut sqlx::AnyConnection,
    source: Source,
    dataset: &str,
    area: &str,
    period: &str,
    answers: &str,
) -> Result<(), StoreError> {
    for (question, value) in answered(answers)? {
        sqlx::query(
            "INSERT INTO response_tallies (source, dataset_id, question, area, period, value, n)
             VALUES ($1, $2, $3, $4, $5, $6, 1)
             ON CONFLICT (source, dataset_id, question, area, period, value) DO UPDATE SET n = response_tallies.n + 1",
        )
        .bind(source.as_str())
        .bind(dataset)
        .bind(question)
        .bind(area)
        .bind(period)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Count the responses to question `question` of a dataset, grouped by
/// answer (and area and period when asked), from the running counts: a few
/// hundred rows however many responses there are.
pub async fn aggregate(
    db: &Db,
    source: Source,
    dataset: &str,
    question: usize,
    by_area: bool,
    by_period: bool,
) -> Result<Vec<Group>, StoreError> {
    if source == Source::LocalReports {
        return Err(corrupt("local reports are counted by `aggregate_local_reports`, per reporter"));
    }
    let mut columns = Vec::new();
    if by_area {
        columns.push("area");
    }
    if by_period {
        columns.push("period");
    }
    columns.push("value");
    let positions: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT {}, CAST(SUM(n) AS BIGINT) AS n FROM response_tallies
         WHERE source = $1 AND dataset_id = $2 AND question = $3 GROUP BY {}",
        columns.join(", "),
        positions.join(", ")
    );
    let question = i64::try_from(question).map_err(|_| corrupt("question"))?;
    let rows = sqlx::query(&sql).bind(source.as_str()).bind(dataset).bind(question).fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| {
            let text = |on: bool, name: &str| -> Result<String, StoreError> {
                Ok(if on { r.try_get(name)? } else { String::new() })
            };
            let value: i64 = r.try_get("value")?;
            Ok(Group {
                area: text(by_area, "area")?,
                period: text(by_period, "period")?,
                value: (value != TEXT_ANSWER).then_some(value),
                n: r.try_get("n")?,
            })
        })
        .collect()
}

/// The local reports of a place (`places`: it and the places within it)
/// made in `[from, until)`, counted by category (the value: its position in
/// `Category::ALL`), and by area (the name of the place the report is
/// about: its chosen area, else the place it was made in) and month when
/// asked. Each reporter counts once: only their first report in the window,
/// so removing one person's reports moves one count by exactly 1 — the
/// sensitivity the gate's noise is calibrated for. Like `aggregate`, one
/// pass in the database; only counts come back.
pub async fn aggregate_local_reports(
    db: &Db,
    places: &[PlaceId],
    (from, until): (i64, i64),
    by_area: bool,
    by_period: bool,
) -> Result<Vec<Group>, StoreError> {
    let category = Category::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| format!("WHEN '{}' THEN {i}", c.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let month = dialect::month_of(db.engine(), "r.created_at");
    let mut outer = Vec::new();
    if by_area {
        outer.push("area");
    }
    if by_period {
        outer.push("period");
    }
    outer.push("category");
    let positions: Vec<String> = (1..=outer.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT {columns}, COUNT(*) AS n FROM (
             SELECT CASE r.category {category} END AS category, COALESCE(a.name, p.name) AS area, {month} AS period,
                    ROW_NUMBER() OVER (PARTITION BY r.reporter_id ORDER BY r.created_at, r.id) AS nth
             FROM local_reports r JOIN places p ON p.id = r.place_id LEFT JOIN places a ON a.id = r.area_id
             WHERE r.created_at >= $1 AND r.created_at < $2 AND r.place_id IN ({marks})
         ) firsts WHERE nth = 1 GROUP BY {positions}",
        columns = outer.join(", "),
        positions = positions.join(", "),
        marks = (0..places.len()).map(|i| format!("${}", i + 3)).collect::<Vec<_>>().join(", "),
    );
    if places.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = sqlx::query(&sql).persistent(false).bind(from).bind(until);
    for p in places {
        q = q.bind(p.to_string());
    }
    let rows = q.fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| {
            let text = |name: &str, on: bool| -> Result<String, StoreError> {
                if on {
                    Ok(r.try_get(name)?)
                } else {
                    Ok(String::new())
                }
            };
            Ok(Group {
                area: text("area", by_area)?,
                period: text("period", by_period)?,
                value: r.try_get("category")?,
                n: r.try_get("n")?,
            })
        })
        .collect()
}

/// A dataset's budget: what it was given and what its releases spent
/// (`default_total` if nothing has been released from it yet).
pub async fn budget(db: &Db, source: Source, dataset: &str, default_total: i64) -> Result<Budget, StoreError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT total_micro, spent_micro FROM insight_budgets WHERE source = $1 AND dataset_id = $2")
            .bind(source.as_str())
            .bind(dataset)
            .fetch_optional(db.reader())
            .await?;
    Ok(match row {
        Some((total_micro, spent_micro)) => Budget { total_micro, spent_micro },
        None => Budget { total_micro: default_total, spent_micro: 0 },
    })
}

/// A release that passed the gate, to be published.
pub struct NewRelease<'a> {
    pub source: Source,
    pub dataset_id: &'a str,
    pub dataset_title: &'a str,
    pub place: PlaceId,
    pub title: &'a str,
    pub question: usize,
    pub prompt: &'a str,
    pub answers: &'a [String],
    pub statistic: Statistic,
    pub by_area: bool,
    pub by_period: bool,
    pub epsilon_micro: i64,
    pub min_group: i64,
    pub mechanism: &'a str,
    pub cells: &'a [Cell],
    pub suppressed: usize,
    pub by: PersonId,
    /// `steward` or `public_body`, for the stewardship log.
    pub role: &'a str,
}

pub enum Published {
    Released(String),
    /// Another release spent the budget first; nothing was written.
    OverBudget(Budget),
}

/// Spend the ε and publish, in one transaction: the budget row is created
/// at the node's total if new, then charged only if the charge still fits
/// (so two releases racing cannot both spend the last of it), the release
/// is stored and the stewardship log says who published it.
pub async fn publish(db: &Db, r: &NewRelease<'_>, default_total: i64) -> Result<Published, StoreError> {
    let now = crate::now();
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO insight_budgets (source, dataset_id, total_micro, spent_micro) VALUES ($1, $2, $3, 0)
         ON CONFLICT (source, dataset_id) DO NOTHING",
    )
    .bind(r.source.as_str())
    .bind(r.dataset_id)
    .bind(default_total)
    .execute(&mut *tx)
    .await?;
    let charged = sqlx::query(
        "UPDATE insight_budgets SET spent_micro = spent_micro + $3
         WHERE source = $1 AND dataset_id = $2 AND spent_micro + $3 <= total_micro",
    )
    .bind(r.source.as_str())
    .bind(r.dataset_id)
    .bind(r.epsilon_micro)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if charged != 1 {
        drop(tx);
        return Ok(Published::OverBudget(budget(db, r.source, r.dataset_id, default_total).await?));
    }
    let cells = serde_json::to_string(r.cells).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let answers = serde_json::to_string(r.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO insight_releases (id, source, dataset_id, place_id, dataset_title, title, question, prompt, answers,
            statistic, by_area, by_period, epsilon_micro, min_group, mechanism, cells, suppressed, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(&id)
    .bind(r.source.as_str())
    .bind(r.dataset_id)
    .bind(r.place.to_string())
    .bind(r.dataset_title)
    .bind(r.title)
    .bind(r.question as i64)
    .bind(r.prompt)
    .bind(answers)
    .bind(r.statistic.as_str())
    .bind(i64::from(r.by_area))
    .bind(i64::from(r.by_period))
    .bind(r.epsilon_micro)
    .bind(r.min_group)
    .bind(r.mechanism)
    .bind(cells)
    .bind(r.suppressed as i64)
    .bind(r.by.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let subject = format!("insight release {id}");
    let entry = crate::voice::LogEntry {
        place: r.place,
        actor: r.by,
        role: r.role,
        action: "insight_published",
        subject: &subject,
        reason: "",
    };
    crate::voice::log(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(Published::Released(id))
}

/// A published release, with its dataset's budget as it stands now.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub id: String,
    pub source: Source,
    pub dataset_id: String,
    pub dataset_title: String,
    pub place_slug: String,
    pub place_name: String,
    pub title: String,
    pub question: i64,
    pub prompt: String,
    pub answers: Vec<String>,
    pub statistic: Statistic,
    pub by_area: bool,
    pub by_period: bool,
    pub epsilon_micro: i64,
    pub min_group: i64,
    pub mechanism: String,
    pub cells: Vec<Cell>,
    pub suppressed: i64,
    pub created_at: i64,
    pub budget: Budget,
}

const QUERY: &str =
    "SELECT r.id, r.source, r.dataset_id, r.dataset_title, pl.slug AS place_slug, pl.name AS place_name,
    r.title, r.question, r.prompt, r.answers, r.statistic, r.by_area, r.by_period, r.epsilon_micro, r.min_group,
    r.mechanism, r.cells, r.suppressed, r.created_at, b.total_micro, b.spent_micro
    FROM insight_releases r JOIN places pl ON pl.id = r.place_id
    JOIN insight_budgets b ON b.source = r.source AND b.dataset_id = r.dataset_id";

fn from_row(r: &AnyRow) -> Result<Release, StoreError> {
    Ok(Release {
        id: r.try_get("id")?,
        source: Source::parse(&r.try_get::<String, _>("source")?).ok_or_else(|| corrupt("source"))?,
        dataset_id: r.try_get("dataset_id")?,
        dataset_title: r.try_get("dataset_title")?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        title: r.try_get("title")?,
        question: r.try_get("question")?,
        prompt: r.try_get("prompt")?,
        answers: serde_json::from_str(&r.try_get::<String, _>("answers")?).map_err(|_| corrupt("answers"))?,
        statistic: Statistic::parse(&r.try_get::<String, _>("statistic")?).ok_or_else(|| corrupt("statistic"))?,
        by_area: r.try_get::<i64, _>("by_area")? != 0,
        by_period: r.try_get::<i64, _>("by_period")? != 0,
        epsilon_micro: r.try_get("epsilon_micro")?,
        min_group: r.try_get("min_group")?,
        mechanism: r.try_get("mechanism")?,
        cells: serde_json::from_str(&r.try_get::<String, _>("cells")?).map_err(|_| corrupt("cells"))?,
        suppressed: r.try_get("suppressed")?,
        created_at: r.try_get("created_at")?,
        budget: Budget { total_micro: r.try_get("total_micro")?, spent_micro: r.try_get("spent_micro")? },
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Release>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE r.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(from_row).transpose()
}

/// Releases, newest first; of one dataset when given.
pub async fn list(db: &Db, dataset: Option<(Source, &str)>, limit: i64) -> Result<Vec<Release>, StoreError> {
    let rows = match dataset {
        Some((source, id)) => {
            sqlx::query(&format!(
                "{QUERY} WHERE r.source = $1 AND r.dataset_id = $2 ORDER BY r.created_at DESC, r.id DESC LIMIT $3"
            ))
            .bind(source.as_str())
            .bind(id)
            .bind(limit)
            .fetch_all(db.reader())
            .await?
        }
        None => {
            sqlx::query(&format!("{QUERY} ORDER BY r.created_at DESC, r.id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(db.reader())
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}

#[cfg(test)]
mod tests {
    /// Local reports are counted once per reporter, and only counts leave
    /// the statement: the reporter is used to keep each person's first
    /// report, never selected.
    #[test]
    fn each_reporter_counts_once() {
        let source = include_str!("insight.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        let select = strings.iter().find(|s| s.contains("FROM local_reports")).copied().unwrap_or_default();
        assert!(select.starts_with("SELECT {columns}, COUNT(*) AS n FROM ("), "{select}");
        assert!(select.contains("PARTITION BY r.reporter_id") && select.contains("WHERE nth = 1"), "{select}");
        assert!(!select.contains("r.reporter_id AS") && !select.contains("r.id AS"), "{select}");
    }

    /// Responses are never read here: releases read the running counts,
    /// which hold no key, no person and no time.
    #[test]
    fn responses_are_only_ever_counted() {
        let source = include_str!("insight.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        assert!(!strings.iter().any(|s| s.contains("_responses")), "a statement reads responses");
        let select = strings.iter().find(|s| s.contains("FROM response_tallies")).copied().unwrap_or_default();
        assert!(select.contains("SUM(n)") && select.contains("GROUP BY"), "{select}");
        for s in strings.iter().filter(|s| s.contains("response_tallies")) {
            for word in ["response_key", "person", "people", "respondents", "_at", "JOIN"] {
                assert!(!s.contains(word), "a statement on tallies mentions {word}: {s}");
            }
        }
    }
}
