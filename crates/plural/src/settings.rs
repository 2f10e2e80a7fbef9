//! Loading the node's settings: built-in defaults, then `plural.toml`, then
//! `PLURAL_*` environment variables, then command-line flags — each
//! overriding the one before.

use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use plural_store::NodeKey;
use plural_web::Config;

/// Settings given as flags (highest precedence).
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct FlagOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
}

/// Environment variables that are not settings (they tell us where the
/// settings are, or belong to the test suite: `PLURAL_TEST_*`, `PLURAL_REQUIRE_*`).
const NOT_SETTINGS: [&str; 2] = ["config", "admin_password"];

fn env() -> Env {
    Env::prefixed("PLURAL_").split("__").filter(|k| {
        let k = k.as_str().to_ascii_lowercase();
        !NOT_SETTINGS.contains(&k.as_str())
            && !k.starts_with("require_")
            && !k.starts_with("test_")
            && !k.starts_with("user_")
    })
}

/// Where the config file is: `--config`, else `<data_dir>/plural.toml`.
pub fn config_file(explicit: Option<&Path>, flags: &FlagOverrides) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    let data_dir = flags
        .data_dir
        .clone()
        .or_else(|| std::env::var_os("PLURAL_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| Config::default().data_dir);
    data_dir.join("plural.toml")
}

/// Load and check the settings. An explicit `--config` file must exist.
pub fn load(explicit: Option<&Path>, flags: &FlagOverrides) -> anyhow::Result<Config> {
    let file = config_file(explicit, flags);
    if explicit.is_some() && !file.exists() {
        anyhow::bail!("invalid configuration: the config file {} does not exist", file.display());
    }
    let config: Config = Figment::from(Serialized::defaults(Config::default()))
        .merge(Toml::file(&file))
        .merge(env())
        .merge(Serialized::defaults(flags))
        .extract()
        .map_err(|e| anyhow::anyhow!("invalid configuration: {}", describe(&e)))?;
    config.validate()?;
    Ok(config)
}

fn describe(e: &figment::Error) -> String {
    let mut parts = Vec::new();
    for err in e.clone() {
        let path = err.path.join(".");
        let source = err.metadata.as_ref().map(|m| m.name.to_string()).unwrap_or_default();
        let place = if path.is_empty() { String::new() } else { format!("`{path}`: ") };
        let from = if source.is_empty() { String::new() } else { format!(" (from {source})") };
        parts.push(format!("{place}{}{from}", err.kind));
    }
    parts.join("; ")
}

pub fn key_file(config: &Config) -> PathBuf {
    config.data_dir.join("secret.key")
}

/// The node key: the `secret_key` setting, else `<data_dir>/secret.key`.
pub fn node_key(config: &Config) -> anyhow::Result<NodeKey> {
    let hex = if config.secret_key.0.is_empty() {
        let path = key_file(config);
        std::fs::read_to_string(&path).with_context(|| {
            format!("no node key at {}: run `plural init` first, or set secret_key / PLURAL_SECRET_KEY", path.display())
        })?
    } else {
        config.secret_key.0.clone()
    };
    NodeKey::from_secret(&hex).context("invalid configuration: `secret_key`: must be 64 hexadecimal digits")
}

/// Write a new node key file, readable by its owner only. Never overwrites.
pub fn create_key_file(config: &Config) -> anyhow::Result<()> {
    let path = key_file(config);
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let secret = NodeKey::generate_secret();
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
        f.write_all(secret.as_bytes())?;
    }
    #[cfg(not(unix))]
    std::fs::write(&path, secret)?;
    Ok(())
}

/// Write a starter `plural.toml` (only if there is none) recording the
/// choices made at `init`, with every other setting shown at its default.
pub fn write_config_file(config: &Config) -> anyhow::Result<PathBuf> {
    let path = config.data_dir.join("plural.toml");
    if path.exists() {
        return Ok(path);
    }
    let text = format!(
        "# Plural node settings. Environment variables PLURAL_<NAME> (PLURAL_MAIL__TRANSPORT for\n\
         # [mail] transport) override this file; command-line flags override both.\n\
         # Every setting is listed in the README.\n\n\
         base_url = {:?}\nbind = {:?}\n\n[mail]\ntransport = \"log\"\n# smtp_url = \"smtp://user:pass@mail.example.org:587?tls=required\"\n# from = \"Our Commons <hello@example.org>\"\n",
        config.base_url, config.bind
    );
    std::fs::write(&path, text)?;
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail returns its own large error type
mod tests {
    use super::*;

    #[test]
    fn precedence_is_file_then_env_then_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "plural.toml",
                "bind = \"127.0.0.1:1111\"\nbase_url = \"http://file.example\"\n[mail]\nfrom = \"A <a@b.org>\"",
            )?;
            jail.set_env("PLURAL_BIND", "127.0.0.1:2222");
            jail.set_env("PLURAL_MAIL__FROM", "B <b@b.org>");
            jail.set_env("PLURAL_TEST_POSTGRES_URL", "postgres://ignored");
            let path = jail.directory().join("plural.toml");
            let c = load(Some(&path), &FlagOverrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(c.base_url, "http://file.example");
            assert_eq!(c.bind, "127.0.0.1:2222");
            assert_eq!(c.mail.from, "B <b@b.org>");
            let flags = FlagOverrides { bind: Some("127.0.0.1:3333".into()), ..Default::default() };
            let c = load(Some(&path), &flags).map_err(|e| e.to_string())?;
            assert_eq!(c.bind, "127.0.0.1:3333");
            Ok(())
        });
    }

    #[test]
    fn bad_config_names_the_setting() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("plural.toml", "bind = 5\n")?;
            let path = jail.directory().join("plural.toml");
            let err = load(Some(&path), &FlagOverrides::default()).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("`bind`"), "{err}");
            jail.create_file("plural.toml", "colour = \"blue\"\n")?;
            let err = load(Some(&path), &FlagOverrides::default()).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("colour"), "{err}");
            jail.create_file("plural.toml", "[mail]\ntransport = \"pigeon\"\n")?;
            let err = load(Some(&path), &FlagOverrides::default()).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("`mail.transport`"), "{err}");
            Ok(())
        });
    }
}
