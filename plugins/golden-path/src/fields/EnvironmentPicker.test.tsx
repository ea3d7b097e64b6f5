import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { goldenPathFormApiRef } from '../api/GoldenPathFormApi';
import { fakeFormApi, fieldProps } from './__testUtils__/fakeFormApi';
import { EnvironmentPicker, validateEnvironment } from './EnvironmentPicker';

async function renderPicker(
  api: ReturnType<typeof fakeFormApi>,
  props: ReturnType<typeof fieldProps>,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[goldenPathFormApiRef, api]]}>
      <EnvironmentPicker {...props} />
    </TestApiProvider>,
  );
}

describe('GoldenPathEnvironmentPicker', () => {
  it('offers exactly the environments of GET /policy and starts on the template default', async () => {
    const api = fakeFormApi();
    const onChange = jest.fn();
    await renderPicker(
      api,
      fieldProps({
        schema: { title: 'Environment', default: 'prod' },
        onChange,
      }),
    );
    const select = await screen.findByTestId('gp-environment-picker');
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['dev', 'prod']),
    );
    expect(api.getPolicy).toHaveBeenCalledWith();
    expect(onChange).toHaveBeenCalledWith('prod');
  });

  it('shows the chosen environment’s description and hands a new choice to the form', async () => {
    const onChange = jest.fn();
    await renderPicker(
      fakeFormApi(),
      fieldProps({ formData: 'dev', onChange }),
    );
    expect(
      await screen.findByText('Development. Small sizes.'),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByTestId('gp-environment-picker'),
      'prod',
    );
    expect(onChange).toHaveBeenLastCalledWith('prod');
  });

  it('offers only the allowed subset, and says so when a value is not configured', async () => {
    await renderPicker(
      fakeFormApi(),
      fieldProps({ formData: 'staging', uiOptions: { allowed: ['prod'] } }),
    );
    expect(
      await screen.findByText('"staging" is not a configured environment'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('gp-environment-picker'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['staging', 'prod']);
  });

  it('refuses an environment the policy does not configure when the step is submitted', async () => {
    const apiHolder = { get: () => fakeFormApi() } as any;
    const bad = createFieldValidation();
    await validateEnvironment('staging', bad, {
      apiHolder,
      formData: {},
      schema: {},
    });
    expect(bad.__errors).toEqual([
      '"staging" is not a configured environment; choose one of dev, prod',
    ]);
    const good = createFieldValidation();
    await validateEnvironment('dev', good, {
      apiHolder,
      formData: {},
      schema: {},
    });
    expect(good.__errors).toEqual([]);
  });
});
