import {
  FakeGithub,
  Interception,
  startFakeAws,
  StartedFakeAws,
  startFakeGithub,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually, postgresConnection } from '../integration/backend';
import {
  awsLabel,
  githubLabel,
  KillPoint,
  killPointsOf,
  TaskCall,
  taskOf,
} from './killPoints';
import {
  guestToken,
  ProductBackend,
  startProductBackend,
} from './productBackend';

/*
 * Must show of crash safety: the product backend runs new-service in live mode against the GitHub
 * and AWS stand-ins; one task per kill point is stopped there (a request held before or after the
 * stand-in handles it), the backend is SIGKILLed with all of them in flight, and started again on a
 * fresh work folder with task recovery on, as a redeployed container would be.
 */

const FINISHED = ['completed', 'failed', 'cancelled'];

const freePort = () =>
  new Promise<number>(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const service = (n: number) => ({
  name: `crash-${n}`,
  description: 'Crash test service',
  owner: 'group:default/payments',
  environment: 'dev',
  visibility: 'private',
  costCenter: 'cc-42',
  instanceClass: 'db.t4g.small',
  allocatedStorageGb: 30,
  dbName: 'app',
  createBucket: true,
  bucketStorageGb: 20,
});

describe('new-service killed at every step boundary and mid-step, resumed on a fresh work folder', () => {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-crash-'));
  const calls = new Map<number, TaskCall[]>();
  const pointOf = new Map<number, KillPoint>();
  const held = new Set<number>();
  let kill!: () => void;
  const killed = new Promise<void>(resolve => (kill = resolve));
  let github: FakeGithub;
  let aws: StartedFakeAws;
  let backend: ProductBackend | undefined;
  let config: Record<string, any>;
  let token: string;

  /** Records the call for its task; holds it if it is that task's kill point. */
  function decide(call: {
    text: string;
    label: string;
    mutating: boolean;
  }): Interception | Promise<Interception> {
    const task = taskOf(call.text);
    if (task === undefined) return 'answer';
    const list = calls.get(task) ?? [];
    calls.set(task, list);
    const occurrence = list.filter(c => c.label === call.label).length + 1;
    list.push({ label: call.label, occurrence, mutating: call.mutating });
    const point = pointOf.get(task);
    if (
      !point ||
      held.has(task) ||
      point.label !== call.label ||
      point.occurrence !== occurrence
    )
      return 'answer';
    held.add(task);
    return killed.then(() => point.mode);
  }

  const workFolder = () => fs.mkdtempSync(path.join(logDir, 'work-'));
  const start = async (name: string) =>
    startProductBackend({
      port: config.backend.listen.port,
      config: {
        ...config,
        backend: { ...config.backend, workingDirectory: workFolder() },
      },
      env: { AWS_ENDPOINT_URL: aws.endpoint! },
      logFile: path.join(logDir, `${name}.log`),
    });

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${backend!.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const startTask = async (n: number) => {
    const res = await api('POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/new-service',
      values: service(n),
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const finished = (id: string, timeoutMs: number) =>
    eventually(async () => {
      const res = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
      return FINISHED.includes(res.body.status) ? res.body : undefined;
    }, timeoutMs);
  const events = async (id: string) =>
    (await api('GET', `/api/scaffolder/v2/tasks/${id}/events`)).body as any[];

  beforeAll(async () => {
    github = await startFakeGithub({
      plan: 'team',
      intercept: r => decide(githubLabel(r)),
    });
    aws = await startFakeAws({
      transport: 'wire',
      intercept: c => decide(awsLabel(c)),
    });
    const port = await freePort();
    config = {
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: {
          client: 'pg',
          connection: postgresConnection(),
          prefix: `gp_crash_${Date.now().toString(36)}_`,
        },
      },
      integrations: {
        github: [
          { host: 'github.test', apiBaseUrl: github.url, token: 'ghp-test' },
        ],
      },
      aws: aws.accountsConfig,
      scaffolder: {
        concurrentTasksLimit: 100,
        // Longer than a heartbeat can lag on a loaded machine (a held task the first backend
        // recovered while it still ran would finish before its kill point); the restart takes
        // longer than this, so every killed task is stale by then.
        taskRecovery: { enabled: true, staleTimeout: { seconds: 15 } },
      },
      goldenPath: {
        mode: 'live',
        github: { org: 'acme', host: 'github.test' },
        budget: { teamMonthly: { default: 1_000_000 } },
      },
    };
    backend = await start('first');
    token = await guestToken(backend.url);
  }, 180_000);

  afterAll(async () => {
    await backend?.kill();
    await github?.close();
    await aws?.stop();
  });

  it('leaves exactly one of each resource with its baseline, or rolls the half-built back', async () => {
    // A run without a crash: the calls every kill point is taken from.
    await eventually(async () => {
      const res = await api(
        'GET',
        '/api/catalog/entities/by-name/template/default/new-service',
      );
      return res.status === 200 || undefined;
    }, 60_000);
    const baseline = await finished(await startTask(0), 60_000);
    expect(baseline.status).toBe('completed');
    const baselineCalls = [...calls.get(0)!];
    const points = killPointsOf(baselineCalls);
    // The repository step is the one that reads the workspace; it runs before any AWS call.
    const firstAws = baselineCalls.findIndex(c => c.label.startsWith('aws '));
    const repoStep = new Set(
      baselineCalls.slice(0, firstAws).map(c => c.label),
    );
    expect(points.length).toBeGreaterThan(20);
    points.forEach((point, i) => pointOf.set(i + 1, point));

    const ids = new Map<number, string>();
    for (const n of pointOf.keys()) ids.set(n, await startTask(n));
    // Every task reaches its kill point; none finishes first.
    await eventually(async () => {
      for (const [n, id] of ids) {
        const res = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
        if (FINISHED.includes(res.body.status)) {
          const tail = (await events(id))
            .slice(-6)
            .map(e => `${e.type}: ${e.body.message ?? e.body.status ?? ''}`);
          throw new Error(
            `crash-${n} ${res.body.status} before its kill point (${
              pointOf.get(n)?.mode
            } ${pointOf.get(n)?.label}); last events:\n${tail.join('\n')}`,
          );
        }
      }
      return held.size === ids.size || undefined;
    }, 180_000);

    await backend!.kill();
    kill();
    backend = await start('after-crash');

    const outcomes = new Map<number, { status: string; log: string[] }>();
    for (const [n, id] of ids) {
      const task = await finished(id, 240_000);
      const log = (await events(id))
        .filter(e => e.type === 'log')
        .map(e => String(e.body.message));
      outcomes.set(n, { status: task.status, log });
    }

    // What happened to each task, and its log, next to the backend logs for a failing run.
    fs.writeFileSync(
      path.join(logDir, 'outcomes.json'),
      JSON.stringify(
        [...pointOf].map(([n, point]) => ({ n, point, ...outcomes.get(n) })),
        null,
        1,
      ),
    );
    const baselineRepo = github.repos.get('acme/crash-0')!;
    expect(aws.nonCompliant()).toEqual([]);
    /** What a finished task left behind, in the terms the expectation below uses. */
    const leftBehind = async (n: number) => {
      const repo = github.repos.get(`acme/crash-${n}`);
      const component = await api(
        'GET',
        `/api/catalog/entities/by-name/component/default/crash-${n}`,
      );
      return {
        repo: repo && {
          files: Object.keys(repo.blobs).length,
          rulesets: repo.rulesets.length,
          teams: repo.teams,
          secrets: Object.keys(repo.environments.dev?.secrets ?? {}).sort(),
        },
        aws: aws
          .resources()
          .filter(r => r.name.startsWith(`crash-${n}-`))
          .map(r => r.service)
          .sort(),
        componentOwner:
          component.status === 200 ? component.body.spec.owner : undefined,
      };
    };
    const complete = {
      repo: {
        files: Object.keys(baselineRepo.blobs).length,
        rulesets: 1,
        teams: { payments: 'maintain' },
        secrets: ['DATABASE_ENDPOINT', 'DATABASE_SECRET_ARN'],
      },
      aws: ['rds', 's3'],
      componentOwner: 'group:default/payments',
    };
    const nothing = { repo: undefined, aws: [], componentOwner: undefined };

    const seen = [];
    const expected = [];
    for (const [n, point] of pointOf) {
      const { status, log } = outcomes.get(n)!;
      const where = `crash-${n} (${point.mode} ${point.label} #${point.occurrence})`;
      // Only the step that needs the lost workspace may fail; every other step resumes.
      const fails = repoStep.has(point.label);
      const repoWasCreated = github.requests.some(
        r =>
          r.method === 'POST' &&
          r.path === '/orgs/acme/repos' &&
          r.body?.name === `crash-${n}`,
      );
      if (!fails)
        // The catalog processes the new location in the background.
        await eventually(
          async () => (await leftBehind(n)).componentOwner,
          60_000,
        ).catch(() => undefined);
      seen.push({
        where,
        status,
        // The log from before the crash is still there.
        preCrashLogKept: log.some(l => /Guardrails passed/.test(l)),
        saysRolledBack: log.some(l => /Rolled back: deleted/.test(l)),
        ...(await leftBehind(n)),
      });
      expected.push({
        where,
        status: fails ? 'failed' : 'completed',
        preCrashLogKept: true,
        // A failed task created its repository before the crash: it was deleted, and the log says so.
        saysRolledBack: fails && repoWasCreated,
        ...(fails ? nothing : complete),
      });
    }
    expect(seen).toEqual(expected);
  }, 900_000);
});
