// Another backend next to the one on 7007, for tests that need their own data or users: the
// local backend with extra config on its own port, and browser contexts whose requests to
// the backend go to it (the app keeps calling 7007; the context rewrites the port).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_URL, launch, signInAsGuest } from './browser.mjs';

const root = new URL('../..', import.meta.url).pathname;

async function up(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Waits until `url` answers 200. */
export async function waitUp(url, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (await up(url)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${seconds}s`);
}

/**
 * Starts the local backend on `port` with `config` over app-config.yaml; resolves once its
 * golden-path plugin answers. `stop()` ends its whole process group.
 */
export async function startBackend(port, config) {
  const dir = mkdtempSync(join(tmpdir(), 'gp-e2e-backend-'));
  const file = join(dir, 'app-config.e2e.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      ...config,
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        ...config.backend,
      },
    }),
  );
  const child = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      join(root, 'app-config.yaml'),
      '--config',
      file,
    ],
    {
      cwd: join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BROWSER: 'none' },
    },
  );
  await waitUp(`http://localhost:${port}/api/golden-path/health`, 300);
  return {
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

/** A browser context signed in as the guest of the backend on `port`, which serves its API calls. */
export async function contextOn(port) {
  const context = await launch();
  const backend = new URL(BACKEND_URL);
  await context.route(
    url => url.host === backend.host,
    async route => {
      const target = new URL(route.request().url());
      target.port = String(port);
      try {
        const response = await route.fetch({ url: target.toString() });
        await route.fulfill({ response });
      } catch {
        await route.abort().catch(() => undefined);
      }
    },
  );
  const page = await signInAsGuest(context);
  return { context, page };
}
