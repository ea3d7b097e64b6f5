/**
 * The resource requests a Golden Path can make. These are what a developer (through a template)
 * asks for; the guardrails judge them and the actions turn them into cloud requests.
 *
 * Every field beyond the identifying ones is optional: an omitted field takes the secure value
 * from the environment's policy, and a field that is given must be one the policy allows.
 * Each request type lives in its kind's folder (kinds/<kind>/request.ts) and is registered in
 * kinds/registry.ts; the unions here are derived from that registration.
 */
import type { AwsKindRequests, GithubKindRequests } from './kinds/registry';

/** The kinds of resource a Golden Path can create: every key of the kind registry. @public */
export type ResourceKind = keyof AwsKindRequests | keyof GithubKindRequests;

/** Fields every request carries. @public */
export interface RequestBase {
  kind: ResourceKind;
  /** Resource name (repo name, bucket name, DB identifier, replication group id, secret name). */
  name: string;
  /** Policy profile, e.g. `dev` or `prod`. */
  environment: string;
  /** Owning group as an entity ref, e.g. `group:default/payments`. */
  owner: string;
  /** Extra tags; the required ones come from policy. */
  tags?: Record<string, string>;
}

/** Any request the guardrails judge. @public */
export type ResourceRequest = AwsResourceRequest | GithubResourceRequest;

/** Requests for resources that live in AWS and therefore have a region. @public */
export type AwsResourceRequest = AwsKindRequests[keyof AwsKindRequests];

/** Requests for resources that live in GitHub. @public */
export type GithubResourceRequest =
  GithubKindRequests[keyof GithubKindRequests];
