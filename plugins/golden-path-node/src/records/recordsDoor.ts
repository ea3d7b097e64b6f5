import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  InventoryItem,
  RecordBinding,
  ResourceRecord,
  Violation,
} from '@golden-path/plugin-golden-path-common';

/** The golden-path backend's answer to a record write: the stored row, or the budget rules it broke. @public */
export type RecordWriteAnswer =
  | { item?: InventoryItem }
  | { violations: Violation[] };

/** How the golden-path backend answers a write; `caller` is the writing plugin's id. @public */
export type RecordWriteHandler = (
  caller: string,
  binding: RecordBinding,
  record: ResourceRecord,
) => Promise<RecordWriteAnswer>;

/**
 * The records door without HTTP, for a scaffolder that runs in the same backend as the golden-path
 * plugin. The same checks apply as over HTTP: the golden-path backend sees the caller's plugin id
 * (from the caller's own plugin metadata, never from an argument) and binds the write to a
 * running step of the task. When the golden-path plugin is not in this process the door stays
 * closed and the actions use the HTTP door.
 * @public
 */
export interface GoldenPathRecordsDoor {
  /** Whether the golden-path backend in this process has opened the door. */
  isOpen(): boolean;
  /** Writes one record as the calling plugin; throws ServiceUnavailableError while the door is closed. */
  write(
    binding: RecordBinding,
    record: ResourceRecord,
  ): Promise<RecordWriteAnswer>;
  /** Opens the door; only the golden-path plugin may, once per backend. */
  open(handler: RecordWriteHandler): void;
}

/** The one handler of this backend process (shared by every plugin's view of the door). */
class DoorRegistry {
  handler?: RecordWriteHandler;
}

const doorRegistryServiceRef = createServiceRef<DoorRegistry>({
  id: 'golden-path.records-door.registry',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new DoorRegistry(),
    }),
});

/** Who may open the door: the plugin that owns the inventory and the spend ledger. */
const DOOR_OWNER = 'golden-path';

/** Each plugin's view of the in-process records door. @public */
export const goldenPathRecordsDoorServiceRef =
  createServiceRef<GoldenPathRecordsDoor>({
    id: 'golden-path.records-door',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          registry: doorRegistryServiceRef,
          plugin: coreServices.pluginMetadata,
        },
        factory: ({ registry, plugin }): GoldenPathRecordsDoor => ({
          isOpen: () => !!registry.handler,
          async write(binding, record) {
            if (!registry.handler)
              throw new ServiceUnavailableError(
                'The golden-path backend does not run in this process',
              );
            return registry.handler(plugin.getId(), binding, record);
          },
          open(handler) {
            if (plugin.getId() !== DOOR_OWNER)
              throw new NotAllowedError(
                `Only the ${DOOR_OWNER} plugin may open the records door (not ${plugin.getId()})`,
              );
            if (registry.handler)
              throw new Error('The records door is already open');
            registry.handler = handler;
          },
        }),
      }),
  });
