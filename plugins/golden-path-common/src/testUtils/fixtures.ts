import type {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/** The action each fixture template's one step runs (a golden-path action unless named otherwise). */
const STEP_ACTIONS: Record<string, string> = {
  'postgres-database': 'golden-path:aws:rds:create',
  's3-bucket': 'golden-path:aws:s3:create',
  'redis-cache': 'golden-path:aws:elasticache:create',
  'github-repo': 'golden-path:github:repo:create',
  'ci-secret': 'golden-path:github:secret:set',
  'new-service': 'golden-path:github:repo:create',
};

/**
 * A scaffolder task of a template, as GET /v2/tasks/:id returns it (for tests and benchmarks). A
 * finished task's last heartbeat is `seconds` after its creation (default 60 when completed, 5
 * otherwise).
 * @public
 */
export function makeTask(options: {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
  createdAt: string;
  template?: string;
  owner?: string;
  annotations?: Record<string, string>;
  seconds?: number;
  steps?: Array<{ id: string; action: string }>;
}): TaskSnapshot {
  const template = options.template ?? 'postgres-database';
  const finished = ['completed', 'failed', 'cancelled'].includes(
    options.status,
  );
  const seconds = options.seconds ?? (options.status === 'completed' ? 60 : 5);
  return {
    id: options.id,
    status: options.status,
    createdAt: options.createdAt,
    ...(finished && {
      lastHeartbeatAt: new Date(
        Date.parse(options.createdAt) + seconds * 1000,
      ).toISOString(),
    }),
    createdBy: 'user:default/jane',
    spec: {
      templateInfo: {
        entityRef: `template:default/${template}`,
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
      steps: options.steps ?? [
        {
          id: 'create',
          action: STEP_ACTIONS[template] ?? 'golden-path:aws:s3:create',
        },
      ],
    },
  };
}

/**
 * Its events: a mode log line and, when finished, the completion event, written a little after
 * the task's last heartbeat as the scaffolder writes it.
 * @public
 */
export function makeEvents(
  task: TaskSnapshot,
  options: {
    mode?: 'plan' | 'live';
    deniedBy?: string[];
    error?: string;
  } = {},
): TaskEventSnapshot[] {
  const at = (s: number) =>
    new Date(Date.parse(task.createdAt) + s * 1000).toISOString();
  const end = new Date(
    Date.parse(task.lastHeartbeatAt ?? task.createdAt) + 400,
  ).toISOString();
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
      createdAt: end,
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
      createdAt: end,
      body: { message: 'Run completed with status: failed', error },
    });
  }
  if (task.status === 'cancelled')
    events.push({
      type: 'cancelled',
      createdAt: end,
      body: {},
    });
  return events;
}
