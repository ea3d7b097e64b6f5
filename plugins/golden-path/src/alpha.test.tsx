import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { fakeApi } from './__fixtures__/fakeApi';
import { goldenPathApiRef } from './api/GoldenPathApi';
import goldenPathPlugin from './alpha';

const withFakeApi = (api = fakeApi().api) =>
  goldenPathPlugin.withOverrides({
    extensions: [
      goldenPathPlugin.getExtension('api:golden-path').override({
        params: defineParams =>
          defineParams({ api: goldenPathApiRef, deps: {}, factory: () => api }),
      }),
    ],
  });

describe('golden-path plugin for the new frontend system', () => {
  it('mounts the Impact page at /golden-path', async () => {
    renderTestApp({
      features: [withFakeApi()],
      initialRouteEntries: ['/golden-path?from=2026-11-01&to=2026-11-10'],
    });
    expect(
      await screen.findByTestId('gp-tile-tickets-value'),
    ).toHaveTextContent('80');
    expect(screen.getByTestId('gp-from')).toHaveValue('2026-11-01');
  });

  it('provides the Impact page, its nav item and a template entity card', () => {
    const ids = [
      'api:golden-path',
      'page:golden-path',
      'entity-card:golden-path/template-impact',
    ];
    for (const id of ids)
      expect(goldenPathPlugin.getExtension(id as any)).toBeDefined();
  });

  it('renders the template card on a Template entity page', async () => {
    const api = fakeApi().api;
    renderTestApp({
      features: [withFakeApi(api)],
      extensions: [
        createTestEntityPage({
          entity: {
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: {
              name: 's3-bucket',
              annotations: {
                'golden-path.io/replaces-ticket': 'provision-bucket',
              },
            },
            spec: {},
          },
        }),
      ],
    });
    expect(await screen.findByTestId('gp-card-tickets')).toHaveTextContent(
      '80',
    );
  });
});
