//! Signed provenance of blueprints. A node signs the canonical form of a
//! blueprint it publishes with its Ed25519 key; a signed blueprint travels
//! with the signed versions it was derived from, back to the original, so
//! anyone can check who published which version and what it came from.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::blueprints::{self as bp, Blueprint, Problem};

/// The longest chain of adaptations accepted.
pub const CHAIN_MAX: usize = 50;

/// One signed version: the blueprint, the SHA-256 of its canonical form,
/// the publisher's public key and their signature of the canonical bytes
/// (both hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub blueprint: Blueprint,
    pub digest: String,
    pub key: String,
    pub signature: String,
}

/// A signed blueprint with the signed versions it was derived from,
/// nearest first, ending with the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    pub head: Link,
    #[serde(default)]
    pub chain: Vec<Link>,
}

/// The public half of a signing key, hex.
pub fn public_key(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

/// Sign a blueprint's canonical form.
pub fn sign(b: &Blueprint, key: &SigningKey) -> Link {
    let canonical = bp::canonical(b);
    Link {
        digest: bp::digest(b),
        key: public_key(key),
        signature: hex::encode(key.sign(canonical.as_bytes()).to_bytes()),
        blueprint: b.clone(),
    }
}

fn problem(path: String, code: &'static str, message: &str) -> Problem {
    Problem { path, code, message: message.to_string() }
}

/// Check one link: its digest is its blueprint's, and its signature is its key's.
pub fn verify_link(l: &Link, path: &str) -> Result<(), Problem> {
    if bp::digest(&l.blueprint) != l.digest {
        return Err(problem(
            format!("{path}.digest"),
            "blueprint-digest-mismatch",
            "the digest is not the SHA-256 of this blueprint's canonical form: it was changed after signing",
        ));
    }
    let bad_key = || {
        problem(
            format!("{path}.key"),
            "blueprint-key-invalid",
            "give the publisher's Ed25519 public key (64 hex digits)",
        )
    };
    let key_bytes: [u8; 32] = hex::decode(&l.key).ok().and_then(|b| b.try_into().ok()).ok_or_else(bad_key)?;
    let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| bad_key())?;
    let sig_bytes: [u8; 64] = hex::decode(&l.signature).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| {
        problem(
            format!("{path}.signature"),
            "blueprint-signature-invalid",
            "give the Ed25519 signature (128 hex digits)",
        )
    })?;
    key.verify(bp::canonical(&l.blueprint).as_bytes(), &Signature::from_bytes(&sig_bytes)).map_err(|_| {
        problem(
            format!("{path}.signature"),
            "blueprint-signature-mismatch",
            "the signature does not match this blueprint and key",
        )
    })?;
    if l.blueprint.origin.is_none() {
        return Err(problem(
            format!("{path}.blueprint.origin"),
            "blueprint-origin-required",
            "a published blueprint names the node that published it",
        ));
    }
    Ok(())
}

/// Who published which version, nearest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: String,
    pub version: String,
    pub origin: String,
    pub key: String,
    pub digest: String,
}

/// Check a signed blueprint and its whole chain back to the original:
/// every signature, every digest, each `derived_from` naming exactly the
/// next link, no version appearing twice (a loop), and the chain ending at
/// a blueprint derived from nothing.
pub fn verify(s: &Signed, modules: &[&str]) -> Result<Vec<Step>, Vec<Problem>> {
    let mut problems = Vec::new();
    if s.chain.len() > CHAIN_MAX {
        return Err(vec![problem("chain".into(), "blueprint-chain-too-long", "the chain of adaptations is too long")]);
    }
    let links: Vec<(String, &Link)> = std::iter::once(("head".to_string(), &s.head))
        .chain(s.chain.iter().enumerate().map(|(i, l)| (format!("chain[{i}]"), l)))
        .collect();
    for (path, l) in &links {
        if let Err(p) = verify_link(l, path) {
            problems.push(p);
        }
    }
    problems.extend(bp::check(&s.head.blueprint, modules).into_iter().map(|mut p| {
        p.path = format!("head.blueprint.{}", p.path);
        p
    }));
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for (i, (path, l)) in links.iter().enumerate() {
        let b = &l.blueprint;
        let identity = (b.id.clone(), b.version.clone(), b.origin.clone().unwrap_or_default());
        if seen.contains(&identity) {
            problems.push(problem(
                format!("{path}.blueprint"),
                "blueprint-provenance-loop",
                "this version appears twice in its own provenance: the derived-from chain loops",
            ));
            break;
        }
        seen.push(identity);
        match (&b.derived_from, links.get(i + 1)) {
            (Some(d), Some((_, next))) => {
                let n = &next.blueprint;
                if d.id != n.id
                    || d.version != n.version
                    || Some(&d.origin) != n.origin.as_ref()
                    || d.digest != next.digest
                {
                    problems.push(problem(
                        format!("{path}.blueprint.derived_from"),
                        "blueprint-provenance-broken",
                        "derived_from does not name the next signed version in the chain",
                    ));
                }
            }
            (Some(_), None) => problems.push(problem(
                format!("{path}.blueprint.derived_from"),
                "blueprint-provenance-missing",
                "include the signed version it was derived from, back to the original",
            )),
            (None, Some(_)) => problems.push(problem(
                format!("{path}.blueprint"),
                "blueprint-provenance-extra",
                "this version is derived from nothing, so nothing may follow it in the chain",
            )),
            (None, None) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(links
        .iter()
        .map(|(_, l)| Step {
            id: l.blueprint.id.clone(),
            version: l.blueprint.version.clone(),
            origin: l.blueprint.origin.clone().unwrap_or_default(),
            key: l.key.clone(),
            digest: l.digest.clone(),
        })
        .collect())
}

/// A signing key from 32 secret bytes (a node derives them from its key).
pub fn signing_key(secret: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprints::{Source, Syntax};

    const MODULES: [&str; 1] = ["campaigns"];
    const SAVE_OUR_LOCAL: &str = include_str!("../../../blueprints/save-our-local.toml");

    fn original(origin: &str) -> Blueprint {
        let mut b = bp::parse(SAVE_OUR_LOCAL, Syntax::Toml, &MODULES).unwrap();
        b.origin = Some(origin.to_string());
        b
    }

    fn adapt(from: &Link, id: &str, origin: &str) -> Blueprint {
        let mut b = from.blueprint.clone();
        b.id = id.to_string();
        b.origin = Some(origin.to_string());
        b.derived_from = Some(Source {
            id: from.blueprint.id.clone(),
            version: from.blueprint.version.clone(),
            origin: from.blueprint.origin.clone().unwrap(),
            digest: from.digest.clone(),
        });
        b
    }

    #[test]
    fn a_chain_verifies_back_to_the_original() {
        let (newham, dumfries) = (signing_key(&[1; 32]), signing_key(&[2; 32]));
        let a = sign(&original("https://newham.example"), &newham);
        let b = sign(&adapt(&a, "save-our-local-dumfries", "https://dumfries.example"), &dumfries);
        let steps = verify(&Signed { head: b.clone(), chain: vec![a.clone()] }, &MODULES).unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!((steps[1].origin.as_str(), steps[1].key.clone()), ("https://newham.example", public_key(&newham)));
        // Unsigned changes, a wrong key, a missing or broken chain: refused.
        let mut tampered = b.clone();
        tampered.blueprint.version = "9.9.9".into();
        let p = verify(&Signed { head: tampered, chain: vec![a.clone()] }, &MODULES).unwrap_err();
        assert_eq!(p[0].code, "blueprint-digest-mismatch");
        let mut forged = b.clone();
        forged.key = public_key(&newham);
        assert_eq!(
            verify(&Signed { head: forged, chain: vec![a.clone()] }, &MODULES).unwrap_err()[0].code,
            "blueprint-signature-mismatch"
        );
        assert_eq!(
            verify(&Signed { head: b.clone(), chain: vec![] }, &MODULES).unwrap_err()[0].code,
            "blueprint-provenance-missing"
        );
        let other = sign(&original("https://elsewhere.example"), &newham);
        assert_eq!(
            verify(&Signed { head: b, chain: vec![other] }, &MODULES).unwrap_err()[0].code,
            "blueprint-provenance-broken"
        );
    }

    #[test]
    fn a_loop_in_the_derived_from_chain_is_refused() {
        let k = signing_key(&[3; 32]);
        let a0 = sign(&original("https://a.example"), &k);
        let b1 = sign(&adapt(&a0, "b", "https://b.example"), &k);
        // "a" 1.0.0 from a.example again, now claiming to derive from b.
        let a1 = sign(&adapt(&b1, "save-our-local", "https://a.example"), &k);
        let p = verify(&Signed { head: a1, chain: vec![b1, a0] }, &MODULES).unwrap_err();
        assert!(p.iter().any(|p| p.code == "blueprint-provenance-loop"), "{p:?}");
    }
}
