import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { MAX_SECRET_BYTES } from '@golden-path/plugin-golden-path-common';
import { createSecretSizeGuard, secretProblems } from './secretSizeGuard';

const VALUE = 'value-that-must-never-be-quoted.';

describe('secretProblems', () => {
  it('accepts absent secrets and values up to the limit in UTF-8 bytes', () => {
    expect(secretProblems(undefined)).toEqual([]);
    expect(secretProblems(null)).toEqual([]);
    expect(secretProblems({})).toEqual([]);
    expect(secretProblems({ a: 'x'.repeat(MAX_SECRET_BYTES) })).toEqual([]);
    // 4096 two-byte characters are exactly the limit; one more is over it.
    expect(secretProblems({ a: 'é'.repeat(4096) })).toEqual([]);
    expect(secretProblems({ a: 'é'.repeat(4097) })).toEqual([
      'secret "a" is 8194 bytes; the limit is 8192 bytes (UTF-8) per secret',
    ]);
  });

  it('names keys, sizes and kinds, never values', () => {
    const problems = secretProblems({
      big: VALUE.repeat(1000),
      nested: { x: VALUE },
      list: [VALUE],
      nothing: null,
      count: 3,
    });
    expect(problems).toEqual([
      'secret "big" is 32000 bytes; the limit is 8192 bytes (UTF-8) per secret',
      'secret "nested" must be a string (got object)',
      'secret "list" must be a string (got an array)',
      'secret "nothing" must be a string (got null)',
      'secret "count" must be a string (got number)',
    ]);
    expect(problems.join('\n')).not.toContain('never-be-quoted');
  });

  it('bounds the secrets together and their number, and refuses a secrets field that is not an object', () => {
    const nine = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`s${i}`, 'x'.repeat(8000)]),
    );
    expect(secretProblems(nine)).toEqual([
      'the secrets together are 72000 bytes; the limit is 65536 bytes',
    ]);
    const many = Object.fromEntries(
      Array.from({ length: 101 }, (_, i) => [`s${i}`, 'x']),
    );
    expect(secretProblems(many)).toEqual([
      '101 secrets were sent; at most 100 are accepted',
    ]);
    expect(secretProblems(VALUE)).toEqual([
      'secrets must be an object mapping names to string values (got string)',
    ]);
    expect(secretProblems([VALUE])).toEqual([
      'secrets must be an object mapping names to string values (got an array)',
    ]);
  });

  it('cuts an absurdly long key short in the message', () => {
    const [problem] = secretProblems({ ['k'.repeat(10_000)]: 42 });
    expect(problem.length).toBeLessThan(200);
  });
});

describe('createSecretSizeGuard', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /**
   * A stand-in scaffolder plugin (its router parses JSON as the real one does) and a module that
   * mounts the guard as the golden-path module does, on the real httpRouter service with Backstage's
   * error handler. The plugin is listed first: modules still initialise, and mount, before it.
   */
  async function app() {
    const seen: Array<{ path: string; body: unknown }> = [];
    const scaffolder = createBackendPlugin({
      pluginId: 'scaffolder',
      register(env) {
        env.registerInit({
          deps: { http: coreServices.httpRouter },
          async init({ http }) {
            const router = express.Router();
            router.use(express.json({ limit: '10MB' }));
            router.use((req, res) => {
              seen.push({ path: req.path, body: req.body });
              res.status(299).json({ ok: true });
            });
            http.use(router);
          },
        });
      },
    });
    const door = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'door-test',
      register(env) {
        env.registerInit({
          deps: { http: coreServices.httpRouter },
          async init({ http }) {
            http.use(createSecretSizeGuard());
          },
        });
      },
    });
    const backend = await startTestBackend({ features: [scaffolder, door] });
    stops.push(() => backend.stop());
    return { root: backend.server, seen };
  }

  it.each(['/v2/tasks', '/v2/dry-run', '/v2/tasks/abc/retry'])(
    'refuses POST %s with an oversized secret: 400, rule, key, size, limit and fix, no value, no stack',
    async route => {
      const { root, seen } = await app();
      const res = await request(root)
        .post(`/api/scaffolder${route}`)
        .send({ values: {}, secrets: { secretValue: VALUE.repeat(1280) } });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toBe(
        'Refused by Golden Path guardrails (GP-GH-SECRET-SIZE):\n' +
          '[GP-GH-SECRET-SIZE] secret "secretValue" is 40960 bytes; the limit is 8192 bytes (UTF-8) per secret. ' +
          'Fix: provide a value of at most 8,192 bytes; store larger material (a key file, a certificate bundle) ' +
          'in a secrets manager and pass a reference, or commit it encrypted and store only its passphrase as the secret.',
      );
      expect(JSON.stringify(res.body)).not.toContain('never-be-quoted');
      expect(res.body.error.stack ?? '').not.toMatch(/\n\s+at /);
      expect(seen).toEqual([]);
    },
  );

  it('passes everything else through untouched, with the body parsed once', async () => {
    const { root, seen } = await app();
    const body = { values: { a: 1 }, secrets: { secretValue: VALUE } };
    const api = '/api/scaffolder';
    await request(root).post(`${api}/v2/tasks`).send(body).expect(299);
    await request(root)
      .post(`${api}/v2/dry-run`)
      .send({ template: {} })
      .expect(299);
    await request(root)
      .post(`${api}/v2/autocomplete/github/repos`)
      .send({ secrets: { a: VALUE.repeat(1000) } })
      .expect(299);
    await request(root).get(`${api}/v2/tasks`).expect(299);
    await request(root)
      .put(`${api}/v2/tasks`)
      .send({ secrets: 42 })
      .expect(299);
    expect(seen.map(s => s.path)).toEqual([
      '/v2/tasks',
      '/v2/dry-run',
      '/v2/autocomplete/github/repos',
      '/v2/tasks',
      '/v2/tasks',
    ]);
    expect(seen[0].body).toEqual(body);
  });

  it('answers a body that is not JSON without echoing it', async () => {
    const { root, seen } = await app();
    const res = await request(root)
      .post('/api/scaffolder/v2/dry-run')
      .set('Content-Type', 'application/json')
      .send(`{"secrets": {"a": "${VALUE}"}, oops`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^The request body is not valid JSON/),
    });
    expect(JSON.stringify(res.body)).not.toContain('never-be-quoted');
    expect(seen).toEqual([]);
  });
});
