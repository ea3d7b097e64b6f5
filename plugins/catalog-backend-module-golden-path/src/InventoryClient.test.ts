import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InventoryClient } from './InventoryClient';

/** A stand-in golden-path backend serving `total` active resources, recording each request. */
async function serve(total: number, status = 200) {
  const requests: Array<{ url: string; auth?: string }> = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url!, auth: req.headers.authorization });
    const q = new URL(req.url!, 'http://x').searchParams;
    const offset = Number(q.get('offset'));
    const limit = Number(q.get('limit'));
    const items = Array.from(
      { length: Math.max(0, Math.min(limit, total - offset)) },
      (_, i) => ({ name: `r-${offset + i}` }),
    );
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        status === 200
          ? { items, totalCount: total, offset, limit }
          : { error: { name: 'Error', message: 'down' } },
      ),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/golden-path`;
  const client = new InventoryClient({
    discovery: mockServices.discovery.mock({ getBaseUrl: async () => base }),
    auth: mockServices.auth({ pluginId: 'catalog' }),
  });
  return { client, requests, close: () => new Promise(r => server.close(r)) };
}

describe('InventoryClient', () => {
  it('reads every page of active resources with the catalog’s service token', async () => {
    const s = await serve(1203);
    try {
      const items = await s.client.activeItems();
      expect(items).toHaveLength(1203);
      expect(new Set(items.map(i => i.name)).size).toBe(1203);
      expect(s.requests.map(r => r.url)).toEqual(
        [0, 500, 1000].map(
          o => `/api/golden-path/resources?status=active&limit=500&offset=${o}`,
        ),
      );
      expect(s.requests[0].auth).toMatch(/^Bearer .+/);
    } finally {
      await s.close();
    }
  });

  it('fails loudly when the inventory cannot be read, so the catalog keeps its entities', async () => {
    const s = await serve(10, 503);
    try {
      await expect(s.client.activeItems()).rejects.toThrow(/503/);
    } finally {
      await s.close();
    }
  });
});
