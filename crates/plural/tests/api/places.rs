//! Places: the hierarchy and place pages, the public API, and creating and
//! editing places (node admins only), with the ways that can go wrong.

use plural_kernel::groups::{GroupKind, JoinPolicy};
use plural_kernel::language::Language;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::both_engines;
use crate::helpers::{location, post_form_as, spawn_app, Engine, TestApp};

both_engines!(
    places_pages_show_the_hierarchy,
    places_api_create_edit_and_read,
    places_are_only_changed_by_node_admins,
    place_form_errors_keep_input,
    place_api_bad_input_names_fields,
);

/// Sign up an admin in the app's own client and add Lambeth with Coldharbour inside it.
async fn admin_with_places(app: &TestApp) {
    app.sign_up("Ada Admin", "ada@example.org").await;
    app.promote("ada@example.org").await;
    let res = app
        .post_form(
            "/places",
            &[
                ("name", "Lambeth"),
                ("slug", ""),
                ("description", "A borough in south London."),
                ("parent", ""),
                ("latitude", "51.4652"),
                ("longitude", "-0.105"),
                ("radius_m", "900"),
                ("geojson", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/places/lambeth?notice=place-created");
    let poly = r#"{"type":"Polygon","coordinates":[[[-0.11,51.46],[-0.1,51.46],[-0.1,51.47],[-0.11,51.46]]]}"#;
    let res = app
        .post_form(
            "/places",
            &[("name", "Coldharbour"), ("slug", "coldharbour"), ("parent", "lambeth"), ("geojson", poly)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap_or_default());
}

async fn places_pages_show_the_hierarchy(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    admin_with_places(&app).await;

    let index = app.text("/places").await;
    let lambeth = index.find("/places/lambeth").expect("lambeth listed");
    let nested = index[lambeth..].find("<ul>").expect("a nested list");
    let cold = index.find("/places/coldharbour").expect("coldharbour listed");
    assert!(lambeth + nested < cold, "the ward is listed inside the borough: {index}");

    let page = app.text("/places/lambeth").await;
    assert!(page.contains("Within 900 m of 51.4652, -0.1050"), "{page}");
    assert!(page.contains("A borough in south London."));
    assert!(page.contains("href=\"/places/coldharbour\""), "child places");
    assert!(page.contains("href=\"/groups?place=lambeth\""));
    assert!(page.contains("Nobody has chosen this as their home place"));

    let page = app.text("/places/coldharbour").await;
    assert!(page.contains("<nav class=\"breadcrumbs\" aria-label=\"You are here\">"));
    assert!(page.contains("href=\"/places/lambeth\""), "breadcrumb to the parent");
    assert!(page.contains("Boundary: polygon"));

    // A group in the place, and someone who calls it home: a count, never who.
    let db = &app.state.db;
    let ward = plural_store::places::by_slug(db, "coldharbour").await.unwrap().unwrap();
    let email = plural_kernel::people::EmailAddress::parse("email", "ada@example.org").unwrap();
    let (ada, _) = plural_store::people::find_by_email(db, &app.key, &email).await.unwrap().unwrap();
    let fields = plural_store::groups::GroupFields {
        place_id: ward.id,
        slug: "cold-gardeners",
        name: "Coldharbour Gardeners",
        description: "",
        kind: GroupKind::parse("kind", "community_group").unwrap(),
        join_policy: JoinPolicy::parse("join_policy", "open").unwrap(),
    };
    plural_store::groups::create(db, fields, ada.id).await.unwrap();
    let profile = plural_store::people::ProfileUpdate {
        display_name: "Ada Admin",
        language: Language::En,
        home_place_id: Some(ward.id),
    };
    plural_store::people::update_profile(db, ada.id, profile).await.unwrap();
    let page = app.text("/places/coldharbour").await;
    assert!(page.contains("href=\"/groups/cold-gardeners\""), "{page}");
    assert!(page.contains("1 person has chosen this as their home place"));
    assert!(!page.contains("Ada Admin</"), "who chose it is never shown");

    assert_eq!(app.get("/places/nowhere").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn places_api_create_edit_and_read(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = app.api_person("Ada Admin", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/places",
            json!({"name": "Lambeth", "description": "Borough", "latitude": 51.4652, "longitude": -0.105, "radius_m": 900}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["slug"], "lambeth", "slug made from the name");
    assert_eq!(body["footprint"]["type"], "circle");
    let geo = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]});
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/places",
            json!({"name": "Coldharbour", "slug": "coldharbour", "parent": "lambeth", "geojson": geo}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // Public reads, no token needed.
    let list: serde_json::Value = app.get("/api/v1/places").await.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let cold = list.iter().find(|p| p["slug"] == "coldharbour").unwrap();
    assert_eq!(cold["parent"], "lambeth");
    assert_eq!(cold["footprint"]["type"], "polygon");
    assert_eq!(cold["footprint"]["geojson"]["type"], "Polygon");
    let one: serde_json::Value = app.get("/api/v1/places/lambeth").await.json().await.unwrap();
    assert_eq!(one["name"], "Lambeth");
    assert_eq!(one["parent"], serde_json::Value::Null);
    assert_eq!(app.get("/api/v1/places/nowhere").await.status(), StatusCode::NOT_FOUND);

    // Only the fields given change.
    let res =
        app.api_send(Method::PATCH, &token, "/api/v1/places/coldharbour", json!({"name": "Coldharbour Ward"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["name"], "Coldharbour Ward");
    assert_eq!(body["parent"], "lambeth");
    assert_eq!(body["footprint"]["type"], "polygon");
    let res = app
        .api_send(Method::PATCH, &token, "/api/v1/places/coldharbour", json!({"parent": null, "footprint": null}))
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["parent"], serde_json::Value::Null);
    assert_eq!(body["footprint"], serde_json::Value::Null);

    // A cycle is refused: Lambeth cannot be inside its own ward.
    app.api_send(Method::PATCH, &token, "/api/v1/places/coldharbour", json!({"parent": "lambeth"})).await;
    let res = app.api_send(Method::PATCH, &token, "/api/v1/places/lambeth", json!({"parent": "coldharbour"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "parent");
    assert_eq!(problem["errors"][0]["code"], "parent-cycle");
    let res = app.api_send(Method::PATCH, &token, "/api/v1/places/lambeth", json!({"parent": "lambeth"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Renaming the slug moves the place.
    let res = app.api_send(Method::PATCH, &token, "/api/v1/places/lambeth", json!({"slug": "lambeth-borough"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get("/api/v1/places/lambeth-borough").await.status(), StatusCode::OK);
    let res = app.api_send(Method::PATCH, &token, "/api/v1/places/nowhere", json!({"name": "X"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn places_are_only_changed_by_node_admins(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    admin_with_places(&app).await;
    let (anon, anon_jar) = app.new_client();
    // Anonymous visitors are asked to sign in.
    let res = anon.get(app.url("/places/new")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in?next=%2Fplaces%2Fnew"));
    let res = post_form_as(&anon, &anon_jar, &app.base, "/places", &[("name", "Brixton")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/sign-in"));
    let res = anon.post(app.url("/api/v1/places")).json(&json!({"name": "Brixton"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    // A member who is not a node admin sees the forbidden page.
    let (member, member_jar) = app.new_client();
    let res = post_form_as(
        &member,
        &member_jar,
        &app.base,
        "/sign-up",
        &[("display_name", "Mo"), ("email", "mo@example.org"), ("password", crate::helpers::PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for path in ["/places/new", "/places/lambeth/edit"] {
        let res = member.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(res.text().await.unwrap().contains("You cannot do this"));
    }
    let res = post_form_as(&member, &member_jar, &app.base, "/places", &[("name", "Brixton")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post_form_as(&member, &member_jar, &app.base, "/places/lambeth/edit", &[("name", "Mine")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!member.get(app.url("/places")).send().await.unwrap().text().await.unwrap().contains("/places/new"));

    let token = app.token_for("mo@example.org", &["read", "write"]).await;
    let res = app.api_send(Method::POST, &token, "/api/v1/places", json!({"name": "Brixton"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.api_send(Method::PATCH, &token, "/api/v1/places/lambeth", json!({"name": "Mine"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let read_only = app.token_for("ada@example.org", &["read"]).await;
    let res = app.api_send(Method::POST, &read_only, "/api/v1/places", json!({"name": "Brixton"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a read-only token cannot write");
    let list: serde_json::Value = app.get("/api/v1/places").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "nothing was created");
    app.stop().await;
}

async fn place_form_errors_keep_input(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    admin_with_places(&app).await;
    let res = app
        .post_form(
            "/places",
            &[
                ("name", "Brixton Hill"),
                ("slug", "Bad Slug"),
                ("description", "Up the hill"),
                ("latitude", "95"),
                ("longitude", "-0.1"),
                ("radius_m", "500"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("There is a problem"));
    assert!(body.contains("href=\"#f-slug\""));
    assert!(body.contains("href=\"#f-latitude\""));
    assert!(body.contains("value=\"Brixton Hill\""), "input kept");
    assert!(body.contains("value=\"Bad Slug\""));
    assert!(body.contains("value=\"95\""));
    assert!(body.contains("Up the hill"));

    let res = app
        .post_form("/places", &[("name", "Lambeth"), ("geojson", "{\"type\":\"Point\",\"coordinates\":[0,0]}")])
        .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("href=\"#f-slug\""), "slug made from the name is taken");
    assert!(body.contains("already used"));
    assert!(body.contains("href=\"#f-geojson\""));

    // The edit form starts from the current values.
    let form = app.text("/places/lambeth/edit").await;
    assert!(form.contains("value=\"51.4652\""), "{form}");
    assert!(form.contains("action=\"/places/lambeth/edit\""));
    // A place cannot be put inside its own ward.
    let res = app
        .post_form("/places/lambeth/edit", &[("name", "Lambeth"), ("slug", "lambeth"), ("parent", "coldharbour")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("href=\"#f-parent\""));
    assert!(body.contains("cannot be part of itself"));
    // Nothing changed.
    let page = app.text("/places/lambeth").await;
    assert!(page.contains("Within 900 m"));
    // A good edit saves and redirects.
    let res = app
        .post_form(
            "/places/coldharbour/edit",
            &[("name", "Coldharbour Ward"), ("slug", "coldharbour"), ("parent", "lambeth")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/places/coldharbour?notice=place-updated");
    let page = app.text("/places/coldharbour?notice=place-updated").await;
    assert!(page.contains("Coldharbour Ward"));
    assert!(page.contains("The place has been saved."));
    assert!(!page.contains("Boundary"), "the footprint was cleared by the empty fields");
    app.stop().await;
}

async fn place_api_bad_input_names_fields(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let token = app.api_person("Ada Admin", "ada@example.org", &["read", "write"]).await;
    app.promote("ada@example.org").await;
    let res = app.api_send(Method::POST, &token, "/api/v1/places", json!({"name": "Lambeth"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .api_send(
            Method::POST,
            &token,
            "/api/v1/places",
            json!({"name": "", "slug": "-bad-", "latitude": -91.0, "longitude": 0.0, "radius_m": 10.0, "parent": "nowhere"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["name", "slug", "latitude", "parent"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let res = app
        .api_send(Method::POST, &token, "/api/v1/places", json!({"name": "Lambeth", "geojson": {"type": "Point"}}))
        .await;
    let problem: serde_json::Value = res.json().await.unwrap();
    let codes: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"slug-taken"), "{codes:?}");
    assert!(codes.contains(&"geojson-invalid"), "{codes:?}");
    let res = app.api_send(Method::POST, &token, "/api/v1/places", json!({"name": "X", "colour": "red"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "unknown fields are refused");
    app.stop().await;
}
