//! `Content-Disposition: attachment` for any file name, built with the library's encoder: an ASCII
//! `filename` for old clients and the exact name as RFC 5987 `filename*`, so that no name (quotes,
//! CR, LF, accents) can break the header or inject parameters.

use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};

pub fn attachment(file_name: &str) -> ContentDisposition {
    let clean: String = file_name.chars().filter(|c| !c.is_control()).collect();
    let ascii: String = clean
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: clean.into_bytes(),
            }),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderValue, TryIntoHeaderValue};

    fn header(name: &str) -> HeaderValue {
        attachment(name).try_into_value().unwrap()
    }

    #[test]
    fn any_name_makes_a_valid_header_without_extra_parameters() {
        let v = header("verbale-PCP\"; x=\"1\r\n.pdf");
        let s = v.to_str().unwrap();
        assert!(
            s.starts_with("attachment; filename=\"verbale-PCP__ x__1.pdf\""),
            "{s}"
        );
        assert!(!s.contains('\r') && !s.contains('\n'));
        assert_eq!(s.matches("filename").count(), 2, "{s}");
        let accents = header("relazione-città.pdf");
        assert!(
            accents
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''relazione%2Dcitt%C3%A0.pdf")
        );
    }
}
