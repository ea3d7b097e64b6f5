import { CostEstimate } from '../cost/helpers';

/** The estimate of a kind that is not billed per resource (GitHub's are part of the org's plan). */
export const noAwsCost = (): CostEstimate => ({
  monthly: 0,
  basis: 'no AWS cost',
});
