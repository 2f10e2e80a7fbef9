//! Outgoing HTTP for federation, guarded against server-side request
//! forgery: only http(s), never a private, loopback, link-local or otherwise
//! special address — checked on the addresses the name resolves to, which
//! are the very addresses the connection then uses (the check happens at
//! connect time, so a name cannot resolve to a public address for the check
//! and a private one for the connection). IP literals are checked before any
//! connection, on every redirect too. Bodies and time are bounded.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};

use crate::AppState;

/// The ActivityPub media types we accept (and send).
pub const ACTIVITY_JSON: &str = "application/activity+json";
pub const LD_JSON_AS: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

/// Whether a media type (a `Content-Type` value) is an ActivityPub one.
pub fn is_activity_type(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or_default().trim();
    essence == "application/activity+json"
        || (essence == "application/ld+json" && ct.contains("https://www.w3.org/ns/activitystreams"))
}

/// May the node connect to `ip`? Never to unspecified, private, shared,
/// link-local, multicast, documentation or reserved ranges; loopback only
/// when the test-only setting allows it.
pub fn ip_allowed(ip: IpAddr, allow_loopback: bool) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                return allow_loopback;
            }
            !(v4.is_unspecified()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])) // shared address space (CGNAT)
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
                || (o[0] == 198 && (18..20).contains(&o[1])) // benchmarking
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if v6.is_loopback() {
                return allow_loopback;
            }
            if let Some(v4) = v6.to_ipv4_mapped() {
                return ip_allowed(IpAddr::V4(v4), allow_loopback);
            }
            let s = v6.segments();
            !(v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x64 && s[1] == 0xff9b)) // NAT64 may reach private IPv4
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("refused address: {0}")]
    Refused(String),
    #[error("blocked domain: {0}")]
    Blocked(String),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("not an ActivityPub document (content type {0:?})")]
    ContentType(String),
    #[error("the document is larger than allowed")]
    TooLarge,
    #[error("the document is not valid JSON: {0}")]
    Json(String),
    #[error("the document's id {id} is not the address it was fetched from ({url})")]
    IdMismatch { id: String, url: String },
    #[error("network: {0}")]
    Network(String),
}

struct GuardedResolver {
    allow_loopback: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_loopback = self.allow_loopback;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| ip_allowed(a.ip(), allow_loopback)).collect();
            if allowed.is_empty() {
                let err: Box<dyn std::error::Error + Send + Sync> =
                    Box::new(std::io::Error::other(format!("{host} resolves only to refused addresses")));
                return Err(err);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Refuse a URL before connecting: wrong scheme, or an IP literal host that
/// is not allowed (the resolver is not asked about literals).
pub fn check_url(url: &url::Url, allow_loopback: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Refused(format!("scheme {}", url.scheme())));
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) if !ip_allowed(IpAddr::V4(ip), allow_loopback) => {
            Err(FetchError::Refused(ip.to_string()))
        }
        Some(url::Host::Ipv6(ip)) if !ip_allowed(IpAddr::V6(ip), allow_loopback) => {
            Err(FetchError::Refused(ip.to_string()))
        }
        Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") && !allow_loopback => {
            Err(FetchError::Refused(d.to_string()))
        }
        None => Err(FetchError::Refused("no host".into())),
        _ => Ok(()),
    }
}

/// The guarded client: the resolver above, redirects (at most 3) checked
/// like the first URL, a timeout.
pub fn client(allow_loopback: bool, timeout: Duration) -> reqwest::Client {
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 3 {
            attempt.error("too many redirects")
        } else if check_url(attempt.url(), allow_loopback).is_err() {
            attempt.error("redirect to a refused address")
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver { allow_loopback }))
        .redirect(policy)
        .timeout(timeout)
        .connect_timeout(timeout)
        .pool_max_idle_per_host(4)
        .build()
        .unwrap_or_default()
}

pub fn user_agent() -> String {
    format!("Plural/{} (+ActivityPub)", env!("CARGO_PKG_VERSION"))
}

/// Read a response's body, refusing one larger than `max` bytes.
pub async fn read_limited(mut res: reqwest::Response, max: usize) -> Result<Vec<u8>, FetchError> {
    if res.content_length().is_some_and(|n| n > max as u64) {
        return Err(FetchError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| FetchError::Network(e.to_string()))? {
        if body.len() + chunk.len() > max {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Fetch an ActivityPub document, signed by the node's own actor (so nodes
/// requiring authorized fetch answer). The document must say it is the
/// address it was finally fetched from.
pub async fn fetch_object(state: &AppState, url: &str) -> Result<serde_json::Value, FetchError> {
    let cfg = &state.config.federation;
    let parsed = url::Url::parse(url).map_err(|e| FetchError::Refused(e.to_string()))?;
    check_url(&parsed, cfg.allow_loopback)?;
    let domain = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    if super::is_blocked(state, &domain).await {
        return Err(FetchError::Blocked(domain));
    }
    let client = client(cfg.allow_loopback, Duration::from_secs(cfg.timeout_secs));
    let mut req = client.get(parsed.clone()).header(ACCEPT, ACTIVITY_JSON).header(USER_AGENT, user_agent());
    if let Ok((key_id, pem)) = super::actors::signing_key(state, super::actors::NODE).await {
        if let Ok(headers) =
            super::signatures::sign_request("GET", &parsed, None, &key_id, &pem, std::time::SystemTime::now())
        {
            for (k, v) in headers {
                req = req.header(k, v);
            }
        }
    }
    let res = req.send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    if !res.status().is_success() {
        return Err(FetchError::Status(res.status().as_u16()));
    }
    let ct = res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    if !is_activity_type(&ct) {
        return Err(FetchError::ContentType(ct));
    }
    let final_url = res.url().clone();
    let body = read_limited(res, cfg.max_body_bytes).await?;
    if !super::inbox::within_depth(&body) {
        return Err(FetchError::Json("nested too deeply".into()));
    }
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| FetchError::Json(e.to_string()))?;
    let id = value.get("id").and_then(|v| v.as_str()).unwrap_or_default();
    // After a redirect the id must be where it was found, not where we asked.
    if id != final_url.as_str() {
        return Err(FetchError::IdMismatch { id: id.to_string(), url: final_url.to_string() });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_addresses_are_refused() {
        for ip in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
        ] {
            let ip: IpAddr = ip.parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
            assert!(!ip_allowed(ip, false), "{ip}");
        }
        let lo: IpAddr = "127.0.0.1".parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        assert!(!ip_allowed(lo, false));
        assert!(ip_allowed(lo, true));
        let public: IpAddr = "93.184.216.34".parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        assert!(ip_allowed(public, false));
    }

    #[test]
    fn urls_are_checked_before_connecting() -> anyhow::Result<()> {
        assert!(check_url(&url::Url::parse("http://169.254.169.254/latest")?, true).is_err());
        assert!(check_url(&url::Url::parse("http://[::1]/")?, false).is_err());
        assert!(check_url(&url::Url::parse("http://localhost:8080/")?, false).is_err());
        assert!(check_url(&url::Url::parse("file:///etc/passwd")?, true).is_err());
        assert!(check_url(&url::Url::parse("https://example.org/actor")?, false).is_ok());
        Ok(())
    }

    #[test]
    fn only_activitypub_media_types() {
        assert!(is_activity_type("application/activity+json"));
        assert!(is_activity_type("application/activity+json; charset=utf-8"));
        assert!(is_activity_type(LD_JSON_AS));
        assert!(!is_activity_type("application/ld+json"));
        assert!(!is_activity_type("application/json"));
        assert!(!is_activity_type("text/html"));
    }
}
