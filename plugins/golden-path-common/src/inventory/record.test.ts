import { formatResourceRecord, parseResourceRecord, RESOURCE_RECORD_PREFIX, ResourceRecord } from './record';

const bucket: ResourceRecord = {
  state: 'created',
  kind: 's3-bucket',
  name: 'payments-files',
  owner: 'group:default/payments',
  environment: 'dev',
  externalId: 'arn:aws:s3:::payments-files',
  url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-files?region=eu-west-1',
  region: 'eu-west-1',
  monthlyCost: 0.23,
  component: 'component:default/payments-api',
};

describe('resource records in the task log', () => {
  it('round-trips through the line the scaffolder stores (level prefix and colour codes first)', () => {
    const line = formatResourceRecord(bucket);
    expect(line.startsWith(RESOURCE_RECORD_PREFIX)).toBe(true);
    expect(parseResourceRecord(line)).toEqual(bucket);
    expect(parseResourceRecord(`\u001b[32minfo\u001b[39m: ${line}`)).toEqual(bucket);
  });

  it('writes only the known fields, so nothing else an action holds can reach the log', () => {
    const leaky = { ...bucket, value: 'hunter2', token: 'ghp_secret', tags: { password: 'x' } } as ResourceRecord;
    const line = formatResourceRecord(leaky);
    expect(line).not.toMatch(/hunter2|ghp_secret|password/);
    expect(Object.keys(JSON.parse(line.slice(RESOURCE_RECORD_PREFIX.length))).sort()).toEqual(
      ['component', 'environment', 'externalId', 'kind', 'monthlyCost', 'name', 'owner', 'region', 'state', 'url'],
    );
  });

  it('refuses to format a record without its identifying fields', () => {
    expect(() => formatResourceRecord({ ...bucket, name: '' })).toThrow(/Not a valid resource record/);
    expect(() => formatResourceRecord({ ...bucket, kind: 'vm' as any })).toThrow();
  });

  it.each([
    ['no marker', 'info: Created payments-files'],
    ['broken JSON', `${RESOURCE_RECORD_PREFIX}{"state":"created",`],
    ['redacted into invalid JSON', `${RESOURCE_RECORD_PREFIX}{"state":"created","kind":"s3-bucket","name":***}`],
    ['unknown kind', `${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, kind: 'vm' })}`],
    ['unknown state', `${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, state: 'deleted' })}`],
    ['missing owner', `${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, owner: undefined })}`],
    ['not an object', `${RESOURCE_RECORD_PREFIX}"s3-bucket"`],
  ])('ignores a line with %s', (_why, line) => {
    expect(parseResourceRecord(line)).toBeUndefined();
  });

  it('treats a missing or negative cost as zero and rounds to cents', () => {
    expect(parseResourceRecord(`${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, monthlyCost: -5 })}`)?.monthlyCost).toBe(0);
    expect(parseResourceRecord(`${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, monthlyCost: 'lots' })}`)?.monthlyCost).toBe(0);
    expect(parseResourceRecord(`${RESOURCE_RECORD_PREFIX}${JSON.stringify({ ...bucket, monthlyCost: 12.3456 })}`)?.monthlyCost).toBe(12.35);
  });
});
