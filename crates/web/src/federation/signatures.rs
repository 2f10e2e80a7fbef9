//! HTTP Signatures as the fediverse uses them (draft-cavage-http-signatures
//! with RSA-SHA256, the `Digest` header of RFC 3230), and the actors' RSA keys.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// How far a request's `Date` may be from our clock, either way.
pub const MAX_CLOCK_SKEW_SECS: i64 = 3600;

/// A fresh RSA-2048 key pair as (public SPKI PEM, private PKCS#8 PEM).
pub fn generate_keypair() -> anyhow::Result<(String, String)> {
    let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048)?;
    let public = RsaPublicKey::from(&private);
    Ok((public.to_public_key_pem(LineEnding::LF)?, private.to_pkcs8_pem(LineEnding::LF)?.to_string()))
}

/// `SHA-256=<base64>` of a body.
pub fn digest(body: &[u8]) -> String {
    format!("SHA-256={}", B64.encode(Sha256::digest(body)))
}

/// Why a signature was refused; the code is what the inbox answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    #[error("no Signature header")]
    Missing,
    #[error("the Signature header cannot be read")]
    Malformed,
    #[error("the signature must cover (request-target), host, date and digest")]
    HeadersNotCovered,
    #[error("the Date header is missing or too far from now")]
    BadDate,
    #[error("the Digest header does not match the body")]
    BadDigest,
    #[error("the key cannot be read")]
    BadKey,
    #[error("the signature does not verify")]
    Invalid,
}

impl SigError {
    pub fn code(&self) -> &'static str {
        match self {
            SigError::Missing => "signature-missing",
            SigError::Malformed => "signature-malformed",
            SigError::HeadersNotCovered => "signature-headers",
            SigError::BadDate => "signature-date",
            SigError::BadDigest => "digest-mismatch",
            SigError::BadKey => "signature-key",
            SigError::Invalid => "signature-invalid",
        }
    }
}

/// The parts of a `Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub key_id: String,
    pub algorithm: String,
    pub headers: Vec<String>,
    pub signature: Vec<u8>,
}

pub fn parse_signature_header(value: &str) -> Result<SignatureHeader, SigError> {
    let mut key_id = None;
    let mut algorithm = String::from("hs2019");
    let mut headers = vec!["date".to_string()];
    let mut signature = None;
    // key="value" pairs separated by commas; values do not contain quotes.
    let mut rest = value.trim();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or(SigError::Malformed)?;
        let name = rest[..eq].trim().to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let after = after.strip_prefix('"').ok_or(SigError::Malformed)?;
        let end = after.find('"').ok_or(SigError::Malformed)?;
        let val = &after[..end];
        rest = after[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        match name.as_str() {
            "keyid" => key_id = Some(val.to_string()),
            "algorithm" => algorithm = val.to_ascii_lowercase(),
            "headers" => headers = val.split_ascii_whitespace().map(|h| h.to_ascii_lowercase()).collect(),
            "signature" => signature = Some(B64.decode(val).map_err(|_| SigError::Malformed)?),
            _ => {}
        }
    }
    if !matches!(algorithm.as_str(), "rsa-sha256" | "hs2019") {
        return Err(SigError::Malformed);
    }
    Ok(SignatureHeader {
        key_id: key_id.filter(|k| !k.is_empty()).ok_or(SigError::Malformed)?,
        algorithm,
        headers,
        signature: signature.ok_or(SigError::Malformed)?,
    })
}

/// The string that is signed: each covered header as `name: value`.
fn signing_string(
    method: &str,
    path_and_query: &str,
    names: &[String],
    header: impl Fn(&str) -> Option<String>,
) -> Result<String, SigError> {
    let mut lines = Vec::with_capacity(names.len());
    for name in names {
        if name == "(request-target)" {
            lines.push(format!("(request-target): {} {}", method.to_ascii_lowercase(), path_and_query));
        } else {
            let v = header(name).ok_or(SigError::HeadersNotCovered)?;
            lines.push(format!("{name}: {}", v.trim()));
        }
    }
    Ok(lines.join("\n"))
}

/// Headers to add to an outgoing request so the receiver can check it was
/// sent by `key_id`'s owner: `Date`, `Digest` (with a body), `Signature`.
pub fn sign_request(
    method: &str,
    url: &url::Url,
    body: Option<&[u8]>,
    key_id: &str,
    private_pem: &str,
    now: std::time::SystemTime,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let key = RsaPrivateKey::from_pkcs8_pem(private_pem)?;
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let date = httpdate::fmt_http_date(now);
    let mut out = vec![("host", host.clone()), ("date", date.clone())];
    let mut names = vec!["(request-target)".to_string(), "host".into(), "date".into()];
    if let Some(body) = body {
        out.push(("digest", digest(body)));
        names.push("digest".into());
    }
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let values = out.clone();
    let to_sign =
        signing_string(method, &target, &names, |n| values.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()))
            .map_err(|e| anyhow::anyhow!(e))?;
    // With a random number generator the private-key operation is blinded, so
    // its timing says nothing about the key (RUSTSEC-2023-0071: rsa 0.9 is not
    // constant-time, and without one it signs unblinded). Same signature bytes.
    let signature = SigningKey::<Sha256>::new(key).sign_with_rng(&mut rand::thread_rng(), to_sign.as_bytes());
    out.push((
        "signature",
        format!(
            "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
            names.join(" "),
            B64.encode(signature.to_bytes())
        ),
    ));
    // `host` is set by the HTTP client from the URL; it was only needed here.
    out.retain(|(k, _)| *k != "host");
    Ok(out)
}

/// Check a request's `Date` (and `Digest`, when it has a body) before any
/// key is fetched: a replayed, stale or altered request goes no further.
pub fn check_date_and_digest(
    sig: &SignatureHeader,
    header: impl Fn(&str) -> Option<String>,
    body: Option<&[u8]>,
    now: std::time::SystemTime,
) -> Result<(), SigError> {
    for needed in ["(request-target)", "host", "date"] {
        if !sig.headers.iter().any(|h| h == needed) {
            return Err(SigError::HeadersNotCovered);
        }
    }
    let date = header("date").ok_or(SigError::BadDate)?;
    let date = httpdate::parse_http_date(date.trim()).map_err(|_| SigError::BadDate)?;
    let skew = match date.duration_since(now) {
        Ok(ahead) => ahead.as_secs(),
        Err(behind) => behind.duration().as_secs(),
    };
    if skew > MAX_CLOCK_SKEW_SECS as u64 {
        return Err(SigError::BadDate);
    }
    if let Some(body) = body {
        if !sig.headers.iter().any(|h| h == "digest") {
            return Err(SigError::HeadersNotCovered);
        }
        let sent = header("digest").ok_or(SigError::BadDigest)?;
        // Several digests may be listed; the SHA-256 one must be there and match.
        let ours = digest(body);
        let matches = sent.split(',').map(str::trim).any(|d| {
            d.split_once('=')
                .is_some_and(|(alg, val)| alg.eq_ignore_ascii_case("sha-256") && format!("SHA-256={val}") == ours)
        });
        if !matches {
            return Err(SigError::BadDigest);
        }
    }
    Ok(())
}

/// Verify the signature itself with the sender's public key.
pub fn verify(
    sig: &SignatureHeader,
    method: &str,
    path_and_query: &str,
    header: impl Fn(&str) -> Option<String>,
    public_pem: &str,
) -> Result<(), SigError> {
    let key = RsaPublicKey::from_public_key_pem(public_pem.trim())
        .or_else(|_| <RsaPublicKey as rsa::pkcs1::DecodeRsaPublicKey>::from_pkcs1_pem(public_pem.trim()))
        .map_err(|_| SigError::BadKey)?;
    let to_verify = signing_string(method, path_and_query, &sig.headers, header)?;
    let signature = Signature::try_from(sig.signature.as_slice()).map_err(|_| SigError::Invalid)?;
    VerifyingKey::<Sha256>::new(key).verify(to_verify.as_bytes(), &signature).map_err(|_| SigError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_request_verifies_and_a_changed_one_does_not() -> anyhow::Result<()> {
        let (public, private) = generate_keypair()?;
        let url = url::Url::parse("https://example.org/inbox")?;
        let body = br#"{"type":"Follow"}"#;
        let now = std::time::SystemTime::now();
        let headers = sign_request("POST", &url, Some(body), "https://a.example/actor#main-key", &private, now)?;
        let mut all: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        all.push(("host".into(), "example.org".into()));
        let get = |all: &Vec<(String, String)>, n: &str| all.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let sig = parse_signature_header(&get(&all, "signature").unwrap_or_default())?;
        assert_eq!(sig.key_id, "https://a.example/actor#main-key");
        check_date_and_digest(&sig, |n| get(&all, n), Some(body), now)?;
        verify(&sig, "POST", "/inbox", |n| get(&all, n), &public)?;
        // Another path, another body, another key: refused.
        assert_eq!(verify(&sig, "POST", "/other", |n| get(&all, n), &public), Err(SigError::Invalid));
        assert_eq!(check_date_and_digest(&sig, |n| get(&all, n), Some(b"{}"), now), Err(SigError::BadDigest));
        let (other, _) = generate_keypair()?;
        assert_eq!(verify(&sig, "POST", "/inbox", |n| get(&all, n), &other), Err(SigError::Invalid));
        let later = now + std::time::Duration::from_secs(2 * 3600);
        assert_eq!(check_date_and_digest(&sig, |n| get(&all, n), Some(body), later), Err(SigError::BadDate));
        Ok(())
    }

    #[test]
    fn signature_headers_are_parsed_strictly() {
        assert_eq!(parse_signature_header("garbage"), Err(SigError::Malformed));
        assert_eq!(
            parse_signature_header(r#"keyId="k",algorithm="hmac-sha256",signature="AAAA""#),
            Err(SigError::Malformed)
        );
        assert!(parse_signature_header(
            r#"keyId="k",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA""#
        )
        .is_ok());
    }
}
