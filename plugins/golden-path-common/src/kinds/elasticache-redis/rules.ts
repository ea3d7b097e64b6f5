import {
  engineVersionFindings,
  integerBetween,
  mustBe,
  oneOf,
  shown,
} from '../../rules/helpers';
import { GuardrailRule } from '../../rules/types';
import { ElastiCacheRequest } from './request';

const EC = ['elasticache-redis'] as const;

export const replicationGroupId: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-ID',
  title: 'Replication group ids meet ElastiCache naming rules',
  severity: 'medium',
  kinds: EC,
  controls: ['ElastiCache ReplicationGroupId constraints'],
  relaxable: false,
  approvable: false,
  rationale:
    'ElastiCache rejects invalid ids after the request is sent; checking first gives the developer the reason.',
  fix: 'Use 1-40 lower-case letters, digits and single hyphens, starting with a letter, e.g. checkout-cache.',
  check: r =>
    /^[a-z][a-z0-9-]{0,39}$/.test(r.name) &&
    !r.name.includes('--') &&
    !r.name.endsWith('-')
      ? []
      : [
          {
            field: 'name',
            message: `replication group id ${shown(r.name)} is not valid`,
          },
        ],
};

export const engineVersion: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-ENGINE-VERSION',
  title: 'Redis OSS 7+ or Valkey, on an allowed version',
  severity: 'high',
  kinds: EC,
  controls: [
    'FSBP ElastiCache.6 (AUTH below 6.0 avoided by requiring 7+)',
    'Supported-version policy',
  ],
  relaxable: false,
  approvable: true,
  rationale:
    'Versions before 6 have no RBAC; older versions leave standard support.',
  fix: 'Pick an allowed engine and one of its listed versions exactly (e.g. 7.1), or leave them empty for the environment default.',
  check: (r, env) =>
    engineVersionFindings(
      r.engine,
      r.engineVersion,
      env.elasticache.engines,
      'exact',
    ),
  weakenedBy: env => {
    const old = Object.entries(env.elasticache.engines).flatMap(
      ([engine, versions]) =>
        versions
          .filter(v => engine === 'redis' && Number.parseFloat(v) < 7)
          .map(v => `${engine} ${v}`),
    );
    return old.length
      ? `elasticache.engines allows ${old.join(', ')} (below 7)`
      : undefined;
  },
};

export const nodeType: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-NODE-TYPE',
  title: 'Node type is on the environment’s allow-list',
  severity: 'medium',
  kinds: EC,
  controls: ['Cost guardrail (right-sizing per environment)'],
  relaxable: false,
  approvable: true,
  rationale:
    'Cache nodes bill every hour; larger types go through the platform team.',
  fix: 'Pick one of the listed node types for this environment.',
  check: (r, env) =>
    oneOf('nodeType', r.nodeType, env.elasticache.nodeTypes, 'node type'),
};

export const nodeCount: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-NODE-COUNT',
  title: 'Node count within the environment’s limit',
  severity: 'medium',
  kinds: EC,
  controls: ['Cost guardrail'],
  relaxable: false,
  approvable: true,
  rationale: 'Each replica is billed as a full node.',
  fix: 'Use between 1 and the maximum shown (2 or more where failover is required).',
  check: (r, env) =>
    integerBetween('nodes', r.nodes, 1, env.elasticache.maxNodes, 'node count'),
};

export const atRest: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-ENCRYPTION-AT-REST',
  title: 'Encrypted at rest',
  severity: 'high',
  kinds: EC,
  controls: ['FSBP ElastiCache.4', 'CKV_AWS_29', 'AVD-AWS-0045'],
  relaxable: false,
  approvable: false,
  rationale:
    'Snapshots and swap hold the data; at-rest encryption is immutable after creation.',
  fix: 'Remove atRestEncryption: false.',
  check: r =>
    mustBe('atRestEncryption', r.atRestEncryption, true, 'encryption at rest'),
};

export const inTransit: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-ENCRYPTION-IN-TRANSIT',
  title: 'Encrypted in transit (mode required)',
  severity: 'high',
  kinds: EC,
  controls: ['FSBP ElastiCache.5', 'CKV_AWS_30', 'AVD-AWS-0051'],
  relaxable: false,
  approvable: false,
  rationale:
    'Without TLS, credentials and data cross the VPC in clear text; "preferred" mode still allows plaintext.',
  fix: 'Remove transitEncryption: false; clients connect with TLS (rediss://).',
  check: r =>
    mustBe(
      'transitEncryption',
      r.transitEncryption,
      true,
      'encryption in transit',
    ),
};

export const rbac: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-AUTH',
  title: 'Clients authenticate (RBAC user group)',
  severity: 'high',
  kinds: EC,
  controls: ['FSBP ElastiCache.6', 'CKV_AWS_31'],
  relaxable: false,
  approvable: false,
  rationale:
    'An unauthenticated cache lets anything in the VPC read and overwrite it.',
  fix: 'Remove auth: none; the environment’s RBAC user group is attached (platform team: set elasticache.userGroupId).',
  check: (r, env) => [
    ...oneOf('auth', r.auth, ['rbac'], 'authentication mode'),
    ...(env.elasticache.userGroupId
      ? []
      : [
          {
            field: 'auth',
            message: `no RBAC user group is configured for ${env.name}, so clients could not authenticate`,
          },
        ]),
  ],
};

export const backups: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-BACKUPS',
  title: 'Automatic snapshots kept at least the minimum',
  severity: 'high',
  kinds: EC,
  controls: ['FSBP ElastiCache.1', 'CKV_AWS_134', 'AVD-AWS-0050'],
  relaxable: false,
  approvable: true,
  rationale:
    'The API default is 0 (no snapshots): a node failure loses everything.',
  fix: 'Use a snapshot retention between the minimum shown and 35 days.',
  check: (r, env) =>
    integerBetween(
      'snapshotRetentionDays',
      r.snapshotRetentionDays,
      env.elasticache.minSnapshotRetentionDays,
      35,
      'snapshot retention (days)',
    ),
  weakenedBy: env =>
    env.elasticache.minSnapshotRetentionDays < 1
      ? 'elasticache.minSnapshotRetentionDays is below 1'
      : undefined,
};

export const failover: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-FAILOVER',
  title: 'Automatic failover and Multi-AZ where the environment requires it',
  severity: 'medium',
  kinds: EC,
  controls: ['FSBP ElastiCache.3', 'CKV2_AWS_50'],
  relaxable: false,
  approvable: true,
  rationale:
    'Without a replica and failover, a primary failure is an outage until a person acts.',
  fix: 'Use at least 2 nodes and keep automatic failover and Multi-AZ on in this environment.',
  check: (r, env) => {
    if (!env.elasticache.requireAutomaticFailover) {
      return r.automaticFailover && (r.nodes ?? 1) < 2
        ? [
            {
              field: 'nodes',
              message: 'automatic failover needs at least 2 nodes',
            },
          ]
        : [];
    }
    return [
      ...mustBe(
        'automaticFailover',
        r.automaticFailover,
        true,
        'automatic failover',
      ),
      ...mustBe('multiAz', r.multiAz, true, 'Multi-AZ'),
      ...((r.nodes ?? 2) < 2
        ? [
            {
              field: 'nodes',
              message: 'automatic failover needs at least 2 nodes',
              allowed: [2, 3],
            },
          ]
        : []),
    ];
  },
};

export const subnetGroup: GuardrailRule<ElastiCacheRequest> = {
  id: 'GP-EC-SUBNET-GROUP',
  title: 'Not in the default subnet group',
  severity: 'high',
  kinds: EC,
  controls: ['FSBP ElastiCache.7', 'CKV_AWS_323'],
  relaxable: false,
  approvable: false,
  rationale:
    'The default subnet group spans the default VPC; networking is the platform’s choice, never the form’s.',
  fix: 'Leave the subnet group empty; the environment’s private subnet group is used.',
  check: (r, env) =>
    oneOf(
      'subnetGroup',
      r.subnetGroup,
      [env.elasticache.subnetGroup],
      'subnet group',
    ),
  weakenedBy: env =>
    !env.elasticache.subnetGroup || env.elasticache.subnetGroup === 'default'
      ? 'elasticache.subnetGroup is empty or default'
      : undefined,
};

export const ELASTICACHE_RULES: GuardrailRule<ElastiCacheRequest>[] = [
  replicationGroupId,
  engineVersion,
  nodeType,
  nodeCount,
  atRest,
  inTransit,
  rbac,
  backups,
  failover,
  subnetGroup,
];
