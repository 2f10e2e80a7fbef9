//! Demo content for node rules: one change the node's members carried by a
//! poll (blocking a domain that flooded the node with adverts), and one
//! proposal still being voted on (a larger smallest group for insight
//! releases).

use plural_kernel::node_rules::{self, Rule, DAYS_DEFAULT};
use plural_kernel::polls::{Ballot, CheckedPoll, Kind, Results};
use plural_kernel::PersonId;
use plural_store::Db;
use plural_web::rules::service::RuleDecide;

const DAY: i64 = 86_400;

fn poll(question: &str, reason: &str, opens_at: i64, closes_at: i64) -> CheckedPoll {
    CheckedPoll {
        question: question.into(),
        description: reason.into(),
        kind: Kind::Single,
        options: vec!["Yes, change it".into(), "No, keep it as it is".into()],
        max_choices: 1,
        results: Results::AfterClose,
        opens_at,
        closes_at,
    }
}

pub async fn seed_rules(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let place = plural_store::places::by_slug(db, "lambeth")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo place lambeth missing"))?;
    let now = plural_store::now();

    // Carried: 6 yes, 1 no.
    let reason = "Since August, accounts on adverts.example have followed our places and replied to every event with adverts for payday loans. Their admins have not answered two reports.";
    let p = poll("Should this node stop federating with adverts.example?", reason, now - 20 * DAY, now + DAY);
    let (id, poll_id) =
        plural_store::rules::propose(db, Rule::BlockDomain, "adverts.example", reason, person(1)?, place.id, &p)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo rule change refused"))?;
    let votes: &[(usize, usize)] = &[(1, 0), (2, 0), (3, 0), (5, 0), (6, 1), (7, 0), (8, 0)];
    for (voter, choice) in votes {
        plural_store::polls::vote(db, &poll_id, person(*voter)?, &Ballot(vec![*choice]).encode()).await?;
    }
    plural_store::polls::set_closes_at(db, &poll_id, now - 6 * DAY).await?;
    plural_store::rules::decide(db, &id, 6, 1, 3, node_rules::carried(6, 1, 3)).await?;

    // Open: a larger smallest group.
    let reason = "Our estates are small. With groups of 10, a table split by month can still point at a household on a quiet street; 15 would make that much harder, at the cost of a few more withheld cells.";
    let closes = now - now.rem_euclid(DAY) + DAYS_DEFAULT * DAY + DAY - 1;
    let p = poll("Should the smallest group shown in insight releases be 15?", reason, now, closes);
    let (id, poll_id) = plural_store::rules::propose(db, Rule::MinGroupSize, "15", reason, person(4)?, place.id, &p)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo rule change refused"))?;
    for voter in [4, 9] {
        plural_store::polls::vote(db, &poll_id, person(voter)?, &Ballot(vec![0]).encode()).await?;
    }
    plural_store::jobs::enqueue_at(db.writer(), &RuleDecide { id }, closes + 1).await?;
    Ok(())
}
