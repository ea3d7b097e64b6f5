/*
 * Each AWS action's wall time against the raw SDK calls it sends, with the same simulated
 * per-call latency (aws-sdk-client-mock answering after L ms). The raw run replays exactly the
 * commands the action sent. Usage: node bench/run.cjs actions [iterations] [latencyMs]
 */
import * as EC2 from '@aws-sdk/client-ec2';
import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import {
  clientsFrom,
  createGoldenPathActions,
  createElastiCacheAction,
  createRdsInstanceAction,
  createS3BucketAction,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';

const ITERATIONS = Number(process.argv[2] ?? 20);
const LATENCY = Number(process.argv[3] ?? 20);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const goldenPath = YAML.parse(
  fs.readFileSync(path.join(__dirname, '..', 'app-config.yaml'), 'utf8'),
).goldenPath;
const policy = createPolicyService(
  new ConfigReader({ goldenPath: { ...goldenPath, mode: 'live' } }),
);
const clients = clientsFrom(async () => ({
  accessKeyId: 'AKIDBENCH',
  secretAccessKey: 'bench',
}));
// The ledger and directory answer at once: the benchmark measures the actions' provider path.
const ledger = {
  monthlySpend: async () => ({}),
  write: async () => undefined,
  recordStepFailure: async () => undefined,
  redeemException: async () => undefined,
};
const directory = {
  groupsOf: async () => ['group:default/payments'],
  repoClaims: async () => [],
};
const deps = {
  policy,
  ledger,
  directory,
  aws: async () => ({ accountId: '123456789012', clients }),
  pollMs: 1,
};

function answer(mock: any, responses: Array<[any, unknown]>) {
  mock.onAnyCommand().callsFake(async () => (await sleep(LATENCY), {}));
  for (const [command, response] of responses)
    mock.on(command).callsFake(async () => (await sleep(LATENCY), response));
}
const s3 = mockClient(S3.S3Client);
answer(s3, [
  [
    S3.GetPublicAccessBlockCommand,
    {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
  ],
  [
    S3.GetBucketOwnershipControlsCommand,
    {
      OwnershipControls: {
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      },
    },
  ],
  [
    S3.GetBucketEncryptionCommand,
    {
      ServerSideEncryptionConfiguration: {
        Rules: [
          { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    },
  ],
  [S3.GetBucketVersioningCommand, { Status: 'Enabled' }],
  [S3.GetBucketPolicyStatusCommand, { PolicyStatus: { IsPublic: false } }],
]);
const rds = mockClient(RDS.RDSClient);
answer(rds, [
  [
    RDS.CreateDBInstanceCommand,
    {
      DBInstance: {
        DBInstanceArn: 'arn',
        DBInstanceStatus: 'creating',
        StorageEncrypted: true,
        PubliclyAccessible: false,
        BackupRetentionPeriod: 7,
        MasterUserSecret: { SecretArn: 'arn:secret' },
      },
    },
  ],
]);
const ec = mockClient(EC.ElastiCacheClient);
answer(ec, [
  [
    EC.CreateReplicationGroupCommand,
    {
      ReplicationGroup: {
        ARN: 'arn',
        Status: 'creating',
        AtRestEncryptionEnabled: true,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
      },
    },
  ],
]);

const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-'));
function context(input: Record<string, unknown>, i: number) {
  const store = new Map<string, unknown>();
  const noop = () => {};
  return {
    input,
    workspacePath,
    logger: {
      info: noop,
      warn: noop,
      error: noop,
      debug: noop,
      child: () => undefined,
    },
    output: noop,
    createTemporaryDirectory: async () => workspacePath,
    checkpoint: async ({ key, fn }: any) =>
      store.has(key)
        ? store.get(key)
        : (store.set(key, await fn()), store.get(key)),
    getInitiatorCredentials: async () => ({} as any),
    task: { id: `bench-task-${i}` },
    step: { id: 'create', name: 'create' },
    templateInfo: { entityRef: 'template:default/bench' },
    user: {
      ref: 'user:default/jane',
      entity: {
        relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
      },
    },
    isDryRun: false,
  } as any;
}

// EC2 answers as for a compliant launch: closed security groups, no earlier instance, IMDSv2,
// the policy's profile and groups, an encrypted volume.
const ec2 = mockClient(EC2.EC2Client);
const launched: EC2.Instance = {
  InstanceId: 'i-0bench000000000001',
  State: { Name: 'pending' },
  MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
  IamInstanceProfile: {
    Arn: 'arn:aws:iam::123456789012:instance-profile/golden-path-ssm',
  },
  SecurityGroups: goldenPath.environments.dev.ec2.securityGroupIds.map(
    (GroupId: string) => ({ GroupId }),
  ),
  BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-0bench00000000001' } }],
};
answer(ec2, [
  [EC2.DescribeSecurityGroupsCommand, { SecurityGroups: [] }],
  [EC2.RunInstancesCommand, { Instances: [launched] }],
  [
    EC2.DescribeVolumesCommand,
    { Volumes: [{ VolumeId: 'vol-0bench00000000001', Encrypted: true }] },
  ],
  [
    EC2.DescribeInstanceAttributeCommand,
    { DisableApiTermination: { Value: false } },
  ],
]);
ec2
  .on(EC2.DescribeInstancesCommand)
  .callsFake(async (input: EC2.DescribeInstancesCommandInput) => {
    await sleep(LATENCY);
    return input.InstanceIds
      ? { Reservations: [{ Instances: [launched] }] }
      : { Reservations: [] };
  });

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(
  name: string,
  mocks: any[],
  run: (i: number) => Promise<void>,
) {
  const actionTimes: number[] = [];
  const rawTimes: number[] = [];
  let calls = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    mocks.forEach(m => m.resetHistory());
    let t0 = performance.now();
    await run(i);
    actionTimes.push(performance.now() - t0);
    const sent = mocks.flatMap(m => m.calls().map((c: any) => [m, c.args[0]]));
    calls = sent.length;
    const byClient = new Map<any, any>([
      [s3, clients.get(S3.S3Client, 'eu-west-1')],
      [rds, clients.get(RDS.RDSClient, 'eu-west-1')],
      [ec, clients.get(EC.ElastiCacheClient, 'eu-west-1')],
      [ec2, clients.get(EC2.EC2Client, 'eu-west-1')],
    ]);
    t0 = performance.now();
    for (const [mock, command] of sent) await byClient.get(mock).send(command);
    rawTimes.push(performance.now() - t0);
  }
  const a = median(actionTimes);
  const r = median(rawTimes);
  console.log(
    `${name.padEnd(36)} ${String(calls).padStart(5)} ${a
      .toFixed(1)
      .padStart(10)} ${r.toFixed(1).padStart(10)} ${(a / r)
      .toFixed(3)
      .padStart(8)}x`,
  );
}

async function main() {
  console.log(
    `actions vs raw SDK calls: ${ITERATIONS} iterations, ${LATENCY} ms simulated latency per call (median; goal ratio <= 1.05)`,
  );
  console.log(
    `${'action'.padEnd(36)} ${'calls'.padStart(5)} ${'action ms'.padStart(
      10,
    )} ${'raw ms'.padStart(10)} ${'ratio'.padStart(9)}`,
  );
  const s3Action = createS3BucketAction(deps);
  await bench('golden-path:aws:s3:create', [s3], i =>
    s3Action.handler(
      context(
        {
          name: `bench-bucket-${i}`,
          owner: 'group:default/payments',
          environment: 'dev',
        },
        i,
      ),
    ),
  );
  const rdsAction = createRdsInstanceAction(deps);
  await bench('golden-path:aws:rds:create', [rds], i =>
    rdsAction.handler(
      context(
        {
          name: `bench-db-${i}`,
          owner: 'group:default/payments',
          environment: 'dev',
        },
        i,
      ),
    ),
  );
  const ecAction = createElastiCacheAction(deps);
  await bench('golden-path:aws:elasticache:create', [ec], i =>
    ecAction.handler(
      context(
        {
          name: `bench-cache-${i}`,
          owner: 'group:default/payments',
          environment: 'dev',
        },
        i,
      ),
    ),
  );
  // Reached through the registration: new kinds are not exported one by one.
  const ec2Action = createGoldenPathActions({
    ...deps,
    github: async () => ({ host: 'github.com', org: 'acme' }),
    catalog: {
      addLocation: async () => {
        throw new Error('not in this benchmark');
      },
    },
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  }).find(a => a.id === 'golden-path:aws:ec2:create')!;
  await bench('golden-path:aws:ec2:create', [ec2], i =>
    ec2Action.handler(
      context(
        {
          name: `bench-vm-${i}`,
          owner: 'group:default/payments',
          environment: 'dev',
        },
        i,
      ),
    ),
  );
  [s3, rds, ec, ec2].forEach(m => m.restore());
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
