//! Whether a file's first bytes fit the type its name declares: a `.pdf` that is a Windows
//! program, or a `.zip` that is a PDF, is refused before it reaches the committee.

/// How many leading bytes the check reads.
pub const HEAD_BYTES: usize = 512;

/// True when `head` (the file's first bytes) is what a file of type `extension` starts with.
/// Types without a signature of their own (text) must at least be text.
pub fn matches_declared_type(extension: &str, head: &[u8]) -> bool {
    match extension {
        "pdf" => infer::archive::is_pdf(head),
        // Office Open XML and OpenDocument files are ZIP archives.
        "zip" | "docx" | "xlsx" | "odt" | "ods" => infer::archive::is_zip(head),
        // A signed file (CAdES) is DER (an ASN.1 SEQUENCE) or its Base64 text.
        "p7m" => {
            head.first() == Some(&0x30)
                || head.starts_with(b"MII")
                || head.starts_with(b"-----BEGIN")
        }
        "txt" | "csv" => is_text(head),
        _ => false,
    }
}

/// UTF-8 without NUL bytes; a multi-byte character cut at the end of `head` is allowed.
fn is_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// A SHA-256 as people paste it (any case, spaces around), in lower-case hex; `None` if it is not
/// 64 hexadecimal digits.
pub fn sha256_hex(input: &str) -> Option<String> {
    let hash = input.trim().to_ascii_lowercase();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sha256_is_sixty_four_hex_digits_in_any_case() {
        let h = "A".repeat(64);
        assert_eq!(super::sha256_hex(&format!(" {h}\n")), Some("a".repeat(64)));
        assert_eq!(super::sha256_hex(&"a".repeat(63)), None);
        assert_eq!(super::sha256_hex(&"g".repeat(64)), None);
        assert_eq!(super::sha256_hex(""), None);
    }

    use super::*;

    #[test]
    fn files_must_start_as_their_type_does() {
        assert!(matches_declared_type("pdf", b"%PDF-1.7\n..."));
        assert!(!matches_declared_type(
            "pdf",
            b"MZ\x90\x00 a Windows program"
        ));
        assert!(matches_declared_type("docx", b"PK\x03\x04\x14\x00"));
        assert!(matches_declared_type("zip", b"PK\x03\x04\x14\x00"));
        assert!(!matches_declared_type("zip", b"%PDF-1.7"));
        assert!(matches_declared_type("p7m", &[0x30, 0x82, 0x01, 0x00]));
        assert!(!matches_declared_type("p7m", b"%PDF-1.7"));
        assert!(matches_declared_type(
            "csv",
            "nome;prezzo\nLab è;1\n".as_bytes()
        ));
        assert!(
            matches_declared_type("txt", &"è".as_bytes()[..1]),
            "cut mid-character"
        );
        assert!(!matches_declared_type("txt", b"\x00\x01binary"));
        assert!(!matches_declared_type("exe", b"MZ"));
    }
}
