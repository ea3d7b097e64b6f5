import { AWS_RESOURCE_KINDS, RESOURCE_KINDS } from '../kinds/registry';
import { AwsResourceRequest, ResourceRequest } from '../requests';
import {
  AWS_MAX_TAGS,
  MAX_REQUEST_TAGS,
  PROVENANCE_TAG_COUNT,
  RESERVED_TAG_PREFIX,
} from '../limits';
import { own } from '../own';
import { normaliseGroupRef, oneOf, shown } from './helpers';
import { Finding, GuardrailRule } from './types';

const GROUP_REF =
  /^(group:)?([a-z0-9][a-z0-9._-]{0,62}\/)?[a-z0-9][a-z0-9._-]{0,62}$/i;

export const ownerRequired: GuardrailRule = {
  id: 'GP-OWNER-REQUIRED',
  title: 'Every resource has an owning team',
  severity: 'high',
  kinds: RESOURCE_KINDS,
  controls: ['AWS tagging best practice (owner tag)', 'Backstage spec.owner'],
  relaxable: false,
  approvable: false,
  rationale:
    'Unowned resources are the ones nobody patches, pays for or deletes. The owner becomes the catalog owner and the owner tag.',
  fix: 'Pick the owning group with the owner picker, e.g. group:default/payments.',
  check: r =>
    typeof r.owner === 'string' &&
    GROUP_REF.test(r.owner) &&
    !/^user:/i.test(r.owner)
      ? []
      : [
          {
            field: 'owner',
            message: `owner must be a group entity ref (got ${shown(
              r.owner ?? '',
            )})`,
          },
        ],
};

export const ownership: GuardrailRule = {
  id: 'GP-OWNERSHIP',
  title: 'The requester belongs to the owning team',
  severity: 'high',
  kinds: RESOURCE_KINDS,
  controls: ['Least privilege: self-service only for your own team'],
  relaxable: false,
  approvable: false,
  rationale:
    'A developer may provision only for a team they belong to, so cost and responsibility land where the decision was made.',
  fix: 'Choose one of your own groups as owner, or ask a member of the owning team to run the path.',
  check: (r, _env, ctx) => {
    if (typeof r.owner !== 'string' || !GROUP_REF.test(r.owner)) return [];
    const groups = ctx.requester?.groups;
    if (!groups) {
      return [
        {
          field: 'owner',
          message:
            'the requester’s group membership is unknown, so ownership cannot be checked',
        },
      ];
    }
    const mine = [...new Set(groups.map(normaliseGroupRef))];
    if (mine.length === 0) {
      // Most often a sign-in that resolves to no catalog user (a stock guest, a new hire).
      return [
        {
          field: 'owner',
          message: `${
            ctx.requester?.userRef ?? 'the requester'
          } belongs to no team in the trusted catalog: add a User entity with spec.memberOf to your org data (a trusted catalog location), or for guest sign-in set auth.providers.guest.userEntityRef to such a user`,
        },
      ];
    }
    return mine.includes(normaliseGroupRef(r.owner))
      ? []
      : [
          {
            field: 'owner',
            message: `${
              ctx.requester?.userRef ?? 'the requester'
            } is not a member of ${normaliseGroupRef(r.owner)}`,
            allowed: mine,
          },
        ];
  },
};

export const regionAllowed: GuardrailRule<AwsResourceRequest> = {
  id: 'GP-REGION-ALLOWED',
  title: 'AWS resources only in approved regions',
  severity: 'high',
  // Every kind the registry places in AWS.
  kinds: AWS_RESOURCE_KINDS,
  controls: ['Data residency', 'SCP region deny (AWS Control Tower)'],
  relaxable: false,
  approvable: true,
  rationale:
    'Resources outside approved regions escape residency, logging and network baselines.',
  fix: 'Use one of the environment’s regions, or leave the region empty to get the default.',
  check: (r, env) => oneOf('region', r.region, env.allowedRegions, 'region'),
};

/** AWS tag characters: letters, digits, spaces and _ . : / = + - @ (no other whitespace). */
const TAG_KEY = /^[\p{L}\p{N} _.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{N} _.:/=+\-@]{0,256}$/u;

/** What is wrong with one tag, or undefined when AWS (and Golden Path) accept it. */
export function tagProblem(key: string, value: unknown): string | undefined {
  if (!TAG_KEY.test(key)) {
    return 'key must be 1-128 letters, digits, spaces or _ . : / = + - @';
  }
  if (/^aws:/i.test(key))
    return 'keys starting with "aws:" are reserved by AWS';
  if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
    return `keys starting with "${RESERVED_TAG_PREFIX}" are set by Golden Path itself`;
  }
  if (key === '__proto__') return 'the key "__proto__" is not allowed';
  if (typeof value !== 'string' || !TAG_VALUE.test(value)) {
    return 'value must be 0-256 letters, digits, spaces or _ . : / = + - @';
  }
  return undefined;
}

export const requiredTags: GuardrailRule<AwsResourceRequest> = {
  id: 'GP-REQUIRED-TAGS',
  title: 'Required tags are present',
  severity: 'medium',
  kinds: AWS_RESOURCE_KINDS,
  controls: ['AWS tag policies', 'CKV_AWS tagging checks'],
  relaxable: false,
  approvable: false,
  rationale:
    'Tags attribute cost and ownership; the owner, requester, template and task id tags are always added.',
  fix: 'Fill in every tag the environment requires (e.g. cost-center).',
  check: (r, env) => {
    const tags = r.tags ?? {};
    return env.requiredTags
      .filter(key => {
        const value = own(tags, key);
        return typeof value !== 'string' || !value.trim();
      })
      .map(key => ({
        field: `tags.${shown(key)}`,
        message: `tag ${shown(key)} is required in ${env.name}`,
      }));
  },
};

export const tagsValid: GuardrailRule<AwsResourceRequest> = {
  id: 'GP-AWS-TAGS-VALID',
  title: 'Tags meet AWS tagging rules',
  severity: 'medium',
  kinds: AWS_RESOURCE_KINDS,
  controls: [
    'AWS tagging rules (Tagging AWS Resources user guide)',
    'AWS tag policies',
  ],
  relaxable: false,
  approvable: false,
  rationale: `AWS refuses a malformed tag only after other steps ran, and a tag is copied into billing and inventory. Keys are 1-128 and values 0-256 letters, digits, spaces or _ . : / = + - @; "aws:" is AWS's and "${RESERVED_TAG_PREFIX}" Golden Path's; at most ${MAX_REQUEST_TAGS} tags, so the ${PROVENANCE_TAG_COUNT} added stay within AWS's ${AWS_MAX_TAGS}.`,
  fix: `Use at most ${MAX_REQUEST_TAGS} tags; keys of 1-128 and values of up to 256 letters, digits, spaces or _ . : / = + - @, keys not starting with "aws:" or "${RESERVED_TAG_PREFIX}".`,
  check: r => {
    const entries = Object.entries(r.tags ?? {});
    const findings: Finding[] = [];
    for (const [key, value] of entries) {
      const problem = tagProblem(key, value);
      if (problem)
        findings.push({
          field: `tags.${shown(key)}`,
          message: `tag ${shown(key)}: ${problem}`,
        });
    }
    if (entries.length > MAX_REQUEST_TAGS) {
      findings.push({
        field: 'tags',
        message: `${entries.length} tags given; at most ${MAX_REQUEST_TAGS} (AWS allows ${AWS_MAX_TAGS} including the ${PROVENANCE_TAG_COUNT} Golden Path adds)`,
      });
    }
    return findings;
  },
};

export const COMMON_RULES = [
  ownerRequired,
  ownership,
  regionAllowed,
  requiredTags,
  tagsValid,
] as GuardrailRule<ResourceRequest>[];
