import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  GoldenPathRecordsDoor,
  goldenPathRecordsDoorServiceRef,
  RecordWriteHandler,
} from './recordsDoor';

const binding = { taskId: 't', stepId: 's', actionId: 'a' };
const record = {
  state: 'planned' as const,
  kind: 's3-bucket' as const,
  name: 'b',
  owner: 'group:default/payments',
  environment: 'dev',
  monthlyCost: 1,
};

/** A plugin that opens the door with `handler` in its init. */
const opener = (pluginId: string, handler: RecordWriteHandler) =>
  createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { door: goldenPathRecordsDoorServiceRef },
        async init({ door }) {
          door.open(handler);
        },
      });
    },
  });

/** A module of `pluginId` that hands its view of the door out. */
const caller = (pluginId: string, got: (door: GoldenPathRecordsDoor) => void) =>
  createBackendModule({
    pluginId,
    moduleId: 'door-test',
    register(env) {
      env.registerInit({
        deps: { door: goldenPathRecordsDoorServiceRef },
        async init({ door }) {
          got(door);
        },
      });
    },
  });

describe('goldenPathRecordsDoorServiceRef', () => {
  it('hands the golden-path plugin’s handler every write, naming the calling plugin', async () => {
    const seen: unknown[][] = [];
    let scaffolderDoor: GoldenPathRecordsDoor | undefined;
    let catalogDoor: GoldenPathRecordsDoor | undefined;
    const backend = await startTestBackend({
      features: [
        opener('golden-path', async (...args) => {
          seen.push(args);
          return { item: undefined };
        }),
        caller('scaffolder', d => {
          scaffolderDoor = d;
        }),
        caller('catalog', d => {
          catalogDoor = d;
        }),
      ],
    });
    expect(scaffolderDoor!.isOpen()).toBe(true);
    await scaffolderDoor!.write(binding, record);
    await catalogDoor!.write(binding, record);
    expect(seen).toEqual([
      ['scaffolder', binding, record],
      ['catalog', binding, record],
    ]);
    await backend.stop();
  });

  it('stays closed without the golden-path plugin, and a write says so', async () => {
    let door: GoldenPathRecordsDoor | undefined;
    const backend = await startTestBackend({
      features: [caller('scaffolder', d => (door = d))],
    });
    expect(door!.isOpen()).toBe(false);
    await expect(door!.write(binding, record)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    await backend.stop();
  });

  it('may be opened by the golden-path plugin only', async () => {
    await expect(
      startTestBackend({
        features: [opener('scaffolder', async () => ({ item: undefined }))],
      }),
    ).rejects.toThrow(
      /Only the golden-path plugin may open the records door \(not scaffolder\)/,
    );
  });
});
