import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT } from '../integration/backend';

const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');

/**
 * The product's own backend (packages/backend/src/index.ts with app-config.yaml) in a child
 * process, so a test can SIGKILL it like a crashed container and start it again.
 */
export interface ProductBackend {
  url: string;
  /** SIGKILL, no shutdown hooks; resolves once the process is gone. */
  kill(): Promise<void>;
}

export async function startProductBackend(options: {
  port: number;
  /** Merged over app-config.yaml. */
  config: Record<string, unknown>;
  env?: Record<string, string>;
  logFile: string;
}): Promise<ProductBackend> {
  const overlay = `${options.logFile}.config.yaml`;
  fs.writeFileSync(overlay, YAML.stringify(options.config));
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      overlay,
    ],
    {
      cwd: BACKEND_DIR,
      stdio: ['ignore', log, log],
      env: { ...process.env, NODE_ENV: 'development', ...options.env },
    },
  );
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The backend exited at start-up; see ${options.logFile}`);
    const up = await fetch(`${url}/api/golden-path/health`).then(
      r => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline)
      throw new Error(`The backend did not start; see ${options.logFile}`);
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    url,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A guest user's Backstage token from the running backend's guest provider. */
export async function guestToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
  return ((await res.json()) as any).backstageIdentity.token;
}
