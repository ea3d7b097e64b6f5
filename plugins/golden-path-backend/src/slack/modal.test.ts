import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import {
  policyChoices,
  resolvePolicy,
} from '@golden-path/plugin-golden-path-common';
import { Field, initialEnvironment, templateFields } from './fields';
import {
  blockId,
  buildModal,
  chosenEnvironment,
  readMetadata,
  readSubmission,
} from './modal';

const policy = resolvePolicy({
  environments: {
    dev: {
      rds: {
        instanceClasses: ['db.t4g.micro', 'db.t4g.small'],
        requireDeletionProtection: false,
      },
      relax: [{ rule: 'GP-RDS-DELETION-PROTECTION', reason: 'disposable' }],
    },
    prod: {
      rds: {
        instanceClasses: ['db.t4g.medium', 'db.m7g.large'],
        defaultInstanceClass: 'db.t4g.medium',
        minStorageGb: 50,
        maxStorageGb: 500,
        defaultStorageGb: 50,
      },
    },
  },
} as any);

const template = (parameters: JsonValue): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'db', title: 'A database', description: 'Makes one.' },
  spec: { type: 'resource', parameters, steps: [] },
});

const database = template([
  {
    title: 'Database',
    required: ['name', 'owner', 'environment'],
    properties: {
      name: {
        title: 'Name',
        type: 'string',
        pattern: '^[a-z][a-z0-9-]{1,20}$',
      },
      owner: { title: 'Team', type: 'string', 'ui:field': 'MyGroupsPicker' },
      environment: {
        title: 'Environment',
        type: 'string',
        'ui:field': 'GoldenPathEnvironmentPicker',
        default: 'dev',
      },
      instanceClass: {
        title: 'Size',
        type: 'string',
        'ui:field': 'GoldenPathPolicyPicker',
        'ui:options': { policy: 'rds.instanceClass' },
      },
      storage: {
        title: 'Storage',
        type: 'integer',
        'ui:field': 'GoldenPathPolicyPicker',
        'ui:options': { policy: 'rds.storageGb' },
      },
      tier: {
        title: 'Tier',
        type: 'string',
        enum: ['gold', 'silver'],
        enumNames: ['Gold', 'Silver'],
        default: 'silver',
      },
      backups: { title: 'Nightly backups', type: 'boolean', default: true },
      ratio: { title: 'Ratio', type: 'number', minimum: 0, maximum: 1 },
    },
  },
  {
    title: 'Cost',
    properties: {
      monthlyCost: { type: 'number', 'ui:field': 'GoldenPathCostEstimate' },
    },
  },
]);

const ctx = (environment: string) => ({
  policy,
  environment,
  groups: ['group:default/payments', 'group:default/platform'],
});

function fieldsOf(t: Entity, environment = 'dev'): Field[] {
  const built = templateFields(t, ctx(environment));
  if (!('fields' in built)) throw new Error(built.unsupported.join(', '));
  return built.fields;
}

describe('the modal of a template', () => {
  it('offers strings, the environments, policy choices of the environment, enums, booleans and numbers', () => {
    const dev = fieldsOf(database, 'dev');
    expect(dev.map(f => [f.name, f.kind, f.optional])).toEqual([
      ['name', 'text', false],
      ['owner', 'select', false],
      ['environment', 'select', false],
      ['instanceClass', 'select', true],
      ['storage', 'number', true],
      ['tier', 'select', true],
      ['backups', 'boolean', true],
      ['ratio', 'number', true],
    ]);
    const byName = Object.fromEntries(dev.map(f => [f.name, f])) as Record<
      string,
      any
    >;
    expect(byName.owner.options.map((o: any) => o.value)).toEqual([
      'group:default/payments',
      'group:default/platform',
    ]);
    expect(byName.environment).toMatchObject({
      environment: true,
      initial: 'dev',
      options: [
        { value: 'dev', label: 'dev' },
        { value: 'prod', label: 'prod' },
      ],
    });
    // The same choices and defaults the Create page's policy picker offers.
    const devChoices = policyChoices(
      policy.environments.dev,
      'rds.instanceClass',
    );
    expect(byName.instanceClass).toMatchObject({
      policy: 'dev',
      options: [
        { value: 'db.t4g.micro', label: 'db.t4g.micro' },
        { value: 'db.t4g.small', label: 'db.t4g.small' },
      ],
      initial: devChoices.type === 'list' ? devChoices.default : undefined,
    });
    expect(byName.tier.options).toEqual([
      { value: 'gold', label: 'Gold' },
      { value: 'silver', label: 'Silver' },
    ]);
    expect(byName.backups.initial).toBe(true);
    expect(byName.ratio).toMatchObject({ integer: false, min: 0, max: 1 });

    const prod = Object.fromEntries(
      fieldsOf(database, 'prod').map(f => [f.name, f]),
    ) as Record<string, any>;
    expect(prod.instanceClass.options.map((o: any) => o.value)).toEqual([
      'db.t4g.medium',
      'db.m7g.large',
    ]);
    expect(prod.instanceClass.initial).toBe('db.t4g.medium');
    expect(prod.storage).toMatchObject({
      kind: 'number',
      integer: true,
      min: 50,
      max: 500,
      initial: 50,
    });
  });

  it('builds Slack blocks; a policy choice is a new block per environment', () => {
    const fields = fieldsOf(database, 'prod');
    const view = buildModal(database, fields, {
      ...ctx('prod'),
      userRef: 'user:default/guest',
      metadata: { t: 'template:default/db', e: 'prod', r: 'https://x' },
    });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const inputs = view.blocks.filter(b => b.type === 'input');
    expect(inputs.map(b => b.block_id)).toEqual([
      'gp:name',
      'gp:owner',
      'gp:environment',
      'gp:instanceClass@prod',
      'gp:storage@prod',
      'gp:tier',
      'gp:backups',
      'gp:ratio',
    ]);
    const env = inputs.find(b => b.block_id === 'gp:environment')!;
    expect(env.dispatch_action).toBe(true);
    expect(inputs.find(b => b.block_id === 'gp:backups')!.element).toEqual({
      type: 'checkboxes',
      action_id: 'value',
      options: [
        {
          text: { type: 'plain_text', text: 'Nightly backups' },
          value: 'true',
        },
      ],
      initial_options: [
        {
          text: { type: 'plain_text', text: 'Nightly backups' },
          value: 'true',
        },
      ],
    });
    expect(inputs.find(b => b.block_id === 'gp:storage@prod')!.element).toEqual(
      {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: false,
        initial_value: '50',
        min_value: '50',
        max_value: '500',
      },
    );
    expect(readMetadata(view.private_metadata)).toEqual({
      t: 'template:default/db',
      e: 'prod',
      r: 'https://x',
    });
    expect(readMetadata('{"t":1}')).toBeUndefined();
    expect(readMetadata('not json')).toBeUndefined();
  });

  it('refuses templates that ask for secrets, lists or conditional fields', () => {
    expect(
      templateFields(
        template([
          {
            properties: {
              value: { title: 'Value', type: 'string', 'ui:field': 'Secret' },
              password: {
                title: 'Password',
                type: 'string',
                'ui:widget': 'password',
              },
              list: {
                title: 'Hosts',
                type: 'array',
                items: { type: 'string' },
              },
            },
          },
          { title: 'More', properties: {}, dependencies: { a: {} } },
        ]),
        ctx('dev'),
      ),
    ).toEqual({
      unsupported: [
        'Value (a secret: secrets are never entered in Slack)',
        'Password (a secret: secrets are never entered in Slack)',
        'Hosts (a list)',
        '"More" (conditional fields)',
      ],
    });
  });

  it('starts with the environment asked for, the template default, or the first offered', () => {
    expect(initialEnvironment(database, policy)).toBe('dev');
    expect(initialEnvironment(database, policy, 'prod')).toBe('prod');
    expect(initialEnvironment(database, policy, 'staging')).toBeUndefined();
    const limited = template([
      {
        properties: {
          environment: {
            type: 'string',
            'ui:field': 'GoldenPathEnvironmentPicker',
            'ui:options': { allowed: ['prod'] },
          },
        },
      },
    ]);
    expect(initialEnvironment(limited, policy)).toBe('prod');
    expect(initialEnvironment(limited, policy, 'dev')).toBeUndefined();
  });
});

describe('a submission', () => {
  const fields = fieldsOf(database, 'dev');
  const state = (entries: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(entries).map(([name, value]) => {
        const field = fields.find(f => f.name === name)!;
        return [blockId(field), { value: { value } }];
      }),
    );

  it('becomes the template values, typed', () => {
    const values = {
      ...state({ name: 'orders-db', storage: '30', ratio: '0.5' }),
      'gp:owner': {
        value: { selected_option: { value: 'group:default/payments' } },
      },
      'gp:environment': { value: { selected_option: { value: 'dev' } } },
      'gp:instanceClass@dev': {
        value: { selected_option: { value: 'db.t4g.small' } },
      },
      'gp:backups': { value: { selected_options: [] } },
    };
    expect(readSubmission(values, fields)).toEqual({
      values: {
        name: 'orders-db',
        owner: 'group:default/payments',
        environment: 'dev',
        instanceClass: 'db.t4g.small',
        storage: 30,
        backups: false,
        ratio: 0.5,
      },
      errors: {},
    });
    expect(chosenEnvironment(values, fields)).toBe('dev');
  });

  it('is refused input by input: required, pattern, choices and ranges', () => {
    const values = {
      ...state({ name: 'Orders DB', storage: '30.5', ratio: '2' }),
      'gp:owner': {
        value: { selected_option: { value: 'group:default/someone-else' } },
      },
      'gp:instanceClass@dev': {
        value: { selected_option: { value: 'db.m7g.large' } },
      },
    };
    expect(readSubmission(values, fields).errors).toEqual({
      'gp:name': 'Does not match ^[a-z][a-z0-9-]{1,20}$.',
      'gp:owner': 'Choose from the list.',
      'gp:environment': 'Required.',
      'gp:instanceClass@dev': 'Choose from the list.',
      'gp:storage@dev': 'Enter a whole number.',
      'gp:ratio': 'At most 1.',
    });
  });
});
