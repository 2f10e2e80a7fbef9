//! Polls: opened only by a place's stewards or a group's admins, bad input
//! refused field by field with nothing written; only the eligible vote,
//! once (however many arrive at once), never after close; ballots are
//! stored with nothing that leads back to the voter; results live or after
//! close; ranked polls counted by instant runoff with every round shown;
//! the pages work without JavaScript.

use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(
    polls_are_opened_by_stewards_or_group_admins,
    one_person_one_vote_and_ballots_stay_secret,
    ranked_polls_count_by_instant_runoff,
    poll_pages_work_without_javascript,
    busy_polls_show_a_count_at_most_a_second_old,
);

async fn problem_fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn detail(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

fn in_days(n: i64) -> String {
    let t = plural_store::from_unix(plural_store::now() + n * 86_400);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Riverside with a steward (Sam) and residents; returns Sam's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    let sam = app.api_person("Sam", "sam@example.org", &["read", "write"]).await;
    let sam_id = app.person_id("sam@example.org").await;
    let place = plural_store::places::by_slug(&app.state.db, "riverside").await.unwrap().unwrap().id;
    plural_store::mutual_aid::add_steward(&app.state.db, place, sam_id).await.unwrap();
    sam
}

fn poll(kind: &str, results: &str) -> Value {
    json!({
        "question": "Which day for the spring clean-up?",
        "kind": kind,
        "options": ["Saturday", "Sunday", "Bank holiday Monday"],
        "max_choices": if kind == "multiple" { Some(2) } else { None },
        "results": results,
        "closes_on": in_days(7),
        "place": "riverside"
    })
}

async fn open(app: &TestApp, token: &str, body: Value) -> String {
    let res = app.api_send(Method::POST, token, "/api/v1/polls", body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn polls_are_opened_by_stewards_or_group_admins(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let sam = setup(&app).await;
    let ana = app.resident("Ana", Some("riverside")).await;
    let res = app.api_send(Method::POST, &ana, "/api/v1/polls", poll("single", "live")).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-steward-only");
    let bad = json!({"question": " ", "kind": "lottery", "options": ["Only one"], "results": "maybe",
        "closes_on": "2001-01-01", "place": "riverside"});
    let fields = problem_fields(app.api_send(Method::POST, &sam, "/api/v1/polls", bad).await).await;
    assert_eq!(fields, vec!["question", "kind", "options", "results", "closes_on"]);
    let mut too_many = poll("multiple", "live");
    too_many["max_choices"] = json!(9);
    assert_eq!(
        problem_fields(app.api_send(Method::POST, &sam, "/api/v1/polls", too_many).await).await,
        vec!["max_choices"]
    );
    let mut repeated = poll("single", "live");
    repeated["options"] = json!(["Yes", "yes"]);
    assert_eq!(
        problem_fields(app.api_send(Method::POST, &sam, "/api/v1/polls", repeated).await).await,
        vec!["options"]
    );
    assert_eq!(count(&app, "polls").await, 0, "nothing half-written");
    assert_eq!(count(&app, "poll_options").await, 0);
    open(&app, &sam, poll("single", "live")).await;
    // A group's admins open polls for its members only.
    let owner = app.person_id("ana@example.org").await;
    let place = plural_store::places::by_slug(&app.state.db, "riverside").await.unwrap().unwrap().id;
    let fields = plural_store::groups::GroupFields {
        place_id: place,
        slug: "allotments",
        name: "Riverside Allotments",
        description: "",
        kind: plural_kernel::groups::GroupKind::CommunityGroup,
        join_policy: plural_kernel::groups::JoinPolicy::Open,
    };
    plural_store::groups::create(&app.state.db, fields, owner).await.unwrap();
    let mut group_poll = poll("approval", "after_close");
    group_poll["group"] = json!("allotments");
    let res = app.api_send(Method::POST, &sam, "/api/v1/polls", group_poll.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-group-admin-only");
    let id = open(&app, &ana, group_poll).await;
    // Sam lives nowhere near and is no member: not eligible.
    let seen: Value = app.api_get(&sam, &format!("/api/v1/polls/{id}")).await.json().await.unwrap();
    assert_eq!(seen["you_may_vote"], false);
    let res = app.api_send(Method::POST, &sam, &format!("/api/v1/polls/{id}/ballots"), json!({"choices": [0]})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-not-eligible");
    let list: Value = app.api_get(&sam, "/api/v1/polls?place=riverside").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

async fn one_person_one_vote_and_ballots_stay_secret(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let sam = setup(&app).await;
    let id = open(&app, &sam, poll("multiple", "after_close")).await;
    let ballots = format!("/api/v1/polls/{id}/ballots");
    let ana = app.resident("Ana", Some("riverside")).await;
    let bo = app.resident("Bo", Some("riverside")).await;
    let away = app.resident("Cy", None).await;
    // Bad ballots: clear reasons, nothing written.
    for (choices, code) in [
        (json!([]), "poll-choose-some"),
        (json!([0, 1, 2]), "poll-too-many-choices"),
        (json!([7]), "poll-option-unknown"),
        (json!([1, 1]), "poll-choice-repeated"),
    ] {
        let res = app.api_send(Method::POST, &ana, &ballots, json!({"choices": choices})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], code);
    }
    assert_eq!(count(&app, "poll_voters").await, 0);
    assert_eq!(count(&app, "poll_ballots").await, 0);
    let res = app.api_send(Method::POST, &away, &ballots, json!({"choices": [0]})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "poll-not-eligible");
    // Many votes from one person at once: one counts.
    let tries: Vec<_> = (0..6)
        .map(|i| {
            let (client, url, token) = (app.client.clone(), app.url(&ballots), ana.clone());
            tokio::spawn(async move {
                client.post(url).bearer_auth(token).json(&json!({"choices": [i % 3]})).send().await.unwrap().status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::NO_CONTENT || *s == StatusCode::CONFLICT));
    let res = app.api_send(Method::POST, &ana, &ballots, json!({"choices": [1]})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "poll-already-voted");
    assert_eq!(
        app.api_send(Method::POST, &bo, &ballots, json!({"choices": [0, 2]})).await.status(),
        StatusCode::NO_CONTENT
    );
    // Results wait for the close; that Ana voted is known to her, never how.
    let seen: Value = app.api_get(&ana, &format!("/api/v1/polls/{id}")).await.json().await.unwrap();
    assert!(seen["results"].is_null());
    assert_eq!((seen["you_voted"].clone(), seen["voters"].clone()), (json!(true), json!(2)));
    // Nothing in the ballots table can lead back to a voter: no person, no
    // time, and keys that are random rather than ordered by time.
    let columns: Vec<String> = match engine {
        Engine::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('poll_ballots')")
            .fetch_all(app.state.db.reader())
            .await
            .unwrap(),
        Engine::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'poll_ballots' ORDER BY ordinal_position",
        )
        .fetch_all(app.state.db.reader())
        .await
        .unwrap(),
    };
    assert_eq!(columns, vec!["poll_id", "ballot_key", "choices"]);
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT ballot_key FROM poll_ballots").fetch_all(app.state.db.reader()).await.unwrap();
    let voters: Vec<String> =
        sqlx::query_scalar("SELECT person_id FROM poll_voters").fetch_all(app.state.db.reader()).await.unwrap();
    assert_eq!(keys.len(), voters.len());
    for k in &keys {
        // A UUIDv4: version nibble 4, nothing of the time in it.
        assert_eq!(k.len(), 32);
        assert_eq!(&k[12..13], "4", "{k}");
        assert!(voters.iter().all(|v| !v.replace('-', "").contains(k.as_str())));
    }
    // Closed (the last day passed): no more votes; the results show.
    sqlx::query("UPDATE polls SET closes_at = $1")
        .bind(plural_store::now() - 1)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let late = app.resident("Di", Some("riverside")).await;
    let res = app.api_send(Method::POST, &late, &ballots, json!({"choices": [0]})).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "poll-closed");
    let seen: Value = app.api_get(&late, &format!("/api/v1/polls/{id}")).await.json().await.unwrap();
    assert_eq!(seen["results"]["ballots"], 2);
    let counts: Vec<u64> = seen["results"]["counts"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
    assert_eq!(counts.iter().sum::<u64>(), 3);
}

async fn ranked_polls_count_by_instant_runoff(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let sam = setup(&app).await;
    let id = open(&app, &sam, poll("ranked", "live")).await;
    let ballots = format!("/api/v1/polls/{id}/ballots");
    let voter = app.resident("V0", Some("riverside")).await;
    for (choices, code) in
        [(json!([]), "poll-rank-none"), (json!([1, 1]), "poll-rank-repeated"), (json!([4]), "poll-option-unknown")]
    {
        let res = app.api_send(Method::POST, &voter, &ballots, json!({"choices": choices})).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
            (Some("choices"), Some(code))
        );
    }
    // Saturday leads on first preferences; Monday's voters prefer Sunday.
    let rankings = [json!([0]), json!([0]), json!([0]), json!([1, 2]), json!([1]), json!([2, 1]), json!([2, 1])];
    for (i, r) in rankings.iter().enumerate() {
        let token = if i == 0 { voter.clone() } else { app.resident(&format!("V{i}"), Some("riverside")).await };
        let res = app.api_send(Method::POST, &token, &ballots, json!({"choices": r})).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let seen: Value = app.api_get(&sam, &format!("/api/v1/polls/{id}")).await.json().await.unwrap();
    let rounds = seen["results"]["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["counts"], json!([3, 2, 2]));
    assert_eq!(rounds[0]["eliminated"], 2);
    assert_eq!(rounds[1]["counts"], json!([3, 4, 0]));
    assert_eq!(seen["results"]["winner"], 1);
    let html = app.text(&format!("/polls/{id}")).await;
    assert!(html.contains("Bank holiday Monday is out") && html.contains("Sunday wins"), "rounds shown");
}

async fn poll_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Sam", "sam@example.org").await;
    let sam_id = app.person_id("sam@example.org").await;
    let place = plural_store::places::by_slug(&app.state.db, "riverside").await.unwrap().unwrap().id;
    plural_store::mutual_aid::add_steward(&app.state.db, place, sam_id).await.unwrap();
    let update =
        plural_store::people::ProfileUpdate { display_name: "Sam", language: Language::En, home_place_id: Some(place) };
    plural_store::people::update_profile(&app.state.db, sam_id, update).await.unwrap();
    let html = app.text("/polls/new").await;
    assert!(html.contains("name=\"options\""));
    let res = app
        .post_form(
            "/polls",
            &[("question", ""), ("kind", "ranked"), ("options", "One"), ("results", "live"), ("closes_on", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for f in ["question", "options", "place", "closes_on"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let closes = in_days(3);
    let fields = [
        ("question", "Name the new community garden"),
        ("kind", "ranked"),
        ("options", "Riverside Roots\nThe Lock Garden\nGreen Mile"),
        ("results", "live"),
        ("closes_on", closes.as_str()),
        ("place", "riverside"),
    ];
    let res = app.post_form("/polls", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res).split('?').next().unwrap().to_string();
    let html = app.text(&path).await;
    assert!(html.contains("name=\"rank-2\""));
    // A repeated rank, then a gap: told what to fix; then a good ballot.
    let res = app.post_form(&format!("{path}/vote"), &[("rank-0", "1"), ("rank-1", "1"), ("rank-2", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-ranking\"") && html.contains("Give each rank to one option only"));
    let res = app.post_form(&format!("{path}/vote"), &[("rank-0", "1"), ("rank-1", "3"), ("rank-2", "")]).await;
    assert!(res.text().await.unwrap().contains("none missed"));
    let res = app.post_form(&format!("{path}/vote"), &[("rank-0", "2"), ("rank-1", "1"), ("rank-2", "")]).await;
    assert_eq!(location(&res), format!("{path}?notice=poll-voted"));
    let res = app.post_form(&format!("{path}/vote"), &[("rank-0", "1"), ("rank-1", ""), ("rank-2", "")]).await;
    assert_eq!(location(&res), format!("{path}?notice=poll-already-voted"));
    let html = app.text(&path).await;
    assert!(html.contains("You have voted") && html.contains("The Lock Garden wins"));
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/polls", path.as_str(), "/polls/new"] {
            let html = app.text(p).await;
            assert!(!html.contains("poll-"), "an untranslated id on {p} in {lang}");
        }
    }
}

/// A poll with thousands of ballots is counted at most once a second: the
/// view right after a vote still shows the last count, a view a second
/// later starts a recount in the background, and the next views show it.
/// Closing the poll counts it again, exactly.
async fn busy_polls_show_a_count_at_most_a_second_old(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let sam = setup(&app).await;
    let id = open(&app, &sam, poll("ranked", "live")).await;
    let prior: u64 = 2_500;
    let mut conn = app.state.db.writer().acquire().await.unwrap();
    let mut rows = plural_store::bulk::Rows::new("poll_ballots", &["poll_id", "ballot_key", "choices"]);
    for i in 0..2_500_usize {
        let ballot = plural_kernel::polls::Ballot(vec![i % 3, (i + 1) % 3]);
        rows.push(vec![id.as_str().into(), format!("prior{i}").into(), ballot.encode().into()]);
    }
    rows.insert(&mut conn).await.unwrap();
    drop(conn);
    let path = format!("/api/v1/polls/{id}");
    let shown = |v: Value| v["results"]["ballots"].as_u64().unwrap();
    assert_eq!(shown(app.api_get(&sam, &path).await.json().await.unwrap()), prior);
    let ana = app.resident("Ana", Some("riverside")).await;
    let res = app.api_send(Method::POST, &ana, &format!("{path}/ballots"), json!({"choices": [1]})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(shown(app.api_get(&sam, &path).await.json().await.unwrap()), prior, "the last count, not a recount");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let mut seen = 0;
    for _ in 0..50 {
        seen = shown(app.api_get(&sam, &path).await.json().await.unwrap());
        if seen == prior + 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen, prior + 1, "recounted in the background");
    let bob = app.resident("Bob", Some("riverside")).await;
    let res = app.api_send(Method::POST, &bob, &format!("{path}/ballots"), json!({"choices": [2]})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    plural_store::polls::set_closes_at(&app.state.db, &id, plural_store::now() - 60).await.unwrap();
    let closed = shown(app.api_get(&sam, &path).await.json().await.unwrap());
    assert_eq!(closed, prior + 2, "closing recounts at once, exactly");
}
