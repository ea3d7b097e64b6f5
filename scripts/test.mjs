// `npm test`: the whole suite. Installs what it needs (npm dependencies; PostgreSQL and Chromium
// from Debian when missing and running as root), then: typecheck, lint, unit and integration tests
// of every package (SQLite and PostgreSQL), the template linter, the browser e2e test and the
// install test (the packed packages in a stock create-app app).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensurePostgres } from './postgres.mjs';

const root = join(new URL('.', import.meta.url).pathname, '..');
const resultsDir = mkdtempSync(join(tmpdir(), 'gp-test-results-'));
const env = { ...process.env, CI: 'true', GOLDEN_PATH_RESULTS_DIR: resultsDir };
const counts = { passed: 0, failed: 0 };
const steps = [];

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0)
    throw new Error(
      `Chromium not found at ${path}: install Debian's chromium package or set CHROMIUM_PATH`,
    );
  console.error('Installing Debian chromium for the browser tests');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function step(name, fn) {
  const started = Date.now();
  console.error(`\n##### ${name}`);
  let ok = true;
  try {
    const status = fn();
    ok = status === undefined || status === 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    ok = false;
  }
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

const sh = (cmd, args) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status;

if (!step('install dependencies', ensureDeps)) process.exit(1);
step('services: PostgreSQL', () => {
  env.GOLDEN_PATH_TEST_PG_URL = ensurePostgres();
});
step('services: Chromium', ensureChromium);
step('formatting (prettier --check)', () =>
  sh('npx', ['prettier', '--check', '--loglevel', 'warn', '.']),
);
step('typecheck (tsc)', () => sh('npx', ['tsc']));
step('API reports (backstage-repo-tools api-reports --ci)', () =>
  sh('npx', [
    'backstage-repo-tools',
    'api-reports',
    '--ci',
    '--validate-release-tags',
    '-o',
    'ae-undocumented,ae-wrong-input-file-type',
    'plugins/golden-path-common',
    'plugins/golden-path-node',
    'plugins/golden-path-backend',
    'plugins/scaffolder-backend-module-golden-path',
    'plugins/catalog-backend-module-golden-path',
    'plugins/golden-path',
    'packages/template-lint',
    'packages/cli',
  ]),
);
step('lint', () => sh('node', ['scripts/run-workspaces.mjs', 'lint']));
step(
  'template lint (plugins/catalog-backend-module-golden-path/templates)',
  () => sh('npm', ['run', '--silent', 'lint:templates']),
);
step('unit and integration tests (SQLite + PostgreSQL)', () =>
  sh('node', ['scripts/run-workspaces.mjs', 'test']),
);
step(
  'benchmark smoke (small size)',
  () =>
    sh('node', ['bench/run.cjs', 'guardrails', '2000']) ||
    sh('node', ['bench/run.cjs', 'actions', '2', '1']) ||
    sh('node', ['bench/run.cjs', 'metrics', '2000', 'sqlite']) ||
    sh('node', ['bench/run.cjs', 'backfillHttp', '1000', 'sqlite']) ||
    sh('node', ['bench/run.cjs', 'burst', '10', 'sqlite', '1']),
);

/** Runs a node script that prints TAP-style `# pass N` / `# fail N` and adds them to the counts. */
function tapStep(name, args) {
  return step(name, () => {
    const res = spawnSync('node', args, {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(res.stdout);
    counts.passed += Number(/^# pass (\d+)/m.exec(res.stdout)?.[1] ?? 0);
    counts.failed += Number(/^# fail (\d+)/m.exec(res.stdout)?.[1] ?? 0);
    return res.status;
  });
}

tapStep('demo seeding (npm run demo)', ['--test', 'scripts/demo/']);
tapStep('browser e2e (Playwright + Chromium)', ['test/e2e/run.mjs']);
tapStep('README install steps match the install test', [
  '--test',
  'test/install/readme.test.mjs',
]);
tapStep('install into a stock @backstage/create-app app (Node 22, Yarn 4)', [
  'test/install/run.mjs',
]);

for (const file of readdirSync(resultsDir)) {
  const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  counts.passed += r.numPassedTests;
  counts.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}

console.log('\nSummary');
for (const s of steps)
  console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds}s)`);
const failedSteps = steps.filter(s => !s.ok).length;
console.log(`${counts.passed} passed, ${counts.failed + failedSteps} failed`);
process.exit(failedSteps ? 1 : 0);
