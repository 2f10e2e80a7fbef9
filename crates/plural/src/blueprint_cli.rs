//! `plural blueprint validate|pack`: for people who write blueprints in a
//! text editor and keep them in git. `validate` checks files (or every
//! `.toml`/`.json` in a folder) against the format and this build's
//! modules, naming the path of each problem; `pack` writes a blueprint's
//! canonical JSON form, the bytes that are hashed and signed; `sign` signs
//! one as this node (its base URL as origin, its Ed25519 key).

use std::path::{Path, PathBuf};

use anyhow::Context;
use plural_kernel::blueprints::{self as bp, Syntax};

fn files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut out: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading the folder {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().and_then(|n| n.to_str()).and_then(Syntax::of_name).is_some())
            .filter(|p| p.file_name().is_some_and(|n| n != "schema.json"))
            .collect();
        out.sort();
        Ok(out)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

fn read(path: &Path) -> anyhow::Result<Result<bp::Blueprint, Vec<bp::Problem>>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let syntax = Syntax::of_name(name)
        .with_context(|| format!("{}: a blueprint file ends in .toml or .json", path.display()))?;
    let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(bp::parse(&source, syntax, &plural_web::blueprints::service::MODULES))
}

/// Check each file; print what is wrong. Err when any file has problems.
pub fn validate(paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut bad = 0;
    for path in paths.iter().map(|p| files(p)).collect::<anyhow::Result<Vec<_>>>()?.concat() {
        match read(&path)? {
            Ok(b) => println!("ok    {} ({} {}, sha256 {})", path.display(), b.id, b.version, bp::digest(&b)),
            Err(problems) => {
                bad += 1;
                println!("FAIL  {}", path.display());
                for p in problems {
                    println!("      {p}");
                }
            }
        }
    }
    if bad > 0 {
        anyhow::bail!("{bad} blueprint file(s) have problems; nothing was changed");
    }
    Ok(())
}

/// Write the canonical form of a valid blueprint to `to` (or stdout).
pub fn pack(path: &Path, to: Option<&Path>) -> anyhow::Result<()> {
    let b = match read(path)? {
        Ok(b) => b,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            anyhow::bail!("{} is not a valid blueprint; nothing was written", path.display());
        }
    };
    let canonical = bp::canonical(&b);
    match to {
        Some(to) => {
            std::fs::write(to, format!("{canonical}\n")).with_context(|| format!("writing {}", to.display()))?;
            eprintln!("{} {} → {} (sha256 {})", b.id, b.version, to.display(), bp::digest(&b));
        }
        None => println!("{canonical}"),
    }
    Ok(())
}

/// Sign a valid blueprint as the node whose key and base URL are given.
pub fn sign(path: &Path, to: Option<&Path>, key: &plural_store::NodeKey, base_url: &str) -> anyhow::Result<()> {
    let mut b = match read(path)? {
        Ok(b) => b,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            anyhow::bail!("{} is not a valid blueprint; nothing was signed", path.display());
        }
    };
    b.origin = Some(base_url.trim_end_matches('/').to_string());
    let signing = plural_kernel::provenance::signing_key(&key.derive("blueprint-signing/ed25519"));
    let signed =
        plural_kernel::provenance::Signed { head: plural_kernel::provenance::sign(&b, &signing), chain: Vec::new() };
    let json = serde_json::to_string_pretty(&signed)?;
    match to {
        Some(to) => {
            std::fs::write(to, format!("{json}\n")).with_context(|| format!("writing {}", to.display()))?;
            eprintln!("{} {} signed by {} (key {}) → {}", b.id, b.version, base_url, signed.head.key, to.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

fn report(
    outcome: Result<plural_web::blueprints::service::Installed, Vec<bp::Problem>>,
    what: &str,
) -> anyhow::Result<()> {
    match outcome {
        Ok(i) => {
            let b = &i.blueprint;
            println!(
                "{} {} {what} (digest {}, origin {})",
                b.id,
                b.version,
                i.digest,
                b.origin.as_deref().unwrap_or("")
            );
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            anyhow::bail!("the blueprint was not {what}; nothing was changed")
        }
    }
}

/// Publish a blueprint file as this node: checked, signed and kept.
pub async fn publish(state: &plural_web::AppState, path: &str) -> anyhow::Result<()> {
    let path = Path::new(path);
    let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let syntax = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Syntax::Toml,
        Some("json") => Syntax::Json,
        _ => anyhow::bail!("{}: a blueprint file ends in .toml or .json", path.display()),
    };
    let outcome = plural_web::blueprints::service::publish(state, &source, syntax).await.map_err(web)?;
    report(outcome, "published")
}

/// Install a signed blueprint from a file or an http(s) URL.
pub async fn install(state: &plural_web::AppState, source: &str) -> anyhow::Result<()> {
    let document = if source.starts_with("https://") || source.starts_with("http://") {
        plural_web::blueprints::remote::fetch_document(source, state.config.federation.allow_loopback).await?
    } else {
        std::fs::read_to_string(source).with_context(|| format!("reading {source}"))?
    };
    let outcome = plural_web::blueprints::service::install(state, &document).await.map_err(web)?;
    report(outcome, "installed")
}

fn web(e: plural_web::error::WebError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}
