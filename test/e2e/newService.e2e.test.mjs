// "New service with database" from the Create page of the running app (plan mode): the pickers
// offer exactly what GET /api/golden-path/policy says for the chosen environment, the cost step
// shows the estimate the backend computed and the team's budget, and the run completes as a plan.
// axe checks each step: no WCAG 2.1 AA violation inside our form fields.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectAccessible, OURS } from './axe.mjs';
import { APP_URL, ARTIFACTS, openSignedIn } from './browser.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await openSignedIn());
});

after(async () => {
  await close?.();
});

/** The JSON of the next response whose URL matches, as the form received it. */
const nextResponse = match =>
  page
    .waitForResponse(r => match.test(r.url()) && r.ok(), { timeout: 30_000 })
    .then(r => r.json());
const optionValues = testId =>
  page
    .getByTestId(testId)
    .locator('option')
    .evaluateAll(options => options.map(o => o.value));

test('"New service with database": policy-driven choices, cost and budget before submit, and a planned run', async () => {
  const allPolicy = nextResponse(/\/api\/golden-path\/policy$/);
  await page.goto(`${APP_URL}/create/templates/default/new-service`);
  const policy = await allPolicy;

  // Step 1: the environments and visibilities are the policy's.
  const environment = page.getByTestId('gp-environment-picker');
  await environment.waitFor({ timeout: 30_000 });
  assert.deepEqual(
    await optionValues('gp-environment-picker'),
    Object.keys(policy.environments),
  );
  await page.locator('#root_name').fill('e2e-orders');
  await page.locator('#root_description').fill('Planned from the browser');
  await page.locator('#OwnershipEntityRefPicker-dropdown').click();
  await page.getByRole('option', { name: 'Payments' }).click();
  const prodPolicy = nextResponse(
    /\/api\/golden-path\/policy\?environment=prod$/,
  );
  await environment.selectOption('prod');
  const prod = (await prodPolicy).environments.prod;
  assert.deepEqual(
    await optionValues('gp-policy-github.visibility'),
    prod.github.allowedVisibilities,
  );
  await page.locator('#root_costCenter').fill('cc-e2e');
  await expectAccessible(page, 'new-service step 1', OURS.fields);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: sizes from the prod policy, each with its price; storage bounded by it.
  const classes = page.getByTestId('gp-policy-rds.instanceClass');
  await classes.waitFor({ timeout: 30_000 });
  // Where prod lets approvers except the class rule, one more option asks for another class.
  const exceptable = rule => prod.exceptions.rules.includes(rule);
  assert.deepEqual(await optionValues('gp-policy-rds.instanceClass'), [
    ...prod.rds.instanceClasses,
    ...(exceptable('GP-RDS-INSTANCE-CLASS') ? ['__golden-path-other__'] : []),
  ]);
  assert.match(
    await classes.locator('option').first().innerText(),
    /^db\.\S+ \(about USD [\d,.]+\/month\)$/,
  );
  assert.equal(await classes.inputValue(), prod.rds.defaultInstanceClass);
  const storage = page.getByTestId('gp-policy-rds.storageGb');
  const range = `${prod.rds.minStorageGb} to ${prod.rds.maxStorageGb} in prod`;
  if (exceptable('GP-RDS-STORAGE')) {
    // The range is the policy's; beyond it needs an approved exception, so the input does not cap it.
    await page
      .getByText(`${range}; other values need an exception approved by`, {
        exact: false,
      })
      .waitFor();
    assert.equal(await storage.getAttribute('max'), null);
  } else {
    assert.equal(
      await storage.getAttribute('min'),
      String(prod.rds.minStorageGb),
    );
    assert.equal(
      await storage.getAttribute('max'),
      String(prod.rds.maxStorageGb),
    );
  }
  await page.screenshot({
    path: join(ARTIFACTS, 'new-service-sizes.png'),
    fullPage: true,
  });
  await expectAccessible(page, 'new-service step 2 (sizes)', OURS.fields);

  // Step 3: the backend's estimate for everything the path creates, and the budget left.
  const evaluated = nextResponse(/\/api\/golden-path\/policy\/evaluate$/);
  await page.getByRole('button', { name: 'Next' }).click();
  const verdict = await evaluated;
  assert.equal(verdict.allowed, true);
  const total = page.getByTestId('gp-cost-total');
  await total.waitFor({ timeout: 30_000 });
  const shown = `USD ${verdict.totalMonthlyCost.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} per month`;
  await page.getByText(shown).waitFor({ timeout: 10_000 });
  assert.deepEqual(
    verdict.evaluated.map(e => e.request.kind),
    ['rds-instance', 's3-bucket'],
  );
  assert.match(
    await page.getByTestId('gp-budget-left').innerText(),
    /^Budget left for payments this month: USD [\d,.]+ of USD [\d,.]+; after this run: USD [\d,.]+$/,
  );
  await page.screenshot({
    path: join(ARTIFACTS, 'new-service-cost.png'),
    fullPage: true,
  });
  await expectAccessible(page, 'new-service step 3 (cost)', OURS.fields);

  // Submit: the run completes in plan mode and its log shows the guarded plan.
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
  await page
    .getByText('Planned only: nothing was created', { exact: false })
    .waitFor({ timeout: 90_000 });
  const search = page.getByPlaceholder('Search');
  for (const line of [
    'Guardrails passed for 5 request(s)',
    'Mode: plan',
    'POST /orgs/acme/repos {"name":"e2e-orders"',
    'CreateDBInstance {"DBInstanceIdentifier":"e2e-orders-db"',
  ]) {
    await search.fill(line);
    await page
      .getByText(line, { exact: false })
      .first()
      .waitFor({ timeout: 10_000 });
  }
  await search.fill('');
  await page.screenshot({
    path: join(ARTIFACTS, 'new-service-plan.png'),
    fullPage: true,
  });
});
