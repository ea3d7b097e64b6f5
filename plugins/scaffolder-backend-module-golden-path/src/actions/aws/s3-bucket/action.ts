import {
  DeleteBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  resourceRefFor,
  S3BucketRequest,
} from '@golden-path/plugin-golden-path-common';
import { AwsAccessProvider } from '../../../aws/access';
import {
  awsErrorName,
  awsErrorText,
  PlannedCommand,
} from '../../../aws/commands';
import { planBucket } from './plan';
import { verifyBucket } from './verify';
import { provenanceTags, tagValue } from '../../../aws/tags';
import { checkpointedCreate } from '../../../checkpoints';
import { GuardDeps } from '../../../guard';
import {
  awsInputs,
  awsRecorder,
  awsRequest,
  guardAwsRequest,
  logPlan,
} from '../shared';
import { examples } from './examples';

/** The id of the S3 bucket action: `golden-path:aws:s3:create`. @public */
export const S3_CREATE_ID = 'golden-path:aws:s3:create';

/**
 * `golden-path:aws:s3:create`: a bucket that meets the S3 baseline, verified by reading it back.
 * Any failed hardening step deletes the new (empty) bucket.
 * @public
 */
export function createS3BucketAction(
  deps: GuardDeps & { aws: AwsAccessProvider },
) {
  return createTemplateAction({
    id: S3_CREATE_ID,
    description:
      'Creates an S3 bucket meeting the S3 baseline (ACLs disabled, public access blocked, default encryption, versioning, TLS-only policy, lifecycle, access logging, tags), then reads it back to verify. A failed hardening step deletes the new bucket.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...awsInputs,
        encryption: z =>
          z
            .string()
            .optional()
            .describe('aws:kms or AES256 (environment default when empty)'),
        versioning: z => z.boolean().optional(),
        expectedStorageGb: z =>
          z.number().optional().describe('For the cost estimate'),
      },
      output: {
        bucketName: z => z.string(),
        arn: z => z.string(),
        region: z => z.string(),
        consoleUrl: z => z.string(),
        resourceRef: z => z.string(),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const raw = awsRequest('s3-bucket', ctx.input);
      const { access, mode, evaluated } = await guardAwsRequest(ctx, deps, raw);
      const request = evaluated.request as S3BucketRequest;
      const env = deps.policy.getPolicy().environments[request.environment];
      const bucket = request.name;
      const region = request.region!;
      const commands = planBucket(request, env, provenanceTags(ctx, request));

      const arn = `arn:aws:s3:::${bucket}`;
      const consoleUrl = `https://${region}.console.aws.amazon.com/s3/buckets/${bucket}?region=${region}`;
      const record = awsRecorder(ctx, deps, evaluated, {
        url: consoleUrl,
        externalId: arn,
      });
      ctx.output('bucketName', bucket);
      ctx.output('arn', arn);
      ctx.output('region', region);
      ctx.output('consoleUrl', consoleUrl);
      ctx.output('resourceRef', resourceRefFor('s3-bucket', bucket));

      logPlan(ctx, mode, access, `s3://${bucket} in ${region}`, commands);
      if (mode.mode === 'plan' || !access.clients) {
        await record('planned');
        ctx.output('planned', true);
        return;
      }
      const s3 = access.clients.get(S3Client, region);
      await record('requested');

      // Set once this run knows the bucket exists and is ours: only then may a failure delete it.
      let ours = false;
      try {
        const { generation } = await checkpointedCreate({
          checkpoint: ctx.checkpoint as any,
          key: `s3.${bucket}.create.v1`,
          create: async () => {
            try {
              await s3.send(commands[0].command);
            } catch (e) {
              if (awsErrorName(e) !== 'BucketAlreadyOwnedByYou') throw e;
              const tags = await s3
                .send(new GetBucketTaggingCommand({ Bucket: bucket }))
                .then(
                  t => t.TagSet,
                  () => undefined,
                );
              if (tagValue(tags, 'golden-path:task-id') !== ctx.task.id) {
                throw new ConflictError(
                  `Bucket ${bucket} already exists in this account and was not created by this run; choose another name`,
                );
              }
              ctx.logger.info(
                `Adopting ${bucket}: this task created it on an earlier attempt`,
              );
            }
            ours = true;
            return { bucket };
          },
          exists: async () => {
            ours = await s3
              .send(new HeadBucketCommand({ Bucket: bucket }))
              .then(
                () => true,
                e =>
                  ['NotFound', 'NoSuchBucket'].includes(awsErrorName(e) ?? '')
                    ? false
                    : Promise.reject(e),
              );
            return ours;
          },
        });
        for (const step of commands.slice(1)) {
          await ctx.checkpoint({
            key: `s3.${bucket}.g${generation}.${step.id}.v1`,
            fn: async () => void (await s3.send(step.command)),
          });
        }
        const problems = await verifyBucket(s3, bucket, request);
        if (problems.length)
          throw new Error(
            `Read-back verification failed: ${problems.join('; ')}`,
          );
        ctx.logger.info(
          `Verified ${bucket}: public access blocked, ACLs disabled, ${
            request.encryption
          } encryption, ${
            request.versioning !== false ? 'versioned, ' : ''
          }not public`,
        );
      } catch (e) {
        // The reservation is released only when nothing of this run's exists (never created, or deleted).
        if (!ours) {
          await record('failed').catch(() => undefined);
          throw e;
        }
        const deleted = await rollBack(ctx, s3, bucket, e);
        if (deleted) await record('failed').catch(() => undefined);
        throw new Error(
          `Bucket ${bucket} could not be hardened (${awsErrorText(e)}); ${
            deleted
              ? 'it was deleted'
              : 'deleting it failed too: delete it by hand'
          }`,
        );
      }
      await record('created');
      ctx.output('planned', false);
    },
  });
}

/** Deletes the new, empty bucket; says which happened. */
async function rollBack(
  ctx: { logger: { error(m: string): void } },
  s3: S3Client,
  bucket: string,
  cause: unknown,
): Promise<boolean> {
  ctx.logger.error(
    `Hardening ${bucket} failed (${awsErrorText(cause)}); rolling back`,
  );
  try {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    ctx.logger.error(`Rolled back: deleted the new, empty bucket ${bucket}`);
    return true;
  } catch (e) {
    ctx.logger.error(
      `Could not delete ${bucket} (${awsErrorText(
        e,
      )}): it is not compliant, delete it by hand`,
    );
    return false;
  }
}

export type { PlannedCommand };
