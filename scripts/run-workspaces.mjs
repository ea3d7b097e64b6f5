// Runs one package script (lint, test) in every workspace that has it, one after another, and
// fails when any fails. CI=true keeps backstage-cli test out of watch mode.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const script = process.argv[2];
const only = process.argv.slice(3);
const workspaces = [
  'plugins/golden-path-common',
  'plugins/golden-path-node',
  'plugins/golden-path-backend',
  'plugins/catalog-backend-module-golden-path',
  'plugins/scaffolder-backend-module-golden-path',
  'plugins/golden-path',
  'packages/template-lint',
  'packages/cli',
  'packages/backend',
  'packages/app',
  'test',
].filter(w => !only.length || only.includes(w));

const failed = [];
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
  if (!pkg.scripts?.[script]) continue;
  console.error(`\n=== ${script}: ${ws}`);
  // Test results as JSON, so the caller can count tests across packages.
  const extra =
    script === 'test' && process.env.GOLDEN_PATH_RESULTS_DIR
      ? [
          '--',
          '--json',
          `--outputFile=${join(
            process.env.GOLDEN_PATH_RESULTS_DIR,
            `${ws.replace(/\//g, '_')}.json`,
          )}`,
        ]
      : [];
  const res = spawnSync('npm', ['run', script, ...extra], {
    cwd: join(root, ws),
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  });
  if (res.status !== 0) failed.push(ws);
}
if (failed.length) {
  console.error(`\n${script} failed in: ${failed.join(', ')}`);
  process.exit(1);
}
