import {
  DeleteReplicationGroupCommand,
  ElastiCacheClient,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ElastiCacheRequest,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import {
  describeReplicationGroup as describe,
  replicationGroupAvailability,
  replicationGroupTags,
} from '@golden-path/plugin-golden-path-node';
import { AwsAccessProvider } from '../../../aws/access';
import { awsErrorName } from '../../../aws/commands';
import { rollBackNonCompliant } from '../rollback';
import { planReplicationGroup } from './plan';
import { baselineProblems } from './verify';
import { provenanceTags, tagValue } from '../../../aws/tags';
import { waitUntilReady } from '../../../aws/wait';
import { GuardDeps } from '../../../guard';
import { examples } from './examples';
import { reserved } from '../../../inventory';
import {
  awsInputs,
  awsRecorder,
  awsRequest,
  guardAwsRequest,
  logPlan,
} from '../shared';

/** The id of the ElastiCache action: `golden-path:aws:elasticache:create`. @public */
export const ELASTICACHE_CREATE_ID = 'golden-path:aws:elasticache:create';

/**
 * `golden-path:aws:elasticache:create`: a Redis OSS 7+ or Valkey replication group meeting the
 * ElastiCache baseline (encryption at rest and in transit with mode required, RBAC, snapshots,
 * failover per profile, private subnet group). It returns once ElastiCache accepted the request,
 * the inventory record saying `creating` (the golden-path backend's reconciler makes it active with
 * its endpoint); `waitForAvailable` waits here instead.
 * @public
 */
export function createElastiCacheAction(
  deps: GuardDeps & { aws: AwsAccessProvider; pollMs?: number },
) {
  return createTemplateAction({
    id: ELASTICACHE_CREATE_ID,
    description:
      'Creates an ElastiCache (Valkey or Redis OSS 7+) replication group meeting the baseline: encryption at rest and in transit (mode required, verified), RBAC user group, snapshots, automatic failover and Multi-AZ where the profile requires them, private subnet and security groups from policy. Returns once ElastiCache accepted the request; the inventory and the catalog show the endpoint once the group is available. waitForAvailable waits instead, for templates that need the endpoint in a later step.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...awsInputs,
        engine: z =>
          z.string().optional().describe('valkey (default) or redis'),
        engineVersion: z => z.string().optional(),
        nodeType: z => z.string().optional(),
        nodes: z => z.number().optional().describe('Primary plus replicas'),
        snapshotRetentionDays: z => z.number().optional(),
        waitForAvailable: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the group is available, endpoint in the output (default false: the step ends once ElastiCache accepted the request, holding no task slot while it is created)',
            ),
        timeoutMinutes: z =>
          z.number().optional().describe('How long to wait (default 30)'),
      },
      output: {
        replicationGroupId: z => z.string(),
        arn: z => z.string(),
        endpoint: z => z.string().optional(),
        consoleUrl: z => z.string(),
        resourceRef: z => z.string(),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const raw = awsRequest('elasticache-redis', ctx.input, [
        'waitForAvailable',
        'timeoutMinutes',
      ]);
      const { access, mode, evaluated } = await guardAwsRequest(ctx, deps, raw);
      const request = evaluated.request as ElastiCacheRequest;
      const env = deps.policy.getPolicy().environments[request.environment];
      const region = request.region!;
      const id = request.name;
      const create = planReplicationGroup(
        request,
        env,
        provenanceTags(ctx, request),
      );

      const consoleUrl = `https://${region}.console.aws.amazon.com/elasticache/home?region=${region}#/${
        request.engine === 'valkey' ? 'valkey' : 'redis'
      }/${id}`;
      const record = awsRecorder(ctx, deps, evaluated, {
        url: consoleUrl,
      });
      ctx.output('replicationGroupId', id);
      ctx.output('consoleUrl', consoleUrl);
      ctx.output('resourceRef', resourceRefFor('elasticache-redis', id));

      logPlan(ctx, mode, access, `ElastiCache ${id} in ${region}`, [create]);
      if (mode.mode === 'plan' || !access.clients) {
        const arn = `arn:aws:elasticache:${region}:${
          access.accountId ?? '<account>'
        }:replicationgroup:${id}`;
        await record('planned', { externalId: arn });
        ctx.output('arn', arn);
        ctx.output('planned', true);
        return;
      }
      const ec = access.clients.get(ElastiCacheClient, region);

      // Reserved before the one create request; released if it fails (nothing then exists).
      const created = await reserved(record, () =>
        ctx.checkpoint({
          key: `elasticache.${id}.create.v1`,
          fn: async () => {
            let group: ReplicationGroup | undefined;
            try {
              group = (await ec.send(create.command)).ReplicationGroup;
            } catch (e) {
              if (awsErrorName(e) !== 'ReplicationGroupAlreadyExistsFault')
                throw e;
              group = await describe(ec, id);
              const tags = group?.ARN
                ? await replicationGroupTags(ec, group.ARN)
                : undefined;
              if (tagValue(tags, 'golden-path:task-id') !== ctx.task.id) {
                throw new ConflictError(
                  `Replication group ${id} already exists and was not created by this run; choose another name`,
                );
              }
              ctx.logger.info(
                `Adopting ${id}: this task created it on an earlier attempt`,
              );
            }
            const problems = baselineProblems(group);
            // Transit mode cannot be tightened while the group is creating.
            if (problems.length)
              await rollBackNonCompliant({
                logger: ctx.logger,
                id,
                label: `Replication group ${id}`,
                problems,
                remove: () =>
                  ec.send(
                    new DeleteReplicationGroupCommand({
                      ReplicationGroupId: id,
                      RetainPrimaryCluster: false,
                    }),
                  ),
              });
            return {
              arn: group?.ARN ?? '',
              status: group?.Status ?? 'creating',
            };
          },
        }),
      );
      ctx.logger.info(
        `Created ${id} (${created.status}); encrypted at rest and in transit (required), RBAC`,
      );
      // Verified against the baseline inside the checkpoint; it exists (and costs money) while
      // ElastiCache creates it. The backend's reconciler asks until it is available.
      await record('creating', { externalId: created.arn });
      ctx.output('arn', created.arn);

      if (ctx.input.waitForAvailable) {
        const endpoint = await waitUntilReady({
          label: `Replication group ${id}`,
          timeoutMs: (ctx.input.timeoutMinutes ?? 30) * 60_000,
          pollMs: deps.pollMs ?? 30_000,
          afterTimeout:
            'and the inventory shows its endpoint once ElastiCache says it is available',
          log: m => ctx.logger.info(m),
          signal: ctx.signal,
          check: async () => {
            const now = replicationGroupAvailability(await describe(ec, id));
            return {
              ready: now.state === 'available',
              failed: now.state === 'failed',
              status: now.state === 'missing' ? 'missing' : now.status,
              value: now.state === 'missing' ? undefined : now.endpoint,
            };
          },
        });
        await record('created', { externalId: created.arn, endpoint });
        ctx.output('endpoint', endpoint ?? '');
      }
      ctx.output('planned', false);
    },
  });
}
