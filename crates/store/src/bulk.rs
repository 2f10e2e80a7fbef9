//! Many rows in one INSERT. Writing a service touches eight tables; an
//! import of a hundred thousand services one row per statement spends most of
//! its time on statement overhead (a round trip each on PostgreSQL, a hop to
//! the driver's thread each on SQLite). Rows gathered here go in with one
//! statement per table and chunk instead.

use sqlx::AnyConnection;

use crate::db::StoreError;

/// A value to bind, typed so PostgreSQL knows a NULL's column type.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Real(Option<f64>),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Text(s.clone())
    }
}

impl From<Option<&str>> for Value {
    fn from(s: Option<&str>) -> Self {
        Value::OptText(s.map(str::to_string))
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<Option<i64>> for Value {
    fn from(i: Option<i64>) -> Self {
        Value::OptInt(i)
    }
}

impl From<Option<f64>> for Value {
    fn from(f: Option<f64>) -> Self {
        Value::Real(f)
    }
}

/// Rows for one table, written by [`Rows::insert`].
pub struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    on_conflict: &'static str,
    rows: Vec<Vec<Value>>,
}

impl Rows {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Rows { table, columns, on_conflict: "", rows: Vec::new() }
    }

    /// Rows whose key may be taken already: `clause` follows `ON CONFLICT`
    /// in each statement, e.g. `(k) DO UPDATE SET v = excluded.v`. Both
    /// engines find the conflict through the key's own index.
    pub fn on_conflict(mut self, clause: &'static str) -> Self {
        self.on_conflict = clause;
        self
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row for {} has the wrong width", self.table);
        self.rows.push(row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Write every row gathered so far and start empty again.
    pub async fn insert(&mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        // Both engines take at least 32,766 bound values in one statement.
        let per_statement = (30_000 / self.columns.len()).clamp(1, 1000);
        // SQLite looks a numbered parameter (`$7`) up by its name, in a list,
        // both when it reads the statement and when sqlx binds each value:
        // with thousands of values a statement that is quadratic, and it was
        // four fifths of the scale generator's time. Plain `?` parameters
        // are bound by position, with no names to look up.
        let sqlite = conn.backend_name() == "SQLite";
        let rows = std::mem::take(&mut self.rows);
        for chunk in rows.chunks(per_statement) {
            let width = self.columns.len();
            let tuples: Vec<String> = (0..chunk.len())
                .map(|r| match sqlite {
                    true => format!("({})", vec!["?"; width].join(", ")),
                    false => format!("({})", crate::placeholders(r * width + 1, width)),
                })
                .collect();
            let mut sql =
                format!("INSERT INTO {} ({}) VALUES {}", self.table, self.columns.join(", "), tuples.join(", "));
            if !self.on_conflict.is_empty() {
                sql = format!("{sql} ON CONFLICT {}", self.on_conflict);
            }
            // Kept prepared (on PostgreSQL a statement not kept costs a
            // second round trip and a parse) only when it is small, as its
            // shape changes with the row count, and has no float: sqlx's Any
            // driver would type a NULL float as a 4-byte one in a prepared
            // statement, refusing later values.
            let floats = chunk.iter().flatten().any(|v| matches!(v, Value::Real(_)));
            let mut q = sqlx::query(&sql).persistent(chunk.len() <= 100 && !floats);
            for row in chunk {
                for v in row {
                    q = match v {
                        Value::Text(s) => q.bind(s.clone()),
                        Value::OptText(s) => q.bind(s.clone()),
                        Value::Int(i) => q.bind(*i),
                        Value::OptInt(i) => q.bind(*i),
                        Value::Real(f) => q.bind(*f),
                    };
                }
            }
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }
}
