//! Insight releases: the privacy gate between what residents told the node
//! and what anyone else may read.
//!
//! A release is one statistic (count, histogram, sum or mean) over one
//! question of one dataset (a consultation's responses, a survey's, or the
//! local reports of a place), optionally grouped by area and period. The
//! store counts the true figures with one `GROUP BY`; this module builds the
//! table's cells from them, withholds every cell resting on fewer than the
//! node's minimum group size, checks and spends the dataset's privacy budget
//! (ε), and asks a [`Mechanism`] (in the web layer, OpenDP's discrete
//! Laplace) for the noise. Only the gated, noised table ever leaves.
//!
//! Neighbouring datasets differ by one person's response (added or
//! removed); a response answers a question once, so one person moves one
//! count by 1 and one sum by at most [`SCALE_TOP`].

use serde::{Deserialize, Serialize};

use crate::consultations::Question;
use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;
use crate::PlaceId;

/// ε is kept in millionths, so budgets add up exactly.
pub const MICRO: i64 = 1_000_000;
/// The smallest ε one release may spend (0.01): less would publish noise.
pub const EPSILON_MIN_MICRO: i64 = 10_000;
/// The largest ε one release may spend, whatever the budget (2.0).
pub const EPSILON_MAX_MICRO: i64 = 2 * MICRO;
/// The top of a scale question (1–5): one response moves a sum by at most this.
pub const SCALE_TOP: i64 = crate::consultations::SCALE_MAX as i64;
pub const TITLE_MAX: usize = 150;

/// Where the responses come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A consultation's responses (no area, no period: responses carry neither).
    Consultation,
    /// A community survey's responses, each with an area and a month.
    Survey,
    /// A place's local reports, by category (as one choice question), area and month.
    LocalReports,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Consultation => "consultation",
            Source::Survey => "survey",
            Source::LocalReports => "local_reports",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        match s.trim() {
            "consultation" => Some(Source::Consultation),
            "survey" => Some(Source::Survey),
            "local_reports" => Some(Source::LocalReports),
            _ => None,
        }
    }

    /// Whether its responses carry an area and a period to group by.
    pub fn has_area_and_period(self) -> bool {
        !matches!(self, Source::Consultation)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// How many answered the question.
    Count,
    /// How many gave each answer (a choice's options, a scale's points).
    Histogram,
    /// The total of a scale's answers.
    Sum,
    /// The average of a scale's answers.
    Mean,
}

impl Statistic {
    pub const ALL: [Statistic; 4] = [Statistic::Count, Statistic::Histogram, Statistic::Sum, Statistic::Mean];

    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::Count => "count",
            Statistic::Histogram => "histogram",
            Statistic::Sum => "sum",
            Statistic::Mean => "mean",
        }
    }

    pub fn parse(s: &str) -> Option<Statistic> {
        Statistic::ALL.into_iter().find(|st| st.as_str() == s.trim())
    }

    /// Whether it can be computed over this kind of question: any question
    /// can be counted; only choices and scales have answers to tally; only
    /// scales have numbers to add.
    pub fn fits(self, q: &Question) -> bool {
        match self {
            Statistic::Count => true,
            Statistic::Histogram => !matches!(q, Question::Text { .. }),
            Statistic::Sum | Statistic::Mean => matches!(q, Question::Scale { .. }),
        }
    }
}

/// What the person defining a release typed.
#[derive(Debug, Clone, Default)]
pub struct ReleaseInput {
    pub title: String,
    /// The question's position, from 0.
    pub question: String,
    pub statistic: String,
    pub by_area: bool,
    pub by_period: bool,
    /// ε as a decimal, e.g. `0.5`.
    pub epsilon: String,
}

/// A checked release definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub title: String,
    pub question: usize,
    pub statistic: Statistic,
    pub by_area: bool,
    pub by_period: bool,
    pub epsilon_micro: i64,
}

/// ε written as a decimal (`0.5`, `1`, `.25`), in millionths.
pub fn parse_epsilon(s: &str) -> Option<i64> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if (whole.is_empty() && frac.is_empty()) || frac.len() > 6 {
        return None;
    }
    if !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<6}").parse().ok()? };
    whole.checked_mul(MICRO)?.checked_add(frac)
}

/// ε in millionths written for people: `0.5`, `1`, `0.125`.
pub fn format_epsilon(micro: i64) -> String {
    let whole = micro / MICRO;
    let frac = (micro % MICRO).abs();
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:06}");
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// Check a definition against the dataset's questions, reporting every problem at once.
pub fn check(input: &ReleaseInput, source: Source, questions: &[Question]) -> Result<Spec, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "insight-title-required"),
        _ => FieldError::new("title", "insight-title-too-long"),
    }));
    let question = match input.question.trim().parse::<usize>().ok().and_then(|i| questions.get(i).map(|q| (i, q))) {
        Some(q) => Some(q),
        None => {
            errors.push("question", "insight-question-invalid");
            None
        }
    };
    let statistic = match Statistic::parse(&input.statistic) {
        Some(st) => match question {
            Some((_, q)) if !st.fits(q) => {
                errors.push("statistic", "insight-statistic-unfit");
                None
            }
            _ => Some(st),
        },
        None => {
            errors.push("statistic", "insight-statistic-invalid");
            None
        }
    };
    if (input.by_area || input.by_period) && !source.has_area_and_period() {
        errors.push("group_by", "insight-grouping-unavailable");
    }
    let epsilon = match parse_epsilon(&input.epsilon) {
        Some(e) if (EPSILON_MIN_MICRO..=EPSILON_MAX_MICRO).contains(&e) => Some(e),
        _ => {
            errors.push("epsilon", "insight-epsilon-invalid");
            None
        }
    };
    match (title, question, statistic, epsilon) {
        (Some(title), Some((question, _)), Some(statistic), Some(epsilon_micro)) if errors.is_empty() => Ok(Spec {
            title: title.as_str().to_string(),
            question,
            statistic,
            by_area: input.by_area,
            by_period: input.by_period,
            epsilon_micro,
        }),
        _ => Err(errors),
    }
}

/// One group as the store counts it, over the true responses: never
/// published. `value` is a choice's option position or a scale's point;
/// `None` for text answers. `area` and `period` are `""` when not grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub area: String,
    pub period: String,
    pub value: Option<i64>,
    pub n: i64,
}

/// Which cell of the table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    pub area: String,
    pub period: String,
    /// The answer (a choice's option position, a scale's point) for a histogram.
    pub answer: Option<i64>,
}

/// A cell's true figures: how many responses it rests on, and their total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrueCell {
    pub key: CellKey,
    pub count: i64,
    pub sum: i64,
}

/// The answers a histogram has a bar for: every option of a choice, every point of a scale.
pub fn answers_of(q: &Question) -> Vec<i64> {
    match q {
        Question::Choice { options, .. } => (0..options.len() as i64).collect(),
        Question::Scale { .. } => (1..=SCALE_TOP).collect(),
        Question::Text { .. } => Vec::new(),
    }
}

/// Build the table's cells from the counted groups. A histogram has a cell
/// for every answer in every area and period seen (answers nobody gave
/// included, so an empty bar is withheld like any small one). Values that
/// do not fit the question (none should exist) are left out.
pub fn build_cells(statistic: Statistic, q: &Question, groups: &[Group]) -> Vec<TrueCell> {
    use std::collections::BTreeMap;
    let mut places: Vec<(String, String)> = groups.iter().map(|g| (g.area.clone(), g.period.clone())).collect();
    places.sort();
    places.dedup();
    if places.is_empty() {
        places.push((String::new(), String::new()));
    }
    let answers = answers_of(q);
    let fits = |v: Option<i64>| match q {
        Question::Text { .. } => true,
        _ => v.is_some_and(|v| answers.contains(&v)),
    };
    let mut cells: BTreeMap<CellKey, TrueCell> = BTreeMap::new();
    for (area, period) in &places {
        let keys: Vec<Option<i64>> =
            if statistic == Statistic::Histogram { answers.iter().copied().map(Some).collect() } else { vec![None] };
        for answer in keys {
            let key = CellKey { area: area.clone(), period: period.clone(), answer };
            cells.insert(key.clone(), TrueCell { key, count: 0, sum: 0 });
        }
    }
    for g in groups.iter().filter(|g| g.n > 0 && fits(g.value)) {
        let answer = if statistic == Statistic::Histogram { g.value } else { None };
        let key = CellKey { area: g.area.clone(), period: g.period.clone(), answer };
        if let Some(cell) = cells.get_mut(&key) {
            cell.count = cell.count.saturating_add(g.n);
            cell.sum = cell.sum.saturating_add(g.value.unwrap_or(0).saturating_mul(g.n));
        }
    }
    cells.into_values().collect()
}

/// A dataset's privacy budget, in millionths of ε.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Budget {
    pub total_micro: i64,
    pub spent_micro: i64,
}

impl Budget {
    pub fn remaining_micro(self) -> i64 {
        (self.total_micro - self.spent_micro).max(0)
    }

    /// The budget after spending `epsilon_micro`, or the refusal.
    pub fn spend(self, epsilon_micro: i64) -> Result<Budget, Refusal> {
        if epsilon_micro <= 0 || epsilon_micro > self.remaining_micro() {
            return Err(Refusal::BudgetExceeded {
                requested_micro: epsilon_micro,
                remaining_micro: self.remaining_micro(),
            });
        }
        Ok(Budget { total_micro: self.total_micro, spent_micro: self.spent_micro + epsilon_micro })
    }
}

/// Why the gate refused to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Publishing would spend more of the dataset's ε than is left.
    BudgetExceeded { requested_micro: i64, remaining_micro: i64 },
    /// Every cell rests on fewer than the minimum group size.
    AllSuppressed { min_group: i64 },
    /// The noise mechanism failed (it spends nothing).
    Noise,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::BudgetExceeded { remaining_micro: 0, .. } => "insight-budget-spent",
            Refusal::BudgetExceeded { .. } => "insight-budget-exceeded",
            Refusal::AllSuppressed { .. } => "insight-all-suppressed",
            Refusal::Noise => "insight-noise-failed",
        }
    }

    /// The form field the refusal is about.
    pub fn field(self) -> &'static str {
        match self {
            Refusal::BudgetExceeded { .. } => "epsilon",
            Refusal::AllSuppressed { .. } | Refusal::Noise => "question",
        }
    }
}

/// Adds calibrated noise to integers whose L1 sensitivity (the most one
/// person can move them, all together) is `sensitivity`, spending at most
/// `epsilon_micro`. The web layer's is OpenDP's discrete Laplace.
pub trait Mechanism {
    fn noise(&mut self, values: &[i64], sensitivity: i64, epsilon_micro: i64) -> Result<Vec<i64>, NoiseFailed>;
}

/// The mechanism could not draw the noise (the reason is logged where it happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the noise could not be drawn")]
pub struct NoiseFailed;

/// One published cell: either a noised value or withheld.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub area: String,
    pub period: String,
    pub answer: Option<i64>,
    /// Counts and sums are whole numbers; a mean has two decimals. `None`: withheld.
    pub value: Option<f64>,
}

impl Cell {
    pub fn suppressed(&self) -> bool {
        self.value.is_none()
    }
}

/// What passed the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Gated {
    pub cells: Vec<Cell>,
    pub suppressed: usize,
    pub budget: Budget,
}

/// The gate: the budget first (a refusal spends nothing and draws no
/// noise), then withholding every cell resting on fewer than `min_group`
/// responses (refusing a table with nothing left), then noise on what is
/// left. Counts and sums below zero and means outside the scale are
/// clamped, which only post-processes the noised figures.
pub fn gate(
    spec: &Spec,
    cells: &[TrueCell],
    budget: Budget,
    min_group: i64,
    mechanism: &mut dyn Mechanism,
) -> Result<Gated, Refusal> {
    let after = budget.spend(spec.epsilon_micro)?;
    let kept: Vec<&TrueCell> = cells.iter().filter(|c| c.count >= min_group).collect();
    if kept.is_empty() {
        return Err(Refusal::AllSuppressed { min_group });
    }
    let counts: Vec<i64> = kept.iter().map(|c| c.count).collect();
    let sums: Vec<i64> = kept.iter().map(|c| c.sum).collect();
    let eps = spec.epsilon_micro;
    let values: Vec<f64> = match spec.statistic {
        Statistic::Count | Statistic::Histogram => mechanism
            .noise(&counts, 1, eps)
            .map_err(|NoiseFailed| Refusal::Noise)?
            .into_iter()
            .map(|v| v.max(0) as f64)
            .collect(),
        Statistic::Sum => mechanism
            .noise(&sums, SCALE_TOP, eps)
            .map_err(|NoiseFailed| Refusal::Noise)?
            .into_iter()
            .map(|v| v.max(0) as f64)
            .collect(),
        Statistic::Mean => {
            // Half the ε on how many answered, half on their total.
            let n = mechanism.noise(&counts, 1, eps / 2).map_err(|NoiseFailed| Refusal::Noise)?;
            let s = mechanism.noise(&sums, SCALE_TOP, eps - eps / 2).map_err(|NoiseFailed| Refusal::Noise)?;
            n.iter()
                .zip(&s)
                .map(|(n, s)| {
                    let mean = *s as f64 / (*n).max(1) as f64;
                    (mean.clamp(1.0, SCALE_TOP as f64) * 100.0).round() / 100.0
                })
                .collect()
        }
    };
    let mut values = values.into_iter();
    let out: Vec<Cell> = cells
        .iter()
        .map(|c| Cell {
            area: c.key.area.clone(),
            period: c.key.period.clone(),
            answer: c.key.answer,
            value: if c.count >= min_group { values.next() } else { None },
        })
        .collect();
    let suppressed = out.iter().filter(|c| c.suppressed()).count();
    Ok(Gated { cells: out, suppressed, budget: after })
}

/// The local reports of a place form one dataset a calendar year (its id
/// `<place id>:<year>`), so each year has its own privacy budget. A release
/// counts only the months of that year that have ended: a month's reports
/// can no longer change once it is over.
pub fn local_reports_dataset_id(place: PlaceId, year: i32) -> String {
    format!("{place}:{year}")
}

/// The place and year of a local-reports dataset id.
pub fn parse_local_reports_dataset(id: &str) -> Option<(PlaceId, i32)> {
    let (place, year) = id.trim().split_once(':')?;
    let year: i32 = year.parse().ok().filter(|y| (2000..=9999).contains(y))?;
    Some((place.parse().ok()?, year))
}

/// The window `[start of the year, end of the last month that has ended)`
/// of a local-reports dataset as of `now` (unix seconds), or `None` while no
/// month of the year has ended yet.
pub fn local_reports_window(year: i32, now: i64) -> Option<(i64, i64)> {
    use chrono::{Datelike, TimeZone, Utc};
    let start_of = |y: i32, m: u32| Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).single().map(|t| t.timestamp());
    let today = Utc.timestamp_opt(now, 0).single()?;
    let this_month = start_of(today.year(), today.month())?;
    let from = start_of(year, 1)?;
    let until = start_of(year + 1, 1)?.min(this_month);
    (until > from).then_some((from, until))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Noise that adds nothing, recording what it was asked.
    #[derive(Default)]
    struct Exact(Vec<(usize, i64, i64)>);
    impl Mechanism for Exact {
        fn noise(&mut self, values: &[i64], sensitivity: i64, eps: i64) -> Result<Vec<i64>, NoiseFailed> {
            self.0.push((values.len(), sensitivity, eps));
            Ok(values.to_vec())
        }
    }

    fn scale() -> Question {
        Question::Scale { prompt: "How safe?".into() }
    }

    fn choice() -> Question {
        Question::Choice {
            prompt: "How often?".into(),
            options: vec!["Daily".into(), "Weekly".into(), "Rarely".into()],
        }
    }

    fn spec(statistic: Statistic, eps: i64) -> Spec {
        Spec { title: "t".into(), question: 0, statistic, by_area: false, by_period: false, epsilon_micro: eps }
    }

    fn g(area: &str, value: Option<i64>, n: i64) -> Group {
        Group { area: area.into(), period: String::new(), value, n }
    }

    #[test]
    fn epsilon_is_read_exactly() {
        assert_eq!(parse_epsilon("0.5"), Some(500_000));
        assert_eq!(parse_epsilon(".25"), Some(250_000));
        assert_eq!(parse_epsilon("1"), Some(MICRO));
        assert_eq!(parse_epsilon("0.000001"), Some(1));
        for bad in ["", ".", "-1", "1e3", "0.5.1", "abc", "0.0000001", "NaN"] {
            assert_eq!(parse_epsilon(bad), None, "{bad}");
        }
        assert_eq!(format_epsilon(500_000), "0.5");
        assert_eq!(format_epsilon(MICRO), "1");
        assert_eq!(format_epsilon(125_000), "0.125");
    }

    #[test]
    fn a_definition_must_fit_its_question() {
        let qs = vec![Question::Text { prompt: "Why?".into() }, scale(), choice()];
        let input = |q: &str, st: &str, eps: &str| ReleaseInput {
            title: "What we heard".into(),
            question: q.into(),
            statistic: st.into(),
            epsilon: eps.into(),
            ..Default::default()
        };
        assert!(check(&input("1", "mean", "0.5"), Source::Consultation, &qs).is_ok());
        assert!(check(&input("0", "count", "0.5"), Source::Consultation, &qs).is_ok());
        let codes = |i: ReleaseInput, s: Source| -> Vec<&str> {
            check(&i, s, &qs).unwrap_err().0.iter().map(|e| e.code).collect()
        };
        assert_eq!(codes(input("0", "histogram", "0.5"), Source::Consultation), vec!["insight-statistic-unfit"]);
        assert_eq!(codes(input("2", "sum", "0.5"), Source::Consultation), vec!["insight-statistic-unfit"]);
        assert_eq!(
            codes(input("3", "nonsense", "9"), Source::Consultation),
            vec!["insight-question-invalid", "insight-statistic-invalid", "insight-epsilon-invalid"]
        );
        let by_area = ReleaseInput { by_area: true, ..input("2", "histogram", "0.5") };
        assert_eq!(codes(by_area.clone(), Source::Consultation), vec!["insight-grouping-unavailable"]);
        assert!(check(&by_area, Source::Survey, &qs).is_ok());
    }

    #[test]
    fn a_histogram_has_a_bar_for_every_answer() {
        let cells = build_cells(Statistic::Histogram, &choice(), &[g("", Some(1), 12), g("", Some(7), 3)]);
        let counts: Vec<(Option<i64>, i64)> = cells.iter().map(|c| (c.key.answer, c.count)).collect();
        assert_eq!(counts, vec![(Some(0), 0), (Some(1), 12), (Some(2), 0)]);
        let cells = build_cells(Statistic::Mean, &scale(), &[g("", Some(2), 10), g("", Some(5), 10), g("", None, 4)]);
        assert_eq!((cells[0].count, cells[0].sum), (20, 70));
        let cells = build_cells(Statistic::Count, &scale(), &[]);
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0].count, 0);
    }

    #[test]
    fn the_gate_refuses_before_it_spends() {
        let cells = build_cells(Statistic::Histogram, &choice(), &[g("", Some(0), 4), g("", Some(1), 9)]);
        let budget = Budget { total_micro: MICRO, spent_micro: 0 };
        let mut m = Exact::default();
        let r = gate(&spec(Statistic::Histogram, 500_000), &cells, budget, 10, &mut m);
        assert_eq!(r.unwrap_err(), Refusal::AllSuppressed { min_group: 10 });
        let r = gate(&spec(Statistic::Histogram, 1_500_000), &cells, budget, 1, &mut m);
        assert_eq!(r.unwrap_err(), Refusal::BudgetExceeded { requested_micro: 1_500_000, remaining_micro: MICRO });
        assert!(m.0.is_empty(), "no noise is drawn for a refused release");
        let spent = Budget { total_micro: MICRO, spent_micro: MICRO };
        assert_eq!(
            gate(&spec(Statistic::Count, 10_000), &cells, spent, 1, &mut m).unwrap_err().code(),
            "insight-budget-spent"
        );
    }

    #[test]
    fn a_mean_splits_its_epsilon_and_a_sum_knows_its_reach() {
        let cells = build_cells(Statistic::Mean, &scale(), &[g("", Some(2), 10), g("", Some(4), 10)]);
        let mut m = Exact::default();
        let out =
            gate(&spec(Statistic::Mean, 500_001), &cells, Budget { total_micro: MICRO, spent_micro: 0 }, 10, &mut m)
                .unwrap();
        assert_eq!(out.cells[0].value, Some(3.0));
        assert_eq!(m.0, vec![(1, 1, 250_000), (1, SCALE_TOP, 250_001)]);
        assert_eq!(out.budget.spent_micro, 500_001);
        let mut m = Exact::default();
        gate(&spec(Statistic::Sum, 100_000), &cells, Budget { total_micro: MICRO, spent_micro: 0 }, 10, &mut m)
            .unwrap();
        assert_eq!(m.0, vec![(1, SCALE_TOP, 100_000)]);
    }

    fn groups() -> impl Strategy<Value = Vec<Group>> {
        proptest::collection::vec(
            (prop_oneof![Just(""), Just("north"), Just("south")], proptest::option::of(0i64..7), 0i64..40)
                .prop_map(|(a, v, n)| g(a, v, n)),
            0..12,
        )
    }

    proptest! {
        /// A cell is published exactly when it rests on at least the minimum
        /// group size, and the table is refused only when nothing is left.
        #[test]
        fn suppression_withholds_exactly_the_small_cells(gs in groups(), min_group in 1i64..30, hist in any::<bool>()) {
            let st = if hist { Statistic::Histogram } else { Statistic::Count };
            let cells = build_cells(st, &choice(), &gs);
            let budget = Budget { total_micro: MICRO, spent_micro: 0 };
            match gate(&spec(st, 100_000), &cells, budget, min_group, &mut Exact::default()) {
                Ok(out) => {
                    prop_assert_eq!(out.cells.len(), cells.len());
                    for (c, t) in out.cells.iter().zip(&cells) {
                        prop_assert_eq!(c.suppressed(), t.count < min_group);
                        if let Some(v) = c.value { prop_assert_eq!(v, t.count as f64); }
                    }
                    prop_assert_eq!(out.suppressed, cells.iter().filter(|c| c.count < min_group).count());
                    prop_assert!(out.suppressed < cells.len());
                }
                Err(r) => {
                    prop_assert_eq!(r, Refusal::AllSuppressed { min_group });
                    prop_assert!(cells.iter().all(|c| c.count < min_group));
                }
            }
        }

        /// Whatever sequence of releases is asked for, the ε spent never
        /// exceeds the total, each accepted release spends exactly what it
        /// asked, and a refused one spends nothing.
        #[test]
        fn the_budget_is_never_overspent(total in 1i64..3_000_000, asks in proptest::collection::vec(1i64..1_500_000, 1..20)) {
            let mut budget = Budget { total_micro: total, spent_micro: 0 };
            let cells = build_cells(Statistic::Count, &scale(), &[g("", Some(3), 50)]);
            for eps in asks {
                let before = budget;
                match gate(&spec(Statistic::Count, eps), &cells, budget, 10, &mut Exact::default()) {
                    Ok(out) => {
                        prop_assert!(eps <= before.remaining_micro());
                        prop_assert_eq!(out.budget.spent_micro, before.spent_micro + eps);
                        budget = out.budget;
                    }
                    Err(Refusal::BudgetExceeded { requested_micro, remaining_micro }) => {
                        prop_assert!(eps > before.remaining_micro());
                        prop_assert_eq!((requested_micro, remaining_micro), (eps, before.remaining_micro()));
                    }
                    Err(other) => prop_assert!(false, "unexpected refusal {:?}", other),
                }
                prop_assert!(budget.spent_micro <= budget.total_micro);
            }
        }

        /// Grouping only ever splits the responses: cells add up to them.
        #[test]
        fn cells_add_up_to_the_groups(gs in groups()) {
            let cells = build_cells(Statistic::Histogram, &choice(), &gs);
            let in_range: i64 = gs.iter().filter(|g| g.value.is_some_and(|v| (0..3).contains(&v))).map(|g| g.n).sum();
            prop_assert_eq!(cells.iter().map(|c| c.count).sum::<i64>(), in_range);
        }
    }

    #[test]
    fn a_local_reports_dataset_counts_only_the_months_that_have_ended() {
        let at = |y, m, d| {
            use chrono::TimeZone;
            chrono::Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap().timestamp()
        };
        let start = |y, m| {
            use chrono::TimeZone;
            chrono::Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).unwrap().timestamp()
        };
        // In January nothing of this year has ended; last year is whole.
        assert_eq!(local_reports_window(2026, at(2026, 1, 20)), None);
        assert_eq!(local_reports_window(2025, at(2026, 1, 20)), Some((start(2025, 1), start(2026, 1))));
        // In November, January to October.
        assert_eq!(local_reports_window(2026, at(2026, 11, 26)), Some((start(2026, 1), start(2026, 11))));
        // A year still to come has no window.
        assert_eq!(local_reports_window(2027, at(2026, 11, 26)), None);
        let place: PlaceId = "01890f3c-5f2a-7000-8000-000000000001".parse().unwrap();
        let id = local_reports_dataset_id(place, 2026);
        assert_eq!(parse_local_reports_dataset(&id), Some((place, 2026)));
        for bad in ["", "2026", "not-a-place:2026", "01890f3c-5f2a-7000-8000-000000000001:26", "x:y:z"] {
            assert_eq!(parse_local_reports_dataset(bad), None, "{bad}");
        }
    }
}
