import {
  canonicalRequest,
  isGuardrailViolation,
} from '@golden-path/plugin-golden-path-common';
import {
  actionContext,
  memoryLedger,
  recordsOf,
  testDirectory,
  testPolicyService,
} from '../../../__testUtils__/context';
import { StartedFakeAws, startFakeAws } from '../../../testUtils';
import { createRdsInstanceAction } from './action';

/** A production database of a class prod does not list (GP-RDS-INSTANCE-CLASS, exceptable in prod). */
const bigDb = {
  name: 'payments-migration-db',
  owner: 'group:default/payments',
  environment: 'prod',
  costCenter: 'cc-42',
  instanceClass: 'db.m7g.large',
};
let aws: StartedFakeAws;
const action = (ledger: ReturnType<typeof memoryLedger>) =>
  createRdsInstanceAction({
    policy: testPolicyService('live'),
    ledger,
    directory: testDirectory,
    aws: aws.access,
    appBaseUrl: 'https://backstage.example.com',
    pollMs: 1,
  });
/** What the backend answers for an approved exception of this exact request. */
const granting =
  (id = 'exc-1', mutate = (r: Record<string, unknown>) => r) =>
  (asked: { request: Record<string, unknown>; ruleIds: string[] }) => ({
    id,
    request: canonicalRequest(mutate(asked.request)),
    ruleIds: asked.ruleIds,
    approvedBy: 'user:default/pat',
    expiresAt: '2026-12-08T00:00:00.000Z',
  });

describe('golden-path:aws:rds:create with exceptions', () => {
  beforeEach(async () => {
    aws = await startFakeAws({ transport: 'wire', creatingPolls: 1 });
  });
  afterEach(() => aws.stop());

  it('without an approved exception: refused, and the log offers one with a prefilled link', async () => {
    const ledger = memoryLedger();
    const ctx = actionContext(bigDb, { taskId: 'task-ask' });
    const error = await action(ledger)
      .handler(ctx)
      .catch(e => e);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.message).toContain('[GP-RDS-INSTANCE-CLASS]');
    expect(ledger.redeemed).toEqual([
      expect.objectContaining({
        taskId: 'task-ask',
        stepId: ctx.step.id,
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        dryRun: false,
        request: expect.objectContaining({ instanceClass: 'db.m7g.large' }),
      }),
    ]);
    const offer = ctx.lines.find(l => l.includes('may be excepted in prod'))!;
    expect(offer).toContain('members of group:default/platform can approve');
    const link = /Ask for one: (\S+)/.exec(offer)![1];
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe(
      'https://backstage.example.com/golden-path/exceptions/new',
    );
    expect(JSON.parse(url.searchParams.get('request')!)).toEqual(
      ledger.redeemed[0].request,
    );
    expect(aws.calls()).toHaveLength(0);
    expect(ledger.writes).toEqual([]);
  });

  it('with one: created, the exception named in the log and carried by the inventory record', async () => {
    const ledger = memoryLedger({ exception: granting() });
    const ctx = actionContext(bigDb, { taskId: 'task-use' });
    await action(ledger).handler(ctx);
    expect(aws.sent()).toEqual(['CreateDBInstance']);
    expect(aws.calls()[0].input.DBInstanceClass).toBe('db.m7g.large');
    expect(ctx.lines.join('\n')).toContain(
      'Exception exc-1 sets aside GP-RDS-INSTANCE-CLASS for rds-instance "payments-migration-db" in this run only',
    );
    expect(recordsOf(ctx, ledger).map(r => [r.state, r.exceptionId])).toEqual([
      ['requested', 'exc-1'],
      ['creating', 'exc-1'],
    ]);
  });

  it('an answer for another request, or for other rules, lets nothing through', async () => {
    for (const exception of [
      granting('exc-2', r => ({ ...r, allocatedStorageGb: 999 })),
      (asked: any) => ({
        ...granting('exc-3')(asked),
        ruleIds: ['GP-RDS-STORAGE'],
      }),
    ]) {
      const ledger = memoryLedger({ exception });
      const error = await action(ledger)
        .handler(actionContext(bigDb))
        .catch(e => e);
      expect(isGuardrailViolation(error)).toBe(true);
      expect(aws.calls()).toHaveLength(0);
    }
  });

  it('a violation no exception covers is never sent to the backend', async () => {
    const ledger = memoryLedger({ exception: granting() });
    const error = await action(ledger)
      .handler(actionContext({ ...bigDb, publiclyAccessible: true }))
      .catch(e => e);
    expect(error.message).toContain('[GP-RDS-NOT-PUBLIC]');
    expect(ledger.redeemed).toEqual([]);
    expect(aws.calls()).toHaveLength(0);
  });

  it('a dry run only looks, as the user, and writes nothing', async () => {
    const ledger = memoryLedger({ exception: granting() });
    const ctx = actionContext(bigDb, { isDryRun: true });
    await action(ledger).handler(ctx);
    expect(ledger.redeemed).toEqual([
      expect.objectContaining({ dryRun: true, userRef: 'user:default/jane' }),
    ]);
    expect(ledger.writes).toEqual([]);
    expect(aws.calls()).toHaveLength(0);
  });
});
