import { mustBe, oneOf, shown } from '../../rules/helpers';
import { GuardrailRule } from '../../rules/types';
import { S3BucketRequest } from './request';

const S3 = ['s3-bucket'] as const;

/** S3 general purpose bucket naming rules, plus "no dots" (dots break virtual-host TLS). */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)) {
    return 'may contain only lower-case letters, digits and hyphens, starting and ending with a letter or digit';
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name))
    return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name))
    return 'must not start with a reserved prefix';
  if (/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name))
    return 'must not end with a reserved suffix';
  return undefined;
}

export const bucketName: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-BUCKET-NAME',
  title: 'Bucket names meet S3 naming rules',
  severity: 'medium',
  kinds: S3,
  controls: ['S3 general purpose bucket naming rules'],
  relaxable: false,
  approvable: false,
  rationale:
    'S3 rejects invalid names only after other steps ran; dotted names break HTTPS virtual-host addressing.',
  fix: 'Use 3-63 lower-case letters, digits and hyphens, e.g. payments-invoices-dev.',
  check: r => {
    const problem = bucketNameProblem(String(r.name));
    return problem
      ? [{ field: 'name', message: `bucket name ${shown(r.name)} ${problem}` }]
      : [];
  },
};

export const publicAccessBlock: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-PUBLIC-ACCESS-BLOCK',
  title: 'All four S3 Block Public Access settings are on',
  severity: 'critical',
  kinds: S3,
  controls: [
    'FSBP S3.8',
    'FSBP S3.2',
    'FSBP S3.3',
    'CKV_AWS_53',
    'CKV_AWS_54',
    'CKV_AWS_55',
    'CKV_AWS_56',
    'CKV2_AWS_6',
    'AVD-AWS-0086..0094',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'A public bucket is the most common cloud data leak; the block is set explicitly because account defaults can change.',
  fix: 'Remove the publicAccessBlock override; to share objects use pre-signed URLs or CloudFront with origin access control.',
  check: r => {
    const p = r.publicAccessBlock ?? {};
    return [
      ...mustBe(
        'publicAccessBlock.blockPublicAcls',
        p.blockPublicAcls,
        true,
        'BlockPublicAcls',
      ),
      ...mustBe(
        'publicAccessBlock.ignorePublicAcls',
        p.ignorePublicAcls,
        true,
        'IgnorePublicAcls',
      ),
      ...mustBe(
        'publicAccessBlock.blockPublicPolicy',
        p.blockPublicPolicy,
        true,
        'BlockPublicPolicy',
      ),
      ...mustBe(
        'publicAccessBlock.restrictPublicBuckets',
        p.restrictPublicBuckets,
        true,
        'RestrictPublicBuckets',
      ),
    ];
  },
};

export const aclsDisabled: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-ACLS-DISABLED',
  title: 'Object ACLs are disabled (BucketOwnerEnforced)',
  severity: 'high',
  kinds: S3,
  controls: ['FSBP S3.12', 'CKV2_AWS_65'],
  relaxable: false,
  approvable: false,
  rationale:
    'ACLs grant access outside IAM and bucket policy, where nobody reviews it.',
  fix: 'Remove objectOwnership (BucketOwnerEnforced is applied).',
  check: r =>
    oneOf(
      'objectOwnership',
      r.objectOwnership,
      ['BucketOwnerEnforced'],
      'object ownership',
    ),
};

export const tlsOnly: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-TLS-ONLY',
  title: 'Bucket policy denies requests without TLS',
  severity: 'high',
  kinds: S3,
  controls: ['FSBP S3.5', 'CKV_AWS_379'],
  relaxable: false,
  approvable: false,
  rationale:
    'Without aws:SecureTransport denial, clients can read and write over plain HTTP.',
  fix: 'Remove tlsOnly: false; use HTTPS endpoints (every AWS SDK does by default).',
  check: r => mustBe('tlsOnly', r.tlsOnly, true, 'the TLS-only bucket policy'),
};

export const encryption: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-ENCRYPTION',
  title: 'Default encryption with an allowed algorithm',
  severity: 'high',
  kinds: S3,
  controls: [
    'FSBP S3.4 (retired)',
    'Security Hub S3.17 (NIST 800-53 r5) for aws:kms',
    'CKV_AWS_19',
    'CKV_AWS_145',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'Encryption at rest with an approved key; SSE-KMS keeps key use auditable in CloudTrail. SSE-C is always blocked.',
  fix: 'Leave encryption empty for the environment default, or pick one of the allowed algorithms.',
  check: (r, env) =>
    oneOf('encryption', r.encryption, env.s3.allowedEncryption, 'encryption'),
  weakenedBy: env =>
    env.s3.allowedEncryption.length === 0
      ? 's3.allowedEncryption is empty'
      : undefined,
};

export const versioning: GuardrailRule<S3BucketRequest> = {
  id: 'GP-S3-VERSIONING',
  title: 'Versioning is enabled (with noncurrent-version expiry)',
  severity: 'medium',
  kinds: S3,
  controls: [
    'Security Hub S3.14 (NIST 800-53 r5)',
    'FSBP S3.10',
    'CKV_AWS_21',
    'AVD-AWS-0090',
  ],
  relaxable: true,
  approvable: true,
  rationale:
    'Versioning recovers from overwrites and deletes; lifecycle rules expire old versions so cost stays bounded.',
  fix: 'Keep versioning on (the default).',
  check: (r, env) =>
    env.s3.requireVersioning
      ? mustBe('versioning', r.versioning, true, 'versioning')
      : [],
  weakenedBy: env =>
    env.s3.requireVersioning ? undefined : 's3.requireVersioning is false',
};

export const S3_RULES: GuardrailRule<S3BucketRequest>[] = [
  bucketName,
  publicAccessBlock,
  aclsDisabled,
  tlsOnly,
  encryption,
  versioning,
];
