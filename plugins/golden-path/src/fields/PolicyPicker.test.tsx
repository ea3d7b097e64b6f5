import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { goldenPathFormApiRef } from '../api/GoldenPathFormApi';
import { fakeFormApi, fieldProps, policy } from './__testUtils__/fakeFormApi';
import { PolicyPicker, validatePolicyChoice } from './PolicyPicker';

function picker(
  api: ReturnType<typeof fakeFormApi>,
  props: ReturnType<typeof fieldProps>,
) {
  return (
    <TestApiProvider apis={[[goldenPathFormApiRef, api]]}>
      <PolicyPicker {...props} />
    </TestApiProvider>
  );
}

const optionsOf = (testId: string) =>
  within(screen.getByTestId(testId)).getAllByRole(
    'option',
  ) as HTMLOptionElement[];

describe('GoldenPathPolicyPicker', () => {
  it('offers the instance classes of the chosen environment from GET /policy, each with its monthly price', async () => {
    const api = fakeFormApi();
    const onChange = jest.fn();
    await renderInTestApp(
      picker(
        api,
        fieldProps({
          uiOptions: { policy: 'rds.instanceClass' },
          form: { environment: 'dev' },
          onChange,
          schema: { title: 'Database size' },
        }),
      ),
    );
    await waitFor(() =>
      expect(
        optionsOf('gp-policy-rds.instanceClass').map(o => o.value),
      ).toEqual(policy.environments.dev.rds.instanceClasses),
    );
    expect(api.getPolicy).toHaveBeenCalledWith('dev');
    // eu-west-1, dev defaults: db.t4g.micro $0.017/h x 730 h + 20 GB x $0.127 = $14.95.
    expect(
      optionsOf('gp-policy-rds.instanceClass').map(o => o.textContent),
    ).toEqual([
      'db.t4g.micro (about USD 14.95/month)',
      'db.t4g.small (about USD 28.09/month)',
    ]);
    // An empty value becomes the environment's default.
    expect(onChange).toHaveBeenCalledWith('db.t4g.micro');
    await userEvent.selectOptions(
      screen.getByTestId('gp-policy-rds.instanceClass'),
      'db.t4g.small',
    );
    expect(onChange).toHaveBeenLastCalledWith('db.t4g.small');
  });

  it('follows the environment: a value the new environment does not allow is replaced by its default', async () => {
    const api = fakeFormApi();
    const onChange = jest.fn();
    const props = (environment: string) =>
      fieldProps({
        formData: 'db.t4g.micro',
        uiOptions: { policy: 'rds.instanceClass' },
        form: { environment },
        onChange,
      });
    const { rerender } = await renderInTestApp(picker(api, props('dev')));
    await waitFor(() =>
      expect(optionsOf('gp-policy-rds.instanceClass')).toHaveLength(2),
    );
    expect(onChange).not.toHaveBeenCalled();
    rerender(picker(api, props('prod')));
    await waitFor(() =>
      expect(
        optionsOf('gp-policy-rds.instanceClass').map(o => o.value),
      ).toEqual(['db.t4g.medium', 'db.m7g.large', '__golden-path-other__']),
    );
    expect(api.getPolicy).toHaveBeenLastCalledWith('prod');
    expect(onChange).toHaveBeenCalledWith('db.t4g.medium');
    // Multi-AZ is required in prod, so the price doubles: ($0.069 x 730 + 50 GB x $0.127) x 2 = $113.44.
    expect(optionsOf('gp-policy-rds.instanceClass')[0].textContent).toBe(
      'db.t4g.medium (about USD 113.44/month)',
    );
  });

  it('bounds a number by the environment’s range and pulls an out-of-range value back in', async () => {
    const onChange = jest.fn();
    const props = fieldProps<number>({
      formData: 20,
      uiOptions: { policy: 'rds.storageGb' },
      form: { environment: 'prod' },
      onChange,
      schema: { type: 'integer', title: 'Storage' },
    });
    // Holds the value the way the form does, so typing behaves as in the app.
    const Stateful = () => {
      const [value, setValue] = useState<number | undefined>(props.formData);
      return (
        <PolicyPicker
          {...props}
          formData={value}
          onChange={(v: number | undefined) => {
            onChange(v);
            setValue(v);
          }}
        />
      );
    };
    await renderInTestApp(
      <TestApiProvider apis={[[goldenPathFormApiRef, fakeFormApi()]]}>
        <Stateful />
      </TestApiProvider>,
    );
    const input = await screen.findByTestId('gp-policy-rds.storageGb');
    expect(input).toHaveAttribute('min', '50');
    expect(input).toHaveAttribute('max', '500');
    expect(screen.getByText(/^50 to 500 in prod/)).toBeInTheDocument();
    await waitFor(() => expect(input).toHaveValue(50));
    expect(onChange).toHaveBeenCalledWith(50);
    // Typing is not fought over: an intermediate value is shown as out of range, not replaced.
    onChange.mockClear();
    await userEvent.clear(input);
    await userEvent.type(input, '7');
    expect(onChange).toHaveBeenLastCalledWith(7);
    expect(onChange).not.toHaveBeenCalledWith(50);
    expect(input).toHaveValue(7);
  });

  it('waits for the environment, and names a policy key that does not exist', async () => {
    await renderInTestApp(
      picker(
        fakeFormApi(),
        fieldProps({ uiOptions: { policy: 'rds.instanceClass' } }),
      ),
    );
    expect(
      screen.getByText('Choose the environment first'),
    ).toBeInTheDocument();
    await renderInTestApp(
      picker(
        fakeFormApi(),
        fieldProps({
          uiOptions: { policy: 'rds.password' },
          form: { environment: 'dev' },
        }),
      ),
    );
    expect(
      screen.getByText(
        'ui:options.policy "rds.password" is not a policy choice',
      ),
    ).toBeInTheDocument();
  });

  it('refuses a value outside the environment’s policy when the step is submitted', async () => {
    const apiHolder = { get: () => fakeFormApi() } as any;
    const uiSchema = { 'ui:options': { policy: 'rds.instanceClass' } };
    const bad = createFieldValidation();
    await validatePolicyChoice('db.m7g.large', bad, {
      apiHolder,
      formData: { environment: 'dev' },
      schema: {},
      uiSchema,
    });
    expect(bad.__errors).toEqual([
      'Not allowed in dev; choose one of db.t4g.micro, db.t4g.small',
    ]);
    const good = createFieldValidation();
    await validatePolicyChoice('db.m7g.large', good, {
      apiHolder,
      formData: { environment: 'prod' },
      schema: {},
      uiSchema,
    });
    expect(good.__errors).toEqual([]);
  });

  it('where prod lets approvers except the rule, offers another value, marked as needing an approved exception', async () => {
    const onChange = jest.fn();
    const props = fieldProps({
      formData: 'db.t4g.medium',
      uiOptions: { policy: 'rds.instanceClass' },
      form: { environment: 'prod' },
      onChange,
      schema: { title: 'Size' },
    });
    const Stateful = () => {
      const [value, setValue] = useState<string | undefined>(
        props.formData as string,
      );
      return (
        <PolicyPicker
          {...props}
          formData={value}
          onChange={(v: string | number | undefined) => {
            onChange(v);
            setValue(v as string);
          }}
        />
      );
    };
    await renderInTestApp(
      <TestApiProvider apis={[[goldenPathFormApiRef, fakeFormApi()]]}>
        <Stateful />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(
        optionsOf('gp-policy-rds.instanceClass').map(o => o.textContent),
      ).toContain('Another value (needs an approved exception)'),
    );
    expect(
      screen.getByText(
        /other values need an exception approved by platform \(up to 14 days\)/,
      ),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByTestId('gp-policy-rds.instanceClass'),
      'Another value (needs an approved exception)',
    );
    const other = await screen.findByTestId(
      'gp-policy-rds.instanceClass-other',
    );
    await userEvent.type(other, 'db.m6g.large');
    expect(onChange).toHaveBeenLastCalledWith('db.m6g.large');

    // The step accepts it there (the guardrails judge it); dev has no such exception.
    const apiHolder = { get: () => fakeFormApi() } as any;
    const uiSchema = { 'ui:options': { policy: 'rds.instanceClass' } };
    const prod = createFieldValidation();
    await validatePolicyChoice('db.m6g.large', prod, {
      apiHolder,
      formData: { environment: 'prod' },
      schema: {},
      uiSchema,
    });
    expect(prod.__errors).toEqual([]);
    const empty = createFieldValidation();
    await validatePolicyChoice('', empty, {
      apiHolder,
      formData: { environment: 'prod' },
      schema: {},
      uiSchema,
    });
    expect(empty.__errors).toHaveLength(1);
    const dev = createFieldValidation();
    await validatePolicyChoice('db.m6g.large', dev, {
      apiHolder,
      formData: { environment: 'dev' },
      schema: {},
      uiSchema,
    });
    expect(dev.__errors).toHaveLength(1);
  });
});
