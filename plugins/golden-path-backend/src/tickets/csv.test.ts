import { TicketTypeDefinition } from '@golden-path/plugin-golden-path-common';
import { parseTicketExport } from './csv';
import { JIRA_CSV, SERVICENOW_CSV } from './__testUtils__/samples';
import {
  instantOfLocal,
  jqlTime,
  parseExportDuration,
  parseExportTime,
} from './dates';

const types: TicketTypeDefinition[] = [
  {
    name: 'provision-database',
    title: 'Provision a database',
    templates: [],
    csv: { values: ['Database request', 'Database'] },
  },
  {
    name: 'add-ci-secret',
    title: 'Add a CI secret',
    templates: [],
    // "Database" is listed again: the first type keeps it.
    csv: { values: ['CI secret', 'database'] },
  },
];

describe('CSV exports', () => {
  it("reads Jira's export: only the facts, the first type listing a value, rows it cannot read skipped without quoting them", () => {
    const parsed = parseTicketExport(JIRA_CSV, 'jira', types, 'UTC');
    expect(parsed.source).toBe('csv-jira');
    expect(parsed.read).toBe(7);
    expect(parsed.tickets).toEqual([
      {
        source: 'csv-jira',
        externalId: 'OPS-101',
        ticketType: 'provision-database',
        createdAt: Date.parse('2026-03-02T09:00:00Z'),
        updatedAt: Date.parse('2026-03-04T15:00:00Z'),
        resolvedAt: Date.parse('2026-03-04T15:00:00Z'),
        timeSpentSeconds: 3600,
        reporter: { email: 'alice@acme.test', name: 'alice@acme.test' },
      },
      {
        source: 'csv-jira',
        externalId: 'OPS-102',
        ticketType: 'add-ci-secret',
        createdAt: Date.parse('2026-03-05T14:00:00Z'),
        updatedAt: Date.parse('2026-03-10T12:00:00Z'),
        resolvedAt: Date.parse('2026-03-10T12:00:00Z'),
        reporter: { name: 'Bob Baker' },
      },
      {
        source: 'csv-jira',
        externalId: 'OPS-103',
        ticketType: 'provision-database',
        createdAt: Date.parse('2026-04-01T06:00:00Z'),
        updatedAt: Date.parse('2026-04-02T08:00:00Z'),
        reporter: { name: 'Dana Doe' },
      },
    ]);
    expect(parsed.skipped).toEqual([
      {
        row: 5,
        reason: "its Issue Type is not in any ticket type's csv.values",
      },
      { row: 6, reason: 'Created is not a date' },
      { row: 7, reason: 'no Issue key' },
      { row: 8, reason: 'Time Spent is not a duration' },
    ]);
    expect(JSON.stringify(parsed)).not.toMatch(
      /Prod DB|PITR|DEPLOY_KEY|Laptop|yesterday|lots/,
    );
  });

  it("reads ServiceNow's export: caller before opened_by, closed_at when not resolved, work_start as the start", () => {
    const parsed = parseTicketExport(
      SERVICENOW_CSV,
      'servicenow',
      types,
      'Europe/Berlin',
    );
    expect(parsed.tickets).toEqual([
      {
        source: 'csv-servicenow',
        externalId: 'RITM0010042',
        ticketType: 'provision-database',
        createdAt: Date.parse('2026-11-02T08:00:00Z'),
        startedAt: Date.parse('2026-11-02T12:30:00Z'),
        resolvedAt: Date.parse('2026-11-03T15:00:00Z'),
        updatedAt: Date.parse('2026-11-03T16:00:00Z'),
        timeSpentSeconds: 5400,
        reporter: { email: 'carol@acme.test', name: 'carol@acme.test' },
      },
      {
        source: 'csv-servicenow',
        externalId: 'RITM0010043',
        ticketType: 'provision-database',
        createdAt: Date.parse('2026-11-04T09:00:00Z'),
        resolvedAt: Date.parse('2026-11-06T10:00:00Z'),
        updatedAt: Date.parse('2026-11-06T10:00:00Z'),
        timeSpentSeconds: 8100,
        reporter: { email: 'alice@acme.test', name: 'alice@acme.test' },
      },
    ]);
    expect(parsed.skipped).toEqual([
      { row: 4, reason: "its category is not in any ticket type's csv.values" },
    ]);
  });

  it('refuses a file that is not the export it claims to be, or not CSV at all', () => {
    expect(() =>
      parseTicketExport(SERVICENOW_CSV, 'jira', types, 'UTC'),
    ).toThrow(
      'The CSV has no Issue key, Issue Type, Created column: is it a Jira export (format=jira)?',
    );
    expect(() =>
      parseTicketExport('a,"b\nc,"d"e', 'jira', types, 'UTC'),
    ).toThrow(/^The CSV cannot be read/);
  });
});

describe('export dates and durations', () => {
  it.each([
    ['12/Nov/25 3:05 PM', 'UTC', '2025-11-12T15:05:00.000Z'],
    ['12/Nov/25 12:05 AM', 'UTC', '2025-11-12T00:05:00.000Z'],
    ['12/Nov/2025 15:05', 'UTC', '2025-11-12T15:05:00.000Z'],
    ['12/Nov/25 3:05 PM', 'Europe/Berlin', '2025-11-12T14:05:00.000Z'],
    ['2026-11-30 14:05:00', 'UTC', '2026-11-30T14:05:00.000Z'],
    ['2026-07-30 14:05:00', 'Europe/Berlin', '2026-07-30T12:05:00.000Z'],
    ['2026-03-29 03:30:00', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-11-30', 'UTC', '2026-11-30T00:00:00.000Z'],
    ['2026-11-30T14:05:00Z', 'Europe/Berlin', '2026-11-30T14:05:00.000Z'],
    ['2026-11-30T14:05:00.000+0100', 'UTC', '2026-11-30T13:05:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    expect(new Date(parseExportTime(text, zone)!).toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '31/Feb/26 1:00 PM',
    '2026-02-30 10:00:00',
    '12/Nov/25 13:05 PM',
  ])('reads no date from "%s"', text =>
    expect(parseExportTime(text, 'UTC')).toBeUndefined(),
  );

  it.each([
    ['3600', 3600],
    ['01:30', 5400],
    ['1970-01-02 01:00:00', 90000],
    ['1 Day 2 Hours 3 Minutes', 93780],
    ['45 minutes', 2700],
    ['soon', undefined],
    ['2 Hours and a bit', undefined],
  ])('the duration "%s" is %s seconds', (text, seconds) => {
    expect(parseExportDuration(text)).toBe(seconds);
  });

  it('writes JQL times in the API user’s zone and reads local times back', () => {
    const at = Date.parse('2026-07-01T09:30:00Z');
    expect(jqlTime(at, 'Europe/Berlin')).toBe('2026/07/01 11:30');
    expect(jqlTime(at, 'America/New_York')).toBe('2026/07/01 05:30');
    expect(
      instantOfLocal(Date.parse('2026-07-01T11:30:00Z'), 'Europe/Berlin'),
    ).toBe(at);
  });
});
