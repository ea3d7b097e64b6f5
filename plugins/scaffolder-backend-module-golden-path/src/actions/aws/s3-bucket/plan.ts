import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  EnvironmentPolicy,
  S3BucketRequest,
} from '@golden-path/plugin-golden-path-common';
import { PlannedCommand } from '../../../aws/commands';

/** Denies every request that does not use TLS (FSBP S3.5). */
export function tlsOnlyPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/**
 * Every command that creating a compliant bucket sends, in order (CreateBucket first, hardening
 * after). Plan mode logs exactly these; live mode sends exactly these.
 */
export function planBucket(
  request: S3BucketRequest,
  env: EnvironmentPolicy,
  tags: Array<{ Key: string; Value: string }>,
): PlannedCommand[] {
  const Bucket = request.name;
  const region = request.region!;
  const kms = request.encryption === 'aws:kms';
  const commands: PlannedCommand[] = [
    {
      id: 'create',
      purpose: 'create the bucket with ACLs disabled, tagged',
      command: new CreateBucketCommand({
        Bucket,
        ObjectOwnership: 'BucketOwnerEnforced',
        // Tagged at creation: a retry after a crash proves the bucket is this task's by its tag.
        CreateBucketConfiguration: {
          ...(region !== 'us-east-1' && { LocationConstraint: region as any }),
          Tags: tags,
        },
      }),
    },
    {
      id: 'public-access-block',
      purpose: 'block all public access',
      command: new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    },
    {
      id: 'encryption',
      purpose: kms
        ? 'default encryption with the KMS key'
        : 'default encryption (SSE-S3)',
      command: new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: kms
                ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: env.s3.kmsKeyId }
                : { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: kms,
              BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
            },
          ],
        },
      }),
    },
  ];
  if (request.versioning !== false) {
    commands.push({
      id: 'versioning',
      purpose: 'enable versioning',
      command: new PutBucketVersioningCommand({
        Bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
  }
  commands.push(
    {
      id: 'tls-only',
      purpose: 'deny requests without TLS',
      command: new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify(tlsOnlyPolicy(Bucket)),
      }),
    },
    {
      id: 'lifecycle',
      purpose: 'expire incomplete uploads and old versions',
      command: new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'golden-path-baseline',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: {
                DaysAfterInitiation: env.s3.abortIncompleteUploadDays,
              },
              ...(request.versioning !== false && {
                NoncurrentVersionExpiration: {
                  NoncurrentDays: env.s3.noncurrentVersionExpirationDays,
                },
              }),
            },
          ],
        },
      }),
    },
  );
  if (env.s3.accessLogBucket) {
    commands.push({
      id: 'logging',
      purpose: `server access logs to ${env.s3.accessLogBucket}`,
      command: new PutBucketLoggingCommand({
        Bucket,
        BucketLoggingStatus: {
          LoggingEnabled: {
            TargetBucket: env.s3.accessLogBucket,
            TargetPrefix: `${Bucket}/`,
          },
        },
      }),
    });
  }
  commands.push({
    id: 'tags',
    purpose: 'tag owner, requester, template, task',
    command: new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tags } }),
  });
  return commands;
}
