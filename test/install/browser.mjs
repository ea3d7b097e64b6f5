// The stock app in Debian's Chromium, served by its own backend (app-backend serves the built app).
import { join } from 'node:path';
import { launch } from '../e2e/browser.mjs';

export async function checkInBrowser(baseUrl, results) {
  const context = await launch();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseUrl);
    // The stock sign-in page offers guest access; some releases sign guests in directly.
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 60_000 }).then(
      () => enter.click(),
      () => undefined,
    );
    // Signed in once the app shell is there; navigating earlier drops the fresh session.
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .waitFor({ state: 'attached', timeout: 60_000 });

    await page.goto(`${baseUrl}/golden-path`);
    await page.getByTestId('gp-tile-tickets').waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: join(results, 'install-stock-app-impact.png'),
      fullPage: true,
    });

    const policy = page.waitForResponse(
      r => /\/api\/golden-path\/policy$/.test(r.url()) && r.ok(),
      { timeout: 60_000 },
    );
    await page.goto(`${baseUrl}/create/templates/default/new-service`);
    const environments = Object.keys(
      (await (await policy).json()).environments,
    );
    const picker = page.getByTestId('gp-environment-picker');
    await picker.waitFor({ timeout: 60_000 });
    const offered = await picker
      .locator('option')
      .evaluateAll(options => options.map(o => o.value));
    await page.screenshot({
      path: join(results, 'install-stock-app-new-service.png'),
      fullPage: true,
    });
    if (offered.join() !== environments.join())
      throw new Error(
        `environment picker offers ${offered.join(
          ', ',
        )}; policy has ${environments.join(', ')}`,
      );
    return `environments offered: ${offered.join(', ')}`;
  } catch (error) {
    const page = context.pages()[0];
    await page
      ?.screenshot({
        path: join(results, 'install-stock-app-failure.png'),
        fullPage: true,
      })
      .catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}
