import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Set a repository secret from a Secret form field',
    example: yaml.stringify({
      steps: [
        {
          id: 'secret',
          action: 'golden-path:github:secret:set',
          name: 'Add the secret to CI/CD',
          input: {
            repo: 'payments-api',
            owner: 'group:default/payments',
            environment: 'dev',
            secrets: { DATABASE_PASSWORD: '${{ secrets.value }}' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Set secrets for a deployment environment (created if missing)',
    example: yaml.stringify({
      steps: [
        {
          id: 'secret',
          action: 'golden-path:github:secret:set',
          name: 'Add deployment secrets',
          input: {
            repo: 'payments-api',
            owner: 'group:default/payments',
            environment: 'prod',
            scope: 'environment',
            githubEnvironment: 'production',
            secrets: {
              DEPLOY_KEY: '${{ secrets.deployKey }}',
              API_TOKEN: '${{ secrets.apiToken }}',
            },
          },
        },
      ],
    }),
  },
];
