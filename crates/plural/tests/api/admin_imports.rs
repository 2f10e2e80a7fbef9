//! Imports on the admin pages: multipart uploads with the CSRF token, the
//! report, errors that store nothing, and calendar subscriptions.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use reqwest::multipart::{Form, Part};
use reqwest::{Response, StatusCode};

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, spawn_app_with, Engine, Options, TestApp, PASSWORD};
use crate::import::{fetched_after, future_event, ics, readers_group, serve_feed, Feed};

both_engines!(uploads_through_the_admin_page, subscriptions_through_the_admin_page, refusals_in_the_readers_language);

fn services_csv() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/services.csv")).unwrap()
}

/// A browser's upload: the CSRF token first (as the page's forms put it), then the fields and the file.
async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    csrf: Option<&str>,
    format: &str,
    fields: &[(&str, &str)],
    file: (&str, Vec<u8>),
) -> Response {
    let mut form = Form::new();
    if let Some(token) = csrf {
        form = form.text("csrf", token.to_string());
    }
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("file", Part::bytes(file.1).file_name(file.0.to_string()));
    client.post(app.url(&format!("/admin/imports/{format}"))).multipart(form).send().await.unwrap()
}

/// How many services there are, checked (with the organisations and
/// service-at-location links) against the counts the HSDS lists read, kept
/// by triggers as imports add rows in batches.
async fn services(app: &TestApp) -> i64 {
    use plural_store::directory;
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(app.state.db.reader()).await.unwrap()
    };
    let counted = count("SELECT COUNT(*) FROM directory_services").await;
    let (_, kept) = directory::service_ids(&app.state.db, &Default::default(), 1, 0).await.unwrap();
    assert_eq!(kept, counted, "the kept service count");
    let (_, kept) = directory::organisation_ids(&app.state.db, 1, 0).await.unwrap();
    assert_eq!(kept, count("SELECT COUNT(DISTINCT group_id) FROM directory_services").await, "the kept publishers");
    let (_, kept) = directory::service_at_location_ids(&app.state.db, &Default::default(), 1, 0).await.unwrap();
    assert_eq!(kept, count("SELECT COUNT(*) FROM directory_service_at_location").await, "the kept link count");
    counted
}

/// The admin `amara` signed in on `app.client`, and `brixton-readers`.
async fn admin(app: &TestApp) -> String {
    app.sign_up("Amara", "amara@example.org").await;
    app.promote("amara@example.org").await;
    readers_group(app, "amara@example.org").await;
    app.csrf().await
}

async fn uploads_through_the_admin_page(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let res = app.get("/admin/imports").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous visitors are asked to sign in");
    assert!(location(&res).starts_with("/sign-in?next=%2Fadmin%2Fimports"));
    let token = admin(&app).await;
    let place = [("place", "brixton")];

    // A resident may neither see the page nor upload.
    let (resident, jar) = app.new_client();
    let res = post_form_as(
        &resident,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Kwame"), ("email", "kwame@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = resident.get(app.url("/admin/imports")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let resident_token = crate::helpers::csrf_of(&resident, &jar, &app.base).await;
    let res = upload(&resident, &app, Some(&resident_token), "csv", &place, ("s.csv", services_csv())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The admin page links to the imports page, which has its forms.
    assert!(app.text("/admin").await.contains("href=\"/admin/imports\""));
    let page = app.text("/admin/imports").await;
    for action in ["/admin/imports/hsds", "/admin/imports/csv", "/admin/imports/ical", "/admin/imports/subscriptions"] {
        assert!(page.contains(&format!("action=\"{action}\"")), "{action}");
    }
    assert!(page.contains("enctype=\"multipart/form-data\""));

    // Without the token, or from another site, the upload is refused before it is read.
    let res = upload(&app.client, &app, None, "csv", &place, ("services.csv", services_csv())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = upload(&app.client, &app, Some("0".repeat(43).as_str()), "csv", &place, ("s.csv", services_csv())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(services(&app).await, 0);

    let res = upload(&app.client, &app, Some(&token), "csv", &place, ("services.csv", services_csv())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report = res.text().await.unwrap();
    assert!(report.contains("Import finished"), "{report}");
    assert!(report.contains("<dd id=\"taken\">5</dd>"), "three services and two organisations: {report}");
    assert!(report.contains("<dd id=\"refused\">0</dd>"), "{report}");
    assert!(report.contains("href=\"/admin/imports\""));
    assert_eq!(services(&app).await, 3);
    // Imported services are found near their point (their parts go in before
    // them, so search files each with its point as it arrives).
    let near = app.client.get(app.url("/search?q=pantry&lat=51.4725&lon=-0.1232&within=1")).send().await.unwrap();
    let near = near.text().await.unwrap();
    assert!(near.contains("0 km away") && near.contains("Fresh food and store cupboard"), "{near}");
    // Again: matched by id, updated, not doubled.
    let again = upload(&app.client, &app, Some(&token), "csv", &place, ("services.csv", services_csv())).await;
    assert!(again.text().await.unwrap().contains("<dd id=\"updated\">5</dd>"));
    assert_eq!(services(&app).await, 3);

    // A row that breaks a rule is refused with its row and reason; the others are taken.
    let csv = "id,name,description,organization_id,organization_name\n\
               new-1,Repair cafe,Bring broken things.,org-r,Repair Brixton\n\
               new-2,,No name here.,org-r,Repair Brixton\n";
    let res = upload(&app.client, &app, Some(&token), "csv", &place, ("more.csv", csv.into())).await;
    let report = res.text().await.unwrap();
    assert!(report.contains("<dd id=\"taken\">2</dd>") && report.contains("<dd id=\"refused\">1</dd>"), "{report}");
    assert!(report.contains("row 3"), "{report}");
    assert_eq!(services(&app).await, 4);

    // Input that cannot be read at all: the form again, with the reason, and nothing stored.
    let cases: [(&str, &[(&str, &str)], (&str, Vec<u8>), &str); 7] = [
        ("csv", &place, ("bad.csv", b"id,title\n1,x\n".to_vec()), "unknown column(s): title"),
        ("csv", &place, ("", Vec::new()), "Select a file to import"),
        ("csv", &place, ("empty.csv", b"\n".to_vec()), "The selected file is empty"),
        ("csv", &place, ("photo.png", services_csv()), "must be a .csv file"),
        ("csv", &place, ("latin1.csv", b"id,name\n1,Caf\xe9\n".to_vec()), "text in UTF-8"),
        ("csv", &[], ("services.csv", services_csv()), "Choose the place to import into"),
        ("ical", &[("group", "brixton-readers")], ("x.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT".to_vec()), ""),
    ];
    for (format, fields, file, message) in cases {
        let name = file.0.to_string();
        let res = upload(&app.client, &app, Some(&token), format, fields, file).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{name}");
        let page = res.text().await.unwrap();
        assert!(page.contains("class=\"error-summary\""), "{name}: {page}");
        assert!(page.contains(&format!("href=\"#f-{format}-")), "{name}: the summary links to the field");
        assert!(page.contains(message), "{name}: {page}");
    }
    assert_eq!(services(&app).await, 4);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(events, 0);

    // Uploads may be larger than other requests (import_max_bytes, not max_body_bytes).
    let big = format!(
        "id,name,description,organization_id,organization_name\nbig,Big,{},org-b,Big Org\n",
        "x".repeat(1536 * 1024)
    );
    let res = upload(&app.client, &app, Some(&token), "csv", &place, ("big.csv", big.clone().into())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("<dd id=\"refused\">1</dd>"), "the row is refused, not the request");
    let res = app.post_form("/admin/imports/subscriptions", &[("url", &big)]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "other forms keep max_body_bytes");
    app.stop().await;
}

async fn subscriptions_through_the_admin_page(engine: Engine) {
    // The feed is served on loopback, which only the test-only setting allows.
    let Some(app) = spawn_app_with(engine, Options { tune: |c| c.federation.allow_loopback = true }).await else {
        return;
    };
    admin(&app).await;
    let api = app.token_for("amara@example.org", &["read", "write"]).await;
    let feed = Arc::new(Mutex::new(Feed {
        body: ics(&[future_event("a@test", "Book swap", 10)]),
        etag: "\"v1\"".into(),
        ..Feed::default()
    }));
    let url = serve_feed(feed.clone()).await;
    assert!(app.text("/admin/imports").await.contains("No calendar subscriptions yet."));

    let res = app
        .post_form(
            "/admin/imports/subscriptions",
            &[("url", "ftp://example.org/x.ics"), ("group", "brixton-readers"), ("interval", "60")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains("class=\"error-summary\"") && page.contains("href=\"#f-subscribe-url\""), "{page}");
    let res = app.post_form("/admin/imports/subscriptions", &[("url", &url), ("group", ""), ("interval", "7")]).await;
    let page = res.text().await.unwrap();
    assert!(page.contains("Choose the group whose events they become"), "{page}");
    assert!(page.contains("Choose how often to fetch the calendar"), "{page}");

    let res = app
        .post_form("/admin/imports/subscriptions", &[("url", &url), ("group", "brixton-readers"), ("interval", "360")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/imports?notice=import-subscribed");
    let s = fetched_after(&app, &api, None).await;
    assert_eq!(s["interval_minutes"], 360);
    let page = app.text("/admin/imports").await;
    assert!(page.contains(&url) && page.contains("Brixton Readers") && page.contains("Every 6 hours"), "{page}");
    assert!(!page.contains("Never"), "fetched and succeeded: {page}");

    // "Fetch now" fetches again; a failure is shown in the table.
    feed.lock().unwrap().fail = true;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let id = s["id"].as_str().unwrap();
    let res = app.post_form(&format!("/admin/imports/subscriptions/{id}/fetch"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    fetched_after(&app, &api, s["last_fetched_at"].as_i64()).await;
    let page = app.text("/admin/imports").await;
    assert!(page.contains("500"), "the last error is shown: {page}");

    let res = app.post_form(&format!("/admin/imports/subscriptions/{id}/remove"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app.text("/admin/imports").await.contains("No calendar subscriptions yet."));
    let res = app.post_form(&format!("/admin/imports/subscriptions/{id}/remove"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

/// The reasons a record or a whole file was refused are in the admin's
/// language on the page, while the API keeps them in English with a code each.
async fn refusals_in_the_readers_language(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = admin(&app).await;
    let place = [("place", "brixton")];
    let csv = || {
        b"id,name,description,organization_id,organization_name,email\n\
          p-1,,No name here.,org-p,Polish Club,not-an-email\n\
          p-2,Tea and talk,A cuppa and a chat.,org-p,Polish Club,\n"
            .to_vec()
    };
    let report = |lang: &'static str| {
        let (app, token) = (&app, &token);
        async move {
            let res = upload(&app.client, app, Some(token), "csv", &place, ("club.csv", csv())).await;
            assert_eq!(res.status(), StatusCode::OK, "{lang}");
            let page = res.text().await.unwrap();
            assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{page}");
            assert!(page.contains("<dd id=\"refused\">1</dd>"), "{page}");
            page
        }
    };

    let english = report("en").await;
    assert!(english.contains("row 2</strong>: `name` is required; `email` must be an email address"), "{english}");

    // The admin chooses Polish: it is saved as their preference.
    app.get("/language/pl?return=/admin/imports").await;
    let polish = report("pl").await;
    assert!(polish.contains("Import zakończony"), "{polish}");
    assert!(
        polish.contains("row 2</strong>: pole `name` jest wymagane; pole `email` musi być adresem e-mail"),
        "{polish}"
    );
    assert!(!polish.contains("is required") && !polish.contains("email address"), "{polish}");
    // A whole file refused: the form again, with the reasons in Polish.
    let res = upload(&app.client, &app, Some(&token), "csv", &place, ("bad.csv", b"id,title\n1,x\n".to_vec())).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains("brakujące kolumny: name, description, organization_id, organization_name"), "{page}");
    assert!(page.contains("nieznane kolumny: title; niczego nie zaimportowano (zob. docs/import-csv.md)"), "{page}");
    let group = [("group", "brixton-readers")];
    let res = upload(&app.client, &app, Some(&token), "ical", &group, ("x.ics", b"hello".to_vec())).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains("to nie jest plik iCalendar: musi zaczynać się od BEGIN:VCALENDAR"), "{page}");

    // Arabic joins the reasons with its own semicolon; the field names stay as the file has them.
    app.get("/language/ar?return=/admin/imports").await;
    let arabic = report("ar").await;
    assert!(arabic.contains("الحقل `name` مطلوب؛ يجب أن يكون الحقل `email` عنوان بريد إلكتروني"), "{arabic}");

    // The API answers in English whatever the admin's language, with a code for each reason.
    let api = app.token_for("amara@example.org", &["read", "write"]).await;
    let res = app
        .client
        .post(app.url("/api/v1/imports/csv?kind=services&place=brixton"))
        .bearer_auth(api)
        .body(csv())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    let refused = &body["refused"][0];
    assert_eq!(refused["at"], "row 2", "{body}");
    assert_eq!(refused["reason"], "`name` is required; `email` must be an email address", "{body}");
    assert_eq!(refused["codes"], serde_json::json!(["import-reason-required", "import-reason-email"]), "{body}");
    app.stop().await;
}
