import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { AwsAccessProvider } from '../aws/access';
import { FakeAwsCoreWiring, startFakeAwsCore } from './awsFake/core';
import type { FakeAwsServiceDefinition } from './awsFake/service';
import { FAKE_AWS_SERVICES } from './awsFakeServices';
import { AwsWireCall, startAwsWire } from './awsWire/server';
import type { Intercept } from './interception';

// Spelled out rather than derived from FAKE_AWS_SERVICES: a derived type would name that
// non-public constant, which API Extractor refuses. `fakeAws` keeps the two equal.
/** A service the AWS fake models: one per AWS resource kind. @public */
export type FakeAwsService = 's3' | 'rds' | 'elasticache' | 'ec2';

/** The names the registration gives its services. */
type RegisteredService =
  (typeof FAKE_AWS_SERVICES)[keyof typeof FAKE_AWS_SERVICES]['service'];

/** `T` when `A` and `B` are the same union, else `never`: a mismatch fails where it is used. */
type WhenSame<A, B, T> = [A] extends [B]
  ? [B] extends [A]
    ? T
    : never
  : never;

/**
 * One resource the AWS fake holds, as AWS would describe it now.
 * @public
 */
export interface FakeAwsResource {
  service: FakeAwsService;
  /** Bucket name, DB instance identifier or replication group id. */
  name: string;
  region: string;
  arn: string;
  /** `available`, or `creating` until enough describes have passed. */
  status: string;
  /** The resource's tags, as a map. */
  tags: Record<string, string>;
  /**
   * Its settings under AWS's own field names: for a bucket `PublicAccessBlockConfiguration`,
   * `ObjectOwnership`, `ServerSideEncryptionConfiguration`, `VersioningStatus`, `Policy`,
   * `LifecycleRules`, `LoggingEnabled`; for a DB instance and a replication group the object
   * `DescribeDBInstances` / `DescribeReplicationGroups` answers with.
   */
  settings: Record<string, any>;
  /** Every way it misses the Golden Path baseline; empty when it meets it. */
  problems: string[];
}

/** One call the AWS fake received, in order, including the ones it failed. @public */
export interface FakeAwsCall {
  service: FakeAwsService;
  /** The command's name without `Command`, e.g. `CreateBucket`. */
  command: string;
  input: any;
  /** The error name when the call failed. */
  error?: string;
}

/** Options of {@link fakeAws}. @public */
export interface FakeAwsOptions {
  /** The account every ARN names (default `123456789012`). */
  accountId?: string;
  /** How many describes a new DB instance or replication group answers `creating` before `available` (default 0). */
  creatingPolls?: number;
  /** Whether a bucket without versioning misses the baseline (default true; `GP-S3-VERSIONING` is relaxable). */
  requireS3Versioning?: boolean;
}

/** When an injected fault fires. @public */
export interface FakeAwsFaultOptions {
  /** How many matching calls fail (default 1); `'always'` for every one. */
  times?: number | 'always';
  /** Only calls whose input this accepts fail (default: every call of the command). */
  when?: (input: any) => boolean;
}

/** When a drift applies. @public */
export interface FakeAwsDriftOptions {
  /**
   * Apply right after the next successful call of this command on the resource (e.g.
   * `PutBucketTagging`, the last write before S3's read-back). Default: now when the resource
   * exists, otherwise as it is created (so the create's own answer already shows it).
   */
  after?: string;
}

/**
 * A stateful AWS stand-in over the real SDK clients (`aws-sdk-client-mock` on `S3Client`,
 * `RDSClient` and `ElastiCacheClient`): it keeps every bucket, DB instance and replication group
 * by name, answers reads from what was written, fails with AWS's own exception classes, and can
 * inject faults and drift.
 * @public
 */
export interface FakeAws {
  /** The S3 client mock, for `commandCalls` assertions. */
  s3: AwsClientStub<S3.S3Client>;
  /** The RDS client mock. */
  rds: AwsClientStub<RDS.RDSClient>;
  /** The ElastiCache client mock. */
  elasticache: AwsClientStub<EC.ElastiCacheClient>;
  /** The client mock of any service the fake models, e.g. `stub('rds')` is `rds`. */
  stub(service: FakeAwsService): AwsClientStub<any>;
  /** The account the fake plays. */
  accountId: string;
  /** An access provider for the actions: static test credentials, clients the mocks intercept. */
  access: AwsAccessProvider;
  /** `aws` app-config with static test credentials for the account, for a whole backend under test. */
  accountsConfig: {
    accounts: Array<{
      accountId: string;
      accessKeyId: string;
      secretAccessKey: string;
    }>;
  };
  /** Every call so far, in order across services. */
  calls(): FakeAwsCall[];
  /** The command names sent so far, in order (of one service when given). */
  sent(service?: FakeAwsService): string[];
  /** Makes a command fail with an AWS error name (e.g. `ThrottlingException`), once unless told otherwise. */
  fail(command: string, error: string, options?: FakeAwsFaultOptions): void;
  /** Changes what AWS holds for a resource, so later reads disagree with what was written. */
  drift(
    name: string,
    change: Record<string, any> | ((settings: Record<string, any>) => void),
    options?: FakeAwsDriftOptions,
  ): void;
  /** Every resource that exists now (of one service when given). */
  resources(service?: FakeAwsService): FakeAwsResource[];
  /** The resource of that name, if it exists. */
  resource(name: string): FakeAwsResource | undefined;
  /** The resources that exist and miss the baseline. */
  nonCompliant(): FakeAwsResource[];
  /** Forgets the recorded calls only. */
  resetHistory(): void;
  /** Forgets calls, faults, drifts and every resource. */
  reset(): void;
  /** Puts the real `send` back on the SDK clients. */
  restore(): void;
}

/**
 * Starts the AWS fake: mocks `send` of every S3, RDS and ElastiCache client (call `restore()`
 * when done). The baseline `nonCompliant()` judges: buckets with public access fully blocked,
 * ACLs disabled, default encryption, a TLS-only and non-public policy, a lifecycle rule,
 * versioning and provenance tags; DB instances encrypted, private, with a Secrets
 * Manager-managed master password, backups and provenance tags; replication groups encrypted at
 * rest and in transit (mode `required`), with an RBAC user group, snapshots and provenance tags.
 * Deleting a DB instance or replication group removes it at once, in any state; a DB instance
 * with deletion protection refuses (`InvalidParameterCombination`), as AWS does.
 * @public
 */
export function fakeAws(options: FakeAwsOptions = {}): FakeAws {
  const { delay: _delay, ...fake } = startedFake(options);
  return fake;
}

function startedFake(options: FakeAwsOptions, wiring?: FakeAwsCoreWiring) {
  // Fails typecheck when FakeAwsService does not name exactly the registered services.
  const definitions: WhenSame<
    FakeAwsService,
    RegisteredService,
    readonly FakeAwsServiceDefinition<FakeAwsService>[]
  > = Object.values(FAKE_AWS_SERVICES);
  const core = startFakeAwsCore(definitions, options, wiring);
  return {
    ...core,
    s3: core.stub('s3') as AwsClientStub<S3.S3Client>,
    rds: core.stub('rds') as AwsClientStub<RDS.RDSClient>,
    elasticache: core.stub(
      'elasticache',
    ) as AwsClientStub<EC.ElastiCacheClient>,
  };
}

/**
 * How the clients reach the AWS fake: `mock` replaces their `send` (`aws-sdk-client-mock`);
 * `wire` leaves them real and points them at a local HTTP endpoint that speaks each service's
 * wire format, so the SDK's serialization, retries and error parsing run.
 * @public
 */
export type FakeAwsTransport = 'mock' | 'wire';

/** Options of {@link startFakeAws}. @public */
export interface StartFakeAwsOptions extends FakeAwsOptions {
  /** Default `mock`. */
  transport?: FakeAwsTransport;
  /** Wire: attempts per call, the SDK's retry strategy (default 3, as the SDK's). */
  maxAttempts?: number;
  /** Wire: the delay between attempts in ms (default 1, to keep tests fast). */
  retryDelayMs?: number;
  /** Wire: the clients' request timeout in ms (default 2000). */
  requestTimeoutMs?: number;
  /** Wire: decides per decoded call whether it is answered, or dropped before or after handling. */
  intercept?: Intercept<AwsWireCall>;
}

/**
 * The AWS fake started by {@link startFakeAws}: the same API in both transports.
 * @public
 */
export interface StartedFakeAws extends FakeAws {
  /** The transport it was started with. */
  transport: FakeAwsTransport;
  /** Wire: the endpoint the clients `access` builds are pointed at. */
  endpoint?: string;
  /**
   * Makes the next call(s) of a command answer after `ms`; on the wire beyond the clients'
   * request timeout this runs the SDK's timeout path. The late call is still handled.
   */
  delay(
    command: string,
    ms: number,
    options?: { times?: number | 'always' },
  ): void;
  /** Restores the mocks and, on the wire, closes the endpoint. */
  stop(): Promise<void>;
}

/**
 * Starts the AWS fake of {@link fakeAws} over a transport. With `wire`, `access` gives real SDK
 * clients with an endpoint override to a local server that answers S3 in REST-XML, RDS and
 * ElastiCache in awsQuery and EC2 in ec2Query, decoded and encoded from the SDK's own operation
 * schemas, and hands every decoded call to the same stateful handlers as `mock`.
 * @public
 */
export async function startFakeAws(
  options: StartFakeAwsOptions = {},
): Promise<StartedFakeAws> {
  const {
    transport = 'mock',
    maxAttempts = 3,
    retryDelayMs = 1,
    requestTimeoutMs = 2000,
    intercept,
    ...fakeOptions
  } = options;
  if (transport === 'mock') {
    const fake = startedFake(fakeOptions);
    return { ...fake, transport, stop: async () => fake.restore() };
  }
  const wire = await startAwsWire({ intercept });
  const requestHandler = new NodeHttpHandler({
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
    connectionTimeout: requestTimeoutMs,
  });
  const fake = startedFake(fakeOptions, {
    mockTarget: def => wire.mockTarget(def),
    clientConfig: () => ({
      endpoint: wire.endpoint,
      forcePathStyle: true,
      requestHandler,
      maxAttempts,
      retryStrategy: new ConfiguredRetryStrategy(maxAttempts, retryDelayMs),
    }),
  });
  return {
    ...fake,
    transport,
    endpoint: wire.endpoint,
    stop: async () => {
      fake.restore();
      requestHandler.destroy();
      await wire.close();
    },
  };
}
