import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  fillRequests,
  formatViolations,
  isComplete,
  normaliseGroupRef,
} from '@golden-path/plugin-golden-path-common';
import type { ExceptionOffer } from '@golden-path/plugin-golden-path-common';
import type { BudgetResponse } from '@golden-path/plugin-golden-path-common/client';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { formApiFrom, useGoldenPathFormApi } from '../api/GoldenPathFormApi';
import { formValues, money } from './format';
import { ReadableErrorColors } from '../components/ReadableErrorColors';
import { useAsync } from './useAsync';

/** The cost estimate's `ui:options`. @public */
export type CostEstimateOptions = {
  /** The requests this path will make, written like the guardrails step's (`${{ parameters.x }}`, `if`). */
  requests?: unknown[];
};

/** Waits until the form has been still for `ms` before re-estimating. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The field's body; CostEstimate renders it with readable error colours. */
function CostEstimateField(
  props: FieldExtensionComponentProps<number, CostEstimateOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    formContext,
    idSchema,
    rawErrors,
  } = props;
  const api = useGoldenPathFormApi();
  const requests = fillRequests(
    uiSchema?.['ui:options']?.requests,
    formValues(formContext),
  );
  const key = useDebounced(JSON.stringify(requests), 300);
  const complete = isComplete(requests);
  const owners = [
    ...new Set(requests.map(r => normaliseGroupRef(String(r.owner ?? '')))),
  ].filter(o => complete && o);

  const { value: verdict, error } = useAsync(
    () => (complete ? api.evaluate(JSON.parse(key)) : undefined),
    [api, key, complete],
  );
  const { value: budgets } = useAsync(
    () =>
      owners.length
        ? Promise.all(owners.map(o => api.getBudget(o)))
        : undefined,
    [api, owners.join(',')],
  );

  useEffect(() => {
    if (verdict && verdict.totalMonthlyCost !== formData)
      onChange(verdict.totalMonthlyCost);
  }, [verdict]); // eslint-disable-line react-hooks/exhaustive-deps

  const title = schema.title ?? 'Estimated monthly cost';
  if (!complete) {
    return (
      <Box mt={2} id={idSchema?.$id} data-testid="gp-cost-estimate-waiting">
        <FormLabel>{title}</FormLabel>
        <FormHelperText>
          Fill in the earlier steps to see the cost and your team’s budget.
        </FormHelperText>
      </Box>
    );
  }
  return (
    <Box mt={2} id={idSchema?.$id} data-testid="gp-cost-estimate">
      <FormLabel>{title}</FormLabel>
      {error && (
        <FormHelperText error>
          Could not estimate the cost: {error.message}
        </FormHelperText>
      )}
      {!verdict && !error && <FormHelperText>Estimating…</FormHelperText>}
      {verdict && (
        <>
          <Typography variant="h6" data-testid="gp-cost-total">
            {money(verdict.totalMonthlyCost, verdict.currency)} per month
          </Typography>
          {verdict.evaluated.map(e => (
            <Typography
              key={e.index}
              variant="body2"
              color="textSecondary"
              data-testid="gp-cost-item"
            >
              {e.request.kind} {e.request.name}:{' '}
              {money(e.monthlyCost, verdict.currency)} ({e.costBasis})
            </Typography>
          ))}
          {(budgets ?? []).map(b => (
            <BudgetLine
              key={b.owner}
              budget={b}
              adding={verdict.evaluated
                .filter(e => normaliseGroupRef(e.request.owner) === b.owner)
                .reduce((s, e) => s + (e.monthlyCost || 0), 0)}
            />
          ))}
          {!verdict.allowed && (
            <Box mt={1} data-testid="gp-cost-refused">
              <Typography variant="body2" color="error">
                The guardrails would refuse this run:
              </Typography>
              {verdict.violations.map((v, i) => (
                <Typography key={i} variant="body2" color="error">
                  [{v.ruleId}] {v.resource ? `${v.kind} ${v.resource}: ` : ''}
                  {v.message}.{' '}
                  {v.allowed?.length
                    ? `Allowed: ${v.allowed.join(', ')}. `
                    : ''}
                  {v.fix}
                </Typography>
              ))}
              {(verdict.exceptionOffer ?? []).map(offer => (
                <ExceptionOfferLine
                  key={offer.index}
                  offer={offer}
                  request={
                    verdict.evaluated.find(e => e.index === offer.index)
                      ?.request
                  }
                />
              ))}
            </Box>
          )}
          {verdict.allowed &&
            (verdict.exceptionsUsed ?? []).map(used => (
              <Typography
                key={used.id}
                variant="body2"
                data-testid="gp-cost-exception-used"
              >
                Your approved exception {used.id} sets aside{' '}
                {used.ruleIds.join(', ')}: this run uses it.
              </Typography>
            ))}
        </>
      )}
      {!!rawErrors?.length && (
        <FormHelperText error>{rawErrors.join(' ')}</FormHelperText>
      )}
    </Box>
  );
}

/** Who could approve an exception to these rules, and a link to ask with the request filled in. */
function ExceptionOfferLine(props: {
  offer: ExceptionOffer;
  request: unknown;
}) {
  const { offer, request } = props;
  const link = `/golden-path/exceptions/new?request=${encodeURIComponent(
    JSON.stringify(request),
  )}`;
  return (
    <Typography variant="body2" data-testid="gp-cost-exception-offer">
      {offer.ruleIds.join(', ')} may be excepted in {offer.environment}: members
      of {offer.approvers.replace(/^group:default\//, '')} can approve an
      exception for up to {offer.maxDays} day(s).{' '}
      {/* Underlined: in running text, colour alone does not set a link apart (WCAG 1.4.1). */}
      <Link to={link} target="_blank" underline="always">
        Ask for an exception
      </Link>
    </Typography>
  );
}

function BudgetLine({
  budget,
  adding,
}: {
  budget: BudgetResponse;
  adding: number;
}) {
  const after = budget.remaining - adding;
  return (
    <Typography
      variant="body2"
      data-testid="gp-budget-left"
      color={after < 0 ? 'error' : 'textPrimary'}
    >
      Budget left for {budget.owner.replace(/^group:default\//, '')} this month:{' '}
      {money(budget.remaining, budget.currency)} of{' '}
      {money(budget.monthlyBudget, budget.currency)}; after this run:{' '}
      {money(after, budget.currency)}
    </Typography>
  );
}

/** Stops the step when the guardrails would refuse the run, naming every rule. @public */
export const validateCostEstimate: CustomFieldValidator<
  number,
  CostEstimateOptions
> = async (_value, field, { apiHolder, formData, uiSchema }) => {
  const api = formApiFrom(apiHolder);
  const requests = fillRequests(
    uiSchema?.['ui:options']?.requests,
    formData ?? {},
  );
  if (!api || !isComplete(requests)) return;
  const verdict = await api.evaluate(requests);
  if (!verdict.allowed)
    field.addError(
      `The guardrails would refuse this run:\n${formatViolations(
        verdict.violations,
      )}`,
    );
};

/**
 * `GoldenPathCostEstimate`: the monthly cost of everything the path will create and the budget the
 * owning team has left, judged by the backend exactly as the guardrails step will judge it. Its
 * value is the estimated monthly cost; a request the guardrails would refuse is shown with the rule
 * and the fix, and the step cannot be submitted.
 * @public
 */
export function CostEstimate(
  props: FieldExtensionComponentProps<number, CostEstimateOptions>,
) {
  return (
    <ReadableErrorColors>
      <CostEstimateField {...props} />
    </ReadableErrorColors>
  );
}
