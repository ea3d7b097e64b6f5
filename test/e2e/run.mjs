// Runs the browser tests against the app: reuses a running backend/app, or starts both
// (`npm run start --workspace backend|app`) and stops them afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { APP_URL, BACKEND_URL } from './browser.mjs';

const root = new URL('../..', import.meta.url).pathname;

async function up(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function waitFor(url, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (await up(url)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${seconds}s`);
}

const started = [];
for (const [workspace, url] of [
  ['backend', `${BACKEND_URL}/api/golden-path/health`],
  ['app', APP_URL],
]) {
  if (await up(url)) continue;
  const child = spawn('npm', ['run', 'start', '--workspace', workspace], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BROWSER: 'none' },
  });
  started.push(child);
}
let status = 1;
try {
  await waitFor(`${BACKEND_URL}/api/golden-path/health`, 180);
  await waitFor(APP_URL, 300);
  status =
    spawnSync('node', ['--test', '--test-concurrency=1', 'test/e2e/'], {
      cwd: root,
      stdio: 'inherit',
    }).status ?? 1;
} finally {
  // Each child leads its own process group: stop the whole group (npm, backstage-cli, node).
  for (const child of started) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
process.exit(status);
