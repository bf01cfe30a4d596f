//! What a user's file is called, and what we serve it as.

/// A user's file name, kept only as metadata: no directories, no control characters, no
/// characters that mean something to a shell or a file system, at most 200 characters.
pub fn sanitise_file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return None;
    }
    Some(cleaned.chars().take(200).collect())
}

/// The lowercase extension of a sanitised name.
pub fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|e| !e.is_empty())
}

/// Content types we serve for the formats we accept.
pub fn content_type_for(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "p7m" => "application/pkcs7-mime",
        "zip" => "application/zip",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_directories_and_control_characters() {
        assert_eq!(
            sanitise_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            sanitise_file_name("C:\\docs\\offerta.pdf").as_deref(),
            Some("offerta.pdf")
        );
        assert_eq!(
            sanitise_file_name("a\u{0}b\nc.pdf").as_deref(),
            Some("abc.pdf")
        );
        assert_eq!(sanitise_file_name("..").as_deref(), None);
        assert_eq!(sanitise_file_name("  ").as_deref(), None);
        assert_eq!(
            sanitise_file_name("rel<1>?.pdf").as_deref(),
            Some("rel_1__.pdf")
        );
    }

    #[test]
    fn extensions_are_lowercase() {
        assert_eq!(extension("Bando.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("README"), None);
    }
}
