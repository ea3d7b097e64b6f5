import { own } from '../../own';
import {
  engineVersionFindings,
  integerBetween,
  mustBe,
  oneOf,
  shown,
} from '../../rules/helpers';
import { GuardrailRule } from '../../rules/types';
import { RdsInstanceRequest } from './request';

const RDS = ['rds-instance'] as const;

export const ENGINE_DEFAULT_PORTS: Record<string, number> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
};

/** Usernames the engines or scanners treat as defaults (RDS.25 superset). */
export const DEFAULT_ADMIN_NAMES = [
  'admin',
  'administrator',
  'postgres',
  'root',
  'master',
  'sa',
  'rdsadmin',
  'mysql',
  'user',
];

export const identifier: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-IDENTIFIER',
  title: 'DB instance identifiers meet RDS naming rules',
  severity: 'medium',
  kinds: RDS,
  controls: ['RDS DBInstanceIdentifier constraints'],
  relaxable: false,
  approvable: false,
  rationale:
    'RDS rejects invalid identifiers after the request is sent; checking first gives the developer the reason.',
  fix: 'Use 1-63 lower-case letters, digits and single hyphens, starting with a letter, e.g. payments-db.',
  check: r =>
    /^[a-z][a-z0-9-]{0,62}$/.test(r.name) &&
    !r.name.includes('--') &&
    !r.name.endsWith('-')
      ? []
      : [
          {
            field: 'name',
            message: `identifier ${shown(
              r.name,
            )} is not a valid DB instance identifier`,
          },
        ],
};

export const engineVersion: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-ENGINE-VERSION',
  title: 'Engine and version are on the allow-list',
  severity: 'high',
  kinds: RDS,
  controls: ['Supported-version policy (no end-of-life engines)'],
  relaxable: false,
  approvable: true,
  rationale:
    'End-of-life engine versions get no security fixes and incur RDS Extended Support charges. The version sent to AWS is exactly an allowed one or a dotted refinement of it (17 or 17.2 under 17).',
  fix: 'Pick an allowed engine and major version (digits and dots only, e.g. 17 or 17.2); leave the version empty for the newest allowed.',
  check: (r, env) =>
    engineVersionFindings(r.engine, r.engineVersion, env.rds.engines, 'prefix'),
};

export const instanceClass: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-INSTANCE-CLASS',
  title: 'Instance class is on the environment’s allow-list',
  severity: 'medium',
  kinds: RDS,
  controls: ['Cost guardrail (right-sizing per environment)'],
  relaxable: false,
  approvable: true,
  rationale:
    'Oversized instances are the largest avoidable database cost; larger classes go through the platform team.',
  fix: 'Pick one of the listed classes for this environment.',
  check: (r, env) =>
    oneOf(
      'instanceClass',
      r.instanceClass,
      env.rds.instanceClasses,
      'instance class',
    ),
};

export const storage: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-STORAGE',
  title: 'Allocated storage within the environment’s limits',
  severity: 'medium',
  kinds: RDS,
  controls: ['Cost guardrail'],
  relaxable: false,
  approvable: true,
  rationale:
    'Storage cannot shrink once allocated; the bounds keep cost predictable (storage autoscaling handles growth).',
  fix: 'Choose a size within the limits shown.',
  check: (r, env) =>
    integerBetween(
      'allocatedStorageGb',
      r.allocatedStorageGb,
      env.rds.minStorageGb,
      env.rds.maxStorageGb,
      'allocated storage (GB)',
    ),
};

export const encrypted: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-ENCRYPTED',
  title: 'Storage is encrypted at rest',
  severity: 'high',
  kinds: RDS,
  controls: ['FSBP RDS.3', 'CKV_AWS_16', 'AVD-AWS-0080'],
  relaxable: false,
  approvable: false,
  rationale:
    'Encryption at rest is immutable after creation, so it must be right at creation.',
  fix: 'Remove storageEncrypted: false.',
  check: r =>
    mustBe('storageEncrypted', r.storageEncrypted, true, 'storage encryption'),
};

export const notPublic: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-NOT-PUBLIC',
  title: 'Database is not publicly accessible',
  severity: 'critical',
  kinds: RDS,
  controls: ['FSBP RDS.2', 'FSBP RDS.18', 'CKV_AWS_17', 'AVD-AWS-0180'],
  relaxable: false,
  approvable: false,
  rationale:
    'A public endpoint exposes the database to the internet; RDS defaults to public without a subnet group.',
  fix: 'Remove publiclyAccessible: true; connect through the VPC (bastion, VPN or service in the same VPC).',
  check: r =>
    mustBe(
      'publiclyAccessible',
      r.publiclyAccessible,
      false,
      'public accessibility',
    ),
  weakenedBy: env =>
    !env.rds.subnetGroup || env.rds.subnetGroup === 'default'
      ? 'rds.subnetGroup is empty or default'
      : undefined,
};

export const deletionProtection: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-DELETION-PROTECTION',
  title: 'Deletion protection is on',
  severity: 'medium',
  kinds: RDS,
  controls: ['FSBP RDS.8', 'CKV_AWS_293', 'AVD-AWS-0177'],
  relaxable: true,
  approvable: true,
  rationale:
    'Protects production data from an accidental delete by a person or a pipeline.',
  fix: 'Keep deletion protection on.',
  check: (r, env) =>
    env.rds.requireDeletionProtection
      ? mustBe(
          'deletionProtection',
          r.deletionProtection,
          true,
          'deletion protection',
        )
      : [],
  weakenedBy: env =>
    env.rds.requireDeletionProtection
      ? undefined
      : 'rds.requireDeletionProtection is false',
};

export const backupRetention: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-BACKUP-RETENTION',
  title: 'Automated backups kept at least 7 days',
  severity: 'high',
  kinds: RDS,
  controls: [
    'FSBP RDS.11 (backupRetentionMinimum 7)',
    'CKV_AWS_133',
    'AVD-AWS-0077',
  ],
  relaxable: false,
  approvable: true,
  rationale:
    'The API default is 1 day; FSBP requires 7 so a problem found after a weekend can still be restored.',
  fix: 'Use a retention between the minimum shown and 35 days.',
  check: (r, env) =>
    integerBetween(
      'backupRetentionDays',
      r.backupRetentionDays,
      env.rds.minBackupRetentionDays,
      35,
      'backup retention (days)',
    ),
  weakenedBy: env =>
    env.rds.minBackupRetentionDays < 7
      ? 'rds.minBackupRetentionDays is below 7'
      : undefined,
};

export const autoMinorUpgrade: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-AUTO-MINOR-UPGRADE',
  title: 'Automatic minor version upgrades are on',
  severity: 'high',
  kinds: RDS,
  controls: ['FSBP RDS.13', 'CKV_AWS_226'],
  relaxable: false,
  approvable: true,
  rationale:
    'Minor versions carry security fixes; they are applied in the maintenance window.',
  fix: 'Remove autoMinorVersionUpgrade: false.',
  check: r =>
    mustBe(
      'autoMinorVersionUpgrade',
      r.autoMinorVersionUpgrade,
      true,
      'automatic minor version upgrade',
    ),
};

export const defaultPort: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-DEFAULT-PORT',
  title: 'Database does not listen on the engine’s default port',
  severity: 'low',
  kinds: RDS,
  controls: ['FSBP RDS.23'],
  relaxable: false,
  approvable: false,
  rationale: 'Default ports are what scanners try first.',
  fix: 'Leave the port empty (Golden Path picks a non-default one) or choose 1150-65535 other than the engine default.',
  check: r => {
    if (r.port === undefined) return [];
    const findings = integerBetween('port', r.port, 1150, 65535, 'port');
    if (
      !findings.length &&
      own(ENGINE_DEFAULT_PORTS, r.engine ?? '') === r.port
    ) {
      findings.push({
        field: 'port',
        message: `port ${r.port} is the ${shown(r.engine)} default`,
      });
    }
    return findings;
  },
};

export const adminName: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-ADMIN-NAME',
  title: 'Master username is not an engine default',
  severity: 'low',
  kinds: RDS,
  controls: ['FSBP RDS.25'],
  relaxable: false,
  approvable: false,
  rationale:
    'Default admin names halve the work of a credential-stuffing attack.',
  fix: 'Leave the username empty (Golden Path picks one) or use 1-16 letters, digits or underscores, starting with a letter, not a default like postgres or admin.',
  check: r => {
    if (r.masterUsername === undefined) return [];
    const name = String(r.masterUsername);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(name))
      return [
        {
          field: 'masterUsername',
          message: `username ${shown(name)} is not valid`,
        },
      ];
    return DEFAULT_ADMIN_NAMES.includes(name.toLowerCase())
      ? [
          {
            field: 'masterUsername',
            message: `username ${shown(name)} is a default admin name`,
          },
        ]
      : [];
  },
};

export const managedPassword: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-MANAGED-PASSWORD',
  title: 'Master password is managed by Secrets Manager',
  severity: 'critical',
  kinds: RDS,
  controls: [
    'RDS ManageMasterUserPassword',
    'No secrets in templates or task state',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'A password typed into a form ends up in logs and task state; Secrets Manager generates, stores and rotates it.',
  fix: 'Do not send a password; read it from the master user secret ARN in the output.',
  check: r => [
    ...(r.masterPassword !== undefined
      ? [
          {
            field: 'masterPassword',
            message: 'a master password must not be provided',
          },
        ]
      : []),
    ...mustBe(
      'manageMasterUserPassword',
      r.manageMasterUserPassword,
      true,
      'Secrets Manager password management',
    ),
  ],
};

export const multiAz: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-MULTI-AZ',
  title: 'Multi-AZ where the environment requires it',
  severity: 'medium',
  kinds: RDS,
  controls: ['FSBP RDS.5', 'CKV_AWS_157'],
  relaxable: false,
  approvable: true,
  rationale:
    'A standby in another zone turns an AZ outage into a failover of about a minute.',
  fix: 'Keep Multi-AZ on in this environment.',
  check: (r, env) =>
    env.rds.requireMultiAz
      ? mustBe('multiAz', r.multiAz, true, 'Multi-AZ')
      : [],
};

/** Names the engines reserve (system databases) or refuse as SQL keywords; compared lower-cased. */
export const RESERVED_DB_NAMES = [
  'postgres',
  'template0',
  'template1',
  'rdsadmin',
  'rdsadmin_test',
  'mysql',
  'sys',
  'information_schema',
  'performance_schema',
  'innodb',
  'tmp',
  'all',
  'database',
  'default',
  'from',
  'grant',
  'group',
  'order',
  'select',
  'table',
  'user',
  'where',
];

export const dbName: GuardrailRule<RdsInstanceRequest> = {
  id: 'GP-RDS-DB-NAME',
  title: 'Initial database name meets RDS naming rules',
  severity: 'medium',
  kinds: RDS,
  controls: ['RDS DBName constraints (PostgreSQL, MySQL, MariaDB)'],
  relaxable: false,
  approvable: false,
  rationale:
    'The name goes into CreateDBInstance; RDS refuses invalid or reserved names only after the request is sent, and a system database name would collide with the engine.',
  fix: 'Use 1-63 letters, digits and underscores, starting with a letter, not a reserved name like postgres, template1 or mysql; or omit it to create no initial database.',
  check: r => {
    if (r.dbName === undefined) return [];
    const name = String(r.dbName);
    if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
      return [
        {
          field: 'dbName',
          message: `database name ${shown(name)} is not valid`,
        },
      ];
    }
    return RESERVED_DB_NAMES.includes(name.toLowerCase())
      ? [
          {
            field: 'dbName',
            message: `database name ${shown(name)} is reserved by the engine`,
          },
        ]
      : [];
  },
};

export const RDS_RULES: GuardrailRule<RdsInstanceRequest>[] = [
  identifier,
  engineVersion,
  instanceClass,
  storage,
  encrypted,
  notPublic,
  deletionProtection,
  backupRetention,
  autoMinorUpgrade,
  defaultPort,
  adminName,
  managedPassword,
  multiAz,
  dbName,
];
