//! Volunteering opportunities: publishing (and refusing bad input), who may
//! publish, drafts, "I'm interested" emails that never carry the volunteer's
//! address, replies that never carry the admin's, withdrawing, rate limits.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, readable, spawn_app, Engine, TestApp};

both_engines!(
    create_by_api_and_page_with_failures,
    only_group_admins_publish_and_drafts_stay_hidden,
    interest_reply_and_withdraw_keep_addresses_private,
    interest_is_rate_limited,
    list_filters_and_place_page,
    demo_has_living_opportunities,
);

const OWNER: &str = "olu@example.org";
const VOLUNTEER: &str = "vera@example.org";

/// A place, and a group run by Olu (signed in on `app.client`); returns Olu's token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu Owner", OWNER).await;
    let token = app.token_for(OWNER, &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Riverside Food Share", "kind": "charity", "place": "riverside", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    token
}

async fn publish(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.api_send(Method::POST, token, "/api/v1/opportunities", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn driver() -> Value {
    json!({
        "group": "riverside-food-share",
        "title": "Food share driver",
        "description": "Collect surplus food from **supermarkets**.",
        "commitment_kind": "weekly",
        "commitment_hours": 2,
        "commitment_text": "Saturday mornings",
        "skills": ["Driving licence", "Lifting"],
        "no_experience_needed": true,
        "location": "Riverside Community Centre"
    })
}

async fn problem_fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn create_by_api_and_page_with_failures(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;

    // Missing title, a closing date in the past, an unknown group: every field named.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/opportunities",
            json!({"group": "riverside-food-share", "closes_on": "2001-01-01", "commitment_hours": 0, "location": "Hall"}),
        )
        .await;
    let fields = problem_fields(res).await;
    for f in ["title", "closes_on", "commitment_hours"] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/opportunities",
            json!({"group": "nope", "title": "Driver", "location": "Hall"}),
        )
        .await;
    assert_eq!(problem_fields(res).await, vec!["group".to_string()]);
    let res = app.api_send(Method::POST, &token, "/api/v1/opportunities", json!({"title": "x", "colour": "red"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Script in the description is rendered harmlessly; Markdown still works.
    let mut body = driver();
    body["description"] = json!(
        "<script>alert('x')</script>\n\n**Bold** <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">link</a>"
    );
    let o = publish(&app, &token, body).await;
    let html = o["description_html"].as_str().unwrap();
    for bad in ["<script", "onerror", "<img", "javascript:"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("<strong>Bold</strong>"), "{html}");
    assert_eq!(o["commitment"]["kind"], "weekly");
    assert_eq!(o["place"], "riverside");
    assert_eq!(o["status"], "published");
    let id = o["id"].as_str().unwrap();
    let page = app.text(&format!("/opportunities/{id}")).await;
    assert!(page.contains("<h1>Food share driver</h1>"));
    assert!(page.contains("2 hours a week · Saturday mornings"));
    assert!(!page.contains("<script>alert"), "script must not survive");

    // The page form: errors listed, input kept, status 200; then success.
    let form = app.text("/opportunities/new").await;
    assert!(form.contains(r#"<option value="riverside-food-share" selected>Riverside Food Share</option>"#));
    let res = app
        .post_form(
            "/opportunities",
            &[
                ("group", "riverside-food-share"),
                ("title", ""),
                ("location", "Kept place"),
                ("closes_on", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("error-summary"));
    assert!(page.contains("Enter the role"));
    assert!(page.contains("The closing date must be today or later"));
    assert!(page.contains(r#"value="Kept place""#));
    let res = app
        .post_form(
            "/opportunities",
            &[
                ("group", "riverside-food-share"),
                ("title", "Packer"),
                ("commitment_kind", "monthly"),
                ("remote", ""),
                ("location", "Warehouse"),
                ("closes_on", "2099-01-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("?notice=opportunity-created"));
    let page = app.text(&location(&res)).await;
    assert!(page.contains("The opportunity is saved."));
    assert!(page.contains("<dd>2099-01-31</dd>"));

    // Editing through the page: current values shown, errors kept, then saved.
    let packer = location(&res).split('?').next().unwrap().to_string();
    let form = app.text(&format!("{packer}/edit")).await;
    assert!(form.contains(r#"value="Packer""#) && form.contains(r#"value="monthly" checked"#));
    let res = app
        .post_form(&format!("{packer}/edit"), &[("title", "Packer"), ("location", ""), ("status", "published")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Enter where it happens, or tick that it can be done from home"));
    let res = app
        .post_form(
            &format!("{packer}/edit"),
            &[("title", "Warehouse packer"), ("remote", "on"), ("commitment_kind", "one_off"), ("status", "draft")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.text(&location(&res)).await;
    assert!(page.contains("<h1>Warehouse packer</h1>") && page.contains("A one-off"));
    assert!(page.contains(r#"<span class="tag">Draft</span>"#));
    app.stop().await;
}

async fn only_group_admins_publish_and_drafts_stay_hidden(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let member = app.api_person("Mo Member", "mo@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &member, "/api/v1/groups/riverside-food-share/join", json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());

    // A member without a role may not publish.
    let res = app.api_send(Method::POST, &member, "/api/v1/opportunities", driver()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nor may a token without `write`.
    let read_only = app.token_for("mo@example.org", &["read"]).await;
    let res = app.api_send(Method::POST, &read_only, "/api/v1/opportunities", driver()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let mut body = driver();
    body["status"] = json!("draft");
    let draft = publish(&app, &token, body).await;
    let id = draft["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/opportunities/{id}");
    // Drafts: found by the group's admins only.
    assert_eq!(app.api_get(&token, &path).await.status(), StatusCode::OK);
    assert_eq!(app.api_get(&member, &path).await.status(), StatusCode::NOT_FOUND);
    // The owner's page shows the draft, marked as one.
    assert!(app.text(&format!("/opportunities/{id}")).await.contains(r#"<span class="tag">Draft</span>"#));
    let (anon, _) = app.new_client();
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        anon.get(app.url(&format!("/opportunities/{id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let list: Value = app.api_get(&member, "/api/v1/opportunities").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    // Interest in a draft: not found.
    let res = app.api_send(Method::POST, &member, &format!("{path}/interest"), json!({"message": "Hi"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Publishing it.
    let res = app.api_send(Method::PATCH, &token, &path, json!({"status": "published"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = app.api_get(&member, "/api/v1/opportunities").await.json().await.unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());

    // A member may not edit or close it, by API or page.
    let res = app.api_send(Method::PATCH, &member, &path, json!({"title": "Mine now"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::PATCH, &token, &path, json!({"group": "other"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let (mo, mo_jar) = app.new_client();
    post_form_as(
        &mo,
        &mo_jar,
        &app.base,
        "/sign-in",
        &[("email", "mo@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let res = post_form_as(&mo, &mo_jar, &app.base, &format!("/opportunities/{id}/close"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = mo.get(app.url(&format!("/opportunities/{id}/edit"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = mo.get(app.url("/opportunities/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The owner closes it: still readable, no longer listed or open.
    let res = app.post_form(&format!("/opportunities/{id}/close"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let o: Value = app.api_get(&member, &path).await.json().await.unwrap();
    assert_eq!(o["status"], "closed");
    assert_eq!(o["open"], false);
    let res = app.api_send(Method::POST, &member, &format!("{path}/interest"), json!({"message": "Hi"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let list: Value = app.api_get(&member, "/api/v1/opportunities").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    app.stop().await;
}

async fn interest_reply_and_withdraw_keep_addresses_private(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let o = publish(&app, &token, driver()).await;
    let id = o["id"].as_str().unwrap().to_string();
    let vera = app.api_person("Vera Volunteer", VOLUNTEER, &["read", "write"]).await;
    let stranger = app.api_person("Sam Stranger", "sam@example.org", &["read", "write"]).await;

    let res = app
        .api_send(Method::POST, &vera, &format!("/api/v1/opportunities/{id}/interest"), json!({"message": " "}))
        .await;
    assert_eq!(problem_fields(res).await, vec!["message".to_string()]);
    let res = app
        .api_send(
            Method::POST,
            &vera,
            &format!("/api/v1/opportunities/{id}/interest"),
            json!({"message": "I have a van and free Saturdays."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .api_send(Method::POST, &vera, &format!("/api/v1/opportunities/{id}/interest"), json!({"message": "Again"}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // The group's owner is emailed the name and message, never the address.
    let mail = app.wait_for_mail(1).await;
    assert_eq!(mail[0].to, vec![OWNER.to_string()]);
    let data = &readable(&mail[0].data);
    assert!(data.contains("Vera Volunteer"), "{data}");
    assert!(data.contains("I have a van and free Saturdays."), "{data}");
    assert!(data.contains(&format!("/opportunities/{id}/responses")), "{data}");
    assert!(!data.contains(VOLUNTEER), "the volunteer's address must not reach the group: {data}");

    // Responses: the group's admins only, by API and page.
    let path = format!("/api/v1/opportunities/{id}/responses");
    let res = app.api_get(&token, &path).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("Vera Volunteer") && !text.contains(VOLUNTEER), "{text}");
    let responses: Value = serde_json::from_str(&text).unwrap();
    let response_id = responses[0]["id"].as_str().unwrap().to_string();
    for t in [&vera, &stranger] {
        assert_eq!(app.api_get(t, &path).await.status(), StatusCode::FORBIDDEN);
    }
    let page = app.text(&format!("/opportunities/{id}/responses")).await;
    assert!(page.contains("Vera Volunteer") && !page.contains(VOLUNTEER));
    let (sam, sam_jar) = app.new_client();
    post_form_as(
        &sam,
        &sam_jar,
        &app.base,
        "/sign-in",
        &[("email", "sam@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let res = sam.get(app.url(&format!("/opportunities/{id}/responses"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(
        &sam,
        &sam_jar,
        &app.base,
        &format!("/opportunities/{id}/responses/{response_id}/reply"),
        &[("message", "Hello from a stranger")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (anon, _) = app.new_client();
    let res = anon.get(app.url(&format!("/opportunities/{id}/responses"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The owner replies through the node: the volunteer is emailed, without the owner's address.
    let reply_path = format!("/opportunities/{id}/responses/{response_id}/reply");
    let res = app.post_form(&reply_path, &[("message", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Write a short message"));
    let res = app.post_form(&reply_path, &[("message", "Wonderful, see you Saturday at 9.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mail = app.wait_for_mail(2).await;
    assert_eq!(mail[1].to, vec![VOLUNTEER.to_string()]);
    let data = &readable(&mail[1].data);
    assert!(data.contains("Wonderful, see you Saturday at 9."), "{data}");
    assert!(data.contains("Riverside Food Share"), "{data}");
    assert!(!data.contains(OWNER), "the admin's address must not reach the volunteer: {data}");
    let responses: Value = app.api_get(&token, &path).await.json().await.unwrap();
    assert_eq!(responses[0]["replies"][0]["message"], "Wonderful, see you Saturday at 9.");

    // The same through the API: the group's admins only.
    let api_reply = format!("/api/v1/opportunities/{id}/responses/{response_id}/reply");
    let res = app.api_send(Method::POST, &stranger, &api_reply, json!({"message": "Hi"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::POST, &token, &api_reply, json!({"message": ""})).await;
    assert_eq!(problem_fields(res).await, vec!["message".to_string()]);
    let unknown = format!("/api/v1/opportunities/{id}/responses/{}/reply", uuid::Uuid::now_v7());
    let res = app.api_send(Method::POST, &token, &unknown, json!({"message": "Hi"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::POST, &token, &api_reply, json!({"message": "Bring gloves."})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let mail = app.wait_for_mail(3).await;
    assert_eq!(mail[2].to, vec![VOLUNTEER.to_string()]);

    // The volunteer's data export holds what they sent and what came back.
    let export: Value = app.api_get(&vera, "/api/v1/me/export").await.json().await.unwrap();
    assert_eq!(export["volunteering"][0]["message"], "I have a van and free Saturdays.");
    assert_eq!(export["volunteering"][0]["replies"][0]["message"], "Wonderful, see you Saturday at 9.");

    // The volunteer withdraws; the group sees it, and a second withdrawal is refused.
    let interest = format!("/api/v1/opportunities/{id}/interest");
    let res = app.api_send(Method::DELETE, &vera, &interest, json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.api_send(Method::DELETE, &vera, &interest, json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let responses: Value = app.api_get(&token, &path).await.json().await.unwrap();
    assert_eq!(responses[0]["status"], "withdrawn");
    // Replying to a withdrawn volunteer is refused; they may come forward again.
    let res = app.post_form(&reply_path, &[("message", "Still there?")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("notice=opportunity-response-withdrawn"));
    assert_eq!(app.wait_for_mail(3).await.len(), 3, "no email to a withdrawn volunteer");
    let res = app.api_send(Method::POST, &vera, &interest, json!({"message": "Back again"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // The page form for a signed-in volunteer, and withdrawing there.
    let (v, v_jar) = app.new_client();
    post_form_as(&v, &v_jar, &app.base, "/sign-in", &[("email", VOLUNTEER), ("password", crate::helpers::PASSWORD)])
        .await;
    let page = v.get(app.url(&format!("/opportunities/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("You told the group you are interested."));
    let res = post_form_as(&v, &v_jar, &app.base, &format!("/opportunities/{id}/withdraw"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form_as(&v, &v_jar, &app.base, &format!("/opportunities/{id}/interest"), &[("message", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Write a short message"));
    let res =
        post_form_as(&v, &v_jar, &app.base, &format!("/opportunities/{id}/interest"), &[("message", "Via the page")])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("notice=opportunity-interest-sent"));
    let res =
        post_form_as(&v, &v_jar, &app.base, &format!("/opportunities/{id}/interest"), &[("message", "Twice")]).await;
    assert!(location(&res).ends_with("notice=opportunity-already-interested"));
    // Two expressions of interest after the first, two replies: nothing went to the withdrawn volunteer.
    app.wait_for_mail(5).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let to: Vec<String> = app.smtp.all().iter().map(|m| m.to.join(",")).collect();
    assert_eq!(to, vec![OWNER, VOLUNTEER, VOLUNTEER, OWNER, OWNER]);
    app.stop().await;
}

async fn interest_is_rate_limited(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let o = publish(&app, &token, driver()).await;
    let path = format!("/api/v1/opportunities/{}/interest", o["id"].as_str().unwrap());
    let vera = app.api_person("Vera Volunteer", VOLUNTEER, &["read", "write"]).await;
    let limit = plural_web::opportunities::service::INTEREST_LIMIT;
    let mut statuses = Vec::new();
    for _ in 0..=limit {
        statuses.push(app.api_send(Method::POST, &vera, &path, json!({"message": "Hello"})).await.status());
    }
    assert_eq!(statuses[0], StatusCode::CREATED);
    assert_eq!(statuses[1], StatusCode::CONFLICT);
    assert_eq!(*statuses.last().unwrap(), StatusCode::TOO_MANY_REQUESTS);

    // Erasing an account takes its messages to groups with it.
    let responses = path.replace("/interest", "/responses");
    let before: Value = app.api_get(&token, &responses).await.json().await.unwrap();
    assert_eq!(before.as_array().unwrap().len(), 1);
    let email = plural_kernel::people::EmailAddress::parse("email", VOLUNTEER).unwrap();
    let (p, _) = plural_store::people::find_by_email(&app.state.db, &app.key, &email).await.unwrap().unwrap();
    plural_store::people::erase(&app.state.db, p.id).await.unwrap();
    let after: Value = app.api_get(&token, &responses).await.json().await.unwrap();
    assert_eq!(after.as_array().unwrap().len(), 0);
    app.stop().await;
}

async fn list_filters_and_place_page(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    publish(&app, &token, driver()).await;
    let mut remote = driver();
    remote["title"] = json!("Phone helpline volunteer");
    remote["remote"] = json!(true);
    remote["no_experience_needed"] = json!(false);
    remote["location"] = json!("");
    publish(&app, &token, remote).await;

    let titles = |v: Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap().to_string()).collect()
    };
    let all: Value = app.api_get(&token, "/api/v1/opportunities?place=riverside").await.json().await.unwrap();
    assert_eq!(titles(all).len(), 2);
    let r: Value = app.api_get(&token, "/api/v1/opportunities?remote=true").await.json().await.unwrap();
    assert_eq!(titles(r), vec!["Phone helpline volunteer".to_string()]);
    let n: Value = app.api_get(&token, "/api/v1/opportunities?no_experience_needed=true").await.json().await.unwrap();
    assert_eq!(titles(n), vec!["Food share driver".to_string()]);
    assert_eq!(app.api_get(&token, "/api/v1/opportunities?place=nowhere").await.status(), StatusCode::NOT_FOUND);
    // A page far past the end is empty, not an overflow (schemathesis found a 500).
    let far: Value = app.api_get(&token, "/api/v1/opportunities?page=9223372036854775806").await.json().await.unwrap();
    assert_eq!(titles(far), Vec::<String>::new());

    // The same filters as a plain GET form (seen by a visitor: the owner's
    // page also lists every opportunity of their groups).
    let (anon, _) = app.new_client();
    let text = |path: &str| {
        let req = anon.get(app.url(path));
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let page = text("/opportunities?place=riverside&remote=1").await;
    assert!(page.contains("Phone helpline volunteer") && !page.contains("Food share driver</a>"));
    let page = text("/opportunities?no_experience=1").await;
    assert!(page.contains("Food share driver") && !page.contains("Phone helpline volunteer</a>"));
    assert!(page.contains(r#"name="no_experience" value="1" checked"#));

    // The place page lists its open opportunities.
    let page = app.text("/places/riverside").await;
    assert!(page.contains("Food share driver") && page.contains("Phone helpline volunteer"));
    app.stop().await;
}

async fn demo_has_living_opportunities(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let (anon, _) = app.new_client();
    let list: Value =
        anon.get(app.url("/api/v1/opportunities?per_page=100")).send().await.unwrap().json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    // Every demo opportunity but the closed one is open, and all read well.
    assert_eq!(items.len(), 7);
    assert!(items.iter().any(|o| o["title"] == "Treasurer for the tenants' association"));
    assert!(items.iter().all(|o| o["title"] != "Christmas hamper packers"));
    let page = anon.get(app.url("/places/brixton-hill")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Food packers and welcomers"));
    app.stop().await;
}
