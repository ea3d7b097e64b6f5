import { mockClient } from 'aws-sdk-client-mock';
import { clientsFrom } from '../../aws/access';
import type {
  FakeAws,
  FakeAwsCall,
  FakeAwsOptions,
  FakeAwsResource,
  FakeAwsService,
} from '../awsFake';
import { clone } from './clone';
import type {
  FakeAwsServiceDefinition,
  FakeHeld,
  FakeServiceContext,
  FakeStub,
} from './service';

/** The fake without its per-service stub properties (`s3`, `rds`...), which `fakeAws` adds. */
export type FakeAwsCore = Omit<FakeAws, FakeAwsService> & {
  /**
   * Makes a command's answer wait `ms` before it is handled (once unless told otherwise). Over
   * HTTP this runs the SDK's own request timeout; the late answer still changes state, as an
   * AWS request that was processed after its client gave up would.
   */
  delay(
    command: string,
    ms: number,
    options?: { times?: number | 'always' },
  ): void;
};

/** How the engine is wired; the defaults are the mock transport. */
export interface FakeAwsCoreWiring {
  /**
   * What `mockClient` replaces `send` on for a definition: its SDK client class by default. The
   * wire transport passes a private subclass, so the real clients under test keep their own `send`.
   */
  mockTarget?: (def: Definition) => object;
  /** Merged into every client `access` builds (e.g. an endpoint override). */
  clientConfig?: () => Record<string, unknown>;
}

type Definition = FakeAwsServiceDefinition<FakeAwsService>;

/** Statuses of errors any service may throw; a service's own table wins. */
const DEFAULT_STATUSES: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  InternalError: 500,
  ServiceUnavailable: 503,
};

const CREDENTIALS = {
  accessKeyId: 'AKIDFAKEAWS',
  secretAccessKey: 'fake-aws-secret',
};

/** An error as the SDK throws it: the service's modelled exception class when it has one. */
function exception(def: Definition, name: string, message = name): Error {
  const status = def.statuses[name] ?? DEFAULT_STATUSES[name] ?? 400;
  const $metadata = { httpStatusCode: status, requestId: 'fake-aws' };
  const { base: Base, modelled } = def.exceptions;
  const Modelled = modelled[name];
  if (typeof Modelled === 'function' && Modelled.prototype instanceof Base)
    return new (Modelled as typeof Base)({ message, $metadata });
  return new Base({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata,
  });
}

const tagMap = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']));

/** The provenance tags every Golden Path resource carries, whatever its service, that it lacks. */
const provenance = (tags: Record<string, string>) =>
  ['golden-path:owner', 'golden-path:task-id']
    .filter(k => !tags[k])
    .map(k => `no ${k} tag`);

const regionOf = async (getClient: () => any): Promise<string> => {
  const region = getClient()?.config?.region;
  return (typeof region === 'function' ? await region() : region) ?? '';
};

/**
 * The engine behind `fakeAws`: mocks each definition's client, keeps the resources, the call log,
 * faults and drifts, and lets each definition install its command handlers. Nothing in it knows
 * a particular service.
 */
export function startFakeAwsCore(
  definitions: readonly Definition[],
  options: FakeAwsOptions = {},
  wiring: FakeAwsCoreWiring = {},
): FakeAwsCore {
  const accountId = options.accountId ?? '123456789012';
  const creatingPolls = options.creatingPolls ?? 0;
  const definitionOf = new Map(definitions.map(d => [d.service, d]));
  const stubs = new Map<FakeAwsService, FakeStub>();
  let held = new Map<string, FakeHeld>();
  let log: FakeAwsCall[] = [];
  let faults: Array<{
    command: string;
    error: string;
    left: number;
    when?: (input: any) => boolean;
  }> = [];
  let delays: Array<{ command: string; ms: number; left: number }> = [];
  let drifts: Array<{
    name: string;
    apply: (settings: Record<string, any>) => void;
    after?: string;
  }> = [];

  const key = (service: string, name: string) => `${service}:${name}`;
  const find = (service: string, name: string | undefined) =>
    name === undefined ? undefined : held.get(key(service, name));

  const applyDrifts = (resource: FakeHeld, after?: string) => {
    const due = drifts.filter(
      d => d.name === resource.name && d.after === after,
    );
    drifts = drifts.filter(d => !due.includes(d));
    for (const d of due) d.apply(resource.settings);
  };

  /** Registers a command handler that records the call, fires faults and applies `after` drifts. */
  function handle<I>(
    def: Definition,
    commandClass: new (input: I) => unknown,
    nameOf: (input: I) => string | undefined,
    fn: (input: I, region: string) => unknown,
  ) {
    const { service } = def;
    const command = commandClass.name.replace(/Command$/, '');
    stubs
      .get(service)!
      .on(commandClass as any)
      .callsFake(async (input: I, getClient: any) => {
        // Read before any await: `getClient` names the client of the latest `send`.
        const region = regionOf(getClient);
        const delay = delays.find(d => d.command === command);
        if (delay) {
          if (--delay.left <= 0) delays = delays.filter(d => d !== delay);
          await new Promise(r => setTimeout(r, delay.ms));
        }
        const call: FakeAwsCall = { service, command, input: clone(input) };
        log.push(call);
        try {
          const fault = faults.find(
            f => f.command === command && (!f.when || f.when(input)),
          );
          if (fault) {
            if (--fault.left <= 0) faults = faults.filter(f => f !== fault);
            throw exception(def, fault.error, `${fault.error} (injected)`);
          }
          const answer = (await fn(input, await region)) ?? {};
          const resource = find(service, nameOf(input));
          if (resource) applyDrifts(resource, command);
          return { $metadata: { httpStatusCode: 200 }, ...answer };
        } catch (e) {
          call.error = (e as Error).name;
          throw e;
        }
      });
  }

  const contextOf = (def: Definition): FakeServiceContext => ({
    accountId,
    creatingPolls,
    options: { ...options },
    find: name => find(def.service, name),
    all: () => [...held.values()].filter(r => r.service === def.service),
    create: resource => {
      // Drifts waiting for the resource apply as it is created, so the create's answer shows them.
      const created = { ...resource, service: def.service, polls: 0 };
      held.set(key(def.service, created.name), created);
      applyDrifts(created, undefined);
      return created;
    },
    remove: name => {
      held.delete(key(def.service, name));
    },
    error: (name, message) => exception(def, name, message),
    handle: (commandClass, nameOf, fn) => handle(def, commandClass, nameOf, fn),
  });

  for (const def of definitions) {
    const stub = mockClient((wiring.mockTarget?.(def) ?? def.client) as any);
    stubs.set(def.service, stub);
    // A command no definition models fails loudly instead of answering {}.
    stub.onAnyCommand().callsFake(async () => {
      throw exception(
        def,
        'UnsupportedOperation',
        'The AWS fake does not model this command',
      );
    });
    def.install(contextOf(def));
  }

  const view = (r: FakeHeld): FakeAwsResource => {
    const def = definitionOf.get(r.service as FakeAwsService)!;
    const tags = tagMap(r.tags);
    return {
      service: def.service,
      name: r.name,
      region: r.region,
      arn: r.arn,
      status: def.status(r),
      tags,
      settings: clone(r.settings),
      problems: [...def.problems(r, { ...options }), ...provenance(tags)],
    };
  };

  return {
    stub: service => stubs.get(service)!,
    accountId,
    access: async () => ({
      accountId,
      // A fresh object per call: the SDK may mark the credentials it is given.
      clients: clientsFrom(
        async () => ({ ...CREDENTIALS }),
        wiring.clientConfig?.(),
      ),
    }),
    accountsConfig: { accounts: [{ accountId, ...CREDENTIALS }] },
    calls: () => clone(log),
    sent: service =>
      log.filter(c => !service || c.service === service).map(c => c.command),
    delay(command, ms, { times = 1 } = {}) {
      delays.push({
        command,
        ms,
        left: times === 'always' ? Infinity : times,
      });
    },
    fail(command, error, { times = 1, when } = {}) {
      faults.push({
        command,
        error,
        left: times === 'always' ? Infinity : times,
        when,
      });
    },
    drift(name, change, { after } = {}) {
      const apply: (settings: Record<string, any>) => void =
        typeof change === 'function'
          ? (change as (settings: Record<string, any>) => void)
          : (settings: Record<string, any>) => {
              // Per field, so `{ Field: undefined }` removes a setting.
              for (const [field, value] of Object.entries(change))
                settings[field] = clone(value);
            };
      const existing = [...held.values()].find(r => r.name === name);
      if (existing && !after) apply(existing.settings);
      else drifts.push({ name, apply, after });
    },
    resources: service =>
      [...held.values()]
        .filter(r => !service || r.service === service)
        .map(view),
    resource: name => {
      const r = [...held.values()].find(h => h.name === name);
      return r && view(r);
    },
    nonCompliant: () =>
      [...held.values()].map(view).filter(r => r.problems.length > 0),
    resetHistory() {
      log = [];
      stubs.forEach(m => m.resetHistory());
    },
    reset() {
      log = [];
      faults = [];
      delays = [];
      drifts = [];
      held = new Map();
      stubs.forEach(m => m.resetHistory());
    },
    restore() {
      stubs.forEach(m => m.restore());
    },
  };
}
