//! Properties: over random committees, scores, thresholds, prices, formulas, budgets and ties,
//! the service's ranking, exclusions, admissions and flags equal the reference scorer's exactly.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use pcp_desk::domain::criteria::{CriterionKind, CriterionSpec};
use pcp_desk::domain::evaluation::{
    ConsensusRule, Exact, Exclusion, Offer, PriceFormula, ScoringRules, TIE_BREAK, mean, rank,
};
use pcp_desk::domain::phase::PhaseKind;
use proptest::prelude::*;

use crate::reference;

#[derive(Debug, Clone)]
struct Case {
    rules: reference::Rules,
    offers: Vec<reference::Offer>,
}

fn hundredths(max: i64) -> impl Strategy<Value = i64> {
    // Whole points most of the time, and the decimals that make means repeat (…,33 …,67).
    (
        0..=max,
        prop::sample::select(vec![0i64, 0, 0, 25, 33, 50, 67]),
    )
        .prop_map(move |(p, d)| (p * 100 + d).min(max * 100))
}

fn case() -> impl Strategy<Value = Case> {
    let criteria = (
        prop::collection::vec(
            (
                prop::sample::select(vec![10i64, 20, 30, 50, 70]),
                1i64..=60,
                prop::option::weighted(0.4, 0i64..=8),
            ),
            1..=3,
        ),
        prop::option::weighted(0.8, (1i64..=40, prop::sample::select(vec![10i64, 20, 30]))),
    );
    (
        criteria,
        prop::sample::select(vec![1usize, 3, 5]),
        1usize..=10,
        any::<bool>(),
    )
        .prop_flat_map(|((quality, price), members, count, linear)| {
            let mut criteria: Vec<reference::Criterion> = quality
                .iter()
                .map(|(max, weight, t)| reference::Criterion {
                    price: false,
                    weight: *weight,
                    max: *max,
                    threshold: t.map(|t| t.min(*max)),
                })
                .collect();
            if let Some((weight, max)) = price {
                criteria.push(reference::Criterion {
                    price: true,
                    weight,
                    max,
                    threshold: None,
                });
            }
            let maxes: Vec<i64> = criteria.iter().map(|c| c.max).collect();
            let offer = (
                prop::collection::vec(
                    maxes
                        .iter()
                        .map(|m| hundredths(*m).boxed())
                        .collect::<Vec<_>>(),
                    members,
                ),
                prop::option::weighted(0.9, (1i64..=14).prop_map(|p| p * 1_000_000)),
                prop::option::weighted(0.3, 0usize..10),
                prop::option::weighted(0.5, any::<bool>()),
                prop::bool::weighted(0.15),
            );
            (
                Just(criteria),
                prop::collection::vec(offer, count),
                Just(linear),
                prop::option::weighted(0.8, (8i64..=12).prop_map(|b| b * 1_000_000)),
                prop::option::weighted(0.4, 0i64..=60),
                prop::option::weighted(0.8, 1usize..=6),
                prop::option::weighted(0.4, (2i64..=50).prop_map(|b| b * 1_000_000)),
            )
        })
        .prop_map(
            |(criteria, raw, linear, base, min_quality, admits, budget)| {
                let mut offers: Vec<reference::Offer> = Vec::new();
                for (i, (scores, price, copy, verdict, failed_selection)) in
                    raw.into_iter().enumerate()
                {
                    // A copy of an earlier offer with the members in another order: a certain tie.
                    let (scores, price) = match copy.filter(|c| *c < i) {
                        Some(c) => {
                            let mut s = offers[c].scores.clone();
                            s.reverse();
                            (s, offers[c].price)
                        }
                        None => (scores, price),
                    };
                    offers.push(reference::Offer {
                        id: format!("p{i}"),
                        receipt: i,
                        scores,
                        price,
                        verdict,
                        failed_selection,
                    });
                }
                let linear = linear && base.is_some();
                Case {
                    rules: reference::Rules {
                        criteria,
                        linear,
                        base,
                        min_quality,
                        admits,
                        budget,
                        low_percent: 80,
                    },
                    offers,
                }
            },
        )
}

fn service_rules(r: &reference::Rules) -> ScoringRules {
    let weighs_price = r.criteria.iter().any(|c| c.price);
    ScoringRules {
        kind: PhaseKind::SolutionDesign,
        criteria: r
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| CriterionSpec {
                name: format!("c{i}"),
                description: String::new(),
                kind: if c.price {
                    CriterionKind::Price
                } else {
                    CriterionKind::Quality
                },
                weight: c.weight as i32,
                max_points: c.max as i32,
                min_threshold: c.threshold.map(|t| t as i32),
            })
            .collect(),
        consensus_rule: ConsensusRule::MeanOfMembers,
        price_formula: weighs_price.then_some(if r.linear {
            PriceFormula::Linear
        } else {
            PriceFormula::Proportional
        }),
        base_price_cents: r.base,
        min_quality: r.min_quality.map(|m| m as i32),
        anonymised: true,
        admits: r.admits,
        budget_cents: r.budget,
        abnormally_low_percent: r.low_percent,
        tie_break: TIE_BREAK,
    }
}

fn service_offer(o: &reference::Offer, start: DateTime<Utc>) -> Offer {
    let criteria = o.scores[0].len();
    Offer {
        proposal_id: o.id.clone(),
        receipt_number: format!("PCPD-2027-{:06}", o.receipt),
        // Two receipts share each second: the receipt number then decides.
        received_at: start + Duration::seconds((o.receipt / 2) as i64),
        points: (0..criteria)
            .map(|c| {
                let typed: Vec<Exact> = o
                    .scores
                    .iter()
                    .map(|m| Exact::parse(&format!("{}.{:02}", m[c] / 100, m[c] % 100)).unwrap())
                    .collect();
                mean(&typed).unwrap()
            })
            .collect(),
        price_cents: o.price,
        price_verdict: o.verdict,
        failed_selection: o.failed_selection.then_some(0),
    }
}

fn service_outcome(case: &Case) -> reference::Outcome {
    let start = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let offers: Vec<Offer> = case
        .offers
        .iter()
        .map(|o| service_offer(o, start))
        .collect();
    let lines = rank(&service_rules(&case.rules), &offers);
    let kind = |e: &Exclusion| match e {
        Exclusion::BelowThreshold { .. } => "threshold",
        Exclusion::BelowQualityMinimum => "quality",
        Exclusion::NoPrice => "no_price",
        Exclusion::AboveBasePrice { .. } => "above_base",
        Exclusion::AbnormallyLowRejected => "rejected",
        Exclusion::FailedSelection { .. } => "selection",
    };
    reference::Outcome {
        ranking: lines
            .iter()
            .filter(|l| l.excluded.is_none())
            .map(|l| l.proposal_id.clone())
            .collect(),
        excluded: lines
            .iter()
            .filter_map(|l| Some((l.proposal_id.clone(), kind(l.excluded.as_ref()?))))
            .collect::<BTreeMap<_, _>>(),
        admitted: lines
            .iter()
            .filter(|l| l.admitted)
            .map(|l| l.proposal_id.clone())
            .collect::<BTreeSet<_>>(),
        abnormally_low: lines
            .iter()
            .filter(|l| l.abnormally_low)
            .map(|l| l.proposal_id.clone())
            .collect::<BTreeSet<_>>(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_service_ranks_exactly_as_the_reference(case in case()) {
        prop_assert_eq!(service_outcome(&case), reference::score(&case.rules, &case.offers));
    }

    #[test]
    fn an_excluded_offer_never_changes_the_others(case in case(), price in 1i64..=14) {
        // Add an offer that fails the technical stage with the lowest price of all: nothing else
        // moves, because its financial envelope is never opened.
        let mut with = case.clone();
        let zero = vec![vec![0i64; case.rules.criteria.len()]; case.offers[0].scores.len()];
        let technically_out = with.rules.criteria.iter().any(|c| !c.price && c.threshold.is_some_and(|t| t > 0))
            || with.rules.min_quality.is_some_and(|m| m > 0);
        prop_assume!(technically_out);
        with.offers.insert(0, reference::Offer {
            id: "cheap".into(),
            receipt: 0,
            scores: zero,
            price: Some(price),
            verdict: None,
            failed_selection: false,
        });
        for (i, o) in with.offers.iter_mut().enumerate().skip(1) {
            o.receipt = i;
        }
        let before = service_outcome(&case);
        let mut after = service_outcome(&with);
        prop_assert!(after.excluded.remove("cheap").is_some());
        prop_assert_eq!(after, before);
    }

    #[test]
    fn the_admitted_never_exceed_the_budget(case in case()) {
        let outcome = service_outcome(&case);
        if let Some(budget) = case.rules.budget {
            let spent: i64 = case
                .offers
                .iter()
                .filter(|o| outcome.admitted.contains(&o.id))
                .filter_map(|o| o.price)
                .sum();
            prop_assert!(spent <= budget || !case.rules.criteria.iter().any(|c| c.price));
        }
    }
}
