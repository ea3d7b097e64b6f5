import { EnvironmentPolicy } from './policy/types';
import { own, ownList } from './own';
import { ENGINE_DEFAULT_PORTS } from './rules/rds';
import { ResourceRequest } from './requests';
import { newestVersion } from './versions';

/**
 * Fills every omitted field with the environment's secure default, so that what the guardrails
 * judge is exactly what the actions build. Given fields are kept as they are (the rules judge them).
 * @public
 */
export function normaliseRequest(
  request: ResourceRequest,
  env: EnvironmentPolicy,
): ResourceRequest {
  switch (request.kind) {
    case 'github-repo':
      return {
        visibility: env.github.defaultVisibility,
        ...request,
        org: request.org ?? env.github.org,
        protection: {
          requiredApprovals: env.github.minApprovals,
          dismissStaleReviews: true,
          requireCodeOwnerReviews: true,
          allowForcePushes: false,
          allowDeletions: false,
          ...request.protection,
        },
      };
    case 'github-secret':
      return { scope: 'repository', ...request };
    case 's3-bucket':
      return {
        region: env.defaultRegion,
        encryption: env.s3.defaultEncryption,
        versioning: true,
        objectOwnership: 'BucketOwnerEnforced',
        tlsOnly: true,
        ...request,
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
          ...request.publicAccessBlock,
        },
      };
    case 'rds-instance': {
      const engine = request.engine ?? env.rds.defaultEngine;
      return {
        region: env.defaultRegion,
        engine,
        engineVersion: newestVersion(ownList(env.rds.engines, engine)),
        instanceClass: env.rds.defaultInstanceClass,
        allocatedStorageGb: env.rds.defaultStorageGb,
        multiAz: env.rds.requireMultiAz,
        storageEncrypted: true,
        publiclyAccessible: false,
        deletionProtection: env.rds.requireDeletionProtection,
        backupRetentionDays: env.rds.minBackupRetentionDays,
        autoMinorVersionUpgrade: true,
        port: (own(ENGINE_DEFAULT_PORTS, engine) ?? 5432) + 1,
        masterUsername: 'gp_admin',
        manageMasterUserPassword: true,
        ...request,
      };
    }
    case 'elasticache-redis': {
      const engine = request.engine ?? env.elasticache.defaultEngine;
      const nodes =
        request.nodes ?? (env.elasticache.requireAutomaticFailover ? 2 : 1);
      return {
        region: env.defaultRegion,
        engine,
        engineVersion: newestVersion(ownList(env.elasticache.engines, engine)),
        nodeType: env.elasticache.defaultNodeType,
        nodes,
        atRestEncryption: true,
        transitEncryption: true,
        auth: 'rbac',
        snapshotRetentionDays: Math.max(
          1,
          env.elasticache.minSnapshotRetentionDays,
        ),
        automaticFailover: nodes >= 2,
        multiAz: nodes >= 2,
        subnetGroup: env.elasticache.subnetGroup,
        ...request,
      };
    }
    default: {
      const unknown: never = request;
      return unknown;
    }
  }
}
