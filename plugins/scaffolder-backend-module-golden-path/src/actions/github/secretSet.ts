import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { normaliseGroupRef, resourceRefFor } from '@golden-path/plugin-golden-path-common';
import sodium from 'libsodium-wrappers';
import { decideRunMode, enforceGuardrails, GuardDeps, requesterOf } from '../../guard';
import { GithubAccessProvider } from '../../github/access';
import { describeCall, GithubCall, repoPath, sendCall, statusOf } from '../../github/calls';
import { findRepoOwners } from '../../github/repoOwners';
import { resourceRecorder } from '../../inventory';
import { examples } from './secretSet.examples';

export const SECRET_SET_ID = 'golden-path:github:secret:set';

/** The requests for one secret: where its key comes from and where the sealed box goes. */
export function planSecret(org: string, repo: string, name: string, githubEnvironment?: string): { key: GithubCall; put: (body?: Record<string, unknown>) => GithubCall } {
  const base = githubEnvironment ? repoPath(org, repo, `/environments/${encodeURIComponent(githubEnvironment)}/secrets`) : repoPath(org, repo, '/actions/secrets');
  return {
    key: { id: 'public-key', method: 'GET', path: `${base}/public-key`, purpose: 'read the public key to seal the value with' },
    put: body => ({ id: `secret.${name}`, method: 'PUT', path: `${base}/${encodeURIComponent(name)}`, body, purpose: `set ${name} (sealed box)` }),
  };
}

async function seal(value: string, publicKey: string): Promise<string> {
  await sodium.ready;
  const box = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL));
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}

/**
 * `golden-path:github:secret:set`: GitHub Actions secrets at repository or environment scope,
 * sealed with the repository's public key, only into repositories the requester's team owns.
 * Values are never logged, output, checkpointed or put in an error.
 */
export function createGithubSecretSetAction(deps: GuardDeps & { github: GithubAccessProvider; catalog: CatalogService }) {
  return createTemplateAction({
    id: SECRET_SET_ID,
    description:
      'Sets GitHub Actions secrets (repository or environment scope) with a sealed box, only into repositories owned by a team of the requester. Values come from Secret fields (${{ secrets.x }}) and are never logged or stored.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repo: z => z.string().describe('Repository name in the configured organisation'),
        owner: z => z.string().describe('The requesting team (group ref); must own the repository'),
        environment: z => z.string().describe('Policy profile, e.g. dev or prod'),
        secrets: z => z.record(z.string(), z.string()).optional().describe('Secret name → value; use ${{ secrets.x }} from a Secret field'),
        name: z => z.string().optional().describe('One secret: its name (with value), when the name comes from the form'),
        value: z => z.string().optional().describe('One secret: its value, from ${{ secrets.x }}'),
        scope: z => z.string().optional().describe('repository (default) or environment'),
        githubEnvironment: z => z.string().optional().describe('Deployment environment for scope environment; created when missing'),
        token: z => z.string().optional().describe('User token from RepoUrlPicker requestUserCredentials'),
      },
      output: {
        secretNames: z => z.array(z.string()),
        repoUrl: z => z.string(),
        secretsUrl: z => z.string().describe('The repository’s Actions secrets settings page'),
        resourceRef: z => z.string().describe('Resource entity of the repository'),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const { repo, owner, environment, scope = 'repository', githubEnvironment } = ctx.input;
      const secrets: Record<string, string> = { ...ctx.input.secrets };
      if (ctx.input.name !== undefined) secrets[ctx.input.name] = ctx.input.value ?? '';
      const names = Object.keys(secrets);
      if (!names.length) throw new InputError('secrets must name at least one secret');

      const access = await deps.github({ userToken: ctx.input.token });
      const { org } = access;
      const found = await findRepoOwners({ org, repo, catalog: deps.catalog, credentials: await ctx.getInitiatorCredentials(), octokit: access.octokit });
      const mine = new Set((requesterOf(ctx).groups ?? []).map(normaliseGroupRef));
      let repoOwner = found.owners.find(o => mine.has(o)) ?? found.owners[0];
      if (!repoOwner && !access.octokit && found.exists === undefined) {
        // Nothing to check against without GitHub access: plan mode shows the plan, live mode re-checks.
        repoOwner = normaliseGroupRef(owner);
        ctx.logger.info(`Plan mode: ${org}/${repo} is not in the catalog; its ownership is verified against GitHub teams when this runs live`);
      } else {
        ctx.logger.info(`Owners of ${org}/${repo} (${found.sources.join(', ') || 'no source'}): ${found.owners.join(', ') || 'none found'}`);
      }

      await enforceGuardrails(
        ctx,
        names.map(name => ({
          kind: 'github-secret',
          name,
          environment,
          owner,
          repo,
          scope,
          ...(githubEnvironment !== undefined && { githubEnvironment }),
          valueBytes: Buffer.byteLength(secrets[name] ?? '', 'utf8'),
          ...(repoOwner && { repoOwner }),
        })),
        deps,
      );
      if (found.exists === false) throw new InputError(`Repository ${org}/${repo} does not exist`);

      const envName = scope === 'environment' ? githubEnvironment : undefined;
      const envCall: GithubCall | undefined = envName
        ? { id: 'environment', method: 'PUT', path: repoPath(org, repo, `/environments/${encodeURIComponent(envName)}`), purpose: `create the ${envName} environment if missing` }
        : undefined;
      const plans = names.map(name => ({ name, ...planSecret(org, repo, name, envName) }));

      const secretsUrl = `https://${access.host}/${org}/${repo}/settings/${envName ? 'environments' : 'secrets/actions'}`;
      // Names only: one inventory record per secret, under its repository (and environment).
      const records = new Map(names.map(name => [name, resourceRecorder(ctx, {
        kind: 'github-secret', name: [repo, envName, name].filter(Boolean).join('/'), owner: normaliseGroupRef(owner), environment,
        externalId: `https://${access.host}/${org}/${repo}`, url: secretsUrl, monthlyCost: 0,
      })]));
      ctx.output('secretNames', names);
      ctx.output('repoUrl', `${access.host}?owner=${encodeURIComponent(org)}&repo=${encodeURIComponent(repo)}`);
      ctx.output('secretsUrl', secretsUrl);
      ctx.output('resourceRef', resourceRefFor('github-repo', repo));

      const mode = decideRunMode(ctx, deps, 'github', !!access.octokit);
      ctx.logger.info(`Mode: ${mode.mode} (${mode.reason})`);
      ctx.logger.info(`Plan for ${org}/${repo}:`);
      if (envCall) ctx.logger.info(`  ${describeCall(envCall)}`);
      ctx.logger.info(`  ${describeCall(plans[0].key)}`);
      for (const p of plans) ctx.logger.info(`  ${describeCall(p.put({ encrypted_value: '…', key_id: '<from the public key>' }))}`);
      if (mode.mode === 'plan' || !access.octokit) {
        for (const record of records.values()) record('planned');
        ctx.output('planned', true);
        return;
      }

      const octokit = access.octokit;
      if (envCall) {
        await ctx.checkpoint({
          key: `secret.environment.${envName}.v1`,
          fn: async () => {
            const exists = await sendCall(octokit, { ...envCall, method: 'GET', purpose: 'look up the environment' }).then(() => true, e => (statusOf(e) === 404 ? false : Promise.reject(e)));
            if (!exists) {
              await sendCall(octokit, envCall);
              ctx.logger.info(`Created environment ${envName}`);
            }
            return exists ? 'existed' : 'created';
          },
        });
      }
      const key: { key: string; key_id: string } = await sendCall(octokit, plans[0].key);
      for (const p of plans) {
        records.get(p.name)!('requested');
        // The checkpoint key holds names only, and its value only the key id.
        await ctx.checkpoint({
          key: `secret.${scope}.${envName ?? 'repo'}.${p.name}.v1`,
          fn: async () => {
            const encrypted = await seal(secrets[p.name], key.key);
            try {
              await sendCall(octokit, p.put({ encrypted_value: encrypted, key_id: key.key_id }));
            } catch (e) {
              // A fresh error: Octokit's carries the request, which we do not let travel.
              throw new Error(`GitHub refused secret ${p.name} for ${org}/${repo} (HTTP ${statusOf(e) ?? 'error'})`);
            }
            return { keyId: key.key_id };
          },
        });
        ctx.logger.info(`Set ${p.name} on ${org}/${repo}${envName ? ` (environment ${envName})` : ''}`);
        records.get(p.name)!('created');
      }
      ctx.output('planned', false);
    },
  });
}
