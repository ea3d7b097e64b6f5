import * as EC2 from '@aws-sdk/client-ec2';
import { randomBytes } from 'node:crypto';
import { clone } from '../../../testUtils/awsFake/clone';
import type {
  FakeAwsServiceDefinition,
  FakeHeld,
  FakeServiceContext,
} from '../../../testUtils/awsFake/service';

const hexId = (prefix: string) =>
  `${prefix}-${randomBytes(8).toString('hex').slice(0, 17)}`;

/** What a filter of DescribeInstances matches (the ones the actions use: tags and state). */
function matches(instance: EC2.Instance, filters: EC2.Filter[] | undefined) {
  return (filters ?? []).every(f => {
    const values = f.Values ?? [];
    if (f.Name?.startsWith('tag:')) {
      const key = f.Name.slice(4);
      return (instance.Tags ?? []).some(
        t => t.Key === key && values.includes(t.Value ?? ''),
      );
    }
    if (f.Name === 'instance-state-name')
      return values.includes(instance.State?.Name ?? '');
    return false;
  });
}

/** The Name tag: what the fake holds an instance by, so tests can find and drift it by name. */
const nameTag = (tags: EC2.Tag[] | undefined) =>
  tags?.find(t => t.Key === 'Name')?.Value ?? '';

function install(ctx: FakeServiceContext) {
  const { accountId, creatingPolls } = ctx;
  /** Launches answered per client token, so a replayed token returns the same instance. */
  const byToken = new Map<string, string>();
  /** Ingress rules per security group; a group not listed here is closed. */
  const ingress = new Map<string, EC2.IpPermission[]>();
  /** Terminated instances: gone from the held resources, still describable as AWS keeps them. */
  const terminated: EC2.Instance[] = [];

  const alive = (id: string | undefined) =>
    ctx.all().find(h => h.settings.InstanceId === id);
  const notFound = (id: string | undefined) =>
    ctx.error(
      'InvalidInstanceID.NotFound',
      `The instance ID '${id}' does not exist`,
    );
  const instance = (id: string | undefined) => {
    const held = alive(id);
    if (!held) throw notFound(id);
    return held;
  };
  /** DescribeInstances' view of a held instance (the root volume is answered by DescribeVolumes). */
  const described = (held: FakeHeld, poll: boolean): EC2.Instance => {
    if (
      poll &&
      held.settings.State.Name === 'pending' &&
      ++held.polls > creatingPolls
    ) {
      held.settings.State = { Code: 16, Name: 'running' };
      held.settings.PrivateIpAddress = '10.0.1.17';
    }
    const { RootVolume: _volume, ...settings } = clone(held.settings);
    return { ...settings, Tags: clone(held.tags) };
  };
  const nameOfId = (id: string | undefined) => alive(id)?.name;

  ctx.handle<EC2.AuthorizeSecurityGroupIngressCommandInput>(
    EC2.AuthorizeSecurityGroupIngressCommand,
    () => undefined,
    i => {
      const id = i.GroupId!;
      ingress.set(id, [
        ...(ingress.get(id) ?? []),
        ...clone(i.IpPermissions ?? []),
      ]);
      return { Return: true };
    },
  );
  ctx.handle<EC2.DescribeSecurityGroupsCommandInput>(
    EC2.DescribeSecurityGroupsCommand,
    () => undefined,
    i => ({
      SecurityGroups: (i.GroupIds ?? []).map(id => ({
        GroupId: id,
        GroupName: id,
        IpPermissions: clone(ingress.get(id) ?? []),
      })),
    }),
  );
  ctx.handle<EC2.RunInstancesCommandInput>(
    EC2.RunInstancesCommand,
    i =>
      nameTag(
        i.TagSpecifications?.find(t => t.ResourceType === 'instance')?.Tags,
      ),
    (i, region) => {
      const replayed = i.ClientToken ? byToken.get(i.ClientToken) : undefined;
      if (replayed) {
        const held = alive(replayed);
        return {
          Instances: [
            held
              ? described(held, false)
              : clone(terminated.find(t => t.InstanceId === replayed)!),
          ],
        };
      }
      for (const spec of i.TagSpecifications ?? []) {
        const keys = (spec.Tags ?? []).map(t => t.Key);
        if (new Set(keys).size !== keys.length)
          throw ctx.error(
            'InvalidParameterValue',
            'Duplicate tag key found in tag specification',
          );
      }
      const id = hexId('i');
      const nic = i.NetworkInterfaces?.[0];
      const root = i.BlockDeviceMappings?.[0];
      const volumeId = hexId('vol');
      const tags =
        i.TagSpecifications?.find(t => t.ResourceType === 'instance')?.Tags ??
        [];
      const device = root?.DeviceName ?? '/dev/xvda';
      const held = ctx.create({
        name: nameTag(tags) || id,
        region,
        arn: `arn:aws:ec2:${region}:${accountId}:instance/${id}`,
        tags: clone(tags) as any,
        settings: {
          InstanceId: id,
          ImageId: i.ImageId?.startsWith('resolve:ssm:')
            ? 'ami-0fa1e0000000000aa'
            : i.ImageId,
          InstanceType: i.InstanceType,
          State: { Code: 0, Name: 'pending' },
          SubnetId: nic?.SubnetId ?? 'subnet-0default0000000',
          ...(i.KeyName && { KeyName: i.KeyName }),
          // A subnet's default may assign a public address; only an explicit false prevents it.
          ...(nic?.AssociatePublicIpAddress !== false && {
            PublicIpAddress: '203.0.113.10',
          }),
          SecurityGroups: (nic?.Groups ?? i.SecurityGroupIds ?? []).map(g => ({
            GroupId: g,
            GroupName: g,
          })),
          ...(i.IamInstanceProfile?.Name && {
            IamInstanceProfile: {
              Arn: `arn:aws:iam::${accountId}:instance-profile/${i.IamInstanceProfile.Name}`,
            },
          }),
          MetadataOptions: {
            HttpTokens: i.MetadataOptions?.HttpTokens ?? 'optional',
            HttpPutResponseHopLimit:
              i.MetadataOptions?.HttpPutResponseHopLimit ?? 2,
            HttpEndpoint: 'enabled',
          },
          BlockDeviceMappings: [
            {
              DeviceName: device,
              Ebs: { VolumeId: volumeId, Status: 'attached' },
            },
          ],
          DisableApiTermination: !!i.DisableApiTermination,
          RootVolume: {
            VolumeId: volumeId,
            Size: root?.Ebs?.VolumeSize ?? 8,
            VolumeType: root?.Ebs?.VolumeType ?? 'gp2',
            Encrypted: !!root?.Ebs?.Encrypted,
            State: 'in-use',
            Attachments: [
              { InstanceId: id, Device: device, State: 'attached' },
            ],
          },
        },
      });
      if (i.ClientToken) byToken.set(i.ClientToken, id);
      return { Instances: [described(held, false)] };
    },
  );
  ctx.handle<EC2.DescribeInstancesCommandInput>(
    EC2.DescribeInstancesCommand,
    i => nameOfId(i.InstanceIds?.[0]),
    i => {
      const found: EC2.Instance[] = i.InstanceIds
        ? i.InstanceIds.map(id => {
            const held = alive(id);
            if (held) return described(held, true);
            const gone = terminated.find(t => t.InstanceId === id);
            if (gone) return clone(gone);
            throw notFound(id);
          })
        : [
            ...ctx.all().map(h => described(h, true)),
            ...clone(terminated),
          ].filter(x => matches(x, i.Filters));
      return { Reservations: found.length ? [{ Instances: found }] : [] };
    },
  );
  ctx.handle<EC2.DescribeVolumesCommandInput>(
    EC2.DescribeVolumesCommand,
    () => undefined,
    i => ({
      Volumes: (i.VolumeIds ?? []).map(id => {
        const v = ctx.all().find(h => h.settings.RootVolume?.VolumeId === id)
          ?.settings.RootVolume;
        if (!v)
          throw ctx.error(
            'InvalidVolume.NotFound',
            `The volume '${id}' does not exist.`,
          );
        return clone(v);
      }),
    }),
  );
  ctx.handle<EC2.DescribeInstanceAttributeCommandInput>(
    EC2.DescribeInstanceAttributeCommand,
    i => nameOfId(i.InstanceId),
    i => ({
      InstanceId: i.InstanceId,
      DisableApiTermination: {
        Value: !!instance(i.InstanceId).settings.DisableApiTermination,
      },
    }),
  );
  ctx.handle<EC2.ModifyInstanceAttributeCommandInput>(
    EC2.ModifyInstanceAttributeCommand,
    i => nameOfId(i.InstanceId),
    i => {
      const held = instance(i.InstanceId);
      if (i.DisableApiTermination)
        held.settings.DisableApiTermination = !!i.DisableApiTermination.Value;
      return {};
    },
  );
  ctx.handle<EC2.TerminateInstancesCommandInput>(
    EC2.TerminateInstancesCommand,
    () => undefined,
    i => ({
      TerminatingInstances: (i.InstanceIds ?? []).map(id => {
        const held = instance(id);
        if (held.settings.DisableApiTermination)
          throw ctx.error(
            'OperationNotPermitted',
            `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
          );
        const previous = clone(held.settings.State);
        const gone = described(held, false);
        terminated.push({
          ...gone,
          State: { Code: 48, Name: 'terminated' },
          BlockDeviceMappings: [],
        });
        ctx.remove(held.name);
        return {
          InstanceId: id,
          PreviousState: previous,
          CurrentState: { Code: 32, Name: 'shutting-down' },
        };
      }),
    }),
  );
}

/** EC2 as the fake models it: instances launched with RunInstances, their root volumes and security groups. */
export const EC2_FAKE: FakeAwsServiceDefinition<'ec2'> = {
  service: 'ec2',
  client: EC2.EC2Client,
  exceptions: { base: EC2.EC2ServiceException, modelled: EC2 as any },
  statuses: {
    'InvalidInstanceID.NotFound': 400,
    'InvalidVolume.NotFound': 400,
    OperationNotPermitted: 400,
    RequestLimitExceeded: 503,
    Unavailable: 503,
  },
  install,
  status: r => r.settings.State?.Name ?? 'unknown',
  problems: r => {
    const s = r.settings;
    const problems: string[] = [];
    if (s.MetadataOptions?.HttpTokens !== 'required')
      problems.push('IMDSv1 allowed');
    if (s.MetadataOptions?.HttpPutResponseHopLimit !== 1)
      problems.push('metadata hop limit above 1');
    if (s.PublicIpAddress) problems.push('public IP');
    if (s.KeyName) problems.push('key pair');
    if (s.RootVolume?.Encrypted !== true)
      problems.push('root volume not encrypted');
    if (!s.IamInstanceProfile) problems.push('no instance profile');
    return problems;
  },
};
