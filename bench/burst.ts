/*
 * Task throughput under a burst: a real backend (packages/backend's plugin set: catalog, scaffolder,
 * auth with guest sign-in, permissions, events and the Golden Path plugins, real logger and
 * scheduler) runs N `s3-bucket` tasks at once in plan mode, and N tasks of a control template with
 * the same number of `debug:log` steps, side by side in one process. After a warm-up, each round
 * fires one burst of N per template, the order alternating per round (control first, then Golden
 * Path first, ...). Prints per burst and in total: throughput (tasks/s), the ratio golden-path /
 * control, per-task execution p50/p95 (claim to completion, from the scaffolder's task events),
 * completed/failed/lost, "Heartbeat for task … failed" errors in the backend log, the backend's
 * CPU time and the HTTP requests it served per task (its plugins calling each other included, by
 * route for the last burst of each), and whether the golden-path metrics count exactly the Golden
 * Path runs. The machine is shared and noisy: compare the ratio within one run, over rounds.
 *
 * Usage: node bench/run.cjs burst [tasks=200] [sqlite|postgresql] [rounds=2]
 * PostgreSQL: GOLDEN_PATH_TEST_PG_URL, else postgres://postgres@127.0.0.1:54381/postgres
 * (`GOLDEN_PATH_PG_PORT=54381 node scripts/postgres.mjs` starts one); every database the run
 * creates is dropped at the end. The backend log goes to a file (its path is printed).
 * The metrics backfill is scheduled after the run, so the counts come from the event path alone.
 * GOLDEN_PATH_BENCH_SCAFFOLDER_CONCURRENCY overrides scaffolder.concurrentTasksLimit (default 10).
 * Profiling: `node --cpu-prof bench/run.cjs burst ...` with GOLDEN_PATH_BENCH_MARKS=1 prints each
 * burst's start and end on the profile's clock (microseconds), to cut the profile per burst.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { packagedTemplatesDir } from '@golden-path/plugin-catalog-backend-module-golden-path';
import knexFactory from 'knex';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';

const N = Number(process.argv[2] ?? 200);
const ENGINE = (process.argv[3] ?? 'postgresql') as 'sqlite' | 'postgresql';
const ROUNDS = Number(process.argv[4] ?? 2);
// Enough warm-up tasks for both templates' code paths to be compiled before the first measured round.
const WARMUP = Math.min(100, N);
const GP = 's3-bucket';
const CONTROL = 'burst-control';
const root = path.join(__dirname, '..');
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

if (!(N > 0) || !(ROUNDS > 0) || !['sqlite', 'postgresql'].includes(ENGINE)) {
  console.error(
    'usage: node bench/run.cjs burst [tasks=200] [sqlite|postgresql] [rounds=2]',
  );
  process.exit(2);
}

// The backend logs to a file; this script's own lines go to the real stdout. Heartbeat failures
// are counted from the log as the scaffolder writes it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-burst-'));
const logFile = path.join(dir, 'backend.log');
const log = fs.createWriteStream(logFile);
const out = process.stdout.write.bind(process.stdout);
const print = (line = '') => out(`${line}\n`);
const heartbeatFailures: string[] = [];
/** Requests the backend served (its own plugins calling each other included), by route. */
const requests = new Map<string, number>();
let requestCount = 0;
const divert = (chunk: any, ...rest: any[]) => {
  const text =
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  log.write(text);
  for (const m of text.matchAll(/Heartbeat for task ([0-9a-f-]{36}) failed/g))
    heartbeatFailures.push(m[1]);
  for (const m of text.matchAll(
    /"(GET|POST|PUT|PATCH|DELETE) (\/api\/[^ ?"]*)/g,
  )) {
    requestCount++;
    const route = `${m[1]} ${m[2]
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
      .replace(/(by-name\/[a-z]+\/[a-z]+)\/.*/, '$1/:name')}`;
    requests.set(route, (requests.get(route) ?? 0) + 1);
  }
  const cb = rest.find(r => typeof r === 'function');
  if (cb) cb();
  return true;
};
process.stdout.write = divert as any;
process.stderr.write = divert as any;

/** Statements every plugin sends to PostgreSQL (knex drives the same `pg` module). */
const pg: {
  Client: { prototype: { query(...args: any[]): any } };
} = require('pg');
let dbQueries = 0;
const pgQuery = pg.Client.prototype.query;
/** With GOLDEN_PATH_BENCH_SQL=1: statements by their first words and table, to see where they come from. */
const statements = new Map<string, number>();
pg.Client.prototype.query = function countedQuery(this: any, ...args: any[]) {
  dbQueries++;
  if (process.env.GOLDEN_PATH_BENCH_SQL) {
    const text = String(
      typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '',
    )
      .replace(/\s+/g, ' ')
      .replace(/\$\d+/g, '?')
      .slice(0, 90);
    statements.set(text, (statements.get(text) ?? 0) + 1);
  }
  return (pgQuery as any).apply(this, args);
} as any;

/** Task lifecycle times from the scaffolder's own `scaffolder.task` events, in this process. */
interface TaskTimes {
  claimedAt?: number;
  finishedAt?: number;
  status?: string;
}
const times = new Map<string, TaskTimes>();
const waiters = new Set<() => void>();
const benchEvents = createBackendModule({
  pluginId: 'events',
  moduleId: 'burst-bench',
  register(env) {
    env.registerInit({
      deps: { events: eventsServiceRef },
      async init({ events }) {
        await events.subscribe({
          id: 'burst-bench',
          topics: ['scaffolder.task'],
          async onEvent({ eventPayload }) {
            const p = eventPayload as {
              id?: string;
              taskId?: string;
              status?: string;
            };
            const id = p.taskId ?? p.id;
            if (!id || !p.status) return;
            const t = times.get(id) ?? {};
            const now = performance.now();
            if (p.status === 'processing') t.claimedAt ??= now;
            if (FINISHED.has(p.status)) {
              t.finishedAt ??= now;
              t.status = p.status;
            }
            times.set(id, t);
            waiters.forEach(w => w());
          },
        });
      },
    });
  },
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A control template: as many `debug:log` steps as the Golden Path template has steps. */
function writeControlTemplate(): { file: string; steps: number } {
  const gp = YAML.parse(
    fs.readFileSync(
      path.join(packagedTemplatesDir(), GP, 'template.yaml'),
      'utf8',
    ),
  );
  const steps = (gp.spec.steps as unknown[]).length;
  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: CONTROL, title: 'Burst control (debug:log only)' },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      parameters: [
        {
          properties: {
            name: { type: 'string' },
            owner: { type: 'string' },
            environment: { type: 'string' },
            expectedStorageGb: { type: 'number' },
          },
        },
      ],
      steps: Array.from({ length: steps }, (_, i) => ({
        id: `log${i + 1}`,
        name: `Log ${i + 1}`,
        action: 'debug:log',
        input: { message: `control \${{ parameters.name }} step ${i + 1}` },
      })),
    },
  };
  const file = path.join(dir, 'control-template.yaml');
  fs.writeFileSync(file, YAML.stringify(template));
  return { file, steps };
}

function databaseConfig(prefix: string) {
  if (ENGINE === 'sqlite')
    return { client: 'better-sqlite3', connection: ':memory:' };
  return {
    client: 'pg',
    connection:
      process.env.GOLDEN_PATH_TEST_PG_URL ??
      'postgres://postgres@127.0.0.1:54381/postgres',
    prefix,
  };
}

async function dropDatabases(prefix: string) {
  if (ENGINE !== 'postgresql') return;
  const admin = knexFactory({
    client: 'pg',
    connection: databaseConfig(prefix).connection as string,
  });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await admin.raw(`drop database "${datname}" with (force)`);
  } finally {
    await admin.destroy();
  }
}

const pct = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[
        Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)
      ]
    : NaN;

interface BurstResult {
  template: string;
  size: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  completed: number;
  failed: number;
  lost: number;
  heartbeats: number;
  /** Backend CPU (user + system) per task during the burst, ms. */
  cpuMs: number;
  /** HTTP requests the backend served per task during the burst. */
  httpPerTask: number;
  /** Statements sent to PostgreSQL per task during the burst (0 on SQLite). */
  dbPerTask: number;
  routes: Map<string, number>;
}

async function main() {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const prefix = `gp_burst_${Date.now().toString(36)}_`;
  const control = writeControlTemplate();
  const appConfig = YAML.parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  const concurrency = Number(
    process.env.GOLDEN_PATH_BENCH_SCAFFOLDER_CONCURRENCY ?? 10,
  );
  const config = {
    ...appConfig,
    backend: {
      ...appConfig.backend,
      baseUrl,
      listen: { port },
      database: databaseConfig(prefix),
    },
    auth: {
      ...appConfig.auth,
      providers: {
        guest: {
          ...appConfig.auth.providers.guest,
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      ...appConfig.catalog,
      locations: [
        { type: 'file', target: path.join(root, 'catalog-info.yaml') },
        { type: 'file', target: control.file },
      ],
    },
    scaffolder: { ...appConfig.scaffolder, concurrentTasksLimit: concurrency },
    goldenPath: {
      ...appConfig.goldenPath,
      mode: 'plan',
      metrics: {
        ...appConfig.goldenPath.metrics,
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 15 },
          initialDelay: { hours: 1 },
        },
      },
    },
  };

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  backend.add(import('@golden-path/plugin-catalog-backend-module-golden-path'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('@backstage/plugin-events-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(
    import('@golden-path/plugin-scaffolder-backend-module-golden-path'),
  );
  backend.add(import('@golden-path/plugin-golden-path-backend'));
  backend.add(benchEvents);

  print(
    `burst: ${N} tasks per burst, ${ROUNDS} round(s), ${ENGINE}, scaffolder concurrency ${concurrency}; control = ${control.steps} debug:log step(s), as many as ${GP} has`,
  );
  print(`backend log: ${logFile}`);
  const started = performance.now();
  await backend.start();
  try {
    const token = await signIn(baseUrl);
    const api = async (p: string, init?: RequestInit) => {
      const res = await fetch(`${baseUrl}${p}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...init?.headers,
        },
      });
      if (!res.ok)
        throw new Error(
          `${init?.method ?? 'GET'} ${p}: ${res.status} ${(
            await res.text()
          ).slice(0, 300)}`,
        );
      return res.json();
    };
    await waitUntil(async () => {
      for (const ref of [
        `template/default/${GP}`,
        `template/default/${CONTROL}`,
        'user/default/guest',
        'group/default/payments',
      ])
        await api(`/api/catalog/entities/by-name/${ref}`);
      return true;
    }, 180_000);
    print(
      `backend up and catalog ready in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );

    let seq = 0;
    const burst = async (
      template: string,
      size: number,
    ): Promise<BurstResult> => {
      const heartbeatsBefore = heartbeatFailures.length;
      const t0 = performance.now();
      const mark = process.hrtime.bigint() / 1000n;
      const cpu0 = process.cpuUsage();
      const requests0 = requestCount;
      const queries0 = dbQueries;
      const statements0 = new Map(statements);
      const routes0 = new Map(requests);
      const ids: string[] = await Promise.all(
        Array.from({ length: size }, async () => {
          const name = `burst-${(seq++).toString(36)}-${Date.now().toString(
            36,
          )}`;
          const { id } = await api('/api/scaffolder/v2/tasks', {
            method: 'POST',
            body: JSON.stringify({
              templateRef: `template:default/${template}`,
              values: {
                name,
                owner: 'group:default/payments',
                environment: 'dev',
                expectedStorageGb: 1,
              },
            }),
          });
          return id as string;
        }),
      );
      const deadline = Date.now() + Math.max(120_000, size * 2_000);
      await new Promise<void>(resolve => {
        const check = () => {
          if (
            ids.every(id => times.get(id)?.finishedAt !== undefined) ||
            Date.now() > deadline
          ) {
            waiters.delete(check);
            clearInterval(timer);
            resolve();
          }
        };
        const timer = setInterval(check, 1000);
        waiters.add(check);
        check();
      });
      const done = ids.map(id => times.get(id)).filter(t => t?.finishedAt);
      const last = Math.max(...done.map(t => t!.finishedAt!));
      const seconds = (last - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const served = requestCount - requests0;
      const queries = dbQueries - queries0;
      if (process.env.GOLDEN_PATH_BENCH_SQL) {
        print(`statements per task, ${template}:`);
        [...statements]
          .map(([k, v]) => [k, (v - (statements0.get(k) ?? 0)) / size] as const)
          .filter(([, v]) => v >= 0.05)
          .sort((a, b) => b[1] - a[1])
          .forEach(([k, v]) => print(`  ${v.toFixed(2).padStart(6)}  ${k}`));
      }
      const routes = new Map(
        [...requests].map(([k, v]) => [k, v - (routes0.get(k) ?? 0)]),
      );
      const exec = done
        .filter(t => t!.claimedAt !== undefined)
        .map(t => (t!.finishedAt! - t!.claimedAt!) / 1000);
      const idSet = new Set(ids);
      if (process.env.GOLDEN_PATH_BENCH_MARKS)
        print(
          `mark ${template} ${size} ${mark} ${process.hrtime.bigint() / 1000n}`,
        );
      // Give the scaffolder's heartbeat timers a moment to report, then attribute by task id.
      await new Promise(r => setTimeout(r, 1500));
      return {
        template,
        size,
        seconds,
        throughput: done.length / seconds,
        p50: pct(exec, 50),
        p95: pct(exec, 95),
        completed: done.filter(t => t!.status === 'completed').length,
        failed: done.filter(t => t!.status !== 'completed').length,
        lost: size - done.length,
        heartbeats: heartbeatFailures
          .slice(heartbeatsBefore)
          .filter(id => idSet.has(id)).length,
        cpuMs: (cpu.user + cpu.system) / 1000 / size,
        httpPerTask: served / size,
        dbPerTask: ENGINE === 'postgresql' ? queries / size : NaN,
        routes,
      };
    };

    print('');
    print(
      'round  template        tasks  burst s  tasks/s  exec p50 s  exec p95 s  completed  failed  lost  heartbeat errors  CPU ms/task  HTTP/task  DB/task',
    );
    // Warm-up on the fresh backend (compiles code paths, fills pools and caches), both alike.
    print(row('warm', await burst(CONTROL, WARMUP)));
    print(row('warm', await burst(GP, WARMUP)));
    const results: BurstResult[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [CONTROL, GP] : [GP, CONTROL];
      const round: Record<string, BurstResult> = {};
      for (const template of order) {
        const res = await burst(template, N);
        round[template] = res;
        results.push(res);
        print(row(String(r + 1), res));
      }
      ratios.push(round[GP].throughput / round[CONTROL].throughput);
    }
    const total = (template: string): BurstResult => {
      const rs = results.filter(x => x.template === template);
      const size = rs.reduce((a, x) => a + x.size, 0);
      const seconds = rs.reduce((a, x) => a + x.seconds, 0);
      const completed = rs.reduce((a, x) => a + x.completed, 0);
      const failed = rs.reduce((a, x) => a + x.failed, 0);
      return {
        template,
        size,
        seconds,
        throughput: (completed + failed) / seconds,
        p50: NaN,
        p95: NaN,
        completed,
        failed,
        lost: rs.reduce((a, x) => a + x.lost, 0),
        heartbeats: rs.reduce((a, x) => a + x.heartbeats, 0),
        cpuMs: rs.reduce((a, x) => a + x.cpuMs * x.size, 0) / size,
        httpPerTask: rs.reduce((a, x) => a + x.httpPerTask * x.size, 0) / size,
        dbPerTask: rs.reduce((a, x) => a + x.dbPerTask * x.size, 0) / size,
        routes: new Map(),
      };
    };
    const cTotal = total(CONTROL);
    const gTotal = total(GP);
    print(row('all', cTotal));
    print(row('all', gTotal));
    print('');
    print(
      `throughput ratio golden-path/control: ${(
        gTotal.throughput / cTotal.throughput
      ).toFixed(2)} overall; per round ${ratios
        .map(x => x.toFixed(2))
        .join(', ')} (goal >= 0.90)`,
    );
    const gpP50 = results.filter(x => x.template === GP).map(x => x.p50);
    const cP50 = results.filter(x => x.template === CONTROL).map(x => x.p50);
    print(
      `execution p50 golden-path ${gpP50
        .map(x => x.toFixed(3))
        .join(', ')} s vs control ${cP50.map(x => x.toFixed(3)).join(', ')} s`,
    );
    // Where the requests go, per task, in the last burst of each template.
    const lastOf = (template: string) =>
      results.filter(x => x.template === template).pop()!;
    const [lc, lg] = [lastOf(CONTROL), lastOf(GP)];
    const routeNames = [...new Set([...lc.routes.keys(), ...lg.routes.keys()])]
      .filter(k => (lc.routes.get(k) ?? 0) + (lg.routes.get(k) ?? 0) > 0)
      .sort(
        (a, b) =>
          (lg.routes.get(b) ?? 0) +
          (lc.routes.get(b) ?? 0) -
          (lg.routes.get(a) ?? 0) -
          (lc.routes.get(a) ?? 0),
      );
    print('');
    print(
      `requests served per task (last burst): ${'control'.padStart(
        8,
      )} ${'golden-path'.padStart(12)}`,
    );
    for (const k of routeNames)
      print(
        `  ${k.padEnd(58)} ${((lc.routes.get(k) ?? 0) / lc.size)
          .toFixed(2)
          .padStart(8)} ${((lg.routes.get(k) ?? 0) / lg.size)
          .toFixed(2)
          .padStart(12)}`,
      );
    print('');
    print(
      `heartbeat errors in the backend log: ${heartbeatFailures.length} in all (golden-path ${gTotal.heartbeats}, control ${cTotal.heartbeats} in the measured bursts)`,
    );

    // Every Golden Path run (warm-up included) counted once, as planned; control runs not at all.
    const expected = WARMUP + N * ROUNDS;
    const metricsOf = async () => {
      const all = await api('/api/golden-path/metrics/summary');
      const gp = await api(
        `/api/golden-path/metrics/summary?template=template:default/${GP}`,
      );
      return { all, gp };
    };
    let metrics = await metricsOf();
    const metricsDeadline = Date.now() + 60_000;
    while (
      (metrics.all.runs !== expected || metrics.gp.planned !== expected) &&
      Date.now() < metricsDeadline
    ) {
      await new Promise(r => setTimeout(r, 1000));
      metrics = await metricsOf();
    }
    const exact =
      metrics.all.runs === expected &&
      metrics.gp.runs === expected &&
      metrics.gp.planned === expected;
    print(
      `golden-path metrics: ${metrics.gp.runs} run(s) of ${GP} (${
        metrics.gp.planned
      } planned), ${
        metrics.all.runs
      } run(s) of all templates; expected ${expected} (${WARMUP} warm-up + ${N} x ${ROUNDS}): ${
        exact ? 'exact' : 'MISMATCH'
      }`,
    );
    // Every task of both templates must complete, and none may be lost.
    const unfinished =
      cTotal.lost + gTotal.lost + cTotal.failed + gTotal.failed;
    if (!exact || unfinished) process.exitCode = 1;
  } finally {
    // The event bus's long polls would hold the stop for up to a minute: give it a few seconds.
    await Promise.race([
      backend.stop(),
      new Promise(r => setTimeout(r, 5000).unref()),
    ]);
    await dropDatabases(prefix).catch(e =>
      print(`could not drop the bench databases ${prefix}*: ${e}`),
    );
    log.end();
  }
}

function row(round: string, r: BurstResult) {
  const f = (x: number, d: number, w: number) =>
    (Number.isNaN(x) ? '-' : x.toFixed(d)).padStart(w);
  return `${round.padEnd(6)} ${r.template.padEnd(15)} ${String(r.size).padStart(
    5,
  )} ${f(r.seconds, 1, 8)} ${f(r.throughput, 1, 8)} ${f(r.p50, 3, 11)} ${f(
    r.p95,
    3,
    11,
  )} ${String(r.completed).padStart(10)} ${String(r.failed).padStart(
    7,
  )} ${String(r.lost).padStart(5)} ${String(r.heartbeats).padStart(17)} ${f(
    r.cpuMs,
    1,
    12,
  )} ${f(r.httpPerTask, 1, 10)} ${f(r.dbPerTask, 1, 8)}`;
}

async function signIn(baseUrl: string): Promise<string> {
  return waitUntil(async () => {
    const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
    return (await res.json()).backstageIdentity.token as string;
  }, 60_000);
}

async function waitUntil<T>(fn: () => Promise<T>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

main()
  .catch(e => {
    print(e instanceof Error ? e.stack ?? e.message : String(e));
    process.exitCode = 1;
  })
  .finally(() => {
    // Timers of stopped plugins must not keep the benchmark alive.
    setTimeout(() => process.exit(), 500).unref();
  });
