import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  leakage,
  notFoundError,
  retireCandidates,
  summary,
  templates,
  ticketTypes,
} from '../../../__fixtures__/fakeApi';
import { TicketSections } from './TicketSections';
import { TicketData } from './useTicketData';

const done = <T,>(value: T) => ({ loading: false, value });
const failed = (error: Error) => ({ loading: false, error });

function data(overrides: Partial<Record<keyof TicketData, unknown>> = {}) {
  return {
    types: done(ticketTypes),
    leakage: done(leakage),
    next: done(retireCandidates),
    ...overrides,
  } as TicketData;
}

const render = (d: TicketData) =>
  renderInTestApp(
    <TicketSections
      data={d}
      baselines={summary().baselines}
      templates={templates}
      periodDays={91.3125}
    />,
  );

const rowsOf = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByRole('row')
    .slice(1)
    .map(r =>
      within(r)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );

describe('TicketSections', () => {
  it('shows before and after for each ticket type that has a path', async () => {
    await render(data());
    const db = within(screen.getByTestId('gp-before-after-provision-database'));
    expect(db.getByTestId('gp-ba-opened')).toHaveTextContent(
      'Tickets opened per month81 still opened (6 since the path)',
    );
    expect(db.getByTestId('gp-ba-runs')).toHaveTextContent('13.3');
    expect(db.getByTestId('gp-ba-start')).toHaveTextContent(
      '10 h / 30 h (42 tickets)',
    );
    expect(db.getByTestId('gp-ba-resolve')).toHaveTextContent(
      '26 h / 60 h (40 tickets)5 min median to provision',
    );
    // The card names the baseline the type's figures used.
    expect(
      screen.getByText(/provision-database · path live since 2026-06-01/),
    ).toHaveTextContent('baseline measured from 42 tickets');
    expect(
      screen.getByText(/provision-bucket · path live since 2026-03-01/),
    ).toHaveTextContent(
      'baseline template annotations (no tickets of this type imported)',
    );
    // A type without a path is ranked below, not compared.
    expect(
      screen.queryByTestId('gp-before-after-rotate-certificate'),
    ).not.toBeInTheDocument();
  });

  it('lists leaked tickets and counts them by team, most first', async () => {
    await render(data());
    expect(rowsOf('gp-leakage-teams')).toEqual([
      ['checkout', '2', 'provision-bucket 1, provision-database 1'],
      ['payments', '2', 'provision-database 2'],
    ]);
    expect(rowsOf('gp-leakage-tickets')).toEqual([
      ['OPS-107', 'provision-database', 'Jira', 'payments', '2026-11-12'],
      ['acme/ops#45', 'provision-bucket', 'GitHub', 'checkout', '2026-11-03'],
      [
        'RITM0010042',
        'provision-database',
        'ServiceNow CSV',
        'checkout',
        '2026-10-20',
      ],
      ['OPS-101', 'provision-database', 'Jira', 'payments', '2026-09-30'],
    ]);
    expect(
      screen.getByText('4 tickets in the period from 2 team(s)'),
    ).toBeInTheDocument();
  });

  it('ranks the types to build next in the backend’s order, with the three factors and the score', async () => {
    await render(data());
    expect(rowsOf('gp-next-table')).toEqual([
      [
        '1',
        'Rotate a TLS certificate (rotate-certificate)',
        '12',
        '2 h (measured)',
        '16 h',
        '384',
        '144',
      ],
      [
        '2',
        'Create a DNS record (create-dns-record)',
        '20',
        '30 min (default)',
        '8 h',
        '80',
        '240',
      ],
      [
        '3',
        'Grant database access (grant-db-access)',
        '4',
        '1 h (measured)',
        '12 h',
        '48',
        '48',
      ],
    ]);
    expect(screen.getByText('Build these next')).toBeInTheDocument();
  });

  it('shows one short empty state saying how to set tickets up when tickets are not configured (404)', async () => {
    await render(
      data({
        types: failed(notFoundError('/tickets/types')),
        leakage: failed(notFoundError('/tickets/leakage')),
        next: failed(notFoundError('/tickets/next')),
      }),
    );
    expect(screen.getAllByTestId('gp-tickets-empty')).toHaveLength(1);
    expect(screen.getByTestId('gp-tickets-docs')).toHaveTextContent(
      /goldenPath\.tickets in app-config .* docs\/tickets\.md/,
    );
    expect(screen.queryByTestId('gp-tickets')).not.toBeInTheDocument();
  });

  it('treats a configuration without ticket types like no tickets', async () => {
    await render(data({ types: done({ ...ticketTypes, items: [] }) }));
    expect(screen.getByTestId('gp-tickets-empty')).toBeInTheDocument();
  });

  it('keeps the other sections when one call fails or is not there yet', async () => {
    await render(
      data({
        leakage: failed(new Error('database unavailable')),
        next: failed(notFoundError('/tickets/next')),
      }),
    );
    expect(screen.getByTestId('gp-leakage')).toHaveTextContent(
      'Leaked tickets could not be loaded (database unavailable)',
    );
    expect(screen.getByTestId('gp-tickets-empty')).toBeInTheDocument();
    expect(
      screen.getByTestId('gp-before-after-provision-database'),
    ).toBeInTheDocument();
  });

  it('says so when no type has a path yet, and when nothing leaked', async () => {
    await render(
      data({
        types: done({ ...ticketTypes, items: [ticketTypes.items[2]] }),
        leakage: done({ items: [], byTeam: [] }),
        next: done({ items: [] }),
      }),
    );
    expect(screen.getByTestId('gp-tickets')).toHaveTextContent(
      'No ticket type has a Golden Path yet',
    );
    expect(screen.getByTestId('gp-leakage')).toHaveTextContent(
      'No tickets were opened in this period',
    );
    expect(screen.getByTestId('gp-next')).toHaveTextContent(
      'Every configured ticket type already has a Golden Path',
    );
  });
});
