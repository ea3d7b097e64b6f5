// `npm run demo`: fills a local database with a year of synthetic Golden Path runs and tickets
// (clearly marked: task ids `demo-run-…`, created by `user:default/demo-synthetic`, ticket keys
// `DEMO-…` and `DEMORITM…`), then runs the product on it, so a newcomer sees the Impact page with
// data. Re-running replaces the earlier demo rows and nothing else. It refuses any database that is
// not on this machine.
//
//   npm run demo                       seed .data/demo (SQLite) and start the product on it
//   npm run demo -- --seed-only        seed only
//   npm run demo -- --database postgres://postgres@localhost:5432/backstage_plugin_golden-path
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';

const root = resolve(new URL('.', import.meta.url).pathname, '..');
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Where to seed: a SQLite file (default) or a PostgreSQL URL on this machine; anything else is refused. */
export function demoTarget(argv, dataDir = join(root, '.data/demo')) {
  const i = argv.indexOf('--database');
  const given = i >= 0 ? argv[i + 1] : undefined;
  if (!given)
    return {
      client: 'better-sqlite3',
      directory: dataDir,
      connection: { filename: join(dataDir, 'golden-path.sqlite') },
    };
  if (/^postgres(ql)?:\/\//.test(given)) {
    const url = new URL(given);
    if (!LOCAL_HOSTS.has(url.hostname))
      throw new Error(
        `Refusing to put synthetic data into ${url.hostname}: the demo only seeds a database on this machine (localhost)`,
      );
    return { client: 'pg', connection: given };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given))
    throw new Error(
      `Refusing ${
        given.split(':')[0]
      }: the demo seeds SQLite files or PostgreSQL on localhost only`,
    );
  return {
    client: 'better-sqlite3',
    connection: { filename: resolve(given) },
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const argv = process.argv.slice(2);
  let target;
  try {
    target = demoTarget(argv);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  ensureDeps();
  const { seedDemo } = await import('./demo/seed.mjs');
  if (target.connection.filename)
    mkdirSync(dirname(target.connection.filename), { recursive: true });
  const counts = await seedDemo(target);
  console.error(
    `Demo data: ${counts.runs} synthetic runs and ${
      counts.tickets
    } synthetic tickets (a year up to today) in ${
      target.directory ?? target.connection.filename ?? target.connection
    }`,
  );
  if (argv.includes('--seed-only') || !target.directory) process.exit(0);

  // The product, as `npm start` runs it, with its database in the demo directory.
  const overlay = join(target.directory, 'app-config.demo.yaml');
  writeFileSync(
    overlay,
    JSON.stringify({
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory: target.directory },
        },
      },
    }),
  );
  const children = [
    spawn(
      'npx',
      [
        'backstage-cli',
        'package',
        'start',
        '--config',
        join(root, 'app-config.yaml'),
        '--config',
        overlay,
      ],
      { cwd: join(root, 'packages/backend'), stdio: 'inherit' },
    ),
    spawn('npm', ['run', 'start', '--workspace', 'app'], {
      cwd: root,
      stdio: 'inherit',
    }),
  ];
  console.error(
    'Golden Path demo: backend on http://localhost:7007, app on http://localhost:3000 (sign in as guest, open Golden Path)',
  );
  const stop = code => {
    for (const child of children) child.kill('SIGINT');
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const child of children) child.on('exit', code => stop(code ?? 1));
}
