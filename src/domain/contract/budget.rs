//! The money of a PCP's contracts against the phases' budgets: allocated, contracted, paid and
//! what is left.

use serde::Serialize;

use super::ContractStatus;

/// One contract's money, for the budget view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractMoney {
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub status: ContractStatus,
}

impl ContractMoney {
    /// What the contract commits of the budget: its amount once signed; a terminated contract
    /// only what was paid under it; a draft, nothing yet.
    pub fn committed_cents(&self) -> i64 {
        match self.status {
            ContractStatus::Draft => 0,
            ContractStatus::Terminated => self.paid_cents,
            _ => self.amount_cents,
        }
    }
}

/// A phase's (or the call's) money: allocated, contracted, paid and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct BudgetLine {
    pub allocated_cents: i64,
    pub contracted_cents: i64,
    pub paid_cents: i64,
    /// Allocated but not contracted.
    pub unspent_cents: i64,
    pub contracts: usize,
}

pub fn budget_line(allocated_cents: i64, contracts: &[ContractMoney]) -> BudgetLine {
    let contracted: i128 = contracts
        .iter()
        .map(|c| i128::from(c.committed_cents()))
        .sum();
    let paid: i128 = contracts.iter().map(|c| i128::from(c.paid_cents)).sum();
    let clamp = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
    BudgetLine {
        allocated_cents,
        contracted_cents: clamp(contracted),
        paid_cents: clamp(paid),
        unspent_cents: clamp(i128::from(allocated_cents) - contracted),
        contracts: contracts
            .iter()
            .filter(|c| c.status != ContractStatus::Draft)
            .count(),
    }
}

/// The call's line: the sum of its phases' lines.
pub fn total_line(lines: &[BudgetLine]) -> BudgetLine {
    let sum = |f: fn(&BudgetLine) -> i64| -> i64 {
        let s: i128 = lines.iter().map(|l| i128::from(f(l))).sum();
        i64::try_from(s).unwrap_or(i64::MAX)
    };
    BudgetLine {
        allocated_cents: sum(|l| l.allocated_cents),
        contracted_cents: sum(|l| l.contracted_cents),
        paid_cents: sum(|l| l.paid_cents),
        unspent_cents: sum(|l| l.unspent_cents),
        contracts: lines.iter().map(|l| l.contracts).sum(),
    }
}
