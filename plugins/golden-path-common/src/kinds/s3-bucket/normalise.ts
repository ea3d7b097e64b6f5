import { EnvironmentPolicy } from '../../policy/types';
import { S3BucketRequest } from './request';

/** The S3 baseline: versioned, TLS only, ACLs off, all four public access blocks on. */
export function normaliseS3Bucket(
  request: S3BucketRequest,
  env: EnvironmentPolicy,
): S3BucketRequest {
  return {
    region: env.defaultRegion,
    encryption: env.s3.defaultEncryption,
    versioning: true,
    objectOwnership: 'BucketOwnerEnforced',
    tlsOnly: true,
    ...request,
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
      ...request.publicAccessBlock,
    },
  };
}
