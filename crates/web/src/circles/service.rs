//! The domain operations on savings circles, shared by pages and API.
//!
//! Reading a circle needs membership, and anyone else is told it does not
//! exist (404), node admins included. Every change runs inside
//! [`plural_store::circles::Locked`], so it is checked against the circle
//! exactly as it is when written.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::circles::{self as rules, CircleInput, CycleRules, Entry, Op, PayoutOrder, Status};
use plural_kernel::ids::{CircleEntryId, CircleId, CircleSwapId};
use plural_kernel::language::Language;
use plural_kernel::{DomainError, FieldError, PersonId};
use plural_store::circles::{Circle, Locked, Member, StoredEntry, Swap};
use plural_store::StoreError;

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::{Email, SendEmail};
use crate::AppState;

/// Invitation links last a fortnight.
pub const INVITATION_TTL_SECS: i64 = 14 * 86_400;
/// A reminder goes this many days before a contribution is due.
pub const REMIND_DAYS_BEFORE: i64 = 2;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// A circle as one of its members sees it.
pub struct Loaded {
    pub circle: Circle,
    /// In payout order.
    pub members: Vec<Member>,
    pub entries: Vec<StoredEntry>,
    pub swaps: Vec<Swap>,
    pub me: PersonId,
}

/// The facts every rule about a circle needs, from its members.
pub struct Facts {
    pub order: Vec<PersonId>,
    pub organisers: Vec<PersonId>,
}

impl Facts {
    pub fn of(members: &[Member]) -> Facts {
        let mut by_position: Vec<&Member> = members.iter().collect();
        by_position.sort_by_key(|m| (m.position, m.seat));
        Facts {
            order: by_position.iter().map(|m| m.person_id).collect(),
            organisers: members.iter().filter(|m| m.organiser).map(|m| m.person_id).collect(),
        }
    }

    pub fn rules<'a>(&'a self, c: &Circle) -> CycleRules<'a> {
        CycleRules {
            cycle: c.cycle,
            order: &self.order,
            organisers: &self.organisers,
            amount: c.amount,
            frequency: c.frequency,
            start_on: c.start_on,
        }
    }
}

impl Loaded {
    pub fn facts(&self) -> Facts {
        Facts::of(&self.members)
    }

    pub fn ledger(&self) -> Vec<Entry> {
        self.entries.iter().map(|e| e.entry.clone()).collect()
    }

    pub fn is_organiser(&self) -> bool {
        self.members.iter().any(|m| m.person_id == self.me && m.organiser)
    }

    pub fn member(&self, p: PersonId) -> Option<&Member> {
        self.members.iter().find(|m| m.person_id == p)
    }

    pub fn name_of(&self, p: PersonId) -> String {
        self.member(p).and_then(|m| m.display_name.clone()).unwrap_or_default()
    }

    pub fn seats_filled(&self) -> bool {
        i64::try_from(self.members.len()).unwrap_or(0) >= self.circle.seats
    }

    /// The draw, once every member has revealed their secret.
    pub fn draw(&self) -> Option<rules::Draw> {
        draw_of(&self.circle, &self.members)
    }
}

fn draw_of(circle: &Circle, members: &[Member]) -> Option<rules::Draw> {
    if circle.payout_order != PayoutOrder::Draw || i64::try_from(members.len()).unwrap_or(0) < circle.seats {
        return None;
    }
    let reveals: Option<Vec<(i64, String)>> = members.iter().map(|m| m.secret.clone().map(|s| (m.seat, s))).collect();
    reveals.map(|r| rules::draw_order(&r))
}

fn parse_id<T: std::str::FromStr>(s: &str) -> WebResult<T> {
    s.parse().map_err(|_| WebError::not_found())
}

/// Load a circle for one of its members; 404 for anyone else.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Loaded> {
    let person = me(actor)?;
    let id: CircleId = parse_id(id)?;
    let circle = plural_store::circles::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    let members = plural_store::circles::members(&state.db, id).await?;
    authz::decide(actor, &Action::ViewCircle { member: members.iter().any(|m| m.person_id == person) })?;
    let entries = plural_store::circles::entries(&state.db, id).await?;
    let swaps = plural_store::circles::swaps(&state.db, id).await?;
    Ok(Loaded { circle, members, entries, swaps, me: person })
}

/// The circles the person belongs to.
pub async fn mine(state: &AppState, actor: &Actor) -> WebResult<Vec<Circle>> {
    let person = me(actor)?;
    Ok(plural_store::circles::of_person(&state.db, person).await?)
}

pub async fn create(state: &AppState, actor: &Actor, input: &CircleInput) -> WebResult<CircleId> {
    let person = me(actor)?;
    authz::decide(actor, &Action::CreateCircle)?;
    let checked = rules::check(input, plural_store::now()).map_err(DomainError::Invalid)?;
    Ok(plural_store::circles::create(&state.db, person, &checked).await?)
}

/// A change to a circle, held locked, with the facts read under the lock.
struct Change {
    locked: Locked,
    members: Vec<Member>,
    me: PersonId,
}

impl Change {
    fn is_organiser(&self) -> bool {
        self.members.iter().any(|m| m.person_id == self.me && m.organiser)
    }

    fn organise(&self, actor: &Actor) -> WebResult<()> {
        authz::decide(actor, &Action::OrganiseCircle { organiser: self.is_organiser() })?;
        Ok(())
    }

    fn expect(&self, status: Status, code: &'static str) -> WebResult<()> {
        if self.locked.circle.status == status {
            Ok(())
        } else {
            Err(DomainError::Conflict(code).into())
        }
    }

    async fn commit(self) -> WebResult<()> {
        self.locked.commit().await.map_err(conflict_on_unique)
    }
}

/// The database's own guards (unique indexes) caught what the lock should
/// have: say so as a conflict, not a failure.
fn conflict_on_unique(e: StoreError) -> WebError {
    if e.is_unique_violation() {
        DomainError::Conflict("circle-already-recorded").into()
    } else {
        e.into()
    }
}

async fn change(state: &AppState, actor: &Actor, id: &str) -> WebResult<Change> {
    let person = me(actor)?;
    let id: CircleId = parse_id(id)?;
    let mut locked = plural_store::circles::lock(&state.db, id).await?.ok_or(WebError::not_found())?;
    let members = locked.members().await?;
    authz::decide(actor, &Action::ViewCircle { member: members.iter().any(|m| m.person_id == person) })?;
    Ok(Change { locked, members, me: person })
}

/// Make an invitation link (organisers, while seats are free); the secret.
pub async fn invite(state: &AppState, actor: &Actor, id: &str) -> WebResult<String> {
    let c = change(state, actor, id).await?;
    c.organise(actor)?;
    c.expect(Status::Forming, "circle-not-forming")?;
    if i64::try_from(c.members.len()).unwrap_or(0) >= c.locked.circle.seats {
        return Err(DomainError::Conflict("circle-full").into());
    }
    let circle = c.locked.circle.id;
    c.commit().await?;
    Ok(plural_store::circles::create_invitation(&state.db, circle, me(actor)?, INVITATION_TTL_SECS).await?)
}

/// The circle an invitation link is for: what someone deciding to join may
/// see (its terms and rules, not its members or ledger). 404 when the link
/// is unknown or expired.
pub async fn invitation(state: &AppState, token: &str) -> WebResult<Circle> {
    let id = plural_store::circles::invitation(&state.db, token).await?.ok_or(WebError::not_found())?;
    plural_store::circles::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// Take a seat through an invitation link, accepting the rules.
pub async fn join(state: &AppState, actor: &Actor, token: &str, accepts_rules: bool) -> WebResult<CircleId> {
    let person = me(actor)?;
    let circle = invitation(state, token).await?;
    if !accepts_rules {
        return Err(DomainError::field("accept_rules", "circle-rules-not-accepted").into());
    }
    let mut locked = plural_store::circles::lock(&state.db, circle.id).await?.ok_or(WebError::not_found())?;
    let members = locked.members().await?;
    if members.iter().any(|m| m.person_id == person) {
        return Err(DomainError::Conflict("circle-already-member").into());
    }
    if locked.circle.status != Status::Forming {
        return Err(DomainError::Conflict("circle-not-forming").into());
    }
    let seat = i64::try_from(members.len()).unwrap_or(i64::MAX) + 1;
    if seat > locked.circle.seats {
        return Err(DomainError::Conflict("circle-full").into());
    }
    locked.add_member(person, seat).await.map_err(|e| {
        if e.is_unique_violation() {
            DomainError::Conflict("circle-already-member").into()
        } else {
            WebError::from(e)
        }
    })?;
    locked.commit().await?;
    Ok(circle.id)
}

/// Commit to a secret for the draw: the secret itself (the node keeps only
/// its SHA-256) or a commitment worked out by the member.
pub async fn commit_secret(
    state: &AppState,
    actor: &Actor,
    id: &str,
    secret: Option<&str>,
    commitment: Option<&str>,
) -> WebResult<()> {
    // Only members learn anything of a circle, even what its forms lack.
    let mut c = change(state, actor, id).await?;
    let commitment = match (secret.filter(|s| !s.trim().is_empty()), commitment.filter(|s| !s.trim().is_empty())) {
        (Some(s), _) => rules::sha256_hex(&rules::parse_secret("secret", s).map_err(DomainError::from)?),
        (None, Some(c)) => rules::parse_commitment("commitment", c).map_err(DomainError::from)?,
        (None, None) => return Err(DomainError::field("secret", "circle-secret-required").into()),
    };
    c.expect(Status::Forming, "circle-not-forming")?;
    if c.locked.circle.payout_order != PayoutOrder::Draw {
        return Err(DomainError::Conflict("circle-no-draw").into());
    }
    if c.members.iter().any(|m| m.person_id == c.me && m.commitment.is_some()) {
        return Err(DomainError::Conflict("circle-already-committed").into());
    }
    let me = c.me;
    c.locked.set_commitment(me, &commitment).await?;
    c.commit().await
}

/// Reveal the secret once every seat is filled and everyone has committed.
pub async fn reveal(state: &AppState, actor: &Actor, id: &str, secret: &str) -> WebResult<()> {
    let mut c = change(state, actor, id).await?;
    let secret = rules::parse_secret("secret", secret).map_err(DomainError::from)?;
    c.expect(Status::Forming, "circle-not-forming")?;
    if c.locked.circle.payout_order != PayoutOrder::Draw {
        return Err(DomainError::Conflict("circle-no-draw").into());
    }
    let everyone = i64::try_from(c.members.len()).unwrap_or(0) >= c.locked.circle.seats
        && c.members.iter().all(|m| m.commitment.is_some());
    if !everyone {
        return Err(DomainError::Conflict("circle-draw-not-ready").into());
    }
    let mine = c.members.iter().find(|m| m.person_id == c.me).ok_or(WebError::not_found())?;
    if mine.secret.is_some() {
        return Err(DomainError::Conflict("circle-already-revealed").into());
    }
    rules::check_reveal(mine.commitment.as_deref().unwrap_or(""), &secret).map_err(DomainError::from)?;
    let me = c.me;
    c.locked.set_secret(me, &secret).await?;
    c.commit().await
}

/// Start paying rounds: every seat filled (everyone accepted the rules on
/// joining) and, for a draw, every secret revealed, which fixes the order.
pub async fn start(state: &AppState, actor: &Actor, id: &str) -> WebResult<()> {
    let mut c = change(state, actor, id).await?;
    c.organise(actor)?;
    c.expect(Status::Forming, "circle-not-forming")?;
    if i64::try_from(c.members.len()).unwrap_or(0) < c.locked.circle.seats {
        return Err(DomainError::Conflict("circle-seats-empty").into());
    }
    if c.locked.circle.payout_order == PayoutOrder::Draw {
        let draw = draw_of(&c.locked.circle, &c.members).ok_or(DomainError::Conflict("circle-draw-not-ready"))?;
        let positions: Vec<(PersonId, i64)> = draw
            .order
            .iter()
            .enumerate()
            .filter_map(|(i, seat)| {
                let m = c.members.iter().find(|m| m.seat == *seat)?;
                Some((m.person_id, i64::try_from(i).ok()? + 1))
            })
            .collect();
        c.locked.set_positions(&positions).await?;
    }
    c.locked.set_status(Status::Running).await?;
    c.commit().await
}

/// A ledger operation as asked for, before the facts are known.
pub enum Ask<'a> {
    Contribute { round: i64, paid_on: &'a str },
    Confirm { entry: &'a str },
    Dispute { entry: &'a str, note: &'a str },
    Correct { entry: &'a str, note: &'a str },
    Payout { round: i64 },
}

/// Add one entry to the ledger of the current cycle. A payout that
/// completes the cycle finishes it.
pub async fn record(state: &AppState, actor: &Actor, id: &str, ask: Ask<'_>) -> WebResult<CircleEntryId> {
    let entry_id = |s: &str| -> WebResult<CircleEntryId> { parse_id(s) };
    let mut c = change(state, actor, id).await?;
    c.expect(Status::Running, "circle-not-running")?;
    let by = c.me;
    let op = match ask {
        Ask::Contribute { round, paid_on } => {
            let paid_on = rules::parse_date("paid_on", paid_on).map_err(DomainError::from)?;
            Op::Contribute { by, round, paid_on }
        }
        Ask::Confirm { entry } => Op::Confirm { by, entry: entry_id(entry)? },
        Ask::Dispute { entry, note } => Op::Dispute { by, entry: entry_id(entry)?, note: note.to_string() },
        Ask::Correct { entry, note } => Op::Correct { by, entry: entry_id(entry)?, note: note.to_string() },
        Ask::Payout { round } => Op::Payout { by, round },
    };
    let mut ledger: Vec<Entry> = c.locked.entries().await?.into_iter().map(|e| e.entry).collect();
    let facts = Facts::of(&c.members);
    let cycle_rules = facts.rules(&c.locked.circle);
    let entry = rules::apply(&cycle_rules, &ledger, &op, plural_store::now())?;
    c.locked.append(&entry).await.map_err(conflict_on_unique)?;
    ledger.push(entry.clone());
    if rules::cycle_complete(&cycle_rules, &ledger) {
        c.locked.set_status(Status::Finished).await?;
    }
    c.commit().await?;
    Ok(entry.id)
}

/// Whether a member's round is still untouched in this cycle, so it may
/// move: nothing recorded for it yet.
fn round_untouched(entries: &[StoredEntry], cycle: i64, round: i64) -> bool {
    !entries.iter().any(|e| e.entry.cycle == cycle && e.entry.round == round)
}

/// Ask another member to swap places in the payout order.
pub async fn propose_swap(state: &AppState, actor: &Actor, id: &str, with: &str) -> WebResult<CircleSwapId> {
    let mut c = change(state, actor, id).await?;
    if !matches!(c.locked.circle.status, Status::Forming | Status::Running) {
        return Err(DomainError::Conflict("circle-ended").into());
    }
    let other: PersonId = with.trim().parse().map_err(|_| DomainError::field("with", "circle-member-invalid"))?;
    if other == c.me || !c.members.iter().any(|m| m.person_id == other) {
        return Err(DomainError::field("with", "circle-member-invalid").into());
    }
    let pending = c.locked.swaps().await?.into_iter().any(|s| {
        s.status == "proposed"
            && ((s.proposed_by == c.me && s.proposed_to == other) || (s.proposed_by == other && s.proposed_to == c.me))
    });
    if pending {
        return Err(DomainError::Conflict("circle-swap-pending").into());
    }
    let me = c.me;
    let swap = c.locked.propose_swap(me, other).await?;
    c.commit().await?;
    Ok(swap)
}

/// Accept or decline a swap proposed to you. Accepting exchanges the two
/// places, as long as neither round has anything recorded yet.
pub async fn decide_swap(state: &AppState, actor: &Actor, id: &str, swap: &str, accept: bool) -> WebResult<()> {
    let swap_id: CircleSwapId = parse_id(swap)?;
    let mut c = change(state, actor, id).await?;
    let swap = c.locked.swaps().await?.into_iter().find(|s| s.id == swap_id).ok_or(WebError::not_found())?;
    if swap.proposed_to != c.me {
        return Err(DomainError::Forbidden("circle-swap-not-yours").into());
    }
    if swap.status != "proposed" || swap.cycle != c.locked.circle.cycle {
        return Err(DomainError::Conflict("circle-swap-decided").into());
    }
    if accept {
        if !matches!(c.locked.circle.status, Status::Forming | Status::Running) {
            return Err(DomainError::Conflict("circle-ended").into());
        }
        let position = |p: PersonId| c.members.iter().find(|m| m.person_id == p).map(|m| m.position);
        let (Some(a), Some(b)) = (position(swap.proposed_by), position(swap.proposed_to)) else {
            return Err(WebError::not_found());
        };
        let entries = c.locked.entries().await?;
        let cycle = c.locked.circle.cycle;
        if !round_untouched(&entries, cycle, a) || !round_untouched(&entries, cycle, b) {
            return Err(DomainError::Conflict("circle-swap-too-late").into());
        }
        c.locked.set_positions(&[(swap.proposed_by, b), (swap.proposed_to, a)]).await?;
    }
    c.locked.decide_swap(swap_id, accept).await?;
    c.commit().await
}

/// Make another member a co-organiser.
pub async fn add_organiser(state: &AppState, actor: &Actor, id: &str, person: &str) -> WebResult<()> {
    let mut c = change(state, actor, id).await?;
    c.organise(actor)?;
    let p: PersonId = person.trim().parse().map_err(|_| DomainError::field("person", "circle-member-invalid"))?;
    if !c.members.iter().any(|m| m.person_id == p) {
        return Err(DomainError::field("person", "circle-member-invalid").into());
    }
    c.locked.set_organiser(p).await?;
    c.commit().await
}

/// Begin another cycle with the same members, once this one is finished.
pub async fn next_cycle(state: &AppState, actor: &Actor, id: &str, start_on: &str) -> WebResult<()> {
    let mut c = change(state, actor, id).await?;
    c.organise(actor)?;
    let start = rules::parse_start("start_on", start_on, plural_store::now()).map_err(DomainError::from)?;
    c.expect(Status::Finished, "circle-not-finished")?;
    // A new cycle must not begin before the last one's final round was due.
    let facts = Facts::of(&c.members);
    let last_due = facts.rules(&c.locked.circle).due_on(c.locked.circle.seats);
    if start <= last_due {
        return Err(DomainError::field("start_on", "circle-start-before-last-round").into());
    }
    c.locked.next_cycle(start).await?;
    c.commit().await
}

/// End the circle early; the settlement shows who is owed what.
pub async fn wind_up(state: &AppState, actor: &Actor, id: &str) -> WebResult<()> {
    let mut c = change(state, actor, id).await?;
    c.organise(actor)?;
    if !matches!(c.locked.circle.status, Status::Forming | Status::Running) {
        return Err(DomainError::Conflict("circle-ended").into());
    }
    c.locked.set_status(Status::WoundUp).await?;
    c.commit().await
}

/// One member's line in the settlement.
pub struct Settlement {
    pub member: PersonId,
    pub name: String,
    pub paid_in: i64,
    pub received: i64,
    pub net: i64,
}

/// Who has paid in and received what in the current cycle; a positive net
/// is owed to the member, a negative one is owed by them. Nets sum to zero.
pub fn settlement(l: &Loaded) -> Vec<Settlement> {
    let facts = l.facts();
    let ledger = l.ledger();
    rules::balances(&facts.rules(&l.circle), &ledger)
        .into_iter()
        .map(|b| Settlement {
            member: b.member,
            name: l.name_of(b.member),
            paid_in: b.paid_in,
            received: b.received,
            net: b.net(),
        })
        .collect()
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The whole ledger as CSV, for a member's own records.
pub fn statement_csv(l: &Loaded) -> WebResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "seq",
        "recorded_at",
        "cycle",
        "round",
        "kind",
        "member",
        "amount",
        "currency",
        "recorded_by",
        "refers_to",
        "paid_on",
        "note",
    ];
    let csv_err = |e: csv::Error| WebError::Internal(anyhow::anyhow!("csv: {e}"));
    w.write_record(header).map_err(csv_err)?;
    let c = &l.circle;
    for s in &l.entries {
        let e = &s.entry;
        let amount = if e.amount > 0 { rules::format_major(e.amount, &c.currency) } else { String::new() };
        let row = [
            s.seq.to_string(),
            date_time(s.recorded_at),
            e.cycle.to_string(),
            e.round.to_string(),
            e.kind.as_str().to_string(),
            cell(&l.name_of(e.member)),
            amount,
            c.currency.clone(),
            cell(&l.name_of(e.recorded_by)),
            e.refers_to.map(|r| r.to_string()).unwrap_or_default(),
            e.paid_on.map(date_string).unwrap_or_default(),
            cell(&e.note),
        ];
        w.write_record(&row).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| WebError::Internal(anyhow::anyhow!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| WebError::Internal(anyhow::anyhow!("csv: {e}")))
}

/// A stored day as `YYYY-MM-DD`.
pub fn date_string(unix: i64) -> String {
    let t = plural_store::from_unix(unix);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

fn date_time(unix: i64) -> String {
    let t = plural_store::from_unix(unix);
    format!("{} {:02}:{:02}", date_string(unix), t.hour(), t.minute())
}

/// Field errors of a form or body that never reached the kernel.
pub fn field(field: &'static str, code: &'static str) -> WebError {
    WebError::Domain(DomainError::from(FieldError::new(field, code)))
}

// Reminders.

/// Queue reminders for contributions due soon or late, once each. Run by
/// the worker; safe to run from several processes at once (each reminder
/// is claimed by a row before its email is queued).
pub async fn send_reminders(state: &AppState, now: i64) -> WebResult<usize> {
    let today = rules::day_start(now);
    let mut sent = 0;
    for circle in plural_store::circles::running(&state.db).await? {
        let members = plural_store::circles::members(&state.db, circle.id).await?;
        let entries: Vec<Entry> =
            plural_store::circles::entries(&state.db, circle.id).await?.into_iter().map(|e| e.entry).collect();
        let facts = Facts::of(&members);
        let cycle_rules = facts.rules(&circle);
        let mut due = Vec::new();
        for round in 1..=cycle_rules.rounds() {
            if rules::payout_of(&entries, circle.cycle, round).is_some() {
                continue;
            }
            let due_on = cycle_rules.due_on(round);
            let kind = if today > due_on {
                "late"
            } else if today + REMIND_DAYS_BEFORE * 86_400 >= due_on {
                "due"
            } else {
                continue;
            };
            for m in &members {
                if cycle_rules.recipient(round) == Some(m.person_id)
                    || rules::live_contribution(&entries, circle.cycle, round, m.person_id).is_some()
                {
                    continue;
                }
                if plural_store::circles::reminded(&state.db, circle.id, circle.cycle, round, m.person_id, kind).await?
                {
                    continue;
                }
                let Some(to) = plural_store::people::email(&state.db, &state.key, m.person_id).await? else { continue };
                let lang =
                    plural_store::people::get(&state.db, m.person_id).await?.map(|p| p.language).unwrap_or_default();
                let email = reminder_email(state, lang, to, &circle, round, due_on, kind);
                let json = serde_json::to_string(&email).map_err(|e| WebError::Internal(e.into()))?;
                due.push(plural_store::circles::Reminder {
                    circle: circle.id,
                    cycle: circle.cycle,
                    round,
                    person: m.person_id,
                    kind,
                    job: SendEmail { sealed: state.key.seal(&json) },
                });
            }
        }
        sent += plural_store::circles::claim_reminders(&state.db, &due).await?;
    }
    Ok(sent)
}

fn reminder_email(
    state: &AppState,
    lang: Language,
    to: String,
    c: &Circle,
    round: i64,
    due_on: i64,
    kind: &str,
) -> Email {
    let args = [
        ("node", state.node_name.to_string()),
        ("circle", c.name.clone()),
        ("round", round.to_string()),
        ("amount", rules::format_money(c.amount, &c.currency)),
        ("date", date_string(due_on)),
        ("link", format!("{}/circles/{}", state.config.base(), c.id)),
    ];
    Email {
        to,
        subject: t_args(lang, &format!("circle-email-{kind}-subject"), &args),
        text: t_args(lang, &format!("circle-email-{kind}-body"), &args),
        ..Email::default()
    }
}

/// A circle in its member's own data export: what they joined and the ledger
/// lines about them or written by them. Only that member's export holds it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportCircle {
    pub id: String,
    pub name: String,
    /// Each contribution, in minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub seat: i64,
    /// The round whose pot the member receives.
    pub position: i64,
    pub organiser: bool,
    pub joined_at: i64,
    pub entries: Vec<ExportCircleEntry>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportCircleEntry {
    pub id: String,
    /// `contribution`, `confirmation`, `dispute`, `correction` or `payout`.
    pub kind: String,
    pub cycle: i64,
    pub round: i64,
    pub amount: i64,
    /// The entry is about the member (their payment, or their pot).
    pub about_me: bool,
    pub recorded_by_me: bool,
    pub note: String,
    pub recorded_at: i64,
}

/// The circles a person belongs to, for their own data export.
pub async fn export_for(state: &AppState, person: PersonId) -> WebResult<Vec<ExportCircle>> {
    let mut out = Vec::new();
    for circle in plural_store::circles::of_person(&state.db, person).await? {
        let members = plural_store::circles::members(&state.db, circle.id).await?;
        let Some(me) = members.iter().find(|m| m.person_id == person) else { continue };
        let entries = plural_store::circles::entries(&state.db, circle.id)
            .await?
            .into_iter()
            .filter(|s| s.entry.member == person || s.entry.recorded_by == person)
            .map(|s| ExportCircleEntry {
                id: s.entry.id.to_string(),
                kind: s.entry.kind.as_str().to_string(),
                cycle: s.entry.cycle,
                round: s.entry.round,
                amount: s.entry.amount,
                about_me: s.entry.member == person,
                recorded_by_me: s.entry.recorded_by == person,
                note: s.entry.note,
                recorded_at: s.recorded_at,
            })
            .collect();
        out.push(ExportCircle {
            id: circle.id.to_string(),
            name: circle.name,
            amount: circle.amount,
            currency: circle.currency,
            status: circle.status.as_str().to_string(),
            seat: me.seat,
            position: me.position,
            organiser: me.organiser,
            joined_at: me.joined_at,
            entries,
        });
    }
    Ok(out)
}
