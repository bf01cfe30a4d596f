//! Exact numbers for scores, price points and totals. An outcome is a legal act: two totals that
//! are mathematically equal must compare equal, so that the tie-break the call states decides.
//! Values are rationals; they are rounded only to be shown (two decimals, half away from zero).

use std::fmt;
use std::ops::{Add, Div, Mul, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::lang::Lang;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(BigRational);

impl Exact {
    pub fn zero() -> Exact {
        Exact(BigRational::zero())
    }

    pub fn integer(n: i64) -> Exact {
        Exact(BigRational::from_integer(BigInt::from(n)))
    }

    /// `numerator / denominator`; the denominator must not be zero.
    pub fn ratio(numerator: i64, denominator: i64) -> Exact {
        Exact(BigRational::new(
            BigInt::from(numerator),
            BigInt::from(denominator),
        ))
    }

    pub fn from_decimal(d: Decimal) -> Exact {
        Exact(BigRational::new(
            BigInt::from(d.mantissa()),
            BigInt::from(10).pow(d.scale()),
        ))
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// The value as a decimal when it has at most `places` decimals, e.g. a score typed by a member.
    pub fn to_decimal(&self, places: u32) -> Option<Decimal> {
        let scaled = &self.0 * BigRational::from_integer(BigInt::from(10).pow(places));
        if !scaled.is_integer() {
            return None;
        }
        Some(Decimal::from_i128_with_scale(
            scaled.to_integer().to_i128()?,
            places,
        ))
    }

    /// Rounded to two decimals, half away from zero, as people round: `(-1, "62", "33")`-style
    /// parts are joined with the language's decimal separator.
    pub fn two_decimals(&self, lang: Lang) -> String {
        let hundredths = &self.0 * BigRational::from_integer(BigInt::from(100));
        let rounded = hundredths.abs().round().to_integer();
        let units = &rounded / BigInt::from(100);
        let cents = (&rounded % BigInt::from(100)).to_u32().unwrap_or(0);
        let sign = if hundredths.is_negative() && !rounded.is_zero() {
            "-"
        } else {
            ""
        };
        let separator = match lang {
            Lang::It => ',',
            Lang::En => '.',
        };
        format!("{sign}{units}{separator}{cents:02}")
    }

    /// Rounded to two decimals, half away from zero, as the forms show it.
    pub fn rounded_two(&self) -> Option<Decimal> {
        let hundredths = &self.0 * BigRational::from_integer(BigInt::from(100));
        let rounded = hundredths.round().to_integer();
        Some(Decimal::from_i128_with_scale(rounded.to_i128()?, 2))
    }

    /// For charts only: never for a comparison.
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }

    /// Parses `n/d`, an integer or a plain decimal such as `62.5` (results stored before rationals).
    pub fn parse(s: &str) -> Option<Exact> {
        let s = s.trim();
        if let Some((n, d)) = s.split_once('/') {
            let n: BigInt = n.trim().parse().ok()?;
            let d: BigInt = d.trim().parse().ok()?;
            if d.is_zero() {
                return None;
            }
            return Some(Exact(BigRational::new(n, d)));
        }
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole
                .chars()
                .chain(fraction.chars())
                .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let numerator: BigInt = format!("{whole}{fraction}").parse().ok()?;
        let value = BigRational::new(numerator, BigInt::from(10).pow(fraction.len() as u32));
        Some(Exact(if negative { -value } else { value }))
    }
}

impl Default for Exact {
    fn default() -> Exact {
        Exact::zero()
    }
}

impl fmt::Display for Exact {
    /// `n/d`, or `n` for an integer: the stored and serialised form, exact.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_integer() {
            write!(f, "{}", self.0.numer())
        } else {
            write!(f, "{}/{}", self.0.numer(), self.0.denom())
        }
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        let s = String::deserialize(d)?;
        Exact::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a number: {s}")))
    }
}

macro_rules! operator {
    ($trait:ident, $method:ident) => {
        impl $trait<&Exact> for &Exact {
            type Output = Exact;
            fn $method(self, other: &Exact) -> Exact {
                Exact((&self.0).$method(&other.0))
            }
        }
        impl $trait for Exact {
            type Output = Exact;
            fn $method(self, other: Exact) -> Exact {
                Exact(self.0.$method(other.0))
            }
        }
    };
}

operator!(Add, add);
operator!(Sub, sub);
operator!(Mul, mul);
operator!(Div, div);

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_means_are_equal_whatever_their_decimals() {
        let a = (Exact::integer(62) + Exact::integer(63) + Exact::integer(62)) / Exact::integer(3);
        let b = Exact::ratio(187, 3);
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "187/3");
    }

    #[test]
    fn rounding_is_half_away_from_zero_with_the_language_separator() {
        assert_eq!(Exact::ratio(187, 3).two_decimals(Lang::It), "62,33");
        assert_eq!(Exact::ratio(253, 6).two_decimals(Lang::En), "42.17");
        assert_eq!(Exact::ratio(1, 200).two_decimals(Lang::En), "0.01");
        assert_eq!(Exact::ratio(-1, 200).two_decimals(Lang::En), "-0.01");
        assert_eq!(Exact::ratio(-1, 1000).two_decimals(Lang::En), "0.00");
        assert_eq!(Exact::integer(20).two_decimals(Lang::It), "20,00");
    }

    #[test]
    fn parses_what_it_writes_and_stored_decimals() {
        for s in ["187/3", "20", "-7/2"] {
            assert_eq!(Exact::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Exact::parse("62.5"), Some(Exact::ratio(125, 2)));
        assert_eq!(
            Exact::parse("62.333333333333333333333333333"),
            Exact::parse("62333333333333333333333333333/1000000000000000000000000000")
        );
        assert_eq!(Exact::parse("1/0"), None);
        assert_eq!(Exact::parse("abc"), None);
        assert_eq!(Exact::parse("."), None);
    }

    #[test]
    fn decimals_convert_both_ways_when_exact() {
        let d: Decimal = "42.25".parse().unwrap();
        assert_eq!(Exact::from_decimal(d), Exact::ratio(169, 4));
        assert_eq!(Exact::ratio(169, 4).to_decimal(2), Some(d));
        assert_eq!(Exact::ratio(253, 6).to_decimal(2), None);
    }
}
