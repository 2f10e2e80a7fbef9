//! The command line. `plural --help` and `plural <command> --help` explain each.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use plural_web::Config;

use crate::settings::{self, FlagOverrides};
use crate::setup;

#[derive(Parser)]
#[command(
    name = "plural",
    version,
    about = "Plural: open civic infrastructure for communities.",
    long_about = "Plural: open civic infrastructure for communities.\n\n\
    A node hosts places; each place has its groups, services, events and decisions. \
    Settings come from plural.toml in the data folder, PLURAL_* environment variables and flags, \
    each overriding the one before."
)]
pub struct Cli {
    /// Settings file (default: <data-dir>/plural.toml).
    #[arg(long, global = true, env = "PLURAL_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the node: web pages, the API and background jobs.
    Serve(ServeArgs),
    /// Create a node: its name, base URL, first place and first admin.
    Init(InitArgs),
    /// Create (if absent) and run a demo node full of realistic content.
    Demo(ServeArgs),
    /// Apply database migrations (serve also does this at start).
    Migrate(MigrateArgs),
    /// Copy the database to a file while the node keeps running.
    Backup(BackupArgs),
    /// Manage people: create, promote to node admin, disable.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a place's public directory (HSDS JSON) and events (iCalendar) to a folder.
    Export(ExportArgs),
    /// Import services from another directory.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Blueprints: check and pack community apps kept as files.
    #[command(subcommand)]
    Blueprint(BlueprintCommand),
}

#[derive(Args)]
struct BlueprintSignArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The blueprint file (.toml or .json).
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// Where to write the signed blueprint (default: standard output).
    #[arg(long, value_name = "FILE")]
    to: Option<PathBuf>,
}

#[derive(Args)]
struct BlueprintFileArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The blueprint: a file (.toml or .json to publish, signed .json to install) or, to install, a URL.
    #[arg(value_name = "FILE|URL")]
    source: String,
}

#[derive(Subcommand)]
enum BlueprintCommand {
    /// Check blueprint files (or every .toml/.json in a folder), naming where each problem is.
    Validate {
        /// Blueprint files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Sign a blueprint as this node: its origin set to the node's base URL,
    /// its canonical form signed with the node's Ed25519 key (derived from the node key).
    Sign(BlueprintSignArgs),
    /// Publish a blueprint written here: checked, signed as this node and
    /// kept in its catalogue (served in /blueprints/feed.json).
    Publish(BlueprintFileArgs),
    /// Install a blueprint signed by another node (a signed JSON file or an
    /// http(s) URL): every signature and its derived-from chain checked first.
    Install(BlueprintFileArgs),
    /// Write a blueprint's canonical JSON form (what is hashed and signed).
    Pack {
        #[arg(value_name = "FILE")]
        path: PathBuf,
        /// Where to write it (default: standard output).
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The slug of the place to export.
    #[arg(long, value_name = "SLUG")]
    place: String,
    /// The folder to write services.json and events.ics into.
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Open Referral HSDS 3.0: JSON (a service, a list, organisations with services) or a CSV datapackage folder.
    Hsds(ImportHsdsArgs),
    /// iCalendar events into a group: a file once, or a URL followed as a subscription (fetched again every hour).
    Ical(ImportIcalArgs),
    /// Services from a CSV file in the layout described in docs/import-csv.md.
    Csv(ImportCsvArgs),
}

#[derive(Args)]
struct ImportCsvArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The CSV file.
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// What the rows are.
    #[arg(long, value_parser = ["services"], default_value = "services")]
    kind: String,
    /// The slug of the place the services are in.
    #[arg(long, value_name = "SLUG")]
    place: String,
}

#[derive(Args)]
struct ImportIcalArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// An .ics file, or an http(s) URL to subscribe to.
    #[arg(value_name = "FILE or URL")]
    source: String,
    /// The slug of the group whose events these are.
    #[arg(long, value_name = "SLUG")]
    group: String,
    /// The slug of the place the events are in (default: the group's place).
    #[arg(long, value_name = "SLUG")]
    place: Option<String>,
    /// For a URL: how often to fetch it again, in minutes (at least 5).
    #[arg(long, value_name = "MINUTES", default_value_t = 60)]
    every: i64,
}

#[derive(Args)]
struct ImportHsdsArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// An HSDS JSON file, a folder of them, or a folder with datapackage.json and CSV files.
    #[arg(value_name = "FILE or DIR")]
    path: PathBuf,
    /// The slug of the place the services are in.
    #[arg(long, value_name = "SLUG")]
    place: String,
}

#[derive(Args, Clone, Default)]
struct NodeArgs {
    /// Folder for the database, the node key and plural.toml.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH (default: <data-dir>/plural.db) or postgres://USER@HOST/DB.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

#[derive(Args, Clone, Default)]
struct ServeArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// Address and port to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR:PORT")]
    bind: Option<String>,
    /// Public address of the node, e.g. https://commons.example.org.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Write logs as JSON lines.
    #[arg(long)]
    log_json: bool,
}

#[derive(Args)]
struct InitArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// Public address of the node, e.g. https://commons.example.org.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The node's name, e.g. "Lambeth Commons".
    #[arg(long)]
    name: Option<String>,
    /// The first place, e.g. "Coldharbour".
    #[arg(long)]
    place_name: Option<String>,
    /// The first place's web name (default: made from its name).
    #[arg(long)]
    place_slug: Option<String>,
    /// The first admin's email address.
    #[arg(long)]
    admin_email: Option<String>,
    /// The first admin's display name.
    #[arg(long)]
    admin_name: Option<String>,
    /// The first admin's password (or PLURAL_ADMIN_PASSWORD). Without one, sign in by emailed link.
    #[arg(long, env = "PLURAL_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// Never ask questions; fail if a required flag is missing.
    #[arg(long)]
    non_interactive: bool,
}

#[derive(Args)]
struct MigrateArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// Only list the migrations and whether the database is up to date.
    #[arg(long)]
    status: bool,
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The file to write (must not exist yet).
    #[arg(long, value_name = "FILE")]
    to: PathBuf,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Create {
        #[command(flatten)]
        node: NodeArgs,
        #[arg(long)]
        email: String,
        /// Display name (a pseudonym is fine).
        #[arg(long)]
        name: String,
        /// Password (or PLURAL_USER_PASSWORD); without one, sign in by emailed link.
        #[arg(long, env = "PLURAL_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Make the person a node admin.
        #[arg(long)]
        admin: bool,
    },
    /// Make someone a node admin (or, with --revoke, no longer one).
    Promote {
        #[command(flatten)]
        node: NodeArgs,
        email: String,
        #[arg(long)]
        revoke: bool,
    },
    /// Disable an account: sign it out everywhere and refuse sign-in (or, with --enable, undo).
    Disable {
        #[command(flatten)]
        node: NodeArgs,
        email: String,
        #[arg(long)]
        enable: bool,
    },
}

fn flags(node: &NodeArgs) -> FlagOverrides {
    FlagOverrides { data_dir: node.data_dir.clone(), database_url: node.database_url.clone(), ..Default::default() }
}

fn serve_flags(a: &ServeArgs) -> FlagOverrides {
    FlagOverrides {
        bind: a.bind.clone(),
        base_url: a.base_url.clone(),
        log_format: a.log_json.then(|| "json".to_string()),
        ..flags(&a.node)
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log_level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if config.log_format == "json" { builder.json().try_init() } else { builder.try_init() };
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let explicit = cli.config.as_deref();
    match cli.command {
        Command::Serve(a) => {
            let config = settings::load(explicit, &serve_flags(&a))?;
            init_logging(&config);
            let key = settings::node_key(&config)?;
            serve(config, key).await
        }
        Command::Demo(mut a) => {
            if a.node.data_dir.is_none() && std::env::var_os("PLURAL_DATA_DIR").is_none() {
                a.node.data_dir = Some(PathBuf::from("demo-data"));
            }
            let config = settings::load(explicit, &serve_flags(&a))?;
            init_logging(&config);
            crate::demo::ensure(&config).await?;
            let key = settings::node_key(&config)?;
            eprintln!("{}", crate::demo::WELCOME.replace("{base}", config.base()));
            serve(config, key).await
        }
        Command::Init(a) => init(explicit, a).await,
        Command::Migrate(a) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let db = plural_store::Db::connect(&config.effective_database_url(), &Default::default()).await?;
            if !a.status {
                db.migrate().await?;
            }
            for (version, description) in db.migrations() {
                println!("{version:>5}  {description}");
            }
            println!("database is {}", if db.is_ready().await? { "up to date" } else { "NOT up to date" });
            Ok(())
        }
        Command::Backup(a) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let url = config.effective_database_url();
            if plural_store::Engine::from_url(&url)? == plural_store::Engine::Postgres {
                anyhow::bail!(
                    "this node uses PostgreSQL; back it up with PostgreSQL's own tools, which copy a consistent \
                     snapshot while the node runs:\n  pg_dump --format=custom --file=plural.dump \"$DATABASE_URL\"\n\
                     and restore with pg_restore --dbname=NEWDB plural.dump. Keep the node key (secret_key) with it."
                );
            }
            let db = setup::connect(&config).await?;
            db.backup_sqlite_to(&a.to).await?;
            println!(
                "backed up to {}. Keep {} with it: without the node key the sealed email addresses cannot be read.",
                a.to.display(),
                settings::key_file(&config).display()
            );
            Ok(())
        }
        Command::User(cmd) => user(explicit, cmd).await,
        Command::Export(a) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            // Only public documents are written, so nothing sealed is read: a
            // node without its key file can still be exported.
            let key = match settings::node_key(&config) {
                Ok(k) => k,
                Err(_) => plural_store::NodeKey::from_secret(&plural_store::NodeKey::generate_secret())
                    .context("making a throwaway node key")?,
            };
            // The documents are rendered as the node serves them; nothing listens.
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let app = plural_web::App::build_on(config, key, listener).await?;
            let out = crate::export::export(app.state(), &a.place, &a.to).await?;
            println!("{} services → {}", out.services, out.services_file.display());
            println!("{} events → {}", out.events, out.events_file.display());
            Ok(())
        }
        Command::Blueprint(BlueprintCommand::Validate { paths }) => crate::blueprint_cli::validate(&paths),
        Command::Blueprint(BlueprintCommand::Sign(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let key = settings::node_key(&config)?;
            crate::blueprint_cli::sign(&a.path, a.to.as_deref(), &key, &config.base_url)
        }
        Command::Blueprint(BlueprintCommand::Publish(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let key = settings::node_key(&config)?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let app = plural_web::App::build_on(config, key, listener).await?;
            crate::blueprint_cli::publish(app.state(), &a.source).await
        }
        Command::Blueprint(BlueprintCommand::Install(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let key = settings::node_key(&config)?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let app = plural_web::App::build_on(config, key, listener).await?;
            crate::blueprint_cli::install(app.state(), &a.source).await
        }
        Command::Blueprint(BlueprintCommand::Pack { path, to }) => crate::blueprint_cli::pack(&path, to.as_deref()),
        Command::Import(ImportCommand::Hsds(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let db = setup::connect(&config).await?;
            let report = crate::import_hsds::import(&db, &a.path, &a.place, std::io::stdout().is_terminal()).await?;
            print!("{report}");
            Ok(())
        }
        Command::Import(ImportCommand::Csv(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let db = setup::connect(&config).await?;
            let show = std::io::stdout().is_terminal();
            let report = plural_web::imports::csv::import(&db, &a.path, &a.kind, &a.place, show).await?;
            print!("{report}");
            Ok(())
        }
        Command::Import(ImportCommand::Ical(a)) => {
            let config = settings::load(explicit, &flags(&a.node))?;
            let db = setup::connect(&config).await?;
            let target = plural_web::imports::ical::target(&db, &a.group, a.place.as_deref()).await?;
            let every = a.every.saturating_mul(60);
            let show = std::io::stdout().is_terminal();
            let allow_loopback = config.federation.allow_loopback;
            let report = plural_web::imports::ical::import(&db, &a.source, target, every, show, allow_loopback).await?;
            print!("{report}");
            Ok(())
        }
    }
}

async fn serve(config: Config, key: plural_store::NodeKey) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let app = plural_web::App::build(config.clone(), key).await?;
    tracing::info!(
        addr = %app.local_addr()?,
        base_url = %config.base_url,
        database = %plural_store::db::redact(&config.effective_database_url()),
        ready_in_ms = started.elapsed().as_millis() as u64,
        "plural is serving"
    );
    app.run_until_stopped(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// A value from a flag, or asked for on a terminal.
fn ask(value: Option<String>, flag: &str, question: &str, interactive: bool) -> anyhow::Result<String> {
    if let Some(v) = value {
        return Ok(v);
    }
    if !interactive {
        anyhow::bail!("{flag} is required (or run without --non-interactive on a terminal to be asked)");
    }
    print!("{question}: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let line = line.trim().to_string();
    if line.is_empty() {
        anyhow::bail!("{flag} is required");
    }
    Ok(line)
}

async fn init(explicit: Option<&std::path::Path>, a: InitArgs) -> anyhow::Result<()> {
    let interactive = !a.non_interactive && std::io::stdin().is_terminal();
    let base_url = match a.base_url {
        Some(u) => Some(u),
        None if interactive => {
            Some(ask(None, "--base-url", "Public address of the node (e.g. http://127.0.0.1:8080)", true)?)
        }
        None => None,
    };
    let flags = FlagOverrides { base_url, ..flags(&a.node) };
    let config = settings::load(explicit, &flags)?;
    let new = setup::NewNode {
        name: ask(a.name, "--name", "Name of the node (e.g. Lambeth Commons)", interactive)?,
        place_name: ask(a.place_name, "--place-name", "First place (e.g. Coldharbour)", interactive)?,
        place_slug: a.place_slug,
        admin_email: ask(a.admin_email, "--admin-email", "First admin's email address", interactive)?,
        admin_name: ask(a.admin_name, "--admin-name", "First admin's display name", interactive)?,
        admin_password: a.admin_password,
    };
    settings::create_key_file(&config)?;
    let key = settings::node_key(&config)?;
    let db = setup::connect(&config).await?;
    setup::init_node(&db, &key, &new).await?;
    let file = settings::write_config_file(&config)?;
    println!("Created node {:?} in {}.", new.name, config.data_dir.display());
    println!(
        "Settings: {}. Node key: {} (back it up; never share it).",
        file.display(),
        settings::key_file(&config).display()
    );
    println!("Start it with: plural serve --data-dir {}", config.data_dir.display());
    Ok(())
}

async fn user(explicit: Option<&std::path::Path>, cmd: UserCommand) -> anyhow::Result<()> {
    let node = match &cmd {
        UserCommand::Create { node, .. } | UserCommand::Promote { node, .. } | UserCommand::Disable { node, .. } => {
            node
        }
    };
    let config = settings::load(explicit, &flags(node))?;
    let key = settings::node_key(&config)?;
    let db = setup::connect(&config).await?;
    match cmd {
        UserCommand::Create { email, name, password, admin, .. } => {
            let id = setup::create_person(&db, &key, &email, &name, password.as_deref(), admin).await?;
            println!("created {id}{}", if admin { " (node admin)" } else { "" });
        }
        UserCommand::Promote { email, revoke, .. } => {
            let id = setup::find_person(&db, &key, &email).await?;
            plural_store::people::set_node_admin(&db, id, !revoke).await?;
            plural_store::people::log_access(
                &db,
                id,
                "node operator (command line)",
                if revoke { "admin-revoked" } else { "admin-granted" },
            )
            .await?;
            println!("{id} is {} a node admin", if revoke { "no longer" } else { "now" });
        }
        UserCommand::Disable { email, enable, .. } => {
            let id = setup::find_person(&db, &key, &email).await?;
            plural_store::people::set_disabled(&db, id, !enable).await.context("updating the account")?;
            println!("{id} is {}", if enable { "enabled" } else { "disabled and signed out everywhere" });
        }
    }
    Ok(())
}
