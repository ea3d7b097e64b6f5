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
export { readTrustedSources, isFromTrustedSource } from './trust/sources';
export type { TrustedSources } from './trust/sources';
export { createTrustedDirectory } from './trust/TrustedDirectory';
export type { TrustedDirectory } from './trust/TrustedDirectory';
