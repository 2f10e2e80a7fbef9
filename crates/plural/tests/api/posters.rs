//! Posters, the embeddable widget and schema.org JSON-LD: the poster's QR
//! code decodes back to the event, only the widget may be framed by other
//! sites, and the JSON-LD in pages parses and cannot be broken out of.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{spawn_app, Engine, TestApp};

both_engines!(
    poster_has_a_qr_code_back_to_the_event,
    only_the_widget_may_be_framed,
    pages_describe_themselves_in_json_ld,
);

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// A place, a group run by `owner@example.org` (signed in on the app's client), and their token.
async fn setup(app: &TestApp) -> String {
    app.place("riverside", "Riverside").await;
    app.sign_up("Olu", "owner@example.org").await;
    let token = app.token_for("owner@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Riverside Food Share", "slug": "food-share", "kind": "community_group", "place": "riverside", "join_policy": "open", "description": "Food for all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    token
}

async fn create(app: &TestApp, token: &str, body: Value) -> String {
    let res = app.api_send(Method::POST, token, "/api/v1/events", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

fn weekly(title: &str) -> Value {
    json!({"group": "food-share", "publish": true, "title": title, "venue": "St Mark's hall",
           "address": "1 Church Lane", "postcode": "RV1 2AB", "accessibility": "Step-free entrance",
           "date": day(3), "start_time": "10:00", "end_time": "12:00", "repeat": "weekly", "is_free": true})
}

/// The inline `<svg class="poster-qr" …>…</svg>` of a poster page.
fn svg_of(html: &str) -> &str {
    let start = html.find("<svg class=\"poster-qr\"").expect("a QR code on the poster");
    let end = start + html[start..].find("</svg>").expect("the end of the SVG") + "</svg>".len();
    &html[start..end]
}

/// Read the modules back from the SVG path (`M{x} {y}h{w}v{h}H{x}V{y}` per
/// dark run, one unit per module) and decode them as a camera would.
fn decode(svg: &str) -> String {
    let size: usize = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut dark = vec![false; size * size];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> =
            run.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        let (x, y, w, h) = (numbers[0], numbers[1], numbers[2], numbers[3]);
        for row in y..y + h {
            for col in x..x + w {
                dark[row * size + col] = true;
            }
        }
    }
    // Scale up so the detector sees clear edges.
    let scale = 4;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().unwrap().1
}

async fn poster_has_a_qr_code_back_to_the_event(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let id = create(&app, &token, weekly("Thursday food share")).await;
    let url = format!("{}/events/{id}", app.config.base_url);

    let event = app.text(&format!("/events/{id}")).await;
    assert!(event.contains(&format!("href=\"/events/{id}/poster\"")), "the event page links to its poster");

    let res = app.get(&format!("/events/{id}/poster")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Thursday food share"));
    assert!(html.contains("St Mark&#39;s hall") || html.contains("St Mark&#x27;s hall"), "{html}");
    assert!(html.contains("Step-free entrance"));
    assert!(html.contains("Riverside Food Share"));
    assert!(html.contains("Every "), "a weekly event says which day");
    assert!(html.contains(&format!(">{url}<")), "the address in words");
    assert!(!html.contains("style="), "no inline styles (CSP)");
    let svg = svg_of(&html);
    assert_eq!(decode(svg), url);
    // The same SVG the qrcode crate makes from the exact URL.
    let expected = plural_web::events::poster::qr_svg(&url, &format!("QR code linking to {url}")).unwrap();
    assert!(svg == expected, "the SVG is the QR code of the exact URL");

    // The print stylesheet sizes the page for A4.
    assert!(plural_web::assets::CSS.contains("@page{size:A4"));

    // Other languages.
    let (polish, _) = app.new_client();
    let res =
        polish.get(app.url(&format!("/events/{id}/poster"))).header("accept-language", "pl").send().await.unwrap();
    assert!(res.text().await.unwrap().contains("Plakat"));

    // Not found, and drafts stay hidden from everyone but organisers.
    assert_eq!(app.get("/events/not-an-id/poster").await.status(), StatusCode::NOT_FOUND);
    let mut draft = weekly("Secret planning");
    draft["publish"] = json!(false);
    let draft = create(&app, &token, draft).await;
    assert_eq!(app.get(&format!("/events/{draft}/poster")).await.status(), StatusCode::OK);
    let (stranger, _) = app.new_client();
    let res = stranger.get(app.url(&format!("/events/{draft}/poster"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

fn csp(res: &reqwest::Response) -> String {
    res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_string()
}

async fn only_the_widget_may_be_framed(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let id = create(&app, &token, weekly("Thursday food share")).await;
    let (stranger, _) = app.new_client();

    for path in ["/widget/groups/food-share/events", "/widget/places/riverside/events"] {
        let res = stranger.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(csp(&res).contains("frame-ancestors *"), "{path}");
        assert!(!csp(&res).contains("frame-ancestors 'none'"), "{path}");
        assert!(csp(&res).contains("script-src 'self'"), "the rest of the policy stays");
        assert!(res.headers().get(header::X_FRAME_OPTIONS).is_none(), "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!(
            "href=\"{}/events/{id}\" target=\"_blank\" rel=\"noopener\">Thursday food share",
            app.config.base_url
        )));
        assert!(html.contains("Riverside"));
        assert!(!html.contains("site-header") && !html.contains("site-footer"), "no site header or footer");
        assert_eq!(html.matches("<h1").count(), 1);
    }
    for path in ["/widget/groups/nope/events", "/widget/places/nope/events"] {
        let res = stranger.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.headers().get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    }
    // Everywhere else framing stays forbidden.
    for path in
        ["/", &format!("/events/{id}"), &format!("/events/{id}/poster"), "/groups/food-share", "/places/riverside"]
    {
        let res = stranger.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(csp(&res).contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(res.headers().get(header::X_FRAME_OPTIONS).unwrap(), "DENY", "{path}");
    }

    // The snippet to copy: for the group's organisers, and for anyone on a place's page.
    let snippet = format!("&#60;iframe src=&#34;{}/widget/groups/food-share/events&#34;", app.config.base_url);
    let owner_view = app.text("/groups/food-share").await;
    assert!(owner_view.contains(&snippet), "{owner_view}");
    assert!(owner_view.contains("readonly"));
    let public_view = stranger.get(app.url("/groups/food-share")).send().await.unwrap().text().await.unwrap();
    assert!(!public_view.contains("/widget/groups/"));
    let place = stranger.get(app.url("/places/riverside")).send().await.unwrap().text().await.unwrap();
    assert!(
        place.contains(&format!("&#60;iframe src=&#34;{}/widget/places/riverside/events&#34;", app.config.base_url))
    );
    app.stop().await;
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(rest.split("</script>").next().unwrap()).expect("JSON-LD parses"))
        .collect()
}

async fn pages_describe_themselves_in_json_ld(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = setup(&app).await;
    let base = app.config.base_url.clone();
    let nasty = "Soup </script><script>alert(1)</script> & more";
    let id = create(&app, &token, weekly(nasty)).await;

    let html = app.text(&format!("/events/{id}")).await;
    assert!(!html.contains("<script>alert(1)"), "the title cannot break out of the script element");
    assert_eq!(html.matches("</script>").count(), 1, "only the JSON-LD block's own end tag");
    let blocks = json_ld(&html);
    assert_eq!(blocks.len(), 1);
    let e = &blocks[0];
    assert_eq!(e["@context"], "https://schema.org");
    assert_eq!(e["@type"], "Event");
    assert_eq!(e["name"], nasty);
    let starts = chrono::DateTime::parse_from_rfc3339(e["startDate"].as_str().unwrap()).unwrap();
    let ends = chrono::DateTime::parse_from_rfc3339(e["endDate"].as_str().unwrap()).unwrap();
    assert!(ends > starts);
    assert_eq!(starts.format("%H:%M").to_string(), "10:00", "local time with its offset");
    assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(e["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(e["location"]["name"], "St Mark's hall");
    assert_eq!(e["location"]["address"]["@type"], "PostalAddress");
    assert_eq!(e["location"]["address"]["postalCode"], "RV1 2AB");
    assert_eq!(e["organizer"]["@type"], "Organization");
    assert_eq!(e["organizer"]["url"], format!("{base}/groups/food-share"));
    assert_eq!(e["offers"]["price"], "0");
    assert_eq!(e["url"], format!("{base}/events/{id}"));

    // Online, paid, then cancelled.
    let online = create(
        &app,
        &token,
        json!({"group": "food-share", "publish": true, "title": "Online cookery", "mode": "online",
               "online_url": "https://meet.example.org/cook", "date": day(5), "start_time": "18:00",
               "end_time": "19:00", "is_free": false, "cost": "£3"}),
    )
    .await;
    let e = &json_ld(&app.text(&format!("/events/{online}")).await)[0];
    assert_eq!(e["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
    assert_eq!(e["location"]["@type"], "VirtualLocation");
    assert_eq!(e["location"]["url"], "https://meet.example.org/cook");
    assert_eq!(e["offers"]["description"], "£3");
    let res = app.api_send(Method::POST, &token, &format!("/api/v1/events/{online}/cancel"), json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());
    let e = &json_ld(&app.text(&format!("/events/{online}")).await)[0];
    assert_eq!(e["eventStatus"], "https://schema.org/EventCancelled");

    // A group is an Organization.
    let g = &json_ld(&app.text("/groups/food-share").await)[0];
    assert_eq!(g["@type"], "Organization");
    assert_eq!(g["name"], "Riverside Food Share");
    assert_eq!(g["url"], format!("{base}/groups/food-share"));
    assert_eq!(g["areaServed"]["name"], "Riverside");

    // A directory entry is a Service, provided by its group.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/services",
            json!({"group": "food-share", "name": "Pantry </script> night", "place": "riverside",
                   "description": "Groceries"}),
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let sid = body["id"].as_str().unwrap();
    let html = app.text(&format!("/services/{sid}")).await;
    let s = &json_ld(&html)[0];
    assert_eq!(s["@type"], "Service");
    assert_eq!(s["name"], "Pantry </script> night");
    assert_eq!(s["url"], format!("{base}/services/{sid}"));
    assert_eq!(s["provider"]["@type"], "Organization");
    assert_eq!(s["provider"]["name"], "Riverside Food Share");
    app.stop().await;
}
