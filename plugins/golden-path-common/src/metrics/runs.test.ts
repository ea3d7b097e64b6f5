import { parseIsoDuration } from './duration';
import { makeEvents, makeTask } from './fixtures';
import { classifyRun } from './runs';
import { summarize } from './summary';

const defaults = { hourlyRate: 100, defaultTicketQueue: 'P2D', defaultOpsEffort: 'PT30M', opsTeamSize: 2, opsHoursPerWeek: 40 };
const created = '2026-11-02T10:00:00.000Z';

describe('parseIsoDuration', () => {
  it.each([
    ['P3D', 259200],
    ['PT45M', 2700],
    ['P1DT2H30M', 95400],
    ['PT1.5H', 5400],
    ['P1W', 604800],
    ['PT30S', 30],
  ])('%s is %i seconds', (text, seconds) => expect(parseIsoDuration(text)).toBe(seconds));
  it.each(['', 'P', 'PT', '3 days', 'P-1D', 'PT1H2', 42])('rejects %p', text => expect(parseIsoDuration(text)).toBeUndefined());
});

describe('classifyRun', () => {
  it('counts a completed live run with its baseline from the template snapshot', () => {
    const task = makeTask({ id: 't1', status: 'completed', createdAt: created });
    expect(classifyRun(task, makeEvents(task, { seconds: 300 }), defaults)).toEqual({
      taskId: 't1', templateRef: 'template:default/postgres-database', ticketType: 'provision-database', owner: 'group:default/payments', createdBy: 'user:default/jane',
      outcome: 'completed', createdAt: Date.parse(created), completedAt: Date.parse(created) + 300_000, durationSeconds: 300,
      queueSeconds: 259200, opsSeconds: 3600, baselineSource: 'annotations', deniedRules: [],
    });
  });

  it('tells planned, denied, failed and cancelled runs apart', () => {
    const outcome = (status: any, options: any = {}) => {
      const task = makeTask({ id: 'x', status, createdAt: created });
      return classifyRun(task, makeEvents(task, options), defaults);
    };
    expect(outcome('completed', { mode: 'plan' })?.outcome).toBe('planned');
    expect(outcome('failed', { deniedBy: ['GP-S3-PUBLIC-ACCESS-BLOCK', 'GP-OWNERSHIP'] })).toMatchObject({ outcome: 'denied', deniedRules: ['GP-OWNERSHIP', 'GP-S3-PUBLIC-ACCESS-BLOCK'] });
    expect(outcome('failed')?.outcome).toBe('failed');
    expect(outcome('cancelled')?.outcome).toBe('cancelled');
    expect(outcome('processing')).toMatchObject({ outcome: 'running' });
    expect(outcome('processing')?.durationSeconds).toBeUndefined();
  });

  it('falls back to backstage.io/time-saved, then to the configured defaults, and says which', () => {
    const timeSaved = makeTask({ id: 'a', status: 'completed', createdAt: created, annotations: { 'golden-path.io/replaces-ticket': 'x', 'backstage.io/time-saved': 'PT20M' } });
    expect(classifyRun(timeSaved, makeEvents(timeSaved), defaults)).toMatchObject({ baselineSource: 'time-saved', opsSeconds: 1200, queueSeconds: 172800 });
    const bare = makeTask({ id: 'b', status: 'completed', createdAt: created, annotations: { 'golden-path.io/replaces-ticket': 'x' } });
    expect(classifyRun(bare, makeEvents(bare), defaults)).toMatchObject({ baselineSource: 'defaults', opsSeconds: 1800, queueSeconds: 172800 });
  });

  it('ignores templates that replace no ticket', () => {
    const task = makeTask({ id: 'c', status: 'completed', createdAt: created, annotations: {} });
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
    const task = makeTask({ id: `r${i}`, status: status as any, createdAt: created });
    return classifyRun(task, makeEvents(task, options as any), defaults)!;
  });

  it('follows the metric definitions', () => {
    const week = { from: Date.parse('2026-11-02T00:00:00Z'), to: Date.parse('2026-11-09T00:00:00Z') };
    const s = summarize(runs, defaults, week);
    expect(s).toMatchObject({ runs: 5, completed: 2, planned: 1, failed: 1, denied: 1, ticketsAvoided: 2, currency: 'USD' });
    // wait saved = (3 d - 600 s) + (3 d - 1200 s); ops = 2 x 1 h; money = 2 h x 100
    expect(s.developerWaitHoursSaved).toBe(Math.round(((259200 - 600 + 259200 - 1200) / 3600) * 100) / 100);
    expect(s.opsHoursSaved).toBe(2);
    expect(s.moneySaved).toBe(200);
    expect(s.medianProvisionSeconds).toBe(600);
    expect(s.p90ProvisionSeconds).toBe(1200);
    expect(s.failureRate).toBe(0.25);
    expect(s.denialRate).toBe(0.25);
    // 4 finished runs x 1 h would have been ticket work; 2 of them still were (failed, denied); 2 people x 40 h
    expect(s.ticketOpsShare).toEqual({ before: 0.05, after: 0.03, capacityHours: 80, ticketHoursBefore: 4, ticketHoursAfter: 2 });
  });
});
