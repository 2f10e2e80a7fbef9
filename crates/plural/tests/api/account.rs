//! One's own account: profile, email change over SMTP, password, export,
//! erasure, sessions and tokens — on pages and through the API.

use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::{GroupId, PersonId, PlaceId};
use plural_store::groups::GroupFields;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp, PASSWORD};

both_engines!(
    profile_edit_on_page_and_api,
    email_change_end_to_end,
    password_set_and_change,
    export_holds_everything_but_secrets,
    delete_account_leaves_a_tombstone,
    delete_is_refused_for_a_sole_owner,
    sign_out_everywhere_ends_every_session,
    tokens_made_listed_and_revoked,
);

async fn group(app: &TestApp, place: PlaceId, slug: &str, name: &str, owner: PersonId) -> GroupId {
    let fields = GroupFields {
        place_id: place,
        slug,
        name,
        description: "",
        kind: GroupKind::Informal,
        join_policy: JoinPolicy::Open,
    };
    plural_store::groups::create(&app.state.db, fields, owner).await.unwrap()
}

async fn token_with_password(app: &TestApp, email: &str, password: &str) -> String {
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": email, "password": password, "name": "test", "scopes": ["read", "write"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: serde_json::Value = res.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

fn link_in(data: &str) -> String {
    // The body may be quoted-printable encoded: undo soft line breaks.
    let data = data.replace("=\r\n", "").replace("=3D", "=");
    let start = data.find("http://").expect("link in email");
    data[start..].split_whitespace().next().unwrap().to_string()
}

fn token_of(link: &str) -> String {
    let token = link.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
    url::form_urlencoded::parse(format!("t={token}").as_bytes()).next().unwrap().1.into_owned()
}

async fn profile_edit_on_page_and_api(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Auntie Bea", "bea@example.org").await;
    let page = app.text("/account").await;
    assert!(page.contains("<h1>Your account</h1>"));
    assert!(!page.contains("style=") && !page.contains("<script"), "nothing the CSP would block");
    assert!(page.contains("bea@example.org"), "own email shown");
    assert!(page.contains("value=\"Auntie Bea\""));
    assert!(page.contains("<option value=\"riverside\">Riverside</option>"), "places offered");

    // Bad input: every problem listed, everything typed kept.
    let res = app.post_form("/account", &[("display_name", "  "), ("language", "xx"), ("home_place", "nowhere")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("There is a problem"));
    for field in ["display_name", "language", "home_place"] {
        assert!(body.contains(&format!("href=\"#f-{field}\"")), "{field} in the summary");
    }
    assert!(body.contains("Choose a place from the list"));
    assert!(body.contains("<title>Error: Your account"), "title says there is an error");
    let me = plural_store::people::get(&app.state.db, app.person_id("bea@example.org").await).await.unwrap().unwrap();
    assert_eq!(me.display_name.as_deref(), Some("Auntie Bea"), "nothing saved");

    let res =
        app.post_form("/account", &[("display_name", "Bea"), ("language", "pl"), ("home_place", "riverside")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account?notice=account-profile-saved");
    let page = app.text("/account").await;
    assert!(page.contains("value=\"Bea\""));
    assert!(page.contains("<option value=\"riverside\" selected>"), "home place saved");
    assert!(page.contains("<html lang=\"pl\""), "page now in Polish (or its fallback)");

    // The API: partial changes, null clears, bad input is a 422 naming fields.
    let token = app.token_for("bea@example.org", &["read", "write"]).await;
    let me: serde_json::Value = app.api_get(&token, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["home_place"], "riverside");
    assert_eq!(me["email"], "bea@example.org");
    assert_eq!(me["language"], "pl");
    let res = app.api_send(Method::PATCH, &token, "/api/v1/me", json!({"language": "en"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!((me["language"].as_str(), me["display_name"].as_str()), (Some("en"), Some("Bea")));
    assert_eq!(me["home_place"], "riverside", "absent fields are left alone");
    let res = app.api_send(Method::PATCH, &token, "/api/v1/me", json!({"home_place": null})).await;
    let me: serde_json::Value = res.json().await.unwrap();
    assert!(me["home_place"].is_null(), "null clears");
    let res =
        app.api_send(Method::PATCH, &token, "/api/v1/me", json!({"display_name": "", "home_place": "atlantis"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["display_name", "home_place"]);
    let res = app.api_send(Method::PATCH, &token, "/api/v1/me", json!({"email": "x@example.org"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "email is not changed by PATCH");
    app.stop().await;
}

async fn email_change_end_to_end(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Tomasz", "tomasz@example.org").await;
    // Bad or unchanged addresses are refused on the form, input kept.
    let res = app.post_form("/account/email", &[("email", "not an address")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("href=\"#f-email\""));
    assert!(body.contains("value=\"not an address\""));
    let res = app.post_form("/account/email", &[("email", "TOMASZ@example.org")]).await;
    assert!(res.text().await.unwrap().contains("already your email address"));

    let res = app.post_form("/account/email", &[("email", "tomek@example.org")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account?notice=account-email-sent");
    let mail = app.wait_for_mail(1).await;
    assert_eq!(mail[0].to, vec!["tomek@example.org".to_string()]);
    let link = link_in(&mail[0].data);
    assert!(link.starts_with(&format!("{}/account/email/confirm?token=", app.base)), "{link}");
    // Nothing changes until the link is used; opening it only shows a button.
    let page = app.text(&link.replace(&app.base, "")).await;
    assert!(page.contains("Confirm your new email address"));
    let me = app.person_id("tomasz@example.org").await;
    let token = token_of(&link);
    let res = app.post_form("/account/email/confirm", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account?notice=account-email-changed");
    assert!(app.text("/account").await.contains("tomek@example.org"));
    // The old address is told.
    let mail = app.wait_for_mail(2).await;
    assert_eq!(mail[1].to, vec!["tomasz@example.org".to_string()]);
    assert!(mail[1].data.contains("was changed"), "{}", mail[1].data);
    assert!(mail[1].data.contains("t***@example.org"), "the new address is only hinted at");
    // A link works once.
    let res = app.post_form("/account/email/confirm", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("already been used"));
    let res = app.post_form("/account/email/confirm", &[("token", "made-up")]).await;
    assert!(res.text().await.unwrap().contains("not valid"));
    // The new address signs in; the old one no longer does.
    app.post_form("/sign-out", &[]).await;
    let res = app.post_form("/sign-in", &[("email", "tomasz@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK, "old address refused");
    let res = app.post_form("/sign-in", &[("email", "tomek@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.person_id("tomek@example.org").await, me);

    // Through the API; the address is taken before the link is used.
    let token = app.token_for("tomek@example.org", &["write"]).await;
    let res = app.api_send(Method::POST, &token, "/api/v1/me/email", json!({"email": "shared@example.org"})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let mail = app.wait_for_mail(3).await;
    let link = link_in(&mail[2].data);
    let (other, other_jar) = app.new_client();
    post_form_as(
        &other,
        &other_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Other"), ("email", "shared@example.org"), ("password", PASSWORD)],
    )
    .await;
    let res = app.post_form("/account/email/confirm", &[("token", &token_of(&link))]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("now used by another account"));
    assert!(app.text("/account").await.contains("tomek@example.org"), "unchanged");
    let res = app.api_send(Method::POST, &token, "/api/v1/me/email", json!({"email": "shared@example.org"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "taken addresses are refused up front");
    app.stop().await;
}

async fn password_set_and_change(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Grace", "grace@example.org").await;
    let (other, other_jar) = app.new_client();
    post_form_as(&other, &other_jar, &app.base, "/sign-in", &[("email", "grace@example.org"), ("password", PASSWORD)])
        .await;
    let res = app
        .post_form("/account/password", &[("current_password", "not it at all"), ("new_password", "password123")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("current password is not right"));
    assert!(body.contains("too common"));
    assert!(!body.contains("not it at all") && !body.contains("password123"), "passwords never echoed");
    let new = "quiet harbour lantern ninety";
    let res = app.post_form("/account/password", &[("current_password", PASSWORD), ("new_password", new)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/account").await.status(), StatusCode::OK, "this browser stays signed in");
    let res = other.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the other browser is signed out");
    app.post_form("/sign-out", &[]).await;
    let res = app.post_form("/sign-in", &[("email", "grace@example.org"), ("password", new)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The API needs the current password too.
    let token = token_with_password(&app, "grace@example.org", new).await;
    let res = app
        .api_send(Method::POST, &token, "/api/v1/me/password", json!({"new_password": "another long phrase here"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "current-password-required");
    app.stop().await;
}

async fn export_holds_everything_but_secrets(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let p = app.place("hill", "Hill").await;
    app.sign_up("Hodan", "hodan@example.org").await;
    let me = app.person_id("hodan@example.org").await;
    let g = group(&app, p, "hill-gardeners", "Hill Gardeners", me).await;
    let (other, other_jar) = app.new_client();
    post_form_as(
        &other,
        &other_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Neighbour"), ("email", "neighbour@example.org"), ("password", PASSWORD)],
    )
    .await;
    let neighbour = app.person_id("neighbour@example.org").await;
    let g2 = group(&app, p, "choir", "Hill Choir", neighbour).await;
    plural_store::groups::request_to_join(&app.state.db, g2, me, "I sing alto").await.unwrap();
    let secret = app.token_for("hodan@example.org", &["read"]).await;
    assert!(plural_store::groups::role_of(&app.state.db, g, me).await.unwrap().is_some());

    let res = app.get("/account/export").await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"plural-export-"), "{disposition}");
    assert!(disposition.ends_with(".json\""));
    let text = res.text().await.unwrap();
    let export: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["profile"]["email"], "hodan@example.org");
    assert_eq!(export["profile"]["display_name"], "Hodan");
    assert_eq!(export["memberships"][0]["group_name"], "Hill Gardeners");
    assert_eq!(export["memberships"][0]["role"], "owner");
    assert_eq!(export["join_requests"][0]["message"], "I sing alto");
    assert_eq!(export["group_history"][0]["kind"], "created");
    assert!(!export["sessions"].as_array().unwrap().is_empty());
    assert_eq!(export["api_tokens"][0]["name"], "test");
    assert!(!text.contains(&secret), "no token secret");
    assert!(!text.contains("plural_pat_"));
    assert!(!text.to_lowercase().contains("hash"), "no hashes");
    assert!(!text.contains("$argon2"));
    assert!(!text.contains("neighbour@example.org"), "nobody else's address");
    // The export is in the access log, the export's own copy and the page.
    assert_eq!(export["personal_data_access"][0]["what"], "export");
    assert!(app.text("/account").await.contains("Downloaded a copy of all your data"));
    let res = app.api_get(&secret, "/api/v1/me/export").await;
    assert_eq!(res.status(), StatusCode::OK);
    let export: serde_json::Value = res.json().await.unwrap();
    assert_eq!(export["personal_data_access"].as_array().unwrap().len(), 2, "both exports logged");
    assert_eq!(app.client.get(app.url("/api/v1/me/export")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

async fn delete_account_leaves_a_tombstone(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let p = app.place("docks", "Docks").await;
    app.sign_up("Owner", "owner@example.org").await;
    let owner = app.person_id("owner@example.org").await;
    let g = group(&app, p, "dock-watch", "Dock Watch", owner).await;
    app.post_form("/sign-out", &[]).await;
    app.sign_up("Kwame", "kwame@example.org").await;
    let kwame = app.person_id("kwame@example.org").await;
    plural_store::groups::add_member(&app.state.db, g, kwame, Role::Member, "open").await.unwrap();
    // Kwame owns a group of his own alone: that does not block deletion.
    group(&app, p, "kwame-solo", "Kwame Solo", kwame).await;

    let page = app.text("/account/delete").await;
    assert!(page.contains("Delete your account"));
    assert!(page.contains("former member"));
    let res = app.post_form("/account/delete", &[("confirm", "delete please")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("href=\"#f-confirm\""), "confirmation mismatch explained");
    assert_eq!(app.get("/account").await.status(), StatusCode::OK, "still there");

    let res = app.post_form("/account/delete", &[("confirm", "Kwame")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/?notice=account-deleted");
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER, "signed out");
    let res = app.post_form("/sign-in", &[("email", "kwame@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK, "sign-in no longer works");
    let gone = plural_store::people::get(&app.state.db, kwame).await.unwrap().unwrap();
    assert!(gone.erased && gone.display_name.is_none());
    assert_eq!(plural_store::people::email(&app.state.db, &app.key, kwame).await.unwrap(), None);
    // The group's history keeps a "former member" who joined and left.
    let history = plural_store::groups::history(&app.state.db, g, 10).await.unwrap();
    let about_kwame: Vec<_> = history.iter().filter(|e| e.had_person && e.display_name.is_none()).collect();
    assert_eq!(about_kwame.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), vec!["left", "joined"]);
    assert_eq!(plural_store::groups::members(&app.state.db, g).await.unwrap().len(), 1);
    // The address is free again.
    app.sign_up("Kwame again", "kwame@example.org").await;

    // Through the API.
    let token = app.api_person("Leaving", "leaving@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::DELETE, &token, "/api/v1/me", json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED, "its tokens are gone");
    app.stop().await;
}

async fn delete_is_refused_for_a_sole_owner(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let p = app.place("market", "Market").await;
    let token = app.api_person("Founder", "founder@example.org", &["read", "write"]).await;
    let founder = app.person_id("founder@example.org").await;
    let g = group(&app, p, "market-traders", "Market Traders", founder).await;
    app.sign_up("Trader", "trader@example.org").await;
    let trader = app.person_id("trader@example.org").await;
    plural_store::groups::add_member(&app.state.db, g, trader, Role::Member, "open").await.unwrap();

    let res = app.api_send(Method::DELETE, &token, "/api/v1/me", json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "sole-owner");
    assert_eq!(p["groups"], json!(["Market Traders"]));
    assert!(p["detail"].as_str().unwrap().contains("Market Traders"));
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), StatusCode::OK, "nothing erased");

    // On the page: the founder signs in and is told why.
    app.post_form("/sign-out", &[]).await;
    app.post_form("/sign-in", &[("email", "founder@example.org"), ("password", PASSWORD)]).await;
    let page = app.text("/account/delete").await;
    assert!(page.contains("only owner of a group with other members"));
    assert!(page.contains("Market Traders"));
    let res = app.post_form("/account/delete", &[("confirm", "DELETE")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("Market Traders"));
    assert!(!plural_store::people::get(&app.state.db, founder).await.unwrap().unwrap().erased);

    // Once there is a second owner, the founder may go.
    plural_store::groups::set_role(&app.state.db, g, trader, Role::Owner).await.unwrap();
    let res = app.post_form("/account/delete", &[("confirm", "DELETE")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(plural_store::people::get(&app.state.db, founder).await.unwrap().unwrap().erased);
    app.stop().await;
}

async fn sign_out_everywhere_ends_every_session(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ada", "ada@example.org").await;
    let (other, other_jar) = app.new_client();
    let res = post_form_as(
        &other,
        &other_jar,
        &app.base,
        "/sign-in",
        &[("email", "ada@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(other.get(app.url("/account")).send().await.unwrap().status(), StatusCode::OK);
    let page = app.text("/account").await;
    assert_eq!(page.matches(" UTC</td>").count(), 4, "two sessions listed");
    assert!(page.contains("This browser"));
    let token = app.token_for("ada@example.org", &["read", "write"]).await;

    let res = app.post_form("/account/sign-out-everywhere", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/?notice=account-signed-out-everywhere");
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER, "this browser too");
    assert_eq!(other.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), StatusCode::OK, "tokens are not sessions");

    // The API does the same.
    post_form_as(&other, &other_jar, &app.base, "/sign-in", &[("email", "ada@example.org"), ("password", PASSWORD)])
        .await;
    let res = app.api_send(Method::POST, &token, "/api/v1/me/sign-out-everywhere", json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(other.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

async fn tokens_made_listed_and_revoked(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ines", "ines@example.org").await;
    // Bad input keeps the form.
    let res = app.post_form("/account/tokens", &[("name", "noticeboard")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("Choose at least one scope"));
    assert!(body.contains("value=\"noticeboard\""));

    let res =
        app.post_form("/account/tokens", &[("name", "noticeboard"), ("scopes", "read"), ("scopes", "write")]).await;
    assert_eq!(res.status(), StatusCode::OK, "the secret is on this page, not behind a redirect");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body = res.text().await.unwrap();
    let start = body.find("plural_pat_").expect("secret shown");
    let secret: String = body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "_-".contains(*c)).collect();
    let res = app.api_get(&secret, "/api/v1/me/tokens").await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: serde_json::Value = res.json().await.unwrap();
    assert_eq!(list["items"][0]["name"], "noticeboard");
    assert_eq!(list["items"][0]["scopes"], json!(["read", "write"]));
    assert!(!list.to_string().contains("plural_pat_"), "secrets never listed");
    let id = list["items"][0]["id"].as_str().unwrap().to_string();
    let page = app.text("/account").await;
    assert!(page.contains("noticeboard") && !page.contains(&secret), "listed, secret not shown again");
    assert!(page.contains(&format!("/account/tokens/{id}/revoke")));

    // Someone else's token id is not found, on the API and on the page.
    let other = app.api_person("Other", "other@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::DELETE, &other, &format!("/api/v1/me/tokens/{id}"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.api_send(Method::DELETE, &other, "/api/v1/me/tokens/not-an-id", json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let others: serde_json::Value = app.api_get(&other, "/api/v1/me/tokens").await.json().await.unwrap();
    let other_id = others["items"][0]["id"].as_str().unwrap().to_string();
    let res = app.post_form(&format!("/account/tokens/{other_id}/revoke"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.api_get(&other, "/api/v1/me").await.status(), StatusCode::OK, "still works");

    // Revoked on the page: the token stops working.
    let res = app.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.api_get(&secret, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert!(app.text("/account").await.contains("Revoked"));
    // And through the API.
    let res = app.api_send(Method::DELETE, &other, &format!("/api/v1/me/tokens/{other_id}"), json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.api_get(&other, "/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}
