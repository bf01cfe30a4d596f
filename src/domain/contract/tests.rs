use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ctx() -> DraftContext {
    DraftContext {
        awarded_cents: Some(4_000_000),
        cap_cents: Some(4_750_000),
        phase_budget_cents: Some(38_000_000),
        others_cents: vec![4_500_000; 7],
        duration_days: 90,
        decided_on: day("2027-01-10"),
    }
}

fn draft() -> ContractDraft {
    ContractDraft {
        starts_on: day("2027-01-15"),
        amount_cents: None,
        deliverables: vec![
            DeliverableSpec {
                title: "Progetto della soluzione".into(),
                due_on: day("2027-03-01"),
                payment_cents: 1_000_000,
            },
            DeliverableSpec {
                title: "Relazione finale".into(),
                due_on: day("2027-04-15"),
                payment_cents: 3_000_000,
            },
        ],
    }
}

fn fields(v: &[Violation]) -> Vec<&str> {
    v.iter().map(|v| v.field.as_str()).collect()
}

#[test]
fn a_complete_draft_passes() {
    assert_eq!(check_draft(&draft(), &ctx()), vec![]);
    assert_eq!(end_of(day("2027-01-15"), 90), day("2027-04-15"));
}

#[test]
fn the_amount_is_the_awarded_price() {
    let mut d = draft();
    d.amount_cents = Some(4_100_000);
    let v = check_draft(&d, &ctx());
    assert_eq!(
        v[0].kind,
        ViolationKind::AwardedPriceFixed {
            price_cents: 4_000_000
        }
    );
    d.amount_cents = Some(4_000_000);
    assert_eq!(check_draft(&d, &ctx()), vec![]);
}

#[test]
fn without_an_awarded_price_the_amount_is_typed_and_capped() {
    let mut c = ctx();
    c.awarded_cents = None;
    let mut d = draft();
    assert_eq!(fields(&check_draft(&d, &c)), vec!["amount_cents"]);
    d.amount_cents = Some(5_000_000);
    d.deliverables[1].payment_cents = 4_000_000;
    let v = check_draft(&d, &c);
    assert_eq!(
        v[0].kind,
        ViolationKind::AboveCap {
            cap_cents: 4_750_000
        }
    );
    // Without a cap or a budget, an amount is still bounded like every amount.
    (c.cap_cents, c.phase_budget_cents) = (None, None);
    d.amount_cents = Some(i64::MAX);
    let v = check_draft(&d, &c);
    assert!(
        matches!(v[0].kind, ViolationKind::OutOfRange { .. }),
        "{v:?}"
    );
}

#[test]
fn the_phase_budget_holds_every_contract() {
    let mut c = ctx();
    c.others_cents = vec![4_750_000; 7];
    c.awarded_cents = Some(4_750_001);
    c.cap_cents = None;
    let mut d = draft();
    d.deliverables[1].payment_cents = 3_750_001;
    assert_eq!(
        check_draft(&d, &c)[0].kind,
        ViolationKind::PhaseBudgetExceeded {
            budget_cents: 38_000_000,
            contracted_cents: 33_250_000
        }
    );
    c.awarded_cents = Some(4_750_000);
    d.deliverables[1].payment_cents = 3_750_000;
    assert_eq!(check_draft(&d, &c), vec![]);
}

#[test]
fn deliverables_fall_within_the_period_and_pay_the_whole_amount() {
    let mut d = draft();
    d.deliverables[0].due_on = day("2027-01-14");
    d.deliverables[1].due_on = day("2027-04-16");
    d.deliverables[1].payment_cents = 2_999_999;
    d.deliverables[0].title = "  ".into();
    let v = check_draft(&d, &ctx());
    assert_eq!(
        fields(&v),
        vec![
            "deliverables.0.title",
            "deliverables.0.due_on",
            "deliverables.1.due_on",
            "deliverables"
        ]
    );
    assert_eq!(
        v[3].kind,
        ViolationKind::ScheduleMismatch {
            scheduled_cents: 3_999_999,
            amount_cents: 4_000_000
        }
    );
    d.deliverables.clear();
    assert_eq!(fields(&check_draft(&d, &ctx())), vec!["deliverables"]);
    d.starts_on = day("2027-01-09");
    assert!(fields(&check_draft(&d, &ctx())).contains(&"starts_on"));
}

#[test]
fn signing_needs_the_framework_and_a_schedule() {
    use ContractRefusal as R;
    use ContractStatus as S;
    assert_eq!(check_signing(S::Draft, true, true), Ok(()));
    assert_eq!(
        check_signing(S::Draft, false, true),
        Err(R::FrameworkNotSigned)
    );
    assert_eq!(check_signing(S::Draft, true, false), Err(R::NoSchedule));
    assert_eq!(check_signing(S::Running, true, true), Err(R::NotDraft));
    let today = day("2027-01-20");
    assert!(check_act_date("signed_on", day("2027-01-20"), day("2027-01-10"), today).is_empty());
    assert_eq!(
        check_act_date("signed_on", day("2027-01-21"), day("2027-01-10"), today)[0].kind,
        ViolationKind::InFuture
    );
    assert_eq!(
        check_act_date("signed_on", day("2027-01-09"), day("2027-01-10"), today)[0].kind,
        ViolationKind::BeforeDecision
    );
}

#[test]
fn deliveries_reviews_and_payments_follow_the_contract() {
    use ContractRefusal as R;
    use ContractStatus as S;
    use DeliverableState as D;
    assert_eq!(check_delivery(S::Draft, D::Due), Err(R::NotInForce));
    assert_eq!(
        check_delivery(S::Running, D::Accepted),
        Err(R::AlreadyAccepted)
    );
    assert_eq!(check_delivery(S::Delivered, D::Submitted), Ok(()));
    assert_eq!(check_delivery(S::Running, D::ChangesRequested), Ok(()));
    assert_eq!(
        check_review(S::Running, D::Due, true, ""),
        Err(R::NotSubmitted)
    );
    assert_eq!(
        fields(&check_review(S::Delivered, D::Submitted, false, " ").unwrap()),
        vec!["reason"]
    );
    assert!(
        check_review(S::Delivered, D::Submitted, true, "")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        check_payment(D::Submitted, 100, 0, 100),
        Err(R::NotAccepted)
    );
    assert!(check_payment(D::Accepted, 100, 40, 60).unwrap().is_empty());
    assert_eq!(
        check_payment(D::Accepted, 100, 40, 61).unwrap()[0].kind,
        ViolationKind::AboveScheduled {
            remaining_cents: 60
        }
    );
    assert_eq!(
        check_payment(D::Accepted, i64::MAX, i64::MAX, i64::MAX).unwrap()[0].kind,
        ViolationKind::AboveScheduled { remaining_cents: 0 }
    );
    assert_eq!(check_termination(S::Accepted, "x"), Err(R::NotTerminable));
    assert_eq!(
        fields(&check_termination(S::Running, "").unwrap()),
        vec!["reason"]
    );
}

#[test]
fn lateness_is_counted_from_the_due_date() {
    let due = day("2027-03-01");
    assert!(!is_late(due, Some(due), day("2027-05-01")));
    assert!(is_late(due, Some(day("2027-03-02")), day("2027-03-02")));
    assert!(!is_late(due, None, due));
    assert!(is_late(due, None, day("2027-03-02")));
}

#[test]
fn a_deliverable_stands_where_its_latest_submission_stands() {
    assert_eq!(deliverable_state(None), DeliverableState::Due);
    assert_eq!(deliverable_state(Some(None)), DeliverableState::Submitted);
    assert_eq!(
        deliverable_state(Some(Some(Review::ChangesRequested))),
        DeliverableState::ChangesRequested
    );
    assert_eq!(
        deliverable_state(Some(Some(Review::Accepted))),
        DeliverableState::Accepted
    );
    for r in [Review::Accepted, Review::ChangesRequested] {
        assert_eq!(Review::parse(r.as_str()), Some(r));
    }
}

#[test]
fn only_the_authority_and_the_party_see_a_contract() {
    use crate::domain::access::{Actor, Role};
    let actor = |role, authority: Option<&str>, org: Option<&str>| Actor {
        user_id: "u".into(),
        role,
        authority_id: authority.map(str::to_string),
        organisation_id: org.map(str::to_string),
    };
    assert!(can_view(&actor(Role::Officer, Some("a"), None), "a", "o"));
    assert!(!can_view(&actor(Role::Officer, Some("b"), None), "a", "o"));
    assert!(can_view(&actor(Role::Supplier, None, Some("o")), "a", "o"));
    assert!(!can_view(&actor(Role::Supplier, None, Some("p")), "a", "o"));
    assert!(!can_view(
        &actor(Role::Evaluator, Some("a"), None),
        "a",
        "o"
    ));
    assert!(!can_view(&actor(Role::Admin, None, None), "a", "o"));
}

#[test]
fn the_cap_shares_the_phase_budget() {
    assert_eq!(contract_cap(Some(38_000_000), Some(8)), Some(4_750_000));
    assert_eq!(contract_cap(Some(100), Some(3)), Some(33));
    assert_eq!(contract_cap(Some(100), None), Some(100));
    assert_eq!(contract_cap(None, Some(3)), None);
}

/// A plain restatement of the status rule, to check the derived status against.
fn reference_status(
    signed: bool,
    started: bool,
    terminated: bool,
    states: &[DeliverableState],
) -> ContractStatus {
    use DeliverableState as D;
    let accepted = states.iter().filter(|s| **s == D::Accepted).count();
    let handed_in = states.iter().filter(|s| **s == D::Submitted).count() + accepted;
    if terminated {
        return ContractStatus::Terminated;
    }
    if !signed {
        return ContractStatus::Draft;
    }
    if !states.is_empty() && accepted == states.len() {
        return ContractStatus::Accepted;
    }
    if !states.is_empty() && handed_in == states.len() {
        return ContractStatus::Delivered;
    }
    if started {
        ContractStatus::Running
    } else {
        ContractStatus::Signed
    }
}

fn state() -> impl Strategy<Value = DeliverableState> {
    prop_oneof![
        Just(DeliverableState::Due),
        Just(DeliverableState::Submitted),
        Just(DeliverableState::ChangesRequested),
        Just(DeliverableState::Accepted),
    ]
}

fn money_status() -> impl Strategy<Value = ContractStatus> {
    prop_oneof![
        Just(ContractStatus::Draft),
        Just(ContractStatus::Running),
        Just(ContractStatus::Accepted),
        Just(ContractStatus::Terminated),
    ]
}

proptest! {
    #[test]
    fn the_status_follows_the_facts(
        signed in any::<bool>(),
        offset in -5i64..5,
        terminated in any::<bool>(),
        states in proptest::collection::vec(state(), 0..6),
    ) {
        let starts_on = day("2027-02-01");
        let today = starts_on + chrono::Duration::days(offset);
        let facts = ContractFacts {
            signed_on: signed.then_some(day("2027-01-20")),
            starts_on,
            terminated,
            deliverables: &states,
        };
        prop_assert_eq!(
            status(&facts, today),
            reference_status(signed, offset >= 0, terminated, &states)
        );
    }

    #[test]
    fn accepted_drafts_never_exceed_the_cap_or_the_budget(
        budget in 1i64..10_000_000_000,
        n in 1i32..10,
        others in proptest::collection::vec(0i64..5_000_000_000, 0..9),
        price in 1i64..5_000_000_000,
    ) {
        let cap = contract_cap(Some(budget), Some(n));
        let c = DraftContext {
            awarded_cents: Some(price),
            cap_cents: cap,
            phase_budget_cents: Some(budget),
            others_cents: others.clone(),
            duration_days: 30,
            decided_on: day("2027-01-01"),
        };
        let d = ContractDraft {
            starts_on: day("2027-01-02"),
            amount_cents: None,
            deliverables: vec![DeliverableSpec {
                title: "Unico".into(),
                due_on: day("2027-01-30"),
                payment_cents: price,
            }],
        };
        let ok = check_draft(&d, &c).is_empty();
        let within_budget = others.iter().map(|o| i128::from(*o)).sum::<i128>()
            + i128::from(price) <= i128::from(budget);
        prop_assert_eq!(ok, within_budget && cap.is_some_and(|cap| price <= cap));
    }

    #[test]
    fn the_budget_view_accounts_for_every_cent(
        allocated in 0i64..10_000_000_000,
        contracts in proptest::collection::vec(
            (0i64..5_000_000_000, 0i64..5_000_000_000, money_status()), 0..10),
    ) {
        let money: Vec<ContractMoney> = contracts
            .iter()
            .map(|(amount, paid, status)| ContractMoney {
                amount_cents: *amount,
                paid_cents: *paid,
                status: *status,
            })
            .collect();
        let line = budget_line(allocated, &money);
        let mut contracted: i128 = 0;
        let mut paid: i128 = 0;
        for (amount, p, status) in &contracts {
            paid += i128::from(*p);
            contracted += match status {
                ContractStatus::Draft => 0,
                ContractStatus::Terminated => i128::from(*p),
                _ => i128::from(*amount),
            };
        }
        prop_assert_eq!(i128::from(line.contracted_cents), contracted);
        prop_assert_eq!(i128::from(line.paid_cents), paid);
        prop_assert_eq!(
            i128::from(line.unspent_cents),
            i128::from(allocated) - contracted
        );
        let total = total_line(&[line, line]);
        prop_assert_eq!(i128::from(total.contracted_cents), 2 * contracted);
    }
}
