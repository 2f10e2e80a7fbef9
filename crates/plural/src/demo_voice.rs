//! Demo community voice: residents' proposals in the demo's places, with
//! supporters, a threaded discussion (one comment reported, waiting for
//! Coldharbour's steward), Lambeth Council's official answers — one
//! accepted and under way ("you said, we did"), one not taken forward —
//! and a draft only its author sees. Polls of every kind in Coldharbour,
//! open for Kwame to vote in, and a closed ranked poll in Lambeth with its
//! rounds. Participatory budgets (one voting, one decided) and Lambeth
//! Council's consultations (one open, one closed with its response).

use plural_kernel::voice::{self as rules, AnswerState, ProposalInput};
use plural_kernel::PersonId;
use plural_store::voice::{NewAnswer, NewReport};
use plural_store::Db;

struct DemoProposal {
    /// Index into the demo's people.
    author: usize,
    place: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    supporters: &'static [usize],
    /// (state, words) given by Lambeth Council, oldest first.
    answers: &'static [(AnswerState, &'static str)],
    publish: bool,
}

const PROPOSALS: &[DemoProposal] = &[
    DemoProposal {
        author: 1,
        place: "coldharbour",
        title: "A safe crossing on Coldharbour Lane by the primary school",
        summary: "Children cross at the bend by the bus stop, where drivers cannot see them until the last moment.",
        body: "Parents counted 40 near misses this term. A zebra crossing, or at least a lollipop person at 8.30 and 3.15, would make the walk to school safe.\nThe school and the tenants' association both back this.",
        supporters: &[2, 3, 5, 6, 7, 8, 11],
        answers: &[
            (AnswerState::Accepted, "Thank you to everyone who supported this. Our highways team visited at school times and agreed with you: we will install a zebra crossing with a build-out at the bend, funded from the Safer Streets budget."),
            (AnswerState::InProgress, "The design is agreed with the school. Works are booked for the February half-term so no school days are disrupted."),
        ],
        publish: true,
    },
    DemoProposal {
        author: 7,
        place: "brixton-hill",
        title: "Open St Saviour's playground to families at weekends",
        summary: "The only flat, safe play space nearby is locked from Friday evening to Monday morning.",
        body: "Other boroughs open school playgrounds on Saturdays with a volunteer keyholder.",
        supporters: &[1, 4, 10],
        answers: &[
            (AnswerState::NotTakenForward, "The playground belongs to the school's trust, not the council, and the trust's insurer will not cover unsupervised weekend use. We have passed the proposal to the trust and will share their reply here. The new play area in Brixton Hill park opens in the spring."),
        ],
        publish: true,
    },
    DemoProposal {
        author: 3,
        place: "stockwell",
        title: "A drinking fountain in Stockwell Memorial Garden",
        summary: "People exercising and children playing in the garden have nowhere to fill a bottle.",
        body: "A fountain would also cut down on plastic bottles in the bins.",
        supporters: &[2, 9],
        answers: &[],
        publish: true,
    },
    DemoProposal {
        author: 4,
        place: "peckham",
        title: "Longer opening hours at Peckham Library on weekday evenings",
        summary: "Students and people working shifts cannot get there before it closes at six.",
        body: "",
        supporters: &[10, 11],
        answers: &[],
        publish: true,
    },
    DemoProposal {
        author: 1,
        place: "coldharbour",
        title: "Bins with lids on the Loughborough Estate",
        summary: "Foxes open the bin bags every night.",
        body: "Still gathering photos before I publish this.",
        supporters: &[],
        answers: &[],
        publish: false,
    },
];

pub async fn seed_voice(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let council = plural_store::groups::by_slug(db, "lambeth-council")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo group lambeth-council missing"))?;
    let mut crossing = None;
    for d in PROPOSALS {
        let place = plural_store::places::by_slug(db, d.place)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo place {} missing", d.place))?;
        let input = ProposalInput { title: d.title.into(), summary: d.summary.into(), body: d.body.into() };
        let checked = rules::check_proposal(&input).map_err(|e| anyhow::anyhow!("demo proposal: {e}"))?;
        let id = plural_store::voice::create(db, place.id, person(d.author)?, &checked, d.publish).await?;
        for s in d.supporters {
            plural_store::voice::support(db, &id, person(*s)?).await?;
        }
        let mut from = None;
        for (state, words) in d.answers {
            let a = NewAnswer {
                proposal: &id,
                place: place.id,
                from,
                state: *state,
                body: words,
                group: Some(council.id),
                author: person(9)?,
            };
            plural_store::voice::answer(db, &a).await?;
            from = Some(*state);
        }
        if crossing.is_none() {
            crossing = Some((id, place.id));
        }
    }
    // A discussion under the crossing proposal; Joe's reply went too far and
    // Lena reported it: it waits for Grace, Coldharbour's steward.
    if let Some((id, place)) = crossing {
        let add = |parent: Option<String>, who: usize, words: &'static str| {
            let id = id.clone();
            async move {
                let parent = parent.as_deref();
                plural_store::voice::add_comment(db, &id, parent, person(who)?, words)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo comment refused"))
            }
        };
        let first = add(None, 2, "My grandson crosses there every morning. Please, before someone is hurt.").await?;
        add(
            Some(first.clone()),
            8,
            "Agreed. The parked vans at the bend make it worse; could the double yellow lines be extended too?",
        )
        .await?;
        let rude = add(Some(first), 11, "The council never listens. Whoever runs highways should be sacked.").await?;
        add(None, 5, "The tenants' association will write to the school to back this.").await?;
        let report = NewReport {
            place,
            proposal: &id,
            comment: &rude,
            reporter: person(10)?,
            reason: "abusive",
            details: "Aimed at a named officer.",
        };
        plural_store::voice::report(db, &report).await?;
    }
    Ok(())
}

struct DemoPoll {
    question: &'static str,
    description: &'static str,
    kind: &'static str,
    options: &'static str,
    max_choices: &'static str,
    results: &'static str,
    /// Index into the demo's people: the place's steward, or a node admin.
    author: usize,
    place: &'static str,
    /// Ballots (option positions, in order of preference) and the people casting them.
    votes: &'static [(usize, &'static [usize])],
    /// Closed a week ago, so its results show.
    closed: bool,
}

const POLLS: &[DemoPoll] = &[
    DemoPoll {
        question: "Which evening suits you for the tenants' meeting?",
        description: "We will meet in the community room at Loughborough Estate.",
        kind: "single",
        options: "Tuesday\nWednesday\nThursday",
        max_choices: "",
        results: "live",
        author: 6,
        place: "coldharbour",
        votes: &[(5, &[1]), (8, &[1])],
        closed: false,
    },
    DemoPoll {
        question: "What should the Coldharbour summer fair include?",
        description: "Tick everything you would come for.",
        kind: "approval",
        options: "Food from the estate's kitchens\nA children's sports day\nLive music\nA plant and seed swap",
        max_choices: "",
        results: "after_close",
        author: 6,
        place: "coldharbour",
        votes: &[(5, &[0, 3]), (8, &[0, 1, 2])],
        closed: false,
    },
    DemoPoll {
        question: "Pick two improvements for the estate's courtyard",
        description: "The tenants' association has a small grant for this spring.",
        kind: "multiple",
        options: "More benches\nBetter lighting\nA water fountain\nPlanters",
        max_choices: "2",
        results: "live",
        author: 6,
        place: "coldharbour",
        votes: &[(5, &[0, 1]), (8, &[1, 3])],
        closed: false,
    },
    DemoPoll {
        question: "Rank the uses for the empty shop unit on Coldharbour Lane",
        description:
            "The council offered the unit to the community for two years. Rank the ideas; we count by instant runoff.",
        kind: "ranked",
        options: "A repair café\nA youth club\nA community pantry",
        max_choices: "",
        results: "live",
        author: 6,
        place: "coldharbour",
        votes: &[(5, &[2, 0]), (8, &[0, 2])],
        closed: false,
    },
    DemoPoll {
        question: "A name for the new community hub on Acre Lane",
        description: "Chosen by instant runoff; the hub opens in the new year.",
        kind: "ranked",
        options: "The Acre\nWindrush House\nThe Common Room",
        max_choices: "",
        results: "after_close",
        author: 0,
        place: "lambeth",
        votes: &[
            (1, &[1, 2]),
            (2, &[1]),
            (3, &[0, 2]),
            (9, &[2, 1]),
            (5, &[0]),
            (6, &[2, 0]),
            (7, &[1, 0]),
            (8, &[0, 1]),
            (10, &[2, 1]),
        ],
        closed: true,
    },
];

pub async fn seed_polls(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    use plural_kernel::polls::{self as poll_rules, Ballot, PollInput};
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let now = plural_store::now();
    let closes = plural_store::from_unix(now + 14 * 86_400);
    let closes_on = format!("{:04}-{:02}-{:02}", closes.year(), u8::from(closes.month()), closes.day());
    for d in POLLS {
        let place = plural_store::places::by_slug(db, d.place)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo place {} missing", d.place))?;
        let input = PollInput {
            question: d.question.into(),
            description: d.description.into(),
            kind: d.kind.into(),
            options: d.options.into(),
            max_choices: d.max_choices.into(),
            results: d.results.into(),
            closes_on: closes_on.clone(),
        };
        let checked = poll_rules::check_poll(&input, now).map_err(|e| anyhow::anyhow!("demo poll: {e}"))?;
        let id = plural_store::polls::create(db, place.id, None, person(d.author)?, &checked).await?;
        for (voter, choices) in d.votes {
            plural_store::polls::vote(db, &id, person(*voter)?, &Ballot(choices.to_vec()).encode()).await?;
        }
        if d.closed {
            plural_store::polls::set_closes_at(db, &id, now - 7 * 86_400).await?;
        }
    }
    Ok(())
}

/// A participatory budget for Coldharbour in its vote (Kwame has not voted
/// yet), and last year's, decided, with how each project fared.
pub async fn seed_budgets(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    use plural_kernel::budgets::{check, Review, Stage};
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let coldharbour = plural_store::places::by_slug(db, "coldharbour")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo place coldharbour missing"))?;
    let grace = person(6)?;
    let budgets: [(&str, &str, &str, &[(&str, &str, &str, usize, bool)], bool); 2] = [
        (
            "Coldharbour community fund 2027",
            "From the Neighbourhood CIL: spent on what people living in Coldharbour choose.",
            "20000",
            &[
                (
                    "Lighting on the Loughborough Estate footpaths",
                    "Solar lights along the two dark paths to the station.",
                    "12000",
                    5,
                    true,
                ),
                (
                    "Free holiday lunches at the community centre",
                    "Lunches for 60 children through the summer holidays.",
                    "7500",
                    2,
                    true,
                ),
                (
                    "A repair café",
                    "Tools and a monthly volunteer session to fix bikes, clothes and small electricals.",
                    "3000",
                    8,
                    true,
                ),
                ("Outdoor gym", "Four pieces of outdoor gym kit.", "15000", 11, false),
            ],
            false,
        ),
        (
            "Coldharbour community fund 2026",
            "Last year's fund.",
            "15000",
            &[
                ("Planters on Coldharbour Lane", "Ten planters, planted by the garden group.", "4000", 8, true),
                ("Coding club laptops", "Eight refurbished laptops for the Saturday club.", "6000", 4, true),
                ("Wheelchair-accessible minibus hire", "A year of Saturday trips.", "9000", 2, true),
            ],
            true,
        ),
    ];
    for (title, description, amount, projects, decided) in budgets {
        let checked = check(title, description, amount).map_err(|e| anyhow::anyhow!("demo budget: {e}"))?;
        let id = plural_store::budgets::create(db, coldharbour.id, grace, &checked).await?;
        let by = plural_store::budgets::Steward { person: grace, role: "steward" };
        let mut ids = Vec::new();
        for (t, d, cost, author, _) in projects {
            let p = check(t, d, cost).map_err(|e| anyhow::anyhow!("demo project: {e}"))?;
            let pid = plural_store::budgets::add_project(db, &id, person(*author)?, &p)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo project refused"))?;
            ids.push(pid);
        }
        let budget =
            plural_store::budgets::get(db, &id).await?.ok_or_else(|| anyhow::anyhow!("demo budget vanished"))?;
        plural_store::budgets::advance(db, &budget, Stage::Proposing, Stage::Reviewing, &by).await?;
        for (pid, (_, _, _, _, accept)) in ids.iter().zip(projects.iter()) {
            let (review, note) = if *accept {
                (Review::Accepted, "Costed with the council's parks team.")
            } else {
                (Review::Rejected, "Needs a site the council cannot offer this year.")
            };
            plural_store::budgets::review(db, &budget, pid, review, note, &by).await?;
        }
        plural_store::budgets::advance(db, &budget, Stage::Reviewing, Stage::Voting, &by).await?;
        let votes: &[(usize, &[usize])] = if decided {
            &[(5, &[0, 1]), (8, &[0, 1]), (2, &[2]), (9, &[1, 2]), (11, &[0])]
        } else {
            &[(5, &[0, 2]), (8, &[1, 2])]
        };
        for (voter, chosen) in votes {
            let selection: Vec<&str> = chosen.iter().filter_map(|i| ids.get(*i)).map(String::as_str).collect();
            plural_store::budgets::vote(db, &id, person(*voter)?, &selection.join(",")).await?;
        }
        if decided {
            plural_store::budgets::advance(db, &budget, Stage::Voting, Stage::Closed, &by).await?;
        }
    }
    Ok(())
}

/// Lambeth Council consults on Brixton Hill's park (open, for Kwame and
/// neighbours to answer), and on library hours (closed, with its response).
pub async fn seed_consultations(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    use plural_kernel::consultations::{check, check_answers, ConsultationInput};
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let council = plural_store::groups::by_slug(db, "lambeth-council")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo group lambeth-council missing"))?;
    let now = plural_store::now();
    let closes = plural_store::from_unix(now + 21 * 86_400);
    let closes_on = format!("{:04}-{:02}-{:02}", closes.year(), u8::from(closes.month()), closes.day());
    let consultations = [
        (
            "Lambeth's parks: what would make them better?",
            "We are deciding how to spend next year's £120,000 parks improvement budget across Lambeth. Your answers shape the plan the cabinet decides in March; we will publish what we heard and what we will do.",
            "text: What one change would make your nearest park better?\nscale: How safe do you feel in your nearest park after dark?\nchoice: How often do you use it? | Most days | Every week | Now and then | Hardly ever",
            &[(5, ["A toilet that is open", "2", "1"]), (8, ["", "3", "0"])][..],
            None,
        ),
        (
            "Library opening hours",
            "Our libraries must save money next year. We asked which hours matter most before deciding.",
            "choice: Which hours matter most to you? | Weekday evenings | Saturday | Sunday\nscale: How much would shorter hours affect you?",
            &[(2, ["1", "4", ""]), (4, ["0", "5", ""]), (7, ["1", "3", ""])][..],
            Some("Thank you to everyone who answered. Saturdays mattered most, so every library keeps its Saturday hours; two libraries open later on Thursdays instead of Mondays."),
        ),
    ];
    for (title, purpose, questions, answers, response) in consultations {
        let input = ConsultationInput {
            title: title.into(),
            purpose: purpose.into(),
            questions: questions.into(),
            closes_on: closes_on.clone(),
        };
        let checked = check(&input, now).map_err(|e| anyhow::anyhow!("demo consultation: {e}"))?;
        let id = plural_store::consultations::create(db, council.place_id, council.id, person(9)?, &checked).await?;
        for (who, given) in answers {
            let given: Vec<String> = given.iter().take(checked.questions.len()).map(|s| (*s).to_string()).collect();
            let a =
                check_answers(&checked.questions, &given).map_err(|e| anyhow::anyhow!("demo answers: {}", e.code))?;
            plural_store::consultations::respond(db, &id, person(*who)?, &serde_json::to_string(&a)?).await?;
        }
        if let Some(text) = response {
            plural_store::consultations::set_closes_at(db, &id, now - 86_400).await?;
            let c = plural_store::consultations::get(db, &id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo consultation vanished"))?;
            plural_store::consultations::publish_response(db, &c, text, person(9)?).await?;
        }
    }
    Ok(())
}
