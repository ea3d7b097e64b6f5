import * as S3 from '@aws-sdk/client-s3';
import { clone } from '../../../testUtils/awsFake/clone';
import type {
  FakeAwsServiceDefinition,
  FakeHeld,
  FakeServiceContext,
} from '../../../testUtils/awsFake/service';

/** Whether a bucket policy grants anything to everyone without a condition (what `IsPublic` means). */
function policyIsPublic(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement ?? []].flat();
  return statements.some(
    (s: any) =>
      s.Effect === 'Allow' &&
      (s.Principal === '*' || [s.Principal?.AWS].flat().includes('*')) &&
      !s.Condition,
  );
}

/** Whether a bucket policy denies every request without TLS (FSBP S3.5). */
function policyRequiresTls(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement ?? []].flat();
  return statements.some(
    (s: any) =>
      s.Effect === 'Deny' &&
      String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
  );
}

function install(ctx: FakeServiceContext) {
  const bucket = (name: string | undefined) => {
    const b = ctx.find(name);
    if (!b)
      throw ctx.error('NoSuchBucket', 'The specified bucket does not exist');
    return b;
  };
  // Every S3 command names its bucket in `Bucket`.
  const s3Handle = <I extends { Bucket?: string }>(
    commandClass: new (input: I) => unknown,
    fn: (input: I, region: string) => unknown,
  ) => ctx.handle<I>(commandClass, i => i.Bucket, fn);

  s3Handle<S3.CreateBucketCommandInput>(S3.CreateBucketCommand, (i, region) => {
    const name = i.Bucket!;
    if (ctx.find(name))
      throw ctx.error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    const location = i.CreateBucketConfiguration?.LocationConstraint;
    if ((location ?? 'us-east-1') !== (region || 'us-east-1'))
      throw ctx.error(
        'IllegalLocationConstraintException',
        `The ${
          location ?? 'unspecified'
        } location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    // A new bucket's defaults since April 2023: public access blocked, ACLs disabled, SSE-S3.
    ctx.create({
      name,
      region: location ?? 'us-east-1',
      arn: `arn:aws:s3:::${name}`,
      tags: clone(i.CreateBucketConfiguration?.Tags ?? []) as any,
      settings: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
        ObjectOwnership: i.ObjectOwnership ?? 'BucketOwnerEnforced',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: false,
            },
          ],
        },
      },
    });
    return { Location: `/${name}` };
  });
  s3Handle<S3.HeadBucketCommandInput>(S3.HeadBucketCommand, i => {
    const b = ctx.find(i.Bucket);
    if (!b) throw ctx.error('NotFound', 'Not Found');
    return { BucketRegion: b.region };
  });
  s3Handle<S3.DeleteBucketCommandInput>(S3.DeleteBucketCommand, i => {
    ctx.remove(bucket(i.Bucket).name);
  });
  s3Handle<S3.PutPublicAccessBlockCommandInput>(
    S3.PutPublicAccessBlockCommand,
    i => {
      const c = i.PublicAccessBlockConfiguration ?? {};
      bucket(i.Bucket).settings.PublicAccessBlockConfiguration = {
        BlockPublicAcls: !!c.BlockPublicAcls,
        IgnorePublicAcls: !!c.IgnorePublicAcls,
        BlockPublicPolicy: !!c.BlockPublicPolicy,
        RestrictPublicBuckets: !!c.RestrictPublicBuckets,
      };
    },
  );
  s3Handle<S3.GetPublicAccessBlockCommandInput>(
    S3.GetPublicAccessBlockCommand,
    i => {
      const c = bucket(i.Bucket).settings.PublicAccessBlockConfiguration;
      if (!c)
        throw ctx.error(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
        );
      return { PublicAccessBlockConfiguration: clone(c) };
    },
  );
  s3Handle<S3.GetBucketOwnershipControlsCommandInput>(
    S3.GetBucketOwnershipControlsCommand,
    i => {
      const o = bucket(i.Bucket).settings.ObjectOwnership;
      if (!o)
        throw ctx.error(
          'OwnershipControlsNotFoundError',
          'The bucket ownership controls were not found',
        );
      return { OwnershipControls: { Rules: [{ ObjectOwnership: o }] } };
    },
  );
  s3Handle<S3.PutBucketEncryptionCommandInput>(
    S3.PutBucketEncryptionCommand,
    i => {
      bucket(i.Bucket).settings.ServerSideEncryptionConfiguration = clone(
        i.ServerSideEncryptionConfiguration,
      );
    },
  );
  s3Handle<S3.GetBucketEncryptionCommandInput>(
    S3.GetBucketEncryptionCommand,
    i => {
      const c = bucket(i.Bucket).settings.ServerSideEncryptionConfiguration;
      if (!c)
        throw ctx.error(
          'ServerSideEncryptionConfigurationNotFoundError',
          'The server side encryption configuration was not found',
        );
      return { ServerSideEncryptionConfiguration: clone(c) };
    },
  );
  s3Handle<S3.PutBucketVersioningCommandInput>(
    S3.PutBucketVersioningCommand,
    i => {
      bucket(i.Bucket).settings.VersioningStatus =
        i.VersioningConfiguration?.Status;
    },
  );
  s3Handle<S3.GetBucketVersioningCommandInput>(
    S3.GetBucketVersioningCommand,
    i => {
      const status = bucket(i.Bucket).settings.VersioningStatus;
      return status ? { Status: status } : {};
    },
  );
  s3Handle<S3.PutBucketPolicyCommandInput>(S3.PutBucketPolicyCommand, i => {
    const b = bucket(i.Bucket);
    JSON.parse(i.Policy ?? '');
    if (
      b.settings.PublicAccessBlockConfiguration?.BlockPublicPolicy &&
      policyIsPublic(i.Policy)
    )
      throw ctx.error('AccessDenied', 'Access Denied');
    b.settings.Policy = i.Policy;
  });
  s3Handle<S3.GetBucketPolicyStatusCommandInput>(
    S3.GetBucketPolicyStatusCommand,
    i => {
      const policy = bucket(i.Bucket).settings.Policy;
      if (!policy)
        throw ctx.error(
          'NoSuchBucketPolicy',
          'The bucket policy does not exist',
        );
      return { PolicyStatus: { IsPublic: policyIsPublic(policy) } };
    },
  );
  s3Handle<S3.PutBucketLifecycleConfigurationCommandInput>(
    S3.PutBucketLifecycleConfigurationCommand,
    i => {
      bucket(i.Bucket).settings.LifecycleRules = clone(
        i.LifecycleConfiguration?.Rules,
      );
    },
  );
  s3Handle<S3.PutBucketLoggingCommandInput>(S3.PutBucketLoggingCommand, i => {
    bucket(i.Bucket).settings.LoggingEnabled = clone(
      i.BucketLoggingStatus?.LoggingEnabled,
    );
  });
  s3Handle<S3.PutBucketTaggingCommandInput>(S3.PutBucketTaggingCommand, i => {
    bucket(i.Bucket).tags = clone(i.Tagging?.TagSet ?? []) as any;
  });
  s3Handle<S3.GetBucketTaggingCommandInput>(S3.GetBucketTaggingCommand, i => {
    const b = bucket(i.Bucket);
    if (!b.tags.length)
      throw ctx.error('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: clone(b.tags) };
  });
}

/**
 * Public access fully blocked, ACLs disabled, default encryption, a TLS-only non-public policy, a
 * lifecycle rule for incomplete uploads, versioning.
 */
function problemsOf(r: FakeHeld, options: Record<string, unknown>): string[] {
  const s = r.settings;
  const problems: string[] = [];
  const pab = s.PublicAccessBlockConfiguration ?? {};
  if (
    !pab.BlockPublicAcls ||
    !pab.IgnorePublicAcls ||
    !pab.BlockPublicPolicy ||
    !pab.RestrictPublicBuckets
  )
    problems.push('public access block is not complete');
  if (s.ObjectOwnership !== 'BucketOwnerEnforced')
    problems.push(`object ownership is ${s.ObjectOwnership}`);
  if (
    !s.ServerSideEncryptionConfiguration?.Rules?.[0]
      ?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm
  )
    problems.push('no default encryption');
  // `GP-S3-VERSIONING` is relaxable, so the fake's option can waive it.
  if (options.requireS3Versioning !== false && s.VersioningStatus !== 'Enabled')
    problems.push(`versioning is ${s.VersioningStatus}`);
  if (!policyRequiresTls(s.Policy))
    problems.push('no policy denying requests without TLS');
  if (policyIsPublic(s.Policy)) problems.push('the policy makes it public');
  if (
    !s.LifecycleRules?.some((rule: any) => rule.AbortIncompleteMultipartUpload)
  )
    problems.push('no lifecycle rule for incomplete uploads');
  return problems;
}

/** S3 buckets in the AWS fake, by bucket name. */
export const S3_FAKE: FakeAwsServiceDefinition<'s3'> = {
  service: 's3',
  client: S3.S3Client,
  exceptions: { base: S3.S3ServiceException, modelled: S3 },
  statuses: {
    NotFound: 404,
    NoSuchBucket: 404,
    NoSuchTagSet: 404,
    NoSuchBucketPolicy: 404,
    BucketAlreadyExists: 409,
    BucketAlreadyOwnedByYou: 409,
    SlowDown: 503,
  },
  install,
  // A bucket is usable as soon as CreateBucket answers.
  status: () => 'available',
  problems: problemsOf,
};
