import { KindDefinition } from '../types';
import { S3_PRICES } from './prices';
import { estimateS3BucketCost } from './cost';
import { normaliseS3Bucket } from './normalise';
import { S3_BUCKET_FIELDS } from './request';
import { S3_RULES } from './rules';

export const S3_BUCKET: KindDefinition<'s3-bucket'> = {
  kind: 's3-bucket',
  provider: 'aws',
  label: 'S3 bucket',
  catalogType: 's3-bucket',
  refPrefix: 'bucket',
  creatingAction: {
    id: 'golden-path:aws:s3:create',
    policyFields: ['region', 'encryption', 'versioning', 'expectedStorageGb'],
  },
  costed: true,
  policySection: 's3',
  choices: {
    's3.encryption': {
      ruleId: 'GP-S3-ENCRYPTION',
      field: 'encryption',
      valueType: 'string',
      priced: false,
      choices: env => ({ values: env.s3.allowedEncryption }),
    },
  },
  fields: S3_BUCKET_FIELDS,
  normalise: normaliseS3Bucket,
  rules: S3_RULES,
  defaultPrices: S3_PRICES,
  estimateCost: estimateS3BucketCost,
};
