import { InputError, NotAllowedError } from '@backstage/errors';
import { findRule } from '@golden-path/plugin-golden-path-common';

/** Golden Path's own actions: the only steps that may write to the records door. */
export const isGoldenPathAction = (actionId: string | undefined) =>
  !!actionId?.startsWith('golden-path:');

/** What the doors need to know about a task, read from the scaffolder itself. */
export interface TaskLookup {
  task(id: string): Promise<{
    status: string;
    createdBy?: string;
    spec?: {
      steps?: Array<{ id?: string; action?: string }>;
      templateInfo?: { entityRef?: string };
      user?: { ref?: string };
    };
  }>;
}

export const text = (value: unknown, name: string) => {
  if (typeof value !== 'string' || !value || value.length > 255)
    throw new InputError(`${name} must be text of 1 to 255 characters`);
  return value;
};

/** A refusal names catalogued rules only, a handful at most (one per rule a request can break). */
export const refusedByOf = (value: unknown): string[] => {
  if (
    !Array.isArray(value) ||
    value.length > 50 ||
    !value.every(id => typeof id === 'string' && findRule(id))
  )
    throw new InputError(
      'refusedBy must list up to 50 catalogued rule ids (none when the step failed otherwise)',
    );
  return value as string[];
};

/**
 * The task, read from the scaffolder, when it is running `stepId` with an action that `accepts`;
 * otherwise a 403 naming the step. Binds every write of the records door to a real running step.
 */
export async function runningStep(
  tasks: TaskLookup,
  taskId: string,
  stepId: string,
  accepts: (actionId: string | undefined) => boolean,
  expected: string,
) {
  const task = await tasks.task(taskId).catch(() => undefined);
  const actionId = task?.spec?.steps?.find(s => s.id === stepId)?.action;
  if (!task || task.status !== 'processing' || !accepts(actionId))
    throw new NotAllowedError(
      `Task ${taskId} is not running a ${expected} step ${stepId}`,
    );
  return { task, actionId: actionId! };
}
