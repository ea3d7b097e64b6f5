import { missingPrices } from '../../cost/helpers';
import { notAllowedDefault } from '../policyChecks';
import { PolicySection } from '../types';
import { EBS_STORAGE_PRICE } from './cost';

/** What an EC2 instance may look like in an environment. @public */
export interface Ec2Policy {
  /** Instance types developers may choose (default: nothing above t3.medium). */
  instanceTypes: string[];
  defaultInstanceType: string;
  /** AMIs developers may choose besides the platform's image. */
  amiIds: string[];
  /** SSM parameter naming the platform's current AMI; used when a request names none. */
  amiParameter: string;
  minRootVolumeGb: number;
  maxRootVolumeGb: number;
  defaultRootVolumeGb: number;
  requireTerminationProtection: boolean;
  /** Private subnets an instance may be placed in; developers never choose networking. */
  subnetIds: string[];
  /** Security groups every instance gets (verified to allow no ingress from anywhere). */
  securityGroupIds: string[];
  /** Instance profile whose role lets Systems Manager manage the instance (no SSH keys). */
  instanceProfile: string;
}

const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const AMI_ID = /^ami-[0-9a-f]{8,17}$/;

const malformed = (
  path: string,
  key: string,
  values: readonly string[],
  pattern: RegExp,
) =>
  values
    .filter(v => !pattern.test(v))
    .map(v => `${path}.ec2.${key}: ${JSON.stringify(v)} is not a valid id`);

export const EC2_POLICY: PolicySection<'ec2'> = {
  name: 'ec2',
  defaults: () => ({
    instanceTypes: ['t3.micro', 't3.small', 't3.medium'],
    defaultInstanceType: 't3.micro',
    amiIds: [],
    amiParameter:
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    minRootVolumeGb: 8,
    maxRootVolumeGb: 100,
    defaultRootVolumeGb: 20,
    requireTerminationProtection: true,
    subnetIds: [],
    securityGroupIds: [],
    instanceProfile: 'golden-path-ssm',
  }),
  optional: [],
  problems: ({ ec2, allowedRegions }, prices, path) => [
    ...notAllowedDefault(
      path,
      'ec2.defaultInstanceType',
      ec2.defaultInstanceType,
      ec2.instanceTypes,
    ),
    ...(ec2.minRootVolumeGb < 1 ||
    ec2.minRootVolumeGb > ec2.defaultRootVolumeGb ||
    ec2.defaultRootVolumeGb > ec2.maxRootVolumeGb
      ? [
          `${path}.ec2: root volume sizes must satisfy 1 <= minRootVolumeGb <= defaultRootVolumeGb <= maxRootVolumeGb`,
        ]
      : []),
    ...(ec2.amiParameter.startsWith('/')
      ? []
      : [
          `${path}.ec2.amiParameter must be an SSM parameter name starting with /`,
        ]),
    ...(ec2.instanceProfile.trim()
      ? []
      : [
          `${path}.ec2.instanceProfile must name the Systems Manager instance profile`,
        ]),
    ...malformed(path, 'amiIds', ec2.amiIds, AMI_ID),
    ...malformed(path, 'subnetIds', ec2.subnetIds, SUBNET_ID),
    ...malformed(
      path,
      'securityGroupIds',
      ec2.securityGroupIds,
      SECURITY_GROUP_ID,
    ),
    // Without a price the budget rule would refuse every request for the type.
    ...missingPrices(
      prices,
      allowedRegions,
      [...ec2.instanceTypes, EBS_STORAGE_PRICE],
      path,
    ),
  ],
};
