// What `yarn why` says about the packages that must exist once in a frontend.
import { execFileSync } from 'node:child_process';

export const FRONTEND_SINGLETONS = [
  '@backstage/core-plugin-api',
  '@backstage/frontend-plugin-api',
  '@backstage/plugin-scaffolder-react',
  'react',
];

/** Distinct versions of each singleton in the app, from `yarn why --json`. */
export function singletonVersions(env, app) {
  const out = {};
  for (const name of FRONTEND_SINGLETONS) {
    const json = execFileSync('yarn', ['why', name, '--json'], {
      env,
      cwd: app,
      encoding: 'utf8',
    });
    const versions = new Set();
    for (const line of json.split('\n').filter(Boolean)) {
      for (const child of Object.values(JSON.parse(line).children ?? {})) {
        versions.add(child.locator.replace(/^.*npm:/, ''));
      }
    }
    out[name] = [...versions].sort();
  }
  return out;
}
