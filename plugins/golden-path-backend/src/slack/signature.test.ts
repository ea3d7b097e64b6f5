import { createHmac } from 'node:crypto';
import {
  SLACK_SIGNATURE_WINDOW_SECONDS,
  slackSignature,
  verifySlackSignature,
} from './signature';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_800_000_000;
// Slack's own example body (api.slack.com/authentication/verifying-requests-from-slack).
const BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);

const check = (
  overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {},
) =>
  verifySlackSignature({
    signingSecret: SECRET,
    timestamp: String(NOW),
    signature: slackSignature(SECRET, NOW, BODY),
    rawBody: BODY,
    nowSeconds: NOW,
    ...overrides,
  });

describe('Slack v0 request signatures', () => {
  it('computes v0= HMAC-SHA256 of v0:timestamp:body', () => {
    const expected = `v0=${createHmac('sha256', SECRET)
      .update(`v0:${NOW}:${BODY.toString('utf8')}`)
      .digest('hex')}`;
    expect(slackSignature(SECRET, NOW, BODY)).toBe(expected);
    expect(check()).toEqual({ ok: true, timestamp: NOW, signature: expected });
  });

  it('refuses missing and malformed headers', () => {
    expect(check({ signature: undefined })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(check({ timestamp: undefined })).toEqual({
      ok: false,
      reason: 'missing',
    });
    for (const signature of [
      `v1=${'a'.repeat(64)}`,
      `v0=${'A'.repeat(64)}`,
      `v0=${'a'.repeat(63)}`,
      'v0=',
    ]) {
      expect(check({ signature })).toEqual({ ok: false, reason: 'malformed' });
    }
    for (const timestamp of ['', '1.5', '-1', '1e9', ' 1800000000']) {
      expect(check({ timestamp: timestamp || ' ' })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('refuses a wrong secret, and any change to the body or timestamp', () => {
    expect(
      check({ signature: slackSignature('another-secret', NOW, BODY) }),
    ).toEqual({ ok: false, reason: 'mismatch' });
    const tampered = Buffer.from(BODY);
    tampered[tampered.length - 1] ^= 1;
    expect(check({ rawBody: tampered })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    // The same form, encoded differently: a signature covers bytes, not meaning.
    const reencoded = Buffer.from(
      BODY.toString('utf8').replace('%2Fwebhook', '/webhook'),
    );
    expect(check({ rawBody: reencoded })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check({ timestamp: String(NOW - 1), nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('accepts a timestamp within 5 minutes either way and refuses one outside', () => {
    const at = (ts: number) =>
      check({
        timestamp: String(ts),
        signature: slackSignature(SECRET, ts, BODY),
      });
    expect(at(NOW - SLACK_SIGNATURE_WINDOW_SECONDS).ok).toBe(true);
    expect(at(NOW + SLACK_SIGNATURE_WINDOW_SECONDS).ok).toBe(true);
    expect(at(NOW - SLACK_SIGNATURE_WINDOW_SECONDS - 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(at(NOW + SLACK_SIGNATURE_WINDOW_SECONDS + 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});
