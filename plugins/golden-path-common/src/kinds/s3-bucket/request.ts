import type { RequestBase } from '../../requests';
import { b, BASE_FIELDS, num, RequestFieldType, s } from '../fields';

/** A request for an S3 bucket. @public */
export interface S3BucketRequest extends RequestBase {
  kind: 's3-bucket';
  region?: string;
  encryption?: 'aws:kms' | 'AES256';
  versioning?: boolean;
  publicAccessBlock?: {
    blockPublicAcls?: boolean;
    ignorePublicAcls?: boolean;
    blockPublicPolicy?: boolean;
    restrictPublicBuckets?: boolean;
  };
  objectOwnership?:
    | 'BucketOwnerEnforced'
    | 'BucketOwnerPreferred'
    | 'ObjectWriter';
  tlsOnly?: boolean;
  /** Expected stored data, for the cost estimate. */
  expectedStorageGb?: number;
}

export const S3_BUCKET_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  region: s,
  encryption: s,
  versioning: b,
  objectOwnership: s,
  tlsOnly: b,
  expectedStorageGb: num(0, 10_000_000),
  publicAccessBlock: {
    object: {
      blockPublicAcls: b,
      ignorePublicAcls: b,
      blockPublicPolicy: b,
      restrictPublicBuckets: b,
    },
  },
};
