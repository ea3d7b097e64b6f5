import type { GoldenPathPolicy } from '@golden-path/plugin-golden-path-common';

/** How serious a lint finding is: an `error` fails the lint, a `warning` does not. @public */
export type Severity = 'error' | 'warning';

/** One problem in one template, where it is. @public */
export interface LintFinding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  severity: Severity;
  /** Stable id, e.g. `action-input` (docs/writing-a-golden-path.md lists them). */
  rule: string;
  message: string;
}

/** An action as `GET /api/scaffolder/v2/actions` lists it: id and JSON schemas. @public */
export interface ActionSchema {
  id: string;
  description?: string;
  schema?: { input?: Record<string, any>; output?: Record<string, any> };
}

/** What the linter judges templates against. @public */
export interface LintOptions {
  /** The effective Golden Path policy (see `loadPolicy`). */
  policy: GoldenPathPolicy;
  /** Every action the scaffolder has (see `builtinActions` and `readActionsFile`). */
  actions: ActionSchema[];
}

/** What linting a set of templates found: the files read and every finding, with counts. @public */
export interface LintResult {
  files: string[];
  findings: LintFinding[];
  errorCount: number;
  warningCount: number;
}
