import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  normaliseGroupRef,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import { Octokit } from '@octokit/rest';
import sodium from 'libsodium-wrappers';
import { decideRunMode, enforceGuardrails, GuardDeps } from '../../../guard';
import { GithubAccessProvider } from '../../../github/access';
import {
  describeCall,
  GithubCall,
  repoPath,
  sendCall,
  statusOf,
} from '../../../github/calls';
import { repoOwnersOnGithub } from '../../../github/repoOwners';
import { resourceRecorder } from '../../../inventory';
import { examples } from './examples';
import { planSecret } from './plan';

/** The id of the GitHub secret action: `golden-path:github:secret:set`. @public */
export const SECRET_SET_ID = 'golden-path:github:secret:set';

/** libsodium's crypto_box_SEALBYTES: an ephemeral public key and a MAC. */
const SEALED_BOX_OVERHEAD = 48;

async function seal(value: string, publicKey: string): Promise<string> {
  await sodium.ready;
  const box = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL),
  );
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}

/** Whether a deployment environment exists, from every page of the repository's environments. */
async function environmentExists(
  octokit: Octokit,
  org: string,
  repo: string,
  name: string,
): Promise<boolean> {
  for (let page = 1; ; page++) {
    const answer = await octokit.request(
      'GET /repos/{owner}/{repo}/environments',
      { owner: org, repo, per_page: 100, page },
    );
    const found = answer.data.environments ?? [];
    if (found.some(e => e.name.toLowerCase() === name.toLowerCase()))
      return true;
    if (found.length < 100) return false;
  }
}

/**
 * `golden-path:github:secret:set`: GitHub Actions secrets at repository or environment scope,
 * sealed with the repository's public key, only into repositories the requester's team owns.
 * Values are never logged, output, checkpointed or put in an error.
 * @public
 */
export function createGithubSecretSetAction(
  deps: GuardDeps & { github: GithubAccessProvider },
) {
  return createTemplateAction({
    id: SECRET_SET_ID,
    description:
      'Sets GitHub Actions secrets (repository or environment scope) with a sealed box, only into repositories owned by a team of the requester. Values come from Secret fields (${{ secrets.x }}) and are never logged or stored.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repo: z =>
          z.string().describe('Repository name in the configured organisation'),
        owner: z =>
          z
            .string()
            .describe(
              'The requesting team (group ref); must own the repository',
            ),
        environment: z =>
          z.string().describe('Policy profile, e.g. dev or prod'),
        secrets: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'Secret name → value; use ${{ secrets.x }} from a Secret field',
            ),
        nonSecretValues: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'Name → value that is not itself secret (an endpoint, an ARN from an earlier step) but is stored as an Actions secret; anything typed by a person belongs in `secrets`',
            ),
        name: z =>
          z
            .string()
            .optional()
            .describe(
              'One secret: its name (with value), when the name comes from the form',
            ),
        value: z =>
          z
            .string()
            .optional()
            .describe('One secret: its value, from ${{ secrets.x }}'),
        scope: z =>
          z.string().optional().describe('repository (default) or environment'),
        githubEnvironment: z =>
          z
            .string()
            .optional()
            .describe(
              'Deployment environment for scope environment; created when missing',
            ),
        token: z =>
          z
            .string()
            .optional()
            .describe('User token from RepoUrlPicker requestUserCredentials'),
      },
      output: {
        secretNames: z => z.array(z.string()),
        repoUrl: z => z.string(),
        secretsUrl: z =>
          z.string().describe('The repository’s Actions secrets settings page'),
        resourceRef: z =>
          z.string().describe('Resource entity of the repository'),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const {
        repo,
        owner,
        environment,
        scope = 'repository',
        githubEnvironment,
      } = ctx.input;
      const secrets: Record<string, string> = {
        ...ctx.input.nonSecretValues,
        ...ctx.input.secrets,
      };
      if (ctx.input.name !== undefined)
        secrets[ctx.input.name] = ctx.input.value ?? '';
      const declaredPlain = new Set(
        Object.keys(ctx.input.nonSecretValues ?? {}).filter(
          n => !(n in (ctx.input.secrets ?? {})) && n !== ctx.input.name,
        ),
      );
      const names = Object.keys(secrets);
      if (!names.length)
        throw new InputError('secrets must name at least one secret');

      // From policy, not from the access provider: resolving credentials may already call GitHub (App tokens).
      const { githubOrg: org, githubHost: host } = deps.policy.getTargets();
      // A value typed into a plain parameter is stored and logged in clear by the scaffolder:
      // only the task's own secrets (Secret fields) are accepted, never the user's Backstage token.
      const { backstageToken: _token, ...taskSecrets } = (ctx.secrets ??
        {}) as Record<string, string>;
      const fromSecrets = new Set(Object.values(taskSecrets));
      const sourceOf = (name: string) => {
        if (declaredPlain.has(name)) return 'declared-non-secret';
        return fromSecrets.has(secrets[name]) ? 'task-secret' : 'parameter';
      };
      const requests = names.map(name => ({
        kind: 'github-secret',
        name,
        environment,
        owner,
        repo,
        scope,
        ...(githubEnvironment !== undefined && { githubEnvironment }),
        valueBytes: Buffer.byteLength(secrets[name] ?? '', 'utf8'),
        valueSource: sourceOf(name),
      }));
      // First every rule that needs no provider: no GitHub request is made before these pass.
      // Ownership claims come from trusted catalog sources only; GitHub decides below, live.
      const claims = await deps.directory.repoClaims(org, repo);
      await enforceGuardrails(
        ctx,
        requests,
        deps,
        claims.length ? { repoOwners: { [repo]: claims } } : {},
      );

      const envName = scope === 'environment' ? githubEnvironment : undefined;
      const envCall: GithubCall | undefined = envName
        ? {
            id: 'environment',
            method: 'PUT',
            path: repoPath(
              org,
              repo,
              `/environments/${encodeURIComponent(envName)}`,
            ),
            purpose: `create the ${envName} environment if missing`,
          }
        : undefined;
      const plans = names.map(name => ({
        name,
        ...planSecret(org, repo, name, envName),
      }));

      const secretsUrl = `https://${host}/${org}/${repo}/settings/${
        envName ? 'environments' : 'secrets/actions'
      }`;
      // Names only: one inventory record per secret, under its repository (and environment).
      const records = new Map(
        names.map(name => [
          name,
          resourceRecorder(ctx, deps.ledger, {
            kind: 'github-secret',
            name: [repo, envName, name].filter(Boolean).join('/'),
            owner: normaliseGroupRef(owner),
            environment,
            externalId: `https://${host}/${org}/${repo}`,
            url: secretsUrl,
            monthlyCost: 0,
          }),
        ]),
      );
      ctx.output('secretNames', names);
      ctx.output(
        'repoUrl',
        `${host}?owner=${encodeURIComponent(org)}&repo=${encodeURIComponent(
          repo,
        )}`,
      );
      ctx.output('secretsUrl', secretsUrl);
      ctx.output('resourceRef', resourceRefFor('github-repo', repo));

      const access = await deps.github({ userToken: ctx.input.token });
      const mode = decideRunMode(ctx, deps, 'github', !!access.octokit);
      ctx.logger.info(`Mode: ${mode.mode} (${mode.reason})`);
      ctx.logger.info(`Plan for ${org}/${repo}:`);
      ctx.logger.info(
        `  GET ${repoPath(
          org,
          repo,
          '/teams',
        )}  (the owning team must have admin or maintain on the repository)`,
      );
      if (envCall) ctx.logger.info(`  ${describeCall(envCall)}`);
      ctx.logger.info(`  ${describeCall(plans[0].key)}`);
      // The name and the size of what is sent (a sealed box adds 48 bytes to the value), never the value.
      for (const p of plans)
        ctx.logger.info(
          `  ${p.put().method} ${p.put().path} <sealed box, ${
            Buffer.byteLength(secrets[p.name], 'utf8') + SEALED_BOX_OVERHEAD
          } bytes> with the key above  (set secret ${p.name})`,
        );
      if (mode.mode === 'plan' || !access.octokit) {
        if (!claims.length)
          ctx.logger.info(
            `Ownership of ${org}/${repo} is verified against its GitHub teams when this runs live`,
          );
        for (const record of records.values()) await record('planned');
        ctx.output('planned', true);
        return;
      }

      const owners = await repoOwnersOnGithub(
        access.octokit,
        org,
        repo,
        normaliseGroupRef(owner),
      );
      if (!owners)
        throw new InputError(`Repository ${org}/${repo} does not exist`);
      ctx.logger.info(
        `Teams with admin or maintain on ${org}/${repo}: ${
          owners.join(', ') || 'none'
        }`,
      );
      const confirmed = claims.length
        ? owners.filter(o => claims.includes(o))
        : owners;
      await enforceGuardrails(ctx, requests, deps, {
        repoOwners: { [repo]: confirmed },
      });

      const octokit = access.octokit;
      if (envCall) {
        await ctx.checkpoint({
          key: `secret.environment.${envName}.v1`,
          fn: async () => {
            // Listed rather than fetched: GitHub documents no 404 for a missing environment.
            const exists = await environmentExists(
              octokit,
              org,
              repo,
              envName!,
            );
            if (!exists) {
              await sendCall(octokit, envCall);
              ctx.logger.info(`Created environment ${envName}`);
            }
            return exists ? 'existed' : 'created';
          },
        });
      }
      const key: { key: string; key_id: string } = await sendCall(
        octokit,
        plans[0].key,
      );
      for (const p of plans) {
        await records.get(p.name)!('requested');
        // The checkpoint key holds names only, and its value only the key id.
        await ctx.checkpoint({
          key: `secret.${scope}.${envName ?? 'repo'}.${p.name}.v1`,
          fn: async () => {
            const encrypted = await seal(secrets[p.name], key.key);
            try {
              await sendCall(
                octokit,
                p.put({ encrypted_value: encrypted, key_id: key.key_id }),
              );
            } catch (e) {
              await records.get(p.name)!('failed').catch(() => undefined);
              // A fresh error: Octokit's carries the request, which we do not let travel.
              throw new Error(
                `GitHub refused secret ${p.name} for ${org}/${repo} (HTTP ${
                  statusOf(e) ?? 'error'
                })`,
              );
            }
            return { keyId: key.key_id };
          },
        });
        ctx.logger.info(
          `Set ${p.name} on ${org}/${repo}${
            envName ? ` (environment ${envName})` : ''
          }`,
        );
        await records.get(p.name)!('created');
      }
      ctx.output('planned', false);
    },
  });
}
