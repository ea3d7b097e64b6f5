import type { FakeGithubOptions } from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  eventually,
  startGoldenPathBackend,
  TEMPLATES_DIR,
} from '../integration/backend';

type Ctx = Awaited<ReturnType<typeof startGoldenPathBackend>>;

/** Organisations where GitHub protects private repositories: GitHub scenarios run in each. */
export const PROTECTING_ORGANISATIONS: Array<[string, FakeGithubOptions]> = [
  ['a Team organisation', { plan: 'team' }],
  [
    'an Enterprise organisation whose default branch is trunk',
    { plan: 'enterprise', defaultBranch: 'trunk' },
  ],
];

/** `integrations` config that sends github.test to a GitHub stand-in. */
export const githubIntegration = (github: { url: string }) => ({
  github: [
    { host: 'github.test', apiBaseUrl: github.url, token: 'ghp-test-token' },
  ],
});

/** The goldenPath config of a live backend in the acme organisation on github.test. */
export const LIVE_IN_ACME = {
  mode: 'live',
  github: { org: 'acme', host: 'github.test' },
};

/** What the Create page sends for Secret fields: the value in `secrets`, asterisks in `values`. */
function withMaskedSecrets(
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
) {
  const masked = Object.fromEntries(
    Object.entries(secrets ?? {}).map(([k, v]) => [k, '*'.repeat(v.length)]),
  );
  return { ...values, ...masked };
}

/** Runs a catalog template through POST /v2/tasks and waits for it to finish. */
export async function runTask(
  ctx: Ctx,
  templateName: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
) {
  const created = await ctx
    .request()
    .post('/api/scaffolder/v2/tasks')
    .set(ctx.auth)
    .send({
      templateRef: `template:default/${templateName}`,
      values: withMaskedSecrets(values, secrets),
      secrets,
    });
  if (created.status !== 201)
    throw new Error(
      `POST /v2/tasks: ${created.status} ${JSON.stringify(created.body).slice(
        0,
        600,
      )}`,
    );
  const id: string = created.body.id;
  const task = await eventually(async () => {
    const res = await ctx
      .request()
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set(ctx.auth);
    return ['completed', 'failed', 'cancelled'].includes(res.body.status)
      ? res.body
      : undefined;
  }, 60_000);
  const events = (
    await ctx
      .request()
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set(ctx.auth)
      .expect(200)
  ).body as any[];
  const log = events
    .filter(e => e.type === 'log')
    .map(e => e.body.message as string);
  const completion = events.find(e => e.type === 'completion');
  return {
    id,
    status: task.status as string,
    log,
    output: completion?.body?.output ?? {},
    events,
    task,
  };
}

/** A packaged template (the catalog module's templates/) and its folder as the dry-run API takes them. */
export function templateForDryRun(name: string) {
  const dir = path.join(TEMPLATES_DIR, name);
  const template = YAML.parse(
    fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
  );
  const directoryContents: Array<{ path: string; base64Content: string }> = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel !== 'template.yaml')
        directoryContents.push({
          path: rel,
          base64Content: fs
            .readFileSync(path.join(dir, rel))
            .toString('base64'),
        });
    }
  };
  walk('.');
  return { template, directoryContents };
}

export async function dryRun(
  ctx: Ctx,
  name: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
) {
  const { template, directoryContents } = templateForDryRun(name);
  const res = await ctx
    .request()
    .post('/api/scaffolder/v2/dry-run')
    .set(ctx.auth)
    .send({
      template,
      values: withMaskedSecrets(values, secrets),
      secrets,
      directoryContents,
    });
  const log: string[] = (res.body.log ?? []).map((l: any) => l.body.message);
  return { status: res.status, body: res.body, log };
}

export async function waitForTemplates(ctx: Ctx, names: string[]) {
  await eventually(async () => {
    for (const name of [
      ...names.map(n => `template/default/${n}`),
      'user/default/guest',
    ]) {
      const res = await ctx
        .request()
        .get(`/api/catalog/entities/by-name/${name}`)
        .set(ctx.auth);
      if (res.status !== 200) return undefined;
    }
    return true;
  }, 60_000);
}

/** The inventory rows a task wrote, as the signed-in guest reads them from the golden-path API. */
export async function taskResources(ctx: Ctx, taskId: string): Promise<any[]> {
  return (
    await ctx
      .request()
      .get(`/api/golden-path/resources?taskId=${taskId}`)
      .set(ctx.auth)
      .expect(200)
  ).body.items;
}
