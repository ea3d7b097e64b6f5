/*
 * The metrics backfill as deployed: a real scaffolder backend with the golden-path backend plugin
 * (real service-to-service auth), its `tasks` and `task_events` tables filled with N tasks copied
 * from real Golden Path runs (live, planned, denied, failed, and a template that replaces no
 * ticket; each run once through the real backend first), the spend ledger with the records those
 * runs wrote. Then the plugin's own scheduled backfill (`golden-path-runs-backfill`) is triggered
 * until its first full pass is done, reading the scaffolder over HTTP. Prints tasks/s, seconds, the
 * scaffolder requests it made (task-list pages, event-log reads) and whether the stored runs are
 * exactly those that classifying every task with its whole event log gives. Up to 10,000 tasks
 * (GOLDEN_PATH_BENCH_BEFORE_UP_TO) it then times the collector reading as it did before (no
 * ledger, so every Golden Path task's event log, pages of 100) on the same history.
 * Usage: node bench/run.cjs backfillHttp [sizes=10000,100000] [sqlite|postgresql]
 * PostgreSQL: GOLDEN_PATH_TEST_PG_URL, else postgres://postgres@127.0.0.1:54361/postgres
 * (`GOLDEN_PATH_PG_PORT=54361 node scripts/postgres.mjs` starts one).
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  classifyRun,
  MetricsDefaults,
  RunRecord,
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import goldenPathPlugin from '@golden-path/plugin-golden-path-backend';
import {
  RunCollector,
  RunStore,
  ScaffolderTasks,
} from '@golden-path/plugin-golden-path-backend/testUtils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  appConfigGoldenPath,
  REPO_ROOT,
} from '../test/src/integration/backend';
import {
  capturePrototypes,
  Prototype,
  prototypeOf,
  rowTime,
  taskId,
  writeHistory,
} from './scaffolderHistory';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
/** Up to this many tasks the old way of reading (every event log) is timed too. */
const beforeUpTo = Number(process.env.GOLDEN_PATH_BENCH_BEFORE_UP_TO ?? 10_000);
const engine = process.argv[3] ?? 'postgresql';
const NEWEST = Date.parse('2026-11-30T12:00:00Z');
/** The operator's measurement of Time Saver 4.1.3 on the same histories (issue #19); not run here. */
const TIME_SAVER_SECONDS: Record<number, number> = {
  1000: 0.2,
  10000: 13,
  100000: 1197,
};

const goldenPathConfig = appConfigGoldenPath();
const defaults: MetricsDefaults = {
  hourlyRate: 95,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT45M',
  opsTeamSize: 5,
  opsHoursPerWeek: 40,
  ...goldenPathConfig.metrics,
};

/** Where the backends keep their databases, and the bench's own connections to two of them. */
function databases() {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-backfill-'));
    const open = (plugin: string) => () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, `${plugin}.sqlite`) },
        useNullAsDefault: true,
      });
    return {
      backend: { sqliteDirectory: dir },
      database: { client: 'better-sqlite3', connection: { directory: dir } },
      scaffolder: open('scaffolder'),
      goldenPath: open('golden-path'),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base =
    process.env.GOLDEN_PATH_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:54361/postgres';
  const prefix = `gp_backfill_${Date.now().toString(36)}_`;
  const open = (plugin: string) => () => {
    const url = new URL(base);
    url.pathname = `/${prefix}${plugin}`;
    return knexFactory({ client: 'pg', connection: url.toString() });
  };
  return {
    backend: { postgres: base, databasePrefix: prefix },
    database: { client: 'pg', connection: base, prefix },
    scaffolder: open('scaffolder'),
    goldenPath: open('golden-path'),
    drop: async () => {
      const admin = knexFactory({ client: 'pg', connection: base });
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows)
        await admin.raw(`drop database "${datname}" with (force)`);
      await admin.destroy();
    },
  };
}

/** The task and its events as the scaffolder's API shows them, for classification in memory. */
function asListed(p: Prototype, i: number, sqlite: boolean) {
  const ms = rowTime;
  // SQLite keeps whole seconds, as CURRENT_TIMESTAMP does.
  const kept = (t: number) => (sqlite ? Math.floor(t / 1000) * 1000 : t);
  const created = NEWEST - i * 60_000;
  const shift = created - ms(p.task.created_at);
  const iso = (v: unknown) => new Date(kept(ms(v) + shift)).toISOString();
  const task: TaskSnapshot = {
    id: taskId(i),
    status: p.task.status,
    createdAt: new Date(kept(created)).toISOString(),
    lastHeartbeatAt: iso(p.task.last_heartbeat_at),
    createdBy: p.task.created_by ?? undefined,
    spec: JSON.parse(p.task.spec),
  };
  const events: TaskEventSnapshot[] = p.events.map(e => ({
    type: e.event_type,
    createdAt: iso(e.created_at),
    body: JSON.parse(e.body),
  }));
  return { task, events };
}

/** The runs that classifying every task with its whole event log gives (no ledger consulted). */
function expectedRuns(prototypes: Prototype[], n: number, sqlite: boolean) {
  const runs = new Map<string, RunRecord>();
  for (let i = 0; i < n; i++) {
    const { task, events } = asListed(prototypeOf(prototypes, i), i, sqlite);
    const run = classifyRun(task, events, defaults);
    if (run) runs.set(run.taskId, run);
  }
  return runs;
}

/** Whether the stored runs are exactly the expected ones. */
async function checkRuns(goldenPath: Knex, expected: Map<string, RunRecord>) {
  const stored = await new RunStore(goldenPath).list({
    from: 0,
    to: Date.parse('2100-01-01'),
  });
  let exact = 0;
  const wrong: string[] = [];
  for (const run of stored) {
    const want = expected.get(run.taskId);
    if (want && JSON.stringify(run) === JSON.stringify(want)) exact++;
    else if (wrong.length < 3)
      wrong.push(`${JSON.stringify(run)} expected ${JSON.stringify(want)}`);
  }
  const correct = exact === expected.size && stored.length === expected.size;
  return {
    correct,
    summary: [
      `${fmt(stored.length)} stored, ${fmt(
        exact,
      )} exactly as expected, of ${fmt(expected.size)} expected (${
        correct ? 'correct' : 'WRONG'
      })`,
      ...wrong.map(w => `\n    mismatch: ${w}`),
    ].join(''),
  };
}

/** Counts the golden-path plugin's requests to the scaffolder, by kind. */
function countScaffolderRequests() {
  const counts = { pages: 0, eventLogs: 0, tasks: 0, other: 0 };
  /** Milliseconds from request to the answer's headers (the scaffolder's work), summed per kind. */
  const ms = { pages: 0, eventLogs: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: any, init?: any) => {
    const url = String(input instanceof Request ? input.url : input);
    let kind: keyof typeof counts = 'other';
    if (url.includes('/api/scaffolder/v2/tasks')) {
      if (/\/v2\/tasks\?/.test(url)) kind = 'pages';
      else if (url.endsWith('/events')) kind = 'eventLogs';
      else kind = 'tasks';
    }
    counts[kind]++;
    const start = performance.now();
    const res = await original(input, init);
    if (kind === 'pages' || kind === 'eventLogs')
      ms[kind] += performance.now() - start;
    return res;
  }) as typeof fetch;
  return {
    counts,
    ms,
    reset: () => {
      Object.keys(counts).forEach(k => ((counts as any)[k] = 0));
      Object.keys(ms).forEach(k => ((ms as any)[k] = 0));
    },
    restore: () => (globalThis.fetch = original),
  };
}

/** The golden-path plugin's own auth and discovery, for the collector the way it read before. */
const services: { auth?: AuthService; discovery?: DiscoveryService } = {};
const captureServices = createBackendModule({
  pluginId: 'golden-path',
  moduleId: 'bench-services',
  register(env) {
    env.registerInit({
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      async init(deps) {
        Object.assign(services, deps);
      },
    });
  },
});

const quiet = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quiet;
  },
} as unknown as LoggerService;

/**
 * The collector as it read before: no ledger, so every Golden Path task's event log, pages of 100
 * (the same HTTP client, so the same reused token).
 */
async function backfillAsBefore(goldenPath: Knex) {
  for (const table of [
    'golden_path_runs',
    'golden_path_collector_state',
    'golden_path_runs_daily',
    'golden_path_runs_dirty_days',
    'golden_path_runs_monthly',
    'golden_path_runs_dirty_months',
  ])
    await goldenPath(table).delete();
  const collector = new RunCollector({
    source: new ScaffolderTasks({
      auth: services.auth!,
      discovery: services.discovery!,
    }),
    store: new RunStore(goldenPath),
    defaults,
    logger: quiet,
  });
  return collector.backfill({ pageSize: 100 });
}

/** The scaffolder and the golden-path plugin with the real auth services, on the bench's databases. */
async function startMeasuredBackend(database: Record<string, unknown>) {
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:0', database: database as any },
          goldenPath: goldenPathConfig,
          // The trusted catalog location the plugin insists on (no catalog runs here).
          catalog: {
            locations: [
              {
                type: 'file',
                target: path.join(REPO_ROOT, 'catalog-info.yaml'),
              },
            ],
          },
          events: { useEventBus: 'never' },
        },
      }),
      databaseServiceFactory,
      authServiceFactory,
      httpAuthServiceFactory,
      eventsServiceFactory,
      scaffolderPlugin,
      goldenPathPlugin,
      captureServices,
    ],
  });
  return { backend, scheduler };
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function main() {
  const db = databases();
  const sqlite = engine === 'sqlite';
  const requests = countScaffolderRequests();
  try {
    let t = performance.now();
    const prototypes = await capturePrototypes({
      ...db.backend,
      scaffolderDb: db.scaffolder,
      goldenPathDb: db.goldenPath,
    });
    console.log(
      `${engine}: ${prototypes.length} real runs captured in ${(
        (performance.now() - t) /
        1000
      ).toFixed(1)} s`,
    );
    for (const p of prototypes) {
      const completion = p.events.find(e => e.event_type === 'completion');
      console.log(
        `  ${p.share}% ${p.name}: ${p.task.status}, spec ${fmt(
          p.task.spec.length,
        )} B, ${p.events.length} events, ledger [${p.ledger
          .map(r => r.status)
          .join(', ')}], step failures [${p.stepFailures
          .map(r => `${r.step_id} refused by ${r.refused_by}`)
          .join(', ')}], heartbeat ${
          completion
            ? `${
                rowTime(p.task.last_heartbeat_at) -
                rowTime(completion.created_at)
              } ms from completion`
            : '-'
        }`,
      );
    }
    for (const n of sizes) {
      const scaffolder = db.scaffolder();
      const goldenPath = db.goldenPath();
      t = performance.now();
      await writeHistory({
        scaffolder,
        goldenPath,
        prototypes,
        n,
        newest: NEWEST,
      });
      const expected = expectedRuns(prototypes, n, sqlite);
      console.log(
        `\n${fmt(n)} tasks written in ${(
          (performance.now() - t) /
          1000
        ).toFixed(1)} s (${fmt(expected.size)} Golden Path runs)`,
      );

      const { backend, scheduler } = await startMeasuredBackend(db.database);
      requests.reset();
      const state = async () =>
        (
          await goldenPath('golden_path_collector_state')
            .where('key', 'full-backfill')
            .first()
        )?.value;
      let triggers = 0;
      const cpu = process.cpuUsage();
      t = performance.now();
      do {
        await scheduler.triggerTask('golden-path-runs-backfill');
        triggers++;
      } while ((await state()) !== 'done' && triggers < 20);
      const seconds = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      // The backend's CPU (scaffolder and golden-path share the process), and the machine's load.
      const cpuSeconds = (used.user + used.system) / 1e6;
      const load = os.loadavg()[0];
      const made = { ...requests.counts };
      const waited = { ...requests.ms };
      const check = await checkRuns(goldenPath, expected);
      const ts = TIME_SAVER_SECONDS[n];
      console.log(
        [
          `${fmt(n)} tasks on ${engine}: ${seconds.toFixed(1)} s, ${fmt(
            Math.round(n / seconds),
          )} tasks/s, ${triggers} scheduled run(s)${
            (await state()) === 'done' ? '' : ' (NOT DONE)'
          }; backend process CPU ${cpuSeconds.toFixed(
            1,
          )} s; machine load average ${load.toFixed(1)} on ${
            os.cpus().length
          } cores`,
          `  scaffolder requests: ${fmt(made.pages)} task-list pages, ${fmt(
            made.eventLogs,
          )} event-log reads, ${fmt(made.tasks)} task reads (${fmt(
            made.pages + made.eventLogs + made.tasks,
          )} in all)`,
          `  waiting for the scaffolder's answers (summed over concurrent requests): pages ${(
            waited.pages / 1000
          ).toFixed(1)} s, event logs ${(waited.eventLogs / 1000).toFixed(
            1,
          )} s`,
          `  runs: ${check.summary}`,
          ...(ts
            ? [
                `  Time Saver 4.1.3 on the same history, the operator's measurement (not run here): ${ts} s (${(
                  ts / seconds
                ).toFixed(1)}x this)`,
              ]
            : []),
        ].join('\n'),
      );
      if (!check.correct) process.exitCode = 1;

      // The way it read before, on the same history and machine, where that takes minutes, not hours.
      if (n <= beforeUpTo) {
        requests.reset();
        const cpuBefore = process.cpuUsage();
        t = performance.now();
        await backfillAsBefore(goldenPath);
        const secondsBefore = (performance.now() - t) / 1000;
        const usedBefore = process.cpuUsage(cpuBefore);
        const again = await checkRuns(goldenPath, expected);
        console.log(
          [
            `  as before (no ledger: every Golden Path task's event log; pages of 100): ${secondsBefore.toFixed(
              1,
            )} s (${(secondsBefore / seconds).toFixed(1)}x), CPU ${(
              (usedBefore.user + usedBefore.system) /
              1e6
            ).toFixed(1)} s, ${fmt(requests.counts.pages)} pages, ${fmt(
              requests.counts.eventLogs,
            )} event-log reads; machine load average ${os
              .loadavg()[0]
              .toFixed(1)}`,
            `  runs as before: ${again.summary}`,
          ].join('\n'),
        );
      }
      await backend.stop();
      await scaffolder.destroy();
      await goldenPath.destroy();
    }
  } finally {
    requests.restore();
    await db.drop();
  }
}

// The backends' timers would keep the process alive.
main().then(
  () => process.exit(),
  e => {
    console.error(e);
    process.exit(1);
  },
);
