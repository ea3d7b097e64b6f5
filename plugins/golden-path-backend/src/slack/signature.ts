import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's window: a request whose timestamp is further than this from now is refused. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** Why a request was refused (never the expected signature). */
export type SlackSignatureRefusal =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'mismatch';

export type SlackSignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: SlackSignatureRefusal };

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` under the signing secret. */
export function slackSignature(
  signingSecret: string,
  timestamp: string | number,
  rawBody: Buffer,
): string {
  return `v0=${createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:`)
    .update(rawBody)
    .digest('hex')}`;
}

/**
 * Slack's v0 request signing (api.slack.com/authentication/verifying-requests-from-slack): the
 * timestamp must be within {@link SLACK_SIGNATURE_WINDOW_SECONDS} of now (either way), and the
 * signature must be the HMAC of the exact raw bytes received, compared in constant time.
 */
export function verifySlackSignature(options: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  nowSeconds: number;
}): SlackSignatureCheck {
  const { timestamp, signature, rawBody, nowSeconds } = options;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > SLACK_SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  const expected = Buffer.from(
    slackSignature(options.signingSecret, timestamp, rawBody),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true, timestamp: ts, signature };
}
