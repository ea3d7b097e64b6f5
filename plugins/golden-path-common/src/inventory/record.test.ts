import {
  checkResourceRecord,
  RECORDING_ACTIONS,
  ResourceRecord,
} from './record';
import { RESOURCE_KINDS } from '../kinds/registry';

const bucket: ResourceRecord = {
  state: 'created',
  kind: 's3-bucket',
  name: 'payments-files',
  owner: 'group:default/payments',
  environment: 'dev',
  externalId: 'arn:aws:s3:::payments-files',
  monthlyCost: 0.23,
};

describe('checkResourceRecord', () => {
  it('keeps the known fields, rounds the cost to cents and drops anything else', () => {
    const leaky = {
      ...bucket,
      monthlyCost: 12.3456,
      value: 's3cr3t',
      token: 'x',
    };
    expect(checkResourceRecord(leaky)).toEqual({
      record: { ...bucket, monthlyCost: 12.35 },
    });
  });

  it('keeps a creating record and the endpoint the provider described', () => {
    const db = {
      ...bucket,
      kind: 'rds-instance',
      name: 'payments-db',
      endpoint: 'payments-db.abc.eu-west-1.rds.amazonaws.com:5433',
    };
    expect(checkResourceRecord({ ...db, state: 'creating' })).toEqual({
      record: { ...db, state: 'creating' },
    });
    expect(
      checkResourceRecord({ ...db, endpoint: 'x:1\nstate: created' }),
    ).toEqual({ problem: expect.stringMatching(/endpoint must be text/) });
  });

  it.each([
    ['not an object', 's3-bucket', /an object/],
    ['an array', [bucket], /an object/],
    ['unknown state', { ...bucket, state: 'deleted' }, /state must be one of/],
    ['unknown kind', { ...bucket, kind: 'vm' }, /kind must be one of/],
    [
      'negative cost',
      { ...bucket, monthlyCost: -5 },
      /monthlyCost must be a number/,
    ],
    [
      'infinite cost',
      { ...bucket, monthlyCost: Infinity },
      /monthlyCost must be a number/,
    ],
    [
      'cost as text',
      { ...bucket, monthlyCost: '5' },
      /monthlyCost must be a number/,
    ],
    [
      'huge cost',
      { ...bucket, monthlyCost: 999_999_999 },
      /monthlyCost must be a number/,
    ],
    ['missing owner', { ...bucket, owner: undefined }, /required/],
    [
      'a newline in a field',
      { ...bucket, url: 'https://x\nstate: created' },
      /url must be text/,
    ],
    [
      'a field that is not text',
      { ...bucket, region: 5 },
      /region must be text/,
    ],
    [
      'an inherited state',
      Object.create({ state: 'created' }),
      /state must be one of/,
    ],
  ])('refuses %s', (_name, value, problem) => {
    const result = checkResourceRecord(value);
    expect('problem' in result && result.problem).toMatch(problem);
  });
});

describe('RECORDING_ACTIONS', () => {
  it('names one golden-path action for every kind', () => {
    expect(Object.keys(RECORDING_ACTIONS).sort()).toEqual(
      [...RESOURCE_KINDS].sort(),
    );
    expect(
      Object.values(RECORDING_ACTIONS).every(id =>
        id.startsWith('golden-path:'),
      ),
    ).toBe(true);
  });
});
