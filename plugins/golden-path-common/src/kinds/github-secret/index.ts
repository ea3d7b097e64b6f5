import { noAwsCost } from '../noCost';
import { KindDefinition } from '../types';
import { GITHUB_SECRET_FIELDS } from './request';
import { GITHUB_SECRET_RULES } from './rules';

export const GITHUB_SECRET: KindDefinition<'github-secret'> = {
  kind: 'github-secret',
  provider: 'github',
  label: 'GitHub Actions secret',
  // A secret belongs to its repository's entity, so it has none of its own.
  catalogType: null,
  refPrefix: 'secret',
  creatingAction: {
    id: 'golden-path:github:secret:set',
    policyFields: ['scope'],
  },
  costed: false,
  // The allowed scopes are part of the organisation's GitHub section.
  policySection: 'github',
  choices: {
    'github.secretScope': {
      ruleId: 'GP-GH-SECRET-SCOPE',
      field: 'scope',
      valueType: 'string',
      priced: false,
      choices: env => ({ values: env.github.secretScopes }),
    },
  },
  fields: GITHUB_SECRET_FIELDS,
  normalise: request => ({ scope: 'repository', ...request }),
  rules: GITHUB_SECRET_RULES,
  defaultPrices: {},
  estimateCost: noAwsCost,
};
