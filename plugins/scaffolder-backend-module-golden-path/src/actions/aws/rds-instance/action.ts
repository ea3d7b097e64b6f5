import {
  DBInstance,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  RdsInstanceRequest,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import { AwsAccessProvider } from '../../../aws/access';
import { awsErrorName } from '../../../aws/commands';
import { rollBackNonCompliant } from '../rollback';
import { planDbInstance } from './plan';
import { baselineProblems } from './verify';
import { provenanceTags, tagValue } from '../../../aws/tags';
import { waitUntilReady } from '../../../aws/wait';
import { GuardDeps, enforceGuardrails } from '../../../guard';
import { examples } from './examples';
import { reserved } from '../../../inventory';
import { awsInputs, awsRecorder, awsRequest, logPlan } from '../shared';

/** The id of the RDS action: `golden-path:aws:rds:create`. @public */
export const RDS_CREATE_ID = 'golden-path:aws:rds:create';

const describe = async (
  rds: RDSClient,
  id: string,
): Promise<DBInstance | undefined> =>
  rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })).then(
    r => r.DBInstances?.[0],
    e =>
      awsErrorName(e) === 'DBInstanceNotFoundFault' ||
      awsErrorName(e) === 'DBInstanceNotFound'
        ? undefined
        : Promise.reject(e),
  );

/** What the outputs need from a DB instance, JSON-safe for a checkpoint. */
const summary = (db: DBInstance | undefined) => ({
  arn: db?.DBInstanceArn ?? '',
  secretArn: db?.MasterUserSecret?.SecretArn ?? '',
  status: db?.DBInstanceStatus ?? 'unknown',
});

/**
 * `golden-path:aws:rds:create`: an RDS instance meeting the RDS baseline in one CreateDBInstance
 * request (encrypted, private, managed master password, backups, logs, tags), optionally waiting
 * until it is available.
 * @public
 */
export function createRdsInstanceAction(
  deps: GuardDeps & { aws: AwsAccessProvider; pollMs?: number },
) {
  return createTemplateAction({
    id: RDS_CREATE_ID,
    description:
      'Creates an RDS database instance meeting the RDS baseline: encrypted, not public, private subnet group and security groups from policy, backups, deletion protection per profile, log exports, non-default port and admin name, master password managed by Secrets Manager. Optionally waits until available.',
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
              'Wait until the instance is available (endpoint in the output)',
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
      const verdict = await enforceGuardrails(ctx, [raw], deps);
      const request = verdict.evaluated[0].request as RdsInstanceRequest;
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
      const record = awsRecorder(ctx, deps, verdict.evaluated[0], {
        url: consoleUrl,
      });
      ctx.output('identifier', id);
      ctx.output('port', request.port!);
      ctx.output('consoleUrl', consoleUrl);
      ctx.output('resourceRef', resourceRefFor('rds-instance', id));

      const access = await deps.aws();
      const mode = logPlan(ctx, deps, access, `RDS ${id} in ${region}`, [
        create,
      ]);
      if (mode === 'plan' || !access.clients) {
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
      // Compliant from its one request on: it exists (and costs money) even if the wait below fails.
      await record('created', { externalId: created.arn });
      ctx.output('arn', created.arn);
      ctx.output('masterSecretArn', created.secretArn);

      if (ctx.input.waitForAvailable) {
        const db = await waitUntilReady({
          label: `DB instance ${id}`,
          timeoutMs: (ctx.input.timeoutMinutes ?? 40) * 60_000,
          pollMs: deps.pollMs ?? 30_000,
          log: m => ctx.logger.info(m),
          signal: ctx.signal,
          check: async () => {
            const d = await describe(rds, id);
            return {
              ready: d?.DBInstanceStatus === 'available',
              status: d?.DBInstanceStatus ?? 'missing',
              value: d,
            };
          },
        });
        ctx.output(
          'endpoint',
          `${db?.Endpoint?.Address}:${db?.Endpoint?.Port}`,
        );
        if (db?.MasterUserSecret?.SecretArn)
          ctx.output('masterSecretArn', db.MasterUserSecret.SecretArn);
      }
      ctx.output('planned', false);
    },
  });
}
