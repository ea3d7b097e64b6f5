import { Instance, SecurityGroup, Volume } from '@aws-sdk/client-ec2';
import { Ec2InstanceRequest } from '@golden-path/plugin-golden-path-common';

const ANYWHERE_V4 = '0.0.0.0/0';
const ANYWHERE_V6 = '::/0';

/** Security groups that let anyone in, with the rule that does it. */
export function openIngress(groups: SecurityGroup[] | undefined): string[] {
  return (groups ?? []).flatMap(group =>
    (group.IpPermissions ?? [])
      .filter(
        p =>
          p.IpRanges?.some(r => r.CidrIp === ANYWHERE_V4) ||
          p.Ipv6Ranges?.some(r => r.CidrIpv6 === ANYWHERE_V6),
      )
      .map(
        p =>
          `${group.GroupId} allows ${
            p.IpProtocol === '-1'
              ? 'all traffic'
              : `${p.IpProtocol} ${p.FromPort}-${p.ToPort}`
          } from anywhere`,
      ),
  );
}

/**
 * Every way the launched instance differs from the baseline, checked on AWS's answer (the
 * instance, its volumes and its termination flag), not on our request.
 */
export function baselineProblems(
  instance: Instance | undefined,
  volumes: Volume[],
  terminationProtected: boolean | undefined,
  request: Ec2InstanceRequest,
  expected: { instanceProfile: string; securityGroupIds: string[] },
): string[] {
  if (!instance) return ['EC2 does not describe the instance'];
  const problems: string[] = [];
  const metadata = instance.MetadataOptions;
  if (metadata?.HttpTokens !== 'required')
    problems.push(
      `metadata tokens are ${
        metadata?.HttpTokens ?? 'unknown'
      } (IMDSv1 allowed)`,
    );
  if (metadata?.HttpPutResponseHopLimit !== 1)
    problems.push(`metadata hop limit is ${metadata?.HttpPutResponseHopLimit}`);
  if (instance.PublicIpAddress)
    problems.push(`it has the public IP ${instance.PublicIpAddress}`);
  if (instance.KeyName)
    problems.push(`key pair ${instance.KeyName} is attached`);
  if (
    !instance.IamInstanceProfile?.Arn?.endsWith(`/${expected.instanceProfile}`)
  )
    problems.push(`instance profile is not ${expected.instanceProfile}`);
  const groups = (instance.SecurityGroups ?? []).map(g => g.GroupId).sort();
  if (
    JSON.stringify(groups) !==
    JSON.stringify([...expected.securityGroupIds].sort())
  )
    problems.push(`security groups are ${groups.join(', ') || 'none'}`);
  const attached = (instance.BlockDeviceMappings ?? []).map(
    b => b.Ebs?.VolumeId,
  );
  if (!attached.length) problems.push('it has no EBS volume');
  for (const id of attached) {
    const volume = volumes.find(v => v.VolumeId === id);
    if (volume?.Encrypted !== true)
      problems.push(`volume ${id} is not encrypted`);
  }
  if (request.terminationProtection && terminationProtected !== true)
    problems.push('termination protection is off');
  return problems;
}
