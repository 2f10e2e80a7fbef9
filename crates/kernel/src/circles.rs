//! Savings circles (rotating savings and credit associations: a pardner,
//! susu, committee, chit fund or tontine). Members pay an agreed amount each
//! round and each round one member receives the pot. Plural only keeps the
//! record; it never holds or moves money.
//!
//! The ledger is a list of entries that only grows. [`apply`] decides whether
//! one more entry may be added to it, and is the only way the store adds one;
//! the views ([`contribution_state`], [`pot`], [`balances`], [`record_of`])
//! read the same list. The property tests at the bottom drive random
//! operations through [`apply`] and check the invariants the members rely on.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::authz::{self, Action, Actor};
use crate::errors::{DomainError, FieldError, FieldErrors};
use crate::ids::{CircleEntryId, PersonId};
use crate::places::Title;

pub const NAME_MAX: usize = 120;
pub const RULES_MAX: usize = 5000;
pub const NOTE_MAX: usize = 500;
pub const SECRET_MAX: usize = 200;
pub const SEATS_MIN: i64 = 2;
pub const SEATS_MAX: i64 = 30;
/// The largest contribution, in minor units (1,000,000.00 in a currency with
/// cents). Anything larger is a typing slip, and keeps every pot far from
/// overflowing.
pub const AMOUNT_MAX: i64 = 100_000_000;
/// How far ahead a circle may be planned.
pub const START_MAX_DAYS_AHEAD: i64 = 366;
const DAY: i64 = 86_400;

/// Currencies a circle may keep its record in, with their minor-unit digits
/// (ISO 4217).
pub const CURRENCIES: &[(&str, u32)] = &[
    ("GBP", 2),
    ("EUR", 2),
    ("USD", 2),
    ("PLN", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("NGN", 2),
    ("GHS", 2),
    ("KES", 2),
    ("ZAR", 2),
    ("EGP", 2),
    ("MAD", 2),
    ("SAR", 2),
    ("AED", 2),
    ("TRY", 2),
    ("INR", 2),
    ("PKR", 2),
    ("BDT", 2),
    ("PHP", 2),
    ("JMD", 2),
    ("XOF", 0),
    ("XAF", 0),
    ("JPY", 0),
];

/// The minor-unit digits of a currency code, if it is one we know.
pub fn currency_exponent(code: &str) -> Option<u32> {
    CURRENCIES.iter().find(|(c, _)| *c == code).map(|(_, e)| *e)
}

/// An amount in minor units as written for people: `1250` GBP → `12.50 GBP`.
pub fn format_money(minor: i64, currency: &str) -> String {
    let exp = currency_exponent(currency).unwrap_or(2);
    if exp == 0 {
        return format!("{minor} {currency}");
    }
    let unit = 10i64.pow(exp);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let unit = unit.unsigned_abs();
    format!("{sign}{}.{:0width$} {currency}", m / unit, m % unit, width = exp as usize)
}

/// The same, without the currency code: for CSV columns.
pub fn format_major(minor: i64, currency: &str) -> String {
    let s = format_money(minor, currency);
    s.rsplit_once(' ').map(|(n, _)| n.to_string()).unwrap_or(s)
}

fn check_range(field: &'static str, v: i128) -> Result<i64, FieldError> {
    if v <= 0 {
        return Err(FieldError::new(field, "circle-amount-not-positive"));
    }
    if v > i128::from(AMOUNT_MAX) {
        return Err(FieldError::new(field, "circle-amount-too-large"));
    }
    i64::try_from(v).map_err(|_| FieldError::new(field, "circle-amount-too-large"))
}

/// An amount already in minor units (the API's `amount_minor`): a whole
/// number from 1 to [`AMOUNT_MAX`].
pub fn parse_minor(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "circle-amount-required"));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        // 12.5, 1e3, "twelve": not a whole number of minor units.
        return Err(FieldError::new(field, "circle-amount-not-whole"));
    }
    if neg {
        return Err(FieldError::new(field, "circle-amount-not-positive"));
    }
    if digits.len() > 18 {
        return Err(FieldError::new(field, "circle-amount-too-large"));
    }
    check_range(field, digits.parse::<i128>().map_err(|_| FieldError::new(field, "circle-amount-not-whole"))?)
}

/// An amount as people write it, in major units (`50`, `50.5`, `50.50`),
/// turned into minor units. More decimals than the currency has would be a
/// fraction of a minor unit.
pub fn parse_major(field: &'static str, s: &str, exponent: u32) -> Result<i64, FieldError> {
    let s = s.trim().replace(',', "");
    if s.is_empty() {
        return Err(FieldError::new(field, "circle-amount-required"));
    }
    if s.starts_with('-') {
        return Err(FieldError::new(field, "circle-amount-not-positive"));
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return Err(FieldError::new(field, "circle-amount-invalid"));
    }
    if frac.len() > exponent as usize {
        return Err(FieldError::new(field, "circle-amount-not-whole"));
    }
    if whole.len() > 18 {
        return Err(FieldError::new(field, "circle-amount-too-large"));
    }
    let whole: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| FieldError::new(field, "circle-amount-invalid"))?
    };
    let mut frac_value: i128 =
        if frac.is_empty() { 0 } else { frac.parse().map_err(|_| FieldError::new(field, "circle-amount-invalid"))? };
    for _ in frac.len()..exponent as usize {
        frac_value *= 10;
    }
    check_range(field, whole * 10i128.pow(exponent) + frac_value)
}

/// How often the members pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Weekly, Frequency::Fortnightly, Frequency::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Monthly => "monthly",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Frequency::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim())
            .ok_or(FieldError::new(field, "circle-frequency-invalid"))
    }
}

/// The day round `round` (1-based) is due: the start date, then one period
/// later for each round. Monthly rounds keep the day of the month, or the
/// month's last day when it is shorter (31 January → 28 February).
pub fn due_on(frequency: Frequency, start_on: i64, round: i64) -> i64 {
    let steps = (round - 1).max(0);
    match frequency {
        Frequency::Weekly => start_on + steps * 7 * DAY,
        Frequency::Fortnightly => start_on + steps * 14 * DAY,
        Frequency::Monthly => {
            let Ok(start) = time::OffsetDateTime::from_unix_timestamp(start_on) else { return start_on };
            let date = start.date();
            let months = i64::from(date.month() as u8 - 1) + steps;
            let year = date.year() + i32::try_from(months / 12).unwrap_or(0);
            let month =
                time::Month::try_from(u8::try_from(months % 12 + 1).unwrap_or(1)).unwrap_or(time::Month::January);
            let day = date.day().min(month.length(year));
            time::Date::from_calendar_date(year, month, day)
                .map(|d| d.midnight().assume_utc().unix_timestamp())
                .unwrap_or(start_on)
        }
    }
}

/// How the payout order is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutOrder {
    /// The order members joined in, changed only by agreed swaps.
    Fixed,
    /// A draw any member can check: see [`draw_order`].
    Draw,
}

impl PayoutOrder {
    pub const ALL: [PayoutOrder; 2] = [PayoutOrder::Fixed, PayoutOrder::Draw];

    pub fn as_str(self) -> &'static str {
        match self {
            PayoutOrder::Fixed => "fixed",
            PayoutOrder::Draw => "draw",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        PayoutOrder::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim())
            .ok_or(FieldError::new(field, "circle-payout-order-invalid"))
    }
}

/// Where a circle is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filling its seats (and, for a draw, drawing the order).
    Forming,
    /// Rounds are being paid.
    Running,
    /// Every member received the pot once; another cycle may start.
    Finished,
    /// Ended early; the settlement shows who is owed what.
    WoundUp,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Forming, Status::Running, Status::Finished, Status::WoundUp];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Forming => "forming",
            Status::Running => "running",
            Status::Finished => "finished",
            Status::WoundUp => "wound_up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A calendar date `YYYY-MM-DD`, as unix seconds at its start (UTC).
pub fn parse_date(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "circle-date-required"));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| FieldError::new(field, "circle-date-invalid"))
}

/// The start (UTC) of the day holding `unix`.
pub fn day_start(unix: i64) -> i64 {
    unix - unix.rem_euclid(DAY)
}

/// A first (or next) start date: from today to a year ahead.
pub fn parse_start(field: &'static str, s: &str, now: i64) -> Result<i64, FieldError> {
    let d = parse_date(field, s)?;
    if d < day_start(now) {
        return Err(FieldError::new(field, "circle-start-in-past"));
    }
    if d > day_start(now) + START_MAX_DAYS_AHEAD * DAY {
        return Err(FieldError::new(field, "circle-start-too-far"));
    }
    Ok(d)
}

/// A circle as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct CircleInput {
    pub name: String,
    /// In major units, as people write it (the form).
    pub amount: String,
    /// In minor units (the API); used instead of `amount` when given.
    pub amount_minor: Option<String>,
    pub currency: String,
    pub frequency: String,
    pub start_on: String,
    pub seats: String,
    pub rules: String,
    pub payout_order: String,
}

/// A circle that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCircle {
    pub name: String,
    /// Each member's contribution each round, in minor units.
    pub amount: i64,
    pub currency: String,
    pub frequency: Frequency,
    pub start_on: i64,
    pub seats: i64,
    pub rules: String,
    pub payout_order: PayoutOrder,
}

/// Check every field, reporting every problem at once.
pub fn check(input: &CircleInput, now: i64) -> Result<CheckedCircle, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = errors.check(Title::parse("name", &input.name, NAME_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("name", "circle-name-required"),
        "name-too-long" => FieldError::new("name", "circle-name-too-long"),
        _ => FieldError::new("name", "circle-text-invalid"),
    }));
    let currency = input.currency.trim().to_ascii_uppercase();
    let exponent = currency_exponent(&currency);
    if exponent.is_none() {
        errors.push("currency", "circle-currency-invalid");
    }
    let amount = match &input.amount_minor {
        Some(minor) => errors.check(parse_minor("amount_minor", minor)),
        None => errors.check(parse_major("amount", &input.amount, exponent.unwrap_or(2))),
    };
    let frequency = errors.check(Frequency::parse("frequency", &input.frequency));
    let start_on = errors.check(parse_start("start_on", &input.start_on, now));
    let seats = match input.seats.trim().parse::<i64>() {
        Ok(n) if (SEATS_MIN..=SEATS_MAX).contains(&n) => Some(n),
        _ => {
            errors.push("seats", "circle-seats-invalid");
            None
        }
    };
    let rules = input.rules.trim().replace("\r\n", "\n");
    if rules.is_empty() {
        errors.push("rules", "circle-rules-required");
    } else if rules.chars().count() > RULES_MAX {
        errors.push("rules", "circle-rules-too-long");
    }
    let payout_order = errors.check(PayoutOrder::parse("payout_order", &input.payout_order));
    match (name, amount, frequency, start_on, seats, payout_order) {
        (Some(name), Some(amount), Some(frequency), Some(start_on), Some(seats), Some(payout_order))
            if errors.is_empty() =>
        {
            Ok(CheckedCircle {
                name: name.as_str().to_string(),
                amount,
                currency,
                frequency,
                start_on,
                seats,
                rules,
                payout_order,
            })
        }
        _ => Err(errors),
    }
}

/// A note on a dispute or correction: required, one paragraph, bounded.
pub fn parse_note(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "circle-note-required"));
    }
    if s.chars().count() > NOTE_MAX {
        return Err(FieldError::new(field, "circle-note-too-long"));
    }
    Ok(s.replace("\r\n", "\n"))
}

// The fair draw.

/// A secret for the draw: what the member typed, without spaces at either
/// end; one line, at most [`SECRET_MAX`] characters.
pub fn parse_secret(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "circle-secret-required"));
    }
    if s.chars().count() > SECRET_MAX || s.chars().any(char::is_control) {
        return Err(FieldError::new(field, "circle-secret-invalid"));
    }
    Ok(s.to_string())
}

/// SHA-256 of some text, as 64 lowercase hex digits.
pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A commitment sent ready-made (the API): 64 hex digits.
pub fn parse_commitment(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim().to_ascii_lowercase();
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(s)
    } else {
        Err(FieldError::new(field, "circle-commitment-invalid"))
    }
}

/// A reveal must be the secret whose SHA-256 was committed to.
pub fn check_reveal(commitment: &str, secret: &str) -> Result<(), FieldError> {
    if sha256_hex(secret) == commitment {
        Ok(())
    } else {
        Err(FieldError::new("secret", "circle-reveal-mismatch"))
    }
}

/// The draw worked out from every revealed secret, with each step shown so
/// a member can repeat it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// SHA-256 of the secrets in seat order, joined by line feeds.
    pub seed: String,
    /// `(seat, score)` for each member: SHA-256 of `seed:seat`.
    pub scores: Vec<(i64, String)>,
    /// Seats in payout order: round 1 first.
    pub order: Vec<i64>,
}

/// The payout order from the revealed secrets, `(seat, secret)`:
///
/// 1. list the secrets by seat number (the order members joined in), and
///    join them with a line feed between each;
/// 2. the seed is the SHA-256 of that text, in lowercase hex;
/// 3. each member's score is the SHA-256 of the seed, a colon and their
///    seat number (`<seed>:3`);
/// 4. the member with the smallest score (compared as hex text) receives
///    the pot first, and so on.
///
/// No member can steer the result without knowing every other secret
/// before committing to their own, and nobody can change a secret once
/// committed.
pub fn draw_order(reveals: &[(i64, String)]) -> Draw {
    let mut by_seat: Vec<&(i64, String)> = reveals.iter().collect();
    by_seat.sort_by_key(|(seat, _)| *seat);
    let joined = by_seat.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("\n");
    let seed = sha256_hex(&joined);
    let scores: Vec<(i64, String)> =
        by_seat.iter().map(|(seat, _)| (*seat, sha256_hex(&format!("{seed}:{seat}")))).collect();
    let mut ranked = scores.clone();
    ranked.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Draw { seed, scores, order: ranked.into_iter().map(|(seat, _)| seat).collect() }
}

// The ledger.

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// "I paid": recorded by the payer.
    Contribution,
    /// "They paid": the round's recipient or an organiser.
    Confirmation,
    /// "I have not received this": flagged, never overwritten.
    Dispute,
    /// Cancels a contribution recorded in error; it may then be recorded again.
    Correction,
    /// "I received the pot": recorded by the round's recipient.
    Payout,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Contribution,
        EntryKind::Confirmation,
        EntryKind::Dispute,
        EntryKind::Correction,
        EntryKind::Payout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Contribution => "contribution",
            EntryKind::Confirmation => "confirmation",
            EntryKind::Dispute => "dispute",
            EntryKind::Correction => "correction",
            EntryKind::Payout => "payout",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One line of the ledger. Once written it never changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: CircleEntryId,
    pub cycle: i64,
    pub round: i64,
    pub kind: EntryKind,
    /// The payer of a contribution; the recipient of a payout; for entries
    /// about a contribution, its payer.
    pub member: PersonId,
    /// Minor units: a contribution's amount, a payout's pot; 0 otherwise.
    pub amount: i64,
    pub recorded_by: PersonId,
    /// The contribution a confirmation, dispute or correction is about.
    pub refers_to: Option<CircleEntryId>,
    /// When the payer says they paid (contributions only).
    pub paid_on: Option<i64>,
    pub note: String,
    /// For contributions: how many earlier contributions by the same
    /// member for the same round were corrected. The database makes
    /// `(cycle, round, member, attempt)` unique, so two simultaneous
    /// records of one payment cannot both be kept.
    pub attempt: i64,
}

/// What the ledger of the current cycle is checked against.
#[derive(Debug, Clone)]
pub struct CycleRules<'a> {
    pub cycle: i64,
    /// Members in payout order: `order[0]` receives round 1's pot.
    pub order: &'a [PersonId],
    pub organisers: &'a [PersonId],
    /// Each member's contribution per round, in minor units.
    pub amount: i64,
    pub frequency: Frequency,
    pub start_on: i64,
}

impl CycleRules<'_> {
    pub fn rounds(&self) -> i64 {
        i64::try_from(self.order.len()).unwrap_or(0)
    }

    pub fn recipient(&self, round: i64) -> Option<PersonId> {
        usize::try_from(round - 1).ok().and_then(|i| self.order.get(i)).copied()
    }

    pub fn is_member(&self, p: PersonId) -> bool {
        self.order.contains(&p)
    }

    pub fn is_organiser(&self, p: PersonId) -> bool {
        self.organisers.contains(&p)
    }

    pub fn due_on(&self, round: i64) -> i64 {
        due_on(self.frequency, self.start_on, round)
    }
}

/// Something a member asks to add to the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Contribute { by: PersonId, round: i64, paid_on: i64 },
    Confirm { by: PersonId, entry: CircleEntryId },
    Dispute { by: PersonId, entry: CircleEntryId, note: String },
    Correct { by: PersonId, entry: CircleEntryId, note: String },
    Payout { by: PersonId, round: i64 },
}

/// Where a contribution stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionState {
    /// Recorded by the payer, waiting for the recipient or an organiser.
    Recorded,
    /// Recorded, and the recipient or an organiser says it has not arrived.
    Disputed,
    Confirmed,
    /// Cancelled by a correction; it counts for nothing.
    Corrected,
}

impl ContributionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ContributionState::Recorded => "recorded",
            ContributionState::Disputed => "disputed",
            ContributionState::Confirmed => "confirmed",
            ContributionState::Corrected => "corrected",
        }
    }
}

fn about(entries: &[Entry], id: CircleEntryId, kind: EntryKind) -> bool {
    entries.iter().any(|e| e.kind == kind && e.refers_to == Some(id))
}

/// The state of the contribution `id`, from the entries about it.
pub fn contribution_state(entries: &[Entry], id: CircleEntryId) -> ContributionState {
    if about(entries, id, EntryKind::Correction) {
        ContributionState::Corrected
    } else if about(entries, id, EntryKind::Confirmation) {
        ContributionState::Confirmed
    } else if about(entries, id, EntryKind::Dispute) {
        ContributionState::Disputed
    } else {
        ContributionState::Recorded
    }
}

fn contributions(entries: &[Entry], cycle: i64, round: i64) -> impl Iterator<Item = &Entry> {
    entries.iter().filter(move |e| e.kind == EntryKind::Contribution && e.cycle == cycle && e.round == round)
}

/// The pot of a round: its confirmed contributions.
pub fn pot(entries: &[Entry], cycle: i64, round: i64) -> i64 {
    contributions(entries, cycle, round)
        .filter(|e| contribution_state(entries, e.id) == ContributionState::Confirmed)
        .map(|e| e.amount)
        .sum()
}

/// The payout of a round, if recorded.
pub fn payout_of(entries: &[Entry], cycle: i64, round: i64) -> Option<&Entry> {
    entries.iter().find(|e| e.kind == EntryKind::Payout && e.cycle == cycle && e.round == round)
}

/// Whether every round of the cycle has been paid out.
pub fn cycle_complete(rules: &CycleRules<'_>, entries: &[Entry]) -> bool {
    (1..=rules.rounds()).all(|r| payout_of(entries, rules.cycle, r).is_some())
}

/// A member's live (not corrected) contribution to a round, if any.
pub fn live_contribution(entries: &[Entry], cycle: i64, round: i64, member: PersonId) -> Option<&Entry> {
    contributions(entries, cycle, round)
        .find(|e| e.member == member && contribution_state(entries, e.id) != ContributionState::Corrected)
}

fn conflict(code: &'static str) -> DomainError {
    DomainError::Conflict(code)
}

fn as_actor(p: PersonId) -> Actor {
    // Inside a circle node admins have no more say than anyone else.
    Actor::Person { id: p, node_admin: false, disabled: false }
}

/// Decide whether `op` may be added to the ledger of the current cycle,
/// given every entry so far, and make the entry. Nothing is changed: the
/// caller appends what is returned, under a lock that makes these checks
/// and the append one step.
pub fn apply(rules: &CycleRules<'_>, entries: &[Entry], op: &Op, today: i64) -> Result<Entry, DomainError> {
    let by = match op {
        Op::Contribute { by, .. }
        | Op::Confirm { by, .. }
        | Op::Dispute { by, .. }
        | Op::Correct { by, .. }
        | Op::Payout { by, .. } => *by,
    };
    authz::decide(&as_actor(by), &Action::ViewCircle { member: rules.is_member(by) })?;
    let new = |kind, round, member, amount, refers_to, paid_on, note: &str, attempt| Entry {
        id: CircleEntryId::new(),
        cycle: rules.cycle,
        round,
        kind,
        member,
        amount,
        recorded_by: by,
        refers_to,
        paid_on,
        note: note.to_string(),
        attempt,
    };
    let check_round = |round: i64| -> Result<PersonId, DomainError> {
        let recipient = rules.recipient(round).ok_or(DomainError::field("round", "circle-round-invalid"))?;
        if payout_of(entries, rules.cycle, round).is_some() {
            return Err(conflict("circle-round-closed"));
        }
        Ok(recipient)
    };
    match op {
        Op::Contribute { round, paid_on, .. } => {
            let recipient = check_round(*round)?;
            let mut errors = FieldErrors::new();
            if recipient == by {
                errors.push("round", "circle-recipient-does-not-pay");
            }
            if *paid_on > day_start(today) {
                errors.push("paid_on", "circle-paid-on-future");
            } else if *paid_on < rules.start_on {
                errors.push("paid_on", "circle-paid-on-before-start");
            }
            errors.into_result()?;
            if live_contribution(entries, rules.cycle, *round, by).is_some() {
                return Err(conflict("circle-already-contributed"));
            }
            let attempt = i64::try_from(contributions(entries, rules.cycle, *round).filter(|e| e.member == by).count())
                .unwrap_or(i64::MAX);
            Ok(new(EntryKind::Contribution, *round, by, rules.amount, None, Some(*paid_on), "", attempt))
        }
        Op::Confirm { entry, .. } | Op::Dispute { entry, .. } => {
            let c = entries
                .iter()
                .find(|e| e.id == *entry && e.kind == EntryKind::Contribution && e.cycle == rules.cycle)
                .ok_or(DomainError::NotFound)?;
            let recipient = check_round(c.round)?;
            authz::decide(
                &as_actor(by),
                &Action::ConfirmContribution {
                    payer: c.member == by,
                    recipient: recipient == by,
                    organiser: rules.is_organiser(by),
                },
            )?;
            match (contribution_state(entries, c.id), op) {
                (ContributionState::Corrected, _) => Err(conflict("circle-entry-corrected")),
                (ContributionState::Confirmed, _) => Err(conflict("circle-already-confirmed")),
                (ContributionState::Disputed, Op::Dispute { .. }) => Err(conflict("circle-already-disputed")),
                (_, Op::Dispute { note, .. }) => {
                    let note = parse_note("note", note)?;
                    Ok(new(EntryKind::Dispute, c.round, c.member, 0, Some(c.id), None, &note, 0))
                }
                _ => Ok(new(EntryKind::Confirmation, c.round, c.member, 0, Some(c.id), None, "", 0)),
            }
        }
        Op::Correct { entry, note, .. } => {
            let c = entries
                .iter()
                .find(|e| e.id == *entry && e.kind == EntryKind::Contribution && e.cycle == rules.cycle)
                .ok_or(DomainError::NotFound)?;
            check_round(c.round)?;
            let state = contribution_state(entries, c.id);
            if state == ContributionState::Corrected {
                return Err(conflict("circle-entry-corrected"));
            }
            // The payer may take back what is not yet confirmed; once it is,
            // only an organiser other than the payer may cancel it.
            let organiser = rules.is_organiser(by) && c.member != by;
            let allowed = organiser || (c.member == by && state != ContributionState::Confirmed);
            if !allowed {
                return Err(DomainError::Forbidden("circle-correction-not-allowed"));
            }
            let note = parse_note("note", note)?;
            Ok(new(EntryKind::Correction, c.round, c.member, 0, Some(c.id), None, &note, 0))
        }
        Op::Payout { round, .. } => {
            let recipient = rules.recipient(*round).ok_or(DomainError::field("round", "circle-round-invalid"))?;
            if recipient != by {
                return Err(DomainError::Forbidden("circle-recipient-only"));
            }
            if payout_of(entries, rules.cycle, *round).is_some() {
                return Err(conflict("circle-already-paid-out"));
            }
            let waiting = contributions(entries, rules.cycle, *round).any(|e| {
                matches!(contribution_state(entries, e.id), ContributionState::Recorded | ContributionState::Disputed)
            });
            if waiting {
                return Err(conflict("circle-contributions-waiting"));
            }
            let amount = pot(entries, rules.cycle, *round);
            if amount == 0 {
                return Err(conflict("circle-nothing-to-pay-out"));
            }
            Ok(new(EntryKind::Payout, *round, by, amount, None, None, "", 0))
        }
    }
}

/// What each member has put in and taken out in one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub member: PersonId,
    /// Confirmed contributions they made.
    pub paid_in: i64,
    /// Confirmed contributions to the rounds they receive: paid to them,
    /// whether or not they have confirmed receiving the whole pot yet.
    pub received: i64,
}

impl Balance {
    /// Positive: the circle owes them; negative: they owe the circle.
    pub fn net(&self) -> i64 {
        self.paid_in - self.received
    }
}

/// Each member's balance in a cycle, in payout order. The nets always sum
/// to zero: every confirmed contribution is one member's payment and the
/// round recipient's receipt.
pub fn balances(rules: &CycleRules<'_>, entries: &[Entry]) -> Vec<Balance> {
    let confirmed: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            e.kind == EntryKind::Contribution
                && e.cycle == rules.cycle
                && contribution_state(entries, e.id) == ContributionState::Confirmed
        })
        .collect();
    rules
        .order
        .iter()
        .map(|m| Balance {
            member: *m,
            paid_in: confirmed.iter().filter(|e| e.member == *m).map(|e| e.amount).sum(),
            received: confirmed.iter().filter(|e| rules.recipient(e.round) == Some(*m)).map(|e| e.amount).sum(),
        })
        .collect()
}

/// How a member did in one round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// The round they receive: they do not pay into it.
    Receiving,
    /// Not yet due.
    Upcoming,
    /// Due, and not yet confirmed.
    Waiting,
    OnTime,
    Late,
    /// The round was paid out, or is more than a week overdue, with no
    /// confirmed payment from them.
    Missed,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Receiving => "receiving",
            Mark::Upcoming => "upcoming",
            Mark::Waiting => "waiting",
            Mark::OnTime => "on_time",
            Mark::Late => "late",
            Mark::Missed => "missed",
        }
    }
}

/// Days after the due date before an unpaid contribution counts as missed.
pub const MISSED_AFTER_DAYS: i64 = 7;

/// A member's record in the current cycle: one mark per round.
pub fn record_of(rules: &CycleRules<'_>, entries: &[Entry], member: PersonId, today: i64) -> Vec<Mark> {
    (1..=rules.rounds())
        .map(|round| {
            if rules.recipient(round) == Some(member) {
                return Mark::Receiving;
            }
            let due = rules.due_on(round);
            let confirmed = contributions(entries, rules.cycle, round)
                .find(|e| e.member == member && contribution_state(entries, e.id) == ContributionState::Confirmed);
            match confirmed {
                Some(e) if e.paid_on.unwrap_or(i64::MAX) <= due => Mark::OnTime,
                Some(_) => Mark::Late,
                None if payout_of(entries, rules.cycle, round).is_some() => Mark::Missed,
                None if day_start(today) > due + MISSED_AFTER_DAYS * DAY => Mark::Missed,
                None if day_start(today) >= due => Mark::Waiting,
                None => Mark::Upcoming,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_795_651_200; // 2026-11-26

    fn input() -> CircleInput {
        CircleInput {
            name: "Stockwell pardner".into(),
            amount: "50".into(),
            currency: "GBP".into(),
            frequency: "monthly".into(),
            start_on: "2026-12-01".into(),
            seats: "4".into(),
            rules: "Pay by the 1st. Tell the group if you will be late.".into(),
            payout_order: "draw".into(),
            ..CircleInput::default()
        }
    }

    #[test]
    fn a_circle_is_checked_into_minor_units() {
        let c = check(&input(), NOW).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.amount, 5000);
        assert_eq!(c.currency, "GBP");
        assert_eq!(c.payout_order, PayoutOrder::Draw);
    }

    #[test]
    fn bad_amounts_are_named() {
        let code = |s: &str| parse_major("amount", s, 2).err().map(|e| e.code);
        assert_eq!(code("-5"), Some("circle-amount-not-positive"));
        assert_eq!(code("0"), Some("circle-amount-not-positive"));
        assert_eq!(code("0.00"), Some("circle-amount-not-positive"));
        assert_eq!(code("12.345"), Some("circle-amount-not-whole"));
        assert_eq!(code("99999999999999999999999"), Some("circle-amount-too-large"));
        assert_eq!(code("1000000.01"), Some("circle-amount-too-large"));
        assert_eq!(code("ten"), Some("circle-amount-invalid"));
        assert_eq!(parse_major("amount", "12.5", 2), Ok(1250));
        assert_eq!(parse_major("amount", "1,000", 2), Ok(100_000));
        assert_eq!(parse_major("amount", "500", 0), Ok(500));
        assert_eq!(parse_major("amount", "5.5", 0).err().map(|e| e.code), Some("circle-amount-not-whole"));
        let minor = |s: &str| parse_minor("amount_minor", s).err().map(|e| e.code);
        assert_eq!(minor("12.5"), Some("circle-amount-not-whole"));
        assert_eq!(minor("-1"), Some("circle-amount-not-positive"));
        assert_eq!(minor("0"), Some("circle-amount-not-positive"));
        assert_eq!(minor("100000001"), Some("circle-amount-too-large"));
        assert_eq!(parse_minor("amount_minor", "2500"), Ok(2500));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CircleInput {
            name: " ".into(),
            amount: "-3".into(),
            currency: "ZZZ".into(),
            frequency: "daily".into(),
            start_on: "2020-01-01".into(),
            seats: "1".into(),
            rules: String::new(),
            payout_order: "lottery".into(),
            ..CircleInput::default()
        };
        let errs = check(&bad, NOW).err().map(|e| e.0).unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        for f in ["name", "amount", "currency", "frequency", "start_on", "seats", "rules", "payout_order"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn money_is_written_with_its_minor_digits() {
        assert_eq!(format_money(5000, "GBP"), "50.00 GBP");
        assert_eq!(format_money(-1205, "EUR"), "-12.05 EUR");
        assert_eq!(format_money(500, "XOF"), "500 XOF");
        assert_eq!(format_major(1205, "GBP"), "12.05");
    }

    #[test]
    fn monthly_rounds_keep_the_day_or_the_month_end() {
        let jan31 = parse_date("d", "2027-01-31").unwrap_or_default();
        assert_eq!(due_on(Frequency::Monthly, jan31, 2), parse_date("d", "2027-02-28").unwrap_or_default());
        assert_eq!(due_on(Frequency::Monthly, jan31, 13), parse_date("d", "2028-01-31").unwrap_or_default());
        assert_eq!(due_on(Frequency::Fortnightly, jan31, 2), jan31 + 14 * DAY);
    }

    #[test]
    fn the_draw_can_be_recomputed_by_hand() {
        // printf 'apple\nbanana\ncherry' | sha256sum
        let reveals = vec![(2, "banana".to_string()), (1, "apple".to_string()), (3, "cherry".to_string())];
        let d = draw_order(&reveals);
        assert_eq!(d.seed, sha256_hex("apple\nbanana\ncherry"));
        assert_eq!(d.scores[0], (1, sha256_hex(&format!("{}:1", d.seed))));
        let mut sorted = d.scores.clone();
        sorted.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(d.order, sorted.into_iter().map(|(s, _)| s).collect::<Vec<_>>());
        // The same reveals in any order give the same draw.
        let again = draw_order(&[(3, "cherry".into()), (1, "apple".into()), (2, "banana".into())]);
        assert_eq!(d, again);
    }

    #[test]
    fn a_reveal_must_match_its_commitment() {
        let c = sha256_hex("my secret");
        assert!(check_reveal(&c, "my secret").is_ok());
        assert_eq!(check_reveal(&c, "my secreT").err().map(|e| e.code), Some("circle-reveal-mismatch"));
        assert!(parse_commitment("c", &c.to_uppercase()).is_ok());
        assert!(parse_commitment("c", "abc").is_err());
    }

    // The ledger, by example and by property.

    struct World {
        people: Vec<PersonId>,
        organisers: Vec<PersonId>,
        outsider: PersonId,
        start_on: i64,
    }

    impl World {
        fn new(n: usize) -> World {
            let people: Vec<PersonId> = (0..n).map(|_| PersonId::new()).collect();
            let organisers = vec![people[0]];
            World { people, organisers, outsider: PersonId::new(), start_on: NOW - 90 * DAY }
        }
        fn rules(&self) -> CycleRules<'_> {
            CycleRules {
                cycle: 1,
                order: &self.people,
                organisers: &self.organisers,
                amount: 2500,
                frequency: Frequency::Weekly,
                start_on: self.start_on,
            }
        }
    }

    fn push(w: &World, entries: &mut Vec<Entry>, op: Op) -> Result<Entry, DomainError> {
        let e = apply(&w.rules(), entries, &op, NOW)?;
        entries.push(e.clone());
        Ok(e)
    }

    #[test]
    fn a_round_from_payment_to_payout() {
        let w = World::new(3);
        let [a, b, c] = [w.people[0], w.people[1], w.people[2]];
        let mut l = Vec::new();
        let day = w.start_on;
        assert!(matches!(
            push(&w, &mut l, Op::Contribute { by: a, round: 1, paid_on: day }),
            Err(DomainError::Invalid(_))
        ));
        let pb = push(&w, &mut l, Op::Contribute { by: b, round: 1, paid_on: day }).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            push(&w, &mut l, Op::Contribute { by: b, round: 1, paid_on: day }),
            Err(DomainError::Conflict("circle-already-contributed"))
        ));
        // Nobody confirms their own payment; a stranger is told nothing.
        assert!(matches!(
            push(&w, &mut l, Op::Confirm { by: b, entry: pb.id }),
            Err(DomainError::Forbidden("circle-cannot-confirm-own"))
        ));
        assert!(matches!(push(&w, &mut l, Op::Confirm { by: w.outsider, entry: pb.id }), Err(DomainError::NotFound)));
        assert!(matches!(
            push(&w, &mut l, Op::Confirm { by: c, entry: pb.id }),
            Err(DomainError::Forbidden("circle-recipient-or-organiser-only"))
        ));
        push(&w, &mut l, Op::Confirm { by: a, entry: pb.id }).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            push(&w, &mut l, Op::Confirm { by: a, entry: pb.id }),
            Err(DomainError::Conflict("circle-already-confirmed"))
        ));
        // A payment recorded in the future is refused, nothing written.
        let before = l.len();
        assert!(push(&w, &mut l, Op::Contribute { by: c, round: 1, paid_on: NOW + 3 * DAY }).is_err());
        assert_eq!(l.len(), before);
        let pc = push(&w, &mut l, Op::Contribute { by: c, round: 1, paid_on: day + 9 * DAY })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(push(&w, &mut l, Op::Payout { by: a, round: 1 }), Err(DomainError::Conflict(_))));
        push(&w, &mut l, Op::Dispute { by: a, entry: pc.id, note: "Not arrived".into() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(contribution_state(&l, pc.id), ContributionState::Disputed);
        push(&w, &mut l, Op::Confirm { by: a, entry: pc.id }).unwrap_or_else(|e| panic!("{e}"));
        let p = push(&w, &mut l, Op::Payout { by: a, round: 1 }).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.amount, 5000);
        assert_eq!(pot(&l, 1, 1), 5000);
        let record = record_of(&w.rules(), &l, c, NOW);
        assert_eq!(record[0], Mark::Late);
        assert_eq!(record_of(&w.rules(), &l, b, NOW)[0], Mark::OnTime);
        assert_eq!(record_of(&w.rules(), &l, a, NOW)[0], Mark::Receiving);
    }

    #[test]
    fn a_correction_lets_a_payment_be_recorded_again() {
        let w = World::new(3);
        let (a, b) = (w.people[0], w.people[1]);
        let mut l = Vec::new();
        let first =
            push(&w, &mut l, Op::Contribute { by: b, round: 1, paid_on: w.start_on }).unwrap_or_else(|e| panic!("{e}"));
        assert!(push(&w, &mut l, Op::Correct { by: b, entry: first.id, note: " ".into() }).is_err());
        push(&w, &mut l, Op::Correct { by: b, entry: first.id, note: "Wrong date".into() })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(push(&w, &mut l, Op::Confirm { by: a, entry: first.id }).is_err());
        let second = push(&w, &mut l, Op::Contribute { by: b, round: 1, paid_on: w.start_on + DAY })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(second.attempt, 1);
        push(&w, &mut l, Op::Confirm { by: a, entry: second.id }).unwrap_or_else(|e| panic!("{e}"));
        // Once confirmed, the payer cannot take it back; another organiser could.
        assert!(push(&w, &mut l, Op::Correct { by: b, entry: second.id, note: "oops".into() }).is_err());
    }

    #[derive(Debug, Clone)]
    enum Step {
        Contribute { who: usize, round: i64, days: i64 },
        Confirm { who: usize, pick: usize },
        Dispute { who: usize, pick: usize },
        Correct { who: usize, pick: usize },
        Payout { who: usize, round: i64 },
    }

    fn step(n: usize) -> impl Strategy<Value = Step> {
        // `who == n` is someone outside the circle.
        let who = 0..=n;
        let round = 0..=(n as i64 + 1);
        prop_oneof![
            (who.clone(), round.clone(), -3i64..120).prop_map(|(who, round, days)| Step::Contribute {
                who,
                round,
                days
            }),
            (who.clone(), any::<usize>()).prop_map(|(who, pick)| Step::Confirm { who, pick }),
            (who.clone(), any::<usize>()).prop_map(|(who, pick)| Step::Dispute { who, pick }),
            (who.clone(), any::<usize>()).prop_map(|(who, pick)| Step::Correct { who, pick }),
            (who, round).prop_map(|(who, round)| Step::Payout { who, round }),
        ]
    }

    fn op_of(w: &World, entries: &[Entry], s: &Step) -> Op {
        let person = |i: usize| w.people.get(i).copied().unwrap_or(w.outsider);
        let pick = |p: usize| {
            let c: Vec<&Entry> = entries.iter().filter(|e| e.kind == EntryKind::Contribution).collect();
            if c.is_empty() {
                CircleEntryId::new()
            } else {
                c[p % c.len()].id
            }
        };
        match *s {
            Step::Contribute { who, round, days } => {
                Op::Contribute { by: person(who), round, paid_on: w.start_on + days * DAY }
            }
            Step::Confirm { who, pick: p } => Op::Confirm { by: person(who), entry: pick(p) },
            Step::Dispute { who, pick: p } => Op::Dispute { by: person(who), entry: pick(p), note: "not seen".into() },
            Step::Correct { who, pick: p } => Op::Correct { by: person(who), entry: pick(p), note: "mistake".into() },
            Step::Payout { who, round } => Op::Payout { by: person(who), round },
        }
    }

    /// Bring the cycle to its end the way a tidy circle would: every unpaid
    /// member pays, the recipient confirms, the recipient takes the pot.
    fn finish(w: &World, entries: &mut Vec<Entry>) {
        let rules = w.rules();
        for round in 1..=rules.rounds() {
            if payout_of(entries, 1, round).is_some() {
                continue;
            }
            let Some(recipient) = rules.recipient(round) else { continue };
            for m in &w.people {
                if *m == recipient {
                    continue;
                }
                let existing = live_contribution(entries, 1, round, *m).cloned();
                let c = match existing {
                    Some(c) => c,
                    None => match push(w, entries, Op::Contribute { by: *m, round, paid_on: w.start_on }) {
                        Ok(c) => c,
                        Err(e) => panic!("tidy contribution refused: {e}"),
                    },
                };
                if contribution_state(entries, c.id) != ContributionState::Confirmed {
                    if let Err(e) = push(w, entries, Op::Confirm { by: recipient, entry: c.id }) {
                        panic!("tidy confirmation refused: {e}");
                    }
                }
            }
            if let Err(e) = push(w, entries, Op::Payout { by: recipient, round }) {
                panic!("tidy payout refused: {e}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever arrives, in whatever order: entries are only ever
        /// added; a round's pot is its confirmed contributions; nobody
        /// receives twice; and at the end of the cycle everybody has
        /// received exactly once and the balances sum to zero.
        #[test]
        fn the_ledger_invariants_hold(n in 2usize..6, steps in prop::collection::vec(step(6), 0..60)) {
            let w = World::new(n);
            let mut entries: Vec<Entry> = Vec::new();
            for s in steps.iter().map(|s| match s {
                // Keep people within this circle's size (or the outsider).
                Step::Contribute { who, round, days } => Step::Contribute { who: (*who).min(n), round: *round, days: *days },
                Step::Confirm { who, pick } => Step::Confirm { who: (*who).min(n), pick: *pick },
                Step::Dispute { who, pick } => Step::Dispute { who: (*who).min(n), pick: *pick },
                Step::Correct { who, pick } => Step::Correct { who: (*who).min(n), pick: *pick },
                Step::Payout { who, round } => Step::Payout { who: (*who).min(n), round: *round },
            }) {
                let before = entries.clone();
                let op = op_of(&w, &entries, &s);
                if let Ok(e) = apply(&w.rules(), &entries, &op, NOW) {
                    entries.push(e);
                }
                // Append-only: what was there is still there, unchanged.
                prop_assert_eq!(&entries[..before.len()], &before[..]);
                check_invariants(&w, &entries)?;
            }
            finish(&w, &mut entries);
            check_invariants(&w, &entries)?;
            let rules = w.rules();
            prop_assert!(cycle_complete(&rules, &entries));
            for m in &w.people {
                let payouts = entries.iter().filter(|e| e.kind == EntryKind::Payout && e.member == *m).count();
                prop_assert_eq!(payouts, 1);
            }
            let b = balances(&rules, &entries);
            prop_assert_eq!(b.iter().map(Balance::net).sum::<i64>(), 0);
            // At the end of the cycle, what each received is their payout.
            for bal in &b {
                let paid: i64 = entries.iter().filter(|e| e.kind == EntryKind::Payout && e.member == bal.member).map(|e| e.amount).sum();
                prop_assert_eq!(bal.received, paid);
            }
        }

        /// Two requests racing for the same contribution: whichever the
        /// lock lets in first wins, and the other is refused.
        #[test]
        fn of_two_simultaneous_confirmations_exactly_one_wins(first_is_organiser in any::<bool>()) {
            let w = World::new(3);
            let (a, b, c) = (w.people[0], w.people[1], w.people[2]);
            let mut l = Vec::new();
            let pc = apply(&w.rules(), &l, &Op::Contribute { by: c, round: 2, paid_on: w.start_on }, NOW);
            prop_assert!(pc.is_ok());
            let pc = pc.unwrap_or_else(|_| unreachable!());
            l.push(pc.clone());
            // b receives round 2; a is the organiser.
            let (x, y) = if first_is_organiser { (a, b) } else { (b, a) };
            let first = apply(&w.rules(), &l, &Op::Confirm { by: x, entry: pc.id }, NOW);
            prop_assert!(first.is_ok());
            l.push(first.unwrap_or_else(|_| unreachable!()));
            let second = apply(&w.rules(), &l, &Op::Confirm { by: y, entry: pc.id }, NOW);
            prop_assert!(matches!(second, Err(DomainError::Conflict("circle-already-confirmed"))));
        }
    }

    fn check_invariants(w: &World, entries: &[Entry]) -> Result<(), TestCaseError> {
        let rules = w.rules();
        for round in 1..=rules.rounds() {
            let payouts: Vec<&Entry> =
                entries.iter().filter(|e| e.kind == EntryKind::Payout && e.round == round).collect();
            prop_assert!(payouts.len() <= 1);
            if let Some(p) = payouts.first() {
                prop_assert_eq!(p.amount, pot(entries, 1, round));
                prop_assert_eq!(Some(p.member), rules.recipient(round));
            }
        }
        for m in &w.people {
            let n = entries.iter().filter(|e| e.kind == EntryKind::Payout && e.member == *m).count();
            prop_assert!(n <= 1);
        }
        prop_assert!(entries.iter().all(|e| rules.is_member(e.recorded_by)));
        prop_assert_eq!(balances(&rules, entries).iter().map(Balance::net).sum::<i64>(), 0);
        Ok(())
    }
}
