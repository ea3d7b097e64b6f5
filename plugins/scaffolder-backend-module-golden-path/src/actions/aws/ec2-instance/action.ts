import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  Instance,
  ModifyInstanceAttributeCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Ec2InstanceRequest,
  EnvironmentPolicy,
  KIND_REGISTRY,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';
import { AwsAccessProvider } from '../../../aws/access';
import { awsErrorText } from '../../../aws/commands';
import { provenanceTags, tagValue } from '../../../aws/tags';
import { waitUntilReady } from '../../../aws/wait';
import { GuardDeps } from '../../../guard';
import { reserved } from '../../../inventory';
import { rollBackNonCompliant } from '../rollback';
import {
  awsInputs,
  awsRecorder,
  awsRequest,
  guardAwsRequest,
  logPlan,
} from '../shared';
import { examples } from './examples';
import { clientToken, planInstance, planSecurityGroupCheck } from './plan';
import { baselineProblems, openIngress } from './verify';

const GONE = ['shutting-down', 'terminated'];

/** Instances tagged with this name, and which of them this task launched. */
async function launchedBefore(ec2: EC2Client, name: string, taskId: string) {
  const answer = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [{ Name: 'tag:Name', Values: [name] }],
    }),
  );
  const all = (answer.Reservations ?? []).flatMap(r => r.Instances ?? []);
  const alive = all.filter(i => !GONE.includes(i.State?.Name ?? ''));
  const ours = (i: Instance) =>
    tagValue(i.Tags, 'golden-path:task-id') === taskId;
  return {
    mine: alive.find(ours),
    others: alive.filter(i => !ours(i)),
    /** Launches of this task that were rolled back: each retry needs a new token. */
    gone: all.filter(i => ours(i) && GONE.includes(i.State?.Name ?? '')).length,
  };
}

/** The instance as AWS describes it now, with its volumes and termination flag. */
async function readBack(ec2: EC2Client, id: string) {
  const instance = (
    await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))
  ).Reservations?.[0]?.Instances?.[0];
  const volumeIds = (instance?.BlockDeviceMappings ?? [])
    .map(b => b.Ebs?.VolumeId)
    .filter((v): v is string => !!v);
  const volumes = volumeIds.length
    ? (await ec2.send(new DescribeVolumesCommand({ VolumeIds: volumeIds })))
        .Volumes ?? []
    : [];
  const protection = (
    await ec2.send(
      new DescribeInstanceAttributeCommand({
        InstanceId: id,
        Attribute: 'disableApiTermination',
      }),
    )
  ).DisableApiTermination?.Value;
  return { instance, volumes, protection };
}

/** Terminates an instance, lifting termination protection first (EC2 refuses otherwise). */
async function terminate(ec2: EC2Client, id: string) {
  await ec2.send(
    new ModifyInstanceAttributeCommand({
      InstanceId: id,
      DisableApiTermination: { Value: false },
    }),
  );
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
}

/** Refuses before any change when the environment cannot place an instance safely. */
function requireNetwork(env: EnvironmentPolicy) {
  const missing = (['subnetIds', 'securityGroupIds'] as const).filter(
    key => !env.ec2[key].length,
  );
  if (missing.length)
    throw new InputError(
      `Environment ${env.name} names no ${missing
        .map(k => `ec2.${k}`)
        .join(
          ' and ',
        )}, so an instance cannot be placed in private networking; ask the platform team to set them in goldenPath.environments.${
        env.name
      }.ec2`,
    );
}

/**
 * `golden-path:aws:ec2:create`: one EC2 instance meeting the EC2 baseline in one RunInstances
 * request (IMDSv2 with one hop, encrypted gp3 root volume, no public IP, no key pair, the policy's
 * subnet, security groups and Systems Manager instance profile), verified on AWS's answer and
 * terminated if it misses the baseline. Optionally waits until it is running.
 * @public
 */
export function createEc2InstanceAction(
  deps: GuardDeps & { aws: AwsAccessProvider; pollMs?: number },
) {
  return createTemplateAction({
    id: KIND_REGISTRY['ec2-instance'].creatingAction.id,
    description:
      'Launches an EC2 instance meeting the EC2 baseline: instance type from the environment’s allow-list (default up to t3.medium), IMDSv2 with a hop limit of 1, encrypted gp3 root volume, no public IP, no key pair (Systems Manager access through the policy’s instance profile), the policy’s private subnets and security groups (checked for open ingress), an approved AMI, termination protection per profile, tags. Optionally waits until running.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...awsInputs,
        instanceType: z =>
          z
            .string()
            .optional()
            .describe(
              'One of the profile’s instance types (its default when empty)',
            ),
        imageId: z =>
          z
            .string()
            .optional()
            .describe(
              'An AMI on the profile’s list; the platform image when empty',
            ),
        rootVolumeGb: z =>
          z.number().optional().describe('Root volume size in GB (gp3)'),
        terminationProtection: z => z.boolean().optional(),
        waitUntilRunning: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the instance is running (private IP in the output)',
            ),
        timeoutMinutes: z =>
          z.number().optional().describe('How long to wait (default 10)'),
      },
      output: {
        instanceId: z => z.string(),
        arn: z => z.string(),
        privateIp: z => z.string().optional(),
        sessionCommand: z =>
          z.string().describe('How to open a shell through Systems Manager'),
        consoleUrl: z => z.string(),
        resourceRef: z => z.string(),
        planned: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const raw = awsRequest('ec2-instance', ctx.input, [
        'waitUntilRunning',
        'timeoutMinutes',
      ]);
      const { access, mode, evaluated } = await guardAwsRequest(ctx, deps, raw);
      const request = evaluated.request as Ec2InstanceRequest;
      const env = deps.policy.getPolicy().environments[request.environment];
      const region = request.region!;
      const name = request.name;
      const tags = provenanceTags(ctx, request);
      const checkGroups = planSecurityGroupCheck(env);
      const firstLaunch = planInstance(
        request,
        env,
        tags,
        clientToken(ctx.task.id, name, 0),
      );

      const consoleUrl = `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#Instances:tag:Name=${name}`;
      const record = awsRecorder(ctx, deps, evaluated, {
        url: consoleUrl,
      });
      ctx.output('consoleUrl', consoleUrl);
      ctx.output('resourceRef', resourceRefFor('ec2-instance', name));

      logPlan(ctx, mode, access, `EC2 instance ${name} in ${region}`, [
        checkGroups,
        firstLaunch,
      ]);
      if (mode.mode === 'plan' || !access.clients) {
        const arn = `arn:aws:ec2:${region}:${
          access.accountId ?? '<account>'
        }:instance/<planned>`;
        await record('planned', { externalId: arn });
        ctx.output('instanceId', '');
        ctx.output('arn', arn);
        ctx.output('sessionCommand', '');
        ctx.output('planned', true);
        return;
      }
      requireNetwork(env);
      const ec2 = access.clients.get(EC2Client, region);
      const open = openIngress(
        (await ec2.send(checkGroups.command)).SecurityGroups,
      );
      if (open.length)
        throw new InputError(
          `The environment’s security groups allow ingress from anywhere (${open.join(
            '; ',
          )}); nothing was launched. Ask the platform team to close them or change goldenPath.environments.${
            env.name
          }.ec2.securityGroupIds`,
        );

      const created = await reserved(record, () =>
        ctx.checkpoint({
          key: `ec2.${name}.launch.v1`,
          fn: async () => {
            const before = await launchedBefore(ec2, name, ctx.task.id);
            if (before.others.length)
              throw new ConflictError(
                `An EC2 instance named ${name} already exists (${before.others
                  .map(i => i.InstanceId)
                  .join(
                    ', ',
                  )}) and was not launched by this run; choose another name`,
              );
            let id = before.mine?.InstanceId;
            if (id) {
              ctx.logger.info(
                `Adopting ${id}: this task launched it on an earlier attempt`,
              );
            } else {
              const launch = planInstance(
                request,
                env,
                tags,
                clientToken(ctx.task.id, name, before.gone),
              );
              id = (await ec2.send(launch.command)).Instances?.[0]?.InstanceId;
              if (!id) throw new Error(`EC2 launched no instance for ${name}`);
            }
            const instanceId = id;
            let problems: string[];
            let state = 'unknown';
            try {
              const answer = await readBack(ec2, instanceId);
              state = answer.instance?.State?.Name ?? 'unknown';
              problems = baselineProblems(
                answer.instance,
                answer.volumes,
                answer.protection,
                request,
                env.ec2,
              );
            } catch (e) {
              // Unverified is not compliant: it is removed, and a retry launches a new one.
              problems = [`it could not be verified (${awsErrorText(e)})`];
            }
            if (problems.length)
              await rollBackNonCompliant({
                logger: ctx.logger,
                id: instanceId,
                label: `EC2 instance ${name} (${instanceId})`,
                problems,
                remove: () => terminate(ec2, instanceId),
              });
            return { instanceId, state };
          },
        }),
      );
      const arn = `arn:aws:ec2:${region}:${access.accountId}:instance/${created.instanceId}`;
      ctx.logger.info(
        `Launched ${created.instanceId} (${created.state}); IMDSv2, encrypted volume, no public IP, Systems Manager access`,
      );
      await record('created', { externalId: arn });
      ctx.output('instanceId', created.instanceId);
      ctx.output('arn', arn);
      ctx.output(
        'sessionCommand',
        `aws ssm start-session --region ${region} --target ${created.instanceId}`,
      );

      if (ctx.input.waitUntilRunning) {
        const instance = await waitUntilReady({
          label: `EC2 instance ${created.instanceId}`,
          timeoutMs: (ctx.input.timeoutMinutes ?? 10) * 60_000,
          pollMs: deps.pollMs ?? 15_000,
          log: m => ctx.logger.info(m),
          signal: ctx.signal,
          check: async () => {
            const i = (
              await ec2.send(
                new DescribeInstancesCommand({
                  InstanceIds: [created.instanceId],
                }),
              )
            ).Reservations?.[0]?.Instances?.[0];
            const status = i?.State?.Name ?? 'missing';
            return {
              ready: status === 'running',
              status: GONE.includes(status) ? 'failed' : status,
              value: i,
            };
          },
        });
        if (instance?.PrivateIpAddress)
          ctx.output('privateIp', instance.PrivateIpAddress);
      }
      ctx.output('planned', false);
    },
  });
}
