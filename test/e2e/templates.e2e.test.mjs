// Runs the GitHub Golden Paths from the Create page of the running app. The local app is in plan
// mode, so each run must complete and its log must show the requests it would send.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { APP_URL, ARTIFACTS, openSignedIn } from './browser.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await openSignedIn());
});

after(async () => {
  await close?.();
});

async function pickOwner(name) {
  await page.locator('#OwnershipEntityRefPicker-dropdown').click();
  await page.getByRole('option', { name }).click();
}

/** Creates the task, waits for it to finish, and searches its log for each expected line. */
async function createAndExpectLog(screenshot, expectedLines) {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
  await page
    .getByText('Planned only: nothing was', { exact: false })
    .waitFor({ timeout: 60_000 });
  const search = page.getByPlaceholder('Search');
  for (const line of expectedLines) {
    await search.fill(line);
    await page
      .getByText(line, { exact: false })
      .first()
      .waitFor({ timeout: 10_000 });
  }
  await search.fill('');
  await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
}

test('"Create a new repository" completes in plan mode and logs the planned requests', async () => {
  await page.goto(`${APP_URL}/create/templates/default/github-repo`);
  await page.locator('#root_name').fill('e2e-plan-svc');
  await page.locator('#root_description').fill('Planned from the browser');
  await pickOwner('Payments');
  await createAndExpectLog('github-repo-plan.png', [
    'Mode: plan',
    'POST /orgs/acme/repos {"name":"e2e-plan-svc"',
    'POST /repos/acme/e2e-plan-svc/rulesets',
  ]);
});

test('"Add a secret to CI/CD" completes in plan mode without the value in the log', async () => {
  const value = 'e2e-secret-value-9b1f';
  await page.goto(`${APP_URL}/create/templates/default/ci-secret`);
  await page.locator('#root_repo').fill('payments-api');
  await pickOwner('Payments');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#root_secretName').fill('DATABASE_PASSWORD');
  await page.locator('input[type="password"]').fill(value);
  await page.waitForTimeout(500); // the Secret field stores its value after a short debounce
  await createAndExpectLog('ci-secret-plan.png', [
    'Mode: plan',
    'PUT /repos/acme/payments-api/actions/secrets/DATABASE_PASSWORD',
  ]);
  await page.getByPlaceholder('Search').fill(value);
  await page.waitForTimeout(500);
  assert.equal(await page.getByText(value).count(), 0);
});
