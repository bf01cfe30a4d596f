//! Italian fiscal codes of legal persons and VAT numbers (partita IVA): eleven digits whose
//! last is a Luhn-style check digit (D.M. 23/12/1976).

pub fn is_valid_numeric_fiscal_code(input: &str) -> bool {
    let s = input.trim();
    if s.len() != 11 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = digits[..10]
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            }
        })
        .sum();
    (10 - sum % 10) % 10 == digits[10]
}

/// The 16-character codice fiscale of a natural person (sole traders register with it): the
/// last character checks the first fifteen (D.M. 12/03/1974 and D.M. 23/12/1976).
pub fn is_valid_personal_fiscal_code(input: &str) -> bool {
    const ODD: [u32; 36] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23, // A-Z
    ];
    let s = input.trim().to_ascii_uppercase();
    if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let index = |b: u8| {
        if b.is_ascii_digit() {
            (b - b'0') as usize
        } else {
            (b - b'A') as usize + 10
        }
    };
    let value = |b: u8| {
        if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A')
        }
    };
    let bytes = s.as_bytes();
    let sum: u32 = bytes[..15]
        .iter()
        .enumerate()
        .map(|(i, &b)| if i % 2 == 0 { ODD[index(b)] } else { value(b) })
        .sum();
    bytes[15] == b'A' + (sum % 26) as u8
}

/// An Italian organisation identifies itself by its 11-digit VAT number / fiscal code, or, for a
/// sole trader, by the owner's 16-character fiscal code.
pub fn is_valid_italian_identifier(input: &str) -> bool {
    is_valid_numeric_fiscal_code(input) || is_valid_personal_fiscal_code(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_the_control_character_of_a_personal_fiscal_code() {
        assert!(is_valid_personal_fiscal_code("RSSMRA85T10A562S"));
        assert!(is_valid_personal_fiscal_code("rssmra85t10a562s"));
        assert!(!is_valid_personal_fiscal_code("RSSMRA85T10A562T"));
        assert!(!is_valid_personal_fiscal_code("RSSMRA85T10A562"));
        assert!(is_valid_italian_identifier("03841571205"));
    }

    #[test]
    fn accepts_the_fiscal_code_of_regione_emilia_romagna() {
        assert!(is_valid_numeric_fiscal_code("80062590379"));
    }

    #[test]
    fn rejects_a_wrong_check_digit_or_length() {
        assert!(!is_valid_numeric_fiscal_code("80062590378"));
        assert!(!is_valid_numeric_fiscal_code("8006259037"));
        assert!(!is_valid_numeric_fiscal_code("8006259037A"));
    }
}
