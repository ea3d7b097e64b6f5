import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a private repository for a team, with the org baseline',
    example: yaml.stringify({
      steps: [
        {
          id: 'repo',
          action: 'golden-path:github:repo:create',
          name: 'Create the repository',
          input: {
            name: 'payments-api',
            owner: 'group:default/payments',
            environment: 'dev',
            description: 'Payments API',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create an internal repository from the rendered skeleton, with two required approvals',
    example: yaml.stringify({
      steps: [
        {
          id: 'repo',
          action: 'golden-path:github:repo:create',
          name: 'Create the repository with its skeleton',
          input: {
            name: 'checkout-web',
            owner: 'group:default/payments',
            environment: 'prod',
            visibility: 'internal',
            topics: ['web'],
            requiredApprovals: 2,
            sourcePath: './skeleton',
          },
        },
      ],
    }),
  },
];
