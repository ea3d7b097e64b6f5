import type { RequestBase } from '../../requests';
import { b, BASE_FIELDS, int, RequestFieldType, s } from '../fields';

/** A request for an ElastiCache (Redis OSS or Valkey) replication group. @public */
export interface ElastiCacheRequest extends RequestBase {
  kind: 'elasticache-redis';
  region?: string;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  nodeType?: string;
  /** Total nodes (primary + replicas). */
  nodes?: number;
  atRestEncryption?: boolean;
  transitEncryption?: boolean;
  /** RBAC user groups (`rbac`) or none at all (`none`, always refused). */
  auth?: 'rbac' | 'none';
  snapshotRetentionDays?: number;
  automaticFailover?: boolean;
  multiAz?: boolean;
  subnetGroup?: string;
}

/** Bounds are ElastiCache's own: at most 6 nodes per replication group, 35 days of snapshots. */
export const ELASTICACHE_REDIS_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  region: s,
  engine: s,
  engineVersion: s,
  nodeType: s,
  nodes: int(0, 6),
  atRestEncryption: b,
  transitEncryption: b,
  auth: s,
  snapshotRetentionDays: int(0, 35),
  automaticFailover: b,
  multiAz: b,
  subnetGroup: s,
};
