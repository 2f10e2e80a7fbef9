//! Plural's web shell and the node's own pages and API.
//!
//! A request flows: security headers → metrics → error renderer → CSRF check
//! → route handler. Handlers extract who is asking ([`session::Visitor`] for
//! pages, [`api::Caller`] for the API), call one domain function in the
//! feature's `service` module (which asks [`plural_kernel::authz`] and uses
//! [`plural_store`]), and render the result as a page or as JSON.

pub mod account;
pub mod admin;
pub mod api;
pub mod assets;
pub mod auth;
pub mod blueprints;
pub mod campaigns;
pub mod circles;
pub mod config;
pub mod csrf;
pub mod digest;
pub mod directory;
pub mod error;
pub mod events;
pub mod federation;
pub mod forms;
pub mod groups;
pub mod home;
pub mod i18n;
pub mod imports;
pub mod jsonld;
pub mod layout;
pub mod mail;
pub mod mutual_aid;
pub mod notices;
pub mod openactive;
pub mod opportunities;
pub mod ops;
pub mod places;
pub mod public_pages;
pub mod rich_text;
pub mod routes;
pub mod rules;
pub mod search;
pub mod security;
pub mod session;
pub mod timebank;
pub mod voice;
pub mod worker;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use plural_store::{Db, NodeKey};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use config::Config;
pub use routes::{Face, RouteInfo, Routes};

/// Everything a request handler may need. Cheap to clone. Holds no state of
/// its own that another process would need to see: that is all in the database.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub key: NodeKey,
    pub config: Arc<Config>,
    pub mailer: Arc<mail::Mailer>,
    pub metrics: Arc<ops::Metrics>,
    pub node_name: Arc<str>,
    /// Federation's per-process delivery state (HTTP client, per-domain limits).
    pub federation: Arc<federation::Runtime>,
    /// Poll counts shown by pages and the API, recounted at most once a second.
    pub shown_results: Arc<voice::polls::ShownResults>,
    /// Copies of busy public pages as anonymous visitors see them, kept a few seconds.
    pub public_pages: Arc<public_pages::PublicPages>,
}

/// Every route of the node, in one table.
pub fn routes() -> Routes {
    Routes::new()
        .merge(home::routes())
        .merge(auth::routes())
        .merge(account::routes())
        .merge(digest::routes())
        .merge(places::routes())
        .merge(groups::routes())
        .merge(opportunities::routes())
        .merge(notices::routes())
        .merge(circles::routes())
        .merge(mutual_aid::routes())
        .merge(campaigns::routes())
        .merge(blueprints::routes())
        .merge(timebank::routes())
        .merge(voice::routes())
        .merge(events::routes())
        .merge(directory::routes())
        .merge(openactive::routes())
        .merge(search::routes())
        .merge(admin::routes())
        .merge(rules::routes())
        .merge(imports::routes())
        .merge(federation::routes())
        .merge(api::routes())
        .merge(ops::routes())
        .merge(assets::routes())
}

/// The router with every layer applied, and the table of its routes.
pub fn router(state: AppState) -> (Router, Vec<RouteInfo>) {
    let (router, table) = routes().into_parts();
    let router = router
        .fallback(|| async { error::WebError::not_found() })
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::protect))
        .layer(axum::middleware::from_fn_with_state(state.clone(), public_pages::forget_after_writes))
        // ActivityPub clients asking for a page get its ActivityStreams document.
        .layer(axum::middleware::from_fn_with_state(state.clone(), federation::negotiate))
        // Every body is already limited by `limit_body`, per route.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(state.clone(), limit_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::render_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), ops::track))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::headers))
        // Browsers that reached the node over https keep to https for a year.
        .layer(tower::util::option_layer(state.config.secure_cookies().then(|| {
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                axum::http::header::STRICT_TRANSPORT_SECURITY,
                axum::http::HeaderValue::from_static("max-age=31536000"),
            )
        })))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .with_state(state);
    (router, table)
}

/// The largest body a request to `path` may send: import uploads may be
/// larger than everything else.
pub fn body_limit(config: &Config, path: &str) -> usize {
    if imports::is_upload(path) {
        config.import_max_bytes
    } else if voice::local_reports::is_upload(path) {
        config.max_body_bytes.max(voice::local_reports::UPLOAD_MAX_BYTES)
    } else {
        config.max_body_bytes
    }
}

/// Refuse a body declared too large at once, and stop reading one that
/// turns out to be (a chunked body declares no length).
async fn limit_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = body_limit(&state.config, req.uri().path());
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return error::WebError::PayloadTooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// A node ready to serve: listening, migrated, with its worker.
pub struct App {
    listener: TcpListener,
    state: AppState,
}

impl App {
    /// Connect, migrate and bind to `config.bind`.
    pub async fn build(config: Config, key: NodeKey) -> anyhow::Result<App> {
        config.validate()?;
        let listener = TcpListener::bind(&config.bind).await?;
        Self::build_on(config, key, listener).await
    }

    /// Connect and migrate, serving on a listener bound already (tests bind
    /// port 0 first, so the base URL can name the port).
    pub async fn build_on(config: Config, key: NodeKey, listener: TcpListener) -> anyhow::Result<App> {
        config.validate()?;
        let db = Db::connect(
            &config.effective_database_url(),
            &plural_store::db::ConnectOptions { max_connections: config.db_max_connections, ..Default::default() },
        )
        .await?;
        db.migrate().await?;
        let node_name = plural_store::places::node_name(&db).await?.unwrap_or_else(|| "Plural".to_string());
        let mailer = mail::Mailer::from_config(&config.mail)?;
        let federation = Arc::new(federation::Runtime::new(&config.federation));
        let keep_for = std::time::Duration::from_secs(config.public_page_cache_seconds);
        let public_pages = Arc::new(public_pages::PublicPages::new(keep_for));
        let state = AppState {
            federation,
            db,
            key,
            config: Arc::new(config),
            mailer: Arc::new(mailer),
            metrics: Arc::new(ops::Metrics::new()),
            node_name: node_name.into(),
            shown_results: Default::default(),
            public_pages,
        };
        Ok(App { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serve until `shutdown` resolves, then finish in-flight requests and
    /// the job being run before returning.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = tokio::spawn(worker::run(self.state.clone(), stop_rx.clone()));
        let (router, _) = router(self.state.clone());
        let mut http_stop = stop_rx;
        let server = axum::serve(self.listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = http_stop.wait_for(|stopped| *stopped).await;
            });
        tokio::spawn(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing in-flight requests and jobs");
            let _ = stop_tx.send(true);
        });
        server.await?;
        worker.await??;
        self.state.db.close().await;
        Ok(())
    }
}
