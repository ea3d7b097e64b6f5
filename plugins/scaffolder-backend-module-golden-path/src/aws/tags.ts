import { ActionContext } from '@backstage/plugin-scaffolder-node';

/** The tags every AWS resource a Golden Path creates carries, plus the request's own tags. */
export function provenanceTags(
  ctx: Pick<ActionContext<any, any>, 'user' | 'task' | 'templateInfo'>,
  request: {
    owner: string;
    environment: string;
    tags?: Record<string, string>;
  },
): Array<{ Key: string; Value: string }> {
  const tags: Record<string, string> = {
    ...request.tags,
    'golden-path:owner': request.owner,
    'golden-path:requester': ctx.user?.ref ?? 'unknown',
    'golden-path:template': ctx.templateInfo?.entityRef ?? 'unknown',
    'golden-path:task-id': ctx.task.id,
    'golden-path:environment': request.environment,
  };
  return Object.entries(tags).map(([Key, Value]) => ({
    Key,
    Value: Value.slice(0, 256),
  }));
}

export const tagValue = (
  tags: Array<{ Key?: string; Value?: string }> | undefined,
  key: string,
) => tags?.find(t => t.Key === key)?.Value;
