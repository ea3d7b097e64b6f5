import { KindDefinition } from '../types';
import { EC2_PRICES } from './prices';
import { estimateEc2InstanceCost } from './cost';
import { normaliseEc2Instance } from './normalise';
import { EC2_INSTANCE_FIELDS } from './request';
import { EC2_RULES } from './rules';

export const EC2_INSTANCE: KindDefinition<'ec2-instance'> = {
  kind: 'ec2-instance',
  provider: 'aws',
  label: 'EC2 instance',
  catalogType: 'vm',
  refPrefix: 'vm',
  creatingAction: {
    id: 'golden-path:aws:ec2:create',
    policyFields: [
      'region',
      'instanceType',
      'imageId',
      'rootVolumeGb',
      'terminationProtection',
    ],
  },
  costed: true,
  policySection: 'ec2',
  choices: {
    'ec2.instanceType': {
      ruleId: 'GP-EC2-INSTANCE-TYPE',
      field: 'instanceType',
      valueType: 'string',
      priced: true,
      choices: env => ({ values: env.ec2.instanceTypes }),
    },
    'ec2.rootVolumeGb': {
      ruleId: 'GP-EC2-ROOT-VOLUME',
      field: 'rootVolumeGb',
      valueType: 'integer',
      priced: false,
      choices: env => ({
        min: env.ec2.minRootVolumeGb,
        max: env.ec2.maxRootVolumeGb,
      }),
    },
  },
  fields: EC2_INSTANCE_FIELDS,
  normalise: normaliseEc2Instance,
  rules: EC2_RULES,
  defaultPrices: EC2_PRICES,
  estimateCost: estimateEc2InstanceCost,
};
