// Browser test against the running app: guest sign-in, the Create page lists the templates, and
// /golden-path renders. Run through test/e2e/run.mjs, which starts the app when it is not running.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import { join } from 'node:path';
import { ARTIFACTS, openSignedIn } from './browser.mjs';

// The templates the catalog module ships (and provides to the app's catalog).
const templatesDir = new URL(
  '../../plugins/catalog-backend-module-golden-path/templates/',
  import.meta.url,
).pathname;
const templateTitles = readdirSync(templatesDir).map(
  dir =>
    YAML.parse(readFileSync(join(templatesDir, dir, 'template.yaml'), 'utf8'))
      .metadata.title,
);

let page;
let close;

before(async () => {
  ({ page, close } = await openSignedIn());
});

after(async () => {
  await close?.();
});

test('the Create page lists every Golden Path template', async () => {
  await page
    .getByRole('link', { name: /create/i })
    .first()
    .click();
  await page.waitForURL(/\/create/);
  for (const title of templateTitles) {
    await page
      .getByText(title, { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
  }
  await page.screenshot({
    path: join(ARTIFACTS, 'create-page.png'),
    fullPage: true,
  });
  assert.equal(
    await page.getByRole('button', { name: /choose/i }).count(),
    templateTitles.length,
  );
});

test('/golden-path renders the Impact page from the sidebar', async () => {
  await page.getByRole('link', { name: 'Golden Path Impact' }).first().click();
  await page.waitForURL(/\/golden-path/);
  await page.getByTestId('gp-period').waitFor({ timeout: 30_000 });
  await page
    .getByText(
      'Tickets, hours and money the Golden Paths removed from the queue',
    )
    .waitFor();
  await page.screenshot({
    path: join(ARTIFACTS, 'golden-path-page.png'),
    fullPage: true,
  });
});
