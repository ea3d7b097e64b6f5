import { ExceptionItem } from '@golden-path/plugin-golden-path-common/client';

/** `user:default/pat.platform` → `pat.platform`; group and user refs alike. */
export const shortRef = (ref: string) =>
  ref.replace(/^[a-z]+:(default\/)?/, '');

export const money = (amount: number, currency: string) =>
  `${currency} ${amount.toFixed(2)}`;

/** The team's monthly spend before and after, against its budget. */
export function budgetImpact(e: ExceptionItem): string {
  const after = e.teamMonthlySpend + e.monthlyCost;
  return `${money(e.teamMonthlySpend, e.currency)} → ${money(
    after,
    e.currency,
  )} of ${money(e.teamMonthlyBudget, e.currency)}/month`;
}

export const STATUS_LABELS = {
  pending: 'Pending',
  approved: 'Approved',
  denied: 'Denied',
  used: 'Used',
  expired: 'Expired',
} as const;
