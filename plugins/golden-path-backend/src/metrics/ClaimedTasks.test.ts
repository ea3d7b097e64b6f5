import { ClaimedTasks, ScaffolderTopicEvent } from './ClaimedTasks';

/** A claim as the scaffolder publishes it (`claimTask`): the whole spec, times as rows hold them. */
const claim = (
  id: string,
  createdAt: unknown = new Date('2026-12-01T10:00:00Z'),
) =>
  ({
    id,
    status: 'processing',
    createdAt,
    createdBy: 'user:default/alice',
    lastHeartbeatAt: createdAt,
    spec: {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      templateInfo: {
        entityRef: 'template:default/s3-bucket',
        baseUrl: 'file:///templates/s3-bucket/',
        entity: {
          metadata: {
            name: 's3-bucket',
            annotations: {
              'golden-path.io/replaces-ticket': 'storage',
              'golden-path.io/ticket-queue-time': 'P3D',
              'backstage.io/managed-by-location':
                'url:https://example.test/t.yaml',
              'example.com/notes': 'x'.repeat(10_000),
            },
          },
        },
      },
      parameters: { owner: 'group:default/payments', name: 'files', size: 3 },
      user: { ref: 'user:default/alice', entity: { kind: 'User' } },
      steps: [
        {
          id: 'bucket',
          name: 'Create',
          action: 'golden-path:aws:s3:create',
          input: { name: 'files' },
        },
      ],
      output: {},
    } as any,
  } satisfies ScaffolderTopicEvent);

const ending = (id: string, status: string, lastHeartbeatAt: unknown) => ({
  id,
  status,
  createdAt: new Date('2026-12-01T10:00:00Z'),
  createdBy: 'user:default/alice',
  lastHeartbeatAt,
});

describe('ClaimedTasks', () => {
  it('knows a claimed task as running, with only what the door and the classification read', () => {
    const claimed = new ClaimedTasks();
    expect(claimed.observe(claim('t1'))).toBeUndefined();
    expect(claimed.running('t1')).toEqual({
      id: 't1',
      status: 'processing',
      createdAt: '2026-12-01T10:00:00.000Z',
      createdBy: 'user:default/alice',
      spec: {
        templateInfo: {
          entityRef: 'template:default/s3-bucket',
          entity: {
            metadata: {
              annotations: {
                'golden-path.io/replaces-ticket': 'storage',
                'golden-path.io/ticket-queue-time': 'P3D',
              },
            },
          },
        },
        parameters: { owner: 'group:default/payments' },
        user: { ref: 'user:default/alice' },
        steps: [{ id: 'bucket', action: 'golden-path:aws:s3:create' }],
      },
    });
    expect(claimed.running('t2')).toBeUndefined();
  });

  it('answers the finished task for an ending it saw claimed, once, and forgets it', () => {
    const claimed = new ClaimedTasks();
    claimed.observe(claim('t1'));
    const finished = claimed.observe(
      ending('t1', 'completed', new Date('2026-12-01T10:00:02Z')),
    );
    expect(finished).toMatchObject({
      id: 't1',
      status: 'completed',
      createdAt: '2026-12-01T10:00:00.000Z',
      lastHeartbeatAt: '2026-12-01T10:00:02.000Z',
      createdBy: 'user:default/alice',
      spec: { parameters: { owner: 'group:default/payments' } },
    });
    expect(claimed.running('t1')).toBeUndefined();
    // A replayed ending, or one whose claim another replica saw: the caller reads the task.
    expect(
      claimed.observe(ending('t1', 'completed', '2026-12-01T10:00:02Z')),
    ).toBeUndefined();
    expect(
      claimed.observe(ending('t9', 'failed', '2026-12-01T10:00:02Z')),
    ).toBeUndefined();
  });

  it("reads SQLite's UTC timestamps (space, no zone) and ISO strings from the bus as UTC", () => {
    const claimed = new ClaimedTasks();
    claimed.observe(claim('t1', '2026-12-01 10:00:00'));
    expect(claimed.running('t1')?.createdAt).toBe('2026-12-01T10:00:00Z');
    expect(
      claimed.observe(ending('t1', 'failed', '2026-12-01 10:00:05'))
        ?.lastHeartbeatAt,
    ).toBe('2026-12-01T10:00:05Z');
    claimed.observe(claim('t2', '2026-12-01T11:00:00.000Z'));
    expect(claimed.running('t2')?.createdAt).toBe('2026-12-01T11:00:00.000Z');
    // No usable creation time: not noted, so the door reads the task from the scaffolder.
    claimed.observe(claim('t3', 'yesterday'));
    expect(claimed.running('t3')).toBeUndefined();
  });

  it('forgets a task on a cancel request or a recovery (both name it in taskId)', () => {
    const claimed = new ClaimedTasks();
    claimed.observe(claim('t1'));
    expect(
      claimed.observe({ id: '17', taskId: 't1', status: 'cancelled' }),
    ).toBeUndefined();
    expect(claimed.running('t1')).toBeUndefined();
    claimed.observe(claim('t2'));
    claimed.observe({ id: '18', taskId: 't2', status: 'recovered' });
    expect(claimed.running('t2')).toBeUndefined();
    // A cancelled task's own ending is not taken from the events either.
    claimed.observe(claim('t3'));
    expect(
      claimed.observe(ending('t3', 'cancelled', '2026-12-01T10:00:02Z')),
    ).toBeUndefined();
  });

  it('takes no claim from an event without a spec, and none that names a taskId', () => {
    const claimed = new ClaimedTasks();
    const { spec, ...thin } = claim('t1');
    expect(spec).toBeDefined();
    claimed.observe(thin);
    claimed.observe({ ...claim('t2'), id: '5', taskId: 't2' });
    expect(claimed.running('t1')).toBeUndefined();
    expect(claimed.running('t2')).toBeUndefined();
    expect(claimed.observe(undefined)).toBeUndefined();
  });

  it('asks again about a claim older than an hour, and holds at most 10,000 claims', () => {
    let now = 0;
    const claimed = new ClaimedTasks(() => now);
    claimed.observe(claim('old'));
    now = 60 * 60_000 + 1;
    expect(claimed.running('old')).toBeUndefined();
    for (let i = 0; i <= 10_000; i++) claimed.observe(claim(`t${i}`));
    expect(claimed.running('t0')).toBeUndefined();
    expect(claimed.running('t1')).toBeDefined();
    expect(claimed.running('t10000')).toBeDefined();
  });
});
