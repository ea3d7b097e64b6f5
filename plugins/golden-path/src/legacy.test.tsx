import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { fakeApi } from './__fixtures__/fakeApi';
import { GoldenPathApi, goldenPathApiRef } from './api/GoldenPathApi';
import { Route, Routes } from 'react-router-dom';
import { EntityGoldenPathTemplateCard, GoldenPathImpactPage } from './index';

const template = (annotations: Record<string, string>) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 's3-bucket', namespace: 'default', annotations },
  spec: {},
});

/** The legacy template card on a Template's entity page, talking to `api`. */
const renderCard = (api: GoldenPathApi, annotations: Record<string, string>) =>
  renderInTestApp(
    <TestApiProvider apis={[[goldenPathApiRef, api]]}>
      <EntityProvider entity={template(annotations)}>
        <EntityGoldenPathTemplateCard />
      </EntityProvider>
    </TestApiProvider>,
  );

describe('golden-path plugin for the legacy frontend system', () => {
  it('mounts the routable Impact page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[goldenPathApiRef, fakeApi().api]]}>
        <Routes>
          <Route path="/golden-path" element={<GoldenPathImpactPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/golden-path'] },
    );
    expect(await screen.findByText('Golden Path Impact')).toBeInTheDocument();
    expect(
      await screen.findByTestId('gp-tile-tickets-value'),
    ).toHaveTextContent('80');
  });

  it("shows a template's runs, savings and latest runs on its entity page", async () => {
    const { api, calls } = fakeApi();
    await renderCard(api, {
      'golden-path.io/replaces-ticket': 'provision-bucket',
    });
    expect(await screen.findByTestId('gp-card-tickets')).toHaveTextContent(
      '80',
    );
    expect(screen.getByTestId('gp-card-ops')).toHaveTextContent('60 h');
    expect(screen.getByTestId('gp-card-money')).toHaveTextContent('€453,700');
    expect(screen.getByTestId('gp-card-money-parts')).toHaveTextContent(
      'Developer wait €448,000 (5,600 working h × €80/h) + ops effort €5,700 (60 h × €95/h). Baseline: provision-database measured from 42 tickets',
    );
    const runs = screen.getByTestId('gp-card-latest');
    expect(runs).toHaveTextContent(
      'denied · 2026-11-21 09:00 · jane · 2 s · GP-S3-PUBLIC-ACCESS-BLOCK',
    );
    expect(runs).toHaveTextContent(
      'completed · 2026-11-20 09:00 · jane · 5 min',
    );
    expect(calls.find(c => c.method === 'getRuns')!.query!.template).toBe(
      'template:default/s3-bucket',
    );
    expect(calls.find(c => c.method === 'getSummary')!.query!.template).toBe(
      'template:default/s3-bucket',
    );
  });

  it('says why a template without the ticket annotation has no figures', async () => {
    const { api, calls } = fakeApi();
    await renderCard(api, {});
    expect(
      await screen.findByText(/does not declare the ticket it replaces/),
    ).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('shows the API error on the card', async () => {
    const { api } = fakeApi({
      getRuns: async () => Promise.reject(new Error('metrics unavailable')),
    });
    await renderCard(api, {
      'golden-path.io/replaces-ticket': 'provision-bucket',
    });
    expect(
      (await screen.findAllByText(/metrics unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
