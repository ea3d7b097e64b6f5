import {
  DBInstance,
  DeleteDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  RdsInstanceRequest,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import {
  dbInstanceAvailability,
  describeDbInstance as describe,
} from '@golden-path/plugin-golden-path-node';
import { AwsAccessProvider } from '../../../aws/access';
import { awsErrorName } from '../../../aws/commands';
import { rollBackNonCompliant } from '../rollback';
import { planDbInstance } from './plan';
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

/** The id of the RDS action: `golden-path:aws:rds:create`. @public */
export const RDS_CREATE_ID = 'golden-path:aws:rds:create';

/** What the outputs need from a DB instance, JSON-safe for a checkpoint. */
const summary = (db: DBInstance | undefined) => ({
  arn: db?.DBInstanceArn ?? '',
  secretArn: db?.MasterUserSecret?.SecretArn ?? '',
  status: db?.DBInstanceStatus ?? 'unknown',
});

/**
 * `golden-path:aws:rds:create`: an RDS instance meeting the RDS baseline in one CreateDBInstance
 * request (encrypted, private, managed master password, backups, logs, tags). It returns once RDS
 * accepted the request, the inventory record saying `creating` (the golden-path backend's
 * reconciler makes it active with its endpoint); `waitForAvailable` waits here instead.
 * @public
 */
export function createRdsInstanceAction(
  deps: GuardDeps & { aws: AwsAccessProvider; pollMs?: number },
) {
  return createTemplateAction({
    id: RDS_CREATE_ID,
    description:
      'Creates an RDS database instance meeting the RDS baseline: encrypted, not public, private subnet group and security groups from policy, backups, deletion protection per profile, log exports, non-default port and admin name, master password managed by Secrets Manager. Returns once RDS accepted the request; the inventory and the catalog show the endpoint once the instance is available. waitForAvailable waits instead (about 10 minutes), for templates that need the endpoint in a later step.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...awsInputs,
        engine: z =>
          z
            .string()
            .optional()
            .describe(
              'postgres (default) or another engine the profile allows',
            ),
        engineVersion: z =>
          z
            .string()
            .optional()
            .describe('Major version; the newest allowed when empty'),
        instanceClass: z => z.string().optional(),
        allocatedStorageGb: z => z.number().optional(),
        multiAz: z => z.boolean().optional(),
        deletionProtection: z => z.boolean().optional(),
        backupRetentionDays: z => z.number().optional(),
        dbName: z => z.string().optional().describe('Initial database name'),
        waitForAvailable: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the instance is available, endpoint in the output (default false: the step ends once RDS accepted the request, holding no task slot while it is created)',
            ),
        timeoutMinutes: z =>
          z.number().optional().describe('How long to wait (default 40)'),
      },
      output: {
        identifier: z => z.string(),
        arn: z => z.string(),
        masterSecretArn: z =>
          z
            .string()
            .describe('Secrets Manager secret holding the master credentials'),
        endpoint: z => z.string().optional(),
        port: z => z.number(),
        consoleUrl: z => z.string(),
        resourceRef: z => z.string(),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const raw = awsRequest('rds-instance', ctx.input, [
        'waitForAvailable',
        'timeoutMinutes',
      ]);
      const { access, mode, evaluated } = await guardAwsRequest(ctx, deps, raw);
      const request = evaluated.request as RdsInstanceRequest;
      const env = deps.policy.getPolicy().environments[request.environment];
      const region = request.region!;
      const id = request.name;
      const create = planDbInstance(
        request,
        env,
        provenanceTags(ctx, request),
        request.dbName,
      );

      const consoleUrl = `https://${region}.console.aws.amazon.com/rds/home?region=${region}#database:id=${id}`;
      const record = awsRecorder(ctx, deps, evaluated, {
        url: consoleUrl,
      });
      ctx.output('identifier', id);
      ctx.output('port', request.port!);
      ctx.output('consoleUrl', consoleUrl);
      ctx.output('resourceRef', resourceRefFor('rds-instance', id));

      logPlan(ctx, mode, access, `RDS ${id} in ${region}`, [create]);
      if (mode.mode === 'plan' || !access.clients) {
        const arn = `arn:aws:rds:${region}:${
          access.accountId ?? '<account>'
        }:db:${id}`;
        await record('planned', { externalId: arn });
        ctx.output('arn', arn);
        ctx.output('masterSecretArn', '');
        ctx.output('planned', true);
        return;
      }
      const rds = access.clients.get(RDSClient, region);

      // One atomic request: if it fails, nothing exists. A retry adopts the instance only when its
      // tags say this task created it.
      // Reserved before the one create request; released if it fails (nothing then exists).
      const created = await reserved(record, () =>
        ctx.checkpoint({
          key: `rds.${id}.create.v1`,
          fn: async () => {
            let db: DBInstance | undefined;
            try {
              db = (await rds.send(create.command)).DBInstance;
            } catch (e) {
              if (
                awsErrorName(e) !== 'DBInstanceAlreadyExistsFault' &&
                awsErrorName(e) !== 'DBInstanceAlreadyExists'
              )
                throw e;
              const existing = await describe(rds, id);
              if (
                tagValue(existing?.TagList, 'golden-path:task-id') !==
                ctx.task.id
              ) {
                throw new ConflictError(
                  `DB instance ${id} already exists and was not created by this run; choose another name`,
                );
              }
              ctx.logger.info(
                `Adopting ${id}: this task created it on an earlier attempt`,
              );
              db = existing;
            }
            const problems = baselineProblems(db, request);
            if (problems.length)
              await rollBackNonCompliant({
                logger: ctx.logger,
                id,
                label: `DB instance ${id}`,
                problems,
                remove: () =>
                  rds.send(
                    new DeleteDBInstanceCommand({
                      DBInstanceIdentifier: id,
                      SkipFinalSnapshot: true,
                      DeleteAutomatedBackups: true,
                    }),
                  ),
              });
            return summary(db);
          },
        }),
      );
      ctx.logger.info(
        `Created ${id} (${created.status}); master password managed by Secrets Manager`,
      );
      // Compliant from its one request on: it exists (and costs money) while RDS creates it. The
      // backend's reconciler asks RDS until it is available, whether or not this step waits.
      await record('creating', { externalId: created.arn });
      ctx.output('arn', created.arn);
      ctx.output('masterSecretArn', created.secretArn);

      if (ctx.input.waitForAvailable) {
        const { db, endpoint } = await waitUntilReady({
          label: `DB instance ${id}`,
          timeoutMs: (ctx.input.timeoutMinutes ?? 40) * 60_000,
          pollMs: deps.pollMs ?? 30_000,
          afterTimeout:
            'and the inventory shows its endpoint once RDS says it is available',
          log: m => ctx.logger.info(m),
          signal: ctx.signal,
          check: async () => {
            const d = await describe(rds, id);
            const now = dbInstanceAvailability(d);
            return {
              ready: now.state === 'available',
              failed: now.state === 'failed',
              status: now.state === 'missing' ? 'missing' : now.status,
              value: {
                db: d,
                endpoint: now.state === 'missing' ? undefined : now.endpoint,
              },
            };
          },
        });
        await record('created', { externalId: created.arn, endpoint });
        if (endpoint) ctx.output('endpoint', endpoint);
        if (db?.MasterUserSecret?.SecretArn)
          ctx.output('masterSecretArn', db.MasterUserSecret.SecretArn);
      }
      ctx.output('planned', false);
    },
  });
}
