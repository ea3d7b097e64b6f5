import type { RequestBase } from '../../requests';
import { b, BASE_FIELDS, int, RequestFieldType, s } from '../fields';

/**
 * A request for one EC2 instance. Networking, the instance profile and the AMI source come from
 * the environment's policy; the fields a caller could use to weaken them are accepted only so
 * that the guardrails can refuse them by name.
 * @public
 */
export interface Ec2InstanceRequest extends RequestBase {
  kind: 'ec2-instance';
  region?: string;
  instanceType?: string;
  /** An AMI on the policy's list, or (the default) `resolve:ssm:` + the policy's AMI parameter. */
  imageId?: string;
  /** Root EBS volume size in GiB (gp3). */
  rootVolumeGb?: number;
  rootVolumeEncrypted?: boolean;
  /** Instance metadata service tokens: `required` is IMDSv2 only. */
  httpTokens?: string;
  httpPutResponseHopLimit?: number;
  associatePublicIpAddress?: boolean;
  /** Termination protection (`DisableApiTermination`). */
  terminationProtection?: boolean;
  /** Always refused: access is through Systems Manager, not SSH keys. */
  keyName?: string;
  /** Always refused: security groups, subnet and instance profile come from the policy. */
  securityGroupIds?: string[];
  subnetId?: string;
  iamInstanceProfile?: string;
}

/** Bounds are EC2's own: a gp3 volume is 1 GiB to 16 TiB, the metadata hop limit 1 to 64. */
export const EC2_INSTANCE_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  region: s,
  instanceType: s,
  imageId: s,
  rootVolumeGb: int(1, 16_384),
  rootVolumeEncrypted: b,
  httpTokens: s,
  httpPutResponseHopLimit: int(1, 64),
  associatePublicIpAddress: b,
  terminationProtection: b,
  keyName: s,
  securityGroupIds: 'strings',
  subnetId: s,
  iamInstanceProfile: s,
};
