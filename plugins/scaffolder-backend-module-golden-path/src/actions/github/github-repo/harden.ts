import { Octokit } from '@octokit/rest';
import {
  GithubCall,
  githubMessage,
  sendCall,
  statusOf,
} from '../../../github/calls';
import { commitFiles } from '../../../github/push';
import type { Ctx } from './action';
import type { CreatedRepo } from './create';
import { RepoPlan } from './plan';

/** Statuses with which GitHub says "your plan or permissions do not allow this". */
const REFUSED = new Set([403, 404, 422]);

/** Applies the baseline to a new repository; any refusal of a required step throws. */
export async function harden(
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
