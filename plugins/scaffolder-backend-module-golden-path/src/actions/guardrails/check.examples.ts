import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Check a database and a bucket before creating either',
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'golden-path:guardrails:check',
          name: 'Check the request against policy and budget',
          input: {
            requests: [
              {
                kind: 'rds-instance',
                name: 'payments-db',
                environment: 'dev',
                owner: 'group:default/payments',
                instanceClass: 'db.t4g.micro',
                allocatedStorageGb: 20,
              },
              {
                kind: 's3-bucket',
                name: 'payments-invoices-dev',
                environment: 'dev',
                owner: 'group:default/payments',
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description: 'Check a new repository and a CI/CD secret for it',
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'golden-path:guardrails:check',
          name: 'Check the repository and secret',
          input: {
            requests: [
              {
                kind: 'github-repo',
                name: 'payments-api',
                environment: 'dev',
                owner: 'group:default/payments',
                visibility: 'private',
              },
              {
                kind: 'github-secret',
                name: 'DATABASE_HOST',
                environment: 'dev',
                owner: 'group:default/payments',
                repo: 'payments-api',
                valueBytes: 32,
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'Judge an optional bucket only when the step that creates it will run (if:)',
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'golden-path:guardrails:check',
          name: 'Check everything this path creates',
          input: {
            requests: [
              {
                kind: 'rds-instance',
                name: 'orders-db',
                environment: 'dev',
                owner: 'group:default/payments',
              },
              {
                kind: 's3-bucket',
                if: '${{ parameters.createBucket }}',
                name: 'orders-files-dev',
                environment: 'dev',
                owner: 'group:default/payments',
              },
            ],
          },
        },
      ],
    }),
  },
];
