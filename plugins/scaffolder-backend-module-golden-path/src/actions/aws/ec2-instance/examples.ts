import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A small instance in dev with the environment defaults (the platform image, t3.micro)',
    example: yaml.stringify({
      steps: [
        {
          id: 'vm',
          action: 'golden-path:aws:ec2:create',
          name: 'Launch the instance',
          input: {
            name: 'payments-worker',
            owner: 'group:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
  {
    description:
      'A production instance with a larger root volume, waiting until it is running for its private IP',
    example: yaml.stringify({
      steps: [
        {
          id: 'vm',
          action: 'golden-path:aws:ec2:create',
          name: 'Launch the instance',
          input: {
            name: 'payments-worker-prod',
            owner: 'group:default/payments',
            environment: 'prod',
            instanceType: 't3.medium',
            rootVolumeGb: 40,
            costCenter: 'cc-1234',
            waitUntilRunning: true,
          },
        },
      ],
    }),
  },
];
