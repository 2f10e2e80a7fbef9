//! Creating a node and its people from the command line (`init`, `user`).
//! These use the same domain rules as the web pages.

use anyhow::Context;
use plural_kernel::language::Language;
use plural_kernel::people::{DisplayName, EmailAddress, NewPassword};
use plural_kernel::places::{Slug, Title};
use plural_kernel::{PersonId, PlaceId};
use plural_store::people::NewPerson;
use plural_store::places::PlaceFields;
use plural_store::{Db, NodeKey};
use plural_web::Config;

pub async fn connect(config: &Config) -> anyhow::Result<Db> {
    let url = config.effective_database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    }
    let db = Db::connect(
        &url,
        &plural_store::db::ConnectOptions { max_connections: config.db_max_connections, ..Default::default() },
    )
    .await
    .with_context(|| format!("connecting to {}", plural_store::db::redact(&url)))?;
    db.migrate().await.context("applying migrations")?;
    Ok(db)
}

pub struct NewNode {
    pub name: String,
    pub place_name: String,
    pub place_slug: Option<String>,
    pub admin_email: String,
    pub admin_name: String,
    pub admin_password: Option<String>,
}

fn field_error(e: plural_kernel::FieldError) -> anyhow::Error {
    anyhow::anyhow!(
        "--{}: {}",
        e.field.replace('_', "-"),
        plural_web::i18n::t(Language::En, &format!("error-{}", e.code))
    )
}

/// Create the node record, its first place and its first admin.
pub async fn init_node(db: &Db, key: &NodeKey, n: &NewNode) -> anyhow::Result<(PlaceId, PersonId)> {
    if plural_store::places::node_name(db).await?.is_some() {
        anyhow::bail!("this node is already initialised; use `plural serve`");
    }
    let name = Title::parse("name", &n.name, 80).map_err(field_error)?;
    let place = create_place(db, &n.place_name, n.place_slug.as_deref(), "", None).await?;
    let admin = create_person(db, key, &n.admin_email, &n.admin_name, n.admin_password.as_deref(), true).await?;
    plural_store::places::set_node_name(db, name.as_str()).await?;
    Ok((place, admin))
}

pub async fn create_place(
    db: &Db,
    name: &str,
    slug: Option<&str>,
    description: &str,
    parent: Option<PlaceId>,
) -> anyhow::Result<PlaceId> {
    let title = Title::parse("place_name", name, 80).map_err(field_error)?;
    let slug = match slug {
        Some(s) => Slug::parse("place_slug", s).map_err(field_error)?,
        None => Slug::from_name(name).context("--place-slug: give a short web name for the place")?,
    };
    let fields =
        PlaceFields { slug: slug.as_str(), name: title.as_str(), description, parent_id: parent, footprint: None };
    Ok(plural_store::places::create(db, fields).await?)
}

/// Create an account from the command line; with no password, the person
/// signs in by emailed link.
pub async fn create_person(
    db: &Db,
    key: &NodeKey,
    email: &str,
    name: &str,
    password: Option<&str>,
    admin: bool,
) -> anyhow::Result<PersonId> {
    let email = EmailAddress::parse("email", email).map_err(field_error)?;
    let name = DisplayName::parse("name", name).map_err(field_error)?;
    let hash = match password {
        Some(p) => {
            let p = NewPassword::parse("password", p, &[email.as_str(), name.as_str()]).map_err(field_error)?;
            Some(plural_web::auth::service::hash_password(&p).map_err(|e| anyhow::anyhow!("{e}"))?)
        }
        None => None,
    };
    let new = NewPerson {
        email: &email,
        display_name: name.as_str(),
        password_hash: hash.as_deref(),
        language: Language::En,
    };
    let id = match plural_store::people::create(db, key, new).await {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => {
            anyhow::bail!("--email: there is already an account with this email address")
        }
        Err(e) => return Err(e.into()),
    };
    if admin {
        plural_store::people::set_node_admin(db, id, true).await?;
    }
    Ok(id)
}

pub async fn find_person(db: &Db, key: &NodeKey, email: &str) -> anyhow::Result<PersonId> {
    let email = EmailAddress::parse("email", email).map_err(field_error)?;
    let (person, _) =
        plural_store::people::find_by_email(db, key, &email).await?.context("no account has this email address")?;
    Ok(person.id)
}
