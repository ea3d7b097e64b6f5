// The Impact page against the running app with real runs: the test starts a few Golden Path runs
// through the scaffolder API (plan mode: planned; one refused by a guardrail: denied), waits until
// the collector has recorded them, then checks the page shows what GET /metrics/summary says, that
// the period control changes the figures, and that the CSV export downloads.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_URL, ARTIFACTS, BACKEND_URL, openSignedIn } from './browser.mjs';

let page;
let close;
let token;

const DAY = 86400_000;
const iso = t => new Date(t).toISOString().slice(0, 10);
const today = iso(Date.now());
const tomorrow = iso(Date.now() + DAY);

async function api(path, init = {}) {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  if (!res.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`,
    );
  return res.headers.get('content-type')?.includes('json')
    ? res.json()
    : res.text();
}

async function runTemplate(name, values) {
  const { id } = await api('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: `template:default/${name}`, values }),
  });
  for (let i = 0; i < 120; i++) {
    const task = await api(`/api/scaffolder/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) return task;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`task ${id} did not finish`);
}

const summary = (from, to) =>
  api(`/api/golden-path/metrics/summary?from=${from}&to=${to}`);

before(async () => {
  const guest = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  token = (await guest.json()).backstageIdentity.token;
  const initial = await summary(today, tomorrow);
  const suffix = Date.now().toString(36);
  const planned = await runTemplate('s3-bucket', {
    name: `e2e-impact-${suffix}`,
    owner: 'group:default/payments',
    environment: 'dev',
    expectedStorageGb: 5,
  });
  assert.equal(planned.status, 'completed');
  const denied = await runTemplate('s3-bucket', {
    name: `e2e-denied-${suffix}`,
    owner: 'group:default/checkout',
    environment: 'dev',
    expectedStorageGb: 5,
  });
  assert.equal(denied.status, 'failed');
  // The collector records runs from scaffolder events; wait for both.
  for (let i = 0; i < 60; i++) {
    const now = await summary(today, tomorrow);
    if (now.planned >= initial.planned + 1 && now.denied >= initial.denied + 1)
      break;
    await new Promise(r => setTimeout(r, 1000));
  }
  ({ page, close } = await openSignedIn());
});

after(async () => {
  await close?.();
});

const count = n => new Intl.NumberFormat('en-US').format(n);
const percent = r =>
  `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(
    r * 100,
  )}%`;
const tile = id => page.getByTestId(`gp-tile-${id}-value`).innerText();

async function expectTilesMatch(s) {
  await page.getByTestId('gp-tile-tickets').waitFor({ timeout: 30_000 });
  assert.equal(await tile('tickets'), count(s.ticketsAvoided));
  assert.match(
    await page.getByTestId('gp-tile-tickets').innerText(),
    new RegExp(`${count(s.runs)} runs, ${count(s.planned)} planned`),
  );
  assert.equal(await tile('denied'), count(s.denied));
  assert.equal(await tile('failure'), percent(s.failureRate));
  assert.equal(await tile('share'), percent(s.ticketOpsShare.after));
}

test('the Impact page shows the figures of GET /metrics/summary, with charts and tables', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  const s = await summary(from, tomorrow);
  assert.ok(
    s.planned >= 1 && s.denied >= 1,
    `runs recorded: ${JSON.stringify(s)}`,
  );
  await expectTilesMatch(s);
  for (const chart of ['runs', 'hours', 'share'])
    await page
      .locator(`[data-testid="gp-chart-${chart}"] svg`)
      .first()
      .waitFor();
  await page
    .getByTestId('gp-table-template')
    .getByText('s3-bucket')
    .first()
    .waitFor();
  await page.screenshot({
    path: join(ARTIFACTS, 'golden-path-impact.png'),
    fullPage: true,
  });
});

test('the period control changes the figures', async () => {
  await page.goto(
    `${APP_URL}/golden-path?from=${iso(Date.now() - 29 * DAY)}&to=${today}`,
  );
  await page.getByTestId('gp-tile-tickets').waitFor({ timeout: 30_000 });
  // A period before any run: the empty state, as the API says.
  await page.getByTestId('gp-from').fill('2020-01-01');
  await page.getByTestId('gp-to').fill('2020-01-31');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/from=2020-01-01&to=2020-01-31/);
  assert.equal((await summary('2020-01-01', '2020-02-01')).runs, 0);
  await page.getByTestId('gp-empty').waitFor({ timeout: 30_000 });
  // Back to a preset: figures again, equal to the API's for that period.
  await page.getByRole('button', { name: 'Last 12 months' }).click();
  await expectTilesMatch(await summary(iso(Date.now() - 364 * DAY), tomorrow));
});

test('clicking a template row narrows the figures to that template, as the API does', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  await page
    .getByTestId('gp-table-template')
    .getByText('s3-bucket', { exact: true })
    .first()
    .click();
  await page.waitForURL(/template=template%3Adefault%2Fs3-bucket/);
  await page.getByTestId('gp-scope').getByText('Template: s3-bucket').waitFor();
  await expectTilesMatch(
    await api(
      `/api/golden-path/metrics/summary?from=${from}&to=${tomorrow}&template=template:default/s3-bucket`,
    ),
  );
  await page.getByTestId('gp-scope-clear-template').click();
  await page.waitForURL(url => !url.search.includes('template='));
  await expectTilesMatch(await summary(from, tomorrow));
});

test('CSV export downloads every run of the period', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  await page.getByTestId('gp-tile-tickets').waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('gp-export').click(),
  ]);
  assert.equal(
    download.suggestedFilename(),
    `golden-path-runs-${from}-to-${today}.csv`,
  );
  const file = join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.match(lines[0], /^task_id,template,ticket_type,owner,/);
  assert.equal(lines.length - 1, (await summary(from, tomorrow)).runs);
});
