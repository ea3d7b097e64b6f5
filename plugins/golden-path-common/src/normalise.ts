import { kindDefinition } from './kinds/registry';
import { EnvironmentPolicy } from './policy/types';
import { ResourceRequest } from './requests';

/**
 * Fills every omitted field with the environment's secure default, so that what the guardrails
 * judge is exactly what the actions build. Given fields are kept as they are (the rules judge them).
 * Each kind's defaults live in its folder; an unregistered kind throws rather than pass undefaulted.
 * @public
 */
export function normaliseRequest(
  request: ResourceRequest,
  env: EnvironmentPolicy,
): ResourceRequest {
  return kindDefinition(request.kind).normalise(request, env);
}
