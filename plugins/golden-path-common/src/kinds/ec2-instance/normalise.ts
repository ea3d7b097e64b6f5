import { EnvironmentPolicy } from '../../policy/types';
import { Ec2InstanceRequest } from './request';

/** The AMI source used when a request names none: the platform's SSM parameter. */
export const platformImage = (env: EnvironmentPolicy) =>
  `resolve:ssm:${env.ec2.amiParameter}`;

/** The EC2 baseline: IMDSv2 with one hop, encrypted gp3 root volume, no public IP. */
export function normaliseEc2Instance(
  request: Ec2InstanceRequest,
  env: EnvironmentPolicy,
): Ec2InstanceRequest {
  return {
    region: env.defaultRegion,
    instanceType: env.ec2.defaultInstanceType,
    imageId: platformImage(env),
    rootVolumeGb: env.ec2.defaultRootVolumeGb,
    rootVolumeEncrypted: true,
    httpTokens: 'required',
    httpPutResponseHopLimit: 1,
    associatePublicIpAddress: false,
    terminationProtection: env.ec2.requireTerminationProtection,
    ...request,
  };
}
