import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import type { EnvironmentPolicy } from '../policy/types';
import type { EvaluationContext } from '../rules/types';

/** A request a rule must refuse or allow: a change to the kind's sample. */
export interface KindCase {
  rule: string;
  change: Record<string, unknown>;
  context?: EvaluationContext;
}

/** The test cases a kind keeps in its own folder (`kinds/<kind>/cases.ts`, export `cases`). */
export interface KindCases {
  /** A valid dev request that the policy allows and that costs what the kind costs. */
  sample: Record<string, unknown>;
  denied: KindCase[];
  allowed: KindCase[];
  /**
   * The fuzz test's independent oracle for this kind: every field an allowed, normalised request
   * may carry, and a check of its values straight from the policy (using none of the rules).
   */
  oracle: {
    fields: readonly string[];
    check(
      request: Record<string, any>,
      env: EnvironmentPolicy,
      check: (ok: boolean, what: string) => void,
    ): void;
  };
}

const KINDS_DIR = join(__dirname, '..', 'kinds');

/** Every kind folder's cases, by folder name (found on disk, so a new kind needs no list edit). */
export const FOLDER_CASES: Record<string, KindCases> = Object.fromEntries(
  readdirSync(KINDS_DIR, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .filter(d => existsSync(join(KINDS_DIR, d.name, 'cases.ts')))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .map(d => [d.name, require(join(KINDS_DIR, d.name, 'cases')).cases]),
);
