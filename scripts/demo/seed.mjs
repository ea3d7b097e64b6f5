// The demo's synthetic year: runs of the local templates since their paths went live, and the
// tickets the platform queue had before (and, less often, after). Deterministic (seeded), so two
// demos look alike. Every row is marked synthetic and replaced on the next seed.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(new URL('.', import.meta.url).pathname, '../..');
const DAY = 86400_000;
const HOUR = 3600_000;

export const DEMO_USER = 'user:default/demo-synthetic';
const TEAMS = [
  'group:default/payments',
  'group:default/checkout',
  'group:default/platform',
];

/** Paths that exist locally: template, ticket type, when it went live (days ago), runs per week. */
const PATHS = [
  ['postgres-database', 'provision-database', 200, 6, 'P3D', 'PT1H'],
  ['s3-bucket', 'create-s3-bucket', 240, 9, 'P2D', 'PT40M'],
  ['ci-secret', 'add-ci-secret', 150, 12, 'P1D', 'PT15M'],
  ['github-repo', 'create-repository', 300, 4, 'P2D', 'PT30M'],
  ['redis-cache', 'provision-cache', 90, 3, 'P3D', 'PT45M'],
  // No ticket type configured for it: its runs keep the template's annotations.
  ['new-service', 'new-service', 120, 2, 'P5D', 'PT2H30M'],
];
/** Ticket types: tickets per week before a path, the share still opened after, working-day wait. */
const QUEUES = {
  'provision-database': { perWeek: 5, leak: 0.15, waitDays: 3.5, effortH: 1.6 },
  'create-s3-bucket': { perWeek: 7, leak: 0.08, waitDays: 2, effortH: 0.7 },
  'add-ci-secret': { perWeek: 10, leak: 0.2, waitDays: 1.2, effortH: 0.3 },
  'create-repository': { perWeek: 3, leak: 0.05, waitDays: 2.5, effortH: 0.5 },
  // Few tickets: no time tracked in its tracker (ServiceNow export without time worked).
  'provision-cache': { perWeek: 1, leak: 0.3, waitDays: 4, effortH: 0 },
  'rotate-tls-certificate': { perWeek: 4, leak: 1, waitDays: 2, effortH: 2 },
  'dns-record': { perWeek: 8, leak: 1, waitDays: 1, effortH: 0.25 },
  'grant-database-access': { perWeek: 6, leak: 1, waitDays: 1.5, effortH: 0.5 },
};

/** A small seeded generator (mulberry32). */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A working-hours instant (Mon–Fri, 09:00–17:00 UTC) near `ms`. */
function workingTime(ms, rnd) {
  const d = new Date(ms);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6)
    d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(9 + Math.floor(rnd() * 8), Math.floor(rnd() * 60), 0, 0);
  return d.getTime();
}

/** Calendar time covering `workingHours` of work from a working instant (8 h days, no weekends). */
function afterWorkingHours(start, workingHours) {
  let t = start;
  let left = workingHours * HOUR;
  while (left > 0) {
    const d = new Date(t);
    const close = Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      17,
    );
    const step = Math.min(left, Math.max(0, close - t));
    t += step;
    left -= step;
    if (left > 0) {
      const next = new Date(close + 16 * HOUR);
      while (next.getUTCDay() === 0 || next.getUTCDay() === 6)
        next.setUTCDate(next.getUTCDate() + 1);
      t = next.getTime();
    }
  }
  return t;
}

const wd = duration => Number(/^P(\d+)D$/.exec(duration)?.[1] ?? 0) * 8 * 3600;
const pt = duration => {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  return Number(m?.[1] ?? 0) * 3600 + Number(m?.[2] ?? 0) * 60;
};

function demoRuns(now, rnd) {
  const runs = [];
  for (const [template, type, liveDaysAgo, perWeek, queue, ops] of PATHS) {
    for (let t = now - liveDaysAgo * DAY; t < now; t += (7 * DAY) / perWeek) {
      const createdAt = Math.min(now - HOUR, workingTime(t, rnd));
      const roll = rnd();
      const outcome =
        roll < 0.8
          ? 'completed'
          : roll < 0.88
          ? 'denied'
          : roll < 0.93
          ? 'failed'
          : roll < 0.98
          ? 'planned'
          : 'cancelled';
      const duration = 40 + Math.round(rnd() * 600);
      runs.push({
        task_id: `demo-run-${runs.length + 1}`,
        template_ref: `template:default/${template}`,
        ticket_type: type,
        owner: TEAMS[Math.floor(rnd() * TEAMS.length)],
        created_by: DEMO_USER,
        outcome,
        created_at: createdAt,
        completed_at: createdAt + duration * 1000,
        duration_seconds: duration,
        queue_seconds: wd(queue),
        ops_seconds: pt(ops),
        baseline_source: 'annotations',
        fallback_source: 'annotations',
        fallback_queue: queue,
        fallback_ops: ops,
        denied_rules:
          outcome === 'denied'
            ? ['GP-OWNERSHIP', 'GP-TAGS-REQUIRED'][Math.floor(rnd() * 2)]
            : '',
      });
    }
  }
  return runs;
}

function demoTickets(now, rnd) {
  const live = Object.fromEntries(
    PATHS.map(([, type, days]) => [type, now - days * DAY]),
  );
  const tickets = [];
  for (const [type, q] of Object.entries(QUEUES)) {
    const servicenow = type === 'provision-cache';
    for (let t = now - 365 * DAY; t < now; t += (7 * DAY) / q.perWeek) {
      if (live[type] && t >= live[type] && rnd() > q.leak) continue;
      const createdAt = workingTime(t, rnd);
      if (createdAt >= now) continue;
      const waitH = q.waitDays * 8 * (0.4 + rnd() * 1.4);
      const resolvedAt = afterWorkingHours(createdAt, waitH);
      const open = resolvedAt > now;
      const n = tickets.length + 1;
      tickets.push({
        source: servicenow ? 'csv-servicenow' : 'csv-jira',
        external_id: servicenow
          ? `DEMORITM${String(n).padStart(7, '0')}`
          : `DEMO-${n}`,
        ticket_type: type,
        created_at: createdAt,
        started_at: open
          ? null
          : afterWorkingHours(createdAt, waitH * (0.3 + rnd() * 0.4)),
        resolved_at: open ? null : resolvedAt,
        time_spent_seconds:
          q.effortH && !open
            ? Math.round(q.effortH * 3600 * (0.5 + rnd()))
            : null,
        reporter_team: TEAMS[Math.floor(rnd() * 2)],
        updated_at: open ? createdAt : resolvedAt,
      });
    }
  }
  return tickets;
}

/** Replaces the demo rows in the golden-path database `target` (knex connection settings). */
export async function seedDemo(target, now = Date.now()) {
  const knex = require('knex')({
    client: target.client,
    connection: target.connection,
    useNullAsDefault: true,
  });
  try {
    await knex.migrate.latest({
      directory: join(root, 'plugins/golden-path-backend/migrations'),
      tableName: 'golden_path_knex_migrations',
    });
    const rnd = random(20261201);
    const runs = demoRuns(now, rnd);
    const tickets = demoTickets(now, rnd);
    await knex.transaction(async tx => {
      await tx('golden_path_runs').where('created_by', DEMO_USER).delete();
      await tx('golden_path_tickets')
        .where('external_id', 'like', 'DEMO%')
        .delete();
      await tx('golden_path_ticket_imports').where('by', DEMO_USER).delete();
      for (let i = 0; i < runs.length; i += 100)
        await tx('golden_path_runs').insert(runs.slice(i, i + 100));
      for (let i = 0; i < tickets.length; i += 100)
        await tx('golden_path_tickets').insert(tickets.slice(i, i + 100));
      // Every day of the year is rebuilt into the roll-ups on the next read.
      const days = [...new Set(runs.map(r => Math.floor(r.created_at / DAY)))];
      for (let i = 0; i < days.length; i += 100)
        await tx('golden_path_runs_dirty_days')
          .insert(days.slice(i, i + 100).map(day => ({ day, mark: 1 })))
          .onConflict('day')
          .merge();
      for (const source of ['csv-jira', 'csv-servicenow']) {
        const own = tickets.filter(t => t.source === source);
        await tx('golden_path_ticket_imports').insert({
          id: randomUUID(),
          source,
          by: DEMO_USER,
          started_at: now,
          finished_at: now,
          status: 'succeeded',
          counts: JSON.stringify({
            read: own.length,
            created: own.length,
            updated: 0,
            unchanged: 0,
            skipped: [],
          }),
          error: null,
          cursor: null,
        });
      }
    });
    return { runs: runs.length, tickets: tickets.length };
  } finally {
    await knex.destroy();
  }
}
