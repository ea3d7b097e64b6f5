/*
 * Metrics at scale: backfill N synthetic scaffolder tasks through the collector (classification +
 * batched upserts), then time GET-summary and time-series queries (p50/p95), on SQLite and
 * PostgreSQL. Peak RSS is printed after each backfill.
 * Usage: node bench/run.cjs metrics [sizes=10000,100000] [sqlite,pg]
 * PostgreSQL: GOLDEN_PATH_TEST_PG_URL, or the cluster `node scripts/postgres.mjs` starts.
 */
import {
  MetricsDefaults,
  summaryFromTotals,
} from '@golden-path/plugin-golden-path-common';
import {
  migratedClient,
  RunCollector,
  RunStore,
} from '@golden-path/plugin-golden-path-backend/testUtils';
import { START, syntheticSource, YEAR } from './synthetic';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const engines = (process.argv[3] ?? 'sqlite,pg').split(',');
const defaults: MetricsDefaults = {
  hourlyRate: 95,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT45M',
  opsTeamSize: 5,
};

async function database(
  engine: string,
  size: number,
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-')),
      'runs.sqlite',
    );
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    return {
      knex,
      drop: async () => {
        await knex.destroy();
        fs.rmSync(path.dirname(file), { recursive: true });
      },
    };
  }
  const base =
    process.env.GOLDEN_PATH_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:54329/postgres';
  const admin = knexFactory({ client: 'pg', connection: base });
  const name = `gp_bench_${size}_${Date.now().toString(36)}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 4 },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)
  ];
async function timed(times: number, fn: () => Promise<unknown>) {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
}

async function main() {
  console.log(
    'engine  runs       backfill s   runs/s    peak RSS MB   summary ms p50/p95   weekly series ms p50/p95   summary(30 d) ms   incremental (+100 new)',
  );
  for (const engine of engines) {
    for (const size of sizes) {
      const db = await database(engine, size);
      try {
        const store = new RunStore(
          await migratedClient({ getClient: async () => db.knex } as any),
        );
        const source = syntheticSource(size);
        const logger = {
          info() {},
          warn() {},
          error() {},
          debug() {},
          child() {
            return this;
          },
        } as any;
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(
          () => (peak = Math.max(peak, process.memoryUsage().rss)),
          100,
        );
        const t0 = performance.now();
        await new RunCollector({ source, store, defaults, logger }).backfill({
          pageSize: 500,
        });
        const seconds = (performance.now() - t0) / 1000; // includes building the daily roll-ups
        clearInterval(sampler);
        const all = { from: START, to: START + YEAR + 86400_000 };
        const month = { from: START + YEAR - 30 * 86400_000, to: START + YEAR };
        const summary = await timed(20, async () =>
          summaryFromTotals(await store.aggregate(all), defaults, all),
        );
        const series = await timed(20, () => store.daily(all));
        const recent = await timed(20, async () =>
          summaryFromTotals(await store.aggregate(month), defaults, month),
        );
        // Incremental: 100 new tasks on top; the collector reads one page and stops.
        const grown = syntheticSource(size + 100);
        const t1 = performance.now();
        const inc = await new RunCollector({
          source: grown,
          store,
          defaults,
          logger,
        }).backfill({ pageSize: 500 });
        const incMs = performance.now() - t1;
        console.log(
          `${engine.padEnd(7)} ${String(size).padEnd(10)} ${seconds
            .toFixed(1)
            .padStart(10)} ${Math.round(size / seconds)
            .toString()
            .padStart(8)} ${Math.round(peak / 1048576)
            .toString()
            .padStart(13)}   ${summary.padStart(18)}   ${series.padStart(
            24,
          )}   ${recent.padStart(16)}   ${inc.collected} runs, ${
            inc.pages
          } page(s), ${incMs.toFixed(0)} ms`,
        );
      } finally {
        await db.drop();
      }
    }
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
