//! Demo content for insight releases: Lambeth Council's closed consultation
//! on the Brixton Hill low-traffic trial, answered by 48 residents, and the
//! release the council published from it through the privacy gate ("what
//! we heard"), with ε spent from its budget; and the same residents' local
//! reports of last year, released by category by a steward of the place.

use plural_kernel::consultations::{check, check_answers, ConsultationInput};
use plural_kernel::insight::{self, ReleaseInput, Source};
use plural_kernel::language::Language;
use plural_kernel::local_reports::{self, ReportInput};
use plural_kernel::{PersonId, PlaceId};
use plural_store::{Db, NodeKey};
use plural_web::voice::insight::{local_reports_dataset, publish, Dataset};

const RESPONDENTS: usize = 48;

pub async fn seed_insight(db: &Db, key: &NodeKey) -> anyhow::Result<()> {
    let council = plural_store::groups::by_slug(db, "lambeth-council")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo group lambeth-council missing"))?;
    let officer = plural_store::groups::members(db, council.id)
        .await?
        .first()
        .map(|m| m.person_id)
        .ok_or_else(|| anyhow::anyhow!("demo council has no members"))?;
    let now = plural_store::now();
    let closes = plural_store::from_unix(now + 86_400);
    let input = ConsultationInput {
        title: "Brixton Hill low-traffic trial".into(),
        purpose: "For six months the streets east of Brixton Hill were closed to through traffic. Before deciding whether to keep the scheme, we asked the people who live there how it went. Answers are published only as protected totals.".into(),
        questions: "choice: Should the scheme stay? | Keep it as it is | Keep it with changes | Remove it\nscale: How safe do the streets feel for walking and cycling now?\ntext: What would you change?".into(),
        closes_on: format!("{:04}-{:02}-{:02}", closes.year(), u8::from(closes.month()), closes.day()),
    };
    let checked = check(&input, now).map_err(|e| anyhow::anyhow!("demo consultation: {e}"))?;
    let id = plural_store::consultations::create(db, council.place_id, council.id, officer, &checked).await?;
    let mut residents = Vec::new();
    for i in 0..RESPONDENTS {
        let person = crate::setup::create_person(
            db,
            key,
            &format!("resident{i}@brixton-hill.example.org"),
            &format!("Brixton Hill resident {}", i + 1),
            None,
            false,
        )
        .await?;
        let stay = ["0", "0", "1", "0", "2", "1", "0", "1"][i % 8];
        let safe = ["4", "5", "3", "4", "2", "4", "5", "3"][i % 8];
        let text = if i % 5 == 0 { "More crossings near the school" } else { "" };
        let given = vec![stay.to_string(), safe.to_string(), text.to_string()];
        let a = check_answers(&checked.questions, &given).map_err(|e| anyhow::anyhow!("demo answers: {}", e.code))?;
        plural_store::consultations::respond(db, &id, person, &serde_json::to_string(&a)?).await?;
        residents.push(person);
    }
    plural_store::consultations::set_closes_at(db, &id, now - 3_600).await?;
    // The release, through the same gate the pages use.
    let config = plural_web::config::InsightConfig::default();
    let dataset = Dataset {
        source: Source::Consultation,
        id: id.clone(),
        title: checked.title.clone(),
        place_id: council.place_id,
        place_slug: String::new(),
        owner: Some(council.id),
        questions: checked.questions.clone(),
        closed: true,
        respondents: RESPONDENTS as i64,
        reports: None,
    };
    let release = ReleaseInput {
        title: "What we heard: should the low-traffic scheme stay?".into(),
        question: "0".into(),
        statistic: "histogram".into(),
        epsilon: "0.5".into(),
        ..Default::default()
    };
    publish(db, &config, &dataset, &release, officer, "public_body")
        .await
        .map_err(|e| anyhow::anyhow!("demo release refused: {e:?}"))?;
    seed_reports_release(db, council.place_id, &residents).await
}

/// The same residents' local reports of last year, and the release a
/// steward of the place published from them: what people reported, by
/// category, each resident counted once.
async fn seed_reports_release(db: &Db, place: PlaceId, residents: &[PersonId]) -> anyhow::Result<()> {
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let (steward, _) = residents.split_first().ok_or_else(|| anyhow::anyhow!("demo residents missing"))?;
    plural_store::mutual_aid::add_steward(db, place, *steward).await?;
    let kinds = [
        ("street_lighting", "The lamp outside the bus stop has been out for weeks"),
        ("fly_tipping", "Bags of rubbish left by the recycling bins again"),
        ("potholes_pavements", "Broken paving slab by the school gate"),
        ("green_spaces", "The playground gate will not close"),
    ];
    for (i, person) in residents.iter().enumerate() {
        let (category, description) = kinds[i % kinds.len()];
        let input = ReportInput { category: category.into(), description: description.into(), ..Default::default() };
        let checked = local_reports::check(&input).map_err(|e| anyhow::anyhow!("demo report: {e}"))?;
        let report = plural_store::local_reports::create(db, place, None, *person, &checked, None).await?;
        let month = time::Month::try_from(1 + (i % 10) as u8)?;
        let day = time::Date::from_calendar_date(year, month, 3 + (i % 20) as u8)?;
        let at = day.with_hms(18, 0, 0)?.assume_utc().unix_timestamp();
        plural_store::local_reports::set_created_at(db, &report, at).await?;
    }
    let id = insight::local_reports_dataset_id(place, year);
    let dataset =
        local_reports_dataset(db, Language::En, &id).await.map_err(|e| anyhow::anyhow!("demo dataset: {e:?}"))?;
    let release = ReleaseInput {
        title: format!("What residents reported in {year}"),
        question: "0".into(),
        statistic: "histogram".into(),
        epsilon: "0.5".into(),
        ..Default::default()
    };
    let config = plural_web::config::InsightConfig::default();
    publish(db, &config, &dataset, &release, *steward, "steward")
        .await
        .map_err(|e| anyhow::anyhow!("demo reports release refused: {e:?}"))?;
    Ok(())
}
