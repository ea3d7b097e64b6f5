import type { KindCases } from '../../__fixtures__/kindCases';

/** Test cases of the EC2 kind: a valid dev request, and what each rule refuses and allows. */
export const cases: KindCases = {
  sample: {
    kind: 'ec2-instance',
    name: 'payments-worker',
    environment: 'dev',
    owner: 'group:default/payments',
  },
  denied: [
    { rule: 'GP-EC2-NAME', change: { name: 'Payments_Worker' } },
    { rule: 'GP-EC2-NAME', change: { tags: { Name: 'checkout-worker' } } },
    { rule: 'GP-EC2-INSTANCE-TYPE', change: { instanceType: 'm5.24xlarge' } },
    { rule: 'GP-EC2-INSTANCE-TYPE', change: { instanceType: 't3.large' } },
    { rule: 'GP-EC2-AMI', change: { imageId: 'ami-0123456789abcdef0' } },
    { rule: 'GP-EC2-AMI', change: { imageId: 'resolve:ssm:/attacker/ami' } },
    { rule: 'GP-EC2-IMDSV2', change: { httpTokens: 'optional' } },
    { rule: 'GP-EC2-IMDSV2', change: { httpPutResponseHopLimit: 2 } },
    { rule: 'GP-EC2-EBS-ENCRYPTED', change: { rootVolumeEncrypted: false } },
    { rule: 'GP-EC2-ROOT-VOLUME', change: { rootVolumeGb: 500 } },
    { rule: 'GP-EC2-ROOT-VOLUME', change: { rootVolumeGb: 4 } },
    { rule: 'GP-EC2-NO-PUBLIC-IP', change: { associatePublicIpAddress: true } },
    { rule: 'GP-EC2-NO-KEY-PAIR', change: { keyName: 'ops-shared' } },
    {
      rule: 'GP-EC2-NETWORK-FROM-POLICY',
      change: { securityGroupIds: ['sg-0123456789abcdef0'] },
    },
    {
      rule: 'GP-EC2-NETWORK-FROM-POLICY',
      change: { subnetId: 'subnet-0123456789abcdef0' },
    },
    {
      rule: 'GP-EC2-NETWORK-FROM-POLICY',
      change: { iamInstanceProfile: 'AdministratorAccess' },
    },
    {
      rule: 'GP-EC2-TERMINATION-PROTECTION',
      change: { terminationProtection: false },
    },
    { rule: 'GP-REGION-ALLOWED', change: { region: 'us-west-2' } },
  ],
  oracle: {
    fields: [
      ...['kind', 'name', 'environment', 'owner', 'tags', 'region'],
      ...['instanceType', 'imageId', 'rootVolumeGb', 'rootVolumeEncrypted'],
      ...['httpTokens', 'httpPutResponseHopLimit', 'associatePublicIpAddress'],
      'terminationProtection',
    ],
    check: (r, env, check) => {
      const p = env.ec2;
      check(p.instanceTypes.includes(r.instanceType), `type ${r.instanceType}`);
      check(
        r.imageId === `resolve:ssm:${p.amiParameter}` ||
          p.amiIds.includes(r.imageId),
        `image ${r.imageId}`,
      );
      check(
        Number.isInteger(r.rootVolumeGb) &&
          r.rootVolumeGb >= p.minRootVolumeGb &&
          r.rootVolumeGb <= p.maxRootVolumeGb,
        `rootVolumeGb ${r.rootVolumeGb}`,
      );
      check(
        r.rootVolumeEncrypted === true &&
          r.httpTokens === 'required' &&
          r.httpPutResponseHopLimit === 1 &&
          r.associatePublicIpAddress === false,
        'encryption, IMDSv2 and no public IP',
      );
      check(
        r.terminationProtection === true ||
          (!p.requireTerminationProtection &&
            r.terminationProtection === false),
        `terminationProtection ${r.terminationProtection}`,
      );
    },
  },
  allowed: [
    { rule: 'GP-EC2-INSTANCE-TYPE', change: { instanceType: 't3.medium' } },
    {
      rule: 'GP-EC2-AMI',
      change: {
        imageId:
          'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      },
    },
    {
      rule: 'GP-EC2-IMDSV2',
      change: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    },
    { rule: 'GP-EC2-ROOT-VOLUME', change: { rootVolumeGb: 100 } },
    {
      rule: 'GP-EC2-TERMINATION-PROTECTION',
      change: { terminationProtection: true },
    },
  ],
};
