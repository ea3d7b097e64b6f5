// Starts (or reuses) a throwaway PostgreSQL cluster for the database test suites and prints its URL.
// Uses Debian's server binaries; installs them with apt-get when missing and running as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, chownSync } from 'node:fs';
import { join } from 'node:path';

const PORT = Number(process.env.GOLDEN_PATH_PG_PORT ?? 54329);
const DATA_DIR =
  process.env.GOLDEN_PATH_PG_DIR ?? `/tmp/golden-path-pg-${PORT}`;
const isRoot = process.getuid?.() === 0;

function binDir() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter(v =>
      existsSync(join(base, v, 'bin', 'initdb')),
    );
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0], 'bin');
  }
  return undefined;
}

function run(cmd, args) {
  // initdb and postgres refuse to run as root: use the postgres system user there.
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
    : [cmd, args];
  return spawnSync(file, argv, { encoding: 'utf8' });
}

export function ensurePostgres(log = console.error) {
  let bin = binDir();
  if (!bin && isRoot) {
    log('PostgreSQL server binaries not found; installing Debian postgresql');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    bin = binDir();
  }
  if (!bin)
    throw new Error(
      "PostgreSQL server binaries are missing: install Debian's postgresql package",
    );
  const url = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
  if (
    run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(PORT)])
      .status === 0
  )
    return url;
  if (!existsSync(join(DATA_DIR, 'PG_VERSION'))) {
    mkdirSync(DATA_DIR, { recursive: true });
    if (isRoot) {
      const uid = Number(
        execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim(),
      );
      const gid = Number(
        execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim(),
      );
      chownSync(DATA_DIR, uid, gid);
    }
    const init = run(join(bin, 'initdb'), [
      '-D',
      DATA_DIR,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  }
  const opts = `-p ${PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300`;
  const start = run(join(bin, 'pg_ctl'), [
    '-D',
    DATA_DIR,
    '-o',
    opts,
    '-l',
    join(DATA_DIR, 'server.log'),
    '-w',
    'start',
  ]);
  if (start.status !== 0)
    throw new Error(`PostgreSQL did not start: ${start.stderr}${start.stdout}`);
  log(
    `PostgreSQL ${bin
      .split('/')
      .at(-2)} running on 127.0.0.1:${PORT} (data in ${DATA_DIR})`,
  );
  return url;
}

export function stopPostgres() {
  const bin = binDir();
  if (bin && existsSync(join(DATA_DIR, 'postmaster.pid'))) {
    run(join(bin, 'pg_ctl'), ['-D', DATA_DIR, '-m', 'fast', 'stop']);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'stop') stopPostgres();
  else console.log(ensurePostgres());
}
