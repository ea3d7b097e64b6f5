/**
 * Shared Node.js services for the Golden Path backend packages.
 *
 * @packageDocumentation
 */
export {
  goldenPathPolicyServiceRef,
  createPolicyService,
} from './policyService';
export type {
  GoldenPathPolicyService,
  GoldenPathMode,
  ModeDecision,
} from './policyService';
export { goldenPathRecordsDoorServiceRef } from './records/recordsDoor';
export type {
  GoldenPathRecordsDoor,
  RecordWriteAnswer,
  RecordWriteHandler,
} from './records/recordsDoor';
export { ownServiceTokens } from './auth/pluginTokens';
export { readTrustedSources, isFromTrustedSource } from './trust/sources';
export type { TrustedSources } from './trust/sources';
export { createTrustedDirectory } from './trust/TrustedDirectory';
export type { TrustedDirectory } from './trust/TrustedDirectory';
export { clientsFrom, createAwsAccessProvider } from './aws/access';
export type {
  AwsAccess,
  AwsAccessProvider,
  AwsClientClass,
} from './aws/access';
export { awsErrorName } from './aws/errors';
export type { ProviderAvailability } from './aws/availability';
export { describeDbInstance, dbInstanceAvailability } from './aws/rds';
export {
  describeReplicationGroup,
  replicationGroupAvailability,
  replicationGroupTags,
} from './aws/elasticache';
export { AVAILABILITY_READERS } from './aws/readers';
export type { AvailabilityReader } from './aws/readers';
