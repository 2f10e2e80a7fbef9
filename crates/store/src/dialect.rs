//! The escape hatch: the only SQL that differs between SQLite and PostgreSQL.

use plural_kernel::search as rules;

use crate::db::Engine;

/// Claim the next due job. PostgreSQL skips rows other processes hold, so
/// several workers never take the same job; SQLite has one writer, so a plain
/// sub-select is already exclusive.
pub fn claim_job(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, locked_by = $2, updated_at = $3
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
                         ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, kind, payload, attempts, max_attempts"
        }
        Engine::Sqlite => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, locked_by = $2, updated_at = $3
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
                         ORDER BY run_at LIMIT 1)
             RETURNING id, kind, payload, attempts, max_attempts"
        }
    }
}

/// Check foreign keys at commit rather than at each statement, for the rest
/// of the current transaction.
pub fn defer_foreign_keys(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => "SET CONSTRAINTS ALL DEFERRED",
        Engine::Sqlite => "PRAGMA defer_foreign_keys = ON",
    }
}

/// Full-text search, the part that differs: where the words are matched and
/// how a match is scored (higher is better). `$1` is the words.
pub struct TextSearch {
    pub from: &'static str,
    pub matches: &'static str,
    pub score: &'static str,
}

pub fn text_search(engine: Engine) -> TextSearch {
    match engine {
        Engine::Postgres => TextSearch {
            from: "search_documents d",
            matches: "d.words @@ plainto_tsquery('english', $1)",
            score: "CAST(ts_rank(d.words, plainto_tsquery('english', $1)) AS DOUBLE PRECISION)",
        },
        // bm25 is lower-is-better; the title counts four times the body.
        Engine::Sqlite => TextSearch {
            from: "search_fts JOIN search_documents d ON d.rowid = search_fts.rowid",
            matches: "search_fts MATCH $1",
            score: "-bm25(search_fts, 4.0, 1.0)",
        },
    }
}

/// The words as each engine's matcher takes them: every word quoted for FTS5
/// (so no word is read as an operator), plain for `plainto_tsquery`.
pub fn text_query(engine: Engine, words: &[String]) -> String {
    match engine {
        Engine::Postgres => words.join(" "),
        Engine::Sqlite => words.iter().map(|w| format!("\"{}\"", w.replace('"', ""))).collect::<Vec<_>>().join(" "),
    }
}

/// SQLite: the words for `search_near`, in one column (`title`: SQLite's
/// near search ranks title matches first, as bm25 would read every match in
/// the node) or any, and with any of the given search weeks (migration 0035).
pub fn sqlite_near_query(words: &[String], column: Option<&str>, weeks: Option<&[String]>) -> String {
    let mut query = text_query(Engine::Sqlite, words);
    if let Some(column) = column {
        query = format!("{column} : ({query})");
    }
    if let Some(weeks) = weeks {
        query = format!("({query}) AND weeks : ({})", weeks.join(" OR "));
    }
    query
}

/// A search grid row's first and last near key (migration 0011).
fn near_key_range(&(row, first, last): &(i64, i64, i64)) -> (i64, i64) {
    let cell = |column: i64| row * rules::CELL_COLUMNS + column;
    (cell(first) << 32, ((cell(last) + 1) << 32) - 1)
}

/// SQLite: the documents matching the words' query (`$1`) in the given rows
/// of the search grid, one rowid range of `search_near` per row, as `n` with
/// the near key `k` and a score (1 when the `title` query matches too), joined to `d`.
pub fn sqlite_near_matches(rows: &[(i64, i64, i64)], title: &str) -> String {
    let mut parts = Vec::new();
    for (query, score) in [("$1", "0.0"), (title, "1.0")] {
        for range in rows {
            let (lo, hi) = near_key_range(range);
            parts.push(format!(
                "SELECT rowid AS k, {score} AS s FROM search_near WHERE search_near MATCH {query} AND rowid BETWEEN {lo} AND {hi}"
            ));
        }
    }
    format!(
        "(SELECT k, MAX(s) AS score FROM ({}) GROUP BY k) n CROSS JOIN search_documents d ON d.rowid = (n.k & 4294967295)",
        parts.join(" UNION ALL ")
    )
}

/// SQLite without words: the documents filed in the given rows of the grid.
pub fn sqlite_near_keys(rows: &[(i64, i64, i64)]) -> String {
    let ranges: Vec<String> = rows
        .iter()
        .map(|r| {
            let (lo, hi) = near_key_range(r);
            format!("d.near_key BETWEEN {lo} AND {hi}")
        })
        .collect();
    format!("({})", ranges.join(" OR "))
}

/// PostgreSQL: a grid cell's lexeme (migration 0011), for each cell of the rows.
fn cell_lexemes(rows: &[(i64, i64, i64)]) -> Vec<String> {
    rows.iter().flat_map(|&(row, first, last)| (first..=last).map(move |column| format!("g{row}x{column}"))).collect()
}

/// PostgreSQL: the grid cells as a tsquery of their lexemes, any of them.
pub fn postgres_cells(rows: &[(i64, i64, i64)]) -> String {
    cell_lexemes(rows).join(" | ")
}

/// PostgreSQL: the grid cells in the given search weeks, as a tsquery of
/// their cell-and-week lexemes (migration 0035), any of them. `None` past
/// [`MAX_CELL_WEEKS`] lexemes: the cells and the weeks are then asked apart.
pub fn postgres_cell_weeks(rows: &[(i64, i64, i64)], weeks: &[String]) -> Option<String> {
    let cells = cell_lexemes(rows);
    if cells.len() * weeks.len() > MAX_CELL_WEEKS {
        return None;
    }
    Some(cells.iter().flat_map(|c| weeks.iter().map(move |w| format!("{c}{w}"))).collect::<Vec<_>>().join(" | "))
}

/// Enough for a few kilometres over a few weeks; a longer tsquery costs more
/// to match than it saves.
pub const MAX_CELL_WEEKS: usize = 200;

/// The calendar month (`YYYY-MM`, UTC) of a unix time column.
pub fn month_of(engine: Engine, column: &str) -> String {
    match engine {
        Engine::Postgres => format!("to_char(to_timestamp({column}) AT TIME ZONE 'UTC', 'YYYY-MM')"),
        Engine::Sqlite => format!("strftime('%Y-%m', {column}, 'unixepoch')"),
    }
}
