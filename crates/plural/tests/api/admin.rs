//! Node administration: who may see it, granting and revoking node admin,
//! disabling accounts, and the access log that tells people about it.

use plural_kernel::PersonId;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp, PASSWORD};

both_engines!(
    admin_is_for_node_admins_only,
    granting_and_revoking_admin_is_logged,
    disabling_ends_sessions_tokens_and_sign_in,
    the_last_admin_cannot_step_down_or_disable_themselves,
);

async fn person_id(app: &TestApp, email: &str) -> PersonId {
    let email = plural_kernel::people::EmailAddress::parse("email", email).unwrap();
    plural_store::people::find_by_email(&app.state.db, &app.key, &email).await.unwrap().unwrap().0.id
}

async fn admin_is_for_node_admins_only(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app.get("/admin").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous visitors are asked to sign in");
    assert!(location(&res).starts_with("/sign-in?next=%2Fadmin"));
    app.sign_up("Mo Member", "mo@example.org").await;
    let res = app.get("/admin").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let mo = person_id(&app, "mo@example.org").await;
    let res = app.post_form(&format!("/admin/people/{mo}/admin"), &[("admin", "true")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "nobody makes themselves admin");
    assert!(!plural_store::people::get(&app.state.db, mo).await.unwrap().unwrap().is_node_admin);

    let token = app.token_for("mo@example.org", &["read", "write"]).await;
    assert_eq!(app.api_get(&token, "/api/v1/admin/people").await.status(), StatusCode::FORBIDDEN);
    let res =
        app.api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{mo}/admin"), json!({"admin": true})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.client.get(app.url("/api/v1/admin/people")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Once promoted, the page opens: counts, jobs, people, never emails.
    app.promote("mo@example.org").await;
    let page = app.text("/admin").await;
    assert!(page.contains("Mo Member"));
    assert!(page.contains("People"));
    assert!(page.contains("Background jobs"));
    assert!(!page.contains("mo@example.org"), "emails are never shown");
    let list: serde_json::Value = app.api_get(&token, "/api/v1/admin/people?per_page=10").await.json().await.unwrap();
    assert_eq!(list["items"][0]["display_name"], "Mo Member");
    assert_eq!(list["per_page"], 10);
    assert!(!list.to_string().contains("mo@example.org"));
    let res = app.api_send(Method::PUT, &token, "/api/v1/admin/people/not-an-id/admin", json!({"admin": true})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res =
        app.api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{mo}/admin"), json!({"admin": "yes"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    app.stop().await;
}

async fn granting_and_revoking_admin_is_logged(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ada Admin", "ada@example.org").await;
    app.promote("ada@example.org").await;
    let bo_token = app.api_person("Bo", "bo@example.org", &["read", "write"]).await;
    let bo = person_id(&app, "bo@example.org").await;
    assert_eq!(app.api_get(&bo_token, "/api/v1/admin/people").await.status(), StatusCode::FORBIDDEN);

    let res = app.post_form(&format!("/admin/people/{bo}/admin"), &[("admin", "true")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin?notice=admin-granted");
    assert!(app.text("/admin?notice=admin-granted").await.contains("They are now a node admin."));
    assert_eq!(app.api_get(&bo_token, "/api/v1/admin/people").await.status(), StatusCode::OK, "Bo is an admin now");

    // Bo revokes Ada through the API.
    let ada = person_id(&app, "ada@example.org").await;
    let res = app
        .api_send(Method::PUT, &bo_token, &format!("/api/v1/admin/people/{ada}/admin"), json!({"admin": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["is_node_admin"], false);
    assert_eq!(app.get("/admin").await.status(), StatusCode::FORBIDDEN, "Ada is no longer an admin");

    let log = plural_store::people::access_log(&app.state.db, bo, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].accessed_by.as_deref(), Some("node admin Ada Admin"));
    assert_eq!(log[0].what, "granted node admin");
    let log = plural_store::people::access_log(&app.state.db, ada, 10).await.unwrap();
    assert_eq!(log[0].accessed_by.as_deref(), Some("node admin Bo"));
    assert_eq!(log[0].what, "revoked node admin");
    app.stop().await;
}

async fn disabling_ends_sessions_tokens_and_sign_in(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ada Admin", "ada@example.org").await;
    app.promote("ada@example.org").await;
    let (cy_client, cy_jar) = app.new_client();
    let res = post_form_as(
        &cy_client,
        &cy_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Cy"), ("email", "cy@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cy_token = app.token_for("cy@example.org", &["read", "write"]).await;
    let cy = person_id(&app, "cy@example.org").await;
    // Signed in, Cy is refused the admin page (rather than asked to sign in).
    assert_eq!(cy_client.get(app.url("/admin")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(app.api_get(&cy_token, "/api/v1/places").await.status(), StatusCode::OK);

    let res = app.post_form(&format!("/admin/people/{cy}/disable"), &[("disabled", "true")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin?notice=person-disabled");
    let page = app.text("/admin").await;
    assert!(page.contains("Disabled"));

    // Cy's session and token stop working.
    let res = cy_client.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "no longer signed in");
    assert!(location(&res).starts_with("/sign-in"));
    let res = app.api_get(&cy_token, "/api/v1/admin/people").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Signing in again is refused.
    let res = post_form_as(
        &cy_client,
        &cy_jar,
        &app.base,
        "/sign-in",
        &[("email", "cy@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "the form says why");
    assert!(res.text().await.unwrap().contains("This account has been disabled"));
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "cy@example.org", "password": PASSWORD, "name": "again", "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Enabled again through the API, Cy can sign in; the old token stays revoked.
    let admin_token = app.token_for("ada@example.org", &["read", "write"]).await;
    let res = app
        .api_send(Method::PUT, &admin_token, &format!("/api/v1/admin/people/{cy}/disabled"), json!({"disabled": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["disabled"], false);
    let res = post_form_as(
        &cy_client,
        &cy_jar,
        &app.base,
        "/sign-in",
        &[("email", "cy@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.api_get(&cy_token, "/api/v1/places").await.status(), StatusCode::UNAUTHORIZED);

    let log = plural_store::people::access_log(&app.state.db, cy, 10).await.unwrap();
    let whats: Vec<&str> = log.iter().map(|r| r.what.as_str()).collect();
    assert!(whats.contains(&"disabled the account") && whats.contains(&"enabled the account"), "{whats:?}");
    assert!(log.iter().all(|r| r.accessed_by.as_deref() == Some("node admin Ada Admin")));
    let res = app
        .api_send(
            Method::PUT,
            &admin_token,
            "/api/v1/admin/people/0190f0f0-0000-7000-8000-000000000000/disabled",
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn the_last_admin_cannot_step_down_or_disable_themselves(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = app.api_person("Ada Admin", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let ada = person_id(&app, "ada@example.org").await;
    let res =
        app.api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{ada}/admin"), json!({"admin": false})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["detail"], "last-node-admin-cannot-revoke-self");
    let res = app
        .api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{ada}/disabled"), json!({"disabled": true}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["detail"], "cannot-disable-self");
    let me = plural_store::people::get(&app.state.db, ada).await.unwrap().unwrap();
    assert!(me.is_node_admin && !me.disabled);
    assert!(plural_store::people::access_log(&app.state.db, ada, 10).await.unwrap().is_empty(), "nothing happened");

    // With a second admin, stepping down is allowed.
    app.api_person("Bo", "bo@example.org", &["read"]).await;
    let bo = person_id(&app, "bo@example.org").await;
    let res =
        app.api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{bo}/admin"), json!({"admin": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res =
        app.api_send(Method::PUT, &token, &format!("/api/v1/admin/people/{ada}/admin"), json!({"admin": false})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.api_get(&token, "/api/v1/admin/people").await.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}
