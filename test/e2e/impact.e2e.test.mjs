// The Impact page against the running app with real runs: the test starts a few Golden Path runs
// through the scaffolder API (plan mode: planned; one refused by a guardrail: denied), waits until
// the collector has recorded them, then checks the page shows what GET /metrics/summary and
// GET /tickets/* say (money in two parts, the baselines used, the ticket sections or their empty
// state), that the period control changes the figures, that the tables fit 1280 px or scroll with
// a visible hint, that the CSV export downloads, and that axe finds no WCAG 2.1 AA violation in
// our components in any of the page's states.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, OURS } from './axe.mjs';
import { APP_URL, ARTIFACTS, BACKEND_URL, openSignedIn } from './browser.mjs';
import {
  leakage,
  retireCandidates,
  serveTickets,
  ticketTypes,
} from './ticketFixtures.mjs';

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

/** A GET that may answer 404 (tickets not configured): its status and JSON body. */
async function tryApi(path) {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: res.ok ? await res.json() : undefined };
}

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
const money = (n, currency) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(n);
const rate = (n, currency) => {
  const digits = Number.isInteger(n) ? 0 : 2;
  return `${new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n)}/h`;
};
const hours = n =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(n);
/** How the page names a baseline (docs/dashboard.md). */
const baselineLabel = b =>
  ({
    measured: `measured from ${count(b.tickets)} ticket${
      b.tickets === 1 ? '' : 's'
    }`,
    annotations: 'template annotations',
    'time-saved': 'backstage.io/time-saved',
    defaults: 'goldenPath.metrics defaults',
  }[b.source]);

/** Waits until every part of the page with runs has answered. */
async function loaded() {
  await page.getByTestId('gp-tile-tickets').waitFor({ timeout: 30_000 });
  await page.getByTestId('gp-table-owner').waitFor({ timeout: 30_000 });
  await page
    .locator('[data-testid="gp-tickets"], [data-testid="gp-tickets-empty"]')
    .first()
    .waitFor({ timeout: 30_000 });
  await page
    .locator('[data-testid="gp-chart-hours"] svg')
    .first()
    .waitFor({ timeout: 30_000 });
  // Sections that load on their own (leakage, ranking, exceptions) show a progress bar until then.
  await page
    .locator('[data-testid="gp-impact"] [role="progressbar"]')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
}

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

test('money in two parts, each with its formula, and the ticket baselines it used, as GET /metrics/summary says', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  const s = await summary(from, tomorrow);
  await loaded();
  assert.equal(await tile('money'), money(s.moneySaved, s.currency));
  assert.equal(
    await page.getByTestId('gp-money-wait').innerText(),
    money(s.developerWaitMoney, s.currency),
  );
  assert.equal(
    await page.getByTestId('gp-money-wait-formula').innerText(),
    `${hours(s.developerWaitHoursSaved)} working h × ${rate(
      s.rates.developerHourly,
      s.currency,
    )}`,
  );
  assert.equal(
    await page.getByTestId('gp-money-ops').innerText(),
    money(s.opsEffortMoney, s.currency),
  );
  assert.equal(
    await page.getByTestId('gp-money-ops-formula').innerText(),
    `${hours(s.opsHoursSaved)} h × ${rate(s.rates.opsHourly, s.currency)}`,
  );
  assert.ok(
    s.baselines.length >= 1,
    `the runs of the period used a baseline: ${JSON.stringify(s.baselines)}`,
  );
  const tileBaseline = await page
    .getByTestId('gp-tile-money-baseline')
    .innerText();
  for (const b of s.baselines) {
    assert.equal(
      await page.getByTestId(`gp-baseline-${b.ticketType}`).innerText(),
      baselineLabel(b),
    );
    assert.ok(tileBaseline.includes(baselineLabel(b)), tileBaseline);
  }
  // The template rows name the baseline of the ticket type they replace.
  const row = page
    .getByTestId('gp-table-template')
    .getByRole('row')
    .filter({ hasText: 's3-bucket' })
    .first();
  const rowText = await row.innerText();
  const used = s.baselines.find(b => rowText.includes(b.ticketType));
  assert.ok(used, `the s3-bucket row names its ticket type: ${rowText}`);
  assert.ok(rowText.includes(baselineLabel(used)), rowText);
});

test('the ticket sections show what GET /tickets/* say, or one short empty state when tickets are not configured', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  await loaded();
  const types = await tryApi('/api/golden-path/tickets/types');
  if (types.status === 404 || !types.body.items.length) {
    await page.getByTestId('gp-tickets-empty').waitFor();
    return;
  }
  assert.equal(types.status, 200);
  for (const item of types.body.items)
    assert.equal(
      await page.getByTestId(`gp-before-after-${item.name}`).count(),
      item.hasPath ? 1 : 0,
      item.name,
    );
  const leaked = await tryApi(
    `/api/golden-path/tickets/leakage?from=${from}&to=${tomorrow}`,
  );
  if (leaked.status === 200) {
    const text = await page.getByTestId('gp-leakage').innerText();
    if (leaked.body.items.length)
      assert.equal(
        (await page
          .getByTestId('gp-leakage-tickets')
          .getByRole('row')
          .count()) - 1,
        Math.min(20, leaked.body.items.length),
      );
    else assert.match(text, /No tickets were opened in this period/);
  }
  const next = await tryApi('/api/golden-path/tickets/next');
  if (next.status === 200 && next.body.items.length)
    assert.equal(
      (await page.getByTestId('gp-next-table').getByRole('row').count()) - 1,
      next.body.items.length,
    );
});

test('filled ticket sections: before/after per type, leakage by team, and the ranking with its factors', async () => {
  const stop = await serveTickets(page, {
    '/tickets/types': ticketTypes,
    '/tickets/leakage': leakage,
    '/tickets/next': retireCandidates,
  });
  try {
    await page.goto(
      `${APP_URL}/golden-path?from=${iso(Date.now() - 29 * DAY)}&to=${today}`,
    );
    await loaded();
    const card = page.getByTestId('gp-before-after-create-s3-bucket');
    assert.match(
      await card.getByTestId('gp-ba-start').innerText(),
      /10 h \/ 30 h \(42 tickets\)/,
    );
    assert.equal(
      await page.getByTestId('gp-before-after-rotate-certificate').count(),
      0,
    );
    assert.match(
      await page.getByTestId('gp-leakage-teams').innerText(),
      /checkout\s+1\s+create-s3-bucket 1/,
    );
    assert.match(
      await page.getByTestId('gp-next-table').innerText(),
      /1\s+Rotate a TLS certificate \(rotate-certificate\)\s+12\s+45 min \(default\)\s+16 h\s+144/,
    );
    await page.screenshot({
      path: join(ARTIFACTS, 'golden-path-impact-tickets.png'),
      fullPage: true,
    });
    await expectAccessible(page, 'Impact page, tickets filled', OURS.impact);
  } finally {
    await stop();
  }
});

test('without tickets configured (404) the page keeps its figures and links to the ticket docs', async () => {
  const stop = await serveTickets(page, {
    '/tickets/types': 404,
    '/tickets/leakage': 404,
    '/tickets/next': 404,
  });
  try {
    const from = iso(Date.now() - 29 * DAY);
    await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
    await loaded();
    const empty = page.getByTestId('gp-tickets-empty');
    assert.equal(await empty.count(), 1);
    assert.match(
      await page.getByTestId('gp-tickets-docs').textContent(),
      /goldenPath\.tickets in app-config/,
    );
    assert.equal(await page.getByTestId('gp-error').count(), 0);
    await expectTilesMatch(await summary(from, tomorrow));
    await expectAccessible(page, 'Impact page, tickets 404', OURS.impact);
  } finally {
    await stop();
  }
});

test('at 1280 px every table fits or scrolls sideways with a visible hint, from the keyboard too', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  try {
    await page.goto(
      `${APP_URL}/golden-path?from=${iso(Date.now() - 29 * DAY)}&to=${today}`,
    );
    await loaded();
    // The page itself never scrolls sideways.
    assert.ok(
      await page.evaluate(
        () => document.documentElement.scrollWidth <= window.innerWidth,
      ),
    );
    for (const id of ['gp-table-template', 'gp-table-owner']) {
      const table = page.getByTestId(id);
      const scroller = table.locator('table').locator('xpath=..');
      const fits = await scroller.evaluate(
        el => el.scrollWidth <= el.clientWidth,
      );
      if (fits) {
        assert.equal(await table.getByTestId('gp-scroll-hint').count(), 0);
        continue;
      }
      assert.ok(await table.getByTestId('gp-scroll-hint').isVisible(), id);
      assert.equal(await scroller.getAttribute('tabindex'), '0');
      assert.equal(await scroller.getAttribute('role'), 'region');
      // The keyboard reaches the last column.
      await scroller.focus();
      await page.keyboard.press('End');
      for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
      // Keyboard scrolling is smooth: wait until it has reached the end.
      await scroller.evaluate(
        el =>
          new Promise(resolve => {
            const done = () =>
              el.scrollLeft + el.clientWidth >= el.scrollWidth - 1
                ? resolve()
                : setTimeout(done, 50);
            done();
            setTimeout(resolve, 5000);
          }),
      );
      console.log(
        `${id}: scrolled to ${await scroller.evaluate(el => el.scrollLeft)}`,
      );
      const last = table.getByRole('columnheader').last();
      const [box, view] = await Promise.all([
        last.boundingBox(),
        scroller.boundingBox(),
      ]);
      assert.ok(
        box.x + box.width <= view.x + view.width + 1,
        `${id}: the last column is in view after scrolling (${JSON.stringify({
          box,
          view,
        })})`,
      );
    }
    await page.screenshot({
      path: join(ARTIFACTS, 'golden-path-impact-1280.png'),
      fullPage: true,
    });
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
});

test('axe: no WCAG 2.1 AA violation in our components, in every state of the page', async () => {
  const from = iso(Date.now() - 29 * DAY);
  await page.goto(`${APP_URL}/golden-path?from=${from}&to=${today}`);
  await loaded();
  await expectAccessible(page, 'Impact page', OURS.impact);

  await page
    .getByTestId('gp-table-template')
    .getByText('s3-bucket', { exact: true })
    .first()
    .click();
  await page.waitForURL(/template=/);
  await loaded();
  await expectAccessible(page, 'Impact page, one template', OURS.impact);

  // A range that ends before it starts: the error under the date.
  await page.getByTestId('gp-to').fill('2020-01-01');
  await page.getByText('From must not be after To').waitFor();
  await expectAccessible(page, 'Impact page, invalid range', OURS.impact);

  // No runs: the empty state with its example.
  await page.goto(`${APP_URL}/golden-path?from=2020-01-01&to=2020-01-31`);
  await page.getByTestId('gp-empty').waitFor({ timeout: 30_000 });
  await expectAccessible(page, 'Impact page, no runs', OURS.impact);
});
