import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'A Valkey cache in dev with the environment defaults',
    example: yaml.stringify({
      steps: [
        {
          id: 'cache',
          action: 'golden-path:aws:elasticache:create',
          name: 'Provision the cache',
          input: {
            name: 'checkout-cache',
            owner: 'group:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
  {
    description:
      'A highly available production cache (two nodes, failover), waiting for its endpoint',
    example: yaml.stringify({
      steps: [
        {
          id: 'cache',
          action: 'golden-path:aws:elasticache:create',
          name: 'Provision the cache',
          input: {
            name: 'checkout-cache-prod',
            owner: 'group:default/payments',
            environment: 'prod',
            nodes: 2,
            costCenter: 'cc-1234',
            waitForAvailable: true,
          },
        },
      ],
    }),
  },
];
