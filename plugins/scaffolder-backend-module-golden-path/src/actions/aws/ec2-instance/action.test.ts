import * as EC2 from '@aws-sdk/client-ec2';
import { ConfigReader } from '@backstage/config';
import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import yaml from 'yaml';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testGuardDeps,
} from '../../../__testUtils__/context';
import { StartedFakeAws, startFakeAws } from '../../../testUtils';
import {
  attemptsToFail,
  TRANSPORTS,
} from '../../../testUtils/awsWire/transports';
import { createEc2InstanceAction } from './action';
import { examples } from './examples';

const network = {
  subnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'],
  securityGroupIds: ['sg-0ec2d00000000001'],
};
const policy = (ec2: Record<string, unknown> = network) =>
  createPolicyService(
    new ConfigReader({
      goldenPath: {
        mode: 'live',
        aws: { region: 'eu-west-1', accountId: '123456789012' },
        environments: {
          dev: {
            ec2: { ...ec2, requireTerminationProtection: false },
            relax: [
              {
                rule: 'GP-EC2-TERMINATION-PROTECTION',
                reason: 'dev instances are rebuilt from the template',
              },
            ],
          },
          prod: { requiredTags: ['cost-center'], ec2: network },
        },
      },
    }),
  );

const input = {
  name: 'payments-worker',
  owner: 'group:default/payments',
  environment: 'dev',
};
let aws: StartedFakeAws;
const action = (ec2?: Record<string, unknown>) =>
  createEc2InstanceAction({
    policy: policy(ec2),
    ...testGuardDeps,
    aws: aws.access,
    pollMs: 1,
  });

const ec2Calls = () => aws.sent('ec2');

describe.each(TRANSPORTS)('golden-path:aws:ec2:create (%s)', transport => {
  beforeEach(async () => {
    aws = await startFakeAws({ transport, creatingPolls: 1 });
  });
  afterEach(() => aws.stop());

  it('launches one compliant instance in one RunInstances, verified on AWS’s answer', async () => {
    const ctx = actionContext({ ...input, waitUntilRunning: true });
    await action().handler(ctx);
    expect(ec2Calls()).toEqual([
      'DescribeSecurityGroups',
      'DescribeInstances',
      'RunInstances',
      'DescribeInstances',
      'DescribeVolumes',
      'DescribeInstanceAttribute',
      'DescribeInstances',
    ]);
    const launch = aws.calls().find(c => c.command === 'RunInstances')!.input;
    expect(launch).toMatchObject({
      ImageId:
        'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      IamInstanceProfile: { Name: 'golden-path-ssm' },
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      BlockDeviceMappings: [
        { Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } },
      ],
      NetworkInterfaces: [
        {
          DeviceIndex: 0,
          Groups: network.securityGroupIds,
          AssociatePublicIpAddress: false,
        },
      ],
      DisableApiTermination: false,
    });
    expect(launch.KeyName).toBeUndefined();
    expect(network.subnetIds).toContain(launch.NetworkInterfaces[0].SubnetId);
    expect(launch.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    const [vm] = aws.resources('ec2');
    expect(vm).toMatchObject({
      name: 'payments-worker',
      status: 'running',
      problems: [],
    });
    expect(vm.tags).toMatchObject({
      'golden-path:owner': 'group:default/payments',
      'golden-path:task-id': 'task-1',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'instanceId',
      vm.settings.InstanceId,
    );
    expect(ctx.output).toHaveBeenCalledWith('privateIp', '10.0.1.17');
    expect(ctx.output).toHaveBeenCalledWith(
      'sessionCommand',
      `aws ssm start-session --region eu-west-1 --target ${vm.settings.InstanceId}`,
    );
    expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'created']);
  });

  it.each([
    [{ instanceType: 'm5.24xlarge' }, 'GP-EC2-INSTANCE-TYPE'],
    [{ instanceType: 't3.large' }, 'GP-EC2-INSTANCE-TYPE'],
    [{ httpTokens: 'optional' }, 'GP-EC2-IMDSV2'],
    [{ associatePublicIpAddress: true }, 'GP-EC2-NO-PUBLIC-IP'],
    [{ rootVolumeEncrypted: false }, 'GP-EC2-EBS-ENCRYPTED'],
    [
      { securityGroupIds: ['sg-0open0000000000'] },
      'GP-EC2-NETWORK-FROM-POLICY',
    ],
    [{ subnetId: 'subnet-0public000000' }, 'GP-EC2-NETWORK-FROM-POLICY'],
    [
      { iamInstanceProfile: 'AdministratorAccess' },
      'GP-EC2-NETWORK-FROM-POLICY',
    ],
    [{ keyName: 'ops-shared' }, 'GP-EC2-NO-KEY-PAIR'],
    [{ tags: { Name: 'checkout-worker' } }, 'GP-EC2-NAME'],
    [{ imageId: 'ami-0123456789abcdef0' }, 'GP-EC2-AMI'],
    [{ region: 'us-east-1' }, 'GP-REGION-ALLOWED'],
  ])('refuses %j with %s and makes no AWS call', async (change, rule) => {
    const error = await action()
      .handler(actionContext({ ...input, ...change }))
      .catch(e => e);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.violations.map((v: any) => v.ruleId)).toContain(rule);
    expect(aws.calls()).toEqual([]);
  });

  it('refuses before any change when the policy’s security group is open to the internet', async () => {
    // A client of the same account, so the change reaches the fake in either transport.
    const admin = (await aws.access()).clients!.get(EC2.EC2Client, 'eu-west-1');
    await admin.send(
      new EC2.AuthorizeSecurityGroupIngressCommand({
        GroupId: network.securityGroupIds[0],
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          },
        ],
      }),
    );
    aws.resetHistory();
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /allow ingress from anywhere \(sg-0ec2d00000000001 allows tcp 22-22 from anywhere\); nothing was launched/,
    );
    expect(ec2Calls()).toEqual(['DescribeSecurityGroups']);
  });

  it('refuses in live mode when the environment names no subnets or security groups', async () => {
    await expect(action({}).handler(actionContext(input))).rejects.toThrow(
      /names no ec2.subnetIds and ec2.securityGroupIds/,
    );
    expect(aws.calls()).toEqual([]);
  });

  /** The calls of a launch that waits, in order: a fault is injected at each position in turn. */
  const LAUNCH = [
    'DescribeSecurityGroups',
    'DescribeInstances',
    'RunInstances',
    'DescribeInstances',
    'DescribeVolumes',
    'DescribeInstanceAttribute',
    'DescribeInstances',
  ];
  /**
   * Fails only the call at `position` (the n-th call of its command), and on the wire the SDK's
   * own retries of it when the error is a throttle (see `attemptsToFail`).
   */
  const failAt = (position: number, error: string) => {
    const command = LAUNCH[position];
    const nth = LAUNCH.slice(0, position).filter(c => c === command).length;
    const times = attemptsToFail(transport, error);
    let seen = 0;
    aws.fail(command, error, {
      times,
      when: () => {
        const call = seen++;
        return call >= nth && call < nth + times;
      },
    });
  };

  it.each(
    LAUNCH.flatMap((command, position) =>
      ['RequestLimitExceeded', 'UnauthorizedOperation'].map(
        error => [position, command, error] as const,
      ),
    ),
  )(
    'a fault at call %i (%s, %s) leaves nothing non-compliant, and a retry converges on one instance',
    async (position, _command, error) => {
      const checkpoints = memoryCheckpoints();
      failAt(position, error);
      const failed = actionContext(
        { ...input, waitUntilRunning: true },
        { checkpoints },
      );
      await expect(action().handler(failed)).rejects.toThrow();
      expect(aws.sent('ec2')[position]).toBe(LAUNCH[position]);
      expect(aws.nonCompliant()).toEqual([]);
      // Before the launch nothing exists; a failed read-back terminates the unverified instance;
      // only a failed wait leaves the verified one (recorded as created).
      expect(aws.resources('ec2')).toHaveLength(position === 6 ? 1 : 0);
      const ctx = actionContext(
        { ...input, waitUntilRunning: true },
        { checkpoints },
      );
      await action().handler(ctx);
      expect(aws.nonCompliant()).toEqual([]);
      const running = aws.resources('ec2');
      expect(running).toHaveLength(1);
      expect(running[0].status).toBe('running');
      expect(recordsOf(ctx).map(r => r.state)).toContain('created');
    },
  );

  it('a single throttle fails the step through the mock, and is retried by the SDK on the wire', async () => {
    aws.fail('RunInstances', 'RequestLimitExceeded');
    const outcome = await action()
      .handler(actionContext(input))
      .then(
        () => 'completed',
        (e: Error) =>
          /RequestLimitExceeded/.test(e.message) ? 'throttled' : e.message,
      );
    const launches = aws.calls().filter(c => c.command === 'RunInstances');
    // Through the mock `send` is replaced, so no SDK retry runs and the action sees the throttle;
    // the real client retries it itself, with the same ClientToken, and one instance is launched.
    expect({
      outcome,
      launches: launches.map(c => c.error),
      tokens: new Set(launches.map(c => c.input.ClientToken)).size,
      instances: aws.resources('ec2').length,
    }).toEqual(
      transport === 'mock'
        ? {
            outcome: 'throttled',
            launches: ['RequestLimitExceeded'],
            tokens: 1,
            instances: 0,
          }
        : {
            outcome: 'completed',
            launches: ['RequestLimitExceeded', undefined],
            tokens: 1,
            instances: 1,
          },
    );
    expect(aws.nonCompliant()).toEqual([]);
  });

  it('when the rollback cannot terminate, the log says so and the next retry removes it first', async () => {
    const checkpoints = memoryCheckpoints();
    aws.drift('payments-worker', s => (s.KeyName = 'ops-shared'), {
      after: 'RunInstances',
    });
    aws.fail('TerminateInstances', 'RequestLimitExceeded', {
      times: attemptsToFail(transport, 'RequestLimitExceeded'),
    });
    const first = actionContext(input, { checkpoints });
    await expect(action().handler(first)).rejects.toThrow(
      /key pair ops-shared is attached/,
    );
    expect(first.lines).toContainEqual(
      expect.stringMatching(
        /^error Could not delete i-[0-9a-f]+ .*delete it by hand$/,
      ),
    );
    expect(aws.nonCompliant()).toHaveLength(1);
    // The retry adopts the instance it launched, finds it still wrong and terminates it.
    await expect(
      action().handler(actionContext(input, { checkpoints })),
    ).rejects.toThrow(/key pair ops-shared is attached/);
    expect(aws.resources('ec2')).toEqual([]);
    await action().handler(actionContext(input, { checkpoints }));
    expect(aws.resources('ec2')).toHaveLength(1);
    expect(aws.nonCompliant()).toEqual([]);
  });

  it('terminates an instance AWS answers for without the baseline, and a retry launches a compliant one', async () => {
    const checkpoints = memoryCheckpoints();
    aws.drift(
      'payments-worker',
      s => {
        s.MetadataOptions.HttpTokens = 'optional';
        s.RootVolume.Encrypted = false;
      },
      { after: 'RunInstances' },
    );
    const failed = actionContext(input, { checkpoints });
    await expect(action().handler(failed)).rejects.toThrow(
      /was created without the baseline: metadata tokens are optional \(IMDSv1 allowed\); volume vol-[0-9a-f]+ is not encrypted/,
    );
    expect(aws.resources('ec2')).toEqual([]);
    expect(recordsOf(failed).map(r => r.state)).toEqual([
      'requested',
      'failed',
    ]);
    await action().handler(actionContext(input, { checkpoints }));
    expect(aws.resources('ec2')).toHaveLength(1);
    expect(aws.nonCompliant()).toEqual([]);
    expect(ec2Calls().filter(c => c === 'RunInstances')).toHaveLength(2);
  });

  it('lifts termination protection to roll back a protected instance (prod)', async () => {
    aws.drift(
      'payments-worker-prod',
      s => (s.PublicIpAddress = '198.51.100.7'),
      {
        after: 'RunInstances',
      },
    );
    await expect(
      action().handler(
        actionContext({
          ...input,
          name: 'payments-worker-prod',
          environment: 'prod',
          costCenter: 'cc-1',
        }),
      ),
    ).rejects.toThrow(/it has the public IP 198.51.100.7/);
    expect(ec2Calls().slice(-2)).toEqual([
      'ModifyInstanceAttribute',
      'TerminateInstances',
    ]);
    expect(aws.resources('ec2')).toEqual([]);
  });

  it('refuses a name another run’s instance already has', async () => {
    await action().handler(actionContext(input, { taskId: 'someone-else' }));
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /already exists .* and was not launched by this run; choose another name/,
    );
    expect(aws.resources('ec2')).toHaveLength(1);
  });

  it('plans without AWS in plan mode', async () => {
    const planned = createEc2InstanceAction({
      policy: createPolicyService(
        new ConfigReader({ goldenPath: { mode: 'plan' } }),
      ),
      ...testGuardDeps,
      aws: async () => ({}),
    });
    const ctx = actionContext({ ...input, environment: 'default' });
    await planned.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('planned', true);
    expect(aws.calls()).toEqual([]);
  });

  it('runs its documented examples', async () => {
    for (const example of examples) {
      const step = yaml.parse(example.example).steps[0];
      await action().handler(
        actionContext({ ...step.input, timeoutMinutes: 1 }),
      );
    }
    expect(
      aws
        .resources('ec2')
        .map(r => r.name)
        .sort(),
    ).toEqual(['payments-worker', 'payments-worker-prod']);
    expect(aws.nonCompliant()).toEqual([]);
  });
});
