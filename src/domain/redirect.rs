//! Where a redirect may send a person: only to a path on this site.

/// `next` as a same-site path, or `None`. A browser drops tabs and newlines from a URL, so
/// `/\t/evil.example` would become `//evil.example` — another site; only the characters of a URL
/// path and query are accepted (anything else must arrive percent-encoded), and the path must not
/// start with `//` or `/\`.
pub fn local_path(next: &str) -> Option<&str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%#".contains(c);
    let rest = next.strip_prefix('/')?;
    if rest.starts_with('/') || rest.starts_with('\\') || !next.chars().all(allowed) {
        return None;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site() {
        assert_eq!(local_path("/calls?x=1#a"), Some("/calls?x=1#a"));
        assert_eq!(local_path("/calls/%C3%A8"), Some("/calls/%C3%A8"));
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/calls\r\nSet-Cookie: x=1",
            "/è",
            "",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }
}
