//! Outgoing email. Messages are queued as jobs (sealed with the node key,
//! since they hold an address and often a sign-in link) and sent by the
//! worker over SMTP, or printed to the log on a local node.

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use plural_store::jobs::{ClaimedJob, Job};
use plural_store::Db;
use plural_store::NodeKey;
use serde::{Deserialize, Serialize};

use crate::config::MailConfig;

pub enum Transport {
    /// Print messages to the log (local development and demos).
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

/// One email, as queued.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// An HTML alternative to `text`, for mail that is read like a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// A one-click unsubscribe address (RFC 8058) for mail sent on a schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe_url: Option<String>,
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim().trim_start_matches('<').trim_end_matches('>').to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the mail
/// client may unsubscribe with one POST, without opening a page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// The queued job: the email, sealed.
#[derive(Debug, Serialize, Deserialize)]
pub struct SendEmail {
    pub sealed: String,
}

impl Job for SendEmail {
    const KIND: &'static str = "mail.send";
    const MAX_ATTEMPTS: i64 = 10;
}

impl Mailer {
    pub fn from_config(c: &MailConfig) -> anyhow::Result<Mailer> {
        let from: Mailbox = c.from.parse()?;
        let transport = match c.transport.as_str() {
            "smtp" => Transport::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(&c.smtp_url)?.build()),
            _ => Transport::Log,
        };
        Ok(Mailer { transport, from })
    }

    pub async fn send(&self, email: &Email) -> anyhow::Result<()> {
        match &self.transport {
            Transport::Log => {
                tracing::info!(subject = %email.subject, "email (log transport; not sent):\n{}", email.text);
                Ok(())
            }
            Transport::Smtp(smtp) => {
                let mut builder =
                    Message::builder().from(self.from.clone()).to(email.to.parse()?).subject(&email.subject);
                if let Some(url) = &email.unsubscribe_url {
                    builder = builder.header(ListUnsubscribe(url.clone())).header(ListUnsubscribePost);
                }
                let msg = match &email.html {
                    Some(html) => {
                        builder.multipart(MultiPart::alternative_plain_html(email.text.clone(), html.clone()))?
                    }
                    None => builder.body(email.text.clone())?,
                };
                smtp.send(msg).await?;
                Ok(())
            }
        }
    }
}

/// Queue an email. It is sent by the worker, retried if the server fails.
pub async fn queue(db: &Db, key: &NodeKey, email: &Email) -> Result<(), plural_store::StoreError> {
    let json = serde_json::to_string(email).map_err(|e| plural_store::StoreError::Corrupt(e.to_string()))?;
    plural_store::jobs::enqueue(db.writer(), &SendEmail { sealed: key.seal(&json) }).await?;
    Ok(())
}

/// The worker's handler for `mail.send`.
pub async fn handle(mailer: &Mailer, key: &NodeKey, job: &ClaimedJob) -> anyhow::Result<()> {
    let SendEmail { sealed } = job.payload()?;
    let email: Email = serde_json::from_str(&key.open(&sealed)?)?;
    mailer.send(&email).await
}
