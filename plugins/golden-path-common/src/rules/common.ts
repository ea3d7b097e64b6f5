import { AwsResourceRequest, RESOURCE_KINDS, ResourceRequest } from '../requests';
import { normaliseGroupRef, oneOf, shown } from './helpers';
import { GuardrailRule } from './types';

const AWS_KINDS = ['s3-bucket', 'rds-instance', 'elasticache-redis'] as const;
const GROUP_REF = /^(group:)?([a-z0-9][a-z0-9._-]{0,62}\/)?[a-z0-9][a-z0-9._-]{0,62}$/i;

export const ownerRequired: GuardrailRule = {
  id: 'GP-OWNER-REQUIRED',
  title: 'Every resource has an owning team',
  severity: 'high',
  kinds: RESOURCE_KINDS,
  controls: ['AWS tagging best practice (owner tag)', 'Backstage spec.owner'],
  relaxable: false,
  rationale:
    'Unowned resources are the ones nobody patches, pays for or deletes. The owner becomes the catalog owner and the owner tag.',
  fix: 'Pick the owning group with the owner picker, e.g. group:default/payments.',
  check: r =>
    typeof r.owner === 'string' && GROUP_REF.test(r.owner) && !/^user:/i.test(r.owner)
      ? []
      : [{ field: 'owner', message: `owner must be a group entity ref (got ${shown(r.owner ?? '')})` }],
};

export const ownership: GuardrailRule = {
  id: 'GP-OWNERSHIP',
  title: 'The requester belongs to the owning team',
  severity: 'high',
  kinds: RESOURCE_KINDS,
  controls: ['Least privilege: self-service only for your own team'],
  relaxable: false,
  rationale:
    'A developer may provision only for a team they belong to, so cost and responsibility land where the decision was made.',
  fix: 'Choose one of your own groups as owner, or ask a member of the owning team to run the path.',
  check: (r, _env, ctx) => {
    if (typeof r.owner !== 'string' || !GROUP_REF.test(r.owner)) return [];
    const groups = ctx.requester?.groups;
    if (!groups) {
      return [{ field: 'owner', message: 'the requester’s group membership is unknown, so ownership cannot be checked' }];
    }
    const mine = [...new Set(groups.map(normaliseGroupRef))];
    return mine.includes(normaliseGroupRef(r.owner))
      ? []
      : [
          {
            field: 'owner',
            message: `${ctx.requester?.userRef ?? 'the requester'} is not a member of ${normaliseGroupRef(r.owner)}`,
            allowed: mine,
          },
        ];
  },
};

export const regionAllowed: GuardrailRule<AwsResourceRequest> = {
  id: 'GP-REGION-ALLOWED',
  title: 'AWS resources only in approved regions',
  severity: 'high',
  kinds: AWS_KINDS,
  controls: ['Data residency', 'SCP region deny (AWS Control Tower)'],
  relaxable: false,
  rationale: 'Resources outside approved regions escape residency, logging and network baselines.',
  fix: 'Use one of the environment’s regions, or leave the region empty to get the default.',
  check: (r, env) => oneOf('region', r.region, env.allowedRegions, 'region'),
};

const TAG_KEY = /^(?!aws:)[\p{L}\p{N}\s_.:/=+\-@]{1,128}$/iu;
const TAG_VALUE = /^[\p{L}\p{N}\s_.:/=+\-@]{0,256}$/u;

export const requiredTags: GuardrailRule<AwsResourceRequest> = {
  id: 'GP-REQUIRED-TAGS',
  title: 'Required tags are present and valid',
  severity: 'medium',
  kinds: AWS_KINDS,
  controls: ['AWS tag policies', 'CKV_AWS tagging checks'],
  relaxable: false,
  rationale: 'Tags attribute cost and ownership; the owner, requester, template and task id tags are always added.',
  fix: 'Fill in every required tag; keys may not start with "aws:" and use letters, digits and _ . : / = + - @ only.',
  check: (r, env) => {
    const tags = r.tags ?? {};
    const findings = env.requiredTags
      .filter(key => !tags[key] || !String(tags[key]).trim())
      .map(key => ({ field: `tags.${key}`, message: `tag "${key}" is required in ${env.name}` }));
    for (const [key, value] of Object.entries(tags)) {
      if (!TAG_KEY.test(key) || typeof value !== 'string' || !TAG_VALUE.test(value)) {
        findings.push({ field: `tags.${shown(key)}`, message: `tag ${shown(key)}=${shown(value)} is not a valid AWS tag` });
      }
    }
    if (Object.keys(tags).length > 40) {
      findings.push({ field: 'tags', message: 'at most 40 extra tags (AWS allows 50 including the ones Golden Path adds)' });
    }
    return findings;
  },
};

export const COMMON_RULES = [ownerRequired, ownership, regionAllowed, requiredTags] as GuardrailRule<ResourceRequest>[];
