import { KindDefinition } from '../types';
import { estimateRdsInstanceCost } from './cost';
import { normaliseRdsInstance } from './normalise';
import { RDS_INSTANCE_FIELDS } from './request';
import { RDS_RULES } from './rules';

export const RDS_INSTANCE: KindDefinition<'rds-instance'> = {
  kind: 'rds-instance',
  provider: 'aws',
  label: 'RDS database',
  catalogType: 'database',
  refPrefix: 'db',
  creatingAction: {
    id: 'golden-path:aws:rds:create',
    policyFields: [
      'region',
      'engine',
      'engineVersion',
      'instanceClass',
      'allocatedStorageGb',
      'multiAz',
      'deletionProtection',
      'backupRetentionDays',
    ],
  },
  costed: true,
  policySection: 'rds',
  fields: RDS_INSTANCE_FIELDS,
  normalise: normaliseRdsInstance,
  rules: RDS_RULES,
  estimateCost: estimateRdsInstanceCost,
};
