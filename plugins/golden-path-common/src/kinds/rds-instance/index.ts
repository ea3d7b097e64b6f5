import { KindDefinition } from '../types';
import { RDS_PRICES } from './prices';
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
      'dbName',
    ],
  },
  costed: true,
  policySection: 'rds',
  choices: {
    'rds.engine': {
      ruleId: 'GP-RDS-ENGINE-VERSION',
      field: 'engine',
      valueType: 'string',
      priced: false,
      choices: env => ({ values: Object.keys(env.rds.engines) }),
    },
    'rds.instanceClass': {
      ruleId: 'GP-RDS-INSTANCE-CLASS',
      field: 'instanceClass',
      valueType: 'string',
      priced: true,
      choices: env => ({ values: env.rds.instanceClasses }),
    },
    'rds.storageGb': {
      ruleId: 'GP-RDS-STORAGE',
      field: 'allocatedStorageGb',
      valueType: 'integer',
      priced: false,
      choices: env => ({
        min: env.rds.minStorageGb,
        max: env.rds.maxStorageGb,
      }),
    },
    'rds.backupRetentionDays': {
      ruleId: 'GP-RDS-BACKUP-RETENTION',
      field: 'backupRetentionDays',
      valueType: 'integer',
      priced: false,
      choices: env => ({ min: env.rds.minBackupRetentionDays, max: 35 }),
    },
  },
  fields: RDS_INSTANCE_FIELDS,
  normalise: normaliseRdsInstance,
  rules: RDS_RULES,
  defaultPrices: RDS_PRICES,
  estimateCost: estimateRdsInstanceCost,
};
