//! A WHERE clause assembled from optional conditions, with its values bound
//! in order — for searches whose filters come and go. Values are always
//! bound, never spliced into the SQL.

use sqlx::{
    any::AnyArguments,
    query::{Query, QueryAs},
    Any,
};

#[derive(Clone, Debug)]
pub enum Value {
    Int(i64),
    Text(String),
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Filter {
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Adds a value and returns its placeholder (`$n`), to use in a clause.
    pub fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    /// Placeholders for a list of ids, for `IN (…)`; an empty list matches
    /// nothing.
    pub fn bind_ids(&mut self, ids: &[i64]) -> String {
        if ids.is_empty() {
            return "NULL".into();
        }
        ids.iter()
            .map(|id| self.bind(Value::Int(*id)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds a condition every row must meet.
    pub fn and(&mut self, clause: impl Into<String>) {
        self.clauses.push(clause.into());
    }

    /// The conditions, joined, for after `WHERE`.
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".into()
        } else {
            self.clauses.join(" AND ")
        }
    }

    /// Binds the values, in order, to a query built with [`Filter::sql`].
    pub fn apply<'q>(
        &'q self,
        mut query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                Value::Int(i) => query.bind(*i),
                Value::Text(s) => query.bind(s.as_str()),
            };
        }
        query
    }

    /// [`Filter::apply`] for a query that decodes rows into `O`.
    pub fn apply_as<'q, O>(
        &'q self,
        mut query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    ) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                Value::Int(i) => query.bind(*i),
                Value::Text(s) => query.bind(s.as_str()),
            };
        }
        query
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_placeholders_in_order() {
        let mut f = Filter::new();
        assert_eq!(f.sql(), "1 = 1");
        let p = f.bind(Value::Text("x".into()));
        f.and(format!("a = {p}"));
        let ids = f.bind_ids(&[4, 5]);
        f.and(format!("b IN ({ids})"));
        assert_eq!(f.sql(), "a = $1 AND b IN ($2, $3)");
        assert_eq!(Filter::new().bind_ids(&[]), "NULL");
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }
}
