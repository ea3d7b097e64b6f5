/**
 * An independent oracle for the fuzz test: what an allowed, normalised request may contain,
 * computed straight from the policy object. It deliberately uses none of the evaluator's helpers.
 */
import { EnvironmentPolicy, GoldenPathPolicy } from '../policy/types';
import { FOLDER_CASES } from './kindCases';

const own = (obj: object, key: string) =>
  Object.prototype.hasOwnProperty.call(obj, key);

const BASE = ['kind', 'name', 'environment', 'owner', 'tags'];
const FIELDS: Record<string, string[]> = {
  'github-repo': [
    ...BASE,
    'org',
    'visibility',
    'description',
    'topics',
    'protection',
  ],
  'github-secret': [
    ...BASE,
    'repo',
    'scope',
    'githubEnvironment',
    'valueBytes',
    'valueSource',
  ],
  's3-bucket': [
    ...BASE,
    'region',
    'encryption',
    'versioning',
    'objectOwnership',
    'tlsOnly',
    'expectedStorageGb',
    'publicAccessBlock',
  ],
  'rds-instance': [
    ...BASE,
    'region',
    'engine',
    'engineVersion',
    'instanceClass',
    'allocatedStorageGb',
    'multiAz',
    'storageEncrypted',
    'publiclyAccessible',
    'deletionProtection',
    'backupRetentionDays',
    'autoMinorVersionUpgrade',
    'port',
    'masterUsername',
    'manageMasterUserPassword',
    'dbName',
  ],
  'elasticache-redis': [
    ...BASE,
    'region',
    'engine',
    'engineVersion',
    'nodeType',
    'nodes',
    'atRestEncryption',
    'transitEncryption',
    'auth',
    'snapshotRetentionDays',
    'automaticFailover',
    'multiAz',
    'subnetGroup',
  ],
  ...Object.fromEntries(
    Object.entries(FOLDER_CASES).map(([kind, c]) => [kind, [...c.oracle.fields]]),
  ),
};

const AWS_TAG = /^[\p{L}\p{N} _.:/=+\-@]*$/u;
const DEFAULT_PORTS: Record<string, number> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
};
const SQL_DB_RESERVED = [
  'postgres',
  'template0',
  'template1',
  'rdsadmin',
  'mysql',
  'sys',
  'information_schema',
  'performance_schema',
];

type Req = Record<string, any>;
type Check = (ok: boolean, what: string) => void;

function intIn(value: unknown, min: number, max: number) {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= min &&
    value <= max
  );
}

function versionOk(version: unknown, allowed: string[], exact: boolean) {
  if (typeof version !== 'string' || !/^\d+(\.\d+)*$/.test(version))
    return false;
  return allowed.some(
    a => a === version || (!exact && version.startsWith(`${a}.`)),
  );
}

function checkTags(r: Req, env: EnvironmentPolicy, check: Check) {
  const tags: Record<string, unknown> = r.tags ?? {};
  const entries = Object.entries(tags);
  check(entries.length <= 45, 'at most 45 tags');
  for (const [k, v] of entries) {
    const key = [...k].length;
    check(
      key >= 1 && key <= 128 && AWS_TAG.test(k),
      `tag key ${JSON.stringify(k)}`,
    );
    check(
      !k.toLowerCase().startsWith('aws:') &&
        !k.toLowerCase().startsWith('golden-path:'),
      `tag prefix ${k}`,
    );
    check(
      typeof v === 'string' && [...v].length <= 256 && AWS_TAG.test(v),
      `tag value ${JSON.stringify(v)}`,
    );
  }
  for (const key of env.requiredTags) {
    check(
      own(tags, key) &&
        typeof tags[key] === 'string' &&
        !!(tags[key] as string).trim(),
      `required tag ${key}`,
    );
  }
}

function checkRds(r: Req, env: EnvironmentPolicy, check: Check) {
  const p = env.rds;
  check(
    typeof r.engine === 'string' && own(p.engines, r.engine),
    `engine ${r.engine}`,
  );
  check(
    own(p.engines, r.engine) &&
      versionOk(r.engineVersion, p.engines[r.engine], false),
    `engineVersion ${r.engineVersion}`,
  );
  check(
    p.instanceClasses.includes(r.instanceClass),
    `instanceClass ${r.instanceClass}`,
  );
  check(
    intIn(r.allocatedStorageGb, p.minStorageGb, p.maxStorageGb),
    `allocatedStorageGb ${r.allocatedStorageGb}`,
  );
  check(
    r.storageEncrypted === true && r.publiclyAccessible === false,
    'encrypted and private',
  );
  check(
    intIn(r.backupRetentionDays, Math.max(7, p.minBackupRetentionDays), 35),
    `backupRetentionDays ${r.backupRetentionDays}`,
  );
  check(r.autoMinorVersionUpgrade === true, 'autoMinorVersionUpgrade');
  check(
    intIn(r.port, 1150, 65535) && r.port !== DEFAULT_PORTS[r.engine],
    `port ${r.port}`,
  );
  check(
    r.manageMasterUserPassword === true && r.masterPassword === undefined,
    'managed password',
  );
  check(
    typeof r.masterUsername === 'string' &&
      /^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(r.masterUsername),
    'masterUsername',
  );
  check(
    typeof r.multiAz === 'boolean' && (!p.requireMultiAz || r.multiAz),
    `multiAz ${r.multiAz}`,
  );
  check(
    typeof r.deletionProtection === 'boolean' &&
      (!p.requireDeletionProtection || r.deletionProtection),
    'deletionProtection',
  );
  const db = r.dbName;
  check(
    db === undefined ||
      (/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(db) &&
        !SQL_DB_RESERVED.includes(db.toLowerCase())),
    `dbName ${db}`,
  );
}

function checkCache(r: Req, env: EnvironmentPolicy, check: Check) {
  const p = env.elasticache;
  check(
    typeof r.engine === 'string' && own(p.engines, r.engine),
    `engine ${r.engine}`,
  );
  check(
    own(p.engines, r.engine) &&
      versionOk(r.engineVersion, p.engines[r.engine], true),
    `engineVersion ${r.engineVersion}`,
  );
  check(p.nodeTypes.includes(r.nodeType), `nodeType ${r.nodeType}`);
  check(
    intIn(r.nodes, p.requireAutomaticFailover ? 2 : 1, p.maxNodes),
    `nodes ${r.nodes}`,
  );
  check(
    r.atRestEncryption === true &&
      r.transitEncryption === true &&
      r.auth === 'rbac',
    'encryption and auth',
  );
  check(
    intIn(r.snapshotRetentionDays, Math.max(1, p.minSnapshotRetentionDays), 35),
    `snapshotRetentionDays ${r.snapshotRetentionDays}`,
  );
  check(r.subnetGroup === p.subnetGroup, `subnetGroup ${r.subnetGroup}`);
  check(
    typeof r.automaticFailover === 'boolean' && typeof r.multiAz === 'boolean',
    'failover flags',
  );
  if (p.requireAutomaticFailover)
    check(r.automaticFailover && r.multiAz, 'failover required');
  if (r.automaticFailover) check(r.nodes >= 2, 'failover needs 2 nodes');
}

function checkS3(r: Req, env: EnvironmentPolicy, check: Check) {
  check(
    env.s3.allowedEncryption.includes(r.encryption),
    `encryption ${r.encryption}`,
  );
  const pab = r.publicAccessBlock ?? {};
  check(
    [
      'blockPublicAcls',
      'ignorePublicAcls',
      'blockPublicPolicy',
      'restrictPublicBuckets',
    ].every(k => pab[k] === true),
    'public access block',
  );
  check(
    r.objectOwnership === 'BucketOwnerEnforced' && r.tlsOnly === true,
    'ownership and TLS',
  );
  const relaxed = env.relaxations.some(x => x.rule === 'GP-S3-VERSIONING');
  check(
    r.versioning === true ||
      (!env.s3.requireVersioning && relaxed && r.versioning === false),
    `versioning ${r.versioning}`,
  );
  const gb = r.expectedStorageGb;
  check(
    gb === undefined ||
      (typeof gb === 'number' && Number.isFinite(gb) && gb >= 0),
    `expectedStorageGb ${gb}`,
  );
}

function checkGithub(r: Req, env: EnvironmentPolicy, check: Check) {
  const g = env.github;
  if (r.kind === 'github-repo') {
    check(
      g.allowedVisibilities.includes(r.visibility),
      `visibility ${r.visibility}`,
    );
    check(
      typeof r.org === 'string' && r.org.toLowerCase() === g.org.toLowerCase(),
      `org ${r.org}`,
    );
    const p = r.protection ?? {};
    check(
      intIn(p.requiredApprovals, Math.max(1, g.minApprovals), 6),
      `requiredApprovals ${p.requiredApprovals}`,
    );
    check(
      p.allowForcePushes === false &&
        p.allowDeletions === false &&
        p.dismissStaleReviews === true,
      'protection flags',
    );
    check(
      p.requireCodeOwnerReviews === true,
      'requireCodeOwnerReviews',
    );
  } else {
    check(g.secretScopes.includes(r.scope), `scope ${r.scope}`);
    check(
      r.valueBytes === undefined || intIn(r.valueBytes, 1, 8192),
      `valueBytes ${r.valueBytes}`,
    );
    check(
      r.valueSource === undefined || r.valueSource === 'task-secret',
      `valueSource ${r.valueSource}`,
    );
  }
}

/** Every way an allowed, normalised request breaks the policy's allow-lists (empty when none). */
export function allowListProblems(r: Req, policy: GoldenPathPolicy): string[] {
  const problems: string[] = [];
  const check: Check = (ok, what) => {
    if (!ok) problems.push(what);
  };
  if (!own(FIELDS, r.kind) || !own(policy.environments, r.environment))
    return [`kind ${r.kind} / environment ${r.environment}`];
  const env = policy.environments[r.environment];
  for (const key of Object.keys(r))
    check(
      FIELDS[r.kind].includes(key) || key === 'masterPassword',
      `unknown field ${key}`,
    );
  for (const key of ['name', 'owner'])
    check(typeof r[key] === 'string' && !!r[key].trim(), key);
  if (r.kind.startsWith('github-')) {
    checkGithub(r, env, check);
    return problems;
  }
  check(env.allowedRegions.includes(r.region), `region ${r.region}`);
  checkTags(r, env, check);
  if (r.kind === 'rds-instance') checkRds(r, env, check);
  if (r.kind === 'elasticache-redis') checkCache(r, env, check);
  if (r.kind === 's3-bucket') checkS3(r, env, check);
  if (own(FOLDER_CASES, r.kind)) FOLDER_CASES[r.kind].oracle.check(r, env, check);
  return problems;
}
