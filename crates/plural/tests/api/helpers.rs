//! Starting a real node for a test: its own database (a SQLite file in a
//! temporary folder, or a fresh PostgreSQL database), its own SMTP sink, a
//! free port, and an HTTP client with a cookie jar.

use std::sync::Arc;
use std::time::Duration;

use plural_store::NodeKey;
use plural_web::Config;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Response, StatusCode};
use tokio::net::TcpListener;

use crate::smtp::SmtpSink;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Run a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => { $(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Engine::Postgres).await
            }
        }
    )* };
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub smtp: SmtpSink,
    pub state: plural_web::AppState,
    pub config: Config,
    pub key: NodeKey,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// The test's own PostgreSQL database, dropped by `stop`.
    postgres_database: Option<String>,
    _dir: tempfile::TempDir,
}

/// The PostgreSQL server to test against, from `PLURAL_TEST_POSTGRES_URL`
/// (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
pub fn postgres_url() -> Option<String> {
    std::env::var("PLURAL_TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty())
}

/// The PostgreSQL server for a test's PostgreSQL run, or `None` with a
/// notice that the run is skipped — unless `PLURAL_REQUIRE_POSTGRES=1`, when
/// a missing server fails the test instead of passing it unseen.
pub fn postgres_url_or_skip() -> Option<String> {
    let url = postgres_url();
    if url.is_none() {
        if std::env::var("PLURAL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("PLURAL_REQUIRE_POSTGRES=1 but PLURAL_TEST_POSTGRES_URL is not set");
        }
        eprintln!("notice: PLURAL_TEST_POSTGRES_URL is not set; skipping the PostgreSQL run of this test");
    }
    url
}

/// Make an empty database for one test on the PostgreSQL server.
pub async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("plural_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url).await.expect("connect to PLURAL_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let mut url = url::Url::parse(admin_url).expect("postgres url");
    url.set_path(&name);
    url.to_string()
}

/// Drop a test's PostgreSQL database (made by `fresh_postgres_database`)
/// once nothing uses it, so runs do not fill the server's disk.
pub async fn drop_postgres_database(url: &str) {
    use sqlx::Connection;
    let (Some(admin), Ok(url)) = (postgres_url(), url::Url::parse(url)) else { return };
    let name = url.path().trim_start_matches('/');
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to PLURAL_TEST_POSTGRES_URL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await.expect("drop");
}

pub struct Options {
    pub tune: fn(&mut Config),
}

impl Default for Options {
    fn default() -> Self {
        Options { tune: |_| {} }
    }
}

/// Start a node for one test, or `None` (with a notice) when the engine is
/// PostgreSQL and no server was given.
pub async fn spawn_app(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, Options::default()).await
}

pub async fn spawn_app_with(engine: Engine, options: Options) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut postgres_database = None;
    let database_url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.path().join("plural.db").display()),
        Engine::Postgres => {
            let url = fresh_postgres_database(&postgres_url_or_skip()?).await;
            postgres_database = url::Url::parse(&url).ok().map(|u| u.path().trim_start_matches('/').to_string());
            url
        }
    };
    let (smtp, smtp_port) = SmtpSink::start().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mut config = Config {
        base_url: format!("http://127.0.0.1:{port}"),
        bind: format!("127.0.0.1:{port}"),
        data_dir: dir.path().to_path_buf(),
        database_url,
        ..Config::default()
    };
    config.mail.transport = "smtp".into();
    config.mail.smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    config.mail.from = "Test Commons <noreply@commons.test>".into();
    config.jobs.poll_interval_ms = 25;
    config.rate_limits.sign_in = 1000;
    config.rate_limits.sign_up = 1000;
    config.rate_limits.magic_link = 1000;
    (options.tune)(&mut config);
    let key = NodeKey::from_secret(&NodeKey::generate_secret()).expect("key");
    let app = plural_web::App::build_on(config.clone(), key.clone(), listener).await.expect("build app");
    let state = app.state().clone();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = stop_rx.await;
    }));
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Some(TestApp {
        base: format!("http://127.0.0.1:{port}"),
        client,
        jar,
        smtp,
        state,
        config,
        key,
        stop: Some(stop_tx),
        server: Some(server),
        postgres_database,
        _dir: dir,
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A second browser: same node, its own cookies.
    pub fn new_client(&self) -> (reqwest::Client, Arc<Jar>) {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        (client, jar)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// The CSRF token the node gave this client (fetching a page first if needed).
    pub async fn csrf(&self) -> String {
        csrf_of(&self.client, &self.jar, &self.base).await
    }

    /// Submit a form as a browser would, with the CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        post_form_as(&self.client, &self.jar, &self.base, path, fields).await
    }

    /// Sign up through the page; the client is then signed in.
    pub async fn sign_up(&self, name: &str, email: &str) -> Response {
        let res = self.post_form("/sign-up", &[("display_name", name), ("email", email), ("password", PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-up should redirect");
        res
    }

    /// Sign up through the API and get a token with the given scopes.
    pub async fn api_person(&self, name: &str, email: &str, scopes: &[&str]) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/accounts"))
            .json(&serde_json::json!({"email": email, "display_name": name, "password": PASSWORD}))
            .send()
            .await
            .expect("sign up");
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
        self.token_for(email, scopes).await
    }

    /// A person with a read/write token whose home is the place `place` (a slug), or nowhere.
    pub async fn resident(&self, name: &str, place: Option<&str>) -> String {
        let email = format!("{}@example.org", name.to_lowercase());
        let token = self.api_person(name, &email, &["read", "write"]).await;
        let id = self.person_id(&email).await;
        let home = match place {
            Some(slug) => Some(plural_store::places::by_slug(&self.state.db, slug).await.unwrap().unwrap().id),
            None => None,
        };
        let language = plural_kernel::language::Language::En;
        let update = plural_store::people::ProfileUpdate { display_name: name, language, home_place_id: home };
        plural_store::people::update_profile(&self.state.db, id, update).await.unwrap();
        token
    }

    pub async fn token_for(&self, email: &str, scopes: &[&str]) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD, "name": "test", "scopes": scopes}))
            .send()
            .await
            .expect("token");
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: serde_json::Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn api_get(&self, token: &str, path: &str) -> Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.expect("GET")
    }

    pub async fn api_send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> Response {
        self.client.request(method, self.url(path)).bearer_auth(token).json(&body).send().await.expect("request")
    }

    /// A top-level place, made directly in the store.
    pub async fn place(&self, slug: &str, name: &str) -> plural_kernel::PlaceId {
        let fields =
            plural_store::places::PlaceFields { slug, name, description: "", parent_id: None, footprint: None };
        plural_store::places::create(&self.state.db, fields).await.expect("create place")
    }

    /// The id of the person with this email address.
    pub async fn person_id(&self, email: &str) -> plural_kernel::PersonId {
        let email = plural_kernel::people::EmailAddress::parse("email", email).expect("email");
        plural_store::people::find_by_email(&self.state.db, &self.key, &email).await.expect("db").expect("person").0.id
    }

    /// Make a signed-up person a node admin, as `plural user promote` would.
    pub async fn promote(&self, email: &str) {
        let email = plural_kernel::people::EmailAddress::parse("email", email).expect("email");
        let (p, _) =
            plural_store::people::find_by_email(&self.state.db, &self.key, &email).await.expect("db").expect("person");
        plural_store::people::set_node_admin(&self.state.db, p.id, true).await.expect("promote");
    }

    /// Wait until the SMTP sink has received `n` messages.
    pub async fn wait_for_mail(&self, n: usize) -> Vec<crate::smtp::Received> {
        for _ in 0..200 {
            let all = self.smtp.all();
            if all.len() >= n {
                return all;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("expected {n} emails, got {}", self.smtp.all().len());
    }

    /// Stop the node gracefully (in-flight requests and jobs finish).
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("join").expect("server stopped cleanly");
        }
        // Close the pool before the drop (in `Drop`) forces its sessions out.
        self.state.db.close().await;
    }
}

impl Drop for TestApp {
    /// Whether or not the test called `stop`, a test that passed drops its
    /// PostgreSQL database, so runs do not fill the server's disk; one that
    /// failed (is panicking) keeps it, to look into.
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(name) = self.postgres_database.take() {
            if std::thread::panicking() {
                eprintln!("kept the failed test's database {name}");
                return;
            }
            // `Drop` cannot await, and the test's runtime may be the one
            // running it: drop the database from a thread of its own.
            let url = self.config.database_url.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                runtime.block_on(drop_postgres_database(&url));
            })
            .join()
            .expect("drop the test database");
        }
    }
}

pub const PASSWORD: &str = "lantern orchard pebble seventy";

pub async fn csrf_of(client: &reqwest::Client, jar: &Jar, base: &str) -> String {
    let url = reqwest::Url::parse(base).expect("base");
    let find = || {
        jar.cookies(&url).and_then(|h| {
            h.to_str().ok().and_then(|s| s.split("; ").find_map(|kv| kv.strip_prefix("plural_csrf=").map(String::from)))
        })
    };
    if let Some(t) = find() {
        return t;
    }
    client.get(format!("{base}/sign-in")).send().await.expect("GET for csrf");
    find().expect("csrf cookie set")
}

pub async fn post_form_as(
    client: &reqwest::Client,
    jar: &Jar,
    base: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    let token = csrf_of(client, jar, base).await;
    let mut all: Vec<(&str, &str)> = vec![("csrf", &token)];
    all.extend_from_slice(fields);
    client.post(format!("{base}{path}")).form(&all).send().await.expect("POST")
}

/// Where a redirect goes.
pub fn location(res: &Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

/// A received message with any quoted-printable encoding undone, so what a
/// reader would see can be checked.
pub fn readable(data: &str) -> String {
    let joined = data.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every table of the node's database, by name (on SQLite, the full-text
/// indexes' own tables too).
pub async fn tables(db: &plural_store::Db) -> Vec<String> {
    let sql = match db.engine() {
        plural_store::Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        plural_store::Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    sqlx::query_scalar(sql).fetch_all(db.reader()).await.expect("the list of tables")
}
