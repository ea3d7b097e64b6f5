import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { GoldenPathApi, goldenPathApiRef } from '../api/GoldenPathApi';
import { ImpactPage } from './ImpactPage';

const policy = {
  mode: 'plan' as const,
  environments: { dev: {} as any, prod: {} as any },
  budget: { currency: 'USD', maxMonthlyPerRequest: 300, teamMonthly: { default: 1000 } },
  rules: [{ id: 'GP-S3-PUBLIC-ACCESS-BLOCK' } as any],
};

function renderWith(api: GoldenPathApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[goldenPathApiRef, api]]}>
      <ImpactPage />
    </TestApiProvider>,
  );
}

describe('ImpactPage', () => {
  it('shows the policy in force', async () => {
    await renderWith({ getPolicy: async () => policy });
    expect(await screen.findByTestId('gp-mode')).toHaveTextContent('Mode: plan');
    expect(screen.getByTestId('gp-environments')).toHaveTextContent('Environments: dev, prod');
    expect(screen.getByText('Guardrail rules: 1')).toBeInTheDocument();
  });

  it('shows a clear error when the backend fails', async () => {
    await renderWith({ getPolicy: async () => Promise.reject(new Error('golden-path backend is down')) });
    expect((await screen.findAllByText(/golden-path backend is down/)).length).toBeGreaterThan(0);
  });
});
