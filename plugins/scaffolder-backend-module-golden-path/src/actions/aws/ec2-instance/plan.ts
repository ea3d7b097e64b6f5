import { createHash } from 'node:crypto';
import {
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  Ec2InstanceRequest,
  EnvironmentPolicy,
} from '@golden-path/plugin-golden-path-common';
import { PlannedCommand } from '../../../aws/commands';

/** The root device of the platform's images (Amazon Linux and most Linux AMIs). */
export const ROOT_DEVICE = '/dev/xvda';

/** The subnet of a name: the same on every retry, spread over the policy's subnets. */
export function subnetFor(name: string, subnets: string[]): string {
  const n = createHash('sha256').update(name).digest().readUInt32BE(0);
  return subnets[n % subnets.length];
}

/**
 * EC2's idempotency token for one launch: a retry of the same run sends the same token, so EC2
 * answers with the instance it already launched instead of launching a second one.
 */
export function clientToken(taskId: string, name: string, launch: number) {
  return createHash('sha256')
    .update(`${taskId}\n${name}\n${launch}`)
    .digest('hex')
    .slice(0, 64);
}

/** Reads the policy's security groups, so none that allows ingress from anywhere is attached. */
export function planSecurityGroupCheck(
  env: EnvironmentPolicy,
): PlannedCommand<DescribeSecurityGroupsCommand> {
  return {
    id: 'check-security-groups',
    purpose:
      'confirm the policy’s security groups allow no ingress from 0.0.0.0/0 or ::/0',
    command: new DescribeSecurityGroupsCommand({
      GroupIds: env.ec2.securityGroupIds,
    }),
  };
}

/** The one request that launches a compliant instance: every baseline setting is in it. */
export function planInstance(
  request: Ec2InstanceRequest,
  env: EnvironmentPolicy,
  tags: Array<{ Key: string; Value: string }>,
  token: string,
): PlannedCommand<RunInstancesCommand> {
  // The Name tag is the instance's identity (retries and conflicts look it up): never the caller's.
  const named = [
    { Key: 'Name', Value: request.name },
    ...tags.filter(t => t.Key !== 'Name'),
  ];
  return {
    id: 'launch',
    purpose: 'launch the instance with the baseline',
    command: new RunInstancesCommand({
      ImageId: request.imageId,
      InstanceType:
        request.instanceType as RunInstancesCommand['input']['InstanceType'],
      MinCount: 1,
      MaxCount: 1,
      ClientToken: token,
      IamInstanceProfile: { Name: env.ec2.instanceProfile },
      MetadataOptions: {
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 1,
        HttpEndpoint: 'enabled',
      },
      BlockDeviceMappings: [
        {
          DeviceName: ROOT_DEVICE,
          Ebs: {
            VolumeSize: request.rootVolumeGb,
            VolumeType: 'gp3',
            Encrypted: true,
            DeleteOnTermination: true,
          },
        },
      ],
      NetworkInterfaces: [
        {
          DeviceIndex: 0,
          SubnetId: env.ec2.subnetIds.length
            ? subnetFor(request.name, env.ec2.subnetIds)
            : undefined,
          Groups: env.ec2.securityGroupIds,
          AssociatePublicIpAddress: false,
          DeleteOnTermination: true,
        },
      ],
      DisableApiTermination: request.terminationProtection,
      TagSpecifications: [
        { ResourceType: 'instance', Tags: named },
        { ResourceType: 'volume', Tags: named },
      ],
    }),
  };
}
