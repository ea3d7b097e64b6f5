import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { fakeApi, noTickets, summary } from '../__fixtures__/fakeApi';
import { GoldenPathApi, goldenPathApiRef } from '../api/GoldenPathApi';
import { ImpactPage } from './ImpactPage';

function renderWith(api: GoldenPathApi, route = '/golden-path') {
  return renderInTestApp(
    <TestApiProvider apis={[[goldenPathApiRef, api]]}>
      {/* Mounted as the app mounts the page: its own routes live under it. */}
      <Routes>
        <Route path="/golden-path/*" element={<ImpactPage />} />
      </Routes>
    </TestApiProvider>,
    { routeEntries: [route] },
  );
}

const tile = (id: string) =>
  screen.getByTestId(`gp-tile-${id}-value`).textContent;
const rowsOf = (table: string) =>
  within(screen.getByTestId(`gp-table-${table}`))
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);

describe('Impact page', () => {
  it('shows the headline tiles formatted for people', async () => {
    await renderWith(fakeApi().api);
    await screen.findByTestId('gp-tile-tickets');
    expect(tile('tickets')).toBe('80');
    // Developer wait is in working hours, never turned into 24-hour days.
    expect(tile('wait')).toBe('5,600 h');
    expect(screen.getByTestId('gp-tile-wait')).toHaveTextContent(
      'working hours (business calendar)',
    );
    expect(tile('ops')).toBe('60 h');
    expect(tile('money')).toBe('€453,700');
    expect(screen.getByTestId('gp-money-wait')).toHaveTextContent('€448,000');
    expect(screen.getByTestId('gp-money-ops')).toHaveTextContent('€5,700');
    expect(tile('provision')).toBe('7 min');
    expect(screen.getByTestId('gp-tile-provision')).toHaveTextContent(
      'vs 72 h working time in the ticket queue; p90 15 min',
    );
    expect(tile('denied')).toBe('12');
    expect(screen.getByTestId('gp-tile-denied')).toHaveTextContent(
      '12% of 100 finished runs',
    );
    expect(tile('failure')).toBe('8%');
    expect(tile('share')).toBe('5%');
    expect(screen.getByTestId('gp-tile-share')).toHaveTextContent('was 25% of');
    for (const chart of ['runs', 'hours', 'share'])
      expect(screen.getByTestId(`gp-chart-${chart}`)).toBeInTheDocument();
  });

  it('tables by template and by team, sorted by ops hours and re-sortable', async () => {
    await renderWith(fakeApi().api);
    await screen.findByTestId('gp-table-template');
    expect(rowsOf('template')).toEqual([
      'postgres-database',
      's3-bucket',
      'redis-cache',
    ]);
    expect(rowsOf('owner')).toEqual(['payments', 'checkout']);
    const table = within(screen.getByTestId('gp-table-template'));
    expect(table.getByText('provision-database')).toBeInTheDocument();
    fireEvent.click(table.getByText('Runs'));
    await waitFor(() =>
      expect(rowsOf('template')).toEqual([
        's3-bucket',
        'postgres-database',
        'redis-cache',
      ]),
    );
    fireEvent.click(table.getByText('Template'));
    await waitFor(() =>
      expect([
        ['postgres-database', 'redis-cache', 's3-bucket'],
        ['s3-bucket', 'redis-cache', 'postgres-database'],
      ]).toContainEqual(rowsOf('template')),
    );
  });

  it('reads the period from the URL and asks the API for it, end date included', async () => {
    const { api, calls } = fakeApi();
    await renderWith(api, '/golden-path?from=2026-11-01&to=2026-11-10');
    await screen.findByTestId('gp-tile-tickets');
    expect(
      calls.filter(c => c.method === 'getSummary').map(c => c.query),
    ).toEqual([{ from: '2026-11-01', to: '2026-11-11' }]);
    expect(calls.find(c => c.method === 'getTimeseries')!.extra).toBe('day');
    expect(screen.getByTestId('gp-from')).toHaveValue('2026-11-01');
  });

  it('changes the period with a custom range and with presets', async () => {
    const { api, calls } = fakeApi();
    await renderWith(api, '/golden-path?from=2026-11-01&to=2026-11-10');
    await screen.findByTestId('gp-tile-tickets');
    fireEvent.change(screen.getByTestId('gp-from'), {
      target: { value: '2026-06-01' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(
        calls.filter(c => c.method === 'getSummary').at(-1)!.query,
      ).toEqual({ from: '2026-06-01', to: '2026-11-11' }),
    );
    expect(calls.filter(c => c.method === 'getTimeseries').at(-1)!.extra).toBe(
      'week',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
    await waitFor(() => {
      const q = calls.filter(c => c.method === 'getSummary').at(-1)!.query!;
      expect((Date.parse(q.to!) - Date.parse(q.from!)) / 86400_000).toBe(30);
    });
  });

  it('narrows the page to a template or team clicked in a table, and back', async () => {
    const { api, calls } = fakeApi();
    await renderWith(api, '/golden-path?from=2026-11-01&to=2026-11-10');
    await screen.findByTestId('gp-table-template');
    const lastSummary = () =>
      calls.filter(c => c.method === 'getSummary').at(-1)!.query;
    fireEvent.click(
      within(screen.getByTestId('gp-table-template')).getByText('s3-bucket'),
    );
    await waitFor(() =>
      expect(lastSummary()).toEqual({
        from: '2026-11-01',
        to: '2026-11-11',
        template: 'template:default/s3-bucket',
      }),
    );
    await screen.findByTestId('gp-table-owner');
    fireEvent.click(
      within(screen.getByTestId('gp-table-owner')).getByText('checkout'),
    );
    await waitFor(() =>
      expect(lastSummary()).toEqual({
        from: '2026-11-01',
        to: '2026-11-11',
        template: 'template:default/s3-bucket',
        owner: 'group:default/checkout',
      }),
    );
    const scope = screen.getByTestId('gp-scope');
    expect(scope).toHaveTextContent('Template: s3-bucket');
    expect(scope).toHaveTextContent('Team: checkout');
    // A new period keeps the scope; removing a chip widens it again.
    await userEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
    await waitFor(() =>
      expect(lastSummary()).toMatchObject({
        template: 'template:default/s3-bucket',
        owner: 'group:default/checkout',
      }),
    );
    fireEvent.click(screen.getByTestId('gp-scope-clear-template'));
    await waitFor(() => expect(lastSummary()).not.toHaveProperty('template'));
    expect(lastSummary()).toMatchObject({ owner: 'group:default/checkout' });
    expect(calls.filter(c => c.method === 'exportCsv')).toEqual([]);
  });

  it('refuses a custom range that ends before it starts', async () => {
    await renderWith(
      fakeApi().api,
      '/golden-path?from=2026-11-01&to=2026-11-10',
    );
    await screen.findByTestId('gp-tile-tickets');
    fireEvent.change(screen.getByTestId('gp-to'), {
      target: { value: '2026-10-01' },
    });
    expect(screen.getByText('From must not be after To')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
  });

  it('downloads the period as CSV through the client', async () => {
    const { api, calls } = fakeApi();
    const createObjectURL = jest.fn(() => 'blob:csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicks: string[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        clicks.push(this.download);
      });
    await renderWith(api, '/golden-path?from=2026-11-01&to=2026-11-10');
    await screen.findByTestId('gp-tile-tickets');
    await userEvent.click(screen.getByTestId('gp-export'));
    await waitFor(() =>
      expect(clicks).toEqual(['golden-path-runs-2026-11-01-to-2026-11-10.csv']),
    );
    expect(calls.find(c => c.method === 'exportCsv')!.query).toEqual({
      from: '2026-11-01',
      to: '2026-11-11',
    });
  });

  it('explains how to annotate templates when there are no runs', async () => {
    await renderWith(
      fakeApi({ getSummary: async () => summary({ runs: 0, completed: 0 }) })
        .api,
      '/golden-path?from=2026-11-01&to=2026-11-10',
    );
    expect(await screen.findByTestId('gp-empty')).toHaveTextContent(
      'No Golden Path runs between 2026-11-01 and 2026-11-10',
    );
    expect(screen.getByTestId('gp-empty')).toHaveTextContent(
      'golden-path.io/replaces-ticket',
    );
    // The example scrolls sideways on narrow screens: a named region that takes focus.
    const example = screen.getByRole('region', {
      name: 'Example: the annotations of a Golden Path template',
    });
    expect(example).toHaveAttribute('tabindex', '0');
    expect(example).toHaveTextContent('golden-path.io/ticket-queue-time: P3D');
    expect(screen.queryByTestId('gp-tile-tickets')).not.toBeInTheDocument();
  });

  it('shows the ticket sections beside the runs, asking for the leakage of the period', async () => {
    const { api, calls } = fakeApi();
    await renderWith(api, '/golden-path?from=2026-11-01&to=2026-11-10');
    await screen.findByTestId('gp-tickets');
    expect(
      screen.getByTestId('gp-before-after-provision-database'),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('gp-leakage-teams')).toBeInTheDocument();
    expect(screen.getByTestId('gp-next-table')).toBeInTheDocument();
    expect(calls.find(c => c.method === 'getTicketLeakage')!.query).toEqual({
      from: '2026-11-01',
      to: '2026-11-11',
    });
    // The business calendar from the tickets API says what a working hour is.
    expect(screen.getByTestId('gp-calendar')).toHaveTextContent(
      'Mon, Tue, Wed, Thu, Fri from 09:00, 8 h a day (Europe/Berlin), 1 holiday',
    );
  });

  it('without tickets configured (404) keeps every run figure and shows one short empty state', async () => {
    await renderWith(fakeApi(noTickets).api);
    const empty = await screen.findByTestId('gp-tickets-empty');
    expect(empty).toHaveTextContent('No ticket data yet');
    expect(screen.getByTestId('gp-tickets-docs')).toHaveTextContent(
      'goldenPath.tickets in app-config',
    );
    expect(screen.getAllByTestId('gp-tickets-empty')).toHaveLength(1);
    expect(tile('money')).toBe('€453,700');
    expect(screen.getByTestId('gp-table-template')).toBeInTheDocument();
    expect(screen.queryByTestId('gp-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('gp-calendar')).toHaveTextContent(
      'goldenPath.metrics.calendar',
    );
  });

  it('labels the period dates so they are found by their labels', async () => {
    await renderWith(
      fakeApi().api,
      '/golden-path?from=2026-11-01&to=2026-11-10',
    );
    expect(await screen.findByLabelText('From')).toHaveValue('2026-11-01');
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-10');
  });

  it('shows a clear error when the API fails, and retries', async () => {
    let fail = true;
    const { api } = fakeApi({
      getSummary: async () => {
        if (fail) throw new Error('golden-path backend is down');
        return summary();
      },
    });
    await renderWith(api);
    expect(await screen.findByTestId('gp-error')).toHaveTextContent(
      'golden-path backend is down',
    );
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('gp-tile-tickets')).toBeInTheDocument();
  });
});
