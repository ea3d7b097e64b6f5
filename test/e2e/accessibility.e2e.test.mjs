// axe (WCAG 2.1 A and AA) on our pages and form fields against the running app, on the backend
// everyone shares (no PostgreSQL needed): the "Provision a database" form in dev and in prod with a
// size outside the policy, its cost step allowed and refused; the exceptions list, one exception and
// the form that asks for one, empty and with a refusal. Violations inside our components fail the
// test; the rest (Backstage's own parts of the page) are printed for information. The Impact page's
// states are checked in impact.e2e.test.mjs, the new-service form in newService.e2e.test.mjs, and
// the approver's decision form in exceptions.e2e.test.mjs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, OURS } from './axe.mjs';
import { APP_URL, BACKEND_URL, openSignedIn } from './browser.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await openSignedIn());
});

after(async () => {
  await close?.();
});

async function guestToken() {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

/** Opens the database template and fills its first step (name, team, environment). */
async function openDatabaseForm(environment) {
  await page.goto(`${APP_URL}/create/templates/default/postgres-database`);
  const picker = page.getByTestId('gp-environment-picker');
  await picker.waitFor({ timeout: 60_000 });
  await page
    .getByTestId('gp-policy-rds.instanceClass')
    .locator('option')
    .first()
    .waitFor({ state: 'attached', timeout: 30_000 });
  await expectAccessible(
    page,
    'postgres-database step 1 (as opened)',
    OURS.fields,
  );
  await page.locator('#root_name').fill(`a11y-${environment}-db`);
  await page.locator('#OwnershipEntityRefPicker-dropdown').click();
  await page.getByRole('option', { name: 'Payments' }).click();
  await picker.selectOption(environment);
  await page.locator('#root_costCenter').fill('cc-a11y');
}

test('"Provision a database" in dev: the pickers and an allowed cost step', async () => {
  await openDatabaseForm('dev');
  await expectAccessible(page, 'postgres-database step 1 (dev)', OURS.fields);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('gp-cost-total').waitFor({ timeout: 60_000 });
  await page.getByTestId('gp-budget-left').waitFor({ timeout: 30_000 });
  await expectAccessible(
    page,
    'postgres-database cost step (allowed)',
    OURS.fields,
  );
});

test('"Provision a database" in prod with a size outside the policy: the extra field and the refusal', async () => {
  await openDatabaseForm('prod');
  const size = page.getByTestId('gp-policy-rds.instanceClass');
  const other = size.locator('option', {
    hasText: 'Another value (needs an approved exception)',
  });
  await other.waitFor({ state: 'attached', timeout: 30_000 });
  await size.selectOption({
    label: 'Another value (needs an approved exception)',
  });
  await page
    .getByTestId('gp-policy-rds.instanceClass-other')
    .fill('db.m6g.large');
  await expectAccessible(
    page,
    'postgres-database step 1 (prod, another size)',
    OURS.fields,
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('gp-cost-refused').waitFor({ timeout: 60_000 });
  await page.getByTestId('gp-cost-exception-offer').waitFor();
  await expectAccessible(
    page,
    'postgres-database cost step (refused)',
    OURS.fields,
  );
});

test('the exceptions pages: list, one exception, and the form that asks', async () => {
  // An exception of the guest's own to list and open (guest belongs to payments).
  const res = await fetch(`${BACKEND_URL}/api/golden-path/exceptions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await guestToken()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      request: {
        kind: 'rds-instance',
        name: `a11y-${Date.now().toString(36)}`,
        owner: 'group:default/payments',
        environment: 'prod',
        instanceClass: 'db.m6g.large',
        tags: { 'cost-center': 'cc-a11y' },
      },
      justification: 'Accessibility check: an exception to show on its page.',
      durationDays: 2,
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = await res.json();

  await page.goto(`${APP_URL}/golden-path/exceptions`);
  await page.getByTestId(`gp-exception-${id}`).waitFor({ timeout: 30_000 });
  await expectAccessible(page, 'exceptions list', OURS.exceptions);

  await page.goto(`${APP_URL}/golden-path/exceptions?status=expired`);
  await page
    .locator(
      '[data-testid="gp-exceptions-empty"], [data-testid="gp-exceptions-table"]',
    )
    .first()
    .waitFor({ timeout: 30_000 });
  await expectAccessible(
    page,
    'exceptions list (expired tab)',
    OURS.exceptions,
  );

  await page.goto(`${APP_URL}/golden-path/exceptions/${id}`);
  await page.getByTestId('gp-exception-detail').waitFor({ timeout: 30_000 });
  await expectAccessible(page, 'exception detail', OURS.exceptions);

  await page.goto(`${APP_URL}/golden-path/exceptions/new`);
  await page.getByLabel('Request (JSON)').waitFor({ timeout: 30_000 });
  await expectAccessible(page, 'new exception form (empty)', OURS.exceptions);
  await page.getByLabel('Request (JSON)').fill('{ not json');
  await page
    .getByLabel('Justification (at least 20 characters)')
    .fill('Accessibility check: a request that is not JSON.');
  await page.getByRole('button', { name: 'Ask for the exception' }).click();
  await page.getByText('The exception was not asked for').waitFor();
  await expectAccessible(page, 'new exception form (refused)', OURS.exceptions);
});
