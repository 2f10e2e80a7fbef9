//! What every import ends with: what was taken, what was refused and why,
//! and a progress bar while it runs on a terminal.

/// A record that was not imported: where it is and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub at: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub organisations_created: usize,
    pub organisations_updated: usize,
    pub services_created: usize,
    pub services_updated: usize,
    pub events_created: usize,
    pub events_updated: usize,
    /// Events already imported and the same in the source: nothing was written.
    pub events_unchanged: usize,
    /// Events a subscribed feed no longer lists: cancelled here.
    pub events_cancelled: usize,
    pub refused: Vec<Refusal>,
    /// Records taken without a part that was wrong (a point off the map).
    pub warnings: Vec<Refusal>,
    /// Documents that hold neither services nor organisations (taxonomies, lone locations).
    pub ignored: Vec<String>,
}

impl Report {
    pub fn taken(&self) -> usize {
        self.organisations_created + self.services_created + self.events_created
    }

    pub fn updated(&self) -> usize {
        self.organisations_updated + self.services_updated + self.events_updated
    }

    fn has_events(&self) -> bool {
        self.events_created + self.events_updated + self.events_unchanged + self.events_cancelled > 0
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "taken: {} ({} organisations, {} services, {} events)",
            self.taken(),
            self.organisations_created,
            self.services_created,
            self.events_created
        )?;
        writeln!(
            f,
            "updated: {} ({} organisations, {} services, {} events)",
            self.updated(),
            self.organisations_updated,
            self.services_updated,
            self.events_updated
        )?;
        if self.has_events() {
            writeln!(f, "unchanged: {} events", self.events_unchanged)?;
            writeln!(f, "cancelled (gone from the feed): {} events", self.events_cancelled)?;
        }
        writeln!(f, "refused: {}", self.refused.len())?;
        for r in &self.refused {
            writeln!(f, "  {}: {}", r.at, r.reason)?;
        }
        for w in &self.warnings {
            writeln!(f, "  taken without: {}: {}", w.at, w.reason)?;
        }
        for i in &self.ignored {
            writeln!(f, "ignored: {i} (neither services nor organisations)")?;
        }
        Ok(())
    }
}

/// A bar counting `what` on a terminal; hidden elsewhere (the web, tests, pipes).
pub fn progress_bar(len: usize, what: &str, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {what}  {{wide_msg}}"))
    {
        bar.set_style(style);
    }
    bar
}

/// The whole input was refused before anything was stored (not iCalendar,
/// CSV with the wrong columns, an unknown group): the reason says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InputRefused(pub String);
