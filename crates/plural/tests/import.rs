//! `plural import hsds` against the HSDS 3.0 examples, on both engines.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use plural::import_hsds::{import, Report};
use plural_store::places::PlaceFields;
use plural_store::Db;
use sqlx::Connection;

fn examples() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/hsds-3.0/examples");
    assert!(
        dir.join("service_full.json").exists(),
        "the HSDS 3.0 examples are missing: expected them at {} (<repo>/../shared/standards/hsds-3.0/examples)",
        dir.display()
    );
    dir
}

/// A test's PostgreSQL database, dropped when the test passes; one that
/// failed keeps it, to look into.
struct Dropped(Option<(String, String)>);

impl Drop for Dropped {
    fn drop(&mut self) {
        let Some((admin, name)) = self.0.take() else { return };
        if std::thread::panicking() {
            eprintln!("kept the failed test's database {name}");
            return;
        }
        // `Drop` cannot await, and the test's runtime may be the one running it.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to drop");
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .expect("drop the test database");
            });
        })
        .join()
        .expect("drop the test database");
    }
}

/// A migrated database with one place, `lambeth`; `None` when PostgreSQL is asked for but not given.
async fn database(postgres: bool, dir: &Path) -> Option<(Db, Dropped)> {
    let mut dropped = Dropped(None);
    let url = if postgres {
        let Some(admin) = std::env::var("PLURAL_TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty()) else {
            eprintln!("notice: PLURAL_TEST_POSTGRES_URL is not set; skipping the PostgreSQL run of this test");
            return None;
        };
        let name = format!("plural_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to PLURAL_TEST_POSTGRES_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
        let mut url = url::Url::parse(&admin).expect("postgres url");
        url.set_path(&name);
        dropped = Dropped(Some((admin, name)));
        url.to_string()
    } else {
        format!("sqlite://{}", dir.join("plural.db").display())
    };
    let db = Db::connect(&url, &Default::default()).await.expect("connect");
    db.migrate().await.expect("migrate");
    plural_store::places::create(
        &db,
        PlaceFields { slug: "lambeth", name: "Lambeth", description: "", parent_id: None, footprint: None },
    )
    .await
    .expect("place");
    Some((db, dropped))
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db.reader()).await.expect("count")
}

const TABLES: [&str; 10] = [
    "groups",
    "directory_services",
    "directory_locations",
    "directory_service_at_location",
    "directory_schedules",
    "directory_cost_options",
    "directory_languages",
    "directory_taxonomy_terms",
    "directory_phones",
    "import_external_ids",
];

async fn counts(db: &Db) -> Vec<i64> {
    let mut out = Vec::new();
    for t in TABLES {
        out.push(count(db, t).await);
    }
    out
}

async fn examples_import_and_reimport(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let terms_before = count(&db, "directory_taxonomy_terms").await;
    let report: Report = import(&db, &examples(), "lambeth", false).await.expect("import");
    assert!(report.refused.is_empty(), "{report}");
    // service_full, service_list, organization_full, organization_list and
    // service_at_location_* all describe one organisation and its one service.
    assert_eq!(report.organisations_created, 1, "{report}");
    assert_eq!(report.services_created, 1, "{report}");
    assert!(report.ignored.iter().any(|f| f == "taxonomy.json"), "{report}");
    let services = plural_store::directory::services(&db, &Default::default(), 10, 0).await.expect("services").0;
    assert_eq!(services.len(), 1);
    let s = &services[0];
    assert_eq!(s.name, "Community Counselling");
    assert_eq!(s.status, "active");
    assert_eq!(s.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["ur"]);
    assert_eq!(s.schedules.first().map(|x| (x.byday.as_str(), x.opens_at.as_str())), Some(("TH,FR", "10:00")));
    assert_eq!(s.cost_options.first().and_then(|c| c.amount_minor), Some(3500));
    assert_eq!(s.locations.len(), 1);
    assert!(count(&db, "directory_taxonomy_terms").await > terms_before, "imported terms are created");
    let group = plural_store::groups::get(&db, s.group_id).await.expect("group").expect("group exists");
    assert_eq!(group.name, "Example Organization Inc.");
    let details = plural_store::directory::org_details(&db, group.id).await.expect("details");
    assert_eq!(details.website.as_deref(), Some("http://example.com/"));

    let before = counts(&db).await;
    let again = import(&db, &examples(), "lambeth", false).await.expect("import again");
    assert_eq!((again.organisations_created, again.services_created), (0, 0), "{again}");
    assert_eq!(again.services_updated, 1, "{again}");
    assert_eq!(counts(&db).await, before, "a second import changes nothing");
}

#[tokio::test]
async fn examples_import_and_reimport_sqlite() {
    examples_import_and_reimport(false).await;
}

#[tokio::test]
async fn examples_import_and_reimport_postgres() {
    examples_import_and_reimport(true).await;
}

/// The HSDS example of one organisation with all its parts, to vary.
fn organization_full() -> serde_json::Value {
    let text = std::fs::read_to_string(examples().join("organization_full.json")).expect("read");
    serde_json::from_str(&text).expect("json")
}

fn write(dir: &Path, name: &str, v: &serde_json::Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string(v).expect("json")).expect("write");
    p
}

async fn bad_rows_are_refused(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let full = organization_full();

    // A service with no name and a bad language: refused, the rest of the organisation kept.
    let mut doc = full.clone();
    let mut bad = doc["services"][0].clone();
    bad["id"] = "bad-service".into();
    bad["name"] = "".into();
    bad["languages"] = serde_json::json!([{"code": "urdu"}]);
    doc["services"].as_array_mut().expect("services").push(bad);
    let path = write(dir.path(), "org.json", &doc);
    let report = import(&db, &path, "lambeth", false).await.expect("import");
    assert_eq!(report.services_created, 1, "{report}");
    assert_eq!(report.refused.len(), 1, "{report}");
    let r = &report.refused[0];
    assert_eq!(r.at, "org.json:$.services[1]");
    assert!(r.reason().contains("`name` is required"), "{}", r.reason());
    assert!(r.reason().contains("`languages.code`"), "{}", r.reason());

    // A service whose organisation is broken: nothing of it is stored.
    let mut service: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(examples().join("service_full.json")).expect("read"))
            .expect("json");
    service["id"] = "other-service".into();
    service["organization"]["id"] = "other-org".into();
    service["organization"]["website"] = "not a url".into();
    let before = counts(&db).await;
    let path = write(dir.path(), "service.json", &service);
    let report = import(&db, &path, "lambeth", false).await.expect("import");
    assert_eq!(report.taken() + report.updated(), 0, "{report}");
    assert!(
        report
            .refused
            .iter()
            .any(|r| r.at == "service.json:$.organization" && r.reason().contains("organization.website")),
        "{report}"
    );
    assert!(report.refused.iter().any(|r| r.at == "service.json:$"), "{report}");

    // Missing organisation, wrong status, opening hours that close before they open.
    service["organization"] = serde_json::Value::Null;
    let path = write(dir.path(), "orphan.json", &service);
    let report = import(&db, &path, "lambeth", false).await.expect("import");
    assert_eq!(report.refused[0].reason(), "`organization` is required");
    service["organization"] = full.clone();
    service["status"] = "open".into();
    service["schedules"][0]["closes_at"] = "09:00".into();
    let path = write(dir.path(), "status.json", &service);
    let report = import(&db, &path, "lambeth", false).await.expect("import");
    assert!(
        report.refused.iter().any(|r| r.reason().contains("`status`") && r.reason().contains("`schedules.closes_at`")),
        "{report}"
    );
    assert_eq!(counts(&db).await, before, "nothing partial is stored");

    // Not a place, not JSON.
    assert!(import(&db, &path, "nowhere", false).await.is_err());
    std::fs::write(dir.path().join("broken.json"), "{").expect("write");
    let report = import(&db, &dir.path().join("broken.json"), "lambeth", false).await.expect("import");
    assert!(report.refused[0].reason().starts_with("not JSON"), "{report}");
}

#[tokio::test]
async fn bad_rows_are_refused_sqlite() {
    bad_rows_are_refused(false).await;
}

#[tokio::test]
async fn bad_rows_are_refused_postgres() {
    bad_rows_are_refused(true).await;
}

/// A copy of the example datapackage to spoil.
/// Organisations go in several to a transaction, each in a savepoint: one
/// the database refuses part-way leaves nothing of itself and the others
/// in; one that breaks a foreign key checked only at commit fails the
/// batch's commit, and the batch is written again one organisation at a
/// time, so again only it is refused.
async fn a_refused_organisation_leaves_the_others_in(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    // The database refuses the service named "Refused service" (after its
    // organisation and the service's parts are written), and an organisation
    // named "Dangling Org" leaves a language pointing at no service.
    let refusals: &[&str] =
        if postgres {
            &["CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
               IF TG_TABLE_NAME = 'directory_services' AND NEW.name = 'Refused service' THEN
                   RAISE EXCEPTION 'refused by the test'; END IF;
               IF TG_TABLE_NAME = 'groups' AND NEW.name = 'Dangling Org' THEN
                   INSERT INTO directory_languages (id, service_id, code) VALUES (NEW.id, 'no-such-service', 'en');
               END IF;
               RETURN NEW; END $$",
          "CREATE TRIGGER test_refuse AFTER INSERT ON directory_services FOR EACH ROW EXECUTE FUNCTION test_refuse()",
          "CREATE TRIGGER test_dangle AFTER INSERT ON groups FOR EACH ROW EXECUTE FUNCTION test_refuse()"]
        } else {
            &[
                "CREATE TRIGGER test_refuse AFTER INSERT ON directory_services WHEN NEW.name = 'Refused service'
               BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                "CREATE TRIGGER test_dangle AFTER INSERT ON groups WHEN NEW.name = 'Dangling Org' BEGIN
               INSERT INTO directory_languages (id, service_id, code) VALUES (NEW.id, 'no-such-service', 'en'); END",
            ]
        };
    for sql in refusals {
        sqlx::query(sql).execute(db.writer()).await.expect("test trigger");
    }
    let full = organization_full();
    let files = tempfile::tempdir().expect("tempdir");
    let org = |file: &str, name: &str, service: &str| {
        let mut doc = full.clone();
        doc["id"] = format!("org-{file}").into();
        doc["name"] = name.into();
        doc["services"][0]["id"] = format!("service-{file}").into();
        doc["services"][0]["name"] = service.into();
        write(files.path(), &format!("{file}.json"), &doc);
    };
    org("a", "First Org", "First service");
    org("b", "Refused Org", "Refused service");
    org("c", "Second Org", "Second service");
    let names = |db: Db| async move {
        let mut n: Vec<String> =
            sqlx::query_scalar("SELECT name FROM directory_services").fetch_all(db.reader()).await.expect("names");
        n.sort();
        n
    };

    let report = import(&db, files.path(), "lambeth", false).await.expect("import");
    assert_eq!((report.organisations_created, report.services_created), (2, 2), "{report}");
    assert_eq!(report.refused.len(), 1, "{report}");
    assert!(report.refused[0].at.starts_with("b.json"), "{report}");
    assert!(report.refused[0].reason().contains("refused by the test"), "{report}");
    assert_eq!(names(db.clone()).await, ["First service", "Second service"]);
    assert_eq!(count(&db, "groups").await, 2, "nothing of the refused organisation");
    assert_eq!(count(&db, "directory_locations").await, 2, "nor of its service's parts");

    org("d", "Dangling Org", "Dangling service");
    org("e", "Third Org", "Third service");
    let report = import(&db, files.path(), "lambeth", false).await.expect("import");
    assert_eq!((report.organisations_created, report.services_created), (1, 1), "{report}");
    assert_eq!(report.services_updated, 2, "{report}");
    let refused: Vec<&str> = report.refused.iter().map(|r| &r.at[..1]).collect();
    assert_eq!(refused, ["b", "d"], "{report}");
    assert_eq!(names(db.clone()).await, ["First service", "Second service", "Third service"]);
    assert_eq!(count(&db, "groups").await, 3);
    assert_eq!(count(&db, "directory_languages").await, 3, "no language left pointing at nothing");
}

#[tokio::test]
async fn a_refused_organisation_leaves_the_others_in_sqlite() {
    a_refused_organisation_leaves_the_others_in(false).await;
}

#[tokio::test]
async fn a_refused_organisation_leaves_the_others_in_postgres() {
    a_refused_organisation_leaves_the_others_in(true).await;
}

/// Imported services enter search at their location's point, however many
/// come in one statement; one deleted here since the last import comes back
/// as new, and its source id points at the new one.
async fn imported_services_are_found_and_come_back(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let mut doc = organization_full();
    let first = doc["services"][0].clone();
    const LATITUDES: [f64; 3] = [51.46, 51.47, 51.48];
    let services: Vec<serde_json::Value> = (0..3)
        .map(|i| {
            let mut s = first.clone();
            s["id"] = format!("service-{i}").into();
            s["name"] = format!("Lunch club {i}").into();
            let location = &mut s["service_at_locations"][0]["location"];
            location["id"] = format!("location-{i}").into();
            location["latitude"] = LATITUDES[i].into();
            location["longitude"] = (-0.11).into();
            s
        })
        .collect();
    doc["services"] = services.into();
    let files = tempfile::tempdir().expect("tempdir");
    write(files.path(), "org.json", &doc);
    let report = import(&db, files.path(), "lambeth", false).await.expect("import");
    assert_eq!((report.organisations_created, report.services_created), (1, 3), "{report}");

    let filed = |db: Db| async move {
        let mut rows: Vec<(String, Option<f64>, Option<f64>)> =
            sqlx::query_as("SELECT title, lat, lon FROM search_documents WHERE kind = 'service' ORDER BY title")
                .fetch_all(db.reader())
                .await
                .expect("search documents");
        rows.iter_mut().for_each(|r| r.1 = r.1.map(|v| (v * 100.0).round() / 100.0));
        rows
    };
    let lunch = |i: usize| (format!("Lunch club {i}"), Some(LATITUDES[i]), Some(-0.11));
    assert_eq!(filed(db.clone()).await, [lunch(0), lunch(1), lunch(2)]);
    // Found by their words near their points (the near index: migration 0011).
    let near = plural_store::search::Query {
        words: vec!["lunch".into()],
        point: Some(plural_kernel::search::Point { lat: 51.47, lon: -0.11 }),
        within_km: Some(5.0),
        limit: 10,
        ..Default::default()
    };
    let places = plural_store::places::list(&db).await.expect("places");
    let page = plural_store::search::search(&db, &near, &places).await.expect("search");
    assert_eq!(page.total, 3, "{page:?}");

    let gone: String = sqlx::query_scalar("SELECT id FROM directory_services WHERE name = 'Lunch club 1'")
        .fetch_one(db.reader())
        .await
        .expect("service");
    sqlx::query("DELETE FROM directory_services WHERE id = $1").bind(&gone).execute(db.writer()).await.expect("delete");
    let ids_before = count(&db, "import_external_ids").await;
    let again = import(&db, files.path(), "lambeth", false).await.expect("import again");
    assert_eq!((again.services_created, again.services_updated), (1, 2), "{again}");
    assert_eq!(count(&db, "import_external_ids").await, ids_before, "the source id points at the new service");
    let back: String = sqlx::query_scalar(
        "SELECT local_id FROM import_external_ids WHERE kind = 'service' AND external_id = 'service-1'",
    )
    .fetch_one(db.reader())
    .await
    .expect("mapping");
    assert_ne!(back, gone);
    assert_eq!(filed(db.clone()).await, [lunch(0), lunch(1), lunch(2)]);
    let third = import(&db, files.path(), "lambeth", false).await.expect("import a third time");
    assert_eq!((third.services_created, third.services_updated), (0, 3), "{third}");
}

#[tokio::test]
async fn imported_services_are_found_and_come_back_sqlite() {
    imported_services_are_found_and_come_back(false).await;
}

#[tokio::test]
async fn imported_services_are_found_and_come_back_postgres() {
    imported_services_are_found_and_come_back(true).await;
}

fn csv_copy(dir: &Path) -> PathBuf {
    let to = dir.join("csv");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(examples().join("csv")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    to
}

async fn tabular_import(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let csv = examples().join("csv");
    let report = import(&db, &csv, "lambeth", false).await.unwrap();
    assert!(report.refused.is_empty(), "{report}");
    assert_eq!((report.organisations_created, report.services_created), (1, 1), "{report}");
    let s = &plural_store::directory::services(&db, &Default::default(), 10, 0).await.unwrap().0[0];
    assert_eq!(s.name, "Community Counselling");
    assert_eq!(s.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["ur"]);
    assert_eq!(s.cost_options.first().and_then(|c| c.amount_minor), Some(3500));
    assert_eq!(s.locations.first().map(|l| l.location.address_1.as_str()), Some("1-30 Main Street"));
    // The JSON form of the same records updates them rather than adding more
    // (it also brings a term the CSV example links elsewhere).
    let json = import(&db, &examples().join("service_full.json"), "lambeth", false).await.unwrap();
    assert_eq!((json.taken(), json.services_updated), (0, 1), "{json}");
    let before = counts(&db).await;
    let again = import(&db, &csv, "lambeth", false).await.unwrap();
    assert_eq!((again.taken(), again.services_updated), (0, 1), "{again}");
    assert_eq!(counts(&db).await, before);

    // A wrong column, a broken reference, a bad value: each refused with its file and row.
    let spoilt = csv_copy(dir.path());
    let services = std::fs::read_to_string(spoilt.join("services.csv")).unwrap();
    std::fs::write(spoilt.join("services.csv"), services.replacen(",status,", ",state,", 1)).unwrap();
    let report = import(&db, &spoilt, "lambeth", false).await.unwrap();
    assert!(report.refused.iter().any(|r| r.at == "services.csv" && r.reason().contains("status")), "{report}");
    assert_eq!(report.services_created + report.services_updated, 0, "{report}");

    let spoilt = csv_copy(&dir.path().join("2"));
    let sal = std::fs::read_to_string(spoilt.join("service_at_location.csv")).unwrap();
    std::fs::write(
        spoilt.join("service_at_location.csv"),
        sal.replace("3a19ff88-4620-4d17-9830-ac1d859eb5d5", "nowhere"),
    )
    .unwrap();
    let languages = std::fs::read_to_string(spoilt.join("languages.csv")).unwrap();
    std::fs::write(spoilt.join("languages.csv"), languages.replace(",ur,", ",urdu,")).unwrap();
    let mut services = std::fs::read_to_string(spoilt.join("services.csv")).unwrap();
    services
        .push_str("11111111-1111-4111-8111-111111111111,no-such-org,,Lost service,,A service,,,active,,,,,,,,,,,,,,\n");
    std::fs::write(spoilt.join("services.csv"), services).unwrap();
    let report = import(&db, &spoilt, "lambeth", false).await.unwrap();
    assert!(
        report.refused.iter().any(|r| r.at == "service_at_location.csv row 2" && r.reason().contains("location_id")),
        "{report}"
    );
    assert!(
        report.refused.iter().any(|r| r.at == "services.csv row 3" && r.reason().contains("organization_id")),
        "{report}"
    );
    assert_eq!(report.services_created + report.services_updated, 0, "{report}");
    assert_eq!(counts(&db).await, before, "nothing partial is stored");
}

#[tokio::test]
async fn tabular_import_sqlite() {
    tabular_import(false).await;
}

#[tokio::test]
async fn tabular_import_postgres() {
    tabular_import(true).await;
}

// ---- iCalendar ----

use plural_web::imports::ical;

/// A group `repair-cafe` in `lambeth`, made as an import would (no owner).
async fn group(db: &Db) -> plural_kernel::GroupId {
    let place = plural_store::places::by_slug(db, "lambeth").await.expect("db").expect("place");
    let id = plural_kernel::GroupId::new();
    sqlx::query(
        "INSERT INTO groups (id, place_id, slug, name, description, kind, join_policy, created_by, created_at,
             updated_at) VALUES ($1, $2, 'repair-cafe', 'Repair Café', '', 'community_group', 'open', NULL, 0, 0)",
    )
    .bind(id.to_string())
    .bind(place.id.to_string())
    .execute(db.writer())
    .await
    .expect("group");
    id
}

/// `YYYYMMDD` some days from now.
fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y%m%d").to_string()
}

fn vevent(uid: &str, lines: &[String]) -> String {
    format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n{}\r\nEND:VEVENT\r\n", lines.join("\r\n"))
}

fn calendar(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{}END:VCALENDAR\r\n", events.concat())
}

/// Good events of every shape, and bad ones, each for a reason.
fn feed() -> String {
    let (d30, d31, d40) = (day(30), day(31), day(40));
    calendar(&[
        vevent(
            "one-off@test",
            &[
                "SUMMARY:Repair café <script>alert(1)</script>".into(),
                "DESCRIPTION:Bring a broken toaster.\\nWe fix it <b>together</b>.".into(),
                format!("DTSTART;TZID=Europe/London:{d30}T100000"),
                format!("DTEND;TZID=Europe/London:{d30}T123000"),
                "LOCATION:St Luke's Hall\\, West Norwood".into(),
                "GEO:51.43;-0.10".into(),
                "URL:https://repair.example.org/cafe".into(),
            ],
        ),
        vevent(
            "weekly@test",
            &[
                "SUMMARY:Bike clinic".into(),
                format!("DTSTART:{d30}T180000Z"),
                format!("DTEND:{d30}T200000Z"),
                "LOCATION:The yard".into(),
                "RRULE:FREQ=WEEKLY;COUNT=10".into(),
                format!("EXDATE:{}T180000Z", day(37)),
            ],
        ),
        vevent(
            "weekly@test",
            &[
                "SUMMARY:Bike clinic (moved)".into(),
                format!("RECURRENCE-ID:{}T180000Z", day(44)),
                format!("DTSTART:{}T170000Z", day(45)),
                format!("DTEND:{}T190000Z", day(45)),
            ],
        ),
        vevent(
            "weekly@test",
            &[format!("RECURRENCE-ID:{}T180000Z", day(51)), "STATUS:CANCELLED".into(), "SUMMARY:x".into()],
        ),
        vevent(
            "all-day@test",
            &["SUMMARY:Estate fun day".into(), format!("DTSTART;VALUE=DATE:{d31}"), "LOCATION:Central green".into()],
        ),
        vevent(
            "cancelled@test",
            &[
                "SUMMARY:Quiz night".into(),
                format!("DTSTART:{d40}T190000"),
                format!("DTEND:{d40}T210000"),
                "LOCATION:The Hope".into(),
                "STATUS:CANCELLED".into(),
            ],
        ),
        vevent(
            "forever@test",
            &[
                "SUMMARY:Knit and natter".into(),
                format!("DTSTART;TZID=Europe/London:{d30}T140000"),
                format!("DTEND;TZID=Europe/London:{d30}T160000"),
                "LOCATION:Library".into(),
                "RRULE:FREQ=MONTHLY;BYDAY=".to_string() + &monthly_byday(30),
            ],
        ),
        vevent(
            "backwards@test",
            &[
                "SUMMARY:Backwards".into(),
                format!("DTSTART:{d30}T120000Z"),
                format!("DTEND:{d30}T100000Z"),
                "LOCATION:Here".into(),
            ],
        ),
        vevent(
            "daily@test",
            &[
                "SUMMARY:Every day forever".into(),
                format!("DTSTART:{d30}T090000Z"),
                format!("DTEND:{d30}T100000Z"),
                "LOCATION:Here".into(),
                "RRULE:FREQ=DAILY".into(),
            ],
        ),
        vevent(
            "millions@test",
            &[
                "SUMMARY:Weekly a million times".into(),
                format!("DTSTART:{d30}T090000Z"),
                format!("DTEND:{d30}T100000Z"),
                "LOCATION:Here".into(),
                "RRULE:FREQ=WEEKLY;COUNT=1000000".into(),
            ],
        ),
        vevent(
            "past@test",
            &[
                "SUMMARY:Last year".into(),
                format!("DTSTART:{}T090000Z", day(-300)),
                format!("DTEND:{}T100000Z", day(-300)),
                "LOCATION:Here".into(),
            ],
        ),
        "BEGIN:VEVENT\r\nSUMMARY:No uid\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\n".into(),
    ])
}

/// `BYDAY` for "monthly on this weekday" of the day `days` from now (nth, or -1 for the last).
fn monthly_byday(days: i64) -> String {
    use chrono::Datelike;
    let d = (chrono::Utc::now() + chrono::Duration::days(days)).date_naive();
    let n = (d.day0() / 7) as i32 + 1;
    let n = if n >= 5 { -1 } else { n };
    format!("{n}{}", d.weekday().to_string().chars().take(2).collect::<String>().to_uppercase())
}

async fn events(db: &Db) -> Vec<plural_store::events::Event> {
    plural_store::events::still_running(db, plural_store::events::Filter::default(), 0, 100).await.expect("events")
}

async fn ical_file_import(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let group = group(&db).await;
    let path = dir.path().join("feed.ics");
    std::fs::write(&path, feed()).expect("write");
    let target = ical::target(&db, "repair-cafe", None).await.expect("target");
    let report = ical::import(&db, path.to_str().unwrap(), target.clone(), 3600, false, false).await.expect("import");
    assert_eq!(report.events_created, 5, "{report}");
    let reason = |uid: &str| report.refused.iter().find(|r| r.at.contains(uid)).map(|r| r.reason()).unwrap_or_default();
    assert!(reason("backwards@test").contains("`DTEND` is not after DTSTART"), "{report}");
    assert!(reason("daily@test").contains("`RRULE` FREQ=DAILY is not supported"), "{report}");
    assert!(reason("millions@test").contains("COUNT must be 1 to 500"), "{report}");
    assert!(reason("past@test").contains("`DTSTART` is in the past"), "{report}");
    assert!(report.refused.iter().any(|r| r.at.contains("No uid") && r.reason().contains("`UID` is required")));
    assert_eq!(report.refused.len(), 5, "{report}");

    let all = events(&db).await;
    assert_eq!(all.len(), 5, "refused events store nothing");
    let by = |t: &str| all.iter().find(|e| e.title.starts_with(t)).cloned().expect(t);
    let one = by("Repair café");
    assert_eq!(one.group_id, group);
    assert_eq!(one.venue, "St Luke's Hall, West Norwood");
    assert_eq!((one.lat, one.lon), (Some(51.43), Some(-0.10)));
    assert_eq!(one.time_zone, "Europe/London");
    assert_eq!(one.ends_at - one.starts_at, 2 * 3600 + 1800);
    assert!(one.description.contains("Bring a broken toaster.\nWe fix it <b>together</b>."), "{}", one.description);
    assert!(one.description.ends_with("<https://repair.example.org/cafe>"), "{}", one.description);
    assert_eq!(one.status.as_str(), "published");

    let weekly = by("Bike clinic");
    assert_eq!(weekly.repeat.as_str(), "weekly");
    assert!(weekly.rrule.as_deref().unwrap_or_default().contains("COUNT=10"));
    assert!(weekly.last_starts_at.is_some());
    let overrides = plural_store::events::overrides(&db, weekly.id).await.expect("overrides");
    assert_eq!(overrides.len(), 3, "{overrides:?}");
    assert_eq!(overrides.iter().filter(|o| o.cancelled).count(), 2, "EXDATE and a cancelled occurrence");
    let moved = overrides.iter().find(|o| !o.cancelled).expect("moved");
    assert_eq!(moved.starts_at - moved.original_starts_at, 86400 - 3600);

    let all_day = by("Estate fun day");
    assert_eq!(all_day.ends_at - all_day.starts_at, 86400);
    assert_eq!(by("Quiz night").status.as_str(), "cancelled");
    let forever = by("Knit and natter");
    assert_eq!(forever.repeat.as_str(), "monthly");
    assert_eq!(forever.last_starts_at, None, "a rule that never ends is kept; its expansion is bounded");

    // The same file again: nothing changes, nothing is written.
    let before = counts(&db).await;
    let updated: Vec<i64> = events(&db).await.iter().map(|e| e.updated_at).collect();
    let again = ical::import(&db, path.to_str().unwrap(), target.clone(), 3600, false, false).await.expect("again");
    assert_eq!((again.events_created, again.events_updated, again.events_unchanged), (0, 0, 5), "{again}");
    assert_eq!(counts(&db).await, before);
    assert_eq!(events(&db).await.iter().map(|e| e.updated_at).collect::<Vec<_>>(), updated);

    // A changed event is updated in place.
    let changed = feed().replace("SUMMARY:Quiz night", "SUMMARY:Quiz night (new date soon)");
    let report = ical::import_bytes(&db, &target, changed.as_bytes(), false).await.expect("changed");
    assert_eq!((report.events_created, report.events_updated, report.events_unchanged), (0, 1, 4), "{report}");
    assert!(events(&db).await.iter().any(|e| e.title == "Quiz night (new date soon)"));

    // Malformed calendars are refused whole.
    for bad in ["hello, not a calendar", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n"] {
        let err = ical::import_bytes(&db, &target, bad.as_bytes(), false).await.expect_err(bad);
        let refused = err.downcast_ref::<plural_web::imports::report::InputRefused>().expect("a refusal");
        assert!(refused.to_string().contains("iCalendar"), "{refused}");
    }
    assert_eq!(events(&db).await.len(), 5);
    assert!(ical::target(&db, "nobody", None).await.is_err());
}

#[tokio::test]
async fn ical_file_import_sqlite() {
    ical_file_import(false).await;
}

#[tokio::test]
async fn ical_file_import_postgres() {
    ical_file_import(true).await;
}

// ---- CSV ----

fn example_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/services.csv")
}

async fn csv_import(postgres: bool) {
    use plural_web::imports::csv;
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((db, _dropped)) = database(postgres, dir.path()).await else { return };
    let report = csv::import(&db, &example_csv(), "services", "lambeth", false).await.expect("import");
    assert!(report.refused.is_empty(), "{report}");
    assert_eq!((report.organisations_created, report.services_created), (2, 3), "{report}");
    let services = plural_store::directory::services(&db, &Default::default(), 10, 0).await.expect("services").0;
    let lunch = services.iter().find(|s| s.name == "Hot lunch club").expect("lunch");
    assert_eq!(lunch.cost_options.first().and_then(|c| c.amount_minor), Some(250));
    assert_eq!(lunch.schedules.first().map(|x| (x.byday.as_str(), x.opens_at.as_str())), Some(("WE", "12:00")));
    let advice = services.iter().find(|s| s.name == "Benefits advice drop-in").expect("advice");
    assert_eq!(advice.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["en", "so", "ar"]);

    // Again: the same records, updated in place.
    let before = counts(&db).await;
    let again = csv::import(&db, &example_csv(), "services", "lambeth", false).await.expect("again");
    assert_eq!((again.taken(), again.services_updated), (0, 3), "{again}");
    assert_eq!(counts(&db).await, before);

    // Bad rows: each refused with its row, field and reason; good rows taken.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,name,description,organization_id,organization_name,opens_at,closes_at,days,email\n\
         new-1,Toy library,Toys to borrow,org-toys,Toy Library,10:00,12:00,SA,\n\
         new-2,,No name here,org-toys,Toy Library,25:00,12:00,SA,\n\
         new-3,Late,<script>alert(1)</script> Evening club,org-toys,Toy Library,18:00,17:00,FR,not-an-email\n",
    )
    .expect("write");
    let report = csv::import(&db, &bad, "services", "lambeth", false).await.expect("bad rows");
    assert_eq!(report.services_created, 1, "{report}");
    assert_eq!(report.refused.len(), 2, "{report}");
    assert_eq!(report.refused[0].at, "row 3");
    assert!(report.refused[0].reason().contains("`name` is required"), "{report}");
    assert!(report.refused[0].reason().contains("`schedules.opens_at` must be a time of day"), "{report}");
    assert_eq!(report.refused[1].at, "row 4");
    assert!(report.refused[1].reason().contains("`schedules.closes_at` must be after opens_at"), "{report}");
    assert!(report.refused[1].reason().contains("`email` must be an email address"), "{report}");
    assert_eq!(count(&db, "directory_services").await, 4, "refused rows store nothing");

    // Wrong columns: one error naming them, nothing stored.
    let wrong = dir.path().join("wrong.csv");
    std::fs::write(&wrong, "id,title,description,organization_id,colour\nx,Y,Z,o,red\n").expect("write");
    let before = counts(&db).await;
    let err = csv::import(&db, &wrong, "services", "lambeth", false).await.expect_err("wrong columns");
    let text = err.to_string();
    assert!(text.contains("missing column(s): name, organization_name"), "{text}");
    assert!(text.contains("unknown column(s): title, colour"), "{text}");
    assert_eq!(counts(&db).await, before);
    assert!(csv::import(&db, &example_csv(), "events", "lambeth", false).await.is_err());
}

#[tokio::test]
async fn csv_import_sqlite() {
    csv_import(false).await;
}

#[tokio::test]
async fn csv_import_postgres() {
    csv_import(true).await;
}
