//! A demo savings circle part-way through its cycle: five neighbours paying
//! £50 a month, their order drawn fairly, two pots received, the third
//! round half confirmed, one payment waiting and one disputed. Kwame (the
//! demo resident) organises it, so signing in as him shows it all.

use plural_kernel::circles::{self as rules, CheckedCircle, CycleRules, Entry, Frequency, Op, PayoutOrder, Status};
use plural_kernel::PersonId;
use plural_store::Db;

const DAY: i64 = 86_400;

/// The members (indexes into the demo's people) and the secret each drew with.
const MEMBERS: &[(usize, &str)] =
    &[(1, "mango season"), (2, "blue door on Acre Lane"), (4, "sambusa"), (6, "Sunday choir"), (7, "lemon tree")];

pub async fn seed_circles(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let now = plural_store::now();
    // The first payment was due a little over two months ago.
    let start_on = rules::day_start(now) - 70 * DAY;
    let circle = CheckedCircle {
        name: "Coldharbour Lane pardner".into(),
        amount: 5000,
        currency: "GBP".into(),
        frequency: Frequency::Monthly,
        start_on,
        seats: i64::try_from(MEMBERS.len())?,
        rules: "Pay £50 by bank transfer to the month's recipient by the due date.\n\
                If you will be late, tell the group before the due date; two late payments in a row and we talk it \
                through together at the next meet-up.\n\
                If someone has to leave early, what they paid in is settled before the end of the cycle."
            .into(),
        payout_order: PayoutOrder::Draw,
    };
    let organiser = person(MEMBERS[0].0)?;
    let id = plural_store::circles::create(db, organiser, &circle).await?;

    // Everyone joins, commits to a secret, then reveals it.
    let mut l = plural_store::circles::lock(db, id).await?.ok_or_else(|| anyhow::anyhow!("demo circle vanished"))?;
    for (seat, (i, _)) in MEMBERS.iter().enumerate().skip(1) {
        l.add_member(person(*i)?, i64::try_from(seat)? + 1).await?;
    }
    for (i, secret) in MEMBERS {
        l.set_commitment(person(*i)?, &rules::sha256_hex(secret)).await?;
        l.set_secret(person(*i)?, secret).await?;
    }
    l.set_organiser(person(MEMBERS[2].0)?).await?;
    let reveals: Vec<(i64, String)> =
        MEMBERS.iter().enumerate().map(|(s, (_, secret))| (s as i64 + 1, secret.to_string())).collect();
    let draw = rules::draw_order(&reveals);
    let mut order = Vec::new();
    for (position, seat) in draw.order.iter().enumerate() {
        let (i, _) = MEMBERS[usize::try_from(*seat - 1)?];
        order.push((person(i)?, i64::try_from(position)? + 1));
    }
    l.set_positions(&order).await?;
    l.set_status(Status::Running).await?;
    l.commit().await?;

    // Rounds 1 and 2: everyone paid (one late), the recipient confirmed and
    // took the pot. Round 3: two confirmed, one waiting, one disputed.
    let in_order: Vec<PersonId> = order.iter().map(|(p, _)| *p).collect();
    let organisers = vec![organiser, person(MEMBERS[2].0)?];
    let rules_now = CycleRules {
        cycle: 1,
        order: &in_order,
        organisers: &organisers,
        amount: 5000,
        frequency: Frequency::Monthly,
        start_on,
    };
    let mut ledger: Vec<Entry> = Vec::new();
    let mut steps: Vec<Op> = Vec::new();
    for round in 1..=3 {
        let due = rules_now.due_on(round);
        for (k, m) in in_order.iter().enumerate() {
            if Some(*m) == rules_now.recipient(round) {
                continue;
            }
            let late = round == 2 && k == 3;
            let paid_on = if late { due + 4 * DAY } else { due };
            if paid_on <= now {
                steps.push(Op::Contribute { by: *m, round, paid_on });
            }
        }
    }
    for op in steps {
        let entry = rules::apply(&rules_now, &ledger, &op, now)?;
        append(db, id, &entry).await?;
        ledger.push(entry);
    }
    let recipient = |round: i64| rules_now.recipient(round).ok_or_else(|| anyhow::anyhow!("no recipient"));
    let round_entries: Vec<(i64, plural_kernel::ids::CircleEntryId)> = ledger.iter().map(|e| (e.round, e.id)).collect();
    let mut third = 0;
    for (round, entry) in round_entries {
        let op = match round {
            1 | 2 => Op::Confirm { by: recipient(round)?, entry },
            _ => {
                third += 1;
                match third {
                    1 | 2 => Op::Confirm { by: recipient(round)?, entry },
                    3 => Op::Dispute {
                        by: recipient(round)?,
                        entry,
                        note: "Not in my account yet — can you check the reference?".into(),
                    },
                    _ => continue,
                }
            }
        };
        let e = rules::apply(&rules_now, &ledger, &op, now)?;
        append(db, id, &e).await?;
        ledger.push(e);
    }
    for round in 1..=2 {
        let e = rules::apply(&rules_now, &ledger, &Op::Payout { by: recipient(round)?, round }, now)?;
        append(db, id, &e).await?;
        ledger.push(e);
    }
    Ok(())
}

async fn append(db: &Db, id: plural_kernel::ids::CircleId, e: &Entry) -> anyhow::Result<()> {
    let mut l = plural_store::circles::lock(db, id).await?.ok_or_else(|| anyhow::anyhow!("demo circle vanished"))?;
    l.append(e).await?;
    l.commit().await?;
    Ok(())
}
