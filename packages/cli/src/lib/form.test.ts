import {
  evaluate,
  GuardrailViolationError,
  resolvePolicy,
} from '@golden-path/plugin-golden-path-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  applyFormDefaults,
  choicesOf,
  coerce,
  estimateRequests,
  fieldsOf,
  isComplete,
  secretEnvName,
} from './form';
import { refusalOf } from './refusal';
import { pagesOf, TemplateEntity } from './templates';
import { fillForm } from './values';

const TEMPLATES = path.resolve(
  __dirname,
  '../../../../plugins/catalog-backend-module-golden-path/templates',
);
const template = (name: string) =>
  YAML.parse(
    fs.readFileSync(path.join(TEMPLATES, name, 'template.yaml'), 'utf8'),
  ) as TemplateEntity;

const policy = {
  mode: 'plan' as const,
  rules: [],
  ...resolvePolicy({
    aws: { region: 'eu-west-1', accountId: '123456789012' },
    environments: {
      dev: {
        rds: {
          instanceClasses: ['db.t4g.micro', 'db.t4g.small'],
          subnetGroup: 'dev',
        },
      },
      prod: {
        requiredTags: ['cost-center'],
        rds: {
          instanceClasses: ['db.t4g.medium', 'db.m7g.large'],
          defaultInstanceClass: 'db.t4g.medium',
          minStorageGb: 50,
          defaultStorageGb: 50,
          subnetGroup: 'prod',
        },
      },
    },
  }),
};

const noPrompt = {
  available: () => false,
  ask: async () => {
    throw new Error('no prompt in this test');
  },
};

describe('the form of a packaged template', () => {
  it('lists every field of every page, with dependency branches and secrets', () => {
    const fields = fieldsOf(pagesOf(template('ci-secret')));
    expect(fields.map(f => f.name)).toEqual([
      'repo',
      'owner',
      'environment',
      'scope',
      'githubEnvironment',
      'secretName',
      'secretValue',
    ]);
    const byName = Object.fromEntries(fields.map(f => [f.name, f]));
    expect(byName.secretValue.secret).toBe(true);
    expect(byName.secretValue.required).toBe(true);
    expect(byName.githubEnvironment.conditional).toBe(
      'when scope="environment" (then required)',
    );
    expect(secretEnvName('secretValue')).toBe(
      'GOLDEN_PATH_SECRET_SECRET_VALUE',
    );
  });

  it('fills what is left out as the Create page does: schema defaults and the environment’s policy defaults', () => {
    const fields = fieldsOf(pagesOf(template('postgres-database')));
    const dev = applyFormDefaults(
      fields,
      { name: 'pay-db', owner: 'group:default/payments' },
      policy,
    );
    expect(dev).toEqual({
      name: 'pay-db',
      owner: 'group:default/payments',
      dbName: 'app',
      environment: 'dev',
      instanceClass: 'db.t4g.micro',
      allocatedStorageGb: 20,
    });
    const prod = applyFormDefaults(
      fields,
      { name: 'pay-db', owner: 'group:default/payments', environment: 'prod' },
      policy,
    );
    expect(prod).toMatchObject({
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 50,
    });
    // A value given is kept: the guardrails judge it, the command does not swap it.
    expect(
      applyFormDefaults(
        fields,
        { environment: 'prod', instanceClass: 'db.t4g.micro' },
        policy,
      ).instanceClass,
    ).toBe('db.t4g.micro');
    expect(() =>
      applyFormDefaults(fields, { environment: 'staging' }, policy),
    ).toThrow(
      'environment: "staging" is not an environment this template offers; choose one of dev, prod',
    );
  });

  it('prices each listed policy choice with the environment’s defaults', () => {
    const dev = choicesOf(policy, 'dev', 'rds.instanceClass')!;
    expect(dev.choices).toEqual({
      type: 'list',
      values: ['db.t4g.micro', 'db.t4g.small'],
      default: 'db.t4g.micro',
    });
    expect(dev.prices!['db.t4g.small']).toBeGreaterThan(
      dev.prices!['db.t4g.micro'],
    );
    expect(choicesOf(policy, 'prod', 'rds.storageGb')).toEqual({
      choices: { type: 'range', min: 50, max: 200, default: 50 },
    });
    expect(choicesOf(policy, 'nowhere', 'rds.storageGb')).toBeUndefined();
  });

  it('fills the cost estimate’s requests from the values, as the cost field does', () => {
    const fields = fieldsOf(pagesOf(template('s3-bucket')));
    const cost = fields.find(f => f.name === 'monthlyCost')!;
    const values = applyFormDefaults(
      fields,
      { name: 'pay-files', owner: 'group:default/payments' },
      policy,
    );
    const requests = estimateRequests(cost, values);
    expect(requests).toEqual([
      {
        kind: 's3-bucket',
        name: 'pay-files',
        environment: 'dev',
        owner: 'group:default/payments',
        expectedStorageGb: 10,
        tags: {},
      },
    ]);
    expect(isComplete(requests)).toBe(true);
    expect(isComplete(estimateRequests(cost, { name: 'x' }))).toBe(false);
  });

  it('types --set values by the field schema', () => {
    const fields = fieldsOf(pagesOf(template('new-service')));
    const f = (n: string) => fields.find(x => x.name === n)!;
    expect(coerce(f('createBucket'), 'yes')).toBe(true);
    expect(coerce(f('allocatedStorageGb'), '30')).toBe(30);
    expect(() => coerce(f('allocatedStorageGb'), '30.5')).toThrow(
      'allocatedStorageGb must be a whole number; got "30.5"',
    );
    expect(() => coerce(f('createBucket'), 'maybe')).toThrow(
      'createBucket must be true or false',
    );
    expect(
      coerce(
        {
          ...f('name'),
          schema: { type: 'array', items: { type: 'number' } },
        },
        '1, 2',
      ),
    ).toEqual([1, 2]);
  });
});

describe('secrets', () => {
  const fields = fieldsOf(pagesOf(template('ci-secret')));
  const where = [
    'repo=payments-api',
    'owner=group:default/payments',
    'secretName=TOKEN',
  ];

  it('are refused on the command line and in a values file, without echoing the value', async () => {
    const refused = fillForm({
      fields,
      sets: [...where, 'secretValue=hunter2-do-not-print'],
      policy,
      prompt: noPrompt,
      env: {},
    });
    await expect(refused).rejects.toThrow(
      '--set: secretValue is a secret; it is never taken from the command line or a file. Set GOLDEN_PATH_SECRET_SECRET_VALUE',
    );
    await expect(refused).rejects.not.toThrow('hunter2');
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'gp-cli-')),
      'v.yaml',
    );
    fs.writeFileSync(file, 'secretValue: hunter2\n');
    await expect(
      fillForm({
        fields,
        sets: where,
        file,
        policy,
        prompt: noPrompt,
        env: {},
      }),
    ).rejects.toThrow(`${file}: secretValue is a secret`);
  });

  it('come from GOLDEN_PATH_SECRET_<NAME>, travel in secrets, and the form value is asterisks', async () => {
    const filled = await fillForm({
      fields,
      sets: where,
      policy,
      prompt: noPrompt,
      env: { GOLDEN_PATH_SECRET_SECRET_VALUE: 'hunter2' },
    });
    expect(filled.secrets).toEqual({ secretValue: 'hunter2' });
    expect(filled.values.secretValue).toBe('*******');
    expect(JSON.stringify(filled.values)).not.toContain('hunter2');
  });

  it('are asked for without echo when the environment lacks them, and required without a terminal', async () => {
    const questions: string[] = [];
    const filled = await fillForm({
      fields,
      sets: where,
      policy,
      prompt: {
        available: () => true,
        ask: async q => {
          questions.push(q);
          return 'typed-value';
        },
      },
      env: {},
    });
    expect(questions).toEqual(['Value (secretValue, secret): ']);
    expect(filled.secrets.secretValue).toBe('typed-value');
    await expect(
      fillForm({ fields, sets: where, policy, prompt: noPrompt, env: {} }),
    ).rejects.toThrow(
      'secretValue is a secret: set GOLDEN_PATH_SECRET_SECRET_VALUE in the environment, or run in a terminal to be asked for it',
    );
  });

  it('refuses unknown fields and names the missing required ones', async () => {
    await expect(
      fillForm({
        fields,
        sets: ['rpeo=x'],
        policy,
        prompt: noPrompt,
        env: {},
      }),
    ).rejects.toThrow(
      '--set: the template has no field "rpeo"; its fields: repo',
    );
    await expect(
      fillForm({
        fields,
        sets: ['repo=x'],
        policy,
        prompt: noPrompt,
        env: { GOLDEN_PATH_SECRET_SECRET_VALUE: 'v' },
      }),
    ).rejects.toThrow('Missing required field(s): owner, secretName.');
  });
});

describe('refusalOf', () => {
  it('reads the rules, the step and each fix from a refusal as the scaffolder keeps it', () => {
    const result = evaluate(
      [
        {
          kind: 'rds-instance',
          name: 'pay-db',
          environment: 'prod',
          owner: 'group:default/payments',
          instanceClass: 'db.t4g.micro',
        },
      ],
      policy,
      {
        requester: {
          userRef: 'user:default/j',
          groups: ['group:default/payments'],
        },
      },
    );
    const error = new GuardrailViolationError(result.violations, {
      step: { id: 'db', name: 'Create the database' },
    });
    // What survives in a task's completion event: name and message only.
    const refusal = refusalOf({ name: error.name, message: error.message })!;
    expect(refusal.rules).toEqual([
      'GP-REQUIRED-TAGS',
      'GP-RDS-INSTANCE-CLASS',
    ]);
    expect(refusal.where).toBe('in step "db" (Create the database)');
    expect(refusal.violations).toEqual([
      expect.objectContaining({
        ruleId: 'GP-REQUIRED-TAGS',
        fix: expect.stringContaining('cost-center'),
      }),
      expect.objectContaining({
        ruleId: 'GP-RDS-INSTANCE-CLASS',
        allowed: 'db.t4g.medium, db.m7g.large',
        fix: expect.any(String),
      }),
    ]);
  });

  it('is nothing for other failures, even ones naming a rule id', () => {
    expect(
      refusalOf({ name: 'InputError', message: 'Invalid input GP-S3-NAME' }),
    ).toBeUndefined();
    expect(refusalOf({ name: 'Error', message: 'boom' })).toBeUndefined();
    expect(refusalOf(undefined)).toBeUndefined();
  });
});
