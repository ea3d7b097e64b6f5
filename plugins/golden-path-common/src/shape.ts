import { Finding } from './rules/types';
import { RESOURCE_KINDS, ResourceKind } from './requests';

/** Field types the request shape allows; anything else is refused before any rule runs. */
type FieldType = 'string' | 'boolean' | 'number' | 'strings' | 'tags' | { object: Record<string, FieldType> };

const s = 'string' as const;
const b = 'boolean' as const;
const n = 'number' as const;

const BASE: Record<string, FieldType> = { kind: s, name: s, environment: s, owner: s, tags: 'tags' };

const FIELDS: Record<ResourceKind, Record<string, FieldType>> = {
  'github-repo': {
    ...BASE, org: s, visibility: s, description: s, topics: 'strings',
    protection: { object: { requiredApprovals: n, dismissStaleReviews: b, requireCodeOwnerReviews: b, allowForcePushes: b, allowDeletions: b } },
  },
  'github-secret': { ...BASE, repo: s, scope: s, githubEnvironment: s, valueBytes: n, repoOwner: s },
  's3-bucket': {
    ...BASE, region: s, encryption: s, versioning: b, objectOwnership: s, tlsOnly: b, expectedStorageGb: n,
    publicAccessBlock: { object: { blockPublicAcls: b, ignorePublicAcls: b, blockPublicPolicy: b, restrictPublicBuckets: b } },
  },
  'rds-instance': {
    ...BASE, region: s, engine: s, engineVersion: s, instanceClass: s, allocatedStorageGb: n, multiAz: b,
    storageEncrypted: b, publiclyAccessible: b, deletionProtection: b, backupRetentionDays: n,
    autoMinorVersionUpgrade: b, port: n, masterUsername: s, manageMasterUserPassword: b,
  },
  'elasticache-redis': {
    ...BASE, region: s, engine: s, engineVersion: s, nodeType: s, nodes: n, atRestEncryption: b,
    transitEncryption: b, auth: s, snapshotRetentionDays: n, automaticFailover: b, multiAz: b, subnetGroup: s,
  },
};

/** Fields that are refused by a rule, not by the shape, so the message names the real reason. */
const RULE_JUDGED = new Set(['masterPassword']);

const MAX_STRING = 1024;
const REQUIRED = ['kind', 'name', 'environment', 'owner'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(path: string, value: unknown, type: FieldType, out: Finding[]): boolean {
  const bad = (what: string) => {
    out.push({ field: path, message: `${path} must be ${what}` });
    return false;
  };
  if (type === 'string') {
    if (typeof value !== 'string') return bad('a string');
    if (value.length > MAX_STRING) return bad(`at most ${MAX_STRING} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) return bad('free of control characters');
    return true;
  }
  if (type === 'boolean') return typeof value === 'boolean' || bad('true or false');
  if (type === 'number') return (typeof value === 'number' && Number.isFinite(value)) || bad('a finite number');
  if (type === 'strings') {
    if (!Array.isArray(value) || value.length > 50) return bad('a list of at most 50 strings');
    return value.every((v, i) => checkValue(`${path}[${i}]`, v, 'string', out));
  }
  if (type === 'tags') {
    if (!isPlainObject(value)) return bad('an object of tag keys to string values');
    return Object.entries(value).every(([k, v]) => checkValue(`${path}.${k.slice(0, 40)}`, v, 'string', out));
  }
  if (!isPlainObject(value)) return bad('an object');
  let ok = true;
  for (const [k, v] of Object.entries(value)) {
    const sub = type.object[k];
    if (!sub) {
      out.push({ field: `${path}.${k.slice(0, 40)}`, message: `${path}.${k.slice(0, 40)} is not a known setting` });
      ok = false;
    } else ok = checkValue(`${path}.${k}`, v, sub, out) && ok;
  }
  return ok;
}

/**
 * Checks the structure of an untrusted request. Returns the findings and a copy holding only
 * well-formed known fields (malformed ones are dropped, so the policy default applies and the
 * shape finding still refuses the request).
 */
export function checkShape(input: unknown): { findings: Finding[]; clean?: Record<string, unknown> } {
  if (!isPlainObject(input)) return { findings: [{ field: '', message: 'each request must be an object' }] };
  const kind = input.kind;
  if (typeof kind !== 'string' || !(RESOURCE_KINDS as readonly string[]).includes(kind)) {
    return { findings: [{ field: 'kind', message: `kind must be one of ${RESOURCE_KINDS.join(', ')}`, allowed: [...RESOURCE_KINDS] }] };
  }
  const fields = FIELDS[kind as ResourceKind];
  const findings: Finding[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (RULE_JUDGED.has(key)) {
      clean[key] = value;
      continue;
    }
    const type = fields[key];
    if (!type) {
      findings.push({ field: key.slice(0, 40), message: `${key.slice(0, 40)} is not a setting of a ${kind} request` });
    } else if (value !== undefined && value !== null && checkValue(key, value, type, findings)) {
      clean[key] = value;
    }
  }
  for (const key of REQUIRED) {
    if (typeof clean[key] !== 'string' || !(clean[key] as string).trim()) {
      if (!findings.some(f => f.field === key)) findings.push({ field: key, message: `${key} is required` });
      clean[key] = '';
    }
  }
  return { findings, clean };
}
