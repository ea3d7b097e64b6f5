/**
 * Shared Node.js services for the Golden Path backend packages.
 *
 * @packageDocumentation
 */
export { goldenPathPolicyServiceRef, createPolicyService } from './policyService';
export type { GoldenPathPolicyService, GoldenPathMode, ModeDecision } from './policyService';
