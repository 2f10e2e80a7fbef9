//! `plural import hsds` then `plural export`: the exported directory is valid
//! HSDS and holds what was imported; the events file is iCalendar.

use std::path::PathBuf;

use serde_json::Value;

use crate::both_engines;
use crate::directory::{assert_paged, hsds_schema_dir, Schemas};
use crate::helpers::{spawn_app, Engine};

both_engines!(imported_services_export_as_valid_hsds);

async fn imported_services_export_as_valid_hsds(engine: Engine) {
    let Some(app) = spawn_app(engine).await else { return };
    let db = &app.state.db;
    app.place("brixton", "Brixton").await;
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/examples");
    let report = plural::import_hsds::import(db, &examples, "brixton", false).await.unwrap();
    assert_eq!(report.services_created, 1, "{report}");

    let out = tempfile::tempdir().unwrap();
    let exported = plural::export::export(&app.state, "brixton", out.path()).await.unwrap();
    assert_eq!(exported.services, 1);
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&exported.services_file).unwrap()).unwrap();
    let schemas = Schemas { dir: hsds_schema_dir() };
    let contents = assert_paged(&page, &schemas.validator("compiled/service.json"), "exported services");
    assert_eq!(contents[0]["name"], "Community Counselling");
    assert_eq!(contents[0]["organization"]["name"], "Example Organization Inc.");
    assert_eq!(contents[0]["languages"][0]["code"], "ur");
    let ics = std::fs::read_to_string(&exported.events_file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.trim_end().ends_with("END:VCALENDAR"), "{ics}");

    assert!(plural::export::export(&app.state, "nowhere", out.path()).await.is_err());
    app.stop().await;
}
