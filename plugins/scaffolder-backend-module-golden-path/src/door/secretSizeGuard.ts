import { InputError } from '@backstage/errors';
import { MAX_SECRET_BYTES } from '@golden-path/plugin-golden-path-common';
import express, { NextFunction, Request, Response, Router } from 'express';

// Why a door at all: at each step start the scaffolder builds its log-redaction RegExp from every
// task secret value (and the user's Backstage token it adds), and V8 refuses a literal alternative
// of 32,768 UTF-16 units or more. The SyntaxError it throws quotes the whole pattern, and the
// scaffolder puts it into the dry-run answer, the task's events and the backend log. The action's
// own GP-GH-SECRET-SIZE check would run too late, so the same limit (MAX_SECRET_BYTES) is enforced
// here, before the scaffolder sees the request.

/** All task secret values together, so the redaction pattern (one alternative per value) stays small. */
export const MAX_TOTAL_SECRET_BYTES = 64 * 1024;

/** Task secrets per request. A template has a handful of Secret fields. */
export const MAX_SECRET_COUNT = 100;

/**
 * The scaffolder's own JSON body limit (its router uses `express.json({ limit: '10MB' })`). Parsing
 * with the same options means a body the scaffolder would accept is accepted here, one it would
 * refuse is refused with the same error, and the scaffolder's parser sees `req._body` and skips.
 */
export const SCAFFOLDER_JSON_BODY_LIMIT = '10MB';

/** The scaffolder routes whose body carries task secrets (create, dry-run, retry). */
export const ROUTES_WITH_SECRETS = [
  '/v2/tasks',
  '/v2/dry-run',
  '/v2/tasks/:taskId/retry',
];

const RULE = 'GP-GH-SECRET-SIZE';
const FIX = [
  `Fix: provide a value of at most ${MAX_SECRET_BYTES.toLocaleString(
    'en-US',
  )} bytes;`,
  'store larger material (a key file, a certificate bundle) in a secrets manager and pass a',
  'reference, or commit it encrypted and store only its passphrase as the secret.',
].join(' ');

/** A key as the message shows it: quoted, and cut short when a client sends an absurd one. */
function showKey(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}

/** A value's JSON kind, for messages (never the value itself). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * What is wrong with a request's `secrets`, one line per problem, naming keys and sizes only —
 * never a value. Empty when they are acceptable (absent counts as acceptable).
 */
export function secretProblems(secrets: unknown): string[] {
  if (secrets === undefined || secrets === null) return [];
  if (typeof secrets !== 'object' || Array.isArray(secrets)) {
    return [
      `secrets must be an object mapping names to string values (got ${kindOf(
        secrets,
      )})`,
    ];
  }
  const problems: string[] = [];
  const entries = Object.entries(secrets as Record<string, unknown>);
  if (entries.length > MAX_SECRET_COUNT) {
    problems.push(
      `${entries.length} secrets were sent; at most ${MAX_SECRET_COUNT} are accepted`,
    );
  }
  let total = 0;
  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      problems.push(
        `secret ${showKey(key)} must be a string (got ${kindOf(value)})`,
      );
      continue;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    total += bytes;
    if (bytes > MAX_SECRET_BYTES) {
      problems.push(
        `secret ${showKey(
          key,
        )} is ${bytes} bytes; the limit is ${MAX_SECRET_BYTES} bytes (UTF-8) per secret`,
      );
    }
  }
  if (total > MAX_TOTAL_SECRET_BYTES) {
    problems.push(
      `the secrets together are ${total} bytes; the limit is ${MAX_TOTAL_SECRET_BYTES} bytes`,
    );
  }
  return problems;
}

/**
 * The refusal: a Backstage InputError (HTTP 400) worded like every guardrail refusal (the same
 * first line, one `[rule] problem. Fix: …` line each), whose stack is its message only (no server
 * paths, also where development mode puts stacks into error responses).
 */
export function secretSizeRefusal(problems: string[]): InputError {
  const lines = problems.map(p => `[${RULE}] ${p}. ${FIX}`);
  const error = new InputError(
    `Refused by Golden Path guardrails (${RULE}):\n${lines.join('\n')}`,
  );
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/**
 * A router for the scaffolder plugin's HTTP router, mounted by the golden-path scaffolder module.
 * Modules initialise before their plugin and share its plugin-scoped router, so this is matched
 * before the scaffolder's own routes. For `POST` to {@link ROUTES_WITH_SECRETS} it parses the JSON
 * body (exactly as the scaffolder would) and refuses, with 400 and a standard JSON error, secrets
 * that are not strings or that are too large — before the scaffolder stores them in a task or
 * builds its redaction RegExp from them. Every other request passes through untouched.
 */
export function createSecretSizeGuard(): Router {
  const router = Router();
  router.post(
    ROUTES_WITH_SECRETS,
    express.json({ limit: SCAFFOLDER_JSON_BODY_LIMIT }),
    (req: Request, _res: Response, next: NextFunction) => {
      const problems = secretProblems(req.body?.secrets);
      if (problems.length) {
        next(secretSizeRefusal(problems));
        return;
      }
      next();
    },
    // body-parser attaches the raw body to a JSON syntax error (and V8's message quotes part of
    // it); Backstage's error handler serialises both into the answer. Answer without them.
    (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
      if (
        (err as { type?: unknown } | undefined)?.type === 'entity.parse.failed'
      ) {
        const position = /position (\d+)/.exec(
          String((err as Error).message),
        )?.[1];
        const error = new InputError(
          `The request body is not valid JSON${
            position ? ` (at position ${position})` : ''
          }`,
        );
        error.stack = `${error.name}: ${error.message}`;
        next(error);
        return;
      }
      next(err);
    },
  );
  return router;
}
