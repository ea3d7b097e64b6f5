/* eslint-disable jest/no-standalone-expect -- the two-pool test runs on PostgreSQL only */
import knexFactory, { Knex } from 'knex';
import { migratedClient } from '../service/ResourceStore';
import { ReplayGuard, SLACK_REQUESTS_TABLE } from './ReplayGuard';
import { SLACK_SIGNATURE_WINDOW_SECONDS } from './signature';

const PG_URL = process.env.GOLDEN_PATH_TEST_PG_URL;
const NOW = 1_800_000_000;
const sig = (n: number) => `v0=${n.toString(16).padStart(64, '0')}`;

const migrate = (knex: Knex) =>
  migratedClient({ getClient: async () => knex } as any);

describe('ReplayGuard on SQLite', () => {
  let knex: Knex;
  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await migrate(knex);
  });
  afterEach(() => knex.destroy());

  it('serves a signature once and refuses it after that', async () => {
    const guard = new ReplayGuard(knex);
    expect(await guard.firstSeen(sig(1), NOW, NOW)).toBe(true);
    expect(await guard.firstSeen(sig(1), NOW, NOW + 10)).toBe(false);
    expect(await guard.firstSeen(sig(2), NOW, NOW)).toBe(true);
    // A second replica has its own guard on the same database.
    expect(await new ReplayGuard(knex).firstSeen(sig(2), NOW, NOW)).toBe(false);
  });

  it('stores a hash of the signature, never the signature itself', async () => {
    await new ReplayGuard(knex).firstSeen(sig(3), NOW, NOW);
    const rows = await knex(SLACK_REQUESTS_TABLE).select();
    expect(rows).toHaveLength(1);
    expect(rows[0].signature_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(sig(3).slice(3));
  });

  it('forgets requests once their timestamp is outside the window (with a margin)', async () => {
    const guard = new ReplayGuard(knex);
    await guard.firstSeen(sig(4), NOW, NOW);
    await guard.firstSeen(sig(5), NOW + 100, NOW + 100);
    await guard.firstSeen(
      sig(6),
      NOW + 2 * SLACK_SIGNATURE_WINDOW_SECONDS + 50,
      NOW + 2 * SLACK_SIGNATURE_WINDOW_SECONDS + 50,
    );
    const left = await knex(SLACK_REQUESTS_TABLE).pluck('request_ts');
    expect(left.map(Number).sort()).toEqual([
      NOW + 100,
      NOW + 2 * SLACK_SIGNATURE_WINDOW_SECONDS + 50,
    ]);
  });
});

const onPostgres = PG_URL ? describe : describe.skip;

onPostgres('ReplayGuard on PostgreSQL, two replicas', () => {
  const database = `gp_slack_replay_${Date.now().toString(36)}`;
  let admin: Knex;
  const pools: Knex[] = [];
  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: PG_URL });
    await admin.raw(`CREATE DATABASE ${database}`);
    const url = new URL(PG_URL!);
    url.pathname = `/${database}`;
    for (let i = 0; i < 2; i++)
      pools.push(knexFactory({ client: 'pg', connection: url.toString() }));
    await migrate(pools[0]);
  });
  afterAll(async () => {
    await Promise.all(pools.map(p => p.destroy()));
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    await admin.destroy();
  });

  it('lets exactly one of two replicas serve the same request at the same moment', async () => {
    for (let n = 100; n < 120; n++) {
      const [a, b] = await Promise.all(
        pools.map(p => new ReplayGuard(p).firstSeen(sig(n), NOW, NOW)),
      );
      expect([a, b].filter(Boolean)).toHaveLength(1);
    }
  });
});
