//! Publishing in two minutes: the event and service forms' defaults and
//! their preview (nothing saved until "Publish"), and services offered at
//! several locations with several prices, by form, API and HSDS import,
//! still valid Open Referral.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::directory::{assert_valid, good_form, hsds, hsds_schema_dir, refs, Schemas};
use crate::helpers::{location, spawn_app, Engine, TestApp};

both_engines!(
    event_form_previews_then_publishes_a_weekly_event,
    services_list_several_locations_and_prices,
    services_api_takes_lists_of_locations_and_prices,
    hsds_import_keeps_every_location_and_price,
);

/// A place and a group owned by the app's signed-in client; the group's slug.
async fn group(app: &TestApp) -> &'static str {
    app.place("brixton", "Brixton").await;
    app.sign_up("Olu", "olu@example.org").await;
    let fields = [("name", "Brixton Food Share"), ("kind", "charity"), ("place", "brixton"), ("join_policy", "open")];
    assert_eq!(app.post_form("/groups", &fields).await.status(), StatusCode::SEE_OTHER);
    "brixton-food-share"
}

fn value_of<'a>(page: &'a str, name: &str) -> &'a str {
    let marker = format!(r#"name="{name}" type="#);
    let at = page.find(&marker).unwrap_or_else(|| panic!("no field {name}"));
    page[at..].split(r#"value=""#).nth(1).and_then(|v| v.split('"').next()).unwrap()
}

async fn event_count(app: &TestApp) -> usize {
    plural_store::events::still_running(&app.state.db, Default::default(), 0, 100).await.unwrap().len()
}

async fn event_form_previews_then_publishes_a_weekly_event(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let slug = group(&app).await;

    // Coming from the group's page: the group chosen, the node's time zone,
    // from the next whole hour for two hours, not repeating, free.
    let form = app.text(&format!("/events/new?group={slug}")).await;
    assert!(form.contains(&format!(r#"<option value="{slug}" selected>"#)), "{form}");
    assert!(form.contains(r#"name="time_zone" value="Europe/London""#));
    let (start, end) = (value_of(&form, "start_time"), value_of(&form, "end_time"));
    assert!(start.ends_with(":00") && end.ends_with(":00"), "{start}–{end}");
    let hours = |t: &str| t[..2].parse::<i64>().unwrap();
    assert_eq!(hours(end) - hours(start), 2);
    assert!(
        form.contains(r#"<option value="none" selected>"#) && form.contains(r#"name="is_free" value="on" checked"#)
    );
    assert!(form.contains(r#"name="date" type="date""#) && form.contains(r#"name="start_time" type="time""#));

    let date = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%d").to_string();
    let fields = |save: &'static str, title: &'static str| {
        vec![
            ("group", slug.to_string()),
            ("title", title.to_string()),
            ("date", date.clone()),
            ("start_time", "10:00".into()),
            ("end_time", "12:00".into()),
            ("time_zone", "Europe/London".into()),
            ("repeat", "weekly".into()),
            ("mode", "in_person".into()),
            ("venue", "St Jude's Hall".into()),
            ("is_free", "on".into()),
            ("description", "Bring a bag. **Everyone** welcome.".into()),
            ("save", save.to_string()),
        ]
    };

    // A preview with a mistake: the error summary, nothing saved.
    let res = app.post_form("/events", &refs(&fields("preview", ""))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("error-summary") && !page.contains(r#"class="preview""#), "{page}");
    // A good preview: the public page's facts above the form, still nothing saved.
    let res = app.post_form("/events", &refs(&fields("preview", "Saturday food bank"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let preview =
        page.split(r#"<section class="preview""#).nth(1).expect("a preview").split("</section>").next().unwrap();
    assert!(preview.contains("Saturday food bank") && preview.contains("Every week"), "{preview}");
    assert!(preview.contains(&format!("{date} 10:00–12:00")) && preview.contains("<strong>Everyone</strong>"));
    assert!(page.contains(r#"value="Saturday food bank""#), "the form keeps what was typed");
    assert_eq!(event_count(&app).await, 0, "a preview saves nothing");

    // One submission publishes it.
    let res = app.post_form("/events", &refs(&fields("publish", "Saturday food bank"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = location(&res);
    let path = path.split('?').next().unwrap();
    let page = app.text(path).await;
    assert!(page.contains("Every week"), "{page}");
    let ics = app.text(&format!("{path}.ics")).await;
    assert!(ics.contains("RRULE:FREQ=WEEKLY"), "{ics}");
    assert_eq!(event_count(&app).await, 1);
}

fn second_location() -> Vec<(&'static str, String)> {
    vec![
        ("locations[1].name", "Brixton Library".into()),
        ("locations[1].address_1", "Brixton Oval".into()),
        ("locations[1].address_2", "".into()),
        ("locations[1].city", "".into()),
        ("locations[1].postcode", "sw2 1jq".into()),
        ("locations[1].latitude", "".into()),
        ("locations[1].longitude", "".into()),
        ("locations[1].accessibility", "Lift to every floor.".into()),
        ("cost_options[1].cost", "paid".into()),
        ("cost_options[1].amount", "3.50".into()),
        ("cost_options[1].description", "Hot lunch".into()),
    ]
}

async fn services_list_several_locations_and_prices(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let slug = group(&app).await;
    let token = app.token_for("olu@example.org", &["read"]).await;

    // "Add another location" shows one more blank fieldset, keeping what was typed.
    let mut form = good_form(slug);
    form.push(("save", "add_location".into()));
    let res = app.post_form("/services", &refs(&form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Location 2") && page.contains(r#"name="locations[1].address_1""#), "{page}");
    assert!(page.contains(r#"value="12 Railton Road""#) && !page.contains("error-summary"));
    let mut form = good_form(slug);
    form.push(("save", "add_cost".into()));
    let page = app.post_form("/services", &refs(&form)).await.text().await.unwrap();
    assert!(page.contains("Price 2") && page.contains(r#"name="cost_options[1].cost""#), "{page}");

    // A mistake in the second location is named there; nothing is stored.
    let mut form = good_form(slug);
    form.extend(second_location());
    let bad: Vec<(&str, String)> = form
        .iter()
        .map(|(k, v)| if *k == "locations[1].postcode" { (*k, "x".to_string()) } else { (*k, v.clone()) })
        .collect();
    let res = app.post_form("/services", &refs(&bad)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(r##"href="#f-locations[1].postcode""##) && page.contains(r#"id="f-locations[1].postcode-error""#)
    );
    let res = app.api_get(&token, "/api/v1/services").await;
    assert_eq!(res.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 0);

    // The preview lists both places and both prices; then one submission publishes.
    let mut preview = form.clone();
    preview.push(("save", "preview".into()));
    let page = app.post_form("/services", &refs(&preview)).await.text().await.unwrap();
    let shown =
        page.split(r#"<section class="preview""#).nth(1).expect("a preview").split("</section>").next().unwrap();
    assert!(shown.contains("12 Railton Road") && shown.contains("Brixton Oval, Brixton, SW2 1JQ"), "{shown}");
    assert!(shown.contains("Free") && shown.contains("£3.50 — Hot lunch"), "{shown}");
    let res = app.post_form("/services", &refs(&form)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location(&res).trim_start_matches("/services/").split('?').next().unwrap().to_string();
    let view: Value = app.api_get(&token, &format!("/api/v1/services/{id}")).await.json().await.unwrap();
    let postcodes: Vec<&str> =
        view["locations"].as_array().unwrap().iter().map(|l| l["postcode"].as_str().unwrap()).collect();
    assert_eq!(postcodes, ["SE24 0LN", "SW2 1JQ"]);
    assert_eq!(view["location"]["postcode"], "SE24 0LN", "the first, for older clients");
    assert_eq!(view["cost_options"][0]["free"], true);
    assert_eq!(view["cost_options"][1]["amount_minor"], 350);
    let page = app.text(&format!("/services/{id}")).await;
    assert!(page.contains("Brixton Oval") && page.contains("Hot lunch"));

    // Open Referral shows both, still valid.
    let schemas = Schemas { dir: hsds_schema_dir() };
    let one = hsds(&app, &format!("/openreferral/services/{id}")).await;
    assert_valid(&schemas.validator("compiled/service.json"), "a service at two locations", &one);
    assert_eq!(one["service_at_locations"].as_array().unwrap().len(), 2);
    assert_eq!(one["cost_options"].as_array().unwrap().len(), 2);

    // Editing shows both; blanking the second location removes it, keeping the first's id.
    let edit = app.text(&format!("/services/{id}/edit")).await;
    assert!(edit.contains(r#"value="Brixton Oval""#) && edit.contains(r#"value="Hot lunch""#));
    let first_location = one["service_at_locations"][0]["location"]["id"].clone();
    let mut form = good_form(slug);
    form.extend(second_location().into_iter().map(|(k, v)| {
        if k.starts_with("locations[1]") {
            (k, String::new())
        } else {
            (k, v)
        }
    }));
    let res = app.post_form(&format!("/services/{id}/edit"), &refs(&form)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let one = hsds(&app, &format!("/openreferral/services/{id}")).await;
    assert_eq!(one["service_at_locations"].as_array().unwrap().len(), 1);
    assert_eq!(one["service_at_locations"][0]["location"]["id"], first_location);
    assert_eq!(one["cost_options"].as_array().unwrap().len(), 2);
}

async fn services_api_takes_lists_of_locations_and_prices(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("brixton", "Brixton").await;
    let token = app.api_person("Olu", "olu@example.org", &["read", "write"]).await;
    let body = json!({"name": "Brixton Food Share", "kind": "charity", "place": "brixton", "join_policy": "open"});
    let res = app.api_send(Method::POST, &token, "/api/v1/groups", body).await;
    let slug = res.json::<Value>().await.unwrap()["slug"].as_str().unwrap().to_string();
    let body = json!({
        "group": slug, "name": "Warm space", "place": "brixton",
        "locations": [
            {"name": "St Jude's Hall", "address_1": "12 Railton Road", "postcode": "SE24 0LN"},
            {"name": "Brixton Library", "address_1": "Brixton Oval", "postcode": "SW2 1JQ", "latitude": 51.4613, "longitude": -0.1156}
        ],
        "cost_options": [{"free": true}, {"amount": "1.00", "description": "Soup"}]
    });
    let res = app.api_send(Method::POST, &token, "/api/v1/services", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let view: Value = res.json().await.unwrap();
    let id = view["id"].as_str().unwrap().to_string();
    assert_eq!(view["locations"].as_array().unwrap().len(), 2);
    assert_eq!(view["locations"][1]["city"], "Brixton", "the place's name when none is given");
    assert_eq!(view["cost_options"][1]["amount_minor"], 100);

    // Problems in later entries are named by their position; nothing changes.
    let path = format!("/api/v1/services/{id}");
    let body = json!({"locations": [{"address_1": "1 High St", "postcode": "SE24 0LN"}, {"address_1": "", "postcode": "x"}],
                      "cost_options": [{"free": true}, {"amount": "lots"}]});
    let res = app.api_send(Method::PATCH, &token, &path, body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["locations[1].address_1", "locations[1].postcode", "cost_options[1].amount"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // Both forms at once is ambiguous.
    let body = json!({"postcode": "SE24 0LN", "locations": []});
    let res = app.api_send(Method::PATCH, &token, &path, body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let view: Value = app.api_get(&token, &path).await.json().await.unwrap();
    assert_eq!(view["locations"].as_array().unwrap().len(), 2, "nothing partial stored");

    // The single-location fields still edit the first; the list replaces them all.
    let res = app.api_send(Method::PATCH, &token, &path, json!({"postcode": "se24 9aa"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["locations"][0]["postcode"], "SE24 9AA");
    assert_eq!(view["locations"][1]["postcode"], "SW2 1JQ");
    let res = app.api_send(Method::PATCH, &token, &path, json!({"locations": [], "cost_options": []})).await;
    let view: Value = res.json().await.unwrap();
    assert!(view["locations"].as_array().unwrap().is_empty() && view["location"].is_null());
    assert!(view["cost_options"].as_array().unwrap().is_empty());
}

async fn hsds_import_keeps_every_location_and_price(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    app.place("brixton", "Brixton").await;
    let examples =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/examples");
    let mut service: Value =
        serde_json::from_str(&std::fs::read_to_string(examples.join("service_full.json")).unwrap()).unwrap();
    // The example offers the service at one location for one price: add a second of each.
    let mut sal = service["service_at_locations"][0].clone();
    sal["id"] = json!("0b1e7a52-4a43-4d3c-9d1a-1f1f5e3c2a01");
    sal["location"]["id"] = json!("0b1e7a52-4a43-4d3c-9d1a-1f1f5e3c2a02");
    sal["location"]["name"] = json!("Second site");
    sal["location"]["addresses"][0]["address_1"] = json!("2 Other Street");
    service["service_at_locations"].as_array_mut().unwrap().push(sal);
    let mut cost = service["cost_options"][0].clone();
    cost["id"] = json!("0b1e7a52-4a43-4d3c-9d1a-1f1f5e3c2a03");
    cost["amount"] = json!(50);
    service["cost_options"].as_array_mut().unwrap().push(cost);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("service.json");
    std::fs::write(&file, service.to_string()).unwrap();

    let report = plural::import_hsds::import(&app.state.db, &file, "brixton", false).await.unwrap();
    assert_eq!(report.services_created, 1, "{report}");
    let (found, _) = plural_store::directory::services(&app.state.db, &Default::default(), 10, 0).await.unwrap();
    let s = &found[0];
    let names: Vec<&str> = s.locations.iter().map(|l| l.location.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[1], "Second site");
    let amounts: Vec<Option<i64>> = s.cost_options.iter().map(|c| c.amount_minor).collect();
    assert_eq!(amounts, [Some(3500), Some(5000)]);
    // Importing again updates it in place: still two of each.
    plural::import_hsds::import(&app.state.db, &file, "brixton", false).await.unwrap();
    let (found, _) = plural_store::directory::services(&app.state.db, &Default::default(), 10, 0).await.unwrap();
    assert_eq!((found.len(), found[0].locations.len(), found[0].cost_options.len()), (1, 2, 2));
    let schemas = Schemas { dir: hsds_schema_dir() };
    let one = hsds(&app, &format!("/openreferral/services/{}", found[0].id)).await;
    assert_valid(&schemas.validator("compiled/service.json"), "an imported service at two locations", &one);
}
