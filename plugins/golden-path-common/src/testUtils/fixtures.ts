import type {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/**
 * A scaffolder task of a template, as GET /v2/tasks/:id returns it (for tests and benchmarks).
 * @public
 */
export function makeTask(options: {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
  createdAt: string;
  template?: string;
  owner?: string;
  annotations?: Record<string, string>;
}): TaskSnapshot {
  return {
    id: options.id,
    status: options.status,
    createdAt: options.createdAt,
    createdBy: 'user:default/jane',
    spec: {
      templateInfo: {
        entityRef: `template:default/${
          options.template ?? 'postgres-database'
        }`,
        entity: {
          metadata: {
            annotations: options.annotations ?? {
              'golden-path.io/replaces-ticket': 'provision-database',
              'golden-path.io/ticket-queue-time': 'P3D',
              'golden-path.io/ticket-ops-effort': 'PT1H',
            },
          },
        },
      },
      parameters: { owner: options.owner ?? 'group:default/payments' },
      user: { ref: 'user:default/jane' },
    },
  };
}

/**
 * Its events: a mode log line and, when finished, the completion event after `seconds`.
 * @public
 */
export function makeEvents(
  task: TaskSnapshot,
  options: {
    seconds?: number;
    mode?: 'plan' | 'live';
    deniedBy?: string[];
    error?: string;
  } = {},
): TaskEventSnapshot[] {
  const at = (s: number) =>
    new Date(Date.parse(task.createdAt) + s * 1000).toISOString();
  const events: TaskEventSnapshot[] = [
    {
      type: 'log',
      createdAt: at(1),
      body: {
        message: `Mode: ${options.mode ?? 'live'} (goldenPath.mode is ${
          options.mode ?? 'live'
        })`,
      },
    },
  ];
  if (task.status === 'completed')
    events.push({
      type: 'completion',
      createdAt: at(options.seconds ?? 60),
      body: { message: 'Run completed with status: completed' },
    });
  if (task.status === 'failed') {
    const error = options.deniedBy
      ? {
          name: 'GuardrailViolationError',
          message: `Refused by Golden Path guardrails (${options.deniedBy.join(
            ', ',
          )}):\n...`,
        }
      : {
          name: 'Error',
          message: options.error ?? 'ThrottlingException: Rate exceeded',
        };
    events.push({
      type: 'completion',
      createdAt: at(options.seconds ?? 5),
      body: { message: 'Run completed with status: failed', error },
    });
  }
  if (task.status === 'cancelled')
    events.push({
      type: 'cancelled',
      createdAt: at(options.seconds ?? 5),
      body: {},
    });
  return events;
}
