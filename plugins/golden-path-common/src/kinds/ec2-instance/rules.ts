import { integerBetween, mustBe, oneOf, shown } from '../../rules/helpers';
import { Finding, GuardrailRule } from '../../rules/types';
import { platformImage } from './normalise';
import { Ec2InstanceRequest } from './request';

const EC2 = ['ec2-instance'] as const;

export const name: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-NAME',
  title: 'Instance names follow the naming convention',
  severity: 'medium',
  kinds: EC2,
  controls: ['Naming convention (Name tag and catalog entity)'],
  relaxable: false,
  approvable: false,
  rationale:
    'The name becomes the Name tag and the catalog entity name; a predictable name keeps both findable, and a second Name tag could hide the instance from retries and conflict checks.',
  fix: 'Use 1-63 lower-case letters, digits and single hyphens, starting with a letter, e.g. payments-worker; do not set a Name tag (the name is the Name tag).',
  check: r => [
    ...(/^[a-z][a-z0-9-]{0,62}$/.test(r.name) &&
    !r.name.includes('--') &&
    !r.name.endsWith('-')
      ? []
      : [
          {
            field: 'name',
            message: `name ${shown(r.name)} is not a valid instance name`,
          },
        ]),
    // Retries and name conflicts find the instance by its Name tag.
    ...(r.tags && Object.prototype.hasOwnProperty.call(r.tags, 'Name')
      ? [{ field: 'tags.Name', message: 'the Name tag is set from the name' }]
      : []),
  ],
};

export const instanceType: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-INSTANCE-TYPE',
  title: 'Instance type is on the environment’s allow-list',
  severity: 'medium',
  kinds: EC2,
  controls: ['Cost guardrail: no instance larger than t3.medium by default'],
  relaxable: false,
  approvable: true,
  rationale:
    'Oversized instances are the most common avoidable compute cost; larger types go through the platform team.',
  fix: 'Pick one of the listed instance types for this environment.',
  check: (r, env) =>
    oneOf(
      'instanceType',
      r.instanceType,
      env.ec2.instanceTypes,
      'instance type',
    ),
};

export const image: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-AMI',
  title: 'The AMI is the platform’s image or on the allow-list',
  severity: 'high',
  kinds: EC2,
  controls: ['Approved, patched images only (golden AMI)'],
  relaxable: false,
  approvable: false,
  rationale:
    'An arbitrary AMI can carry unpatched software or a backdoor; the platform image is kept current through its SSM parameter.',
  fix: 'Leave the image empty (the platform’s current image) or pick one of the listed AMI ids.',
  check: (r, env) => {
    const allowed = [platformImage(env), ...env.ec2.amiIds];
    return r.imageId === undefined || allowed.includes(r.imageId)
      ? []
      : [
          {
            field: 'imageId',
            message: `image ${shown(
              r.imageId,
            )} is not allowed in this environment`,
            allowed,
          },
        ];
  },
};

export const imdsV2: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-IMDSV2',
  title: 'Instance metadata requires IMDSv2 tokens, with a hop limit of 1',
  severity: 'high',
  kinds: EC2,
  controls: ['FSBP EC2.8', 'CKV_AWS_79', 'AVD-AWS-0028'],
  relaxable: false,
  approvable: false,
  rationale:
    'IMDSv1 lets a server-side request forgery read the instance role’s credentials; a hop limit of 1 keeps containers on the host from reaching them.',
  fix: 'Remove httpTokens and httpPutResponseHopLimit (IMDSv2 with one hop is used).',
  check: r => [
    ...(r.httpTokens === undefined || r.httpTokens === 'required'
      ? []
      : [
          {
            field: 'httpTokens',
            message: `metadata tokens ${shown(r.httpTokens)} allow IMDSv1`,
            allowed: ['required'],
          },
        ]),
    ...(r.httpPutResponseHopLimit === undefined ||
    r.httpPutResponseHopLimit === 1
      ? []
      : [
          {
            field: 'httpPutResponseHopLimit',
            message: `metadata hop limit must be 1 (got ${shown(
              r.httpPutResponseHopLimit,
            )})`,
            allowed: [1],
          },
        ]),
  ],
};

export const ebsEncrypted: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-EBS-ENCRYPTED',
  title: 'The root EBS volume is encrypted',
  severity: 'high',
  kinds: EC2,
  controls: ['FSBP EC2.3', 'FSBP EC2.7', 'CKV_AWS_8', 'AVD-AWS-0131'],
  relaxable: false,
  approvable: false,
  rationale:
    'A volume’s encryption cannot be turned on after creation; snapshots of an unencrypted volume leak its data.',
  fix: 'Remove rootVolumeEncrypted: false.',
  check: r =>
    mustBe(
      'rootVolumeEncrypted',
      r.rootVolumeEncrypted,
      true,
      'root volume encryption',
    ),
};

export const rootVolume: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-ROOT-VOLUME',
  title: 'Root volume size within the environment’s limits',
  severity: 'medium',
  kinds: EC2,
  controls: ['Cost guardrail'],
  relaxable: false,
  approvable: true,
  rationale:
    'Volumes are billed by size whether used or not; bigger data belongs in a managed store.',
  fix: 'Choose a size within the limits shown.',
  check: (r, env) =>
    integerBetween(
      'rootVolumeGb',
      r.rootVolumeGb,
      env.ec2.minRootVolumeGb,
      env.ec2.maxRootVolumeGb,
      'root volume (GB)',
    ),
};

export const noPublicIp: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-NO-PUBLIC-IP',
  title: 'The instance gets no public IP address',
  severity: 'critical',
  kinds: EC2,
  controls: ['FSBP EC2.9', 'CKV_AWS_88', 'AVD-AWS-0009'],
  relaxable: false,
  approvable: false,
  rationale:
    'A public address puts the instance on the internet; traffic reaches it through a load balancer and people through Systems Manager.',
  fix: 'Remove associatePublicIpAddress: true; expose a service through a load balancer.',
  check: r =>
    mustBe(
      'associatePublicIpAddress',
      r.associatePublicIpAddress,
      false,
      'a public IP address',
    ),
};

export const noKeyPair: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-NO-KEY-PAIR',
  title: 'No SSH key pair: access is through Systems Manager',
  severity: 'high',
  kinds: EC2,
  controls: ['FSBP SSM.1', 'No long-lived SSH keys'],
  relaxable: false,
  approvable: false,
  rationale:
    'Key pairs are shared, never rotated and need an open port 22; Session Manager access is per person and audited.',
  fix: 'Remove keyName; connect with `aws ssm start-session --target <instance id>`.',
  check: r =>
    r.keyName === undefined
      ? []
      : [{ field: 'keyName', message: 'a key pair must not be attached' }],
};

const POLICY_ONLY = {
  securityGroupIds: 'security groups',
  subnetId: 'the subnet',
  iamInstanceProfile: 'the instance profile',
} as const;

export const networkFromPolicy: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-NETWORK-FROM-POLICY',
  title: 'Security groups, subnet and instance profile come from the policy',
  severity: 'critical',
  kinds: EC2,
  controls: [
    'FSBP EC2.18',
    'FSBP EC2.19',
    'FSBP EC2.13',
    'FSBP EC2.14',
    'CKV_AWS_24',
    'CKV_AWS_260',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'A caller-chosen security group can open the instance to 0.0.0.0/0, and a caller-chosen profile can grant any role; the platform’s are reviewed, and checked for open ingress before every launch.',
  fix: 'Remove securityGroupIds, subnetId and iamInstanceProfile; ask the platform team to change the environment’s ec2 settings.',
  check: r =>
    (Object.keys(POLICY_ONLY) as Array<keyof typeof POLICY_ONLY>)
      .filter(field => r[field] !== undefined)
      .map(
        (field): Finding => ({
          field,
          message: `${POLICY_ONLY[field]} must not be chosen by the request`,
        }),
      ),
};

export const terminationProtection: GuardrailRule<Ec2InstanceRequest> = {
  id: 'GP-EC2-TERMINATION-PROTECTION',
  title: 'Termination protection is on',
  severity: 'medium',
  kinds: EC2,
  controls: ['CIS AWS Foundations (protect production workloads)'],
  relaxable: true,
  approvable: true,
  rationale:
    'Protects a production instance from an accidental terminate by a person or a pipeline.',
  fix: 'Keep termination protection on.',
  check: (r, env) =>
    env.ec2.requireTerminationProtection
      ? mustBe(
          'terminationProtection',
          r.terminationProtection,
          true,
          'termination protection',
        )
      : [],
  weakenedBy: env =>
    env.ec2.requireTerminationProtection
      ? undefined
      : 'ec2.requireTerminationProtection is false',
};

export const EC2_RULES: GuardrailRule<Ec2InstanceRequest>[] = [
  name,
  instanceType,
  image,
  imdsV2,
  ebsEncrypted,
  rootVolume,
  noPublicIp,
  noKeyPair,
  networkFromPolicy,
  terminationProtection,
];
