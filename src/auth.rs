//! Passwords (Argon2id) and session tokens. A token is random; only its SHA-256 is stored, so a
//! copy of the database does not let anyone sign in, and logout really ends the session.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub const MIN_PASSWORD_CHARS: usize = 10;

/// zxcvbn's estimate is at least "safely unguessable" (score 3 of 4, about 10^10 guesses),
/// counting the account's own e-mail and name as known to the attacker.
pub fn is_hard_to_guess(password: &str, known: &[&str]) -> bool {
    zxcvbn::zxcvbn(password, known).score() >= zxcvbn::Score::Three
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| anyhow::anyhow!("cannot encode the salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same effort as a real check, so that response time does not reveal whether an
/// email address has an account.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn guessable_passwords_are_told_apart_from_unguessable_ones() {
        for weak in ["password1234", "qwertyuiop12", "iloveyou2024", "1234567890"] {
            assert!(!is_hard_to_guess(weak, &[]), "{weak}");
        }
        assert!(
            !is_hard_to_guess("rossi.mario@lab.it", &["rossi.mario@lab.it"]),
            "the account's own e-mail"
        );
        for strong in [
            "cavallo-batteria-graffetta",
            "a-long-test-password",
            "demo-funzionaria-2026",
        ] {
            assert!(is_hard_to_guess(strong, &[]), "{strong}");
        }
    }

    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
