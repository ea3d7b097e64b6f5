import { mockServices } from '@backstage/backend-test-utils';
import {
  isGuardrailViolation,
  violationOf,
} from '@golden-path/plugin-golden-path-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { NotAllowedError } from '@backstage/errors';
import type {
  GoldenPathRecordsDoor,
  RecordWriteAnswer,
} from '@golden-path/plugin-golden-path-node';
import { createLedgerClient } from './ledger';

/** An in-process door as the golden-path backend opens it, answering with `answer`. */
function inProcessDoor(
  open: boolean,
  answer: () => Promise<RecordWriteAnswer>,
): GoldenPathRecordsDoor & { writes: unknown[][] } {
  const writes: unknown[][] = [];
  return {
    writes,
    isOpen: () => open,
    write: async (...args) => {
      writes.push(args);
      return answer();
    },
    open: () => undefined,
  };
}

/** A stand-in golden-path backend answering `/budget` and `/records`, recording each request. */
async function serve(
  answer: (path: string) => { status: number; body: unknown } | 'drop',
  door?: GoldenPathRecordsDoor,
) {
  const seen: Array<{
    method: string;
    url: string;
    auth?: string;
    body: string;
  }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        body,
      });
      const a = answer(new URL(req.url!, 'http://x').pathname);
      // The connection closes before any answer, as a dropped keep-alive connection does.
      if (a === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/golden-path`;
  const ledger = createLedgerClient({
    discovery: mockServices.discovery.mock({ getBaseUrl: async () => base }),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    door,
  });
  return { ledger, seen, close: () => new Promise(r => server.close(r)) };
}

const binding = {
  taskId: 't',
  stepId: 's',
  actionId: 'golden-path:aws:s3:create',
};
const record = {
  state: 'requested' as const,
  kind: 's3-bucket' as const,
  name: 'b',
  owner: 'group:default/payments',
  environment: 'dev',
  monthlyCost: 1,
};

describe('createLedgerClient', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  afterEach(() => s?.close());

  it('reads each owner’s spend once, with the scaffolder’s service token', async () => {
    s = await serve(() => ({ status: 200, body: { monthlySpend: 42 } }));
    expect(
      await s.ledger.monthlySpend([
        'payments',
        'group:default/payments',
        'checkout',
      ]),
    ).toEqual({ 'group:default/payments': 42, 'group:default/checkout': 42 });
    expect(s.seen.map(r => r.url)).toEqual([
      '/api/golden-path/budget?owner=group%3Adefault%2Fpayments',
      '/api/golden-path/budget?owner=group%3Adefault%2Fcheckout',
    ]);
    expect(s.seen.every(r => /^Bearer .+/.test(r.auth ?? ''))).toBe(true);
  });

  it('refuses rather than guessing when the spend cannot be read', async () => {
    s = await serve(() => ({
      status: 500,
      body: { error: { name: 'Error', message: 'db down' } },
    }));
    await expect(s.ledger.monthlySpend(['payments'])).rejects.toThrow(
      'Could not read the monthly spend of group:default/payments from the golden-path backend (HTTP 500); refusing rather than guessing',
    );
  });

  it('sends a spend read once more when its connection dropped before an answer, and a record never', async () => {
    let budgetReads = 0;
    s = await serve(path => {
      if (path.endsWith('/records')) return 'drop';
      if (budgetReads++ === 0) return 'drop';
      return { status: 200, body: { monthlySpend: 7 } };
    });
    expect(await s.ledger.monthlySpend(['payments'])).toEqual({
      'group:default/payments': 7,
    });
    expect(s.seen.map(r => r.method)).toEqual(['GET', 'GET']);
    // A write may have reached the ledger before the connection dropped: it is not sent twice.
    await expect(s.ledger.write(binding, record)).rejects.toThrow();
    expect(s.seen.map(r => r.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('gives up on a spend read whose connection drops twice', async () => {
    s = await serve(() => 'drop');
    await expect(s.ledger.monthlySpend(['payments'])).rejects.toThrow();
    expect(s.seen.map(r => r.method)).toEqual(['GET', 'GET']);
  });

  it('posts the record bound to its step, with the service token', async () => {
    s = await serve(() => ({ status: 200, body: { item: {} } }));
    await s.ledger.write(binding, record);
    expect(s.seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/golden-path/records',
      auth: expect.stringMatching(/^Bearer .+/),
    });
    expect(JSON.parse(s.seen[0].body)).toEqual({ ...binding, record });
  });

  it('turns a budget refusal into a guardrail violation', async () => {
    const violation = violationOf('GP-BUDGET-TEAM-MONTHLY', {
      kind: 's3-bucket',
      resource: 'b',
      field: 'cost',
      message: 'over budget',
    });
    s = await serve(() => ({
      status: 409,
      body: {
        error: { name: 'GuardrailViolationError', message: 'Refused' },
        violations: [violation],
      },
    }));
    const error = await s.ledger.write(binding, record).catch(e => e);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.violations).toEqual([violation]);
  });

  it('fails, creating nothing, when the record is not accepted', async () => {
    s = await serve(() => ({
      status: 403,
      body: { error: { name: 'NotAllowedError', message: 'no' } },
    }));
    await expect(s.ledger.write(binding, record)).rejects.toThrow(
      'The golden-path backend did not accept the requested record of s3-bucket b (HTTP 403); nothing was created',
    );
  });

  describe('with the golden-path backend in this process', () => {
    const violation = violationOf('GP-BUDGET-TEAM-MONTHLY', {
      kind: 's3-bucket',
      resource: 'b',
      field: 'cost',
      message: 'over budget',
    });
    const noHttp = () => ({ status: 500, body: {} });

    it('writes through the open door, with no HTTP request', async () => {
      const d = inProcessDoor(true, async () => ({ item: undefined }));
      s = await serve(noHttp, d);
      await s.ledger.write(binding, record);
      expect(d.writes).toEqual([[binding, record]]);
      expect(s.seen).toEqual([]);
    });

    it('turns the door’s budget refusal into a guardrail violation', async () => {
      s = await serve(
        noHttp,
        inProcessDoor(true, async () => ({ violations: [violation] })),
      );
      const error = await s.ledger.write(binding, record).catch(e => e);
      expect(isGuardrailViolation(error)).toBe(true);
      expect(error.violations).toEqual([violation]);
    });

    it('fails, creating nothing, when the door refuses the write', async () => {
      s = await serve(
        noHttp,
        inProcessDoor(true, async () => {
          throw new NotAllowedError('Task t is not running');
        }),
      );
      await expect(s.ledger.write(binding, record)).rejects.toThrow(
        'The golden-path backend did not accept the requested record of s3-bucket b (NotAllowedError: Task t is not running); nothing was created',
      );
    });

    it('uses the HTTP door while the in-process one is closed', async () => {
      const d = inProcessDoor(false, async () => ({ item: undefined }));
      s = await serve(() => ({ status: 200, body: { item: {} } }), d);
      await s.ledger.write(binding, record);
      expect(d.writes).toEqual([]);
      expect(s.seen.map(r => r.url)).toEqual(['/api/golden-path/records']);
    });
  });
});
