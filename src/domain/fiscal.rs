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

#[cfg(test)]
mod tests {
    use super::*;

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
