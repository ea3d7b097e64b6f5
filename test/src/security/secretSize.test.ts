import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  classifyRun,
  GuardrailViolationError,
} from '@golden-path/plugin-golden-path-common';
import { makeTask } from '@golden-path/plugin-golden-path-common/testUtils';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startGoldenPathBackend } from '../integration/backend';
import {
  dryRun,
  runTask,
  templateForDryRun,
  waitForTemplates,
} from '../templates/helpers';

/**
 * GP-GH-SECRET-SIZE at the door: task secrets too large for the scaffolder's log-redaction RegExp
 * (V8 refuses a literal alternative of 32,768 characters or more, and its SyntaxError quotes every
 * secret and the user's Backstage token) are refused before the scaffolder sees them, and neither
 * the value nor the token shows up anywhere: responses, task events, backend log, scaffolder database.
 */

// Every 40 characters of a value contain the tag, so even a cut-off copy is found. The dots make
// regex escaping double the value's length, the worst case for the redaction pattern.
const TAG = `canary${randomUUID().replace(/-/g, '')}`;
const secretOf = (bytes: number) =>
  `${TAG}.`.repeat(Math.ceil(bytes / (TAG.length + 1))).slice(0, bytes);
const KB = 1024;

const USER = 'user:default/guest';
/** What the scaffolder puts into task secrets as `backstageToken` for this user (mock auth). */
const TOKEN = mockCredentials.user.token(USER);

const where = {
  repo: 'payments-svc',
  owner: 'group:default/payments',
  environment: 'dev',
  scope: 'repository',
};

/** Text with JSON escaping undone, so a token stored inside a JSON string is found too. */
const unescaped = (text: string) => text.replace(/\\+/g, '');
function expectClean(label: string, text: string) {
  const plain = unescaped(text);
  if (plain.includes(TAG))
    throw new Error(`${label} contains the secret value`);
  if (plain.includes(TOKEN))
    throw new Error(`${label} contains the user's Backstage token`);
}
/** A response body: no secret, no token, no stack frames, no server paths. */
function expectSafeBody(label: string, body: unknown) {
  const text = JSON.stringify(body);
  expectClean(label, text);
  expect(text).not.toMatch(/\\n\s+at /);
  expect(text).not.toContain(REPO_ROOT);
  expect(text).not.toContain('/work/');
  expect(text).not.toContain('node_modules');
}

/** A failed run of ci-secret, and the completion event the scaffolder records for an error. */
const failedTask = makeTask({
  id: 'failed',
  status: 'failed',
  createdAt: '2026-11-02T10:00:00.000Z',
  annotations: { 'golden-path.io/replaces-ticket': 'add-ci-secret' },
});
const completionWith = (error: { name: string; message: string }) => ({
  type: 'completion',
  createdAt: '2026-11-02T10:00:02.000Z',
  body: {
    message: 'Run completed with status: failed',
    error: { name: error.name, message: error.message },
  },
});
const metricsDefaults = {
  hourlyRate: 1,
  defaultTicketQueue: 'P1D',
  defaultOpsEffort: 'PT1H',
  opsTeamSize: 1,
};

describe('GP-GH-SECRET-SIZE at the scaffolder door', () => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
  const sqliteDirectory = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gp-secret-size-db-'),
  );
  const logged: string[] = [];
  const written: string[] = [];
  const restore: Array<() => void> = [];
  const nodeEnv = process.env.NODE_ENV;

  const taskCount = async () =>
    (
      await ctx
        .request()
        .get('/api/scaffolder/v2/tasks')
        .set(ctx.auth)
        .expect(200)
    ).body.totalTasks as number;
  const createTask = (secrets: unknown, secretName = 'TOKEN') =>
    ctx
      .request()
      .post('/api/scaffolder/v2/tasks')
      .set(ctx.auth)
      .send({
        templateRef: 'template:default/ci-secret',
        values: { ...where, secretName, secretValue: '***' },
        secrets,
      });

  beforeAll(async () => {
    // Everything the backend logs, at every level (the test root logger prints nothing by default),
    // and anything written to stdout/stderr.
    const loggerProto = Object.getPrototypeOf(mockServices.rootLogger());
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      const spy = jest
        .spyOn(loggerProto, level)
        .mockImplementation(function record(message: unknown, meta: unknown) {
          const error =
            meta instanceof Error
              ? `${meta.name}: ${meta.message}\n${meta.stack}`
              : '';
          let metaText = '';
          try {
            metaText = JSON.stringify(meta) ?? '';
          } catch {
            metaText = String(meta);
          }
          logged.push(`${level} ${String(message)} ${metaText} ${error}`);
        });
      restore.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: any, ...rest: any[]) => {
        written.push(String(chunk));
        return original(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = original;
      });
    }
    // Development mode puts stacks into error responses: refusals must still carry no frames or paths.
    process.env.NODE_ENV = 'development';
    ctx = await startGoldenPathBackend({ sqliteDirectory });
    await waitForTemplates(ctx, ['ci-secret']);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    process.env.NODE_ENV = nodeEnv;
    for (const undo of restore) undo();
  });

  describe.each([
    ['40 KB', 40 * KB],
    ['48 KB', 48 * KB],
  ])('a %s secret through the ci-secret template', (_label, bytes) => {
    const value = secretOf(bytes);

    it('is refused by POST /v2/tasks with 400, naming the key, the size and the limit, and no task is created', async () => {
      const before = await taskCount();
      const res = await createTask({ secretValue: value });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain('[GP-GH-SECRET-SIZE]');
      expect(res.body.error.message).toContain(
        `secret "secretValue" is ${bytes} bytes; the limit is 8192 bytes`,
      );
      expect(res.body.error.message).toContain('Fix:');
      expect(res.body.response).toEqual({ statusCode: 400 });
      expectSafeBody('POST /v2/tasks answer', res.body);
      expect(await taskCount()).toBe(before);
    });

    it('is refused by POST /v2/dry-run with 400 the same way', async () => {
      const res = await dryRun(
        ctx,
        'ci-secret',
        { ...where, secretName: 'TOKEN' },
        { secretValue: value },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain('[GP-GH-SECRET-SIZE]');
      expect(res.body.error.message).toContain(
        `secret "secretValue" is ${bytes} bytes`,
      );
      expectSafeBody('POST /v2/dry-run answer', res.body);
    });

    it('is refused by POST /v2/tasks/:id/retry, which also takes secrets', async () => {
      const res = await ctx
        .request()
        .post(`/api/scaffolder/v2/tasks/${randomUUID()}/retry`)
        .set(ctx.auth)
        .send({ secrets: { secretValue: value } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('[GP-GH-SECRET-SIZE]');
      expectSafeBody('POST /v2/tasks/:id/retry answer', res.body);
    });
  });

  it('refuses secrets that together exceed 64 KiB, and secrets that are not strings, naming keys only', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`part${i}`, secretOf(8000)]),
    );
    const together = await createTask(many);
    expect(together.status).toBe(400);
    expect(together.body.error.message).toContain(
      'the secrets together are 72000 bytes; the limit is 65536 bytes',
    );
    expectSafeBody('total answer', together.body);

    const notString = await createTask({
      secretValue: { nested: secretOf(10) },
      other: 42,
    });
    expect(notString.status).toBe(400);
    expect(notString.body.error.message).toContain(
      'secret "secretValue" must be a string (got object)',
    );
    expect(notString.body.error.message).toContain(
      'secret "other" must be a string (got number)',
    );
    expectSafeBody('non-string answer', notString.body);

    // A body that is not JSON: body-parser's error carries the raw body; the answer must not.
    const malformed = await ctx
      .request()
      .post('/api/scaffolder/v2/dry-run')
      .set(ctx.auth)
      .set('Content-Type', 'application/json')
      .send(`{"secrets": {"secretValue": "${secretOf(200)}"}, oops`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^The request body is not valid JSON/),
    });
    expectSafeBody('malformed-body answer', malformed.body);

    const notAnObject = await createTask(secretOf(100));
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.error.message).toContain(
      'secrets must be an object',
    );
    expectSafeBody('non-object answer', notAnObject.body);
  });

  it('lets everything else through: reads, other routes, and a secret at the limit in plan mode', async () => {
    await ctx
      .request()
      .get('/api/scaffolder/v2/actions')
      .set(ctx.auth)
      .expect(200);
    await ctx
      .request()
      .get(
        '/api/scaffolder/v2/templates/default/template/ci-secret/parameter-schema',
      )
      .set(ctx.auth)
      .expect(200);
    // Unauthenticated requests are still refused by the scaffolder's own auth, before the door.
    await ctx
      .request()
      .post('/api/scaffolder/v2/dry-run')
      .send({ secrets: { secretValue: secretOf(40 * KB) } })
      .expect(401);

    const atLimit = secretOf(8192);
    const planned = await dryRun(
      ctx,
      'ci-secret',
      { ...where, secretName: 'TOKEN' },
      { secretValue: atLimit },
    );
    expect(planned.status).toBe(200);
    expect(planned.log.join('\n')).toContain(
      'PUT /repos/acme/payments-svc/actions/secrets/TOKEN',
    );
    expectSafeBody('dry-run at the limit', planned.body);

    // A real task with a small secret still runs (plan mode) and leaves rows to scan below.
    const run = await runTask(
      ctx,
      'ci-secret',
      { ...where, secretName: 'TOKEN' },
      { secretValue: secretOf(64) },
    );
    expect(run.status).toBe('completed');
    expectClean('task events', JSON.stringify(run.events));
    expectClean('task', JSON.stringify(run.task));
  }, 60_000);

  it('answers a guardrail refusal in dry-run with 400, every violation and its fix, and no stack or server path', async () => {
    const res = await dryRun(
      ctx,
      'ci-secret',
      { ...where, secretName: 'GITHUB_TOKEN' },
      { secretValue: secretOf(64) },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      /^Refused by Golden Path guardrails \(GP-GH-SECRET-NAME\)( in step "secret" \(Seal and store the secret\))?:\n\[GP-GH-SECRET-NAME\] github-secret "GITHUB_TOKEN": .* Fix: /,
    );
    expect(res.body.response).toEqual({ statusCode: 400 });
    expectSafeBody('refused dry-run', res.body);
    // A refusal has no frames to leak wherever it is printed (task log, development responses).
    expect(new GuardrailViolationError([]).stack).not.toMatch(/\n\s+at /);
    // The same { name, message } in a task's completion event is still a denial for the metrics.
    expect(
      classifyRun(
        failedTask,
        [completionWith(res.body.error)],
        metricsDefaults,
      ),
    ).toMatchObject({ outcome: 'denied', deniedRules: ['GP-GH-SECRET-NAME'] });
  });

  it('records a refused task with the refusal, not a stack, as its failed step’s last event, and the metrics count it denied', async () => {
    const run = await runTask(
      ctx,
      'ci-secret',
      { ...where, secretName: 'GITHUB_TOKEN' },
      { secretValue: secretOf(64) },
    );
    expect(run.status).toBe('failed');
    const completion = run.events.find((e: any) => e.type === 'completion');
    expect(completion.body.error.name).toBe('InputError');
    expect(completion.body.error.message).toMatch(
      /^Refused by Golden Path guardrails \(GP-GH-SECRET-NAME\)/,
    );
    const failedStep = run.events.filter(
      (e: any) => e.type === 'log' && e.body.status === 'failed',
    );
    expect(failedStep.map((e: any) => e.body.message)).toEqual([
      `InputError: ${completion.body.error.message}`,
    ]);
    expectSafeBody('refused task events', run.events);
    expect(classifyRun(run.task, run.events, metricsDefaults)).toMatchObject({
      outcome: 'denied',
      deniedRules: ['GP-GH-SECRET-NAME'],
    });
  }, 60_000);

  it('answers a golden-path action input its schema refuses with 400, which the metrics count as denied by input', async () => {
    const { template } = templateForDryRun('ci-secret');
    template.spec.steps = [
      {
        id: 'db',
        name: 'Database',
        action: 'golden-path:aws:rds:create',
        input: {
          name: 'leaky-db',
          owner: where.owner,
          environment: 'dev',
          publiclyAccessible: true,
          masterPassword: 'hunter2hunter2',
        },
      },
    ];
    const res = await ctx
      .request()
      .post('/api/scaffolder/v2/dry-run')
      .set(ctx.auth)
      .send({
        template,
        values: { ...where, secretName: 'TOKEN', secretValue: '***' },
        directoryContents: [],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid input passed to action golden-path:aws:rds:create, /,
    );
    expect(res.body.error.name).toBe('InputError');
    // The scaffolder's own error: in development mode Backstage adds its stack (production does not).
    expectClean('schema refusal', JSON.stringify(res.body));
    // A task's completion event carries the same { name, message }.
    expect(
      classifyRun(
        failedTask,
        [completionWith(res.body.error)],
        metricsDefaults,
      ),
    ).toMatchObject({ outcome: 'denied', deniedRules: ['input'] });
  });

  it('leaves neither the secret value nor the Backstage token in the backend log or any scaffolder table', async () => {
    expect(logged.length).toBeGreaterThan(0);
    logged.forEach((line, i) => expectClean(`backend log line ${i}`, line));
    written.forEach((chunk, i) =>
      expectClean(`stdout/stderr write ${i}`, chunk),
    );

    const file = path.join(sqliteDirectory, 'scaffolder.sqlite');
    expect(fs.existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all() as Array<{ name: string }>;
      expect(tables.map(t => t.name)).toEqual(
        expect.arrayContaining(['tasks', 'task_events']),
      );
      let cells = 0;
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<
          Record<string, unknown>
        >) {
          for (const [column, cell] of Object.entries(row)) {
            if (cell === null || cell === undefined) continue;
            const text = Buffer.isBuffer(cell)
              ? cell.toString('utf8')
              : String(cell);
            cells++;
            expectClean(`scaffolder table ${name}.${column}`, text);
          }
        }
      }
      expect(cells).toBeGreaterThan(10);
    } finally {
      db.close();
    }
  });
});
