//! The directory of services: publishing, viewing and editing services by
//! page and API (with who may), and the Open Referral HSDS 3.0 API checked
//! against the official JSON Schemas.

use std::path::PathBuf;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp};

both_engines!(
    publish_view_edit_and_review_by_page,
    page_publishing_refuses_bad_input_and_outsiders,
    services_api_publishes_and_edits,
    openreferral_endpoints_match_the_official_schemas,
    openreferral_rejects_bad_queries,
    demo_services_are_valid_open_referral,
    the_directory_page_is_paged,
);

/// A place, a person with a token who owns an open group there; returns (token, group slug).
async fn owner_with_group(app: &TestApp) -> (String, String) {
    app.place("brixton", "Brixton").await;
    let token = app.api_person("Olu", "olu@example.org", &["read", "write"]).await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/groups",
            json!({"name": "Brixton Food Share", "kind": "charity", "place": "brixton", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    (token, body["slug"].as_str().unwrap().to_string())
}

pub(crate) fn good_form(group: &str) -> Vec<(&'static str, String)> {
    vec![
        ("group", group.to_string()),
        ("name", "Saturday food bank".into()),
        ("description", "Groceries for anyone who needs them.\n\n- fresh fruit\n- **no referral needed**\n\n<script>alert(1)</script>".into()),
        ("status", "active".into()),
        ("place", "brixton".into()),
        ("location_name", "St Jude's Hall".into()),
        ("address_1", "12 Railton Road".into()),
        ("city", "London".into()),
        ("postcode", "se24 0ln".into()),
        ("accessibility", "Step-free entrance from the side door.".into()),
        ("days", "SA".into()),
        ("days", "WE".into()),
        ("opens_at", "10:00".into()),
        ("closes_at", "12:30".into()),
        ("cost", "free".into()),
        ("languages", "en, pl, ar".into()),
        ("terms", "food".into()),
        ("url", "https://foodshare.example.org/bank".into()),
        ("email", "hello@foodshare.example.org".into()),
        ("eligibility", "Anyone living in Lambeth.".into()),
    ]
}

fn with(form: &[(&'static str, String)], changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> =
        form.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
    out.extend(changes.iter().map(|(k, v)| (*k, v.to_string())));
    out
}

pub(crate) fn refs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn service_count(app: &TestApp) -> i64 {
    let (_, total) = plural_store::directory::service_ids(&app.state.db, &Default::default(), 10, 0).await.unwrap();
    total
}

async fn publish_view_edit_and_review_by_page(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("brixton", "Brixton").await;
    app.sign_up("Olu", "olu@example.org").await;
    let res = app
        .post_form(
            "/groups",
            &[("name", "Brixton Food Share"), ("kind", "charity"), ("place", "brixton"), ("join_policy", "open")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let slug = "brixton-food-share";

    // The form starts with sensible defaults: the group's place, running, free.
    let form = app.text(&format!("/services/new?group={slug}")).await;
    assert!(form.contains(r#"<option value="brixton" selected>"#), "{form}");
    assert!(form.contains(r#"value="active" checked"#));
    assert!(form.contains(r#"name="cost" value="free" checked"#));

    let res = app.post_form("/services", &refs(&good_form(slug))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with("/services/") && to.ends_with("?notice=directory-created"), "{to}");
    let id = to.trim_start_matches("/services/").split('?').next().unwrap().to_string();

    let page = app.text(&to).await;
    assert!(page.contains("The service has been published."));
    assert!(page.contains("<h1>Saturday food bank</h1>"));
    assert!(page.contains("<strong>no referral needed</strong>"), "Markdown is rendered");
    assert!(!page.contains("<script>alert"), "HTML in Markdown is sanitised");
    assert!(page.contains("12 Railton Road") && page.contains("SE24 0LN"), "postcode tidied");
    assert!(page.contains("Wednesday, Saturday: 10:00–12:30"));
    assert!(page.contains("Free"));
    assert!(page.contains("English, Polish, Arabic"));
    assert!(page.contains("Step-free entrance"));
    assert!(page.contains("Details last checked 20"), "last reviewed is visible");
    assert!(page.contains(&format!("/services/{id}/edit")), "the owner can edit");

    // Listed, and filtered by place and category.
    assert!(app.text("/services").await.contains("Saturday food bank"));
    assert!(app.text("/services?place=brixton&term=food").await.contains("Saturday food bank"));
    assert!(!app.text("/services?term=housing").await.contains("Saturday food bank"));
    assert_eq!(app.get("/services?place=nowhere").await.status(), StatusCode::NOT_FOUND);
    // The group page links to its services.
    assert!(app.text(&format!("/groups/{slug}")).await.contains(&format!("/services?group={slug}")));
    assert!(app.text(&format!("/services?group={slug}")).await.contains("Saturday food bank"));

    // Editing: bad input is reported field by field, kept, and nothing changes.
    let edit = with(
        &good_form(slug),
        &[("name", "Food bank"), ("closes_at", "09:00"), ("postcode", "nope"), ("cost", "paid"), ("amount", "lots")],
    );
    let res = app.post_form(&format!("/services/{id}/edit"), &refs(&edit)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("The closing time must be after the opening time"));
    assert!(body.contains("Enter a postcode"));
    assert!(body.contains("Enter the price in pounds and pence"));
    assert!(body.contains(r#"value="Food bank""#), "input kept");
    let stored = plural_store::directory::service(&app.state.db, &id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Saturday food bank");

    // A good edit, temporarily closed and paid: the page says so first.
    let edit = with(
        &good_form(slug),
        &[("status", "temporarily-closed"), ("cost", "paid"), ("amount", "2.5"), ("cost_description", "per bag")],
    );
    let res = app.post_form(&format!("/services/{id}/edit"), &refs(&edit)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.text(&location(&res)).await;
    assert!(page.contains("Temporarily closed"));
    assert!(page.find("Temporarily closed").unwrap() < page.find("<h1>").unwrap(), "closure shown before all else");
    assert!(page.contains("£2.50 — per bag"));
    let stored = plural_store::directory::service(&app.state.db, &id).await.unwrap().unwrap();
    assert_eq!(stored.cost_options[0].amount_minor, Some(250));
    assert_eq!(stored.locations.len(), 1, "the location is updated, not duplicated");

    let res = app.post_form(&format!("/services/{id}/reviewed"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).ends_with("?notice=directory-reviewed"));
    app.stop().await;
}

async fn page_publishing_refuses_bad_input_and_outsiders(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (token, slug) = owner_with_group(&app).await;

    // Not signed in: sign in first.
    let res = app.get("/services/new").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in"));

    // A plain member of the group may not publish for it.
    let (bea, bea_jar) = app.new_client();
    let res = post_form_as(
        &bea,
        &bea_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Bea"), ("email", "bea@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_form_as(&bea, &bea_jar, &app.base, &format!("/groups/{slug}/join"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = bea.get(app.url("/services/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&bea, &bea_jar, &app.base, "/services", &refs(&good_form(&slug))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(service_count(&app).await, 0);

    // The owner's bad submission: every problem listed, nothing stored.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/services",
            json!({"group": slug, "name": "Repairs surgery", "place": "brixton"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    // Bea cannot edit or mark it reviewed either.
    let res = bea.get(app.url(&format!("/services/{id}/edit"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&bea, &bea_jar, &app.base, &format!("/services/{id}/edit"), &refs(&good_form(&slug))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&bea, &bea_jar, &app.base, &format!("/services/{id}/reviewed"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // But she sees it, without the edit link.
    let page = bea.get(app.url(&format!("/services/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Repairs surgery") && !page.contains("/edit\""));
    assert!(page.contains("These details have not been checked yet") || page.contains("Details last checked"));

    // Unknown and malformed ids are simply not found.
    assert_eq!(app.get("/services/not-a-uuid").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/services/0195a000-0000-7000-8000-000000000000").await.status(), StatusCode::NOT_FOUND);

    // Owner signs in on the page and submits rubbish: all errors, nothing stored.
    let (olu, olu_jar) = app.new_client();
    let res = post_form_as(
        &olu,
        &olu_jar,
        &app.base,
        "/sign-in",
        &[("email", "olu@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let bad = with(
        &good_form(&slug),
        &[
            ("name", ""),
            ("status", "open-ish"),
            ("place", "atlantis"),
            ("url", "javascript:alert(1)"),
            ("email", "not-an-email"),
            ("days", "XX"),
            ("languages", "english"),
            ("terms", "not-a-term"),
            ("opens_at", "25:00"),
        ],
    );
    let res = post_form_as(&olu, &olu_jar, &app.base, "/services", &refs(&bad)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    for field in ["name", "status", "place", "url", "email", "days", "languages", "terms"] {
        assert!(body.contains(&format!("href=\"#f-{field}\"")), "error summary links to {field}");
    }
    assert!(body.contains("value=\"not-an-email\""), "input kept");
    assert_eq!(service_count(&app).await, 1);

    // Times without days, or a group they do not run.
    let bad = with(&good_form(&slug), &[("days", "")]);
    let res = post_form_as(&olu, &olu_jar, &app.base, "/services", &refs(&bad)).await;
    assert!(res.text().await.unwrap().contains("Choose the days the service is open"));
    let res =
        post_form_as(&olu, &olu_jar, &app.base, "/services", &refs(&with(&good_form(&slug), &[("group", "nope")])))
            .await;
    assert!(res.text().await.unwrap().contains("Choose a group you run"));
    assert_eq!(service_count(&app).await, 1);
    app.stop().await;
}

async fn services_api_publishes_and_edits(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (token, slug) = owner_with_group(&app).await;
    let body = json!({
        "group": slug, "name": "Free wifi and device help", "place": "brixton",
        "description": "Drop in with your phone or laptop.",
        "address_1": "40 Rye Lane", "postcode": "SE15 5BS", "latitude": 51.4698, "longitude": -0.0691,
        "days": ["TU", "TH"], "opens_at": "14:00", "closes_at": "17:00",
        "cost": "free", "languages": ["en", "so"], "terms": ["digital-access"]
    });
    let res = app.api_send(Method::POST, &token, "/api/v1/services", body.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s: Value = res.json().await.unwrap();
    let id = s["id"].as_str().unwrap().to_string();
    assert_eq!(s["status"], "active");
    assert_eq!(s["hours"][0]["days"], json!(["TU", "TH"]));
    assert_eq!(s["terms"], json!(["digital-access"]));
    assert_eq!(s["location"]["latitude"], 51.4698);

    // Invalid: 422 naming every field; unknown fields refused.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/services",
            json!({"group": slug, "name": "", "place": "brixton", "cost": "paid"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"name") && fields.contains(&"amount"), "{p}");
    let res = app.api_send(Method::POST, &token, "/api/v1/services", json!({"group": slug, "colour": "red"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Someone else may not publish or edit for the group.
    let other = app.api_person("Cy", "cy@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &other, "/api/v1/services", body.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::PATCH, &other, &format!("/api/v1/services/{id}"), json!({"name": "Mine"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A read-only token cannot write.
    let read_only = app.token_for("olu@example.org", &["read"]).await;
    let res = app.api_send(Method::PATCH, &read_only, &format!("/api/v1/services/{id}"), json!({"name": "X"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // PATCH changes only what is sent.
    let res = app
        .api_send(Method::PATCH, &token, &format!("/api/v1/services/{id}"), json!({"status": "temporarily closed"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["status"], "temporarily closed");
    assert_eq!(s["name"], "Free wifi and device help");
    assert_eq!(s["languages"], json!(["en", "so"]));
    let res =
        app.api_send(Method::PATCH, &token, &format!("/api/v1/services/{id}"), json!({"opens_at": "18:00"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res =
        app.api_send(Method::PATCH, &token, &format!("/api/v1/services/{id}"), json!({"group": "elsewhere"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The organisation's public contact details, for its admins only, checked.
    let path = format!("/api/v1/groups/{slug}/directory");
    let details = json!({"website": "https://foodshare.example.org", "email": "hello@foodshare.example.org",
        "phones": [{"number": "020 7946 0123", "description": "Main line"}]});
    let res = app.api_send(Method::PUT, &other, &path, details.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .api_send(
            Method::PUT,
            &token,
            &path,
            json!({"website": "ftp://x", "email": "nope", "phones": [{"number": "call us"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["website", "email", "phones"]);
    assert_eq!(
        app.api_send(Method::PUT, &token, "/api/v1/groups/nope/directory", details.clone()).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app.api_send(Method::PUT, &token, &path, details).await;
    assert_eq!(res.status(), StatusCode::OK);
    let org: Value = app.get("/openreferral/organizations").await.json().await.unwrap();
    assert_eq!(org["contents"][0]["website"], "https://foodshare.example.org/");
    assert_eq!(org["contents"][0]["phones"][0]["number"], "020 7946 0123");

    let list: Value = app.get("/api/v1/services?place=brixton&term=digital-access").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let one: Value = app.get(&format!("/api/v1/services/{id}")).await.json().await.unwrap();
    assert_eq!(one["id"], id.as_str());
    assert_eq!(app.get("/api/v1/services/unknown").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

/// The official HSDS 3.0 schemas, from the standards folder beside the repository.
pub(crate) fn hsds_schema_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/schema");
    assert!(
        dir.join("compiled/service.json").is_file(),
        "the HSDS 3.0 schemas are missing: looked for {}/compiled/service.json (CI provides them)",
        dir.display()
    );
    dir
}

pub(crate) struct Schemas {
    pub(crate) dir: PathBuf,
}

impl Schemas {
    fn read(&self, name: &str) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.dir.join(name)).unwrap()).unwrap()
    }

    /// A validator for one schema file; the plain schemas' references to
    /// their siblings are registered as resources.
    pub(crate) fn validator(&self, name: &str) -> jsonschema::Validator {
        let mut options =
            jsonschema::options().should_validate_formats(true).with_base_uri(format!("file:///hsds/{name}"));
        for sibling in ["taxonomy.json", "metadata.json", "taxonomy_term.json", "attribute.json"] {
            let resource = jsonschema::Resource::from_contents(self.read(sibling)).unwrap();
            options = options.with_resource(format!("file:///hsds/{sibling}"), resource);
        }
        options.build(&self.read(name)).unwrap()
    }
}

pub(crate) fn assert_valid(v: &jsonschema::Validator, what: &str, instance: &Value) {
    let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{what} does not match its HSDS schema:\n{}\n{instance:#}", errors.join("\n"));
}

pub(crate) async fn hsds(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(res.headers()["access-control-allow-origin"], "*", "{path}");
    res.json().await.unwrap()
}

/// Check the paging fields and each item; returns the items.
pub(crate) fn assert_paged(page: &Value, v: &jsonschema::Validator, what: &str) -> Vec<Value> {
    let contents = page["contents"].as_array().unwrap_or_else(|| panic!("{what}: contents")).clone();
    let total = page["total_items"].as_i64().unwrap();
    let pages = page["total_pages"].as_i64().unwrap();
    assert_eq!(page["size"].as_i64().unwrap(), contents.len() as i64, "{what}: size");
    assert_eq!(page["empty"].as_bool().unwrap(), contents.is_empty(), "{what}: empty");
    assert!(page["page_number"].as_i64().unwrap() >= 1);
    assert!(page["first_page"].is_boolean() && page["last_page"].is_boolean());
    assert!(total >= contents.len() as i64 && (total == 0 || pages >= 1), "{what}: totals");
    for item in &contents {
        assert_valid(v, what, item);
    }
    contents
}

async fn openreferral_endpoints_match_the_official_schemas(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let schemas = Schemas { dir: hsds_schema_dir() };
    let (token, slug) = owner_with_group(&app).await;
    for (name, status, cost) in
        [("Saturday food bank", "active", "free"), ("Community fridge", "temporarily closed", "paid")]
    {
        let res = app
            .api_send(
                Method::POST,
                &token,
                "/api/v1/services",
                json!({
                    "group": slug, "name": name, "place": "brixton", "status": status,
                    "description": "Food for anyone.", "url": "https://foodshare.example.org/",
                    "email": "hello@foodshare.example.org", "eligibility": "Anyone.",
                    "location_name": "St Jude's Hall", "address_1": "12 Railton Road", "postcode": "SE24 0LN",
                    "latitude": 51.4557, "longitude": -0.1060, "accessibility": "Step-free.",
                    "days": ["SA"], "opens_at": "10:00", "closes_at": "12:00",
                    "cost": cost, "amount": "1.50", "languages": ["en", "pl"], "terms": ["food", "families-and-children"]
                }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    }
    // One with nothing but the essentials.
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/services",
            json!({"group": slug, "name": "Advice line", "place": "brixton"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let root = hsds(&app, "/openreferral/").await;
    assert_eq!(root, hsds(&app, "/openreferral").await);
    assert_eq!(root["version"], "3.0");
    assert!(root["openapi_url"].as_str().unwrap().starts_with("https://"));
    assert!(root["profile"].is_string() && root["publisher"]["name"].is_string());

    let service = schemas.validator("compiled/service.json");
    // The validator does bite: a service without its required fields, or with a malformed id.
    assert!(!service.is_valid(&json!({"id": "0195a000-0000-7000-8000-000000000000"})));
    assert!(!service.is_valid(&json!({"id": "nope", "name": "x", "status": "active"})));
    assert!(!service.is_valid(&json!({"id": "0195a000-0000-7000-8000-000000000000", "name": "x", "status": "open"})));
    let list = hsds(&app, "/openreferral/services").await;
    let items = assert_paged(&list, &service, "service");
    assert_eq!(items.len(), 3);
    assert_eq!(list["total_items"], 3);
    let food = items.iter().find(|s| s["name"] == "Saturday food bank").unwrap();
    let id = food["id"].as_str().unwrap();
    assert_eq!(food["organization"]["name"], "Brixton Food Share");
    assert_eq!(food["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "SE24 0LN");
    assert_eq!(food["schedules"][0]["byday"], "SA");
    assert_eq!(food["attributes"].as_array().unwrap().len(), 2);

    let one = hsds(&app, &format!("/openreferral/services/{id}")).await;
    assert_valid(&service, "service", &one);
    assert_eq!(one["id"], id);
    let fridge = hsds(&app, "/openreferral/services?search=FRIDGE").await;
    let fridge = assert_paged(&fridge, &service, "service");
    assert_eq!(fridge.len(), 1);
    assert_eq!(fridge[0]["status"], "temporarily closed");
    assert_eq!(fridge[0]["cost_options"][0]["amount"], 1.5);

    // Paging, filters and the lighter shapes.
    let page2 = hsds(&app, "/openreferral/services?per_page=2&page=2").await;
    assert_eq!(assert_paged(&page2, &service, "service").len(), 1);
    assert_eq!(page2["total_pages"], 2);
    assert_eq!(page2["last_page"], true);
    assert_eq!(page2["first_page"], false);
    let minimal = hsds(&app, "/openreferral/services?minimal=true").await;
    for s in assert_paged(&minimal, &service, "service") {
        assert!(s.get("organization").is_none() && s["last_modified"].is_string());
    }
    let plain = hsds(&app, "/openreferral/services?full=false").await;
    assert_paged(&plain, &service, "service");
    let food_term = "6c8e1f2a-5b7d-4c3e-9a10-000000000001";
    let by_term = hsds(&app, &format!("/openreferral/services?taxonomy_term_id={food_term}")).await;
    assert_eq!(by_term["total_items"], 2);
    let by_taxonomy =
        hsds(&app, &format!("/openreferral/services?taxonomy_id={}", plural_store::directory::DEFAULT_TAXONOMY_ID))
            .await;
    assert_eq!(by_taxonomy["total_items"], 2);
    let org_id = food["organization_id"].as_str().unwrap();
    assert_eq!(hsds(&app, &format!("/openreferral/services?organization_id={org_id}")).await["total_items"], 3);
    assert_eq!(hsds(&app, "/openreferral/services?modified_after=2000-01-01").await["total_items"], 3);
    let later = hsds(&app, "/openreferral/services?modified_after=2999-01-01T00:00:00Z").await;
    assert_eq!(later["total_items"], 0);
    assert_eq!(later["empty"], true);

    let organization = schemas.validator("compiled/organization.json");
    let orgs = hsds(&app, "/openreferral/organizations").await;
    assert_eq!(assert_paged(&orgs, &organization, "organization").len(), 1);
    let org = hsds(&app, &format!("/openreferral/organizations/{org_id}")).await;
    assert_valid(&organization, "organization", &org);
    assert_eq!(org["services"].as_array().unwrap().len(), 3);

    let taxonomy = schemas.validator("taxonomy.json");
    let taxonomies = hsds(&app, "/openreferral/taxonomies").await;
    assert_eq!(assert_paged(&taxonomies, &taxonomy, "taxonomy").len(), 1);
    let t = hsds(&app, &format!("/openreferral/taxonomies/{}", plural_store::directory::DEFAULT_TAXONOMY_ID)).await;
    assert_valid(&taxonomy, "taxonomy", &t);

    let term = schemas.validator("taxonomy_term.json");
    let terms = hsds(&app, "/openreferral/taxonomy_terms?per_page=100").await;
    let all = assert_paged(&terms, &term, "taxonomy term");
    assert_eq!(all.len(), 15);
    assert!(all.iter().any(|t| t["code"] == "digital-access"));
    let top = hsds(&app, "/openreferral/taxonomy_terms?top_only=true&per_page=100").await;
    assert_eq!(top["total_items"], 15);
    let children = hsds(&app, &format!("/openreferral/taxonomy_terms?parent_id={food_term}")).await;
    assert_eq!(children["total_items"], 0);
    let one_term = hsds(&app, &format!("/openreferral/taxonomy_terms/{food_term}")).await;
    assert_valid(&term, "taxonomy term", &one_term);
    assert_eq!(one_term["name"], "Food");

    let sal = schemas.validator("compiled/service_at_location.json");
    let sals = hsds(&app, "/openreferral/service_at_locations").await;
    let links = assert_paged(&sals, &sal, "service at location");
    assert_eq!(links.len(), 2, "the advice line has no address");
    let link = hsds(&app, &format!("/openreferral/service_at_locations/{}", links[0]["id"].as_str().unwrap())).await;
    assert_valid(&sal, "service at location", &link);
    assert!(link["service"]["name"].is_string());
    // By postcode district (a full postcode counts as its district), and filtered like services.
    for (query, n) in [
        ("postcode=SE24", 2),
        ("postcode=se24%200ab", 2),
        ("postcode=SE15", 0),
        ("search=fridge", 1),
        ("taxonomy_term_id=6c8e1f2a-5b7d-4c3e-9a10-000000000001", 2),
        ("modified_after=2999-01-01", 0),
    ] {
        let found = hsds(&app, &format!("/openreferral/service_at_locations?{query}")).await;
        assert_eq!(assert_paged(&found, &sal, "service at location").len(), n, "{query}");
    }
    let bare = hsds(&app, "/openreferral/service_at_locations?full=false").await;
    for link in assert_paged(&bare, &sal, "service at location") {
        assert!(link.get("service").is_none());
    }
    let by_postcode = hsds(&app, "/openreferral/services?postcode=SE24").await;
    assert_eq!(by_postcode["total_items"], 2, "the advice line has no address");

    // Not found, as problems, still readable from anywhere.
    for path in [
        "/openreferral/services/0195a000-0000-7000-8000-000000000000".to_string(),
        "/openreferral/services/nope".into(),
        "/openreferral/organizations/nope".into(),
        "/openreferral/taxonomies/nope".into(),
        "/openreferral/taxonomy_terms/nope".into(),
        "/openreferral/service_at_locations/nope".into(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }

    // The unfiltered totals are counts kept by triggers: they follow
    // deletions too (none of Plural's own forms deletes a service; an
    // operator may), and a service's links go with it by cascade.
    let total = |path: &'static str| {
        let app = &app;
        async move { hsds(app, path).await["total_items"].as_i64().unwrap() }
    };
    assert_eq!(total("/openreferral/service_at_locations").await, 2);
    let db = app.state.db.writer();
    sqlx::query("DELETE FROM directory_services WHERE id = $1").bind(id).execute(db).await.unwrap();
    assert_eq!(total("/openreferral/services").await, 2);
    assert_eq!(total("/openreferral/services?search=saturday").await, 0);
    assert_eq!(total("/openreferral/service_at_locations").await, 1);
    assert_eq!(total("/openreferral/organizations").await, 1);
    // An organisation leaves the list with its last service.
    sqlx::query("DELETE FROM directory_services").execute(db).await.unwrap();
    for list in ["/openreferral/services", "/openreferral/service_at_locations", "/openreferral/organizations"] {
        assert_eq!(total(list).await, 0, "{list}");
    }
    app.stop().await;
}

async fn openreferral_rejects_bad_queries(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    for (query, param) in [
        ("/openreferral/services?page=0", "page"),
        ("/openreferral/services?page=abc", "page"),
        ("/openreferral/services?per_page=100000", "per_page"),
        ("/openreferral/services?taxonomy_term_id=food", "taxonomy_term_id"),
        ("/openreferral/services?taxonomy_id=x", "taxonomy_id"),
        ("/openreferral/services?organization_id=brixton", "organization_id"),
        ("/openreferral/services?modified_after=yesterday", "modified_after"),
        ("/openreferral/services?minimal=perhaps", "minimal"),
        ("/openreferral/services?full=2", "full"),
        ("/openreferral/taxonomy_terms?top_only=yes", "top_only"),
        ("/openreferral/taxonomy_terms?parent_id=food", "parent_id"),
        ("/openreferral/organizations?per_page=-1", "per_page"),
        ("/openreferral/service_at_locations?postcode=%3Cscript%3E", "postcode"),
        ("/openreferral/service_at_locations?postcode=12345", "postcode"),
        ("/openreferral/service_at_locations?postcode=SE15&proximity=far", "proximity"),
        ("/openreferral/service_at_locations?proximity=1000", "proximity"),
        ("/openreferral/service_at_locations?postcode=SE15&proximity=1000", "postcode"),
        ("/openreferral/service_at_locations?full=maybe", "full"),
    ] {
        let res = app.get(query).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let p: Value = res.json().await.unwrap();
        assert!(p["detail"].as_str().unwrap().contains(&format!("`{param}`")), "{query}: {p}");
    }
    app.stop().await;
}

async fn demo_services_are_valid_open_referral(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    plural::demo::seed(&app.state.db, &app.key).await.unwrap();
    let schemas = Schemas { dir: hsds_schema_dir() };
    let service = schemas.validator("compiled/service.json");
    let list = hsds(&app, "/openreferral/services?per_page=100").await;
    let items = assert_paged(&list, &service, "demo service");
    assert!(items.len() >= 8);
    assert_eq!(items.iter().filter(|s| s["status"] == "temporarily closed").count(), 1);
    // A place's page lists its services, those of the places within it too.
    let lambeth = app.text("/places/lambeth").await;
    assert!(lambeth.contains("Food bank: Thursday evenings and Saturday mornings"), "services on the place page");
    assert!(lambeth.contains("href=\"/services?place=lambeth\""));
    let organization = schemas.validator("compiled/organization.json");
    let orgs = hsds(&app, "/openreferral/organizations").await;
    let orgs = assert_paged(&orgs, &organization, "demo organization");
    let food = orgs.iter().find(|o| o["name"] == "Brixton Food Share").unwrap();
    assert_eq!(food["phones"][0]["number"], "020 7946 0123");
    let sal = schemas.validator("compiled/service_at_location.json");
    assert_paged(
        &hsds(&app, "/openreferral/service_at_locations?per_page=100").await,
        &sal,
        "demo service at location",
    );

    let page = app.text("/services").await;
    assert!(page.contains("Repairs surgery") && page.contains("Free wifi and device help drop-in"));
    // A place includes the places within it.
    let lambeth = app.text("/services?place=lambeth").await;
    assert!(lambeth.contains("Repairs surgery") && lambeth.contains("Money and benefits advice line"));
    assert!(!lambeth.contains("Free wifi and device help drop-in"), "Peckham is in Southwark");
    let fridge = items.iter().find(|s| s["name"] == "Community fridge").unwrap();
    let page = app.text(&format!("/services/{}", fridge["id"].as_str().unwrap())).await;
    assert!(page.contains("Temporarily closed"));
    assert!(page.contains(r#"href="tel:02079460123""#), "the organisation's public phone");

    // Editing a field keeps opening hours the form does not show (the food bank has two).
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "grace@demo.plural.test", "password": plural::demo::DEMO_PASSWORD, "name": "t", "scopes": ["read", "write"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let bank = items.iter().find(|s| s["name"].as_str().unwrap().starts_with("Food bank")).unwrap();
    let path = format!("/api/v1/services/{}", bank["id"].as_str().unwrap());
    let res = app.api_send(Method::PATCH, &token, &path, json!({"eligibility": "Anyone at all."})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["hours"].as_array().unwrap().len(), 2, "{s}");
    app.stop().await;
}

/// `/services` shows 30 services a page, with links to the pages around
/// it that keep the filters; a page beyond the end is empty, a page that is
/// not a number is the first.
async fn the_directory_page_is_paged(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let (token, slug) = owner_with_group(&app).await;
    for n in 1..=31 {
        let body = json!({"group": slug, "name": format!("Service number {n:02}"), "place": "brixton", "cost": "free"});
        let res = app.api_send(Method::POST, &token, "/api/v1/services", body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let names = |html: &str| html.matches("Service number ").count();
    let first = app.text("/services?place=brixton").await;
    assert_eq!(names(&first), 30);
    assert!(first.contains("31 services"), "the count of every page's services");
    assert!(first.contains(r#"href="/services?place=brixton&#38;page=2" rel="next""#), "{first}");
    assert!(!first.contains(r#"rel="prev""#));
    let second = app.text("/services?place=brixton&page=2").await;
    assert_eq!(names(&second), 1);
    assert!(second.contains(r#"href="/services?place=brixton" rel="prev""#));
    assert!(!second.contains(r#"rel="next""#));
    assert_eq!(names(&app.text("/services?page=3").await), 0);
    assert_eq!(names(&app.text("/services?page=two").await), 30);
    app.stop().await;
}
