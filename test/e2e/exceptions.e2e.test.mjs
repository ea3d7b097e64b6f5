// Exceptions in Chromium with two signed-in users on two backend replicas sharing one PostgreSQL:
// paula (payments) asks for a production database of a size prod does not list; pat (platform) is
// notified and approves; paula runs the template again and the run is allowed exactly once, in plan
// mode, with the exception named in its log. Each browser context signs in with the guest provider
// of its own replica (paula's or pat's), as users behind a load balancer with sticky sessions; the
// app's requests to the backend go to that replica. axe checks every page and form step on the way
// (the database form, its cost step with the offer, the exception form, list and detail, the
// decision form): no WCAG 2.1 AA violation inside our components.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory from 'knex';
import { expectAccessible, OURS } from './axe.mjs';
import { APP_URL, ARTIFACTS } from './browser.mjs';
import { contextOn, startBackend } from './replica.mjs';

// `npm test` starts PostgreSQL and sets this (scripts/postgres.mjs starts one by hand).
const pg = process.env.GOLDEN_PATH_TEST_PG_URL;
if (!pg)
  throw new Error(
    'GOLDEN_PATH_TEST_PG_URL is not set: run the browser tests with `npm test`, which starts PostgreSQL',
  );
const prefix = `gp_e2e_exc_${Date.now().toString(36)}_`;
const REPLICAS = [
  { port: 7017, user: 'paula.payments' },
  { port: 7018, user: 'pat.platform' },
];
const DB = {
  name: 'e2e-migration-db',
  size: 'db.m6g.large',
  costCenter: 'cc-e2e',
};
const backends = [];
const contexts = [];

/** One replica: the local backend with PostgreSQL (shared prefix) and its own guest user. */
async function startReplica({ port, user }) {
  backends.push(
    await startBackend(port, {
      backend: { database: { client: 'pg', connection: pg, prefix } },
      auth: {
        providers: { guest: { userEntityRef: `user:default/${user}` } },
      },
    }),
  );
}

/** A browser page whose requests to the backend go to one replica, signed in as its guest. */
async function signedInOn(port) {
  const { context, page } = await contextOn(port);
  contexts.push(context);
  return page;
}

/** A replica's guest token, for reading what the browser cannot show (the task's log). */
async function tokenOf(port) {
  const res = await fetch(`http://localhost:${port}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

let paula;
let pat;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // One after the other: the first creates and migrates the shared databases.
  await startReplica(REPLICAS[0]);
  await startReplica(REPLICAS[1]);
  paula = await signedInOn(REPLICAS[0].port);
  pat = await signedInOn(REPLICAS[1].port);
});

after(async () => {
  await Promise.allSettled(contexts.map(c => c.close()));
  for (const backend of backends) backend.stop();
  await new Promise(r => setTimeout(r, 3000));
  const admin = knexFactory({
    client: 'pg',
    connection: pg,
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await admin.raw(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.destroy();
  }
});

/** Fills the database template as paula, up to its cost step (checking the first step with axe once). */
async function fillDatabaseForm(page, { axe = false } = {}) {
  await page.goto(`${APP_URL}/create/templates/default/postgres-database`);
  const environment = page.getByTestId('gp-environment-picker');
  await environment.waitFor({ timeout: 60_000 });
  await page.locator('#root_name').fill(DB.name);
  // paula belongs to one team only: the picker chooses it for her and is disabled.
  const owner = page.locator('#OwnershipEntityRefPicker-dropdown');
  await owner.waitFor();
  // The picker is disabled while it loads her groups too: wait until it has chosen or opened up.
  await page.waitForFunction(
    () => {
      const input = document.querySelector(
        '#OwnershipEntityRefPicker-dropdown',
      );
      return input && (!input.disabled || input.value !== '');
    },
    undefined,
    { timeout: 30_000 },
  );
  if (await owner.isDisabled())
    assert.equal(await owner.inputValue(), 'Payments');
  else {
    await owner.click();
    await page.getByRole('option', { name: 'Payments' }).click();
  }
  await environment.selectOption('prod');
  const size = page.getByTestId('gp-policy-rds.instanceClass');
  await size
    .locator('option', {
      hasText: 'Another value (needs an approved exception)',
    })
    .waitFor({ state: 'attached', timeout: 30_000 });
  await size.selectOption({
    label: 'Another value (needs an approved exception)',
  });
  await page.getByTestId('gp-policy-rds.instanceClass-other').fill(DB.size);
  await page.locator('#root_costCenter').fill(DB.costCenter);
  if (axe)
    await expectAccessible(
      page,
      'postgres-database step 1 (prod, another size)',
      OURS.fields,
    );
  await page.getByRole('button', { name: 'Next' }).click();
}

test('a refused production database → exception asked → approver notified and approves → the re-run is allowed exactly once', async () => {
  // 1. paula: the cost step refuses the size and offers an exception, with the request filled in.
  await fillDatabaseForm(paula, { axe: true });
  const offer = paula.getByTestId('gp-cost-exception-offer');
  await offer.waitFor({ timeout: 60_000 });
  await expectAccessible(
    paula,
    'postgres-database cost step (refused, exception offered)',
    OURS.fields,
  );
  assert.match(
    await offer.textContent(),
    /GP-RDS-INSTANCE-CLASS may be excepted in prod: members of platform can approve/,
  );
  const href = await offer
    .getByRole('link', { name: /Ask for an exception/ })
    .getAttribute('href');
  await paula.goto(new URL(href, APP_URL).toString());
  const request = JSON.parse(
    await paula.getByLabel('Request (JSON)').inputValue(),
  );
  assert.equal(request.instanceClass, DB.size);
  assert.equal(request.owner, 'group:default/payments');
  await paula
    .getByLabel('Justification (at least 20 characters)')
    .fill('Migration week: the import needs the memory of an m6g.large.');
  await paula.getByLabel('Days once approved').fill('3');
  await expectAccessible(paula, 'new exception form (filled)', OURS.exceptions);
  await paula.getByRole('button', { name: 'Ask for the exception' }).click();
  await paula.waitForURL(/\/golden-path\/exceptions\/[0-9a-f-]{36}$/, {
    timeout: 30_000,
  });
  const id = paula.url().split('/').pop();
  await paula
    .getByTestId('gp-exception-status')
    .filter({ hasText: 'Pending' })
    .waitFor();
  // The requester is offered no decision of her own.
  assert.equal(await paula.getByRole('button', { name: 'Approve' }).count(), 0);
  await expectAccessible(
    paula,
    'exception detail (pending, requester)',
    OURS.exceptions,
  );

  // 2. pat: notified, then approves from the exceptions page.
  await pat.goto(`${APP_URL}/notifications`);
  await pat
    .getByText(`Exception requested: rds-instance "${DB.name}" in prod`, {
      exact: false,
    })
    .first()
    .waitFor({ timeout: 60_000 });
  await pat.goto(`${APP_URL}/golden-path/exceptions`);
  await pat.getByTestId(`gp-exception-${id}`).waitFor({ timeout: 30_000 });
  await expectAccessible(pat, 'exceptions list (pending)', OURS.exceptions);
  await pat.getByTestId(`gp-exception-${id}`).click();
  await pat
    .getByLabel('Comment for the requester')
    .fill('For the migration week only.');
  await expectAccessible(
    pat,
    'exception detail (approver, decision form)',
    OURS.exceptions,
  );
  await pat.getByRole('button', { name: 'Approve' }).click();
  await pat
    .getByTestId('gp-exception-status')
    .filter({ hasText: 'Approved' })
    .waitFor();
  await pat.screenshot({
    path: join(ARTIFACTS, 'exception-approved.png'),
    fullPage: true,
  });
  await expectAccessible(pat, 'exception detail (approved)', OURS.exceptions);

  // 3. paula runs again with the same values: the cost step says the exception applies; the run
  //    completes (plan mode) and its log names the exception.
  await fillDatabaseForm(paula);
  await paula
    .getByTestId('gp-cost-exception-used')
    .waitFor({ timeout: 60_000 });
  await expectAccessible(
    paula,
    'postgres-database cost step (exception used)',
    OURS.fields,
  );
  await paula.getByRole('button', { name: 'Review' }).click();
  await paula.getByRole('button', { name: 'Create' }).click();
  await paula.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
  const taskId = paula.url().split('/').pop();
  const token = await tokenOf(REPLICAS[0].port);
  const api = async path =>
    (
      await fetch(
        `http://localhost:${REPLICAS[0].port}/api/scaffolder/v2/tasks/${taskId}${path}`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).json();
  let task;
  for (let i = 0; i < 120; i++) {
    task = await api('');
    if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  const events = await api('/events');
  const log = events
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');
  assert.equal(task.status, 'completed', log);
  await paula
    .getByText('Planned only: nothing was', { exact: false })
    .waitFor({ timeout: 60_000 });
  await paula.screenshot({
    path: join(ARTIFACTS, 'exception-used.png'),
    fullPage: true,
  });
  assert.match(
    log,
    new RegExp(
      `Exception ${id} sets aside GP-RDS-INSTANCE-CLASS for rds-instance "${DB.name}"`,
    ),
  );

  // 4. Exactly once: the next attempt is refused again and offered a new exception.
  await fillDatabaseForm(paula);
  await paula
    .getByTestId('gp-cost-exception-offer')
    .waitFor({ timeout: 60_000 });
  assert.equal(await paula.getByTestId('gp-cost-exception-used').count(), 0);
  await pat.goto(`${APP_URL}/golden-path/exceptions?status=used`);
  await pat.getByTestId(`gp-exception-${id}`).waitFor({ timeout: 30_000 });
  await expectAccessible(pat, 'exceptions list (used)', OURS.exceptions);
});
