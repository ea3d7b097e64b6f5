import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { RDSClient } from '@aws-sdk/client-rds';
import type { ResourceKind } from '@golden-path/plugin-golden-path-common';
import { AwsAccess } from './access';
import { ProviderAvailability } from './availability';
import {
  describeReplicationGroup,
  replicationGroupAvailability,
  replicationGroupTags,
} from './elasticache';
import { dbInstanceAvailability, describeDbInstance } from './rds';

/**
 * Asks the provider where one resource of a kind stands, with the account's clients.
 * @public
 */
export type AvailabilityReader = (
  clients: NonNullable<AwsAccess['clients']>,
  region: string,
  name: string,
) => Promise<ProviderAvailability>;

/**
 * The kinds whose creation can outlast their action (the action returns once the provider
 * accepted the request), and how to ask the provider about each.
 * @public
 */
export const AVAILABILITY_READERS: Readonly<
  Partial<Record<ResourceKind, AvailabilityReader>>
> = {
  'rds-instance': async (clients, region, name) =>
    dbInstanceAvailability(
      await describeDbInstance(clients.get(RDSClient, region), name),
    ),
  'elasticache-redis': async (clients, region, name) => {
    const ec = clients.get(ElastiCacheClient, region);
    const group = await describeReplicationGroup(ec, name);
    const first = replicationGroupAvailability(group);
    // Tags cost a second call: read them only when the answer would move a record.
    if (first.state === 'missing' || first.state === 'creating' || !group?.ARN)
      return first;
    return replicationGroupAvailability(
      group,
      await replicationGroupTags(ec, group.ARN),
    );
  },
};
