//! Demo surveys and local reports: the Coldharbour tenants' heating survey,
//! open, with a few responses (never shown one by one), and residents'
//! reports of local problems in Lambeth's places — some confirmed by
//! neighbours ("me too"), one acknowledged by Coldharbour's steward.

use plural_kernel::local_reports::{check, ReportInput, Status};
use plural_kernel::PersonId;
use plural_store::Db;

pub async fn seed_surveys(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    use plural_kernel::consultations::check_answers;
    use plural_kernel::surveys::{check, period, SurveyInput};
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let tenants = plural_store::groups::by_slug(db, "coldharbour-tenants")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo group coldharbour-tenants missing"))?;
    let now = plural_store::now();
    let closes = plural_store::from_unix(now + 24 * 86_400);
    let input = SurveyInput {
        title: "Heating and damp on the estate this winter".into(),
        purpose: "The tenants' association will take the totals — never anyone's own answers — to the housing office's repairs meeting in January, to press for the worst blocks to be fixed first.".into(),
        questions: "scale: How warm can you keep your home?\nchoice: Is there damp or mould in your home? | Yes, in several rooms | Yes, in one room | No\nchoice: Have you reported a heating or damp repair this year? | Yes, still waiting | Yes, it was fixed | No\ntext: What should be fixed first?".into(),
        opens_on: String::new(),
        closes_on: format!("{:04}-{:02}-{:02}", closes.year(), u8::from(closes.month()), closes.day()),
    };
    let checked = check(&input, now).map_err(|e| anyhow::anyhow!("demo survey: {e}"))?;
    let id = plural_store::surveys::create(db, tenants.place_id, Some(tenants.id), person(1)?, &checked).await?;
    let answers: [(usize, [&str; 4]); 4] = [
        (2, ["2", "0", "0", "The boiler in block C breaks down every winter"]),
        (3, ["3", "1", "1", ""]),
        (5, ["1", "0", "0", "Mould in the children's bedroom"]),
        (6, ["4", "2", "2", ""]),
    ];
    for (who, given) in answers {
        let given: Vec<String> = given.iter().map(|s| (*s).to_string()).collect();
        let a = check_answers(&checked.questions, &given).map_err(|e| anyhow::anyhow!("demo answers: {}", e.code))?;
        let json = serde_json::to_string(&a)?;
        let month = period(now);
        let r = plural_store::surveys::Response { answers: &json, area: "", period: &month };
        plural_store::surveys::respond(db, &id, person(who)?, &r).await?;
    }
    Ok(())
}

struct DemoReport {
    reporter: usize,
    place: &'static str,
    category: &'static str,
    description: &'static str,
    point: Option<(&'static str, &'static str)>,
    confirmed_by: &'static [usize],
    status: Option<(Status, &'static str)>,
}

const REPORTS: &[DemoReport] = &[
    DemoReport {
        reporter: 2,
        place: "coldharbour",
        category: "street_lighting",
        description: "Three lamps along the path behind Moorland Road have been out for two weeks. It is pitch dark from half four and people are taking the long way round.",
        point: Some(("51.4627", "-0.1083")),
        confirmed_by: &[3, 5, 6, 8],
        status: Some((Status::Acknowledged, "Reported to Lambeth's street lighting team (reference kept by the stewards). They say the cable is being replaced this month.")),
    },
    DemoReport {
        reporter: 5,
        place: "coldharbour",
        category: "fly_tipping",
        description: "Mattresses and a broken wardrobe dumped by the garages again. Children play there after school.",
        point: Some(("51.4619", "-0.1101")),
        confirmed_by: &[2, 7],
        status: None,
    },
    DemoReport {
        reporter: 7,
        place: "brixton-hill",
        category: "potholes_pavements",
        description: "A raised paving slab outside the pharmacy on Brixton Hill: two older people have tripped on it this month.",
        point: None,
        confirmed_by: &[4],
        status: None,
    },
    DemoReport {
        reporter: 3,
        place: "coldharbour",
        category: "accessibility",
        description: "The lift in block B has been broken since Monday; residents who use wheelchairs cannot get out.",
        point: None,
        confirmed_by: &[1, 2, 6],
        status: Some((Status::Resolved, "The landlord repaired the lift on Thursday. Tell us here if it fails again.")),
    },
];

pub async fn seed_local_reports(db: &Db, people: &[PersonId]) -> anyhow::Result<()> {
    let person = |i: usize| people.get(i).copied().ok_or_else(|| anyhow::anyhow!("demo person {i} missing"));
    let steward = person(1)?;
    for r in REPORTS {
        let place = plural_store::places::by_slug(db, r.place)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo place {} missing", r.place))?;
        let input = ReportInput {
            category: r.category.into(),
            description: r.description.into(),
            lat: r.point.map(|p| p.0).unwrap_or_default().into(),
            lon: r.point.map(|p| p.1).unwrap_or_default().into(),
            area: String::new(),
        };
        let checked = check(&input).map_err(|e| anyhow::anyhow!("demo report: {e}"))?;
        let id = plural_store::local_reports::create(db, place.id, None, person(r.reporter)?, &checked, None).await?;
        for who in r.confirmed_by {
            plural_store::local_reports::confirm(db, &id, person(*who)?).await?;
        }
        if let Some((status, note)) = r.status {
            if !plural_store::mutual_aid::stewarded_by(db, steward).await?.contains(&place.id) {
                plural_store::mutual_aid::add_steward(db, place.id, steward).await?;
            }
            let report = plural_store::local_reports::get(db, &id, None)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo report vanished"))?;
            plural_store::local_reports::set_status(db, &report, status, note, steward, "steward").await?;
        }
    }
    Ok(())
}
