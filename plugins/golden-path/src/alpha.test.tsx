import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { goldenPathApiRef } from './api/GoldenPathApi';
import goldenPathPlugin from './alpha';

describe('golden-path plugin for the new frontend system', () => {
  it('mounts the Impact page at /golden-path', async () => {
    const getPolicy = jest.fn(async () => ({
      mode: 'live' as const,
      environments: { prod: {} as any },
      budget: { currency: 'USD', maxMonthlyPerRequest: 300, teamMonthly: {} },
      rules: [],
    }));
    renderTestApp({
      features: [
        goldenPathPlugin.withOverrides({
          extensions: [
            goldenPathPlugin.getExtension('api:golden-path').override({
              params: defineParams => defineParams({ api: goldenPathApiRef, deps: {}, factory: () => ({ getPolicy }) }),
            }),
          ],
        }),
      ],
      initialRouteEntries: ['/golden-path'],
    });
    expect(await screen.findByTestId('gp-mode')).toHaveTextContent('Mode: live');
  });
});
