//! The route table: every route is registered through [`Routes`], which
//! builds the axum router and, beside it, a list of what it holds. Tests read
//! that list to compare the API with its OpenAPI document and to walk every
//! route in the authorization matrix, so no route can escape them.

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter};
use axum::Router;

use crate::AppState;

/// Which face of the node a route belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Server-rendered HTML pages and their forms.
    Page,
    /// The JSON API under `/api/v1`, described by the OpenAPI document.
    Api,
    /// Health, readiness, metrics, static assets.
    Ops,
    /// ActivityPub, WebFinger, NodeInfo: for other servers.
    Federation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub face: Face,
    pub method: Method,
    pub path: &'static str,
}

#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add<H, T>(mut self, face: Face, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.router = self.router.route(path, on(filter, handler));
        self.table.push(RouteInfo { face, method, path });
        self
    }

    pub fn page<H: Handler<T, AppState>, T: 'static>(self, method: Method, path: &'static str, h: H) -> Self {
        self.add(Face::Page, method, path, h)
    }

    pub fn api<H: Handler<T, AppState>, T: 'static>(self, method: Method, path: &'static str, h: H) -> Self {
        self.add(Face::Api, method, path, h)
    }

    pub fn fed<H: Handler<T, AppState>, T: 'static>(self, method: Method, path: &'static str, h: H) -> Self {
        self.add(Face::Federation, method, path, h)
    }

    pub fn ops<H: Handler<T, AppState>, T: 'static>(self, method: Method, path: &'static str, h: H) -> Self {
        self.add(Face::Ops, method, path, h)
    }

    /// Join another module's routes into this table.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteInfo>) {
        (self.router, self.table)
    }
}
