import { missingPrices } from '../../cost/helpers';
import { notAllowedDefault } from '../policyChecks';
import { S3_STORAGE_PRICE } from './cost';
import { PolicySection } from '../types';

/** What an S3 bucket may look like in an environment. @public */
export interface S3Policy {
  allowedEncryption: Array<'aws:kms' | 'AES256'>;
  defaultEncryption: 'aws:kms' | 'AES256';
  /** KMS key for SSE-KMS; required by the S3 action in live mode when `aws:kms` is used. */
  kmsKeyId?: string;
  requireVersioning: boolean;
  /** Server access logs go here when set (same region). */
  accessLogBucket?: string;
  noncurrentVersionExpirationDays: number;
  abortIncompleteUploadDays: number;
}

export const S3_POLICY: PolicySection<'s3'> = {
  name: 's3',
  defaults: () => ({
    allowedEncryption: ['aws:kms', 'AES256'],
    defaultEncryption: 'AES256',
    requireVersioning: true,
    noncurrentVersionExpirationDays: 90,
    abortIncompleteUploadDays: 7,
  }),
  optional: ['kmsKeyId', 'accessLogBucket'],
  problems: (env, prices, path) => [
    ...notAllowedDefault(
      path,
      's3.defaultEncryption',
      env.s3.defaultEncryption,
      env.s3.allowedEncryption,
    ),
    ...missingPrices(prices, env.allowedRegions, [S3_STORAGE_PRICE], path),
  ],
};
