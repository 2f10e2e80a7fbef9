//! Two real `plural serve` processes on one PostgreSQL database, reached
//! only through a tiny proxy that hands each new connection to the next
//! process in turn, as a round-robin load balancer does. They must act as
//! one node: a sign-in made through one is good on the other and a sign-out
//! on one ends it on both, a rate limit counts the hits on both (even when
//! they arrive at once), and every queued email is sent exactly once.
//! (`ops::two_processes_share_sessions_limits_and_jobs` checks the same in
//! one test process; this is the real-process version.)

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::StatusCode;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{post_form_as, readable, Engine, PASSWORD};
use crate::network::Node;
use crate::smtp::SmtpSink;

/// Magic-link emails allowed per client address in the test's one window.
const MAGIC_LINK_LIMIT: usize = 30;
/// Magic-link requests sent at once: some must be refused.
const MAGIC_LINK_TRIES: usize = 40;

/// A TCP proxy: each accepted connection goes to the next backend in turn.
struct Proxy {
    base: String,
    /// Connections handed to each backend so far.
    handed: Arc<Vec<AtomicUsize>>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(backends: Vec<u16>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let handed: Arc<Vec<AtomicUsize>> = Arc::new(backends.iter().map(|_| AtomicUsize::new(0)).collect());
        let counts = handed.clone();
        let accepting = tokio::spawn(async move {
            let mut next = 0;
            while let Ok((mut inbound, _)) = listener.accept().await {
                let i = next % backends.len();
                next += 1;
                counts[i].fetch_add(1, Ordering::SeqCst);
                let port = backends[i];
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", port)).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Proxy { base, handed, accepting }
    }

    fn handed(&self) -> Vec<usize> {
        self.handed.iter().map(|n| n.load(Ordering::SeqCst)).collect()
    }

    /// Connections each backend was handed since `before`.
    fn handed_since(&self, before: &[usize]) -> Vec<usize> {
        self.handed().iter().zip(before).map(|(now, then)| now - then).collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// A browser that opens a new connection for every request (keeping none
/// idle), so the proxy spreads its requests over both processes.
fn browser() -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    (client, jar)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_behind_a_proxy_act_as_one_node() {
    let Some(mut first) = Node::init(Engine::Postgres, "Two Processes", "riverside").await else { return };
    let mut second = first.another_process();
    let proxy = Proxy::start(vec![first.port, second.port]).await;
    let (smtp, smtp_port) = SmtpSink::start().await;
    for process in [&mut first, &mut second] {
        process.set("PLURAL_BASE_URL", &proxy.base);
        process.set("PLURAL_MAIL__TRANSPORT", "smtp");
        process.set("PLURAL_MAIL__SMTP_URL", &format!("smtp://127.0.0.1:{smtp_port}"));
        process.set("PLURAL_MAIL__FROM", "Two Processes <noreply@commons.test>");
        process.set("PLURAL_RATE_LIMITS__MAGIC_LINK", &MAGIC_LINK_LIMIT.to_string());
        // One window for the whole test: windows are aligned to multiples of
        // their length, so a short one could turn over mid-test and reset the count.
        process.set("PLURAL_RATE_LIMITS__WINDOW_SECS", "1000000000");
        process.start().await;
    }

    // Sessions: signed up through one process, signed in on both.
    let (client, jar) = browser();
    let before = proxy.handed();
    let res = post_form_as(
        &client,
        &jar,
        &proxy.base,
        "/sign-up",
        &[("display_name", "Lena"), ("email", "lena@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-up through the proxy");
    for _ in 0..6 {
        let res = client.get(format!("{}/account", proxy.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "signed in on whichever process answers");
    }
    let spread = proxy.handed_since(&before);
    assert!(spread.iter().all(|n| *n >= 3), "both processes answered the signed-in browser: {spread:?}");

    // A sign-out through one process ends the session on both: the old
    // cookie, replayed, is no longer good anywhere.
    let old_cookies = jar.cookies(&reqwest::Url::parse(&proxy.base).unwrap()).unwrap();
    let res = post_form_as(&client, &jar, &proxy.base, "/sign-out", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (replayer, _) = browser();
    let before = proxy.handed();
    for _ in 0..4 {
        let res = replayer
            .get(format!("{}/account", proxy.base))
            .header(reqwest::header::COOKIE, old_cookies.clone())
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), StatusCode::OK, "a signed-out session is refused by both processes");
    }
    assert!(proxy.handed_since(&before).iter().all(|n| *n >= 2));

    // Rate limits: many magic-link requests at once, spread over both
    // processes, and exactly the limit is let through.
    let before = proxy.handed();
    let tries: Vec<_> = (0..MAGIC_LINK_TRIES)
        .map(|i| {
            let (client, base) = (client.clone(), proxy.base.clone());
            tokio::spawn(async move {
                let email = format!("person{i}@example.org");
                let res = client
                    .post(format!("{base}/api/v1/magic-links"))
                    .json(&json!({"email": email}))
                    .send()
                    .await
                    .unwrap();
                (email, res.status())
            })
        })
        .collect();
    let mut sent_to = BTreeSet::new();
    let mut refused = 0;
    for t in tries {
        match t.await.unwrap() {
            (email, StatusCode::ACCEPTED) => {
                sent_to.insert(email);
            }
            (_, StatusCode::TOO_MANY_REQUESTS) => refused += 1,
            (email, status) => panic!("magic link for {email}: unexpected {status}"),
        }
    }
    let spread = proxy.handed_since(&before);
    assert!(spread.iter().all(|n| *n >= MAGIC_LINK_TRIES / 3), "both processes took requests: {spread:?}");
    assert_eq!(
        (sent_to.len(), refused),
        (MAGIC_LINK_LIMIT, MAGIC_LINK_TRIES - MAGIC_LINK_LIMIT),
        "the limit holds across both processes"
    );

    // Jobs: every queued email is sent once, by whichever process took it.
    let db = first.db().await;
    let mail_jobs = || {
        let db = db.clone();
        async move {
            sqlx::query_as::<_, (String, i64, Option<String>)>(
                "SELECT status, attempts, locked_by FROM jobs WHERE kind = 'mail.send'",
            )
            .fetch_all(db.reader())
            .await
            .unwrap()
        }
    };
    for _ in 0..600 {
        let pending = mail_jobs().await.iter().filter(|(status, _, _)| status != "done").count();
        if pending == 0 && smtp.all().len() >= MAGIC_LINK_LIMIT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for a second sending of any of them to show.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let jobs = mail_jobs().await;
    let received = smtp.all();
    assert_eq!(jobs.len(), MAGIC_LINK_LIMIT, "one email queued per accepted request");
    for (status, attempts, _) in &jobs {
        assert_eq!((status.as_str(), *attempts), ("done", 1), "each email job ran once and succeeded");
    }
    assert_eq!(received.len(), jobs.len(), "as many emails sent as queued: none twice, none lost");
    let recipients: BTreeSet<String> = received.iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(recipients, sent_to, "each accepted address got its one email");
    let link = format!("{}/sign-in/link?token=", proxy.base);
    assert!(received.iter().all(|m| readable(&m.data).contains(&link)), "links lead to the node's one address");

    // Both processes' workers took part (a worker is "<host>-<pid>-<n>").
    let pid_of = |worker: &str| worker.rsplit('-').nth(1).and_then(|p| p.parse::<u32>().ok());
    let ran_by: Vec<usize> = [first.pid().unwrap(), second.pid().unwrap()]
        .iter()
        .map(|pid| jobs.iter().filter(|(_, _, w)| w.as_deref().and_then(pid_of) == Some(*pid)).count())
        .collect();
    println!(
        "multi-process: connections per process {:?}; magic links {} accepted, {refused} refused; \
         {} emails sent for {} jobs, run by the processes {ran_by:?}",
        proxy.handed(),
        sent_to.len(),
        received.len(),
        jobs.len()
    );
    assert!(ran_by.iter().all(|n| *n > 0), "both processes ran jobs: {ran_by:?}");
    drop(second);
    first.finish().await;
}
