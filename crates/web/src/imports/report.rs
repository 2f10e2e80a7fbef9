//! What every import ends with: what was taken, what was refused and why,
//! and a progress bar while it runs on a terminal.

use plural_kernel::language::Language;

/// Why something was refused: a message of `locales/*/imports.ftl` (every id
/// starts `import-reason-`) and its arguments, so the admin page shows it in
/// the reader's language while the command line and the API keep English.
/// Arguments are the file's own words (a field, a row's id) or a parser's
/// message, shown as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Reason {
    pub fn new(id: &'static str) -> Reason {
        Reason { id, args: Vec::new() }
    }

    /// The reason with the argument `name` set to `value`.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Reason {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn text(&self, lang: Language) -> String {
        crate::i18n::t_text_args(lang, self.id, &self.args)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Language::En))
    }
}

/// Several reasons in one line, in `lang`.
pub fn joined(reasons: &[Reason], lang: Language) -> String {
    let separator = crate::i18n::t(lang, "import-reason-separator");
    reasons.iter().map(|r| r.text(lang)).collect::<Vec<_>>().join(&separator)
}

/// A record that was not imported (or taken without a part): where it is
/// and every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub at: String,
    pub reasons: Vec<Reason>,
}

impl Refusal {
    pub fn new(at: impl Into<String>, reason: Reason) -> Refusal {
        Refusal { at: at.into(), reasons: vec![reason] }
    }

    /// The reasons in `lang`.
    pub fn text(&self, lang: Language) -> String {
        joined(&self.reasons, lang)
    }

    /// The reasons in English, as the command line and the API give them.
    pub fn reason(&self) -> String {
        self.text(Language::En)
    }
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
            writeln!(f, "  {}: {}", r.at, r.reason())?;
        }
        for w in &self.warnings {
            writeln!(f, "  taken without: {}: {}", w.at, w.reason())?;
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
/// CSV with the wrong columns, an unknown group): the reasons say what to
/// fix. It reads in English; [`InputRefused::text`] gives another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRefused(pub Vec<Reason>);

impl InputRefused {
    pub fn new(reason: Reason) -> InputRefused {
        InputRefused(vec![reason])
    }

    pub fn text(&self, lang: Language) -> String {
        joined(&self.0, lang)
    }
}

impl std::fmt::Display for InputRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Language::En))
    }
}

impl std::error::Error for InputRefused {}

/// No place has the slug a person gave.
pub fn no_place(slug: &str) -> InputRefused {
    InputRefused::new(Reason::new("import-reason-no-place").with("slug", slug.trim()))
}

/// A file named on the command line could not be read.
pub fn cannot_read(file: &dyn std::fmt::Display, error: &std::io::Error) -> InputRefused {
    InputRefused::new(Reason::new("import-reason-cannot-read").with("file", file).with("error", error))
}
