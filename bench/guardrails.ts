/*
 * Guardrail evaluation latency: p50/p99 per request over N mixed requests (valid and refused,
 * every kind, dev and prod). Usage: node bench/run.cjs guardrails [N]   (default 100000)
 */
import {
  evaluate,
  resolvePolicy,
} from '@golden-path/plugin-golden-path-common';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const N = Number(process.argv[2] ?? 100_000);
const policy = resolvePolicy(
  YAML.parse(
    fs.readFileSync(path.join(__dirname, '..', 'app-config.yaml'), 'utf8'),
  ).goldenPath,
);
const context = {
  requester: {
    userRef: 'user:default/jane',
    groups: ['group:default/payments'],
  },
  teamMonthlySpend: { 'group:default/payments': 120 },
};
const owner = 'group:default/payments';

const templates: Array<(i: number) => unknown> = [
  i => ({
    kind: 's3-bucket',
    name: `payments-bucket-${i}`,
    environment: 'dev',
    owner,
  }),
  i => ({
    kind: 's3-bucket',
    name: `Bad.Bucket.${i}`,
    environment: 'dev',
    owner,
    publicAccessBlock: { blockPublicAcls: false },
  }),
  i => ({
    kind: 'rds-instance',
    name: `db-${i}`,
    environment: 'dev',
    owner,
    instanceClass: 'db.t4g.small',
    allocatedStorageGb: 50,
  }),
  i => ({
    kind: 'rds-instance',
    name: `db-${i}`,
    environment: 'prod',
    owner,
    tags: { 'cost-center': 'cc' },
    publiclyAccessible: true,
    port: 5432,
  }),
  i => ({
    kind: 'elasticache-redis',
    name: `cache-${i}`,
    environment: 'prod',
    owner,
    tags: { 'cost-center': 'cc' },
  }),
  i => ({
    kind: 'github-repo',
    name: `service-${i}`,
    environment: 'dev',
    owner,
    visibility: i % 2 ? 'private' : 'public',
  }),
  i => ({
    kind: 'github-secret',
    name: `SECRET_${i}`,
    environment: 'dev',
    owner,
    repo: 'svc',
    valueBytes: 64,
  }),
  i => ({
    kind: 'github-secret',
    name: `github_${i}`,
    environment: 'nope',
    owner: 'group:default/checkout',
    repo: '../x',
  }),
];

const requests = Array.from({ length: N }, (_, i) =>
  templates[i % templates.length](i),
);
// Warm up the JIT so the numbers describe steady state.
for (let i = 0; i < 2000; i++)
  evaluate(requests[i % requests.length], policy, context);

const times = new Float64Array(N);
let refused = 0;
const started = performance.now();
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const result = evaluate(requests[i], policy, context);
  times[i] = performance.now() - t0;
  if (!result.allowed) refused++;
}
const total = performance.now() - started;
times.sort();
const pct = (p: number) =>
  times[Math.min(N - 1, Math.floor((p / 100) * N))] * 1000;
console.log(
  `guardrails: ${N} requests (${refused} refused) in ${total.toFixed(0)} ms`,
);
console.log(
  `  per request: p50 ${pct(50).toFixed(1)} µs   p99 ${pct(99).toFixed(
    1,
  )} µs   max ${(times[N - 1] * 1000).toFixed(0)} µs   (goal p99 < 1000 µs)`,
);
console.log(
  `  throughput: ${Math.round(N / (total / 1000))} requests/s on one core`,
);
