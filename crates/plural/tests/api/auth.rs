//! Signing up, in and out: pages, API, magic links over real SMTP, and the
//! ways each can go wrong.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both_engines;
use crate::helpers::{location, spawn_app, spawn_app_with, Engine, Options, PASSWORD};

both_engines!(
    sign_up_signs_in_and_sign_out_signs_out,
    sign_up_errors_keep_input_and_name_fields,
    password_sign_in_and_wrong_password,
    magic_link_over_smtp_signs_in_once,
    forms_without_csrf_token_are_refused,
    sign_in_is_rate_limited,
    api_bad_input_gets_problem_documents,
    token_scopes_are_enforced,
);

async fn sign_up_signs_in_and_sign_out_signs_out(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app.sign_up("Auntie Bea", "bea@example.org").await;
    assert_eq!(location(&res), "/account?notice=welcome");
    let home = app.text("/").await;
    assert!(home.contains("/account"), "signed-in header shows the account link");
    assert!(home.contains("Sign out"));
    // Error pages keep the signed-in header too.
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Sign out"));
    let res = app.post_form("/sign-out", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let home = app.text("/").await;
    assert!(home.contains("/sign-in"), "signed out again");
    // The account page now asks to sign in.
    let res = app.get("/account").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in?next=%2Faccount"));
    app.stop().await;
}

async fn sign_up_errors_keep_input_and_name_fields(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app
        .post_form("/sign-up", &[("display_name", "Kwame"), ("email", "not-an-email"), ("password", "password123")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("There is a problem"), "error summary");
    assert!(body.contains("href=\"#f-email\""), "summary links to the field");
    assert!(body.contains("href=\"#f-password\""));
    assert!(body.contains("too common"));
    assert!(body.contains("value=\"Kwame\""), "what was typed is kept");
    assert!(body.contains("value=\"not-an-email\""));
    assert!(!body.contains("password123"), "passwords are never echoed back");
    // Nothing was half-written: the address can still be used.
    app.sign_up("Kwame", "kwame@example.org").await;
    // And a second account with the same address (any case) is refused.
    let (other, other_jar) = app.new_client();
    let res = crate::helpers::post_form_as(
        &other,
        &other_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "K2"), ("email", "KWAME@example.org"), ("password", PASSWORD)],
    )
    .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("already an account"), "{body}");
    app.stop().await;
}

async fn password_sign_in_and_wrong_password(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Tomasz", "tomasz@example.org").await;
    app.post_form("/sign-out", &[]).await;
    let res = app.post_form("/sign-in", &[("email", "tomasz@example.org"), ("password", "wrong password here")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("The email address or password is not right"));
    assert!(body.contains("value=\"tomasz@example.org\""));
    let res = app.post_form("/sign-in", &[("email", "nobody@example.org"), ("password", PASSWORD)]).await;
    assert!(res.text().await.unwrap().contains("The email address or password is not right"), "same message");
    let res = app
        .post_form("/sign-in", &[("email", "Tomasz@Example.org"), ("password", PASSWORD), ("next", "/groups")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/groups");
    // An off-site `next` is never followed.
    app.post_form("/sign-out", &[]).await;
    let res = app
        .post_form("/sign-in", &[("email", "tomasz@example.org"), ("password", PASSWORD), ("next", "//evil.example")])
        .await;
    assert_eq!(location(&res), "/account?notice=signed-in");
    app.stop().await;
}

fn link_in(data: &str) -> String {
    // The body may be quoted-printable encoded: undo soft line breaks.
    let data = data.replace("=\r\n", "").replace("=3D", "=");
    let start = data.find("http://").expect("link in email");
    data[start..].split_whitespace().next().unwrap().to_string()
}

async fn magic_link_over_smtp_signs_in_once(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app.post_form("/sign-in/email", &[("link_email", "hodan@example.org")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Check your email"));
    let mail = app.wait_for_mail(1).await;
    assert_eq!(mail[0].to, vec!["hodan@example.org".to_string()]);
    assert!(mail[0].data.contains("Subject: Your sign-in link for Plural"));
    let link = link_in(&mail[0].data);
    assert!(link.starts_with(&format!("{}/sign-in/link?token=", app.base)), "{link}");
    // Opening the link only shows a button (mail scanners must not sign in).
    let page = app.client.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Finish signing in"));
    let token = link.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let token = url::form_urlencoded::parse(format!("t={token}").as_bytes()).next().unwrap().1.into_owned();
    let res = app.post_form("/sign-in/link", &[("token", &token), ("display_name", "Hodan")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap_or_default());
    let account = app.text("/").await;
    assert!(account.contains("Sign out"), "signed in by the link");
    // A link works once.
    let (other, other_jar) = app.new_client();
    let res = crate::helpers::post_form_as(&other, &other_jar, &app.base, "/sign-in/link", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("already been used"));
    let res =
        crate::helpers::post_form_as(&other, &other_jar, &app.base, "/sign-in/link", &[("token", "made-up")]).await;
    assert!(res.text().await.unwrap().contains("not valid"));
    // An expired link is refused with its own explanation.
    app.post_form("/sign-in/email", &[("link_email", "late@example.org")]).await;
    let mail = app.wait_for_mail(2).await;
    let late = link_in(&mail[1].data);
    let late = late.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let late = url::form_urlencoded::parse(format!("t={late}").as_bytes()).next().unwrap().1.into_owned();
    sqlx::query("UPDATE magic_links SET expires_at = 0 WHERE used_at IS NULL")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let res = crate::helpers::post_form_as(&other, &other_jar, &app.base, "/sign-in/link", &[("token", &late)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("has expired"));
    // The job's payload (with the link) is cleared once sent.
    let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM jobs WHERE status = 'done'")
        .fetch_all(app.state.db.reader())
        .await
        .unwrap();
    assert!(payloads.iter().all(|p| p == "{}"), "{payloads:?}");
    app.stop().await;
}

async fn forms_without_csrf_token_are_refused(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app
        .client
        .post(app.url("/sign-up"))
        .form(&[("display_name", "X"), ("email", "x@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("This form has expired"));
    // From another site, even with a token.
    let token = app.csrf().await;
    let res = app
        .client
        .post(app.url("/sign-up"))
        .header("Origin", "https://evil.example")
        .form(&[("csrf", token.as_str()), ("display_name", "X"), ("email", "x@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nothing was written.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(n, 0);
    app.stop().await;
}

async fn sign_in_is_rate_limited(engine: Engine) {
    let Some(app) = spawn_app_with(engine, Options { tune: |c| c.rate_limits.sign_in = 3 }).await else { return };
    for _ in 0..3 {
        let res = app.post_form("/sign-in", &[("email", "a@example.org"), ("password", "whatever it is")]).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app.post_form("/sign-in", &[("email", "a@example.org"), ("password", "whatever it is")]).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    // The API's token exchange shares the limit.
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "a@example.org", "password": "x", "name": "n", "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    app.stop().await;
}

async fn api_bad_input_gets_problem_documents(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let post = |body: &'static str, ct: &'static str| {
        app.client.post(app.url("/api/v1/accounts")).header("content-type", ct).body(body).send()
    };
    let res = post("{not json", "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "malformed-json");
    let res = post(r#"{"email":"a@b.org","display_name":"A","password":"x","admin":true}"#, "application/json")
        .await
        .unwrap();
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "invalid-body");
    assert!(p["detail"].as_str().unwrap().contains("unknown field `admin`"));
    let res = post("email=a@b.org", "application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = post(r#"{"email":"nope","display_name":"","password":"short"}"#, "application/json").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "invalid-input");
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["email", "display_name", "password"]);
    assert!(p["errors"][2]["message"].as_str().unwrap().contains("at least 10"));
    // A body declared too large is refused before it is sent. Over raw TCP,
    // because an HTTP client still writing the 2 MiB when the early answer
    // comes may see the connection close instead of reading the answer.
    let head = declared_too_large(&app, "/api/v1/accounts").await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(head.to_lowercase().contains("content-type: application/problem+json"), "{head}");
    let res = app.client.delete(app.url("/api/v1/accounts")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = app.client.get(app.url("/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "not-found");
    app.stop().await;
}

async fn token_scopes_are_enforced(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let read = app.api_person("Grace", "grace@example.org", &["read"]).await;
    let res = app.api_get(&read, "/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["display_name"], "Grace");
    let res = app.api_send(Method::PATCH, &read, "/api/v1/me", json!({"display_name": "G"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "insufficient-scope");
    let res = app.api_get("plural_pat_madeup", "/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["code"], "unauthenticated");
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "grace@example.org", "password": PASSWORD, "name": "x", "scopes": ["admin"]}))
        .send()
        .await
        .unwrap();
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "scope-invalid");
    app.stop().await;
}

/// The response head to a POST that declares a 2 MiB JSON body and sends none.
async fn declared_too_large(app: &crate::helpers::TestApp, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.base.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        2 * 1024 * 1024
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), socket.read(&mut buf)).await.unwrap().unwrap();
        assert!(n > 0, "connection closed before an answer: {}", String::from_utf8_lossy(&head));
        head.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&head).into_owned()
}
