//! Web hardening, checked against the router's own table so that a route
//! added tomorrow is checked too: security headers on every response of
//! every route, cross-site and token-less posts refused on every form
//! route, no server error from any route whatever its path holds, HSTS and
//! `__Host-` cookies under https, a fresh session at sign-in (no fixation),
//! no open redirect through `next`, and searches limited per address.

use reqwest::{Method, StatusCode};

use crate::both_engines;
use crate::helpers::{location, spawn_app, spawn_app_with, Engine, Options, TestApp, PASSWORD};

both_engines!(
    every_route_answers_with_the_security_headers,
    every_form_route_refuses_cross_site_posts,
    under_https_browsers_keep_to_https,
    signing_in_starts_a_fresh_session_and_stays_on_this_site,
    searches_are_limited_per_address
);

/// The route's path with each `{parameter}` filled with something that
/// names nothing on the node (a well-formed UUID, since most ids are).
fn filled(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c + 1).unwrap_or(rest.len());
        out.push_str("0190aaaa-0000-7000-8000-000000000000");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

fn routes() -> Vec<plural_web::RouteInfo> {
    plural_web::routes().into_parts().1
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// What every response must carry, whatever its status.
fn assert_hardened(res: &reqwest::Response, what: &str) {
    let csp = header(res, "content-security-policy");
    assert!(!csp.is_empty(), "{what}: no Content-Security-Policy");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors"), "{what}: no frame-ancestors in {csp}");
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert_eq!(header(res, "x-content-type-options"), "nosniff", "{what}");
    assert!(!header(res, "referrer-policy").is_empty(), "{what}: no Referrer-Policy");
    // Plain http here: HSTS would be wrong (and is tested under https below).
    assert_eq!(header(res, "strict-transport-security"), "", "{what}");
}

/// Every route, by its own method, as an anonymous visitor with a path that
/// names nothing: never a server error, always the headers. State-changing
/// methods get no CSRF token, so pages must refuse them before any handler.
async fn every_route_answers_with_the_security_headers(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let table = routes();
    assert!(table.len() > 150, "the route table looks short: {}", table.len());
    for r in &table {
        let path = filled(r.path);
        let what = format!("{} {}", r.method, r.path);
        let res = app
            .client
            .request(r.method.clone(), app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
            .await
            .unwrap();
        let status = res.status();
        assert!(!status.is_server_error(), "{what} gave {status}");
        assert_hardened(&res, &what);
        if r.method != Method::GET && r.method != Method::HEAD {
            assert!(status.is_client_error(), "{what} without credentials or a token gave {status}");
        }
    }
    // And what no route matches.
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_hardened(&res, "an unrouted path");
    app.stop().await;
}

/// Every page route that takes a form refuses a post from another site
/// even with a valid token, and a post without the token, before its
/// handler runs: signed in, so the refusal is the CSRF check's own.
async fn every_form_route_refuses_cross_site_posts(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ines", "ines@example.org").await;
    let token = app.csrf().await;
    let people = count(&app, "people").await;
    let forms: Vec<_> =
        routes().into_iter().filter(|r| r.face == plural_web::Face::Page && r.method == Method::POST).collect();
    assert!(forms.len() > 50, "few form routes: {}", forms.len());
    // RFC 8058 one-click unsubscribe comes from a mail client, with no
    // cookie and no token: the only form routes without the check, guarded
    // by the unguessable token in their path instead.
    const ONE_CLICK: [&str; 2] = ["/digest/unsubscribe/{token}", "/campaigns/unsubscribe/{token}"];
    for r in &forms {
        let path = filled(r.path);
        if ONE_CLICK.contains(&r.path) {
            let res = app.client.post(app.url(&path)).header("Origin", "https://evil.example").send().await.unwrap();
            assert!(res.status().is_client_error(), "POST {} with a token that names nothing", r.path);
            continue;
        }
        let cross_site = app
            .client
            .post(app.url(&path))
            .header("Origin", "https://evil.example")
            .form(&[("csrf", token.as_str()), ("display_name", "X")])
            .send()
            .await
            .unwrap();
        assert_eq!(cross_site.status(), StatusCode::FORBIDDEN, "POST {} from another site", r.path);
        let without_token = app.client.post(app.url(&path)).form(&[("display_name", "X")]).send().await.unwrap();
        assert_eq!(without_token.status(), StatusCode::FORBIDDEN, "POST {} without a token", r.path);
    }
    // Still signed in, and nothing was written.
    assert_eq!(count(&app, "people").await, people);
    assert!(app.text("/account").await.contains("Ines"));
    app.stop().await;
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

/// A node reached over https says so for a year (HSTS), and its cookies are
/// `Secure`, `HttpOnly`, `SameSite=Lax` and `__Host-` prefixed (so no
/// subdomain can set them).
async fn under_https_browsers_keep_to_https(engine: Engine) {
    let tune = Options { tune: |c| c.base_url = "https://commons.example".into() };
    let Some(app) = spawn_app_with(engine, tune).await else { return };
    let res = app.get("/sign-in").await;
    assert_eq!(header(&res, "strict-transport-security"), "max-age=31536000");
    let cookies: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(!cookies.is_empty(), "the sign-in page set no cookie");
    for c in &cookies {
        assert!(c.starts_with("__Host-"), "{c}");
        for flag in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(c.contains(flag), "{c} lacks {flag}");
        }
        assert!(!c.contains("Domain="), "{c}");
    }
    app.stop().await;
}

/// A session cookie planted before sign-in is not adopted: signing in
/// issues a new one, and the planted value opens nothing. `next` only
/// ever leads to a path on this node.
async fn signing_in_starts_a_fresh_session_and_stays_on_this_site(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.sign_up("Ola", "ola@example.org").await;
    app.post_form("/sign-out", &[]).await;
    let planted = "attacker-chosen-session-value";
    let url = reqwest::Url::parse(&app.base).unwrap();
    app.jar.add_cookie_str(&format!("plural_session={planted}; Path=/"), &url);
    for next in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/account\r\nLocation: https://evil.example",
    ] {
        let res =
            app.post_form("/sign-in", &[("email", "ola@example.org"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        let to = location(&res);
        assert!(to.starts_with('/') && !to.starts_with("//") && !to.contains("evil"), "{next:?} led to {to}");
        let session = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("plural_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_string())
            .expect("signing in sets a session cookie");
        assert_ne!(session, planted);
        assert!(session.len() >= 32, "a short session token: {session}");
    }
    // The planted value alone is nobody.
    let (other, jar) = app.new_client();
    jar.add_cookie_str(&format!("plural_session={planted}; Path=/"), &url);
    let res = other.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "a planted session opened the account page");
    // A local `next` is followed.
    let res =
        app.post_form("/sign-in", &[("email", "ola@example.org"), ("password", PASSWORD), ("next", "/places")]).await;
    assert_eq!(location(&res), "/places");
    app.stop().await;
}

/// Searches are the node's most expensive reads: one address gets
/// `rate_limits.search` of them a window, through the page, its calendar
/// and the API alike, then 429 with a readable page or problem.
async fn searches_are_limited_per_address(engine: Engine) {
    let tune = Options { tune: |c| c.rate_limits.search = 4 };
    let Some(app) = spawn_app_with(engine, tune).await else { return };
    app.place("riverside", "Riverside").await;
    // The empty search form is not a search.
    for _ in 0..6 {
        assert_eq!(app.get("/search").await.status(), StatusCode::OK);
    }
    for path in ["/search?q=food", "/api/v1/search?q=food", "/search.ics?q=food", "/search?q=advice"] {
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let page = app.get("/search?q=food").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_hardened(&page, "a refused search");
    let api = app.get("/api/v1/search?q=food").await;
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&api, "content-type"), "application/problem+json");
    app.stop().await;
}
