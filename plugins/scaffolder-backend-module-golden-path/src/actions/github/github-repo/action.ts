import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GithubRepoRequest,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import { checkpointedCreate } from '../../../checkpoints';
import { decideRunMode, enforceGuardrails, GuardDeps } from '../../../guard';
import { GithubAccessProvider } from '../../../github/access';
import { componentDeclaredIn } from '../../../github/catalogInfo';
import { resourceRecorder } from '../../../inventory';
import {
  describeCall,
  repoPath,
  sendCall,
  statusOf,
} from '../../../github/calls';
import { planRepoCreation } from './plan';
import {
  MissingSourceError,
  readWorkspaceFiles,
} from '../../../github/workspace';
import { examples } from './examples';
import {
  createOrAdopt,
  CreatedRepo,
  failWithoutSource,
  rollBack,
} from './create';
import { harden } from './harden';

/** The id of the GitHub repository action: `golden-path:github:repo:create`. @public */
export const REPO_CREATE_ID = 'golden-path:github:repo:create';

/** The context the action's handler is given, shared by the steps in `create.ts` and `harden.ts`. */
export type Ctx = Parameters<
  ReturnType<typeof createGithubRepoCreateAction>['handler']
>[0];

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
