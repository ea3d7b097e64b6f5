// The install test: packs every package as `npm publish` would, creates a stock app with the
// current @backstage/create-app (Node 22, Yarn through corepack), applies exactly the README's
// install steps (steps.mjs), then checks what an adopter would: tsc, backend start, the actions,
// a plan-mode task, the app build, the pages in Chromium and single copies of frontend singletons.
// Prints TAP-like lines ("ok N - ...", "# pass N", "# fail N") for the test command's summary.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import YAML from 'yaml';
import {
  adopterToolchain,
  forgetCachedPacks,
  toolVersions,
} from './toolchain.mjs';
import { packAll } from './pack.mjs';
import { startRegistry } from './registry.mjs';
import {
  BACKEND_LINES,
  COMMANDS,
  CONFIG_BLOCK,
  CONFIG_EDITS,
} from './steps.mjs';
import { checkInBrowser } from './browser.mjs';
import { singletonVersions, FRONTEND_SINGLETONS } from './singletons.mjs';

const root = join(import.meta.dirname, '..', '..');
const results = join(root, 'test-results');
const work =
  process.env.GOLDEN_PATH_INSTALL_WORKDIR ??
  mkdtempSync(join(tmpdir(), 'gp-install-'));
const app = join(work, 'stock-app');
/** Every template the catalog module ships: one folder each. */
const OUR_TEMPLATES = readdirSync(
  join(root, 'plugins', 'catalog-backend-module-golden-path', 'templates'),
);
const BACKEND = 'http://localhost:7007';
const outcomes = [];
const started = Date.now();

function check(name, fn) {
  return Promise.resolve()
    .then(fn)
    .then(
      detail => {
        outcomes.push(true);
        console.log(
          `ok ${outcomes.length} - ${name}${detail ? ` (${detail})` : ''}`,
        );
        return true;
      },
      error => {
        outcomes.push(false);
        console.log(`not ok ${outcomes.length} - ${name}`);
        console.log(
          `  # ${String(error?.stack ?? error)
            .split('\n')
            .join('\n  # ')}`,
        );
        return false;
      },
    );
}

const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
// Asynchronous on purpose: the registry stand-in answers from this process while yarn runs.
// Command output goes to stderr; stdout carries only the test lines.
function run(cmd, args, env, cwd = app) {
  console.error(`\n$ ${[cmd, ...args].join(' ')}   [${elapsed()}]`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
const shell = (line, env) => run('bash', ['-c', line], env);

async function applyReadmeSteps(env) {
  for (const line of COMMANDS) await shell(line, env);
  const index = join(app, 'packages/backend/src/index.ts');
  const source = readFileSync(index, 'utf8');
  if (!source.includes('backend.start();'))
    throw new Error('stock backend has no backend.start()');
  writeFileSync(
    index,
    source.replace(
      'backend.start();',
      `${BACKEND_LINES.join('\n')}\n\nbackend.start();`,
    ),
  );
  const configFile = join(app, 'app-config.yaml');
  const doc = YAML.parseDocument(readFileSync(configFile, 'utf8'));
  for (const edit of CONFIG_EDITS)
    doc.setIn(edit.path, doc.createNode(edit.value));
  writeFileSync(configFile, `${doc.toString()}\n${CONFIG_BLOCK}`);
}

async function waitFor(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

async function api(token, path, init = {}) {
  const res = await fetch(`${BACKEND}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function planModeTask(token) {
  const { id } = await api(token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: 'template:default/s3-bucket',
      values: {
        name: 'install-test-bucket',
        owner: 'group:default/guests',
        environment: 'dev',
      },
    }),
  });
  const until = Date.now() + 120_000;
  for (;;) {
    const task = await api(token, `/api/scaffolder/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events = await api(token, `/api/scaffolder/v2/tasks/${id}/events`);
      const log = events
        .filter(e => e.type === 'log')
        .map(e => e.body.message)
        .join('\n');
      if (task.status !== 'completed')
        throw new Error(`task ${task.status}:\n${log}`);
      if (!/plan/i.test(log))
        throw new Error(`no plan in the task log:\n${log}`);
      return `task ${id} completed in plan mode`;
    }
    if (Date.now() > until)
      throw new Error(`task ${id} still ${task.status} after 120s`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * Every copy of our packages in the app (hoisted or under a workspace) has the packed entry point,
 * byte for byte.
 */
function installedAsPacked(packs) {
  const places = ['', 'packages/app/', 'packages/backend/'];
  const problems = [];
  let compared = 0;
  for (const p of packs) {
    const manifest = JSON.parse(
      execFileSync('tar', ['xzf', p.file, '-O', 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    const entry = posix.normalize(manifest.main ?? 'package.json');
    const packed = execFileSync('tar', [
      'xzf',
      p.file,
      '-O',
      `package/${entry}`,
    ]);
    for (const place of places) {
      const file = join(app, place, 'node_modules', p.name, entry);
      if (!existsSync(file)) continue;
      compared++;
      if (!packed.equals(readFileSync(file)))
        problems.push(`${place}node_modules/${p.name}/${entry}`);
    }
  }
  if (!compared) throw new Error('none of our packages is installed');
  if (problems.length)
    throw new Error(`not the packed build: ${problems.join(', ')}`);
  return `${compared} installed copies match their packs`;
}

async function main() {
  mkdirSync(results, { recursive: true });
  const env = adopterToolchain();
  console.error(
    `install test in ${work}; toolchain ${JSON.stringify(toolVersions(env))}`,
  );

  // GOLDEN_PATH_INSTALL_SKIP_TSC=1 reuses dist-types from an earlier `tsc` (local iteration only).
  const packs = packAll(join(work, 'packs'), {
    skipTsc: process.env.GOLDEN_PATH_INSTALL_SKIP_TSC === '1',
  });
  await check('npm pack ships only built files, no src/ entry points', () => {
    const problems = [];
    for (const p of packs) {
      const stray = p.files.filter(
        f =>
          /^src\/|\.tsx?$/.test(f) &&
          !f.endsWith('.d.ts') &&
          f !== 'config.d.ts',
      );
      if (stray.length) problems.push(`${p.name}: ${stray.join(', ')}`);
      const manifest = JSON.parse(
        execFileSync('tar', ['xzf', p.file, '-O', 'package/package.json'], {
          encoding: 'utf8',
        }),
      );
      if (
        JSON.stringify([
          manifest.main,
          manifest.types,
          manifest.module,
          manifest.exports,
          manifest.typesVersions,
        ]).includes('src/')
      )
        problems.push(`${p.name}: package.json points into src/`);
      if (!p.files.includes('README.md'))
        problems.push(`${p.name}: no README.md`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    return `${packs.length} packages`;
  });

  // GOLDEN_PATH_INSTALL_REUSE_APP=<dir> copies an already installed stock app (local iteration).
  if (process.env.GOLDEN_PATH_INSTALL_REUSE_APP) {
    await run(
      'cp',
      ['-a', process.env.GOLDEN_PATH_INSTALL_REUSE_APP, app],
      env,
      work,
    );
  } else {
    await run(
      'npm',
      [
        'exec',
        '--yes',
        '--',
        '@backstage/create-app@latest',
        '--path',
        app,
        '--skip-install',
      ],
      { ...env, BACKSTAGE_APP_NAME: 'stock-app' },
      work,
    );
    await run('yarn', ['install'], env);
    // create-app's templates name one release; here it cannot fetch its yarn.lock seed, so the
    // app mixes that release with newer transitive packages (its own signals backend then fails
    // to start). Bring it to the newest release, as `backstage-cli versions:bump` would.
    await run('yarn', ['up', '@backstage/*'], env);
  }
  const before = singletonVersions(env, app);

  // Stands in for the adopter's registry: only the @golden-path scope is served from our packs.
  const registry = await startRegistry(packs);
  await run(
    'yarn',
    ['config', 'set', 'npmScopes.golden-path.npmRegistryServer', registry.url],
    env,
  );
  await run(
    'yarn',
    ['config', 'set', 'unsafeHttpWhitelist', '--json', '["127.0.0.1"]'],
    env,
  );
  await run(
    'yarn',
    [
      'config',
      'set',
      'npmPreapprovedPackages',
      '--json',
      '["@backstage/*","@golden-path/*"]',
    ],
    env,
  );
  // Same name and version as an earlier build: without this Yarn would install that one.
  forgetCachedPacks(env);
  const installed = await check(
    'README install steps apply to the stock app',
    () => applyReadmeSteps(env),
  );
  await registry.close();
  if (!installed) return;
  await check(
    'the app has the packages just packed, not an earlier build',
    () => installedAsPacked(packs),
  );

  await check('yarn why: one version of each frontend singleton', () => {
    const after = singletonVersions(env, app);
    const problems = FRONTEND_SINGLETONS.filter(
      name => after[name].length !== 1,
    ).map(
      name =>
        `${name}: before ${before[name].join(', ')}; after ${after[name].join(
          ', ',
        )}`,
    );
    if (problems.length) throw new Error(problems.join('\n'));
    return FRONTEND_SINGLETONS.map(n => `${n}@${after[n].join('|')}`).join(
      ', ',
    );
  });
  await check('yarn tsc passes', () => run('yarn', ['tsc'], env));
  const built = await check('the app builds', () =>
    run('yarn', ['workspace', 'app', 'build'], env),
  );

  const backend = spawn('yarn', ['workspace', 'backend', 'start'], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let backendLog = '';
  backend.stdout.on('data', d => (backendLog += d));
  backend.stderr.on('data', d => (backendLog += d));
  try {
    const up = await check('the backend starts', () =>
      waitFor(`${BACKEND}/.backstage/health/v1/readiness`, 240_000),
    );
    if (up) {
      const token = await guestToken();
      await check(
        'GET /api/scaffolder/v2/actions lists every golden-path action',
        async () => {
          const ids = (await api(token, '/api/scaffolder/v2/actions')).map(
            a => a.id,
          );
          const ours = ids.filter(id => id.startsWith('golden-path:'));
          const expected = [
            'golden-path:guardrails:check',
            'golden-path:github:repo:create',
            'golden-path:github:secret:set',
            'golden-path:aws:s3:create',
            'golden-path:aws:rds:create',
            'golden-path:aws:elasticache:create',
            'golden-path:aws:ec2:create',
            'golden-path:catalog:register',
          ];
          const missing = expected.filter(id => !ours.includes(id));
          if (missing.length) throw new Error(`missing: ${missing.join(', ')}`);
          return ours.join(', ');
        },
      );
      await check('the templates arrive without copying files', async () => {
        // The provider hands them over at start-up; the catalog stitches them in shortly after.
        const until = Date.now() + 120_000;
        for (;;) {
          const res = await api(
            token,
            '/api/catalog/entities/by-query?filter=kind=template&limit=100',
          );
          const names = res.items.map(e => e.metadata.name);
          if (OUR_TEMPLATES.every(name => names.includes(name)))
            return names.join(', ');
          if (Date.now() > until)
            throw new Error(`templates after 120s: ${names.join(', ')}`);
          await new Promise(r => setTimeout(r, 2000));
        }
      });
      await check('a plan-mode s3-bucket task completes', () =>
        planModeTask(token),
      );
      await check(
        'the metrics backfill runs on demand (docs/metrics.md)',
        async () => {
          // 409 while the scheduled run is under way; ask again once it is done.
          for (let attempt = 1; ; attempt++) {
            try {
              return await api(
                token,
                '/api/golden-path/.backstage/scheduler/v1/tasks/golden-path-runs-backfill/trigger',
                { method: 'POST' },
              );
            } catch (error) {
              if (!/: 409 /.test(String(error)) || attempt === 5) throw error;
              await new Promise(r => setTimeout(r, 3000));
            }
          }
        },
      );
      if (built)
        await check(
          'Chromium shows the Impact page and the policy-driven new-service fields',
          () => checkInBrowser(BACKEND, results),
        );
    }
  } finally {
    process.kill(-backend.pid, 'SIGTERM');
    writeFileSync(join(results, 'install-backend.log'), backendLog);
  }
}

main()
  .catch(error => {
    outcomes.push(false);
    console.log(
      `not ok ${outcomes.length} - install test aborted\n  # ${String(
        error?.stack ?? error,
      )
        .split('\n')
        .join('\n  # ')}`,
    );
  })
  .finally(() => {
    const passed = outcomes.filter(Boolean).length;
    console.log(
      `# pass ${passed}\n# fail ${
        outcomes.length - passed
      }\n# took ${elapsed()}`,
    );
    if (!process.env.GOLDEN_PATH_INSTALL_WORKDIR)
      rmSync(work, { recursive: true, force: true });
    process.exit(outcomes.length - passed ? 1 : 0);
  });
