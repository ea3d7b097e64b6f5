/** Where an exception is in its life. `expired` is an approved one whose time ran out unused. @public */
export type ExceptionStatus =
  | 'pending'
  | 'approved'
  | 'denied'
  | 'used'
  | 'expired';

/**
 * An exception the backend found valid for this run: approved, not expired, for this requester and
 * owner, and bound to this task (used by it). The evaluator sets aside the listed rules' violations
 * for the one request whose canonical form is `request`, and nothing else.
 * @public
 */
export interface ApprovedException {
  id: string;
  /** The canonical form of the request it was approved for (`canonicalRequest`). */
  request: string;
  ruleIds: string[];
}

/** A request refused only by rules its environment lets approvers except: what an exception would cover. @public */
export interface ExceptionOffer {
  /** Index of the request in the batch. */
  index: number;
  ruleIds: string[];
  environment: string;
  approvers: string;
  maxDays: number;
}

/** One exception as the API returns it. @public */
export interface ExceptionRecord {
  id: string;
  status: ExceptionStatus;
  /** The rules it sets aside, for this one request. */
  ruleIds: string[];
  /** The normalised request it was asked for (what will be built). */
  request: Record<string, unknown>;
  kind: string;
  name: string;
  owner: string;
  environment: string;
  monthlyCost: number;
  currency: string;
  /** The owner's monthly spend when it was asked for, and its budget (the team budget impact). */
  teamMonthlySpend: number;
  teamMonthlyBudget: number;
  /** What deviates from the policy: the violations it sets aside, as the evaluator named them. */
  deviations: Array<{ ruleId: string; field: string; message: string }>;
  requester: string;
  justification: string;
  durationDays: number;
  approvers: string;
  createdAt: string;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  /** Approved: usable until then. */
  expiresAt?: string;
  usedAt?: string;
  /** The task (run) that used it. */
  usedByTask?: string;
}

/** Exceptions over a period: per rule and how long approval took. @public */
export interface ExceptionMetrics {
  requested: number;
  approved: number;
  denied: number;
  used: number;
  expired: number;
  pending: number;
  /** Per rule id: how many exceptions named it, and how many of those were approved. */
  byRule: Array<{ ruleId: string; requested: number; approved: number }>;
  /** Hours from asking to a decision, over decided exceptions. */
  approvalWaitHours: {
    median: number | null;
    p90: number | null;
    decided: number;
  };
}
