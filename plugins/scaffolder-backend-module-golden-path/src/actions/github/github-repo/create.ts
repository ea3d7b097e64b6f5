import { ConflictError, InputError } from '@backstage/errors';
import { Octokit } from '@octokit/rest';
import {
  githubMessage,
  repoPath,
  sendCall,
  statusOf,
} from '../../../github/calls';
import { MissingSourceError } from '../../../github/workspace';
import type { Ctx } from './action';
import { provenanceMarker, RepoPlan } from './plan';

/** The repository as GitHub describes it after creating it (or as found when adopted). */
export interface CreatedRepo {
  id: number;
  htmlUrl: string;
  cloneUrl: string;
  defaultBranch: string;
}

/** Whether a 422 on create says the name is taken (the only case a repository already exists). */
const isNameClash = (e: unknown) => /already exists/i.test(githubMessage(e));

/** Creates the repository, or adopts the one this task created on an earlier attempt. */
export async function createOrAdopt(
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
export async function rollBack(octokit: Octokit, plan: RepoPlan, ctx: Ctx) {
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
export async function failWithoutSource(
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
