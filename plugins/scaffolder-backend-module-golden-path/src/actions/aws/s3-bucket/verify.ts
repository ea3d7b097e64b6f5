import {
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3BucketRequest } from '@golden-path/plugin-golden-path-common';

/** Reads the bucket back and lists every way it differs from the baseline. */
export async function verifyBucket(
  s3: S3Client,
  bucket: string,
  request: S3BucketRequest,
): Promise<string[]> {
  const problems: string[] = [];
  const pab =
    (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))
      .PublicAccessBlockConfiguration ?? {};
  if (
    !pab.BlockPublicAcls ||
    !pab.IgnorePublicAcls ||
    !pab.BlockPublicPolicy ||
    !pab.RestrictPublicBuckets
  )
    problems.push('public access block is not complete');
  const ownership = (
    await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))
  ).OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  if (ownership !== 'BucketOwnerEnforced')
    problems.push(`object ownership is ${ownership}`);
  const sse = (
    await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))
  ).ServerSideEncryptionConfiguration?.Rules?.[0]
    ?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  if (sse !== request.encryption) problems.push(`default encryption is ${sse}`);
  if (request.versioning !== false) {
    const versioning = (
      await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))
    ).Status;
    if (versioning !== 'Enabled') problems.push(`versioning is ${versioning}`);
  }
  const status = await s3.send(
    new GetBucketPolicyStatusCommand({ Bucket: bucket }),
  );
  if (status.PolicyStatus?.IsPublic !== false)
    problems.push('the bucket policy makes it public');
  return problems;
}
