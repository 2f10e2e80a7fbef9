//! Local reports: anyone signed in reports an issue in a place (a category
//! from the list, a point or a place within, a description, a photo whose
//! metadata is removed); others say "me too" once; stewards set a status,
//! logged. Nobody but the reporter is ever shown who reported. Bad input —
//! an unknown category, no description, an impossible point, a file that is
//! not an image or is too large — is refused with nothing stored.

use std::io::Cursor;

use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{csrf_of, location, spawn_app, Engine, TestApp};

both_engines!(
    local_reports_are_the_communitys_record,
    a_photo_loses_its_location_and_camera,
    report_pages_work_without_javascript,
    a_years_reports_are_heard_through_an_insight_release
);

async fn fields(res: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string()))
        .collect()
}

async fn detail(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.db.reader()).await.unwrap()
}

async fn resident(app: &TestApp, name: &str) -> String {
    let email = format!("{}@example.org", name.to_lowercase());
    let token = app.api_person(name, &email, &["read", "write"]).await;
    let id = app.person_id(&email).await;
    let update =
        plural_store::people::ProfileUpdate { display_name: name, language: Language::En, home_place_id: None };
    plural_store::people::update_profile(&app.state.db, id, update).await.unwrap();
    token
}

/// A small JPEG carrying EXIF: a camera model and a GPS position.
fn jpeg_with_exif() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 120]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg).unwrap();
    // TIFF, big-endian: IFD0 (Model, a pointer to the GPS IFD), the model, the GPS IFD.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x10, 0, 2, 0, 0, 0, 14, 0, 0, 0, 38]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 52]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(b"PluralTestCam\x00");
    tiff.extend([0, 2]);
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 82]);
    tiff.extend([0, 0, 0, 0]);
    // GPSLatitude: 51/1, 27/1, 4080/100.
    for (n, d) in [(51u32, 1u32), (27, 1), (4080, 100)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(&app1);
    out.extend(&plain[2..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn report() -> Value {
    json!({"category": "fly_tipping", "description": "Three mattresses dumped by the garages on Cowley Road",
        "lat": 51.4613, "lon": -0.1156})
}

async fn local_reports_are_the_communitys_record(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let riverside = app.place("riverside", "Riverside").await;
    let ana = resident(&app, "Ana").await;
    let ben = resident(&app, "Ben").await;
    let steward = resident(&app, "Sam").await;
    let path = "/api/v1/places/riverside/local-reports";
    // Bad input: every problem named, nothing stored.
    let bad = json!({"category": "graffiti", "description": " ", "lat": 91.0, "lon": 10.0});
    assert_eq!(
        fields(app.api_send(Method::POST, &ana, path, bad).await).await,
        vec![
            ("category".to_string(), "local-report-category-invalid".to_string()),
            ("description".to_string(), "local-report-description-required".to_string()),
            ("lat".to_string(), "local-report-coordinate-invalid".to_string()),
        ]
    );
    let half = json!({"category": "other", "description": "x", "lat": 51.0});
    assert_eq!(
        fields(app.api_send(Method::POST, &ana, path, half).await).await,
        vec![("lon".to_string(), "local-report-coordinate-missing".to_string())]
    );
    let res = app
        .api_send(Method::POST, &ana, path, json!({"category": "other", "description": "x", "area": "nowhere"}))
        .await;
    assert_eq!(fields(res).await, vec![("area".to_string(), "local-report-area-invalid".to_string())]);
    assert_eq!(count(&app, "local_reports").await, 0);
    let res = app.api_send(Method::POST, &ana, path, report()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.unwrap();
    let id = r["id"].as_str().unwrap().to_string();
    assert_eq!(
        (r["yours"].as_bool(), r["reported_by"].as_str(), r["lat"].as_f64()),
        (Some(true), Some("a resident"), Some(51.4613))
    );
    let lights =
        json!({"category": "street_lighting", "description": "The lamp outside number 12 has been out for a week"});
    assert_eq!(app.api_send(Method::POST, &ben, path, lights).await.status(), StatusCode::CREATED);
    // Others see "a resident", never who: not in the API, the pages or the feed.
    let ana_id = app.person_id("ana@example.org").await.to_string();
    let seen = app.api_get(&ben, &format!("/api/v1/local-reports/{id}")).await.text().await.unwrap();
    let seen_v: Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(seen_v["yours"], false);
    let anonymous =
        app.client.get(app.url(&format!("/api/v1/local-reports/{id}"))).send().await.unwrap().text().await.unwrap();
    let pages = [
        seen.clone(),
        anonymous,
        app.text(&format!("/local-reports/{id}")).await,
        app.text("/places/riverside/reports").await,
        app.text("/places/riverside/reports.atom").await,
        app.api_get(&ben, path).await.text().await.unwrap(),
    ];
    for p in &pages {
        assert!(!p.contains("Ana") && !p.contains(&ana_id), "the reporter shows: {p}");
    }
    assert!(pages[4].contains("Three mattresses") && pages[4].contains("<feed"));
    // Filters.
    let listed: Value = app.api_get(&ben, &format!("{path}?category=fly_tipping")).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let listed: Value = app.api_get(&ben, &format!("{path}?status=resolved")).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0);
    assert_eq!(app.api_get(&ben, &format!("{path}?status=fixed")).await.status(), StatusCode::BAD_REQUEST);
    assert!(!app.text("/places/riverside/reports?category=street_lighting").await.contains("Three mattresses"));
    // "Me too": once per person, not on one's own.
    let confirm = format!("/api/v1/local-reports/{id}/confirmations");
    assert_eq!(app.api_send(Method::POST, &ben, &confirm, json!({})).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        detail(app.api_send(Method::POST, &ben, &confirm, json!({})).await, StatusCode::CONFLICT).await,
        "local-report-already-confirmed"
    );
    assert_eq!(
        detail(app.api_send(Method::POST, &ana, &confirm, json!({})).await, StatusCode::CONFLICT).await,
        "local-report-own"
    );
    let seen: Value = app.api_get(&ben, &format!("/api/v1/local-reports/{id}")).await.json().await.unwrap();
    assert_eq!((seen["confirmations"].as_i64(), seen["you_confirmed"].as_bool()), (Some(1), Some(true)));
    // Status: the place's stewards, with a note, on the public log.
    let status = format!("/api/v1/local-reports/{id}/status");
    let res = app.api_send(Method::POST, &ana, &status, json!({"status": "resolved"})).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "local-report-steward-only");
    plural_store::mutual_aid::add_steward(&app.state.db, riverside, app.person_id("sam@example.org").await)
        .await
        .unwrap();
    let res = app.api_send(Method::POST, &steward, &status, json!({"status": "fixed"})).await;
    assert_eq!(fields(res).await, vec![("status".to_string(), "local-report-status-invalid".to_string())]);
    let note = "Passed to the council's street cleaning team, who will clear it on Friday.";
    let res = app.api_send(Method::POST, &steward, &status, json!({"status": "acknowledged", "note": note})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let r: Value = res.json().await.unwrap();
    assert_eq!((r["status"].as_str(), r["status_note"].as_str()), (Some("acknowledged"), Some(note)));
    let log: Value = app.api_get(&ana, "/api/v1/places/riverside/stewardship-log").await.json().await.unwrap();
    assert_eq!(
        (log[0]["action"].as_str(), log[0]["role"].as_str()),
        (Some("local_report_acknowledged"), Some("steward"))
    );
    // Insight releases read these plain columns.
    let (category, place): (String, String) =
        sqlx::query_as("SELECT category, place_id FROM local_reports WHERE id = $1")
            .bind(&id)
            .fetch_one(app.state.db.reader())
            .await
            .unwrap();
    assert_eq!((category.as_str(), place), ("fly_tipping", riverside.to_string()));
    let doc = serde_json::to_string(&plural_web::api::openapi::document()).unwrap();
    assert!(doc.contains("/api/v1/local-reports/{id}/photo"));
}

async fn a_photo_loses_its_location_and_camera(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    let ana = resident(&app, "Ana").await;
    let ben = resident(&app, "Ben").await;
    let r: Value = app
        .api_send(Method::POST, &ana, "/api/v1/places/riverside/local-reports", report())
        .await
        .json()
        .await
        .unwrap();
    let id = r["id"].as_str().unwrap().to_string();
    let put = |token: String, body: Vec<u8>| {
        let url = app.url(&format!("/api/v1/local-reports/{id}/photo"));
        let client = app.client.clone();
        async move { client.put(url).bearer_auth(token).body(body).send().await.unwrap() }
    };
    let original = jpeg_with_exif();
    assert!(contains(&original, b"Exif") && contains(&original, b"PluralTestCam"));
    // Not an image, too large, someone else's report: refused, nothing stored.
    let res = put(ana.clone(), b"%PDF-1.7 not a photo".to_vec()).await;
    assert_eq!(fields(res).await, vec![("photo".to_string(), "local-report-photo-type".to_string())]);
    let mut big = original.clone();
    big.resize(plural_kernel::local_reports::PHOTO_MAX_BYTES + 10, 0);
    let res = put(ana.clone(), big).await;
    assert_eq!(fields(res).await, vec![("photo".to_string(), "local-report-photo-too-large".to_string())]);
    let res = put(ben.clone(), original.clone()).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "local-report-reporter-only");
    assert_eq!(count(&app, "local_report_photos").await, 0);
    let res = put(ana.clone(), original).await;
    assert_eq!(res.status(), StatusCode::OK);
    let r: Value = res.json().await.unwrap();
    let photo_url = r["photo"].as_str().unwrap().to_string();
    let res = app.client.get(&photo_url).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let served = res.bytes().await.unwrap().to_vec();
    let stored: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM local_report_photos WHERE report_id = $1")
        .bind(&id)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(served, stored);
    assert!(served.starts_with(&[0xFF, 0xD8, 0xFF]));
    for gone in [b"Exif".as_slice(), b"PluralTestCam", b"MM\x00\x2a"] {
        assert!(!contains(&served, gone), "{:?} survived", String::from_utf8_lossy(gone));
    }
    let decoded = image::load_from_memory(&served).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
}

async fn report_pages_work_without_javascript(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("riverside", "Riverside").await;
    app.sign_up("Ana", "ana@example.org").await;
    let html = app.text("/places/riverside/reports/new").await;
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("value=\"potholes_pavements\""));
    let csrf = csrf_of(&app.client, &app.jar, &app.base).await;
    let send = |fields: Vec<(&'static str, String)>, photo: Option<(Vec<u8>, &'static str)>| {
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf.clone());
        for (k, v) in fields {
            form = form.text(k, v);
        }
        if let Some((bytes, name)) = photo {
            form = form.part("photo", reqwest::multipart::Part::bytes(bytes).file_name(name));
        }
        app.client.post(app.url("/places/riverside/reports")).multipart(form).send()
    };
    let good = || {
        vec![
            ("category", "potholes_pavements".to_string()),
            ("description", "Deep pothole at the bus stop on Brixton Hill".to_string()),
            ("lat", "51.45".to_string()),
            ("lon", "-0.12".to_string()),
        ]
    };
    // A text file named like a photo is refused by its content; what was typed stays.
    let res = send(good(), Some((b"just some text".to_vec(), "pothole.jpg"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#f-photo\"") && html.contains("Deep pothole at the bus stop"), "{html}");
    let res = send(
        vec![("category", "".into()), ("description", "".into()), ("lat", "north".into()), ("lon", "1".into())],
        None,
    )
    .await
    .unwrap();
    let html = res.text().await.unwrap();
    for f in ["category", "description", "lat"] {
        assert!(html.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    assert_eq!(count(&app, "local_reports").await, 0);
    let res = send(good(), Some((jpeg_with_exif(), "pothole.jpg"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res).split('?').next().unwrap().to_string();
    let html = app.text(&path).await;
    assert!(html.contains("reported by you") && html.contains("/photo\""), "{html}");
    // Someone else says "me too" from the page.
    let (other, jar) = app.new_client();
    crate::helpers::post_form_as(
        &other,
        &jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Ben"), ("email", "ben@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    let html = other.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("reported by a resident") && !html.contains("Ana"));
    let res = crate::helpers::post_form_as(&other, &jar, &app.base, &format!("{path}/confirm"), &[]).await;
    assert_eq!(location(&res), format!("{path}?notice=local-report-confirmed"));
    assert_eq!(count(&app, "local_report_confirmations").await, 1);
    for lang in ["ar", "pl"] {
        app.get(&format!("/language/{lang}?return=/")).await;
        for p in ["/places/riverside/reports", path.as_str(), "/places/riverside/reports/new"] {
            let html = app.text(p).await;
            assert!(!html.contains("local-report-"), "an untranslated id on {p} in {lang}");
        }
    }
}

/// What local reports show reaches the public only as an insight release
/// over the months of a year that have ended, defined by the place's
/// stewards, grouped by category, area and month — and each resident counts
/// once, so one person filing thirty reports moves a figure by one.
async fn a_years_reports_are_heard_through_an_insight_release(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let riverside = app.place("riverside", "Riverside").await;
    let mill_lane = plural_store::places::PlaceFields {
        slug: "mill-lane",
        name: "Mill Lane",
        description: "",
        parent_id: Some(riverside),
        footprint: None,
    };
    plural_store::places::create(&app.state.db, mill_lane).await.unwrap();
    let sam = resident(&app, "Sam").await;
    let path = "/api/v1/places/riverside/local-reports";
    // Twelve residents report fly-tipping in Mill Lane; one of them files
    // thirty more; three report a pothole with no area chosen.
    let mut spammer = String::new();
    for i in 0..15 {
        let token = resident(&app, &format!("Resident{i}")).await;
        let body = if i < 12 {
            json!({"category": "fly_tipping", "description": "Bags dumped again", "area": "mill-lane"})
        } else {
            json!({"category": "potholes_pavements", "description": "Deep pothole"})
        };
        assert_eq!(app.api_send(Method::POST, &token, path, body).await.status(), StatusCode::CREATED);
        if i == 0 {
            spammer = token;
        }
    }
    for _ in 0..30 {
        let body = json!({"category": "fly_tipping", "description": "And again", "area": "mill-lane"});
        assert_eq!(app.api_send(Method::POST, &spammer, path, body).await.status(), StatusCode::CREATED);
    }
    // All of it in March of last year, whose months have all ended.
    use chrono::{Datelike, TimeZone};
    let year = chrono::Utc::now().year() - 1;
    let march = chrono::Utc.with_ymd_and_hms(year, 3, 10, 12, 0, 0).unwrap().timestamp();
    sqlx::query("UPDATE local_reports SET created_at = $1").bind(march).execute(app.state.db.writer()).await.unwrap();
    let dataset = format!("{riverside}:{year}");
    let release = |statistic: &str, by_area: bool| {
        json!({"source": "local_reports", "dataset": dataset, "title": "Fly-tipping in Riverside", "question": 0,
            "statistic": statistic, "by_area": by_area, "by_period": true, "epsilon": 1.0})
    };
    let create = "/api/v1/insight/releases";
    let res = app.api_send(Method::POST, &sam, create, release("histogram", true)).await;
    assert_eq!(detail(res, StatusCode::FORBIDDEN).await, "insight-not-allowed");
    plural_store::mutual_aid::add_steward(&app.state.db, riverside, app.person_id("sam@example.org").await)
        .await
        .unwrap();
    // This year's window is whatever months have ended; a year to come has none.
    let future = json!({"source": "local_reports", "dataset": format!("{riverside}:{}", year + 2),
        "title": "Not yet", "question": 0, "statistic": "count", "epsilon": 0.5});
    let res = app.api_send(Method::POST, &sam, create, future).await;
    assert_eq!(detail(res, StatusCode::CONFLICT).await, "insight-dataset-open");
    let bad = json!({"source": "local_reports", "dataset": "riverside-last-year", "title": "x", "question": 0,
        "statistic": "count", "epsilon": 0.5});
    assert_eq!(app.api_send(Method::POST, &sam, create, bad).await.status(), StatusCode::NOT_FOUND);
    // Categories cannot be summed.
    let res = app.api_send(Method::POST, &sam, create, release("mean", false)).await;
    assert_eq!(fields(res).await, vec![("statistic".to_string(), "insight-statistic-unfit".to_string())]);
    let res = app.api_send(Method::POST, &sam, create, release("histogram", true)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.unwrap();
    let cells = r["cells"].as_array().unwrap();
    let fly = cells
        .iter()
        .find(|c| c["area"] == "Mill Lane" && c["answer"] == "Fly-tipping")
        .unwrap_or_else(|| panic!("no Mill Lane fly-tipping cell: {r}"));
    assert_eq!(fly["period"].as_str(), Some(format!("{year}-03").as_str()), "{fly}");
    // Twelve residents, not forty-two reports: at ε = 1 the noise on a
    // count is a few units at most (scale 1), nowhere near thirty.
    let value = fly["value"].as_f64().unwrap_or_else(|| panic!("the cell was withheld: {fly}"));
    assert!((value - 12.0).abs() < 10.0, "the spammer's reports were counted: {fly}");
    // The three pothole reports sit under the place itself, and are withheld.
    let pothole = cells.iter().find(|c| c["area"] == "Riverside" && c["answer"] == "Potholes and pavements").unwrap();
    assert!(pothole["value"].is_null(), "{pothole}");
    // The release page names the method, and the reports page links stewards to it.
    let page = app.text(&format!("/insight/{}", r["id"].as_str().unwrap())).await;
    assert!(page.contains("Each resident counts once"), "{page}");
    assert!(page.contains("/places/riverside/reports"), "{page}");
    let res =
        app.api_send(Method::GET, &sam, &format!("/api/v1/insight/budgets/local_reports/{dataset}"), Value::Null).await;
    let budget: Value = res.json().await.unwrap();
    assert_eq!(budget["budget"]["spent"].as_f64(), Some(1.0), "{budget}");
}
