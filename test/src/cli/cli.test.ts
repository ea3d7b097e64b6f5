import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  guestToken,
  ProductBackend,
  startProductBackend,
} from '../crash/productBackend';
import { eventually, REPO_ROOT, TEMPLATES_DIR } from '../integration/backend';

/*
 * Must show of the CLI door: the `golden-path` command (packages/cli/bin/golden-path, run as a
 * child process as a user runs it) against the product's own backend (packages/backend with
 * app-config.yaml: plan mode, guest sign-in, SQLite in memory), with Backstage's CLI sign-in
 * turned on and a static external-access token configured.
 */

const BIN = path.join(REPO_ROOT, 'packages/cli/bin/golden-path');
const STATIC_TOKEN = 'cli-e2e-static-token-0123456789abcdef';
const SECRET = 'canary-secret-value-4f1d9a';

const freePort = () =>
  new Promise<number>(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<Result>;
}

describe('golden-path CLI against the running product backend', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-cli-e2e-'));
  const configHome = path.join(work, 'config');
  const credentialsFile = path.join(configHome, 'golden-path/credentials.json');
  let backend: ProductBackend;
  let url: string;
  let token: string;
  const logFile = path.join(work, 'backend.log');

  /** Starts the command; the environment has no GOLDEN_PATH_* of the caller's. */
  function start(
    args: string[],
    options: { env?: Record<string, string>; input?: string } = {},
  ): Running {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: configHome,
      NO_COLOR: '1',
      ...options.env,
    };
    for (const key of ['GOLDEN_PATH_URL', 'GOLDEN_PATH_TOKEN'])
      if (!options.env?.[key]) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: work,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => (stdout += d));
    child.stderr!.on('data', d => (stderr += d));
    child.stdin!.end(options.input ?? '');
    const done = new Promise<Result>(resolve =>
      child.on('close', code => resolve({ code, stdout, stderr })),
    );
    return { child, stdout: () => stdout, stderr: () => stderr, done };
  }
  const cli = (
    args: string[],
    options?: { env?: Record<string, string>; input?: string },
  ) => start(args, options).done;

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const taskCount = async () =>
    (await api('GET', '/api/scaffolder/v2/tasks?limit=1')).body
      .totalTasks as number;
  const taskIdIn = (text: string) =>
    /Task ([0-9a-f-]{36}) started/.exec(text)?.[1];

  beforeAll(async () => {
    const port = await freePort();
    backend = await startProductBackend({
      port,
      logFile,
      config: {
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: { port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: STATIC_TOKEN, subject: 'cli-e2e-ci' },
              },
            ],
          },
        },
        // Backstage's CLI sign-in: the CLI client document, authorization code with PKCE,
        // refresh tokens for offline access.
        auth: {
          clientIdMetadataDocuments: { enabled: true },
          experimentalRefreshToken: { enabled: true },
        },
      },
    });
    url = backend.url;
    token = await guestToken(url);
    await eventually(async () => {
      for (const ref of [
        'template/default/s3-bucket',
        'template/default/guardrails-check',
        'user/default/guest',
      ]) {
        const res = await api('GET', `/api/catalog/entities/by-name/${ref}`);
        if (res.status !== 200) return undefined;
      }
      return true;
    }, 90_000);
  }, 180_000);

  afterAll(async () => {
    await backend?.kill();
  });

  describe('--help of every command', () => {
    const expected: Record<string, string[]> = {
      login: ['--guest', '--with-token', '--no-browser', '--url <backend>'],
      logout: ['--url <backend>'],
      whoami: ['--json'],
      templates: ['--all', '--json'],
      describe: ['<template>', '--environment <name>'],
      run: ['<template>', '--set <key=value>', '--values <file>', '--dry-run'],
      status: ['[task]', '--limit <n>'],
      logs: ['<task>', '--follow'],
      evaluate: ['<file>', '- kind: s3-bucket'],
      tickets: ['import', 'types', 'docs/tickets.md'],
      lint: ['[paths...]', '--config <file>', '--max-warnings <n>'],
    };

    it('the top-level help lists every command, the exit codes and the environment', async () => {
      const res = await cli(['--help']);
      expect(res).toMatchObject({ code: 0 });
      for (const command of Object.keys(expected))
        expect(res.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      expect(res.stdout).toContain(
        '2  refused by a Golden Path guardrail (the rules and their fixes are printed)',
      );
      expect(res.stdout).toContain('GOLDEN_PATH_SECRET_<NAME>');
    }, 60_000);

    it.each(Object.entries(expected))(
      '%s --help describes the command with its arguments and options',
      async (command, texts) => {
        const res = await cli([command, '--help']);
        expect(res).toMatchObject({ code: 0 });
        expect(res.stdout).toContain(`Usage: golden-path ${command} `);
        for (const text of texts) expect(res.stdout).toContain(text);
        // A description, not just the usage line.
        expect(res.stdout.split('\n')[2].length).toBeGreaterThan(20);
      },
      60_000,
    );
  });

  describe('signed in as guest', () => {
    let login: Result;
    beforeAll(async () => {
      login = await cli(['login', '--url', url, '--guest']);
    }, 60_000);

    it('login --guest signs in as the guest user', () => {
      expect(login).toMatchObject({ code: 0 });
      expect(login.stdout).toContain(
        `Signed in to ${url} as user:default/guest (guest sign-in`,
      );
    });

    it('stores the token in a file only its owner can read, keyed by backend', async () => {
      expect(fs.statSync(credentialsFile).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(fs.readFileSync(credentialsFile, 'utf8'));
      expect(stored.defaultUrl).toBe(url);
      expect(stored.backends[url]).toMatchObject({
        method: 'guest',
        userEntityRef: 'user:default/guest',
      });
      const who = await cli(['whoami']);
      expect(who).toMatchObject({ code: 0 });
      expect(who.stdout).toContain('User:     user:default/guest');
    }, 60_000);

    it('templates lists the Golden Paths', async () => {
      const res = await cli(['templates']);
      expect(res).toMatchObject({ code: 0 });
      expect(res.stdout).toMatch(
        /^s3-bucket\s+Create an S3 bucket\s+create-s3-bucket$/m,
      );
      const json = await cli(['templates', '--json']);
      expect(
        JSON.parse(json.stdout)
          .map((t: any) => t.name)
          .sort(),
      ).toEqual(fs.readdirSync(TEMPLATES_DIR).sort());
    }, 60_000);

    it('describe shows the fields, with the policy’s choices for policy-driven ones', async () => {
      const s3 = await cli(['describe', 's3-bucket']);
      expect(s3).toMatchObject({ code: 0 });
      expect(s3.stdout).toContain('name (required)  string  Bucket name');
      expect(s3.stdout).toContain('environments (policy): dev (default), prod');
      expect(s3.stdout).toContain(
        'your groups: group:default/payments, group:default/platform',
      );
      const db = await cli(['describe', 'postgres-database', '--json']);
      expect(db).toMatchObject({ code: 0 });
      const fields = JSON.parse(db.stdout).fields;
      const instanceClass = fields.find((f: any) => f.name === 'instanceClass');
      expect(instanceClass.policy.choice).toBe('rds.instanceClass');
      // As app-config.yaml configures them.
      expect(instanceClass.policy.choices.dev.choices).toEqual({
        type: 'list',
        values: ['db.t4g.micro', 'db.t4g.small'],
        default: 'db.t4g.micro',
      });
      expect(instanceClass.policy.choices.prod.choices.values).toEqual([
        'db.t4g.medium',
        'db.m7g.large',
      ]);
      expect(
        instanceClass.policy.choices.dev.prices['db.t4g.small'],
      ).toBeGreaterThan(0);
      const secret = await cli(['describe', 'ci-secret', '--json']);
      expect(
        JSON.parse(secret.stdout).fields.find(
          (f: any) => f.name === 'secretValue',
        ).secret,
      ).toEqual({ environmentVariable: 'GOLDEN_PATH_SECRET_SECRET_VALUE' });
    }, 90_000);

    it('run s3-bucket in plan mode: exit 0, the task log streamed with per-step progress', async () => {
      const res = await cli([
        'run',
        's3-bucket',
        '--set',
        'name=cli-e2e-files',
        '--set',
        'owner=group:default/payments',
      ]);
      expect(res).toMatchObject({ code: 0 });
      expect(res.stderr).not.toContain('✖');
      const id = taskIdIn(res.stdout)!;
      expect(id).toBeDefined();
      const lines = res.stdout.split('\n');
      const at = (text: string) => lines.findIndex(l => l.includes(text));
      // Step started, its log lines, step finished, the outcome: in that order.
      expect(at('▶ [1/1] Create the bucket with the baseline')).toBeGreaterThan(
        0,
      );
      expect(at('Plan for s3://cli-e2e-files in eu-west-1')).toBeGreaterThan(
        at('▶ [1/1]'),
      );
      // The plan is one log entry: its request lines follow in the step's gutter.
      expect(
        at('  │   CreateBucket {"Bucket":"cli-e2e-files"'),
      ).toBeGreaterThan(at('Plan for s3://cli-e2e-files in eu-west-1'));
      expect(at('✔ [1/1] Create the bucket with the baseline')).toBeGreaterThan(
        at('CreateBucket'),
      );
      expect(at(`✔ Completed (task ${id})`)).toBeGreaterThan(at('✔ [1/1]'));
      expect(res.stdout).toContain(
        'Planned only: nothing was created (plan mode).',
      );
      expect(res.stdout).toContain('Estimated cost: USD 0.23/month');
      // The log came over the scaffolder's live event stream. The backend logs a request when its
      // response ends, and a stream ends as the CLI hangs up: its line may come a moment later.
      await eventually(async () => {
        expect(fs.readFileSync(logFile, 'utf8')).toContain(
          `/api/scaffolder/v2/tasks/${id}/eventstream`,
        );
        return true;
      }, 10_000);
      const task = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
      expect(task.body.status).toBe('completed');
      expect(task.body.spec.parameters).toMatchObject({
        name: 'cli-e2e-files',
        owner: 'group:default/payments',
        environment: 'dev',
        expectedStorageGb: 10,
        monthlyCost: 0.23,
      });

      const status = await cli(['status']);
      expect(status).toMatchObject({ code: 0 });
      expect(status.stdout).toMatch(
        new RegExp(`^${id}\\s+s3-bucket\\s+completed`, 'm'),
      );
      const one = await cli(['status', id, '--json']);
      expect(JSON.parse(one.stdout)).toMatchObject({
        id,
        status: 'completed',
        steps: [{ id: 'bucket', status: 'completed' }],
      });
      const logs = await cli(['logs', id, '--follow']);
      expect(logs).toMatchObject({ code: 0 });
      expect(logs.stdout).toContain('CreateBucket {"Bucket":"cli-e2e-files"');
    }, 120_000);

    it('a request the guardrails refuse before it starts: exit 2, the rule and its fix, no task', async () => {
      const before = await taskCount();
      const res = await cli([
        'run',
        's3-bucket',
        '--set',
        'name=cli-e2e-other',
        '--set',
        'owner=group:default/checkout',
      ]);
      expect(res).toMatchObject({ code: 2 });
      expect(res.stderr).toContain(
        '✖ The guardrails would refuse this run: GP-OWNERSHIP',
      );
      expect(res.stderr).toContain(
        '[GP-OWNERSHIP] s3-bucket "cli-e2e-other" owner: user:default/guest is not a member of group:default/checkout',
      );
      expect(res.stderr).toContain(
        'allowed: group:default/payments, group:default/platform',
      );
      expect(res.stderr).toMatch(/^ {6}fix: .+/m);
      expect(await taskCount()).toBe(before);
    }, 60_000);

    it('a task the guardrails refuse in its step: exit 2, the log streamed, the rule printed', async () => {
      const res = await cli([
        'run',
        'guardrails-check',
        '--set',
        'kind=s3-bucket',
        '--set',
        'name=cli-e2e-check',
        '--set',
        'owner=group:default/checkout',
      ]);
      expect(res).toMatchObject({ code: 2 });
      const id = taskIdIn(res.stdout)!;
      expect(res.stdout).toContain('▶ [1/1] Check against policy and budget');
      expect(res.stdout).toContain(
        '│ error: [GP-OWNERSHIP] s3-bucket "cli-e2e-check" owner:',
      );
      expect(res.stdout).toContain(
        '✖ [1/1] Check against policy and budget failed',
      );
      expect(res.stderr).toContain(
        '✖ Refused by the Golden Path guardrails in step "guardrails" (Check against policy and budget): GP-OWNERSHIP',
      );
      expect(res.stderr).toMatch(/^ {6}fix: Choose one of your own groups/m);
      expect(
        (await api('GET', `/api/scaffolder/v2/tasks/${id}`)).body.status,
      ).toBe('failed');
      // logs of a refused task exits 2 as well.
      const logs = await cli(['logs', id]);
      expect(logs).toMatchObject({ code: 2 });
      expect(logs.stderr).toContain('GP-OWNERSHIP');
    }, 90_000);

    it('--dry-run plans without a task; a refused dry-run exits 2; the secret never shows', async () => {
      const before = await taskCount();
      const dry = await cli([
        'run',
        's3-bucket',
        '--dry-run',
        '--set',
        'name=cli-e2e-dry',
        '--set',
        'owner=group:default/payments',
      ]);
      expect(dry).toMatchObject({ code: 0 });
      expect(dry.stdout).toContain('Dry run of template:default/s3-bucket');
      expect(dry.stdout).toContain('Mode: plan (dry run: nothing is changed)');
      expect(dry.stdout).toContain('CreateBucket {"Bucket":"cli-e2e-dry"');
      expect(dry.stdout).toContain(
        '✔ Dry run completed: nothing was created, and no task was recorded.',
      );

      const refused = await cli(
        [
          'run',
          'ci-secret',
          '--dry-run',
          '--set',
          'repo=checkout-api',
          '--set',
          'owner=group:default/checkout',
          '--set',
          'secretName=STOLEN',
        ],
        { env: { GOLDEN_PATH_SECRET_SECRET_VALUE: SECRET } },
      );
      expect(refused).toMatchObject({ code: 2 });
      expect(refused.stdout).toContain('secretValue = (secret)');
      expect(refused.stderr).toContain(
        '✖ Refused by the Golden Path guardrails in step "secret" (Seal and store the secret): GP-OWNERSHIP',
      );
      expect(refused.stdout + refused.stderr).not.toContain(SECRET);

      // A template on disk, with the files of its folder (the skeleton).
      const local = await cli([
        'run',
        path.join(TEMPLATES_DIR, 'new-service'),
        '--dry-run',
        '--set',
        'name=cli-e2e-svc',
        '--set',
        'description=A service',
        '--set',
        'owner=group:default/payments',
        '--set',
        'costCenter=cc-42',
      ]);
      expect(local).toMatchObject({ code: 0 });
      expect(local.stdout).toContain('Workspace files it would produce: repo/');
      expect(await taskCount()).toBe(before);
    }, 120_000);

    it('a secret is never taken from the command line', async () => {
      const res = await cli([
        'run',
        'ci-secret',
        '--set',
        'repo=payments-api',
        '--set',
        'owner=group:default/payments',
        '--set',
        'secretName=TOKEN',
        '--set',
        `secretValue=${SECRET}`,
      ]);
      expect(res).toMatchObject({ code: 1 });
      expect(res.stderr).toContain(
        '--set: secretValue is a secret; it is never taken from the command line or a file. Set GOLDEN_PATH_SECRET_SECRET_VALUE',
      );
      expect(res.stdout + res.stderr).not.toContain(SECRET);
    }, 60_000);

    it('evaluate judges a file of requests: exit 0 allowed, exit 2 refused with rules and fixes', async () => {
      const allowed = path.join(work, 'allowed.yaml');
      fs.writeFileSync(
        allowed,
        YAML.stringify({
          requests: [
            {
              kind: 's3-bucket',
              name: 'cli-e2e-eval',
              environment: 'dev',
              owner: 'group:default/payments',
            },
          ],
        }),
      );
      const ok = await cli(['evaluate', allowed]);
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.stdout).toContain('✔ Allowed by the guardrails');

      const refusedFile = path.join(work, 'refused.json');
      fs.writeFileSync(
        refusedFile,
        JSON.stringify([
          {
            kind: 'rds-instance',
            name: 'cli-e2e-db',
            environment: 'prod',
            owner: 'group:default/payments',
            instanceClass: 'db.t4g.micro',
            tags: { 'cost-center': 'cc-1' },
          },
        ]),
      );
      const refused = await cli(['evaluate', refusedFile]);
      expect(refused).toMatchObject({ code: 2 });
      expect(refused.stderr).toContain(
        '✖ Refused by the Golden Path guardrails: GP-RDS-INSTANCE-CLASS',
      );
      expect(refused.stderr).toContain('allowed: db.t4g.medium, db.m7g.large');
      const json = await cli(['evaluate', refusedFile, '--json']);
      expect(json).toMatchObject({ code: 2 });
      expect(JSON.parse(json.stdout).violations[0].ruleId).toBe(
        'GP-RDS-INSTANCE-CLASS',
      );
    }, 90_000);

    it('exception: a refusal offers one, request asks for it, list shows it, and the requester cannot approve it', async () => {
      const file = path.join(work, 'big-db.yaml');
      fs.writeFileSync(
        file,
        YAML.stringify({
          request: {
            kind: 'rds-instance',
            name: 'cli-e2e-migration-db',
            environment: 'prod',
            owner: 'group:default/payments',
            instanceClass: 'db.m6g.large',
            allocatedStorageGb: 50,
            tags: { 'cost-center': 'cc-1' },
          },
        }),
      );
      const refused = await cli(['evaluate', file]);
      expect(refused).toMatchObject({ code: 2 });
      expect(refused.stdout).toContain(
        'GP-RDS-INSTANCE-CLASS may be excepted in prod: members of group:default/platform can approve for up to 14 day(s)',
      );
      const asked = await cli([
        'exception',
        'request',
        file,
        '--justification',
        'Migration week: the import needs more memory.',
        '--days',
        '3',
        '--json',
      ]);
      expect(asked).toMatchObject({ code: 0 });
      const exception = JSON.parse(asked.stdout);
      expect(exception).toMatchObject({
        status: 'pending',
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        requester: 'user:default/guest',
        durationDays: 3,
      });
      const listed = await cli(['exception', 'list', '--mine']);
      expect(listed).toMatchObject({ code: 0 });
      expect(listed.stdout).toContain(exception.id);
      const self = await cli([
        'exception',
        'approve',
        exception.id,
        '--comment',
        'fine by me',
      ]);
      expect(self.code).toBe(1);
      expect(self.stderr).toContain('GP-EXCEPTION-SELF-APPROVAL');
      const tooLong = await cli([
        'exception',
        'request',
        file,
        '--justification',
        'Migration week: the import needs more memory.',
        '--days',
        '30',
      ]);
      expect(tooLong.code).toBe(1);
      expect(tooLong.stderr).toContain('at most 14');
    }, 90_000);

    it('tickets: the guest (a platform member) imports a Jira export; types shows the measured baseline; a re-import changes nothing', async () => {
      // Two database requests before the path ran here: Monday to Wednesday 09:00 (16 working
      // hours) and Friday to Monday 13:00 (8), 1 h and 3 h logged; one row of a type no ticket
      // type lists.
      const file = path.join(work, 'jira-export.csv');
      fs.writeFileSync(
        file,
        [
          'Issue key,Issue Type,Status,Reporter,Created,Updated,Resolved,Time Spent,Summary',
          'CLI-1,Database request,Done,guest@example.com,2025-05-05 09:00,2025-05-07 09:00,2025-05-07 09:00,3600,secret plans',
          'CLI-2,Database request,Done,guest@example.com,2025-05-09 13:00,2025-05-12 13:00,2025-05-12 13:00,10800,more text',
          'CLI-3,Coffee machine,Done,guest@example.com,2025-05-08 13:00,2025-05-11 13:00,2025-05-11 13:00,60,',
        ].join('\n'),
      );
      const first = await cli(['tickets', 'import', file, '--format', 'jira']);
      expect(first.code).toBe(1);
      expect(first.stdout).toContain(
        '3 rows read, 2 created, 0 updated, 0 unchanged, 1 skipped',
      );
      expect(first.stdout).toMatch(/row 4: .*csv\.values/);
      const again = await cli([
        'tickets',
        'import',
        file,
        '--format',
        'jira',
        '--json',
      ]);
      expect(JSON.parse(again.stdout)).toMatchObject({
        status: 'succeeded',
        created: 0,
        unchanged: 2,
        by: 'user:default/guest',
      });
      const types = await cli(['tickets', 'types', '--json']);
      expect(types).toMatchObject({ code: 0 });
      const database = JSON.parse(types.stdout).find(
        (t: any) => t.name === 'provision-database',
      );
      // Median of 16 and 8 working hours (nearest rank: 8); mean of 1 h and 3 h logged.
      expect(database.baseline).toMatchObject({
        tickets: 2,
        waitToResolve: { median: 8 * 3600, p90: 16 * 3600, tickets: 2 },
        opsEffort: { meanSeconds: 2 * 3600, tickets: 2 },
      });
      const table = await cli(['tickets', 'types']);
      expect(table.stdout).toMatch(
        /provision-database .* 8\.0 h wait, 2\.0 h ops \(2 tickets\)/,
      );
      const bad = await cli(['tickets', 'import', file, '--format', 'excel']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--format must be one of jira, servicenow');
    }, 90_000);

    it('lint checks templates against the backend’s live policy and actions', async () => {
      const clean = await cli(['lint', TEMPLATES_DIR]);
      expect(clean.stderr).toContain(
        `Policy from ${url}/api/golden-path/policy; actions from ${url}/api/scaffolder/v2/actions.`,
      );
      expect(clean.stdout).toContain(
        `${
          fs.readdirSync(TEMPLATES_DIR).length
        } template(s): 0 error(s), 0 warning(s)`,
      );
      expect(clean).toMatchObject({ code: 0 });

      const broken = path.join(work, 'broken/template.yaml');
      fs.mkdirSync(path.dirname(broken), { recursive: true });
      fs.writeFileSync(
        broken,
        fs
          .readFileSync(
            path.join(TEMPLATES_DIR, 's3-bucket/template.yaml'),
            'utf8',
          )
          .replace(
            'action: golden-path:aws:s3:create',
            'action: golden-path:aws:s3:creat',
          ),
      );
      const res = await cli(['lint', broken]);
      expect(res).toMatchObject({ code: 1 });
      expect(res.stdout).toMatch(
        /template\.yaml:\d+:\d+ +error +.*golden-path:aws:s3:creat.*\[unknown-action\]/,
      );
      expect(res.stdout).toMatch(/^1 template\(s\): [1-9]\d* error\(s\)/m);
    }, 180_000);
  });

  describe('signing in', () => {
    const home = path.join(work, 'browser-config');
    const asBrowserUser = { XDG_CONFIG_HOME: home };
    const stored = () =>
      JSON.parse(
        fs.readFileSync(
          path.join(home, 'golden-path/credentials.json'),
          'utf8',
        ),
      ).backends[url];

    it("uses Backstage's CLI sign-in: the browser approves, the code is traded with PKCE, the token renews", async () => {
      const login = start(['login', '--url', url, '--no-browser'], {
        env: asBrowserUser,
      });
      // The browser: open the address the command printed, sign in, approve.
      const authorize = await eventually(
        async () =>
          /(http:\/\/\S+\/api\/auth\/v1\/authorize\?\S+)/.exec(
            login.stderr(),
          )?.[1],
      );
      expect(new URL(authorize).searchParams.get('code_challenge_method')).toBe(
        'S256',
      );
      const redirect = await fetch(authorize, { redirect: 'manual' });
      const session = /\/oauth2\/authorize\/([^/?]+)$/.exec(
        redirect.headers.get('location') ?? '',
      )?.[1];
      expect(session).toBeDefined();
      const approved = await api(
        'POST',
        `/api/auth/v1/sessions/${session}/approve`,
      );
      expect(approved.status).toBe(200);
      const back = await fetch(approved.body.redirectUrl);
      expect(await back.text()).toContain(
        'Signed in to the golden-path command',
      );
      const res = await login.done;
      expect(res).toMatchObject({ code: 0 });
      expect(res.stdout).toContain(
        `Signed in to ${url} as user:default/guest (browser sign-in`,
      );
      const first = stored();
      expect(first).toMatchObject({
        method: 'browser',
        userEntityRef: 'user:default/guest',
        clientId: `${url}/api/auth/.well-known/oauth-client/cli.json`,
      });
      expect(first.refreshToken).toEqual(expect.any(String));
      expect(
        fs.statSync(path.join(home, 'golden-path/credentials.json')).mode &
          0o777,
      ).toBe(0o600);

      // An expired access token is renewed with the refresh token before the command runs.
      const file = JSON.parse(
        fs.readFileSync(
          path.join(home, 'golden-path/credentials.json'),
          'utf8',
        ),
      );
      file.backends[url].expiresAt = 0;
      fs.writeFileSync(
        path.join(home, 'golden-path/credentials.json'),
        JSON.stringify(file),
      );
      const templates = await cli(['templates'], { env: asBrowserUser });
      expect(templates).toMatchObject({ code: 0 });
      const renewed = stored();
      expect(renewed.refreshToken).not.toBe(first.refreshToken);
      expect(renewed.expiresAt).toBeGreaterThan(Date.now());

      // logout revokes the refresh token: the backend no longer takes it.
      const out = await cli(['logout'], { env: asBrowserUser });
      expect(out).toMatchObject({ code: 0 });
      expect(out.stdout).toContain('(its refresh token revoked)');
      const reuse = await fetch(`${url}/api/auth/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: renewed.refreshToken,
        }),
      });
      expect(reuse.status).toBe(400);
    }, 120_000);

    it('--with-token stores a token read from stdin, checked first (an external-access static token)', async () => {
      const env = { XDG_CONFIG_HOME: path.join(work, 'token-config') };
      const bad = await cli(['login', '--url', url, '--with-token'], {
        env,
        input: 'not-a-token\n',
      });
      expect(bad).toMatchObject({ code: 1 });
      expect(bad.stderr).toContain(
        `${url} does not accept this token (HTTP 401)`,
      );
      const res = await cli(['login', '--url', url, '--with-token'], {
        env,
        input: `${STATIC_TOKEN}\n`,
      });
      expect(res).toMatchObject({ code: 0 });
      const who = await cli(['whoami'], { env });
      expect(who.stdout).toContain('User:     (not a user token)');
      const templates = await cli(['templates'], { env });
      expect(templates).toMatchObject({ code: 0 });
      expect(templates.stdout).toContain('s3-bucket');
      // A static token is a service, not a person: the guardrails judge it as nobody.
      const run = await cli(
        [
          'run',
          's3-bucket',
          '--set',
          'name=cli-e2e-service',
          '--set',
          'owner=group:default/payments',
        ],
        { env },
      );
      expect(run).toMatchObject({ code: 2 });
      expect(run.stderr).toContain('GP-OWNERSHIP');
      expect(
        fs.readFileSync(
          path.join(env.XDG_CONFIG_HOME, 'golden-path/credentials.json'),
          'utf8',
        ),
      ).not.toContain('not-a-token');
    }, 90_000);

    it('without a sign-in or a backend, says what to do (exit 1)', async () => {
      const env = { XDG_CONFIG_HOME: path.join(work, 'empty-config') };
      const none = await cli(['templates'], { env });
      expect(none).toMatchObject({ code: 1 });
      expect(none.stderr).toContain('Which Backstage? Pass --url');
      const unsigned = await cli(['templates', '--url', url], { env });
      expect(unsigned).toMatchObject({ code: 1 });
      expect(unsigned.stderr).toContain(
        `Not signed in to ${url}: run golden-path login --url ${url}`,
      );
      // GOLDEN_PATH_TOKEN needs no stored sign-in.
      const withEnv = await cli(['templates', '--url', url], {
        env: { ...env, GOLDEN_PATH_TOKEN: token },
      });
      expect(withEnv).toMatchObject({ code: 0 });
    }, 60_000);
  });
});
