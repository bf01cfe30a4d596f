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

#[cfg(test)]
mod tests {
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
