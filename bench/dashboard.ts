/*
 * The Impact page in headless Chromium with one year of runs: builds the production app bundle,
 * fills the golden-path database with N synthetic runs (default 100k) through the real collector,
 * starts the real backend on it, serves the bundle, signs in as guest and times
 *   - a full page load of /golden-path for the last 12 months (app boot included),
 *   - in-app navigation from the catalog through the sidebar (default period, 90 days),
 *   - switching the period to "Last 12 months" on the page,
 * each until the tiles and all three charts are drawn. Also prints the JavaScript the page adds
 * (chunks first fetched when navigating to it, gzip) and our plugin's share of the entry bundle.
 * Usage: node bench/run.cjs dashboard [runs=100000] [iterations=10]
 * Ports 3017 (app) and 7017 (backend); Chromium from CHROMIUM_PATH or /usr/bin/chromium.
 * GOLDEN_PATH_BENCH_REUSE_BUILD=1 skips the app build when packages/app/dist exists from an earlier run.
 */
import {
  migratedClient,
  RunCollector,
  RunStore,
} from '@golden-path/plugin-golden-path-backend/testUtils';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import knexFactory from 'knex';
import { chromium, Page } from 'playwright-core';
import { syntheticSource, YEAR } from './synthetic';

const runs = Number(process.argv[2] ?? 100_000);
const iterations = Number(process.argv[3] ?? 10);
const root = path.join(__dirname, '..');
const APP = 'http://localhost:3017';
const BACKEND = 'http://localhost:7017';
const DAY = 86400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const gzip = (b: Buffer) => zlib.gzipSync(b, { level: 6 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)
  ];
const stats = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms`;

function writeConfig(dir: string): string {
  const file = path.join(dir, 'bench.app-config.yaml');
  fs.writeFileSync(
    file,
    [
      'app:',
      `  baseUrl: ${APP}`,
      'backend:',
      `  baseUrl: ${BACKEND}`,
      '  listen:',
      '    port: 7017',
      '  cors:',
      `    origin: ${APP}`,
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${dir}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** One year of runs ending now, through the collector, in the file the backend will open. */
async function fillDatabase(dir: string) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'golden-path.sqlite') },
    useNullAsDefault: true,
  });
  const store = new RunStore(
    await migratedClient({ getClient: async () => knex } as any),
  );
  const logger = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child() {
      return this;
    },
  } as any;
  const defaults = {
    hourlyRate: 95,
    defaultTicketQueue: 'P3D',
    defaultOpsEffort: 'PT45M',
    opsTeamSize: 5,
  };
  const t0 = performance.now();
  await new RunCollector({
    source: syntheticSource(runs, Date.now() - YEAR),
    store,
    defaults,
    logger,
  }).backfill({ pageSize: 500 });
  console.log(
    `filled ${await store.count()} runs in ${(
      (performance.now() - t0) /
      1000
    ).toFixed(1)} s`,
  );
  await knex.destroy();
}

function buildApp(config: string) {
  const t0 = performance.now();
  const res = spawnSync(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--stats',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.join(root, 'packages/app'),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (res.status !== 0) throw new Error('app build failed');
  console.log(
    `production app bundle built in ${((performance.now() - t0) / 1000).toFixed(
      0,
    )} s`,
  );
}

/** The built app, with the SPA fallback the app backend would give. */
function serveApp(): Promise<http.Server> {
  const dist = path.join(root, 'packages/app/dist');
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.html': 'text/html',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', APP);
    let file = path.join(dist, path.normalize(url.pathname));
    if (
      !file.startsWith(dist) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    )
      file = path.join(dist, 'index.html');
    res.setHeader(
      'content-type',
      types[path.extname(file)] ?? 'application/octet-stream',
    );
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(3017, () => resolve(server)));
}

async function waitFor(url: string, seconds: number) {
  for (let i = 0; i < seconds; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${seconds} s`);
}

/** Tiles and all three charts drawn. */
async function rendered(page: Page) {
  await page.getByTestId('gp-tile-tickets-value').waitFor({ timeout: 60_000 });
  for (const chart of ['runs', 'hours', 'share'])
    await page
      .locator(`[data-testid="gp-chart-${chart}"] .recharts-surface`)
      .first()
      .waitFor({ timeout: 60_000 });
}

/** The plugin's modules in the entry chunks, from the bundle stats (source size; gzip estimated on the chunk's ratio). */
function pluginShareOfEntry(): string {
  const statsFile = path.join(root, 'packages/app/dist/bundle-stats.json');
  if (!fs.existsSync(statsFile)) return 'no bundle stats';
  const s = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const initial = new Set<string | number>(
    (s.chunks ?? []).filter((c: any) => c.initial).map((c: any) => c.id),
  );
  let bytes = 0;
  for (const m of s.modules ?? []) {
    const name = String(m.nameForCondition ?? m.name ?? '');
    if (
      /plugins\/golden-path\/src\//.test(name) &&
      (m.chunks ?? []).some((c: any) => initial.has(c))
    )
      bytes += m.size ?? 0;
  }
  return `${kb(bytes)} of source in the entry chunks`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-dashboard-bench-'));
  const config = writeConfig(dir);
  await fillDatabase(dir);
  // GOLDEN_PATH_BENCH_REUSE_BUILD=1 reuses packages/app/dist from an earlier run of this benchmark.
  if (
    process.env.GOLDEN_PATH_BENCH_REUSE_BUILD !== '1' ||
    !fs.existsSync(path.join(root, 'packages/app/dist/index.html'))
  )
    buildApp(config);
  const backend = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const server = await serveApp();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    await waitFor(`${BACKEND}/api/golden-path/health`, 240);
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${APP}/catalog`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .waitFor({ state: 'attached', timeout: 60_000 });
    await page.waitForLoadState('networkidle');

    // JavaScript first fetched when opening the page (cold cache for its chunks).
    const added: Array<{ url: string; raw: number; gzip: number }> = [];
    const onResponse = async (r: any) => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => undefined);
      if (body)
        added.push({ url: r.url(), raw: body.length, gzip: gzip(body) });
    };
    page.on('response', onResponse);
    const nav: number[] = [];
    let t0 = performance.now();
    await page
      .getByRole('link', { name: 'Golden Path Impact' })
      .first()
      .click();
    await rendered(page);
    nav.push(performance.now() - t0);
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);

    const year = `${APP}/golden-path?from=${iso(
      Date.now() - 364 * DAY,
    )}&to=${iso(Date.now())}`;
    const load: number[] = [];
    const preset: number[] = [];
    for (let i = 0; i < iterations; i++) {
      t0 = performance.now();
      await page.goto(year);
      await rendered(page);
      load.push(performance.now() - t0);
      await page.getByRole('button', { name: 'Last 30 days' }).click();
      await page.waitForURL(/from=/);
      await rendered(page);
      t0 = performance.now();
      await page.getByRole('button', { name: 'Last 12 months' }).click();
      await page.waitForFunction(
        () => !document.querySelector('[role="progressbar"]'),
      );
      await rendered(page);
      preset.push(performance.now() - t0);
      await page.goto(`${APP}/catalog`);
      await page
        .getByRole('link', { name: 'Golden Path Impact' })
        .first()
        .waitFor();
      t0 = performance.now();
      await page
        .getByRole('link', { name: 'Golden Path Impact' })
        .first()
        .click();
      await rendered(page);
      nav.push(performance.now() - t0);
    }
    // The API calls behind the page, timed from here (same period as the full load).
    const guest = await (
      await fetch(`${BACKEND}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      })
    ).json();
    const headers = {
      authorization: `Bearer ${guest.backstageIdentity.token}`,
    };
    const query = `from=${iso(Date.now() - 364 * DAY)}&to=${iso(
      Date.now() + DAY,
    )}`;
    const apiTimes: string[] = [];
    for (const route of ['summary', 'timeseries', 'templates', 'owners']) {
      const xs: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        const res = await fetch(
          `${BACKEND}/api/golden-path/metrics/${route}?${query}`,
          { headers },
        );
        if (!res.ok) throw new Error(`${route}: ${res.status}`);
        await res.arrayBuffer();
        xs.push(performance.now() - t);
      }
      apiTimes.push(
        `${route} ${pct(xs, 50).toFixed(0)}/${pct(xs, 95).toFixed(0)}`,
      );
    }
    console.log(`\n${runs} runs over one year, ${iterations} iterations`);
    console.log(`API, last 12 months, ms p50/p95: ${apiTimes.join(', ')}`);
    console.log(
      `full load of /golden-path, last 12 months (app boot included): ${stats(
        load,
      )}`,
    );
    console.log(
      `sidebar navigation from the catalog (last 90 days):          ${stats(
        nav,
      )}  (first, cold chunks: ${nav[0].toFixed(0)} ms)`,
    );
    console.log(
      `switch to "Last 12 months" on the page:                      ${stats(
        preset,
      )}`,
    );
    const total = added.reduce(
      (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }),
      { raw: 0, gzip: 0 },
    );
    console.log(
      `JavaScript the page adds: ${added.length} chunk(s), ${kb(
        total.raw,
      )} raw, ${kb(
        total.gzip,
      )} gzip; plugin in the entry bundle: ${pluginShareOfEntry()}`,
    );
    await context.close();
  } finally {
    await browser.close();
    server.close();
    try {
      process.kill(-backend.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
