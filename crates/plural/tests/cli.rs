//! The `plural` command itself: init, user management, migrate, backup and
//! configuration errors, run as a person would run them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn plural(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plural"))
        .args(args)
        .env_remove("PLURAL_DATA_DIR")
        .env_remove("PLURAL_DATABASE_URL")
        .env("PLURAL_ADMIN_PASSWORD", "lantern orchard pebble seventy")
        .current_dir(dir)
        .output()
        .expect("run plural")
}

fn ok(out: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    text
}

fn fails(out: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "expected failure: {text}");
    text
}

const INIT: &[&str] = &[
    "init",
    "--data-dir",
    "node",
    "--non-interactive",
    "--base-url",
    "http://127.0.0.1:8080",
    "--name",
    "Lambeth Commons",
    "--place-name",
    "Lambeth",
    "--admin-email",
    "admin@example.org",
    "--admin-name",
    "Amara",
];

#[test]
fn init_user_migrate_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&plural(INIT, dir.path()));
    assert!(out.contains("Created node \"Lambeth Commons\""), "{out}");
    assert!(dir.path().join("node/secret.key").exists());
    assert!(dir.path().join("node/plural.toml").exists());
    let key = std::fs::read_to_string(dir.path().join("node/secret.key")).unwrap();
    assert!(!out.contains(key.trim()), "the node key is never printed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("node/secret.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "key readable by its owner only");
    }
    // A second init refuses.
    assert!(fails(&plural(INIT, dir.path())).contains("already initialised"));

    ok(&plural(
        &["user", "create", "--data-dir", "node", "--email", "kwame@example.org", "--name", "Kwame"],
        dir.path(),
    ));
    let dup = fails(&plural(
        &["user", "create", "--data-dir", "node", "--email", "KWAME@example.org", "--name", "K"],
        dir.path(),
    ));
    assert!(dup.contains("already an account"), "{dup}");
    let bad = fails(&plural(&["user", "create", "--data-dir", "node", "--email", "nope", "--name", "K"], dir.path()));
    assert!(bad.contains("--email") && bad.contains("correct format"), "{bad}");
    ok(&plural(&["user", "promote", "--data-dir", "node", "kwame@example.org"], dir.path()));
    ok(&plural(&["user", "disable", "--data-dir", "node", "kwame@example.org"], dir.path()));
    assert!(fails(&plural(&["user", "disable", "--data-dir", "node", "nobody@example.org"], dir.path()))
        .contains("no account"));

    let status = ok(&plural(&["migrate", "--data-dir", "node", "--status"], dir.path()));
    assert!(status.contains("up to date"), "{status}");

    let backup = dir.path().join("copy.db");
    let out = ok(&plural(&["backup", "--data-dir", "node", "--to", backup.to_str().unwrap()], dir.path()));
    assert!(out.contains("backed up"), "{out}");
    // The copy is a complete database: a node started on it has the same people.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(&backup, restored.join("plural.db")).unwrap();
    std::fs::copy(dir.path().join("node/secret.key"), restored.join("secret.key")).unwrap();
    let status = ok(&plural(&["migrate", "--data-dir", "restored", "--status"], dir.path()));
    assert!(status.contains("up to date"));
    ok(&plural(&["user", "promote", "--data-dir", "restored", "admin@example.org", "--revoke"], dir.path()));
    // Refuses to overwrite.
    assert!(fails(&plural(&["backup", "--data-dir", "node", "--to", backup.to_str().unwrap()], dir.path()))
        .contains("already exists"));
}

#[test]
fn init_without_a_required_flag_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = fails(&plural(&["init", "--data-dir", "node", "--non-interactive", "--name", "X"], dir.path()));
    assert!(out.contains("--place-name is required"), "{out}");
}

#[test]
fn invalid_configuration_stops_start_up_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("node")).unwrap();
    std::fs::write(dir.path().join("node/plural.toml"), "base_url = \"ftp://example.org\"\n").unwrap();
    let out = fails(&plural(&["serve", "--data-dir", "node"], dir.path()));
    assert!(out.contains("invalid configuration: `base_url`"), "{out}");
    let out = Command::new(env!("CARGO_BIN_EXE_plural"))
        .args(["serve", "--data-dir", "node"])
        .current_dir(dir.path())
        .env("PLURAL_BASE_URL", "http://127.0.0.1:8080")
        .env("PLURAL_MAIL__TRANSPORT", "pigeon")
        .output()
        .unwrap();
    assert!(fails(&out).contains("`mail.transport`"));
    // No node key yet: a clear instruction.
    std::fs::write(dir.path().join("node/plural.toml"), "").unwrap();
    let out = fails(&plural(&["serve", "--data-dir", "node"], dir.path()));
    assert!(out.contains("plural init"), "{out}");
}

#[test]
fn help_explains_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&plural(&["--help"], dir.path()));
    for cmd in ["serve", "init", "demo", "migrate", "backup", "user"] {
        assert!(out.contains(cmd), "{cmd} in --help");
    }
    let out = ok(&plural(&["serve", "--help"], dir.path()));
    for flag in ["--bind", "--data-dir", "--database-url"] {
        assert!(out.contains(flag), "{flag} in serve --help");
    }
}

#[test]
fn postgres_backup_explains_how() {
    let dir = tempfile::tempdir().unwrap();
    let out = fails(&plural(&["backup", "--database-url", "postgres://u@127.0.0.1:1/x", "--to", "x.dump"], dir.path()));
    assert!(out.contains("pg_dump"), "{out}");
}

#[test]
fn import_csv_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(&plural(INIT, dir.path()));
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/services.csv");
    let args = ["import", "csv", "--data-dir", "node", "--kind", "services", "--place", "lambeth"];
    let out = ok(&plural(&[&args[..], &[csv.to_str().unwrap()]].concat(), dir.path()));
    assert!(out.contains("taken: 5 (2 organisations, 3 services, 0 events)"), "{out}");
    let out = ok(&plural(&[&args[..], &[csv.to_str().unwrap()]].concat(), dir.path()));
    assert!(out.contains("updated: 5"), "{out}");
    let out = fails(&plural(&["import", "ical", "--data-dir", "node", "--group", "nobody", "x.ics"], dir.path()));
    assert!(out.contains("no group with the slug `nobody`"), "{out}");
}
