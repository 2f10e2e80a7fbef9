//! Encryption at rest for personal data, and keyed lookup hashes.
//!
//! The node key is 32 random bytes made by `plural init`. From it we derive
//! (HMAC-SHA256 with distinct labels) one key to seal personal data with
//! XChaCha20-Poly1305 and one to compute lookup hashes, so an email address
//! can be found without being stored in the clear.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::XChaCha20Poly1305;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::StoreError;

#[derive(Clone)]
pub struct NodeKey {
    seal: [u8; 32],
    lookup: [u8; 32],
}

impl std::fmt::Debug for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NodeKey(…)")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

impl NodeKey {
    /// A fresh random master secret, hex encoded, for `plural init`.
    pub fn generate_secret() -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    }

    /// Parse the hex master secret (64 hex digits).
    pub fn from_secret(secret_hex: &str) -> Option<NodeKey> {
        let bytes = hex::decode(secret_hex.trim()).ok()?;
        if bytes.len() != 32 {
            return None;
        }
        Some(NodeKey { seal: hmac(&bytes, b"plural/seal/v1"), lookup: hmac(&bytes, b"plural/lookup/v1") })
    }

    /// A key derived for another purpose (cookie signing, CSRF, …).
    pub fn derive(&self, label: &str) -> [u8; 32] {
        hmac(&self.seal, format!("plural/derive/{label}").as_bytes())
    }

    pub fn seal(&self, plaintext: &str) -> String {
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption with a valid key and nonce cannot fail.
        let ct = cipher.encrypt(&nonce, plaintext.as_bytes()).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("v1.{}", B64.encode(out))
    }

    pub fn open(&self, sealed: &str) -> Result<String, StoreError> {
        let data = sealed.strip_prefix("v1.").ok_or(StoreError::Decrypt)?;
        let bytes = B64.decode(data).map_err(|_| StoreError::Decrypt)?;
        if bytes.len() < 24 {
            return Err(StoreError::Decrypt);
        }
        let (nonce, ct) = bytes.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let pt = cipher.decrypt(nonce.into(), ct).map_err(|_| StoreError::Decrypt)?;
        String::from_utf8(pt).map_err(|_| StoreError::Decrypt)
    }

    /// Deterministic keyed hash for finding a record by a secret value.
    pub fn lookup_hash(&self, value: &str) -> String {
        hex::encode(hmac(&self.lookup, value.as_bytes()))
    }
}

/// A new random bearer secret (session, token, magic link): 32 bytes, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    B64.encode(bytes)
}

/// How bearer secrets are stored: SHA-256. They are random and long, so a
/// plain hash is enough; a stolen table cannot be replayed.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trips_and_detects_tampering() {
        let key = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap_or_else(|| unreachable!());
        let sealed = key.seal("sam@example.org");
        assert_ne!(sealed, key.seal("sam@example.org"), "random nonce");
        assert_eq!(key.open(&sealed).ok().as_deref(), Some("sam@example.org"));
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(key.open(&tampered).is_err());
        let other = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap_or_else(|| unreachable!());
        assert!(other.open(&sealed).is_err());
        assert_eq!(key.lookup_hash("x"), key.lookup_hash("x"));
        assert_ne!(key.lookup_hash("x"), other.lookup_hash("x"));
    }

    #[test]
    fn secrets_must_be_32_bytes_of_hex() {
        assert!(NodeKey::from_secret("abcd").is_none());
        assert!(NodeKey::from_secret(&"zz".repeat(32)).is_none());
    }
}
