import { parseIsoDuration } from './duration';
import { GuardrailViolationError, isGuardrailViolation } from '../errors';
import { Violation } from '../rules/types';
import { makeEvents, makeTask } from '../testUtils/fixtures';
import {
  classifyRun,
  INPUT_SCHEMA_DENIAL,
  needsEventLog,
  TaskEventSnapshot,
} from './runs';
import { summarize } from './summary';

const defaults = {
  hourlyRate: 100,
  defaultTicketQueue: 'P2D',
  defaultOpsEffort: 'PT30M',
  opsTeamSize: 2,
  opsHoursPerWeek: 40,
};
const created = '2026-11-02T10:00:00.000Z';

describe('parseIsoDuration', () => {
  it.each([
    ['P3D', 259200],
    ['PT45M', 2700],
    ['P1DT2H30M', 95400],
    ['PT1.5H', 5400],
    ['P1W', 604800],
    ['PT30S', 30],
  ])('%s is %i seconds', (text, seconds) =>
    expect(parseIsoDuration(text)).toBe(seconds),
  );
  it.each(['', 'P', 'PT', '3 days', 'P-1D', 'PT1H2', 42])('rejects %p', text =>
    expect(parseIsoDuration(text)).toBeUndefined(),
  );
});

describe('classifyRun', () => {
  it('counts a completed live run with its baseline from the template snapshot', () => {
    const task = makeTask({
      id: 't1',
      status: 'completed',
      createdAt: created,
      seconds: 300,
    });
    // The run ends at the worker's last heartbeat (the completion event follows 0.4 s later).
    expect(classifyRun(task, makeEvents(task), defaults)).toEqual({
      taskId: 't1',
      templateRef: 'template:default/postgres-database',
      ticketType: 'provision-database',
      owner: 'group:default/payments',
      createdBy: 'user:default/jane',
      outcome: 'completed',
      createdAt: Date.parse(created),
      completedAt: Date.parse(created) + 300_000,
      durationSeconds: 300,
      // P3D is three working days of the default calendar: 3 × 8 working hours.
      queueSeconds: 86400,
      opsSeconds: 3600,
      baselineSource: 'annotations',
      fallback: { source: 'annotations', queue: 'P3D', ops: 'PT1H' },
      deniedRules: [],
    });
  });

  it('tells planned, denied, failed and cancelled runs apart', () => {
    const outcome = (status: any, options: any = {}) => {
      const task = makeTask({ id: 'x', status, createdAt: created });
      return classifyRun(task, makeEvents(task, options), defaults);
    };
    expect(outcome('completed', { mode: 'plan' })?.outcome).toBe('planned');
    expect(
      outcome('failed', {
        deniedBy: ['GP-S3-PUBLIC-ACCESS-BLOCK', 'GP-OWNERSHIP'],
      }),
    ).toMatchObject({
      outcome: 'denied',
      deniedRules: ['GP-OWNERSHIP', 'GP-S3-PUBLIC-ACCESS-BLOCK'],
    });
    expect(outcome('failed')?.outcome).toBe('failed');
    expect(outcome('cancelled')?.outcome).toBe('cancelled');
    expect(outcome('processing')).toMatchObject({ outcome: 'running' });
    expect(outcome('processing')?.durationSeconds).toBeUndefined();
  });

  describe('what settles the outcome', () => {
    const task = (status: any, steps?: Array<{ id: string; action: string }>) =>
      makeTask({ id: 'l', status, createdAt: created, steps });
    const noEvents: TaskEventSnapshot[] = [];

    it('settles a completed run from the spend ledger, without its event log', () => {
      const done = task('completed');
      expect(needsEventLog(done, ['active'])).toBe(false);
      expect(classifyRun(done, noEvents, defaults, ['active'])?.outcome).toBe(
        'completed',
      );
      expect(
        classifyRun(done, noEvents, defaults, ['planned', 'planned'])?.outcome,
      ).toBe('planned');
      // A reservation only a live action makes, beside a plan: it went live.
      expect(
        classifyRun(done, noEvents, defaults, ['planned', 'pending'])?.outcome,
      ).toBe('completed');
      // No golden-path action among the steps: nothing could plan.
      const plain = task('completed', [{ id: 'x', action: 'debug:log' }]);
      expect(needsEventLog(plain)).toBe(false);
      expect(classifyRun(plain, noEvents, defaults)?.outcome).toBe('completed');
    });

    it('settles a failed run from how its golden-path step recorded failing, without its event log', () => {
      const failed = task('failed');
      const refusal = {
        refusedBy: ['GP-REGION-ALLOWED', 'GP-OWNERSHIP', 'GP-OWNERSHIP'],
      };
      expect(needsEventLog(failed, [], refusal)).toBe(false);
      expect(
        classifyRun(failed, noEvents, defaults, [], refusal),
      ).toMatchObject({
        outcome: 'denied',
        deniedRules: ['GP-OWNERSHIP', 'GP-REGION-ALLOWED'],
      });
      const failure = { refusedBy: [] };
      expect(needsEventLog(failed, ['failed'], failure)).toBe(false);
      expect(
        classifyRun(failed, noEvents, defaults, ['failed'], failure),
      ).toMatchObject({ outcome: 'failed', deniedRules: [] });
      // A step failure does not rewrite a run that completed or was cancelled.
      expect(
        classifyRun(task('completed'), noEvents, defaults, ['active'], refusal),
      ).toMatchObject({ outcome: 'completed', deniedRules: [] });
      expect(
        classifyRun(task('cancelled'), noEvents, defaults, [], refusal)
          ?.outcome,
      ).toBe('cancelled');
    });

    it.each([
      ['a failed run', 'failed', ['active']],
      ['an unfinished run', 'processing', ['pending']],
      ['a completed run the ledger has no record of', 'completed', []],
      [
        'a completed run with released or deleted records',
        'completed',
        ['failed', 'deleted', 'planned'],
      ],
    ] as const)('reads the event log of %s', (_label, status, ledger) => {
      expect(needsEventLog(task(status), ledger)).toBe(true);
    });

    it('lets no log line turn a planned run live, nor a cancel request undo a completed one', () => {
      const planned = task('completed');
      const forged: TaskEventSnapshot[] = [
        ...makeEvents(planned, { mode: 'plan' }),
        {
          type: 'log',
          createdAt: created,
          body: { message: 'Mode: live (written by debug:log)' },
        },
        { type: 'cancelled', createdAt: created, body: {} },
      ];
      // From the log alone (a run older than the ledger) the line would count.
      expect(classifyRun(planned, forged, defaults)?.outcome).toBe('completed');
      expect(classifyRun(planned, forged, defaults, ['planned'])?.outcome).toBe(
        'planned',
      );
      expect(classifyRun(planned, forged, defaults, ['active'])?.outcome).toBe(
        'completed',
      );
      // A cancel request still counts for a run it stopped.
      const stopped = task('failed');
      expect(
        classifyRun(
          stopped,
          [
            ...makeEvents(stopped),
            { type: 'cancelled', createdAt: created, body: {} },
          ],
          defaults,
          ['failed'],
        )?.outcome,
      ).toBe('cancelled');
    });

    it('has no duration before the run ends, and ignores the event log for it', () => {
      const running = task('processing');
      expect(running.lastHeartbeatAt).toBeUndefined();
      expect(
        classifyRun({ ...running, lastHeartbeatAt: created }, [], defaults),
      ).toMatchObject({ outcome: 'running' });
      expect(
        classifyRun({ ...running, lastHeartbeatAt: created }, [], defaults)
          ?.durationSeconds,
      ).toBeUndefined();
    });
  });

  describe('denials', () => {
    const failedWith = (
      error: { name: string; message: string },
      template = 'postgres-database',
    ) => {
      const task = makeTask({
        id: 'd',
        status: 'failed',
        createdAt: created,
        template,
      });
      const events: TaskEventSnapshot[] = [
        {
          type: 'log',
          createdAt: created,
          body: { message: 'Beginning step Create the database' },
        },
        {
          type: 'completion',
          createdAt: '2026-11-02T10:00:03.000Z',
          body: { message: 'Run completed with status: failed', error },
        },
      ];
      return classifyRun(task, events, defaults)!;
    };
    const violation = (ruleId: string, field: string): Violation => ({
      ruleId,
      title: ruleId,
      severity: 'high',
      index: 0,
      kind: 'rds-instance',
      resource: 'db',
      field,
      message: `${field} is not allowed`,
      fix: 'choose another',
      controls: [],
    });
    const refusal = new GuardrailViolationError([
      violation('GP-RDS-PUBLIC', 'publiclyAccessible'),
      violation('GP-OWNERSHIP', 'owner'),
    ]);

    it('recognises a refusal as the scaffolder stores it (InputError, marker first), with its rule ids', () => {
      expect(refusal.name).toBe('InputError');
      expect(
        failedWith({ name: refusal.name, message: refusal.message }),
      ).toMatchObject({
        outcome: 'denied',
        deniedRules: ['GP-OWNERSHIP', 'GP-RDS-PUBLIC'],
      });
    });

    it('names the refusing step when given one, has no stack frames, and counts only the listed rules', () => {
      const inStep = new GuardrailViolationError(
        [violation('GP-RDS-PUBLIC', 'publiclyAccessible')],
        { step: { id: 'GP-FAKE-STEP', name: 'Create the database' } },
      );
      expect(inStep.message).toMatch(
        /^Refused by Golden Path guardrails \(GP-RDS-PUBLIC\) in step "GP-FAKE-STEP" \(Create the database\):\n\[GP-RDS-PUBLIC\] /,
      );
      expect(inStep.stack).toBe(`InputError: ${inStep.message}`);
      expect(isGuardrailViolation(inStep)).toBe(true);
      expect(
        failedWith({ name: inStep.name, message: inStep.message }),
      ).toMatchObject({ outcome: 'denied', deniedRules: ['GP-RDS-PUBLIC'] });
    });

    it('tells a refusal from other errors across package copies', () => {
      const copy = Object.assign(new Error(refusal.message), {
        name: 'InputError',
      });
      expect(isGuardrailViolation(copy)).toBe(true);
      expect(
        isGuardrailViolation(
          Object.assign(
            new Error('Refused by Golden Path guardrails (GP-X):'),
            { name: 'GuardrailViolationError' },
          ),
        ),
      ).toBe(true);
      expect(
        isGuardrailViolation(
          Object.assign(
            new Error(
              'Invalid input passed to action golden-path:aws:rds:create, x',
            ),
            { name: 'InputError' },
          ),
        ),
      ).toBe(false);
      expect(isGuardrailViolation(new Error(refusal.message))).toBe(false);
    });

    it('still recognises refusals recorded under the old GuardrailViolationError name', () => {
      expect(
        failedWith({
          name: 'GuardrailViolationError',
          message:
            'Refused by Golden Path guardrails (GP-S3-REGION):\n[GP-S3-REGION] ...',
        }),
      ).toMatchObject({
        outcome: 'denied',
        deniedRules: ['GP-S3-REGION'],
      });
    });

    it.each([
      [
        'an unknown property',
        'Invalid input passed to action golden-path:aws:rds:create, instance is not allowed to have the additional property "publiclyAccessible"',
      ],
      [
        'two unknown properties',
        'Invalid input passed to action golden-path:aws:rds:create, instance is not allowed to have the additional property "publiclyAccessible", instance is not allowed to have the additional property "masterPassword"',
      ],
      [
        'a wrong type',
        'Invalid input passed to action golden-path:aws:rds:create, instance.allocatedStorageGb is not of a type(s) integer',
      ],
      [
        'an each iteration',
        'Invalid input passed to action golden-path:github:secret:set[0], instance.name is not of a type(s) string',
      ],
    ])(
      'counts a schema refusal of a golden-path action (%s) as denied by input',
      (_label, message) => {
        expect(failedWith({ name: 'InputError', message })).toMatchObject({
          outcome: 'denied',
          deniedRules: [INPUT_SCHEMA_DENIAL],
        });
      },
    );

    it.each([
      [
        'another action’s schema refusal',
        {
          name: 'InputError',
          message:
            'Invalid input passed to action fetch:template, instance requires property "url"',
        },
      ],
      [
        'an InputError that is not a refusal',
        {
          name: 'InputError',
          message:
            'Invalid value on action golden-path:aws:s3:create.each parameter, must resolve to an array or object',
        },
      ],
      [
        'the marker in the middle of another error',
        {
          name: 'InputError',
          message: 'Fetch failed: Refused by Golden Path guardrails (GP-X)',
        },
      ],
      [
        'the marker under another name',
        { name: 'Error', message: 'Refused by Golden Path guardrails (GP-X)' },
      ],
      [
        'a schema message under another name',
        {
          name: 'Error',
          message:
            'Invalid input passed to action golden-path:aws:rds:create, x',
        },
      ],
      [
        'a provider error',
        { name: 'Error', message: 'ThrottlingException: Rate exceeded' },
      ],
    ])('keeps %s a failure', (_label, error) => {
      expect(failedWith(error)).toMatchObject({
        outcome: 'failed',
        deniedRules: [],
      });
    });
  });

  it('falls back to backstage.io/time-saved, then to the configured defaults, and says which', () => {
    const timeSaved = makeTask({
      id: 'a',
      status: 'completed',
      createdAt: created,
      annotations: {
        'golden-path.io/replaces-ticket': 'x',
        'backstage.io/time-saved': 'PT20M',
      },
    });
    expect(
      classifyRun(timeSaved, makeEvents(timeSaved), defaults),
    ).toMatchObject({
      baselineSource: 'time-saved',
      opsSeconds: 1200,
      queueSeconds: 57600,
      fallback: { source: 'time-saved', queue: 'P2D', ops: 'PT20M' },
    });
    const bare = makeTask({
      id: 'b',
      status: 'completed',
      createdAt: created,
      annotations: { 'golden-path.io/replaces-ticket': 'x' },
    });
    expect(classifyRun(bare, makeEvents(bare), defaults)).toMatchObject({
      baselineSource: 'defaults',
      opsSeconds: 1800,
      queueSeconds: 57600,
      fallback: { source: 'defaults', queue: 'P2D', ops: 'PT30M' },
    });
  });

  it('ignores templates that replace no ticket', () => {
    const task = makeTask({
      id: 'c',
      status: 'completed',
      createdAt: created,
      annotations: {},
    });
    expect(classifyRun(task, makeEvents(task), defaults)).toBeUndefined();
  });
});

describe('summarize', () => {
  const runs = [
    ['completed', { seconds: 600 }],
    ['completed', { seconds: 1200 }],
    ['completed', { mode: 'plan' }],
    ['failed', {}],
    ['failed', { deniedBy: ['GP-OWNERSHIP'] }],
  ].map(([status, options], i) => {
    const task = makeTask({
      id: `r${i}`,
      status: status as any,
      createdAt: created,
      seconds: (options as any).seconds,
    });
    return classifyRun(task, makeEvents(task, options as any), defaults)!;
  });

  it('follows the metric definitions', () => {
    const week = {
      from: Date.parse('2026-11-02T00:00:00Z'),
      to: Date.parse('2026-11-09T00:00:00Z'),
    };
    const s = summarize(runs, defaults, week);
    expect(s).toMatchObject({
      runs: 5,
      completed: 2,
      planned: 1,
      failed: 1,
      denied: 1,
      ticketsAvoided: 2,
      currency: 'USD',
    });
    // wait saved = (3 working days of 8 h - 600 s) + (the same - 1200 s); ops = 2 x 1 h
    const waitHours =
      Math.round(((86400 - 600 + 86400 - 1200) / 3600) * 100) / 100;
    expect(s.developerWaitHoursSaved).toBe(waitHours);
    expect(s.opsHoursSaved).toBe(2);
    // money = wait × developer rate (the ops rate when not set) + ops hours × ops rate
    expect(s.rates).toEqual({ developerHourly: 100, opsHourly: 100 });
    expect(s.developerWaitMoney).toBe(Math.round(waitHours * 100 * 100) / 100);
    expect(s.opsEffortMoney).toBe(200);
    expect(s.moneySaved).toBe(
      Math.round((s.developerWaitMoney + 200) * 100) / 100,
    );
    const priced = summarize(
      runs,
      { ...defaults, developerHourlyRate: 60 },
      week,
    );
    expect(priced.developerWaitMoney).toBe(
      Math.round(waitHours * 60 * 100) / 100,
    );
    expect(priced.opsEffortMoney).toBe(200);
    expect(s.medianProvisionSeconds).toBe(600);
    expect(s.p90ProvisionSeconds).toBe(1200);
    expect(s.failureRate).toBe(0.25);
    expect(s.denialRate).toBe(0.25);
    // 4 finished runs x 1 h would have been ticket work; 2 of them still were (failed, denied); 2 people x 40 h
    expect(s.ticketOpsShare).toEqual({
      before: 0.05,
      after: 0.03,
      capacityHours: 80,
      ticketHoursBefore: 4,
      ticketHoursAfter: 2,
    });
  });
});
