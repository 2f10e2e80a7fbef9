//! Demo content for insight releases: Lambeth Council's closed consultation
//! on the Brixton Hill low-traffic trial, answered by 48 residents, and the
//! release the council published from it through the privacy gate ("what
//! we heard"), with ε spent from its budget.

use plural_kernel::consultations::{check, check_answers, ConsultationInput};
use plural_kernel::insight::{self as rules, ReleaseInput, Source};
use plural_store::{Db, NodeKey};
use plural_web::voice::insight::{answer_labels, DiscreteLaplace, MECHANISM};

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
    }
    plural_store::consultations::set_closes_at(db, &id, now - 3_600).await?;
    // The release, through the same gate the pages use.
    let defaults = plural_web::config::InsightConfig::default();
    let release = ReleaseInput {
        title: "What we heard: should the low-traffic scheme stay?".into(),
        question: "0".into(),
        statistic: "histogram".into(),
        epsilon: "0.5".into(),
        ..Default::default()
    };
    let spec = rules::check(&release, Source::Consultation, &checked.questions)
        .map_err(|e| anyhow::anyhow!("demo release: {e:?}"))?;
    let question = checked.questions.first().ok_or_else(|| anyhow::anyhow!("demo question missing"))?;
    let groups = plural_store::insight::aggregate(db, Source::Consultation, &id, 0, false, false).await?;
    let cells = rules::build_cells(spec.statistic, question, &groups);
    let total = defaults.total_micro();
    let budget = plural_store::insight::budget(db, Source::Consultation, &id, total).await?;
    let gated = rules::gate(&spec, &cells, budget, defaults.min_group_size, &mut DiscreteLaplace)
        .map_err(|r| anyhow::anyhow!("demo release refused: {}", r.code()))?;
    let answers = answer_labels(question);
    let new = plural_store::insight::NewRelease {
        source: Source::Consultation,
        dataset_id: &id,
        dataset_title: &checked.title,
        place: council.place_id,
        title: &spec.title,
        question: 0,
        prompt: question.prompt(),
        answers: &answers,
        statistic: spec.statistic,
        by_area: false,
        by_period: false,
        epsilon_micro: spec.epsilon_micro,
        min_group: defaults.min_group_size,
        mechanism: MECHANISM,
        cells: &gated.cells,
        suppressed: gated.suppressed,
        by: officer,
        role: "public_body",
    };
    plural_store::insight::publish(db, &new, total).await?;
    Ok(())
}
