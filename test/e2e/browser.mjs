// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APP_URL =
  process.env.GOLDEN_PATH_APP_URL ?? 'http://localhost:3000';
export const BACKEND_URL =
  process.env.GOLDEN_PATH_BACKEND_URL ?? 'http://localhost:7007';
export const ARTIFACTS = join(process.cwd(), 'test-results');

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'gp-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the app and signs in as guest (the local sign-in page). */
export async function signInAsGuest(context) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .waitFor({ state: 'attached', timeout: 30_000 });
  return page;
}

/** A signed-in page for a test file, and a close function for its `after` hook. */
export async function openSignedIn() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await launch();
  const page = await signInAsGuest(context);
  return { page, close: () => context.close() };
}
