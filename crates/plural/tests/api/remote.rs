//! A remote ActivityPub server for tests: a small axum app on loopback that
//! serves actor documents with their own RSA keys, serves objects, and
//! records what is delivered to its inboxes; and signed requests from its
//! actors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode as AxStatus};
use axum::response::IntoResponse;
use plural_web::federation::signatures;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

pub const AS: &str = "application/activity+json";

#[derive(Default)]
pub struct Remote {
    /// name → public PEM
    pub keys: Mutex<HashMap<String, String>>,
    /// path → document
    pub objects: Mutex<HashMap<String, Value>>,
    pub received: Mutex<Vec<(HeaderMap, String, Value)>>,
}

pub struct FakeServer {
    pub base: String,
    pub state: Arc<Remote>,
}

pub struct FakeActor {
    pub id: String,
    pub key_id: String,
    pub private_pem: String,
}

async fn actor_doc(State(s): State<(Arc<Remote>, String)>, Path(name): Path<String>) -> axum::response::Response {
    let (remote, base) = s;
    let Some(pem) = remote.keys.lock().unwrap().get(&name).cloned() else {
        return AxStatus::NOT_FOUND.into_response();
    };
    let id = format!("{base}/users/{name}");
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Group", "preferredUsername": name, "name": format!("Remote {name}"),
        "inbox": format!("{id}/inbox"), "endpoints": {"sharedInbox": format!("{base}/inbox")},
        "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": pem},
    });
    ([(header::CONTENT_TYPE, AS)], doc.to_string()).into_response()
}

async fn object_doc(State(s): State<(Arc<Remote>, String)>, Path(n): Path<String>) -> axum::response::Response {
    match s.0.objects.lock().unwrap().get(&n).cloned() {
        Some(doc) => ([(header::CONTENT_TYPE, AS)], doc.to_string()).into_response(),
        None => AxStatus::NOT_FOUND.into_response(),
    }
}

async fn inbox(
    State(s): State<(Arc<Remote>, String)>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: String,
) -> AxStatus {
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    s.0.received.lock().unwrap().push((headers, uri.path().to_string(), v));
    AxStatus::ACCEPTED
}

impl FakeServer {
    pub async fn start() -> FakeServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let state = Arc::new(Remote::default());
        let app = axum::Router::new()
            .route("/users/{name}", axum::routing::get(actor_doc))
            .route("/users/{name}/inbox", axum::routing::post(inbox))
            .route("/inbox", axum::routing::post(inbox))
            .route("/objects/{n}", axum::routing::get(object_doc))
            .with_state((state.clone(), base.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeServer { base, state }
    }

    pub fn actor(&self, name: &str) -> FakeActor {
        let (public, private_pem) = signatures::generate_keypair().unwrap();
        self.state.keys.lock().unwrap().insert(name.to_string(), public);
        let id = format!("{}/users/{name}", self.base);
        FakeActor { key_id: format!("{id}#main-key"), id, private_pem }
    }

    pub fn received(&self) -> Vec<Value> {
        self.state.received.lock().unwrap().iter().map(|(_, _, v)| v.clone()).collect()
    }
}

/// POST `body` to `url`, signed with `pem` as `key_id`, dated `date`.
pub async fn signed_post(
    client: &reqwest::Client,
    url: &str,
    body: &[u8],
    key_id: &str,
    pem: &str,
    date: SystemTime,
) -> reqwest::Response {
    let u = url::Url::parse(url).unwrap();
    let mut req = client.post(url).header("content-type", AS);
    for (k, v) in signatures::sign_request("POST", &u, Some(body), key_id, pem, date).unwrap() {
        req = req.header(k, v);
    }
    req.body(body.to_vec()).send().await.unwrap()
}

pub async fn send(app: &TestApp, inbox: &str, actor: &FakeActor, activity: &Value) -> (StatusCode, Value) {
    let res = signed_post(
        &app.client,
        inbox,
        activity.to_string().as_bytes(),
        &actor.key_id,
        &actor.private_pem,
        SystemTime::now(),
    )
    .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}
