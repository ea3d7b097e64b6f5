import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A small PostgreSQL database in dev with the environment defaults',
    example: yaml.stringify({
      steps: [
        {
          id: 'db',
          action: 'golden-path:aws:rds:create',
          name: 'Provision the database',
          input: {
            name: 'payments-db',
            owner: 'group:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
  {
    description:
      'A production database, waiting until it is available for its endpoint',
    example: yaml.stringify({
      steps: [
        {
          id: 'db',
          action: 'golden-path:aws:rds:create',
          name: 'Provision the database',
          input: {
            name: 'payments-db-prod',
            owner: 'group:default/payments',
            environment: 'prod',
            instanceClass: 'db.t4g.medium',
            allocatedStorageGb: 50,
            dbName: 'payments',
            costCenter: 'cc-1234',
            waitForAvailable: true,
            timeoutMinutes: 45,
          },
        },
      ],
    }),
  },
];
