import { isThrottlingError } from '@smithy/core/retry';
import type { FakeAwsTransport } from '../awsFake';

/** Both transports, for `describe.each` in the AWS action tests. */
export const TRANSPORTS: readonly FakeAwsTransport[] = ['mock', 'wire'];

/** How many attempts the wire transport's clients make per call (the SDK's default, as `startFakeAws` sets). */
export const WIRE_ATTEMPTS = 3;

/**
 * S3 commands sent as HEAD: their error responses have no body, so the SDK sees only the status
 * and never the error code (Amazon S3 API reference, HeadBucket: "the response ... does not
 * include a body", a generic 400/403/404 instead).
 */
const BODILESS = ['HeadBucket'];

/**
 * How many calls an injected error must fail for the step to see it. Through the mock, one.
 * On the wire the SDK's own retry strategy retries throttling errors (its classifier decides), so
 * a throttle that is to reach the action fails every attempt, unless the command is a HEAD whose
 * error code never reaches the SDK.
 */
export function attemptsToFail(
  transport: FakeAwsTransport,
  error: string,
  command?: string,
): number {
  return transport === 'wire' &&
    !BODILESS.includes(command ?? '') &&
    isThrottlingError({ name: error, message: error, $metadata: {} })
    ? WIRE_ATTEMPTS
    : 1;
}
