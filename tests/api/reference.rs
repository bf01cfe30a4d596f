//! A reference scorer, written apart from the service and as plainly as possible: it starts from
//! each member's raw score in hundredths and follows the rules of docs/procedures.md step by
//! step. The service's ranking must equal it exactly.

use std::collections::{BTreeMap, BTreeSet};

use num_bigint::BigInt;
use num_rational::BigRational;

#[derive(Debug, Clone)]
pub struct Criterion {
    pub price: bool,
    pub weight: i64,
    pub max: i64,
    pub threshold: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Rules {
    pub criteria: Vec<Criterion>,
    pub linear: bool,
    pub base: Option<i64>,
    pub min_quality: Option<i64>,
    pub admits: Option<usize>,
    pub budget: Option<i64>,
    pub low_percent: i64,
}

#[derive(Debug, Clone)]
pub struct Offer {
    pub id: String,
    /// Order of receipt: lower is earlier.
    pub receipt: usize,
    /// `scores[member][criterion]` in hundredths of a point (price criteria ignored).
    pub scores: Vec<Vec<i64>>,
    pub price: Option<i64>,
    /// The officer's assessment if the price is abnormally low: accepted or rejected.
    pub verdict: Option<bool>,
    /// A request to participate the committee found failing a selection criterion.
    pub failed_selection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The ranked (not excluded) offers, best first.
    pub ranking: Vec<String>,
    /// Excluded offers and why: "threshold", "quality", "no_price", "above_base", "rejected".
    pub excluded: BTreeMap<String, &'static str>,
    pub admitted: BTreeSet<String>,
    pub abnormally_low: BTreeSet<String>,
}

fn r(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

fn frac(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

pub fn score(rules: &Rules, offers: &[Offer]) -> Outcome {
    let mut excluded = BTreeMap::new();
    let mut quality_of = BTreeMap::new();
    // 1. The committee's score is the mean of the members' scores.
    for o in offers {
        let members = o.scores.len() as i64;
        let mut quality = r(0);
        let mut below_threshold = false;
        for (c, criterion) in rules.criteria.iter().enumerate() {
            if criterion.price {
                continue;
            }
            let sum: i64 = o.scores.iter().map(|m| m[c]).sum();
            let consensus = frac(sum, 100 * members);
            if let Some(t) = criterion.threshold
                && consensus < r(t)
            {
                below_threshold = true;
            }
            quality += consensus * frac(criterion.weight, criterion.max);
        }
        if o.failed_selection {
            excluded.insert(o.id.clone(), "selection");
        } else if below_threshold {
            excluded.insert(o.id.clone(), "threshold");
        } else if rules.min_quality.is_some_and(|m| quality < r(m)) {
            excluded.insert(o.id.clone(), "quality");
        }
        quality_of.insert(o.id.clone(), quality);
    }
    // 2. Financial envelopes: only the offers that passed the technical stage.
    let weighs_price = rules.criteria.iter().any(|c| c.price);
    if weighs_price {
        for o in offers {
            if excluded.contains_key(&o.id) {
                continue;
            }
            match o.price {
                None => {
                    excluded.insert(o.id.clone(), "no_price");
                }
                Some(p) if p <= 0 => {
                    excluded.insert(o.id.clone(), "no_price");
                }
                Some(p) if rules.base.is_some_and(|b| p > b) => {
                    excluded.insert(o.id.clone(), "above_base");
                }
                Some(_) => {}
            }
        }
    }
    // 3. Abnormally low against the valid prices; a rejected explanation excludes the offer.
    let weighed: Vec<&Offer> = offers
        .iter()
        .filter(|o| !excluded.contains_key(&o.id))
        .collect();
    let mut abnormally_low = BTreeSet::new();
    if weighs_price && weighed.len() >= 2 {
        let sum: i64 = weighed.iter().map(|o| o.price.unwrap()).sum();
        let average = frac(sum, weighed.len() as i64);
        for o in &weighed {
            if r(o.price.unwrap()) < average.clone() * frac(rules.low_percent, 100) {
                abnormally_low.insert(o.id.clone());
                if o.verdict == Some(false) {
                    excluded.insert(o.id.clone(), "rejected");
                }
            }
        }
    }
    let valid: Vec<&Offer> = offers
        .iter()
        .filter(|o| !excluded.contains_key(&o.id))
        .collect();
    let prices: Vec<i64> = if weighs_price {
        valid.iter().map(|o| o.price.unwrap()).collect()
    } else {
        Vec::new()
    };
    let lowest = prices.iter().min().copied();
    // 4. Totals.
    let mut totals = BTreeMap::new();
    for o in &valid {
        let mut total = quality_of[&o.id].clone();
        for criterion in rules.criteria.iter().filter(|c| c.price) {
            let price = o.price.unwrap();
            let low = lowest.unwrap();
            let points = if !rules.linear {
                r(criterion.max) * frac(low, price)
            } else {
                let base = rules.base.unwrap();
                if base <= low {
                    if price == low { r(criterion.max) } else { r(0) }
                } else if price >= base {
                    r(0)
                } else {
                    r(criterion.max) * frac(base - price, base - low)
                }
            };
            total += points * frac(criterion.weight, criterion.max);
        }
        totals.insert(o.id.clone(), total);
    }
    // 5. Ranking: total, then quality, then the earlier receipt.
    let mut ranked = valid.clone();
    ranked.sort_by(|a, b| {
        totals[&b.id]
            .cmp(&totals[&a.id])
            .then(quality_of[&b.id].cmp(&quality_of[&a.id]))
            .then(a.receipt.cmp(&b.receipt))
    });
    // 6. Admissions within the number admitted and the budget.
    let mut admitted = BTreeSet::new();
    let mut spent = 0i64;
    for o in &ranked {
        if rules.admits.is_some_and(|n| admitted.len() >= n) {
            break;
        }
        let price = if weighs_price { o.price.unwrap() } else { 0 };
        if rules.budget.is_some_and(|b| spent + price > b) {
            continue;
        }
        spent += price;
        admitted.insert(o.id.clone());
    }
    Outcome {
        ranking: ranked.iter().map(|o| o.id.clone()).collect(),
        excluded,
        admitted,
        abnormally_low,
    }
}

/// An exact `n/d` from the API, rounded as people round (half away from zero) and written the
/// Italian way: "62,33".
pub fn italian_two_decimals(exact: &str) -> String {
    let (n, d) = exact.split_once('/').unwrap_or((exact, "1"));
    let value = BigRational::new(n.parse().unwrap(), d.parse().unwrap()) * r(100);
    let hundredths = value.round().to_integer();
    let (units, cents) = (
        &hundredths / BigInt::from(100),
        &hundredths % BigInt::from(100),
    );
    format!("{units},{cents:0>2}")
}
