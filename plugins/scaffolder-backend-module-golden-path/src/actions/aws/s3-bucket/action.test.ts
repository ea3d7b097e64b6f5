import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import {
  actionContext,
  memoryCheckpoints,
  memoryLedger,
  recordsOf,
  testDirectory,
  testGuardDeps,
  testPolicyService,
} from '../../../__testUtils__/context';
import { StartedFakeAws, startFakeAws } from '../../../testUtils';
import {
  attemptsToFail,
  TRANSPORTS,
} from '../../../testUtils/awsWire/transports';
import { AwsAccessProvider } from '../../../aws/access';
import { createS3BucketAction } from './action';
import { examples } from './examples';

const input = {
  name: 'payments-files-dev',
  owner: 'group:default/payments',
  environment: 'dev',
};
let aws: StartedFakeAws;
const action = (access?: AwsAccessProvider) =>
  createS3BucketAction({
    policy: testPolicyService('live'),
    ...testGuardDeps,
    aws: access ?? aws.access,
  });
const HARDENING = [
  'PutPublicAccessBlock',
  'PutBucketEncryption',
  'PutBucketVersioning',
  'PutBucketPolicy',
  'PutBucketLifecycleConfiguration',
  'PutBucketTagging',
];
const VERIFY = [
  'GetPublicAccessBlock',
  'GetBucketOwnershipControls',
  'GetBucketEncryption',
  'GetBucketVersioning',
  'GetBucketPolicyStatus',
];

describe.each(TRANSPORTS)('golden-path:aws:s3:create (%s)', transport => {
  beforeEach(async () => {
    aws = await startFakeAws({ transport });
  });
  afterEach(() => aws.stop());

  it('sends the exact baseline sequence in dev, then verifies by reading back', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(aws.sent()).toEqual([
      'CreateBucket',
      'HeadBucket',
      ...HARDENING,
      ...VERIFY,
    ]);
    const inputOf = (i: number) => aws.calls()[i].input;
    expect(inputOf(0)).toEqual({
      Bucket: 'payments-files-dev',
      ObjectOwnership: 'BucketOwnerEnforced',
      CreateBucketConfiguration: {
        LocationConstraint: 'eu-west-1',
        // Tagged at creation, so a retry after a crash can prove the bucket is this task's.
        Tags: expect.arrayContaining([
          { Key: 'golden-path:task-id', Value: 'task-1' },
          { Key: 'golden-path:owner', Value: 'group:default/payments' },
        ]),
      },
    });
    expect(inputOf(2).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(inputOf(3).ServerSideEncryptionConfiguration.Rules[0]).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      BucketKeyEnabled: false,
      BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
    });
    expect(JSON.parse(inputOf(5).Policy).Statement[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(inputOf(6).LifecycleConfiguration.Rules[0]).toMatchObject({
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
    expect(inputOf(7).Tagging.TagSet).toEqual(
      expect.arrayContaining([
        { Key: 'golden-path:owner', Value: 'group:default/payments' },
        { Key: 'golden-path:requester', Value: 'user:default/jane' },
        { Key: 'golden-path:task-id', Value: 'task-1' },
        { Key: 'golden-path:environment', Value: 'dev' },
      ]),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'arn',
      'arn:aws:s3:::payments-files-dev',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'consoleUrl',
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-files-dev?region=eu-west-1',
    );
    expect(ctx.output).toHaveBeenCalledWith('planned', false);
  });

  it('logs an inventory record before the first mutation and once the bucket meets the baseline', async () => {
    const ctx = actionContext({
      ...input,
      component: 'payments-api',
      expectedStorageGb: 100,
    });
    await action().handler(ctx);
    const records = recordsOf(ctx);
    expect(records.map(r => r.state)).toEqual(['requested', 'created']);
    expect(records[1]).toEqual({
      state: 'created',
      kind: 's3-bucket',
      name: 'payments-files-dev',
      owner: 'group:default/payments',
      environment: 'dev',
      region: 'eu-west-1',
      externalId: 'arn:aws:s3:::payments-files-dev',
      url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-files-dev?region=eu-west-1',
      monthlyCost: expect.any(Number),
      component: 'component:default/payments-api',
    });
    expect(records[1].monthlyCost).toBeGreaterThan(0);
    // Records go to the ledger, never into the task log (where any step could forge one).
    expect(ctx.lines.some(l => l.includes('golden-path:resource'))).toBe(false);
  });

  it('refuses a malformed component ref before any AWS call', async () => {
    await expect(
      action().handler(actionContext({ ...input, component: 'component:' })),
    ).rejects.toThrow(/component must be an entity ref/);
    expect(aws.calls()).toHaveLength(0);
  });

  it('uses the KMS key, access logging and the cost-center tag in prod', async () => {
    await action().handler(
      actionContext({
        ...input,
        name: 'payments-files-prod',
        environment: 'prod',
        costCenter: 'cc-9',
      }),
    );
    expect(aws.sent()).toEqual([
      'CreateBucket',
      'HeadBucket',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketVersioning',
      'PutBucketPolicy',
      'PutBucketLifecycleConfiguration',
      'PutBucketLogging',
      'PutBucketTagging',
      ...VERIFY,
    ]);
    const calls = aws.calls().map(c => c.input);
    expect(calls[3].ServerSideEncryptionConfiguration.Rules[0]).toMatchObject({
      ApplyServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/prod',
      },
      BucketKeyEnabled: true,
    });
    expect(calls[7].BucketLoggingStatus.LoggingEnabled).toEqual({
      TargetBucket: 'acme-prod-logs',
      TargetPrefix: 'payments-files-prod/',
    });
    expect(calls[8].Tagging.TagSet).toContainEqual({
      Key: 'cost-center',
      Value: 'cc-9',
    });
  });

  it.each([
    ['another team', { owner: 'group:default/checkout' }, 'GP-OWNERSHIP'],
    ['an invalid name', { name: 'Payments_Files' }, 'GP-S3-BUCKET-NAME'],
    [
      'a region outside the profile',
      { region: 'us-west-2' },
      'GP-REGION-ALLOWED',
    ],
    [
      'SSE-S3 in prod',
      { environment: 'prod', encryption: 'AES256', costCenter: 'x' },
      'GP-S3-ENCRYPTION',
    ],
    ['versioning off', { versioning: false }, 'GP-S3-VERSIONING'],
  ])('refuses %s and sends no command', async (_label, change, rule) => {
    const error = await action()
      .handler(actionContext({ ...input, ...change }))
      .catch(e => e);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.message).toContain(`[${rule}]`);
    expect(aws.calls()).toHaveLength(0);
  });

  it('plans without credentials and sends nothing', async () => {
    const ctx = actionContext(input);
    await action(async () => ({ accountId: '123456789012' })).handler(ctx);
    expect(aws.calls()).toHaveLength(0);
    expect(ctx.lines.join('\n')).toContain(
      'Mode: plan (no aws credentials are configured',
    );
    expect(ctx.lines.join('\n')).toContain(
      'CreateBucket {"Bucket":"payments-files-dev","ObjectOwnership":"BucketOwnerEnforced"',
    );
    expect(ctx.output).toHaveBeenCalledWith('planned', true);
    expect(recordsOf(ctx)).toMatchObject([
      { state: 'planned', kind: 's3-bucket', name: 'payments-files-dev' },
    ]);
  });

  describe('the team budget', () => {
    // Payments has spent 999 of its 1000; any bucket with storage tips it over.
    const overBudget = { ...input, expectedStorageGb: 100 };
    const spentLedger = () =>
      memoryLedger({
        spend: { 'group:default/payments': 999 },
        refuse: r =>
          r.monthlyCost > 1
            ? {
                ruleId: 'GP-BUDGET-TEAM-MONTHLY',
                title: 'The owning team stays within its monthly budget',
                severity: 'medium',
                index: 0,
                controls: [],
                kind: r.kind,
                resource: r.name,
                field: 'owner',
                message: 'group:default/payments has USD 999.00/month',
                fix: 'Delete resources the team no longer needs',
              }
            : undefined,
      });
    const withLedger = (
      ledger: ReturnType<typeof memoryLedger>,
      mode: 'plan' | 'live',
    ) =>
      createS3BucketAction({
        policy: testPolicyService(mode),
        ledger,
        directory: testDirectory,
        aws: aws.access,
      });

    it('in plan mode is judged by the ledger on the planned record: the spend is not read first', async () => {
      const ledger = spentLedger();
      const spendRead = jest.spyOn(ledger, 'monthlySpend');
      const ctx = actionContext(overBudget);
      const error = await withLedger(ledger, 'plan')
        .handler(ctx)
        .catch(e => e);
      expect(spendRead).not.toHaveBeenCalled();
      expect(isGuardrailViolation(error)).toBe(true);
      expect(error.message).toContain('[GP-BUDGET-TEAM-MONTHLY]');
      expect(ctx.lines.join('\n')).toContain(
        'error [GP-BUDGET-TEAM-MONTHLY] s3-bucket "payments-files-dev" owner',
      );
      expect(ledger.writes).toEqual([]);
      expect(aws.calls()).toHaveLength(0);
    });

    it.each([
      ['a dry run', 'plan' as const, true],
      ['live mode', 'live' as const, false],
    ])(
      'in %s is judged here on the spend read, before any record or AWS call',
      async (_, mode, isDryRun) => {
        const ledger = spentLedger();
        const spendRead = jest.spyOn(ledger, 'monthlySpend');
        const error = await withLedger(ledger, mode)
          .handler(actionContext(overBudget, { isDryRun }))
          .catch(e => e);
        expect(spendRead).toHaveBeenCalledWith(['group:default/payments']);
        expect(isGuardrailViolation(error)).toBe(true);
        expect(error.message).toContain('[GP-BUDGET-TEAM-MONTHLY]');
        expect(error.message).toContain('USD 999.00/month provisioned');
        expect(ledger.writes).toEqual([]);
        expect(aws.calls()).toHaveLength(0);
      },
    );
  });

  const steps = ['CreateBucket', 'HeadBucket', ...HARDENING, ...VERIFY];
  const errors = ['ThrottlingException', 'AccessDenied'];
  it.each([
    ...steps.flatMap(step => errors.map(error => [step, error])),
    ['CreateBucket', 'BucketAlreadyExists'],
  ])(
    'after %s fails with %s: nothing non-compliant remains and a retry converges',
    async (step, error) => {
      const checkpoints = memoryCheckpoints();
      aws.fail(step, error, {
        times: attemptsToFail(transport, error, step),
      });
      const ctx = actionContext(input, { checkpoints });
      await expect(action().handler(ctx)).rejects.toThrow();
      // Whatever failed, no bucket is left: either it was never created or it was rolled back.
      expect(aws.resources()).toEqual([]);
      expect(
        ctx.lines.some(l =>
          l.includes(
            'Rolled back: deleted the new, empty bucket payments-files-dev',
          ),
        ),
      ).toBe(step !== 'CreateBucket');
      // The ledger hears that it was reserved and released, never that it was created.
      expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'failed']);
      await action().handler(actionContext(input, { checkpoints }));
      expect(aws.resources()).toEqual([
        expect.objectContaining({
          name: 'payments-files-dev',
          problems: [],
          tags: expect.objectContaining({ 'golden-path:task-id': 'task-1' }),
        }),
      ]);
    },
  );

  it('a single throttle fails the step through the mock, and is retried by the SDK on the wire', async () => {
    aws.fail('PutBucketTagging', 'ThrottlingException');
    const outcome = await action()
      .handler(actionContext(input))
      .then(
        () => 'completed',
        (e: Error) =>
          /ThrottlingException/.test(e.message) ? 'throttled' : e.message,
      );
    // Through the mock `send` is replaced, so no SDK retry runs: the action sees the throttle and
    // rolls back. The real client retries it itself (standard retry strategy): two
    // PutBucketTagging reach AWS, the first throttled, and the action never sees it.
    expect({
      outcome,
      tagging: aws
        .calls()
        .filter(c => c.command === 'PutBucketTagging')
        .map(c => c.error),
      buckets: aws.resources().length,
    }).toEqual(
      transport === 'mock'
        ? {
            outcome: 'throttled',
            tagging: ['ThrottlingException'],
            buckets: 0,
          }
        : {
            outcome: 'completed',
            tagging: ['ThrottlingException', undefined],
            buckets: 1,
          },
    );
    expect(aws.nonCompliant()).toEqual([]);
  });

  it('adopts its own bucket when the create checkpoint was lost, and refuses a bucket it did not create', async () => {
    await action().handler(actionContext(input));
    await action().handler(actionContext(input)); // a new attempt of the same task without checkpoints
    expect(aws.nonCompliant()).toEqual([]);
    expect(aws.resources()).toHaveLength(1);
    const error = await action()
      .handler(actionContext(input, { taskId: 'another-task' }))
      .catch(e => e);
    expect(error.message).toMatch(
      /already exists in this account and was not created by this run/,
    );
  });

  const publicPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::payments-files-dev/*',
      },
    ],
  });
  it.each([
    [
      'public access block',
      (s: any) =>
        (s.PublicAccessBlockConfiguration.RestrictPublicBuckets = false),
      'public access block is not complete',
    ],
    [
      'object ownership',
      { ObjectOwnership: 'ObjectWriter' },
      'object ownership is ObjectWriter',
    ],
    [
      'default encryption',
      {
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
      },
      'default encryption is aws:kms',
    ],
    [
      'versioning',
      { VersioningStatus: 'Suspended' },
      'versioning is Suspended',
    ],
    [
      'policy status',
      { Policy: publicPolicy },
      'the bucket policy makes it public',
    ],
  ])(
    'when the read-back of %s disagrees with what was written: fails naming the check, deletes the bucket, and a retry converges',
    async (_check, change, problem) => {
      const checkpoints = memoryCheckpoints();
      // AWS accepted every write, but reading the bucket back shows something else.
      aws.drift(input.name, change, { after: 'PutBucketTagging' });
      const ctx = actionContext(input, { checkpoints });
      const error = await action()
        .handler(ctx)
        .catch(e => e);
      expect(error.message).toContain(
        `Read-back verification failed: ${problem}`,
      );
      expect(error.message).toContain('it was deleted');
      expect(aws.sent()).toContain('DeleteBucket');
      expect(aws.resources()).toEqual([]);
      expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'failed']);
      await action().handler(actionContext(input, { checkpoints }));
      expect(aws.nonCompliant()).toEqual([]);
      expect(aws.resources()).toHaveLength(1);
    },
  );

  it('rolls back when a read-back call fails after every write succeeded', async () => {
    // What AWS answers for a bucket whose default encryption is gone (before SSE-S3 became the default).
    aws.drift(
      input.name,
      { ServerSideEncryptionConfiguration: undefined },
      { after: 'PutBucketTagging' },
    );
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /could not be hardened \(ServerSideEncryptionConfigurationNotFoundError: .*\); it was deleted/,
    );
    expect(aws.resources()).toEqual([]);
  });

  it.each(examples.map((e, i) => [e.description, i] as const))(
    'runs the example "%s": one bucket with the whole baseline',
    async (_d, i) => {
      const exampleInput = yaml.parse(examples[i].example).steps[0].input;
      await action().handler(actionContext(exampleInput));
      const prod = exampleInput.environment === 'prod';
      expect(aws.nonCompliant()).toEqual([]);
      expect(aws.resources()).toEqual([
        {
          service: 's3',
          name: exampleInput.name,
          region: 'eu-west-1',
          arn: `arn:aws:s3:::${exampleInput.name}`,
          status: 'available',
          tags: expect.objectContaining({
            'golden-path:owner': exampleInput.owner,
            'golden-path:task-id': 'task-1',
            'golden-path:environment': exampleInput.environment,
            ...(prod && { 'cost-center': exampleInput.costCenter }),
          }),
          settings: {
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
            ObjectOwnership: 'BucketOwnerEnforced',
            ServerSideEncryptionConfiguration: {
              Rules: [
                expect.objectContaining({
                  ApplyServerSideEncryptionByDefault: prod
                    ? {
                        SSEAlgorithm: 'aws:kms',
                        KMSMasterKeyID:
                          'arn:aws:kms:eu-west-1:123456789012:key/prod',
                      }
                    : { SSEAlgorithm: 'AES256' },
                }),
              ],
            },
            VersioningStatus: 'Enabled',
            Policy: expect.stringContaining('aws:SecureTransport'),
            LifecycleRules: [
              expect.objectContaining({
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              }),
            ],
            ...(prod && {
              LoggingEnabled: {
                TargetBucket: 'acme-prod-logs',
                TargetPrefix: `${exampleInput.name}/`,
              },
            }),
          },
          problems: [],
        },
      ]);
    },
  );
});
