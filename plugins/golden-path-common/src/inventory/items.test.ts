import { makeEvents, makeTask } from '../metrics/fixtures';
import { TaskEventSnapshot } from '../metrics/runs';
import { inventoryFromRun, inventoryStatus } from './items';
import { formatResourceRecord, ResourceRecord } from './record';

const created = '2026-11-02T10:00:00.000Z';
const db: ResourceRecord = { state: 'created', kind: 'rds-instance', name: 'payments-db', owner: 'group:default/payments', environment: 'dev', monthlyCost: 14.6, externalId: 'arn:aws:rds:eu-west-1:123456789012:db:payments-db' };
const log = (record: ResourceRecord, at: string): TaskEventSnapshot => ({ type: 'log', createdAt: at, body: { message: `info: ${formatResourceRecord(record)}` } });

describe('inventoryStatus', () => {
  it.each([
    ['created', 'completed', 'active'],
    ['created', 'failed', 'active'],
    ['created', 'processing', 'active'],
    ['requested', 'failed', 'failed'],
    ['requested', 'cancelled', 'failed'],
    ['requested', 'completed', 'failed'],
    ['requested', 'processing', undefined],
    ['planned', 'completed', 'planned'],
    ['planned', 'processing', 'planned'],
    ['planned', 'failed', 'failed'],
  ] as const)('%s in a %s task is %p', (state, taskStatus, expected) => {
    expect(inventoryStatus(state, taskStatus)).toBe(expected);
  });
});

describe('inventoryFromRun', () => {
  it('builds one item per resource from the records, with who, which template and when', () => {
    const task = makeTask({ id: 't1', status: 'completed', createdAt: created, template: 'postgres-database' });
    expect(inventoryFromRun(task, makeEvents(task, { records: [{ ...db, state: 'requested' }, db] }))).toEqual([
      {
        taskId: 't1', kind: 'rds-instance', name: 'payments-db', owner: 'group:default/payments', environment: 'dev', status: 'active', monthlyCost: 14.6,
        externalId: 'arn:aws:rds:eu-west-1:123456789012:db:payments-db', requester: 'user:default/jane', templateRef: 'template:default/postgres-database', createdAt: '2026-11-02T10:00:02.000Z',
      },
    ]);
  });

  it('lets the last record of a resource win: a retried step that rolled back leaves a failed row', () => {
    const task = makeTask({ id: 't2', status: 'failed', createdAt: created });
    const events = [log({ ...db, state: 'requested' }, '2026-11-02T10:00:01Z'), log(db, '2026-11-02T10:00:02Z'), log({ ...db, state: 'requested' }, '2026-11-02T10:05:00Z')];
    expect(inventoryFromRun(task, events)).toMatchObject([{ status: 'failed', createdAt: '2026-11-02T10:05:00.000Z' }]);
  });

  it('keeps a resource that was created before a later step failed active, and fails the one that was not', () => {
    const task = makeTask({ id: 't3', status: 'failed', createdAt: created });
    const cache: ResourceRecord = { ...db, kind: 'elasticache-redis', name: 'payments-cache', state: 'requested' };
    const items = inventoryFromRun(task, makeEvents(task, { records: [db, cache] }));
    expect(items.map(i => [i.kind, i.status])).toEqual([['rds-instance', 'active'], ['elasticache-redis', 'failed']]);
  });

  it('records nothing for a resource still being created, and nothing for tasks without records', () => {
    const running = makeTask({ id: 't4', status: 'processing', createdAt: created });
    expect(inventoryFromRun(running, makeEvents(running, { records: [{ ...db, state: 'requested' }] }))).toEqual([]);
    const plain = makeTask({ id: 't5', status: 'completed', createdAt: created });
    expect(inventoryFromRun(plain, makeEvents(plain))).toEqual([]);
  });

  it('marks plan-mode resources planned, or failed when the run failed', () => {
    const planned = { ...db, state: 'planned' as const };
    const ok = makeTask({ id: 't6', status: 'completed', createdAt: created });
    const bad = makeTask({ id: 't7', status: 'failed', createdAt: created });
    expect(inventoryFromRun(ok, makeEvents(ok, { records: [planned] }))[0].status).toBe('planned');
    expect(inventoryFromRun(bad, makeEvents(bad, { records: [planned] }))[0].status).toBe('failed');
  });
});
