import type { AwsClientStub } from 'aws-sdk-client-mock';

/** One resource a fake service holds: what AWS would describe now. */
export interface FakeHeld {
  /** The service's name in calls and resources, e.g. `s3` or `ec2`. */
  service: string;
  /** Bucket name, DB instance identifier, replication group id or instance id. */
  name: string;
  region: string;
  arn: string;
  /** Its settings under AWS's own field names (what the service's describe answers). */
  settings: Record<string, any>;
  tags: Array<{ Key: string; Value: string }>;
  /** Describes answered so far (for `creating` → `available`). */
  polls: number;
}

/** What the fake's core offers one service while it installs its handlers. */
export interface FakeServiceContext {
  accountId: string;
  /** How many describes a new resource answers `creating` (the fake's `creatingPolls` option). */
  creatingPolls: number;
  /** The fake's options, for service-specific switches. */
  options: Record<string, unknown>;
  /** This service's resource of that name. */
  find(name: string | undefined): FakeHeld | undefined;
  /** Every resource this service holds. */
  all(): FakeHeld[];
  /** Stores a new resource of this service (drifts waiting for its creation apply). */
  create(resource: Omit<FakeHeld, 'service' | 'polls'>): FakeHeld;
  /** Forgets a resource of this service. */
  remove(name: string): void;
  /** An error as the SDK throws it: the service's modelled exception class when it has one. */
  error(name: string, message?: string): Error;
  /**
   * Answers one command: records the call, fires injected faults, applies `after` drifts to the
   * resource `nameOf` names. `fn` gets the input and the client's region; its return is the answer.
   */
  handle<I>(
    commandClass: new (input: I) => unknown,
    nameOf: (input: I) => string | undefined,
    fn: (input: I, region: string) => unknown,
  ): void;
}

/**
 * One AWS service the fake models: its client, errors, commands and baseline. `S` is its name as a
 * literal type, so the registration can derive the union of service names.
 */
export interface FakeAwsServiceDefinition<S extends string = string> {
  /** Its name in calls and resources, e.g. `s3`. */
  service: S;
  /** The SDK client class whose `send` is mocked. */
  client: new (...args: any[]) => any;
  /** The service's base exception class and its module of modelled exceptions. */
  exceptions: {
    base: new (options: any) => Error;
    modelled: Record<string, unknown>;
  };
  /** HTTP statuses of the error names it throws (400 when not listed). */
  statuses: Record<string, number>;
  /** Registers its command handlers. */
  install(ctx: FakeServiceContext): void;
  /** `available`, `creating`, `running`...: what the resource's status is now. */
  status(resource: FakeHeld): string;
  /** Every way a resource misses the Golden Path baseline, beyond provenance tags. */
  problems(resource: FakeHeld, options: Record<string, unknown>): string[];
}

export type FakeStub = AwsClientStub<any>;
