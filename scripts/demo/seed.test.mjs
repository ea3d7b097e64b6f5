// `npm run demo`'s seeding: a local database only, marked rows, and a re-seed replaces them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTarget } from '../demo.mjs';
import { DEMO_USER, seedDemo } from './seed.mjs';

const require = createRequire(import.meta.url);

test('the demo refuses databases that are not on this machine', () => {
  assert.throws(
    () =>
      demoTarget(['--database', 'postgres://admin@db.prod.internal/backstage']),
    /Refusing to put synthetic data into db\.prod\.internal/,
  );
  assert.throws(
    () => demoTarget(['--database', 'mysql://localhost/backstage']),
    /Refusing mysql/,
  );
  assert.equal(
    demoTarget(['--database', 'postgres://postgres@127.0.0.1:5432/x']).client,
    'pg',
  );
  assert.match(
    demoTarget([], '/tmp/d').connection.filename,
    /^\/tmp\/d\/golden-path\.sqlite$/,
  );
});

test('a year of marked synthetic runs and tickets; seeding again replaces them and keeps the rest', async () => {
  const filename = join(mkdtempSync(join(tmpdir(), 'gp-demo-')), 'gp.sqlite');
  const target = { client: 'better-sqlite3', connection: { filename } };
  const now = Date.parse('2026-12-01T12:00:00Z');
  const first = await seedDemo(target, now);
  const knex = require('knex')({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  try {
    // A real run and ticket next to the demo's survive a re-seed.
    await knex('golden_path_runs').insert({
      task_id: 'real-task',
      template_ref: 'template:default/s3-bucket',
      ticket_type: 'create-s3-bucket',
      owner: 'group:default/payments',
      created_by: 'user:default/jane',
      outcome: 'completed',
      created_at: now,
      queue_seconds: 1,
      ops_seconds: 1,
      baseline_source: 'annotations',
      denied_rules: '',
    });
    assert.deepEqual(await seedDemo(target, now), first);
    const runs = await knex('golden_path_runs').select();
    assert.equal(runs.length, first.runs + 1);
    assert.ok(
      runs
        .filter(r => r.task_id !== 'real-task')
        .every(
          r => r.created_by === DEMO_USER && r.task_id.startsWith('demo-run-'),
        ),
    );
    const tickets = await knex('golden_path_tickets').select();
    assert.equal(tickets.length, first.tickets);
    assert.ok(tickets.every(t => /^DEMO(-|RITM)/.test(t.external_id)));
    const year = 366 * 86400_000;
    assert.ok(
      tickets.every(t => t.created_at > now - year && t.created_at < now),
    );
    // Types without a path have tickets; types with one have fewer after it went live.
    const types = new Set(tickets.map(t => t.ticket_type));
    for (const type of ['dns-record', 'provision-database', 'add-ci-secret'])
      assert.ok(types.has(type), type);
  } finally {
    await knex.destroy();
  }
});
