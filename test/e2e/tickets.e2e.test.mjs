// The Impact page on measured data, in Chromium: a backend of its own on the database `npm run
// demo` seeds (a year of synthetic runs and tickets), so the page shows baselines measured from
// tickets beside one its template only claims, the tickets still opened after a path existed, and
// the ticket types to retire next; every figure is checked against the backend's own answer.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_URL, ARTIFACTS } from './browser.mjs';
import { OURS, runAxe, splitViolations } from './axe.mjs';
import { contextOn, startBackend } from './replica.mjs';

const root = new URL('../..', import.meta.url).pathname;
const PORT = 7027;
const DAY = 86400_000;
const iso = t => new Date(t).toISOString().slice(0, 10);

let backend;
let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'gp-e2e-demo-'));
  const seeded = spawnSync(
    'node',
    [
      'scripts/demo.mjs',
      '--seed-only',
      '--database',
      join(dir, 'golden-path.sqlite'),
    ],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(seeded.status, 0, seeded.stderr);
  backend = await startBackend(PORT, {
    backend: {
      database: { client: 'better-sqlite3', connection: { directory: dir } },
    },
  });
  browser = await contextOn(PORT);
});

after(async () => {
  await browser?.context.close();
  backend?.stop();
});

/** What the backend says, as the signed-in guest of the demo backend. */
async function api(path) {
  const token = (
    await (
      await fetch(`http://localhost:${PORT}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      })
    ).json()
  ).backstageIdentity.token;
  const res = await fetch(`http://localhost:${PORT}/api/golden-path${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, path);
  return res.json();
}

test('the Impact page shows measured and annotated baselines, leakage by team and what to build next', async () => {
  const now = Date.now();
  const from = iso(now - 364 * DAY);
  const to = iso(now);
  const summary = await api(
    `/metrics/summary?from=${from}&to=${iso(now + DAY)}`,
  );
  const measured = summary.baselines.find(
    b => b.ticketType === 'provision-database',
  );
  const annotated = summary.baselines.find(b => b.ticketType === 'new-service');
  assert.equal(measured?.source, 'measured');
  assert.ok(
    measured.tickets > 50,
    'the database type is measured from its tickets',
  );
  assert.equal(annotated?.source, 'annotations');
  const next = (await api('/tickets/next')).items;
  assert.deepEqual(next.map(c => c.ticketType).sort(), [
    'dns-record',
    'grant-database-access',
    'rotate-tls-certificate',
  ]);
  const leakage = await api(
    `/tickets/leakage?from=${from}&to=${iso(now + DAY)}`,
  );
  assert.ok(leakage.items.length > 0);

  const { page } = browser;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${to}`);
  const baselines = page.getByTestId('gp-baselines');
  await baselines.waitFor({ timeout: 60_000 });
  assert.equal(
    (
      await page.getByTestId('gp-baseline-provision-database').textContent()
    ).trim(),
    `measured from ${measured.tickets.toLocaleString('en-US')} tickets`,
  );
  assert.match(
    await page.getByTestId('gp-baseline-new-service').textContent(),
    /template annotations/,
  );

  // Leakage: every team that still opened tickets, and the newest leaked ticket's key.
  const leaked = page.getByTestId('gp-leakage');
  await leaked.waitFor();
  const leakedText = await leaked.textContent();
  for (const { team } of leakage.byTeam)
    assert.ok(
      leakedText.includes(team.replace(/^group:default\//, '')),
      `leakage names ${team}`,
    );
  assert.ok(leakedText.includes(leakage.items[0].externalId));

  // Build these next: in the backend's order, each with its score.
  const ranking = page.getByTestId('gp-next');
  await ranking.waitFor();
  const rankingText = await ranking.textContent();
  const positions = next.map(c => rankingText.indexOf(c.title));
  assert.ok(
    positions.every(p => p >= 0),
    'every candidate is listed',
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    'in the order of their scores',
  );
  for (const c of next)
    assert.match(
      await page.getByTestId(`gp-next-score-${c.ticketType}`).textContent(),
      new RegExp(Math.round(c.score).toLocaleString('en-US')),
    );

  // The money in two parts, each with its formula.
  assert.match(
    await page.getByTestId('gp-money-wait-formula').textContent(),
    /working h × \$80/,
  );
  assert.match(
    await page.getByTestId('gp-money-ops-formula').textContent(),
    /h × \$95/,
  );

  await page.screenshot({
    path: join(ARTIFACTS, 'impact-measured-baselines.png'),
    fullPage: true,
  });
  const { ours, others } = splitViolations(await runAxe(page, OURS.impact));
  if (others.length)
    console.log(`# axe, outside our components:\n# ${others.join('\n# ')}`);
  assert.deepEqual(ours, [], 'no WCAG 2.1 AA violation in our components');
});
