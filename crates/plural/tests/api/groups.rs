//! Groups: creating them, joining (open, by approval, by invitation),
//! leaving, roles, who sees the member list, and public-body verification.

use plural_kernel::groups::Role;
use plural_kernel::PersonId;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp};

both_engines!(
    create_group_by_page_and_api,
    join_open_group,
    request_then_approve_or_decline,
    invite_only_needs_an_invitation,
    expired_and_unknown_invitations,
    last_owner_cannot_leave,
    role_change_rules,
    member_list_is_for_members,
    verification_is_for_node_admins,
    erased_member_is_a_former_member,
);

/// Create a group through the API; returns its slug.
async fn group(app: &TestApp, token: &str, name: &str, kind: &str, policy: &str) -> String {
    let res = app
        .api_send(
            Method::POST,
            token,
            "/api/v1/groups",
            json!({"name": name, "kind": kind, "place": "riverside", "join_policy": policy}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["your_role"], "owner");
    body["slug"].as_str().unwrap().to_string()
}

async fn role_in(app: &TestApp, slug: &str, email: &str) -> Option<Role> {
    let g = plural_store::groups::by_slug(&app.state.db, slug).await.unwrap().unwrap();
    plural_store::groups::role_of(&app.state.db, g.id, app.person_id(email).await).await.unwrap()
}

async fn problem(res: reqwest::Response) -> Value {
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    res.json().await.unwrap()
}

async fn create_group_by_page_and_api(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;

    // Anonymous visitors are sent to sign in first.
    let res = app.get("/groups/new").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in?next="));

    app.sign_up("Ada", "ada@example.org").await;
    let form = app.text("/groups/new?place=riverside").await;
    assert!(form.contains("<legend>What kind of group is it?</legend>"));
    assert!(form.contains(r#"<option value="riverside" selected>Riverside</option>"#));

    // Bad input: every problem listed, the input kept, status 200.
    let res = app
        .post_form(
            "/groups",
            &[("name", ""), ("description", "We grow things"), ("kind", "cult"), ("place", "nowhere")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains(r##"href="#f-name""##));
    assert!(html.contains(r##"href="#f-kind""##));
    assert!(html.contains(r##"href="#f-place""##));
    assert!(html.contains(r##"href="#f-join_policy""##));
    assert!(html.contains("We grow things"), "input is kept");

    // The web name is suggested from the name.
    let fields = [
        ("name", "Riverside Gardeners"),
        ("slug", ""),
        ("description", "We grow things"),
        ("kind", "community_group"),
        ("place", "riverside"),
        ("join_policy", "open"),
    ];
    let res = app.post_form("/groups", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/groups/riverside-gardeners?notice=group-created");
    let page = app.text("/groups/riverside-gardeners?notice=group-created").await;
    assert!(page.contains("<h1>Riverside Gardeners</h1>"));
    assert!(page.contains("You are its owner"));
    assert!(page.contains(r#"href="/places/riverside""#));
    assert_eq!(role_in(&app, "riverside-gardeners", "ada@example.org").await, Some(Role::Owner));

    // Same name again: the web name is taken.
    let res = app.post_form("/groups", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("This web name is already used"));

    // Editing by the owner.
    let edit = app.text("/groups/riverside-gardeners/edit").await;
    assert!(edit.contains(r#"value="Riverside Gardeners""#));
    let mut changed = fields;
    changed[0] = ("name", "Riverside Growers");
    changed[1] = ("slug", "riverside-gardeners");
    let res = app.post_form("/groups/riverside-gardeners/edit", &changed).await;
    assert_eq!(location(&res), "/groups/riverside-gardeners?notice=group-updated");

    // The API.
    let token = app.api_person("Bo", "bo@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "", "kind": "x", "place": "y", "join_policy": "z"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = problem(res).await;
    let codes: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["name-required", "group-kind-invalid", "place-invalid", "join-policy-invalid"]);
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Other", "slug": "riverside-gardeners", "kind": "charity", "place": "riverside", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(res).await["errors"][0]["code"], "slug-taken");
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Bo's Bakes", "kind": "business", "place": "riverside", "join_policy": "open", "extra": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "unknown fields are refused");
    let slug = group(&app, &token, "Bo's Bakes", "business", "open").await;
    assert_eq!(slug, "bos-bakes");
    let res = app.client.post(app.url("/api/v1/groups")).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Bo cannot edit Ada's group.
    let res = app.api_send(Method::PATCH, &token, "/api/v1/groups/riverside-gardeners", json!({"name": "Mine"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::PATCH, &token, "/api/v1/groups/bos-bakes", json!({"description": "Bread"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["description"], "Bread");

    // Lists, public.
    let list: Value =
        app.client.get(app.url("/api/v1/groups?place=riverside")).send().await.unwrap().json().await.unwrap();
    let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Bo's Bakes", "Riverside Growers"]);
    assert_eq!(list["items"][1]["member_count"], 1);
    let res = app.client.get(app.url("/api/v1/groups?place=atlantis")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = app.text("/groups?place=riverside").await;
    assert!(html.contains("Groups in Riverside"));
    assert!(html.contains(r#"href="/groups/bos-bakes""#));
    let one: Value = app.client.get(app.url("/api/v1/groups/bos-bakes")).send().await.unwrap().json().await.unwrap();
    assert_eq!(one["kind"], "business");
    assert!(one.get("your_role").is_none());
    assert_eq!(app.get("/groups/nope").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn join_open_group(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Litter Pickers", "informal", "open").await;

    // Anonymous visitors see a sign-in link.
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(page.contains("Sign in to join this group"));

    app.sign_up("Bo", "bo@example.org").await;
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(page.contains("Join this group"));
    let res = app.post_form(&format!("/groups/{slug}/join"), &[]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-joined"));
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, Some(Role::Member));
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(page.contains("Your role: Member"));
    assert!(page.contains("Bo joined"), "history shows it");

    // By API; joining twice is a conflict.
    let cy = app.api_person("Cy", "cy@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &cy, &format!("/api/v1/groups/{slug}/join"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "member");
    let res = app.client.post(app.url(&format!("/api/v1/groups/{slug}/join"))).bearer_auth(&cy).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await["detail"], "already-a-member");
    let read_only = app.token_for("cy@example.org", &["read"]).await;
    let res = app.api_send(Method::POST, &read_only, &format!("/api/v1/groups/{slug}/leave"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "writing needs the write scope");
    let res = app.api_send(Method::POST, &cy, &format!("/api/v1/groups/{slug}/leave"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(role_in(&app, &slug, "cy@example.org").await, None);
    let res = app.api_send(Method::POST, &cy, &format!("/api/v1/groups/{slug}/leave"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    app.stop().await;
}

async fn request_then_approve_or_decline(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Tenants Association", "community_group", "approval").await;

    // Bo asks by page, with a message; the page then says the request is pending.
    app.sign_up("Bo", "bo@example.org").await;
    assert!(app.text(&format!("/groups/{slug}")).await.contains("Ask to join"));
    let res = app.post_form(&format!("/groups/{slug}/join"), &[("message", "I live at number 4")]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-requested"));
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, None);
    assert!(app.text(&format!("/groups/{slug}")).await.contains("Request pending"));

    // Cy asks by API.
    let cy = app.api_person("Cy", "cy@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &cy, &format!("/api/v1/groups/{slug}/join"), json!({"message": "hi"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "requested");
    let res = app.api_get(&cy, &format!("/api/v1/groups/{slug}/requests")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "requesters cannot see requests");

    let res = app.api_get(&owner, &format!("/api/v1/groups/{slug}/requests")).await;
    let requests: Value = res.json().await.unwrap();
    assert_eq!(requests.as_array().unwrap().len(), 2);
    assert_eq!(requests[0]["display_name"], "Bo");
    assert_eq!(requests[0]["message"], "I live at number 4");

    // Cy cannot approve herself.
    let bo_id = app.person_id("bo@example.org").await;
    let cy_id = app.person_id("cy@example.org").await;
    let res =
        app.api_send(Method::POST, &cy, &format!("/api/v1/groups/{slug}/requests/{cy_id}/approve"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Approve Bo by API; decline Cy on the page.
    let res =
        app.api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/requests/{bo_id}/approve"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, Some(Role::Member));
    let (ada, ada_jar) = app.new_client();
    let signed_in = post_form_as(
        &ada,
        &ada_jar,
        &app.base,
        "/sign-in",
        &[("email", "ada@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let page = ada.get(app.url(&format!("/groups/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Requests to join"));
    assert!(page.contains(&format!("/groups/{slug}/requests/{cy_id}/decline")));
    let res = post_form_as(&ada, &ada_jar, &app.base, &format!("/groups/{slug}/requests/{cy_id}/decline"), &[]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-request-declined"));
    assert_eq!(role_in(&app, &slug, "cy@example.org").await, None);
    let requests: Value = app.api_get(&owner, &format!("/api/v1/groups/{slug}/requests")).await.json().await.unwrap();
    assert!(requests.as_array().unwrap().is_empty());
    // Deciding a request that is gone.
    let res =
        app.api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/requests/{cy_id}/decline"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/requests/not-an-id/decline"), json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn invite_only_needs_an_invitation(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Steering Committee", "community_group", "invite_only").await;

    app.sign_up("Bo", "bo@example.org").await;
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(page.contains("by invitation only"));
    assert!(!page.contains("Join this group"));
    let res = app.post_form(&format!("/groups/{slug}/join"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("takes new members by invitation only"));
    let bo = app.token_for("bo@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &bo, &format!("/api/v1/groups/{slug}/join"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(res).await["detail"], "invitation-required");

    // Non-members cannot make invitations; bad roles are field errors.
    let res =
        app.api_send(Method::POST, &bo, &format!("/api/v1/groups/{slug}/invitations"), json!({"role": "member"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/invitations"), json!({"role": "boss"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The owner invites an admin.
    let res = app
        .api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/invitations"), json!({"role": "admin"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let inv: Value = res.json().await.unwrap();
    let url = inv["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("{}/invitations/", app.base)));
    let days = (inv["expires_at"].as_i64().unwrap() - plural_store::now()) / 86400;
    assert!((13..=14).contains(&days));
    let path = url.trim_start_matches(&app.base).to_string();

    // Anonymous: sign in first.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in?next="));

    let page = app.text(&path).await;
    assert!(page.contains("Invitation to Steering Committee"));
    assert!(page.contains("as: Admin"));
    let res = app.post_form(&path, &[]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-invitation-accepted"));
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, Some(Role::Admin));
    let res = app.post_form(&path, &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "accepting twice");

    // Admins may invite admins but not owners; the page offers only what they may.
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(page.contains("Make an invitation link"));
    assert!(!page.contains(r#"<option value="owner""#));
    let res = app.post_form(&format!("/groups/{slug}/invitations"), &[("role", "owner")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.post_form(&format!("/groups/{slug}/invitations"), &[("role", "member")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let shown = res.text().await.unwrap();
    let start = shown.find(&format!("{}/invitations/", app.base)).unwrap();
    let link: String = shown[start..].chars().take_while(|c| *c != '<').collect();

    // Cy accepts by API: member, though the group is invitation only.
    let cy = app.api_person("Cy", "cy@example.org", &["read", "write"]).await;
    let token = link.rsplit('/').next().unwrap();
    let res = app.api_send(Method::POST, &cy, &format!("/api/v1/invitations/{token}/accept"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["your_role"], "member");
    app.stop().await;
}

async fn expired_and_unknown_invitations(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Choir", "informal", "invite_only").await;
    let g = plural_store::groups::by_slug(&app.state.db, &slug).await.unwrap().unwrap();
    let ada = app.person_id("ada@example.org").await;
    let expired = plural_store::groups::create_invitation(&app.state.db, g.id, Role::Member, ada, -60).await.unwrap();

    app.sign_up("Bo", "bo@example.org").await;
    let res = app.get(&format!("/invitations/{expired}")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("This invitation link has expired"));
    let res = app.post_form(&format!("/invitations/{expired}"), &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app.get("/invitations/made-up-token").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("This invitation link is not valid"));
    let bo = app.token_for("bo@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &bo, &format!("/api/v1/invitations/{expired}/accept"), json!({})).await;
    assert_eq!(problem(res).await["code"], "invitation-expired");
    let res = app.api_send(Method::POST, &bo, "/api/v1/invitations/made-up/accept", json!({})).await;
    assert_eq!(problem(res).await["code"], "invitation-invalid");
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, None);
    app.stop().await;
}

async fn last_owner_cannot_leave(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Ada", "ada@example.org").await;
    let owner = app.token_for("ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Food Bank", "charity", "open").await;

    let res = app.post_form(&format!("/groups/{slug}/leave"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = res.text().await.unwrap();
    assert!(html.contains("You are the group&#x27;s only owner") || html.contains("only owner"), "{html}");
    let res = app.api_send(Method::POST, &owner, &format!("/api/v1/groups/{slug}/leave"), json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(res).await["detail"], "last-owner-cannot-leave");

    // With a second owner, the first may go.
    let bo = app.api_person("Bo", "bo@example.org", &["read", "write"]).await;
    app.api_send(Method::POST, &bo, &format!("/api/v1/groups/{slug}/join"), json!({})).await;
    let bo_id = app.person_id("bo@example.org").await;
    let res = app
        .api_send(Method::PUT, &owner, &format!("/api/v1/groups/{slug}/members/{bo_id}"), json!({"role": "owner"}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.post_form(&format!("/groups/{slug}/leave"), &[]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-left"));
    assert_eq!(role_in(&app, &slug, "ada@example.org").await, None);
    app.stop().await;
}

async fn role_change_rules(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Repair Cafe", "social_enterprise", "open").await;
    let admin = app.api_person("Bo", "bo@example.org", &["read", "write"]).await;
    let member = app.api_person("Cy", "cy@example.org", &["read", "write"]).await;
    for t in [&admin, &member] {
        app.api_send(Method::POST, t, &format!("/api/v1/groups/{slug}/join"), json!({})).await;
    }
    let (ada_id, bo_id, cy_id) = (
        app.person_id("ada@example.org").await,
        app.person_id("bo@example.org").await,
        app.person_id("cy@example.org").await,
    );
    let put = |token: &str, id: PersonId, role: &str| {
        let (token, path) = (token.to_string(), format!("/api/v1/groups/{slug}/members/{id}"));
        let body = json!({ "role": role });
        let app = &app;
        async move { app.api_send(Method::PUT, &token, &path, body).await.status() }
    };
    assert_eq!(put(&member, bo_id, "admin").await, StatusCode::FORBIDDEN, "members change nobody");
    assert_eq!(put(&owner, bo_id, "admin").await, StatusCode::NO_CONTENT);
    assert_eq!(put(&owner, bo_id, "chief").await, StatusCode::UNPROCESSABLE_ENTITY);
    // An admin never touches an owner nor makes one.
    assert_eq!(put(&admin, ada_id, "member").await, StatusCode::FORBIDDEN);
    assert_eq!(put(&admin, cy_id, "owner").await, StatusCode::FORBIDDEN);
    assert_eq!(put(&admin, cy_id, "admin").await, StatusCode::NO_CONTENT);
    assert_eq!(put(&admin, cy_id, "member").await, StatusCode::NO_CONTENT);
    // An owner cannot demote themselves.
    assert_eq!(put(&owner, ada_id, "admin").await, StatusCode::FORBIDDEN);
    assert_eq!(put(&owner, PersonId::new(), "admin").await, StatusCode::NOT_FOUND);

    let delete = |token: &str, id: PersonId| {
        let (token, path) = (token.to_string(), format!("/api/v1/groups/{slug}/members/{id}"));
        let app = &app;
        async move { app.api_send(Method::DELETE, &token, &path, json!({})).await.status() }
    };
    assert_eq!(delete(&admin, ada_id).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&member, bo_id).await, StatusCode::FORBIDDEN);
    assert_eq!(delete(&admin, bo_id).await, StatusCode::FORBIDDEN, "leave, do not remove yourself");
    assert_eq!(delete(&admin, cy_id).await, StatusCode::NO_CONTENT);
    assert_eq!(role_in(&app, &slug, "cy@example.org").await, None);
    assert_eq!(delete(&admin, cy_id).await, StatusCode::NOT_FOUND);

    // On the page: the owner sees role forms and remove buttons for others.
    let (ada, ada_jar) = app.new_client();
    post_form_as(
        &ada,
        &ada_jar,
        &app.base,
        "/sign-in",
        &[("email", "ada@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let page = ada.get(app.url(&format!("/groups/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/groups/{slug}/members/{bo_id}/role")));
    assert!(!page.contains(&format!("/groups/{slug}/members/{ada_id}/remove")));
    let res =
        post_form_as(&ada, &ada_jar, &app.base, &format!("/groups/{slug}/members/{bo_id}/role"), &[("role", "member")])
            .await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-role-changed"));
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, Some(Role::Member));
    let res = post_form_as(&ada, &ada_jar, &app.base, &format!("/groups/{slug}/members/{bo_id}/remove"), &[]).await;
    assert_eq!(location(&res), format!("/groups/{slug}?notice=group-member-removed"));
    assert_eq!(role_in(&app, &slug, "bo@example.org").await, None);
    let page = ada.get(app.url(&format!("/groups/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Bo was removed"));
    assert!(page.contains("Bo became Admin"));
    app.stop().await;
}

async fn member_list_is_for_members(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada Owner", "ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Allotment Society", "community_group", "approval").await;

    let res = app.client.get(app.url(&format!("/api/v1/groups/{slug}/members"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let outsider = app.api_person("Bo", "bo@example.org", &["read", "write"]).await;
    let res = app.api_get(&outsider, &format!("/api/v1/groups/{slug}/members")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(res).await["detail"], "group-members-only");

    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(!page.contains("Ada Owner"), "anonymous visitors see no members");
    assert!(!page.contains("<h2>Members</h2>"));
    let (bo, bo_jar) = app.new_client();
    post_form_as(
        &bo,
        &bo_jar,
        &app.base,
        "/sign-in",
        &[("email", "bo@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let page = bo.get(app.url(&format!("/groups/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Ada Owner"), "non-members see no members");

    let res = app.api_get(&owner, &format!("/api/v1/groups/{slug}/members")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let members: Value = res.json().await.unwrap();
    assert_eq!(members[0]["display_name"], "Ada Owner");
    assert_eq!(members[0]["role"], "owner");
    assert!(!members.to_string().contains("@example.org"), "no email addresses");

    // Node admins may look, and the look is recorded for the members.
    app.promote("bo@example.org").await;
    let res = app.api_get(&outsider, &format!("/api/v1/groups/{slug}/members")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let log =
        plural_store::people::access_log(&app.state.db, app.person_id("ada@example.org").await, 10).await.unwrap();
    assert!(!log.is_empty());
    app.stop().await;
}

async fn verification_is_for_node_admins(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let owner = app.api_person("Ada", "ada@example.org", &["read", "write"]).await;
    let council = group(&app, &owner, "Riverside Council", "public_body", "invite_only").await;
    let club = group(&app, &owner, "Chess Club", "informal", "open").await;
    let path = format!("/api/v1/groups/{council}/verification");

    let res = app.api_send(Method::PUT, &owner, &path, json!({"verified": true})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "owners cannot verify their own group");
    assert_eq!(problem(res).await["detail"], "node-admin-only");

    app.sign_up("Root", "root@example.org").await;
    app.promote("root@example.org").await;
    let admin = app.token_for("root@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::PUT, &admin, &path, json!({"verified": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["verified_public_body"], true);
    assert!(app.text("/groups").await.contains("Verified public body"));
    let res = app
        .api_send(Method::PUT, &admin, &format!("/api/v1/groups/{club}/verification"), json!({"verified": true}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await["detail"], "not-a-public-body");
    let res = app.api_send(Method::PUT, &admin, &path, json!({"verified": "yes"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The page: a button for node admins only.
    let page = app.text(&format!("/groups/{council}")).await;
    assert!(page.contains("Remove verification"));
    let res = app.post_form(&format!("/groups/{council}/verification"), &[("verified", "false")]).await;
    assert_eq!(location(&res), format!("/groups/{council}?notice=group-unverified"));
    let one: Value =
        app.client.get(app.url(&format!("/api/v1/groups/{council}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(one["verified_public_body"], false);
    let res = app.post_form(&format!("/groups/{club}/verification"), &[("verified", "true")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("Only groups of the kind"));
    let (ada, ada_jar) = app.new_client();
    post_form_as(
        &ada,
        &ada_jar,
        &app.base,
        "/sign-in",
        &[("email", "ada@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let page = ada.get(app.url(&format!("/groups/{council}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Mark as verified public body"));
    let res =
        post_form_as(&ada, &ada_jar, &app.base, &format!("/groups/{council}/verification"), &[("verified", "true")])
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn erased_member_is_a_former_member(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Ada", "ada@example.org").await;
    let owner = app.token_for("ada@example.org", &["read", "write"]).await;
    let slug = group(&app, &owner, "Book Club", "informal", "open").await;
    let bo = app.api_person("Bo Gone", "bo@example.org", &["read", "write"]).await;
    app.api_send(Method::POST, &bo, &format!("/api/v1/groups/{slug}/join"), json!({})).await;
    assert!(app.text(&format!("/groups/{slug}")).await.contains("Bo Gone joined"));

    plural_store::people::erase(&app.state.db, app.person_id("bo@example.org").await).await.unwrap();
    let page = app.text(&format!("/groups/{slug}")).await;
    assert!(!page.contains("Bo Gone"));
    assert!(page.contains("Former member joined"));
    let members: Value = app.api_get(&owner, &format!("/api/v1/groups/{slug}/members")).await.json().await.unwrap();
    assert_eq!(members.as_array().unwrap().len(), 1);
    app.stop().await;
}
