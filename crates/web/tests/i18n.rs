//! Every language has every message, and every message the code asks for
//! exists in English (a missing one would show its id to a reader).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Message ids defined in one language's .ftl files.
fn ids(lang: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("locales").join(lang)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some((id, _)) = line.split_once(" =") {
                    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        out.insert(id.to_string());
                    }
                }
            }
        }
    }
    out
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Literal ids passed to the translation helpers in code and templates.
fn used_ids() -> BTreeSet<String> {
    let mut paths = Vec::new();
    files(&root().join("templates"), "html", &mut paths);
    files(&root().join("src"), "rs", &mut paths);
    let mut out = BTreeSet::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for pattern in ["t(\"", "t1(\"", "t(lang, \"", "t(v.lang, \"", "t_args(lang, \"", "t(self.lang, \""] {
            let pieces: Vec<&str> = text.split(pattern).collect();
            for (before, piece) in pieces.iter().zip(pieces.iter().skip(1)) {
                // `t(` must be the whole name: `form.get("email")` is not a lookup.
                let name_start = pattern.find('(').unwrap_or(0);
                let prev = before.chars().last();
                if name_start <= 2 && prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let id: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                if piece[id.len()..].starts_with('"') && !id.is_empty() {
                    out.insert(id);
                }
            }
        }
        // An import's reasons are held as data and rendered later (`Reason::new(id)`,
        // a table from the parsers' codes), so every literal of theirs is a lookup.
        for piece in text.split("\"import-reason-").skip(1) {
            let rest: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            if piece[rest.len()..].starts_with('"') {
                out.insert(format!("import-reason-{rest}"));
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_message() {
    let en = ids("en");
    assert!(en.len() > 50);
    for lang in ["ar", "pl"] {
        let other = ids(lang);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "{lang} lacks: {missing:?}");
        assert!(extra.is_empty(), "{lang} has messages English lacks: {extra:?}");
    }
}

#[test]
fn every_message_the_code_uses_exists() {
    let en = ids("en");
    let missing: Vec<_> = used_ids().into_iter().filter(|id| !en.contains(id)).collect();
    assert!(missing.is_empty(), "messages used but not defined in locales/en: {missing:?}");
}
