//! The node's settings. Loaded by the `plural` binary from, in rising order
//! of precedence: built-in defaults, `plural.toml`, `PLURAL_*` environment
//! variables, command-line flags. Every setting has a default that works for
//! a local node. `Config::validate` names the setting and what is wrong.

use plural_kernel::language::Language;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The public address of the node; links in emails and federation ids use it.
    pub base_url: String,
    /// Address and port `plural serve` listens on.
    pub bind: String,
    /// Folder for the SQLite database, the node key and the config file.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://…`. Empty: `sqlite://<data_dir>/plural.db`.
    pub database_url: String,
    /// Most database connections per process.
    pub db_max_connections: u32,
    /// The node key (64 hex digits). Empty: read from `<data_dir>/secret.key`.
    /// Never printed. All processes of one node must share it.
    pub secret_key: Secret,
    /// Interface language for visitors whose browser asks for none we speak.
    pub default_language: String,
    /// `text` for people, `json` for log collectors.
    pub log_format: String,
    /// A tracing filter, e.g. `info` or `plural_web=debug,info`.
    pub log_level: String,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest file accepted by the import uploads (pages and API), in bytes.
    pub import_max_bytes: usize,
    /// How long a sign-in lasts without use, in days.
    pub session_days: i64,
    /// How long a magic link stays valid, in minutes.
    pub magic_link_minutes: i64,
    pub mail: MailConfig,
    pub rate_limits: RateLimitConfig,
    pub jobs: JobsConfig,
    /// Items per page of the OpenActive RPDE feeds (RPDE suggests 500).
    pub rpde_page_size: i64,
    /// How long anonymous readers may be served a copy of a busy public
    /// page (a place's home, the node's home), in seconds; 0: never. See
    /// `public_pages`.
    pub public_page_cache_seconds: u64,
    /// The node's IANA time zone, e.g. `Europe/London`: when the weekly
    /// digest goes out, and the zone new events are offered in.
    pub time_zone: String,
    pub digest: DigestConfig,
    pub federation: FederationConfig,
    pub insight: InsightConfig,
    pub rules: RulesConfig,
}

/// Insight releases: the privacy gate's settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InsightConfig {
    /// Cells of a release resting on fewer responses than this are withheld.
    pub min_group_size: i64,
    /// The privacy budget (ε) of each dataset, spent by its releases. Fixed
    /// for a dataset at its first release.
    pub epsilon_per_dataset: f64,
}

impl Default for InsightConfig {
    fn default() -> Self {
        InsightConfig { min_group_size: 10, epsilon_per_dataset: 1.0 }
    }
}

/// Node rules changed by a poll of the node's members.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// A rule-change poll carries only with at least this many votes cast
    /// (and a strict majority of them yes).
    pub quorum: i64,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig { quorum: 3 }
    }
}

impl InsightConfig {
    /// The per-dataset budget in millionths of ε.
    pub fn total_micro(&self) -> i64 {
        (self.epsilon_per_dataset * plural_kernel::insight::MICRO as f64).round() as i64
    }
}

/// A secret setting: never printed, not even by `{:?}`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "(unset)" } else { "(set)" })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// `log` prints emails (with their links) to the log; `smtp` sends them.
    pub transport: String,
    /// e.g. `smtp://user:pass@mail.example.org:587?tls=required`, or
    /// `smtps://…:465`; plain `smtp://host:port` for a local relay.
    pub smtp_url: String,
    /// The From address, e.g. `Coldharbour Commons <hello@example.org>`.
    pub from: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Length of one counting window, in seconds.
    pub window_secs: i64,
    /// Sign-in attempts per client address per window.
    pub sign_in: i64,
    /// Sign-ups per client address per window.
    pub sign_up: i64,
    /// Magic-link emails per client address (and per email address) per window.
    pub magic_link: i64,
    /// Searches (pages, calendar and API) per client address per window: a
    /// search is the most expensive read, so one client cannot swamp it.
    pub search: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Jobs run at once by this process (0 disables the worker).
    pub concurrency: usize,
    /// How often an idle worker looks for due jobs, in milliseconds.
    pub poll_interval_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestConfig {
    /// Send the weekly "what's on near you" email to those who opted in.
    pub enabled: bool,
    /// The day it goes out, in English: `monday` … `sunday`.
    pub weekday: String,
    /// The hour it goes out (0–23), in the node's `time_zone`.
    pub hour: u32,
}

/// ActivityPub federation with other nodes and the fediverse.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FederationConfig {
    /// Answer and deliver ActivityPub at all.
    pub enabled: bool,
    /// Require a valid HTTP signature on fetches of actors and objects too
    /// (Mastodon's "authorized fetch"), not only on inbox deliveries.
    pub authorized_fetch: bool,
    /// TEST ONLY: let the node fetch from and deliver to loopback addresses
    /// (127.0.0.0/8, ::1). Private and link-local addresses stay refused.
    pub allow_loopback: bool,
    /// Deliveries in flight to one domain at a time, per process.
    pub per_domain_concurrency: usize,
    /// Seconds before an outgoing fetch or delivery gives up.
    pub timeout_secs: u64,
    /// Largest activity an inbox accepts, and largest document fetched.
    pub max_body_bytes: usize,
}

impl Default for FederationConfig {
    fn default() -> Self {
        FederationConfig {
            enabled: true,
            authorized_fetch: false,
            allow_loopback: false,
            per_domain_concurrency: 4,
            timeout_secs: 10,
            max_body_bytes: 256 * 1024,
        }
    }
}

impl Default for DigestConfig {
    fn default() -> Self {
        DigestConfig { enabled: true, weekday: "monday".into(), hour: 7 }
    }
}

impl DigestConfig {
    pub fn weekday(&self) -> Option<chrono::Weekday> {
        self.weekday.parse().ok()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: "http://127.0.0.1:8080".into(),
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            db_max_connections: 8,
            secret_key: Secret::default(),
            default_language: "en".into(),
            log_format: "text".into(),
            log_level: "info".into(),
            trust_forwarded_for: false,
            max_body_bytes: 1024 * 1024,
            import_max_bytes: 20 * 1024 * 1024,
            session_days: 30,
            magic_link_minutes: 30,
            mail: MailConfig::default(),
            rate_limits: RateLimitConfig::default(),
            jobs: JobsConfig::default(),
            rpde_page_size: 500,
            public_page_cache_seconds: 10,
            time_zone: "Europe/London".into(),
            digest: DigestConfig::default(),
            federation: FederationConfig::default(),
            insight: InsightConfig::default(),
            rules: RulesConfig::default(),
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: "log".into(),
            smtp_url: "smtp://127.0.0.1:25".into(),
            from: "Plural <noreply@localhost>".into(),
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig { window_secs: 900, sign_in: 10, sign_up: 5, magic_link: 5, search: 600 }
    }
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig { concurrency: 2, poll_interval_ms: 1000 }
    }
}

/// A setting that is wrong, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: `{setting}`: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

fn bad(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { setting, problem: problem.into() }
}

impl Config {
    /// Check every setting; the first problem found is reported by name.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = url::Url::parse(&self.base_url)
            .map_err(|e| bad("base_url", format!("{e}; expected e.g. https://commons.example.org")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(bad("base_url", "must be an http:// or https:// address with a host"));
        }
        if url.path() != "/" || url.query().is_some() {
            return Err(bad("base_url", "must not have a path or query (serve the node at the root of its host)"));
        }
        self.bind
            .parse::<SocketAddr>()
            .map_err(|_| bad("bind", format!("{:?} is not ADDRESS:PORT, e.g. 127.0.0.1:8080", self.bind)))?;
        if !self.database_url.is_empty() {
            plural_store::Engine::from_url(&self.database_url).map_err(|e| bad("database_url", e.to_string()))?;
        }
        if self.db_max_connections == 0 {
            return Err(bad("db_max_connections", "must be at least 1"));
        }
        if !self.secret_key.0.is_empty() && plural_store::NodeKey::from_secret(&self.secret_key.0).is_none() {
            return Err(bad("secret_key", "must be 64 hexadecimal digits (make one with `plural init`)"));
        }
        if Language::parse(&self.default_language).is_none() {
            let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            return Err(bad("default_language", format!("must be one of {}", known.join(", "))));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(bad("log_format", "must be `text` or `json`"));
        }
        if self.max_body_bytes < 1024 {
            return Err(bad("max_body_bytes", "must be at least 1024"));
        }
        if self.import_max_bytes < self.max_body_bytes {
            return Err(bad("import_max_bytes", "must be at least `max_body_bytes`"));
        }
        if !(1..=100_000).contains(&self.rules.quorum) {
            return Err(bad("rules.quorum", "must be between 1 and 100000 votes (3 is usual)"));
        }
        if self.insight.min_group_size < 2 {
            return Err(bad("insight.min_group_size", "must be at least 2 (a cell of one is one person's answer)"));
        }
        if !(0.01..=10.0).contains(&self.insight.epsilon_per_dataset) {
            return Err(bad("insight.epsilon_per_dataset", "must be between 0.01 and 10 (1.0 is usual)"));
        }
        if self.session_days < 1 {
            return Err(bad("session_days", "must be at least 1"));
        }
        if self.magic_link_minutes < 1 {
            return Err(bad("magic_link_minutes", "must be at least 1"));
        }
        if self.public_page_cache_seconds > 3600 {
            return Err(bad("public_page_cache_seconds", "must be at most 3600 (an hour)"));
        }
        if !(1..=5000).contains(&self.rpde_page_size) {
            return Err(bad("rpde_page_size", "must be between 1 and 5000"));
        }
        if !(1..=64).contains(&self.federation.per_domain_concurrency) {
            return Err(bad("federation.per_domain_concurrency", "must be between 1 and 64"));
        }
        if !(1..=120).contains(&self.federation.timeout_secs) {
            return Err(bad("federation.timeout_secs", "must be between 1 and 120"));
        }
        if !(1024..=self.max_body_bytes.max(1024)).contains(&self.federation.max_body_bytes) {
            return Err(bad("federation.max_body_bytes", "must be at least 1024 and at most `max_body_bytes`"));
        }
        match self.mail.transport.as_str() {
            "log" => {}
            "smtp" => {
                let u = url::Url::parse(&self.mail.smtp_url).map_err(|e| {
                    bad("mail.smtp_url", format!("{e}; expected e.g. smtp://mail.example.org:587?tls=required"))
                })?;
                if !matches!(u.scheme(), "smtp" | "smtps") {
                    return Err(bad("mail.smtp_url", "must start with smtp:// or smtps://"));
                }
            }
            _ => return Err(bad("mail.transport", "must be `log` or `smtp`")),
        }
        self.mail
            .from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| bad("mail.from", format!("{e}; expected e.g. Plural <noreply@example.org>")))?;
        let r = &self.rate_limits;
        for (name, v) in [
            ("rate_limits.window_secs", r.window_secs),
            ("rate_limits.sign_in", r.sign_in),
            ("rate_limits.sign_up", r.sign_up),
            ("rate_limits.magic_link", r.magic_link),
            ("rate_limits.search", r.search),
        ] {
            if v < 1 {
                return Err(bad(name, "must be at least 1"));
            }
        }
        if self.jobs.poll_interval_ms < 10 {
            return Err(bad("jobs.poll_interval_ms", "must be at least 10"));
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(bad("time_zone", "must be an IANA time zone name, e.g. Europe/London"));
        }
        if self.digest.weekday().is_none() {
            return Err(bad("digest.weekday", "must be a day of the week in English, e.g. monday"));
        }
        if self.digest.hour > 23 {
            return Err(bad("digest.hour", "must be an hour from 0 to 23"));
        }
        Ok(())
    }

    /// The node's time zone.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::London)
    }

    /// The database URL in force: the setting, or SQLite in the data folder.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("plural.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    pub fn default_language(&self) -> Language {
        Language::parse(&self.default_language).unwrap_or_default()
    }

    /// The origin (scheme://host[:port]) of `base_url`, for CSRF checks.
    pub fn origin(&self) -> String {
        url::Url::parse(&self.base_url).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
    }

    /// The node's host as federation names it (with the port when the base
    /// URL has one): the part after `@` in `acct:name@host`.
    pub fn host(&self) -> String {
        url::Url::parse(&self.base_url)
            .map(|u| match u.port() {
                Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            })
            .unwrap_or_default()
    }

    /// The base URL without a trailing slash, for building links.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn secrets_are_never_printed() {
        let c = Config { secret_key: Secret("ab".repeat(32)), ..Config::default() };
        assert!(!format!("{c:?}").contains("abab"));
    }

    #[test]
    fn bad_settings_are_named() {
        let cases: Vec<(fn(&mut Config), &str)> = vec![
            (|c| c.base_url = "ftp://x".into(), "base_url"),
            (|c| c.base_url = "https://x.org/sub".into(), "base_url"),
            (|c| c.bind = "localhost".into(), "bind"),
            (|c| c.database_url = "mysql://x".into(), "database_url"),
            (|c| c.secret_key = Secret("abc".into()), "secret_key"),
            (|c| c.default_language = "xx".into(), "default_language"),
            (|c| c.mail.transport = "pigeon".into(), "mail.transport"),
            (|c| c.mail.from = "not an address".into(), "mail.from"),
            (|c| c.rate_limits.sign_in = 0, "rate_limits.sign_in"),
            (|c| c.time_zone = "Mars/Olympus".into(), "time_zone"),
            (|c| c.digest.weekday = "someday".into(), "digest.weekday"),
            (|c| c.digest.hour = 24, "digest.hour"),
        ];
        for (change, setting) in cases {
            let mut c = Config::default();
            change(&mut c);
            let err = c.validate().err().map(|e| e.setting);
            assert_eq!(err, Some(setting));
        }
    }
}
