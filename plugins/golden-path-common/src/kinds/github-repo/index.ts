import { noAwsCost } from '../noCost';
import { KindDefinition } from '../types';
import { normaliseGithubRepo } from './normalise';
import { GITHUB_REPO_FIELDS } from './request';
import { GITHUB_REPO_RULES } from './rules';

export const GITHUB_REPO: KindDefinition<'github-repo'> = {
  kind: 'github-repo',
  provider: 'github',
  label: 'GitHub repository',
  catalogType: 'repository',
  refPrefix: 'repo',
  creatingAction: {
    id: 'golden-path:github:repo:create',
    policyFields: ['visibility'],
  },
  costed: false,
  policySection: 'github',
  choices: {
    'github.visibility': {
      ruleId: 'GP-GH-REPO-VISIBILITY',
      field: 'visibility',
      valueType: 'string',
      priced: false,
      choices: env => ({ values: env.github.allowedVisibilities }),
    },
  },
  fields: GITHUB_REPO_FIELDS,
  normalise: normaliseGithubRepo,
  rules: GITHUB_REPO_RULES,
  defaultPrices: {},
  estimateCost: noAwsCost,
};
