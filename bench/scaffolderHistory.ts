/**
 * Real Golden Path runs as the scaffolder and the golden-path backend store them, and a history of
 * N tasks cloned from them straight into those tables (for bench/backfillHttp.ts).
 */
import { startFakeGithub } from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import { Knex } from 'knex';
import { startGoldenPathBackend } from '../test/src/integration/backend';
import {
  githubIntegration,
  LIVE_IN_ACME,
  runTask,
  waitForTemplates,
} from '../test/src/templates/helpers';

/** One real task: its rows in the scaffolder's tables, the spend ledger and the step failures. */
export interface Prototype {
  name: string;
  /** Of every 100 tasks in the history, how many are copies of this one. */
  share: number;
  task: Record<string, any>;
  events: Array<Record<string, any>>;
  ledger: Array<Record<string, any>>;
  /** How its failing golden-path step failed, recorded through the records door. */
  stepFailures: Array<Record<string, any>>;
}

const payments = 'group:default/payments';

/** The runs each prototype comes from: live, planned, denied, failed, and a template that replaces no ticket. */
const RUNS: Array<{
  name: string;
  share: number;
  template: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
  status: string;
}> = [
  {
    name: 'github-repo, live',
    share: 40,
    template: 'github-repo',
    values: {
      name: 'bench-svc',
      description: 'x',
      owner: payments,
      environment: 'dev',
      visibility: 'private',
    },
    status: 'completed',
  },
  {
    name: 'ci-secret, live',
    share: 10,
    template: 'ci-secret',
    values: {
      repo: 'bench-svc',
      owner: payments,
      environment: 'dev',
      scope: 'repository',
      secretName: 'TOKEN',
    },
    secrets: { secretValue: 's3cr3t-value' },
    status: 'completed',
  },
  {
    name: 's3-bucket, planned (no AWS credentials)',
    share: 12,
    template: 's3-bucket',
    values: {
      name: 'bench-files',
      owner: payments,
      environment: 'dev',
      expectedStorageGb: 1,
    },
    status: 'completed',
  },
  {
    name: 'postgres-database, planned',
    share: 10,
    template: 'postgres-database',
    values: {
      name: 'bench-db',
      owner: payments,
      environment: 'dev',
      instanceClass: 'db.t4g.micro',
      allocatedStorageGb: 20,
      dbName: 'app',
      waitForAvailable: false,
    },
    status: 'completed',
  },
  {
    name: 'ci-secret, denied (not an owner of the repository)',
    share: 8,
    template: 'ci-secret',
    values: {
      repo: 'bench-svc',
      owner: 'group:default/checkout',
      environment: 'dev',
      scope: 'repository',
      secretName: 'TOKEN',
    },
    secrets: { secretValue: 's3cr3t-value' },
    status: 'failed',
  },
  {
    name: 'github-repo, failed (the name is taken)',
    share: 5,
    template: 'github-repo',
    values: {
      name: 'taken',
      description: 'x',
      owner: payments,
      environment: 'dev',
      visibility: 'private',
    },
    status: 'failed',
  },
  {
    name: 'guardrails-check (replaces no ticket)',
    share: 15,
    template: 'guardrails-check',
    values: {
      kind: 's3-bucket',
      name: 'bench-check',
      environment: 'dev',
      owner: payments,
    },
    status: 'completed',
  },
];

/**
 * Runs each prototype once through the real backend (GitHub live against the stand-in, AWS
 * without credentials, so planned) on the given database, then reads its rows back.
 */
export async function capturePrototypes(options: {
  postgres?: string;
  databasePrefix?: string;
  sqliteDirectory?: string;
  scaffolderDb: () => Knex;
  goldenPathDb: () => Knex;
}): Promise<Prototype[]> {
  const github = await startFakeGithub({ plan: 'team' });
  const ctx = await startGoldenPathBackend({
    postgres: options.postgres,
    databasePrefix: options.databasePrefix,
    sqliteDirectory: options.sqliteDirectory,
    config: { integrations: githubIntegration(github) },
    goldenPath: LIVE_IN_ACME,
  });
  const ids: string[] = [];
  try {
    await waitForTemplates(ctx, [...new Set(RUNS.map(r => r.template))]);
    await fetch(`${github.url}/orgs/acme/repos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'taken' }),
    });
    for (const run of RUNS) {
      const result = await runTask(ctx, run.template, run.values, run.secrets);
      if (result.status !== run.status)
        throw new Error(
          `${run.name}: ${result.status}, expected ${
            run.status
          }\n${result.log.join('\n')}`,
        );
      ids.push(result.id);
    }
  } finally {
    await ctx.backend.stop();
    await github.close();
  }
  const scaffolder = options.scaffolderDb();
  const goldenPath = options.goldenPathDb();
  try {
    return await Promise.all(
      RUNS.map(async (run, i) => ({
        name: run.name,
        share: run.share,
        task: await scaffolder('tasks').where('id', ids[i]).first(),
        events: await scaffolder('task_events')
          .where('task_id', ids[i])
          .orderBy('id'),
        ledger: await goldenPath('golden_path_resources').where(
          'task_id',
          ids[i],
        ),
        stepFailures: await goldenPath('golden_path_step_failures').where(
          'task_id',
          ids[i],
        ),
      })),
    );
  } finally {
    await scaffolder.destroy();
    await goldenPath.destroy();
  }
}

/** Which prototype the i-th task of the history copies: the shares, interleaved. */
export function prototypeOf(prototypes: Prototype[], i: number): Prototype {
  let slot = (i * 37) % 100;
  for (const p of prototypes) {
    if (slot < p.share) return p;
    slot -= p.share;
  }
  return prototypes[prototypes.length - 1];
}

/** A row's time: a Date (PostgreSQL), ISO text, or SQLite's `YYYY-MM-DD HH:MM:SS` (UTC). */
export function rowTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  if (text.includes('T')) return Date.parse(text);
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** A deterministic task id (a UUID, as the scaffolder makes them). */
export function taskId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/**
 * Empties the scaffolder's and the golden-path backend's tables and writes `n` tasks copied from
 * the prototypes, one a minute back from `newest`, with their events and ledger records shifted
 * to the copy's time. Returns the tasks as the task list shows them (for the expected runs).
 */
export async function writeHistory(options: {
  scaffolder: Knex;
  goldenPath: Knex;
  prototypes: Prototype[];
  n: number;
  newest: number;
}) {
  const { scaffolder, goldenPath, prototypes, n } = options;
  await scaffolder('task_events').delete();
  await scaffolder('tasks').delete();
  for (const table of [
    'golden_path_resources',
    'golden_path_step_failures',
    'golden_path_runs',
    'golden_path_collector_state',
    'golden_path_runs_daily',
    'golden_path_runs_dirty_days',
    'golden_path_runs_monthly',
    'golden_path_runs_dirty_months',
  ])
    await goldenPath(table).delete();
  const sqlite = String(scaffolder.client.config.client).includes('sqlite');
  // The scaffolder's SQLite rows hold `YYYY-MM-DD HH:MM:SS` text (UTC), PostgreSQL timestamps.
  const at = (ms: number) =>
    sqlite
      ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
      : new Date(ms);
  const batch = 500;
  // knex inserts a SQLite batch as one compound SELECT, which SQLite caps at 500 terms.
  const rows = sqlite ? 250 : 1000;
  for (let start = 0; start < n; start += batch) {
    const tasks = [];
    const events = [];
    const ledger = [];
    const stepFailures = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const p = prototypeOf(prototypes, i);
      const created = options.newest - i * 60_000;
      const shift = created - rowTime(p.task.created_at);
      const id = taskId(i);
      tasks.push({
        ...p.task,
        id,
        created_at: at(created),
        last_heartbeat_at: at(rowTime(p.task.last_heartbeat_at) + shift),
      });
      for (const e of p.events) {
        const { id: _id, ...rest } = e;
        events.push({
          ...rest,
          task_id: id,
          created_at: at(rowTime(e.created_at) + shift),
        });
      }
      for (const r of p.ledger)
        ledger.push({
          ...r,
          task_id: id,
          created_at: new Date(rowTime(r.created_at) + shift).toISOString(),
          updated_at: new Date(rowTime(r.updated_at) + shift).toISOString(),
        });
      for (const r of p.stepFailures)
        stepFailures.push({
          ...r,
          task_id: id,
          created_at: new Date(rowTime(r.created_at) + shift).toISOString(),
        });
    }
    // Events refer to their task, so tasks go first.
    await scaffolder.batchInsert('tasks', tasks, rows);
    await Promise.all([
      scaffolder.batchInsert('task_events', events, rows),
      ledger.length &&
        goldenPath.batchInsert('golden_path_resources', ledger, rows),
      stepFailures.length &&
        goldenPath.batchInsert('golden_path_step_failures', stepFailures, rows),
    ]);
  }
}
