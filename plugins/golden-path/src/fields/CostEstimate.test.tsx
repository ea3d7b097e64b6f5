import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, waitFor } from '@testing-library/react';
import { goldenPathFormApiRef } from '../api/GoldenPathFormApi';
import { fakeFormApi, fieldProps } from './__testUtils__/fakeFormApi';
import { CostEstimate, validateCostEstimate } from './CostEstimate';

/** The cost field's ui:options of the new-service template (a database and an optional bucket). */
const requests = [
  {
    kind: 'rds-instance',
    name: '${{ parameters.name }}-db',
    environment: '${{ parameters.environment }}',
    owner: '${{ parameters.owner }}',
    instanceClass: '${{ parameters.instanceClass }}',
    allocatedStorageGb: '${{ parameters.allocatedStorageGb }}',
    tags: { 'cost-center': '${{ parameters.costCenter }}' },
  },
  {
    kind: 's3-bucket',
    if: '${{ parameters.createBucket }}',
    name: '${{ parameters.name }}-${{ parameters.environment }}-files',
    environment: '${{ parameters.environment }}',
    owner: '${{ parameters.owner }}',
    expectedStorageGb: '${{ parameters.bucketStorageGb }}',
  },
];
const form = {
  name: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  instanceClass: 'db.t4g.small',
  allocatedStorageGb: 30,
  costCenter: 'cc-1',
  createBucket: true,
  bucketStorageGb: 100,
};

function estimate(
  api: ReturnType<typeof fakeFormApi>,
  values: Record<string, unknown>,
  onChange = jest.fn(),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[goldenPathFormApiRef, api]]}>
      <CostEstimate
        {...fieldProps({
          uiOptions: { requests },
          form: values,
          onChange,
          schema: { type: 'number', title: 'Estimated monthly cost' },
        })}
      />
    </TestApiProvider>,
  );
}

describe('GoldenPathCostEstimate', () => {
  it('shows the monthly cost of everything the path creates and the budget the team has left', async () => {
    const api = fakeFormApi({ 'group:default/payments': 600 });
    const onChange = jest.fn();
    await estimate(api, form, onChange);
    // eu-west-1: db.t4g.small $0.035 x 730 + 30 GB x $0.127 = $29.36; bucket: 100 GB x $0.023 = $2.30.
    expect(await screen.findByTestId('gp-cost-total')).toHaveTextContent(
      'USD 31.66 per month',
    );
    expect(
      screen.getAllByTestId('gp-cost-item').map(e => e.textContent),
    ).toEqual([
      expect.stringMatching(
        /^rds-instance orders-db: USD 29\.36 \(db\.t4g\.small/,
      ),
      expect.stringMatching(/^s3-bucket orders-dev-files: USD 2\.30 \(100 GB/),
    ]);
    expect(await screen.findByTestId('gp-budget-left')).toHaveTextContent(
      'Budget left for payments this month: USD 400.00 of USD 1,000.00; after this run: USD 368.34',
    );
    expect(api.evaluate).toHaveBeenCalledWith([
      expect.objectContaining({
        kind: 'rds-instance',
        name: 'orders-db',
        instanceClass: 'db.t4g.small',
        allocatedStorageGb: 30,
      }),
      expect.objectContaining({
        kind: 's3-bucket',
        name: 'orders-dev-files',
        expectedStorageGb: 100,
      }),
    ]);
    expect(api.getBudget).toHaveBeenCalledWith('group:default/payments');
    expect(onChange).toHaveBeenCalledWith(31.66);
    expect(screen.queryByTestId('gp-cost-refused')).not.toBeInTheDocument();
  });

  it('leaves out what the form will not create (if: false)', async () => {
    const api = fakeFormApi();
    await estimate(api, { ...form, createBucket: false });
    expect(await screen.findByTestId('gp-cost-total')).toHaveTextContent(
      'USD 29.36 per month',
    );
    expect(api.evaluate).toHaveBeenCalledWith([
      expect.objectContaining({ kind: 'rds-instance' }),
    ]);
  });

  it('says what the guardrails would refuse, with the rule and the fix, before submit', async () => {
    await estimate(fakeFormApi({ 'group:default/payments': 990 }), form);
    const refused = await screen.findByTestId('gp-cost-refused');
    expect(refused).toHaveTextContent('[GP-BUDGET-TEAM-MONTHLY]');
    expect(refused).toHaveTextContent(
      'exceeds its budget of USD 1000.00 (left: USD 10.00)',
    );
    expect(screen.getByTestId('gp-budget-left')).toHaveTextContent(
      'after this run: USD -21.66',
    );
  });

  it('asks for the earlier steps first', async () => {
    const api = fakeFormApi();
    await estimate(api, { environment: 'dev' });
    expect(
      screen.getByText(
        'Fill in the earlier steps to see the cost and your team’s budget.',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.evaluate).not.toHaveBeenCalled());
  });

  it('stops the step when the guardrails would refuse the run', async () => {
    const uiSchema = { 'ui:options': { requests } };
    const refused = createFieldValidation();
    await validateCostEstimate(0, refused, {
      apiHolder: { get: () => fakeFormApi() } as any,
      formData: { ...form, instanceClass: 'db.m7g.large' },
      schema: {},
      uiSchema,
    });
    expect(refused.__errors).toEqual([
      expect.stringMatching(
        /^The guardrails would refuse this run:\n\[GP-RDS-INSTANCE-CLASS\] rds-instance "orders-db": instance class "db.m7g.large" is not allowed/,
      ),
    ]);
    const allowed = createFieldValidation();
    await validateCostEstimate(29.11, allowed, {
      apiHolder: { get: () => fakeFormApi() } as any,
      formData: form,
      schema: {},
      uiSchema,
    });
    expect(allowed.__errors).toEqual([]);
  });

  it('offers an exception when only exceptable rules refuse, and says when an approved one applies', async () => {
    const api = fakeFormApi();
    const prodForm = {
      ...form,
      environment: 'prod',
      instanceClass: 'db.m6g.large',
      allocatedStorageGb: 50,
      createBucket: false,
    };
    await estimate(api, prodForm);
    const offer = await screen.findByTestId('gp-cost-exception-offer');
    expect(offer).toHaveTextContent(
      'GP-RDS-INSTANCE-CLASS may be excepted in prod: members of platform can approve an exception for up to 14 day(s).',
    );
    const link = screen.getByRole('link', { name: /Ask for an exception/ });
    const url = new URL(link.getAttribute('href')!, 'http://app');
    expect(url.pathname).toBe('/golden-path/exceptions/new');
    expect(JSON.parse(url.searchParams.get('request')!)).toMatchObject({
      kind: 'rds-instance',
      name: 'orders-db',
      instanceClass: 'db.m6g.large',
      multiAz: true,
    });

    // Once approved, the backend's answer applies it: the form says so and does not refuse.
    const allowed = await api.evaluate([]);
    api.evaluate.mockResolvedValue({
      ...allowed,
      allowed: true,
      violations: [],
      exceptionsUsed: [
        { id: 'exc-9', index: 0, ruleIds: ['GP-RDS-INSTANCE-CLASS'] },
      ],
    });
    await estimate(api, { ...prodForm, name: 'orders2' });
    expect(
      await screen.findByTestId('gp-cost-exception-used'),
    ).toHaveTextContent(
      'Your approved exception exc-9 sets aside GP-RDS-INSTANCE-CLASS: this run uses it.',
    );
  });
});
