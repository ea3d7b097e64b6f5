import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GithubRepoRequest,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import { Octokit } from '@octokit/rest';
import { checkpointedCreate } from '../../../checkpoints';
import { decideRunMode, enforceGuardrails, GuardDeps } from '../../../guard';
import { GithubAccessProvider } from '../../../github/access';
import { componentDeclaredIn } from '../../../github/catalogInfo';
import { resourceRecorder } from '../../../inventory';
import {
  describeCall,
  GithubCall,
  githubMessage,
  repoPath,
  sendCall,
  statusOf,
} from '../../../github/calls';
import { commitFiles } from '../../../github/push';
import { planRepoCreation, provenanceMarker, RepoPlan } from './plan';
import {
  MissingSourceError,
  readWorkspaceFiles,
} from '../../../github/workspace';
import { examples } from './examples';

/** The id of the GitHub repository action: `golden-path:github:repo:create`. @public */
export const REPO_CREATE_ID = 'golden-path:github:repo:create';

type Ctx = Parameters<
  ReturnType<typeof createGithubRepoCreateAction>['handler']
>[0];
interface CreatedRepo {
  id: number;
  htmlUrl: string;
  cloneUrl: string;
  defaultBranch: string;
}

/** Statuses with which GitHub says "your plan or permissions do not allow this". */
const REFUSED = new Set([403, 404, 422]);

/**
 * What the organisation's plan does not allow for a repository of this visibility, when GitHub
 * tells the plan (only to organisation owners; otherwise the run fails closed later if refused).
 */
function planLimit(
  planName: string | undefined,
  visibility: string,
): string | undefined {
  const name = planName?.toLowerCase();
  if (!name) return undefined;
  if (visibility === 'internal' && name !== 'enterprise')
    return `GitHub allows internal repositories only in organisations on GitHub Enterprise (this one is on ${name})`;
  if (visibility !== 'public' && name === 'free')
    return `GitHub Free cannot protect ${visibility} repositories: rulesets and branch protection need GitHub Team or Enterprise`;
  return undefined;
}

/** Whether a 422 on create says the name is taken (the only case a repository already exists). */
const isNameClash = (e: unknown) => /already exists/i.test(githubMessage(e));

/** Creates the repository, or adopts the one this task created on an earlier attempt. */
async function createOrAdopt(
  octokit: Octokit,
  plan: RepoPlan,
  taskId: string,
  ctx: Ctx,
): Promise<CreatedRepo> {
  const toCreated = (r: any): CreatedRepo => ({
    id: r.id,
    htmlUrl: r.html_url,
    cloneUrl: r.clone_url,
    defaultBranch: r.default_branch ?? plan.branch,
  });
  try {
    return toCreated(await sendCall(octokit, plan.create));
  } catch (e) {
    if (statusOf(e) !== 422) throw e;
    // 422 is also GitHub's answer to a request it will not take (e.g. internal visibility outside
    // an enterprise): only a name clash may lead to adopting or to "choose another name".
    if (!isNameClash(e))
      throw new InputError(
        `GitHub refused to create ${plan.org}/${plan.name}: ${githubMessage(
          e,
        )}`,
      );
    const existing = await sendCall(octokit, {
      id: 'get',
      method: 'GET',
      path: repoPath(plan.org, plan.name),
      purpose: 'inspect the existing repository',
    }).catch(() => undefined);
    if (
      existing &&
      String(existing.description ?? '').includes(provenanceMarker(taskId))
    ) {
      ctx.logger.info(
        `Adopting ${plan.org}/${plan.name}: this task created it on an earlier attempt`,
      );
      return toCreated(existing);
    }
    throw new ConflictError(
      `Repository ${plan.org}/${plan.name} already exists and was not created by this run; choose another name`,
    );
  }
}

/** Deletes this run's repository, saying so in the log; false (and how to clean up) if it cannot. */
async function rollBack(octokit: Octokit, plan: RepoPlan, ctx: Ctx) {
  try {
    await sendCall(octokit, {
      id: 'delete',
      method: 'DELETE',
      path: repoPath(plan.org, plan.name),
      purpose: 'roll back',
    });
    ctx.logger.error(`Rolled back: deleted ${plan.org}/${plan.name}`);
    return true;
  } catch (deleteError) {
    ctx.logger.error(
      `Could not delete ${plan.org}/${plan.name} (${
        (deleteError as Error).message
      }); archive or delete it by hand: it is not compliant`,
    );
    return false;
  }
}

/**
 * The workspace lost its source (a resumed task on a fresh work folder): the content cannot be
 * committed, so a repository an earlier attempt of this task created (its description carries
 * the task's marker) is rolled back rather than left half-built.
 */
async function failWithoutSource(
  error: MissingSourceError,
  octokit: Octokit | undefined,
  plan: RepoPlan,
  ctx: Ctx,
): Promise<never> {
  const existing = octokit
    ? await sendCall(octokit, {
        id: 'get',
        method: 'GET',
        path: repoPath(plan.org, plan.name),
        purpose: 'look for a repository of an earlier attempt',
      }).catch(e => (statusOf(e) === 404 ? undefined : Promise.reject(e)))
    : undefined;
  const ours =
    !!existing &&
    String(existing.description ?? '').includes(provenanceMarker(ctx.task.id));
  if (ours) {
    ctx.logger.error(
      `${error.message}, and ${plan.org}/${plan.name} from an earlier attempt of this task may lack it. Rolling back.`,
    );
    if (!(await rollBack(octokit!, plan, ctx)))
      throw new Error(`${error.message}; rolling back failed`);
  }
  throw new InputError(
    `${
      error.message
    }: the template must render it in an earlier step, or the task resumed on a fresh work folder after a restart (enable scaffolder.taskRecovery.workspaceProvider to keep workspaces). ${
      ours ? 'The half-built repository was deleted' : 'Nothing was created'
    }; run the template again.`,
  );
}

/** Applies the baseline to a new repository; any refusal of a required step throws. */
async function harden(
  octokit: Octokit,
  plan: RepoPlan,
  repo: CreatedRepo,
  ctx: Ctx,
) {
  const step = (call: GithubCall, fn: () => Promise<string | void>) =>
    ctx.checkpoint({
      key: `repo.${repo.id}.${call.id}.v1`,
      fn: async () => (await fn()) ?? 'done',
    });

  if (plan.files.length) {
    await ctx.checkpoint({
      key: `repo.${repo.id}.content.v1`,
      fn: () =>
        commitFiles(
          octokit,
          plan.org,
          plan.name,
          repo.defaultBranch,
          plan.files,
          'Initial content from Golden Path',
        ),
    });
    ctx.logger.info(
      `Committed ${plan.files.length} file(s) to ${repo.defaultBranch}`,
    );
  }
  for (const call of plan.access) {
    await step(call, async () => void (await sendCall(octokit, call)));
  }
  const protectedBy = await step(plan.protection, async () => {
    try {
      await sendCall(octokit, plan.protection);
      return 'ruleset';
    } catch (e) {
      if (!REFUSED.has(statusOf(e) ?? 0)) throw e;
      ctx.logger.warn(
        `GitHub refused a ruleset (HTTP ${statusOf(
          e,
        )}); falling back to classic branch protection`,
      );
      try {
        // The branch GitHub made the default, which is not always main.
        await sendCall(octokit, plan.protectionFallback(repo.defaultBranch));
        return 'branch-protection';
      } catch (e2) {
        if (!REFUSED.has(statusOf(e2) ?? 0)) throw e2;
        throw new Error(
          `GitHub refused to protect the default branch ${
            repo.defaultBranch
          } (HTTP ${statusOf(e2)}: ${githubMessage(
            e2,
          )}); the organisation's plan does not allow protecting ${
            plan.create.body?.visibility
          } repositories`,
        );
      }
    }
  });
  ctx.logger.info(`Default branch protected by ${protectedBy}`);
  for (const call of plan.security) {
    const outcome = await step(call, async () => {
      try {
        const answer = await sendCall(octokit, call);
        // A 2xx is not proof: GitHub keeps secret scanning off without Advanced Security and
        // says so in the answer.
        const off = call.expect?.(answer);
        return off ? `kept ${off}` : 'enabled';
      } catch (e) {
        if (!call.optional || !REFUSED.has(statusOf(e) ?? 0)) throw e;
        return `refused (HTTP ${statusOf(e)})`;
      }
    });
    if (outcome === 'enabled') ctx.logger.info(`${call.purpose}: enabled`);
    else
      ctx.logger.warn(
        `${call.purpose}: not available for this repository (${outcome}); the org's plan or licence does not include it`,
      );
  }
}

/**
 * `golden-path:github:repo:create`: a repository in the configured org with the org baseline
 * (visibility, protected default branch, CODEOWNERS, team access, security features).
 * @public
 */
export function createGithubRepoCreateAction(
  deps: GuardDeps & { github: GithubAccessProvider },
) {
  return createTemplateAction({
    id: REPO_CREATE_ID,
    description:
      'Creates a GitHub repository in the configured organisation with the baseline applied in the same step: allowed visibility, protected default branch, CODEOWNERS naming the owning team, team access, security features, optional initial content.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe('Repository name (lower-case letters, digits, hyphens)'),
        owner: z =>
          z
            .string()
            .describe(
              'Owning group ref, e.g. group:default/payments; its GitHub team gets maintain access and is CODEOWNER',
            ),
        environment: z =>
          z.string().describe('Policy profile, e.g. dev or prod'),
        visibility: z =>
          z
            .string()
            .optional()
            .describe(
              'private (default) or internal; public only where the policy allows',
            ),
        description: z => z.string().optional(),
        topics: z => z.array(z.string()).optional(),
        requiredApprovals: z =>
          z
            .number()
            .optional()
            .describe(
              'Approvals required on pull requests (at least the policy minimum)',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to commit as initial content (default: the whole workspace, when not empty)',
            ),
        token: z =>
          z
            .string()
            .optional()
            .describe(
              'User token from RepoUrlPicker requestUserCredentials; otherwise integrations.github is used',
            ),
      },
      output: {
        remoteUrl: z => z.string(),
        repoContentsUrl: z => z.string(),
        repoUrl: z =>
          z
            .string()
            .describe(
              'github.com?owner=…&repo=… form, as Backstage publish actions output',
            ),
        resourceRef: z => z.string(),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const request: Record<string, unknown> = {
        kind: 'github-repo',
        name: input.name,
        environment: input.environment,
        owner: input.owner,
        ...(input.visibility !== undefined && { visibility: input.visibility }),
        ...(input.description !== undefined && {
          description: input.description,
        }),
        ...(input.topics !== undefined && { topics: input.topics }),
        ...(input.requiredApprovals !== undefined && {
          protection: { requiredApprovals: input.requiredApprovals },
        }),
      };
      const verdict = await enforceGuardrails(ctx, [request], deps);
      const normalised = verdict.evaluated[0].request as GithubRepoRequest;
      const source = await readWorkspaceFiles(
        ctx.workspacePath,
        input.sourcePath,
      ).catch(e => (e instanceof MissingSourceError ? e : Promise.reject(e)));
      const plan = planRepoCreation(normalised, {
        taskId: ctx.task.id,
        files: source instanceof MissingSourceError ? [] : source,
      });
      const host = deps.policy.getTargets().githubHost;

      const predicted = `https://${host}/${plan.org}/${plan.name}`;
      const record = resourceRecorder(ctx, deps.ledger, {
        kind: 'github-repo',
        name: plan.name,
        owner: normalised.owner,
        environment: normalised.environment,
        externalId: predicted,
        url: predicted,
        monthlyCost: verdict.evaluated[0].monthlyCost,
        component: componentDeclaredIn(plan.files),
      });
      ctx.output(
        'repoUrl',
        `${host}?owner=${encodeURIComponent(
          plan.org,
        )}&repo=${encodeURIComponent(plan.name)}`,
      );
      ctx.output('resourceRef', resourceRefFor('github-repo', plan.name));

      const access = await deps.github({ userToken: input.token });
      const mode = decideRunMode(ctx, deps, 'github', !!access.octokit);
      if (source instanceof MissingSourceError)
        await failWithoutSource(
          source,
          mode.mode === 'live' ? access.octokit : undefined,
          plan,
          ctx,
        ).catch(async e => {
          // Released only when nothing of this task's is left.
          if (e instanceof InputError)
            await record('failed').catch(() => undefined);
          throw e;
        });
      const calls = [
        ...plan.preflight,
        plan.create,
        ...plan.access,
        plan.protection,
        ...plan.security,
      ];
      ctx.logger.info(`Mode: ${mode.mode} (${mode.reason})`);
      ctx.logger.info(`Plan for ${plan.org}/${plan.name}:`);
      for (const call of calls.slice(0, 2))
        ctx.logger.info(`  ${describeCall(call)}`);
      if (plan.files.length)
        ctx.logger.info(
          `  commit ${plan.files.length} file(s) to ${plan.branch}: ${plan.files
            .map(f => f.path)
            .slice(0, 20)
            .join(', ')}`,
        );
      for (const call of calls.slice(2))
        ctx.logger.info(
          `  ${describeCall(call)}${
            call.optional ? ' [degrades if the plan refuses]' : ''
          }`,
        );
      ctx.logger.info(
        `  if rulesets are refused: ${describeCall(
          plan.protectionFallback(plan.branch),
        )} (on the default branch GitHub answers with)`,
      );

      if (mode.mode === 'plan' || !access.octokit) {
        await record('planned');
        ctx.output('remoteUrl', `${predicted}.git`);
        ctx.output('repoContentsUrl', `${predicted}/blob/${plan.branch}`);
        ctx.output('planned', true);
        return;
      }

      const octokit = access.octokit;
      const [orgCall, teamCall] = plan.preflight;
      const organisation = await sendCall(octokit, orgCall).catch(e =>
        Promise.reject(
          statusOf(e) === 404
            ? new InputError(
                `GitHub organisation ${plan.org} does not exist or the credentials cannot see it`,
              )
            : e,
        ),
      );
      const limit = planLimit(
        organisation?.plan?.name,
        String(plan.create.body?.visibility),
      );
      if (limit)
        throw new InputError(
          `${limit}; nothing was created. Choose another visibility or ask the platform team`,
        );
      try {
        await sendCall(octokit, teamCall);
      } catch (e) {
        if (statusOf(e) === 404)
          throw new InputError(
            `GitHub team ${plan.org}/${plan.teamSlug} does not exist; the owning group needs a team of the same name`,
          );
        throw e;
      }

      // Set once this run knows the repository exists and is its own: only then may a failure
      // delete it (never someone else's repository of the same name).
      let ours = false;
      let repo: CreatedRepo;
      await record('requested');
      try {
        // A repository rolled back by an earlier attempt is created afresh (new checkpoint keys,
        // and the hardening keys carry the new repository's id).
        ({ created: repo } = (await checkpointedCreate({
          checkpoint: ctx.checkpoint as any,
          key: `repo.${plan.name}.create.v1`,
          create: async () => {
            const created = await createOrAdopt(
              octokit,
              plan,
              ctx.task.id,
              ctx,
            );
            ours = true;
            return created as any;
          },
          exists: async (r: any) => {
            ours = await sendCall(octokit, {
              id: 'get',
              method: 'GET',
              path: repoPath(plan.org, plan.name),
              purpose: 'verify',
            }).then(
              found => found.id === r.id,
              e => (statusOf(e) === 404 ? false : Promise.reject(e)),
            );
            return ours;
          },
        })) as unknown as { created: CreatedRepo });
        ctx.logger.info(
          `Repository ${plan.org}/${plan.name} (id ${repo.id}) exists; applying the baseline`,
        );
        await harden(octokit, plan, repo, ctx);
      } catch (e) {
        // The record is released only when nothing of this run's exists (never created, or deleted).
        if (!ours) {
          await record('failed').catch(() => undefined);
          throw e;
        }
        // An unprotected repository must not be left behind: delete it, say so, and fail.
        ctx.logger.error(
          `Baseline could not be applied: ${
            (e as Error).message
          }. Rolling back.`,
        );
        if (await rollBack(octokit, plan, ctx))
          await record('failed').catch(() => undefined);
        throw e;
      }

      await record('created', { externalId: repo.htmlUrl, url: repo.htmlUrl });
      ctx.output('remoteUrl', repo.cloneUrl);
      ctx.output(
        'repoContentsUrl',
        `${repo.htmlUrl}/blob/${repo.defaultBranch}`,
      );
      ctx.output('planned', false);
    },
  });
}
