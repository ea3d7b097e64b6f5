import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'A bucket for a team in dev, with the environment defaults',
    example: yaml.stringify({
      steps: [
        {
          id: 'bucket',
          action: 'golden-path:aws:s3:create',
          name: 'Create the bucket',
          input: {
            name: 'payments-invoices-dev',
            owner: 'group:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
  {
    description:
      'A production bucket with a cost center, an expected size for the estimate, and the component that uses it',
    example: yaml.stringify({
      steps: [
        {
          id: 'bucket',
          action: 'golden-path:aws:s3:create',
          name: 'Create the bucket',
          input: {
            name: 'payments-invoices-prod',
            owner: 'group:default/payments',
            environment: 'prod',
            costCenter: 'cc-1234',
            expectedStorageGb: 500,
            component: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
];
