// Packs every publishable package exactly as `npm publish` would: build, then `npm pack`, which
// runs the package's prepack (backstage-cli rewrites entry points to dist/) and postpack.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export function publishablePackages() {
  return ['plugins', 'packages']
    .flatMap(parent =>
      readdirSync(join(root, parent)).map(name => join(root, parent, name)),
    )
    .filter(dir => {
      try {
        return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
          .private;
      } catch {
        return false;
      }
    });
}

/** Builds (tsc declarations first) and packs each package; returns { name, version, file }. */
export function packAll(targetDir, { skipTsc = false } = {}) {
  mkdirSync(targetDir, { recursive: true });
  if (!skipTsc) execFileSync('npx', ['tsc'], { cwd: root, stdio: 'inherit' });
  return publishablePackages().map(dir => {
    execFileSync('npx', ['backstage-cli', 'package', 'build'], {
      cwd: dir,
      stdio: 'inherit',
    });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', targetDir], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    return {
      name: packed.name,
      version: packed.version,
      file: join(targetDir, packed.filename),
      files: packed.files.map(f => f.path),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const packs = packAll(process.argv[2] ?? join(root, '.cache', 'packs'), {
    skipTsc: process.argv.includes('--skip-tsc'),
  });
  for (const p of packs)
    console.log(`${p.name}@${p.version}: ${p.files.length} files`);
}
